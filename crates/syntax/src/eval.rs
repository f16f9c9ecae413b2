//! Evaluation: gold-tokenisation scoring (UPOS, UFeats, lemma, UAS, LAS,
//! speed) and the CoNLL 2018 shared-task alignment of predicted vs gold
//! tokens/words by character offsets for raw-text mode.

use crate::conllu::{NodeKind, Sentence};
use crate::error::{Error, Result};
use crate::model::{Model, Scratch};
use serde::Serialize;
use std::time::Instant;

/// Scores with gold tokenisation (percentages in 0..=100).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Number of scored words.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// Accuracy of the whole FEATS string.
    pub ufeats: f64,
    /// Lemma accuracy.
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score (universal relation: subtypes ignored).
    pub las: f64,
    /// LAS with full labels (subtypes must match too).
    pub las_full: f64,
    /// Words per second of tagger + lemmatiser + parser (0 when not timed).
    pub words_per_sec: f64,
}

fn universal(d: &str) -> &str {
    d.split(':').next().unwrap_or(d)
}

fn feats_eq(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        if s.is_empty() {
            "_".to_string()
        } else {
            s.to_string()
        }
    };
    norm(a) == norm(b)
}

/// Scores `pred` against `gold`; both must have the same words.
pub fn score(gold: &[Sentence], pred: &[Sentence]) -> Result<Scores> {
    if gold.len() != pred.len() {
        return Err(Error::Invalid(format!(
            "gold has {} sentences, prediction {}",
            gold.len(),
            pred.len()
        )));
    }
    let mut c = [0usize; 6];
    let mut n = 0usize;
    for (si, (g, p)) in gold.iter().zip(pred).enumerate() {
        let gw: Vec<_> = g.words().collect();
        let pw: Vec<_> = p.words().collect();
        if gw.len() != pw.len() {
            return Err(Error::Invalid(format!(
                "sentence {}: word counts differ",
                si + 1
            )));
        }
        for (a, b) in gw.iter().zip(&pw) {
            n += 1;
            c[0] += (a.upos == b.upos) as usize;
            c[1] += feats_eq(&a.feats, &b.feats) as usize;
            c[2] += (a.lemma == b.lemma) as usize;
            if a.head == b.head {
                c[3] += 1;
                c[4] += (universal(&a.deprel) == universal(&b.deprel)) as usize;
                c[5] += (a.deprel == b.deprel) as usize;
            }
        }
    }
    let pc = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    Ok(Scores {
        words: n,
        upos: pc(c[0]),
        ufeats: pc(c[1]),
        lemma: pc(c[2]),
        uas: pc(c[3]),
        las: pc(c[4]),
        las_full: pc(c[5]),
        words_per_sec: 0.0,
    })
}

/// Copies `gold` and fills LEMMA, UPOS, FEATS, HEAD, DEPREL of every word
/// with the model's predictions (XPOS and DEPS set to `_`; multiword lines,
/// empty nodes, comments and MISC kept). Returns the prediction and the
/// words/s of analysis.
pub fn predict_gold_tokenized(model: &Model, gold: &[Sentence]) -> (Vec<Sentence>, f64) {
    let mut out = gold.to_vec();
    let mut sc = Scratch::default();
    let mut secs = 0.0;
    let mut n = 0usize;
    for s in &mut out {
        let forms: Vec<String> = s.words().map(|w| w.form.clone()).collect();
        let refs: Vec<&str> = forms.iter().map(|f| f.as_str()).collect();
        let t = Instant::now();
        let parsed = model.parse_with(&refs, &mut sc);
        secs += t.elapsed().as_secs_f64();
        n += refs.len();
        for (w, p) in s.words_mut().zip(parsed) {
            w.lemma = p.lemma;
            w.upos = p.upos.as_str().to_string();
            w.xpos = "_".into();
            w.feats = p.feats.to_string();
            w.head = p.head.to_string();
            w.deprel = p.deprel.to_string();
            w.deps = "_".into();
        }
    }
    (out, if secs > 0.0 { n as f64 / secs } else { 0.0 })
}

/// Predicts with gold tokenisation and scores against `gold`.
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Result<(Scores, Vec<Sentence>)> {
    let (pred, wps) = predict_gold_tokenized(model, gold);
    let mut s = score(gold, &pred)?;
    s.words_per_sec = wps;
    Ok((s, pred))
}

/// Precision / recall / F1 (percentages).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn new(correct: usize, gold: usize, system: usize) -> Prf {
        let p = if system > 0 {
            correct as f64 / system as f64
        } else {
            0.0
        };
        let r = if gold > 0 {
            correct as f64 / gold as f64
        } else {
            0.0
        };
        let f = if gold + system > 0 {
            2.0 * correct as f64 / (gold + system) as f64
        } else {
            0.0
        };
        Prf {
            precision: 100.0 * p,
            recall: 100.0 * r,
            f1: 100.0 * f,
        }
    }
}

