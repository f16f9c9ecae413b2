//! `GET /api/events`: stored events matching filters, a page at a time.

use crate::error::ApiError;
use crate::params::{parse_dyad, Params, MAX_PLACE_CHARS, MAX_Q_CHARS};
use crate::AppState;
use axum::extract::State;
use axum::http::Uri;
use axum::Json;
use serde::Serialize;
use vedetta_analysis::Analyzer;
use vedetta_store::{EventFilter, StoredEvent};

/// Parameters of `/api/events`.
pub const PARAMS: &[&str] = filter_params!["limit", "offset", "order"];

/// The aux values a filter takes (`asserted` = no aux label).
pub const AUX_VALUES: &[&str] = &[
    "asserted",
    "historical",
    "future",
    "hypothetical",
    "negation",
];

/// Events per page when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 50;

/// Most events per page.
pub const MAX_LIMIT: u64 = 1000;

/// Largest offset (the store's limit).
pub const MAX_OFFSET: u64 = i64::MAX as u64;

/// One page of events.
#[derive(Debug, Clone, Serialize)]
pub struct EventsPage {
    /// Events matching the filters, all pages together.
    pub total: u64,
    /// The page size asked for.
    pub limit: u64,
    /// Events skipped before this page.
    pub offset: u64,
    /// The events of this page, in date order.
    pub events: Vec<StoredEvent>,
}

/// The store filter of the event filters in `p` (`actor`, `recipient`, `dyad`, `type`, `aux`,
/// `country`, `from`, `to`, `lang`, `q`), without limit and offset. With an analyser the
/// full-text query also matches other forms of the same stems (as the CLI's `--q`), and
/// `lang` must be one of its language packs.
pub fn event_filter(p: &Params, analyzer: Option<&Analyzer>) -> Result<EventFilter, ApiError> {
    let mut actor = p.code("actor")?;
    let mut recipient = p.code("recipient")?;
    if let Some(d) = p.text("dyad") {
        if actor.is_some() || recipient.is_some() {
            return Err(ApiError::bad_param(
                "dyad",
                "cannot be combined with actor or recipient",
            ));
        }
        let (a, r) = parse_dyad("dyad", d)?;
        actor = Some(a);
        recipient = Some(r);
    }
    let from = p.date("from")?;
    let to = p.date("to")?;
    if let (Some(f), Some(t)) = (from, to) {
        if f.first_day() > t.last_day() {
            return Err(ApiError::bad_param("from", format!("{f} is after to={t}")));
        }
    }
    let lang = match p.text("lang") {
        None => None,
        Some(l) => Some(parse_lang(l, analyzer)?),
    };
    let q = p.text("q").map(str::to_string);
    if let Some(q) = &q {
        if q.chars().count() > MAX_Q_CHARS {
            return Err(ApiError::bad_param(
                "q",
                format!("longer than {MAX_Q_CHARS} characters"),
            ));
        }
        vedetta_store::check_query(q).map_err(|e| ApiError::bad_param("q", e))?;
    }
    let q_stemmed = match (&q, analyzer) {
        (Some(q), Some(a)) => crate::search::stem_query(a, q, lang.as_deref()),
        _ => Vec::new(),
    };
    Ok(EventFilter {
        actor,
        recipient,
        event_type: p.choice("type", &vedetta_model::PloverType::NAMES)?,
        aux: p.choice("aux", AUX_VALUES)?,
        country: p.code("country")?,
        place_country: p.code("place_country")?,
        located: p
            .choice("located", &["true", "false"])?
            .map(|v| v == "true"),
        near: p
            .text("near")
            .map(vedetta_store::Near::parse)
            .transpose()
            .map_err(|e| ApiError::bad_param("near", e))?,
        place: match p.text("place") {
            None => None,
            Some(v) if v.chars().count() > MAX_PLACE_CHARS => {
                return Err(ApiError::bad_param(
                    "place",
                    format!("longer than {MAX_PLACE_CHARS} characters"),
                ))
            }
            Some(v) => match vedetta_store::place_key(v) {
                k if k.is_empty() => return Err(ApiError::bad_param("place", "the name is empty")),
                k => Some(k),
            },
        },
        from,
        to,
        lang,
        q,
        q_stemmed,
        ..EventFilter::default()
    })
}

/// A language code (`it`, `en`, `it-IT`, `Italian`): one of the analyser's packs when there
/// is an analyser, else two or three letters.
fn parse_lang(v: &str, analyzer: Option<&Analyzer>) -> Result<String, ApiError> {
    let l = vedetta_analysis::normalise_lang(v);
    match analyzer {
        Some(a) => {
            if a.languages().any(|x| x == l) {
                Ok(l)
            } else {
                let known: Vec<&str> = a.languages().collect();
                Err(ApiError::bad_param(
                    "lang",
                    format!(
                        "unknown language {v:?}; expected one of {}",
                        known.join(", ")
                    ),
                ))
            }
        }
        None if (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()) => Ok(l),
        None => Err(ApiError::bad_param(
            "lang",
            format!("{v:?} is not a language code such as it or en"),
        )),
    }
}

/// `GET /api/events`: a page of the matching events with the total count.
pub async fn list(State(st): State<AppState>, uri: Uri) -> Result<Json<EventsPage>, ApiError> {
    let p = Params::from_uri(&uri, PARAMS)?;
    let mut filter = event_filter(&p, st.analyzer.as_deref())?;
    let limit = p.uint("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = p.uint("offset", 0, MAX_OFFSET)?;
    filter.limit = Some(limit);
    filter.offset = offset;
    filter.newest_first = p.choice("order", &["asc", "desc"])?.as_deref() == Some("desc");
    let (total, events) = st
        .pool
        .run(move |s| {
            let total = s.count_events(&filter)?;
            let events = if limit == 0 || offset >= total {
                Vec::new()
            } else {
                s.events(&filter)?
            };
            Ok((total, events))
        })
        .await?;
    Ok(Json(EventsPage {
        total,
        limit,
        offset,
        events,
    }))
}
