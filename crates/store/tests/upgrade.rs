//! A store written by an earlier release is migrated in place when opened, and reads back
//! exactly what that release read from it (`tests/fixtures/README.md`).

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use vedetta_store::{DocPage, EventFilter, SqliteStore, Store};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh copy of a fixture database in a folder of its own.
fn copy_of(name: &str, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vedetta-upgrade-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::copy(fixture(name), &path).unwrap();
    path
}

/// Everything the `Store` API reads from a store, one JSON value a line.
fn dump(s: &SqliteStore) -> String {
    let ids: Vec<String> = {
        let mut st = s
            .connection()
            .prepare("SELECT id FROM documents ORDER BY id")
            .unwrap();
        let rows = st.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let mut lines = vec![json!({ "stats": s.stats().unwrap() })];
    for id in &ids {
        let d = s.document_page(id, DocPage::ALL).unwrap().unwrap();
        // Its events are dumped in full below: here their ids, in the document's order.
        let mut d = serde_json::to_value(d).unwrap();
        let ids: Vec<Value> = d["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].clone())
            .collect();
        d["events"] = Value::Array(ids);
        lines.push(json!({ "document": d }));
    }
    for e in s.events(&EventFilter::default()).unwrap() {
        lines.push(json!({ "event": e }));
    }
    for st in s.stories(&EventFilter::default()).unwrap() {
        lines.push(json!({ "story": st }));
    }
    lines.push(json!({ "actors": s.actors("", 10_000).unwrap() }));
    lines.push(json!({ "failures": s.failures().unwrap() }));
    let mut out = String::new();
    for l in lines {
        out.push_str(&serde_json::to_string(&l).unwrap());
        out.push('\n');
    }
    out
}

fn user_version(s: &SqliteStore) -> i64 {
    s.connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// Line-by-line comparison with the first difference named.
fn assert_same(got: &str, want: &str) {
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            let g: Value = serde_json::from_str(g).unwrap();
            let w: Value = serde_json::from_str(w).unwrap();
            assert_eq!(g, w, "line {} of the dump differs", i + 1);
        }
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "lines in the dump"
    );
}

#[test]
fn a_schema_4_store_is_migrated_and_reads_back_the_same() {
    let path = copy_of("schema-4.db", "reader");
    let s = SqliteStore::open_existing(&path).unwrap();
    // Only with the release that wrote the fixture (schema 4): `VEDETTA_WRITE_FIXTURE=1`.
    if std::env::var_os("VEDETTA_WRITE_FIXTURE").is_some() {
        assert_eq!(
            user_version(&s),
            4,
            "the dump is written by the schema-4 release only"
        );
        std::fs::write(fixture("schema-4.dump.jsonl"), dump(&s)).unwrap();
        return;
    }
    assert_eq!(user_version(&s), 5, "migrated to the current schema");
    let want = std::fs::read_to_string(fixture("schema-4.dump.jsonl")).unwrap();
    assert_same(&dump(&s), &want);
    drop(s);
    // Opened again (already migrated): the same; and a writer adds to it.
    let s = SqliteStore::open_existing(&path).unwrap();
    assert_same(&dump(&s), &want);
    drop(s);
    let mut w = SqliteStore::open(&path).unwrap();
    assert_eq!(w.put_batch(&[]).unwrap().documents, 0);
    drop(w);
}
