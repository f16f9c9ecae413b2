//! Quotations with their speakers, and the attribution of claims to sources.
//!
//! Quotation marks are tokens (`«`, `»`, `“`, `”`, `"`, `‘`, `’`). A quotation is the text
//! between an opening mark and its closing mark at the same depth (nested quotes belong to the
//! outer one); a quotation that runs past a line break is dropped. Its speaker is found in the
//! reporting clause after it (`, ha detto X`, `, X said`, `, l'annuncio di X`), else before it
//! (`X ha detto: «`, `che il Cremlino aveva definito «`). The reporting verbs and their roles
//! come from `reporting.toml` of the language pack (see `data/README.md`).
//!
//! Speakers written as generic nouns (`il think tank`, `the agency`) or pronouns refer back to
//! the nearest earlier mention of the matching kind; an unknown name ending with the surname
//! of an earlier person (`l'ufficio di Kostin`) is that person.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::collections::BTreeMap;
use vedetta_analysis::{fold, LangPack};
use vedetta_model::{Analysis, Mention, MentionKind, Quote, Shape, Span, Token};

/// A problem in a rule file (`reporting.toml`, `quantities.toml`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {msg}")]
pub struct RulesError {
    /// File.
    pub path: String,
    /// What is wrong (with line and column for parse errors).
    pub msg: String,
}

/// Lowercase phrases matched token by token on [`Token::lower`], longest first.
#[derive(Debug, Clone)]
pub struct Phrases<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            by_first: HashMap::default(),
        }
    }
}

/// Splits a phrase into token keys: whitespace, and elided articles of the pack (`l'annuncio`
/// → `l'` `annuncio`), and the pack's clitics (`Russia's` → `russia` `'s`).
pub fn phrase_keys(phrase: &str, pack: &LangPack) -> Vec<String> {
    let mut out = Vec::new();
    for w in fold(phrase).split_whitespace() {
        let mut w = w.to_string();
        while let Some(pos) = w.find('\'') {
            let head = &w[..pos + 1];
            if pos + 1 < w.len() && pack.elisions.contains(head) {
                out.push(head.to_string());
                w = w[pos + 1..].to_string();
            } else {
                break;
            }
        }
        let mut tail = None;
        for c in &pack.clitic_suffixes {
            if w.len() > c.len() && w.ends_with(c.as_str()) {
                tail = Some(c.clone());
                w.truncate(w.len() - c.len());
                break;
            }
        }
        // Punctuation such as "%" is one token of its own.
        out.push(w);
        out.extend(tail);
    }
    out.retain(|s| !s.is_empty());
    out
}

impl<T: Clone> Phrases<T> {
    /// Adds a phrase.
    pub fn add(&mut self, phrase: &str, pack: &LangPack, value: T) {
        let keys = phrase_keys(phrase, pack);
        if keys.is_empty() {
            return;
        }
        let v = self.by_first.entry(keys[0].clone()).or_default();
        v.push((keys, value));
        v.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    }

    /// The longest phrase starting at token `i` and ending before `end`: (length, value).
    pub fn at(&self, toks: &[Token], i: usize, end: usize) -> Option<(usize, &T)> {
        let cands = self.by_first.get(toks.get(i)?.lower.as_str())?;
        let end = end.min(toks.len());
        cands
            .iter()
            .find(|(k, _)| {
                i + k.len() <= end && k.iter().zip(&toks[i..]).all(|(a, t)| *a == t.lower)
            })
            .map(|(k, v)| (k.len(), v))
    }

    /// True when some phrase starts with the token key `key`.
    pub fn starts_with(&self, key: &str) -> bool {
        self.by_first.contains_key(key)
    }

    /// The first token keys of the phrases.
    pub fn first_keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.by_first.keys().map(|k| k.as_str())
    }

    /// True when no phrase was added.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReportingToml {
    #[serde(default)]
    after_quote: Vec<String>,
    #[serde(default)]
    before_quote: Vec<String>,
    #[serde(default)]
    source_prep: Vec<String>,
    #[serde(default)]
    relay: Vec<String>,
    #[serde(default)]
    tell: Vec<String>,
    #[serde(default)]
    passive_by: Vec<String>,
    #[serde(default)]
    addressee: Vec<String>,
    #[serde(default)]
    determiners: Vec<String>,
    #[serde(default)]
    clause_stop: Vec<String>,
    #[serde(default)]
    pronouns: Vec<String>,
    #[serde(default)]
    not_in_source: Vec<String>,
    #[serde(default)]
    not_source_endings: Vec<String>,
    #[serde(default)]
    not_source_start: Vec<String>,
    #[serde(default)]
    generic: BTreeMap<String, String>,
}

/// Role of a reporting cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// A verb whose subject is the source.
    Say,
    /// A preposition whose object is the source (`secondo`, `according to`).
    Prep,
    /// A relaying verb (`ha riferito`, `citando`).
    Relay,
}

/// The compiled reporting rules of one language.
#[derive(Debug, Clone, Default)]
pub struct QuoteRules {
    after_quote: Phrases<()>,
    before_quote: Phrases<()>,
    source_prep: Phrases<()>,
    relay: Phrases<()>,
    tell: Phrases<()>,
    /// Every cue with its role (relay > prep > say when a phrase has several).
    cues: Phrases<Cue>,
    passive_by: HashSet<String>,
    addressee: HashSet<String>,
    determiners: HashSet<String>,
    clause_stop: HashSet<String>,
    pronouns: HashSet<String>,
    /// Words a source phrase without a mention never contains (prepositions, adverbs,
    /// auxiliaries, verbs of the clause): such a phrase is not a noun phrase.
    not_in_source: HashSet<String>,
    /// Words a source phrase does not start with although they may stand before its head
    /// (`of` in "dozens of officials"): "of State" is a fragment.
    not_source_start: HashSet<String>,
    /// Endings of lowercase words that make a phrase not a noun phrase (`-ly`, `-ed`).
    not_source_endings: Vec<String>,
    /// The pack's function words (`function_words.txt`): they never end a source phrase.
    function_words: HashSet<String>,
    generic: Phrases<MentionKind>,
}

