//! Lemmatiser: a lexicon of (form, UPOS) → edit script for words seen in
//! training, and an averaged-perceptron classifier choosing an edit script
//! (casing + suffix rewrite) for the others.

use crate::codec::{Reader, Writer};
use crate::conllu::feats_pairs;
use crate::error::{Error, Result};
use crate::hash::{h2, h3, hash_str, tpl, Rng};
use crate::linear::{KeyMap, Linear, Trainer};
use rustc_hash::FxHashMap;

/// Edit script: casing of the base, then strip a suffix and append one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Script {
    /// 0 = keep form, 1 = lowercase, 2 = lowercase + capitalised
    mode: u8,
    strip: String,
    append: String,
}

fn base(form: &str, mode: u8) -> String {
    match mode {
        0 => form.to_string(),
        1 => form.to_lowercase(),
        _ => {
            let l = form.to_lowercase();
            let mut cs = l.chars();
            match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect(),
                None => l,
            }
        }
    }
}

impl Script {
    pub(crate) fn derive(form: &str, lemma: &str) -> Script {
        let modes: &[u8] = if form.chars().any(|c| c.is_uppercase()) {
            &[0, 1, 2]
        } else {
            &[0]
        };
        let mut best: Option<(usize, Script)> = None;
        for &m in modes {
            let b = base(form, m);
            let cp: usize = b
                .char_indices()
                .zip(lemma.chars())
                .take_while(|((_, x), y)| x == y)
                .last()
                .map(|((i, c), _)| i + c.len_utf8())
                .unwrap_or(0);
            let strip = b[cp..].to_string();
            let append = lemma.get(cp..).unwrap_or("").to_string();
            let cost = strip.chars().count() + append.chars().count();
            if best.as_ref().is_none_or(|(bc, _)| cost < *bc) {
                best = Some((
                    cost,
                    Script {
                        mode: m,
                        strip,
                        append,
                    },
                ));
            }
        }
        best.map(|b| b.1).unwrap_or(Script {
            mode: 0,
            strip: String::new(),
            append: String::new(),
        })
    }

    pub(crate) fn apply(&self, form: &str) -> Option<String> {
        let b = base(form, self.mode);
        let stem = b.strip_suffix(self.strip.as_str())?;
        let mut s = String::with_capacity(stem.len() + self.append.len());
        s.push_str(stem);
        s.push_str(&self.append);
        if s.is_empty() {
            return None;
        }
        Some(s)
    }
}

/// Trained lemmatiser.
pub(crate) struct Lemmatizer {
    scripts: Vec<Script>,
    /// h2(hash(form), upos) → script id
    lexicon: KeyMap,
    /// hash(lowercase strip) → index into `cand_offsets`
    by_strip: KeyMap,
    cand_offsets: Vec<u32>,
    cands: Vec<u16>,
    max_strip: usize,
    model: Linear,
    /// per FEATS id: hashes of its name=value pairs
    feat_hashes: Vec<Vec<u64>>,
}

/// One training/eval word for the lemmatiser.
pub(crate) struct LemmaItem<'a> {
    pub(crate) form: &'a str,
    pub(crate) upos: u8,
    pub(crate) feats: u16,
    pub(crate) lemma: &'a str,
}

const T: [u64; 32] = {
    let mut a = [0u64; 32];
    let mut i = 0;
    while i < 32 {
        a[i] = tpl(i as u64 + 5000);
        i += 1;
    }
    a
};

pub(crate) fn feat_hashes(labels: &[String]) -> Vec<Vec<u64>> {
    labels
        .iter()
        .map(|l| {
            feats_pairs(l)
                .map(|(k, v)| h2(hash_str(k), hash_str(v)))
                .collect()
        })
        .collect()
}

fn features(form: &str, upos: u8, feats: u16, fh: &[Vec<u64>], out: &mut Vec<u64>) {
    out.clear();
    let lower = form.to_lowercase();
    let idx: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
    let n = idx.len();
    let u = upos as u64;
    let f = feats as u64;
    out.push(h2(T[0], u));
    out.push(h2(T[1], f));
    out.push(h3(T[2], u, f));
    for k in 1..=6usize {
        let st = if n >= k { idx[n - k] } else { 0 };
        let sh = hash_str(&lower[st..]);
        out.push(h3(T[3], k as u64, sh));
        out.push(h4(T[4], k as u64, sh, u));
        if k <= 4 {
            out.push(h4(T[5], k as u64, sh, f));
        }
        if n < k {
            break;
        }
    }
    let first_up = form.chars().next().is_some_and(|c| c.is_uppercase());
    let all_up = form
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    out.push(h4(T[6], first_up as u64, all_up as u64, u));
    out.push(h3(T[7], n.min(12) as u64, u));
    if let Some(ps) = fh.get(feats as usize) {
        let st = if n >= 2 { idx[n - 2] } else { 0 };
        let s2 = hash_str(&lower[st..]);
        for &p in ps {
            out.push(h3(T[8], p, u));
            out.push(h3(T[9], p, s2));
        }
    }
    let en = if n > 2 { idx[2] } else { lower.len() };
    out.push(h3(T[10], hash_str(&lower[..en]), u));
}

