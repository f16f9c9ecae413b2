//! # vedetta-syntax
//!
//! A fast CPU tagger, lemmatiser and dependency parser trained on
//! Universal Dependencies treebanks, for Italian and English news.
//!
//! * [`conllu`]: CoNLL-U reader/writer (exact round trip).
//! * [`words`]: data-driven splitting of tokens into syntactic words.
//! * [`Model`]: per-language bundle (splitter, tagger, lemmatiser, parser);
//!   [`Model::parse`] analyses a sentence of words, [`Model::analyze`]
//!   goes from text + token spans to analysed words.
//! * [`mod@train`]: training from treebanks; [`eval`]: UD scoring;
//!   [`perceptron`]: the averaged perceptron, for other stages' models.
//!
//! ```no_run
//! let model = vedetta_syntax::Model::load(std::path::Path::new("models/it.model"))?;
//! for w in model.parse(&["Il", "governo", "ha", "approvato", "la", "legge", "."]) {
//!     println!("{} {} {} {} {}", w.upos, w.feats, w.lemma, w.head, w.deprel);
//! }
//! # Ok::<(), vedetta_syntax::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod codec;
pub mod conllu;
pub mod error;
pub mod eval;
mod hash;
mod lemma;
mod linear;
pub mod model;
mod parser;
pub mod perceptron;
mod tagger;
pub mod train;
pub mod words;

pub use error::{Error, Result};
pub use model::{words_to_sentence, Analysis, Model, ParsedWord, Scratch};
pub use train::{train, train_sentences, TrainOptions};
pub use vedetta_model::Upos;
pub use words::{SplitWord, Splitter, SplitterOptions};
