//! Error types of the crate.

use thiserror::Error;

/// Every error returned by this crate.
#[derive(Debug, Error)]
pub enum Error {
    /// A CoNLL-U input was malformed; `line` is 1-based.
    #[error("CoNLL-U error at line {line}: {msg}")]
    Conllu {
        /// 1-based line number in the input.
        line: usize,
        /// What went wrong.
        msg: String,
    },
    /// A model file could not be decoded (truncated, corrupted or of another version).
    #[error("model format error: {0}")]
    Format(String),
    /// Invalid argument (bad token spans, empty training set, unknown option...).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// I/O failure (reading training files, writing models).
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The path involved.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
