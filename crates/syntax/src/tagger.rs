//! Greedy left-to-right averaged-perceptron tagger: UPOS first, then the
//! full FEATS string as a second classifier conditioned on predicted UPOS.
//! Both use a tag dictionary learned from training data.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::hash::{h2, h3, hash_str, tpl, Rng};
use crate::linear::{KeyMap, Linear, Trainer};
use rustc_hash::FxHashMap;

/// Hashed lexical properties of one word, computed once per sentence.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordInfo {
    pub(crate) form: u64,
    pub(crate) lower: u64,
    pub(crate) suf: [u64; 4],
    pub(crate) pre: [u64; 3],
    pub(crate) shape: u64,
    pub(crate) flags: u64,
}

const BOS: WordInfo = WordInfo {
    form: 0xb05,
    lower: 0xb05,
    suf: [0xb05; 4],
    pre: [0xb05; 3],
    shape: 0xb05,
    flags: 0xb05,
};
const EOS: WordInfo = WordInfo {
    form: 0xe05,
    lower: 0xe05,
    suf: [0xe05; 4],
    pre: [0xe05; 3],
    shape: 0xe05,
    flags: 0xe05,
};

impl WordInfo {
    pub(crate) fn new(form: &str) -> WordInfo {
        let lower = form.to_lowercase();
        let idx: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        let n = idx.len();
        let mut suf = [0u64; 4];
        let mut pre = [0u64; 3];
        for k in 1..=4 {
            let st = if n >= k { idx[n - k] } else { 0 };
            suf[k - 1] = hash_str(&lower[st..]);
        }
        for k in 1..=3 {
            let en = if n > k { idx[k] } else { lower.len() };
            pre[k - 1] = hash_str(&lower[..en]);
        }
        let mut shape = String::with_capacity(8);
        let mut last = ' ';
        let mut flags = 0u64;
        let mut letters = 0;
        let mut uppers = 0;
        for (i, c) in form.chars().enumerate() {
            let s = if c.is_uppercase() {
                uppers += 1;
                letters += 1;
                if i == 0 {
                    flags |= 4;
                }
                'X'
            } else if c.is_alphabetic() {
                letters += 1;
                'x'
            } else if c.is_ascii_digit() {
                flags |= 1;
                'd'
            } else {
                if c == '-' {
                    flags |= 2;
                }
                c
            };
            if s != last {
                shape.push(s);
                last = s;
            }
            if shape.len() > 12 {
                break;
            }
        }
        if letters > 1 && uppers == letters {
            flags |= 8;
        }
        if letters > 0 {
            flags |= 16;
        }
        WordInfo {
            form: hash_str(form),
            lower: hash_str(&lower),
            suf,
            pre,
            shape: hash_str(&shape),
            flags,
        }
    }
}

const T: [u64; 80] = {
    let mut a = [0u64; 80];
    let mut i = 0;
    while i < 80 {
        a[i] = tpl(i as u64 + 1000);
        i += 1;
    }
    a
};

#[inline]
fn at(w: &[WordInfo], i: isize) -> &WordInfo {
    if i < 0 {
        &BOS
    } else {
        w.get(i as usize).unwrap_or(&EOS)
    }
}

