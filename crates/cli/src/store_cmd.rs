//! `vedetta ingest`, `query` and `export`: coding into a store and reading it back.

use crate::parquet_export;
use crate::pipeline;
use crate::Common;
use anyhow::{bail, Context, Result};
use clap::Args;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use vedetta_model::PartialDate;
use vedetta_store::{EventFilter, Failure, Store, StoredEntity, StoredEvent};

/// Which database to use.
#[derive(Args, Clone)]
pub struct DbArgs {
    /// Database: a SQLite file path (created by `ingest`), or a PostgreSQL URL
    /// (`postgres://user@host:5432/db`, no TLS; tables are created on first use; a schema
    /// other than the default with `?options=-csearch_path%3Dname`).
    #[arg(long, default_value = "vedetta.db")]
    db: String,
}

impl DbArgs {
    /// The database path or URL.
    pub fn url(&self) -> &str {
        &self.db
    }
}

/// The event filters that choose which events (not which dates or modes): shared by
/// `query`, `export` and `alerts`.
#[derive(Args, Clone)]
pub struct ScopeArgs {
    /// Actor code or code prefix (`PRK` matches `PRK`, `PRKGOV`, `PRKMIL`).
    #[arg(long)]
    actor: Option<String>,
    /// Recipient code or prefix; with --actor, a dyad.
    #[arg(long)]
    recipient: Option<String>,
    /// PLOVER event type (`AID`, `ACCUSE`).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// Country (top-level code) of the actor or the recipient (`--place-country` for where
    /// the event happened).
    #[arg(long)]
    country: Option<String>,
    /// Country (ISO 3166-1 alpha-3) where the event happened: its location only.
    #[arg(long, value_name = "CODE")]
    place_country: Option<String>,
    /// Events located within KM kilometres (great circle) of a point, `LAT,LON,KM`
    /// (`--near 46.48,30.72,50`: within 50 km of Odesa).
    #[arg(long, value_name = "LAT,LON,KM", allow_hyphen_values = true)]
    near: Option<String>,
    /// Events located at a place of this name: the gazetteer's name (`Kyiv`), the words of
    /// the text (`Kiev`) or the admin-1 unit (`Lombardy`), without case.
    #[arg(long, value_name = "NAME")]
    place: Option<String>,
    /// Language of the document (it, en).
    #[arg(long)]
    lang: Option<String>,
    /// Full-text search in the document text: every word must occur, as written or (with the
    /// language packs' stemmers) in another form of the same stem.
    #[arg(long)]
    q: Option<String>,
}

impl ScopeArgs {
    /// The store filter of these flags; the full-text query is stemmed with the data's
    /// language packs (loaded only when there is one).
    pub fn filter(&self, data: &crate::DataArgs) -> Result<EventFilter> {
        let upper = |s: &Option<String>| s.as_ref().map(|x| x.trim().to_uppercase());
        let lang = self.lang.as_deref().map(vedetta_analysis::normalise_lang);
        let q_stemmed = match &self.q {
            Some(q) => {
                vedetta_store::check_query(q).map_err(|e| anyhow::anyhow!("--q: {e}"))?;
                let p = crate::pipeline::load(data)?;
                vedetta_analysis::stem_query(&p.analyzer, q, lang.as_deref())
            }
            None => Vec::new(),
        };
        Ok(EventFilter {
            actor: upper(&self.actor),
            recipient: upper(&self.recipient),
            event_type: upper(&self.event_type),
            country: upper(&self.country),
            place_country: upper(&self.place_country),
            near: self
                .near
                .as_deref()
                .map(vedetta_store::Near::parse)
                .transpose()
                .map_err(|e| anyhow::anyhow!("--near: {e}"))?,
            place: match self.place.as_deref().map(vedetta_store::place_key) {
                Some(k) if k.is_empty() => anyhow::bail!("--place: the name is empty"),
                k => k,
            },
            lang,
            q: self.q.clone(),
            q_stemmed,
            ..EventFilter::default()
        })
    }
}

