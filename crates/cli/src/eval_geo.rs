//! `vedetta eval-geo GOLD.jsonl`: geolocation against gold event locations
//! (`docs/geo-dev.md`).
//!
//! Each gold event with a location is paired with the coded event whose trigger lies in its
//! evidence (the same type first); when the coder found none, the geo stage places the gold
//! evidence itself (its sentence, the dateline, the document's main place), so the figures
//! "all located gold events" measure geolocation apart from event detection.

use crate::pipeline::Pipeline;
use anyhow::{Context, Result};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use vedetta_eval::events::{GoldDoc, GoldEvent};
use vedetta_eval::geo::{GeoScore, PredictedPlace, ToponymScore};
use vedetta_geo::locate::{locate, main_place, EventView};
use vedetta_model::{Document, Event, Location, PartialDate, PloverType, Span};

fn predicted(l: &Location) -> PredictedPlace {
    PredictedPlace {
        geonameid: l.geonameid,
        country: l.country_code.clone(),
        admin1: l.admin1.clone(),
        lat: l.lat,
        lon: l.lon,
    }
}

/// The byte span of `needle` in `text`: exact, else ignoring case where that keeps offsets.
fn find_span(text: &str, needle: &str) -> Option<Span> {
    if let Some(i) = text.find(needle) {
        return Some(Span::new(i, i + needle.len()));
    }
    let (lt, ln) = (text.to_lowercase(), needle.to_lowercase());
    (lt.len() == text.len())
        .then(|| lt.find(&ln).map(|i| Span::new(i, i + ln.len())))
        .flatten()
}

/// The coded event for gold event `g` (evidence at `span`): its trigger inside the evidence,
/// the same type first.
fn pair<'a>(g: &GoldEvent, span: Span, events: &'a [Event]) -> Option<&'a Event> {
    let same_type = |e: &&Event| g.event_type.split('|').any(|t| t == e.event_type.as_str());
    let inside: Vec<&Event> = events.iter().filter(|e| span.contains(e.trigger)).collect();
    inside
        .iter()
        .copied()
        .find(same_type)
        .or_else(|| inside.first().copied())
}

