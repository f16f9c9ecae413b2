//! Storage of coded documents: documents, mentions, events, time expressions, quotes and
//! input failures, behind one [`Store`] trait.
//!
//! [`SqliteStore`] is the embedded default (one file, WAL, FTS5); [`PgStore`] implements the
//! same trait on PostgreSQL with its own SQL (see its module docs for the few differences).
//! [`open`] picks one by the name of the database. The contract every backend keeps:
//!
//! - **Idempotent**: [`Store::put_batch`] inserts a document only when its id is new; a
//!   document already stored (same id) is skipped with all its annotations, so re-ingesting
//!   adds nothing. Ids are chosen by the caller: a given id, else [`content_id`] of the text.
//! - **Atomic batches**: one transaction per `put_batch`; on any error nothing of the batch is
//!   written. A killed process loses only the batch in flight.
//! - **Offsets in characters**: records carry byte offsets (the pipeline's unit); the store
//!   converts them to character offsets (Unicode scalar values), the unit of every output.
//! - **No SQL from user input**: every filter value is a bound parameter; full-text queries
//!   are rebuilt from quoted terms ([`fts_query`]) so user text cannot use FTS syntax.
//! - **Deterministic order**: events by date (first possible day; undated last), then
//!   document id, then position in the document.
//! - **Story events**: every stored event keeps its own row (every mention), and carries a
//!   [`story_key`]: the same day, actors, recipients and type make one story event, whose
//!   mention, document and source counts [`Store::stories`] reports (GDELT's NumMentions,
//!   NumArticles and NumSources).

mod postgres;
mod sqlite;
#[cfg(test)]
mod tests;

pub use self::postgres::{is_postgres_url, redact_url, PgStore};
pub use sqlite::SqliteStore;

use serde::Serialize;
use sha2::{Digest, Sha256};
use vedetta_model::{Document, Event, Mention, PartialDate, Quote, Timex};

/// Errors of a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused an operation.
    #[error("database: {0}")]
    Db(rusqlite::Error),
    /// A call was stopped: it ran over the time budget set with [`Store::set_budget`], or the
    /// budget's caller cancelled it (a client that went away).
    #[error("the query was stopped: it ran over its time budget or was cancelled")]
    Interrupted,
    /// PostgreSQL refused an operation, or could not be reached (the server's message).
    #[error("PostgreSQL: {0}")]
    Pg(String),
    /// A record that cannot be stored (a span outside its text, …). The batch is rolled back.
    #[error("invalid record {doc}: {problem}")]
    Invalid {
        /// Id of the document.
        doc: String,
        /// What is wrong.
        problem: String,
    },
    /// The database was made by another version of vedetta.
    #[error("database schema version {found} is not supported (this build reads {expected})")]
    Schema {
        /// Version in the file.
        found: i64,
        /// Version this build writes.
        expected: i64,
    },
    /// The database was made by the version before and could not be upgraded in place.
    #[error(
        "database schema version {found} is older than this build's {expected} and could not \
         be upgraded in place ({why}); open it once where it can be written (`vedetta ingest \
         --db …`) and nothing stored is lost"
    )]
    Upgrade {
        /// Version in the file.
        found: i64,
        /// Version this build writes.
        expected: i64,
        /// Why the upgrade failed.
        why: String,
    },
    /// The database named is not a vedetta store (missing, empty, not SQLite, or another
    /// application's), so it is neither read nor altered.
    #[error("not a vedetta store: {why}")]
    NotAStore {
        /// The path or (redacted) URL (callers name it in their context).
        db: String,
        /// Why.
        why: String,
    },
    /// Writing out events failed (for the callers of [`Store::for_each_event`]).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A stored JSON column could not be read.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::OperationInterrupted) => StoreError::Interrupted,
            _ => StoreError::Db(e),
        }
    }
}

