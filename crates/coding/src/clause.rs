//! A parsed sentence ready for coding: its tree, its actor mentions, and which mention
//! each word belongs to.

use crate::lexicon::Lexicon;
use crate::tree::Tree;
use std::borrow::Cow;
use vedetta_model::{Analysis, Mention, MentionKind, SentenceSyntax};

/// Relations the search for an argument's mention does not enter: clauses of their own.
pub const CLAUSE_RELS: &[&str] = &[
    "acl",
    "advcl",
    "ccomp",
    "csubj",
    "parataxis",
    "conj",
    "punct",
    "xcomp",
    "cc",
    "mark",
    "discourse",
    "vocative",
    "reparandum",
    "dislocated",
];

/// How many prepositional phrases deep inside an argument its mention is looked for.
const MAX_PHRASE_HOPS: u8 = 2;

/// The sentence's mentions, agents without a country given the one state all the
/// sentence's places are in (when there is exactly one).
fn located_agents<'a>(mentions: &[&'a Mention]) -> Vec<Cow<'a, Mention>> {
    let state = place_state(mentions);
    mentions
        .iter()
        .map(|m| match (state, &m.sector) {
            (Some(st), Some(sector))
                if m.kind == MentionKind::Agent && m.code.is_none() && m.country.is_none() =>
            {
                let mut o = (*m).clone();
                o.code = Some(format!("{st}{sector}"));
                o.country = Some(st.to_string());
                o.why = format!("{}; country of the sentence's places ({st})", o.why);
                Cow::Owned(o)
            }
            _ => Cow::Borrowed(*m),
        })
        .collect()
}

/// The one state all the sentence's place mentions are in, when there is exactly one.
fn place_state<'a>(mentions: &[&'a Mention]) -> Option<&'a str> {
    let mut state: Option<&str> = None;
    for m in mentions {
        if matches!(
            m.kind,
            MentionKind::Place | MentionKind::Country | MentionKind::Capital
        ) {
            let Some(s) = crate::frames::state_of(m) else {
                continue;
            };
            match state {
                None => state = Some(s),
                Some(x) if x == s => {}
                Some(_) => return None,
            }
        }
    }
    state
}

/// One sentence with what the frame finder needs.
pub struct Clause<'a> {
    /// The analysed document.
    pub an: &'a Analysis,
    /// The dependency tree.
    pub tree: Tree<'a>,
    /// Actor mentions of the sentence (coded, not nested in another), in text order; an
    /// agent with no nationality in a sentence whose places are all in one state takes that
    /// state ("police in Kirkuk" → IRQCOP).
    pub actors: Vec<Cow<'a, Mention>>,
    /// For each word, the actor mention covering its token.
    pub word_actor: Vec<Option<usize>>,
    /// The language's dictionary.
    pub lx: &'a Lexicon,
    /// The one state all the sentence's places are in, when there is one ("a Baton Rouge
    /// in Louisiana" → USA): the actor of an agentless attack or arrest there.
    pub place_state: Option<String>,
}

impl<'a> Clause<'a> {
    /// Prepares a parsed sentence; `mentions` are the document's mentions that start in it.
    pub fn new(
        an: &'a Analysis,
        syntax: &'a SentenceSyntax,
        mentions: &[&'a Mention],
        lx: &'a Lexicon,
    ) -> Clause<'a> {
        let tree = Tree::new(syntax);
        let place_state = place_state(mentions).map(str::to_string);
        let actors = crate::sentence_actors(&located_agents(mentions));
        let word_actor = syntax
            .words
            .iter()
            .map(|w| {
                actors
                    .iter()
                    .position(|m| m.first_token <= w.token && w.token < m.end_token)
            })
            .collect();
        Clause {
            an,
            tree,
            actors,
            word_actor,
            lx,
            place_state,
        }
    }

    /// True when actor `m` is an agent that took its country from the sentence's places
    /// (`located_agents` makes the only owned mentions).
    fn is_located(&self, m: usize) -> bool {
        matches!(self.actors[m], Cow::Owned(_))
    }

    /// The actor mention of an argument whose head word is `w`: the mention covering it,
    /// else the nearest one inside its phrase (breadth first, not entering clauses). A head
    /// that is an agent placed only by the sentence's places gives way to an actor coded on
    /// its own inside its phrase ("il Presidente della Repubblica Giorgio Napolitano" in a
    /// sentence set in the Vatican is Napolitano, ITA).
    pub fn mention_of(&self, w: usize) -> Option<usize> {
        let fallback = self.word_actor[w];
        if let Some(m) = fallback {
            if !self.is_located(m) {
                return Some(m);
            }
        }
        let mut queue = std::collections::VecDeque::from([(w, 0u8)]);
        let mut seen = 0usize;
        while let Some((k, hops)) = queue.pop_front() {
            seen += 1;
            if seen > 64 {
                break;
            }
            for &c in self.tree.children(k) {
                let rel = self.tree.rel(c);
                if CLAUSE_RELS.contains(&rel) {
                    continue;
                }
                // Prepositional phrases count, names and modifiers do not: "il capo
                // dell'Autorità Nazionale Palestinese" is one hop, "relations ... since the
                // start of the invasion of Ukraine" three.
                let h = hops + u8::from(matches!(rel, "nmod" | "obl"));
                if h > MAX_PHRASE_HOPS {
                    continue;
                }
                if let Some(m) = self.word_actor[c] {
                    if fallback.is_none() || (Some(m) != fallback && !self.is_located(m)) {
                        return Some(m);
                    }
                }
                queue.push_back((c, h));
            }
        }
        fallback
    }

