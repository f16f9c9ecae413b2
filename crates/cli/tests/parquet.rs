//! End-to-end checks of `vedetta export --format parquet`: the file is read back with the
//! parquet crate and with an independent reader (pyarrow, through `python3`).
//!
//! pyarrow tests are ignored (with the reason) when `import pyarrow` failed when the crate was
//! built, except with `CI` set (build.rs).

mod common;
use common::{run, s, seed, tmp};

use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A database with the seed article (May 2024) and documents of June and July 2024 and one
/// without a date, so that exports span several months and `undated`.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("v.db");
    let input = dir.join("more.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id":"jun","date":"2024-06-03","lang":"it","text":"La Russia ha inviato aiuti alla Corea del Nord."}"#,
            "\n",
            r#"{"id":"jul","date":"2024-07-18","lang":"en","text":"The United States sent aid to Ukraine. Russia accused Ukraine of attacks."}"#,
            "\n",
            r#"{"id":"none","lang":"en","text":"The United States sent aid to Ukraine."}"#,
            "\n",
        ),
    )
    .unwrap();
    // Rules only: this file tests the export, so its events must not hang on where the
    // learned classifier's veto falls after a retraining (the June aid event scores near it).
    let (_, err, code) = run(&[
        "ingest",
        s(&seed()),
        s(&input),
        "--db",
        s(&db),
        "--rules-only",
    ]);
    assert_eq!(code, 0, "{err}");
    db
}

/// The events `vedetta query --json` returns for the filters.
fn query(db: &Path, filters: &[&str]) -> Vec<Value> {
    let mut args = vec!["query", "--db", s(db), "--json", "--limit", "1000000"];
    args.extend_from_slice(filters);
    let (out, err, code) = run(&args);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The `month` the export should give an event (see `vedetta export --help`).
fn expected_month(e: &Value) -> String {
    let date = e["date"].as_str();
    let doc = e["doc_date"].as_str().filter(|d| d.len() >= 7);
    match (date, doc) {
        (Some(d), _) if d.len() >= 7 => d[..7].to_string(),
        (Some(d), Some(doc)) if doc.starts_with(d) => doc[..7].to_string(),
        (None, Some(doc)) => doc[..7].to_string(),
        _ => "undated".to_string(),
    }
}

/// `date_first` as ISO text: the first day of the event date.
fn expected_first_day(e: &Value) -> Value {
    match e["date"].as_str() {
        None => Value::Null,
        Some(d) if d.len() == 4 => Value::from(format!("{d}-01-01")),
        Some(d) if d.len() == 7 => Value::from(format!("{d}-01")),
        Some(d) => Value::from(d),
    }
}

/// Reads Parquet files with the parquet crate: (schema of the first, event ids in order).
fn read_rust(files: &[PathBuf]) -> (arrow_schema::SchemaRef, Vec<String>) {
    let mut schema = None;
    let mut ids = Vec::new();
    for f in files {
        let b = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(f).unwrap()).unwrap();
        schema.get_or_insert_with(|| b.schema().clone());
        for batch in b.build().unwrap() {
            let batch = batch.unwrap();
            let col = batch
                .column_by_name("event_id")
                .unwrap()
                .as_any()
                .downcast_ref::<arrow_array::StringArray>()
                .unwrap()
                .iter()
                .map(|x| x.unwrap().to_string())
                .collect::<Vec<_>>();
            ids.extend(col);
        }
    }
    (schema.expect("at least one file"), ids)
}

/// Runs a Python script with pyarrow and parses its JSON output. The tests that call it are
/// ignored (with the reason) when pyarrow was not importable at build time (build.rs).
fn pyarrow(script: &str, arg: &Path) -> Value {
    let out = Command::new("python3")
        .args(["-c", script, s(arg)])
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python3 with pyarrow failed (pip install pyarrow): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from python3")
}

const PY_FILE: &str = r#"
import json, sys
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
col = lambda n: t.column(n).to_pylist()
print(json.dumps({
    "num_rows": t.num_rows,
    "types": {f.name: str(f.type) for f in t.schema},
    "nullable": {f.name: f.nullable for f in t.schema},
    "event_id": col("event_id"),
    "seq": col("seq"),
    "date": col("date"),
    "date_first": [None if d is None else d.isoformat() for d in col("date_first")],
    "month": col("month"),
    "actor_codes": col("actor_codes"),
    "actor_code": col("actor_code"),
    "quad": col("quad"),
    "aux": col("aux"),
    "reciprocal": col("reciprocal"),
}))
"#;

const PY_DATASET: &str = r#"
import json, sys
import pyarrow.dataset as ds
d = ds.dataset(sys.argv[1], format="parquet", partitioning="hive")
t = d.to_table()
print(json.dumps({
    "num_rows": t.num_rows,
    "count_rows": d.count_rows(),
    "files": len(d.files),
    "types": {f.name: str(f.type) for f in t.schema},
    "pairs": sorted(set(zip(t.column("event_id").to_pylist(), t.column("month").to_pylist()))),
}))
"#;

