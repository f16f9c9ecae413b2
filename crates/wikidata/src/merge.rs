//! Merging an imported dictionary with the curated one, curated entries winning.
//!
//! An imported entry is dropped when the curated dictionary has the same entity (same Wikidata
//! id) or the same name for another entity at an overlapping time (same folded form, dates
//! overlapping; an undated entry overlaps everything). Where a curated and an imported entry
//! of the same Wikidata id give different codes for overlapping periods (both dated, or both
//! undated), that is a conflict: reported, and the curated code stands. Office rows
//! (`offices.tsv`: office names as forms of their holders) are kept when their forms are free;
//! their code is replaced by the curated code of the holder for an overlapping period.

use crate::WikidataError;
use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;
use std::path::Path;
use vedetta_data::DataFile;
use vedetta_mentions::dictionary::parse_tsv;
use vedetta_mentions::ActorEntry;
use vedetta_model::PartialDate;

/// One conflict: the same entity coded differently for overlapping periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Wikidata id.
    pub wikidata: String,
    /// Name (curated).
    pub name: String,
    /// Curated code, period and origin (`file:line`).
    pub curated: (String, String, String),
    /// Imported code, period and origin.
    pub imported: (String, String, String),
}

/// What a merge did.
#[derive(Debug, Clone, Default)]
pub struct MergeReport {
    /// Curated entries written.
    pub curated: usize,
    /// Imported entries kept.
    pub imported_kept: usize,
    /// Imported entries dropped: same Wikidata id as a curated entry.
    pub dropped_same_entity: usize,
    /// Imported entries dropped: a form of a curated entry of another entity, overlapping dates.
    pub dropped_same_form: usize,
    /// Office rows whose code was replaced by the curated one.
    pub office_codes_replaced: usize,
    /// Conflicts, sorted.
    pub conflicts: Vec<Conflict>,
}

impl std::fmt::Display for MergeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "curated entries {}, imported kept {}, dropped {} (same entity) + {} (form of a curated entry), office codes replaced {}, conflicts {}",
            self.curated,
            self.imported_kept,
            self.dropped_same_entity,
            self.dropped_same_form,
            self.office_codes_replaced,
            self.conflicts.len()
        )
    }
}

/// Options of a merge.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// Write only the imported entries that survive (not the curated files): for use with
    /// `--actors` beside the embedded curated dictionary.
    pub imported_only: bool,
}

fn period(e: &ActorEntry) -> String {
    let d = |x: Option<PartialDate>| x.map(|d| d.to_string()).unwrap_or_default();
    if e.is_dated() {
        format!("{}..{}", d(e.start), d(e.end))
    } else {
        "undated".into()
    }
}

