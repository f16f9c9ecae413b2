//! JSON output. Offsets are converted from bytes to characters (Unicode scalar values), the
//! unit most consumers (Python, JavaScript with care) index text by.

use serde_json::{json, Value};
use vedetta_model::{Analysis, Mention, Span};

/// Maps byte offsets of one text to character offsets.
pub struct CharIndex {
    /// Character offset of each char boundary, indexed by byte (only boundaries are read).
    table: Vec<u32>,
}

impl CharIndex {
    /// Builds the index for `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut table = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (b, _) in text.char_indices() {
            table[b] = n;
            n += 1;
        }
        table[text.len()] = n;
        CharIndex { table }
    }
    /// Character offset of a byte offset on a char boundary.
    pub fn at(&self, byte: usize) -> usize {
        self.table[byte] as usize
    }
    /// A span in characters as (start, end).
    pub fn span(&self, s: Span) -> (usize, usize) {
        (self.at(s.start), self.at(s.end))
    }
}

/// The JSON object for one mention.
pub fn mention_json(m: &Mention, ci: &CharIndex) -> Value {
    let (start, end) = ci.span(m.span);
    json!({
        "text": m.text, "start": start, "end": end, "kind": m.kind, "ner": m.ner,
        "code": m.code, "sector": m.sector, "country": m.country, "wikidata": m.wikidata,
        "name": m.name, "role": m.role, "why": m.why,
        "ambiguous_with": m.ambiguous_with,
    })
}

/// The JSON object for one analysed document.
pub fn analysis_json(an: &Analysis, mentions: &[Mention], with_tokens: bool) -> Value {
    let text = &an.doc.text;
    let ci = CharIndex::new(text);
    let sentences: Vec<Value> = an
        .sentences
        .iter()
        .map(|s| {
            let (start, end) = ci.span(s.span);
            json!({"start": start, "end": end, "text": &text[s.span.start..s.span.end]})
        })
        .collect();
    let mut v = json!({
        "document": {
            "id": an.doc.id, "source": an.doc.source,
            "date": an.doc.date, "date_precision": an.doc.date.map(|d| d.precision()),
            "lang": an.lang, "lang_source": an.lang_source,
            "lang_confidence": an.lang_confidence,
            "title": an.doc.title, "url": an.doc.url, "text": text,
        },
        "sentences": sentences,
        "mentions": mentions.iter().map(|m| mention_json(m, &ci)).collect::<Vec<_>>(),
    });
    if with_tokens {
        v["tokens"] = an
            .tokens
            .iter()
            .map(|t| {
                let (start, end) = ci.span(t.span);
                json!({"text": &text[t.span.start..t.span.end], "start": start, "end": end,
                       "lower": t.lower, "stem": t.stem, "shape": t.shape})
            })
            .collect();
    }
    v
}

/// The syntax of a document's sentences as JSON: per sentence, its words with character
/// offsets, lemma, UPOS, features, head (1-based in the sentence, 0 = root) and relation.
pub fn syntax_json(an: &Analysis, syntax: &[vedetta_model::SentenceSyntax]) -> Value {
    let ci = CharIndex::new(&an.doc.text);
    Value::Array(
        syntax
            .iter()
            .map(|s| {
                json!({
                    "sentence": s.sentence,
                    "words": s.words.iter().enumerate().map(|(i, w)| {
                        let (start, end) = ci.span(w.span);
                        json!({"id": i + 1, "form": w.form, "start": start, "end": end,
                               "lemma": w.lemma, "upos": w.upos.as_str(), "feats": w.feats,
                               "head": w.head, "deprel": w.deprel})
                    }).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
