//! The dyad network: who acts on whom. One edge per actor → recipient pair (countries or full
//! codes) with its events by quad class and its Goldstein score, for the dashboard's graph
//! (edge weight = events, colour = cooperation versus conflict).

use crate::{invalid, AnalyticsError, AuxSet, EventView, QuadCounts, Result, Scan};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use vedetta_store::{EventFact, EventFilter, Store, StoredEvent};

/// Most edges a network lists by default.
pub const DEFAULT_EDGES: usize = 50;

/// What a node is: a country (top-level code, `RUS`) or a full actor code (`RUSGOV`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Top-level codes.
    #[default]
    Country,
    /// Full codes.
    Code,
}

impl std::str::FromStr for Level {
    type Err = AnalyticsError;
    fn from_str(s: &str) -> Result<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "country" => Ok(Level::Country),
            "code" => Ok(Level::Code),
            other => Err(invalid(
                "level",
                format!("unknown level {other:?} (expected country or code)"),
            )),
        }
    }
}

impl Level {
    /// The node of an entity given as (code, country).
    fn key<'a>(self, (code, country): (&'a str, &'a str)) -> &'a str {
        match self {
            Level::Country => country,
            Level::Code => code,
        }
    }
}

/// What a network counts.
#[derive(Debug, Clone)]
pub struct NetworkOptions {
    /// The events (its `limit` and `offset` are ignored; its `aux` is replaced by `aux`'s).
    pub filter: EventFilter,
    /// Aux modes counted (default asserted only).
    pub aux: AuxSet,
    /// Node level.
    pub level: Level,
    /// Most edges listed (the busiest); nodes are those of the listed edges.
    pub limit: usize,
}

impl Default for NetworkOptions {
    fn default() -> Self {
        NetworkOptions {
            filter: EventFilter::default(),
            aux: AuxSet::asserted(),
            level: Level::Country,
            limit: DEFAULT_EDGES,
        }
    }
}

/// An actor → recipient edge.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Edge {
    /// Actor key.
    pub actor: String,
    /// Recipient key.
    pub recipient: String,
    /// Events with this actor and recipient (an event with two actors counts on both edges,
    /// once on each).
    pub events: u64,
    /// Events per quad class.
    pub quad: QuadCounts,
    /// Cooperation events (quads 1 and 2).
    pub cooperation: u64,
    /// Conflict events (quads 3 and 4).
    pub conflict: u64,
    /// Events with a Goldstein score.
    pub scored: u64,
    /// Sum of their scores.
    pub score_sum: f64,
    /// Mean score, `None` when no event is scored.
    pub score_mean: Option<f64>,
}

/// A node of the listed edges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Country or code.
    pub id: String,
    /// Events on its listed edges (a self-loop counts once).
    pub events: u64,
}

/// The network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// Node level.
    pub level: Level,
    /// Aux modes counted.
    pub aux: AuxSet,
    /// Events counted on some edge.
    pub events: u64,
    /// Events counted that have no recipient (no edge).
    pub without_recipient: u64,
    /// Edges in all, before the limit.
    pub edges_total: usize,
    /// Nodes of the listed edges, busiest first (then by id).
    pub nodes: Vec<Node>,
    /// The busiest edges, by events (then actor, recipient).
    pub edges: Vec<Edge>,
}

/// Builds a [`Network`] one event at a time.
#[derive(Debug, Clone)]
pub struct NetworkBuilder {
    aux: AuxSet,
    level: Level,
    limit: usize,
    /// Edges by actor, then recipient (iterated in (actor, recipient) order).
    edges: BTreeMap<String, BTreeMap<String, Edge>>,
    events: u64,
    without_recipient: u64,
}

impl NetworkBuilder {
    /// A builder.
    pub fn new(opts: &NetworkOptions) -> NetworkBuilder {
        NetworkBuilder {
            aux: opts.aux.clone(),
            level: opts.level,
            limit: opts.limit,
            edges: BTreeMap::new(),
            events: 0,
            without_recipient: 0,
        }
    }

