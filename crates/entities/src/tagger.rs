//! The sequence tagger: a greedy averaged perceptron over BILOU labels with hashed
//! lexical, shape, affix, context, gazetteer and sentence-position features.
//!
//! The model file is a deflate-compressed list of (feature hash, sparse quantised
//! weights); see [`Model::to_bytes`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};

use model::{EntityKind, Span};

use crate::gazetteer::{Category, Gazetteer, GazetteerHit};
use crate::tokenize::Token;

/// Entity kinds in label order.
pub const KINDS: [EntityKind; 4] = [EntityKind::Person, EntityKind::Organization, EntityKind::Place, EntityKind::Other];
/// O plus B/I/L/U for each kind.
pub const N_LABELS: usize = 1 + 4 * KINDS.len();

const MAGIC: &[u8; 8] = b"TRINER01";

/// Position of a token in an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// First of several tokens.
    Begin,
    /// Inside, neither first nor last.
    Inside,
    /// Last of several tokens.
    Last,
    /// The only token.
    Unit,
}

/// A BILOU label: index 0 is outside, then four positions per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Label(pub u8);

impl Label {
    /// Outside any entity.
    pub const OUTSIDE: Label = Label(0);

    /// The label of `position` in an entity of `kind`.
    pub fn new(kind: EntityKind, position: Position) -> Label {
        let k = KINDS.iter().position(|x| *x == kind).unwrap_or(3) as u8;
        let p = match position {
            Position::Begin => 0,
            Position::Inside => 1,
            Position::Last => 2,
            Position::Unit => 3,
        };
        Label(1 + k * 4 + p)
    }

    /// The kind and position, or None for outside.
    pub fn parts(self) -> Option<(EntityKind, Position)> {
        if self.0 == 0 || self.0 as usize >= N_LABELS {
            return None;
        }
        let k = (self.0 - 1) / 4;
        let p = match (self.0 - 1) % 4 {
            0 => Position::Begin,
            1 => Position::Inside,
            2 => Position::Last,
            _ => Position::Unit,
        };
        Some((KINDS[k as usize], p))
    }

    fn name(self) -> &'static str {
        const NAMES: [&str; N_LABELS] = [
            "O", "B-per", "I-per", "L-per", "U-per", "B-org", "I-org", "L-org", "U-org", "B-plc", "I-plc", "L-plc",
            "U-plc", "B-oth", "I-oth", "L-oth", "U-oth",
        ];
        NAMES.get(self.0 as usize).copied().unwrap_or("O")
    }

    /// Whether `self` may follow `prev` (BILOU well-formedness).
    fn may_follow(self, prev: Label) -> bool {
        let open = |l: Label| matches!(l.parts(), Some((_, Position::Begin | Position::Inside)));
        match (prev.parts(), self.parts()) {
            (Some((pk, Position::Begin | Position::Inside)), Some((k, Position::Inside | Position::Last))) => pk == k,
            (_, Some((_, Position::Inside | Position::Last))) => false,
            _ => !open(prev),
        }
    }

    /// Whether a sentence may end on this label.
    fn may_end(self) -> bool {
        !matches!(self.parts(), Some((_, Position::Begin | Position::Inside)))
    }
}

/// BILOU labels for the tokens of a sentence, from entity byte spans.
pub fn encode(tokens: &[Token], entities: &[(Span, EntityKind)]) -> Vec<Label> {
    let mut labels = vec![Label::OUTSIDE; tokens.len()];
    for (span, kind) in entities {
        let inside: Vec<usize> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.span.start >= span.start && t.span.start < span.end)
            .map(|(i, _)| i)
            .collect();
        let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else { continue };
        if labels[first..=last].iter().any(|l| *l != Label::OUTSIDE) {
            continue;
        }
        if first == last {
            labels[first] = Label::new(*kind, Position::Unit);
        } else {
            labels[first] = Label::new(*kind, Position::Begin);
            for l in &mut labels[first + 1..last] {
                *l = Label::new(*kind, Position::Inside);
            }
            labels[last] = Label::new(*kind, Position::Last);
        }
    }
    labels
}

/// Entity token ranges `[start, end)` and kinds from a well-formed label sequence.
pub fn decode_spans(labels: &[Label]) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (i, l) in labels.iter().enumerate() {
        match l.parts() {
            Some((k, Position::Unit)) => {
                out.push((i, i + 1, k));
                open = None;
            }
            Some((k, Position::Begin)) => open = Some((i, k)),
            Some((k, Position::Last)) => {
                if let Some((s, ok)) = open.take() {
                    if ok == k {
                        out.push((s, i + 1, k));
                    }
                }
            }
            Some((_, Position::Inside)) => {}
            None => open = None,
        }
    }
    out
}

/// FNV-1a, used to hash feature strings; stable across platforms and runs.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new(template: u8) -> Self {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.byte(template);
        h
    }
    fn byte(&mut self, b: u8) {
        self.0 ^= b as u64;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
    fn str(mut self, s: &str) -> Self {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0x1f);
        self
    }
    fn finish(self) -> u64 {
        self.0
    }
}

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ *b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Map keyed by feature hash.
pub type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// FNV-1a as a [`Hasher`], for the word cache's short string keys (SipHash costs more
/// than the lookup it guards).
struct FnvHasher(Fnv);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(Fnv::new(0))
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0.finish()
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0.byte(*b);
        }
    }
}

