//! Language analysis: which language a document is in, its sentences and tokens.
//!
//! Everything language-specific comes from a [`LangPack`] (`data/lang/<iso>/`): elisions,
//! clitics, abbreviation lists, the Snowball stemmer. Adding a language means adding a pack.

pub mod langid;
mod pack;
pub mod sentences;
pub mod tokenize;

use std::collections::BTreeMap;

pub use pack::{fold, LangPack, PackError, DEFAULT_PIPELINE};
use vedetta_data::DataSource;
use vedetta_model::{Analysis, Document};

/// How many bytes of a document the general language identifier looks at.
const LANGID_BYTES: usize = 2048;

/// Posterior a pack's trigram profile needs to decide alone.
const PROFILE_SURE: f32 = 0.95;

/// How much worse than its own language's text (mean log P per trigram) a text may fit the
/// best profile and still be taken as that language; below, the general identifier decides
/// (another language fits every profile badly).
const PROFILE_FIT: f32 = -1.2;

/// Errors analysing one document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    /// The language has no pack.
    #[error("language {lang:?} ({how}) has no language pack (available: {available}); pass --lang to force one")]
    UnknownLanguage {
        /// The language code.
        lang: String,
        /// `declared` or `detected`.
        how: &'static str,
        /// Packs available.
        available: String,
    },
    /// The language could not be identified.
    #[error("the language could not be identified (too little text?); pass --lang")]
    Undetected,
}

/// The analyser: loaded language packs and a language identifier.
pub struct Analyzer {
    packs: BTreeMap<String, LangPack>,
    detector: whatlang::Detector,
    allow: whatlang::Detector,
}

impl Analyzer {
    /// Loads every language pack found in `src`.
    pub fn load(src: &DataSource) -> Result<Analyzer, PackError> {
        let mut packs = BTreeMap::new();
        for code in src.languages()? {
            packs.insert(code.clone(), LangPack::load(src, &code)?);
        }
        let allowed: Vec<whatlang::Lang> = packs
            .values()
            .filter_map(|p| whatlang::Lang::from_code(&p.iso639_3))
            .collect();
        Ok(Analyzer {
            detector: whatlang::Detector::new(),
            allow: whatlang::Detector::with_allowlist(allowed),
            packs,
        })
    }

    /// The pack for a language code, if loaded.
    pub fn pack(&self, code: &str) -> Option<&LangPack> {
        self.packs.get(code)
    }

    /// Codes of the loaded packs.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.packs.keys().map(String::as_str)
    }

    /// Identifies the language of `text` as a pack code, or the ISO 639-3 code of another
    /// language. Returns `None` when nothing can be said.
    pub fn identify(&self, text: &str) -> Option<String> {
        self.identify_with_confidence(text).map(|(l, _)| l)
    }

    /// Like [`Analyzer::identify`], with how sure it is (0–1).
    ///
    /// The packs' own trigram profiles (`langid.tsv`) decide first, from the first few
    /// hundred bytes: when one is clearly more likely than the others (posterior ≥ 0.95) and
    /// the text fits it about as well as text of its language does, that pack wins. Otherwise
    /// (other languages, mixed or very short text) the general identifier (whatlang) decides,
    /// as before: a pack language it names wins, a reliably detected other language is
    /// returned by its ISO 639-3 code (and refused later), else the best pack language.
    pub fn identify_with_confidence(&self, text: &str) -> Option<(String, f32)> {
        let packs: Vec<&LangPack> = self.packs.values().filter(|p| p.langid.is_some()).collect();
        let profiles: Vec<&langid::Profile> =
            packs.iter().filter_map(|p| p.langid.as_ref()).collect();
        let guess = langid::guess(&profiles, text);
        if let Some(g) = &guess {
            if g.confidence >= PROFILE_SURE && g.fit >= PROFILE_FIT {
                return Some((packs[g.best].code.clone(), g.confidence));
            }
        }
        let mut end = text.len().min(LANGID_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = &text[..end];
        let info = self.detector.detect(sample);
        if let Some(info) = &info {
            if let Some(p) = self
                .packs
                .values()
                .find(|p| p.iso639_3 == info.lang().code())
            {
                return Some((p.code.clone(), info.confidence() as f32));
            }
            if info.is_reliable() {
                return Some((info.lang().code().to_string(), info.confidence() as f32));
            }
        }
        // Neither is sure: the profiles' best guess, else the restricted identifier's.
        if let Some(g) = guess {
            return Some((packs[g.best].code.clone(), g.confidence.min(0.5)));
        }
        let info = self.allow.detect(sample)?;
        self.packs
            .values()
            .find(|p| p.iso639_3 == info.lang().code())
            .map(|p| (p.code.clone(), info.confidence() as f32))
    }

    /// Analyses a document. `force` overrides both the declared and the detected language.
    pub fn analyze(&self, doc: Document, force: Option<&str>) -> Result<Analysis, AnalysisError> {
        let (lang, how, confidence) = match (force, doc.lang.as_deref()) {
            (Some(f), _) => (normalise_lang(f), "forced", None),
            (None, Some(d)) => (normalise_lang(d), "declared", None),
            (None, None) => {
                let (l, c) = self
                    .identify_with_confidence(&doc.text)
                    .ok_or(AnalysisError::Undetected)?;
                (l, "detected", Some(c))
            }
        };
        let Some(pack) = self.packs.get(&lang) else {
            return Err(AnalysisError::UnknownLanguage {
                lang,
                how,
                available: self.packs.keys().cloned().collect::<Vec<_>>().join(", "),
            });
        };
        let tokens = tokenize::tokenize(&doc.text, pack);
        let sentences = sentences::split(&doc.text, &tokens);
        Ok(Analysis {
            doc,
            lang,
            lang_source: how,
            lang_confidence: confidence,
            sentences,
            tokens,
        })
    }
}

/// `it-IT`, `ITA`, `Italian` → `it` for the languages we know; other values lowercased.
pub fn normalise_lang(s: &str) -> String {
    let l = s.trim().to_ascii_lowercase();
    let base = l.split(['-', '_']).next().unwrap_or("");
    match base {
        "ita" | "italian" | "italiano" => "it".into(),
        "eng" | "english" | "inglese" => "en".into(),
        _ => base.to_string(),
    }
}

/// The stems of an analysed text, space-separated, punctuation left out: the stemmed copy the
/// store indexes beside the text for full-text search.
pub fn stemmed_text(an: &Analysis) -> String {
    let stems: Vec<&str> = an
        .tokens
        .iter()
        .filter(|t| !matches!(t.shape, vedetta_model::Shape::Punct))
        .map(|t| t.stem.as_str())
        .collect();
    stems.join(" ")
}

/// The stemmed forms of a full-text query `q`, one string of space-separated stems per
/// language tried: `lang` only when given, else every loaded language pack. Languages the
/// analyser cannot use are skipped. The store matches these against [`stemmed_text`] as
/// alternatives to `q` itself.
pub fn stem_query(analyzer: &Analyzer, q: &str, lang: Option<&str>) -> Vec<String> {
    let langs: Vec<String> = match lang {
        Some(l) => vec![l.to_string()],
        None => analyzer.languages().map(str::to_string).collect(),
    };
    let mut out = Vec::new();
    for l in langs {
        let d = vedetta_model::Document {
            id: "q".into(),
            source: "q".into(),
            date: None,
            lang: None,
            title: None,
            url: None,
            text: q.to_string(),
        };
        if let Ok(an) = analyzer.analyze(d, Some(&l)) {
            out.push(stemmed_text(&an));
        }
    }
    out
}

#[cfg(test)]
mod tests;
