//! A small hostile corpus (`vedetta generate --hostile`) ingested in one run: no panic, every
//! failure recorded with its file (and line where it has one), good documents of the same
//! batches stored. The 10,000-document run and its figures are in docs/hardening.md.

mod common;

use common::{run, s, tmp};
use std::collections::BTreeMap;
use vedetta_store::Store;

#[test]
fn hostile_corpus_is_ingested_without_panics() {
    let dir = tmp("hostile");
    let corpus = dir.join("corpus");
    let db = dir.join("h.db");
    let (_, err, code) = run(&[
        "generate",
        "--hostile",
        "--docs",
        "300",
        "--seed",
        "3",
        "--out",
        s(&corpus),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 300 hostile files"), "{err}");

    // Kinds by file, from the manifest.
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let kinds: BTreeMap<String, String> = manifest
        .lines()
        .skip(1)
        .map(|l| {
            let mut c = l.split('\t');
            (c.next().unwrap().to_string(), c.next().unwrap().to_string())
        })
        .collect();
    assert_eq!(kinds.len(), 300);
    let good: Vec<&String> = kinds
        .iter()
        .filter(|(_, k)| *k == "good")
        .map(|(f, _)| f)
        .collect();
    assert!(good.len() >= 10, "{} good files", good.len());

    let (_, err, code) = run(&[
        "ingest",
        s(&corpus),
        "--db",
        s(&db),
        "--jobs",
        "2",
        "--batch",
        "50",
    ]);
    assert_eq!(code, 1, "some inputs fail, none stops the run: {err}");
    assert!(!err.contains("panicked"), "a panic: {err}");
    assert!(
        !err.contains("internal error"),
        "a panic while coding: {err}"
    );
    assert!(err.contains("stored "), "{err}");

    let st = vedetta_store::SqliteStore::open(&db).unwrap();
    let failures = st.failures().unwrap();
    assert!(!failures.is_empty());
    for f in &failures {
        assert!(!f.error.contains("internal error"), "{f:?}");
        let file = std::path::Path::new(&f.source);
        let name = file.file_name().unwrap().to_str().unwrap();
        assert!(
            file.starts_with(&corpus) && kinds.contains_key(name),
            "failure without its file: {f:?}"
        );
        assert_ne!(kinds[name], "good", "a good file failed: {f:?}");
        if name.ends_with(".jsonl") || f.error.starts_with("not valid UTF-8") {
            assert!(f.line.is_some(), "failure without its line: {f:?}");
        }
        let shown = match f.line {
            Some(l) => format!("{}:{l}: ", f.source),
            None => format!("{}: ", f.source),
        };
        assert!(
            err.contains(&shown),
            "failure not reported on stderr: {shown}"
        );
    }
    // Good files, and good JSONL lines and feed entries beside bad ones, are stored.
    let stats = st.stats().unwrap();
    assert!(
        stats.documents as usize > good.len(),
        "{} documents stored, {} good files",
        stats.documents,
        good.len()
    );
    assert_eq!(stats.failures as usize, failures.len());
    let _ = std::fs::remove_dir_all(&dir);
}
