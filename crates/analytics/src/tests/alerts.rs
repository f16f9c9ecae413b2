use super::{entity_in, event, Rng};
use crate::{alerts, AlertKey, AlertOptions, AlertReport, Class, Day, Model};
use vedetta_store::StoredEvent;

/// The day `i` days after 2024-01-01.
fn day(i: i32) -> Day {
    Day::from_ymd(2024, 1, 1).unwrap().plus(i)
}

/// Events of a synthetic dyad `A{n}` → `B{n}` (countries of the same names): `counts[i]`
/// events on day `i`, each from its own document unless `one_doc`.
fn dyad_events(
    n: usize,
    counts: &[u64],
    quad: u8,
    scale: f64,
    one_doc: bool,
    out: &mut Vec<StoredEvent>,
) {
    let (a, b) = (format!("A{n:03}"), format!("B{n:03}"));
    for (i, &k) in counts.iter().enumerate() {
        let date = day(i as i32).to_string();
        for j in 0..k {
            let doc = if one_doc {
                format!("d{n}")
            } else {
                format!("d{n}-{i}-{j}")
            };
            out.push(event(
                &doc,
                j as u32 + 1,
                Some(&date),
                if quad >= 3 { "ASSAULT" } else { "AID" },
                Some(quad),
                Some(scale),
                vec![entity_in(&format!("{a}GOV"), &a)],
                vec![entity_in(&format!("{b}MIL"), &b)],
                None,
            ));
        }
    }
}

/// Poisson counts per day.
fn poisson_days(rng: &mut Rng, rates: &[f64]) -> Vec<u64> {
    rates.iter().map(|&r| rng.poisson(r)).collect()
}

/// 90 baseline days and 7 window days: the rates of each.
fn rates(baseline: f64, window: f64) -> Vec<f64> {
    let mut v = vec![baseline; 90];
    v.extend(std::iter::repeat_n(window, 7));
    v
}

fn opts() -> AlertOptions {
    AlertOptions {
        as_of: Some(day(96)),
        limit: None,
        ..AlertOptions::default()
    }
}

fn dyad_alerts(r: &AlertReport) -> Vec<&crate::Alert> {
    r.alerts
        .iter()
        .filter(|a| matches!(a.key, AlertKey::Dyad { .. }))
        .collect()
}

#[test]
fn a_step_change_is_found_and_ranked_first() {
    let mut rng = Rng(7);
    let mut events = Vec::new();
    for n in 0..200 {
        let counts = poisson_days(&mut rng, &rates(2.0, 2.0));
        dyad_events(n, &counts, 4, -9.0, false, &mut events);
    }
    let step = poisson_days(&mut rng, &rates(2.0, 8.0));
    dyad_events(200, &step, 4, -9.0, false, &mut events);
    let r = alerts(events, &opts()).unwrap();
    let top = &r.alerts[0];
    assert_eq!(
        top.key,
        AlertKey::Dyad {
            actor: "A200".into(),
            recipient: "B200".into()
        },
        "{:#?}",
        r.alerts.first()
    );
    assert_eq!(top.rank, 1);
    assert_eq!(top.class, Class::Conflict);
    assert!(top.surprise > 10.0, "{}", top.surprise);
    assert!(top.rate_ratio > 2.5, "{}", top.rate_ratio);
    assert_eq!(top.window_count, step[90..].iter().sum::<u64>());
    assert_eq!(top.baseline_count, step[..90].iter().sum::<u64>());
    assert_eq!(top.baseline_days, 90);
    assert_eq!(top.events.len(), 10);
    assert!(top
        .events
        .iter()
        .all(|e| e.date >= day(90) && e.date <= day(96)));
    assert!(top.events.windows(2).all(|w| w[0].date >= w[1].date));
    assert_eq!(top.top_types[0].event_type, "ASSAULT");
    assert_eq!(top.top_types[0].window, top.window_count);
    assert!(
        top.explanation.starts_with("A200→B200 conflict: "),
        "{}",
        top.explanation
    );
    // The countries of the step dyad follow with the same counts; nothing else alerts.
    assert!(
        r.alerts.iter().all(|a| a.label.contains("200")),
        "{:#?}",
        r.alerts
    );
    assert_eq!(r.keys, 201 * 3);
    assert_eq!(r.tested, 201 * 3);
}

