//! Sub-stage 3, arbitration: which candidates are events.
//!
//! - a predicate PLOVER codes in place of its complement (`complement = "self"`: agree,
//!   promise, refuse, threaten, call on, accuse…) swallows the candidates of its complement
//!   ("refused to deploy troops" is REJECT, not also MOBILIZE; "accused X of attacking" is
//!   ACCUSE only);
//! - background is not a new event: temporal clauses (`after`, `dopo che`) and nouns after
//!   a background preposition; relative and participial clauses are coded
//!   ("after days of fighting");
//! - a noun that is the required object of a verb pattern belongs to it ("reached an
//!   agreement" is one AGREE);
//! - every event needs an actor (and a recipient when its pattern says so).

use crate::clause::Clause;
use crate::frames::Frame;
use crate::lexicon::Complement;
use crate::triggers::Candidate;
use vedetta_model::Upos;

/// Relations a complement is reached through (not `conj`, `parataxis`: those are events of
/// their own).
const COMPLEMENT_RELS: &[&str] = &[
    "xcomp", "ccomp", "advcl", "acl", "obj", "obl", "nmod", "iobj", "csubj", "nsubj", "mark",
    "case", "det", "amod", "compound", "appos", "flat", "fixed", "nummod", "aux", "cop", "advmod",
    "expl",
];

/// True when `cand` lies in the complement of the self-coded predicate `g`.
fn in_complement(c: &Clause<'_>, g: usize, cand: usize) -> bool {
    match c.tree.path_up(g, cand) {
        Some(rels) => !rels.is_empty() && rels.iter().all(|r| COMPLEMENT_RELS.contains(r)),
        None => false,
    }
}

/// True when word `w` is background: on its way up to the root it passes a temporal clause
/// (`after`, `dopo che`), or it is a noun after a background preposition. Relative and
/// participial clauses are not background: the gold codes what they state ("missiles
/// launched by Russia", "the town the rebels attacked").
pub fn is_background(c: &Clause<'_>, w: usize) -> bool {
    let t = &c.tree;
    let f = &c.lx.frame;
    if matches!(t.rel(w), "obl" | "nmod") && f.background_preps.contains(&t.case_of(w)) {
        return true;
    }
    let mut k = w;
    let mut steps = 0;
    while let Some(h) = t.head(k) {
        if t.rel(k) == "advcl"
            && t.deps(k, "mark")
                .any(|m| f.temporal_marks.contains(&t.lemma(m)))
        {
            return true;
        }
        k = h;
        steps += 1;
        if steps > t.len() {
            break;
        }
    }
    false
}

/// What arbitration decided about one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict", content = "word")]
pub enum Verdict {
    /// An event.
    Coded,
    /// The required object of another candidate's pattern (one event with it).
    PartOfTrigger,
    /// In the complement of a self-coded predicate (the word index of that predicate).
    InComplementOf(usize),
    /// Background: a temporal clause or a noun after a background preposition.
    Background,
    /// The purpose of another candidate's act, part of that event (the word index of that
    /// act): "demonstrated to demand reforms" is one protest.
    PurposeOf(usize),
    /// No actor was found.
    NoActor,
    /// The pattern needs a recipient and none was found.
    NoRecipient,
}

impl Verdict {
    /// Why, in words.
    pub fn describe(self) -> String {
        match self {
            Verdict::Coded => "coded".into(),
            Verdict::PartOfTrigger => "part of another trigger (its required object)".into(),
            Verdict::InComplementOf(w) => {
                format!("in the complement of word {}, coded in its place", w + 1)
            }
            Verdict::Background => "background (temporal clause or background preposition)".into(),
            Verdict::PurposeOf(w) => format!("the purpose of word {}, part of its event", w + 1),
            Verdict::NoActor => "no actor found".into(),
            Verdict::NoRecipient => "the pattern needs a recipient; none found".into(),
        }
    }
}

