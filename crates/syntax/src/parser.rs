//! Greedy arc-hybrid transition-based dependency parser with labelled
//! transitions, trained as an averaged perceptron with the dynamic oracle
//! of Goldberg & Nivre (2013) and Zhang & Nivre (2011)-style features.
//!
//! The transition system keeps ROOT at the bottom of the stack and only
//! allows attaching a word to ROOT when the buffer is empty and it is the
//! last word on the stack, so the output is always a single-rooted tree.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::hash::{h2, h3, h4, tpl, Rng};
use crate::linear::{Linear, Trainer};

/// Per-word hashed attributes used by parser features (index 0 = ROOT).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PTok {
    pub(crate) w: u64,
    pub(crate) p: u64,
    /// fine tag: UPOS + FEATS
    pub(crate) f: u64,
    pub(crate) wp: u64,
    pub(crate) m: u64,
    pub(crate) lem: u64,
}

impl PTok {
    pub(crate) fn new(lower: u64, upos: u8, feats: u16, lemma: u64) -> PTok {
        let p = 0x700 + upos as u64;
        PTok {
            w: lower,
            p,
            f: h2(p, 0x9000 + feats as u64),
            wp: h2(lower, p),
            m: 0x9000 + feats as u64,
            lem: lemma,
        }
    }
    pub(crate) fn root() -> PTok {
        PTok {
            w: 0x2007,
            p: 0x2007,
            f: 0x2007,
            wp: 0x2007,
            m: 0x2007,
            lem: 0x2007,
        }
    }
}

const NONE: usize = usize::MAX;
const NA: PTok = PTok {
    w: 0xdead,
    p: 0xdead,
    f: 0xdead,
    wp: 0xdead,
    m: 0xdead,
    lem: 0xdead,
};

/// Parser configuration (stack, buffer, partial tree).
#[derive(Default)]
pub(crate) struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    pub(crate) head: Vec<usize>,
    pub(crate) label: Vec<u16>,
    lc1: Vec<usize>,
    lc2: Vec<usize>,
    rc1: Vec<usize>,
    rc2: Vec<usize>,
    nl: Vec<u16>,
    nr: Vec<u16>,
    lset: Vec<u128>,
    rset: Vec<u128>,
    in_stack: Vec<bool>,
}

