//! Event coding: PLOVER event types and modes, actor/recipient, auxiliary mode, attribution.
//!
//! For each sentence: triggers of the language's patterns are found on stem keys
//! ([`patterns`]), each trigger's actor and recipient are found by position ([`frame`]), the
//! auxiliary mode comes from cues in the clause or from the event's date ([`aux`]), the date
//! from a time expression of the same sentence, attribution from the quotes and reporting
//! clauses found by `mentions`.

pub mod aux;
pub mod frame;
pub mod patterns;

use std::collections::BTreeMap;

use aux::AuxCues;
use patterns::{PatternError, PatternSet};
use serde::Deserialize;
use vedetta_analysis::Analyzer;
use vedetta_data::DataSource;
use vedetta_model::{
    Analysis, Aux, Event, EventEntity, Mention, MentionKind, PartialDate, Quantity, Timex,
};

/// Errors loading the coder's data.
#[derive(Debug, thiserror::Error)]
pub enum CodingError {
    /// A pattern or cue file is wrong.
    #[error(transparent)]
    Pattern(#[from] PatternError),
    /// A data file could not be read.
    #[error(transparent)]
    Data(#[from] vedetta_data::DataError),
}

/// Quad class and scale of a CAMEO root code (`data/plover/cameo.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct CameoRoot {
    /// 1 verbal cooperation … 4 material conflict.
    pub quad: u8,
    /// Goldstein weight.
    pub scale: f64,
    /// Name of the root.
    pub name: String,
}

#[derive(Deserialize)]
struct CameoToml {
    roots: BTreeMap<String, CameoRoot>,
}

struct LangCoder {
    patterns: PatternSet,
    aux: AuxCues,
}

/// The event coder for all loaded languages.
pub struct Coder {
    langs: BTreeMap<String, LangCoder>,
    cameo: BTreeMap<String, CameoRoot>,
}

/// What the coder needs besides the analysis: the outputs of the `mentions` stage.
pub struct Inputs<'a> {
    /// Actor mentions.
    pub mentions: &'a [Mention],
    /// Time expressions.
    pub timexes: &'a [Timex],
    /// Quantities.
    pub quantities: &'a [Quantity],
    /// Attribution chain for a claim at a byte span (nearest source first).
    pub attribution: &'a dyn Fn(vedetta_model::Span) -> Vec<String>,
}

/// Events more than this many days before the document are `historical`.
const HISTORICAL_DAYS: i64 = 366;

impl Coder {
    /// Loads patterns and cues for every language of `analyzer`.
    pub fn load(src: &DataSource, analyzer: &Analyzer) -> Result<Coder, CodingError> {
        let mut langs = BTreeMap::new();
        for code in analyzer.languages() {
            let pack = analyzer.pack(code).expect("listed");
            langs.insert(
                code.to_string(),
                LangCoder {
                    patterns: PatternSet::load(pack)?,
                    aux: AuxCues::load(pack)?,
                },
            );
        }
        let cameo = match src.file("plover/cameo.toml")? {
            Some(f) => {
                toml::from_str::<CameoToml>(&f.text)
                    .map_err(|e| PatternError {
                        path: f.path.clone(),
                        msg: e.to_string(),
                    })?
                    .roots
            }
            None => BTreeMap::new(),
        };
        Ok(Coder { langs, cameo })
    }

    /// Number of patterns per language.
    pub fn pattern_counts(&self) -> Vec<(String, usize)> {
        self.langs
            .iter()
            .map(|(l, c)| (l.clone(), c.patterns.patterns.len()))
            .collect()
    }

    /// The CAMEO root entry of a code (`0234` → `02`).
    pub fn cameo_root(&self, cameo: &str) -> Option<&CameoRoot> {
        self.cameo.get(cameo.get(..2)?)
    }