/// UPOS features for position `i` given the two previous predicted tags.
fn upos_features(w: &[WordInfo], masks: &[u32], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let ii = i as isize;
    let mk = |j: usize| -> u64 { masks.get(j).map(|&m| m as u64).unwrap_or(0xe05) };
    let (a0, a1, a2) = (mk(i), mk(i + 1), mk(i + 2));
    let am1 = if i >= 1 { mk(i - 1) } else { 0xb05 };
    let c = at(w, ii);
    let m1 = at(w, ii - 1);
    let m2 = at(w, ii - 2);
    let n1 = at(w, ii + 1);
    let n2 = at(w, ii + 2);
    out.extend_from_slice(&[
        T[0],
        h2(T[1], c.lower),
        h2(T[2], c.form),
        h2(T[3], c.suf[0]),
        h2(T[4], c.suf[1]),
        h2(T[5], c.suf[2]),
        h2(T[6], c.suf[3]),
        h2(T[7], c.pre[0]),
        h2(T[8], c.pre[1]),
        h2(T[9], c.pre[2]),
        h2(T[10], c.shape),
        h3(T[11], c.flags, (i == 0) as u64),
        h2(T[12], p1),
        h2(T[13], p2),
        h3(T[14], p1, p2),
        h3(T[15], p1, c.lower),
        h2(T[16], m1.lower),
        h2(T[17], m2.lower),
        h2(T[18], n1.lower),
        h2(T[19], n2.lower),
        h2(T[20], m1.suf[2]),
        h2(T[21], n1.suf[2]),
        h3(T[22], m1.lower, c.lower),
        h3(T[23], c.lower, n1.lower),
        h3(T[24], p1, n1.lower),
        h2(T[25], n1.shape),
        h3(T[26], p1, c.suf[2]),
        h2(T[27], n1.suf[1]),
        h3(T[28], m1.lower, n1.lower),
        h3(T[29], p1, c.shape),
        h3(T[30], c.suf[1], n1.suf[1]),
        h2(T[31], n2.suf[2]),
        h2(T[54], a0),
        h2(T[55], a1),
        h3(T[56], p1, a1),
        h2(T[57], a2),
        h3(T[58], a0, a1),
        h3(T[59], a1, a2),
        h3(T[60], am1, a0),
        h4(T[61], p1, a0, a1),
    ]);
}

/// Extra features of the second UPOS pass: first-pass tags to the right.
fn right_features(w: &[WordInfo], r: &[u8], i: usize, p1: u64, out: &mut Vec<u64>) {
    let ra = |j: usize| -> u64 { r.get(j).map(|&u| u as u64).unwrap_or(0xe05) };
    let (r1, r2) = (ra(i + 1), ra(i + 2));
    let c = at(w, i as isize);
    out.extend_from_slice(&[
        h2(T[62], r1),
        h2(T[63], r2),
        h3(T[64], r1, r2),
        h3(T[65], p1, r1),
        h3(T[66], r1, c.lower),
        h3(T[67], r1, c.suf[2]),
        h4(T[68], p1, r1, c.shape),
    ]);
}

/// FEATS features for position `i`, given predicted UPOS ids and the two
/// previous predicted FEATS ids.
fn feats_features(w: &[WordInfo], up: &[u8], i: usize, f1: u64, f2: u64, out: &mut Vec<u64>) {
    out.clear();
    let ii = i as isize;
    let upa = |j: isize| -> u64 {
        if j < 0 {
            0xb05
        } else {
            up.get(j as usize).map(|&u| u as u64).unwrap_or(0xe05)
        }
    };
    let c = at(w, ii);
    let m1 = at(w, ii - 1);
    let n1 = at(w, ii + 1);
    let u0 = upa(ii);
    let um1 = upa(ii - 1);
    let un1 = upa(ii + 1);
    out.extend_from_slice(&[
        h2(T[32], u0),
        h3(T[33], u0, c.lower),
        h3(T[34], u0, c.suf[0]),
        h3(T[35], u0, c.suf[1]),
        h3(T[36], u0, c.suf[2]),
        h3(T[37], u0, c.suf[3]),
        h3(T[38], u0, um1),
        h3(T[39], u0, un1),
        h3(T[40], u0, f1),
        h2(T[41], f2),
        h3(T[42], f1, f2),
        h3(T[43], u0, m1.lower),
        h3(T[44], u0, n1.lower),
        h3(T[45], u0, c.shape),
        h2(T[46], c.lower),
        h2(T[47], c.suf[2]),
        h4(T[48], f1, um1, u0),
        h3(T[49], un1, n1.suf[1]),
        h3(T[50], um1, m1.suf[1]),
        h3(T[51], u0, c.form),
        h3(T[52], u0, c.pre[1]),
        h2(T[53], f1),
    ]);
}

