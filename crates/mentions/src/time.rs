//! Time expressions (TIMEX3), normalised against the document date.
//!
//! The words come from the language pack's `time.toml` (months, weekdays, units, relative
//! words…); the grammar is here and works on token keys (`Token::lower`), one sentence at a
//! time, leftmost-longest. An expression is
//!
//! ```text
//! [lead]{0,2} [part [link]] core
//! ```
//!
//! where `lead` is a preposition or article that belongs to it (`nel`, `on`), `part` picks a
//! part of a month or year (`fine`, `early`, `mid-`), and `core` is one of: a numeric date
//! (`17/05/2024`, `2024-05-17`), a day–month–year in words (`17 maggio 2024`, `May 17, 2024`),
//! month + year, a bare month, a weekday, a year (1900–2100, not followed by a counted noun), a
//! decade (`1990s`), a season, a quarter, a relative word (`ieri`), a deictic unit (`la
//! settimana scorsa`, `this year`), a duration (`tre giorni`), a date back from the document
//! (`tre anni fa`), a recurrence (`ogni settimana`) or a vague reference (`negli ultimi anni`).
//!
//! Precision is never invented: a value relative to the document date is given only to the
//! precision of that date (a weekday in a document dated `2024-05` is `2024-05`), and without a
//! document date it stays underspecified (`XXXX-XX-XX`, `XXXX-11`) with `date: None`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::collections::BTreeMap;
use vedetta_analysis::{fold, LangPack};
use vedetta_model::{Analysis, PartialDate, Precision, Shape, Span, Timex, TimexType, Token};