    /// Codes the events of one analysed document.
    pub fn code(&self, an: &Analysis, inp: &Inputs<'_>) -> Vec<Event> {
        let Some(lc) = self.langs.get(&an.lang) else {
            return Vec::new();
        };
        let tokens = &an.tokens;
        let mut out = Vec::new();
        // The inputs in text order once per document, so each sentence finds its own by binary
        // search: the work per sentence does not grow with the document.
        let mentions = sorted_by(inp.mentions, |m| m.first_token);
        let timexes = sorted_by(inp.timexes, |t| t.span.start);
        let quantities = sorted_by(inp.quantities, |q| q.span.start);
        for s in &an.sentences {
            let (from, to) = (s.first_token, s.end_token);
            if is_heading(an, s) {
                continue;
            }
            let hits = lc.patterns.find(tokens, from, to);
            if hits.is_empty() {
                continue;
            }
            let actors = sentence_actors(within(&mentions, |m| m.first_token, from, to), from, to);
            let sentence_timexes = within(&timexes, |t| t.span.start, s.span.start, s.span.end);
            let sentence_quantities =
                within(&quantities, |q| q.span.start, s.span.start, s.span.end);
            let sent = frame::Sentence {
                tokens,
                from,
                to,
                actors: &actors,
                words: &lc.patterns.frame,
            };
            let cues = lc.aux.find(tokens, from, to);
            let framed: Vec<(patterns::TriggerHit, frame::Frame)> = hits
                .into_iter()
                .filter_map(|h| {
                    let p = &lc.patterns.patterns[h.pattern];
                    let f = sent.frame(p, h.start, h.end);
                    (!f.actors.is_empty() && (!p.needs_recipient || !f.recipients.is_empty()))
                        .then_some((h, f))
                })
                .collect();
            for (h, f) in main_events(&sent, framed) {
                let p = &lc.patterns.patterns[h.pattern];
                let entity = |k: &usize| {
                    let m = actors[*k];
                    EventEntity {
                        code: m.code.clone().unwrap_or_default(),
                        sector: m.sector.clone(),
                        entity_text: m.text.clone(),
                        identifier_id: m.wikidata.clone(),
                        span: m.span,
                    }
                };
                let mut actor: Vec<EventEntity> = f.actors.iter().map(entity).collect();
                let mut recipient: Vec<EventEntity> = f.recipients.iter().map(entity).collect();
                dedup_entities(&mut actor);
                dedup_entities(&mut recipient);
                // A recipient that is the actor itself is dropped; one of the same country with
                // another sector stays (a government against its own opposition or citizens).
                recipient.retain(|r| {
                    !actor.iter().any(|a| {
                        a.span == r.span
                            || (top(&a.code) == top(&r.code)
                                && (a.sector.is_none()
                                    || r.sector.is_none()
                                    || a.sector == r.sector))
                    })
                });
                if p.reciprocal {
                    let tops: Vec<&str> = actor.iter().map(|e| top(&e.code)).collect();
                    recipient.retain(|r| !tops.contains(&top(&r.code)));
                }
                let evidence = vedetta_model::Span::new(
                    tokens[f.first].span.start,
                    tokens[f.end - 1].span.end,
                );
                let trigger = vedetta_model::Span::new(
                    tokens[h.start].span.start,
                    tokens[h.end - 1].span.end,
                );
                // Date: a time expression in the sentence, else the document's.
                let timex = sentence_timexes
                    .iter()
                    .copied()
                    .find(|t| s.span.contains(t.span) && t.date.is_some());
                let (date, date_source) = match timex {
                    Some(t) => (t.date, "timex"),
                    None => (an.doc.date, "document"),
                };
                let (aux, aux_cue) =
                    aux_mode(&cues, &lc.aux, &sent, h.start, h.end, tokens, &an.doc.text)
                        .map(|(a, c)| (Some(a), Some(c)))
                        .unwrap_or_else(|| match (date, an.doc.date, timex) {
                            (Some(d), Some(doc), Some(t))
                                if days_between(d, doc) > HISTORICAL_DAYS =>
                            {
                                (Some(Aux::Historical), Some(t.text.clone()))
                            }
                            _ => (None, None),
                        });
                let mode = p.mode.clone().or_else(|| {
                    p.modes.iter().find_map(|(mode, words)| {
                        let window = &tokens[h.end..to.min(h.end + 8)];
                        window
                            .iter()
                            .any(|t| words.iter().any(|w| vedetta_analysis::fold(w) == t.lower))
                            .then(|| mode.clone())
                    })
                });
                let clause = (sent.clause_start(f.first), sent.clause_end(f.end));
                let clause_span = vedetta_model::Span::new(
                    tokens[clause.0].span.start,
                    tokens[clause.1.max(clause.0 + 1) - 1].span.end,
                );
                let quantities = sentence_quantities
                    .iter()
                    .filter(|q| clause_span.contains(q.span))
                    .map(|q| (*q).clone())
                    .collect();
                out.push(Event {
                    event_type: p.event_type.clone(),
                    mode,
                    context: p.context.clone(),
                    cameo: p.cameo.clone(),
                    actor,
                    recipient,
                    reciprocal: p.reciprocal,
                    aux,
                    aux_cue,
                    attribution: (inp.attribution)(trigger),
                    evidence,
                    trigger,
                    sentence: s.span,
                    date,
                    date_source,
                    quantities,
                    pattern: p.id.clone(),
                });
            }
        }
        dedup(out)
    }
}

