//! The HTTP API's query parameters: `Params::from_pairs` and `event_filter` directly, then the
//! whole router (`tower::ServiceExt::oneshot`, no socket) over a small SQLite store coded by
//! the real pipeline. The first byte picks the route; the rest is the query string (bytes
//! outside the URI alphabet are percent-encoded, so every input makes a request). A response
//! must be JSON with a status below 500: a bad parameter is the client's mistake.
#![no_main]
use axum::body::Body;
use axum::http::Request;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tower::ServiceExt;
use vedetta_fuzz::pipeline;
use vedetta_model::{Document, PartialDate};
use vedetta_server::params::Params;
use vedetta_server::routes::events::{event_filter, PARAMS};
use vedetta_server::{db_opener, router, AppState, StorePool};

struct Env {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
    _dir: tempfile::TempDir,
}

const TEXTS: [(&str, &str, &str); 3] = [
    ("it", "2024-05-17", "La Russia ha inviato aiuti alla Corea del Nord, ha detto il Cremlino."),
    ("it", "2024-06", "L'Italia potrebbe accusare la Russia di aver violato le sanzioni."),
    ("en", "2024-06-02", "The United States sent aid to Ukraine and sanctioned Russia on Monday."),
];

fn env() -> &'static Env {
    static E: OnceLock<Env> = OnceLock::new();
    E.get_or_init(|| {
        let p = pipeline();
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("fuzz.db");
        let mut store = vedetta_store::SqliteStore::open(&db).expect("store");
        let mut recs = Vec::new();
        for (i, (lang, date, text)) in TEXTS.iter().enumerate() {
            let doc = Document {
                id: format!("d{i}"),
                source: format!("d{i}.txt"),
                date: PartialDate::parse(date).ok(),
                lang: Some(lang.to_string()),
                title: Some(format!("title {i}")),
                url: None,
                text: text.to_string(),
            };
            let c = p.code(doc, Some(lang)).expect("coded");
            recs.push(p.record(c));
        }
        vedetta_store::Store::put_batch(&mut store, &recs).expect("put");
        drop(store);
        let opener = db_opener(db.to_str().expect("utf-8 path")).expect("opener");
        let pool = StorePool::open(opener, 1).expect("pool");
        let analyzer = vedetta_analysis::Analyzer::load(&vedetta_data::DataSource::Embedded)
            .expect("packs");
        let app = router(AppState::new(pool, Some(analyzer)));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Env { rt, app, _dir: dir }
    })
}

const ROUTES: [&str; 10] = [
    "/api/events",
    "/api/stories",
    "/api/documents/d0",
    "/api/documents/",
    "/api/actors",
    "/api/series",
    "/api/network",
    "/api/alerts",
    "/api/health",
    "/openapi.json",
];

fn encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"&=%+-._~,:*".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    // 1. The parameter parser and the event filter, on pairs split by hand.
    let text = String::from_utf8_lossy(rest);
    let pairs: Vec<(String, String)> = text
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.to_string(), String::new()),
        })
        .collect();
    if let Ok(p) = Params::from_pairs(pairs, PARAMS) {
        let _ = event_filter(&p, Some(&pipeline().analyzer));
        let _ = event_filter(&p, None);
        let _ = p.uint("limit", 100, 1000);
        let _ = p.number("threshold", 2.0, 0.0, 100.0);
    }
    // 2. The whole router.
    let e = env();
    let route = ROUTES[sel as usize % ROUTES.len()];
    let uri = if route.ends_with('/') {
        // The rest is the document id.
        format!("{route}{}", encode(rest))
    } else {
        format!("{route}?{}", encode(rest))
    };
    let Ok(req) = Request::builder().uri(&uri).body(Body::empty()) else {
        return;
    };
    let resp = e.rt.block_on(e.app.clone().oneshot(req)).expect("infallible");
    let status = resp.status();
    let body = e
        .rt
        .block_on(axum::body::to_bytes(resp.into_body(), 64 << 20))
        .expect("body");
    assert!(
        status.as_u16() < 500,
        "{uri} -> {status}: {}",
        String::from_utf8_lossy(&body)
    );
    if route != "/openapi.json" || status.as_u16() != 200 {
        let _: serde_json::Value = serde_json::from_slice(&body)
            .unwrap_or_else(|err| panic!("{uri} -> {status}: not JSON ({err})"));
    }
});
