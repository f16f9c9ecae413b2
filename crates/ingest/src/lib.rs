//! Input formats → [`Document`]s.
//!
//! Supported inputs:
//! - the seed format: a leading `date YYYY-MM` / `date YYYY-MM-DD` token, then the article;
//! - plain `.txt` files (date unknown unless given);
//! - JSONL (`.jsonl`, `.ndjson`, `.json`), one article a line:
//!   `{"id","date","lang"?,"title"?,"url"?,"text"}` (other fields are ignored, so the gold
//!   files read as input too);
//! - HTML pages (`.html`, `.htm`): the main text by a readability extractor (`dom_smoothie`:
//!   navigation, footers and other boilerplate are left out), the title from `og:title` and kin
//!   or `<title>`, the date from JSON-LD `datePublished`, `article:published_time`,
//!   `<meta name="date">` or `<time datetime>` (day precision from an ISO timestamp, the day as
//!   written), the URL from `<link rel="canonical">` or `og:url`;
//! - RSS 0.9x/1.0/2.0 and Atom feeds (`.rss`, `.atom`, and `.xml` files whose root element is
//!   `rss`, `feed` or `rdf:RDF`; other `.xml` files in folders are skipped), one document per
//!   entry: its content, else its summary (HTML turned into text), title, first link and date
//!   (published, else updated). Entries are numbered from 1: an entry's source is `file:N` and
//!   an error about it carries `N` as its line;
//! - feed URLs ([`IngestOptions::feeds`]), fetched over HTTP(S) with a total timeout, a connect
//!   timeout and a size cap, then read as feeds; a failed download is one error naming the URL;
//! - directories (recursively, in sorted order), several paths, and `-` for stdin (JSONL when
//!   it starts with `{`, a feed or HTML page when it starts with markup, else text).
//!
//! Ids: a JSONL line's `id` (else `file:line`); a text or HTML file's stem; a feed entry's
//! source (`file:N`). Only the JSONL ids are meant to be kept: the store keys the others by
//! the hash of their text.
//!
//! Reading is streaming: [`Reader`] yields one `Result<Document, IngestError>` at a time, so a
//! bad line, page or feed entry is reported with its file (or URL) and line (or entry number)
//! and the batch goes on.

mod dates;
mod feed;
mod fetch;
mod html;
mod jsonl;
mod lines;
mod text;

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use lines::BoundedLines;
use vedetta_model::{Document, PartialDate};

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Date for documents that carry none (plain text files).
    pub default_date: Option<PartialDate>,
    /// Dates of files by path (`--dates FILE.tsv`), for their documents that carry none;
    /// before `date_from_mtime` and `default_date`.
    pub dates: Option<std::sync::Arc<FileDates>>,
    /// Date a text or HTML file that carries none by its modification time (day, UTC), before
    /// `default_date` (`--date-from mtime`). Off by default: a copy or checkout changes it.
    pub date_from_mtime: bool,
    /// Language for documents that declare none (otherwise it is detected later).
    pub default_lang: Option<String>,
    /// Largest document (or JSONL line) accepted, in bytes.
    pub max_doc_bytes: usize,
    /// Feed URLs (`http://`, `https://`) to fetch and read after the paths, in order.
    pub feeds: Vec<String>,
    /// Longest a feed download may take in all, from the DNS lookup to the last byte.
    pub timeout: Duration,
    /// Longest connecting to a feed's server may take (never more than `timeout`).
    pub connect_timeout: Duration,
    /// Largest feed accepted, downloaded or read from a file, in bytes.
    pub max_feed_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            default_date: None,
            dates: None,
            date_from_mtime: false,
            default_lang: None,
            max_doc_bytes: 16 * 1024 * 1024,
            feeds: Vec::new(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_feed_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Dates of input files by path, read from a TSV file (`path<TAB>date` a line, `#` comments;
/// a relative path is relative to the TSV file's folder).
#[derive(Debug, Clone, Default)]
pub struct FileDates {
    by_path: std::collections::HashMap<PathBuf, PartialDate>,
}

impl FileDates {
    /// Reads `path`. Errors name the file and line.
    pub fn read(path: &Path) -> Result<FileDates, IngestError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| IngestError::new(&name, None, ErrorKind::Io(e.to_string())))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut by_path = std::collections::HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let no = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |m: String| IngestError::new(&name, Some(no), ErrorKind::Field(m));
            let (file, date) = line
                .split_once('\t')
                .ok_or_else(|| err("expected `path<TAB>date`".into()))?;
            let date = PartialDate::parse(date.trim())
                .map_err(|e| err(format!("date {:?}: {e}", date.trim())))?;
            let p = Path::new(file.trim());
            let p = if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            };
            by_path.insert(real_path(&p), date);
        }
        Ok(FileDates { by_path })
    }

    /// The date given for the file at `path`.
    pub fn get(&self, path: &Path) -> Option<PartialDate> {
        self.by_path.get(&real_path(path)).copied()
    }

    /// How many files have a date.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    /// True when no file has a date.
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

