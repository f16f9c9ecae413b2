//! Generic agents and their nationality: `funzionari statunitensi` → `USAGOV`,
//! `Israeli troops` → `ISRMIL`, `il governo di Mosca` → `RUSGOV`, `amministrazione Biden` →
//! `USAGOV`. An agent with no nationality in reach stays a sector-only mention.

use crate::{LangMatcher, SentenceKeys};
use vedetta_model::{Mention, MentionKind, Shape, Span, Token};

/// Tokens that may stand between an agent and a following nationality (`alti funzionari
/// statunitensi`, `principale procuratore ucraino`): lowercase content words only.
const MAX_GAP: usize = 2;

fn is_nationality(k: MentionKind) -> bool {
    matches!(
        k,
        MentionKind::Demonym | MentionKind::Country | MentionKind::Capital
    )
}

/// Finds agents in `toks` and adds them to `found` (the sentence's actor mentions), merging
/// each with its nationality. Agents overlapping an actor mention are dropped.
pub(crate) fn agents(
    m: &LangMatcher,
    text: &str,
    toks: &[Token],
    keys: &SentenceKeys<'_>,
    base: usize,
    found: &mut Vec<Mention>,
) {
    let hits = m.lists.agents.find_keys(keys.agents);
    if hits.is_empty() {
        return;
    }
    let at_start =
        |found: &Vec<Mention>, i: usize| found.iter().position(|x| x.first_token == base + i);
    let at_end =
        |found: &Vec<Mention>, i: usize| found.iter().position(|x| x.end_token == base + i);
    let lower = |i: usize| toks.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let hit_spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
    let gap_word = |i: usize| {
        toks.get(i)
            .is_some_and(|t| t.shape == Shape::Lower && m.pack.agent_modifiers.contains(&t.lower))
            && !hit_spans.iter().any(|&(s, e)| s <= i && i < e)
    };
    let mut new = Vec::new();
    let mut consumed = Vec::new();
    let covered = |i: usize| {
        found
            .iter()
            .any(|x| x.first_token <= base + i && base + i < x.end_token)
    };
    let name_word = |i: usize| {
        toks.get(i)
            .is_some_and(|t| matches!(t.shape, Shape::Title | Shape::Upper))
            && !covered(i)
    };
    for h in hits {
        if found
            .iter()
            .any(|x| x.first_token < base + h.end && base + h.start < x.end_token)
        {
            continue;
        }
        // A capitalised agent word inside a proper name (`Partito Democratico`,
        // `Protezione Civile`, `Gazzetta Ufficiale`) is part of that name, not an agent.
        // A title before an unknown name is still an agent ("President Abdelaziz
        // Bouteflicka" with the name missing from the dictionary): the person acts in
        // that office.
        let capitalised = matches!(toks[h.start].shape, Shape::Title | Shape::Upper);
        let name_before = h.start > 0 && name_word(h.start - 1);
        let name_after = name_word(h.end);
        if capitalised && (name_after || name_before) {
            let title_of_name = name_after
                && !name_before
                && m.lists
                    .titles
                    .find_keys(&keys.titles[4 * h.start..4 * h.end])
                    .iter()
                    .any(|t| t.start == 0 && t.end == h.end - h.start);
            if !title_of_name {
                continue;
            }
        }
        let Some(sector) = m
            .lists
            .agents
            .candidates(&h, &toks[h.start])
            .next()
            .cloned()
        else {
            continue;
        };
        // The partner: (index in found, keep it).
        let mut partner: Option<(usize, bool)> = None;
        // After: agent [≤2 lowercase words] nationality (languages whose adjectives follow
        // the noun; else only a person right after: `President Biden`).
        let gap = if m.pack.nationality_after_agent {
            MAX_GAP
        } else {
            0
        };
        for j in h.end..=h.end + gap {
            if let Some(k) = at_start(found, j) {
                let kind = found[k].kind;
                if (kind == MentionKind::Demonym && m.pack.nationality_after_agent)
                    || (kind == MentionKind::Person && j == h.end)
                {
                    partner = Some((k, kind == MentionKind::Person));
                }
                break;
            }
            let ok_gap = toks.get(j).is_some_and(|t| {
                t.shape == Shape::Lower
                    && !m.lists.function_words.contains(&t.lower)
                    && !m.pack.of_words.contains(&t.lower)
            });
            if !ok_gap {
                break;
            }
        }
        // Of: agent di/of [article] country.
        if partner.is_none() && m.pack.of_words.contains(lower(h.end)) {
            let mut j = h.end + 1;
            if m.lists.function_words.contains(lower(j)) && at_start(found, j).is_none() {
                j += 1;
            }
            if let Some(k) = at_start(found, j) {
                let kind = found[k].kind;
                if is_nationality(kind) || matches!(kind, MentionKind::Metonym | MentionKind::Place)
                {
                    partner = Some((k, kind == MentionKind::Metonym));
                }
            }
        }
        // Before: nationality ['s] agent, or person agent (`Biden administration`).
        if partner.is_none() && h.start > 0 {
            let mut j = h.start;
            if matches!(lower(j - 1), "'s" | "'") && j >= 2 {
                j -= 1;
            }
            // An international organisation before its agent acts as the agent's country
            // in languages whose nationality precedes the agent (`NATO troops` → IGO).
            let igo = |k: MentionKind| k == MentionKind::Igo && !m.pack.nationality_after_agent;
            if let Some(k) = at_end(found, j) {
                let kind = found[k].kind;
                if is_nationality(kind) || kind == MentionKind::Person || igo(kind) {
                    partner = Some((k, kind == MentionKind::Person || igo(kind)));
                }
            } else if !m.pack.nationality_after_agent && j >= 2 && gap_word(j - 1) {
                // Nationality, one modifier of the pack's list, agent: `Bangladeshi
                // peacekeeping troops`. The modifier may not be an agent word itself.
                if let Some(k) = at_end(found, j - 1) {
                    if is_nationality(found[k].kind) || igo(found[k].kind) {
                        partner = Some((k, false));
                    }
                }
            }
        }
        let (start_tok, end_tok, country, why) = match partner {
            Some((k, keep)) => {
                let p = &found[k];
                // A demonym is absorbed by its agent; a named country, city or person stays a
                // mention of its own inside the agent's span.
                if !keep && p.kind == MentionKind::Demonym {
                    consumed.push(k);
                }
                let (s, e) = (
                    p.first_token.min(base + h.start),
                    p.end_token.max(base + h.end),
                );
                (
                    s,
                    e,
                    p.country.clone(),
                    format!("agent '{}' + {:?} '{}'", sector, p.kind, p.text),
                )
            }
            None => (
                base + h.start,
                base + h.end,
                None,
                format!("agent '{sector}' without nationality"),
            ),
        };
        let span = Span::new(
            toks[start_tok - base].span.start,
            toks[end_tok - 1 - base].span.end,
        );
        let code = country.as_ref().map(|c| format!("{c}{sector}"));
        // Institutions (`governo tedesco`, `polizia`, `Foreign Ministry`) are organisations;
        // people (`funzionari`, `troops`) are not named entities.
        // Capitalised away from the sentence start: a name-like institution (`il Senato`).
        let capitalised_inside = h.start > 0 && capitalised;
        let is_title = m
            .lists
            .titles
            .find_keys(&keys.titles[4 * h.start..4 * h.end])
            .first()
            .is_some_and(|t| t.start == 0);
        let institution = toks[h.start..h.end]
            .iter()
            .any(|t| m.lists.org_keywords.contains(&t.lower));
        let agent_text =
            vedetta_analysis::fold(&text[toks[h.start].span.start..toks[h.end - 1].span.end]);
        let ner = (!is_title
            && (capitalised_inside
                || (institution && country.is_some())
                || m.lists.org_agents.contains(&agent_text)))
        .then_some(vedetta_model::NerClass::Org);
        new.push(Mention {
            span,
            first_token: start_tok,
            end_token: end_tok,
            text: text[span.start..span.end].to_string(),
            kind: MentionKind::Agent,
            ner,
            code,
            country,
            sector: Some(sector),
            wikidata: None,
            name: None,
            role: None,
            why,
            ambiguous_with: Vec::new(),
        });
    }
    consumed.sort_unstable();
    consumed.dedup();
    for k in consumed.into_iter().rev() {
        found.remove(k);
    }
    found.extend(new);
}
