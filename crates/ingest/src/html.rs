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
        date: page.date.or_else(|| opts.fallback_date(path, true)),
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
    // The HTML parser too takes time in depth × elements (scope checks walk the stack of open
    // elements): refuse deep pages before parsing, by a scan of the tags.
    if tags_nested_over(html, MAX_DEPTH) {
        return Err(ErrorKind::Html(format!(
            "elements nested more than {MAX_DEPTH} deep; not an article page"
        )));
    }
    let html = split_long_text_runs(html);
    let mut r = Readability::new(&*html, None, Some(cfg))
        .map_err(|e| ErrorKind::Html(format!("cannot read the page: {e}")))?;
    if nesting_over(&r.doc, MAX_DEPTH) {
        return Err(ErrorKind::Html(format!(
            "elements nested more than {MAX_DEPTH} deep; not an article page"
        )));
    }
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

/// Text runs (between tags) longer than this are cut into text nodes of about this size.
const MAX_TEXT_RUN: usize = 8192;

/// Cuts text runs of more than [`MAX_TEXT_RUN`] bytes into several text nodes by inserting
/// empty comments (`<!---->`, which the extractor removes, leaving adjacent text nodes with
/// the same text), each cut placed before a `&`, a space or a no-break space, never inside a
/// character reference, a tag or a comment. The extractor serialises its result with
/// html5ever, whose escaping scans to the end of a text node for every `&` or no-break space
/// in it: quadratic in the length of one text node (12.5 MB of `&amp;` took 236 s). Pages
/// without such runs are returned as they are.
pub(crate) fn split_long_text_runs(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    // Cuts go into the body only: a cut in the title (RCDATA) would become title text.
    let body = find_ascii_ci(b, 0, b"<body").unwrap_or(0);
    let mut cuts: Vec<usize> = Vec::new();
    let mut i = body;
    let mut run = 0usize; // bytes since the last tag or cut
    while i < b.len() {
        match b[i] {
            b'<' => {
                run = 0;
                if b[i..].starts_with(b"<!--") {
                    i = find_ascii_ci(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
                } else {
                    i = b[i..]
                        .iter()
                        .position(|&c| c == b'>')
                        .map_or(b.len(), |e| i + e + 1);
                }
                continue;
            }
            c if run >= MAX_TEXT_RUN
                && (c == b'&'
                    || c.is_ascii_whitespace()
                    || (c == 0xC2 && b.get(i + 1) == Some(&0xA0))) =>
            {
                cuts.push(i);
                run = 0;
            }
            _ => {}
        }
        run += 1;
        i += 1;
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    const CUT: &str = "<!---->";
    let mut out = String::with_capacity(html.len() + cuts.len() * CUT.len());
    let mut last = 0;
    for c in cuts {
        // Every cut is at an ASCII byte or the lead byte of U+00A0: a char boundary.
        out.push_str(&html[last..c]);
        out.push_str(CUT);
        last = c;
    }
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}

/// The first position at or after `from` where `pat` (ASCII) occurs, ignoring ASCII case.
fn find_ascii_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|p| from + p)
}

/// Deepest element nesting read; deeper pages are refused. The extractor walks the
/// descendants of every element it scores, which takes time in depth × elements: a page nested
/// 100,000 deep kept it busy for hours (found by the hostile corpus, docs/hardening.md). Article
/// pages nest a few dozen deep.
const MAX_DEPTH: usize = 512;

/// Elements without an end tag, or whose end tag may be left out: not counted as nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt",
    "rp", "tbody", "thead", "tfoot", "colgroup", "caption", "html", "head", "body", "image",
];

/// True when the start tags of `html` (less its end tags) nest more than `max` deep, counting
/// only elements that need an end tag, and skipping comments and script, style and textarea
/// contents and other raw text. One pass, no parsing: a cheap bound for [`nesting_over`].
fn tags_nested_over(html: &str, max: usize) -> bool {
    let b = html.as_bytes();
    let find = |from: usize, pat: &[u8]| {
        b.get(from..).and_then(|rest| {
            rest.windows(pat.len())
                .position(|w| w.eq_ignore_ascii_case(pat))
                .map(|p| from + p)
        })
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(p) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
    {
        i += p + 1;
        if b[i..].starts_with(b"!--") {
            match find(i + 3, b"-->") {
                Some(e) => i = e + 3,
                None => return false,
            }
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        i = start + len;
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
        ) {
            let end = format!("</{name}");
            match find(i, end.as_bytes()) {
                Some(e) => i = e + end.len(),
                None => return false,
            }
            continue;
        }
        depth += 1;
        if depth > max {
            return true;
        }
    }
    false
}

/// True when some node of `doc` is more than `max` levels below the root (an iterative walk
/// that stops at the first such node).
fn nesting_over(doc: &Dom, max: usize) -> bool {
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > max {
            return true;
        }
        stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
    }
    false
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
