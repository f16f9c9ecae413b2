//! `vedetta eval-timex`: time-expression detection and normalisation against TimeML files.
//!
//! Reads `.tml` files under a folder (TimeBank/AQUAINT style), takes the document creation time
//! (the TIMEX3 with `functionInDocument="CREATION_TIME"`) as the document date and the text
//! inside `<TEXT>…</TEXT>` with its tags stripped, runs the analyser and the time finder, and
//! scores: detection (a gold and a predicted timex overlap), precision, and value accuracy on
//! the detected ones (exact TIMEX3 `value` string), overall and per TIMEX3 type.

use crate::pipeline::Pipeline;
use anyhow::{Context, Result};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vedetta_eval::timeml::parse_tml;
use vedetta_mentions::time::{find_timexes, TimeRules};
use vedetta_model::{Document, PartialDate, Span};

fn tml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            tml_files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "tml") {
            out.push(p);
        }
    }
    Ok(())
}

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    detected: usize,
    value_ok: usize,
    predicted: usize,
    predicted_ok: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores the time finder on the `.tml` files under `dir`. Returns the exit status.
pub fn run(
    p: &Pipeline,
    dir: &Path,
    lang: &str,
    as_json: bool,
    limit: Option<usize>,
) -> Result<i32> {
    let pack = p
        .analyzer
        .pack(lang)
        .with_context(|| format!("no language pack {lang:?}"))?;
    let rules = TimeRules::load(pack).with_context(|| format!("loading time rules for {lang}"))?;
    let mut files = Vec::new();
    if dir.is_file() {
        files.push(dir.to_path_buf());
    } else {
        tml_files(dir, &mut files)?;
    }
    if let Some(n) = limit {
        files.truncate(n);
    }
    anyhow::ensure!(!files.is_empty(), "{}: no .tml files", dir.display());
    let mut total = Counts::default();
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut errors = 0;
    for f in &files {
        let src = match std::fs::read_to_string(f) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                errors += 1;
                continue;
            }
        };
        let tml = parse_tml(&src);
        let date = tml.dct.as_deref().and_then(|d| PartialDate::parse(d).ok());
        let doc = Document {
            id: f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            source: f.display().to_string(),
            date,
            lang: Some(lang.to_string()),
            title: None,
            url: None,
            text: tml.text,
        };
        let an = match p.analyzer.analyze(doc, Some(lang)) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                errors += 1;
                continue;
            }
        };
        let pred = find_timexes(&an, &rules);
        let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
        for g in &tml.gold {
            let c = by_type.entry(g.kind.clone()).or_default();
            c.gold += 1;
            total.gold += 1;
            let hits: Vec<_> = pred.iter().filter(|t| overlaps(t.span, g.span)).collect();
            if !hits.is_empty() {
                c.detected += 1;
                total.detected += 1;
                if hits.iter().any(|t| t.value == g.value) {
                    c.value_ok += 1;
                    total.value_ok += 1;
                }
            }
        }
        for t in &pred {
            let kind = serde_json::to_value(t.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let c = by_type.entry(kind).or_default();
            c.predicted += 1;
            total.predicted += 1;
            if tml.gold.iter().any(|g| overlaps(t.span, g.span)) {
                c.predicted_ok += 1;
                total.predicted_ok += 1;
            }
        }
    }
    let row = |c: &Counts| {
        json!({
            "gold": c.gold, "detected": c.detected, "recall": ratio(c.detected, c.gold),
            "predicted": c.predicted, "precision": ratio(c.predicted_ok, c.predicted),
            "value_correct": c.value_ok, "value_accuracy": ratio(c.value_ok, c.detected),
            "value_recall": ratio(c.value_ok, c.gold),
        })
    };
    if as_json {
        let types: serde_json::Map<String, serde_json::Value> =
            by_type.iter().map(|(k, c)| (k.clone(), row(c))).collect();
        let out = json!({"files": files.len(), "errors": errors, "lang": lang, "overall": row(&total), "by_type": types});
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!("{} files ({} errors), lang {lang}", files.len(), errors);
        println!(
            "{:<10} {:>6} {:>8} {:>7} {:>9} {:>9} {:>9} {:>9}",
            "type", "gold", "detected", "recall", "predicted", "precision", "value ok", "value acc"
        );
        let line = |name: &str, c: &Counts| {
            println!(
                "{:<10} {:>6} {:>8} {:>7.3} {:>9} {:>9.3} {:>9} {:>9.3}",
                name,
                c.gold,
                c.detected,
                ratio(c.detected, c.gold),
                c.predicted,
                ratio(c.predicted_ok, c.predicted),
                c.value_ok,
                ratio(c.value_ok, c.detected)
            )
        };
        for (k, c) in &by_type {
            line(k, c);
        }
        line("overall", &total);
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/gold/timex-en/TBAQ-cleaned/AQUAINT");
        if !dir.is_dir() {
            return;
        }
        let args = crate::DataArgs {
            data: None,
            actors: Vec::new(),
            rules_only: false,
        };
        let p = crate::pipeline::load(&args).unwrap();
        assert_eq!(run(&p, &dir, "en", true, Some(3)).unwrap(), 0);
    }
}

#[cfg(test)]
mod full {
    use super::*;

    /// The whole TBAQ-cleaned folder: `cargo test -p vedetta-cli full_tbaq -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn full_tbaq() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/gold/timex-en/TBAQ-cleaned");
        let args = crate::DataArgs {
            data: None,
            actors: Vec::new(),
            rules_only: false,
        };
        let p = crate::pipeline::load(&args).unwrap();
        run(&p, &dir, "en", false, None).unwrap();
    }
}
