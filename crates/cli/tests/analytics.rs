//! End-to-end checks of `vedetta series` and `vedetta alerts` on a generated corpus: series
//! counts equal what `query` lists for the same filter, and every event an alert names exists.

mod common;
use common::{run, s, tmp};

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

/// One database for all the tests of this file: 2000 generated documents, seed 3.
fn db() -> &'static PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tmp("analytics");
        let input = dir.join("gen.jsonl");
        let (_, err, code) = run(&[
            "generate",
            "--docs",
            "2000",
            "--seed",
            "3",
            "--out",
            s(&input),
        ]);
        assert_eq!(code, 0, "{err}");
        let db = dir.join("v.db");
        let (_, err, code) = run(&["ingest", s(&input), "--db", s(&db)]);
        assert_eq!(code, 0, "{err}");
        db
    })
}

/// The events `query --json` lists for the filter arguments.
fn query(filter: &[&str]) -> Vec<Value> {
    let mut args = vec!["query", "--db", s(db()), "--json", "--limit", "10000000"];
    args.extend_from_slice(filter);
    let (out, err, code) = run(&args);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The series `series --json` prints for the arguments.
fn series(args: &[&str]) -> Value {
    let mut all = vec!["series", "--db", s(db()), "--json"];
    all.extend_from_slice(args);
    let (out, err, code) = run(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// Events per type.
fn per_type(events: &[Value]) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for e in events {
        *m.entry(e["event_type"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    m
}

/// Checks a series against the events `query` lists for the same filter: totals, types,
/// quads, and (for daily series) the count of every day.
fn check(series_args: &[&str], events: &[Value]) {
    let sr = series(series_args);
    let total = &sr["total"];
    assert_eq!(total["events"], events.len() as u64, "{series_args:?}");
    assert!(
        !events.is_empty(),
        "{series_args:?}: pick a filter with events"
    );
    let by_type: BTreeMap<String, u64> = serde_json::from_value(total["by_type"].clone()).unwrap();
    assert_eq!(by_type, per_type(events), "{series_args:?}");
    let conflict = events
        .iter()
        .filter(|e| matches!(e["quad"].as_u64(), Some(3 | 4)))
        .count() as u64;
    let q = &total["quad"];
    assert_eq!(
        q["verbal_conflict"].as_u64().unwrap() + q["material_conflict"].as_u64().unwrap(),
        conflict
    );
    // Buckets, imprecise periods and undated add up to the total.
    let sum = |list: &Value| -> u64 {
        list.as_array()
            .unwrap()
            .iter()
            .map(|b| b["events"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        sum(&sr["buckets"]) + sum(&sr["imprecise"]) + sr["undated"].as_u64().unwrap(),
        events.len() as u64
    );
    if sr["by"] == "day" {
        let mut days: HashMap<String, u64> = HashMap::new();
        for e in events.iter().filter(|e| e["date_precision"] == "day") {
            *days.entry(e["date"].as_str().unwrap().into()).or_insert(0) += 1;
        }
        let buckets = sr["buckets"].as_array().unwrap();
        for b in buckets {
            let label = b["label"].as_str().unwrap();
            assert_eq!(
                b["events"].as_u64().unwrap(),
                days.get(label).copied().unwrap_or(0),
                "{label}"
            );
        }
        // Contiguous days.
        for w in buckets.windows(2) {
            assert!(w[0]["label"].as_str() < w[1]["label"].as_str());
        }
    }
    // The score sum is the sum of the events' Goldstein scales.
    let scale: f64 = events.iter().filter_map(|e| e["scale"].as_f64()).sum();
    assert!((total["score_sum"].as_f64().unwrap() - scale).abs() < 1e-6);
}

#[test]
fn series_counts_equal_query_counts() {
    // A dyad, daily, asserted (the default).
    let events = query(&["--actor", "RUS", "--recipient", "UKR", "--aux", "asserted"]);
    check(&["--actor", "RUS", "--recipient", "UKR"], &events);
    // A country, weekly, every aux mode, a date range.
    let events = query(&["--country", "ITA", "--from", "2024-03", "--to", "2024-08"]);
    check(
        &[
            "--country",
            "ITA",
            "--by",
            "week",
            "--aux",
            "all",
            "--from",
            "2024-03",
            "--to",
            "2024-08",
        ],
        &events,
    );
    // An actor prefix, monthly, two aux modes (two queries).
    let mut events = query(&["--actor", "USA", "--aux", "asserted"]);
    events.extend(query(&["--actor", "USA", "--aux", "negation"]));
    check(
        &[
            "--actor",
            "usa",
            "--by",
            "month",
            "--aux",
            "asserted,negation",
        ],
        &events,
    );
    // A daily series with a range is zero-filled over the whole range.
    let sr = series(&[
        "--actor",
        "CHN",
        "--from",
        "2024-02-01",
        "--to",
        "2024-02-29",
    ]);
    assert_eq!(sr["buckets"].as_array().unwrap().len(), 29);
    let events = query(&[
        "--actor",
        "CHN",
        "--aux",
        "asserted",
        "--from",
        "2024-02-01",
        "--to",
        "2024-02-29",
    ]);
    check(
        &[
            "--actor",
            "CHN",
            "--from",
            "2024-02-01",
            "--to",
            "2024-02-29",
        ],
        &events,
    );
}

#[test]
fn series_table_and_bad_options() {
    let (out, err, code) = run(&["series", "--db", s(db()), "--actor", "RUS", "--by", "month"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("month "), "{out}");
    assert!(out.lines().any(|l| l.starts_with("total ")), "{out}");
    let (_, err, code) = run(&["series", "--db", s(db()), "--aux", "maybe"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown aux mode"), "{err}");
}

#[test]
fn alerts_run_and_name_existing_events() {
    // Every event of the store, by id.
    let mut all: HashMap<String, Value> = HashMap::new();
    for e in query(&[]) {
        all.insert(e["id"].as_str().unwrap().to_string(), e);
    }
    // Defaults: runs, whatever it finds.
    let (out, err, code) = run(&["alerts", "--db", s(db()), "--json"]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert!(r["as_of"].is_string(), "{r}");
    assert_eq!(r["baseline"]["days"], 90);
    // Low thresholds so that the small corpus gives alerts to check; both models, and a
    // given as-of day.
    for extra in [
        &["--model", "poisson"][..],
        &["--model", "nb"][..],
        &["--as-of", "2024-06-30", "--window", "14"][..],
    ] {
        let mut args = vec![
            "alerts",
            "--db",
            s(db()),
            "--json",
            "--min-events",
            "2",
            "--min-docs",
            "2",
            "--min-surprise",
            "0.5",
            "--limit",
            "0",
        ];
        args.extend_from_slice(extra);
        let (out, err, code) = run(&args);
        assert_eq!(code, 0, "{err}");
        let r: Value = serde_json::from_str(&out).unwrap();
        let alerts = r["alerts"].as_array().unwrap();
        assert!(!alerts.is_empty(), "{extra:?}: {r}");
        let (start, end) = (
            r["window"]["start"].as_str().unwrap(),
            r["window"]["end"].as_str().unwrap(),
        );
        let mut last = f64::INFINITY;
        for (i, a) in alerts.iter().enumerate() {
            assert_eq!(a["rank"], i as u64 + 1);
            let surprise = a["surprise"].as_f64().unwrap();
            assert!(surprise <= last && surprise >= 0.5);
            last = surprise;
            assert!(a["window_count"].as_u64().unwrap() >= 2);
            let listed = a["events"].as_array().unwrap();
            assert!(!listed.is_empty() && listed.len() <= 10);
            for e in listed {
                let id = e["id"].as_str().unwrap();
                let stored = all.get(id).unwrap_or_else(|| panic!("{id} is not stored"));
                assert_eq!(stored["doc_id"], e["doc_id"]);
                assert_eq!(stored["date"], e["date"]);
                assert_eq!(stored["event_type"], e["event_type"]);
                let date = e["date"].as_str().unwrap();
                assert!(
                    start <= date && date <= end,
                    "{date} outside {start}..{end}"
                );
                // The event belongs to the alert's key and class.
                let countries = |role: &str| -> Vec<String> {
                    stored[role]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x["country"].as_str().unwrap().to_string())
                        .collect()
                };
                match a["scope"].as_str().unwrap() {
                    "dyad" => {
                        assert!(countries("actor").contains(&a["actor"].as_str().unwrap().into()));
                        assert!(countries("recipient")
                            .contains(&a["recipient"].as_str().unwrap().into()));
                    }
                    _ => {
                        let c = a["country"].as_str().unwrap().to_string();
                        assert!(
                            countries("actor").contains(&c) || countries("recipient").contains(&c)
                        );
                    }
                }
                let quad = stored["quad"].as_u64().unwrap();
                let class = if quad >= 3 { "conflict" } else { "cooperation" };
                assert_eq!(a["class"], class);
            }
        }
    }
    // The table form.
    let (out, err, code) = run(&[
        "alerts",
        "--db",
        s(db()),
        "--min-events",
        "2",
        "--min-docs",
        "2",
        "--min-surprise",
        "0.5",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("as of "), "{out}");
    assert!(out.contains(" 1. surprise "), "{out}");
}
