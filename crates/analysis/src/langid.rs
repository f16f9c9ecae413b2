//! Language identification from the language packs' own evidence: a character-trigram
//! profile per pack (`data/lang/<iso>/langid.tsv`, made by `vedetta train langid` from the
//! pack's training text), scored as a naive Bayes model over the first few hundred bytes.
//!
//! A short English text ("Russia attacked Ukraine.") carries trigrams (`ked`, `ack`, ` uk`)
//! that Italian text hardly has, so a profile decides where a general identifier trained on
//! many languages hesitates. Text that fits no profile well (another language) is left to the
//! general identifier, which can name it.

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;

/// How many bytes of a document the profiles look at.
pub const SAMPLE_BYTES: usize = 600;

/// Trigrams kept per profile.
pub const DEFAULT_TOP: usize = 4000;

/// A trigram profile of one language: counts of the most frequent character trigrams of
/// lowercased words padded with spaces (`" ru"`, `"rus"`, …, `"ia "`).
#[derive(Debug, Clone)]
pub struct Profile {
    /// log P(trigram) for the trigrams kept (add-one smoothing).
    logp: HashMap<[char; 3], f32>,
    /// log P of a trigram not kept.
    unseen: f32,
    /// Mean log P per trigram of the training text under its own profile: how well text of
    /// this language fits it.
    typical: f32,
}

/// Errors reading a profile file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {msg}")]
pub struct ProfileError {
    /// File.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

/// The trigrams of `text`, in order: each run of letters (lowercased, at most 32 letters a
/// word) padded with one space on each side.
pub fn trigrams(text: &str, mut each: impl FnMut([char; 3])) {
    let mut word: Vec<char> = Vec::with_capacity(34);
    let mut flush = |word: &mut Vec<char>| {
        if !word.is_empty() {
            word.push(' ');
            for w in word.windows(3) {
                each([w[0], w[1], w[2]]);
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            if word.is_empty() {
                word.push(' ');
            }
            if word.len() <= 32 {
                word.extend(c.to_lowercase());
            }
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
}

impl Profile {
    /// Counts trigrams of `texts` and keeps the `top` most frequent (ties by trigram), as the
    /// text of a `langid.tsv` file. Deterministic.
    pub fn train<'a>(texts: impl Iterator<Item = &'a str>, top: usize) -> String {
        let mut counts: HashMap<[char; 3], u64> = HashMap::default();
        let mut sentences: Vec<&str> = Vec::new();
        for t in texts {
            trigrams(t, |g| *counts.entry(g).or_default() += 1);
            sentences.push(t);
        }
        let total: u64 = counts.values().sum();
        let mut list: Vec<([char; 3], u64)> = counts.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(top);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Character trigrams of lowercased words padded with spaces, most frequent first\n\
             # (vedetta train langid). total: trigrams counted in all; then trigram<TAB>count.\n\
             total\t{total}"
        );
        for (g, n) in &list {
            let s: String = g.iter().collect();
            let _ = writeln!(out, "{}\t{n}", s.replace(' ', "_"));
        }
        // The typical fit: mean log P of the training text, computed as the loader will.
        let p = Profile::from_counts(&list, total, 0.0);
        let (mut sum, mut n) = (0f64, 0u64);
        for t in &sentences {
            trigrams(t, |g| {
                sum += p.logp_of(&g) as f64;
                n += 1;
            });
        }
        let typical = if n == 0 { 0.0 } else { sum / n as f64 };
        let _ = writeln!(out, "typical\t{typical:.4}");
        out
    }

    fn from_counts(list: &[([char; 3], u64)], total: u64, typical: f32) -> Profile {
        let denom = (total + list.len() as u64 + 1) as f64;
        let logp = list
            .iter()
            .map(|(g, n)| (*g, ((*n + 1) as f64 / denom).ln() as f32))
            .collect();
        Profile {
            logp,
            unseen: (1.0 / denom).ln() as f32,
            typical,
        }
    }

    /// Reads a `langid.tsv` file (`path` names it in errors).
    pub fn parse(text: &str, path: &str) -> Result<Profile, ProfileError> {
        let err = |line: usize, msg: String| ProfileError {
            path: path.to_string(),
            line,
            msg,
        };
        let mut total: Option<u64> = None;
        let mut typical: Option<f32> = None;
        let mut list = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let no = i + 1;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (k, v) = line
                .split_once('\t')
                .ok_or_else(|| err(no, "expected two tab-separated fields".into()))?;
            match k {
                "total" => {
                    total = Some(v.parse().map_err(|_| err(no, format!("bad total {v:?}")))?)
                }
                "typical" => {
                    typical = Some(
                        v.parse()
                            .map_err(|_| err(no, format!("bad typical {v:?}")))?,
                    )
                }
                _ => {
                    let chars: Vec<char> = k.replace('_', " ").chars().collect();
                    let g: [char; 3] = chars.try_into().map_err(|_| {
                        err(no, format!("{k:?} is not a trigram of three characters"))
                    })?;
                    let n: u64 = v.parse().map_err(|_| err(no, format!("bad count {v:?}")))?;
                    list.push((g, n));
                }
            }
        }
        let total = total.ok_or_else(|| err(1, "no `total` line".into()))?;
        let typical = typical.ok_or_else(|| err(1, "no `typical` line".into()))?;
        if list.is_empty() {
            return Err(err(1, "no trigrams".into()));
        }
        Ok(Profile::from_counts(&list, total, typical))
    }

    fn logp_of(&self, g: &[char; 3]) -> f32 {
        self.logp.get(g).copied().unwrap_or(self.unseen)
    }
}

/// What the profiles say about a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    /// Index of the best profile.
    pub best: usize,
    /// Posterior probability of the best profile among the profiles (0.5–1 for two).
    pub confidence: f32,
    /// The best profile's mean log P per trigram minus its typical value: near 0 for text of
    /// its language, well below for text of another language.
    pub fit: f32,
    /// Trigrams scored.
    pub trigrams: usize,
}