use crate::hash::h4;

const FIXED: u32 = 1 << 31;

/// Trained tagger (UPOS + FEATS).
pub(crate) struct Tagger {
    upos: Linear,
    /// second pass with first-pass right-context tags
    upos2: Linear,
    /// lower-form hash → allowed UPOS bitmask (| FIXED if unambiguous)
    upos_dict: KeyMap,
    feats: Linear,
    pub(crate) feats_labels: Vec<String>,
    /// h2(lower, upos) or h2(0, upos) → index into `cand_offsets`
    feats_dict: KeyMap,
    cand_offsets: Vec<u32>,
    cands: Vec<u16>,
}

/// Scratch buffers reused across sentences.
#[derive(Default)]
pub(crate) struct TagScratch {
    feats: Vec<u64>,
    masks: Vec<u32>,
    first: Vec<u8>,
    scores: Vec<i32>,
    scores64: Vec<i64>,
}

/// One training sentence for the tagger.
pub(crate) struct TagSent {
    pub(crate) info: Vec<WordInfo>,
    pub(crate) upos: Vec<u8>,
    pub(crate) feats: Vec<u16>,
}

/// Tagger training options.
#[derive(Clone, Debug)]
pub(crate) struct TagOptions {
    pub(crate) epochs: usize,
    pub(crate) seed: u64,
    pub(crate) prune: f64,
    pub(crate) dict_min: usize,
}

fn best_in_mask(scores: &[i32], mask: u32) -> usize {
    let mut best = usize::MAX;
    let mut bs = i32::MIN;
    for (k, &s) in scores.iter().enumerate().take(17) {
        if mask & (1 << k) != 0 && (best == usize::MAX || s > bs) {
            best = k;
            bs = s;
        }
    }
    if best == usize::MAX {
        0
    } else {
        best
    }
}

struct Dicts {
    upos_dict: KeyMap,
    feats_dict: KeyMap,
    cand_offsets: Vec<u32>,
    cands: Vec<u16>,
}

fn build_dicts(train: &[TagSent], n_feats: usize, dict_min: usize) -> Dicts {
    let mut wc: FxHashMap<u64, [u32; 17]> = FxHashMap::default();
    let mut fc: FxHashMap<u64, FxHashMap<u16, u32>> = FxHashMap::default();
    let mut uc: FxHashMap<u64, FxHashMap<u16, u32>> = FxHashMap::default();
    for s in train {
        for (k, w) in s.info.iter().enumerate() {
            let u = s.upos[k] as usize;
            wc.entry(w.lower).or_insert([0; 17])[u.min(16)] += 1;
            *fc.entry(h2(w.lower, u as u64))
                .or_default()
                .entry(s.feats[k])
                .or_default() += 1;
            *uc.entry(h2(0, u as u64))
                .or_default()
                .entry(s.feats[k])
                .or_default() += 1;
        }
    }
    let mut up = Vec::new();
    for (&k, c) in &wc {
        let tot: u32 = c.iter().sum();
        if (tot as usize) < dict_min {
            continue;
        }
        let mut mask = 0u32;
        let mut n = 0;
        for (t, &x) in c.iter().enumerate() {
            if x > 0 && (x as f64) >= 0.001 * tot as f64 {
                mask |= 1 << t;
                n += 1;
            }
        }
        if n == 1 && tot >= 20 {
            mask |= FIXED;
        }
        up.push((k, mask));
    }
    let mut keys: Vec<(u64, Vec<u16>)> = Vec::new();
    for (&k, m) in &fc {
        let tot: u32 = m.values().sum();
        if (tot as usize) < dict_min {
            continue;
        }
        let mut v: Vec<u16> = m
            .iter()
            .filter(|(_, &x)| (x as f64) >= 0.01 * tot as f64)
            .map(|(&f, _)| f)
            .collect();
        v.sort_unstable();
        keys.push((k, v));
    }
    for (&k, m) in &uc {
        let mut v: Vec<u16> = m.iter().map(|(&f, _)| f).collect();
        v.sort_unstable();
        keys.push((k, v));
    }
    keys.sort();
    let mut cand_offsets = vec![0u32];
    let mut cands = Vec::new();
    let mut pairs = Vec::new();
    for (i, (k, v)) in keys.iter().enumerate() {
        pairs.push((*k, i as u32));
        cands.extend(v.iter().copied().filter(|&f| (f as usize) < n_feats));
        cand_offsets.push(cands.len() as u32);
    }
    Dicts {
        upos_dict: KeyMap::from_pairs(up),
        feats_dict: KeyMap::from_pairs(pairs),
        cand_offsets,
        cands,
    }
}

