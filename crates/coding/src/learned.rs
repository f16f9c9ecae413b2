//! The learned event classifier: a logistic model over the coder's candidates.
//!
//! Every candidate trigger whose frame has an actor becomes an event proposal; the model
//! scores it from features of the candidate — the rules' verdict, the pattern and its type,
//! the lemma, where the predicate sits in the tree, how the actor and recipient were found
//! and what they are, the mode cues — so the dictionaries and rules vote as features and
//! the weights say how far to trust each in context. The rules' decision stands unless the
//! model is sure: a proposal the rules code is dropped when its probability is below
//! `veto`, one they do not code is added when its probability reaches `rescue`; one event
//! per predicate (the best-scoring type). A pattern marked `force = true` in its dictionary is an event whenever the rules
//! code it, whatever the model says (curated knowledge wins when it is marked so).
//!
//! Trained by `vedetta train events` ([`train`]) with a fixed seed: the same examples and
//! options give the same bytes. The model file (`data/models/<lang>/events.model`) is a
//! small binary: magic, the two thresholds, a JSON header (options, figures) and sorted
//! `(feature hash, weight)` pairs.

use rustc_hash::FxHashMap;

const MAGIC: &[u8; 16] = b"VEDETTA-EVENTS1\n";

/// FNV-1a hash of a feature name (stable across runs and platforms).
pub fn feature_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A trained event classifier.
#[derive(Debug, Clone)]
pub struct EventModel {
    weights: FxHashMap<u64, f32>,
    /// Below this probability a proposal the rules code is dropped.
    pub veto: f64,
    /// At or above this probability a proposal the rules do not code is added (above 1:
    /// never).
    pub rescue: f64,
    /// The header: options and training figures (JSON).
    pub header: String,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not an event model, or a broken one.
    #[error("not a vedetta event model ({0})")]
    Format(String),
}

impl EventModel {
    /// Is a proposal an event: the rules' decision `coded`, unless the model is sure.
    pub fn decide(&self, coded: bool, probability: f64) -> bool {
        if coded {
            probability >= self.veto
        } else {
            probability >= self.rescue
        }
    }

    /// Logistic probability of a proposal with these features.
    pub fn probability(&self, feats: &[String]) -> f64 {
        sigmoid(self.margin(feats))
    }

    fn margin(&self, feats: &[String]) -> f64 {
        feats
            .iter()
            .filter_map(|f| self.weights.get(&feature_hash(f)))
            .map(|&w| w as f64)
            .sum()
    }

    /// The features that weighed most (largest absolute weight first), at most `n`.
    pub fn contributions(&self, feats: &[String], n: usize) -> Vec<(String, f64)> {
        let mut v: Vec<(String, f64)> = feats
            .iter()
            .filter_map(|f| {
                self.weights
                    .get(&feature_hash(f))
                    .map(|&w| (f.clone(), w as f64))
            })
            .collect();
        v.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }

