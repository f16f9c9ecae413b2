//! Shared helpers of the fuzz targets: the loaded pipeline (once per process) and the
//! ingest reader over bytes.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use vedetta_analysis::Analyzer;
use vedetta_coding::Coder;
use vedetta_data::DataSource;
use vedetta_ingest::{Format, IngestOptions, Reader};
use vedetta_mentions::MentionFinder;
use vedetta_model::{Document, Event, Mention, Quote, Timex};

/// Per-language rules of the `mentions` stage beyond actors (as the CLI loads them).
pub struct Rules {
    pub time: vedetta_mentions::time::TimeRules,
    pub quotes: vedetta_mentions::quotes::QuoteRules,
    pub quantities: vedetta_mentions::quantity::QuantityRules,
}

/// The stages on the embedded data, as `vedetta code` loads them.
pub struct Pipeline {
    pub analyzer: Analyzer,
    pub mentions: MentionFinder,
    pub rules: BTreeMap<String, Rules>,
    pub coder: Coder,
}

/// The pipeline, loaded once per process.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let src = DataSource::Embedded;
        let analyzer = Analyzer::load(&src).expect("packs");
        let mentions = MentionFinder::load(&src, &analyzer, &[]).expect("actors");
        let mut rules = BTreeMap::new();
        for code in analyzer.languages() {
            let pack = analyzer.pack(code).expect("listed");
            rules.insert(
                code.to_string(),
                Rules {
                    time: vedetta_mentions::time::TimeRules::load(pack).expect("time"),
                    quotes: vedetta_mentions::quotes::load(pack).expect("quotes"),
                    quantities: vedetta_mentions::quantity::load(pack).expect("quantities"),
                },
            );
        }
        let coder = Coder::load(&src, &analyzer).expect("patterns");
        Pipeline {
            analyzer,
            mentions,
            rules,
            coder,
        }
    })
}

/// What coding one document gave (the analysis is given back too).
pub struct Coded {
    pub analysis: vedetta_model::Analysis,
    pub mentions: Vec<Mention>,
    pub timexes: Vec<Timex>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
}

impl Pipeline {
    /// Analyses and codes one document exactly as the CLI's `Pipeline::code` does.
    pub fn code(&self, doc: Document, force: Option<&str>) -> Option<Coded> {
        let analysis = self.analyzer.analyze(doc, force).ok()?;
        let mentions = self.mentions.find(&analysis);
        let rules = self.rules.get(&analysis.lang)?;
        let timexes = vedetta_mentions::time::find_timexes(&analysis, &rules.time);
        let quotes = vedetta_mentions::quotes::find_quotes(&analysis, &mentions, &rules.quotes);
        let quantities = vedetta_mentions::quantity::find_quantities(&analysis, &rules.quantities);
        let attributor =
            vedetta_mentions::quotes::Attributor::new(&analysis, &mentions, &rules.quotes, &quotes);
        let attribution = |span| attributor.sources(span);
        let inputs = vedetta_coding::Inputs {
            mentions: &mentions,
            timexes: &timexes,
            quantities: &quantities,
            attribution: &attribution,
        };
        let events = self.coder.code(&analysis, &inputs);
        let _ = vedetta_analysis::stemmed_text(&analysis);
        Some(Coded {
            analysis,
            mentions,
            timexes,
            quotes,
            events,
        })
    }
}

/// Reads `data` as one input of format `fmt` (sniffed when `None`) and drains the reader,
/// checking what every reader promises: errors name the source, documents have text.
pub fn read_all(data: &[u8], name: &str, fmt: Option<Format>, opts: IngestOptions) -> Vec<Document> {
    let mut docs = Vec::new();
    for item in Reader::from_bytes(data.to_vec(), name, fmt, opts) {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => {
                assert!(!e.source.is_empty(), "an error without its source: {e}");
                let _ = e.to_string();
            }
        }
    }
    docs
}

/// Small limits, so that size checks are reached by short inputs too.
pub fn small_opts(flag: u8) -> IngestOptions {
    let mut o = IngestOptions::default();
    if flag & 1 == 1 {
        o.max_doc_bytes = 64 + (flag as usize) * 8;
        o.max_feed_bytes = 256 + (flag as usize) * 32;
    }
    o
}
