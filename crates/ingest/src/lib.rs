//! Input formats → [`Document`]s.
//!
//! Supported inputs:
//! - the seed format: a leading `date YYYY-MM` / `date YYYY-MM-DD` token, then the article;
//! - plain `.txt` files (date unknown unless given);
//! - JSONL (`.jsonl`, `.ndjson`, `.json`), one article a line:
//!   `{"id","date","lang"?,"title"?,"url"?,"text"}` (other fields are ignored, so the gold
//!   files read as input too);
//! - directories (recursively, in sorted order), several paths, and `-` for stdin.
//!
//! Reading is streaming: [`Reader`] yields one `Result<Document, IngestError>` at a time, so a
//! bad line is reported with its file and line and the batch goes on.

mod jsonl;
mod lines;
mod text;

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use lines::BoundedLines;
use vedetta_model::{Document, PartialDate};

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Date for documents that carry none (plain text files).
    pub default_date: Option<PartialDate>,
    /// Language for documents that declare none (otherwise it is detected later).
    pub default_lang: Option<String>,
    /// Largest document (or JSONL line) accepted, in bytes.
    pub max_doc_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            default_date: None,
            default_lang: None,
            max_doc_bytes: 16 * 1024 * 1024,
        }
    }
}

/// What went wrong with one input (a file, or one line of a JSONL file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestError {
    /// The file (or `-` for stdin).
    pub source: String,
    /// 1-based line, where the error is tied to one.
    pub line: Option<usize>,
    /// The problem.
    pub kind: ErrorKind,
}

/// The kinds of input problems.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(String),
    /// Bytes that are not UTF-8.
    #[error("not valid UTF-8 (byte {byte} of the {unit}); convert the input to UTF-8")]
    Encoding {
        /// Byte offset of the first bad byte within the line or file.
        byte: usize,
        /// `line` or `file`.
        unit: &'static str,
        /// 1-based line of the first bad byte.
        line: usize,
    },
    /// A JSONL line that does not parse.
    #[error("broken JSON: {0}")]
    Json(String),
    /// A document without text.
    #[error("empty text")]
    Empty,
    /// A line or document over the size limit.
    #[error("too large: {size} bytes, over the limit of {limit} bytes (--max-doc-bytes)")]
    TooLarge {
        /// Bytes seen (at least).
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A date in an unknown format.
    #[error("{0}")]
    Date(String),
    /// A required field is missing or has the wrong type.
    #[error("{0}")]
    Field(String),
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.source, l, self.kind),
            None => write!(f, "{}: {}", self.source, self.kind),
        }
    }
}

impl std::error::Error for IngestError {}

impl IngestError {
    fn new(source: &str, line: Option<usize>, kind: ErrorKind) -> Self {
        IngestError {
            source: source.to_string(),
            line,
            kind,
        }
    }
}

/// The format of one input, chosen by extension (or sniffed for stdin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One document per file: seed format or plain text.
    Text,
    /// One document per line.
    Jsonl,
}

impl Format {
    /// The format for a path, or `None` for files that are not inputs (skipped in folders).
    pub fn for_path(p: &Path) -> Option<Format> {
        match p
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("txt" | "text") => Some(Format::Text),
            Some("jsonl" | "ndjson" | "json") => Some(Format::Jsonl),
            _ => None,
        }
    }
}

enum Input {
    File(PathBuf, Format),
    Stdin,
}

/// A streaming reader over many inputs. Iterate it to get documents and errors in order.
pub struct Reader {
    inputs: VecDeque<Input>,
    current: Option<jsonl::JsonlReader>,
    pending: VecDeque<Result<Document, IngestError>>,
    opts: IngestOptions,
    /// Files found in folders but skipped for their extension.
    pub skipped: Vec<PathBuf>,
}

impl Reader {
    /// Prepares to read `paths` (files, folders, or `-`). Folders are walked recursively in
    /// sorted order; a path that does not exist becomes an error item.
    pub fn new<P: AsRef<Path>>(paths: &[P], opts: IngestOptions) -> Reader {
        let mut r = Reader {
            inputs: VecDeque::new(),
            current: None,
            pending: VecDeque::new(),
            opts,
            skipped: Vec::new(),
        };
        for p in paths {
            let p = p.as_ref();
            if p == Path::new("-") {
                r.inputs.push_back(Input::Stdin);
            } else if p.is_dir() {
                let mut found = Vec::new();
                if let Err(e) = walk_dir(p, &mut found) {
                    r.pending.push_back(Err(IngestError::new(
                        &p.display().to_string(),
                        None,
                        ErrorKind::Io(e.to_string()),
                    )));
                }
                for f in found {
                    match Format::for_path(&f) {
                        Some(fmt) => r.inputs.push_back(Input::File(f, fmt)),
                        None => r.skipped.push(f),
                    }
                }
            } else {
                // An explicitly named file is read even with an unknown extension: sniff it.
                let fmt = Format::for_path(p).unwrap_or(Format::Text);
                r.inputs.push_back(Input::File(p.to_path_buf(), fmt));
            }
        }
        r
    }

    fn open_next(&mut self) -> bool {
        let Some(input) = self.inputs.pop_front() else {
            return false;
        };
        match input {
            Input::File(path, fmt) => {
                let name = path.display().to_string();
                match File::open(&path) {
                    Err(e) => self.pending.push_back(Err(IngestError::new(
                        &name,
                        None,
                        ErrorKind::Io(e.to_string()),
                    ))),
                    Ok(f) => self.start(
                        Box::new(BufReader::with_capacity(1 << 16, f)),
                        name,
                        Some(fmt),
                        &path,
                    ),
                }
            }
            Input::Stdin => {
                let stdin = Box::new(BufReader::new(std::io::stdin()));
                self.start(stdin, "-".to_string(), None, Path::new("stdin"));
            }
        }
        true
    }

    fn start(&mut self, mut r: Box<dyn BufRead>, name: String, fmt: Option<Format>, path: &Path) {
        let fmt = match fmt {
            Some(f) => f,
            None => match sniff(&mut r) {
                Ok(f) => f,
                Err(e) => {
                    self.pending.push_back(Err(IngestError::new(
                        &name,
                        None,
                        ErrorKind::Io(e.to_string()),
                    )));
                    return;
                }
            },
        };
        match fmt {
            Format::Jsonl => {
                self.current = Some(jsonl::JsonlReader::new(r, name, self.opts.clone()))
            }
            Format::Text => {
                let item = text::read_text(r, &name, path, &self.opts);
                self.pending.push_back(item);
            }
        }
    }
}

impl Iterator for Reader {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if let Some(cur) = &mut self.current {
                match cur.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            if !self.open_next() {
                return None;
            }
        }
    }
}

/// JSONL when the first non-blank byte is `{`, else text.
fn sniff(r: &mut Box<dyn BufRead>) -> std::io::Result<Format> {
    let buf = r.fill_buf()?;
    Ok(match buf.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Jsonl,
        _ => Format::Text,
    })
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk_dir(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads a whole stream into a string, refusing more than `limit` bytes and invalid UTF-8.
pub(crate) fn read_limited(mut r: impl Read, limit: usize) -> Result<String, ErrorKind> {
    let mut buf = Vec::new();
    let n = (&mut r)
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ErrorKind::Io(e.to_string()))?;
    if n > limit {
        return Err(ErrorKind::TooLarge { size: n, limit });
    }
    String::from_utf8(buf).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..byte].iter().filter(|&&b| b == b'\n').count();
        ErrorKind::Encoding {
            byte,
            unit: "file",
            line,
        }
    })
}

#[cfg(test)]
mod tests;
