//! Running the analytics over a [`Store`]: the events' facts (no texts, no entity rows) are
//! streamed with [`Store::for_each_fact`] under the filter the options give, one pass (rarely
//! two, see [`alerts_from_store`]); the few events an alert report lists are then read in
//! full for their texts. Nothing is aggregated in the database yet; see the crate docs.

use crate::{AlertBuilder, AlertOptions, AlertReport, AuxSet, Day, Result, Series, SeriesBuilder};
use crate::{SeriesOptions, StoreError};
use serde::Serialize;
use std::collections::HashMap;
use vedetta_store::{EventFilter, Store, StoredEvent};

/// A result with what computing it read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scan<T> {
    /// The result.
    pub result: T,
    /// Events the store streamed (over all passes).
    pub events_read: u64,
}

/// The series of `opts` over a store (one pass over the matching events).
pub fn series_from_store(store: &dyn Store, opts: &SeriesOptions) -> Result<Scan<Series>> {
    let mut builder = SeriesBuilder::new(opts)?;
    let mut read = 0u64;
    store.for_each_fact(&opts.event_filter(), &mut |e| {
        read += 1;
        builder.push_fact(e);
        Ok(())
    })?;
    Ok(Scan {
        result: builder.finish(),
        events_read: read,
    })
}

/// The newest date an event with one of these aux modes may fall on (the last possible day
/// of its date), or `None` when no event is dated. Found with [`any_event`] and a
/// `from` bound (the store has no max-date query yet): galloping back from `today`, then
/// bisecting; each probe reads one event.
pub fn newest_date(store: &dyn Store, aux: &AuxSet, today: Day) -> Result<Option<Day>> {
    newest_date_in(
        store,
        &EventFilter {
            aux: aux.store_filter(),
            ..EventFilter::default()
        },
        today,
    )
}

/// [`newest_date`] among the events of `scope` (its dates, limit and offset ignored).
pub fn newest_date_in(store: &dyn Store, scope: &EventFilter, today: Day) -> Result<Option<Day>> {
    let has_after = |d: Day| -> Result<bool, StoreError> {
        let f = EventFilter {
            from: d.to_partial(),
            to: None,
            ..scope.clone()
        };
        any_event(store, &f)
    };
    let first = Day::from_ymd(1, 1, 1).expect("a date");
    let last = Day::from_ymd(9999, 12, 31).expect("a date");
    let tomorrow = today.plus(1).clamp(first, last);
    // Invariant of the bisection: an event may fall on or after lo; none on or after hi.
    let (mut lo, mut hi);
    if has_after(tomorrow)? {
        if has_after(last)? {
            return Ok(Some(last));
        }
        (lo, hi) = (tomorrow, last);
    } else {
        hi = tomorrow;
        let mut step = 1;
        loop {
            let probe = Day((hi.0 - step).max(first.0));
            if has_after(probe)? {
                lo = probe;
                break;
            }
            if probe == first {
                return Ok(None);
            }
            hi = probe;
            step *= 2;
        }
    }
    while hi.0 - lo.0 > 1 {
        let mid = Day(lo.0 + (hi.0 - lo.0) / 2);
        if has_after(mid)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(Some(lo))
}

/// True when some event matches `filter`: the first fact of a one-event page, not a count
/// (a count of the events before a window reads nearly all of them).
pub fn any_event(store: &dyn Store, filter: &EventFilter) -> Result<bool, StoreError> {
    let first = EventFilter {
        limit: Some(1),
        offset: 0,
        ..filter.clone()
    };
    let mut found = false;
    store.for_each_fact(&first, &mut |_| {
        found = true;
        Ok(())
    })?;
    Ok(found)
}

/// Today (UTC) by the system clock.
pub fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Day((secs / 86_400) as i32)
}

/// Days read before the range of the newest possible date when the window's end is not
/// given: the newest day-dated event is usually within a month of it (a later month-dated
/// event), and then one pass suffices.
const SLACK_DAYS: i32 = 31;

/// Streams the events the alerts of `as_of` read (and `slack` days more before them) into a
/// builder and finishes it. With `opts.as_of` unset, the builder picks the newest day.
fn pass(
    store: &dyn Store,
    opts: &AlertOptions,
    as_of: Day,
    slack: i32,
) -> Result<Scan<AlertReport>> {
    let start = opts.range(as_of).start.plus(-slack);
    let mut opts = opts.clone();
    // The stream starts at the baseline: when the store holds earlier events, the data
    // covers the whole baseline (otherwise the first event seen marks where data begins).
    let before = EventFilter {
        to: start.plus(-1).to_partial(),
        ..opts.scoped()
    };
    if opts.data_start.is_none()
        && start.plus(-1).to_partial().is_some()
        && any_event(store, &before)?
    {
        opts.data_start = Some(start);
    }
    let mut builder = AlertBuilder::new(&opts)?;
    let mut read = 0u64;
    let mut filter = opts.event_filter(as_of);
    filter.from = start.to_partial();
    store.for_each_fact(&filter, &mut |e| {
        read += 1;
        builder.push_fact(e);
        Ok(())
    })?;
    let mut result = builder.finish();
    fill_texts(store, &mut result)?;
    Ok(Scan {
        result,
        events_read: read,
    })
}

/// Reads the texts of the events an alert report lists (built from facts, which have none):
/// the events of each listed document, once per document.
fn fill_texts(store: &dyn Store, report: &mut AlertReport) -> Result<()> {
    let mut docs: HashMap<String, Vec<StoredEvent>> = HashMap::new();
    report.fill_texts(|doc, seq| {
        if !docs.contains_key(doc) {
            let f = EventFilter {
                doc_id: Some(doc.to_string()),
                ..EventFilter::default()
            };
            docs.insert(doc.to_string(), store.events(&f)?);
        }
        Ok(docs[doc].iter().find(|e| e.seq == seq).cloned())
    })
}

/// The alerts of `opts` over a store. With `opts.as_of` given, one pass over the baseline
/// and window days. Without it, the newest possible event date is found first
/// ([`newest_date`]) and its range (plus a month) is read; the window ends on the newest
/// day-dated event, and only when that is over a month before the newest date (a later
/// year-dated event) is its own range read in a second pass.
pub fn alerts_from_store(store: &dyn Store, opts: &AlertOptions) -> Result<Scan<AlertReport>> {
    opts.validate()?;
    if let Some(d) = opts.as_of {
        return pass(store, opts, d, 0);
    }
    let Some(newest) = newest_date_in(store, &opts.scoped(), today())? else {
        return Ok(Scan {
            result: AlertBuilder::new(opts)?.finish(),
            events_read: 0,
        });
    };
    let first = pass(store, opts, newest, SLACK_DAYS)?;
    match first.result.as_of {
        Some(d) if d.0 < newest.0 - SLACK_DAYS => {
            let fixed = AlertOptions {
                as_of: Some(d),
                ..opts.clone()
            };
            let second = pass(store, &fixed, d, 0)?;
            Ok(Scan {
                result: second.result,
                events_read: first.events_read + second.events_read,
            })
        }
        _ => Ok(first),
    }
}
