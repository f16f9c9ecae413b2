//! Snapshot of the seed article's whole coded output (`vedetta code --full`): any change to
//! what the coder produces on it shows up as a reviewed diff (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test` to accept).

use std::process::Command;

#[test]
fn seed_full_output() {
    // A path relative to the crate folder, so the snapshot is the same on every machine.
    let seed = "../../../shared/corpus/seed-it-2024-05-nk-russia.txt";
    assert!(
        std::path::Path::new(seed).is_file(),
        "{seed} is missing: shared/ must sit beside the repository"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_vedetta"))
        .args(["code", "--full"])
        .arg(seed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("seed_full", v);
}

#[test]
fn seed_events_jsonl() {
    let seed = "../../../shared/corpus/seed-it-2024-05-nk-russia.txt";
    let out = Command::new(env!("CARGO_BIN_EXE_vedetta"))
        .arg("code")
        .arg(seed)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // One PLOVER record per line, each with the required fields.
    let mut n = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for k in [
            "id",
            "date",
            "actor",
            "recipient",
            "event",
            "mode",
            "context",
            "event_text",
            "text",
            "quad_code",
            "event_scale",
            "doc_id",
            "cameo",
            "aux",
            "attribution",
            "evidence",
            "quantities",
        ] {
            assert!(v.get(k).is_some(), "missing {k} in {line}");
        }
        n += 1;
    }
    assert!(n >= 10, "only {n} events");
    insta::assert_snapshot!("seed_events", text);
}
