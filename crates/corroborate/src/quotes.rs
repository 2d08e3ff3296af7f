//! One quote as worded by different outlets.
//!
//! Quotes of a story are grouped when they have compatible speakers (the same story entity; an
//! unknown speaker only on a strong textual match) and their words match by either of:
//!
//! - **order-aware containment**: the longest common word subsequence (on folded, stemmed words,
//!   contractions expanded) covers most of the shorter quote — truncations ("We will not step
//!   back" in "We will not step back from this, whatever they say");
//! - **character trigram cosine** over the stemmed words — rewordings that keep most stems
//!   (paraphrase, translation and back-translation), after common interchangeable phrasings
//!   are replaced by one wording (`data/quote-synonyms.txt`: "are going to" → "will",
//!   "back down" / "step back" → "retreat", "this" / "that" → "it").
//!
//! Thresholds are in [`QuoteParams`]; they were set on hand-labelled pairs of real quotes from
//! PolNeAR and ECB+ (`crates/eval/data/quote-pairs/`, `eval-xdoc`). Candidate groups are found
//! through the quote's rarest content stems (and, with an encoder, the groups holding a quote in
//! another language), each distinct wording of a group is compared once, and the common
//! subsequence is only computed when it can change the outcome, so no story compares all pairs
//! of quotes in full.
//!
//! Variants of one quote that differ in meaning — a negation added or removed, a modal
//! replaced ("must" / "may"), a number changed — are flagged as a quote disagreement.

use std::collections::{BTreeSet, HashMap};

use model::{Disagreement, DisagreementKind, Doc, Position, QuoteVariant, StoryQuote};
use similar::{Algorithm, DiffTag};

use crate::account::overlap::intersection;
use crate::entities::EntityMerge;

/// A run of words in a word-level diff of two wordings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffOp {
    /// Words both wordings have (as written in the first).
    Equal(String),
    /// Words only the second wording has.
    Insert(String),
    /// Words only the first wording has.
    Delete(String),
}

/// The word-level diff from wording `a` to wording `b`, words compared case- and
/// accent-insensitively, without their punctuation.
pub fn word_diff(a: &str, b: &str) -> Vec<DiffOp> {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    let (ka, kb): (Vec<String>, Vec<String>) = (
        wa.iter().map(|w| fold(w)).collect(),
        wb.iter().map(|w| fold(w)).collect(),
    );
    let mut out: Vec<DiffOp> = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        let (tag, ra, rb) = op.as_tag_tuple();
        let words = |ws: &[&str], r: std::ops::Range<usize>| {
            ws.get(r).map(|s| s.join(" ")).unwrap_or_default()
        };
        match tag {
            DiffTag::Equal => out.push(DiffOp::Equal(words(&wa, ra))),
            DiffTag::Delete => out.push(DiffOp::Delete(words(&wa, ra))),
            DiffTag::Insert => out.push(DiffOp::Insert(words(&wb, rb))),
            DiffTag::Replace => {
                out.push(DiffOp::Delete(words(&wa, ra)));
                out.push(DiffOp::Insert(words(&wb, rb)));
            }
        }
    }
    out
}

/// When two quotes are one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuoteParams {
    /// Minimum share of the shorter quote's words found, in order, in the longer.
    pub containment: f32,
    /// The shorter quote needs at least this many words for containment to count.
    pub min_contained_words: usize,
    /// Minimum character-trigram cosine for a rewording.
    pub cosine: f32,
    /// With an unknown speaker on either side, the containment, shorter quote's words and
    /// cosine needed.
    pub unknown_speaker_containment: f32,
    pub unknown_speaker_min_words: usize,
    pub unknown_speaker_cosine: f32,
    /// Minimum cosine of the multilingual sentence embeddings (when the caller has an
    /// encoder): translations and paraphrases that share few stems.
    pub embedding_cosine: f32,
    /// The same with an unknown speaker on either side.
    pub unknown_speaker_embedding_cosine: f32,
}

impl Default for QuoteParams {
    /// Tuned on the labelled pairs of `crates/eval/data/quote-pairs/` (see docs/eval/xdoc.md).
    fn default() -> Self {
        QuoteParams {
            containment: 0.8,
            min_contained_words: 4,
            cosine: 0.7,
            unknown_speaker_containment: 0.9,
            unknown_speaker_min_words: 8,
            unknown_speaker_cosine: 0.75,
            embedding_cosine: EMBEDDING_COSINE,
            unknown_speaker_embedding_cosine: EMBEDDING_COSINE + 0.1,
        }
    }
}

/// The embedding cosine from which two wordings are one quote (set on the tuning part of the
/// labelled pairs, docs/eval/xdoc.md).
const EMBEDDING_COSINE: f32 = 0.75;

