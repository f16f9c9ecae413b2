//! NER gold in CoNLL/BIO form and exact-span scoring.
//!
//! Two layouts are read: `token<TAB>tag` (KIND) and `index<TAB>token<TAB>tag`
//! (WikiNEuRal), one token per line and a blank line between sentences. Tags are `O`,
//! `B-X` or `I-X`; `X` is `PER`, `ORG`, `LOC` (or `GPE`, read as `LOC`); other classes
//! (`MISC`) are read as `O`. An `I-X` with no open `X` starts an entity (IOB1).
//!
//! The text is rebuilt by joining tokens with one space (none after an apostrophe) and
//! sentences with a newline, so an analyser can run on it and its spans can be compared
//! with the gold tokens.

use crate::Prf;
use std::collections::BTreeSet;
use std::path::Path;
use vedetta_model::{NerClass, Span};

/// Errors reading a BIO file.
#[derive(Debug, thiserror::Error)]
pub enum BioError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not UTF-8.
    #[error("{path}: not valid UTF-8 at byte {at}")]
    Utf8 {
        /// The file.
        path: String,
        /// First bad byte.
        at: usize,
    },
    /// A line is not `token<TAB>tag` or `index<TAB>token<TAB>tag`.
    #[error("{path}:{line}: {why}")]
    Line {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        why: String,
    },
}

/// A BIO file as text: the rebuilt text, each gold token's span in it, sentence token
/// ranges and the gold entities as token ranges.
#[derive(Debug, Clone, Default)]
pub struct BioText {
    /// Tokens joined by spaces, sentences by newlines.
    pub text: String,
    /// Byte span of each gold token in `text`.
    pub tokens: Vec<Span>,
    /// Gold entities: (first token, end token, class).
    pub gold: Vec<(usize, usize, NerClass)>,
    /// Sentences as (first token, end token).
    pub sentences: Vec<(usize, usize)>,
}

impl BioText {
    /// The gold entities as byte spans of `text`.
    pub fn gold_spans(&self) -> Vec<(Span, NerClass)> {
        self.gold
            .iter()
            .map(|&(s, e, c)| (Span::new(self.tokens[s].start, self.tokens[e - 1].end), c))
            .collect()
    }
}

/// The class of a BIO class label (`PER`, `ORG`, `LOC`, `GPE`); others are not scored.
pub fn class_of(label: &str) -> Option<NerClass> {
    match label {
        "PER" => Some(NerClass::Per),
        "ORG" => Some(NerClass::Org),
        "LOC" | "GPE" => Some(NerClass::Loc),
        _ => None,
    }
}

/// Reads a BIO file.
pub fn read_bio(path: &Path) -> Result<BioText, BioError> {
    let name = path.display().to_string();
    let raw = std::fs::read(path).map_err(|source| BioError::Io {
        path: name.clone(),
        source,
    })?;
    let src = String::from_utf8(raw).map_err(|e| BioError::Utf8 {
        path: name.clone(),
        at: e.utf8_error().valid_up_to(),
    })?;
    parse_bio(&src, &name)
}

/// Parses BIO text; `name` is used in errors.
pub fn parse_bio(src: &str, name: &str) -> Result<BioText, BioError> {
    let mut b = BioText::default();
    let mut open: Option<(usize, NerClass)> = None;
    let mut sent_start: Option<usize> = None;
    fn close(
        open: &mut Option<(usize, NerClass)>,
        end: usize,
        gold: &mut Vec<(usize, usize, NerClass)>,
    ) {
        if let Some((s, c)) = open.take() {
            gold.push((s, end, c));
        }
    }
    for (i, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            close(&mut open, b.tokens.len(), &mut b.gold);
            if let Some(s) = sent_start.take() {
                b.text.push('\n');
                b.sentences.push((s, b.tokens.len()));
            }
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        let (tok, tag) = match parts.as_slice() {
            [tok, tag] => (*tok, *tag),
            [idx, tok, tag, ..] if idx.trim().parse::<u64>().is_ok() => (*tok, *tag),
            [tok, tag, ..] => (*tok, *tag),
            _ => {
                return Err(BioError::Line {
                    path: name.to_string(),
                    line: i + 1,
                    why: "expected token<TAB>tag".into(),
                })
            }
        };
        let tag = tag.trim();
        let (prefix, cls) = match tag.split_once('-') {
            Some((p @ ("B" | "I"), c)) => (p, class_of(c)),
            None if tag == "O" => ("O", None),
            _ => {
                return Err(BioError::Line {
                    path: name.to_string(),
                    line: i + 1,
                    why: format!("bad tag {tag:?} (expected O, B-X or I-X)"),
                })
            }
        };
        let idx = b.tokens.len();
        match (prefix, cls) {
            ("B", Some(c)) => {
                close(&mut open, idx, &mut b.gold);
                open = Some((idx, c));
            }
            ("I", Some(c)) => {
                if open.map(|(_, oc)| oc) != Some(c) {
                    close(&mut open, idx, &mut b.gold);
                    open = Some((idx, c));
                }
            }
            _ => close(&mut open, idx, &mut b.gold),
        }
        if sent_start.is_some() && !b.text.ends_with('\'') && !b.text.ends_with('’') {
            b.text.push(' ');
        }
        if sent_start.is_none() {
            sent_start = Some(idx);
        }
        let start = b.text.len();
        b.text.push_str(tok);
        b.tokens.push(Span::new(start, b.text.len()));
    }
    close(&mut open, b.tokens.len(), &mut b.gold);
    if let Some(s) = sent_start {
        b.sentences.push((s, b.tokens.len()));
    }
    Ok(b)
}

