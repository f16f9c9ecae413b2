//! `vedetta train …`: rebuilds the shipped models from training data, deterministically.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// What to train.
#[derive(Subcommand)]
pub enum TrainCmd {
    /// A language pack's character-trigram profile for language identification
    /// (`data/lang/<iso>/langid.tsv`), from the sentences of CoNLL-U files (`# text =` lines)
    /// or plain text files (one text a line).
    Langid(LangidArgs),
    /// A language's syntax model (word splitter, tagger, lemmatiser, dependency parser) from
    /// Universal Dependencies treebanks, into `--out DIR/syntax.model`; progress per epoch
    /// (dev UPOS, UAS, LAS) on stderr. Shipped: data/models/<lang>/ (docs/accuracy.md).
    Syntax(crate::syntax_cmd::TrainSyntaxArgs),
    /// The irregular forms of a language (`data/lang/<iso>/events/forms.tsv`: form → lemma
    /// wherever their stems differ, `met` → `meet`), from UD treebanks: the coder parses a
    /// sentence only when some word's stem is a trigger lemma's or one of its forms'.
    Forms(FormsArgs),
    /// A language's learned event classifier (`--out DIR/events.model`) from records in the
    /// gold format (our annotated sentences in ../shared/train/events/; never a dev set):
    /// every proposal of the rule coder is an example, positive when it matches a gold
    /// event strictly. The threshold is chosen by cross-validation on the training records.
    /// Shipped: data/models/<lang>/events.model (docs/accuracy.md).
    Events(EventsArgs),
    /// A language's learned NER tagger (`--out DIR/ner.model`): a greedy BILOU tagger
    /// (averaged perceptron) whose features include the rule-based mention finder's labels,
    /// trained on gold BIO files (KIND: ../shared/gold/ner-it/WN_train.tsv) and, weighted
    /// down, silver ones (WikiNEuRal: ../shared/train/ner/); dev micro F1 per epoch on
    /// stderr, the best epoch kept. Train it before `train events` (the event classifier
    /// learns from the mentions the tagger gives). Shipped: data/models/<lang>/ner.model.
    Ner(NerArgs),
}

/// Arguments of `vedetta train ner`.
#[derive(Args)]
pub struct NerArgs {
    /// Language of the model (the files are analysed in it).
    #[arg(long)]
    lang: String,
    /// Gold BIO files (`token<TAB>tag` or `index<TAB>token<TAB>tag`, blank line between
    /// sentences; PER, ORG, LOC/GPE, other classes read as O).
    #[arg(long = "train", num_args = 1..)]
    train: Vec<PathBuf>,
    /// Silver BIO files, used with the chance `--silver-weight` per epoch.
    #[arg(long = "silver", num_args = 1..)]
    silver: Vec<PathBuf>,
    /// Chance that a silver sentence is used in an epoch.
    #[arg(long, default_value_t = 0.3)]
    silver_weight: f64,
    /// Dev BIO file scored after every epoch (never trained on); the best epoch is kept.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Folder to write `ner.model` into (the shipped models: data/models/<lang>/).
    #[arg(long)]
    out: PathBuf,
    /// Random seed (the same data, seed and options give the same bytes).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Passes over the data.
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// Drop averaged weights below this (absolute, in perceptron update units): a smaller,
    /// faster model.
    #[arg(long, default_value_t = 0.0)]
    prune: f64,
    /// Beam width: 1 is the greedy tagger trained token by token; more trains whole
    /// sentences with a beam search (early updates) and the model decodes with that beam.
    #[arg(long, default_value_t = 1)]
    beam: usize,
    /// Train this many models side by side at seeds `--seed`, `--seed`+1, … and ship the
    /// mean of their weights (a vote across seeds, for the cost of that many trainings).
    #[arg(long, default_value_t = 1)]
    bag: usize,
    #[command(flatten)]
    data: crate::DataArgs,
}

