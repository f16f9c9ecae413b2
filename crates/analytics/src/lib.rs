//! Analytics over stored events: **dyad time series** ([`series`]), **escalation alerts**
//! ([`alerts`]) and the **dyad network** ([`network`]: who acts on whom, how often, how
//! cooperatively).
//!
//! Both are pure functions over a stream of [`StoredEvent`]s (as `Store::for_each_event`
//! yields them), with builders ([`SeriesBuilder`], [`AlertBuilder`]) that take one event at a
//! time so callers can stream without collecting. Results are plain `serde::Serialize` values
//! (the CLI prints them as JSON; the HTTP API can return them as they are). Options can give
//! the [`vedetta_store::EventFilter`] that narrows the store's stream to what they need
//! ([`SeriesOptions::event_filter`], [`AlertOptions::event_filter`]); the functions check
//! every event again, so an unfiltered stream gives the same result.
//! [`series_from_store`], [`network_from_store`] and [`alerts_from_store`] do the streaming
//! over a `Store` (what `vedetta series` and `vedetta alerts` call): they read facts
//! (`Store::for_each_fact`: no texts, no entity rows; the builders' `push_fact`), which give
//! the same results as full events (countries are the codes' top-level parts, as stored).
//!
//! **Cost**: everything is computed from streamed events, so time grows with the events in
//! the date range (a series of a dyad reads that dyad's events; alerts read every event of the
//! baseline and window). Aggregating in the database (daily counts grouped by country dyad,
//! class and type) would make both independent of the number of events; see the issue.
//!
//! Conventions shared by both:
//!
//! - **Aux modes**: only asserted events (aux `None`) count by default; an [`AuxSet`] selects
//!   others (`asserted,hypothetical`, or `all`).
//! - **Dates**: an event's date is its `date` field (the event's own date, else its document's;
//!   see the store). A partial date denotes its first day only where its precision is at
//!   least the resolution needed: coarser dates are never placed on a day they may not be on.
//! - **Score**: the PLOVER score is the event's Goldstein `scale` (−10 … +10, from the CAMEO
//!   root code); events without one count in event totals but not in score sums and means.
//! - **Quad classes** (CAMEO): 1 verbal cooperation, 2 material cooperation, 3 verbal
//!   conflict, 4 material conflict.

mod alerts;
mod day;
mod network;
mod scan;
mod series;
pub mod stats;

pub use alerts::{
    alerts, Alert, AlertBuilder, AlertEvent, AlertKey, AlertOptions, AlertReport, Class, DateRange,
    Model, ScoreShift, TypeCount,
};
pub use day::Day;
pub use network::{
    network, network_from_store, Edge, Level, Network, NetworkBuilder, NetworkOptions, Node,
};
pub use scan::{alerts_from_store, any_event, newest_date, series_from_store, today, Scan};
pub use series::{
    series, Bucket, BucketCounts, Counts, ImpreciseCounts, Narrow, QuadCounts, Series,
    SeriesBuilder, SeriesOptions, MAX_BUCKETS,
};

use serde::{Serialize, Serializer};
use std::collections::BTreeSet;
use vedetta_store::{code_country, EventFact, StoreError, StoredEvent};

/// Errors of the analytics functions: options that cannot be used, or a store that failed.
#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    /// An option has a value that cannot be used (the option's name, and why).
    #[error("{option}: {problem}")]
    InvalidOption {
        /// Name of the option (`window_days`, `aux`, …).
        option: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// The store failed while streaming events.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Result of the analytics functions.
pub type Result<T, E = AnalyticsError> = std::result::Result<T, E>;

fn invalid(option: &'static str, problem: impl Into<String>) -> AnalyticsError {
    AnalyticsError::InvalidOption {
        option,
        problem: problem.into(),
    }
}

/// The aux modes the coder assigns (`asserted` stands for no aux label).
pub const AUX_MODES: [&str; 5] = [
    "asserted",
    "historical",
    "future",
    "hypothetical",
    "negation",
];

/// A set of aux modes to count. The default is `asserted` only.
///
/// Serialises as the list of mode names (`["asserted"]`, or `["all"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuxSet {
    /// The modes, or `None` for every mode (including labels unknown to this build).
    modes: Option<BTreeSet<String>>,
}

