//! Data-driven tests: sentence (+ document date) → expected mentions (text, code).

use super::*;
use vedetta_model::{Document, NerClass};

struct Fixture {
    analyzer: Analyzer,
    finder: MentionFinder,
}

fn fixture() -> &'static Fixture {
    static F: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let analyzer = Analyzer::load(&DataSource::Embedded).unwrap();
        let finder = MentionFinder::load(&DataSource::Embedded, &analyzer, &[]).unwrap();
        Fixture { analyzer, finder }
    })
}

fn mentions(lang: &str, date: Option<&str>, text: &str) -> Vec<Mention> {
    let f = fixture();
    let doc = Document {
        id: "t".into(),
        source: "t".into(),
        date: date.map(|d| PartialDate::parse(d).unwrap()),
        lang: Some(lang.into()),
        title: None,
        url: None,
        text: text.into(),
    };
    let an = f.analyzer.analyze(doc, None).unwrap();
    f.finder.find(&an)
}

/// Expected (mention text, code) pairs of a sentence — each must be found.
type Expected = &'static [(&'static str, &'static str)];

/// (lang, date, sentence, expected mentions).
const TABLE: &[(&str, Option<&str>, &str, Expected)] = &[
    (
        "it",
        Some("2024-05"),
        "Secondo funzionari statunitensi, la Corea del Nord ha inviato munizioni a Mosca.",
        &[
            ("funzionari statunitensi", "USAGOV"),
            ("Corea del Nord", "PRK"),
            ("Mosca", "RUS"),
        ],
    ),
    (
        "it",
        Some("2024-05"),
        "Un parlamentare sudcoreano ha parlato con il Cremlino.",
        &[
            ("parlamentare sudcoreano", "KORLEG"),
            ("Cremlino", "RUSGOV"),
        ],
    ),
    (
        "it",
        Some("2024-05"),
        "Il ministero della Difesa russo ha smentito.",
        &[("ministero della Difesa russo", "RUSMIL")],
    ),
    (
        "it",
        Some("2024-05"),
        "L'amministrazione Biden era preoccupata per Pyongyang.",
        &[("amministrazione Biden", "USAGOV"), ("Pyongyang", "PRK")],
    ),
    (
        "it",
        Some("2024-05"),
        "Il leader nordcoreano Kim Jong Un ha incontrato Vladimir Putin.",
        &[("Kim Jong Un", "PRKGOV"), ("Vladimir Putin", "RUSGOV")],
    ),
    (
        "it",
        Some("2024-05"),
        "Lo ha riferito l'agenzia di stampa francese AFP, citando Reuters e NBC News.",
        &[
            ("AFP", "FRAMED"),
            ("Reuters", "GBRMED"),
            ("NBC News", "USAMED"),
        ],
    ),
    (
        "it",
        Some("2023-03"),
        "Le truppe ucraine hanno respinto le forze russe vicino a Bakhmut.",
        &[("truppe ucraine", "UKRMIL"), ("forze russe", "RUSMIL")],
    ),
    (
        "it",
        Some("2024-05"),
        "La Nato e l'Onu hanno chiesto una tregua alla Cina.",
        &[("Nato", "IGONAT"), ("Onu", "IGOUNO"), ("Cina", "CHN")],
    ),
    (
        "it",
        Some("2024-05"),
        "Il governo di Mosca ha convocato l'ambasciatore italiano.",
        &[
            ("governo di Mosca", "RUSGOV"),
            ("ambasciatore italiano", "ITAGOV"),
        ],
    ),
    (
        "it",
        Some("2024-05"),
        "I missili nordcoreani sono stati lanciati contro l'Ucraina.",
        &[("missili nordcoreani", "PRKMIL"), ("Ucraina", "UKR")],
    ),
    (
        "en",
        Some("2024-05-17"),
        "US officials said North Korea sent shells to Russia.",
        &[
            ("US officials", "USAGOV"),
            ("North Korea", "PRK"),
            ("Russia", "RUS"),
        ],
    ),
    (
        "en",
        Some("2024-05-17"),
        "Israeli troops entered Rafah, the White House said.",
        &[("Israeli troops", "ISRMIL"), ("White House", "USAGOV")],
    ),
    (
        "en",
        Some("2024-05-17"),
        "Bangladeshi peacekeeping troops arrived in Sierra Leone.",
        &[
            ("Bangladeshi peacekeeping troops", "BGDMIL"),
            ("Sierra Leone", "SLE"),
        ],
    ),
    (
        "en",
        Some("2024-05-17"),
        "NATO peacekeeping troops arrived in Bosnia.",
        &[("NATO peacekeeping troops", "IGOMIL"), ("NATO", "IGONAT")],
    ),
    (
        "en",
        Some("2024-05-17"),
        "The Kremlin spokesman Dmitry Peskov met UN officials in Geneva.",
        &[("Kremlin", "RUSGOV"), ("Dmitry Peskov", "RUSGOV")],
    ),
    (
        "en",
        Some("2024-05-17"),
        "Russia's defence ministry said Ukrainian forces attacked Belgorod.",
        &[
            ("Russia's defence ministry", "RUSMIL"),
            ("Ukrainian forces", "UKRMIL"),
        ],
    ),
    (
        "en",
        Some("2024-05-17"),
        "NATO and the European Union backed Kyiv, Reuters reported.",
        &[("NATO", "IGONAT"), ("Kyiv", "UKR"), ("Reuters", "GBRMED")],
    ),
    (
        "en",
        Some("2024-05-17"),
        "The Biden administration imposed sanctions on Iran.",
        &[("Biden administration", "USAGOV"), ("Iran", "IRN")],
    ),
    // Time-aware roles: the same name, different codes by date.
    (
        "en",
        Some("2024-05-17"),
        "Joe Biden spoke.",
        &[("Joe Biden", "USAGOV")],
    ),
    (
        "en",
        Some("2026-03-01"),
        "Joe Biden spoke.",
        &[("Joe Biden", "USAELI")],
    ),
    // Between his terms Trump falls back to his party role.
    (
        "en",
        Some("2021-06-01"),
        "Donald Trump spoke.",
        &[("Donald Trump", "USAPTY")],
    ),
    (
        "en",
        Some("2025-06-01"),
        "Donald Trump spoke.",
        &[("Donald Trump", "USAGOV")],
    ),
];