/// One main event per clause: a trigger inside another event's arguments (after its
/// trigger), or right after a purpose marker (`to`, `per`) following another trigger of the
/// clause, belongs to that event and is not coded on its own (`refused to deploy troops` is
/// REJECT, not also MOBILIZE). Patterns sharing one trigger are alternatives and all stay.
fn main_events(
    sent: &frame::Sentence<'_>,
    mut framed: Vec<(patterns::TriggerHit, frame::Frame)>,
) -> Vec<(patterns::TriggerHit, frame::Frame)> {
    framed.sort_by_key(|(h, _)| (h.start, h.pattern));
    let mut kept: Vec<(patterns::TriggerHit, frame::Frame)> = Vec::new();
    for (h, f) in framed {
        let clause = sent.clause_start(h.start);
        let purpose = (h.start.saturating_sub(3).max(sent.from)..h.start).any(|i| {
            sent.words.purpose_markers.iter().any(|m| {
                let parts: Vec<&str> = m.split(' ').collect();
                i + parts.len() <= h.start
                    && h.start - (i + parts.len()) <= 1
                    && parts
                        .iter()
                        .enumerate()
                        .all(|(k, w)| sent.tokens[i + k].lower == *w)
            })
        });
        let governed = kept.iter().any(|(a, af)| {
            a.start < h.start
                && sent.clause_start(a.start) == clause
                && ((h.start >= a.end && h.end <= af.end) || purpose)
        });
        if !governed {
            kept.push((h, f));
        }
    }
    kept
}

/// A section heading: a short line without final punctuation. Headings restate the body and
/// are not coded.
fn is_heading(an: &Analysis, s: &vedetta_model::Sentence) -> bool {
    let text = &an.doc.text;
    let last = &an.tokens[s.end_token - 1];
    let ends_line = text[s.span.end..].starts_with(['\n', '\r']) || s.span.end == text.len();
    let starts_line = s.span.start == 0 || text[..s.span.start].ends_with(['\n', '\r']);
    starts_line
        && ends_line
        && s.end_token - s.first_token <= 12
        && !matches!(
            last.lower.as_str(),
            "." | "!" | "?" | "»" | "”" | "\"" | "…"
        )
        && s.span.start > 0
}

/// Keeps the first entity of each code (`leader nordcoreano` + `Kim Jong Un` → one PRKGOV).
fn dedup_entities(v: &mut Vec<EventEntity>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|e| seen.insert(e.code.clone()));
}

