//! Sentence splitting over tokens.
//!
//! A sentence ends after `.`, `!`, `?` or `…` (abbreviations already carry their period and so
//! never end one), and at every line break. It never ends inside a quotation (`«…»`, `“…”`,
//! `"…"`) unless the quotation runs past a line break or past [`MAX_QUOTE_BYTES`]: a
//! multi-sentence quote stays in one sentence so that its speaker and text stay together.

use vedetta_model::{Sentence, Shape, Span, Token};

/// A quotation longer than this no longer holds sentences together (an unclosed quote).
pub const MAX_QUOTE_BYTES: usize = 3000;

/// Longest sentence, in tokens. Text without sentence ends (a 10 MB line, a list of names) is
/// cut into pieces of this size so that every later stage works on bounded sentences.
pub const MAX_SENTENCE_TOKENS: usize = 600;

fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…" | "?!" | "!?")
}

fn quote_role(t: &str) -> i32 {
    match t {
        "«" | "“" | "„" | "‹" => 1,
        "»" | "”" | "›" => -1,
        _ => 0,
    }
}

/// Splits tokens of `text` into sentences.
pub fn split(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    let mut first = 0usize;
    let mut depth = 0i32; // guillemets and curly quotes
    let mut straight = false; // inside "…"
    let mut quote_start = 0usize;
    let mut pending_end = false; // a terminal was seen inside a quote just closed
    let push = |out: &mut Vec<Sentence>, a: usize, b: usize| {
        if b > a {
            out.push(Sentence {
                span: Span::new(tokens[a].span.start, tokens[b - 1].span.end),
                first_token: a,
                end_token: b,
            });
        }
    };
    for i in 0..tokens.len() {
        if i - first >= MAX_SENTENCE_TOKENS {
            push(&mut out, first, i);
            first = i;
            depth = 0;
            straight = false;
            pending_end = false;
        }
        let t = &text[tokens[i].span.start..tokens[i].span.end];
        // A line break before this token ends the sentence and any open quote.
        if i > first && text[tokens[i - 1].span.end..tokens[i].span.start].contains('\n') {
            push(&mut out, first, i);
            first = i;
            depth = 0;
            straight = false;
            pending_end = false;
        }
        let in_quote = depth > 0 || straight;
        if in_quote && tokens[i].span.start.saturating_sub(quote_start) > MAX_QUOTE_BYTES {
            depth = 0;
            straight = false;
        }
        let role = quote_role(t);
        if role > 0 {
            if depth == 0 && !straight {
                quote_start = tokens[i].span.start;
            }
            depth += 1;
        } else if role < 0 {
            depth = (depth - 1).max(0);
        } else if t == "\"" {
            if !straight && depth == 0 {
                quote_start = tokens[i].span.start;
            }
            straight = !straight;
        }
        let closed_now = (role < 0 || t == "\"") && depth == 0 && !straight;
        let next_starts_new = tokens.get(i + 1).is_none_or(|n| starts_sentence(text, n));
        if is_terminal(t) {
            if depth == 0 && !straight {
                // Runs of terminals ("?!", "...") end once, after the last.
                let next_is_terminal = tokens
                    .get(i + 1)
                    .is_some_and(|n| is_terminal(&text[n.span.start..n.span.end]));
                let next_is_closer = tokens
                    .get(i + 1)
                    .is_some_and(|n| quote_role(&text[n.span.start..n.span.end]) < 0);
                if !next_is_terminal && !next_is_closer && next_starts_new {
                    push(&mut out, first, i + 1);
                    first = i + 1;
                }
            } else {
                pending_end = true;
            }
        } else if closed_now && pending_end {
            pending_end = false;
            if next_starts_new {
                push(&mut out, first, i + 1);
                first = i + 1;
            }
        } else if role == 0 && t != "\"" {
            pending_end = false;
        }
    }
    push(&mut out, first, tokens.len());
    out
}

/// A token that can open a sentence: capitalised, a number, or an opening quote/bracket.
fn starts_sentence(text: &str, t: &Token) -> bool {
    match t.shape {
        Shape::Title | Shape::Upper | Shape::Initial | Shape::Number | Shape::Other => true,
        Shape::Lower => false,
        Shape::Punct => {
            let s = &text[t.span.start..t.span.end];
            quote_role(s) > 0 || matches!(s, "\"" | "(" | "[" | "-" | "–" | "—" | "'")
        }
    }
}
