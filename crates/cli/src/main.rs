//! `vedetta`: political event data from news text.

/// `println!` that returns an error instead of panicking when stdout is closed (`| head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

mod bench;
mod coded;
mod eval;
mod eval_attribution;
mod eval_ner;
mod eval_timex;
mod output;
mod pipeline;
mod store_cmd;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// vedetta turns news articles (Italian, English) into structured political event data.
#[derive(Parser)]
#[command(
    name = "vedetta",
    version,
    about = "vedetta: political event data (PLOVER) from Italian and English news, natively.",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Analyse documents: language, sentences, tokens and actor mentions, as JSON lines.
    ///
    /// Inputs are seed-format or plain .txt files, JSONL files (one {"id","date","text"} per
    /// line), folders (walked recursively) or `-` for stdin. One JSON object per document is
    /// printed to stdout; problems with single inputs are reported on stderr with their file
    /// and line, and the rest of the batch goes on (exit status 1 if any input failed).
    Analyze {
        /// Files, folders, or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Include tokens (text, offsets, lowercase, stem, shape).
        #[arg(long)]
        tokens: bool,
        /// Pretty-print JSON (one object spans several lines).
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Code events: one PLOVER JSON record per event (with our fields doc_id, cameo, aux,
    /// attribution, evidence, quantities), or with --full one record per document with
    /// events, mentions, time expressions, quotes and quantities.
    Code {
        /// Files, folders, or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// One record per document with everything coded.
        #[arg(long)]
        full: bool,
        /// Pretty-print JSON.
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Code documents and store them with their mentions, events, time expressions and
    /// quotes in a database (SQLite file by default).
    ///
    /// Batches of documents are committed in one transaction each; a document already stored
    /// (same id: a JSONL document's given id, else the SHA-256 of its text) is skipped, so an
    /// interrupted run is finished by running it again. Inputs that fail are reported on
    /// stderr, recorded in the database's `failures` table, and the run goes on (exit status 1
    /// if any failed).
    Ingest {
        /// Files, folders, or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: store_cmd::DbArgs,
        /// Documents per transaction.
        #[arg(long, default_value_t = 200)]
        batch: usize,
        #[command(flatten)]
        common: Common,
    },
    /// List stored events matching filters, in date order (a table, or JSON lines with --json).
    Query {
        #[command(flatten)]
        db: store_cmd::DbArgs,
        #[command(flatten)]
        filters: store_cmd::FilterArgs,
        /// At most N events.
        #[arg(long, default_value_t = 50)]
        limit: u64,
        /// Skip the first N events.
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// One JSON object per event.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Export stored events matching filters: PLOVER JSONL (the records `vedetta code`
    /// prints) or CSV with a header.
    Export {
        /// Output format.
        #[arg(long, value_parser = ["plover-jsonl", "csv"])]
        format: String,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        db: store_cmd::DbArgs,
        #[command(flatten)]
        filters: store_cmd::FilterArgs,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Score the coder against a gold JSONL file (shared/gold/FORMAT.md): events (strict,
    /// actor-only, strict+aux; overall and per type), time values, quote speakers, attribution.
    Eval {
        /// The gold file.
        gold: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// List misses and false positives with their sentences.
        #[arg(long)]
        errors: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Score time expressions against TimeML (.tml) files: detection recall/precision and
    /// TIMEX3 value accuracy, overall and per type.
    EvalTimex {
        /// Folder of .tml files (searched recursively).
        dir: PathBuf,
        /// Language of the files.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Read at most N files.
        #[arg(long)]
        limit: Option<usize>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Score attribution sources against PolNeAR brat files (text/ and attributions/):
    /// for each gold content span, is the nearest source we return the gold source?
    EvalAttribution {
        /// The PolNeAR split folder (with text/ and attributions/).
        dir: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Score mention detection against a CoNLL/BIO file (token<TAB>tag, blank line between
    /// sentences): exact-span precision, recall and F1 per class (PER, ORG, LOC) and micro.
    EvalNer {
        /// The BIO file.
        file: PathBuf,
        /// Language of the file.
        #[arg(long, default_value = "it")]
        lang: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// List the first N errors (misses and false positives).
        #[arg(long, default_value_t = 0)]
        errors: usize,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Benchmark a stage (analysis + actor matching, or the whole coder) on texts repeated to a
    /// given size: MB/s per core and peak memory.
    Bench {
        /// Texts to repeat (files or folders; default: the embedded sample).
        paths: Vec<PathBuf>,
        /// Corpus size in MB.
        #[arg(long, default_value_t = 50)]
        mb: usize,
        /// What to time: `analyze` (language, tokens, sentences, actor mentions) or `code`
        /// (everything: mentions, time, quotes, quantities, events).
        #[arg(long, default_value = "analyze", value_parser = ["analyze", "code"])]
        stage: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Inspect the actor dictionary.
    Actors {
        #[command(subcommand)]
        cmd: ActorsCmd,
    },
}

#[derive(Subcommand)]
enum ActorsCmd {
    /// Explain which dictionary entry a name resolves to on a date, and why.
    Lookup {
        /// The name as written in text (`Biden`, `il Cremlino`, `funzionari statunitensi`).
        name: String,
        /// Document date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
        /// Language the name is written in.
        #[arg(long, default_value = "en")]
        lang: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

/// Where data comes from.
#[derive(Args, Clone, Default)]
pub struct DataArgs {
    /// Data folder to use instead of the embedded default (same layout as `data/`).
    #[arg(long, value_name = "DIR", global = true)]
    data: Option<PathBuf>,
    /// Extra actor dictionary files or folders of .tsv files (repeatable), added to the default.
    #[arg(long = "actors", value_name = "PATH")]
    actors: Vec<PathBuf>,
}

/// Options shared by the commands that read documents.
#[derive(Args, Clone)]
pub struct Common {
    /// Language for every document (otherwise: declared in the input, else detected).
    #[arg(long)]
    lang: Option<String>,
    /// Date for documents that carry none (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Largest document or JSONL line accepted, in bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_doc_bytes: usize,
    #[command(flatten)]
    data: DataArgs,
}

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}

/// True when the error is stdout closing early (`vedetta … | head`): not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .map(|io| io.kind())
            .or_else(|| {
                c.downcast_ref::<serde_json::Error>()
                    .and_then(|j| j.io_error_kind())
            })
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<i32> {
    match cli.cmd {
        Cmd::Analyze {
            paths,
            tokens,
            pretty,
            common,
        } => analyze(paths, tokens, pretty, common),
        Cmd::Code {
            paths,
            full,
            pretty,
            common,
        } => code(paths, full, pretty, common),
        Cmd::Ingest {
            paths,
            db,
            batch,
            common,
        } => store_cmd::ingest(&paths, &db, batch, &common),
        Cmd::Query {
            db,
            filters,
            limit,
            offset,
            json,
            data,
        } => store_cmd::query(&db, &filters, limit, offset, json, &data),
        Cmd::Export {
            format,
            out,
            db,
            filters,
            data,
        } => store_cmd::export(&db, &filters, &format, out.as_ref(), &data),
        Cmd::Eval {
            gold,
            json,
            errors,
            data,
        } => {
            let p = pipeline::Pipeline::load(&data)?;
            eval::run(&p, &gold, json, errors)
        }
        Cmd::EvalTimex {
            dir,
            lang,
            json,
            limit,
            data,
        } => {
            let p = pipeline::Pipeline::load(&data)?;
            eval_timex::run(&p, &dir, &lang, json, limit)
        }
        Cmd::EvalAttribution { dir, json, data } => {
            let p = pipeline::Pipeline::load(&data)?;
            eval_attribution::run(&p, &dir, json)
        }
        Cmd::EvalNer {
            file,
            lang,
            json,
            errors,
            data,
        } => {
            let p = pipeline::Pipeline::load(&data)?;
            eval_ner::run(&p, &file, &lang, json, errors)
        }
        Cmd::Bench {
            paths,
            mb,
            stage,
            json,
            data,
        } => {
            let p = pipeline::Pipeline::load(&data)?;
            bench::run(&p, &paths, mb, &stage, json)
        }
        Cmd::Actors {
            cmd:
                ActorsCmd::Lookup {
                    name,
                    date,
                    lang,
                    data,
                },
        } => {
            let p = pipeline::Pipeline::load(&data)?;
            let date = date
                .map(|d| vedetta_model::PartialDate::parse(&d))
                .transpose()
                .context("--date")?;
            match p.mentions.explain(&p.analyzer, &name, &lang, date) {
                None => {
                    outln!("{name:?}: not in the actor dictionary ({lang})");
                    Ok(1)
                }
                Some(x) => {
                    let m = &x.mention;
                    outln!(
                        "{:?} → {} ({:?}), {}",
                        m.text,
                        m.code.as_deref().unwrap_or("no code"),
                        m.kind,
                        m.why
                    );
                    if let Some(r) = &m.role {
                        outln!("  role: {r}");
                    }
                    if !m.ambiguous_with.is_empty() {
                        outln!("  ambiguous with: {}", m.ambiguous_with.join(", "));
                    }
                    for e in &x.candidates {
                        let span = match (e.start, e.end) {
                            (None, None) => "undated".to_string(),
                            (s, e) => format!(
                                "{}..{}",
                                s.map(|d| d.to_string()).unwrap_or_default(),
                                e.map(|d| d.to_string()).unwrap_or_default()
                            ),
                        };
                        outln!(
                            "  candidate {} {} [{}] {} ({})",
                            e.code,
                            e.name,
                            span,
                            e.role.as_deref().unwrap_or(""),
                            e.origin
                        );
                    }
                    Ok(0)
                }
            }
        }
    }
}

/// Reads every input, turns each document into JSON records with `per_doc`, and writes them
/// to stdout one per line. Input and per-document errors go to stderr with file and line, and
/// the batch goes on; returns (documents done, documents failed).
fn run_batch(
    paths: &[PathBuf],
    common: &Common,
    pretty: bool,
    what: &str,
    mut per_doc: impl FnMut(vedetta_model::Document) -> Result<Vec<serde_json::Value>, String>,
) -> Result<(usize, usize)> {
    let opts = pipeline::ingest_options(common)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let progress = pipeline::progress(what);
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut reader = vedetta_ingest::Reader::new(paths, opts);
    for item in reader.by_ref() {
        let result = match item {
            Err(e) => Err(e.to_string()),
            Ok(doc) => {
                let source = doc.source.clone();
                per_doc(doc).map_err(|e| format!("{source}: {e}"))
            }
        };
        match result {
            Err(e) => {
                progress.suspend(|| eprintln!("error: {e}"));
                failed += 1;
            }
            Ok(records) => {
                for r in records {
                    if pretty {
                        serde_json::to_writer_pretty(&mut out, &r)?;
                    } else {
                        serde_json::to_writer(&mut out, &r)?;
                    }
                    out.write_all(b"\n")?;
                }
                ok += 1;
            }
        }
        progress.inc(1);
    }
    out.flush()?;
    progress.finish_and_clear();
    for s in &reader.skipped {
        eprintln!("note: skipped {} (not .txt/.jsonl)", s.display());
    }
    Ok((ok, failed))
}

fn analyze(paths: Vec<PathBuf>, tokens: bool, pretty: bool, common: Common) -> Result<i32> {
    let p = pipeline::Pipeline::load(&common.data)?;
    let force = common.lang.clone();
    let (ok, failed) = run_batch(&paths, &common, pretty, "analysing", |doc| {
        let an = p
            .analyzer
            .analyze(doc, force.as_deref())
            .map_err(|e| e.to_string())?;
        let mentions = p.mentions.find(&an);
        Ok(vec![output::analysis_json(&an, &mentions, tokens)])
    })?;
    eprintln!("analysed {ok} documents, {failed} failed");
    Ok(if failed > 0 { 1 } else { 0 })
}

fn code(paths: Vec<PathBuf>, full: bool, pretty: bool, common: Common) -> Result<i32> {
    let p = pipeline::Pipeline::load(&common.data)?;
    let force = common.lang.clone();
    let mut events = 0usize;
    let (ok, failed) = run_batch(&paths, &common, pretty, "coding", |doc| {
        let c = p.code(doc, force.as_deref()).map_err(|e| e.to_string())?;
        events += c.events.len();
        Ok(if full {
            vec![coded::full_record(&p, &c)]
        } else {
            coded::event_records(&p, &c)
        })
    })?;
    eprintln!("coded {ok} documents ({events} events), {failed} failed");
    Ok(if failed > 0 { 1 } else { 0 })
}
