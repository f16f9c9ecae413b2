//! `vedetta export --format parquet`: stored events as Apache Parquet, one row per event,
//! streamed in bounded batches (never all events in memory), into one file or a Hive-style
//! directory partitioned by month (`PATH/month=2024-05/part-0.parquet`).
//!
//! Output is written beside its target under a temporary name and renamed into place when
//! complete, so a failed export leaves no half-written file and never clobbers an older one.

use anyhow::{bail, Context, Result};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, Int8Builder, ListBuilder,
    StringBuilder, UInt32Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vedetta_model::{PartialDate, Precision};
use vedetta_store::{EventFilter, Store, StoredEvent};

/// Events buffered in Arrow builders before they are handed to the Parquet writer.
const BATCH_ROWS: usize = 8 * 1024;
/// Most rows in one row group.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;
/// Largest estimated size of one row group in bytes (whichever limit comes first).
const ROW_GROUP_BYTES: usize = 128 * 1024 * 1024;
/// Most partition files open at once; the least recently used is closed beyond it (a month
/// seen again after its file was closed goes on in `part-1.parquet`, `part-2.parquet`, …).
/// Events come ordered by date, so each month normally has one part.
const MAX_OPEN_PARTS: usize = 8;
/// Value of the `month` column and partition for events without a usable date.
pub const UNDATED: &str = "undated";

