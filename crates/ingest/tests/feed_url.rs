//! `--feed URL`: feeds fetched from a tiny HTTP server on 127.0.0.1, run in a thread for each
//! test. Every server handles one connection and stops by itself.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use vedetta_ingest::{ErrorKind, IngestOptions, Reader};

/// Reads a request up to the blank line after its headers (or 2 s of silence).
fn read_request(s: &mut TcpStream) {
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Serves one connection with `respond`, on a free port; returns the URL and the thread.
fn serve(respond: impl FnOnce(TcpStream) + Send + 'static) -> (String, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    let t = std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            read_request(&mut s);
            respond(s);
        }
    });
    (url, t)
}

fn reply(
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
) -> impl FnOnce(TcpStream) {
    move |mut s| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = s.write_all(head.as_bytes());
        let _ = s.write_all(&body);
    }
}

fn opts(url: &str, timeout: Duration) -> IngestOptions {
    IngestOptions {
        feeds: vec![url.to_string()],
        timeout,
        ..Default::default()
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_served_feed_is_read_entry_by_entry() {
    let (url, t) = serve(reply(
        "200 OK",
        "application/rss+xml",
        fixture("example.rss"),
    ));
    let items: Vec<_> = Reader::new(&[] as &[&Path], opts(&url, Duration::from_secs(10))).collect();
    t.join().unwrap();
    assert_eq!(items.len(), 3, "{items:#?}");
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.source, format!("{url}:1"));
    assert_eq!(first.title.as_deref(), Some("Border talks resume"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://daily.example/border-talks")
    );
    assert_eq!(first.date.unwrap().to_string(), "2024-05-18");
    assert!(items[1].is_ok());
    let e = items[2].as_ref().unwrap_err();
    assert_eq!((e.source.as_str(), e.line), (url.as_str(), Some(3)));
    assert_eq!(e.kind, ErrorKind::NoEntryText { entry: 3 });
}

#[test]
fn paths_come_before_feeds() {
    let (url, t) = serve(reply(
        "200 OK",
        "application/atom+xml",
        fixture("example.atom"),
    ));
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/article.html");
    let items: Vec<_> = Reader::new(&[&page], opts(&url, Duration::from_secs(10))).collect();
    t.join().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].as_ref().unwrap().id, "article");
    assert_eq!(items[1].as_ref().unwrap().source, format!("{url}:1"));
}

#[test]
fn http_404_is_a_clear_error_naming_the_url() {
    let (url, t) = serve(reply(
        "404 Not Found",
        "text/plain",
        b"no such feed".to_vec(),
    ));
    let items: Vec<_> = Reader::new(&[] as &[&Path], opts(&url, Duration::from_secs(10))).collect();
    t.join().unwrap();
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{url}: cannot fetch: HTTP status 404 Not Found")
    );
}

#[test]
fn a_page_that_is_not_a_feed_says_so() {
    let html = b"<!DOCTYPE html><html><body><p>Hello</p></body></html>".to_vec();
    let (url, t) = serve(reply("200 OK", "text/html", html));
    let items: Vec<_> = Reader::new(&[] as &[&Path], opts(&url, Duration::from_secs(10))).collect();
    t.join().unwrap();
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{url}: feed: not an RSS, Atom or RDF feed (the root element is <html>)")
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    // Accepts, reads the request, and stays silent for 2 s (then closes).
    let (url, t) = serve(|s| {
        std::thread::sleep(Duration::from_secs(2));
        drop(s);
    });
    let started = Instant::now();
    let items: Vec<_> = Reader::new(&[] as &[&Path], opts(&url, Duration::from_secs(1))).collect();
    let took = started.elapsed();
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("{url}: cannot fetch: timed out")),
        "{e}"
    );
    assert!(e.to_string().contains("1 s (--timeout)"), "{e}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
    t.join().unwrap();
}

#[test]
fn a_refused_connection_and_a_bad_scheme_are_errors() {
    // A port that was free a moment ago: nothing listens there now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/feed.xml");
    let items: Vec<_> = Reader::new(&[] as &[&Path], opts(&url, Duration::from_secs(5))).collect();
    let e = items[0].as_ref().unwrap_err();
    assert!(
        e.to_string().starts_with(&format!("{url}: cannot fetch: ")),
        "{e}"
    );
    assert!(e.to_string().contains("refused"), "{e}");

    let items: Vec<_> = Reader::new(
        &[] as &[&Path],
        opts("ftp://feeds.example/x.rss", Duration::from_secs(5)),
    )
    .collect();
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        "ftp://feeds.example/x.rss: cannot fetch: not an http:// or https:// URL"
    );
}

#[test]
fn an_oversized_feed_is_refused() {
    let big = fixture("example.rss");
    let (url, t) = serve(reply("200 OK", "application/rss+xml", big));
    let o = IngestOptions {
        max_feed_bytes: 100,
        ..opts(&url, Duration::from_secs(10))
    };
    let items: Vec<_> = Reader::new(&[] as &[&Path], o).collect();
    t.join().unwrap();
    let e = items[0].as_ref().unwrap_err();
    assert!(
        e.to_string().contains("larger than the limit of 100 bytes"),
        "{e}"
    );
}

/// Issue 12: a password inside a `--feed` URL is used to fetch the feed but never stored
/// (document sources and URLs) nor shown in errors.
#[test]
fn feed_url_credentials_are_not_kept() {
    let (url, t) = serve(reply(
        "200 OK",
        "application/rss+xml",
        fixture("example.rss"),
    ));
    let secret = url.replacen("http://", "http://reader:s3cret@", 1);
    let items: Vec<_> =
        Reader::new(&[] as &[&Path], opts(&secret, Duration::from_secs(10))).collect();
    t.join().unwrap();
    assert_eq!(items.len(), 3, "{items:#?}");
    for it in &items {
        let text = format!("{it:?}");
        assert!(
            !text.contains("s3cret") && !text.contains("reader:"),
            "{text}"
        );
    }
    assert_eq!(items[0].as_ref().unwrap().source, format!("{url}:1"));
    // A failed download names the URL without the password too.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let gone = format!("http://reader:s3cret@127.0.0.1:{port}/feed.xml");
    let items: Vec<_> = Reader::new(&[] as &[&Path], opts(&gone, Duration::from_secs(5))).collect();
    let e = items[0].as_ref().unwrap_err();
    assert!(!e.to_string().contains("s3cret"), "{e}");
    assert!(e.source.starts_with("http://127.0.0.1:"), "{e}");
}