/// Filters shared by `query` and `export`.
#[derive(Args, Clone)]
pub struct FilterArgs {
    #[command(flatten)]
    scope: ScopeArgs,
    /// Aux mode: asserted, historical, future, hypothetical or negation.
    #[arg(long, value_parser = ["asserted", "historical", "future", "hypothetical", "negation"])]
    aux: Option<String>,
    /// Events that may fall on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Events that may fall on or before this date.
    #[arg(long)]
    to: Option<String>,
}

/// Opens the store named by `--db`: for writing (`ingest`, `demo`: created when missing), or
/// for reading (every other command: an existing vedetta store only, never created).
pub fn open_store(db: &DbArgs, write: bool) -> Result<Box<dyn Store>> {
    let url = db.db.as_str();
    let opened = if write {
        vedetta_store::open(url)
    } else {
        vedetta_store::open_existing(url)
    };
    let shown = vedetta_store::redact_url(vedetta_store::sqlite_path(url));
    Ok(opened.with_context(|| format!("opening --db {shown}"))?)
}

/// The ingest run's progress bar and error lines.
struct Bar(indicatif::ProgressBar);

impl vedetta_pipeline::ingest::Progress for Bar {
    fn read_one(&mut self) {
        self.0.inc(1);
    }
    fn failed(&mut self, f: &Failure) {
        self.0.suspend(|| match f.line {
            Some(l) => eprintln!("error: {}:{l}: {}", f.source, f.error),
            None => eprintln!("error: {}: {}", f.source, f.error),
        });
    }
    fn stored(&mut self, r: &vedetta_pipeline::ingest::IngestReport) {
        self.0.set_message(format!(
            "ingesting ({} stored, {} events)",
            r.documents, r.events
        ));
    }
}

/// `vedetta ingest`: documents are read in batches; each batch is coded on `jobs` threads and
/// stored in one transaction, so a killed run loses at most the batch in flight.
pub fn ingest(
    paths: &[PathBuf],
    db: &DbArgs,
    batch: usize,
    jobs: Option<usize>,
    common: &Common,
) -> Result<i32> {
    let mut store = open_store(db, true)?;
    let p = crate::pipeline::load(&common.data)?;
    let opts = pipeline::ingest_options(common)?;
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let mut bar = Bar(pipeline::progress("ingesting"));
    let started = Instant::now();
    let mut reader = vedetta_ingest::Reader::new(paths, opts);
    let rep = vedetta_pipeline::ingest::ingest(
        &p,
        &mut reader,
        store.as_mut(),
        &vedetta_pipeline::ingest::IngestOptions {
            batch,
            jobs,
            force_lang: common.lang.clone(),
        },
        &mut bar,
    )
    .context("ingesting")?;
    bar.0.finish_and_clear();
    for note in reader.notes() {
        eprintln!("note: {note}");
    }
    pipeline::print_summary(&rep.stats);
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "stored {} documents ({} events) in {secs:.1} s: {:.1} docs/s, {:.1} events/s; \
         {} already stored, {} failed",
        rep.documents,
        rep.events,
        rep.documents as f64 / secs,
        rep.events as f64 / secs,
        rep.skipped,
        rep.failed
    );
    if rep.failed > 0 {
        eprintln!("failures are recorded in the database (table failures); rerun to retry them");
    }
    Ok(if rep.failed > 0 { 1 } else { 0 })
}

/// The store filter from the command line.
fn filter(f: &FilterArgs, data: &crate::DataArgs) -> Result<EventFilter> {
    let date = |s: &Option<String>, what: &str| {
        s.as_deref()
            .map(PartialDate::parse)
            .transpose()
            .with_context(|| format!("--{what}"))
    };
    Ok(EventFilter {
        aux: f.aux.clone(),
        from: date(&f.from, "from")?,
        to: date(&f.to, "to")?,
        ..f.scope.filter(data)?
    })
}

fn codes(list: &[StoredEntity]) -> String {
    list.iter()
        .map(|e| e.code.as_str())
        .collect::<Vec<_>>()
        .join("+")
}

