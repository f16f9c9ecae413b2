//! Argument frames: who is the actor and who the recipient of a trigger, by position.
//!
//! Rules, in order:
//! - **reciprocal pairs** after `tra`/`between` (`incontro tra Kim e Putin`): all are actors;
//! - **passive** (a passive auxiliary before the trigger, or a `passive_by` marker after it):
//!   the actor follows the marker (`incoraggiata da Putin`, `da parte della Russia`), the
//!   subject becomes the recipient;
//! - **verbs**: the actor is the nearest actor mention before the trigger in its clause that
//!   is not governed by a preposition, with the mentions joined to it by conjunctions
//!   (`Corea del Nord e Russia`); the recipient is the first actor after the trigger
//!   introduced by one of the pattern's recipient words (or the first one, for `object`);
//! - **nouns**: the actor is an adjacent nationality (`azione militare nordcoreana`), a
//!   `di`/`of` phrase when the pattern says `of`, else the verb's subject as above.

use crate::patterns::{FrameWords, Pattern, Pos};
use vedetta_model::{Mention, MentionKind, Token};

/// The arguments found for one trigger (indices into the sentence's actor mentions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    /// Actor mentions.
    pub actors: Vec<usize>,
    /// Recipient mentions.
    pub recipients: Vec<usize>,
    /// First and last token covered by trigger and arguments.
    pub first: usize,
    /// One past the last token covered.
    pub end: usize,
    /// Whether the passive reading was used.
    pub passive: bool,
}

/// Context for frame search in one sentence.
pub struct Sentence<'a> {
    /// All tokens of the document.
    pub tokens: &'a [Token],
    /// Token range of the clause-bounded sentence.
    pub from: usize,
    /// One past the last token.
    pub to: usize,
    /// Actor mentions of the sentence, sorted by start, none nested in another.
    pub actors: &'a [&'a Mention],
    /// Frame words of the language.
    pub words: &'a FrameWords,
}

fn lower_is(t: &Token, list: &[String]) -> bool {
    list.contains(&t.lower)
}

/// Punctuation that ends a clause in every language: sentence ends inside a quotation
/// (a quoted passage is one sentence for us) and quotation marks.
pub fn is_clause_punct(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        "." | "!" | "?" | ";" | "«" | "»" | "“" | "”" | "\""
    )
}

/// True when `t` ends a clause: language-neutral punctuation or a listed break word.
pub fn breaks_clause(t: &Token, words: &FrameWords) -> bool {
    is_clause_punct(t) || lower_is(t, &words.clause_breaks)
}

/// Matches a multi-word marker (`da parte della`) ending right before token `at`; returns
/// its first token.
fn marker_before(tokens: &[Token], at: usize, markers: &[String], from: usize) -> Option<usize> {
    // Markers are folded at load time; compare word by word from the end, without allocating.
    'markers: for m in markers {
        let mut j = at;
        let mut any = false;
        for part in m.rsplit(' ').filter(|p| !p.is_empty()) {
            if j <= from || tokens[j - 1].lower != part {
                continue 'markers;
            }
            j -= 1;
            any = true;
        }
        if any {
            return Some(j);
        }
    }
    None
}