/// A bound on the store calls that follow [`Store::set_budget`]: they stop with
/// [`StoreError::Interrupted`] once `deadline` passes or `cancel` is set.
#[derive(Debug, Clone)]
pub struct Budget {
    /// When the work must stop.
    pub deadline: std::time::Instant,
    /// Set (by another thread) to stop the work now.
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Budget {
    /// A budget of `limit` from now, with a fresh cancel flag.
    pub fn new(limit: std::time::Duration) -> Budget {
        Budget {
            deadline: std::time::Instant::now() + limit,
            cancel: Default::default(),
        }
    }

    /// True when the work must stop.
    pub fn spent(&self) -> bool {
        self.cancel.load(std::sync::atomic::Ordering::Relaxed)
            || std::time::Instant::now() >= self.deadline
    }
}

/// Cancels the statement a store is running, from another thread (see
/// [`Store::canceller`]).
pub type Canceller = Box<dyn Fn() + Send + Sync>;

/// Streams the events of `filter` newest first for a backend whose walk (`walk(filter,
/// descending, each) → rows`) follows its sort key: the dated events in descending order,
/// then (when the page is not full and no date bound excludes them) the undated ones, with
/// `limit` and `offset` applied across both.
pub(crate) fn newest_first(
    store: &dyn Store,
    filter: &EventFilter,
    walk: &mut dyn FnMut(
        &EventFilter,
        bool,
        &mut dyn FnMut(StoredEvent) -> Result<()>,
    ) -> Result<u64>,
    each: &mut dyn FnMut(StoredEvent) -> Result<()>,
) -> Result<()> {
    let dated = EventFilter {
        dated: Some(true),
        newest_first: false,
        ..filter.clone()
    };
    if filter.dated == Some(false) {
        return walk(filter, false, each).map(|_| ());
    }
    let n = walk(&dated, true, each)?;
    let full = filter.limit.is_some_and(|l| n >= l);
    if full || filter.dated == Some(true) || filter.from.is_some() || filter.to.is_some() {
        return Ok(());
    }
    // The undated events come after all dated ones: skip what the offset leaves of them.
    let offset = if n > 0 || filter.offset == 0 {
        0
    } else {
        filter
            .offset
            .saturating_sub(store.count_events(&EventFilter {
                limit: None,
                offset: 0,
                ..dated.clone()
            })?)
    };
    let undated = EventFilter {
        dated: Some(false),
        newest_first: false,
        limit: filter.limit.map(|l| l - n),
        offset,
        ..filter.clone()
    };
    walk(&undated, false, each).map(|_| ())
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Opens the store named by `db` for writing: a `postgres://` or `postgresql://` URL
/// ([`PgStore`]), else a SQLite file path, with or without a `sqlite://` prefix
/// ([`SqliteStore`], created when missing). Either way the tables are created on first use.
/// Only the commands that fill a store call this; readers call [`open_existing`].
pub fn open(db: &str) -> Result<Box<dyn Store + Send>> {
    if is_postgres_url(db) {
        Ok(Box::new(PgStore::open(db)?))
    } else {
        Ok(Box::new(SqliteStore::open(sqlite_path(db))?))
    }
}

/// Opens an existing store named by `db` for reading: nothing is created, and a database
/// without vedetta's tables is refused by name ([`StoreError::NotAStore`]).
pub fn open_existing(db: &str) -> Result<Box<dyn Store + Send>> {
    if is_postgres_url(db) {
        Ok(Box::new(PgStore::open_existing(db)?))
    } else {
        Ok(Box::new(SqliteStore::open_existing(sqlite_path(db))?))
    }
}

/// The file path of a SQLite `--db` (a path, with or without `sqlite://`).
pub fn sqlite_path(db: &str) -> &str {
    db.strip_prefix("sqlite://").unwrap_or(db)
}

/// The id of a document without a given id: SHA-256 of its UTF-8 text, the first 128 bits
/// as 32 lowercase hex digits. The same text always gets the same id.
pub fn content_id(text: &str) -> String {
    let h = Sha256::digest(text.as_bytes());
    h[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The story key of an event: `date|actors|recipients|type`, where date is the event's date
/// (else the document's, else `undated`) and actors and recipients are their sorted, distinct
/// codes joined by `+`. Events of many documents with one key are one story event.
pub fn story_key(doc_date: Option<PartialDate>, event: &Event) -> String {
    let date = event
        .date
        .or(doc_date)
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".to_string());
    let codes = |list: &[vedetta_model::EventEntity]| {
        let mut c: Vec<&str> = list.iter().map(|a| a.code.as_str()).collect();
        c.sort_unstable();
        c.dedup();
        c.join("+")
    };
    format!(
        "{date}|{}|{}|{}",
        codes(&event.actor),
        codes(&event.recipient),
        event.event_type
    )
}

/// The outlet a document counts as for story sources: the host of its URL (without `www.`),
/// else its source with any `:line` suffix removed (the input file).
pub fn outlet(doc: &Document) -> String {
    if let Some(url) = doc.url.as_deref() {
        let rest = url.split_once("://").map(|x| x.1).unwrap_or(url);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map(|x| x.1).unwrap_or(host);
        let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
        if !host.is_empty() {
            return host;
        }
    }
    match doc.source.rsplit_once(':') {
        Some((file, line)) if !file.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => {
            file.to_string()
        }
        _ => doc.source.clone(),
    }
}

/// One story event: the events of all documents sharing a [`story_key`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// The story key.
    pub key: String,
    /// Date of the story (`2024-05-17`, `2024-05`, or `undated`).
    pub date: String,
    /// PLOVER type.
    pub event_type: String,
    /// Actor codes.
    pub actor: Vec<String>,
    /// Recipient codes.
    pub recipient: Vec<String>,
    /// Events (mentions) of the story.
    pub mentions: u64,
    /// Documents reporting it.
    pub documents: u64,
    /// Distinct outlets reporting it (see [`outlet`]).
    pub sources: u64,
    /// Ids of the documents, sorted (at most 100).
    pub doc_ids: Vec<String>,
    /// The outlets, sorted (at most 100).
    pub outlets: Vec<String>,
}

impl Story {
    /// A story from its key and counts; the id and outlet lists are sorted and capped.
    pub fn from_parts(
        key: String,
        mentions: u64,
        documents: u64,
        sources: u64,
        mut doc_ids: Vec<String>,
        mut outlets: Vec<String>,
    ) -> Story {
        let mut parts = key.splitn(4, '|');
        let date = parts.next().unwrap_or("").to_string();
        let split = |s: Option<&str>| -> Vec<String> {
            s.unwrap_or("")
                .split('+')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect()
        };
        let actor = split(parts.next());
        let recipient = split(parts.next());
        let event_type = parts.next().unwrap_or("").to_string();
        for list in [&mut doc_ids, &mut outlets] {
            list.sort();
            list.dedup();
            list.truncate(Story::MAX_LISTED);
        }
        Story {
            key,
            date,
            event_type,
            actor,
            recipient,
            mentions,
            documents,
            sources,
            doc_ids,
            outlets,
        }
    }

    /// Most document ids and outlets listed per story.
    pub const MAX_LISTED: usize = 100;
}

/// An event with what the store needs beyond the model type.
#[derive(Debug, Clone)]
pub struct EventRecord {
    /// The coded event.
    pub event: Event,
    /// CAMEO quad class (1–4) of its root code, when known.
    pub quad: Option<u8>,
    /// Goldstein scale of its root code, when known.
    pub scale: Option<f64>,
}

/// One coded document to store. `doc.id` is the store id (see [`content_id`]); byte offsets
/// of all annotations refer to `doc.text`.
#[derive(Debug, Clone)]
pub struct DocRecord {
    /// The document, with its final id.
    pub doc: Document,
    /// Language it was analysed in (ISO 639-1).
    pub lang: String,
    /// Actor mentions.
    pub mentions: Vec<Mention>,
    /// Events, in text order.
    pub events: Vec<EventRecord>,
    /// Time expressions.
    pub timexes: Vec<Timex>,
    /// Quotations.
    pub quotes: Vec<Quote>,
    /// The text as stems (space-separated), indexed beside the text for stemmed full-text
    /// search. Made by the caller: the store does not depend on analysis.
    pub stemmed_text: Option<String>,
}

/// An input that could not be coded or stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// File (or `-`), or the document's source.
    pub source: String,
    /// 1-based line, when tied to one.
    pub line: Option<u64>,
    /// The problem.
    pub error: String,
}

/// What one batch added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchReport {
    /// New documents.
    pub documents: usize,
    /// Documents already stored (same id), left as they were.
    pub skipped: usize,
    /// Events of the new documents.
    pub events: usize,
    /// Mentions of the new documents.
    pub mentions: usize,
    /// Time expressions of the new documents.
    pub timexes: usize,
    /// Quotes of the new documents.
    pub quotes: usize,
}

/// Which events to return. Every field narrows; empty = all events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// An actor code or code prefix on 3-letter groups (`PRK` matches `PRK`, `PRKGOV`).
    pub actor: Option<String>,
    /// A recipient code or prefix, like `actor`. Both together select a dyad.
    pub recipient: Option<String>,
    /// PLOVER event type (`AID`).
    pub event_type: Option<String>,
    /// Aux mode: `asserted` (none) or `historical`, `future`, `hypothetical`, `negation`.
    pub aux: Option<String>,
    /// Top-level (country) code of the actor or the recipient.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-3 code of the country where the event happened (its location).
    pub place_country: Option<String>,
    /// `Some(true)`: only events with a location; `Some(false)`: only those without.
    pub located: Option<bool>,
    /// Events located within a distance of a point.
    pub near: Option<Near>,
    /// Events located at a place of this name: the gazetteer's name, the words of the text
    /// or the admin-1 unit's name, compared without case ([`place_key`]).
    pub place: Option<String>,
    /// Events whose date may fall on or after this date's first day (undated events are
    /// left out when a date bound is given).
    pub from: Option<PartialDate>,
    /// Events whose date may fall on or before this date's last day.
    pub to: Option<PartialDate>,
    /// Language of the document.
    pub lang: Option<String>,
    /// Full-text query on the document text: every word must occur (words are matched as
    /// quoted terms; no query syntax).
    pub q: Option<String>,
    /// Stemmed forms of `q` (one string per language tried, words space-separated), matched
    /// against the stemmed column as an alternative to `q` on the text.
    pub q_stemmed: Vec<String>,
    /// Events of this document only.
    pub doc_id: Option<String>,
    /// With `doc_id`: only the events at these stored positions of the document (`seq`,
    /// counted from 1; `[from, to)`).
    pub doc_seq: Option<(u64, u64)>,
    /// `Some(true)`: only events with a date; `Some(false)`: only undated events.
    pub dated: Option<bool>,
    /// Newest first (dated events by their first possible day, latest first, then the
    /// undated ones) instead of oldest first. Only [`Store::for_each_event`] and
    /// [`Store::events`] honour it.
    pub newest_first: bool,
    /// At most this many events.
    pub limit: Option<u64>,
    /// Skip this many events first.
    pub offset: u64,
}

