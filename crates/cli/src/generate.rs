//! `vedetta generate`: synthetic example documents for benchmarks and load tests.
//!
//! Documents are built from the templates of each language pack (`lang/<code>/generate.toml`):
//! sentences about actors drawn at random, filler sentences, dates spread over three years,
//! and outlets, so that stories repeat across documents. Every document is labelled as
//! synthetic (`"synthetic": true`, a title starting "Synthetic example", an `example.org`
//! URL): these texts are test material, never news.
//!
//! The output is deterministic: the same seed and data give the same bytes.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use vedetta_data::DataSource;

/// One actor's surface forms.
#[derive(Debug, Deserialize)]
struct Actor {
    subj: String,
    obj: String,
    to: String,
    with: String,
}

/// The templates of one language.
#[derive(Debug, Deserialize)]
struct Templates {
    actors: Vec<Actor>,
    templates: Vec<String>,
    filler: Vec<String>,
    /// Prefix of the object form → "of" form of that prefix (longest match wins).
    of: BTreeMap<String, String>,
    when: Vec<String>,
    sources: Vec<String>,
    places: Vec<String>,
}

/// SplitMix64: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

/// Loads and checks the templates of the languages asked for.
fn load(src: &DataSource, langs: &[String]) -> Result<Vec<(String, Templates)>> {
    let mut out = Vec::new();
    for l in langs {
        let rel = format!("lang/{l}/generate.toml");
        let f = src
            .file(&rel)?
            .with_context(|| format!("no templates for language {l:?} (data/{rel})"))?;
        let t: Templates = toml::from_str(&f.text).with_context(|| f.path.clone())?;
        if t.actors.len() < 2 || t.templates.is_empty() || t.filler.is_empty() {
            bail!(
                "{}: needs at least two actors, one template and one filler sentence",
                f.path
            );
        }
        if t.when.is_empty() || t.sources.is_empty() || t.places.is_empty() {
            bail!("{}: when, sources and places must not be empty", f.path);
        }
        out.push((l.clone(), t));
    }
    Ok(out)
}

/// "of B" for an object form, from the longest matching prefix of the `of` table.
fn of_form(t: &Templates, obj: &str) -> String {
    let lower = obj.to_lowercase();
    let best =
        t.of.iter()
            .filter(|(p, _)| lower.starts_with(p.as_str()))
            .max_by_key(|(p, _)| p.len());
    match best {
        Some((p, of)) => format!("{of}{}", &obj[p.len()..]),
        None => obj.to_string(),
    }
}

/// Fills one template.
fn sentence(t: &Templates, template: &str, rng: &mut Rng) -> String {
    let a = rng.below(t.actors.len());
    let mut b = rng.below(t.actors.len() - 1);
    if b >= a {
        b += 1;
    }
    let (a, b) = (&t.actors[a], &t.actors[b]);
    let n = [2, 3, 5, 10, 12, 40, 150, 300][rng.below(8)];
    let when: &String = rng.pick(&t.when);
    let src: &String = rng.pick(&t.sources);
    let place: &String = rng.pick(&t.places);
    template
        .replace("{a_low}", &a.obj)
        .replace("{a}", &a.subj)
        .replace("{b_to}", &b.to)
        .replace("{b_with}", &b.with)
        .replace("{b_of}", &of_form(t, &b.obj))
        .replace("{b}", &b.obj)
        .replace("{n}", &n.to_string())
        .replace("{when}", when)
        .replace("{src}", src)
        .replace("{place}", place)
}

/// Outlets the synthetic documents are attributed to (all under example.org).
const OUTLETS: [&str; 8] = [
    "wire-a", "wire-b", "daily-1", "daily-2", "weekly", "radio", "blog", "tv",
];

/// Writes `docs` synthetic JSONL documents.
pub fn generate(
    src: &DataSource,
    docs: u64,
    seed: u64,
    langs: &[String],
    out: &mut dyn Write,
) -> Result<()> {
    let packs = load(src, langs)?;
    let mut rng = Rng(seed);
    // Days from 2023-01-01 over three years; a few busy days get more documents.
    let start = jiff::civil::date(2023, 1, 1);
    for i in 0..docs {
        let (lang, t) = &packs[rng.below(packs.len())];
        let day = if rng.below(4) == 0 {
            rng.below(30) * 36
        } else {
            rng.below(3 * 365)
        };
        let date = start
            .checked_add(jiff::Span::new().days(day as i64))
            .context("date out of range")?;
        let sentences = 3 + rng.below(12);
        let mut text = String::new();
        for k in 0..sentences {
            if k > 0 {
                text.push(if rng.below(5) == 0 { '\n' } else { ' ' });
            }
            if rng.below(5) == 0 {
                let f: &String = rng.pick(&t.filler);
                text.push_str(f);
            } else {
                let tpl = rng.pick(&t.templates).clone();
                text.push_str(&sentence(t, &tpl, &mut rng));
            }
        }
        let outlet: &&str = rng.pick(&OUTLETS);
        let rec = json!({
            "id": format!("gen-{seed}-{i}"),
            "date": date.to_string(),
            "lang": lang,
            "title": format!("Synthetic example {i}"),
            "url": format!("https://{outlet}.example.org/{i}"),
            "synthetic": true,
            "text": text,
        });
        serde_json::to_writer(&mut *out, &rec)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(seed: u64, n: u64, langs: &[&str]) -> String {
        let langs: Vec<String> = langs.iter().map(|s| s.to_string()).collect();
        let mut buf = Vec::new();
        generate(&DataSource::Embedded, n, seed, &langs, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn deterministic_varied_and_labelled() {
        let a = run(7, 200, &["it", "en"]);
        assert_eq!(a, run(7, 200, &["it", "en"]));
        assert_ne!(a, run(8, 200, &["it", "en"]));
        let docs: Vec<serde_json::Value> = a
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(docs.len(), 200);
        let texts: std::collections::HashSet<&str> =
            docs.iter().map(|d| d["text"].as_str().unwrap()).collect();
        assert!(texts.len() > 190, "texts repeat: {}", texts.len());
        let it = docs.iter().filter(|d| d["lang"] == "it").count();
        assert!((60..140).contains(&it), "language mix {it}/200");
        for d in &docs {
            assert_eq!(d["synthetic"], true);
            assert!(d["title"]
                .as_str()
                .unwrap()
                .starts_with("Synthetic example"));
            assert!(d["url"].as_str().unwrap().contains(".example.org/"));
            let text = d["text"].as_str().unwrap();
            assert!(!text.contains('{'), "unfilled slot: {text}");
        }
    }

    #[test]
    fn of_forms() {
        let src = DataSource::Embedded;
        let t = &load(&src, &["it".to_string()]).unwrap()[0].1;
        assert_eq!(of_form(t, "la Russia"), "della Russia");
        assert_eq!(of_form(t, "l'Iran"), "dell'Iran");
        assert_eq!(of_form(t, "il Giappone"), "del Giappone");
        assert_eq!(of_form(t, "Washington"), "di Washington");
    }

    #[test]
    fn unknown_language_is_an_error() {
        let mut buf = Vec::new();
        let e = generate(&DataSource::Embedded, 1, 1, &["xx".into()], &mut buf).unwrap_err();
        assert!(
            e.to_string().contains("no templates for language \"xx\""),
            "{e}"
        );
    }
}