impl Tagger {
    fn feats_cands(&self, lower: u64, upos: u8) -> &[u16] {
        let idx = self
            .feats_dict
            .get(h2(lower, upos as u64))
            .or_else(|| self.feats_dict.get(h2(0, upos as u64)));
        match idx {
            Some(i) => {
                let i = i as usize;
                match (self.cand_offsets.get(i), self.cand_offsets.get(i + 1)) {
                    (Some(&a), Some(&b)) => self.cands.get(a as usize..b as usize).unwrap_or(&[]),
                    _ => &[],
                }
            }
            None => &[],
        }
    }

    /// Tags a sentence: writes UPOS ids and FEATS ids.
    pub(crate) fn tag(
        &self,
        info: &[WordInfo],
        upos: &mut Vec<u8>,
        feats: &mut Vec<u16>,
        sc: &mut TagScratch,
    ) {
        upos.clear();
        feats.clear();
        sc.scores
            .resize(self.upos.n_classes().max(self.feats.n_classes()).max(17), 0);
        let (mut p1, mut p2) = (0xb0u64, 0xb0u64);
        sc.masks.clear();
        sc.masks.extend(
            info.iter()
                .map(|w| self.upos_dict.get(w.lower).unwrap_or((1 << 17) - 1)),
        );
        for i in 0..info.len() {
            let mask = sc.masks[i];
            let t = if mask & FIXED != 0 {
                (mask & !FIXED).trailing_zeros() as usize
            } else {
                upos_features(info, &sc.masks, i, p1, p2, &mut sc.feats);
                sc.scores[..17].fill(0);
                self.upos.score(&sc.feats, &mut sc.scores);
                best_in_mask(&sc.scores, mask)
            };
            upos.push(t as u8);
            p2 = p1;
            p1 = t as u64;
        }
        sc.first.clear();
        sc.first.extend_from_slice(upos);
        let (mut p1, mut p2) = (0xb0u64, 0xb0u64);
        #[allow(clippy::needless_range_loop)]
        for i in 0..info.len() {
            let mask = sc.masks[i];
            let t = if mask & FIXED != 0 {
                (mask & !FIXED).trailing_zeros() as usize
            } else {
                upos_features(info, &sc.masks, i, p1, p2, &mut sc.feats);
                right_features(info, &sc.first, i, p1, &mut sc.feats);
                sc.scores[..17].fill(0);
                self.upos2.score(&sc.feats, &mut sc.scores);
                best_in_mask(&sc.scores, mask)
            };
            upos[i] = t as u8;
            p2 = p1;
            p1 = t as u64;
        }
        let (mut f1, mut f2) = (0xb0u64, 0xb0u64);
        for i in 0..info.len() {
            let cands = self.feats_cands(info[i].lower, upos[i]);
            let f = match cands.len() {
                0 => 0u16,
                1 => cands[0],
                _ => {
                    feats_features(info, upos, i, f1, f2, &mut sc.feats);
                    let n = self.feats.n_classes();
                    sc.scores[..n].fill(0);
                    self.feats.score(&sc.feats, &mut sc.scores);
                    let mut best = cands[0];
                    let mut bs = i32::MIN;
                    for &c in cands {
                        let s = sc.scores.get(c as usize).copied().unwrap_or(i32::MIN);
                        if s > bs {
                            bs = s;
                            best = c;
                        }
                    }
                    best
                }
            };
            feats.push(f);
            f2 = f1;
            f1 = f as u64;
        }
    }

