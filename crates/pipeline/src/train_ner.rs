//! Training the learned NER tagger (`vedetta train ner`) from CoNLL/BIO files: gold files
//! (KIND's `WN_train.tsv`) at full weight, silver ones (WikiNEuRal) weighted down, a dev
//! file scored after every epoch (the best epoch is kept).
//!
//! Each file's text is rebuilt from its tokens ([`vedetta_eval::ner`]), analysed by the
//! pipeline's analyser and run through the rule-based mention finder, whose labels become
//! features; the gold entities are projected onto the analysis tokens.

use crate::Pipeline;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use vedetta_eval::ner::{read_bio, score, BioText, NerScores};
use vedetta_mentions::ner_model::{self, NerModel, NerTrainOptions, SentenceInput, TrainSentence};
use vedetta_model::{Analysis, Document, NerClass, Span};

/// Errors training the NER model.
#[derive(Debug, thiserror::Error)]
pub enum TrainNerError {
    /// A BIO file is wrong.
    #[error(transparent)]
    Bio(#[from] vedetta_eval::ner::BioError),
    /// A text could not be analysed.
    #[error("{path}: {error}")]
    Analysis {
        /// The file.
        path: String,
        /// Why.
        error: vedetta_analysis::AnalysisError,
    },
    /// No training sentence.
    #[error("no training sentences")]
    Empty,
}

/// One analysed BIO file with its gold entities as byte spans.
pub struct NerFile {
    /// The file.
    pub path: PathBuf,
    /// Its analysis (the rebuilt text as one document).
    pub analysis: Analysis,
    /// Gold entities, sorted by start.
    pub gold: Vec<(Span, NerClass)>,
    /// The rule-based mention finder's mentions.
    pub rules: Vec<vedetta_model::Mention>,
}

/// Reads a BIO file and analyses its rebuilt text in `lang`, as one document with no date.
pub fn analyse_bio(
    p: &Pipeline,
    path: &Path,
    lang: &str,
) -> Result<(BioText, Analysis), TrainNerError> {
    let bio = read_bio(path)?;
    let doc = Document {
        id: path.display().to_string(),
        source: path.display().to_string(),
        date: None,
        lang: Some(lang.to_string()),
        title: None,
        url: None,
        text: bio.text.clone(),
    };
    let analysis =
        p.analyzer
            .analyze(doc, Some(lang))
            .map_err(|error| TrainNerError::Analysis {
                path: path.display().to_string(),
                error,
            })?;
    Ok((bio, analysis))
}

/// Reads and analyses a BIO file in `lang`, with the rules' mentions.
pub fn load_file(p: &Pipeline, path: &Path, lang: &str) -> Result<NerFile, TrainNerError> {
    let (bio, analysis) = analyse_bio(p, path, lang)?;
    let mut gold = bio.gold_spans();
    gold.sort_by_key(|g| (g.0.start, g.0.end));
    let rules = p.mentions.find_rules(&analysis);
    Ok(NerFile {
        path: path.to_path_buf(),
        analysis,
        gold,
        rules,
    })
}

impl NerFile {
    /// The tagger's inputs, one per sentence.
    pub fn inputs<'a>(&'a self, p: &Pipeline) -> Vec<SentenceInput<'a>> {
        p.mentions.ner_inputs(&self.analysis, &self.rules)
    }

    /// The gold entities inside a byte range.
    fn gold_in(&self, span: Span) -> &[(Span, NerClass)] {
        let a = self.gold.partition_point(|g| g.0.start < span.start);
        let b = self.gold.partition_point(|g| g.0.start < span.end);
        &self.gold[a..b.max(a)]
    }

    /// Training sentences of this file at `weight`.
    pub fn sentences<'a>(&'a self, p: &Pipeline, weight: f64) -> Vec<TrainSentence<'a>> {
        let inputs = self.inputs(p);
        self.analysis
            .sentences
            .iter()
            .zip(inputs)
            .map(|(s, input)| {
                let gold = ner_model::gold_labels(input.tokens, self.gold_in(s.span));
                TrainSentence {
                    input,
                    gold,
                    weight,
                }
            })
            .collect()
    }

    /// Exact-span scores of `model` (or of the rules, with `None`) on this file's gold.
    pub fn score(&self, p: &Pipeline, model: Option<&NerModel>) -> NerScores {
        let gold: BTreeSet<((usize, usize), NerClass)> = self
            .gold
            .iter()
            .map(|(s, c)| ((s.start, s.end), *c))
            .collect();
        let mut pred = BTreeSet::new();
        match model {
            Some(m) => {
                let toks = &self.analysis.tokens;
                for (s, input) in self.analysis.sentences.iter().zip(self.inputs(p)) {
                    for (a, b, c) in m.tag(&input) {
                        let (a, b) = (s.first_token + a, s.first_token + b);
                        pred.insert(((toks[a].span.start, toks[b - 1].span.end), c));
                    }
                }
            }
            None => {
                for m in &self.rules {
                    if let Some(c) = m.ner {
                        pred.insert(((m.span.start, m.span.end), c));
                    }
                }
            }
        }
        score(&gold, &pred)
    }
}

