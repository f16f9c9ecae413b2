//! The learned NER tagger: a left-to-right BILOU tagger (averaged perceptron, the one of the
//! syntax stage) over the analysis tokens of a sentence, greedy or with a beam search
//! trained on whole sentences (early updates, Collins and Roark 2004); several models trained
//! at different seeds can be averaged into one (`bag`).
//!
//! The dictionaries and rules are features, so the knowledge already written is kept: each
//! token carries the label the rule-based finder gave it (its mention's kind, class and
//! BILOU position: `U-Person-PER`, `B-Unknown-ORG`), with the same for its neighbours, beside
//! the word, its stem, shape and affixes, the neighbouring words, the pack's lists (given
//! names, organisation and place words…) for the word and its neighbours, the classes the rules
//! gave the word anywhere in the document, whether the document also writes it in lowercase,
//! and the two labels before.
//! Decoding keeps the BILOU sequence well formed (an entity opened is closed).
//!
//! File format (`models/<lang>/ner.model`): the magic line `VEDETTA-NER1\n` (greedy) or
//! `VEDETTA-NER2\n` and one byte, the beam width; a u32 little-endian length and that many
//! bytes of UTF-8 provenance text, then the perceptron ([`Perceptron::to_bytes`]).

use vedetta_model::{NerClass, Shape, Span, Token};
use vedetta_syntax::perceptron::{feature_hash, Perceptron, PerceptronTrainer, Shuffler};

const MAGIC: &[u8] = b"VEDETTA-NER1\n";
/// The header of a model decoded with a beam: one more byte, the beam width, follows it.
const MAGIC_BEAM: &[u8] = b"VEDETTA-NER2\n";

/// Bit of [`SentenceInput::lists`]: a given name.
pub const LIST_GIVEN: u8 = 1;
/// Bit of [`SentenceInput::lists`]: an organisation word.
pub const LIST_ORG: u8 = 2;

/// Number of labels: `O` and B, I, L, U of PER, ORG, LOC.
pub const N_LABELS: usize = 13;

/// Errors reading a NER model.
#[derive(Debug, thiserror::Error)]
pub enum NerModelError {
    /// Not a NER model file.
    #[error("not a vedetta NER model (no VEDETTA-NER1 header)")]
    Magic,
    /// Truncated or malformed.
    #[error("malformed NER model: {0}")]
    Format(String),
}

/// BILOU position of a label.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pos {
    B,
    I,
    L,
    U,
}

fn class_index(c: NerClass) -> usize {
    match c {
        NerClass::Per => 0,
        NerClass::Org => 1,
        NerClass::Loc => 2,
    }
}

const CLASSES: [NerClass; 3] = [NerClass::Per, NerClass::Org, NerClass::Loc];

fn label(pos: Pos, c: NerClass) -> usize {
    1 + 4 * class_index(c)
        + match pos {
            Pos::B => 0,
            Pos::I => 1,
            Pos::L => 2,
            Pos::U => 3,
        }
}

fn unlabel(l: usize) -> Option<(Pos, NerClass)> {
    if l == 0 || l >= N_LABELS {
        return None;
    }
    let c = CLASSES[(l - 1) / 4];
    let pos = [Pos::B, Pos::I, Pos::L, Pos::U][(l - 1) % 4];
    Some((pos, c))
}

/// Whether label `l` may follow `prev` at token `i` of `n`.
fn allowed(prev: usize, l: usize, i: usize, n: usize) -> bool {
    let open = matches!(unlabel(prev), Some((Pos::B | Pos::I, _)));
    let last = i + 1 == n;
    match unlabel(l) {
        None => !open,
        Some((Pos::B, _)) => !open && !last,
        Some((Pos::U, _)) => !open,
        Some((Pos::I, c)) => open && unlabel(prev).map(|x| x.1) == Some(c) && !last,
        Some((Pos::L, c)) => open && unlabel(prev).map(|x| x.1) == Some(c),
    }
}

/// Token labels (one per token) to entities as (first, end, class) token ranges.
fn entities(labels: &[usize]) -> Vec<(usize, usize, NerClass)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &l) in labels.iter().enumerate() {
        match unlabel(l) {
            Some((Pos::U, c)) => out.push((i, i + 1, c)),
            Some((Pos::B, _)) => start = Some(i),
            Some((Pos::L, c)) => {
                if let Some(s) = start.take() {
                    out.push((s, i + 1, c));
                }
            }
            Some((Pos::I, _)) => {}
            None => start = None,
        }
    }
    out
}

