//! Finding place names: gazetteer hits on the token stream, checked against the mentions.

use crate::{Geo, LangGeo};
use rustc_hash::FxHashSet as HashSet;
use vedetta_model::{Analysis, Mention, MentionKind, Shape, Span};

/// A place name found in the text, before resolution.
#[derive(Debug, Clone)]
pub struct Name {
    /// Byte span.
    pub span: Span,
    /// First token.
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
    /// The gazetteer rows it may be.
    pub candidates: Vec<u32>,
    /// The dictionary mention it is, if any: its kind and country.
    pub mention: Option<(MentionKind, Option<String>)>,
    /// It opens the document as a dateline.
    pub dateline: bool,
    /// A place preposition is among the three words before it (`in`, `a`, `in tutto il`).
    pub after_place_preposition: bool,
    /// An administrative unit word names it (`regione di X`, `state of X`, `X region`).
    pub unit_word: bool,
    /// A word of a sub-national office names it (`governatore della X`, `X Governor`):
    /// not a country.
    pub subnational: bool,
}

/// Mentions whose words are not a place even where a place name is among them (`George
/// Washington`, `Washington Post`, `Cremlino`, `Partito Democratico`); organisations and
/// agents keep their places (`polizia della Macedonia`, `Munich Security Conference`).
fn blocks(kind: MentionKind) -> bool {
    matches!(
        kind,
        MentionKind::Person
            | MentionKind::Media
            | MentionKind::Party
            | MentionKind::ArmedGroup
            | MentionKind::Igo
            | MentionKind::Metonym
            | MentionKind::Demonym
    )
}

fn is_place_kind(kind: MentionKind) -> bool {
    matches!(
        kind,
        MentionKind::Country | MentionKind::Capital | MentionKind::Place
    )
}

