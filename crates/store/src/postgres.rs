//! The PostgreSQL backend: the same tables as the SQLite one (with `BIGSERIAL` row ids), a
//! `tsvector` pair per document for full text, over the synchronous `postgres` client.
//!
//! - **Schema**: created on first open, inside one transaction holding an advisory lock, with
//!   `CREATE TABLE IF NOT EXISTS`: two processes opening an empty database at once both
//!   succeed. The version is kept in the table `vedetta_schema`. A store lives in the first
//!   schema of the connection's `search_path` (see [`PgStore::open_in_schema`], or the URL
//!   parameter `options=-csearch_path%3Dname`).
//! - **Full text**: the words of the text and of its stems (split like [`crate::fts_query`]
//!   splits a query: on every character that is not alphanumeric) are lowercased and
//!   stripped of diacritics in Rust (Unicode canonical decomposition, combining marks
//!   removed: SQLite's `remove_diacritics 2`), then stored as `tsvector`s without positions
//!   (`array_to_tsvector`, GIN-indexed). A query becomes a `tsquery` of quoted lexemes joined
//!   by `&`, bound as a parameter. Doing this in Rust makes the result independent of the
//!   server's locale, encoding and extensions (no `unaccent` needed); lexemes are the
//!   'simple' configuration's, so `fts_text @@ plainto_tsquery('simple', 'citta')` works
//!   from plain SQL too.
//! - **Order**: text columns that are compared or sorted are `COLLATE "C"` (byte order, like
//!   SQLite's `BINARY`), so events, stories and actors come back in the same order as from
//!   SQLite.
//! - **Batches**: one transaction; each table gets one multi-row `INSERT … SELECT FROM
//!   unnest($1, $2, …)` per batch over prepared statements, so a batch costs a handful of
//!   round trips whatever its size.
//!
//! Differences from SQLite: PostgreSQL text cannot hold U+0000, which is stored as U+FFFD
//! (one character: offsets are unchanged); a document's full-text index keeps at most about
//! 1 MB of distinct words and no word over 2047 bytes (PostgreSQL's `tsvector` limits).

use crate::{
    iso, ActorSeen, AnnotationCounts, BatchReport, Budget, CharIndex, DocPage, DocRecord,
    EventFact, EventFilter, Failure, PlaceColumns, Result, Stats, Store, StoreError,
    StoredDocument, StoredEntity, StoredEvent, Story,
};
use ::postgres::fallible_iterator::FallibleIterator;
use ::postgres::types::ToSql;
use ::postgres::{Client, Config, GenericClient, NoTls, Row, Statement};
use serde_json::{json, Value};
use std::cell::{RefCell, RefMut};
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Version 1 → 2: the event location (issue 16); columns added empty.
const MIGRATE_1_TO_2: &str = r#"
ALTER TABLE events ADD COLUMN IF NOT EXISTS location TEXT;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_country TEXT COLLATE "C";
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_lat DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_x DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_y DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_z DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_names TEXT;
CREATE INDEX IF NOT EXISTS events_place_country ON events(place_country)
    WHERE place_country IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_place_lat ON events(place_lat) WHERE place_lat IS NOT NULL;
INSERT INTO vedetta_schema (version) VALUES (2);
"#;

/// Schema version kept in the table `vedetta_schema`.
const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS documents (
    rowid BIGSERIAL PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    source TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_first TEXT COLLATE "C",
    date_last TEXT COLLATE "C",
    lang TEXT NOT NULL,
    title TEXT,
    url TEXT,
    text TEXT NOT NULL,
    outlet TEXT COLLATE "C" NOT NULL,
    fts_text TSVECTOR NOT NULL,
    fts_stemmed TSVECTOR NOT NULL,
    ingested_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
CREATE INDEX IF NOT EXISTS documents_lang ON documents(lang);
CREATE INDEX IF NOT EXISTS documents_fts_text ON documents USING gin (fts_text);
CREATE INDEX IF NOT EXISTS documents_fts_stemmed ON documents USING gin (fts_stemmed);
CREATE TABLE IF NOT EXISTS mentions (
    doc BIGINT NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    ner TEXT,
    code TEXT COLLATE "C",
    country TEXT,
    sector TEXT,
    wikidata TEXT,
    name TEXT COLLATE "C",
    role TEXT,
    why TEXT NOT NULL,
    ambiguous_with TEXT NOT NULL,
    PRIMARY KEY (doc, seq)
);
CREATE INDEX IF NOT EXISTS mentions_code ON mentions(code);
CREATE TABLE IF NOT EXISTS events (
    rowid BIGSERIAL PRIMARY KEY,
    doc BIGINT NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    mode TEXT,
    context TEXT NOT NULL,
    cameo TEXT NOT NULL,
    quad SMALLINT,
    scale DOUBLE PRECISION,
    reciprocal BOOLEAN NOT NULL,
    aux TEXT,
    aux_cue TEXT,
    attribution TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_first TEXT COLLATE "C",
    date_last TEXT COLLATE "C",
    date_source TEXT NOT NULL,
    evidence_start BIGINT NOT NULL,
    evidence_end BIGINT NOT NULL,
    trigger_start BIGINT NOT NULL,
    trigger_end BIGINT NOT NULL,
    sentence_start BIGINT NOT NULL,
    sentence_end BIGINT NOT NULL,
    event_text TEXT NOT NULL,
    trigger_text TEXT NOT NULL,
    sentence_text TEXT NOT NULL,
    quantities TEXT NOT NULL,
    pattern TEXT NOT NULL,
    story TEXT COLLATE "C" NOT NULL,
    location TEXT,
    place_country TEXT COLLATE "C",
    place_lat DOUBLE PRECISION,
    place_x DOUBLE PRECISION,
    place_y DOUBLE PRECISION,
    place_z DOUBLE PRECISION,
    place_names TEXT,
    UNIQUE (doc, seq)
);
CREATE INDEX IF NOT EXISTS events_place_country ON events(place_country)
    WHERE place_country IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_place_lat ON events(place_lat) WHERE place_lat IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_date ON events(date_first, date_last);
CREATE INDEX IF NOT EXISTS events_story ON events(story);
CREATE INDEX IF NOT EXISTS events_type ON events(event_type);
CREATE TABLE IF NOT EXISTS event_entities (
    event BIGINT NOT NULL REFERENCES events(rowid),
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    seq INTEGER NOT NULL,
    code TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C" NOT NULL,
    sector TEXT,
    entity_text TEXT NOT NULL,
    identifier_id TEXT,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    PRIMARY KEY (event, role, seq)
);
CREATE INDEX IF NOT EXISTS event_entities_code ON event_entities(code, role);
CREATE INDEX IF NOT EXISTS event_entities_country ON event_entities(country);
CREATE TABLE IF NOT EXISTS timexes (
    doc BIGINT NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    date TEXT,
    relative BOOLEAN NOT NULL,
    PRIMARY KEY (doc, seq)
);
CREATE TABLE IF NOT EXISTS quotes (
    doc BIGINT NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    speaker_code TEXT,
    speaker_start BIGINT,
    speaker_end BIGINT,
    via TEXT NOT NULL,
    PRIMARY KEY (doc, seq)
);
CREATE TABLE IF NOT EXISTS failures (
    rowid BIGSERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    line BIGINT NOT NULL,
    error TEXT NOT NULL,
    recorded_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
CREATE UNIQUE INDEX IF NOT EXISTS failures_once ON failures(source, line, md5(error));
"#;

/// Longest lexeme PostgreSQL keeps in a `tsvector` (bytes).
const MAX_LEXEME: usize = 2047;
/// Budget of one document's lexemes (the `tsvector` limit is 1 MiB).
const MAX_LEXEMES_BYTES: usize = 1_000_000;

/// A store in a PostgreSQL database (in the first schema of the connection's `search_path`).
///
/// The `Store` trait reads through `&self`, and a `postgres::Client` needs `&mut`: the client
/// sits in a `RefCell`. A store is `Send` (one thread at a time), like [`crate::SqliteStore`].
pub struct PgStore {
    inner: RefCell<Inner>,
    /// The budget of the calls running now ([`Store::set_budget`]), also checked between the
    /// rows that streaming reads hand to their callers.
    budget: RefCell<Option<Budget>>,
}

struct Inner {
    client: Client,
    /// Prepared statements by SQL text.
    stmts: HashMap<String, Statement>,
}

/// A readable message for a client error, with the server's message and detail.
pub(crate) fn describe(e: &::postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = format!("{}: {}", db.severity(), db.message());
        if let Some(d) = db.detail() {
            s.push_str(&format!(" ({d})"));
        }
        if let Some(h) = db.hint() {
            s.push_str(&format!("; hint: {h}"));
        }
        return s;
    }
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(c) = src {
        s.push_str(&format!(": {c}"));
        src = c.source();
    }
    s
}

impl From<::postgres::Error> for StoreError {
    fn from(e: ::postgres::Error) -> StoreError {
        // 57014 query_canceled: a statement_timeout or a cancel request.
        if e.code() == Some(&::postgres::error::SqlState::QUERY_CANCELED) {
            return StoreError::Interrupted;
        }
        StoreError::Pg(describe(&e))
    }
}

/// True when `db` names a PostgreSQL database (`postgres://` or `postgresql://`).
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The URL with any password replaced by `***` (for messages).
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (auth, tail) = rest.split_at(auth_end);
    match auth.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or("");
            format!("{scheme}://{name}:***@{host}{tail}")
        }
        _ => url.to_string(),
    }
}