/// Word shape with runs capped at two: "Merkel" → "Xxx", "U.S." → "X.X.", "2024" → "dd".
fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
        }
        if run <= 2 {
            out.push(s);
        }
    }
    out
}

/// Shape with every run collapsed: "Merkel" → "Xx".
fn short_shape(word: &str) -> String {
    let mut out = String::new();
    for c in shape(word).chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn prefix(word: &str, n: usize) -> &str {
    match word.char_indices().nth(n) {
        Some((i, _)) => &word[..i],
        None => word,
    }
}

fn suffix(word: &str, n: usize) -> &str {
    let count = word.chars().count();
    if count <= n {
        return word;
    }
    match word.char_indices().nth(count - n) {
        Some((i, _)) => &word[i..],
        None => word,
    }
}

impl Fnv {
    /// Hashes a gazetteer hit ("cty" + 'B'), "-" for none.
    fn gaz(mut self, hit: Option<GazetteerHit>) -> Self {
        match hit {
            Some(h) => {
                self = self.str(h.category.tag());
                self.byte(h.position as u8);
            }
            None => self.byte(b'-'),
        }
        self.byte(0x1f);
        self
    }
}

/// Whether a sentence is written in title case, like most headlines ("Wealthy Voters
/// Abandon Republican Party"): capitalisation is then a weak cue for names.
pub fn is_headline(tokens: &[Token]) -> bool {
    let (caps, words) = tokens.iter().fold((0, 0), |(c, w), t| {
        let first = t.text.chars().next();
        if t.text.chars().count() > 3 && first.is_some_and(|c| c.is_alphabetic()) {
            (c + first.is_some_and(|c| c.is_uppercase()) as usize, w + 1)
        } else {
            (c, w)
        }
    });
    words >= 3 && caps * 10 >= words * 6
}

/// Per-sentence precomputed token features; the label-history features are added while decoding.
pub struct SentenceFeatures {
    lower: Vec<String>,
    shapes: Vec<String>,
    /// [`STATIC_FEATURES`] hashes per token, flat.
    statics: Vec<u64>,
}

/// Number of label-independent features per token.
const STATIC_FEATURES: usize = 33;

/// Token lengths in characters as written in feature strings (capped at 8).
const LENGTHS: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];

