//! Loading data and building the stages once per run.

use crate::{Common, DataArgs};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vedetta_analysis::Analyzer;
use vedetta_data::DataSource;
use vedetta_ingest::IngestOptions;
use vedetta_mentions::MentionFinder;
use vedetta_model::PartialDate;

/// Per-language rules of the `mentions` stage beyond actors.
pub struct LangRules {
    /// Time expressions.
    pub time: vedetta_mentions::time::TimeRules,
    /// Quotes, reporting verbs, attribution.
    pub quotes: vedetta_mentions::quotes::QuoteRules,
    /// Quantities.
    pub quantities: vedetta_mentions::quantity::QuantityRules,
}

/// The loaded stages.
pub struct Pipeline {
    pub analyzer: Analyzer,
    pub mentions: MentionFinder,
    pub rules: std::collections::BTreeMap<String, LangRules>,
    pub coder: vedetta_coding::Coder,
}

impl Pipeline {
    /// Loads language packs and the actor dictionary.
    pub fn load(args: &DataArgs) -> Result<Pipeline> {
        let src = match &args.data {
            Some(d) => {
                anyhow::ensure!(d.is_dir(), "--data {}: not a folder", d.display());
                DataSource::Dir(d.clone())
            }
            None => DataSource::Embedded,
        };
        let analyzer = Analyzer::load(&src).context("loading language packs")?;
        let mut extra = Vec::new();
        for a in &args.actors {
            extra.extend(
                vedetta_data::read_user_path(a)
                    .with_context(|| format!("--actors {}", a.display()))?,
            );
        }
        let mentions =
            MentionFinder::load(&src, &analyzer, &extra).context("loading the actor dictionary")?;
        let mut rules = std::collections::BTreeMap::new();
        for code in analyzer.languages() {
            let pack = analyzer.pack(code).expect("listed language");
            let r = LangRules {
                time: vedetta_mentions::time::TimeRules::load(pack)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
                quotes: vedetta_mentions::quotes::load(pack).map_err(|e| anyhow::anyhow!("{e}"))?,
                quantities: vedetta_mentions::quantity::load(pack)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            };
            rules.insert(code.to_string(), r);
        }
        let coder =
            vedetta_coding::Coder::load(&src, &analyzer).context("loading event patterns")?;
        Ok(Pipeline {
            analyzer,
            mentions,
            rules,
            coder,
        })
    }
}

/// Ingest options from the command line.
pub fn ingest_options(c: &Common) -> Result<IngestOptions> {
    Ok(IngestOptions {
        default_date: c
            .date
            .as_deref()
            .map(PartialDate::parse)
            .transpose()
            .context("--date")?,
        default_lang: None,
        max_doc_bytes: c.max_doc_bytes,
        feeds: c.feed.clone(),
        timeout: std::time::Duration::from_secs(c.timeout),
        ..IngestOptions::default()
    })
}

/// A progress counter on stderr, hidden when stderr is not a terminal.
pub fn progress(what: &str) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    }
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos} documents ({per_sec})")
            .expect("template"),
    );
    pb.set_message(what.to_string());
    pb
}