/// The columns of the Parquet export, for `vedetta export --help` and docs/exports.md.
pub const SCHEMA_HELP: &str = "\
Parquet columns (one row per event; `?` = nullable; list = list<utf8>):
  event_id utf8             `{doc_id}-{seq}`
  doc_id utf8               document id
  seq uint32                1-based position of the event in its document
  lang utf8                 document language (it, en)
  doc_date utf8?            document date (YYYY, YYYY-MM or YYYY-MM-DD)
  event_type utf8           PLOVER event type (AID, ACCUSE, ...)
  mode utf8?                PLOVER mode
  context list              PLOVER contexts
  cameo utf8                CAMEO code
  quad int8?                CAMEO quad class 1-4
  scale float64?            Goldstein scale
  actor_code utf8?          code of the first actor (RUSGOV)
  actor_country utf8?       its top-level code (RUS)
  recipient_code utf8?      code of the first recipient
  recipient_country utf8?   its top-level code
  actor_codes list          codes of all actors
  recipient_codes list      codes of all recipients
  reciprocal bool           actor and recipient act together
  aux utf8?                 historical, future, hypothetical or negation; null = asserted
  aux_cue utf8?             the words that set aux
  attribution list          who says so, nearest source first
  date utf8?                event date (YYYY, YYYY-MM or YYYY-MM-DD)
  date_first date32?        first day the (possibly partial) event date may denote
  date_precision utf8?      year, month or day
  date_source utf8          timex (from the text) or document (the document date)
  evidence_start int64      start of the evidence span in the document, in characters
  evidence_end int64        end (exclusive), in characters
  event_text utf8           the evidence text
  trigger utf8              the trigger words
  sentence utf8             the sentence of the event
  pattern utf8              id of the pattern that coded it
  quantities utf8           quantities of the clause as a JSON array
  cameo_root int8?          the CAMEO root as a number (036 -> 3)
  outlet utf8               the document's outlet (URL host, else the input file)
  source utf8               the document's source (input file:line, or feed URL)
  url utf8?                 the document's URL
  title utf8?               the document's title
  place_name utf8?          where the event happened: the gazetteer's name (null: unknown)
  place_text utf8?          the words of the text naming it (empty when implied)
  geonameid uint32?         GeoNames id of the place
  lat float64?              WGS84 latitude of the place
  lon float64?              WGS84 longitude of the place
  admin1 utf8?              GeoNames admin-1 code
  admin1_name utf8?         the admin-1 unit's English name
  place_country utf8?       ISO 3166-1 alpha-3 country of the place
  feature_code utf8?        GeoNames feature code (PPLC, PPLA, ADM1, PCLI …)
  resolution int8?          PLOVER resolution: 5 sub-city, 4 city, 3 admin-2, 2 admin-1, 1 country
  geo_precision int8?       ACLED geo-precision: 1 the town, 2 near it or part of a region, 3 a
                            region, a country or a place implied
  location_reason utf8?     why it is placed there (place in the event clause, dateline …)
  month utf8                YYYY-MM of the event date; else of the document date (when the
                            event has no date, or only the document's year); else `undated`.
                            With --partition month it is not stored in the files: it is the
                            directory name month=YYYY-MM (Hive partitioning).

Parquet needs --out (binary output is never written to stdout); an existing --out is
replaced only with --force. Compression: Snappy; row groups of at most 65536 events.";

/// Where and how to write: checked before the store is opened.
pub struct Target {
    /// The output file, or directory with `partition`.
    pub out: PathBuf,
    partition: bool,
}

impl Target {
    /// Checks `--out`, `--partition` and `--force`: an output path is required (binary data is
    /// not written to stdout), and an existing output is refused unless `force` — and even
    /// then a directory is replaced only when it holds nothing but a previous partitioned
    /// export (`month=*/part-*.parquet`).
    pub fn new(out: Option<&PathBuf>, partition: Option<&str>, force: bool) -> Result<Target> {
        let partition = match partition {
            None => false,
            Some("month") => true,
            Some(other) => bail!("--partition {other}: only `month` is supported"),
        };
        let out = match out {
            Some(p) if p.as_os_str() != "-" => p.clone(),
            _ => bail!(
                "--format parquet writes binary data, not to stdout: give --out PATH (a file, \
                 or with --partition month a directory)"
            ),
        };
        if let Ok(meta) = std::fs::symlink_metadata(&out) {
            if !force {
                bail!(
                    "--out {}: already exists (pass --force to replace it)",
                    out.display()
                );
            }
            if partition {
                if !meta.is_dir() {
                    bail!(
                        "--out {}: exists and is not a directory (with --partition month, \
                         --out names a directory)",
                        out.display()
                    );
                }
                check_replaceable_dir(&out)?;
            } else if meta.is_dir() {
                bail!(
                    "--out {}: is a directory (without --partition, --out names a file)",
                    out.display()
                );
            }
        }
        Ok(Target { out, partition })
    }
}

/// Refuses to replace a directory that holds anything but `month=*/part-*.parquet`.
fn check_replaceable_dir(dir: &Path) -> Result<()> {
    let foreign = |p: &Path| {
        anyhow::anyhow!(
            "--out {}: refusing to replace a directory that is not a partitioned Parquet \
             export ({} is not month=*/part-*.parquet)",
            dir.display(),
            p.display()
        )
    };
    for entry in std::fs::read_dir(dir).with_context(|| format!("--out {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with("month=") && entry.file_type()?.is_dir()) {
            return Err(foreign(&entry.path()));
        }
        for part in std::fs::read_dir(entry.path())? {
            let part = part?;
            let n = part.file_name();
            let n = n.to_string_lossy();
            if !(n.starts_with("part-") && n.ends_with(".parquet") && part.file_type()?.is_file()) {
                return Err(foreign(&part.path()));
            }
        }
    }
    Ok(())
}

/// Writes the events matching `filter` to `target`; returns (events, files written).
pub fn export(store: &dyn Store, filter: &EventFilter, target: &Target) -> Result<(u64, usize)> {
    let tmp = TempPath::beside(&target.out)?;
    let mut n = 0u64;
    let files = if target.partition {
        std::fs::create_dir(&tmp.0).with_context(|| format!("creating {}", tmp.0.display()))?;
        let mut parts = Parts::new(tmp.0.clone());
        store.for_each_event(filter, &mut |e| {
            n += 1;
            parts.push(&e).map_err(std::io::Error::other)?;
            Ok(())
        })?;
        parts.finish()?
    } else {
        let mut w = PartWriter::create(&tmp.0, schema(true))?;
        store.for_each_event(filter, &mut |e| {
            n += 1;
            let month = month_of(e.date.as_deref(), e.doc_date.as_deref());
            w.push(&e, Some(&month)).map_err(std::io::Error::other)?;
            Ok(())
        })?;
        w.finish()?;
        1
    };
    tmp.commit(&target.out)?;
    Ok((n, files))
}

/// A temporary sibling of the output, removed on drop unless renamed into place.
struct TempPath(PathBuf);

impl TempPath {
    fn beside(out: &Path) -> Result<TempPath> {
        let name = out
            .file_name()
            .with_context(|| format!("--out {}: not a file or directory name", out.display()))?;
        let tmp = format!(".{}.partial-{}", name.to_string_lossy(), std::process::id());
        let tmp = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.join(tmp),
            _ => PathBuf::from(tmp),
        };
        remove(&tmp);
        Ok(TempPath(tmp))
    }

    /// Moves the finished output into place (replacing a checked older one).
    fn commit(self, out: &Path) -> Result<()> {
        if self.0.is_dir() && out.is_dir() {
            std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
        }
        std::fs::rename(&self.0, out)
            .with_context(|| format!("moving {} to {}", self.0.display(), out.display()))?;
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        remove(&self.0);
    }
}

