//! Where events happened.
//!
//! Three steps, each its own module:
//! 1. [`find`]: place names in the text, from the embedded gazetteer (`data/geo/gazetteer.tsv`)
//!    compiled into a token automaton per language, plus the place mentions of the actor
//!    dictionary; a gazetteer name no mention vouches for needs evidence it is a place (not a
//!    sentence's first word, not a word the document also writes in lowercase).
//! 2. [`resolve`]: each name to one gazetteer row, ranked by the countries of the document's
//!    other places and actors, containment (`Kherson, in Ucraina`, `Springfield, Illinois`),
//!    the dateline, the dictionary's own country for the name, and feature and population
//!    priors (a country name is a country; a capital or admin seat beats a village).
//! 3. [`locate`]: each event's place: a location phrase of its predicate on the parse, else
//!    the place it attacks or targets, else a place in its clause, the dateline, a place in
//!    its sentence, the document's main place, or (attacks, protests, coercion) the
//!    recipient's country; PLOVER's location object with a reason.
//!
//! A name the gazetteer does not know is left unresolved and disturbs nothing else.

pub mod find;
pub mod locate;
pub mod resolve;
pub mod table;

use std::collections::BTreeMap;
use vedetta_analysis::Analyzer;
use vedetta_data::DataSource;
use vedetta_mentions::gazetteer::{Gazetteer, GazetteerBuilder};
use vedetta_model::{Analysis, Event, Mention, Toponym};

pub use table::{distance_km, form_key, Table, TableError};

/// Where the gazetteer is, relative to the data root.
pub const GAZETTEER: &str = "geo/gazetteer.tsv";

/// Errors loading the geocoder.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// The data folder cannot be read.
    #[error("{0}")]
    Data(#[from] vedetta_data::DataError),
    /// The table does not parse.
    #[error("{0}")]
    Table(#[from] TableError),
    /// A pack's `geo.toml` does not parse.
    #[error("{path}: {error}")]
    Words {
        /// Display path.
        path: String,
        /// What is wrong.
        error: String,
    },
}

/// A language's words around place names (`lang/<iso>/geo.toml`).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeoWords {
    /// Administrative unit words (`regione`, `state`, `oblast`).
    #[serde(default)]
    pub unit_words: Vec<String>,
    /// Words between a unit word and the name (`di`, `of`).
    #[serde(default)]
    pub unit_links: Vec<String>,
    /// Words between a place and the place holding it, after `,` or `(`.
    #[serde(default)]
    pub link_words: Vec<String>,
    /// Names of continents and world regions (`Asia`, `Europa`): never a town of the same
    /// name (the gazetteer has towns called Asia or Africa, not the continents); a country
    /// or region so named is kept.
    #[serde(default)]
    pub not_towns: Vec<String>,
    /// Offices of sub-national units (`governatore`, `governor`): a name they govern
    /// (`governatore della Georgia`, `Georgia Governor`) is not a country; also unit words.
    #[serde(default)]
    pub subnational_words: Vec<String>,
}

/// What one language needs: the automaton over the gazetteer's forms, tokenised by its pack,
/// and the words that make a following capitalised name a place.
struct LangGeo {
    automaton: Gazetteer<u32>,
    words: GeoWords,
    place_preps: rustc_hash::FxHashSet<String>,
    function_words: rustc_hash::FxHashSet<String>,
}

/// The loaded gazetteer and its automata.
pub struct Geo {
    /// The table.
    pub table: Table,
    langs: BTreeMap<String, LangGeo>,
}

impl Geo {
    /// Loads `geo/gazetteer.tsv` from `src` and compiles its forms for every language of
    /// `analyzer`. A data folder without the file gives an empty geocoder (no places).
    pub fn load(src: &DataSource, analyzer: &Analyzer) -> Result<Geo, GeoError> {
        let table = match src.file(GAZETTEER)? {
            Some(f) => Table::parse(&f.text, &f.path)?,
            None => Table::default(),
        };
        let mut langs = BTreeMap::new();
        for code in analyzer.languages() {
            let pack = analyzer.pack(code).expect("a listed language");
            let words: GeoWords = match pack.file("geo.toml") {
                Some((path, text)) => toml::from_str(text).map_err(|e| GeoError::Words {
                    path: path.to_string(),
                    error: e.to_string(),
                })?,
                None => GeoWords::default(),
            };
            let not_towns: rustc_hash::FxHashSet<String> =
                words.not_towns.iter().map(|w| table::form_key(w)).collect();
            let mut b = GazetteerBuilder::default();
            for (r, forms) in table.forms.iter().enumerate() {
                let town = table.rows[r].feature_code.starts_with("PPL");
                for f in forms {
                    if town && not_towns.contains(&table::form_key(f)) {
                        continue;
                    }
                    b.add(f, pack, r as u32);
                }
            }
            langs.insert(
                code.to_string(),
                LangGeo {
                    automaton: b.build(),
                    words,
                    place_preps: pack.place_prepositions.iter().cloned().collect(),
                    function_words: pack.list("function_words.txt").into_iter().collect(),
                },
            );
        }
        Ok(Geo { table, langs })
    }

    /// The place names of a document, each resolved to a gazetteer row where one fits, in
    /// text order.
    pub fn toponyms(&self, an: &Analysis, mentions: &[Mention]) -> Vec<Toponym> {
        let Some(lg) = self.langs.get(&an.lang) else {
            return Vec::new();
        };
        let names = find::find(self, lg, an, mentions);
        resolve::resolve(&self.table, &lg.words, an, mentions, names)
    }

    /// Sets the location of every event of a document from its toponyms.
    pub fn locate(&self, an: &Analysis, toponyms: &[Toponym], events: &mut [Event]) {
        locate::locate_events(&self.table, an, toponyms, events);
    }
}
