//! Capitalised names that are not in the dictionary: found, typed (PER/ORG/LOC) by cues, and
//! reported as [`MentionKind::Unknown`] so that nothing named is silently dropped.
//!
//! Cues, in order: an organisation head word in the span (`Università`, `Ministry`) → ORG; a
//! title before or inside (`il ministro X`, `President X`), a known given name, or a surname
//! already seen in a person's name → PER; an all-capitals acronym → ORG; a place preposition
//! before (`a X`, `in X`) → LOC; several capitalised words → PER; otherwise ORG (measured best on the Italian dev set).

use crate::{LangMatcher, SentenceKeys};
use rustc_hash::FxHashSet as HashSet;
use vedetta_model::{Mention, MentionKind, NerClass, Sentence, Shape, Span, Token};

/// Longest unknown name considered, in tokens.
const MAX_NAME_TOKENS: usize = 8;

/// Document-wide facts used to tell sentence-initial words from names.
pub(crate) struct DocStats<'a> {
    /// Lowercase keys seen written in lowercase somewhere in the document.
    lower_seen: HashSet<&'a str>,
    /// Lowercase keys seen capitalised away from the start of a sentence.
    cap_inside: HashSet<&'a str>,
}

impl<'a> DocStats<'a> {
    /// True when the document writes this word in lowercase somewhere.
    pub(crate) fn is_lower_word(&self, lower: &str) -> bool {
        self.lower_seen.contains(lower)
    }

    pub(crate) fn new(tokens: &'a [Token], sentences: &[Sentence]) -> DocStats<'a> {
        let mut lower_seen =
            HashSet::with_capacity_and_hasher(tokens.len() / 2, Default::default());
        let mut cap_inside =
            HashSet::with_capacity_and_hasher(tokens.len() / 8, Default::default());
        for s in sentences {
            for (i, t) in tokens[s.first_token..s.end_token].iter().enumerate() {
                match t.shape {
                    Shape::Lower => {
                        lower_seen.insert(t.lower.as_str());
                    }
                    Shape::Title | Shape::Upper
                        if i > 0 && !opens_clause(&tokens[s.first_token + i - 1]) =>
                    {
                        cap_inside.insert(t.lower.as_str());
                    }
                    _ => {}
                }
            }
        }
        DocStats {
            lower_seen,
            cap_inside,
        }
    }
}

/// Punctuation after which a capital letter does not mark a name (`: La`, `« Il`).
fn opens_clause(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        ":" | "«"
            | "“"
            | "\""
            | "("
            | "-"
            | "–"
            | "—"
            | "‘"
            | "'"
            | "["
            | "„"
            | ";"
            | "."
            | "!"
            | "?"
            | "…"
    )
}

fn is_cap(t: &Token) -> bool {
    matches!(t.shape, Shape::Title | Shape::Upper)
        || (t.shape == Shape::Initial && t.lower.ends_with('.'))
}