impl Sentence<'_> {
    /// First token of the clause holding token `at`.
    pub fn clause_start(&self, at: usize) -> usize {
        (self.from..at)
            .rev()
            .find(|&i| breaks_clause(&self.tokens[i], self.words))
            .map_or(self.from, |i| i + 1)
    }

    /// One past the last token of the clause holding token `at`.
    pub fn clause_end(&self, at: usize) -> usize {
        (at..self.to)
            .find(|&i| breaks_clause(&self.tokens[i], self.words))
            .unwrap_or(self.to)
    }

    fn governed(&self, m: &Mention) -> bool {
        m.first_token > self.from
            && lower_is(&self.tokens[m.first_token - 1], &self.words.prepositions)
    }

    /// Start of the nearest beneficiary verb phrase (`si aspetta che`) before `ts`.
    fn beneficiary_verb_before(&self, ts: usize) -> Option<usize> {
        let markers = &self.words.beneficiary_verbs;
        // A marker can end before token `i` only if token `i - 1` is its last word: test that
        // first, so the walk back does not try every marker at every token.
        let lasts: Vec<&str> = markers
            .iter()
            .filter_map(|m| m.rsplit(' ').find(|p| !p.is_empty()))
            .collect();
        if lasts.is_empty() {
            return None;
        }
        (self.from + 1..ts).rev().find_map(|i| {
            let w = self.tokens[i - 1].lower.as_str();
            if lasts.contains(&w) {
                marker_before(self.tokens, i, markers, self.from)
            } else {
                None
            }
        })
    }

    /// True when tokens `a..b` between two mentions only join them (`e`, `,`, `and the`).
    fn joined(&self, a: usize, b: usize) -> bool {
        let gap = &self.tokens[a..b];
        gap.iter().any(|t| lower_is(t, &self.words.conjunctions))
            && gap
                .iter()
                .all(|t| lower_is(t, &self.words.conjunctions) || is_article(t))
    }

    /// A mention and those joined to it by conjunctions, going left.
    fn compound_left(&self, k: usize, lo: usize) -> Vec<usize> {
        let mut out = vec![k];
        let mut cur = k;
        while cur > 0 {
            let prev = cur - 1;
            let (a, b) = (self.actors[prev].end_token, self.actors[cur].first_token);
            if self.actors[prev].first_token < lo || a > b {
                break;
            }
            let joined = self.joined(a, b);
            if !joined {
                break;
            }
            out.push(prev);
            cur = prev;
        }
        out.reverse();
        out
    }

    /// A mention and those joined to it by conjunctions, going right.
    fn compound_right(&self, k: usize, hi: usize) -> Vec<usize> {
        let mut out = vec![k];
        let mut cur = k;
        while cur + 1 < self.actors.len() {
            let next = cur + 1;
            let (a, b) = (self.actors[cur].end_token, self.actors[next].first_token);
            if self.actors[next].end_token > hi || a > b {
                break;
            }
            let joined = self.joined(a, b);
            // A person right after a role noun is the same actor (`leader nordcoreano Kim Jong Un`).
            let apposition = a == b;
            if !joined && !apposition {
                break;
            }
            out.push(next);
            cur = next;
        }
        out
    }

    /// The subject of a trigger at `ts`: nearest ungoverned actor before it in the clause.
    fn subject(&self, ts: usize) -> Vec<usize> {
        let lo = self.clause_start(ts);
        let Some(k) = (0..self.actors.len()).rev().find(|&k| {
            self.actors[k].end_token <= ts
                && self.actors[k].first_token >= lo
                && !self.governed(self.actors[k])
        }) else {
            return Vec::new();
        };
        self.compound_left(k, lo)
    }

    /// The first actor after `te` introduced by one of `words` (or any, for `object`),
    /// within the clause.
    fn after(&self, te: usize, words: &[String], hi: usize) -> Vec<usize> {
        let object = words.iter().any(|w| w == "object");
        for (k, m) in self.actors.iter().enumerate() {
            if m.first_token < te || m.end_token > hi {
                continue;
            }
            let introduced = marker_before(
                self.tokens,
                m.first_token,
                words,
                te.saturating_sub(1).max(self.from),
            )
            .is_some()
                || (m.first_token > te
                    && is_article(&self.tokens[m.first_token - 1])
                    && marker_before(self.tokens, m.first_token - 1, words, te).is_some());
            if introduced || (object && !self.governed(m)) {
                return self.compound_right(k, hi);
            }
        }
        Vec::new()
    }

    /// Finds the frame of `p` triggered at `[ts, te)`.
    pub fn frame(&self, p: &Pattern, ts: usize, te: usize) -> Frame {
        let hi = self.clause_end(te);
        let mut f = Frame {
            first: ts,
            end: te,
            ..Default::default()
        };
        // Reciprocal pairs: "tra X e Y".
        if p.reciprocal {
            if let Some(b) =
                (te..hi.min(te + 4)).find(|&i| lower_is(&self.tokens[i], &self.words.between))
            {
                if let Some(k) = self
                    .actors
                    .iter()
                    .position(|m| m.first_token > b && m.first_token <= b + 3)
                {
                    f.actors = self.compound_right(k, hi);
                }
            }
        }
        // Passive agent.
        if f.actors.is_empty() && !p.passive_by.is_empty() {
            // A passive auxiliary ("è stato", "have been") right before the trigger, or with
            // one word between ("è stato ufficialmente invitato"); not before a gerund.
            let gerund = self
                .words
                .gerund_suffixes
                .iter()
                .any(|g| self.tokens[ts].lower.ends_with(g.as_str()));
            let aux_before = !gerund
                && (marker_before(self.tokens, ts, &self.words.passive_aux, self.from).is_some()
                    || (ts > self.from + 1
                        && marker_before(self.tokens, ts - 1, &self.words.passive_aux, self.from)
                            .is_some()));
            for (k, m) in self.actors.iter().enumerate() {
                if m.first_token < te || m.first_token > te + 8 || m.end_token > hi {
                    continue;
                }
                let by =
                    marker_before(self.tokens, m.first_token, &p.passive_by, te).or_else(|| {
                        (m.first_token > te && is_article(&self.tokens[m.first_token - 1]))
                            .then(|| {
                                marker_before(self.tokens, m.first_token - 1, &p.passive_by, te)
                            })
                            .flatten()
                    });
                if by.is_some()
                    && (aux_before || p.pos == Pos::Noun || by.is_some_and(|b| b <= te + 1))
                {
                    f.actors = self.compound_right(k, hi);
                    f.passive = true;
                    break;
                }
            }
            // A passive without its agent ("civilians were killed"): the subject is the
            // recipient and the actor is unknown, so the event is not coded.
            if f.actors.is_empty() && aux_before && p.pos == Pos::Verb {
                f.passive = true;
            }
        }
        if f.actors.is_empty() && p.pos == Pos::Noun {
            // An adjacent nationality: "azione militare nordcoreana", "Russian invasion".
            let near = |m: &&&Mention| {
                matches!(m.kind, MentionKind::Demonym | MentionKind::Agent)
                    && ((m.first_token >= te && m.first_token <= te + 1)
                        || (m.end_token <= ts && m.end_token + 1 >= ts))
            };
            if let Some(k) = self.actors.iter().position(|m| near(&m)) {
                f.actors = vec![k];
            } else if p.actor == "of" {
                f.actors = self.after(te, &self.words.of_words, hi);
            }
        }
        if f.actors.is_empty() && p.actor == "speaker" {
            // "X said that Y must …": Y (the subject of the trigger) is asked by X (the
            // actor before Y).
            let rec = self.subject(ts);
            if let Some(&first) = rec.first() {
                let actors = self.subject(self.actors[first].first_token);
                if !actors.is_empty() {
                    f.actors = actors;
                    f.recipients = rec;
                }
            }
        } else if f.actors.is_empty() {
            f.actors = self.subject(ts);
            if f.passive {
                f.actors.clear();
            }
        } else if f.passive && p.pos == Pos::Verb {
            f.recipients = self.subject(ts);
        }
        if f.recipients.is_empty() && !p.recipient.is_empty() {
            let r = self.after(te, &p.recipient, hi);
            f.recipients = r.into_iter().filter(|k| !f.actors.contains(k)).collect();
        }
        // "X si aspetta che Y fornisca …": X receives what Y gives.
        if f.recipients.is_empty() && !f.passive && !p.recipient.is_empty() {
            if let Some(at) = self.beneficiary_verb_before(ts) {
                if let Some(k) = (0..self.actors.len())
                    .rev()
                    .find(|&k| self.actors[k].end_token <= at && !self.governed(self.actors[k]))
                {
                    if !f.actors.contains(&k) {
                        f.recipients = vec![k];
                    }
                }
            }
        }
        for &k in f.actors.iter().chain(&f.recipients) {
            f.first = f.first.min(self.actors[k].first_token);
            f.end = f.end.max(self.actors[k].end_token);
        }
        f
    }
}

/// Short lowercase function tokens between actors (`la`, `il`, `the`, `l'`).
fn is_article(t: &Token) -> bool {
    t.shape == vedetta_model::Shape::Lower
        && t.lower.chars().count() <= 4
        && (t.lower.len() <= 3 || t.lower.ends_with('\''))
}
