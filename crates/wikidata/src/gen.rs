//! A synthetic Wikidata dump in the real format, for throughput and memory measurements.
//!
//! Entities have QIDs from [`FIRST_QID`] up and labels such as `Example Person 123`, so they
//! are clearly synthetic; they point at real classes (Q5, Q4164871, Q515…) and real country
//! items (Q30, Q38…) so that the import maps them. The mix: a fixed number of position items
//! first (positions are few in the real dump, whatever its size), then people (with P39 terms
//! and qualifiers), organisations, places and unrelated items (scholarly articles), each with
//! descriptions, references and sitelinks that the importer must skip, as in real entities.

use std::io::Write;

/// First synthetic QID.
pub const FIRST_QID: u64 = 900_000_000;
/// Position items generated, whatever the size.
pub const POSITIONS: u64 = 2_000;

const LANGS: [&str; 6] = ["en", "it", "de", "fr", "es", "nl"];
const COUNTRIES: [u64; 16] = [
    30, 38, 145, 142, 183, 159, 148, 17, 668, 155, 96, 29, 40, 36, 212, 801,
];
const POSITION_CLASSES: [u64; 8] = [48352, 2285706, 83307, 486839, 16533, 707492, 1553195, 30185];
const ORG_CLASSES: [u64; 8] = [7278, 327333, 772547, 11032, 192283, 484652, 4830453, 163740];
const PLACE_CLASSES: [u64; 3] = [515, 486972, 3957];

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct GenSummary {
    /// Bytes written (uncompressed).
    pub bytes: u64,
    /// Entities written.
    pub entities: u64,
    /// People among them.
    pub people: u64,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len() as u64) as usize]
    }
}

fn labels(kind: &str, n: u64, field: &str) -> String {
    let mut s = format!("\"{field}\":{{");
    for (i, l) in LANGS.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            "\"{l}\":{{\"language\":\"{l}\",\"value\":\"Example {kind} {n}\"}}"
        ));
    }
    s.push('}');
    s
}

fn descriptions(kind: &str) -> String {
    let mut s = String::from("\"descriptions\":{");
    for (i, l) in LANGS.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            "\"{l}\":{{\"language\":\"{l}\",\"value\":\"synthetic {kind} generated for a throughput test\"}}"
        ));
    }
    s.push('}');
    s
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn reference(seed: u64) -> String {
    format!(
        "\"references\":[{{\"hash\":\"{:016x}{:016x}\",\"snaks\":{{\"P248\":[{{\"snaktype\":\"value\",\"property\":\"P248\",\"datavalue\":{{\"value\":{{\"entity-type\":\"item\",\"numeric-id\":328,\"id\":\"Q328\"}},\"type\":\"wikibase-entityid\"}},\"datatype\":\"wikibase-item\"}}],\"P813\":[{{\"snaktype\":\"value\",\"property\":\"P813\",\"datavalue\":{{\"value\":{{\"time\":\"+2024-01-01T00:00:00Z\",\"timezone\":0,\"before\":0,\"after\":0,\"precision\":11,\"calendarmodel\":\"http://www.wikidata.org/entity/Q1985727\"}},\"type\":\"time\"}},\"datatype\":\"time\"}}]}},\"snaks-order\":[\"P248\",\"P813\"]}}]",
        seed,
        seed.rotate_left(17) ^ 0x5bd1_e995
    )
}

fn item_snak(prop: &str, q: u64) -> String {
    format!(
        "{{\"snaktype\":\"value\",\"property\":\"{prop}\",\"datavalue\":{{\"value\":{{\"entity-type\":\"item\",\"numeric-id\":{q},\"id\":\"Q{q}\"}},\"type\":\"wikibase-entityid\"}},\"datatype\":\"wikibase-item\"}}"
    )
}

fn time_snak(prop: &str, y: u64, m: u64, d: u64) -> String {
    format!(
        "{{\"snaktype\":\"value\",\"property\":\"{prop}\",\"datavalue\":{{\"value\":{{\"time\":\"+{y:04}-{m:02}-{d:02}T00:00:00Z\",\"timezone\":0,\"before\":0,\"after\":0,\"precision\":11,\"calendarmodel\":\"http://www.wikidata.org/entity/Q1985727\"}},\"type\":\"time\"}},\"datatype\":\"time\"}}"
    )
}

