//! The store test suite, run on both backends: each case takes a [`Backend`] that makes
//! fresh, empty stores, and `store_tests!` makes one `#[test]` per backend and case
//! (`tests::sqlite::NAME` on an in-memory SQLite store, `tests::pg::NAME` on PostgreSQL).
//!
//! PostgreSQL tests connect to the server named by `VEDETTA_TEST_PG`
//! (`postgres://vedetta@127.0.0.1:5432/vedetta_test`); every store gets a schema of its own,
//! dropped at the end of the test. Without `VEDETTA_TEST_PG` they print a notice and pass,
//! unless `CI` is set: then they fail (CI must test PostgreSQL; `.ci/postgres.sh` starts a
//! server).

use super::*;
use serde_json::json;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use vedetta_model::{Aux, EventEntity, MentionKind, Quantity, Quote, Span, Timex, TimexType};

/// Makes fresh, empty stores of one backend.
trait Backend {
    /// A new empty store.
    fn fresh(&mut self) -> Box<dyn Store>;
}

/// In-memory SQLite stores.
struct Sqlite;

impl Backend for Sqlite {
    fn fresh(&mut self) -> Box<dyn Store> {
        Box::new(SqliteStore::in_memory().unwrap())
    }
}

/// PostgreSQL stores, each in a schema of its own, all dropped with this value.
struct Pg {
    url: String,
    schemas: Vec<String>,
}

/// True when `CI` is set (and not `false` or `0`).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

impl Pg {
    /// The test server named by `VEDETTA_TEST_PG`. The tests that call this are ignored
    /// (with the reason) when it was not set at build time; run with `--include-ignored`
    /// without a server, they fail here saying so.
    fn new() -> Option<Pg> {
        match std::env::var("VEDETTA_TEST_PG") {
            Ok(url) if !url.trim().is_empty() => Some(Pg {
                url,
                schemas: Vec::new(),
            }),
            _ => panic!(
                "VEDETTA_TEST_PG is not set: the PostgreSQL store tests need a server \
                 (.ci/postgres.sh starts one and exports VEDETTA_TEST_PG){}",
                if in_ci() { "; CI must run them" } else { "" }
            ),
        }
    }

    /// A new schema name, unique across processes and runs.
    fn schema_name(&mut self) -> String {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() % 1_000_000_000_000)
            .unwrap_or(0);
        let name = format!(
            "vedetta_t_{}_{}_{nanos:x}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        self.schemas.push(name.clone());
        name
    }

    fn open(&mut self) -> PgStore {
        let schema = self.schema_name();
        PgStore::open_in_schema(&self.url, &schema).unwrap()
    }
}

impl Backend for Pg {
    fn fresh(&mut self) -> Box<dyn Store> {
        Box::new(self.open())
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        for s in &self.schemas {
            if let Err(e) = PgStore::drop_schema(&self.url, s) {
                eprintln!("dropping test schema {s}: {e}");
            }
        }
    }
}

/// One `#[test]` per backend for each case `fn NAME(b: &mut dyn Backend)`.
macro_rules! store_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::$name(&mut super::Sqlite);
                }
            )*
        }
        mod pg {
            $(
                #[test]
                #[cfg_attr(
                    not(vedetta_pg),
                    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL store tests)"
                )]
                fn $name() {
                    if let Some(mut b) = super::Pg::new() {
                        super::$name(&mut b);
                    }
                }
            )*
        }
    };
}

store_tests!(
    inserts_and_reads_back,
    offsets_are_characters,
    reinserting_adds_nothing,
    filters,
    full_text,
    failed_batch_leaves_nothing,
    failures_recorded_once,
    actors_seen,
    story_events_group_outlets,
    annotations_round_trip,
    order_is_bytewise,
    empty_batches,
    facts_match_events,
    generation_changes_with_new_documents,
    newest_first_pages,
    location_filters,
);

/// Issue 12: newest first is the dated events latest first, then the undated ones, and
/// pages of it (limit, offset) join up to the whole list, on both backends.
fn newest_first_pages(b: &mut dyn Backend) {
    let mut s = store(b);
    // Two undated events and one more dated.
    let t = "La Russia ha attaccato l'Ucraina. La Cina ha aiutato la Russia.";
    let mut u = record("u1", "it", "2024-07-01", t, vec![]);
    u.doc.date = None;
    let mut e1 = event(
        t,
        "ASSAULT",
        ("RUS", "Russia"),
        ("UKR", "Ucraina"),
        "attaccato",
        "2024-07",
        None,
    );
    let mut e2 = event(
        t,
        "AID",
        ("CHN", "Cina"),
        ("RUS", "Russia"),
        "aiutato",
        "2024-07",
        None,
    );
    e1.event.date = None;
    e2.event.date = None;
    u.events = vec![e1, e2];
    let late = record(
        "z9",
        "en",
        "2025-01-01",
        "The United States sent aid to Ukraine.",
        vec![event(
            "The United States sent aid to Ukraine.",
            "AID",
            ("USA", "United States"),
            ("UKR", "Ukraine"),
            "sent aid",
            "2025-01-01",
            None,
        )],
    );
    s.put_batch(&[u, late]).unwrap();
    let asc = ids(&*s, EventFilter::default());
    assert_eq!(asc.len(), 6);
    let (dated, undated): (Vec<String>, Vec<String>) =
        asc.iter().cloned().partition(|id| !id.starts_with("u1-"));
    let mut want: Vec<String> = dated.iter().rev().cloned().collect();
    want.extend(undated);
    let all = ids(
        &*s,
        EventFilter {
            newest_first: true,
            ..EventFilter::default()
        },
    );
    assert_eq!(all, want);
    assert_eq!(all[0], "z9-1");
    for size in 1..=4u64 {
        let mut paged = Vec::new();
        for page in 0..4 {
            paged.extend(ids(
                &*s,
                EventFilter {
                    newest_first: true,
                    limit: Some(size),
                    offset: page * size,
                    ..EventFilter::default()
                },
            ));
        }
        assert_eq!(
            paged[..want.len().min(paged.len())],
            want[..want.len().min(paged.len())],
            "size {size}"
        );
        assert_eq!(
            paged.len(),
            want.len().min((4 * size) as usize),
            "size {size}"
        );
    }
    // With a date bound there are no undated events, and the order is still reversed.
    let bounded = ids(
        &*s,
        EventFilter {
            newest_first: true,
            from: PartialDate::parse("2024-06").ok(),
            ..EventFilter::default()
        },
    );
    assert_eq!(bounded.first().map(String::as_str), Some("z9-1"));
    assert!(bounded.iter().all(|id| !id.starts_with("u1-")));
}

fn span_of(text: &str, needle: &str) -> Span {
    let s = text.find(needle).expect(needle);
    Span::new(s, s + needle.len())
}

fn entity(text: &str, code: &str, word: &str) -> EventEntity {
    let (_, sector) = vedetta_model::split_code(code);
    EventEntity {
        code: code.into(),
        sector,
        entity_text: word.into(),
        identifier_id: None,
        span: span_of(text, word),
    }
}

