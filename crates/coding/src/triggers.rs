//! Sub-stage 1, triggers: the words of a parsed sentence that a pattern of the dictionary
//! matches (lemma, UPOS, required object, particle, dependents), one pattern per word.

use crate::clause::Clause;
use crate::lexicon::Pattern;

/// A word that may state an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The predicate word (index in the sentence).
    pub word: usize,
    /// The pattern (index in the language's dictionary).
    pub pattern: usize,
}

/// True when pattern `p` matches word `w` of the clause.
pub fn matches(c: &Clause<'_>, p: &Pattern, w: usize) -> bool {
    let t = &c.tree;
    if !p.pos.contains(&t.upos(w)) {
        return false;
    }
    if !p.object.is_empty()
        && !t
            .deps(w, "obj")
            .chain(t.deps_full(w, "nsubj:pass"))
            .any(|o| p.object.contains(&t.lemma(o)))
    {
        return false;
    }
    if !p.particle.is_empty()
        && !t
            .children(w)
            .iter()
            .any(|&k| t.deprel(k) == "compound:prt" && p.particle.contains(&t.lemma(k)))
    {
        return false;
    }
    if !p.not_in.is_empty() && {
        let case = t.case_of(w);
        p.not_in.contains(&case) || p.not_in.contains(&t.case_forms(w))
    } {
        return false;
    }
    if p.needs_clause
        && !t
            .children(w)
            .iter()
            .any(|&k| matches!(t.rel(k), "xcomp" | "ccomp" | "advcl"))
    {
        return false;
    }
    // The subject of the light verb an event noun is the object of counts as the noun's
    // dependent ("la Cassazione ha confermato la condanna": a court's sentence).
    let light_subject = light_subject(c, w);
    let subject_has = |lemmas: &[String]| {
        light_subject.is_some_and(|s| lemmas.contains(&t.lemma(s)) || t.has_dep_lemma(s, lemmas))
    };
    if !p.with.is_empty() && !t.has_arg_lemma(w, &p.with) && !subject_has(&p.with) {
        return false;
    }
    if !p.without.is_empty() && (t.has_dep_lemma(w, &p.without) || subject_has(&p.without)) {
        return false;
    }
    true
}

/// The subject of the light verb whose object noun `w` is (`frame.toml`: `light_verbs`).
fn light_subject(c: &Clause<'_>, w: usize) -> Option<usize> {
    let t = &c.tree;
    if t.upos(w) == vedetta_model::Upos::Verb {
        return None;
    }
    let (h, x) = c.light_verb_of(w)?;
    if t.rel(x) != "obj" {
        return None;
    }
    t.deps(h, "nsubj").next()
}

/// The patterns of `lemma` once an ending the lemmatiser gets wrong is put right
/// (`lemma_repairs` in `frame.toml`).
fn repaired<'c>(c: &'c Clause<'_>, lemma: &str) -> Option<&'c Vec<usize>> {
    c.lx.frame.lemma_repairs.iter().find_map(|(bad, good)| {
        let stem = lemma.strip_suffix(bad.as_str())?;
        c.lx.by_lemma.get(&format!("{stem}{good}"))
    })
}

/// The candidates of a clause in word order (words of actor mentions are not candidates):
/// for each word, the first matching pattern of
/// its lemma (patterns with constraints before plain ones); a word whose lemma has no
/// pattern is looked up by its token's stem (`by_stem`), so a wrong lemma ("shelled" →
/// "shel") does not hide a trigger, in the languages whose `frame.toml` sets
/// `stem_fallback`.
pub fn find(c: &Clause<'_>, by_stem: &rustc_hash::FxHashMap<String, Vec<usize>>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for w in 0..c.tree.len() {
        // A word of an actor mention names who acts, not what is done ("i ribelli",
        // "the protesters").
        if c.word_actor[w].is_some() {
            continue;
        }
        let lemma = c.tree.lemma(w);
        let word = &c.tree.words[w];
        let list =
            c.lx.by_lemma
                .get(&lemma)
                .or_else(|| repaired(c, &lemma))
                .or_else(|| {
                    if word.multiword || !c.lx.frame.stem_fallback {
                        return None;
                    }
                    let tok = c.an.tokens.get(word.token)?;
                    by_stem.get(&tok.stem)
                });
        let Some(list) = list else {
            continue;
        };
        if let Some(&p) = list.iter().find(|&&p| matches(c, &c.lx.patterns[p], w)) {
            out.push(Candidate {
                word: w,
                pattern: p,
            });
        }
    }
    out
}