/// What the tagger sees of one sentence: its tokens and, per token, the rule-based label
/// and list flags (filled by the mention finder).
pub struct SentenceInput<'a> {
    /// The document text.
    pub text: &'a str,
    /// The sentence's tokens.
    pub tokens: &'a [Token],
    /// Per token: the rule-based finder's label (`B-Person-PER`, `O`).
    pub rule: Vec<String>,
    /// Per token: the document also writes this word in lowercase.
    pub lower_seen: Vec<bool>,
    /// Per token: membership in the pack's lists, one bit each (given names
    /// [`LIST_GIVEN`], organisation words [`LIST_ORG`], place words, place cues, function
    /// words, organisation prefixes, connectors).
    pub lists: Vec<u8>,
    /// Per token: the classes the rules gave this word anywhere in the document (bits: PER,
    /// ORG, LOC).
    pub doc_classes: Vec<u8>,
}

#[inline]
fn mix(t: u64, v: u64) -> u64 {
    let mut z = t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ v;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Lower => "x",
        Shape::Title => "Xx",
        Shape::Upper => "XX",
        Shape::Initial => "X",
        Shape::Number => "d",
        Shape::Punct => ".",
        Shape::Other => "?",
    }
}

fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn suffix(s: &str, n: usize) -> &str {
    let c = s.chars().count();
    if c <= n {
        return s;
    }
    let (i, _) = s.char_indices().nth(c - n).expect("in range");
    &s[i..]
}

/// Per-token hashes computed once per sentence.
struct TokenHashes {
    lower: Vec<u64>,
    form: Vec<u64>,
    shape: Vec<u64>,
    affix: Vec<[u64; 5]>,
    rule: Vec<u64>,
    rule_class: Vec<u64>,
    /// Collapsed character classes of the form (`Xx-Xx`, `XXd`).
    long_shape: Vec<u64>,
    stem: Vec<u64>,
}

/// The form's character classes, runs collapsed: `Berners-Lee` → `Xx-Xx`, `G8` → `Xd`.
fn long_shape(form: &str) -> String {
    let mut out = String::new();
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !out.ends_with(k) {
            out.push(k);
        }
    }
    out
}

impl TokenHashes {
    fn new(s: &SentenceInput) -> Self {
        let n = s.tokens.len();
        let mut h = TokenHashes {
            lower: Vec::with_capacity(n),
            form: Vec::with_capacity(n),
            shape: Vec::with_capacity(n),
            affix: Vec::with_capacity(n),
            rule: Vec::with_capacity(n),
            rule_class: Vec::with_capacity(n),
            long_shape: Vec::with_capacity(n),
            stem: Vec::with_capacity(n),
        };
        for (i, t) in s.tokens.iter().enumerate() {
            let l = t.lower.as_str();
            h.lower.push(feature_hash(l));
            h.stem.push(feature_hash(&t.stem));
            let form = s.text.get(t.span.start..t.span.end).unwrap_or(l);
            h.form.push(feature_hash(form));
            h.long_shape.push(feature_hash(&long_shape(form)));
            h.shape.push(feature_hash(shape_name(t.shape)));
            h.affix.push([
                feature_hash(prefix(l, 2)),
                feature_hash(prefix(l, 3)),
                feature_hash(suffix(l, 2)),
                feature_hash(suffix(l, 3)),
                feature_hash(suffix(l, 4)),
            ]);
            let r = s.rule.get(i).map(String::as_str).unwrap_or("O");
            h.rule.push(feature_hash(r));
            // Position and class only (`B-PER`): the kind dropped.
            let rc = match (r.split('-').next(), r.rsplit('-').next()) {
                (Some(p), Some(c)) if r != "O" => format!("{p}-{c}"),
                _ => "O".to_string(),
            };
            h.rule_class.push(feature_hash(&rc));
        }
        h
    }
}

const BOS: u64 = 0x5eed_0001;
const EOS: u64 = 0x5eed_0002;

/// Features of token `i` given the two labels before: [`token_features`] then
/// [`label_features`].
fn features(
    s: &SentenceInput,
    h: &TokenHashes,
    i: usize,
    p1: usize,
    p2: usize,
    out: &mut Vec<u64>,
) {
    out.clear();
    token_features(s, h, i, out);
    label_features(h, i, p1, p2, out);
}

/// The features of token `i` that depend on the labels before, appended to `out`.
fn label_features(h: &TokenHashes, i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
    previous_label_features(h, i, p1, out);
    out.push(label_pair_feature(p1, p2));
}

