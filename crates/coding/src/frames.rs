//! Sub-stage 2, frames: the actor and the recipient of a candidate on the dependency tree.
//!
//! - the **actor** is the subject (`nsubj`), a passive predicate's agent (`obl:agent`, an
//!   `obl` with `by`/`da`/`da parte di`), inherited from the verb an `xcomp` depends on, from
//!   the first conjunct, or from the noun a relative clause modifies; a noun's actor is its
//!   possessor, an adjective (`invasione russa`), its `by` phrase, else the subject of the
//!   light verb it is the object of (`launched an attack`);
//! - the **recipient** is the object (a passive's subject), the indirect object, or the
//!   `obl`/`nmod` with one of the pattern's prepositions (`against`, `contro`, `a`…);
//! - each argument is the mention covering its head word or nearest inside its phrase, and
//!   its conjuncts (`Russia and China`) are arguments too; `between X and Y` makes a
//!   reciprocal pair.

use crate::clause::Clause;
use crate::lexicon::{Complement, Pattern, Slot};
use vedetta_model::Upos;

/// The arguments of one candidate (indices into the clause's actor mentions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    /// Actor mentions.
    pub actors: Vec<usize>,
    /// Recipient mentions.
    pub recipients: Vec<usize>,
    /// The predicate was read as a passive.
    pub passive: bool,
    /// The actors came as a pair after `between`/`tra` (the event is reciprocal).
    pub between: bool,
    /// Words of the trigger besides the predicate (particle, required object).
    pub trigger_words: Vec<usize>,
    /// A recipient no mention names: the actor's own country, standing for the argument
    /// at this word ("police arrested twelve people" → the police's country).
    pub implied: Option<Implied>,
    /// An actor no mention names: the state of the sentence's places, for an agentless
    /// attack or arrest there ("three officers were killed in Baton Rouge" → USA).
    pub implied_actor: Option<Implied>,
    /// How the actor was found (for explanations).
    pub actor_via: &'static str,
    /// How the recipient was found (for explanations).
    pub recipient_via: &'static str,
}

impl Frame {
    /// Adds the mentions of argument `words` as recipients, each once and never an actor.
    fn add_recipients(&mut self, c: &Clause<'_>, words: &[usize]) {
        for m in mentions(c, words) {
            if !self.recipients.contains(&m) && !self.actors.contains(&m) {
                self.recipients.push(m);
            }
        }
    }

    /// Takes the mentions `got` that are not actors as the recipients, found `via`; false
    /// when none is left.
    fn take_recipients(&mut self, mut got: Vec<usize>, via: &'static str) -> bool {
        got.retain(|m| !self.actors.contains(m));
        if got.is_empty() {
            return false;
        }
        self.recipients = got;
        self.recipient_via = via;
        true
    }
}

/// The subject words of clause `k` (`nsubj`, `nsubj:pass`).
fn clause_subjects(c: &Clause<'_>, k: usize) -> Vec<usize> {
    let t = &c.tree;
    t.children(k)
        .iter()
        .copied()
        .filter(|&x| matches!(t.deprel(x), "nsubj" | "nsubj:pass"))
        .collect()
}

/// The mentions the subjects of clause `k` name.
pub(crate) fn subject_mentions(c: &Clause<'_>, k: usize) -> Vec<usize> {
    mentions(c, &clause_subjects(c, k))
}

/// A recipient implied by the actor's country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Implied {
    /// Country code.
    pub code: String,
    /// The argument's head word.
    pub word: usize,
}

/// Top-level codes that are not states (no "own country" to fall back on): CAMEO's
/// international and non-state actors and regions.
const NON_STATE: &[&str] = &[
    "IGO", "NGO", "IMG", "MNC", "UIS", "UAF", "INT", "AFR", "ASA", "EUR", "MEA", "NAM", "SAM",
    "CAM", "CAS", "SAS", "SEA", "WAF", "EAF", "NAF", "SAF", "CAF", "BLK", "CRB", "LAM", "WST",
    "PGS", "BAL", "SCN", "MDT",
];

/// The state an actor mention belongs to, when it is one.
pub fn state_of(m: &vedetta_model::Mention) -> Option<&str> {
    let top = m
        .country
        .as_deref()
        .or_else(|| m.code.as_deref().and_then(|c| c.get(..3)))?;
    (top.len() == 3 && !NON_STATE.contains(&top)).then_some(top)
}

