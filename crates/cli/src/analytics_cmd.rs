//! `vedetta series` and `vedetta alerts`: dyad time series and escalation alerts over a
//! store, computed by `vedetta-analytics` (`series_from_store`, `alerts_from_store`) from the
//! events `Store::for_each_event` streams.

use crate::store_cmd::{open_store, DbArgs};
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::time::Instant;
use vedetta_analytics::{
    AlertOptions, AlertReport, AuxSet, Bucket, Counts, Day, DyadFilter, Model, Narrow, Series,
    SeriesOptions,
};
use vedetta_model::PartialDate;

/// Arguments of `vedetta series`.
#[derive(Args)]
pub struct SeriesArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Actor code or code prefix (`RUS` matches `RUS`, `RUSGOV`, `RUSMIL`).
    #[arg(long)]
    actor: Option<String>,
    /// Recipient code or prefix; with --actor, a dyad.
    #[arg(long)]
    recipient: Option<String>,
    /// Country (top-level code) of an actor or a recipient.
    #[arg(long)]
    country: Option<String>,
    /// Only events of this PLOVER type (ASSAULT, AID, …).
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<String>,
    /// Only events of documents in this language (it, en).
    #[arg(long)]
    lang: Option<String>,
    /// Bucket size: day, week (ISO, Monday to Sunday) or month.
    #[arg(long, default_value = "day", value_parser = ["day", "week", "month"])]
    by: String,
    /// Aux modes counted, comma-separated (asserted, historical, future, hypothetical,
    /// negation), or `all`.
    #[arg(long, default_value = "asserted")]
    aux: String,
    /// First day (YYYY, YYYY-MM or YYYY-MM-DD): buckets are zero-filled from here.
    #[arg(long)]
    from: Option<String>,
    /// Last day (its last possible day): buckets are zero-filled up to here.
    #[arg(long)]
    to: Option<String>,
    /// Print the series as one JSON object.
    #[arg(long)]
    json: bool,
}

/// Arguments of `vedetta alerts`.
#[derive(Args)]
pub struct AlertsArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Last day of the window (YYYY-MM-DD; a month or a year means its last day; default:
    /// the newest day an event is dated to).
    #[arg(long)]
    as_of: Option<String>,
    /// Window length in days.
    #[arg(long, default_value_t = 7)]
    window: u32,
    /// Baseline length in days (just before the window).
    #[arg(long, default_value_t = 90)]
    baseline: u32,
    /// Fewest events in the window for a dyad or country to be tested.
    #[arg(long, default_value_t = 5)]
    min_events: u64,
    /// Fewest distinct documents behind them.
    #[arg(long, default_value_t = 3)]
    min_docs: u64,
    /// Smallest surprise (−log10 p) that makes an alert.
    #[arg(long, default_value_t = 4.0)]
    min_surprise: f64,
    /// Smallest ratio of window rate to (smoothed) baseline rate that makes an alert.
    #[arg(long, default_value_t = 1.5)]
    min_ratio: f64,
    /// Count model: poisson, or nb (negative binomial, dispersion from the baseline).
    #[arg(long, default_value = "poisson", value_parser = ["poisson", "nb"])]
    model: String,
    /// At most N alerts (0: all).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Aux modes counted, comma-separated, or `all`.
    #[arg(long, default_value = "asserted")]
    aux: String,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    scope: crate::store_cmd::ScopeArgs,
    #[command(flatten)]
    data: crate::DataArgs,
}

fn date(s: &Option<String>, what: &str) -> Result<Option<PartialDate>> {
    s.as_deref()
        .map(PartialDate::parse)
        .transpose()
        .with_context(|| format!("--{what}"))
}

