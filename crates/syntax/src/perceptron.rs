//! The averaged perceptron of the tagger and parser, for other stages' sequence and
//! classification models (the NER tagger of `vedetta-mentions`): training with exact
//! integer weights and averaging, quantised inference, a stable feature hash and a
//! compact, bounds-checked byte format.

use crate::codec::{Reader, Writer};
use crate::linear::{Linear, Trainer};
use crate::Result;

/// Stable 64-bit hash of a feature string (never changes between versions: model files
/// store these keys).
pub fn feature_hash(s: &str) -> u64 {
    crate::hash::hash_str(s)
}

/// A deterministic pseudo-random generator (splitmix64) for shuffling training data.
pub struct Shuffler(crate::hash::Rng);

impl Shuffler {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Shuffler(crate::hash::Rng::new(seed))
    }
    /// Shuffles a slice in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        self.0.shuffle(v)
    }
    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.0.unit()
    }
}

/// Training-time multi-class averaged perceptron over hashed features.
pub struct PerceptronTrainer {
    inner: Trainer,
    n_classes: usize,
}

impl PerceptronTrainer {
    /// A trainer for `n_classes` classes.
    pub fn new(n_classes: usize) -> Self {
        PerceptronTrainer {
            inner: Trainer::new(n_classes),
            n_classes,
        }
    }

    /// Scores of the current (not averaged) weights, one per class, into `scores`.
    pub fn scores(&self, feats: &[u64], scores: &mut Vec<i64>) {
        scores.clear();
        scores.resize(self.n_classes, 0);
        self.inner.score(feats, scores);
    }

    /// Promotes `gold` and demotes `pred` for `feats` (nothing when they are equal).
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        self.inner.update(feats, gold, pred);
    }

    /// Adds `delta` to class `cls`'s weight of each of `feats` (for structured updates,
    /// where the gold and predicted sequences have different features).
    pub fn adjust(&mut self, feats: &[u64], cls: usize, delta: i32) {
        if cls < self.n_classes {
            self.inner.adjust(feats, cls, delta);
        }
    }

    /// Marks the end of one training instance (for averaging).
    pub fn tick(&mut self) {
        self.inner.tick();
    }

    /// The averaged, quantised model; weights below `prune` (absolute, before
    /// quantisation) are dropped.
    pub fn finish(&self, prune: f64) -> Perceptron {
        Perceptron(self.inner.finish(prune))
    }

    /// One model from the mean of several trainers' averaged weights (the same task trained
    /// with different seeds); with one trainer, the same as [`PerceptronTrainer::finish`].
    pub fn finish_mean(trainers: &[&PerceptronTrainer], prune: f64) -> Perceptron {
        let inner: Vec<&Trainer> = trainers.iter().map(|t| &t.inner).collect();
        Perceptron(Trainer::finish_mean(&inner, prune))
    }
}

/// Inference model: quantised averaged weights.
pub struct Perceptron(Linear);

impl Perceptron {
    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.0.n_classes()
    }

    /// Number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.0.n_weights()
    }

    /// Class scores for `feats` into `scores` (resized to the number of classes).
    pub fn scores(&self, feats: &[u64], scores: &mut Vec<i32>) {
        scores.clear();
        scores.resize(self.0.n_classes(), 0);
        self.0.score(feats, scores);
    }

    /// The model as bytes (see [`Perceptron::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.0.write(&mut w);
        w.buf
    }

    /// Reads a model written by [`Perceptron::to_bytes`]; truncated or malformed data is an
    /// error, never a panic.
    pub fn from_bytes(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let l = Linear::read(&mut r)?;
        if !r.at_end() {
            return Err(crate::Error::Format(
                "trailing bytes after the weights".into(),
            ));
        }
        Ok(Perceptron(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let (a, b, bias) = (feature_hash("a"), feature_hash("b"), feature_hash("bias"));
        let mut t = PerceptronTrainer::new(2);
        let data = [(vec![a, bias], 0usize), (vec![b, bias], 1usize)];
        let mut s = Vec::new();
        for _ in 0..5 {
            for (f, g) in &data {
                t.scores(f, &mut s);
                let pred = if s[1] > s[0] { 1 } else { 0 };
                t.update(f, *g, pred);
                t.tick();
            }
        }
        let m = t.finish(0.0);
        let bytes = m.to_bytes();
        let m2 = Perceptron::from_bytes(&bytes).unwrap();
        let mut sc = Vec::new();
        m2.scores(&[a, bias], &mut sc);
        assert!(sc[0] > sc[1], "{sc:?}");
        m2.scores(&[b, bias], &mut sc);
        assert!(sc[1] > sc[0], "{sc:?}");
        assert_eq!(m2.to_bytes(), bytes);
        assert!(Perceptron::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Perceptron::from_bytes(&longer).is_err());
    }

    #[test]
    fn the_mean_of_trainers_averages_their_weights() {
        let (a, b) = (feature_hash("a"), feature_hash("b"));
        let mut t1 = PerceptronTrainer::new(2);
        t1.adjust(&[a], 0, 2);
        t1.tick();
        let mut t2 = PerceptronTrainer::new(2);
        t2.adjust(&[b], 1, 2);
        t2.tick();
        // One trainer: the same bytes as finishing it alone.
        assert_eq!(
            PerceptronTrainer::finish_mean(&[&t1], 0.0).to_bytes(),
            t1.finish(0.0).to_bytes()
        );
        // Two: each feature keeps half its weight, so `a` and `b` score alike.
        let m = PerceptronTrainer::finish_mean(&[&t1, &t2], 0.0);
        let (mut sa, mut sb) = (Vec::new(), Vec::new());
        m.scores(&[a], &mut sa);
        m.scores(&[b], &mut sb);
        assert!(sa[0] > 0 && sa[1] == 0, "{sa:?}");
        assert_eq!(sa[0], sb[1]);
        // An unknown class is ignored, not a panic.
        t1.adjust(&[a], 7, 1);
    }
}