fn remove(p: &Path) {
    if p.is_dir() {
        let _ = std::fs::remove_dir_all(p);
    } else {
        let _ = std::fs::remove_file(p);
    }
}

/// The Arrow schema of the export; `with_month`: include the `month` column (left out of
/// partitioned files, where the directory name carries it).
pub fn schema(with_month: bool) -> SchemaRef {
    let utf8 = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let list = |name: &str| Field::new(name, list_type(), false);
    let mut fields = vec![
        utf8("event_id", false),
        utf8("doc_id", false),
        Field::new("seq", DataType::UInt32, false),
        utf8("lang", false),
        utf8("doc_date", true),
        utf8("event_type", false),
        utf8("mode", true),
        list("context"),
        utf8("cameo", false),
        Field::new("quad", DataType::Int8, true),
        Field::new("scale", DataType::Float64, true),
        utf8("actor_code", true),
        utf8("actor_country", true),
        utf8("recipient_code", true),
        utf8("recipient_country", true),
        list("actor_codes"),
        list("recipient_codes"),
        Field::new("reciprocal", DataType::Boolean, false),
        utf8("aux", true),
        utf8("aux_cue", true),
        list("attribution"),
        utf8("date", true),
        Field::new("date_first", DataType::Date32, true),
        utf8("date_precision", true),
        utf8("date_source", false),
        Field::new("evidence_start", DataType::Int64, false),
        Field::new("evidence_end", DataType::Int64, false),
        utf8("event_text", false),
        utf8("trigger", false),
        utf8("sentence", false),
        utf8("pattern", false),
        utf8("quantities", false),
        Field::new("cameo_root", DataType::Int8, true),
        utf8("outlet", false),
        utf8("source", false),
        utf8("url", true),
        utf8("title", true),
        utf8("place_name", true),
        utf8("place_text", true),
        Field::new("geonameid", DataType::UInt32, true),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        utf8("admin1", true),
        utf8("admin1_name", true),
        utf8("place_country", true),
        utf8("feature_code", true),
        Field::new("resolution", DataType::Int8, true),
        Field::new("geo_precision", DataType::Int8, true),
        utf8("location_reason", true),
    ];
    if with_month {
        fields.push(utf8("month", false));
    }
    Arc::new(Schema::new(fields))
}

/// The element field of list columns: non-null strings named `item` (Arrow's default name).
fn item_field() -> Arc<Field> {
    Arc::new(Field::new_list_field(DataType::Utf8, false))
}

fn list_type() -> DataType {
    DataType::List(item_field())
}

