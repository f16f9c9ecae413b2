//! `vedetta generate --hostile`: a deterministic corpus of malformed and hostile inputs, for
//! checking that reading, coding and storing never panic, stay within bounded memory and
//! report every failure by file and line.
//!
//! One file per document (a JSONL file holds several lines, some good), in one folder:
//! random bytes, invalid UTF-8, NUL bytes, byte-order marks, CRLF and lone CR line ends, empty
//! files, bad dates, deeply nested quotation marks, long runs of capitalised tokens, Arabic and
//! Hebrew text with bidi controls, zero-width characters, mixed scripts (homoglyphs, CJK,
//! emoji sequences, stacked combining marks), giant tokens and punctuation runs, broken JSONL
//! (wrong types, lone surrogate escapes, deep nesting, trailing garbage), malformed HTML (tag
//! soup, deep nesting, bad entities, broken metadata) and malformed feeds (truncated XML,
//! entity expansion bombs, external entities, bad dates, entries without text). About one
//! file in ten is a good article, so a run also shows that good documents in the same batch
//! are stored.
//!
//! A few "monster" files come once each: a 10 MB single sentence, a million capitalised
//! tokens, quotation marks nested 10,000 deep, HTML nested 100,000 deep, a JSONL line over the
//! 16 MB document limit and a feed of 20,000 entries. Their sizes scale with `--docs / 10000`
//! (never above full size), so a small corpus for tests stays fast.
//!
//! `MANIFEST.tsv` (file, kind, bytes) lists what was written; ingest skips it (`.tsv`).
//! The same seed gives the same bytes.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