#[test]
fn constant_poisson_noise_gives_almost_no_alerts() {
    let mut rng = Rng(11);
    let mut events = Vec::new();
    for n in 0..200 {
        // Rates from 0.3 to 5 a day, constant over baseline and window.
        let rate = 0.3 + 4.7 * (n as f64 / 199.0);
        let counts = poisson_days(&mut rng, &rates(rate, rate));
        dyad_events(
            n,
            &counts,
            if n % 2 == 0 { 4 } else { 1 },
            0.0,
            false,
            &mut events,
        );
    }
    for model in [Model::Poisson, Model::NegativeBinomial] {
        let o = AlertOptions { model, ..opts() };
        let r = alerts(events.clone(), &o).unwrap();
        let false_alerts = dyad_alerts(&r).len();
        assert!(false_alerts <= 1, "{model:?}: {:#?}", r.alerts);
        assert!(r.tested > 300, "{}", r.tested);
    }
}

#[test]
fn one_article_is_not_an_alert() {
    // A dyad never seen before: 8 events on the last day.
    let mut counts = vec![0u64; 97];
    counts[96] = 8;
    let mut single = Vec::new();
    dyad_events(1, &counts, 4, -9.0, true, &mut single);
    // Background so that the data covers the baseline.
    let mut background = Vec::new();
    dyad_events(2, &vec![1; 97], 1, 3.0, false, &mut background);

    let one_doc: Vec<StoredEvent> = single.iter().chain(&background).cloned().collect();
    let r = alerts(one_doc, &opts()).unwrap();
    assert!(r.alerts.is_empty(), "{:#?}", r.alerts);

    // The same events from eight documents are an alert.
    let mut many = Vec::new();
    dyad_events(1, &counts, 4, -9.0, false, &mut many);
    many.extend(background);
    let r = alerts(many, &opts()).unwrap();
    let a = dyad_alerts(&r);
    assert_eq!(a.len(), 1, "{:#?}", r.alerts);
    assert_eq!(a[0].window_documents, 8);
    assert_eq!(a[0].baseline_count, 0);
    assert!(a[0].surprise > 10.0);
}

#[test]
fn min_events_is_a_volume_floor() {
    let mut counts = vec![0u64; 97];
    counts[95] = 2;
    counts[96] = 2;
    let mut events = Vec::new();
    dyad_events(1, &counts, 4, -9.0, false, &mut events);
    dyad_events(2, &vec![1; 97], 1, 3.0, false, &mut events);
    assert!(dyad_alerts(&alerts(events.clone(), &opts()).unwrap()).is_empty());
    let o = AlertOptions {
        min_events: 4,
        ..opts()
    };
    assert_eq!(dyad_alerts(&alerts(events, &o).unwrap()).len(), 1);
}

