//! Marks which of the tests that need outside tools can run, so that the others are
//! `#[ignore]`d with their reason (`cargo test` counts them as ignored; nothing passes
//! without running):
//! - `cfg(vedetta_pg)`: `VEDETTA_TEST_PG` names a PostgreSQL server;
//! - `cfg(vedetta_e2e)`: Node.js, Chromium (`$CHROMIUM` or `/usr/bin/chromium`) and
//!   `e2e/node_modules` (`npm ci --prefix e2e`) are there;
//! - `cfg(vedetta_pyarrow)`: `python3 -c "import pyarrow"` works.
//!
//! With `CI` set every one is on: CI must run them all, and a missing tool fails its test
//! with a clear message. `cargo test -- --include-ignored` runs them anyway.

use std::path::Path;
use std::process::{Command, Stdio};

fn ok(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn main() {
    for c in ["vedetta_pg", "vedetta_e2e", "vedetta_pyarrow"] {
        println!("cargo::rustc-check-cfg=cfg({c})");
    }
    for e in [
        "VEDETTA_TEST_PG",
        "CI",
        "CHROMIUM",
        "PATH",
        "VEDETTA_REQUIRE_PYARROW",
    ] {
        println!("cargo::rerun-if-env-changed={e}");
    }
    let set =
        |k: &str| std::env::var(k).is_ok_and(|v| !v.trim().is_empty() && v != "false" && v != "0");
    let ci = set("CI");
    if ci || set("VEDETTA_TEST_PG") {
        println!("cargo::rustc-cfg=vedetta_pg");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let modules =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e/node_modules/playwright-core");
    println!("cargo::rerun-if-changed={chromium}");
    println!("cargo::rerun-if-changed={}", modules.display());
    if ci || (ok("node", &["--version"]) && Path::new(&chromium).is_file() && modules.is_dir()) {
        println!("cargo::rustc-cfg=vedetta_e2e");
    }
    // Installing pyarrow changes its site-packages folder: watch it.
    if let Ok(o) = Command::new("python3")
        .args(["-c", "import site; print(site.getsitepackages()[0])"])
        .output()
    {
        let dir = String::from_utf8_lossy(&o.stdout).trim().to_string();
        if !dir.is_empty() {
            println!("cargo::rerun-if-changed={dir}");
        }
    }
    if ci
        || ok(
            "python3",
            &["-c", "import pyarrow.parquet, pyarrow.dataset"],
        )
    {
        println!("cargo::rustc-cfg=vedetta_pyarrow");
    }
}
