//! `GET /api/documents/{id}`: one document with its text and a page of each kind of its
//! annotations (mentions, events, time expressions, quotes), with the totals.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::Json;
use vedetta_store::{DocPage, StoredDocument};

/// Parameters of `/api/documents/{id}`.
pub const PARAMS: &[&str] = &[
    "limit",
    "mentions_offset",
    "events_offset",
    "timexes_offset",
    "quotes_offset",
];

/// Annotations of each kind per answer when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 2000;

/// Most annotations of each kind per answer: a 10 MB document with a million mentions is read
/// in pages, so one request never builds hundreds of megabytes of JSON.
pub const MAX_LIMIT: u64 = 10_000;

/// Largest offset.
pub const MAX_OFFSET: u64 = i64::MAX as u64;

/// `GET /api/documents/{id}`: the stored document, or 404. At most two run at once (each
/// holds a whole document text); others wait their turn.
pub async fn one(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Json<StoredDocument>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(format!("document id: {e}")))?;
    let p = crate::params::Params::from_uri(&uri, PARAMS)?;
    let page = DocPage {
        limit: p.uint("limit", DEFAULT_LIMIT, MAX_LIMIT)?,
        mentions: p.uint("mentions_offset", 0, MAX_OFFSET)?,
        events: p.uint("events_offset", 0, MAX_OFFSET)?,
        timexes: p.uint("timexes_offset", 0, MAX_OFFSET)?,
        quotes: p.uint("quotes_offset", 0, MAX_OFFSET)?,
    };
    let _turn = st
        .heavy
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    let key = id.clone();
    match st
        .pool
        .run(move |s| Ok(s.document_page(&key, page)?))
        .await?
    {
        Some(d) => Ok(Json(d)),
        None => Err(ApiError::not_found(format!("no document {id:?}"))),
    }
}