/// The feature of the two labels before.
fn label_pair_feature(p1: usize, p2: usize) -> u64 {
    mix(29, mix(p1 as u64, p2 as u64))
}

/// The features of token `i` that depend on the label before (and not the one before it),
/// appended to `out`.
fn previous_label_features(h: &TokenHashes, i: usize, p1: usize, out: &mut Vec<u64>) {
    let prev = if i >= 1 { h.lower[i - 1] } else { BOS };
    out.push(mix(28, p1 as u64));
    out.push(mix(30, mix(p1 as u64, h.lower[i])));
    out.push(mix(31, mix(p1 as u64, h.shape[i])));
    out.push(mix(34, mix(p1 as u64, h.rule_class[i])));
    out.push(mix(39, mix(p1 as u64, prev)));
}

/// The features of token `i` that do not depend on the labels before, appended to `out`.
fn token_features(s: &SentenceInput, h: &TokenHashes, i: usize, out: &mut Vec<u64>) {
    let n = s.tokens.len();
    let at = |v: &Vec<u64>, j: isize| -> u64 {
        if j < 0 {
            BOS
        } else if j as usize >= n {
            EOS
        } else {
            v[j as usize]
        }
    };
    let ii = i as isize;
    let first = (i == 0) as u64;
    out.push(mix(1, 0));
    out.push(mix(2, h.lower[i]));
    out.push(mix(3, h.form[i]));
    out.push(mix(4, h.shape[i]));
    out.push(mix(5, mix(h.shape[i], first)));
    for (k, a) in h.affix[i].iter().enumerate() {
        out.push(mix(6 + k as u64, *a));
    }
    out.push(mix(11, at(&h.lower, ii - 1)));
    out.push(mix(12, at(&h.lower, ii + 1)));
    out.push(mix(13, at(&h.lower, ii - 2)));
    out.push(mix(14, at(&h.lower, ii + 2)));
    out.push(mix(15, at(&h.shape, ii - 1)));
    out.push(mix(16, at(&h.shape, ii + 1)));
    out.push(mix(
        17,
        mix(mix(at(&h.shape, ii - 1), h.shape[i]), at(&h.shape, ii + 1)),
    ));
    out.push(mix(18, h.rule[i]));
    out.push(mix(19, h.rule_class[i]));
    out.push(mix(20, at(&h.rule, ii - 1)));
    out.push(mix(21, at(&h.rule, ii + 1)));
    out.push(mix(22, mix(h.rule_class[i], h.shape[i])));
    let flag = |v: &Vec<bool>, j: isize| -> u64 {
        if j < 0 || j as usize >= n {
            2
        } else {
            v[j as usize] as u64
        }
    };
    // Given name (bit 0) and organisation word (bit 1) of the lists, on their own.
    let bit = |j: isize, b: u8| -> u64 {
        if j < 0 || j as usize >= n {
            2
        } else {
            (s.lists[j as usize] & b != 0) as u64
        }
    };
    out.push(mix(23, bit(ii, LIST_GIVEN)));
    out.push(mix(24, bit(ii - 1, LIST_GIVEN)));
    out.push(mix(25, bit(ii, LIST_ORG)));
    out.push(mix(26, mix(bit(ii - 1, LIST_ORG), bit(ii + 1, LIST_ORG))));
    out.push(mix(27, mix(flag(&s.lower_seen, ii), h.shape[i])));
    out.push(mix(32, mix(at(&h.lower, ii - 1), h.lower[i])));
    out.push(mix(33, mix(h.lower[i], at(&h.lower, ii + 1))));
    out.push(mix(35, h.long_shape[i]));
    out.push(mix(36, mix(at(&h.lower, ii - 1), at(&h.lower, ii + 1))));
    out.push(mix(37, at(&h.rule, ii - 2)));
    out.push(mix(38, at(&h.rule, ii + 2)));
    out.push(mix(40, mix(at(&h.shape, ii + 1), at(&h.lower, ii + 1))));
    out.push(mix(41, mix(first, flag(&s.lower_seen, ii))));
    let next_suffix = if i + 1 < n { h.affix[i + 1][3] } else { EOS };
    out.push(mix(42, next_suffix));
    let byte = |v: &Vec<u8>, j: isize| -> u64 {
        if j < 0 || j as usize >= n {
            256
        } else {
            v[j as usize] as u64
        }
    };
    out.push(mix(43, byte(&s.lists, ii)));
    out.push(mix(44, mix(byte(&s.lists, ii - 1), h.shape[i])));
    out.push(mix(45, byte(&s.lists, ii + 1)));
    out.push(mix(46, mix(byte(&s.doc_classes, ii), h.shape[i])));
    out.push(mix(47, mix(byte(&s.doc_classes, ii), h.rule_class[i])));
    out.push(mix(48, h.stem[i]));
    out.push(mix(49, at(&h.stem, ii - 1)));
}

