//! Quantities: numbers in digits or words, multipliers (`milioni`), vague amounts (`decine`,
//! `dozens`), fractions (`la metà`), percentages, with approximation and bound cues
//! (`circa`, `più di`, `up to`) and the counted noun (`1 milione di proiettili` → `proiettili`).
//! Years and day numbers of dates are not quantities. The words come from `quantities.toml`
//! of the language pack (see `data/README.md`).

use crate::quotes::{Phrases, RulesError};
use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use std::collections::BTreeMap;
use vedetta_analysis::{fold, LangPack};
use vedetta_model::{Analysis, Quantity, Shape, Span, Token};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct QuantitiesToml {
    #[serde(default)]
    decimal: Option<String>,
    #[serde(default)]
    numbers: BTreeMap<String, f64>,
    #[serde(default)]
    multipliers: BTreeMap<String, f64>,
    #[serde(default)]
    vague: BTreeMap<String, f64>,
    #[serde(default)]
    scale: BTreeMap<String, f64>,
    #[serde(default)]
    fractions: BTreeMap<String, f64>,
    #[serde(default)]
    percent: Vec<String>,
    #[serde(default)]
    approx: Vec<String>,
    #[serde(default)]
    at_least: Vec<String>,
    #[serde(default)]
    at_most: Vec<String>,
    #[serde(default)]
    link: Vec<String>,
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    year_cues: Vec<String>,
    #[serde(default)]
    not_units: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Approx,
    AtLeast,
    AtMost,
}

/// The compiled quantity rules of one language.
#[derive(Debug, Clone, Default)]
pub struct QuantityRules {
    decimal: char,
    numbers: Phrases<f64>,
    multipliers: Phrases<f64>,
    vague: Phrases<f64>,
    scale: Phrases<f64>,
    fractions: Phrases<f64>,
    percent: Phrases<()>,
    cues: Phrases<Bound>,
    link: Phrases<()>,
    months: HashSet<String>,
    year_cues: HashSet<String>,
    not_units: HashSet<String>,
    /// First token keys of `cues`, `fractions`, `vague`, `numbers` and `multipliers`: a
    /// quantity can start only at one of these or at a number.
    starts: HashSet<String>,
}

/// Loads `quantities.toml` of `pack` (empty rules when the pack has none).
pub fn load(pack: &LangPack) -> Result<QuantityRules, RulesError> {
    let mut r = QuantityRules {
        decimal: '.',
        ..Default::default()
    };
    let Some((path, text)) = pack.file("quantities.toml") else {
        return Ok(r);
    };
    let t: QuantitiesToml = toml::from_str(text).map_err(|e| RulesError {
        path: path.into(),
        msg: e.to_string(),
    })?;
    r.decimal = match t.decimal.as_deref() {
        None | Some(".") => '.',
        Some(",") => ',',
        Some(o) => {
            return Err(RulesError {
                path: path.into(),
                msg: format!("decimal must be \".\" or \",\", not {o:?}"),
            })
        }
    };
    let table = |m: &BTreeMap<String, f64>| {
        let mut p = Phrases::default();
        for (k, v) in m {
            p.add(k, pack, *v);
        }
        p
    };
    r.numbers = table(&t.numbers);
    r.multipliers = table(&t.multipliers);
    r.vague = table(&t.vague);
    r.scale = table(&t.scale);
    r.fractions = table(&t.fractions);
    for p in &t.percent {
        r.percent.add(p, pack, ());
    }
    for (list, b) in [
        (&t.approx, Bound::Approx),
        (&t.at_least, Bound::AtLeast),
        (&t.at_most, Bound::AtMost),
    ] {
        for p in list {
            r.cues.add(p, pack, b);
        }
    }
    for p in &t.link {
        r.link.add(p, pack, ());
    }
    let set = |v: &[String]| v.iter().map(|s| fold(s)).collect::<HashSet<String>>();
    r.months = set(&t.months);
    r.year_cues = set(&t.year_cues);
    r.not_units = set(&t.not_units);
    r.starts = [&r.fractions, &r.vague, &r.numbers, &r.multipliers]
        .into_iter()
        .flat_map(|p| p.first_keys())
        .chain(r.cues.first_keys())
        .map(str::to_string)
        .collect();
    Ok(r)
}

