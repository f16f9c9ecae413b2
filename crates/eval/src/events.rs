//! The event gold format (`shared/gold/FORMAT.md`) and how predictions are matched to it.
//!
//! A prediction matches a gold event when the gold evidence lies in the prediction's
//! sentence, the type is one of the gold's (`COERCE|ASSAULT`), and the actor and recipient
//! country sets are the gold's (both sides together for reciprocal events; a gold target
//! of `null` takes any recipient). `strict+aux` also asks for the auxiliary mode.

use crate::Prf;
use serde::Deserialize;
use vedetta_model::Event;

/// One gold record: a sentence or short text with its events, time values and quotes.
#[derive(Deserialize, Debug, Clone)]
pub struct GoldDoc {
    /// Record id.
    pub id: String,
    /// Date of the article (`2024`, `2024-05`, `2024-05-03`), when known.
    #[serde(default)]
    pub date: Option<String>,
    /// Language code.
    #[serde(default)]
    pub lang: Option<String>,
    /// The text.
    pub text: String,
    /// Its events.
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    /// Its time expressions.
    #[serde(default)]
    pub timexes: Vec<GoldTimex>,
    /// Its quotes.
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
}

/// One gold event.
#[derive(Deserialize, Debug, Clone)]
pub struct GoldEvent {
    /// PLOVER type, or alternatives joined by `|`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Actor codes.
    #[serde(default)]
    pub source: Vec<String>,
    /// Recipient codes (`null`: any).
    #[serde(default)]
    pub target: Option<Vec<String>>,
    /// Auxiliary mode (alternatives joined by `|`).
    #[serde(default)]
    pub aux: Option<String>,
    /// The shortest span with the trigger and the arguments.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Attribution chain, nearest source first.
    #[serde(default)]
    pub attribution: Vec<String>,
    /// Reciprocal event (actor and recipient sets compared together).
    #[serde(default)]
    pub reciprocal: bool,
    /// Borderline: absorbs a prediction, never counts as missed.
    #[serde(default)]
    pub optional: bool,
    /// Where the event happened (the geolocation dev set, `docs/geo-dev.md`); absent in the
    /// other gold sets, `null` when the text does not say.
    #[serde(default)]
    pub location: Option<crate::geo::GoldLocation>,
}

/// A gold time expression.
#[derive(Deserialize, Debug, Clone)]
pub struct GoldTimex {
    /// Its words.
    pub text: String,
    /// Its normalised value.
    pub value: String,
}

/// A gold quote.
#[derive(Deserialize, Debug, Clone)]
pub struct GoldQuote {
    /// Who speaks.
    pub speaker: String,
    /// How the quote begins.
    pub begins: String,
}

/// A gold line that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: broken JSON: {msg}")]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub msg: String,
}

/// Reads a gold JSONL text: the records with their 1-based line numbers, and the lines
/// that could not be read (the others are still returned).
pub fn read_jsonl(text: &str) -> (Vec<(usize, GoldDoc)>, Vec<LineError>) {
    let (mut docs, mut errs) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<GoldDoc>(line.trim_start_matches('\u{feff}')) {
            Ok(d) => docs.push((i + 1, d)),
            Err(e) => errs.push(LineError {
                line: i + 1,
                msg: e.to_string(),
            }),
        }
    }
    (docs, errs)
}

/// Folds typographic quotes and apostrophes to ASCII and runs of white space to one space.
pub fn fold(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '«' | '»' => '"',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The country part of a code, with CAMEO's old country codes mapped to ISO.
pub fn canon(code: &str) -> String {
    let c = code.get(..3).unwrap_or(code).to_ascii_uppercase();
    match c.as_str() {
        "JAP" => "JPN".into(),
        "ITL" => "ITA".into(),
        _ => c,
    }
}

fn set(codes: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = codes.into_iter().map(|c| canon(&c)).collect();
    v.sort();
    v.dedup();
    v
}

/// How much of an event must agree.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Level {
    /// Type, actor and recipient countries.
    Strict,
    /// Type and actor countries.
    ActorOnly,
    /// Strict, and the auxiliary mode.
    StrictAux,
}

impl Level {
    /// All levels, in report order.
    pub const ALL: [Level; 3] = [Level::Strict, Level::ActorOnly, Level::StrictAux];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Level::Strict => "strict",
            Level::ActorOnly => "actor-only",
            Level::StrictAux => "strict+aux",
        }
    }
}