/// The best allowed label from `scores`.
fn best<T: PartialOrd + Copy>(scores: &[T], prev: usize, i: usize, n: usize) -> usize {
    let mut b = 0usize;
    let mut first = true;
    for (l, &s) in scores.iter().enumerate() {
        if !allowed(prev, l, i, n) {
            continue;
        }
        if first || s > scores[b] {
            b = l;
            first = false;
        }
    }
    b
}

/// One hypothesis of the beam at a token: its label, the hypothesis it extends (index in
/// the beam of the token before), its score and whether its labels so far are the gold ones.
#[derive(Clone, Copy)]
struct Hyp {
    label: usize,
    parent: usize,
    score: i64,
    gold: bool,
}

/// The labels of hypothesis `k` of the last beam in `steps`, first token first.
fn backtrack(steps: &[Vec<Hyp>], mut k: usize) -> Vec<usize> {
    let mut out = vec![0; steps.len()];
    for (i, beam) in steps.iter().enumerate().rev() {
        out[i] = beam[k].label;
        k = beam[k].parent;
    }
    out
}

/// The two labels before token `j` of `labels` (0, `O`, before the sentence).
fn history(labels: &[usize], j: usize) -> (usize, usize) {
    let p1 = if j >= 1 { labels[j - 1] } else { 0 };
    let p2 = if j >= 2 { labels[j - 2] } else { 0 };
    (p1, p2)
}

/// Beam search over well-formed BILOU labellings of a sentence, `width` hypotheses wide,
/// with class scores from `score`. Ties go to the earlier hypothesis, then the lower label,
/// so the search is deterministic, and a width of 1 is the greedy tagger.
///
/// With `gold`, the search stops at the first token where no hypothesis is a prefix of the
/// gold labels (the early update of Collins and Roark) and returns the best hypothesis so
/// far, shorter than the sentence.
fn beam_search(
    s: &SentenceInput,
    h: &TokenHashes,
    width: usize,
    score: &mut dyn FnMut(&[u64], &mut Vec<i64>),
    gold: Option<&[usize]>,
) -> Vec<usize> {
    let n = s.tokens.len();
    let width = width.max(1);
    let mut steps: Vec<Vec<Hyp>> = Vec::with_capacity(n);
    let mut feats = Vec::with_capacity(64);
    let mut scores = Vec::with_capacity(N_LABELS);
    // Class scores per label before, and per pair of labels before, at this token:
    // hypotheses often share them.
    let mut by_p1: Vec<(usize, [i64; N_LABELS])> = Vec::new();
    let mut by_pair: Vec<((usize, usize), [i64; N_LABELS])> = Vec::new();
    // The best `width` extensions, best first: ties go to the earlier hypothesis, then the
    // lower label (they come in that order, so only a strictly better one is put before).
    let mut top: Vec<(i64, usize, usize)> = Vec::with_capacity(width + 1);
    let mut base = Vec::with_capacity(N_LABELS);
    let start = [Hyp {
        label: 0,
        parent: 0,
        score: 0,
        gold: true,
    }];
    let add = |row: &mut [i64; N_LABELS], x: &[i64]| {
        for (r, v) in row.iter_mut().zip(x) {
            *r += v;
        }
    };
    for i in 0..n {
        by_p1.clear();
        by_pair.clear();
        top.clear();
        // Scores are sums over features: the label-free ones are scored once per token.
        feats.clear();
        token_features(s, h, i, &mut feats);
        score(&feats, &mut base);
        let prev: &[Hyp] = steps.last().map_or(&start[..], |b| &b[..]);
        for (hi, hyp) in prev.iter().enumerate() {
            let (p1, p2) = if i == 0 {
                (0, 0)
            } else if i == 1 {
                (hyp.label, 0)
            } else {
                (hyp.label, steps[i - 2][hyp.parent].label)
            };
            let c = match by_pair.iter().position(|(k, _)| *k == (p1, p2)) {
                Some(c) => c,
                None => {
                    let r = match by_p1.iter().position(|(k, _)| *k == p1) {
                        Some(r) => r,
                        None => {
                            feats.clear();
                            previous_label_features(h, i, p1, &mut feats);
                            score(&feats, &mut scores);
                            let mut row = [0i64; N_LABELS];
                            add(&mut row, &base);
                            add(&mut row, &scores);
                            by_p1.push((p1, row));
                            by_p1.len() - 1
                        }
                    };
                    score(&[label_pair_feature(p1, p2)], &mut scores);
                    let mut row = by_p1[r].1;
                    add(&mut row, &scores);
                    by_pair.push(((p1, p2), row));
                    by_pair.len() - 1
                }
            };
            for (l, &x) in by_pair[c].1.iter().enumerate() {
                if !allowed(p1, l, i, n) {
                    continue;
                }
                let sc = hyp.score + x;
                if top.len() == width && top.last().is_some_and(|w| w.0 >= sc) {
                    continue;
                }
                let at = top.iter().position(|t| t.0 < sc).unwrap_or(top.len());
                top.insert(at, (sc, hi, l));
                top.truncate(width);
            }
        }
        let beam: Vec<Hyp> = top
            .iter()
            .map(|&(score, hi, l)| Hyp {
                label: l,
                parent: hi,
                score,
                gold: prev[hi].gold && gold.is_some_and(|g| g[i] == l),
            })
            .collect();
        let lost = gold.is_some() && !beam.iter().any(|b| b.gold);
        steps.push(beam);
        if lost {
            break;
        }
    }
    if steps.is_empty() {
        return Vec::new();
    }
    backtrack(&steps, 0)
}