/// `vedetta query`.
pub fn query(
    db: &DbArgs,
    f: &FilterArgs,
    limit: u64,
    offset: u64,
    json_out: bool,
    stories: bool,
    data: &crate::DataArgs,
) -> Result<i32> {
    let store = open_store(db, false)?;
    let mut flt = filter(f, data)?;
    let total = store.count_events(&flt)?;
    flt.limit = Some(limit);
    flt.offset = offset;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if stories {
        let list = store.stories(&flt)?;
        for s in &list {
            if json_out {
                serde_json::to_writer(&mut out, s)?;
                out.write_all(b"\n")?;
            } else {
                writeln!(
                    out,
                    "{:<10} {:<11} {:>9} → {:<9} {:>4} mentions {:>4} docs {:>3} sources  {}",
                    s.date,
                    s.event_type,
                    s.actor.join("+"),
                    s.recipient.join("+"),
                    s.mentions,
                    s.documents,
                    s.sources,
                    s.outlets.join(", ")
                )?;
            }
        }
        out.flush()?;
        eprintln!(
            "{} stories from {total} matching events (offset {offset}, limit {limit})",
            list.len()
        );
        return Ok(0);
    }
    let mut shown = 0u64;
    store.for_each_event(&flt, &mut |e| {
        shown += 1;
        if json_out {
            serde_json::to_writer(&mut out, &e).map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
        } else {
            let text: String = e.event_text.chars().take(70).collect();
            writeln!(
                out,
                "{:<10} {:<11} {:>9} → {:<9} {:<12} {}  {}{}",
                e.date.as_deref().unwrap_or("-"),
                e.event_type,
                codes(&e.actor),
                codes(&e.recipient),
                e.aux.as_deref().unwrap_or("asserted"),
                e.id,
                text.replace('\n', " "),
                e.location
                    .as_ref()
                    .map(|l| format!("  @ {}, {}", l.resolved_place, l.country_code))
                    .unwrap_or_default()
            )?;
        }
        Ok(())
    })?;
    out.flush()?;
    eprintln!("{shown} of {total} matching events (offset {offset}, limit {limit})");
    Ok(0)
}

/// One PLOVER JSONL record, with the fields `vedetta code` prints.
pub fn plover_record(e: &StoredEvent) -> Value {
    let ent = |x: &StoredEntity| {
        json!({"code": x.code, "sector": x.sector, "entity_text": x.entity_text,
               "identifier_id": x.identifier_id})
    };
    json!({
        "id": e.id,
        "date": e.date,
        "date_precision": e.date_precision,
        "date_source": e.date_source,
        "actor": e.actor.iter().map(ent).collect::<Vec<_>>(),
        "recipient": e.recipient.iter().map(ent).collect::<Vec<_>>(),
        "event": [e.event_type],
        "mode": e.mode.iter().collect::<Vec<_>>(),
        "context": e.context,
        "event_text": e.event_text,
        "trigger": e.trigger,
        "text": e.text,
        "quad_code": e.quad,
        "event_scale": e.scale,
        "doc_id": e.doc_id,
        "lang": e.lang,
        "cameo": e.cameo,
        "aux": e.aux,
        "aux_cue": e.aux_cue,
        "reciprocal": e.reciprocal,
        "attribution": e.attribution,
        "evidence": {"start": e.evidence_start, "end": e.evidence_end},
        "quantities": e.quantities,
        "pattern": e.pattern,
        "location": e.location.as_ref().map(location_json),
        "cite_info": cite_info(&e.source, &e.outlet, e.url.as_deref(), e.title.as_deref()),
    })
}

/// A stored location as PLOVER's location object, the shape `vedetta code` prints.
pub fn location_json(l: &vedetta_store::StoredLocation) -> Value {
    let span = match (l.start, l.end) {
        (Some(start), Some(end)) => json!({"start": start, "end": end}),
        _ => Value::Null,
    };
    json!({"extracted_place": l.extracted_place, "span": span, "resolved_place": l.resolved_place,
           "geonameid": l.geonameid, "lat": l.lat, "lon": l.lon, "admin1": l.admin1,
           "admin1_name": l.admin1_name, "country_code": l.country_code,
           "feature_code": l.feature_code, "resolution": l.resolution,
           "geo_precision": l.geo_precision, "reason": l.reason})
}