/// SplitMix64, as in `generate`: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<T: Copy>(&mut self, list: &[T]) -> T {
        list[self.below(list.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// What a run wrote.
#[derive(Debug, Default)]
pub struct Summary {
    /// Files written.
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Files by kind.
    pub by_kind: BTreeMap<&'static str, u64>,
}

const GOOD_IT: &[&str] = &[
    "La Russia ha inviato aiuti alla Corea del Nord, ha detto il Cremlino.",
    "Il presidente Sergio Mattarella ha incontrato il primo ministro giapponese a Roma.",
    "L'Italia ha condannato l'attacco contro l'Ucraina, secondo il ministero degli Esteri.",
    "Il governo francese ha annunciato nuove sanzioni contro l'Iran.",
    "La Cina ha minacciato Taiwan dopo le esercitazioni militari.",
];
const GOOD_EN: &[&str] = &[
    "The United States sent aid to Ukraine and sanctioned Russia, officials said.",
    "Russian troops attacked Kharkiv on Monday, the Ukrainian army said.",
    "The European Union accused Belarus of using migrants as a weapon.",
    "Japan and South Korea agreed to share intelligence on North Korea.",
    "Israeli officials met Egyptian mediators in Cairo to discuss a ceasefire.",
];
const QUOTES: &[(&str, &str)] = &[
    ("«", "»"),
    ("\"", "\""),
    ("'", "'"),
    ("“", "”"),
    ("‘", "’"),
    ("„", "“"),
    ("‹", "›"),
    ("「", "」"),
    ("»", "«"),
];
const ZERO_WIDTH: &[char] = &[
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{200E}', '\u{200F}',
    '\u{180E}', '\u{034F}',
];
const BIDI: &[char] = &[
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200F}',
];
const RTL: &[&str] = &[
    "أرسلت روسيا مساعدات إلى كوريا الشمالية، قال الكرملين.",
    "اتهمت إيران الولايات المتحدة بتهديد الأمن الإقليمي في ٢٠٢٤.",
    "ישראל הודיעה כי שלחה משלחת לקהיר לשיחות על הפסקת אש.",
    "ראש הממשלה נפגש עם נשיא ארצות הברית בוושינגטון ב-12 במאי.",
    "Putin قال إن Moscow سترسل ٣٠٠٠ جندي إلى Kursk.",
];
const MIXED: &[&str] = &[
    "Rаssia (Cyrillic а) ha inviato аiuti а Kiеv.",
    "習近平 met Путин in 北京 and 모스크바 on 2024-05-16 🇨🇳🤝🇷🇺.",
    "𝐏𝐮𝐭𝐢𝐧 𝐡𝐚 𝐝𝐞𝐭𝐭𝐨 and Ｐｕｔｉｎ ｓａｉｄ ｔｈａｔ ＮＡＴＯ ｔｈｒｅａｔｅｎｓ.",
    "प्रधानमंत्री मोदी ने कहा कि भारत रूस से तेल खरीदेगा। ประเทศไทยประกาศมาตรการใหม่",
    "👩‍👩‍👧‍👦 🏳️‍🌈 🧑🏽‍🚀 \u{E000}\u{F8FF}\u{FFFD}\u{FFFE}\u{10FFFF} La NATO 🚀 ha minacciato 💣 la Russia.",
    "Ελλάδα και Τουρκία υπέγραψαν συμφωνία. Georgia (საქართველო) and Armenia (Հայաստան) met.",
];
const WORDS: &[&str] = &[
    "Alfa",
    "Bravo",
    "Charlie",
    "Delta",
    "Echo",
    "Foxtrot",
    "Golf",
    "Hotel",
    "India",
    "Juliett",
    "Kilo",
    "Lima",
    "Mosca",
    "Roma",
    "Putin",
    "Biden",
    "NATO",
    "ONU",
    "Corea",
    "Nord",
    "Stati",
    "Uniti",
    "Ministero",
    "Difesa",
    "Presidente",
    "Università",
    "Banca",
    "Centrale",
];
const BAD_UTF8: &[&[u8]] = &[
    b"\xFF",
    b"\xC0\xAF",
    b"\xED\xA0\x80",
    b"\xF4\x90\x80\x80",
    b"\x80",
    b"citt\xE0",
    b"\xE2\x82",
    b"\xFE\xFE\xFF\xFF",
];

/// Full sizes of the monster files.
const HUGE_SENTENCE_BYTES: usize = 10 * 1024 * 1024;
const CAPS_TOKENS: usize = 1_000_000;
const QUOTE_DEPTH: usize = 10_000;
const HTML_DEPTH: usize = 100_000;
const JSONL_LINE_BYTES: usize = 16 * 1024 * 1024 + 1024;
const FEED_ENTRIES: usize = 20_000;

/// Writes `docs` files into `out` (created if needed).
pub fn generate(out: &Path, docs: u64, seed: u64) -> Result<Summary> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut rng = Rng(seed ^ 0x0068_6f73_7469_6c65);
    let scale = (docs as f64 / 10_000.0).min(1.0);
    let sized = |full: usize, min: usize| ((full as f64 * scale) as usize).max(min);
    let mut summary = Summary::default();
    let mut manifest = String::from("file\tkind\tbytes\n");
    let mut write = |i: u64, kind: &'static str, ext: &str, bytes: &[u8]| -> Result<()> {
        let name = format!("{i:05}-{kind}.{ext}");
        let path = out.join(&name);
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
        );
        f.write_all(bytes)
            .and_then(|_| f.flush())
            .with_context(|| format!("writing {}", path.display()))?;
        summary.files += 1;
        summary.bytes += bytes.len() as u64;
        *summary.by_kind.entry(kind).or_default() += 1;
        let _ = writeln!(manifest, "{name}\t{kind}\t{}", bytes.len());
        Ok(())
    };
    let monsters: [(&'static str, &str); 6] = [
        ("huge-sentence", "txt"),
        ("million-caps", "txt"),
        ("deep-quotes", "txt"),
        ("deep-html", "html"),
        ("huge-jsonl-line", "jsonl"),
        ("many-entries", "rss"),
    ];
    for i in 0..docs {
        if let Some(&(kind, ext)) = monsters.get(i as usize) {
            let bytes = match kind {
                "huge-sentence" => huge_sentence(&mut rng, sized(HUGE_SENTENCE_BYTES, 20_000)),
                "million-caps" => caps_tokens(&mut rng, sized(CAPS_TOKENS, 2_000)),
                "deep-quotes" => nested_quotes(&mut rng, sized(QUOTE_DEPTH, 500), true),
                "deep-html" => deep_html(sized(HTML_DEPTH, 2_000)),
                "huge-jsonl-line" => huge_jsonl_line(&mut rng, sized(JSONL_LINE_BYTES, 20_000)),
                _ => feed(&mut rng, i, sized(FEED_ENTRIES, 200)),
            };
            write(i, kind, ext, &bytes)?;
            continue;
        }
        let (kind, ext, bytes): (&'static str, &str, Vec<u8>) = match rng.below(20) {
            0 | 1 => ("good", "txt", good_text(&mut rng, i).into_bytes()),
            2 => ("random-bytes", "txt", random_bytes(&mut rng)),
            3 => ("invalid-utf8", "txt", invalid_utf8(&mut rng, i)),
            4 => ("nested-quotes", "txt", nested_quotes(&mut rng, 0, false)),
            5 => ("caps-tokens", "txt", {
                let n = rng_tokens(&mut rng);
                caps_tokens(&mut rng, n)
            }),
            6 => ("rtl", "txt", rtl(&mut rng, i)),
            7 => ("zero-width", "txt", zero_width(&mut rng, i)),
            8 => ("mixed-scripts", "txt", mixed_scripts(&mut rng, i)),
            9 => ("nul-bytes", "txt", nul_bytes(&mut rng, i)),
            10 => ("bom-crlf", "txt", bom_crlf(&mut rng, i)),
            11 => ("empty", "txt", empty(&mut rng)),
            12 => ("bad-date", "txt", bad_date(&mut rng, i)),
            13 => ("giant-tokens", "txt", giant_tokens(&mut rng)),
            14 | 15 => ("jsonl", "jsonl", jsonl(&mut rng, i)),
            16 | 17 => ("html", "html", html(&mut rng, i)),
            _ => {
                let ext = rng.pick(&["rss", "atom", "xml"]);
                let n = rng_entries(&mut rng);
                ("feed", ext, feed(&mut rng, i, n))
            }
        };
        write(i, kind, ext, &bytes)?;
    }
    std::fs::write(out.join("MANIFEST.tsv"), manifest)
        .with_context(|| format!("writing {}", out.join("MANIFEST.tsv").display()))?;
    Ok(summary)
}

