//! `vedetta train syntax` and `vedetta eval-ud`: the syntax models (tagger, lemmatiser,
//! dependency parser) trained on and scored against Universal Dependencies treebanks.

use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;
use vedetta_syntax::conllu::{self, Sentence};

/// Arguments of `vedetta train syntax`.
#[derive(Args)]
pub struct TrainSyntaxArgs {
    /// Language of the treebanks (it, en).
    #[arg(long)]
    lang: String,
    /// Training treebanks (CoNLL-U).
    #[arg(long = "train", required = true, num_args = 1..)]
    train: Vec<PathBuf>,
    /// Development treebank: chooses the epochs and the pruning threshold (never trained on).
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Folder to write `syntax.model` into (the shipped models: data/models/<lang>/).
    #[arg(long)]
    out: PathBuf,
    /// Random seed (the same data, seed and options give the same bytes).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Most epochs of the tagger and the parser (default: the library's, 12 and 15).
    #[arg(long)]
    epochs: Option<usize>,
}

/// `vedetta train syntax`.
pub fn train(a: &TrainSyntaxArgs) -> Result<i32> {
    let mut o = vedetta_syntax::TrainOptions {
        seed: a.seed,
        verbose: true,
        ..Default::default()
    };
    if let Some(e) = a.epochs {
        o.tagger_epochs = e;
        o.parser_epochs = e;
    }
    let started = Instant::now();
    let model = vedetta_syntax::train(&a.lang, &a.train, a.dev.as_deref(), &o)
        .context("training the syntax model")?;
    std::fs::create_dir_all(&a.out).with_context(|| format!("--out {}", a.out.display()))?;
    let path = a.out.join("syntax.model");
    model
        .save(&path)
        .with_context(|| format!("writing {}", path.display()))?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "trained the {} syntax model in {:.0} s; wrote {} ({:.1} MB)",
        a.lang,
        started.elapsed().as_secs_f64(),
        path.display(),
        size as f64 / 1e6
    );
    Ok(0)
}

/// Arguments of `vedetta eval-ud`.
#[derive(Args)]
pub struct EvalUdArgs {
    /// Gold treebank (CoNLL-U).
    gold: PathBuf,
    /// Language (the model of data/models/<lang>/syntax.model).
    #[arg(long)]
    lang: String,
    /// Start from the `# text` lines with vedetta's own tokeniser instead of the gold words,
    /// and score tokens and words too (CoNLL 2018 alignment by characters).
    #[arg(long)]
    raw: bool,
    /// Write the prediction as CoNLL-U (with the gold words, or ours with --raw).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    data: crate::DataArgs,
}

/// `vedetta eval-ud`.
pub fn eval_ud(a: &EvalUdArgs) -> Result<i32> {
    let p = crate::pipeline::load(&a.data)?;
    let lang = vedetta_analysis::normalise_lang(&a.lang);
    let Some(model) = p.syntax.get(&lang) else {
        bail!("no syntax model for language {lang:?} (data/models/{lang}/syntax.model)");
    };
    let gold = conllu::read_file(&a.gold).with_context(|| format!("{}", a.gold.display()))?;
    let mut out = std::io::stdout().lock();
    let pred = if a.raw {
        let started = Instant::now();
        let (pred, words) = raw_predict(&p, model, &lang, &gold)?;
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let s = vedetta_syntax::eval::score_aligned(&gold, &pred)?;
        if a.json {
            let mut v = serde_json::to_value(&s)?;
            v["words_per_sec"] = (words as f64 / secs).into();
            writeln!(out, "{v}")?;
        } else {
            writeln!(
                out,
                "{} raw text, vedetta's tokeniser: Tokens F1 {:.2}  Words F1 {:.2}  UPOS {:.2}  \
                 UFeats {:.2}  Lemma {:.2}  UAS {:.2}  LAS {:.2}  ({:.0} words/s with tokenising)",
                a.gold.display(),
                s.tokens.f1,
                s.words.f1,
                s.upos.f1,
                s.ufeats.f1,
                s.lemma.f1,
                s.uas.f1,
                s.las.f1,
                words as f64 / secs
            )?;
        }
        pred
    } else {
        let (s, pred) = vedetta_syntax::eval::evaluate(model, &gold)?;
        if a.json {
            writeln!(out, "{}", serde_json::to_string(&s)?)?;
        } else {
            writeln!(
                out,
                "{}: {} words (gold tokenisation): UPOS {:.2}  UFeats {:.2}  Lemma {:.2}  \
                 UAS {:.2}  LAS {:.2}  (LAS with subtypes {:.2})  {:.0} words/s",
                a.gold.display(),
                s.words,
                s.upos,
                s.ufeats,
                s.lemma,
                s.uas,
                s.las,
                s.las_full,
                s.words_per_sec
            )?;
        }
        pred
    };
    if let Some(path) = &a.out {
        std::fs::write(path, conllu::write_string(&pred))
            .with_context(|| format!("--out {}", path.display()))?;
    }
    Ok(0)
}