/// Loads `reporting.toml` of `pack` (empty rules when the pack has none).
pub fn load(pack: &LangPack) -> Result<QuoteRules, RulesError> {
    let Some((path, text)) = pack.file("reporting.toml") else {
        return Ok(QuoteRules::default());
    };
    let t: ReportingToml = toml::from_str(text).map_err(|e| RulesError {
        path: path.into(),
        msg: e.to_string(),
    })?;
    let mut r = QuoteRules::default();
    let mut roles: BTreeMap<String, Cue> = BTreeMap::new();
    for p in &t.after_quote {
        r.after_quote.add(p, pack, ());
        roles.entry(fold(p)).or_insert(Cue::Say);
    }
    for p in &t.before_quote {
        r.before_quote.add(p, pack, ());
        roles.entry(fold(p)).or_insert(Cue::Say);
    }
    for p in &t.source_prep {
        r.source_prep.add(p, pack, ());
        roles.insert(fold(p), Cue::Prep);
    }
    for p in &t.relay {
        r.relay.add(p, pack, ());
        roles.insert(fold(p), Cue::Relay);
    }
    for p in &t.tell {
        r.tell.add(p, pack, ());
    }
    for (p, role) in &roles {
        r.cues.add(p, pack, *role);
    }
    let set = |v: &[String]| v.iter().map(|s| fold(s)).collect::<HashSet<String>>();
    r.passive_by = set(&t.passive_by);
    r.addressee = set(&t.addressee);
    r.determiners = set(&t.determiners);
    r.clause_stop = set(&t.clause_stop);
    r.pronouns = set(&t.pronouns);
    r.not_in_source = set(&t.not_in_source);
    r.not_source_start = set(&t.not_source_start);
    r.not_source_endings = t.not_source_endings.iter().map(|s| fold(s)).collect();
    r.function_words = pack.list("function_words.txt");
    for (noun, kind) in &t.generic {
        let k = MentionKind::parse(kind).ok_or_else(|| RulesError {
            path: path.into(),
            msg: format!("[generic] {noun:?}: unknown kind {kind:?}"),
        })?;
        r.generic.add(noun, pack, k);
    }
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// Quotation marks

fn tok_text(an: &Analysis, i: usize) -> &str {
    let t = &an.tokens[i];
    &an.doc.text[t.span.start..t.span.end]
}

/// The closing mark of an opening mark.
fn closer_of(open: &str) -> Option<&'static str> {
    Some(match open {
        "«" => "»",
        "“" => "”",
        "„" => "“",
        "\"" => "\"",
        "‘" => "’",
        _ => return None,
    })
}

/// A raw quotation: token indices of the opening and closing marks.
#[derive(Debug, Clone, Copy)]
struct Raw {
    open: usize,
    close: usize,
}

