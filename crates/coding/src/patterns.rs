//! Event patterns (`data/lang/<iso>/events.toml`) and their trigger index.

use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use vedetta_analysis::LangPack;
use vedetta_model::Token;

/// The 16 PLOVER 2021 event types.
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// Part of speech of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Pos {
    /// A verb: the actor is its subject.
    #[default]
    Verb,
    /// A noun: the actor is a possessor, an adjective or a `da parte di` phrase.
    Noun,
}

/// One event pattern as written in `events.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Pattern {
    /// Unique id (`it.aid.inviare`).
    pub id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode, if fixed.
    #[serde(default)]
    pub mode: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// Verb or noun.
    #[serde(default)]
    pub pos: Pos,
    /// Trigger forms.
    pub triggers: Vec<String>,
    /// Where the actor sits (`subject`, `of`, `by`, `before`).
    #[serde(default = "default_actor")]
    pub actor: String,
    /// Words introducing the recipient, or `["object"]`.
    #[serde(default)]
    pub recipient: Vec<String>,
    /// Passive agent markers (`da`, `by`, `da parte di`).
    #[serde(default)]
    pub passive_by: Vec<String>,
    /// Actor and recipient act together.
    #[serde(default)]
    pub reciprocal: bool,
    /// Mode by nearby words.
    #[serde(default)]
    pub modes: std::collections::BTreeMap<String, Vec<String>>,
    /// PLOVER contexts.
    #[serde(default)]
    pub context: Vec<String>,
    /// Code the event only when a recipient is found (concern without a target is no
    /// accusation).
    #[serde(default)]
    pub needs_recipient: bool,
    /// Match only the trigger words as listed, not other words of the same stem
    /// (`negotiations` but not `negotiator`).
    #[serde(default)]
    pub exact: bool,
}

fn default_actor() -> String {
    "subject".into()
}

/// Extra frame words of a language, from the `[frame]` table of `events.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct FrameWords {
    /// Prepositions: a mention right after one is not a subject.
    #[serde(default)]
    pub prepositions: Vec<String>,
    /// Conjunctions joining compound actors (`e`, `and`, `,`).
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Words that start a reciprocal pair (`tra`, `between`).
    #[serde(default)]
    pub between: Vec<String>,
    /// Passive auxiliaries (`è stato`, `was`), to tell passives from actives.
    #[serde(default)]
    pub passive_aux: Vec<String>,
    /// Verbs of expectation or request (`si aspetta che`, `expects`): their subject is the
    /// recipient of an aid or support event in the clause they govern, when it names none.
    #[serde(default)]
    pub beneficiary_verbs: Vec<String>,
    /// Words introducing a purpose or complement infinitive (`to`, `per`, `a`): a trigger
    /// right after one, following another trigger of the clause, is part of that event.
    #[serde(default)]
    pub purpose_markers: Vec<String>,
    /// Endings of gerunds (`-ing`, `-ando`), which are never passive participles.
    #[serde(default)]
    pub gerund_suffixes: Vec<String>,
    /// Tokens that end a clause for argument search.
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    /// Words linking a noun to its possessor (`di`, `of`), from the pack's `of_words`.
    #[serde(skip)]
    pub of_words: Vec<String>,
}

#[derive(Deserialize)]
struct EventsToml {
    #[serde(default)]
    frame: FrameWords,
    #[serde(default)]
    pattern: Vec<Pattern>,
}

/// A problem in a pattern file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {msg}")]
pub struct PatternError {
    /// File.
    pub path: String,
    /// What is wrong (with line and column for syntax errors).
    pub msg: String,
}

/// A trigger compiled to stem keys.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Stem keys of the trigger's tokens.
    pub keys: Vec<String>,
    /// Lowercase form of the trigger's first token, for exact-form preference.
    pub first_form: String,
    /// Index of the pattern.
    pub pattern: usize,
}

/// The patterns of one language with an index from first stem key to triggers.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    /// Patterns in file order.
    pub patterns: Vec<Pattern>,
    /// Frame words.
    pub frame: FrameWords,
    index: HashMap<String, Vec<Trigger>>,
    /// Function words of the language: they start a trigger only in their exact form.
    stop: rustc_hash::FxHashSet<String>,
}

/// One trigger found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriggerHit {
    /// First token (absolute index).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Pattern index.
    pub pattern: usize,
}

/// Most tokens allowed between the words of a multi-word trigger (`stretto stretti legami`).
const TRIGGER_GAP: usize = 2;