/// Errors loading the time rules of a language pack.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    /// The pack has no `time.toml`.
    #[error("language pack '{0}' has no time.toml")]
    Missing(String),
    /// `time.toml` does not parse or is inconsistent.
    #[error("{path}: {msg}")]
    Invalid {
        /// File path.
        path: String,
        /// What is wrong.
        msg: String,
    },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct UnitForms {
    #[serde(default)]
    one: Vec<String>,
    #[serde(default)]
    many: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct UnitsToml {
    #[serde(default)]
    day: UnitForms,
    #[serde(default)]
    week: UnitForms,
    #[serde(default)]
    month: UnitForms,
    #[serde(default)]
    year: UnitForms,
    #[serde(default)]
    decade: UnitForms,
    #[serde(default)]
    century: UnitForms,
    #[serde(default)]
    hour: UnitForms,
    #[serde(default)]
    minute: UnitForms,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SeasonsToml {
    #[serde(default)]
    spring: Vec<String>,
    #[serde(default)]
    summer: Vec<String>,
    #[serde(default)]
    autumn: Vec<String>,
    #[serde(default)]
    winter: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PartsToml {
    #[serde(default)]
    early: Vec<String>,
    #[serde(default)]
    mid: Vec<String>,
    #[serde(default)]
    late: Vec<String>,
    #[serde(default)]
    links: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeToml {
    numeric_order: String,
    #[serde(default)]
    month_needs_capital: bool,
    months: Vec<Vec<String>>,
    #[serde(default)]
    month_abbreviations: Vec<Vec<String>>,
    weekdays: Vec<Vec<String>>,
    #[serde(default)]
    quarters: Vec<Vec<String>>,
    #[serde(default)]
    quarter_words: Vec<String>,
    #[serde(default)]
    vague_numbers: Vec<String>,
    #[serde(default)]
    lead: Vec<String>,
    #[serde(default)]
    this: Vec<String>,
    #[serde(default)]
    next: Vec<String>,
    #[serde(default)]
    last: Vec<String>,
    #[serde(default)]
    span_words: Vec<String>,
    #[serde(default)]
    ago: Vec<String>,
    #[serde(default)]
    every: Vec<String>,
    #[serde(default)]
    future_cues: Vec<String>,
    #[serde(default)]
    future_suffixes: Vec<String>,
    #[serde(default)]
    ranges: Vec<[String; 2]>,
    #[serde(default)]
    numbers: BTreeMap<String, u32>,
    #[serde(default)]
    seasons: SeasonsToml,
    #[serde(default)]
    units: UnitsToml,
    #[serde(default)]
    parts: PartsToml,
    #[serde(default)]
    relative: BTreeMap<String, i32>,
    #[serde(default)]
    vague: BTreeMap<String, String>,
    #[serde(default)]
    sets: BTreeMap<String, String>,
    #[serde(default)]
    not_after_duration: Vec<String>,
}

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
    Hour,
    Minute,
}

impl Unit {
    /// The TIMEX3 duration value for `n` units (`None` = unknown number, `X`).
    fn duration(self, n: Option<u32>) -> String {
        let n = n.map(|n| n.to_string()).unwrap_or_else(|| "X".into());
        match self {
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{n}W"),
            Unit::Month => format!("P{n}M"),
            Unit::Year => format!("P{n}Y"),
            Unit::Decade => format!("P{n}DE"),
            Unit::Century => format!("P{n}CE"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Minute => format!("PT{n}M"),
        }
    }
}

/// A dictionary of phrases (token-key sequences), matched longest first.
struct Lex<T> {
    map: HashMap<String, T>,
    max_len: usize,
    /// First token of each phrase → the most tokens of a phrase starting with it.
    firsts: HashMap<String, usize>,
}

impl<T> Default for Lex<T> {
    fn default() -> Self {
        Lex {
            map: HashMap::default(),
            max_len: 0,
            firsts: HashMap::default(),
        }
    }
}

/// Splits a data phrase like the tokenizer splits text: spaces, after an elided apostrophe,
/// around `-`; the pieces are joined by one space to make the key.
fn phrase_key(phrase: &str) -> String {
    let folded = fold(phrase.trim());
    let mut toks: Vec<String> = Vec::new();
    for chunk in folded.split_whitespace() {
        let mut cur = String::new();
        let chars: Vec<char> = chunk.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == '-' {
                if !cur.is_empty() {
                    toks.push(std::mem::take(&mut cur));
                }
                toks.push("-".into());
                continue;
            }
            cur.push(c);
            if c == '\'' && i > 0 && i + 1 < chars.len() && chars[i + 1].is_alphabetic() {
                toks.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            toks.push(cur);
        }
    }
    toks.join(" ")
}

impl<T: Clone> Lex<T> {
    fn add(&mut self, phrase: &str, v: T) {
        let key = phrase_key(phrase);
        if key.is_empty() {
            return;
        }
        let n = key.split(' ').count();
        self.max_len = self.max_len.max(n);
        let first = key.split(' ').next().unwrap_or("");
        match self.firsts.get_mut(first) {
            Some(m) => *m = (*m).max(n),
            None => {
                self.firsts.insert(first.to_string(), n);
            }
        }
        self.map.entry(key).or_insert(v);
    }
    fn add_all(&mut self, phrases: &[String], v: T) {
        for p in phrases {
            self.add(p, v.clone());
        }
    }
    /// The longest phrase starting at token `i` (not past `end`): its length and value.
    fn longest(&self, keys: &[&str], i: usize, end: usize) -> Option<(usize, &T)> {
        if self.max_len == 0 || i >= end {
            return None;
        }
        let k0 = keys[i];
        // Only phrases whose first token is this key can match (a key holding a space could
        // span phrase tokens: then every length is tried).
        let max_len = if k0.contains(' ') {
            self.max_len
        } else {
            *self.firsts.get(k0)?
        };
        let mut key = String::with_capacity(32);
        let mut best = None;
        for n in 1..=max_len.min(end - i) {
            if n > 1 {
                key.push(' ');
            }
            key.push_str(keys[i + n - 1]);
            if let Some(v) = self.map.get(&key) {
                best = Some((n, v));
            }
        }
        best
    }
    fn has(&self, keys: &[&str], i: usize, end: usize) -> Option<usize> {
        self.longest(keys, i, end).map(|(n, _)| n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deixis {
    This,
    Next,
    Last,
}

/// The time-expression rules of one language, compiled from its `time.toml`.
pub struct TimeRules {
    mdy: bool,
    month_needs_capital: bool,
    /// Lowercase given names and the last words of titles: a capitalised month name right
    /// after one is a surname ("Theresa May", "Premier May", "Brian May"), not a month.
    name_words: rustc_hash::FxHashSet<String>,
    months: Lex<u8>,
    month_abbr: Lex<u8>,
    weekdays: Lex<u8>,
    seasons: Lex<&'static str>,
    quarters: Lex<u8>,
    quarter_words: Lex<()>,
    numbers: Lex<u32>,
    vague_numbers: Lex<()>,
    unit_one: Lex<Unit>,
    unit_many: Lex<Unit>,
    lead: Lex<()>,
    deixis: Lex<Deixis>,
    span_words: Lex<()>,
    ago: Lex<()>,
    every: Lex<()>,
    future_cues: Lex<()>,
    future_suffixes: Vec<String>,
    parts: Lex<()>,
    links: Lex<()>,
    range_open: Lex<usize>,
    range_join: Vec<String>,
    relative: Lex<i32>,
    vague: Lex<String>,
    sets: Lex<String>,
    not_after_duration: Lex<()>,
    /// First token keys of every phrase: positions whose key is not here (and is not a number)
    /// start no expression.
    starts: HashSet<String>,
}

impl std::fmt::Debug for TimeRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeRules")
            .field("mdy", &self.mdy)
            .finish_non_exhaustive()
    }
}

impl TimeRules {
    /// Compiles the rules from the pack's `time.toml`.
    pub fn load(pack: &LangPack) -> Result<TimeRules, TimeError> {
        let (path, text) = pack
            .file("time.toml")
            .ok_or_else(|| TimeError::Missing(pack.code.clone()))?;
        let mut rules = Self::from_toml(path, text)?;
        rules.name_words = pack.list("given_names.txt");
        for title in pack.list("titles.txt") {
            if let Some(last) = title.split_whitespace().last() {
                rules
                    .name_words
                    .insert(last.trim_end_matches('.').to_string());
            }
        }
        Ok(rules)
    }

    /// Compiles the rules from the text of a `time.toml` (`path` is used in errors).
    pub fn from_toml(path: &str, text: &str) -> Result<TimeRules, TimeError> {
        let bad = |msg: String| TimeError::Invalid {
            path: path.to_string(),
            msg,
        };
        let t: TimeToml = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mdy = match t.numeric_order.as_str() {
            "mdy" => true,
            "dmy" => false,
            o => {
                return Err(bad(format!(
                    "numeric_order must be \"dmy\" or \"mdy\", not {o:?}"
                )))
            }
        };
        if t.months.len() != 12 {
            return Err(bad(format!(
                "months: expected 12 lists, found {}",
                t.months.len()
            )));
        }
        if !t.month_abbreviations.is_empty() && t.month_abbreviations.len() != 12 {
            return Err(bad(format!(
                "month_abbreviations: expected 12 lists, found {}",
                t.month_abbreviations.len()
            )));
        }
        if t.weekdays.len() != 7 {
            return Err(bad(format!(
                "weekdays: expected 7 lists, found {}",
                t.weekdays.len()
            )));
        }
        if !t.quarters.is_empty() && t.quarters.len() != 4 {
            return Err(bad(format!(
                "quarters: expected 4 lists, found {}",
                t.quarters.len()
            )));
        }
        let mut r = TimeRules {
            mdy,
            month_needs_capital: t.month_needs_capital,
            name_words: Default::default(),
            months: Lex::default(),
            month_abbr: Lex::default(),
            weekdays: Lex::default(),
            seasons: Lex::default(),
            quarters: Lex::default(),
            quarter_words: Lex::default(),
            numbers: Lex::default(),
            vague_numbers: Lex::default(),
            unit_one: Lex::default(),
            unit_many: Lex::default(),
            lead: Lex::default(),
            deixis: Lex::default(),
            span_words: Lex::default(),
            ago: Lex::default(),
            every: Lex::default(),
            future_cues: Lex::default(),
            future_suffixes: t.future_suffixes.iter().map(|s| fold(s)).collect(),
            parts: Lex::default(),
            links: Lex::default(),
            range_open: Lex::default(),
            range_join: Vec::new(),
            relative: Lex::default(),
            vague: Lex::default(),
            sets: Lex::default(),
            not_after_duration: Lex::default(),
            starts: HashSet::default(),
        };
        for (i, forms) in t.months.iter().enumerate() {
            r.months.add_all(forms, i as u8 + 1);
        }
        for (i, forms) in t.month_abbreviations.iter().enumerate() {
            r.month_abbr.add_all(forms, i as u8 + 1);
        }
        for (i, forms) in t.weekdays.iter().enumerate() {
            r.weekdays.add_all(forms, i as u8);
        }
        for (i, forms) in t.quarters.iter().enumerate() {
            r.quarters.add_all(forms, i as u8 + 1);
        }
        r.quarter_words.add_all(&t.quarter_words, ());
        r.seasons.add_all(&t.seasons.spring, "SP");
        r.seasons.add_all(&t.seasons.summer, "SU");
        r.seasons.add_all(&t.seasons.autumn, "FA");
        r.seasons.add_all(&t.seasons.winter, "WI");
        for (w, n) in &t.numbers {
            r.numbers.add(w, *n);
        }
        r.vague_numbers.add_all(&t.vague_numbers, ());
        let u = &t.units;
        for (forms, unit) in [
            (&u.day, Unit::Day),
            (&u.week, Unit::Week),
            (&u.month, Unit::Month),
            (&u.year, Unit::Year),
            (&u.decade, Unit::Decade),
            (&u.century, Unit::Century),
            (&u.hour, Unit::Hour),
            (&u.minute, Unit::Minute),
        ] {
            r.unit_one.add_all(&forms.one, unit);
            r.unit_many.add_all(&forms.many, unit);
        }
        r.lead.add_all(&t.lead, ());
        r.deixis.add_all(&t.this, Deixis::This);
        r.deixis.add_all(&t.next, Deixis::Next);
        r.deixis.add_all(&t.last, Deixis::Last);
        r.span_words.add_all(&t.span_words, ());
        r.ago.add_all(&t.ago, ());
        r.every.add_all(&t.every, ());
        r.future_cues.add_all(&t.future_cues, ());
        r.parts.add_all(&t.parts.early, ());
        r.parts.add_all(&t.parts.mid, ());
        r.parts.add_all(&t.parts.late, ());
        r.links.add_all(&t.parts.links, ());
        for [open, join] in &t.ranges {
            r.range_open.add(open, r.range_join.len());
            r.range_join.push(phrase_key(join));
        }
        for (p, d) in &t.relative {
            r.relative.add(p, *d);
        }
        for (p, v) in &t.vague {
            r.vague.add(p, v.clone());
        }
        for (p, v) in &t.sets {
            r.sets.add(p, v.clone());
        }
        r.not_after_duration.add_all(&t.not_after_duration, ());
        let mut starts = HashSet::default();
        {
            let mut add = |keys: Vec<&String>| {
                for k in keys {
                    starts.insert(k.split(' ').next().unwrap_or("").to_string());
                }
            };
            add(r.months.map.keys().collect());
            add(r.month_abbr.map.keys().collect());
            add(r.weekdays.map.keys().collect());
            add(r.seasons.map.keys().collect());
            add(r.quarters.map.keys().collect());
            add(r.numbers.map.keys().collect());
            add(r.vague_numbers.map.keys().collect());
            add(r.unit_one.map.keys().collect());
            add(r.lead.map.keys().collect());
            add(r.deixis.map.keys().collect());
            add(r.span_words.map.keys().collect());
            add(r.every.map.keys().collect());
            add(r.parts.map.keys().collect());
            add(r.relative.map.keys().collect());
            add(r.vague.map.keys().collect());
            add(r.sets.map.keys().collect());
        }
        r.starts = starts;
        Ok(r)
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, days since 1970-01-01).

use vedetta_model::date::{civil_from_days, days_from_civil};

/// Day of week, Monday = 0.
fn weekday_of(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

fn date_of_days(days: i64) -> Option<PartialDate> {
    let (y, m, d) = civil_from_days(days);
    if !(1..=9999).contains(&y) {
        return None;
    }
    PartialDate::ymd(y as i16, m as u8, d as u8).ok()
}

fn month_date(index: i32) -> Option<PartialDate> {
    let y = index.div_euclid(12);
    let m = index.rem_euclid(12) + 1;
    (1..=9999)
        .contains(&y)
        .then(|| PartialDate::month(y as i16, m as u8))
}

fn year_date(y: i32) -> Option<PartialDate> {
    (1..=9999).contains(&y).then(|| PartialDate::year(y as i16))
}

/// ISO week (year, week) of a day.
fn iso_week(days: i64) -> (i32, u32) {
    let thursday = days - weekday_of(days) + 3;
    let (ty, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(ty, 1, 1);
    (ty, ((thursday - jan1) / 7 + 1) as u32)
}

// ---------------------------------------------------------------------------------------------
// Values.

/// A normalised value before it becomes a `Timex`.
#[derive(Debug, Clone)]
enum Val {
    /// A calendar date at some precision.
    Date(PartialDate),
    /// An ISO week, with the coarser date it lies in (month or year), if any.
    Week(i32, u32, Option<PartialDate>),
    /// `2024-SU`, `2024-Q3`: a value with the year as its date.
    YearPart(i32, String),
    /// Any other value string (underspecified dates, decades, PAST_REF…), no date.
    Text(String),
}

impl Val {
    fn value(&self) -> String {
        match self {
            Val::Date(d) => d.to_string(),
            Val::Week(y, w, _) => format!("{y:04}-W{w:02}"),
            Val::YearPart(y, p) => format!("{y:04}-{p}"),
            Val::Text(s) => s.clone(),
        }
    }
    fn date(&self) -> Option<PartialDate> {
        match self {
            Val::Date(d) => Some(*d),
            Val::Week(_, _, d) => *d,
            Val::YearPart(y, _) => year_date(*y),
            Val::Text(_) => None,
        }
    }
}

fn text_or(d: Option<PartialDate>, fallback: &str) -> Val {
    d.map(Val::Date)
        .unwrap_or_else(|| Val::Text(fallback.into()))
}

/// The document date as a day number, when known to the day.
fn anchor_day(a: &PartialDate) -> Option<i64> {
    match (a.month, a.day) {
        (Some(m), Some(d)) => Some(days_from_civil(a.year as i32, m as u32, d as u32)),
        _ => None,
    }
}

/// The document date as a month index (year*12 + month-1), when known to the month.
fn anchor_month(a: &PartialDate) -> Option<i32> {
    a.month.map(|m| a.year as i32 * 12 + m as i32 - 1)
}

/// `n` days from the document date, at no finer precision than the document date.
fn shift_days(anchor: Option<PartialDate>, n: i64) -> Val {
    let Some(a) = anchor else {
        return Val::Text("XXXX-XX-XX".into());
    };
    match a.precision() {
        Precision::Day => text_or(
            anchor_day(&a).and_then(|d| date_of_days(d + n)),
            "XXXX-XX-XX",
        ),
        _ => Val::Date(a),
    }
}

fn week_val(days: i64) -> Val {
    let (y, w) = iso_week(days);
    let monday = days - weekday_of(days);
    let (y1, m1, _) = civil_from_days(monday);
    let (y2, m2, _) = civil_from_days(monday + 6);
    let within = if (y1, m1) == (y2, m2) {
        month_date(y1 * 12 + m1 as i32 - 1)
    } else if y1 == y2 {
        year_date(y1)
    } else {
        None
    };
    Val::Week(y, w, within)
}

fn shift_weeks(anchor: Option<PartialDate>, n: i64) -> Val {
    let Some(a) = anchor else {
        return Val::Text("XXXX-WXX".into());
    };
    match anchor_day(&a) {
        Some(d) => week_val(d + 7 * n),
        None => Val::Date(a),
    }
}

fn shift_months(anchor: Option<PartialDate>, n: i32) -> Val {
    let Some(a) = anchor else {
        return Val::Text("XXXX-XX".into());
    };
    match anchor_month(&a) {
        Some(m) => text_or(month_date(m + n), "XXXX-XX"),
        None => Val::Date(a),
    }
}

fn shift_years(anchor: Option<PartialDate>, n: i32) -> Val {
    match anchor {
        Some(a) => text_or(year_date(a.year as i32 + n), "XXXX"),
        None => Val::Text("XXXX".into()),
    }
}

/// The year in which `month` (1–12) lies nearest the document date; a tie goes to the future.
fn nearest_year(anchor: &PartialDate, month: u8) -> i32 {
    let y = anchor.year as i32;
    let Some(am) = anchor_month(anchor) else {
        return y;
    };
    let mut best = (i32::MAX, y);
    for cy in [y + 1, y, y - 1] {
        let dist = (cy * 12 + month as i32 - 1 - am).abs();
        if dist < best.0 {
            best = (dist, cy);
        }
    }
    best.1
}

/// A weekday relative to the document date: `dir` > 0 the next one (after the date), < 0 the
/// last one strictly before, 0 the most recent on or before.
fn weekday_val(anchor: Option<PartialDate>, wd: u8, dir: i8, future: bool) -> Val {
    let Some(a) = anchor else {
        return Val::Text("XXXX-XX-XX".into());
    };
    let Some(d) = anchor_day(&a) else {
        return Val::Date(a);
    };
    let cur = weekday_of(d);
    let wd = wd as i64;
    let day = if dir > 0 || (dir == 0 && future) {
        let delta = (wd - cur).rem_euclid(7);
        d + if delta == 0 && dir > 0 { 7 } else { delta }
    } else {
        let delta = (cur - wd).rem_euclid(7);
        d - if delta == 0 && dir < 0 { 7 } else { delta }
    };
    text_or(date_of_days(day), "XXXX-XX-XX")
}

// ---------------------------------------------------------------------------------------------
// Matching.

/// A core expression found at some tokens.
struct Core {
    /// One past its last token.
    end: usize,
    kind: TimexType,
    val: Val,
    relative: bool,
    /// A month (with its day) whose year was chosen by nearness: a range start may change it.
    inferred: Option<(u8, Option<u8>)>,
}

impl Core {
    /// A core with no inferred year.
    fn new(end: usize, kind: TimexType, val: Val, relative: bool) -> Core {
        Core {
            end,
            kind,
            val,
            relative,
            inferred: None,
        }
    }
}

struct Ctx<'a> {
    rules: &'a TimeRules,
    toks: &'a [Token],
    keys: &'a [&'a str],
    text: &'a str,
    anchor: Option<PartialDate>,
    /// Sentence bounds (token indices).
    start: usize,
    end: usize,
}

fn parse_small(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A day of month written in digits, possibly as an ordinal (`17`, `17th`, `1st`, `1°`).
fn parse_day(s: &str) -> Option<u8> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &s[digits.len()..];
    if digits.is_empty()
        || digits.len() > 2
        || !matches!(rest, "" | "st" | "nd" | "rd" | "th" | "°" | "º")
    {
        return None;
    }
    let d: u8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn is_year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

impl<'a> Ctx<'a> {
    fn key(&self, i: usize) -> &'a str {
        if i < self.end {
            self.keys[i]
        } else {
            ""
        }
    }

    /// True when only spaces lie between tokens `i` and `i + 1`.
    fn adjacent_words(&self, i: usize) -> bool {
        self.text
            .get(self.toks[i].span.end..self.toks[i + 1].span.start)
            .is_some_and(|gap| gap.chars().all(|c| c == ' '))
    }

    fn adjacent(&self, i: usize) -> bool {
        i + 1 < self.end && self.toks[i].span.end == self.toks[i + 1].span.start
    }

    /// A month name at `i`: (month, tokens used, abbreviated).
    fn month_at(&self, i: usize) -> Option<(u8, usize, bool)> {
        if i >= self.end {
            return None;
        }
        if self.rules.month_needs_capital
            && !matches!(self.toks[i].shape, Shape::Title | Shape::Upper)
        {
            return None;
        }
        // A capitalised month name after a given name or a title is a surname.
        if i > self.start
            && self.toks[i].shape == Shape::Title
            && matches!(self.toks[i - 1].shape, Shape::Title | Shape::Upper)
            && self.adjacent_words(i - 1)
            && self
                .rules
                .name_words
                .contains(self.keys[i - 1].trim_end_matches('.'))
        {
            return None;
        }
        if let Some((n, m)) = self.rules.months.longest(self.keys, i, self.end) {
            return Some((*m, n, false));
        }
        // An abbreviation the tokenizer kept with its period ("gen.", "sept.").
        if let Some(m) = self.keys[i]
            .strip_suffix('.')
            .and_then(|k| self.rules.month_abbr.map.get(k))
        {
            return Some((*m, 1, true));
        }
        let (n, m) = self.rules.month_abbr.longest(self.keys, i, self.end)?;
        // A period right after the abbreviation belongs to it.
        if self.key(i + n) == "." && self.toks[i + n - 1].span.end == self.toks[i + n].span.start {
            return Some((*m, n + 1, true));
        }
        if self.toks[i + n - 1].lower.ends_with('.') {
            return Some((*m, n, true));
        }
        Some((*m, n, true))
    }

    fn year_at(&self, i: usize) -> Option<i32> {
        (i < self.end).then(|| is_year(self.keys[i])).flatten()
    }

    fn number_at(&self, i: usize) -> Option<(usize, Option<u32>)> {
        if i >= self.end {
            return None;
        }
        if let Some(n) = parse_small(self.keys[i]) {
            return Some((1, Some(n)));
        }
        if let Some((n, v)) = self.rules.numbers.longest(self.keys, i, self.end) {
            return Some((n, Some(*v)));
        }
        self.rules
            .vague_numbers
            .has(self.keys, i, self.end)
            .map(|n| (n, None))
    }

    /// A date written in digits and separators: `17/05/2024`, `2024-05-17`, `17.05.2024`.
    fn numeric_date(&self, i: usize) -> Option<Core> {
        let mut s = String::new();
        let mut j = i;
        while j < self.end && j < i + 5 {
            let k = self.keys[j];
            if !k
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'.' | b'-'))
            {
                break;
            }
            s.push_str(k);
            j += 1;
            if !self.adjacent(j - 1) {
                break;
            }
        }
        // Try the longest prefix that parses (a trailing sentence period is left out).
        while j > i {
            let sep = s.bytes().find(|b| matches!(b, b'/' | b'.' | b'-'))?;
            let parts: Vec<&str> = s.split(sep as char).collect();
            if parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            {
                let nums: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
                let (y, m, d) = if parts[0].len() == 4 {
                    (nums[0], nums[1], nums[2])
                } else if parts[2].len() == 4 {
                    let mdy = if nums[0] > 12 {
                        false
                    } else if nums[1] > 12 {
                        true
                    } else {
                        self.rules.mdy
                    };
                    if mdy {
                        (nums[2], nums[0], nums[1])
                    } else {
                        (nums[2], nums[1], nums[0])
                    }
                } else {
                    return None;
                };
                if !(1000..=2999).contains(&y) || m > 12 || d > 31 {
                    return None;
                }
                let date = PartialDate::ymd(y as i16, m as u8, d as u8).ok()?;
                return Some(Core::new(j, TimexType::Date, Val::Date(date), false));
            }
            j -= 1;
            s.truncate(s.len() - self.keys[j].len());
        }
        None
    }

    /// Day, month and year in words, in either order; month + year; a bare month.
    fn month_expr(&self, i: usize) -> Option<Core> {
        // day month [year]
        if let Some(day) = (i < self.end).then(|| parse_day(self.keys[i])).flatten() {
            let (m, n, _) = self.month_at(i + 1)?;
            let j = i + 1 + n;
            return Some(self.dated(j, m, Some(day)));
        }
        let (m, n, abbr) = self.month_at(i)?;
        let mut j = i + n;
        // month day[,] [year]
        if let Some(day) = (j < self.end).then(|| parse_day(self.keys[j])).flatten() {
            if self.year_at(j).is_none() {
                let k = j + 1;
                if self.key(k) == "," && self.year_at(k + 1).is_some() {
                    return Some(self.dated(k + 1, m, Some(day)));
                }
                return Some(self.dated(k, m, Some(day)));
            }
        }
        // month [,] year
        if self.key(j) == "," && self.year_at(j + 1).is_some() {
            j += 1;
        }
        if self.year_at(j).is_some() {
            return Some(self.dated(j, m, None));
        }
        // A bare abbreviation needs its period.
        if abbr && !self.keys[i + n - 1].ends_with('.') && self.key(i + n - 1) != "." {
            return None;
        }
        Some(self.dated(i + n, m, None))
    }

    /// `last April`, `this September`, `aprile scorso`: a bare month placed by a deictic word.
    fn deictic_month(&self, i: usize) -> Option<Core> {
        let (end, m, dx) = self.with_deixis(i, |j| {
            let (m, n, abbr) = self.month_at(j)?;
            (!abbr || self.key(j + n - 1).ends_with('.')).then_some((n, m))
        })?;
        let dx = dx?;
        let val = match self.anchor {
            None => Val::Text(format!("XXXX-{m:02}")),
            Some(a) => {
                let y = a.year as i32;
                let year = match (dx, anchor_month(&a)) {
                    (Deixis::This, _) | (_, None) => y,
                    (Deixis::Last, Some(am)) => {
                        if y * 12 + m as i32 - 1 < am {
                            y
                        } else {
                            y - 1
                        }
                    }
                    (Deixis::Next, Some(am)) => {
                        if y * 12 + m as i32 - 1 > am {
                            y
                        } else {
                            y + 1
                        }
                    }
                };
                self.month_in_year(m, None, Some(year))
            }
        };
        Some(Core {
            end,
            kind: TimexType::Date,
            val,
            relative: true,
            inferred: None,
        })
    }

    /// A month (and day) with an optional year at `j`.
    fn dated(&self, j: usize, m: u8, day: Option<u8>) -> Core {
        if let Some(y) = self.year_at(j) {
            let date = match day {
                Some(d) => PartialDate::ymd(y as i16, m, d).ok(),
                None => Some(PartialDate::month(y as i16, m)),
            };
            let val = date
                .map(Val::Date)
                .unwrap_or_else(|| Val::Text(format!("{y:04}-{m:02}")));
            return Core {
                end: j + 1,
                kind: TimexType::Date,
                val,
                relative: false,
                inferred: None,
            };
        }
        let val = self.month_in_year(m, day, self.anchor.map(|a| nearest_year(&a, m)));
        Core {
            end: j,
            kind: TimexType::Date,
            val,
            relative: true,
            inferred: Some((m, day)),
        }
    }

    fn month_in_year(&self, m: u8, day: Option<u8>, year: Option<i32>) -> Val {
        match (year, day) {
            (Some(y), Some(d)) => match PartialDate::ymd(y as i16, m, d) {
                Ok(date) => Val::Date(date),
                Err(_) => Val::Text(format!("{y:04}-{m:02}-{d:02}")),
            },
            (Some(y), None) => text_or(month_date(y * 12 + m as i32 - 1), "XXXX-XX"),
            (None, Some(d)) => Val::Text(format!("XXXX-{m:02}-{d:02}")),
            (None, None) => Val::Text(format!("XXXX-{m:02}")),
        }
    }

    /// Is the verb context around token `i` future?
    fn future_context(&self, i: usize) -> bool {
        let from = i.saturating_sub(8).max(self.start);
        (from..i).any(|k| {
            self.rules.future_cues.has(self.keys, k, i).is_some()
                || (self.keys[k].chars().count() >= 5
                    && self
                        .rules
                        .future_suffixes
                        .iter()
                        .any(|s| self.keys[k].ends_with(s.as_str())))
        })
    }

    fn deixis_at(&self, i: usize) -> Option<(usize, Deixis)> {
        self.rules
            .deixis
            .longest(self.keys, i, self.end)
            .map(|(n, d)| (n, *d))
    }

    /// `[this|next|last] X [next|last]` where X is matched by `f`.
    fn with_deixis<T>(
        &self,
        i: usize,
        f: impl Fn(usize) -> Option<(usize, T)>,
    ) -> Option<(usize, T, Option<Deixis>)> {
        let (j, before) = match self.deixis_at(i) {
            Some((n, d)) => (i + n, Some(d)),
            None => (i, None),
        };
        let (n, x) = f(j)?;
        let mut end = j + n;
        let mut dx = before;
        if before.is_none() {
            if let Some((n2, d)) = self.deixis_at(end) {
                if d != Deixis::This {
                    end += n2;
                    dx = Some(d);
                }
            }
        }
        Some((end, x, dx))
    }

    fn weekday_expr(&self, i: usize) -> Option<Core> {
        let (end, wd, dx) = self.with_deixis(i, |j| {
            self.rules
                .weekdays
                .longest(self.keys, j, self.end)
                .map(|(n, w)| (n, *w))
        })?;
        // A weekday followed by a date: the date decides ("lunedì 3 giugno", "Friday, May 17").
        if dx.is_none() {
            let k = if self.key(end) == "," { end + 1 } else { end };
            if let Some(c) = self.numeric_date(k).or_else(|| self.month_expr(k)) {
                if !(matches!(c.val, Val::Date(d) if d.precision() != Precision::Day)
                    && c.inferred.is_none())
                {
                    return Some(c);
                }
            }
        }
        let dir = match dx {
            Some(Deixis::Next) => 1,
            Some(Deixis::Last) => -1,
            _ => 0,
        };
        let future = dx == Some(Deixis::This) || self.future_context(i);
        Some(Core {
            end,
            kind: TimexType::Date,
            val: weekday_val(self.anchor, wd, dir, future),
            relative: true,
            inferred: None,
        })
    }

    fn year_expr(&self, i: usize, after_lead: bool) -> Option<Core> {
        let y = self.year_at(i)?;
        let t = &self.toks[i];
        // Not part of a larger number (`2,000`, `1.500`) nor a currency amount.
        if i > self.start {
            let p = self.keys[i - 1];
            let touching = self.toks[i - 1].span.end == t.span.start;
            if touching
                && (matches!(p, "," | "." | "$" | "€" | "£")
                    || p.bytes().all(|b| b.is_ascii_digit()))
            {
                return None;
            }
        }
        if let Some(nk) = (i + 1 < self.end).then(|| self.keys[i + 1]) {
            let touching =
                self.toks[i + 1].span.end > t.span.end && self.toks[i + 1].span.start == t.span.end;
            if touching
                && matches!(nk, "%" | "," | ".")
                && i + 2 < self.end
                && self.keys[i + 2].bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            if nk == "%" {
                return None;
            }
            // A counted noun after the number ("2022 missili", "2000 people"): not a year,
            // unless a preposition before it says it is one ("nel 2022 la Russia").
            let word = nk.chars().next().is_some_and(|c| c.is_alphabetic());
            let lower_word = word && self.toks[i + 1].shape == Shape::Lower;
            if lower_word
                && !after_lead
                && !self.rules.starts.contains(nk)
                && !FUNCTIONISH.contains(&nk)
            {
                return None;
            }
        }
        Some(Core::new(
            i + 1,
            TimexType::Date,
            text_or(year_date(y), "XXXX"),
            false,
        ))
    }

    fn decade_expr(&self, i: usize) -> Option<Core> {
        let k = self.key(i);
        let digits = k.strip_suffix("s").or_else(|| k.strip_suffix("'s"))?;
        if digits.len() == 4 && digits.ends_with('0') && is_year(digits).is_some() {
            return Some(Core::new(
                i + 1,
                TimexType::Date,
                Val::Text(digits[..3].to_string()),
                false,
            ));
        }
        None
    }

    fn season_expr(&self, i: usize) -> Option<Core> {
        let (end, s, dx) = self.with_deixis(i, |j| {
            self.rules
                .seasons
                .longest(self.keys, j, self.end)
                .map(|(n, s)| (n, *s))
        })?;
        if dx.is_none() {
            // "spring of 2023", "estate del 2023"
            let l = self
                .rules
                .links
                .has(self.keys, end, self.end)
                .or_else(|| self.rules.lead.has(self.keys, end, self.end));
            if let Some(y) = l.and_then(|l| self.year_at(end + l)) {
                return Some(Core::new(
                    end + l.unwrap_or(0) + 1,
                    TimexType::Date,
                    Val::YearPart(y, s.into()),
                    false,
                ));
            }
            if let Some(y) = self.year_at(end) {
                return Some(Core::new(
                    end + 1,
                    TimexType::Date,
                    Val::YearPart(y, s.into()),
                    false,
                ));
            }
        }
        let centre = match s {
            "SP" => 4,
            "SU" => 7,
            "FA" => 10,
            _ => 1,
        };
        let val = match self.anchor {
            None => Val::Text(format!("XXXX-{s}")),
            Some(a) => {
                let near = nearest_year(&a, centre);
                let y = match dx {
                    Some(Deixis::This) => a.year as i32,
                    Some(Deixis::Next) => {
                        near.max(a.year as i32) + if near > a.year as i32 { 0 } else { 1 }
                    }
                    Some(Deixis::Last) => {
                        near.min(a.year as i32) - if near < a.year as i32 { 0 } else { 1 }
                    }
                    None => near,
                };
                Val::YearPart(y, s.into())
            }
        };
        Some(Core {
            end,
            kind: TimexType::Date,
            val,
            relative: true,
            inferred: None,
        })
    }

    fn quarter_expr(&self, i: usize) -> Option<Core> {
        let (n, q) = self.rules.quarters.longest(self.keys, i, self.end)?;
        let mut j = i + n;
        if self.key(j) == "-" {
            j += 1;
        }
        let n2 = self.rules.quarter_words.has(self.keys, j, self.end)?;
        j += n2;
        // "of 1998", "del 2024"
        if let Some(l) = self
            .rules
            .links
            .has(self.keys, j, self.end)
            .or_else(|| self.rules.lead.has(self.keys, j, self.end))
        {
            if let Some(y) = self.year_at(j + l) {
                return Some(Core::new(
                    j + l + 1,
                    TimexType::Date,
                    Val::YearPart(y, format!("Q{q}")),
                    false,
                ));
            }
        }
        if let Some(y) = self.year_at(j) {
            return Some(Core::new(
                j + 1,
                TimexType::Date,
                Val::YearPart(y, format!("Q{q}")),
                false,
            ));
        }
        let val = match self.anchor {
            None => Val::Text(format!("XXXX-Q{q}")),
            Some(a) => Val::YearPart(nearest_year(&a, *q * 3 - 1), format!("Q{q}")),
        };
        Some(Core {
            end: j,
            kind: TimexType::Date,
            val,
            relative: true,
            inferred: None,
        })
    }

    /// `la settimana scorsa`, `this year`, `il mese prossimo`, `quest'anno`.
    fn deictic_unit(&self, i: usize) -> Option<Core> {
        let (n, d) = self.deixis_at(i)?;
        let (un, unit) = self.rules.unit_one.longest(self.keys, i + n, self.end)?;
        Some(self.deictic(i + n + un, *unit, d))
    }

    fn unit_deictic(&self, i: usize) -> Option<Core> {
        let (un, unit) = self.rules.unit_one.longest(self.keys, i, self.end)?;
        let (n, d) = self.deixis_at(i + un)?;
        Some(self.deictic(i + un + n, *unit, d))
    }

    fn deictic(&self, end: usize, unit: Unit, d: Deixis) -> Core {
        let k = match d {
            Deixis::This => 0,
            Deixis::Next => 1,
            Deixis::Last => -1,
        };
        let val = match unit {
            Unit::Day | Unit::Hour | Unit::Minute => shift_days(self.anchor, k as i64),
            Unit::Week => shift_weeks(self.anchor, k as i64),
            Unit::Month => shift_months(self.anchor, k),
            Unit::Year => shift_years(self.anchor, k),
            Unit::Decade => match self.anchor {
                Some(a) => Val::Text(format!("{:03}", (a.year as i32 / 10 + k))),
                None => Val::Text("XXX".into()),
            },
            Unit::Century => match self.anchor {
                Some(a) => Val::Text(format!("{:02}", (a.year as i32 / 100 + k))),
                None => Val::Text("XX".into()),
            },
        };
        Core {
            end,
            kind: TimexType::Date,
            val,
            relative: true,
            inferred: None,
        }
    }

    /// `tre giorni`, `negli ultimi due anni`, `the past week`, `tre anni fa`, `ogni settimana`.
    fn duration_expr(&self, i: usize) -> Option<Core> {
        // ogni settimana / every year
        if let Some(n) = self.rules.every.has(self.keys, i, self.end) {
            let (un, unit) = self.rules.unit_one.longest(self.keys, i + n, self.end)?;
            return Some(Core::new(
                i + n + un,
                TimexType::Set,
                Val::Text(unit.duration(Some(1))),
                false,
            ));
        }
        let mut j = i;
        let spanned = self.rules.span_words.has(self.keys, i, self.end);
        if let Some(n) = spanned {
            j += n;
        }
        let num = self.number_at(j);
        let (count, unit, end) = match num {
            Some((n, count)) => {
                let mut k = j + n;
                // "two-year", "48-hour"
                if self.key(k) == "-" && self.adjacent(k - 1) {
                    k += 1;
                }
                let (un, unit) = self
                    .rules
                    .unit_many
                    .longest(self.keys, k, self.end)
                    .or_else(|| self.rules.unit_one.longest(self.keys, k, self.end))?;
                (count, *unit, k + un)
            }
            None => {
                spanned?;
                match self.rules.unit_one.longest(self.keys, j, self.end) {
                    Some((un, unit)) => (Some(1), *unit, j + un),
                    None => {
                        let (un, unit) = self.rules.unit_many.longest(self.keys, j, self.end)?;
                        (None, *unit, j + un)
                    }
                }
            }
        };
        // An age ("a 45-year-old man") is not a time expression.
        if self
            .rules
            .not_after_duration
            .has(self.keys, end, self.end)
            .is_some()
        {
            return None;
        }
        // A bare year number is not a count ("2022 anni" is odd; "1998 years" is not a duration).
        if let Some(c) = count {
            if c > 1000 {
                return None;
            }
        }
        if spanned.is_none() {
            if let Some(a) = self.rules.ago.has(self.keys, end, self.end) {
                let n = count.map(|c| c as i64);
                let val = match (n, unit) {
                    (Some(n), Unit::Day) => shift_days(self.anchor, -n),
                    (Some(n), Unit::Week) => shift_weeks(self.anchor, -n),
                    (Some(n), Unit::Month) => shift_months(self.anchor, -n as i32),
                    (Some(n), Unit::Year) => shift_years(self.anchor, -n as i32),
                    (Some(n), Unit::Decade) => shift_years(self.anchor, -10 * n as i32),
                    (None, _) => Val::Text("PAST_REF".into()),
                    _ => shift_days(self.anchor, 0),
                };
                return Some(Core {
                    end: end + a,
                    kind: TimexType::Date,
                    val,
                    relative: true,
                    inferred: None,
                });
            }
        }
        Some(Core {
            end,
            kind: TimexType::Duration,
            val: Val::Text(unit.duration(count)),
            relative: false,
            inferred: None,
        })
    }

    /// The longest core expression starting at `i`.
    fn core(&self, i: usize, after_lead: bool) -> Option<Core> {
        if i >= self.end {
            return None;
        }
        let k = self.keys[i];
        let numeric = k.as_bytes().first().is_some_and(|b| b.is_ascii_digit());
        if !numeric
            && !self.rules.starts.contains(k)
            && !k
                .strip_suffix('.')
                .is_some_and(|k| self.rules.starts.contains(k))
        {
            return None;
        }
        let mut best: Option<Core> = None;
        let mut consider = |c: Option<Core>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        if let Some((n, v)) = self.rules.vague.longest(self.keys, i, self.end) {
            consider(Some(Core::new(
                i + n,
                TimexType::Date,
                Val::Text(v.clone()),
                false,
            )));
        }
        if let Some((n, v)) = self.rules.sets.longest(self.keys, i, self.end) {
            consider(Some(Core::new(
                i + n,
                TimexType::Set,
                Val::Text(v.clone()),
                false,
            )));
        }
        if let Some((n, d)) = self.rules.relative.longest(self.keys, i, self.end) {
            consider(Some(Core::new(
                i + n,
                TimexType::Date,
                shift_days(self.anchor, *d as i64),
                true,
            )));
        }
        if numeric {
            consider(self.numeric_date(i));
            consider(self.year_expr(i, after_lead));
            consider(self.decade_expr(i));
        }
        consider(self.month_expr(i));
        consider(self.deictic_month(i));
        consider(self.weekday_expr(i));
        consider(self.season_expr(i));
        consider(self.quarter_expr(i));
        consider(self.deictic_unit(i));
        consider(self.unit_deictic(i));
        consider(self.duration_expr(i));
        best
    }

    /// `[lead]{0,2} [part [link]] core` starting at `i`: (core start, core).
    fn expr(&self, i: usize) -> Option<(usize, Core)> {
        let mut best: Option<(usize, Core)> = self.core(i, false).map(|c| (i, c));
        let mut starts = vec![i];
        let mut j = i;
        for _ in 0..2 {
            match self.rules.lead.has(self.keys, j, self.end) {
                Some(n) => {
                    j += n;
                    starts.push(j);
                }
                None => break,
            }
        }
        let mut cands: Vec<(usize, bool)> = starts.iter().skip(1).map(|&s| (s, true)).collect();
        for &s in &starts {
            if let Some(n) = self.rules.parts.has(self.keys, s, self.end) {
                cands.push((s + n, true));
                if let Some(l) = self.rules.links.has(self.keys, s + n, self.end) {
                    cands.push((s + n + l, true));
                }
            }
        }
        for (s, after) in cands {
            if let Some(c) = self.core(s, after) {
                if best.as_ref().is_none_or(|(_, b)| c.end > b.end) {
                    best = Some((s, c));
                }
            }
        }
        best
    }
}

/// Words after a 4-digit number that still let it be a year (articles, conjunctions…).
const FUNCTIONISH: &[&str] = &[
    "e",
    "ed",
    "o",
    "ma",
    "che",
    "il",
    "lo",
    "la",
    "i",
    "gli",
    "le",
    "l'",
    "un",
    "una",
    "uno",
    "a",
    "ad",
    "al",
    "in",
    "di",
    "del",
    "della",
    "da",
    "dal",
    "per",
    "con",
    "su",
    "tra",
    "fra",
    "è",
    "ha",
    "hanno",
    "sono",
    "era",
    "and",
    "or",
    "but",
    "the",
    "a",
    "an",
    "to",
    "of",
    "for",
    "with",
    "on",
    "at",
    "by",
    "from",
    "was",
    "were",
    "is",
    "are",
    "has",
    "had",
    "have",
    "when",
    "after",
    "before",
    "as",
    "that",
    "which",
    "he",
    "she",
    "it",
    "they",
    "we",
    "election",
    "elections",
    "elezioni",
    "budget",
    "season",
    "stagione",
    "census",
    "olympics",
    "olimpiadi",
    "fiscal",
];

/// Finds the time expressions of an analysed document, normalised against its date.
pub fn find_timexes(an: &Analysis, rules: &TimeRules) -> Vec<Timex> {
    let mut out = Vec::new();
    let keys: Vec<&str> = an.tokens.iter().map(|t| t.lower.as_str()).collect();
    for s in &an.sentences {
        let ctx = Ctx {
            rules,
            toks: &an.tokens,
            keys: &keys,
            text: &an.doc.text,
            anchor: an.doc.date,
            start: s.first_token,
            end: s.end_token.min(an.tokens.len()),
        };
        find_in_sentence(&ctx, &mut out);
    }
    out
}

fn find_in_sentence(ctx: &Ctx<'_>, out: &mut Vec<Timex>) {
    // (first token, core start, core) of each expression in the sentence.
    let mut found: Vec<(usize, usize, Core)> = Vec::new();
    let mut i = ctx.start;
    while i < ctx.end {
        match ctx.expr(i) {
            Some((cs, c)) if c.end > i => {
                let e = c.end;
                found.push((i, cs, c));
                i = e;
            }
            _ => i += 1,
        }
    }
    resolve_ranges(ctx, &mut found);
    for (first, _, c) in found {
        let last = c.end - 1;
        let span = Span {
            start: ctx.toks[first].span.start,
            end: ctx.toks[last].span.end,
        };
        let Some(text) = ctx.text.get(span.start..span.end) else {
            continue;
        };
        out.push(Timex {
            span,
            text: text.to_string(),
            kind: c.kind,
            value: c.val.value(),
            date: c.val.date(),
            relative: c.relative,
        });
    }
}

/// `tra fine dicembre e fine febbraio`: a range start without a year takes the year that keeps
/// it at or before the end.
fn resolve_ranges(ctx: &Ctx<'_>, found: &mut [(usize, usize, Core)]) {
    for k in 0..found.len().saturating_sub(1) {
        let (first, _, ref a) = found[k];
        let Some((m1, d1)) = a.inferred else { continue };
        // The opening word: right before the expression, or its first (lead) token.
        let opener = [first.checked_sub(1), Some(first)]
            .into_iter()
            .flatten()
            .filter(|&p| p >= ctx.start)
            .find_map(|p| {
                ctx.rules
                    .range_open
                    .longest(ctx.keys, p, ctx.end)
                    .filter(|(n, _)| p + n <= found[k].1 || p + n == first)
                    .map(|(_, ix)| *ix)
            });
        let Some(ix) = opener else { continue };
        let join = &ctx.rules.range_join[ix];
        let between: Vec<&str> = ctx.keys[a.end..found[k + 1].0].to_vec();
        // The join word may have been taken as the lead of the second expression.
        let (b_first, b_core) = (found[k + 1].0, found[k + 1].1);
        let joined = between.join(" ") == *join
            || (between.is_empty()
                && ctx.keys[b_first..b_core]
                    .join(" ")
                    .starts_with(join.as_str()));
        if !joined {
            continue;
        }
        let Some(end) = found[k + 1].2.val.date() else {
            continue;
        };
        let Some(em) = end.month else {
            continue;
        };
        let mut y = end.year as i32;
        if (m1, d1.unwrap_or(1)) > (em, end.day.unwrap_or(31)) {
            y -= 1;
        }
        let val = ctx.month_in_year(m1, d1, Some(y));
        found[k].2.val = val;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vedetta_analysis::Analyzer;
    use vedetta_data::DataSource;
    use vedetta_model::Document;

    struct Fixture {
        analyzer: Analyzer,
        rules: BTreeMap<String, TimeRules>,
    }

    fn fixture() -> &'static Fixture {
        static F: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
        F.get_or_init(|| {
            let analyzer = Analyzer::load(&DataSource::Embedded).unwrap();
            let mut rules = BTreeMap::new();
            for l in ["it", "en"] {
                rules.insert(
                    l.to_string(),
                    TimeRules::load(analyzer.pack(l).unwrap()).unwrap(),
                );
            }
            Fixture { analyzer, rules }
        })
    }

    fn timexes(lang: &str, date: Option<&str>, text: &str) -> Vec<Timex> {
        let f = fixture();
        let doc = Document {
            id: "t".into(),
            source: "t".into(),
            date: date.map(|d| PartialDate::parse(d).unwrap()),
            lang: Some(lang.into()),
            title: None,
            url: None,
            text: text.into(),
        };
        let an = f.analyzer.analyze(doc, None).unwrap();
        find_timexes(&an, &f.rules[lang])
    }

    type Row = (
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    /// (lang, document date, sentence, expected (text, value) pairs — each must be found).
    #[rustfmt::skip]
    const TABLE: &[Row] = &[
        // Explicit dates, months and years.
        ("it", Some("2024-05"), "L'invasione è iniziata nel febbraio 2022.", &[("nel febbraio 2022", "2022-02")]),
        ("it", Some("2024-05"), "Nel novembre 2023, un parlamentare ha parlato.", &[("Nel novembre 2023", "2023-11")]),
        ("it", None, "Il vertice si è tenuto il 17 maggio 2024 a Roma.", &[("il 17 maggio 2024", "2024-05-17")]),
        ("it", None, "Firmato il 17/05/2024 a Roma.", &[("il 17/05/2024", "2024-05-17")]),
        ("it", None, "Dati aggiornati al 2024-05-17.", &[("al 2024-05-17", "2024-05-17")]),
        ("it", None, "Il 3 gen. 2021 è stato firmato l'accordo.", &[("Il 3 gen. 2021", "2021-01-03")]),
        ("it", Some("2024-05"), "La guerra è scoppiata nel 2022 e continua.", &[("nel 2022", "2022")]),
        ("it", Some("2024-05"), "Sono stati lanciati 2022 missili.", &[]),
        ("en", None, "The summit was held on May 17, 2024 in Geneva.", &[("on May 17, 2024", "2024-05-17")]),
        ("en", None, "The summit was held on 17 May 2024 in Geneva.", &[("on 17 May 2024", "2024-05-17")]),
        ("en", None, "It was signed on 05/17/2024.", &[("on 05/17/2024", "2024-05-17")]),
        ("en", None, "Prices rose in March 2021 across Europe.", &[("in March 2021", "2021-03")]),
        ("en", None, "The deal was signed Sept. 5, 1998, in Nairobi.", &[("Sept. 5, 1998", "1998-09-05")]),
        ("en", Some("2024-05"), "In 2022 the war began.", &[("In 2022", "2022")]),
        ("en", Some("2024-05"), "The figure was 2000 people.", &[]),
        ("en", None, "Growth slowed in the 1990s.", &[("in the 1990s", "199")]),
        // Bare months: nearest occurrence, future on a tie; ranges.
        ("it", Some("2024-05"), "Le elezioni americane di novembre sono vicine.", &[("di novembre", "2024-11")]),
        ("it", Some("2024-05"), "A dicembre il gelo ha colpito.", &[("A dicembre", "2023-12")]),
        ("it", Some("2024-05"), "A febbraio il gelo ha colpito.", &[("A febbraio", "2024-02")]),
        ("it", Some("2024-05"), "Lanciati tra fine dicembre e fine febbraio.", &[("fine dicembre", "2023-12"), ("fine febbraio", "2024-02")]),
        ("en", Some("2024-05"), "Fired between November and February.", &[("November", "2023-11"), ("February", "2024-02")]),
        ("en", Some("2024-05-17"), "The vote is in November.", &[("in November", "2024-11")]),
        ("it", None, "Le elezioni di novembre.", &[("di novembre", "XXXX-11")]),
        ("en", Some("2024-05"), "Prices peaked in mid-February.", &[("in mid-February", "2024-02")]),
        ("en", Some("2024-05"), "Talks ended in late December.", &[("in late December", "2023-12")]),
        ("it", Some("2024-05"), "Il piano partirà a metà giugno.", &[("a metà giugno", "2024-06")]),
        // Weekdays.
        ("it", Some("2024-05"), "Lo ha detto venerdì il portavoce.", &[("venerdì", "2024-05")]),
        ("it", Some("2024-05-15"), "Lo ha detto venerdì il portavoce.", &[("venerdì", "2024-05-10")]),
        ("it", Some("2024-05-15"), "Si incontreranno venerdì a Mosca.", &[("venerdì", "2024-05-17")]),
        ("it", Some("2024-05-15"), "Ci vediamo venerdì prossimo.", &[("venerdì prossimo", "2024-05-17")]),
        ("it", Some("2024-05-15"), "Lunedi scorso è arrivato.", &[("Lunedi scorso", "2024-05-13")]),
        ("it", None, "Lo ha detto venerdì il portavoce.", &[("venerdì", "XXXX-XX-XX")]),
        ("it", Some("2024"), "Lo ha detto venerdì il portavoce.", &[("venerdì", "2024")]),
        ("en", Some("1998-08-07"), "Bombs exploded Friday, witnesses said.", &[("Friday", "1998-08-07")]),
        ("en", Some("2024-05-15"), "He said on Friday that talks failed.", &[("on Friday", "2024-05-10")]),
        ("en", Some("2024-05-15"), "They will meet on Friday.", &[("on Friday", "2024-05-17")]),
        ("en", Some("2024-05-15"), "They meet next Monday.", &[("next Monday", "2024-05-20")]),
        ("en", Some("2024-05-15"), "It happened on Monday, May 13.", &[("on Monday, May 13", "2024-05-13")]),
        // Relative words and deictic units.
        ("it", Some("2024-05-17"), "Ieri il ministro ha parlato.", &[("Ieri", "2024-05-16")]),
        ("it", Some("2024-05"), "Ieri il ministro ha parlato.", &[("Ieri", "2024-05")]),
        ("it", Some("2024"), "Ieri il ministro ha parlato.", &[("Ieri", "2024")]),
        ("it", None, "Ieri il ministro ha parlato.", &[("Ieri", "XXXX-XX-XX")]),
        ("it", Some("2024-05-17"), "Domani si vota, dopodomani si conta.", &[("Domani", "2024-05-18"), ("dopodomani", "2024-05-19")]),
        ("it", Some("2024-05-17"), "L'altro ieri è arrivato.", &[("L'altro ieri", "2024-05-15")]),
        ("it", Some("2024-05-17"), "Oggi piove.", &[("Oggi", "2024-05-17")]),
        ("en", Some("2024-05-17"), "Today he said that yesterday was calm and tomorrow too.",
            &[("Today", "2024-05-17"), ("yesterday", "2024-05-16"), ("tomorrow", "2024-05-18")]),
        ("it", Some("2024-05-17"), "Lo ha annunciato la settimana scorsa.", &[("la settimana scorsa", "2024-W19")]),
        ("it", Some("2024-05-17"), "Arriverà la prossima settimana.", &[("la prossima settimana", "2024-W21")]),
        ("it", Some("2024-05"), "Lo ha annunciato il mese scorso.", &[("il mese scorso", "2024-04")]),
        ("it", Some("2024-05"), "Lo farà il mese prossimo.", &[("il mese prossimo", "2024-06")]),
        ("it", Some("2024-05"), "L'anno scorso la crescita fu bassa.", &[("L'anno scorso", "2023")]),
        ("it", Some("2024-05"), "Quest'anno la crescita è bassa.", &[("Quest'anno", "2024")]),
        ("it", Some("2024-05"), "Questo mese la crescita è bassa.", &[("Questo mese", "2024-05")]),
        ("it", Some("2024-05"), "Ma all'inizio di questo mese, l'ufficio ha detto.", &[("all'inizio di questo mese", "2024-05")]),
        ("it", Some("2024-05"), "Ma all’inizio di questo mese, l’ufficio ha detto.", &[("all’inizio di questo mese", "2024-05")]),
        ("en", Some("2024-05-17"), "Sales fell last week.", &[("last week", "2024-W19")]),
        ("en", Some("2024-05"), "Sales fell last month and will rise next month.", &[("last month", "2024-04"), ("next month", "2024-06")]),
        ("en", Some("2024-05"), "Sales fell last year but rose this year.", &[("last year", "2023"), ("this year", "2024")]),
        ("en", Some("2024-05"), "Sales rose earlier this year.", &[("earlier this year", "2024")]),
        ("it", None, "L'anno scorso la crescita fu bassa.", &[("L'anno scorso", "XXXX")]),
        // Vague references.
        ("it", Some("2024-05"), "Legami più stretti negli ultimi anni.", &[("negli ultimi anni", "PAST_REF")]),
        ("it", Some("2024-05"), "Un'azione più aggressiva nei prossimi anni.", &[("nei prossimi anni", "FUTURE_REF")]),
        ("en", Some("2024-05"), "Ties grew in recent years and now matter.", &[("in recent years", "PAST_REF"), ("now", "PRESENT_REF")]),
        // Ago, durations, sets, seasons, quarters.
        ("it", Some("2024-05"), "Tre anni fa è iniziata la guerra.", &[("Tre anni fa", "2021")]),
        ("en", Some("2024-05-17"), "Two years ago the war began.", &[("Two years ago", "2022")]),
        ("en", Some("2024-05-17"), "He left three days ago.", &[("three days ago", "2024-05-14")]),
        ("en", Some("2024-05"), "He left three days ago.", &[("three days ago", "2024-05")]),
        ("it", Some("2024-05"), "La tregua è durata tre giorni.", &[("tre giorni", "P3D")]),
        ("en", Some("2024-05"), "The war lasted two years.", &[("two years", "P2Y")]),
        ("it", Some("2024-05"), "Negli ultimi tre anni i prezzi sono saliti.", &[("Negli ultimi tre anni", "P3Y")]),
        ("en", Some("2024-05"), "Prices rose over the past week.", &[("the past week", "P1W")]),
        ("en", Some("2024-05"), "They met for 48 hours.", &[("48 hours", "PT48H")]),
        ("it", Some("2024-05"), "Ci si riunisce ogni settimana.", &[("ogni settimana", "P1W")]),
        ("en", Some("2024-05"), "The board meets weekly.", &[("weekly", "P1W")]),
        ("en", Some("2024-05"), "A two-year plan.", &[("two-year", "P2Y")]),
        ("en", Some("2024-05"), "A 45-year-old man.", &[]),
        ("en", Some("1989-10-27"), "Sales fell last April and will rise this September.", &[("last April", "1989-04"), ("this September", "1989-09")]),
        ("it", Some("2024-05"), "Lo ha promesso a settembre scorso.", &[("a settembre scorso", "2023-09")]),
        ("en", Some("2024-05"), "Fighting resumed in the spring of 2023.", &[("in the spring of 2023", "2023-SP")]),
        ("it", Some("2024-05"), "L'offensiva è prevista in estate.", &[("in estate", "2024-SU")]),
        ("en", Some("1989-10-20"), "Profit rose in the third quarter.", &[("in the third quarter", "1989-Q3")]),
    ];

    #[test]
    fn sentence_table() {
        let mut failures = Vec::new();
        for (lang, date, text, want) in TABLE {
            let got = timexes(lang, *date, text);
            if want.is_empty() && !got.is_empty() {
                failures.push(format!(
                    "{lang} {date:?} {text:?}: expected nothing, got {:?}",
                    got.iter().map(|t| (&t.text, &t.value)).collect::<Vec<_>>()
                ));
            }
            for (wt, wv) in *want {
                if !got.iter().any(|t| t.text == *wt && t.value == *wv) {
                    failures.push(format!(
                        "{lang} {date:?} {text:?}: missing ({wt:?}, {wv:?}); got {:?}",
                        got.iter().map(|t| (&t.text, &t.value)).collect::<Vec<_>>()
                    ));
                }
            }
        }
        assert!(TABLE.len() >= 40);
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// Issue 12: a capitalised month name after a given name or a title is a surname.
    #[test]
    fn months_in_names_are_not_time() {
        for (lang, text) in [
            ("en", "Theresa May met Angela Merkel in Berlin."),
            ("en", "Prime Minister May said the talks would go on."),
            ("en", "Brian May played the guitar."),
            ("en", "Mrs. May spoke first."),
            (
                "it",
                "La premier britannica Theresa May ha incontrato Macron.",
            ),
            ("it", "Il cantante Francesco Maggio ha parlato a lungo."),
        ] {
            let t = timexes(lang, Some("2018-03"), text);
            assert!(t.is_empty(), "{text}: {t:?}");
        }
        // Months are still months.
        for (lang, text, value) in [
            ("en", "Theresa May resigned in May 2019.", "2019-05"),
            ("en", "May was a bad month for the government.", "2018-05"),
            ("en", "On 7 June Theresa May resigned.", "2018-06-07"),
            ("it", "Nel maggio 2019 Theresa May si è dimessa.", "2019-05"),
        ] {
            let t = timexes(lang, Some("2018-03"), text);
            assert_eq!(t.len(), 1, "{text}: {t:?}");
            assert_eq!(t[0].value, value, "{text}");
        }
    }

    #[test]
    fn honest_precision() {
        let t = timexes("it", Some("2024-05"), "Lo ha detto venerdì il portavoce.");
        assert_eq!(t[0].precision(), Some(Precision::Month));
        assert!(t[0].relative);
        let t = timexes("it", None, "Lo ha detto venerdì il portavoce.");
        assert_eq!(t[0].date, None);
        let t = timexes("it", Some("2024-05"), "Nel novembre 2023 ha parlato.");
        assert!(!t[0].relative);
        let t = timexes("en", Some("2024-05"), "The war lasted two years.");
        assert_eq!(t[0].kind, TimexType::Duration);
    }

    #[test]
    fn calendar_round_trip() {
        for d in [-800_000i64, -1, 0, 1, 10_000, 19_860, 2_000_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        // 2024-05-17 is a Friday, in ISO week 20.
        let d = days_from_civil(2024, 5, 17);
        assert_eq!(weekday_of(d), 4);
        assert_eq!(iso_week(d), (2024, 20));
        assert_eq!(iso_week(days_from_civil(2021, 1, 3)), (2020, 53));
    }

    /// The seven timexes of the seed article's gold annotation.
    #[test]
    fn seed_gold() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        let Ok(raw) = std::fs::read_to_string(root.join("corpus/seed-it-2024-05-nk-russia.txt"))
        else {
            eprintln!("seed corpus not found; skipped");
            return;
        };
        let gold = std::fs::read_to_string(root.join("gold/seed-it.jsonl")).expect("seed gold");
        let raw = raw.trim_start();
        let (first, text) = raw
            .split_once(char::is_whitespace)
            .map(|(_, r)| r.trim_start().split_once(char::is_whitespace).unwrap())
            .unwrap();
        let got = timexes("it", Some(first), text);
        // Gold timexes as (text, value), read without a JSON dependency.
        let line = gold.lines().next().unwrap();
        let tx = &line[line.find("\"timexes\"").unwrap()..];
        let tx = &tx[..tx.find(']').unwrap()];
        let mut want = Vec::new();
        for obj in tx.split('{').skip(1) {
            let field = |name: &str| {
                let k = obj.find(&format!("\"{name}\"")).unwrap();
                let rest = &obj[k + name.len() + 2..];
                let rest = &rest[rest.find('"').unwrap() + 1..];
                rest[..rest.find('"').unwrap()].to_string()
            };
            want.push((field("text"), field("value")));
        }
        assert_eq!(want.len(), 7);
        let mut missing = Vec::new();
        for (wt, wv) in &want {
            let curly = wt.replace('\'', "\u{2019}");
            let spans: Vec<(usize, usize)> = text
                .match_indices(wt.as_str())
                .chain(text.match_indices(curly.as_str()))
                .map(|(s, m)| (s, s + m.len()))
                .collect();
            assert!(!spans.is_empty(), "gold text {wt:?} not in the seed");
            let ok = got.iter().any(|t| {
                t.value == *wv
                    && spans
                        .iter()
                        .any(|&(s, e)| t.span.start < e && s < t.span.end)
            });
            if !ok {
                missing.push((wt, wv));
            }
        }
        assert!(
            missing.is_empty(),
            "missing {missing:?}; got {:?}",
            got.iter().map(|t| (&t.text, &t.value)).collect::<Vec<_>>()
        );
        let venerdi = got.iter().find(|t| t.text == "venerdì").unwrap();
        assert_eq!(venerdi.precision(), Some(Precision::Month));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}", lang in proptest::sample::select(vec!["it", "en"]),
                        date in proptest::option::of(proptest::sample::select(vec!["2024", "2024-05", "2024-02-29", "1900-01-01"]))) {
            let _ = timexes(lang, date, &text);
        }

        #[test]
        fn never_panics_on_time_words(words in proptest::collection::vec(proptest::sample::select(vec![
            "il", "17", "/", "05", "2024", "-", "maggio", "May", "Sept", ".", ",", "venerdì", "Friday", "scorso",
            "next", "tra", "e", "fine", "di", "tre", "anni", "fa", "ago", "ogni", "week", "9999", "0", "31",
            "febbraio", "third", "quarter", "1990s", "mid", "nel", "the", "past", "oggi", "l'", "altro", "ieri",
        ]), 0..20), lang in proptest::sample::select(vec!["it", "en"]),
            date in proptest::option::of(proptest::sample::select(vec!["2024", "2024-05", "2024-12-31", "0001-01-01", "9999-12-31"]))) {
            let _ = timexes(lang, date, &words.join(" "));
            let _ = timexes(lang, date, &words.concat());
        }
    }
}