/// A double-quoted SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Schema names accepted by [`PgStore::open_in_schema`]: a letter or `_`, then letters,
/// digits and `_`, at most 63 bytes (no quoting surprises, no case folding issues).
fn check_schema_name(schema: &str) -> Result<()> {
    let ok = !schema.is_empty()
        && schema.len() <= 63
        && schema
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::Pg(format!(
            "schema name {schema:?}: use ASCII letters, digits and _ (at most 63, not starting \
             with a digit)"
        )))
    }
}

fn connect(url: &str) -> Result<Client> {
    let mut cfg: Config = url.parse()?;
    if cfg.get_connect_timeout().is_none() {
        cfg.connect_timeout(Duration::from_secs(10));
    }
    if cfg.get_application_name().is_none() {
        cfg.application_name("vedetta");
    }
    Ok(cfg.connect(NoTls)?)
}

impl PgStore {
    /// Streams the rows of `columns` of the events matching `filter`, in event order with its
    /// limit and offset, to `each` (`for_each_event` and `for_each_fact`). Rows stream in as
    /// they are read: an export of millions of events is not held.
    fn stream_events(
        &self,
        filter: &EventFilter,
        columns: &str,
        each: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        self.stream_events_ordered(filter, columns, false, each)
            .map(|_| ())
    }

    /// [`PgStore::stream_events`] in the order given (`desc`: the reverse event order);
    /// returns how many rows were streamed.
    fn stream_events_ordered(
        &self,
        filter: &EventFilter,
        columns: &str,
        desc: bool,
        each: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Result<u64> {
        let mut p = Params::default();
        let wh = where_clause(filter, &mut p);
        let limit = limit_clause(filter, &mut p);
        let order = if desc {
            "e.date_first DESC NULLS LAST, e.date_last DESC NULLS LAST, d.id DESC, e.seq DESC"
        } else {
            "e.date_first NULLS LAST, e.date_last NULLS LAST, d.id, e.seq"
        };
        let sql = format!(
            "SELECT {columns} FROM events e JOIN documents d ON d.rowid = e.doc {wh}
             ORDER BY {order}{limit}"
        );
        let mut inner = self.inner()?;
        let Inner { client, stmts } = &mut *inner;
        let st = prepared(client, stmts, &sql)?;
        let mut rows = client.query_raw(&st, p.refs())?;
        let mut n = 0u32;
        while let Some(r) = rows.next()? {
            if n % 256 == 0 && self.budget.borrow().as_ref().is_some_and(Budget::spent) {
                return Err(StoreError::Interrupted);
            }
            n = n.wrapping_add(1);
            each(&r)?;
        }
        Ok(u64::from(n))
    }

    /// Connects to the database at `url` (`postgres://user[:password]@host[:port]/db`, or a
    /// `key=value` connection string; no TLS) and creates the tables on first use.
    pub fn open(url: &str) -> Result<PgStore> {
        Self::init(connect(url)?)
    }

    /// Connects to a database that already holds a vedetta store, for reading: a database
    /// without vedetta's tables is refused ([`StoreError::NotAStore`]) and nothing is created.
    pub fn open_existing(url: &str) -> Result<PgStore> {
        let mut client = connect(url)?;
        if schema_version(&mut client)?.is_none() {
            return Err(StoreError::NotAStore {
                db: crate::redact_url(url),
                why: "this PostgreSQL database (schema) has no vedetta tables; create them \
                      with `vedetta ingest --db URL`"
                    .into(),
            });
        }
        Self::init(client)
    }

    /// Like [`PgStore::open`], in the schema `schema` (created when missing) instead of the
    /// connection's default: one database can hold several stores (tests use one schema
    /// each). The name is ASCII letters, digits and `_`.
    pub fn open_in_schema(url: &str, schema: &str) -> Result<PgStore> {
        check_schema_name(schema)?;
        let mut client = connect(url)?;
        // Another process may create it at the same moment: IF NOT EXISTS can still race on
        // the catalog, so take the same advisory lock as the schema set-up.
        let mut tx = client.transaction()?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext('vedetta schema'))",
            &[],
        )?;
        tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {}", ident(schema)))?;
        tx.commit()?;
        client.execute(
            "SELECT set_config('search_path', $1, false)",
            &[&ident(schema)],
        )?;
        Self::init(client)
    }

    /// Drops the schema `schema` with everything in it (the end of a test store made by
    /// [`PgStore::open_in_schema`]). Missing schemas are fine.
    pub fn drop_schema(url: &str, schema: &str) -> Result<()> {
        check_schema_name(schema)?;
        let mut client = connect(url)?;
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", ident(schema)))?;
        Ok(())
    }

    fn init(mut client: Client) -> Result<PgStore> {
        // Fast path, with no lock and no CREATE privilege needed: the schema is there.
        let v = schema_version(&mut client)?;
        match v {
            Some(SCHEMA_VERSION) => {}
            Some(1) => {
                // The version before: upgraded in place, under the schema lock.
                let mut tx = client.transaction()?;
                tx.execute(
                    "SELECT pg_advisory_xact_lock(
                         hashtext('vedetta schema ' || coalesce(current_schema(), '')))",
                    &[],
                )?;
                let v: Option<i64> = tx
                    .query_one("SELECT max(version) FROM vedetta_schema", &[])?
                    .try_get(0)?;
                if v == Some(1) {
                    tx.batch_execute(MIGRATE_1_TO_2)?;
                }
                tx.commit()?;
            }
            Some(found) => {
                return Err(StoreError::Schema {
                    found,
                    expected: SCHEMA_VERSION,
                })
            }
            None => {
                // Another process may be creating the tables right now: serialise on an
                // advisory lock (per schema), then look again.
                let mut tx = client.transaction()?;
                tx.execute(
                    "SELECT pg_advisory_xact_lock(
                         hashtext('vedetta schema ' || coalesce(current_schema(), '')))",
                    &[],
                )?;
                tx.batch_execute(
                    "CREATE TABLE IF NOT EXISTS vedetta_schema (version BIGINT NOT NULL)",
                )?;
                let v: Option<i64> = tx
                    .query_one("SELECT max(version) FROM vedetta_schema", &[])?
                    .try_get(0)?;
                match v {
                    None => {
                        tx.batch_execute(SCHEMA)?;
                        tx.execute(
                            "INSERT INTO vedetta_schema (version) VALUES ($1)",
                            &[&SCHEMA_VERSION],
                        )?;
                    }
                    Some(SCHEMA_VERSION) => {}
                    Some(found) => {
                        return Err(StoreError::Schema {
                            found,
                            expected: SCHEMA_VERSION,
                        })
                    }
                }
                tx.commit()?;
            }
        }
        Ok(PgStore {
            budget: RefCell::new(None),
            inner: RefCell::new(Inner {
                client,
                stmts: HashMap::new(),
            }),
        })
    }

    /// The underlying client (for tools and tests). Do not hold it across store calls.
    pub fn client(&self) -> RefMut<'_, Client> {
        RefMut::map(self.inner.borrow_mut(), |i| &mut i.client)
    }

    /// The inner state, or an error when a store call is already running on this store
    /// (a callback of [`Store::for_each_event`] calling the store again).
    fn inner(&self) -> Result<RefMut<'_, Inner>> {
        self.inner.try_borrow_mut().map_err(|_| {
            StoreError::Pg(
                "the store is busy: a PostgreSQL store cannot be called from inside \
                 for_each_event"
                    .into(),
            )
        })
    }
}