/// `YYYY-MM` of the event date; else of the document date, when the event has no date or
/// only a year that is the document's year; else [`UNDATED`].
pub fn month_of(date: Option<&str>, doc_date: Option<&str>) -> String {
    let parse = |s: Option<&str>| s.and_then(|s| PartialDate::parse(s).ok());
    let ym = |d: PartialDate| d.month.map(|m| format!("{:04}-{m:02}", d.year));
    let (date, doc) = (parse(date), parse(doc_date));
    match (date, doc) {
        (Some(d), _) if d.precision() != Precision::Year => ym(d),
        (Some(d), Some(doc)) if doc.year == d.year => ym(doc),
        (None, Some(doc)) => ym(doc),
        _ => None,
    }
    .unwrap_or_else(|| UNDATED.to_string())
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
fn days_since_epoch((y, m, d): (i16, u8, u8)) -> i32 {
    vedetta_model::date::days_from_civil(i32::from(y), u32::from(m), u32::from(d)) as i32
}

/// `date_first` of an event date: its first possible day.
fn date_first(date: Option<&str>) -> Option<i32> {
    date.and_then(|s| PartialDate::parse(s).ok())
        .map(|d| days_since_epoch(d.first_day()))
}

/// Arrow builders for one batch of rows, in the order of [`schema`].
struct Columns {
    event_id: StringBuilder,
    doc_id: StringBuilder,
    seq: UInt32Builder,
    lang: StringBuilder,
    doc_date: StringBuilder,
    event_type: StringBuilder,
    mode: StringBuilder,
    context: ListBuilder<StringBuilder>,
    cameo: StringBuilder,
    quad: Int8Builder,
    scale: Float64Builder,
    actor_code: StringBuilder,
    actor_country: StringBuilder,
    recipient_code: StringBuilder,
    recipient_country: StringBuilder,
    actor_codes: ListBuilder<StringBuilder>,
    recipient_codes: ListBuilder<StringBuilder>,
    reciprocal: BooleanBuilder,
    aux: StringBuilder,
    aux_cue: StringBuilder,
    attribution: ListBuilder<StringBuilder>,
    date: StringBuilder,
    date_first: Date32Builder,
    date_precision: StringBuilder,
    date_source: StringBuilder,
    evidence_start: Int64Builder,
    evidence_end: Int64Builder,
    event_text: StringBuilder,
    trigger: StringBuilder,
    sentence: StringBuilder,
    pattern: StringBuilder,
    quantities: StringBuilder,
    cameo_root: Int8Builder,
    outlet: StringBuilder,
    source: StringBuilder,
    url: StringBuilder,
    title: StringBuilder,
    place_name: StringBuilder,
    place_text: StringBuilder,
    geonameid: UInt32Builder,
    lat: Float64Builder,
    lon: Float64Builder,
    admin1: StringBuilder,
    admin1_name: StringBuilder,
    place_country: StringBuilder,
    feature_code: StringBuilder,
    resolution: Int8Builder,
    geo_precision: Int8Builder,
    location_reason: StringBuilder,
    month: StringBuilder,
    rows: usize,
}

fn list_builder() -> ListBuilder<StringBuilder> {
    ListBuilder::new(StringBuilder::new()).with_field(item_field())
}

fn append_list<'a>(b: &mut ListBuilder<StringBuilder>, items: impl IntoIterator<Item = &'a str>) {
    for s in items {
        b.values().append_value(s);
    }
    b.append(true);
}

impl Columns {
    fn new() -> Self {
        Columns {
            event_id: StringBuilder::new(),
            doc_id: StringBuilder::new(),
            seq: UInt32Builder::new(),
            lang: StringBuilder::new(),
            doc_date: StringBuilder::new(),
            event_type: StringBuilder::new(),
            mode: StringBuilder::new(),
            context: list_builder(),
            cameo: StringBuilder::new(),
            quad: Int8Builder::new(),
            scale: Float64Builder::new(),
            actor_code: StringBuilder::new(),
            actor_country: StringBuilder::new(),
            recipient_code: StringBuilder::new(),
            recipient_country: StringBuilder::new(),
            actor_codes: list_builder(),
            recipient_codes: list_builder(),
            reciprocal: BooleanBuilder::new(),
            aux: StringBuilder::new(),
            aux_cue: StringBuilder::new(),
            attribution: list_builder(),
            date: StringBuilder::new(),
            date_first: Date32Builder::new(),
            date_precision: StringBuilder::new(),
            date_source: StringBuilder::new(),
            evidence_start: Int64Builder::new(),
            evidence_end: Int64Builder::new(),
            event_text: StringBuilder::new(),
            trigger: StringBuilder::new(),
            sentence: StringBuilder::new(),
            pattern: StringBuilder::new(),
            quantities: StringBuilder::new(),
            cameo_root: Int8Builder::new(),
            outlet: StringBuilder::new(),
            source: StringBuilder::new(),
            url: StringBuilder::new(),
            title: StringBuilder::new(),
            place_name: StringBuilder::new(),
            place_text: StringBuilder::new(),
            geonameid: UInt32Builder::new(),
            lat: Float64Builder::new(),
            lon: Float64Builder::new(),
            admin1: StringBuilder::new(),
            admin1_name: StringBuilder::new(),
            place_country: StringBuilder::new(),
            feature_code: StringBuilder::new(),
            resolution: Int8Builder::new(),
            geo_precision: Int8Builder::new(),
            location_reason: StringBuilder::new(),
            month: StringBuilder::new(),
            rows: 0,
        }
    }

