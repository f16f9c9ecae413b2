//! The SQLite backend: one file, WAL journal, FTS5 over the text and its stems.

use crate::{
    fts_query, iso, ActorSeen, AnnotationCounts, BatchReport, Budget, CharIndex, DocPage,
    DocRecord, EventFact, EventFilter, Failure, PlaceColumns, Result, Stats, Store, StoreError,
    StoredDocument, StoredEntity, StoredEvent, Story,
};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;
use vedetta_model::PartialDate;

/// Version 3 → 4: the event location (issue 16). Columns are added empty (events stored
/// before have no location); nothing else changes.
const MIGRATE_3_TO_4: &str = r#"
ALTER TABLE events ADD COLUMN location TEXT;
ALTER TABLE events ADD COLUMN place_country TEXT;
ALTER TABLE events ADD COLUMN place_lat REAL;
ALTER TABLE events ADD COLUMN place_x REAL;
ALTER TABLE events ADD COLUMN place_y REAL;
ALTER TABLE events ADD COLUMN place_z REAL;
ALTER TABLE events ADD COLUMN place_names TEXT;
CREATE INDEX events_place_country ON events(place_country) WHERE place_country IS NOT NULL;
CREATE INDEX events_place_lat ON events(place_lat) WHERE place_lat IS NOT NULL;
"#;

/// Version 4 → 5: the leaner store (issue 17). Texts that are the document's own slice
/// (mention, entity, time expression and quote texts) become NULL, and the event's evidence,
/// trigger and sentence texts are no longer copied (they are sliced from the document when
/// read); empty JSON lists become NULL; a mention's kind, name, role and `why` become ids of
/// their texts in `labels` (a few hundred distinct texts repeated over every mention). The tables are rebuilt (SQLite cannot relax NOT NULL in place) with their row
/// ids, so nothing that refers to them changes. Runs with foreign keys off, in one
/// transaction, and is checked by `PRAGMA foreign_key_check` before it commits.
const MIGRATE_4_TO_5: &str = r#"
LABELS_TABLE;
INSERT INTO labels (text) SELECT kind FROM mentions UNION SELECT name FROM mentions
    WHERE name IS NOT NULL UNION SELECT role FROM mentions WHERE role IS NOT NULL
    UNION SELECT why FROM mentions ORDER BY 1;
CREATE TABLE mentions_5 MENTIONS_COLUMNS;
INSERT INTO mentions_5 SELECT m.doc, m.seq, m.start, m."end",
    CASE WHEN m.text = substr(d.text, m.start + 1, m."end" - m.start) THEN NULL ELSE m.text END,
    (SELECT l.id FROM labels l WHERE l.text = m.kind), m.ner, m.code, m.country, m.sector,
    m.wikidata, (SELECT l.id FROM labels l WHERE l.text = m.name),
    (SELECT l.id FROM labels l WHERE l.text = m.role),
    (SELECT l.id FROM labels l WHERE l.text = m.why), nullif(m.ambiguous_with, '[]')
    FROM mentions m JOIN documents d ON d.rowid = m.doc;
DROP TABLE mentions;
ALTER TABLE mentions_5 RENAME TO mentions;
CREATE TABLE events_5 EVENTS_COLUMNS;
INSERT INTO events_5 SELECT rowid, doc, seq, event_type, mode, nullif(context, '[]'), cameo,
    quad, scale, reciprocal, aux, aux_cue, nullif(attribution, '[]'), date, date_precision,
    date_first, date_last, date_source, evidence_start, evidence_end, trigger_start,
    trigger_end, sentence_start, sentence_end, nullif(quantities, '[]'), pattern, story, ord,
    codes, location, place_country, place_lat, place_x, place_y, place_z, place_names
    FROM events;
DROP TABLE events;
ALTER TABLE events_5 RENAME TO events;
CREATE TABLE event_entities_5 EVENT_ENTITIES_COLUMNS;
INSERT INTO event_entities_5 SELECT x.event, x.role, x.seq, x.code, x.country, x.sector,
    CASE WHEN x.entity_text = substr(d.text, x.start + 1, x."end" - x.start) THEN NULL
         ELSE x.entity_text END,
    x.identifier_id, x.start, x."end"
    FROM event_entities x JOIN events e ON e.rowid = x.event JOIN documents d ON d.rowid = e.doc;
DROP TABLE event_entities;
ALTER TABLE event_entities_5 RENAME TO event_entities;
CREATE TABLE timexes_5 TIMEXES_COLUMNS;
INSERT INTO timexes_5 SELECT t.doc, t.seq, t.start, t."end",
    CASE WHEN t.text = substr(d.text, t.start + 1, t."end" - t.start) THEN NULL ELSE t.text END,
    t.type, t.value, t.date, t.relative
    FROM timexes t JOIN documents d ON d.rowid = t.doc;
DROP TABLE timexes;
ALTER TABLE timexes_5 RENAME TO timexes;
CREATE TABLE quotes_5 QUOTES_COLUMNS;
INSERT INTO quotes_5 SELECT q.doc, q.seq, q.start, q."end",
    CASE WHEN q.text = substr(d.text, q.start + 1, q."end" - q.start) THEN NULL ELSE q.text END,
    q.speaker, q.speaker_code, q.speaker_start, q.speaker_end, q.via
    FROM quotes q JOIN documents d ON d.rowid = q.doc;
DROP TABLE quotes;
ALTER TABLE quotes_5 RENAME TO quotes;
INDEXES_5
"#;

/// Schema version written to `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 5;

/// The texts that mentions repeat (kinds, canonical names, roles, why each was found), each
/// stored once and referred to by id (schema 5).
const LABELS_TABLE: &str =
    "CREATE TABLE labels (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)";

/// The columns of `mentions` (schema 5). `text` is NULL when it is the document's text from
/// `start` to `end` (characters), as it always is for mentions found in the text; `kind`,
/// `name`, `role` and `why` refer to `labels`; `ambiguous_with` is NULL for none.
const MENTIONS_COLUMNS: &str = r#"(
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT,
    kind INTEGER NOT NULL REFERENCES labels(id),
    ner TEXT,
    code TEXT,
    country TEXT,
    sector TEXT,
    wikidata TEXT,
    name INTEGER REFERENCES labels(id),
    role INTEGER REFERENCES labels(id),
    why INTEGER NOT NULL REFERENCES labels(id),
    ambiguous_with TEXT,
    PRIMARY KEY (doc, seq)
) WITHOUT ROWID"#;

/// The columns of `events` (schema 5). The evidence, trigger and sentence texts are the
/// document's text at their offsets (characters); `context`, `attribution` and `quantities`
/// are JSON lists, NULL when empty.
const EVENTS_COLUMNS: &str = r#"(
    rowid INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    mode TEXT,
    context TEXT,
    cameo TEXT NOT NULL,
    quad INTEGER,
    scale REAL,
    reciprocal INTEGER NOT NULL,
    aux TEXT,
    aux_cue TEXT,
    attribution TEXT,
    date TEXT,
    date_precision TEXT,
    date_first TEXT,
    date_last TEXT,
    date_source TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    quantities TEXT,
    pattern TEXT NOT NULL,
    story TEXT NOT NULL,
    ord BLOB NOT NULL, -- sort key (ord_key)
    codes TEXT NOT NULL, -- actor and recipient codes (entity_codes)
    location TEXT, -- StoredLocation as a JSON array of its fields (to_row_json)
    place_country TEXT,
    place_lat REAL,
    place_x REAL, -- unit vector of the place (near)
    place_y REAL,
    place_z REAL,
    place_names TEXT, -- |key|key| (StoredLocation::names_key)
    UNIQUE (doc, seq)
)"#;

/// The columns of `event_entities` (schema 5): `entity_text` NULL when it is the document's
/// text from `start` to `end`.
const EVENT_ENTITIES_COLUMNS: &str = r#"(
    event INTEGER NOT NULL REFERENCES events(rowid),
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    country TEXT NOT NULL,
    sector TEXT,
    entity_text TEXT,
    identifier_id TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (event, role, seq)
) WITHOUT ROWID"#;

/// The columns of `timexes` (schema 5): `text` NULL when it is the document's slice.
const TIMEXES_COLUMNS: &str = r#"(
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    date TEXT,
    relative INTEGER NOT NULL,
    PRIMARY KEY (doc, seq)
) WITHOUT ROWID"#;

/// The columns of `quotes` (schema 5): `text` NULL when it is the document's slice.
const QUOTES_COLUMNS: &str = r#"(
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT,
    speaker TEXT,
    speaker_code TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    via TEXT NOT NULL,
    PRIMARY KEY (doc, seq)
) WITHOUT ROWID"#;

/// The indexes of the tables rebuilt by version 5.
const INDEXES_5: &str = r#"
CREATE INDEX events_place_country ON events(place_country) WHERE place_country IS NOT NULL;
CREATE INDEX events_place_lat ON events(place_lat) WHERE place_lat IS NOT NULL;
CREATE INDEX events_ord ON events(ord, codes);
CREATE INDEX events_span ON events(date_precision, ord, date_last, codes);
CREATE INDEX events_story ON events(story, doc);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_aux ON events(aux) WHERE aux IS NOT NULL;
CREATE INDEX event_entities_code ON event_entities(role, code, event);
CREATE INDEX event_entities_country ON event_entities(country, event);
"#;

