//! Tokens with byte offsets, lowercase keys and stems.

use crate::pack::{fold, LangPack};
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use unicode_segmentation::UnicodeSegmentation;
use vedetta_model::{Shape, Span, Token};

/// Tokenises `text` with the rules of `pack`: Unicode word boundaries, then elisions split
/// (`dell'Ucraina` → `dell'` `Ucraina`), clitics split (`Russia's` → `Russia` `'s`), and
/// abbreviations and initials keep their period (`Sig.`, `U.S.`, `J.`).
pub fn tokenize(text: &str, pack: &LangPack) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut raw: Vec<(usize, usize)> = Vec::with_capacity(4);
    // The last raw span seen, held back until we know whether a period follows it.
    let mut pending: Option<(usize, usize)> = None;
    with_stem_cache(pack, |cache| {
        let mut emit = |s: usize, e: usize| tokens.push(make_token(text, s, e, pack, cache));
        for (start, seg) in word_bounds(text) {
            let first = seg.chars().next().unwrap_or(' ');
            if first.is_whitespace() {
                continue;
            }
            let end = start + seg.len();
            raw.clear();
            if seg.len() > first.len_utf8() && first.is_alphanumeric() {
                split_word(text, start, end, pack, &mut raw);
            } else {
                raw.push((start, end));
            }
            for &(ns, ne) in &raw {
                // Abbreviations and initials keep their period.
                if let Some((s, e)) = pending {
                    if ns == e && &text[ns..ne] == "." && is_abbreviation(&text[s..ne], pack) {
                        emit(s, ne);
                        pending = None;
                        continue;
                    }
                    emit(s, e);
                }
                pending = Some((ns, ne));
            }
        }
        if let Some((s, e)) = pending {
            emit(s, e);
        }
    });
    tokens
}

/// The Unicode word-boundary segments of `text` with their byte offsets: exactly
/// `text.split_word_bound_indices()`, but faster on the common case.
///
/// The text is cut into chunks after runs of ASCII spaces wherever UAX #29 is certain to
/// break there and no rule looks across the cut (the character before the spaces is not a
/// `WSegSpace`; the one after is not `Extend`, `Format`, `ZWJ` or `WSegSpace`, checked
/// conservatively). A chunk that is ASCII letters and digits followed by spaces is one word and
/// one space segment; any other chunk goes through `unicode-segmentation`.
fn word_bounds(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    let mut pending: Option<(usize, &str)> = None;
    let mut slow: Option<(usize, unicode_segmentation::UWordBoundIndices<'_>)> = None;
    std::iter::from_fn(move || loop {
        if let Some(p) = pending.take() {
            return Some(p);
        }
        if let Some((base, it)) = &mut slow {
            if let Some((i, seg)) = it.next() {
                return Some((*base + i, seg));
            }
            slow = None;
        }
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let end = next_cut(text, start);
        pos = end;
        let chunk = &text[start..end];
        let word_len = chunk.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if word_len > 0 && chunk.as_bytes()[word_len..].iter().all(|&b| b == b' ') {
            if word_len < chunk.len() {
                pending = Some((start + word_len, &chunk[word_len..]));
            }
            return Some((start, &chunk[..word_len]));
        }
        slow = Some((start, chunk.split_word_bound_indices()));
    })
}

/// The end of the chunk starting at `start`: the first safe cut after it (see [`word_bounds`]),
/// or the end of the text.
fn next_cut(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        // The next run of spaces after at least one other character.
        let Some(off) = bytes[i..].iter().position(|&b| b == b' ') else {
            return text.len();
        };
        let sp = i + off;
        let mut after = sp;
        while after < bytes.len() && bytes[after] == b' ' {
            after += 1;
        }
        if after >= bytes.len() {
            return text.len();
        }
        // ASCII bytes (other than the space, excluded by construction) are always fine.
        let before_ok = sp == start
            || bytes[sp - 1].is_ascii()
            || text[..sp]
                .chars()
                .next_back()
                .is_some_and(|c| !is_wseg_space(c));
        let next_ok =
            bytes[after].is_ascii() || text[after..].chars().next().is_some_and(safe_after_space);
        if sp > start && before_ok && next_ok {
            return after;
        }
        i = after;
    }
}