impl SentenceFeatures {
    /// Computes the static features of every token of one sentence.
    pub fn new(tokens: &[Token], gazetteer: &Gazetteer) -> Self {
        let n = tokens.len();
        let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
        let shapes: Vec<String> = tokens.iter().map(|t| short_shape(t.text)).collect();
        let hits = gazetteer.hits(tokens);
        let saying: Vec<bool> = lower.iter().map(|w| gazetteer.is_saying_verb(w)).collect();
        let headline = is_headline(tokens);
        let word = |i: isize| -> &str {
            if i < 0 {
                "<s>"
            } else if i as usize >= n {
                "</s>"
            } else {
                lower[i as usize].as_str()
            }
        };
        let shp = |i: isize| -> &str {
            if i < 0 || i as usize >= n {
                "#"
            } else {
                shapes[i as usize].as_str()
            }
        };
        let gaz = |i: isize| -> Option<GazetteerHit> {
            if i < 0 || i as usize >= n {
                None
            } else {
                hits[i as usize]
            }
        };
        let mut statics = Vec::with_capacity(n * STATIC_FEATURES);
        for (idx, tok) in tokens.iter().enumerate() {
            let i = idx as isize;
            let w = lower[idx].as_str();
            let sh = shp(i);
            let prev_title = idx > 0 && matches!(hits[idx - 1], Some(h) if h.category == Category::Title && matches!(h.position, 'U' | 'L'));
            let context = Context {
                first: idx == 0,
                headline,
                gazetteer: gaz(i),
                title_before: prev_title,
                saying_after: idx + 1 < n && saying[idx + 1],
                saying_before: idx > 0 && saying[idx - 1],
            };
            let fs = &mut statics;
            let first = fs.len();
            fs.push(Fnv::new(0).finish());
            fs.extend(word_features(tok.text, w, sh));
            fs.extend(features_for_next(word(i - 1), shp(i - 1)));
            fs.extend(features_for_next2(word(i - 2)));
            fs.extend(features_for_previous(word(i + 1), shp(i + 1)));
            fs.extend(features_for_previous2(word(i + 2)));
            fs.extend(context_features(w, sh, gazetteer.is_common(w), &context));
            fs.extend([
                Fnv::new(9).str(shp(i - 1)).str(sh).str(shp(i + 1)).finish(),
                Fnv::new(19).gaz(gaz(i - 1)).finish(),
                Fnv::new(20).gaz(gaz(i + 1)).finish(),
                Fnv::new(24).str(word(i - 1)).str(w).finish(),
                Fnv::new(25).str(w).str(word(i + 1)).finish(),
                Fnv::new(30).str(word(i - 1)).str(sh).finish(),
                Fnv::new(31).str(sh).str(word(i + 1)).finish(),
            ]);
            debug_assert_eq!(fs.len() - first, STATIC_FEATURES);
        }
        SentenceFeatures { lower, shapes, statics }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    /// Whether the sentence has no token.
    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// All features of token `i` given the two previous labels.
    fn features(&self, i: usize, prev: Label, prev2: Label, out: &mut Vec<u64>) {
        out.clear();
        out.extend_from_slice(&self.statics[i * STATIC_FEATURES..(i + 1) * STATIC_FEATURES]);
        out.push(Fnv::new(40).str(prev.name()).finish());
        out.push(Fnv::new(41).str(prev2.name()).str(prev.name()).finish());
        out.push(Fnv::new(42).str(prev.name()).str(&self.lower[i]).finish());
        out.push(Fnv::new(43).str(prev.name()).str(&self.shapes[i]).finish());
    }
}

/// Trained weights: feature hash → quantised score per label. A label's score is `scale`
/// times the sum of its weights; the sums are exact integers, and the scale (positive) does
/// not change which label is best, so tagging never multiplies. i16 rows keep the table in
/// memory at about half the size of f32 rows (tagging is dominated by these lookups).
///
/// Because the sums are exact, any grouping of the features gives the same scores: the
/// fast path ([`Model::tag_tokens`]) adds up sums prepared per word, per gazetteer hit
/// and per label history instead of looking up each of a token's 37 features.
pub struct Model {
    weights: FeatureMap<[i16; N_LABELS]>,
    scale: f32,
    /// Tells this model's cached word sums from another model's.
    version: u64,
    /// The bias (template 0) plus the label-history templates 40 and 41, at
    /// `prev2 * N_LABELS + prev`.
    history: Vec<Sums>,
    /// Templates 19 and 20 (the previous and next token's gazetteer hit) by [`hit_code`].
    neighbour_hits: [Vec<Sums>; 2],
    /// Features of the neighbours' words where the sentence has none (before the first
    /// and after the last token).
    edges: Edges,
}

/// Score sums per label, in units of the model's scale.
type Sums = [i32; N_LABELS];

fn add_sums(sums: &mut Sums, other: &Sums) {
    for (s, x) in sums.iter_mut().zip(other) {
        *s += *x;
    }
}

/// Templates 2 and 7, 4, 3 and 8, 5 with the words and shapes outside a sentence.
struct Edges {
    before: Sums,
    before2: Sums,
    after: Sums,
    after2: Sums,
}

/// Positions of a token in a gazetteer phrase, in hit-code order.
const HIT_POSITIONS: [char; 4] = ['B', 'I', 'L', 'U'];
/// No hit, then every (list, position) pair.
const HIT_CODES: usize = 1 + 4 * Category::ALL.len();

/// Index of a gazetteer hit in [`Model::neighbour_hits`]; None for a position the tables
/// do not hold (the gazetteer writes only B, I, L and U).
fn hit_code(hit: Option<GazetteerHit>) -> Option<usize> {
    let Some(hit) = hit else { return Some(0) };
    let category = Category::ALL.iter().position(|c| *c == hit.category)?;
    let position = HIT_POSITIONS.iter().position(|p| *p == hit.position)?;
    Some(1 + category * HIT_POSITIONS.len() + position)
}

/// The gazetteer hit of a hit code (the inverse of [`hit_code`]).
fn hit_of_code(code: usize) -> Option<GazetteerHit> {
    let code = code.checked_sub(1)?;
    let n = HIT_POSITIONS.len();
    Some(GazetteerHit { category: *Category::ALL.get(code / n)?, position: *HIT_POSITIONS.get(code % n)? })
}

/// What a token's own features depend on besides its word: templates 16, 17, 18, 21,
/// 22, 23, 28, 29 and 32. Most tokens have the default context, whose features are in
/// the word's cached sums.
#[derive(Clone, Copy, PartialEq, Default)]
struct Context {
    first: bool,
    headline: bool,
    gazetteer: Option<GazetteerHit>,
    title_before: bool,
    saying_after: bool,
    saying_before: bool,
}

/// The hashes of a token's own word features, the same wherever it stands: templates 1, 6,
/// 10–15, 26 and 27. `text` as written, `lower` and `shape` (`short_shape`) derived from it.
fn word_features(text: &str, lower: &str, shape: &str) -> [u64; 10] {
    let len = LENGTHS[text.chars().count().min(8)];
    [
        Fnv::new(1).str(lower).finish(),
        Fnv::new(6).str(shape).finish(),
        Fnv::new(10).str(prefix(lower, 1)).finish(),
        Fnv::new(11).str(prefix(lower, 2)).finish(),
        Fnv::new(12).str(prefix(lower, 3)).finish(),
        Fnv::new(13).str(suffix(lower, 2)).finish(),
        Fnv::new(14).str(suffix(lower, 3)).finish(),
        Fnv::new(15).str(suffix(lower, 4)).finish(),
        Fnv::new(26).str(text).finish(),
        Fnv::new(27).str(len).str(shape).finish(),
    ]
}

/// What a word (or the sentence edge, `<s>`/`</s>` with shape `#`) adds to its neighbours:
/// to the token after it (templates 2, 7), two after (4), before it (3, 8) and two before (5).
fn features_for_next(lower: &str, shape: &str) -> [u64; 2] {
    [Fnv::new(2).str(lower).finish(), Fnv::new(7).str(shape).finish()]
}

fn features_for_next2(lower: &str) -> [u64; 1] {
    [Fnv::new(4).str(lower).finish()]
}

fn features_for_previous(lower: &str, shape: &str) -> [u64; 2] {
    [Fnv::new(3).str(lower).finish(), Fnv::new(8).str(shape).finish()]
}

fn features_for_previous2(lower: &str) -> [u64; 1] {
    [Fnv::new(5).str(lower).finish()]
}

/// The hashes of a token's context-dependent features, as [`SentenceFeatures::new`] writes them.
fn context_features(lower: &str, shape: &str, common: bool, ctx: &Context) -> [u64; 9] {
    let position = if ctx.first { "first" } else { "-" };
    let headline = if ctx.headline { "H" } else { "-" };
    let flag = |on: bool, mark: &'static str| if on { mark } else { "-" };
    [
        Fnv::new(16).str(position).str(shape).finish(),
        Fnv::new(17).str(headline).str(shape).finish(),
        Fnv::new(18).gaz(ctx.gazetteer).finish(),
        Fnv::new(21).str(flag(ctx.title_before, "T")).str(shape).finish(),
        Fnv::new(22).str(flag(ctx.saying_after, "S")).str(shape).finish(),
        Fnv::new(23).str(flag(ctx.saying_before, "S")).str(shape).finish(),
        Fnv::new(28).str(position).str(lower).finish(),
        Fnv::new(29).gaz(ctx.gazetteer).str(shape).finish(),
        Fnv::new(32).str(flag(common, "C")).str(headline).str(position).str(shape).finish(),
    ]
}

/// Everything the tagger needs from one distinct token text, computed once per thread
/// (see [`WordCache`]).
struct WordSums {
    lower: Box<str>,
    shape: Box<str>,
    saying: bool,
    common: bool,
    /// The token's own features in the default [`Context`]: templates 1, 6, 10–15, 26, 27
    /// and the context templates.
    own: Sums,
    /// What this word adds to the next token (templates 2, 7), the one after (4), the
    /// previous token (3, 8) and the one before that (5).
    for_next: Sums,
    for_next2: Sums,
    for_previous: Sums,
    for_previous2: Sums,
    /// Templates 42 and 43 after an outside label, the usual history.
    after_outside: Sums,
    /// Pair features hashed up to this word: 24 and 30 for the next token's, 25 and 31
    /// (the shape) for this token's.
    pair24: Fnv,
    pair30: Fnv,
    pair25: Fnv,
    pair31: Fnv,
}

/// A thread's word sums for one model and gazetteer. News text repeats its words, so
/// nearly every token is a hit after the first few articles; the cache is emptied when
/// full, which changes the speed but never the labels. (Caching the sums of adjacent
/// word pairs as well, templates 24, 25, 30 and 31, was measured and gained nothing.)
struct WordCache {
    owner: (u64, u64),
    index: HashMap<Box<str>, u32, BuildHasherDefault<FnvHasher>>,
    words: Vec<WordSums>,
}

/// Distinct token texts a thread keeps sums for (about 0.5 KB each).
const WORD_CACHE_CAPACITY: usize = 1 << 14;

thread_local! {
    static WORD_CACHE: RefCell<WordCache> =
        RefCell::new(WordCache { owner: (0, 0), index: HashMap::default(), words: Vec::new() });
}

impl Model {
    /// How many features carry weights (reported by the training command).
    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    /// A model over these weights with the tables of the fast path.
    fn new(weights: FeatureMap<[i16; N_LABELS]>, scale: f32) -> Model {
        let mut model = Model {
            weights,
            scale,
            version: crate::gazetteer::fresh_version(),
            history: Vec::new(),
            neighbour_hits: [Vec::new(), Vec::new()],
            edges: Edges { before: [0; N_LABELS], before2: [0; N_LABELS], after: [0; N_LABELS], after2: [0; N_LABELS] },
        };
        let labels = || (0..N_LABELS as u8).map(Label);
        let mut history = Vec::with_capacity(N_LABELS * N_LABELS);
        for prev2 in labels() {
            for prev in labels() {
                history.push(model.sum(&[
                    Fnv::new(0).finish(),
                    Fnv::new(40).str(prev.name()).finish(),
                    Fnv::new(41).str(prev2.name()).str(prev.name()).finish(),
                ]));
            }
        }
        let neighbour_hits = [19, 20].map(|template| {
            (0..HIT_CODES).map(|code| model.sum(&[Fnv::new(template).gaz(hit_of_code(code)).finish()])).collect()
        });
        let edges = Edges {
            before: model.sum(&features_for_next("<s>", "#")),
            before2: model.sum(&features_for_next2("<s>")),
            after: model.sum(&features_for_previous("</s>", "#")),
            after2: model.sum(&features_for_previous2("</s>")),
        };
        model.history = history;
        model.neighbour_hits = neighbour_hits;
        model.edges = edges;
        model
    }

