//! Dyad time series: events of an actor/recipient pair (or a country) counted per day, ISO
//! week or month, by PLOVER type and by quad class, with Goldstein score sums and means.

use crate::{invalid, AnalyticsError, AuxSet, Day, DyadFilter, EventView, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use vedetta_model::{PartialDate, Precision};
use vedetta_store::{EventFact, EventFilter, StoredEvent};

/// Most buckets a series is zero-filled over (about 274 years of days); beyond it only the
/// non-empty buckets are listed ([`Series::zero_filled`] is false).
pub const MAX_BUCKETS: usize = 100_000;

/// Time resolution of a series.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// Calendar days.
    #[default]
    Day,
    /// ISO 8601 weeks, Monday to Sunday, labelled `2024-W20` (ISO week-numbering year).
    Week,
    /// Calendar months, labelled `2024-05`.
    Month,
}

impl Bucket {
    /// The first day of the bucket holding `d`.
    pub fn start(self, d: Day) -> Day {
        match self {
            Bucket::Day => d,
            Bucket::Week => d.monday(),
            Bucket::Month => d.month_start(),
        }
    }

    /// The first day of the bucket after the one starting on `start`.
    pub fn next(self, start: Day) -> Day {
        match self {
            Bucket::Day => start.plus(1),
            Bucket::Week => start.plus(7),
            Bucket::Month => start.next_month_start(),
        }
    }

    /// The label of the bucket starting on `start`: `2024-05-17`, `2024-W20`, `2024-05`.
    pub fn label(self, start: Day) -> String {
        match self {
            Bucket::Day => start.to_string(),
            Bucket::Week => {
                let (y, w) = start.iso_week();
                format!("{y:04}-W{w:02}")
            }
            Bucket::Month => {
                let (y, m, _) = start.ymd();
                format!("{y:04}-{m:02}")
            }
        }
    }

    /// True when a date of this precision can be placed in one bucket: days and weeks need a
    /// day, months need at least a month.
    pub fn fits(self, p: Precision) -> bool {
        match self {
            Bucket::Day | Bucket::Week => p == Precision::Day,
            Bucket::Month => p >= Precision::Month,
        }
    }
}

impl std::str::FromStr for Bucket {
    type Err = AnalyticsError;
    fn from_str(s: &str) -> Result<Bucket> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Bucket::Day),
            "week" => Ok(Bucket::Week),
            "month" => Ok(Bucket::Month),
            other => Err(invalid(
                "by",
                format!("unknown bucket {other:?} (expected day, week or month)"),
            )),
        }
    }
}

/// What a series counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeriesOptions {
    /// The dyad (actor, recipient, country; each optional, all given parts must match).
    pub dyad: DyadFilter,
    /// Bucket size.
    pub by: Bucket,
    /// Aux modes counted (default: asserted only).
    pub aux: AuxSet,
    /// First day covered: events that may fall on or after this date's first day (as the
    /// store's `from`); buckets are zero-filled from here. A bucket cut by `from` or `to`
    /// (a week starting before `from`) counts only the days inside the range.
    pub from: Option<PartialDate>,
    /// Last day covered: events that may fall on or before this date's last day; buckets are
    /// zero-filled up to here.
    pub to: Option<PartialDate>,
    /// Further conditions (event type, language, full text), for a timeline of any filtered
    /// set of events (the dashboard's).
    pub narrow: Narrow,
}

/// Conditions on a series' events beyond the dyad, aux modes and dates. The type and the
/// language are checked on every event; the full-text query only by the store (an event
/// does not carry its document's text), so a series over an unfiltered stream ignores it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrow {
    /// PLOVER event type (`ASSAULT`).
    pub event_type: Option<String>,
    /// Document language (`it`).
    pub lang: Option<String>,
    /// Full-text query (as [`EventFilter::q`]).
    pub q: Option<String>,
    /// Its stemmed forms (as [`EventFilter::q_stemmed`]).
    pub q_stemmed: Vec<String>,
}