#[test]
fn negative_binomial_is_less_alarmed_by_an_overdispersed_baseline() {
    // Bursty baseline: 28 events in every other week, none in between (mean 14 a week).
    let mut counts: Vec<u64> = (0..90)
        .map(|i| if (i / 7) % 2 == 0 { 4 } else { 0 })
        .collect();
    // The window: 40 events.
    counts.extend([6, 6, 6, 6, 6, 5, 5]);
    let mut events = Vec::new();
    dyad_events(1, &counts, 4, -9.0, false, &mut events);
    let run = |model| {
        let o = AlertOptions {
            model,
            min_surprise: 0.0,
            ..opts()
        };
        let r = alerts(events.clone(), &o).unwrap();
        dyad_alerts(&r)[0].clone()
    };
    let p = run(Model::Poisson);
    let nb = run(Model::NegativeBinomial);
    assert_eq!(p.model, Model::Poisson);
    assert_eq!(nb.model, Model::NegativeBinomial);
    let r = nb.dispersion.unwrap();
    assert!(r > 0.5 && r < 3.0, "{r}");
    assert!(p.surprise > 6.0, "{}", p.surprise);
    assert!(nb.surprise < 3.0, "{}", nb.surprise);
    // At the default threshold, only Poisson alerts.
    let o = AlertOptions {
        model: Model::NegativeBinomial,
        ..opts()
    };
    assert!(dyad_alerts(&alerts(events.clone(), &o).unwrap()).is_empty());

    // A steady baseline gives the negative binomial nothing to widen: Poisson is used.
    let mut steady = vec![2u64; 90];
    steady.extend([6, 6, 6, 6, 6, 5, 5]);
    let mut events = Vec::new();
    dyad_events(1, &steady, 4, -9.0, false, &mut events);
    let o = AlertOptions {
        model: Model::NegativeBinomial,
        ..opts()
    };
    let r = alerts(events, &o).unwrap();
    assert_eq!(dyad_alerts(&r)[0].model, Model::Poisson);
    assert_eq!(dyad_alerts(&r)[0].dispersion, None);
}

#[test]
fn conflict_and_cooperation_are_separate_with_a_score_shift() {
    let mut events = Vec::new();
    // Steady cooperation (+7) all along; conflict (−10) only in the window.
    dyad_events(1, &vec![2; 97], 2, 7.0, false, &mut events);
    let mut conflict = vec![0u64; 90];
    conflict.extend([3; 7]);
    dyad_events(1, &conflict, 4, -10.0, false, &mut events);
    let r = alerts(events, &opts()).unwrap();
    let a = dyad_alerts(&r);
    assert_eq!(a.len(), 1, "{:#?}", r.alerts);
    assert_eq!(a[0].class, Class::Conflict);
    assert_eq!(a[0].window_count, 21);
    let s = a[0].score_shift;
    assert_eq!(s.baseline_mean, Some(7.0));
    assert_eq!(s.window_scored, 35);
    let want = (14.0 * 7.0 - 21.0 * 10.0) / 35.0;
    assert!((s.window_mean.unwrap() - want).abs() < 1e-12);
    assert!((s.change.unwrap() - (want - 7.0)).abs() < 1e-12);
}

#[test]
fn as_of_defaults_to_the_newest_day_and_pruning_keeps_results() {
    // Two years of noise on 10 dyads (the builder prunes every 1024 events in tests), and a
    // step at the end.
    let mut rng = Rng(3);
    let mut events = Vec::new();
    let days = 2 * 365;
    for n in 0..10 {
        let counts = poisson_days(&mut rng, &vec![2.5; days]);
        dyad_events(n, &counts, 3, -4.0, false, &mut events);
    }
    let mut step = vec![1u64; days - 7];
    step.extend([9; 7]);
    dyad_events(99, &step, 4, -9.0, false, &mut events);
    assert!(events.len() > 10_000);
    let last = day(days as i32 - 1);
    let auto = alerts(
        events.clone(),
        &AlertOptions {
            limit: None,
            ..AlertOptions::default()
        },
    )
    .unwrap();
    assert_eq!(auto.as_of, Some(last));
    let fixed = alerts(
        events.clone(),
        &AlertOptions {
            as_of: Some(last),
            limit: None,
            ..AlertOptions::default()
        },
    )
    .unwrap();
    assert_eq!(auto, fixed);
    assert_eq!(auto.alerts[0].label, "A099→B099");
    assert_eq!(auto.window.unwrap().start, day(days as i32 - 7));
    assert_eq!(auto.baseline.unwrap().days, 90);
    // Reversed input order: the same report.
    events.reverse();
    let reversed = alerts(
        events,
        &AlertOptions {
            limit: None,
            ..AlertOptions::default()
        },
    )
    .unwrap();
    assert_eq!(reversed, auto);
}