/// True when predicate `p` is passive: by its relations and features, or a past participle
/// modifying a noun or clause with an agent phrase ("missili lanciati dalla Russia",
/// "forse incoraggiata dal presidente russo").
pub fn is_passive(c: &Clause<'_>, p: usize) -> bool {
    let t = &c.tree;
    if t.is_passive(p) && !misread_participle(c, p) {
        // A pronominal verb misread as passive ("si è dimesso": `expl` and a plain `aux`,
        // the subject labelled `nsubj:pass`) is active.
        let kids = t.children(p);
        let pronominal = kids
            .iter()
            .any(|&k| matches!(t.deprel(k), "expl" | "expl:pv"))
            && !kids
                .iter()
                .any(|&k| matches!(t.deprel(k), "aux:pass" | "expl:pass" | "obl:agent"));
        return !pronominal;
    }
    let w = &t.words[p];
    w.feat("VerbForm") == Some("Part")
        && w.feat("Tense") == Some("Past")
        && matches!(t.rel(p), "acl" | "advcl" | "amod")
        && !t
            .children(p)
            .iter()
            .any(|&k| matches!(t.rel(k), "nsubj" | "aux" | "obj"))
        && t.children(p).iter().any(|&k| is_agent_phrase(c, k))
}

/// True when `p` is passive only by its `Voice=Pass` feature, yet has an object and no
/// auxiliary of its own: a past tense the tagger read as a participle ("A top U.S. official
/// today praised Haiti's efforts").
fn misread_participle(c: &Clause<'_>, p: usize) -> bool {
    let t = &c.tree;
    let kids = t.children(p);
    t.deps(p, "obj").next().is_some()
        && !kids.iter().any(|&k| {
            matches!(
                t.deprel(k),
                "nsubj:pass" | "aux:pass" | "csubj:pass" | "expl:pass" | "aux" | "obl:agent"
            ) || is_agent_phrase(c, k)
        })
        && !matches!(t.rel(p), "acl" | "amod")
}

/// A subject the parser did not label: a dependent before root predicate `p` with no
/// preposition that names an actor ("A top U.S. official today praised", with `today` read
/// as the head of the phrase).
fn unlabelled_subject(c: &Clause<'_>, p: usize) -> Option<usize> {
    let t = &c.tree;
    if t.rel(p) != "root" {
        return None;
    }
    t.children(p)
        .iter()
        .copied()
        .filter(|&k| k < p)
        .filter(|&k| matches!(t.rel(k), "obl" | "nmod" | "dep" | "compound"))
        .filter(|&k| matches!(t.upos(k), Upos::Noun | Upos::Propn | Upos::Pron))
        .filter(|&k| t.case_of(k).is_empty())
        .find(|&k| c.mention_of(k).is_some())
}

/// True when word `k` heads a passive agent: `obl:agent`, or an `obl`/`nmod` opened by one
/// of the language's agent prepositions (`by`, `da`, `da parte di`).
fn is_agent_phrase(c: &Clause<'_>, k: usize) -> bool {
    let t = &c.tree;
    let f = &c.lx.frame;
    t.deprel(k) == "obl:agent"
        || (matches!(t.rel(k), "obl" | "nmod")
            && (f.agent_preps.contains(&t.case_of(k))
                || f.agent_preps.contains(&t.case_forms(k))
                || f.agent_preps.iter().any(|x| split_prep(c, k, x))))
}

/// True when word `k` opens a three-word preposition `x` that the parser did not join with
/// `fixed`: "da parte di X" read as `da` + the noun `parte` + `di X` (`nmod`), so `parte`
/// stands for the phrase (the mention search reaches X through it).
fn split_prep(c: &Clause<'_>, k: usize, x: &str) -> bool {
    let t = &c.tree;
    let mut w = x.split(' ');
    let (Some(a), Some(b), Some(d), None) = (w.next(), w.next(), w.next(), w.next()) else {
        return false;
    };
    (t.case_of(k) == a || t.case_forms(k) == a)
        && (t.lemma(k) == b || t.words[k].form.to_lowercase() == b)
        && t.deps(k, "nmod")
            .any(|g| t.case_of(g) == d || t.case_forms(g) == d)
}

/// The subject words of predicate `p` (its passive agent when passive), inherited when it
/// has none.
pub fn subject_words(c: &Clause<'_>, p: usize, depth: usize) -> Vec<usize> {
    let t = &c.tree;
    if depth > 4 {
        return Vec::new();
    }
    if is_passive(c, p) {
        let agents: Vec<usize> = t
            .children(p)
            .iter()
            .copied()
            .filter(|&k| is_agent_phrase(c, k))
            .collect();
        if !agents.is_empty() {
            return agents;
        }
        // "condannato all'ergastolo da un tribunale": the agent phrase attached one level
        // down by the parser.
        return t
            .children(p)
            .iter()
            .filter(|&&k| matches!(t.rel(k), "obl" | "nmod" | "obj"))
            .flat_map(|&k| t.children(k).iter().copied())
            .filter(|&g| is_agent_phrase(c, g))
            .collect();
    }
    let subj: Vec<usize> = t
        .children(p)
        .iter()
        .copied()
        .filter(|&k| matches!(t.deprel(k), "nsubj" | "nsubj:outer" | "nsubj:pass"))
        .collect();
    if !subj.is_empty() {
        return subj
            .into_iter()
            .map(|s| relative_antecedent(c, s))
            .flat_map(|s| personal_antecedent(c, p, s, depth))
            .collect();
    }
    let Some(h) = t.head(p) else {
        return Vec::new();
    };
    match t.deprel(p) {
        "xcomp" => {
            // Object control ("urged Y to attack"): the controller is the head's object.
            let objs: Vec<usize> = t.deps(h, "obj").chain(t.deps(h, "iobj")).collect();
            if !objs.is_empty() && !is_passive(c, h) {
                objs
            } else {
                subject_words(c, h, depth + 1)
            }
        }
        "conj" => subject_words(c, h, depth + 1),
        "acl:relcl" | "acl" if !is_passive(c, p) => vec![h],
        "advcl" if t.words[p].feat("VerbForm").is_some_and(|v| v != "Fin") => {
            subject_words(c, h, depth + 1)
        }
        _ => Vec::new(),
    }
}

