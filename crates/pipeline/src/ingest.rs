//! Coding documents into a store: batches coded on several threads and stored in one
//! transaction each, failures recorded with file and line, documents already stored skipped
//! (so an interrupted run is finished by running it again).

use crate::batch::{BatchError, RunStats};
use crate::{document_id, Pipeline};
use std::collections::HashSet;
use vedetta_model::Document;
use vedetta_store::{DocRecord, Failure, Store, StoreError};

/// Most text (bytes) in one batch: a batch ends at [`IngestOptions::batch`] documents or at
/// this much text, whichever comes first, so a few huge documents do not make a batch (and
/// the records coded from it) hold gigabytes.
pub const BATCH_BYTES: usize = 32 << 20;

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Documents per transaction.
    pub batch: usize,
    /// Coding threads.
    pub jobs: usize,
    /// A language for every document.
    pub force_lang: Option<String>,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default)]
pub struct IngestReport {
    /// Documents stored.
    pub documents: usize,
    /// Events stored.
    pub events: usize,
    /// Documents already stored (or twice in the input), skipped.
    pub skipped: usize,
    /// Inputs that failed (reading or coding), recorded in the store's failures.
    pub failed: usize,
    /// Languages and dates seen.
    pub stats: RunStats,
}

/// Errors that stop an ingest run (a failed input does not: it is recorded).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The store refused a batch or a lookup; the batch in flight is not stored.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A coding thread failed.
    #[error(transparent)]
    Batch(#[from] BatchError),
}

/// What the caller is told while ingesting (the CLI draws a progress bar).
pub trait Progress {
    /// One input was read (a document, or an input that failed).
    fn read_one(&mut self) {}
    /// A failure: shown to the user (it is also recorded in the store).
    fn failed(&mut self, _f: &Failure) {}
    /// A batch was stored; the totals so far.
    fn stored(&mut self, _report: &IngestReport) {}
}

/// No progress reporting.
impl Progress for () {}

/// Reads `inputs`, codes them with `p` and stores them in `store`, batch by batch.
pub fn ingest(
    p: &Pipeline,
    inputs: &mut dyn Iterator<Item = Result<Document, vedetta_ingest::IngestError>>,
    store: &mut dyn Store,
    opts: &IngestOptions,
    progress: &mut dyn Progress,
) -> Result<IngestReport, IngestError> {
    let batch = opts.batch.max(1);
    let mut rep = IngestReport::default();
    let mut chunk: Vec<Document> = Vec::new();
    let mut chunk_bytes = 0usize;
    let mut chunk_ids: HashSet<String> = HashSet::new();
    let mut failures: Vec<Failure> = Vec::new();
    for item in inputs {
        progress.read_one();
        let mut doc = match item {
            Err(e) => {
                let f = Failure {
                    source: e.source.clone(),
                    line: e.line.map(|l| l as u64),
                    error: e.kind.to_string(),
                };
                progress.failed(&f);
                failures.push(f);
                rep.failed += 1;
                continue;
            }
            Ok(d) => d,
        };
        let id = document_id(&doc);
        if chunk_ids.contains(&id) || store.has_document(&id)? {
            rep.skipped += 1;
            continue;
        }
        doc.id = id.clone();
        chunk_ids.insert(id);
        chunk_bytes += doc.text.len();
        chunk.push(doc);
        if chunk.len() >= batch || chunk_bytes >= BATCH_BYTES {
            chunk_bytes = 0;
            chunk_ids.clear();
            flush(
                p,
                store,
                &mut chunk,
                &mut failures,
                opts,
                &mut rep,
                progress,
            )?;
            progress.stored(&rep);
        }
    }
    flush(
        p,
        store,
        &mut chunk,
        &mut failures,
        opts,
        &mut rep,
        progress,
    )?;
    progress.stored(&rep);
    Ok(rep)
}

/// Codes and stores the chunk: failures first, then the batch, each in a transaction.
fn flush(
    p: &Pipeline,
    store: &mut dyn Store,
    chunk: &mut Vec<Document>,
    failures: &mut Vec<Failure>,
    opts: &IngestOptions,
    rep: &mut IngestReport,
    progress: &mut dyn Progress,
) -> Result<(), IngestError> {
    let coded = p.code_all(
        std::mem::take(chunk),
        opts.force_lang.as_deref(),
        opts.jobs,
        &|r| {
            r.map(|d| {
                let mut stats = RunStats::default();
                stats.add(&d);
                (p.record(d), stats)
            })
        },
    )?;
    let mut records: Vec<DocRecord> = Vec::with_capacity(coded.len());
    for r in coded {
        match r {
            Ok((rec, stats)) => {
                rep.stats.merge(stats);
                records.push(rec);
            }
            Err(f) => {
                progress.failed(&f);
                failures.push(f);
                rep.failed += 1;
            }
        }
    }
    store.put_failures(failures)?;
    failures.clear();
    let done = store.put_batch(&records)?;
    rep.documents += done.documents;
    rep.events += done.events;
    rep.skipped += done.skipped;
    Ok(())
}