    /// Adds the weights of one feature (none when the model has no such feature).
    fn add(&self, sums: &mut Sums, feature: u64) {
        if let Some(w) = self.weights.get(&feature) {
            for (s, x) in sums.iter_mut().zip(w) {
                *s += i32::from(*x);
            }
        }
    }

    /// Takes the weights of one feature back out (exact: the sums are integers).
    fn subtract(&self, sums: &mut Sums, feature: u64) {
        if let Some(w) = self.weights.get(&feature) {
            for (s, x) in sums.iter_mut().zip(w) {
                *s -= i32::from(*x);
            }
        }
    }

    fn sum(&self, features: &[u64]) -> Sums {
        let mut sums = [0; N_LABELS];
        for f in features {
            self.add(&mut sums, *f);
        }
        sums
    }

    /// The sums and strings of one token text.
    fn word_sums(&self, text: &str, gazetteer: &Gazetteer) -> WordSums {
        let lower = text.to_lowercase();
        let shape = short_shape(text);
        let (w, sh) = (lower.as_str(), shape.as_str());
        let common = gazetteer.is_common(w);
        let mut own = self.sum(&word_features(text, w, sh));
        add_sums(&mut own, &self.sum(&context_features(w, sh, common, &Context::default())));
        let outside = Label::OUTSIDE.name();
        WordSums {
            saying: gazetteer.is_saying_verb(w),
            common,
            own,
            for_next: self.sum(&features_for_next(w, sh)),
            for_next2: self.sum(&features_for_next2(w)),
            for_previous: self.sum(&features_for_previous(w, sh)),
            for_previous2: self.sum(&features_for_previous2(w)),
            after_outside: self.sum(&[Fnv::new(42).str(outside).str(w).finish(), Fnv::new(43).str(outside).str(sh).finish()]),
            pair24: Fnv::new(24).str(w),
            pair30: Fnv::new(30).str(w),
            pair25: Fnv::new(25).str(w),
            pair31: Fnv::new(31).str(sh),
            lower: lower.into(),
            shape: shape.into(),
        }
    }

