//! `GET /api/health`: the server is up and the store answers.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::Json;
use serde::Serialize;

/// The answer of `/api/health`.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// Always true (a failing store answers 500).
    pub ok: bool,
    /// Stored documents.
    pub documents: u64,
    /// Stored events.
    pub events: u64,
}

/// `GET /api/health` (takes no parameter).
pub async fn health(State(st): State<AppState>, uri: Uri) -> Result<Json<Health>, ApiError> {
    crate::params::Params::from_uri(&uri, &[])?;
    let stats = st.pool.run(|s| Ok(s.stats()?)).await?;
    Ok(Json(Health {
        ok: true,
        documents: stats.documents,
        events: stats.events,
    }))
}
