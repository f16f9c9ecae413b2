//! Escalation alerts: for every directed country dyad (actor country → recipient country) and
//! every country (either side), the events of a recent window are compared with the same
//! key's own baseline, separately for conflict (quads 3–4) and cooperation (quads 1–2).
//!
//! # The model
//!
//! Only events dated to the day count (a month-precision date cannot be placed in a 7-day
//! window; those are tallied in [`AlertReport::imprecise`]). Let `w` be the events of a key
//! and class in the window of `W` days ending on the as-of day, and `b` those in the `B` days
//! before the window (the baseline; shortened to the days the data covers, see
//! [`AlertOptions::data_start`]). The baseline rate is smoothed with an add-`prior` (default
//! ½) count, so a key never seen before has a small positive rate rather than zero:
//!
//! ```text
//! rate = (b + prior) / B        expected λ = rate · W
//! ```
//!
//! - **Poisson**: p = P(X ≥ w | X ~ Poisson(λ)).
//! - **Negative binomial** (`nb`): the baseline is cut into ⌊B / W⌋ blocks of `W` days (the
//!   latest ones); with at least 3 blocks whose variance `v` exceeds their mean `m`, the size
//!   is estimated by the method of moments, r = m² / (v − m), and p = P(X ≥ w) for a negative
//!   binomial with mean λ and size r (variance λ + λ²/r). Otherwise (no overdispersion, or
//!   too few blocks) the Poisson p is used and the alert says so ([`Alert::model`]).
//!
//! The **surprise** is −log10 p, computed in log space (finite far below 1e−308). A key and
//! class is tested only with at least `min_events` events from at least `min_documents`
//! distinct documents in the window, so one article repeating a claim is not an alert; it is
//! an alert when its surprise reaches `min_surprise` (default 4: p ≤ 1e−4) and its window rate
//! is at least `min_rate_ratio` (default 1.5) times the smoothed baseline rate (with large
//! steady volumes, a 20% rise is significant but is not an escalation). Alerts are ranked
//! by surprise (then window count, then key). Each carries its counts, rate ratio, p-value,
//! the shift of the key's mean Goldstein score (all its scored events, both classes), its
//! most frequent event types, and up to `max_events` of its newest window events.

use crate::stats::{ln_negbin_sf, ln_poisson_sf, surprise};
use crate::{evidence_source, invalid, AnalyticsError, AuxSet, Day, EventView, Result};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use vedetta_model::{PartialDate, Precision};
use vedetta_store::{EventFact, EventFilter, StoredEvent};

/// The count model of the alerts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Model {
    /// Poisson with the smoothed baseline rate.
    #[default]
    #[serde(rename = "poisson")]
    Poisson,
    /// Negative binomial, dispersion estimated from the baseline (method of moments).
    #[serde(rename = "nb")]
    NegativeBinomial,
}

impl std::str::FromStr for Model {
    type Err = AnalyticsError;
    fn from_str(s: &str) -> Result<Model> {
        match s.trim().to_ascii_lowercase().as_str() {
            "poisson" => Ok(Model::Poisson),
            "nb" | "negbin" | "negative-binomial" => Ok(Model::NegativeBinomial),
            other => Err(invalid(
                "model",
                format!("unknown model {other:?} (expected poisson or nb)"),
            )),
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Model::Poisson => "Poisson",
            Model::NegativeBinomial => "negative binomial",
        })
    }
}

/// What an alert is about. Serialised with a `scope` tag (`dyad` or `country`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "scope", rename_all = "lowercase")]
pub enum AlertKey {
    /// Events with an actor of one country and a recipient of another (or the same).
    Dyad {
        /// Actor country (top-level code).
        actor: String,
        /// Recipient country.
        recipient: String,
    },
    /// Events with the country on either side (actor or recipient).
    Country {
        /// The country (top-level code).
        country: String,
    },
}

impl fmt::Display for AlertKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlertKey::Dyad { actor, recipient } => write!(f, "{actor}→{recipient}"),
            AlertKey::Country { country } => write!(f, "{country} (either side)"),
        }
    }
}

/// The class of events an alert counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Quad classes 3 and 4 (verbal and material conflict).
    Conflict,
    /// Quad classes 1 and 2 (verbal and material cooperation).
    Cooperation,
}

