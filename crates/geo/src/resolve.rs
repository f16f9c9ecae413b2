//! Choosing one gazetteer row per place name.
//!
//! The score of a candidate row is the sum of:
//! - a feature prior: a country 6, a capital 3, an admin seat 2, an admin-1 unit or area
//!   1.5 … a village 0 (a country name is a country, never a building);
//! - 0.8 × log10(population + 1): the larger of two towns of one name (admin-1 units and
//!   areas count as 100,000); +4 for an admin unit named after `state of`, `regione di` …;
//! - the dictionary: +1 when the actor dictionary has the name as a place of that country,
//!   +4 more when it calls it a country (for the country row);
//! - context: +3, and +0.5 per mention up to 5, when the document's other places, actors
//!   and nationality words name the row's country (the name's own mention does not count);
//!   +3 more for the dateline's country;
//! - containment: +12 when the name is followed by a place that holds the row (`Kherson, in
//!   Ucraina`, `Springfield, Illinois`, `Alessandria (Piemonte)`), or precedes one it holds.
//!
//! Ties go to the row first in the table (sorted by country, class, name, id): deterministic.

use crate::find::Name;
use crate::table::Table;
use crate::GeoWords;
use rustc_hash::FxHashMap as HashMap;
use vedetta_model::{Analysis, Mention, MentionKind, Place, Toponym};

fn feature_prior(code: &str) -> f64 {
    match code {
        "PCLI" => 6.0,
        "PPLC" => 3.0,
        "ADM1" | "RGN" => 1.5,
        "PPLA" => 2.0,
        "ADM2" => 1.5,
        "PPLA2" => 1.0,
        "PPLA3" | "PPLA4" => 0.5,
        _ => 0.0,
    }
}

/// Weight of a mention's country as context.
fn context_weight(kind: MentionKind) -> f64 {
    match kind {
        MentionKind::Country | MentionKind::Capital | MentionKind::Place | MentionKind::Demonym => {
            1.0
        }
        MentionKind::Unknown => 0.0,
        _ => 0.5,
    }
}

/// `b` holds `a`: the same country, and the same admin-1 unless `b` is a country.
fn holds(b: &Place, a: &Place) -> bool {
    if b.country_code != a.country_code || b.geonameid == a.geonameid {
        return false;
    }
    match b.feature_code.as_str() {
        "PCLI" => true,
        "ADM1" | "ADM2" => {
            b.admin1.is_some() && b.admin1 == a.admin1 && a.resolution() > b.resolution()
        }
        _ => false,
    }
}

/// The container of name `i`: the next name right after it, past `,` `(` and `,` + a place
/// preposition (`Kherson, in Ucraina`, `Springfield, Illinois`, `Alessandria (AL)`).
fn container(an: &Analysis, words: &GeoWords, names: &[Name], i: usize) -> Option<usize> {
    let n = names.get(i)?;
    let next = names.get(i + 1)?;
    let toks = &an.tokens;
    let text = &an.doc.text;
    let between: Vec<&str> = toks[n.end_token..next.first_token.min(toks.len())]
        .iter()
        .map(|t| &text[t.span.start..t.span.end])
        .collect();
    // `,` or `(`, then up to four linking words: `, in`, `, nel nord del`, `, in northern`,
    // `, in the east of`.
    let ok = match between.split_first() {
        Some((first, rest)) if *first == "," || *first == "(" => {
            rest.len() <= 4
                && rest
                    .iter()
                    .all(|w| words.link_words.iter().any(|l| *l == w.to_lowercase()))
        }
        _ => false,
    };
    ok.then_some(i + 1)
}