fn scan_quotes(an: &Analysis) -> Vec<Raw> {
    let text = an.doc.text.as_str();
    let mut out = Vec::new();
    let mut i = 0;
    // (open token, opening mark, closing mark, depth)
    let mut cur: Option<(usize, &str, &str, usize)> = None;
    while i < an.tokens.len() {
        let t = &an.tokens[i];
        let s = tok_text(an, i);
        if let Some((o, om, cm, depth)) = cur {
            // A line break between tokens ends an unclosed quotation.
            let prev_end = an.tokens[i - 1].span.end;
            if text[prev_end..t.span.start].contains('\n') {
                cur = None;
                i = o + 1;
                continue;
            }
            if s == cm && (cm != "’" || t.shape == Shape::Punct) {
                if depth == 0 {
                    if i > o + 1 {
                        out.push(Raw { open: o, close: i });
                    }
                    cur = None;
                } else {
                    cur = Some((o, om, cm, depth - 1));
                }
            } else if s == om && om != cm {
                cur = Some((o, om, cm, depth + 1));
            }
        } else if let Some(cm) = closer_of(s) {
            let ok = t.shape == Shape::Punct
                && match s {
                    // A single curly opening quote counts only when it stands before a word.
                    "‘" => an
                        .tokens
                        .get(i + 1)
                        .is_some_and(|n| n.span.start == t.span.end && n.shape != Shape::Punct),
                    _ => true,
                };
            if ok {
                cur = Some((i, s, cm, 0));
            }
        }
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Sources

/// How specific a mention is as a speaker: lower is better; `None` = never a speaker.
fn rank(m: &Mention) -> Option<u8> {
    use MentionKind::*;
    Some(match m.kind {
        Person => 0,
        Media | Ngo | Igo | Org | Party | ArmedGroup | Metonym => 1,
        Agent if m.code.is_some() => 2,
        Unknown if m.ner == Some(vedetta_model::NerClass::Per) => 2,
        Unknown if m.ner == Some(vedetta_model::NerClass::Org) => 2,
        Country | Capital => 3,
        Agent | Unknown => 4,
        Demonym | Place => return None,
    })
}

fn named(m: &Mention) -> bool {
    rank(m).is_some_and(|r| r <= 1) || matches!(m.kind, MentionKind::Country | MentionKind::Capital)
}

/// A source found in the text.
#[derive(Debug, Clone)]
struct Source {
    /// The phrase as written ("sei alti funzionari", "l'ufficio di Kostin").
    phrase: Span,
    /// The mention standing for the source after coreference, if any.
    mention: Option<usize>,
}

/// What depends only on the document (and the rules): its quotations, the tokens inside them,
/// and where a reporting cue may start.
struct DocData {
    raws: Vec<Raw>,
    /// The quotations' inner tokens `(open, close)` as intervals, for "which holds token k".
    raw_index: Intervals,
    in_quote: Vec<bool>,
    /// Tokens whose key starts some phrase of `cues`, in order.
    cue_starts: Vec<usize>,
}

impl DocData {
    fn new(an: &Analysis, r: &QuoteRules) -> Self {
        let raws = scan_quotes(an);
        let mut in_quote = vec![false; an.tokens.len()];
        for q in &raws {
            in_quote[q.open..=q.close]
                .iter_mut()
                .for_each(|b| *b = true);
        }
        let cue_starts = an
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| r.cues.starts_with(&t.lower))
            .map(|(i, _)| i)
            .collect();
        let raw_index = Intervals::new(raws.iter().map(|q| (q.open + 1, q.close)));
        DocData {
            raws,
            raw_index,
            in_quote,
            cue_starts,
        }
    }
}

/// Half-open intervals `[start, end)` answering "which is the first (in the order given) that
/// holds `x`" by binary search and a backward scan that stops as soon as no earlier interval
/// reaches `x`, so lookups do not scan every interval of a document.
struct Intervals {
    /// `(start, end, index given)`, sorted by start.
    sorted: Vec<(usize, usize, usize)>,
    /// The largest end among `sorted[..=i]`.
    reach: Vec<usize>,
}

impl Intervals {
    fn new(items: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut sorted: Vec<(usize, usize, usize)> =
            items.enumerate().map(|(i, (s, e))| (s, e, i)).collect();
        sorted.sort_unstable();
        let mut reach = Vec::with_capacity(sorted.len());
        let mut m = 0;
        for &(_, e, _) in &sorted {
            m = m.max(e);
            reach.push(m);
        }
        Intervals { sorted, reach }
    }

    /// The index (as given) of the first interval holding `x`.
    fn first_holding(&self, x: usize) -> Option<usize> {
        let mut i = self.sorted.partition_point(|&(s, _, _)| s <= x);
        let mut best: Option<usize> = None;
        while i > 0 {
            i -= 1;
            if self.reach[i] <= x {
                break;
            }
            let (_, e, k) = self.sorted[i];
            if x < e {
                best = Some(best.map_or(k, |b| b.min(k)));
            }
        }
        best
    }
}

/// How many sentences before a quotation are searched for whom its speaker addressed.
const ADDRESSEE_LOOKBACK_SENTENCES: usize = 12;

struct Ctx<'a> {
    an: &'a Analysis,
    ms: &'a [Mention],
    r: &'a QuoteRules,
    d: std::rc::Rc<DocData>,
    /// Multi-word people by their last word: mention indices in text order.
    people_by_last: rustc_hash::FxHashMap<&'a str, Vec<usize>>,
    /// Mention indices of each kind, in text order (for antecedents).
    by_kind: Vec<(MentionKind, Vec<usize>)>,
}

impl<'a> Ctx<'a> {
    fn new(an: &'a Analysis, ms: &'a [Mention], r: &'a QuoteRules) -> Self {
        let mut people_by_last: rustc_hash::FxHashMap<&'a str, Vec<usize>> = Default::default();
        for (j, p) in ms.iter().enumerate() {
            if p.kind == MentionKind::Person && p.end_token - p.first_token > 1 {
                if let Some(t) = an.tokens.get(p.end_token - 1) {
                    people_by_last.entry(t.lower.as_str()).or_default().push(j);
                }
            }
        }
        let mut by_kind: Vec<(MentionKind, Vec<usize>)> = Vec::new();
        for (j, m) in ms.iter().enumerate() {
            match by_kind.iter_mut().find(|(k, _)| *k == m.kind) {
                Some((_, list)) => list.push(j),
                None => by_kind.push((m.kind, vec![j])),
            }
        }
        Ctx {
            an,
            ms,
            r,
            d: std::rc::Rc::new(DocData::new(an, r)),
            people_by_last,
            by_kind,
        }
    }

    fn lower(&self, i: usize) -> &str {
        self.an
            .tokens
            .get(i)
            .map(|t| t.lower.as_str())
            .unwrap_or("")
    }

    fn is_punct(&self, i: usize) -> bool {
        self.an
            .tokens
            .get(i)
            .is_some_and(|t| t.shape == Shape::Punct)
    }

    fn text(&self, s: Span) -> String {
        self.an.doc.text[s.start..s.end].to_string()
    }

    /// Mentions that may be sources, inside token range [a, b), outside quotations.
    /// Mentions are in text order (as `MentionFinder::find` returns them), so the range is
    /// found by binary search rather than a scan of the whole document.
    fn in_range(&self, a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
        let lo = self.ms.partition_point(|m| m.first_token < a);
        self.ms[lo..]
            .iter()
            .enumerate()
            .map(move |(k, m)| (lo + k, m))
            .take_while(move |(_, m)| m.first_token < b)
            .filter(move |(_, m)| {
                m.first_token >= a
                    && m.end_token <= b
                    && rank(m).is_some()
                    && !self.d.in_quote[m.first_token]
                    && !(m.end_token - m.first_token == 1 && {
                        let w = self.lower(m.first_token);
                        self.r.pronouns.contains(w)
                            || self.r.clause_stop.contains(w)
                            || self.r.determiners.contains(w)
                    })
            })
            .map(|(i, _)| i)
    }

    fn best(&self, group: &[usize]) -> Option<usize> {
        group.iter().copied().min_by_key(|&i| {
            (
                rank(&self.ms[i]).unwrap_or(9),
                std::cmp::Reverse(self.ms[i].end_token),
            )
        })
    }