impl State {
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        let m = n + 1;
        for v in [
            &mut self.head,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(m, NONE);
        }
        self.label.clear();
        self.label.resize(m, u16::MAX);
        self.nl.clear();
        self.nl.resize(m, 0);
        self.nr.clear();
        self.nr.resize(m, 0);
        self.lset.clear();
        self.lset.resize(m, 0);
        self.rset.clear();
        self.rset.resize(m, 0);
        self.in_stack.clear();
        self.in_stack.resize(m, false);
        self.in_stack[0] = true;
    }
    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() <= 1
    }
    fn s(&self, k: usize) -> usize {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }
    fn bf(&self, k: usize) -> usize {
        let i = self.b + k;
        if i <= self.n {
            i
        } else {
            NONE
        }
    }
    fn attach(&mut self, h: usize, d: usize, l: u16) {
        self.head[d] = h;
        self.label[d] = l;
        let bit = 1u128 << (l as u32 % 128);
        if d < h {
            self.lc2[h] = self.lc1[h];
            self.lc1[h] = d;
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            self.rc2[h] = self.rc1[h];
            self.rc1[h] = d;
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }
    /// Applies a (valid) transition.
    fn apply(&mut self, t: Trans) {
        match t {
            Trans::Shift => {
                self.stack.push(self.b);
                self.in_stack[self.b] = true;
                self.b += 1;
            }
            Trans::Left(l) => {
                if let Some(d) = self.stack.pop() {
                    self.in_stack[d] = false;
                    self.attach(self.b, d, l);
                }
            }
            Trans::Right(l) => {
                if let Some(d) = self.stack.pop() {
                    self.in_stack[d] = false;
                    let h = self.s(0);
                    self.attach(h, d, l);
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trans {
    Shift,
    Left(u16),
    Right(u16),
}

/// Which transitions are valid: (shift, left, right, right-is-root).
fn validity(st: &State) -> (bool, bool, bool, bool) {
    let shift = st.b <= st.n;
    let s0 = st.s(0);
    let left = shift && s0 != NONE && s0 != 0;
    let s1 = st.s(1);
    let right = s1 != NONE && (s1 != 0 || st.b > st.n);
    (shift, left, right, s1 == 0)
}

const T: [u64; 128] = {
    let mut a = [0u64; 128];
    let mut i = 0;
    while i < 128 {
        a[i] = tpl(i as u64 + 9000);
        i += 1;
    }
    a
};

fn dist_bucket(a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return 99;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

fn features(st: &State, toks: &[PTok], out: &mut Vec<u64>) {
    out.clear();
    let tk = |i: usize| -> PTok {
        if i == NONE {
            NA
        } else {
            toks.get(i).copied().unwrap_or(NA)
        }
    };
    let lab = |i: usize| -> u64 {
        if i == NONE {
            0xdead
        } else {
            st.label.get(i).map(|&l| l as u64).unwrap_or(0xdead)
        }
    };
    let ch = |v: &Vec<usize>, i: usize| -> usize {
        if i == NONE {
            NONE
        } else {
            v.get(i).copied().unwrap_or(NONE)
        }
    };
    let val = |v: &Vec<u16>, i: usize| -> u64 {
        if i == NONE {
            0xdead
        } else {
            v.get(i).map(|&x| x as u64).unwrap_or(0xdead)
        }
    };
    let set = |v: &Vec<u128>, i: usize| -> u64 {
        if i == NONE {
            0xdead
        } else {
            v.get(i)
                .map(|&x| h2((x >> 64) as u64, x as u64))
                .unwrap_or(0xdead)
        }
    };
    let (s0i, s1i, s2i) = (st.s(0), st.s(1), st.s(2));
    let (b0i, b1i, b2i) = (st.bf(0), st.bf(1), st.bf(2));
    let (s0, s1, s2, b0, b1, b2) = (tk(s0i), tk(s1i), tk(s2i), tk(b0i), tk(b1i), tk(b2i));
    let s0l1i = ch(&st.lc1, s0i);
    let s0l2i = ch(&st.lc2, s0i);
    let s0r1i = ch(&st.rc1, s0i);
    let s0r2i = ch(&st.rc2, s0i);
    let s1r1i = ch(&st.rc1, s1i);
    let s1l1i = ch(&st.lc1, s1i);
    let b0l1i = ch(&st.lc1, b0i);
    let b0l2i = ch(&st.lc2, b0i);
    let (s0l1, s0l2, s0r1, s0r2, s1r1, b0l1, b0l2) = (
        tk(s0l1i),
        tk(s0l2i),
        tk(s0r1i),
        tk(s0r2i),
        tk(s1r1i),
        tk(b0l1i),
        tk(b0l2i),
    );
    let d = dist_bucket(s0i, b0i);
    let d1 = dist_bucket(s1i, s0i);
    out.extend_from_slice(&[
        h2(T[1], s0.w),
        h2(T[2], s0.p),
        h2(T[3], s0.wp),
        h2(T[4], s1.w),
        h2(T[5], s1.p),
        h2(T[6], s1.wp),
        h2(T[7], b0.w),
        h2(T[8], b0.p),
        h2(T[9], b0.wp),
        h2(T[10], b1.w),
        h2(T[11], b1.p),
        h2(T[12], b1.wp),
        h2(T[13], b2.w),
        h2(T[14], b2.p),
        h2(T[15], s2.p),
        h2(T[16], s2.w),
        h3(T[17], s0.wp, b0.wp),
        h3(T[18], s0.wp, b0.w),
        h3(T[19], s0.w, b0.wp),
        h3(T[20], s0.wp, b0.p),
        h3(T[21], s0.p, b0.wp),
        h3(T[22], s0.w, b0.w),
        h3(T[23], s0.p, b0.p),
        h3(T[24], b0.p, b1.p),
        h3(T[25], s1.w, s0.w),
        h3(T[26], s1.p, s0.p),
        h3(T[27], s1.wp, s0.p),
        h3(T[28], s1.p, s0.wp),
        h4(T[29], b0.p, b1.p, b2.p),
        h4(T[30], s0.p, b0.p, b1.p),
        h4(T[31], s1.p, s0.p, b0.p),
        h4(T[32], s0.p, s0l1.p, b0.p),
        h4(T[33], s0.p, s0r1.p, b0.p),
        h4(T[34], s0.p, b0.p, b0l1.p),
        h4(T[35], s2.p, s1.p, s0.p),
        h4(T[36], s1.p, s1r1.p, s0.p),
        h4(T[37], s1.p, s0.p, s0l1.p),
        h4(T[38], s1.p, s0.p, s0r1.p),
        h3(T[39], s0.w, d),
        h3(T[40], s0.p, d),
        h3(T[41], b0.w, d),
        h3(T[42], b0.p, d),
        h4(T[43], s0.w, b0.w, d),
        h4(T[44], s0.p, b0.p, d),
        h4(T[45], s1.p, s0.p, d1),
        h3(T[46], s1.w, d1),
        h3(T[47], s0.w, val(&st.nr, s0i)),
        h3(T[48], s0.p, val(&st.nr, s0i)),
        h3(T[49], s0.w, val(&st.nl, s0i)),
        h3(T[50], s0.p, val(&st.nl, s0i)),
        h3(T[51], b0.w, val(&st.nl, b0i)),
        h3(T[52], b0.p, val(&st.nl, b0i)),
        h3(T[53], s1.p, val(&st.nr, s1i)),
        h3(T[54], s1.p, val(&st.nl, s1i)),
        h2(T[55], s0l1.w),
        h2(T[56], s0l1.p),
        h2(T[57], lab(s0l1i)),
        h2(T[58], s0r1.w),
        h2(T[59], s0r1.p),
        h2(T[60], lab(s0r1i)),
        h2(T[61], b0l1.w),
        h2(T[62], b0l1.p),
        h2(T[63], lab(b0l1i)),
        h2(T[64], s1r1.w),
        h2(T[65], s1r1.p),
        h2(T[66], lab(s1r1i)),
        h2(T[67], lab(s1l1i)),
        h2(T[68], s0l2.w),
        h2(T[69], s0l2.p),
        h2(T[70], lab(s0l2i)),
        h2(T[71], s0r2.w),
        h2(T[72], s0r2.p),
        h2(T[73], lab(s0r2i)),
        h2(T[74], b0l2.w),
        h2(T[75], b0l2.p),
        h2(T[76], lab(b0l2i)),
        h4(T[77], s0.p, s0l1.p, s0l2.p),
        h4(T[78], s0.p, s0r1.p, s0r2.p),
        h4(T[79], b0.p, b0l1.p, b0l2.p),
        h3(T[80], s0.w, set(&st.rset, s0i)),
        h3(T[81], s0.p, set(&st.rset, s0i)),
        h3(T[82], s0.w, set(&st.lset, s0i)),
        h3(T[83], s0.p, set(&st.lset, s0i)),
        h3(T[84], b0.w, set(&st.lset, b0i)),
        h3(T[85], b0.p, set(&st.lset, b0i)),
        h3(T[86], s1.p, set(&st.rset, s1i)),
        h3(T[87], s1.p, set(&st.lset, s1i)),
        h2(T[88], s0.m),
        h2(T[89], b0.m),
        h2(T[90], s1.m),
        h3(T[91], s0.m, b0.m),
        h4(T[92], s0.p, s0.m, b0.p),
        h4(T[93], s0.p, b0.p, b0.m),
        h3(T[94], s1.m, s0.p),
        h2(T[95], s0.lem),
        h2(T[96], b0.lem),
        h2(T[97], s1.lem),
        h3(T[98], s0.lem, b0.lem),
        h3(T[99], s0.lem, b0.p),
        h3(T[100], s0.p, b0.lem),
        h3(T[101], s1.lem, s0.lem),
        h4(T[102], s0.p, lab(s0l1i), lab(s0r1i)),
        h4(T[103], s1.p, s0.p, b1.p),
        h3(T[104], b0.p, b1.w),
        h4(T[105], s0.p, b0.p, (b1i == NONE) as u64),
        h2(T[106], s0.f),
        h2(T[107], b0.f),
        h2(T[108], s1.f),
        h2(T[109], b1.f),
        h3(T[110], s0.f, b0.f),
        h3(T[111], s1.f, s0.f),
        h4(T[112], s1.f, s0.f, b0.f),
        h4(T[113], s0.f, b0.f, b1.f),
        h3(T[114], s0.w, b0.f),
        h3(T[115], s0.f, b0.w),
    ]);
}

/// Trained parser.
pub(crate) struct Parser {
    pub(crate) labels: Vec<String>,
    root: u16,
    model: Linear,
}

/// Scratch buffers reused across sentences.
#[derive(Default)]
pub(crate) struct ParseScratch {
    st: State,
    feats: Vec<u64>,
    scores: Vec<i32>,
    scores64: Vec<i64>,
    costs: Vec<i32>,
}

/// A parser training sentence: tokens (index 0 = ROOT), gold heads and
/// label ids (index 0 unused), projectivised.
pub(crate) struct ParseSent {
    pub(crate) toks: Vec<PTok>,
    pub(crate) head: Vec<usize>,
    pub(crate) label: Vec<u16>,
}

/// Parser training options.
#[derive(Clone, Debug)]
pub(crate) struct ParseOptions {
    pub(crate) epochs: usize,
    pub(crate) seed: u64,
    pub(crate) prune: f64,
    pub(crate) explore_from: usize,
    pub(crate) explore_p: f64,
    pub(crate) auto_prune_tolerance: f64,
}

fn decode(c: usize, nl: usize) -> Trans {
    if c == 0 {
        Trans::Shift
    } else if c <= nl {
        Trans::Left((c - 1) as u16)
    } else {
        Trans::Right((c - 1 - nl) as u16)
    }
}

fn is_valid(c: usize, nl: usize, v: (bool, bool, bool, bool), root: u16) -> bool {
    match decode(c, nl) {
        Trans::Shift => v.0,
        Trans::Left(l) => v.1 && l != root,
        Trans::Right(l) => v.2 && ((l == root) == v.3),
    }
}

/// Projectivises a tree by lifting non-projective arcs (shortest first).
pub(crate) fn projectivise(head: &mut [usize]) {
    let n = head.len().saturating_sub(1);
    for _round in 0..(n * 2 + 2) {
        let mut worst: Option<(usize, usize)> = None; // (span, dep)
        for d in 1..=n {
            let h = head[d];
            if h == 0 {
                continue;
            }
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let mut proj = true;
            for k in a + 1..b {
                // is k dominated by h?
                let mut x = k;
                let mut steps = 0;
                while x != h && x != 0 && steps <= n {
                    x = head[x];
                    steps += 1;
                }
                if x != h {
                    proj = false;
                    break;
                }
            }
            if !proj && worst.is_none_or(|(s, _)| b - a < s) {
                worst = Some((b - a, d));
            }
        }
        match worst {
            Some((_, d)) => head[d] = head[head[d]],
            None => return,
        }
    }
}

/// Is `head` (index 0 unused) a tree with exactly one root?
pub(crate) fn is_tree(head: &[usize]) -> bool {
    let n = head.len().saturating_sub(1);
    let mut roots = 0;
    for d in 1..=n {
        let h = head[d];
        if h > n || h == d {
            return false;
        }
        if h == 0 {
            roots += 1;
        }
        let mut x = d;
        let mut steps = 0;
        while x != 0 {
            x = head[x];
            steps += 1;
            if steps > n {
                return false;
            }
        }
    }
    roots == 1
}

impl Parser {
    /// Parses one sentence of `toks.len() - 1` words (toks[0] = ROOT).
    /// Fills `sc.st.head` / `sc.st.label` (index 1..=n).
    pub(crate) fn parse<'a>(&self, toks: &[PTok], sc: &'a mut ParseScratch) -> &'a State {
        let n = toks.len().saturating_sub(1);
        let nl = self.labels.len();
        let nc = 1 + 2 * nl;
        sc.st.reset(n);
        sc.scores.resize(nc, 0);
        while !sc.st.terminal() {
            let v = validity(&sc.st);
            features(&sc.st, toks, &mut sc.feats);
            sc.scores.fill(0);
            self.model.score(&sc.feats, &mut sc.scores);
            let mut best = NONE;
            let mut bs = i32::MIN;
            for c in 0..nc {
                if is_valid(c, nl, v, self.root) && (best == NONE || sc.scores[c] > bs) {
                    best = c;
                    bs = sc.scores[c];
                }
            }
            if best == NONE {
                // cannot happen for a well-formed state; fall back safely
                if v.0 {
                    best = 0;
                } else if v.2 {
                    best = 1 + nl + self.root as usize;
                } else {
                    break;
                }
            }
            sc.st.apply(decode(best, nl));
        }
        // safety net: any unattached word goes to the root word (or ROOT)
        let root_word = (1..=n).find(|&d| sc.st.head[d] == 0);
        for d in 1..=n {
            if sc.st.head[d] == NONE || sc.st.head[d] > n {
                match root_word {
                    Some(r) if r != d => {
                        sc.st.head[d] = r;
                        sc.st.label[d] = 0;
                    }
                    _ => {
                        sc.st.head[d] = 0;
                        sc.st.label[d] = self.root;
                    }
                }
            }
        }
        &sc.st
    }

    /// Label string of a label id (`dep` if out of range).
    pub(crate) fn label(&self, l: u16) -> &str {
        self.labels
            .get(l as usize)
            .map(|s| s.as_str())
            .unwrap_or("dep")
    }

    /// Trains the parser; with dev data keeps the epoch with best dev LAS
    /// (label ids compared exactly, i.e. with subtypes).
    pub(crate) fn train(
        train: &[ParseSent],
        dev: &[ParseSent],
        labels: &[String],
        opts: &ParseOptions,
        log: &mut dyn FnMut(String),
    ) -> Parser {
        let nl = labels.len();
        let nc = 1 + 2 * nl;
        let root = labels.iter().position(|l| l == "root").unwrap_or(0) as u16;
        let mut tr = Trainer::new(nc);
        let mut rng = Rng::new(opts.seed ^ 0x9a25e);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut sc = ParseScratch::default();
        sc.scores64.resize(nc, 0);
        sc.costs.resize(nc, 0);
        let mut best: Option<(f64, Linear)> = None;
        let mut children: Vec<Vec<usize>> = Vec::new();
        for ep in 0..opts.epochs {
            rng.shuffle(&mut order);
            let (mut upd, mut steps) = (0usize, 0usize);
            for &si in &order {
                let s = &train[si];
                let n = s.toks.len() - 1;
                children.clear();
                children.resize(n + 1, Vec::new());
                for d in 1..=n {
                    children[s.head[d]].push(d);
                }
                sc.st.reset(n);
                while !sc.st.terminal() {
                    let v = validity(&sc.st);
                    features(&sc.st, &s.toks, &mut sc.feats);
                    sc.scores64.fill(0);
                    tr.score(&sc.feats, &mut sc.scores64);
                    // costs
                    let st = &sc.st;
                    let s0 = st.s(0);
                    let s1 = st.s(1);
                    let b0 = st.b;
                    let ch_in_buf =
                        |x: usize| children[x].iter().filter(|&&k| k >= b0).count() as i32;
                    let c_shift = if v.0 {
                        let mut c = 0;
                        let h = s.head[b0];
                        if st.in_stack[h] && h != s0 {
                            c += 1;
                        }
                        c += children[b0]
                            .iter()
                            .filter(|&&k| k < b0 && st.in_stack[k])
                            .count() as i32;
                        c
                    } else {
                        0
                    };
                    let (c_left, c_right) = if s0 != NONE && s0 != 0 {
                        let h = s.head[s0];
                        let cb = ch_in_buf(s0);
                        let cl = cb
                            + ((h != b0 && (h == s1 || (h > b0 && h != NONE && b0 <= st.n)))
                                as i32);
                        let cr = cb + ((h != s1 && h >= b0) as i32);
                        (cl, cr)
                    } else {
                        (0, 0)
                    };
                    let mut pred = NONE;
                    let mut ps = i64::MIN;
                    let mut gold = NONE;
                    let mut gs = i64::MIN;
                    let mut minc = i32::MAX;
                    for c in 0..nc {
                        if !is_valid(c, nl, v, root) {
                            sc.costs[c] = i32::MAX;
                            continue;
                        }
                        let cost = match decode(c, nl) {
                            Trans::Shift => c_shift,
                            Trans::Left(l) => {
                                c_left + (s.head[s0] == b0 && s.label[s0] != l) as i32
                            }
                            Trans::Right(l) => {
                                c_right + (s.head[s0] == s1 && s.label[s0] != l) as i32
                            }
                        };
                        sc.costs[c] = cost;
                        minc = minc.min(cost);
                        if pred == NONE || sc.scores64[c] > ps {
                            pred = c;
                            ps = sc.scores64[c];
                        }
                    }
                    if pred == NONE {
                        break;
                    }
                    for c in 0..nc {
                        if sc.costs[c] == minc && (gold == NONE || sc.scores64[c] > gs) {
                            gold = c;
                            gs = sc.scores64[c];
                        }
                    }
                    if sc.costs[pred] > minc {
                        tr.update(&sc.feats, gold, pred);
                        upd += 1;
                    }
                    steps += 1;
                    tr.tick();
                    let follow = if ep >= opts.explore_from && rng.unit() < opts.explore_p {
                        pred
                    } else {
                        gold
                    };
                    sc.st.apply(decode(follow, nl));
                }
            }
            let p = Parser {
                labels: labels.to_vec(),
                root,
                model: tr.finish(opts.prune),
            };
            let (u, l) = p.dev_scores(dev);
            log(format!(
                "  parser epoch {}: train err {:.2}% dev UAS {:.2} LAS(full labels) {:.2} weights {}",
                ep + 1,
                100.0 * upd as f64 / steps.max(1) as f64,
                100.0 * u,
                100.0 * l,
                p.model.n_weights()
            ));
            let score = if dev.is_empty() { ep as f64 } else { l };
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, p.model));
            }
        }
        let mut p = Parser {
            labels: labels.to_vec(),
            root,
            model: best.map(|b| b.1).unwrap_or_else(|| tr.finish(opts.prune)),
        };
        if !dev.is_empty() && opts.auto_prune_tolerance > 0.0 {
            let (_, base) = p.dev_scores(dev);
            let mut chosen = 0i16;
            for q in [100i16, 200, 300, 400, 500, 600, 800, 1000, 1300] {
                let cand = Parser {
                    labels: labels.to_vec(),
                    root,
                    model: p.model.pruned(q),
                };
                let (_, l) = cand.dev_scores(dev);
                log(format!(
                    "  prune {q}: dev LAS(full) {:.2} weights {}",
                    100.0 * l,
                    cand.model.n_weights()
                ));
                if 100.0 * (base - l) <= opts.auto_prune_tolerance {
                    chosen = q;
                } else {
                    break;
                }
            }
            if chosen > 0 {
                p.model = p.model.pruned(chosen);
            }
            log(format!("  parser pruning threshold chosen: {chosen}"));
        }
        p
    }

    /// (UAS, LAS with full labels) on dev trees, as fractions.
    fn dev_scores(&self, dev: &[ParseSent]) -> (f64, f64) {
        let (mut uas, mut las, mut tot) = (0usize, 0usize, 0usize);
        let mut sc = ParseScratch::default();
        for s in dev {
            let st = self.parse(&s.toks, &mut sc);
            for d in 1..s.toks.len() {
                tot += 1;
                if st.head[d] == s.head[d] {
                    uas += 1;
                    if st.label[d] == s.label[d] {
                        las += 1;
                    }
                }
            }
        }
        (
            uas as f64 / tot.max(1) as f64,
            las as f64 / tot.max(1) as f64,
        )
    }

    pub(crate) fn n_weights(&self) -> usize {
        self.model.n_weights()
    }

    pub(crate) fn prune(&mut self, min_q: i16) {
        if min_q > 1 {
            self.model = self.model.pruned(min_q);
        }
    }

    pub(crate) fn n_rows(&self) -> usize {
        self.model.n_rows()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        w.u16(self.root);
        self.model.write(w);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let labels = r.strs()?;
        let root = r.u16()?;
        let model = Linear::read(r)?;
        if labels.is_empty()
            || root as usize >= labels.len()
            || model.n_classes() != 1 + 2 * labels.len()
        {
            return Err(Error::Format("inconsistent parser".into()));
        }
        Ok(Parser {
            labels,
            root,
            model,
        })
    }
}
