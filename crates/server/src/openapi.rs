//! The OpenAPI 3.0 description of the API, written by hand. Keep it true: the tests check
//! that it lists exactly the router's paths, that every endpoint's query parameters match
//! the names its handler accepts, and that the limits and enumerations are the code's.

use crate::params::{MAX_CODE_LEN, MAX_Q_CHARS};
use crate::routes::{actors, alerts, documents, events, network};
use serde_json::{json, Value};

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    })
}

fn ok_response(description: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": schema}}
    })
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description,
           "schema": schema})
}

fn code_param(name: &str, description: &str) -> Value {
    query(
        name,
        description,
        json!({"type": "string", "pattern": "^[A-Za-z0-9]+$", "maxLength": MAX_CODE_LEN,
               "example": "RUS"}),
    )
}

fn date_param(name: &str, description: &str) -> Value {
    query(
        name,
        description,
        json!({"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
               "example": "2024-05"}),
    )
}

fn limit_param(default: u64, max: u64) -> Value {
    query(
        "limit",
        "Most items returned.",
        json!({"type": "integer", "minimum": 0, "maximum": max, "default": default}),
    )
}

/// The event query parameters, in the order of [`events::PARAMS`].
fn event_params() -> Vec<Value> {
    vec![
        code_param(
            "actor",
            "Actor code or code prefix on 3-letter groups (`PRK` matches `PRK`, `PRKGOV`); \
             case-insensitive.",
        ),
        code_param("recipient", "Recipient code or code prefix, like `actor`."),
        query(
            "dyad",
            "Actor and recipient prefixes together: `A-B` or `A,B` (`USA-RUS`). Cannot be \
             combined with `actor` or `recipient`.",
            json!({"type": "string", "pattern": "^[A-Za-z0-9]+ *[-,] *[A-Za-z0-9]+$",
                   "example": "USA-RUS"}),
        ),
        query(
            "type",
            "PLOVER event type (case-insensitive).",
            json!({"type": "string", "enum": vedetta_model::PloverType::NAMES}),
        ),
        query(
            "aux",
            "Aux mode: `asserted` (no aux label) or the label.",
            json!({"type": "string", "enum": events::AUX_VALUES}),
        ),
        code_param(
            "country",
            "Top-level (country) code of the actor or the recipient (`place_country` for \
             where the event happened).",
        ),
        code_param(
            "place_country",
            "Country (ISO 3166-1 alpha-3) where the event happened: its location only.",
        ),
        query(
            "near",
            "Events located within KM kilometres (great circle) of a point: `LAT,LON,KM`, \
             latitude -90..90, longitude -180..180, radius above 0 (at most 20015 km).",
            json!({"type": "string", "example": "46.48,30.72,50"}),
        ),
        query(
            "located",
            "`true`: only events with a location (what the map draws); `false`: only those \
             without.",
            json!({"type": "string", "enum": ["true", "false"]}),
        ),
        query(
            "place",
            "Events located at a place of this name: the gazetteer's name (`Kyiv`), the words \
             of the text (`Kiev`) or the admin-1 unit's name, without case.",
            json!({"type": "string", "maxLength": crate::params::MAX_PLACE_CHARS}),
        ),
        date_param(
            "from",
            "Events whose date may fall on or after the first day of this date (`YYYY`, \
             `YYYY-MM` or `YYYY-MM-DD`); undated events are left out.",
        ),
        date_param(
            "to",
            "Events whose date may fall on or before the last day of this date; undated \
             events are left out. Must not be before `from`.",
        ),
        query(
            "lang",
            "Language of the document (`it`, `en`); one of the server's language packs.",
            json!({"type": "string", "example": "it"}),
        ),
        query(
            "q",
            "Full-text search in the document text: every word must occur, as written or in \
             another form of the same stem (no query syntax).",
            json!({"type": "string", "maxLength": MAX_Q_CHARS}),
        ),
        limit_param(events::DEFAULT_LIMIT, events::MAX_LIMIT),
        query(
            "offset",
            "Matching events skipped before this page.",
            json!({"type": "integer", "minimum": 0, "default": 0, "format": "int64"}),
        ),
        query(
            "order",
            "`asc`: oldest first (undated last); `desc`: newest first (undated last).",
            json!({"type": "string", "enum": ["asc", "desc"], "default": "asc"}),
        ),
    ]
}