/// A trained NER model.
pub struct NerModel {
    weights: Perceptron,
    /// Beam width of decoding (1: greedy).
    beam: usize,
    /// Provenance text stored in the file (training command, data, scores).
    pub provenance: String,
}

impl NerModel {
    /// Reads a model file's bytes.
    pub fn from_bytes(b: &[u8]) -> Result<Self, NerModelError> {
        let (beam, rest) = match b.strip_prefix(MAGIC) {
            Some(rest) => (1, rest),
            None => {
                let rest = b.strip_prefix(MAGIC_BEAM).ok_or(NerModelError::Magic)?;
                match rest.split_first() {
                    Some((&w, rest)) if w >= 1 => (w as usize, rest),
                    _ => return Err(NerModelError::Format("no beam width".into())),
                }
            }
        };
        let len = rest
            .get(..4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]) as usize)
            .ok_or_else(|| NerModelError::Format("truncated header".into()))?;
        let text = rest
            .get(4..4 + len)
            .ok_or_else(|| NerModelError::Format("truncated provenance".into()))?;
        let provenance = String::from_utf8(text.to_vec())
            .map_err(|_| NerModelError::Format("provenance is not UTF-8".into()))?;
        let weights = Perceptron::from_bytes(&rest[4 + len..])
            .map_err(|e| NerModelError::Format(e.to_string()))?;
        if weights.n_classes() != N_LABELS {
            return Err(NerModelError::Format(format!(
                "{} labels, expected {N_LABELS}",
                weights.n_classes()
            )));
        }
        Ok(NerModel {
            weights,
            beam,
            provenance,
        })
    }

    /// The model as file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = if self.beam <= 1 {
            MAGIC.to_vec()
        } else {
            let mut m = MAGIC_BEAM.to_vec();
            m.push(self.beam.min(255) as u8);
            m
        };
        out.extend_from_slice(&(self.provenance.len() as u32).to_le_bytes());
        out.extend_from_slice(self.provenance.as_bytes());
        out.extend_from_slice(&self.weights.to_bytes());
        out
    }

    /// Number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.weights.n_weights()
    }

    /// Tags a sentence: entities as (first, end, class) token ranges of the sentence.
    pub fn tag(&self, s: &SentenceInput) -> Vec<(usize, usize, NerClass)> {
        let n = s.tokens.len();
        let h = TokenHashes::new(s);
        if self.beam > 1 {
            let mut q = Vec::with_capacity(N_LABELS);
            let labels = beam_search(
                s,
                &h,
                self.beam,
                &mut |f, sc| {
                    self.weights.scores(f, &mut q);
                    sc.clear();
                    sc.extend(q.iter().map(|&x| x as i64));
                },
                None,
            );
            return entities(&labels);
        }
        let mut labels = Vec::with_capacity(n);
        let mut feats = Vec::with_capacity(40);
        let mut scores = Vec::with_capacity(N_LABELS);
        let (mut p1, mut p2) = (0usize, 0usize);
        for i in 0..n {
            features(s, &h, i, p1, p2, &mut feats);
            self.weights.scores(&feats, &mut scores);
            let l = best(&scores, p1, i, n);
            labels.push(l);
            p2 = p1;
            p1 = l;
        }
        entities(&labels)
    }
}