    /// Adds one event; `month` is `None` when the files carry no month column.
    fn push(&mut self, e: &StoredEvent, month: Option<&str>) {
        self.event_id.append_value(&e.id);
        self.doc_id.append_value(&e.doc_id);
        self.seq.append_value(e.seq);
        self.lang.append_value(&e.lang);
        self.doc_date.append_option(e.doc_date.as_deref());
        self.event_type.append_value(&e.event_type);
        self.mode.append_option(e.mode.as_deref());
        append_list(&mut self.context, e.context.iter().map(String::as_str));
        self.cameo.append_value(&e.cameo);
        self.quad
            .append_option(e.quad.map(|q| i8::try_from(q).unwrap_or(i8::MAX)));
        self.scale.append_option(e.scale);
        let (actor, recipient) = (e.actor.first(), e.recipient.first());
        self.actor_code.append_option(actor.map(|a| &a.code));
        self.actor_country.append_option(actor.map(|a| &a.country));
        self.recipient_code
            .append_option(recipient.map(|a| &a.code));
        self.recipient_country
            .append_option(recipient.map(|a| &a.country));
        append_list(
            &mut self.actor_codes,
            e.actor.iter().map(|a| a.code.as_str()),
        );
        append_list(
            &mut self.recipient_codes,
            e.recipient.iter().map(|a| a.code.as_str()),
        );
        self.reciprocal.append_value(e.reciprocal);
        self.aux.append_option(e.aux.as_deref());
        self.aux_cue.append_option(e.aux_cue.as_deref());
        append_list(
            &mut self.attribution,
            e.attribution.iter().map(String::as_str),
        );
        self.date.append_option(e.date.as_deref());
        self.date_first.append_option(date_first(e.date.as_deref()));
        self.date_precision
            .append_option(e.date_precision.as_deref());
        self.date_source.append_value(&e.date_source);
        self.evidence_start.append_value(e.evidence_start as i64);
        self.evidence_end.append_value(e.evidence_end as i64);
        self.event_text.append_value(&e.event_text);
        self.trigger.append_value(&e.trigger);
        self.sentence.append_value(&e.text);
        self.pattern.append_value(&e.pattern);
        self.quantities.append_value(e.quantities.to_string());
        self.cameo_root
            .append_option(e.cameo.get(..2).and_then(|r| r.parse::<i8>().ok()));
        self.outlet.append_value(&e.outlet);
        self.source.append_value(&e.source);
        self.url.append_option(e.url.as_deref());
        self.title.append_option(e.title.as_deref());
        let l = e.location.as_ref();
        self.place_name
            .append_option(l.map(|l| l.resolved_place.as_str()));
        self.place_text
            .append_option(l.map(|l| l.extracted_place.as_str()));
        self.geonameid.append_option(l.map(|l| l.geonameid));
        self.lat.append_option(l.map(|l| l.lat));
        self.lon.append_option(l.map(|l| l.lon));
        self.admin1
            .append_option(l.and_then(|l| l.admin1.as_deref()));
        self.admin1_name
            .append_option(l.and_then(|l| l.admin1_name.as_deref()));
        self.place_country
            .append_option(l.map(|l| l.country_code.as_str()));
        self.feature_code
            .append_option(l.map(|l| l.feature_code.as_str()));
        self.resolution
            .append_option(l.map(|l| i8::try_from(l.resolution).unwrap_or(i8::MAX)));
        self.geo_precision
            .append_option(l.map(|l| i8::try_from(l.geo_precision).unwrap_or(i8::MAX)));
        self.location_reason
            .append_option(l.map(|l| l.reason.as_str()));
        if let Some(m) = month {
            self.month.append_value(m);
        }
        self.rows += 1;
    }

