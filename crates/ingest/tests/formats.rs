//! Data-driven tests of the HTML and feed readers: every input in `fixtures/` is read on its
//! own and compared with its expectations in `expected.json`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use vedetta_ingest::{IngestOptions, Reader};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn strings<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn fixtures_read_as_expected() {
    let table: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected.json"))
            .unwrap(),
    )
    .unwrap();
    assert!(table.len() >= 6);
    for case in &table {
        let input = s(case, "input").unwrap();
        let path = fixtures().join(input);
        let got: Vec<_> = Reader::new(&[&path], IngestOptions::default()).collect();
        let want = case["items"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{input}: {got:#?}");
        for (i, (got, want)) in got.iter().zip(want).enumerate() {
            let at = format!("{input} item {}", i + 1);
            if let Some(err) = s(want, "error") {
                let e = got.as_ref().expect_err(&at);
                assert!(e.to_string().contains(err), "{at}: {e}");
                assert!(e.source.ends_with(input), "{at}: {}", e.source);
                let line = want["line"].as_u64().map(|l| l as usize);
                assert_eq!(e.line, line, "{at}");
                continue;
            }
            let doc = got.as_ref().unwrap_or_else(|e| panic!("{at}: {e}"));
            assert!(
                doc.source.ends_with(s(want, "source").unwrap_or(input)),
                "{at}: source {}",
                doc.source
            );
            if let Some(id) = s(want, "id") {
                assert_eq!(doc.id, id, "{at}");
            } else if want.get("source").is_some() {
                // Feed entries: the id is the source, so the store keys them by their text.
                assert_eq!(doc.id, doc.source, "{at}");
            }
            if let Some(t) = want.get("title") {
                assert_eq!(doc.title.as_deref(), t.as_str(), "{at}: title");
            }
            if let Some(d) = want.get("date") {
                assert_eq!(
                    doc.date.map(|d| d.to_string()).as_deref(),
                    d.as_str(),
                    "{at}: date"
                );
            }
            if let Some(u) = want.get("url") {
                assert_eq!(doc.url.as_deref(), u.as_str(), "{at}: url");
            }
            if let Some(t) = s(want, "text") {
                assert_eq!(doc.text, t, "{at}: text");
            }
            for needle in strings(want, "contains") {
                assert!(
                    doc.text.contains(needle),
                    "{at}: no {needle:?} in\n{}",
                    doc.text
                );
            }
            for needle in strings(want, "excludes") {
                assert!(
                    !doc.text.contains(needle),
                    "{at}: {needle:?} in\n{}",
                    doc.text
                );
            }
        }
    }
}

#[test]
fn a_folder_reads_pages_and_feeds_and_skips_other_xml() {
    let mut r = Reader::new(&[fixtures()], IngestOptions::default());
    let items: Vec<_> = r.by_ref().collect();
    let docs = items.iter().filter(|i| i.is_ok()).count();
    let errors: Vec<String> = items
        .iter()
        .filter_map(|i| i.as_ref().err())
        .map(|e| e.to_string())
        .collect();
    // article.html, time-only.htm; 2 Atom entries, 2 RSS items, 1 RDF item.
    assert_eq!(docs, 7, "{items:#?}");
    // no-article.html, and one entry without text in each of the Atom and RSS feeds.
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let skipped: Vec<_> = r
        .skipped
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(skipped, ["not-a-feed.xml"]);
}

#[test]
fn the_default_date_fills_in_for_pages_without_one() {
    let opts = IngestOptions {
        default_date: Some(vedetta_model::PartialDate::parse("2020-02").unwrap()),
        ..Default::default()
    };
    let dir = std::env::temp_dir().join(format!("vedetta-ingest-nodate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("undated.html");
    let html = std::fs::read_to_string(fixtures().join("time-only.htm"))
        .unwrap()
        .replace("<time datetime=\"2023-11-02T18:05:00Z\">", "<time>");
    std::fs::write(&page, html).unwrap();
    let doc = Reader::new(&[&page], opts).next().unwrap().unwrap();
    assert_eq!(doc.date.unwrap().to_string(), "2020-02");
    let _ = std::fs::remove_dir_all(&dir);
}