    /// The group of mentions starting within `window` tokens after `start` (no punctuation
    /// before it), with mentions chained to it (overlapping or at most one word apart).
    fn group_after(
        &self,
        start: usize,
        limit: usize,
        window: usize,
    ) -> Option<(Vec<usize>, usize)> {
        let mut first: Option<usize> = None;
        for i in self.in_range(start, limit) {
            let m = &self.ms[i];
            if m.first_token >= start + window {
                continue;
            }
            if (start..m.first_token).any(|k| self.is_punct(k) || self.d.in_quote[k]) {
                continue;
            }
            if first.is_none_or(|f| {
                (m.first_token, std::cmp::Reverse(m.end_token))
                    < (
                        self.ms[f].first_token,
                        std::cmp::Reverse(self.ms[f].end_token),
                    )
            }) {
                first = Some(i);
            }
        }
        let f = first?;
        let mut group = vec![f];
        let mut end = self.ms[f].end_token;
        loop {
            let next = self.in_range(start, limit).find(|&i| {
                let m = &self.ms[i];
                !group.contains(&i)
                    && m.first_token <= end + 1
                    && m.end_token > end
                    && (end..m.first_token).all(|k| !self.is_punct(k))
            });
            match next {
                Some(i) => {
                    group.push(i);
                    end = self.ms[i].end_token;
                }
                None => break,
            }
        }
        // Mentions inside the group's extent (overlapping ones) join too.
        let gs = self.ms[f].first_token;
        for i in self.in_range(gs, end) {
            if !group.contains(&i) {
                group.push(i);
            }
        }
        Some((group, end))
    }

    /// The group of mentions ending within `gap` tokens before `v` (commas allowed), not
    /// before `floor`.
    fn group_before(&self, v: usize, floor: usize, gap: usize) -> Option<Vec<usize>> {
        let last = self
            .in_range(floor, v)
            .filter(|&i| {
                self.ms[i].end_token + gap >= v
                    && (self.ms[i].end_token..v).all(|k| !self.d.in_quote[k])
            })
            .max_by_key(|&i| {
                (
                    self.ms[i].end_token,
                    std::cmp::Reverse(self.ms[i].first_token),
                )
            })?;
        let mut start = self.ms[last].first_token;
        let mut group = vec![last];
        loop {
            let prev = self.in_range(floor, v).find(|&i| {
                !group.contains(&i)
                    && self.ms[i].first_token < start
                    && self.ms[i].end_token + 1 >= start
                    && (self.ms[i].end_token..start).all(|k| !self.is_punct(k))
            });
            match prev {
                Some(i) => {
                    group.push(i);
                    start = self.ms[i].first_token;
                }
                None => break,
            }
        }
        let end = self.ms[last].end_token;
        for i in self.in_range(start, end) {
            if !group.contains(&i) {
                group.push(i);
            }
        }
        Some(group)
    }

    /// Coreference: an unknown name that ends with the last word of an earlier person is
    /// that person (`l'ufficio di Kostin` → `Andriy Kostin`).
    fn resolve(&self, i: usize) -> usize {
        let m = &self.ms[i];
        if m.kind != MentionKind::Unknown
            && !(m.kind == MentionKind::Person && m.end_token - m.first_token == 1)
        {
            return i;
        }
        let last = self.lower(m.end_token - 1);
        self.people_by_last
            .get(last)
            .and_then(|list| {
                // The list is in text order: the last person starting before this mention.
                let p = list.partition_point(|&j| self.ms[j].span.start < m.span.start);
                p.checked_sub(1).map(|p| list[p])
            })
            .unwrap_or(i)
    }

    /// The last mention of `kind` that starts before byte `before`.
    fn antecedent(&self, kind: MentionKind, before: usize) -> Option<usize> {
        let list = &self.by_kind.iter().find(|(k, _)| *k == kind)?.1;
        let p = list.partition_point(|&j| self.ms[j].span.start < before);
        p.checked_sub(1).map(|p| list[p])
    }

    /// A generic noun (`il think tank`) or pronoun in [a, b) standing for an earlier actor.
    fn generic_in(&self, a: usize, b: usize, before: usize) -> Option<Source> {
        for k in a..b {
            if self.d.in_quote.get(k).copied().unwrap_or(true) {
                continue;
            }
            let hit = if let Some((len, kind)) = self.r.generic.at(&self.an.tokens, k, b) {
                Some((len, *kind))
            } else if self.r.pronouns.contains(self.lower(k)) {
                Some((1, MentionKind::Person))
            } else {
                None
            };
            if let Some((len, kind)) = hit {
                let s = self.phrase_start(k, a);
                let phrase = Span::new(
                    self.an.tokens[s].span.start,
                    self.an.tokens[k + len - 1].span.end,
                );
                let mention = self.antecedent(kind, before);
                // A pronoun with nothing to refer to says nothing.
                if mention.is_none() && self.r.pronouns.contains(self.lower(k)) {
                    continue;
                }
                return Some(Source { phrase, mention });
            }
        }
        None
    }

    /// Where the noun phrase ending in the word at `k` starts: back (not before `floor`)
    /// over determiners and capitalised words that are not function words ("a New York
    /// judge", "the former secretary"), never into a quotation.
    fn phrase_start(&self, k: usize, floor: usize) -> usize {
        let mut s = k;
        while s > floor
            && !self.d.in_quote[s - 1]
            && (self.r.determiners.contains(self.lower(s - 1))
                || (matches!(self.an.tokens[s - 1].shape, Shape::Title | Shape::Upper)
                    && !self.r.function_words.contains(self.lower(s - 1))))
        {
            s -= 1;
        }
        s
    }