/// How alike two wordings are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuoteSimilarity {
    /// Longest common subsequence of stems over the shorter quote's length.
    pub containment: f32,
    /// Words of the shorter quote.
    pub shorter_words: usize,
    /// Cosine of character-trigram counts of the stemmed texts.
    pub cosine: f32,
    /// Cosine of the multilingual sentence embeddings, when both wordings have one.
    pub embedding: Option<f32>,
}

impl QuoteSimilarity {
    /// This similarity with the embedding cosine of the two wordings.
    pub fn with_embedding(self, cosine: f32) -> Self {
        QuoteSimilarity {
            embedding: Some(cosine),
            ..self
        }
    }
}

impl QuoteParams {
    /// Whether two wordings with this similarity are one quote; `known_speakers` when both
    /// speakers are known (and equal).
    pub fn same_quote(&self, sim: &QuoteSimilarity, known_speakers: bool) -> bool {
        let (containment, words, cosine, embedding) = if known_speakers {
            (
                self.containment,
                self.min_contained_words,
                self.cosine,
                self.embedding_cosine,
            )
        } else {
            (
                self.unknown_speaker_containment,
                self.unknown_speaker_min_words,
                self.unknown_speaker_cosine,
                self.unknown_speaker_embedding_cosine,
            )
        };
        (sim.shorter_words >= words && sim.containment >= containment)
            || sim.cosine >= cosine
            || sim.embedding.is_some_and(|e| e >= embedding)
    }
}

/// The similarity of two wordings.
pub fn quote_similarity(a: &str, b: &str) -> QuoteSimilarity {
    let mut ids = StemIds::default();
    Wording::new(a, &mut ids).similarity(&Wording::new(b, &mut ids))
}

/// Stem → a number, shared by the wordings compared with one another, so that common
/// subsequences and shared stems compare integers rather than strings.
#[derive(Default)]
struct StemIds(HashMap<String, u32>);

impl StemIds {
    fn id(&mut self, stem: &str) -> u32 {
        let next = self.0.len() as u32;
        match self.0.get(stem) {
            Some(&id) => id,
            None => {
                self.0.insert(stem.to_string(), next);
                next
            }
        }
    }
}

/// A quote's words prepared for comparison.
struct Wording {
    stems: Vec<String>,
    /// The stems as ids of the story's [`StemIds`], in order: what the common subsequence compares.
    stem_ids: Vec<u32>,
    /// The stem ids sorted: how many two wordings share bounds their common subsequence.
    sorted_ids: Vec<u32>,
    /// Character trigram counts, by trigram (three code points packed in one integer), sorted.
    trigrams: Vec<(u64, f32)>,
    norm: f32,
}

impl Wording {
    fn new(text: &str, ids: &mut StemIds) -> Wording {
        let stems: Vec<String> = with_synonyms(&expanded_words(text))
            .iter()
            .map(|w| stem(w))
            .collect();
        let mut counts: HashMap<u64, f32> = HashMap::new();
        for w in &stems {
            let padded: Vec<char> = format!(" {w} ").chars().collect();
            for g in padded.windows(3) {
                // A code point takes 21 bits: three fit in 63 without collisions.
                let key = (u64::from(g[0]) << 42) | (u64::from(g[1]) << 21) | u64::from(g[2]);
                *counts.entry(key).or_default() += 1.0;
            }
        }
        let mut trigrams: Vec<(u64, f32)> = counts.into_iter().collect();
        trigrams.sort_unstable_by_key(|&(g, _)| g);
        let norm = trigrams.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        let stem_ids: Vec<u32> = stems.iter().map(|s| ids.id(s)).collect();
        let mut sorted_ids = stem_ids.clone();
        sorted_ids.sort_unstable();
        Wording {
            stems,
            stem_ids,
            sorted_ids,
            trigrams,
            norm,
        }
    }