/// Runs the evaluation.
pub fn run(p: &Pipeline, path: &Path, as_json: bool, show_errors: bool) -> Result<i32> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (mut coded, mut all) = (GeoScore::default(), GeoScore::default());
    let mut tops = ToponymScore::default();
    let mut reasons: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let (mut docs, mut failed, mut unpaired) = (0usize, 0usize, 0usize);
    let mut errors: Vec<String> = Vec::new();
    for (ln, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldDoc = match serde_json::from_str(line) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("error: {}:{}: broken JSON: {e}", path.display(), ln + 1);
                failed += 1;
                continue;
            }
        };
        let date = match g.date.as_deref().map(PartialDate::parse).transpose() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {}:{}: {e}", path.display(), ln + 1);
                failed += 1;
                continue;
            }
        };
        let doc = Document {
            id: g.id.clone(),
            source: format!("{}:{}", path.display(), ln + 1),
            date,
            lang: g.lang.clone(),
            title: None,
            url: None,
            text: g.text.clone(),
        };
        let c = match p.code(doc, None) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {}:{}: {e}", path.display(), ln + 1);
                failed += 1;
                continue;
            }
        };
        docs += 1;
        let an = &c.analysis;
        // Toponyms: each distinct gold place name of the record.
        let mut seen: Vec<&str> = Vec::new();
        for ge in &g.events {
            let Some(gl) = &ge.location else { continue };
            if seen.contains(&gl.place.as_str()) {
                continue;
            }
            seen.push(&gl.place);
            tops.gold += 1;
            // The toponym at the gold place's words (`Springfield` in `Springfield, Illinois`).
            let at = find_span(&an.doc.text, &gl.place);
            let found = at.and_then(|s| {
                c.toponyms
                    .iter()
                    .filter(|t| s.overlaps(t.span))
                    .find(|t| {
                        t.place
                            .as_ref()
                            .is_some_and(|p| p.geonameid == gl.geonameid)
                    })
                    .or_else(|| c.toponyms.iter().find(|t| s.overlaps(t.span)))
            });
            if let Some(t) = found {
                tops.found += 1;
                if let Some(pl) = &t.place {
                    if pl.geonameid == gl.geonameid {
                        tops.resolved += 1;
                    }
                    if pl.country_code == gl.country {
                        tops.country_ok += 1;
                    }
                }
            }
            if show_errors
                && found.and_then(|t| t.place.as_ref()).map(|p| p.geonameid) != Some(gl.geonameid)
            {
                errors.push(format!(
                    "{}\ttoponym {:?}: gold {} ({}) got {}",
                    g.id,
                    gl.place,
                    gl.name,
                    gl.country,
                    match found {
                        None => "no toponym".to_string(),
                        Some(t) => match &t.place {
                            Some(pl) => format!(
                                "{} ({}) [{}; {} candidates]",
                                pl.name, pl.country_code, t.why, t.candidates
                            ),
                            None => "unresolved".to_string(),
                        },
                    }
                ));
            }
        }
        let main = main_place(&c.toponyms, &c.events);
        for ge in &g.events {
            let span = ge
                .evidence
                .as_deref()
                .and_then(|ev| find_span(&an.doc.text, ev));
            let paired = span.and_then(|s| pair(ge, s, &c.events));
            let loc: Option<Location> = match (paired, span) {
                (Some(e), _) => e.location.clone(),
                (None, Some(s)) => {
                    unpaired += 1;
                    let sentence = an
                        .sentences
                        .iter()
                        .find(|x| x.span.contains(s) || x.span.overlaps(s))
                        .map(|x| x.span)
                        .unwrap_or(s);
                    let ty = ge
                        .event_type
                        .split('|')
                        .find_map(PloverType::parse)
                        .unwrap_or(PloverType::Assault);
                    let view = EventView {
                        event_type: ty,
                        place_phrases: &[],
                        clause: s,
                        sentence,
                        actors: Vec::new(),
                        recipients: Vec::new(),
                    };
                    locate(&p.geo.table, an, &c.toponyms, main, &view)
                }
                (None, None) => {
                    unpaired += 1;
                    None
                }
            };
            let pred = loc.as_ref().map(predicted);
            match &ge.location {
                None => {
                    all.add_null(loc.is_some());
                    if paired.is_some() {
                        coded.add_null(loc.is_some());
                    }
                }
                Some(gl) => {
                    all.add(gl, pred.as_ref());
                    if paired.is_some() {
                        coded.add(gl, pred.as_ref());
                    }
                    if let Some(l) = &loc {
                        let r = reasons.entry(l.reason.label()).or_default();
                        r.0 += 1;
                        if l.country_code == gl.country
                            && vedetta_geo::distance_km(l.lat, l.lon, gl.lat, gl.lon) <= 161.0
                        {
                            r.1 += 1;
                        }
                    }
                    let ok = pred.as_ref().is_some_and(|pp| {
                        vedetta_geo::distance_km(pp.lat, pp.lon, gl.lat, gl.lon) <= 161.0
                            && pp.country == gl.country
                    });
                    if show_errors && !ok {
                        errors.push(format!(
                            "{}\tevent {} {:?}: gold {} ({}, {}) got {}{}",
                            g.id,
                            ge.event_type,
                            ge.evidence.as_deref().unwrap_or(""),
                            gl.name,
                            gl.country,
                            gl.place,
                            match &loc {
                                Some(l) => format!(
                                    "{} ({}) [{}]",
                                    l.resolved_place,
                                    l.country_code,
                                    l.reason.label()
                                ),
                                None => "nothing".to_string(),
                            },
                            if paired.is_some() {
                                ""
                            } else {
                                " (no coded event)"
                            }
                        ));
                    }
                }
            }
        }
    }
    let row = |s: &GeoScore| {
        json!({
            "located_gold": s.located,
            "predicted": s.predicted,
            "country": s.share(s.country_ok),
            "admin1": s.admin1_share(),
            "within_161km": s.share(s.near_ok),
            "same_place": s.share(s.exact_ok),
            "median_km": s.median_km(),
            "null_gold": s.null_gold,
            "placed_without_gold": s.placed_without_gold,
        })
    };
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "documents": docs,
                "failed": failed,
                "coded_events": row(&coded),
                "all_located_gold_events": row(&all),
                "gold_events_without_coded_event": unpaired,
                "toponyms": {"gold": tops.gold, "found": ratio(tops.found, tops.gold),
                             "resolved": ratio(tops.resolved, tops.gold),
                             "country": ratio(tops.country_ok, tops.gold)},
                "by_reason": reasons.iter().map(|(k, v)| (k.to_string(), json!({"events": v.0, "right": v.1}))).collect::<BTreeMap<_, _>>(),
            }))?
        );
    } else {
        println!("{docs} documents, {failed} failed; {unpaired} gold events without a coded event");
        println!(
            "{:<28} {:>6} {:>9} {:>8} {:>8} {:>9} {:>10} {:>10}",
            "", "gold", "predicted", "country", "admin-1", "<=161 km", "same row", "median km"
        );
        for (name, s) in [("coded events", &coded), ("all located gold events", &all)] {
            println!(
                "{:<28} {:>6} {:>9} {:>8.3} {:>8.3} {:>9.3} {:>10.3} {:>10}",
                name,
                s.located,
                s.predicted,
                s.share(s.country_ok),
                s.admin1_share(),
                s.share(s.near_ok),
                s.share(s.exact_ok),
                s.median_km()
                    .map(|m| format!("{m:.1}"))
                    .unwrap_or_else(|| "-".into())
            );
        }
        println!(
            "gold events without a location: {}, placed anyway: {}",
            all.null_gold, all.placed_without_gold
        );
        println!(
            "toponyms: {} gold names, found {:.3}, resolved to the gold row {:.3}, right country {:.3}",
            tops.gold,
            ratio(tops.found, tops.gold),
            ratio(tops.resolved, tops.gold),
            ratio(tops.country_ok, tops.gold)
        );
        for (k, v) in &reasons {
            println!(
                "  {k:<28} {:>4} events, {:>4} right (country, <=161 km)",
                v.0, v.1
            );
        }
    }
    for e in &errors {
        eprintln!("{e}");
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