/// The raw text of each gold sentence (`# text`), tokenised by the analysis stage and parsed
/// by the syntax stage; returns the predicted sentences and how many words.
fn raw_predict(
    p: &vedetta_pipeline::Pipeline,
    model: &vedetta_syntax::Model,
    lang: &str,
    gold: &[Sentence],
) -> Result<(Vec<Sentence>, usize)> {
    let mut out = Vec::new();
    let mut words = 0;
    for (i, g) in gold.iter().enumerate() {
        let Some(text) = g.text() else {
            bail!(
                "gold sentence {} has no `# text` line: --raw needs it",
                i + 1
            );
        };
        let doc = vedetta_model::Document {
            id: format!("s{i}"),
            source: "gold".into(),
            date: None,
            lang: Some(lang.to_string()),
            title: None,
            url: None,
            text: text.to_string(),
        };
        let Ok(an) = p.analyzer.analyze(doc, Some(lang)) else {
            continue;
        };
        for syn in vedetta_pipeline::stages::parse_sentences(model, &an) {
            let s = &an.sentences[syn.sentence];
            let toks: Vec<(usize, usize)> = an.tokens[s.first_token..s.end_token]
                .iter()
                .map(|t| (t.span.start, t.span.end))
                .collect();
            words += syn.words.len();
            let mut sent =
                vedetta_syntax::words_to_sentence(&an.doc.text, &toks, s.first_token, &syn.words);
            sent.comments = vec![format!(
                "# text = {}",
                &an.doc.text[s.span.start..s.span.end]
            )];
            if !sent.nodes.is_empty() {
                out.push(sent);
            }
        }
    }
    Ok((out, words))
}

/// The CoNLL-U of a coded document's syntax: one sentence per analysed sentence, with
/// `# sent_id` and `# text`.
pub fn doc_conllu(d: &vedetta_pipeline::Doc) -> String {
    let an = &d.analysis;
    let mut sents = Vec::new();
    for syn in &d.syntax {
        let s = &an.sentences[syn.sentence];
        let toks: Vec<(usize, usize)> = an.tokens[s.first_token..s.end_token]
            .iter()
            .map(|t| (t.span.start, t.span.end))
            .collect();
        let mut sent =
            vedetta_syntax::words_to_sentence(&an.doc.text, &toks, s.first_token, &syn.words);
        let text = an.doc.text[s.span.start..s.span.end].replace(['\n', '\r'], " ");
        sent.comments = vec![
            format!("# sent_id = {}-{}", an.doc.id, syn.sentence + 1),
            format!("# text = {text}"),
        ];
        sents.push(sent);
    }
    let mut out = format!("# newdoc id = {}\n", an.doc.id);
    out.push_str(&conllu::write_string(&sents));
    out
}