    /// Trains a tagger; with `dev`, the best epoch (by UPOS and FEATS
    /// accuracy separately) is kept. Returns the tagger and the best epochs.
    pub(crate) fn train(
        train: &[TagSent],
        dev: Option<&[TagSent]>,
        feats_labels: &[String],
        opts: &TagOptions,
        log: &mut dyn FnMut(String),
    ) -> (Tagger, usize, usize) {
        let nf = feats_labels.len().max(1);
        let d = build_dicts(train, nf, opts.dict_min);
        let mut tu = Trainer::new(17);
        let mut tu2 = Trainer::new(17);
        let mut tf = Trainer::new(nf);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut sc = TagScratch::default();
        sc.scores64.resize(nf.max(17), 0);
        let mut best: Option<(f64, usize, Linear, Linear)> = None;
        let mut best_f: Option<(f64, usize, Linear)> = None;
        let mut cur_up = Vec::new();
        for ep in 0..opts.epochs {
            rng.shuffle(&mut order);
            for &si in &order {
                let s = &train[si];
                let (mut p1, mut p2) = (0xb0u64, 0xb0u64);
                sc.first.clear();
                sc.masks.clear();
                sc.masks.extend(
                    s.info
                        .iter()
                        .map(|w| d.upos_dict.get(w.lower).unwrap_or((1 << 17) - 1)),
                );
                for i in 0..s.info.len() {
                    let gold = s.upos[i] as usize;
                    let mask = sc.masks[i];
                    let pred = if mask & FIXED != 0 {
                        (mask & !FIXED).trailing_zeros() as usize
                    } else {
                        upos_features(&s.info, &sc.masks, i, p1, p2, &mut sc.feats);
                        sc.scores64[..17].fill(0);
                        tu.score(&sc.feats, &mut sc.scores64);
                        let mut b = usize::MAX;
                        let mut bs = i64::MIN;
                        for k in 0..17 {
                            if mask & (1 << k) != 0 && (b == usize::MAX || sc.scores64[k] > bs) {
                                b = k;
                                bs = sc.scores64[k];
                            }
                        }
                        let b = if b == usize::MAX { 0 } else { b };
                        tu.update(&sc.feats, gold, b);
                        b
                    };
                    tu.tick();
                    sc.first.push(pred as u8);
                    p2 = p1;
                    p1 = pred as u64;
                }
                let (mut p1, mut p2) = (0xb0u64, 0xb0u64);
                for i in 0..s.info.len() {
                    let gold = s.upos[i] as usize;
                    let mask = sc.masks[i];
                    let pred = if mask & FIXED != 0 {
                        (mask & !FIXED).trailing_zeros() as usize
                    } else {
                        upos_features(&s.info, &sc.masks, i, p1, p2, &mut sc.feats);
                        right_features(&s.info, &sc.first, i, p1, &mut sc.feats);
                        sc.scores64[..17].fill(0);
                        tu2.score(&sc.feats, &mut sc.scores64);
                        let mut b = usize::MAX;
                        let mut bs = i64::MIN;
                        for k in 0..17 {
                            if mask & (1 << k) != 0 && (b == usize::MAX || sc.scores64[k] > bs) {
                                b = k;
                                bs = sc.scores64[k];
                            }
                        }
                        let b = if b == usize::MAX { 0 } else { b };
                        tu2.update(&sc.feats, gold, b);
                        b
                    };
                    tu2.tick();
                    p2 = p1;
                    p1 = pred as u64;
                }
                let (mut f1, mut f2) = (0xb0u64, 0xb0u64);
                for i in 0..s.info.len() {
                    let gold = s.feats[i] as usize;
                    let idx = d
                        .feats_dict
                        .get(h2(s.info[i].lower, s.upos[i] as u64))
                        .or_else(|| d.feats_dict.get(h2(0, s.upos[i] as u64)));
                    let cands: &[u16] = match idx {
                        Some(k) => {
                            &d.cands[d.cand_offsets[k as usize] as usize
                                ..d.cand_offsets[k as usize + 1] as usize]
                        }
                        None => &[],
                    };
                    let pred =
                        if cands.len() <= 1 && cands.first().map(|&c| c as usize) == Some(gold) {
                            gold
                        } else {
                            feats_features(&s.info, &s.upos, i, f1, f2, &mut sc.feats);
                            sc.scores64[..nf].fill(0);
                            tf.score(&sc.feats, &mut sc.scores64);
                            let mut b = gold;
                            let mut bs = i64::MIN;
                            for &c in cands {
                                if sc.scores64[c as usize] > bs {
                                    bs = sc.scores64[c as usize];
                                    b = c as usize;
                                }
                            }
                            tf.update(&sc.feats, gold, b);
                            b
                        };
                    tf.tick();
                    f2 = f1;
                    f1 = pred as u64;
                }
            }
            if let Some(dev) = dev {
                let lu = tu.finish(opts.prune);
                let lu2 = tu2.finish(opts.prune);
                let lf = tf.finish(opts.prune);
                let tg = Tagger {
                    upos: lu,
                    upos2: lu2,
                    upos_dict: KeyMap::from_pairs(Vec::new()),
                    feats: lf,
                    feats_labels: Vec::new(),
                    feats_dict: KeyMap::from_pairs(Vec::new()),
                    cand_offsets: Vec::new(),
                    cands: Vec::new(),
                };
                let tg = Tagger {
                    upos_dict: clone_map(&d.upos_dict),
                    feats_dict: clone_map(&d.feats_dict),
                    cand_offsets: d.cand_offsets.clone(),
                    cands: d.cands.clone(),
                    ..tg
                };
                let (mut ok_u, mut ok_f, mut n) = (0usize, 0usize, 0usize);
                let mut f = Vec::new();
                for s in dev {
                    tg.tag(&s.info, &mut cur_up, &mut f, &mut sc);
                    for i in 0..s.info.len() {
                        n += 1;
                        ok_u += (cur_up[i] == s.upos[i]) as usize;
                        ok_f += (f[i] == s.feats[i]) as usize;
                    }
                }
                let (au, af) = (ok_u as f64 / n.max(1) as f64, ok_f as f64 / n.max(1) as f64);
                log(format!(
                    "  tagger epoch {}: dev UPOS {:.2} UFeats(id) {:.2}",
                    ep + 1,
                    100.0 * au,
                    100.0 * af
                ));
                let Tagger {
                    upos, upos2, feats, ..
                } = tg;
                if best.as_ref().is_none_or(|b| au > b.0) {
                    best = Some((au, ep + 1, upos, upos2));
                }
                if best_f.as_ref().is_none_or(|b| af > b.0) {
                    best_f = Some((af, ep + 1, feats));
                }
            }
        }
        let (upos, upos2, eu) = match best {
            Some((_, e, l, l2)) => (l, l2, e),
            None => (tu.finish(opts.prune), tu2.finish(opts.prune), opts.epochs),
        };
        let (feats, ef) = match best_f {
            Some((_, e, l)) => (l, e),
            None => (tf.finish(opts.prune), opts.epochs),
        };
        (
            Tagger {
                upos,
                upos2,
                upos_dict: d.upos_dict,
                feats,
                feats_labels: feats_labels.to_vec(),
                feats_dict: d.feats_dict,
                cand_offsets: d.cand_offsets,
                cands: d.cands,
            },
            eu,
            ef,
        )
    }