impl Narrow {
    /// True when the event has the type and language asked for (the text is not checked).
    pub fn matches(&self, e: &StoredEvent) -> bool {
        self.event_type.as_deref().is_none_or(|t| t == e.event_type)
            && self.lang.as_deref().is_none_or(|l| l == e.lang)
    }

    /// [`matches`](Self::matches) on an event's fact.
    pub fn matches_fact(&self, e: &EventFact) -> bool {
        self.event_type.as_deref().is_none_or(|t| t == e.event_type)
            && self.lang.as_deref().is_none_or(|l| l == e.lang)
    }
}

impl SeriesOptions {
    /// The store filter that yields (a superset of) the events of this series: dyad, date
    /// range, and the aux mode when it is a single one.
    pub fn event_filter(&self) -> EventFilter {
        let d = self.dyad.normalized();
        EventFilter {
            actor: d.actor,
            recipient: d.recipient,
            country: d.country,
            aux: self.aux.store_filter(),
            from: self.from,
            to: self.to,
            event_type: self.narrow.event_type.clone(),
            lang: self.narrow.lang.clone(),
            q: self.narrow.q.clone(),
            q_stemmed: self.narrow.q_stemmed.clone(),
            ..EventFilter::default()
        }
    }
}

/// Events per CAMEO quad class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct QuadCounts {
    /// Quad 1.
    pub verbal_cooperation: u64,
    /// Quad 2.
    pub material_cooperation: u64,
    /// Quad 3.
    pub verbal_conflict: u64,
    /// Quad 4.
    pub material_conflict: u64,
    /// No quad class (a CAMEO code without a known root).
    pub unknown: u64,
}

impl QuadCounts {
    /// Counts one event of quad class `q`.
    pub fn add(&mut self, q: Option<u8>) {
        match q {
            Some(1) => self.verbal_cooperation += 1,
            Some(2) => self.material_cooperation += 1,
            Some(3) => self.verbal_conflict += 1,
            Some(4) => self.material_conflict += 1,
            _ => self.unknown += 1,
        }
    }

    /// Events of quad class `q` (1–4); other values give the `unknown` count.
    pub fn get(&self, q: u8) -> u64 {
        match q {
            1 => self.verbal_cooperation,
            2 => self.material_cooperation,
            3 => self.verbal_conflict,
            4 => self.material_conflict,
            _ => self.unknown,
        }
    }

    /// Cooperation events (quads 1 and 2).
    pub fn cooperation(&self) -> u64 {
        self.verbal_cooperation + self.material_cooperation
    }

    /// Conflict events (quads 3 and 4).
    pub fn conflict(&self) -> u64 {
        self.verbal_conflict + self.material_conflict
    }
}

/// Counts of a set of events.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Events.
    pub events: u64,
    /// Events per PLOVER type (sorted by type).
    pub by_type: BTreeMap<String, u64>,
    /// Events per quad class.
    pub quad: QuadCounts,
    /// Events with a Goldstein score.
    pub scored: u64,
    /// Sum of their Goldstein scores.
    pub score_sum: f64,
    /// Mean Goldstein score (`score_sum / scored`), `None` when no event is scored.
    pub score_mean: Option<f64>,
}

impl Counts {
    /// Adds one event.
    pub fn add(&mut self, e: &StoredEvent) {
        self.add_parts(&e.event_type, e.quad, e.scale);
    }

    /// Adds one event by its fact.
    pub fn add_fact(&mut self, e: &EventFact) {
        self.add_parts(&e.event_type, e.quad, e.scale);
    }

    fn add_view<E: EventView>(&mut self, e: &E) {
        self.add_parts(e.event_type(), e.quad(), e.scale());
    }

