//! The Wikidata import on a hand-written dump excerpt in the real format
//! (`tests/fixtures/dump-excerpt.json`, see its README): output files, loading with the
//! dictionary loader, date-aware resolution of people and offices, ambiguity, compressed
//! input, broken lines, `--since`, merging, and the seed article after a merge.

use std::io::Write;
use std::path::{Path, PathBuf};
use vedetta_analysis::Analyzer;
use vedetta_data::DataSource;
use vedetta_mentions::MentionFinder;
use vedetta_model::PartialDate;
use vedetta_wikidata::merge::{merge, MergeOptions};
use vedetta_wikidata::offices::{resolve_name, Offices};
use vedetta_wikidata::{import_dump, ImportOptions, ImportSummary, Mapping};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dump-excerpt.json")
}

fn opts() -> ImportOptions {
    ImportOptions {
        langs: vec!["it".into(), "en".into()],
        ..Default::default()
    }
}

fn import(dump: &Path, o: &ImportOptions) -> (tempfile::TempDir, ImportSummary) {
    let dir = tempfile::tempdir().unwrap();
    let m = Mapping::load(&DataSource::Embedded).unwrap();
    let s = import_dump(dump, &m, o, dir.path()).unwrap();
    (dir, s)
}

fn read(dir: &Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f)).unwrap()
}

fn rows<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

