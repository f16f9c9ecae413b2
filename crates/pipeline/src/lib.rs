//! The vedetta pipeline: from a [`Document`] to a coded [`Doc`] and a stored
//! [`DocRecord`], through named stages.
//!
//! ```text
//! analysis ─► [stages of the language pack, lang.toml `pipeline`] ─► record ─► store
//!   Tokens      mentions ─► syntax ─► time ─► quotes ─► quantities ─► coding ─► geo
//! ```
//!
//! `analysis` (language, sentences, tokens) always runs first and makes the [`Doc`]; the
//! stages after it come from each language pack's `pipeline` list and are checked when the
//! pipeline loads: a stage listed before the layers it needs is an error naming the pack file.
//! The CLI, the fuzz targets and the benchmarks all code through [`Pipeline::code`], and the
//! store records of `ingest` come from [`Pipeline::record`], so nothing is written twice.

pub mod batch;
pub mod ingest;
pub mod stage;
pub mod stages;
pub mod train_events;
pub mod train_ner;

use stage::{Layer, Layers, Stage};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use vedetta_analysis::Analyzer;
use vedetta_coding::Coder;
use vedetta_data::DataSource;
use vedetta_mentions::quantity::QuantityRules;
use vedetta_mentions::quotes::QuoteRules;
use vedetta_mentions::time::TimeRules;
use vedetta_mentions::MentionFinder;
use vedetta_model::{Analysis, Document, Event, Mention, Quantity, Quote, Timex};
use vedetta_store::{DocRecord, EventRecord};

pub use vedetta_analysis::AnalysisError;

/// Where the pipeline's data comes from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// A data folder replacing the embedded one (same layout as `data/`).
    pub data: Option<PathBuf>,
    /// Extra actor dictionary files or folders of `.tsv` files, added to the dictionary.
    pub actors: Vec<PathBuf>,
    /// Rules alone: no learned NER models, no learned event classifiers.
    pub rules_only: bool,
    /// Code events by the rules alone but type names with the NER models (how the event
    /// classifier is trained: on the mentions it will see).
    pub rules_only_events: bool,
}

/// Errors loading the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// `--data` is not a folder.
    #[error("--data {0}: not a folder")]
    NotAFolder(PathBuf),
    /// A language pack does not load.
    #[error("loading language packs: {0}")]
    Packs(#[from] vedetta_analysis::PackError),
    /// An actor file given with `--actors` does not load.
    #[error("--actors {path}: {error}")]
    Actors {
        /// The path given.
        path: PathBuf,
        /// What went wrong.
        error: vedetta_data::DataError,
    },
    /// The actor dictionary does not load.
    #[error("loading the actor dictionary: {0}")]
    Dictionary(String),
    /// A rule file of the mentions stages does not load.
    #[error("{0}")]
    Rules(String),
    /// A trained model does not load.
    #[error("loading a model: {0}")]
    Model(String),
    /// The event patterns do not load.
    #[error("loading event patterns: {0}")]
    Coding(#[from] vedetta_coding::CodingError),
    /// A pack's stage list names an unknown stage or runs one before what it needs.
    #[error("lang/{lang}/lang.toml: pipeline: {problem}")]
    Stages {
        /// The pack.
        lang: String,
        /// What is wrong.
        problem: String,
    },
}

/// Everything coded for one document: the analysis and each stage's layer.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Language, sentences and tokens (the `analysis` stage).
    pub analysis: Analysis,
    /// Words, tags, lemmas and dependency trees, one entry per sentence (the `syntax`
    /// stage; empty when the language's stage list has none).
    pub syntax: Vec<vedetta_model::SentenceSyntax>,
    /// Actor mentions.
    pub mentions: Vec<Mention>,
    /// Time expressions.
    pub timexes: Vec<Timex>,
    /// Quotations.
    pub quotes: Vec<Quote>,
    /// Quantities.
    pub quantities: Vec<Quantity>,
    /// Events (with their attribution and, after `geo`, their location).
    pub events: Vec<Event>,
    /// Place names and the gazetteer rows they resolve to (the `geo` stage).
    pub toponyms: Vec<vedetta_model::Toponym>,
    /// The layers the stages have added.
    pub layers: Layers,
}