/// One training sentence: what the tagger sees and the gold entities, with a weight (the
/// chance it is used in an epoch: 1 for gold, less for silver data).
pub struct TrainSentence<'a> {
    /// The input.
    pub input: SentenceInput<'a>,
    /// Gold label per token.
    pub gold: Vec<usize>,
    /// Chance of being used in an epoch.
    pub weight: f64,
}

/// Gold token labels of a sentence from gold byte spans: the tokens inside an entity's span
/// take its B/I/L (or U) labels.
pub fn gold_labels(tokens: &[Token], gold: &[(Span, NerClass)]) -> Vec<usize> {
    let mut out = vec![0usize; tokens.len()];
    for (sp, c) in gold {
        let inside: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens[i].span.start >= sp.start && tokens[i].span.end <= sp.end)
            .collect();
        match inside.as_slice() {
            [] => {}
            [one] => out[*one] = label(Pos::U, *c),
            [first, .., last] => {
                for &i in &inside {
                    out[i] = label(Pos::I, *c);
                }
                out[*first] = label(Pos::B, *c);
                out[*last] = label(Pos::L, *c);
            }
        }
    }
    out
}

/// Training options.
#[derive(Clone, Debug)]
pub struct NerTrainOptions {
    /// Seed of the shuffles and of silver sampling.
    pub seed: u64,
    /// Passes over the data.
    pub epochs: usize,
    /// Averaged weights below this (absolute, in update units) are dropped: a smaller model
    /// that stays in cache.
    pub prune: f64,
    /// Beam width. 1: the greedy tagger, trained token by token on the gold history; more: a
    /// beam search, trained on whole sentences with early updates, and the model decodes
    /// with the same width.
    pub beam: usize,
    /// Models trained side by side at seeds `seed`, `seed + 1`, …, whose averaged weights
    /// are averaged into one model (1: a single model).
    pub bag: usize,
}

impl Default for NerTrainOptions {
    fn default() -> Self {
        NerTrainOptions {
            seed: 1,
            epochs: 8,
            prune: 0.0,
            beam: 1,
            bag: 1,
        }
    }
}

/// One model being trained: its weights, shuffler and order of the sentences.
struct Member {
    t: PerceptronTrainer,
    rng: Shuffler,
    order: Vec<usize>,
}

/// One pass of `m` over the sentences.
fn train_epoch(m: &mut Member, sents: &[TrainSentence], hashes: &[TokenHashes], beam: usize) {
    let mut feats = Vec::with_capacity(64);
    let mut scores = Vec::with_capacity(N_LABELS);
    let Member { t, rng, order } = m;
    rng.shuffle(order);
    for &k in order.iter() {
        let s = &sents[k];
        if s.weight < 1.0 && rng.unit() >= s.weight {
            continue;
        }
        let n = s.input.tokens.len();
        if beam > 1 {
            let pred = beam_search(
                &s.input,
                &hashes[k],
                beam,
                &mut |f, sc| t.scores(f, sc),
                Some(&s.gold),
            );
            // The histories agree before the first differing label; from there on the
            // gold prefix's features are promoted and the prediction's demoted.
            if let Some(d) = (0..pred.len()).find(|&j| pred[j] != s.gold[j]) {
                for j in d..pred.len() {
                    let (g1, g2) = history(&s.gold, j);
                    features(&s.input, &hashes[k], j, g1, g2, &mut feats);
                    t.adjust(&feats, s.gold[j], 1);
                    let (q1, q2) = history(&pred, j);
                    features(&s.input, &hashes[k], j, q1, q2, &mut feats);
                    t.adjust(&feats, pred[j], -1);
                }
            }
            t.tick();
            continue;
        }
        let (mut p1, mut p2) = (0usize, 0usize);
        for i in 0..n {
            features(&s.input, &hashes[k], i, p1, p2, &mut feats);
            t.scores(&feats, &mut scores);
            let pred = best(&scores, p1, i, n);
            let gold = s.gold[i];
            t.update(&feats, gold, pred);
            t.tick();
            // Follow the gold history when it is well formed (it is unless the gold
            // spans overlap or break tokens), else the prediction.
            let next = if allowed(p1, gold, i, n) { gold } else { pred };
            p2 = p1;
            p1 = next;
        }
    }
}

