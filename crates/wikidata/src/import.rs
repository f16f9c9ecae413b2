//! The import: one streaming pass over the dump, then resolution and sorted output.
//!
//! During the pass a reader thread cuts the (decompressed) dump into batches of lines, worker
//! threads parse them into [`Record`]s and classify them, and the calling thread keeps the two
//! small tables a single pass can hold — position items and countries with their alpha-3 code —
//! and spills people, organisations and places to a temporary file. After the pass every
//! person's P39 statements can be resolved against the positions (which may come after the
//! person in the dump); rows go through external sorts into the output files. Memory stays flat
//! in the size of the dump: the spill and the sorts live on disk, in a temporary folder inside
//! the output folder.
//!
//! Output (actor format of `data/README.md`): `people.tsv` (one row per office period, plus an
//! undated fallback row per person), `organisations.tsv`, `places.tsv` (places and countries)
//! and `offices.tsv`: for offices that one person holds at a time, the office's own names
//! (`President of the United States`, `presidente degli Stati Uniti`) as forms of the holder
//! for each term, so the date-aware resolver of the mentions stage turns an office phrase into
//! the person holding it on the document's date. `offices.tsv` has a tenth column, `position`
//! (the office QID), which the dictionary loader ignores and [`crate::offices`] reads.

use crate::dump::{entity_range, DumpReader, LineRead};
use crate::entity::{parse_entity, Record};
use crate::extsort::ExtSorter;
use crate::mapping::Mapping;
use crate::WikidataError;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use vedetta_model::PartialDate;

/// Options of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Languages of the labels and aliases kept (`it`, `en`).
    pub langs: Vec<String>,
    /// Drop office terms (and organisations) that ended before this year.
    pub since: Option<i16>,
    /// Longest dump line accepted, in bytes; longer lines are skipped and reported.
    pub max_line_bytes: usize,
    /// Parser threads (0: one per core).
    pub threads: usize,
    /// Show a progress bar on stderr (only when stderr is a terminal).
    pub progress: bool,
    /// Memory for each external sort before it spills a run, in bytes.
    pub sort_buffer_bytes: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            langs: vec!["it".into(), "en".into()],
            since: None,
            max_line_bytes: 64 << 20,
            threads: 0,
            progress: false,
            sort_buffer_bytes: 16 << 20,
        }
    }
}

/// Up to this many line errors are kept (sorted, written to `import-errors.txt`); the rest are
/// only counted.
pub const MAX_ERRORS_KEPT: usize = 10_000;

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    /// The dump read.
    pub input: String,
    /// Bytes of the input file read (compressed size for compressed dumps).
    pub input_bytes: u64,
    /// Uncompressed bytes read.
    pub uncompressed_bytes: u64,
    /// Lines read.
    pub lines: u64,
    /// Entities parsed.
    pub entities: u64,
    /// People written.
    pub people: u64,
    /// Rows of `people.tsv`.
    pub people_rows: u64,
    /// Office terms written (dated P39 statements with a mapped position).
    pub office_terms: u64,
    /// P39 statements skipped because their position has no sector (unknown position).
    pub terms_unmapped: u64,
    /// P39 statements dropped by `--since`.
    pub terms_before_since: u64,
    /// People skipped for want of any country (no citizenship, no mapped office).
    pub people_without_country: u64,
    /// Organisations written.
    pub organisations: u64,
    /// Rows of `organisations.tsv`.
    pub organisation_rows: u64,
    /// Places and countries written.
    pub places: u64,
    /// Rows of `places.tsv`.
    pub place_rows: u64,
    /// Position items kept from the dump.
    pub positions: u64,
    /// Countries with an alpha-3 code (P298) seen in the dump.
    pub countries: u64,
    /// Offices held by one person at a time, written to `offices.tsv`.
    pub offices: u64,
    /// Rows of `offices.tsv`.
    pub office_rows: u64,
    /// Line errors (`file:line: message`), sorted by line, at most [`MAX_ERRORS_KEPT`].
    pub errors: Vec<String>,
    /// All line errors.
    pub error_count: u64,
    /// Seconds of the streaming pass.
    pub pass_seconds: f64,
    /// Seconds in all.
    pub seconds: f64,
    /// Peak resident memory of the process at the end, in bytes (Linux).
    pub peak_rss_bytes: Option<u64>,
}

impl ImportSummary {
    /// Uncompressed MB (10^6 bytes) per second of the streaming pass.
    pub fn mb_per_s(&self) -> f64 {
        self.uncompressed_bytes as f64 / 1e6 / self.pass_seconds.max(1e-9)
    }

