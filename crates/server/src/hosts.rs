//! The `Host` check: a web page that rebinds its own domain name to 127.0.0.1 makes the
//! browser send requests to `vedetta serve` with that name in `Host`, and could read the whole
//! API. Only loopback names (`localhost`, `127.0.0.1`, `[::1]`…), the `--bind` host and
//! names given with `--allow-host` are answered; other hosts get a JSON 403.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Host names (lowercase, without port) the server answers.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    names: Vec<String>,
    any: bool,
}

impl AllowedHosts {
    /// Loopback names only.
    pub fn loopback() -> AllowedHosts {
        AllowedHosts::default()
    }

    /// Also `name` (a host name or address, with or without port; `*` accepts every host).
    pub fn allow(mut self, name: &str) -> AllowedHosts {
        let n = host_name(name);
        if n == "*" {
            self.any = true;
        } else if !n.is_empty() {
            self.names.push(n);
        }
        self
    }

    /// True when a request with this `Host` value is answered.
    pub fn accepts(&self, host: &str) -> bool {
        let h = host_name(host);
        self.any || is_loopback_name(&h) || self.names.contains(&h)
    }
}

/// The host part of a `Host` value or address: lowercase, without port, brackets or a
/// final dot (`[::1]:8080` → `::1`, `Example.org.:80` → `example.org`).
fn host_name(v: &str) -> String {
    let v = v.trim();
    let h = if let Some(rest) = v.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else if v.matches(':').count() > 1 {
        v // a bare IPv6 address
    } else {
        v.split(':').next().unwrap_or("")
    };
    h.trim_end_matches('.').to_ascii_lowercase()
}

fn is_loopback_name(h: &str) -> bool {
    h == "localhost"
        || h.ends_with(".localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Middleware: refuses requests whose `Host` is not allowed. A request without `Host`
/// (HTTP/1.0 tools) is answered: browsers always send one.
pub async fn check_host(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|v| v.to_str().unwrap_or("\u{fffd}").to_string())
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    match host {
        Some(h) if !st.hosts.accepts(&h) => ApiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "Host {h:?} is not allowed: vedetta serve answers loopback names and the --bind \
                 address; start it with --allow-host {} to accept this name",
                host_name(&h)
            ),
        )
        .into_response(),
        _ => next.run(req).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_bind_and_allowed_names() {
        let a = AllowedHosts::loopback()
            .allow("192.168.1.5:8080")
            .allow("Vedetta.Lan");
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:1",
            "127.9.9.9",
            "[::1]:8080",
            "::1",
            "app.localhost",
            "192.168.1.5",
            "vedetta.lan.:80",
        ] {
            assert!(a.accepts(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "",
            "\u{fffd}",
        ] {
            assert!(!a.accepts(bad), "{bad}");
        }
        assert!(AllowedHosts::loopback()
            .allow("*")
            .accepts("anything.example"));
    }
}
