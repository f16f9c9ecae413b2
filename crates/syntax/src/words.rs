//! Splitting of tokens into UD syntactic words (`della` → `di la`,
//! `darglielo` → `dar glie lo`, `don't` → `do n't`).
//!
//! All knowledge is data learned from the multiword-token lines of the
//! training treebanks and stored in the model: a full-form table for
//! contractions, plus suffix rules (verb + clitic clusters, `'s`, `n't`)
//! that generalise to unseen stems, guarded by a frequency threshold, a
//! precision threshold and a minimum stem length.

use crate::codec::{Reader, Writer};
use crate::conllu::{NodeKind, Sentence};
use crate::error::{Error, Result};
use rustc_hash::{FxHashMap, FxHashSet};

/// A syntactic word produced by [`Splitter::split`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitWord {
    /// Surface form of the word (`di`, `la`, `n't`).
    pub form: String,
    /// Byte offset of the start of the word's span in the text.
    pub start: usize,
    /// Byte offset of the end (exclusive) of the word's span.
    pub end: usize,
    /// Index of the input token the word came from.
    pub token: usize,
    /// True when the token was split into two or more words (a CoNLL-U
    /// multiword token `a-b` line should be written for the token).
    pub multiword: bool,
}

/// Thresholds used when learning a [`Splitter`].
#[derive(Debug, Clone)]
pub struct SplitterOptions {
    /// Minimum count of a suffix rule's best split.
    pub min_rule_count: usize,
    /// Minimum precision of a suffix rule over all tokens with that suffix.
    pub min_rule_precision: f64,
    /// Minimum length (chars) of the stem left by a suffix rule.
    pub min_stem: usize,
    /// Minimum share of a form's occurrences that are multiword for the
    /// full-form table.
    pub min_full_share: f64,
}

impl Default for SplitterOptions {
    fn default() -> Self {
        SplitterOptions {
            min_rule_count: 2,
            min_rule_precision: 0.75,
            min_stem: 3,
            min_full_share: 0.5,
        }
    }
}

/// Learned token → words splitter for one language.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Splitter {
    /// lowercase form → lowercase words
    full: FxHashMap<String, Vec<String>>,
    /// lowercase suffix → clitic words split off after the stem
    rules: FxHashMap<String, Vec<String>>,
    /// plain forms that a rule would wrongly split
    keep: FxHashSet<String>,
    min_stem: usize,
    max_suffix: usize,
}

fn norm(s: &str) -> String {
    s.to_lowercase().replace(['\u{2019}', '\u{2018}', '`'], "'")
}

fn norm_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '`' => '\'',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

