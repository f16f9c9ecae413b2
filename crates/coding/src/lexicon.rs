//! The event dictionary of a language: `data/lang/<iso>/events/<type>.toml` (one file per
//! PLOVER type) and `events/frame.toml`, in the format of `data/lang/EVENTS.md`, parsed
//! strictly: an unknown key, a value of the wrong type, an unknown slot, UPOS or type is an
//! error naming the file and line.

use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use vedetta_analysis::LangPack;
use vedetta_model::{PloverType, Upos};

/// A problem in a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {msg}")]
pub struct LexiconError {
    /// The file.
    pub path: String,
    /// 1-based line (1 when the problem is the file as a whole).
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

/// Where an argument of a predicate is found on the parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// `nsubj` (a passive predicate's agent), inherited through `xcomp`, `conj` and
    /// relative clauses when the predicate has none.
    Subject,
    /// `obj` (a passive predicate's `nsubj:pass`).
    Object,
    /// `iobj`.
    Iobj,
    /// `nmod:poss` and possessive determiners.
    Poss,
    /// An adjective modifier (`invasione russa`).
    Amod,
    /// The `nmod` with the language's `of` preposition.
    Of,
    /// An `obl` or `nmod` whose case (with its `fixed` words) is this preposition.
    Prep(String),
}

impl Slot {
    fn parse(s: &str) -> Option<Slot> {
        Some(match s {
            "subject" => Slot::Subject,
            "object" => Slot::Object,
            "iobj" => Slot::Iobj,
            "poss" => Slot::Poss,
            "amod" => Slot::Amod,
            "of" => Slot::Of,
            p if !p.is_empty()
                && p.chars()
                    .all(|c| c.is_alphabetic() || c == ' ' || c == '\'') =>
            {
                Slot::Prep(p.to_lowercase())
            }
            _ => return None,
        })
    }
}

/// What happens to an event in the complement of a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Complement {
    /// The complement keeps its own event.
    #[default]
    Event,
    /// This predicate is coded instead of the events in its complement.
    SelfCoded,
}

/// One pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Unique id (`en.assault.attack`).
    pub id: String,
    /// PLOVER type.
    pub ty: PloverType,
    /// Lemmas of the predicate.
    pub lemmas: Vec<String>,
    /// UPOS the predicate may have.
    pub pos: Vec<Upos>,
    /// CAMEO code.
    pub cameo: String,
    /// Fixed PLOVER mode.
    pub mode: Option<String>,
    /// PLOVER contexts.
    pub context: Vec<String>,
    /// Required `obj` lemmas.
    pub object: Vec<String>,
    /// Required `compound:prt` lemmas.
    pub particle: Vec<String>,
    /// Some dependent must have one of these lemmas.
    pub with: Vec<String>,
    /// No dependent may have one of these lemmas.
    pub without: Vec<String>,
    /// Actor slots (empty: the language's default for the predicate's UPOS).
    pub actor: Vec<Slot>,
    /// Recipient slots (empty: the default).
    pub recipient: Vec<Slot>,
    /// Actor and recipient act together.
    pub reciprocal: bool,
    /// Coded only with a recipient.
    pub needs_recipient: bool,
    /// Matches only a predicate with a clausal complement (`xcomp`, `ccomp`, `advcl`):
    /// "invited X to leave" is REQUEST, "invited X" is AGREE.
    pub needs_clause: bool,
    /// A noun opened by one of these prepositions is not this event ("arrestato con
    /// l'accusa di furto": the charge of an arrest, not an accusation).
    pub not_in: Vec<String>,
    /// With no actor named, the state of the sentence's places is the actor ("Putin è
    /// stato invitato in Corea del Nord": North Korea invites).
    pub place_actor: bool,
    /// Curated: when the rules code this pattern, it is an event whatever the learned
    /// classifier says.
    pub force: bool,
    /// What happens to the complement's events.
    pub complement: Complement,
    /// With [`Complement::SelfCoded`]: the recipient comes from the complement when this
    /// predicate names none.
    pub recipient_from_complement: bool,
    /// Mode by words of the clause, in order.
    pub modes: Vec<(String, Vec<String>)>,
    /// File and line, for explanations and errors.
    pub origin: String,
}

