//! Gold readers and scorers shared by the `eval*` commands and by training.
//!
//! - [`events`]: the event gold format of `shared/gold/FORMAT.md` (one JSON record per line),
//!   its matching at three levels (strict, actor-only, strict+aux) and the one-to-one
//!   alignment of predictions with gold events;
//! - [`ner`]: CoNLL/BIO NER gold (KIND, WikiNEuRal) and exact-span scoring per class;
//! - [`geo`]: gold event locations and the geolocation scores (country, admin-1, error in
//!   km, within 161 km, toponyms);
//! - [`timeml`]: TimeML `.tml` gold (creation time, stripped text, TIMEX3s);
//! - [`brat`]: PolNeAR brat attributions and source comparison;
//! - [`Prf`]: matched/predicted/gold counts with precision, recall and F1.

pub mod brat;
pub mod events;
pub mod geo;
pub mod ner;
pub mod timeml;

/// Counts behind precision, recall and F1: predictions that matched, predictions, gold
/// items that were matched, gold items.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prf {
    /// Predictions that matched a gold item.
    pub tp_pred: usize,
    /// Predictions.
    pub predicted: usize,
    /// Gold items that were matched.
    pub tp_gold: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// Precision, recall and F1 (0 where undefined).
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = ratio(self.tp_pred, self.predicted);
        let r = ratio(self.tp_gold, self.gold);
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }

    /// F1 alone.
    pub fn f1(&self) -> f64 {
        self.prf().2
    }

    /// Adds another count.
    pub fn add(&mut self, o: Prf) {
        self.tp_pred += o.tp_pred;
        self.predicted += o.predicted;
        self.tp_gold += o.tp_gold;
        self.gold += o.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_of_counts() {
        let c = Prf {
            tp_pred: 3,
            predicted: 4,
            tp_gold: 3,
            gold: 6,
        };
        let (p, r, f) = c.prf();
        assert_eq!((p, r), (0.75, 0.5));
        assert!((f - 0.6).abs() < 1e-12);
        assert_eq!(Prf::default().prf(), (0.0, 0.0, 0.0));
    }
}
