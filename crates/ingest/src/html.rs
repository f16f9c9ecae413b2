//! HTML pages: the main text by a readability extractor (`dom_smoothie`), title, date and URL
//! from the page's metadata.

use crate::dates::parse_loose;
use crate::{read_document, ErrorKind, IngestError, IngestOptions};
use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use vedetta_model::{Document, PartialDate};

/// `<meta name=…>` values that carry a publication date, in order of trust.
const DATE_META_NAMES: &[&str] = &[
    "article:published_time",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
];

/// Reads one HTML page from `r`.
pub(crate) fn read_html(
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
    let page = catch_unwind(AssertUnwindSafe(|| extract(&raw)))
        .map_err(|_| {
            err(
                None,
                ErrorKind::Html("the HTML extractor failed on this page".into()),
            )
        })?
        .map_err(|k| err(None, k))?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".to_string());
    Ok(Document {
        id,
        source: name.to_string(),
        date: page.date.or(opts.default_date),
        lang: opts.default_lang.clone(),
        title: page.title,
        url: page.url,
        text: page.text,
    })
}

/// What a page yields.
struct Page {
    text: String,
    title: Option<String>,
    date: Option<PartialDate>,
    url: Option<String>,
}

fn extract(html: &str) -> Result<Page, ErrorKind> {
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let mut r = Readability::new(html, None, Some(cfg))
        .map_err(|e| ErrorKind::Html(format!("cannot read the page: {e}")))?;
    // Metadata the extractor does not look at; read before `parse`, which rewrites the tree.
    let meta_dates = page_dates(&r.doc);
    let canonical = page_url(&r.doc);
    let article = r.parse().map_err(|e| {
        ErrorKind::Html(format!(
            "no main text found ({e}); is this an article page?"
        ))
    })?;
    let text = tidy_text(&article.text_content);
    // The extractor falls back on whatever the page has; a menu is not an article.
    if words_outside_links(&article.content) < MIN_WORDS {
        return Err(ErrorKind::Html(format!(
            "no main text found (fewer than {MIN_WORDS} words outside links); \
             is this an article page?"
        )));
    }
    let date = article
        .published_time
        .as_deref()
        .into_iter()
        .chain(meta_dates.iter().map(String::as_str))
        .find_map(parse_loose);
    let title = Some(article.title.trim().to_string()).filter(|t| !t.is_empty());
    let url = canonical.or(article.url).filter(|u| !u.is_empty());
    Ok(Page {
        text,
        title,
        date,
        url,
    })
}

/// Fewest words outside links that make a main text.
const MIN_WORDS: usize = 3;

/// Words (with a letter or digit) of an HTML fragment, links left out.
fn words_outside_links(html: &str) -> usize {
    let doc = Dom::fragment(html);
    doc.select("a").remove();
    doc.text()
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Candidate publication dates beyond those the extractor reads (JSON-LD `datePublished`,
/// `article:published_time`, Dublin Core): `<meta name="date">` and kin, microdata, and
/// `<time datetime>` (inside `<article>` first).
fn page_dates(doc: &Dom) -> Vec<String> {
    let mut out = Vec::new();
    let metas = doc.select("meta[name][content]");
    for want in DATE_META_NAMES {
        for node in metas.nodes() {
            let name = node.attr("name").unwrap_or_default().to_ascii_lowercase();
            if name == *want {
                out.extend(node.attr("content").map(|c| c.to_string()));
            }
        }
    }
    for (sel, attr) in [
        ("[itemprop=datePublished][content]", "content"),
        ("[itemprop=datePublished][datetime]", "datetime"),
        ("article time[datetime]", "datetime"),
        ("time[datetime]", "datetime"),
    ] {
        for node in doc.select(sel).nodes() {
            out.extend(node.attr(attr).map(|c| c.to_string()));
        }
    }
    out
}

/// The page's own URL: `<link rel="canonical">`, else `og:url`.
fn page_url(doc: &Dom) -> Option<String> {
    let canonical = doc
        .select("link[rel=canonical][href]")
        .attr("href")
        .map(|s| s.trim().to_string());
    let og = || {
        doc.select("meta[property=\"og:url\"][content]")
            .attr("content")
            .map(|s| s.trim().to_string())
    };
    canonical
        .filter(|s| !s.is_empty())
        .or_else(|| og().filter(|s| !s.is_empty()))
}

/// Text of an HTML fragment (a feed entry's content): block elements become paragraphs,
/// scripts and styles are dropped, entities decoded.
pub(crate) fn fragment_text(html: &str) -> String {
    let text = catch_unwind(AssertUnwindSafe(|| {
        let doc = Dom::fragment(html);
        doc.select("script, style, noscript, template").remove();
        doc.formatted_text().to_string()
    }))
    .unwrap_or_default();
    tidy_text(&text)
}

/// Trims every line, drops runs of blank lines beyond one, and trims the whole.
fn tidy_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0usize;
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}