fn rng_tokens(rng: &mut Rng) -> usize {
    rng.range(100, 20_000)
}

fn rng_entries(rng: &mut Rng) -> usize {
    rng.range(0, 60)
}

fn date(rng: &mut Rng) -> String {
    format!(
        "{}-{:02}-{:02}",
        rng.range(2015, 2025),
        rng.range(1, 12),
        rng.range(1, 28)
    )
}

/// A good article in the seed format, unique by its number (ids are content hashes).
fn good_text(rng: &mut Rng, i: u64) -> String {
    let it = rng.chance(50);
    let pool = if it { GOOD_IT } else { GOOD_EN };
    let mut s = format!("date {}\n", date(rng));
    for _ in 0..rng.range(1, 4) {
        s.push_str(rng.pick(pool));
        s.push(' ');
    }
    if it {
        let _ = write!(s, "Documento di prova numero {i}.");
    } else {
        let _ = write!(s, "Test document number {i}.");
    }
    s
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let n = rng.range(0, 8192);
    (0..n).map(|_| rng.next() as u8).collect()
}

/// Good lines with one bad byte sequence on a random line.
fn invalid_utf8(rng: &mut Rng, i: u64) -> Vec<u8> {
    let lines = rng.range(1, 12);
    let bad_line = rng.below(lines);
    let mut out = format!("date {}\n", date(rng)).into_bytes();
    for l in 0..lines {
        let s = rng.pick(GOOD_EN);
        if l == bad_line {
            let at = rng.below(s.len());
            let at = (0..=at).rev().find(|&k| s.is_char_boundary(k)).unwrap_or(0);
            out.extend_from_slice(&s.as_bytes()[..at]);
            out.extend_from_slice(rng.pick(BAD_UTF8));
            out.extend_from_slice(&s.as_bytes()[at..]);
        } else {
            out.extend_from_slice(s.as_bytes());
        }
        out.push(b'\n');
    }
    out.extend_from_slice(format!("{i}\n").as_bytes());
    out
}