impl Class {
    fn of(quad: Option<u8>) -> Option<Class> {
        match quad {
            Some(1 | 2) => Some(Class::Cooperation),
            Some(3 | 4) => Some(Class::Conflict),
            _ => None,
        }
    }
    fn index(self) -> usize {
        match self {
            Class::Conflict => 0,
            Class::Cooperation => 1,
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::Conflict => "conflict",
            Class::Cooperation => "cooperation",
        })
    }
}

/// Options of [`alerts`]. `AlertOptions::default()` gives the documented defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertOptions {
    /// Last day of the window; default the newest day-dated event counted.
    pub as_of: Option<Day>,
    /// Window length in days (default 7).
    pub window_days: u32,
    /// Baseline length in days, just before the window (default 90).
    pub baseline_days: u32,
    /// No alerts when fewer baseline days are covered by data (default 28).
    pub min_baseline_days: u32,
    /// First day the data covers: the baseline starts no earlier (days before it have no
    /// data, not zero events). Default: the earliest day-dated event counted (pass it when
    /// the events given start later than the data, e.g. a date-filtered stream of sparse data).
    pub data_start: Option<Day>,
    /// Fewest events in the window to test a key and class (default 5).
    pub min_events: u64,
    /// Fewest distinct documents behind them (default 3).
    pub min_documents: u64,
    /// Smallest surprise (−log10 p) that makes an alert (default 4).
    pub min_surprise: f64,
    /// Smallest ratio of window rate to smoothed baseline rate that makes an alert
    /// (default 1.5).
    pub min_rate_ratio: f64,
    /// Count model (default Poisson).
    pub model: Model,
    /// Pseudo-count added to the baseline count (default 0.5).
    pub prior: f64,
    /// Aux modes counted (default asserted only).
    pub aux: AuxSet,
    /// At most this many alerts (default 20; `None` = all).
    pub limit: Option<usize>,
    /// Events listed per alert (default 10).
    pub max_events: usize,
    /// The events alerts are computed over: the event filters (actor, recipient, country,
    /// type, language, full text). Its dates, aux mode, limit and offset are ignored: the
    /// window, baseline and `aux` set those.
    pub scope: EventFilter,
    /// Event types listed per alert (default 5).
    pub max_types: usize,
}

impl Default for AlertOptions {
    fn default() -> Self {
        AlertOptions {
            as_of: None,
            window_days: 7,
            baseline_days: 90,
            min_baseline_days: 28,
            data_start: None,
            min_events: 5,
            min_documents: 3,
            min_surprise: 4.0,
            min_rate_ratio: 1.5,
            model: Model::Poisson,
            prior: 0.5,
            aux: AuxSet::asserted(),
            limit: Some(20),
            max_events: 10,
            max_types: 5,
            scope: EventFilter::default(),
        }
    }
}

impl AlertOptions {
    /// Checks the options.
    pub fn validate(&self) -> Result<()> {
        if self.window_days == 0 || self.window_days > 3660 {
            return Err(invalid("window_days", "must be 1 to 3660 days"));
        }
        if self.baseline_days == 0 || self.baseline_days > 36_600 {
            return Err(invalid("baseline_days", "must be 1 to 36600 days"));
        }
        if !(self.prior.is_finite() && self.prior > 0.0) {
            return Err(invalid("prior", "must be a positive number"));
        }
        if !self.min_surprise.is_finite() || self.min_surprise < 0.0 {
            return Err(invalid("min_surprise", "must be a number ≥ 0"));
        }
        if !self.min_rate_ratio.is_finite() || self.min_rate_ratio < 0.0 {
            return Err(invalid("min_rate_ratio", "must be a number ≥ 0"));
        }
        Ok(())
    }

    /// The days the alerts read when the window ends on `as_of`: baseline and window.
    pub fn range(&self, as_of: Day) -> DateRange {
        DateRange::new(
            as_of.plus(1 - (self.window_days + self.baseline_days) as i32),
            as_of,
        )
    }

    /// The store filter for the events the alerts read when the window ends on `as_of`: the
    /// baseline and window days, and the aux mode when it is a single one.
    pub fn event_filter(&self, as_of: Day) -> EventFilter {
        let r = self.range(as_of);
        EventFilter {
            from: r.start.to_partial(),
            to: r.end.to_partial(),
            ..self.scoped()
        }
    }