impl Splitter {
    /// Learns a splitter from treebank sentences (multiword token lines).
    pub fn learn(sents: &[Sentence], opts: &SplitterOptions) -> Splitter {
        let mut mwt: FxHashMap<String, FxHashMap<Vec<String>, usize>> = FxHashMap::default();
        let mut plain: FxHashMap<String, usize> = FxHashMap::default();
        for s in sents {
            let mut skip_until = 0usize;
            let mut widx = 0usize;
            let words: Vec<&str> = s.words().map(|w| w.form.as_str()).collect();
            for n in &s.nodes {
                match n.kind {
                    NodeKind::Multiword => {
                        if let Some((a, b)) = n.range() {
                            if a >= 1 && b >= a && b <= words.len() {
                                let ws: Vec<String> =
                                    words[a - 1..b].iter().map(|w| norm(w)).collect();
                                *mwt.entry(norm(&n.form)).or_default().entry(ws).or_default() += 1;
                                skip_until = b;
                            }
                        }
                    }
                    NodeKind::Word => {
                        widx += 1;
                        if widx > skip_until {
                            *plain.entry(norm(&n.form)).or_default() += 1;
                        }
                    }
                    NodeKind::Empty => {}
                }
            }
        }
        let mut full = FxHashMap::default();
        // candidate suffix rules: suffix -> (clitics -> count)
        let mut cand: FxHashMap<String, FxHashMap<Vec<String>, usize>> = FxHashMap::default();
        let mut mwt_keys: Vec<&String> = mwt.keys().collect();
        mwt_keys.sort();
        for form in mwt_keys {
            let an = &mwt[form];
            let total: usize = an.values().sum();
            let p = plain.get(form).copied().unwrap_or(0);
            let mut best: Vec<(&Vec<String>, usize)> = an.iter().map(|(k, &v)| (k, v)).collect();
            best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let (bw, bc) = best[0];
            if bw.len() >= 2
                && (bc as f64) / ((total + p) as f64) >= opts.min_full_share
                && (bc >= 2 || p == 0)
            {
                full.insert(form.clone(), bw.clone());
            }
            for (ws, &c) in an {
                if ws.len() < 2 || ws.concat() != *form {
                    continue;
                }
                let stem: Vec<char> = ws[0].chars().collect();
                if stem.is_empty() {
                    continue;
                }
                let cl: String = ws[1..].concat();
                for k in 0..=2usize.min(stem.len() - 1) {
                    let ctx: String = stem[stem.len() - k..].iter().collect();
                    let key = format!("{ctx}{cl}");
                    *cand
                        .entry(key)
                        .or_default()
                        .entry(ws[1..].to_vec())
                        .or_default() += c;
                }
            }
        }
        // tokens (plain or multiword) ending with each candidate suffix
        let max_suffix = cand.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        let mut occ: FxHashMap<String, usize> = FxHashMap::default();
        let count_form = |f: &str, c: usize, occ: &mut FxHashMap<String, usize>| {
            let idx: Vec<usize> = f.char_indices().map(|(i, _)| i).collect();
            let n = idx.len();
            for j in 1..=max_suffix.min(n) {
                let suf = &f[idx[n - j]..];
                if n > j && cand.contains_key(suf) {
                    *occ.entry(suf.to_string()).or_default() += c;
                }
            }
        };
        for (f, &c) in &plain {
            count_form(f, c, &mut occ);
        }
        for (f, an) in &mwt {
            count_form(f, an.values().sum(), &mut occ);
        }
        let mut rules = FxHashMap::default();
        for (suf, an) in &cand {
            let mut best: Vec<(&Vec<String>, usize)> = an.iter().map(|(k, &v)| (k, v)).collect();
            best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let (bw, bc) = best[0];
            let tot = occ.get(suf.as_str()).copied().unwrap_or(0).max(bc);
            if bc >= opts.min_rule_count && (bc as f64) / (tot as f64) >= opts.min_rule_precision {
                rules.insert(suf.clone(), bw.clone());
            }
        }
        let mut sp = Splitter {
            full,
            rules,
            keep: FxHashSet::default(),
            min_stem: opts.min_stem,
            max_suffix,
        };
        sp.max_suffix = sp
            .rules
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0);
        // plain forms a rule would split wrongly
        let mut keep = FxHashSet::default();
        for (f, &c) in &plain {
            let m: usize = mwt.get(f).map(|a| a.values().sum()).unwrap_or(0);
            if c > m && sp.rule_split(f).is_some() {
                keep.insert(f.clone());
            }
        }
        sp.keep = keep;
        sp
    }

    /// Number of full-form entries and of suffix rules.
    pub fn sizes(&self) -> (usize, usize) {
        (self.full.len(), self.rules.len())
    }

    fn rule_split(&self, lower: &str) -> Option<Vec<String>> {
        let idx: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        let n = idx.len();
        for j in (1..=self.max_suffix.min(n)).rev() {
            let suf = &lower[idx[n - j]..];
            if let Some(cl) = self.rules.get(suf) {
                let cl_chars: usize = cl.iter().map(|c| c.chars().count()).sum();
                if cl_chars >= n || n - cl_chars < self.min_stem {
                    continue;
                }
                let stem_end = idx[n - cl_chars];
                let mut out = vec![lower[..stem_end].to_string()];
                out.extend(cl.iter().cloned());
                return Some(out);
            }
        }
        None
    }

    /// The lowercase words of one token, or `None` when it is one word.
    pub fn analyse(&self, token: &str) -> Option<Vec<String>> {
        let lower = norm(token);
        if let Some(ws) = self.full.get(&lower) {
            return Some(ws.clone());
        }
        if self.keep.contains(&lower) {
            return None;
        }
        self.rule_split(&lower)
    }

    /// Splits tokens (byte spans into `text`) into syntactic words.
    ///
    /// Errors when a span is out of bounds, reversed or not on UTF-8
    /// character boundaries. Empty spans give no word.
    pub fn split(&self, text: &str, tokens: &[(usize, usize)]) -> Result<Vec<SplitWord>> {
        let mut out = Vec::with_capacity(tokens.len() + 4);
        for (ti, &(s, e)) in tokens.iter().enumerate() {
            let tok = text.get(s..e).ok_or_else(|| {
                Error::Invalid(format!(
                    "token {ti}: span {s}..{e} is not a valid range of the text"
                ))
            })?;
            if tok.is_empty() {
                continue;
            }
            match self.analyse(tok) {
                None => out.push(SplitWord {
                    form: tok.to_string(),
                    start: s,
                    end: e,
                    token: ti,
                    multiword: false,
                }),
                Some(ws) => place(tok, s, ti, &ws, &mut out),
            }
        }
        Ok(out)
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        let mut full: Vec<(&String, &Vec<String>)> = self.full.iter().collect();
        full.sort();
        w.len(full.len());
        for (k, v) in full {
            w.str(k);
            w.strs(v);
        }
        let mut rules: Vec<(&String, &Vec<String>)> = self.rules.iter().collect();
        rules.sort();
        w.len(rules.len());
        for (k, v) in rules {
            w.str(k);
            w.strs(v);
        }
        let mut keep: Vec<String> = self.keep.iter().cloned().collect();
        keep.sort();
        w.strs(&keep);
        w.len(self.min_stem);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let mut full = FxHashMap::default();
        for _ in 0..r.len(8)? {
            let k = r.str()?;
            full.insert(k, r.strs()?);
        }
        let mut rules = FxHashMap::default();
        for _ in 0..r.len(8)? {
            let k = r.str()?;
            rules.insert(k, r.strs()?);
        }
        let keep = r.strs()?.into_iter().collect();
        let min_stem = r.u32()? as usize;
        let max_suffix = rules
            .keys()
            .map(|k: &String| k.chars().count())
            .max()
            .unwrap_or(0);
        Ok(Splitter {
            full,
            rules,
            keep,
            min_stem,
            max_suffix,
        })
    }
}