use crate::hash::h4;

/// Scratch buffers for lemmatisation.
#[derive(Default)]
pub(crate) struct LemmaScratch {
    feats: Vec<u64>,
    scores: Vec<i32>,
    cands: Vec<u16>,
}

impl Lemmatizer {
    fn candidates(&self, form: &str, out: &mut Vec<u16>) {
        out.clear();
        let lower = form.to_lowercase();
        let idx: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        let n = idx.len();
        for j in 0..=self.max_strip.min(n) {
            let st = if j == 0 { lower.len() } else { idx[n - j] };
            if let Some(k) = self.by_strip.get(hash_str(&lower[st..])) {
                let k = k as usize;
                if let (Some(&a), Some(&b)) =
                    (self.cand_offsets.get(k), self.cand_offsets.get(k + 1))
                {
                    for &c in self.cands.get(a as usize..b as usize).unwrap_or(&[]) {
                        if self
                            .scripts
                            .get(c as usize)
                            .and_then(|s| s.apply(form))
                            .is_some()
                        {
                            out.push(c);
                        }
                    }
                }
            }
        }
    }

    /// Lemma of one word given its predicted UPOS and FEATS ids.
    pub(crate) fn lemma(&self, form: &str, upos: u8, feats: u16, sc: &mut LemmaScratch) -> String {
        if let Some(s) = self.lexicon.get(h2(hash_str(form), upos as u64)) {
            if let Some(l) = self.scripts.get(s as usize).and_then(|s| s.apply(form)) {
                return l;
            }
        }
        let mut cands = std::mem::take(&mut sc.cands);
        self.candidates(form, &mut cands);
        let pick = match cands.len() {
            0 => None,
            1 => Some(cands[0]),
            _ => {
                features(form, upos, feats, &self.feat_hashes, &mut sc.feats);
                sc.scores.clear();
                sc.scores.resize(self.model.n_classes(), 0);
                self.model.score(&sc.feats, &mut sc.scores);
                let mut best = cands[0];
                let mut bs = i32::MIN;
                for &c in &cands {
                    let s = sc.scores.get(c as usize).copied().unwrap_or(i32::MIN);
                    if s > bs {
                        bs = s;
                        best = c;
                    }
                }
                Some(best)
            }
        };
        sc.cands = cands;
        pick.and_then(|c| self.scripts.get(c as usize))
            .and_then(|s| s.apply(form))
            .unwrap_or_else(|| form.to_string())
    }