    fn add_parts(&mut self, event_type: &str, quad: Option<u8>, scale: Option<f64>) {
        self.events += 1;
        match self.by_type.get_mut(event_type) {
            Some(n) => *n += 1,
            None => {
                self.by_type.insert(event_type.to_string(), 1);
            }
        }
        self.quad.add(quad);
        if let Some(s) = scale.filter(|s| s.is_finite()) {
            self.scored += 1;
            self.score_sum += s;
        }
        self.score_mean = (self.scored > 0).then(|| self.score_sum / self.scored as f64);
    }
}

/// The counts of one bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BucketCounts {
    /// `2024-05-17`, `2024-W20` or `2024-05`.
    pub label: String,
    /// First day.
    pub start: Day,
    /// Last day (inclusive).
    pub end: Day,
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// Events whose date is coarser than the buckets (a month-precision date in a daily or
/// weekly series, a year in any series), counted per the period their date names instead
/// of being placed on an arbitrary day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpreciseCounts {
    /// The date as stored (`2024-05`, `2024`).
    pub period: String,
    /// Its precision (`month`, `year`).
    pub precision: Precision,
    /// First day of the period.
    pub start: Day,
    /// Last day of the period.
    pub end: Day,
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// A dyad time series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The dyad (normalised codes).
    #[serde(flatten)]
    pub dyad: DyadFilter,
    /// Bucket size.
    pub by: Bucket,
    /// Aux modes counted.
    pub aux: AuxSet,
    /// First day of the requested range, when given.
    pub from: Option<Day>,
    /// Last day of the requested range, when given.
    pub to: Option<Day>,
    /// Every PLOVER type counted, sorted.
    pub types: Vec<String>,
    /// True when `buckets` lists every bucket of the range (empty ones with zeros); false
    /// only when that would exceed [`MAX_BUCKETS`] and only non-empty buckets are listed.
    pub zero_filled: bool,
    /// Buckets in time order, contiguous from the first to the last (or `from` to `to`).
    pub buckets: Vec<BucketCounts>,
    /// Events with dates coarser than the buckets, per period (ordered by first day, months
    /// before years that start on the same day).
    pub imprecise: Vec<ImpreciseCounts>,
    /// Events without a date (none when `from` or `to` is given, as in the store's filter).
    pub undated: u64,
    /// All counted events: buckets, imprecise periods and undated.
    pub total: Counts,
}

/// Builds a [`Series`] one event at a time.
#[derive(Debug, Clone)]
pub struct SeriesBuilder {
    opts: SeriesOptions,
    dyad: DyadFilter,
    from: Option<Day>,
    to: Option<Day>,
    buckets: BTreeMap<Day, Counts>,
    /// Keyed by (first day, coarseness) so months come before the year starting with them.
    imprecise: BTreeMap<(Day, u8), (PartialDate, Counts)>,
    undated: u64,
    total: Counts,
    types: BTreeSet<String>,
}