/// Parses digits with the language's decimal separator: `1,5` (it) = 1.5, `1.000` (it) = 1000.
fn parse_digits(s: &str, decimal: char) -> Option<f64> {
    if !s.chars().next()?.is_ascii_digit()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let group = if decimal == ',' { '.' } else { ',' };
    // Thousands groups must be three digits each.
    let (int, frac) = match s.rsplit_once(decimal) {
        Some((i, f)) if !f.contains(group) => (i, Some(f)),
        Some(_) => return None,
        None => (s, None),
    };
    if int.contains(decimal) {
        return None;
    }
    let parts: Vec<&str> = int.split(group).collect();
    if parts.len() > 1
        && (parts[0].is_empty() || parts[0].len() > 3 || parts[1..].iter().any(|p| p.len() != 3))
    {
        return None;
    }
    let mut n: String = parts.concat();
    if let Some(f) = frac {
        if f.is_empty() {
            return None;
        }
        n.push('.');
        n.push_str(f);
    }
    n.parse().ok()
}

struct Core {
    end: usize,
    value: f64,
    approx: bool,
    fraction: bool,
    percent: bool,
    /// A plain number in digits with nothing after it (a year or a day candidate).
    plain_int: Option<(usize, String)>,
}

fn word_like(t: &Token) -> bool {
    matches!(t.shape, Shape::Lower) && t.lower.chars().all(|c| c.is_alphabetic() || c == '-')
}

impl QuantityRules {
    fn core(&self, toks: &[Token], text: &str, i: usize, end: usize) -> Option<Core> {
        if let Some((len, v)) = self.fractions.at(toks, i, end) {
            return Some(Core {
                end: i + len,
                value: *v,
                approx: false,
                fraction: true,
                percent: false,
                plain_int: None,
            });
        }
        if let Some((len, v)) = self.vague.at(toks, i, end) {
            let mut value = *v;
            let mut e = i + len;
            // "decine di migliaia", "tens of thousands"
            if let Some((ll, _)) = self.link.at(toks, e, end) {
                if let Some((sl, s)) = self.scale.at(toks, e + ll, end) {
                    value *= s;
                    e += ll + sl;
                }
            }
            return Some(Core {
                end: e,
                value,
                approx: true,
                fraction: false,
                percent: false,
                plain_int: None,
            });
        }
        // A cue may end the sentence: nothing left to read.
        let t = toks.get(i).filter(|_| i < end)?;
        let (mut value, mut e, digits) = if t.shape == Shape::Number {
            let s = &text[t.span.start..t.span.end];
            (parse_digits(s, self.decimal)?, i + 1, Some(s.to_string()))
        } else if let Some((len, v)) = self.numbers.at(toks, i, end) {
            let mut value = *v;
            let mut e = i + len;
            // "twenty five", "three hundred"
            while let Some((l2, v2)) = self.numbers.at(toks, e, end) {
                if self.multipliers.at(toks, e, end).is_some() {
                    break;
                }
                if *v2 < 10.0 && (20.0..100.0).contains(&value) && value % 10.0 == 0.0 {
                    value += v2;
                    e += l2;
                } else {
                    break;
                }
            }
            (value, e, None)
        } else if let Some((len, v)) = self.multipliers.at(toks, i, end) {
            // "un milione", "a million": the multiplier alone counts once, after an article.
            let prev = i
                .checked_sub(1)
                .map(|p| toks[p].lower.as_str())
                .unwrap_or("");
            if !matches!(prev, "un" | "uno" | "a" | "one") || *v < 1000.0 {
                return None;
            }
            return self.after_number(toks, i + len, end, *v, None);
        } else {
            return None;
        };
        let mut multiplied = false;
        while let Some((len, m)) = self.multipliers.at(toks, e, end) {
            value *= m;
            e += len;
            multiplied = true;
        }
        let plain = if multiplied {
            None
        } else {
            digits.map(|d| (i, d))
        };
        self.after_number(toks, e, end, value, plain)
    }

    fn after_number(
        &self,
        toks: &[Token],
        e: usize,
        end: usize,
        value: f64,
        plain: Option<(usize, String)>,
    ) -> Option<Core> {
        if let Some((len, _)) = self.percent.at(toks, e, end) {
            return Some(Core {
                end: e + len,
                value,
                approx: false,
                fraction: false,
                percent: true,
                plain_int: None,
            });
        }
        Some(Core {
            end: e,
            value,
            approx: false,
            fraction: false,
            percent: false,
            plain_int: plain,
        })
    }