    /// The scope's filter with the aux mode of `aux` (when a single one), without dates or
    /// paging.
    pub fn scoped(&self) -> EventFilter {
        EventFilter {
            aux: self.aux.store_filter(),
            from: None,
            to: None,
            limit: None,
            offset: 0,
            ..self.scope.clone()
        }
    }
}

/// A range of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// First day.
    pub start: Day,
    /// Last day.
    pub end: Day,
    /// Number of days.
    pub days: u32,
}

impl DateRange {
    fn new(start: Day, end: Day) -> DateRange {
        DateRange {
            start,
            end,
            days: (end.0 - start.0 + 1).max(0) as u32,
        }
    }
    fn contains(&self, d: i32) -> bool {
        self.start.0 <= d && d <= self.end.0
    }
}

/// The change of a key's mean Goldstein score from the baseline to the window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoreShift {
    /// Mean score of the window's scored events (all classes).
    pub window_mean: Option<f64>,
    /// Mean score of the baseline's scored events.
    pub baseline_mean: Option<f64>,
    /// `window_mean − baseline_mean` (negative: more hostile).
    pub change: Option<f64>,
    /// Scored events in the window.
    pub window_scored: u64,
    /// Scored events in the baseline.
    pub baseline_scored: u64,
}

/// Events of one PLOVER type behind an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeCount {
    /// PLOVER type.
    pub event_type: String,
    /// Events in the window.
    pub window: u64,
    /// Events in the baseline.
    pub baseline: u64,
}

/// One event behind an alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertEvent {
    /// Event id (`{doc_id}-{seq}`).
    pub id: String,
    /// Document id.
    pub doc_id: String,
    /// Event date.
    pub date: Day,
    /// PLOVER type.
    pub event_type: String,
    /// Quad class.
    pub quad: Option<u8>,
    /// Goldstein score.
    pub scale: Option<f64>,
    /// Actor codes.
    pub actor: Vec<String>,
    /// Recipient codes.
    pub recipient: Vec<String>,
    /// Aux label (`None` = asserted).
    pub aux: Option<String>,
    /// The evidence text (at most 200 characters, `…` when cut).
    pub text: String,
}

/// An escalation alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// 1-based rank (by surprise).
    pub rank: usize,
    /// Dyad or country.
    #[serde(flatten)]
    pub key: AlertKey,
    /// Conflict or cooperation.
    pub class: Class,
    /// `RUS→UKR`, `RUS (either side)`.
    pub label: String,
    /// Events in the window.
    pub window_count: u64,
    /// Distinct documents behind them.
    pub window_documents: u64,
    /// Events in the baseline.
    pub baseline_count: u64,
    /// Baseline days (after clipping to the data).
    pub baseline_days: u32,
    /// Smoothed baseline rate, events per day: `(baseline_count + prior) / baseline_days`.
    pub baseline_rate: f64,
    /// Expected window count under the baseline rate.
    pub expected: f64,
    /// Window rate over smoothed baseline rate.
    pub rate_ratio: f64,
    /// P(X ≥ window_count) under the model (0 when below the smallest `f64`; see
    /// `surprise`).
    pub p_value: f64,
    /// −log10 p.
    pub surprise: f64,
    /// The model used (Poisson when the negative binomial found no overdispersion).
    pub model: Model,
    /// Negative-binomial size r, when used.
    pub dispersion: Option<f64>,
    /// Mean Goldstein score change of the key (both classes).
    pub score_shift: ScoreShift,
    /// Most frequent event types in the window, with their baseline counts.
    pub top_types: Vec<TypeCount>,
    /// Newest window events (newest first; within a day by document id and position).
    pub events: Vec<AlertEvent>,
    /// One-line summary.
    pub explanation: String,
}

/// The result of [`alerts`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertReport {
    /// Last day of the window (`None` when no day-dated event was counted).
    pub as_of: Option<Day>,
    /// The window.
    pub window: Option<DateRange>,
    /// The baseline, clipped to the data.
    pub baseline: Option<DateRange>,
    /// The model asked for.
    pub model: Model,
    /// Aux modes counted.
    pub aux: AuxSet,
    /// Minimum window events of a tested key.
    pub min_events: u64,
    /// Minimum window documents of a tested key.
    pub min_documents: u64,
    /// Minimum surprise of an alert.
    pub min_surprise: f64,
    /// Minimum rate ratio of an alert.
    pub min_rate_ratio: f64,
    /// Day-dated events in the baseline or window.
    pub events: u64,
    /// Events skipped because their date is coarser than a day.
    pub imprecise: u64,
    /// Events skipped because they have no date.
    pub undated: u64,
    /// Keys (dyads and countries) with events in the baseline or window.
    pub keys: u64,
    /// Key-and-class pairs with enough window volume to be tested.
    pub tested: u64,
    /// Alerts found before `limit`.
    pub alerts_found: u64,
    /// The alerts, most surprising first.
    pub alerts: Vec<Alert>,
    /// Why there are no alerts, when the data cannot support any.
    pub note: Option<String>,
}

