//! What a new user meets on the first day (issue 12): short English texts, undated files,
//! the same document id from `code` and `ingest`, exports that say where each event came
//! from and keep CAMEO codes as written.

mod common;
use common::{run, s, seed, tmp};
use serde_json::Value;

fn records(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_short_english_text_is_coded_and_the_run_says_what_it_guessed() {
    let dir = tmp("first-day");
    let p = dir.join("short.txt");
    std::fs::write(&p, "Russia attacked Ukraine.").unwrap();
    let (out, err, code) = run(&["code", s(&p)]);
    assert_eq!(code, 0, "{err}");
    let recs = records(&out);
    assert_eq!(recs.len(), 1, "{out}");
    assert_eq!(recs[0]["lang"], "en");
    assert_eq!(recs[0]["event"][0], "ASSAULT");
    assert!(err.contains("languages detected: en 1"), "{err}");
    assert_eq!(err.matches("no date").count(), 1, "{err}");
    assert!(err.contains("--date-from mtime"), "{err}");
    // Dated by the file's modification day only when asked.
    let (out, err, code) = run(&["code", s(&p), "--date-from", "mtime"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("no date"), "{err}");
    let date = records(&out)[0]["date"].as_str().unwrap().to_string();
    assert_eq!(date.len(), 10, "{date}");
    // Or from a table.
    let tsv = dir.join("dates.tsv");
    std::fs::write(&tsv, "short.txt\t2022-02-24\n").unwrap();
    let (out, err, _) = run(&["code", s(&p), "--dates", s(&tsv)]);
    assert_eq!(records(&out)[0]["date"], "2022-02-24", "{err}");
}

#[test]
fn code_and_ingest_name_a_document_alike_and_exports_cite_it() {
    let dir = tmp("same-id");
    let db = dir.join("v.db");
    let (out, err, code) = run(&["code", s(&seed())]);
    assert_eq!(code, 0, "{err}");
    let coded = records(&out);
    let doc_id = coded[0]["doc_id"].as_str().unwrap().to_string();
    assert_eq!(doc_id.len(), 32, "a content id: {doc_id}");
    assert!(coded.iter().all(|r| r["doc_id"] == doc_id.as_str()));
    let (_, err, code) = run(&["ingest", s(&seed()), "--db", s(&db)]);
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = run(&["export", "--format", "plover-jsonl", "--db", s(&db)]);
    assert_eq!(code, 0, "{err}");
    let exported = records(&out);
    assert_eq!(exported.len(), coded.len());
    let ids = |v: &[Value]| -> Vec<String> {
        let mut x: Vec<String> = v
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        x.sort();
        x
    };
    assert_eq!(ids(&exported), ids(&coded));
    for r in exported.iter().chain(&coded) {
        let c = &r["cite_info"];
        assert!(
            c["source"]
                .as_str()
                .unwrap()
                .ends_with("seed-it-2024-05-nk-russia.txt"),
            "{c}"
        );
        assert!(
            c["outlet"].is_string() && c.get("url").is_some() && c.get("title").is_some(),
            "{c}"
        );
    }
    // CSV: the source columns, CAMEO codes kept as written (quoted when they start with 0),
    // and their roots as numbers.
    let (out, err, code) = run(&["export", "--format", "csv", "--db", s(&db)]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in ["cameo", "cameo_root", "outlet", "source", "url", "title"] {
        assert!(header.contains(&col), "{col} missing from {header:?}");
    }
    let cameo = header.iter().position(|h| *h == "cameo").unwrap();
    let root = header.iter().position(|h| *h == "cameo_root").unwrap();
    let mut zeros = 0;
    for line in lines {
        // The seed's rows have no commas inside quotes before these columns.
        let f: Vec<&str> = line.split(',').collect();
        if f[cameo].starts_with("\"0") {
            zeros += 1;
            let code = f[cameo].trim_matches('"');
            assert_eq!(f[root], code[..2].trim_start_matches('0'), "{line}");
        }
        assert!(
            !f[cameo].starts_with('0'),
            "an unquoted leading zero: {line}"
        );
    }
    assert!(zeros > 0, "the seed has CAMEO codes starting with 0");
}
