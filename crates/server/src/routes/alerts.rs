//! `GET /api/alerts`: escalation alerts: dyads and countries whose recent window is
//! surprisingly busy against their own baseline, ranked by surprise, each with the events
//! behind it. Computed by `vedetta_analytics::alerts_from_store` (as `vedetta alerts`).

use crate::error::ApiError;
use crate::params::Params;
use crate::routes::series::{analytics_error, aux_set};
use crate::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use vedetta_analytics::{AlertOptions, Day, Model};

/// Parameters of `/api/alerts`.
pub const PARAMS: &[&str] = &[
    "actor",
    "recipient",
    "dyad",
    "type",
    "country",
    "place_country",
    "near",
    "located",
    "place",
    "lang",
    "q",
    "as_of",
    "window",
    "baseline",
    "min_events",
    "min_docs",
    "min_surprise",
    "min_ratio",
    "model",
    "aux",
    "limit",
];

/// Alerts listed when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 20;

/// Most alerts listed.
pub const MAX_LIMIT: u64 = 1000;

/// The alert options of the query: each parameter sets the option of the same meaning as
/// `vedetta alerts` (`window` = window days, `baseline` = baseline days).
pub fn alert_options(
    p: &Params,
    analyzer: Option<&vedetta_analysis::Analyzer>,
) -> Result<AlertOptions, ApiError> {
    let d = AlertOptions::default();
    let as_of = p.date("as_of")?.map(Day::last_of);
    let model = match p.choice("model", &["poisson", "nb"])?.as_deref() {
        None | Some("poisson") => Model::Poisson,
        Some(_) => Model::NegativeBinomial,
    };
    let opts = AlertOptions {
        as_of,
        window_days: p.uint("window", d.window_days as u64, 3660)? as u32,
        baseline_days: p.uint("baseline", d.baseline_days as u64, 36_600)? as u32,
        min_events: p.uint("min_events", d.min_events, 1_000_000_000)?,
        min_documents: p.uint("min_docs", d.min_documents, 1_000_000_000)?,
        min_surprise: p.number("min_surprise", d.min_surprise, 0.0, 1e6)?,
        min_rate_ratio: p.number("min_ratio", d.min_rate_ratio, 0.0, 1e6)?,
        model,
        aux: aux_set(p)?,
        limit: Some(p.uint("limit", DEFAULT_LIMIT, MAX_LIMIT)? as usize),
        // The event filters (as /api/events takes them) choose the events alerts count.
        scope: crate::routes::events::event_filter(&p.without("aux"), analyzer)?,
        ..d
    };
    opts.validate()
        .map_err(|e| analytics_error(e, option_param))?;
    Ok(opts)
}

/// The query parameter of an alert option.
fn option_param(option: &str) -> &'static str {
    match option {
        "window_days" => "window",
        "baseline_days" => "baseline",
        "min_surprise" => "min_surprise",
        "min_rate_ratio" => "min_ratio",
        "aux" => "aux",
        _ => "as_of",
    }
}

/// `GET /api/alerts`.
pub async fn get(State(st): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::from_uri(&uri, PARAMS)?;
    let opts = alert_options(&p, st.analyzer.as_deref())?;
    let key = format!("alerts?{}", uri.query().unwrap_or(""))
        + &format!("&today={}", vedetta_analytics::today());
    let cache = st.cache.clone();
    Ok(cache
        .answer(&st.pool, key, move |s| {
            Ok(vedetta_analytics::alerts_from_store(s, &opts)
                .map_err(|e| analytics_error(e, option_param))?
                .result)
        })
        .await)
}
