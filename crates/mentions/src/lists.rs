//! Per-language lists used by agent composition and name detection, compiled from a pack.

use crate::gazetteer::{Gazetteer, GazetteerBuilder};
use rustc_hash::FxHashSet as HashSet;
use vedetta_analysis::LangPack;

/// A problem in a language-pack list file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {msg}")]
pub struct ListError {
    /// File.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

/// The compiled per-language lists.
pub struct Lists {
    /// Generic agents → sector (`funzionari` → `GOV`).
    pub agents: Gazetteer<String>,
    /// Agent forms (folded) whose rows say `ner = ORG`: institutions named by a common noun
    /// (`polizia`, `governo`) that count as organisations.
    pub org_agents: HashSet<String>,
    /// Titles before names (`presidente`, `Mr.`), as token sequences.
    pub titles: Gazetteer<()>,
    /// Organisation head words, lowercase.
    pub org_keywords: HashSet<String>,
    /// Given names, lowercase.
    pub given_names: HashSet<String>,
    /// Words capitalised only at sentence start, lowercase.
    pub function_words: HashSet<String>,
    /// Head words that make a span a place (`piazza`, `Museo`), lowercase.
    pub loc_keywords: HashSet<String>,
    /// Lowercase organisation head words that join the name after them (`università`).
    pub org_prefixes: HashSet<String>,
    /// Words before an unknown name that make a place likelier (`di`), lowercase.
    pub loc_cues: HashSet<String>,
    /// Extra lowercase words joining capitalised words in one name (`of`, `for`).
    pub name_connectors: HashSet<String>,
    /// Titles kept inside a person's name (`don`, `suor`), lowercase.
    pub name_prefixes: HashSet<String>,
    /// Capitalised words that name nothing on their own (units, technical acronyms), lowercase.
    pub not_names: HashSet<String>,
}

impl Lists {
    /// Compiles the lists of `pack`.
    pub fn compile(pack: &LangPack) -> Result<Lists, ListError> {
        let mut agents = GazetteerBuilder::default();
        let mut org_agents = HashSet::default();
        if let Some((path, text)) = pack.file("agents.tsv") {
            let mut header: Option<Vec<&str>> = None;
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let f: Vec<&str> = line.split('\t').map(str::trim).collect();
                let Some(h) = &header else {
                    if !f.contains(&"forms") || !f.contains(&"sector") {
                        return Err(ListError {
                            path: path.into(),
                            line: i + 1,
                            msg: "header must name columns forms and sector".into(),
                        });
                    }
                    header = Some(f);
                    continue;
                };
                let (cf, cs) = (
                    h.iter().position(|c| *c == "forms").unwrap(),
                    h.iter().position(|c| *c == "sector").unwrap(),
                );
                let (Some(forms), Some(sector)) = (f.get(cf), f.get(cs)) else {
                    return Err(ListError {
                        path: path.into(),
                        line: i + 1,
                        msg: format!("{} columns, the header has {}", f.len(), h.len()),
                    });
                };
                if sector.len() != 3 || !sector.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(ListError {
                        path: path.into(),
                        line: i + 1,
                        msg: format!("bad sector {sector:?}: expected 3 capital letters"),
                    });
                }
                let org = h
                    .iter()
                    .position(|c| *c == "ner")
                    .and_then(|c| f.get(c))
                    .is_some_and(|v| *v == "ORG");
                for form in forms.split('|').map(str::trim).filter(|s| !s.is_empty()) {
                    agents.add(form, pack, sector.to_string());
                    if org {
                        org_agents.insert(vedetta_analysis::fold(form));
                    }
                }
            }
        }
        let mut titles = GazetteerBuilder::default();
        for t in pack.list("titles.txt") {
            titles.add(&t, pack, ());
        }
        Ok(Lists {
            agents: agents.build(),
            org_agents,
            titles: titles.build(),
            org_keywords: pack.list("org_keywords.txt"),
            given_names: pack.list("given_names.txt"),
            function_words: pack.list("function_words.txt"),
            loc_keywords: pack.list("loc_keywords.txt"),
            not_names: pack.list("not_names.txt"),
            org_prefixes: pack.list("org_prefixes.txt"),
            loc_cues: pack.list("loc_cues.txt"),
            name_connectors: pack.list("name_connectors.txt"),
            name_prefixes: pack.list("name_prefixes.txt"),
        })
    }
}