    /// Entities per second of the streaming pass.
    pub fn entities_per_s(&self) -> f64 {
        self.entities as f64 / self.pass_seconds.max(1e-9)
    }
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}: {} lines, {} entities, {:.1} MB read ({:.1} MB uncompressed) in {:.1} s: {:.1} MB/s, {:.0} entities/s",
            self.input,
            self.lines,
            self.entities,
            self.input_bytes as f64 / 1e6,
            self.uncompressed_bytes as f64 / 1e6,
            self.pass_seconds,
            self.mb_per_s(),
            self.entities_per_s()
        )?;
        writeln!(
            f,
            "people {} ({} rows, {} office terms; {} terms with unmapped positions, {} before --since, {} people without a country)",
            self.people,
            self.people_rows,
            self.office_terms,
            self.terms_unmapped,
            self.terms_before_since,
            self.people_without_country
        )?;
        writeln!(
            f,
            "organisations {} ({} rows), places and countries {} ({} rows), positions {}, countries with P298 {}, single-holder offices {} ({} rows)",
            self.organisations,
            self.organisation_rows,
            self.places,
            self.place_rows,
            self.positions,
            self.countries,
            self.offices,
            self.office_rows
        )?;
        write!(
            f,
            "{} line errors; total {:.1} s",
            self.error_count, self.seconds
        )?;
        if let Some(m) = self.peak_rss_bytes {
            write!(f, "; peak memory {:.0} MB", m as f64 / 1e6)?;
        }
        Ok(())
    }
}

/// A position item kept in memory during the pass.
#[derive(Debug, Clone, Default)]
struct PosRec {
    labels: Vec<(String, String)>,
    aliases: Vec<(String, String)>,
    classes: Vec<u64>,
    country: Vec<u64>,
    jurisdiction: Vec<u64>,
}

/// Records spilled during the pass, resolved after it.
#[derive(Debug, Serialize, Deserialize)]
enum Spill {
    Person(Record),
    Org(Record),
    Place(Record),
    Country(Record),
}

enum Parsed {
    Skip,
    Position(u64, PosRec),
    Country(u64, String, Option<Record>),
    Spill(Spill),
}

fn classify(mut r: Record, m: &Mapping) -> Parsed {
    let has_label = !r.labels.is_empty();
    if r.instance_of.contains(&m.human) {
        let keep = has_label && (!r.held.is_empty() || m.occupation(&r.occupation).is_some());
        if !keep {
            return Parsed::Skip;
        }
        r.subclass_of.clear();
        r.jurisdiction.clear();
        return Parsed::Spill(Spill::Person(r));
    }
    if let Some(a3) = r.alpha3.clone() {
        let qid = r.qid;
        return Parsed::Country(qid, a3, has_label.then_some(r));
    }
    let mut classes = r.instance_of.clone();
    classes.extend(&r.subclass_of);
    if m.is_position(r.qid, &classes) {
        return Parsed::Position(
            r.qid,
            PosRec {
                labels: r.labels,
                aliases: r.aliases,
                classes,
                country: r.country,
                jurisdiction: r.jurisdiction,
            },
        );
    }
    if !has_label {
        return Parsed::Skip;
    }
    if m.org_class(&r.instance_of).is_some() {
        r.held.clear();
        return Parsed::Spill(Spill::Org(r));
    }
    if !r.country.is_empty() && r.instance_of.iter().any(|c| m.places.contains(c)) {
        r.held.clear();
        return Parsed::Spill(Spill::Place(r));
    }
    Parsed::Skip
}

struct Batch {
    data: Vec<u8>,
    lines: Vec<(u64, usize, usize)>,
    too_long: Vec<(u64, u64)>,
}

type Results = Vec<(u64, Result<Parsed, String>)>;

/// Imports the dump at `path` into `out_dir` (created if needed). Line errors do not stop the
/// import: they are counted, kept in the summary and written to `out_dir/import-errors.txt`.
pub fn import_dump(
    path: &Path,
    mapping: &Mapping,
    opts: &ImportOptions,
    out_dir: &Path,
) -> Result<ImportSummary, WikidataError> {
    let reader = DumpReader::open(path, opts.max_line_bytes)?;
    import_reader(reader, mapping, opts, out_dir)
}