/// The full-text indexes of schema 5: the document's words and their stems, each in a
/// contentless FTS5 table without positions (`detail=none`: a quarter of the size of the
/// positional two-column index of schema 4). Their input is the text already split into words
/// by [`crate::index_words`], the split the query side uses ([`crate::query_words`]), and every
/// character but a space is a token character, so a query word is always one token (FTS5
/// without positions refuses a quoted string of several tokens). A store upgraded from schema
/// 4 keeps its `documents_fts` (the stems of its documents cannot be recomputed here) and is
/// searched through it ([`FtsLayout`]).
const FTS_TABLES: &str = r#"
CREATE VIRTUAL TABLE words_fts USING fts5(
    words, content='', detail=none, columnsize=0,
    tokenize="unicode61 remove_diacritics 2 categories 'L* N* M* S* P* C*'"
);
CREATE VIRTUAL TABLE stems_fts USING fts5(
    stems, content='', detail=none, columnsize=0,
    tokenize="unicode61 remove_diacritics 2 categories 'L* N* M* S* P* C*'"
);
"#;

/// Which full-text index a store has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FtsLayout {
    /// `words_fts` and `stems_fts` (stores made by schema 5).
    Split,
    /// `documents_fts (text, stemmed)` with positions (stores upgraded from schema 4 or 3).
    Positional,
}

impl FtsLayout {
    fn of(conn: &Connection) -> Result<FtsLayout> {
        let legacy: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'documents_fts'",
            [],
            |r| r.get(0),
        )?;
        Ok(if legacy {
            FtsLayout::Positional
        } else {
            FtsLayout::Split
        })
    }
}

/// Fills the table layouts into a schema or migration script.
fn with_layouts(sql: &str) -> String {
    sql.replace("FTS_TABLES", FTS_TABLES)
        .replace("LABELS_TABLE", LABELS_TABLE)
        .replace("MENTIONS_COLUMNS", MENTIONS_COLUMNS)
        .replace("EVENTS_COLUMNS", EVENTS_COLUMNS)
        .replace("EVENT_ENTITIES_COLUMNS", EVENT_ENTITIES_COLUMNS)
        .replace("TIMEXES_COLUMNS", TIMEXES_COLUMNS)
        .replace("QUOTES_COLUMNS", QUOTES_COLUMNS)
        .replace("INDEXES_5", INDEXES_5)
}

const SCHEMA: &str = r#"
CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_first TEXT,
    date_last TEXT,
    lang TEXT NOT NULL,
    title TEXT,
    url TEXT,
    text TEXT NOT NULL,
    outlet TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_lang ON documents(lang);
FTS_TABLES
LABELS_TABLE;
CREATE TABLE mentions MENTIONS_COLUMNS;
-- Mentions per code and name (`actors`), kept by put_batch; a NULL name is '' with named = 0.
CREATE TABLE actor_counts (
    code TEXT NOT NULL,
    named INTEGER NOT NULL,
    name TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (code, named, name)
) WITHOUT ROWID;
CREATE TABLE events EVENTS_COLUMNS;
CREATE TABLE event_entities EVENT_ENTITIES_COLUMNS;
CREATE TABLE timexes TIMEXES_COLUMNS;
CREATE TABLE quotes QUOTES_COLUMNS;
INDEXES_5
CREATE TABLE failures (
    rowid INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    line INTEGER NOT NULL,
    error TEXT NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (source, line, error)
);
"#;

/// Most bytes of the database file mapped into memory (`PRAGMA mmap_size`; address space,
/// not memory: pages are the system's file cache).
const MMAP_BYTES: i64 = 4 << 30;

/// Largest write-ahead log kept after a checkpoint (`PRAGMA journal_size_limit`): a log
/// that grew while readers held old snapshots is cut back to this once they let go.
const JOURNAL_SIZE_LIMIT: i64 = 64 << 20;

/// `PRAGMA application_id` of a vedetta store ("VEDT"), set when the schema is created.
const APPLICATION_ID: i64 = 0x5645_4454;

/// A store in one SQLite file (or in memory, for tests).
pub struct SqliteStore {
    conn: Connection,
    /// True once a batch was written: the log is checkpointed and truncated on drop.
    wrote: bool,
    /// The budget of the calls running now ([`Store::set_budget`]), also checked between
    /// the rows that streaming reads hand to their callers.
    budget: std::cell::RefCell<Option<Budget>>,
    /// The full-text index of this store.
    fts: FtsLayout,
}

impl SqliteStore {
    /// Opens the database file at `path` for writing, in WAL mode, creating it (and vedetta's
    /// tables) when it is missing or empty. A SQLite file holding another application's tables
    /// is refused ([`StoreError::NotAStore`]), so a typo in a path never alters another
    /// database. Only the commands that fill a store (`ingest`, `demo`) call this; readers
    /// use [`SqliteStore::open_existing`].
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let path = path.as_ref();
        if let Some(why) = foreign_file(path)? {
            return Err(not_a_store(path, &why));
        }
        let conn = Connection::open(path)?;
        // Before anything that may wait for a lock (another process writing, checkpointing
        // or creating the schema): wait for it rather than fail with `database is locked`.
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Before any pragma that writes (the journal mode is in the file's header).
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if v == 0 && has_tables(&conn)? {
            return Err(not_a_store(
                path,
                "it is a SQLite database with another application's tables",
            ));
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
        // Pages read through a memory map rather than a read call each: a scan of a million
        // events in sort-key order visits table pages in no order (no system call a page).
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        Self::init(conn)
    }

    /// Opens an existing vedetta store at `path` for reading (`serve`, `query`, `export`,
    /// `series`, `alerts`): a missing file, an empty one, a file that is not SQLite and a
    /// SQLite database without vedetta's tables are refused by name, and nothing is ever
    /// created. The connection is read-only; when the file's folder cannot be written (a
    /// read-only medium, where a WAL database's shared-memory file cannot be made), the file
    /// is opened `immutable`.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let path = path.as_ref();
        if !path.is_file() {
            return Err(not_a_store(
                path,
                "no such database (create it with `vedetta ingest`)",
            ));
        }
        if let Some(why) = foreign_file(path)? {
            return Err(not_a_store(path, &why));
        }
        if std::fs::metadata(path)?.len() == 0 {
            return Err(not_a_store(
                path,
                "the file is empty (create a store with `vedetta ingest`)",
            ));
        }
        let conn = match Self::read_only(path, false) {
            Ok(c) => c,
            // Read-only media: no `-shm` can be made beside a WAL database.
            Err(_) => Self::read_only(path, true)?,
        };
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if v == 3 || v == 4 {
            // A store of an earlier version: upgraded in place, then read.
            drop(conn);
            if let Err(e) = Self::open(path) {
                return Err(StoreError::Upgrade {
                    found: v,
                    expected: SCHEMA_VERSION,
                    why: e.to_string(),
                });
            }
            return Self::check_existing(Self::read_only(path, false)?, path);
        }
        Self::check_existing(conn, path)
    }

    /// Like [`SqliteStore::open_existing`], always `immutable` (as on read-only media).
    pub fn open_immutable(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let path = path.as_ref();
        if let Some(why) = foreign_file(path)? {
            return Err(not_a_store(path, &why));
        }
        Self::check_existing(Self::read_only(path, true)?, path)
    }

    /// A read-only connection (URI `mode=ro`, or `immutable=1`), checked by one read.
    fn read_only(path: &Path, immutable: bool) -> Result<Connection> {
        use rusqlite::OpenFlags;
        // A URI filename: `%`, `?` and `#` in the path are percent-escaped.
        let mut uri = String::from("file:");
        for c in path.to_string_lossy().chars() {
            match c {
                '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
                c => uri.push(c),
            }
        }
        uri.push_str(if immutable {
            "?immutable=1"
        } else {
            "?mode=ro"
        });
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        // Opening is lazy: this read fails now if the file cannot be read this way.
        let _: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok(conn)
    }