/// `p` made absolute and without `.`/`..`/links where it exists.
fn real_path(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}

impl IngestOptions {
    /// The date of a document from the file at `path` that carries none: `--dates`, then
    /// (for text and HTML files, `mtime`) the file's modification day, then `--date`.
    pub(crate) fn fallback_date(&self, path: &Path, mtime: bool) -> Option<PartialDate> {
        self.dates
            .as_ref()
            .and_then(|d| d.get(path))
            .or_else(|| {
                (mtime && self.date_from_mtime)
                    .then(|| modified_day(path))
                    .flatten()
            })
            .or(self.default_date)
    }
}

/// The modification day (UTC) of the file at `path`.
fn modified_day(path: &Path) -> Option<PartialDate> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    let (y, m, d) = vedetta_model::date::civil_from_days(secs.div_euclid(86_400));
    PartialDate::parse(&format!("{y:04}-{m:02}-{d:02}")).ok()
}

/// What went wrong with one input (a file, one line of a JSONL file, one feed entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestError {
    /// The file (`-` for stdin), or the feed URL.
    pub source: String,
    /// 1-based line, where the error is tied to one; for a feed, the 1-based entry number.
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
    /// An HTML page without a main text the extractor could find.
    #[error("HTML: {0}")]
    Html(String),
    /// A feed that does not parse, or a file or download that is not a feed.
    #[error("feed: {0}")]
    Feed(String),
    /// A feed entry with neither content nor summary (`line` holds the same number).
    #[error("feed entry {entry} has no text (neither content nor summary)")]
    NoEntryText {
        /// 1-based number of the entry in the feed.
        entry: usize,
    },
    /// A feed URL that could not be downloaded: DNS, connection, timeout, HTTP status, size.
    #[error("cannot fetch: {0}")]
    Fetch(String),
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
    /// One document per file: an HTML page.
    Html,
    /// One document per entry: an RSS or Atom feed.
    Feed,
}

impl Format {
    /// The format for a path, or `None` for files that are not inputs (skipped in folders).
    /// `.xml` files count as feeds here; the reader checks their root element.
    pub fn for_path(p: &Path) -> Option<Format> {
        match extension(p).as_deref() {
            Some("txt" | "text") => Some(Format::Text),
            Some("jsonl" | "ndjson" | "json") => Some(Format::Jsonl),
            Some("html" | "htm" | "xhtml") => Some(Format::Html),
            Some("rss" | "atom" | "rdf" | "xml") => Some(Format::Feed),
            _ => None,
        }
    }
}

