//! The connection loop of `vedetta serve`: bounded in time and in number, with JSON answers
//! to protocol errors.
//!
//! Each connection serves one request (`Connection: close`):
//! 1. the request head is read by this module with a deadline ([`Limits::head_timeout`]) and
//!    a size bound, and checked by `httparse`: a head that never completes gets a JSON 408,
//!    one too large a JSON 431, a path too long a JSON 414, a malformed one a JSON 400 (the
//!    HTTP library would answer these with empty bodies);
//! 2. the head (already read) and the rest of the stream go to hyper and the router, with a
//!    deadline on the whole exchange ([`Limits::exchange_timeout`]), so a client that trickles
//!    its request or reads the answer a byte at a time is cut off;
//! 3. at most [`Limits::max_connections`] connections are open at once; the next ones get a
//!    JSON 503 at once and are closed, rather than waiting for a file descriptor.
//!
//! On shutdown the listener closes, connections in flight get [`Limits::shutdown_grace`] to
//! finish, and the rest are dropped: a trickling client cannot keep the process alive.

use axum::Router;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Bounds of the connection loop.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest time from accepting a connection to the end of its request head.
    pub head_timeout: Duration,
    /// Largest request head (request line and headers), in bytes.
    pub max_head_bytes: usize,
    /// Longest request target (path and query), in bytes.
    pub max_target_bytes: usize,
    /// Most header fields in a request.
    pub max_headers: usize,
    /// Longest time for the whole exchange after the head: the handler (itself bounded by the
    /// store's query budget) and writing the answer.
    pub exchange_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
    /// How long connections in flight may go on after shutdown begins.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head_timeout: Duration::from_secs(10),
            max_head_bytes: 32 * 1024,
            max_target_bytes: 8 * 1024,
            max_headers: 64,
            exchange_timeout: Duration::from_secs(60),
            max_connections: default_max_connections(),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Connections allowed at once: 512, or fewer when the process may open few files (a quarter
/// of the soft limit on open files, which the store and the system need too).
pub fn default_max_connections() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3)?.parse::<usize>().ok())
        });
    match soft {
        Some(n) => (n / 4).clamp(16, 512),
        None => 512,
    }
}

/// Accepts connections on `listener` and serves `app` on them within `limits`, until
/// `shutdown` completes; then waits at most `limits.shutdown_grace` for connections in flight.
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let limits = Arc::new(limits);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut tasks: JoinSet<()> = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(x) => x,
                    // Out of file descriptors and the like: wait a little, go on.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                match slots.clone().try_acquire_owned() {
                    Ok(slot) => {
                        let (app, limits) = (app.clone(), limits.clone());
                        tasks.spawn(async move {
                            serve_one(stream, app, &limits).await;
                            drop(slot);
                        });
                    }
                    Err(_) => {
                        tasks.spawn(async move {
                            let msg = "too many connections at once; try again shortly";
                            let _ = tokio::time::timeout(
                                Duration::from_secs(1),
                                write_error(stream, 503, msg),
                            )
                            .await;
                        });
                    }
                }
            }
        }
    }
    drop(listener);
    let grace = limits.shutdown_grace;
    let finished =
        tokio::time::timeout(grace, async { while tasks.join_next().await.is_some() {} }).await;
    if finished.is_err() {
        eprintln!(
            "vedetta: {} connection(s) still open after {} s of shutdown: closed",
            tasks.len(),
            grace.as_secs_f64()
        );
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }
    Ok(())
}

/// What reading a request head gave.
enum Head {
    /// The bytes read so far: the complete head and maybe more.
    Complete(Vec<u8>),
    /// The client closed the connection or failed before a head: nothing to answer.
    Gone,
    /// An error to answer with (status, message).
    Refuse(u16, String),
}

async fn serve_one(mut stream: TcpStream, app: Router, limits: &Limits) {
    let head = match tokio::time::timeout(limits.head_timeout, read_head(&mut stream, limits)).await
    {
        Ok(h) => h,
        Err(_) => Head::Refuse(
            408,
            format!(
                "the request head did not arrive within {} s",
                limits.head_timeout.as_secs_f64()
            ),
        ),
    };
    let read = match head {
        Head::Complete(bytes) => bytes,
        Head::Gone => return,
        Head::Refuse(status, msg) => {
            let _ = tokio::time::timeout(Duration::from_secs(2), write_error(stream, status, &msg))
                .await;
            return;
        }
    };
    let io = TokioIo::new(Prefixed {
        prefix: read,
        pos: 0,
        inner: stream,
    });
    let service = TowerToHyperService::new(app);
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(false)
        .serve_connection(io, service);
    // Over the deadline the connection is dropped (and with it the handler's future, which
    // cancels its store work).
    let _ = tokio::time::timeout(limits.exchange_timeout, conn).await;
}

/// Reads until the end of the request head (`\r\n\r\n`), within `limits`, and checks it.
async fn read_head(stream: &mut TcpStream, limits: &Limits) -> Head {
    use tokio::io::AsyncReadExt;
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return Head::Gone,
            Ok(n) => n,
        };
        // Only the new bytes (and the three before them) can complete the terminator.
        let from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        let end = buf[from..]
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map(|p| from + p + 4);
        let too_large = || {
            Head::Refuse(
                431,
                format!(
                    "the request head is larger than {} bytes",
                    limits.max_head_bytes
                ),
            )
        };
        match end {
            Some(end) if end <= limits.max_head_bytes => return check_head(buf, end, limits),
            Some(_) => return too_large(),
            None if buf.len() > limits.max_head_bytes => return too_large(),
            None => {}
        }
    }
}

fn check_head(buf: Vec<u8>, end: usize, limits: &Limits) -> Head {
    let mut headers = vec![httparse::EMPTY_HEADER; limits.max_headers];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(&buf[..end]) {
        Ok(httparse::Status::Complete(_)) => {
            let target = req.path.map_or(0, str::len);
            if target > limits.max_target_bytes {
                return Head::Refuse(
                    414,
                    format!(
                        "the request target is {target} bytes, over the limit of {}",
                        limits.max_target_bytes
                    ),
                );
            }
            Head::Complete(buf)
        }
        Ok(httparse::Status::Partial) => Head::Refuse(400, "incomplete request head".into()),
        Err(httparse::Error::TooManyHeaders) => Head::Refuse(
            431,
            format!("more than {} header fields", limits.max_headers),
        ),
        Err(e) => Head::Refuse(400, format!("malformed request: {e}")),
    }
}

/// Writes a JSON error (`{"error","status"}`, as the API's) and closes the connection.
async fn write_error(mut stream: TcpStream, status: u16, msg: &str) -> io::Result<()> {
    let body = serde_json::to_vec(&crate::ApiError {
        error: msg.to_string(),
        status,
        parameter: None,
    })
    .unwrap_or_default();
    let reason = axum::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body).await?;
    stream.shutdown().await
}

/// A stream whose first bytes were already read: they are read again first.
struct Prefixed {
    prefix: Vec<u8>,
    pos: usize,
    inner: TcpStream,
}

impl AsyncRead for Prefixed {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.pos < self.prefix.len() {
            let n = buf.remaining().min(self.prefix.len() - self.pos);
            let start = self.pos;
            buf.put_slice(&self.prefix[start..start + n]);
            self.pos += n;
            if self.pos == self.prefix.len() {
                self.prefix = Vec::new();
                self.pos = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Prefixed {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
