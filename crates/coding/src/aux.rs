//! Auxiliary-mode cues (`data/lang/<iso>/aux.toml`): hypothetical, future, negation,
//! historical, found in the clause of a trigger.

use serde::Deserialize;
use vedetta_analysis::LangPack;
use vedetta_model::{Aux, Token};

#[derive(Deserialize, Default)]
struct CueList {
    #[serde(default)]
    cues: Vec<String>,
}

#[derive(Deserialize)]
struct AuxToml {
    #[serde(default = "default_window")]
    window: usize,
    #[serde(default)]
    hypothetical: CueList,
    #[serde(default)]
    future: CueList,
    #[serde(default)]
    negation: CueList,
    #[serde(default)]
    historical: CueList,
}

fn default_window() -> usize {
    6
}

/// Compiled cues of one language.
#[derive(Debug, Clone, Default)]
pub struct AuxCues {
    /// Tokens around a trigger within which a cue counts.
    pub window: usize,
    cues: Vec<(Vec<String>, Aux)>,
    /// Cue indices by their first word, longest cue first.
    by_first: rustc_hash::FxHashMap<String, Vec<usize>>,
}

/// A cue found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueHit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The mode it signals.
    pub aux: Aux,
}

impl AuxCues {
    /// Loads `aux.toml` of a pack (no cues when absent).
    pub fn load(pack: &LangPack) -> Result<AuxCues, crate::patterns::PatternError> {
        let Some((path, text)) = pack.file("aux.toml") else {
            return Ok(AuxCues {
                window: default_window(),
                ..Default::default()
            });
        };
        let t: AuxToml = toml::from_str(text).map_err(|e| crate::patterns::PatternError {
            path: path.to_string(),
            msg: e.to_string(),
        })?;
        let mut cues = Vec::new();
        for (list, aux) in [
            (&t.negation, Aux::Negation),
            (&t.hypothetical, Aux::Hypothetical),
            (&t.future, Aux::Future),
            (&t.historical, Aux::Historical),
        ] {
            for c in &list.cues {
                let keys: Vec<String> = vedetta_analysis::tokenize::tokenize(c, pack)
                    .into_iter()
                    .map(|t| t.lower)
                    .collect();
                if !keys.is_empty() {
                    cues.push((keys, aux));
                }
            }
        }
        // Longer cues first, so "non solo" style phrases win over their first word.
        cues.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
        let mut by_first: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for (i, c) in cues.iter().enumerate() {
            by_first.entry(c.0[0].clone()).or_default().push(i);
        }
        Ok(AuxCues {
            window: t.window,
            cues,
            by_first,
        })
    }

    /// Cues in `tokens[from..to]`.
    pub fn find(&self, tokens: &[Token], from: usize, to: usize) -> Vec<CueHit> {
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            let hit = self.by_first.get(&tokens[i].lower).and_then(|list| {
                list.iter().map(|&c| &self.cues[c]).find(|(keys, _)| {
                    i + keys.len() <= to
                        && keys
                            .iter()
                            .enumerate()
                            .all(|(k, key)| tokens[i + k].lower == *key)
                })
            });
            match hit {
                Some((keys, aux)) => {
                    out.push(CueHit {
                        start: i,
                        end: i + keys.len(),
                        aux: *aux,
                    });
                    i += keys.len();
                }
                None => i += 1,
            }
        }
        out
    }
}
