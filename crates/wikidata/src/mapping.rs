//! The editable mapping from Wikidata to actor codes: `data/wikidata/classes.toml` (classes of
//! positions, occupations, organisations and places), `positions.toml` (well-known offices) and
//! `countries.tsv` (country QID → ISO 3166-1 alpha-3 fallback).

use crate::entity::parse_qid;
use crate::WikidataError;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use vedetta_data::{DataFile, DataSource};
use vedetta_model::{is_valid_code, MentionKind};

/// What an organisation class maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgClass {
    /// Dictionary kind (`party`, `media`, `igo`, `ngo`, `org`, `armed_group`).
    pub kind: MentionKind,
    /// Sector appended to the country (`PTY`), maybe empty.
    pub sector: String,
    /// Code when the item has no country (`IGO`, `NGO`, `MNC`); `None`: skip such items.
    pub stateless: Option<String>,
    /// The class label (for messages).
    pub label: String,
}

/// A well-known position from `positions.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPosition {
    /// Country (or top-level) code of the holders (`USA`, `IGO`).
    pub country: String,
    /// Sector code (`GOV`).
    pub sector: String,
    /// English label (documentation and fallback role).
    pub label: String,
}

/// A label keyword rule for positions no class maps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    /// Language of the label it reads.
    pub lang: String,
    /// Lowercase words or phrases.
    pub words: Vec<String>,
    /// Sector they give.
    pub sector: String,
}