fn mention(text: &str, code: &str, word: &str, name: &str) -> Mention {
    let (country, sector) = vedetta_model::split_code(code);
    Mention {
        span: span_of(text, word),
        first_token: 0,
        end_token: 1,
        text: word.into(),
        kind: MentionKind::Country,
        ner: None,
        code: Some(code.into()),
        country: Some(country),
        sector,
        wikidata: None,
        name: Some(name.into()),
        role: None,
        why: "test".into(),
        ambiguous_with: vec![],
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    text: &str,
    ty: &str,
    actor: (&str, &str),
    recipient: (&str, &str),
    trigger: &str,
    date: &str,
    aux: Option<Aux>,
) -> EventRecord {
    EventRecord {
        event: Event {
            event_type: vedetta_model::PloverType::parse(ty).expect("a PLOVER type"),
            mode: None,
            context: vec![],
            cameo: "070".into(),
            actor: vec![entity(text, actor.0, actor.1)],
            recipient: vec![entity(text, recipient.0, recipient.1)],
            reciprocal: false,
            aux,
            aux_cue: None,
            attribution: vec!["AFP".into()],
            evidence: Span::new(0, text.len()),
            trigger: span_of(text, trigger),
            sentence: Span::new(0, text.len()),
            date: Some(PartialDate::parse(date).unwrap()),
            date_source: "document",
            quantities: vec![],
            pattern: "test".into(),
            location: None,
            place_phrases: Vec::new(),
            clause: vedetta_model::Span::new(0, 0),
        },
        quad: Some(2),
        scale: Some(7.0),
    }
}

fn record(id: &str, lang: &str, date: &str, text: &str, events: Vec<EventRecord>) -> DocRecord {
    DocRecord {
        doc: Document {
            id: id.into(),
            source: format!("{id}.txt"),
            date: Some(PartialDate::parse(date).unwrap()),
            lang: None,
            title: None,
            url: None,
            text: text.into(),
        },
        lang: lang.into(),
        mentions: vec![],
        events,
        timexes: vec![],
        quotes: vec![],
        stemmed_text: None,
    }
}

/// Three documents: Russia aids North Korea (it, May), Italy criticises Russia (it, June,
/// hypothetical), the US aid Ukraine (en, June).
fn corpus() -> Vec<DocRecord> {
    let t1 = "La Russia ha inviato aiuti alla Corea del Nord, città di Pyongyang.";
    let mut r1 = record(
        "d1",
        "it",
        "2024-05-17",
        t1,
        vec![event(
            t1,
            "AID",
            ("RUSGOV", "Russia"),
            ("PRK", "Corea del Nord"),
            "inviato aiuti",
            "2024-05-17",
            None,
        )],
    );
    r1.mentions = vec![
        mention(t1, "RUSGOV", "Russia", "Russia"),
        mention(t1, "PRK", "Corea del Nord", "North Korea"),
    ];
    r1.stemmed_text = Some("la russ ha inv aiut alla core del nord citt di pyongyang".into());
    let t2 = "L'Italia potrebbe criticare la Russia.";
    let r2 = record(
        "d2",
        "it",
        "2024-06",
        t2,
        vec![event(
            t2,
            "ACCUSE",
            ("ITA", "Italia"),
            ("RUS", "Russia"),
            "criticare",
            "2024-06",
            Some(Aux::Hypothetical),
        )],
    );
    let t3 = "The United States sent aid to Ukraine.";
    let r3 = record(
        "d3",
        "en",
        "2024-06-02",
        t3,
        vec![event(
            t3,
            "AID",
            ("USA", "United States"),
            ("UKR", "Ukraine"),
            "sent aid",
            "2024-06-02",
            None,
        )],
    );
    vec![r1, r2, r3]
}

/// A fresh store holding [`corpus`].
fn store(b: &mut dyn Backend) -> Box<dyn Store> {
    let mut s = b.fresh();
    let rep = s.put_batch(&corpus()).unwrap();
    assert_eq!((rep.documents, rep.skipped, rep.events), (3, 0, 3));
    s
}

fn ids(s: &dyn Store, f: EventFilter) -> Vec<String> {
    s.events(&f).unwrap().into_iter().map(|e| e.id).collect()
}

fn inserts_and_reads_back(b: &mut dyn Backend) {
    let s = store(b);
    let st = s.stats().unwrap();
    assert_eq!((st.documents, st.events, st.mentions), (3, 3, 2));
    let d = s.document("d1").unwrap().unwrap();
    assert_eq!(d.lang, "it");
    assert_eq!(d.events.len(), 1);
    let e = &d.events[0];
    assert_eq!(e.id, "d1-1");
    assert_eq!(e.actor[0].code, "RUSGOV");
    assert_eq!(e.actor[0].country, "RUS");
    assert_eq!(e.recipient[0].code, "PRK");
    assert_eq!(e.trigger, "inviato aiuti");
    assert_eq!(e.attribution, vec!["AFP"]);
    assert_eq!(e.date.as_deref(), Some("2024-05-17"));
    assert_eq!(d.mentions.len(), 2);
    assert_eq!(d.mentions[1]["name"], "North Korea");
    assert!(s.document("nope").unwrap().is_none());
    assert!(s.has_document("d2").unwrap());
}

fn offsets_are_characters(b: &mut dyn Backend) {
    let mut s = b.fresh();
    let t = "Già la Russia aiuta la Corea del Nord.";
    let r = record(
        "u",
        "it",
        "2024-05",
        t,
        vec![event(
            t,
            "AID",
            ("RUS", "Russia"),
            ("PRK", "Corea del Nord"),
            "aiuta",
            "2024-05",
            None,
        )],
    );
    s.put_batch(&[r]).unwrap();
    let e = &s.events(&EventFilter::default()).unwrap()[0];
    // "Già la " is 7 characters, 8 bytes.
    assert_eq!(e.actor[0].start, 7);
    assert_eq!(e.evidence_end, t.chars().count());
}

fn reinserting_adds_nothing(b: &mut dyn Backend) {
    let mut s = store(b);
    let rep = s.put_batch(&corpus()).unwrap();
    assert_eq!((rep.documents, rep.skipped, rep.events), (0, 3, 0));
    assert_eq!(s.stats().unwrap().events, 3);
    // Twice in one batch: stored once.
    let mut s2 = b.fresh();
    let one = corpus().remove(0);
    let rep = s2.put_batch(&[one.clone(), one]).unwrap();
    assert_eq!((rep.documents, rep.skipped), (1, 1));
}

fn filters(b: &mut dyn Backend) {
    let s = store(b);
    let s = &*s;
    let all = ids(s, EventFilter::default());
    // Ordered by date: d1 (May 17), d2 (June, first day June 1), d3 (June 2).
    assert_eq!(all, ["d1-1", "d2-1", "d3-1"]);
    let f = |g: fn(&mut EventFilter)| {
        let mut x = EventFilter::default();
        g(&mut x);
        ids(s, x)
    };
    assert_eq!(f(|x| x.actor = Some("RUS".into())), ["d1-1"]); // prefix of RUSGOV
    assert_eq!(f(|x| x.actor = Some("RUSGOV".into())), ["d1-1"]);
    assert_eq!(f(|x| x.recipient = Some("RUS".into())), ["d2-1"]);
    assert_eq!(f(|x| x.country = Some("RUS".into())), ["d1-1", "d2-1"]);
    assert_eq!(
        f(|x| {
            x.actor = Some("ITA".into());
            x.recipient = Some("RUS".into())
        }),
        ["d2-1"]
    );
    assert!(f(|x| {
        x.actor = Some("RUS".into());
        x.recipient = Some("ITA".into())
    })
    .is_empty());
    assert_eq!(f(|x| x.event_type = Some("AID".into())), ["d1-1", "d3-1"]);
    assert_eq!(f(|x| x.aux = Some("asserted".into())), ["d1-1", "d3-1"]);
    assert_eq!(f(|x| x.aux = Some("hypothetical".into())), ["d2-1"]);
    assert_eq!(f(|x| x.lang = Some("en".into())), ["d3-1"]);
    assert_eq!(
        f(|x| x.from = Some(PartialDate::parse("2024-06").unwrap())),
        ["d2-1", "d3-1"]
    );
    // A month-dated event overlaps a day range inside the month.
    assert_eq!(
        f(|x| {
            x.from = Some(PartialDate::parse("2024-06-10").unwrap());
            x.to = Some(PartialDate::parse("2024-06-20").unwrap())
        }),
        ["d2-1"]
    );
    assert_eq!(
        f(|x| x.to = Some(PartialDate::parse("2024-05").unwrap())),
        ["d1-1"]
    );
    assert_eq!(
        f(|x| {
            x.limit = Some(1);
            x.offset = 1
        }),
        ["d2-1"]
    );
    assert_eq!(f(|x| x.offset = 2), ["d3-1"]);
    let c = EventFilter {
        event_type: Some("AID".into()),
        limit: Some(1),
        ..Default::default()
    };
    assert_eq!(s.count_events(&c).unwrap(), 2);
}

fn full_text(b: &mut dyn Backend) {
    let s = store(b);
    let s = &*s;
    let q = |q: &str, stems: &[&str]| {
        ids(
            s,
            EventFilter {
                q: Some(q.into()),
                q_stemmed: stems.iter().map(|x| x.to_string()).collect(),
                ..EventFilter::default()
            },
        )
    };
    assert_eq!(q("Pyongyang", &[]), ["d1-1"]);
    assert_eq!(q("russia", &[]), ["d1-1", "d2-1"]);
    assert_eq!(q("citta", &[]), ["d1-1"]); // diacritics removed
    assert_eq!(q("Russia Ukraine", &[]), Vec::<String>::new()); // every word must occur
    assert_eq!(q("aid", &[]), ["d3-1"]);
    // Stemmed column: "aiutare" does not occur, its stem does.
    assert_eq!(q("aiutare", &["aiut"]), ["d1-1"]);
    // Query syntax is not interpreted: quotes, operators, column filters are plain words.
    assert!(q("\"NEAR(", &[]).is_empty());
    assert!(q("text: OR *", &[]).is_empty());
    assert!(q("", &[]).is_empty());
    // Case, elisions and diacritics in the query; tsquery and FTS5 operators as words.
    assert_eq!(q("CITTÀ", &[]), ["d1-1"]);
    assert_eq!(q("italia", &[]), ["d2-1"]); // "L'Italia"
    assert!(q("russia & !pyongyang | ukraine:*", &[]).is_empty());
    assert_eq!(q("'russia'", &[]), ["d1-1", "d2-1"]);
    assert!(q("' \\ ''", &[]).is_empty());
    // Words with combining marks and symbol letters: one index token each, never an error.
    assert!(q("हिन्दी ⓐⓑ e\u{301}x ＄", &[]).is_empty());
    // Words of the query occur only in stems: the stemmed alternative matches alone.
    assert_eq!(q("zzz", &["pyongyang"]), ["d1-1"]);
    assert_eq!(q("zzz", &["pyongyang russ"]), ["d1-1"]);
    assert!(q("zzz", &["aiut ukraine"]).is_empty());
    // Filters combine with the full text; counting agrees.
    let f = EventFilter {
        q: Some("russia".into()),
        lang: Some("it".into()),
        aux: Some("asserted".into()),
        ..EventFilter::default()
    };
    assert_eq!(ids(s, f.clone()), ["d1-1"]);
    assert_eq!(s.count_events(&f).unwrap(), 1);
}

fn failed_batch_leaves_nothing(b: &mut dyn Backend) {
    let mut s = b.fresh();
    let mut docs = corpus();
    // The last record has a span past its text: the error comes after rows were written.
    docs[2].events[0].event.trigger = Span::new(0, 10_000);
    let err = s.put_batch(&docs).unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err}");
    let st = s.stats().unwrap();
    assert_eq!((st.documents, st.events, st.mentions), (0, 0, 0));
    assert!(s
        .events(&EventFilter {
            q: Some("Russia".into()),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    // The same batch, fixed, goes in whole.
    assert_eq!(s.put_batch(&corpus()).unwrap().documents, 3);
}

fn failures_recorded_once(b: &mut dyn Backend) {
    let mut s = b.fresh();
    let f = Failure {
        source: "a.jsonl".into(),
        line: Some(2),
        error: "broken JSON".into(),
    };
    let g = Failure {
        source: "b.txt".into(),
        line: None,
        error: "empty".into(),
    };
    assert_eq!(s.put_failures(&[f.clone(), g.clone()]).unwrap(), 2);
    assert_eq!(s.put_failures(&[f.clone(), g.clone()]).unwrap(), 0);
    assert_eq!(s.failures().unwrap(), vec![f.clone(), g.clone()]);
    // Oldest first; a long error and the same error twice in one call are recorded once.
    let long = Failure {
        source: "c.jsonl".into(),
        line: Some(1),
        error: "x".repeat(20_000),
    };
    assert_eq!(
        s.put_failures(&[long.clone(), long.clone(), f.clone()])
            .unwrap(),
        1
    );
    assert_eq!(s.failures().unwrap(), vec![f, g, long]);
    assert_eq!(s.stats().unwrap().failures, 3);
}

fn actors_seen(b: &mut dyn Backend) {
    let s = store(b);
    let a = s.actors("rus", 10).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].code, "RUSGOV");
    let a = s.actors("korea", 10).unwrap();
    assert_eq!(a[0].code, "PRK");
    assert_eq!(s.actors("", 10).unwrap().len(), 2);
    assert!(s.actors("%", 10).unwrap().is_empty());
    assert!(s.actors("_", 10).unwrap().is_empty());
    assert_eq!(s.actors("  PRK ", 10).unwrap()[0].code, "PRK");
    assert_eq!(s.actors("", 1).unwrap().len(), 1);
}

#[test]
fn file_store_reopens_with_wal() {
    let p = std::env::temp_dir().join(format!("vedetta-store-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&p);
    {
        let mut s = SqliteStore::open(&p).unwrap();
        s.put_batch(&corpus()).unwrap();
        let mode: String = s
            .connection()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    let s = SqliteStore::open(&p).unwrap();
    assert_eq!(s.stats().unwrap().documents, 3);
    drop(s);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
}

/// A fresh folder for one test's files.
fn test_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("vedetta-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Issue 12: readers never create a store or touch a file that is not one; writers refuse
/// another application's database.
#[test]
fn readers_open_only_existing_vedetta_stores() {
    let d = test_dir("existing");
    let err = |p: &std::path::Path| match SqliteStore::open_existing(p) {
        Ok(_) => panic!("{} opened", p.display()),
        Err(e) => e.to_string(),
    };
    let missing = d.join("missing.db");
    assert!(err(&missing).contains("no such database"));
    assert!(!missing.exists(), "a reader created {}", missing.display());
    let empty = d.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(err(&empty).contains("empty"));
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    let text = d.join("notes.txt");
    std::fs::write(&text, b"not a database at all").unwrap();
    assert!(err(&text).contains("not a SQLite database"));
    let foreign = d.join("foreign.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")
            .unwrap();
    }
    let before = std::fs::read(&foreign).unwrap();
    assert!(err(&foreign).contains("another application"));
    // Not even the writer alters it.
    match SqliteStore::open(&foreign) {
        Ok(_) => panic!("the writer opened another application's database"),
        Err(e) => assert!(e.to_string().contains("another application"), "{e}"),
    }
    assert!(
        std::fs::read(&foreign).unwrap() == before,
        "the foreign database changed"
    );
    // An empty SQLite database (no tables) is not a store for readers either.
    let bare = d.join("bare.db");
    rusqlite::Connection::open(&bare)
        .unwrap()
        .execute_batch("PRAGMA user_version = 0; VACUUM;")
        .unwrap();
    assert!(err(&bare).contains("without vedetta's tables"));
    // A real store opens, read-only.
    let p = d.join("v.db");
    SqliteStore::open(&p).unwrap().put_batch(&corpus()).unwrap();
    let r = SqliteStore::open_existing(&p).unwrap();
    assert_eq!(r.stats().unwrap().documents, 3);
    assert!(r.connection().execute_batch("CREATE TABLE x (y)").is_err());
    let _ = std::fs::remove_dir_all(&d);
}

/// Issue 12: a WAL database on read-only media (no `-shm` can be made) is read `immutable`;
/// after writing, the log is checkpointed and truncated, so it does not stay large.
#[test]
fn wal_is_truncated_after_writing_and_read_only_copies_open() {
    let d = test_dir("wal");
    let p = d.join("v.db");
    {
        let mut w = SqliteStore::open(&p).unwrap();
        // A reader holding a snapshot while the writer adds batches makes the log grow.
        let r = SqliteStore::open_existing(&p).unwrap();
        let tx = r.connection().unchecked_transaction().unwrap();
        let _: i64 = tx
            .query_row("SELECT count(*) FROM documents", [], |x| x.get(0))
            .unwrap();
        for i in 0..20 {
            let mut batch = corpus();
            for (j, rec) in batch.iter_mut().enumerate() {
                rec.doc.id = format!("{i}-{j}");
            }
            w.put_batch(&batch).unwrap();
        }
        drop(tx);
        drop(r);
    }
    let wal = d.join("v.db-wal");
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_len, 0, "the log was left at {wal_len} bytes");
    // The immutable open (what read-only media get) reads the store.
    let r = SqliteStore::open_immutable(&p).unwrap();
    assert_eq!(r.stats().unwrap().documents, 60);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn content_ids_are_stable() {
    assert_eq!(content_id("abc"), "ba7816bf8f01cfea414140de5dae2223");
    assert_ne!(content_id("abc"), content_id("abd"));
}

fn story_events_group_outlets(b: &mut dyn Backend) {
    let mut s = store(b);
    // The corpus's AID event of d1, reported again by two more documents of two outlets
    // (one of them twice), and a different type on the same day that stays its own story.
    let t = "La Russia ha inviato aiuti alla Corea del Nord.";
    let aid = || {
        event(
            t,
            "AID",
            ("RUSGOV", "Russia"),
            ("PRK", "Corea del Nord"),
            "inviato aiuti",
            "2024-05-17",
            None,
        )
    };
    let mut more = Vec::new();
    for (id, url) in [
        ("r1", "https://www.ansa.it/a/1"),
        ("r2", "https://ansa.it/b/2?x=1"),
        ("r3", "http://reuters.com:80/c"),
    ] {
        let mut r = record(id, "it", "2024-05-17", &format!("{t} {id}"), vec![aid()]);
        r.doc.url = Some(url.into());
        more.push(r);
    }
    let mut other = record("r4", "it", "2024-05-17", t, vec![aid()]);
    other.events[0].event.event_type = vedetta_model::PloverType::Consult;
    more.push(other);
    s.put_batch(&more).unwrap();

    let stories = s.stories(&EventFilter::default()).unwrap();
    let top = &stories[0];
    assert_eq!(top.key, "2024-05-17|RUSGOV|PRK|AID");
    assert_eq!((top.mentions, top.documents, top.sources), (4, 4, 3));
    assert_eq!(top.doc_ids, ["d1", "r1", "r2", "r3"]);
    assert_eq!(top.outlets, ["ansa.it", "d1.txt", "reuters.com"]);
    assert_eq!(
        (top.actor.as_slice(), top.recipient.as_slice()),
        (&["RUSGOV".to_string()][..], &["PRK".to_string()][..])
    );
    // Every mention is kept as its own event.
    assert_eq!(s.count_events(&EventFilter::default()).unwrap(), 7);
    // One story per distinct key: the AID story, CONSULT, and the corpus's two others.
    assert_eq!(stories.len(), 4);
    assert!(stories[1..].iter().all(|x| x.mentions == 1));
    // Filters apply before grouping; limit applies to stories.
    let consult = s
        .stories(&EventFilter {
            event_type: Some("CONSULT".into()),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(consult.len(), 1);
    assert_eq!(consult[0].key, "2024-05-17|RUSGOV|PRK|CONSULT");
    let one = s
        .stories(&EventFilter {
            limit: Some(1),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(one.len(), 1);
}

#[test]
fn story_keys_and_outlets() {
    let t = "x";
    let mut e = event(t, "AID", ("USA", "x"), ("UKR", "x"), "x", "2024-06", None).event;
    e.actor.push(e.actor[0].clone());
    e.actor[1].code = "GBR".into();
    assert_eq!(story_key(None, &e), "2024-06|GBR+USA|UKR|AID");
    e.date = None;
    assert_eq!(
        story_key(PartialDate::parse("2024-06-03").ok(), &e),
        "2024-06-03|GBR+USA|UKR|AID"
    );
    assert_eq!(story_key(None, &e), "undated|GBR+USA|UKR|AID");
    let mut d = record("a", "en", "2024-06", "x", vec![]).doc;
    d.source = "feeds/news.jsonl:17".into();
    assert_eq!(outlet(&d), "feeds/news.jsonl");
    d.url = Some("HTTPS://user@WWW.Example.org:8443/path".into());
    assert_eq!(outlet(&d), "example.org");
}

/// A document with every kind of annotation and every optional field set: Unicode text
/// (offsets in characters differ from bytes), mentions, time expressions, quotes, an event
/// with mode, context, quantities, aux cue, two actors, and a second, undated event.
fn rich_record() -> DocRecord {
    let t = "«Mosca e Pyongyang» — così l'AFP: il 17 maggio 2024 la Russia e la Cina \
             avrebbero inviato 300 tonnellate di grano alla Corea del Nord, ha detto Lavrov.";
    let mut r = record("rich", "it", "2024-05-18", t, vec![]);
    r.doc.title = Some("Aiuti «russi»".into());
    r.doc.url = Some("https://www.Example.org/a?b=1".into());
    r.stemmed_text = Some("mosc e pyongyang così l afp il 17 magg 2024 la russ".into());
    let mut m = mention(t, "RUSGOV", "Russia", "Russia");
    m.ner = Some(vedetta_model::NerClass::Org);
    m.wikidata = Some("Q159".into());
    m.role = Some("government".into());
    m.ambiguous_with = vec!["RUS".into(), "RUSMIL".into()];
    let mut m2 = mention(t, "CHN", "Cina", "China");
    m2.kind = MentionKind::Capital;
    m2.name = None;
    r.mentions = vec![m, m2, mention(t, "PRK", "Corea del Nord", "North Korea")];
    r.timexes = vec![Timex {
        span: span_of(t, "17 maggio 2024"),
        text: "17 maggio 2024".into(),
        kind: TimexType::Date,
        value: "2024-05-17".into(),
        date: PartialDate::parse("2024-05-17").ok(),
        relative: false,
    }];
    r.quotes = vec![
        Quote {
            span: span_of(t, "«Mosca e Pyongyang»"),
            text: "Mosca e Pyongyang".into(),
            speaker: Some("AFP".into()),
            speaker_code: None,
            speaker_span: Some(span_of(t, "AFP")),
            via: vec!["AFP".into(), "Lavrov".into()],
        },
        Quote {
            span: span_of(t, "Lavrov"),
            text: "x".into(),
            speaker: None,
            speaker_code: Some("RUSGOV".into()),
            speaker_span: None,
            via: vec![],
        },
    ];
    let mut e = event(
        t,
        "AID",
        ("RUSGOV", "Russia"),
        ("PRK", "Corea del Nord"),
        "inviato",
        "2024-05-17",
        Some(Aux::Hypothetical),
    );
    e.event.actor.push(entity(t, "CHN", "Cina"));
    e.event.actor[0].identifier_id = Some("Q159".into());
    e.event.mode = Some("goods".into());
    e.event.context = vec!["food".into(), "economic".into()];
    e.event.aux_cue = Some("avrebbero".into());
    e.event.reciprocal = true;
    e.event.attribution = vec!["Lavrov".into(), "AFP".into()];
    e.event.evidence = span_of(t, "la Russia e la Cina avrebbero inviato");
    e.event.sentence = Span::new(0, t.len());
    e.event.quantities = vec![Quantity {
        span: span_of(t, "300 tonnellate"),
        text: "300 tonnellate".into(),
        value: 300.0,
        approx: false,
        at_least: true,
        at_most: false,
        unit: Some("tonnellate".into()),
    }];
    e.event.date_source = "timex";
    e.scale = Some(-2.5);
    let mut undated = event(
        t,
        "CONSULT",
        ("CHN", "Cina"),
        ("PRK", "Corea"),
        "detto",
        "2024",
        None,
    );
    undated.event.date = None;
    undated.quad = None;
    undated.scale = None;
    r.events = vec![e, undated];
    r
}

fn annotations_round_trip(b: &mut dyn Backend) {
    let mut s = b.fresh();
    let r = rich_record();
    let t = r.doc.text.clone();
    let rep = s.put_batch(&[r]).unwrap();
    assert_eq!(
        (
            rep.documents,
            rep.events,
            rep.mentions,
            rep.timexes,
            rep.quotes
        ),
        (1, 2, 3, 1, 2)
    );
    let d = s.document("rich").unwrap().unwrap();
    let chars = |needle: &str| {
        let b = t.find(needle).unwrap();
        let c = t[..b].chars().count();
        (c, c + needle.chars().count())
    };
    assert_eq!(d.title.as_deref(), Some("Aiuti «russi»"));
    assert_eq!(d.url.as_deref(), Some("https://www.Example.org/a?b=1"));
    assert_eq!(
        (d.date.as_deref(), d.date_precision.as_deref()),
        (Some("2024-05-18"), Some("day"))
    );
    assert_eq!(d.source, "rich.txt");
    assert_eq!(d.text, t);
    let m = &d.mentions[0];
    assert_eq!(m["start"], chars("Russia").0);
    assert_eq!(m["ner"], "ORG");
    assert_eq!(m["ambiguous_with"], json!(["RUS", "RUSMIL"]));
    assert_eq!(m["wikidata"], "Q159");
    assert_eq!(d.mentions[1]["kind"], "capital");
    assert!(d.mentions[1]["name"].is_null());
    let tx = &d.timexes[0];
    assert_eq!(
        (tx["start"].as_u64(), tx["type"].as_str()),
        (Some(chars("17 maggio").0 as u64), Some("DATE"))
    );
    assert_eq!(
        (tx["date"].as_str(), tx["relative"].as_bool()),
        (Some("2024-05-17"), Some(false))
    );
    let q = &d.quotes[0];
    assert_eq!(q["start"], 0);
    assert_eq!(q["speaker_start"], chars("AFP").0);
    assert_eq!(q["via"], json!(["AFP", "Lavrov"]));
    assert!(d.quotes[1]["speaker_start"].is_null());
    assert_eq!(d.quotes[1]["speaker_code"], "RUSGOV");
    assert_eq!(d.events.len(), 2);
    let e = &d.events[0];
    assert_eq!(e.id, "rich-1");
    assert_eq!(e.doc_date.as_deref(), Some("2024-05-18"));
    assert_eq!(e.mode.as_deref(), Some("goods"));
    assert_eq!(e.context, ["food", "economic"]);
    assert_eq!((e.quad, e.scale), (Some(2), Some(-2.5)));
    assert!(e.reciprocal);
    assert_eq!(
        (e.aux.as_deref(), e.aux_cue.as_deref()),
        (Some("hypothetical"), Some("avrebbero"))
    );
    assert_eq!(e.attribution, ["Lavrov", "AFP"]);
    assert_eq!(e.date_source, "timex");
    assert_eq!(e.date_precision.as_deref(), Some("day"));
    let codes: Vec<&str> = e.actor.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["RUSGOV", "CHN"]);
    assert_eq!(e.actor[0].identifier_id.as_deref(), Some("Q159"));
    assert_eq!(e.actor[0].sector.as_deref(), Some("GOV"));
    assert_eq!(e.actor[1].sector, None);
    assert_eq!((e.actor[1].start, e.actor[1].end), chars("Cina"));
    assert_eq!(
        (e.evidence_start, e.evidence_end),
        chars("la Russia e la Cina avrebbero inviato")
    );
    assert_eq!(e.event_text, "la Russia e la Cina avrebbero inviato");
    assert_eq!(e.trigger, "inviato");
    assert_eq!(e.text, t);
    assert_eq!(
        e.quantities,
        json!([{"text": "300 tonnellate", "start": chars("300").0, "end": chars("300 tonnellate").1,
                "value": 300.0, "approx": false, "at_least": true, "at_most": false,
                "unit": "tonnellate"}])
    );
    let u = &d.events[1];
    assert_eq!(
        (u.date.as_deref(), u.date_precision.as_deref()),
        (None, None)
    );
    assert_eq!((u.quad, u.scale, u.aux.as_deref()), (None, None, None));
    // The undated event comes after every dated one.
    let mut more = corpus();
    more.push(record("zz", "it", "2030-01-01", "x", vec![]));
    s.put_batch(&more).unwrap();
    let all = ids(&*s, EventFilter::default());
    assert_eq!(all.last().map(String::as_str), Some("rich-2"));
    assert_eq!(all[..2], ["d1-1", "rich-1"]); // same day: by document id
                                              // Stories: the undated event falls back on the document's date.
    let keys: Vec<String> = s
        .stories(&EventFilter {
            doc_id: Some("rich".into()),
            ..EventFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|x| x.key)
        .collect();
    assert_eq!(
        keys,
        [
            "2024-05-17|CHN+RUSGOV|PRK|AID",
            "2024-05-18|CHN|PRK|CONSULT"
        ]
    );
    // Date filters leave undated events out.
    let f = EventFilter {
        from: PartialDate::parse("2000").ok(),
        doc_id: Some("rich".into()),
        ..EventFilter::default()
    };
    assert_eq!(ids(&*s, f), ["rich-1"]);
}

/// Ids and keys sort by bytes (SQLite's BINARY collation) on every backend.
fn order_is_bytewise(b: &mut dyn Backend) {
    let mut s = b.fresh();
    let names = ["a-b", "aB", "ab", "Ab", "a_b", "a b", "é", "z", "B"];
    let docs: Vec<DocRecord> = names
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let t = format!("Russia aids Korea {id}");
            let mut e = event(
                &t,
                "AID",
                ("RUS", "Russia"),
                ("PRK", "Korea"),
                "aids",
                "2024-05",
                None,
            );
            // One story per document, all with one mention: sorted by key.
            e.event.event_type = vedetta_model::PloverType::ALL[i];
            record(id, "en", "2024-05-03", &t, vec![e])
        })
        .collect();
    s.put_batch(&docs).unwrap();
    let mut want: Vec<String> = names.iter().map(|n| format!("{n}-1")).collect();
    want.sort();
    assert_eq!(ids(&*s, EventFilter::default()), want);
    let keys: Vec<String> = s
        .stories(&EventFilter::default())
        .unwrap()
        .into_iter()
        .map(|x| x.key)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // Limit and offset page through the same order.
    let page = |offset, limit| {
        ids(
            &*s,
            EventFilter {
                offset,
                limit,
                ..EventFilter::default()
            },
        )
    };
    assert_eq!(page(3, Some(2)), want[3..5]);
    assert_eq!(page(7, None), want[7..]);
    assert!(page(0, Some(0)).is_empty());
}

fn empty_batches(b: &mut dyn Backend) {
    let mut s = b.fresh();
    assert_eq!(s.put_batch(&[]).unwrap(), BatchReport::default());
    assert_eq!(s.put_failures(&[]).unwrap(), 0);
    assert_eq!(s.stats().unwrap(), Stats::default());
    assert!(s.events(&EventFilter::default()).unwrap().is_empty());
    assert!(s.stories(&EventFilter::default()).unwrap().is_empty());
    assert_eq!(s.count_events(&EventFilter::default()).unwrap(), 0);
    assert!(s.actors("", 10).unwrap().is_empty());
    assert!(s.failures().unwrap().is_empty());
    assert!(!s.has_document("d1").unwrap());
    // A document without annotations.
    s.put_batch(&[record("bare", "en", "2024", "Nothing happened.", vec![])])
        .unwrap();
    let d = s.document("bare").unwrap().unwrap();
    assert!(d.events.is_empty() && d.mentions.is_empty() && d.quotes.is_empty());
    assert_eq!(d.date_precision.as_deref(), Some("year"));
}

/// The facts of the events of `f`, and the facts made from its full events.
fn facts_and_want(s: &dyn Store, f: &EventFilter) -> (Vec<EventFact>, Vec<EventFact>) {
    let mut facts = Vec::new();
    s.for_each_fact(f, &mut |x| {
        facts.push(x.clone());
        Ok(())
    })
    .unwrap();
    let want = s.events(f).unwrap().iter().map(EventFact::of).collect();
    (facts, want)
}

fn facts_match_events(b: &mut dyn Backend) {
    let mut s = store(b);
    // Several actors and recipients (one repeated), none, an undated event, a month date.
    let t = "Russia and China and Russia warned Korea and Japan; Italy spoke.";
    let mut e1 = event(
        t,
        "THREATEN",
        ("RUSGOV", "Russia"),
        ("PRK", "Korea"),
        "warned",
        "2024-05",
        Some(Aux::Future),
    );
    e1.event.actor.push(entity(t, "CHN", "China"));
    e1.event.actor.push(entity(t, "RUSGOV", "Russia"));
    e1.event.recipient.push(entity(t, "JPN", "Japan"));
    e1.scale = None;
    e1.quad = None;
    let mut e2 = event(
        t,
        "CONSULT",
        ("ITA", "Italy"),
        ("PRK", "Korea"),
        "spoke",
        "2024-05-20",
        None,
    );
    e2.event.recipient.clear();
    e2.event.date = None;
    let mut r = record("multi", "en", "2024-05-19", t, vec![e1, e2]);
    r.doc.date = None;
    s.put_batch(&[r, rich_record()]).unwrap();
    let date = |d: &str| Some(PartialDate::parse(d).unwrap());
    let filters = [
        EventFilter::default(),
        EventFilter {
            actor: Some("RUS".into()),
            ..Default::default()
        },
        EventFilter {
            country: Some("PRK".into()),
            from: date("2024-05"),
            to: date("2024-05"),
            ..Default::default()
        },
        EventFilter {
            aux: Some("asserted".into()),
            lang: Some("it".into()),
            ..Default::default()
        },
        EventFilter {
            q: Some("Russia".into()),
            ..Default::default()
        },
        EventFilter {
            limit: Some(2),
            offset: 1,
            ..Default::default()
        },
        EventFilter {
            doc_id: Some("multi".into()),
            ..Default::default()
        },
        EventFilter {
            actor: Some("ZZZ".into()),
            ..Default::default()
        },
    ];
    for f in &filters {
        let (facts, want) = facts_and_want(&*s, f);
        assert_eq!(facts, want, "{f:?}");
    }
    let (all, _) = facts_and_want(&*s, &EventFilter::default());
    assert_eq!(all.len(), 7);
    let multi: Vec<&EventFact> = all.iter().filter(|x| x.doc_id == "multi").collect();
    assert_eq!(multi[0].actor, ["RUSGOV", "CHN", "RUSGOV"]);
    assert_eq!(multi[0].recipient, ["PRK", "JPN"]);
    assert_eq!(multi[0].aux.as_deref(), Some("future"));
    assert_eq!((multi[0].quad, multi[0].scale), (None, None));
    assert_eq!(multi[0].date.as_deref(), Some("2024-05"));
    assert_eq!(multi[0].date_precision.as_deref(), Some("month"));
    assert!(multi[1].recipient.is_empty());
    assert_eq!(multi[1].date, None);
    assert_eq!(multi[1].id(), "multi-2");
    // Stopping at an error of the callback.
    let mut n = 0;
    let r = s.for_each_fact(&EventFilter::default(), &mut |_| {
        n += 1;
        Err(StoreError::Pg("stop".into()))
    });
    assert!(r.is_err());
    assert_eq!(n, 1);
}

fn generation_changes_with_new_documents(b: &mut dyn Backend) {
    let mut s = b.fresh();
    let g0 = s.generation().unwrap();
    assert_eq!(s.generation().unwrap(), g0);
    s.put_batch(&corpus()).unwrap();
    let g1 = s.generation().unwrap();
    assert_ne!(g1, g0);
    // Nothing new: the same generation.
    s.put_batch(&corpus()).unwrap();
    s.put_failures(&[Failure {
        source: "x".into(),
        line: None,
        error: "bad".into(),
    }])
    .unwrap();
    assert_eq!(s.generation().unwrap(), g1);
    s.put_batch(&[rich_record()]).unwrap();
    assert_ne!(s.generation().unwrap(), g1);
}

#[test]
fn code_country_is_split_code() {
    for c in ["RUSGOV", "RUS", "RU", "", "ÉÉGOV", "USAMILREB"] {
        assert_eq!(code_country(c), vedetta_model::split_code(c).0, "{c}");
    }
}

// PostgreSQL only.

/// Every read of the PostgreSQL store gives what the SQLite store gives for the same input.
#[test]
#[cfg_attr(
    not(vedetta_pg),
    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL store tests)"
)]
fn pg_matches_sqlite() {
    let Some(mut pg) = Pg::new() else { return };
    let mut a = SqliteStore::in_memory().unwrap();
    let mut b = pg.open();
    let mut docs = corpus();
    docs.push(rich_record());
    let t = "La Russia ha inviato aiuti alla Corea del Nord.";
    for (id, url) in [
        ("r1", "https://www.ansa.it/a/1"),
        ("r2", "http://reuters.com:80/c"),
    ] {
        let e = event(
            t,
            "AID",
            ("RUSGOV", "Russia"),
            ("PRK", "Corea del Nord"),
            "inviato aiuti",
            "2024-05-17",
            None,
        );
        let mut r = record(id, "it", "2024-05-17", t, vec![e]);
        r.doc.url = Some(url.into());
        docs.push(r);
    }
    // Split in two batches, the second repeating one document.
    let (one, two) = docs.split_at(3);
    let mut two = two.to_vec();
    two.push(one[0].clone());
    for s in [&mut a as &mut dyn Store, &mut b] {
        assert_eq!(s.put_batch(one).unwrap().documents, 3);
        let rep = s.put_batch(&two).unwrap();
        assert_eq!((rep.documents, rep.skipped), (3, 1));
        s.put_failures(&[
            Failure {
                source: "x.jsonl".into(),
                line: Some(3),
                error: "bad".into(),
            },
            Failure {
                source: "-".into(),
                line: None,
                error: "worse".into(),
            },
        ])
        .unwrap();
    }
    let filters = [
        EventFilter::default(),
        EventFilter {
            actor: Some("RUS".into()),
            ..Default::default()
        },
        EventFilter {
            country: Some("PRK".into()),
            limit: Some(2),
            offset: 1,
            ..Default::default()
        },
        EventFilter {
            q: Some("russia".into()),
            q_stemmed: vec!["russ".into()],
            ..Default::default()
        },
        EventFilter {
            aux: Some("asserted".into()),
            lang: Some("it".into()),
            ..Default::default()
        },
        EventFilter {
            from: PartialDate::parse("2024-05-18").ok(),
            ..Default::default()
        },
        EventFilter {
            doc_id: Some("rich".into()),
            ..Default::default()
        },
    ];
    for f in &filters {
        assert_eq!(a.events(f).unwrap(), b.events(f).unwrap(), "{f:?}");
        assert_eq!(
            a.count_events(f).unwrap(),
            b.count_events(f).unwrap(),
            "{f:?}"
        );
        assert_eq!(a.stories(f).unwrap(), b.stories(f).unwrap(), "{f:?}");
        assert_eq!(facts_and_want(&a, f), facts_and_want(&b, f), "{f:?}");
    }
    for id in ["d1", "d2", "d3", "rich", "r1", "nope"] {
        assert_eq!(a.document(id).unwrap(), b.document(id).unwrap(), "{id}");
    }
    for q in ["", "rus", "korea", "C"] {
        assert_eq!(a.actors(q, 100).unwrap(), b.actors(q, 100).unwrap(), "{q}");
    }
    assert_eq!(a.failures().unwrap(), b.failures().unwrap());
    assert_eq!(a.stats().unwrap(), b.stats().unwrap());
}

/// Several processes opening one empty database at once all get the same, single schema.
#[test]
#[cfg_attr(
    not(vedetta_pg),
    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL store tests)"
)]
fn pg_concurrent_first_open() {
    let Some(mut pg) = Pg::new() else { return };
    let schema = pg.schema_name();
    let url = pg.url.clone();
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let (url, schema) = (url.clone(), schema.clone());
            std::thread::spawn(move || PgStore::open_in_schema(&url, &schema).map(|_| ()))
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    let s = PgStore::open_in_schema(&url, &schema).unwrap();
    let versions: i64 = s
        .client()
        .query_one("SELECT count(*) FROM vedetta_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(versions, 1);
}

/// Writers sharing documents store each once, whatever their order, without deadlocks.
#[test]
#[cfg_attr(
    not(vedetta_pg),
    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL store tests)"
)]
fn pg_concurrent_writers() {
    let Some(mut pg) = Pg::new() else { return };
    let schema = pg.schema_name();
    let url = pg.url.clone();
    drop(PgStore::open_in_schema(&url, &schema).unwrap());
    let docs: Vec<DocRecord> = (0..300)
        .map(|i| {
            let mut r = rich_record();
            r.doc.id = format!("doc{i}");
            r
        })
        .collect();
    let threads: Vec<_> = (0..4)
        .map(|k| {
            let (url, schema) = (url.clone(), schema.clone());
            let mut docs = docs.clone();
            if k % 2 == 1 {
                docs.reverse();
            }
            std::thread::spawn(move || {
                let mut s = PgStore::open_in_schema(&url, &schema).unwrap();
                docs.chunks(50)
                    .map(|b| s.put_batch(b).unwrap().documents)
                    .sum::<usize>()
            })
        })
        .collect();
    let stored: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(stored, 300);
    let s = PgStore::open_in_schema(&url, &schema).unwrap();
    let st = s.stats().unwrap();
    assert_eq!((st.documents, st.events, st.mentions), (300, 600, 900));
}

