//! Each event's place, in order of evidence:
//! 1. a resolved place in a location phrase of the predicate or its arguments (the parse:
//!    `obl`/`nmod` with `in`, `a`, `su`, `near` …; the finest place of them: `a Kherson, in
//!    Ucraina` → Kherson; `from`/`da` phrases only when no other has a place);
//! 2. the place the event is done to: a city or region that is the recipient of an attack,
//!    coercion or mobilisation (`bombardato Kharkiv`);
//! - for verbal events (not attacks, coercion, protests, mobilisation, retreat or aid): the
//!   dateline, before the steps below;
//! 3. another city or region in the event's clause that is not one of its actors;
//! 4. a place after a place preposition elsewhere in the sentence (a parse that attached
//!    `in Yemen` to the wrong word);
//! 5. the dateline;
//! 6. another city or region in the sentence that is not one of its actors;
//! 7. the document's main place (the one it names most, first on ties);
//! 8. for attacks, protests and coercion, the recipient's country;
//!
//! else none.

use crate::table::Table;
use vedetta_model::{Analysis, Event, Location, LocationReason, PloverType, Span, Toponym};

/// Types whose recipient place is where they happen.
fn done_at_recipient(t: PloverType) -> bool {
    matches!(
        t,
        PloverType::Assault
            | PloverType::Coerce
            | PloverType::Protest
            | PloverType::Mobilize
            | PloverType::Retreat
            | PloverType::Aid
    )
}

/// Types whose recipient, when a city or region, is where they happen.
fn targets_place(t: PloverType) -> bool {
    matches!(
        t,
        PloverType::Assault | PloverType::Coerce | PloverType::Mobilize
    )
}

/// Types whose recipient's country is where they happen when nothing else says.
fn in_recipient_country(t: PloverType) -> bool {
    matches!(
        t,
        PloverType::Assault | PloverType::Coerce | PloverType::Protest
    )
}

/// What the locator needs to know of an event.
#[derive(Debug, Clone)]
pub struct EventView<'a> {
    /// PLOVER type.
    pub event_type: PloverType,
    /// Location phrases, nearest first.
    pub place_phrases: &'a [Span],
    /// The clause.
    pub clause: Span,
    /// The sentence.
    pub sentence: Span,
    /// Spans of the actors.
    pub actors: Vec<Span>,
    /// Spans and codes of the recipients.
    pub recipients: Vec<(Span, &'a str)>,
}

impl<'a> EventView<'a> {
    /// The view of a coded event.
    pub fn of(e: &'a Event) -> EventView<'a> {
        EventView {
            event_type: e.event_type,
            place_phrases: &e.place_phrases,
            clause: e.clause,
            sentence: e.sentence,
            actors: e.actor.iter().map(|a| a.span).collect(),
            recipients: e
                .recipient
                .iter()
                .map(|r| (r.span, r.code.as_str()))
                .collect(),
        }
    }
}

/// Sets each event's location.
pub(crate) fn locate_events(table: &Table, an: &Analysis, tops: &[Toponym], events: &mut [Event]) {
    let main = main_place(tops, events);
    for i in 0..events.len() {
        let loc = locate(table, an, tops, main, &EventView::of(&events[i]));
        events[i].location = loc;
    }
}

/// The document's main place: the resolved place named most often, not as an actor of an
/// event; the first named on ties.
pub fn main_place(tops: &[Toponym], events: &[Event]) -> Option<usize> {
    let actor_spans: Vec<Span> = events
        .iter()
        .flat_map(|e| e.actor.iter().map(|a| a.span))
        .collect();
    let mut best: Option<(usize, usize)> = None; // (count, index)
    for (i, t) in tops.iter().enumerate() {
        let Some(p) = &t.place else { continue };
        if actor_spans.iter().any(|a| t.span.contains(*a)) {
            continue;
        }
        let n = tops
            .iter()
            .filter(|u| u.place.as_ref().is_some_and(|q| q.geonameid == p.geonameid))
            .count();
        if best.is_none_or(|(c, _)| n > c) {
            best = Some((n, i));
        }
    }
    best.map(|b| b.1)
}

/// A country or a capital: a name that can stand for a state.
fn state_like(t: &Toponym) -> bool {
    t.place
        .as_ref()
        .is_some_and(|p| matches!(p.feature_code.as_str(), "PCLI" | "PPLC"))
}

/// The finest resolved place among `cands`, the first on ties.
fn finest<'t>(cands: impl Iterator<Item = &'t Toponym>) -> Option<&'t Toponym> {
    let res = |t: &Toponym| t.place.as_ref().map(|p| p.resolution()).unwrap_or(0);
    let mut best: Option<&Toponym> = None;
    for t in cands {
        if res(t) == 0 {
            continue;
        }
        if best.is_none_or(|b| res(t) > res(b)) {
            best = Some(t);
        }
    }
    best
}

