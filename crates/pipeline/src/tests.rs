use super::*;
use crate::stage::{check_order, Layer, Layers, Stage};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(&Config::default()).expect("the embedded data loads"))
}

fn doc(id: &str, source: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        source: source.into(),
        date: vedetta_model::PartialDate::parse("2024-05-17").ok(),
        lang: None,
        title: None,
        url: None,
        text: text.into(),
    }
}

#[test]
fn each_pack_runs_its_stages_in_order() {
    let p = pipeline();
    for lang in ["it", "en"] {
        assert_eq!(
            p.stage_names(lang),
            [
                "analysis",
                "mentions",
                "syntax",
                "time",
                "quotes",
                "quantities",
                "coding",
                "geo"
            ]
        );
    }
    let d = p
        .code(
            doc("a", "a.txt", "Russia attacked Ukraine on Monday."),
            None,
        )
        .unwrap();
    assert_eq!(d.analysis.lang, "en");
    for l in [
        Layer::Tokens,
        Layer::Mentions,
        Layer::Timexes,
        Layer::Events,
        Layer::Attribution,
    ] {
        assert!(d.layers.has(l), "{l:?}");
    }
    assert!(d.layers.has(Layer::Syntax));
    let words: Vec<(&str, &str, u32)> = d.syntax[0]
        .words
        .iter()
        .map(|w| (w.form.as_str(), w.deprel.as_str(), w.head))
        .collect();
    assert_eq!(words[0], ("Russia", "nsubj", 2), "{words:?}");
    assert_eq!(words[1], ("attacked", "root", 0), "{words:?}");
    assert_eq!(words[2], ("Ukraine", "obj", 2), "{words:?}");
    assert_eq!(d.events.len(), 1, "{:?}", d.events);
    assert_eq!(d.events[0].event_type.as_str(), "ASSAULT");
}

#[test]
fn a_stage_before_what_it_needs_is_refused() {
    let p = pipeline();
    let err = p
        .stage_list("xx", &["coding".into(), "mentions".into()])
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("lang/xx/lang.toml")
            && (err.contains("\"coding\" needs syntax")
                || err.contains("\"coding\" needs mentions")),
        "{err}"
    );
    let err = p
        .stage_list("xx", &["parse".into()])
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("unknown stage \"parse\""), "{err}");
    // A stage needing nothing but tokens is fine alone.
    assert!(p.stage_list("xx", &["time".into()]).is_ok());
    struct Needs;
    impl Stage for Needs {
        fn name(&self) -> &'static str {
            "needs"
        }
        fn requires(&self) -> &'static [Layer] {
            &[Layer::Syntax]
        }
        fn adds(&self) -> &'static [Layer] {
            &[]
        }
        fn run(&self, _: &mut Doc) {}
    }
    assert_eq!(
        check_order(&[&Needs], Layers::default()),
        Err(("needs", Layer::Syntax))
    );
}

#[test]
fn document_ids_are_the_same_for_code_and_ingest() {
    // A JSONL line's given id is kept; anything else is named by its text.
    let text = "La Russia ha attaccato l'Ucraina.";
    let hash = vedetta_store::content_id(text);
    assert_eq!(document_id(&doc("given", "in.jsonl:3", text)), "given");
    assert_eq!(document_id(&doc("in.jsonl:3", "in.jsonl:3", text)), hash);
    assert_eq!(document_id(&doc("seed", "dir/seed.txt", text)), hash);
    assert_eq!(document_id(&doc("feed.xml:2", "feed.xml:2", text)), hash);
    let coded = pipeline()
        .code_one(doc("seed", "dir/seed.txt", text), None)
        .unwrap();
    assert_eq!(coded.analysis.doc.id, hash);
}

#[test]
fn run_stats_say_which_languages_were_guessed_and_warn_once_about_dates() {
    let p = pipeline();
    let mut stats = batch::RunStats::default();
    let mut undated = doc("x", "x.txt", "Russia attacked Ukraine.");
    undated.date = None;
    for d in [
        undated,
        doc(
            "y",
            "y.txt",
            "La Russia ha attaccato l'Ucraina ieri mattina.",
        ),
        {
            let mut d = doc("z", "z.jsonl:1", "Italy met France.");
            d.lang = Some("en".into());
            d
        },
    ] {
        stats.add(&p.code(d, None).unwrap());
    }
    let lines = stats.summary();
    let text: Vec<String> = lines
        .iter()
        .map(|(s, l)| format!("{}: {l}", s.label()))
        .collect();
    assert!(
        text.iter()
            .any(|l| l.contains("languages detected: en 1, it 1")),
        "{text:?}"
    );
    let dated: Vec<&String> = text.iter().filter(|l| l.contains("no date")).collect();
    assert_eq!(dated.len(), 1, "{text:?}");
    assert!(
        dated[0].starts_with("warning: 1 document had no date (e.g. x.txt)"),
        "{text:?}"
    );
}