/// A store reopens with its data; the schema can also be named in the URL.
#[test]
#[cfg_attr(
    not(vedetta_pg),
    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL store tests)"
)]
fn pg_reopens_and_url_options() {
    let Some(mut pg) = Pg::new() else { return };
    let schema = pg.schema_name();
    {
        let mut s = PgStore::open_in_schema(&pg.url, &schema).unwrap();
        s.put_batch(&corpus()).unwrap();
    }
    let sep = if pg.url.contains('?') { '&' } else { '?' };
    let url = format!("{}{sep}options=-csearch_path%3D{schema}", pg.url);
    let s = PgStore::open(&url).unwrap();
    assert_eq!(s.stats().unwrap().documents, 3);
    // Through the backend picker too.
    let s = crate::open(&url).unwrap();
    assert_eq!(ids(&*s, EventFilter::default()), ["d1-1", "d2-1", "d3-1"]);
}

/// A database of another schema version is refused.
#[test]
#[cfg_attr(
    not(vedetta_pg),
    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL store tests)"
)]
fn pg_schema_version_checked() {
    let Some(mut pg) = Pg::new() else { return };
    let schema = pg.schema_name();
    let s = PgStore::open_in_schema(&pg.url, &schema).unwrap();
    s.client()
        .execute("UPDATE vedetta_schema SET version = 99", &[])
        .unwrap();
    drop(s);
    match PgStore::open_in_schema(&pg.url, &schema) {
        Err(StoreError::Schema {
            found: 99,
            expected: 2,
        }) => {}
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("a store of schema version 99 was opened"),
    }
}

