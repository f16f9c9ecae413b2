//! End-to-end checks of `vedetta analyze` on the seed article against its gold annotation
//! (`../shared/gold/seed-it.jsonl`, beside the repository as in CI).

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(
        p.join("gold/seed-it.jsonl").is_file(),
        "../shared/gold/seed-it.jsonl is missing: CI lays shared/ beside the clone"
    );
    p
}

fn analyze(args: &[&str]) -> (Vec<Value>, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_vedetta"))
        .arg("analyze")
        .args(args)
        .output()
        .expect("run vedetta");
    let docs = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        docs,
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn fold(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn gold() -> Value {
    let text = std::fs::read_to_string(shared().join("gold/seed-it.jsonl")).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

#[test]
fn seed_mentions_are_found_with_their_codes() {
    let seed = shared().join("corpus/seed-it-2024-05-nk-russia.txt");
    let (docs, stderr, code) = analyze(&[seed.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let doc = &docs[0];
    assert_eq!(doc["document"]["date"], "2024-05");
    assert_eq!(doc["document"]["date_precision"], "month");
    assert_eq!(doc["document"]["lang"], "it");
    let mentions = doc["mentions"].as_array().unwrap();
    let gold = gold();
    let mut found = 0;
    let mut missed = Vec::new();
    for g in gold["mentions"].as_array().unwrap() {
        let (text, actor) = (g["text"].as_str().unwrap(), g["actor"].as_str().unwrap());
        let hit = mentions.iter().any(|m| {
            m["text"]
                .as_str()
                .is_some_and(|t| t == text || t.contains(text))
                && m["code"].as_str() == Some(actor)
        });
        if hit {
            found += 1;
        } else {
            missed.push(format!("{text}={actor}"));
        }
    }
    assert!(
        found >= 18,
        "only {found}/21 gold mentions found; missed {missed:?}"
    );
    // Offsets are character offsets into the document text.
    let text: Vec<char> = doc["document"]["text"].as_str().unwrap().chars().collect();
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[s..e].iter().collect::<String>(),
            m["text"].as_str().unwrap()
        );
    }
}

#[test]
fn seed_sentences_keep_quotes_and_evidence_whole() {
    let seed = shared().join("corpus/seed-it-2024-05-nk-russia.txt");
    let (docs, _, _) = analyze(&[seed.to_str().unwrap()]);
    let sentences: Vec<String> = docs[0]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| fold(s["text"].as_str().unwrap()))
        .collect();
    let text = docs[0]["document"]["text"].as_str().unwrap();
    // Every «…» quotation lies inside one sentence.
    let mut quotes = Vec::new();
    let mut rest = text;
    while let Some(a) = rest.find('«') {
        let after = &rest[a + '«'.len_utf8()..];
        let Some(b) = after.find('»') else { break };
        quotes.push(fold(&after[..b]));
        rest = &after[b..];
    }
    assert!(quotes.len() >= 5, "{quotes:?}");
    for q in &quotes {
        assert!(
            sentences.iter().any(|s| s.contains(q.as_str())),
            "quote split across sentences: «{q}»"
        );
    }
    // Every gold evidence string lies inside one sentence.
    for ev in gold()["events"].as_array().unwrap() {
        let e = fold(ev["evidence"].as_str().unwrap());
        assert!(
            sentences.iter().any(|s| s.contains(e.as_str())),
            "evidence split: {e}"
        );
    }
}

#[test]
fn a_bad_input_is_reported_and_the_batch_goes_on() {
    let dir = std::env::temp_dir().join(format!("vedetta-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, "date 2024-05-17 La Russia ha attaccato l'Ucraina.").unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"id\":\"1\",\"text\":\"Russia and Ukraine.\",\"lang\":\"en\"}\n{not json\n{\"id\":\"3\",\"text\":\"Die Bundesregierung hat heute in Berlin neue Maßnahmen beschlossen und verkündet.\"}\n").unwrap();
    let (docs, stderr, code) = analyze(&[bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(docs.len(), 2, "{stderr}");
    assert!(stderr.contains("bad.jsonl:2: broken JSON"), "{stderr}");
    assert!(stderr.contains("bad.jsonl:3: language"), "{stderr}");
    assert!(
        stderr.contains("analysed 2 documents, 2 failed"),
        "{stderr}"
    );
}

#[test]
fn output_is_deterministic() {
    let seed = shared().join("corpus/seed-it-2024-05-nk-russia.txt");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_vedetta"))
            .args(["analyze", "--tokens"])
            .arg(&seed)
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}
