//! `GET /api/documents/{id}`: one document with its text and all its annotations.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::Json;
use vedetta_store::StoredDocument;

/// `GET /api/documents/{id}`: the stored document, or 404.
pub async fn one(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Json<StoredDocument>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(format!("document id: {e}")))?;
    crate::params::Params::from_uri(&uri, &[])?;
    let key = id.clone();
    match st.pool.run(move |s| Ok(s.document(&key)?)).await? {
        Some(d) => Ok(Json(d)),
        None => Err(ApiError::not_found(format!("no document {id:?}"))),
    }
}
