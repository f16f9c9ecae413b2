//! The web dashboard: `GET /` (the page) and `GET /assets/{name}` (its script and style
//! sheet), embedded in the binary with `include_str!` so `vedetta serve` needs no files.
//!
//! The page is plain HTML, CSS and JavaScript (no framework, no CDN, no external fonts). It
//! talks to the JSON API only (`/api/events`, `/api/series`, `/api/network`, `/api/alerts`,
//! `/api/documents/{id}`, `/api/actors`) and reads its map's country outlines from
//! `/assets/world.json`. What the script must know of the server is written
//! into the page as a JSON data block (`<script type="application/json" id="vedetta-config">`):
//! the 16 PLOVER types, the aux modes of the filter and the languages of the analyser.
//!
//! Caching: the page is `no-cache` (revalidated on every load); it names its assets with a
//! `?v=` version (a hash of their contents, fixed at build time), and an asset asked with
//! that version is cached for a year (`immutable`); without it, `no-cache`. Every answer
//! carries `X-Content-Type-Options: nosniff`; the page carries a Content-Security-Policy
//! that allows only its own origin (no inline script runs).
//!
//! These routes are not part of the API: they are merged into [`crate::router`], not listed
//! in [`crate::routes::table`] (which drives `/openapi.json`).

use crate::error::{method_not_allowed, ApiError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

/// The page, with `{{CONFIG}}` and `{{V}}` placeholders filled in per request.
pub const INDEX_HTML: &str = include_str!("../assets/index.html");

/// The dashboard script.
pub const APP_JS: &str = include_str!("../assets/app.js");

/// The dashboard style sheet.
pub const APP_CSS: &str = include_str!("../assets/app.css");

/// The country outlines of the map: Natural Earth 1:110m as TopoJSON (public domain), made by
/// `scripts/gen-world.js` from the npm package `world-atlas` (data/geo/SOURCES.md).
pub const WORLD_JSON: &str = include_str!("../../../data/geo/countries-110m.json");

/// The assets served under `/assets/`: name, content type, contents.
pub const ASSETS: &[(&str, &str, &str)] = &[
    ("app.js", "text/javascript; charset=utf-8", APP_JS),
    ("app.css", "text/css; charset=utf-8", APP_CSS),
    ("world.json", "application/json", WORLD_JSON),
];

/// `Cache-Control` of the page and of assets asked without the current version.
pub const NO_CACHE: &str = "no-cache";

/// `Cache-Control` of assets asked with the current version (`?v=`).
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The Content-Security-Policy of the page: its own origin only; inline `<style>` and
/// `style=""` attributes are not used, inline scripts never run.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
                       img-src 'self' data:; connect-src 'self'; font-src 'self'; \
                       object-src 'none'; base-uri 'none'; form-action 'self'; \
                       frame-ancestors 'none'";

/// FNV-1a, 64 bits, over several byte strings (a `const fn`, so the version is fixed at
/// build time and the same on every run).
const fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut p = 0;
    while p < parts.len() {
        let bytes = parts[p];
        let mut i = 0;
        while i < bytes.len() {
            h ^= bytes[i] as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
            i += 1;
        }
        // A separator, so moving bytes from one asset to the next changes the hash.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        p += 1;
    }
    h
}

const VERSION_HASH: u64 = fnv1a(&[
    INDEX_HTML.as_bytes(),
    APP_JS.as_bytes(),
    APP_CSS.as_bytes(),
    WORLD_JSON.as_bytes(),
]);

/// The version of the embedded assets (16 hex digits), as the page asks for them (`?v=`).
pub fn asset_version() -> String {
    format!("{VERSION_HASH:016x}")
}

/// What the page's script is told about the server.
#[derive(Debug, Clone, Serialize)]
pub struct UiConfig {
    /// The PLOVER event types, in the coder's order.
    pub types: Vec<&'static str>,
    /// The aux modes the event filter takes (`asserted` = no aux label).
    pub aux: Vec<&'static str>,
    /// Languages of the analyser's packs (sorted); `it` and `en` when the server has no
    /// analyser.
    pub languages: Vec<String>,
    /// The asset version.
    pub version: String,
}

