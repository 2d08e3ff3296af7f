//! The sequence tagger: a greedy averaged perceptron over BILOU labels with hashed
//! lexical, shape, affix, context, gazetteer and sentence-position features.
//!
//! The model file is a deflate-compressed list of (feature hash, sparse quantised
//! weights); see [`Model::to_bytes`].

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

impl SentenceFeatures {
    /// Computes the static features of every token of one sentence.
    pub fn new(tokens: &[Token], gazetteer: &Gazetteer) -> Self {
        let n = tokens.len();
        let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
        let shapes: Vec<String> = tokens.iter().map(|t| short_shape(t.text)).collect();
        let hits = gazetteer.hits(tokens);
        let saying: Vec<bool> = lower.iter().map(|w| gazetteer.is_saying_verb(w)).collect();
        let headline = if is_headline(tokens) { "H" } else { "-" };
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
            let position = if idx == 0 { "first" } else { "-" };
            let prev_title = idx > 0 && matches!(hits[idx - 1], Some(h) if h.category == Category::Title && matches!(h.position, 'U' | 'L'));
            const LENGTHS: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];
            let len = LENGTHS[tok.text.chars().count().min(8)];
            let fs: [u64; STATIC_FEATURES] = [
                Fnv::new(0).finish(),
                Fnv::new(1).str(w).finish(),
                Fnv::new(2).str(word(i - 1)).finish(),
                Fnv::new(3).str(word(i + 1)).finish(),
                Fnv::new(4).str(word(i - 2)).finish(),
                Fnv::new(5).str(word(i + 2)).finish(),
                Fnv::new(6).str(sh).finish(),
                Fnv::new(7).str(shp(i - 1)).finish(),
                Fnv::new(8).str(shp(i + 1)).finish(),
                Fnv::new(9).str(shp(i - 1)).str(sh).str(shp(i + 1)).finish(),
                Fnv::new(10).str(prefix(w, 1)).finish(),
                Fnv::new(11).str(prefix(w, 2)).finish(),
                Fnv::new(12).str(prefix(w, 3)).finish(),
                Fnv::new(13).str(suffix(w, 2)).finish(),
                Fnv::new(14).str(suffix(w, 3)).finish(),
                Fnv::new(15).str(suffix(w, 4)).finish(),
                Fnv::new(16).str(position).str(sh).finish(),
                Fnv::new(17).str(headline).str(sh).finish(),
                Fnv::new(18).gaz(gaz(i)).finish(),
                Fnv::new(19).gaz(gaz(i - 1)).finish(),
                Fnv::new(20).gaz(gaz(i + 1)).finish(),
                Fnv::new(21).str(if prev_title { "T" } else { "-" }).str(sh).finish(),
                Fnv::new(22)
                    .str(if idx + 1 < n && saying[idx + 1] { "S" } else { "-" })
                    .str(sh)
                    .finish(),
                Fnv::new(23).str(if idx > 0 && saying[idx - 1] { "S" } else { "-" }).str(sh).finish(),
                Fnv::new(24).str(word(i - 1)).str(w).finish(),
                Fnv::new(25).str(w).str(word(i + 1)).finish(),
                Fnv::new(26).str(tok.text).finish(),
                Fnv::new(27).str(len).str(sh).finish(),
                Fnv::new(28).str(position).str(w).finish(),
                Fnv::new(29).gaz(gaz(i)).str(sh).finish(),
                Fnv::new(30).str(word(i - 1)).str(sh).finish(),
                Fnv::new(31).str(sh).str(word(i + 1)).finish(),
                Fnv::new(32)
                    .str(if gazetteer.is_common(w) { "C" } else { "-" })
                    .str(headline)
                    .str(position)
                    .str(sh)
                    .finish(),
            ];
            statics.extend_from_slice(&fs);
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
pub struct Model {
    weights: FeatureMap<[i16; N_LABELS]>,
    scale: f32,
}

impl Model {
    /// Number of features with a weight.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the model has no feature.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Greedy left-to-right decoding under BILOU constraints.
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
        Model { weights, scale }
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
        Ok(Model { weights, scale })
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
        assert!(Model::from_bytes(b"garbage").is_err());
    }
}
