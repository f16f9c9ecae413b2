//! A cache of the analytics answers (`/api/series`, `/api/network`, `/api/alerts`): each is
//! computed over every matching event (a whole-store series reads a million events at 1M
//! stored), while the dashboard asks the same few again and again. An answer is kept as its
//! JSON bytes under its route and query string, with the store's
//! [`generation`](vedetta_store::Store::generation) when it was computed; it is served as it
//! is while the generation is unchanged. When the store has changed, the request computes
//! the answer afresh, and the requests for the same key that come while it does get the
//! previous answer rather than wait (so during an ingest an answer is behind by at most the
//! batches of one computation; a request after the store changed, with no computation in
//! flight, always gets a fresh one). At most [`MAX_COMPUTING`] answers are computed at once,
//! so the cheap routes always find a store in the pool.

use crate::error::ApiError;
use crate::pool::StorePool;
use axum::body::Bytes;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use vedetta_store::Store;

/// Most answers kept; past it the cache starts over (answers are cheap to recompute once).
pub const MAX_ENTRIES: usize = 64;

/// Answers larger than this are not kept.
pub const MAX_ANSWER_BYTES: usize = 8 << 20;

/// Answers computed at once (over all keys); a request beyond waits, or gets the previous
/// answer of its key when there is one.
pub const MAX_COMPUTING: usize = 2;

/// One key: its last answer and the lock of its computation.
#[derive(Default)]
struct Entry {
    kept: Mutex<Option<(u64, Bytes)>>,
    computing: tokio::sync::Mutex<()>,
}

impl Entry {
    /// The kept answer, when computed at `generation` (any generation: `None`).
    fn kept(&self, generation: Option<u64>) -> Option<Bytes> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        match &*kept {
            Some((g, b)) if generation.is_none_or(|x| x == *g) => Some(b.clone()),
            _ => None,
        }
    }
}

type Slot = Arc<Entry>;

/// The cache (one per server, shared by its handlers).
pub struct AnswerCache {
    slots: Mutex<HashMap<String, Slot>>,
    permits: Arc<tokio::sync::Semaphore>,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache {
            slots: Mutex::default(),
            permits: Arc::new(tokio::sync::Semaphore::new(MAX_COMPUTING)),
        }
    }
}

impl AnswerCache {
    /// The slot of a key, made when missing.
    fn slot(&self, key: &str) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = slots.get(key) {
            return s.clone();
        }
        if slots.len() >= MAX_ENTRIES {
            slots.clear();
        }
        let s = Slot::default();
        slots.insert(key.to_string(), s.clone());
        s
    }

    /// The answer of `key` as a JSON response: the kept one when the store's generation is
    /// the one it was computed at, else `compute`'s (run on a pooled store), then kept.
    pub async fn answer<T, F>(&self, pool: &StorePool, key: String, compute: F) -> Response
    where
        T: Serialize,
        F: FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        match self.try_answer(pool, key, compute).await {
            Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
            Err(e) => e.into_response(),
        }
    }

    async fn try_answer<T, F>(
        &self,
        pool: &StorePool,
        key: String,
        compute: F,
    ) -> Result<Bytes, ApiError>
    where
        T: Serialize,
        F: FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let slot = self.slot(&key);
        let generation = pool.run(|s| Ok(s.generation()?)).await?;
        if let Some(bytes) = slot.kept(Some(generation)) {
            return Ok(bytes);
        }
        // Another request computing this key, or no permit free: the previous answer.
        let mut guard = slot.computing.try_lock().ok();
        let mut permit = self.permits.clone().try_acquire_owned().ok();
        if guard.is_none() || permit.is_none() {
            if let Some(bytes) = slot.kept(None) {
                return Ok(bytes);
            }
        }
        if guard.is_none() {
            guard = Some(slot.computing.lock().await);
            // Computed meanwhile by the request waited for?
            if let Some(bytes) = slot.kept(Some(generation)) {
                return Ok(bytes);
            }
        }
        if permit.is_none() {
            permit = Some(
                self.permits
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|_| ApiError::internal("the answer cache is closed"))?,
            );
        }
        let bytes = pool
            .run(move |s| {
                let answer = compute(s)?;
                serde_json::to_vec(&answer)
                    .map(Bytes::from)
                    .map_err(|e| ApiError::internal(format!("writing the answer: {e}")))
            })
            .await?;
        drop(permit);
        if bytes.len() <= MAX_ANSWER_BYTES {
            *slot.kept.lock().unwrap_or_else(PoisonError::into_inner) =
                Some((generation, bytes.clone()));
        }
        drop(guard);
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use vedetta_store::{DocRecord, SqliteStore};

    fn doc(id: &str) -> DocRecord {
        DocRecord {
            doc: vedetta_model::Document {
                id: id.into(),
                source: "t".into(),
                date: None,
                lang: Some("en".into()),
                title: None,
                url: None,
                text: format!("Text {id}."),
            },
            lang: "en".into(),
            mentions: vec![],
            events: vec![],
            timexes: vec![],
            quotes: vec![],
            stemmed_text: None,
        }
    }

    #[tokio::test]
    async fn kept_while_the_store_is_unchanged() {
        let dir = std::env::temp_dir().join(format!("vedetta-cache-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        let mut writer = SqliteStore::open(&path).unwrap();
        writer.put_batch(&[doc("a")]).unwrap();
        let pool = StorePool::open(crate::db_opener(path.to_str().unwrap()).unwrap(), 2).unwrap();
        let cache = AnswerCache::default();
        let calls = Arc::new(AtomicU64::new(0));
        let ask = |key: &str| {
            let calls = calls.clone();
            cache.try_answer(&pool, key.to_string(), move |s| {
                let n = calls.fetch_add(1, Ordering::SeqCst);
                Ok((n, s.stats()?.documents))
            })
        };
        assert_eq!(ask("k").await.unwrap(), "[0,1]");
        assert_eq!(ask("k").await.unwrap(), "[0,1]");
        assert_eq!(ask("other").await.unwrap(), "[1,1]");
        // New documents: computed afresh.
        writer.put_batch(&[doc("b")]).unwrap();
        assert_eq!(ask("k").await.unwrap(), "[2,2]");
        assert_eq!(ask("k").await.unwrap(), "[2,2]");
        // Nothing new (a document already stored): kept.
        writer.put_batch(&[doc("b")]).unwrap();
        assert_eq!(ask("k").await.unwrap(), "[2,2]");
        // Errors are answered, not kept.
        let e = cache
            .try_answer(&pool, "bad".into(), |_| {
                Err::<u8, _>(ApiError::new(axum::http::StatusCode::BAD_REQUEST, "no"))
            })
            .await;
        assert_eq!(e.unwrap_err().status, 400);
        assert_eq!(ask("bad").await.unwrap(), "[3,2]");
        // While "k" is being computed, the store having changed: its previous answer.
        writer.put_batch(&[doc("c")]).unwrap();
        let busy = cache.slot("k");
        let held = busy.computing.lock().await;
        assert_eq!(ask("k").await.unwrap(), "[2,2]");
        drop(held);
        assert_eq!(ask("k").await.unwrap(), "[4,3]");
        drop(pool);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