/// A PostgreSQL store of schema 1 (before the location) is upgraded in place on opening
/// and keeps what it held.
#[test]
#[cfg_attr(
    not(vedetta_pg),
    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL store tests)"
)]
fn pg_schema_1_is_upgraded_in_place() {
    let Some(mut pg) = Pg::new() else { return };
    let schema = pg.schema_name();
    let mut s = PgStore::open_in_schema(&pg.url, &schema).unwrap();
    s.put_batch(&corpus()).unwrap();
    s.client()
        .batch_execute(
            "ALTER TABLE events DROP COLUMN location, DROP COLUMN place_country,
                 DROP COLUMN place_lat, DROP COLUMN place_x, DROP COLUMN place_y,
                 DROP COLUMN place_z, DROP COLUMN place_names;
             DELETE FROM vedetta_schema; INSERT INTO vedetta_schema (version) VALUES (1);",
        )
        .unwrap();
    drop(s);
    let s = PgStore::open_in_schema(&pg.url, &schema).unwrap();
    let evs = s.events(&EventFilter::default()).unwrap();
    assert_eq!(evs.len(), 3);
    assert!(evs.iter().all(|e| e.location.is_none()));
    let v: i64 = s
        .client()
        .query_one("SELECT max(version) FROM vedetta_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(v, 2);
}

/// U+0000 cannot be stored by PostgreSQL: it becomes U+FFFD, offsets unchanged.
#[test]
#[cfg_attr(
    not(vedetta_pg),
    ignore = "VEDETTA_TEST_PG is not set (source .ci/postgres.sh to run the PostgreSQL store tests)"
)]
fn pg_nul_characters() {
    let Some(mut pg) = Pg::new() else { return };
    let mut s = pg.open();
    let t = "Già\0 la Russia aiuta la Corea del Nord.";
    let r = record(
        "n\0ul",
        "it",
        "2024-05",
        t,
        vec![event(
            t,
            "AID",
            ("RUS", "Russia"),
            ("PRK", "Corea del Nord"),
            "aiuta",
            "2024-05",
            None,
        )],
    );
    assert_eq!(s.put_batch(std::slice::from_ref(&r)).unwrap().documents, 1);
    assert_eq!(s.put_batch(&[r]).unwrap().skipped, 1);
    let e = &s.events(&EventFilter::default()).unwrap()[0];
    assert_eq!(e.actor[0].start, 8);
    assert_eq!(e.doc_id, "n\u{FFFD}ul");
    assert!(s.has_document("n\0ul").unwrap());
    assert!(s
        .document("n\0ul")
        .unwrap()
        .unwrap()
        .text
        .starts_with("Già\u{FFFD} la"));
}