/// An actor or recipient of a stored event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEntity {
    /// Full code (`RUSGOV`).
    pub code: String,
    /// Top-level code (`RUS`).
    pub country: String,
    /// Sector part (`GOV`).
    pub sector: Option<String>,
    /// Text of the mention.
    pub entity_text: String,
    /// Wikidata id.
    pub identifier_id: Option<String>,
    /// Character offsets of the mention.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
}

/// Where a stored event happened: PLOVER's location object as the store keeps it (offsets
/// in characters, like every stored offset).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct StoredLocation {
    /// The words of the text that name the place (empty when the place is implied).
    pub extracted_place: String,
    /// Character offsets of those words, when the text names the place.
    pub start: Option<usize>,
    /// End (exclusive).
    pub end: Option<usize>,
    /// The gazetteer's name of the place.
    pub resolved_place: String,
    /// GeoNames id.
    pub geonameid: u32,
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// GeoNames admin-1 code.
    pub admin1: Option<String>,
    /// English name of the admin-1 unit.
    pub admin1_name: Option<String>,
    /// ISO 3166-1 alpha-3 code of the country.
    pub country_code: String,
    /// GeoNames feature code (`PPLC`, `ADM1`, `PCLI`).
    pub feature_code: String,
    /// PLOVER resolution: 5 sub-city, 4 city, 3 admin-2, 2 admin-1, 1 country.
    pub resolution: u8,
    /// ACLED geo-precision 1–3.
    pub geo_precision: u8,
    /// Why the event was placed here (`place in the event clause`, `dateline` …).
    pub reason: String,
}