/// Imports from an opened [`DumpReader`] (see [`import_dump`]).
pub fn import_reader(
    mut reader: DumpReader,
    mapping: &Mapping,
    opts: &ImportOptions,
    out_dir: &Path,
) -> Result<ImportSummary, WikidataError> {
    let t0 = Instant::now();
    let out_io = |e| WikidataError::io(out_dir.display(), e);
    std::fs::create_dir_all(out_dir).map_err(out_io)?;
    let tmp = tempfile::Builder::new()
        .prefix(".vedetta-import-")
        .tempdir_in(out_dir)
        .map_err(out_io)?;
    let spill_path = tmp.path().join("spill.jsonl");
    let spill_io = |e| WikidataError::io(spill_path.display(), e);
    let mut spill = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(&spill_path).map_err(spill_io)?,
    );
    let name = reader.name.clone();
    let mut summary = ImportSummary {
        input: name.clone(),
        ..Default::default()
    };
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    };
    let counter = reader.input_counter();
    let bar = progress_bar(opts.progress, reader.input_len);
    let mut positions: HashMap<u64, PosRec> = HashMap::default();
    let mut dump_countries: HashMap<u64, String> = HashMap::default();
    let mut errors: Vec<(u64, String)> = Vec::new();
    let langs = opts.langs.clone();

    // The pass.
    let pass = std::thread::scope(|s| -> Result<(u64, u64), WikidataError> {
        let (work_tx, work_rx) = sync_channel::<Batch>(threads);
        let (res_tx, res_rx) = sync_channel::<Results>(threads);
        let name_r = name.clone();
        let reader_thread = s.spawn(move || -> Result<(u64, u64), WikidataError> {
            let mut batch = new_batch();
            const BATCH_BYTES: usize = 1 << 20;
            loop {
                let start = batch.data.len();
                let got = reader
                    .append_line(&mut batch.data)
                    .map_err(|e| WikidataError::Other(format!("{name_r}: {e}")))?;
                match got {
                    None => break,
                    Some(LineRead::TooLong(no, len)) => batch.too_long.push((no, len)),
                    Some(LineRead::Line(no)) => match entity_range(&batch.data[start..]) {
                        Some(r) => batch.lines.push((no, start + r.start, start + r.end)),
                        None => batch.data.truncate(start),
                    },
                }
                if batch.data.len() >= BATCH_BYTES || batch.lines.len() >= 20_000 {
                    let full = std::mem::replace(&mut batch, new_batch());
                    if work_tx.send(full).is_err() {
                        break;
                    }
                }
            }
            if !batch.lines.is_empty() || !batch.too_long.is_empty() {
                let _ = work_tx.send(batch);
            }
            drop(work_tx);
            Ok((reader.line_count(), reader.uncompressed_bytes()))
        });
        let work_rx = Arc::new(Mutex::new(work_rx));
        for _ in 0..threads {
            let rx = work_rx.clone();
            let tx = res_tx.clone();
            let langs = &langs;
            s.spawn(move || worker(rx, tx, mapping, langs));
        }
        drop(res_tx);
        collect(
            res_rx,
            &mut spill,
            &mut positions,
            &mut dump_countries,
            &mut errors,
            &mut summary,
            &counter,
            &bar,
        )
        .map_err(spill_io)?;
        reader_thread
            .join()
            .map_err(|_| WikidataError::Other("the dump reader thread panicked".into()))?
    })?;
    summary.lines = pass.0;
    summary.uncompressed_bytes = pass.1;
    summary.input_bytes = counter.load(Ordering::Relaxed);
    summary.pass_seconds = t0.elapsed().as_secs_f64();
    bar.finish_and_clear();
    spill.flush().map_err(spill_io)?;
    drop(spill);
    summary.positions = positions.len() as u64;
    summary.countries = dump_countries.len() as u64;

    // Resolution.
    let mut countries = mapping.countries.clone();
    countries.extend(dump_countries);
    let resolved = resolve_positions(&positions, mapping, &countries, &opts.langs);
    drop(positions);
    let ctx = Ctx {
        mapping,
        countries: &countries,
        positions: &resolved,
        since: opts.since,
        langs: &opts.langs,
    };
    let limit = opts.sort_buffer_bytes;
    let mut people = ExtSorter::new(tmp.path(), limit);
    let mut orgs = ExtSorter::new(tmp.path(), limit);
    let mut places = ExtSorter::new(tmp.path(), limit);
    let mut offices = ExtSorter::new(tmp.path(), limit);
    let tmp_io = |e| WikidataError::io(tmp.path().display(), e);
    let f = std::fs::File::open(&spill_path).map_err(spill_io)?;
    for line in BufReader::with_capacity(1 << 20, f).lines() {
        let line = line.map_err(spill_io)?;
        let rec: Spill = serde_json::from_str(&line)
            .map_err(|e| WikidataError::Other(format!("{}: {e}", spill_path.display())))?;
        match rec {
            Spill::Person(r) => ctx
                .person(&r, &mut people, &mut offices, &mut summary)
                .map_err(tmp_io)?,
            Spill::Org(r) => ctx.org(&r, &mut orgs, &mut summary).map_err(tmp_io)?,
            Spill::Place(r) => ctx
                .place(&r, false, &mut places, &mut summary)
                .map_err(tmp_io)?,
            Spill::Country(r) => ctx
                .place(&r, true, &mut places, &mut summary)
                .map_err(tmp_io)?,
        }
    }
    let _ = std::fs::remove_file(&spill_path);
    let header = format!(
        "# GENERATED by `vedetta actors import-wikidata` from {} (Wikidata, CC0); languages {}{}.\n",
        Path::new(&name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.clone()),
        opts.langs.join(","),
        opts.since
            .map(|y| format!("; office terms ended before {y} dropped"))
            .unwrap_or_default()
    );
    write_sorted(&out_dir.join("people.tsv"), &header, COLUMNS, people)?;
    write_sorted(&out_dir.join("organisations.tsv"), &header, COLUMNS, orgs)?;
    write_sorted(&out_dir.join("places.tsv"), &header, COLUMNS, places)?;
    ctx.write_offices(&out_dir.join("offices.tsv"), &header, offices, &mut summary)?;
    errors.sort();
    let err_path = out_dir.join("import-errors.txt");
    let mut text = String::new();
    for (line, msg) in &errors {
        text.push_str(&format!("{name}:{line}: {msg}\n"));
    }
    if summary.error_count > errors.len() as u64 {
        text.push_str(&format!(
            "… and {} more\n",
            summary.error_count - errors.len() as u64
        ));
    }
    std::fs::write(&err_path, text).map_err(|e| WikidataError::io(err_path.display(), e))?;
    summary.errors = errors
        .into_iter()
        .map(|(l, m)| format!("{name}:{l}: {m}"))
        .collect();
    summary.seconds = t0.elapsed().as_secs_f64();
    summary.peak_rss_bytes = crate::peak_rss_bytes();
    Ok(summary)
}