/// One sentence of about `bytes` bytes: words and commas, no full stop until the end.
fn huge_sentence(rng: &mut Rng, bytes: usize) -> Vec<u8> {
    let mut s = String::with_capacity(bytes + 64);
    s.push_str("date 2024-05-17\nLa Russia ha detto che ");
    while s.len() < bytes {
        let w = rng.pick(WORDS);
        if rng.chance(50) {
            s.push_str(&w.to_lowercase());
        } else {
            s.push_str(w);
        }
        s.push_str(if rng.chance(10) { ", " } else { " " });
    }
    s.push_str("e la Corea del Nord ha inviato aiuti alla Russia.\n");
    s.into_bytes()
}

/// `n` capitalised tokens separated by spaces, no punctuation.
fn caps_tokens(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut s = String::with_capacity(n * 8);
    s.push_str("date 2024-05\n");
    for k in 0..n {
        if k > 0 {
            s.push(' ');
        }
        let w = rng.pick(WORDS);
        if rng.chance(5) {
            s.push_str(&w.to_uppercase());
        } else {
            s.push_str(w);
        }
    }
    s.push('\n');
    s.into_bytes()
}

/// Quotation marks of every kind nested `depth` deep (random when 0), balanced or not.
fn nested_quotes(rng: &mut Rng, depth: usize, balanced: bool) -> Vec<u8> {
    let depth = if depth == 0 {
        rng.range(10, 3000)
    } else {
        depth
    };
    let balanced = balanced || rng.chance(50);
    let mut s = String::from("date 2024-05-17\nPutin ha detto: ");
    let mut stack = Vec::with_capacity(depth);
    for k in 0..depth {
        let q = rng.pick(QUOTES);
        s.push_str(q.0);
        if k % 7 == 0 {
            s.push_str("la Russia ha inviato aiuti, ha detto Biden, ");
        }
        stack.push(q.1);
    }
    s.push_str("Invieremo truppe");
    if balanced {
        while let Some(c) = stack.pop() {
            s.push_str(c);
            if rng.chance(3) {
                s.push_str(" ha riferito l'agenzia Tass ");
            }
        }
    } else {
        for _ in 0..rng.range(0, stack.len()) {
            s.push_str(rng.pick(QUOTES).1);
        }
    }
    s.push_str(", ha detto il Cremlino.\n");
    s.into_bytes()
}

fn rtl(rng: &mut Rng, i: u64) -> Vec<u8> {
    let mut s = format!("date {}\n", date(rng));
    for _ in 0..rng.range(1, 30) {
        if rng.chance(40) {
            s.push(rng.pick(BIDI));
        }
        s.push_str(rng.pick(RTL));
        if rng.chance(30) {
            s.push_str(rng.pick(GOOD_EN));
        }
        s.push(if rng.chance(20) { '\n' } else { ' ' });
    }
    let _ = write!(s, " ٠١٢٣٤٥٦٧٨٩ {i}");
    s.into_bytes()
}

/// A good article with zero-width characters inside words, or nothing but them.
fn zero_width(rng: &mut Rng, i: u64) -> Vec<u8> {
    let mut s = format!("date {}\n", date(rng));
    if rng.chance(15) {
        for _ in 0..rng.range(1, 5000) {
            s.push(rng.pick(ZERO_WIDTH));
        }
        return s.into_bytes();
    }
    let base = format!("{} {} {i}", rng.pick(GOOD_IT), rng.pick(GOOD_EN));
    let rate = rng.range(1, 60);
    for c in base.chars() {
        s.push(c);
        if rng.chance(rate) {
            for _ in 0..rng.range(1, 4) {
                s.push(rng.pick(ZERO_WIDTH));
            }
        }
    }
    s.into_bytes()
}