/// One counted event of a key, compactly.
#[derive(Debug, Clone, Copy)]
struct Entry {
    day: i32,
    doc: u32,
    ty: u32,
    class: Option<Class>,
    scale: f64,
}

#[derive(Debug, Clone)]
struct Example {
    day: i32,
    seq: u32,
    event: AlertEvent,
}

impl Example {
    /// Newer ranks higher; within a day, store order (document id, position) ranks higher
    /// first, so the choice does not depend on the order events are pushed in.
    fn rank(&self) -> (i32, Reverse<&str>, Reverse<u32>) {
        (
            self.day,
            Reverse(self.event.doc_id.as_str()),
            Reverse(self.seq),
        )
    }
}

#[derive(Debug, Clone, Default)]
struct KeyAcc {
    entries: Vec<Entry>,
    examples: [Vec<Example>; 2],
}

/// Builds an [`AlertReport`] one event at a time (the events need not be sorted).
#[derive(Debug, Clone)]
pub struct AlertBuilder {
    opts: AlertOptions,
    docs: HashMap<String, u32>,
    types: Vec<String>,
    type_ids: HashMap<String, u32>,
    keys: HashMap<AlertKey, KeyAcc>,
    min_day: Option<i32>,
    max_day: Option<i32>,
    /// Day-dated events counted per day.
    per_day: BTreeMap<i32, u64>,
    imprecise: u64,
    undated: u64,
    since_prune: u64,
}

/// Pushes between two prunings of days that can no longer fall in the range (often in
/// tests, so that they exercise it).
const PRUNE_EVERY: u64 = if cfg!(test) { 1 << 10 } else { 1 << 16 };

impl AlertBuilder {
    /// A builder; fails on invalid options.
    pub fn new(opts: &AlertOptions) -> Result<AlertBuilder> {
        opts.validate()?;
        Ok(AlertBuilder {
            opts: opts.clone(),
            docs: HashMap::new(),
            types: Vec::new(),
            type_ids: HashMap::new(),
            keys: HashMap::new(),
            min_day: None,
            max_day: None,
            per_day: BTreeMap::new(),
            imprecise: 0,
            undated: 0,
            since_prune: 0,
        })
    }

    /// Counts one event (when its aux mode is selected and it is dated to the day); returns
    /// whether it was kept.
    pub fn push(&mut self, e: &StoredEvent) -> bool {
        self.push_view(e)
    }

    /// [`push`](Self::push) of an event's fact (what [`crate::alerts_from_store`] streams).
    /// The listed events of the report then have an empty text: fill it with
    /// [`AlertReport::fill_texts`].
    pub fn push_fact(&mut self, e: &EventFact) -> bool {
        self.push_view(e)
    }

