//! A sentence's dependency tree with the queries the frame finder asks of it: dependents by
//! relation, the preposition of an `obl`/`nmod`, passives, subtrees, governors.

use vedetta_model::{SentenceSyntax, Upos, Word};

/// One sentence's tree (word indices are 0-based here).
pub struct Tree<'a> {
    /// The words.
    pub words: &'a [Word],
    /// Head of each word (`None` for the root).
    heads: Vec<Option<usize>>,
    /// Dependents of each word, in order.
    children: Vec<Vec<usize>>,
    /// Relations repaired where the parse contradicts itself (see [`Tree::new`]).
    relabel: Vec<Option<&'static str>>,
}

impl<'a> Tree<'a> {
    /// The tree of a parsed sentence.
    pub fn new(s: &'a SentenceSyntax) -> Tree<'a> {
        let n = s.words.len();
        let heads: Vec<Option<usize>> = s
            .words
            .iter()
            .map(|w| (w.head as usize).checked_sub(1).filter(|&h| h < n))
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = h {
                children[*h].push(i);
            }
        }
        // A passive subject after an active clause's verb, beside an active subject and with
        // no passive auxiliary ("il ministro ha incontrato il presidente" with `presidente`
        // read as `nsubj:pass`), is the object.
        let relabel = (0..n)
            .map(|i| {
                let h = heads[i]?;
                let kids = &children[h];
                (s.words[i].deprel == "nsubj:pass"
                    && i > h
                    && kids.iter().any(|&k| s.words[k].deprel == "nsubj")
                    && !kids
                        .iter()
                        .any(|&k| matches!(s.words[k].deprel.as_str(), "aux:pass" | "expl:pass")))
                .then_some("obj")
            })
            .collect();
        Tree {
            words: &s.words,
            heads,
            children,
            relabel,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The head of word `i`.
    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads[i]
    }

    /// The dependents of word `i`.
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// The relation of word `i` without its subtype (`obl:agent` → `obl`).
    pub fn rel(&self, i: usize) -> &str {
        self.relabel[i].unwrap_or_else(|| self.words[i].relation())
    }

    /// The full relation of word `i`.
    pub fn deprel(&self, i: usize) -> &str {
        self.relabel[i].unwrap_or(&self.words[i].deprel)
    }

    /// Lemma of word `i`, lowercase.
    pub fn lemma(&self, i: usize) -> String {
        self.words[i].lemma.to_lowercase()
    }

    /// The dependents of `i` whose relation (without subtype) is `rel`.
    pub fn deps<'b>(&'b self, i: usize, rel: &'b str) -> impl Iterator<Item = usize> + 'b {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| self.rel(c) == rel)
    }