fn statement(id: u64, mainsnak: String, qualifiers: Option<String>) -> String {
    let h = fnv(&mainsnak) ^ id;
    let q = qualifiers
        .map(|q| format!(",\"qualifiers\":{{{q}}}"))
        .unwrap_or_default();
    format!(
        "{{\"mainsnak\":{mainsnak},\"type\":\"statement\"{q},\"id\":\"Q{id}${:08x}-{:04x}\",\"rank\":\"normal\",{}}}",
        h as u32,
        (h >> 32) as u16,
        reference(h)
    )
}

fn sitelinks(kind: &str, n: u64) -> String {
    format!(
        "\"sitelinks\":{{\"enwiki\":{{\"site\":\"enwiki\",\"title\":\"Example {kind} {n}\",\"badges\":[]}},\"itwiki\":{{\"site\":\"itwiki\",\"title\":\"Example {kind} {n}\",\"badges\":[]}}}}"
    )
}

fn entity(id: u64, kind: &str, n: u64, claims: Vec<(String, Vec<String>)>) -> String {
    let mut c = String::new();
    for (i, (p, stmts)) in claims.iter().enumerate() {
        if i > 0 {
            c.push(',');
        }
        c.push_str(&format!("\"{p}\":[{}]", stmts.join(",")));
    }
    format!(
        "{{\"type\":\"item\",\"id\":\"Q{id}\",{},{},\"aliases\":{{\"en\":[{{\"language\":\"en\",\"value\":\"E. {kind} {n}\"}}]}},\"claims\":{{{c}}},{},\"lastrevid\":{}}}",
        labels(kind, n, "labels"),
        descriptions(kind),
        sitelinks(kind, n),
        2_000_000_000 + n
    )
}