/// `vedetta series`.
pub fn series(a: &SeriesArgs) -> Result<i32> {
    let opts = SeriesOptions {
        dyad: DyadFilter {
            actor: a.actor.clone(),
            recipient: a.recipient.clone(),
            country: a.country.clone(),
        },
        by: a.by.parse::<Bucket>()?,
        aux: AuxSet::parse(&a.aux).context("--aux")?,
        from: date(&a.from, "from")?,
        to: date(&a.to, "to")?,
        narrow: Narrow {
            event_type: a.event_type.as_ref().map(|t| t.trim().to_ascii_uppercase()),
            lang: a.lang.as_deref().map(vedetta_analysis::normalise_lang),
            ..Narrow::default()
        },
    };
    let store = open_store(&a.db, false)?;
    let started = Instant::now();
    let scan = vedetta_analytics::series_from_store(store.as_ref(), &opts)?;
    let (s, read) = (scan.result, scan.events_read);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        serde_json::to_writer(&mut out, &s)?;
        out.write_all(b"\n")?;
    } else {
        print_series(&mut out, &s)?;
    }
    out.flush()?;
    eprintln!(
        "{} events in {} buckets ({} imprecise, {} undated); {read} events read in {:.2} s",
        s.total.events,
        s.buckets.len(),
        s.imprecise.iter().map(|p| p.counts.events).sum::<u64>(),
        s.undated,
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// The three most frequent types of a count (`ASSAULT 4, ACCUSE 2`).
fn top_types(c: &Counts) -> String {
    let mut v: Vec<(&String, &u64)> = c.by_type.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .take(3)
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn counts_row(out: &mut impl Write, label: &str, c: &Counts) -> std::io::Result<()> {
    let mean = c
        .score_mean
        .map(|m| format!("{m:+.2}"))
        .unwrap_or_else(|| "-".into());
    writeln!(
        out,
        "{label:<10} {:>7} {:>5} {:>5} {:>5} {:>5} {:>9.1} {:>6}  {}",
        c.events,
        c.quad.verbal_cooperation,
        c.quad.material_cooperation,
        c.quad.verbal_conflict,
        c.quad.material_conflict,
        c.score_sum,
        mean,
        top_types(c)
    )
}

fn print_series(out: &mut impl Write, s: &Series) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<10} {:>7} {:>5} {:>5} {:>5} {:>5} {:>9} {:>6}  top types",
        by_name(s.by),
        "events",
        "vcoop",
        "mcoop",
        "vconf",
        "mconf",
        "goldstein",
        "mean"
    )?;
    for b in &s.buckets {
        counts_row(out, &b.label, &b.counts)?;
    }
    if !s.imprecise.is_empty() {
        writeln!(out, "dates coarser than a {}:", by_name(s.by))?;
        for p in &s.imprecise {
            counts_row(out, &p.period, &p.counts)?;
        }
    }
    if s.undated > 0 {
        writeln!(out, "undated: {}", s.undated)?;
    }
    counts_row(out, "total", &s.total)
}

/// Column title of a series' buckets.
fn by_name(by: Bucket) -> &'static str {
    match by {
        Bucket::Day => "day",
        Bucket::Week => "week",
        Bucket::Month => "month",
    }
}

/// `vedetta alerts`.
pub fn alerts(a: &AlertsArgs) -> Result<i32> {
    let as_of = match &a.as_of {
        None => None,
        Some(s) => {
            let d = PartialDate::parse(s).context("--as-of")?;
            Some(Day::last_of(d))
        }
    };
    let opts = AlertOptions {
        as_of,
        window_days: a.window,
        baseline_days: a.baseline,
        min_events: a.min_events,
        min_documents: a.min_docs,
        min_surprise: a.min_surprise,
        min_rate_ratio: a.min_ratio,
        model: a.model.parse::<Model>()?,
        aux: AuxSet::parse(&a.aux).context("--aux")?,
        limit: (a.limit > 0).then_some(a.limit),
        scope: a.scope.filter(&a.data)?,
        ..AlertOptions::default()
    };
    opts.validate()?;
    let store = open_store(&a.db, false)?;
    let started = Instant::now();
    let scan = vedetta_analytics::alerts_from_store(store.as_ref(), &opts)?;
    let (report, read) = (scan.result, scan.events_read);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        serde_json::to_writer(&mut out, &report)?;
        out.write_all(b"\n")?;
    } else {
        print_alerts(&mut out, &report)?;
    }
    out.flush()?;
    eprintln!(
        "{} alerts ({} found, {} of {} dyads and countries tested); {read} events read in {:.2} s",
        report.alerts.len(),
        report.alerts_found,
        report.tested,
        report.keys,
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}

fn print_alerts(out: &mut impl Write, r: &AlertReport) -> std::io::Result<()> {
    if let (Some(as_of), Some(w), Some(b)) = (r.as_of, r.window, r.baseline) {
        writeln!(
            out,
            "as of {as_of}: window {}..{} ({} days), baseline {}..{} ({} days), {} model, \
             {} day-dated events ({} with coarser dates and {} undated not counted)",
            w.start,
            w.end,
            w.days,
            b.start,
            b.end,
            b.days,
            r.model,
            r.events,
            r.imprecise,
            r.undated
        )?;
    }
    if let Some(note) = &r.note {
        writeln!(out, "note: {note}")?;
    }
    for a in &r.alerts {
        writeln!(out)?;
        writeln!(
            out,
            "{:>2}. surprise {:.1}  {}",
            a.rank, a.surprise, a.explanation
        )?;
        let types: Vec<String> = a
            .top_types
            .iter()
            .map(|t| format!("{} {} (baseline {})", t.event_type, t.window, t.baseline))
            .collect();
        writeln!(out, "    types: {}", types.join(", "))?;
        for e in &a.events {
            let text: String = e.text.chars().take(90).collect();
            writeln!(
                out,
                "    {} {:<10} {:>9} → {:<9} {}  {}",
                e.date,
                e.event_type,
                e.actor.join("+"),
                e.recipient.join("+"),
                e.id,
                text
            )?;
        }
    }
    Ok(())
}