#[test]
fn a_short_english_text_is_english() {
    let p = pipeline();
    for t in [
        "Russia attacked Ukraine.",
        "Putin met Xi.",
        "Hamas fired rockets.",
    ] {
        let d = p.code(doc("a", "a.txt", t), None).unwrap();
        assert_eq!(d.analysis.lang, "en", "{t}");
        assert!(d.analysis.lang_confidence.is_some());
    }
    for t in [
        "La Russia ha attaccato l'Ucraina.",
        "Putin ha incontrato Xi.",
    ] {
        assert_eq!(
            p.code(doc("a", "a.txt", t), None).unwrap().analysis.lang,
            "it",
            "{t}"
        );
    }
    // Other languages are still refused by name.
    let e = p
        .code(
            doc(
                "a",
                "a.txt",
                "Le gouvernement français a annoncé de nouvelles sanctions contre la Russie.",
            ),
            None,
        )
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("\"fra\""), "{e}");
}

/// The syntax stage on vedetta's tokens, with the shipped models: contractions and clitics
/// split into UD words (with exact offsets where a word is part of its token), in both
/// languages.
#[test]
fn the_syntax_stage_splits_contractions_and_clitics_with_offsets() {
    let p = pipeline();
    // (lang, text, words of the first sentence as (form, text at its span)): a word that is
    // not a literal part of its token gets the part it comes from ("del" of "della").
    let table: &[(&str, &str, &[(&str, &str)])] = &[
        (
            "it",
            "La sede della NATO.",
            &[
                ("La", "La"),
                ("sede", "sede"),
                ("di", "del"),
                ("la", "la"),
                ("NATO", "NATO"),
                (".", "."),
            ],
        ),
        (
            "it",
            "L'attacco dell'esercito.",
            &[
                ("L'", "L'"),
                ("attacco", "attacco"),
                ("di", "del"),
                ("l'", "l'"),
                ("esercito", "esercito"),
                (".", "."),
            ],
        ),
        (
            "it",
            "Nel paese si vota.",
            &[
                ("In", "Nel"),
                ("il", "Nel"),
                ("paese", "paese"),
                ("si", "si"),
                ("vota", "vota"),
                (".", "."),
            ],
        ),
        (
            "it",
            "Vuole darglielo subito.",
            &[
                ("Vuole", "Vuole"),
                ("dar", "dar"),
                ("glie", "glie"),
                ("lo", "lo"),
                ("subito", "subito"),
                (".", "."),
            ],
        ),
        (
            "en",
            "They don't agree.",
            &[
                ("They", "They"),
                ("do", "do"),
                ("n't", "n't"),
                ("agree", "agree"),
                (".", "."),
            ],
        ),
        (
            "en",
            "Russia's army attacked.",
            &[
                ("Russia", "Russia"),
                ("'s", "'s"),
                ("army", "army"),
                ("attacked", "attacked"),
                (".", "."),
            ],
        ),
        (
            "en",
            "We cannot stop.",
            &[
                ("We", "We"),
                ("can", "can"),
                ("not", "not"),
                ("stop", "stop"),
                (".", "."),
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (lang, text, want) in table {
        let mut d = doc("t", "t.txt", text);
        d.lang = Some(lang.to_string());
        let coded = p.code(d, None).unwrap();
        // Every sentence, not only those the coder wants parsed.
        let all = crate::stages::parse_sentences(&p.syntax[*lang], &coded.analysis);
        let got: Vec<(String, String)> = all[0]
            .words
            .iter()
            .map(|w| (w.form.clone(), text[w.span.start..w.span.end].to_string()))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        if got != want {
            failures.push(format!("{text}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever the text, the syntax stage gives every sentence one tree: one root, heads in
    /// range, no cycles, every word inside the text.
    #[test]
    fn syntax_is_always_one_tree_per_sentence(
        text in "[a-zA-Zàèéìòù'’«»\"().,;:!?0-9 \n-]{0,300}",
        lang in proptest::sample::select(vec!["it", "en"]),
    ) {
        let p = pipeline();
        let mut d = doc("t", "t.txt", &text);
        d.lang = Some(lang.to_string());
        let Ok(coded) = p.code(d, None) else { return Ok(()) };
        // The stage parses the sentences the coder wants, in order; every sentence can be
        // parsed.
        proptest::prop_assert!(coded.syntax.windows(2).all(|w| w[0].sentence < w[1].sentence));
        let all = crate::stages::parse_sentences(&p.syntax[lang], &coded.analysis);
        proptest::prop_assert_eq!(all.len(), coded.analysis.sentences.len());
        for s in all.iter().chain(&coded.syntax) {
            let n = s.words.len();
            if n == 0 {
                continue;
            }
            let roots = s.words.iter().filter(|w| w.head == 0).count();
            proptest::prop_assert_eq!(roots, 1, "{:?}", s.words);
            for (i, w) in s.words.iter().enumerate() {
                proptest::prop_assert!((w.head as usize) <= n);
                proptest::prop_assert!(w.span.end <= text.len());
                // Following heads from any word reaches the root in at most n steps.
                let (mut k, mut steps) = (i + 1, 0);
                while k != 0 {
                    k = s.words[k - 1].head as usize;
                    steps += 1;
                    proptest::prop_assert!(steps <= n, "a cycle through word {}", i + 1);
                }
            }
        }
    }
}

#[test]
fn explain_lists_every_candidate_with_its_verdict() {
    let p = pipeline();
    let mut d = doc(
        "e",
        "e.txt",
        "Russia attacked Ukraine. An attack was reported in the north.",
    );
    d.lang = Some("en".into());
    let (coded, trace) = p.explain(d, None).unwrap();
    // The coded candidate: pattern, arguments and how they were found.
    let attack = trace
        .iter()
        .find(|t| t.form == "attacked")
        .expect("the verb is a candidate");
    assert_eq!(attack.verdict, vedetta_coding::Verdict::Coded);
    assert_eq!(attack.event_type.as_str(), "ASSAULT");
    assert_eq!(attack.actors, ["Russia=RUS"]);
    assert_eq!(attack.recipients, ["Ukraine=UKR"]);
    assert_eq!(attack.sentence, 0);
    assert_eq!(attack.word, 2);
    // Explaining codes the same events as coding.
    let plain = p
        .code(
            {
                let mut d = doc(
                    "e",
                    "e.txt",
                    "Russia attacked Ukraine. An attack was reported in the north.",
                );
                d.lang = Some("en".into());
                d
            },
            None,
        )
        .unwrap();
    assert_eq!(coded.events.len(), plain.events.len());
    assert_eq!(
        trace
            .iter()
            .filter(|t| t.verdict == vedetta_coding::Verdict::Coded)
            .count(),
        coded.events.len()
    );
}

#[test]
fn a_demand_that_is_a_protests_purpose_is_part_of_the_protest() {
    let p = pipeline();
    for (lang, text, protest, demand) in [
        (
            "en",
            "Thousands of Indonesian students staged mass demonstrations on Saturday to demand political reforms.",
            "demonstrations",
            "demand",
        ),
        (
            "it",
            "Gli studenti indonesiani hanno organizzato manifestazioni di massa per chiedere riforme politiche.",
            "manifestazioni",
            "chiedere",
        ),
    ] {
        let mut d = doc("p", "p.txt", text);
        d.lang = Some(lang.into());
        let (coded, trace) = p.explain(d, None).unwrap();
        let act = trace.iter().find(|t| t.form == protest).expect("the protest");
        let purpose = trace.iter().find(|t| t.form == demand).expect("the demand");
        assert_eq!(act.verdict, vedetta_coding::Verdict::Coded, "{text}");
        assert_eq!(
            purpose.verdict,
            vedetta_coding::Verdict::PurposeOf(act.word - 1),
            "{text}"
        );
        let types: Vec<&str> = coded.events.iter().map(|e| e.event_type.as_str()).collect();
        assert_eq!(types, ["PROTEST"], "{text}");
    }
}

#[test]
fn what_is_rejected_is_not_coded_as_well() {
    let p = pipeline();
    let mut d = doc(
        "r",
        "r.txt",
        "Bangladesh rejected an Indian proposal for signing a free trade agreement.",
    );
    d.lang = Some("en".into());
    let (coded, trace) = p.explain(d, None).unwrap();
    let reject = trace
        .iter()
        .find(|t| t.form == "rejected")
        .expect("the verb");
    let signing = trace
        .iter()
        .find(|t| t.form == "signing")
        .expect("the nested act");
    assert_eq!(reject.verdict, vedetta_coding::Verdict::Coded);
    assert_eq!(
        signing.verdict,
        vedetta_coding::Verdict::InComplementOf(reject.word - 1)
    );
    let types: Vec<&str> = coded.events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types, ["REJECT"]);
}
