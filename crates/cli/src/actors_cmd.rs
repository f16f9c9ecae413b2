//! `vedetta actors import-wikidata | merge | gen-dump`: the Wikidata side of the actor
//! dictionary (crate `vedetta-wikidata`).

use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use vedetta_data::DataSource;

/// Arguments of `vedetta actors import-wikidata`.
#[derive(Args)]
pub struct ImportArgs {
    /// The dump: Wikidata JSON (`latest-all.json`), gzip or bzip2 compressed.
    pub dump: PathBuf,
    /// Languages of the labels and aliases kept, comma-separated.
    #[arg(long, default_value = "it,en", value_delimiter = ',')]
    pub langs: Vec<String>,
    /// Output folder (created; existing files of the same names are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Drop office terms (and organisations) that ended before this year.
    #[arg(long, value_name = "YYYY")]
    pub since: Option<i16>,
    /// Longest dump line accepted, in MB; longer lines are skipped and reported.
    #[arg(long, default_value_t = 64)]
    pub max_line_mb: usize,
    /// Parser threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Memory of each of the four output sorts before they spill to disk, in MB.
    #[arg(long, default_value_t = 16)]
    pub sort_mb: usize,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Data folder whose `wikidata/` mapping files (classes.toml, positions.toml,
    /// countries.tsv) replace the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

/// Arguments of `vedetta actors merge`.
#[derive(Args)]
pub struct MergeArgs {
    /// Imported dictionary: a folder of .tsv files (the output of import-wikidata) or a file.
    #[arg(long, value_name = "DIR")]
    pub imported: PathBuf,
    /// Curated dictionary: a folder of .tsv files (default: the embedded data/actors).
    #[arg(long, value_name = "DIR")]
    pub curated: Option<PathBuf>,
    /// Output folder: the curated files, wikidata-*.tsv with the imported entries kept, and
    /// conflicts.tsv.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write only the imported entries kept (to add with --actors beside the embedded
    /// curated dictionary).
    #[arg(long)]
    pub imported_only: bool,
}

/// Arguments of `vedetta actors gen-dump`.
#[derive(Args)]
pub struct GenDumpArgs {
    /// Size to write, in MB (10^6 bytes) of uncompressed JSON.
    #[arg(long, default_value_t = 1024)]
    pub mb: u64,
    /// Output file (`.gz` for gzip).
    #[arg(long)]
    pub out: PathBuf,
    /// Seed of the generator (same seed, same dump).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs the import; exit code 1 when some dump lines could not be read (the rest is imported).
pub fn import(a: ImportArgs) -> Result<i32> {
    let src = match &a.data {
        Some(d) => {
            anyhow::ensure!(d.is_dir(), "--data {}: not a folder", d.display());
            DataSource::Dir(d.clone())
        }
        None => DataSource::Embedded,
    };
    let mapping = vedetta_wikidata::Mapping::load(&src).context("loading the Wikidata mapping")?;
    let langs: Vec<String> = a
        .langs
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    anyhow::ensure!(!langs.is_empty(), "--langs: no language given");
    let opts = vedetta_wikidata::ImportOptions {
        langs,
        since: a.since,
        max_line_bytes: a.max_line_mb.max(1) << 20,
        threads: a.threads,
        progress: true,
        sort_buffer_bytes: a.sort_mb.max(1) << 20,
    };
    let s = vedetta_wikidata::import_dump(&a.dump, &mapping, &opts, &a.out)?;
    for e in s.errors.iter().take(20) {
        eprintln!("error: {e}");
    }
    if s.error_count > 20 {
        eprintln!(
            "… {} line errors in all, listed in {}",
            s.error_count,
            a.out.join("import-errors.txt").display()
        );
    }
    if a.json {
        outln!("{}", serde_json::to_string(&s)?);
    } else {
        eprintln!("{s}");
        eprintln!("written to {}", a.out.display());
    }
    Ok(if s.error_count > 0 { 1 } else { 0 })
}

/// Runs the merge; conflicts are listed on stderr.
pub fn merge(a: MergeArgs) -> Result<i32> {
    let imported = vedetta_data::read_user_path(&a.imported)
        .with_context(|| format!("--imported {}", a.imported.display()))?;
    let curated = match &a.curated {
        Some(c) => {
            vedetta_data::read_user_path(c).with_context(|| format!("--curated {}", c.display()))?
        }
        None => DataSource::Embedded.files("actors/")?,
    };
    let opts = vedetta_wikidata::merge::MergeOptions {
        imported_only: a.imported_only,
    };
    let r = vedetta_wikidata::merge::merge(&curated, &imported, &a.out, &opts)?;
    for c in &r.conflicts {
        eprintln!(
            "conflict: {} {}: curated {} [{}] ({}) vs imported {} [{}] ({})",
            c.wikidata,
            c.name,
            c.curated.0,
            c.curated.1,
            c.curated.2,
            c.imported.0,
            c.imported.1,
            c.imported.2
        );
    }
    eprintln!("{r}");
    eprintln!("written to {}", a.out.display());
    Ok(0)
}

/// Writes a synthetic dump.
pub fn gen_dump(a: GenDumpArgs) -> Result<i32> {
    let t = std::time::Instant::now();
    let s = vedetta_wikidata::gen::generate_file(&a.out, a.mb, a.seed)?;
    eprintln!(
        "{}: {} entities ({} people), {:.1} MB uncompressed in {:.1} s",
        a.out.display(),
        s.entities,
        s.people,
        s.bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    Ok(0)
}