    /// The buffered rows as a batch of `schema`; the builders are left empty.
    fn finish(&mut self, schema: &SchemaRef) -> Result<RecordBatch> {
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(self.event_id.finish()),
            Arc::new(self.doc_id.finish()),
            Arc::new(self.seq.finish()),
            Arc::new(self.lang.finish()),
            Arc::new(self.doc_date.finish()),
            Arc::new(self.event_type.finish()),
            Arc::new(self.mode.finish()),
            Arc::new(self.context.finish()),
            Arc::new(self.cameo.finish()),
            Arc::new(self.quad.finish()),
            Arc::new(self.scale.finish()),
            Arc::new(self.actor_code.finish()),
            Arc::new(self.actor_country.finish()),
            Arc::new(self.recipient_code.finish()),
            Arc::new(self.recipient_country.finish()),
            Arc::new(self.actor_codes.finish()),
            Arc::new(self.recipient_codes.finish()),
            Arc::new(self.reciprocal.finish()),
            Arc::new(self.aux.finish()),
            Arc::new(self.aux_cue.finish()),
            Arc::new(self.attribution.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.date_first.finish()),
            Arc::new(self.date_precision.finish()),
            Arc::new(self.date_source.finish()),
            Arc::new(self.evidence_start.finish()),
            Arc::new(self.evidence_end.finish()),
            Arc::new(self.event_text.finish()),
            Arc::new(self.trigger.finish()),
            Arc::new(self.sentence.finish()),
            Arc::new(self.pattern.finish()),
            Arc::new(self.quantities.finish()),
            Arc::new(self.cameo_root.finish()),
            Arc::new(self.outlet.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.place_name.finish()),
            Arc::new(self.place_text.finish()),
            Arc::new(self.geonameid.finish()),
            Arc::new(self.lat.finish()),
            Arc::new(self.lon.finish()),
            Arc::new(self.admin1.finish()),
            Arc::new(self.admin1_name.finish()),
            Arc::new(self.place_country.finish()),
            Arc::new(self.feature_code.finish()),
            Arc::new(self.resolution.finish()),
            Arc::new(self.geo_precision.finish()),
            Arc::new(self.location_reason.finish()),
        ];
        let month = self.month.finish();
        if schema.fields().len() > cols.len() {
            cols.push(Arc::new(month));
        }
        self.rows = 0;
        RecordBatch::try_new(schema.clone(), cols).context("building a Parquet batch")
    }
}

/// One Parquet file being written.
struct PartWriter {
    path: PathBuf,
    schema: SchemaRef,
    columns: Columns,
    writer: ArrowWriter<File>,
}

impl PartWriter {
    fn create(path: &Path, schema: SchemaRef) -> Result<Self> {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props))
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(PartWriter {
            path: path.to_path_buf(),
            schema,
            columns: Columns::new(),
            writer,
        })
    }

    fn push(&mut self, e: &StoredEvent, month: Option<&str>) -> Result<()> {
        self.columns.push(e, month);
        if self.columns.rows >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.columns.rows > 0 {
            let batch = self.columns.finish(&self.schema)?;
            self.writer
                .write(&batch)
                .with_context(|| format!("writing {}", self.path.display()))?;
        }
        Ok(())
    }

    /// Writes the last rows and the footer.
    fn finish(mut self) -> Result<()> {
        self.flush()?;
        // The writer buffers its own output; `into_inner` writes the footer and flushes.
        let file = self
            .writer
            .into_inner()
            .with_context(|| format!("closing {}", self.path.display()))?;
        file.sync_all()
            .with_context(|| format!("writing {}", self.path.display()))
    }
}

/// The open files of a month-partitioned export, least recently used first.
struct Parts {
    dir: PathBuf,
    schema: SchemaRef,
    open: Vec<(String, PartWriter)>,
    next_part: HashMap<String, u32>,
    files: usize,
}

impl Parts {
    fn new(dir: PathBuf) -> Self {
        Parts {
            dir,
            schema: schema(false),
            open: Vec::new(),
            next_part: HashMap::new(),
            files: 0,
        }
    }

    fn push(&mut self, e: &StoredEvent) -> Result<()> {
        let month = month_of(e.date.as_deref(), e.doc_date.as_deref());
        let i = match self.open.iter().position(|(m, _)| *m == month) {
            Some(i) => i,
            None => {
                if self.open.len() >= MAX_OPEN_PARTS {
                    let (_, old) = self.open.remove(0);
                    old.finish()?;
                }
                let dir = self.dir.join(format!("month={month}"));
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                let n = self.next_part.entry(month.clone()).or_insert(0);
                let path = dir.join(format!("part-{n}.parquet"));
                *n += 1;
                self.files += 1;
                self.open
                    .push((month, PartWriter::create(&path, self.schema.clone())?));
                self.open.len() - 1
            }
        };
        if i + 1 != self.open.len() {
            let entry = self.open.remove(i);
            self.open.push(entry);
        }
        let last = self.open.len() - 1;
        self.open[last].1.push(e, None)
    }

