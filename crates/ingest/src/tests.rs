use super::*;
use std::io::Write;

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vedetta-ingest-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn read_all(paths: &[PathBuf]) -> Vec<Result<Document, IngestError>> {
    Reader::new(paths, IngestOptions::default()).collect()
}

#[test]
fn seed_format_reads_month_date_and_text() {
    let d = tmpdir("seed");
    let p = d.join("a.txt");
    std::fs::write(&p, " date 2024-05 Un'azione militare. Altro.").unwrap();
    let docs = read_all(&[p]);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(doc.id, "a");
    assert_eq!(doc.date.unwrap().to_string(), "2024-05");
    assert_eq!(doc.text, "Un'azione militare. Altro.");
}

#[test]
fn plain_text_has_unknown_date_unless_given() {
    let d = tmpdir("plain");
    let p = d.join("b.txt");
    std::fs::write(&p, "Russia and Ukraine met.").unwrap();
    assert_eq!(
        read_all(std::slice::from_ref(&p))[0].as_ref().unwrap().date,
        None
    );
    let opts = IngestOptions {
        default_date: Some(PartialDate::parse("2023-01-02").unwrap()),
        ..Default::default()
    };
    let doc = Reader::new(&[p], opts).next().unwrap().unwrap();
    assert_eq!(doc.date.unwrap().to_string(), "2023-01-02");
}