#[test]
fn short_data_and_empty_input_give_notes_not_alerts() {
    let r = alerts(Vec::new(), &AlertOptions::default()).unwrap();
    assert_eq!(r.as_of, None);
    assert!(r.note.is_some());
    // Ten days of data: the baseline covers 3 days.
    let mut counts = vec![1u64; 3];
    counts.extend([9; 7]);
    let mut events = Vec::new();
    dyad_events(1, &counts, 4, -9.0, false, &mut events);
    let r = alerts(events, &AlertOptions::default()).unwrap();
    assert!(r.alerts.is_empty());
    assert_eq!(r.baseline.unwrap().days, 3);
    assert!(r.note.unwrap().contains("3 days"));
}

#[test]
fn imprecise_undated_and_non_selected_aux_are_skipped() {
    let mut events = Vec::new();
    dyad_events(1, &vec![1; 97], 4, -9.0, false, &mut events);
    let base = events[0].clone();
    let mut month = base.clone();
    month.date = Some("2024-04".into());
    let mut undated = base.clone();
    undated.date = None;
    let mut hypo = base.clone();
    hypo.aux = Some("hypothetical".into());
    events.extend([month, undated, hypo]);
    let r = alerts(events, &opts()).unwrap();
    assert_eq!(r.events, 97);
    assert_eq!(r.imprecise, 1);
    assert_eq!(r.undated, 1);
}

#[test]
fn options_are_checked_and_parsed() {
    let bad = AlertOptions {
        window_days: 0,
        ..AlertOptions::default()
    };
    assert!(alerts(Vec::new(), &bad).is_err());
    assert_eq!("nb".parse::<Model>().unwrap(), Model::NegativeBinomial);
    assert!("gauss".parse::<Model>().is_err());
    let o = AlertOptions::default();
    let f = o.event_filter(Day::parse("2024-05-17").unwrap());
    assert_eq!(f.from.unwrap().to_string(), "2024-02-11");
    assert_eq!(f.to.unwrap().to_string(), "2024-05-17");
    assert_eq!(f.aux.as_deref(), Some("asserted"));
}

#[test]
fn reports_serialise_with_flat_keys() {
    let mut events = Vec::new();
    let mut counts = vec![1u64; 90];
    counts.extend([9; 7]);
    dyad_events(1, &counts, 4, -9.0, false, &mut events);
    let r = alerts(events, &opts()).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    let a = &v["alerts"][0];
    assert_eq!(a["scope"], "dyad");
    assert_eq!(a["actor"], "A001");
    assert_eq!(a["recipient"], "B001");
    assert_eq!(a["class"], "conflict");
    assert_eq!(a["model"], "poisson");
    assert_eq!(a["events"][0]["date"], "2024-04-06");
    assert_eq!(v["window"]["start"], "2024-03-31");
    assert_eq!(v["as_of"], "2024-04-06");
    let c = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["scope"] == "country")
        .unwrap();
    assert!(c["country"] == "A001" || c["country"] == "B001");
}

#[test]
fn small_relative_rises_of_large_volumes_are_not_escalations() {
    // 100 a day, then 120 a day: very significant, but only ×1.2.
    let mut counts = vec![100u64; 90];
    counts.extend([120; 7]);
    let mut events = Vec::new();
    dyad_events(1, &counts, 4, -9.0, false, &mut events);
    let r = alerts(events.clone(), &opts()).unwrap();
    assert!(r.alerts.is_empty(), "{:#?}", r.alerts);
    let o = AlertOptions {
        min_rate_ratio: 1.0,
        ..opts()
    };
    let r = alerts(events, &o).unwrap();
    let a = dyad_alerts(&r);
    assert_eq!(a.len(), 1);
    assert!(a[0].surprise > 6.0 && a[0].rate_ratio < 1.25, "{:?}", a[0]);
}
