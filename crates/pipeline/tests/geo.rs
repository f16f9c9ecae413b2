//! Data-driven test of the geo stage: `tests/places.tsv` (text → the place of its event, or
//! the resolution of a name in it), written by the project. Each text goes through the whole
//! pipeline; the pass rate is asserted against a floor that only goes up, and every failure
//! is printed. The measured figures are `vedetta eval-geo` on eval/geo/geo-dev.jsonl.

use vedetta_model::{Document, PartialDate};
use vedetta_pipeline::{Config, Pipeline};

/// Share of rows that must pass.
const FLOOR: f64 = 0.95;

#[test]
fn place_table() {
    let p = Pipeline::load(&Config::default()).expect("the embedded data loads");
    let (mut ok, mut total) = (0usize, 0usize);
    let mut failures = Vec::new();
    for (i, line) in include_str!("places.tsv").lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 7, "places.tsv:{}: {} columns", i + 1, f.len());
        let (lang, text, kind, what, place, country, reason) =
            (f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        let doc = Document {
            id: "t".into(),
            source: "places.tsv".into(),
            date: PartialDate::parse("2024-05-10").ok(),
            lang: Some(lang.into()),
            title: None,
            url: None,
            text: text.into(),
        };
        let d = p.code(doc, None).expect("coded");
        total += 1;
        let got: String = match kind {
            "event" => {
                let e = d.events.iter().find(|e| e.event_type.as_str() == what);
                match e {
                    None => format!(
                        "no {what} event (events: {:?})",
                        d.events
                            .iter()
                            .map(|e| e.event_type.as_str())
                            .collect::<Vec<_>>()
                    ),
                    Some(e) => match &e.location {
                        None => "-\t-\t-".into(),
                        Some(l) => format!(
                            "{}\t{}\t{}",
                            l.resolved_place,
                            l.country_code,
                            l.reason.label()
                        ),
                    },
                }
            }
            "toponym" => d
                .toponyms
                .iter()
                .filter_map(|t| t.place.as_ref())
                .find(|pl| pl.name == place)
                .or_else(|| d.toponyms.iter().filter_map(|t| t.place.as_ref()).next())
                .map(|pl| format!("{}\t{}\t-", pl.name, pl.country_code))
                .unwrap_or_else(|| "no toponym".into()),
            other => panic!("places.tsv:{}: unknown kind {other:?}", i + 1),
        };
        let want = format!("{place}\t{country}\t{reason}");
        let wants: Vec<String> = reason
            .split('|')
            .map(|r| format!("{place}\t{country}\t{r}"))
            .collect();
        let pass = if kind == "toponym" {
            d.toponyms.iter().any(|t| {
                t.place
                    .as_ref()
                    .is_some_and(|pl| pl.name == place && pl.country_code == country)
            })
        } else {
            wants.contains(&got)
        };
        if pass {
            ok += 1;
        } else {
            failures.push(format!(
                "places.tsv:{} [{lang}] {text}\n    want {want:?}; got {got:?}",
                i + 1
            ));
        }
    }
    let rate = ok as f64 / total as f64;
    eprintln!(
        "{ok}/{total} rows placed as expected ({:.1}%)",
        rate * 100.0
    );
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(total >= 20, "the table needs ≥ 20 rows, has {total}");
    assert!(
        rate >= FLOOR,
        "{:.1}% of the rows pass, below the floor {:.0}%",
        rate * 100.0,
        FLOOR * 100.0
    );
}
