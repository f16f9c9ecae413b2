//! Types produced by the `mentions` (time, quantities, quotes) and `coding` (events) stages.

use crate::{PartialDate, Precision, Span};
use serde::Serialize;

/// TIMEX3 type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date, month, year, season, decade.
    Date,
    /// A time of day.
    Time,
    /// A length of time (`tre giorni`, `two years`).
    Duration,
    /// A recurrence (`ogni settimana`, `every year`).
    Set,
}

/// A time expression, normalised against the document date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timex {
    /// Byte span in the document.
    pub span: Span,
    /// Text as written.
    pub text: String,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 value: `2024-05-17`, `2024-05`, `2024`, `2024-W20`, `PRESENT_REF`, `P3D`,
    /// `XXXX-11` (a month whose year cannot be told), `FUTURE_REF`, `PAST_REF`.
    pub value: String,
    /// The calendar date the value denotes, when it is one, with its precision.
    pub date: Option<PartialDate>,
    /// Whether the value was computed relative to the document date.
    pub relative: bool,
}

impl Timex {
    /// The precision of the denoted date, if the value is a date.
    pub fn precision(&self) -> Option<Precision> {
        self.date.map(|d| d.precision())
    }
}

/// A quantity in text: `più di 1 milione di proiettili`, `circa la metà`, `dozens of`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// Byte span in the document.
    pub span: Span,
    /// Text as written.
    pub text: String,
    /// Numeric value (a fraction for `la metà` = 0.5).
    pub value: f64,
    /// `circa`, `about`, `dozens`: not exact.
    pub approx: bool,
    /// `più di`, `more than`, `at least`.
    pub at_least: bool,
    /// `meno di`, `less than`, `up to`.
    pub at_most: bool,
    /// The counted noun (`proiettili`, `missili`), or `%`, or a fraction's whole.
    pub unit: Option<String>,
}

/// A quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Byte span of the quoted text (inside the quotation marks).
    pub span: Span,
    /// The quoted text.
    pub text: String,
    /// The speaker as written (`Dmitry Peskov`, `il think tank`), when found.
    pub speaker: Option<String>,
    /// The speaker's actor code, when known.
    pub speaker_code: Option<String>,
    /// Byte span of the speaker mention.
    pub speaker_span: Option<Span>,
    /// Who relays the quote (`AFP` in `ha riferito l'agenzia AFP`), nearest first.
    pub via: Vec<String>,
}

/// PLOVER auxiliary mode: how the text commits to the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aux {
    /// Past, well before the document (`nel 2022`).
    Historical,
    /// Planned or expected (`will`, `annunceremo`, `in preparazione`).
    Future,
    /// Possible, conditional, hedged (`could`, `potrebbe`, `forse`).
    Hypothetical,
    /// Denied (`non`, `never`).
    Negation,
}

impl Aux {
    /// The label used in JSON and the gold files.
    pub fn label(self) -> &'static str {
        match self {
            Aux::Historical => "historical",
            Aux::Future => "future",
            Aux::Hypothetical => "hypothetical",
            Aux::Negation => "negation",
        }
    }
    /// Parses a label.
    pub fn parse(s: &str) -> Option<Aux> {
        Some(match s {
            "historical" => Aux::Historical,
            "future" => Aux::Future,
            "hypothetical" => Aux::Hypothetical,
            "negation" | "negated" => Aux::Negation,
            _ => return None,
        })
    }
}

/// An actor or recipient of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventEntity {
    /// Actor code (`RUSGOV`, `PRK`).
    pub code: String,
    /// Sector part of the code.
    pub sector: Option<String>,
    /// Text of the mention.
    pub entity_text: String,
    /// Wikidata id, when known.
    pub identifier_id: Option<String>,
    /// Byte span of the mention.
    pub span: Span,
}

/// A coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// PLOVER type.
    pub event_type: PloverType,
    /// PLOVER mode (`military`), if any.
    pub mode: Option<String>,
    /// PLOVER contexts.
    pub context: Vec<String>,
    /// CAMEO code of the pattern.
    pub cameo: String,
    /// Actors (several for compound actors).
    pub actor: Vec<EventEntity>,
    /// Recipients.
    pub recipient: Vec<EventEntity>,
    /// Actor and recipient act together (meetings, pacts).
    pub reciprocal: bool,
    /// Auxiliary mode (`None` = asserted).
    pub aux: Option<Aux>,
    /// The cue that set the aux mode.
    pub aux_cue: Option<String>,
    /// Who says so, nearest first.
    pub attribution: Vec<String>,
    /// Byte span of the trigger and its arguments (the evidence).
    pub evidence: Span,
    /// Byte span of the trigger words.
    pub trigger: Span,
    /// Byte span of the sentence.
    pub sentence: Span,
    /// Event date (its own timex, else the document's).
    pub date: Option<PartialDate>,
    /// Where the date came from: `timex` or `document`.
    pub date_source: &'static str,
    /// Quantities in the same clause.
    pub quantities: Vec<Quantity>,
    /// Id of the pattern that matched (for explanations).
    pub pattern: String,
}

/// The 16 PLOVER 2021 event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum PloverType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl PloverType {
    /// Every type, in PLOVER's order (verbal and material cooperation, then conflict).
    pub const ALL: [PloverType; 16] = [
        PloverType::Agree,
        PloverType::Consult,
        PloverType::Support,
        PloverType::Concede,
        PloverType::Cooperate,
        PloverType::Aid,
        PloverType::Retreat,
        PloverType::Request,
        PloverType::Accuse,
        PloverType::Reject,
        PloverType::Threaten,
        PloverType::Protest,
        PloverType::Sanction,
        PloverType::Mobilize,
        PloverType::Coerce,
        PloverType::Assault,
    ];

    /// The names, as PLOVER writes them (`AGREE`), in [`PloverType::ALL`]'s order.
    pub const NAMES: [&'static str; 16] = [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ];

    /// The PLOVER name (`AGREE`).
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Parses a PLOVER name, any case (`agree`, `AGREE`).
    pub fn parse(s: &str) -> Option<PloverType> {
        let s = s.trim();
        Self::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(s))
            .map(|i| Self::ALL[i])
    }
}

impl std::fmt::Display for PloverType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PloverType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
