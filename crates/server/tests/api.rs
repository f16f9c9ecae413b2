//! The HTTP API over a small SQLite store: every endpoint, filters, pagination, errors.
//! Requests go through the router without a socket (`oneshot`), except one test that serves
//! on a loopback port.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;
use vedetta_analysis::Analyzer;
use vedetta_model::{
    Aux, Document, Event, EventEntity, Mention, MentionKind, PartialDate, Shape, Span,
};
use vedetta_server::{db_opener, router, AppState, StorePool};
use vedetta_store::{DocRecord, EventRecord, SqliteStore, Store};

// ---------------------------------------------------------------------------------------
// Fixtures: documents coded by hand (as in the store's tests), stems from the real analyser.

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::load(&vedetta_data::DataSource::Embedded).expect("packs"))
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

struct Ev<'a> {
    ty: &'a str,
    actor: (&'a str, &'a str),
    recipient: (&'a str, &'a str),
    trigger: &'a str,
    aux: Option<Aux>,
}

fn event(text: &str, e: Ev<'_>, date: &str) -> EventRecord {
    EventRecord {
        event: Event {
            event_type: vedetta_model::PloverType::parse(e.ty).expect("a PLOVER type"),
            mode: None,
            context: vec![],
            cameo: "070".into(),
            actor: vec![entity(text, e.actor.0, e.actor.1)],
            recipient: vec![entity(text, e.recipient.0, e.recipient.1)],
            reciprocal: false,
            aux: e.aux,
            aux_cue: None,
            attribution: vec![],
            evidence: Span::new(0, text.len()),
            trigger: span_of(text, e.trigger),
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

fn record(id: &str, lang: &str, date: &str, text: &str, events: Vec<Ev<'_>>) -> DocRecord {
    let doc = Document {
        id: id.into(),
        source: format!("{id}.txt"),
        date: Some(PartialDate::parse(date).unwrap()),
        lang: None,
        title: Some(format!("title {id}")),
        url: None,
        text: text.into(),
    };
    let an = analyzer().analyze(doc.clone(), Some(lang)).unwrap();
    let stems: Vec<&str> = an
        .tokens
        .iter()
        .filter(|t| !matches!(t.shape, Shape::Punct))
        .map(|t| t.stem.as_str())
        .collect();
    DocRecord {
        events: events.into_iter().map(|e| event(text, e, date)).collect(),
        doc,
        lang: lang.into(),
        mentions: vec![],
        timexes: vec![],
        quotes: vec![],
        stemmed_text: Some(stems.join(" ")),
    }
}

/// Four documents, five events, in date order:
/// d1-1 AID RUSGOV→PRK (it, 2024-05-17); d2-1 ACCUSE ITA→RUS hypothetical (it, 2024-06);
/// `wire:2024/0602`-1 AID USA→UKR and -2 SANCTION USA→RUS (en, 2024-06-02);
/// d4-1 THREATEN RUSMIL→UKR negation (en, 2025-01-10).
fn corpus() -> Vec<DocRecord> {
    let t1 = "La Russia ha inviato aiuti alla Corea del Nord.";
    let mut r1 = record(
        "d1",
        "it",
        "2024-05-17",
        t1,
        vec![Ev {
            ty: "AID",
            actor: ("RUSGOV", "Russia"),
            recipient: ("PRK", "Corea del Nord"),
            trigger: "inviato aiuti",
            aux: None,
        }],
    );
    r1.mentions = vec![
        mention(t1, "RUSGOV", "Russia", "Russia"),
        mention(t1, "PRK", "Corea del Nord", "North Korea"),
    ];
    let t2 = "L'Italia potrebbe accusare la Russia.";
    let mut r2 = record(
        "d2",
        "it",
        "2024-06",
        t2,
        vec![Ev {
            ty: "ACCUSE",
            actor: ("ITA", "Italia"),
            recipient: ("RUS", "Russia"),
            trigger: "accusare",
            aux: Some(Aux::Hypothetical),
        }],
    );
    r2.mentions = vec![
        mention(t2, "ITA", "Italia", "Italy"),
        mention(t2, "RUS", "Russia", "Russia"),
    ];
    let t3 = "The United States sent aid to Ukraine and sanctioned Russia.";
    let r3 = record(
        "wire:2024/0602",
        "en",
        "2024-06-02",
        t3,
        vec![
            Ev {
                ty: "AID",
                actor: ("USA", "United States"),
                recipient: ("UKR", "Ukraine"),
                trigger: "sent aid",
                aux: None,
            },
            Ev {
                ty: "SANCTION",
                actor: ("USA", "United States"),
                recipient: ("RUS", "Russia"),
                trigger: "sanctioned",
                aux: None,
            },
        ],
    );
    let t4 = "Russian troops did not threaten Ukraine.";
    let r4 = record(
        "d4",
        "en",
        "2025-01-10",
        t4,
        vec![Ev {
            ty: "THREATEN",
            actor: ("RUSMIL", "Russian troops"),
            recipient: ("UKR", "Ukraine"),
            trigger: "threaten",
            aux: Some(Aux::Negation),
        }],
    );
    // Issue 16: two events have a location (Pyongyang, named; Kyiv for "Ukraine").
    r1.events[0].event.location = Some(place(t1, "", "Pyongyang", (39.03385, 125.75432), "PRK"));
    let mut r3 = r3;
    r3.events[0].event.location = Some(place(t3, "Ukraine", "Ukraine", (50.45466, 30.5238), "UKR"));
    vec![r1, r2, r3, r4]
}

/// A location at `name` named by `word` (implied when empty).
fn place(
    text: &str,
    word: &str,
    name: &str,
    (lat, lon): (f64, f64),
    country: &str,
) -> vedetta_model::Location {
    vedetta_model::Location {
        extracted_place: word.into(),
        span: (!word.is_empty()).then(|| span_of(text, word)),
        resolved_place: name.into(),
        geonameid: 7,
        lat,
        lon,
        admin1: None,
        admin1_name: None,
        country_code: country.into(),
        feature_code: if word.is_empty() { "PPLC" } else { "PCLI" }.into(),
        resolution: if word.is_empty() { 4 } else { 1 },
        geo_precision: if word.is_empty() { 3 } else { 3 },
        reason: if word.is_empty() {
            vedetta_model::LocationReason::Document
        } else {
            vedetta_model::LocationReason::Clause
        },
    }
}

/// A fresh database file with [`corpus`] in a unique temporary folder (removed on drop).
struct TempDb {
    dir: PathBuf,
    path: PathBuf,
}

impl TempDb {
    fn new() -> TempDb {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "vedetta-server-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("test.db");
        let mut s = SqliteStore::open(&path).unwrap();
        let rep = s.put_batch(&corpus()).unwrap();
        assert_eq!((rep.documents, rep.events), (4, 5));
        TempDb { dir, path }
    }

    fn state(&self, with_analyzer: bool) -> AppState {
        let opener = db_opener(self.path.to_str().unwrap()).unwrap();
        let pool = StorePool::open(opener, 4).unwrap();
        let an =
            with_analyzer.then(|| Analyzer::load(&vedetta_data::DataSource::Embedded).unwrap());
        AppState::new(pool, an)
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The database and a router over it (with the analyser).
fn app() -> (TempDb, axum::Router) {
    let db = TempDb::new();
    let r = router(db.state(true));
    (db, r)
}

async fn call(app: &axum::Router, method: Method, uri: &str) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .unwrap();
    assert_eq!(
        ct.as_deref(),
        Some("application/json"),
        "{uri}: {}",
        String::from_utf8_lossy(&bytes)
    );
    let v: Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    (status, v)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    call(app, Method::GET, uri).await
}

/// Event ids of a 200 `/api/events` answer.
async fn ids(app: &axum::Router, uri: &str) -> Vec<String> {
    let (status, v) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

/// A 400 answer naming `param` (in `parameter` and in the message).
async fn bad(app: &axum::Router, uri: &str, param: &str) {
    let (status, v) = get(app, uri).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {v}");
    assert_eq!(v["status"], 400, "{uri}: {v}");
    assert_eq!(v["parameter"], param, "{uri}: {v}");
    assert!(v["error"].as_str().unwrap().contains(param), "{uri}: {v}");
}

const W: &str = "wire:2024/0602";

// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn health_counts_documents_and_events() {
    let (_db, app) = app();
    let (status, v) = get(&app, "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v,
        serde_json::json!({"ok": true, "documents": 4, "events": 5})
    );
}

#[tokio::test]
async fn events_page_shape_and_order() {
    let (_db, app) = app();
    let (status, v) = get(&app, "/api/events").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            v["total"].as_u64(),
            v["limit"].as_u64(),
            v["offset"].as_u64()
        ),
        (Some(5), Some(50), Some(0))
    );
    let events = v["events"].as_array().unwrap();
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["d1-1", "d2-1", &format!("{W}-1"), &format!("{W}-2"), "d4-1"]
    );
    let e = &events[0];
    assert_eq!(e["event_type"], "AID");
    assert_eq!(e["actor"][0]["code"], "RUSGOV");
    assert_eq!(e["actor"][0]["country"], "RUS");
    assert_eq!(e["recipient"][0]["code"], "PRK");
    assert_eq!(e["trigger"], "inviato aiuti");
    assert_eq!(e["date"], "2024-05-17");
    assert_eq!(e["lang"], "it");
}

#[tokio::test]
async fn event_filters_narrow_results() {
    let (_db, app) = app();
    let w1 = format!("{W}-1");
    let w2 = format!("{W}-2");
    // Actor prefixes on 3-letter groups, case-insensitive.
    assert_eq!(ids(&app, "/api/events?actor=RUS").await, ["d1-1", "d4-1"]);
    assert_eq!(ids(&app, "/api/events?actor=rusgov").await, ["d1-1"]);
    assert_eq!(
        ids(&app, "/api/events?recipient=RUS").await,
        ["d2-1", w2.as_str()]
    );
    assert_eq!(
        ids(&app, "/api/events?actor=USA&recipient=UKR").await,
        [w1.as_str()]
    );
    // Dyads, both spellings.
    assert_eq!(ids(&app, "/api/events?dyad=USA-RUS").await, [w2.as_str()]);
    assert_eq!(ids(&app, "/api/events?dyad=rus,ukr").await, ["d4-1"]);
    assert!(ids(&app, "/api/events?dyad=UKR-USA").await.is_empty());
    // Type (case-insensitive), aux, country.
    assert_eq!(
        ids(&app, "/api/events?type=aid").await,
        ["d1-1", w1.as_str()]
    );
    assert_eq!(ids(&app, "/api/events?type=SANCTION").await, [w2.as_str()]);
    assert_eq!(ids(&app, "/api/events?aux=hypothetical").await, ["d2-1"]);
    assert_eq!(ids(&app, "/api/events?aux=negation").await, ["d4-1"]);
    assert_eq!(
        ids(&app, "/api/events?aux=asserted").await,
        ["d1-1", w1.as_str(), w2.as_str()]
    );
    assert_eq!(
        ids(&app, "/api/events?country=UKR").await,
        [w1.as_str(), "d4-1"]
    );
    // Dates: a month bound covers the whole month; a year too.
    assert_eq!(
        ids(&app, "/api/events?from=2024-06").await,
        ["d2-1", w1.as_str(), w2.as_str(), "d4-1"]
    );
    assert_eq!(ids(&app, "/api/events?to=2024-05").await, ["d1-1"]);
    assert_eq!(
        ids(&app, "/api/events?from=2024-06-02&to=2024-06-02").await,
        ["d2-1", w1.as_str(), w2.as_str()]
    );
    assert_eq!(ids(&app, "/api/events?from=2025").await, ["d4-1"]);
    // Language (normalised).
    assert_eq!(ids(&app, "/api/events?lang=it").await, ["d1-1", "d2-1"]);
    assert_eq!(
        ids(&app, "/api/events?lang=en-GB&type=AID").await,
        [w1.as_str()]
    );
    // Combined filters.
    assert_eq!(
        ids(&app, "/api/events?country=RUS&lang=en").await,
        [w2.as_str(), "d4-1"]
    );
    // Empty values count as absent.
    assert_eq!(ids(&app, "/api/events?actor=&type=&q=").await.len(), 5);
}

#[tokio::test]
async fn full_text_query_matches_stems() {
    let (_db, app) = app();
    // As written.
    assert_eq!(ids(&app, "/api/events?q=Corea").await, ["d1-1"]);
    // Another form of the same stem: "aiuto" (text has "aiuti"), "threatened" ("threaten").
    assert_eq!(ids(&app, "/api/events?q=aiuto").await, ["d1-1"]);
    assert_eq!(ids(&app, "/api/events?q=threatened").await, ["d4-1"]);
    // Every word must occur; percent-encoded spaces.
    assert_eq!(ids(&app, "/api/events?q=Russia%20Ukraine").await.len(), 2);
    assert!(ids(&app, "/api/events?q=Corea%20Ukraine").await.is_empty());
    // FTS syntax is not interpreted.
    assert!(ids(&app, "/api/events?q=%22Corea%22%20OR%20NEAR(")
        .await
        .is_empty());
    // Without an analyser only words as written match.
    let db = TempDb::new();
    let plain = router(db.state(false));
    assert!(ids(&plain, "/api/events?q=aiuto").await.is_empty());
    assert_eq!(ids(&plain, "/api/events?q=aiuti").await, ["d1-1"]);
    assert_eq!(ids(&plain, "/api/events?lang=it").await.len(), 2);
}

#[tokio::test]
async fn pagination_limit_offset_total() {
    let (_db, app) = app();
    let (_, v) = get(&app, "/api/events?limit=2").await;
    assert_eq!(v["total"], 5);
    assert_eq!(v["limit"], 2);
    let page1: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(page1, ["d1-1", "d2-1"]);
    assert_eq!(
        ids(&app, "/api/events?limit=2&offset=2").await,
        [format!("{W}-1"), format!("{W}-2")]
    );
    assert_eq!(ids(&app, "/api/events?limit=2&offset=4").await, ["d4-1"]);
    let (_, v) = get(&app, "/api/events?limit=2&offset=10").await;
    assert_eq!(
        (v["total"].as_u64(), v["offset"].as_u64()),
        (Some(5), Some(10))
    );
    assert!(v["events"].as_array().unwrap().is_empty());
    // limit=0: only the count; the maximum is accepted.
    let (_, v) = get(&app, "/api/events?limit=0&type=AID").await;
    assert_eq!(v["total"], 2);
    assert!(v["events"].as_array().unwrap().is_empty());
    assert_eq!(ids(&app, "/api/events?limit=1000").await.len(), 5);
    // total counts the filtered events, not the page.
    let (_, v) = get(&app, "/api/events?country=RUS&limit=1&offset=1").await;
    assert_eq!(v["total"], 4);
    assert_eq!(v["events"][0]["id"], "d2-1");
}

#[tokio::test]
async fn document_found_and_not_found() {
    let (_db, app) = app();
    let (status, d) = get(&app, "/api/documents/d1").await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["id"], "d1");
    assert_eq!(d["lang"], "it");
    assert_eq!(d["title"], "title d1");
    assert_eq!(d["text"], "La Russia ha inviato aiuti alla Corea del Nord.");
    assert_eq!(d["mentions"].as_array().unwrap().len(), 2);
    assert_eq!(d["mentions"][1]["name"], "North Korea");
    assert_eq!(d["events"][0]["id"], "d1-1");
    assert!(d["timexes"].is_array() && d["quotes"].is_array());
    // An id with ':' and '/' percent-encoded.
    let (status, d) = get(&app, "/api/documents/wire%3A2024%2F0602").await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["id"], W);
    assert_eq!(d["events"].as_array().unwrap().len(), 2);
    // Missing: 404 JSON.
    let (status, e) = get(&app, "/api/documents/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(e["status"], 404);
    assert!(e["error"].as_str().unwrap().contains("nope"), "{e}");
    // No parameters taken.
    bad(&app, "/api/documents/d1?full=1", "full").await;
}

