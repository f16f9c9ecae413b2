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
