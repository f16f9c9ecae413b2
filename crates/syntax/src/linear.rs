//! Averaged perceptron with sparse weight rows: a trainer (exact integer
//! weights plus the averaging accumulator) and a compact, quantised
//! inference model with an open-addressing feature table.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug)]
struct Entry {
    cls: u32,
    w: i32,
    u: i64,
}

/// Training-time multi-class averaged perceptron.
pub(crate) struct Trainer {
    n_classes: usize,
    index: FxHashMap<u64, u32>,
    rows: Vec<Vec<Entry>>,
    c: i64,
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes,
            index: FxHashMap::default(),
            rows: Vec::new(),
            c: 1,
        }
    }

    /// Adds current (non-averaged) weights of `feats` into `scores`.
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i64]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    if let Some(s) = scores.get_mut(e.cls as usize) {
                        *s += e.w as i64;
                    }
                }
            }
        }
    }

    fn add(&mut self, f: u64, cls: usize, d: i32) {
        let next = self.rows.len() as u32;
        let r = *self.index.entry(f).or_insert(next);
        if r == next {
            self.rows.push(Vec::new());
        }
        let row = &mut self.rows[r as usize];
        let c = self.c;
        match row.iter_mut().find(|e| e.cls as usize == cls) {
            Some(e) => {
                e.w += d;
                e.u += c * d as i64;
            }
            None => row.push(Entry {
                cls: cls as u32,
                w: d,
                u: c * d as i64,
            }),
        }
    }

    /// Adds `d` to the weight of class `cls` for each of `feats`.
    pub(crate) fn adjust(&mut self, feats: &[u64], cls: usize, d: i32) {
        for &f in feats {
            self.add(f, cls, d);
        }
    }

    /// Perceptron update: promote `gold`, demote `pred` (no-op when equal).
    pub(crate) fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        if gold == pred {
            return;
        }
        for &f in feats {
            self.add(f, gold, 1);
            self.add(f, pred, -1);
        }
    }

    /// Marks the end of one training instance (for averaging).
    pub(crate) fn tick(&mut self) {
        self.c += 1;
    }

    /// Averaged, quantised and pruned inference model. Entries whose
    /// averaged weight is below `prune` (absolute) are dropped.
    pub(crate) fn finish(&self, prune: f64) -> Linear {
        Trainer::finish_mean(&[self], prune)
    }

    /// The averaged weights of this trainer for feature `key`, added into `acc` (class,
    /// weight) pairs.
    fn add_averaged(&self, key: u64, acc: &mut Vec<(u32, f64)>) {
        let c = self.c as f64;
        if let Some(&r) = self.index.get(&key) {
            for e in &self.rows[r as usize] {
                let a = (e.w as f64) - (e.u as f64) / c;
                match acc.iter_mut().find(|x| x.0 == e.cls) {
                    Some(x) => x.1 += a,
                    None => acc.push((e.cls, a)),
                }
            }
        }
    }

    /// One inference model from the mean of several trainers' averaged weights (models of
    /// one task trained with different seeds vote as one); quantised and pruned as
    /// [`Trainer::finish`] does, which is this with one trainer.
    pub(crate) fn finish_mean(ts: &[&Trainer], prune: f64) -> Linear {
        let n_classes = ts.first().map_or(0, |t| t.n_classes);
        let k = ts.len().max(1) as f64;
        let mut keys: Vec<u64> = ts.iter().flat_map(|t| t.index.keys().copied()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut acc: Vec<(u32, f64)> = Vec::new();
        let mean = |key: u64, acc: &mut Vec<(u32, f64)>| {
            acc.clear();
            for t in ts {
                t.add_averaged(key, acc);
            }
            for x in acc.iter_mut() {
                x.1 /= k;
            }
        };
        let mut maxabs = 1e-9f64;
        for &key in &keys {
            mean(key, &mut acc);
            for x in &acc {
                maxabs = maxabs.max(x.1.abs());
            }
        }
        let scale = 32000.0 / maxabs;
        let mut out_keys = Vec::with_capacity(keys.len());
        let mut starts = vec![0u32];
        let mut cls = Vec::new();
        let mut w = Vec::new();
        let mut tmp: Vec<(u16, i16)> = Vec::new();
        for &key in &keys {
            mean(key, &mut acc);
            tmp.clear();
            for &(cl, a) in &acc {
                if a.abs() < prune {
                    continue;
                }
                let q = (a * scale).round().clamp(-32767.0, 32767.0) as i16;
                if q != 0 {
                    tmp.push((cl as u16, q));
                }
            }
            if tmp.is_empty() {
                continue;
            }
            tmp.sort_unstable();
            out_keys.push(key);
            for &(cl, q) in &tmp {
                cls.push(cl);
                w.push(q);
            }
            starts.push(cls.len() as u32);
        }
        Linear::build(n_classes, out_keys, starts, cls, w)
    }
}