    /// Trains the lemmatiser on (form, gold UPOS, gold FEATS, lemma) items.
    pub(crate) fn train(
        items: &[LemmaItem],
        feats_labels: &[String],
        epochs: usize,
        seed: u64,
        prune: f64,
    ) -> Lemmatizer {
        let fh = feat_hashes(feats_labels);
        let mut script_ids: FxHashMap<Script, usize> = FxHashMap::default();
        let mut script_count: FxHashMap<Script, usize> = FxHashMap::default();
        let mut derived: Vec<Script> = Vec::with_capacity(items.len());
        for it in items {
            let s = Script::derive(it.form, it.lemma);
            *script_count.entry(s.clone()).or_default() += 1;
            derived.push(s);
        }
        let mut all: Vec<(&Script, &usize)> = script_count.iter().collect();
        all.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        all.truncate(u16::MAX as usize - 1);
        let scripts: Vec<Script> = all.iter().map(|p| p.0.clone()).collect();
        for (i, s) in scripts.iter().enumerate() {
            script_ids.insert(s.clone(), i);
        }
        let frequent: Vec<bool> = all.iter().map(|p| *p.1 >= 2).collect();
        // lexicon: most frequent script per (form, upos)
        let mut lex: FxHashMap<u64, FxHashMap<usize, usize>> = FxHashMap::default();
        // training types: (form, upos, feats, script)
        let mut types: FxHashMap<(&str, u8, u16, usize), ()> = FxHashMap::default();
        for (it, s) in items.iter().zip(&derived) {
            let Some(&id) = script_ids.get(s) else {
                continue;
            };
            *lex.entry(h2(hash_str(it.form), it.upos as u64))
                .or_default()
                .entry(id)
                .or_default() += 1;
            if frequent[id] {
                types.insert((it.form, it.upos, it.feats, id), ());
            }
        }
        let lexicon = KeyMap::from_pairs(
            lex.into_iter()
                .map(|(k, m)| {
                    let mut v: Vec<(usize, usize)> = m.into_iter().collect();
                    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    (k, v[0].0 as u32)
                })
                .collect(),
        );
        // candidate index over frequent scripts by lowercase strip
        let mut by: FxHashMap<String, Vec<u16>> = FxHashMap::default();
        let mut max_strip = 0;
        for (i, s) in scripts.iter().enumerate() {
            if frequent[i] {
                let ls = s.strip.to_lowercase();
                max_strip = max_strip.max(ls.chars().count());
                by.entry(ls).or_default().push(i as u16);
            }
        }
        let mut by_v: Vec<(String, Vec<u16>)> = by.into_iter().collect();
        by_v.sort();
        let mut cand_offsets = vec![0u32];
        let mut cands = Vec::new();
        let mut pairs = Vec::new();
        for (i, (k, v)) in by_v.iter().enumerate() {
            pairs.push((hash_str(k), i as u32));
            cands.extend_from_slice(v);
            cand_offsets.push(cands.len() as u32);
        }
        let mut lm = Lemmatizer {
            scripts,
            lexicon,
            by_strip: KeyMap::from_pairs(pairs),
            cand_offsets,
            cands,
            max_strip,
            model: Trainer::new(1).finish(0.0),
            feat_hashes: fh,
        };
        let mut tlist: Vec<(&str, u8, u16, usize)> = types.into_keys().collect();
        tlist.sort();
        let mut tr = Trainer::new(lm.scripts.len().max(1));
        let mut rng = Rng::new(seed ^ 0x1e33a);
        let mut fv = Vec::new();
        let mut cv = Vec::new();
        let mut scores = vec![0i64; lm.scripts.len().max(1)];
        for _ in 0..epochs {
            rng.shuffle(&mut tlist);
            for &(form, upos, feats, gold) in &tlist {
                lm.candidates(form, &mut cv);
                if cv.len() > 1 {
                    features(form, upos, feats, &lm.feat_hashes, &mut fv);
                    scores.fill(0);
                    tr.score(&fv, &mut scores);
                    let mut best = cv[0] as usize;
                    let mut bs = i64::MIN;
                    for &c in &cv {
                        if scores[c as usize] > bs {
                            bs = scores[c as usize];
                            best = c as usize;
                        }
                    }
                    tr.update(&fv, gold, best);
                }
                tr.tick();
            }
        }
        lm.model = tr.finish(prune);
        lm
    }

    /// Sets the FEATS label table (needed after loading).
    pub(crate) fn attach_feats(&mut self, labels: &[String]) {
        self.feat_hashes = feat_hashes(labels);
    }

    pub(crate) fn sizes(&self) -> (usize, usize, usize) {
        (
            self.scripts.len(),
            self.lexicon.len(),
            self.model.n_weights(),
        )
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.len(self.scripts.len());
        for s in &self.scripts {
            w.u8(s.mode);
            w.str(&s.strip);
            w.str(&s.append);
        }
        self.lexicon.write(w);
        self.by_strip.write(w);
        w.u32s(&self.cand_offsets);
        w.u16s(&self.cands);
        w.len(self.max_strip);
        self.model.write(w);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let n = r.len(9)?;
        let mut scripts = Vec::with_capacity(n);
        for _ in 0..n {
            let mode = r.u8()?;
            let strip = r.str()?;
            let append = r.str()?;
            scripts.push(Script {
                mode,
                strip,
                append,
            });
        }
        let lexicon = KeyMap::read(r)?;
        let by_strip = KeyMap::read(r)?;
        let cand_offsets = r.u32s()?;
        let cands = r.u16s()?;
        let max_strip = (r.u32()? as usize).min(64);
        let model = Linear::read(r)?;
        if cands.iter().any(|&c| c as usize >= scripts.len())
            || lexicon.values().any(|v| v as usize >= scripts.len())
            || cand_offsets.windows(2).any(|p| p[0] > p[1])
            || cand_offsets
                .last()
                .is_some_and(|&l| l as usize != cands.len())
        {
            return Err(Error::Format("inconsistent lemmatiser".into()));
        }
        Ok(Lemmatizer {
            scripts,
            lexicon,
            by_strip,
            cand_offsets,
            cands,
            max_strip,
            model,
            feat_hashes: Vec::new(),
        })
    }
}
