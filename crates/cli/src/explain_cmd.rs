//! `vedetta explain`: how the coder read each sentence — its parse, its actor mentions,
//! every candidate trigger with the pattern that matched, the arguments found (and how),
//! the verdict, and the events coded.

use crate::coded;
use crate::output::CharIndex;
use crate::pipeline::Pipeline;
use serde_json::{json, Value};
use vedetta_coding::{Trace, Verdict};
use vedetta_pipeline::Doc;

/// The explanation of one coded document: a text report, or JSON with `json`.
pub fn explain_doc(p: &Pipeline, d: &Doc, trace: &[Trace], json: bool) -> Value {
    let an = &d.analysis;
    let ci = CharIndex::new(&an.doc.text);
    let events = coded::event_records(p, d);
    let mut sentences = Vec::new();
    let mut report = format!(
        "# document {} (language {}, date {})\n",
        an.doc.id,
        an.lang,
        an.doc
            .date
            .map(|x| x.to_string())
            .unwrap_or_else(|| "none".into())
    );
    for (si, s) in an.sentences.iter().enumerate() {
        let text = &an.doc.text[s.span.start..s.span.end];
        let syn = d.syntax.iter().find(|x| x.sentence == si);
        let mentions: Vec<&vedetta_model::Mention> = d
            .mentions
            .iter()
            .filter(|m| m.first_token >= s.first_token && m.first_token < s.end_token)
            .collect();
        let cands: Vec<&Trace> = trace.iter().filter(|t| t.sentence == si).collect();
        let evs: Vec<&Value> = d
            .events
            .iter()
            .zip(&events)
            .filter(|(e, _)| s.span.contains(e.trigger))
            .map(|(_, v)| v)
            .collect();
        report.push_str(&format!(
            "\n[sentence {}] {}\n",
            si + 1,
            text.replace('\n', " ")
        ));
        for m in &mentions {
            report.push_str(&format!(
                "  mention {:?} {} ({})\n",
                m.text,
                m.code.as_deref().unwrap_or("uncoded"),
                m.why
            ));
        }
        match syn {
            None => report.push_str(
                "  not parsed: no coded actor mention together with a trigger word of the dictionary\n",
            ),
            Some(syn) => {
                report.push_str("  parse:");
                for (i, w) in syn.words.iter().enumerate() {
                    report.push_str(&format!(
                        " {}:{}/{}/{}>{}:{}",
                        i + 1,
                        w.form,
                        w.lemma,
                        w.upos.as_str(),
                        w.head,
                        w.deprel
                    ));
                }
                report.push('\n');
                if cands.is_empty() {
                    report.push_str("  no word matches a pattern of the dictionary\n");
                }
            }
        }
        for t in &cands {
            report.push_str(&format!(
                "  candidate {}:{} ({}) pattern {} {}{} -> {}\n      actor {:?} via {}; recipient {:?} via {}\n",
                t.word,
                t.form,
                t.lemma,
                t.pattern,
                t.event_type.as_str(),
                if t.passive { " (passive)" } else { "" },
                t.why,
                t.actors,
                if t.actor_via.is_empty() { "-" } else { t.actor_via },
                t.recipients,
                if t.recipient_via.is_empty() { "-" } else { t.recipient_via },
            ));
            if let (Some(p), Some(yes)) = (t.probability, t.learned_event) {
                let top: Vec<String> = t
                    .weighed_most
                    .iter()
                    .map(|(f, w)| format!("{f} {w:+.2}"))
                    .collect();
                report.push_str(&format!(
                    "      learned classifier: probability {p:.2} -> {}; weighed most: {}\n",
                    if yes { "event" } else { "no event" },
                    top.join(", ")
                ));
            }
        }
        for e in &evs {
            report.push_str(&format!(
                "  EVENT {} {} -> {} aux {} evidence {:?}\n",
                e["event"][0].as_str().unwrap_or(""),
                codes(&e["actor"]),
                codes(&e["recipient"]),
                e["aux"].as_str().unwrap_or("asserted"),
                e["event_text"].as_str().unwrap_or(""),
            ));
        }
        if json {
            let (start, end) = ci.span(s.span);
            sentences.push(json!({
                "sentence": si + 1,
                "start": start,
                "end": end,
                "text": text,
                "parsed": syn.is_some(),
                "words": syn.map(|x| x.words.iter().enumerate().map(|(i, w)| json!({
                    "id": i + 1, "form": w.form, "lemma": w.lemma, "upos": w.upos.as_str(),
                    "feats": w.feats, "head": w.head, "deprel": w.deprel})).collect::<Vec<_>>()),
                "mentions": mentions.iter().map(|m| json!({"text": m.text, "code": m.code, "why": m.why})).collect::<Vec<_>>(),
                "candidates": cands,
                "events": evs,
            }));
        }
    }
    let coded_n = trace.iter().filter(|t| t.verdict == Verdict::Coded).count();
    report.push_str(&format!(
        "\n{} candidates, {} coded, {} events after merging duplicates\n",
        trace.len(),
        coded_n,
        d.events.len()
    ));
    if json {
        json!({"id": an.doc.id, "lang": an.lang, "date": an.doc.date, "sentences": sentences})
    } else {
        Value::String(report)
    }
}

fn codes(v: &Value) -> String {
    match v.as_array() {
        Some(a) if !a.is_empty() => a
            .iter()
            .map(|x| x["code"].as_str().unwrap_or("?").to_string())
            .collect::<Vec<_>>()
            .join("+"),
        _ => "[]".into(),
    }
}
