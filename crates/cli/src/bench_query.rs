//! `vedetta bench-query`: latency of typical store queries (p50, p99) on an existing database.
//!
//! The queries are those an analyst and the API run most: the newest page of events, an actor,
//! a dyad, a type in a month, a full-text search, story events, a document with its
//! annotations and the counts behind pagination. Each runs `runs` times after one warm-up;
//! the report gives the median and 99th percentile in milliseconds.

use crate::bench::peak_rss_mib;
use anyhow::{Context, Result};
use serde_json::json;
use std::time::Instant;
use vedetta_model::PartialDate;
use vedetta_store::{EventFilter, Store};

/// A query run against a store, returning how many rows it gave.
type QueryFn = Box<dyn Fn(&dyn Store) -> Result<usize>>;

/// One named query.
struct Case {
    name: &'static str,
    run: QueryFn,
}

fn page(f: EventFilter) -> EventFilter {
    EventFilter {
        limit: Some(50),
        ..f
    }
}

/// The typical queries, with values taken from the store itself (its most mentioned actor
/// and a document id), so the benchmark runs on any database.
fn cases(store: &dyn Store) -> Result<Vec<Case>> {
    let top = store.actors("", 2)?;
    let a = top
        .first()
        .map(|x| x.code.clone())
        .unwrap_or_else(|| "USA".into());
    let b = top
        .get(1)
        .map(|x| x.code.clone())
        .unwrap_or_else(|| "RUS".into());
    let first = store.events(&page(EventFilter::default()))?;
    let doc_id = first.first().map(|e| e.doc_id.clone()).unwrap_or_default();
    let month = first
        .first()
        .and_then(|e| e.date.as_deref())
        .and_then(|d| PartialDate::parse(d.get(..7)?).ok());
    let word = first
        .first()
        .and_then(|e| {
            e.trigger
                .split_whitespace()
                .max_by_key(|w| w.len())
                .map(str::to_string)
        })
        .unwrap_or_else(|| "accordo".into());

    let mut v: Vec<Case> = Vec::new();
    v.push(Case {
        name: "first page of all events",
        run: Box::new(|s| Ok(s.events(&page(EventFilter::default()))?.len())),
    });
    let a2 = a.clone();
    v.push(Case {
        name: "actor (page)",
        run: Box::new(move |s| {
            Ok(s.events(&page(EventFilter {
                actor: Some(a2.clone()),
                ..Default::default()
            }))?
            .len())
        }),
    });
    let (a3, b3) = (a.clone(), b.clone());
    v.push(Case {
        name: "dyad (page)",
        run: Box::new(move |s| {
            Ok(s.events(&page(EventFilter {
                actor: Some(a3.clone()),
                recipient: Some(b3.clone()),
                ..Default::default()
            }))?
            .len())
        }),
    });
    let a4 = a.clone();
    v.push(Case {
        name: "count for an actor",
        run: Box::new(move |s| {
            Ok(s.count_events(&EventFilter {
                actor: Some(a4.clone()),
                ..Default::default()
            })? as usize)
        }),
    });
    v.push(Case {
        name: "type in a month (page)",
        run: Box::new(move |s| {
            Ok(s.events(&page(EventFilter {
                event_type: Some("AGREE".into()),
                from: month,
                to: month,
                ..Default::default()
            }))?
            .len())
        }),
    });
    v.push(Case {
        name: "full text (page)",
        run: Box::new(move |s| {
            Ok(s.events(&page(EventFilter {
                q: Some(word.clone()),
                ..Default::default()
            }))?
            .len())
        }),
    });
    v.push(Case {
        name: "stories in a month (top 50)",
        run: Box::new(move |s| {
            Ok(s.stories(&page(EventFilter {
                from: month,
                to: month,
                ..Default::default()
            }))?
            .len())
        }),
    });
    v.push(Case {
        name: "document with annotations",
        run: Box::new(move |s| Ok(s.document(&doc_id)?.map_or(0, |d| d.events.len()))),
    });
    v.push(Case {
        name: "actors search",
        run: Box::new(|s| Ok(s.actors("RU", 20)?.len())),
    });
    Ok(v)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Runs every case `runs` times and prints a table (or JSON).
pub fn run(store: &dyn Store, runs: usize, json_out: bool) -> Result<i32> {
    let stats = store.stats().context("reading the store")?;
    let runs = runs.max(1);
    let mut rows = Vec::new();
    for c in cases(store)? {
        let n = (c.run)(store).with_context(|| c.name)?; // warm-up
        let mut ms = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            (c.run)(store)?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        ms.sort_by(|a, b| a.total_cmp(b));
        rows.push(json!({
            "query": c.name, "rows": n, "runs": runs,
            "p50_ms": percentile(&ms, 0.5), "p99_ms": percentile(&ms, 0.99),
        }));
    }
    if json_out {
        let out = json!({"documents": stats.documents, "events": stats.events,
                         "queries": rows, "peak_rss_mib": peak_rss_mib()});
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        outln!(
            "{} documents, {} events; {runs} runs per query",
            stats.documents,
            stats.events
        );
        outln!("| query | rows | p50 ms | p99 ms |");
        outln!("|---|---:|---:|---:|");
        for r in &rows {
            outln!(
                "| {} | {} | {:.2} | {:.2} |",
                r["query"].as_str().unwrap_or(""),
                r["rows"],
                r["p50_ms"].as_f64().unwrap_or(0.0),
                r["p99_ms"].as_f64().unwrap_or(0.0)
            );
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 51.0);
        assert_eq!(percentile(&v, 0.99), 99.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
        assert_eq!(percentile(&[3.0], 0.99), 3.0);
    }

    #[test]
    fn runs_on_an_empty_store() {
        let s = vedetta_store::SqliteStore::in_memory().unwrap();
        let cases = cases(&s).unwrap();
        assert_eq!(cases.len(), 9);
        for c in &cases {
            assert_eq!((c.run)(&s).unwrap(), 0, "{}", c.name);
        }
    }
}