/// CoNLL 2018 shared-task scores of a system analysis of raw text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AlignedScores {
    /// Tokens (spans of multiword tokens or plain words).
    pub tokens: Prf,
    /// Syntactic words.
    pub words: Prf,
    /// UPOS on aligned words.
    pub upos: Prf,
    /// Full FEATS on aligned words.
    pub ufeats: Prf,
    /// Lemma on aligned words.
    pub lemma: Prf,
    /// UAS on aligned words.
    pub uas: Prf,
    /// LAS on aligned words.
    pub las: Prf,
}

struct UdWord {
    start: usize,
    end: usize,
    mw: bool,
    form: String,
    upos: String,
    feats: String,
    lemma: String,
    head: Option<usize>, // global index of the head word, None = root
    deprel: String,
}

struct UdDoc {
    chars: Vec<char>,
    tokens: Vec<(usize, usize)>,
    words: Vec<UdWord>,
}

fn load(sents: &[Sentence]) -> Result<UdDoc> {
    let mut d = UdDoc {
        chars: Vec::new(),
        tokens: Vec::new(),
        words: Vec::new(),
    };
    for (si, s) in sents.iter().enumerate() {
        let base = d.words.len();
        let nw = s.word_count();
        let mut mw_until = 0usize;
        let mut widx = 0usize;
        let mut mw_span = (0, 0);
        for n in &s.nodes {
            match n.kind {
                NodeKind::Empty => {}
                NodeKind::Multiword => {
                    let (a, b) = n.range().ok_or_else(|| {
                        Error::Invalid(format!("sentence {}: bad range {}", si + 1, n.id))
                    })?;
                    let form: String = n.form.split_whitespace().collect();
                    let st = d.chars.len();
                    d.chars.extend(form.chars());
                    mw_span = (st, d.chars.len());
                    d.tokens.push(mw_span);
                    mw_until = b.max(a);
                }
                NodeKind::Word => {
                    widx += 1;
                    let head = match n.head_index() {
                        Some(0) => None,
                        Some(h) if h <= nw => Some(base + h - 1),
                        _ => {
                            return Err(Error::Invalid(format!(
                                "sentence {}: word {} has invalid head {:?}",
                                si + 1,
                                n.id,
                                n.head
                            )))
                        }
                    };
                    let (start, end, mw) = if widx <= mw_until {
                        (mw_span.0, mw_span.1, true)
                    } else {
                        let form: String = n.form.split_whitespace().collect();
                        let st = d.chars.len();
                        d.chars.extend(form.chars());
                        d.tokens.push((st, d.chars.len()));
                        (st, d.chars.len(), false)
                    };
                    d.words.push(UdWord {
                        start,
                        end,
                        mw,
                        form: n.form.to_lowercase(),
                        upos: n.upos.clone(),
                        feats: n.feats.clone(),
                        lemma: n.lemma.clone(),
                        head,
                        deprel: universal(&n.deprel).to_string(),
                    });
                }
            }
        }
    }
    Ok(d)
}

fn spans_correct(g: &[(usize, usize)], s: &[(usize, usize)]) -> usize {
    let (mut i, mut j, mut c) = (0, 0, 0);
    while i < g.len() && j < s.len() {
        if g[i].0 < s[j].0 {
            i += 1;
        } else if s[j].0 < g[i].0 {
            j += 1;
        } else {
            c += (g[i].1 == s[j].1) as usize;
            i += 1;
            j += 1;
        }
    }
    c
}

fn beyond_end(w: &[UdWord], i: usize, end: usize) -> bool {
    match w.get(i) {
        None => true,
        Some(x) if x.mw => x.start >= end,
        Some(x) => x.end > end,
    }
}

fn extend_end(x: &UdWord, end: usize) -> usize {
    if x.mw && x.end > end {
        x.end
    } else {
        end
    }
}

/// Aligned (gold index, system index) pairs, as in conll18_ud_eval.py.
fn align(g: &[UdWord], s: &[UdWord]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut gi, mut si) = (0usize, 0usize);
    while gi < g.len() && si < s.len() {
        if g[gi].mw || s[si].mw {
            let mut end;
            if g[gi].mw {
                end = g[gi].end;
                if !s[si].mw && s[si].start < g[gi].start {
                    si += 1;
                }
            } else {
                end = s[si].end;
                if !g[gi].mw && g[gi].start < s[si].start {
                    gi += 1;
                }
            }
            let (gs, ss) = (gi, si);
            while !beyond_end(g, gi, end) || !beyond_end(s, si, end) {
                if gi < g.len() && (si >= s.len() || g[gi].start <= s[si].start) {
                    end = extend_end(&g[gi], end);
                    gi += 1;
                } else {
                    end = extend_end(&s[si], end);
                    si += 1;
                }
            }
            if gi > gs && si > ss {
                let (ng, ns) = (gi - gs, si - ss);
                let mut lcs = vec![vec![0usize; ns + 1]; ng + 1];
                for a in (0..ng).rev() {
                    for b in (0..ns).rev() {
                        let mut v = if g[gs + a].form == s[ss + b].form {
                            1 + lcs[a + 1][b + 1]
                        } else {
                            0
                        };
                        v = v.max(lcs[a + 1][b]).max(lcs[a][b + 1]);
                        lcs[a][b] = v;
                    }
                }
                let (mut a, mut b) = (0, 0);
                while a < ng && b < ns {
                    if g[gs + a].form == s[ss + b].form {
                        out.push((gs + a, ss + b));
                        a += 1;
                        b += 1;
                    } else if lcs[a][b] == lcs[a + 1][b] {
                        a += 1;
                    } else {
                        b += 1;
                    }
                }
            }
        } else if (g[gi].start, g[gi].end) == (s[si].start, s[si].end) {
            out.push((gi, si));
            gi += 1;
            si += 1;
        } else if g[gi].start <= s[si].start {
            gi += 1;
        } else {
            si += 1;
        }
    }
    out
}