#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    end: u32,
}

/// Open-addressing hash table from feature keys to row ranges.
#[derive(Default)]
struct Table {
    slots: Vec<Slot>,
    mask: usize,
}

#[inline]
fn nz(k: u64) -> u64 {
    if k == 0 {
        1
    } else {
        k
    }
}

impl Table {
    fn build(keys: &[u64], starts: &[u32]) -> Table {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let mask = cap - 1;
        for (i, &k) in keys.iter().enumerate() {
            let k = nz(k);
            let mut p = (k as usize) & mask;
            loop {
                if slots[p].key == 0 {
                    slots[p] = Slot {
                        key: k,
                        start: starts[i],
                        end: starts[i + 1],
                    };
                    break;
                }
                if slots[p].key == k {
                    break;
                }
                p = (p + 1) & mask;
            }
        }
        Table { slots, mask }
    }
    #[inline]
    fn get(&self, k: u64) -> Option<(usize, usize)> {
        if self.slots.is_empty() {
            return None;
        }
        let k = nz(k);
        let mut p = (k as usize) & self.mask;
        loop {
            let s = &self.slots[p];
            if s.key == k {
                return Some((s.start as usize, s.end as usize));
            }
            if s.key == 0 {
                return None;
            }
            p = (p + 1) & self.mask;
        }
    }
}

/// Compact inference model: sparse rows of (class, i16 weight).
///
/// In memory, a feature table of 8-byte slots (32-bit check of the key's
/// high half, offset of the row) and one packed `u32` array holding each
/// row as `[len, (class << 16 | weight as u16)...]`: two cache lines per
/// feature lookup at most.
pub(crate) struct Linear {
    n_classes: usize,
    keys: Vec<u64>,
    lens: Vec<u16>,
    cls: Vec<u16>,
    w: Vec<i16>,
    slots: Vec<(u32, u32)>,
    rows: Vec<u32>,
    /// Rows with many classes, stored whole (`n_classes` weights each) so that adding them
    /// is a vector loop instead of a scatter.
    dense: Vec<i16>,
    mask: usize,
}

const EMPTY: u32 = u32::MAX;
/// Slot offsets with this bit set index `dense` (in rows of `n_classes`).
const DENSE: u32 = 1 << 31;

/// A row is stored dense when it holds at least this share of the classes (its dense form
/// then costs no more than about twice its sparse one) and at least 8 weights.
fn dense_min(n_classes: usize) -> usize {
    (n_classes / 4).max(8)
}

impl Linear {
    fn build(
        n_classes: usize,
        keys: Vec<u64>,
        starts: Vec<u32>,
        cls: Vec<u16>,
        w: Vec<i16>,
    ) -> Self {
        let lens: Vec<u16> = starts
            .windows(2)
            .map(|p| (p[1] - p[0]).min(u16::MAX as u32) as u16)
            .collect();
        Self::from_parts(n_classes, keys, lens, cls, w)
    }

