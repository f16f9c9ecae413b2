//! Tokens with byte offsets, lowercase keys and stems.

use crate::pack::{fold, LangPack};
use std::cell::RefCell;
use rustc_hash::FxHashMap as HashMap;
use unicode_segmentation::UnicodeSegmentation;
use vedetta_model::{Shape, Span, Token};

/// Tokenises `text` with the rules of `pack`: Unicode word boundaries, then elisions split
/// (`dell'Ucraina` → `dell'` `Ucraina`), clitics split (`Russia's` → `Russia` `'s`), and
/// abbreviations and initials keep their period (`Sig.`, `U.S.`, `J.`).
pub fn tokenize(text: &str, pack: &LangPack) -> Vec<Token> {
    let mut raw: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 5);
    for (start, seg) in text.split_word_bound_indices() {
        let first = seg.chars().next().unwrap_or(' ');
        if first.is_whitespace() {
            continue;
        }
        let end = start + seg.len();
        if seg.len() > first.len_utf8() && first.is_alphanumeric() {
            split_word(text, start, end, pack, &mut raw);
        } else {
            raw.push((start, end));
        }
    }
    // Abbreviations and initials keep their period.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let (s, e) = raw[i];
        if let Some(&(ns, ne)) = raw.get(i + 1) {
            if ns == e && &text[ns..ne] == "." && is_abbreviation(&text[s..ne], pack) {
                merged.push((s, ne));
                i += 2;
                continue;
            }
        }
        merged.push((s, e));
        i += 1;
    }
    merged.into_iter().map(|(s, e)| make_token(text, s, e, pack)).collect()
}

fn split_word(text: &str, start: usize, end: usize, pack: &LangPack, out: &mut Vec<(usize, usize)>) {
    let seg = &text[start..end];
    // Elision: the part up to the first apostrophe, if listed.
    if !pack.elisions.is_empty() {
        if let Some((pos, ap)) = seg.char_indices().find(|(_, c)| matches!(c, '\'' | '\u{2019}' | '\u{02BC}')) {
            let cut = pos + ap.len_utf8();
            if cut < seg.len() && pack.elisions.contains(&fold(&seg[..cut])) {
                out.push((start, start + cut));
                return split_word(text, start + cut, end, pack, out);
            }
        }
    }
    let has_apostrophe = seg.contains(['\'', '\u{2019}']);
    for clitic in pack.clitic_suffixes.iter().filter(|_| has_apostrophe) {
        let f = fold(seg);
        if f.len() > clitic.len() && f.ends_with(clitic.as_str()) {
            // The clitic starts at an apostrophe; find it in the original text.
            if let Some(pos) = seg.rfind(['\'', '\u{2019}']) {
                if fold(&seg[pos..]) == *clitic {
                    out.push((start, start + pos));
                    out.push((start + pos, end));
                    return;
                }
            }
        }
    }
    out.push((start, end));
}

fn is_abbreviation(with_period: &str, pack: &LangPack) -> bool {
    let mut chars = with_period.chars();
    if let (Some(c), Some('.'), None) = (chars.next(), chars.next(), chars.next()) {
        if c.is_uppercase() {
            return true; // an initial
        }
    }
    pack.abbreviations.contains(&fold(with_period))
}

/// Computes the case shape of a token's text.
pub fn shape(s: &str) -> Shape {
    let (mut upper, mut lower, mut letters, mut digits, mut other) = (0, 0, 0, 0, 0);
    let mut first_upper = false;
    for (i, c) in s.chars().enumerate() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
                if i == 0 {
                    first_upper = true;
                }
            } else if c.is_lowercase() {
                lower += 1;
            }
        } else if c.is_ascii_digit() {
            digits += 1;
        } else if c.is_alphanumeric() {
            other += 1;
        }
    }
    if letters == 0 {
        return if digits > 0 {
            Shape::Number
        } else if other > 0 {
            Shape::Other
        } else {
            Shape::Punct
        };
    }
    if upper == 0 && lower > 0 {
        Shape::Lower
    } else if lower == 0 && upper >= 2 {
        Shape::Upper
    } else if lower == 0 && upper == 1 {
        if letters == 1 {
            Shape::Initial
        } else {
            Shape::Other
        }
    } else if first_upper {
        Shape::Title
    } else if upper > 0 && lower > 0 {
        Shape::Other
    } else {
        Shape::Other
    }
}

thread_local! {
    static STEMS: RefCell<HashMap<String, HashMap<String, String>>> = RefCell::new(HashMap::default());
}
const STEM_CACHE_MAX: usize = 200_000;

fn make_token(text: &str, start: usize, end: usize, pack: &LangPack) -> Token {
    let s = &text[start..end];
    let lower = fold(s);
    let shape = shape(s);
    let stem = if matches!(shape, Shape::Lower | Shape::Title | Shape::Upper | Shape::Other) && lower.len() > 2 {
        stem_cached(&lower, pack)
    } else {
        lower.clone()
    };
    Token { span: Span::new(start, end), lower, stem, shape }
}

/// The stem of a lowercase word, through a per-thread, per-language cache.
pub fn stem_cached(lower: &str, pack: &LangPack) -> String {
    STEMS.with(|c| {
        let mut c = c.borrow_mut();
        if !c.contains_key(&pack.code) {
            c.insert(pack.code.clone(), HashMap::default());
        }
        let cache = c.get_mut(&pack.code).expect("inserted above");
        if let Some(s) = cache.get(lower) {
            return s.clone();
        }
        let stem = match &pack.inflection {
            Some((vowels, to)) if lower.chars().count() >= 5 && lower.ends_with(vowels.as_slice()) => {
                let mut w = lower[..lower.len() - 1].to_string();
                w.push(*to);
                pack.stemmer.stem(&w).into_owned()
            }
            _ => pack.stemmer.stem(lower).into_owned(),
        };
        if cache.len() >= STEM_CACHE_MAX {
            cache.clear();
        }
        cache.insert(lower.to_string(), stem.clone());
        stem
    })
}