/// `Word_Break=WSegSpace` (UAX #29).
fn is_wseg_space(c: char) -> bool {
    matches!(c, ' ' | '\u{1680}' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' | '\u{205F}' | '\u{3000}')
}

/// Characters surely neither `Extend`, `Format`, `ZWJ` nor `WSegSpace`, so that a word boundary
/// always falls between a space and them. Conservative: other characters just make a chunk longer.
fn safe_after_space(c: char) -> bool {
    (c.is_ascii() && c != ' ')
        || (('\u{00A1}'..='\u{024F}').contains(&c) && c != '\u{00AD}')
        || ('\u{2010}'..='\u{2027}').contains(&c)
}

fn split_word(
    text: &str,
    start: usize,
    end: usize,
    pack: &LangPack,
    out: &mut Vec<(usize, usize)>,
) {
    let seg = &text[start..end];
    // Elision: the part up to the first apostrophe, if listed.
    if !pack.elisions.is_empty() {
        if let Some((pos, ap)) = seg
            .char_indices()
            .find(|(_, c)| matches!(c, '\'' | '\u{2019}' | '\u{02BC}'))
        {
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
    } else {
        Shape::Other
    }
}

/// Per-language caches of one thread.
#[derive(Default)]
struct StemCache {
    /// Lowercase word → stem.
    stems: HashMap<String, String>,
    /// Token text → its lowercase key, stem and shape: most tokens of a text are repeats, so
    /// this skips folding, shape and stem lookup for them.
    tokens: HashMap<String, (String, String, Shape)>,
}

thread_local! {
    static STEMS: RefCell<HashMap<String, StemCache>> = RefCell::new(HashMap::default());
}
/// Each cache is emptied when it reaches this many entries.
const STEM_CACHE_MAX: usize = 200_000;

/// Runs `f` with this thread's caches for `pack`, borrowed once (not once per token).
fn with_stem_cache<R>(pack: &LangPack, f: impl FnOnce(&mut StemCache) -> R) -> R {
    STEMS.with(|c| {
        let mut c = c.borrow_mut();
        if !c.contains_key(&pack.code) {
            c.insert(pack.code.clone(), StemCache::default());
        }
        f(c.get_mut(&pack.code).expect("inserted above"))
    })
}

fn make_token(
    text: &str,
    start: usize,
    end: usize,
    pack: &LangPack,
    cache: &mut StemCache,
) -> Token {
    let s = &text[start..end];
    let span = Span::new(start, end);
    // One or two ASCII bytes (punctuation, `of`, `il`, `a`): never stemmed (the stem is the
    // key), and folding is cheaper than a cache lookup.
    if s.len() <= 2 && s.is_ascii() {
        let lower = fold(s);
        return Token {
            span,
            stem: lower.clone(),
            lower,
            shape: shape(s),
        };
    }
    if let Some((lower, stem, shape)) = cache.tokens.get(s) {
        return Token {
            span,
            lower: lower.clone(),
            stem: stem.clone(),
            shape: *shape,
        };
    }
    let lower = fold(s);
    let shape = shape(s);
    let stem = if matches!(
        shape,
        Shape::Lower | Shape::Title | Shape::Upper | Shape::Other
    ) && lower.len() > 2
    {
        stem_in(&lower, pack, &mut cache.stems)
    } else {
        lower.clone()
    };
    if cache.tokens.len() >= STEM_CACHE_MAX {
        cache.tokens.clear();
    }
    cache
        .tokens
        .insert(s.to_string(), (lower.clone(), stem.clone(), shape));
    Token {
        span,
        lower,
        stem,
        shape,
    }
}

/// The stem of a lowercase word, through a per-thread, per-language cache.
pub fn stem_cached(lower: &str, pack: &LangPack) -> String {
    with_stem_cache(pack, |cache| stem_in(lower, pack, &mut cache.stems))
}

/// The stem of a lowercase word, looked up in (and added to) `cache`.
fn stem_in(lower: &str, pack: &LangPack, cache: &mut HashMap<String, String>) -> String {
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
}

#[cfg(test)]
mod fast_path_tests {
    use super::word_bounds;
    use unicode_segmentation::UnicodeSegmentation;

    fn same(s: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let fast: Vec<(usize, &str)> = word_bounds(s).collect();
        let slow: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
        proptest::prop_assert_eq!(fast, slow, "{:?}", s);
        Ok(())
    }

    #[test]
    fn fixed_cases() {
        for s in [
            "",
            " ",
            "  a",
            "a  ",
            "a b",
            "a \u{301}b",
            "a\u{3000} b",
            "a \u{3000}b",
            "U.S. is 3.14 a  b\n c",
            "l'Italia e  l’UE  ",
            "a \u{200d}b",
            "a \u{ad}b",
        ] {
            same(s).unwrap();
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn word_bounds_match_unicode_segmentation(s in "[ a-zA-Z09.,'’\u{301}\u{200d}\u{ad}\u{3000}\u{2000}\u{200b}\u{1F1E6}\u{1F1E8}\u{5D0}\"_:\n\r\tàÈ«»🙂]{0,40}") {
            same(&s)?;
        }

        #[test]
        fn word_bounds_match_on_any_text(s in "\\PC{0,120}") {
            same(&s)?;
        }
    }
}
