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
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use vedetta_mentions::quotes;
use vedetta_model::{Document, Span};

/// Words that do not make two source phrases the same.
const STOP: &[&str] = &[
    "the", "a", "an", "of", "his", "her", "its", "their", "our", "my", "your", "this", "that",
    "these", "those", "'s", "s", "and", "to", "in", "on", "for", "at", "by", "with", "some",
    "other", "another",
];
/// Gold sources that only a pronoun resolver could match by text.
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "we", "i", "it", "you", "him", "her", "them", "us", "me", "who", "which",
    "that",
];

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty() && !STOP.contains(&w.as_str()))
        .collect()
}

/// True when the predicted source overlaps the gold one (a shared content word).
pub fn overlaps(pred: &str, gold: &str) -> bool {
    let g = words(gold);
    words(pred).iter().any(|w| g.contains(w))
}

/// True when one text contains the other, ignoring case.
pub fn contains_either(pred: &str, gold: &str) -> bool {
    let (p, g) = (pred.to_lowercase(), gold.to_lowercase());
    !p.trim().is_empty() && (p.contains(g.trim()) || g.contains(p.trim()))
}

struct Gold {
    content: (usize, usize),
    source: String,
}

/// Reads one brat file: attributions with a Content and a Source (first fragments).
fn read_ann(text: &str) -> Vec<Gold> {
    let mut spans: HashMap<&str, ((usize, usize), &str)> = HashMap::new();
    let mut out = Vec::new();
    let mut rels = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 2 && f[0].starts_with('T') {
            let mut it = f[1].split(' ');
            let _kind = it.next();
            let rest: Vec<&str> = it.collect();
            let first = rest.join(" ");
            let frag = first.split(';').next().unwrap_or("");
            let mut nums = frag.split(' ').filter_map(|n| n.parse::<usize>().ok());
            if let (Some(a), Some(b)) = (nums.next(), nums.next()) {
                spans.insert(f[0], ((a, b), f.get(2).copied().unwrap_or("")));
            }
        } else if f.len() >= 2 && f[0].starts_with('E') {
            rels.push(f[1]);
        }
    }
    for r in rels {
        let mut content = None;
        let mut source = None;
        for part in r.split(' ') {
            if let Some((role, id)) = part.split_once(':') {
                let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                match role {
                    "Content" if content.is_none() => content = spans.get(id).map(|s| s.0),
                    "Source" if source.is_none() => source = spans.get(id).map(|s| s.1.to_string()),
                    _ => {}
                }
            }
        }
        if let (Some(content), Some(source)) = (content, source) {
            out.push(Gold { content, source });
        }
    }
    out
}

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
    fn brat_relations_are_read() {
        let ann = "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;22 30\tit rained\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        let g = read_ann(ann);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].content, (11, 20));
        assert_eq!(g[0].source, "Smith");
    }

    #[test]
    fn overlap_is_by_content_words() {
        assert!(overlaps("Hillary Clinton", "Clinton"));
        assert!(overlaps("the source", "a source"));
        assert!(!overlaps("the campaign", "the source"));
        assert!(contains_either("Clinton", "Hillary Clinton"));
    }

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