    fn push_view<E: EventView>(&mut self, e: &E) -> bool {
        if !self.opts.aux.contains(e.aux()) {
            return false;
        }
        let Some(date) = e.date().and_then(|d| PartialDate::parse(d).ok()) else {
            self.undated += 1;
            return false;
        };
        if date.precision() != Precision::Day {
            self.imprecise += 1;
            return false;
        }
        let day = Day::first_of(date);
        self.min_day = Some(self.min_day.map_or(day.0, |m| m.min(day.0)));
        self.max_day = Some(self.max_day.map_or(day.0, |m| m.max(day.0)));
        if let Some(as_of) = self.opts.as_of {
            if !self.opts.range(as_of).contains(day.0) {
                return false;
            }
        }
        *self.per_day.entry(day.0).or_insert(0) += 1;
        let n = self.docs.len() as u32;
        let doc = match self.docs.get(e.doc_id()) {
            Some(&d) => d,
            None => {
                self.docs.insert(e.doc_id().to_string(), n);
                n
            }
        };
        let ty = match self.type_ids.get(e.event_type()) {
            Some(&t) => t,
            None => {
                let t = self.types.len() as u32;
                self.types.push(e.event_type().to_string());
                self.type_ids.insert(e.event_type().to_string(), t);
                t
            }
        };
        let class = Class::of(e.quad());
        let entry = Entry {
            day: day.0,
            doc,
            ty,
            class,
            scale: e.scale().filter(|s| s.is_finite()).unwrap_or(f64::NAN),
        };
        let actors: BTreeSet<&str> = e.actors().map(|x| x.1).collect();
        let recipients: BTreeSet<&str> = e.recipients().map(|x| x.1).collect();
        let mut keys: Vec<AlertKey> = Vec::new();
        for a in &actors {
            for r in &recipients {
                keys.push(AlertKey::Dyad {
                    actor: a.to_string(),
                    recipient: r.to_string(),
                });
            }
        }
        for c in actors.union(&recipients) {
            keys.push(AlertKey::Country {
                country: c.to_string(),
            });
        }
        let max_events = self.opts.max_events;
        for key in keys {
            let acc = self.keys.entry(key).or_default();
            acc.entries.push(entry);
            if let Some(c) = class {
                let list = &mut acc.examples[c.index()];
                let rank = (day.0, Reverse(e.doc_id()), Reverse(e.seq()));
                if list.len() < max_events {
                    list.push(example(e, day));
                } else if let Some(oldest) = list.iter_mut().min_by(|a, b| a.rank().cmp(&b.rank()))
                {
                    if rank > oldest.rank() {
                        *oldest = example(e, day);
                    }
                }
            }
        }
        self.since_prune += 1;
        if self.opts.as_of.is_none() && self.since_prune >= PRUNE_EVERY {
            self.prune();
        }
        true
    }

    /// Drops entries too old to fall in the range of any as-of day still possible.
    fn prune(&mut self) {
        self.since_prune = 0;
        let Some(max) = self.max_day else { return };
        let start = self.opts.range(Day(max)).start.0;
        self.keys.retain(|_, acc| {
            acc.entries.retain(|x| x.day >= start);
            !acc.entries.is_empty()
        });
    }

    /// The report: alerts ranked by surprise.
    pub fn finish(mut self) -> AlertReport {
        let o = self.opts.clone();
        let mut report = AlertReport {
            as_of: None,
            window: None,
            baseline: None,
            model: o.model,
            aux: o.aux.clone(),
            min_events: o.min_events,
            min_documents: o.min_documents,
            min_surprise: o.min_surprise,
            min_rate_ratio: o.min_rate_ratio,
            events: 0,
            imprecise: self.imprecise,
            undated: self.undated,
            keys: 0,
            tested: 0,
            alerts_found: 0,
            alerts: Vec::new(),
            note: None,
        };
        let Some(as_of) = o.as_of.or(self.max_day.map(Day)) else {
            report.note = Some("no event dated to the day".into());
            return report;
        };
        self.prune_to(as_of);
        let range = o.range(as_of);
        let window = DateRange::new(as_of.plus(1 - o.window_days as i32), as_of);
        let data_start = o
            .data_start
            .or(self.min_day.map(Day))
            .unwrap_or(range.start);
        let baseline = DateRange::new(range.start.max(data_start), window.start.plus(-1));
        report.as_of = Some(as_of);
        report.window = Some(window);
        report.baseline = Some(baseline);
        report.keys = self.keys.len() as u64;
        report.events = self
            .per_day
            .range(range.start.0..=range.end.0)
            .map(|(_, n)| n)
            .sum();
        if baseline.days < o.min_baseline_days {
            report.note = Some(format!(
                "the baseline covers {} days of data (from {}), fewer than the {} needed",
                baseline.days, baseline.start, o.min_baseline_days
            ));
            return report;
        }
        let mut found = Vec::new();
        let mut keys: Vec<&AlertKey> = self.keys.keys().collect();
        keys.sort();
        for key in keys {
            let acc = &self.keys[key];
            let shift = score_shift(&acc.entries, &window, &baseline);
            for class in [Class::Conflict, Class::Cooperation] {
                if let Some(a) = self.test(key, acc, class, &window, &baseline, shift, &mut report)
                {
                    found.push(a);
                }
            }
        }
        found.sort_by(|a, b| {
            b.surprise
                .total_cmp(&a.surprise)
                .then(b.window_count.cmp(&a.window_count))
                .then_with(|| a.key.cmp(&b.key))
                .then(a.class.cmp(&b.class))
        });
        report.alerts_found = found.len() as u64;
        if let Some(limit) = o.limit {
            found.truncate(limit);
        }
        for (i, a) in found.iter_mut().enumerate() {
            a.rank = i + 1;
        }
        report.alerts = found;
        report
    }

