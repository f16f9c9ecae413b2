//! End-to-end checks of `vedetta ingest`, `query` and `export` on the seed article.

mod common;
use common::{run, s, seed, tmp};

use serde_json::Value;

use std::process::Command;

#[test]
fn ingest_twice_query_and_export() {
    let dir = tmp("store");
    let db = dir.join("v.db");
    let seed = seed();

    let (_, err, code) = run(&["ingest", s(&seed), "--db", s(&db)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("stored 1 documents"), "{err}");
    assert!(err.contains("docs/s") && err.contains("events/s"), "{err}");
    // Second run: the document is already there.
    let (_, err, code) = run(&["ingest", s(&seed), "--db", s(&db)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("stored 0 documents (0 events)"), "{err}");
    assert!(err.contains("1 already stored"), "{err}");

    // What `vedetta code` prints, counted directly.
    let (out, err, code) = run(&["code", s(&seed)]);
    assert_eq!(code, 0, "{err}");
    let coded: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!coded.is_empty());
    let prk_aid = coded
        .iter()
        .filter(|e| e["event"][0] == "AID")
        .filter(|e| {
            e["actor"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["code"].as_str().unwrap().starts_with("PRK"))
        })
        .count();
    assert!(prk_aid > 0, "the seed article has North Korean aid events");

    let (out, err, code) = run(&[
        "query",
        "--db",
        s(&db),
        "--actor",
        "PRK",
        "--type",
        "AID",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let found: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(found.len(), prk_aid, "{out}");
    assert!(found.iter().all(|e| e["event_type"] == "AID"));

    // CSV: a header and one row per event (no field of the seed has a line break).
    let csv = dir.join("events.csv");
    let (_, err, code) = run(&[
        "export",
        "--format",
        "csv",
        "--db",
        s(&db),
        "--out",
        s(&csv),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("id,doc_id,date,"), "{}", lines[0]);
    assert_eq!(lines.len(), coded.len() + 1);

    // PLOVER JSONL: the same records as `vedetta code` except the document id.
    let (out, err, code) = run(&[
        "export",
        "--format",
        "plover-jsonl",
        "--db",
        s(&db),
        "--type",
        "AID",
    ]);
    assert_eq!(code, 0, "{err}");
    let exported: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let aid = coded.iter().filter(|e| e["event"][0] == "AID").count();
    assert_eq!(exported.len(), aid);
    let strip = |v: &Value| {
        let mut v = v.clone();
        let o = v.as_object_mut().unwrap();
        o.remove("id");
        o.remove("doc_id");
        serde_json::to_string(&v).unwrap()
    };
    let mut a: Vec<String> = exported.iter().map(strip).collect();
    let mut b: Vec<String> = coded
        .iter()
        .filter(|e| e["event"][0] == "AID")
        .map(strip)
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);

    // Full-text: a word of the article, and one that is not in it.
    let (out, _, _) = run(&[
        "query",
        "--db",
        s(&db),
        "--q",
        "Pyongyang Mosca",
        "--json",
        "--limit",
        "1000",
    ]);
    assert_eq!(out.lines().count(), coded.len());
    let (out, _, _) = run(&["query", "--db", s(&db), "--q", "zanzibar", "--json"]);
    assert_eq!(out.lines().count(), 0);

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_line_is_recorded_and_the_rest_stored() {
    let dir = tmp("fail");
    let db = dir.join("v.db");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id":"a","date":"2024-05-17","lang":"it","text":"La Russia ha inviato aiuti alla Corea del Nord."}"#,
            "\n",
            r#"{"id":"b","date":"2024-05-17","text":"#,
            "\n",
            r#"{"id":"c","date":"2024-05-18","lang":"en","text":"The United States sent aid to Ukraine."}"#,
            "\n",
        ),
    )
    .unwrap();
    let (_, err, code) = run(&["ingest", s(&input), "--db", s(&db)]);
    assert_eq!(code, 1, "a failed line gives exit status 1: {err}");
    assert!(err.contains("in.jsonl:2"), "{err}");
    assert!(err.contains("stored 2 documents"), "{err}");
    assert!(err.contains("1 failed"), "{err}");

    // The failure is in the database, once even after a rerun.
    let (_, err, _) = run(&["ingest", s(&input), "--db", s(&db)]);
    assert!(
        err.contains("stored 0 documents") && err.contains("2 already stored"),
        "{err}"
    );
    {
        use vedetta_store::Store;
        let st = vedetta_store::SqliteStore::open(&db).unwrap();
        let f = st.failures().unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].source.ends_with("in.jsonl"), "{f:?}");
        assert_eq!(f[0].line, Some(2));
        assert_eq!(st.stats().unwrap().documents, 2);
    }
    let conn = Command::new(env!("CARGO_BIN_EXE_vedetta"))
        .args(["query", "--db", s(&db), "--json", "--lang", "en"])
        .output()
        .unwrap();
    let out = String::from_utf8(conn.stdout).unwrap();
    assert!(out.lines().all(|l| l.contains("\"doc_id\":\"c\"")), "{out}");

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreachable_postgres_is_a_clear_error() {
    // Nothing listens on port 1.
    let (_, err, code) = run(&["query", "--db", "postgres://v:pw@127.0.0.1:1/vedetta"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("opening --db postgres://v:***@127.0.0.1:1/vedetta"),
        "{err}"
    );
    assert!(err.contains("PostgreSQL"), "{err}");
}

/// The PostgreSQL server of the tests (`VEDETTA_TEST_PG`). The test is ignored (with the
/// reason) when it was not set at build time (build.rs); run anyway, it fails here.
fn test_pg() -> Option<String> {
    match std::env::var("VEDETTA_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => panic!(
            "VEDETTA_TEST_PG is not set: the PostgreSQL CLI test needs a server \
             (.ci/postgres.sh starts one and exports VEDETTA_TEST_PG)"
        ),
    }
}

/// A schema of its own on the test server, dropped on drop.
struct PgSchema {
    base: String,
    name: String,
}

impl PgSchema {
    fn new(base: &str, tag: &str) -> PgSchema {
        let name = format!("vedetta_cli_{tag}_{}", std::process::id());
        vedetta_store::PgStore::drop_schema(base, &name).unwrap();
        drop(vedetta_store::PgStore::open_in_schema(base, &name).unwrap());
        PgSchema {
            base: base.to_string(),
            name,
        }
    }

    /// The URL of the schema, for `--db`.
    fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.base, self.name)
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let _ = vedetta_store::PgStore::drop_schema(&self.base, &self.name);
    }
}