/// The event filters of the analytics endpoints: those of `/api/events` without paging, with
/// `aux` a list of modes.
fn filter_params() -> Vec<Value> {
    let mut v = event_params();
    v.retain(|p| p["name"] != "limit" && p["name"] != "offset" && p["name"] != "order");
    for p in &mut v {
        if p["name"] == "aux" {
            *p = query(
                "aux",
                "Aux modes counted, comma-separated (`asserted,hypothetical`; `asserted` = no \
                 aux label), or `all`. Default: asserted only.",
                json!({"type": "string", "default": "asserted",
                       "example": "asserted,hypothetical"}),
            );
        }
    }
    v
}

fn uint_param(name: &str, description: &str, default: u64, max: u64) -> Value {
    query(
        name,
        description,
        json!({"type": "integer", "minimum": 0, "maximum": max, "default": default}),
    )
}

fn number_param(name: &str, description: &str, default: f64) -> Value {
    query(
        name,
        description,
        json!({"type": "number", "minimum": 0, "default": default}),
    )
}

fn series_params() -> Vec<Value> {
    let mut v = filter_params();
    v.push(query(
        "by",
        "Bucket size: day, ISO week (Monday to Sunday) or month.",
        json!({"type": "string", "enum": ["day", "week", "month"], "default": "day"}),
    ));
    v
}

fn network_params() -> Vec<Value> {
    let mut v = filter_params();
    v.push(query(
        "level",
        "Nodes are countries (top-level codes) or full actor codes.",
        json!({"type": "string", "enum": ["country", "code"], "default": "country"}),
    ));
    v.push(limit_param(network::DEFAULT_LIMIT, network::MAX_LIMIT));
    v
}

fn alert_params() -> Vec<Value> {
    let d = vedetta_analytics::AlertOptions::default();
    // The event filters choose the events counted; the window and baseline set the dates
    // and `aux` the modes (documented below).
    let mut v: Vec<Value> = filter_params()
        .into_iter()
        .filter(|p| !["aux", "from", "to"].contains(&p["name"].as_str().unwrap_or("")))
        .collect();
    v.extend(vec![
        date_param(
            "as_of",
            "Last day of the window (a month or a year: its last day). Default: the newest \
             day an event is dated to.",
        ),
        uint_param(
            "window",
            "Window length in days (1 to 3660).",
            d.window_days as u64,
            3660,
        ),
        uint_param(
            "baseline",
            "Baseline length in days, just before the window (1 to 36600).",
            d.baseline_days as u64,
            36_600,
        ),
        uint_param(
            "min_events",
            "Fewest events in the window for a dyad or country to be tested.",
            d.min_events,
            1_000_000_000,
        ),
        uint_param(
            "min_docs",
            "Fewest distinct documents behind them (one article is not an alert).",
            d.min_documents,
            1_000_000_000,
        ),
        number_param(
            "min_surprise",
            "Smallest surprise (−log10 of the tail probability) that makes an alert.",
            d.min_surprise,
        ),
        number_param(
            "min_ratio",
            "Smallest ratio of the window rate to the smoothed baseline rate.",
            d.min_rate_ratio,
        ),
        query(
            "model",
            "Count model: Poisson, or negative binomial with dispersion from the baseline.",
            json!({"type": "string", "enum": ["poisson", "nb"], "default": "poisson"}),
        ),
        query(
            "aux",
            "Aux modes counted, comma-separated, or `all`. Default: asserted only.",
            json!({"type": "string", "default": "asserted"}),
        ),
        limit_param(alerts::DEFAULT_LIMIT, alerts::MAX_LIMIT),
    ]);
    v
}

fn entity_schema() -> Value {
    json!({
        "type": "object",
        "required": ["code", "country", "entity_text", "start", "end"],
        "properties": {
            "code": {"type": "string", "description": "Full code (`RUSGOV`)."},
            "country": {"type": "string", "description": "Top-level code (`RUS`)."},
            "sector": {"type": "string", "nullable": true},
            "entity_text": {"type": "string"},
            "identifier_id": {"type": "string", "nullable": true, "description": "Wikidata id."},
            "start": {"type": "integer", "description": "Character offset."},
            "end": {"type": "integer", "description": "Character offset (exclusive)."}
        }
    })
}

