//! A multi-pattern automaton over token keys.
//!
//! Each distinct token key of the patterns gets an id, encoded as one Unicode scalar in the
//! supplementary planes (always 4 bytes of UTF-8). A sentence becomes a string of such
//! characters, one per token, and a leftmost-longest Aho–Corasick automaton (daachorse) finds
//! the patterns in it. Matches therefore always start and end on token boundaries, and one
//! automaton serves tens of thousands of patterns in one pass.
//!
//! Keys are the folded lowercase token, except for tokens written in capitals (`UN`, `AFP`,
//! `U.S.`), whose key is exact (`=UN`): acronyms match only in capitals. A lowercase pattern
//! key also gets a variant with the exact key of the same word, so `Nato` in a pattern still
//! matches `NATO` in text when `NATO` is itself a pattern somewhere.

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap as HashMap;
use vedetta_analysis::LangPack;
use vedetta_model::{Shape, Token};

const BASE: u32 = 0x10000;
const UNKNOWN: char = '\u{10000}';
/// Most variants of one pattern generated for exact-case keys.
const MAX_VARIANTS: usize = 8;

/// The key of a pattern token: exact for capitals, folded lowercase otherwise.
fn pattern_key(t: &Token) -> String {
    if t.shape == Shape::Upper {
        format!("={}", t.lower.to_uppercase())
    } else {
        t.lower.clone()
    }
}

/// A compiled gazetteer whose patterns carry values of type `V`.
pub struct Gazetteer<V> {
    vocab: HashMap<String, char>,
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    slots: Vec<Vec<Candidate<V>>>,
}

/// One value of a pattern, with the pattern's case rule.
#[derive(Debug, Clone)]
pub struct Candidate<V> {
    /// The value given when the pattern was added.
    pub value: V,
    /// The pattern starts with a capitalised word: the text must too.
    pub capital_start: bool,
}

/// One match: a token range (relative to the tokens searched) and its pattern slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Pattern slot, for [`Gazetteer::candidates`].
    pub slot: usize,
}

impl<V> Gazetteer<V> {
    /// Finds leftmost-longest matches in `tokens`.
    pub fn find(&self, tokens: &[Token]) -> Vec<Hit> {
        if self.automaton.is_none() {
            return Vec::new();
        }
        let mut hay = String::with_capacity(tokens.len() * 4);
        let mut buf = String::new();
        for t in tokens {
            let c = if t.shape == Shape::Upper {
                exact_key(&t.lower, &mut buf);
                self.vocab
                    .get(buf.as_str())
                    .or_else(|| self.vocab.get(&t.lower))
                    .copied()
            } else {
                self.vocab.get(&t.lower).copied()
            };
            hay.push(c.unwrap_or(UNKNOWN));
        }
        self.find_keys(&hay)
    }

    /// Finds leftmost-longest matches in a haystack of token keys, one 4-byte character per
    /// token, as made by [`KeyTable::haystacks`] for this gazetteer.
    pub fn find_keys(&self, hay: &str) -> Vec<Hit> {
        let Some(aut) = &self.automaton else {
            return Vec::new();
        };
        aut.leftmost_find_iter(hay)
            .map(|m| Hit {
                start: m.start() / 4,
                end: m.end() / 4,
                slot: m.value() as usize,
            })
            .collect()
    }

    /// The values of a matched pattern that fit the text's case: patterns that start with a
    /// capital need the first matched token to start with one.
    pub fn candidates<'a>(&'a self, hit: &Hit, first: &Token) -> impl Iterator<Item = &'a V> + 'a {
        let text_cap = matches!(
            first.shape,
            Shape::Title | Shape::Upper | Shape::Initial | Shape::Other
        );
        self.slots[hit.slot]
            .iter()
            .filter(move |c| text_cap || !c.capital_start)
            .map(|c| &c.value)
    }

    /// Number of distinct patterns.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// Writes the exact key of a token in capitals (`=UN`) into `buf`, from its lowercase form.
fn exact_key(lower: &str, buf: &mut String) {
    buf.clear();
    buf.push('=');
    // `str::to_uppercase` maps each character independently, so this is the same.
    for c in lower.chars() {
        buf.extend(c.to_uppercase());
    }
}

/// The token keys of `N` gazetteers merged into one table, so that each token of a document
/// is looked up once (twice when in capitals) instead of once per gazetteer.
pub struct KeyTable<const N: usize> {
    ids: HashMap<String, [char; N]>,
}

impl<const N: usize> KeyTable<N> {
    /// Merges the vocabularies of `gazetteers` (in this order).
    pub fn new(gazetteers: [&dyn HasVocab; N]) -> KeyTable<N> {
        let mut ids: HashMap<String, [char; N]> = HashMap::default();
        for (g, gz) in gazetteers.iter().enumerate() {
            for (k, &c) in gz.vocab() {
                ids.entry(k.clone()).or_insert([UNKNOWN; N])[g] = c;
            }
        }
        KeyTable { ids }
    }

