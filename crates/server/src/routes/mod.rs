//! The routes: one module per resource, and the table the router and the OpenAPI test
//! share.

/// The parameter names of an endpoint that takes the event filters (`actor`, `recipient`,
/// `dyad`, `type`, `aux`, `country`, `from`, `to`, `lang`, `q`, parsed by
/// [`events::event_filter`]) followed by its own (`filter_params!["limit", "offset"]`).
macro_rules! filter_params {
    ($($own:literal),* $(,)?) => {
        &[
            "actor", "recipient", "dyad", "type", "aux", "country", "place_country", "near",
            "located", "place", "from", "to", "lang", "q",
            $($own),*
        ]
    };
}

pub mod actors;
pub mod alerts;
pub mod documents;
pub mod events;
pub mod health;
pub mod network;
pub mod openapi;
pub mod series;
pub mod stories;

use crate::AppState;
use axum::routing::{get, MethodRouter};

/// Every route of the API: its path (axum and OpenAPI syntax, `{id}`) and its handlers.
/// The router is built from this table, and the tests check that `/openapi.json` describes
/// exactly these paths.
pub fn table() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/health", get(health::health)),
        ("/api/events", get(events::list)),
        ("/api/stories", get(stories::list)),
        ("/api/documents/{id}", get(documents::one)),
        ("/api/actors", get(actors::list)),
        ("/api/series", get(series::get)),
        ("/api/network", get(network::get)),
        ("/api/alerts", get(alerts::get)),
        ("/openapi.json", get(openapi::get)),
    ]
}

/// The paths of [`table`].
pub fn paths() -> Vec<&'static str> {
    table().into_iter().map(|(p, _)| p).collect()
}