/// The verdict on each candidate, in the order given.
pub fn verdicts(c: &Clause<'_>, cands: &[(Candidate, Frame)]) -> Vec<Verdict> {
    let pats = &c.lx.patterns;
    let selfs: Vec<usize> = cands
        .iter()
        .filter(|(k, _)| pats[k.pattern].complement == Complement::SelfCoded)
        .map(|(k, _)| k.word)
        .collect();
    // Nouns that are the required object of a verb candidate, or the object its pattern
    // asks for (`with`): "ha accolto le richieste dei ribelli" is one concession, not a
    // request as well. Not under a light verb, whose noun is the event ("ha espresso
    // solidarietà alla Turchia").
    let t = &c.tree;
    let consumed: Vec<usize> = cands
        .iter()
        .flat_map(|(k, f)| {
            let light = c.is_light_verb(k.word);
            let with: &[String] = if light { &[] } else { &pats[k.pattern].with };
            f.trigger_words
                .iter()
                .copied()
                .chain(t.children(k.word).iter().copied().filter(move |&o| {
                    (t.rel(o) == "obj" || t.deprel(o) == "nsubj:pass") && with.contains(&t.lemma(o))
                }))
        })
        .collect();
    cands
        .iter()
        .map(|(k, f)| {
            let p = &pats[k.pattern];
            if consumed.contains(&k.word) {
                return Verdict::PartOfTrigger;
            }
            if let Some(&g) = selfs
                .iter()
                .find(|&&g| g != k.word && in_complement(c, g, k.word))
            {
                return Verdict::InComplementOf(g);
            }
            if is_background(c, k.word) {
                return Verdict::Background;
            }
            if c.lx.purpose_part.contains(&p.ty) {
                let act = purpose_head(c, k.word).and_then(|h| {
                    cands.iter().find(|(g, _)| {
                        // The act itself, or the event noun of the light verb that has
                        // the purpose ("staged demonstrations to demand").
                        let of_light = c.is_light_verb(h)
                            && t.head(g.word) == Some(h)
                            && t.rel(g.word) == "obj";
                        (g.word == h || of_light) && c.lx.purpose_act.contains(&pats[g.pattern].ty)
                    })
                });
                if let Some((g, _)) = act {
                    return Verdict::PurposeOf(g.word);
                }
            }
            if f.actors.is_empty() && f.implied_actor.is_none() {
                return Verdict::NoActor;
            }
            if p.needs_recipient
                && f.recipients.is_empty()
                && f.implied.is_none()
                && !(p.reciprocal && acting_together(c, f))
            {
                return Verdict::NoRecipient;
            }
            Verdict::Coded
        })
        .collect()
}

/// The word whose purpose clause holds `w`: `w` itself or the verb whose object it is
/// ("to press their demands") is an infinitive opened by a purpose mark (`to`, `per`)
/// that modifies that word.
fn purpose_head(c: &Clause<'_>, w: usize) -> Option<usize> {
    let t = &c.tree;
    let v = if t.upos(w) == Upos::Verb {
        w
    } else if t.rel(w) == "obj" {
        t.head(w)?
    } else {
        return None;
    };
    if matches!(t.rel(v), "advcl" | "xcomp" | "acl") && c.has_purpose_mark(v) {
        t.head(v)
    } else {
        None
    }
}

/// Two or more actors of different codes on a reciprocal pattern act together ("the United
/// States and Jordan have agreed upon a pact"): the event needs no recipient (PLOVER codes
/// "X and Y agreed" as reciprocal).
fn acting_together(c: &Clause<'_>, f: &Frame) -> bool {
    let mut codes: Vec<&str> = f
        .actors
        .iter()
        .filter_map(|&a| c.actors.get(a).and_then(|m| m.code.as_deref()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes.len() >= 2
}

/// The candidates that are events, with their frames, in word order.
pub fn select(c: &Clause<'_>, cands: Vec<(Candidate, Frame)>) -> Vec<(Candidate, Frame)> {
    let v = verdicts(c, &cands);
    cands
        .into_iter()
        .zip(v)
        .filter(|(_, v)| *v == Verdict::Coded)
        .map(|(x, _)| x)
        .collect()
}