impl Doc {
    /// A document with its analysis only.
    pub fn new(analysis: Analysis) -> Doc {
        let mut layers = Layers::default();
        layers.add(Layer::Tokens);
        Doc {
            analysis,
            syntax: Vec::new(),
            mentions: Vec::new(),
            timexes: Vec::new(),
            quotes: Vec::new(),
            quantities: Vec::new(),
            events: Vec::new(),
            toponyms: Vec::new(),
            layers,
        }
    }
}

/// The loaded stages of every language.
pub struct Pipeline {
    /// Language identification, sentences, tokens (the `analysis` stage).
    pub analyzer: Arc<Analyzer>,
    /// The actor dictionary and its automata (the `mentions` stage).
    pub mentions: Arc<MentionFinder>,
    /// The event coder (the `coding` stage).
    pub coder: Arc<Coder>,
    /// Time rules per language.
    pub time: Arc<BTreeMap<String, TimeRules>>,
    /// Quote and attribution rules per language.
    pub quotes: Arc<BTreeMap<String, QuoteRules>>,
    /// Quantity rules per language.
    pub quantities: Arc<BTreeMap<String, QuantityRules>>,
    /// Syntax models per language (`data/models/<lang>/syntax.model`), for the packs whose
    /// stage list has `syntax`.
    pub syntax: Arc<BTreeMap<String, vedetta_syntax::Model>>,
    /// The gazetteer and its automata (the `geo` stage).
    pub geo: Arc<vedetta_geo::Geo>,
    /// The stages after `analysis`, per language.
    stages: BTreeMap<String, Vec<Arc<dyn Stage>>>,
}

