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
    /// Where the event happened (the `geo` stage), when the text says or implies it.
    pub location: Option<Location>,
    /// Byte spans of the location phrases the parse attaches to the predicate or its
    /// arguments (`in`, `a`, `nella regione di`, `near` …), nearest first: where the `geo`
    /// stage looks first. Not part of the output.
    #[serde(skip)]
    pub place_phrases: Vec<Span>,
    /// Byte span of the event's clause (the predicate's subtree). Not part of the output.
    #[serde(skip)]
    pub clause: Span,
}

/// A row of the gazetteer (`data/geo/gazetteer.tsv`): a country, an admin-1 unit, an area or
/// a populated place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// GeoNames id (≥ 990000000: vedetta-local areas).
    pub geonameid: u32,
    /// Canonical name.
    pub name: String,
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// ISO 3166-1 alpha-3 of the country.
    pub country_code: String,
    /// GeoNames admin-1 code, when the place lies in one.
    pub admin1: Option<String>,
    /// English name of the admin-1 unit, when known.
    pub admin1_name: Option<String>,
    /// GeoNames feature code (`PCLI`, `ADM1`, `PPLC`, `PPLA`, `PPL`, `RGN` …).
    pub feature_code: String,
    /// Population (0 = not known).
    pub population: u64,
}

impl Place {
    /// PLOVER's resolution: 1 country, 2 admin-1 unit or area, 3 admin-2, 4 city, 5 sub-city.
    pub fn resolution(&self) -> u8 {
        match self.feature_code.as_str() {
            "PCLI" => 1,
            "ADM1" | "RGN" => 2,
            "ADM2" => 3,
            c if c.starts_with("PPL") => 4,
            _ => 5,
        }
    }
}

/// A place name in the text, with the gazetteer row it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Toponym {
    /// Byte span in the document.
    pub span: Span,
    /// Text as written.
    pub text: String,
    /// The chosen gazetteer row, when a candidate fits.
    pub place: Option<Place>,
    /// Number of gazetteer rows the name could be.
    pub candidates: usize,
    /// The name opens the document as its dateline (`KIEV, 3 marzo (Reuters) –`).
    pub dateline: bool,
    /// Why this row was chosen (`only candidate`, `contained in UKR`, `context country` …).
    pub why: &'static str,
    /// A place preposition comes just before it (`in`, `a`, `at`, `in tutto il`).
    pub after_place_preposition: bool,
}

/// Why an event was placed where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum LocationReason {
    /// A location phrase of the event's predicate or arguments (`bombed targets in Kharkiv`).
    #[serde(rename = "place in the event clause")]
    Clause,
    /// The place is the event's recipient (`bombardato Kharkiv`, `protesters besieged Kyiv`).
    #[serde(rename = "place attacked or targeted")]
    Recipient,
    /// Another place in the event's sentence.
    #[serde(rename = "place in the sentence")]
    Sentence,
    /// The document's dateline.
    #[serde(rename = "dateline")]
    Dateline,
    /// The place the document names most.
    #[serde(rename = "document's main place")]
    Document,
    /// The recipient's country, for attacks, protests and coercion with no place named.
    #[serde(rename = "country of the recipient")]
    RecipientCountry,
}

impl LocationReason {
    /// The label used in JSON, CSV and the store.
    pub fn label(self) -> &'static str {
        match self {
            LocationReason::Clause => "place in the event clause",
            LocationReason::Recipient => "place attacked or targeted",
            LocationReason::Sentence => "place in the sentence",
            LocationReason::Dateline => "dateline",
            LocationReason::Document => "document's main place",
            LocationReason::RecipientCountry => "country of the recipient",
        }
    }

    /// Parses a label.
    pub fn parse(s: &str) -> Option<LocationReason> {
        [
            LocationReason::Clause,
            LocationReason::Recipient,
            LocationReason::Sentence,
            LocationReason::Dateline,
            LocationReason::Document,
            LocationReason::RecipientCountry,
        ]
        .into_iter()
        .find(|r| r.label() == s)
    }
}

/// Where an event happened: PLOVER's location object, with ACLED's geo-precision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// The words of the text that name the place (empty when the place is implied).
    pub extracted_place: String,
    /// Byte span of those words, when the text names the place.
    pub span: Option<Span>,
    /// The gazetteer's name of the place.
    pub resolved_place: String,
    /// GeoNames id.
    pub geonameid: u32,
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// GeoNames admin-1 code.
    pub admin1: Option<String>,
    /// English name of the admin-1 unit.
    pub admin1_name: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub country_code: String,
    /// GeoNames feature code.
    pub feature_code: String,
    /// PLOVER resolution: 5 sub-city, 4 city, 3 admin-2, 2 admin-1, 1 country.
    pub resolution: u8,
    /// ACLED geo-precision: 1 the town itself, 2 a part of a region or near a town named
    /// only by its region, 3 a region or country as a whole or a place implied.
    pub geo_precision: u8,
    /// Why the event was placed here.
    pub reason: LocationReason,
}

impl Location {
    /// The location of an event at `place`, named by the text at `span` (or implied).
    pub fn at(place: &Place, extracted: Option<(&str, Span)>, reason: LocationReason) -> Location {
        let resolution = place.resolution();
        let implied = matches!(
            reason,
            LocationReason::Document | LocationReason::RecipientCountry
        );
        let geo_precision = match resolution {
            _ if implied => 3,
            4 | 5 => 1,
            3 => 2,
            _ => 3,
        };
        Location {
            extracted_place: extracted.map(|e| e.0.to_string()).unwrap_or_default(),
            span: extracted.map(|e| e.1),
            resolved_place: place.name.clone(),
            geonameid: place.geonameid,
            lat: place.lat,
            lon: place.lon,
            admin1: place.admin1.clone(),
            admin1_name: place.admin1_name.clone(),
            country_code: place.country_code.clone(),
            feature_code: place.feature_code.clone(),
            resolution,
            geo_precision,
            reason,
        }
    }
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