    /// Greedy decoding of one sentence: the same labels as
    /// `self.tag(&SentenceFeatures::new(tokens, gazetteer))`, from sums cached per word
    /// (a few lookups per token instead of 37, and no strings built for known words).
    pub fn tag_tokens(&self, tokens: &[Token], gazetteer: &Gazetteer) -> Vec<Label> {
        WORD_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let owner = (self.version, gazetteer.version());
            if cache.owner != owner || cache.words.len() + tokens.len() > WORD_CACHE_CAPACITY {
                cache.owner = owner;
                cache.index.clear();
                cache.words.clear();
            }
            let mut slots = Vec::with_capacity(tokens.len());
            for t in tokens {
                let slot = match cache.index.get(t.text) {
                    Some(&slot) => slot,
                    None => {
                        let slot = cache.words.len() as u32;
                        let sums = self.word_sums(t.text, gazetteer);
                        cache.words.push(sums);
                        cache.index.insert(t.text.into(), slot);
                        slot
                    }
                };
                slots.push(slot);
            }
            let words: Vec<&WordSums> = slots.iter().map(|&s| &cache.words[s as usize]).collect();
            self.tag_words(tokens, &words, gazetteer)
        })
    }

    /// Decodes a sentence given its words' sums.
    fn tag_words(&self, tokens: &[Token], words: &[&WordSums], gazetteer: &Gazetteer) -> Vec<Label> {
        let n = words.len();
        let mut labels = Vec::with_capacity(n);
        let (mut prev, mut prev2) = (Label::OUTSIDE, Label::OUTSIDE);
        for (i, (word, mut sums)) in words.iter().zip(self.static_sums(tokens, words, gazetteer)).enumerate() {
            add_sums(&mut sums, &self.history_sums(word, prev, prev2));
            let best = best_allowed(&sums.map(|s| s as f32), prev, i + 1 == n);
            labels.push(best);
            prev2 = prev;
            prev = best;
        }
        labels
    }

    /// The label-independent part of every token's scores (all but templates 0, 40–43).
    fn static_sums(&self, tokens: &[Token], words: &[&WordSums], gazetteer: &Gazetteer) -> Vec<Sums> {
        let lower: Vec<&str> = words.iter().map(|w| &*w.lower).collect();
        let hits = gazetteer.hits_lowered(tokens, &lower);
        let headline = is_headline(tokens);
        let mut statics: Vec<Sums> = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            let before = i.checked_sub(1).map(|j| words[j]);
            let after = words.get(i + 1);
            let mut sums = word.own;
            add_sums(&mut sums, before.map_or(&self.edges.before, |w| &w.for_next));
            add_sums(&mut sums, i.checked_sub(2).map_or(&self.edges.before2, |j| &words[j].for_next2));
            add_sums(&mut sums, after.map_or(&self.edges.after, |w| &w.for_previous));
            add_sums(&mut sums, words.get(i + 2).map_or(&self.edges.after2, |w| &w.for_previous2));
            let hit_before = i.checked_sub(1).and_then(|j| hits[j]);
            let hit_after = hits.get(i + 1).copied().flatten();
            for (table, (template, hit)) in self.neighbour_hits.iter().zip([(19, hit_before), (20, hit_after)]) {
                match hit_code(hit).and_then(|code| table.get(code)) {
                    Some(s) => add_sums(&mut sums, s),
                    None => self.add(&mut sums, Fnv::new(template).gaz(hit).finish()),
                }
            }
            let context = Context {
                first: i == 0,
                headline,
                gazetteer: hits[i],
                title_before: matches!(hit_before, Some(h) if h.category == Category::Title && matches!(h.position, 'U' | 'L')),
                saying_after: after.is_some_and(|w| w.saying),
                saying_before: before.is_some_and(|w| w.saying),
            };
            if context != Context::default() {
                let usual = context_features(&word.lower, &word.shape, word.common, &Context::default());
                let actual = context_features(&word.lower, &word.shape, word.common, &context);
                for (a, u) in actual.into_iter().zip(usual) {
                    if a != u {
                        self.add(&mut sums, a);
                        self.subtract(&mut sums, u);
                    }
                }
            }
            let (w, sh) = (&*word.lower, &*word.shape);
            let shape_before = before.map_or("#", |b| &*b.shape);
            let shape_after = after.map_or("#", |a| &*a.shape);
            self.add(&mut sums, Fnv::new(9).str(shape_before).str(sh).str(shape_after).finish());
            let word_after = after.map_or("</s>", |a| &*a.lower);
            self.add(&mut sums, before.map_or_else(|| Fnv::new(24).str("<s>"), |b| b.pair24).str(w).finish());
            self.add(&mut sums, word.pair25.str(word_after).finish());
            self.add(&mut sums, before.map_or_else(|| Fnv::new(30).str("<s>"), |b| b.pair30).str(sh).finish());
            self.add(&mut sums, word.pair31.str(word_after).finish());
            statics.push(sums);
        }
        statics
    }

    /// The label-dependent part of a token's scores: bias and history (templates 0, 40–43).
    fn history_sums(&self, word: &WordSums, prev: Label, prev2: Label) -> Sums {
        let mut sums = self.history[prev2.0 as usize * N_LABELS + prev.0 as usize];
        if prev == Label::OUTSIDE {
            add_sums(&mut sums, &word.after_outside);
        } else {
            self.add(&mut sums, Fnv::new(42).str(prev.name()).str(&word.lower).finish());
            self.add(&mut sums, Fnv::new(43).str(prev.name()).str(&word.shape).finish());
        }
        sums
    }

    /// Greedy left-to-right decoding under BILOU constraints, from the features training
    /// sees; [`Model::tag_tokens`] gives the same labels faster and is what runs on articles.
    pub fn tag(&self, sentence: &SentenceFeatures) -> Vec<Label> {
        let n = sentence.len();
        let mut labels = Vec::with_capacity(n);
        let mut feats = Vec::with_capacity(48);
        let (mut prev, mut prev2) = (Label::OUTSIDE, Label::OUTSIDE);
        for i in 0..n {
            sentence.features(i, prev, prev2, &mut feats);
            let scores = self.scores(&feats);
            let best = best_allowed(&scores, prev, i + 1 == n);
            labels.push(best);
            prev2 = prev;
            prev = best;
        }
        labels
    }

    /// Label scores in units of `scale`: integer sums (at most 48 × 32767 in magnitude, so
    /// exact in f32 too).
    fn scores(&self, feats: &[u64]) -> [f32; N_LABELS] {
        let mut sums = [0i32; N_LABELS];
        for f in feats {
            if let Some(w) = self.weights.get(f) {
                for (s, x) in sums.iter_mut().zip(w) {
                    *s += i32::from(*x);
                }
            }
        }
        sums.map(|s| s as f32)
    }

    /// Quantises averaged weights to i16 with one scale for the whole model.
    fn quantise(weights: FeatureMap<[f32; N_LABELS]>) -> Model {
        let max = weights.values().flat_map(|w| w.iter()).fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        let weights = weights.into_iter().map(|(k, w)| (k, w.map(|x| (x / scale).round() as i16))).collect();
        Model::new(weights, scale)
    }

    /// Serialises to the compact model format: magic, scale, feature count, then per
    /// feature its hash and (label, i16 weight) pairs for weights that survive
    /// quantisation; the whole deflate-compressed.
    pub fn to_bytes(&self) -> std::io::Result<Vec<u8>> {
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort();
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&self.scale.to_le_bytes());
        raw.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        for k in keys {
            let w = &self.weights[k];
            let q: Vec<(u8, i16)> = w.iter().enumerate().map(|(l, x)| (l as u8, *x)).filter(|(_, x)| *x != 0).collect();
            raw.extend_from_slice(&k.to_le_bytes());
            raw.push(q.len() as u8);
            for (l, x) in q {
                raw.push(l);
                raw.extend_from_slice(&x.to_le_bytes());
            }
        }
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&raw)?;
        enc.finish()
    }

    /// Reads the format written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let mut raw = Vec::new();
        flate2::read::DeflateDecoder::new(bytes).read_to_end(&mut raw).map_err(|e| e.to_string())?;
        let mut r = Reader { buf: &raw, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err("not a Triangulate NER model".into());
        }
        let scale = f32::from_le_bytes(r.array()?);
        let count = u64::from_le_bytes(r.array()?) as usize;
        let mut weights = FeatureMap::default();
        weights.reserve(count.min(raw.len() / 9));
        for _ in 0..count {
            let key = u64::from_le_bytes(r.array()?);
            let n = r.take(1)?[0] as usize;
            let mut w = [0i16; N_LABELS];
            for _ in 0..n {
                let l = r.take(1)?[0] as usize;
                let x = i16::from_le_bytes(r.array()?);
                if let Some(slot) = w.get_mut(l) {
                    *slot = x;
                }
            }
            weights.insert(key, w);
        }
        if !(scale.is_finite() && scale > 0.0) {
            return Err(format!("model scale {scale} is not a positive number"));
        }
        Ok(Model::new(weights, scale))
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self.buf.get(self.pos..self.pos + n).ok_or("truncated model file")?;
        self.pos += n;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
}

