//! The `syntax` stage's output: syntactic words (Universal Dependencies) with their tags,
//! lemmas and dependency tree, per sentence.

use crate::{Span, Upos};
use serde::Serialize;

/// One syntactic word. A token may hold several (Italian `della` → `di` + `la`, English
/// `don't` → `do` + `n't`); such words share their token's span unless the word is a
/// literal part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    /// Byte span in the document text.
    pub span: Span,
    /// Index of the token (in [`crate::Analysis::tokens`]) the word comes from.
    pub token: usize,
    /// The word as UD writes it (`di`, `la`, `n't`).
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal part of speech.
    pub upos: Upos,
    /// Morphological features, `Name=Value|…` in UD order, or `_`.
    pub feats: String,
    /// Head word: 0 for the root, else the 1-based index of the head in the sentence.
    pub head: u32,
    /// Universal dependency relation, with its subtype (`nsubj`, `obl:agent`).
    pub deprel: String,
    /// The word is one of several of its token (a CoNLL-U multiword token).
    pub multiword: bool,
}

impl Word {
    /// The value of one feature (`Tense` → `Past`).
    pub fn feat(&self, name: &str) -> Option<&str> {
        self.feats.split('|').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == name).then_some(v)
        })
    }

    /// The relation without its subtype (`obl:agent` → `obl`).
    pub fn relation(&self) -> &str {
        self.deprel.split(':').next().unwrap_or("")
    }
}

/// The words and dependency tree of one sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SentenceSyntax {
    /// Index of the sentence (in [`crate::Analysis::sentences`]).
    pub sentence: usize,
    /// Its words in order; heads index into this list (1-based, 0 = root).
    pub words: Vec<Word>,
}