fn date(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn analyzer() -> Analyzer {
    Analyzer::load(&DataSource::Embedded).unwrap()
}

fn finder(an: &Analyzer, extra: &[&Path]) -> MentionFinder {
    let mut files = Vec::new();
    for p in extra {
        files.extend(vedetta_data::read_user_path(p).unwrap());
    }
    MentionFinder::load(&DataSource::Embedded, an, &files).unwrap()
}

#[test]
fn import_writes_people_offices_organisations_and_places() {
    let (dir, s) = import(&fixture(), &opts());
    assert_eq!(s.error_count, 0, "{:?}", s.errors);
    assert_eq!(s.entities, 22);
    let people = read(dir.path(), "people.tsv");
    // One row per office period, with the qualifiers' dates.
    assert!(people.contains(
        "Donald Trump|Trump|Donald J. Trump|Donald John Trump\tUSAGOV\tperson\t*\tQ22686\tDonald Trump\tPresident of the United States\t2017-01-20\t2021-01-20\n"
    ));
    assert!(people.contains(
        "\tUSAGOV\tperson\t*\tQ22686\tDonald Trump\tPresident of the United States\t2025-01-20\t\n"
    ));
    // A position known only from positions.toml (Q11699 is not in the excerpt).
    assert!(people.contains(
        "\tQ6279\tJoe Biden\tVice President of the United States\t2009-01-20\t2017-01-20\n"
    ));
    // Undated fallback rows: current office, else former, else occupation, else the country.
    assert!(people.contains(
        "\tUSAGOV\tperson\t*\tQ22686\tDonald Trump\tPresident of the United States\t\t\n"
    ));
    assert!(people.contains(
        "\tUSAELI\tperson\t*\tQ6279\tJoe Biden\tformer President of the United States\t\t\n"
    ));
    assert!(
        people.contains("\tUSAMED\tperson\t*\tQ999999904\tJohn Example Smith\tjournalist\t\t\n")
    );
    assert!(people.contains("Vladimir Putin|Putin|Vladimir Vladimirovich Putin\tRUSGOV\tperson\t*\tQ7747\tVladimir Putin\tPresident of Russia\t2012-05-07\t\n"));
    assert!(people.contains("\tPRK\tperson\t*\tQ56226\tKim Jong-un\tpolitician\t\t\n"));
    // Organisations: per language when the forms differ; stateless IGOs get `IGO`.
    let orgs = read(dir.path(), "organisations.tsv");
    assert!(orgs.contains(
        "Partito Democratico|PD\tITAPTY\tparty\tit\tQ47729\tDemocratic Party\t\t2007-10-14\t\n"
    ));
    assert!(orgs.contains("Agence France-Presse|AFP\tFRAMED\tmedia\t*\tQ40464\t"));
    assert!(orgs.contains("United Nations|UN\tIGO\tigo\ten\tQ1065\t"));
    let places = read(dir.path(), "places.tsv");
    assert!(places.contains("Roma\tITA\tplace\tit\tQ220\tRome\t"));
    assert!(places.contains("Regno Unito|UK|Gran Bretagna\tGBR\tcountry\tit\tQ145\t"));
    // Office names as forms of their holders, one row per term and language.
    let offices = read(dir.path(), "offices.tsv");
    // Four terms of Q11696 (Obama, Trump, Biden, Trump) and three of Q14211, in it and en.
    assert_eq!(rows(&offices, "\tQ11696").len(), 8);
    assert_eq!(rows(&offices, "\tQ14211").len(), 6);
    assert!(offices.contains("presidente degli Stati Uniti d'America|presidente degli stati uniti d'america|presidente degli Stati Uniti|presidente degli stati uniti|presidente degli USA\tUSAGOV\tperson\tit\tQ6279\tJoe Biden\tPresident of the United States\t2021-01-20\t2025-01-20\tQ11696"));
    // `PM` and `premier britannico` are too generic to stand for the office.
    assert!(!offices.contains("|PM|") && !offices.contains("premier britannico"));
    // Every data row has the columns of its header.
    for (f, n) in [
        ("people.tsv", 9),
        ("organisations.tsv", 9),
        ("places.tsv", 9),
        ("offices.tsv", 10),
    ] {
        for l in read(dir.path(), f).lines().filter(|l| !l.starts_with('#')) {
            assert_eq!(l.split('\t').count(), n, "{f}: {l}");
        }
    }
}

#[test]
fn output_is_deterministic_whatever_the_threads() {
    let one = ImportOptions {
        threads: 1,
        ..opts()
    };
    let four = ImportOptions {
        threads: 4,
        sort_buffer_bytes: 1,
        ..opts()
    };
    let (a, _) = import(&fixture(), &one);
    let (b, _) = import(&fixture(), &four);
    for f in [
        "people.tsv",
        "organisations.tsv",
        "places.tsv",
        "offices.tsv",
    ] {
        assert_eq!(read(a.path(), f), read(b.path(), f), "{f}");
    }
}

#[test]
fn output_loads_with_the_dictionary_loader_and_resolves_people_by_date() {
    let (dir, _) = import(&fixture(), &opts());
    let an = analyzer();
    // The imported folder alone, as `--actors DIR` adds it.
    let files = vedetta_data::read_user_path(dir.path()).unwrap();
    let only = MentionFinder::load(&DataSource::Dir(dir.path().join("none")), &an, &files).unwrap();
    assert!(only
        .entries()
        .iter()
        .any(|e| e.wikidata.as_deref() == Some("Q180589")));
    let f = finder(&an, &[dir.path()]);
    let x = f
        .explain(&an, "Boris Johnson", "en", Some(date("2021-05")))
        .unwrap();
    assert_eq!(x.mention.code.as_deref(), Some("GBRGOV"));
    assert_eq!(x.mention.wikidata.as_deref(), Some("Q180589"));
    let x = f
        .explain(&an, "Liz Truss", "en", Some(date("2022-10-01")))
        .unwrap();
    assert_eq!(x.mention.code.as_deref(), Some("GBRGOV"));
    assert_eq!(
        x.mention.role.as_deref(),
        Some("Prime Minister of the United Kingdom")
    );
}

/// The mentions stage resolves an office phrase to the person holding the office on the
/// document's date, through the office rows of offices.tsv (no code of its own needed).
#[test]
fn office_phrases_resolve_to_the_holder_on_the_date() {
    let (dir, _) = import(&fixture(), &opts());
    let an = analyzer();
    let f = finder(&an, &[dir.path()]);
    let who = |text: &str, lang: &str, d: &str| {
        let x = f.explain(&an, text, lang, Some(date(d))).unwrap();
        (
            x.mention.name.unwrap_or_default(),
            x.mention.code.unwrap_or_default(),
            x.mention.why,
        )
    };
    for (text, lang) in [
        ("il presidente degli Stati Uniti", "it"),
        ("President of the United States", "en"),
        ("the president of the United States", "en"),
    ] {
        assert_eq!(who(text, lang, "2019").0, "Donald Trump", "{text} 2019");
        assert_eq!(who(text, lang, "2023").0, "Joe Biden", "{text} 2023");
        assert_eq!(
            who(text, lang, "2025-06").0,
            "Donald Trump",
            "{text} 2025-06"
        );
        assert_eq!(who(text, lang, "2023").1, "USAGOV");
    }
    // The whole of 2025 is shared by two holders: both are reported.
    let x = f
        .explain(
            &an,
            "President of the United States",
            "en",
            Some(date("2025")),
        )
        .unwrap();
    assert!(x.mention.why.contains("part of 2025"), "{}", x.mention.why);
    assert_eq!(
        x.mention.ambiguous_with.len(),
        1,
        "{:?}",
        x.mention.ambiguous_with
    );
    // 2022's three prime ministers.
    for (d, pm) in [
        ("2022-03-15", "Boris Johnson"),
        ("2022-09-05", "Boris Johnson"),
        ("2022-09-20", "Liz Truss"),
        ("2022-10-24", "Liz Truss"),
        ("2022-10-26", "Rishi Sunak"),
        ("2023-06", "Rishi Sunak"),
    ] {
        assert_eq!(who("Prime Minister of the UK", "en", d).0, pm, "{d}");
        assert_eq!(who("il primo ministro britannico", "it", d).0, pm, "{d}");
    }
}

#[test]
fn holder_of_answers_by_office_id_or_name() {
    let (dir, _) = import(&fixture(), &opts());
    let o = Offices::load(dir.path()).unwrap();
    let h = |office: &str, d: &str| o.holder_of(office, date(d)).unwrap();
    assert_eq!(h("Q11696", "2019-03-01").holder.name, "Donald Trump");
    assert_eq!(h("Q11696", "2023").holder.name, "Joe Biden");
    assert_eq!(
        h("presidente degli Stati Uniti", "2016").holder.name,
        "Barack Obama"
    );
    assert_eq!(h("Q14211", "2022-03").holder.name, "Boris Johnson");
    assert_eq!(
        h("UK Prime Minister", "2022-10-01").holder.name,
        "Liz Truss"
    );
    assert_eq!(h("Q14211", "2023").holder.name, "Rishi Sunak");
    assert_eq!(h("Q14211", "2023").position, "Q14211");
    // Hand-over days: both holders are in office that day.
    assert_eq!(h("Q14211", "2022-09-06").also.len(), 1);
    assert!(
        h("Q14211", "2022-10-25")
            .also
            .contains(&"Liz Truss".to_string())
            || h("Q14211", "2022-10-25").holder.name == "Liz Truss"
    );
    // After the last term of the excerpt: the nearest term, said so.
    assert!(
        h("Q14211", "2025").why.contains("nearest"),
        "{}",
        h("Q14211", "2025").why
    );
    assert!(o.holder_of("Q1", date("2020")).is_none());
}

#[test]
fn two_people_of_one_name_are_both_reported() {
    let (dir, _) = import(&fixture(), &opts());
    let an = analyzer();
    let f = finder(&an, &[dir.path()]);
    let m = resolve_name(f.entries(), "John Example Smith", Some(date("2024"))).unwrap();
    let mut ids = vec![m.chosen.wikidata.clone().unwrap()];
    ids.extend(m.ambiguous.iter().map(|e| e.wikidata.clone().unwrap()));
    ids.sort();
    assert_eq!(ids, ["Q999999903", "Q999999904"]);
    // One entity, several rows: not ambiguous.
    let m = resolve_name(f.entries(), "Boris Johnson", Some(date("2020"))).unwrap();
    assert!(m.ambiguous.is_empty(), "{:?}", m.ambiguous);
}

fn compressed(kind: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = std::fs::read(fixture()).unwrap();
    let p = dir.path().join(format!("dump.json.{kind}"));
    let f = std::fs::File::create(&p).unwrap();
    match kind {
        "gz" => {
            // Two gzip members, as parallel compressors write them.
            let (a, b) = data.split_at(data.len() / 2);
            let mut f = f;
            for part in [a, b] {
                let mut w = flate2::write::GzEncoder::new(&mut f, flate2::Compression::default());
                w.write_all(part).unwrap();
                w.finish().unwrap();
            }
        }
        _ => {
            let mut w = bzip2::write::BzEncoder::new(f, bzip2::Compression::default());
            w.write_all(&data).unwrap();
            w.finish().unwrap();
        }
    }
    (dir, p)
}

#[test]
fn gzip_and_bzip2_dumps_import_the_same() {
    let (plain, _) = import(&fixture(), &opts());
    for kind in ["gz", "bz2"] {
        let (_keep, p) = compressed(kind);
        let (out, s) = import(&p, &opts());
        assert_eq!(s.error_count, 0, "{kind}: {:?}", s.errors);
        assert!(s.input_bytes < s.uncompressed_bytes, "{kind}");
        for f in [
            "people.tsv",
            "organisations.tsv",
            "places.tsv",
            "offices.tsv",
        ] {
            assert_eq!(
                read(plain.path(), f).lines().skip(1).collect::<Vec<_>>(),
                read(out.path(), f).lines().skip(1).collect::<Vec<_>>(),
                "{kind} {f}"
            );
        }
    }
}

#[test]
fn a_broken_line_is_reported_by_number_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture()).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let biden = lines
        .iter()
        .position(|l| l.contains("\"id\":\"Q6279\""))
        .unwrap();
    lines[biden].truncate(300);
    // A line longer than the limit (set above every real line of the excerpt).
    let max = lines.iter().map(|l| l.len()).max().unwrap() + 100;
    let long = biden + 2;
    lines.insert(
        long,
        format!(
            "{{\"type\":\"item\",\"id\":\"Q999999907\",\"labels\":{{\"en\":{{\"language\":\"en\",\"value\":\"{}\"}}}}}},",
            "x".repeat(max)
        ),
    );
    let p = dir.path().join("broken.json");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let o = ImportOptions {
        max_line_bytes: max,
        ..opts()
    };
    let (out, s) = import(&p, &o);
    assert_eq!(s.error_count, 2, "{:?}", s.errors);
    let want = format!("broken.json:{}: invalid entity JSON", biden + 1);
    assert!(s.errors.iter().any(|e| e.contains(&want)), "{:?}", s.errors);
    let want = format!(
        "broken.json:{}: line of {} bytes",
        long + 1,
        lines[long].len()
    );
    assert!(s.errors.iter().any(|e| e.contains(&want)), "{:?}", s.errors);
    let people = read(out.path(), "people.tsv");
    assert!(!people.contains("Q6279"));
    assert!(people.contains("Q180589") && people.contains("Q22686"));
    assert!(read(out.path(), "import-errors.txt").contains(&format!("broken.json:{}:", biden + 1)));
}

