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
use vedetta_mentions::time::{find_timexes, TimeRules};
use vedetta_model::{Document, PartialDate, Span};

/// A gold TIMEX3 in the stripped text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    /// Byte span in the stripped text.
    pub span: Span,
    /// `DATE`, `TIME`, `DURATION`, `SET`.
    pub kind: String,
    /// The normalised value.
    pub value: String,
}

/// A TimeML document: creation time, plain text, gold timexes.
#[derive(Debug)]
pub struct TmlDoc {
    /// Value of the creation-time TIMEX3.
    pub dct: Option<String>,
    /// The text inside `<TEXT>`, tags stripped and entities decoded.
    pub text: String,
    /// Gold TIMEX3 elements inside `<TEXT>`.
    pub gold: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let k = rest.find(name)?;
        let before_ok = k == 0 || rest.as_bytes()[k - 1].is_ascii_whitespace();
        let after = &rest[k + name.len()..];
        let after_t = after.trim_start();
        if before_ok && after_t.starts_with('=') {
            let v = after_t[1..].trim_start();
            let q = v.chars().next()?;
            if q == '"' || q == '\'' {
                let v = &v[1..];
                return Some(decode(&v[..v.find(q)?]));
            }
            return None;
        }
        rest = after;
    }
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses a TimeML file's text (hand-written: TimeML is flat, tags never nest inside TIMEX3).
pub fn parse_tml(src: &str) -> TmlDoc {
    let mut dct = None;
    // The creation time: a TIMEX3 tag with functionInDocument="CREATION_TIME", anywhere.
    let mut from = 0;
    while let Some(k) = src[from..].find("<TIMEX3") {
        let s = from + k;
        let Some(e) = src[s..].find('>') else { break };
        let tag = &src[s..s + e];
        if attr(tag, "functionInDocument").as_deref() == Some("CREATION_TIME") {
            dct = attr(tag, "value");
            break;
        }
        from = s + e;
    }
    let body = match (src.find("<TEXT>"), src.rfind("</TEXT>")) {
        (Some(a), Some(b)) if b > a => &src[a + "<TEXT>".len()..b],
        _ => "",
    };
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&decode(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if tag.starts_with("TIMEX3") {
            open = Some((
                text.len(),
                attr(tag, "type").unwrap_or_default(),
                attr(tag, "value").unwrap_or_default(),
            ));
        } else if tag.starts_with("/TIMEX3") {
            if let Some((start, kind, value)) = open.take() {
                gold.push(GoldTimex {
                    span: Span {
                        start,
                        end: text.len(),
                    },
                    kind,
                    value,
                });
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(&decode(rest));
    TmlDoc { dct, text, gold }
}

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
    fn parses_tml() {
        let src = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>Bombs <EVENT eid="e1">exploded</EVENT> &amp; more <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>.</TEXT></TimeML>"#;
        let d = parse_tml(src);
        assert_eq!(d.dct.as_deref(), Some("1998-08-07"));
        assert_eq!(d.text, "Bombs exploded & more Friday.");
        assert_eq!(d.gold.len(), 1);
        assert_eq!(&d.text[d.gold[0].span.start..d.gold[0].span.end], "Friday");
        assert_eq!(d.gold[0].kind, "DATE");
    }

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