fn extension(p: &Path) -> Option<String> {
    p.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

enum Input {
    /// A file. `explicit`: named on the command line, not found in a folder.
    File {
        path: PathBuf,
        fmt: Format,
        explicit: bool,
    },
    Stdin,
    /// A feed URL.
    Url(String),
}

/// A streaming reader over many inputs. Iterate it to get documents and errors in order.
pub struct Reader {
    inputs: VecDeque<Input>,
    current: Option<jsonl::JsonlReader>,
    pending: VecDeque<Result<Document, IngestError>>,
    opts: IngestOptions,
    /// Files found in folders but skipped: for their extension, or `.xml` files that are not
    /// feeds (filled in as reading goes, complete once the iterator is done).
    pub skipped: Vec<PathBuf>,
    /// Entries found in folders that are not regular files (FIFOs, sockets, devices): never
    /// opened, since reading one could block forever. A FIFO named on the command line is
    /// read, as `cat` would (`vedetta code <(zcat a.jsonl.gz)`).
    pub special: Vec<PathBuf>,
}

impl Reader {
    /// Prepares to read `paths` (files, folders, or `-`), then the feed URLs of
    /// `opts.feeds`. Folders are walked recursively in sorted order; a path that does not
    /// exist becomes an error item. Nothing is opened or fetched before it is reached.
    pub fn new<P: AsRef<Path>>(paths: &[P], opts: IngestOptions) -> Reader {
        let mut r = Reader {
            inputs: VecDeque::new(),
            current: None,
            pending: VecDeque::new(),
            opts,
            skipped: Vec::new(),
            special: Vec::new(),
        };
        for p in paths {
            let p = p.as_ref();
            if p == Path::new("-") {
                r.inputs.push_back(Input::Stdin);
            } else if p.is_dir() {
                let mut found = Walk::default();
                walk_dir(p, &mut std::collections::HashSet::new(), &mut found);
                for (path, e) in found.errors {
                    r.pending.push_back(Err(IngestError::new(
                        &path.display().to_string(),
                        None,
                        ErrorKind::Io(e.to_string()),
                    )));
                }
                r.special.extend(found.special);
                for f in found.files {
                    match Format::for_path(&f) {
                        Some(fmt) => r.inputs.push_back(Input::File {
                            path: f,
                            fmt,
                            explicit: false,
                        }),
                        None => r.skipped.push(f),
                    }
                }
            } else {
                // An explicitly named file is read even with an unknown extension, as text.
                let fmt = Format::for_path(p).unwrap_or(Format::Text);
                r.inputs.push_back(Input::File {
                    path: p.to_path_buf(),
                    fmt,
                    explicit: true,
                });
            }
        }
        let feeds = r.opts.feeds.clone();
        r.inputs.extend(feeds.into_iter().map(Input::Url));
        r
    }

    /// Notes for the user about what the folder walks left out, one line each: files of
    /// other formats and entries that are not regular files. Complete once iteration is done.
    pub fn notes(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .skipped
            .iter()
            .map(|p| format!("skipped {} (not a supported input format)", p.display()))
            .collect();
        out.extend(self.special.iter().map(|p| {
            format!(
                "skipped {} (not a regular file: a FIFO, socket or device is never opened \
                 in a folder walk)",
                p.display()
            )
        }));
        out
    }

    /// Reads one input held in memory as a file called `name` in format `fmt` is read (or
    /// sniffed as stdin is, when `fmt` is `None`). For fuzzing and tests: no file is touched.
    pub fn from_bytes(
        bytes: Vec<u8>,
        name: &str,
        fmt: Option<Format>,
        opts: IngestOptions,
    ) -> Reader {
        let mut r = Reader {
            inputs: VecDeque::new(),
            current: None,
            pending: VecDeque::new(),
            opts,
            skipped: Vec::new(),
            special: Vec::new(),
        };
        let input: Box<dyn BufRead> = Box::new(std::io::Cursor::new(bytes));
        r.start(input, name.to_string(), fmt, Path::new(name));
        r
    }

    fn open_next(&mut self) -> bool {
        let Some(input) = self.inputs.pop_front() else {
            return false;
        };
        match input {
            Input::File {
                path,
                fmt,
                explicit,
            } => {
                let name = path.display().to_string();
                match File::open(&path) {
                    Err(e) => self.pending.push_back(Err(IngestError::new(
                        &name,
                        None,
                        ErrorKind::Io(e.to_string()),
                    ))),
                    Ok(f) => {
                        let mut r: Box<dyn BufRead> =
                            Box::new(BufReader::with_capacity(1 << 16, f));
                        // `.xml` is a feed only when its root says so; in folders, other XML
                        // files are skipped like files of other formats.
                        if fmt == Format::Feed && extension(&path).as_deref() == Some("xml") {
                            match r.fill_buf().map(root_of) {
                                Ok(Some(root)) if !feed::is_feed_root(&root) && !explicit => {
                                    self.skipped.push(path);
                                    return true;
                                }
                                _ => {} // read as a feed; the parser says what is wrong
                            }
                        }
                        self.start(r, name, Some(fmt), &path)
                    }
                }
            }
            Input::Stdin => {
                let stdin = Box::new(BufReader::new(std::io::stdin()));
                self.start(stdin, "-".to_string(), None, Path::new("stdin"));
            }
            Input::Url(url) => {
                // Documents and errors name the URL without its user name and password.
                let shown = vedetta_model::without_credentials(&url).into_owned();
                match fetch::fetch(&url, &self.opts) {
                    Err(kind) => self
                        .pending
                        .push_back(Err(IngestError::new(&shown, None, kind))),
                    Ok(bytes) => {
                        let items = feed::read_feed(&bytes, &shown, Some(&shown), &self.opts);
                        self.pending.extend(items);
                    }
                }
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
                self.current = Some(jsonl::JsonlReader::new(r, name, self.opts.clone(), path))
            }
            Format::Text => {
                let item = text::read_text(r, &name, path, &self.opts);
                self.pending.push_back(item);
            }
            Format::Html => {
                let item = html::read_html(r, &name, path, &self.opts);
                self.pending.push_back(item);
            }
            Format::Feed => match read_limited_bytes(r, self.opts.max_feed_bytes) {
                Err(kind) => {
                    let kind = match kind {
                        ErrorKind::TooLarge { limit, .. } => ErrorKind::Feed(format!(
                            "too large: over the limit of {limit} bytes for a feed"
                        )),
                        k => k,
                    };
                    self.pending
                        .push_back(Err(IngestError::new(&name, None, kind)))
                }
                Ok(bytes) => {
                    let items = feed::read_feed(&bytes, &name, None, &self.opts);
                    self.pending.extend(items);
                }
            },
        }
    }
}

impl Iterator for Reader {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = loop {
            if let Some(item) = self.pending.pop_front() {
                break item;
            }
            if let Some(cur) = &mut self.current {
                match cur.next() {
                    Some(item) => break item,
                    None => self.current = None,
                }
            }
            if !self.open_next() {
                return None;
            }
        };
        // No document carries a password in its URL (a feed entry's link, a JSONL url).
        Some(item.map(|mut d| {
            if let Some(u) = &d.url {
                if let std::borrow::Cow::Owned(clean) = vedetta_model::without_credentials(u) {
                    d.url = Some(clean);
                }
            }
            d
        }))
    }
}

