//! Data-driven test: `tests/events.tsv` (sentence → expected events) written by the project.
//! Each expected row must be produced (type + actor set + recipient set, and aux), and the
//! sentences marked `NONE` must produce no event. The pass rate is asserted against a floor
//! that only goes up; every failure is printed.

use std::collections::BTreeMap;
use vedetta_analysis::Analyzer;
use vedetta_coding::{Coder, Inputs};
use vedetta_data::DataSource;
use vedetta_mentions::MentionFinder;
use vedetta_model::{Document, PartialDate};

/// Share of expected rows that must be coded exactly (type, actors, recipients, aux).
const FLOOR: f64 = 0.70;

struct Row {
    line: usize,
    lang: String,
    date: String,
    sentence: String,
    ty: String,
    actors: Vec<String>,
    recipients: Option<Vec<String>>,
    aux: String,
}

fn codes(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .split(',')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty() && x != "-")
        .collect();
    v.sort();
    v.dedup();
    v
}

fn rows() -> Vec<Row> {
    let text = include_str!("events.tsv");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() >= 7, "events.tsv:{}: {} columns", i + 1, f.len());
        out.push(Row {
            line: i + 1,
            lang: f[0].into(),
            date: f[1].into(),
            sentence: f[2].into(),
            ty: f[3].into(),
            actors: codes(f[4]),
            recipients: (f[5].trim() != "-").then(|| codes(f[5])),
            aux: f[6].trim().into(),
        });
    }
    out
}

#[test]
fn event_table() {
    let src = DataSource::Embedded;
    let analyzer = Analyzer::load(&src).unwrap();
    let finder = MentionFinder::load(&src, &analyzer, &[]).unwrap();
    let coder = Coder::load(&src, &analyzer).unwrap();
    let rows = rows();
    assert!(
        rows.len() >= 150,
        "the table needs ≥ 150 rows, has {}",
        rows.len()
    );
    // Group expected rows by sentence.
    let mut by_sentence: BTreeMap<(String, String, String), Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        by_sentence
            .entry((r.lang.clone(), r.date.clone(), r.sentence.clone()))
            .or_default()
            .push(r);
    }
    let (mut ok, mut total) = (0usize, 0usize);
    let mut failures = Vec::new();
    let mut per_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for ((lang, date, sentence), expected) in &by_sentence {
        let doc = Document {
            id: "t".into(),
            source: "events.tsv".into(),
            date: PartialDate::parse(date).ok(),
            lang: Some(lang.clone()),
            title: None,
            url: None,
            text: sentence.clone(),
        };
        let an = analyzer.analyze(doc, None).unwrap();
        let mentions = finder.find(&an);
        let none = |_| Vec::new();
        let events = coder.code(
            &an,
            &Inputs {
                mentions: &mentions,
                timexes: &[],
                quantities: &[],
                attribution: &none,
            },
        );
        let got: Vec<(String, Vec<String>, Vec<String>, String)> = events
            .iter()
            .map(|e| {
                (
                    e.event_type.clone(),
                    codes(
                        &e.actor
                            .iter()
                            .map(|a| a.code[..3.min(a.code.len())].to_string())
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                    codes(
                        &e.recipient
                            .iter()
                            .map(|a| a.code[..3.min(a.code.len())].to_string())
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                    e.aux.map(|a| a.label()).unwrap_or("null").to_string(),
                )
            })
            .collect();
        for r in expected {
            total += 1;
            let e = per_lang.entry(lang.clone()).or_default();
            e.1 += 1;
            let pass = if r.ty == "NONE" {
                got.is_empty()
            } else {
                got.iter().any(|g| {
                    g.0 == r.ty
                        && g.1 == r.actors
                        && r.recipients.as_ref().is_none_or(|rc| *rc == g.2)
                        && (g.3 == r.aux || (r.aux == "null" && g.3 == "historical"))
                })
            };
            if pass {
                ok += 1;
                e.0 += 1;
            } else {
                failures.push(format!(
                    "events.tsv:{} [{}] {}\n    want {} {:?}->{:?} {}; got {:?}",
                    r.line, lang, sentence, r.ty, r.actors, r.recipients, r.aux, got
                ));
            }
        }
    }
    let rate = ok as f64 / total as f64;
    eprintln!(
        "{ok}/{total} expected rows coded exactly ({:.1}%); per language {per_lang:?}",
        rate * 100.0
    );
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(rate >= FLOOR, "pass rate {rate:.3} below the floor {FLOOR}");
}
