//! Capitalised names that are not in the dictionary: found, typed (PER/ORG/LOC) by cues, and
//! reported as [`MentionKind::Unknown`] so that nothing named is silently dropped.
//!
//! Spans: capitalised words joined by connectors (`di`, `of`) and hyphens (`Berners-Lee`,
//! `al-Maliki`); a lowercase head word before joins them (`piazza X`, `università di X`); a
//! headline word before a name, a trailing function word, a title alone and words of
//! `not_names.txt` (units, feasts, events: `UTC`, `Pasqua`, `Premio`) are dropped; a given name
//! followed by a surname inside a longer span starts a new name.
//!
//! Cues, in order: a place head word (`piazza`, `Museo`, `… Park`) → LOC; an organisation head
//! word in the span or just before it → ORG; a title before, or a given name first → PER; the
//! class strong cues gave the same name elsewhere in the document (computed once per document,
//! [`DocVotes`]); a surname of a person typed earlier or anywhere in the document → PER; an
//! all-capitals acronym → ORG; a place preposition before (`a X`, `in X`) → LOC; several
//! capitalised words → PER unless one is a common word the document writes in lowercase; a
//! `loc_cues.txt` word before (`di X`) → LOC; otherwise ORG (measured best on the Italian dev
//! set).

use crate::{LangMatcher, SentenceKeys};
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;
use std::cell::OnceCell;
use vedetta_model::{Mention, MentionKind, NerClass, Sentence, Shape, Span, Token};

/// Longest unknown name considered, in tokens.
const MAX_NAME_TOKENS: usize = 8;

/// Document-wide facts used to tell sentence-initial words from names.
pub(crate) struct DocStats<'a> {
    /// Lowercase keys seen written in lowercase somewhere in the document.
    lower_seen: HashSet<&'a str>,
    /// Lowercase keys seen capitalised away from the start of a sentence.
    cap_inside: HashSet<&'a str>,
    /// The document's tokens and sentences (token ranges), for the document-level pass.
    tokens: &'a [Token],
    sentences: Vec<(usize, usize)>,
    /// The document's title-gazetteer haystack ([`crate::gazetteer::KeyTable::haystacks`]):
    /// 4 bytes per token.
    titles: &'a str,
    /// Classes given to names by strong cues anywhere in the document, computed on first use.
    votes: OnceCell<DocVotes>,
}

/// What strong cues say about names across the whole document: a name typed once by a title,
/// a given name, a head word or a place preposition keeps that class everywhere.
#[derive(Default)]
struct DocVotes {
    /// Lowercase span text → votes for PER, ORG, LOC.
    spans: HashMap<String, [u32; 3]>,
    /// Lowercase words of names typed PER by a strong cue (surnames said alone later).
    people: HashSet<String>,
}

fn class_index(c: NerClass) -> usize {
    match c {
        NerClass::Per => 0,
        NerClass::Org => 1,
        _ => 2,
    }
}

fn span_key(toks: &[Token]) -> String {
    let mut k = String::new();
    for t in toks {
        if !k.is_empty() {
            k.push(' ');
        }
        k.push_str(&t.lower);
    }
    k
}

impl<'a> DocStats<'a> {
    /// True when the document writes this word in lowercase somewhere.
    pub(crate) fn is_lower_word(&self, lower: &str) -> bool {
        self.lower_seen.contains(lower)
    }