/// [`StoredLocation`] as SQLite stores it from schema 5 on: its fields in order, as a JSON
/// array (about a third of the object's size: the keys are not repeated on every event).
#[derive(serde::Serialize, serde::Deserialize)]
struct LocationRow(
    String,
    Option<usize>,
    Option<usize>,
    String,
    u32,
    f64,
    f64,
    Option<String>,
    Option<String>,
    String,
    String,
    u8,
    u8,
    String,
);

impl StoredLocation {
    /// The compact stored form (a JSON array of the fields, see [`StoredLocation::from_stored`]).
    pub(crate) fn to_row_json(&self) -> serde_json::Result<String> {
        let l = self.clone();
        serde_json::to_string(&LocationRow(
            l.extracted_place,
            l.start,
            l.end,
            l.resolved_place,
            l.geonameid,
            l.lat,
            l.lon,
            l.admin1,
            l.admin1_name,
            l.country_code,
            l.feature_code,
            l.resolution,
            l.geo_precision,
            l.reason,
        ))
    }

    /// Reads a stored location: the compact array, or the JSON object of earlier schemas.
    pub(crate) fn from_stored(s: &str) -> serde_json::Result<StoredLocation> {
        if !s.trim_start().starts_with('[') {
            return serde_json::from_str(s);
        }
        let LocationRow(
            extracted_place,
            start,
            end,
            resolved_place,
            geonameid,
            lat,
            lon,
            admin1,
            admin1_name,
            country_code,
            feature_code,
            resolution,
            geo_precision,
            reason,
        ) = serde_json::from_str(s)?;
        Ok(StoredLocation {
            extracted_place,
            start,
            end,
            resolved_place,
            geonameid,
            lat,
            lon,
            admin1,
            admin1_name,
            country_code,
            feature_code,
            resolution,
            geo_precision,
            reason,
        })
    }

    /// The stored form of a location whose span is in bytes of `ci`'s text.
    pub(crate) fn of(
        l: &vedetta_model::Location,
        ci: &CharIndex<'_>,
    ) -> std::result::Result<StoredLocation, String> {
        let span = l.span.map(|s| ci.span(s)).transpose()?;
        if !(l.lat.is_finite() && l.lon.is_finite()) {
            return Err(format!(
                "location {:?} has no finite coordinates",
                l.resolved_place
            ));
        }
        Ok(StoredLocation {
            extracted_place: l.extracted_place.clone(),
            start: span.map(|x| x.0),
            end: span.map(|x| x.1),
            resolved_place: l.resolved_place.clone(),
            geonameid: l.geonameid,
            lat: l.lat,
            lon: l.lon,
            admin1: l.admin1.clone(),
            admin1_name: l.admin1_name.clone(),
            country_code: l.country_code.clone(),
            feature_code: l.feature_code.clone(),
            resolution: l.resolution,
            geo_precision: l.geo_precision,
            reason: l.reason.label().to_string(),
        })
    }

