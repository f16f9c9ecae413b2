//! Analytics over stored events: **dyad time series** ([`series`]) and **escalation alerts**
//! ([`alerts`]).
//!
//! Both are pure functions over a stream of [`StoredEvent`]s (as `Store::for_each_event`
//! yields them), with builders ([`SeriesBuilder`], [`AlertBuilder`]) that take one event at a
//! time so callers can stream without collecting. Results are plain `serde::Serialize` values
//! (the CLI prints them as JSON; the HTTP API can return them as they are). Options can give
//! the [`vedetta_store::EventFilter`] that narrows the store's stream to what they need
//! ([`SeriesOptions::event_filter`], [`AlertOptions::event_filter`]); the functions check
//! every event again, so an unfiltered stream gives the same result.
//! [`series_from_store`] and [`alerts_from_store`] do the streaming over a `Store`
//! (what `vedetta series` and `vedetta alerts` call).
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
mod scan;
mod series;
pub mod stats;

pub use alerts::{
    alerts, Alert, AlertBuilder, AlertEvent, AlertKey, AlertOptions, AlertReport, Class, DateRange,
    Model, ScoreShift, TypeCount,
};
pub use day::Day;
pub use scan::{alerts_from_store, newest_date, series_from_store, today, Scan};
pub use series::{
    series, Bucket, BucketCounts, Counts, ImpreciseCounts, QuadCounts, Series, SeriesBuilder,
    SeriesOptions, MAX_BUCKETS,
};

use serde::{Serialize, Serializer};
use std::collections::BTreeSet;
use vedetta_store::{StoreError, StoredEntity, StoredEvent};

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
        let prefix = |list: &[StoredEntity], p: &str| list.iter().any(|x| x.code.starts_with(p));
        self.actor.as_deref().is_none_or(|a| prefix(&e.actor, a))
            && self
                .recipient
                .as_deref()
                .is_none_or(|r| prefix(&e.recipient, r))
            && self
                .country
                .as_deref()
                .is_none_or(|c| e.actor.iter().chain(&e.recipient).any(|x| x.country == c))
    }
}

#[cfg(test)]
mod tests;
