//! Dictionary files a user can supply (`--actors PATH`, `--data DIR`, `actors import` output):
//! actor TSV, language-pack lists and TOML rules, `lang.toml`, `offices.tsv` and the Wikidata
//! mapping files. The first byte picks the file; the rest is its text. Rules that load are then
//! run on a fixed analysed sentence.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vedetta_analysis::LangPack;
use vedetta_data::{DataFile, DataSource};
use vedetta_fuzz::pipeline;
use vedetta_model::{Analysis, Document, PartialDate};

const SAMPLE: &str = "date 2024-05\nIl presidente russo Vladimir Putin ha detto ieri: «Invieremo \
    aiuti alla Corea del Nord», secondo l'agenzia Tass. Circa 3.000 soldati, il 12 maggio 2024. \
    The U.S. Secretary of State said on Monday that 1,200 troops might not be sent to Ukraine.";

fn sample(lang: &str) -> &'static Analysis {
    static IT: OnceLock<Analysis> = OnceLock::new();
    static EN: OnceLock<Analysis> = OnceLock::new();
    let cell = if lang == "it" { &IT } else { &EN };
    cell.get_or_init(|| {
        let doc = Document {
            id: "s".into(),
            source: "s.txt".into(),
            date: PartialDate::parse("2024-05-17").ok(),
            lang: None,
            title: None,
            url: None,
            text: SAMPLE.into(),
        };
        pipeline().analyzer.analyze(doc, Some(lang)).expect("sample")
    })
}

/// The pack of `lang` with only `name` among its list files, holding `text`.
fn pack_with(lang: &str, name: &str, text: &str) -> LangPack {
    let mut pack = pipeline().analyzer.pack(lang).expect("pack").clone();
    pack.files = vec![(name.into(), format!("fuzz/{name}"), text.into())];
    pack
}

/// The embedded pack of `lang` with file `name` replaced by `text`.
fn pack_replacing(lang: &str, name: &str, text: &str) -> LangPack {
    let mut pack = pipeline().analyzer.pack(lang).expect("pack").clone();
    pack.files.retain(|(rel, _, _)| rel != name);
    pack.files.push((name.into(), format!("fuzz/{name}"), text.into()));
    pack
}

fn file(rel: &str, text: &str) -> DataFile {
    DataFile {
        path: format!("fuzz/{rel}"),
        rel: rel.into(),
        text: text.into(),
    }
}

fn embedded(rel: &str) -> DataFile {
    DataSource::Embedded
        .file(rel)
        .expect("embedded")
        .expect("present")
}

const LISTS: [&str; 11] = [
    "agents.tsv",
    "titles.txt",
    "org_keywords.txt",
    "given_names.txt",
    "function_words.txt",
    "loc_keywords.txt",
    "not_names.txt",
    "org_prefixes.txt",
    "loc_cues.txt",
    "name_connectors.txt",
    "name_prefixes.txt",
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();
    let lang = if sel & 0x80 == 0 { "it" } else { "en" };
    let an = sample(lang);
    match sel % 12 {
        0 => {
            // An actor dictionary (`--actors`).
            if let Ok(entries) = vedetta_mentions::dictionary::parse_tsv(&file("actors/x.tsv", text)) {
                let pack = pipeline().analyzer.pack(lang).expect("pack");
                let mut b = vedetta_mentions::gazetteer::GazetteerBuilder::default();
                for (i, e) in entries.iter().enumerate() {
                    let _ = (e.country(), e.sector(), e.is_dated());
                    for f in &e.forms {
                        b.add(f, pack, i);
                    }
                }
                let g = b.build();
                for h in g.find(&an.tokens) {
                    let _ = g.candidates(&h, &an.tokens[h.start]).count();
                }
            }
        }
        1 => {
            let name = LISTS[(sel as usize / 12) % LISTS.len()];
            let _ = vedetta_mentions::lists::Lists::compile(&pack_with(lang, name, text));
        }
        2 => {
            // An event-type file of the lexicon (strictly checked at load).
            let _ = vedetta_coding::lexicon::Lexicon::load(&pack_replacing(lang, "events/assault.toml", text));
        }
        3 => {
            // The frame words (aux cues, light and reporting verbs, slot prepositions).
            let _ = vedetta_coding::lexicon::Lexicon::load(&pack_replacing(lang, "events/frame.toml", text));
        }
        4 => {
            if let Ok(r) = vedetta_mentions::time::TimeRules::from_toml("fuzz/time.toml", text) {
                let _ = vedetta_mentions::time::find_timexes(an, &r);
            }
        }
        5 => {
            if let Ok(r) = vedetta_mentions::quotes::load(&pack_with(lang, "reporting.toml", text)) {
                let _ = vedetta_mentions::quotes::find_quotes(an, &[], &r);
            }
        }
        6 => {
            if let Ok(r) = vedetta_mentions::quantity::load(&pack_with(lang, "quantities.toml", text)) {
                let _ = vedetta_mentions::quantity::find_quantities(an, &r);
            }
        }
        7 => lang_toml(text),
        8 => {
            if let Ok(o) = vedetta_wikidata::offices::Offices::from_file(&file("offices.tsv", text)) {
                for e in o.entries().iter().take(4) {
                    for f in e.forms.iter().take(2) {
                        let _ = o.holder_of(f, PartialDate::parse("2024-05-17").unwrap());
                    }
                }
                let _ = o.holder_of("Q11696", PartialDate::parse("2020").unwrap());
            }
        }
        9 | 10 | 11 => {
            let mut files = [
                embedded("wikidata/classes.toml"),
                embedded("wikidata/positions.toml"),
                embedded("wikidata/countries.tsv"),
            ];
            files[(sel % 12 - 9) as usize].text = text.to_string();
            let _ = vedetta_wikidata::Mapping::from_files(&files[0], &files[1], &files[2]);
        }
        _ => unreachable!(),
    }
});

/// `lang.toml` through the real loader: a data folder with one pack.
fn lang_toml(text: &str) {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(d.path().join("lang/xx")).expect("mkdir");
        d
    });
    std::fs::write(dir.path().join("lang/xx/lang.toml"), text).expect("write");
    if let Ok(pack) = LangPack::load(&DataSource::Dir(dir.path().to_path_buf()), "xx") {
        let toks = vedetta_analysis::tokenize::tokenize(SAMPLE, &pack);
        let _ = vedetta_analysis::sentences::split(SAMPLE, &toks);
    }
}