    fn from_parts(
        n_classes: usize,
        keys: Vec<u64>,
        lens: Vec<u16>,
        cls: Vec<u16>,
        w: Vec<i16>,
    ) -> Self {
        let cap = (keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![(0u32, EMPTY); cap];
        let mut rows = Vec::with_capacity(keys.len() + cls.len());
        let mut dense: Vec<i16> = Vec::new();
        let dmin = dense_min(n_classes);
        let mut at = 0usize;
        for (i, &k) in keys.iter().enumerate() {
            let len = lens[i] as usize;
            let off = if len >= dmin && n_classes > 0 {
                let d = (dense.len() / n_classes) as u32 | DENSE;
                let base = dense.len();
                dense.resize(base + n_classes, 0);
                for j in at..at + len {
                    if let Some(x) = dense.get_mut(base + cls[j] as usize) {
                        *x = w[j];
                    }
                }
                d
            } else {
                let off = rows.len() as u32;
                rows.push(len as u32);
                for j in at..at + len {
                    rows.push(((cls[j] as u32) << 16) | (w[j] as u16 as u32));
                }
                off
            };
            at += len;
            let check = (k >> 32) as u32;
            let mut p = (k as usize) & mask;
            while slots[p].1 != EMPTY {
                p = (p + 1) & mask;
            }
            slots[p] = (check, off);
        }
        Linear {
            n_classes,
            keys,
            lens,
            cls,
            w,
            slots,
            rows,
            dense,
            mask,
        }
    }

    /// Number of classes.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of stored weights.
    pub(crate) fn n_weights(&self) -> usize {
        self.w.len()
    }

    /// Number of feature rows.
    pub(crate) fn n_rows(&self) -> usize {
        self.keys.len()
    }

    #[inline]
    fn find(&self, k: u64) -> u32 {
        let check = (k >> 32) as u32;
        let mut p = (k as usize) & self.mask;
        loop {
            let Some(&(c, off)) = self.slots.get(p) else {
                return EMPTY;
            };
            if off == EMPTY || c == check {
                return off;
            }
            p = (p + 1) & self.mask;
        }
    }

    /// Adds the weights of `feats` into `scores` (length ≥ n_classes).
    ///
    /// Memory latency dominates, so the work is split into branch-free
    /// passes whose loads are independent and can be overlapped by the CPU:
    /// home slots of all features, then probe resolution, then row headers,
    /// then the accumulation.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32]) {
        const B: usize = 64;
        let mut first = [(0u32, EMPTY); B];
        let mut offs = [0u32; B];
        let mut lens = [0u32; B];
        let mut dense = [0u32; B];
        if self.slots.is_empty() {
            return;
        }
        let nc = self.n_classes;
        for chunk in feats.chunks(B) {
            for (h, &f) in first.iter_mut().zip(chunk) {
                *h = self.slots[(f as usize) & self.mask];
            }
            let (mut n, mut nd) = (0, 0);
            for (k, &f) in chunk.iter().enumerate() {
                let (c, off) = first[k];
                let o = if off == EMPTY {
                    EMPTY
                } else if c == (f >> 32) as u32 {
                    off
                } else {
                    self.find(f)
                };
                let is_dense = o != EMPTY && o & DENSE != 0;
                offs[n] = o;
                n += (o != EMPTY && !is_dense) as usize;
                dense[nd] = o & !DENSE;
                nd += is_dense as usize;
            }
            for k in 0..n {
                lens[k] = self.rows.get(offs[k] as usize).copied().unwrap_or(0);
            }
            if let Some(acc) = scores.get_mut(..nc) {
                for &d in &dense[..nd] {
                    let o = d as usize * nc;
                    let Some(row) = self.dense.get(o..o + nc) else {
                        continue;
                    };
                    for (s, &w) in acc.iter_mut().zip(row) {
                        *s += w as i32;
                    }
                }
            }
            for k in 0..n {
                let o = offs[k] as usize + 1;
                let Some(row) = self.rows.get(o..o + lens[k] as usize) else {
                    continue;
                };
                for &x in row {
                    if let Some(v) = scores.get_mut((x >> 16) as usize) {
                        *v += x as u16 as i16 as i32;
                    }
                }
            }
        }
    }

    /// Copy without weights whose magnitude is below `min_q` (quantised units).
    pub(crate) fn pruned(&self, min_q: i16) -> Linear {
        let (mut keys, mut lens, mut cls, mut w) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut at = 0usize;
        for (i, &k) in self.keys.iter().enumerate() {
            let len = self.lens[i] as usize;
            let mut n = 0u16;
            for j in at..at + len {
                if self.w[j].unsigned_abs() >= min_q.unsigned_abs() {
                    cls.push(self.cls[j]);
                    w.push(self.w[j]);
                    n += 1;
                }
            }
            at += len;
            if n > 0 {
                keys.push(k);
                lens.push(n);
            }
        }
        Linear::from_parts(self.n_classes, keys, lens, cls, w)
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.len(self.n_classes);
        w.u64s(&self.keys);
        w.u16s(&self.lens);
        w.u16s(&self.cls);
        w.i16s(&self.w);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let n_classes = r.u32()? as usize;
        let keys = r.u64s()?;
        let lens = r.u16s()?;
        let cls = r.u16s()?;
        let w = r.i16s()?;
        if lens.len() != keys.len() || cls.len() != w.len() {
            return Err(Error::Format("inconsistent linear model".into()));
        }
        let total: u64 = lens.iter().map(|&l| l as u64).sum();
        if total != cls.len() as u64 {
            return Err(Error::Format("inconsistent linear rows".into()));
        }
        if n_classes > u16::MAX as usize + 1 || cls.iter().any(|&c| c as usize >= n_classes) {
            return Err(Error::Format("class id out of range".into()));
        }
        if keys.windows(2).any(|p| p[0] >= p[1]) {
            return Err(Error::Format("feature keys not sorted".into()));
        }
        Ok(Linear::from_parts(n_classes, keys, lens, cls, w))
    }
}