/// The subject words of `p` by its relations, else an unlabelled subject of a root.
fn subject_or_unlabelled(c: &Clause<'_>, p: usize, depth: usize) -> Vec<usize> {
    let v = subject_words(c, p, depth);
    if v.is_empty() && !is_passive(c, p) {
        return unlabelled_subject(c, p).into_iter().collect();
    }
    v
}

/// A third-person personal pronoun subject `s` of predicate `p` naming no actor ("Russia
/// said it would send troops", "the rebels said they had attacked") stands for the subject
/// naming an actor of the nearest clause above `p`, else for the nearest actor named before
/// it in the sentence that is not a mere place; any other subject stands for itself.
fn personal_antecedent(c: &Clause<'_>, p: usize, s: usize, depth: usize) -> Vec<usize> {
    let t = &c.tree;
    let w = &t.words[s];
    let personal = t.upos(s) == Upos::Pron
        && w.feat("PronType") == Some("Prs")
        && !matches!(w.feat("Person"), Some("1" | "2"))
        && c.word_actor[s].is_none();
    if !personal {
        return vec![s];
    }
    antecedent(c, p, s, depth + 1, true)
}

/// What a third-person pronoun or possessive `s` inside the phrase or clause `p` stands
/// for: the subject naming an actor of the nearest clause above `p` (within four heads;
/// with `no_places`, a subject naming only places does not count), else the nearest actor
/// named before `s` in the sentence that is not a mere place, else `s` itself. `depth`
/// bounds the subject search.
fn antecedent(c: &Clause<'_>, p: usize, s: usize, depth: usize, no_places: bool) -> Vec<usize> {
    let t = &c.tree;
    let mut h = t.head(p);
    for _ in 0..4 {
        let Some(v) = h else { break };
        if matches!(t.upos(v), Upos::Verb | Upos::Aux) {
            let subj = subject_words(c, v, depth);
            let named = mentions(c, &subj);
            if !named.is_empty() && !(no_places && named.iter().all(|&m| c.is_locality(m))) {
                return subj;
            }
        }
        h = t.head(v);
    }
    for k in (0..s).rev() {
        if let Some(m) = c.word_actor[k] {
            if !c.is_locality(m) {
                return vec![k];
            }
        }
    }
    vec![s]
}

/// A relative pronoun (`who`, `che`) stands for the noun its clause modifies.
fn relative_antecedent(c: &Clause<'_>, w: usize) -> usize {
    let t = &c.tree;
    if t.words[w].feat("PronType") == Some("Rel") {
        // w → its clause's predicate → the noun the clause modifies.
        if let Some(pred) = t.head(w) {
            if t.rel(pred) == "acl" {
                if let Some(noun) = t.head(pred) {
                    return noun;
                }
            }
        }
        // The parser attached the relative clause elsewhere ("i cittadini greci, che
        // accusarono": a `conj`): the actor named right before the pronoun, across a comma.
        let pronoun = t.upos(w) == Upos::Pron;
        for k in (w.saturating_sub(3)..w).rev().filter(|_| pronoun) {
            if let Some(m) = c.word_actor[k] {
                if c.is_locality(m) {
                    break;
                }
                return k;
            }
            if t.upos(k) != Upos::Punct {
                break;
            }
        }
    }
    w
}

