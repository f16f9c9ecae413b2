//! Shared types of the vedetta pipeline.
//!
//! Every stage reads and writes these: `ingest` makes [`Document`]s, `analysis` adds
//! [`Sentence`]s and [`Token`]s, `mentions` adds [`Mention`]s. Offsets inside the pipeline are
//! byte offsets into [`Document::text`]; the CLI converts them to character offsets on output.

pub mod date;
pub mod event;
pub mod syntax;
pub mod upos;

pub use date::{DateError, PartialDate, Precision};
pub use event::{
    Aux, Event, EventEntity, Location, LocationReason, Place, PloverType, Quantity, Quote, Timex,
    TimexType, Toponym,
};
use serde::Serialize;
pub use syntax::{SentenceSyntax, Word};
pub use upos::Upos;

/// One article, as read by `ingest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Stable identifier: the given id, or the file name for text files.
    pub id: String,
    /// Where it came from: a path, `path:line` for JSONL, or `-` for stdin.
    pub source: String,
    /// Publication date, with its precision; `None` when unknown.
    pub date: Option<PartialDate>,
    /// Language as declared by the input (ISO 639-1), if any; analysis fills in detection.
    pub lang: Option<String>,
    /// Title, when the input has one.
    pub title: Option<String>,
    /// URL, when the input has one.
    pub url: Option<String>,
    /// The article text.
    pub text: String,
}

/// A half-open byte range `[start, end)` in a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Makes a span.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The letter case shape of a token, used by name detection and case-sensitive matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// All letters lowercase (`russia`).
    Lower,
    /// First letter uppercase, some lowercase after it (`Russia`, `McDonald`).
    Title,
    /// All letters uppercase, at least two (`NATO`, `U.S.`).
    Upper,
    /// A single uppercase letter (`A`, initials).
    Initial,
    /// Digits, possibly with separators (`2022`, `1,5`).
    Number,
    /// Punctuation or symbols only.
    Punct,
    /// Anything else (mixed scripts, letters without case).
    Other,
}

/// One token of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Byte span in the document text.
    pub span: Span,
    /// Lowercased, apostrophe-folded form: the key for dictionary matching.
    pub lower: String,
    /// Stem (Snowball) of the lowercase form: the key for inflection-insensitive matching.
    pub stem: String,
    /// Case shape of the original text.
    pub shape: Shape,
}

/// A sentence: a byte span and the range of its tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Byte span in the document text.
    pub span: Span,
    /// Index of the first token.
    pub first_token: usize,
    /// One past the index of the last token.
    pub end_token: usize,
}

/// An analysed document: text, language, sentences and tokens.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The document.
    pub doc: Document,
    /// The language used for analysis (ISO 639-1).
    pub lang: String,
    /// How the language was chosen: `declared`, `detected` or `forced`.
    pub lang_source: &'static str,
    /// For a detected language, how sure the identifier is (0–1); `None` when declared or
    /// forced.
    pub lang_confidence: Option<f32>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
}

/// Named-entity class used for NER evaluation (CoNLL style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum NerClass {
    /// A person.
    #[serde(rename = "PER")]
    Per,
    /// An organisation.
    #[serde(rename = "ORG")]
    Org,
    /// A location.
    #[serde(rename = "LOC")]
    Loc,
}

impl NerClass {
    /// The CoNLL label (`PER`, `ORG`, `LOC`).
    pub fn label(self) -> &'static str {
        match self {
            NerClass::Per => "PER",
            NerClass::Org => "ORG",
            NerClass::Loc => "LOC",
        }
    }
}

/// What kind of thing a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A state by name (`Corea del Nord`).
    Country,
    /// A nationality adjective or noun (`nordcoreano`, `Russian`).
    Demonym,
    /// A capital city, used as the state (`Mosca`).
    Capital,
    /// A seat of power standing for a government (`Cremlino`).
    Metonym,
    /// Another place (a city, region).
    Place,
    /// A person from the dictionary.
    Person,
    /// An intergovernmental organisation.
    Igo,
    /// A media outlet or news agency.
    Media,
    /// A non-governmental organisation or think tank.
    Ngo,
    /// Another organisation.
    Org,
    /// A political party.
    Party,
    /// An armed group.
    ArmedGroup,
    /// A generic agent, possibly with a nationality (`funzionari statunitensi`).
    Agent,
    /// A capitalised name that is not in the dictionary.
    Unknown,
}