/// What `train` did.
pub struct NerReport {
    /// Training sentences (gold, silver).
    pub sentences: (usize, usize),
    /// Dev micro F1 per epoch.
    pub dev_f1: Vec<f64>,
    /// The epoch kept.
    pub best_epoch: usize,
}

/// Trains a NER model for `lang` from gold and silver BIO files, keeping the epoch with the
/// best dev micro F1 (the last one without a dev file). `progress` receives one line per
/// step.
#[allow(clippy::too_many_arguments)]
pub fn train(
    p: &Pipeline,
    lang: &str,
    gold_files: &[PathBuf],
    silver_files: &[PathBuf],
    silver_weight: f64,
    dev: Option<&Path>,
    opts: &NerTrainOptions,
    progress: &mut dyn FnMut(String),
) -> Result<(NerModel, NerReport), TrainNerError> {
    let mut files = Vec::new();
    for (f, w) in gold_files
        .iter()
        .map(|f| (f, 1.0))
        .chain(silver_files.iter().map(|f| (f, silver_weight)))
    {
        progress(format!("reading and analysing {}", f.display()));
        files.push((load_file(p, f, lang)?, w));
    }
    let dev = match dev {
        Some(d) => {
            progress(format!("reading and analysing {} (dev)", d.display()));
            Some(load_file(p, d, lang)?)
        }
        None => None,
    };
    let mut sents = Vec::new();
    let (mut n_gold, mut n_silver) = (0, 0);
    for (f, w) in &files {
        let s = f.sentences(p, *w);
        if *w >= 1.0 {
            n_gold += s.len();
        } else {
            n_silver += s.len();
        }
        sents.extend(s);
    }
    if sents.is_empty() {
        return Err(TrainNerError::Empty);
    }
    if let Some(d) = &dev {
        let (pr, r, f) = d.score(p, None).micro.prf();
        progress(format!(
            "dev {}: rules alone P {pr:.3} R {r:.3} F1 {f:.3}",
            d.path.display()
        ));
    }
    progress(format!(
        "training on {n_gold} sentences at full weight and {n_silver} silver ones at weight {silver_weight}, {} epochs, seed {}",
        opts.epochs, opts.seed
    ));
    let provenance = format!(
        "vedetta NER model, lang {lang}; gold {}; silver {} (weight {silver_weight}); epochs {}, seed {}, prune {}{}{}",
        names(gold_files),
        names(silver_files),
        opts.epochs,
        opts.seed,
        opts.prune,
        if opts.beam > 1 {
            format!(", beam {}", opts.beam)
        } else {
            String::new()
        },
        if opts.bag > 1 {
            format!(", mean of {} seeds", opts.bag)
        } else {
            String::new()
        }
    );
    let mut dev_f1 = Vec::new();
    let (model, best_epoch) = ner_model::train(&sents, opts, &provenance, &mut |e, m| {
        let f = match &dev {
            Some(d) => {
                let s = d.score(p, Some(m));
                let (pr, r, f) = s.micro.prf();
                let per: Vec<String> = vedetta_eval::ner::CLASSES
                    .iter()
                    .zip(s.classes)
                    .map(|(c, x)| format!("{} {:.3}", c.label(), x.f1()))
                    .collect();
                progress(format!(
                    "epoch {e}: dev P {pr:.3} R {r:.3} F1 {f:.3} ({})",
                    per.join(", ")
                ));
                f
            }
            None => {
                progress(format!("epoch {e} done"));
                e as f64
            }
        };
        dev_f1.push(f);
        f
    });
    Ok((
        model,
        NerReport {
            sentences: (n_gold, n_silver),
            dev_f1,
            best_epoch,
        },
    ))
}

/// File names (not paths: the model bytes must not depend on where the data sits).
fn names(files: &[PathBuf]) -> String {
    if files.is_empty() {
        return "none".into();
    }
    files
        .iter()
        .map(|f| {
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(", ")
}
