use super::*;
use vedetta_model::Shape;

fn analyzer() -> Analyzer {
    Analyzer::load(&DataSource::Embedded).expect("embedded packs load")
}

fn doc(text: &str, lang: Option<&str>) -> Document {
    Document {
        id: "t".into(),
        source: "test".into(),
        date: None,
        lang: lang.map(str::to_string),
        title: None,
        url: None,
        text: text.into(),
    }
}

fn sentences(a: &Analyzer, lang: &str, text: &str) -> Vec<String> {
    let an = a.analyze(doc(text, Some(lang)), None).unwrap();
    an.sentences
        .iter()
        .map(|s| text[s.span.start..s.span.end].to_string())
        .collect()
}

fn token_texts(a: &Analyzer, lang: &str, text: &str) -> Vec<String> {
    let an = a.analyze(doc(text, Some(lang)), None).unwrap();
    an.tokens
        .iter()
        .map(|t| text[t.span.start..t.span.end].to_string())
        .collect()
}

#[test]
fn sentence_table() {
    let a = analyzer();
    let table: &[(&str, &str, &[&str])] = &[
        (
            "it",
            "Il Sig. Rossi è arrivato. Poi è partito.",
            &["Il Sig. Rossi è arrivato.", "Poi è partito."],
        ),
        (
            "it",
            "L'On. Bianchi parla. La Fiat S.p.A. risponde.",
            &["L'On. Bianchi parla.", "La Fiat S.p.A. risponde."],
        ),
        (
            "it",
            "«Il presidente è stato invitato. La visita è in preparazione», ha detto Peskov. Fine.",
            &[
                "«Il presidente è stato invitato. La visita è in preparazione», ha detto Peskov.",
                "Fine.",
            ],
        ),
        (
            "it",
            "Titolo\n\nTesto del pezzo. Altro testo.",
            &["Titolo", "Testo del pezzo.", "Altro testo."],
        ),
        (
            "it",
            "Che cosa? Nessuno lo sa!",
            &["Che cosa?", "Nessuno lo sa!"],
        ),
        (
            "en",
            "Mr. Smith went to Washington. He met Gen. Jones.",
            &["Mr. Smith went to Washington.", "He met Gen. Jones."],
        ),
        (
            "en",
            "The U.S. Army said so. Others disagreed.",
            &["The U.S. Army said so.", "Others disagreed."],
        ),
        (
            "en",
            "He said \"We will win. They will lose.\" Then he left.",
            &["He said \"We will win. They will lose.\"", "Then he left."],
        ),
        (
            "en",
            "It cost 1.5 billion dollars. J. R. Smith paid.",
            &["It cost 1.5 billion dollars.", "J. R. Smith paid."],
        ),
        ("en", "Wait... what? Yes.", &["Wait... what?", "Yes."]),
    ];
    for (lang, text, want) in table {
        assert_eq!(sentences(&a, lang, text), *want, "{text}");
    }
}

#[test]
fn italian_elisions_and_english_clitics_are_split() {
    let a = analyzer();
    assert_eq!(
        token_texts(&a, "it", "dell’Ucraina, l'invasione"),
        ["dell’", "Ucraina", ",", "l'", "invasione"]
    );
    assert_eq!(
        token_texts(&a, "en", "Russia's army"),
        ["Russia", "'s", "army"]
    );
}

#[test]
fn italian_inflections_share_a_stem() {
    let a = analyzer();
    let an = a
        .analyze(
            doc(
                "nordcoreano nordcoreana nordcoreani nordcoreane inviato inviata inviati",
                Some("it"),
            ),
            None,
        )
        .unwrap();
    let stems: Vec<&str> = an.tokens.iter().map(|t| t.stem.as_str()).collect();
    assert!(stems[..4].iter().all(|s| *s == stems[0]), "{stems:?}");
    assert!(stems[4..].iter().all(|s| *s == stems[4]), "{stems:?}");
}

#[test]
fn tokens_carry_offsets_lowercase_and_shape() {
    let a = analyzer();
    let text = "La NATO e l’Italia";
    let an = a.analyze(doc(text, Some("it")), None).unwrap();
    let t = &an.tokens[1];
    assert_eq!(
        (&text[t.span.start..t.span.end], t.lower.as_str(), t.shape),
        ("NATO", "nato", Shape::Upper)
    );
    assert_eq!(an.tokens[3].lower, "l'");
    assert_eq!(an.tokens[4].shape, Shape::Title);
}

#[test]
fn language_is_detected_declared_or_refused() {
    let a = analyzer();
    let it = a
        .analyze(
            doc(
                "La Corea del Nord ha inviato munizioni alla Russia secondo fonti di intelligence.",
                None,
            ),
            None,
        )
        .unwrap();
    assert_eq!((it.lang.as_str(), it.lang_source), ("it", "detected"));
    let en = a
        .analyze(
            doc(
                "North Korea has sent ammunition to Russia, according to intelligence sources.",
                None,
            ),
            None,
        )
        .unwrap();
    assert_eq!(en.lang, "en");
    let de = a.analyze(doc("Nordkorea hat Munition nach Russland geschickt, sagen die Geheimdienste der Vereinigten Staaten.", None), None);
    assert!(
        matches!(de, Err(AnalysisError::UnknownLanguage { .. })),
        "{de:?}"
    );
    let declared = a.analyze(doc("testo", Some("it-IT")), None).unwrap();
    assert_eq!(
        (declared.lang.as_str(), declared.lang_source),
        ("it", "declared")
    );
    let unknown = a.analyze(doc("text", Some("xx")), None).unwrap_err();
    assert!(
        unknown.to_string().contains("no language pack"),
        "{unknown}"
    );
}

proptest::proptest! {
    #[test]
    fn analysis_never_panics(s in "\\PC{0,300}", lang in proptest::sample::select(vec!["it", "en"])) {
        let a = analyzer();
        let an = a.analyze(doc(&s, Some(lang)), None).unwrap();
        // Tokens are in order, inside the text, on char boundaries; sentences cover tokens.
        let mut last = 0;
        for t in &an.tokens {
            proptest::prop_assert!(t.span.start >= last && t.span.end <= s.len() && t.span.start < t.span.end);
            proptest::prop_assert!(s.is_char_boundary(t.span.start) && s.is_char_boundary(t.span.end));
            last = t.span.end;
        }
        let covered: usize = an.sentences.iter().map(|x| x.end_token - x.first_token).sum();
        proptest::prop_assert_eq!(covered, an.tokens.len());
    }

    #[test]
    fn analysis_never_panics_on_quotes_and_marks(s in "[«»“”\"'’. ?!\\nA-Za-zàé\u{200b}\u{202e}ا]{0,200}") {
        let a = analyzer();
        let _ = a.analyze(doc(&s, Some("it")), None).unwrap();
    }
}

#[test]
fn text_without_sentence_ends_is_cut_into_bounded_sentences() {
    let a = analyzer();
    let text = "parola ".repeat(5000);
    let an = a.analyze(doc(&text, Some("it")), None).unwrap();
    assert_eq!(an.tokens.len(), 5000);
    assert!(an.sentences.len() >= 5000 / sentences::MAX_SENTENCE_TOKENS);
    assert!(an
        .sentences
        .iter()
        .all(|s| s.end_token - s.first_token <= sentences::MAX_SENTENCE_TOKENS));
    let covered: usize = an
        .sentences
        .iter()
        .map(|s| s.end_token - s.first_token)
        .sum();
    assert_eq!(covered, 5000);
}
