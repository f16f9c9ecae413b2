//! `vedetta eval-ner`: exact-span NER scores against a CoNLL/BIO file.

use crate::pipeline::Pipeline;
use anyhow::{bail, Context, Result};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use vedetta_model::{Document, NerClass, Span};

#[derive(Debug)]
/// A BIO file turned back into text: tokens with byte spans, and gold entities.
pub struct BioText {
    /// Reconstructed text (tokens joined by spaces, sentences by newlines).
    pub text: String,
    /// Byte span of each gold token.
    pub tokens: Vec<Span>,
    /// Gold entities as (first token, end token, class).
    pub gold: Vec<(usize, usize, NerClass)>,
    /// Number of sentences.
    pub sentences: usize,
}

fn class_of(tag: &str) -> Option<NerClass> {
    match tag {
        "PER" => Some(NerClass::Per),
        "ORG" => Some(NerClass::Org),
        "LOC" | "GPE" => Some(NerClass::Loc),
        _ => None,
    }
}

/// Reads a BIO file (token<TAB>tag per line, blank line between sentences).
pub fn read_bio(path: &Path) -> Result<BioText> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let src = String::from_utf8(raw).map_err(|e| {
        anyhow::anyhow!(
            "{}: not valid UTF-8 at byte {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let mut b = BioText {
        text: String::new(),
        tokens: Vec::new(),
        gold: Vec::new(),
        sentences: 0,
    };
    let mut open: Option<(usize, NerClass)> = None;
    let mut in_sentence = false;
    let close = |open: &mut Option<(usize, NerClass)>,
                 end: usize,
                 gold: &mut Vec<(usize, usize, NerClass)>| {
        if let Some((s, c)) = open.take() {
            gold.push((s, end, c));
        }
    };
    for (i, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            close(&mut open, b.tokens.len(), &mut b.gold);
            if in_sentence {
                b.text.push('\n');
                b.sentences += 1;
                in_sentence = false;
            }
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(tok), Some(tag)) = (parts.next(), parts.next()) else {
            bail!("{}:{}: expected token<TAB>tag", path.display(), i + 1);
        };
        let tag = tag.trim();
        let (prefix, cls) = match tag.split_once('-') {
            Some((p, c)) => (p, class_of(c)),
            None if tag == "O" => ("O", None),
            None => bail!("{}:{}: bad tag {tag:?}", path.display(), i + 1),
        };
        let idx = b.tokens.len();
        match (prefix, cls) {
            ("B", Some(c)) => {
                close(&mut open, idx, &mut b.gold);
                open = Some((idx, c));
            }
            ("I", Some(c)) => {
                if open.map(|(_, oc)| oc) != Some(c) {
                    close(&mut open, idx, &mut b.gold);
                    open = Some((idx, c));
                }
            }
            _ => close(&mut open, idx, &mut b.gold),
        }
        if in_sentence && !b.text.ends_with('\'') && !b.text.ends_with('’') {
            b.text.push(' ');
        }
        let start = b.text.len();
        b.text.push_str(tok);
        b.tokens.push(Span::new(start, b.text.len()));
        in_sentence = true;
    }
    close(&mut open, b.tokens.len(), &mut b.gold);
    if in_sentence {
        b.sentences += 1;
    }
    Ok(b)
}