/// Scores the first [`SAMPLE_BYTES`] of `text` under each profile.
pub fn guess(profiles: &[&Profile], text: &str) -> Option<Guess> {
    if profiles.is_empty() {
        return None;
    }
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut sums = vec![0f64; profiles.len()];
    let mut n = 0usize;
    trigrams(&text[..end], |g| {
        n += 1;
        for (s, p) in sums.iter_mut().zip(profiles) {
            *s += p.logp_of(&g) as f64;
        }
    });
    if n == 0 {
        return None;
    }
    let (best, &top) = sums
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
    // Posterior with equal priors: 1 / Σ exp(s_i − s_best).
    let z: f64 = sums.iter().map(|s| (s - top).exp()).sum();
    Some(Guess {
        best,
        confidence: (1.0 / z) as f32,
        fit: (top / n as f64) as f32 - profiles[best].typical,
        trigrams: n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigrams_pad_words() {
        let mut v = Vec::new();
        trigrams("Il re, l'uomo", |g| v.push(g.iter().collect::<String>()));
        assert_eq!(
            v,
            [" il", "il ", " re", "re ", " l ", " uo", "uom", "omo", "mo "]
        );
    }

    #[test]
    fn profiles_round_trip_and_decide() {
        let it = "il governo ha detto che la crisi della regione non è finita e che i \
                  ministri si sono incontrati nella capitale per discutere delle sanzioni";
        let en = "the government said that the crisis in the region is not over and that \
                  the ministers met in the capital to discuss the sanctions they attacked";
        let pi = Profile::parse(&Profile::train([it].into_iter(), 500), "it").unwrap();
        let pe = Profile::parse(&Profile::train([en].into_iter(), 500), "en").unwrap();
        let g = guess(&[&pi, &pe], "They attacked the capital.").unwrap();
        assert_eq!(g.best, 1);
        assert!(g.confidence > 0.9, "{g:?}");
        let g = guess(&[&pi, &pe], "Il ministro della difesa ha detto.").unwrap();
        assert_eq!(g.best, 0);
        assert!(guess(&[&pi, &pe], "1234 !!").is_none());
        assert!(Profile::parse("total\t3\nabcd\t1\ntypical\t-1\n", "x").is_err());
    }
}
