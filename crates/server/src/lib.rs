//! `vedetta serve`: a read-only HTTP API over a store of coded documents.
//!
//! Endpoints (all `GET`, all JSON; described by `/openapi.json`, see [`openapi`]):
//!
//! - `/api/events` — events matching filters (`actor`, `recipient`, `dyad`, `type`, `aux`,
//!   `country`, `from`, `to`, `lang`, `q`), a page at a time (`limit`, `offset`), with the
//!   total count;
//! - `/api/documents/{id}` — a document with its text and all its annotations;
//! - `/api/actors` — actor codes and names seen in mentions;
//! - `/api/health` — the store answers, with document and event totals;
//! - `/openapi.json` — the API description;
//! - `/` — the web dashboard (page and `/assets/`, embedded; see [`ui`]).
//!
//! Every error is `{"error": "...", "status": N}` ([`error::ApiError`]): bad or unknown query
//! parameters are 400 naming them, unknown routes 404, other methods 405, store failures 500.
//!
//! **Exposure**: the CLI binds `127.0.0.1` by default. Binding another address (`0.0.0.0`)
//! exposes every stored document to whoever can reach the port; there is no authentication.
//!
//! Layout: the router is built from [`routes::table`]; one module per resource under
//! [`routes`]; query parsing in [`params`]; store access through the [`pool::StorePool`]
//! (stores are not `Sync`: each request borrows one on the blocking thread pool).

#![warn(missing_docs)]

pub mod cache;
pub mod error;
pub mod hosts;
pub mod listen;
pub mod openapi;
pub mod params;
pub mod pool;
pub mod routes;
pub mod search;
pub mod ui;

pub use error::ApiError;
pub use pool::{db_opener, StoreOpener, StorePool, DEFAULT_POOL_SIZE};
pub use search::stem_query;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use vedetta_analysis::Analyzer;

/// What the handlers share: the store pool and, for stemmed full-text search and language
/// checks, the analyser.
#[derive(Clone)]
pub struct AppState {
    /// Opened stores.
    pub pool: Arc<StorePool>,
    /// Language packs; without them `q` matches words as written only and any two- or
    /// three-letter `lang` is accepted.
    pub analyzer: Option<Arc<Analyzer>>,
    /// Answers of the analytics routes, kept while the store is unchanged.
    pub cache: Arc<cache::AnswerCache>,
    /// Turns for requests that hold a whole document (`/api/documents/{id}`): at most
    /// [`HEAVY_AT_ONCE`] at once.
    pub heavy: Arc<tokio::sync::Semaphore>,
    /// Host names (without port) the `Host` header may carry; see [`hosts`].
    pub hosts: Arc<hosts::AllowedHosts>,
}

/// Requests holding a whole document served at once.
pub const HEAVY_AT_ONCE: usize = 2;

impl AppState {
    /// State over a pool, with an optional analyser.
    pub fn new(pool: StorePool, analyzer: Option<Analyzer>) -> AppState {
        AppState {
            pool: Arc::new(pool),
            analyzer: analyzer.map(Arc::new),
            cache: Arc::default(),
            heavy: Arc::new(tokio::sync::Semaphore::new(HEAVY_AT_ONCE)),
            hosts: Arc::new(hosts::AllowedHosts::loopback()),
        }
    }

    /// The same state accepting `Host` headers of `hosts` (besides loopback names).
    pub fn with_hosts(mut self, hosts: hosts::AllowedHosts) -> AppState {
        self.hosts = Arc::new(hosts);
        self
    }
}

/// The application: every route of [`routes::table`] and the dashboard's ([`ui::routes`]:
/// `/` and `/assets/{name}`), JSON 405 for other methods on them, JSON 404 for other paths.
/// Tests call it without a socket (`tower::ServiceExt::oneshot`).
pub fn router(state: AppState) -> axum::Router {
    let mut r = axum::Router::new();
    for (path, handlers) in routes::table() {
        r = r.route(path, handlers.fallback(error::method_not_allowed));
    }
    r.merge(ui::routes())
        .fallback(error::no_route)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            hosts::check_host,
        ))
        .with_state(state)
}

/// Serves on an already bound listener until `shutdown` completes, then lets requests in
/// flight finish within a grace period (see [`listen`]: header and exchange timeouts, a cap
/// on connections, JSON answers to protocol errors). Prints `vedetta serving on http://ADDR` (the bound address) to stdout, and
/// a warning to stderr when the address is not a loopback address.
pub async fn serve_listener(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {addr}, not a loopback address: anyone who can reach it can \
             read every stored document (there is no authentication)"
        );
    }
    println!("vedetta serving on http://{addr}");
    listen::serve_connections(listener, router(state), listen::Limits::default(), shutdown).await
}

/// Binds `addr` and serves until ctrl-c (or SIGTERM), finishing the requests in flight.
pub async fn serve(addr: SocketAddr, state: AppState) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("binding {addr}: {e}")))?;
    serve_listener(listener, state, shutdown_signal()).await
}

/// [`serve`] on a new multi-threaded tokio runtime, for callers without one (the CLI). The
/// stores are dropped after the runtime, outside async code (see [`StorePool::open`]).
pub fn run(addr: SocketAddr, state: AppState) -> std::io::Result<()> {
    let keep = state.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let out = rt.block_on(serve(addr, state));
    drop(rt);
    drop(keep);
    out
}

/// Completes on ctrl-c, or on SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No signal handler: never shut down by signal.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("vedetta: shutting down (finishing requests in flight)");
}
