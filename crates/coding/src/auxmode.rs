//! Sub-stage 4, aux: PLOVER's auxiliary mode of an event from the parse, ranked negation >
//! hypothetical > future (historical comes from the date, in enrichment).
//!
//! - **negation**: a negator (`not`, `n't`, `never`, `non`, `mai`, `no`, `nessun`) as
//!   `advmod`/`det` of the predicate, `Polarity=Neg` on one of its dependents, or a negative
//!   governor (`failed to`);
//! - **hypothetical**: a modal auxiliary (`could`, `may`, `potere`, `dovere`), the
//!   conditional mood (`Mood=Cnd`) except the Italian reportive conditional perfect
//!   (`avrebbe alzato`: reported fact), a hypothetical governor (`consider`, `propose`), a
//!   word of possibility modifying it (`possible`, `forse`), or a conditional clause (`if`);
//! - **future**: a future auxiliary (`will`), `Tense=Fut`, a future governor (`plan to`,
//!   `in preparazione`), or a word of the future modifying it (`upcoming`, `prossimo`).

use crate::clause::Clause;
use vedetta_model::Aux;

/// The aux mode of predicate `w` and the words that set it.
pub fn aux_of(c: &Clause<'_>, w: usize) -> Option<(Aux, String)> {
    let t = &c.tree;
    let f = &c.lx.frame;
    let form = |k: usize| t.words[k].form.clone();
    let kids = t.children(w);
    // Negation.
    for &k in kids {
        let l = t.lemma(k);
        if (matches!(t.rel(k), "advmod" | "det" | "aux" | "cc") && f.negators.contains(&l))
            || (t.rel(k) == "advmod" && t.words[k].feat("Polarity") == Some("Neg"))
        {
            return Some((Aux::Negation, form(k)));
        }
    }
    // Governors up the chain of complements (at most two steps).
    // (governor, reached through xcomp: it then lends its auxiliaries too)
    let mut chain: Vec<(usize, bool)> = Vec::new();
    let mut k = w;
    for _ in 0..2 {
        let Some(h) = t.head(k) else { break };
        if !matches!(t.rel(k), "xcomp" | "ccomp" | "nsubj" | "obj" | "csubj") {
            break;
        }
        chain.push((h, t.rel(k) == "xcomp"));
        k = h;
    }
    let governors: Vec<usize> = chain.iter().map(|g| g.0).collect();
    let controllers: Vec<usize> = chain.iter().filter(|g| g.1).map(|g| g.0).collect();
    for &g in &governors {
        if f.negative_governors.contains(&t.lemma(g)) {
            return Some((Aux::Negation, form(g)));
        }
    }
    for &g in &controllers {
        // "did not try to attack": the controller's negation.
        if t.children(g)
            .iter()
            .any(|&k| t.rel(k) == "advmod" && f.negators.contains(&t.lemma(k)))
        {
            return Some((Aux::Negation, form(g)));
        }
    }
    // Hypothetical.
    let reportive = f.reportive_conditional
        && t.words[w].feat("VerbForm") == Some("Part")
        && kids
            .iter()
            .any(|&k| t.rel(k) == "aux" && t.words[k].feat("Mood") == Some("Cnd"));
    for &k in kids {
        let l = t.lemma(k);
        if t.rel(k) == "aux" && f.hypothetical_aux.contains(&l) {
            return Some((Aux::Hypothetical, form(k)));
        }
        if matches!(t.rel(k), "advmod" | "amod") && f.hypothetical_words.contains(&l) {
            return Some((Aux::Hypothetical, form(k)));
        }
        if t.rel(k) == "mark" && f.conditional_marks.contains(&l) && t.rel(w) == "advcl" {
            return Some((Aux::Hypothetical, form(k)));
        }
    }
    if !reportive {
        if t.words[w].feat("Mood") == Some("Cnd") {
            return Some((Aux::Hypothetical, form(w)));
        }
        for &k in kids {
            if t.rel(k) == "aux" && t.words[k].feat("Mood") == Some("Cnd") {
                return Some((Aux::Hypothetical, form(k)));
            }
        }
    }
    for &g in &governors {
        let l = t.lemma(g);
        if f.hypothetical_governors.contains(&l) || f.hypothetical_words.contains(&l) {
            return Some((Aux::Hypothetical, form(g)));
        }
    }
    for &g in &controllers {
        for &k in t.children(g) {
            if t.rel(k) == "aux" && f.hypothetical_aux.contains(&t.lemma(k)) {
                return Some((Aux::Hypothetical, form(k)));
            }
        }
    }
    // Future.
    for &k in kids {
        let l = t.lemma(k);
        if t.rel(k) == "aux"
            && (f.future_aux.contains(&l) || t.words[k].feat("Tense") == Some("Fut"))
        {
            return Some((Aux::Future, form(k)));
        }
        if matches!(t.rel(k), "amod" | "advmod" | "nmod") && f.future_words.contains(&l) {
            return Some((Aux::Future, form(k)));
        }
    }
    if t.words[w].feat("Tense") == Some("Fut") {
        return Some((Aux::Future, form(w)));
    }
    for &g in &governors {
        if f.future_governors.contains(&t.lemma(g)) {
            return Some((Aux::Future, form(g)));
        }
    }
    for &g in &controllers {
        for &k in t.children(g) {
            if t.rel(k) == "aux"
                && (f.future_aux.contains(&t.lemma(k)) || t.words[k].feat("Tense") == Some("Fut"))
            {
                return Some((Aux::Future, form(k)));
            }
        }
    }
    None
}