    /// Cosine of the character trigram counts.
    fn trigram_cosine(&self, other: &Wording) -> f32 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (a, b) = (&self.trigrams, &other.trigrams);
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot / (self.norm * other.norm)
    }

    /// Stems the two wordings share, counted with repetition: at least their longest common
    /// subsequence.
    fn shared_stems(&self, other: &Wording) -> usize {
        intersection(&self.sorted_ids, &other.sorted_ids)
    }

    /// The score by which a quote joins a group — the highest of containment, trigram cosine and
    /// embedding cosine — when the two wordings are one quote; the same as
    /// [`QuoteParams::same_quote`] on [`Wording::similarity`], but the common subsequence is
    /// only computed when it can change the decision or the score.
    fn grouping_score(&self, other: &Wording, embedding: Option<f32>, params: &QuoteParams, known: bool) -> Option<f32> {
        let shorter = self.stems.len().min(other.stems.len());
        let cosine = self.trigram_cosine(other);
        let (containment_bar, words_bar, cosine_bar, embedding_bar) = if known {
            (params.containment, params.min_contained_words, params.cosine, params.embedding_cosine)
        } else {
            (
                params.unknown_speaker_containment,
                params.unknown_speaker_min_words,
                params.unknown_speaker_cosine,
                params.unknown_speaker_embedding_cosine,
            )
        };
        let bound = if shorter == 0 { 0.0 } else { self.shared_stems(other) as f32 / shorter as f32 };
        let other_signals = cosine.max(embedding.unwrap_or(0.0));
        let one_by_others = cosine >= cosine_bar || embedding.is_some_and(|e| e >= embedding_bar);
        // Containment decides when it may reach its bar, and scores when the pair is one quote
        // by the other signals and containment may exceed them; otherwise it changes nothing.
        let containment_matters =
            (shorter >= words_bar && bound >= containment_bar) || (one_by_others && bound > other_signals);
        let containment = if containment_matters { self.containment(other) } else { 0.0 };
        let sim = QuoteSimilarity { containment, shorter_words: shorter, cosine, embedding };
        params.same_quote(&sim, known).then(|| containment.max(cosine).max(embedding.unwrap_or(0.0)))
    }

    /// Longest common subsequence of stems over the shorter wording's length.
    fn containment(&self, other: &Wording) -> f32 {
        let shorter = self.stems.len().min(other.stems.len());
        if shorter == 0 {
            return 0.0;
        }
        if self.stem_ids == other.stem_ids {
            return 1.0;
        }
        // Myers' shortest edit script keeps a longest common subsequence: only the lengths of
        // its equal runs are needed, so they are summed as the diff finds them.
        #[derive(Default)]
        struct Common(usize);
        impl similar::algorithms::DiffHook for Common {
            type Error = std::convert::Infallible;
            fn equal(&mut self, _old: usize, _new: usize, len: usize) -> Result<(), Self::Error> {
                self.0 += len;
                Ok(())
            }
        }
        let (a, b) = (&self.stem_ids, &other.stem_ids);
        let mut common = Common::default();
        let Ok(()) = similar::algorithms::myers::diff(&mut common, a, 0..a.len(), b, 0..b.len());
        common.0 as f32 / shorter as f32
    }

    fn similarity(&self, other: &Wording) -> QuoteSimilarity {
        QuoteSimilarity {
            containment: self.containment(other),
            shorter_words: self.stems.len().min(other.stems.len()),
            cosine: self.trigram_cosine(other),
            embedding: None,
        }
    }
}

/// ASCII-folded lowercase word without surrounding punctuation.
fn fold(word: &str) -> String {
    deunicode::deunicode(word)
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Folded words with English contractions spelled out ("don't" → "do not"), so that
/// "we're not" and "we are not" compare equal.
fn expanded_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
    {
        let w = raw.trim_matches('\'');
        if w.is_empty() {
            continue;
        }
        let (head, tail) = match w {
            "won't" => ("will", Some("not")),
            "can't" | "cannot" => ("can", Some("not")),
            "shan't" => ("shall", Some("not")),
            _ => {
                if let Some(h) = w.strip_suffix("n't") {
                    (h, Some("not"))
                } else if let Some(h) = w.strip_suffix("'re") {
                    (h, Some("are"))
                } else if let Some(h) = w.strip_suffix("'ll") {
                    (h, Some("will"))
                } else if let Some(h) = w.strip_suffix("'ve") {
                    (h, Some("have"))
                } else if let Some(h) = w.strip_suffix("'m") {
                    (h, Some("am"))
                } else if let Some(h) = w.strip_suffix("'d") {
                    (h, Some("would"))
                } else {
                    (w.strip_suffix("'s").unwrap_or(w), None)
                }
            }
        };
        let head: String = head.chars().filter(|&c| c != '\'').collect();
        if !head.is_empty() {
            out.push(head);
        }
        out.extend(tail.map(String::from));
    }
    out
}

/// Phrases replaced by a common wording (`data/quote-synonyms.txt`), longest first.
fn synonyms() -> &'static Vec<(Vec<String>, Vec<String>)> {
    static SYNONYMS: std::sync::OnceLock<Vec<(Vec<String>, Vec<String>)>> =
        std::sync::OnceLock::new();
    SYNONYMS.get_or_init(|| {
        let mut list: Vec<(Vec<String>, Vec<String>)> = include_str!("../data/quote-synonyms.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once("=>"))
            .map(|(from, to)| {
                (
                    from.split_whitespace().map(String::from).collect(),
                    to.split_whitespace().map(String::from).collect(),
                )
            })
            .filter(|(from, _): &(Vec<String>, Vec<String>)| !from.is_empty())
            .collect();
        list.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        list
    })
}

