//! CoNLL-U reader and writer.
//!
//! Every line is kept verbatim (comments, multiword token lines `6-7`,
//! empty nodes `8.1`, all ten columns as strings), so reading then writing
//! a well-formed file gives back the identical bytes.

use crate::error::{Error, Result};
use std::fmt::Write as _;

/// What kind of line a [`Node`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A syntactic word (`ID` is an integer).
    Word,
    /// A multiword token line (`ID` is a range `a-b`).
    Multiword,
    /// An empty node of the enhanced graph (`ID` is decimal `a.b`).
    Empty,
}

/// One token/word line with its ten columns, kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Line kind, derived from `id`.
    pub kind: NodeKind,
    /// ID column.
    pub id: String,
    /// FORM column.
    pub form: String,
    /// LEMMA column.
    pub lemma: String,
    /// UPOS column.
    pub upos: String,
    /// XPOS column.
    pub xpos: String,
    /// FEATS column.
    pub feats: String,
    /// HEAD column.
    pub head: String,
    /// DEPREL column.
    pub deprel: String,
    /// DEPS column.
    pub deps: String,
    /// MISC column.
    pub misc: String,
}

impl Node {
    /// A word line with the given 1-based id and form; other columns `_`.
    pub fn word(id: usize, form: &str) -> Node {
        Node {
            kind: NodeKind::Word,
            id: id.to_string(),
            form: form.to_string(),
            lemma: "_".into(),
            upos: "_".into(),
            xpos: "_".into(),
            feats: "_".into(),
            head: "_".into(),
            deprel: "_".into(),
            deps: "_".into(),
            misc: "_".into(),
        }
    }

    /// For a multiword token line `a-b`, the range `(a, b)`.
    pub fn range(&self) -> Option<(usize, usize)> {
        let (a, b) = self.id.split_once('-')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    }

    /// HEAD as a number (`None` for `_` or garbage).
    pub fn head_index(&self) -> Option<usize> {
        self.head.parse().ok()
    }

    /// True when MISC contains `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }

    /// Iterator over `(name, value)` pairs of FEATS.
    pub fn feats_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        feats_pairs(&self.feats)
    }
}

/// Iterator over `(name, value)` pairs of a FEATS string (`_` gives none).
pub fn feats_pairs(feats: &str) -> impl Iterator<Item = (&str, &str)> {
    feats
        .split('|')
        .filter(|s| !s.is_empty() && *s != "_")
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
}

/// One sentence: its comment lines (without the trailing newline, with the
/// leading `#`) and its token lines in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines, e.g. `# text = ...`.
    pub comments: Vec<String>,
    /// Word, multiword and empty-node lines in order.
    pub nodes: Vec<Node>,
}

impl Sentence {
    /// Syntactic words only (no multiword or empty-node lines).
    pub fn words(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.kind == NodeKind::Word)
    }
    /// Mutable syntactic words.
    pub fn words_mut(&mut self) -> impl Iterator<Item = &mut Node> {
        self.nodes.iter_mut().filter(|n| n.kind == NodeKind::Word)
    }
    /// Number of syntactic words.
    pub fn word_count(&self) -> usize {
        self.words().count()
    }
    /// The `# text = ` comment, if any.
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            c.strip_prefix("# text = ")
                .or_else(|| c.strip_prefix("# text="))
        })
    }
}

fn kind_of(id: &str) -> Option<NodeKind> {
    let num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if num(id) {
        return Some(NodeKind::Word);
    }
    if let Some((a, b)) = id.split_once('-') {
        if num(a) && num(b) {
            return Some(NodeKind::Multiword);
        }
    }
    if let Some((a, b)) = id.split_once('.') {
        if num(a) && num(b) {
            return Some(NodeKind::Empty);
        }
    }
    None
}

fn err(line: usize, msg: impl Into<String>) -> Error {
    Error::Conllu {
        line,
        msg: msg.into(),
    }
}

/// Parses CoNLL-U text. Checks that every token line has ten columns, a
/// valid ID, and that word IDs run 1..n in each sentence.
pub fn read_str(text: &str) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut next_word = 1usize;
    let mut started_at = 0usize;
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let lineno = i + 1;
        if line.is_empty() {
            // The empty string after the final newline is not a line.
            if lines.peek().is_none() {
                break;
            }
            if cur.nodes.is_empty() {
                if cur.comments.is_empty() {
                    return Err(err(lineno, "unexpected blank line"));
                }
                return Err(err(lineno, "sentence has comments but no tokens"));
            }
            out.push(std::mem::take(&mut cur));
            next_word = 1;
            continue;
        }
        if line.starts_with('#') {
            if !cur.nodes.is_empty() {
                return Err(err(lineno, "comment inside a sentence"));
            }
            if cur.comments.is_empty() {
                started_at = lineno;
            }
            cur.comments.push(line.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(
                lineno,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let kind =
            kind_of(cols[0]).ok_or_else(|| err(lineno, format!("invalid ID {:?}", cols[0])))?;
        if kind == NodeKind::Word {
            let id: usize = cols[0]
                .parse()
                .map_err(|_| err(lineno, "invalid word ID"))?;
            if id != next_word {
                return Err(err(
                    lineno,
                    format!("word ID {id} out of sequence (expected {next_word})"),
                ));
            }
            next_word += 1;
        }
        if cur.nodes.is_empty() && cur.comments.is_empty() {
            started_at = lineno;
        }
        cur.nodes.push(Node {
            kind,
            id: cols[0].to_string(),
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head: cols[6].to_string(),
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.nodes.is_empty() {
        out.push(cur);
    } else if !cur.comments.is_empty() {
        return Err(err(started_at, "sentence has comments but no tokens"));
    }
    Ok(out)
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    read_str(&text)
}

/// Writes one sentence followed by its blank line.
pub fn write_sentence(s: &Sentence, out: &mut String) {
    for c in &s.comments {
        out.push_str(c);
        out.push('\n');
    }
    for n in &s.nodes {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            n.id, n.form, n.lemma, n.upos, n.xpos, n.feats, n.head, n.deprel, n.deps, n.misc
        );
    }
    out.push('\n');
}

/// Writes sentences as CoNLL-U text.
pub fn write_string(sents: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sents {
        write_sentence(s, &mut out);
    }
    out
}
