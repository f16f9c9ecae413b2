//! Table-driven tests of token → syntactic word splitting (with offsets),
//! using splitters learned from small embedded treebank samples.

use vedetta_syntax::{conllu, SplitWord, Splitter, SplitterOptions};

fn learn(data: &str) -> Splitter {
    Splitter::learn(
        &conllu::read_str(data).unwrap(),
        &SplitterOptions::default(),
    )
}

/// Token spans: whitespace-separated pieces of `text`.
fn ws_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            if let Some(s) = start.take() {
                v.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        v.push((s, text.len()));
    }
    v
}

type Expected = &'static [(&'static str, usize, usize, usize, bool)];
type Case = (&'static str, Option<&'static [(usize, usize)]>, Expected);

fn check(sp: &Splitter, text: &str, tokens: Option<&[(usize, usize)]>, want: Expected) {
    let toks = match tokens {
        Some(t) => t.to_vec(),
        None => ws_tokens(text),
    };
    let got = sp.split(text, &toks).unwrap();
    let got: Vec<(String, usize, usize, usize, bool)> = got
        .into_iter()
        .map(
            |SplitWord {
                 form,
                 start,
                 end,
                 token,
                 multiword,
             }| (form, start, end, token, multiword),
        )
        .collect();
    let want: Vec<(String, usize, usize, usize, bool)> = want
        .iter()
        .map(|&(f, s, e, t, m)| (f.to_string(), s, e, t, m))
        .collect();
    assert_eq!(got, want, "text {text:?}");
}

#[test]
fn italian_cases() {
    let sp = learn(include_str!("data/it_split.conllu"));
    let cases: &[Case] = &[
        (
            "capo della polizia",
            None,
            &[
                ("capo", 0, 4, 0, false),
                ("di", 5, 8, 1, true),
                ("la", 8, 10, 1, true),
                ("polizia", 11, 18, 2, false),
            ],
        ),
        // the tokenizer already split the elision
        (
            "dell'Ucraina",
            Some(&[(0, 5), (5, 12)]),
            &[
                ("di", 0, 3, 0, true),
                ("l'", 3, 5, 0, true),
                ("Ucraina", 5, 12, 1, false),
            ],
        ),
        (
            "nel bosco",
            None,
            &[
                ("in", 0, 3, 0, true),
                ("il", 0, 3, 0, true),
                ("bosco", 4, 9, 1, false),
            ],
        ),
        (
            "darglielo",
            None,
            &[
                ("dar", 0, 3, 0, true),
                ("glie", 3, 7, 0, true),
                ("lo", 7, 9, 0, true),
            ],
        ),
        // unseen verbs: suffix rules generalise
        (
            "mandarglielo",
            None,
            &[
                ("mandar", 0, 6, 0, true),
                ("glie", 6, 10, 0, true),
                ("lo", 10, 12, 0, true),
            ],
        ),
        (
            "lamentarsi",
            None,
            &[("lamentar", 0, 8, 0, true), ("si", 8, 10, 0, true)],
        ),
        (
            "considerarsi",
            None,
            &[("considerar", 0, 10, 0, true), ("si", 10, 12, 0, true)],
        ),
        // a plain word with a clitic-like ending is not split
        ("stessi", None, &[("stessi", 0, 6, 0, false)]),
        (
            "Della",
            None,
            &[("Di", 0, 3, 0, true), ("la", 3, 5, 0, true)],
        ),
        // byte offsets with multi-byte characters
        (
            "città della",
            None,
            &[
                ("città", 0, 6, 0, false),
                ("di", 7, 10, 1, true),
                ("la", 10, 12, 1, true),
            ],
        ),
    ];
    for (text, toks, want) in cases {
        check(&sp, text, *toks, want);
    }
}

#[test]
fn english_cases() {
    let sp = learn(include_str!("data/en_split.conllu"));
    let cases: &[Case] = &[
        (
            "I don't know",
            None,
            &[
                ("I", 0, 1, 0, false),
                ("do", 2, 4, 1, true),
                ("n't", 4, 7, 1, true),
                ("know", 8, 12, 2, false),
            ],
        ),
        // already split by the tokenizer
        (
            "don't",
            Some(&[(0, 2), (2, 5)]),
            &[("do", 0, 2, 0, false), ("n't", 2, 5, 1, false)],
        ),
        (
            "Russia's army",
            None,
            &[
                ("Russia", 0, 6, 0, true),
                ("'s", 6, 8, 0, true),
                ("army", 9, 13, 1, false),
            ],
        ),
        (
            "Russia's",
            Some(&[(0, 6), (6, 8)]),
            &[("Russia", 0, 6, 0, false), ("'s", 6, 8, 1, false)],
        ),
        (
            "Putin's",
            None,
            &[("Putin", 0, 5, 0, true), ("'s", 5, 7, 0, true)],
        ),
        (
            "cannot",
            None,
            &[("can", 0, 3, 0, true), ("not", 3, 6, 0, true)],
        ),
        (
            "gonna",
            None,
            &[("gon", 0, 3, 0, true), ("na", 3, 5, 0, true)],
        ),
        (
            "shouldn't",
            None,
            &[("should", 0, 6, 0, true), ("n't", 6, 9, 0, true)],
        ),
        (
            "Don't",
            None,
            &[("Do", 0, 2, 0, true), ("n't", 2, 5, 0, true)],
        ),
        (
            "it\u{2019}s",
            None,
            &[("it", 0, 2, 0, true), ("\u{2019}s", 2, 6, 0, true)],
        ),
        ("army", None, &[("army", 0, 4, 0, false)]),
    ];
    for (text, toks, want) in cases {
        check(&sp, text, *toks, want);
    }
}

#[test]
fn bad_spans_are_errors() {
    let sp = learn(include_str!("data/en_split.conllu"));
    assert!(sp.split("abc", &[(0, 10)]).is_err());
    assert!(sp.split("abc", &[(2, 1)]).is_err());
    assert!(sp.split("città", &[(0, 5)]).is_err()); // inside "à"
    assert!(sp.split("abc", &[(1, 1)]).unwrap().is_empty());
}