    /// Number of weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True when the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The model file's bytes (weights sorted by feature hash: deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.veto.to_le_bytes());
        out.extend_from_slice(&self.rescue.to_le_bytes());
        let h = self.header.as_bytes();
        out.extend_from_slice(&(h.len() as u32).to_le_bytes());
        out.extend_from_slice(h);
        let mut w: Vec<(u64, f32)> = self.weights.iter().map(|(&k, &v)| (k, v)).collect();
        w.sort_unstable_by_key(|x| x.0);
        out.extend_from_slice(&(w.len() as u32).to_le_bytes());
        for (k, v) in w {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Reads a model file.
    pub fn from_bytes(b: &[u8]) -> Result<EventModel, ModelError> {
        let bad = |m: &str| ModelError::Format(m.to_string());
        let mut r = b
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| bad("bad magic"))?;
        let mut take = |n: usize| -> Result<&[u8], ModelError> {
            if r.len() < n {
                return Err(bad("truncated"));
            }
            let (a, rest) = r.split_at(n);
            r = rest;
            Ok(a)
        };
        let veto = f64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
        let rescue = f64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
        if !(0.0..=1.0).contains(&veto) || !(0.0..=2.0).contains(&rescue) {
            return Err(bad("thresholds out of range"));
        }
        let hl = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        let header = String::from_utf8(take(hl)?.to_vec()).map_err(|_| bad("header not UTF-8"))?;
        let n = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        let body = take(n.checked_mul(12).ok_or_else(|| bad("size"))?)?;
        if !r.is_empty() {
            return Err(bad("trailing bytes"));
        }
        let mut weights = FxHashMap::default();
        weights.reserve(n);
        let mut last = None;
        for c in body.chunks_exact(12) {
            let k = u64::from_le_bytes(c[..8].try_into().expect("8 bytes"));
            let v = f32::from_le_bytes(c[8..].try_into().expect("4 bytes"));
            if last.is_some_and(|l| l >= k) || !v.is_finite() {
                return Err(bad("weights not sorted or not finite"));
            }
            last = Some(k);
            weights.insert(k, v);
        }
        Ok(EventModel {
            weights,
            veto,
            rescue,
            header,
        })
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// One training proposal: its features, whether it is a gold event, and its weight.
#[derive(Debug, Clone)]
pub struct Example {
    /// Feature names.
    pub feats: Vec<String>,
    /// A gold event (strict match).
    pub positive: bool,
    /// Weight of the example (1; lower for borderline gold).
    pub weight: f64,
    /// Group id (the training record), for cross-validation folds.
    pub group: usize,
    /// The rules code it.
    pub coded: bool,
    /// It matches a required gold event strictly (type, actor and recipient), whatever the
    /// label: for the cross-validated strict F1 that training reports.
    pub strict: bool,
}

/// Training options.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Learning rate at the first epoch (decays as 1/(1 + epoch)).
    pub rate: f64,
    /// L2 regularisation per update.
    pub l2: f64,
    /// Cross-validation folds for choosing the thresholds (< 2: the rules' decisions).
    pub folds: usize,
    /// Also choose a rescue threshold (proposals the rules do not code may be added); off,
    /// only vetoes are learned.
    pub rescue: bool,
    /// A fixed veto threshold instead of the cross-validated one (the figures reported are
    /// the cross-validated ones at it).
    pub veto: Option<f64>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 20,
            seed: 1,
            rate: 0.1,
            l2: 1e-2,
            folds: 5,
            rescue: false,
            veto: None,
        }
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Passes of stochastic gradient descent in different example orders (seeds `seed`,
/// `seed + 1` …) whose weights are averaged: one order's weights move with every small change
/// of the examples, the average much less.
const ORDERS: u64 = 8;

fn fit(examples: &[&Example], o: &TrainOptions) -> FxHashMap<u64, f64> {
    let mut sum: FxHashMap<u64, f64> = FxHashMap::default();
    for k in 0..ORDERS {
        let one = fit_once(
            examples,
            &TrainOptions {
                seed: o.seed.wrapping_add(k),
                ..*o
            },
        );
        for (f, v) in one {
            *sum.entry(f).or_insert(0.0) += v;
        }
    }
    for v in sum.values_mut() {
        *v /= ORDERS as f64;
    }
    sum
}

fn fit_once(examples: &[&Example], o: &TrainOptions) -> FxHashMap<u64, f64> {
    let hashed: Vec<Vec<u64>> = examples
        .iter()
        .map(|e| {
            let mut v: Vec<u64> = e.feats.iter().map(|f| feature_hash(f)).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let mut w: FxHashMap<u64, f64> = FxHashMap::default();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(o.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    for epoch in 0..o.epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.next() as usize % (i + 1));
        }
        let lr = o.rate / (1.0 + epoch as f64);
        for &i in &order {
            let e = examples[i];
            let m: f64 = hashed[i].iter().filter_map(|k| w.get(k)).sum();
            let y = if e.positive { 1.0 } else { 0.0 };
            let g = (sigmoid(m) - y) * e.weight;
            for k in &hashed[i] {
                let x = w.entry(*k).or_insert(0.0);
                *x -= lr * (g + o.l2 * *x);
            }
        }
    }
    w
}

/// Proposal-level counts of decisions at thresholds: (true positives, predicted,
/// positives, strict true positives), weighted.
fn counts_at(probs: &[(f64, &Example)], veto: f64, rescue: f64) -> (f64, f64, f64, f64) {
    let (mut tp, mut pred, mut pos, mut strict) = (0.0, 0.0, 0.0, 0.0);
    for (p, e) in probs {
        if e.positive {
            pos += e.weight;
        }
        let yes = if e.coded { *p >= veto } else { *p >= rescue };
        if yes {
            pred += e.weight;
            if e.positive {
                tp += e.weight;
            }
            if e.strict {
                strict += e.weight;
            }
        }
    }
    (tp, pred, pos, strict)
}

/// The F1 of the decisions at thresholds: with `gold` required gold events, the strict F1
/// against all of them (as `vedetta eval` counts, the gold events no proposal reaches
/// included); with 0, the proposal-level F1 of the label (what the thresholds are chosen by).
fn score(probs: &[(f64, &Example)], veto: f64, rescue: f64, gold: usize) -> f64 {
    let (tp, pred, pos, strict) = counts_at(probs, veto, rescue);
    if gold > 0 {
        f1(strict, pred, gold as f64)
    } else {
        f1(tp, pred, pos)
    }
}

fn f1(tp: f64, pred: f64, pos: f64) -> f64 {
    if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (pred + pos)
    }
}

/// What training reports besides the model.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Cross-validated proposal-level F1 at the chosen thresholds.
    pub cv_f1: f64,
    /// The rules' decisions' proposal-level F1.
    pub rules_f1: f64,
    /// Cross-validated strict F1 against the training records' gold events at the chosen
    /// thresholds (the proposal-level F1 when no gold count was given).
    pub cv_strict_f1: f64,
    /// The chosen veto threshold.
    pub veto: f64,
    /// The chosen rescue threshold.
    pub rescue: f64,
    /// Examples and positives.
    pub examples: usize,
    /// Positive examples.
    pub positives: usize,
}

