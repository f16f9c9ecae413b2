//! `kill -9` in the middle of an ingest loses nothing committed, and a rerun finishes the rest
//! with exact counts: the same documents and events as one uninterrupted run, byte for byte.

mod common;
use common::{s, tmp, vedetta};

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use vedetta_store::Store;

/// Documents stored so far, read through a second connection (WAL allows it).
fn stored(db: &Path) -> u64 {
    if !db.exists() {
        return 0;
    }
    match vedetta_store::SqliteStore::open(db).and_then(|st| st.stats()) {
        Ok(s) => s.documents,
        Err(_) => 0,
    }
}

#[test]
fn killed_ingest_resumes_exactly() {
    const DOCS: u64 = 3000;
    const BATCH: u64 = 25;
    let dir = tmp("resume");
    let input = dir.join("gen.jsonl");
    let out = vedetta(&[
        "generate",
        "--docs",
        &DOCS.to_string(),
        "--seed",
        "42",
        "--out",
        s(&input),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The reference: one uninterrupted run.
    let reference = dir.join("ref.db");
    let out = vedetta(&["ingest", s(&input), "--db", s(&reference)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The interrupted run: kill -9 once a few batches are committed.
    let db = dir.join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vedetta"))
        .args([
            "ingest",
            s(&input),
            "--db",
            s(&db),
            "--batch",
            &BATCH.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if stored(&db) >= 4 * BATCH {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before it could be killed: enlarge the input"
        );
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "ingest too slow"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let at_kill = stored(&db);
    assert!(at_kill < DOCS, "killed after the end ({at_kill} stored)");
    assert_eq!(
        at_kill % BATCH,
        0,
        "only whole batches are committed: {at_kill}"
    );

    // The rerun stores exactly the rest.
    let out = vedetta(&[
        "ingest",
        s(&input),
        "--db",
        s(&db),
        "--batch",
        &BATCH.to_string(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("stored {} documents", DOCS - at_kill)),
        "{err}"
    );
    assert!(err.contains(&format!("{at_kill} already stored")), "{err}");

    let a = vedetta_store::SqliteStore::open(&reference)
        .unwrap()
        .stats()
        .unwrap();
    let b = vedetta_store::SqliteStore::open(&db)
        .unwrap()
        .stats()
        .unwrap();
    assert_eq!(a.documents, DOCS);
    assert_eq!(a, b);
    // Same events, byte for byte.
    let export = |db: &Path| {
        let o = vedetta(&["export", "--format", "plover-jsonl", "--db", s(db)]);
        assert!(o.status.success());
        o.stdout
    };
    let (ea, eb) = (export(&reference), export(&db));
    assert!(!ea.is_empty());
    assert!(ea == eb, "exports differ after resume");

    let _ = std::fs::remove_dir_all(&dir);
}