    fn source_of(&self, group: &[usize]) -> Source {
        let b = self.best(group).expect("non-empty group");
        let m = &self.ms[b];
        // A vague agent (`tank`) inside a generic noun (`the think tank`): the generic noun
        // refers back to a named actor.
        if rank(m).unwrap_or(9) >= 4 {
            let a = m.first_token.saturating_sub(2);
            let e = group
                .iter()
                .map(|&i| self.ms[i].end_token)
                .max()
                .unwrap_or(m.end_token);
            if let Some(g) = self
                .generic_in(a, e, m.span.start)
                .filter(|g| g.mention.is_some())
            {
                return g;
            }
        }
        let mut s = m.first_token;
        let floor = group
            .iter()
            .map(|&i| self.ms[i].first_token)
            .min()
            .unwrap_or(s);
        // The phrase runs from the group start, back over names, determiners and quantifiers.
        s = self.phrase_start(s.min(floor), 0);
        let end = group
            .iter()
            .map(|&i| self.ms[i].end_token)
            .max()
            .unwrap_or(m.end_token);
        // A phrase never starts with a preposition it crossed ("of State").
        while s < m.first_token && self.r.not_source_start.contains(self.lower(s)) {
            s += 1;
        }
        // A mention followed by more of its noun phrase ("a media request") is a modifier:
        // the phrase runs on to the end of the noun phrase.
        let mut end = end;
        while end < self.an.tokens.len()
            && end - m.end_token < 3
            && self.an.tokens[end].shape == Shape::Lower
            && !self.d.in_quote[end]
            && !self.r.function_words.contains(self.lower(end))
            && !self.r.clause_stop.contains(self.lower(end))
            && !self.r.not_in_source.contains(self.lower(end))
            && self
                .r
                .cues
                .at(&self.an.tokens, end, self.an.tokens.len())
                .is_none()
        {
            end += 1;
        }
        let phrase = if named(m) && end == m.end_token {
            m.span
        } else {
            Span::new(
                self.an.tokens[s].span.start,
                self.an.tokens[end - 1].span.end,
            )
        };
        Source {
            phrase,
            mention: Some(self.resolve(b)),
        }
    }

    /// A source phrase without any mention: up to four words walking back from `v`.
    fn bare_before(&self, v: usize, floor: usize) -> Option<Source> {
        let mut s = v;
        while s > floor && v - s < 4 {
            let k = s - 1;
            if self.is_punct(k)
                || self.d.in_quote[k]
                || self.r.clause_stop.contains(self.lower(k))
                || self.r.pronouns.contains(self.lower(k))
            {
                break;
            }
            s = k;
        }
        if s == v {
            return None;
        }
        let (s, e) = self.noun_phrase(s, v)?;
        Some(Source {
            phrase: Span::new(self.an.tokens[s].span.start, self.an.tokens[e - 1].span.end),
            mention: None,
        })
    }

    /// Tokens `[s, e)` of a source phrase without a mention, trimmed to a noun phrase: no
    /// determiner or function word at its end, no clause word at its start, no reporting cue,
    /// preposition, adverb or verb form inside, and no mention cut in two. `None` when
    /// nothing of it is a noun phrase ("pledged", "the United", "'s weekly video").
    fn noun_phrase(&self, mut s: usize, mut e: usize) -> Option<(usize, usize)> {
        let r = self.r;
        while e > s
            && (self.is_punct(e - 1)
                || r.determiners.contains(self.lower(e - 1))
                || r.clause_stop.contains(self.lower(e - 1))
                || r.function_words.contains(self.lower(e - 1)))
        {
            e -= 1;
        }
        while s < e && (self.is_punct(s) || r.clause_stop.contains(self.lower(s))) {
            s += 1;
        }
        if s == e || (s..e).all(|k| r.determiners.contains(self.lower(k))) {
            return None;
        }
        // A mention partly inside is a name cut in two.
        let hi = self.ms.partition_point(|m| m.first_token < e);
        if self.ms[..hi]
            .iter()
            .rev()
            .take(16)
            .any(|m| m.end_token > s && (m.first_token < s || m.end_token > e))
        {
            return None;
        }
        for k in s..e {
            let w = self.lower(k);
            let in_mention = self.ms[..hi]
                .iter()
                .rev()
                .take(16)
                .any(|m| m.first_token <= k && k < m.end_token);
            if w.starts_with('\'')
                || r.not_in_source.contains(w)
                || r.cues.at(&self.an.tokens, k, e).is_some()
                || (!in_mention
                    && self.an.tokens[k].shape == vedetta_model::Shape::Lower
                    && r.not_source_endings
                        .iter()
                        .any(|x| w.len() > x.len() + 2 && w.ends_with(x.as_str())))
            {
                return None;
            }
        }
        Some((s, e))
    }

    /// Where the hearer of a reporting verb at [v, ve) starts: after `a`/`to`, or right after
    /// a verb of telling (`told Reuters`).
    fn hearer(&self, v: usize, ve: usize) -> Option<usize> {
        if self.r.addressee.contains(self.lower(ve)) {
            Some(ve + 1)
        } else if self
            .r
            .tell
            .at(&self.an.tokens, v, ve)
            .is_some_and(|(l, _)| v + l == ve)
        {
            Some(ve)
        } else {
            None
        }
    }

    /// A source phrase without any mention after a cue: up to four words, from the first
    /// non-determiner word, up to punctuation or a clause word.
    fn bare_after(&self, start: usize, limit: usize) -> Option<Source> {
        let mut e = start;
        while e < limit && e - start < 4 {
            if self.is_punct(e)
                || self.d.in_quote[e]
                || self.r.pronouns.contains(self.lower(e))
                || (e > start && self.r.clause_stop.contains(self.lower(e)))
            {
                break;
            }
            e += 1;
        }
        let (s, e) = self.noun_phrase(start, e)?;
        Some(Source {
            phrase: Span::new(self.an.tokens[s].span.start, self.an.tokens[e - 1].span.end),
            mention: None,
        })
    }