/// The version in `vedetta_schema`, `None` when the table or its row is missing.
fn schema_version(client: &mut Client) -> Result<Option<i64>> {
    let exists: bool = client
        .query_one("SELECT to_regclass('vedetta_schema') IS NOT NULL", &[])?
        .try_get(0)?;
    if !exists {
        return Ok(None);
    }
    Ok(client
        .query_one("SELECT max(version) FROM vedetta_schema", &[])?
        .try_get(0)?)
}

/// A prepared statement for `sql`, from the cache or prepared now.
fn prepared(
    c: &mut impl GenericClient,
    cache: &mut HashMap<String, Statement>,
    sql: &str,
) -> Result<Statement> {
    if let Some(s) = cache.get(sql) {
        return Ok(s.clone());
    }
    let s = c.prepare(sql)?;
    cache.insert(sql.to_string(), s.clone());
    Ok(s)
}

/// Text as PostgreSQL can hold it: U+0000 becomes U+FFFD (one character for one).
fn pg_text(s: &str) -> String {
    if s.contains('\0') {
        s.replace('\0', "\u{FFFD}")
    } else {
        s.to_string()
    }
}

fn pg_opt(s: Option<&str>) -> Option<String> {
    s.map(pg_text)
}

/// A word as a full-text lexeme: lowercase, diacritics removed.
fn lexeme(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The lexemes of a text or query, in order (words split as [`crate::fts_query`] does).
fn lexemes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(lexeme)
        .filter(|w| !w.is_empty() && w.len() <= MAX_LEXEME && !w.contains('\0'))
}

/// The distinct lexemes of a text, space-separated (made into a `tsvector` by the insert).
fn index_words(text: &str) -> String {
    let mut seen = HashSet::new();
    let mut out = String::new();
    let mut bytes = 0usize;
    for w in lexemes(text) {
        if seen.contains(&w) {
            continue;
        }
        bytes += w.len() + 8;
        if bytes > MAX_LEXEMES_BYTES {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
        seen.insert(w);
    }
    out
}

/// A `tsquery` in which every word of `q` must occur, as quoted lexemes; `None` when `q`
/// has no word. (Lexemes hold alphanumerics only; quotes and backslashes are escaped
/// anyway.)
fn ts_query(q: &str) -> Option<String> {
    let words = crate::query_words(q).join(" ");
    let terms: Vec<String> = lexemes(&words)
        .map(|w| format!("'{}'", w.replace('\\', "\\\\").replace('\'', "''")))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" & "))
    }
}

use crate::{invalid, precision_label, to_label};

/// Offsets in characters as stored.
fn off(n: usize) -> i64 {
    n as i64
}

const INSERT_DOCUMENTS: &str = "
INSERT INTO documents (id, source, date, date_precision, date_first, date_last, lang, title,
                       url, text, outlet, fts_text, fts_stemmed)
SELECT u.id, u.source, u.date, u.date_precision, u.date_first, u.date_last, u.lang, u.title,
       u.url, u.text, u.outlet,
       array_to_tsvector(string_to_array(u.ft, ' ')),
       array_to_tsvector(string_to_array(u.fs, ' '))
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
            $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
            $13::text[])
     AS u(id, source, date, date_precision, date_first, date_last, lang, title, url, text,
          outlet, ft, fs)
ORDER BY u.id COLLATE \"C\"
ON CONFLICT (id) DO NOTHING
RETURNING rowid, id";

const INSERT_MENTIONS: &str = "
INSERT INTO mentions (doc, seq, start, \"end\", text, kind, ner, code, country, sector,
                      wikidata, name, role, why, ambiguous_with)