fn best_allowed(scores: &[f32; N_LABELS], prev: Label, last: bool) -> Label {
    let mut best = Label::OUTSIDE;
    let mut best_score = f32::NEG_INFINITY;
    for (l, s) in scores.iter().enumerate() {
        let label = Label(l as u8);
        if !label.may_follow(prev) || (last && !label.may_end()) {
            continue;
        }
        if *s > best_score {
            best_score = *s;
            best = label;
        }
    }
    best
}

/// One training sentence: features, gold labels and how much it counts.
pub struct TrainSentence {
    /// Static features of the sentence.
    pub features: SentenceFeatures,
    /// Gold BILOU labels.
    pub gold: Vec<Label>,
    /// Update weight (gold data counts more than silver).
    pub weight: f32,
}

struct TrainWeight {
    w: [f32; N_LABELS],
    total: [f64; N_LABELS],
    stamp: [u64; N_LABELS],
}

/// Averaged-perceptron training state.
pub struct Trainer {
    weights: FeatureMap<TrainWeight>,
    /// Features allowed to get a weight (seen often enough); None admits all.
    allowed: Option<FeatureMap<()>>,
    clock: u64,
}

impl Trainer {
    /// A trainer that only learns weights for features seen at least `min_count` times
    /// (weighted) along the gold label paths of `sentences`.
    pub fn new(sentences: &[TrainSentence], min_count: f32) -> Self {
        let mut counts: FeatureMap<f32> = FeatureMap::default();
        let mut feats = Vec::new();
        for s in sentences {
            let (mut prev, mut prev2) = (Label::OUTSIDE, Label::OUTSIDE);
            for i in 0..s.features.len() {
                s.features.features(i, prev, prev2, &mut feats);
                for f in &feats {
                    *counts.entry(*f).or_default() += s.weight;
                }
                prev2 = prev;
                prev = s.gold[i];
            }
        }
        let allowed = counts.into_iter().filter(|(_, c)| *c >= min_count).map(|(k, _)| (k, ())).collect();
        Trainer { weights: FeatureMap::default(), allowed: Some(allowed), clock: 0 }
    }

