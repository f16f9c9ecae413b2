use super::{entity, event};
use crate::{series, AuxSet, Bucket, DyadFilter, SeriesOptions};
use vedetta_model::PartialDate;
use vedetta_store::StoredEvent;

fn ev(doc: &str, date: Option<&str>, ty: &str, quad: u8, scale: f64) -> StoredEvent {
    event(
        doc,
        1,
        date,
        ty,
        Some(quad),
        Some(scale),
        vec![entity("RUSGOV")],
        vec![entity("UKRMIL")],
        None,
    )
}

fn opts(by: Bucket) -> SeriesOptions {
    SeriesOptions {
        by,
        ..SeriesOptions::default()
    }
}

fn date(s: &str) -> Option<PartialDate> {
    Some(PartialDate::parse(s).unwrap())
}

#[test]
fn daily_buckets_are_zero_filled_with_types_quads_and_scores() {
    let events = vec![
        ev("a", Some("2024-05-13"), "ASSAULT", 4, -9.0),
        ev("b", Some("2024-05-13"), "ACCUSE", 3, -2.0),
        ev("c", Some("2024-05-16"), "AID", 2, 7.0),
    ];
    let s = series(events, &opts(Bucket::Day)).unwrap();
    let labels: Vec<&str> = s.buckets.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        ["2024-05-13", "2024-05-14", "2024-05-15", "2024-05-16"]
    );
    let counts: Vec<u64> = s.buckets.iter().map(|b| b.counts.events).collect();
    assert_eq!(counts, [2, 0, 0, 1]);
    let first = &s.buckets[0].counts;
    assert_eq!(first.by_type["ASSAULT"], 1);
    assert_eq!(first.by_type["ACCUSE"], 1);
    assert_eq!(first.quad.material_conflict, 1);
    assert_eq!(first.quad.verbal_conflict, 1);
    assert_eq!(first.quad.conflict(), 2);
    assert_eq!(first.score_sum, -11.0);
    assert_eq!(first.score_mean, Some(-5.5));
    assert_eq!(s.buckets[1].counts.score_mean, None);
    assert_eq!(s.total.events, 3);
    assert_eq!(s.total.quad.cooperation(), 1);
    assert_eq!(s.types, ["ACCUSE", "AID", "ASSAULT"]);
    assert!(s.zero_filled);
    assert_eq!(s.buckets[0].start, s.buckets[0].end);
}

#[test]
fn weekly_buckets_are_iso_weeks_starting_monday() {
    let events = vec![
        ev("a", Some("2024-12-29"), "AID", 2, 7.0), // Sunday of 2024-W52
        ev("b", Some("2024-12-30"), "AID", 2, 7.0), // Monday of 2025-W01
        ev("c", Some("2025-01-05"), "AID", 2, 7.0), // Sunday of 2025-W01
        ev("d", Some("2025-01-13"), "AID", 2, 7.0), // 2025-W03
    ];
    let s = series(events, &opts(Bucket::Week)).unwrap();
    let got: Vec<(String, String, String, u64)> = s
        .buckets
        .iter()
        .map(|b| {
            (
                b.label.clone(),
                b.start.to_string(),
                b.end.to_string(),
                b.counts.events,
            )
        })
        .collect();
    let want = [
        ("2024-W52", "2024-12-23", "2024-12-29", 1),
        ("2025-W01", "2024-12-30", "2025-01-05", 2),
        ("2025-W02", "2025-01-06", "2025-01-12", 0),
        ("2025-W03", "2025-01-13", "2025-01-19", 1),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0.as_str(), g.1.as_str(), g.2.as_str(), g.3), w);
    }
}