SELECT * FROM unnest($1::int8[], $2::int4[], $3::int8[], $4::int8[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                     $13::text[], $14::text[], $15::text[])";

const INSERT_EVENTS: &str = "
INSERT INTO events (doc, seq, event_type, mode, context, cameo, quad, scale, reciprocal,
    aux, aux_cue, attribution, date, date_precision, date_first, date_last, date_source,
    evidence_start, evidence_end, trigger_start, trigger_end, sentence_start,
    sentence_end, event_text, trigger_text, sentence_text, quantities, pattern, story,
    location, place_country, place_lat, place_x, place_y, place_z, place_names)
SELECT u.doc, u.seq, u.event_type, u.mode, u.context, u.cameo, u.quad, u.scale, u.reciprocal,
    u.aux, u.aux_cue, u.attribution, u.date, u.date_precision, u.date_first, u.date_last,
    u.date_source, u.evidence_start, u.evidence_end, u.trigger_start, u.trigger_end,
    u.sentence_start, u.sentence_end, u.event_text, u.trigger_text, u.sentence_text,
    u.quantities, u.pattern, u.story, u.location, u.place_country, u.place_lat, u.place_x,
    u.place_y, u.place_z, u.place_names
FROM unnest($1::int8[], $2::int4[], $3::text[], $4::text[], $5::text[], $6::text[],
            $7::int2[], $8::float8[], $9::bool[], $10::text[], $11::text[], $12::text[],
            $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::int8[],
            $19::int8[], $20::int8[], $21::int8[], $22::int8[], $23::int8[], $24::text[],
            $25::text[], $26::text[], $27::text[], $28::text[], $29::text[], $30::text[],
            $31::text[], $32::float8[], $33::float8[], $34::float8[], $35::float8[],
            $36::text[])
     WITH ORDINALITY AS u(doc, seq, event_type, mode, context, cameo, quad, scale, reciprocal,
        aux, aux_cue, attribution, date, date_precision, date_first, date_last, date_source,
        evidence_start, evidence_end, trigger_start, trigger_end, sentence_start,
        sentence_end, event_text, trigger_text, sentence_text, quantities, pattern, story,
        location, place_country, place_lat, place_x, place_y, place_z, place_names, ord)
ORDER BY u.ord
RETURNING rowid, doc, seq";

const INSERT_ENTITIES: &str = "
INSERT INTO event_entities (event, role, seq, code, country, sector, entity_text,
                            identifier_id, start, \"end\")
SELECT * FROM unnest($1::int8[], $2::text[], $3::int4[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::int8[], $10::int8[])";

const INSERT_TIMEXES: &str = "
INSERT INTO timexes (doc, seq, start, \"end\", text, type, value, date, relative)
SELECT * FROM unnest($1::int8[], $2::int4[], $3::int8[], $4::int8[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::bool[])";

const INSERT_QUOTES: &str = "
INSERT INTO quotes (doc, seq, start, \"end\", text, speaker, speaker_code, speaker_start,
                    speaker_end, via)
SELECT * FROM unnest($1::int8[], $2::int4[], $3::int8[], $4::int8[], $5::text[], $6::text[],
                     $7::text[], $8::int8[], $9::int8[], $10::text[])";

// Documents go in sorted by id: two writers whose batches share ids wait for each other in
// the same order, so they cannot deadlock (the second one skips what the first stored).

/// Columns of the documents of a batch.
#[derive(Default)]
struct DocCols {
    id: Vec<String>,
    source: Vec<String>,
    date: Vec<Option<String>>,
    date_precision: Vec<Option<&'static str>>,
    date_first: Vec<Option<String>>,
    date_last: Vec<Option<String>>,
    lang: Vec<String>,
    title: Vec<Option<String>>,
    url: Vec<Option<String>>,
    text: Vec<String>,
    outlet: Vec<String>,
    fts_text: Vec<String>,
    fts_stemmed: Vec<String>,
}

impl DocCols {
    fn push(&mut self, r: &DocRecord) {
        let d = &r.doc;
        self.id.push(pg_text(&d.id));
        self.source
            .push(pg_text(&vedetta_model::without_credentials(&d.source)));
        self.date.push(d.date.map(|x| x.to_string()));
        self.date_precision
            .push(d.date.map(|x| precision_label(x.precision())));
        self.date_first.push(d.date.map(|x| iso(x.first_day())));
        self.date_last.push(d.date.map(|x| iso(x.last_day())));
        self.lang.push(pg_text(&r.lang));
        self.title.push(pg_opt(d.title.as_deref()));
        self.url.push(pg_opt(
            d.url
                .as_deref()
                .map(vedetta_model::without_credentials)
                .as_deref(),
        ));
        self.text.push(pg_text(&d.text));
        self.outlet.push(pg_text(&crate::outlet(d)));
        self.fts_text.push(index_words(&d.text));
        self.fts_stemmed
            .push(index_words(r.stemmed_text.as_deref().unwrap_or("")));
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 13] {
        [
            &self.id,
            &self.source,
            &self.date,
            &self.date_precision,
            &self.date_first,
            &self.date_last,
            &self.lang,
            &self.title,
            &self.url,
            &self.text,
            &self.outlet,
            &self.fts_text,
            &self.fts_stemmed,
        ]
    }
}

/// Columns of the mentions of a batch.
#[derive(Default)]
struct MentionCols {
    doc: Vec<i64>,
    seq: Vec<i32>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
    kind: Vec<String>,
    ner: Vec<Option<&'static str>>,
    code: Vec<Option<String>>,
    country: Vec<Option<String>>,
    sector: Vec<Option<String>>,
    wikidata: Vec<Option<String>>,
    name: Vec<Option<String>>,
    role: Vec<Option<String>>,
    why: Vec<String>,
    ambiguous_with: Vec<String>,
}

impl MentionCols {
    fn params(&self) -> [&(dyn ToSql + Sync); 15] {
        [
            &self.doc,
            &self.seq,
            &self.start,
            &self.end,
            &self.text,
            &self.kind,
            &self.ner,
            &self.code,
            &self.country,
            &self.sector,
            &self.wikidata,
            &self.name,
            &self.role,
            &self.why,
            &self.ambiguous_with,
        ]
    }
}

/// Columns of the events of a batch.
#[derive(Default)]
struct EventCols {
    doc: Vec<i64>,
    seq: Vec<i32>,
    event_type: Vec<String>,
    mode: Vec<Option<String>>,
    context: Vec<String>,
    cameo: Vec<String>,
    quad: Vec<Option<i16>>,
    scale: Vec<Option<f64>>,
    reciprocal: Vec<bool>,
    aux: Vec<Option<&'static str>>,
    aux_cue: Vec<Option<String>>,
    attribution: Vec<String>,
    date: Vec<Option<String>>,
    date_precision: Vec<Option<&'static str>>,
    date_first: Vec<Option<String>>,
    date_last: Vec<Option<String>>,
    date_source: Vec<String>,
    evidence_start: Vec<i64>,
    evidence_end: Vec<i64>,
    trigger_start: Vec<i64>,
    trigger_end: Vec<i64>,
    sentence_start: Vec<i64>,
    sentence_end: Vec<i64>,
    event_text: Vec<String>,
    trigger_text: Vec<String>,
    sentence_text: Vec<String>,
    quantities: Vec<String>,
    pattern: Vec<String>,
    story: Vec<String>,
    location: Vec<Option<String>>,
    place_country: Vec<Option<String>>,
    place_lat: Vec<Option<f64>>,
    place_x: Vec<Option<f64>>,
    place_y: Vec<Option<f64>>,
    place_z: Vec<Option<f64>>,
    place_names: Vec<Option<String>>,
}

impl EventCols {
    fn params(&self) -> [&(dyn ToSql + Sync); 36] {
        [
            &self.doc,
            &self.seq,
            &self.event_type,
            &self.mode,
            &self.context,
            &self.cameo,
            &self.quad,
            &self.scale,
            &self.reciprocal,
            &self.aux,
            &self.aux_cue,
            &self.attribution,
            &self.date,
            &self.date_precision,
            &self.date_first,
            &self.date_last,
            &self.date_source,
            &self.evidence_start,
            &self.evidence_end,
            &self.trigger_start,
            &self.trigger_end,
            &self.sentence_start,
            &self.sentence_end,
            &self.event_text,
            &self.trigger_text,
            &self.sentence_text,
            &self.quantities,
            &self.pattern,
            &self.story,
            &self.location,
            &self.place_country,
            &self.place_lat,
            &self.place_x,
            &self.place_y,
            &self.place_z,
            &self.place_names,
        ]
    }
}

/// Actor and recipient rows of a batch; `event` holds (document row id, event seq) until
/// the events have row ids.
#[derive(Default)]
struct EntityCols {
    event_key: Vec<(i64, i32)>,
    role: Vec<&'static str>,
    seq: Vec<i32>,
    code: Vec<String>,
    country: Vec<String>,
    sector: Vec<Option<String>>,
    entity_text: Vec<String>,
    identifier_id: Vec<Option<String>>,
    start: Vec<i64>,
    end: Vec<i64>,
}

/// Columns of the time expressions of a batch.
#[derive(Default)]
struct TimexCols {
    doc: Vec<i64>,
    seq: Vec<i32>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
    kind: Vec<String>,
    value: Vec<String>,
    date: Vec<Option<String>>,
    relative: Vec<bool>,
}

/// Columns of the quotes of a batch.
#[derive(Default)]
struct QuoteCols {
    doc: Vec<i64>,
    seq: Vec<i32>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
    speaker: Vec<Option<String>>,
    speaker_code: Vec<Option<String>>,
    speaker_start: Vec<Option<i64>>,
    speaker_end: Vec<Option<i64>>,
    via: Vec<String>,
}

/// Everything of the new documents of a batch, checked, in columns.
#[derive(Default)]
struct Annotations {
    mentions: MentionCols,
    events: EventCols,
    entities: EntityCols,
    timexes: TimexCols,
    quotes: QuoteCols,
}

impl Annotations {
    /// Adds the annotations of one new document (row id `doc`), checking every span.
    fn push(&mut self, doc: i64, r: &DocRecord, rep: &mut BatchReport) -> Result<()> {
        let d = &r.doc;
        let id = d.id.as_str();
        let ci = CharIndex::new(&d.text);
        let span = |s| ci.span(s).map_err(|e| invalid(id, e));
        let slice = |s| pg_text(ci.slice(s));

        let m = &mut self.mentions;
        for (i, x) in r.mentions.iter().enumerate() {
            let (s, e) = span(x.span)?;
            m.doc.push(doc);
            m.seq.push(i as i32 + 1);
            m.start.push(off(s));
            m.end.push(off(e));
            m.text.push(pg_text(&x.text));
            m.kind.push(pg_text(&to_label(&x.kind)?));
            m.ner.push(x.ner.map(|n| n.label()));
            m.code.push(pg_opt(x.code.as_deref()));
            m.country.push(pg_opt(x.country.as_deref()));
            m.sector.push(pg_opt(x.sector.as_deref()));
            m.wikidata.push(pg_opt(x.wikidata.as_deref()));
            m.name.push(pg_opt(x.name.as_deref()));
            m.role.push(pg_opt(x.role.as_deref()));
            m.why.push(pg_text(&x.why));
            m.ambiguous_with
                .push(serde_json::to_string(&x.ambiguous_with)?);
        }
        rep.mentions += r.mentions.len();

        let ev = &mut self.events;
        let ent = &mut self.entities;
        for (i, er) in r.events.iter().enumerate() {
            let e = &er.event;
            let seq = i as i32 + 1;
            let (es, ee) = span(e.evidence)?;
            let (ts, te) = span(e.trigger)?;
            let (ss, se) = span(e.sentence)?;
            let quantities = ci.quantities(&e.quantities).map_err(|p| invalid(id, p))?;
            ev.doc.push(doc);
            ev.seq.push(seq);
            ev.event_type.push(pg_text(e.event_type.as_str()));
            ev.mode.push(pg_opt(e.mode.as_deref()));
            ev.context.push(serde_json::to_string(&e.context)?);
            ev.cameo.push(pg_text(&e.cameo));
            ev.quad.push(er.quad.map(i16::from));
            ev.scale.push(er.scale);
            ev.reciprocal.push(e.reciprocal);
            ev.aux.push(e.aux.map(|a| a.label()));
            ev.aux_cue.push(pg_opt(e.aux_cue.as_deref()));
            ev.attribution.push(serde_json::to_string(&e.attribution)?);
            ev.date.push(e.date.map(|x| x.to_string()));
            ev.date_precision
                .push(e.date.map(|x| precision_label(x.precision())));
            ev.date_first.push(e.date.map(|x| iso(x.first_day())));
            ev.date_last.push(e.date.map(|x| iso(x.last_day())));
            ev.date_source.push(pg_text(e.date_source));
            ev.evidence_start.push(off(es));
            ev.evidence_end.push(off(ee));
            ev.trigger_start.push(off(ts));
            ev.trigger_end.push(off(te));
            ev.sentence_start.push(off(ss));
            ev.sentence_end.push(off(se));
            ev.event_text.push(slice(e.evidence));
            ev.trigger_text.push(slice(e.trigger));
            ev.sentence_text.push(slice(e.sentence));
            ev.quantities.push(serde_json::to_string(&quantities)?);
            ev.pattern.push(pg_text(&e.pattern));
            ev.story.push(pg_text(&crate::story_key(d.date, e)));
            let place = PlaceColumns::of(e.location.as_ref(), &ci, id)?;
            let p = place.as_ref();
            ev.location.push(p.map(|p| pg_text(&p.json)));
            ev.place_country.push(p.map(|p| pg_text(&p.country)));
            ev.place_lat.push(p.map(|p| p.lat));
            ev.place_x.push(p.map(|p| p.unit[0]));
            ev.place_y.push(p.map(|p| p.unit[1]));
            ev.place_z.push(p.map(|p| p.unit[2]));
            ev.place_names.push(p.map(|p| pg_text(&p.names)));
            for (role, list) in [("actor", &e.actor), ("recipient", &e.recipient)] {
                for (j, a) in list.iter().enumerate() {
                    let (s, en) = span(a.span)?;
                    let (country, _) = vedetta_model::split_code(&a.code);
                    ent.event_key.push((doc, seq));
                    ent.role.push(role);
                    ent.seq.push(j as i32 + 1);
                    ent.code.push(pg_text(&a.code));
                    ent.country.push(pg_text(&country));
                    ent.sector.push(pg_opt(a.sector.as_deref()));
                    ent.entity_text.push(pg_text(&a.entity_text));
                    ent.identifier_id.push(pg_opt(a.identifier_id.as_deref()));
                    ent.start.push(off(s));
                    ent.end.push(off(en));
                }
            }
        }
        rep.events += r.events.len();

        let t = &mut self.timexes;
        for (i, x) in r.timexes.iter().enumerate() {
            let (s, e) = span(x.span)?;
            t.doc.push(doc);
            t.seq.push(i as i32 + 1);
            t.start.push(off(s));
            t.end.push(off(e));
            t.text.push(pg_text(&x.text));
            t.kind.push(pg_text(&to_label(&x.kind)?));
            t.value.push(pg_text(&x.value));
            t.date.push(x.date.map(|d| d.to_string()));
            t.relative.push(x.relative);
        }
        rep.timexes += r.timexes.len();

        let q = &mut self.quotes;
        for (i, x) in r.quotes.iter().enumerate() {
            let (s, e) = span(x.span)?;
            let sp = x.speaker_span.map(span).transpose()?;
            q.doc.push(doc);
            q.seq.push(i as i32 + 1);
            q.start.push(off(s));
            q.end.push(off(e));
            q.text.push(pg_text(&x.text));
            q.speaker.push(pg_opt(x.speaker.as_deref()));
            q.speaker_code.push(pg_opt(x.speaker_code.as_deref()));
            q.speaker_start.push(sp.map(|x| off(x.0)));
            q.speaker_end.push(sp.map(|x| off(x.1)));
            q.via.push(serde_json::to_string(&x.via)?);
        }
        rep.quotes += r.quotes.len();
        Ok(())
    }
}

/// A query under construction: fixed SQL fragments, and bound parameters numbered `$n`.
#[derive(Default)]
struct Params {
    args: Vec<Box<dyn ToSql + Sync>>,
}

impl Params {
    /// Binds `v`; returns its placeholder.
    fn bind<T: ToSql + Sync + 'static>(&mut self, v: T) -> String {
        self.args.push(Box::new(v));
        format!("${}", self.args.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.args.iter().map(|b| b.as_ref()).collect()
    }
}

/// The WHERE clause (fixed SQL fragments and placeholders only) of a filter.
fn where_clause(f: &EventFilter, p: &mut Params) -> String {
    let mut conds: Vec<String> = Vec::new();
    for (role, code) in [("actor", &f.actor), ("recipient", &f.recipient)] {
        if let Some(c) = code {
            conds.push(format!(
                "EXISTS (SELECT 1 FROM event_entities x WHERE x.event = e.rowid
                         AND x.role = '{role}' AND starts_with(x.code, {}::text))",
                p.bind(c.clone())
            ));
        }
    }
    if let Some(c) = &f.country {
        conds.push(format!(
            "EXISTS (SELECT 1 FROM event_entities x WHERE x.event = e.rowid AND x.country = {})",
            p.bind(c.clone())
        ));
    }
    if let Some(c) = &f.place_country {
        conds.push(format!("e.place_country = {}", p.bind(c.clone())));
    }
    match f.located {
        Some(true) => conds.push("e.place_lat IS NOT NULL".into()),
        Some(false) => conds.push("e.place_lat IS NULL".into()),
        None => {}
    }
    if let Some(n) = &f.near {
        let [x, y, z] = n.unit();
        let (south, north) = n.lat_band();
        conds.push(format!(
            "(e.place_lat >= {}::float8 AND e.place_lat <= {}::float8
              AND e.place_x * {}::float8 + e.place_y * {}::float8 + e.place_z * {}::float8
                  >= {}::float8)",
            p.bind(south),
            p.bind(north),
            p.bind(x),
            p.bind(y),
            p.bind(z),
            p.bind(n.min_dot())
        ));
    }
    if let Some(name) = &f.place {
        let key = crate::place_key(name);
        if key.is_empty() {
            conds.push("FALSE".into());
        } else {
            conds.push(format!(
                "strpos(e.place_names, {}::text) > 0",
                p.bind(format!("|{key}|"))
            ));
        }
    }
    if let Some(t) = &f.event_type {
        conds.push(format!("e.event_type = {}", p.bind(t.clone())));
    }
    match f.aux.as_deref() {
        None => {}
        Some("asserted") => conds.push("e.aux IS NULL".into()),
        Some(a) => conds.push(format!("e.aux = {}", p.bind(a.to_string()))),
    }
    if let Some(d) = f.from {
        conds.push(format!("e.date_last >= {}", p.bind(iso(d.first_day()))));
    }
    if let Some(d) = f.to {
        conds.push(format!("e.date_first <= {}", p.bind(iso(d.last_day()))));
    }
    if let Some(l) = &f.lang {
        conds.push(format!("d.lang = {}", p.bind(l.clone())));
    }
    if let Some(id) = &f.doc_id {
        conds.push(format!("d.id = {}", p.bind(id.clone())));
    }
    match f.dated {
        Some(true) => conds.push("e.date_first IS NOT NULL".into()),
        Some(false) => conds.push("e.date_first IS NULL".into()),
        None => {}
    }
    if let Some((from, to)) = f.doc_seq {
        let from = p.bind(from.min(i64::MAX as u64) as i64);
        let to = p.bind(to.min(i64::MAX as u64) as i64);
        conds.push(format!("e.seq >= {from}::int8 AND e.seq < {to}::int8"));
    }
    if let Some(q) = f.q.as_deref() {
        let mut alts = Vec::new();
        if let Some(t) = ts_query(q) {
            alts.push(format!("d.fts_text @@ {}::text::tsquery", p.bind(t)));
        }
        for s in &f.q_stemmed {
            if let Some(t) = ts_query(s) {
                alts.push(format!("d.fts_stemmed @@ {}::text::tsquery", p.bind(t)));
            }
        }
        if alts.is_empty() {
            // No word in the query: nothing can match.
            conds.push("FALSE".into());
        } else {
            conds.push(format!("({})", alts.join(" OR ")));
        }
    }
    if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    }
}

/// ` LIMIT … OFFSET …` of a filter, when it has either.
fn limit_clause(f: &EventFilter, p: &mut Params) -> String {
    if f.limit.is_some() || f.offset > 0 {
        let limit = p.bind(f.limit.map(|l| l.min(i64::MAX as u64) as i64));
        let offset = p.bind(f.offset.min(i64::MAX as u64) as i64);
        format!(" LIMIT {limit}::int8 OFFSET {offset}::int8")
    } else {
        String::new()
    }
}

const ENTITIES_JSON: &str = "(SELECT json_agg(json_build_array(x.code, x.country, x.sector,
        x.entity_text, x.identifier_id, x.start, x.\"end\") ORDER BY x.seq)::text
     FROM event_entities x WHERE x.event = e.rowid AND x.role = ";

fn event_columns() -> String {
    format!(
        "d.id, e.seq, d.lang, d.date, e.event_type, e.mode, e.context, e.cameo, e.quad,
         e.scale, e.reciprocal, e.aux, e.aux_cue, e.attribution, e.date, e.date_precision,
         e.date_source, e.evidence_start, e.evidence_end, e.event_text, e.trigger_text,
         e.sentence_text, e.quantities, e.pattern,
         {ENTITIES_JSON} 'actor') AS actors, {ENTITIES_JSON} 'recipient') AS recipients,
         d.source, d.outlet, d.url, d.title, e.location"
    )
}