impl MentionKind {
    /// Parses the `kind` column of the actor dictionary.
    pub fn parse(s: &str) -> Option<MentionKind> {
        Some(match s {
            "country" => MentionKind::Country,
            "demonym" => MentionKind::Demonym,
            "capital" => MentionKind::Capital,
            "metonym" => MentionKind::Metonym,
            "place" => MentionKind::Place,
            "person" => MentionKind::Person,
            "igo" => MentionKind::Igo,
            "media" => MentionKind::Media,
            "ngo" => MentionKind::Ngo,
            "org" => MentionKind::Org,
            "party" => MentionKind::Party,
            "armed_group" => MentionKind::ArmedGroup,
            "agent" => MentionKind::Agent,
            _ => return None,
        })
    }

    /// The named-entity class a mention of this kind counts as, if any.
    pub fn ner_class(self) -> Option<NerClass> {
        match self {
            MentionKind::Country | MentionKind::Capital | MentionKind::Place => Some(NerClass::Loc),
            MentionKind::Person => Some(NerClass::Per),
            MentionKind::Metonym
            | MentionKind::Igo
            | MentionKind::Media
            | MentionKind::Ngo
            | MentionKind::Org
            | MentionKind::Party
            | MentionKind::ArmedGroup => Some(NerClass::Org),
            MentionKind::Demonym | MentionKind::Agent | MentionKind::Unknown => None,
        }
    }
}

/// A mention of an actor, place or name in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Byte span in the document text.
    pub span: Span,
    /// First token index.
    pub first_token: usize,
    /// One past the last token index.
    pub end_token: usize,
    /// The text as written.
    pub text: String,
    /// What it names.
    pub kind: MentionKind,
    /// Named-entity class (for unknown names, the typed guess).
    pub ner: Option<NerClass>,
    /// Full actor code (`RUSGOV`), when resolved.
    pub code: Option<String>,
    /// Country or top-level code (`RUS`, `IGO`), when resolved.
    pub country: Option<String>,
    /// Sector codes after the country (`GOV`, `MIL`), when any.
    pub sector: Option<String>,
    /// Wikidata id, when known.
    pub wikidata: Option<String>,
    /// Canonical name of the actor.
    pub name: Option<String>,
    /// Office or role held at the document date (people).
    pub role: Option<String>,
    /// Why this entry was chosen (date rule, fallback, guess).
    pub why: String,
    /// Other actors that matched equally well (two people of one name).
    pub ambiguous_with: Vec<String>,
}

/// Splits an actor code into (country/top code, sector). `RUSGOV` → (`RUS`, `GOV`).
pub fn split_code(code: &str) -> (String, Option<String>) {
    if code.len() <= 3 || !code.is_char_boundary(3) {
        (code.to_string(), None)
    } else {
        (code[..3].to_string(), Some(code[3..].to_string()))
    }
}

/// True when `code` is a well-formed actor code: 3 uppercase letters then 3-letter groups.
pub fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() % 3 == 0
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && code.as_bytes()[..3].iter().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_into_country_and_sector() {
        assert_eq!(split_code("RUSGOV"), ("RUS".into(), Some("GOV".into())));
        assert_eq!(split_code("PRK"), ("PRK".into(), None));
        assert!(is_valid_code("IGOUNO"));
        assert!(is_valid_code("IGOG20"));
        assert!(!is_valid_code("RUSGO"));
        assert!(!is_valid_code("rus"));
    }

    #[test]
    fn spans_contain_and_overlap() {
        let a = Span::new(0, 10);
        assert!(a.contains(Span::new(2, 5)));
        assert!(!a.contains(Span::new(5, 11)));
        assert!(a.overlaps(Span::new(9, 12)));
        assert!(!a.overlaps(Span::new(10, 12)));
    }
}

/// `url` without the user name and password of its authority (`https://user:pw@host/x` →
/// `https://host/x`), so credentials given in a feed URL are never stored or shown. Anything
/// that is not a `scheme://` URL is returned as it is.
pub fn without_credentials(url: &str) -> std::borrow::Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return std::borrow::Cow::Borrowed(url);
    };
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return std::borrow::Cow::Borrowed(url);
    }
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..auth_end].rfind('@') {
        Some(at) => std::borrow::Cow::Owned(format!("{scheme}://{}", &rest[at + 1..])),
        None => std::borrow::Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod url_tests {
    use super::without_credentials;

    #[test]
    fn credentials_are_removed_from_urls() {
        for (given, want) in [
            (
                "https://user:secret@feeds.example.org/rss?x=1",
                "https://feeds.example.org/rss?x=1",
            ),
            ("http://token@example.org", "http://example.org"),
            (
                "https://a:b@c@example.org:8443/p@q",
                "https://example.org:8443/p@q",
            ),
            ("https://example.org/a@b", "https://example.org/a@b"),
            ("feed.xml:3", "feed.xml:3"),
            ("mailto:x@example.org", "mailto:x@example.org"),
        ] {
            assert_eq!(without_credentials(given), want, "{given}");
        }
    }
}
