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
