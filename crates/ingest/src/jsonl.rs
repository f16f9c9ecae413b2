//! JSONL: one article per line, `{"id","date","lang"?,"title"?,"url"?,"text"}`.

use crate::lines::{BoundedLines, Line};
use crate::{ErrorKind, IngestError, IngestOptions};
use serde::Deserialize;
use std::io::BufRead;
use vedetta_model::{Document, PartialDate};

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    date: Option<String>,
    lang: Option<String>,
    title: Option<String>,
    url: Option<String>,
    text: Option<serde_json::Value>,
}

/// Streams documents out of a JSONL file.
pub(crate) struct JsonlReader {
    lines: BoundedLines<Box<dyn BufRead>>,
    name: String,
    opts: IngestOptions,
    /// The date of records that carry none (`--dates` for this file, else `--date`).
    fallback: Option<PartialDate>,
}

impl JsonlReader {
    pub(crate) fn new(
        r: Box<dyn BufRead>,
        name: String,
        opts: IngestOptions,
        path: &std::path::Path,
    ) -> Self {
        let limit = opts.max_doc_bytes;
        JsonlReader {
            lines: BoundedLines::new(r, limit),
            fallback: opts.fallback_date(path, false),
            name,
            opts,
        }
    }

    fn parse(&self, line: &[u8], no: usize) -> Result<Document, ErrorKind> {
        let s = std::str::from_utf8(line).map_err(|e| ErrorKind::Encoding {
            byte: e.valid_up_to(),
            unit: "line",
            line: no,
        })?;
        let rec: Record = serde_json::from_str(s).map_err(|e| ErrorKind::Json(e.to_string()))?;
        let text = match rec.text {
            Some(serde_json::Value::String(t)) => t,
            Some(_) => return Err(ErrorKind::Field("field \"text\" must be a string".into())),
            None => return Err(ErrorKind::Field("missing field \"text\"".into())),
        };
        if text.trim().is_empty() {
            return Err(ErrorKind::Empty);
        }
        let id = match rec.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None => format!("{}:{}", self.name, no),
            Some(_) => {
                return Err(ErrorKind::Field(
                    "field \"id\" must be a non-empty string or a number".into(),
                ))
            }
        };
        let date = match rec.date.as_deref().map(str::trim) {
            None | Some("") => self.fallback,
            Some(d) => Some(
                PartialDate::parse(d)
                    .map_err(|e| ErrorKind::Date(format!("field \"date\": {e}")))?,
            ),
        };
        Ok(Document {
            id,
            source: format!("{}:{}", self.name, no),
            date,
            lang: rec
                .lang
                .filter(|l| !l.is_empty())
                .or_else(|| self.opts.default_lang.clone()),
            title: rec.title,
            url: rec.url,
            text,
        })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let item = self.lines.next()?;
            let no = self.lines.line_no;
            let err = |kind| {
                Some(Err(IngestError {
                    source: self.name.clone(),
                    line: Some(no),
                    kind,
                }))
            };
            match item {
                Err(e) => return err(ErrorKind::Io(e.to_string())),
                Ok(Line::TooLong(size)) => {
                    return err(ErrorKind::TooLarge {
                        size,
                        limit: self.opts.max_doc_bytes,
                    })
                }
                Ok(Line::Ok(bytes)) => {
                    // A UTF-8 byte-order mark before the first record is not part of it.
                    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
                        Some(rest) if no == 1 => rest,
                        _ => &bytes[..],
                    };
                    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                        continue; // blank lines are allowed between records
                    }
                    return Some(self.parse(bytes, no).map_err(|kind| IngestError {
                        source: self.name.clone(),
                        line: Some(no),
                        kind,
                    }));
                }
            }
        }
    }
}