/// Runs the evaluation and prints the scores.
pub fn run(
    p: &Pipeline,
    path: &Path,
    lang: &str,
    as_json: bool,
    show_errors: usize,
) -> Result<i32> {
    let bio = read_bio(path)?;
    let doc = Document {
        id: path.display().to_string(),
        source: path.display().to_string(),
        date: None,
        lang: Some(lang.to_string()),
        title: None,
        url: None,
        text: bio.text.clone(),
    };
    let an = p.analyzer.analyze(doc, Some(lang))?;
    let mentions = p.mentions.find(&an);
    // Map predicted byte spans to gold token ranges (a token is inside when its span is).
    let tok_at_start: BTreeMap<usize, usize> = bio
        .tokens
        .iter()
        .enumerate()
        .map(|(i, s)| (s.start, i))
        .collect();
    let tok_at_end: BTreeMap<usize, usize> = bio
        .tokens
        .iter()
        .enumerate()
        .map(|(i, s)| (s.end, i + 1))
        .collect();
    let mut pred: BTreeSet<(usize, usize, NerClass)> = BTreeSet::new();
    let mut unaligned = 0usize;
    for m in &mentions {
        let Some(c) = m.ner else { continue };
        match (tok_at_start.get(&m.span.start), tok_at_end.get(&m.span.end)) {
            (Some(&s), Some(&e)) => {
                pred.insert((s, e, c));
            }
            _ => unaligned += 1,
        }
    }
    let gold: BTreeSet<(usize, usize, NerClass)> = bio.gold.iter().copied().collect();
    let classes = [NerClass::Per, NerClass::Org, NerClass::Loc];
    let score = |c: Option<NerClass>| {
        let keep = |x: &&(usize, usize, NerClass)| c.is_none_or(|c| x.2 == c);
        let g: BTreeSet<_> = gold.iter().filter(keep).collect();
        let pr: BTreeSet<_> = pred.iter().filter(keep).collect();
        let tp = g.intersection(&pr).count();
        prf(tp, pr.len(), g.len())
    };
    let mut rows = Vec::new();
    for c in classes {
        rows.push((c.label().to_string(), score(Some(c))));
    }
    rows.push(("micro".to_string(), score(None)));
    if as_json {
        let v: Vec<_> = rows
            .iter()
            .map(|(n, s)| json!({"class": n, "precision": s.0, "recall": s.1, "f1": s.2, "tp": s.3, "predicted": s.4, "gold": s.5}))
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"file": path.display().to_string(), "sentences": bio.sentences, "tokens": bio.tokens.len(), "scores": v, "unaligned_predictions": unaligned})
            )?
        );
    } else {
        outln!(
            "{}: {} sentences, {} tokens, {} gold entities",
            path.display(),
            bio.sentences,
            bio.tokens.len(),
            gold.len()
        );
        outln!(
            "{:<6} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "class",
            "precision",
            "recall",
            "F1",
            "tp",
            "pred",
            "gold"
        );
        for (n, s) in &rows {
            outln!(
                "{:<6} {:>9.3} {:>9.3} {:>9.3} {:>7} {:>7} {:>7}",
                n,
                s.0,
                s.1,
                s.2,
                s.3,
                s.4,
                s.5
            );
        }
        if unaligned > 0 {
            outln!("({unaligned} predicted mentions did not align with gold token boundaries)");
        }
    }
    if show_errors > 0 {
        let tokstr =
            |s: usize, e: usize| bio.text[bio.tokens[s].start..bio.tokens[e - 1].end].to_string();
        let mut shown = 0;
        for g in gold.difference(&pred) {
            if shown >= show_errors {
                break;
            }
            let got: Vec<String> = pred
                .iter()
                .filter(|p| p.0 < g.1 && g.0 < p.1)
                .map(|p| format!("{}:{}", tokstr(p.0, p.1), p.2.label()))
                .collect();
            outln!(
                "MISS {:<4} {:<40} predicted: {}",
                g.2.label(),
                tokstr(g.0, g.1),
                got.join(", ")
            );
            shown += 1;
        }
        shown = 0;
        for q in pred.difference(&gold) {
            if shown >= show_errors {
                break;
            }
            let gg: Vec<String> = gold
                .iter()
                .filter(|g| q.0 < g.1 && g.0 < q.1)
                .map(|g| format!("{}:{}", tokstr(g.0, g.1), g.2.label()))
                .collect();
            outln!(
                "FP   {:<4} {:<40} gold: {}",
                q.2.label(),
                tokstr(q.0, q.1),
                gg.join(", ")
            );
            shown += 1;
        }
    }
    Ok(0)
}

/// (precision, recall, F1, tp, predicted, gold).
fn prf(tp: usize, predicted: usize, gold: usize) -> (f64, f64, f64, usize, usize, usize) {
    let p = if predicted == 0 {
        0.0
    } else {
        tp as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f, tp, predicted, gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_reader_rebuilds_text_and_spans() {
        let dir = std::env::temp_dir().join(format!("vedetta-bio-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("x.tsv");
        std::fs::write(&f, "Il\tO\nrapporto\tO\ndell'\tO\nuniversità\tB-ORG\ndi\tI-ORG\nRoma\tI-ORG\n\nMario\tB-PER\nRossi\tI-PER\nI-only\tI-LOC\n").unwrap();
        let b = read_bio(&f).unwrap();
        assert_eq!(
            b.text,
            "Il rapporto dell'università di Roma\nMario Rossi I-only"
        );
        assert_eq!(
            b.gold,
            vec![
                (3, 6, NerClass::Org),
                (6, 8, NerClass::Per),
                (8, 9, NerClass::Loc)
            ]
        );
        assert_eq!(b.sentences, 2);
        std::fs::write(&f, "Il\n").unwrap();
        assert!(read_bio(&f)
            .unwrap_err()
            .to_string()
            .contains("x.tsv:1: expected token<TAB>tag"));
    }

    #[test]
    fn prf_is_computed() {
        let (p, r, f, ..) = prf(3, 4, 6);
        assert!((p - 0.75).abs() < 1e-9 && (r - 0.5).abs() < 1e-9 && (f - 0.6).abs() < 1e-9);
        assert_eq!(prf(0, 0, 0).2, 0.0);
    }
}