    /// The dependents of `i` whose full relation is `deprel` (`nsubj:pass`).
    pub fn deps_full<'b>(&'b self, i: usize, deprel: &'b str) -> impl Iterator<Item = usize> + 'b {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| self.deprel(c) == deprel)
    }

    /// The preposition of an `obl`/`nmod` word: its `case` dependents with their `fixed`
    /// words, lowercase lemmas joined by spaces (`against`, `da parte di`); empty when none.
    pub fn case_of(&self, i: usize) -> String {
        let mut parts = Vec::new();
        for c in self.deps(i, "case") {
            parts.push(self.lemma(c));
            for f in self.deps(c, "fixed") {
                parts.push(self.lemma(f));
            }
        }
        parts.join(" ")
    }

    /// The surface form of the case words of `i` (`della` for `di la`), lowercase.
    pub fn case_forms(&self, i: usize) -> String {
        let mut parts = Vec::new();
        for c in self.deps(i, "case") {
            parts.push(self.words[c].form.to_lowercase());
            for f in self.deps(c, "fixed") {
                parts.push(self.words[f].form.to_lowercase());
            }
        }
        parts.join(" ")
    }

    /// True when `i` is a passive predicate: a passive subject or auxiliary; or
    /// `Voice=Pass` without an active subject (a reduced participle, "troops deployed in").
    pub fn is_passive(&self, i: usize) -> bool {
        let kids = &self.children[i];
        kids.iter().any(|&c| {
            matches!(
                self.deprel(c),
                "nsubj:pass" | "aux:pass" | "csubj:pass" | "expl:pass"
            )
        }) || (self.words[i].feat("Voice") == Some("Pass")
            && !kids.iter().any(|&c| self.deprel(c) == "nsubj"))
    }

    /// The words of the subtree of `i` (itself included), not entering dependents whose
    /// relation is in `stop`.
    pub fn subtree(&self, i: usize, stop: &[&str]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        while let Some(k) = stack.pop() {
            out.push(k);
            for &c in &self.children[k] {
                if !stop.contains(&self.rel(c)) && !stop.contains(&self.deprel(c)) {
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// True when `a` governs `b` (is an ancestor of it).
    pub fn governs(&self, a: usize, b: usize) -> bool {
        let mut k = self.heads[b];
        let mut steps = 0;
        while let Some(h) = k {
            if h == a {
                return true;
            }
            steps += 1;
            if steps > self.words.len() {
                return false;
            }
            k = self.heads[h];
        }
        false
    }

    /// The relations on the path from `b` up to its ancestor `a` (`b`'s own first), or
    /// `None` when `a` does not govern `b`.
    pub fn path_up(&self, a: usize, b: usize) -> Option<Vec<&str>> {
        let mut rels = Vec::new();
        let mut k = b;
        let mut steps = 0;
        while k != a {
            rels.push(self.rel(k));
            k = self.heads[k]?;
            steps += 1;
            if steps > self.words.len() {
                return None;
            }
        }
        Some(rels)
    }

    /// UPOS of word `i`.
    pub fn upos(&self, i: usize) -> Upos {
        self.words[i].upos
    }

    /// True when some dependent of `i` has one of `lemmas`.
    pub fn has_dep_lemma(&self, i: usize, lemmas: &[String]) -> bool {
        self.children[i]
            .iter()
            .any(|&c| lemmas.contains(&self.lemma(c)))
    }

    /// True when a dependent of `i`, or a noun modifier of one of its arguments, has one of
    /// `lemmas`:
    /// - "sent a large quantity of military aid": `aid` under the object `quantity`;
    /// - "ha inviato più di un milione di proiettili": `proiettile` under `milione` under
    ///   `più` (a quantity hangs from an adverb, the noun two modifiers down);
    /// - "i missili lanciati dalla Russia": a participle modifying a noun (`acl`) has that
    ///   noun as its object, and its modifiers ("missili balistici" with `missili` read as
    ///   an adjective).
    pub fn has_arg_lemma(&self, i: usize, lemmas: &[String]) -> bool {
        let has = |k: usize| lemmas.contains(&self.lemma(k));
        let modifier = |k: usize| matches!(self.rel(k), "nmod" | "compound");
        if self.has_dep_lemma(i, lemmas) {
            return true;
        }
        for &c in &self.children[i] {
            if !matches!(self.rel(c), "obj" | "obl" | "advmod") {
                continue;
            }
            for &g in &self.children[c] {
                let first = modifier(g) || (self.rel(c) == "advmod" && self.rel(g) == "obl");
                if !first {
                    continue;
                }
                if has(g) || self.children[g].iter().any(|&x| modifier(x) && has(x)) {
                    return true;
                }
            }
        }
        if self.rel(i) == "acl" && self.words[i].feat("VerbForm") == Some("Part") {
            if let Some(h) = self.head(i) {
                return has(h)
                    || self.children[h]
                        .iter()
                        .any(|&k| matches!(self.rel(k), "amod" | "nmod" | "compound") && has(k));
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vedetta_model::Span;

    fn w(form: &str, lemma: &str, upos: Upos, head: u32, deprel: &str) -> Word {
        Word {
            span: Span::new(0, 0),
            token: 0,
            form: form.into(),
            lemma: lemma.into(),
            upos,
            feats: "_".into(),
            head,
            deprel: deprel.into(),
            multiword: false,
        }
    }

    #[test]
    fn relations_cases_and_passives() {
        // "Soldiers were killed by rebels in the north"
        let s = SentenceSyntax {
            sentence: 0,
            words: vec![
                w("Soldiers", "soldier", Upos::Noun, 3, "nsubj:pass"),
                w("were", "be", Upos::Aux, 3, "aux:pass"),
                w("killed", "kill", Upos::Verb, 0, "root"),
                w("by", "by", Upos::Adp, 5, "case"),
                w("rebels", "rebel", Upos::Noun, 3, "obl:agent"),
                w("in", "in", Upos::Adp, 8, "case"),
                w("the", "the", Upos::Det, 8, "det"),
                w("north", "north", Upos::Noun, 3, "obl"),
            ],
        };
        let t = Tree::new(&s);
        assert!(t.is_passive(2));
        assert_eq!(t.deps_full(2, "nsubj:pass").collect::<Vec<_>>(), [0]);
        assert_eq!(t.deps(2, "obl").collect::<Vec<_>>(), [4, 7]);
        assert_eq!(t.case_of(4), "by");
        assert_eq!(t.subtree(7, &[]), [5, 6, 7]);
        assert!(t.governs(2, 6) && !t.governs(4, 6));
        assert_eq!(t.path_up(2, 6).unwrap(), ["det", "obl"]);
    }

    #[test]
    fn argument_lemmas_reach_through_quantities_and_participles() {
        // "ha inviato a Mosca più di un milione di proiettili"
        let s = SentenceSyntax {
            sentence: 0,
            words: vec![
                w("ha", "avere", Upos::Aux, 2, "aux"),
                w("inviato", "inviare", Upos::Verb, 0, "root"),
                w("a", "a", Upos::Adp, 4, "case"),
                w("Mosca", "Mosca", Upos::Propn, 2, "obl"),
                w("più", "più", Upos::Adv, 2, "advmod"),
                w("di", "di", Upos::Adp, 8, "case"),
                w("un", "uno", Upos::Det, 8, "det"),
                w("milione", "milione", Upos::Noun, 5, "obl"),
                w("di", "di", Upos::Adp, 10, "case"),
                w("proiettili", "proiettile", Upos::Noun, 8, "nmod"),
            ],
        };
        let t = Tree::new(&s);
        let l = |x: &str| vec![x.to_string()];
        assert!(t.has_arg_lemma(1, &l("proiettile")));
        assert!(!t.has_dep_lemma(1, &l("proiettile")));
        assert!(!t.has_arg_lemma(1, &l("cannone")));
        // "missili lanciati dalla Russia": the participle's noun is its object.
        let mut part = w("lanciati", "lanciare", Upos::Verb, 1, "acl");
        part.feats = "Number=Plur|Tense=Past|VerbForm=Part".into();
        let s = SentenceSyntax {
            sentence: 0,
            words: vec![
                w("missili", "missile", Upos::Noun, 0, "root"),
                part,
                w("da", "da", Upos::Adp, 4, "case"),
                w("Russia", "Russia", Upos::Propn, 2, "obl:agent"),
            ],
        };
        let t = Tree::new(&s);
        assert!(t.has_arg_lemma(1, &l("missile")));
        assert!(!t.has_arg_lemma(1, &l("razzo")));
    }
}
