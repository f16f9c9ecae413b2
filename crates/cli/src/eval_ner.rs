//! `vedetta eval-ner`: exact-span NER scores against a CoNLL/BIO file.

use crate::pipeline::Pipeline;
use anyhow::Result;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use vedetta_eval::ner::{score, CLASSES};
use vedetta_model::NerClass;

/// Runs the evaluation and prints the scores.
pub fn run(
    p: &Pipeline,
    path: &Path,
    lang: &str,
    as_json: bool,
    show_errors: usize,
) -> Result<i32> {
    let (bio, an) = vedetta_pipeline::train_ner::analyse_bio(p, path, lang)?;
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
    let key = |x: &BTreeSet<(usize, usize, NerClass)>| -> BTreeSet<((usize, usize), NerClass)> {
        x.iter().map(|&(a, b, c)| ((a, b), c)).collect()
    };
    let scores = score(&key(&gold), &key(&pred));
    let row = |c: vedetta_eval::Prf| {
        let (p, r, f) = c.prf();
        (p, r, f, c.tp_pred, c.predicted, c.gold)
    };
    let mut rows = Vec::new();
    for (c, s) in CLASSES.iter().zip(scores.classes) {
        rows.push((c.label().to_string(), row(s)));
    }
    rows.push(("micro".to_string(), row(scores.micro)));
    if as_json {
        let v: Vec<_> = rows
            .iter()
            .map(|(n, s)| json!({"class": n, "precision": s.0, "recall": s.1, "f1": s.2, "tp": s.3, "predicted": s.4, "gold": s.5}))
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"file": path.display().to_string(), "sentences": bio.sentences.len(), "tokens": bio.tokens.len(), "scores": v, "unaligned_predictions": unaligned})
            )?
        );
    } else {
        outln!(
            "{}: {} sentences, {} tokens, {} gold entities",
            path.display(),
            bio.sentences.len(),
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
