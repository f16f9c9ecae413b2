//! `vedetta eval GOLD.jsonl`: scores the coder against the gold format of
//! `shared/gold/FORMAT.md` — events (strict, actor-only, strict+aux), time values, quote
//! speakers, attribution.

use crate::coded::Coded;
use crate::pipeline::Pipeline;
use anyhow::{Context, Result};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use vedetta_eval::events::{align, fold, GoldDoc, Level};
use vedetta_eval::Prf as Counts;
use vedetta_model::{Document, Event, PartialDate};

/// Runs the evaluation.
pub fn run(p: &Pipeline, path: &Path, as_json: bool, show_errors: bool) -> Result<i32> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let levels = Level::ALL;
    let mut totals: BTreeMap<Level, Counts> = BTreeMap::new();
    let mut per_type: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut tx_ok, mut tx_n, mut q_ok, mut q_n, mut at_ok, mut at_n, mut docs, mut failed) =
        (0, 0, 0, 0, 0, 0, 0, 0);
    let mut errors: Vec<String> = Vec::new();
    for (ln, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldDoc = match serde_json::from_str(line) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("error: {}:{}: broken JSON: {e}", path.display(), ln + 1);
                failed += 1;
                continue;
            }
        };
        let date = match g.date.as_deref().map(PartialDate::parse).transpose() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {}:{}: {e}", path.display(), ln + 1);
                failed += 1;
                continue;
            }
        };
        let doc = Document {
            id: g.id.clone(),
            source: format!("{}:{}", path.display(), ln + 1),
            date,
            lang: g.lang.clone(),
            title: None,
            url: None,
            text: g.text.clone(),
        };
        let c: Coded = match p.code(doc, None) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {}:{}: {e}", path.display(), ln + 1);
                failed += 1;
                continue;
            }
        };
        docs += 1;
        let doc_text = &c.analysis.doc.text;
        let preds: Vec<(Event, String)> = c
            .events
            .iter()
            .map(|e| {
                (
                    e.clone(),
                    doc_text[e.sentence.start..e.sentence.end].to_string(),
                )
            })
            .collect();
        for level in levels {
            let al = align(&g.events, &preds, level);
            let mut cn = Counts::default();
            for (pi, m) in al.iter().enumerate() {
                match m {
                    Some(gi) if g.events[*gi].optional => {}
                    Some(_) => {
                        cn.tp_pred += 1;
                        cn.predicted += 1;
                    }
                    None => cn.predicted += 1,
                }
                if level == Level::Strict {
                    let t = per_type
                        .entry(preds[pi].0.event_type.as_str().to_string())
                        .or_default();
                    match m {
                        Some(gi) if g.events[*gi].optional => {}
                        Some(_) => {
                            t.tp_pred += 1;
                            t.predicted += 1;
                        }
                        None => t.predicted += 1,
                    }
                }
            }
            for (gi, ge) in g.events.iter().enumerate() {
                if ge.optional {
                    continue;
                }
                let hit = al.contains(&Some(gi));
                cn.gold += 1;
                if hit {
                    cn.tp_gold += 1;
                }
                if level == Level::Strict {
                    let ty = ge.event_type.split('|').next().unwrap_or("").to_string();
                    let t = per_type.entry(ty).or_default();
                    t.gold += 1;
                    if hit {
                        t.tp_gold += 1;
                    }
                }
                if level == Level::ActorOnly && !ge.attribution.is_empty() {
                    if let Some(pi) = al.iter().position(|m| *m == Some(gi)) {
                        at_n += 1;
                        let want = fold(&ge.attribution[0]).to_lowercase();
                        if preds[pi].0.attribution.first().is_some_and(|a| {
                            let a = fold(a).to_lowercase();
                            a.contains(&want) || want.contains(&a)
                        }) {
                            at_ok += 1;
                        } else if show_errors {
                            errors.push(format!(
                                "ATTRIBUTION {} {} want {:?} got {:?}",
                                g.id, ge.event_type, ge.attribution, preds[pi].0.attribution
                            ));
                        }
                    }
                }
            }
            if level == Level::Strict && show_errors {
                for (gi, ge) in g.events.iter().enumerate() {
                    if !ge.optional && !al.contains(&Some(gi)) {
                        errors.push(format!(
                            "MISS {} {} {:?}->{:?} aux={:?} | {}",
                            g.id,
                            ge.event_type,
                            ge.source,
                            ge.target,
                            ge.aux,
                            ge.evidence.clone().unwrap_or_else(|| g
                                .text
                                .chars()
                                .take(160)
                                .collect())
                        ));
                    }
                }
                for (pi, m) in al.iter().enumerate() {
                    if m.is_none() {
                        let e = &preds[pi].0;
                        errors.push(format!(
                            "FP   {} {} {:?}->{:?} aux={:?} [{}] | {}",
                            g.id,
                            e.event_type,
                            e.actor.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
                            e.recipient
                                .iter()
                                .map(|x| x.code.as_str())
                                .collect::<Vec<_>>(),
                            e.aux.map(|a| a.label()),
                            e.pattern,
                            preds[pi].1
                        ));
                    }
                }
            }
            totals.entry(level).or_default().add(cn);
        }
        // Time values: a gold timex is right when a predicted one overlaps its text and has its value.
        for gt in &g.timexes {
            tx_n += 1;
            let curly = gt.text.replace('\'', "\u{2019}");
            let found = doc_text
                .find(&gt.text)
                .map(|p| (p, gt.text.len()))
                .or_else(|| doc_text.find(&curly).map(|p| (p, curly.len())));
            if let Some((pos, len)) = found {
                let span = vedetta_model::Span::new(pos, pos + len);
                if c.timexes
                    .iter()
                    .any(|t| t.span.overlaps(span) && t.value == gt.value)
                {
                    tx_ok += 1;
                } else if show_errors {
                    let got: Vec<String> = c
                        .timexes
                        .iter()
                        .filter(|t| t.span.overlaps(span))
                        .map(|t| format!("{}={}", t.text, t.value))
                        .collect();
                    errors.push(format!(
                        "TIMEX {} {:?} want {} got {:?}",
                        g.id, gt.text, gt.value, got
                    ));
                }
            }
        }
        for gq in &g.quotes {
            q_n += 1;
            let begins = fold(&gq.begins);
            let want = gq.speaker.to_lowercase();
            let found = c
                .quotes
                .iter()
                .find(|q| fold(&q.text).starts_with(&begins) || fold(&q.text).contains(&begins));
            let ok = found.and_then(|q| q.speaker.as_ref()).is_some_and(|s| {
                let s = s.to_lowercase();
                s.contains(&want) || want.contains(&s)
            });
            if ok {
                q_ok += 1;
            } else if show_errors {
                errors.push(format!(
                    "QUOTE {} {:?} want speaker {:?} got {:?}",
                    g.id,
                    gq.begins,
                    gq.speaker,
                    found.map(|q| q.speaker.clone())
                ));
            }
        }
    }
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            None
        } else {
            Some(a as f64 / b as f64)
        }
    };
    let level_name = |l: &Level| l.name();
    if as_json {
        let lv: serde_json::Map<String, serde_json::Value> = totals
            .iter()
            .map(|(l, c)| {
                let (p, r, f) = c.prf();
                (level_name(l).to_string(), json!({"precision": p, "recall": r, "f1": f, "matched_predictions": c.tp_pred, "predictions": c.predicted, "matched_gold": c.tp_gold, "gold": c.gold}))
            })
            .collect();
        let pt: serde_json::Map<String, serde_json::Value> = per_type
            .iter()
            .map(|(t, c)| {
                let (p, r, f) = c.prf();
                (t.clone(), json!({"precision": p, "recall": r, "f1": f, "predictions": c.predicted, "gold": c.gold}))
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "file": path.display().to_string(), "documents": docs, "failed": failed,
                "events": lv, "per_type_strict": pt,
                "timex_value_accuracy": ratio(tx_ok, tx_n), "timexes": tx_n,
                "quote_speaker_accuracy": ratio(q_ok, q_n), "quotes": q_n,
                "attribution_accuracy": ratio(at_ok, at_n), "attributions": at_n,
                "errors": errors,
            }))?
        );
    } else {
        outln!("{}: {} documents ({} failed)", path.display(), docs, failed);
        outln!(
            "{:<12} {:>9} {:>9} {:>9} {:>11} {:>9}",
            "events",
            "precision",
            "recall",
            "F1",
            "pred (ok)",
            "gold (ok)"
        );
        for (l, c) in &totals {
            let (p, r, f) = c.prf();
            outln!(
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>6} ({:>3}) {:>4} ({:>3})",
                level_name(l),
                p,
                r,
                f,
                c.predicted,
                c.tp_pred,
                c.gold,
                c.tp_gold
            );
        }
        outln!("per type (strict):");
        for (t, c) in &per_type {
            let (p, r, f) = c.prf();
            outln!(
                "  {:<10} {:>9.3} {:>9.3} {:>9.3} {:>6} {:>6}",
                t,
                p,
                r,
                f,
                c.predicted,
                c.gold
            );
        }
        let show = |name: &str, ok: usize, n: usize| -> Result<()> {
            if n > 0 {
                outln!("{name:<28} {ok}/{n} = {:.3}", ok as f64 / n as f64);
            }
            Ok(())
        };
        show("timex values", tx_ok, tx_n)?;
        show("quote speakers", q_ok, q_n)?;
        show("attribution (nearest source)", at_ok, at_n)?;
        for e in &errors {
            outln!("{e}");
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
