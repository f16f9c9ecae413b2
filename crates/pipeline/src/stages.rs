//! The stages of the pipeline after `analysis`, by name: `mentions`, `time`, `quotes`,
//! `quantities`, `coding`. Each holds the loaded data of every language pack it serves and
//! does nothing for a document of a language it has no data for.

use crate::stage::{Layer, Stage};
use crate::Doc;
use std::collections::BTreeMap;
use std::sync::Arc;
use vedetta_coding::Coder;
use vedetta_mentions::quantity::QuantityRules;
use vedetta_mentions::quotes::QuoteRules;
use vedetta_mentions::time::TimeRules;
use vedetta_mentions::MentionFinder;

/// `syntax`: UD words, tags, features, lemmas and a dependency tree, from the language's
/// trained model (`data/models/<lang>/syntax.model`), for the sentences that can hold an
/// event ([`Coder::wants_parse`]: an actor mention and a trigger's stem), so the parser's
/// cost goes where the coder needs it.
pub struct SyntaxStage {
    /// The models by language.
    pub models: Arc<BTreeMap<String, vedetta_syntax::Model>>,
    /// Chooses the sentences to parse.
    pub coder: Arc<Coder>,
}

impl Stage for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Mentions]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Syntax]
    }
    fn run(&self, doc: &mut Doc) {
        let Some(model) = self.models.get(&doc.analysis.lang) else {
            return;
        };
        let (an, mentions) = (&doc.analysis, &doc.mentions);
        doc.syntax = parse_selected(model, an, |i| self.coder.wants_parse(an, i, mentions));
    }
}

/// The syntax of every sentence of `an` (a sentence the model cannot take is left without
/// words: the stage never fails on text).
pub fn parse_sentences(
    model: &vedetta_syntax::Model,
    an: &vedetta_model::Analysis,
) -> Vec<vedetta_model::SentenceSyntax> {
    parse_selected(model, an, |_| true)
}

/// The syntax of the sentences of `an` that `want` chooses, in order.
pub fn parse_selected(
    model: &vedetta_syntax::Model,
    an: &vedetta_model::Analysis,
    want: impl Fn(usize) -> bool,
) -> Vec<vedetta_model::SentenceSyntax> {
    let text = &an.doc.text;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    an.sentences
        .iter()
        .enumerate()
        .filter(|(i, _)| want(*i))
        .map(|(i, s)| {
            spans.clear();
            spans.extend(
                an.tokens[s.first_token..s.end_token.min(an.tokens.len())]
                    .iter()
                    .map(|t| (t.span.start, t.span.end)),
            );
            let words = match model.analyze(text, &spans) {
                Ok(a) => a
                    .words
                    .into_iter()
                    .zip(a.parsed)
                    .map(|(w, p)| vedetta_model::Word {
                        span: vedetta_model::Span::new(w.start, w.end),
                        token: s.first_token + w.token,
                        form: w.form,
                        lemma: p.lemma,
                        upos: p.upos,
                        feats: p.feats.to_string(),
                        head: p.head as u32,
                        deprel: p.deprel.to_string(),
                        multiword: w.multiword,
                    })
                    .collect(),
                Err(_) => Vec::new(),
            };
            vedetta_model::SentenceSyntax { sentence: i, words }
        })
        .collect()
}

/// `mentions`: actors, places and unknown names from the dictionary automaton.
pub struct MentionsStage(pub Arc<MentionFinder>);

impl Stage for MentionsStage {
    fn name(&self) -> &'static str {
        "mentions"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }
    fn run(&self, doc: &mut Doc) {
        doc.mentions = self.0.find(&doc.analysis);
    }
}

/// `time`: time expressions normalised against the document date.
pub struct TimeStage(pub Arc<BTreeMap<String, TimeRules>>);

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Timexes]
    }
    fn run(&self, doc: &mut Doc) {
        if let Some(r) = self.0.get(&doc.analysis.lang) {
            doc.timexes = vedetta_mentions::time::find_timexes(&doc.analysis, r);
        }
    }
}

/// `quotes`: quotations and their speakers.
pub struct QuotesStage(pub Arc<BTreeMap<String, QuoteRules>>);

impl Stage for QuotesStage {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Mentions]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn run(&self, doc: &mut Doc) {
        if let Some(r) = self.0.get(&doc.analysis.lang) {
            doc.quotes = vedetta_mentions::quotes::find_quotes(&doc.analysis, &doc.mentions, r);
        }
    }
}

/// `quantities`: numbers and amounts with what they count.
pub struct QuantitiesStage(pub Arc<BTreeMap<String, QuantityRules>>);

impl Stage for QuantitiesStage {
    fn name(&self) -> &'static str {
        "quantities"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Quantities]
    }
    fn run(&self, doc: &mut Doc) {
        if let Some(r) = self.0.get(&doc.analysis.lang) {
            doc.quantities = vedetta_mentions::quantity::find_quantities(&doc.analysis, r);
        }
    }
}

/// `coding`: PLOVER events with their arguments, aux mode, date, quantities and the
/// attribution chain of each (from the quotes and reporting clauses).
pub struct CodingStage {
    /// The event coder.
    pub coder: Arc<Coder>,
    /// Reporting verbs and cues, for attribution.
    pub quotes: Arc<BTreeMap<String, QuoteRules>>,
}

impl Stage for CodingStage {
    fn name(&self) -> &'static str {
        "coding"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Syntax,
            Layer::Mentions,
            Layer::Timexes,
            Layer::Quantities,
            Layer::Quotes,
        ]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Events, Layer::Attribution]
    }
    fn run(&self, doc: &mut Doc) {
        if let Some(events) = with_coding_inputs(&self.quotes, doc, |inputs| {
            self.coder.code(&doc.analysis, inputs)
        }) {
            doc.events = events;
        }
    }
}

/// `geo`: place names resolved to the embedded gazetteer (`data/geo/gazetteer.tsv`), and
/// the location of each event (PLOVER's location object).
pub struct GeoStage(pub Arc<vedetta_geo::Geo>);

impl Stage for GeoStage {
    fn name(&self) -> &'static str {
        "geo"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Mentions, Layer::Events]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn run(&self, doc: &mut Doc) {
        doc.toponyms = self.0.toponyms(&doc.analysis, &doc.mentions);
        self.0.locate(&doc.analysis, &doc.toponyms, &mut doc.events);
    }
}

/// Calls `f` with the coder's inputs for `doc` (its layers and the attribution of its
/// language's quote rules); `None` when the language has no quote rules.
pub fn with_coding_inputs<R>(
    quotes: &BTreeMap<String, QuoteRules>,
    doc: &Doc,
    f: impl FnOnce(&vedetta_coding::Inputs<'_>) -> R,
) -> Option<R> {
    let rules = quotes.get(&doc.analysis.lang)?;
    let attributor =
        vedetta_mentions::quotes::Attributor::new(&doc.analysis, &doc.mentions, rules, &doc.quotes);
    let attribution = |span| attributor.sources(span);
    let inputs = vedetta_coding::Inputs {
        syntax: &doc.syntax,
        mentions: &doc.mentions,
        timexes: &doc.timexes,
        quantities: &doc.quantities,
        attribution: &attribution,
    };
    Some(f(&inputs))
}