#[test]
fn jsonl_bad_lines_are_reported_and_the_rest_is_read() {
    let d = tmpdir("jsonl");
    let p = d.join("c.jsonl");
    let mut f = std::fs::File::create(&p).unwrap();
    writeln!(f, r#"{{"id":"1","date":"2024-05-17","text":"Primo."}}"#).unwrap();
    writeln!(f, r#"{{"id":"2","date":"2024-05-17","text":"#).unwrap(); // broken JSON
    writeln!(f).unwrap(); // blank line: skipped
    writeln!(f, r#"{{"id":"3","date":"17/05/2024","text":"Terzo."}}"#).unwrap(); // bad date
    writeln!(f, r#"{{"id":"4","text":"   "}}"#).unwrap(); // empty text
    f.write_all(b"{\"id\":\"5\",\"text\":\"caf\xe9\"}\n")
        .unwrap(); // invalid UTF-8
    writeln!(f, r#"{{"id":"6","lang":"en","text":"Last one."}}"#).unwrap();
    drop(f);
    let items = read_all(&[p]);
    assert_eq!(items.len(), 6);
    assert_eq!(items[0].as_ref().unwrap().id, "1");
    let e = items[1].as_ref().unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.to_string().contains("c.jsonl:2: broken JSON"), "{e}");
    let e = items[2].as_ref().unwrap_err();
    assert_eq!(e.line, Some(4));
    assert!(e.to_string().contains("unknown date format"), "{e}");
    assert_eq!(items[3].as_ref().unwrap_err().kind, ErrorKind::Empty);
    assert!(matches!(
        items[4].as_ref().unwrap_err().kind,
        ErrorKind::Encoding { .. }
    ));
    assert_eq!(items[4].as_ref().unwrap_err().line, Some(6));
    let last = items[5].as_ref().unwrap();
    assert_eq!((last.id.as_str(), last.lang.as_deref()), ("6", Some("en")));
}

#[test]
fn a_huge_line_is_refused_without_stopping_the_batch() {
    let d = tmpdir("huge");
    let p = d.join("h.jsonl");
    let mut f = std::fs::File::create(&p).unwrap();
    let big = "x".repeat(3 * 1024 * 1024);
    writeln!(f, r#"{{"id":"big","text":"{big}"}}"#).unwrap();
    writeln!(f, r#"{{"id":"small","text":"ok"}}"#).unwrap();
    drop(f);
    let opts = IngestOptions {
        max_doc_bytes: 1024 * 1024,
        ..Default::default()
    };
    let items: Vec<_> = Reader::new(&[p], opts).collect();
    let e = items[0].as_ref().unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::TooLarge { .. }) && e.line == Some(1),
        "{e}"
    );
    assert_eq!(items[1].as_ref().unwrap().id, "small");
}

#[test]
fn text_file_errors_name_file_and_line() {
    let d = tmpdir("textbad");
    let bad_utf8 = d.join("latin1.txt");
    std::fs::write(&bad_utf8, b"riga uno\nperch\xe9 no\n").unwrap();
    let empty = d.join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let bad_date = d.join("date.txt");
    std::fs::write(&bad_date, "date maggio-2024 Testo.").unwrap();
    let items = read_all(&[bad_utf8, empty, bad_date, d.join("missing.txt")]);
    let msgs: Vec<String> = items
        .iter()
        .map(|i| i.as_ref().unwrap_err().to_string())
        .collect();
    assert!(
        msgs[0].contains("latin1.txt:2: not valid UTF-8"),
        "{}",
        msgs[0]
    );
    assert!(msgs[1].ends_with("empty.txt: empty text"), "{}", msgs[1]);
    assert!(
        msgs[2].contains("date.txt:1: date header: unknown date format"),
        "{}",
        msgs[2]
    );
    assert!(msgs[3].contains("missing.txt: cannot read"), "{}", msgs[3]);
}

#[test]
fn directories_are_walked_recursively_in_order() {
    let d = tmpdir("dir");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("b.txt"), "date 2024 B.").unwrap();
    std::fs::write(d.join("sub/a.txt"), "A.").unwrap();
    std::fs::write(d.join("notes.md"), "skip me").unwrap();
    std::fs::write(d.join("c.jsonl"), "{\"id\":\"c1\",\"text\":\"C.\"}\n").unwrap();
    let mut r = Reader::new(std::slice::from_ref(&d), IngestOptions::default());
    let ids: Vec<String> = r.by_ref().map(|x| x.unwrap().id).collect();
    assert_eq!(ids, ["b", "c1", "a"]);
    assert_eq!(r.skipped.len(), 1);
}

proptest::proptest! {
    #[test]
    fn jsonl_reader_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let r: Box<dyn BufRead> = Box::new(std::io::Cursor::new(bytes));
        let n = jsonl::JsonlReader::new(r, "x".into(), IngestOptions { max_doc_bytes: 64, ..Default::default() }, Path::new("x")).count();
        proptest::prop_assert!(n <= 400);
    }

    #[test]
    fn date_header_never_panics(s in "\\PC{0,40}") {
        let _ = text::split_date_header(&s);
    }
}

#[test]
fn stdin_is_sniffed_for_json_feeds_and_html() {
    let cases: [(&str, Format); 6] = [
        ("{\"text\":\"a\"}\n", Format::Jsonl),
        (
            "\u{feff}<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>",
            Format::Feed,
        ),
        (
            "  <feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>",
            Format::Feed,
        ),
        (
            "<!DOCTYPE html><html><body><p>x</p></body></html>",
            Format::Html,
        ),
        ("<p>a fragment</p>", Format::Html),
        ("date 2024-05 Testo.", Format::Text),
    ];
    for (input, want) in cases {
        let mut r: Box<dyn BufRead> = Box::new(std::io::Cursor::new(input.as_bytes().to_vec()));
        assert_eq!(sniff(&mut r).unwrap(), want, "{input:?}");
    }
}

#[test]
fn xml_files_are_feeds_only_by_their_root() {
    let d = tmpdir("xml");
    std::fs::write(
        d.join("a.xml"),
        "<?xml version=\"1.0\"?><catalog><item/></catalog>",
    )
    .unwrap();
    std::fs::write(
        d.join("b.xml"),
        "<rss version=\"2.0\"><channel><item><title>T</title>\
         <description>Una notizia di esempio.</description></item></channel></rss>",
    )
    .unwrap();
    let mut r = Reader::new(std::slice::from_ref(&d), IngestOptions::default());
    let items: Vec<_> = r.by_ref().collect();
    assert_eq!(items.len(), 1, "{items:?}");
    let doc = items[0].as_ref().unwrap();
    assert_eq!(doc.text, "Una notizia di esempio.");
    assert!(doc.source.ends_with("b.xml:1"), "{}", doc.source);
    assert_eq!(r.skipped, [d.join("a.xml")]);
    // Named on the command line, a non-feed .xml is an error rather than skipped.
    let items = read_all(&[d.join("a.xml")]);
    let e = items[0].as_ref().unwrap_err();
    assert!(
        e.to_string().contains("the root element is <catalog>"),
        "{e}"
    );
}

#[test]
fn from_bytes_reads_like_a_file() {
    let items: Vec<_> = Reader::from_bytes(
        b"date 2024-05\nUna notizia.".to_vec(),
        "mem.txt",
        Some(Format::Text),
        IngestOptions::default(),
    )
    .collect();
    let doc = items[0].as_ref().unwrap();
    assert_eq!(
        (doc.id.as_str(), doc.text.as_str()),
        ("mem", "Una notizia.")
    );
    // Sniffed as stdin is when no format is given.
    let items: Vec<_> = Reader::from_bytes(
        b"{\"id\":\"a\",\"text\":\"x\"}\n{".to_vec(),
        "-",
        None,
        IngestOptions::default(),
    )
    .collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].as_ref().unwrap_err().line, Some(2));
}