/// The words with every listed phrase replaced by its common wording.
fn with_synonyms(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        match synonyms().iter().find(|(from, _)| {
            words
                .get(i..i + from.len())
                .is_some_and(|w| w == from.as_slice())
        }) {
            Some((from, to)) => {
                out.extend(to.iter().cloned());
                i += from.len();
            }
            None => {
                out.push(words[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// A crude English stem: inflectional endings cut, so "protects", "protected" and
/// "protecting" meet.
fn stem(word: &str) -> String {
    for suffix in ["ing", "ed", "es", "s", "ly"] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.chars().count() >= 3 && !(suffix == "s" && base.ends_with('s')) {
                return base.to_string();
            }
        }
    }
    word.to_string()
}

/// Words that reverse a statement.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "nowhere",
    "nicht", "kein", "keine", "nie", "ne", "pas", "jamais", "nunca", "nada",
];

/// Modal verbs: replacing one by another changes obligation or certainty.
const MODALS: &[&str] = &[
    "must", "may", "might", "can", "could", "will", "would", "shall", "should", "ought", "need",
];

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion",
    "dozen", "half",
];

fn is_number(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&w)
}

/// Why two wordings of one quote differ in meaning, if they do: words changed inside the
/// stretch both cover (what one outlet cut off at either end is not a change of meaning).
pub fn meaning_change(a: &str, b: &str) -> Option<&'static str> {
    words_meaning_change(&expanded_words(a), &expanded_words(b))
}

/// [`meaning_change`] of two wordings already split into words ([`expanded_words`]).
fn words_meaning_change(wa: &[String], wb: &[String]) -> Option<&'static str> {
    let ops = similar::capture_diff_slices(Algorithm::Myers, wa, wb);
    // Words only one side has at either end are a cut; a word replaced there is a change.
    let cut = |op: &&similar::DiffOp| matches!(op.tag(), DiffTag::Delete | DiffTag::Insert);
    let start = ops.iter().position(|op| !cut(&op))?;
    let end = ops.iter().rposition(|op| !cut(&op))?;
    let (mut deleted, mut inserted): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for op in &ops[start..=end] {
        let (tag, ra, rb) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
            deleted.extend(wa[ra].iter().map(String::as_str));
        }
        if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
            inserted.extend(wb[rb].iter().map(String::as_str));
        }
    }
    let count = |ws: &[&str], set: &[&str]| ws.iter().filter(|w| set.contains(w)).count();
    if count(&deleted, NEGATIONS) % 2 != count(&inserted, NEGATIONS) % 2 {
        return Some("negation");
    }
    let modals = |ws: &[&str]| -> BTreeSet<String> {
        ws.iter()
            .filter(|w| MODALS.contains(w))
            .map(|w| w.to_string())
            .collect()
    };
    let (md, mi) = (modals(&deleted), modals(&inserted));
    if !md.is_empty() && !mi.is_empty() && md != mi {
        return Some("modal");
    }
    let numbers = |ws: &[&str]| -> BTreeSet<String> {
        ws.iter()
            .filter(|w| is_number(w))
            .map(|w| w.to_string())
            .collect()
    };
    let (nd, ni) = (numbers(&deleted), numbers(&inserted));
    if !nd.is_empty() && !ni.is_empty() && nd != ni {
        return Some("number");
    }
    None
}

/// One quote of one article, prepared.
struct Said<'a> {
    article: &'a str,
    outlet: String,
    published: Option<&'a str>,
    text: &'a str,
    speaker: Option<String>,
    speaker_text: Option<&'a str>,
    via: Option<String>,
    direct: bool,
    /// The article's language; "und" (undetermined) and "" count as any.
    language: &'a str,
    wording: Wording,
    /// Unit sentence embedding, when the caller has an encoder and a quote in another
    /// language may be this one's translation.
    embedding: Option<Vec<f32>>,
}

/// A quote being assembled: its members (indices into the `Said` list).
struct Group {
    speaker: Option<String>,
    members: Vec<usize>,
    /// The first member of each distinct text: a wording carried by many articles is compared once.
    wordings: Vec<usize>,
}

/// Groups the quotes of a story's documents (in article order) across articles, with
/// [`QuoteParams::default`]; returns the story quotes and the disagreements in wording.
pub fn align_quotes(docs: &[&Doc], entities: &EntityMerge) -> (Vec<StoryQuote>, Vec<Disagreement>) {
    align_quotes_with(docs, entities, &QuoteParams::default())
}