impl Pattern {
    /// True when the pattern has a constraint besides its lemma (such patterns win over
    /// plain ones on the same word).
    pub fn specific(&self) -> bool {
        !self.object.is_empty()
            || !self.particle.is_empty()
            || !self.with.is_empty()
            || self.needs_clause
            || !self.not_in.is_empty()
    }
}

fn yes() -> bool {
    true
}

/// Words of a language the frame finder and the aux rules use (`events/frame.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameWords {
    /// Verbs whose object noun is the event (`launch an attack`): its actor is their subject.
    #[serde(default)]
    pub light_verbs: Vec<String>,
    /// Nouns of number or series whose `of` phrase is the event a light verb takes ("launched
    /// a series of attacks", "ha avviato un'ondata di arresti").
    #[serde(default)]
    pub measure_nouns: Vec<String>,
    /// Reporting verbs: their complement is reported speech.
    #[serde(default)]
    pub reporting: Vec<String>,
    /// `advmod`/`det` lemmas that negate.
    #[serde(default)]
    pub negators: Vec<String>,
    /// Auxiliaries of possibility (`could`, `potere`).
    #[serde(default)]
    pub hypothetical_aux: Vec<String>,
    /// Auxiliaries of the future (`will`).
    #[serde(default)]
    pub future_aux: Vec<String>,
    /// Heads that make their complement future (`plan to`, `in preparazione`).
    #[serde(default)]
    pub future_governors: Vec<String>,
    /// Heads that make their complement hypothetical (`consider`, `propose`).
    #[serde(default)]
    pub hypothetical_governors: Vec<String>,
    /// Heads that negate their complement (`fail to`).
    #[serde(default)]
    pub negative_governors: Vec<String>,
    /// Modifiers of possibility (`possible`, `potential`, `forse`).
    #[serde(default)]
    pub hypothetical_words: Vec<String>,
    /// Modifiers of the future (`upcoming`, `prossimo`).
    #[serde(default)]
    pub future_words: Vec<String>,
    /// Prepositions of background: a noun event after one is not a new event.
    #[serde(default)]
    pub background_preps: Vec<String>,
    /// Marks of conditional clauses (`if`, `se`).
    #[serde(default)]
    pub conditional_marks: Vec<String>,
    /// Marks of purpose clauses (`to`, `per`): "opened fire to disperse the demonstrators".
    #[serde(default)]
    pub purpose_marks: Vec<String>,
    /// Types whose event, with no recipient of its own, is against the object of its
    /// purpose clause ("opened fire to disperse the demonstrators": the demonstrators).
    #[serde(default)]
    pub purpose_recipient_types: Vec<String>,
    /// Types of acts whose purpose clause is part of the act (`PROTEST`: "demonstrated to
    /// demand reforms" is one protest, not a request as well).
    #[serde(default)]
    pub purpose_act_types: Vec<String>,
    /// Types a purpose clause of those acts does not state on its own (`REQUEST`).
    #[serde(default)]
    pub purpose_part_types: Vec<String>,
    /// Marks of temporal clauses (`after`, `when`, `dopo`): a clause they open is background.
    #[serde(default)]
    pub temporal_marks: Vec<String>,
    /// A conditional perfect is reported fact, not a hypothesis (Italian `avrebbe alzato`).
    #[serde(default)]
    pub reportive_conditional: bool,
    /// Default actor slots of nouns.
    #[serde(default)]
    pub noun_actor: Vec<String>,
    /// Default recipient slots of nouns.
    #[serde(default)]
    pub noun_recipient: Vec<String>,
    /// The language's `of` prepositions (`of`, `di`).
    #[serde(default)]
    pub of_preps: Vec<String>,
    /// Passive agent prepositions (`by`, `da`, `da parte di`).
    #[serde(default)]
    pub agent_preps: Vec<String>,
    /// Prepositions of reciprocal pairs (`between`, `tra`).
    #[serde(default)]
    pub between_preps: Vec<String>,
    /// Prepositions of a location phrase (`in`, `at`, `near`, `a`, `presso`).
    #[serde(default)]
    pub place_preps: Vec<String>,
    /// Prepositions of a phrase that says where an event happened, for its location (the
    /// `geo` stage): the location prepositions and a few more (`su`, `on`, `over`, `through`).
    #[serde(default)]
    pub location_preps: Vec<String>,
    /// Types whose event, with no recipient named, is against the place it happens in
    /// ("demonstrated in Serbia" → SRB, "suspended aid deliveries in Baghdad" → IRQ).
    #[serde(default)]
    pub place_recipient_types: Vec<String>,
    /// Types whose recipient, when the argument is there but names no actor and no place
    /// ("police arrested twelve people", "accepted the rebels' demands"), is the actor's own
    /// country (a same-country dyad).
    #[serde(default)]
    pub own_country_types: Vec<String>,
    /// Types whose agentless event, in a sentence that places it nowhere, is by the state
    /// of its recipient ("l'arresto di Laurent Gbagbo" → CIV→CIV: arrests are made by the
    /// state where they happen).
    #[serde(default)]
    pub recipient_state_actor_types: Vec<String>,
    /// Actor sectors (CAMEO codes) whose PROTEST is verbal: a protest of politicians,
    /// governments or courts is an ACCUSE (ANNOTATION-DECISIONS: "proteste" by politicians or
    /// institutions → ACCUSE, not PROTEST).
    #[serde(default)]
    pub verbal_protest_sectors: Vec<String>,
    /// Types whose event, with no recipient named, is against the authority the sentence
    /// names ("demonstrations to demand reforms by Suharto's government", "le proteste
    /// contro il regime del presidente Assad", "scontri con le forze dell'ordine"): a
    /// mention of one of `authority_sectors`, in the predicate's clause first.
    #[serde(default)]
    pub authority_target_types: Vec<String>,
    /// A word whose lemma has no pattern is looked up by its token's stem (for a
    /// lemmatiser that gets some forms wrong: "rioted" → "riote"). Off where the stems
    /// join derivations the patterns keep apart (Italian "interno" and "internamento").
    #[serde(default = "yes")]
    pub stem_fallback: bool,
    /// Actor sectors (CAMEO codes) that are an authority a protest is against: government,
    /// police, military, courts, parliament, intelligence.
    #[serde(default)]
    pub authority_sectors: Vec<String>,
    /// Lemma endings the lemmatiser gets wrong, each with the right one: a predicate whose
    /// lemma has no pattern is looked up again with the ending replaced (Italian
    /// `-iscare` → `-ire`: "fornisca" lemmatised "forniscare" is `fornire`).
    #[serde(default)]
    pub lemma_repairs: Vec<(String, String)>,
    /// Marks of a negative condition (`unless`, `a meno che`; a multiword mark with its
    /// `fixed` words): an act of one of `conditional_threat_types` announced or envisaged
    /// on such a condition is a threat ("said it would strike Iraq unless it gave the
    /// inspectors access": THREATEN, as the PLOVER manual codes it).
    #[serde(default)]
    pub threat_condition_marks: Vec<String>,
    /// Types that a negative condition turns into THREATEN (see `threat_condition_marks`).
    #[serde(default)]
    pub conditional_threat_types: Vec<String>,
}