/// The place names of a document, in text order.
pub(crate) fn find(geo: &Geo, lg: &LangGeo, an: &Analysis, mentions: &[Mention]) -> Vec<Name> {
    let toks = &an.tokens;
    let text = &an.doc.text;
    // Words the document also writes in lowercase are common words, not names.
    let lower_words: HashSet<&str> = toks
        .iter()
        .filter(|t| t.shape == Shape::Lower)
        .map(|t| t.lower.as_str())
        .collect();
    let mut out: Vec<Name> = Vec::new();
    for (si, s) in an.sentences.iter().enumerate() {
        let end = s.end_token.min(toks.len());
        if s.first_token >= end {
            continue;
        }
        let sent = &toks[s.first_token..end];
        for hit in lg.automaton.find(sent) {
            let (a, b) = (s.first_token + hit.start, s.first_token + hit.end);
            let mut candidates: Vec<u32> =
                lg.automaton.candidates(&hit, &toks[a]).copied().collect();
            candidates.sort_unstable();
            candidates.dedup();
            if candidates.is_empty() {
                continue;
            }
            let span = Span::new(toks[a].span.start, toks[b - 1].span.end);
            let over: Vec<&Mention> = mentions.iter().filter(|m| m.span.overlaps(span)).collect();
            // A blocking mention holding the whole name; one the name runs past was cut
            // short by the dictionary (`Conferenza … di Monaco` + `Monaco di Baviera`).
            if over.iter().any(|m| blocks(m.kind) && m.span.contains(span)) {
                continue;
            }
            let place = over.iter().find(|m| is_place_kind(m.kind));
            let unknown = over.iter().find(|m| m.kind == MentionKind::Unknown);
            let loc_tag = unknown.is_some_and(|u| u.ner == Some(vedetta_model::NerClass::Loc));
            if let (None, Some(u)) = (place, unknown) {
                // A longer unknown name holding the place ("Kharkiv Airport") is not it,
                // unless the tagger calls it a location.
                // (A phrase that starts in lowercase, `polizia della Macedonia`, is no name.)
                let lower_start = toks
                    .get(u.first_token)
                    .is_some_and(|t| t.shape == Shape::Lower);
                if u.span != span && !loc_tag && !lower_start {
                    continue;
                }
            }
            // The first word of a document followed by `,` `(` or a dash: a dateline.
            let next = toks
                .get(b)
                .map(|t| text[t.span.start..t.span.end].to_string());
            let opens = si == 0 && a == first_word(an);
            let dateline = opens
                && next
                    .as_deref()
                    .is_some_and(|n| matches!(n, "," | "(" | "–" | "—" | "-" | ":"));
            let after_place_preposition = toks[a.saturating_sub(3).max(s.first_token)..a]
                .iter()
                .any(|t| lg.place_preps.contains(&t.lower));
            if place.is_none() && !loc_tag {
                // Evidence that a bare gazetteer name is a place.
                let single = b - a == 1;
                // A place preposition among the three words before (`a`, `in tutto il`).
                let after_prep = after_place_preposition;
                // `X, Y` / `X (Y)`: a name next to another place.
                let beside_place = next.as_deref().is_some_and(|n| n == "," || n == "(")
                    || (a >= s.first_token + 2
                        && matches!(
                            &text[toks[a - 1].span.start..toks[a - 1].span.end],
                            "," | "("
                        )
                        && out.last().is_some_and(|n: &Name| n.end_token == a - 1));
                let initial = a == s.first_token
                    || toks[s.first_token..a]
                        .iter()
                        .all(|t| t.shape == Shape::Punct);
                if initial && !dateline && !after_prep {
                    continue;
                }
                if single
                    && (lg.function_words.contains(&toks[a].lower)
                        || (lower_words.contains(toks[a].lower.as_str()) && !after_prep))
                {
                    continue;
                }
                // The dictionary has every large place; a one-word name it lacks is a
                // small place or a word written with a capital (`Paese`, `Forte`, `Fano`
                // militia): it needs a preposition, a neighbouring place or the dateline.
                if single && !(after_prep || beside_place || dateline) {
                    continue;
                }
            }
            out.push(Name {
                span,
                first_token: a,
                end_token: b,
                candidates,
                mention: place.map(|m| (m.kind, m.country.clone())),
                dateline,
                after_place_preposition,
                unit_word: unit_word(lg, an, a, b),
                subnational: named_by(&lg.words.subnational_words, lg, an, a, b),
            });
        }
    }
    // Place mentions of the dictionary the gazetteer has no hit for (other spellings).
    for m in mentions.iter().filter(|m| is_place_kind(m.kind)) {
        if out.iter().any(|n| n.span.overlaps(m.span)) {
            continue;
        }
        let mut candidates: Vec<u32> = geo.table.lookup(&m.text).to_vec();
        let country = m.country.as_deref();
        let fallback = match (m.kind, country) {
            (MentionKind::Country, Some(c)) => geo.table.country(c),
            (MentionKind::Capital, Some(c)) => geo.table.capital(c),
            _ => None,
        };
        if candidates.is_empty() {
            candidates.extend(fallback);
        }
        out.push(Name {
            span: m.span,
            first_token: m.first_token,
            end_token: m.end_token,
            candidates,
            mention: Some((m.kind, m.country.clone())),
            dateline: false,
            after_place_preposition: false,
            unit_word: unit_word(lg, an, m.first_token, m.end_token),
            subnational: named_by(
                &lg.words.subnational_words,
                lg,
                an,
                m.first_token,
                m.end_token,
            ),
        });
    }
    out.sort_by_key(|n| (n.span.start, n.span.end));
    out
}

/// An administrative unit word names tokens `a..b`: `regione di X`, `state of X`, `X State`.
fn unit_word(lg: &LangGeo, an: &Analysis, a: usize, b: usize) -> bool {
    named_by(&lg.words.unit_words, lg, an, a, b)
}

/// A word of `list` names tokens `a..b`: before them with a link word (`X di`, `X of`) or
/// right after them (`X State`, `X Governor`).
fn named_by(list: &[String], lg: &LangGeo, an: &Analysis, a: usize, b: usize) -> bool {
    let toks = &an.tokens;
    let before = a >= 2
        && list.contains(&toks[a - 2].lower)
        && lg.words.unit_links.contains(&toks[a - 1].lower);
    let after = toks.get(b).is_some_and(|t| list.contains(&t.lower));
    before || after
}

/// The first word token of the document (after opening quotes and punctuation).
fn first_word(an: &Analysis) -> usize {
    an.tokens
        .iter()
        .position(|t| t.shape != Shape::Punct)
        .unwrap_or(0)
}