fn mixed_scripts(rng: &mut Rng, i: u64) -> Vec<u8> {
    let mut s = format!("date {}\n", date(rng));
    for _ in 0..rng.range(1, 20) {
        s.push_str(rng.pick(MIXED));
        s.push(' ');
    }
    if rng.chance(40) {
        // Stacked combining marks ("Zalgo") on every letter of a name.
        let marks = rng.range(5, 200);
        for c in "Vladimir Putin".chars() {
            s.push(c);
            for k in 0..marks {
                s.push(char::from_u32(0x300 + (k as u32 % 0x70)).unwrap_or('\u{301}'));
            }
        }
    }
    let _ = write!(s, " {i}.");
    s.into_bytes()
}

fn nul_bytes(rng: &mut Rng, i: u64) -> Vec<u8> {
    if rng.chance(20) {
        return vec![0; rng.range(1, 65536)];
    }
    let mut out = format!("date {}\n", date(rng)).into_bytes();
    let text = format!("{} {i}", rng.pick(GOOD_IT));
    for b in text.bytes() {
        out.push(b);
        if b == b' ' && rng.chance(30) {
            out.push(0);
        }
    }
    out
}

fn bom_crlf(rng: &mut Rng, i: u64) -> Vec<u8> {
    let mut s = String::new();
    for _ in 0..rng.range(0, 3) {
        s.push('\u{FEFF}');
    }
    let nl = rng.pick(&["\r\n", "\r", "\n\r", "\u{2028}", "\u{85}"]);
    let _ = write!(s, "date {}{nl}", date(rng));
    for _ in 0..rng.range(1, 6) {
        s.push_str(rng.pick(GOOD_EN));
        s.push_str(nl);
    }
    let _ = write!(s, "{i}{nl}");
    s.into_bytes()
}

fn empty(rng: &mut Rng) -> Vec<u8> {
    rng.pick(&[
        "",
        " ",
        "\n\n\n",
        " \t\r\n",
        "date 2024-05",
        "date 2024-05-17\n",
        "date 2024-05\n\n   \n",
        "\u{FEFF}",
        "\u{FEFF}date 2024-05\r\n",
        "\u{3000}\u{A0}\u{2003}",
    ])
    .as_bytes()
    .to_vec()
}

fn bad_date(rng: &mut Rng, i: u64) -> Vec<u8> {
    let d = rng.pick(&[
        "2024-13-45",
        "0000-00",
        "99999999999999999999-01",
        "2024-02-30",
        "-1",
        "2024-5-7",
        "2024-05-17T25:61:61Z",
        "२०२४-०५",
        "2024‐05‐17",
        "",
        "2024-05-17 2024-05-18",
    ]);
    format!("date {d}\n{} {i}\n", rng.pick(GOOD_IT)).into_bytes()
}

/// Giant tokens, punctuation runs, digit runs, numbers and many tiny lines.
fn giant_tokens(rng: &mut Rng) -> Vec<u8> {
    let n = rng.range(1000, 300_000);
    let mut s = String::from("date 2024-05-17\n");
    match rng.below(7) {
        0 => s.extend(std::iter::repeat_n('a', n)),
        1 => s.extend(std::iter::repeat_n('.', n)),
        2 => {
            for k in 0..n / 4 {
                s.push(rng.pick(&['!', '?', '«', '»', '"', '(', ')', '-', '—', '…']));
                if k % 3 == 0 {
                    s.push(' ');
                }
            }
        }
        3 => s.extend((0..n).map(|k| char::from(b'0' + (k % 10) as u8))),
        4 => {
            for _ in 0..n / 8 {
                s.push_str(rng.pick(&[
                    "1.000.000,5 ",
                    "3/4 ",
                    "1e999 ",
                    "½ ",
                    "-0 ",
                    "31/12/99999 ",
                    "mille miliardi ",
                    "at least 12,000 ",
                    "circa il 90% ",
                    "ventitremila ",
                ]));
            }
        }
        5 => {
            for _ in 0..n / 2 {
                s.push_str("a\n");
            }
        }
        _ => {
            s.push_str("https://example.org/");
            s.extend(std::iter::repeat_n("%20x", n / 4));
        }
    }
    s.into_bytes()
}