    /// Drops entries outside the range of `as_of` (when it was not known while pushing).
    fn prune_to(&mut self, as_of: Day) {
        let r = self.opts.range(as_of);
        self.keys.retain(|_, acc| {
            acc.entries.retain(|x| r.contains(x.day));
            !acc.entries.is_empty()
        });
    }

    /// Tests one key and class; the alert when it passes volume and surprise.
    #[allow(clippy::too_many_arguments)]
    fn test(
        &self,
        key: &AlertKey,
        acc: &KeyAcc,
        class: Class,
        window: &DateRange,
        baseline: &DateRange,
        score_shift: ScoreShift,
        report: &mut AlertReport,
    ) -> Option<Alert> {
        let o = &self.opts;
        let mine = || acc.entries.iter().filter(move |x| x.class == Some(class));
        let w: Vec<&Entry> = mine().filter(|x| window.contains(x.day)).collect();
        let window_count = w.len() as u64;
        if window_count < o.min_events.max(1) {
            return None;
        }
        let docs: HashSet<u32> = w.iter().map(|x| x.doc).collect();
        if (docs.len() as u64) < o.min_documents {
            return None;
        }
        report.tested += 1;
        let b: Vec<&Entry> = mine().filter(|x| baseline.contains(x.day)).collect();
        let baseline_count = b.len() as u64;
        let wd = f64::from(o.window_days);
        let rate = (baseline_count as f64 + o.prior) / f64::from(baseline.days);
        let expected = rate * wd;
        let dispersion = match o.model {
            Model::Poisson => None,
            Model::NegativeBinomial => nb_size(&b, baseline, o.window_days),
        };
        let (ln_p, model) = match dispersion {
            Some(r) => (
                ln_negbin_sf(window_count, expected, r),
                Model::NegativeBinomial,
            ),
            None => (ln_poisson_sf(window_count, expected), Model::Poisson),
        };
        let s = surprise(ln_p);
        let rate_ratio = (window_count as f64 / wd) / rate;
        if s < o.min_surprise || rate_ratio < o.min_rate_ratio {
            return None;
        }
        let p_value = ln_p.exp();
        // Types: window count (desc), then name.
        let mut per_type: HashMap<u32, (u64, u64)> = HashMap::new();
        for x in &w {
            per_type.entry(x.ty).or_default().0 += 1;
        }
        for x in &b {
            if let Some(c) = per_type.get_mut(&x.ty) {
                c.1 += 1;
            }
        }
        let mut top_types: Vec<TypeCount> = per_type
            .into_iter()
            .map(|(t, (win, base))| TypeCount {
                event_type: self.types[t as usize].clone(),
                window: win,
                baseline: base,
            })
            .collect();
        top_types.sort_by(|a, b| {
            b.window
                .cmp(&a.window)
                .then(a.event_type.cmp(&b.event_type))
        });
        top_types.truncate(o.max_types);
        let mut examples: Vec<&Example> = acc.examples[class.index()]
            .iter()
            .filter(|x| window.contains(x.day))
            .collect();
        examples.sort_by(|a, b| b.rank().cmp(&a.rank()));
        let label = key.to_string();
        let explanation = format!(
            "{label} {class}: {window_count} events from {} documents in the {} days to {} \
             vs {baseline_count} in the {} days before (expected {expected:.1}, ×{rate_ratio:.1}); \
             p = {} ({model}){}",
            docs.len(),
            o.window_days,
            window.end,
            baseline.days,
            fmt_p(ln_p),
            match score_shift.change {
                Some(c) => format!("; mean Goldstein {c:+.1}"),
                None => String::new(),
            }
        );
        Some(Alert {
            rank: 0,
            key: key.clone(),
            class,
            label,
            window_count,
            window_documents: docs.len() as u64,
            baseline_count,
            baseline_days: baseline.days,
            baseline_rate: rate,
            expected,
            rate_ratio,
            p_value,
            surprise: s,
            model,
            dispersion,
            score_shift,
            top_types,
            events: examples.into_iter().map(|x| x.event.clone()).collect(),
            explanation,
        })
    }
}