/// [`align_quotes`] with explicit thresholds.
pub fn align_quotes_with(
    docs: &[&Doc],
    entities: &EntityMerge,
    params: &QuoteParams,
) -> (Vec<StoryQuote>, Vec<Disagreement>) {
    align_quotes_encoded(docs, entities, params, None)
}

/// Encodes texts into unit sentence vectors (one per text, in order), e.g. the multilingual
/// encoder of the `embed` crate.
pub type Encode<'a> = &'a dyn Fn(&[&str]) -> Vec<Vec<f32>>;

/// [`align_quotes_with`], with multilingual sentence embeddings as a further signal when an
/// encoder is given: a translated quote joins its original though they share no stems.
pub fn align_quotes_encoded(
    docs: &[&Doc],
    entities: &EntityMerge,
    params: &QuoteParams,
    encode: Option<Encode>,
) -> (Vec<StoryQuote>, Vec<Disagreement>) {
    let mut said: Vec<Said> = Vec::new();
    let mut stem_ids = StemIds::default();
    for doc in docs {
        let article = doc.article.id.as_str();
        let outlet = doc
            .article
            .outlet
            .as_deref()
            .map(str::to_lowercase)
            .unwrap_or_else(|| article.to_string());
        for q in &doc.quotes {
            if model::normalised_for_identity(&q.text).is_empty() {
                continue;
            }
            let resolve = |s: &Option<model::SpeakerMention>| {
                s.as_ref()
                    .and_then(|s| s.entity.as_deref())
                    .and_then(|e| entities.story_entity(article, e))
                    .map(String::from)
            };
            said.push(Said {
                article,
                outlet: outlet.clone(),
                published: doc.article.published.as_deref(),
                text: &q.text,
                speaker: resolve(&q.speaker),
                speaker_text: q.speaker.as_ref().map(|s| s.text.as_str()),
                via: resolve(&q.via),
                direct: q.direct,
                language: doc.article.language.as_str(),
                wording: Wording::new(&q.text, &mut stem_ids),
                embedding: None,
            });
        }
    }
    if let Some(encode) = encode {
        let needed = translation_candidates(&said);
        let texts: Vec<&str> = needed.iter().map(|&i| said[i].text).collect();
        let vectors = encode(&texts);
        if vectors.len() == needed.len() {
            for (i, v) in needed.into_iter().zip(vectors) {
                said[i].embedding = Some(v);
            }
        }
    }
    let groups = group(&said, params);
    let mut quotes = Vec::new();
    let mut disagreements = Vec::new();
    for g in groups {
        let (quote, disagreement) = story_quote(&said, &g, entities);
        quotes.push(quote);
        disagreements.extend(disagreement);
    }
    (quotes, disagreements)
}

fn known_language(language: &str) -> bool {
    !language.is_empty() && language != "und"
}

/// The quotes that a quote in another language may translate: one with a speaker that some
/// quote in another language has (or leaves unknown), since quotes of different speakers are
/// never one. Only these are embedded, so a story told mostly in one language does not embed
/// all its quotes for a few in another.
fn translation_candidates(said: &[Said]) -> Vec<usize> {
    // Language → the speakers of its quotes (None: a quote with an unknown speaker).
    let mut speakers: HashMap<&str, BTreeSet<Option<&str>>> = HashMap::new();
    for s in said.iter().filter(|s| known_language(s.language)) {
        speakers.entry(s.language).or_default().insert(s.speaker.as_deref());
    }
    if speakers.len() < 2 {
        return Vec::new();
    }
    (0..said.len())
        .filter(|&i| {
            let s = &said[i];
            known_language(s.language)
                && speakers.iter().any(|(language, theirs)| {
                    *language != s.language && (s.speaker.is_none() || theirs.contains(&None) || theirs.contains(&s.speaker.as_deref()))
                })
        })
        .collect()
}

/// Stems too common to find candidates by: a candidate must share a rarer one.
fn is_content(stem: &str) -> bool {
    stem.chars().count() >= 4
        && !matches!(
            stem,
            "that"
                | "this"
                | "with"
                | "have"
                | "from"
                | "they"
                | "will"
                | "would"
                | "there"
                | "their"
                | "what"
                | "about"
                | "which"
                | "when"
                | "were"
                | "been"
                | "into"
                | "than"
                | "then"
                | "them"
                | "some"
                | "could"
                | "should"
                | "just"
                | "very"
        )
}