/// Exact-span scores: one [`Prf`] per class (PER, ORG, LOC) and the micro average.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NerScores {
    /// PER, ORG, LOC in this order.
    pub classes: [Prf; 3],
    /// All classes together.
    pub micro: Prf,
}

/// The classes in the order of [`NerScores::classes`].
pub const CLASSES: [NerClass; 3] = [NerClass::Per, NerClass::Org, NerClass::Loc];

/// Scores predicted entities against gold ones (any comparable span key).
pub fn score<K: Ord + Copy>(
    gold: &BTreeSet<(K, NerClass)>,
    pred: &BTreeSet<(K, NerClass)>,
) -> NerScores {
    let mut out = NerScores::default();
    for (ci, c) in CLASSES.iter().enumerate() {
        let g = gold.iter().filter(|x| x.1 == *c).count();
        let p = pred.iter().filter(|x| x.1 == *c).count();
        let tp = pred
            .iter()
            .filter(|x| x.1 == *c && gold.contains(x))
            .count();
        out.classes[ci] = Prf {
            tp_pred: tp,
            predicted: p,
            tp_gold: tp,
            gold: g,
        };
        out.micro.add(out.classes[ci]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_and_three_column_files_rebuild_text_and_spans() {
        let b = parse_bio(
            "Il\tO\nrapporto\tO\ndell'\tO\nuniversità\tB-ORG\ndi\tI-ORG\nRoma\tI-ORG\n\nMario\tB-PER\nRossi\tI-PER\nI-only\tI-LOC\n",
            "x.tsv",
        )
        .unwrap();
        assert_eq!(
            b.text,
            "Il rapporto dell'università di Roma\nMario Rossi I-only"
        );
        assert_eq!(
            b.gold,
            vec![
                (3, 6, NerClass::Org),
                (6, 8, NerClass::Per),
                (8, 9, NerClass::Loc)
            ]
        );
        assert_eq!(b.sentences, vec![(0, 6), (6, 9)]);
        assert_eq!(
            &b.text[b.gold_spans()[1].0.start..b.gold_spans()[1].0.end],
            "Mario Rossi"
        );
        let w = parse_bio(
            "0\tLa\tO\n1\tMostra\tB-MISC\n2\tdi\tO\n3\tVenezia\tB-LOC\n\n",
            "w.conllu",
        )
        .unwrap();
        assert_eq!(w.text, "La Mostra di Venezia\n");
        assert_eq!(w.gold, vec![(3, 4, NerClass::Loc)]);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let e = parse_bio("Il\n", "x.tsv").unwrap_err().to_string();
        assert_eq!(e, "x.tsv:1: expected token<TAB>tag");
        let e = parse_bio("Il\tO\nRoma\tX-LOC\n", "x.tsv")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.tsv:2: bad tag"), "{e}");
    }

    #[test]
    fn exact_spans_are_scored_per_class() {
        let g: BTreeSet<_> = [((0, 2), NerClass::Per), ((3, 4), NerClass::Loc)].into();
        let p: BTreeSet<_> = [
            ((0, 2), NerClass::Per),
            ((3, 4), NerClass::Org),
            ((5, 6), NerClass::Loc),
        ]
        .into();
        let s = score(&g, &p);
        assert_eq!(s.micro.tp_pred, 1);
        assert_eq!(s.micro.predicted, 3);
        assert_eq!(s.micro.gold, 2);
        assert_eq!(s.classes[0].f1(), 1.0);
        assert_eq!(s.classes[1].predicted, 1);
        assert_eq!(s.classes[2].tp_gold, 0);
    }
}
