use super::*;
use vedetta_model::{Aux, EventEntity, MentionKind, Span};

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
            event_type: ty.into(),
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
            "DISAPPROVE",
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

fn store() -> SqliteStore {
    let mut s = SqliteStore::in_memory().unwrap();
    let rep = s.put_batch(&corpus()).unwrap();
    assert_eq!((rep.documents, rep.skipped, rep.events), (3, 0, 3));
    s
}

fn ids(s: &SqliteStore, f: EventFilter) -> Vec<String> {
    s.events(&f).unwrap().into_iter().map(|e| e.id).collect()
}

#[test]
fn inserts_and_reads_back() {
    let s = store();
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

#[test]
fn offsets_are_characters() {
    let mut s = SqliteStore::in_memory().unwrap();
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

#[test]
fn reinserting_adds_nothing() {
    let mut s = store();
    let rep = s.put_batch(&corpus()).unwrap();
    assert_eq!((rep.documents, rep.skipped, rep.events), (0, 3, 0));
    assert_eq!(s.stats().unwrap().events, 3);
    // Twice in one batch: stored once.
    let mut s2 = SqliteStore::in_memory().unwrap();
    let one = corpus().remove(0);
    let rep = s2.put_batch(&[one.clone(), one]).unwrap();
    assert_eq!((rep.documents, rep.skipped), (1, 1));
}

#[test]
fn filters() {
    let s = store();
    let all = ids(&s, EventFilter::default());
    // Ordered by date: d1 (May 17), d2 (June, first day June 1), d3 (June 2).
    assert_eq!(all, ["d1-1", "d2-1", "d3-1"]);
    let f = |g: fn(&mut EventFilter)| {
        let mut x = EventFilter::default();
        g(&mut x);
        ids(&s, x)
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

#[test]
fn full_text() {
    let s = store();
    let q = |q: &str, stems: &[&str]| {
        ids(
            &s,
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
}

#[test]
fn failed_batch_leaves_nothing() {
    let mut s = SqliteStore::in_memory().unwrap();
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

#[test]
fn failures_recorded_once() {
    let mut s = SqliteStore::in_memory().unwrap();
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
    assert_eq!(s.failures().unwrap(), vec![f, g]);
}

#[test]
fn actors_seen() {
    let s = store();
    let a = s.actors("rus", 10).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].code, "RUSGOV");
    let a = s.actors("korea", 10).unwrap();
    assert_eq!(a[0].code, "PRK");
    assert_eq!(s.actors("", 10).unwrap().len(), 2);
    assert!(s.actors("%", 10).unwrap().is_empty());
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

#[test]
fn content_ids_are_stable() {
    assert_eq!(content_id("abc"), "ba7816bf8f01cfea414140de5dae2223");
    assert_ne!(content_id("abc"), content_id("abd"));
}
