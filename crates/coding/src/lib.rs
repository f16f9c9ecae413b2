//! Event coding on the dependency parse: PLOVER event types and modes, actor and recipient,
//! auxiliary mode, date, quantities and attribution.
//!
//! The coder runs named sub-stages on each parsed sentence:
//! 1. [`triggers`]: words a pattern of the language's dictionary ([`lexicon`], lemma + UPOS
//!    + constraints) matches;
//! 2. [`frames`]: each candidate's actor and recipient from the tree;
//! 3. [`arbitration`]: which candidates are events (complements of self-coded predicates,
//!    background clauses, actorless candidates are not);
//! 4. [`auxmode`]: negation, hypothetical, future from the parse;
//! 5. enrichment (here): CAMEO code, mode, date (a time expression of the sentence, else the
//!    document's; `historical` when over a year before the document), the quantities of the
//!    clause, evidence and trigger spans, attribution.
//!
//! Sentences without a parse are not coded; [`Coder::wants_parse`] tells the syntax stage
//! which sentences can hold an event (an actor mention and a word whose stem is a trigger's).

pub mod arbitration;
pub mod auxmode;
pub mod clause;
pub mod frames;
pub mod learned;
pub mod lexicon;
pub mod proposals;
pub mod tree;
pub mod triggers;

use std::borrow::Cow;
use std::collections::BTreeMap;

pub use arbitration::Verdict;
use lexicon::{Lexicon, LexiconError};
use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use vedetta_analysis::Analyzer;
use vedetta_data::DataSource;
use vedetta_model::{
    Analysis, Aux, Event, EventEntity, Mention, MentionKind, PartialDate, PloverType, Quantity,
    SentenceSyntax, Timex,
};

/// Errors loading the coder's data.
#[derive(Debug, thiserror::Error)]
pub enum CodingError {
    /// A dictionary file is wrong.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// A data file could not be read.
    #[error(transparent)]
    Data(#[from] vedetta_data::DataError),
    /// A learned event model does not load.
    #[error("{path}: {error}")]
    Model {
        /// File.
        path: String,
        /// What is wrong.
        error: learned::ModelError,
    },
    /// `plover/cameo.toml` is wrong.
    #[error("{path}: {msg}")]
    Cameo {
        /// File.
        path: String,
        /// What is wrong.
        msg: String,
    },
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
    lexicon: Lexicon,
    /// Pattern indices by the stem of their lemmas: a word whose lemma the lemmatiser got
    /// wrong ("shelled" → "shel") still finds its patterns by its token's stem.
    by_stem: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Stems a token must have for its sentence to be worth parsing: the pattern lemmas'
    /// and those of their irregular forms (`events/forms.tsv`).
    trigger_stems: HashSet<String>,
    /// The learned event classifier (`models/<lang>/events.model`), when there is one.
    events: Option<learned::EventModel>,
}

/// How one candidate trigger was read (see [`Coder::explain`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Trace {
    /// Sentence index in the document (0-based; not serialised: `vedetta explain --json`
    /// nests candidates in their sentence, numbered from 1).
    #[serde(skip)]
    pub sentence: usize,
    /// The trigger word's number in the sentence (1-based, as in CoNLL-U).
    pub word: usize,
    /// Its form.
    pub form: String,
    /// Its lemma.
    pub lemma: String,
    /// The pattern that matched.
    pub pattern: String,
    /// The pattern's type.
    pub event_type: PloverType,
    /// What arbitration decided.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The verdict in words.
    pub why: String,
    /// Actors found, `text=CODE`.
    pub actors: Vec<String>,
    /// How the actors were found.
    pub actor_via: &'static str,
    /// Recipients found, `text=CODE`.
    pub recipients: Vec<String>,
    /// How the recipients were found.
    pub recipient_via: &'static str,
    /// The predicate was read as a passive.
    pub passive: bool,
    /// The learned classifier's probability that this proposal is an event (candidates
    /// with an actor, when a model is loaded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// The classifier's decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned_event: Option<bool>,
    /// The classifier's features that weighed most, with their weights.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub weighed_most: Vec<(String, f64)>,
}

