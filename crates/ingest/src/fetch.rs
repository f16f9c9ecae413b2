//! Fetching a feed over HTTP(S) with `ureq` (rustls): bounded in time and size, and every
//! failure told in words (DNS, refused connection, timeout, HTTP status, size).

use crate::{ErrorKind, IngestOptions};
use std::time::Duration;
use ureq::Error;

/// Downloads `url` and returns its body, at most `opts.max_feed_bytes` bytes, within
/// `opts.timeout` in all (connecting within `opts.connect_timeout`).
pub(crate) fn fetch(url: &str, opts: &IngestOptions) -> Result<Vec<u8>, ErrorKind> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(ErrorKind::Fetch(
            "not an http:// or https:// URL".to_string(),
        ));
    }
    let connect = opts.connect_timeout.min(opts.timeout);
    let mut cfg = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .timeout_connect(Some(connect))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("vedetta/", env!("CARGO_PKG_VERSION")));
    if is_loopback(&lower) {
        // A proxy from the environment cannot reach this machine's own servers.
        cfg = cfg.proxy(None);
    }
    let agent: ureq::Agent = cfg.build().into();
    let mut resp = agent
        .get(url)
        .header(
            "Accept",
            "application/rss+xml, application/atom+xml, application/rdf+xml, \
             application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
        )
        .call()
        .map_err(|e| ErrorKind::Fetch(describe(e, opts)))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(ErrorKind::Fetch(
            format!(
                "HTTP status {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string(),
        ));
    }
    resp.body_mut()
        .with_config()
        .limit(opts.max_feed_bytes as u64)
        .read_to_vec()
        .map_err(|e| ErrorKind::Fetch(describe(e, opts)))
}

/// True when the URL's host is this machine (`localhost`, `127.x.x.x`, `[::1]`).
fn is_loopback(lower_url: &str) -> bool {
    let rest = lower_url.split_once("://").map_or(lower_url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host_port == "localhost"
        || host_port.starts_with("localhost:")
        || host_port.starts_with("127.")
        || host_port.starts_with("[::1]")
}

/// Seconds, without a useless fraction: `30 s`, `0.5 s`.
fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// A ureq error in words.
fn describe(e: Error, opts: &IngestOptions) -> String {
    use ureq::Timeout;
    match e {
        Error::Timeout(Timeout::Connect) => format!(
            "timed out: no connection within {}",
            secs(opts.connect_timeout.min(opts.timeout))
        ),
        Error::Timeout(_) => format!(
            "timed out: no complete answer within {} (--timeout)",
            secs(opts.timeout)
        ),
        Error::HostNotFound => "host not found (DNS lookup failed)".to_string(),
        Error::BodyExceedsLimit(limit) => {
            format!("the feed is larger than the limit of {limit} bytes")
        }
        Error::StatusCode(code) => format!("HTTP status {code}"),
        Error::BadUri(u) => format!("not a valid URL: {u}"),
        Error::TooManyRedirects => "too many redirects".to_string(),
        Error::ConnectionFailed => "connection failed".to_string(),
        Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => format!(
                "timed out: no complete answer within {} (--timeout)",
                secs(opts.timeout)
            ),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::UnexpectedEof => {
                format!("the server closed the connection ({io})")
            }
            _ => format!("network error: {io}"),
        },
        Error::Tls(m) => format!("TLS error: {m}"),
        Error::Rustls(r) => format!("TLS error: {r}"),
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for u in [
            "http://localhost/f",
            "http://127.0.0.1:8080/x",
            "https://[::1]:9/",
            "http://u@localhost:1",
        ] {
            assert!(is_loopback(u), "{u}");
        }
        for u in ["http://example.org/", "https://localhost.example/"] {
            assert!(!is_loopback(u), "{u}");
        }
        assert_eq!(secs(Duration::from_secs(30)), "30 s");
        assert_eq!(secs(Duration::from_millis(500)), "0.5 s");
    }
}