impl Pipeline {
    /// Loads the language packs, the actor dictionary, the rules and the patterns, and the
    /// stage list of each pack.
    pub fn load(cfg: &Config) -> Result<Pipeline, LoadError> {
        let src = match &cfg.data {
            Some(d) if !d.is_dir() => return Err(LoadError::NotAFolder(d.clone())),
            Some(d) => DataSource::Dir(d.clone()),
            None => DataSource::Embedded,
        };
        let analyzer = Analyzer::load(&src)?;
        let mut extra = Vec::new();
        for a in &cfg.actors {
            extra.extend(
                vedetta_data::read_user_path(a).map_err(|error| LoadError::Actors {
                    path: a.clone(),
                    error,
                })?,
            );
        }
        let mentions = MentionFinder::load_with(&src, &analyzer, &extra, !cfg.rules_only)
            .map_err(|e| LoadError::Dictionary(e.to_string()))?;
        let (mut time, mut quotes, mut quantities) =
            (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        for code in analyzer.languages() {
            let pack = analyzer.pack(code).expect("a listed language");
            let rules = |e: &dyn std::fmt::Display| LoadError::Rules(e.to_string());
            time.insert(
                code.to_string(),
                TimeRules::load(pack).map_err(|e| rules(&e))?,
            );
            quotes.insert(
                code.to_string(),
                vedetta_mentions::quotes::load(pack).map_err(|e| rules(&e))?,
            );
            quantities.insert(
                code.to_string(),
                vedetta_mentions::quantity::load(pack).map_err(|e| rules(&e))?,
            );
        }
        let coder = Coder::load_with(&src, &analyzer, !(cfg.rules_only || cfg.rules_only_events))?;
        let mut syntax = BTreeMap::new();
        for code in analyzer.languages() {
            let pack = analyzer.pack(code).expect("a listed language");
            if !pack.pipeline.iter().any(|s| s == "syntax") {
                continue;
            }
            let rel = format!("models/{code}/syntax.model");
            let Some((path, bytes)) = src
                .bytes(&rel)
                .map_err(|e| LoadError::Model(format!("{rel}: {e}")))?
            else {
                return Err(LoadError::Model(format!(
                    "lang/{code}/lang.toml runs the syntax stage but data/{rel} is missing \
                     (train it with `vedetta train syntax`, or take `syntax` out of the list)"
                )));
            };
            let model = vedetta_syntax::Model::from_bytes(&bytes)
                .map_err(|e| LoadError::Model(format!("{path}: {e}")))?;
            syntax.insert(code.to_string(), model);
        }
        let geo = vedetta_geo::Geo::load(&src, &analyzer)
            .map_err(|e| LoadError::Rules(format!("loading the gazetteer: {e}")))?;
        let mut p = Pipeline {
            analyzer: Arc::new(analyzer),
            mentions: Arc::new(mentions),
            coder: Arc::new(coder),
            time: Arc::new(time),
            quotes: Arc::new(quotes),
            quantities: Arc::new(quantities),
            syntax: Arc::new(syntax),
            geo: Arc::new(geo),
            stages: BTreeMap::new(),
        };
        let langs: Vec<String> = p.analyzer.languages().map(str::to_string).collect();
        for lang in langs {
            let names = p.analyzer.pack(&lang).expect("listed").pipeline.clone();
            let list = p.stage_list(&lang, &names)?;
            p.stages.insert(lang, list);
        }
        Ok(p)
    }

    /// The stage called `name`.
    fn stage(&self, name: &str) -> Option<Arc<dyn Stage>> {
        Some(match name {
            "syntax" => Arc::new(stages::SyntaxStage {
                models: self.syntax.clone(),
                coder: self.coder.clone(),
            }),
            "mentions" => Arc::new(stages::MentionsStage(self.mentions.clone())),
            "time" => Arc::new(stages::TimeStage(self.time.clone())),
            "quotes" => Arc::new(stages::QuotesStage(self.quotes.clone())),
            "quantities" => Arc::new(stages::QuantitiesStage(self.quantities.clone())),
            "coding" => Arc::new(stages::CodingStage {
                coder: self.coder.clone(),
                quotes: self.quotes.clone(),
            }),
            "geo" => Arc::new(stages::GeoStage(self.geo.clone())),
            _ => return None,
        })
    }

    /// The names of every stage there is (after `analysis`).
    pub const STAGES: &'static [&'static str] = &[
        "mentions",
        "syntax",
        "time",
        "quotes",
        "quantities",
        "coding",
        "geo",
    ];

    fn stage_list(&self, lang: &str, names: &[String]) -> Result<Vec<Arc<dyn Stage>>, LoadError> {
        let mut list = Vec::new();
        for n in names {
            let s = self.stage(n).ok_or_else(|| LoadError::Stages {
                lang: lang.to_string(),
                problem: format!(
                    "unknown stage {n:?} (stages: analysis first, then any of {})",
                    Self::STAGES.join(", ")
                ),
            })?;
            list.push(s);
        }
        let mut have = Layers::default();
        have.add(Layer::Tokens);
        let refs: Vec<&dyn Stage> = list.iter().map(|s| s.as_ref()).collect();
        stage::check_order(&refs, have).map_err(|(name, missing)| LoadError::Stages {
            lang: lang.to_string(),
            problem: format!(
                "stage {name:?} needs {} but no stage before it adds them",
                missing.name()
            ),
        })?;
        Ok(list)
    }