/// The codes of an event's entities of one role, in order (`array_agg` is NULL for none).
const CODES_ARRAY: &str = "(SELECT array_agg(x.code ORDER BY x.seq)
     FROM event_entities x WHERE x.event = e.rowid AND x.role = ";

/// The columns of an [`EventFact`].
fn fact_columns() -> String {
    format!(
        "d.id, e.seq, d.lang, e.date, e.date_precision, e.event_type, e.quad, e.scale, e.aux,
         {CODES_ARRAY} 'actor') AS actors, {CODES_ARRAY} 'recipient') AS recipients"
    )
}

fn fact_of(r: &Row) -> Result<EventFact> {
    Ok(EventFact {
        doc_id: r.try_get(0)?,
        seq: r.try_get::<_, i32>(1)? as u32,
        lang: r.try_get(2)?,
        date: r.try_get(3)?,
        date_precision: r.try_get(4)?,
        event_type: r.try_get(5)?,
        quad: r.try_get::<_, Option<i16>>(6)?.map(|q| q as u8),
        scale: r.try_get(7)?,
        aux: r.try_get(8)?,
        actor: r.try_get::<_, Option<Vec<String>>>(9)?.unwrap_or_default(),
        recipient: r.try_get::<_, Option<Vec<String>>>(10)?.unwrap_or_default(),
    })
}