    /// The names a `place` filter matches, as one string of [`place_key`]s each between
    /// `|` (`|kyiv|kiev|kyiv city|`).
    pub(crate) fn names_key(&self) -> String {
        let mut keys: Vec<String> = Vec::new();
        for n in [
            Some(self.resolved_place.as_str()),
            Some(self.extracted_place.as_str()),
            self.admin1_name.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            let k = place_key(n);
            if !k.is_empty() && !keys.contains(&k) {
                keys.push(k);
            }
        }
        format!("|{}|", keys.join("|"))
    }

    /// The unit vector of the point on the sphere (what `near` compares).
    pub(crate) fn unit(&self) -> [f64; 3] {
        unit_vector(self.lat, self.lon)
    }
}

/// The location columns of one event, as both backends store them: the location as JSON,
/// and what the filters read (country, latitude, unit vector, name keys).
pub(crate) struct PlaceColumns {
    /// The location as a JSON object (PostgreSQL).
    pub(crate) json: String,
    /// The location as a JSON array of its fields (SQLite, [`StoredLocation::to_row_json`]).
    pub(crate) row: String,
    pub(crate) country: String,
    pub(crate) lat: f64,
    pub(crate) unit: [f64; 3],
    pub(crate) names: String,
}

impl PlaceColumns {
    /// The columns of an event's location (byte spans of `ci`'s text), checked; `None`
    /// when the event has none.
    pub(crate) fn of(
        l: Option<&vedetta_model::Location>,
        ci: &CharIndex<'_>,
        doc: &str,
    ) -> Result<Option<PlaceColumns>> {
        let Some(l) = l else { return Ok(None) };
        let sl = StoredLocation::of(l, ci).map_err(|p| invalid(doc, p))?;
        Ok(Some(PlaceColumns {
            json: serde_json::to_string(&sl)?,
            row: sl.to_row_json()?,
            unit: sl.unit(),
            names: sl.names_key(),
            lat: sl.lat,
            country: sl.country_code,
        }))
    }
}

/// The key a place name is compared by: lower case, spaces collapsed, `|` dropped.
pub fn place_key(name: &str) -> String {
    name.split_whitespace()
        .map(|w| w.replace('|', "").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The unit vector of a latitude and longitude in degrees.
fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (la, lo) = (lat.to_radians(), lon.to_radians());
    [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
}

/// Mean Earth radius in km (the great-circle distances of `near`).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Events within `km` kilometres (great circle) of a point: `--near LAT,LON,KM`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// Latitude of the point, degrees.
    pub lat: f64,
    /// Longitude of the point, degrees.
    pub lon: f64,
    /// Radius in km.
    pub km: f64,
}

impl Near {
    /// Parses `LAT,LON,KM` (`50.45,30.52,100`): latitude in [-90, 90], longitude in
    /// [-180, 180], a radius above 0 and at most half the Earth's circumference.
    pub fn parse(s: &str) -> std::result::Result<Near, String> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        if parts.len() != 3 {
            return Err(format!(
                "{s:?} is not LAT,LON,KM (three numbers separated by commas, e.g. 50.45,30.52,100)"
            ));
        }
        let num = |i: usize, what: &str| -> std::result::Result<f64, String> {
            let v: f64 = parts[i]
                .parse()
                .map_err(|_| format!("{what} {:?} is not a number", parts[i]))?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(format!("{what} {:?} is not a finite number", parts[i]))
            }
        };
        let (lat, lon, km) = (num(0, "latitude")?, num(1, "longitude")?, num(2, "radius")?);
        if !(-90.0..=90.0).contains(&lat) {
            return Err(format!("latitude {lat} is outside -90..90"));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(format!("longitude {lon} is outside -180..180"));
        }
        let max = std::f64::consts::PI * EARTH_RADIUS_KM;
        if !(km > 0.0 && km <= max) {
            return Err(format!(
                "radius {km} km must be above 0 and at most {max:.0}"
            ));
        }
        Ok(Near { lat, lon, km })
    }

    /// The cosine of the radius's angle: a point is near when its unit vector's dot product
    /// with the centre's is at least this.
    pub(crate) fn min_dot(&self) -> f64 {
        (self.km / EARTH_RADIUS_KM).cos()
    }

    /// The unit vector of the centre.
    pub(crate) fn unit(&self) -> [f64; 3] {
        unit_vector(self.lat, self.lon)
    }

    /// The latitude band that holds every point within the radius (a range an index can
    /// serve): `(south, north)`.
    pub(crate) fn lat_band(&self) -> (f64, f64) {
        let d = (self.km / EARTH_RADIUS_KM).to_degrees();
        ((self.lat - d).max(-90.0), (self.lat + d).min(90.0))
    }

    /// Great-circle distance in km from the centre to a point.
    pub fn distance_km(&self, lat: f64, lon: f64) -> f64 {
        let (a, b) = (self.unit(), unit_vector(lat, lon));
        let dot = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]).clamp(-1.0, 1.0);
        dot.acos() * EARTH_RADIUS_KM
    }
}

