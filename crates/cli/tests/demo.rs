//! `vedetta demo`: the sample corpus is coded once (a rerun adds nothing), the alerts find
//! the escalation the examples were written to show, and the dashboard is served on the
//! printed address.

mod common;
use common::{run, s, seed, tmp};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

#[test]
fn demo_codes_the_sample_corpus_once() {
    let dir = tmp("demo-store");
    let db = dir.join("demo.db");
    let (_, err, code) = run(&["demo", "--db", s(&db), "--seed", s(&seed()), "--no-serve"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("stored 29 documents"),
        "28 examples and the seed: {err}"
    );
    assert!(
        err.contains("not news"),
        "the corpus is announced as examples: {err}"
    );
    // Every example is labelled as one.
    let (out, _, _) = run(&[
        "query",
        "--db",
        s(&db),
        "--lang",
        "en",
        "--json",
        "--limit",
        "1",
    ]);
    assert!(out.contains("\"doc_id\":\"demo-"), "{out}");
    // Again: nothing new is stored.
    let (_, err, code) = run(&["demo", "--db", s(&db), "--seed", s(&seed()), "--no-serve"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("stored 0 documents"), "{err}");
    assert!(err.contains("29 already stored"), "{err}");
    // The examples end with an escalation the alerts explain.
    let (out, err, code) = run(&["alerts", "--db", s(&db)]);
    assert_eq!(code, 0, "{err}");
    let first = out
        .lines()
        .find(|l| l.trim_start().starts_with("1."))
        .unwrap_or("");
    assert!(first.contains("PRK") && first.contains("conflict"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn demo_refuses_a_missing_seed_file() {
    let dir = tmp("demo-noseed");
    let (_, err, code) = run(&[
        "demo",
        "--db",
        s(&dir.join("x.db")),
        "--seed",
        s(&dir.join("nope.txt")),
        "--no-serve",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("nope.txt") && err.contains("no such file"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// One HTTP/1.1 GET on a fresh connection; returns (status line, body).
fn http_get(addr: &str, path: &str) -> (String, String) {
    let mut c = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        c,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    c.read_to_string(&mut buf).unwrap();
    let (head, body) = buf.split_once("\r\n\r\n").unwrap_or((&buf, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn demo_serves_the_dashboard_on_the_printed_address() {
    let dir = tmp("demo-serve");
    let db = dir.join("demo.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vedetta"))
        .args(["demo", "--db", s(&db), "--seed", s(&seed())])
        .args(["--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("vedetta serving on http://")
        .unwrap_or_else(|| panic!("no address printed: {line:?}"))
        .to_string();
    let (status, body) = http_get(&addr, "/");
    let (hs, health) = http_get(&addr, "/api/health");
    let (ns, network) = http_get(&addr, "/api/network?aux=all");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("<html") || body.contains("<!doctype"),
        "{body}"
    );
    assert!(
        hs.contains("200") && health.contains("\"documents\":29"),
        "{health}"
    );
    assert!(
        ns.contains("200") && network.contains("\"PRK\""),
        "{network}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
