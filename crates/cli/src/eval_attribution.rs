//! `vedetta eval-attribution DIR`: attribution-source accuracy against PolNeAR brat files.
//!
//! `DIR` holds `attributions/*.ann` (brat stand-off, character offsets; a file name is the
//! text's name plus `_<annotator>`) and `text/*.txt`. For every gold attribution with a
//! Content and a Source span, [`vedetta_mentions::quotes::attribution_for`] is asked about the
//! content span; the prediction is correct when its first (nearest) source overlaps the gold
//! source: they share a content word, compared case-insensitively. A stricter figure counts
//! only containment (one text inside the other). When a text has several annotators, the first
//! file in name order is used.

use crate::pipeline::Pipeline;
use anyhow::{Context, Result};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use vedetta_eval::brat::{contains_either, overlaps, read_ann, PRONOUNS};
use vedetta_mentions::quotes;
use vedetta_model::{Document, Span};

/// Scores attribution sources on a PolNeAR folder; prints a table (or JSON) and returns the
/// exit status.
pub fn run(p: &Pipeline, dir: &Path, as_json: bool) -> Result<i32> {
    let pack = p.analyzer.pack("en").context("no English language pack")?;
    let rules = quotes::load(pack).context("reporting.toml")?;
    let ann_dir = dir.join("attributions");
    let text_dir = dir.join("text");
    let mut anns: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(&ann_dir)
        .with_context(|| format!("reading {}", ann_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    entries.sort();
    for a in entries {
        let stem = a
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let base = stem
            .rsplit_once('_')
            .map(|(b, _)| b.to_string())
            .unwrap_or(stem);
        anns.entry(base).or_insert(a);
    }
    let (mut total, mut predicted, mut correct, mut strict, mut pron_total, mut pron_correct) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let mut docs = 0usize;
    for (base, ann_path) in &anns {
        let tpath = text_dir.join(format!("{base}.txt"));
        let Ok(text) = std::fs::read_to_string(&tpath) else {
            continue;
        };
        let ann = std::fs::read_to_string(ann_path)
            .with_context(|| format!("reading {}", ann_path.display()))?;
        let gold = read_ann(&ann);
        // Character offsets → byte offsets.
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        let doc = Document {
            id: base.clone(),
            source: tpath.display().to_string(),
            date: None,
            lang: Some("en".into()),
            title: None,
            url: None,
            text: text.clone(),
        };
        let an = p
            .analyzer
            .analyze(doc, Some("en"))
            .with_context(|| format!("analysing {}", tpath.display()))?;
        let ms = p.mentions.find(&an);
        let qs = quotes::find_quotes(&an, &ms, &rules);
        docs += 1;
        for g in gold {
            let (a, b) = (
                g.content.0.min(byte_at.len() - 1),
                g.content.1.min(byte_at.len() - 1),
            );
            let got =
                quotes::attribution_for(&an, &ms, &rules, &qs, Span::new(byte_at[a], byte_at[b]));
            total += 1;
            let pron = PRONOUNS.contains(&g.source.trim().to_lowercase().as_str());
            pron_total += pron as usize;
            if let Some(first) = got.first() {
                predicted += 1;
                if overlaps(first, &g.source) {
                    correct += 1;
                    pron_correct += pron as usize;
                }
                if contains_either(first, &g.source) {
                    strict += 1;
                }
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let mut out = std::io::stdout().lock();
    if as_json {
        let v = json!({
            "documents": docs,
            "attributions": total,
            "predicted": predicted,
            "correct": correct,
            "correct_strict": strict,
            "accuracy": ratio(correct, total),
            "accuracy_strict": ratio(strict, total),
            "precision": ratio(correct, predicted),
            "coverage": ratio(predicted, total),
            "pronoun_sources": pron_total,
            "accuracy_without_pronoun_sources": ratio(correct - pron_correct, total - pron_total),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        writeln!(out, "documents            {docs}")?;
        writeln!(
            out,
            "gold attributions    {total} (with content and source)"
        )?;
        writeln!(
            out,
            "predicted            {predicted}  coverage {:.1}%",
            100.0 * ratio(predicted, total)
        )?;
        writeln!(
            out,
            "correct (overlap)    {correct}  accuracy {:.1}%  precision {:.1}%",
            100.0 * ratio(correct, total),
            100.0 * ratio(correct, predicted)
        )?;
        writeln!(
            out,
            "correct (contains)   {strict}  accuracy {:.1}%",
            100.0 * ratio(strict, total)
        )?;
        writeln!(
            out,
            "pronoun sources      {pron_total}  accuracy without them {:.1}%",
            100.0 * ratio(correct - pron_correct, total - pron_total)
        )?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_set_runs() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold/attribution-en/dev");
        assert!(
            dir.is_dir(),
            "{} is missing: shared/ must sit beside the repository",
            dir.display()
        );
        let p = crate::pipeline::load(&crate::DataArgs::default()).unwrap();
        assert_eq!(run(&p, &dir, false).unwrap(), 0);
    }
}
