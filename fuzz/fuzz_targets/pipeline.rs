//! The whole coder on outside text: language identification, tokens, sentences, mentions,
//! time expressions, quotes, quantities, events. The first byte picks the language (detected,
//! Italian, English) and the document date.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vedetta_fuzz::pipeline;
use vedetta_model::{Document, PartialDate};

fuzz_target!(|data: &[u8]| {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let force = match flag % 3 {
        0 => None,
        1 => Some("it"),
        _ => Some("en"),
    };
    let date = match flag / 3 % 4 {
        0 => None,
        1 => PartialDate::parse("2024").ok(),
        2 => PartialDate::parse("2024-05").ok(),
        _ => PartialDate::parse("2024-05-17").ok(),
    };
    let doc = Document {
        id: "fuzz".into(),
        source: "fuzz.txt".into(),
        date,
        lang: None,
        title: None,
        url: None,
        text,
    };
    let p = pipeline();
    if let Ok(c) = p.code(doc, force) {
        let len = c.analysis.doc.text.len();
        let text = &c.analysis.doc.text;
        for m in &c.mentions {
            assert!(m.span.start <= m.span.end && m.span.end <= len, "mention out of text");
            assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        }
        for e in &c.events {
            assert!(e.evidence.end <= len && e.trigger.end <= len, "event out of text");
        }
        // Every span must slice the text (the CLI turns them into character offsets).
        for t in &c.timexes {
            let _ = &text[t.span.start..t.span.end];
        }
        for q in &c.quotes {
            let _ = &text[q.span.start..q.span.end];
            if let Some(s) = q.speaker_span {
                let _ = &text[s.start..s.end];
            }
        }
        // `explain` on the first word, as `vedetta actors explain` would.
        if let Some(t) = c.analysis.tokens.first() {
            let word = &text[t.span.start..t.span.end];
            let _ = p.mentions.explain(&p.analyzer, word, &c.analysis.lang, c.analysis.doc.date);
        }
    }
});
