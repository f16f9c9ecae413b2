//! The dyad network: edges per actor → recipient pair, quad classes, scores, limits.

use super::{entity, event};
use crate::{network, AuxSet, Level, NetworkOptions};

fn opts(level: Level, limit: usize) -> NetworkOptions {
    NetworkOptions {
        level,
        limit,
        ..NetworkOptions::default()
    }
}

fn events() -> Vec<vedetta_store::StoredEvent> {
    let (rus, rusmil, ukr, usa) = (
        entity("RUSGOV"),
        entity("RUSMIL"),
        entity("UKRGOV"),
        entity("USA"),
    );
    vec![
        // Two RUS → UKR conflict events, one of them with two Russian actors.
        event(
            "a",
            1,
            Some("2024-05-01"),
            "ASSAULT",
            Some(4),
            Some(-10.0),
            vec![rus.clone()],
            vec![ukr.clone()],
            None,
        ),
        event(
            "a",
            2,
            Some("2024-05-02"),
            "ACCUSE",
            Some(3),
            Some(-2.0),
            vec![rus.clone(), rusmil.clone()],
            vec![ukr.clone()],
            None,
        ),
        // One USA → UKR cooperation event without a score.
        event(
            "b",
            1,
            Some("2024-05-03"),
            "AID",
            Some(2),
            None,
            vec![usa.clone()],
            vec![ukr.clone()],
            None,
        ),
        // Hypothetical: not counted by default.
        event(
            "c",
            1,
            Some("2024-05-03"),
            "ASSAULT",
            Some(4),
            Some(-10.0),
            vec![ukr.clone()],
            vec![rus.clone()],
            Some("hypothetical"),
        ),
        // No recipient: no edge.
        event(
            "d",
            1,
            Some("2024-05-04"),
            "MOBILIZE",
            Some(4),
            Some(-5.0),
            vec![rusmil.clone()],
            vec![],
            None,
        ),
    ]
}

#[test]
fn country_edges_count_each_event_once_with_quads_and_scores() {
    let n = network(events(), &opts(Level::Country, 10));
    assert_eq!(n.events, 3);
    assert_eq!(n.without_recipient, 1);
    assert_eq!(n.edges_total, 2);
    let e = &n.edges[0];
    assert_eq!((e.actor.as_str(), e.recipient.as_str()), ("RUS", "UKR"));
    assert_eq!(
        e.events, 2,
        "two Russian actors of one event count once at country level"
    );
    assert_eq!((e.conflict, e.cooperation), (2, 0));
    assert_eq!(e.quad.material_conflict, 1);
    assert_eq!(e.quad.verbal_conflict, 1);
    assert_eq!(e.score_mean, Some(-6.0));
    let e = &n.edges[1];
    assert_eq!((e.actor.as_str(), e.recipient.as_str()), ("USA", "UKR"));
    assert_eq!((e.events, e.cooperation, e.scored), (1, 1, 0));
    assert_eq!(e.score_mean, None);
    let nodes: Vec<(&str, u64)> = n.nodes.iter().map(|x| (x.id.as_str(), x.events)).collect();
    assert_eq!(nodes, vec![("UKR", 3), ("RUS", 2), ("USA", 1)]);
}

#[test]
fn code_level_splits_actors_and_aux_all_adds_hypotheticals() {
    let n = network(
        events(),
        &NetworkOptions {
            aux: AuxSet::all(),
            ..opts(Level::Code, 10)
        },
    );
    let pairs: Vec<(&str, &str, u64)> = n
        .edges
        .iter()
        .map(|e| (e.actor.as_str(), e.recipient.as_str(), e.events))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("RUSGOV", "UKRGOV", 2),
            ("RUSMIL", "UKRGOV", 1),
            ("UKRGOV", "RUSGOV", 1),
            ("USA", "UKRGOV", 1),
        ]
    );
    assert_eq!(n.events, 4);
}

#[test]
fn limit_keeps_the_busiest_edges_and_their_nodes() {
    let n = network(events(), &opts(Level::Country, 1));
    assert_eq!(n.edges_total, 2);
    assert_eq!(n.edges.len(), 1);
    assert_eq!(n.edges[0].actor, "RUS");
    let ids: Vec<&str> = n.nodes.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, vec!["RUS", "UKR"]);
}

#[test]
fn level_parses_and_refuses_unknown_names() {
    assert_eq!("Country".parse::<Level>().unwrap(), Level::Country);
    assert_eq!(" code ".parse::<Level>().unwrap(), Level::Code);
    let e = "sector".parse::<Level>().unwrap_err().to_string();
    assert!(e.contains("level") && e.contains("sector"), "{e}");
}