const COLUMNS: &str = "forms\tcode\tkind\tlang\twikidata\tname\trole\tstart\tend";

fn new_batch() -> Batch {
    Batch {
        data: Vec::with_capacity(5 << 18),
        lines: Vec::new(),
        too_long: Vec::new(),
    }
}

fn progress_bar(show: bool, len: Option<u64>) -> ProgressBar {
    if !show || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
    let style = if len.is_some() {
        ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} ({binary_bytes_per_sec}, eta {eta}) {msg}",
        )
    } else {
        ProgressStyle::with_template("{bytes} ({binary_bytes_per_sec}) {msg}")
    };
    if let Ok(s) = style {
        bar.set_style(s);
    }
    bar
}

fn worker(
    rx: Arc<Mutex<Receiver<Batch>>>,
    tx: std::sync::mpsc::SyncSender<Results>,
    mapping: &Mapping,
    langs: &[String],
) {
    loop {
        let batch = {
            let Ok(rx) = rx.lock() else { return };
            match rx.recv() {
                Ok(b) => b,
                Err(_) => return,
            }
        };
        let mut out: Results = Vec::with_capacity(batch.lines.len() + batch.too_long.len());
        for (no, len) in batch.too_long {
            out.push((
                no,
                Err(format!(
                    "line of {len} bytes is longer than the limit; skipped"
                )),
            ));
        }
        for (no, a, b) in batch.lines {
            let r = match parse_entity(&batch.data[a..b], langs) {
                Ok(Some(rec)) => Ok(classify(rec, mapping)),
                Ok(None) => Ok(Parsed::Skip),
                Err(e) => Err(format!("invalid entity JSON: {e}")),
            };
            out.push((no, r));
        }
        if tx.send(out).is_err() {
            return;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn collect(
    rx: Receiver<Results>,
    spill: &mut impl Write,
    positions: &mut HashMap<u64, PosRec>,
    countries: &mut HashMap<u64, String>,
    errors: &mut Vec<(u64, String)>,
    summary: &mut ImportSummary,
    counter: &std::sync::atomic::AtomicU64,
    bar: &ProgressBar,
) -> std::io::Result<()> {
    let t0 = Instant::now();
    let mut write = |s: &Spill| -> std::io::Result<()> {
        serde_json::to_writer(&mut *spill, s)?;
        spill.write_all(b"\n")
    };
    for results in rx {
        for (no, r) in results {
            match r {
                Err(msg) => {
                    summary.error_count += 1;
                    if errors.len() < MAX_ERRORS_KEPT {
                        errors.push((no, msg));
                    }
                }
                Ok(p) => {
                    summary.entities += 1;
                    match p {
                        Parsed::Skip => {}
                        Parsed::Position(q, p) => {
                            positions.insert(q, p);
                        }
                        Parsed::Country(q, a3, rec) => {
                            countries.insert(q, a3);
                            if let Some(r) = rec {
                                write(&Spill::Country(r))?;
                            }
                        }
                        Parsed::Spill(s) => write(&s)?,
                    }
                }
            }
        }
        if !bar.is_hidden() {
            let secs = t0.elapsed().as_secs_f64().max(1e-3);
            bar.set_position(counter.load(Ordering::Relaxed));
            bar.set_message(format!(
                "{} entities, {:.0}/s",
                summary.entities,
                summary.entities as f64 / secs
            ));
        }
    }
    Ok(())
}

/// A position after the pass: its holders' country and sector, its name and its forms.
#[derive(Debug, Clone)]
struct ResolvedPos {
    country: Option<String>,
    sector: Option<String>,
    name: String,
    /// Forms by language (label and aliases), for `offices.tsv`.
    forms: Vec<(String, Vec<String>)>,
}

fn resolve_positions(
    positions: &HashMap<u64, PosRec>,
    mapping: &Mapping,
    countries: &HashMap<u64, String>,
    langs: &[String],
) -> HashMap<u64, ResolvedPos> {
    let mut out = HashMap::default();
    for (q, p) in positions {
        let known = mapping.positions.get(q);
        let sector = match known {
            Some(k) => Some(k.sector.clone()),
            None => match mapping.position_class_sector(&p.classes) {
                Some(s) if !s.is_empty() => Some(s.to_string()),
                _ => mapping.keyword_sector(&p.labels).map(String::from),
            },
        };
        let country = match known {
            Some(k) => Some(k.country.clone()),
            None => p
                .jurisdiction
                .iter()
                .chain(&p.country)
                .find_map(|c| countries.get(c).cloned()),
        };
        let name = pick_name(&p.labels, langs)
            .or_else(|| known.map(|k| k.label.clone()))
            .unwrap_or_else(|| format!("Q{q}"));
        let mut forms = Vec::new();
        for l in langs {
            let mut f: Vec<String> = Vec::new();
            for (lang, v) in p.labels.iter().chain(&p.aliases) {
                if lang == l {
                    if let Some(v) = clean_form(v) {
                        if office_form_ok(&v) {
                            let low = lower_variant(&v);
                            push_unique(&mut f, v);
                            push_unique(&mut f, low);
                        }
                    }
                }
            }
            if !f.is_empty() {
                forms.push((l.clone(), f));
            }
        }
        out.insert(
            *q,
            ResolvedPos {
                country,
                sector,
                name,
                forms,
            },
        );
    }
    // Well-known positions absent from the dump still map their holders.
    for (q, k) in &mapping.positions {
        out.entry(*q).or_insert_with(|| ResolvedPos {
            country: Some(k.country.clone()),
            sector: Some(k.sector.clone()),
            name: k.label.clone(),
            forms: Vec::new(),
        });
    }
    out
}

/// An office's name is a form of its holder only when it is specific: three words or more
/// (`Prime Minister of Japan`), or one capitalised acronym of four letters or more (`POTUS`).
fn office_form_ok(f: &str) -> bool {
    let words = f.split_whitespace().count();
    words >= 3
        || (words == 1 && f.chars().count() >= 4 && f.chars().all(|c| c.is_ascii_uppercase()))
}

/// `President of the United States` → `president of the united states`; words in capitals
/// (`UK`, `USA`) are kept, as acronyms match only in capitals. A lowercase form matches text in
/// any case, so the office name also matches after an article (`the president of …`).
fn lower_variant(f: &str) -> String {
    f.split(' ')
        .map(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// A label or alias as a dictionary form: no `|`, tabs or control characters, spaces
/// collapsed; `None` when nothing usable is left (empty, no letter or digit, over 150 chars).
pub fn clean_form(s: &str) -> Option<String> {
    let cleaned: String = s
        .chars()
        .map(|c| if c == '|' || c.is_control() { ' ' } else { c })
        .collect();
    let out = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty() && out.chars().count() <= 150 && out.chars().any(char::is_alphanumeric))
        .then_some(out)
}

fn clean_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// English label, else the label in the first wanted language that has one.
fn pick_name(labels: &[(String, String)], langs: &[String]) -> Option<String> {
    let by = |l: &str| {
        labels
            .iter()
            .find(|(x, _)| x == l)
            .map(|(_, v)| clean_text(v))
    };
    by("en")
        .or_else(|| langs.iter().find_map(|l| by(l)))
        .filter(|n| !n.is_empty())
}

fn date_str(d: Option<PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn tsv(
    forms: &[String],
    code: &str,
    kind: &str,
    lang: &str,
    qid: u64,
    name: &str,
    role: &str,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
) -> String {
    format!(
        "{}\t{code}\t{kind}\t{lang}\tQ{qid}\t{name}\t{role}\t{}\t{}",
        forms.join("|"),
        date_str(start),
        date_str(end)
    )
}

/// `key` + separator + `line`: sorted by key, written without it.
fn keyed(key: &str, line: &str) -> String {
    format!("{key}\x1e{line}")
}

fn unkey(rec: &str) -> &str {
    rec.split_once('\x1e').map_or(rec, |(_, l)| l)
}

fn write_sorted(
    path: &Path,
    header: &str,
    columns: &str,
    rows: ExtSorter,
) -> Result<(), WikidataError> {
    let io = |e| WikidataError::io(path.display(), e);
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).map_err(io)?);
    w.write_all(header.as_bytes()).map_err(io)?;
    writeln!(w, "{columns}").map_err(io)?;
    let mut last = String::new();
    for rec in rows.finish().map_err(io)? {
        let rec = rec.map_err(io)?;
        let line = unkey(&rec);
        if line != last {
            writeln!(w, "{line}").map_err(io)?;
            last = line.to_string();
        }
    }
    w.flush().map_err(io)
}

struct Ctx<'a> {
    mapping: &'a Mapping,
    countries: &'a HashMap<u64, String>,
    positions: &'a HashMap<u64, ResolvedPos>,
    since: Option<i16>,
    langs: &'a [String],
}

/// One dated office term of a person.
struct Term {
    code: String,
    role: String,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    position: u64,
}

fn day_number(d: (i16, u8, u8)) -> i64 {
    // Days from civil (proleptic Gregorian), Howard Hinnant's algorithm.
    let (y, m, d) = (d.0 as i64, d.1 as i64, d.2 as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

impl Ctx<'_> {
    fn country(&self, qids: &[u64]) -> Option<String> {
        qids.iter().find_map(|q| self.countries.get(q).cloned())
    }

    fn all_forms(&self, r: &Record) -> Vec<String> {
        let mut forms = Vec::new();
        for l in self.langs {
            for (lang, v) in r.labels.iter().chain(&r.aliases) {
                if lang == l {
                    if let Some(f) = clean_form(v) {
                        push_unique(&mut forms, f);
                    }
                }
            }
        }
        forms
    }

    /// Forms by language; a single `*` group when every language has the same forms.
    fn forms_by_lang(&self, r: &Record) -> Vec<(String, Vec<String>)> {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for l in self.langs {
            let mut f = Vec::new();
            for (lang, v) in r.labels.iter().chain(&r.aliases) {
                if lang == l {
                    if let Some(x) = clean_form(v) {
                        push_unique(&mut f, x);
                    }
                }
            }
            if !f.is_empty() {
                groups.push((l.clone(), f));
            }
        }
        let same = groups.windows(2).all(|w| {
            let (mut a, mut b) = (w[0].1.clone(), w[1].1.clone());
            a.sort();
            b.sort();
            a == b
        });
        if groups.len() == self.langs.len() && same && !groups.is_empty() {
            let f = groups.swap_remove(0).1;
            return vec![("*".to_string(), f)];
        }
        groups
    }

    fn person(
        &self,
        r: &Record,
        people: &mut ExtSorter,
        offices: &mut ExtSorter,
        s: &mut ImportSummary,
    ) -> std::io::Result<()> {
        let forms = self.all_forms(r);
        let Some(name) = pick_name(&r.labels, self.langs) else {
            return Ok(());
        };
        if forms.is_empty() {
            return Ok(());
        }
        let citizenship = self.country(&r.citizenship);
        let mut terms: Vec<Term> = Vec::new();
        let mut undated_roles: Vec<String> = Vec::new();
        let mut earlier: Option<(PartialDate, String)> = None;
        for h in &r.held {
            let Some(pos) = self.positions.get(&h.position) else {
                s.terms_unmapped += 1;
                continue;
            };
            let Some(sector) = &pos.sector else {
                s.terms_unmapped += 1;
                continue;
            };
            let country = self
                .country(&h.jurisdiction)
                .or_else(|| pos.country.clone())
                .or_else(|| citizenship.clone());
            let Some(country) = country else {
                s.terms_unmapped += 1;
                continue;
            };
            let mut end = h.end;
            if end.is_none() {
                if let (Some(died), Some(start)) = (r.died, h.start) {
                    if died.first_day() >= start.first_day() {
                        end = Some(died);
                    }
                }
            }
            let mut start = h.start;
            if let (Some(a), Some(b)) = (start, end) {
                if a.first_day() > b.last_day() {
                    start = None;
                }
            }
            if let (Some(y), Some(e)) = (self.since, end) {
                if e.year < y {
                    s.terms_before_since += 1;
                    // Still tells the fallback row that this person held an office.
                    if earlier
                        .as_ref()
                        .is_none_or(|(d, _)| e.last_day() > d.last_day())
                    {
                        earlier = Some((e, pos.name.clone()));
                    }
                    continue;
                }
            }
            if start.is_none() && end.is_none() {
                undated_roles.push(pos.name.clone());
                continue;
            }
            terms.push(Term {
                code: format!("{country}{sector}"),
                role: pos.name.clone(),
                start,
                end,
                position: h.position,
            });
        }
        let current = terms
            .iter()
            .filter(|t| t.end.is_none())
            .max_by_key(|t| t.start.map(|d| d.first_day()));
        let latest = terms
            .iter()
            .max_by_key(|t| t.end.or(t.start).map(|d| d.last_day()));
        let fb_country = current
            .map(|t| t.code[..3].to_string())
            .or(citizenship)
            .or_else(|| latest.map(|t| t.code[..3].to_string()));
        let Some(fb_country) = fb_country else {
            s.people_without_country += 1;
            return Ok(());
        };
        let (fb_sector, fb_role) = if let Some(t) = current {
            (t.code[3..].to_string(), t.role.clone())
        } else if let Some(t) = latest {
            ("ELI".to_string(), format!("former {}", t.role))
        } else if let Some((_, role)) = &earlier {
            ("ELI".to_string(), format!("former {role}"))
        } else if let Some(role) = undated_roles.first() {
            ("ELI".to_string(), role.clone())
        } else if let Some((sec, label)) = self.mapping.occupation(&r.occupation) {
            (sec.to_string(), label.to_string())
        } else {
            (String::new(), String::new())
        };
        let key = |start: Option<PartialDate>| {
            format!(
                "{name}\x1f{:012}\x1f{}",
                r.qid,
                start.map_or("~".to_string(), |d| d.to_string())
            )
        };
        s.people += 1;
        let role = clean_text(&fb_role);
        people.push(keyed(
            &key(None),
            &tsv(
                &forms,
                &format!("{fb_country}{fb_sector}"),
                "person",
                "*",
                r.qid,
                &name,
                &role,
                None,
                None,
            ),
        ))?;
        s.people_rows += 1;
        for t in &terms {
            people.push(keyed(
                &key(t.start),
                &tsv(
                    &forms,
                    &t.code,
                    "person",
                    "*",
                    r.qid,
                    &name,
                    &clean_text(&t.role),
                    t.start,
                    t.end,
                ),
            ))?;
            s.people_rows += 1;
            s.office_terms += 1;
            if let Some(st) = t.start {
                offices.push(format!(
                    "{:012}\x1f{}\x1f{:012}\x1e{}\t{}\t{}\t{}\t{}\t{}",
                    t.position,
                    st,
                    r.qid,
                    t.position,
                    r.qid,
                    name,
                    t.code,
                    st,
                    date_str(t.end)
                ))?;
            }
        }
        Ok(())
    }

    fn org(&self, r: &Record, orgs: &mut ExtSorter, s: &mut ImportSummary) -> std::io::Result<()> {
        let Some(class) = self.mapping.org_class(&r.instance_of) else {
            return Ok(());
        };
        let code = match self.country(&r.country) {
            Some(c) => format!("{c}{}", class.sector),
            None => match &class.stateless {
                Some(c) => c.clone(),
                None => return Ok(()),
            },
        };
        if let (Some(y), Some(e)) = (self.since, r.dissolved) {
            if e.year < y {
                return Ok(());
            }
        }
        let Some(name) = pick_name(&r.labels, self.langs) else {
            return Ok(());
        };
        let (mut start, end) = (r.inception, r.dissolved);
        if let (Some(a), Some(b)) = (start, end) {
            if a.first_day() > b.last_day() {
                start = None;
            }
        }
        let groups = self.forms_by_lang(r);
        if groups.is_empty() {
            return Ok(());
        }
        s.organisations += 1;
        for (lang, forms) in groups {
            orgs.push(keyed(
                &format!("{name}\x1f{:012}\x1f{lang}", r.qid),
                &tsv(
                    &forms,
                    &code,
                    kind_name(class.kind),
                    &lang,
                    r.qid,
                    &name,
                    "",
                    start,
                    end,
                ),
            ))?;
            s.organisation_rows += 1;
        }
        Ok(())
    }

    fn place(
        &self,
        r: &Record,
        is_country: bool,
        places: &mut ExtSorter,
        s: &mut ImportSummary,
    ) -> std::io::Result<()> {
        let code = if is_country {
            match self.countries.get(&r.qid) {
                Some(c) => c.clone(),
                None => return Ok(()),
            }
        } else {
            match self.country(&r.country) {
                Some(c) => c,
                None => return Ok(()),
            }
        };
        let Some(name) = pick_name(&r.labels, self.langs) else {
            return Ok(());
        };
        let groups = self.forms_by_lang(r);
        if groups.is_empty() {
            return Ok(());
        }
        s.places += 1;
        let kind = if is_country { "country" } else { "place" };
        for (lang, forms) in groups {
            places.push(keyed(
                &format!("{name}\x1f{:012}\x1f{lang}", r.qid),
                &tsv(&forms, &code, kind, &lang, r.qid, &name, "", None, None),
            ))?;
            s.place_rows += 1;
        }
        Ok(())
    }

    fn write_offices(
        &self,
        path: &Path,
        header: &str,
        terms: ExtSorter,
        s: &mut ImportSummary,
    ) -> Result<(), WikidataError> {
        let io = |e| WikidataError::io(path.display(), e);
        let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).map_err(io)?);
        w.write_all(header.as_bytes()).map_err(io)?;
        writeln!(
            w,
            "# Office names as forms of the person holding the office in each term (offices held by one person at a time);\n# the `position` column is the office's QID (ignored by the dictionary loader)."
        )
        .map_err(io)?;
        writeln!(w, "{COLUMNS}\tposition").map_err(io)?;
        let mut group: Vec<OfficeTerm> = Vec::new();
        let mut rows: Vec<String> = Vec::new();
        for rec in terms.finish().map_err(io)? {
            let rec = rec.map_err(io)?;
            let t = OfficeTerm::parse(unkey(&rec))
                .ok_or_else(|| WikidataError::Other(format!("bad office term record {rec:?}")))?;
            if group.first().is_some_and(|g| g.position != t.position) {
                self.office_group(&mut group, &mut rows, s);
                for r in rows.drain(..) {
                    writeln!(w, "{r}").map_err(io)?;
                }
            }
            group.push(t);
        }
        self.office_group(&mut group, &mut rows, s);
        for r in rows.drain(..) {
            writeln!(w, "{r}").map_err(io)?;
        }
        w.flush().map_err(io)
    }

    /// Rows for one office when one person at a time holds it; the group is emptied.
    fn office_group(
        &self,
        group: &mut Vec<OfficeTerm>,
        rows: &mut Vec<String>,
        s: &mut ImportSummary,
    ) {
        let terms = std::mem::take(group);
        let Some(first) = terms.first() else { return };
        let Some(pos) = self.positions.get(&first.position) else {
            return;
        };
        if pos.forms.is_empty() {
            return;
        }
        let mut terms = terms;
        terms.sort_by_key(|t| (t.start.first_day(), t.person));
        terms.dedup_by(|a, b| a.person == b.person && a.start == b.start && a.end == b.end);
        // An open term ends when someone else takes the office.
        for i in 0..terms.len() {
            if terms[i].end.is_none() {
                let next = terms[i + 1..]
                    .iter()
                    .find(|t| {
                        t.person != terms[i].person
                            && t.start.first_day() > terms[i].start.first_day()
                    })
                    .map(|t| t.start);
                terms[i].end = next;
            }
        }
        let mut overlaps = 0usize;
        let mut max_end: Option<(i64, u64)> = None;
        for t in &terms {
            let st = day_number(t.start.first_day());
            if let Some((e, p)) = max_end {
                if p != t.person && st + 1 < e {
                    overlaps += 1;
                }
            }
            let e = t.end.map_or(i64::MAX, |d| day_number(d.last_day()));
            if max_end.is_none_or(|(m, _)| e >= m) {
                max_end = Some((e, t.person));
            }
        }
        if overlaps * 20 > terms.len() {
            return;
        }
        s.offices += 1;
        for t in &terms {
            for (lang, forms) in &pos.forms {
                rows.push(format!(
                    "{}\t{}\tperson\t{lang}\tQ{}\t{}\t{}\t{}\t{}\tQ{}",
                    forms.join("|"),
                    t.code,
                    t.person,
                    t.name,
                    clean_text(&pos.name),
                    t.start,
                    date_str(t.end),
                    t.position
                ));
                s.office_rows += 1;
            }
        }
    }
}

struct OfficeTerm {
    position: u64,
    person: u64,
    name: String,
    code: String,
    start: PartialDate,
    end: Option<PartialDate>,
}

impl OfficeTerm {
    fn parse(line: &str) -> Option<OfficeTerm> {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 {
            return None;
        }
        Some(OfficeTerm {
            position: f[0].parse().ok()?,
            person: f[1].parse().ok()?,
            name: f[2].to_string(),
            code: f[3].to_string(),
            start: PartialDate::parse(f[4]).ok()?,
            end: (!f[5].is_empty())
                .then(|| PartialDate::parse(f[5]).ok())
                .flatten(),
        })
    }
}

fn kind_name(k: vedetta_model::MentionKind) -> &'static str {
    use vedetta_model::MentionKind as K;
    match k {
        K::Country => "country",
        K::Demonym => "demonym",
        K::Capital => "capital",
        K::Metonym => "metonym",
        K::Place => "place",
        K::Person => "person",
        K::Igo => "igo",
        K::Media => "media",
        K::Ngo => "ngo",
        K::Org => "org",
        K::Party => "party",
        K::ArmedGroup => "armed_group",
        K::Agent => "agent",
        K::Unknown => "org",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_cleaned() {
        assert_eq!(clean_form(" A|B\tC ").as_deref(), Some("A B C"));
        assert_eq!(clean_form("..."), None);
        assert_eq!(
            lower_variant("Prime Minister of the UK"),
            "prime minister of the UK"
        );
        assert_eq!(lower_variant("POTUS"), "POTUS");
        assert!(office_form_ok("Prime Minister of Japan"));
        assert!(!office_form_ok("Prime Minister"));
        assert!(office_form_ok("POTUS"));
        assert!(!office_form_ok("PM"));
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number((1970, 1, 1)), 0);
        assert_eq!(day_number((2022, 9, 6)) - day_number((2022, 9, 5)), 1);
        assert_eq!(day_number((2024, 3, 1)) - day_number((2024, 2, 28)), 2);
    }
}