fn top(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

fn days_between(a: PartialDate, b: PartialDate) -> i64 {
    let d = |x: (i16, u8, u8)| x.0 as i64 * 365 + x.1 as i64 * 30 + x.2 as i64;
    d(b.first_day()) - d(a.last_day())
}

/// The auxiliary mode of a trigger at `[ts, te)` from the cues of its clause within the
/// window: negation (before the trigger) outranks hypothetical, which outranks future, which
/// outranks historical; among cues of one rank the nearest wins.
fn aux_mode(
    cues: &[aux::CueHit],
    conf: &AuxCues,
    sent: &frame::Sentence<'_>,
    ts: usize,
    te: usize,
    tokens: &[vedetta_model::Token],
    text: &str,
) -> Option<(Aux, String)> {
    let (lo, hi) = (sent.clause_start(ts), sent.clause_end(te));
    let rank = |a: Aux| match a {
        Aux::Negation => 0,
        Aux::Hypothetical => 1,
        Aux::Future => 2,
        Aux::Historical => 3,
    };
    cues.iter()
        .filter(|c| c.start >= lo && c.end <= hi)
        .filter_map(|c| {
            let dist = if c.end <= ts {
                ts - c.end
            } else if c.start >= te {
                if c.aux == Aux::Negation {
                    return None;
                }
                c.start - te
            } else {
                // A cue inside the trigger ("will provide", "no agreement") is part of the
                // pattern's meaning, not a mode of it.
                return None;
            };
            (dist <= conf.window).then_some((rank(c.aux), dist, c))
        })
        .min_by_key(|(r, d, c)| (*r, *d, c.start))
        .map(|(_, _, c)| {
            (
                c.aux,
                text[tokens[c.start].span.start..tokens[c.end - 1].span.end].to_string(),
            )
        })
}

/// References to `items` in the order of `key` (stable: ties keep their order).
fn sorted_by<T>(items: &[T], key: impl Fn(&T) -> usize) -> Vec<&T> {
    let mut v: Vec<&T> = items.iter().collect();
    v.sort_by_key(|x| key(x));
    v
}

/// The run of `sorted` (in `key` order) whose keys lie in `[lo, hi)`.
fn within<'a, 'b, T>(
    sorted: &'b [&'a T],
    key: impl Fn(&T) -> usize,
    lo: usize,
    hi: usize,
) -> &'b [&'a T] {
    let a = sorted.partition_point(|x| key(x) < lo);
    let b = a + sorted[a..].partition_point(|x| key(x) < hi);
    &sorted[a..b]
}

/// Actor mentions of a sentence that can be event arguments: coded, not nested in another.
/// `mentions` are the document's mentions that start in the sentence.
fn sentence_actors<'a>(mentions: &[&'a Mention], from: usize, to: usize) -> Vec<&'a Mention> {
    let inside: Vec<&Mention> = mentions
        .iter()
        .copied()
        .filter(|m| {
            m.first_token >= from
                && m.end_token <= to
                && m.code.is_some()
                && m.kind != MentionKind::Unknown
        })
        .collect();
    let mut out: Vec<&Mention> = inside
        .iter()
        .filter(|m| {
            !inside.iter().any(|o| {
                !std::ptr::eq(**m, *o)
                    && o.first_token <= m.first_token
                    && m.end_token <= o.end_token
                    && (o.end_token - o.first_token) > (m.end_token - m.first_token)
            })
        })
        .copied()
        .collect();
    out.sort_by_key(|m| (m.first_token, m.end_token));
    out.dedup_by_key(|m| (m.first_token, m.end_token));
    out
}

/// One event per (sentence, type, actor set, recipient set): the first pattern wins.
fn dedup(events: Vec<Event>) -> Vec<Event> {
    let mut seen = std::collections::HashSet::new();
    events
        .into_iter()
        .filter(|e| {
            let mut a: Vec<&str> = e.actor.iter().map(|x| top(&x.code)).collect();
            let mut r: Vec<&str> = e.recipient.iter().map(|x| top(&x.code)).collect();
            a.sort_unstable();
            a.dedup();
            r.sort_unstable();
            r.dedup();
            seen.insert((e.sentence, e.event_type.clone(), a.join(","), r.join(",")))
        })
        .collect()
}