    /// The subject of a reporting cue at [v, ve): before it (nearest group within 3 tokens),
    /// else a generic noun or pronoun, else a bare noun phrase.
    fn subject_before(&self, v: usize, floor: usize, before_byte: usize) -> Option<Source> {
        if let Some(g) = self.group_before(v, floor, 3) {
            return Some(self.source_of(&g));
        }
        let a = v.saturating_sub(4).max(floor);
        if let Some(s) = self.generic_in(a, v, before_byte) {
            return Some(s);
        }
        self.bare_before(v, floor)
    }

    /// The source after a cue ending at `ve`: an addressee (`a Reuters`) is skipped and
    /// returned separately.
    fn subject_after(
        &self,
        v: usize,
        ve: usize,
        limit: usize,
        before_byte: usize,
    ) -> (Option<Source>, Option<Source>) {
        let mut start = ve;
        let mut addressee = None;
        if let Some(h) = self.hearer(v, ve) {
            if let Some((g, end)) = self.group_after(h, limit, 2) {
                addressee = Some(self.source_of(&g));
                start = end;
            }
        }
        let seg_end = (start..limit)
            .find(|&k| self.is_punct(k) || self.d.in_quote[k])
            .unwrap_or(limit);
        if let Some((g, _)) = self.group_after(start, seg_end, 6) {
            return (Some(self.source_of(&g)), addressee);
        }
        let found = self
            .generic_in(start, seg_end.min(start + 6), before_byte)
            .or_else(|| self.bare_after(start, seg_end));
        (found, addressee)
    }

    /// Relays after token `from` up to `limit`: `ha riferito X`, `citing X`, `da X`.
    fn relays_after(&self, from: usize, limit: usize) -> Vec<Source> {
        let mut out = Vec::new();
        let mut k = from;
        while k < limit {
            if self.d.in_quote[k] {
                k += 1;
                continue;
            }
            if let Some((len, _)) = self.r.relay.at(&self.an.tokens, k, limit) {
                let mut s = k + len;
                if self.r.passive_by.contains(self.lower(s))
                    || self.r.addressee.contains(self.lower(s))
                {
                    s += 1;
                }
                if let Some((g, end)) = self.group_after(s, limit, 6) {
                    out.push(self.source_of(&g));
                    k = end;
                    continue;
                }
                k += len;
                continue;
            }
            k += 1;
        }
        out
    }

    fn source_text(&self, s: &Source, resolved: bool) -> String {
        match (resolved, s.mention) {
            (true, Some(m)) => self.ms[m].text.clone(),
            (false, Some(m))
                if s.phrase == self.ms[s.mention.unwrap()].span
                    || named(&self.ms[m]) && self.ms[m].span == s.phrase =>
            {
                self.ms[m].text.clone()
            }
            _ => self.text(s.phrase),
        }
    }

    fn same_actor(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.ms[a], &self.ms[b]);
        x.text == y.text || (x.name.is_some() && x.name == y.name && x.kind == MentionKind::Person)
    }

    /// An earlier `X ha detto a Reuters` by the same actor: Reuters relays X.
    fn prior_addressee(&self, who: usize, before_tok: usize) -> Option<Source> {
        let mut found = None;
        // Look back a bounded number of sentences: the addressee of a quote is named close
        // to it, and an unbounded look-back makes long documents quadratic.
        let idx = self
            .an
            .sentences
            .partition_point(|s| s.first_token < before_tok);
        let lo = idx.saturating_sub(ADDRESSEE_LOOKBACK_SENTENCES);
        for s in &self.an.sentences[lo..idx] {
            let end = s.end_token.min(before_tok);
            // A cue can only start where some cue phrase starts.
            let cs = &self.d.cue_starts;
            let from = cs.partition_point(|&k| k < s.first_token);
            let to = cs.partition_point(|&k| k < end);
            for &v in &cs[from..to.max(from)] {
                let Some((len, Cue::Say)) = self
                    .r
                    .cues
                    .at(&self.an.tokens, v, end)
                    .map(|(l, c)| (l, *c))
                else {
                    continue;
                };
                let ve = v + len;
                let Some(h) = self.hearer(v, ve) else {
                    continue;
                };
                let Some((g, _)) = self.group_after(h, end, 2) else {
                    continue;
                };
                let said_by_who = self
                    .in_range(s.first_token, v)
                    .any(|i| self.same_actor(self.resolve(i), who));
                if said_by_who {
                    found = Some(self.source_of(&g));
                }
            }
        }
        found
    }

    fn sentence_of(&self, tok: usize) -> (usize, usize) {
        // Sentences are in text order: the last one starting at or before `tok`.
        let sents = &self.an.sentences;
        let i = sents.partition_point(|s| s.first_token <= tok);
        let s = i
            .checked_sub(1)
            .map(|i| &sents[i])
            .filter(|s| s.first_token <= tok && tok < s.end_token);
        s.map(|s| (s.first_token, s.end_token))
            .unwrap_or((0, self.an.tokens.len()))
    }
}

