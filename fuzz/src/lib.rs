//! Shared helpers of the fuzz targets: the loaded pipeline (the library `vedetta code` uses,
//! once per process) and the ingest reader over bytes.

use std::sync::OnceLock;
use vedetta_ingest::{Format, IngestOptions, Reader};
use vedetta_model::Document;
pub use vedetta_pipeline::Pipeline;

/// The pipeline on the embedded data, as `vedetta code` loads it, once per process.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(&Default::default()).expect("the embedded data loads"))
}

/// Reads `data` as one input of format `fmt` (sniffed when `None`) and drains the reader,
/// checking what every reader promises: errors name the source, documents have text.
pub fn read_all(data: &[u8], name: &str, fmt: Option<Format>, opts: IngestOptions) -> Vec<Document> {
    let mut docs = Vec::new();
    for item in Reader::from_bytes(data.to_vec(), name, fmt, opts) {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => {
                assert!(!e.source.is_empty(), "an error without its source: {e}");
                let _ = e.to_string();
            }
        }
    }
    docs
}

/// Small limits, so that size checks are reached by short inputs too.
pub fn small_opts(flag: u8) -> IngestOptions {
    let mut o = IngestOptions::default();
    if flag & 1 == 1 {
        o.max_doc_bytes = 64 + (flag as usize) * 8;
        o.max_feed_bytes = 256 + (flag as usize) * 32;
    }
    o
}