/// JSONL when the first non-blank byte is `{`; for markup, a feed when the root element is
/// one, else HTML; otherwise text.
fn sniff(r: &mut Box<dyn BufRead>) -> std::io::Result<Format> {
    let buf = r.fill_buf()?;
    let body = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    Ok(match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Jsonl,
        Some(b'<') => match root_of(buf) {
            Some(root) if feed::is_feed_root(&root) => Format::Feed,
            _ => Format::Html,
        },
        _ => Format::Text,
    })
}

/// The root element of buffered markup.
fn root_of(buf: &[u8]) -> Option<String> {
    feed::root_element(buf)
}

/// What a folder walk found: input files in sorted order, entries that could not be read
/// (each by its own path), and entries that are not regular files (FIFOs, sockets, devices),
/// which are never opened.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    errors: Vec<(PathBuf, std::io::Error)>,
    special: Vec<PathBuf>,
}

/// Walks `dir` recursively in sorted order. Symbolic links are followed, but each real
/// directory is entered at most once (`seen` holds canonical paths), so links that point at
/// their own folder or at each other do not loop. An unreadable entry is recorded and the
/// walk goes on with the next one.
fn walk_dir(dir: &Path, seen: &mut std::collections::HashSet<PathBuf>, out: &mut Walk) {
    match std::fs::canonicalize(dir) {
        Ok(real) => {
            if !seen.insert(real) {
                return; // this real directory was walked already
            }
        }
        Err(e) => {
            out.errors.push((dir.to_path_buf(), e));
            return;
        }
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.errors.push((dir.to_path_buf(), e));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = Vec::new();
    for e in rd {
        match e {
            Ok(e) => entries.push(e.path()),
            Err(e) => out.errors.push((dir.to_path_buf(), e)),
        }
    }
    entries.sort();
    for p in entries {
        // `metadata` follows symbolic links: a link is what it points at.
        match std::fs::metadata(&p) {
            Err(e) => out.errors.push((p, e)),
            Ok(m) if m.is_dir() => walk_dir(&p, seen, out),
            Ok(m) if m.is_file() => out.files.push(p),
            Ok(_) => out.special.push(p),
        }
    }
}

/// Reads a whole stream, refusing more than `limit` bytes.
pub(crate) fn read_limited_bytes(mut r: impl Read, limit: usize) -> Result<Vec<u8>, ErrorKind> {
    let mut buf = Vec::new();
    let n = (&mut r)
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ErrorKind::Io(e.to_string()))?;
    if n > limit {
        return Err(ErrorKind::TooLarge { size: n, limit });
    }
    Ok(buf)
}

/// Reads a whole stream into a string, refusing more than `limit` bytes and invalid UTF-8.
pub(crate) fn read_limited(r: impl Read, limit: usize) -> Result<String, ErrorKind> {
    let buf = read_limited_bytes(r, limit)?;
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

/// Reads one whole-file document from `r` as [`read_limited`] does, as an [`IngestError`] of
/// `name`: an encoding error carries the line of its first bad byte.
pub(crate) fn read_document(r: impl Read, name: &str, limit: usize) -> Result<String, IngestError> {
    read_limited(r, limit).map_err(|kind| IngestError {
        source: name.to_string(),
        line: match kind {
            ErrorKind::Encoding { line, .. } => Some(line),
            _ => None,
        },
        kind,
    })
}

#[cfg(test)]
mod tests;
