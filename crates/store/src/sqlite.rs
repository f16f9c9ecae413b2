//! The SQLite backend: one file, WAL journal, FTS5 over the text and its stems.

use crate::{
    fts_query, iso, ActorSeen, BatchReport, CharIndex, DocRecord, EventFilter, Failure, Result,
    Stats, Store, StoreError, StoredDocument, StoredEntity, StoredEvent, Story,
};
use rusqlite::types::ToSql;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde_json::{json, Value};
use std::path::Path;

/// Schema version written to `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 2;

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
CREATE VIRTUAL TABLE documents_fts USING fts5(
    text, stemmed, content='', tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE mentions (
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    ner TEXT,
    code TEXT,
    country TEXT,
    sector TEXT,
    wikidata TEXT,
    name TEXT,
    role TEXT,
    why TEXT NOT NULL,
    ambiguous_with TEXT NOT NULL,
    PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE INDEX mentions_code ON mentions(code);
CREATE TABLE events (
    rowid INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    mode TEXT,
    context TEXT NOT NULL,
    cameo TEXT NOT NULL,
    quad INTEGER,
    scale REAL,
    reciprocal INTEGER NOT NULL,
    aux TEXT,
    aux_cue TEXT,
    attribution TEXT NOT NULL,
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
    event_text TEXT NOT NULL,
    trigger_text TEXT NOT NULL,
    sentence_text TEXT NOT NULL,
    quantities TEXT NOT NULL,
    pattern TEXT NOT NULL,
    story TEXT NOT NULL,
    UNIQUE (doc, seq)
);
CREATE INDEX events_date ON events(date_first, date_last);
CREATE INDEX events_story ON events(story);
CREATE INDEX events_type ON events(event_type);
CREATE TABLE event_entities (
    event INTEGER NOT NULL REFERENCES events(rowid),
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    country TEXT NOT NULL,
    sector TEXT,
    entity_text TEXT NOT NULL,
    identifier_id TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (event, role, seq)
) WITHOUT ROWID;
CREATE INDEX event_entities_code ON event_entities(code, role);
CREATE INDEX event_entities_country ON event_entities(country);
CREATE TABLE timexes (
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    date TEXT,
    relative INTEGER NOT NULL,
    PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE TABLE quotes (
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    speaker_code TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    via TEXT NOT NULL,
    PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE TABLE failures (
    rowid INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    line INTEGER NOT NULL,
    error TEXT NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (source, line, error)
);
"#;

/// A store in one SQLite file (or in memory, for tests).
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path`, in WAL mode.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn)
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
                    tx.execute_batch(SCHEMA)?;
                    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
                } else if v != SCHEMA_VERSION {
                    return Err(StoreError::Schema {
                        found: v,
                        expected: SCHEMA_VERSION,
                    });
                }
                tx.commit()?;
            }
            SCHEMA_VERSION => {}
            found => {
                return Err(StoreError::Schema {
                    found,
                    expected: SCHEMA_VERSION,
                })
            }
        }
        Ok(SqliteStore { conn })
    }

    /// The underlying connection (for tools and tests).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn invalid(doc: &str, problem: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        doc: doc.to_string(),
        problem: problem.into(),
    }
}

fn to_label<T: serde::Serialize>(v: &T) -> Result<String> {
    Ok(match serde_json::to_value(v)? {
        Value::String(s) => s,
        other => other.to_string(),
    })
}

fn precision_label(p: vedetta_model::Precision) -> &'static str {
    match p {
        vedetta_model::Precision::Year => "year",
        vedetta_model::Precision::Month => "month",
        vedetta_model::Precision::Day => "day",
    }
}

/// Inserts one new document and its annotations; returns false when the id was stored.
fn insert_doc(tx: &Transaction<'_>, r: &DocRecord, rep: &mut BatchReport) -> Result<bool> {
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
            d.source,
            d.date.map(|x| x.to_string()),
            d.date.map(|x| precision_label(x.precision())),
            d.date.map(|x| iso(x.first_day())),
            d.date.map(|x| iso(x.last_day())),
            r.lang,
            d.title,
            d.url,
            d.text,
            crate::outlet(d),
        ])?;
    if added == 0 {
        return Ok(false);
    }
    let doc = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO documents_fts (rowid, text, stemmed) VALUES (?1, ?2, ?3)")?
        .execute(params![
            doc,
            d.text,
            r.stemmed_text.as_deref().unwrap_or("")
        ])?;
    let ci = CharIndex::new(&d.text);
    let span = |s| ci.span(s).map_err(|e| invalid(id, e));

    let mut st = tx.prepare_cached(
        "INSERT INTO mentions (doc, seq, start, \"end\", text, kind, ner, code, country, sector,
                               wikidata, name, role, why, ambiguous_with)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for (i, m) in r.mentions.iter().enumerate() {
        let (s, e) = span(m.span)?;
        st.execute(params![
            doc,
            i as i64 + 1,
            s as i64,
            e as i64,
            m.text,
            to_label(&m.kind)?,
            m.ner.map(|n| n.label()),
            m.code,
            m.country,
            m.sector,
            m.wikidata,
            m.name,
            m.role,
            m.why,
            serde_json::to_string(&m.ambiguous_with)?,
        ])?;
    }
    rep.mentions += r.mentions.len();

    let mut st = tx.prepare_cached(
        "INSERT INTO events (doc, seq, event_type, mode, context, cameo, quad, scale, reciprocal,
            aux, aux_cue, attribution, date, date_precision, date_first, date_last, date_source,
            evidence_start, evidence_end, trigger_start, trigger_end, sentence_start,
            sentence_end, event_text, trigger_text, sentence_text, quantities, pattern, story)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
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
        let quantities = e
            .quantities
            .iter()
            .map(|q| {
                let (s, en) = span(q.span)?;
                Ok(
                    json!({"text": q.text, "start": s, "end": en, "value": q.value,
                          "approx": q.approx, "at_least": q.at_least, "at_most": q.at_most,
                          "unit": q.unit}),
                )
            })
            .collect::<Result<Vec<_>>>()?;
        st.execute(params![
            doc,
            i as i64 + 1,
            e.event_type,
            e.mode,
            serde_json::to_string(&e.context)?,
            e.cameo,
            er.quad,
            er.scale,
            e.reciprocal,
            e.aux.map(|a| a.label()),
            e.aux_cue,
            serde_json::to_string(&e.attribution)?,
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
            ci.slice(e.evidence),
            ci.slice(e.trigger),
            ci.slice(e.sentence),
            serde_json::to_string(&quantities)?,
            e.pattern,
            crate::story_key(d.date, e),
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
                    a.entity_text,
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
            t.text,
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
            q.text,
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

/// The WHERE clause (fixed SQL fragments only) and its bound parameters for a filter.
fn where_clause(f: &EventFilter) -> (String, Vec<Box<dyn ToSql>>) {
    let mut conds: Vec<&'static str> = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(a) = &f.actor {
        conds.push(
            "EXISTS (SELECT 1 FROM event_entities x WHERE x.event = e.rowid
                     AND x.role = 'actor' AND substr(x.code, 1, length(?)) = ?)",
        );
        args.push(Box::new(a.clone()));
        args.push(Box::new(a.clone()));
    }
    if let Some(r) = &f.recipient {
        conds.push(
            "EXISTS (SELECT 1 FROM event_entities x WHERE x.event = e.rowid
                     AND x.role = 'recipient' AND substr(x.code, 1, length(?)) = ?)",
        );
        args.push(Box::new(r.clone()));
        args.push(Box::new(r.clone()));
    }
    if let Some(c) = &f.country {
        conds.push(
            "EXISTS (SELECT 1 FROM event_entities x WHERE x.event = e.rowid AND x.country = ?)",
        );
        args.push(Box::new(c.clone()));
    }
    if let Some(t) = &f.event_type {
        conds.push("e.event_type = ?");
        args.push(Box::new(t.clone()));
    }
    match f.aux.as_deref() {
        None => {}
        Some("asserted") => conds.push("e.aux IS NULL"),
        Some(a) => {
            conds.push("e.aux = ?");
            args.push(Box::new(a.to_string()));
        }
    }
    if let Some(d) = f.from {
        conds.push("e.date_last >= ?");
        args.push(Box::new(iso(d.first_day())));
    }
    if let Some(d) = f.to {
        conds.push("e.date_first <= ?");
        args.push(Box::new(iso(d.last_day())));
    }
    if let Some(l) = &f.lang {
        conds.push("d.lang = ?");
        args.push(Box::new(l.clone()));
    }
    if let Some(id) = &f.doc_id {
        conds.push("d.id = ?");
        args.push(Box::new(id.clone()));
    }
    if let Some(q) = f.q.as_deref() {
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
            conds.push("0");
        } else {
            conds.push("d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)");
            args.push(Box::new(alts.join(" OR ")));
        }
    }
    let sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    (sql, args)
}

const EVENT_COLUMNS: &str = "e.rowid, d.id, e.seq, d.lang, d.date, e.event_type, e.mode,
    e.context, e.cameo, e.quad, e.scale, e.reciprocal, e.aux, e.aux_cue, e.attribution, e.date,
    e.date_precision, e.date_source, e.evidence_start, e.evidence_end, e.event_text,
    e.trigger_text, e.sentence_text, e.quantities, e.pattern";

fn json_col<T: serde::de::DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl SqliteStore {
    fn entities(&self, event: i64, role: &str) -> Result<Vec<StoredEntity>> {
        let mut st = self.conn.prepare_cached(
            "SELECT code, country, sector, entity_text, identifier_id, start, \"end\"
             FROM event_entities WHERE event = ?1 AND role = ?2 ORDER BY seq",
        )?;
        let rows = st.query_map(params![event, role], |r| {
            Ok(StoredEntity {
                code: r.get(0)?,
                country: r.get(1)?,
                sector: r.get(2)?,
                entity_text: r.get(3)?,
                identifier_id: r.get(4)?,
                start: r.get::<_, i64>(5)? as usize,
                end: r.get::<_, i64>(6)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn annotations(
        &self,
        sql: &str,
        doc: i64,
        f: fn(&Row<'_>) -> rusqlite::Result<Value>,
    ) -> Result<Vec<Value>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(params![doc], f)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

impl Store for SqliteStore {
    fn put_batch(&mut self, docs: &[DocRecord]) -> Result<BatchReport> {
        let tx = self.conn.transaction()?;
        let mut rep = BatchReport::default();
        for r in docs {
            if insert_doc(&tx, r, &mut rep)? {
                rep.documents += 1;
            } else {
                rep.skipped += 1;
            }
        }
        tx.commit()?;
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
        let (wh, mut args) = where_clause(filter);
        let mut sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.rowid = e.doc {wh}
             ORDER BY e.date_first IS NULL, e.date_first, e.date_last, d.id, e.seq"
        );
        if filter.limit.is_some() || filter.offset > 0 {
            sql.push_str(" LIMIT ? OFFSET ?");
            args.push(Box::new(filter.limit.map(|l| l as i64).unwrap_or(-1)));
            args.push(Box::new(filter.offset as i64));
        }
        let mut st = self.conn.prepare(&sql)?;
        let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let mut rows = st.query(params.as_slice())?;
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            let doc_id: String = r.get(1)?;
            let seq: u32 = r.get(2)?;
            let ev = StoredEvent {
                id: format!("{doc_id}-{seq}"),
                doc_id,
                seq,
                lang: r.get(3)?,
                doc_date: r.get(4)?,
                event_type: r.get(5)?,
                mode: r.get(6)?,
                context: json_col(r, 7)?,
                cameo: r.get(8)?,
                quad: r.get(9)?,
                scale: r.get(10)?,
                actor: self.entities(rowid, "actor")?,
                recipient: self.entities(rowid, "recipient")?,
                reciprocal: r.get(11)?,
                aux: r.get(12)?,
                aux_cue: r.get(13)?,
                attribution: json_col(r, 14)?,
                date: r.get(15)?,
                date_precision: r.get(16)?,
                date_source: r.get(17)?,
                evidence_start: r.get::<_, i64>(18)? as usize,
                evidence_end: r.get::<_, i64>(19)? as usize,
                event_text: r.get(20)?,
                trigger: r.get(21)?,
                text: r.get(22)?,
                quantities: json_col(r, 23)?,
                pattern: r.get(24)?,
            };
            f(ev)?;
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
        let (wh, args) = where_clause(filter);
        let sql = format!("SELECT count(*) FROM events e JOIN documents d ON d.rowid = e.doc {wh}");
        let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let n: i64 = self
            .conn
            .prepare(&sql)?
            .query_row(params.as_slice(), |r| r.get(0))?;
        Ok(n as u64)
    }

    fn stories(&self, filter: &EventFilter) -> Result<Vec<Story>> {
        let (wh, mut args) = where_clause(filter);
        let mut sql = format!(
            "SELECT e.story, count(*) AS n, count(DISTINCT d.rowid), count(DISTINCT d.outlet),
                    json_group_array(DISTINCT d.id), json_group_array(DISTINCT d.outlet)
             FROM events e JOIN documents d ON d.rowid = e.doc {wh}
             GROUP BY e.story ORDER BY n DESC, e.story"
        );
        if filter.limit.is_some() || filter.offset > 0 {
            sql.push_str(" LIMIT ? OFFSET ?");
            args.push(Box::new(filter.limit.map(|l| l as i64).unwrap_or(-1)));
            args.push(Box::new(filter.offset as i64));
        }
        let mut st = self.conn.prepare(&sql)?;
        let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let rows = st.query_map(params.as_slice(), |r| {
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

    fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
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
                    },
                ))
            })
            .optional()?;
        let Some((rowid, mut doc)) = row else {
            return Ok(None);
        };
        doc.mentions = self.annotations(
            "SELECT text, start, \"end\", kind, ner, code, sector, country, wikidata, name, role,
                    why, ambiguous_with FROM mentions WHERE doc = ?1 ORDER BY seq",
            rowid,
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
                    "ambiguous_with": json_col::<Value>(r, 12)?,
                }))
            },
        )?;
        doc.timexes = self.annotations(
            "SELECT text, start, \"end\", type, value, date, relative
             FROM timexes WHERE doc = ?1 ORDER BY seq",
            rowid,
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
            "SELECT text, start, \"end\", speaker, speaker_code, speaker_start, speaker_end, via
             FROM quotes WHERE doc = ?1 ORDER BY seq",
            rowid,
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
        doc.events = self.events(&EventFilter {
            doc_id: Some(doc.id.clone()),
            ..EventFilter::default()
        })?;
        doc.events.sort_by_key(|e| e.seq);
        Ok(Some(doc))
    }

    fn actors(&self, q: &str, limit: u64) -> Result<Vec<ActorSeen>> {
        let q = q.trim();
        let mut st = self.conn.prepare_cached(
            "SELECT code, name, count(*) AS n FROM mentions
             WHERE code IS NOT NULL
               AND (?1 = '' OR substr(code, 1, length(?1)) = upper(?1)
                    OR instr(lower(coalesce(name, '')), lower(?1)) > 0)
             GROUP BY code, name ORDER BY n DESC, code, name LIMIT ?2",
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