/// A JSONL file: good lines among broken ones.
fn jsonl(rng: &mut Rng, i: u64) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.chance(10) {
        out.extend_from_slice("\u{FEFF}".as_bytes());
    }
    let nl: &[u8] = if rng.chance(20) { b"\r\n" } else { b"\n" };
    for l in 0..rng.range(1, 12) {
        let id = format!("h{i}-{l}");
        let d = date(rng);
        let line: Vec<u8> = match rng.below(24) {
            0..=5 => {
                let text = format!("{} Documento {i}/{l}.", rng.pick(GOOD_IT));
                serde_json::json!({"id": id, "date": d, "text": text})
                    .to_string()
                    .into_bytes()
            }
            6 => format!("{{\"id\":\"{id}\",\"text\":").into_bytes(),
            7 => b"[1,2,3]".to_vec(),
            8 => rng.pick(&["null", "\"str\"", "42", "true", "{}"]).as_bytes().to_vec(),
            9 => format!("{{\"id\":5,\"date\":[],\"text\":[\"{id}\"]}}").into_bytes(),
            10 => format!("{{\"id\":\"{id}\",\"date\":\"{d}\"}}").into_bytes(),
            11 => format!("{{\"id\":\"{id}\",\"text\":\"\\ud800 lone {i}\"}}").into_bytes(),
            12 => format!("{{\"id\":\"{id}\",\"text\":\"\\udc00\\udbff x {i} \\ud83d\\ude00\"}}")
                .into_bytes(),
            13 => format!("{{\"id\":\"{id}\",\"text\":\"a\\u0000b {i} \\u0000\"}}").into_bytes(),
            14 => {
                let depth = rng.range(100, 100_000);
                let mut s = format!("{{\"id\":\"{id}\",\"text\":\"x\",\"deep\":");
                s.extend(std::iter::repeat_n('[', depth));
                s.extend(std::iter::repeat_n(']', depth));
                s.push('}');
                s.into_bytes()
            }
            15 => format!("{{\"id\":\"{id}\",\"text\":\"n {i}\",\"n\":1e999999,\"m\":-0}}")
                .into_bytes(),
            16 => format!("{{\"id\":\"{id}\",\"text\":\"a {i}\",\"text\":\"b {i}\"}}").into_bytes(),
            17 => format!("{{\"id\":\"{id}\",\"date\":\"2024-13-99\",\"text\":\"d {i}\"}}")
                .into_bytes(),
            18 => format!(
                "{{\"id\":\"{id}\",\"lang\":\"{}\",\"text\":\"l {i}\"}}",
                rng.pick(&["xx", "zz-ZZ-Latn-very-long", "", "IT", "ar"])
            )
            .into_bytes(),
            19 => {
                let mut s = format!("{{\"id\":\"{id}\",\"text\":\"t {i} ");
                s.push_str(&"\\\"\\\\".repeat(rng.range(1, 5000)));
                s.push_str("\"}");
                s.into_bytes()
            }
            20 => {
                let mut v = format!("{{\"id\":\"{id}\",\"text\":\"").into_bytes();
                v.extend_from_slice(rng.pick(BAD_UTF8));
                v.extend_from_slice(b" bad\"}");
                v
            }
            21 => format!("{{\"id\":\"{id}\",\"text\":\"ok {i}\"}} trailing").into_bytes(),
            22 => Vec::new(),
            _ => format!(
                "{{\"id\":\"{id}\",\"text\":\"{}\",\"title\":\"{}\",\"url\":\"javascript:alert(1)\"}}",
                "Putin ".repeat(rng.range(1, 2000)),
                "T".repeat(rng.range(1, 10_000))
            )
            .into_bytes(),
        };
        out.extend_from_slice(&line);
        out.extend_from_slice(nl);
    }
    out
}