    pub(crate) fn prune(&mut self, min_q: i16) {
        if min_q > 1 {
            self.upos = self.upos.pruned(min_q);
            self.upos2 = self.upos2.pruned(min_q);
            self.feats = self.feats.pruned(min_q);
        }
    }

    /// (weights, dictionary entries) for reporting.
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (
            self.upos.n_weights() + self.upos2.n_weights() + self.feats.n_weights(),
            self.upos_dict.len() + self.feats_dict.len(),
        )
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        self.upos.write(w);
        self.upos2.write(w);
        self.upos_dict.write(w);
        self.feats.write(w);
        w.strs(&self.feats_labels);
        self.feats_dict.write(w);
        w.u32s(&self.cand_offsets);
        w.u16s(&self.cands);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let upos = Linear::read(r)?;
        let upos2 = Linear::read(r)?;
        let upos_dict = KeyMap::read(r)?;
        let feats = Linear::read(r)?;
        let feats_labels = r.strs()?;
        let feats_dict = KeyMap::read(r)?;
        let cand_offsets = r.u32s()?;
        let cands = r.u16s()?;
        if upos.n_classes() != 17
            || upos2.n_classes() != 17
            || feats.n_classes() != feats_labels.len().max(1)
            || cands.iter().any(|&c| c as usize >= feats_labels.len())
            || cand_offsets.windows(2).any(|p| p[0] > p[1])
            || cand_offsets
                .last()
                .is_some_and(|&l| l as usize != cands.len())
            || feats_dict
                .values()
                .any(|v| v as usize + 1 >= cand_offsets.len())
        {
            return Err(Error::Format("inconsistent tagger".into()));
        }
        Ok(Tagger {
            upos,
            upos2,
            upos_dict,
            feats,
            feats_labels,
            feats_dict,
            cand_offsets,
            cands,
        })
    }
}

