//! The JSON output of a coded document (PLOVER JSONL and `--full`).

use crate::output::{mention_json, CharIndex};
use crate::pipeline::Pipeline;
use serde_json::{json, Value};
use vedetta_model::Quantity;

pub use vedetta_pipeline::Doc as Coded;

/// PLOVER's location object of an event (`null` when it has none), offsets in characters.
pub fn location_json(l: Option<&vedetta_model::Location>, ci: &CharIndex) -> Value {
    let Some(l) = l else { return Value::Null };
    let span = l.span.map(|s| {
        let (start, end) = ci.span(s);
        json!({"start": start, "end": end})
    });
    json!({"extracted_place": l.extracted_place, "span": span, "resolved_place": l.resolved_place,
           "geonameid": l.geonameid, "lat": l.lat, "lon": l.lon, "admin1": l.admin1,
           "admin1_name": l.admin1_name, "country_code": l.country_code,
           "feature_code": l.feature_code, "resolution": l.resolution,
           "geo_precision": l.geo_precision, "reason": l.reason.label()})
}

fn quantity_json(q: &Quantity, ci: &CharIndex) -> Value {
    let (start, end) = ci.span(q.span);
    json!({"text": q.text, "start": start, "end": end, "value": q.value, "approx": q.approx,
           "at_least": q.at_least, "at_most": q.at_most, "unit": q.unit})
}

/// One PLOVER JSONL record per event.
pub fn event_records(p: &Pipeline, c: &Coded) -> Vec<Value> {
    let text = &c.analysis.doc.text;
    let ci = CharIndex::new(text);
    let doc = &c.analysis.doc;
    let cite = crate::store_cmd::cite_info(
        &vedetta_model::without_credentials(&doc.source),
        &vedetta_store::outlet(doc),
        doc.url.as_deref(),
        doc.title.as_deref(),
    );
    c.events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let ent = |x: &vedetta_model::EventEntity| {
                json!({"code": x.code, "sector": x.sector, "entity_text": x.entity_text, "identifier_id": x.identifier_id})
            };
            let (es, ee) = ci.span(e.evidence);
            let root = p.coder.cameo_root(&e.cameo);
            json!({
                "id": format!("{}-{}", c.analysis.doc.id, i + 1),
                "date": e.date,
                "date_precision": e.date.map(|d| d.precision()),
                "date_source": e.date_source,
                "actor": e.actor.iter().map(ent).collect::<Vec<_>>(),
                "recipient": e.recipient.iter().map(ent).collect::<Vec<_>>(),
                "event": [e.event_type],
                "mode": e.mode.iter().collect::<Vec<_>>(),
                "context": e.context,
                "event_text": &text[e.evidence.start..e.evidence.end],
                "trigger": &text[e.trigger.start..e.trigger.end],
                "text": &text[e.sentence.start..e.sentence.end],
                "quad_code": root.map(|r| r.quad),
                "event_scale": root.map(|r| r.scale),
                "doc_id": c.analysis.doc.id,
                "lang": c.analysis.lang,
                "cameo": e.cameo,
                "aux": e.aux.map(|a| a.label()),
                "aux_cue": e.aux_cue,
                "reciprocal": e.reciprocal,
                "attribution": e.attribution,
                "evidence": {"start": es, "end": ee},
                "quantities": e.quantities.iter().map(|q| quantity_json(q, &ci)).collect::<Vec<_>>(),
                "location": location_json(e.location.as_ref(), &ci),
                "pattern": e.pattern,
                "cite_info": cite,
            })
        })
        .collect()
}

/// One record per document with everything coded (`vedetta code --full`).
pub fn full_record(p: &Pipeline, c: &Coded) -> Value {
    let text = &c.analysis.doc.text;
    let ci = CharIndex::new(text);
    let doc = &c.analysis.doc;
    json!({
        "document": {"id": doc.id, "source": doc.source, "date": doc.date,
                     "date_precision": doc.date.map(|d| d.precision()), "lang": c.analysis.lang,
                     "lang_source": c.analysis.lang_source,
                     "lang_confidence": c.analysis.lang_confidence,
                     "title": doc.title, "url": doc.url},
        "events": event_records(p, c),
        "mentions": c.mentions.iter().map(|m| mention_json(m, &ci)).collect::<Vec<_>>(),
        "timexes": c.timexes.iter().map(|t| {
            let (s, e) = ci.span(t.span);
            json!({"text": t.text, "start": s, "end": e, "type": t.kind, "value": t.value, "relative": t.relative})
        }).collect::<Vec<_>>(),
        "quotes": c.quotes.iter().map(|q| {
            let (s, e) = ci.span(q.span);
            json!({"text": q.text, "start": s, "end": e, "speaker": q.speaker, "speaker_code": q.speaker_code, "via": q.via})
        }).collect::<Vec<_>>(),
        "quantities": c.quantities.iter().map(|q| quantity_json(q, &ci)).collect::<Vec<_>>(),
        "toponyms": c.toponyms.iter().map(|t| {
            let (s, e) = ci.span(t.span);
            json!({"text": t.text, "start": s, "end": e, "candidates": t.candidates,
                   "dateline": t.dateline, "why": t.why,
                   "place": t.place.as_ref().map(|p| json!({"geonameid": p.geonameid,
                       "name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
                       "admin1": p.admin1, "feature_code": p.feature_code}))})
        }).collect::<Vec<_>>(),
    })
}