/// The whole mapping.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// P31 of people (`Q5`).
    pub human: u64,
    /// Position classes in priority order: (class, sector; empty = generic).
    pub position_classes: Vec<(u64, String)>,
    /// Position classes that are never imported.
    pub ignore_positions: HashSet<u64>,
    /// Label keyword rules, in priority order.
    pub keywords: Vec<Keyword>,
    /// Occupations in priority order: (class, sector, label).
    pub occupations: Vec<(u64, String, String)>,
    /// Organisation classes in priority order.
    pub organisations: Vec<(u64, OrgClass)>,
    /// Place classes.
    pub places: HashSet<u64>,
    /// Well-known positions.
    pub positions: HashMap<u64, KnownPosition>,
    /// Country QID → alpha-3 (fallback table).
    pub countries: HashMap<u64, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassesFile {
    human: String,
    #[serde(default)]
    position: Vec<PosClass>,
    #[serde(default)]
    ignore_positions: Vec<String>,
    #[serde(default)]
    keyword: Vec<KeywordRow>,
    #[serde(default)]
    occupation: Vec<OccRow>,
    #[serde(default)]
    organisation: Vec<OrgRow>,
    #[serde(default)]
    places: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PosClass {
    class: String,
    #[serde(default)]
    label: String,
    sector: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordRow {
    lang: String,
    words: Vec<String>,
    sector: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OccRow {
    class: String,
    #[serde(default)]
    label: String,
    sector: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgRow {
    class: String,
    #[serde(default)]
    label: String,
    kind: String,
    sector: String,
    #[serde(default)]
    stateless: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PositionsFile {
    #[serde(default)]
    position: Vec<PositionRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PositionRow {
    qid: String,
    label: String,
    country: String,
    sector: String,
}

fn sector_ok(s: &str) -> bool {
    s.as_bytes().chunks(3).all(|c| c.len() == 3) && s.bytes().all(|b| b.is_ascii_uppercase())
}

impl Mapping {
    /// Loads `wikidata/classes.toml`, `wikidata/positions.toml` and `wikidata/countries.tsv`
    /// from a data source (the embedded `data/` by default).
    pub fn load(src: &DataSource) -> Result<Mapping, WikidataError> {
        let get = |rel: &str| -> Result<DataFile, WikidataError> {
            src.file(rel)?.ok_or_else(|| WikidataError::Mapping {
                path: rel.to_string(),
                msg: "missing from the data folder".into(),
            })
        };
        Mapping::from_files(
            &get("wikidata/classes.toml")?,
            &get("wikidata/positions.toml")?,
            &get("wikidata/countries.tsv")?,
        )
    }

    /// Builds the mapping from the three files' contents.
    pub fn from_files(
        classes: &DataFile,
        positions: &DataFile,
        countries: &DataFile,
    ) -> Result<Mapping, WikidataError> {
        let bad = |f: &DataFile, msg: String| WikidataError::Mapping {
            path: f.path.clone(),
            msg,
        };
        let qid =
            |f: &DataFile, s: &str| parse_qid(s).ok_or_else(|| bad(f, format!("bad QID {s:?}")));
        let c: ClassesFile =
            toml::from_str(&classes.text).map_err(|e| bad(classes, e.to_string()))?;
        let mut m = Mapping {
            human: qid(classes, &c.human)?,
            ..Mapping::default()
        };
        for p in c.position {
            if !sector_ok(&p.sector) {
                return Err(bad(
                    classes,
                    format!("position class {}: bad sector {:?}", p.class, p.sector),
                ));
            }
            let _ = p.label;
            m.position_classes.push((qid(classes, &p.class)?, p.sector));
        }
        for q in c.ignore_positions {
            m.ignore_positions.insert(qid(classes, &q)?);
        }
        for k in c.keyword {
            if k.sector.is_empty() || !sector_ok(&k.sector) {
                return Err(bad(
                    classes,
                    format!("keyword rule: bad sector {:?}", k.sector),
                ));
            }
            m.keywords.push(Keyword {
                lang: k.lang,
                words: k.words.iter().map(|w| w.to_lowercase()).collect(),
                sector: k.sector,
            });
        }
        for o in c.occupation {
            if !sector_ok(&o.sector) {
                return Err(bad(
                    classes,
                    format!("occupation {}: bad sector {:?}", o.class, o.sector),
                ));
            }
            m.occupations
                .push((qid(classes, &o.class)?, o.sector, o.label));
        }
        for o in c.organisation {
            let kind = MentionKind::parse(&o.kind).ok_or_else(|| {
                bad(
                    classes,
                    format!("organisation {}: unknown kind {:?}", o.class, o.kind),
                )
            })?;
            if !sector_ok(&o.sector) {
                return Err(bad(
                    classes,
                    format!("organisation {}: bad sector {:?}", o.class, o.sector),
                ));
            }
            let stateless = (!o.stateless.is_empty()).then_some(o.stateless);
            if let Some(s) = &stateless {
                if !is_valid_code(s) {
                    return Err(bad(
                        classes,
                        format!("organisation {}: bad stateless code {s:?}", o.class),
                    ));
                }
            }
            m.organisations.push((
                qid(classes, &o.class)?,
                OrgClass {
                    kind,
                    sector: o.sector,
                    stateless,
                    label: o.label,
                },
            ));
        }
        for p in c.places {
            m.places.insert(qid(classes, &p)?);
        }
        let p: PositionsFile =
            toml::from_str(&positions.text).map_err(|e| bad(positions, e.to_string()))?;
        for row in p.position {
            let code = format!("{}{}", row.country, row.sector);
            if !is_valid_code(&code) || row.country.len() != 3 {
                return Err(bad(
                    positions,
                    format!("{}: bad country/sector {code:?}", row.qid),
                ));
            }
            let q = qid(positions, &row.qid)?;
            if m.positions
                .insert(
                    q,
                    KnownPosition {
                        country: row.country,
                        sector: row.sector,
                        label: row.label,
                    },
                )
                .is_some()
            {
                return Err(bad(positions, format!("{} is listed twice", row.qid)));
            }
        }
        let mut header = false;
        for (i, line) in countries.text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header {
                header = true;
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(q), Some(a)) = (f.first().and_then(|q| parse_qid(q)), f.get(1)) else {
                return Err(bad(
                    countries,
                    format!("line {}: expected QID<TAB>alpha-3", i + 1),
                ));
            };
            if a.len() != 3 || !a.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(bad(countries, format!("line {}: bad alpha-3 {a:?}", i + 1)));
            }
            m.countries.insert(q, a.to_string());
        }
        Ok(m)
    }

    /// The sector of a position by its classes (P31 ∪ P279), first listed class first:
    /// `Some("")` for a generic position class, `None` when no class is listed.
    pub fn position_class_sector(&self, classes: &[u64]) -> Option<&str> {
        self.position_classes
            .iter()
            .find(|(c, _)| classes.contains(c))
            .map(|(_, s)| s.as_str())
    }

    /// True when an item with these classes is a position to keep.
    pub fn is_position(&self, qid: u64, classes: &[u64]) -> bool {
        self.positions.contains_key(&qid)
            || (self.position_class_sector(classes).is_some()
                && !classes.iter().any(|c| self.ignore_positions.contains(c)))
    }

    /// The sector the label keywords give, trying each `(lang, label)`.
    pub fn keyword_sector(&self, labels: &[(String, String)]) -> Option<&str> {
        for k in &self.keywords {
            for (lang, label) in labels {
                if *lang != k.lang {
                    continue;
                }
                let l = format!(" {} ", label.to_lowercase());
                let l: String = l
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect();
                if k.words.iter().any(|w| l.contains(&format!(" {w} "))) {
                    return Some(&k.sector);
                }
            }
        }
        None
    }

    /// The first organisation class among `classes`.
    pub fn org_class(&self, classes: &[u64]) -> Option<&OrgClass> {
        self.organisations
            .iter()
            .find(|(c, _)| classes.contains(c))
            .map(|(_, o)| o)
    }

    /// The first occupation among `occupations`: (sector, label).
    pub fn occupation(&self, occupations: &[u64]) -> Option<(&str, &str)> {
        self.occupations
            .iter()
            .find(|(c, _, _)| occupations.contains(c))
            .map(|(_, s, l)| (s.as_str(), l.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_mapping_loads() {
        let m = Mapping::load(&DataSource::Embedded).unwrap();
        assert_eq!(m.human, 5);
        assert_eq!(m.positions[&11696].country, "USA");
        assert_eq!(m.countries[&38], "ITA");
        assert_eq!(m.position_class_sector(&[4164871, 48352]), Some("GOV"));
        assert_eq!(m.position_class_sector(&[4164871]), Some(""));
        assert_eq!(
            m.keyword_sector(&[("en".into(), "Minister of Defence (Ruritania)".into())]),
            Some("GOV")
        );
        assert_eq!(
            m.keyword_sector(&[("en".into(), "Chief of Staff of the Army".into())]),
            Some("MIL")
        );
        assert_eq!(m.org_class(&[7278]).unwrap().kind, MentionKind::Party);
    }
}