#[test]
fn monthly_buckets_take_month_dates_and_leave_years_imprecise() {
    let events = vec![
        ev("a", Some("2024-01-31"), "AID", 2, 7.0),
        ev("b", Some("2024-03"), "AID", 2, 7.0),
        ev("c", Some("2024-03-02"), "AID", 2, 7.0),
        ev("d", Some("2024"), "AID", 2, 7.0),
    ];
    let s = series(events, &opts(Bucket::Month)).unwrap();
    let got: Vec<(&str, u64)> = s
        .buckets
        .iter()
        .map(|b| (b.label.as_str(), b.counts.events))
        .collect();
    assert_eq!(got, [("2024-01", 1), ("2024-02", 0), ("2024-03", 2)]);
    assert_eq!(s.buckets[1].end.to_string(), "2024-02-29");
    assert_eq!(s.imprecise.len(), 1);
    assert_eq!(s.imprecise[0].period, "2024");
    assert_eq!(s.imprecise[0].end.to_string(), "2024-12-31");
    assert_eq!(s.total.events, 4);
}

#[test]
fn coarser_dates_are_tallied_apart_not_placed_on_a_day() {
    let events = vec![
        ev("a", Some("2024-05-02"), "AID", 2, 7.0),
        ev("b", Some("2024-05"), "AID", 2, 7.0),
        ev("c", Some("2024-05"), "ACCUSE", 3, -2.0),
        ev("d", Some("2024"), "AID", 2, 7.0),
        ev("e", Some("2024-05-03"), "AID", 2, 7.0),
        ev("f", None, "AID", 2, 7.0),
    ];
    for by in [Bucket::Day, Bucket::Week] {
        let s = series(events.clone(), &opts(by)).unwrap();
        let in_buckets: u64 = s.buckets.iter().map(|b| b.counts.events).sum();
        assert_eq!(in_buckets, 2, "{by:?}");
        let periods: Vec<(&str, u64)> = s
            .imprecise
            .iter()
            .map(|p| (p.period.as_str(), p.counts.events))
            .collect();
        // The year 2024 starts before May: ordered by first day.
        assert_eq!(periods, [("2024", 1), ("2024-05", 2)], "{by:?}");
        assert_eq!(s.imprecise[1].counts.by_type["ACCUSE"], 1);
        assert_eq!(s.undated, 1);
        assert_eq!(s.total.events, 6);
    }
}

#[test]
fn aux_modes_are_selected_by_set() {
    let mk = |doc: &str, aux: Option<&str>| {
        event(
            doc,
            1,
            Some("2024-05-13"),
            "THREATEN",
            Some(3),
            Some(-7.0),
            vec![entity("RUS")],
            vec![entity("UKR")],
            aux,
        )
    };
    let events = vec![
        mk("a", None),
        mk("b", Some("hypothetical")),
        mk("c", Some("negation")),
        mk("d", Some("future")),
    ];
    let count = |aux: AuxSet| {
        let o = SeriesOptions {
            aux,
            ..SeriesOptions::default()
        };
        series(events.clone(), &o).unwrap().total.events
    };
    assert_eq!(count(AuxSet::default()), 1);
    assert_eq!(count(AuxSet::parse("asserted,hypothetical").unwrap()), 2);
    assert_eq!(count(AuxSet::parse("negation").unwrap()), 1);
    assert_eq!(count(AuxSet::parse("all").unwrap()), 4);
    assert!(AuxSet::parse("asserted,maybe").is_err());
    assert!(AuxSet::parse("all,future").is_err());
    assert_eq!(
        AuxSet::parse("Hypothetical").unwrap().store_filter(),
        Some("hypothetical".to_string())
    );
    assert_eq!(
        AuxSet::parse("asserted,future").unwrap().store_filter(),
        None
    );
}