/// The object words of `p`: its `obj` (a passive's subject); the noun a relative or
/// participial clause modifies when that is its object ("the town the rebels attacked",
/// "civilians killed by the army").
fn object_words(c: &Clause<'_>, p: usize) -> Vec<usize> {
    let t = &c.tree;
    let v: Vec<usize> = if is_passive(c, p) {
        t.deps_full(p, "nsubj:pass").collect()
    } else {
        t.deps(p, "obj").collect()
    };
    if !v.is_empty() {
        return v.into_iter().map(|o| relative_antecedent(c, o)).collect();
    }
    if t.rel(p) == "acl" && is_passive(c, p) {
        return t.head(p).into_iter().collect();
    }
    // A passive participle the parser hung on the clause instead of its noun ("un'azione
    // militare nordcoreana – forse incoraggiata dal presidente russo –"): the nearest noun
    // before it that agrees with it in gender and number.
    if t.rel(p) == "advcl" && is_passive(c, p) {
        if let Some(n) = agreeing_noun_before(c, p) {
            return vec![n];
        }
    }
    if t.rel(p) == "acl"
        && t.words[p].feat("VerbForm") == Some("Part")
        && t.words[p].feat("Tense") == Some("Past")
    {
        return t.head(p).into_iter().collect();
    }
    Vec::new()
}

