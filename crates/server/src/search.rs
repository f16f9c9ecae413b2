//! Stemmed full-text queries, as the CLI's `--q` makes them.

use vedetta_analysis::Analyzer;
use vedetta_model::{Document, Shape};

/// The stemmed forms of a full-text query `q`, one string of space-separated stems per
/// language tried: `lang` only when given, else every loaded language pack. Languages the
/// analyser cannot use are skipped. The store matches these against the stemmed text as
/// alternatives to `q` itself ([`vedetta_store::EventFilter::q_stemmed`]).
pub fn stem_query(analyzer: &Analyzer, q: &str, lang: Option<&str>) -> Vec<String> {
    let langs: Vec<String> = match lang {
        Some(l) => vec![l.to_string()],
        None => analyzer.languages().map(str::to_string).collect(),
    };
    let mut out = Vec::new();
    for l in langs {
        let d = Document {
            id: "q".into(),
            source: "q".into(),
            date: None,
            lang: None,
            title: None,
            url: None,
            text: q.to_string(),
        };
        if let Ok(an) = analyzer.analyze(d, Some(&l)) {
            let stems: Vec<&str> = an
                .tokens
                .iter()
                .filter(|t| !matches!(t.shape, Shape::Punct))
                .map(|t| t.stem.as_str())
                .collect();
            out.push(stems.join(" "));
        }
    }
    out
}