impl UiConfig {
    /// The configuration for a server state.
    pub fn of(state: &AppState) -> UiConfig {
        let mut languages: Vec<String> = match &state.analyzer {
            Some(a) => a.languages().map(str::to_string).collect(),
            None => vec!["en".to_string(), "it".to_string()],
        };
        languages.sort();
        languages.dedup();
        UiConfig {
            types: vedetta_model::PloverType::NAMES.to_vec(),
            aux: crate::routes::events::AUX_VALUES.to_vec(),
            languages,
            version: asset_version(),
        }
    }
}

/// The page for a configuration: the configuration as a JSON data block (with `<`, `>` and
/// `&` escaped, so no value can close the element) and the asset version.
pub fn render_index(config: &UiConfig) -> String {
    let json = serde_json::to_string(config)
        .unwrap_or_else(|_| "{}".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    INDEX_HTML
        .replace("{{CONFIG}}", &json)
        .replace("{{V}}", &config.version)
}

/// The routes of the dashboard, to merge into the API router.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(index).fallback(method_not_allowed))
        .route("/assets/{name}", get(asset).fallback(method_not_allowed))
}

fn with_headers(mut res: Response, content_type: &'static str, cache: &'static str) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// `GET /`: the dashboard page.
pub async fn index(State(st): State<AppState>) -> Response {
    let body = render_index(&UiConfig::of(&st));
    let mut res = with_headers(body.into_response(), "text/html; charset=utf-8", NO_CACHE);
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// `GET /assets/{name}`: an embedded asset, or a JSON 404. The query's `v` (the version)
/// decides the caching; other parameters are ignored, as browsers and proxies may add some.
pub async fn asset(Path(name): Path<String>, uri: Uri) -> Response {
    let Some(&(_, content_type, body)) = ASSETS.iter().find(|(n, _, _)| *n == name) else {
        let known: Vec<&str> = ASSETS.iter().map(|(n, _, _)| *n).collect();
        return ApiError::not_found(format!(
            "no asset {name:?}; the assets are {}",
            known.join(", ")
        ))
        .into_response();
    };
    let version = asset_version();
    let current = uri
        .query()
        .unwrap_or("")
        .split('&')
        .any(|kv| kv.strip_prefix("v=") == Some(version.as_str()));
    let cache = if current { IMMUTABLE } else { NO_CACHE };
    with_headers(body.into_response(), content_type, cache)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_sixteen_hex_digits_and_stable() {
        let v = asset_version();
        assert_eq!(v.len(), 16);
        assert!(v.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(v, asset_version());
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
    }

    #[test]
    fn index_has_placeholders_and_no_inline_script() {
        assert!(INDEX_HTML.contains("{{CONFIG}}"));
        assert!(INDEX_HTML.contains("/assets/app.js?v={{V}}"));
        assert!(INDEX_HTML.contains("/assets/app.css?v={{V}}"));
        // The only inline <script> is the JSON data block (the CSP would block any other).
        let scripts = INDEX_HTML.matches("<script").count();
        assert_eq!(scripts, 2, "app.js and the config data block");
        assert!(!INDEX_HTML.contains("style=\""), "no inline style (CSP)");
        assert!(!INDEX_HTML.contains("http://") && !INDEX_HTML.contains("https://"));
    }

    #[test]
    fn config_json_cannot_close_the_script_element() {
        let c = UiConfig {
            types: vec!["</script><b>"],
            aux: vec![],
            languages: vec![],
            version: "v".into(),
        };
        let page = render_index(&c);
        assert!(!page.contains("</script><b>"));
        assert!(page.contains("\\u003c/script\\u003e\\u003cb\\u003e"));
    }
}