/// True when predicate `w` has a clause of negative condition (`unless`, `a meno che`: the
/// frame's `threat_condition_marks`, a multiword mark read with its `fixed` words). The
/// clause may hang on the reporting verb `w` is the complement of ("said it would close
/// the strait unless…"), and a mark the parser split into words may head it ("a meno che":
/// `meno` with case `a` over a clause marked `che`).
///
/// Returns the predicate of the condition clause.
pub fn threat_condition(c: &Clause<'_>, w: usize) -> Option<usize> {
    let t = &c.tree;
    let f = &c.lx.frame;
    let marks = &f.threat_condition_marks;
    if marks.is_empty() {
        return None;
    }
    let mark_of = |k: usize| -> Vec<String> {
        t.deps(k, "mark")
            .map(|m| {
                let mut words = vec![t.lemma(m)];
                words.extend(t.deps(m, "fixed").map(|f| t.lemma(f)));
                words.join(" ")
            })
            .collect()
    };
    let mut nodes = vec![w];
    if matches!(t.rel(w), "ccomp" | "xcomp") {
        nodes.extend(t.head(w));
    }
    for &n in &nodes {
        for &k in t.children(n) {
            if t.rel(k) == "advcl" {
                let ms = mark_of(k);
                if ms.iter().any(|m| marks.contains(m)) {
                    return Some(k);
                }
                // "if Iraq does not comply", "se gli Stati Uniti non revocheranno le
                // sanzioni": a conditional clause that is negated.
                if ms.iter().any(|m| f.conditional_marks.contains(m))
                    && t.children(k)
                        .iter()
                        .any(|&x| t.rel(x) == "advmod" && f.negators.contains(&t.lemma(x)))
                {
                    return Some(k);
                }
            }
            // A split mark: "a meno che" as `a` (case) + `meno` + a clause marked `che`.
            let head = format!("{} {}", t.case_of(k), t.lemma(k));
            for &q in t.children(k) {
                if matches!(t.rel(q), "ccomp" | "advcl" | "acl")
                    && mark_of(q)
                        .iter()
                        .any(|m| marks.contains(&format!("{} {m}", head.trim())))
                {
                    return Some(q);
                }
            }
        }
    }
    None
}
