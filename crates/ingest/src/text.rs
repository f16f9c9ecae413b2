//! One document per file: the seed format (`date YYYY-MM[-DD]` then the article) or plain text.

use crate::{read_document, ErrorKind, IngestError, IngestOptions};
use std::io::Read;
use std::path::Path;
use vedetta_model::{Document, PartialDate};

/// Reads one text document from `r`.
pub(crate) fn read_text(
    r: impl Read,
    name: &str,
    path: &Path,
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    let err = |line: Option<usize>, kind| IngestError {
        source: name.to_string(),
        line,
        kind,
    };
    let raw = read_document(r, name, opts.max_doc_bytes)?;
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    let (date, body) = split_date_header(raw).map_err(|k| err(Some(1), k))?;
    let text = body.trim();
    if text.is_empty() {
        return Err(err(None, ErrorKind::Empty));
    }
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".to_string());
    Ok(Document {
        id,
        source: name.to_string(),
        date: date.or_else(|| opts.fallback_date(path, true)),
        lang: opts.default_lang.clone(),
        title: None,
        url: None,
        text: text.to_string(),
    })
}

/// Splits a leading `date VALUE` header off the text. Text without one is returned whole.
pub(crate) fn split_date_header(raw: &str) -> Result<(Option<PartialDate>, &str), ErrorKind> {
    let t = raw.trim_start();
    let Some(rest) = t
        .strip_prefix("date")
        .filter(|r| r.starts_with([' ', '\t', ':']))
    else {
        return Ok((None, raw));
    };
    let rest = rest.trim_start_matches(':').trim_start_matches([' ', '\t']);
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let value = &rest[..end];
    let date =
        PartialDate::parse(value).map_err(|e| ErrorKind::Date(format!("date header: {e}")))?;
    Ok((Some(date), &rest[end..]))
}
