//! `GET /api/series`: events per day, ISO week or month, by PLOVER type and quad class, with
//! Goldstein sums and means, for any filtered set of events (a dyad's series, or the
//! dashboard's timeline). Computed by `vedetta_analytics::series_from_store`.

use crate::error::ApiError;
use crate::params::Params;
use crate::routes::events::event_filter;
use crate::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use vedetta_analytics::{AnalyticsError, AuxSet, Bucket, DyadFilter, Narrow, SeriesOptions};
use vedetta_store::EventFilter;

/// Parameters of `/api/series`: the event filters (`aux` is a comma-separated list of modes,
/// or `all`; default asserted only) and `by`.
pub const PARAMS: &[&str] = filter_params!["by"];

/// An analytics error as an API error: a bad option is a 400 naming the parameter `param`
/// maps it to, a store failure a 500.
pub fn analytics_error(e: AnalyticsError, param: impl Fn(&str) -> &'static str) -> ApiError {
    match e {
        AnalyticsError::InvalidOption { option, problem } => {
            ApiError::bad_param(param(option), problem)
        }
        AnalyticsError::Store(s) => s.into(),
    }
}

/// The aux modes of `aux` (comma-separated modes or `all`), asserted only when absent.
pub fn aux_set(p: &Params) -> Result<AuxSet, ApiError> {
    match p.text("aux") {
        None => Ok(AuxSet::asserted()),
        Some(v) => AuxSet::parse(v).map_err(|e| analytics_error(e, |_| "aux")),
    }
}

/// The series options of the event filters of `f`, with `aux` and `by`.
pub fn series_options(f: EventFilter, aux: AuxSet, by: Bucket) -> SeriesOptions {
    SeriesOptions {
        dyad: DyadFilter {
            actor: f.actor,
            recipient: f.recipient,
            country: f.country,
        },
        by,
        aux,
        from: f.from,
        to: f.to,
        narrow: Narrow {
            event_type: f.event_type,
            lang: f.lang,
            q: f.q,
            q_stemmed: f.q_stemmed,
        },
    }
}

/// `GET /api/series`.
pub async fn get(State(st): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::from_uri(&uri, PARAMS)?;
    let aux = aux_set(&p)?;
    let filter = event_filter(&p.without("aux"), st.analyzer.as_deref())?;
    let by = match p.text("by") {
        None => Bucket::Day,
        Some(v) => v
            .parse::<Bucket>()
            .map_err(|e| analytics_error(e, |_| "by"))?,
    };
    let opts = series_options(filter, aux, by);
    let key = format!("series?{}", uri.query().unwrap_or(""));
    let cache = st.cache.clone();
    Ok(cache
        .answer(&st.pool, key, move |s| {
            Ok(vedetta_analytics::series_from_store(s, &opts)
                .map_err(|e| {
                    analytics_error(e, |o| match o {
                        "to" => "to",
                        "by" => "by",
                        "aux" => "aux",
                        _ => "from",
                    })
                })?
                .result)
        })
        .await)
}