/// Unknown names among the tokens not `covered` by other mentions.
pub(crate) fn unknown(
    m: &LangMatcher,
    text: &str,
    toks: &[Token],
    keys: &SentenceKeys<'_>,
    base: usize,
    covered: &[bool],
    stats: &DocStats<'_>,
    people: &mut HashSet<String>,
) -> Vec<Mention> {
    let l = &m.lists;
    let title_hits = l.titles.find_keys(keys.titles);
    let title_end: HashSet<usize> = title_hits.iter().map(|h| h.end).collect();
    let title_at: Vec<(usize, usize)> = title_hits.iter().map(|h| (h.start, h.end)).collect();
    let connector = |t: &Token| {
        t.shape == Shape::Lower && m.pack.name_connectors.contains(&t.lower)
            || m.pack.elisions.contains(&t.lower) && m.pack.name_connectors.contains(&t.lower)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || !is_cap(&toks[i]) {
            i += 1;
            continue;
        }
        let mut s = i;
        let mut e = i + 1;
        loop {
            if e - s >= MAX_NAME_TOKENS {
                break;
            }
            if e < toks.len() && !covered[e] && is_cap(&toks[e]) {
                e += 1;
            } else if e + 1 < toks.len()
                && connector(&toks[e])
                && !covered[e + 1]
                && is_cap(&toks[e + 1])
            {
                e += 2;
            } else if e + 2 < toks.len()
                && connector(&toks[e])
                && connector(&toks[e + 1])
                && !covered[e + 2]
                && is_cap(&toks[e + 2])
            {
                e += 3; // "Council of the Europe", "Repubblica della Sierra"
            } else {
                break;
            }
        }
        i = e;
        // A title at the start of the span is a cue, not part of the name.
        let mut per_cue = false;
        if let Some(&(_, te)) = title_at.iter().find(|(ts, te)| *ts == s && *te < e) {
            s = te;
            per_cue = true;
        }
        if title_end.contains(&s) {
            per_cue = true;
        }
        // Sentence-initial words and function words are not names on their own.
        let initial = s == 0 || opens_clause(&toks[s - 1]);
        while s < e
            && (l.function_words.contains(&toks[s].lower)
                && !(toks[s].shape == Shape::Upper && e - s > 1))
        {
            if !initial && e - s > 1 {
                break;
            }
            s += 1;
        }
        if s >= e {
            continue;
        }
        let first = &toks[s];
        let single = e - s == 1;
        if single && initial && !per_cue {
            let known_name = l.given_names.contains(&first.lower) || people.contains(&first.lower);
            if !known_name
                && (stats.lower_seen.contains(first.lower.as_str())
                    || !stats.cap_inside.contains(first.lower.as_str()))
            {
                continue;
            }
        }
        if single
            && first.shape == Shape::Title
            && !per_cue
            && stats.lower_seen.contains(first.lower.as_str())
            && !l.given_names.contains(&first.lower)
            && !people.contains(&first.lower)
        {
            // A common word capitalised for emphasis (`il Paese`, `la Coppa`): the document
            // also writes it in lowercase.
            continue;
        }
        // A lowercase organisation head word before the name belongs to it:
        // "l'università di Nottingham", "il ministero degli Esteri".
        let mut prev_lower_keyword = false;
        for back in [1usize, 2, 3] {
            if s < back || covered[s - back] {
                break;
            }
            let t = &toks[s - back];
            if t.shape == Shape::Lower && l.org_keywords.contains(&t.lower) {
                prev_lower_keyword = true;
                s -= back;
                break;
            }
            if !connector(t) {
                break;
            }
        }
        let span_toks = &toks[s..e];
        let prev = if s > 0 { Some(&toks[s - 1]) } else { None };
        let class =
            if span_toks.iter().any(|t| l.org_keywords.contains(&t.lower)) || prev_lower_keyword {
                NerClass::Org
            } else if per_cue
                || (!single && l.given_names.contains(&first.lower))
                || span_toks.iter().all(|t| people.contains(&t.lower))
            {
                NerClass::Per
            } else if single && first.shape == Shape::Upper {
                NerClass::Org
            } else if prev.is_some_and(|p| m.pack.place_prepositions.contains(&p.lower)) {
                NerClass::Loc
            } else if !single
                && span_toks
                    .iter()
                    .all(|t| t.shape == Shape::Title || t.shape == Shape::Initial)
            {
                NerClass::Per
            } else if single && l.given_names.contains(&first.lower) {
                NerClass::Per
            } else {
                // Measured on the Italian dev set: unknown single words with no cue are more
                // often organisations (parties, companies, teams) than people or places, once
                // the gazetteer has taken the countries and cities.
                NerClass::Org
            };
        if class == NerClass::Per {
            for t in span_toks {
                people.insert(t.lower.clone());
            }
        }
        let span = Span::new(
            span_toks[0].span.start,
            span_toks[span_toks.len() - 1].span.end,
        );
        out.push(Mention {
            span,
            first_token: base + s,
            end_token: base + e,
            text: text[span.start..span.end].to_string(),
            kind: MentionKind::Unknown,
            ner: Some(class),
            code: None,
            country: None,
            sector: None,
            wikidata: None,
            name: None,
            role: None,
            why: "capitalised name not in the dictionary; class guessed from cues".into(),
            ambiguous_with: Vec::new(),
        });
    }
    out
}
