//! Named stages with declared inputs and outputs, as spaCy's pipeline components: each stage
//! says which layers of a [`Doc`] it needs and which it adds, so a stage list can be checked
//! when it is loaded rather than failing on the first document.

use crate::Doc;

/// A layer of annotation a [`Doc`] carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Language, sentences and tokens (the `analysis` stage, always first).
    Tokens,
    /// Syntactic words, tags, lemmas and dependency trees.
    Syntax,
    /// Actor mentions.
    Mentions,
    /// Time expressions.
    Timexes,
    /// Quotations and their speakers.
    Quotes,
    /// Quantities.
    Quantities,
    /// Events.
    Events,
    /// The attribution chain of each event.
    Attribution,
    /// Place names resolved to the gazetteer, and each event's location.
    Places,
}

impl Layer {
    /// The layer's name, as stage errors show it.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Tokens => "tokens",
            Layer::Syntax => "syntax",
            Layer::Mentions => "mentions",
            Layer::Timexes => "timexes",
            Layer::Quotes => "quotes",
            Layer::Quantities => "quantities",
            Layer::Events => "events",
            Layer::Attribution => "attribution",
            Layer::Places => "places",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of layers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layers(u16);

impl Layers {
    /// True when `l` is in the set.
    pub fn has(self, l: Layer) -> bool {
        self.0 & l.bit() != 0
    }
    /// Adds `l`.
    pub fn add(&mut self, l: Layer) {
        self.0 |= l.bit();
    }
}

/// One named step of the pipeline.
pub trait Stage: Send + Sync {
    /// The stage's name, as language packs list it (`lang.toml`, `pipeline = [...]`).
    fn name(&self) -> &'static str;
    /// The layers it reads; they must be added by earlier stages.
    fn requires(&self) -> &'static [Layer];
    /// The layers it adds.
    fn adds(&self) -> &'static [Layer];
    /// Runs on one document, adding its layers. Stages do not fail on text: whatever the
    /// input, they add what they can (possibly nothing).
    fn run(&self, doc: &mut Doc);
}

/// Checks that every stage of `list` finds the layers it requires, after `start` (the
/// layers the `analysis` stage adds). Returns the name of the first stage that does not and
/// the missing layer.
pub fn check_order(list: &[&dyn Stage], mut have: Layers) -> Result<(), (&'static str, Layer)> {
    for s in list {
        if let Some(missing) = s.requires().iter().find(|l| !have.has(**l)) {
            return Err((s.name(), *missing));
        }
        for l in s.adds() {
            have.add(*l);
        }
    }
    Ok(())
}
