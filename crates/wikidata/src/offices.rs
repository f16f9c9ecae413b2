//! Who held an office on a date, and name look-ups that report every entity of a name.
//!
//! [`Offices`] reads the `offices.tsv` an import writes (office names as forms of each holder,
//! one row per term, the office QID in the `position` column) and answers
//! [`Offices::holder_of`]: by office QID (`Q11696`) or by any of the office's names
//! (`President of the United States`, `presidente degli Stati Uniti`), on a date, with the same
//! date rules as the mentions stage ([`vedetta_mentions::resolve`]).
//!
//! The mentions stage needs no extra code for office phrases: loading `offices.tsv` as an
//! actor file (`--actors DIR`) makes each office name a dictionary form whose entries are its
//! holders' terms, so a mention resolves to the holder on the document's date.
//! [`resolve_name`] adds what the mentions resolver leaves out: it reports every *entity*
//! (Wikidata id) that fits a name equally well, also when they share the name.

use crate::WikidataError;
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use vedetta_data::DataFile;
use vedetta_mentions::dictionary::parse_tsv;
use vedetta_mentions::resolve::resolve;
use vedetta_mentions::ActorEntry;
use vedetta_model::PartialDate;

/// The terms of the offices of an `offices.tsv`.
#[derive(Debug, Clone, Default)]
pub struct Offices {
    entries: Vec<ActorEntry>,
    position: Vec<String>,
    by_form: HashMap<String, Vec<usize>>,
    by_position: HashMap<String, Vec<usize>>,
}

/// The answer of [`Offices::holder_of`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderOf {
    /// The term chosen (the holder's entry: name, code, Wikidata id, role, dates).
    pub holder: ActorEntry,
    /// The office QID.
    pub position: String,
    /// Why this term (`in office on 2019`, `no role on …; nearest dated role`).
    pub why: String,
    /// Other people holding the office on that date too (a hand-over day), by name.
    pub also: Vec<String>,
}

impl Offices {
    /// Reads `offices.tsv` from an import folder (or the file itself).
    pub fn load(path: &Path) -> Result<Offices, WikidataError> {
        let p = if path.is_dir() {
            path.join("offices.tsv")
        } else {
            path.to_path_buf()
        };
        let text = std::fs::read_to_string(&p).map_err(|e| WikidataError::io(p.display(), e))?;
        Offices::from_file(&DataFile {
            path: p.display().to_string(),
            rel: "offices.tsv".into(),
            text,
        })
    }

    /// Parses an `offices.tsv` (actor columns plus `position`).
    pub fn from_file(file: &DataFile) -> Result<Offices, WikidataError> {
        let entries = parse_tsv(file)?;
        // The position column, line by line (parse_tsv ignores unknown columns).
        let mut lines = file
            .text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let mut position = Vec::with_capacity(entries.len());
        if let Some((hno, header)) = lines.next() {
            let Some(col) = header.split('\t').position(|c| c.trim() == "position") else {
                return Err(WikidataError::Mapping {
                    path: format!("{}:{}", file.path, hno + 1),
                    msg: "header lacks column \"position\"".into(),
                });
            };
            for (_, l) in lines {
                position.push(l.split('\t').nth(col).unwrap_or("").trim().to_string());
            }
        }
        let mut o = Offices {
            entries,
            position,
            ..Default::default()
        };
        for (i, e) in o.entries.iter().enumerate() {
            for f in &e.forms {
                let v = o.by_form.entry(vedetta_analysis::fold(f)).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
            o.by_position
                .entry(o.position[i].clone())
                .or_default()
                .push(i);
        }
        Ok(o)
    }

    /// The office terms loaded.
    pub fn entries(&self) -> &[ActorEntry] {
        &self.entries
    }

    /// Who held `office` (a QID such as `Q11696`, or one of its names in any loaded language)
    /// on `date`: the term in force on that date, else the nearest term. `None` when the office
    /// is unknown.
    pub fn holder_of(&self, office: &str, date: PartialDate) -> Option<HolderOf> {
        let office = office.trim();
        let cands = if crate::entity::parse_qid(office).is_some() {
            self.by_position.get(office)?
        } else {
            self.by_form.get(&vedetta_analysis::fold(office))?
        };
        let r = resolve(&self.entries, cands, Some(date))?;
        let holder = self.entries[r.chosen].clone();
        let (lo, hi) = (date.first_day(), date.last_day());
        let mut also: Vec<String> = cands
            .iter()
            .map(|&i| &self.entries[i])
            .filter(|e| e.wikidata != holder.wikidata)
            .filter(|e| {
                e.start.is_none_or(|s| s.first_day() <= lo)
                    && e.end.is_none_or(|x| hi <= x.last_day())
            })
            .map(|e| e.name.clone())
            .collect();
        also.sort();
        also.dedup();
        Some(HolderOf {
            position: self.position[r.chosen].clone(),
            holder,
            why: r.why,
            also,
        })
    }
}

/// The answer of [`resolve_name`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// The entry chosen (as the mentions stage would choose it).
    pub chosen: ActorEntry,
    /// Why.
    pub why: String,
    /// One entry for each other entity (Wikidata id, else name) that fits the name equally
    /// well on that date — two people of one name are both reported.
    pub ambiguous: Vec<ActorEntry>,
}

/// Resolves a name against dictionary entries on a date like the mentions stage, and reports
/// every other entity that fits equally well (same rule of the date resolver: in office,
/// undated fallback, nearest role), comparing entities by Wikidata id.
pub fn resolve_name(
    entries: &[ActorEntry],
    name: &str,
    date: Option<PartialDate>,
) -> Option<NameMatch> {
    let key = vedetta_analysis::fold(name);
    let cands: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            entries[i]
                .forms
                .iter()
                .any(|f| vedetta_analysis::fold(f) == key)
        })
        .collect();
    let r = resolve(entries, &cands, date)?;
    let chosen = entries[r.chosen].clone();
    let id = |e: &ActorEntry| e.wikidata.clone().unwrap_or_else(|| e.name.clone());
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in &cands {
        let k = id(&entries[i]);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, v)) => v.push(i),
            None => groups.push((k, vec![i])),
        }
    }
    let rule = |why: &str| {
        why.split(';')
            .next()
            .unwrap_or(why)
            .replace(|c: char| c.is_ascii_digit(), "")
    };
    let mut ambiguous = Vec::new();
    for (k, idx) in &groups {
        if *k == id(&chosen) {
            continue;
        }
        if let Some(o) = resolve(entries, idx, date) {
            if rule(&o.why) == rule(&r.why) {
                ambiguous.push(entries[o.chosen].clone());
            }
        }
    }
    Some(NameMatch {
        chosen,
        why: r.why,
        ambiguous,
    })
}
