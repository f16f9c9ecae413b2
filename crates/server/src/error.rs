//! The one error shape of the API: `{"error": "...", "status": 400, "parameter": "limit"}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answered as JSON with its HTTP status. `parameter` names the query parameter at
/// fault, when there is one (it is also named in the message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// What went wrong, for people.
    pub error: String,
    /// The HTTP status code, repeated in the body.
    pub status: u16,
    /// The query parameter at fault, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

impl ApiError {
    /// An error with a status and a message.
    pub fn new(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError {
            error: error.into(),
            status: status.as_u16(),
            parameter: None,
        }
    }

    /// 400 about one query parameter: the message is prefixed with its name.
    pub fn bad_param(name: &str, problem: impl std::fmt::Display) -> ApiError {
        ApiError {
            error: format!("parameter {name}: {problem}"),
            status: StatusCode::BAD_REQUEST.as_u16(),
            parameter: Some(name.to_string()),
        }
    }

    /// 400 without a single parameter at fault.
    pub fn bad_request(error: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, error)
    }

    /// 404.
    pub fn not_found(error: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, error)
    }

    /// 500: the store (or a task running it) failed.
    pub fn internal(error: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error)
    }

    /// The status as a [`StatusCode`].
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.error, self.status)
    }
}

impl std::error::Error for ApiError {}

impl From<vedetta_store::StoreError> for ApiError {
    fn from(e: vedetta_store::StoreError) -> ApiError {
        match e {
            // The pool names the budget (see `StorePool::run`).
            vedetta_store::StoreError::Interrupted => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, format!("store: {e}"))
            }
            e => ApiError::internal(format!("store: {e}")),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = serde_json::to_vec(&self).unwrap_or_else(|_| {
            br#"{"error":"could not serialise an error","status":500}"#.to_vec()
        });
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        res
    }
}

/// Answers requests whose path is not a route: 404 JSON.
pub async fn no_route(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!(
        "no route {}: see /openapi.json for the API",
        uri.path()
    ))
}

/// Answers a route asked with a method it does not serve: 405 JSON (the API is read-only).
pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "method {method} is not allowed on {}: the API is read-only (GET)",
            uri.path()
        ),
    )
}
