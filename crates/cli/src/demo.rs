//! `vedetta demo`: codes the bundled sample corpus into a database and serves the dashboard.
//!
//! The corpus is `demo/examples.jsonl` of the data folder (short Italian and English texts
//! written for the demo, each titled as an example and marked `synthetic`; see
//! data/demo/README.md), and the seed article when it is found beside the repository. Both
//! go through `vedetta ingest` (documents already stored are skipped), then `vedetta serve`.

use crate::store_cmd::{self, DbArgs};
use crate::{Common, DataArgs};
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;

/// Where the seed article is looked for when `--seed` is not given (the repository's
/// `../shared`, from the repository folder).
pub const SEED_ARTICLE: &str = "../shared/corpus/seed-it-2024-05-nk-russia.txt";

/// Arguments of `vedetta demo`.
#[derive(Args)]
pub struct DemoArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address and port the dashboard listens on (`127.0.0.1:0` picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: std::net::SocketAddr,
    /// The seed article to add (default: ../shared/corpus/seed-it-2024-05-nk-russia.txt when
    /// it exists).
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,
    /// Code and store the corpus, then exit without serving.
    #[arg(long)]
    no_serve: bool,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    serve: crate::ServeOptions,
}

/// `vedetta demo`.
pub fn run(a: &DemoArgs) -> Result<i32> {
    let src = match &a.data.data {
        Some(d) => vedetta_data::DataSource::Dir(d.clone()),
        None => vedetta_data::DataSource::Embedded,
    };
    let examples = src
        .file("demo/examples.jsonl")
        .context("reading the sample corpus")?
        .context("the data folder has no demo/examples.jsonl")?;
    // ingest reads files: the examples go to a private temporary folder for the run.
    let dir = std::env::temp_dir().join(format!("vedetta-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let file = dir.join("examples.jsonl");
    std::fs::write(&file, examples.text.as_bytes())
        .with_context(|| format!("writing {}", file.display()))?;
    let mut paths = vec![file];
    match &a.seed {
        Some(p) => {
            anyhow::ensure!(p.is_file(), "--seed {}: no such file", p.display());
            paths.push(p.clone());
        }
        None => {
            let p = PathBuf::from(SEED_ARTICLE);
            if p.is_file() {
                paths.push(p);
            } else {
                eprintln!("demo: {SEED_ARTICLE} not found; coding the example texts only");
            }
        }
    }
    eprintln!(
        "demo: coding the sample corpus into {} (example texts written for the demo, not news)",
        a.db.url()
    );
    let common = Common {
        lang: None,
        date: None,
        dates: None,
        date_from: None,
        max_doc_bytes: 16 * 1024 * 1024,
        feed: Vec::new(),
        timeout: 30,
        data: a.data.clone(),
    };
    let status = store_cmd::ingest(&paths, &a.db, 200, None, &common);
    let _ = std::fs::remove_dir_all(&dir);
    let status = status?;
    if status != 0 {
        eprintln!("demo: some inputs failed (see above); serving what was stored");
    }
    if a.no_serve {
        return Ok(status);
    }
    eprintln!("demo: open the address below in a browser; ctrl-c stops the server");
    crate::serve(
        a.db.url(),
        a.bind,
        vedetta_server::DEFAULT_POOL_SIZE,
        a.data.data.as_ref(),
        &a.serve,
    )
    .with_context(|| {
        format!(
            "serving on {} (if the port is taken, pick another with --bind 127.0.0.1:PORT)",
            a.bind
        )
    })
}