fn event_schema() -> Value {
    let s = |d: &str| json!({"type": "string", "description": d});
    let ns = |d: &str| json!({"type": "string", "nullable": true, "description": d});
    let ents = json!({"type": "array", "items": {"$ref": "#/components/schemas/Entity"}});
    json!({
        "type": "object",
        "required": ["id", "doc_id", "seq", "lang", "event_type", "cameo", "actor", "recipient",
                     "reciprocal", "date_source", "event_text", "trigger", "text"],
        "properties": {
            "id": s("`{doc_id}-{seq}`."),
            "doc_id": s("Document id."),
            "seq": {"type": "integer", "description": "1-based position in the document."},
            "lang": s("Document language."),
            "doc_date": ns("Document date."),
            "event_type": s("PLOVER type."),
            "mode": ns("PLOVER mode."),
            "context": {"type": "array", "items": {"type": "string"}},
            "cameo": s("CAMEO code."),
            "quad": {"type": "integer", "nullable": true, "description": "CAMEO quad class."},
            "scale": {"type": "number", "nullable": true, "description": "Goldstein scale."},
            "actor": ents.clone(),
            "recipient": ents,
            "reciprocal": {"type": "boolean"},
            "aux": ns("Aux label; null = asserted."),
            "aux_cue": ns("Cue of the aux mode."),
            "attribution": {"type": "array", "items": {"type": "string"},
                            "description": "Who says so, nearest first."},
            "date": ns("Event date (`2024-05`, `2024-05-17`)."),
            "date_precision": ns("`year`, `month` or `day`."),
            "date_source": s("`timex` or `document`."),
            "evidence_start": {"type": "integer"},
            "evidence_end": {"type": "integer"},
            "event_text": s("Evidence text."),
            "trigger": s("Trigger text."),
            "text": s("The sentence."),
            "quantities": {"type": "array", "items": {"type": "object"}},
            "pattern": s("Pattern id."),
            "location": {"$ref": "#/components/schemas/Location"}
        }
    })
}

fn location_schema() -> Value {
    let s = |d: &str| json!({"type": "string", "description": d});
    let ns = |d: &str| json!({"type": "string", "nullable": true, "description": d});
    let ni = |d: &str| json!({"type": "integer", "nullable": true, "description": d});
    json!({
        "type": "object",
        "nullable": true,
        "description": "Where the event happened (PLOVER's location object); null when unknown.",
        "required": ["extracted_place", "resolved_place", "geonameid", "lat", "lon",
                     "country_code", "feature_code", "resolution", "geo_precision", "reason"],
        "properties": {
            "extracted_place": s("The words of the text naming the place (empty when implied)."),
            "start": ni("Character offset of those words."),
            "end": ni("End of those words (exclusive)."),
            "resolved_place": s("The gazetteer's name."),
            "geonameid": {"type": "integer", "description": "GeoNames id."},
            "lat": {"type": "number", "description": "WGS84 latitude."},
            "lon": {"type": "number", "description": "WGS84 longitude."},
            "admin1": ns("GeoNames admin-1 code."),
            "admin1_name": ns("Admin-1 unit's English name."),
            "country_code": s("ISO 3166-1 alpha-3."),
            "feature_code": s("GeoNames feature code (`PPLC`, `ADM1`, `PCLI`)."),
            "resolution": {"type": "integer", "description": "5 sub-city, 4 city, 3 admin-2, 2 admin-1, 1 country."},
            "geo_precision": {"type": "integer", "description": "ACLED geo-precision 1-3."},
            "reason": s("Why the event was placed here (`place in the event clause`, `dateline`, `document's main place` …).")
        }
    })
}

fn document_schema() -> Value {
    let objects = json!({"type": "array", "items": {"type": "object"}});
    json!({
        "type": "object",
        "required": ["id", "source", "lang", "text", "mentions", "events", "timexes", "quotes"],
        "properties": {
            "id": {"type": "string"},
            "source": {"type": "string"},
            "date": {"type": "string", "nullable": true},
            "date_precision": {"type": "string", "nullable": true},
            "lang": {"type": "string"},
            "title": {"type": "string", "nullable": true},
            "url": {"type": "string", "nullable": true},
            "text": {"type": "string"},
            "mentions": objects.clone(),
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
            "timexes": objects.clone(),
            "quotes": objects,
            "totals": {
                "type": "object",
                "description": "How many annotations of each kind the document has in all; \
                    the lists hold one page (`limit`, `*_offset`).",
                "properties": {
                    "mentions": {"type": "integer"}, "events": {"type": "integer"},
                    "timexes": {"type": "integer"}, "quotes": {"type": "integer"}
                }
            }
        }
    })
}