/// The dictionary of one language.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Every pattern.
    pub patterns: Vec<Pattern>,
    /// Pattern indices by lemma, specific patterns first, then file order.
    pub by_lemma: HashMap<String, Vec<usize>>,
    /// Frame words.
    pub frame: FrameWords,
    /// Default slots of nouns, parsed.
    pub noun_actor: Vec<Slot>,
    /// Default recipient slots of nouns, parsed.
    pub noun_recipient: Vec<Slot>,
    /// `place_recipient_types`, parsed.
    pub place_recipient: Vec<PloverType>,
    /// `own_country_types`, parsed.
    pub own_country: Vec<PloverType>,
    /// `purpose_recipient_types`, parsed.
    pub purpose_recipient: Vec<PloverType>,
    /// `purpose_act_types`, parsed.
    pub purpose_act: Vec<PloverType>,
    /// `purpose_part_types`, parsed.
    pub purpose_part: Vec<PloverType>,
    /// `recipient_state_actor_types`, parsed.
    pub recipient_state_actor: Vec<PloverType>,
    /// `authority_target_types`, parsed.
    pub authority_target: Vec<PloverType>,
    /// `conditional_threat_types`, parsed.
    pub conditional_threat: Vec<PloverType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeFile {
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    pattern: Vec<toml::Spanned<RawPattern>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: String,
    lemmas: Vec<String>,
    #[serde(default)]
    pos: Vec<String>,
    cameo: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    object: Vec<String>,
    #[serde(default)]
    particle: Vec<String>,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
    #[serde(default)]
    actor: Vec<String>,
    #[serde(default)]
    recipient: Vec<String>,
    #[serde(default)]
    reciprocal: bool,
    #[serde(default)]
    needs_recipient: bool,
    #[serde(default)]
    needs_clause: bool,
    #[serde(default)]
    not_in: Vec<String>,
    #[serde(default)]
    place_actor: bool,
    #[serde(default)]
    force: bool,
    #[serde(default)]
    complement: Option<String>,
    #[serde(default)]
    recipient_from_complement: bool,
    #[serde(default)]
    modes: toml::Table,
}