impl Default for AuxSet {
    fn default() -> Self {
        AuxSet::asserted()
    }
}

impl AuxSet {
    /// Asserted events only (aux `None`).
    pub fn asserted() -> AuxSet {
        AuxSet {
            modes: Some(BTreeSet::from(["asserted".to_string()])),
        }
    }

    /// Every event, whatever its aux label.
    pub fn all() -> AuxSet {
        AuxSet { modes: None }
    }

    /// Parses a comma-separated list of [`AUX_MODES`] (`asserted,hypothetical`), or `all`.
    /// Names are case-insensitive; an empty list, an unknown name, or `all` beside other
    /// names is an error.
    pub fn parse(s: &str) -> Result<AuxSet> {
        let mut modes = BTreeSet::new();
        let mut all = false;
        for part in s.split(',').map(|p| p.trim().to_ascii_lowercase()) {
            if part == "all" {
                all = true;
            } else if AUX_MODES.contains(&part.as_str()) {
                modes.insert(part);
            } else {
                return Err(invalid(
                    "aux",
                    format!(
                        "unknown aux mode {part:?} (expected all, or some of {})",
                        AUX_MODES.join(", ")
                    ),
                ));
            }
        }
        match (all, modes.is_empty()) {
            (true, true) => Ok(AuxSet::all()),
            (true, false) => Err(invalid("aux", "`all` cannot be combined with other modes")),
            (false, true) => Err(invalid("aux", "no aux mode given")),
            (false, false) => Ok(AuxSet { modes: Some(modes) }),
        }
    }

    /// True when an event with this aux label (`None` = asserted) is counted.
    pub fn contains(&self, aux: Option<&str>) -> bool {
        match &self.modes {
            None => true,
            Some(m) => m.contains(aux.unwrap_or("asserted")),
        }
    }

    /// The value of the store's single-mode aux filter ([`vedetta_store::EventFilter::aux`])
    /// when this set is one mode; `None` when the store cannot narrow by it (all, or several).
    pub fn store_filter(&self) -> Option<String> {
        match &self.modes {
            Some(m) if m.len() == 1 => m.iter().next().cloned(),
            _ => None,
        }
    }

    /// The mode names, sorted (`["all"]` for every mode).
    pub fn names(&self) -> Vec<String> {
        match &self.modes {
            None => vec!["all".to_string()],
            Some(m) => m.iter().cloned().collect(),
        }
    }
}

impl std::str::FromStr for AuxSet {
    type Err = AnalyticsError;
    fn from_str(s: &str) -> Result<AuxSet> {
        AuxSet::parse(s)
    }
}

impl Serialize for AuxSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}

/// Which events belong to a dyad: an actor code (or prefix), a recipient code (or prefix), a
/// country on either side. Matches like the store's filter: a prefix is a plain string prefix
/// of an entity's full code (`PRK` matches `PRKGOV`), the country is an entity's top-level
/// code; each given part must match some actor / recipient / entity of the event. Codes are
/// compared in upper case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DyadFilter {
    /// Actor code or prefix.
    pub actor: Option<String>,
    /// Recipient code or prefix.
    pub recipient: Option<String>,
    /// Country (top-level code) of an actor or a recipient.
    pub country: Option<String>,
}

impl DyadFilter {
    /// The filter with codes trimmed and upper-cased, and empty codes dropped.
    pub fn normalized(&self) -> DyadFilter {
        let n = |s: &Option<String>| {
            s.as_deref()
                .map(|x| x.trim().to_uppercase())
                .filter(|x| !x.is_empty())
        };
        DyadFilter {
            actor: n(&self.actor),
            recipient: n(&self.recipient),
            country: n(&self.country),
        }
    }