/// `ingest` then `query` and `export` on PostgreSQL print what they print on SQLite.
#[test]
#[cfg_attr(
    not(vedetta_pg),
    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL test)"
)]
fn postgres_ingest_query_export_like_sqlite() {
    let Some(base) = test_pg() else { return };
    let schema = PgSchema::new(&base, "seed");
    let pg = schema.url();
    let dir = tmp("pg");
    let lite = dir.join("v.db");
    let seed = seed();

    for db in [pg.as_str(), s(&lite)] {
        let (_, err, code) = run(&["ingest", s(&seed), "--db", db]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("stored 1 documents"), "{db}: {err}");
        let (_, err, code) = run(&["ingest", s(&seed), "--db", db]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains("stored 0 documents (0 events)") && err.contains("1 already stored"),
            "{db}: {err}"
        );
    }
    let queries: &[&[&str]] = &[
        &["query", "--json", "--limit", "1000"],
        &["query", "--json", "--actor", "PRK", "--type", "AID"],
        &[
            "query",
            "--json",
            "--limit",
            "1000",
            "--q",
            "Pyongyang Mosca",
        ],
        &["query", "--json", "--q", "zanzibar"],
        &["query", "--json", "--stories", "--limit", "1000"],
        &["query", "--limit", "5", "--offset", "2"],
        &["export", "--format", "csv"],
        &["export", "--format", "plover-jsonl", "--type", "AID"],
    ];
    for q in queries {
        let with = |db: &str| {
            let mut a: Vec<&str> = q.to_vec();
            a.extend(["--db", db]);
            let (out, err, code) = run(&a);
            assert_eq!(code, 0, "{q:?} --db {db}: {err}");
            out
        };
        let (a, b) = (with(s(&lite)), with(&pg));
        assert_eq!(a, b, "{q:?}: SQLite and PostgreSQL differ");
        // Only the query for an absent word prints nothing.
        assert_eq!(a.is_empty(), q.contains(&"zanzibar"), "{q:?}: {a}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 12: an export never writes onto the database it reads (by path, hard link or its
/// log) nor onto any SQLite file, with --force or without; readers never create or alter a
/// database that is not a vedetta store.
#[test]
fn exports_and_readers_never_touch_databases() {
    let dir = tmp("export-guard");
    let db = dir.join("vedetta.db");
    let (_, err, code) = run(&["ingest", s(&seed()), "--db", s(&db)]);
    assert_eq!(code, 0, "{err}");
    let size = std::fs::metadata(&db).unwrap().len();
    assert!(size > 0);
    let link = dir.join("link.db");
    std::fs::hard_link(&db, &link).unwrap();
    let other = dir.join("other.db");
    std::fs::copy(&db, &other).unwrap();
    let wal = format!("{}-wal", db.display());
    std::fs::write(&wal, b"").unwrap();
    for format in ["plover-jsonl", "csv", "parquet"] {
        for (out, want) in [
            (s(&db).to_string(), "that this export reads"),
            (s(&link).to_string(), "that this export reads"),
            (wal.clone(), "journal file"),
            (s(&other).to_string(), "is a SQLite database"),
        ] {
            for force in [false, true] {
                let mut args = vec!["export", "--format", format, "--db", s(&db), "--out", &out];
                if force {
                    args.push("--force");
                }
                let (_, err, code) = run(&args);
                assert_ne!(code, 0, "{args:?}");
                assert!(err.contains(want) && err.contains(&out), "{args:?}: {err}");
            }
        }
    }
    assert_eq!(std::fs::metadata(&db).unwrap().len(), size);
    assert_eq!(std::fs::metadata(&other).unwrap().len(), size);
    // Readers on a missing path, an empty file and another application's database.
    let missing = dir.join("missing.db");
    let empty = dir.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let foreign = dir.join("foreign.db");
    Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
             c.execute('create table notes (x)'); c.commit()",
            s(&foreign),
        ])
        .status()
        .expect("python3");
    let before = std::fs::read(&foreign).unwrap();
    for path in [&missing, &empty, &foreign] {
        for cmd in [
            vec!["query", "--db", s(path)],
            vec!["export", "--format", "csv", "--db", s(path)],
            vec![
                "series",
                "--db",
                s(path),
                "--actor",
                "RUS",
                "--recipient",
                "UKR",
            ],
            vec!["alerts", "--db", s(path)],
        ] {
            let (_, err, code) = run(&cmd);
            assert_ne!(code, 0, "{cmd:?}");
            assert!(
                err.contains(s(path)) && (err.contains("not a vedetta store")),
                "{cmd:?}: {err}"
            );
        }
    }
    assert!(!missing.exists());
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    assert!(
        std::fs::read(&foreign).unwrap() == before,
        "the foreign database changed"
    );
    // ingest refuses another application's database too.
    let (_, err, code) = run(&["ingest", s(&seed()), "--db", s(&foreign)]);
    assert_ne!(code, 0);
    assert!(err.contains("another application"), "{err}");
    assert!(
        std::fs::read(&foreign).unwrap() == before,
        "ingest changed the foreign database"
    );
}
