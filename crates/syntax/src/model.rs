//! The per-language [`Model`]: splitter + tagger + lemmatiser + parser,
//! its file format and the analysis API.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::hash::hash_str;
use crate::lemma::{LemmaScratch, Lemmatizer};
use crate::parser::{PTok, ParseScratch, Parser};
use crate::tagger::{TagScratch, Tagger, WordInfo};
use crate::words::{SplitWord, Splitter};
use std::io::{Read, Write};
use vedetta_model::Upos;

const MAGIC: &[u8; 4] = b"VSYN";
const VERSION: u32 = 1;
const MAX_UNPACKED: u64 = 1 << 30;

/// One analysed syntactic word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedWord<'m> {
    /// Universal part of speech.
    pub upos: Upos,
    /// FEATS string (`Number=Sing|PronType=Art`, or `_`), borrowed from the model.
    pub feats: &'m str,
    /// Lemma.
    pub lemma: String,
    /// Head: 0 = root, otherwise the 1-based index of the head word.
    pub head: usize,
    /// Dependency relation with subtype (`nsubj`, `obl:agent`, `root`), borrowed from the model.
    pub deprel: &'m str,
}

impl ParsedWord<'_> {
    /// `(name, value)` pairs of the features.
    pub fn feats_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        crate::conllu::feats_pairs(self.feats)
    }
    /// Value of one feature (`feat("Tense")` → `Some("Past")`).
    pub fn feat(&self, name: &str) -> Option<&str> {
        self.feats_pairs().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

/// Result of [`Model::analyze`]: the words found in the tokens and their
/// analyses (same length, same order).
#[derive(Debug, Clone)]
pub struct Analysis<'m> {
    /// Syntactic words with spans and token indices.
    pub words: Vec<SplitWord>,
    /// Tag, lemma and dependency of each word.
    pub parsed: Vec<ParsedWord<'m>>,
}