#[tokio::test]
async fn actors_by_code_prefix_or_name() {
    let (_db, app) = app();
    let (status, v) = get(&app, "/api/actors").await;
    assert_eq!(status, StatusCode::OK);
    let codes = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(v.as_array().unwrap().len(), 4, "{v}");
    let (_, v) = get(&app, "/api/actors?q=rus").await;
    assert_eq!(codes(&v), ["RUS", "RUSGOV"]);
    let (_, v) = get(&app, "/api/actors?q=korea").await;
    assert_eq!(codes(&v), ["PRK"]);
    assert_eq!(v[0]["name"], "North Korea");
    assert_eq!(v[0]["mentions"], 1);
    let (_, v) = get(&app, "/api/actors?limit=1").await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = get(&app, "/api/actors?q=zzz").await;
    assert!(v.as_array().unwrap().is_empty());
    bad(&app, "/api/actors?limit=5000", "limit").await;
    bad(&app, "/api/actors?limit=-1", "limit").await;
    bad(&app, "/api/actors?type=AID", "type").await;
}

#[tokio::test]
async fn openapi_describes_every_route_and_parameter() {
    let (_db, app) = app();
    let (status, doc) = get(&app, "/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    let mut routed = vedetta_server::routes::paths();
    documented.sort_unstable();
    routed.sort_unstable();
    assert_eq!(documented, routed);
    // Query parameters match what the handlers accept.
    let query_names = |path: &str| -> Vec<String> {
        paths[path]["get"]["parameters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|p| p["in"] == "query")
                    .map(|p| p["name"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        query_names("/api/events"),
        vedetta_server::routes::events::PARAMS
    );
    assert_eq!(
        query_names("/api/stories"),
        vedetta_server::routes::stories::PARAMS
    );
    assert_eq!(
        query_names("/api/actors"),
        vedetta_server::routes::actors::PARAMS
    );
    assert_eq!(
        query_names("/api/series"),
        vedetta_server::routes::series::PARAMS
    );
    assert_eq!(
        query_names("/api/network"),
        vedetta_server::routes::network::PARAMS
    );
    assert_eq!(
        query_names("/api/alerts"),
        vedetta_server::routes::alerts::PARAMS
    );
    assert_eq!(
        query_names("/api/documents/{id}"),
        vedetta_server::routes::documents::PARAMS
    );
    assert!(query_names("/api/health").is_empty());
    assert!(query_names("/openapi.json").is_empty());
    // Every $ref resolves, every operation documents its 200 and 400 answers.
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &r[..r.find('"').unwrap()];
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "missing schema {name}"
        );
    }
    for (p, item) in paths {
        let op = &item["get"];
        assert!(
            op["responses"]["200"].is_object() && op["responses"]["400"].is_object(),
            "{p}"
        );
        assert!(op["operationId"].is_string(), "{p}");
    }
    // Every documented path is served (a concrete id for the template).
    for p in routed {
        let uri = p.replace("{id}", "d1");
        let (status, v) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    }
}

#[tokio::test]
async fn bad_parameters_are_400_naming_them() {
    let (_db, app) = app();
    bad(&app, "/api/events?from=2024-13", "from").await;
    bad(&app, "/api/events?to=yesterday", "to").await;
    bad(&app, "/api/events?from=2025&to=2024", "from").await;
    bad(&app, "/api/events?limit=abc", "limit").await;
    bad(&app, "/api/events?limit=100000", "limit").await;
    bad(&app, "/api/events?limit=1001", "limit").await;
    bad(&app, "/api/events?offset=-3", "offset").await;
    bad(&app, "/api/events?offset=99999999999999999999", "offset").await;
    bad(&app, "/api/events?aux=maybe", "aux").await;
    bad(&app, "/api/events?type=FOO", "type").await;
    bad(&app, "/api/events?actor=RUS%20GOV", "actor").await;
    bad(&app, "/api/events?country=R-U", "country").await;
    bad(&app, "/api/events?dyad=USA", "dyad").await;
    bad(&app, "/api/events?dyad=USA-RUS&actor=USA", "dyad").await;
    bad(&app, "/api/events?lang=xx", "lang").await;
    bad(&app, "/api/events?limit=1&limit=2", "limit").await;
    bad(&app, &format!("/api/events?q={}", "a".repeat(1001)), "q").await;
    bad(&app, "/api/events?color=red", "color").await;
    bad(&app, "/api/health?verbose=1", "verbose").await;
    bad(&app, "/openapi.json?x=1", "x").await;
    // Several unknown names: all listed.
    let (status, v) = get(&app, "/api/events?color=red&size=2&type=AID").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["parameter"], "color,size");
    let msg = v["error"].as_str().unwrap();
    assert!(msg.contains("color") && msg.contains("size"), "{msg}");
    // The type list is PLOVER's.
    let (status, v) = get(&app, "/api/events?type=DEMAND").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("ACCUSE"), "{v}");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json() {
    let (_db, app) = app();
    let (status, v) = get(&app, "/api/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(v["status"], 404);
    assert!(v["error"].as_str().unwrap().contains("/api/nothing"));
    let (status, _) = get(&app, "/nothing/here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, v) = call(&app, Method::POST, "/api/events").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(v["status"], 405);
    let (status, _) = call(&app, Method::DELETE, "/api/documents/d1").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn store_errors_are_500_json() {
    let db = TempDb::new();
    let app = router(db.state(false));
    // Break the database under the pool's open connections.
    let s = SqliteStore::open(&db.path).unwrap();
    s.connection()
        .execute_batch("DROP TABLE failures; DROP TABLE event_entities;")
        .unwrap();
    drop(s);
    for uri in ["/api/health", "/api/events", "/api/events?actor=RUS"] {
        let (status, v) = get(&app, uri).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}: {v}");
        assert_eq!(v["status"], 500);
        assert!(v["error"].as_str().unwrap().starts_with("store: "), "{v}");
    }
    // The pool survives: other calls still work.
    let (status, _) = get(&app, "/api/actors").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_concurrent_requests_share_the_pool() {
    let (_db, app) = app();
    let app = Arc::new(app);
    let mut tasks = Vec::new();
    for i in 0..64 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let uri = match i % 4 {
                0 => "/api/events?country=RUS".to_string(),
                1 => "/api/health".to_string(),
                2 => "/api/documents/d1".to_string(),
                _ => format!("/api/events?limit=1&offset={}", i % 5),
            };
            let (status, v) = get(&app, &uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}: {v}");
            if i % 4 == 0 {
                assert_eq!(v["total"], 4);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_on_a_loopback_socket_and_shuts_down() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let db = TempDb::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(vedetta_server::serve_listener(
        listener,
        db.state(false),
        async move {
            let _ = stopped.await;
        },
    ));
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    conn.write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.ends_with(r#"{"ok":true,"documents":4,"events":5}"#),
        "{answer}"
    );
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("shut down in time")
        .unwrap()
        .unwrap();
}

#[test]
fn opener_refuses_missing_sqlite_files() {
    let open = db_opener("/nonexistent/vedetta.db").unwrap();
    let e = open().err().unwrap().to_string();
    assert!(e.contains("no such database"), "{e}");
    assert!(!std::path::Path::new("/nonexistent/vedetta.db").exists());
    // An empty file and another application's database are refused, and left as they were.
    let dir = std::env::temp_dir().join(format!("vedetta-opener-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let e = db_opener(empty.to_str().unwrap()).unwrap()()
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("not a vedetta store") && e.contains("empty.db"),
        "{e}"
    );
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    let foreign = dir.join("foreign.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")
            .unwrap();
    }
    let before = std::fs::read(&foreign).unwrap();
    let e = db_opener(foreign.to_str().unwrap()).unwrap()()
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("another application"), "{e}");
    assert!(
        std::fs::read(&foreign).unwrap() == before,
        "the foreign database changed"
    );
    let _ = std::fs::remove_dir_all(&dir);
    // PostgreSQL URLs are opened by the store (here: nothing listens on port 1); the
    // message hides the password.
    let open = db_opener("postgres://me:secret@127.0.0.1:1/v").unwrap();
    let e = open().err().unwrap().to_string();
    assert!(e.contains("127.0.0.1:1") && !e.contains("secret"), "{e}");
    let db = TempDb::new();
    let url = format!("sqlite://{}", db.path.display());
    let pool = StorePool::open(db_opener(&url).unwrap(), 2).unwrap();
    assert_eq!(pool.size(), 2);
}

#[test]
fn stem_query_tries_every_language_or_the_one_given() {
    let a = analyzer();
    let all = vedetta_server::stem_query(a, "aiuti militari", None);
    assert_eq!(all.len(), a.languages().count());
    let it = vedetta_server::stem_query(a, "aiuti militari", Some("it"));
    assert_eq!(it.len(), 1);
    assert!(it[0].starts_with("aiut "), "{it:?}");
    assert!(vedetta_server::stem_query(a, "x", Some("zz")).is_empty());
}

#[tokio::test]
async fn pool_replaces_a_store_lost_to_a_panic() {
    let db = TempDb::new();
    let opener = db_opener(db.path.to_str().unwrap()).unwrap();
    let pool = StorePool::open(opener, 1).unwrap();
    let e = pool
        .run(|_| -> Result<(), vedetta_server::ApiError> { panic!("boom (expected)") })
        .await
        .unwrap_err();
    assert_eq!(e.status, 500);
    // The only store was lost: the next calls open a new one.
    for _ in 0..3 {
        let n = pool.run(|s| Ok(s.stats()?.documents)).await.unwrap();
        assert_eq!(n, 4);
    }
}

#[tokio::test]
async fn stories_group_events_and_validate_parameters() {
    let (_db, app) = app();
    let (status, all) = get(&app, "/api/events?limit=1000").await;
    assert_eq!(status, StatusCode::OK);
    let (status, page) = get(&app, "/api/stories").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let stories = page["stories"].as_array().unwrap();
    assert!(!stories.is_empty());
    // Every event is in exactly one story.
    let mentions: u64 = stories
        .iter()
        .map(|s| s["mentions"].as_u64().unwrap())
        .sum();
    assert_eq!(mentions, all["total"].as_u64().unwrap());
    for s in stories {
        let key = s["key"].as_str().unwrap();
        assert_eq!(key.split('|').count(), 4, "{key}");
        assert!(s["sources"].as_u64().unwrap() <= s["documents"].as_u64().unwrap());
    }
    // Filters apply before grouping.
    let (_, aid) = get(&app, "/api/stories?type=AID").await;
    assert!(aid["stories"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["event_type"] == "AID"));
    let (_, one) = get(&app, "/api/stories?limit=1").await;
    assert_eq!(one["stories"].as_array().unwrap().len(), 1);
    bad(&app, "/api/stories?type=FOO", "type").await;
    bad(&app, "/api/stories?limit=abc", "limit").await;
    bad(&app, "/api/stories?sort=x", "sort").await;
}

/// `(label, events, AID count)` of each bucket of a 200 `/api/series` answer.
async fn buckets(app: &axum::Router, uri: &str) -> Vec<(String, u64, u64)> {
    let (status, v) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    v["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_string(),
                b["events"].as_u64().unwrap(),
                b["by_type"]["AID"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[tokio::test]
async fn series_counts_by_bucket_type_and_filters() {
    let (_db, app) = app();
    // Asserted only by default: d1 (May), the two wire events (June).
    assert_eq!(
        buckets(&app, "/api/series?by=month").await,
        vec![("2024-05".into(), 1, 1), ("2024-06".into(), 2, 1)]
    );
    // All aux modes: the hypothetical June accusation and the 2025 threat too, zero-filled.
    let all = buckets(&app, "/api/series?by=month&aux=all").await;
    assert_eq!(all.len(), 9, "2024-05 to 2025-01: {all:?}");
    assert_eq!(all[1], ("2024-06".into(), 3, 1));
    assert_eq!(all[8], ("2025-01".into(), 1, 0));
    assert!(all[2..8].iter().all(|b| b.1 == 0));
    // Filters narrow the series: language, type, dyad, full text.
    assert_eq!(
        buckets(&app, "/api/series?by=month&lang=en").await,
        vec![("2024-06".into(), 2, 1)]
    );
    assert_eq!(
        buckets(&app, "/api/series?by=month&type=aid").await,
        vec![("2024-05".into(), 1, 1), ("2024-06".into(), 1, 1)]
    );
    let (status, v) = get(&app, "/api/series?dyad=USA-RUS&by=day").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["total"]["events"], 1);
    assert_eq!(v["total"]["by_type"]["SANCTION"], 1);
    assert_eq!(v["actor"], "USA");
    let (_, v) = get(
        &app,
        "/api/series?by=week&aux=asserted,hypothetical&country=ITA",
    )
    .await;
    assert_eq!(v["total"]["events"], 1, "{v}");
    assert_eq!(
        v["imprecise"][0]["period"], "2024-06",
        "a month date is not put on a week"
    );
}

#[tokio::test]
async fn network_edges_by_country_and_code() {
    let (_db, app) = app();
    let (status, v) = get(&app, "/api/network").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let edges: Vec<(String, String, u64)> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap().into(),
                e["recipient"].as_str().unwrap().into(),
                e["events"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        vec![
            ("RUS".into(), "PRK".into(), 1),
            ("USA".into(), "RUS".into(), 1),
            ("USA".into(), "UKR".into(), 1),
        ]
    );
    assert_eq!(v["edges"][0]["cooperation"], 1);
    assert_eq!(v["edges"][0]["score_mean"], 7.0);
    assert_eq!(v["nodes"][0]["id"], "RUS");
    assert_eq!(v["nodes"][0]["events"], 2);
    let (_, v) = get(&app, "/api/network?level=code&aux=all&limit=2&actor=RUS").await;
    assert_eq!(v["edges_total"], 2, "{v}");
    assert_eq!(v["edges"][0]["actor"], "RUSGOV");
    assert_eq!(v["edges"][1]["actor"], "RUSMIL");
    assert_eq!(v["level"], "code");
}

#[tokio::test]
async fn alerts_answer_a_report_and_check_options() {
    let (_db, app) = app();
    let (status, v) = get(&app, "/api/alerts?as_of=2024-06-30&window=30&baseline=60").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(
        v["alerts"].as_array().unwrap().is_empty(),
        "too few events: {v}"
    );
    let (status, v) = get(&app, "/api/alerts?model=nb&aux=all&min_events=1&min_docs=1").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["alerts"].is_array());
}

#[tokio::test]
async fn analytics_bad_parameters_are_400_naming_them() {
    let (_db, app) = app();
    bad(&app, "/api/series?by=year", "by").await;
    bad(&app, "/api/series?aux=maybe", "aux").await;
    bad(&app, "/api/series?aux=all,negation", "aux").await;
    bad(&app, "/api/series?from=2025&to=2024", "from").await;
    bad(&app, "/api/series?limit=5", "limit").await;
    bad(&app, "/api/network?level=sector", "level").await;
    bad(&app, "/api/network?limit=5000", "limit").await;
    bad(&app, "/api/network?type=NOPE", "type").await;
    bad(&app, "/api/alerts?window=0", "window").await;
    bad(&app, "/api/alerts?baseline=99999", "baseline").await;
    bad(&app, "/api/alerts?min_surprise=-1", "min_surprise").await;
    bad(&app, "/api/alerts?min_ratio=NaN", "min_ratio").await;
    bad(&app, "/api/alerts?model=gauss", "model").await;
    bad(&app, "/api/alerts?as_of=2024-13", "as_of").await;
    // Alerts take the event filters (issue 12), and check them like /api/events.
    for uri in [
        "/api/alerts?actor=RUS",
        "/api/alerts?lang=en&country=UKR",
        "/api/alerts?dyad=USA-RUS&type=SANCTION&q=sanctioned",
    ] {
        let (status, v) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    }
    let (_, all) = get(&app, "/api/alerts?as_of=2025-01-10&window=400&baseline=30").await;
    let (_, en) = get(
        &app,
        "/api/alerts?as_of=2025-01-10&window=400&baseline=30&lang=en",
    )
    .await;
    assert!(
        en["events"].as_u64() < all["events"].as_u64(),
        "{en} vs {all}"
    );
    bad(&app, "/api/alerts?actor=R%21S", "actor").await;
    bad(&app, "/api/alerts?lang=xx", "lang").await;
    bad(&app, "/api/alerts?from=2024", "from").await;
}

// ---------------------------------------------------------------------------------------
// Hostile requests (issue 12, docs/hardening.md).

/// A request with a Host header, through the router.
async fn get_with_host(app: &axum::Router, uri: &str, host: &str) -> (StatusCode, Value) {
    let req = Request::builder()
        .uri(uri)
        .header("host", host)
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn full_text_terms_are_deduplicated_and_capped() {
    let (_db, app) = app();
    // One word 500 times is one term.
    let q = vec!["Russia"; 140].join("%20");
    let (status, v) = get(&app, &format!("/api/events?q={q}")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, once) = get(&app, "/api/events?q=Russia").await;
    assert_eq!(v["total"], once["total"], "{v}");
    for route in ["/api/events", "/api/stories", "/api/network", "/api/series"] {
        let (status, _) = get(&app, &format!("{route}?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "{route}");
    }
    // 33 distinct words are refused, naming q.
    let many: Vec<String> = (0..33).map(|i| format!("w{i}")).collect();
    for route in ["/api/events", "/api/stories", "/api/network"] {
        bad(&app, &format!("{route}?q={}", many.join("+")), "q").await;
    }
    // 32 are fine.
    let (status, _) = get(&app, &format!("/api/events?q={}", many[..32].join("+"))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_query_over_its_budget_is_a_503_naming_the_budget() {
    let db = TempDb::new();
    let opener = db_opener(db.path.to_str().unwrap()).unwrap();
    let pool = StorePool::open(opener, 1)
        .unwrap()
        .with_budget(std::time::Duration::from_nanos(1));
    // Past the budget before any work: the first progress check stops the query.
    let app = router(AppState::new(pool, None));
    let (status, v) = get(&app, "/api/events?q=Russia").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert_eq!(v["status"], 503);
    let msg = v["error"].as_str().unwrap();
    assert!(msg.contains("time budget of 0.000000001 s"), "{msg}");
    // The store is not lost: with a budget again the same pool answers (size 1).
    let opener = db_opener(db.path.to_str().unwrap()).unwrap();
    let app = router(AppState::new(StorePool::open(opener, 1).unwrap(), None));
    let (status, _) = get(&app, "/api/events?q=Russia").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_stops_when_the_request_is_dropped() {
    let db = TempDb::new();
    // Many events, so the walk below would take seconds.
    {
        let mut s = SqliteStore::open(&db.path).unwrap();
        let mut more = Vec::new();
        for i in 0..60 {
            let mut r = corpus().remove(0);
            r.doc.id = format!("extra{i}");
            r.doc.text = format!("{} ({i})", r.doc.text);
            more.push(r);
        }
        s.put_batch(&more).unwrap();
    }
    let opener = db_opener(db.path.to_str().unwrap()).unwrap();
    let pool = Arc::new(StorePool::open(opener, 1).unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let (p, n) = (pool.clone(), seen.clone());
    let call = tokio::spawn(async move {
        p.run(move |s| {
            s.for_each_event(&Default::default(), &mut |_| {
                n.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(50));
                Ok(())
            })?;
            Ok(())
        })
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    call.abort(); // the client went away
                  // The next call waits for the one store: it gets it back once the walk has stopped.
    pool.run(|s| Ok(s.stats()?)).await.unwrap();
    let walked = seen.load(Ordering::SeqCst);
    assert!(
        walked < 40,
        "the walk went on after the request was dropped: {walked} events"
    );
}

#[tokio::test]
async fn documents_are_read_a_page_of_annotations_at_a_time() {
    let (_db, app) = app();
    let (status, v) = get(&app, "/api/documents/d1?limit=1").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["mentions"].as_array().unwrap().len(), 1);
    assert_eq!(v["mentions"][0]["text"], "Russia");
    assert_eq!(v["totals"]["mentions"], 2);
    assert_eq!(v["totals"]["events"], 1);
    let (_, v) = get(&app, "/api/documents/d1?limit=1&mentions_offset=1").await;
    assert_eq!(v["mentions"][0]["text"], "Corea del Nord");
    let (_, v) = get(&app, "/api/documents/wire%3A2024%2F0602?events_offset=1").await;
    let evs = v["events"].as_array().unwrap();
    assert_eq!(evs.len(), 1, "{v}");
    assert_eq!(evs[0]["event_type"], "SANCTION");
    bad(&app, "/api/documents/d1?limit=10001", "limit").await;
    bad(
        &app,
        "/api/documents/d1?mentions_offset=-1",
        "mentions_offset",
    )
    .await;
    bad(&app, "/api/documents/d1?offset=1", "offset").await;
}

#[tokio::test]
async fn only_loopback_and_allowed_hosts_are_answered() {
    let db = TempDb::new();
    let app = router(db.state(false));
    for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
        let (status, v) = get_with_host(&app, "/api/health", host).await;
        assert_eq!(status, StatusCode::OK, "{host}: {v}");
    }
    let (status, v) = get_with_host(&app, "/api/health", "rebound.example:8080").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{v}");
    assert!(v["error"].as_str().unwrap().contains("--allow-host"), "{v}");
    let (status, _) = get_with_host(&app, "/", "rebound.example").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let hosts = vedetta_server::hosts::AllowedHosts::loopback().allow("rebound.example");
    let app = router(db.state(false).with_hosts(hosts));
    let (status, _) = get_with_host(&app, "/api/health", "rebound.example:8080").await;
    assert_eq!(status, StatusCode::OK);
}

/// Serves `db` on a loopback port with `limits`; returns the address, the stop signal and the
/// server task.
async fn serve_with(
    db: &TempDb,
    limits: vedetta_server::listen::Limits,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(vedetta_server::listen::serve_connections(
        listener,
        router(db.state(false)),
        limits,
        async move {
            let _ = stopped.await;
        },
    ));
    (addr, stop, server)
}

/// Sends `bytes` and reads the whole answer: (status, JSON body).
async fn raw(addr: std::net::SocketAddr, bytes: &[u8]) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let _ = conn.write_all(bytes).await;
    let mut answer = Vec::new();
    let _ = conn.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status: u16 = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {answer:?}"));
    let body = answer.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
    let v = serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {answer}"));
    (status, v)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_errors_are_json_and_slow_clients_are_cut_off() {
    use tokio::io::AsyncWriteExt;
    let db = TempDb::new();
    let limits = vedetta_server::listen::Limits {
        head_timeout: std::time::Duration::from_millis(300),
        max_connections: 4,
        shutdown_grace: std::time::Duration::from_millis(300),
        ..Default::default()
    };
    let (addr, stop, server) = serve_with(&db, limits).await;
    let (s, v) = raw(addr, b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n").await;
    assert_eq!((s, v["ok"].as_bool()), (200, Some(true)));
    // A URI over 8 KiB: 414 with a JSON body.
    let long = format!(
        "GET /api/events?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(9000)
    );
    let (s, v) = raw(addr, long.as_bytes()).await;
    assert_eq!((s, v["status"].as_u64()), (414, Some(414)), "{v}");
    // Headers over 32 KiB, or too many: 431.
    let big = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: {}\r\n\r\n",
        "b".repeat(40_000)
    );
    assert_eq!(raw(addr, big.as_bytes()).await.0, 431);
    let mut many = String::from("GET / HTTP/1.1\r\nHost: x\r\n");
    for i in 0..100 {
        many.push_str(&format!("X-{i}: v\r\n"));
    }
    many.push_str("\r\n");
    assert_eq!(raw(addr, many.as_bytes()).await.0, 431);
    // Garbage: 400.
    let (s, v) = raw(addr, b"\x01\x02 nonsense\r\n\r\n").await;
    assert_eq!(s, 400, "{v}");
    // A head that never ends: 408 after the head timeout.
    let (s, v) = raw(addr, b"GET /api/health HTTP/1.1\r\nHost: local").await;
    assert_eq!(s, 408, "{v}");
    // Connections beyond the cap get a 503 at once while the others trickle.
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut c = tokio::net::TcpStream::connect(addr).await.unwrap();
        c.write_all(b"GET /api/health HTTP/1.1\r\n").await.unwrap();
        slow.push(c);
    }
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let (s, v) = raw(addr, b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n").await;
    assert_eq!(s, 503, "{v}");
    // Shutdown does not wait for the trickling clients beyond the grace period.
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), server)
        .await
        .expect("shut down within the grace period")
        .unwrap()
        .unwrap();
    drop(slow);
}

/// Issue 16: the location filters (`place_country`, `near`, `place`, `located`) on every
/// filtered endpoint, the location object in the answer, and a 400 naming the parameter for
/// every bad value.
#[tokio::test]
async fn location_filters_and_their_bad_values() {
    let (_db, app) = app();
    let w1 = format!("{W}-1");
    assert_eq!(
        ids(&app, "/api/events?place_country=ukr").await,
        [w1.clone()]
    );
    assert_eq!(ids(&app, "/api/events?place_country=PRK").await, ["d1-1"]);
    assert_eq!(ids(&app, "/api/events?near=39.0,125.7,50").await, ["d1-1"]);
    assert_eq!(
        ids(&app, "/api/events?near=46.48,30.72,400").await,
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&app, "/api/events?near=46.48,30.72,500").await,
        [w1.clone()]
    );
    assert_eq!(
        ids(&app, "/api/events?near=0,0,20000&type=AID").await,
        ["d1-1".to_string(), w1.clone()]
    );
    assert_eq!(ids(&app, "/api/events?place=PYONGYANG").await, ["d1-1"]);
    assert_eq!(
        ids(&app, "/api/events?place=%20ukraine%20").await,
        [w1.clone()]
    );
    assert_eq!(
        ids(&app, "/api/events?located=false").await,
        ["d2-1".to_string(), format!("{W}-2"), "d4-1".to_string()]
    );
    // --country keeps its meaning: the actor's or the recipient's.
    assert_eq!(ids(&app, "/api/events?country=PRK").await, ["d1-1"]);
    let (status, v) = get(&app, "/api/events?located=true").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 2);
    let l = &v["events"][1]["location"];
    assert_eq!(l["resolved_place"], "Ukraine", "{v}");
    assert_eq!(l["country_code"], "UKR");
    assert_eq!(l["lat"], 50.45466);
    assert_eq!(l["reason"], "place in the event clause");
    let t3 = "The United States sent aid to Ukraine and sanctioned Russia.";
    assert_eq!(l["start"], t3.find("Ukraine").unwrap());
    assert_eq!(v["events"][0]["location"]["start"], Value::Null);
    let (_, v) = get(&app, "/api/events?located=false").await;
    assert_eq!(v["events"][0]["location"], Value::Null);
    // Series, stories and network take the same filters.
    let (status, v) = get(&app, "/api/stories?place_country=UKR").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    for (path, ok) in [
        ("/api/series", "near=0,0,20000"),
        ("/api/network", "place=Pyongyang"),
        ("/api/alerts", "located=true"),
    ] {
        let (status, v) = get(&app, &format!("{path}?{ok}")).await;
        assert_eq!(status, StatusCode::OK, "{path}?{ok}: {v}");
    }
    for (query, param) in [
        ("near=abc", "near"),
        ("near=1,2", "near"),
        ("near=91,0,10", "near"),
        ("near=0,181,10", "near"),
        ("near=0,0,0", "near"),
        ("near=0,0,-3", "near"),
        ("near=0,0,1e9", "near"),
        ("near=0,0,NaN", "near"),
        ("place_country=U-K", "place_country"),
        ("located=maybe", "located"),
    ] {
        for path in ["/api/events", "/api/series", "/api/network", "/api/alerts"] {
            bad(&app, &format!("{path}?{query}"), param).await;
        }
    }
    let long = "x".repeat(201);
    bad(&app, &format!("/api/events?place={long}"), "place").await;
}