/// One JSONL line of about `bytes` bytes (over the 16 MB limit at full size), then a good line.
fn huge_jsonl_line(rng: &mut Rng, bytes: usize) -> Vec<u8> {
    let mut out = b"{\"id\":\"huge\",\"date\":\"2024-05\",\"text\":\"".to_vec();
    while out.len() < bytes {
        out.extend_from_slice(rng.pick(WORDS).as_bytes());
        out.push(b' ');
    }
    out.extend_from_slice(b"\"}\n");
    let good = serde_json::json!({"id": "after-huge", "date": "2024-05-17", "text": GOOD_IT[0]});
    out.extend_from_slice(good.to_string().as_bytes());
    out.push(b'\n');
    out
}

fn deep_html(depth: usize) -> Vec<u8> {
    let mut s = String::from("<!doctype html><html><head><title>Deep</title></head><body>");
    for k in 0..depth {
        s.push_str(["<div>", "<span>", "<b>", "<blockquote>"][k % 4]);
    }
    s.push_str("<p>La Russia ha inviato aiuti alla Corea del Nord.</p>");
    for k in (0..depth).rev() {
        s.push_str(["</div>", "</span>", "</b>", "</blockquote>"][k % 4]);
    }
    s.push_str("</body></html>");
    s.into_bytes()
}

fn html(rng: &mut Rng, i: u64) -> Vec<u8> {
    let good = |rng: &mut Rng| {
        format!(
            "<p>{} {} Articolo {i}.</p><p>{}</p>",
            rng.pick(GOOD_IT),
            rng.pick(GOOD_IT),
            rng.pick(GOOD_IT)
        )
    };
    let body = match rng.below(12) {
        0 | 1 => format!(
            "<html><head><title>Notizia {i}</title><meta property=\"article:published_time\" \
             content=\"{}T10:00:00Z\"></head><body><nav>Home | Esteri</nav><article>{}</article>\
             <footer>© Example</footer></body></html>",
            date(rng),
            good(rng)
        ),
        2 => format!("<div><p><b><i>{}<table><tr><td>{}</p></div></b><li><ul>", good(rng), i),
        3 => {
            let depth = rng.range(100, 5000);
            let mut s = String::from("<html><body>");
            s.push_str(&"<div>".repeat(depth));
            s.push_str(&good(rng));
            s
        }
        4 => "<html><head><script>var x = '</p>';</script><style>p{}</style></head><body>\
              <script>document.write('<p>hidden</p>')</script></body></html>"
            .to_string(),
        5 => format!(
            "<p>&#xD800; &#0; &#x110000; &#99999999999; &amp &lt;&gt &notanentity; &#x1F600; {}</p>",
            good(rng)
        ),
        6 => format!(
            "<html><head><meta property=\"article:published_time\" content=\"2024-99-99T99:99\">\
             <meta name=\"date\" content=\"ieri\"><script type=\"application/ld+json\">\
             {{\"datePublished\": [1, {{}}], \"@graph\": [[[[ </script>\
             <link rel=\"canonical\" href=\"javascript:alert(1)\"><meta property=\"og:url\" \
             content=\"\u{0}\"></head><body>{}</body></html>",
            good(rng)
        ),
        7 => {
            let mut v = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Citt".to_vec();
            v.push(0xE0);
            v.extend_from_slice(b" del Vaticano</p></body></html>");
            return v;
        }
        8 => format!(
            "<p title=\"{}\">{}</p>",
            "x".repeat(rng.range(1000, 1_000_000)),
            good(rng)
        ),
        9 => format!("<html><body><!-- unterminated comment {}", good(rng)),
        10 => format!(
            "<title>{}</title><svg><math><template><p>{}</p></template></math></svg>\
             <![CDATA[ <p>cdata</p> ]]><base href=\"//evil\"><iframe src=\"x\">",
            "T".repeat(rng.range(1, 100_000)),
            good(rng)
        ),
        _ => {
            let mut s = String::new();
            for _ in 0..rng.range(1, 200) {
                s.push_str(rng.pick(&["<", ">", "</", "<p", "=\"", "&", "&#", "<!--", "-->", "<?", "a", " "]));
            }
            s
        }
    };
    body.into_bytes()
}