fn group(said: &[Said], params: &QuoteParams) -> Vec<Group> {
    const MAX_CANDIDATES: usize = 200;
    const MAX_EMBEDDING_CANDIDATES: usize = 2000;
    let mut groups: Vec<Group> = Vec::new();
    let mut by_stem: HashMap<&str, Vec<usize>> = HashMap::new();
    // Groups with an embedded member, and the languages of those members.
    let mut embedded: Vec<(usize, BTreeSet<&str>)> = Vec::new();
    let mut embedded_at: HashMap<usize, usize> = HashMap::new();
    for (i, s) in said.iter().enumerate() {
        let stems: BTreeSet<&str> = s
            .wording
            .stems
            .iter()
            .map(String::as_str)
            .filter(|w| is_content(w))
            .collect();
        let mut candidates: BTreeSet<usize> = stems
            .iter()
            .flat_map(|w| by_stem.get(w).into_iter().flatten().copied())
            .take(MAX_CANDIDATES)
            .collect();
        // A translation shares no stems with its original: with embeddings, the groups with
        // an embedded quote in another language are candidates too (bounded, so a story stays
        // linear in its quotes).
        if s.embedding.is_some() {
            candidates.extend(
                embedded
                    .iter()
                    .filter(|(_, languages)| languages.iter().any(|l| *l != s.language))
                    .map(|(g, _)| *g)
                    .take(MAX_EMBEDDING_CANDIDATES),
            );
        }
        let mut best: Option<(f32, usize)> = None;
        for g in candidates {
            let group = &groups[g];
            let known = match (&group.speaker, &s.speaker) {
                (Some(a), Some(b)) if a != b => continue,
                (Some(_), Some(_)) => true,
                _ => false,
            };
            let score = group
                .wordings
                .iter()
                .filter_map(|&m| {
                    let embedding = match (&s.embedding, &said[m].embedding) {
                        (Some(a), Some(b)) => Some(dot(a, b)),
                        _ => None,
                    };
                    s.wording.grouping_score(&said[m].wording, embedding, params, known)
                })
                .fold(None, |acc: Option<f32>, x| {
                    Some(acc.map_or(x, |a| a.max(x)))
                });
            if let Some(score) = score {
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, g));
                }
            }
        }
        let g = match best {
            Some((_, g)) => {
                groups[g].members.push(i);
                if groups[g].wordings.iter().all(|&w| said[w].text != s.text) {
                    groups[g].wordings.push(i);
                }
                if groups[g].speaker.is_none() {
                    groups[g].speaker = s.speaker.clone();
                }
                g
            }
            None => {
                groups.push(Group {
                    speaker: s.speaker.clone(),
                    members: vec![i],
                    wordings: vec![i],
                });
                groups.len() - 1
            }
        };
        if s.embedding.is_some() {
            let at = *embedded_at.entry(g).or_insert_with(|| {
                embedded.push((g, BTreeSet::new()));
                embedded.len() - 1
            });
            embedded[at].1.insert(s.language);
        }
        for w in stems {
            let list = by_stem.entry(w).or_default();
            if list.last() != Some(&g) {
                list.push(g);
            }
        }
    }
    groups
}

/// Dot product (the cosine of two unit vectors).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// One wording of a quote and who carries it.
struct Variant<'a> {
    /// The wording up to case and punctuation.
    key: String,
    text: &'a str,
    articles: Vec<String>,
    outlets: BTreeSet<&'a str>,
    published: Vec<&'a str>,
}

/// The story quote of a group, and the disagreement when its variants differ in meaning.
fn story_quote(
    said: &[Said],
    g: &Group,
    entities: &EntityMerge,
) -> (StoryQuote, Option<Disagreement>) {
    // Variants: distinct wordings (up to case and punctuation), each with its articles.
    let mut variants: Vec<Variant> = Vec::new();
    for &m in &g.members {
        let s = &said[m];
        let key = model::normalised_for_identity(s.text);
        match variants.iter_mut().find(|v| v.key == key) {
            Some(v) => {
                push_unique(&mut v.articles, s.article);
                v.outlets.insert(&s.outlet);
                v.published.extend(s.published);
            }
            None => variants.push(Variant {
                key,
                text: s.text,
                articles: vec![s.article.to_string()],
                outlets: BTreeSet::from([s.outlet.as_str()]),
                published: s.published.into_iter().collect(),
            }),
        }
    }
    // The wording most outlets carry first, then the longest.
    variants.sort_by(|a, b| {
        b.outlets
            .len()
            .cmp(&a.outlets.len())
            .then(b.text.len().cmp(&a.text.len()))
    });
    let outlets: BTreeSet<&str> = g.members.iter().map(|&m| said[m].outlet.as_str()).collect();
    let first = &said[g.members[0]];
    let speaker_name = g
        .speaker
        .as_deref()
        .and_then(|id| entities.name(id))
        .map(String::from)
        .or_else(|| {
            g.members
                .iter()
                .find_map(|&m| said[m].speaker_text)
                .map(String::from)
        });
    let id_key = variants.first().map(|v| v.key.as_str()).unwrap_or_default();
    let quote = StoryQuote {
        id: model::stable_id("q", &[id_key, g.speaker.as_deref().unwrap_or("")]),
        speaker: g.speaker.clone(),
        speaker_name: speaker_name.clone(),
        via: g.members.iter().find_map(|&m| said[m].via.clone()),
        direct: g.members.iter().any(|&m| said[m].direct) || first.direct,
        variants: variants
            .iter()
            .map(|v| QuoteVariant {
                text: v.text.to_string(),
                articles: v.articles.clone(),
            })
            .collect(),
        sources: outlets.len(),
    };
    let main = variants.first().map(|v| v.text).unwrap_or_default();
    // Each variant is compared with the main wording only, split into words once.
    let main_words = expanded_words(main);
    let changed = variants
        .iter()
        .skip(1)
        .any(|v| words_meaning_change(&main_words, &expanded_words(v.text)).is_some());
    let disagreement = changed.then(|| Disagreement {
        kind: DisagreementKind::Quote,
        about: format!(
            "{}: {}",
            speaker_name.as_deref().unwrap_or("unknown speaker"),
            gist(main)
        ),
        positions: variants
            .iter()
            .map(|v| Position {
                text: v.text.to_string(),
                articles: v.articles.clone(),
                sources: v.outlets.len(),
                first_published: v.published.iter().min().map(|d| d.to_string()),
            })
            .collect(),
        update: false,
    });
    (quote, disagreement)
}