/// One event proposal of a sentence with the features the classifier sees and the event
/// it would give (see [`Coder::proposals`]; used to train the classifier).
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The rules' verdict.
    pub verdict: Verdict,
    /// The classifier scores it (it has an actor): false for the actorless candidates,
    /// which come only for the trainer's report.
    pub scored: bool,
    /// The classifier's features.
    pub features: Vec<String>,
    /// The event it would give.
    pub event: Event,
}

/// The event coder for all loaded languages.
pub struct Coder {
    langs: BTreeMap<String, LangCoder>,
    cameo: BTreeMap<String, CameoRoot>,
}

/// What the coder needs besides the analysis: the outputs of the other stages.
pub struct Inputs<'a> {
    /// Parsed sentences (those the syntax stage parsed), in sentence order.
    pub syntax: &'a [SentenceSyntax],
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

/// The stem key of a word as the analyser makes it for tokens.
fn stem_of(analyzer: &Analyzer, lang: &str, word: &str) -> Option<String> {
    let doc = vedetta_model::Document {
        id: "stem".into(),
        source: "stem".into(),
        date: None,
        lang: Some(lang.into()),
        title: None,
        url: None,
        text: word.into(),
    };
    let an = analyzer.analyze(doc, Some(lang)).ok()?;
    an.tokens.first().map(|t| t.stem.clone())
}

impl Coder {
    /// Loads the dictionaries of every language of `analyzer`, and the learned event
    /// classifier of each language that has one (`models/<lang>/events.model`).
    pub fn load(src: &DataSource, analyzer: &Analyzer) -> Result<Coder, CodingError> {
        Self::load_with(src, analyzer, true)
    }

