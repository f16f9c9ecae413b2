//! Training the learned event classifier (`vedetta train events`) from records in the gold
//! format of `shared/gold/FORMAT.md` (our annotated training sentences, never a dev set).
//!
//! Each record is coded by the whole pipeline; every proposal of the coder (a candidate
//! trigger with an actor) is an example, positive when the event it would give matches a
//! required gold event of its sentence at the label level (strict: type, actor and
//! recipient countries; actor-only: type and actor),
//! left out when it matches only an optional one (borderline events are never negatives),
//! negative otherwise.

use crate::Pipeline;
use vedetta_coding::learned::{self, EventModel, Example, TrainOptions, TrainReport};
use vedetta_eval::events::{matches, read_jsonl, Level};
use vedetta_model::{Document, PartialDate};

/// The examples of some training files, and what was seen on the way.
#[derive(Debug, Default)]
pub struct Collected {
    /// The examples.
    pub examples: Vec<Example>,
    /// Records coded.
    pub records: usize,
    /// Required gold events.
    pub gold_events: usize,
    /// Required gold events some proposal matches (the most the classifier can find).
    pub reachable: usize,
    /// Unreachable required gold events with a proposal of their type and actor (the
    /// recipient is wrong).
    pub wrong_recipient: usize,
    /// … with a proposal of their type (the actor is wrong).
    pub wrong_actor: usize,
    /// … with a candidate of their type but no actor found.
    pub no_actor: usize,
    /// … with no candidate trigger of their type in their sentence.
    pub no_proposal: usize,
    /// Required gold events the rules alone code.
    pub rules_found: usize,
    /// Events the rules alone code, and how many of them match.
    pub rules_predicted: usize,
    /// Of which match a required gold event.
    pub rules_correct: usize,
    /// Unreachable required gold events, one line each: record id, why, type, actors →
    /// recipients, evidence (tab-separated).
    pub misses: Vec<String>,
    /// Records that could not be read or coded: `file:line: why`.
    pub problems: Vec<String>,
}

/// Codes the records of `text` (read from `source`) and adds their proposals to `into`:
/// each record in the language it declares, else in `lang`.
pub fn collect(
    p: &Pipeline,
    source: &str,
    text: &str,
    lang: &str,
    label: Level,
    into: &mut Collected,
) {
    let (docs, errs) = read_jsonl(text);
    for e in errs {
        into.problems
            .push(format!("{source}:{}: {}", e.line, e.msg));
    }
    for (line, g) in docs {
        // A record in another language is coded in its own (the language-independent
        // features — verdicts, relations, argument kinds — learn from it too).
        let lang = g.lang.as_deref().unwrap_or(lang);
        let date = match g.date.as_deref().map(PartialDate::parse).transpose() {
            Ok(d) => d,
            Err(e) => {
                into.problems.push(format!("{source}:{line}: {e}"));
                continue;
            }
        };
        let doc = Document {
            id: g.id.clone(),
            source: format!("{source}:{line}"),
            date,
            lang: Some(lang.to_string()),
            title: None,
            url: None,
            text: g.text.clone(),
        };
        let (d, props) = match p.proposals(doc, Some(lang)) {
            Ok(x) => x,
            Err(e) => {
                into.problems.push(format!("{source}:{line}: {e}"));
                continue;
            }
        };
        let group = into.records;
        into.records += 1;
        let text = &d.analysis.doc.text;
        let sentence_of = |e: &vedetta_model::Event| {
            text.get(e.sentence.start..e.sentence.end)
                .unwrap_or("")
                .to_string()
        };
        let mut reached = vec![false; g.events.len()];
        let mut best_level = vec![0u8; g.events.len()];
        for pr in &props {
            let sent = sentence_of(&pr.event);
            for (i, ge) in g.events.iter().enumerate() {
                let lv = if !pr.scored {
                    let same_type = ge
                        .event_type
                        .split('|')
                        .any(|t| t == pr.event.event_type.as_str());
                    let here = ge.evidence.as_ref().is_none_or(|ev| {
                        vedetta_eval::events::fold(&sent).contains(&vedetta_eval::events::fold(ev))
                    });
                    if same_type && here {
                        1
                    } else {
                        0
                    }
                } else if matches(ge, &pr.event, &sent, Level::ActorOnly) {
                    3
                } else if ge
                    .event_type
                    .split('|')
                    .any(|t| t == pr.event.event_type.as_str())
                    && ge.evidence.as_ref().is_none_or(|ev| {
                        vedetta_eval::events::fold(&sent).contains(&vedetta_eval::events::fold(ev))
                    })
                {
                    2
                } else {
                    0
                };
                best_level[i] = best_level[i].max(lv);
            }
        }
        for pr in props.into_iter().filter(|p| p.scored) {
            let sent = sentence_of(&pr.event);
            let hit: Vec<usize> = g
                .events
                .iter()
                .enumerate()
                .filter(|(_, ge)| matches(ge, &pr.event, &sent, label))
                .map(|(i, _)| i)
                .collect();
            let mut strict = false;
            for &i in &hit {
                let m = matches(&g.events[i], &pr.event, &sent, Level::Strict);
                reached[i] |= m;
                strict |= m && !g.events[i].optional;
            }
            let required = hit.iter().any(|&i| !g.events[i].optional);
            if !required && !hit.is_empty() {
                continue; // matches an optional event only: neither way
            }
            into.examples.push(Example {
                feats: pr.features,
                positive: required,
                weight: 1.0,
                group,
                coded: pr.verdict == vedetta_coding::Verdict::Coded,
                strict,
            });
        }
        // the rules alone (the coder's output with no learned model is the Coded verdicts;
        // this pipeline's output is what it is loaded with)
        let preds: Vec<(vedetta_model::Event, String)> = d
            .events
            .iter()
            .map(|e| (e.clone(), sentence_of(e)))
            .collect();
        let al = vedetta_eval::events::align(&g.events, &preds, Level::Strict);
        let c = vedetta_eval::events::counts(&g.events, &al);
        into.rules_predicted += c.predicted;
        into.rules_correct += c.tp_pred;
        into.rules_found += c.tp_gold;
        for (i, ge) in g.events.iter().enumerate() {
            if !ge.optional {
                into.gold_events += 1;
                if reached[i] {
                    into.reachable += 1;
                } else {
                    let why = match best_level[i] {
                        3 => {
                            into.wrong_recipient += 1;
                            "wrong-recipient"
                        }
                        2 => {
                            into.wrong_actor += 1;
                            "wrong-actor"
                        }
                        1 => {
                            into.no_actor += 1;
                            "no-actor"
                        }
                        _ => {
                            into.no_proposal += 1;
                            "no-trigger"
                        }
                    };
                    into.misses.push(format!(
                        "{}\t{why}\t{}\t{}->{}\t{}",
                        g.id,
                        ge.event_type,
                        ge.source.join(","),
                        ge.target
                            .as_ref()
                            .map(|t| t.join(","))
                            .unwrap_or_else(|| "*".into()),
                        ge.evidence.as_deref().unwrap_or("")
                    ));
                }
            }
        }
    }
}

/// Trains the classifier on collected examples (see [`learned::train`]).
pub fn train(
    c: &Collected,
    o: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> (EventModel, TrainReport) {
    learned::train(&c.examples, c.gold_events, o, log)
}