/// The OpenAPI 3.0 document served at `/openapi.json`.
pub fn document() -> Value {
    let bad = error_response("A bad parameter (named in `parameter`) or an unknown parameter.");
    let failed = error_response("The store failed.");
    let busy = error_response(
        "The query ran over its time budget (`vedetta serve --query-budget`) and was stopped.",
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "vedetta",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only access to coded political events (PLOVER) and their \
                documents. Every query parameter is optional; unknown or repeated parameters \
                are refused with 400; empty values count as absent. Every error is JSON \
                (`Error`), for unknown routes (404) and other methods than GET (405) too, and \
                for requests the server refuses before routing them: a Host header that is \
                not loopback or allowed (403), a head that does not arrive within 10 s (408), \
                too many connections (503), a target over 8 KiB (414), a head over 32 KiB or \
                64 fields (431), a malformed request (400). A query over its time budget is a \
                503. \
                The server binds 127.0.0.1 by default: binding another address exposes the \
                whole store to whoever can reach it."
        },
        "paths": {
            "/api/health": {"get": {
                "operationId": "health",
                "summary": "The server is up and the store answers.",
                "responses": {
                    "200": ok_response("Totals of the store.",
                        json!({"$ref": "#/components/schemas/Health"})),
                    "400": bad.clone(),
                    "500": failed.clone(),
                    "503": busy.clone()
                }
            }},
            "/api/events": {"get": {
                "operationId": "listEvents",
                "summary": "Stored events matching filters, in date order (first possible \
                    day; undated last), then document id and position.",
                "parameters": event_params(),
                "responses": {
                    "200": ok_response("A page of events and the total count.",
                        json!({"$ref": "#/components/schemas/EventsPage"})),
                    "400": bad.clone(),
                    "500": failed.clone(),
                    "503": busy.clone()
                }
            }},
            "/api/stories": {"get": {
                "operationId": "listStories",
                "summary": "Story events: the matching events grouped by day, actors, \
                    recipients and type across documents, most mentioned first, with mention, \
                    document and source (outlet) counts (like GDELT's NumMentions and \
                    NumSources). Filters apply to events before grouping; limit and offset \
                    page the stories.",
                "parameters": event_params(),
                "responses": {
                    "200": ok_response("A page of stories.",
                        json!({"$ref": "#/components/schemas/StoriesPage"})),
                    "400": bad.clone(),
                    "500": failed.clone(),
                    "503": busy.clone()
                }
            }},
            "/api/documents/{id}": {"get": {
                "operationId": "getDocument",
                "summary": "A document with its text and a page of each kind of its \
                    annotations (offsets in characters), with the totals.",
                "parameters": [{
                    "name": "id", "in": "path", "required": true,
                    "description": "Document id (percent-encoded).",
                    "schema": {"type": "string"}
                },
                limit_param(documents::DEFAULT_LIMIT, documents::MAX_LIMIT),
                uint_param("mentions_offset", "Mentions skipped (text order).", 0,
                           documents::MAX_OFFSET),
                uint_param("events_offset", "Events skipped (text order).", 0,
                           documents::MAX_OFFSET),
                uint_param("timexes_offset", "Time expressions skipped (text order).", 0,
                           documents::MAX_OFFSET),
                uint_param("quotes_offset", "Quotes skipped (text order).", 0,
                           documents::MAX_OFFSET)],
                "responses": {
                    "200": ok_response("The document.",
                        json!({"$ref": "#/components/schemas/Document"})),
                    "400": bad.clone(),
                    "404": error_response("No document with this id."),
                    "500": failed.clone(),
                    "503": busy.clone()
                }
            }},
            "/api/actors": {"get": {
                "operationId": "listActors",
                "summary": "Actor codes and names seen in mentions, most mentioned first.",
                "parameters": [
                    query("q", "Code prefix (case-insensitive) or part of the name; empty lists \
                        all.", json!({"type": "string", "maxLength": MAX_Q_CHARS})),
                    limit_param(actors::DEFAULT_LIMIT, actors::MAX_LIMIT)
                ],
                "responses": {
                    "200": ok_response("Actors.", json!({"type": "array",
                        "items": {"$ref": "#/components/schemas/Actor"}})),
                    "400": bad.clone(),
                    "500": failed.clone(),
                    "503": busy.clone()
                }
            }},
            "/api/series": {"get": {
                "operationId": "series",
                "summary": "Events of the filtered set (a dyad, a country, or any filters) per \
                    day, ISO week or month, by PLOVER type and quad class, with Goldstein score \
                    sums and means; empty buckets are zero-filled; dates coarser than the \
                    bucket are counted per their own period (`imprecise`).",
                "parameters": series_params(),
                "responses": {
                    "200": ok_response("The series.", json!({"type": "object",
                        "required": ["by", "aux", "types", "buckets", "imprecise", "undated",
                                     "total"]})),
                    "400": bad.clone(),
                    "500": failed.clone(),
                    "503": busy.clone()
                }
            }},
            "/api/network": {"get": {
                "operationId": "network",
                "summary": "Who acts on whom among the filtered events: one edge per actor → \
                    recipient pair with events per quad class, cooperation and conflict counts \
                    and the mean Goldstein score, busiest first, and the nodes of those edges.",
                "parameters": network_params(),
                "responses": {
                    "200": ok_response("The network.", json!({"type": "object",
                        "required": ["level", "aux", "events", "without_recipient",
                                     "edges_total", "nodes", "edges"]})),
                    "400": bad.clone(),
                    "500": failed.clone(),
                    "503": busy.clone()
                }
            }},
            "/api/alerts": {"get": {
                "operationId": "alerts",
                "summary": "Escalation alerts: dyads and countries whose window count is \
                    surprising against their own baseline (Poisson or negative binomial), with \
                    minimum volumes, ranked by surprise, each explained by its events.",
                "parameters": alert_params(),
                "responses": {
                    "200": ok_response("The alert report.", json!({"type": "object",
                        "required": ["alerts"]})),
                    "400": bad.clone(),
                    "500": failed.clone(),
                    "503": busy.clone()
                }
            }},
            "/openapi.json": {"get": {
                "operationId": "openapi",
                "summary": "This document.",
                "responses": {
                    "200": ok_response("OpenAPI 3.0 document.", json!({"type": "object"})),
                    "400": bad
                }
            }}
        },
        "components": {"schemas": {
            "Error": {
                "type": "object",
                "required": ["error", "status"],
                "properties": {
                    "error": {"type": "string", "description": "What went wrong."},
                    "status": {"type": "integer", "description": "The HTTP status."},
                    "parameter": {"type": "string", "description": "The query parameter at \
                        fault, when there is one (unknown names: all of them, comma-separated)."}
                }
            },
            "Health": {
                "type": "object",
                "required": ["ok", "documents", "events"],
                "properties": {
                    "ok": {"type": "boolean"},
                    "documents": {"type": "integer"},
                    "events": {"type": "integer"}
                }
            },
            "EventsPage": {
                "type": "object",
                "required": ["total", "limit", "offset", "events"],
                "properties": {
                    "total": {"type": "integer", "description": "Matching events, all pages."},
                    "limit": {"type": "integer"},
                    "offset": {"type": "integer"},
                    "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}
                }
            },
            "Event": event_schema(),
            "Location": location_schema(),
            "Entity": entity_schema(),
            "Document": document_schema(),
            "StoriesPage": {
                "type": "object",
                "required": ["limit", "offset", "stories"],
                "properties": {
                    "limit": {"type": "integer"},
                    "offset": {"type": "integer"},
                    "stories": {"type": "array", "items": {"$ref": "#/components/schemas/Story"}}
                }
            },
            "Story": {
                "type": "object",
                "required": ["key", "date", "event_type", "actor", "recipient", "mentions",
                             "documents", "sources", "doc_ids", "outlets"],
                "properties": {
                    "key": {"type": "string", "description": "date|actors|recipients|type"},
                    "date": {"type": "string", "description": "YYYY-MM-DD, YYYY-MM, YYYY or undated"},
                    "event_type": {"type": "string"},
                    "actor": {"type": "array", "items": {"type": "string"}},
                    "recipient": {"type": "array", "items": {"type": "string"}},
                    "mentions": {"type": "integer", "description": "events in the story"},
                    "documents": {"type": "integer"},
                    "sources": {"type": "integer", "description": "distinct outlets (URL host, else input file)"},
                    "doc_ids": {"type": "array", "items": {"type": "string"}, "maxItems": 100},
                    "outlets": {"type": "array", "items": {"type": "string"}, "maxItems": 100}
                }
            },
            "Actor": {
                "type": "object",
                "required": ["code", "mentions"],
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string", "nullable": true},
                    "mentions": {"type": "integer"}
                }
            }
        }}
    })
}
