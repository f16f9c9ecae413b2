//! Wikidata JSON dump lines (`vedetta actors import-wikidata`). Even first byte: the dump
//! reader and entity parser line by line (fast); odd: the whole import (one thread) into a
//! temporary folder, which also classifies entities and writes the TSV files.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vedetta_wikidata::dump::{entity_json, entity_range, Compression, DumpReader, LineRead};
use vedetta_wikidata::entity::parse_entity;
use vedetta_wikidata::{ImportOptions, Mapping};

fn mapping() -> &'static Mapping {
    static M: OnceLock<Mapping> = OnceLock::new();
    M.get_or_init(|| Mapping::load(&vedetta_data::DataSource::Embedded).expect("mapping"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    let max_line = if flag & 2 == 0 { 1 << 20 } else { 64 };
    if flag & 1 == 0 {
        let langs = vec!["it".to_string(), "en".to_string()];
        let mut r = DumpReader::from_reader(
            std::io::Cursor::new(rest.to_vec()),
            "fuzz.json",
            Compression::None,
            max_line,
        );
        let mut buf = Vec::new();
        while let Ok(Some(read)) = r.next_line(&mut buf) {
            if let LineRead::Line(_) = read {
                if let Some(range) = entity_range(&buf) {
                    assert_eq!(Some(&buf[range]), entity_json(&buf));
                }
                if let Some(json) = entity_json(&buf) {
                    if let Ok(Some(rec)) = parse_entity(json, &langs) {
                        let _ = rec.qid_string();
                    }
                }
            }
        }
    } else {
        let out = tempfile::tempdir().expect("tempdir");
        let opts = ImportOptions {
            threads: 1,
            max_line_bytes: max_line,
            sort_buffer_bytes: 4096,
            ..ImportOptions::default()
        };
        let r = DumpReader::from_reader(
            std::io::Cursor::new(rest.to_vec()),
            "fuzz.json",
            Compression::None,
            max_line,
        );
        let _ = vedetta_wikidata::import::import_reader(r, mapping(), &opts, out.path());
    }
});
