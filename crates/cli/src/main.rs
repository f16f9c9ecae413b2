//! `vedetta`: political event data from news text.

/// `println!` that returns an error instead of panicking when stdout is closed (`| head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

mod actors_cmd;
mod analytics_cmd;
mod bench;
mod bench_query;
mod coded;
mod demo;
mod eval;
mod eval_attribution;
mod eval_geo;
mod eval_ner;
mod eval_timex;
mod explain_cmd;
mod generate;
mod hostile;
mod output;
mod parquet_export;
mod pipeline;
mod store_cmd;
mod syntax_cmd;
mod train;

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
    /// line), HTML pages (.html, .htm: the main text), RSS/Atom feeds (.rss, .atom, .xml; one
    /// document per entry), folders (walked recursively), `-` for stdin, or feed URLs given
    /// with --feed. One JSON object per document is
    /// printed to stdout; problems with single inputs are reported on stderr with their file
    /// and line, and the rest of the batch goes on (exit status 1 if any input failed).
    Analyze {
        /// Files, folders, or `-` for stdin.
        #[arg(required_unless_present = "feed")]
        paths: Vec<PathBuf>,
        /// Include tokens (text, offsets, lowercase, stem, shape).
        #[arg(long)]
        tokens: bool,
        /// Include the syntax of each sentence: every word's form, offsets, lemma, UPOS,
        /// features, head and relation.
        #[arg(long)]
        syntax: bool,
        /// Output: one JSON object per document, or CoNLL-U (the syntax of every sentence,
        /// with `# newdoc id`, `# sent_id` and `# text`).
        #[arg(long, default_value = "json", value_parser = ["json", "conllu"])]
        format: String,
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
        #[arg(required_unless_present = "feed")]
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
    /// Explain how each sentence was coded: its parse, its actor mentions (with why), every
    /// candidate trigger with the pattern that matched, the actor and recipient found and
    /// how, the verdict (coded, part of another trigger, in a complement, background, no
    /// actor, no recipient), and the events.
    ///
    /// Give text with --text, or inputs as for `code`. A report per document, or JSON with
    /// --json.
    Explain {
        /// Files, folders, or `-` for stdin.
        paths: Vec<PathBuf>,
        /// Explain this text (a document of its own; use --lang and --date as needed).
        #[arg(long, conflicts_with = "paths")]
        text: Option<String>,
        /// One JSON object per document instead of a report.
        #[arg(long)]
        json: bool,
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
        #[arg(required_unless_present = "feed")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: store_cmd::DbArgs,
        /// Documents per transaction (a batch also ends at 32 MiB of text).
        #[arg(long, default_value_t = 200)]
        batch: usize,
        /// Coding threads (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
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
        /// One JSON object per event (or per story with --stories).
        #[arg(long)]
        json: bool,
        /// List story events instead: the events of all documents with the same day, actors,
        /// recipients and type, grouped, most reported first, with their mention, document and
        /// source (outlet) counts.
        #[arg(long)]
        stories: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Export stored events matching filters: PLOVER JSONL (the records `vedetta code`
    /// prints), CSV with a header, or Parquet (one typed row per event, streamed; optionally
    /// partitioned by month).
    #[command(after_long_help = parquet_export::SCHEMA_HELP)]
    Export {
        /// Output format: PLOVER JSONL, CSV, or Apache Parquet (typed columns, see below;
        /// docs/exports.md describes every format's fields).
        #[arg(long, value_parser = ["plover-jsonl", "csv", "parquet"])]
        format: String,
        /// Write to this file instead of stdout (required for parquet; with --partition month,
        /// a directory).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Parquet only: write a Hive-style directory, one folder per month of the event date
        /// (`OUT/month=2024-05/part-0.parquet`, `OUT/month=undated/…`).
        #[arg(long, value_parser = ["month"])]
        partition: Option<String>,
        /// Parquet only: replace an existing --out (a directory only if it holds nothing but
        /// a previous partitioned export). CSV and JSONL files are overwritten as before.
        #[arg(long)]
        force: bool,
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
    /// Score event geolocation against gold event locations (the format of
    /// docs/geo-dev.md, e.g. eval/geo/geo-dev.jsonl): country and admin-1 accuracy, share
    /// within 161 km, median error in km, for the coded events and for every located gold
    /// event (placing the gold evidence when the coder missed it), and toponym figures.
    EvalGeo {
        /// The gold file.
        gold: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// List wrong and missing places (to stderr).
        #[arg(long)]
        errors: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Score the syntax stage (UPOS, features, lemma, UAS, LAS) against a UD treebank, with
    /// the gold words or (--raw) from the raw text with vedetta's tokeniser.
    EvalUd(syntax_cmd::EvalUdArgs),
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
    /// Query latency of a stored database: typical filters (a page of events, an actor, a
    /// dyad, a type in a month, full text, stories, a document, actors), p50 and p99 in ms.
    BenchQuery {
        #[command(flatten)]
        db: store_cmd::DbArgs,
        /// Timed runs per query (after one warm-up).
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write synthetic example documents (JSONL) for benchmarks and load tests.
    ///
    /// Sentences come from the templates of each language pack (lang/<code>/generate.toml):
    /// actors acting on each other, filler, dates over 2023-2025, outlets under example.org.
    /// Every document is labelled synthetic; the same --seed gives the same bytes.
    Generate {
        /// Number of documents.
        #[arg(long, default_value_t = 1000)]
        docs: u64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Languages, comma-separated (each needs lang/<code>/generate.toml).
        #[arg(long, default_value = "it,en", value_delimiter = ',')]
        langs: Vec<String>,
        /// Write to this file instead of stdout (with --hostile: a folder, required).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write a malformed and hostile corpus instead, one file per document (random bytes,
        /// invalid UTF-8, a 10 MB sentence, deeply nested quotes, broken JSONL, HTML and feeds…;
        /// about one in ten is good) into the --out folder, to check that ingest survives it.
        #[arg(long, requires = "out")]
        hostile: bool,
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
        /// What to time: `analyze` (language, tokens, sentences, actor mentions), `syntax`
        /// (analysis, then tagging, lemmatising and parsing every sentence: words/s of the
        /// syntax stage alone are reported) or `code` (everything: mentions, time, quotes,
        /// quantities, events; only sentences with an actor and a possible trigger are parsed).
        #[arg(long, default_value = "analyze", value_parser = ["analyze", "syntax", "code"])]
        stage: String,
        /// Instead: code ONE document of each size from 1 KiB up to --mb MiB (×4 a step),
        /// made of the texts' paragraphs, and print CPU time per size with the time ratio
        /// against the size ratio (linear work keeps them equal).
        #[arg(long)]
        scaling: bool,
        /// With --scaling: plain text, an HTML page of paragraphs, or an HTML page of long
        /// `&amp;` runs.
        #[arg(long, value_enum, default_value = "text")]
        scaling_input: bench::ScalingInput,
        /// With --scaling: exit with status 1 when, from 256 KiB up, a step's time grows more
        /// than this many times faster than its size (1.0 = exactly linear; quadratic work
        /// gives 4 per ×4 step). The bounded-work check of `docs/performance.md`.
        #[arg(long, value_name = "FACTOR", requires = "scaling")]
        max_growth: Option<f64>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Time series of a dyad (actor and recipient codes or prefixes, or a country): events
    /// per day, ISO week or month, by PLOVER type and quad class, with Goldstein score sums
    /// and means; asserted events only unless --aux says otherwise.
    ///
    /// Events dated more coarsely than the buckets (a month in a daily series) are listed
    /// per their own period, not placed on a day. Empty buckets between the first and last
    /// (or --from and --to) are listed with zeros.
    Series(analytics_cmd::SeriesArgs),
    /// Escalation alerts: per country dyad and per country, conflict and cooperation events
    /// of a recent window compared with the previous baseline (Poisson or negative-binomial
    /// surprise, −log10 p), ranked, each explained by its counts and the events behind it.
    ///
    /// A dyad or country is tested only with --min-events events from --min-docs documents
    /// in the window, so one article is not an alert. Only events dated to the day count.
    Alerts(analytics_cmd::AlertsArgs),
    /// Check a data folder (the embedded one, or --data DIR): every language pack, actor
    /// file, event pattern and model loads; the first problem is reported with its file and
    /// line (exit status 1).
    Data {
        #[command(subcommand)]
        cmd: DataCmd,
    },
    /// Inspect the actor dictionary; import actors from Wikidata and merge dictionaries.
    Actors {
        #[command(subcommand)]
        cmd: ActorsCmd,
    },
    /// Code the bundled sample corpus into a database and serve the dashboard on it.
    ///
    /// The sample corpus: short example texts in Italian and English written for this demo
    /// (labelled as examples, never real news; data/demo/), and the seed article
    /// (../shared/corpus/seed-it-2024-05-nk-russia.txt) when it is found. Documents already
    /// stored are skipped, so running it again only serves. Then open the printed address.
    Demo(demo::DemoArgs),
    /// Train the shipped models from training data (fixed seeds: the same data give the same
    /// bytes); see docs/accuracy.md for the commands that made each model.
    Train {
        #[command(subcommand)]
        cmd: train::TrainCmd,
    },
    /// Serve the dashboard (at /) and a read-only HTTP API over a database: /api/events
    /// (filters as in `query`, with limit and offset), /api/stories, /api/documents/{id},
    /// /api/actors, /api/series, /api/network, /api/alerts, /api/health; described at
    /// /openapi.json. Errors are JSON. Stops on ctrl-c, finishing requests in flight.
    ///
    /// Binds 127.0.0.1 by default. There is no authentication: binding another address
    /// (0.0.0.0, a LAN address) exposes every stored document to whoever can reach the port.
    Serve {
        /// Database: a SQLite file path (must exist) or a postgres:// URL.
        #[arg(long, default_value = "vedetta.db")]
        db: String,
        /// Address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        /// Database connections kept open (requests beyond wait for one).
        #[arg(long, default_value_t = vedetta_server::DEFAULT_POOL_SIZE)]
        pool: usize,
        /// Data folder to use instead of the embedded default (its language packs stem `q`).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        #[command(flatten)]
        opts: ServeOptions,
    },
}

/// Options of the HTTP server (`serve`, `demo`).
#[derive(Args, Clone)]
pub struct ServeOptions {
    /// Also answer requests whose Host header is NAME (repeatable; `*` for any). By default
    /// only loopback names (localhost, 127.0.0.1, [::1]) and the --bind address are
    /// answered, so a web page that rebinds its domain to 127.0.0.1 cannot read the API.
    #[arg(long, value_name = "NAME")]
    allow_host: Vec<String>,
    /// Longest a request's database work may take, in seconds; over it the request gets a
    /// JSON 503 naming the budget (its work is stopped, as when the client goes away).
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    query_budget: f64,
}

#[derive(Subcommand)]
enum DataCmd {
    /// Load everything and print what each language has.
    Check {
        #[command(flatten)]
        data: DataArgs,
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
    /// Import people (office terms), organisations and places from a Wikidata JSON dump
    /// (.json, .json.gz, .json.bz2; streamed, never held in memory) into actor TSV files:
    /// people.tsv, organisations.tsv, places.tsv, offices.tsv (office names → holder by date).
    #[command(name = "import-wikidata")]
    ImportWikidata(actors_cmd::ImportArgs),
    /// Merge an imported dictionary with the curated one (curated entries win); conflicts go
    /// to stderr and OUT/conflicts.tsv.
    Merge(actors_cmd::MergeArgs),
    /// Write a synthetic Wikidata dump in the real format (for throughput measurements).
    #[command(name = "gen-dump")]
    GenDump(actors_cmd::GenDumpArgs),
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
    /// Rules alone: do not load the learned models (the NER taggers,
    /// `data/models/<lang>/ner.model`, and the event classifiers, `…/events.model`).
    #[arg(long, global = true)]
    rules_only: bool,
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
    /// Dates of input files for their documents that carry none: a TSV file of
    /// `path<TAB>date` lines (paths relative to the TSV file's folder); before --date.
    #[arg(long, value_name = "FILE.tsv")]
    dates: Option<PathBuf>,
    /// Date undated text and HTML files by their modification day (UTC), before --date.
    /// Only when asked: a copy or a checkout changes the modification time.
    #[arg(long, value_name = "SOURCE", value_parser = ["mtime"])]
    date_from: Option<String>,
    /// Largest document or JSONL line accepted, in bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_doc_bytes: usize,
    /// RSS/Atom feed to fetch over HTTP(S) and read, one document per entry (repeatable; read
    /// after the paths, which may then be left out).
    #[arg(long, value_name = "URL")]
    feed: Vec<String>,
    /// Seconds a --feed download may take in all (connecting: at most 10).
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
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
        Cmd::Explain {
            paths,
            text,
            json,
            common,
        } => explain(paths, text, json, common),
        Cmd::Analyze {
            paths,
            tokens,
            syntax,
            format,
            pretty,
            common,
        } => analyze(paths, tokens, syntax, &format, pretty, common),
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
            jobs,
            common,
        } => store_cmd::ingest(&paths, &db, batch, jobs, &common),
        Cmd::Query {
            db,
            filters,
            limit,
            offset,
            json,
            stories,
            data,
        } => store_cmd::query(&db, &filters, limit, offset, json, stories, &data),
        Cmd::Export {
            format,
            out,
            partition,
            force,
            db,
            filters,
            data,
        } => store_cmd::export(
            &db,
            &filters,
            &format,
            out.as_ref(),
            partition.as_deref(),
            force,
            &data,
        ),
        Cmd::Eval {
            gold,
            json,
            errors,
            data,
        } => {
            let p = pipeline::load(&data)?;
            eval::run(&p, &gold, json, errors)
        }
        Cmd::EvalGeo {
            gold,
            json,
            errors,
            data,
        } => {
            let p = pipeline::load(&data)?;
            eval_geo::run(&p, &gold, json, errors)
        }
        Cmd::EvalTimex {
            dir,
            lang,
            json,
            limit,
            data,
        } => {
            let p = pipeline::load(&data)?;
            eval_timex::run(&p, &dir, &lang, json, limit)
        }
        Cmd::EvalAttribution { dir, json, data } => {
            let p = pipeline::load(&data)?;
            eval_attribution::run(&p, &dir, json)
        }
        Cmd::EvalNer {
            file,
            lang,
            json,
            errors,
            data,
        } => {
            let p = pipeline::load(&data)?;
            eval_ner::run(&p, &file, &lang, json, errors)
        }
        Cmd::BenchQuery { db, runs, json } => {
            let store = store_cmd::open_store(&db, false)?;
            bench_query::run(store.as_ref(), runs, json)
        }
        Cmd::Generate {
            docs,
            seed,
            langs,
            out,
            hostile,
            data,
        } => {
            if hostile {
                let dir = out.context("--hostile needs --out DIR")?;
                let sum = hostile::generate(&dir, docs, seed)?;
                eprintln!(
                    "wrote {} hostile files ({} bytes) to {}",
                    sum.files,
                    sum.bytes,
                    dir.display()
                );
                for (kind, n) in &sum.by_kind {
                    eprintln!("  {kind:<16} {n}");
                }
                return Ok(0);
            }
            let src = match &data.data {
                Some(d) => vedetta_data::DataSource::Dir(d.clone()),
                None => vedetta_data::DataSource::Embedded,
            };
            match out {
                Some(path) => {
                    let f = std::fs::File::create(&path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    let mut w = std::io::BufWriter::new(f);
                    generate::generate(&src, docs, seed, &langs, &mut w)?;
                }
                None => {
                    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
                    generate::generate(&src, docs, seed, &langs, &mut w)?;
                }
            }
            Ok(0)
        }
        Cmd::Bench {
            paths,
            mb,
            stage,
            scaling,
            scaling_input,
            max_growth,
            json,
            data,
        } => {
            let p = pipeline::load(&data)?;
            if scaling {
                bench::scaling(&p, &paths, mb, scaling_input, None, json, max_growth)
            } else {
                bench::run(&p, &paths, mb, &stage, json)
            }
        }
        Cmd::Demo(a) => demo::run(&a),
        Cmd::Series(a) => analytics_cmd::series(&a),
        Cmd::Alerts(a) => analytics_cmd::alerts(&a),
        Cmd::Train { cmd } => train::run(&cmd),
        Cmd::EvalUd(a) => syntax_cmd::eval_ud(&a),
        Cmd::Serve {
            db,
            bind,
            pool,
            data,
            opts,
        } => serve(&db, bind, pool, data.as_ref(), &opts),
        Cmd::Data {
            cmd: DataCmd::Check { data },
        } => data_check(&data),
        Cmd::Actors {
            cmd: ActorsCmd::ImportWikidata(a),
        } => actors_cmd::import(a),
        Cmd::Actors {
            cmd: ActorsCmd::Merge(a),
        } => actors_cmd::merge(a),
        Cmd::Actors {
            cmd: ActorsCmd::GenDump(a),
        } => actors_cmd::gen_dump(a),
        Cmd::Actors {
            cmd:
                ActorsCmd::Lookup {
                    name,
                    date,
                    lang,
                    data,
                },
        } => {
            let p = pipeline::load(&data)?;
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
                        "{:?} → {} ({:?}){}, {}",
                        m.text,
                        m.code.as_deref().unwrap_or("no code"),
                        m.kind,
                        m.name
                            .as_deref()
                            .map(|n| format!(" {n}"))
                            .unwrap_or_default(),
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

/// `vedetta data check`.
fn data_check(data: &DataArgs) -> Result<i32> {
    let p = match pipeline::load(data) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Ok(1);
        }
    };
    for lang in p.analyzer.languages() {
        let patterns = p.coder.lexicon(lang).map_or(0, |l| l.patterns.len());
        outln!(
            "{lang}: stages {}; {patterns} event patterns; syntax model {}",
            p.stage_names(lang).join(" → "),
            if p.syntax.contains_key(lang) {
                "loaded"
            } else {
                "none"
            }
        );
    }
    outln!(
        "{} actor dictionary entries; data OK",
        p.mentions.entries().len()
    );
    Ok(0)
}

/// `vedetta serve`: opens the pool and the language packs (for stemmed `q`), then serves.
fn serve(
    db: &str,
    bind: std::net::SocketAddr,
    pool: usize,
    data: Option<&PathBuf>,
    opts: &ServeOptions,
) -> Result<i32> {
    anyhow::ensure!(
        opts.query_budget.is_finite() && opts.query_budget > 0.0 && opts.query_budget <= 86400.0,
        "--query-budget {}: give a number of seconds above 0 (at most 86400)",
        opts.query_budget
    );
    let src = match data {
        Some(d) => {
            anyhow::ensure!(d.is_dir(), "--data {}: not a folder", d.display());
            vedetta_data::DataSource::Dir(d.clone())
        }
        None => vedetta_data::DataSource::Embedded,
    };
    let analyzer = vedetta_analysis::Analyzer::load(&src).context("loading language packs")?;
    let opener = vedetta_server::db_opener(db).map_err(|e| anyhow::anyhow!("{e}"))?;
    let pool = vedetta_server::StorePool::open(opener, pool)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .with_budget(std::time::Duration::from_secs_f64(opts.query_budget));
    let mut hosts = vedetta_server::hosts::AllowedHosts::loopback().allow(&bind.ip().to_string());
    for h in &opts.allow_host {
        hosts = hosts.allow(h);
    }
    let state = vedetta_server::AppState::new(pool, Some(analyzer)).with_hosts(hosts);
    vedetta_server::run(bind, state)?;
    Ok(0)
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
                    // Text output (CoNLL-U) is written as it is.
                    if let serde_json::Value::String(text) = &r {
                        out.write_all(text.as_bytes())?;
                        continue;
                    }
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
    for note in reader.notes() {
        eprintln!("note: {note}");
    }
    Ok((ok, failed))
}

fn analyze(
    paths: Vec<PathBuf>,
    tokens: bool,
    syntax: bool,
    format: &str,
    pretty: bool,
    common: Common,
) -> Result<i32> {
    let p = pipeline::load(&common.data)?;
    let force = common.lang.clone();
    let mut stats = vedetta_pipeline::batch::RunStats::default();
    let conllu = format == "conllu";
    let (ok, failed) = run_batch(&paths, &common, pretty, "analysing", |mut doc| {
        doc.id = vedetta_pipeline::document_id(&doc);
        let an = p
            .analyzer
            .analyze(doc, force.as_deref())
            .map_err(|e| e.to_string())?;
        stats.add_analysis(&an);
        let parsed = if syntax || conllu {
            match p.syntax.get(&an.lang) {
                Some(m) => vedetta_pipeline::stages::parse_sentences(m, &an),
                None => return Err(format!("no syntax model for language {:?}", an.lang)),
            }
        } else {
            Vec::new()
        };
        if conllu {
            let mut d = vedetta_pipeline::Doc::new(an);
            d.syntax = parsed;
            return Ok(vec![serde_json::Value::String(syntax_cmd::doc_conllu(&d))]);
        }
        let mentions = p.mentions.find(&an);
        let mut v = output::analysis_json(&an, &mentions, tokens);
        if syntax {
            v["syntax"] = output::syntax_json(&an, &parsed);
        }
        Ok(vec![v])
    })?;
    pipeline::print_summary(&stats);
    eprintln!("analysed {ok} documents, {failed} failed");
    Ok(if failed > 0 { 1 } else { 0 })
}

fn explain(paths: Vec<PathBuf>, text: Option<String>, json: bool, common: Common) -> Result<i32> {
    let p = pipeline::load(&common.data)?;
    let force = common.lang.clone();
    if let Some(text) = text {
        let date = match &common.date {
            Some(d) => Some(
                vedetta_model::PartialDate::parse(d)
                    .map_err(|e| anyhow::anyhow!("--date {d:?}: {e}"))?,
            ),
            None => None,
        };
        let doc = vedetta_model::Document {
            id: "text".into(),
            source: "--text".into(),
            date,
            lang: None,
            title: None,
            url: None,
            text,
        };
        let (d, trace) = p.explain(doc, force.as_deref())?;
        match explain_cmd::explain_doc(&p, &d, &trace, json) {
            serde_json::Value::String(s) => print!("{s}"),
            v => println!("{v}"),
        }
        return Ok(0);
    }
    if paths.is_empty() && common.feed.is_empty() {
        anyhow::bail!("nothing to explain: give --text TEXT, or files, folders or `-`");
    }
    let (ok, failed) = run_batch(&paths, &common, false, "explaining", |mut doc| {
        doc.id = vedetta_pipeline::document_id(&doc);
        let (d, trace) = p
            .explain(doc, force.as_deref())
            .map_err(|e| e.to_string())?;
        Ok(vec![explain_cmd::explain_doc(&p, &d, &trace, json)])
    })?;
    eprintln!("explained {ok} documents, {failed} failed");
    Ok(if failed > 0 { 1 } else { 0 })
}

fn code(paths: Vec<PathBuf>, full: bool, pretty: bool, common: Common) -> Result<i32> {
    let p = pipeline::load(&common.data)?;
    let force = common.lang.clone();
    let mut events = 0usize;
    let mut stats = vedetta_pipeline::batch::RunStats::default();
    let (ok, failed) = run_batch(&paths, &common, pretty, "coding", |doc| {
        let c = p.code_one(doc, force.as_deref()).map_err(|f| f.error)?;
        stats.add(&c);
        events += c.events.len();
        Ok(if full {
            vec![coded::full_record(&p, &c)]
        } else {
            coded::event_records(&p, &c)
        })
    })?;
    pipeline::print_summary(&stats);
    eprintln!("coded {ok} documents ({events} events), {failed} failed");
    Ok(if failed > 0 { 1 } else { 0 })
}
