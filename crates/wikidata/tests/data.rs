//! The shipped mapping data agree with the project's other country tables.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `data/wikidata/countries.tsv` is generated from `scripts/gen-countries/wikidata.tsv` (the
/// country QIDs the project is confident of): same pairs, no more, no fewer.
#[test]
fn countries_table_matches_gen_countries() {
    let pairs = |text: &str, qid_first: bool| {
        let mut v: Vec<(String, String)> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with("wikidata\t"))
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                if qid_first {
                    (f[0].to_string(), f[1].to_string())
                } else {
                    (f[1].to_string(), f[0].to_string())
                }
            })
            .collect();
        v.sort();
        v
    };
    let ours = std::fs::read_to_string(root().join("data/wikidata/countries.tsv")).unwrap();
    let theirs =
        std::fs::read_to_string(root().join("scripts/gen-countries/wikidata.tsv")).unwrap();
    assert_eq!(pairs(&ours, true), pairs(&theirs, false));
}
