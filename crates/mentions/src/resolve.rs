//! Date-aware choice among the dictionary entries that share a surface form.
//!
//! A mention in a document dated D resolves to the entries whose validity overlaps D (those
//! covering all of D first); failing that to the undated fallback entries of that form;
//! failing that to the nearest dated entry. With no document date, current entries (no end)
//! come first. When the chosen entries name more than one entity, the mention is ambiguous.

use crate::dictionary::ActorEntry;
use vedetta_model::PartialDate;

type Ymd = (i16, u8, u8);

/// The outcome of resolving one mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The chosen entry (index into the entries given).
    pub chosen: usize,
    /// Why it was chosen.
    pub why: String,
    /// Names of other entities that fit equally well.
    pub ambiguous_with: Vec<String>,
    /// The chosen entry is a person's dated office and the date lies outside it: the
    /// mention is coded by the entry's country alone (no sector, no role), since a person
    /// is never given an office outside its dates.
    pub country_only: bool,
}

fn bounds(e: &ActorEntry) -> (Ymd, Ymd) {
    (
        e.start.map(|d| d.first_day()).unwrap_or((i16::MIN, 1, 1)),
        e.end.map(|d| d.last_day()).unwrap_or((i16::MAX, 12, 31)),
    )
}

fn days(d: Ymd) -> i64 {
    d.0 as i64 * 372 + d.1 as i64 * 31 + d.2 as i64
}

