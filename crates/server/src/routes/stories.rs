//! `GET /api/stories`: story events (the same day, actors, recipients and type reported by
//! many documents), most reported first, with mention, document and source counts.

use crate::error::ApiError;
use crate::params::Params;
use crate::routes::events::{event_filter, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET};
use crate::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::Json;
use serde::Serialize;
use vedetta_store::Story;

/// Parameters of `/api/stories`: the event filters (applied before grouping) and paging.
pub const PARAMS: &[&str] = crate::routes::events::PARAMS;

/// One page of stories.
#[derive(Debug, Clone, Serialize)]
pub struct StoriesPage {
    /// The page size asked for.
    pub limit: u64,
    /// Stories skipped before this page.
    pub offset: u64,
    /// Stories, most mentioned first (then by key).
    pub stories: Vec<Story>,
}

/// `GET /api/stories`.
pub async fn list(State(st): State<AppState>, uri: Uri) -> Result<Json<StoriesPage>, ApiError> {
    let p = Params::from_uri(&uri, PARAMS)?;
    let mut filter = event_filter(&p, st.analyzer.as_deref())?;
    let limit = p.uint("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = p.uint("offset", 0, MAX_OFFSET)?;
    filter.limit = Some(limit);
    filter.offset = offset;
    let stories = if limit == 0 {
        Vec::new()
    } else {
        st.pool.run(move |s| Ok(s.stories(&filter)?)).await?
    };
    Ok(Json(StoriesPage {
        limit,
        offset,
        stories,
    }))
}
