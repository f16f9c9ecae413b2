//! Training of a complete [`Model`] from CoNLL-U treebanks: splitter,
//! tagger (early-stopped on dev), lemmatiser, and a parser trained on
//! jackknifed predicted tags and lemmas.

use crate::conllu::{self, Sentence};
use crate::error::{Error, Result};
use crate::hash::{hash_str, Rng};
use crate::lemma::{LemmaItem, LemmaScratch, Lemmatizer};
use crate::model::Model;
use crate::parser::{is_tree, projectivise, PTok, ParseOptions, ParseSent, Parser};
use crate::tagger::{TagOptions, TagScratch, TagSent, Tagger, WordInfo};
use crate::words::{Splitter, SplitterOptions};
use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::time::Instant;
use vedetta_model::Upos;

/// Training settings. Same data + same options → byte-identical model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Seed of the shuffling / exploration PRNG.
    pub seed: u64,
    /// Maximum tagger epochs (best dev epoch is kept).
    pub tagger_epochs: usize,
    /// Lemmatiser classifier epochs.
    pub lemma_epochs: usize,
    /// Maximum parser epochs (best dev epoch is kept).
    pub parser_epochs: usize,
    /// Jackknifing folds for the parser's predicted tags (< 2: gold tags).
    pub folds: usize,
    /// Prune averaged tagger weights with |w| below this.
    pub tagger_prune: f64,
    /// Prune averaged parser weights with |w| below this.
    pub parser_prune: f64,
    /// Parser: first epoch (0-based) that follows its own predictions.
    pub explore_from: usize,
    /// Parser: probability of following the prediction when exploring.
    pub explore_p: f64,
    /// Parser: prune weights as long as dev LAS drops by at most this many
    /// points (0 = no automatic pruning; needs a dev set).
    pub auto_prune_tolerance: f64,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 1,
            tagger_epochs: 12,
            lemma_epochs: 8,
            parser_epochs: 15,
            folds: 5,
            tagger_prune: 0.0,
            parser_prune: 0.0,
            explore_from: 1,
            explore_p: 0.9,
            auto_prune_tolerance: 0.25,
            verbose: true,
        }
    }
}

struct Prepared {
    forms: Vec<Vec<String>>,
    tag: Vec<TagSent>,
    lemmas: Vec<Vec<String>>,
    heads: Vec<Option<Vec<usize>>>,
    labels: Vec<Vec<String>>,
}

fn prepare(sents: &[Sentence], feats_ix: &FxHashMap<String, u16>) -> Prepared {
    let mut p = Prepared {
        forms: Vec::new(),
        tag: Vec::new(),
        lemmas: Vec::new(),
        heads: Vec::new(),
        labels: Vec::new(),
    };
    for s in sents {
        let words: Vec<_> = s.words().collect();
        if words.is_empty() {
            continue;
        }
        let forms: Vec<String> = words.iter().map(|w| w.form.clone()).collect();
        let info = forms.iter().map(|f| WordInfo::new(f)).collect();
        let upos = words
            .iter()
            .map(|w| Upos::parse(&w.upos).unwrap_or(Upos::X).id() as u8)
            .collect();
        let feats = words
            .iter()
            .map(|w| feats_ix.get(w.feats.as_str()).copied().unwrap_or(u16::MAX))
            .collect();
        let mut head = vec![0usize];
        let mut ok = true;
        for w in &words {
            match w.head_index() {
                Some(h) if h <= words.len() => head.push(h),
                _ => ok = false,
            }
        }
        let heads = if ok && is_tree(&head) {
            Some(head)
        } else {
            None
        };
        p.forms.push(forms);
        p.tag.push(TagSent { info, upos, feats });
        p.lemmas
            .push(words.iter().map(|w| w.lemma.clone()).collect());
        p.heads.push(heads);
        p.labels
            .push(words.iter().map(|w| w.deprel.clone()).collect());
    }
    p
}

fn lemma_items<'a>(p: &'a Prepared, idx: &[usize]) -> Vec<LemmaItem<'a>> {
    let mut v = Vec::new();
    for &i in idx {
        for (k, f) in p.forms[i].iter().enumerate() {
            let l = &p.lemmas[i][k];
            if l == "_" && f != "_" {
                continue;
            }
            let fe = p.tag[i].feats[k];
            v.push(LemmaItem {
                form: f,
                upos: p.tag[i].upos[k],
                feats: if fe == u16::MAX { 0 } else { fe },
                lemma: l,
            });
        }
    }
    v
}