/// A feed, well formed or not, with `entries` entries.
fn feed(rng: &mut Rng, i: u64, entries: usize) -> Vec<u8> {
    let item = |rng: &mut Rng, k: usize| -> String {
        match rng.below(8) {
            0 => format!("<item><title>Senza testo {k}</title><link>https://example.org/{k}</link></item>"),
            1 => format!(
                "<item><title>T</title><pubDate>{}</pubDate><description>{} {i}/{k}</description></item>",
                rng.pick(&["yesterday", "Mon, 99 Foo 2024 99:99:99 +9999", "", "2024-05-17"]),
                rng.pick(GOOD_EN)
            ),
            2 => format!(
                "<item><description><![CDATA[<p>{} {i}/{k}</p><script>x</script>]]></description></item>",
                rng.pick(GOOD_IT)
            ),
            3 => format!("<item><description>&lt;p&gt;{} {i}/{k}&lt;/p&gt;</description>", rng.pick(GOOD_EN)),
            4 => "<item><description>&lol9;</description></item>".to_string(),
            _ => format!(
                "<item><title>Notizia {k}</title><link>https://example.org/{i}/{k}</link>\
                 <pubDate>Fri, 17 May 2024 10:00:00 GMT</pubDate><description>{} Articolo {i}/{k}.</description></item>",
                rng.pick(GOOD_IT)
            ),
        }
    };
    let kind = rng.below(10);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match kind {
        0 => {
            s.push_str(
                "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\
                 <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\
                 <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\
                 <!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>\n",
            );
        }
        1 => s.push_str("<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"),
        _ => {}
    }
    if kind == 2 {
        // Atom.
        s.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom</title>");
        for k in 0..entries {
            let _ = write!(
                s,
                "<entry><title>E{k}</title><updated>{}</updated><content type=\"xhtml\"><div \
                 xmlns=\"http://www.w3.org/1999/xhtml\"><p>{} {i}/{k}</p></div></content></entry>",
                rng.pick(&["2024-05-17T10:00:00Z", "not a date", "2024-13-45T00:00:00Z"]),
                rng.pick(GOOD_EN)
            );
        }
        s.push_str("</feed>");
    } else {
        s.push_str("<rss version=\"2.0\"><channel><title>Feed</title>");
        if kind == 1 {
            s.push_str("<item><description>&xxe;</description></item>");
        }
        for k in 0..entries {
            s.push_str(&item(rng, k));
        }
        if kind == 3 {
            s.push_str(&"<item><description>".repeat(rng.range(10, 5000)));
        }
        s.push_str("</channel></rss>");
    }
    let mut v = s.into_bytes();
    match rng.below(10) {
        0 => v.truncate(rng.below(v.len())),
        1 => {
            let at = rng.below(v.len());
            v.insert(at, 0xFF);
        }
        2 => v.extend_from_slice(b"<trailing>garbage"),
        _ => {}
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_complete() {
        let a = tempfile_dir("a");
        let b = tempfile_dir("b");
        let sa = generate(&a, 200, 7).unwrap();
        let sb = generate(&b, 200, 7).unwrap();
        assert_eq!(sa.files, 200);
        assert_eq!(sa.bytes, sb.bytes);
        assert_eq!(
            std::fs::read(a.join("MANIFEST.tsv")).unwrap(),
            std::fs::read(b.join("MANIFEST.tsv")).unwrap()
        );
        assert!(sa.by_kind.len() >= 20, "{:?}", sa.by_kind);
        let _ = std::fs::remove_dir_all(&a);
        let _ = std::fs::remove_dir_all(&b);
    }

    fn tempfile_dir(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("vedetta-hostile-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }
}