#[test]
fn range_bounds_fill_zeros_and_filter_like_the_store() {
    let events = vec![
        ev("a", Some("2024-05-09"), "AID", 2, 7.0), // before
        ev("b", Some("2024-05-11"), "AID", 2, 7.0),
        ev("c", Some("2024-05"), "AID", 2, 7.0), // overlaps: imprecise
        ev("d", Some("2024-04"), "AID", 2, 7.0), // does not overlap
        ev("e", Some("2024-05-21"), "AID", 2, 7.0), // after
        ev("f", None, "AID", 2, 7.0),            // undated: out with a range
    ];
    let o = SeriesOptions {
        from: date("2024-05-10"),
        to: date("2024-05-20"),
        ..SeriesOptions::default()
    };
    let s = series(events, &o).unwrap();
    assert_eq!(s.buckets.len(), 11);
    assert_eq!(s.buckets[0].label, "2024-05-10");
    assert_eq!(s.buckets[10].label, "2024-05-20");
    assert_eq!(s.buckets[1].counts.events, 1);
    assert_eq!(s.imprecise.len(), 1);
    assert_eq!(s.undated, 0);
    assert_eq!(s.total.events, 2);
    // Nothing in range still gives the zero-filled range.
    let s = series(Vec::new(), &o).unwrap();
    assert_eq!(s.buckets.len(), 11);
    assert!(s.buckets.iter().all(|b| b.counts.events == 0));
    // And no range, no events: no buckets.
    assert!(series(Vec::new(), &SeriesOptions::default())
        .unwrap()
        .buckets
        .is_empty());
    let bad = SeriesOptions {
        from: date("2024-06"),
        to: date("2024-05"),
        ..SeriesOptions::default()
    };
    assert!(series(Vec::new(), &bad).is_err());
}

#[test]
fn dyads_match_codes_prefixes_and_countries() {
    let mk = |doc: &str, a: &str, r: &str| {
        event(
            doc,
            1,
            Some("2024-05-13"),
            "AID",
            Some(2),
            Some(7.0),
            vec![entity(a)],
            vec![entity(r)],
            None,
        )
    };
    let events = vec![
        mk("a", "RUSGOV", "UKRMIL"),
        mk("b", "RUSMIL", "UKR"),
        mk("c", "UKRGOV", "RUSGOV"),
        mk("d", "USAGOV", "ITA"),
    ];
    let count = |actor: Option<&str>, recipient: Option<&str>, country: Option<&str>| {
        let o = SeriesOptions {
            dyad: DyadFilter {
                actor: actor.map(str::to_string),
                recipient: recipient.map(str::to_string),
                country: country.map(str::to_string),
            },
            ..SeriesOptions::default()
        };
        series(events.clone(), &o).unwrap().total.events
    };
    assert_eq!(count(Some("rus"), Some("UKR"), None), 2);
    assert_eq!(count(Some("RUSGOV"), Some("UKR"), None), 1);
    assert_eq!(count(None, Some("RUS"), None), 1);
    assert_eq!(count(None, None, Some("UKR")), 3);
    assert_eq!(count(Some("USA"), None, Some("ITA")), 1);
    assert_eq!(count(None, None, None), 4);
}

#[test]
fn series_serialise_flat_and_deterministically() {
    let events = vec![
        ev("a", Some("2024-05-13"), "AID", 2, 7.0),
        ev("b", Some("2024-05"), "ASSAULT", 4, -9.0),
    ];
    let o = SeriesOptions {
        dyad: DyadFilter {
            actor: Some("rus".into()),
            ..DyadFilter::default()
        },
        ..SeriesOptions::default()
    };
    let a = serde_json::to_value(series(events.clone(), &o).unwrap()).unwrap();
    let b = serde_json::to_value(series(events, &o).unwrap()).unwrap();
    assert_eq!(a, b);
    assert_eq!(a["actor"], "RUS");
    assert_eq!(a["by"], "day");
    assert_eq!(a["aux"], serde_json::json!(["asserted"]));
    assert_eq!(a["buckets"][0]["label"], "2024-05-13");
    assert_eq!(a["buckets"][0]["events"], 1);
    assert_eq!(a["buckets"][0]["quad"]["material_cooperation"], 1);
    assert_eq!(a["imprecise"][0]["precision"], "month");
    assert_eq!(a["total"]["by_type"]["ASSAULT"], 1);
}