    /// The names of the stages run for `lang`, `analysis` first.
    pub fn stage_names(&self, lang: &str) -> Vec<&'static str> {
        let mut v = vec!["analysis"];
        if let Some(list) = self.stages.get(lang) {
            v.extend(list.iter().map(|s| s.name()));
        }
        v
    }

    /// Analyses `doc` (the `analysis` stage) and runs the stages of its language.
    pub fn code(&self, doc: Document, force_lang: Option<&str>) -> Result<Doc, AnalysisError> {
        self.code_timed(doc, force_lang, None)
    }

    /// Like [`Pipeline::code`], adding each stage's wall time to `times` (by stage name,
    /// `analysis` first) when given: what `vedetta bench --stage code` reports per stage.
    pub fn code_timed(
        &self,
        doc: Document,
        force_lang: Option<&str>,
        mut times: Option<&mut BTreeMap<&'static str, std::time::Duration>>,
    ) -> Result<Doc, AnalysisError> {
        let t = times.as_ref().map(|_| std::time::Instant::now());
        let analysis = self.analyzer.analyze(doc, force_lang)?;
        if let (Some(t), Some(m)) = (t, times.as_deref_mut()) {
            *m.entry("analysis").or_default() += t.elapsed();
        }
        let mut d = Doc::new(analysis);
        if let Some(list) = self.stages.get(&d.analysis.lang) {
            for s in list {
                let t = times.as_ref().map(|_| std::time::Instant::now());
                s.run(&mut d);
                if let (Some(t), Some(m)) = (t, times.as_deref_mut()) {
                    *m.entry(s.name()).or_default() += t.elapsed();
                }
                for l in s.adds() {
                    d.layers.add(*l);
                }
            }
        }
        Ok(d)
    }

    /// Codes `doc` like [`Pipeline::code`] and returns, with it, the coder's trace: every
    /// candidate trigger, the pattern that matched, its arguments and the verdict on it.
    pub fn explain(
        &self,
        doc: Document,
        force_lang: Option<&str>,
    ) -> Result<(Doc, Vec<vedetta_coding::Trace>), AnalysisError> {
        let d = self.code(doc, force_lang)?;
        let trace = stages::with_coding_inputs(&self.quotes, &d, |inputs| {
            self.coder.explain(&d.analysis, inputs).1
        })
        .unwrap_or_default();
        Ok((d, trace))
    }

    /// Codes `doc` like [`Pipeline::code`] and returns, with it, every event proposal of
    /// the coder (the learned classifier's training examples).
    pub fn proposals(
        &self,
        doc: Document,
        force_lang: Option<&str>,
    ) -> Result<(Doc, Vec<vedetta_coding::Proposal>), AnalysisError> {
        let d = self.code(doc, force_lang)?;
        let props = stages::with_coding_inputs(&self.quotes, &d, |inputs| {
            self.coder.proposals(&d.analysis, inputs)
        })
        .unwrap_or_default();
        Ok((d, props))
    }

    /// The store record of a coded document: its events with quad class and Goldstein
    /// scale, mentions, time expressions, quotes and the stemmed text for full-text search.
    pub fn record(&self, d: Doc) -> DocRecord {
        DocRecord {
            lang: d.analysis.lang.clone(),
            stemmed_text: Some(vedetta_analysis::stemmed_text(&d.analysis)),
            events: d
                .events
                .into_iter()
                .map(|event| {
                    let root = self.coder.cameo_root(&event.cameo);
                    EventRecord {
                        quad: root.map(|r| r.quad),
                        scale: root.map(|r| r.scale),
                        event,
                    }
                })
                .collect(),
            mentions: d.mentions,
            timexes: d.timexes,
            quotes: d.quotes,
            doc: d.analysis.doc,
        }
    }
}

/// The id a document is known by everywhere (`code`, `ingest`, the store, the API): a JSONL
/// document's given id, else the content hash of its text ([`vedetta_store::content_id`]):
/// text files are named by their file, which is not stable across folders.
pub fn document_id(doc: &Document) -> String {
    let from_jsonl = doc
        .source
        .rsplit_once(':')
        .is_some_and(|(_, l)| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
    if from_jsonl && doc.id != doc.source {
        doc.id.clone()
    } else {
        vedetta_store::content_id(&doc.text)
    }
}

#[cfg(test)]
mod tests;