#[test]
fn sentence_table() {
    let mut failures = Vec::new();
    for (lang, date, text, want) in TABLE {
        let got = mentions(lang, *date, text);
        for (wtext, wcode) in *want {
            if !got
                .iter()
                .any(|m| m.text == *wtext && m.code.as_deref() == Some(*wcode))
            {
                let seen: Vec<String> = got
                    .iter()
                    .map(|m| format!("{}={}", m.text, m.code.as_deref().unwrap_or("-")))
                    .collect();
                failures.push(format!("{text}\n   want {wtext}={wcode}; got {seen:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_nationality_reaches_over_one_listed_modifier_only() {
    // "Iraqi officials said troops left": "said" is no modifier of "troops", and "officials"
    // is an agent of its own, so "troops" stays without a nationality.
    let en = mentions("en", Some("2024"), "Iraqi officials said troops left.");
    assert!(
        en.iter()
            .any(|m| m.text == "Iraqi officials" && m.code.as_deref() == Some("IRQGOV")),
        "{en:?}"
    );
    assert!(
        en.iter().all(|m| m.code.as_deref() != Some("IRQMIL")),
        "{en:?}"
    );
    // A verb is no modifier: "suspended" does not join "United States" to "military".
    let en = mentions(
        "en",
        Some("2024"),
        "The United States suspended military aid to Egypt.",
    );
    assert!(en.iter().all(|m| !m.text.contains("suspended")), "{en:?}");
    // Two modifiers are too far: "Iraqi" does not reach "troops".
    let en = mentions("en", Some("2024"), "An Iraqi convoy of armed troops left.");
    assert!(
        en.iter().all(|m| m.code.as_deref() != Some("IRQMIL")),
        "{en:?}"
    );
}

#[test]
fn acronyms_are_case_sensitive() {
    // "un" is an Italian article, "UN" the United Nations; "us" is a pronoun.
    let it = mentions("it", Some("2024"), "Ha visto un uomo.");
    assert!(
        it.iter().all(|m| m.code.as_deref() != Some("IGOUNO")),
        "{it:?}"
    );
    let en = mentions("en", Some("2024"), "They told us nothing.");
    assert!(
        en.iter().all(|m| m.code.as_deref() != Some("USA")),
        "{en:?}"
    );
    let en = mentions("en", Some("2024"), "The US and the UN disagree.");
    assert!(en
        .iter()
        .any(|m| m.text == "US" && m.code.as_deref() == Some("USA")));
}

#[test]
fn capitalised_forms_need_capitals_in_text() {
    // "turkey" the bird is not Turkey the country.
    let en = mentions(
        "en",
        Some("2024"),
        "We ate turkey with Turkey's ambassador.",
    );
    let codes: Vec<_> = en.iter().filter_map(|m| m.code.clone()).collect();
    assert_eq!(
        en.iter()
            .filter(|m| m.text.to_lowercase() == "turkey")
            .count(),
        1,
        "{en:?}"
    );
    assert!(codes.iter().any(|c| c.starts_with("TUR")), "{codes:?}");
}

#[test]
fn unknown_names_are_typed_by_the_rules() {
    let an = analysis("it", "Il ministro Giancarlo Pagliarini ha visitato l'Università di Trento e poi è andato a Rovereto.");
    let got = fixture().finder.find_rules(&an);
    let find = |t: &str| got.iter().find(|m| m.text == t).map(|m| (m.kind, m.ner));
    assert_eq!(
        find("Giancarlo Pagliarini"),
        Some((MentionKind::Unknown, Some(NerClass::Per))),
        "{got:?}"
    );
    assert_eq!(
        find("Università di Trento"),
        Some((MentionKind::Agent, Some(NerClass::Org))),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|m| m.text == "Trento" && m.ner == Some(NerClass::Loc)),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|m| m.text == "Rovereto" && m.ner == Some(NerClass::Loc)),
        "{got:?}"
    );
}

#[test]
fn user_dictionary_adds_entries() {
    let f = fixture();
    let extra = DataFile {
        path: "mine.tsv".into(),
        rel: "mine.tsv".into(),
        text: "forms\tcode\tkind\tname\nFronte Popolare Zeta|FPZ\tZZZREB\tarmed_group\tFronte Popolare Zeta\n".into(),
    };
    let finder = MentionFinder::load(&DataSource::Embedded, &f.analyzer, &[extra]).unwrap();
    let doc = Document {
        id: "t".into(),
        source: "t".into(),
        date: None,
        lang: Some("it".into()),
        title: None,
        url: None,
        text: "Il Fronte Popolare Zeta ha attaccato.".into(),
    };
    let an = f.analyzer.analyze(doc, None).unwrap();
    let got = finder.find(&an);
    assert!(
        got.iter().any(|m| m.code.as_deref() == Some("ZZZREB")),
        "{got:?}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    #[test]
    fn finding_mentions_never_panics(s in "[A-Za-zàèéìòù'’«»\" .,;:!?\\n\u{200b}]{0,200}") {
        let m = mentions("it", Some("2024-05"), &s);
        for x in m {
            proptest::prop_assert!(x.span.end <= s.len() && x.span.start < x.span.end);
        }
    }
}

fn analysis(lang: &str, text: &str) -> Analysis {
    crate::quotes::tests::analyse(lang, text).0
}

#[test]
fn ner_entities_give_classes_and_keep_dictionary_codes() {
    let an = analysis(
        "it",
        "Il Real Madrid ha invitato Putin e Gianni Bruschetti a Parigi.",
    );
    let rules = fixture().finder.find_rules(&an);
    let tok = |w: &str| an.tokens.iter().position(|t| t.lower == w).unwrap();
    let spans = [
        (tok("real"), tok("madrid") + 1, NerClass::Org),
        (tok("putin"), tok("putin") + 1, NerClass::Per),
        (tok("gianni"), tok("bruschetti") + 1, NerClass::Per),
    ];
    let out = apply_ner(rules, &spans, &an);
    let find = |t: &str| out.iter().find(|m| m.text == t);
    // An entity no mention has becomes an unknown name of its class.
    let real = find("Real Madrid").expect("the model's entity is a mention");
    assert_eq!(
        (real.kind, real.ner),
        (MentionKind::Unknown, Some(NerClass::Org))
    );
    // The dictionary mention inside it stays, with no class of its own.
    assert_eq!(find("Madrid").map(|m| m.ner), Some(None));
    // A dictionary mention with exactly an entity's tokens keeps its code and takes the class.
    let putin = find("Putin").unwrap();
    assert_eq!(putin.ner, Some(NerClass::Per));
    assert_eq!(putin.code.as_deref(), Some("RUSGOV"));
    assert_eq!(find("Gianni Bruschetti").unwrap().ner, Some(NerClass::Per));
    // A mention the model does not confirm has no class (Parigi was not tagged here).
    assert_eq!(find("Parigi").map(|m| m.ner), Some(None));
    assert!(out.windows(2).all(|w| w[0].span.start <= w[1].span.start));
}

#[test]
fn the_shipped_ner_models_tag_names_in_context() {
    for (lang, text, want) in [
        (
            "it",
            "Il sindaco Giorgio Ferraresi ha incontrato a Bologna i dirigenti della Ducati.",
            &[
                ("Giorgio Ferraresi", NerClass::Per),
                ("Bologna", NerClass::Loc),
            ][..],
        ),
        (
            "en",
            "Mayor John Whitcombe met the board of Barclays in Manchester on Monday.",
            &[
                ("John Whitcombe", NerClass::Per),
                ("Manchester", NerClass::Loc),
            ][..],
        ),
    ] {
        assert!(
            fixture().finder.has_ner_model(lang),
            "{lang}: no NER model shipped"
        );
        let got = mentions(lang, Some("2024-05"), text);
        for (t, c) in want {
            assert!(
                got.iter().any(|m| m.text == *t && m.ner == Some(*c)),
                "{lang}: {t} not {c:?} in {:?}",
                got.iter().map(|m| (&m.text, m.ner)).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn agents_without_a_country_take_the_home_country_of_the_pack() {
    let code = |lang: &str, text: &str, agent: &str| -> Option<String> {
        mentions(lang, Some("2024-05"), text)
            .into_iter()
            .find(|m| m.text == agent)
            .and_then(|m| m.code)
    };
    // Italian news names no country for its own institutions.
    assert_eq!(
        code(
            "it",
            "La polizia ha arrestato due uomini a Roma.",
            "polizia"
        )
        .as_deref(),
        Some("ITACOP")
    );
    assert_eq!(
        code("it", "Il governo ha approvato il decreto.", "governo").as_deref(),
        Some("ITAGOV")
    );
    // A nationality still wins, and a document that names another state gives no default.
    assert_eq!(
        code(
            "it",
            "La polizia francese ha arrestato due uomini.",
            "polizia francese"
        )
        .as_deref(),
        Some("FRACOP")
    );
    assert_eq!(
        code(
            "it",
            "A Mosca la polizia ha arrestato due uomini.",
            "polizia"
        ),
        None
    );
    // The English pack has no home country.
    assert_eq!(code("en", "The police arrested two men.", "police"), None);
}
