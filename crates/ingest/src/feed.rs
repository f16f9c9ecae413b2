//! RSS (0.9x, 1.0/RDF, 2.0) and Atom feeds, parsed by `feed-rs`: one document per entry.
//!
//! An entry's text is its content, else its summary (HTML turned into text); its title, its
//! first link (the `alternate` one when links are typed) and its date (published, else
//! updated, as written) come along. Entries are numbered from 1 in feed order, and that
//! number stands in the `line` of errors and in the document's source (`feed.xml:3`), as a
//! JSONL line number would.

use crate::dates::feed_timestamp;
use crate::html::fragment_text;
use crate::{ErrorKind, IngestError, IngestOptions};
use chrono::Datelike;
use feed_rs::model::{Entry, Text};
use feed_rs::parser::{Builder, ParseErrorKind, ParseFeedError};
use vedetta_model::{Document, PartialDate};

/// The name of the root element of an XML or HTML document (lowercase, prefix kept:
/// `rss`, `feed`, `rdf:rdf`, `html`), skipping a BOM, the XML declaration, comments,
/// processing instructions and a DOCTYPE. `None` when `head` does not start like markup or
/// ends before the root.
pub(crate) fn root_element(head: &[u8]) -> Option<String> {
    let mut s = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        let start = s.iter().position(|b| !b.is_ascii_whitespace())?;
        s = &s[start..];
        if s.first() != Some(&b'<') {
            return None;
        }
        let skip_to = |s: &[u8], end: &[u8]| -> Option<usize> {
            s.windows(end.len())
                .position(|w| w == end)
                .map(|p| p + end.len())
        };
        if s.starts_with(b"<?") {
            s = &s[skip_to(s, b"?>")?..];
        } else if s.starts_with(b"<!--") {
            s = &s[skip_to(s, b"-->")?..];
        } else if s.starts_with(b"<!") {
            // DOCTYPE, possibly with an internal subset in brackets.
            let gt = s.iter().position(|&b| b == b'>')?;
            let open = s.iter().position(|&b| b == b'[');
            s = match open {
                Some(o) if o < gt => &s[skip_to(s, b"]>")?..],
                _ => &s[gt + 1..],
            };
        } else {
            let name: Vec<u8> = s[1..]
                .iter()
                .take_while(|&&b| !b.is_ascii_whitespace() && b != b'>' && b != b'/')
                .copied()
                .collect();
            if name.is_empty() {
                return None;
            }
            return Some(String::from_utf8_lossy(&name).to_ascii_lowercase());
        }
    }
}

/// True for the root elements of feeds: `rss`, `feed` (Atom), `rdf:RDF` (RSS 1.0).
pub(crate) fn is_feed_root(name: &str) -> bool {
    name == "rss" || name == "feed" || name == "rdf" || name.ends_with(":rdf")
}

/// Parses a feed and turns each entry into a document or an error. `name` is the file or
/// URL; `base` resolves relative links (the feed's URL when fetched).
pub(crate) fn read_feed(
    bytes: &[u8],
    name: &str,
    base: Option<&str>,
    opts: &IngestOptions,
) -> Vec<Result<Document, IngestError>> {
    let parser = Builder::new()
        .base_uri(base)
        .timestamp_parser(feed_timestamp)
        .build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            let msg = match e {
                ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
                    match root_element(&bytes[..bytes.len().min(64 * 1024)]) {
                        Some(root) => {
                            format!("not an RSS, Atom or RDF feed (the root element is <{root}>)")
                        }
                        None => "not an RSS, Atom or RDF feed (no XML root element)".into(),
                    }
                }
                e => format!("broken feed: {e}"),
            };
            return vec![Err(IngestError {
                source: name.to_string(),
                line: None,
                kind: ErrorKind::Feed(msg),
            })];
        }
    };
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let no = i + 1;
            entry_document(entry, name, no, opts).map_err(|kind| IngestError {
                source: name.to_string(),
                line: Some(no),
                kind,
            })
        })
        .collect()
}

/// One entry as a document. Its id is its source (`name:N`), as for a JSONL line without an
/// id: the store then keys it by the hash of its text.
fn entry_document(
    entry: Entry,
    name: &str,
    no: usize,
    opts: &IngestOptions,
) -> Result<Document, ErrorKind> {
    let content = entry.content.and_then(|c| {
        let body = c.body?;
        Some(as_text(&body, c.content_type.as_ref()))
    });
    let text = content
        .filter(|t| !t.is_empty())
        .or_else(|| entry.summary.as_ref().map(text_of))
        .filter(|t| !t.is_empty())
        .ok_or(ErrorKind::NoEntryText { entry: no })?;
    if text.len() > opts.max_doc_bytes {
        return Err(ErrorKind::TooLarge {
            size: text.len(),
            limit: opts.max_doc_bytes,
        });
    }
    let url = entry
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|u| !u.is_empty());
    let date = entry
        .published
        .or(entry.updated)
        .and_then(|t| {
            let d = t.date_naive();
            PartialDate::ymd(d.year() as i16, d.month() as u8, d.day() as u8).ok()
        })
        .or(opts.default_date);
    let source = format!("{name}:{no}");
    Ok(Document {
        id: source.clone(),
        source,
        date,
        lang: opts.default_lang.clone(),
        title: entry.title.as_ref().map(text_of).filter(|t| !t.is_empty()),
        url,
        text,
    })
}

/// A feed text field as plain text.
fn text_of(t: &Text) -> String {
    as_text(&t.content, t.content_type.as_ref())
}

/// `body` as plain text: HTML and XHTML are turned into text, anything else is trimmed.
fn as_text(body: &str, content_type: &str) -> String {
    if content_type.contains("html") {
        fragment_text(body)
    } else {
        body.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_elements() {
        let cases: [(&[u8], Option<&str>); 7] = [
            (
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">",
                Some("rss"),
            ),
            (
                b"\xEF\xBB\xBF<?xml version='1.0'?><!-- c --><feed xmlns=\"x\">",
                Some("feed"),
            ),
            (b"<rdf:RDF xmlns:rdf=\"x\">", Some("rdf:rdf")),
            (b"<!DOCTYPE html>\n<html lang=en>", Some("html")),
            (
                b"<!DOCTYPE x [ <!ENTITY a \"b\"> ]><config/>",
                Some("config"),
            ),
            (b"plain text", None),
            (b"<?xml version=\"1.0\"", None),
        ];
        for (head, want) in cases {
            assert_eq!(
                root_element(head).as_deref(),
                want,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
        assert!(is_feed_root("rdf:rdf") && is_feed_root("feed") && !is_feed_root("html"));
    }
}
