//! Wikidata JSON dump → the vedetta actor dictionary.
//!
//! - [`dump`]: opens a dump (`.json`, `.json.gz`, `.json.bz2`) and reads it line by line with a
//!   bound on the line length, never holding more than one line (the real dump format: `[`, one
//!   entity per line ending with `,`, `]`).
//! - [`entity`]: the few fields read from each entity (labels, aliases and a handful of
//!   claims), parsed with serde into a compact [`entity::Record`].
//! - [`mapping`]: the editable data that turns Wikidata classes and positions into actor codes
//!   (`data/wikidata/classes.toml`, `positions.toml`, `countries.tsv`).
//! - [`import`]: the single streaming pass and the resolution after it; writes `people.tsv`,
//!   `organisations.tsv`, `places.tsv` and `offices.tsv` in the actor format of `data/README.md`.
//! - [`offices`]: who held an office on a date ([`offices::Offices::holder_of`]), and name
//!   look-ups that report every entity of a name.
//! - [`merge`]: imported + curated dictionaries, curated entries winning, conflicts reported.
//! - [`gen`]: a synthetic dump in the real format, for throughput and memory measurements.

pub mod dump;
pub mod entity;
mod extsort;
pub mod gen;
pub mod import;
pub mod mapping;
pub mod merge;
pub mod offices;

pub use import::{import_dump, ImportOptions, ImportSummary};
pub use mapping::Mapping;

/// Errors of the Wikidata import, merge and look-ups. Each names the file (and line) at fault.
#[derive(Debug, thiserror::Error)]
pub enum WikidataError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A mapping file (`data/wikidata/*`) is wrong.
    #[error("{path}: {msg}")]
    Mapping {
        /// The file.
        path: String,
        /// What is wrong.
        msg: String,
    },
    /// A dictionary file is wrong.
    #[error(transparent)]
    Dict(#[from] vedetta_mentions::DictError),
    /// A data folder could not be read.
    #[error(transparent)]
    Data(#[from] vedetta_data::DataError),
    /// Something else, described.
    #[error("{0}")]
    Other(String),
}

impl WikidataError {
    /// An I/O error on `path`.
    pub fn io(path: impl std::fmt::Display, source: std::io::Error) -> Self {
        WikidataError::Io {
            path: path.to_string(),
            source,
        }
    }
}

/// Peak resident memory of this process so far (`VmHWM` of `/proc/self/status`), in bytes;
/// `None` where the file does not exist (not Linux).
pub fn peak_rss_bytes() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}