/// The speaker of one quotation and its relays.
fn speaker_of(c: &Ctx, q: Raw) -> (Option<Source>, Vec<Source>) {
    let (s_start, s_end) = c.sentence_of(q.close);
    let open_byte = c.an.tokens[q.open].span.start;
    // 1. The reporting clause after the quotation.
    let mut t = q.close + 1;
    while t < s_end
        && c.is_punct(t)
        && matches!(c.lower(t), "," | "–" | "—" | "-" | "»" | "”" | "\"" | "(")
    {
        t += 1;
    }
    let clause_end = (t..s_end)
        .find(|&k| matches!(c.lower(k), ";" | ":" | "." | "!" | "?") || (k > t && c.d.in_quote[k]))
        .unwrap_or(s_end);
    let mut v = None;
    for k in t..clause_end.min(t + 10) {
        if let Some((len, _)) = c.r.after_quote.at(&c.an.tokens, k, clause_end) {
            v = Some((k, len));
            break;
        }
        if let Some((len, _)) = c.r.relay.at(&c.an.tokens, k, clause_end) {
            v = Some((k, len));
            break;
        }
    }
    if let Some((v, len)) = v {
        let mut speaker = None;
        let mut via = Vec::new();
        if v > t {
            if let Some(g) = c.group_before(v, t, 6) {
                speaker = Some(c.source_of(&g));
            } else {
                speaker = c.generic_in(t, v, open_byte);
            }
        }
        let mut after_end = v + len;
        if speaker.is_none() {
            let (sp, addr) = c.subject_after(v, v + len, clause_end, open_byte);
            speaker = sp;
            via.extend(addr);
        } else if let Some(h) = c.hearer(v, v + len) {
            if let Some((g, end)) = c.group_after(h, clause_end, 2) {
                via.push(c.source_of(&g));
                after_end = end;
            }
        }
        if let Some(sp) = &speaker {
            let from =
                c.an.tokens
                    .partition_point(|tk| tk.span.start < sp.phrase.end)
                    .max(after_end);
            via.extend(c.relays_after(from, clause_end));
            if via.is_empty() {
                if let Some(m) = sp.mention {
                    via.extend(c.prior_addressee(m, q.open));
                }
            }
            return (speaker, via);
        }
    }
    // 2. Before the quotation: `X ha detto: «`, `che il Cremlino aveva definito «`.
    let floor = (s_start..q.open)
        .rev()
        .find(|&k| c.d.in_quote[k] || matches!(c.lower(k), ";" | "." | "!" | "?"))
        .map_or(s_start, |k| k + 1);
    for k in (floor..q.open).rev().take(12) {
        let Some((len, _)) = c.r.before_quote.at(&c.an.tokens, k, q.open) else {
            continue;
        };
        let gap = q.open - (k + len);
        if gap > 4 {
            continue;
        }
        let speaker = if c.r.source_prep.at(&c.an.tokens, k, q.open).is_some() {
            c.subject_after(k, k + len, q.open, open_byte).0
        } else {
            c.subject_before(k, floor, open_byte)
                .filter(|s| s.mention.is_some() || gap <= 2)
        };
        if let Some(sp) = speaker {
            let mut via = Vec::new();
            if let Some(m) = sp.mention {
                via.extend(c.prior_addressee(m, q.open));
            }
            return (Some(sp), via);
        }
    }
    (None, Vec::new())
}

struct Found {
    raw: Raw,
    speaker: Option<Source>,
    via: Vec<Source>,
}

fn find_all(c: &Ctx, raws: &[Raw]) -> Vec<Found> {
    raws.iter()
        .map(|&raw| {
            let (speaker, via) = speaker_of(c, raw);
            Found { raw, speaker, via }
        })
        .collect()
}

fn to_quote(c: &Ctx, f: &Found) -> Quote {
    let a = c.an.tokens[f.raw.open].span.end;
    let b = c.an.tokens[f.raw.close].span.start;
    let raw = &c.an.doc.text[a..b];
    let lead = raw.len() - raw.trim_start().len();
    let trail = raw.len() - raw.trim_end().len();
    let span = Span::new(a + lead, b - trail);
    let sp = f.speaker.as_ref();
    let m = sp.and_then(|s| s.mention).map(|i| &c.ms[i]);
    Quote {
        span,
        text: c.text(span),
        speaker: sp.map(|s| c.source_text(s, true)),
        speaker_code: m.and_then(|m| m.code.clone()),
        speaker_span: sp.map(|s| m.map_or(s.phrase, |m| m.span)),
        via: f.via.iter().map(|s| c.source_text(s, true)).collect(),
    }
}

/// Finds the quotations of a document with their speakers and relays, in text order.
pub fn find_quotes(an: &Analysis, mentions: &[Mention], rules: &QuoteRules) -> Vec<Quote> {
    let c = Ctx::new(an, mentions, rules);
    find_all(&c, &c.d.raws)
        .iter()
        .map(|f| to_quote(&c, f))
        .collect()
}

/// Who a claim at byte `span` is attributed to, nearest source first: the speaker of the
/// quotation holding it (and its relays), else the source of a reporting cue in the same
/// sentence (`secondo X`, `X ha affermato che`, `…, ha detto X`), then relays
/// (`ha detto a Reuters`, `citing X`). Sources are returned as written, or as the named actor
/// when the phrase names one (`secondo il think tank del Centro …` → `Centro …`).
pub fn attribution_for(
    an: &Analysis,
    mentions: &[Mention],
    rules: &QuoteRules,
    quotes: &[Quote],
    span: Span,
) -> Vec<String> {
    Attributor::new(an, mentions, rules, quotes).sources(span)
}

/// Attribution for many claims of one document: the per-document work (quotation scan,
/// reporting-cue positions) is done once in [`Attributor::new`], so asking for every event
/// of a long document stays linear.
pub struct Attributor<'a> {
    c: Ctx<'a>,
    quotes: &'a [Quote],
    /// The quotes' spans (at least one byte each), for the quote holding a claim.
    quote_index: Intervals,
}

impl<'a> Attributor<'a> {
    /// Prepares attribution for the claims of one document.
    pub fn new(
        an: &'a Analysis,
        mentions: &'a [Mention],
        rules: &'a QuoteRules,
        quotes: &'a [Quote],
    ) -> Self {
        Attributor {
            c: Ctx::new(an, mentions, rules),
            quotes,
            quote_index: Intervals::new(
                quotes
                    .iter()
                    .map(|q| (q.span.start, q.span.end.max(q.span.start + 1))),
            ),
        }
    }

    /// Who the claim at byte `span` is attributed to, nearest source first (see
    /// [`attribution_for`]).
    pub fn sources(&self, span: Span) -> Vec<String> {
        let holding = self.quote_index.first_holding(span.start);
        attribution_in(
            &self.c,
            self.c.an,
            self.c.r,
            holding.map(|i| &self.quotes[i]),
            span,
        )
    }
}