impl Analysis<'_> {
    /// CoNLL-U sentence of the analysis: `# text` comment, a multiword
    /// token line `a-b` for every token split into several words, and
    /// `SpaceAfter=No` where the next token starts right after this one.
    /// `text` and `tokens` must be those given to [`Model::analyze`].
    pub fn to_sentence(&self, text: &str, tokens: &[(usize, usize)]) -> crate::conllu::Sentence {
        use crate::conllu::{Node, NodeKind, Sentence};
        let clean = |s: &str| -> String {
            let t: String = s
                .chars()
                .map(|c| {
                    if c == '\t' || c == '\n' || c == '\r' {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            if t.is_empty() {
                "_".into()
            } else {
                t
            }
        };
        let mut s = Sentence {
            comments: vec![format!("# text = {}", text.replace(['\n', '\r'], " "))],
            nodes: Vec::new(),
        };
        let ws = &self.words;
        let mut i = 0;
        while i < ws.len() {
            let tok = ws[i].token;
            let mut j = i + 1;
            while j < ws.len() && ws[j].token == tok && ws[j].multiword {
                j += 1;
            }
            let (ts, te) = tokens.get(tok).copied().unwrap_or((ws[i].start, ws[i].end));
            let space_after = match tokens.get(tok + 1) {
                Some(n) => n.0 > te,
                None => true,
            };
            let misc = if space_after { "_" } else { "SpaceAfter=No" };
            let mwt = ws[i].multiword && j - i >= 2;
            if mwt {
                let mut n = Node::word(0, &clean(text.get(ts..te).unwrap_or("_")));
                n.kind = NodeKind::Multiword;
                n.id = format!("{}-{}", i + 1, j);
                n.misc = misc.into();
                s.nodes.push(n);
            }
            for (k, w) in ws.iter().enumerate().take(j).skip(i) {
                let mut n = Node::word(k + 1, &clean(&w.form));
                if let Some(p) = self.parsed.get(k) {
                    n.lemma = clean(&p.lemma);
                    n.upos = p.upos.as_str().into();
                    n.feats = p.feats.into();
                    n.head = p.head.to_string();
                    n.deprel = p.deprel.into();
                }
                if !mwt {
                    n.misc = misc.into();
                }
                s.nodes.push(n);
            }
            i = j;
        }
        s
    }
}

/// The CoNLL-U sentence of words the `syntax` stage made ([`vedetta_model::Word`]) for the
/// tokens `tokens` (byte spans in `text`, the sentence's tokens in order): what
/// [`Analysis::to_sentence`] writes for the same analysis. `first_token` is the index of
/// the sentence's first token among the document's (the words' `token` counts from there).
pub fn words_to_sentence(
    text: &str,
    tokens: &[(usize, usize)],
    first_token: usize,
    words: &[vedetta_model::Word],
) -> crate::conllu::Sentence {
    let an = Analysis {
        words: words
            .iter()
            .map(|w| SplitWord {
                form: w.form.clone(),
                start: w.span.start,
                end: w.span.end,
                token: w.token.saturating_sub(first_token),
                multiword: w.multiword,
            })
            .collect(),
        parsed: words
            .iter()
            .map(|w| ParsedWord {
                upos: w.upos,
                feats: &w.feats,
                lemma: w.lemma.clone(),
                head: w.head as usize,
                deprel: &w.deprel,
            })
            .collect(),
    };
    an.to_sentence(text, tokens)
}

/// Reusable buffers for [`Model::parse_with`] (avoids per-sentence
/// allocation in loops).
#[derive(Default)]
pub struct Scratch {
    info: Vec<WordInfo>,
    upos: Vec<u8>,
    feats: Vec<u16>,
    toks: Vec<PTok>,
    tag: TagScratch,
    lem: LemmaScratch,
    parse: ParseScratch,
}

/// A trained model for one language.
pub struct Model {
    pub(crate) lang: String,
    pub(crate) meta: String,
    pub(crate) splitter: Splitter,
    pub(crate) tagger: Tagger,
    pub(crate) lemmatizer: Lemmatizer,
    pub(crate) parser: Parser,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl Model {
    /// Language code the model was trained for (`it`, `en`).
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Free-form training metadata (JSON) stored in the model.
    pub fn meta(&self) -> &str {
        &self.meta
    }

    /// The word splitter.
    pub fn splitter(&self) -> &Splitter {
        &self.splitter
    }

    /// Dependency labels the parser can output.
    pub fn deprels(&self) -> &[String] {
        &self.parser.labels
    }

    /// Tags, lemmatises and parses one sentence of syntactic words.
    /// Never panics; an empty input gives an empty output.
    pub fn parse(&self, words: &[&str]) -> Vec<ParsedWord<'_>> {
        let mut sc = Scratch::default();
        self.parse_with(words, &mut sc)
    }

    /// Like [`Model::parse`], reusing caller-owned buffers.
    pub fn parse_with(&self, words: &[&str], sc: &mut Scratch) -> Vec<ParsedWord<'_>> {
        let n = words.len();
        if n == 0 {
            return Vec::new();
        }
        sc.info.clear();
        sc.info.extend(words.iter().map(|w| WordInfo::new(w)));
        self.tagger
            .tag(&sc.info, &mut sc.upos, &mut sc.feats, &mut sc.tag);
        let mut lemmas = Vec::with_capacity(n);
        sc.toks.clear();
        sc.toks.push(PTok::root());
        for (i, w) in words.iter().enumerate() {
            let l = self
                .lemmatizer
                .lemma(w, sc.upos[i], sc.feats[i], &mut sc.lem);
            sc.toks.push(PTok::new(
                sc.info[i].lower,
                sc.upos[i],
                sc.feats[i],
                hash_str(&l),
            ));
            lemmas.push(l);
        }
        let st = self.parser.parse(&sc.toks, &mut sc.parse);
        let mut out = Vec::with_capacity(n);
        for (i, lemma) in lemmas.into_iter().enumerate() {
            let d = i + 1;
            out.push(ParsedWord {
                upos: Upos::from_id(sc.upos[i] as usize),
                feats: self
                    .tagger
                    .feats_labels
                    .get(sc.feats[i] as usize)
                    .map(|s| s.as_str())
                    .unwrap_or("_"),
                lemma,
                head: st.head.get(d).copied().unwrap_or(0),
                deprel: self.parser.label(st.label.get(d).copied().unwrap_or(0)),
            });
        }
        out
    }

    /// Splits tokens (byte spans into `text`) into syntactic words.
    pub fn split_words(&self, text: &str, tokens: &[(usize, usize)]) -> Result<Vec<SplitWord>> {
        self.splitter.split(text, tokens)
    }

    /// Text + token spans of one sentence → words → tags, lemmas, tree.
    pub fn analyze(&self, text: &str, tokens: &[(usize, usize)]) -> Result<Analysis<'_>> {
        let words = self.split_words(text, tokens)?;
        let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
        let parsed = self.parse(&forms);
        Ok(Analysis { words, parsed })
    }

    /// Serialises the model (gzip-compressed, deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.buf.extend_from_slice(MAGIC);
        w.u32(VERSION);
        w.str(&self.lang);
        w.str(&self.meta);
        self.splitter.write(&mut w);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        let mut enc = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::new(6));
        // writing into a Vec cannot fail
        let _ = enc.write_all(&w.buf);
        enc.finish().unwrap_or_default()
    }

    /// Loads a model from the bytes written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_UNPACKED)
            .read_to_end(&mut raw)
            .map_err(|e| Error::Format(format!("not a gzip model file: {e}")))?;
        let mut r = Reader::new(&raw);
        let magic = [r.u8()?, r.u8()?, r.u8()?, r.u8()?];
        if &magic != MAGIC {
            return Err(Error::Format(
                "bad magic (not a vedetta-syntax model)".into(),
            ));
        }
        let v = r.u32()?;
        if v != VERSION {
            return Err(Error::Format(format!("unsupported model version {v}")));
        }
        let lang = r.str()?;
        let meta = r.str()?;
        let splitter = Splitter::read(&mut r)?;
        let tagger = Tagger::read(&mut r)?;
        let mut lemmatizer = Lemmatizer::read(&mut r)?;
        lemmatizer.attach_feats(&tagger.feats_labels);
        let parser = Parser::read(&mut r)?;
        if !r.at_end() {
            return Err(Error::Format("trailing data after model".into()));
        }
        Ok(Model {
            lang,
            meta,
            splitter,
            tagger,
            lemmatizer,
            parser,
        })
    }

    /// Reads a model file.
    pub fn load(path: &std::path::Path) -> Result<Model> {
        let b = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Model::from_bytes(&b)
    }

    /// Writes the model file.
    pub fn save(&self, path: &std::path::Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).map_err(|e| Error::io(path, e))
    }

    /// Drops weights whose quantised magnitude is below the thresholds
    /// (parser, tagger), trading accuracy for size and speed.
    pub fn prune(&mut self, parser_min: i16, tagger_min: i16) {
        self.parser.prune(parser_min);
        self.tagger.prune(tagger_min);
    }

    /// Human-readable sizes of the components.
    pub fn summary(&self) -> String {
        let (tw, td) = self.tagger.sizes();
        let (ls, ll, lw) = self.lemmatizer.sizes();
        let (sf, sr) = self.splitter.sizes();
        format!(
            "lang={} splitter(full={sf}, rules={sr}) tagger(weights={tw}, dict={td}, feats={}) lemma(scripts={ls}, lexicon={ll}, weights={lw}) parser(labels={}, weights={}, rows={})",
            self.lang,
            self.tagger.feats_labels.len(),
            self.parser.labels.len(),
            self.parser.n_weights(),
            self.parser.n_rows()
        )
    }
}
