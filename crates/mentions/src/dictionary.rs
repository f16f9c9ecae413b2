//! The actor dictionary: TSV rows (see `data/README.md`) → [`ActorEntry`]s.

use vedetta_data::DataFile;
use vedetta_model::{is_valid_code, split_code, MentionKind, PartialDate};

/// One actor entry: an entity, or a person in one office for one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// Surface forms.
    pub forms: Vec<String>,
    /// Full code (`RUSGOV`).
    pub code: String,
    /// What it is.
    pub kind: MentionKind,
    /// `it`, `en` or `*`.
    pub lang: String,
    /// Wikidata id, if known.
    pub wikidata: Option<String>,
    /// Canonical name.
    pub name: String,
    /// Office or description.
    pub role: Option<String>,
    /// Start of validity.
    pub start: Option<PartialDate>,
    /// End of validity.
    pub end: Option<PartialDate>,
    /// `file:line` the entry came from (for `explain` output and conflicts).
    pub origin: String,
}

impl ActorEntry {
    /// Country (or top-level) part of the code.
    pub fn country(&self) -> String {
        split_code(&self.code).0
    }
    /// Sector part of the code, if any.
    pub fn sector(&self) -> Option<String> {
        split_code(&self.code).1
    }
    /// True when the entry has a start or an end date.
    pub fn is_dated(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }
}

/// A problem in a dictionary file, with its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {msg}")]
pub struct DictError {
    /// File.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

const REQUIRED: [&str; 3] = ["forms", "code", "kind"];

/// Parses one actor TSV file. The header names the columns (any order; `forms`, `code`, `kind`
/// required; `lang`, `wikidata`, `name`, `role`, `start`, `end` optional).
pub fn parse_tsv(file: &DataFile) -> Result<Vec<ActorEntry>, DictError> {
    let err = |line: usize, msg: String| DictError {
        path: file.path.clone(),
        line,
        msg,
    };
    let mut lines = file
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let Some((hno, header)) = lines.next() else {
        return Ok(Vec::new());
    };
    let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
    for r in REQUIRED {
        if !cols.contains(&r) {
            return Err(err(
                hno + 1,
                format!("header lacks column {r:?} (found: {})", cols.join(", ")),
            ));
        }
    }
    let col = |name: &str| cols.iter().position(|c| *c == name);
    let (c_forms, c_code, c_kind) = (
        col("forms").unwrap(),
        col("code").unwrap(),
        col("kind").unwrap(),
    );
    let (c_lang, c_wd, c_name, c_role, c_start, c_end) = (
        col("lang"),
        col("wikidata"),
        col("name"),
        col("role"),
        col("start"),
        col("end"),
    );
    let mut out = Vec::new();
    for (i, line) in lines {
        let no = i + 1;
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.len() != cols.len() {
            return Err(err(
                no,
                format!("{} columns, the header has {}", f.len(), cols.len()),
            ));
        }
        let get = |c: Option<usize>| c.map(|c| f[c]).filter(|v| !v.is_empty());
        let forms: Vec<String> = f[c_forms]
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if forms.is_empty() {
            return Err(err(no, "no forms".into()));
        }
        let code = f[c_code].to_string();
        if !is_valid_code(&code) {
            return Err(err(
                no,
                format!("bad actor code {code:?}: expected 3 capital letters then 3-letter groups"),
            ));
        }
        let kind = MentionKind::parse(f[c_kind])
            .ok_or_else(|| err(no, format!("unknown kind {:?}", f[c_kind])))?;
        let lang = get(c_lang).unwrap_or("*").to_string();
        let date = |c: Option<usize>, what: &str| -> Result<Option<PartialDate>, DictError> {
            get(c)
                .map(|v| PartialDate::parse(v).map_err(|e| err(no, format!("{what}: {e}"))))
                .transpose()
        };
        let (start, end) = (date(c_start, "start")?, date(c_end, "end")?);
        if let (Some(s), Some(e)) = (start, end) {
            if s.first_day() > e.last_day() {
                return Err(err(no, format!("start {s} is after end {e}")));
            }
        }
        let wikidata = get(c_wd).map(String::from);
        if let Some(w) = &wikidata {
            if !(w.starts_with('Q') && w.len() > 1 && w[1..].bytes().all(|b| b.is_ascii_digit())) {
                return Err(err(no, format!("bad Wikidata id {w:?}")));
            }
        }
        out.push(ActorEntry {
            name: get(c_name)
                .map(String::from)
                .unwrap_or_else(|| forms[0].clone()),
            forms,
            code,
            kind,
            lang,
            wikidata,
            role: get(c_role).map(String::from),
            start,
            end,
            origin: format!("{}:{}", file.path, no),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> DataFile {
        DataFile {
            path: "t.tsv".into(),
            rel: "t.tsv".into(),
            text: text.into(),
        }
    }

    #[test]
    fn parses_rows_in_any_column_order() {
        let f = file("code\tforms\tkind\tstart\tend\tname\nRUSGOV\tVladimir Putin|Putin\tperson\t2000-05-07\t\tVladimir Putin\n");
        let e = parse_tsv(&f).unwrap();
        assert_eq!(e[0].forms, ["Vladimir Putin", "Putin"]);
        assert_eq!(
            (e[0].country(), e[0].sector()),
            ("RUS".into(), Some("GOV".into()))
        );
        assert_eq!(e[0].start.unwrap().to_string(), "2000-05-07");
        assert_eq!(e[0].lang, "*");
        assert_eq!(e[0].origin, "t.tsv:2");
    }

    #[test]
    fn errors_name_the_line() {
        let bad = [
            (
                "forms\tcode\tkind\nA\tRUSX\tperson\n",
                "t.tsv:2: bad actor code",
            ),
            (
                "forms\tcode\tkind\nA\tRUS\tplanet\n",
                "t.tsv:2: unknown kind",
            ),
            ("forms\tcode\tkind\n# c\nA\tRUS\n", "t.tsv:3: 2 columns"),
            (
                "forms\tcode\nA\tRUS\n",
                "t.tsv:1: header lacks column \"kind\"",
            ),
            (
                "forms\tcode\tkind\tstart\tend\nA\tRUS\tperson\t2020\t2019\n",
                "t.tsv:2: start 2020 is after end 2019",
            ),
            (
                "forms\tcode\tkind\tstart\nA\tRUS\tperson\tieri\n",
                "t.tsv:2: start: unknown date format",
            ),
        ];
        for (text, want) in bad {
            let e = parse_tsv(&file(text)).unwrap_err().to_string();
            assert!(e.starts_with(want), "{e} / {want}");
        }
    }
}