/// Where an event's document came from (PLOVER's `cite_info`): its outlet (URL host, else
/// the input file), source (file and line, or feed URL), URL and title.
pub fn cite_info(source: &str, outlet: &str, url: Option<&str>, title: Option<&str>) -> Value {
    json!({"outlet": outlet, "source": source, "url": url, "title": title})
}

/// The CSV header of `export --format csv`.
pub const CSV_HEADER: &[&str] = &[
    "id",
    "doc_id",
    "date",
    "date_precision",
    "event_type",
    "mode",
    "cameo",
    "cameo_root",
    "quad_code",
    "event_scale",
    "aux",
    "actor_code",
    "actor_country",
    "actor_text",
    "recipient_code",
    "recipient_country",
    "recipient_text",
    "reciprocal",
    "attribution",
    "lang",
    "event_text",
    "outlet",
    "source",
    "url",
    "title",
    "place_name",
    "place_text",
    "geonameid",
    "lat",
    "lon",
    "admin1",
    "admin1_name",
    "place_country",
    "feature_code",
    "resolution",
    "geo_precision",
    "location_reason",
];

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || looks_numeric_with_zero(s) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A value such as `036` that readers would turn into the number 36: always quoted (and
/// docs/exports.md says how to keep it a string in pandas and R).
fn looks_numeric_with_zero(s: &str) -> bool {
    s.len() > 1 && s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit())
}

/// The CAMEO root of a code as a number (`036` → 3), for those who want numbers.
fn cameo_root(cameo: &str) -> String {
    cameo
        .get(..2)
        .and_then(|r| r.parse::<u8>().ok())
        .map(|r| r.to_string())
        .unwrap_or_default()
}

