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
        for s in &an.sentences {
            let (from, to) = (s.first_token, s.end_token);
            let hits = lc.patterns.find(tokens, from, to);
            if hits.is_empty() {
                continue;
            }
            let actors = sentence_actors(inp.mentions, from, to);
            let sent = frame::Sentence {
                tokens,
                from,
                to,
                actors: &actors,
                words: &lc.patterns.frame,
            };
            let cues = lc.aux.find(tokens, from, to);
            for h in hits {
                let p = &lc.patterns.patterns[h.pattern];
                let f = sent.frame(p, h.start, h.end);
                if f.actors.is_empty() {
                    continue;
                }
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
                let actor: Vec<EventEntity> = f.actors.iter().map(entity).collect();
                let mut recipient: Vec<EventEntity> = f.recipients.iter().map(entity).collect();
                let actor_countries: Vec<&str> = actor.iter().map(|e| top(&e.code)).collect();
                recipient.retain(|r| !actor_countries.contains(&top(&r.code)));
                let evidence = vedetta_model::Span::new(
                    tokens[f.first].span.start,
                    tokens[f.end - 1].span.end,
                );
                // Date: a time expression in the sentence, else the document's.
                let timex = inp
                    .timexes
                    .iter()
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
                let quantities = inp
                    .quantities
                    .iter()
                    .filter(|q| {
                        s.span.contains(q.span)
                            && q.span.start >= evidence.start.saturating_sub(0)
                            && q.span.start
                                <= tokens[sent_clause_end(&sent, f.end)]
                                    .span
                                    .start
                                    .max(evidence.end)
                    })
                    .cloned()
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
                    attribution: (inp.attribution)(evidence),
                    evidence,
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

/// The first token after the clause of `at` (or the sentence end), clamped to a valid index.
fn sent_clause_end(s: &frame::Sentence<'_>, at: usize) -> usize {
    let end = (at..s.to)
        .find(|&i| {
            s.words
                .clause_breaks
                .iter()
                .any(|w| *w == s.tokens[i].lower)
        })
        .unwrap_or(s.to);
    end.min(s.to.saturating_sub(1)).max(s.from)
}

fn top(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

fn days_between(a: PartialDate, b: PartialDate) -> i64 {
    let d = |x: (i16, u8, u8)| x.0 as i64 * 365 + x.1 as i64 * 30 + x.2 as i64;
    d(b.first_day()) - d(a.last_day())
}

/// The nearest cue in the trigger's clause within the window: negation before the trigger,
/// other cues before or after it.
fn aux_mode(
    cues: &[aux::CueHit],
    conf: &AuxCues,
    sent: &frame::Sentence<'_>,
    ts: usize,
    te: usize,
    tokens: &[vedetta_model::Token],
    text: &str,
) -> Option<(Aux, String)> {
    let breaks = &sent.words.clause_breaks;
    let crosses = |a: usize, b: usize| (a..b).any(|i| breaks.iter().any(|w| *w == tokens[i].lower));
    let mut best: Option<(usize, &aux::CueHit)> = None;
    for c in cues {
        let dist = if c.end <= ts {
            if crosses(c.end, ts) {
                continue;
            }
            ts - c.end
        } else if c.start >= te {
            if c.aux == Aux::Negation || crosses(te, c.start) {
                continue;
            }
            c.start - te
        } else {
            0
        };
        if dist > conf.window {
            continue;
        }
        if best.is_none_or(|(d, b)| {
            (c.aux == Aux::Negation && b.aux != Aux::Negation)
                || (dist < d && b.aux != Aux::Negation)
        }) {
            best = Some((dist, c));
        }
    }
    best.map(|(_, c)| {
        (
            c.aux,
            text[tokens[c.start].span.start..tokens[c.end - 1].span.end].to_string(),
        )
    })
}

/// Actor mentions of a sentence that can be event arguments: coded, not nested in another.
fn sentence_actors(mentions: &[Mention], from: usize, to: usize) -> Vec<&Mention> {
    let inside: Vec<&Mention> = mentions
        .iter()
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
