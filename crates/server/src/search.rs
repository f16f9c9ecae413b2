//! Stemmed full-text queries, as the CLI's `--q` makes them (the analysis crate's
//! [`vedetta_analysis::stem_query`], re-exported for the routes).

pub use vedetta_analysis::stem_query;