fn json_col<T: serde::de::DeserializeOwned>(row: &Row, i: usize) -> Result<T> {
    let s: String = row.try_get(i)?;
    Ok(serde_json::from_str(&s)?)
}

type EntityRow = (
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    i64,
    i64,
);

fn entities_col(row: &Row, i: usize) -> Result<Vec<StoredEntity>> {
    let s: Option<String> = row.try_get(i)?;
    let Some(s) = s else {
        return Ok(Vec::new());
    };
    let list: Vec<EntityRow> = serde_json::from_str(&s)?;
    Ok(list
        .into_iter()
        .map(
            |(code, country, sector, entity_text, identifier_id, start, end)| StoredEntity {
                code,
                country,
                sector,
                entity_text,
                identifier_id,
                start: start as usize,
                end: end as usize,
            },
        )
        .collect())
}

fn event_of(r: &Row) -> Result<StoredEvent> {
    let doc_id: String = r.try_get(0)?;
    let seq: i32 = r.try_get(1)?;
    Ok(StoredEvent {
        id: format!("{doc_id}-{seq}"),
        doc_id,
        seq: seq as u32,
        lang: r.try_get(2)?,
        doc_date: r.try_get(3)?,
        event_type: r.try_get(4)?,
        mode: r.try_get(5)?,
        context: json_col(r, 6)?,
        cameo: r.try_get(7)?,
        quad: r.try_get::<_, Option<i16>>(8)?.map(|q| q as u8),
        scale: r.try_get(9)?,
        reciprocal: r.try_get(10)?,
        aux: r.try_get(11)?,
        aux_cue: r.try_get(12)?,
        attribution: json_col(r, 13)?,
        date: r.try_get(14)?,
        date_precision: r.try_get(15)?,
        date_source: r.try_get(16)?,
        evidence_start: r.try_get::<_, i64>(17)? as usize,
        evidence_end: r.try_get::<_, i64>(18)? as usize,
        event_text: r.try_get(19)?,
        trigger: r.try_get(20)?,
        text: r.try_get(21)?,
        quantities: json_col(r, 22)?,
        pattern: r.try_get(23)?,
        actor: entities_col(r, 24)?,
        recipient: entities_col(r, 25)?,
        source: r.try_get(26)?,
        outlet: r.try_get(27)?,
        url: r.try_get(28)?,
        title: r.try_get(29)?,
        location: r
            .try_get::<_, Option<String>>(30)?
            .map(|s| serde_json::from_str(&s))
            .transpose()?,
    })
}

fn opt_i64(r: &Row, i: usize) -> Result<Option<i64>> {
    Ok(r.try_get(i)?)
}