impl PatternSet {
    /// Loads `events.toml` of a pack (an empty set when the pack has none).
    pub fn load(pack: &LangPack) -> Result<PatternSet, PatternError> {
        let Some((path, text)) = pack.file("events.toml") else {
            return Ok(PatternSet::default());
        };
        let err = |msg: String| PatternError {
            path: path.to_string(),
            msg,
        };
        let t: EventsToml = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut seen = std::collections::HashSet::new();
        let mut index: HashMap<String, Vec<Trigger>> = HashMap::default();
        for (i, p) in t.pattern.iter().enumerate() {
            if !PLOVER_TYPES.contains(&p.event_type.as_str()) {
                return Err(err(format!(
                    "pattern {}: unknown PLOVER type {:?}",
                    p.id, p.event_type
                )));
            }
            if !seen.insert(p.id.clone()) {
                return Err(err(format!("pattern id {:?} used twice", p.id)));
            }
            if p.cameo.is_empty() || !p.cameo.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(format!(
                    "pattern {}: CAMEO code {:?} is not numeric",
                    p.id, p.cameo
                )));
            }
            for form in &p.triggers {
                let toks = vedetta_analysis::tokenize::tokenize(form, pack);
                let keys: Vec<String> = toks.iter().map(|t| t.stem.clone()).collect();
                if keys.is_empty() {
                    continue;
                }
                let first_form = toks[0].lower.clone();
                let list = index.entry(keys[0].clone()).or_default();
                if !list
                    .iter()
                    .any(|t| t.keys == keys && t.pattern == i && t.first_form == first_form)
                {
                    list.push(Trigger {
                        keys,
                        first_form,
                        pattern: i,
                    });
                }
            }
        }
        let fold_all = |v: &mut Vec<String>| {
            for w in v.iter_mut() {
                *w = vedetta_analysis::fold(w.trim());
            }
        };
        let mut patterns = t.pattern;
        for p in &mut patterns {
            fold_all(&mut p.recipient);
            fold_all(&mut p.passive_by);
        }
        let mut frame = t.frame;
        for v in [
            &mut frame.prepositions,
            &mut frame.conjunctions,
            &mut frame.between,
            &mut frame.passive_aux,
            &mut frame.clause_breaks,
            &mut frame.beneficiary_verbs,
            &mut frame.purpose_markers,
        ] {
            fold_all(v);
        }
        frame.of_words = pack.of_words.iter().cloned().collect();
        frame.of_words.sort();
        Ok(PatternSet {
            patterns,
            frame,
            index,
            stop: pack.list("function_words.txt"),
        })
    }

    /// Triggers in `tokens[from..to]`, longest first at each position, no two overlapping.
    ///
    /// Stems join inflections (`inviato`, `inviati`) but also a verb and its noun
    /// (`invadere`, `invasione`): when several patterns share the longest trigger, those whose
    /// trigger lists the exact word written win. A function word (`presso`) starts a trigger
    /// only in its exact form.
    pub fn find(&self, tokens: &[Token], from: usize, to: usize) -> Vec<TriggerHit> {
        let mut out: Vec<TriggerHit> = Vec::new();
        for i in from..to {
            let Some(list) = self.index.get(&tokens[i].stem) else {
                continue;
            };
            if out.last().is_some_and(|h| h.end > i) {
                continue;
            }
            let word = tokens[i].lower.as_str();
            let is_stop = self.stop.contains(word);
            let mut best: Vec<(usize, usize, bool)> = Vec::new(); // (end, pattern, exact)
            for trig in list {
                let exact = trig.first_form == word;
                if (is_stop || self.patterns[trig.pattern].exact) && !exact {
                    continue;
                }
                if let Some(end) = match_rest(tokens, i + 1, to, &trig.keys[1..]) {
                    best.push((end, trig.pattern, exact));
                }
            }
            let Some(max_end) = best.iter().map(|b| b.0).max() else {
                continue;
            };
            best.retain(|b| b.0 == max_end);
            if best.iter().any(|b| b.2) {
                best.retain(|b| b.2);
            }
            let mut pats: Vec<usize> = best.iter().map(|b| b.1).collect();
            pats.sort_unstable();
            pats.dedup();
            for p in pats {
                out.push(TriggerHit {
                    start: i,
                    end: max_end,
                    pattern: p,
                });
            }
        }
        out
    }
}

fn match_rest(tokens: &[Token], mut i: usize, to: usize, rest: &[String]) -> Option<usize> {
    for key in rest {
        let end = (i + TRIGGER_GAP + 1).min(to).max(i);
        let found = tokens.get(i..end)?.iter().position(|t| t.stem == *key)?;
        i += found + 1;
    }
    Some(i)
}