/// Resolves each name; the result is in the names' order.
pub(crate) fn resolve(
    table: &Table,
    words: &GeoWords,
    an: &Analysis,
    mentions: &[Mention],
    names: Vec<Name>,
) -> Vec<Toponym> {
    // Countries of the document's mentions.
    let mut ctx: HashMap<&str, f64> = HashMap::default();
    for m in mentions {
        if let Some(c) = m.country.as_deref() {
            *ctx.entry(c).or_default() += context_weight(m.kind);
        }
    }
    // Names with candidates in one country only count as context too.
    for n in &names {
        if n.mention.is_some() {
            continue; // already counted as a mention
        }
        let mut cs = n
            .candidates
            .iter()
            .map(|&r| table.rows[r as usize].country_code.as_str());
        if let Some(first) = cs.next() {
            if cs.all(|c| c == first) {
                *ctx.entry(first).or_default() += 1.0;
            }
        }
    }
    let dateline_countries: Vec<&str> = names
        .iter()
        .filter(|n| n.dateline)
        .flat_map(|n| n.candidates.iter())
        .map(|&r| table.rows[r as usize].country_code.as_str())
        .collect();
    let base = |n: &Name, r: u32| -> f64 {
        let p = &table.rows[r as usize];
        // The name's own mention is not context for itself.
        let own = match &n.mention {
            Some((kind, Some(c))) if c == &p.country_code => context_weight(*kind),
            _ => 0.0,
        };
        // Admin-1 units and areas have no population: counted as 100,000.
        let pop = match (p.population, p.feature_code.as_str()) {
            (0, "ADM1" | "RGN" | "ADM2") => 100_000,
            (n, _) => n,
        };
        let mut s = feature_prior(&p.feature_code) + 0.8 * ((pop + 1) as f64).log10();
        if (n.unit_word || n.subnational)
            && matches!(p.feature_code.as_str(), "ADM1" | "ADM2" | "RGN")
        {
            s += 4.0;
        }
        // A governor's unit is never a country; the dictionary's country reading is moot.
        if n.subnational && p.feature_code == "PCLI" {
            return s - 20.0;
        }
        if let Some((kind, country)) = &n.mention {
            if country.as_deref() == Some(p.country_code.as_str()) {
                s += 1.0;
                match (kind, p.feature_code.as_str()) {
                    (MentionKind::Country, "PCLI") => s += 4.0,
                    _ => {}
                }
            }
        }
        if let Some(&w) = ctx.get(p.country_code.as_str()) {
            let w = w - own;
            if w > 0.0 {
                s += 3.0 + 0.5 * w.min(5.0);
            }
        }
        if dateline_countries.len() == 1 && dateline_countries[0] == p.country_code {
            s += 3.0;
        }
        s
    };
    let best = |n: &Name, bonus: &dyn Fn(u32) -> f64| -> Option<(u32, f64, f64)> {
        let mut scored: Vec<(u32, f64)> = n
            .candidates
            .iter()
            .map(|&r| (r, base(n, r) + bonus(r)))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let top = *scored.first()?;
        let margin = scored.get(1).map(|s| top.1 - s.1).unwrap_or(f64::INFINITY);
        Some((top.0, top.1, margin))
    };
    // First pass: each name alone.
    let mut chosen: Vec<Option<u32>> = names
        .iter()
        .map(|n| best(n, &|_| 0.0).map(|b| b.0))
        .collect();
    let mut why: Vec<&'static str> = names
        .iter()
        .map(|n| match n.candidates.len() {
            0 => "not in the gazetteer",
            1 => "only candidate",
            _ => "ranked by priors and context",
        })
        .collect();
    // Second pass: containment, both ways.
    for i in 0..names.len() {
        let Some(j) = container(an, words, &names, i) else {
            continue;
        };
        let inner = &names[i];
        let outer = &names[j];
        let holds_any = |r: u32| {
            outer
                .candidates
                .iter()
                .any(|&o| holds(&table.rows[o as usize], &table.rows[r as usize]))
        };
        if let Some((r, _, _)) = best(inner, &|r| if holds_any(r) { 12.0 } else { 0.0 }) {
            if holds_any(r) {
                chosen[i] = Some(r);
                why[i] = "inside the place named after it";
                let inner_row = &table.rows[r as usize];
                if let Some((o, _, _)) = best(outer, &|o| {
                    if holds(&table.rows[o as usize], inner_row) {
                        12.0
                    } else {
                        0.0
                    }
                }) {
                    chosen[j] = Some(o);
                    why[j] = "holds the place named before it";
                }
            }
        }
    }
    // A name its governor names (`Georgia Governor`) is that unit.
    for (i, n) in names.iter().enumerate() {
        if n.subnational && n.candidates.len() > 1 && chosen[i].is_some() {
            why[i] = "named by its governor";
        }
    }
    // The same name elsewhere in the document takes the row its contained mention, or its
    // governor's, chose.
    let mut by_key: HashMap<String, u32> = HashMap::default();
    for (i, n) in names.iter().enumerate() {
        if why[i] == "inside the place named after it" || why[i] == "named by its governor" {
            if let Some(r) = chosen[i] {
                by_key.insert(crate::form_key(&an.doc.text[n.span.start..n.span.end]), r);
            }
        }
    }
    for (i, n) in names.iter().enumerate() {
        if why[i] == "ranked by priors and context" {
            if let Some(&r) = by_key.get(&crate::form_key(&an.doc.text[n.span.start..n.span.end])) {
                if n.candidates.contains(&r) {
                    chosen[i] = Some(r);
                    why[i] = "as elsewhere in the document";
                }
            }
        }
    }
    names
        .into_iter()
        .zip(chosen)
        .zip(why)
        .map(|((n, r), why)| Toponym {
            span: n.span,
            text: an.doc.text[n.span.start..n.span.end].to_string(),
            place: r.map(|r| table.rows[r as usize].clone()),
            candidates: n.candidates.len(),
            dateline: n.dateline,
            after_place_preposition: n.after_place_preposition,
            why,
        })
        .collect()
}