/// Does `word` (lowercase) match the token chars starting at char index `p`?
fn matches_at(tc: &[(usize, char)], p: usize, word: &[char]) -> bool {
    if p + word.len() > tc.len() {
        return false;
    }
    word.iter()
        .enumerate()
        .all(|(j, &w)| norm_char(tc[p + j].1) == norm_char(w))
}

fn recase(tok: &str, word: &str, first: bool) -> String {
    let letters: Vec<char> = tok.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return word.to_uppercase();
    }
    if first && tok.chars().next().is_some_and(|c| c.is_uppercase()) {
        let mut cs = word.chars();
        return match cs.next() {
            Some(c) => c.to_uppercase().chain(cs).collect(),
            None => String::new(),
        };
    }
    word.to_string()
}

fn place(tok: &str, base: usize, ti: usize, ws: &[String], out: &mut Vec<SplitWord>) {
    let tc: Vec<(usize, char)> = tok.char_indices().collect();
    let wc: Vec<Vec<char>> = ws.iter().map(|w| w.chars().collect()).collect();
    let byte = |ci: usize| tc.get(ci).map(|x| x.0).unwrap_or(tok.len());
    // spans in char indices; None = not literal
    let mut spans: Vec<Option<(usize, usize)>> = vec![None; ws.len()];
    let mut l = 0usize; // next char from the left
    let mut li = 0usize; // next word from the left
    while li < ws.len() && !wc[li].is_empty() && matches_at(&tc, l, &wc[li]) {
        spans[li] = Some((l, l + wc[li].len()));
        l += wc[li].len();
        li += 1;
    }
    let mut r = tc.len();
    let mut ri = ws.len();
    while ri > li {
        let w = &wc[ri - 1];
        if w.is_empty() || w.len() > r - l || !matches_at(&tc, r - w.len(), w) {
            break;
        }
        spans[ri - 1] = Some((r - w.len(), r));
        r -= w.len();
        ri -= 1;
    }
    if ri - li == 1 && r > l {
        spans[li] = Some((l, r));
        // a non-literal middle word keeps its learned form (recased)
        let f = recase(tok, &ws[li], li == 0);
        for (k, sp) in spans.iter().enumerate() {
            let (a, b) = sp.unwrap_or((0, tc.len()));
            let form = if k == li {
                f.clone()
            } else {
                tok[byte(a)..byte(b)].to_string()
            };
            out.push(SplitWord {
                form,
                start: base + byte(a),
                end: base + byte(b),
                token: ti,
                multiword: true,
            });
        }
        return;
    }
    for (k, sp) in spans.iter().enumerate() {
        let (form, a, b) = match sp {
            Some((a, b)) => (tok[byte(*a)..byte(*b)].to_string(), byte(*a), byte(*b)),
            None => (recase(tok, &ws[k], k == 0), 0, tok.len()),
        };
        out.push(SplitWord {
            form,
            start: base + a,
            end: base + b,
            token: ti,
            multiword: true,
        });
    }
}