/// A stored event, with its document's id, date and language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// `{doc_id}-{seq}`.
    pub id: String,
    /// Document id.
    pub doc_id: String,
    /// 1-based position in the document.
    pub seq: u32,
    /// Document language.
    pub lang: String,
    /// Document date.
    pub doc_date: Option<String>,
    /// PLOVER type.
    pub event_type: String,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// PLOVER contexts.
    pub context: Vec<String>,
    /// CAMEO code.
    pub cameo: String,
    /// Quad class.
    pub quad: Option<u8>,
    /// Goldstein scale.
    pub scale: Option<f64>,
    /// Actors.
    pub actor: Vec<StoredEntity>,
    /// Recipients.
    pub recipient: Vec<StoredEntity>,
    /// Actor and recipient act together.
    pub reciprocal: bool,
    /// Aux label, `None` = asserted.
    pub aux: Option<String>,
    /// Cue of the aux mode.
    pub aux_cue: Option<String>,
    /// Who says so, nearest first.
    pub attribution: Vec<String>,
    /// Event date (`2024-05`, `2024-05-17`).
    pub date: Option<String>,
    /// `year`, `month` or `day`.
    pub date_precision: Option<String>,
    /// `timex` or `document`.
    pub date_source: String,
    /// Evidence start (characters).
    pub evidence_start: usize,
    /// Evidence end (characters).
    pub evidence_end: usize,
    /// Evidence text.
    pub event_text: String,
    /// Trigger text.
    pub trigger: String,
    /// The sentence.
    pub text: String,
    /// Quantities of the clause as JSON objects (`text, start, end, value, approx, at_least,
    /// at_most, unit`, offsets in characters).
    pub quantities: serde_json::Value,
    /// Pattern id.
    pub pattern: String,
    /// Where the event happened (PLOVER's location object), when known.
    pub location: Option<StoredLocation>,
    /// Where the document came from: the input file (with `:line`) or the feed URL.
    pub source: String,
    /// The document's outlet (URL host, else the input file): what `stories` counts.
    pub outlet: String,
    /// The document's URL, when it has one.
    pub url: Option<String>,
    /// The document's title, when it has one.
    pub title: Option<String>,
}

/// The few fields of a stored event that aggregates need, without its texts, attribution,
/// quantities or mention offsets: what [`Store::for_each_fact`] yields. Much cheaper to read
/// than a [`StoredEvent`] (no per-event entity query, no JSON columns).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventFact {
    /// Document id.
    pub doc_id: String,
    /// 1-based position in the document.
    pub seq: u32,
    /// Document language.
    pub lang: String,
    /// Event date (`2024-05`, `2024-05-17`), as [`StoredEvent::date`].
    pub date: Option<String>,
    /// `year`, `month` or `day`.
    pub date_precision: Option<String>,
    /// PLOVER type.
    pub event_type: String,
    /// Quad class.
    pub quad: Option<u8>,
    /// Goldstein scale.
    pub scale: Option<f64>,
    /// Aux label, `None` = asserted.
    pub aux: Option<String>,
    /// Actor codes, in the order of [`StoredEvent::actor`].
    pub actor: Vec<String>,
    /// Recipient codes, in the order of [`StoredEvent::recipient`].
    pub recipient: Vec<String>,
}

impl EventFact {
    /// The fact of a full event.
    pub fn of(e: &StoredEvent) -> EventFact {
        EventFact {
            doc_id: e.doc_id.clone(),
            seq: e.seq,
            lang: e.lang.clone(),
            date: e.date.clone(),
            date_precision: e.date_precision.clone(),
            event_type: e.event_type.clone(),
            quad: e.quad,
            scale: e.scale,
            aux: e.aux.clone(),
            actor: e.actor.iter().map(|x| x.code.clone()).collect(),
            recipient: e.recipient.iter().map(|x| x.code.clone()).collect(),
        }
    }

    /// `{doc_id}-{seq}`, as [`StoredEvent::id`].
    pub fn id(&self) -> String {
        format!("{}-{}", self.doc_id, self.seq)
    }
}

/// The top-level (country) part of an actor code (`RUS` of `RUSGOV`), as
/// [`StoredEntity::country`] holds it (see [`vedetta_model::split_code`]), without allocating.
pub fn code_country(code: &str) -> &str {
    if code.len() <= 3 || !code.is_char_boundary(3) {
        code
    } else {
        &code[..3]
    }
}