fn day(d: (i16, u8, u8)) -> i64 {
    // Days from civil (proleptic Gregorian).
    let (y, m, d) = (d.0 as i64, d.1 as i64, d.2 as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
}

/// Days two entries share (an open end is unbounded): a hand-over day alone does not make
/// two periods conflict.
fn shared_days(a: &ActorEntry, b: &ActorEntry) -> i64 {
    let lo = |e: &ActorEntry| e.start.map_or(i64::MIN / 4, |d| day(d.first_day()));
    let hi = |e: &ActorEntry| e.end.map_or(i64::MAX / 4, |d| day(d.last_day()));
    (hi(a).min(hi(b)) - lo(a).max(lo(b)) + 1).max(0)
}

fn overlap(a: &ActorEntry, b: &ActorEntry) -> bool {
    let lo = |e: &ActorEntry| e.start.map_or((i16::MIN, 1, 1), |d| d.first_day());
    let hi = |e: &ActorEntry| e.end.map_or((i16::MAX, 12, 31), |d| d.last_day());
    lo(a) <= hi(b) && lo(b) <= hi(a)
}

/// Merges `imported` files into `curated` ones; writes the result to `out` (curated files
/// under their own names unless `imported_only`, imported survivors as `wikidata-<file>`,
/// and `conflicts.tsv`, whose lines all start with `#` so the folder still loads as a
/// dictionary).
pub fn merge(
    curated: &[DataFile],
    imported: &[DataFile],
    out: &Path,
    opts: &MergeOptions,
) -> Result<MergeReport, WikidataError> {
    let mut report = MergeReport::default();
    let mut cur: Vec<ActorEntry> = Vec::new();
    for f in curated.iter().filter(|f| f.path.ends_with(".tsv")) {
        cur.extend(parse_tsv(f)?);
    }
    report.curated = cur.len();
    let mut by_qid: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut by_form: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, e) in cur.iter().enumerate() {
        if let Some(q) = &e.wikidata {
            by_qid.entry(q.as_str()).or_default().push(i);
        }
        for f in &e.forms {
            by_form
                .entry(vedetta_analysis::fold(f))
                .or_default()
                .push(i);
        }
    }
    std::fs::create_dir_all(out).map_err(|e| WikidataError::io(out.display(), e))?;
    for f in imported.iter().filter(|f| f.path.ends_with(".tsv")) {
        let entries = parse_tsv(f)?;
        let is_offices = f.path.ends_with("offices.tsv");
        let kept = filter_file(
            f,
            &entries,
            is_offices,
            &cur,
            &by_qid,
            &by_form,
            &mut report,
        );
        let file_name = Path::new(&f.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "imported.tsv".into());
        let p = out.join(format!("wikidata-{file_name}"));
        std::fs::write(&p, kept).map_err(|e| WikidataError::io(p.display(), e))?;
    }
    if !opts.imported_only {
        for f in curated.iter().filter(|f| f.path.ends_with(".tsv")) {
            let name = Path::new(&f.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let p = out.join(&name);
            std::fs::write(&p, &f.text).map_err(|e| WikidataError::io(p.display(), e))?;
        }
    }
    // One conflict per entity, curated code and period, imported code and period (the rows of
    // several languages or files of one entry count once).
    let key = |c: &Conflict| {
        (
            c.wikidata.clone(),
            c.curated.0.clone(),
            c.curated.1.clone(),
            c.imported.0.clone(),
            c.imported.1.clone(),
        )
    };
    report
        .conflicts
        .sort_by(|a, b| key(a).cmp(&key(b)).then(a.imported.2.cmp(&b.imported.2)));
    report.conflicts.dedup_by(|a, b| key(a) == key(b));
    let mut text = String::from(
        "# Conflicts of `vedetta actors merge`: the same Wikidata entity coded differently by the\n# curated and the imported dictionary for overlapping periods (the curated code stands).\n# Every line starts with `#` so that this folder loads as an actor dictionary.\n#wikidata\tname\tcurated_code\tcurated_period\tcurated_origin\timported_code\timported_period\timported_origin\n",
    );
    for c in &report.conflicts {
        let _ = writeln!(
            text,
            "#{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            c.wikidata,
            c.name,
            c.curated.0,
            c.curated.1,
            c.curated.2,
            c.imported.0,
            c.imported.1,
            c.imported.2
        );
    }
    let p = out.join("conflicts.tsv");
    std::fs::write(&p, text).map_err(|e| WikidataError::io(p.display(), e))?;
    Ok(report)
}

/// The text of one imported file with the surviving rows (comments and header kept).
fn filter_file(
    f: &DataFile,
    entries: &[ActorEntry],
    is_offices: bool,
    cur: &[ActorEntry],
    by_qid: &HashMap<&str, Vec<usize>>,
    by_form: &HashMap<String, Vec<usize>>,
    report: &mut MergeReport,
) -> String {
    // parse_tsv gives entries in line order; map each data line to its entry.
    let mut out = String::new();
    let mut header_seen = false;
    let mut code_col = 1;
    let mut next = 0usize;
    for line in f.text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if !header_seen {
            header_seen = true;
            code_col = line
                .split('\t')
                .position(|c| c.trim() == "code")
                .unwrap_or(1);
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let e = &entries[next];
        next += 1;
        let same_entity: Vec<&ActorEntry> = e
            .wikidata
            .as_deref()
            .and_then(|q| by_qid.get(q))
            .map(|v| v.iter().map(|&i| &cur[i]).collect())
            .unwrap_or_default();
        let mut code = e.code.clone();
        if !same_entity.is_empty() {
            let mut best: Option<(i64, &ActorEntry)> = None;
            for c in &same_entity {
                let days = shared_days(c, e);
                let conflicting = if e.is_dated() {
                    c.is_dated() && days > 1
                } else {
                    !c.is_dated()
                };
                if conflicting && c.code != e.code {
                    report.conflicts.push(Conflict {
                        wikidata: e.wikidata.clone().unwrap_or_default(),
                        name: c.name.clone(),
                        curated: (c.code.clone(), period(c), c.origin.clone()),
                        imported: (e.code.clone(), period(e), e.origin.clone()),
                    });
                }
                if conflicting && best.is_none_or(|(d, _)| days > d) {
                    best = Some((days, c));
                }
            }
            if let (true, Some((_, c))) = (is_offices, best) {
                code = c.code.clone();
            }
            if !is_offices {
                report.dropped_same_entity += 1;
                continue;
            }
        }
        let clash = e.forms.iter().any(|f| {
            by_form.get(&vedetta_analysis::fold(f)).is_some_and(|v| {
                v.iter()
                    .map(|&i| &cur[i])
                    .any(|c| (c.wikidata.is_none() || c.wikidata != e.wikidata) && overlap(c, e))
            })
        });
        if clash {
            report.dropped_same_form += 1;
            continue;
        }
        report.imported_kept += 1;
        if code != e.code {
            report.office_codes_replaced += 1;
            let mut cols: Vec<&str> = line.split('\t').collect();
            cols[code_col] = &code;
            out.push_str(&cols.join("\t"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