/// Predicted (upos, feats, lemma hash) for sentence `i` of `p`.
fn predict(
    tagger: &Tagger,
    lem: &Lemmatizer,
    p: &Prepared,
    i: usize,
    ts: &mut TagScratch,
    ls: &mut LemmaScratch,
) -> Vec<PTok> {
    let (mut up, mut fe) = (Vec::new(), Vec::new());
    tagger.tag(&p.tag[i].info, &mut up, &mut fe, ts);
    let mut toks = vec![PTok::root()];
    for k in 0..up.len() {
        let l = lem.lemma(&p.forms[i][k], up[k], fe[k], ls);
        toks.push(PTok::new(
            p.tag[i].info[k].lower,
            up[k],
            fe[k],
            hash_str(&l),
        ));
    }
    toks
}

fn parse_sent(
    p: &Prepared,
    i: usize,
    toks: Vec<PTok>,
    lab_ix: &FxHashMap<String, u16>,
    proj: bool,
) -> Option<ParseSent> {
    let mut head = p.heads[i].clone()?;
    if proj {
        projectivise(&mut head);
    }
    let mut label = vec![0u16];
    for l in &p.labels[i] {
        label.push(lab_ix.get(l.as_str()).copied().unwrap_or(u16::MAX));
    }
    Some(ParseSent { toks, head, label })
}

/// Experiment (dev tool): per-epoch dev (UPOS, UFeats) of a joint
/// UPOS|FEATS tagger, for comparison with the shipped pipeline tagger.
#[doc(hidden)]
pub fn joint_tagger_experiment(
    train: &[Sentence],
    dev: &[Sentence],
    epochs: usize,
    seed: u64,
) -> Vec<(f64, f64)> {
    let mut feats_set: Vec<String> = train
        .iter()
        .flat_map(|s| s.words().map(|w| w.feats.clone()))
        .collect();
    feats_set.sort();
    feats_set.dedup();
    let feats_ix: FxHashMap<String, u16> = feats_set
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i as u16))
        .collect();
    let tp = prepare(train, &feats_ix);
    let dp = prepare(dev, &feats_ix);
    crate::tagger::joint_experiment(&tp.tag, &dp.tag, epochs, seed, 3)
}

/// Trains a model from CoNLL-U files; `dev_file` is used only to choose
/// epochs (never trained on).
pub fn train(
    lang: &str,
    train_files: &[PathBuf],
    dev_file: Option<&std::path::Path>,
    opts: &TrainOptions,
) -> Result<Model> {
    let mut sents = Vec::new();
    for f in train_files {
        sents.extend(conllu::read_file(f)?);
    }
    let dev = match dev_file {
        Some(d) => conllu::read_file(d)?,
        None => Vec::new(),
    };
    train_sentences(lang, &sents, &dev, opts)
}