/// Deterministic u64 → u32 map used for dictionaries (built from sorted
/// pairs, serialised sorted).
#[derive(Default)]
pub(crate) struct KeyMap {
    pairs: Vec<(u64, u32)>,
    table: Table,
}

impl KeyMap {
    pub(crate) fn from_pairs(mut pairs: Vec<(u64, u32)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        let keys: Vec<u64> = pairs.iter().map(|p| p.0).collect();
        let mut starts: Vec<u32> = pairs.iter().map(|p| p.1).collect();
        starts.push(0);
        // store value in `start`, ignore end
        let table = Table::build(&keys, &starts);
        KeyMap { pairs, table }
    }
    #[inline]
    pub(crate) fn get(&self, k: u64) -> Option<u32> {
        self.table.get(k).map(|(s, _)| s as u32)
    }
    pub(crate) fn len(&self) -> usize {
        self.pairs.len()
    }
    pub(crate) fn values(&self) -> impl Iterator<Item = u32> + '_ {
        self.pairs.iter().map(|p| p.1)
    }
    pub(crate) fn write(&self, w: &mut Writer) {
        let k: Vec<u64> = self.pairs.iter().map(|p| p.0).collect();
        let v: Vec<u32> = self.pairs.iter().map(|p| p.1).collect();
        w.u64s(&k);
        w.u32s(&v);
    }
    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let k = r.u64s()?;
        let v = r.u32s()?;
        if k.len() != v.len() {
            return Err(Error::Format("inconsistent key map".into()));
        }
        Ok(KeyMap::from_pairs(k.into_iter().zip(v).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of every length (sparse below the dense threshold, dense above it) and features
    /// that collide in the table add exactly what a plain sum of their weights gives.
    #[test]
    fn scores_equal_a_plain_sum_for_sparse_and_dense_rows() {
        let n_classes = 40;
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let mut rows: Vec<(u64, Vec<(u16, i16)>)> = Vec::new();
        for i in 0..300u64 {
            // keys with equal low bits collide in the slot table
            let key = if i % 10 == 0 {
                (i << 40) | 5
            } else {
                next() | 1
            };
            let len = (i as usize % (n_classes + 1)).max(1);
            let mut cls: Vec<u16> = (0..n_classes as u16).collect();
            for j in (1..cls.len()).rev() {
                cls.swap(j, next() as usize % (j + 1));
            }
            let mut row: Vec<(u16, i16)> = cls[..len]
                .iter()
                .map(|&c| (c, (next() % 2001) as i16 - 1000))
                .collect();
            row.sort_unstable();
            rows.push((key, row));
        }
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let keys: Vec<u64> = rows.iter().map(|r| r.0).collect();
        let lens: Vec<u16> = rows.iter().map(|r| r.1.len() as u16).collect();
        let cls: Vec<u16> = rows.iter().flat_map(|r| r.1.iter().map(|x| x.0)).collect();
        let w: Vec<i16> = rows.iter().flat_map(|r| r.1.iter().map(|x| x.1)).collect();
        let m = Linear::from_parts(n_classes, keys.clone(), lens, cls, w);
        assert!(!m.dense.is_empty(), "some rows are dense");
        assert!(m.rows.len() > keys.len(), "some rows are sparse");
        // 150 features: present ones (some twice) and absent ones.
        let mut feats: Vec<u64> = keys.iter().step_by(2).copied().collect();
        feats.extend(keys.iter().take(5));
        feats.extend((0..10).map(|i| (i << 40) | 7));
        let mut want = vec![0i32; n_classes];
        for f in &feats {
            if let Some(r) = rows.iter().find(|r| r.0 == *f) {
                for &(c, x) in &r.1 {
                    want[c as usize] += x as i32;
                }
            }
        }
        let mut got = vec![0i32; n_classes];
        m.score(&feats, &mut got);
        assert_eq!(got, want);
    }
}
