//! A small pool of opened stores, used from async handlers.
//!
//! A store (a SQLite connection) is `Send` but not `Sync`: one thread at a time. The pool
//! keeps up to `size` opened stores; a request waits for a permit (a tokio semaphore, so
//! waiting costs no thread), takes an idle store and runs its store calls on the blocking
//! thread pool (`spawn_blocking`), which gives the store back before giving the permit back.
//! A store lost to a panic is replaced by opening a new one on the next request. SQLite in
//! WAL mode lets the pool's connections read the same file at once.

use crate::error::ApiError;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::Semaphore;
use vedetta_store::Store;

/// Stores opened by default.
pub const DEFAULT_POOL_SIZE: usize = 4;

/// The error of opening a store.
pub type OpenError = Box<dyn std::error::Error + Send + Sync>;

/// Opens one more store on the same database (called once per pooled store, and again to
/// replace a store lost to a panic).
pub type StoreOpener = Arc<dyn Fn() -> Result<Box<dyn Store + Send>, OpenError> + Send + Sync>;

type Idle = Arc<Mutex<Vec<Box<dyn Store + Send>>>>;

/// Up to `size` opened stores shared by the request handlers.
pub struct StorePool {
    opener: StoreOpener,
    idle: Idle,
    permits: Arc<Semaphore>,
    size: usize,
    /// The time budget of one request's store calls.
    budget: std::time::Duration,
}

/// The time budget of one request's store calls when none is set: over it, the request gets a
/// 503 naming the budget.
pub const DEFAULT_QUERY_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

/// Stops a request's store work when the request is dropped before it finished (the client
/// went away): sets the budget's cancel flag and asks the backend to cancel its statement.
struct CancelOnDrop {
    budget: vedetta_store::Budget,
    canceller: Arc<Mutex<Option<vedetta_store::Canceller>>>,
    done: bool,
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if !self.done {
            self.budget
                .cancel
                .store(true, std::sync::atomic::Ordering::Relaxed);
            let taken = self
                .canceller
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(c) = taken {
                // A cancel request opens a connection: not on the async thread.
                std::thread::spawn(move || c());
            }
        }
    }
}

impl StorePool {
    /// Opens `size` stores (at least one) with `opener` now, so a bad database is reported at
    /// start-up rather than on the first request.
    ///
    /// Backends that run their own tokio runtime (PostgreSQL's blocking client) must be opened
    /// and dropped outside async code: call this before starting the runtime (or in
    /// `spawn_blocking`), and drop the last [`crate::AppState`] after the runtime ([`crate::run`]
    /// does both).
    pub fn open(opener: StoreOpener, size: usize) -> Result<StorePool, OpenError> {
        let size = size.max(1);
        let mut stores = Vec::with_capacity(size);
        for _ in 0..size {
            stores.push(opener()?);
        }
        Ok(StorePool {
            opener,
            idle: Arc::new(Mutex::new(stores)),
            permits: Arc::new(Semaphore::new(size)),
            size,
            budget: DEFAULT_QUERY_BUDGET,
        })
    }

    /// The same pool with another time budget per request (`vedetta serve --query-budget`).
    pub fn with_budget(mut self, budget: std::time::Duration) -> StorePool {
        self.budget = budget;
        self
    }

    /// The time budget of one request's store calls.
    pub fn budget(&self) -> std::time::Duration {
        self.budget
    }

    /// How many stores the pool keeps.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `f` with a store on the blocking thread pool. Waits while all stores are busy.
    /// A panic in `f`, or an error of `f` with status 500, drops the store (the next request
    /// opens a new one); a panic becomes a 500 error.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the store pool is closed"))?;
        let taken = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let idle = self.idle.clone();
        let opener = self.opener.clone();
        let limit = self.budget;
        let budget = vedetta_store::Budget::new(limit);
        let canceller: Arc<Mutex<Option<vedetta_store::Canceller>>> = Arc::default();
        let mut guard = CancelOnDrop {
            budget: budget.clone(),
            canceller: canceller.clone(),
            done: false,
        };
        // The permit and the store move into the blocking task: if the client goes away, the
        // guard stops the store's work and the task gives both back, store first.
        let task = tokio::task::spawn_blocking(move || {
            let store = match taken {
                Some(s) => s,
                None => {
                    opener().map_err(|e| ApiError::internal(format!("opening the store: {e}")))?
                }
            };
            *canceller.lock().unwrap_or_else(PoisonError::into_inner) = store.canceller();
            let out = match store.set_budget(Some(budget.clone())) {
                Ok(()) => f(&*store),
                Err(e) => Err(e.into()),
            };
            let out = match out {
                Err(e) if e.status == 503 && budget.spent() => Err(ApiError::new(
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "the query ran over its time budget of {} s and was stopped; narrow \
                         the filters (a date range, an actor, a type) or raise \
                         `vedetta serve --query-budget`",
                        limit.as_secs_f64()
                    ),
                )),
                out => out,
            };
            let reset = store.set_budget(None);
            let out = match (out, reset) {
                // A store whose budget cannot be reset is not reused.
                (Ok(_), Err(e)) => Err(ApiError::from(e)),
                (out, _) => out,
            };
            // A store that failed (500) may be broken (a lost PostgreSQL connection): it is
            // dropped here, on this blocking thread, and the next request opens a new one.
            if !matches!(&out, Err(e) if e.status == 500) {
                idle.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(store);
            } else {
                drop(store);
            }
            drop(permit);
            out
        });
        let res = task.await;
        guard.done = true;
        match res {
            Ok(out) => out,
            Err(e) if e.is_panic() => Err(ApiError::internal(
                "the store call failed unexpectedly (panic); see the server log",
            )),
            Err(e) => Err(ApiError::internal(format!(
                "the store call was cancelled: {e}"
            ))),
        }
    }
}

/// An opener for the database named like the CLI's `--db`: a `postgres://` or
/// `postgresql://` URL, else a SQLite file path (with or without `sqlite://`), opened by
/// [`vedetta_store::open_existing`]: the server never creates a database, and refuses one
/// that is not a vedetta store. Messages show URLs without their password.
pub fn db_opener(db: &str) -> Result<StoreOpener, OpenError> {
    let shown = vedetta_store::redact_url(vedetta_store::sqlite_path(db));
    let db = db.to_string();
    Ok(Arc::new(move || {
        vedetta_store::open_existing(&db).map_err(|e| format!("opening --db {shown}: {e}").into())
    }))
}