    /// One pass over the sentences in the given order; returns the token error rate.
    pub fn epoch(&mut self, sentences: &[TrainSentence], order: &[usize]) -> f64 {
        let (mut errors, mut total) = (0usize, 0usize);
        let mut feats = Vec::with_capacity(48);
        for &si in order {
            let Some(s) = sentences.get(si) else { continue };
            let (mut prev, mut prev2) = (Label::OUTSIDE, Label::OUTSIDE);
            for i in 0..s.features.len() {
                self.clock += 1;
                s.features.features(i, prev, prev2, &mut feats);
                let mut scores = [0f32; N_LABELS];
                for f in &feats {
                    if let Some(w) = self.weights.get(f) {
                        for (x, y) in scores.iter_mut().zip(&w.w) {
                            *x += y;
                        }
                    }
                }
                let guess = best_allowed(&scores, prev, i + 1 == s.features.len());
                let gold = s.gold[i];
                total += 1;
                if guess != gold {
                    errors += 1;
                    for f in &feats {
                        self.update(*f, gold, s.weight);
                        self.update(*f, guess, -s.weight);
                    }
                }
                prev2 = prev;
                // Follow the gold path so later decisions see a sensible history.
                prev = gold;
            }
        }
        if total == 0 {
            0.0
        } else {
            errors as f64 / total as f64
        }
    }

    fn update(&mut self, feature: u64, label: Label, delta: f32) {
        if let Some(allowed) = &self.allowed {
            if !allowed.contains_key(&feature) {
                return;
            }
        }
        let clock = self.clock;
        let w = self.weights.entry(feature).or_insert_with(|| TrainWeight {
            w: [0.0; N_LABELS],
            total: [0.0; N_LABELS],
            stamp: [clock; N_LABELS],
        });
        let l = label.0 as usize;
        w.total[l] += (clock - w.stamp[l]) as f64 * w.w[l] as f64;
        w.stamp[l] = clock;
        w.w[l] += delta;
    }