#[test]
fn parquet_file_matches_query() {
    file_matches_query(false);
}

/// The same file read back by pyarrow, an independent reader.
#[test]
#[cfg_attr(
    not(vedetta_pyarrow),
    ignore = "pyarrow is not importable (pip install pyarrow)"
)]
fn parquet_file_read_by_pyarrow() {
    file_matches_query(true);
}

fn file_matches_query(with_pyarrow: bool) {
    let dir = tmp(if with_pyarrow { "file-py" } else { "file" });
    let db = database(&dir);
    let events = query(&db, &[]);
    assert!(events.len() > 3, "{}", events.len());
    let months: BTreeSet<String> = events.iter().map(expected_month).collect();
    assert!(
        months.contains("2024-05") && months.contains("2024-06"),
        "{months:?}"
    );
    assert!(
        months.contains("2024-07") && months.contains("undated"),
        "{months:?}"
    );

    let out = dir.join("events.parquet");
    let (_, err, code) = run(&[
        "export",
        "--format",
        "parquet",
        "--db",
        s(&db),
        "--out",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("exported {} events (parquet", events.len())),
        "{err}"
    );
    // Nothing temporary left beside it.
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // (1) The parquet crate: same rows in the same order, typed columns.
    let (schema, ids) = read_rust(std::slice::from_ref(&out));
    let query_ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, query_ids);
    let ty = |n: &str| schema.field_with_name(n).unwrap().data_type().clone();
    assert_eq!(ty("event_id"), DataType::Utf8);
    assert_eq!(ty("seq"), DataType::UInt32);
    assert_eq!(ty("quad"), DataType::Int8);
    assert_eq!(ty("scale"), DataType::Float64);
    assert_eq!(ty("reciprocal"), DataType::Boolean);
    assert_eq!(ty("date_first"), DataType::Date32);
    assert_eq!(ty("evidence_start"), DataType::Int64);
    assert_eq!(ty("month"), DataType::Utf8);
    for list in ["context", "actor_codes", "recipient_codes", "attribution"] {
        match ty(list) {
            DataType::List(f) => assert_eq!(f.data_type(), &DataType::Utf8, "{list}"),
            other => panic!("{list}: {other:?}"),
        }
    }
    assert!(schema.field_with_name("aux").unwrap().is_nullable());
    assert!(!schema.field_with_name("event_id").unwrap().is_nullable());

    // (2) pyarrow: row count, types and values against `vedetta query --json`.
    if with_pyarrow {
        let py = pyarrow(PY_FILE, &out);
        assert_eq!(py["num_rows"], events.len(), "{py}");
        let t = &py["types"];
        assert_eq!(t["event_id"], "string");
        assert_eq!(t["seq"], "uint32");
        assert_eq!(t["quad"], "int8");
        assert_eq!(t["scale"], "double");
        assert_eq!(t["reciprocal"], "bool");
        assert_eq!(t["date_first"], "date32[day]");
        assert_eq!(t["evidence_end"], "int64");
        assert_eq!(t["month"], "string");
        for list in ["context", "actor_codes", "recipient_codes", "attribution"] {
            let l = t[list].as_str().unwrap();
            assert!(
                l.starts_with("list<") && l.contains("string"),
                "{list}: {l}"
            );
        }
        assert_eq!(py["nullable"]["aux"], true);
        assert_eq!(py["nullable"]["doc_id"], false);
        for (i, e) in events.iter().enumerate() {
            let at = |k: &str| &py[k][i];
            assert_eq!(at("event_id"), &e["id"]);
            assert_eq!(at("seq"), &e["seq"]);
            assert_eq!(at("date"), &e["date"]);
            assert_eq!(at("date_first"), &expected_first_day(e), "{e}");
            assert_eq!(at("month"), &Value::from(expected_month(e)), "{e}");
            assert_eq!(at("quad"), &e["quad"]);
            assert_eq!(at("aux"), &e["aux"]);
            assert_eq!(at("reciprocal"), &e["reciprocal"]);
            let codes: Vec<&Value> = e["actor"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| &a["code"])
                .collect();
            assert_eq!(
                at("actor_codes")
                    .as_array()
                    .unwrap()
                    .iter()
                    .collect::<Vec<_>>(),
                codes
            );
            assert_eq!(
                at("actor_code"),
                codes.first().copied().unwrap_or(&Value::Null)
            );
        }
    }

    // Filters apply as for the other formats.
    let aid = query(&db, &["--type", "AID"]);
    assert!(!aid.is_empty());
    let out_aid = dir.join("aid.parquet");
    let (_, err, code) = run(&[
        "export",
        "--format",
        "parquet",
        "--db",
        s(&db),
        "--type",
        "AID",
        "--out",
        s(&out_aid),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read_rust(&[out_aid]).1.len(), aid.len());

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn parquet_refusals_and_force() {
    let dir = tmp("refuse");
    let db = database(&dir);
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "--format", "parquet", "--db", s(&db)];
        args.extend_from_slice(extra);
        run(&args)
    };
    // Binary data never goes to stdout.
    let (out, err, code) = export(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("give --out PATH"), "{err}");
    let (_, err, code) = export(&["--out", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("not to stdout"), "{err}");
    // --partition is for parquet only.
    let (_, err, code) = run(&[
        "export",
        "--format",
        "csv",
        "--db",
        s(&db),
        "--partition",
        "month",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--partition works with --format parquet only"),
        "{err}"
    );

    // An existing file is kept unless --force.
    let file = dir.join("e.parquet");
    std::fs::write(&file, "keep me").unwrap();
    let (_, err, code) = export(&["--out", s(&file)]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists (pass --force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    let (_, err, code) = export(&["--out", s(&file), "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(&std::fs::read(&file).unwrap()[..4], b"PAR1");

    // A directory that is not an export is never replaced, even with --force.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let (_, err, code) = export(&["--out", s(&other), "--partition", "month", "--force"]);
    assert_eq!(code, 2);
    assert!(err.contains("refusing to replace"), "{err}");
    assert!(other.join("notes.txt").is_file());

    // A previous partitioned export is replaced with --force, not without.
    let parts = dir.join("parts");
    let (_, err, code) = export(&["--out", s(&parts), "--partition", "month"]);
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = export(&["--out", s(&parts), "--partition", "month"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    let (_, err, code) = export(&[
        "--out",
        s(&parts),
        "--partition",
        "month",
        "--force",
        "--type",
        "AID",
    ]);
    assert_eq!(code, 0, "{err}");
    let aid = query(&db, &["--type", "AID"]);
    let n: usize = part_files(&parts)
        .iter()
        .map(|f| read_rust(std::slice::from_ref(f)).1.len())
        .sum();
    assert_eq!(n, aid.len());

    let _ = std::fs::remove_dir_all(&dir);
}

/// The `month=*/part-*.parquet` files of a partitioned export, sorted.
fn part_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for m in std::fs::read_dir(dir).unwrap() {
        let m = m.unwrap().path();
        for f in std::fs::read_dir(&m).unwrap() {
            files.push(f.unwrap().path());
        }
    }
    files.sort();
    files
}

#[test]
fn parquet_partitioned_by_month() {
    partitioned_by_month(false);
}

/// The same partitioned folder read back by pyarrow.dataset (Hive partitioning).
#[test]
#[cfg_attr(
    not(vedetta_pyarrow),
    ignore = "pyarrow is not importable (pip install pyarrow)"
)]
fn parquet_partitioned_read_by_pyarrow() {
    partitioned_by_month(true);
}

fn partitioned_by_month(with_pyarrow: bool) {
    let dir = tmp(if with_pyarrow { "parts-py" } else { "parts" });
    let db = database(&dir);
    let events = query(&db, &[]);
    let out = dir.join("events");
    let (_, err, code) = run(&[
        "export",
        "--format",
        "parquet",
        "--partition",
        "month",
        "--db",
        s(&db),
        "--out",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");

    // One directory per month, one part each (events come grouped by month).
    let months: BTreeSet<String> = events.iter().map(expected_month).collect();
    let dirs: BTreeSet<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let want: BTreeSet<String> = months.iter().map(|m| format!("month={m}")).collect();
    assert_eq!(dirs, want);
    for m in &months {
        assert!(
            out.join(format!("month={m}/part-0.parquet")).is_file(),
            "{m}"
        );
    }

    // Each part holds exactly the events of its month, and no month column (the directory
    // name is the partition value).
    let mut total = 0;
    for m in &months {
        let files = [out.join(format!("month={m}/part-0.parquet"))];
        let (schema, ids) = read_rust(&files);
        assert!(schema.field_with_name("month").is_err());
        assert_eq!(
            schema.field_with_name("date_first").unwrap().data_type(),
            &DataType::Date32
        );
        let want: Vec<&str> = events
            .iter()
            .filter(|e| expected_month(e) == *m)
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, want, "{m}");
        total += ids.len();
    }
    assert_eq!(total, events.len());

    // pyarrow.dataset reads the directory with Hive partitioning.
    if with_pyarrow {
        let py = pyarrow(PY_DATASET, &out);
        assert_eq!(py["num_rows"], events.len(), "{py}");
        assert_eq!(py["count_rows"], events.len(), "{py}");
        assert_eq!(py["files"], months.len(), "{py}");
        assert_eq!(py["types"]["month"], "string");
        assert_eq!(py["types"]["seq"], "uint32");
        let pairs: BTreeSet<(String, String)> = py["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
            .collect();
        let want: BTreeSet<(String, String)> = events
            .iter()
            .map(|e| (e["id"].as_str().unwrap().to_string(), expected_month(e)))
            .collect();
        assert_eq!(pairs, want);
    }

    let _ = std::fs::remove_dir_all(&dir);
}