    /// True when the event belongs to the dyad (call on a [`normalized`](Self::normalized)
    /// filter).
    pub fn matches(&self, e: &StoredEvent) -> bool {
        self.matches_view(e)
    }

    /// [`matches`](Self::matches) on an event's fact (countries are the codes' top-level
    /// parts, as the store keeps them).
    pub fn matches_fact(&self, e: &EventFact) -> bool {
        self.matches_view(e)
    }

    pub(crate) fn matches_view<E: EventView>(&self, e: &E) -> bool {
        self.actor
            .as_deref()
            .is_none_or(|a| e.actors().any(|(x, _)| x.starts_with(a)))
            && self
                .recipient
                .as_deref()
                .is_none_or(|r| e.recipients().any(|(x, _)| x.starts_with(r)))
            && self
                .country
                .as_deref()
                .is_none_or(|c| e.actors().chain(e.recipients()).any(|(_, x)| x == c))
    }
}

/// What the builders read of an event: a full [`StoredEvent`] (tests, callers with events
/// at hand) or an [`EventFact`] (what the `*_from_store` functions stream). Entities are
/// (code, country) pairs: a stored event's own country field, a fact's code's top-level part
/// (the same for every stored event).
pub(crate) trait EventView {
    fn doc_id(&self) -> &str;
    fn seq(&self) -> u32;
    fn lang(&self) -> &str;
    fn date(&self) -> Option<&str>;
    fn event_type(&self) -> &str;
    fn quad(&self) -> Option<u8>;
    fn scale(&self) -> Option<f64>;
    fn aux(&self) -> Option<&str>;
    fn actors(&self) -> impl Iterator<Item = (&str, &str)> + Clone;
    fn recipients(&self) -> impl Iterator<Item = (&str, &str)> + Clone;
    /// The event's id (`{doc_id}-{seq}`).
    fn id(&self) -> String {
        format!("{}-{}", self.doc_id(), self.seq())
    }
    /// Evidence text, else the sentence; `None` when not at hand (a fact).
    fn evidence(&self) -> Option<&str>;
}

impl EventView for StoredEvent {
    fn doc_id(&self) -> &str {
        &self.doc_id
    }
    fn seq(&self) -> u32 {
        self.seq
    }
    fn lang(&self) -> &str {
        &self.lang
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
    fn event_type(&self) -> &str {
        &self.event_type
    }
    fn quad(&self) -> Option<u8> {
        self.quad
    }
    fn scale(&self) -> Option<f64> {
        self.scale
    }
    fn aux(&self) -> Option<&str> {
        self.aux.as_deref()
    }
    fn actors(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.actor
            .iter()
            .map(|x| (x.code.as_str(), x.country.as_str()))
    }
    fn recipients(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.recipient
            .iter()
            .map(|x| (x.code.as_str(), x.country.as_str()))
    }
    fn id(&self) -> String {
        self.id.clone()
    }
    fn evidence(&self) -> Option<&str> {
        Some(evidence_source(self))
    }
}

impl EventView for EventFact {
    fn doc_id(&self) -> &str {
        &self.doc_id
    }
    fn seq(&self) -> u32 {
        self.seq
    }
    fn lang(&self) -> &str {
        &self.lang
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
    fn event_type(&self) -> &str {
        &self.event_type
    }
    fn quad(&self) -> Option<u8> {
        self.quad
    }
    fn scale(&self) -> Option<f64> {
        self.scale
    }
    fn aux(&self) -> Option<&str> {
        self.aux.as_deref()
    }
    fn actors(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.actor.iter().map(|x| (x.as_str(), code_country(x)))
    }
    fn recipients(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.recipient.iter().map(|x| (x.as_str(), code_country(x)))
    }
    fn evidence(&self) -> Option<&str> {
        None
    }
}

/// The text an event is shown by: its evidence, else its sentence.
pub(crate) fn evidence_source(e: &StoredEvent) -> &str {
    if e.event_text.is_empty() {
        &e.text
    } else {
        &e.event_text
    }
}

#[cfg(test)]
mod tests;