/// Trains a model from parsed sentences (see [`train`]).
pub fn train_sentences(
    lang: &str,
    train: &[Sentence],
    dev: &[Sentence],
    opts: &TrainOptions,
) -> Result<Model> {
    let t0 = Instant::now();
    let verbose = opts.verbose;
    let mut log = |s: String| {
        if verbose {
            eprintln!("[{:7.1}s] {s}", t0.elapsed().as_secs_f64());
        }
    };
    if train.iter().all(|s| s.word_count() == 0) {
        return Err(Error::Invalid("no training words".into()));
    }
    // label tables (sorted → deterministic)
    let mut feats_set: Vec<String> = train
        .iter()
        .flat_map(|s| s.words().map(|w| w.feats.clone()))
        .collect();
    feats_set.push("_".into());
    feats_set.sort();
    feats_set.dedup();
    feats_set.retain(|f| f != "_");
    feats_set.insert(0, "_".into());
    feats_set.truncate(u16::MAX as usize - 1);
    let feats_ix: FxHashMap<String, u16> = feats_set
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i as u16))
        .collect();
    let mut labels: Vec<String> = train
        .iter()
        .flat_map(|s| s.words().map(|w| w.deprel.clone()))
        .collect();
    labels.push("root".into());
    labels.push("dep".into());
    labels.retain(|l| l != "_");
    labels.sort();
    labels.dedup();
    labels.truncate(4000);
    let lab_ix: FxHashMap<String, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), i as u16))
        .collect();

    let splitter = Splitter::learn(train, &SplitterOptions::default());
    log(format!("splitter: {:?} (full, rules)", splitter.sizes()));

    let tp = prepare(train, &feats_ix);
    let dp = prepare(dev, &feats_ix);
    let nw: usize = tp.forms.iter().map(|f| f.len()).sum();
    log(format!(
        "train: {} sentences, {} words; dev: {} sentences",
        tp.forms.len(),
        nw,
        dp.forms.len()
    ));
    let topts = TagOptions {
        epochs: opts.tagger_epochs,
        seed: opts.seed,
        prune: opts.tagger_prune,
        dict_min: 3,
    };
    let devtag = if dp.tag.is_empty() {
        None
    } else {
        Some(&dp.tag[..])
    };
    // FEATS ids of unseen dev feats are u16::MAX: they never match.
    let train_tag: Vec<TagSent> = tp
        .tag
        .iter()
        .map(|s| TagSent {
            info: s.info.clone(),
            upos: s.upos.clone(),
            feats: s
                .feats
                .iter()
                .map(|&f| if f == u16::MAX { 0 } else { f })
                .collect(),
        })
        .collect();
    let (tagger, eu, ef) = Tagger::train(&train_tag, devtag, &feats_set, &topts, &mut log);
    log(format!("tagger: best epochs UPOS {eu} FEATS {ef}"));
    let all: Vec<usize> = (0..tp.forms.len()).collect();
    let lemmatizer = Lemmatizer::train(
        &lemma_items(&tp, &all),
        &feats_set,
        opts.lemma_epochs,
        opts.seed,
        0.0,
    );
    log("lemmatiser trained".into());

    // jackknifed predictions for parser training
    let mut ts = TagScratch::default();
    let mut ls = LemmaScratch::default();
    let mut ptoks: Vec<Option<Vec<PTok>>> = vec![None; tp.forms.len()];
    if opts.folds >= 2 {
        let mut perm = all.clone();
        Rng::new(opts.seed ^ 0xf01d).shuffle(&mut perm);
        let mut fold_of = vec![0usize; perm.len()];
        for (k, &i) in perm.iter().enumerate() {
            fold_of[i] = k % opts.folds;
        }
        let fopts = TagOptions {
            epochs: eu.max(ef),
            ..topts.clone()
        };
        for f in 0..opts.folds {
            let tr_idx: Vec<usize> = all.iter().copied().filter(|&i| fold_of[i] != f).collect();
            let te_idx: Vec<usize> = all.iter().copied().filter(|&i| fold_of[i] == f).collect();
            let sub: Vec<TagSent> = tr_idx
                .iter()
                .map(|&i| TagSent {
                    info: train_tag[i].info.clone(),
                    upos: train_tag[i].upos.clone(),
                    feats: train_tag[i].feats.clone(),
                })
                .collect();
            let (tg, _, _) = Tagger::train(&sub, None, &feats_set, &fopts, &mut |_| {});
            let lm = Lemmatizer::train(
                &lemma_items(&tp, &tr_idx),
                &feats_set,
                opts.lemma_epochs,
                opts.seed,
                0.0,
            );
            for &i in &te_idx {
                ptoks[i] = Some(predict(&tg, &lm, &tp, i, &mut ts, &mut ls));
            }
            log(format!("jackknife fold {}/{} done", f + 1, opts.folds));
        }
    }
    let mut ptrain = Vec::new();
    for i in 0..tp.forms.len() {
        let toks = match ptoks[i].take() {
            Some(t) => t,
            None => {
                let mut t = vec![PTok::root()];
                for k in 0..tp.forms[i].len() {
                    let f = train_tag[i].feats[k];
                    t.push(PTok::new(
                        tp.tag[i].info[k].lower,
                        tp.tag[i].upos[k],
                        f,
                        hash_str(&tp.lemmas[i][k]),
                    ));
                }
                t
            }
        };
        if let Some(ps) = parse_sent(&tp, i, toks, &lab_ix, true) {
            ptrain.push(ps);
        }
    }
    let mut pdev = Vec::new();
    for i in 0..dp.forms.len() {
        let toks = predict(&tagger, &lemmatizer, &dp, i, &mut ts, &mut ls);
        if let Some(ps) = parse_sent(&dp, i, toks, &lab_ix, false) {
            pdev.push(ps);
        }
    }
    log(format!(
        "parser: {} train trees, {} dev trees, {} labels",
        ptrain.len(),
        pdev.len(),
        labels.len()
    ));
    let popts = ParseOptions {
        epochs: opts.parser_epochs,
        seed: opts.seed,
        prune: opts.parser_prune,
        explore_from: opts.explore_from,
        explore_p: opts.explore_p,
        auto_prune_tolerance: opts.auto_prune_tolerance,
    };
    let parser = Parser::train(&ptrain, &pdev, &labels, &popts, &mut log);
    let meta = serde_json::json!({
        "lang": lang,
        "seed": opts.seed,
        "tagger_epochs": opts.tagger_epochs,
        "tagger_best_epochs": [eu, ef],
        "parser_epochs": opts.parser_epochs,
        "folds": opts.folds,
        "auto_prune_tolerance": opts.auto_prune_tolerance,
        "train_sentences": tp.forms.len(),
        "train_words": nw,
    })
    .to_string();
    let m = Model {
        lang: lang.to_string(),
        meta,
        splitter,
        tagger,
        lemmatizer,
        parser,
    };
    log(format!("done: {}", m.summary()));
    Ok(m)
}
