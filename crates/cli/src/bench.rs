//! `vedetta bench`: analysis + actor matching throughput on a repeated corpus.

use crate::pipeline::Pipeline;
use anyhow::{bail, Result};
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;
use vedetta_model::Document;

/// Peak resident memory of this process in MiB (Linux; 0 elsewhere).
pub fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// CPU time the calling thread has run, in seconds (Linux `/proc/thread-self/schedstat`, in
/// nanoseconds; `None` elsewhere). On a shared machine this is the fair per-core measure:
/// wall time also counts the time other processes held the core.
pub fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn load_texts(paths: &[PathBuf]) -> Result<Vec<Document>> {
    let mut docs = Vec::new();
    let mut plain = Vec::new();
    for p in paths {
        if p.extension().and_then(|e| e.to_str()) == Some("tsv") {
            // A BIO file: its sentences, in groups of 20, as documents.
            let bio = vedetta_eval::ner::read_bio(p)?;
            let lines: Vec<&str> = bio.text.lines().collect();
            for (i, chunk) in lines.chunks(20).enumerate() {
                docs.push(doc_of(
                    format!("{}#{}", p.display(), i),
                    chunk.join("\n"),
                    Some("it"),
                ));
            }
        } else {
            plain.push(p.clone());
        }
    }
    for d in vedetta_ingest::Reader::new(&plain, Default::default()) {
        match d {
            Ok(d) => docs.push(d),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    if docs.is_empty() {
        bail!("no texts to benchmark: give .txt/.jsonl files or BIO .tsv files");
    }
    Ok(docs)
}

fn doc_of(id: String, text: String, lang: Option<&str>) -> Document {
    Document {
        id,
        source: "bench".into(),
        date: None,
        lang: lang.map(str::to_string),
        title: None,
        url: None,
        text,
    }
}

/// Runs the benchmark.
pub fn run(p: &Pipeline, paths: &[PathBuf], mb: usize, stage: &str, as_json: bool) -> Result<i32> {
    let full = stage == "code";
    let syntax = stage == "syntax";
    if paths.is_empty() {
        bail!("give the texts to repeat, e.g. `vedetta bench ../shared/gold/ner-it/WN_dev.tsv ../shared/corpus`");
    }
    let base = load_texts(paths)?;
    let target = mb * 1024 * 1024;
    let mut corpus = Vec::new();
    let mut bytes = 0usize;
    'fill: loop {
        for d in &base {
            bytes += d.text.len();
            corpus.push(d.clone());
            if bytes >= target {
                break 'fill;
            }
        }
    }
    let n = corpus.len();
    // Warm-up (stem cache, page faults) on the first documents, not timed.
    for d in base.iter().take(50) {
        let _ = p.code(d.clone(), None);
    }
    let (mut tokens, mut mentions, mut events, mut failed) = (0usize, 0usize, 0usize, 0usize);
    let (mut words, mut syntax_cpu) = (0usize, 0.0f64);
    let mut stage_times: std::collections::BTreeMap<&'static str, std::time::Duration> =
        Default::default();
    let cpu0 = thread_cpu_seconds();
    let t0 = Instant::now();
    for d in corpus {
        if full {
            match p.code_timed(d, None, Some(&mut stage_times)) {
                Ok(c) => {
                    tokens += c.analysis.tokens.len();
                    mentions += c.mentions.len();
                    events += c.events.len();
                }
                Err(_) => failed += 1,
            }
        } else if syntax {
            match p.analyzer.analyze(d, None) {
                Ok(an) => {
                    tokens += an.tokens.len();
                    let Some(model) = p.syntax.get(&an.lang) else {
                        continue;
                    };
                    let c0 = thread_cpu_seconds();
                    let parsed = vedetta_pipeline::stages::parse_sentences(model, &an);
                    if let (Some(a), Some(b)) = (c0, thread_cpu_seconds()) {
                        syntax_cpu += b - a;
                    }
                    words += parsed.iter().map(|s| s.words.len()).sum::<usize>();
                }
                Err(_) => failed += 1,
            }
        } else {
            match p.analyzer.analyze(d, None) {
                Ok(an) => {
                    tokens += an.tokens.len();
                    mentions += p.mentions.find(&an).len();
                }
                Err(_) => failed += 1,
            }
        }
    }
    let words_per_cpu_s = (syntax_cpu > 0.0).then(|| words as f64 / syntax_cpu);
    let secs = t0.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds()
        .zip(cpu0)
        .map(|(b, a)| b - a)
        .filter(|&c| c > 0.0);
    let mbs = bytes as f64 / 1_048_576.0 / secs;
    let mb_cpu = cpu.map(|c| bytes as f64 / 1_048_576.0 / c);
    let peak = peak_rss_mib();
    // Per stage, in pipeline order: seconds and share of the stages' total.
    let staged: f64 = stage_times.values().map(|d| d.as_secs_f64()).sum();
    let mut order: Vec<&'static str> = vec!["analysis"];
    order.extend(vedetta_pipeline::Pipeline::STAGES.iter().copied());
    let per_stage: Vec<(&str, f64)> = order
        .iter()
        .filter_map(|n| stage_times.get(n).map(|d| (*n, d.as_secs_f64())))
        .collect();
    if as_json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "documents": n, "bytes": bytes, "seconds": secs, "mb_per_s_per_core": mbs,
                "cpu_seconds": cpu, "mb_per_cpu_s": mb_cpu,
                "tokens": tokens, "tokens_per_s": tokens as f64 / secs, "mentions": mentions,
                "failed": failed, "peak_rss_mib": peak, "threads": 1, "stage": stage, "events": events,
                "syntax_words": words, "syntax_cpu_seconds": syntax_cpu,
                "syntax_words_per_cpu_s": words_per_cpu_s,
                "stage_seconds": per_stage.iter().map(|(n, t)| json!({"stage": n, "seconds": t})).collect::<Vec<_>>()
            }))?
        );
    } else {
        outln!(
            "stage {stage} ({}), 1 thread",
            if full {
                "everything"
            } else if syntax {
                "analysis + tagging, lemmas and parsing of every sentence"
            } else {
                "analysis + actor matching"
            }
        );
        outln!(
            "  corpus      {:.1} MB in {} documents ({} failed)",
            bytes as f64 / 1_048_576.0,
            n,
            failed
        );
        outln!("  time        {secs:.2} s");
        if let (Some(c), Some(m)) = (cpu, mb_cpu) {
            outln!("  CPU time    {c:.2} s ({m:.1} MB per CPU second)");
        }
        outln!(
            "  throughput  {mbs:.1} MB/s per core, {:.0} tokens/s",
            tokens as f64 / secs
        );
        if syntax {
            outln!(
                "  syntax      {words} words in {syntax_cpu:.2} CPU s: {:.0} words per CPU second (tagger, lemmatiser and parser)",
                words_per_cpu_s.unwrap_or(0.0)
            );
        } else {
            outln!("  mentions    {mentions}");
        }
        if full {
            outln!("  events      {events}");
            if staged > 0.0 {
                let parts: Vec<String> = per_stage
                    .iter()
                    .map(|(n, t)| format!("{n} {t:.2} s ({:.1}%)", 100.0 * t / staged))
                    .collect();
                outln!("  per stage   {}", parts.join(", "));
            }
        }
        outln!("  peak RSS    {peak:.0} MiB (includes the corpus held in memory)");
    }
    Ok(0)
}