/// The first words of a quote, to name it.
fn gist(text: &str) -> String {
    const WORDS: usize = 8;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= WORDS {
        words.join(" ")
    } else {
        format!("{} …", words[..WORDS].join(" "))
    }
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::merge_entities;
    use model::{Article, Entity, EntityKind, Quote, Span, SpeakerMention};

    /// An article by `outlet` in which `speaker` (an entity, when given) says `quote`.
    fn doc(id: &str, outlet: &str, speaker: Option<&str>, quote: &str) -> Doc {
        let mut d = Doc {
            article: Article {
                id: id.into(),
                outlet: Some(outlet.into()),
                published: Some("2020-01-01".into()),
                text: quote.into(),
                ..Default::default()
            },
            ..Default::default()
        };
        if let Some(name) = speaker {
            d.entities.push(Entity {
                id: "e0".into(),
                name: name.into(),
                kind: EntityKind::Person,
                variants: vec![name.into()],
                descriptions: Vec::new(),
                mentions: Vec::new(),
            });
        }
        d.quotes.push(Quote {
            id: "q0".into(),
            text: quote.into(),
            span: Span::new(0, quote.chars().count()),
            direct: true,
            speaker: speaker.map(|s| SpeakerMention {
                span: Span::new(0, 1),
                text: s.into(),
                entity: Some("e0".into()),
            }),
            cue: Some("said".into()),
            via: None,
            sentence: 0,
        });
        d
    }

    fn align(docs: &[Doc]) -> (Vec<StoryQuote>, Vec<Disagreement>) {
        let refs: Vec<&Doc> = docs.iter().collect();
        let entities = merge_entities(&refs);
        align_quotes(&refs, &entities)
    }

    #[test]
    fn a_truncated_quote_is_a_variant() {
        let docs = [
            doc(
                "a",
                "Reuters",
                Some("Angela Merkel"),
                "We will not step back from this, whatever they threaten us with.",
            ),
            doc(
                "b",
                "BBC",
                Some("Merkel"),
                "We will not step back from this",
            ),
        ];
        let (quotes, disagreements) = align(&docs);
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert_eq!(quotes[0].variants.len(), 2);
        assert_eq!(quotes[0].sources, 2);
        assert_eq!(quotes[0].speaker_name.as_deref(), Some("Angela Merkel"));
        assert!(disagreements.is_empty());
    }

    #[test]
    fn a_paraphrased_quote_is_a_variant() {
        let docs = [
            doc(
                "a",
                "Le Monde",
                Some("Emmanuel Macron"),
                "We will not step back from this",
            ),
            doc(
                "b",
                "AP",
                Some("Macron"),
                "We are not going to back down from it.",
            ),
            doc(
                "c",
                "AFP",
                Some("Emmanuel Macron"),
                "We're not going to back down on it",
            ),
        ];
        let (quotes, disagreements) = align(&docs);
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert_eq!(quotes[0].sources, 3);
        assert!(disagreements.is_empty(), "{disagreements:?}");
        let sim = quote_similarity(
            "The government will protect endangered species",
            "the government protected the endangered species",
        );
        assert!(sim.cosine > 0.7, "{sim:?}");
        let sim = quote_similarity(
            "We will not step back from this",
            "We are not going to back down from it",
        );
        assert!(QuoteParams::default().same_quote(&sim, true), "{sim:?}");
    }

    #[test]
    fn different_speakers_or_different_words_stay_apart() {
        let docs = [
            doc(
                "a",
                "One",
                Some("Angela Merkel"),
                "We will not step back from this",
            ),
            doc(
                "b",
                "Two",
                Some("Emmanuel Macron"),
                "We will not step back from this",
            ),
            doc(
                "c",
                "Three",
                Some("Angela Merkel"),
                "The economy grew faster than anyone expected last year",
            ),
        ];
        let (quotes, _) = align(&docs);
        assert_eq!(quotes.len(), 3, "{quotes:?}");
    }

    #[test]
    fn an_unknown_speaker_joins_only_a_strong_match() {
        let docs = [
            doc(
                "a",
                "One",
                Some("Angela Merkel"),
                "We must accept the outcome of the vote in parliament",
            ),
            doc(
                "b",
                "Two",
                None,
                "We must accept the outcome of the vote in parliament",
            ),
            doc("c", "Three", None, "the outcome of the vote"),
        ];
        let (quotes, _) = align(&docs);
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        assert_eq!(
            quotes[0].variants[0].articles,
            vec!["a".to_string(), "b".to_string()]
        );
    }

    #[test]
    fn must_and_may_disagree() {
        let docs = [
            doc(
                "a",
                "One",
                Some("Angela Merkel"),
                "We must accept the outcome of the vote in parliament",
            ),
            doc(
                "b",
                "Two",
                Some("Merkel"),
                "We may accept the outcome of the vote in parliament",
            ),
        ];
        let (quotes, disagreements) = align(&docs);
        assert_eq!(quotes.len(), 1);
        assert_eq!(disagreements.len(), 1, "{disagreements:?}");
        let d = &disagreements[0];
        assert_eq!(d.kind, DisagreementKind::Quote);
        assert!(d.about.starts_with("Angela Merkel: "), "{}", d.about);
        assert_eq!(d.positions.len(), 2);
    }

    #[test]
    fn negation_and_numbers_change_meaning_truncation_does_not() {
        assert_eq!(
            meaning_change("We will accept the deal", "We will not accept the deal"),
            Some("negation")
        );
        assert_eq!(
            meaning_change(
                "Twelve people were hurt in the blast",
                "20 people were hurt in the blast"
            ),
            Some("number")
        );
        assert_eq!(
            meaning_change(
                "We will accept the deal, but not now",
                "We will accept the deal"
            ),
            None
        );
        assert_eq!(
            meaning_change("We won't accept it", "We will not accept it"),
            None
        );
    }

    #[test]
    fn an_encoder_joins_a_translation_to_its_original() {
        let docs = [
            doc(
                "a",
                "Reuters",
                Some("Angela Merkel"),
                "We have no idea what caused it",
            ),
            doc(
                "b",
                "dpa",
                Some("Merkel"),
                "Wir haben keine Ahnung, was es verursacht hat",
            ),
            doc(
                "c",
                "AFP",
                Some("Merkel"),
                "The economy grew faster than anyone expected",
            ),
        ];
        let mut docs = docs;
        for (d, language) in docs.iter_mut().zip(["en", "de", "en"]) {
            d.article.language = language.into();
        }
        let refs: Vec<&Doc> = docs.iter().collect();
        let entities = merge_entities(&refs);
        // Lexically the translation is another quote.
        let (quotes, _) = align_quotes(&refs, &entities);
        assert_eq!(quotes.len(), 3, "{quotes:?}");
        // A stand-in encoder that puts the two wordings of one statement on one direction.
        let encode = |texts: &[&str]| -> Vec<Vec<f32>> {
            texts
                .iter()
                .map(|t| {
                    if t.contains("idea") || t.contains("Ahnung") {
                        vec![1.0, 0.0]
                    } else {
                        vec![0.0, 1.0]
                    }
                })
                .collect()
        };
        let (quotes, disagreements) =
            align_quotes_encoded(&refs, &entities, &QuoteParams::default(), Some(&encode));
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        assert_eq!(quotes[0].variants.len(), 2);
        assert_eq!(quotes[0].sources, 2);
        assert!(disagreements.is_empty(), "{disagreements:?}");
    }

    #[test]
    fn word_diff_gives_runs() {
        let ops = word_diff("We must accept the outcome", "we may accept the outcome!");
        assert_eq!(
            ops,
            vec![
                DiffOp::Equal("We".into()),
                DiffOp::Delete("must".into()),
                DiffOp::Insert("may".into()),
                DiffOp::Equal("accept the outcome".into())
            ]
        );
        assert!(word_diff("", "").is_empty());
    }
}