    /// The counted noun after a quantity ending at `e`: (unit, end token, borrowed from the
    /// next quantity).
    fn unit(
        &self,
        toks: &[Token],
        e: usize,
        end: usize,
        needs_link: bool,
    ) -> (Option<String>, usize, bool) {
        let mut k = e;
        let mut linked = false;
        if let Some((len, _)) = self.link.at(toks, k, end) {
            k += len;
            linked = true;
        }
        if !linked && needs_link {
            return (None, e, false);
        }
        let Some(t) = toks.get(k).filter(|_| k < end) else {
            return (None, e, false);
        };
        if linked
            && (t.shape == Shape::Number
                || self.cues.at(toks, k, end).is_some()
                || self.numbers.at(toks, k, end).is_some())
        {
            return (None, e, true);
        }
        if word_like(t) && !self.not_units.contains(&t.lower) && !self.months.contains(&t.lower) {
            return (Some(t.lower.clone()), k + 1, false);
        }
        (None, e, false)
    }

    fn is_date_number(
        &self,
        toks: &[Token],
        text: &str,
        i: usize,
        digits: &str,
        next_unit: bool,
    ) -> bool {
        if digits.contains(['.', ',']) {
            return false;
        }
        let Ok(n) = digits.parse::<u64>() else {
            return false;
        };
        let prev = i
            .checked_sub(1)
            .map(|p| toks[p].lower.as_str())
            .unwrap_or("");
        let next = toks.get(i + 1).map(|t| t.lower.as_str()).unwrap_or("");
        let next_raw = toks
            .get(i + 1)
            .map(|t| &text[t.span.start..t.span.end])
            .unwrap_or("");
        if digits.len() == 4 && (1900..=2100).contains(&n) {
            return !next_unit || self.months.contains(prev) || self.year_cues.contains(prev);
        }
        if (1..=31).contains(&n)
            && (self.months.contains(next) || self.months.contains(prev.trim_end_matches('.')))
        {
            return true;
        }
        // Clock times and numeric dates: 10:30, 17/05.
        matches!(next_raw, ":" | "/" | "-")
            && toks.get(i + 2).is_some_and(|t| t.shape == Shape::Number)
    }
}

/// Finds the quantities of a document, in text order.
pub fn find_quantities(an: &Analysis, rules: &QuantityRules) -> Vec<Quantity> {
    let toks = &an.tokens;
    let text = an.doc.text.as_str();
    let mut out = Vec::new();
    for s in &an.sentences {
        let end = s.end_token.min(toks.len());
        let first_out = out.len();
        let mut pending: Vec<usize> = Vec::new();
        let mut i = s.first_token;
        while i < end {
            // Neither a cue nor a quantity can start here.
            if toks[i].shape != Shape::Number && !rules.starts.contains(toks[i].lower.as_str()) {
                i += 1;
                continue;
            }
            let start = i;
            let mut j = i;
            let mut bound = None;
            if let Some((len, b)) = rules.cues.at(toks, j, end) {
                bound = Some(*b);
                j += len;
            }
            let Some(core) = rules.core(toks, text, j, end) else {
                i += 1;
                continue;
            };
            // Numbers inside names ("Programma 38 Nord") are not quantities.
            let in_name = core.plain_int.is_some()
                && j > 0
                && matches!(toks[j - 1].shape, Shape::Title | Shape::Upper)
                && toks
                    .get(core.end)
                    .is_some_and(|t| matches!(t.shape, Shape::Title | Shape::Upper));
            let (unit, uend, borrow) = if core.percent {
                (Some("%".to_string()), core.end, false)
            } else {
                rules.unit(toks, core.end, end, core.fraction)
            };
            if let Some((di, digits)) = &core.plain_int {
                if bound.is_none() && rules.is_date_number(toks, text, *di, digits, unit.is_some())
                    || in_name
                {
                    i = core.end;
                    continue;
                }
            }
            let qend = if unit.is_some() { uend } else { core.end };
            let span = Span::new(toks[start].span.start, toks[qend - 1].span.end);
            if borrow {
                pending.push(out.len());
            }
            out.push(Quantity {
                span,
                text: text[span.start..span.end].to_string(),
                value: core.value,
                approx: core.approx || bound == Some(Bound::Approx),
                at_least: bound == Some(Bound::AtLeast),
                at_most: bound == Some(Bound::AtMost),
                unit,
            });
            i = qend.max(start + 1);
        }
        // "21 dei circa 50 missili": the first takes the unit of the next.
        for p in pending.into_iter().rev() {
            if p + 1 < out.len() && p >= first_out {
                let u = out[p + 1].unit.clone();
                out[p].unit = u;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