/// Writes a synthetic dump of about `target_bytes` (uncompressed) to `out`.
pub fn generate(out: &mut impl Write, target_bytes: u64, seed: u64) -> std::io::Result<GenSummary> {
    let mut rng = Rng(seed);
    let mut s = GenSummary::default();
    let mut first = true;
    out.write_all(b"[\n")?;
    s.bytes += 2;
    let mut n: u64 = 0;
    while s.bytes < target_bytes || n < POSITIONS {
        let id = FIRST_QID + n;
        let e = if n < POSITIONS {
            let country = rng.pick(&COUNTRIES);
            entity(
                id,
                "Office",
                n,
                vec![
                    (
                        "P31".into(),
                        vec![statement(id, item_snak("P31", 4164871), None)],
                    ),
                    (
                        "P279".into(),
                        vec![statement(
                            id,
                            item_snak("P279", rng_pick(&mut rng, &POSITION_CLASSES)),
                            None,
                        )],
                    ),
                    (
                        "P1001".into(),
                        vec![statement(id, item_snak("P1001", country), None)],
                    ),
                    (
                        "P17".into(),
                        vec![statement(id, item_snak("P17", country), None)],
                    ),
                ],
            )
        } else {
            match rng.below(100) {
                0..45 => {
                    s.people += 1;
                    let mut held = Vec::new();
                    for _ in 0..rng.below(4) {
                        let pos = FIRST_QID + rng.below(POSITIONS);
                        let y = 1950 + rng.below(70);
                        let q = format!(
                            "\"P580\":[{}],\"P582\":[{}]",
                            time_snak("P580", y, 1 + rng.below(12), 1 + rng.below(28)),
                            time_snak(
                                "P582",
                                y + 1 + rng.below(8),
                                1 + rng.below(12),
                                1 + rng.below(28)
                            )
                        );
                        held.push(statement(id, item_snak("P39", pos), Some(q)));
                    }
                    let mut claims = vec![
                        ("P31".into(), vec![statement(id, item_snak("P31", 5), None)]),
                        (
                            "P21".into(),
                            vec![statement(id, item_snak("P21", 6581097), None)],
                        ),
                        (
                            "P569".into(),
                            vec![statement(
                                id,
                                time_snak(
                                    "P569",
                                    1920 + rng.below(80),
                                    1 + rng.below(12),
                                    1 + rng.below(28),
                                ),
                                None,
                            )],
                        ),
                        (
                            "P27".into(),
                            vec![statement(
                                id,
                                item_snak("P27", rng_pick(&mut rng, &COUNTRIES)),
                                None,
                            )],
                        ),
                        (
                            "P106".into(),
                            vec![statement(id, item_snak("P106", 82955), None)],
                        ),
                    ];
                    if !held.is_empty() {
                        claims.push(("P39".into(), held));
                    }
                    entity(id, "Person", n, claims)
                }
                45..60 => entity(
                    id,
                    "Organisation",
                    n,
                    vec![
                        (
                            "P31".into(),
                            vec![statement(
                                id,
                                item_snak("P31", rng_pick(&mut rng, &ORG_CLASSES)),
                                None,
                            )],
                        ),
                        (
                            "P17".into(),
                            vec![statement(
                                id,
                                item_snak("P17", rng_pick(&mut rng, &COUNTRIES)),
                                None,
                            )],
                        ),
                        (
                            "P571".into(),
                            vec![statement(
                                id,
                                time_snak("P571", 1900 + rng.below(120), 1, 1),
                                None,
                            )],
                        ),
                    ],
                ),
                60..85 => entity(
                    id,
                    "Place",
                    n,
                    vec![
                        (
                            "P31".into(),
                            vec![statement(
                                id,
                                item_snak("P31", rng_pick(&mut rng, &PLACE_CLASSES)),
                                None,
                            )],
                        ),
                        (
                            "P17".into(),
                            vec![statement(
                                id,
                                item_snak("P17", rng_pick(&mut rng, &COUNTRIES)),
                                None,
                            )],
                        ),
                    ],
                ),
                _ => {
                    let cites: Vec<String> = (0..8)
                        .map(|_| {
                            statement(
                                id,
                                item_snak("P2860", FIRST_QID + rng.below(n.max(1))),
                                None,
                            )
                        })
                        .collect();
                    entity(
                        id,
                        "Article",
                        n,
                        vec![
                            (
                                "P31".into(),
                                vec![statement(id, item_snak("P31", 13442814), None)],
                            ),
                            ("P2860".into(), cites),
                        ],
                    )
                }
            }
        };
        if !first {
            out.write_all(b",\n")?;
            s.bytes += 2;
        }
        first = false;
        out.write_all(e.as_bytes())?;
        s.bytes += e.len() as u64;
        s.entities += 1;
        n += 1;
    }
    out.write_all(b"\n]\n")?;
    s.bytes += 3;
    Ok(s)
}

/// Writes a synthetic dump of about `mb` MB (10^6 bytes, uncompressed) to `path`, gzip-
/// compressed when the name ends with `.gz`.
pub fn generate_file(
    path: &std::path::Path,
    mb: u64,
    seed: u64,
) -> Result<GenSummary, crate::WikidataError> {
    let io = |e| crate::WikidataError::io(path.display(), e);
    let f = std::fs::File::create(path).map_err(io)?;
    let target = mb * 1_000_000;
    if path.to_string_lossy().ends_with(".gz") {
        let mut w = flate2::write::GzEncoder::new(
            std::io::BufWriter::with_capacity(1 << 20, f),
            flate2::Compression::fast(),
        );
        let s = generate(&mut w, target, seed).map_err(io)?;
        w.finish().map_err(io)?.flush().map_err(io)?;
        Ok(s)
    } else {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        let s = generate(&mut w, target, seed).map_err(io)?;
        w.flush().map_err(io)?;
        Ok(s)
    }
}

fn rng_pick(rng: &mut Rng, v: &[u64]) -> u64 {
    rng.pick(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dump_is_in_the_real_format() {
        let mut out = Vec::new();
        let s = generate(&mut out, 3_000_000, 7).unwrap();
        assert_eq!(s.bytes as usize, out.len());
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "[");
        assert_eq!(*lines.last().unwrap(), "]");
        for l in &lines[1..lines.len() - 1] {
            let j = l.strip_suffix(',').unwrap_or(l);
            let v: serde_json::Value = serde_json::from_str(j).unwrap();
            assert!(v["id"].as_str().unwrap().starts_with("Q9"));
        }
        assert!(lines[lines.len() - 2].ends_with('}'));
    }
}