/// The location of one event.
pub fn locate(
    table: &Table,
    an: &Analysis,
    tops: &[Toponym],
    main: Option<usize>,
    ev: &EventView<'_>,
) -> Option<Location> {
    let _ = an;
    // A country or capital that is the actor itself stands for its state (`Mosca ha
    // espulso`); a town or region as actor is its people or offices, there (`Mariupol si è
    // arresa`, `la Procura di Palermo`), and a place inside a longer actor is where it acts
    // (`le autorità della Cecenia`).
    let is_actor = |t: &Toponym| state_like(t) && ev.actors.iter().any(|a| t.span.contains(*a));
    let is_recipient = |t: &Toponym| ev.recipients.iter().any(|(r, _)| t.span.contains(*r));
    let material = done_at_recipient(ev.event_type);
    let at = |t: &Toponym, reason| {
        t.place
            .as_ref()
            .map(|p| Location::at(p, Some((t.text.as_str(), t.span)), reason))
    };
    // 2. The place attacked or targeted (a city or region; a country comes last).
    let target = if targets_place(ev.event_type) {
        finest(tops.iter().filter(|t| {
            is_recipient(t) && !is_actor(t) && t.place.as_ref().is_some_and(|p| p.resolution() >= 2)
        }))
    } else {
        None
    };
    // 1. Location phrases: the finest place of them all, the nearest phrase on ties; a
    // finer target in the same country wins (`bombardato Kherson, in Ucraina` → Kherson).
    {
        let it = ev.place_phrases.iter().flat_map(|ph| {
            tops.iter()
                .filter(|t| ph.contains(t.span) && !is_actor(t) && (material || !is_recipient(t)))
        });
        if let Some(t) = finest(it) {
            if let (Some(g), Some(p)) = (target, t.place.as_ref()) {
                if let Some(q) = g.place.as_ref() {
                    if q.country_code == p.country_code && q.resolution() > p.resolution() {
                        return at(g, LocationReason::Recipient);
                    }
                }
            }
            return at(t, LocationReason::Clause);
        }
    }
    if let Some(t) = target {
        return at(t, LocationReason::Recipient);
    }
    // Verbal events (statements, meetings, requests) take the dateline before places
    // elsewhere in their sentence: they happen where their actors speak ("IL CAIRO – … ha
    // ricevuto l'inviato … per discutere della tregua a Gaza" → Cairo); material ones
    // (attacks, protests, aid) keep the places of their sentence first.
    if !material {
        if let Some(t) = tops.iter().find(|t| t.dateline && t.place.is_some()) {
            return at(t, LocationReason::Dateline);
        }
    }
    // 3. Another place in the clause.
    // Outside the location phrases, a country or capital not after a place preposition is
    // likely the state acting or acted on (`deciso da Roma`), not the place.
    let free = |t: &Toponym| {
        !is_actor(t)
            && (material || !is_recipient(t))
            && (!state_like(t) || t.after_place_preposition || t.dateline)
    };
    {
        let it = tops
            .iter()
            .filter(|t| ev.clause.contains(t.span) && free(t) && !t.dateline);
        if let Some(t) = finest(it) {
            if t.place.as_ref().is_some_and(|p| p.resolution() >= 2) {
                return at(t, LocationReason::Clause);
            }
        }
    }
    // 4. A place after a place preposition in the sentence, attached elsewhere by the
    // parse ("struck Houthi targets in Yemen").
    {
        let it = tops.iter().filter(|t| {
            ev.sentence.contains(t.span) && free(t) && t.after_place_preposition && !t.dateline
        });
        if let Some(t) = finest(it) {
            return at(t, LocationReason::Sentence);
        }
    }
    // 5. The dateline.
    if let Some(t) = tops.iter().find(|t| t.dateline && t.place.is_some()) {
        return at(t, LocationReason::Dateline);
    }
    // 6. Another place in the sentence (a city or region).
    {
        let it = tops
            .iter()
            .filter(|t| ev.sentence.contains(t.span) && free(t));
        if let Some(t) = finest(it) {
            if t.place.as_ref().is_some_and(|p| p.resolution() >= 2) {
                return at(t, LocationReason::Sentence);
            }
        }
    }
    // 7. The document's main place.
    if let Some(t) = main.and_then(|i| tops.get(i)) {
        if let Some(p) = &t.place {
            if !is_actor(t) {
                return Some(Location::at(p, None, LocationReason::Document));
            }
        }
    }
    // 8. The recipient's country.
    if in_recipient_country(ev.event_type) {
        for (_, code) in &ev.recipients {
            if let Some(r) = code.get(..3).and_then(|c| table.country(c)) {
                return Some(Location::at(
                    &table.rows[r as usize],
                    None,
                    LocationReason::RecipientCountry,
                ));
            }
        }
    }
    None
}