impl SeriesBuilder {
    /// A builder; fails when `from` is after `to`.
    pub fn new(opts: &SeriesOptions) -> Result<SeriesBuilder> {
        let from = opts.from.map(Day::first_of);
        let to = opts.to.map(Day::last_of);
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(invalid(
                    "from",
                    format!("{f} is after the end of `to` ({t})"),
                ));
            }
        }
        Ok(SeriesBuilder {
            dyad: opts.dyad.normalized(),
            opts: opts.clone(),
            from,
            to,
            buckets: BTreeMap::new(),
            imprecise: BTreeMap::new(),
            undated: 0,
            total: Counts::default(),
            types: BTreeSet::new(),
        })
    }

    /// Counts one event if it belongs to the series (dyad, aux, date range); returns whether
    /// it was counted.
    pub fn push(&mut self, e: &StoredEvent) -> bool {
        self.push_view(e)
    }

    /// [`push`](Self::push) of an event's fact (what [`crate::series_from_store`] streams).
    pub fn push_fact(&mut self, e: &EventFact) -> bool {
        self.push_view(e)
    }

    fn push_view<E: EventView>(&mut self, e: &E) -> bool {
        if !self.opts.aux.contains(e.aux())
            || !self.dyad.matches_view(e)
            || self
                .opts
                .narrow
                .event_type
                .as_deref()
                .is_some_and(|t| t != e.event_type())
            || self
                .opts
                .narrow
                .lang
                .as_deref()
                .is_some_and(|l| l != e.lang())
        {
            return false;
        }
        let date = e.date().and_then(|d| PartialDate::parse(d).ok());
        let ranged = self.from.is_some() || self.to.is_some();
        match date {
            None => {
                if ranged {
                    return false;
                }
                self.undated += 1;
            }
            Some(d) => {
                let (first, last) = (Day::first_of(d), Day::last_of(d));
                // As the store: the date's possible days overlap the range.
                if self.from.is_some_and(|f| last < f) || self.to.is_some_and(|t| first > t) {
                    return false;
                }
                if self.opts.by.fits(d.precision()) {
                    self.buckets
                        .entry(self.opts.by.start(first))
                        .or_default()
                        .add_view(e);
                } else {
                    let rank = match d.precision() {
                        Precision::Day => 0,
                        Precision::Month => 1,
                        Precision::Year => 2,
                    };
                    self.imprecise
                        .entry((first, rank))
                        .or_insert_with(|| (d, Counts::default()))
                        .1
                        .add_view(e);
                }
            }
        }
        self.total.add_view(e);
        if !self.types.contains(e.event_type()) {
            self.types.insert(e.event_type().to_string());
        }
        true
    }

    /// The series: buckets zero-filled between the first and last (or `from` and `to`).
    pub fn finish(self) -> Series {
        let by = self.opts.by;
        let lo = self
            .from
            .map(|d| by.start(d))
            .or_else(|| self.buckets.keys().next().copied());
        let hi = self
            .to
            .map(|d| by.start(d))
            .or_else(|| self.buckets.keys().next_back().copied());
        let mut buckets = Vec::new();
        let mut zero_filled = true;
        if let (Some(lo), Some(hi)) = (lo, hi) {
            let span = match by {
                Bucket::Day => (hi.0 - lo.0) as i64 + 1,
                Bucket::Week => (hi.0 - lo.0) as i64 / 7 + 1,
                Bucket::Month => {
                    let ((y0, m0, _), (y1, m1, _)) = (lo.ymd(), hi.ymd());
                    (y1 as i64 - y0 as i64) * 12 + m1 as i64 - m0 as i64 + 1
                }
            };
            let mut filled = self.buckets;
            if span as usize > MAX_BUCKETS {
                zero_filled = false;
                buckets = filled
                    .into_iter()
                    .map(|(start, counts)| bucket(by, start, counts))
                    .collect();
            } else {
                let mut start = lo;
                while start <= hi {
                    let counts = filled.remove(&start).unwrap_or_default();
                    buckets.push(bucket(by, start, counts));
                    start = by.next(start);
                }
            }
        }
        Series {
            dyad: self.dyad,
            by,
            aux: self.opts.aux,
            from: self.from,
            to: self.to,
            types: self.types.into_iter().collect(),
            zero_filled,
            buckets,
            imprecise: self
                .imprecise
                .into_values()
                .map(|(d, counts)| ImpreciseCounts {
                    period: d.to_string(),
                    precision: d.precision(),
                    start: Day::first_of(d),
                    end: Day::last_of(d),
                    counts,
                })
                .collect(),
            undated: self.undated,
            total: self.total,
        }
    }
}

fn bucket(by: Bucket, start: Day, counts: Counts) -> BucketCounts {
    BucketCounts {
        label: by.label(start),
        start,
        end: by.next(start).plus(-1),
        counts,
    }
}

/// The time series of the events that match `opts` (see [`SeriesBuilder`]).
pub fn series(
    events: impl IntoIterator<Item = StoredEvent>,
    opts: &SeriesOptions,
) -> Result<Series> {
    let mut b = SeriesBuilder::new(opts)?;
    for e in events {
        b.push(&e);
    }
    Ok(b.finish())
}