fn attribution_in(
    c: &Ctx<'_>,
    an: &Analysis,
    rules: &QuoteRules,
    holding: Option<&Quote>,
    span: Span,
) -> Vec<String> {
    if an.tokens.is_empty() {
        return Vec::new();
    }
    if let Some(q) = holding {
        if let Some(sp) = &q.speaker {
            let mut out = vec![sp.clone()];
            out.extend(q.via.iter().cloned());
            return out;
        }
    }
    let raws = &c.d.raws;
    let first = an
        .tokens
        .partition_point(|t| t.span.end <= span.start)
        .min(an.tokens.len() - 1);
    let last = an
        .tokens
        .partition_point(|t| t.span.start < span.end)
        .max(first + 1);
    let (s_start, s_end) = c.sentence_of(first);
    // The quotation holding the span, if any: cues inside it belong to it.
    let own_quote = c.d.raw_index.first_holding(first).map(|i| &raws[i]);
    let usable =
        |k: usize| !c.d.in_quote[k] || own_quote.is_some_and(|q| q.open < k && k < q.close);
    // Only positions where some cue starts (found once per document) are tried.
    let mut cues = Vec::new();
    let starts = &c.d.cue_starts;
    let mut next_free = s_start;
    for &k in &starts[starts.partition_point(|&k| k < s_start)..] {
        if k >= s_end {
            break;
        }
        if k < next_free || !usable(k) {
            continue;
        }
        if let Some((len, cue)) = rules.cues.at(&an.tokens, k, s_end) {
            // A cue inside the claim is the claim's own verb ("attacked"), not its source.
            if !(k < last && k + len > first) {
                cues.push((k, len, *cue));
            }
            next_free = k + len;
        }
    }
    let dist = |k: usize, len: usize| {
        if k + len <= first {
            first - (k + len)
        } else {
            k.saturating_sub(last)
        }
    };
    cues.sort_by_key(|&(k, len, _)| dist(k, len));
    let span_byte = span.start;
    for (v, len, cue) in cues {
        let ve = v + len;
        let after_span = v >= last; // the cue follows the claim
        let (src, mut relays): (Option<Source>, Vec<Source>) = match cue {
            Cue::Prep => {
                let (s, _) = c.subject_after(v, ve, s_end, span_byte);
                (s, Vec::new())
            }
            Cue::Say | Cue::Relay => {
                if after_span {
                    let floor = last.max(s_start);
                    match c.group_before(v, floor, 3) {
                        Some(g) => (Some(c.source_of(&g)), Vec::new()),
                        None => {
                            let (s, a) = c.subject_after(v, ve, s_end, span_byte);
                            (
                                s.or_else(|| c.generic_in(floor, v, span_byte)),
                                a.into_iter().collect(),
                            )
                        }
                    }
                } else {
                    let floor = (s_start..v)
                        .rev()
                        .find(|&k| !usable(k))
                        .map_or(s_start, |k| k + 1);
                    let mut addr = Vec::new();
                    if let Some(h) = c.hearer(v, ve) {
                        if let Some((g, _)) = c.group_after(h, s_end, 2) {
                            addr.push(c.source_of(&g));
                        }
                    }
                    match c.subject_before(v, floor, span_byte) {
                        Some(s) => (Some(s), addr),
                        None if cue == Cue::Relay && rules.passive_by.contains(c.lower(ve)) => (
                            c.group_after(ve + 1, s_end, 3)
                                .map(|(g, _)| c.source_of(&g)),
                            addr,
                        ),
                        None => {
                            let (s, a) =
                                c.subject_after(v, ve, s_end.min(first.max(ve)), span_byte);
                            addr.extend(a);
                            (s, addr)
                        }
                    }
                }
            }
        };
        let Some(src) = src else { continue };
        let from = an
            .tokens
            .partition_point(|t| t.span.start < src.phrase.end)
            .max(ve);
        relays.extend(
            c.relays_after(from, s_end)
                .into_iter()
                .filter(|r| r.phrase != src.phrase),
        );
        if relays.is_empty() {
            if let Some(m) = src.mention {
                relays.extend(c.prior_addressee(m, s_start));
            }
        }
        let mut out = vec![c.source_text(&src, false)];
        for r in relays {
            let t = c.source_text(&r, false);
            if !out.contains(&t) {
                out.push(t);
            }
        }
        return out;
    }
    Vec::new()
}

/// Chains of relayed sources stated in one sentence (`è riportato da Business Insider che a sua
/// volta cita quanto annunciato da NBC News`), outermost first, followed by the source of the
/// next sentence's claim (`Secondo sei alti funzionari …`).
pub fn document_chains(
    an: &Analysis,
    mentions: &[Mention],
    rules: &QuoteRules,
) -> Vec<Vec<String>> {
    let c = Ctx::new(an, mentions, rules);
    let mut out = Vec::new();
    for (si, s) in an.sentences.iter().enumerate() {
        let relays = c.relays_after(s.first_token, s.end_token);
        let mut chain: Vec<String> = Vec::new();
        for r in &relays {
            let t = c.source_text(r, false);
            if chain.last() != Some(&t) {
                chain.push(t);
            }
        }
        if chain.len() < 2 {
            continue;
        }
        if let Some(next) = an.sentences.get(si + 1) {
            let mut k = next.first_token;
            while k < next.end_token {
                if let Some((len, Cue::Prep)) = rules
                    .cues
                    .at(&an.tokens, k, next.end_token)
                    .map(|(l, c)| (l, *c))
                {
                    if let (Some(src), _) =
                        c.subject_after(k, k + len, next.end_token, next.span.start)
                    {
                        chain.push(c.source_text(&src, false));
                    }
                    break;
                }
                k += 1;
            }
        }
        out.push(chain);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