/// The 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    1 + text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The line a TOML parse error points at (its message says "line N").
fn toml_error(path: &str, text: &str, e: &toml::de::Error) -> LexiconError {
    let line = e.span().map_or(1, |s| line_of(text, s.start));
    LexiconError {
        path: path.to_string(),
        line,
        msg: e.message().to_string(),
    }
}

fn slots(list: &[String], path: &str, line: usize) -> Result<Vec<Slot>, LexiconError> {
    list.iter()
        .map(|s| {
            Slot::parse(s).ok_or_else(|| LexiconError {
                path: path.into(),
                line,
                msg: format!(
                    "unknown slot {s:?} (subject, object, iobj, poss, amod, of, or a preposition)"
                ),
            })
        })
        .collect()
}

impl Lexicon {
    /// Loads the `events/` files of a pack (an empty dictionary when it has none).
    pub fn load(pack: &LangPack) -> Result<Lexicon, LexiconError> {
        let mut lx = Lexicon::default();
        let mut files: Vec<&(String, String, String)> = pack
            .files
            .iter()
            .filter(|(n, _, _)| n.starts_with("events/") && n.ends_with(".toml"))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut ids: HashMap<String, String> = HashMap::default();
        for (name, path, text) in files {
            if name == "events/frame.toml" {
                lx.frame = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
                continue;
            }
            let file: TypeFile = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
            let ty = PloverType::parse(&file.ty).ok_or_else(|| LexiconError {
                path: path.clone(),
                line: 1,
                msg: format!("unknown PLOVER type {:?}", file.ty),
            })?;
            let stem = name.trim_start_matches("events/").trim_end_matches(".toml");
            if !stem.eq_ignore_ascii_case(ty.as_str()) {
                return Err(LexiconError {
                    path: path.clone(),
                    line: 1,
                    msg: format!(
                        "a file of {} patterns must be named {}.toml",
                        ty,
                        ty.as_str().to_lowercase()
                    ),
                });
            }
            for sp in file.pattern {
                let line = line_of(text, sp.span().start);
                let raw = sp.into_inner();
                let err = |msg: String| LexiconError {
                    path: path.clone(),
                    line,
                    msg,
                };
                if let Some(prev) = ids.insert(raw.id.clone(), format!("{path}:{line}")) {
                    return Err(err(format!(
                        "pattern id {:?} already used at {prev}",
                        raw.id
                    )));
                }
                if raw.lemmas.is_empty() || raw.lemmas.iter().any(|l| l.trim().is_empty()) {
                    return Err(err(format!(
                        "pattern {:?}: lemmas must be non-empty words",
                        raw.id
                    )));
                }
                if !(2..=4).contains(&raw.cameo.len())
                    || !raw.cameo.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(err(format!(
                        "pattern {:?}: cameo {:?} is not a CAMEO code",
                        raw.id, raw.cameo
                    )));
                }
                let mut pos = Vec::new();
                for p in &raw.pos {
                    pos.push(
                        Upos::parse(p).ok_or_else(|| {
                            err(format!("pattern {:?}: unknown UPOS {p:?}", raw.id))
                        })?,
                    );
                }
                if pos.is_empty() {
                    pos.push(Upos::Verb);
                }
                let complement = match raw.complement.as_deref() {
                    None | Some("event") => Complement::Event,
                    Some("self") => Complement::SelfCoded,
                    Some(o) => {
                        return Err(err(format!(
                            "pattern {:?}: complement must be \"self\" or \"event\", not {o:?}",
                            raw.id
                        )))
                    }
                };
                let mut modes = Vec::new();
                for (mode, words) in raw.modes {
                    let words: Vec<String> = match words {
                        toml::Value::Array(a) => a
                            .into_iter()
                            .map(|w| match w {
                                toml::Value::String(s) => Ok(s.to_lowercase()),
                                _ => Err(err(format!(
                                    "pattern {:?}: modes.{mode}: words must be strings",
                                    raw.id
                                ))),
                            })
                            .collect::<Result<_, _>>()?,
                        _ => {
                            return Err(err(format!(
                                "pattern {:?}: modes.{mode} must be a list of words",
                                raw.id
                            )))
                        }
                    };
                    modes.push((mode, words));
                }
                let low =
                    |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
                lx.patterns.push(Pattern {
                    actor: slots(&raw.actor, path, line)?,
                    recipient: slots(&raw.recipient, path, line)?,
                    id: raw.id,
                    ty,
                    lemmas: low(raw.lemmas),
                    pos,
                    cameo: raw.cameo,
                    mode: raw.mode,
                    context: raw.context,
                    object: low(raw.object),
                    particle: low(raw.particle),
                    with: low(raw.with),
                    without: low(raw.without),
                    reciprocal: raw.reciprocal,
                    needs_recipient: raw.needs_recipient,
                    needs_clause: raw.needs_clause,
                    not_in: low(raw.not_in),
                    place_actor: raw.place_actor,
                    force: raw.force,
                    complement,
                    recipient_from_complement: raw.recipient_from_complement,
                    modes,
                    origin: format!("{path}:{line}"),
                });
            }
        }
        let fpath = format!("lang/{}/events/frame.toml", pack.code);
        lx.noun_actor = slots(&lx.frame.noun_actor, &fpath, 1)?;
        lx.noun_recipient = slots(&lx.frame.noun_recipient, &fpath, 1)?;
        let types = |list: &[String], key: &str| -> Result<Vec<PloverType>, LexiconError> {
            list.iter()
                .map(|t| {
                    PloverType::parse(t).ok_or_else(|| LexiconError {
                        path: fpath.clone(),
                        line: 1,
                        msg: format!("{key}: unknown PLOVER type {t:?}"),
                    })
                })
                .collect()
        };
        lx.place_recipient = types(&lx.frame.place_recipient_types, "place_recipient_types")?;
        lx.own_country = types(&lx.frame.own_country_types, "own_country_types")?;
        lx.purpose_recipient = types(&lx.frame.purpose_recipient_types, "purpose_recipient_types")?;
        lx.purpose_act = types(&lx.frame.purpose_act_types, "purpose_act_types")?;
        lx.purpose_part = types(&lx.frame.purpose_part_types, "purpose_part_types")?;
        lx.conditional_threat = types(
            &lx.frame.conditional_threat_types,
            "conditional_threat_types",
        )?;
        lx.recipient_state_actor = types(
            &lx.frame.recipient_state_actor_types,
            "recipient_state_actor_types",
        )?;
        lx.authority_target = types(&lx.frame.authority_target_types, "authority_target_types")?;
        for (i, p) in lx.patterns.iter().enumerate() {
            for l in &p.lemmas {
                lx.by_lemma.entry(l.clone()).or_default().push(i);
            }
        }
        for list in lx.by_lemma.values_mut() {
            let pats = &lx.patterns;
            list.sort_by_key(|&i| (!pats[i].specific(), i));
        }
        Ok(lx)
    }

    /// True when the language has patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}