/// CoNLL 2018 evaluation of `system` against `gold` (any tokenisation of
/// the same text; whitespace is ignored when comparing characters).
pub fn score_aligned(gold: &[Sentence], system: &[Sentence]) -> Result<AlignedScores> {
    let g = load(gold)?;
    let s = load(system)?;
    if g.chars != s.chars {
        let i = g
            .chars
            .iter()
            .zip(&s.chars)
            .take_while(|(a, b)| a == b)
            .count();
        let ctx: String = g.chars.iter().skip(i.saturating_sub(10)).take(20).collect();
        return Err(Error::Invalid(format!(
            "gold and system texts differ at character {i} (near {ctx:?})"
        )));
    }
    let al = align(&g.words, &s.words);
    let mut s2g = vec![usize::MAX; s.words.len()];
    for &(a, b) in &al {
        s2g[b] = a;
    }
    let (ng, ns) = (g.words.len(), s.words.len());
    let count = |f: &dyn Fn(&UdWord, &UdWord) -> bool| {
        al.iter()
            .filter(|&&(a, b)| f(&g.words[a], &s.words[b]))
            .count()
    };
    let head_ok = |gw: &UdWord, sw: &UdWord| match (gw.head, sw.head) {
        (None, None) => true,
        (Some(gh), Some(sh)) => s2g[sh] == gh,
        _ => false,
    };
    Ok(AlignedScores {
        tokens: Prf::new(
            spans_correct(&g.tokens, &s.tokens),
            g.tokens.len(),
            s.tokens.len(),
        ),
        words: Prf::new(al.len(), ng, ns),
        upos: Prf::new(count(&|a, b| a.upos == b.upos), ng, ns),
        ufeats: Prf::new(count(&|a, b| feats_eq(&a.feats, &b.feats)), ng, ns),
        lemma: Prf::new(count(&|a, b| a.lemma == b.lemma), ng, ns),
        uas: Prf::new(count(&|a, b| head_ok(a, b)), ng, ns),
        las: Prf::new(count(&|a, b| head_ok(a, b) && a.deprel == b.deprel), ng, ns),
    })
}

/// A naive whitespace-and-punctuation tokenizer, only meant as a baseline
/// for raw-text evaluation (the real pipeline uses its own tokenizer).
/// For Italian, elided forms (`dell'Ucraina`) are split after the apostrophe.
pub fn naive_tokenize(text: &str, lang: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let is_p = |c: char| {
        !c.is_alphanumeric()
            && c != '\''
            && c != '\u{2019}'
            && c != '-'
            && c != '_'
            && c != '@'
            && c != '#'
    };
    for (s, w) in split_ws(text) {
        let cs: Vec<(usize, char)> = w.char_indices().collect();
        let (mut a, mut b) = (0usize, cs.len());
        let mut tail = Vec::new();
        while a < b && is_p(cs[a].1) {
            out.push((s + cs[a].0, s + cs[a].0 + cs[a].1.len_utf8()));
            a += 1;
        }
        while b > a && (is_p(cs[b - 1].1) || (cs[b - 1].1 == '\'' && b - a > 1 && lang != "it")) {
            tail.push((s + cs[b - 1].0, s + cs[b - 1].0 + cs[b - 1].1.len_utf8()));
            b -= 1;
        }
        if a < b {
            let mut st = a;
            if lang == "it" {
                for k in a..b {
                    if (cs[k].1 == '\'' || cs[k].1 == '\u{2019}') && k + 1 < b && k > st {
                        out.push((s + cs[st].0, s + cs[k].0 + cs[k].1.len_utf8()));
                        st = k + 1;
                    }
                }
            }
            let end = if b < cs.len() { cs[b].0 } else { w.len() };
            if st < b {
                out.push((s + cs[st].0, s + end));
            }
        }
        tail.reverse();
        out.extend(tail);
    }
    out
}

fn split_ws(text: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                v.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        v.push((s, &text[s..]));
    }
    v
}