/// Hostile corpus regression (docs/hardening.md): a page nested 100,000 elements deep kept
/// the readability extractor busy for hours (time in depth × elements); it is refused at once.
#[test]
fn deeply_nested_html_is_refused_quickly() {
    let depth = 100_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>La Russia ha inviato aiuti alla Corea del Nord.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let t = std::time::Instant::now();
    let items: Vec<_> = Reader::from_bytes(
        page.into_bytes(),
        "deep.html",
        Some(Format::Html),
        IngestOptions::default(),
    )
    .collect();
    let e = items[0].as_ref().unwrap_err();
    assert!(e.to_string().contains("nested more than 512 deep"), "{e}");
    assert!(t.elapsed().as_secs() < 30, "{:?}", t.elapsed());
    // Nesting within the limit still reads.
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(400));
    page.push_str("<p>La Russia ha inviato aiuti alla Corea del Nord, ha detto il Cremlino.</p>");
    page.push_str(&"</div>".repeat(400));
    let items: Vec<_> = Reader::from_bytes(
        page.into_bytes(),
        "ok.html",
        Some(Format::Html),
        IngestOptions::default(),
    )
    .collect();
    let doc = items[0].as_ref().unwrap();
    assert!(doc.text.contains("Corea del Nord"), "{}", doc.text);
}

/// Hostile input (issue 12): a UTF-8 byte-order mark before the first JSONL record is not
/// part of it, so the first record is read.
#[test]
fn jsonl_byte_order_mark_keeps_the_first_record() {
    let bytes =
        b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"Primo.\"}\n{\"id\":\"b\",\"text\":\"Secondo.\"}\n";
    let items: Vec<_> = Reader::from_bytes(
        bytes.to_vec(),
        "bom.jsonl",
        Some(Format::Jsonl),
        Default::default(),
    )
    .collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id, "a");
    assert_eq!(items[1].as_ref().unwrap().id, "b");
    // From a file (sniffed or by extension) as well.
    let d = tmpdir("bom");
    let p = d.join("bom.jsonl");
    std::fs::write(&p, bytes).unwrap();
    let ids: Vec<String> = read_all(&[p]).into_iter().map(|r| r.unwrap().id).collect();
    assert_eq!(ids, ["a", "b"]);
}

/// Folder walks (issue 12): symbolic links to their own folder (or to each other) are
/// followed at most once per real directory, entries that are not regular files are skipped
/// with a note and never opened, and an entry that cannot be read is reported by its own path
/// while the walk goes on to the files after it.
#[cfg(unix)]
#[test]
fn folder_walks_end_skip_fifos_and_report_bad_entries() {
    use std::os::unix::fs::symlink;
    let d = tmpdir("walk");
    std::fs::create_dir_all(d.join("a/b")).unwrap();
    std::fs::write(d.join("a/1.txt"), "Russia attacked Ukraine.").unwrap();
    std::fs::write(d.join("a/b/2.txt"), "Italy met France.").unwrap();
    std::fs::write(d.join("z.txt"), "Last file.").unwrap();
    symlink(&d, d.join("a/loop")).unwrap(); // back to the top
    symlink(d.join("a"), d.join("a/b/up")).unwrap(); // to a parent
    symlink(".", d.join("a/self")).unwrap(); // to itself
    symlink(d.join("missing"), d.join("a/dangling.txt")).unwrap(); // cannot be read
    let fifo = d.join("a/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut r = Reader::new(std::slice::from_ref(&d), IngestOptions::default());
    let items: Vec<_> = r.by_ref().collect();
    let mut texts: Vec<String> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|d| d.text.clone())
        .collect();
    texts.sort();
    assert_eq!(
        texts,
        [
            "Italy met France.",
            "Last file.",
            "Russia attacked Ukraine."
        ]
    );
    let errors: Vec<&IngestError> = items.iter().filter_map(|i| i.as_ref().err()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].source.ends_with("a/dangling.txt"),
        "{}",
        errors[0]
    );
    if made {
        assert_eq!(r.special, [fifo.clone()]);
        assert!(r
            .notes()
            .iter()
            .any(|n| n.contains("pipe.txt") && n.contains("FIFO")));
    }
}