fn csv_row(e: &StoredEvent) -> String {
    let join = |list: &[StoredEntity], f: fn(&StoredEntity) -> &str| {
        list.iter().map(f).collect::<Vec<_>>().join("|")
    };
    let mut fields: Vec<String> = vec![
        e.id.clone(),
        e.doc_id.clone(),
        e.date.clone().unwrap_or_default(),
        e.date_precision.clone().unwrap_or_default(),
        e.event_type.clone(),
        e.mode.clone().unwrap_or_default(),
        e.cameo.clone(),
        cameo_root(&e.cameo),
        e.quad.map(|q| q.to_string()).unwrap_or_default(),
        e.scale.map(|s| s.to_string()).unwrap_or_default(),
        e.aux.clone().unwrap_or_default(),
        join(&e.actor, |x| &x.code),
        join(&e.actor, |x| &x.country),
        join(&e.actor, |x| &x.entity_text),
        join(&e.recipient, |x| &x.code),
        join(&e.recipient, |x| &x.country),
        join(&e.recipient, |x| &x.entity_text),
        e.reciprocal.to_string(),
        e.attribution.join("|"),
        e.lang.clone(),
        e.event_text.clone(),
        e.outlet.clone(),
        e.source.clone(),
        e.url.clone().unwrap_or_default(),
        e.title.clone().unwrap_or_default(),
    ];
    let l = e.location.as_ref();
    let text = |f: fn(&vedetta_store::StoredLocation) -> String| l.map(f).unwrap_or_default();
    fields.extend([
        text(|l| l.resolved_place.clone()),
        text(|l| l.extracted_place.clone()),
        text(|l| l.geonameid.to_string()),
        text(|l| l.lat.to_string()),
        text(|l| l.lon.to_string()),
        text(|l| l.admin1.clone().unwrap_or_default()),
        text(|l| l.admin1_name.clone().unwrap_or_default()),
        text(|l| l.country_code.clone()),
        text(|l| l.feature_code.clone()),
        text(|l| l.resolution.to_string()),
        text(|l| l.geo_precision.to_string()),
        text(|l| l.reason.clone()),
    ]);
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// Refuses an export `--out` that would overwrite a database: the database `--db` reads (the
/// same path, or the same file by device and inode, or its `-wal` or `-shm` file), or any
/// existing SQLite file, with `--force` or without.
fn refuse_overwriting_a_database(out: &Path, db: &DbArgs) -> Result<()> {
    let url = db.url();
    if vedetta_store::is_postgres_url(url) {
        return refuse_sqlite_file(out);
    }
    let db_path = Path::new(vedetta_store::sqlite_path(url));
    // The same file: the same real path, or (hard links) the same device and inode.
    let same = |a: &Path, b: &Path| -> bool {
        let real = |p: &Path| std::fs::canonicalize(p).ok();
        a == b
            || real(a).is_some_and(|x| Some(x) == real(b))
            || matches!((std::fs::metadata(a), std::fs::metadata(b)),
                        (Ok(x), Ok(y)) if same_inode(&x, &y))
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = db_path.as_os_str().to_os_string();
        name.push(suffix);
        if same(out, Path::new(&name)) {
            bail!(
                "--out {} is {} of the database --db {} that this export reads: refusing to \
                 overwrite it (did you mean --db?)",
                out.display(),
                if suffix.is_empty() {
                    "the file"
                } else {
                    "a journal file"
                },
                db_path.display()
            );
        }
    }
    refuse_sqlite_file(out)
}

/// Refuses `out` when it is an existing SQLite database.
fn refuse_sqlite_file(out: &Path) -> Result<()> {
    use std::io::Read;
    if let Ok(mut f) = std::fs::File::open(out) {
        let mut head = [0u8; 16];
        if f.metadata().is_ok_and(|m| m.is_file())
            && f.read_exact(&mut head).is_ok()
            && &head == b"SQLite format 3\0"
        {
            bail!(
                "--out {} is a SQLite database: an export never overwrites one (with --force \
                 or without); choose another --out",
                out.display()
            );
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_inode(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// `vedetta export`.
pub fn export(
    db: &DbArgs,
    f: &FilterArgs,
    format: &str,
    out_path: Option<&PathBuf>,
    partition: Option<&str>,
    force: bool,
    data: &crate::DataArgs,
) -> Result<i32> {
    if partition.is_some() && format != "parquet" {
        bail!("--partition works with --format parquet only");
    }
    if let Some(out) = out_path {
        refuse_overwriting_a_database(out, db)?;
    }
    let parquet = match format {
        "parquet" => Some(parquet_export::Target::new(out_path, partition, force)?),
        _ => None,
    };
    let store = open_store(db, false)?;
    let flt = filter(f, data)?;
    if let Some(target) = parquet {
        let (n, files) = parquet_export::export(&*store, &flt, &target)?;
        eprintln!(
            "exported {n} events (parquet, {files} file{}) to {}",
            if files == 1 { "" } else { "s" },
            target.out.display()
        );
        return Ok(0);
    }
    let sink: Box<dyn Write> = match out_path {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("--out {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(sink);
    if format == "csv" {
        writeln!(out, "{}", CSV_HEADER.join(","))?;
    }
    let mut n = 0u64;
    store.for_each_event(&flt, &mut |e| {
        n += 1;
        match format {
            "csv" => writeln!(out, "{}", csv_row(&e))?,
            _ => {
                serde_json::to_writer(&mut out, &plover_record(&e))
                    .map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    })?;
    out.flush()?;
    eprintln!("exported {n} events ({format})");
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("036"), "\"036\"");
        assert_eq!(cameo_root("036"), "3");
        assert_eq!(cameo_root("190"), "19");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }

    #[test]
    fn postgres_urls_open_postgres() {
        // Nothing listens on port 1: the error is PostgreSQL's, without the password.
        let db = DbArgs {
            db: "postgres://v:secret@127.0.0.1:1/v".into(),
        };
        let e = format!("{:#}", open_store(&db, true).err().unwrap());
        assert!(
            e.contains("opening --db postgres://v:***@127.0.0.1:1/v: PostgreSQL: "),
            "{e}"
        );
        assert!(!e.contains("secret"), "{e}");
    }
}
