//! Helpers shared by the CLI's end-to-end tests: the seed article, temp folders, and running
//! the `vedetta` binary.
#![allow(dead_code)] // each test file uses a part

use std::path::{Path, PathBuf};
use std::process::Command;

/// The seed article in `../shared` (CI lays `shared/` beside the clone).
pub fn seed() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/seed-it-2024-05-nk-russia.txt");
    assert!(
        p.is_file(),
        "{} is missing: CI lays shared/ beside the clone",
        p.display()
    );
    p
}

/// A fresh, empty folder under the system temp dir, unique to this process and `name`.
pub fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vedetta-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs vedetta and returns its whole output.
pub fn vedetta(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vedetta"))
        .args(args)
        .output()
        .expect("run vedetta")
}

/// Runs vedetta; returns (stdout, stderr, exit code).
pub fn run(args: &[&str]) -> (String, String, i32) {
    let out = vedetta(args);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// A path as `&str` for an argument list.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}
