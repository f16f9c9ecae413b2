//! The web dashboard end to end, in headless Chromium: a store built with the `vedetta`
//! binary (the seed article, the demo's Italian and English example texts, and one document with
//! characters outside the Basic Multilingual Plane), `vedetta serve` on a free loopback
//! port, and `node e2e/dashboard.mjs` driving the page (see e2e/README.md).
//!
//! Needs Node.js, Chromium (`/usr/bin/chromium` or `$CHROMIUM`) and `npm ci --prefix e2e`.
//! Without them (when the crate was built) the test is ignored with the reason, so `cargo
//! test` counts it as ignored; with `CI` set it always runs, and fails saying what is missing.
//! Screenshots go to `target/e2e-screenshots/`.

mod common;

use common::{run, s, seed, tmp};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The repository root (two levels above this crate).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The workspace target folder (the parent of Cargo's temp folder for integration tests).
fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .to_path_buf()
}

/// What is missing to run the browser test, if anything.
fn missing_tools(root: &Path) -> Option<String> {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {}
        _ => return Some("node (Node.js) is not installed or not on PATH".into()),
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium, or set CHROMIUM)"
        ));
    }
    if !root.join("e2e/node_modules/playwright-core").is_dir() {
        return Some("e2e/node_modules is missing: run `npm ci --prefix e2e`".into());
    }
    None
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `vedetta serve` on a free loopback port and returns it with its base URL, read
/// from the line it prints (`vedetta serving on http://ADDR`).
fn serve(db: &Path) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vedetta"))
        .args(["serve", "--db", s(db), "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start vedetta serve");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        while let Some(Ok(line)) = lines.next() {
            if let Some(url) = line.trim().strip_prefix("vedetta serving on ") {
                let _ = tx.send(url.to_string());
                break;
            }
        }
        // keep draining so the server never blocks on a full pipe
        for _ in lines {}
    });
    let url = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("vedetta serve did not print its address within 120 s");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    (server, url)
}

/// A document whose text has characters outside the BMP (two UTF-16 units each) before its
/// events, to check that the page slices the text by code points as the API counts.
const ASTRAL_DOC: &str = r#"{"id":"astral-1","date":"2024-05-20","lang":"en","title":"Wire 🛰️ 𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠","text":"🌍🛰️ 𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠 𝐧𝐞𝐰𝐬 😀 Italy threatened the United States with new sanctions. 𝄞 Russia condemned Italy, Reuters reported."}"#;

#[test]
#[cfg_attr(
    not(vedetta_e2e),
    ignore = "needs Node.js, Chromium and `npm ci --prefix e2e` (see e2e/README.md)"
)]
fn dashboard_in_headless_chromium() {
    let root = root();
    if let Some(why) = missing_tools(&root) {
        panic!("the dashboard e2e test cannot run: {why}");
    }

    // The store: the Italian seed article, the demo's example texts in Italian and English
    // (they end with an escalation, so the alerts list is not empty; synthetic documents
    // would move the newest date past it), and a document with astral characters.
    let dir = tmp("dashboard-e2e");
    let db = dir.join("dash.db");
    let astral = dir.join("astral.jsonl");
    std::fs::write(&astral, format!("{ASTRAL_DOC}\n")).unwrap();
    let seed = seed();
    let examples = root.join("data/demo/examples.jsonl");
    let (out, err, code) = run(&["ingest", "--db", s(&db), s(&seed), s(&astral), s(&examples)]);
    assert_eq!(code, 0, "ingest: {out}\n{err}");

    let (server, url) = serve(&db);
    let shots = target_dir().join("e2e-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    let mut node = Command::new("node");
    node.arg(root.join("e2e/dashboard.mjs"))
        .arg(&url)
        .arg(&shots)
        .current_dir(&root)
        .env("E2E_DOC_ID", "astral-1");
    let out = node.output().expect("run node e2e/dashboard.mjs");
    drop(server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    println!("screenshots in {}", shots.display());
    assert!(
        out.status.success(),
        "dashboard e2e failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(stdout.contains("all checks passed"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