/// How a scaling document is presented to the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScalingInput {
    /// Plain text: the sentences joined into paragraphs.
    Text,
    /// An HTML page of `<p>` paragraphs, read by the HTML reader (readability extraction).
    Html,
    /// An HTML page whose paragraphs are long runs of `&amp;` entities (a hostile page).
    Entities,
}

/// One document of about `bytes` bytes made of the base texts' paragraphs, repeated.
fn scaling_text(base: &[Document], bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 4096);
    'fill: loop {
        for d in base {
            for para in d.text.split("\n").filter(|p| !p.trim().is_empty()) {
                if s.len() >= bytes {
                    break 'fill;
                }
                s.push_str(para.trim());
                s.push_str("\n\n");
            }
        }
    }
    s
}

fn html_page(text: &str, input: ScalingInput) -> String {
    let mut h = String::with_capacity(text.len() * 2);
    h.push_str("<!doctype html><html><head><title>scaling</title></head><body><article>");
    for para in text.split("\n\n").filter(|p| !p.is_empty()) {
        h.push_str("<p>");
        match input {
            ScalingInput::Entities => {
                for _ in 0..para.len() / 5 {
                    h.push_str("&amp;");
                }
            }
            _ => {
                for c in para.chars() {
                    match c {
                        '<' => h.push_str("&lt;"),
                        '&' => h.push_str("&amp;"),
                        c => h.push(c),
                    }
                }
            }
        }
        h.push_str("</p>\n");
    }
    h.push_str("</article></body></html>");
    h
}