/// Writes a model file `name` into the folder `out` (created when missing); returns its path.
fn write_model(out: &std::path::Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(out).with_context(|| format!("--out {}", out.display()))?;
    let path = out.join(name);
    std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

fn ner(a: &NerArgs) -> Result<i32> {
    let started = std::time::Instant::now();
    if a.train.is_empty() && a.silver.is_empty() {
        anyhow::bail!("give training files with --train (gold) and/or --silver");
    }
    if !(0.0..=1.0).contains(&a.silver_weight) {
        anyhow::bail!(
            "--silver-weight {}: a chance between 0 and 1",
            a.silver_weight
        );
    }
    if !(1..=255).contains(&a.beam) {
        anyhow::bail!("--beam {}: a width from 1 (greedy) to 255", a.beam);
    }
    if a.bag == 0 {
        anyhow::bail!("--bag 0: at least one model");
    }
    let mut data = a.data.clone();
    data.rules_only = true;
    let p = crate::pipeline::load(&data)?;
    if p.analyzer.pack(&a.lang).is_none() {
        anyhow::bail!("--lang {}: no such language pack", a.lang);
    }
    let opts = vedetta_mentions::ner_model::NerTrainOptions {
        seed: a.seed,
        epochs: a.epochs,
        prune: a.prune,
        beam: a.beam,
        bag: a.bag,
    };
    let (model, rep) = vedetta_pipeline::train_ner::train(
        &p,
        &a.lang,
        &a.train,
        &a.silver,
        a.silver_weight,
        a.dev.as_deref(),
        &opts,
        &mut |m| eprintln!("{m}"),
    )?;
    let bytes = model.to_bytes();
    let path = write_model(&a.out, "ner.model", &bytes)?;
    eprintln!(
        "trained the {} NER tagger in {:.0} s on {} sentences at full weight and {} weighted down: epoch {} kept{}, {} weights; wrote {} ({} bytes)",
        a.lang,
        started.elapsed().as_secs_f64(),
        rep.sentences.0,
        rep.sentences.1,
        rep.best_epoch,
        rep.dev_f1
            .get(rep.best_epoch.saturating_sub(1))
            .filter(|_| a.dev.is_some())
            .map(|f| format!(" (dev micro F1 {f:.3})"))
            .unwrap_or_default(),
        model.n_weights(),
        path.display(),
        bytes.len()
    );
    Ok(0)
}

/// Arguments of `vedetta train events`.
#[derive(Args)]
pub struct EventsArgs {
    /// Language of the model (records are coded in the language they declare, else in this
    /// one; training on both languages' records helps the features they share).
    #[arg(long)]
    lang: String,
    /// Training records (JSONL, the gold format).
    #[arg(long = "train", required = true, num_args = 1..)]
    train: Vec<PathBuf>,
    /// Folder to write `events.model` into (the shipped models: data/models/<lang>/).
    #[arg(long)]
    out: PathBuf,
    /// Random seed (the same data, seed and options give the same bytes).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Passes over the examples.
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// L2 regularisation per update.
    #[arg(long, default_value_t = 1e-2)]
    l2: f64,
    /// Cross-validation folds for the threshold (< 2: a fixed threshold of 0.5).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// A fixed veto threshold instead of the cross-validated one (a proposal the rules code
    /// is dropped below this probability).
    #[arg(long)]
    veto: Option<f64>,
    /// Also learn to rescue: a proposal the rules do not code is added when the model is
    /// sure (threshold by cross-validation). Off by default: with our few hundred training
    /// events, rescues cost more precision on the dev sets than they bring recall.
    #[arg(long)]
    allow_rescue: bool,
    /// A fixed rescue threshold (a proposal the rules do not code is added from this
    /// probability; above 1: never).
    #[arg(long)]
    rescue: Option<f64>,
    /// What makes a proposal a positive example: `strict` (type, actor and recipient match
    /// a gold event) or `actor` (type and actor: the classifier judges whether the predicate
    /// is an event, the rules find the recipient).
    #[arg(long, default_value = "actor", value_parser = ["strict", "actor"])]
    label: String,
    /// Also write the gold events no proposal reaches, one a line with why (no trigger of
    /// the type, no actor, wrong actor, wrong recipient), to this TSV file.
    #[arg(long, value_name = "FILE.tsv")]
    misses: Option<PathBuf>,
    #[command(flatten)]
    data: crate::DataArgs,
}

fn events(a: &EventsArgs) -> Result<i32> {
    let started = std::time::Instant::now();
    // The classifier learns from the mentions it will see: the NER models stay on.
    let p = crate::pipeline::load_with(&a.data, true)?;
    if p.analyzer.pack(&a.lang).is_none() {
        anyhow::bail!("--lang {}: no such language pack", a.lang);
    }
    let mut c = vedetta_pipeline::train_events::Collected::default();
    for f in &a.train {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("--train {}", f.display()))?;
        let before = c.records;
        let label = if a.label == "actor" {
            vedetta_eval::events::Level::ActorOnly
        } else {
            vedetta_eval::events::Level::Strict
        };
        vedetta_pipeline::train_events::collect(
            &p,
            &f.display().to_string(),
            &text,
            &a.lang,
            label,
            &mut c,
        );
        eprintln!("{}: {} records", f.display(), c.records - before);
    }
    for e in &c.problems {
        eprintln!("error: {e}");
    }
    if let Some(m) = &a.misses {
        let mut t = String::from("id\twhy\ttype\tactors->recipients\tevidence\n");
        for l in &c.misses {
            t.push_str(l);
            t.push('\n');
        }
        std::fs::write(m, t).with_context(|| format!("--misses {}", m.display()))?;
    }
    if c.examples.is_empty() {
        anyhow::bail!(
            "no proposals in the training records for language {}",
            a.lang
        );
    }
    let pct = |x: usize, n: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * x as f64 / n as f64
        }
    };
    eprintln!(
        "{} records, {} required gold events; {} proposals ({} positive); {} gold events ({:.1} %) reachable by some proposal",
        c.records,
        c.gold_events,
        c.examples.len(),
        c.examples.iter().filter(|e| e.positive).count(),
        c.reachable,
        pct(c.reachable, c.gold_events)
    );
    eprintln!(
        "unreachable gold events: {} with a proposal of their type and actor (recipient wrong), {} of their type (actor wrong), {} with a candidate of their type but no actor, {} with no candidate of their type",
        c.wrong_recipient, c.wrong_actor, c.no_actor, c.no_proposal
    );
    eprintln!(
        "the rules alone on these records: precision {:.3}, recall {:.3}",
        if c.rules_predicted == 0 {
            0.0
        } else {
            c.rules_correct as f64 / c.rules_predicted as f64
        },
        if c.gold_events == 0 {
            0.0
        } else {
            c.rules_found as f64 / c.gold_events as f64
        }
    );
    {
        let coded = |e: &&vedetta_coding::learned::Example| e.feats.iter().any(|f| f == "v=coded");
        let pred = c.examples.iter().filter(coded).count();
        let tp = c
            .examples
            .iter()
            .filter(coded)
            .filter(|e| e.positive)
            .count();
        let pos = c.examples.iter().filter(|e| e.positive).count();
        eprintln!(
            "the rules' verdicts on the proposals: F1 {:.3} ({} coded, {} of them positive, of {} positives)",
            if tp == 0 { 0.0 } else { 2.0 * tp as f64 / (pred + pos) as f64 },
            pred,
            tp,
            pos
        );
    }
    let o = vedetta_coding::learned::TrainOptions {
        epochs: a.epochs,
        seed: a.seed,
        l2: a.l2,
        folds: a.folds,
        rescue: a.allow_rescue,
        veto: a.veto,
        ..Default::default()
    };
    if let Some(t) = a.veto {
        if !(0.0..=1.0).contains(&t) {
            anyhow::bail!("--veto {t}: a probability between 0 and 1");
        }
    }
    let (mut model, mut rep) =
        vedetta_pipeline::train_events::train(&c, &o, &mut |m| eprintln!("{m}"));
    if let Some(t) = a.rescue {
        if !(0.0..=2.0).contains(&t) {
            anyhow::bail!("--rescue {t}: a probability between 0 and 1 (above 1: never)");
        }
        model.rescue = t;
        rep.rescue = t;
    }
    let bytes = model.to_bytes();
    let path = write_model(&a.out, "events.model", &bytes)?;
    eprintln!(
        "trained the {} event classifier in {:.0} s: {} weights, veto below {:.2}, rescue from {:.2} (proposal F1: rules {:.3}, cross-validated {:.3}; cross-validated strict F1 {:.3}); wrote {} ({} bytes)",
        a.lang,
        started.elapsed().as_secs_f64(),
        model.len(),
        rep.veto,
        rep.rescue,
        rep.rules_f1,
        rep.cv_f1,
        rep.cv_strict_f1,
        path.display(),
        bytes.len()
    );
    Ok(0)
}