impl Store for PgStore {
    fn put_batch(&mut self, docs: &[DocRecord]) -> Result<BatchReport> {
        let mut rep = BatchReport::default();
        if docs.is_empty() {
            return Ok(rep);
        }
        // The first copy of an id in the batch; later ones are skipped like stored ones.
        let mut seen = HashSet::new();
        let batch: Vec<&DocRecord> = docs
            .iter()
            .filter(|r| seen.insert(pg_text(&r.doc.id)))
            .collect();
        let mut cols = DocCols::default();
        for r in &batch {
            cols.push(r);
        }

        let inner = self.inner.get_mut();
        let Inner { client, stmts } = inner;
        let mut tx = client.transaction()?;
        let st = prepared(&mut tx, stmts, INSERT_DOCUMENTS)?;
        let added: HashMap<String, i64> = tx
            .query(&st, &cols.params())?
            .iter()
            .map(|r| Ok((r.try_get(1)?, r.try_get(0)?)))
            .collect::<Result<_>>()?;
        rep.documents = added.len();
        rep.skipped = docs.len() - added.len();
        drop(cols);

        let mut a = Annotations::default();
        for r in &batch {
            if let Some(&doc) = added.get(&pg_text(&r.doc.id)) {
                a.push(doc, r, &mut rep)?;
            }
        }
        if !a.mentions.doc.is_empty() {
            let st = prepared(&mut tx, stmts, INSERT_MENTIONS)?;
            tx.execute(&st, &a.mentions.params())?;
        }
        if !a.events.doc.is_empty() {
            let st = prepared(&mut tx, stmts, INSERT_EVENTS)?;
            let ids: HashMap<(i64, i32), i64> = tx
                .query(&st, &a.events.params())?
                .iter()
                .map(|r| Ok(((r.try_get(1)?, r.try_get(2)?), r.try_get(0)?)))
                .collect::<Result<_>>()?;
            let ent = &a.entities;
            if !ent.event_key.is_empty() {
                let event: Vec<i64> = ent
                    .event_key
                    .iter()
                    .map(|k| {
                        ids.get(k)
                            .copied()
                            .ok_or_else(|| StoreError::Pg(format!("event {k:?} was not inserted")))
                    })
                    .collect::<Result<_>>()?;
                let st = prepared(&mut tx, stmts, INSERT_ENTITIES)?;
                tx.execute(
                    &st,
                    &[
                        &event,
                        &ent.role,
                        &ent.seq,
                        &ent.code,
                        &ent.country,
                        &ent.sector,
                        &ent.entity_text,
                        &ent.identifier_id,
                        &ent.start,
                        &ent.end,
                    ],
                )?;
            }
        }
        if !a.timexes.doc.is_empty() {
            let t = &a.timexes;
            let st = prepared(&mut tx, stmts, INSERT_TIMEXES)?;
            tx.execute(
                &st,
                &[
                    &t.doc,
                    &t.seq,
                    &t.start,
                    &t.end,
                    &t.text,
                    &t.kind,
                    &t.value,
                    &t.date,
                    &t.relative,
                ],
            )?;
        }
        if !a.quotes.doc.is_empty() {
            let q = &a.quotes;
            let st = prepared(&mut tx, stmts, INSERT_QUOTES)?;
            tx.execute(
                &st,
                &[
                    &q.doc,
                    &q.seq,
                    &q.start,
                    &q.end,
                    &q.text,
                    &q.speaker,
                    &q.speaker_code,
                    &q.speaker_start,
                    &q.speaker_end,
                    &q.via,
                ],
            )?;
        }
        tx.commit()?;
        Ok(rep)
    }

    fn put_failures(&mut self, failures: &[Failure]) -> Result<usize> {
        if failures.is_empty() {
            return Ok(0);
        }
        let mut seen = HashSet::new();
        let (mut source, mut line, mut error) = (Vec::new(), Vec::new(), Vec::new());
        for f in failures {
            let key = (
                pg_text(&f.source),
                f.line.unwrap_or(0) as i64,
                pg_text(&f.error),
            );
            if seen.insert(key.clone()) {
                source.push(key.0);
                line.push(key.1);
                error.push(key.2);
            }
        }
        let Inner { client, stmts } = self.inner.get_mut();
        let mut tx = client.transaction()?;
        let st = prepared(
            &mut tx,
            stmts,
            "INSERT INTO failures (source, line, error)
             SELECT u.source, u.line, u.error
             FROM unnest($1::text[], $2::int8[], $3::text[])
                  WITH ORDINALITY AS u(source, line, error, ord)
             ORDER BY u.ord
             ON CONFLICT (source, line, md5(error)) DO NOTHING",
        )?;
        let n = tx.execute(&st, &[&source, &line, &error])?;
        tx.commit()?;
        Ok(n as usize)
    }

    fn has_document(&self, id: &str) -> Result<bool> {
        let mut inner = self.inner()?;
        let Inner { client, stmts } = &mut *inner;
        let st = prepared(client, stmts, "SELECT 1 FROM documents WHERE id = $1")?;
        Ok(client.query_opt(&st, &[&pg_text(id)])?.is_some())
    }