    pub(crate) fn new(
        tokens: &'a [Token],
        sentences: &[Sentence],
        titles: &'a str,
    ) -> DocStats<'a> {
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
            tokens,
            sentences: sentences
                .iter()
                .map(|s| (s.first_token, s.end_token))
                .collect(),
            titles,
            votes: OnceCell::new(),
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

/// Tokens written together with a hyphen continue a name: `Berners` + `-Lee`, `Nouri` +
/// `al-Maliki`. Returns how many tokens to add at `e`, if any.
fn hyphen_join(toks: &[Token], covered: &[bool], e: usize) -> Option<usize> {
    let glued = |a: usize, b: usize| toks[a].span.end == toks[b].span.start;
    let hyphen = |k: usize| matches!(toks[k].lower.as_str(), "-" | "‐");
    if e == 0 || e + 1 >= toks.len() || covered[e] || covered[e + 1] {
        return None;
    }
    if hyphen(e) && glued(e - 1, e) && glued(e, e + 1) && is_cap(&toks[e + 1]) {
        return Some(2);
    }
    // A lowercase particle glued to a capitalised word after a space: "al-Maliki", "el-Sisi".
    if e + 2 < toks.len()
        && !covered[e + 2]
        && toks[e].shape == Shape::Lower
        && toks[e].lower.chars().count() <= 3
        && !glued(e - 1, e)
        && hyphen(e + 1)
        && glued(e, e + 1)
        && glued(e + 1, e + 2)
        && is_cap(&toks[e + 2])
    {
        return Some(3);
    }
    None
}

/// A Roman numeral in capitals (`XXI`, `XV`): a century or an edition, not a name.
fn is_roman_numeral(t: &Token) -> bool {
    t.shape == Shape::Upper
        && t.lower.len() >= 2
        && t.lower
            .bytes()
            .all(|b| matches!(b, b'i' | b'v' | b'x' | b'l' | b'c' | b'd' | b'm'))
}

fn is_cap(t: &Token) -> bool {
    matches!(t.shape, Shape::Title | Shape::Upper)
        || (t.shape == Shape::Initial && t.lower.ends_with('.'))
}

/// A typed name span inside one sentence.
struct Cand {
    s: usize,
    e: usize,
    class: NerClass,
    /// Typed by a strong cue (head word, title, given name, place preposition).
    strong: bool,
}

/// Document-level votes, computed once: every sentence is scanned for names as if nothing
/// were covered, and the classes given by strong cues are remembered.
fn doc_votes(m: &LangMatcher, stats: &DocStats<'_>) -> DocVotes {
    let mut v = DocVotes::default();
    let mut people = HashSet::default();
    for &(a, b) in &stats.sentences {
        let toks = &stats.tokens[a..b];
        // The same hits as `m.lists.titles.find(toks)`, without looking the keys up again.
        let hits = m.lists.titles.find_keys(&stats.titles[4 * a..4 * b]);
        let covered = vec![false; toks.len()];
        for c in candidates(m, toks, &hits, &covered, stats, &mut people, None) {
            if !c.strong {
                continue;
            }
            let st = &toks[c.s..c.e];
            v.spans.entry(span_key(st)).or_default()[class_index(c.class)] += 1;
            if c.class == NerClass::Per {
                // The surname: the last word of a name typed PER by a strong cue.
                let t = &st[st.len() - 1];
                if t.shape == Shape::Title && !m.lists.given_names.contains(&t.lower) {
                    v.people.insert(t.lower.clone());
                }
            }
        }
    }
    v
}

/// Unknown names among the tokens not `covered` by other mentions.
#[allow(clippy::too_many_arguments)]
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
    let votes = stats.votes.get_or_init(|| doc_votes(m, stats));
    let hits = m.lists.titles.find_keys(keys.titles);
    let mut out = Vec::new();
    for c in candidates(m, toks, &hits, covered, stats, people, Some(votes)) {
        let span_toks = &toks[c.s..c.e];
        let span = Span::new(
            span_toks[0].span.start,
            span_toks[span_toks.len() - 1].span.end,
        );
        out.push(unknown_name(
            text,
            span,
            (base + c.s, base + c.e),
            c.class,
            "capitalised name not in the dictionary; class guessed from cues",
        ));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn candidates(
    m: &LangMatcher,
    toks: &[Token],
    title_hits: &[crate::gazetteer::Hit],
    covered: &[bool],
    stats: &DocStats<'_>,
    people: &mut HashSet<String>,
    votes: Option<&DocVotes>,
) -> Vec<Cand> {
    let l = &m.lists;
    let title_end: HashSet<usize> = title_hits.iter().map(|h| h.end).collect();
    let title_at: Vec<(usize, usize)> = title_hits.iter().map(|h| (h.start, h.end)).collect();
    let connector = |t: &Token| {
        t.shape == Shape::Lower
            && (m.pack.name_connectors.contains(&t.lower) || l.name_connectors.contains(&t.lower))
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
            } else if let Some(n) = hyphen_join(toks, covered, e) {
                e += n; // "Berners-Lee", "al-Maliki"
            } else if e + 2 < toks.len()
                && connector(&toks[e])
                && l.given_names.contains(&toks[e + 1].lower)
                && is_cap(&toks[e + 1])
                && is_cap(&toks[e + 2])
            {
                break; // "Microsoft di Bill Gates": a person after the connector
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
        if let Some(&(_, te)) = title_at.iter().find(|(ts, te)| *ts == s && *te <= e) {
            if te == e {
                continue; // a title alone ("il Papa", "Presidente") names nobody
            }
            if !(te == s + 1 && l.name_prefixes.contains(&toks[s].lower)) {
                s = te;
            }
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
        // A trailing function word is not part of the name ("Kanye West Secondo").
        while e - s > 1 && l.function_words.contains(&toks[e - 1].lower) {
            e -= 1;
        }
        // A capitalised common word at the start of a sentence before a name is a headline
        // word, not part of it ("Morto Giorgio Giubilo", "Sciopero Alitalia").
        if initial
            && e - s > 1
            && stats.lower_seen.contains(toks[s].lower.as_str())
            && !l.given_names.contains(&toks[s].lower)
            && !l.org_keywords.contains(&toks[s].lower)
            && !l.loc_keywords.contains(&toks[s].lower)
            && !connector(&toks[s + 1])
        {
            s += 1;
        }
        // A given name followed by a surname inside a longer span starts a new name:
        // "Coldiretti Roberto Moncalvo" is an organisation, then a person.
        if let Some(k) = (s + 1..e.saturating_sub(1)).find(|&k| {
            toks[k].shape == Shape::Title
                && l.given_names.contains(&toks[k].lower)
                && !connector(&toks[k - 1])
                && is_cap(&toks[k - 1])
                && !l.given_names.contains(&toks[k - 1].lower)
                && is_cap(&toks[k + 1])
        }) {
            e = k;
            i = k;
        }
        if s >= e {
            continue;
        }
        // Words that are capitalised but name nothing (units, technical acronyms, feasts).
        if is_roman_numeral(&toks[s])
            || l.not_names.contains(&toks[s].lower)
            || (e - s > 1 && l.not_names.contains(&toks[e - 1].lower))
        {
            continue;
        }
        let first = &toks[s];
        let single = e - s == 1;
        let doc_person =
            |w: &str| people.contains(w) || votes.is_some_and(|v| v.people.contains(w));
        if single && initial && !per_cue {
            let known_name = l.given_names.contains(&first.lower) || doc_person(&first.lower);
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
            && (initial || !l.org_keywords.contains(&first.lower))
            && stats.lower_seen.contains(first.lower.as_str())
            && !l.given_names.contains(&first.lower)
            && !doc_person(&first.lower)
        {
            // A common word capitalised for emphasis (`il Paese`, `la Coppa`): the document
            // also writes it in lowercase.
            continue;
        }
        // A title that belongs to the name ("don Fabio", "suor Rosanna").
        if s > 0
            && !covered[s - 1]
            && toks[s - 1].shape == Shape::Lower
            && l.name_prefixes.contains(&toks[s - 1].lower)
        {
            s -= 1;
            per_cue = true;
        }
        // A lowercase head word before the name belongs to it:
        // "l'università di Nottingham", "il ministero degli Esteri", "piazza Navona".
        let mut prev_lower_keyword = None;
        for back in [1usize, 2, 3] {
            if s < back || covered[s - back] {
                break;
            }
            let t = &toks[s - back];
            if t.shape == Shape::Lower && l.loc_keywords.contains(&t.lower) {
                prev_lower_keyword = Some(NerClass::Loc);
                s -= back;
                break;
            }
            if t.shape == Shape::Lower && l.org_prefixes.contains(&t.lower) {
                prev_lower_keyword = Some(NerClass::Org);
                s -= back;
                break;
            }
            if !connector(t) {
                break;
            }
        }
        let span_toks = &toks[s..e];
        let prev = if s > 0 { Some(&toks[s - 1]) } else { None };
        let voted = votes
            .and_then(|v| v.spans.get(&span_key(span_toks)))
            .and_then(|n| {
                let best = (0..3).max_by_key(|&k| n[k])?;
                (n[best] > 0).then_some([NerClass::Per, NerClass::Org, NerClass::Loc][best])
            });
        let mut strong = true;
        let class = if let Some(c) = prev_lower_keyword {
            c
        } else if (l.loc_keywords.contains(&first.lower)
            || (!single
                && l.loc_keywords
                    .contains(&span_toks[span_toks.len() - 1].lower)))
            && !span_toks.iter().any(|t| l.org_keywords.contains(&t.lower))
        {
            NerClass::Loc
        } else if span_toks.iter().any(|t| l.org_keywords.contains(&t.lower))
            || (single
                && prev
                    .is_some_and(|p| p.shape == Shape::Lower && l.org_keywords.contains(&p.lower)))
        {
            // A head word inside, or in lowercase just before one word ("il gruppo Atlantia").
            NerClass::Org
        } else if per_cue || (!single && l.given_names.contains(&first.lower)) {
            NerClass::Per
        } else if let Some(c) = voted {
            c
        } else if span_toks.iter().all(|t| doc_person(&t.lower)) {
            NerClass::Per
        } else if single && first.shape == Shape::Upper {
            strong = false;
            NerClass::Org
        } else if prev.is_some_and(|p| m.pack.place_prepositions.contains(&p.lower)) {
            NerClass::Loc
        } else {
            strong = false;
            if !single
                && span_toks
                    .iter()
                    .all(|t| t.shape == Shape::Title || t.shape == Shape::Initial)
            {
                // Two capitalised words with no cue: a person, unless one of them is a
                // common word the document also writes in lowercase ("Costa Crociere").
                if span_toks
                    .iter()
                    .any(|t| stats.lower_seen.contains(t.lower.as_str()))
                {
                    NerClass::Org
                } else {
                    NerClass::Per
                }
            } else if single && l.given_names.contains(&first.lower) {
                NerClass::Per
            } else if prev.is_some_and(|p| l.loc_cues.contains(&p.lower)) {
                NerClass::Loc
            } else {
                // Measured on the Italian dev set: unknown single words with no cue are more
                // often organisations (parties, companies, teams) than people or places, once
                // the gazetteer has taken the countries and cities.
                NerClass::Org
            }
        };
        if class == NerClass::Per {
            for t in span_toks {
                people.insert(t.lower.clone());
            }
        }
        out.push(Cand {
            s,
            e,
            class,
            strong,
        });
    }
    out
}

/// An unknown name: a mention with a class and no dictionary entry.
pub(crate) fn unknown_name(
    text: &str,
    span: Span,
    (first_token, end_token): (usize, usize),
    class: NerClass,
    why: &str,
) -> Mention {
    Mention {
        span,
        first_token,
        end_token,
        text: text[span.start..span.end].to_string(),
        kind: MentionKind::Unknown,
        ner: Some(class),
        code: None,
        country: None,
        sector: None,
        wikidata: None,
        name: None,
        role: None,
        why: why.into(),
        ambiguous_with: Vec::new(),
    }
}
