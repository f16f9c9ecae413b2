//! Coding many documents: on several threads in input order, with a panic in the coder
//! turned into a failure of that document, and what a run should tell its user at the end
//! (languages guessed and how surely, documents without a date).

use crate::{document_id, Doc, Pipeline};
use std::collections::BTreeMap;
use vedetta_model::Document;
use vedetta_store::Failure;

/// Splits a `file:line` source.
pub fn split_source(source: &str) -> (String, Option<u64>) {
    match source.rsplit_once(':') {
        Some((f, l)) if !l.is_empty() => match l.parse() {
            Ok(n) => (f.to_string(), Some(n)),
            Err(_) => (source.to_string(), None),
        },
        _ => (source.to_string(), None),
    }
}

/// A failure of the document from `source`.
pub fn failure(source: &str, error: String) -> Failure {
    let (file, line) = split_source(source);
    Failure {
        source: file,
        line,
        error,
    }
}

impl Pipeline {
    /// [`Pipeline::code`] with the document's id set to [`document_id`] and a panic inside a
    /// stage turned into a failure of this document (the batch goes on).
    pub fn code_one(&self, mut doc: Document, force: Option<&str>) -> Result<Doc, Failure> {
        doc.id = document_id(&doc);
        let source = doc.source.clone();
        let coded =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.code(doc, force)));
        match coded {
            Ok(Ok(d)) => Ok(d),
            Ok(Err(e)) => Err(failure(&source, e.to_string())),
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(failure(
                    &source,
                    format!("internal error while coding (please report): {msg}"),
                ))
            }
        }
    }

    /// Codes `docs` on `jobs` threads with [`Pipeline::code_one`], mapping each result with
    /// `then` on the same thread; results keep the input order. Fails only when a thread
    /// fails outside the coder, and then nothing of the batch is returned.
    pub fn code_all<T: Send>(
        &self,
        docs: Vec<Document>,
        force: Option<&str>,
        jobs: usize,
        then: &(dyn Fn(Result<Doc, Failure>) -> T + Sync),
    ) -> Result<Vec<T>, BatchError> {
        if jobs <= 1 || docs.len() < 2 {
            return Ok(docs
                .into_iter()
                .map(|d| then(self.code_one(d, force)))
                .collect());
        }
        let per = docs.len().div_ceil(jobs);
        let mut parts: Vec<Vec<Document>> = Vec::new();
        let mut it = docs.into_iter().peekable();
        while it.peek().is_some() {
            parts.push(it.by_ref().take(per).collect());
        }
        std::thread::scope(|s| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| {
                    s.spawn(move || {
                        part.into_iter()
                            .map(|d| then(self.code_one(d, force)))
                            .collect::<Vec<T>>()
                    })
                })
                .collect();
            let mut out = Vec::new();
            for h in handles {
                out.extend(h.join().map_err(|_| BatchError)?);
            }
            Ok(out)
        })
    }
}

/// A coding thread failed outside the coder; nothing of its batch was kept.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("a coding thread failed; nothing of this batch was stored")]
pub struct BatchError;

/// Posterior below which a detected language counts as a guess.
pub const UNSURE_LANGUAGE: f32 = 0.9;

/// What a run saw of its documents' languages and dates, for the lines it prints at the end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunStats {
    /// Documents per (language, how it was chosen).
    pub languages: BTreeMap<(String, &'static str), usize>,
    /// Detected languages with a confidence below [`UNSURE_LANGUAGE`]: (source, language,
    /// confidence), at most the first 20.
    pub unsure: Vec<(String, String, f32)>,
    /// How many detections were unsure in all.
    pub unsure_count: usize,
    /// Documents without a date, and the first few of their sources.
    pub undated: usize,
    /// The first undated sources.
    pub undated_examples: Vec<String>,
}

impl RunStats {
    /// Counts one coded document.
    pub fn add(&mut self, d: &Doc) {
        self.add_analysis(&d.analysis);
    }

    /// Counts one analysed document.
    pub fn add_analysis(&mut self, an: &vedetta_model::Analysis) {
        *self
            .languages
            .entry((an.lang.clone(), an.lang_source))
            .or_default() += 1;
        if let Some(c) = an.lang_confidence {
            if c < UNSURE_LANGUAGE {
                self.unsure_count += 1;
                if self.unsure.len() < 20 {
                    self.unsure
                        .push((an.doc.source.clone(), an.lang.clone(), c));
                }
            }
        }
        if an.doc.date.is_none() {
            self.undated += 1;
            if self.undated_examples.len() < 3 {
                self.undated_examples.push(an.doc.source.clone());
            }
        }
    }

    /// Adds the counts of `other` (a batch's) to these.
    pub fn merge(&mut self, other: RunStats) {
        for (k, n) in other.languages {
            *self.languages.entry(k).or_default() += n;
        }
        self.unsure_count += other.unsure_count;
        for u in other.unsure {
            if self.unsure.len() < 20 {
                self.unsure.push(u);
            }
        }
        self.undated += other.undated;
        for u in other.undated_examples {
            if self.undated_examples.len() < 3 {
                self.undated_examples.push(u);
            }
        }
    }

    /// The lines to print at the end of a run (`note:` and `warning:` lines without the
    /// prefix, which the caller adds): which languages were declared, forced or detected (and
    /// how surely), and a single warning about undated documents.
    pub fn summary(&self) -> Vec<(Severity, String)> {
        let mut out = Vec::new();
        let detected: Vec<String> = self
            .languages
            .iter()
            .filter(|((_, how), _)| *how == "detected")
            .map(|((l, _), n)| format!("{l} {n}"))
            .collect();
        if !detected.is_empty() {
            let mut line = format!("languages detected: {}", detected.join(", "));
            if self.unsure_count == 0 {
                line.push_str(&format!(
                    " (each with confidence ≥ {UNSURE_LANGUAGE}; pass --lang to force one)"
                ));
                out.push((Severity::Note, line));
            } else {
                let shown: Vec<String> = self
                    .unsure
                    .iter()
                    .take(5)
                    .map(|(s, l, c)| format!("{s} → {l} ({c:.2})"))
                    .collect();
                line.push_str(&format!(
                    "; {} unsure (confidence < {UNSURE_LANGUAGE}): {}{}; pass --lang (or a \
                     \"lang\" field in JSONL) to be sure",
                    self.unsure_count,
                    shown.join(", "),
                    if self.unsure_count > shown.len() {
                        ", …"
                    } else {
                        ""
                    }
                ));
                out.push((Severity::Warning, line));
            }
        }
        if self.undated > 0 {
            out.push((
                Severity::Warning,
                format!(
                    "{} document{} had no date (e.g. {}): their events are undated; give \
                     --date, --dates FILE.tsv (path → date) or --date-from mtime",
                    self.undated,
                    if self.undated == 1 { "" } else { "s" },
                    self.undated_examples.join(", ")
                ),
            ));
        }
        out
    }
}

/// How a summary line is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// `note:`
    Note,
    /// `warning:`
    Warning,
}

impl Severity {
    /// The prefix the CLI prints.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
        }
    }
}