/// Arguments of `vedetta train forms`.
#[derive(Args)]
pub struct FormsArgs {
    /// Language of the treebanks.
    #[arg(long)]
    lang: String,
    /// Treebanks (CoNLL-U).
    #[arg(long = "train", required = true, num_args = 1..)]
    train: Vec<PathBuf>,
    /// Output file (data/lang/<iso>/events/forms.tsv).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    data: crate::DataArgs,
}

/// Arguments of `vedetta train langid`.
#[derive(Args)]
pub struct LangidArgs {
    /// Training files (CoNLL-U or plain text).
    #[arg(long = "train", required = true, num_args = 1..)]
    train: Vec<PathBuf>,
    /// Trigrams kept.
    #[arg(long, default_value_t = vedetta_analysis::langid::DEFAULT_TOP)]
    top: usize,
    /// Output file (e.g. data/lang/it/langid.tsv).
    #[arg(long)]
    out: PathBuf,
}

/// The sentences of a training file: `# text =` lines of CoNLL-U, else every non-empty line.
fn sentences(path: &PathBuf) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("--train {}", path.display()))?;
    let conllu = path.extension().is_some_and(|e| e == "conllu");
    Ok(text
        .lines()
        .filter_map(|l| {
            if conllu {
                l.strip_prefix("# text = ").map(str::to_string)
            } else {
                Some(l.trim().to_string()).filter(|l| !l.is_empty())
            }
        })
        .collect())
}