    /// Closes every open file; returns how many files were written.
    fn finish(self) -> Result<usize> {
        for (_, w) in self.open {
            w.finish()?;
        }
        Ok(self.files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(month_of(Some("2024-05-17"), Some("2024-06-01")), "2024-05");
        assert_eq!(month_of(Some("2024-05"), None), "2024-05");
        assert_eq!(month_of(None, Some("2024-06-01")), "2024-06");
        assert_eq!(month_of(Some("2024"), Some("2024-06-01")), "2024-06");
        assert_eq!(month_of(Some("2023"), Some("2024-06-01")), UNDATED);
        assert_eq!(month_of(Some("2024"), Some("2024")), UNDATED);
        assert_eq!(month_of(None, None), UNDATED);
        assert_eq!(month_of(Some("garbage"), None), UNDATED);
    }

    #[test]
    fn epoch_days() {
        assert_eq!(days_since_epoch((1970, 1, 1)), 0);
        assert_eq!(days_since_epoch((2000, 3, 1)), 11_017);
        assert_eq!(days_since_epoch((2024, 5, 17)), 19_860);
        assert_eq!(days_since_epoch((1969, 12, 31)), -1);
        assert_eq!(date_first(Some("2024-05")), Some(19_844));
        assert_eq!(date_first(Some("2024")), Some(19_723));
        assert_eq!(date_first(None), None);
    }

    #[test]
    fn help_names_every_column() {
        for f in schema(true).fields() {
            let line = format!("\n  {} ", f.name());
            assert!(
                SCHEMA_HELP.contains(&line),
                "{} is not in SCHEMA_HELP",
                f.name()
            );
        }
        let rows = SCHEMA_HELP
            .lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .count();
        assert_eq!(rows, schema(true).fields().len());
    }

    fn event(date: Option<&str>) -> StoredEvent {
        let ent = |code: &str| vedetta_store::StoredEntity {
            code: code.into(),
            country: code[..3].into(),
            sector: None,
            entity_text: code.into(),
            identifier_id: None,
            start: 0,
            end: 1,
        };
        StoredEvent {
            id: "d-1".into(),
            doc_id: "d".into(),
            seq: 1,
            lang: "it".into(),
            doc_date: Some("2024-05-17".into()),
            event_type: "AID".into(),
            mode: None,
            context: vec!["military".into()],
            cameo: "070".into(),
            quad: Some(2),
            scale: Some(7.0),
            actor: vec![ent("RUSGOV"), ent("BLR")],
            recipient: vec![],
            reciprocal: false,
            aux: None,
            aux_cue: None,
            attribution: vec![],
            date: date.map(str::to_string),
            date_precision: None,
            date_source: "document".into(),
            evidence_start: 0,
            evidence_end: 5,
            event_text: "aiuti".into(),
            trigger: "aiuti".into(),
            text: "aiuti".into(),
            quantities: serde_json::json!([]),
            pattern: "p".into(),
            location: None,
            source: "a.jsonl:1".into(),
            outlet: "example.org".into(),
            url: Some("https://example.org/a".into()),
            title: None,
        }
    }

    #[test]
    fn batches_match_the_schema() {
        for with_month in [true, false] {
            let mut c = Columns::new();
            c.push(&event(Some("2024-05-17")), with_month.then_some("2024-05"));
            c.push(&event(None), with_month.then_some(UNDATED));
            let b = c.finish(&schema(with_month)).unwrap();
            assert_eq!(b.num_rows(), 2);
            assert_eq!(c.rows, 0);
        }
    }

    #[test]
    fn least_recently_used_parts_are_closed() {
        let dir = std::env::temp_dir().join(format!("vedetta-pq-lru-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut parts = Parts::new(dir.clone());
        // More months than open files, then the first month again.
        let months: Vec<String> = (1..=MAX_OPEN_PARTS + 1)
            .map(|m| format!("2020-{m:02}-01"))
            .collect();
        for m in &months {
            parts.push(&event(Some(m))).unwrap();
        }
        parts.push(&event(Some("2020-01-02"))).unwrap();
        assert_eq!(parts.finish().unwrap(), MAX_OPEN_PARTS + 2);
        assert!(dir.join("month=2020-01/part-0.parquet").is_file());
        assert!(dir.join("month=2020-01/part-1.parquet").is_file());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
