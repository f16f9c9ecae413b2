//! Features of an event proposal (a candidate trigger with its frame, verdict and the event
//! it would give) for the learned classifier ([`crate::learned`]).
//!
//! Names are `key=value` strings, so `vedetta explain` can show which weighed most. Lexical
//! features (lemma, neighbours) are language-specific; the rest (the rules' verdict, types,
//! relations, how arguments were found, their kinds and sectors) mean the same in every
//! language.

use crate::arbitration::Verdict;
use crate::clause::Clause;
use crate::frames::Frame;
use crate::triggers::Candidate;
use vedetta_model::Event;

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Coded => "coded",
        Verdict::PartOfTrigger => "part",
        Verdict::InComplementOf(_) => "complement",
        Verdict::Background => "background",
        Verdict::PurposeOf(_) => "purpose",
        Verdict::NoActor => "noactor",
        Verdict::NoRecipient => "norecipient",
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        _ => "5+",
    }
}

/// What an argument is: a state (`state`), a sector of one (`GOV`, `MIL`…), or a non-state
/// code's kind.
fn arg_kind(code: &str) -> String {
    match code.len() {
        0 => "none".into(),
        1..=3 => "state".into(),
        _ => code.get(3..6).unwrap_or("?").to_string(),
    }
}

/// The features of proposal `i` of a sentence (`cands` and `verdicts` are all of the
/// sentence's, `ev` the event proposal `i` would give).
pub fn features(
    c: &Clause<'_>,
    cands: &[(Candidate, Frame)],
    verdicts: &[Verdict],
    i: usize,
    ev: &Event,
) -> Vec<String> {
    let (k, f) = &cands[i];
    let v = verdicts[i];
    let t = &c.tree;
    let p = &c.lx.patterns[k.pattern];
    let w = k.word;
    let ty = p.ty.as_str();
    let vn = verdict_name(v);
    let lemma = t.lemma(w);
    let rel = t.rel(w).to_string();
    let upos = format!("{:?}", t.upos(w));
    let mut out: Vec<String> = Vec::with_capacity(64);
    let mut add = |s: String| out.push(s);
    add("bias".into());
    add(format!("v={vn}"));
    add(format!("t={ty}"));
    add(format!("t={ty}|v={vn}"));
    add(format!("p={}", p.id));
    add(format!("p={}|v={vn}", p.id));
    add(format!("l={lemma}"));
    add(format!("l={lemma}|t={ty}"));
    add(format!("u={upos}"));
    add(format!("u={upos}|t={ty}"));
    add(format!("r={rel}"));
    add(format!("r={rel}|t={ty}"));
    add(format!("r={rel}|v={vn}"));
    add(format!("r={rel}|u={upos}"));
    match t.head(w) {
        Some(h) => {
            add(format!("hr={}", t.rel(h)));
            add(format!("hl={}", t.lemma(h)));
            add(format!("hu={:?}", t.upos(h)));
            add(format!("hu={:?}|r={rel}", t.upos(h)));
            add(format!("hl={}|t={ty}", t.lemma(h)));
        }
        None => add("hr=none".into()),
    }
    // depth in the tree
    let mut depth = 0;
    let mut x = w;
    while let Some(h) = t.head(x) {
        depth += 1;
        x = h;
        if depth > t.len() {
            break;
        }
    }
    add(format!("depth={}", bucket(depth)));
    add(format!("depth={}|t={ty}", bucket(depth)));
    // dependents' relations and mode cues
    for &d in t.children(w) {
        let r = t.rel(d);
        if matches!(r, "advmod" | "aux" | "mark" | "neg" | "cop" | "expl") {
            add(format!("dep={r}:{}", t.lemma(d)));
        } else if !matches!(r, "punct") {
            add(format!("dep={r}"));
        }
    }
    if let Some(m) = t.words[w].feat("Mood") {
        add(format!("mood={m}"));
    }
    if let Some(m) = t.words[w].feat("Tense") {
        add(format!("tense={m}"));
    }
    if let Some(m) = t.words[w].feat("VerbForm") {
        add(format!("vform={m}"));
    }
    // neighbours
    let nb = |j: Option<usize>| j.map(|j| t.lemma(j)).unwrap_or_else(|| "<s>".into());
    add(format!("l-1={}", nb(w.checked_sub(1))));
    add(format!("l+1={}", nb(Some(w + 1).filter(|&j| j < t.len()))));
    // arguments
    add(format!("av={}", f.actor_via));
    add(format!("av={}|t={ty}", f.actor_via));
    add(format!("rv={}", f.recipient_via));
    add(format!("rv={}|t={ty}", f.recipient_via));
    add(format!("na={}", bucket(ev.actor.len())));
    add(format!("nr={}", bucket(ev.recipient.len())));
    add(format!("nr={}|t={ty}", bucket(ev.recipient.len())));
    if f.implied_actor.is_some() && f.actors.is_empty() {
        add(format!("implied_actor|t={ty}"));
    }
    if f.implied.is_some() {
        add(format!("implied_recipient|t={ty}"));
    }
    if f.passive {
        add(format!("passive|t={ty}"));
    }
    if p.needs_recipient {
        add("needs_recipient".into());
    }
    for a in &ev.actor {
        let kd = arg_kind(&a.code);
        add(format!("ak={kd}"));
        add(format!("ak={kd}|t={ty}"));
    }
    for r in &ev.recipient {
        let kd = arg_kind(&r.code);
        add(format!("rk={kd}"));
        add(format!("rk={kd}|t={ty}"));
    }
    let country = |code: &str| code.get(..3).unwrap_or(code).to_string();
    let same = ev.actor.iter().any(|a| {
        ev.recipient
            .iter()
            .any(|r| country(&a.code) == country(&r.code))
    });
    if same {
        add(format!("same_country|t={ty}"));
    }
    if ev.aux.is_some() || ev.aux_cue.is_some() {
        let a = ev.aux.map(|a| a.label()).unwrap_or("none");
        add(format!("aux={a}"));
        add(format!("aux={a}|t={ty}"));
    }
    if !ev.attribution.is_empty() {
        add(format!("attributed|t={ty}"));
    }
    // the rest of the sentence's candidates
    let coded = verdicts.iter().filter(|x| **x == Verdict::Coded).count();
    add(format!("ncand={}", bucket(cands.len())));
    add(format!("ncoded={}", bucket(coded)));
    let first_coded = verdicts.iter().position(|x| *x == Verdict::Coded) == Some(i);
    if first_coded {
        add("first_coded".into());
    }
    let same_word = cands
        .iter()
        .enumerate()
        .filter(|(j, (kk, _))| *j != i && kk.word == w)
        .count();
    if same_word > 0 {
        add(format!("rivals={}", bucket(same_word)));
    }
    if let Verdict::InComplementOf(g) = v {
        if let Some((gk, _)) = cands.iter().find(|(kk, _)| kk.word == g) {
            add(format!(
                "governor_type={}|t={ty}",
                c.lx.patterns[gk.pattern].ty.as_str()
            ));
        }
    }
    out
}