/// Runs `vedetta train …`.
pub fn run(cmd: &TrainCmd) -> Result<i32> {
    match cmd {
        TrainCmd::Syntax(a) => crate::syntax_cmd::train(a),
        TrainCmd::Forms(a) => forms(a),
        TrainCmd::Events(a) => events(a),
        TrainCmd::Ner(a) => ner(a),
        TrainCmd::Langid(a) => {
            let mut all = Vec::new();
            for p in &a.train {
                let s = sentences(p)?;
                eprintln!("{}: {} sentences", p.display(), s.len());
                all.extend(s);
            }
            anyhow::ensure!(!all.is_empty(), "no sentences in the --train files");
            let out =
                vedetta_analysis::langid::Profile::train(all.iter().map(String::as_str), a.top);
            std::fs::write(&a.out, out).with_context(|| format!("--out {}", a.out.display()))?;
            eprintln!("wrote {} ({} sentences)", a.out.display(), all.len());
            Ok(0)
        }
    }
}

/// `vedetta train forms`.
fn forms(a: &FormsArgs) -> Result<i32> {
    let p = crate::pipeline::load(&a.data)?;
    let lang = vedetta_analysis::normalise_lang(&a.lang);
    let stem = |w: &str| -> Option<String> {
        let doc = vedetta_model::Document {
            id: "w".into(),
            source: "w".into(),
            date: None,
            lang: Some(lang.clone()),
            title: None,
            url: None,
            text: w.into(),
        };
        let an = p.analyzer.analyze(doc, Some(&lang)).ok()?;
        (an.tokens.len() == 1).then(|| an.tokens[0].stem.clone())
    };
    let mut pairs = std::collections::BTreeSet::new();
    let mut stems: std::collections::HashMap<String, Option<String>> = Default::default();
    for path in &a.train {
        for s in vedetta_syntax::conllu::read_file(path)
            .with_context(|| format!("--train {}", path.display()))?
        {
            for w in s.words() {
                if !matches!(w.upos.as_str(), "VERB" | "AUX" | "NOUN") {
                    continue;
                }
                let form = w.form.to_lowercase();
                let lemma = w.lemma.to_lowercase();
                if form == lemma || !form.chars().all(char::is_alphabetic) {
                    continue;
                }
                let mut st = |x: &str| {
                    stems
                        .entry(x.to_string())
                        .or_insert_with(|| stem(x))
                        .clone()
                };
                if let (Some(a), Some(b)) = (st(&form), st(&lemma)) {
                    if a != b {
                        pairs.insert((form, lemma));
                    }
                }
            }
        }
    }
    let mut out = String::from(
        "# Irregular forms: form<TAB>lemma where their stems differ (vedetta train forms, from \
         UD treebanks; see SOURCES.md)\n",
    );
    for (f, l) in &pairs {
        out.push_str(&format!("{f}\t{l}\n"));
    }
    std::fs::write(&a.out, out).with_context(|| format!("--out {}", a.out.display()))?;
    eprintln!("wrote {} ({} forms)", a.out.display(), pairs.len());
    Ok(0)
}