/// Chooses among `cands` (indices into `entries`) for a document dated `date`.
pub fn resolve(
    entries: &[ActorEntry],
    cands: &[usize],
    date: Option<PartialDate>,
) -> Option<Resolution> {
    if cands.is_empty() {
        return None;
    }
    let dated: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&i| entries[i].is_dated())
        .collect();
    // An undated row repeating one of the entity's dated offices (same code) is that office
    // without its dates: not a fallback outside them.
    let same_entity = |a: &ActorEntry, b: &ActorEntry| match (&a.wikidata, &b.wikidata) {
        (Some(x), Some(y)) => x == y,
        _ => a.name == b.name,
    };
    let undated: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&i| !entries[i].is_dated())
        .filter(|&i| {
            !dated.iter().any(|&j| {
                entries[j].code == entries[i].code && same_entity(&entries[i], &entries[j])
            })
        })
        .collect();
    let mut country_only = false;
    let (pool, why): (Vec<usize>, String) = match date {
        Some(d) => {
            let (lo, hi) = (d.first_day(), d.last_day());
            let covering: Vec<usize> = dated
                .iter()
                .copied()
                .filter(|&i| bounds(&entries[i]).0 <= lo && hi <= bounds(&entries[i]).1)
                .collect();
            let overlapping: Vec<usize> = dated
                .iter()
                .copied()
                .filter(|&i| bounds(&entries[i]).0 <= hi && lo <= bounds(&entries[i]).1)
                .collect();
            if !covering.is_empty() {
                (covering, format!("in office on {d}"))
            } else if !overlapping.is_empty() {
                (overlapping, format!("in office during part of {d}"))
            } else if !undated.is_empty() {
                (undated, format!("no dated role on {d}; undated entry"))
            } else {
                let target = days(lo);
                let nearest = *dated
                    .iter()
                    .min_by_key(|&&i| {
                        let (s, e) = bounds(&entries[i]);
                        (days(s) - target).abs().min((days(e) - target).abs())
                    })
                    .expect("dated is not empty");
                if entries[nearest].kind == vedetta_model::MentionKind::Person {
                    country_only = true;
                    (
                        vec![nearest],
                        format!("no office on {d} (nearest term at another date): country only"),
                    )
                } else {
                    (vec![nearest], format!("no role on {d}; nearest dated role"))
                }
            }
        }
        None => {
            let current: Vec<usize> = dated
                .iter()
                .copied()
                .filter(|&i| entries[i].end.is_none())
                .collect();
            if !current.is_empty() {
                (current, "document undated; current role".to_string())
            } else if !undated.is_empty() {
                (undated, "document undated; undated entry".to_string())
            } else {
                let latest = *dated
                    .iter()
                    .max_by_key(|&&i| days(bounds(&entries[i]).1))
                    .expect("not empty");
                (vec![latest], "document undated; latest role".to_string())
            }
        }
    };
    let chosen = pool[0];
    // An entity is its Wikidata id when it has one, else its name: two people of one name
    // with different ids are ambiguous, and are told apart by their ids.
    let identity = |i: usize| -> (&str, &str) {
        let e = &entries[i];
        (e.wikidata.as_deref().unwrap_or(""), e.name.as_str())
    };
    let me = identity(chosen);
    let mut others: Vec<String> = pool
        .iter()
        .filter(|&&i| {
            let (q, n) = identity(i);
            if q.is_empty() || me.0.is_empty() {
                n != me.1
            } else {
                q != me.0
            }
        })
        .map(|&i| {
            let (q, n) = identity(i);
            if n == me.1 && !q.is_empty() {
                format!("{n} ({q})")
            } else {
                n.to_string()
            }
        })
        .collect();
    others.sort();
    others.dedup();
    Some(Resolution {
        chosen,
        why,
        ambiguous_with: others,
        country_only,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use vedetta_model::MentionKind;

    fn e(name: &str, code: &str, start: Option<&str>, end: Option<&str>) -> ActorEntry {
        ActorEntry {
            forms: vec![name.into()],
            code: code.into(),
            kind: MentionKind::Person,
            lang: "*".into(),
            wikidata: None,
            name: name.into(),
            role: None,
            start: start.map(|s| PartialDate::parse(s).unwrap()),
            end: end.map(|s| PartialDate::parse(s).unwrap()),
            origin: "t".into(),
        }
    }

    fn pick(entries: &[ActorEntry], date: Option<&str>) -> (String, String) {
        let all: Vec<usize> = (0..entries.len()).collect();
        let r = resolve(entries, &all, date.map(|d| PartialDate::parse(d).unwrap())).unwrap();
        (entries[r.chosen].code.clone(), r.why)
    }

    #[test]
    fn two_people_of_one_name_are_ambiguous_by_wikidata_id() {
        let mut a = e("John Smith", "GBRGOV", None, None);
        a.wikidata = Some("Q1".into());
        let mut b = e("John Smith", "USABUS", None, None);
        b.wikidata = Some("Q2".into());
        let all = [0, 1];
        let r = resolve(&[a.clone(), b.clone()], &all, None).unwrap();
        assert_eq!(r.ambiguous_with, ["John Smith (Q2)"]);
        // The same person (one id) in two rows is not ambiguous.
        b.wikidata = Some("Q1".into());
        let r = resolve(&[a, b], &all, None).unwrap();
        assert!(r.ambiguous_with.is_empty(), "{:?}", r.ambiguous_with);
    }

    #[test]
    fn biden_depends_on_the_date() {
        let biden = [
            e(
                "Joe Biden",
                "USAGOV",
                Some("2009-01-20"),
                Some("2017-01-20"),
            ),
            e(
                "Joe Biden",
                "USAGOV",
                Some("2021-01-20"),
                Some("2025-01-20"),
            ),
            e("Joe Biden", "USAELI", None, None),
        ];
        assert_eq!(pick(&biden, Some("2024-05")).0, "USAGOV");
        assert_eq!(pick(&biden, Some("2026-03-01")).0, "USAELI");
        assert_eq!(pick(&biden, Some("2019")).0, "USAELI");
        // January 2025: in office for part of the month.
        assert!(pick(&biden, Some("2025-01")).1.contains("part of"));
    }

    /// Issue 12: Trump in September 2016 held no office; the undated row repeating his
    /// office is not a fallback, and his nearest office is not given to him either.
    #[test]
    fn a_person_is_never_given_an_office_outside_its_dates() {
        let trump = [
            e(
                "Donald Trump",
                "USAGOV",
                Some("2017-01-20"),
                Some("2021-01-20"),
            ),
            e(
                "Donald Trump",
                "USAPTY",
                Some("2021-01-20"),
                Some("2025-01-20"),
            ),
            e("Donald Trump", "USAGOV", Some("2025-01-20"), None),
            e("Donald Trump", "USAGOV", None, None),
        ];
        let all: Vec<usize> = (0..trump.len()).collect();
        let r = resolve(&trump, &all, PartialDate::parse("2016-09-18").ok()).unwrap();
        assert!(r.country_only, "{r:?}");
        assert!(r.why.contains("no office on 2016-09-18"), "{}", r.why);
        assert_eq!(pick(&trump, Some("2018-03-01")).0, "USAGOV");
        assert_eq!(pick(&trump, Some("2022")).0, "USAPTY");
        let r = resolve(&trump, &all, PartialDate::parse("2019").ok()).unwrap();
        assert!(!r.country_only);
    }

    #[test]
    fn without_fallback_the_nearest_role_wins_and_ties_are_ambiguous() {
        let mut x = [
            e("A", "AAAGOV", Some("2010"), Some("2012")),
            e("A", "AAAMIL", Some("2020"), Some("2021")),
        ];
        x.iter_mut().for_each(|e| e.kind = MentionKind::Org);
        assert_eq!(pick(&x, Some("2019-06")).0, "AAAMIL");
        let two = [
            e("Kim", "PRKGOV", Some("2011"), None),
            e("Kim Other", "KORGOV", Some("2011"), None),
        ];
        let all = [0, 1];
        let r = resolve(&two, &all, PartialDate::parse("2024").ok()).unwrap();
        assert_eq!(r.ambiguous_with, ["Kim Other"]);
    }
}