    fn check_existing(conn: Connection, path: &Path) -> Result<SqliteStore> {
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let documents: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'documents'",
            [],
            |r| r.get(0),
        )?;
        match v {
            0 => Err(not_a_store(
                path,
                if has_tables(&conn)? {
                    "it is a SQLite database with another application's tables"
                } else {
                    "it is a SQLite database without vedetta's tables (create a store with \
                     `vedetta ingest`)"
                },
            )),
            SCHEMA_VERSION if documents => Ok(SqliteStore {
                fts: FtsLayout::of(&conn)?,
                conn,
                wrote: false,
                budget: Default::default(),
            }),
            SCHEMA_VERSION => Err(not_a_store(path, "it has no vedetta tables")),
            found => Err(StoreError::Schema {
                found,
                expected: SCHEMA_VERSION,
            }),
        }
    }

    /// An in-memory store (tests).
    pub fn in_memory() -> Result<SqliteStore> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<SqliteStore> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        match v {
            0 => {
                // Another process may be creating the schema right now: take the write lock
                // first, then look again.
                let tx = rusqlite::Transaction::new_unchecked(
                    &conn,
                    rusqlite::TransactionBehavior::Immediate,
                )?;
                let v: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
                if v == 0 {
                    tx.execute_batch(&with_layouts(SCHEMA))?;
                    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
                    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                } else if v != SCHEMA_VERSION {
                    return Err(StoreError::Schema {
                        found: v,
                        expected: SCHEMA_VERSION,
                    });
                }
                tx.commit()?;
            }
            SCHEMA_VERSION => {}
            3 | 4 => Self::migrate(&conn)?,
            found => {
                return Err(StoreError::Schema {
                    found,
                    expected: SCHEMA_VERSION,
                })
            }
        }
        Ok(SqliteStore {
            fts: FtsLayout::of(&conn)?,
            conn,
            wrote: false,
            budget: Default::default(),
        })
    }

    /// Upgrades a store of schema 3 or 4 to this version in one transaction: foreign keys
    /// are off while tables are rebuilt (a table that others refer to cannot be dropped with
    /// them on) and checked before the commit.
    fn migrate(conn: &Connection) -> Result<()> {
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let done = (|| -> Result<()> {
            let tx = rusqlite::Transaction::new_unchecked(
                conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            // Another process may have upgraded it meanwhile.
            let mut v: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if v == 3 {
                tx.execute_batch(MIGRATE_3_TO_4)?;
                v = 4;
            }
            if v == 4 {
                tx.execute_batch(&with_layouts(MIGRATE_4_TO_5))?;
                let broken: i64 =
                    tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                        r.get(0)
                    })?;
                if broken > 0 {
                    return Err(StoreError::Upgrade {
                        found: 4,
                        expected: SCHEMA_VERSION,
                        why: format!("{broken} rows refer to rows that are missing"),
                    });
                }
                tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            } else if v != SCHEMA_VERSION {
                return Err(StoreError::Schema {
                    found: v,
                    expected: SCHEMA_VERSION,
                });
            }
            tx.commit()?;
            Ok(())
        })();
        conn.pragma_update(None, "foreign_keys", "ON")?;
        done
    }

    /// [`StoreError::Interrupted`] once the budget of the calls running now is spent.
    fn check_budget(&self) -> Result<()> {
        match &*self.budget.borrow() {
            Some(b) if b.spent() => Err(StoreError::Interrupted),
            _ => Ok(()),
        }
    }

    /// The underlying connection (for tools and tests).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Drop for SqliteStore {
    /// After writing: checkpoints the write-ahead log into the database and truncates it, so
    /// a log that grew while readers held old snapshots does not stay on disk.
    fn drop(&mut self) {
        if self.wrote {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

/// Why the file at `path` is not a database vedetta may use, if it is not: it exists, is not
/// empty, and does not start with SQLite's header. `None` for a missing file, an empty one
/// and any SQLite file.
fn foreign_file(path: &Path) -> Result<Option<String>> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if !f.metadata()?.is_file() {
        return Ok(Some("not a regular file".into()));
    }
    let mut head = [0u8; 16];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(if n == 0 || head[..n] == b"SQLite format 3\0"[..] {
        None
    } else {
        Some("not a SQLite database".into())
    })
}

/// True when the database holds any table, index or view.
fn has_tables(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) > 0 FROM sqlite_schema", [], |r| r.get(0))?)
}

fn not_a_store(path: &Path, why: &str) -> StoreError {
    StoreError::NotAStore {
        db: path.display().to_string(),
        why: why.to_string(),
    }
}

use crate::{invalid, precision_label, to_label};

/// The id of a text in `labels`, added when new. `known` holds the ids looked up in this
/// transaction (dropped with it, so a rolled-back id is never reused).
fn label_id(tx: &Transaction<'_>, known: &mut HashMap<String, i64>, text: &str) -> Result<i64> {
    if let Some(&id) = known.get(text) {
        return Ok(id);
    }
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM labels WHERE text = ?1")?
        .query_row(params![text], |r| r.get(0))
        .optional()?;
    let id = match found {
        Some(id) => id,
        None => {
            tx.prepare_cached("INSERT INTO labels (text) VALUES (?1)")?
                .execute(params![text])?;
            tx.last_insert_rowid()
        }
    };
    known.insert(text.to_string(), id);
    Ok(id)
}

/// `text` unless it is `slice` (the document's text at its offsets): what a text column
/// holds (NULL is read back as the slice).
fn unless_slice<'t>(text: &'t str, slice: &str) -> Option<&'t str> {
    (text != slice).then_some(text)
}

/// A JSON list, or NULL for an empty one (read back as `[]`).
fn list_json<T: serde::Serialize>(list: &[T]) -> Result<Option<String>> {
    Ok(if list.is_empty() {
        None
    } else {
        Some(serde_json::to_string(list)?)
    })
}

/// Inserts one new document and its annotations; returns false when the id was stored.
fn insert_doc(
    tx: &Transaction<'_>,
    r: &DocRecord,
    rep: &mut BatchReport,
    labels: &mut HashMap<String, i64>,
    fts: FtsLayout,
) -> Result<bool> {
    let d = &r.doc;
    let id = d.id.as_str();
    let added = tx
        .prepare_cached(
            "INSERT INTO documents (id, source, date, date_precision, date_first, date_last,
                                    lang, title, url, text, outlet)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            id,
            vedetta_model::without_credentials(&d.source),
            d.date.map(|x| x.to_string()),
            d.date.map(|x| precision_label(x.precision())),
            d.date.map(|x| iso(x.first_day())),
            d.date.map(|x| iso(x.last_day())),
            r.lang,
            d.title,
            d.url.as_deref().map(vedetta_model::without_credentials),
            d.text,
            crate::outlet(d),
        ])?;
    if added == 0 {
        return Ok(false);
    }
    let doc = tx.last_insert_rowid();
    let stems = r.stemmed_text.as_deref().unwrap_or("");
    match fts {
        FtsLayout::Split => {
            tx.prepare_cached("INSERT INTO words_fts (rowid, words) VALUES (?1, ?2)")?
                .execute(params![doc, crate::index_words(&d.text)])?;
            tx.prepare_cached("INSERT INTO stems_fts (rowid, stems) VALUES (?1, ?2)")?
                .execute(params![doc, crate::index_words(stems)])?;
        }
        FtsLayout::Positional => {
            tx.prepare_cached(
                "INSERT INTO documents_fts (rowid, text, stemmed) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![doc, d.text, stems])?;
        }
    }
    let ci = CharIndex::new(&d.text);
    let span = |s| ci.span(s).map_err(|e| invalid(id, e));

    let mut st = tx.prepare_cached(
        "INSERT INTO mentions (doc, seq, start, \"end\", text, kind, ner, code, country, sector,
                               wikidata, name, role, why, ambiguous_with)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for (i, m) in r.mentions.iter().enumerate() {
        let (s, e) = span(m.span)?;
        let mut label = |t: &str| label_id(tx, labels, t);
        let kind = label(&to_label(&m.kind)?)?;
        let name = m.name.as_deref().map(&mut label).transpose()?;
        let role = m.role.as_deref().map(&mut label).transpose()?;
        let why = label(&m.why)?;
        st.execute(params![
            doc,
            i as i64 + 1,
            s as i64,
            e as i64,
            unless_slice(&m.text, ci.slice(m.span)),
            kind,
            m.ner.map(|n| n.label()),
            m.code,
            m.country,
            m.sector,
            m.wikidata,
            name,
            role,
            why,
            list_json(&m.ambiguous_with)?,
        ])?;
    }
    rep.mentions += r.mentions.len();

    let mut st = tx.prepare_cached(
        "INSERT INTO events (doc, seq, event_type, mode, context, cameo, quad, scale, reciprocal,
            aux, aux_cue, attribution, date, date_precision, date_first, date_last, date_source,
            evidence_start, evidence_end, trigger_start, trigger_end, sentence_start,
            sentence_end, quantities, pattern, story, ord, codes, location, place_country,
            place_lat, place_x, place_y, place_z, place_names)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32,
                 ?33, ?34, ?35)",
    )?;
    let mut ent = tx.prepare_cached(
        "INSERT INTO event_entities (event, role, seq, code, country, sector, entity_text,
                                     identifier_id, start, \"end\")
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, er) in r.events.iter().enumerate() {
        let e = &er.event;
        let (es, ee) = span(e.evidence)?;
        let (ts, te) = span(e.trigger)?;
        let (ss, se) = span(e.sentence)?;
        let quantities = ci.quantities(&e.quantities).map_err(|p| invalid(id, p))?;
        let place = PlaceColumns::of(e.location.as_ref(), &ci, id)?;
        st.execute(params![
            doc,
            i as i64 + 1,
            e.event_type.as_str(),
            e.mode,
            list_json(&e.context)?,
            e.cameo,
            er.quad,
            er.scale,
            e.reciprocal,
            e.aux.map(|a| a.label()),
            e.aux_cue,
            list_json(&e.attribution)?,
            e.date.map(|x| x.to_string()),
            e.date.map(|x| precision_label(x.precision())),
            e.date.map(|x| iso(x.first_day())),
            e.date.map(|x| iso(x.last_day())),
            e.date_source,
            es as i64,
            ee as i64,
            ts as i64,
            te as i64,
            ss as i64,
            se as i64,
            list_json(&quantities)?,
            e.pattern,
            crate::story_key(d.date, e),
            ord_key(e.date, id, i as u32 + 1),
            entity_codes(e),
            place.as_ref().map(|p| p.row.as_str()),
            place.as_ref().map(|p| p.country.as_str()),
            place.as_ref().map(|p| p.lat),
            place.as_ref().map(|p| p.unit[0]),
            place.as_ref().map(|p| p.unit[1]),
            place.as_ref().map(|p| p.unit[2]),
            place.as_ref().map(|p| p.names.as_str()),
        ])?;
        let ev = tx.last_insert_rowid();
        for (role, list) in [("actor", &e.actor), ("recipient", &e.recipient)] {
            for (j, a) in list.iter().enumerate() {
                let (s, en) = span(a.span)?;
                let (country, _) = vedetta_model::split_code(&a.code);
                ent.execute(params![
                    ev,
                    role,
                    j as i64 + 1,
                    a.code,
                    country,
                    a.sector,
                    unless_slice(&a.entity_text, ci.slice(a.span)),
                    a.identifier_id,
                    s as i64,
                    en as i64,
                ])?;
            }
        }
    }
    rep.events += r.events.len();

    let mut st = tx.prepare_cached(
        "INSERT INTO timexes (doc, seq, start, \"end\", text, type, value, date, relative)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, t) in r.timexes.iter().enumerate() {
        let (s, e) = span(t.span)?;
        st.execute(params![
            doc,
            i as i64 + 1,
            s as i64,
            e as i64,
            unless_slice(&t.text, ci.slice(t.span)),
            to_label(&t.kind)?,
            t.value,
            t.date.map(|x| x.to_string()),
            t.relative,
        ])?;
    }
    rep.timexes += r.timexes.len();

    let mut st = tx.prepare_cached(
        "INSERT INTO quotes (doc, seq, start, \"end\", text, speaker, speaker_code,
                             speaker_start, speaker_end, via)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, q) in r.quotes.iter().enumerate() {
        let (s, e) = span(q.span)?;
        let sp = q.speaker_span.map(span).transpose()?;
        st.execute(params![
            doc,
            i as i64 + 1,
            s as i64,
            e as i64,
            unless_slice(&q.text, ci.slice(q.span)),
            q.speaker,
            q.speaker_code,
            sp.map(|x| x.0 as i64),
            sp.map(|x| x.1 as i64),
            serde_json::to_string(&q.via)?,
        ])?;
    }
    rep.quotes += r.quotes.len();
    Ok(true)
}

