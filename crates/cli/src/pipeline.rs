//! The pipeline as the commands load it (`--data`, `--actors`), ingest options from the
//! command line, and the progress bar.

use crate::{Common, DataArgs};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vedetta_ingest::IngestOptions;
use vedetta_model::PartialDate;
pub use vedetta_pipeline::Pipeline;

/// Loads the pipeline on the data the flags name.
pub fn load(args: &DataArgs) -> Result<Pipeline> {
    load_with(args, false)
}

/// As [`load`]; `rules_only_events` codes events by the rules alone (the NER models stay).
pub fn load_with(args: &DataArgs, rules_only_events: bool) -> Result<Pipeline> {
    Ok(Pipeline::load(&vedetta_pipeline::Config {
        data: args.data.clone(),
        actors: args.actors.clone(),
        rules_only: args.rules_only,
        rules_only_events,
    })?)
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
        dates: c
            .dates
            .as_deref()
            .map(|p| vedetta_ingest::FileDates::read(p).map(std::sync::Arc::new))
            .transpose()
            .map_err(|e| anyhow::anyhow!("--dates: {e}"))?,
        date_from_mtime: c.date_from.as_deref() == Some("mtime"),
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

/// Prints the end-of-run lines of a run's statistics (languages guessed, undated documents).
pub fn print_summary(stats: &vedetta_pipeline::batch::RunStats) {
    for (severity, line) in stats.summary() {
        eprintln!("{}: {line}", severity.label());
    }
}