/// Trains a model; after each epoch `after_epoch(epoch, &model)` is called with the averaged
/// model so far and returns a dev score; the model of the best-scoring epoch is returned
/// with its epoch (1-based). With `opts.bag` above 1, that many models are trained side by
/// side at seeds `seed`, `seed + 1`, … and the model of each epoch is the mean of their
/// averaged weights.
pub fn train(
    sents: &[TrainSentence],
    opts: &NerTrainOptions,
    provenance: &str,
    after_epoch: &mut dyn FnMut(usize, &NerModel) -> f64,
) -> (NerModel, usize) {
    let hashes: Vec<TokenHashes> = sents.iter().map(|s| TokenHashes::new(&s.input)).collect();
    let mut members: Vec<Member> = (0..opts.bag.max(1) as u64)
        .map(|i| Member {
            t: PerceptronTrainer::new(N_LABELS),
            rng: Shuffler::new(opts.seed.wrapping_add(i)),
            order: (0..sents.len()).collect(),
        })
        .collect();
    let mut best_model: Option<(NerModel, usize, f64)> = None;
    for epoch in 1..=opts.epochs.max(1) {
        for m in members.iter_mut() {
            train_epoch(m, sents, &hashes, opts.beam);
        }
        let trainers: Vec<&PerceptronTrainer> = members.iter().map(|m| &m.t).collect();
        let model = NerModel {
            weights: PerceptronTrainer::finish_mean(&trainers, opts.prune),
            beam: opts.beam.max(1),
            provenance: provenance.to_string(),
        };
        let score = after_epoch(epoch, &model);
        if best_model.as_ref().is_none_or(|b| score > b.2) {
            best_model = Some((model, epoch, score));
        }
    }
    let (m, e, _) = best_model.expect("at least one epoch");
    (m, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, s: usize, e: usize) -> Token {
        let w = &text[s..e];
        let shape = if w.chars().next().is_some_and(char::is_uppercase) {
            Shape::Title
        } else {
            Shape::Lower
        };
        Token {
            span: Span::new(s, e),
            lower: w.to_lowercase(),
            stem: w.to_lowercase(),
            shape,
        }
    }

    fn tokens(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c == ' ', start) {
                (true, Some(s)) => {
                    out.push(tok(text, s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        out
    }

    fn input<'a>(text: &'a str, toks: &'a [Token]) -> SentenceInput<'a> {
        SentenceInput {
            text,
            tokens: toks,
            rule: vec!["O".into(); toks.len()],
            lower_seen: vec![false; toks.len()],
            lists: vec![0; toks.len()],
            doc_classes: vec![0; toks.len()],
        }
    }

    #[test]
    fn decoding_keeps_bilou_well_formed() {
        // Scores that prefer B-PER everywhere still give closed entities.
        let n = 3;
        let scores = {
            let mut s = vec![0i32; N_LABELS];
            s[label(Pos::B, NerClass::Per)] = 10;
            s[label(Pos::I, NerClass::Org)] = 5;
            s[label(Pos::L, NerClass::Per)] = 3;
            s
        };
        let mut labels = Vec::new();
        let mut p = 0;
        for i in 0..n {
            let l = best(&scores, p, i, n);
            labels.push(l);
            p = l;
        }
        assert_eq!(
            labels,
            vec![
                label(Pos::B, NerClass::Per),
                label(Pos::L, NerClass::Per),
                0
            ]
        );
        assert_eq!(entities(&labels), vec![(0, 2, NerClass::Per)]);
    }

    #[test]
    fn gold_spans_become_bilou_labels() {
        let text = "ieri Mario Rossi a Roma";
        let t = tokens(text);
        let g = gold_labels(
            &t,
            &[
                (Span::new(5, 16), NerClass::Per),
                (Span::new(19, 23), NerClass::Loc),
            ],
        );
        assert_eq!(
            g,
            vec![
                0,
                label(Pos::B, NerClass::Per),
                label(Pos::L, NerClass::Per),
                0,
                label(Pos::U, NerClass::Loc)
            ]
        );
        assert_eq!(
            entities(&g),
            vec![(1, 3, NerClass::Per), (4, 5, NerClass::Loc)]
        );
    }

    #[test]
    fn beam_search_finds_what_greedy_decoding_misses() {
        // Scores by label history: after O, B-PER scores 10 and U-ORG 9; after B-PER, the
        // only closing label L-PER scores -50. Greedy takes B-PER and must pay for it; a beam
        // of 2 keeps U-ORG and wins.
        let text = "Rossi Bianchi";
        let t = tokens(text);
        let s = input(text, &t);
        let h = TokenHashes::new(&s);
        let b_per = label(Pos::B, NerClass::Per);
        let u_org = label(Pos::U, NerClass::Org);
        let l_per = label(Pos::L, NerClass::Per);
        let p1_feat = |p1: usize| mix(28, p1 as u64);
        let mut score = |f: &[u64], sc: &mut Vec<i64>| {
            sc.clear();
            sc.resize(N_LABELS, 0);
            if f.contains(&p1_feat(0)) {
                sc[b_per] = 10;
                sc[u_org] = 9;
            }
            if f.contains(&p1_feat(b_per)) {
                sc[l_per] = -50;
            }
        };
        let greedy = beam_search(&s, &h, 1, &mut score, None);
        assert_eq!(greedy, vec![b_per, l_per]);
        let beam = beam_search(&s, &h, 2, &mut score, None);
        assert_eq!(beam, vec![u_org, 0]);
        // With gold, the search stops where the gold labelling leaves the beam.
        let gold = [0, 0];
        let early = beam_search(&s, &h, 1, &mut score, Some(&gold));
        assert_eq!(early, vec![b_per]);
    }

    #[test]
    fn beam_models_store_their_width_and_bags_average() {
        let (greedy, _) = tiny_model(1, 1);
        assert!(greedy.to_bytes().starts_with(MAGIC));
        let (beam, _) = tiny_model(4, 1);
        let b = beam.to_bytes();
        assert!(b.starts_with(MAGIC_BEAM));
        assert_eq!(b[MAGIC_BEAM.len()], 4);
        let back = NerModel::from_bytes(&b).unwrap();
        assert_eq!(back.beam, 4);
        assert_eq!(back.to_bytes(), b);
        let mut no_width = MAGIC_BEAM.to_vec();
        no_width.push(0);
        assert!(NerModel::from_bytes(&no_width).is_err());
        // A bag of two differs from either member alone, and training is deterministic.
        let (bag, _) = tiny_model(1, 2);
        assert_ne!(bag.to_bytes(), greedy.to_bytes());
        assert_eq!(tiny_model(1, 2).0.to_bytes(), bag.to_bytes());
    }

    /// A model trained on four sentences, with the epochs the callback saw.
    fn tiny_model(beam: usize, bag: usize) -> (NerModel, Vec<usize>) {
        let texts = [
            (
                "il ministro Rossi ha parlato",
                vec![(Span::new(12, 17), NerClass::Per)],
            ),
            (
                "il ministro Bianchi ha parlato",
                vec![(Span::new(12, 19), NerClass::Per)],
            ),
            (
                "siamo arrivati a Torino ieri",
                vec![(Span::new(17, 23), NerClass::Loc)],
            ),
            (
                "siamo arrivati a Milano ieri",
                vec![(Span::new(17, 23), NerClass::Loc)],
            ),
        ];
        let toks: Vec<Vec<Token>> = texts.iter().map(|(t, _)| tokens(t)).collect();
        let sents: Vec<TrainSentence> = texts
            .iter()
            .zip(&toks)
            .map(|((text, gold), t)| TrainSentence {
                input: input(text, t),
                gold: gold_labels(t, gold),
                weight: 1.0,
            })
            .collect();
        let mut epochs = Vec::new();
        let (m, _) = train(
            &sents,
            &NerTrainOptions {
                seed: 1,
                epochs: 5,
                prune: 0.0,
                beam,
                bag,
            },
            "test",
            &mut |e, _| {
                epochs.push(e);
                e as f64
            },
        );
        (m, epochs)
    }

    #[test]
    fn learns_names_from_context_and_round_trips() {
        for (beam, bag) in [(1, 1), (4, 1), (1, 3)] {
            let (m, epochs) = tiny_model(beam, bag);
            assert_eq!(epochs, vec![1, 2, 3, 4, 5]);
            check_tiny_model(&m);
        }
    }

    fn check_tiny_model(m: &NerModel) {
        let text = "il ministro Verdi ha parlato";
        let t = tokens(text);
        assert_eq!(m.tag(&input(text, &t)), vec![(2, 3, NerClass::Per)]);
        let text = "siamo arrivati a Napoli ieri";
        let t = tokens(text);
        assert_eq!(m.tag(&input(text, &t)), vec![(3, 4, NerClass::Loc)]);
        let b = m.to_bytes();
        let m2 = NerModel::from_bytes(&b).unwrap();
        assert_eq!(m2.to_bytes(), b);
        assert_eq!(m2.provenance, "test");
        assert!(matches!(
            NerModel::from_bytes(b"nope"),
            Err(NerModelError::Magic)
        ));
        assert!(NerModel::from_bytes(&b[..b.len() - 3]).is_err());
    }
}