    /// The averaged model, dropping weights whose magnitude is below `prune`, quantised as
    /// it is shipped.
    pub fn finish(self, prune: f32) -> Model {
        let clock = self.clock.max(1);
        let mut weights = FeatureMap::default();
        for (k, tw) in self.weights {
            let mut avg = [0f32; N_LABELS];
            for (l, slot) in avg.iter_mut().enumerate() {
                let total = tw.total[l] + (clock - tw.stamp[l]) as f64 * tw.w[l] as f64;
                let a = (total / clock as f64) as f32;
                *slot = if a.abs() < prune { 0.0 } else { a };
            }
            if avg.iter().any(|x| *x != 0.0) {
                weights.insert(k, avg);
            }
        }
        Model::quantise(weights)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    #[test]
    fn bilou_round_trip() {
        let text = "Angela Merkel met Macron in Paris";
        let toks = tokenize(text);
        let ents = vec![(Span::new(0, 13), EntityKind::Person), (Span::new(27, 32), EntityKind::Place)];
        let labels = encode(&toks, &ents);
        assert_eq!(decode_spans(&labels), vec![(0, 2, EntityKind::Person), (5, 6, EntityKind::Place)]);
        for l in 0..N_LABELS as u8 {
            let label = Label(l);
            if let Some((k, p)) = label.parts() {
                assert_eq!(Label::new(k, p), label);
            }
        }
    }

    #[test]
    fn learns_and_survives_serialisation() {
        let g = Gazetteer::shipped();
        let texts = ["Zorblat visited Quenton .", "Then Zorblat left Quenton ."];
        let mut sentences = Vec::new();
        for t in texts {
            let toks = tokenize(t);
            let z = t.find("Zorblat").unwrap_or(0);
            let q = t.find("Quenton").unwrap_or(0);
            let gold = encode(&toks, &[(Span::new(z, z + 7), EntityKind::Person), (Span::new(q, q + 7), EntityKind::Place)]);
            sentences.push(TrainSentence { features: SentenceFeatures::new(&toks, &g), gold, weight: 1.0 });
        }
        let mut trainer = Trainer::new(&sentences, 0.0);
        for _ in 0..5 {
            trainer.epoch(&sentences, &[0, 1]);
        }
        let model = trainer.finish(0.0);
        let bytes = model.to_bytes().expect("serialise");
        let back = Model::from_bytes(&bytes).expect("deserialise");
        assert_eq!(back.tag(&sentences[0].features), sentences[0].gold);
        assert_eq!(back.tag_tokens(&tokenize(texts[0]), &g), sentences[0].gold);
        assert!(Model::from_bytes(b"garbage").is_err());
    }

    /// Sentences with every context the fast path treats apart: first tokens, title-case
    /// headlines, gazetteer phrases, titles, verbs of saying, edges, repeated and
    /// non-Latin words, possessives, digits.
    const VARIED: &str = "Wealthy Voters Abandon Republican Party In New York City\n\n\
        German Chancellor Angela Merkel said on Tuesday that the European Union would not back down. \
        \"We will not step back,\" Merkel told Reuters in Berlin, according to the Associated Press. \
        Prime Minister Boris Johnson's spokesman, Mr. Slack, said the U.S. and the U.K. agreed. \
        Der Bundestag stimmte am 3. März 2020 zu; Müller sagte, es sei „richtig“. \
        Владимир Путин встретился с Си Цзиньпином в Москве. 習近平在北京會見了普京。 \
        Ryanair ordered five more Boeing 737s worth $1.5bn — the airline said — after talks in Dublin. \
        said Merkel . Paris ? the the the 2024 ... «Bonjour» dit-il. Pres. Biden, Sen. Warren and Dr. Fauci spoke.";

    #[test]
    fn the_fast_path_gives_the_reference_labels() {
        let g = Gazetteer::shipped();
        let model = &crate::Recognizer::shared().model;
        let shared_gazetteer = crate::Recognizer::shared().gazetteer();
        let sentences = text::sentences(VARIED);
        assert!(sentences.len() >= 8);
        // Twice: filling the word cache, then reading it.
        for _ in 0..2 {
            for s in &sentences {
                let mut tokens = Vec::new();
                crate::tokenize::tokenize_span(VARIED, *s, &mut tokens);
                let reference = model.tag(&SentenceFeatures::new(&tokens, shared_gazetteer));
                assert_eq!(model.tag_tokens(&tokens, shared_gazetteer), reference, "{}", &VARIED[s.start..s.end]);
                // Another gazetteer (another version) must not reuse the first one's cache.
                assert_eq!(model.tag_tokens(&tokens, &g), model.tag(&SentenceFeatures::new(&tokens, &g)));
            }
        }
        // The scores themselves, not only their argmax, for every token and label history.
        for s in &sentences {
            let mut tokens = Vec::new();
            crate::tokenize::tokenize_span(VARIED, *s, &mut tokens);
            let features = SentenceFeatures::new(&tokens, shared_gazetteer);
            let words: Vec<WordSums> = tokens.iter().map(|t| model.word_sums(t.text, shared_gazetteer)).collect();
            let words: Vec<&WordSums> = words.iter().collect();
            let statics = model.static_sums(&tokens, &words, shared_gazetteer);
            let mut feats = Vec::new();
            for (i, word) in words.iter().enumerate() {
                for prev2 in (0..N_LABELS as u8).map(Label) {
                    for prev in (0..N_LABELS as u8).map(Label) {
                        features.features(i, prev, prev2, &mut feats);
                        let mut fast = statics[i];
                        add_sums(&mut fast, &model.history_sums(word, prev, prev2));
                        assert_eq!(fast.map(|x| x as f32), model.scores(&feats), "token {i} of {:?}", &VARIED[s.start..s.end]);
                    }
                }
            }
        }
    }
}