/// True when prediction `e` (in a sentence of text `sentence`) matches gold event `g`.
pub fn matches(g: &GoldEvent, e: &Event, sentence: &str, level: Level) -> bool {
    if let Some(ev) = &g.evidence {
        if !fold(sentence).contains(&fold(ev)) {
            return false;
        }
    }
    if !g.event_type.split('|').any(|t| t == e.event_type.as_str()) {
        return false;
    }
    let pa = set(e.actor.iter().map(|x| x.code.clone()));
    let pr = set(e.recipient.iter().map(|x| x.code.clone()));
    let ga = set(g.source.clone());
    let args_ok = if g.reciprocal {
        let mut all = pa.clone();
        all.extend(pr.clone());
        let all = set(all);
        let mut gall = ga.clone();
        if let Some(t) = &g.target {
            gall.extend(t.iter().map(|c| canon(c)));
        }
        all == set(gall)
    } else {
        pa == ga
            && (level == Level::ActorOnly
                || g.target
                    .as_ref()
                    .is_none_or(|t| set(t.iter().map(|c| canon(c))) == pr))
    };
    if !args_ok {
        return false;
    }
    if level == Level::StrictAux {
        let pred = match e.aux.map(|a| a.label()) {
            None | Some("historical") => "null",
            Some(x) => x,
        };
        let ok = match &g.aux {
            None => pred == "null",
            Some(a) => a.split('|').any(|x| {
                let x = if x == "historical" { "null" } else { x };
                x == pred
            }),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Greedy one-to-one matching: required gold events first, then optional ones absorb
/// predictions (which then count neither way). `preds` are (event, its sentence's text).
/// Returns, per prediction, the gold event it matched.
pub fn align(gold: &[GoldEvent], preds: &[(Event, String)], level: Level) -> Vec<Option<usize>> {
    let mut pred_gold: Vec<Option<usize>> = vec![None; preds.len()];
    for pass_optional in [false, true] {
        for (gi, g) in gold.iter().enumerate() {
            if g.optional != pass_optional {
                continue;
            }
            if let Some(pi) = (0..preds.len()).find(|&pi| {
                pred_gold[pi].is_none() && matches(g, &preds[pi].0, &preds[pi].1, level)
            }) {
                pred_gold[pi] = Some(gi);
            }
        }
    }
    pred_gold
}

/// The counts of one record from an alignment: a prediction matched to an optional gold
/// event counts neither way; optional gold events are never missed.
pub fn counts(gold: &[GoldEvent], alignment: &[Option<usize>]) -> Prf {
    let mut c = Prf::default();
    for m in alignment {
        match m {
            Some(gi) if gold[*gi].optional => {}
            Some(_) => {
                c.tp_pred += 1;
                c.predicted += 1;
            }
            None => c.predicted += 1,
        }
    }
    for (gi, g) in gold.iter().enumerate() {
        if !g.optional {
            c.gold += 1;
            if alignment.contains(&Some(gi)) {
                c.tp_gold += 1;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use vedetta_model::{EventEntity, PloverType, Span};

    fn ent(code: &str) -> EventEntity {
        EventEntity {
            code: code.into(),
            sector: None,
            entity_text: code.into(),
            identifier_id: None,
            span: Span::new(0, 0),
        }
    }

    fn event(ty: PloverType, a: &[&str], r: &[&str]) -> Event {
        Event {
            event_type: ty,
            mode: None,
            context: Vec::new(),
            cameo: String::new(),
            actor: a.iter().map(|c| ent(c)).collect(),
            recipient: r.iter().map(|c| ent(c)).collect(),
            reciprocal: false,
            aux: None,
            aux_cue: None,
            attribution: Vec::new(),
            evidence: Span::new(0, 0),
            trigger: Span::new(0, 0),
            sentence: Span::new(0, 0),
            date: None,
            date_source: "document",
            quantities: Vec::new(),
            pattern: String::new(),
            location: None,
            place_phrases: Vec::new(),
            clause: vedetta_model::Span::new(0, 0),
        }
    }

    fn gold(line: &str) -> GoldDoc {
        let (mut d, errs) = read_jsonl(line);
        assert!(errs.is_empty());
        d.remove(0).1
    }

    #[test]
    fn strict_actor_only_and_optional() {
        let g = gold(
            r#"{"id":"x","text":"Russia attacked Ukraine.","events":[
            {"type":"ASSAULT","source":["RUS"],"target":["UKR"],"evidence":"Russia attacked Ukraine"},
            {"type":"ACCUSE","source":["UKR"],"target":["RUS"],"optional":true}]}"#
                .replace('\n', " ")
                .as_str(),
        );
        let s = "Russia attacked Ukraine.".to_string();
        let preds = vec![
            (event(PloverType::Assault, &["RUSGOV"], &["UKR"]), s.clone()),
            (event(PloverType::Accuse, &["UKR"], &["RUS"]), s.clone()),
            (event(PloverType::Assault, &["RUS"], &["USA"]), s.clone()),
        ];
        let strict = align(&g.events, &preds, Level::Strict);
        assert_eq!(strict, vec![Some(0), Some(1), None]);
        let c = counts(&g.events, &strict);
        assert_eq!((c.tp_pred, c.predicted, c.tp_gold, c.gold), (1, 2, 1, 1));
        // actor-only: the third would match too, but the gold event is taken
        let ao = align(&g.events, &preds, Level::ActorOnly);
        assert_eq!(ao[2], None);
        // evidence outside the sentence never matches
        let other = vec![(
            event(PloverType::Assault, &["RUS"], &["UKR"]),
            "Something else.".to_string(),
        )];
        assert_eq!(align(&g.events, &other, Level::Strict), vec![None]);
    }

    #[test]
    fn broken_lines_are_reported_and_the_rest_read() {
        let (d, e) =
            read_jsonl("{\"id\":\"a\",\"text\":\"t\"}\n{broken\n\n{\"id\":\"b\",\"text\":\"u\"}\n");
        assert_eq!(d.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 4]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 2);
    }
}