/// HTML (issue 12): html5ever's escaping scans to the end of a text node for each `&`, so the
/// extractor took time in (entities × node length); long text runs are cut into text nodes
/// of bounded size, which changes nothing in the text read.
#[test]
fn long_html_text_runs_are_cut_without_changing_the_text() {
    // A short page is not touched.
    let short = "<html><body><p>Fish &amp; chips.</p></body></html>";
    assert!(matches!(
        crate::html::split_long_text_runs(short),
        std::borrow::Cow::Borrowed(_)
    ));
    // A long paragraph with entities, no-break spaces and a comment is cut, and reads the same.
    let mut para = String::new();
    for i in 0..3000 {
        para.push_str(&format!("Parola{i} &amp; altra&nbsp;cosa \u{a0}"));
    }
    let page = format!(
        "<html><head><title>T &amp; U</title></head><body><article><p>{para}</p>\
         <!-- a comment &amp; more --><p>Fine.</p></article></body></html>"
    );
    let cut = crate::html::split_long_text_runs(&page);
    assert!(cut.len() > page.len());
    let text = |h: &str| {
        dom_query::Document::from(h)
            .select("body")
            .text()
            .to_string()
    };
    assert_eq!(text(&cut), text(&page));
    let title = |h: &str| {
        dom_query::Document::from(h)
            .select("title")
            .text()
            .to_string()
    };
    assert_eq!(title(&cut), "T & U");
    // No text node of the cut page is much longer than the bound.
    for piece in cut.split("<!---->") {
        let longest = piece.split(['<', '>']).map(str::len).max().unwrap_or(0);
        assert!(longest <= 8192 + 64, "{longest}");
    }
    let doc = Reader::from_bytes(
        page.into_bytes(),
        "long.html",
        Some(Format::Html),
        IngestOptions::default(),
    )
    .next()
    .unwrap()
    .unwrap();
    assert!(
        doc.text.contains("Parola2999 & altra"),
        "{}",
        &doc.text[..200]
    );
    assert!(!doc.text.contains("<!--"));
}

/// Issue 12: undated files take a date from `--dates FILE.tsv`, or from their modification
/// day only when asked, and `--date` last.
#[test]
fn undated_files_take_dates_from_a_table_or_mtime_when_asked() {
    let d = tmpdir("dates");
    std::fs::write(d.join("a.txt"), "Russia attacked Ukraine.").unwrap();
    std::fs::write(d.join("b.txt"), "Italy met France.").unwrap();
    std::fs::write(d.join("c.txt"), "date 2020-01-01 Dated in the file.").unwrap();
    std::fs::write(d.join("d.jsonl"), "{\"id\":\"x\",\"text\":\"No date.\"}\n").unwrap();
    let tsv = d.join("dates.tsv");
    std::fs::write(
        &tsv,
        "# path\tdate\na.txt\t2024-05-17\nc.txt\t1999\nd.jsonl\t2023-03\n",
    )
    .unwrap();
    let dates = std::sync::Arc::new(FileDates::read(&tsv).unwrap());
    assert_eq!(dates.len(), 3);
    let read = |opts: IngestOptions| -> Vec<Option<String>> {
        let mut files: Vec<PathBuf> = ["a.txt", "b.txt", "c.txt", "d.jsonl"]
            .iter()
            .map(|f| d.join(f))
            .collect();
        files.sort();
        Reader::new(&files, opts)
            .map(|r| r.unwrap().date.map(|x| x.to_string()))
            .collect()
    };
    let with_table = IngestOptions {
        dates: Some(dates.clone()),
        ..Default::default()
    };
    assert_eq!(
        read(with_table),
        [
            Some("2024-05-17".into()),
            None,
            Some("2020-01-01".into()),
            Some("2023-03".into())
        ]
    );
    let mtime = IngestOptions {
        dates: Some(dates),
        date_from_mtime: true,
        default_date: PartialDate::parse("2000").ok(),
        ..Default::default()
    };
    let got = read(mtime);
    let today = got[1].clone().expect("b.txt dated by mtime");
    assert_eq!(today.len(), 10, "{today}");
    assert!(today.as_str() >= "2025-01-01", "{today}");
    assert_eq!(got[0].as_deref(), Some("2024-05-17"));
    // A bad row names the file and line.
    std::fs::write(&tsv, "a.txt\t2024-05-17\nb.txt 2024\n").unwrap();
    let e = FileDates::read(&tsv).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.to_string().contains("dates.tsv:2"), "{e}");
}