/// Trains the classifier: the thresholds are those that maximise proposal-level F1 in
/// `folds`-fold cross-validation over the training records (never a dev set), then the
/// model is fitted on all of them; the strict F1 against their `gold` required gold events
/// is reported too. Deterministic for the same examples and options.
pub fn train(
    examples: &[Example],
    gold: usize,
    o: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> (EventModel, TrainReport) {
    let mut report = TrainReport {
        examples: examples.len(),
        positives: examples.iter().filter(|e| e.positive).count(),
        veto: 0.0,
        rescue: 2.0,
        ..Default::default()
    };
    {
        let probs: Vec<(f64, &Example)> = examples
            .iter()
            .map(|e| (if e.coded { 1.0 } else { 0.0 }, e))
            .collect();
        let (tp, pred, pos, _) = counts_at(&probs, 0.5, 0.5);
        report.rules_f1 = f1(tp, pred, pos);
    }
    if o.folds >= 2 {
        let mut probs: Vec<(f64, &Example)> = Vec::with_capacity(examples.len());
        for f in 0..o.folds {
            let tr: Vec<&Example> = examples.iter().filter(|e| e.group % o.folds != f).collect();
            let w = fit(&tr, o);
            for e in examples.iter().filter(|e| e.group % o.folds == f) {
                let mut ks: Vec<u64> = e.feats.iter().map(|x| feature_hash(x)).collect();
                ks.sort_unstable();
                ks.dedup();
                let m: f64 = ks.iter().filter_map(|k| w.get(k)).sum();
                probs.push((sigmoid(m), e));
            }
            log(format!("cross-validation fold {}/{} done", f + 1, o.folds));
        }
        // The rules' decisions are the start; a threshold moves only for a clear gain.
        let (mut best, mut best_f) = ((0.0, 2.0), report.rules_f1 + 0.005);
        for v in 0..=10 {
            let veto = f64::from(v) * 0.05;
            let from = if o.rescue { 10 } else { 21 };
            for r in from..=21 {
                let rescue = if r == 21 { 2.0 } else { f64::from(r) * 0.05 };
                let f = score(&probs, veto, rescue, 0);
                if f > best_f + 1e-12 {
                    best_f = f;
                    best = (veto, rescue);
                }
            }
        }
        if let Some(v) = o.veto {
            best.0 = v;
        }
        // Both curves, for choosing a fixed `--veto`: the strict F1 counts the gold events
        // no proposal reaches, so it always favours coding more.
        for g in [0, gold] {
            let curve: Vec<String> = (0..=10)
                .map(|v| {
                    let veto = f64::from(v) * 0.05;
                    format!("{veto:.2}:{:.3}", score(&probs, veto, best.1, g))
                })
                .collect();
            log(format!(
                "cross-validated {} by veto threshold: {}",
                if g > 0 { "strict F1" } else { "proposal F1" },
                curve.join(" ")
            ));
        }
        report.cv_f1 = score(&probs, best.0, best.1, 0);
        report.cv_strict_f1 = score(&probs, best.0, best.1, gold);
        (report.veto, report.rescue) = best;
        log(format!(
            "proposal F1: the rules {:.3}; cross-validated with the model {:.3}, strict F1 {:.3} (veto below {:.2}, rescue from {})",
            report.rules_f1,
            report.cv_f1,
            report.cv_strict_f1,
            best.0,
            if best.1 > 1.0 { "never".to_string() } else { format!("{:.2}", best.1) }
        ));
    }
    if let Some(v) = o.veto {
        report.veto = v;
    }
    let all: Vec<&Example> = examples.iter().collect();
    let w = fit(&all, o);
    let weights: FxHashMap<u64, f32> = w
        .into_iter()
        .filter(|(_, v)| v.abs() >= 1e-4)
        .map(|(k, v)| (k, v as f32))
        .collect();
    let header = format!(
        "{{\"epochs\":{},\"seed\":{},\"rate\":{},\"l2\":{},\"folds\":{},\"examples\":{},\"positives\":{},\"rules_f1\":{:.4},\"cv_f1\":{:.4}}}",
        o.epochs, o.seed, o.rate, o.l2, o.folds, report.examples, report.positives, report.rules_f1, report.cv_f1
    );
    (
        EventModel {
            weights,
            veto: report.veto,
            rescue: report.rescue,
            header,
        },
        report,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(f: &[&str], coded: bool, positive: bool, group: usize) -> Example {
        Example {
            feats: f.iter().map(|s| s.to_string()).collect(),
            positive,
            weight: 1.0,
            group,
            coded,
            strict: positive,
        }
    }

    fn feats(f: &[&str]) -> Vec<String> {
        f.iter().map(|s| s.to_string()).collect()
    }

    /// The rules code `good` and `bad` patterns alike; only `good` ones are gold events, and
    /// background `rescued` ones are too: the model learns to veto `bad` and rescue `rescued`.
    #[test]
    fn learns_to_veto_and_rescue_and_round_trips() {
        let mut v = Vec::new();
        for g in 0..80 {
            v.push(ex(&["b", "v=coded", "p=good"], true, true, g));
            v.push(ex(&["b", "v=coded", "p=bad"], true, false, g));
            v.push(ex(&["b", "v=background", "p=rescued"], false, true, g));
            v.push(ex(&["b", "v=background", "p=other"], false, false, g));
        }
        let o = TrainOptions {
            rescue: true,
            ..Default::default()
        };
        let (m, rep) = train(&v, 0, &o, &mut |_| {});
        assert!((rep.rules_f1 - 0.5).abs() < 1e-9, "{rep:?}");
        assert!(rep.cv_f1 > 0.95, "{rep:?}");
        let p = |f: &[&str]| m.probability(&feats(f));
        assert!(m.decide(true, p(&["b", "v=coded", "p=good"])));
        assert!(!m.decide(true, p(&["b", "v=coded", "p=bad"])));
        assert!(m.decide(false, p(&["b", "v=background", "p=rescued"])));
        assert!(!m.decide(false, p(&["b", "v=background", "p=other"])));
        let bytes = m.to_bytes();
        let back = EventModel::from_bytes(&bytes).expect("reads");
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(
            back.probability(&feats(&["b", "p=bad"])),
            p(&["b", "p=bad"])
        );
        // same data, same options: same bytes
        let (m2, _) = train(&v, 0, &o, &mut |_| {});
        assert_eq!(m2.to_bytes(), bytes);
        // without rescues, the background ones stay out
        let (m3, _) = train(&v, 0, &TrainOptions::default(), &mut |_| {});
        assert!(m3.rescue > 1.0);
        assert!(!m3.decide(true, m3.probability(&feats(&["b", "v=coded", "p=bad"]))));
        let top = m.contributions(&feats(&["p=bad", "nothing"]), 5);
        assert_eq!(top.len(), 1);
        assert!(top[0].1 < 0.0);
    }

    /// When the model cannot beat the rules in cross-validation, the rules' decisions stand.
    #[test]
    fn the_rules_stand_without_a_clear_gain() {
        let v: Vec<Example> = (0..40)
            .map(|g| ex(&["b", "v=coded"], true, g % 2 == 0, g))
            .collect();
        let (m, rep) = train(&v, 0, &TrainOptions::default(), &mut |_| {});
        assert_eq!((m.veto, m.rescue), (0.0, 2.0), "{rep:?}");
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(EventModel::from_bytes(b"nope").is_err());
        let o = TrainOptions {
            folds: 0,
            ..Default::default()
        };
        let (m, _) = train(
            &[ex(&["b"], true, true, 0), ex(&["c"], false, false, 1)],
            0,
            &o,
            &mut |_| {},
        );
        let b = m.to_bytes();
        assert!(EventModel::from_bytes(&b[..b.len() - 3]).is_err());
        let mut extra = b.clone();
        extra.push(0);
        assert!(EventModel::from_bytes(&extra).is_err());
    }
}