/// Bad URLs and unreachable servers give errors, not panics; passwords stay out of them.
#[test]
fn pg_open_errors() {
    let e = PgStore::open("postgres://u:secret@127.0.0.1:1/x")
        .err()
        .unwrap()
        .to_string();
    assert!(e.starts_with("PostgreSQL: "), "{e}");
    assert!(!e.contains("secret"), "{e}");
    assert!(PgStore::open("postgres://h/db?sslmode=nonsense").is_err());
    assert!(PgStore::open_in_schema("postgres://127.0.0.1:1/x", "bad name").is_err());
}

#[test]
fn stores_are_send() {
    fn send<T: Send>() {}
    send::<PgStore>();
    send::<SqliteStore>();
}

#[test]
fn open_picks_the_backend() {
    let p = std::env::temp_dir().join(format!("vedetta-open-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&p);
    {
        let mut s = crate::open(&format!("sqlite://{}", p.display())).unwrap();
        s.put_batch(&corpus()).unwrap();
    }
    let s = crate::open(p.to_str().unwrap()).unwrap();
    assert_eq!(s.stats().unwrap().documents, 3);
    drop(s);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    assert!(crate::open("postgresql://127.0.0.1:1/x").is_err());
}

/// Write speed of both backends on one machine (not a check): 5000 rich documents in
/// batches of 200. `cargo test -p vedetta-store --release -- --ignored --nocapture write_speed`
#[test]
#[ignore]
fn write_speed() {
    let docs: Vec<DocRecord> = (0..5000)
        .map(|i| {
            let mut r = rich_record();
            r.doc.id = format!("doc{i}");
            r.doc.text.push_str(&format!(" Parola{i}."));
            r
        })
        .collect();
    let time = |s: &mut dyn Store, what: &str| {
        let t = std::time::Instant::now();
        for b in docs.chunks(200) {
            s.put_batch(b).unwrap();
        }
        let secs = t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        let n = s.count_events(&EventFilter::default()).unwrap();
        let mut read = 0;
        s.for_each_event(&EventFilter::default(), &mut |_| {
            read += 1;
            Ok(())
        })
        .unwrap();
        eprintln!(
            "{what}: {:.0} docs/s written ({n} events); {:.0} events/s read",
            docs.len() as f64 / secs,
            read as f64 / t.elapsed().as_secs_f64()
        );
    };
    let p = std::env::temp_dir().join(format!("vedetta-speed-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&p);
    time(&mut SqliteStore::open(&p).unwrap(), "SQLite (file, WAL)");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    if let Some(mut pg) = Pg::new() {
        time(&mut pg.open(), "PostgreSQL");
    }
}

// SQLite query plans: every plan (from a small set of events, along the sort key, merged per
// date precision, index intersections for counts) gives what the plain SQL of the contract
// gives, on a store large enough for each plan to be chosen.

/// A store of `n` pseudo-random documents (seeded): 1–4 events each over three years, of
/// every date precision or undated, with actors and recipients from a few codes (some
/// prefixes of others), and document ids that sort in tricky ways (control characters, a
/// NUL, prefixes, non-ASCII).
fn planned_store(n: usize) -> SqliteStore {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move |k: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % k as u64) as usize
    };
    let codes = [
        ("RUS", "Russia"),
        ("RUSGOV", "Kremlin"),
        ("RUSMED", "Tass"),
        ("USA", "Washington"),
        ("USAGOV", "Pentagon"),
        ("PRK", "Pyongyang"),
        ("CHN", "Beijing"),
        ("IGONAT", "NATO"),
        ("UKR", "Kyiv"),
        ("R\u{1}X", "Oddland"),
    ];
    let types = ["AID", "ACCUSE", "AGREE", "ASSAULT", "CONSULT"];
    let words = ["grain", "missile", "summit", "border", "talks"];
    // Same dates for these, so that their order is the order of their ids.
    let tricky = [
        "x", "x\u{1}", "x\u{0}1", "x0", "x 1", "é", "X", "x\u{2}", "x\u{0}",
    ];
    let mut s = SqliteStore::in_memory().unwrap();
    let mut batch = Vec::new();
    for i in 0..n {
        let id = match tricky.get(i) {
            Some(t) => t.to_string(),
            None => format!("doc{}", rnd(1_000_000)),
        };
        let events_n = 1 + rnd(4);
        let (a, r) = (codes[rnd(codes.len())], codes[rnd(codes.len())]);
        let extra = codes[rnd(codes.len())];
        let w = words[rnd(words.len())];
        let text = format!(
            "{} met {} and {} about the {w}, said {}.",
            a.1,
            r.1,
            extra.1,
            words[rnd(words.len())]
        );
        let date = |rnd: &mut dyn FnMut(usize) -> usize| {
            let y = 2023 + rnd(3);
            match rnd(10) {
                0 => None,
                1 => Some(format!("{y}")),
                2 | 3 => Some(format!("{y}-{:02}", 1 + rnd(12))),
                _ => Some(format!("{y}-{:02}-{:02}", 1 + rnd(12), 1 + rnd(28))),
            }
        };
        let doc_date = date(&mut rnd).unwrap_or_else(|| "2024".into());
        let mut events = Vec::new();
        for _ in 0..events_n {
            let mut e = event(
                &text,
                types[rnd(types.len())],
                a,
                r,
                w,
                "2024",
                if rnd(4) == 0 { Some(Aux::Future) } else { None },
            );
            e.event.date = date(&mut rnd).map(|d| PartialDate::parse(&d).unwrap());
            if i < tricky.len() {
                e.event.date = PartialDate::parse(["2024-03-03", "2024-03"][i % 2]).ok();
            }
            if rnd(3) == 0 {
                e.event.actor.push(entity(&text, extra.0, extra.1));
            }
            events.push(e);
        }
        let mut rec = record(&id, ["en", "it"][rnd(2)], &doc_date, &text, events);
        rec.doc.url = Some(format!("https://site{}.example/{i}", rnd(5)));
        rec.mentions = vec![mention(&text, a.0, a.1, a.1), mention(&text, r.0, r.1, r.1)];
        if rnd(2) == 0 {
            rec.mentions[1].name = None;
        }
        batch.push(rec);
        if batch.len() == 97 {
            s.put_batch(&batch).unwrap();
            batch.clear();
        }
    }
    s.put_batch(&batch).unwrap();
    s
}

/// The WHERE clause of a filter as the contract states it (schema 2's SQL).
fn plain_where(f: &EventFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut conds: Vec<String> = Vec::new();
    let mut args = Vec::new();
    for (role, c) in [("actor", &f.actor), ("recipient", &f.recipient)] {
        if let Some(a) = c {
            conds.push(format!(
                "EXISTS (SELECT 1 FROM event_entities x WHERE x.event = e.rowid
                 AND x.role = '{role}' AND substr(x.code, 1, length(?)) = ?)"
            ));
            args.extend([V::Text(a.clone()), V::Text(a.clone())]);
        }
    }
    if let Some(c) = &f.country {
        conds.push(
            "EXISTS (SELECT 1 FROM event_entities x WHERE x.event = e.rowid AND x.country = ?)"
                .into(),
        );
        args.push(V::Text(c.clone()));
    }
    if let Some(t) = &f.event_type {
        conds.push("e.event_type = ?".into());
        args.push(V::Text(t.clone()));
    }
    match f.aux.as_deref() {
        None => {}
        Some("asserted") => conds.push("e.aux IS NULL".into()),
        Some(a) => {
            conds.push("e.aux = ?".into());
            args.push(V::Text(a.into()));
        }
    }
    if let Some(d) = f.from {
        conds.push("e.date_last >= ?".into());
        args.push(V::Text(iso(d.first_day())));
    }
    if let Some(d) = f.to {
        conds.push("e.date_first <= ?".into());
        args.push(V::Text(iso(d.last_day())));
    }
    if let Some(l) = &f.lang {
        conds.push("d.lang = ?".into());
        args.push(V::Text(l.clone()));
    }
    if let Some(id) = &f.doc_id {
        conds.push("d.id = ?".into());
        args.push(V::Text(id.clone()));
    }
    if let Some(q) = &f.q {
        if let Some(t) = fts_query(q) {
            conds.push("d.rowid IN (SELECT rowid FROM words_fts WHERE words_fts MATCH ?)".into());
            args.push(V::Text(t));
        } else {
            conds.push("0".into());
        }
    }
    let sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    (sql, args)
}

fn plain_limit(f: &EventFilter, args: &mut Vec<rusqlite::types::Value>) -> &'static str {
    args.push(rusqlite::types::Value::Integer(
        f.limit.map(|l| l as i64).unwrap_or(-1),
    ));
    args.push(rusqlite::types::Value::Integer(f.offset as i64));
    " LIMIT ? OFFSET ?"
}

