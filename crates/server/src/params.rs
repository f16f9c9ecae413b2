//! Query parameters: parsed by hand so every mistake gets a clear 400 naming the parameter.
//!
//! Rules shared by every endpoint: a parameter an endpoint does not know is refused (all such
//! names are listed), a parameter given twice is refused, values are trimmed, and an empty
//! value counts as absent (HTML forms send empty fields).

use crate::error::ApiError;
use axum::extract::Query;
use axum::http::Uri;
use std::collections::BTreeMap;
use vedetta_model::PartialDate;

/// Longest accepted code (`actor`, `recipient`, `country`).
pub const MAX_CODE_LEN: usize = 64;

/// Longest accepted full-text query, in characters.
pub const MAX_Q_CHARS: usize = 1000;

/// Longest accepted place name (`place`), in characters.
pub const MAX_PLACE_CHARS: usize = 200;

/// The query parameters of one request, checked against the names an endpoint takes.
#[derive(Debug, Clone, Default)]
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Parses the query string of `uri`, refusing names not in `known` and repeated names.
    pub fn from_uri(uri: &Uri, known: &[&str]) -> Result<Params, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|e| ApiError::bad_request(format!("bad query string: {e}")))?;
        Params::from_pairs(pairs, known)
    }

    /// Checks decoded `(name, value)` pairs against the names an endpoint takes.
    pub fn from_pairs(pairs: Vec<(String, String)>, known: &[&str]) -> Result<Params, ApiError> {
        let mut unknown: Vec<String> = Vec::new();
        let mut values = BTreeMap::new();
        for (name, value) in pairs {
            if !known.contains(&name.as_str()) {
                if !unknown.contains(&name) {
                    unknown.push(name);
                }
                continue;
            }
            if values.contains_key(&name) {
                return Err(ApiError::bad_param(&name, "given more than once"));
            }
            values.insert(name, value.trim().to_string());
        }
        if !unknown.is_empty() {
            let list = unknown
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut e = ApiError::bad_request(format!(
                "unknown query parameter{} {list}; this endpoint takes: {}",
                if unknown.len() == 1 { "" } else { "s" },
                known.join(", ")
            ));
            e.parameter = Some(unknown.join(","));
            return Err(e);
        }
        Ok(Params { values })
    }

    /// The trimmed value of `name`, `None` when absent or empty.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// An actor code or code prefix (ASCII letters and digits), uppercased.
    pub fn code(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.text(name).map(|v| parse_code(name, v)).transpose()
    }

    /// A whole number in `0..=max`, `default` when absent.
    pub fn uint(&self, name: &str, default: u64, max: u64) -> Result<u64, ApiError> {
        let Some(v) = self.text(name) else {
            return Ok(default);
        };
        let n: u64 = v.parse().map_err(|_| {
            ApiError::bad_param(name, format!("{v:?} is not a whole number (0 to {max})"))
        })?;
        if n > max {
            return Err(ApiError::bad_param(
                name,
                format!("{n} is more than the maximum {max}"),
            ));
        }
        Ok(n)
    }

    /// A number in `min..=max`, `default` when absent.
    pub fn number(&self, name: &str, default: f64, min: f64, max: f64) -> Result<f64, ApiError> {
        let Some(v) = self.text(name) else {
            return Ok(default);
        };
        match v.parse::<f64>() {
            Ok(n) if n.is_finite() && (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_param(
                name,
                format!("{v:?} is not a number from {min} to {max}"),
            )),
        }
    }

    /// These parameters without `name` (to parse it another way than a shared helper does).
    pub fn without(&self, name: &str) -> Params {
        let mut values = self.values.clone();
        values.remove(name);
        Params { values }
    }

    /// A date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn date(&self, name: &str) -> Result<Option<PartialDate>, ApiError> {
        self.text(name)
            .map(|v| PartialDate::parse(v).map_err(|e| ApiError::bad_param(name, e)))
            .transpose()
    }

    /// One of `allowed`, compared case-insensitively; returned as written in `allowed`.
    pub fn choice(&self, name: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(name) else {
            return Ok(None);
        };
        allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(v))
            .map(|a| Some(a.to_string()))
            .ok_or_else(|| {
                ApiError::bad_param(
                    name,
                    format!(
                        "unknown value {v:?}; expected one of {}",
                        allowed.join(", ")
                    ),
                )
            })
    }
}

/// Checks a code or code prefix (`RUS`, `rusgov`) and uppercases it.
pub fn parse_code(name: &str, v: &str) -> Result<String, ApiError> {
    if v.is_empty() || v.len() > MAX_CODE_LEN || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_param(
            name,
            format!(
                "{v:?} is not an actor code: expected letters and digits such as RUS or RUSGOV"
            ),
        ));
    }
    Ok(v.to_ascii_uppercase())
}

/// Splits a dyad `A-B` or `A,B` into actor and recipient codes.
pub fn parse_dyad(name: &str, v: &str) -> Result<(String, String), ApiError> {
    let Some((a, b)) = v.split_once(['-', ',']) else {
        return Err(ApiError::bad_param(
            name,
            format!("{v:?} is not a dyad: expected ACTOR-RECIPIENT or ACTOR,RECIPIENT (USA-RUS)"),
        ));
    };
    Ok((parse_code(name, a.trim())?, parse_code(name, b.trim())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)], known: &[&str]) -> Result<Params, ApiError> {
        Params::from_pairs(
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            known,
        )
    }

    #[test]
    fn unknown_and_repeated_names() {
        let e = p(&[("x", "1"), ("y", "2"), ("x", "3")], &["a"]).unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.error.contains("\"x\", \"y\""), "{}", e.error);
        assert_eq!(e.parameter.as_deref(), Some("x,y"));
        let e = p(&[("a", "1"), ("a", "2")], &["a"]).unwrap_err();
        assert_eq!(e.parameter.as_deref(), Some("a"));
    }

    #[test]
    fn values() {
        let q = p(
            &[
                ("limit", " 20 "),
                ("actor", "rusGov"),
                ("q", ""),
                ("aux", "NEGATION"),
            ],
            &["limit", "actor", "q", "aux", "offset"],
        )
        .unwrap();
        assert_eq!(q.uint("limit", 50, 1000).unwrap(), 20);
        assert_eq!(q.uint("offset", 0, 10).unwrap(), 0);
        assert_eq!(q.code("actor").unwrap().as_deref(), Some("RUSGOV"));
        assert_eq!(q.text("q"), None);
        assert_eq!(
            q.choice("aux", &["asserted", "negation"])
                .unwrap()
                .as_deref(),
            Some("negation")
        );
        let bad = p(&[("limit", "abc")], &["limit"]).unwrap();
        assert!(bad.uint("limit", 1, 2).unwrap_err().error.contains("limit"));
        let big = p(&[("limit", "5")], &["limit"]).unwrap();
        assert!(big.uint("limit", 1, 2).is_err());
    }

    #[test]
    fn dyads_and_codes() {
        assert_eq!(
            parse_dyad("dyad", "usa-RUSGOV").unwrap(),
            ("USA".into(), "RUSGOV".into())
        );
        assert_eq!(
            parse_dyad("dyad", "USA, RUS").unwrap(),
            ("USA".into(), "RUS".into())
        );
        assert!(parse_dyad("dyad", "USA").is_err());
        assert!(parse_dyad("dyad", "USA-").is_err());
        assert!(parse_code("actor", "RU S").is_err());
        assert!(parse_code("actor", &"A".repeat(65)).is_err());
    }
}
