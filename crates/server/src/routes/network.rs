//! `GET /api/network`: who acts on whom among the filtered events: one edge per actor →
//! recipient pair (countries or full codes) with events per quad class and the mean Goldstein
//! score, the busiest first. Computed by `vedetta_analytics::network_from_store`.

use crate::error::ApiError;
use crate::params::Params;
use crate::routes::events::event_filter;
use crate::routes::series::{analytics_error, aux_set};
use crate::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use vedetta_analytics::{Level, NetworkOptions};

/// Parameters of `/api/network`: the event filters (`aux` as in `/api/series`), `level` and
/// `limit`.
pub const PARAMS: &[&str] = filter_params!["level", "limit"];

/// Edges listed when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 50;

/// Most edges listed.
pub const MAX_LIMIT: u64 = 1000;

/// `GET /api/network`.
pub async fn get(State(st): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::from_uri(&uri, PARAMS)?;
    let aux = aux_set(&p)?;
    let filter = event_filter(&p.without("aux"), st.analyzer.as_deref())?;
    let level = match p.text("level") {
        None => Level::Country,
        Some(v) => v
            .parse::<Level>()
            .map_err(|e| analytics_error(e, |_| "level"))?,
    };
    let limit = p.uint("limit", DEFAULT_LIMIT, MAX_LIMIT)? as usize;
    let opts = NetworkOptions {
        filter,
        aux,
        level,
        limit,
    };
    let key = format!("network?{}", uri.query().unwrap_or(""));
    let cache = st.cache.clone();
    Ok(cache
        .answer(&st.pool, key, move |s| {
            Ok(vedetta_analytics::network_from_store(s, &opts)
                .map_err(|e| analytics_error(e, |_| "level"))?
                .result)
        })
        .await)
}