    /// Counts one event (when its aux mode is counted) on each of its actor → recipient pairs.
    pub fn push(&mut self, e: &StoredEvent) {
        self.push_view(e);
    }

    /// [`push`](Self::push) of an event's fact (what [`network_from_store`] streams).
    pub fn push_fact(&mut self, e: &EventFact) {
        self.push_view(e);
    }

    fn push_view<E: EventView>(&mut self, e: &E) {
        if !self.aux.contains(e.aux()) {
            return;
        }
        let level = self.level;
        let actors: BTreeSet<&str> = e.actors().map(|x| level.key(x)).collect();
        let recipients: BTreeSet<&str> = e.recipients().map(|x| level.key(x)).collect();
        if actors.is_empty() || recipients.is_empty() {
            self.without_recipient += 1;
            return;
        }
        self.events += 1;
        let scale = e.scale().filter(|s| s.is_finite());
        for a in &actors {
            for r in &recipients {
                // Looked up by &str first: no allocation for an edge already seen.
                let row = match self.edges.get_mut(*a) {
                    Some(row) => row,
                    None => self.edges.entry(a.to_string()).or_default(),
                };
                let edge = match row.get_mut(*r) {
                    Some(edge) => edge,
                    None => row.entry(r.to_string()).or_insert_with(|| Edge {
                        actor: a.to_string(),
                        recipient: r.to_string(),
                        ..Edge::default()
                    }),
                };
                edge.events += 1;
                edge.quad.add(e.quad());
                if let Some(s) = scale {
                    edge.scored += 1;
                    edge.score_sum += s;
                }
            }
        }
    }

    /// The network: the busiest edges and their nodes.
    pub fn finish(self) -> Network {
        let edges_total = self.edges.values().map(BTreeMap::len).sum();
        let mut edges: Vec<Edge> = self
            .edges
            .into_values()
            .flat_map(BTreeMap::into_values)
            .map(|mut e| {
                e.cooperation = e.quad.cooperation();
                e.conflict = e.quad.conflict();
                e.score_mean = (e.scored > 0).then(|| e.score_sum / e.scored as f64);
                e
            })
            .collect();
        // Stable sort: equal counts keep the (actor, recipient) order of the map.
        edges.sort_by_key(|e| std::cmp::Reverse(e.events));
        edges.truncate(self.limit);
        let mut nodes: BTreeMap<&str, u64> = BTreeMap::new();
        for e in &edges {
            *nodes.entry(&e.actor).or_insert(0) += e.events;
            if e.recipient != e.actor {
                *nodes.entry(&e.recipient).or_insert(0) += e.events;
            }
        }
        let mut nodes: Vec<Node> = nodes
            .into_iter()
            .map(|(id, events)| Node {
                id: id.to_string(),
                events,
            })
            .collect();
        nodes.sort_by_key(|n| std::cmp::Reverse(n.events));
        Network {
            level: self.level,
            aux: self.aux,
            events: self.events,
            without_recipient: self.without_recipient,
            edges_total,
            nodes,
            edges,
        }
    }
}

/// The network of some events.
pub fn network(events: impl IntoIterator<Item = StoredEvent>, opts: &NetworkOptions) -> Network {
    let mut b = NetworkBuilder::new(opts);
    for e in events {
        b.push(&e);
    }
    b.finish()
}

/// The network of the events of `opts.filter` in a store (one pass).
pub fn network_from_store(store: &dyn Store, opts: &NetworkOptions) -> Result<Scan<Network>> {
    let filter = EventFilter {
        aux: opts.aux.store_filter(),
        limit: None,
        offset: 0,
        ..opts.filter.clone()
    };
    let mut b = NetworkBuilder::new(opts);
    let mut read = 0u64;
    store.for_each_fact(&filter, &mut |e| {
        read += 1;
        b.push_fact(e);
        Ok(())
    })?;
    Ok(Scan {
        result: b.finish(),
        events_read: read,
    })
}