/// A stored document with all its annotations (offsets in characters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    /// Id.
    pub id: String,
    /// Source.
    pub source: String,
    /// Date.
    pub date: Option<String>,
    /// Date precision.
    pub date_precision: Option<String>,
    /// Language.
    pub lang: String,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Text.
    pub text: String,
    /// Mentions as JSON objects (the fields of `vedetta analyze`).
    pub mentions: Vec<serde_json::Value>,
    /// Events.
    pub events: Vec<StoredEvent>,
    /// Time expressions as JSON objects.
    pub timexes: Vec<serde_json::Value>,
    /// Quotes as JSON objects.
    pub quotes: Vec<serde_json::Value>,
    /// How many annotations of each kind the document has in all (the lists above hold
    /// the page asked for, [`DocPage`]).
    pub totals: AnnotationCounts,
}

/// How many annotations of each kind a stored document has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AnnotationCounts {
    /// Mentions.
    pub mentions: u64,
    /// Events.
    pub events: u64,
    /// Time expressions.
    pub timexes: u64,
    /// Quotes.
    pub quotes: u64,
}

/// Which part of a document's annotations [`Store::document_page`] reads: for each kind, the
/// first to return (an offset in text order) and at most `limit` of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocPage {
    /// Mentions skipped.
    pub mentions: u64,
    /// Events skipped.
    pub events: u64,
    /// Time expressions skipped.
    pub timexes: u64,
    /// Quotes skipped.
    pub quotes: u64,
    /// Most annotations of each kind.
    pub limit: u64,
}

impl DocPage {
    /// Every annotation.
    pub const ALL: DocPage = DocPage {
        mentions: 0,
        events: 0,
        timexes: 0,
        quotes: 0,
        limit: i64::MAX as u64,
    };

    /// The first `limit` of each kind.
    pub fn first(limit: u64) -> DocPage {
        DocPage {
            limit,
            ..DocPage::ALL
        }
    }

    /// `(limit, offset)` for SQL, for a kind's offset.
    pub(crate) fn sql(&self, offset: u64) -> (i64, i64) {
        (
            self.limit.min(i64::MAX as u64) as i64,
            offset.min(i64::MAX as u64) as i64,
        )
    }
}

/// An actor seen in mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorSeen {
    /// Code.
    pub code: String,
    /// Canonical name, when known.
    pub name: Option<String>,
    /// Number of mentions.
    pub mentions: u64,
}

/// Totals of a store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Documents.
    pub documents: u64,
    /// Events.
    pub events: u64,
    /// Mentions.
    pub mentions: u64,
    /// Recorded failures.
    pub failures: u64,
}

/// A store of coded documents. Object-safe (`Box<dyn Store>`), so the CLI and the server
/// pick a backend at run time. See the crate docs for the contract.
pub trait Store {
    /// Stores a batch in one transaction; documents whose id is already stored are skipped.
    fn put_batch(&mut self, docs: &[DocRecord]) -> Result<BatchReport>;
    /// Records failures (the same source, line and error is recorded once).
    fn put_failures(&mut self, failures: &[Failure]) -> Result<usize>;
    /// True when a document with this id is stored.
    fn has_document(&self, id: &str) -> Result<bool>;
    /// Calls `f` with each matching event in order; stops at the first error of `f`.
    fn for_each_event(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()>;
    /// Calls `f` with the [`EventFact`] of each matching event, in the order of
    /// [`for_each_event`](Store::for_each_event) (limit and offset apply alike); stops at the
    /// first error of `f`. For aggregates over many events: it reads no texts and no
    /// per-event entity rows.
    fn for_each_fact(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(&EventFact) -> Result<()>,
    ) -> Result<()>;
    /// The matching events, in order.
    fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>>;
    /// How many events match (ignoring limit and offset).
    fn count_events(&self, filter: &EventFilter) -> Result<u64>;
    /// Story events made of the matching events: most mentioned first (then by key), with
    /// the filter's limit and offset applied to stories.
    fn stories(&self, filter: &EventFilter) -> Result<Vec<Story>>;
    /// A document with all its annotations.
    fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        self.document_page(id, DocPage::ALL)
    }

    /// A stored document with one page of each kind of its annotations (text order) and the
    /// totals, so a document with a million mentions is read a bounded part at a time.
    fn document_page(&self, id: &str, page: DocPage) -> Result<Option<StoredDocument>>;
    /// Actor codes and names seen in mentions whose code starts with `q` (case-insensitive)
    /// or whose name contains it; most mentioned first. An empty `q` lists all.
    fn actors(&self, q: &str, limit: u64) -> Result<Vec<ActorSeen>>;
    /// Recorded failures, oldest first.
    fn failures(&self) -> Result<Vec<Failure>>;
    /// Totals.
    fn stats(&self) -> Result<Stats>;
    /// A number that changes whenever a batch adds documents (and so events), cheap to read:
    /// answers computed over the store can be cached under it. Documents are never removed,
    /// so an equal number means the same stored documents and events.
    fn generation(&self) -> Result<u64>;