fn clone_map(m: &KeyMap) -> KeyMap {
    let mut w = Writer::default();
    m.write(&mut w);
    let mut r = Reader::new(&w.buf);
    KeyMap::read(&mut r).unwrap_or_default()
}

/// Experiment: a single joint classifier over composite UPOS|FEATS tags
/// (greedy, tag dictionary over composite tags). Returns per-epoch dev
/// (UPOS, UFeats) accuracies; used to compare against the pipeline.
pub(crate) fn joint_experiment(
    train: &[TagSent],
    dev: &[TagSent],
    epochs: usize,
    seed: u64,
    dict_min: usize,
) -> Vec<(f64, f64)> {
    let mut ids: FxHashMap<(u8, u16), u16> = FxHashMap::default();
    let mut all: Vec<(u8, u16)> = Vec::new();
    for s in train {
        for k in 0..s.info.len() {
            all.push((s.upos[k], s.feats[k]));
        }
    }
    all.sort_unstable();
    all.dedup();
    for (i, &p) in all.iter().enumerate() {
        ids.insert(p, i as u16);
    }
    let nc = all.len();
    let mut wc: FxHashMap<u64, FxHashMap<u16, u32>> = FxHashMap::default();
    let mut masks_c: FxHashMap<u64, u32> = FxHashMap::default();
    for s in train {
        for (k, w) in s.info.iter().enumerate() {
            *wc.entry(w.lower)
                .or_default()
                .entry(ids[&(s.upos[k], s.feats[k])])
                .or_default() += 1;
            *masks_c.entry(w.lower).or_default() |= 1 << s.upos[k].min(16);
        }
    }
    let dict: FxHashMap<u64, Vec<u16>> = wc
        .into_iter()
        .filter(|(_, m)| m.values().sum::<u32>() as usize >= dict_min)
        .map(|(k, m)| {
            let tot: u32 = m.values().sum();
            let mut v: Vec<u16> = m
                .into_iter()
                .filter(|&(_, x)| x as f64 >= 0.001 * tot as f64)
                .map(|(c, _)| c)
                .collect();
            v.sort_unstable();
            (k, v)
        })
        .collect();
    let allc: Vec<u16> = (0..nc as u16).collect();
    let mut tr = Trainer::new(nc);
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut fv = Vec::new();
    let mut scores = vec![0i64; nc];
    let mut out = Vec::new();
    let run = |s: &TagSent,
               tr: &mut Trainer,
               learn: bool,
               fv: &mut Vec<u64>,
               scores: &mut Vec<i64>|
     -> Vec<u16> {
        let masks: Vec<u32> = s
            .info
            .iter()
            .map(|w| {
                if dict.contains_key(&w.lower) {
                    masks_c.get(&w.lower).copied().unwrap_or(0)
                } else {
                    (1 << 17) - 1
                }
            })
            .collect();
        let (mut p1, mut p2) = (0xb0u64, 0xb0u64);
        let mut res = Vec::new();
        for i in 0..s.info.len() {
            let cands = dict.get(&s.info[i].lower).unwrap_or(&allc);
            let pred = if cands.len() == 1 {
                cands[0]
            } else {
                upos_features(&s.info, &masks, i, p1, p2, fv);
                let u1 = if p1 < nc as u64 {
                    all[p1 as usize].0 as u64
                } else {
                    0xb0
                };
                fv.push(h2(T[69], u1));
                fv.push(h3(T[70], u1, s.info[i].suf[2]));
                scores.fill(0);
                tr.score(fv, scores);
                let mut b = cands[0];
                let mut bs = i64::MIN;
                for &c in cands {
                    if scores[c as usize] > bs {
                        bs = scores[c as usize];
                        b = c;
                    }
                }
                if learn {
                    if let Some(&g) = ids.get(&(s.upos[i], s.feats[i])) {
                        tr.update(fv, g as usize, b as usize);
                    }
                }
                b
            };
            if learn {
                tr.tick();
            }
            res.push(pred);
            p2 = p1;
            p1 = pred as u64;
        }
        res
    };
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            run(&train[si], &mut tr, true, &mut fv, &mut scores);
        }
        // evaluate with averaged weights via a snapshot trainer-equivalent
        let lin = tr.finish(0.0);
        let (mut ou, mut of, mut n) = (0usize, 0usize, 0usize);
        let mut sc32 = vec![0i32; nc];
        for s in dev {
            let masks: Vec<u32> = s
                .info
                .iter()
                .map(|w| {
                    if dict.contains_key(&w.lower) {
                        masks_c.get(&w.lower).copied().unwrap_or(0)
                    } else {
                        (1 << 17) - 1
                    }
                })
                .collect();
            let (mut p1, mut p2) = (0xb0u64, 0xb0u64);
            for i in 0..s.info.len() {
                let cands = dict.get(&s.info[i].lower).unwrap_or(&allc);
                let pred = if cands.len() == 1 {
                    cands[0]
                } else {
                    upos_features(&s.info, &masks, i, p1, p2, &mut fv);
                    let u1 = if p1 < nc as u64 {
                        all[p1 as usize].0 as u64
                    } else {
                        0xb0
                    };
                    fv.push(h2(T[69], u1));
                    fv.push(h3(T[70], u1, s.info[i].suf[2]));
                    sc32.fill(0);
                    lin.score(&fv, &mut sc32);
                    let mut b = cands[0];
                    let mut bs = i32::MIN;
                    for &c in cands {
                        if sc32[c as usize] > bs {
                            bs = sc32[c as usize];
                            b = c;
                        }
                    }
                    b
                };
                let (u, f) = all[pred as usize];
                n += 1;
                ou += (u == s.upos[i]) as usize;
                of += (f == s.feats[i]) as usize;
                p2 = p1;
                p1 = pred as u64;
            }
        }
        out.push((
            100.0 * ou as f64 / n.max(1) as f64,
            100.0 * of as f64 / n.max(1) as f64,
        ));
    }
    out
}
