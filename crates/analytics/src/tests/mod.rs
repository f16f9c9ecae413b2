//! Unit tests of the series and the alert model on synthetic events.

mod alerts;
mod network;
mod series;

use vedetta_store::{StoredEntity, StoredEvent};

/// An entity with a code; its country is the first three characters (or all of it).
pub(crate) fn entity(code: &str) -> StoredEntity {
    StoredEntity {
        code: code.to_string(),
        country: code.get(..3).unwrap_or(code).to_string(),
        sector: None,
        entity_text: code.to_string(),
        identifier_id: None,
        start: 0,
        end: 1,
    }
}

/// An entity whose country is given separately (for synthetic country names).
pub(crate) fn entity_in(code: &str, country: &str) -> StoredEntity {
    StoredEntity {
        country: country.to_string(),
        ..entity(code)
    }
}

/// A stored event with the fields the analytics read; the rest are placeholders.
#[allow(clippy::too_many_arguments)]
pub(crate) fn event(
    doc: &str,
    seq: u32,
    date: Option<&str>,
    event_type: &str,
    quad: Option<u8>,
    scale: Option<f64>,
    actor: Vec<StoredEntity>,
    recipient: Vec<StoredEntity>,
    aux: Option<&str>,
) -> StoredEvent {
    let precision = date.map(|d| {
        match d.len() {
            4 => "year",
            7 => "month",
            _ => "day",
        }
        .to_string()
    });
    StoredEvent {
        id: format!("{doc}-{seq}"),
        doc_id: doc.to_string(),
        seq,
        lang: "en".into(),
        doc_date: date.map(str::to_string),
        event_type: event_type.to_string(),
        mode: None,
        context: Vec::new(),
        cameo: "190".into(),
        quad,
        scale,
        actor,
        recipient,
        reciprocal: false,
        aux: aux.map(str::to_string),
        aux_cue: None,
        attribution: Vec::new(),
        date: date.map(str::to_string),
        date_precision: precision,
        date_source: "document".into(),
        evidence_start: 0,
        evidence_end: 10,
        event_text: format!("{event_type} by {doc}"),
        trigger: "x".into(),
        text: format!("{event_type} by {doc}."),
        quantities: serde_json::Value::Array(Vec::new()),
        pattern: "p".into(),
        location: None,
        source: format!("{doc}.txt"),
        outlet: format!("{doc}.txt"),
        url: None,
        title: None,
    }
}

/// SplitMix64: a small deterministic generator for synthetic series.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Poisson draw (Knuth's method; fine for the small rates used here).
    pub(crate) fn poisson(&mut self, lambda: f64) -> u64 {
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = 1.0;
        loop {
            p *= self.uniform();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
}
