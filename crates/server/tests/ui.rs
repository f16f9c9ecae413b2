//! The dashboard routes: the page at `/`, its assets with their content types and caching,
//! a JSON 404 for unknown assets, and the API routes unchanged beside them.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use std::path::PathBuf;
use tower::ServiceExt;
use vedetta_server::{db_opener, router, ui, AppState, StorePool};
use vedetta_store::SqliteStore;

/// An empty store in a temporary folder (removed on drop) and a router over it.
struct App {
    dir: PathBuf,
    router: axum::Router,
}

impl App {
    fn new(name: &str) -> App {
        let dir =
            std::env::temp_dir().join(format!("vedetta-ui-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ui.db");
        drop(SqliteStore::open(&path).unwrap());
        let pool = StorePool::open(db_opener(path.to_str().unwrap()).unwrap(), 1).unwrap();
        let router = router(AppState::new(pool, None));
        App { dir, router }
    }

    async fn call(&self, method: Method, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 16 << 20)
            .await
            .unwrap();
        (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
    }

    async fn get(&self, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
        self.call(Method::GET, uri).await
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn header_of(h: &axum::http::HeaderMap, name: header::HeaderName) -> &str {
    h.get(&name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn index_is_served_with_config_and_versioned_assets() {
    let app = App::new("index");
    let (status, h, body) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header_of(&h, header::CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    assert_eq!(header_of(&h, header::CACHE_CONTROL), "no-cache");
    assert_eq!(header_of(&h, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    let csp = header_of(&h, header::CONTENT_SECURITY_POLICY);
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(body.starts_with("<!doctype html>"));
    assert!(!body.contains("{{"), "every placeholder filled");
    let v = ui::asset_version();
    assert!(body.contains(&format!("/assets/app.js?v={v}")));
    assert!(body.contains(&format!("/assets/app.css?v={v}")));
    // The configuration block names the 16 PLOVER types of the coder, the aux modes and the
    // languages (it and en without an analyser).
    let start = body.find(r#"id="vedetta-config">"#).unwrap() + r#"id="vedetta-config">"#.len();
    let end = start + body[start..].find("</script>").unwrap();
    let config: serde_json::Value = serde_json::from_str(&body[start..end]).unwrap();
    let types: Vec<&str> = config["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(types, vedetta_model::PloverType::NAMES.to_vec());
    assert_eq!(config["aux"][0], "asserted");
    assert_eq!(config["languages"], serde_json::json!(["en", "it"]));
    assert_eq!(config["version"], v.as_str());
    // The test hooks the end-to-end test relies on.
    for id in [
        "timeline",
        "network",
        "alerts",
        "events-body",
        "doc-panel",
        "lang-toggle",
        "filter-actor",
        "filter-recipient",
    ] {
        assert!(
            body.contains(&format!("data-testid=\"{id}\"")),
            "data-testid={id}"
        );
    }
    // HEAD answers too (axum's GET routes do).
    let (status, _, _) = app.call(Method::HEAD, "/").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn assets_have_content_types_and_cache_by_version() {
    let app = App::new("assets");
    let v = ui::asset_version();
    let (status, h, body) = app.get(&format!("/assets/app.js?v={v}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header_of(&h, header::CONTENT_TYPE),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(header_of(&h, header::CACHE_CONTROL), ui::IMMUTABLE);
    assert_eq!(header_of(&h, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(body, ui::APP_JS);
    assert!(body.contains("data-testid"));

    let (status, h, body) = app.get(&format!("/assets/app.css?v={v}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header_of(&h, header::CONTENT_TYPE),
        "text/css; charset=utf-8"
    );
    assert_eq!(header_of(&h, header::CACHE_CONTROL), ui::IMMUTABLE);
    assert_eq!(body, ui::APP_CSS);

    // Without the version, or with another one, the asset must be revalidated.
    for uri in ["/assets/app.css", "/assets/app.css?v=0000000000000000"] {
        let (status, h, _) = app.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(header_of(&h, header::CACHE_CONTROL), "no-cache", "{uri}");
    }
}

#[tokio::test]
async fn unknown_assets_are_json_404_and_other_methods_405() {
    let app = App::new("missing");
    for uri in [
        "/assets/nothing.js",
        "/assets/app.js.map",
        "/assets/..%2Fui.rs",
        "/assets/index.html",
    ] {
        let (status, h, body) = app.get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(header_of(&h, header::CONTENT_TYPE), "application/json");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], 404, "{uri}");
        assert!(v["error"].as_str().unwrap().contains("no asset"), "{v}");
    }
    // Nested paths are no asset route at all: still a JSON 404.
    let (status, _, body) = app.get("/assets/a/b.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("\"status\":404"));
    // The dashboard is read-only like the API.
    let (status, _, body) = app.call(Method::POST, "/").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(body.contains("\"status\":405"));
    let (status, _, _) = app.call(Method::DELETE, "/assets/app.js").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    // The API is still there beside it.
    let (status, h, body) = app.get("/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&h, header::CONTENT_TYPE), "application/json");
    assert!(body.contains("\"ok\":true"));
}

#[test]
fn the_script_and_style_use_no_external_resources() {
    for (name, _, body) in ui::ASSETS {
        assert!(!body.contains("http://") || *name == "app.js", "{name}");
        assert!(
            !body.contains("https://"),
            "{name}: no CDN or external font"
        );
        assert!(!body.contains("@import"), "{name}");
        assert!(!body.contains("url("), "{name}: no fetched resource");
    }
    // The only http:// in the script is the SVG namespace.
    assert_eq!(
        ui::APP_JS.matches("http://").count(),
        ui::APP_JS.matches("http://www.w3.org/2000/svg").count()
    );
    // Text from the server never goes through innerHTML.
    assert!(!ui::APP_JS.contains("innerHTML"));
    assert!(!ui::APP_JS.contains("insertAdjacentHTML"));
    assert!(!ui::APP_JS.contains("document.write"));
}