/// `vedetta bench --scaling`: one document of each size from 1 KiB to `max_mb` MiB (×4 a
/// step) coded whole, timed in CPU seconds; each step's time ratio against the size ratio
/// shows whether any stage grows faster than the document.
pub fn scaling(
    p: &Pipeline,
    paths: &[PathBuf],
    max_mb: usize,
    input: ScalingInput,
    lang: Option<&str>,
    as_json: bool,
    max_growth: Option<f64>,
) -> Result<i32> {
    let mut worst: Option<(usize, f64)> = None;
    if paths.is_empty() {
        bail!("give the texts whose sentences make the documents, e.g. `vedetta bench --scaling ../shared/gold/plover-gsr-en.dev.jsonl`");
    }
    let base = load_texts(paths)?;
    let max = max_mb.max(1) * 1024 * 1024;
    let mut sizes = vec![1024usize];
    while *sizes.last().unwrap() < max {
        let next = (sizes.last().unwrap() * 4).min(max);
        sizes.push(next);
    }
    let opts = vedetta_ingest::IngestOptions {
        max_doc_bytes: usize::MAX / 2,
        ..Default::default()
    };
    let mut rows = Vec::new();
    let mut prev: Option<(usize, f64)> = None;
    if !as_json {
        outln!("input {input:?}, 1 thread; CPU seconds per document");
        outln!("     bytes   seconds   MB/s   ×size  ×time   events");
    }
    for &size in &sizes {
        let text = scaling_text(&base, size);
        let page = (input != ScalingInput::Text).then(|| html_page(&text, input));
        let bytes = page.as_ref().map_or(text.len(), |h| h.len());
        // Small documents are coded several times, so every row times at least ~1 MB.
        let reps = (1 << 20) / bytes.max(1) + 1;
        let cpu0 = thread_cpu_seconds();
        let t0 = Instant::now();
        let mut events = 0;
        for _ in 0..reps {
            let doc = match &page {
                Some(h) => vedetta_ingest::Reader::from_bytes(
                    h.clone().into_bytes(),
                    "scaling.html",
                    Some(vedetta_ingest::Format::Html),
                    opts.clone(),
                )
                .next()
                .and_then(|r| r.ok()),
                None => Some(doc_of("scaling".into(), text.clone(), lang)),
            };
            events = match doc {
                Some(d) => p.code(d, lang).map(|c| c.events.len()).unwrap_or(0),
                None => 0,
            };
        }
        let secs = thread_cpu_seconds()
            .zip(cpu0)
            .map(|(b, a)| b - a)
            .unwrap_or_else(|| t0.elapsed().as_secs_f64())
            .max(1e-6)
            / reps as f64;
        let (xs, xt) = match prev {
            Some((b, t)) => (bytes as f64 / b as f64, secs / t),
            None => (1.0, 1.0),
        };
        prev = Some((bytes, secs));
        if bytes >= 256 * 1024 && xs > 1.0 && worst.is_none_or(|(_, g)| xt / xs > g) {
            worst = Some((bytes, xt / xs));
        }
        let mbs = bytes as f64 / 1_048_576.0 / secs;
        if as_json {
            rows.push(
                json!({"bytes": bytes, "cpu_seconds": secs, "mb_per_cpu_s": mbs,
                             "size_ratio": xs, "time_ratio": xt, "events": events}),
            );
        } else {
            outln!("{bytes:>10} {secs:>9.3} {mbs:>6.2} {xs:>7.2} {xt:>6.2} {events:>8}");
        }
    }
    if as_json {
        outln!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"input": format!("{input:?}"), "rows": rows, "peak_rss_mib": peak_rss_mib()})
            )?
        );
    } else {
        outln!("peak RSS {:.0} MiB", peak_rss_mib());
    }
    if let (Some(limit), Some((bytes, g))) = (max_growth, worst) {
        if g > limit {
            eprintln!(
                "super-linear: at {bytes} bytes the time grew {g:.2} times faster than the size (limit {limit})"
            );
            return Ok(1);
        }
        eprintln!("linear: time grew at most {g:.2} times faster than the size from 256 KiB up (limit {limit})");
    }
    Ok(0)
}
