//! `GET /openapi.json`: the API description (see [`crate::openapi`]).

use crate::error::ApiError;
use axum::http::Uri;
use axum::Json;

/// `GET /openapi.json` (takes no parameter).
pub async fn get(uri: Uri) -> Result<Json<serde_json::Value>, ApiError> {
    crate::params::Params::from_uri(&uri, &[])?;
    Ok(Json(crate::openapi::document()))
}