/// The columns of an [`EventFact`] (`e.codes` last, see [`entity_codes`]).
const FACT_COLUMNS: &str = "d.id, e.seq, d.lang, e.date, e.date_precision, e.event_type,
    e.quad, e.scale, e.aux, e.codes";

const EVENT_COLUMNS: &str = "e.rowid, d.id, e.seq, d.lang, d.date, e.event_type, e.mode,
    e.context, e.cameo, e.quad, e.scale, e.reciprocal, e.aux, e.aux_cue, e.attribution, e.date,
    e.date_precision, e.date_source, e.evidence_start, e.evidence_end,
    substr(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start),
    substr(d.text, e.trigger_start + 1, e.trigger_end - e.trigger_start),
    substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start),
    e.quantities, e.pattern, d.source, d.outlet, d.url, d.title, e.location";

fn json_col<T: serde::de::DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A JSON list column, NULL for an empty list.
fn list_col<T: serde::de::DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: Option<String> = row.get(i)?;
    serde_json::from_str(s.as_deref().unwrap_or("[]")).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The event location column (NULL: none), in either stored form.
fn location_col(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<crate::StoredLocation>> {
    let s: Option<String> = row.get(i)?;
    s.map(|s| {
        crate::StoredLocation::from_stored(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// The sort key of an event (`events.ord`), a blob whose byte order is the order of events:
/// dated before undated, then first day, last day, document id and position. Text parts are
/// escaped (0x00 → 01 01, 0x01 → 01 02) and ended by 0x00, which keeps their order and makes
/// them prefix-free, so the blob sorts exactly like the tuple `(date_first IS NULL,
/// date_first, date_last, doc id, seq)` compared bytewise.
fn ord_key(date: Option<PartialDate>, doc_id: &str, seq: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(doc_id.len() + 34);
    match date {
        Some(d) => {
            k.push(0);
            push_part(&mut k, &iso(d.first_day()));
            push_part(&mut k, &iso(d.last_day()));
        }
        None => k.push(1),
    }
    push_part(&mut k, doc_id);
    k.extend_from_slice(format!("{seq:010}").as_bytes());
    k
}

/// Appends an escaped, terminated text part of [`ord_key`].
fn push_part(k: &mut Vec<u8>, s: &str) {
    escape_into(k, s);
    k.push(0);
}

/// Appends `s` escaped for [`ord_key`] (without terminator).
fn escape_into(k: &mut Vec<u8>, s: &str) {
    for &b in s.as_bytes() {
        match b {
            0 | 1 => k.extend_from_slice(&[1, b + 1]),
            _ => k.push(b),
        }
    }
}

/// The smallest key of an event dated from `day` on (`date_first >= day` ⇔ `ord >=` it).
fn ord_from(day: &str) -> Vec<u8> {
    let mut k = vec![0];
    escape_into(&mut k, day);
    k
}

/// A key above every event whose first day is `day` or earlier, and below every other
/// (`date_first <= day` ⇔ `ord <` it; undated events are above).
fn ord_after(day: &str) -> Vec<u8> {
    let mut k = ord_from(day);
    k.push(1);
    k
}

/// Separator of [`entity_codes`].
const CODE_SEP: char = '\u{1f}';

/// The codes of an event's actors and recipients in one string (`events.codes`): each as
/// 0x1F, `a` or `r`, then the code. An event with an actor code starting with `P` contains
/// 0x1F `a` `P`: a quick test (indexed with the sort key) that the exact one then confirms.
fn entity_codes(e: &vedetta_model::Event) -> String {
    let mut s = String::new();
    for (tag, list) in [('a', &e.actor), ('r', &e.recipient)] {
        for a in list {
            s.push(CODE_SEP);
            s.push(tag);
            s.push_str(&a.code);
        }
    }
    s
}

/// The needle of [`entity_codes`] for a code prefix of a role (`a` or `r`).
fn code_needle(tag: char, prefix: &str) -> String {
    format!("{CODE_SEP}{tag}{prefix}")
}

/// A string above every string starting with `p` (and below the strings after those):
/// `p` with its last character incremented (UTF-8 sorts like code points). `None` for an
/// empty prefix, or one of only `char::MAX`.
fn prefix_end(p: &str) -> Option<String> {
    let mut chars: Vec<char> = p.chars().collect();
    while let Some(c) = chars.pop() {
        let mut u = c as u32 + 1;
        if (0xD800..0xE000).contains(&u) {
            u = 0xE000;
        }
        if let Some(n) = char::from_u32(u) {
            chars.push(n);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// True when `d` is an ordinary date (4-digit year, real month and day), whose ISO days
/// compare as strings like the days themselves.
fn plain_date(d: &PartialDate) -> bool {
    (1..=9999).contains(&d.year)
        && d.month.is_none_or(|m| (1..=12).contains(&m))
        && d.day.is_none_or(|x| (1..=31).contains(&x))
}

/// One condition of a filter.
struct Cond {
    /// Exact test on the rows `e` (event) and `d` (its document), written not to steer the
    /// plan (`+column` where an index could serve it): it filters the rows of whatever plan
    /// is chosen.
    test: String,
    /// Arguments of `test`.
    args: Vec<SqlValue>,
    /// The matching events as a query of their rowids (one column, `r`) read from an
    /// index, with its arguments: a plan can start from it.
    set: Option<(String, Vec<SqlValue>)>,
    /// `test` reads the document.
    doc: bool,
    /// The set is one document's events: small, without probing.
    small: bool,
    /// The set holds each event once.
    distinct: bool,
}

/// The conditions of a filter, and what the date bounds give the plans.
struct Conds {
    list: Vec<Cond>,
    /// A condition can never hold (a full-text query without words).
    never: bool,
    /// Lower bounds of `ord` per date precision, implied by the `from` date: events of a
    /// precision (their dates span at most a day, a month or a year) that end on or after
    /// the first day of `from` begin on or after these days.
    arms: Option<[(&'static str, Vec<u8>); 3]>,
    /// The last day of `to` as a bound of `ord` ([`ord_after`]).
    ord_hi: Option<Vec<u8>>,
}

/// The SQL of an event set of entity codes starting with `prefix` in a role.
fn role_set(role: &str, prefix: &str) -> (String, Vec<SqlValue>) {
    let mut sql = format!(
        "SELECT x.event AS r FROM event_entities x WHERE x.role = '{role}' AND x.code >= ?"
    );
    let mut args = vec![SqlValue::Text(prefix.to_string())];
    if let Some(hi) = prefix_end(prefix) {
        sql.push_str(" AND x.code < ?");
        args.push(SqlValue::Text(hi));
    }
    sql.push_str(" AND substr(x.code, 1, length(?)) = ?");
    args.push(SqlValue::Text(prefix.to_string()));
    args.push(SqlValue::Text(prefix.to_string()));
    (sql, args)
}

fn conds(f: &EventFilter, fts: FtsLayout) -> Conds {
    let mut list = Vec::new();
    let mut never = false;
    for (role, tag, code) in [("actor", 'a', &f.actor), ("recipient", 'r', &f.recipient)] {
        if let Some(p) = code {
            list.push(Cond {
                test: format!(
                    "(instr(e.codes, ?) > 0 AND EXISTS (SELECT 1 FROM event_entities x
                      WHERE x.event = e.rowid AND x.role = '{role}'
                        AND substr(x.code, 1, length(?)) = ?))"
                ),
                args: vec![
                    SqlValue::Text(code_needle(tag, p)),
                    SqlValue::Text(p.clone()),
                    SqlValue::Text(p.clone()),
                ],
                set: Some(role_set(role, p)),
                doc: false,
                small: false,
                distinct: false,
            });
        }
    }
    if let Some(c) = &f.country {
        // The country of an entity is a prefix of its code.
        list.push(Cond {
            test: "((instr(e.codes, ?) > 0 OR instr(e.codes, ?) > 0) AND EXISTS (SELECT 1
                    FROM event_entities x WHERE x.event = e.rowid AND x.country = ?))"
                .into(),
            args: vec![
                SqlValue::Text(code_needle('a', c)),
                SqlValue::Text(code_needle('r', c)),
                SqlValue::Text(c.clone()),
            ],
            set: Some((
                "SELECT x.event AS r FROM event_entities x WHERE x.country = ?".into(),
                vec![SqlValue::Text(c.clone())],
            )),
            doc: false,
            small: false,
            distinct: false,
        });
    }
    if let Some(c) = &f.place_country {
        list.push(Cond {
            test: "+e.place_country = ?".into(),
            args: vec![SqlValue::Text(c.clone())],
            set: Some((
                "SELECT rowid AS r FROM events INDEXED BY events_place_country
                 WHERE place_country = ?"
                    .into(),
                vec![SqlValue::Text(c.clone())],
            )),
            doc: false,
            small: false,
            distinct: true,
        });
    }
    match f.located {
        Some(true) => list.push(Cond {
            test: "e.place_lat IS NOT NULL".into(),
            args: vec![],
            set: Some((
                "SELECT rowid AS r FROM events INDEXED BY events_place_lat
                 WHERE place_lat IS NOT NULL"
                    .into(),
                vec![],
            )),
            doc: false,
            small: false,
            distinct: true,
        }),
        Some(false) => list.push(Cond {
            test: "e.place_lat IS NULL".into(),
            args: vec![],
            set: None,
            doc: false,
            small: false,
            distinct: true,
        }),
        None => {}
    }
    if let Some(n) = &f.near {
        let [x, y, z] = n.unit();
        let (south, north) = n.lat_band();
        list.push(Cond {
            test: "(e.place_x * ? + e.place_y * ? + e.place_z * ? >= ?)".into(),
            args: vec![
                SqlValue::Real(x),
                SqlValue::Real(y),
                SqlValue::Real(z),
                SqlValue::Real(n.min_dot()),
            ],
            set: Some((
                // Exact (a driving set's test is not repeated): the band, then the distance.
                "SELECT rowid AS r FROM events INDEXED BY events_place_lat
                 WHERE place_lat >= ? AND place_lat <= ?
                   AND place_x * ? + place_y * ? + place_z * ? >= ?"
                    .into(),
                vec![
                    SqlValue::Real(south),
                    SqlValue::Real(north),
                    SqlValue::Real(x),
                    SqlValue::Real(y),
                    SqlValue::Real(z),
                    SqlValue::Real(n.min_dot()),
                ],
            )),
            doc: false,
            small: false,
            distinct: true,
        });
    }
    if let Some(p) = &f.place {
        let key = crate::place_key(p);
        if key.is_empty() {
            never = true;
        }
        list.push(Cond {
            test: "instr(e.place_names, ?) > 0".into(),
            args: vec![SqlValue::Text(format!("|{key}|"))],
            set: None,
            doc: false,
            small: false,
            distinct: true,
        });
    }
    if let Some(t) = &f.event_type {
        list.push(Cond {
            test: "+e.event_type = ?".into(),
            args: vec![SqlValue::Text(t.clone())],
            set: Some((
                "SELECT rowid AS r FROM events INDEXED BY events_type WHERE event_type = ?".into(),
                vec![SqlValue::Text(t.clone())],
            )),
            doc: false,
            small: false,
            distinct: true,
        });
    }
    match f.aux.as_deref() {
        None => {}
        Some("asserted") => list.push(Cond {
            test: "e.aux IS NULL".into(),
            args: vec![],
            set: None,
            doc: false,
            small: false,
            distinct: true,
        }),
        Some(a) => list.push(Cond {
            test: "e.aux = ?".into(),
            args: vec![SqlValue::Text(a.to_string())],
            set: Some((
                "SELECT rowid AS r FROM events INDEXED BY events_aux WHERE aux = ?".into(),
                vec![SqlValue::Text(a.to_string())],
            )),
            doc: false,
            small: false,
            distinct: true,
        }),
    }
    // Dates: `date_last >= first day of from` as is; `date_first <= last day of to` on the
    // sort key, which begins with date_first.
    let from = f.from.map(|d| iso(d.first_day()));
    // Dated events' sort keys start with 0, undated ones' with 1.
    let ord_hi =
        f.to.map(|d| ord_after(&iso(d.last_day())))
            .or_else(|| (f.dated == Some(true)).then(|| vec![1u8]));
    if f.dated == Some(false) {
        if f.from.is_some() || f.to.is_some() {
            never = true;
        }
        list.push(Cond {
            test: "+e.ord >= X'01'".into(),
            args: vec![],
            set: None,
            doc: false,
            small: false,
            distinct: true,
        });
    }
    let arms = f.from.filter(plain_date).map(|d| {
        let (y, m, day) = d.first_day();
        [
            ("day", ord_from(&iso((y, m, day)))),
            ("month", ord_from(&iso((y, m, 1)))),
            ("year", ord_from(&iso((y, 1, 1)))),
        ]
    });
    if from.is_some() || ord_hi.is_some() {
        let mut tests = Vec::new();
        let mut args = Vec::new();
        if let Some(day) = &from {
            tests.push("e.date_last >= ?");
            args.push(SqlValue::Text(day.clone()));
        }
        if let Some(hi) = &ord_hi {
            tests.push("+e.ord < ?");
            args.push(SqlValue::Blob(hi.clone()));
        }
        let set = match (&arms, &from) {
            (Some(arms), Some(day)) => {
                let mut sql = Vec::new();
                let mut a = Vec::new();
                for (precision, lo) in arms {
                    let mut s = format!(
                        "SELECT rowid AS r FROM events INDEXED BY events_span
                         WHERE date_precision = '{precision}' AND ord >= ?"
                    );
                    a.push(SqlValue::Blob(lo.clone()));
                    if let Some(hi) = &ord_hi {
                        s.push_str(" AND ord < ?");
                        a.push(SqlValue::Blob(hi.clone()));
                    }
                    s.push_str(" AND date_last >= ?");
                    a.push(SqlValue::Text(day.clone()));
                    sql.push(s);
                }
                Some((sql.join(" UNION ALL "), a))
            }
            _ => ord_hi.as_ref().map(|hi| {
                let mut s =
                    "SELECT rowid AS r FROM events INDEXED BY events_ord WHERE ord < ?".to_string();
                let mut a = vec![SqlValue::Blob(hi.clone())];
                if let Some(day) = &from {
                    s.push_str(" AND date_last >= ?");
                    a.push(SqlValue::Text(day.clone()));
                }
                (s, a)
            }),
        };
        list.push(Cond {
            test: format!("({})", tests.join(" AND ")),
            args,
            set,
            doc: false,
            small: false,
            distinct: true,
        });
    }
    if let Some(l) = &f.lang {
        list.push(Cond {
            test: "d.lang = ?".into(),
            args: vec![SqlValue::Text(l.clone())],
            set: Some((
                "SELECT ev.rowid AS r FROM documents dd INDEXED BY documents_lang
                 CROSS JOIN events ev ON ev.doc = dd.rowid WHERE dd.lang = ?"
                    .into(),
                vec![SqlValue::Text(l.clone())],
            )),
            doc: true,
            small: false,
            distinct: true,
        });
    }
    if let Some(id) = &f.doc_id {
        list.push(Cond {
            test: "d.id = ?".into(),
            args: vec![SqlValue::Text(id.clone())],
            set: Some((
                "SELECT ev.rowid AS r FROM documents dd CROSS JOIN events ev ON ev.doc = dd.rowid
                 WHERE dd.id = ?"
                    .into(),
                vec![SqlValue::Text(id.clone())],
            )),
            doc: true,
            small: true,
            distinct: true,
        });
    }
    if let Some((from, to)) = f.doc_seq {
        list.push(Cond {
            test: "e.seq >= ? AND e.seq < ?".into(),
            args: vec![
                SqlValue::Integer(from.min(i64::MAX as u64) as i64),
                SqlValue::Integer(to.min(i64::MAX as u64) as i64),
            ],
            set: None,
            doc: false,
            small: false,
            distinct: true,
        });
    }
    if let Some(q) = f.q.as_deref().filter(|_| fts == FtsLayout::Split) {
        let words = fts_query(q);
        let stems: Vec<String> = f.q_stemmed.iter().filter_map(|s| fts_query(s)).collect();
        let mut parts = Vec::new();
        let mut args = Vec::new();
        if let Some(w) = words {
            parts.push("SELECT rowid AS d FROM words_fts WHERE words_fts MATCH ?");
            args.push(SqlValue::Text(w));
        }
        if !stems.is_empty() {
            parts.push("SELECT rowid AS d FROM stems_fts WHERE stems_fts MATCH ?");
            let alts: Vec<String> = stems.iter().map(|t| format!("({t})")).collect();
            args.push(SqlValue::Text(alts.join(" OR ")));
        }
        if parts.is_empty() {
            // No word in the query: nothing can match.
            never = true;
        } else {
            let docs = parts.join(" UNION ");
            list.push(Cond {
                test: format!("+e.doc IN ({docs})"),
                args: args.clone(),
                set: Some((
                    format!(
                        "SELECT ev.rowid AS r FROM ({docs}) x CROSS JOIN events ev
                         ON ev.doc = x.d"
                    ),
                    args,
                )),
                doc: false,
                small: false,
                distinct: true,
            });
        }
    } else if let Some(q) = f.q.as_deref() {
        let mut alts = Vec::new();
        if let Some(t) = fts_query(q) {
            alts.push(format!("text : ({t})"));
        }
        for s in &f.q_stemmed {
            if let Some(t) = fts_query(s) {
                alts.push(format!("stemmed : ({t})"));
            }
        }
        if alts.is_empty() {
            // No word in the query: nothing can match.
            never = true;
        } else {
            let m = alts.join(" OR ");
            list.push(Cond {
                test: "+e.doc IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
                    .into(),
                args: vec![SqlValue::Text(m.clone())],
                set: Some((
                    "SELECT ev.rowid AS r FROM documents_fts CROSS JOIN events ev
                     ON ev.doc = documents_fts.rowid WHERE documents_fts MATCH ?"
                        .into(),
                    vec![SqlValue::Text(m)],
                )),
                doc: false,
                small: false,
                distinct: true,
            });
        }
    }
    Conds {
        list,
        never,
        arms,
        ord_hi,
    }
}

/// The tests of all conditions but `skip`, joined with AND (`1` when none), and their
/// arguments appended to `args`; whether one reads the document.
fn tests(c: &Conds, skip: Option<usize>, args: &mut Vec<SqlValue>) -> (String, bool) {
    let mut t = Vec::new();
    let mut doc = false;
    for (i, x) in c.list.iter().enumerate() {
        if Some(i) != skip {
            t.push(x.test.as_str());
            args.extend(x.args.iter().cloned());
            doc |= x.doc;
        }
    }
    if t.is_empty() {
        ("1".into(), doc)
    } else {
        (t.join(" AND "), doc)
    }
}

/// ` LIMIT ? OFFSET ?` of a filter, when it has one.
fn limit_clause(f: &EventFilter, args: &mut Vec<SqlValue>) -> &'static str {
    if f.limit.is_some() || f.offset > 0 {
        args.push(SqlValue::Integer(
            f.limit.map(|l| l.min(i64::MAX as u64) as i64).unwrap_or(-1),
        ));
        args.push(SqlValue::Integer(f.offset.min(i64::MAX as u64) as i64));
        " LIMIT ? OFFSET ?"
    } else {
        ""
    }
}

/// Events at most a probe reads of one set ([`SqliteStore::set_sizes`]) for counts and
/// stories, which read every matching event.
const PROBE_ALL: i64 = 100_000;

/// The first, cheaper probe of counts and stories ([`SqliteStore::all_set_sizes`]).
const PROBE_FEW: i64 = 4096;

/// The condition to start from: the one with the smallest set (the first of equals), and
/// whether its set is known to hold fewer than `cap` events.
fn driver(sizes: &[Option<i64>], cap: i64) -> Option<(usize, bool)> {
    let mut best: Option<(usize, i64)> = None;
    for (i, n) in sizes.iter().enumerate() {
        if let Some(n) = *n {
            if best.is_none_or(|(_, m)| n < m) {
                best = Some((i, n));
            }
        }
    }
    best.map(|(i, n)| (i, n < cap))
}

impl SqliteStore {
    /// Rows of the events table (its largest rowid: events are never deleted).
    fn event_rows(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(max(rowid), 0) FROM events")?
            .query_row([], |r| r.get(0))?)
    }

    /// The sizes of the conditions' event sets (`None`: no set), each probed on its index
    /// reading at most `cap` entries (`cap`: at least that many). With `shrink`, a set is
    /// probed only up to the smallest size found before it.
    fn set_sizes(&self, c: &Conds, cap: i64, shrink: bool) -> Result<Vec<Option<i64>>> {
        let mut sizes = Vec::with_capacity(c.list.len());
        let mut least = cap;
        for x in &c.list {
            let Some((sql, args)) = &x.set else {
                sizes.push(None);
                continue;
            };
            let n = if x.small {
                0
            } else {
                let mut a = args.clone();
                a.push(SqlValue::Integer(if shrink { least } else { cap }));
                self.conn
                    .prepare_cached(&format!(
                        "SELECT count(*) FROM (SELECT r FROM ({sql}) LIMIT ?)"
                    ))?
                    .query_row(params_from_iter(a.iter()), |r| r.get(0))?
            };
            least = least.min(n);
            sizes.push(Some(n));
        }
        Ok(sizes)
    }

    /// The sizes of all the conditions' sets for a read of every matching event, and the
    /// probes' cap: first probed up to [`PROBE_FEW`] events, then, when none is smaller, up
    /// to [`PROBE_ALL`].
    fn all_set_sizes(&self, c: &Conds) -> Result<(Vec<Option<i64>>, i64)> {
        let sizes = self.set_sizes(c, PROBE_FEW, false)?;
        if sizes.iter().flatten().any(|&n| n < PROBE_FEW) {
            return Ok((sizes, PROBE_FEW));
        }
        Ok((self.set_sizes(c, PROBE_ALL, false)?, PROBE_ALL))
    }

    /// The query of the matching events in order (without limit), and its arguments.
    ///
    /// Three plans, chosen by probing the indexed conditions: from the smallest set of
    /// matching events when it is small enough to sort; else in order along the sort key
    /// (`events_ord`), testing each event; or, with a `from` date, along the sort key within
    /// each date precision (`events_span`), merging the three.
    fn event_sql(&self, f: &EventFilter, cols: &str) -> Result<(String, Vec<SqlValue>)> {
        let c = conds(f, self.fts);
        let mut args = Vec::new();
        if c.never {
            return Ok((
                format!(
                    "SELECT {cols} FROM events e CROSS JOIN documents d
                     ON d.rowid = e.doc WHERE 0"
                ),
                args,
            ));
        }
        let driver = if c.list.iter().any(|x| x.set.is_some()) {
            // Sorting n events costs about as much as walking the sort key over k/d events
            // for the k wanted at density d = n/N: small sets are sorted when n² < k·N
            // (scaled down, walking is the cheaper step).
            let rows = self.event_rows()? as f64;
            let cap = match f.limit {
                Some(l) => (l.saturating_add(f.offset) as f64 * rows).sqrt() / 2.0,
                None => rows / 20.0,
            };
            let cap = (cap as i64).clamp(256, PROBE_ALL);
            driver(&self.set_sizes(&c, cap, true)?, cap)
                .filter(|d| d.1)
                .map(|d| d.0)
        } else {
            None
        };
        let sql = if let Some(i) = driver {
            let (set, set_args) = c.list[i].set.as_ref().expect("a set");
            args.extend(set_args.iter().cloned());
            let (t, _) = tests(&c, Some(i), &mut args);
            format!(
                "SELECT {cols} FROM events e NOT INDEXED
                 CROSS JOIN documents d ON d.rowid = e.doc
                 WHERE e.rowid IN (SELECT r FROM ({set})) AND {t} ORDER BY e.ord"
            )
        } else if let Some(arms) = &c.arms {
            let mut parts = Vec::new();
            for (precision, lo) in arms {
                args.push(SqlValue::Blob(lo.clone()));
                let mut range = format!("e.date_precision = '{precision}' AND e.ord >= ?");
                if let Some(hi) = &c.ord_hi {
                    range.push_str(" AND e.ord < ?");
                    args.push(SqlValue::Blob(hi.clone()));
                }
                let (t, _) = tests(&c, None, &mut args);
                parts.push(format!(
                    "SELECT {cols}, e.ord AS o FROM events e INDEXED BY events_span
                     CROSS JOIN documents d ON d.rowid = e.doc WHERE {range} AND {t}"
                ));
            }
            format!("{} ORDER BY o", parts.join(" UNION ALL "))
        } else {
            let mut range = "";
            if let Some(hi) = &c.ord_hi {
                range = "e.ord < ? AND ";
                args.push(SqlValue::Blob(hi.clone()));
            }
            let (t, _) = tests(&c, None, &mut args);
            format!(
                "SELECT {cols} FROM events e INDEXED BY events_ord
                 CROSS JOIN documents d ON d.rowid = e.doc WHERE {range}{t} ORDER BY e.ord"
            )
        };
        Ok((sql, args))
    }

    /// `FROM … WHERE …` of a read of all matching events in no order: from the smallest set
    /// of matching events (its rowids in order: the events table is read forward, only
    /// where they are), else over all events. The document is joined as `d` when `doc` or a
    /// test needs it.
    fn unordered_from(
        &self,
        c: &Conds,
        sizes: Option<Vec<Option<i64>>>,
        doc: bool,
        args: &mut Vec<SqlValue>,
    ) -> Result<String> {
        let sizes = match sizes {
            Some(s) => s,
            None => self.all_set_sizes(c)?.0,
        };
        // Sizes only compare here: the smallest set drives, known or not.
        let driver = driver(&sizes, 0).map(|d| d.0);
        let mut targs = Vec::new();
        let (t, test_doc) = tests(c, driver, &mut targs);
        let join = if doc || test_doc {
            " CROSS JOIN documents d ON d.rowid = e.doc"
        } else {
            ""
        };
        Ok(match driver {
            Some(i) => {
                let (set, set_args) = c.list[i].set.as_ref().expect("a set");
                args.extend(set_args.iter().cloned());
                args.extend(targs);
                format!(
                    "FROM events e NOT INDEXED{join} WHERE e.rowid IN (SELECT r FROM ({set}))
                     AND {t}"
                )
            }
            None => {
                args.extend(targs);
                format!("FROM events e{join} WHERE {t}")
            }
        })
    }
}

impl SqliteStore {
    /// The actors and the recipients of an event.
    fn entities(&self, event: i64) -> Result<(Vec<StoredEntity>, Vec<StoredEntity>)> {
        let mut st = self.conn.prepare_cached(
            "SELECT x.role, x.code, x.country, x.sector,
                    coalesce(x.entity_text, substr(d.text, x.start + 1, x.\"end\" - x.start)),
                    x.identifier_id, x.start, x.\"end\"
             FROM event_entities x CROSS JOIN events e ON e.rowid = x.event
                  CROSS JOIN documents d ON d.rowid = e.doc
             WHERE x.event = ?1 ORDER BY x.role, x.seq",
        )?;
        let mut rows = st.query(params![event])?;
        let (mut actor, mut recipient) = (Vec::new(), Vec::new());
        while let Some(r) = rows.next()? {
            let role: String = r.get(0)?;
            let e = StoredEntity {
                code: r.get(1)?,
                country: r.get(2)?,
                sector: r.get(3)?,
                entity_text: r.get(4)?,
                identifier_id: r.get(5)?,
                start: r.get::<_, i64>(6)? as usize,
                end: r.get::<_, i64>(7)? as usize,
            };
            if role == "actor" {
                actor.push(e);
            } else {
                recipient.push(e);
            }
        }
        Ok((actor, recipient))
    }

    /// The events of `filter` in sort-key order (descending with `desc`); returns how many.
    fn walk_events(
        &self,
        filter: &EventFilter,
        desc: bool,
        f: &mut dyn FnMut(StoredEvent) -> Result<()>,
    ) -> Result<u64> {
        let (mut sql, mut args) = self.event_sql(filter, EVENT_COLUMNS)?;
        if desc && (sql.ends_with("ORDER BY e.ord") || sql.ends_with("ORDER BY o")) {
            sql.push_str(" DESC");
        }
        sql.push_str(limit_clause(filter, &mut args));
        let mut n = 0u64;
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            self.check_budget()?;
            let rowid: i64 = r.get(0)?;
            let doc_id: String = r.get(1)?;
            let seq: u32 = r.get(2)?;
            let (actor, recipient) = self.entities(rowid)?;
            let ev = StoredEvent {
                id: format!("{doc_id}-{seq}"),
                doc_id,
                seq,
                lang: r.get(3)?,
                doc_date: r.get(4)?,
                event_type: r.get(5)?,
                mode: r.get(6)?,
                context: list_col(r, 7)?,
                cameo: r.get(8)?,
                quad: r.get(9)?,
                scale: r.get(10)?,
                actor,
                recipient,
                reciprocal: r.get(11)?,
                aux: r.get(12)?,
                aux_cue: r.get(13)?,
                attribution: list_col(r, 14)?,
                date: r.get(15)?,
                date_precision: r.get(16)?,
                date_source: r.get(17)?,
                evidence_start: r.get::<_, i64>(18)? as usize,
                evidence_end: r.get::<_, i64>(19)? as usize,
                event_text: r.get(20)?,
                trigger: r.get(21)?,
                text: r.get(22)?,
                quantities: list_col(r, 23)?,
                pattern: r.get(24)?,
                source: r.get(25)?,
                outlet: r.get(26)?,
                url: r.get(27)?,
                title: r.get(28)?,
                location: location_col(r, 29)?,
            };
            f(ev)?;
            n += 1;
        }
        Ok(n)
    }

    fn annotations(
        &self,
        sql: &str,
        doc: i64,
        (limit, offset): (i64, i64),
        f: fn(&Row<'_>) -> rusqlite::Result<Value>,
    ) -> Result<Vec<Value>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(params![doc, limit, offset], f)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

impl Store for SqliteStore {
    fn put_batch(&mut self, docs: &[DocRecord]) -> Result<BatchReport> {
        let tx = self.conn.transaction()?;
        let mut rep = BatchReport::default();
        // Mentions per (code, name) of the new documents, added to `actor_counts`.
        let mut seen: HashMap<(&str, Option<&str>), i64> = HashMap::new();
        let mut labels = HashMap::new();
        for r in docs {
            if insert_doc(&tx, r, &mut rep, &mut labels, self.fts)? {
                rep.documents += 1;
                for m in &r.mentions {
                    if let Some(code) = m.code.as_deref() {
                        *seen.entry((code, m.name.as_deref())).or_default() += 1;
                    }
                }
            } else {
                rep.skipped += 1;
            }
        }
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO actor_counts (code, named, name, n) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (code, named, name) DO UPDATE SET n = n + excluded.n",
            )?;
            for ((code, name), n) in seen {
                st.execute(params![code, name.is_some(), name.unwrap_or(""), n])?;
            }
        }
        tx.commit()?;
        self.wrote = true;
        Ok(rep)
    }

    fn put_failures(&mut self, failures: &[Failure]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut n = 0;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO failures (source, line, error) VALUES (?1, ?2, ?3)
                 ON CONFLICT (source, line, error) DO NOTHING",
            )?;
            for f in failures {
                n += st.execute(params![f.source, f.line.unwrap_or(0) as i64, f.error])?;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    fn has_document(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .query_row(params![id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn for_each_event(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()> {
        if !filter.newest_first {
            return self.walk_events(filter, false, f).map(|_| ());
        }
        crate::newest_first(
            self,
            filter,
            &mut |flt, desc, each| self.walk_events(flt, desc, each),
            f,
        )
    }

    fn for_each_fact(
        &self,
        filter: &EventFilter,
        f: &mut dyn FnMut(&EventFact) -> Result<()>,
    ) -> Result<()> {
        let (mut sql, mut args) = self.event_sql(filter, FACT_COLUMNS)?;
        sql.push_str(limit_clause(filter, &mut args));
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(params_from_iter(args.iter()))?;
        let mut n = 0u32;
        while let Some(r) = rows.next()? {
            if n % 256 == 0 {
                self.check_budget()?;
            }
            n = n.wrapping_add(1);
            let mut fact = EventFact {
                doc_id: r.get(0)?,
                seq: r.get(1)?,
                lang: r.get(2)?,
                date: r.get(3)?,
                date_precision: r.get(4)?,
                event_type: r.get(5)?,
                quad: r.get(6)?,
                scale: r.get(7)?,
                aux: r.get(8)?,
                actor: Vec::new(),
                recipient: Vec::new(),
            };
            let codes = r.get_ref(9)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, e.into())
            })?;
            for part in codes.split(CODE_SEP).filter(|p| !p.is_empty()) {
                let (tag, code) = part.split_at(1);
                if tag == "a" {
                    fact.actor.push(code.to_string());
                } else {
                    fact.recipient.push(code.to_string());
                }
            }
            f(&fact)?;
        }
        Ok(())
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
        let c = conds(filter, self.fts);
        if c.never {
            return Ok(0);
        }
        let mut args = Vec::new();
        let sql = if c.list.is_empty() {
            "SELECT count(*) FROM events".to_string()
        } else if c.list.len() == 1 && c.list[0].set.is_some() {
            // One condition with its set: count the set (every event has its document).
            let (set, set_args) = c.list[0].set.as_ref().expect("a set");
            args.extend(set_args.iter().cloned());
            if c.list[0].distinct {
                format!("SELECT count(*) FROM ({set})")
            } else {
                format!("SELECT count(DISTINCT r) FROM ({set})")
            }
        } else {
            let (sizes, cap) = self.all_set_sizes(&c)?;
            let known: Option<Vec<i64>> = sizes.iter().map(|n| n.filter(|&n| n < cap)).collect();
            if known.is_some_and(|k| k.iter().sum::<i64>() <= 4 * k.iter().min().unwrap_or(&0)) {
                // Every condition has its set, of similar sizes and none large: count their
                // intersection on the indexes alone (from the smallest set, testing each
                // event, is cheaper when one set is much smaller than the others).
                let sets: Vec<String> = c
                    .list
                    .iter()
                    .map(|x| {
                        let (set, set_args) = x.set.as_ref().expect("a set");
                        args.extend(set_args.iter().cloned());
                        format!("SELECT r FROM ({set})")
                    })
                    .collect();
                format!("SELECT count(*) FROM ({})", sets.join(" INTERSECT "))
            } else {
                let from = self.unordered_from(&c, Some(sizes), false, &mut args)?;
                format!("SELECT count(*) {from}")
            }
        };
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        Ok(n as u64)
    }

    fn stories(&self, filter: &EventFilter) -> Result<Vec<Story>> {
        let c = conds(filter, self.fts);
        let mut args = Vec::new();
        let from = if c.never {
            "FROM events e CROSS JOIN documents d ON d.rowid = e.doc WHERE 0".to_string()
        } else {
            self.unordered_from(&c, None, true, &mut args)?
        };
        let mut sql = format!(
            "SELECT e.story, count(*) AS n, count(DISTINCT d.rowid), count(DISTINCT d.outlet),
                    json_group_array(DISTINCT d.id), json_group_array(DISTINCT d.outlet)
             {from} GROUP BY e.story ORDER BY n DESC, e.story"
        );
        sql.push_str(limit_clause(filter, &mut args));
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(args.iter()), |r| {
            let list = |i| json_col::<Vec<String>>(r, i);
            Ok(Story::from_parts(
                r.get(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
                r.get::<_, i64>(3)? as u64,
                list(4)?,
                list(5)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn document_page(&self, id: &str, page: DocPage) -> Result<Option<StoredDocument>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT rowid, id, source, date, date_precision, lang, title, url, text
                 FROM documents WHERE id = ?1",
            )?
            .query_row(params![id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    StoredDocument {
                        id: r.get(1)?,
                        source: r.get(2)?,
                        date: r.get(3)?,
                        date_precision: r.get(4)?,
                        lang: r.get(5)?,
                        title: r.get(6)?,
                        url: r.get(7)?,
                        text: r.get(8)?,
                        mentions: vec![],
                        events: vec![],
                        timexes: vec![],
                        quotes: vec![],
                        totals: AnnotationCounts::default(),
                    },
                ))
            })
            .optional()?;
        let Some((rowid, mut doc)) = row else {
            return Ok(None);
        };
        let count = |table: &str| -> Result<u64> {
            let n: i64 = self
                .conn
                .prepare_cached(&format!("SELECT count(*) FROM {table} WHERE doc = ?1"))?
                .query_row(params![rowid], |r| r.get(0))?;
            Ok(n as u64)
        };
        doc.totals = AnnotationCounts {
            mentions: count("mentions")?,
            events: count("events")?,
            timexes: count("timexes")?,
            quotes: count("quotes")?,
        };
        doc.mentions = self.annotations(
            "SELECT coalesce(m.text, substr(d.text, m.start + 1, m.\"end\" - m.start)), m.start,
                    m.\"end\", k.text, m.ner, m.code, m.sector, m.country, m.wikidata, n.text,
                    r.text, w.text, m.ambiguous_with
             FROM mentions m CROSS JOIN documents d ON d.rowid = m.doc
                  CROSS JOIN labels k ON k.id = m.kind CROSS JOIN labels w ON w.id = m.why
                  LEFT JOIN labels n ON n.id = m.name LEFT JOIN labels r ON r.id = m.role
             WHERE m.doc = ?1 ORDER BY m.seq LIMIT ?2 OFFSET ?3",
            rowid,
            page.sql(page.mentions),
            |r| {
                Ok(json!({
                    "text": r.get::<_, String>(0)?, "start": r.get::<_, i64>(1)?,
                    "end": r.get::<_, i64>(2)?, "kind": r.get::<_, String>(3)?,
                    "ner": r.get::<_, Option<String>>(4)?, "code": r.get::<_, Option<String>>(5)?,
                    "sector": r.get::<_, Option<String>>(6)?,
                    "country": r.get::<_, Option<String>>(7)?,
                    "wikidata": r.get::<_, Option<String>>(8)?,
                    "name": r.get::<_, Option<String>>(9)?,
                    "role": r.get::<_, Option<String>>(10)?, "why": r.get::<_, String>(11)?,
                    "ambiguous_with": list_col::<Value>(r, 12)?,
                }))
            },
        )?;
        doc.timexes = self.annotations(
            "SELECT coalesce(t.text, substr(d.text, t.start + 1, t.\"end\" - t.start)), t.start,
                    t.\"end\", t.type, t.value, t.date, t.relative
             FROM timexes t CROSS JOIN documents d ON d.rowid = t.doc
             WHERE t.doc = ?1 ORDER BY t.seq LIMIT ?2 OFFSET ?3",
            rowid,
            page.sql(page.timexes),
            |r| {
                Ok(json!({
                    "text": r.get::<_, String>(0)?, "start": r.get::<_, i64>(1)?,
                    "end": r.get::<_, i64>(2)?, "type": r.get::<_, String>(3)?,
                    "value": r.get::<_, String>(4)?, "date": r.get::<_, Option<String>>(5)?,
                    "relative": r.get::<_, bool>(6)?,
                }))
            },
        )?;
        doc.quotes = self.annotations(
            "SELECT coalesce(q.text, substr(d.text, q.start + 1, q.\"end\" - q.start)), q.start,
                    q.\"end\", q.speaker, q.speaker_code, q.speaker_start, q.speaker_end, q.via
             FROM quotes q CROSS JOIN documents d ON d.rowid = q.doc
             WHERE q.doc = ?1 ORDER BY q.seq LIMIT ?2 OFFSET ?3",
            rowid,
            page.sql(page.quotes),
            |r| {
                Ok(json!({
                    "text": r.get::<_, String>(0)?, "start": r.get::<_, i64>(1)?,
                    "end": r.get::<_, i64>(2)?, "speaker": r.get::<_, Option<String>>(3)?,
                    "speaker_code": r.get::<_, Option<String>>(4)?,
                    "speaker_start": r.get::<_, Option<i64>>(5)?,
                    "speaker_end": r.get::<_, Option<i64>>(6)?,
                    "via": json_col::<Value>(r, 7)?,
                }))
            },
        )?;
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
        let mut st = self.conn.prepare_cached(
            "SELECT code, CASE WHEN named THEN name END, n FROM actor_counts
             WHERE ?1 = '' OR substr(code, 1, length(?1)) = upper(?1)
                   OR instr(lower(name), lower(?1)) > 0
             ORDER BY n DESC, code, named, name LIMIT ?2",
        )?;
        let rows = st.query_map(params![q, limit as i64], |r| {
            Ok(ActorSeen {
                code: r.get(0)?,
                name: r.get(1)?,
                mentions: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn failures(&self) -> Result<Vec<Failure>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT source, line, error FROM failures ORDER BY rowid")?;
        let rows = st.query_map([], |r| {
            let line: i64 = r.get(1)?;
            Ok(Failure {
                source: r.get(0)?,
                line: (line > 0).then_some(line as u64),
                error: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn set_budget(&self, budget: Option<Budget>) -> Result<()> {
        match &budget {
            // Called every 1,000 virtual-machine instructions: a few µs of work.
            Some(b) => {
                let b = b.clone();
                self.conn.progress_handler(1000, Some(move || b.spent()))
            }
            None => self.conn.progress_handler(0, None::<fn() -> bool>),
        }
        *self.budget.borrow_mut() = budget;
        Ok(())
    }

    fn generation(&self) -> Result<u64> {
        // Rowids of new documents only grow (none is ever deleted): the largest one changes
        // with every batch that adds one. One step down the primary key.
        let n: i64 = self
            .conn
            .prepare_cached("SELECT coalesce(max(rowid), 0) FROM documents")?
            .query_row([], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn stats(&self) -> Result<Stats> {
        let count = |t: &str| -> Result<u64> {
            let n: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
            Ok(n as u64)
        };
        Ok(Stats {
            documents: count("documents")?,
            events: count("events")?,
            mentions: count("mentions")?,
            failures: count("failures")?,
        })
    }
}