    /// As [`Coder::load`]; `learned = false` codes by the rules alone.
    pub fn load_with(
        src: &DataSource,
        analyzer: &Analyzer,
        learned: bool,
    ) -> Result<Coder, CodingError> {
        let mut langs = BTreeMap::new();
        for code in analyzer.languages() {
            let pack = analyzer.pack(code).expect("listed");
            let lexicon = Lexicon::load(pack)?;
            let mut trigger_stems = HashSet::default();
            let mut by_stem: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
            let lemmas: HashSet<&str> = lexicon.by_lemma.keys().map(String::as_str).collect();
            let mut sorted: Vec<&&str> = lemmas.iter().collect();
            sorted.sort();
            for l in sorted {
                if let Some(st) = stem_of(analyzer, code, l) {
                    by_stem
                        .entry(st.clone())
                        .or_default()
                        .extend(lexicon.by_lemma[*l].iter().copied());
                    trigger_stems.insert(st);
                }
            }
            if let Some((_, text)) = pack.file("events/forms.tsv") {
                for line in vedetta_data::list_lines(text) {
                    if let Some((form, lemma)) = line.split_once('\t') {
                        if lemmas.contains(lemma.trim()) {
                            trigger_stems.extend(stem_of(analyzer, code, form.trim()));
                        }
                    }
                }
            }
            let rel = format!("models/{code}/events.model");
            let events = match src.bytes(&rel)? {
                Some((path, bytes)) if learned => Some(
                    learned::EventModel::from_bytes(&bytes)
                        .map_err(|error| CodingError::Model { path, error })?,
                ),
                _ => None,
            };
            langs.insert(
                code.to_string(),
                LangCoder {
                    lexicon,
                    by_stem,
                    trigger_stems,
                    events,
                },
            );
        }
        let cameo = match src.file("plover/cameo.toml")? {
            Some(f) => {
                toml::from_str::<CameoToml>(&f.text)
                    .map_err(|e| CodingError::Cameo {
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
            .map(|(l, c)| (l.clone(), c.lexicon.patterns.len()))
            .collect()
    }

    /// The dictionary of a language.
    pub fn lexicon(&self, lang: &str) -> Option<&Lexicon> {
        self.langs.get(lang).map(|c| &c.lexicon)
    }

    /// True when `lang` codes with a learned event classifier.
    pub fn has_learned(&self, lang: &str) -> bool {
        self.langs.get(lang).is_some_and(|c| c.events.is_some())
    }

    /// The CAMEO root entry of a code (`0234` → `02`).
    pub fn cameo_root(&self, cameo: &str) -> Option<&CameoRoot> {
        self.cameo.get(cameo.get(..2)?)
    }

    /// True when sentence `s` of `an` can hold an event, so is worth parsing: it has an actor
    /// mention (`mentions`: the document's, in text order) and a token whose stem is the stem
    /// of a trigger lemma or of one of its irregular forms.
    pub fn wants_parse(&self, an: &Analysis, s: usize, mentions: &[Mention]) -> bool {
        let Some(lc) = self.langs.get(&an.lang) else {
            return false;
        };
        let sent = &an.sentences[s];
        let lo = mentions.partition_point(|m| m.first_token < sent.first_token);
        let has_actor = mentions[lo..]
            .iter()
            .take_while(|m| m.first_token < sent.end_token)
            .any(|m| m.code.is_some() && m.kind != MentionKind::Unknown);
        has_actor
            && an.tokens[sent.first_token..sent.end_token]
                .iter()
                .any(|t| lc.trigger_stems.contains(&t.stem))
    }

    /// Codes the events of one analysed document.
    pub fn code(&self, an: &Analysis, inp: &Inputs<'_>) -> Vec<Event> {
        self.run(an, inp, None, None)
    }

    /// Codes the document and says, for every candidate trigger, which pattern matched,
    /// the arguments found (and how), what arbitration decided and, with a learned model,
    /// its probability and the features that weighed most.
    pub fn explain(&self, an: &Analysis, inp: &Inputs<'_>) -> (Vec<Event>, Vec<Trace>) {
        let mut trace = Vec::new();
        let ev = self.run(an, inp, Some(&mut trace), None);
        (ev, trace)
    }

    /// Every event proposal of the document (candidates with an actor), with the rules'
    /// verdict, the classifier's features and the event it would give: the training
    /// examples of the classifier (`vedetta train events`).
    pub fn proposals(&self, an: &Analysis, inp: &Inputs<'_>) -> Vec<Proposal> {
        let mut out = Vec::new();
        self.run(an, inp, None, Some(&mut out));
        out
    }

    fn run(
        &self,
        an: &Analysis,
        inp: &Inputs<'_>,
        mut trace: Option<&mut Vec<Trace>>,
        mut proposals_out: Option<&mut Vec<Proposal>>,
    ) -> Vec<Event> {
        let Some(lc) = self.langs.get(&an.lang) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mentions = sorted_by(inp.mentions, |m| m.first_token);
        let timexes = sorted_by(inp.timexes, |t| t.span.start);
        let quantities = sorted_by(inp.quantities, |q| q.span.start);
        for syn in inp.syntax {
            let Some(s) = an.sentences.get(syn.sentence) else {
                continue;
            };
            if syn.words.is_empty() || is_heading(an, s) {
                continue;
            }
            let ms = within(&mentions, |m| m.first_token, s.first_token, s.end_token);
            let c = clause::Clause::new(an, syn, ms, &lc.lexicon);
            if c.actors.is_empty() && trace.is_none() && proposals_out.is_none() {
                continue;
            }
            let cands: Vec<(triggers::Candidate, frames::Frame)> = triggers::find(&c, &lc.by_stem)
                .into_iter()
                .map(|k| {
                    let f = frames::frame(&c, &lc.lexicon.patterns[k.pattern], k.word);
                    (k, f)
                })
                .collect();
            let verdicts = arbitration::verdicts(&c, &cands);
            let sentence_timexes = within(&timexes, |t| t.span.start, s.span.start, s.span.end);
            let sentence_quantities =
                within(&quantities, |q| q.span.start, s.span.start, s.span.end);
            // Proposals: the events candidates with an actor would give, scored by the
            // learned classifier when there is one.
            let learned = lc.events.as_ref();
            let mut props: Vec<Option<(Event, Vec<String>, Option<f64>)>> = vec![None; cands.len()];
            // (Collecting proposals, the actorless ones come too, for the trainer's report.)
            if (!c.actors.is_empty() && learned.is_some()) || proposals_out.is_some() {
                for (i, (k, f)) in cands.iter().enumerate() {
                    let actorless = verdicts[i] == Verdict::NoActor || c.actors.is_empty();
                    if actorless && proposals_out.is_none() {
                        continue;
                    }
                    let ev = self.enrich(&c, s, *k, f, sentence_timexes, sentence_quantities, inp);
                    let feats = proposals::features(&c, &cands, &verdicts, i, &ev);
                    let prob = learned
                        .filter(|_| !actorless)
                        .map(|m| m.probability(&feats));
                    props[i] = Some((ev, feats, prob));
                }
            }
            // The decision: the rules' verdict, or the classifier's (one event per
            // predicate, its best type; a forced pattern the rules code always is one).
            let mut chosen = vec![false; cands.len()];
            match learned {
                Some(m) if !c.actors.is_empty() => {
                    let decided: Vec<Option<f64>> = (0..cands.len())
                        .map(|i| match &props[i] {
                            Some((_, _, Some(pr)))
                                if m.decide(verdicts[i] == Verdict::Coded, *pr) =>
                            {
                                Some(*pr)
                            }
                            _ => None,
                        })
                        .collect();
                    for i in 0..cands.len() {
                        let forced = lc.lexicon.patterns[cands[i].0.pattern].force
                            && verdicts[i] == Verdict::Coded;
                        let Some(pr) = decided[i] else {
                            chosen[i] = forced;
                            continue;
                        };
                        // one event per predicate: the best of its word's proposals
                        let best_of_word = (0..cands.len()).all(|j| {
                            j == i
                                || cands[j].0.word != cands[i].0.word
                                || decided[j].is_none_or(|pj| pj < pr || (pj == pr && j > i))
                        });
                        chosen[i] = forced || best_of_word;
                    }
                }
                Some(_) => {}
                None => {
                    for i in 0..cands.len() {
                        chosen[i] = verdicts[i] == Verdict::Coded && !c.actors.is_empty();
                    }
                }
            }
            if let Some(tr) = trace.as_deref_mut() {
                for (i, ((k, f), v)) in cands.iter().zip(&verdicts).enumerate() {
                    let p = &lc.lexicon.patterns[k.pattern];
                    let name = |i: &usize| {
                        let m = &c.actors[*i];
                        format!("{}={}", m.text, m.code.as_deref().unwrap_or("?"))
                    };
                    let mut recipients: Vec<String> = f.recipients.iter().map(name).collect();
                    if let Some(imp) = &f.implied {
                        recipients.push(format!("{}={}", c.tree.words[imp.word].form, imp.code));
                    }
                    let mut actors: Vec<String> = f.actors.iter().map(name).collect();
                    if let Some(imp) = &f.implied_actor {
                        actors.push(format!("(place)={}", imp.code));
                    }
                    let (probability, weighed_most) = match (&props[i], learned) {
                        (Some((_, feats, Some(pr))), Some(m)) => {
                            (Some(*pr), m.contributions(feats, 8))
                        }
                        _ => (None, Vec::new()),
                    };
                    tr.push(Trace {
                        sentence: syn.sentence,
                        word: k.word + 1,
                        form: c.tree.words[k.word].form.clone(),
                        lemma: c.tree.lemma(k.word).to_string(),
                        pattern: p.id.clone(),
                        event_type: p.ty,
                        verdict: *v,
                        why: v.describe(),
                        actors,
                        actor_via: f.actor_via,
                        recipients,
                        recipient_via: f.recipient_via,
                        passive: f.passive,
                        probability,
                        learned_event: probability.map(|_| chosen[i]),
                        weighed_most,
                    });
                }
            }
            for (i, prop) in props.into_iter().enumerate() {
                let keep = chosen[i];
                match prop {
                    Some((ev, features, _)) => {
                        if keep {
                            out.push(ev.clone());
                        }
                        if let Some(po) = proposals_out.as_deref_mut() {
                            po.push(Proposal {
                                verdict: verdicts[i],
                                scored: verdicts[i] != Verdict::NoActor && !c.actors.is_empty(),
                                features,
                                event: ev,
                            });
                        }
                    }
                    None if keep => {
                        let (k, f) = &cands[i];
                        out.push(self.enrich(
                            &c,
                            s,
                            *k,
                            f,
                            sentence_timexes,
                            sentence_quantities,
                            inp,
                        ));
                    }
                    None => {}
                }
            }
        }
        dedup(out)
    }

    /// Sub-stage 5: the event of a selected candidate, with its codes, mode, aux, date,
    /// quantities, spans and attribution.
    #[allow(clippy::too_many_arguments)]
    fn enrich(
        &self,
        c: &clause::Clause<'_>,
        s: &vedetta_model::Sentence,
        k: triggers::Candidate,
        f: &frames::Frame,
        timexes: &[&Timex],
        quantities: &[&Quantity],
        inp: &Inputs<'_>,
    ) -> Event {
        let an = c.an;
        let t = &c.tree;
        let p = &c.lx.patterns[k.pattern];
        let entity = |i: &usize| {
            let m = &c.actors[*i];
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
        if let Some(imp) = &f.implied_actor {
            if actor.is_empty() {
                actor.push(EventEntity {
                    code: imp.code.clone(),
                    sector: None,
                    entity_text: String::new(),
                    identifier_id: None,
                    // Empty: no words name it.
                    span: vedetta_model::Span::new(
                        t.words[imp.word].span.start,
                        t.words[imp.word].span.start,
                    ),
                });
            }
        }
        if let Some(imp) = &f.implied {
            let w = &t.words[imp.word];
            recipient.push(EventEntity {
                code: imp.code.clone(),
                sector: None,
                entity_text: w.form.clone(),
                identifier_id: None,
                span: w.span,
            });
        }
        dedup_entities(&mut actor);
        dedup_entities(&mut recipient);
        // A recipient that is the actor itself goes (the same words, or the same name said
        // again); one of the same code stays (a government against its own rebels, Iraqi
        // police and Iraqi protesters).
        recipient.retain(|r| {
            !actor
                .iter()
                .any(|a| a.span == r.span || (a.code == r.code && a.entity_text == r.entity_text))
        });
        let reciprocal = p.reciprocal || f.between;
        // Spans: the trigger (with its particle or required object), the evidence from the
        // first to the last of trigger and arguments.
        let w = &t.words[k.word];
        let mut trig = w.span;
        for &x in &f.trigger_words {
            trig.start = trig.start.min(t.words[x].span.start);
            trig.end = trig.end.max(t.words[x].span.end);
        }
        let mut ev = trig;
        for e in actor.iter().chain(&recipient) {
            if s.span.contains(e.span) {
                ev.start = ev.start.min(e.span.start);
                ev.end = ev.end.max(e.span.end);
            }
        }
        // The clause: the predicate's subtree, for quantities and mode words.
        let clause_words = t.subtree(k.word, &["parataxis", "conj"]);
        let lo = clause_words
            .iter()
            .map(|&i| t.words[i].span.start)
            .min()
            .unwrap_or(trig.start);
        let hi = clause_words
            .iter()
            .map(|&i| t.words[i].span.end)
            .max()
            .unwrap_or(trig.end);
        let clause_span = vedetta_model::Span::new(lo, hi);
        let timex = timexes
            .iter()
            .copied()
            .find(|x| s.span.contains(x.span) && x.date.is_some());
        let (date, date_source) = match timex {
            Some(x) => (x.date, "timex"),
            None => (an.doc.date, "document"),
        };
        let (aux, aux_cue) = auxmode::aux_of(c, k.word)
            .map(|(a, cue)| (Some(a), Some(cue)))
            .unwrap_or_else(|| match (date, an.doc.date, timex) {
                (Some(d), Some(doc), Some(x)) if days_between(d, doc) > HISTORICAL_DAYS => {
                    (Some(Aux::Historical), Some(x.text.clone()))
                }
                _ => (None, None),
            });
        // The mode most of the clause's words name ("più di un milione di proiettili di
        // artiglieria" is military, not economic); the first listed on a tie.
        let mode = p.mode.clone().or_else(|| {
            let mut best: Option<(&String, usize)> = None;
            for (mode, words) in &p.modes {
                let n = clause_words
                    .iter()
                    .filter(|&&i| {
                        words.contains(&t.lemma(i))
                            || words.contains(&t.words[i].form.to_lowercase())
                    })
                    .count();
                if n > 0 && best.is_none_or(|(_, b)| n > b) {
                    best = Some((mode, n));
                }
            }
            best.map(|(m, _)| m.clone())
        });
        // A protest by politicians or institutions is verbal: ACCUSE (111).
        let verbal_protest = p.ty == PloverType::Protest
            && actor.iter().any(|a| {
                let sector = frames::sector_of(a.sector.as_deref(), &a.code);
                c.lx.frame
                    .verbal_protest_sectors
                    .iter()
                    .any(|s| s == sector)
            });
        // An act announced or envisaged unless something is done is a threat of it,
        // asserted: "said it would strike Iraq unless it gave the inspectors access".
        let condition = if matches!(aux, Some(Aux::Future | Aux::Hypothetical))
            && c.lx.conditional_threat.contains(&p.ty)
        {
            auxmode::threat_condition(c, k.word)
        } else {
            None
        };
        let conditional_threat = condition.is_some();
        // The threat is addressed to whom the condition is put ("unless the United States
        // lifts its sanctions"), when the act names no recipient of its own.
        if let Some(q) = condition {
            if f.recipients.is_empty() {
                let mut got = frames::subject_mentions(c, q);
                got.retain(|m| !f.actors.contains(m));
                if !got.is_empty() {
                    recipient = got.iter().map(entity).collect();
                }
            }
        }
        let (aux, aux_cue) = if conditional_threat {
            (None, None)
        } else {
            (aux, aux_cue)
        };
        let (event_type, cameo) = if conditional_threat {
            (PloverType::Threaten, "130".to_string())
        } else if verbal_protest {
            (PloverType::Accuse, "111".to_string())
        } else {
            (p.ty, p.cameo.clone())
        };
        Event {
            event_type,
            mode,
            context: p.context.clone(),
            cameo,
            actor,
            recipient,
            reciprocal,
            aux,
            aux_cue,
            attribution: (inp.attribution)(trig),
            evidence: ev,
            trigger: trig,
            sentence: s.span,
            date,
            date_source,
            quantities: quantities
                .iter()
                .filter(|q| clause_span.contains(q.span))
                .map(|q| (*q).clone())
                .collect(),
            pattern: p.id.clone(),
            location: None,
            place_phrases: frames::place_phrases(c, k.word),
            clause: core_clause(t, k.word, trig),
        }
    }
}

/// The span of the predicate's core clause: its subtree without coordinated, adverbial,
/// relative and complement clauses (where the `geo` stage looks for a place).
fn core_clause(t: &tree::Tree<'_>, w: usize, trig: vedetta_model::Span) -> vedetta_model::Span {
    let words = t.subtree(
        w,
        &[
            "parataxis",
            "conj",
            "advcl",
            "acl",
            "acl:relcl",
            "ccomp",
            "xcomp",
            "csubj",
        ],
    );
    let lo = words.iter().map(|&i| t.words[i].span.start).min();
    let hi = words.iter().map(|&i| t.words[i].span.end).max();
    match (lo, hi) {
        (Some(lo), Some(hi)) => vedetta_model::Span::new(lo.min(trig.start), hi.max(trig.end)),
        _ => trig,
    }
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

/// Actor mentions that can be event arguments: coded, not nested in another, in text order.
/// `mentions` are the document's mentions that start in the sentence.
pub fn sentence_actors<'a>(mentions: &[Cow<'a, Mention>]) -> Vec<Cow<'a, Mention>> {
    let inside: Vec<&Cow<'a, Mention>> = mentions
        .iter()
        .filter(|m| m.code.is_some() && m.kind != MentionKind::Unknown)
        .collect();
    let mut out: Vec<Cow<'a, Mention>> = inside
        .iter()
        .filter(|m| {
            !inside.iter().any(|o| {
                o.first_token <= m.first_token
                    && m.end_token <= o.end_token
                    && (o.end_token - o.first_token) > (m.end_token - m.first_token)
            })
        })
        .map(|m| (*m).clone())
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
            seen.insert((e.sentence, e.event_type, a.join(","), r.join(",")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_finds_the_run_of_keys() {
        let v = [1usize, 3, 3, 5, 8];
        let refs: Vec<&usize> = v.iter().collect();
        assert_eq!(within(&refs, |x| *x, 3, 6).len(), 3);
        assert_eq!(within(&refs, |x| *x, 9, 12).len(), 0);
        assert_eq!(within(&refs, |x| *x, 0, 2), [&1]);
    }
}