/// Event ids, count and stories of a filter by the contract's SQL.
fn plain_reads(s: &SqliteStore, f: &EventFilter) -> (Vec<String>, u64, Vec<Story>) {
    let c = s.connection();
    let (wh, mut args) = plain_where(f);
    let base = args.clone();
    let lim = plain_limit(f, &mut args);
    let sql = format!(
        "SELECT d.id || '-' || e.seq FROM events e JOIN documents d ON d.rowid = e.doc {wh}
         ORDER BY e.date_first IS NULL, e.date_first, e.date_last, d.id, e.seq{lim}"
    );
    let ids: Vec<String> = c
        .prepare(&sql)
        .unwrap()
        .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let n: i64 = c
        .query_row(
            &format!("SELECT count(*) FROM events e JOIN documents d ON d.rowid = e.doc {wh}"),
            rusqlite::params_from_iter(base.iter()),
            |r| r.get(0),
        )
        .unwrap();
    let mut args = base.clone();
    let lim = plain_limit(f, &mut args);
    let sql = format!(
        "SELECT e.story, count(*) AS n, count(DISTINCT d.rowid), count(DISTINCT d.outlet),
                json_group_array(DISTINCT d.id), json_group_array(DISTINCT d.outlet)
         FROM events e JOIN documents d ON d.rowid = e.doc {wh}
         GROUP BY e.story ORDER BY n DESC, e.story{lim}"
    );
    let stories = c
        .prepare(&sql)
        .unwrap()
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            let list =
                |i| serde_json::from_str::<Vec<String>>(&r.get::<_, String>(i).unwrap()).unwrap();
            Ok(Story::from_parts(
                r.get(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
                r.get::<_, i64>(3)? as u64,
                list(4),
                list(5),
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (ids, n as u64, stories)
}

#[test]
fn sqlite_plans_match_the_plain_queries() {
    let s = planned_store(700);
    let total = s.stats().unwrap().events;
    assert!(total > 1000, "{total} events");
    let date = |d: &str| Some(PartialDate::parse(d).unwrap());
    let some = |v: &str| Some(v.to_string());
    let mut filters: Vec<EventFilter> = vec![EventFilter::default()];
    for a in [
        None,
        some("RUS"),
        some("RUSGOV"),
        some("R"),
        some("U"),
        some(""),
        some("ZZZ"),
    ] {
        for r in [None, some("RUS"), some("USA"), some("R\u{1}")] {
            filters.push(EventFilter {
                actor: a.clone(),
                recipient: r,
                ..Default::default()
            });
        }
    }
    let windows = [
        (None, None),
        (date("2024-05"), date("2024-05")),
        (date("2024-06-15"), date("2024-06-15")),
        (date("2024-06-15"), None),
        (None, date("2023-03-01")),
        (date("2023"), date("2024")),
        (date("2025-12-31"), None),
        (date("2022"), date("2022")),
    ];
    for (from, to) in windows {
        for t in [None, some("AID")] {
            for (actor, country) in [(None, None), (some("RUS"), None), (None, some("USA"))] {
                filters.push(EventFilter {
                    from,
                    to,
                    event_type: t.clone(),
                    actor: actor.clone(),
                    country: country.clone(),
                    ..Default::default()
                });
            }
        }
    }
    for (lang, aux, q, doc) in [
        (some("it"), None, None, None),
        (None, some("asserted"), None, None),
        (None, some("future"), None, None),
        (None, some("future"), some("grain"), None),
        (None, None, some("missile talks"), None),
        (None, None, some("..."), None),
        (some("en"), None, None, some("x\u{0}1")),
        (None, None, None, some("x")),
        (None, None, None, some("nope")),
    ] {
        filters.push(EventFilter {
            lang: lang.clone(),
            aux: aux.clone(),
            q: q.clone(),
            doc_id: doc.clone(),
            ..Default::default()
        });
        filters.push(EventFilter {
            lang,
            aux,
            q,
            doc_id: doc,
            actor: some("USA"),
            from: date("2024"),
            ..Default::default()
        });
    }
    let pages = [
        (None, 0),
        (Some(5), 0),
        (Some(7), 300),
        (None, 40),
        (Some(0), 0),
    ];
    let mut checked = 0;
    for f in &filters {
        for (limit, offset) in pages {
            let f = EventFilter {
                limit,
                offset,
                ..f.clone()
            };
            let (want_ids, want_n, want_stories) = plain_reads(&s, &f);
            assert_eq!(ids(&s, f.clone()), want_ids, "{f:?}");
            assert_eq!(s.count_events(&f).unwrap(), want_n, "{f:?}");
            assert_eq!(s.stories(&f).unwrap(), want_stories, "{f:?}");
            let (facts, want_facts) = facts_and_want(&s, &f);
            assert_eq!(facts, want_facts, "{f:?}");
            checked += want_ids.len();
        }
    }
    assert!(checked > 10_000, "{checked}");
    // Streaming gives the same order as a page.
    let mut streamed = Vec::new();
    s.for_each_event(&EventFilter::default(), &mut |e| {
        streamed.push(e.id);
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, plain_reads(&s, &EventFilter::default()).0);
}

#[test]
fn sqlite_actor_counts_match_mentions() {
    let s = planned_store(300);
    for q in ["", "r", "RUS", "kr", "zz", "%", " USA "] {
        let want: Vec<ActorSeen> = s
            .connection()
            .prepare(
                "SELECT code, name, count(*) AS n
                 FROM (SELECT m.code, l.text AS name FROM mentions m
                       LEFT JOIN labels l ON l.id = m.name)
                 WHERE code IS NOT NULL
                   AND (?1 = '' OR substr(code, 1, length(?1)) = upper(?1)
                        OR instr(lower(coalesce(name, '')), lower(?1)) > 0)
                 GROUP BY code, name ORDER BY n DESC, code, name LIMIT ?2",
            )
            .unwrap()
            .query_map(rusqlite::params![q.trim(), 50], |r| {
                Ok(ActorSeen {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    mentions: r.get::<_, i64>(2)? as u64,
                })
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(q == "zz" || q == "%" || !want.is_empty(), "{q}");
        assert_eq!(s.actors(q, 50).unwrap(), want, "{q}");
    }
}

/// A location named by `word` in `text` (or implied when `word` is empty).
fn located(
    text: &str,
    word: &str,
    name: &str,
    (lat, lon): (f64, f64),
    country: &str,
    admin1_name: Option<&str>,
) -> vedetta_model::Location {
    vedetta_model::Location {
        extracted_place: word.into(),
        span: (!word.is_empty()).then(|| span_of(text, word)),
        resolved_place: name.into(),
        geonameid: 1,
        lat,
        lon,
        admin1: admin1_name.map(|_| "12".into()),
        admin1_name: admin1_name.map(str::to_string),
        country_code: country.into(),
        feature_code: "PPLC".into(),
        resolution: 4,
        geo_precision: 1,
        reason: vedetta_model::LocationReason::Clause,
    }
}

/// Issue 16: the location is stored, read back (offsets in characters) and filtered on by
/// country (the place's, or actor, recipient or place), distance and name.
fn location_filters(b: &mut dyn Backend) {
    let mut s = b.fresh();
    let mut docs = corpus();
    let t1 = docs[0].doc.text.clone();
    docs[0].events[0].event.location = Some(located(
        &t1,
        "Pyongyang",
        "Pyongyang",
        (39.03385, 125.75432),
        "PRK",
        None,
    ));
    let t2 = docs[1].doc.text.clone();
    let mut brussels = located(&t2, "", "Brussels", (50.85045, 4.34878), "BEL", None);
    brussels.reason = vedetta_model::LocationReason::Document;
    docs[1].events[0].event.location = Some(brussels);
    // d3 has no location; d4 is in Kyiv, named "Kiev" after a non-ASCII word.
    let t4 = "Già a Kiev gli Stati Uniti hanno inviato aiuti all'Ucraina.";
    docs.push(record(
        "d4",
        "it",
        "2024-06-03",
        t4,
        vec![event(
            t4,
            "AID",
            ("USA", "Stati Uniti"),
            ("UKR", "Ucraina"),
            "inviato aiuti",
            "2024-06-03",
            None,
        )],
    ));
    docs[3].events[0].event.location = Some(located(
        t4,
        "Kiev",
        "Kyiv",
        (50.45466, 30.5238),
        "UKR",
        Some("Kyiv City"),
    ));
    s.put_batch(&docs).unwrap();
    let s = &*s;
    let all = s.events(&EventFilter::default()).unwrap();
    let by_id = |id: &str| all.iter().find(|e| e.id == id).unwrap();
    let kyiv = by_id("d4-1").location.as_ref().expect("d4 is located");
    assert_eq!(kyiv.resolved_place, "Kyiv");
    assert_eq!(kyiv.extracted_place, "Kiev");
    // "Già a " is 6 characters, 7 bytes.
    assert_eq!((kyiv.start, kyiv.end), (Some(6), Some(10)));
    assert_eq!(kyiv.country_code, "UKR");
    assert_eq!(kyiv.reason, "place in the event clause");
    assert_eq!(kyiv.admin1_name.as_deref(), Some("Kyiv City"));
    let bxl = by_id("d2-1").location.as_ref().unwrap();
    assert_eq!(
        (bxl.start, bxl.end, bxl.reason.as_str()),
        (None, None, "document's main place")
    );
    assert!(by_id("d3-1").location.is_none());

    let f = |g: &dyn Fn(&mut EventFilter)| {
        let mut x = EventFilter::default();
        g(&mut x);
        ids(s, x)
    };
    assert_eq!(f(&|x| x.place_country = Some("UKR".into())), ["d4-1"]);
    assert_eq!(f(&|x| x.place_country = Some("PRK".into())), ["d1-1"]);
    assert!(f(&|x| x.place_country = Some("RUS".into())).is_empty());
    // --country stays the actor's or the recipient's.
    assert!(f(&|x| x.country = Some("BEL".into())).is_empty());
    assert_eq!(f(&|x| x.country = Some("UKR".into())), ["d3-1", "d4-1"]);
    // Distance: Kyiv is about 440 km from Odesa, 2,500 km from Pyongyang's antipodes.
    let near = |lat: f64, lon: f64, km: f64| f(&|x| x.near = Some(Near { lat, lon, km }));
    assert_eq!(near(50.45, 30.52, 10.0), ["d4-1"]);
    assert!(near(46.48, 30.72, 400.0).is_empty());
    assert_eq!(near(46.48, 30.72, 500.0), ["d4-1"]);
    assert_eq!(near(50.0, 10.0, 1500.0), ["d2-1", "d4-1"]);
    assert_eq!(near(0.0, 0.0, 20_000.0), ["d1-1", "d2-1", "d4-1"]);
    // Names: the gazetteer's, the text's and the admin-1 unit's, without case; whole names.
    assert_eq!(f(&|x| x.place = Some("kyiv".into())), ["d4-1"]);
    assert_eq!(f(&|x| x.place = Some("kiev".into())), ["d4-1"]);
    assert_eq!(f(&|x| x.place = Some("kyiv city".into())), ["d4-1"]);
    assert!(f(&|x| x.place = Some("pyong".into())).is_empty());
    assert_eq!(f(&|x| x.place = Some("brussels".into())), ["d2-1"]);
    let located = |v: bool| f(&|x| x.located = Some(v));
    assert_eq!(located(true), ["d1-1", "d2-1", "d4-1"]);
    assert_eq!(located(false), ["d3-1"]);
    // With other filters, and counted.
    let c = EventFilter {
        near: Some(Near {
            lat: 50.0,
            lon: 10.0,
            km: 1500.0,
        }),
        event_type: Some("AID".into()),
        ..Default::default()
    };
    assert_eq!(ids(s, c.clone()), ["d4-1"]);
    assert_eq!(s.count_events(&c).unwrap(), 1);
}

#[test]
fn near_parses_and_refuses() {
    let n = Near::parse("46.48, 30.72,50").unwrap();
    assert_eq!((n.lat, n.lon, n.km), (46.48, 30.72, 50.0));
    assert!(Near::parse("-33.9,18.4,10").is_ok());
    for (bad, why) in [
        ("46.48,30.72", "not LAT,LON,KM"),
        ("x,30,10", "latitude \"x\" is not a number"),
        ("91,30,10", "outside -90..90"),
        ("45,181,10", "outside -180..180"),
        ("45,30,0", "must be above 0"),
        ("45,30,-5", "must be above 0"),
        ("45,30,30000", "at most"),
        ("45,30,NaN", "not a finite number"),
    ] {
        let e = Near::parse(bad).unwrap_err();
        assert!(e.contains(why), "{bad}: {e}");
    }
    // Kyiv to Odesa, about 442 km.
    let d = Near {
        lat: 50.45466,
        lon: 30.5238,
        km: 1.0,
    }
    .distance_km(46.47747, 30.73262);
    assert!((d - 442.0).abs() < 5.0, "{d}");
    assert_eq!(place_key("  Kyiv   City "), "kyiv city");
    assert_eq!(place_key("ÀREZZO"), "àrezzo");
}

/// A store of schema 3 (before the location) is upgraded in place when opened, by a writer
/// or a reader, through 4 to the current version, and keeps what it held.
#[test]
fn schema_3_store_is_upgraded_in_place() {
    let dir = test_dir("upgrade-3");
    let path = dir.join("v3.db");
    // A store written by the schema-4 release (tests/fixtures/README.md), taken back to what
    // version 3 had: no location columns.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-4.db"),
        &path,
    )
    .unwrap();
    let (events, docs): (i64, i64) = {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP INDEX events_place_country; DROP INDEX events_place_lat;
             ALTER TABLE events DROP COLUMN location; ALTER TABLE events DROP COLUMN place_country;
             ALTER TABLE events DROP COLUMN place_lat; ALTER TABLE events DROP COLUMN place_x;
             ALTER TABLE events DROP COLUMN place_y; ALTER TABLE events DROP COLUMN place_z;
             ALTER TABLE events DROP COLUMN place_names; PRAGMA user_version = 3;",
        )
        .unwrap();
        c.query_row(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM documents)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let s = SqliteStore::open_existing(&path).unwrap();
    let evs = s.events(&EventFilter::default()).unwrap();
    assert_eq!(evs.len() as i64, events);
    assert!(evs.iter().all(|e| e.location.is_none()));
    assert!(evs
        .iter()
        .all(|e| !e.text.is_empty() && !e.event_text.is_empty()));
    let v: i64 = s
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 5);
    drop(s);
    let mut w = SqliteStore::open(&path).unwrap();
    let rep = w.put_batch(&corpus()).unwrap();
    assert_eq!(rep.documents, 3);
    assert_eq!(w.stats().unwrap().documents as i64, docs + 3);
}
