//! The fields read from one Wikidata entity, and the compact [`Record`] they become.
//!
//! Only labels and aliases in the wanted languages and the claims P31, P279, P39 (with
//! qualifiers P580, P582, P1001, P642), P17, P27, P106, P102, P298, P570, P571, P576 are
//! deserialised; everything else (descriptions, sitelinks, references, other claims) is skipped
//! by serde without being stored. Empty maps written as `[]` (as the dumps do) are accepted.

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use vedetta_model::PartialDate;

thread_local! {
    static WANTED_LANGS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn wanted(lang: &str) -> bool {
    WANTED_LANGS.with(|w| w.borrow().iter().any(|l| l == lang))
}

/// A map keyed by language code keeping only the wanted languages (see [`parse_entity`]).
#[derive(Debug)]
struct LangMap<T>(Vec<(String, T)>);

impl<T> Default for LangMap<T> {
    fn default() -> Self {
        LangMap(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LangMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = LangMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of languages")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key::<Cow<'de, str>>()? {
                    if wanted(&k) {
                        out.push((k.into_owned(), m.next_value::<T>()?));
                    } else {
                        m.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(LangMap(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LangMap(Vec::new()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Debug, Deserialize)]
struct Term<'a> {
    #[serde(borrow)]
    value: Cow<'a, str>,
}

#[derive(Debug, Deserialize)]
struct Snak {
    #[serde(default)]
    datavalue: Option<DataValue>,
}

#[derive(Debug, Deserialize)]
struct DataValue {
    value: serde_json::Value,
}

#[derive(Debug, Deserialize)]
struct Statement {
    mainsnak: Snak,
    #[serde(default)]
    qualifiers: Props<Vec<Snak>>,
    #[serde(default)]
    rank: Option<String>,
}

/// The properties read, as indices into [`PROPS`].
const PROPS: [&str; 16] = [
    "P31", "P279", "P39", "P17", "P27", "P106", "P102", "P298", "P570", "P571", "P576", "P580",
    "P582", "P1001", "P642", "P159",
];

fn prop_index(p: &str) -> Option<usize> {
    PROPS.iter().position(|x| *x == p)
}

/// A claims or qualifiers map keeping only the properties of [`PROPS`].
#[derive(Debug)]
struct Props<T>(Vec<(usize, T)>);

impl<T> Default for Props<T> {
    fn default() -> Self {
        Props(Vec::new())
    }
}

impl<T> Props<T> {
    fn get(&self, p: &str) -> Option<&T> {
        let i = prop_index(p)?;
        self.0.iter().find(|(k, _)| *k == i).map(|(_, v)| v)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Props<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Props<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of properties")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key::<Cow<'de, str>>()? {
                    match prop_index(&k) {
                        Some(i) => out.push((i, m.next_value::<T>()?)),
                        None => {
                            m.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Props(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Props(Vec::new()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Debug, Deserialize)]
struct RawEntity<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(default, borrow)]
    labels: LangMap<Term<'a>>,
    #[serde(default, borrow)]
    aliases: LangMap<Vec<Term<'a>>>,
    #[serde(default)]
    claims: Props<Vec<Statement>>,
}

/// One P39 (position held) statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// The position item (numeric part of its QID).
    pub position: u64,
    /// P580 start time.
    #[serde(with = "opt_date")]
    pub start: Option<PartialDate>,
    /// P582 end time.
    #[serde(with = "opt_date")]
    pub end: Option<PartialDate>,
    /// P1001 (applies to jurisdiction) and P642 (of) qualifiers.
    pub jurisdiction: Vec<u64>,
}

/// The fields of one entity that the import uses. QIDs are kept as their numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Numeric part of the QID.
    pub qid: u64,
    /// Labels in the wanted languages: (language, label).
    pub labels: Vec<(String, String)>,
    /// Aliases in the wanted languages: (language, alias).
    pub aliases: Vec<(String, String)>,
    /// P31 instance of.
    pub instance_of: Vec<u64>,
    /// P279 subclass of.
    pub subclass_of: Vec<u64>,
    /// P39 position held.
    pub held: Vec<Held>,
    /// P17 country.
    pub country: Vec<u64>,
    /// P27 country of citizenship.
    pub citizenship: Vec<u64>,
    /// P106 occupation.
    pub occupation: Vec<u64>,
    /// P102 member of political party.
    pub party: Vec<u64>,
    /// P1001 applies to jurisdiction.
    pub jurisdiction: Vec<u64>,
    /// P298 ISO 3166-1 alpha-3 code.
    pub alpha3: Option<String>,
    /// P570 date of death.
    #[serde(with = "opt_date")]
    pub died: Option<PartialDate>,
    /// P571 inception.
    #[serde(with = "opt_date")]
    pub inception: Option<PartialDate>,
    /// P576 dissolved, abolished or demolished.
    #[serde(with = "opt_date")]
    pub dissolved: Option<PartialDate>,
}

impl Record {
    /// `Q` + number.
    pub fn qid_string(&self) -> String {
        format!("Q{}", self.qid)
    }
}

/// Serde for `Option<PartialDate>` as `"YYYY[-MM[-DD]]"` or null (the spill file format).
mod opt_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use vedetta_model::PartialDate;

    pub fn serialize<S: Serializer>(d: &Option<PartialDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PartialDate>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        s.map(|s| PartialDate::parse(&s).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Parses a `Q123` id to its number.
pub fn parse_qid(s: &str) -> Option<u64> {
    let n = s.strip_prefix('Q')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

fn item_of(v: &serde_json::Value) -> Option<u64> {
    if let Some(id) = v.get("id").and_then(|x| x.as_str()) {
        return parse_qid(id);
    }
    match v.get("numeric-id") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// A Wikidata time value (`+2019-01-20T00:00:00Z` with precision 11 = day, 10 = month,
/// 9 = year) as a [`PartialDate`]. Coarser precisions, BCE dates and years past 9999 give
/// `None`; a day or month written as `00` lowers the precision.
pub fn wikidata_time(time: &str, precision: u64) -> Option<PartialDate> {
    if precision < 9 {
        return None;
    }
    let t = time.strip_prefix('+')?;
    let mut parts = t.split(['-', 'T']);
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&y) {
        return None;
    }
    let y = y as i16;
    if precision == 9 || m == 0 {
        return Some(PartialDate::year(y));
    }
    if !(1..=12).contains(&m) {
        return None;
    }
    if precision == 10 || d == 0 {
        return Some(PartialDate::month(y, m));
    }
    PartialDate::ymd(y, m, d)
        .ok()
        .or(Some(PartialDate::month(y, m)))
}

fn time_of(v: &serde_json::Value) -> Option<PartialDate> {
    let t = v.get("time")?.as_str()?;
    let p = v.get("precision")?.as_u64()?;
    wikidata_time(t, p)
}

fn usable(s: &Statement) -> bool {
    s.rank.as_deref() != Some("deprecated")
}

fn items(p: Option<&Vec<Statement>>) -> Vec<u64> {
    let mut out: Vec<u64> = p
        .into_iter()
        .flatten()
        .filter(|s| usable(s))
        .filter_map(|s| {
            s.mainsnak
                .datavalue
                .as_ref()
                .and_then(|d| item_of(&d.value))
        })
        .collect();
    dedup_keep_order(&mut out);
    out
}

fn dedup_keep_order(v: &mut Vec<u64>) {
    let mut seen = Vec::with_capacity(v.len());
    v.retain(|x| {
        if seen.contains(x) {
            false
        } else {
            seen.push(*x);
            true
        }
    });
}

/// Preferred-rank statements first, as Wikidata means them to be read.
fn first_time(p: Option<&Vec<Statement>>) -> Option<PartialDate> {
    let mut v: Vec<&Statement> = p.into_iter().flatten().filter(|s| usable(s)).collect();
    v.sort_by_key(|s| s.rank.as_deref() != Some("preferred"));
    v.iter().find_map(|s| {
        s.mainsnak
            .datavalue
            .as_ref()
            .and_then(|d| time_of(&d.value))
    })
}

fn qual_time(q: &Props<Vec<Snak>>, p: &str) -> Option<PartialDate> {
    q.get(p)?
        .iter()
        .find_map(|s| s.datavalue.as_ref().and_then(|d| time_of(&d.value)))
}

fn qual_items(q: &Props<Vec<Snak>>, p: &str) -> Vec<u64> {
    q.get(p)
        .into_iter()
        .flatten()
        .filter_map(|s| s.datavalue.as_ref().and_then(|d| item_of(&d.value)))
        .collect()
}

/// Parses one entity's JSON, keeping labels and aliases in `langs`. Entities that are not items
/// (properties `P…`, lexemes `L…`) give `Ok(None)`.
pub fn parse_entity(json: &[u8], langs: &[String]) -> Result<Option<Record>, String> {
    WANTED_LANGS.with(|w| {
        let mut w = w.borrow_mut();
        if w.as_slice() != langs {
            *w = langs.to_vec();
        }
    });
    let raw: RawEntity = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    let Some(qid) = parse_qid(&raw.id) else {
        return Ok(None);
    };
    let c = &raw.claims;
    let held = c
        .get("P39")
        .into_iter()
        .flatten()
        .filter(|s| usable(s))
        .filter_map(|s| {
            let position = s
                .mainsnak
                .datavalue
                .as_ref()
                .and_then(|d| item_of(&d.value))?;
            let mut jurisdiction = qual_items(&s.qualifiers, "P1001");
            jurisdiction.extend(qual_items(&s.qualifiers, "P642"));
            Some(Held {
                position,
                start: qual_time(&s.qualifiers, "P580"),
                end: qual_time(&s.qualifiers, "P582"),
                jurisdiction,
            })
        })
        .collect();
    let alpha3 = c
        .get("P298")
        .into_iter()
        .flatten()
        .filter(|s| usable(s))
        .find_map(|s| {
            let v = s.mainsnak.datavalue.as_ref()?.value.as_str()?;
            (v.len() == 3 && v.bytes().all(|b| b.is_ascii_uppercase())).then(|| v.to_string())
        });
    let mut labels = Vec::new();
    for (lang, t) in raw.labels.0 {
        labels.push((lang, t.value.into_owned()));
    }
    let mut aliases = Vec::new();
    for (lang, ts) in raw.aliases.0 {
        for t in ts {
            aliases.push((lang.clone(), t.value.into_owned()));
        }
    }
    Ok(Some(Record {
        qid,
        labels,
        aliases,
        instance_of: items(c.get("P31")),
        subclass_of: items(c.get("P279")),
        held,
        country: items(c.get("P17")),
        citizenship: items(c.get("P27")),
        occupation: items(c.get("P106")),
        party: items(c.get("P102")),
        jurisdiction: items(c.get("P1001")),
        alpha3,
        died: first_time(c.get("P570")),
        inception: first_time(c.get("P571")),
        dissolved: first_time(c.get("P576")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_precision() {
        assert_eq!(
            wikidata_time("+2021-01-20T00:00:00Z", 11)
                .unwrap()
                .to_string(),
            "2021-01-20"
        );
        assert_eq!(
            wikidata_time("+2021-01-00T00:00:00Z", 11)
                .unwrap()
                .to_string(),
            "2021-01"
        );
        assert_eq!(
            wikidata_time("+2021-05-17T00:00:00Z", 10)
                .unwrap()
                .to_string(),
            "2021-05"
        );
        assert_eq!(
            wikidata_time("+1998-00-00T00:00:00Z", 9)
                .unwrap()
                .to_string(),
            "1998"
        );
        assert_eq!(wikidata_time("+1990-00-00T00:00:00Z", 8), None);
        assert_eq!(wikidata_time("-0044-03-15T00:00:00Z", 11), None);
    }

    #[test]
    fn parses_the_fields_it_needs_and_skips_the_rest() {
        let json = br#"{"type":"item","id":"Q76","labels":{"en":{"language":"en","value":"Barack Obama"},"fr":{"language":"fr","value":"Barack Obama"},"it":{"language":"it","value":"Barack Obama"}},"descriptions":[],"aliases":{"en":[{"language":"en","value":"Obama"}]},"claims":{"P31":[{"mainsnak":{"snaktype":"value","property":"P31","datavalue":{"value":{"entity-type":"item","numeric-id":5,"id":"Q5"},"type":"wikibase-entityid"},"datatype":"wikibase-item"},"type":"statement","rank":"normal","references":[{"snaks":{}}]}],"P569":[{"mainsnak":{"snaktype":"value","property":"P569","datavalue":{"value":{"time":"+1961-08-04T00:00:00Z","precision":11},"type":"time"}},"rank":"normal"}],"P39":[{"mainsnak":{"snaktype":"value","property":"P39","datavalue":{"value":{"entity-type":"item","numeric-id":11696,"id":"Q11696"},"type":"wikibase-entityid"}},"qualifiers":{"P580":[{"snaktype":"value","property":"P580","datavalue":{"value":{"time":"+2009-01-20T00:00:00Z","precision":11},"type":"time"}}],"P582":[{"snaktype":"value","property":"P582","datavalue":{"value":{"time":"+2017-01-20T00:00:00Z","precision":11},"type":"time"}}]},"rank":"normal"},{"mainsnak":{"snaktype":"somevalue","property":"P39"},"rank":"normal"}]},"sitelinks":{}}"#;
        let r = parse_entity(json, &["it".into(), "en".into()])
            .unwrap()
            .unwrap();
        assert_eq!(r.qid, 76);
        assert_eq!(r.labels.len(), 2);
        assert_eq!(r.aliases, [("en".to_string(), "Obama".to_string())]);
        assert_eq!(r.instance_of, [5]);
        assert_eq!(r.held.len(), 1);
        assert_eq!(r.held[0].position, 11696);
        assert_eq!(r.held[0].start.unwrap().to_string(), "2009-01-20");
        assert_eq!(r.held[0].end.unwrap().to_string(), "2017-01-20");
    }

    #[test]
    fn empty_maps_written_as_arrays_are_accepted() {
        let r = parse_entity(
            br#"{"id":"Q1","labels":[],"aliases":[],"claims":[]}"#,
            &["en".into()],
        )
        .unwrap()
        .unwrap();
        assert!(r.labels.is_empty() && r.instance_of.is_empty());
        assert_eq!(
            parse_entity(br#"{"id":"P31","labels":{}}"#, &["en".into()]).unwrap(),
            None
        );
        assert!(parse_entity(br#"{"id":"Q1","labels":{"#, &["en".into()]).is_err());
    }
}