/// A p-value for people: `3.2e-19`, or `10^-812.4` below the `f64` range.
fn fmt_p(ln_p: f64) -> String {
    let p = ln_p.exp();
    if p > 0.0 {
        format!("{p:.2e}")
    } else {
        format!("10^-{:.1}", surprise(ln_p))
    }
}

/// The mean score change of a key's entries from the baseline to the window.
fn score_shift(entries: &[Entry], window: &DateRange, baseline: &DateRange) -> ScoreShift {
    let (mut ws, mut wn, mut bs, mut bn) = (0.0, 0u64, 0.0, 0u64);
    for x in entries.iter().filter(|x| !x.scale.is_nan()) {
        if window.contains(x.day) {
            ws += x.scale;
            wn += 1;
        } else if baseline.contains(x.day) {
            bs += x.scale;
            bn += 1;
        }
    }
    let window_mean = (wn > 0).then(|| ws / wn as f64);
    let baseline_mean = (bn > 0).then(|| bs / bn as f64);
    ScoreShift {
        window_mean,
        baseline_mean,
        change: window_mean.zip(baseline_mean).map(|(w, b)| w - b),
        window_scored: wn,
        baseline_scored: bn,
    }
}

/// The negative-binomial size r by the method of moments over the baseline's blocks of
/// `window` days (the latest ⌊days / window⌋ blocks); `None` without at least 3 blocks or
/// without overdispersion (variance ≤ mean).
fn nb_size(baseline_entries: &[&Entry], baseline: &DateRange, window: u32) -> Option<f64> {
    let blocks = (baseline.days / window) as usize;
    if blocks < 3 {
        return None;
    }
    let first = baseline.end.0 - (blocks as i32) * window as i32 + 1;
    let mut counts = vec![0f64; blocks];
    for x in baseline_entries {
        if x.day >= first && x.day <= baseline.end.0 {
            counts[((x.day - first) / window as i32) as usize] += 1.0;
        }
    }
    let n = blocks as f64;
    let mean = counts.iter().sum::<f64>() / n;
    let var = counts.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (n - 1.0);
    if mean > 0.0 && var > mean * (1.0 + 1e-9) {
        Some(mean * mean / (var - mean))
    } else {
        None
    }
}

/// The listed form of an event (its text empty when not at hand, see
/// [`AlertReport::fill_texts`]).
fn example<E: EventView>(e: &E, day: Day) -> Example {
    Example {
        day: day.0,
        seq: e.seq(),
        event: AlertEvent {
            id: e.id(),
            doc_id: e.doc_id().to_string(),
            date: day,
            event_type: e.event_type().to_string(),
            quad: e.quad(),
            scale: e.scale(),
            actor: e.actors().map(|x| x.0.to_string()).collect(),
            recipient: e.recipients().map(|x| x.0.to_string()).collect(),
            aux: e.aux().map(str::to_string),
            text: e.evidence().map(listed_text).unwrap_or_default(),
        },
    }
}

/// An event's text as listed: at most 200 characters (`…` when cut), on one line.
fn listed_text(source: &str) -> String {
    let mut text: String = source.chars().take(200).collect();
    if source.chars().nth(200).is_some() {
        text.push('…');
    }
    text.replace('\n', " ")
}

impl AlertReport {
    /// Fills the text of the listed events from their stored events (`event` gives the full
    /// event of a listed one, by document id and position), after a build from facts.
    pub fn fill_texts(
        &mut self,
        mut event: impl FnMut(&str, u32) -> Result<Option<StoredEvent>>,
    ) -> Result<()> {
        for a in &mut self.alerts {
            for x in &mut a.events {
                let seq =
                    x.id.rsplit_once('-')
                        .and_then(|(_, s)| s.parse().ok())
                        .unwrap_or(0);
                if let Some(e) = event(&x.doc_id, seq)? {
                    x.text = listed_text(evidence_source(&e));
                }
            }
        }
        Ok(())
    }
}

/// Escalation alerts over `events` (see the module docs for the model).
pub fn alerts(
    events: impl IntoIterator<Item = StoredEvent>,
    opts: &AlertOptions,
) -> Result<AlertReport> {
    let mut b = AlertBuilder::new(opts)?;
    for e in events {
        b.push(&e);
    }
    Ok(b.finish())
}