    /// Bounds the calls that follow (until `set_budget(None)`): SQLite checks the budget every
    /// few thousand virtual-machine steps (a progress handler), PostgreSQL gets a
    /// `statement_timeout`. A call over the budget fails with [`StoreError::Interrupted`].
    fn set_budget(&self, budget: Option<Budget>) -> Result<()>;

    /// Something another thread may call to stop the statement running now, for backends
    /// whose statements run elsewhere (PostgreSQL's cancel request); `None` when setting the
    /// budget's cancel flag is enough (SQLite).
    fn canceller(&self) -> Option<Canceller> {
        None
    }
}

/// Most distinct words a full-text query may have. Each word is one more index lookup and
/// intersection; a query of one word repeated 500 times pinned a core for ~100 s.
pub const MAX_QUERY_TERMS: usize = 32;

/// The words of a full-text query as the stores match them: split on non-alphanumerics,
/// distinct (ignoring case), in order, at most [`MAX_QUERY_TERMS`].
pub fn query_words(q: &str) -> Vec<&str> {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| seen.insert(w.to_lowercase()))
        .take(MAX_QUERY_TERMS)
        .collect()
}

/// A text as the full-text index of SQLite stores takes it: its words ([`query_words`]'s
/// split, every occurrence) joined by single spaces.
pub(crate) fn index_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Checks a user's full-text query before it reaches a store: at most [`MAX_QUERY_TERMS`]
/// distinct words (repeats count once). The error says why, for the caller to name its
/// parameter.
pub fn check_query(q: &str) -> std::result::Result<(), String> {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let distinct = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| seen.insert(w.to_lowercase()))
        .count();
    if distinct > MAX_QUERY_TERMS {
        Err(format!(
            "{distinct} distinct words; a full-text query takes at most {MAX_QUERY_TERMS}"
        ))
    } else {
        Ok(())
    }
}

/// Builds an FTS5 query from user words ([`query_words`]): each word becomes a quoted term
/// (quotes doubled), all must occur. Returns `None` when there is no word.
pub fn fts_query(q: &str) -> Option<String> {
    let terms: Vec<String> = query_words(q)
        .into_iter()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// Maps byte offsets of a text to character offsets, checking them.
pub(crate) struct CharIndex<'a> {
    text: &'a str,
    table: Vec<u32>,
}

impl<'a> CharIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut table = vec![u32::MAX; text.len() + 1];
        let mut n = 0u32;
        for (b, _) in text.char_indices() {
            table[b] = n;
            n += 1;
        }
        table[text.len()] = n;
        CharIndex { text, table }
    }
    /// (start, end) in characters, or a description of what is wrong.
    pub(crate) fn span(&self, s: vedetta_model::Span) -> Result<(usize, usize), String> {
        let at = |b: usize| match self.table.get(b) {
            Some(&c) if c != u32::MAX => Ok(c as usize),
            _ => Err(format!(
                "byte offset {b} is not a character boundary of a {}-byte text",
                self.text.len()
            )),
        };
        if s.start > s.end {
            return Err(format!("span {}..{} is reversed", s.start, s.end));
        }
        Ok((at(s.start)?, at(s.end)?))
    }
    /// Quantities as the JSON objects stored with an event (`text, start, end, value, approx,
    /// at_least, at_most, unit`), offsets in characters.
    pub(crate) fn quantities(
        &self,
        qs: &[vedetta_model::Quantity],
    ) -> Result<Vec<serde_json::Value>, String> {
        qs.iter()
            .map(|q| {
                let (s, e) = self.span(q.span)?;
                Ok(
                    serde_json::json!({"text": q.text, "start": s, "end": e, "value": q.value,
                    "approx": q.approx, "at_least": q.at_least, "at_most": q.at_most,
                    "unit": q.unit}),
                )
            })
            .collect()
    }

    /// The text of a checked span.
    pub(crate) fn slice(&self, s: vedetta_model::Span) -> &'a str {
        &self.text[s.start..s.end]
    }
}

/// The error for a record that cannot be stored.
pub(crate) fn invalid(doc: &str, problem: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        doc: doc.to_string(),
        problem: problem.into(),
    }
}

/// A serde enum's label (`"person"`), or the JSON of anything else.
pub(crate) fn to_label<T: Serialize>(v: &T) -> Result<String> {
    Ok(match serde_json::to_value(v)? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// `year`, `month` or `day`.
pub(crate) fn precision_label(p: vedetta_model::Precision) -> &'static str {
    match p {
        vedetta_model::Precision::Year => "year",
        vedetta_model::Precision::Month => "month",
        vedetta_model::Precision::Day => "day",
    }
}

/// `YYYY-MM-DD` of a (year, month, day) triple.
pub(crate) fn iso((y, m, d): (i16, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}
