//! Language packs: the per-language data under `data/lang/<iso>/`.

use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use vedetta_data::{list_lines, DataError, DataSource};

/// Errors loading a language pack.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// A data file could not be read.
    #[error(transparent)]
    Data(#[from] DataError),
    /// `lang.toml` is missing.
    #[error("language pack '{0}' has no lang.toml")]
    Missing(String),
    /// `lang.toml` does not parse.
    #[error("{path}: {msg}")]
    Toml {
        /// File path.
        path: String,
        /// Parser message (with line and column).
        msg: String,
    },
    /// `langid.tsv` is malformed.
    #[error(transparent)]
    Langid(#[from] crate::langid::ProfileError),
    /// The stemmer named in `lang.toml` is unknown.
    #[error("{path}: unknown stemmer {name:?}")]
    Stemmer {
        /// File path.
        path: String,
        /// The name given.
        name: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LangToml {
    code: String,
    name: String,
    stemmer: String,
    #[serde(default)]
    iso639_3: Option<String>,
    #[serde(default)]
    elisions: Vec<String>,
    #[serde(default)]
    clitic_suffixes: Vec<String>,
    #[serde(default)]
    name_connectors: Vec<String>,
    #[serde(default)]
    place_prepositions: Vec<String>,
    #[serde(default)]
    of_words: Vec<String>,
    #[serde(default)]
    nationality_after_agent: bool,
    #[serde(default)]
    agent_modifiers: Vec<String>,
    #[serde(default)]
    home_country: Option<String>,
    #[serde(default)]
    inflection_vowels: Vec<char>,
    #[serde(default)]
    inflection_vowel_to: Option<char>,
    #[serde(default)]
    pipeline: Option<Vec<String>>,
}

/// The stages run after `analysis` when `lang.toml` names none.
/// (A pack without a syntax model lists its own: the coder works on the parse.)
pub const DEFAULT_PIPELINE: &[&str] = &[
    "mentions",
    "syntax",
    "time",
    "quotes",
    "quantities",
    "coding",
    "geo",
];

/// A loaded language pack.
#[derive(Clone)]
pub struct LangPack {
    /// ISO 639-1 code (`it`).
    pub code: String,
    /// ISO 639-3 code used by the language identifier (`ita`).
    pub iso639_3: String,
    /// English name (`Italian`).
    pub name: String,
    /// Snowball stemmer.
    pub stemmer: frostem::Stemmer,
    /// Elided words that are split from the next word (`l'`, `dell'`), folded lowercase.
    pub elisions: HashSet<String>,
    /// Clitics split from the end of a word (`'s`).
    pub clitic_suffixes: Vec<String>,
    /// Abbreviations that do not end a sentence, folded lowercase, with their final period.
    pub abbreviations: HashSet<String>,
    /// Lowercase words that may join capitalised words in one name.
    pub name_connectors: HashSet<String>,
    /// Lowercase prepositions that suggest a place before an unknown name.
    pub place_prepositions: HashSet<String>,
    /// Gender/number vowels unified before stemming (it: a, e, i, o → o), so that
    /// `nordcoreano/a/i/e` share one key.
    pub inflection: Option<(Vec<char>, char)>,
    /// Lowercase words that link an agent to its country (`di`, `of`).
    pub of_words: HashSet<String>,
    /// Nationality adjectives follow the agent noun (`funzionari statunitensi`); in English
    /// they precede it, and a demonym after an agent belongs to another phrase.
    pub nationality_after_agent: bool,
    /// Lowercase modifiers that may stand between a nationality and the agent it qualifies
    /// (`Bangladeshi peacekeeping troops`) in a language whose nationality precedes the agent
    /// (`agent_modifiers` in `lang.toml`; a list, because without a parse a verb looks the
    /// same: `The United States suspended military aid`).
    pub agent_modifiers: HashSet<String>,
    /// The country (ISO alpha-3) of a generic agent that names none (`la polizia`, `il
    /// governo`) in a document that names no other state (`home_country` in `lang.toml`):
    /// news written in the language is mostly about this country. `None`: no default.
    pub home_country: Option<String>,
    /// The stages run after `analysis` for documents of this language, in order
    /// (`pipeline` in `lang.toml`; [`DEFAULT_PIPELINE`] when absent), with the file that
    /// lists them.
    pub pipeline: Vec<String>,
    /// The character-trigram profile of the language (`langid.tsv`), for identification.
    pub langid: Option<crate::langid::Profile>,
    /// Raw text of the other list files, by file name (`agents.tsv`, `titles.txt`…), for the
    /// later stages that compile them.
    pub files: Vec<(String, String, String)>,
}

impl std::fmt::Debug for LangPack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LangPack")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish()
    }
}

impl LangPack {
    /// Loads the pack for `code` from `src`.
    pub fn load(src: &DataSource, code: &str) -> Result<LangPack, PackError> {
        let dir = format!("lang/{code}/");
        let toml_file = src
            .file(&format!("{dir}lang.toml"))?
            .ok_or_else(|| PackError::Missing(code.to_string()))?;
        let t: LangToml = toml::from_str(&toml_file.text).map_err(|e| PackError::Toml {
            path: toml_file.path.clone(),
            msg: e.to_string(),
        })?;
        let stemmer =
            frostem::Stemmer::try_from_name(&t.stemmer).map_err(|_| PackError::Stemmer {
                path: toml_file.path.clone(),
                name: t.stemmer.clone(),
            })?;
        if let Some(c) = &t.home_country {
            if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(PackError::Toml {
                    path: toml_file.path.clone(),
                    msg: format!("home_country {c:?} is not a three-letter ISO 3166 code"),
                });
            }
        }
        let mut pack = LangPack {
            iso639_3: t
                .iso639_3
                .unwrap_or_else(|| default_iso639_3(&t.code).to_string()),
            code: t.code,
            name: t.name,
            stemmer,
            elisions: t.elisions.iter().map(|s| fold(s)).collect(),
            clitic_suffixes: t.clitic_suffixes.iter().map(|s| fold(s)).collect(),
            abbreviations: HashSet::default(),
            name_connectors: t.name_connectors.iter().map(|s| fold(s)).collect(),
            place_prepositions: t.place_prepositions.iter().map(|s| fold(s)).collect(),
            inflection: t
                .inflection_vowel_to
                .map(|to| (t.inflection_vowels.clone(), to)),
            of_words: t.of_words.iter().map(|s| fold(s)).collect(),
            nationality_after_agent: t.nationality_after_agent,
            agent_modifiers: t.agent_modifiers.iter().map(|s| fold(s)).collect(),
            home_country: t.home_country.map(|c| c.to_ascii_uppercase()),
            langid: None,
            pipeline: t
                .pipeline
                .unwrap_or_else(|| DEFAULT_PIPELINE.iter().map(|s| s.to_string()).collect()),
            files: Vec::new(),
        };
        for f in src.files(&dir)? {
            let fname = f.rel[dir.len()..].to_string();
            if fname == "abbreviations.txt" {
                pack.abbreviations = list_lines(&f.text).map(fold).collect();
            } else if fname == "langid.tsv" {
                pack.langid = Some(
                    crate::langid::Profile::parse(&f.text, &f.path).map_err(PackError::Langid)?,
                );
            } else if fname != "lang.toml" {
                pack.files.push((fname, f.path, f.text));
            }
        }
        Ok(pack)
    }

    /// The text and path of one list file of the pack (`titles.txt`), if present.
    pub fn file(&self, name: &str) -> Option<(&str, &str)> {
        self.files
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, p, t)| (p.as_str(), t.as_str()))
    }

    /// The non-comment lines of a list file, folded to lowercase.
    pub fn list(&self, name: &str) -> HashSet<String> {
        self.file(name)
            .map(|(_, t)| list_lines(t).map(fold).collect())
            .unwrap_or_default()
    }
}

fn default_iso639_3(code: &str) -> &'static str {
    match code {
        "it" => "ita",
        "en" => "eng",
        "fr" => "fra",
        "de" => "deu",
        "es" => "spa",
        "pt" => "por",
        "ru" => "rus",
        "uk" => "ukr",
        "ar" => "ara",
        _ => "",
    }
}

/// Lowercases and folds typographic apostrophes to `'`: the key used for matching.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // Fast path: byte-wise, the only ASCII apostrophe variant is the backtick.
        let mut out = s.to_ascii_lowercase();
        if out.contains('`') {
            out = out.replace('`', "'");
        }
        return out;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}
