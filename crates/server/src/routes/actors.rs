//! `GET /api/actors`: actor codes and names seen in mentions.

use crate::error::ApiError;
use crate::params::{Params, MAX_Q_CHARS};
use crate::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::Json;
use vedetta_store::ActorSeen;

/// Parameters of `/api/actors`.
pub const PARAMS: &[&str] = &["q", "limit"];

/// Actors listed when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 50;

/// Most actors listed at once.
pub const MAX_LIMIT: u64 = 1000;

/// `GET /api/actors?q=&limit=`: actors whose code starts with `q` (case-insensitive) or whose
/// name contains it, most mentioned first; all actors when `q` is empty.
pub async fn list(State(st): State<AppState>, uri: Uri) -> Result<Json<Vec<ActorSeen>>, ApiError> {
    let p = Params::from_uri(&uri, PARAMS)?;
    let q = p.text("q").unwrap_or("").to_string();
    if q.chars().count() > MAX_Q_CHARS {
        return Err(ApiError::bad_param(
            "q",
            format!("longer than {MAX_Q_CHARS} characters"),
        ));
    }
    let limit = p.uint("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    Ok(Json(st.pool.run(move |s| Ok(s.actors(&q, limit)?)).await?))
}
