//! Data-driven tests: text → quantities (value, approx, at_least, at_most, unit).

use super::*;
use crate::quotes::tests::{analyse, fixture};

fn quantities(lang: &str, text: &str) -> Vec<Quantity> {
    let (an, _) = analyse(lang, text);
    let rules = load(fixture().analyzer.pack(lang).unwrap()).unwrap();
    find_quantities(&an, &rules)
}

/// (lang, text, expected quantities: (value, approx, at_least, at_most, unit)).
#[allow(clippy::type_complexity)]
const TABLE: &[(&str, &str, &[(f64, bool, bool, bool, Option<&str>)])] = &[
    (
        "it",
        "La Corea del Nord ha inviato più di 1 milione di proiettili di artiglieria.",
        &[(1e6, false, true, false, Some("proiettili"))],
    ),
    (
        "it",
        "Circa la metà dei missili è esplosa.",
        &[(0.5, true, false, false, Some("missili"))],
    ),
    (
        "it",
        "L'esame di 21 dei circa 50 missili balistici.",
        &[
            (21.0, false, false, false, Some("missili")),
            (50.0, true, false, false, Some("missili")),
        ],
    ),
    (
        "it",
        "Sono morte decine di persone.",
        &[(24.0, true, false, false, Some("persone"))],
    ),
    (
        "it",
        "Hanno protestato centinaia di manifestanti.",
        &[(200.0, true, false, false, Some("manifestanti"))],
    ),
    (
        "it",
        "Sono fuggite migliaia di famiglie.",
        &[(2000.0, true, false, false, Some("famiglie"))],
    ),
    (
        "it",
        "Decine di migliaia di soldati.",
        &[(24000.0, true, false, false, Some("soldati"))],
    ),
    (
        "it",
        "Sono stati sfollati 1,5 milioni di civili.",
        &[(1.5e6, false, false, false, Some("civili"))],
    ),
    (
        "it",
        "L'inflazione è salita al 3%.",
        &[(3.0, false, false, false, Some("%"))],
    ),
    (
        "it",
        "Il consenso è al tre per cento.",
        &[(3.0, false, false, false, Some("%"))],
    ),
    (
        "it",
        "Sono arrivati 1.000 soldati.",
        &[(1000.0, false, false, false, Some("soldati"))],
    ),
    (
        "it",
        "Fino a 300 droni sono stati lanciati.",
        &[(300.0, false, false, true, Some("droni"))],
    ),
    (
        "it",
        "Almeno cinque civili sono morti.",
        &[(5.0, false, true, false, Some("civili"))],
    ),
    (
        "it",
        "Meno di venti giornalisti.",
        &[(20.0, false, false, true, Some("giornalisti"))],
    ),
    (
        "it",
        "Quasi un terzo delle truppe.",
        &[(0.3333, true, false, false, Some("truppe"))],
    ),
    (
        "it",
        "Una manciata di consiglieri.",
        &[(5.0, true, false, false, Some("consiglieri"))],
    ),
    (
        "it",
        "Nel febbraio 2022 la Russia ha invaso l'Ucraina.",
        &[],
    ),
    ("it", "Il 17 maggio 2024 il vertice si è concluso.", &[]),
    ("it", "Nel 2023 ci sono stati scontri.", &[]),
    ("it", "Il Programma 38 Nord pubblica analisi.", &[]),
    (
        "it",
        "Oltre 2000 soldati sono stati schierati.",
        &[(2000.0, false, true, false, Some("soldati"))],
    ),
    (
        "en",
        "Dozens of people were killed.",
        &[(24.0, true, false, false, Some("people"))],
    ),
    (
        "en",
        "North Korea sent more than 1 million artillery shells.",
        &[(1e6, false, true, false, Some("artillery"))],
    ),
    (
        "en",
        "About half of the missiles failed.",
        &[(0.5, true, false, false, Some("missiles"))],
    ),
    (
        "en",
        "Some 1.5 million people fled.",
        &[(1.5e6, true, false, false, Some("people"))],
    ),
    (
        "en",
        "Inflation rose 3% in May.",
        &[(3.0, false, false, false, Some("%"))],
    ),
    (
        "en",
        "Support fell to three percent.",
        &[(3.0, false, false, false, Some("%"))],
    ),
    (
        "en",
        "Up to 300 drones were launched.",
        &[(300.0, false, false, true, Some("drones"))],
    ),
    (
        "en",
        "At least five civilians died.",
        &[(5.0, false, true, false, Some("civilians"))],
    ),
    (
        "en",
        "Fewer than 20 journalists remain.",
        &[(20.0, false, false, true, Some("journalists"))],
    ),
    (
        "en",
        "Hundreds of protesters gathered.",
        &[(200.0, true, false, false, Some("protesters"))],
    ),
    (
        "en",
        "Tens of thousands of troops massed.",
        &[(30000.0, true, false, false, Some("troops"))],
    ),
    (
        "en",
        "Two thirds of the voters agreed.",
        &[(0.6667, false, false, false, Some("voters"))],
    ),
    ("en", "The summit took place on May 17, 2024.", &[]),
    ("en", "In 2022 Russia invaded Ukraine.", &[]),
    (
        "en",
        "3,000 troops crossed the border.",
        &[(3000.0, false, false, false, Some("troops"))],
    ),
    (
        "en",
        "A million refugees crossed.",
        &[(1e6, false, false, false, Some("refugees"))],
    ),
];

#[test]
fn quantity_table() {
    let mut failures = Vec::new();
    for (lang, text, want) in TABLE {
        let got = quantities(lang, text);
        let ok = got.len() == want.len()
            && got.iter().zip(want.iter()).all(|(g, (v, a, l, m, u))| {
                (g.value - v).abs() < 1e-3
                    && g.approx == *a
                    && g.at_least == *l
                    && g.at_most == *m
                    && g.unit.as_deref() == *u
            });
        if !ok {
            failures.push(format!(
                "{text}\n  want {want:?}\n  got  {:?}",
                got.iter()
                    .map(|q| (&q.text, q.value, q.approx, q.at_least, q.at_most, &q.unit))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn digits_follow_the_language() {
    assert_eq!(parse_digits("1,5", ','), Some(1.5));
    assert_eq!(parse_digits("1.000", ','), Some(1000.0));
    assert_eq!(parse_digits("1,000", '.'), Some(1000.0));
    assert_eq!(parse_digits("1.5", '.'), Some(1.5));
    assert_eq!(parse_digits("1.5.3", '.'), None);
}

/// Fuzz regression (fuzz/artifacts/pipeline, minimised): a cue ending the text ("about" as
/// its last word, no number after it) indexed one past the last token.
#[test]
fn cue_at_the_end_of_the_text() {
    assert!(quantities("en", "Putin said about").is_empty());
    assert!(quantities("en", "They sent close to").is_empty());
    assert!(quantities("it", "Sono arrivati circa").is_empty());
}