#[test]
fn since_drops_terms_that_ended_before_the_year() {
    let o = ImportOptions {
        since: Some(2018),
        ..opts()
    };
    let (dir, s) = import(&fixture(), &o);
    let people = read(dir.path(), "people.tsv");
    assert!(!people.contains("2009-01-20"));
    assert!(people.contains(
        "\tQ22686\tDonald Trump\tPresident of the United States\t2017-01-20\t2021-01-20"
    ));
    // The fallback row still knows the office.
    assert!(people.contains(
        "\tUSAELI\tperson\t*\tQ76\tBarack Obama\tformer President of the United States\t\t\n"
    ));
    assert_eq!(s.terms_before_since, 2);
}

#[test]
fn merge_keeps_curated_entries_and_reports_conflicts() {
    let (imp, _) = import(&fixture(), &opts());
    let out = tempfile::tempdir().unwrap();
    let curated = DataSource::Embedded.files("actors/").unwrap();
    let imported = vedetta_data::read_user_path(imp.path()).unwrap();
    let r = merge(&curated, &imported, out.path(), &MergeOptions::default()).unwrap();
    // Same entity in the curated data (Trump, Biden, Putin, AFP, UN…): curated wins.
    assert!(r.dropped_same_entity >= 10, "{r}");
    // A different entity with a curated form at an overlapping time (the village "Russia").
    let places = read(out.path(), "wikidata-places.tsv");
    assert!(!places.contains("Q999999905"));
    // The UN: curated IGOUNO, imported IGO — a conflict, on stderr and in conflicts.tsv.
    assert!(
        r.conflicts
            .iter()
            .any(|c| c.wikidata == "Q1065" && c.curated.0 == "IGOUNO" && c.imported.0 == "IGO"),
        "{:?}",
        r.conflicts
    );
    // A hand-over day shared with another curated period is no conflict (Trump: curated
    // USAPTY 2021-01-20..2025-01-20, imported office term from 2025-01-20).
    assert!(
        !r.conflicts.iter().any(|c| c.wikidata == "Q22686"),
        "{:?}",
        r.conflicts
    );
    assert!(read(out.path(), "wikidata-offices.tsv").contains(
        "\tUSAGOV\tperson\ten\tQ22686\tDonald Trump\tPresident of the United States\t2025-01-20\t"
    ));
    let conflicts = read(out.path(), "conflicts.tsv");
    assert!(conflicts.lines().all(|l| l.starts_with('#')));
    assert!(conflicts.contains("#Q1065\tUnited Nations\tIGOUNO\tundated\t"));
    // Imported entries of new entities and the office rows are kept; Liz Truss is a curated
    // entry without a Wikidata id, so her imported rows give way to it.
    assert!(read(out.path(), "wikidata-people.tsv").contains("Q999999903"));
    assert!(!read(out.path(), "wikidata-people.tsv").contains("Q999999901"));
    assert!(read(out.path(), "wikidata-offices.tsv").contains("President of the United States"));
    assert!(!read(out.path(), "wikidata-people.tsv").contains("\tQ22686\t"));
    // The merged folder is a complete dictionary: it loads on its own.
    let an = analyzer();
    let files = vedetta_data::read_user_path(out.path()).unwrap();
    let f = MentionFinder::load(&DataSource::Dir(out.path().join("none")), &an, &files).unwrap();
    let x = f
        .explain(
            &an,
            "il presidente degli Stati Uniti",
            "it",
            Some(date("2023")),
        )
        .unwrap();
    assert_eq!(x.mention.name.as_deref(), Some("Joe Biden"));
    let x = f.explain(&an, "Putin", "en", Some(date("2024"))).unwrap();
    assert_eq!(x.mention.code.as_deref(), Some("RUSGOV"));
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The gold mentions of the seed article found (text and code) by a finder.
fn seed_hits(f: &MentionFinder, an: &Analyzer) -> (usize, Vec<String>) {
    let seed = shared().join("corpus/seed-it-2024-05-nk-russia.txt");
    let doc = vedetta_ingest::Reader::new(&[seed], vedetta_ingest::IngestOptions::default())
        .next()
        .unwrap()
        .unwrap();
    let a = an.analyze(doc, None).unwrap();
    let mentions = f.find(&a);
    let gold: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(shared().join("gold/seed-it.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let mut found = 0;
    let mut missed = Vec::new();
    for g in gold["mentions"].as_array().unwrap() {
        let (text, actor) = (g["text"].as_str().unwrap(), g["actor"].as_str().unwrap());
        if mentions
            .iter()
            .any(|m| (m.text == text || m.text.contains(text)) && m.code.as_deref() == Some(actor))
        {
            found += 1;
        } else {
            missed.push(format!("{text}={actor}"));
        }
    }
    (found, missed)
}

#[test]
fn seed_mentions_are_still_right_after_merging_an_imported_dictionary() {
    if !shared().join("gold/seed-it.jsonl").is_file() {
        panic!("../shared/gold/seed-it.jsonl is missing: CI lays shared/ beside the clone");
    }
    let (imp, _) = import(&fixture(), &opts());
    let merged = tempfile::tempdir().unwrap();
    let curated = DataSource::Embedded.files("actors/").unwrap();
    let imported = vedetta_data::read_user_path(imp.path()).unwrap();
    let opts = MergeOptions {
        imported_only: true,
    };
    merge(&curated, &imported, merged.path(), &opts).unwrap();
    let an = analyzer();
    let (base, base_missed) = seed_hits(&finder(&an, &[]), &an);
    let (after, missed) = seed_hits(&finder(&an, &[merged.path()]), &an);
    assert_eq!(missed, base_missed, "merging changed the seed's mentions");
    assert_eq!(after, base);
    assert!(after >= 18, "{after}/21: {missed:?}");
}