/// The nearest noun before participle `p` in its sentence, with no verb between, whose
/// gender and number (where both words have them) are the participle's.
fn agreeing_noun_before(c: &Clause<'_>, p: usize) -> Option<usize> {
    let t = &c.tree;
    let part = &t.words[p];
    for k in (p.saturating_sub(8)..p).rev() {
        match t.upos(k) {
            Upos::Verb | Upos::Aux => return None,
            Upos::Noun | Upos::Propn => {
                let n = &t.words[k];
                let agree = ["Gender", "Number"]
                    .iter()
                    .all(|f| match (n.feat(f), part.feat(f)) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    });
                if agree && n.feat("Number").is_some() {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// The words a possessive `k` of noun `p` stands for: itself when it names an actor
/// ("Russia's invasion"); a third-person possessive ("la sua visita", "his resignation")
/// stands for the subject of the nearest clause above the noun that has one naming an actor
/// ("Nasheed ha annunciato le sue dimissioni"), else for the nearest actor named before it
/// in the sentence that is not a mere place.
fn possessor_words(c: &Clause<'_>, p: usize, k: usize) -> Vec<usize> {
    let t = &c.tree;
    let pronoun = t.words[k].feat("Poss") == Some("Yes")
        && !matches!(t.words[k].feat("Person"), Some("1" | "2"))
        && c.word_actor[k].is_none();
    if !pronoun {
        return vec![k];
    }
    antecedent(c, p, k, 0, false)
}

/// Phrases right of noun `w` that the parser may have attached too high: the `nmod`/`obl`
/// dependents that follow `w` of its head (and of the head's head, when the head is itself
/// a phrase), and the `nmod` phrases inside them, one level down.
fn right_phrases(c: &Clause<'_>, w: usize) -> Vec<usize> {
    let t = &c.tree;
    let mut out = Vec::new();
    if !matches!(t.rel(w), "nmod" | "obl" | "obj" | "nsubj") {
        return out;
    }
    // The head, and the head's head when the head is itself a phrase (`dall'inizio
    // dell'invasione … da parte della Russia` with `da parte di` on the verb).
    let mut x = w;
    for _ in 0..2 {
        let Some(h) = t.head(x) else {
            break;
        };
        for &s in t.children(h) {
            if s <= w || !matches!(t.rel(s), "nmod" | "obl") {
                continue;
            }
            out.push(s);
            for &g in t.children(s) {
                if t.rel(g) == "nmod" {
                    out.push(g);
                }
            }
        }
        if !matches!(t.rel(h), "nmod" | "obl") {
            break;
        }
        x = h;
    }
    out
}

/// The words of one slot of `p`.
fn slot_words(c: &Clause<'_>, p: usize, slot: &Slot) -> Vec<usize> {
    let t = &c.tree;
    let f = &c.lx.frame;
    match slot {
        Slot::Subject => subject_or_unlabelled(c, p, 0),
        Slot::Object => object_words(c, p),
        Slot::Iobj => t.deps(p, "iobj").collect(),
        Slot::Poss => t
            .children(p)
            .iter()
            .copied()
            .filter(|&k| t.deprel(k) == "nmod:poss" || t.deprel(k) == "det:poss")
            .flat_map(|k| possessor_words(c, p, k))
            .collect(),
        Slot::Amod => t.deps(p, "amod").collect(),
        Slot::Of => t
            .children(p)
            .iter()
            .copied()
            .filter(|&k| matches!(t.rel(k), "nmod" | "obl") && f.of_preps.contains(&t.case_of(k)))
            .collect(),
        Slot::Prep(x) => t
            .children(p)
            .iter()
            .copied()
            .filter(|&k| {
                matches!(t.rel(k), "obl" | "nmod" | "iobj")
                    && (t.case_of(k) == *x || t.case_forms(k) == *x || split_prep(c, k, x))
            })
            .collect(),
    }
}

fn mentions(c: &Clause<'_>, words: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    for &w in words {
        c.mentions_of(w, &mut out);
    }
    out
}

/// The frame of pattern `p` on predicate word `w`.
pub fn frame(c: &Clause<'_>, p: &Pattern, w: usize) -> Frame {
    let t = &c.tree;
    let f = &c.lx.frame;
    let noun = t.upos(w) != Upos::Verb;
    let actor_slots: Vec<Slot> = if !p.actor.is_empty() {
        p.actor.clone()
    } else if noun && t.deps(w, "nsubj").next().is_some() {
        // A copular predicate ("l'amministrazione era preoccupata"): its subject first.
        std::iter::once(Slot::Subject)
            .chain(c.lx.noun_actor.iter().cloned())
            .collect()
    } else if noun {
        c.lx.noun_actor.clone()
    } else {
        vec![Slot::Subject]
    };
    let recipient_slots: Vec<Slot> = if !p.recipient.is_empty() {
        p.recipient.clone()
    } else if noun {
        c.lx.noun_recipient.clone()
    } else {
        vec![Slot::Object]
    };
    let mut fr = Frame {
        passive: !noun && is_passive(c, w),
        ..Frame::default()
    };
    // A required object or particle is part of the trigger, not the recipient.
    for k in t.children(w) {
        let l = t.lemma(*k);
        if (matches!(t.rel(*k), "obj") || t.deprel(*k) == "nsubj:pass") && p.object.contains(&l)
            || (t.deprel(*k) == "compound:prt" && p.particle.contains(&l))
        {
            fr.trigger_words.push(*k);
        }
    }
    // `between X and Y`: a reciprocal pair.
    for k in t.children(w) {
        if matches!(t.rel(*k), "nmod" | "obl") && f.between_preps.contains(&t.case_of(*k)) {
            let mut pair = Vec::new();
            c.mentions_of(*k, &mut pair);
            if pair.len() >= 2 {
                // A third party that takes the act between them is its actor ("the emir
                // launched a mediation between the Emirates and Saudi Arabia"): the pair
                // are the recipients.
                let third: Vec<usize> = Some(w)
                    .filter(|_| noun)
                    .and_then(|w| c.light_verb_of(w))
                    .filter(|&(_, x)| t.rel(x) == "obj")
                    .map(|(h, _)| mentions(c, &subject_words(c, h, 0)))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|m| !pair.contains(m))
                    .collect();
                if !third.is_empty() {
                    fr.actors = third;
                    fr.actor_via = "slot";
                    fr.recipients = pair;
                    fr.recipient_via = "pair after between";
                    return fr;
                }
                fr.actors = pair;
                fr.between = true;
                return fr;
            }
        }
    }
    for s in &actor_slots {
        let words: Vec<usize> = slot_words(c, w, s)
            .into_iter()
            .filter(|k| !fr.trigger_words.contains(k))
            .collect();
        for m in mentions(c, &words) {
            if !fr.actors.contains(&m) {
                fr.actors.push(m);
            }
        }
        if !fr.actors.is_empty() {
            break;
        }
    }
    // A noun without its own actor: the subject of the light verb it is the object of.
    if fr.actors.is_empty() && noun {
        if let Some((h, x)) = c.light_verb_of(w) {
            if matches!(t.deprel(x), "obj" | "nsubj:pass") {
                fr.actors = mentions(c, &subject_words(c, h, 0));
            }
        }
    }
    if !fr.actors.is_empty() && fr.actor_via.is_empty() {
        fr.actor_via = "slot";
    }
    // A noun whose agent phrase the parser hung on the noun above it ("l'inizio
    // dell'invasione dell'Ucraina da parte della Russia": `da parte di` under `inizio`).
    // Only under a noun, and only a preposition that cannot also say where from (Italian
    // `da` alone is "from": "dal luglio scorso").
    let under_noun = t.rel(w) == "nmod"
        && t.head(w)
            .is_some_and(|h| matches!(t.upos(h), Upos::Noun | Upos::Propn));
    // Both repairs below read the same phrases: computed once, when the first needs them.
    let mut right: Option<Vec<usize>> = None;
    if fr.actors.is_empty() && noun && under_noun {
        let agents: Vec<usize> = right
            .get_or_insert_with(|| right_phrases(c, w))
            .iter()
            .copied()
            .filter(|&k| {
                is_agent_phrase(c, k)
                    && (!f.location_preps.contains(&t.case_of(k))
                        || t.case_forms(k).contains(' ')
                        || f.agent_preps
                            .iter()
                            .any(|x| x.contains(' ') && split_prep(c, k, x)))
            })
            .collect();
        fr.actors = mentions(c, &agents);
        if !fr.actors.is_empty() {
            fr.actor_via = "agent phrase attached above";
        }
    }
    // Argument words of the recipient slots, found or not.
    let mut arg_words: Vec<usize> = Vec::new();
    for s in &recipient_slots {
        let words: Vec<usize> = slot_words(c, w, s)
            .into_iter()
            .filter(|k| !fr.trigger_words.contains(k))
            .collect();
        fr.add_recipients(c, &words);
        arg_words.extend(words);
    }
    if !fr.recipients.is_empty() {
        fr.recipient_via = "slot";
    }
    // Its `of` phrase hung on a phrase beside it ("l'invasione su vasta scala
    // dell'Ucraina": `dell'Ucraina` under `scala`).
    if fr.recipients.is_empty() && noun && !p.reciprocal && !fr.actors.is_empty() {
        let ofs: Vec<usize> = right
            .get_or_insert_with(|| right_phrases(c, w))
            .iter()
            .copied()
            .filter(|&k| matches!(t.rel(k), "nmod") && f.of_preps.contains(&t.case_of(k)))
            .filter(|&k| !is_agent_phrase(c, k))
            .collect();
        fr.add_recipients(c, &ofs);
        if !fr.recipients.is_empty() {
            fr.recipient_via = "of phrase attached beside";
        }
    }
    // A noun without its own recipient: the oblique of the light verb it is the object of
    // ("imposed sanctions on the Taliban", "ha lanciato accuse contro il governo"), by the
    // noun's recipient prepositions other than `of`/`di`.
    if fr.recipients.is_empty() && noun {
        if let Some(h) = c
            .light_verb_of(w)
            .filter(|&(_, x)| t.deprel(x) == "obj")
            .map(|(h, _)| h)
        {
            for s in &recipient_slots {
                let Slot::Prep(x) = s else {
                    continue;
                };
                if f.of_preps.contains(x) {
                    continue;
                }
                let words = slot_words(c, h, s);
                fr.add_recipients(c, &words);
                arg_words.extend(words);
            }
            if !fr.recipients.is_empty() {
                fr.recipient_via = "light verb's oblique";
            }
        }
    }
    // "opened fire to disperse the demonstrators", "ha aperto il fuoco per disperdere i
    // manifestanti": an act done to do something to someone is against that someone.
    if fr.recipients.is_empty()
        && !noun
        && p.complement != Complement::SelfCoded
        && c.lx.purpose_recipient.contains(&p.ty)
    {
        for &k in t.children(w) {
            if !(matches!(t.rel(k), "advcl" | "xcomp") && c.has_purpose_mark(k)) {
                continue;
            }
            let objs = object_words(c, k);
            fr.add_recipients(c, &objs);
            arg_words.extend(objs);
            if !fr.recipients.is_empty() {
                fr.recipient_via = "object of its purpose";
                break;
            }
        }
    }
    // "demanded that the US cancel", "urged that Iran stop": the subject of the
    // complement clause of a self-coded predicate.
    if fr.recipients.is_empty() && p.complement == Complement::SelfCoded {
        for &k in t.children(w) {
            if !matches!(t.rel(k), "ccomp" | "xcomp") {
                continue;
            }
            if fr.take_recipients(mentions(c, &clause_subjects(c, k)), "complement subject") {
                break;
            }
        }
    }
    // "ha invocato i sindacati a ritirare lo sciopero", "urged Iran to stop": object control,
    // the object of a self-coded predicate with an `xcomp` is whom it addresses.
    if fr.recipients.is_empty()
        && p.complement == Complement::SelfCoded
        && t.children(w).iter().any(|&k| t.rel(k) == "xcomp")
    {
        let objs: Vec<usize> = t.deps(w, "obj").collect();
        fr.take_recipients(mentions(c, &objs), "controlled object");
    }
    // "promised to send aid to Ukraine": the complement names the recipient.
    if fr.recipients.is_empty()
        && p.recipient_from_complement
        && p.complement == Complement::SelfCoded
    {
        for k in t.children(w) {
            if matches!(
                t.rel(*k),
                "xcomp" | "ccomp" | "advcl" | "obj" | "obl" | "nmod"
            ) {
                let mut got = Vec::new();
                for rel_kids in t.children(*k) {
                    let r = t.rel(*rel_kids);
                    if r == "obj"
                        || r == "iobj"
                        || (matches!(r, "obl" | "nmod") && !t.case_of(*rel_kids).is_empty())
                    {
                        c.mentions_of(*rel_kids, &mut got);
                    }
                }
                if fr.take_recipients(got, "complement argument") {
                    break;
                }
            }
        }
    }
    // "threatened to stop the talks if the United States goes ahead", "se il Cremlino non
    // chiuderà la base": a conditional threat is addressed to the subject of its condition.
    if fr.recipients.is_empty()
        && p.recipient_from_complement
        && p.complement == Complement::SelfCoded
        && p.ty == vedetta_model::PloverType::Threaten
    {
        fr.take_recipients(condition_subjects(c, w), "subject of the condition");
    }
    let place_type = c.lx.place_recipient.contains(&p.ty);
    let own_type = c.lx.own_country.contains(&p.ty);
    if !fr.actors.is_empty() {
        add_authority(c, p, w, &mut fr);
    }
    // The place it happens in: "demonstrated in Serbia", "fired at targets in Jericho".
    if fr.recipients.is_empty()
        && !fr.actors.is_empty()
        && (place_type || (own_type && !arg_words.is_empty()))
    {
        if let Some(m) = place_in(c, w, &arg_words) {
            if !fr.actors.contains(&m) {
                fr.recipients.push(m);
                fr.recipient_via = "place";
            }
        }
    }
    // No actor named: the state the sentence places the event in (ANNOTATION.md: an
    // unknown actor takes the country of the event location). Not for a participle used as
    // an adjective ("the occupied West Bank"): that names a state of things, not an
    // agentless event (English PLOVER dev 0.380 -> 0.383, news-it 0.338 -> 0.339).
    if fr.actors.is_empty()
        && (own_type || place_type || p.place_actor)
        && !c.tree.rel(w).starts_with("amod")
    {
        if let Some(st) = &c.place_state {
            fr.implied_actor = Some(Implied {
                code: st.clone(),
                word: w,
            });
            fr.actor_via = "place of the sentence";
            if fr.recipients.is_empty() && own_type {
                fr.implied = Some(Implied {
                    code: st.clone(),
                    word: w,
                });
                fr.recipient_via = "own country";
            }
        }
    }
    // The actor the sentence's place implies protests against an authority too.
    if fr.implied_actor.is_some() && fr.implied.is_none() {
        add_authority(c, p, w, &mut fr);
    }
    // No actor and no place: the recipient's state, for the types that only a state does.
    if fr.actors.is_empty()
        && fr.implied_actor.is_none()
        && c.lx.recipient_state_actor.contains(&p.ty)
    {
        if let Some(st) = fr.recipients.first().and_then(|&r| state_of(&c.actors[r])) {
            fr.implied_actor = Some(Implied {
                code: st.to_string(),
                word: w,
            });
            fr.actor_via = "state of the recipient";
        }
    }
    // An argument naming no actor, modified by a participle with an agent: the agent.
    // "ha respinto le richieste avanzate dai governanti della Bielorussia", "rejected the
    // plan put forward by Serbia": whose proposal it was is whom the act answers.
    if fr.recipients.is_empty() && !fr.actors.is_empty() {
        for &a in &arg_words {
            if fr.take_recipients(
                participle_agents(c, a),
                "agent of the argument's participle",
            ) {
                break;
            }
        }
    }
    // An argument naming no actor: the actor's own country.
    if fr.recipients.is_empty() && own_type {
        if let (Some(&a), Some(&arg)) = (fr.actors.first(), arg_words.first()) {
            if let Some(state) = state_of(&c.actors[a]) {
                fr.implied = Some(Implied {
                    code: state.to_string(),
                    word: arg,
                });
                fr.recipient_via = "own country";
            }
        }
    }
    fr
}

/// The mentions of the agents (`obl:agent`) of the participles (`acl`) that modify the
/// phrase headed by `w` ("le richieste avanzate dai governanti", "the plan put forward by
/// Serbia"), up to two prepositional phrases deep, nearest first.
fn participle_agents(c: &Clause<'_>, w: usize) -> Vec<usize> {
    let t = &c.tree;
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([(w, 0u8)]);
    let mut seen = 0;
    while let Some((k, hops)) = queue.pop_front() {
        seen += 1;
        if seen > 32 {
            break;
        }
        for &x in t.children(k) {
            let rel = t.rel(x);
            if rel == "acl" && t.words[x].feat("VerbForm") == Some("Part") {
                for ag in t.children(x) {
                    if t.deprel(*ag) == "obl:agent" {
                        c.mentions_of(*ag, &mut out);
                    }
                }
                continue;
            }
            if matches!(rel, "nmod" | "amod" | "det" | "case") && hops < 2 {
                queue.push_back((x, hops + u8::from(rel == "nmod")));
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// The subject mentions of the first conditional clause (`if`, `se`, `unless`) inside
/// predicate `w`'s subtree (its complement, or deeper where the parser hung it).
fn condition_subjects(c: &Clause<'_>, w: usize) -> Vec<usize> {
    let t = &c.tree;
    let marks = &c.lx.frame.conditional_marks;
    for g in t.subtree(w, &["parataxis"]) {
        let conditional = g != w
            && t.rel(g) == "advcl"
            && t.children(g)
                .iter()
                .any(|&m| t.rel(m) == "mark" && marks.contains(&t.lemma(m)));
        if conditional {
            let got = mentions(c, &clause_subjects(c, g));
            if !got.is_empty() {
                return got;
            }
        }
    }
    Vec::new()
}

/// An actor's CAMEO sector: its own, else the second triple of its code (`ITAGOV` → `GOV`);
/// empty when it has none.
pub(crate) fn sector_of<'a>(sector: Option<&'a str>, code: &'a str) -> &'a str {
    sector.or_else(|| code.get(3..6)).unwrap_or_default()
}

/// The authority a protest is against, when no recipient is named (`authority_target_types`):
/// a government, police or court mention in the predicate's clause, else in the sentence.
fn add_authority(c: &Clause<'_>, p: &Pattern, w: usize, fr: &mut Frame) {
    if fr.recipients.is_empty() && c.lx.authority_target.contains(&p.ty) {
        if let Some(m) = authority_in(c, w, &fr.actors) {
            fr.recipients.push(m);
            fr.recipient_via = "authority named";
        }
    }
}

/// The authority mention (a sector of `authority_sectors`, not a place, not an actor) that a
/// protest at `w` is against: the first in the predicate's clause, else the first in the
/// sentence.
fn authority_in(c: &Clause<'_>, w: usize, actors: &[usize]) -> Option<usize> {
    let sectors = &c.lx.frame.authority_sectors;
    let is_authority = |m: usize| {
        let a = &c.actors[m];
        let sector = sector_of(a.sector.as_deref(), a.code.as_deref().unwrap_or_default());
        !actors.contains(&m) && !c.is_place(m) && sectors.iter().any(|s| s == sector)
    };
    let clause = c.tree.subtree(w, &["parataxis"]);
    let in_clause = clause
        .iter()
        .filter_map(|&k| c.word_actor[k])
        .find(|&m| is_authority(m));
    in_clause.or_else(|| (0..c.actors.len()).find(|&m| is_authority(m)))
}

/// The first place mention in a location phrase (`in`, `at`, `near` …) of predicate `w` or
/// of one of its argument words.
fn place_in(c: &Clause<'_>, w: usize, args: &[usize]) -> Option<usize> {
    let t = &c.tree;
    let f = &c.lx.frame;
    let mut heads = vec![w];
    heads.extend_from_slice(args);
    for h in heads {
        for &k in t.children(h) {
            if !matches!(t.rel(k), "obl" | "nmod" | "advmod") {
                continue;
            }
            let case = t.case_of(k);
            if !(f.place_preps.contains(&case) || f.place_preps.contains(&t.case_forms(k))) {
                continue;
            }
            let mut got = Vec::new();
            c.mentions_of(k, &mut got);
            if let Some(&m) = got.iter().find(|&&m| c.is_place(m)) {
                return Some(m);
            }
        }
    }
    None
}

/// The byte spans of the location phrases (`location_preps` of frame.toml: `in`, `a`, `su`,
/// `near` …) of predicate `w` and of its core arguments, nearest to the predicate first:
/// where the `geo` stage looks for the event's place ("bombed targets in Kharkiv", "ha
/// manifestato a Roma", "nella regione di Donetsk").
pub(crate) fn place_phrases(c: &Clause<'_>, w: usize) -> Vec<vedetta_model::Span> {
    let t = &c.tree;
    let f = &c.lx.frame;
    let mut heads = vec![w];
    for &k in t.children(w) {
        if matches!(t.rel(k), "obj" | "obl" | "nsubj" | "iobj" | "xcomp") {
            heads.push(k);
        }
    }
    // The predicate's head, for a participle or noun modifying a clause ("attacks
    // continued in Kharkiv").
    if let Some(h) = t.head(w) {
        if matches!(t.rel(w), "xcomp" | "obj" | "nsubj" | "nsubj:pass") {
            heads.push(h);
        }
    }
    let mut out: Vec<(usize, vedetta_model::Span)> = Vec::new();
    for h in heads {
        for &k in t.children(h) {
            if !matches!(t.rel(k), "obl" | "nmod" | "advmod" | "advcl") {
                continue;
            }
            let case = t.case_of(k);
            if !(f.location_preps.contains(&case) || f.location_preps.contains(&t.case_forms(k))) {
                continue;
            }
            let words = t.subtree(k, &["parataxis", "acl", "acl:relcl", "advcl", "ccomp"]);
            let lo = words.iter().map(|&i| t.words[i].span.start).min();
            let hi = words.iter().map(|&i| t.words[i].span.end).max();
            if let (Some(lo), Some(hi)) = (lo, hi) {
                let sp = vedetta_model::Span::new(lo, hi);
                // `from`/`da`: where the event started, after every other phrase.
                let from = matches!(case.as_str(), "da" | "from");
                if !out.iter().any(|(_, s)| *s == sp) {
                    out.push((k.abs_diff(w) + if from { 1000 } else { 0 }, sp));
                }
            }
        }
    }
    out.sort_by_key(|(d, s)| (*d, s.start));
    out.into_iter().map(|(_, s)| s).collect()
}
