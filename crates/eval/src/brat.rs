//! brat stand-off annotation of attributions (PolNeAR `.ann` files): attributions with a
//! Content and a Source, and how a predicted source is compared with the gold one.

use std::collections::HashMap;

/// Words that do not make two source phrases the same.
const STOP: &[&str] = &[
    "the", "a", "an", "of", "his", "her", "its", "their", "our", "my", "your", "this", "that",
    "these", "those", "'s", "s", "and", "to", "in", "on", "for", "at", "by", "with", "some",
    "other", "another",
];
/// Gold sources that only a pronoun resolver could match by text.
pub const PRONOUNS: &[&str] = &[
    "he", "she", "they", "we", "i", "it", "you", "him", "her", "them", "us", "me", "who", "which",
    "that",
];

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty() && !STOP.contains(&w.as_str()))
        .collect()
}

/// True when the predicted source overlaps the gold one (a shared content word).
pub fn overlaps(pred: &str, gold: &str) -> bool {
    let g = words(gold);
    words(pred).iter().any(|w| g.contains(w))
}

/// True when one text contains the other, ignoring case.
pub fn contains_either(pred: &str, gold: &str) -> bool {
    let (p, g) = (pred.to_lowercase(), gold.to_lowercase());
    !p.trim().is_empty() && (p.contains(g.trim()) || g.contains(p.trim()))
}

/// One gold attribution: its content span (characters) and its source text.
pub struct Gold {
    /// Character span of the content (first fragment).
    pub content: (usize, usize),
    /// The source as written.
    pub source: String,
}

/// Reads one brat file: attributions with a Content and a Source (first fragments).
pub fn read_ann(text: &str) -> Vec<Gold> {
    let mut spans: HashMap<&str, ((usize, usize), &str)> = HashMap::new();
    let mut out = Vec::new();
    let mut rels = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 2 && f[0].starts_with('T') {
            let mut it = f[1].split(' ');
            let _kind = it.next();
            let rest: Vec<&str> = it.collect();
            let first = rest.join(" ");
            let frag = first.split(';').next().unwrap_or("");
            let mut nums = frag.split(' ').filter_map(|n| n.parse::<usize>().ok());
            if let (Some(a), Some(b)) = (nums.next(), nums.next()) {
                spans.insert(f[0], ((a, b), f.get(2).copied().unwrap_or("")));
            }
        } else if f.len() >= 2 && f[0].starts_with('E') {
            rels.push(f[1]);
        }
    }
    for r in rels {
        let mut content = None;
        let mut source = None;
        for part in r.split(' ') {
            if let Some((role, id)) = part.split_once(':') {
                let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                match role {
                    "Content" if content.is_none() => content = spans.get(id).map(|s| s.0),
                    "Source" if source.is_none() => source = spans.get(id).map(|s| s.1.to_string()),
                    _ => {}
                }
            }
        }
        if let (Some(content), Some(source)) = (content, source) {
            out.push(Gold { content, source });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_relations_are_read() {
        let ann = "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;22 30\tit rained\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        let g = read_ann(ann);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].content, (11, 20));
        assert_eq!(g[0].source, "Smith");
    }

    #[test]
    fn overlap_is_by_content_words() {
        assert!(overlaps("Hillary Clinton", "Clinton"));
        assert!(overlaps("the source", "a source"));
        assert!(!overlaps("the campaign", "the source"));
        assert!(contains_either("Clinton", "Hillary Clinton"));
    }
}