    /// The mentions of an argument headed by `w` and its conjuncts (`Russia and China`).
    pub fn mentions_of(&self, w: usize, out: &mut Vec<usize>) {
        let start = out.len();
        let mut stack = vec![w];
        let mut steps = 0;
        // Conjuncts whose agent took its country only from the sentence's places.
        let mut placed_conjuncts = Vec::new();
        while let Some(k) = stack.pop() {
            steps += 1;
            if steps > 32 {
                break;
            }
            if let Some(m) = self.mention_of(k) {
                if !out.contains(&m) {
                    out.push(m);
                    if k != w && self.is_located(m) {
                        placed_conjuncts.push(m);
                    }
                }
            }
            for c in self.tree.deps(k, "conj") {
                stack.push(c);
            }
            // Coordinated nationalities of one noun ("Hungarian and Romanian officials",
            // "funzionari ungheresi e romeni"): each names an actor.
            // A conjunct joined by a conjunction or comma, not a hyphen ("filo-russi").
            let t = &self.tree;
            for a in t.deps(k, "amod") {
                let conjuncts: Vec<usize> = t
                    .deps(a, "conj")
                    .filter(|&x| {
                        t.children(x).iter().any(|&y| {
                            t.rel(y) == "cc" || (t.rel(y) == "punct" && t.words[y].form == ",")
                        })
                    })
                    .collect();
                if conjuncts.is_empty() {
                    continue;
                }
                let own = std::iter::once(a).filter(|&a| self.word_actor[a] != self.word_actor[k]);
                for x in own.chain(conjuncts) {
                    if let Some(m) = self.word_actor[x] {
                        let nationality = matches!(
                            self.actors[m].kind,
                            MentionKind::Demonym | MentionKind::Country
                        );
                        if nationality && !out.contains(&m) {
                            out.push(m);
                        }
                    }
                }
            }
        }
        // "Israeli helicopters and tanks": a conjunct placed only by the sentence's places
        // shares the nationality of the conjunct named before it instead.
        let named = out[start..]
            .iter()
            .any(|m| !self.is_located(*m) && !placed_conjuncts.contains(m));
        if named {
            let kept: Vec<usize> = out
                .drain(start..)
                .filter(|m| !placed_conjuncts.contains(m))
                .collect();
            out.extend(kept);
        }
    }

    /// The light verb noun `w` is an argument of, with the word that is the argument: `w`
    /// itself, or the measure noun whose `of` phrase `w` is ("ha iniziato una serie di
    /// attacchi": `serie`). The caller checks the argument's relation.
    pub fn light_verb_of(&self, w: usize) -> Option<(usize, usize)> {
        let t = &self.tree;
        let f = &self.lx.frame;
        let mut x = w;
        if t.rel(w) == "nmod" && f.of_preps.contains(&t.case_of(w)) {
            if let Some(q) = t.head(w).filter(|&q| f.measure_nouns.contains(&t.lemma(q))) {
                x = q;
            }
        }
        let h = t.head(x).filter(|&h| self.is_light_verb(h))?;
        Some((h, x))
    }

    /// True when verb `v` is an infinitive opened by a purpose mark (`frame.toml`:
    /// `purpose_marks`: "to disperse", "per chiedere"); the caller checks its relation.
    pub fn has_purpose_mark(&self, v: usize) -> bool {
        let t = &self.tree;
        t.words[v].feat("VerbForm") == Some("Inf")
            && t.children(v)
                .iter()
                .any(|&m| t.rel(m) == "mark" && self.lx.frame.purpose_marks.contains(&t.lemma(m)))
    }

    /// True when word `w`'s lemma is one of the language's light verbs (`frame.toml`:
    /// `light_verbs`), whose object noun is the event ("ha espresso solidarietà").
    pub fn is_light_verb(&self, w: usize) -> bool {
        self.lx.frame.light_verbs.contains(&self.tree.lemma(w))
    }

    /// True when the mention names a city, region or capital: a place that is not a state
    /// by name, so not an actor a pronoun or possessive stands for.
    pub fn is_locality(&self, m: usize) -> bool {
        matches!(
            self.actors[m].kind,
            MentionKind::Place | MentionKind::Capital
        )
    }

    /// True when the mention names a place: a country, a capital, a city or region (as an
    /// argument a place stands for its country, as the guide codes it).
    pub fn is_place(&self, m: usize) -> bool {
        matches!(
            self.actors[m].kind,
            MentionKind::Place | MentionKind::Country | MentionKind::Capital
        )
    }
}