    fn for_each_event(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()> {
        if !filter.newest_first {
            return self.stream_events(filter, &event_columns(), &mut |r| f(event_of(r)?));
        }
        let cols = event_columns();
        crate::newest_first(
            self,
            filter,
            &mut |flt, desc, each| {
                self.stream_events_ordered(flt, &cols, desc, &mut |r| each(event_of(r)?))
            },
            f,
        )
    }

    fn for_each_fact(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(&EventFact) -> Result<()>,
    ) -> Result<()> {
        self.stream_events(filter, &fact_columns(), &mut |r| f(&fact_of(r)?))
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        self.for_each_event(filter, &mut |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    fn count_events(&self, filter: &EventFilter) -> Result<u64> {
        let mut p = Params::default();
        let wh = where_clause(filter, &mut p);
        let sql = format!("SELECT count(*) FROM events e JOIN documents d ON d.rowid = e.doc {wh}");
        let mut inner = self.inner()?;
        let Inner { client, stmts } = &mut *inner;
        let st = prepared(client, stmts, &sql)?;
        let n: i64 = client.query_one(&st, &p.refs())?.try_get(0)?;
        Ok(n as u64)
    }

    fn stories(&self, filter: &EventFilter) -> Result<Vec<Story>> {
        let mut p = Params::default();
        let wh = where_clause(filter, &mut p);
        let limit = limit_clause(filter, &mut p);
        let sql = format!(
            "SELECT e.story, count(*) AS n, count(DISTINCT d.rowid), count(DISTINCT d.outlet),
                    array_agg(DISTINCT d.id), array_agg(DISTINCT d.outlet)
             FROM events e JOIN documents d ON d.rowid = e.doc {wh}
             GROUP BY e.story ORDER BY n DESC, e.story{limit}"
        );
        let mut inner = self.inner()?;
        let Inner { client, stmts } = &mut *inner;
        let st = prepared(client, stmts, &sql)?;
        client
            .query(&st, &p.refs())?
            .iter()
            .map(|r| {
                Ok(Story::from_parts(
                    r.try_get(0)?,
                    r.try_get::<_, i64>(1)? as u64,
                    r.try_get::<_, i64>(2)? as u64,
                    r.try_get::<_, i64>(3)? as u64,
                    r.try_get(4)?,
                    r.try_get(5)?,
                ))
            })
            .collect()
    }

    fn document_page(&self, id: &str, page: DocPage) -> Result<Option<StoredDocument>> {
        let mut doc = {
            let mut inner = self.inner()?;
            let Inner { client, stmts } = &mut *inner;
            let st = prepared(
                client,
                stmts,
                "SELECT rowid, id, source, date, date_precision, lang, title, url, text
                 FROM documents WHERE id = $1",
            )?;
            let Some(r) = client.query_opt(&st, &[&pg_text(id)])? else {
                return Ok(None);
            };
            let rowid: i64 = r.try_get(0)?;
            let mut doc = StoredDocument {
                id: r.try_get(1)?,
                source: r.try_get(2)?,
                date: r.try_get(3)?,
                date_precision: r.try_get(4)?,
                lang: r.try_get(5)?,
                title: r.try_get(6)?,
                url: r.try_get(7)?,
                text: r.try_get(8)?,
                mentions: vec![],
                events: vec![],
                timexes: vec![],
                quotes: vec![],
                totals: AnnotationCounts::default(),
            };
            let st = prepared(
                client,
                stmts,
                "SELECT (SELECT count(*) FROM mentions WHERE doc = $1),
                        (SELECT count(*) FROM events WHERE doc = $1),
                        (SELECT count(*) FROM timexes WHERE doc = $1),
                        (SELECT count(*) FROM quotes WHERE doc = $1)",
            )?;
            let r = client.query_one(&st, &[&rowid])?;
            let n = |i: usize| -> Result<u64> { Ok(r.try_get::<_, i64>(i)? as u64) };
            doc.totals = AnnotationCounts {
                mentions: n(0)?,
                events: n(1)?,
                timexes: n(2)?,
                quotes: n(3)?,
            };
            let st = prepared(
                client,
                stmts,
                "SELECT text, start, \"end\", kind, ner, code, sector, country, wikidata, name,
                        role, why, ambiguous_with FROM mentions WHERE doc = $1 ORDER BY seq
                 LIMIT $2 OFFSET $3",
            )?;
            let (limit, offset) = page.sql(page.mentions);
            for r in client.query(&st, &[&rowid, &limit, &offset])? {
                doc.mentions.push(json!({
                    "text": r.try_get::<_, String>(0)?, "start": r.try_get::<_, i64>(1)?,
                    "end": r.try_get::<_, i64>(2)?, "kind": r.try_get::<_, String>(3)?,
                    "ner": r.try_get::<_, Option<String>>(4)?,
                    "code": r.try_get::<_, Option<String>>(5)?,
                    "sector": r.try_get::<_, Option<String>>(6)?,
                    "country": r.try_get::<_, Option<String>>(7)?,
                    "wikidata": r.try_get::<_, Option<String>>(8)?,
                    "name": r.try_get::<_, Option<String>>(9)?,
                    "role": r.try_get::<_, Option<String>>(10)?,
                    "why": r.try_get::<_, String>(11)?,
                    "ambiguous_with": json_col::<Value>(&r, 12)?,
                }));
            }
            let st = prepared(
                client,
                stmts,
                "SELECT text, start, \"end\", type, value, date, relative
                 FROM timexes WHERE doc = $1 ORDER BY seq LIMIT $2 OFFSET $3",
            )?;
            let (limit, offset) = page.sql(page.timexes);
            for r in client.query(&st, &[&rowid, &limit, &offset])? {
                doc.timexes.push(json!({
                    "text": r.try_get::<_, String>(0)?, "start": r.try_get::<_, i64>(1)?,
                    "end": r.try_get::<_, i64>(2)?, "type": r.try_get::<_, String>(3)?,
                    "value": r.try_get::<_, String>(4)?,
                    "date": r.try_get::<_, Option<String>>(5)?,
                    "relative": r.try_get::<_, bool>(6)?,
                }));
            }
            let st = prepared(
                client,
                stmts,
                "SELECT text, start, \"end\", speaker, speaker_code, speaker_start, speaker_end,
                        via
                 FROM quotes WHERE doc = $1 ORDER BY seq LIMIT $2 OFFSET $3",
            )?;
            let (limit, offset) = page.sql(page.quotes);
            for r in client.query(&st, &[&rowid, &limit, &offset])? {
                doc.quotes.push(json!({
                    "text": r.try_get::<_, String>(0)?, "start": r.try_get::<_, i64>(1)?,
                    "end": r.try_get::<_, i64>(2)?,
                    "speaker": r.try_get::<_, Option<String>>(3)?,
                    "speaker_code": r.try_get::<_, Option<String>>(4)?,
                    "speaker_start": opt_i64(&r, 5)?,
                    "speaker_end": opt_i64(&r, 6)?,
                    "via": json_col::<Value>(&r, 7)?,
                }));
            }
            doc
        };
        let (limit, offset) = page.sql(page.events);
        doc.events = self.events(&EventFilter {
            doc_id: Some(doc.id.clone()),
            // Stored positions count from 1.
            doc_seq: Some((
                (offset as u64).saturating_add(1),
                (offset as u64)
                    .saturating_add(1)
                    .saturating_add(limit as u64),
            )),
            ..EventFilter::default()
        })?;
        doc.events.sort_by_key(|e| e.seq);
        Ok(Some(doc))
    }

    fn actors(&self, q: &str, limit: u64) -> Result<Vec<ActorSeen>> {
        let q = q.trim();
        let mut inner = self.inner()?;
        let Inner { client, stmts } = &mut *inner;
        // SQLite's upper() and lower() fold ASCII only: so do these (the "C" collation).
        let st = prepared(
            client,
            stmts,
            "SELECT code, name, count(*) AS n FROM mentions
             WHERE code IS NOT NULL
               AND ($1::text = '' OR starts_with(code, $2::text)
                    OR strpos(lower(coalesce(name, '') COLLATE \"C\"), $3::text) > 0)
             GROUP BY code, name ORDER BY n DESC, code, name NULLS FIRST LIMIT $4::int8",
        )?;
        let rows = client.query(
            &st,
            &[
                &pg_text(q),
                &pg_text(&q.to_ascii_uppercase()),
                &pg_text(&q.to_ascii_lowercase()),
                &(limit.min(i64::MAX as u64) as i64),
            ],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ActorSeen {
                    code: r.try_get(0)?,
                    name: r.try_get(1)?,
                    mentions: r.try_get::<_, i64>(2)? as u64,
                })
            })
            .collect()
    }

    fn failures(&self) -> Result<Vec<Failure>> {
        let mut inner = self.inner()?;
        let Inner { client, stmts } = &mut *inner;
        let st = prepared(
            client,
            stmts,
            "SELECT source, line, error FROM failures ORDER BY rowid",
        )?;
        client
            .query(&st, &[])?
            .iter()
            .map(|r| {
                let line: i64 = r.try_get(1)?;
                Ok(Failure {
                    source: r.try_get(0)?,
                    line: (line > 0).then_some(line as u64),
                    error: r.try_get(2)?,
                })
            })
            .collect()
    }

    fn set_budget(&self, budget: Option<Budget>) -> Result<()> {
        let ms = budget.as_ref().map_or(0, |b| {
            b.deadline
                .saturating_duration_since(std::time::Instant::now())
                .as_millis()
                .clamp(1, i32::MAX as u128)
        });
        // 0 turns the timeout off.
        self.inner
            .borrow_mut()
            .client
            .batch_execute(&format!("SET statement_timeout = {ms}"))?;
        *self.budget.borrow_mut() = budget;
        Ok(())
    }

    fn canceller(&self) -> Option<crate::Canceller> {
        let token = self.inner.borrow().client.cancel_token();
        Some(Box::new(move || {
            let _ = token.cancel_query(NoTls);
        }))
    }

    fn generation(&self) -> Result<u64> {
        // The count, not the largest rowid: concurrent writers may commit out of sequence
        // order, so a batch can commit below the largest id; the count grows with each.
        let mut inner = self.inner()?;
        let Inner { client, stmts } = &mut *inner;
        let st = prepared(client, stmts, "SELECT count(*) FROM documents")?;
        let n: i64 = client.query_one(&st, &[])?.try_get(0)?;
        Ok(n as u64)
    }

    fn stats(&self) -> Result<Stats> {
        let mut inner = self.inner()?;
        let r = inner.client.query_one(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
                    (SELECT count(*) FROM mentions), (SELECT count(*) FROM failures)",
            &[],
        )?;
        let n = |i: usize| -> Result<u64> { Ok(r.try_get::<_, i64>(i)? as u64) };
        Ok(Stats {
            documents: n(0)?,
            events: n(1)?,
            mentions: n(2)?,
            failures: n(3)?,
        })
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn lexemes_fold_case_and_diacritics() {
        let w: Vec<String> = lexemes("Già la CITTÀ, l'Italia e Straße—ok").collect();
        assert_eq!(
            w,
            ["gia", "la", "citta", "l", "italia", "e", "straße", "ok"]
        );
        assert_eq!(index_words("a b a B"), "a b");
        assert_eq!(
            ts_query("Città  d'Italia").as_deref(),
            Some("'citta' & 'd' & 'italia'")
        );
        assert_eq!(ts_query(" ' & | ! : * "), None);
    }

    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db?x=1"),
            "postgres://u:***@h:5432/db?x=1"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("postgresql://h/db"), "postgresql://h/db");
        assert!(is_postgres_url("postgresql://h/db") && !is_postgres_url("v.db"));
    }

    #[test]
    fn schema_names_are_checked() {
        assert!(check_schema_name("vedetta_t_1").is_ok());
        for bad in ["", "1a", "a-b", "a\"b", "a b", &"x".repeat(64)] {
            assert!(check_schema_name(bad).is_err(), "{bad}");
        }
    }
}