    /// One haystack per gazetteer for `tokens`: a 4-byte character per token, so that the
    /// tokens `a..b` are the bytes `4 * a..4 * b`. Search them with [`Gazetteer::find_keys`].
    pub fn haystacks(&self, tokens: &[Token]) -> [String; N] {
        let mut hays: [String; N] =
            std::array::from_fn(|_| String::with_capacity(tokens.len() * 4));
        let mut buf = String::new();
        for t in tokens {
            let lower = self.ids.get(&t.lower);
            let exact = if t.shape == Shape::Upper {
                exact_key(&t.lower, &mut buf);
                self.ids.get(buf.as_str())
            } else {
                None
            };
            for (g, hay) in hays.iter_mut().enumerate() {
                // The exact key first, if this gazetteer has it; then the lowercase key.
                let c = exact
                    .map(|a| a[g])
                    .filter(|&c| c != UNKNOWN)
                    .or_else(|| lower.map(|a| a[g]))
                    .unwrap_or(UNKNOWN);
                hay.push(c);
            }
        }
        hays
    }
}

/// Access to a gazetteer's token vocabulary, whatever its value type.
pub trait HasVocab {
    /// Token key → id character.
    fn vocab(&self) -> &HashMap<String, char>;
}

impl<V> HasVocab for Gazetteer<V> {
    fn vocab(&self) -> &HashMap<String, char> {
        &self.vocab
    }
}

/// Builds a [`Gazetteer`]: add tokenised patterns with values, then [`GazetteerBuilder::build`].
pub struct GazetteerBuilder<V> {
    patterns: Vec<(Vec<String>, V, bool)>,
}

impl<V> Default for GazetteerBuilder<V> {
    fn default() -> Self {
        GazetteerBuilder {
            patterns: Vec::new(),
        }
    }
}

impl<V: Clone> GazetteerBuilder<V> {
    /// Adds a surface form, tokenised with `pack`. Empty forms are ignored.
    pub fn add(&mut self, form: &str, pack: &LangPack, value: V) {
        let toks = vedetta_analysis::tokenize::tokenize(form, pack);
        if toks.is_empty() {
            return;
        }
        let cap = matches!(toks[0].shape, Shape::Title | Shape::Upper | Shape::Initial);
        self.patterns
            .push((toks.iter().map(pattern_key).collect(), value, cap));
    }

    /// Compiles the automaton. Patterns with the same keys share a slot holding all their
    /// values in insertion order.
    pub fn build(self) -> Gazetteer<V> {
        let mut vocab: HashMap<String, char> = HashMap::default();
        let mut next = BASE + 1;
        // Exact keys by their lowercase word, for variants.
        let mut exact_of: HashMap<String, Vec<String>> = HashMap::default();
        for (keys, _, _) in &self.patterns {
            for k in keys {
                if let Some(e) = k.strip_prefix('=') {
                    let v = exact_of.entry(e.to_lowercase()).or_default();
                    if !v.contains(k) {
                        v.push(k.clone());
                    }
                }
            }
        }
        let mut slot_of: HashMap<String, usize> = HashMap::default();
        let mut slots: Vec<Vec<Candidate<V>>> = Vec::new();
        for (keys, value, cap) in self.patterns {
            for variant in variants(&keys, &exact_of) {
                let s: String = variant
                    .iter()
                    .map(|k| {
                        *vocab.entry(k.clone()).or_insert_with(|| {
                            let c = char::from_u32(next).expect("token id in range");
                            next += 1;
                            c
                        })
                    })
                    .collect();
                let slot = *slot_of.entry(s).or_insert_with(|| {
                    slots.push(Vec::new());
                    slots.len() - 1
                });
                slots[slot].push(Candidate {
                    value: value.clone(),
                    capital_start: cap,
                });
            }
        }
        let mut patvals: Vec<(String, u32)> =
            slot_of.into_iter().map(|(s, v)| (s, v as u32)).collect();
        patvals.sort_by_key(|p| p.1);
        let automaton = (!patvals.is_empty()).then(|| {
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build_with_values(patvals)
                .expect("gazetteer automaton builds")
        });
        Gazetteer {
            vocab,
            automaton,
            slots,
        }
    }
}

fn variants(keys: &[String], exact_of: &HashMap<String, Vec<String>>) -> Vec<Vec<String>> {
    let mut out = vec![keys.to_vec()];
    for (i, k) in keys.iter().enumerate() {
        if k.starts_with('=') {
            continue;
        }
        if let Some(exacts) = exact_of.get(k) {
            let mut more = Vec::new();
            for v in &out {
                for e in exacts {
                    let mut w = v.clone();
                    w[i] = e.clone();
                    more.push(w);
                }
            }
            out.extend(more);
            if out.len() >= MAX_VARIANTS {
                out.truncate(MAX_VARIANTS);
                break;
            }
        }
    }
    out
}
