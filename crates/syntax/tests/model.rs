//! Training on a tiny embedded treebank: accuracy on its own sentences,
//! determinism, serialisation, robustness on arbitrary input.

use proptest::prelude::*;
use std::sync::OnceLock;
use vedetta_syntax::conllu::{self, Sentence};
use vedetta_syntax::{eval, train_sentences, Model, ParsedWord, TrainOptions};

const TINY: &str = include_str!("data/en_tiny.conllu");

fn opts() -> TrainOptions {
    TrainOptions {
        seed: 7,
        tagger_epochs: 6,
        lemma_epochs: 4,
        parser_epochs: 10,
        folds: 2,
        verbose: false,
        ..TrainOptions::default()
    }
}

fn sents() -> Vec<Sentence> {
    conllu::read_str(TINY).unwrap()
}

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| train_sentences("en", &sents(), &sents(), &opts()).unwrap())
}

fn assert_tree(words: usize, parsed: &[ParsedWord]) {
    assert_eq!(parsed.len(), words);
    if words == 0 {
        return;
    }
    let roots = parsed.iter().filter(|p| p.head == 0).count();
    assert_eq!(roots, 1, "exactly one root");
    for (i, p) in parsed.iter().enumerate() {
        assert!(p.head <= words, "head in range");
        assert_ne!(p.head, i + 1, "no self loop");
        assert_eq!(p.head == 0, p.deprel == "root", "root label iff head 0");
        // walk up: must reach the root within `words` steps
        let mut x = i + 1;
        let mut steps = 0;
        while x != 0 {
            x = parsed[x - 1].head;
            steps += 1;
            assert!(steps <= words, "cycle");
        }
    }
}

#[test]
fn parses_training_sentences_well() {
    let gold = sents();
    let (s, pred) = eval::evaluate(model(), &gold).unwrap();
    assert!(s.upos > 95.0, "UPOS {}", s.upos);
    assert!(s.uas > 90.0, "UAS {}", s.uas);
    assert!(s.las > 85.0, "LAS {}", s.las);
    assert!(s.lemma > 90.0, "lemma {}", s.lemma);
    // prediction keeps the tokenisation: multiword lines and comments
    assert_eq!(
        conllu::write_string(&pred).lines().count(),
        TINY.lines().count()
    );
    // raw-text alignment of a perfect analysis is perfect
    let a = eval::score_aligned(&gold, &gold).unwrap();
    assert!((a.words.f1 - 100.0).abs() < 1e-9 && (a.las.f1 - 100.0).abs() < 1e-9);
    let a = eval::score_aligned(&gold, &pred).unwrap();
    assert!((a.tokens.f1 - 100.0).abs() < 1e-9);
    assert!((a.uas.f1 - s.uas).abs() < 1e-6);
}

#[test]
fn model_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Model>();
}

#[test]
fn analysis_to_conllu() {
    let text = "Russia's army attacked.";
    let spans = [(0, 8), (9, 13), (14, 22), (22, 23)];
    let a = model().analyze(text, &spans).unwrap();
    let s = a.to_sentence(text, &spans);
    let out = conllu::write_string(std::slice::from_ref(&s));
    let back = conllu::read_str(&out).unwrap();
    assert_eq!(back[0], s);
    assert!(out.contains("1-2\tRussia's\t"));
    assert!(out.contains("\tSpaceAfter=No\n5\t.\t"));
}

#[test]
fn training_is_deterministic() {
    let again = train_sentences("en", &sents(), &sents(), &opts()).unwrap();
    assert_eq!(model().to_bytes(), again.to_bytes());
}

#[test]
fn serialisation_round_trip() {
    let m = model();
    let bytes = m.to_bytes();
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    let words = ["The", "police", "attacked", "the", "city", "."];
    assert_eq!(m.parse(&words), back.parse(&words));
    assert_eq!(back.lang(), "en");
}

#[test]
fn corrupted_models_are_errors() {
    let bytes = model().to_bytes();
    for cut in [0, 1, 10, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(Model::from_bytes(&bytes[..cut]).is_err());
    }
    assert!(Model::from_bytes(b"not a model at all").is_err());
    // valid gzip, garbage inside
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut enc, b"VSYN\x01\x00\x00\x00\xff\xff\xff\xff").unwrap();
    assert!(Model::from_bytes(&enc.finish().unwrap()).is_err());
}

#[test]
fn analyze_from_text_and_spans() {
    let m = model();
    let text = "I don't like cats.";
    let spans = [(0, 1), (2, 7), (8, 12), (13, 17), (17, 18)];
    let a = m.analyze(text, &spans).unwrap();
    let forms: Vec<&str> = a.words.iter().map(|w| w.form.as_str()).collect();
    assert_eq!(forms, ["I", "do", "n't", "like", "cats", "."]);
    assert!(a.words[1].multiword && a.words[2].multiword);
    assert_eq!((a.words[2].start, a.words[2].end), (4, 7));
    assert_tree(6, &a.parsed);
    assert_eq!(a.parsed[3].deprel, "root");
}

#[test]
fn edge_inputs_give_trees() {
    let m = model();
    assert!(m.parse(&[]).is_empty());
    let long: Vec<String> = (0..600)
        .map(|i| ["the", "cat", "sees", "a", "dog", ",", "and"][i % 7].to_string())
        .collect();
    let long: Vec<&str> = long.iter().map(|s| s.as_str()).collect();
    let cases: Vec<Vec<&str>> = vec![
        vec!["."],
        vec![".", ",", "!", "?", "..."],
        vec![""],
        vec!["", "", ""],
        vec![
            "\u{0}",
            "\u{202e}",
            "\u{1F600}",
            "e\u{301}",
            "\u{FEFF}",
            "ǅ",
            "İ",
        ],
        vec!["Ω", "\t", "\n", " "],
        long,
    ];
    for c in cases {
        assert_tree(c.len(), &m.parse(&c));
    }
    assert!(m.analyze("", &[]).unwrap().parsed.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn parse_always_yields_a_tree(words in proptest::collection::vec(".{0,8}", 0..40)) {
        let refs: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
        let parsed = model().parse(&refs);
        assert_tree(refs.len(), &parsed);
    }

    #[test]
    fn split_never_panics(text in ".{0,30}", cuts in proptest::collection::vec(0usize..40, 0..8)) {
        let mut spans = Vec::new();
        let mut last = 0;
        let mut sorted = cuts.clone();
        sorted.sort();
        for c in sorted {
            spans.push((last, c));
            last = c;
        }
        // may be an error (bad offsets) but must never panic
        if let Ok(a) = model().analyze(&text, &spans) {
            assert_tree(a.words.len(), &a.parsed);
        }
    }
}
