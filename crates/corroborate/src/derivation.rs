//! Which article copies, rewrites or translates which.
//!
//! - copy: near-identical text (word 5-gram shingles: Jaccard, or containment
//!   when one is a truncation of the other);
//! - rewrite: same language, most sentences align with sentences of the
//!   earlier article, in the same order, but reworded;
//! - translation: other language, sentences align in order: by the cosine of their
//!   multilingual sentence embeddings (`embed`, when the model is installed), else on
//!   anchors that survive translation (numbers, names, cognates).
//!
//! The derived article is the later one: by publication date when both are
//! known, else by input order.
//!
//! A story of up to `all_pairs_up_to` articles compares every pair; a larger one
//! compares only the candidate pairs of two MinHash LSH indexes (`near_dup`): one
//! over word shingles (copies), one over the anchors that rewrites keep (names,
//! numbers, longer words), so that derivation grows with the number of related pairs
//! rather than with the square of the story's size; pairs in two languages are all
//! compared, unless both articles carry an embedding (title and lead) and those are too far
//! apart for one to translate the other.

use std::collections::{HashMap, HashSet};

use model::{Derivation, Doc, Relation};

use crate::account::overlap::{intersection, WordSet, Words};
use crate::near_dup::{similar_pairs, stable_hash, word_shingles};

/// Thresholds, tuned on the derivation dev set (`eval-derivation`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DerivationParams {
    /// Shingle Jaccard at or above which two texts are copies.
    pub copy_jaccard: f64,
    /// Shingle containment of the shorter text at or above which it is a (truncated) copy.
    pub copy_containment: f64,
    /// Content-word Jaccard at or above which two sentences say the same thing.
    pub sentence_match: f64,
    /// Cognate share at or above which sentences in two languages say the same thing
    /// (without sentence embeddings).
    pub anchor_match: f64,
    /// Align sentences in two languages by their multilingual embeddings when the encoder is
    /// installed ([`embed::Encoder::shared`]); else, or when false, on cognate anchors.
    pub sentence_embeddings: bool,
    /// Sentence-embedding cosine at or above which sentences in two languages say the same thing.
    pub embedding_match: f64,
    /// In a large story, two articles in two languages whose article embeddings (title and
    /// lead) are further apart than this are not compared as a possible translation.
    pub translation_candidate: f64,
    /// Share of the later article's sentences that must align for a rewrite or translation.
    pub aligned_share: f64,
    /// Share of aligned pairs that must keep their order.
    pub in_order_share: f64,
    /// Stories of up to this many articles compare every pair; larger ones only LSH candidates.
    pub all_pairs_up_to: usize,
    /// Estimated shingle Jaccard at or above which two articles are compared as possible copies.
    pub lsh_copy: f64,
    /// Estimated anchor Jaccard at or above which two articles are compared as possible rewrites or translations.
    pub lsh_related: f64,
}

impl Default for DerivationParams {
    fn default() -> Self {
        DerivationParams {
            copy_jaccard: 0.6,
            copy_containment: 0.85,
            sentence_match: 0.3,
            anchor_match: 0.3,
            sentence_embeddings: true,
            embedding_match: EMBEDDING_MATCH,
            translation_candidate: 0.5,
            aligned_share: 0.5,
            in_order_share: 0.75,
            all_pairs_up_to: 32,
            lsh_copy: 0.3,
            lsh_related: 0.15,
        }
    }
}

/// Sentence-embedding cosine of a translated sentence and its original (tuned on the tuning
/// part of the derivation set, docs/eval/derivation.md).
const EMBEDDING_MATCH: f64 = 0.6;
/// Fewest words of a sentence aligned by its embedding: a dateline or a name alone says little.
const MIN_EMBEDDED_WORDS: usize = 3;

/// Fewest sentences for a rewrite or translation to be told from chance overlap.
const MIN_ALIGNED_SENTENCES: usize = 3;
const SHINGLE: usize = 5;

/// What is compared of one article.
struct Fingerprint {
    language: String,
    shingles: HashSet<u64>,
    /// Lowercased content words of each sentence (ids of the story's vocabulary).
    sentence_words: Vec<WordSet>,
    /// Content word → the sentences that hold it, in order.
    word_sentences: HashMap<u32, Vec<u32>>,
    /// Anchors of each sentence that survive translation: numbers and capitalised names, ASCII-folded.
    sentence_anchors: Vec<HashSet<String>>,
    /// Hashes of all the article's anchors: what LSH compares to find rewrite and translation candidates.
    anchor_set: HashSet<u64>,
    /// Unit multilingual embedding of each sentence long enough to align, with its index;
    /// filled only for articles that have a candidate in another language, when an encoder is given.
    sentence_vectors: Option<Vec<(usize, [f32; embed::DIM])>>,
    /// The article's own embedding (title and lead), when analysis added one.
    embedding: Option<Vec<f32>>,
    /// When published (sortable string) — None when unknown.
    published: Option<String>,
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

impl Fingerprint {
    fn of(doc: &Doc, vocabulary: &mut Words) -> Fingerprint {
        let shingles = word_shingles(&doc.article.text, SHINGLE);
        let sentences: Vec<String> = (0..doc.sentences.len()).map(|i| doc.sentence_text(i)).collect();
        let sentence_words: Vec<WordSet> = sentences.iter().map(|s| vocabulary.content_words(s)).collect();
        let mut word_sentences: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, set) in sentence_words.iter().enumerate() {
            for &w in set {
                word_sentences.entry(w).or_default().push(i as u32);
            }
        }
        let sentence_anchors: Vec<HashSet<String>> = sentences.iter().map(|s| anchors(s)).collect();
        let anchor_set = sentence_anchors.iter().flatten().map(|a| stable_hash(a)).collect();
        Fingerprint {
            language: doc.article.language.clone(),
            shingles,
            sentence_words,
            word_sentences,
            sentence_anchors,
            anchor_set,
            sentence_vectors: None,
            embedding: doc.embedding.as_ref().map(|e| e.unit()).filter(|v| !v.is_empty()),
            published: doc.article.published.clone(),
        }
    }

    /// Embeds the article's sentences of [`MIN_EMBEDDED_WORDS`] words or more.
    fn embed_sentences(&mut self, doc: &Doc, encoder: &embed::Encoder) {
        let sentences: Vec<(usize, String)> = (0..doc.sentences.len())
            .map(|i| (i, doc.sentence_text(i)))
            .filter(|(_, s)| words(s).count() >= MIN_EMBEDDED_WORDS)
            .collect();
        let texts: Vec<&str> = sentences.iter().map(|(_, s)| s.as_str()).collect();
        let vectors = encoder.encode(&texts);
        self.sentence_vectors = Some(sentences.iter().map(|(i, _)| *i).zip(vectors).collect());
    }
}

/// Words that may survive translation as cognates or names: ASCII-folded, four letters or more, and numbers.
fn anchors(sentence: &str) -> HashSet<String> {
    words(sentence)
        .filter(|w| w.chars().count() >= 4 || w.chars().all(|c| c.is_ascii_digit()))
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Letter-bigram Dice similarity: "parliament"/"parlament", "police"/"polizei".
fn dice(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let bigrams = |w: &str| -> Vec<[u8; 2]> { w.as_bytes().windows(2).map(|p| [p[0], p[1]]).collect() };
    let (ba, mut bb) = (bigrams(a), bigrams(b));
    let total = (ba.len() + bb.len()) as f64;
    let mut shared = 0.0;
    for g in &ba {
        if let Some(pos) = bb.iter().position(|x| x == g) {
            bb.swap_remove(pos);
            shared += 1.0;
        }
    }
    if total == 0.0 {
        0.0
    } else {
        2.0 * shared / total
    }
}

/// Cognate similarity for sentences in two languages: the share of the smaller side's
/// anchors that have a look-alike on the other side.
fn cognates(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    const COGNATE: f64 = 0.5;
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    let found = small.iter().filter(|w| large.contains(*w) || large.iter().any(|v| dice(w, v) >= COGNATE)).count();
    found as f64 / small.len() as f64
}

/// Lowercase ASCII skeleton of a word: diacritics dropped, so "Erdoğan" and "Erdogan" meet.
fn fold(w: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    w.nfd().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn sorted_jaccard(a: &[u32], b: &[u32]) -> f64 {
    let inter = intersection(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    if union == 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// Whether two articles are in two different languages: an undetermined language ("und", or
/// none given) is no evidence of a translation, so such a pair is compared as one language.
fn other_languages(a: &str, b: &str) -> bool {
    let known = |l: &str| !l.is_empty() && l != "und";
    a != b && known(a) && known(b)
}

/// How the later article relates to the earlier one, if it derives from it.
fn relate(earlier: &Fingerprint, later: &Fingerprint, p: &DerivationParams, vocabulary: &Words) -> Option<(Relation, f64)> {
    if !other_languages(&earlier.language, &later.language) {
        let inter = earlier.shingles.intersection(&later.shingles).count() as f64;
        let smaller = earlier.shingles.len().min(later.shingles.len()) as f64;
        let union = (earlier.shingles.len() + later.shingles.len()) as f64 - inter;
        let jac = if union > 0.0 { inter / union } else { 0.0 };
        let containment = if smaller > 0.0 { inter / smaller } else { 0.0 };
        if jac >= p.copy_jaccard || (containment >= p.copy_containment && smaller >= 40.0) {
            return Some((Relation::Copy, jac.max(containment)));
        }
        let (e, l) = (&earlier.sentence_words, &later.sentence_words);
        let usable: Vec<usize> = (0..l.len()).filter(|&j| l[j].len() >= 2).collect();
        // Only earlier sentences sharing one of the sentence's rarest words can reach the bar.
        let best = |j: usize| {
            let mut sharing: Vec<u32> = vocabulary
                .prefix(&l[j], p.sentence_match as f32)
                .into_iter()
                .flat_map(|w| earlier.word_sentences.get(&w).into_iter().flatten().copied())
                .collect();
            sharing.sort_unstable();
            sharing.dedup();
            best_match(sharing.into_iter().map(|i| i as usize), |i| sorted_jaccard(&e[i], &l[j]))
        };
        aligned(&usable, best, p.sentence_match, p).map(|s| (Relation::Rewrite, s))
    } else if let (Some(e), Some(l)) = (&earlier.sentence_vectors, &later.sentence_vectors) {
        let usable: Vec<usize> = (0..l.len()).collect();
        let best = |j: usize| best_match(0..e.len(), |i| f64::from(dot(&e[i].1, &l[j].1)));
        aligned(&usable, best, p.embedding_match, p).map(|s| (Relation::Translation, s))
    } else {
        let (e, l) = (&earlier.sentence_anchors, &later.sentence_anchors);
        let usable: Vec<usize> = (0..l.len()).filter(|&j| l[j].len() >= 3).collect();
        let best = |j: usize| best_match(0..e.len(), |i| cognates(&e[i], &l[j]));
        aligned(&usable, best, p.anchor_match, p).map(|s| (Relation::Translation, s))
    }
}

/// The most similar of the candidate sentences, the first on a tie.
fn best_match(candidates: impl Iterator<Item = usize>, similarity: impl Fn(usize) -> f64) -> Option<(usize, f64)> {
    candidates.map(|i| (i, similarity(i))).max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Sentence alignment: each usable later sentence (`usable`, indices into the later article)
/// to its best match among the earlier article's sentences (`best`: index and similarity,
/// among at least every sentence that reaches `sentence_match`); a derivation when enough
/// align and keep their order. Returns the mean similarity of the aligned share.
fn aligned(
    usable: &[usize],
    best: impl Fn(usize) -> Option<(usize, f64)>,
    sentence_match: f64,
    p: &DerivationParams,
) -> Option<f64> {
    if usable.len() < MIN_ALIGNED_SENTENCES {
        return None;
    }
    let enough = |aligned: usize| aligned >= MIN_ALIGNED_SENTENCES && aligned as f64 / usable.len() as f64 >= p.aligned_share;
    let mut pairs: Vec<(usize, f64)> = Vec::new();
    for (k, &j) in usable.iter().enumerate() {
        // Stop as soon as the sentences left cannot make up the share.
        if !enough(pairs.len() + usable.len() - k) {
            return None;
        }
        if let Some((i, sim)) = best(j) {
            if sim >= sentence_match {
                pairs.push((i, sim));
            }
        }
    }
    let share = pairs.len() as f64 / usable.len() as f64;
    if pairs.len() < MIN_ALIGNED_SENTENCES || share < p.aligned_share {
        return None;
    }
    let in_order = pairs.windows(2).filter(|w| w[1].0 >= w[0].0).count() as f64 / (pairs.len() - 1) as f64;
    if in_order < p.in_order_share {
        return None;
    }
    let mean = pairs.iter().map(|(_, s)| s).sum::<f64>() / pairs.len() as f64;
    Some((share * mean).sqrt().min(1.0))
}

/// For each article of a story that derives from an earlier one: its source, relation and similarity.
/// `docs` are in input order.
pub fn derivations(docs: &[&Doc], params: &DerivationParams) -> HashMap<String, Vec<Derivation>> {
    let mut vocabulary = Words::default();
    let mut prints: Vec<Fingerprint> = docs.iter().map(|d| Fingerprint::of(d, &mut vocabulary)).collect();
    let pairs = candidate_pairs(&prints, params);
    // Only articles with a candidate in another language are embedded, each once.
    let mut needed = vec![false; prints.len()];
    for &(a, b) in &pairs {
        if other_languages(&prints[a].language, &prints[b].language) {
            needed[a] = true;
            needed[b] = true;
        }
    }
    let encoder = if params.sentence_embeddings && needed.contains(&true) { embed::Encoder::shared() } else { None };
    if let Some(encoder) = encoder {
        for (i, print) in prints.iter_mut().enumerate().filter(|(i, _)| needed[*i]) {
            print.embed_sentences(docs[i], encoder);
        }
    }
    let mut best: HashMap<usize, (usize, Relation, f64)> = HashMap::new();
    for (a, b) in pairs {
        let (i, j) = if is_earlier(a, &prints[a], b, &prints[b]) { (a, b) } else { (b, a) };
        let Some((relation, sim)) = relate(&prints[i], &prints[j], params, &vocabulary) else { continue };
        let better = match best.get(&j) {
            None => true,
            Some(&(k, r, s)) => {
                (rank(relation), sim, std::cmp::Reverse(i)) > (rank(r), s, std::cmp::Reverse(k))
            }
        };
        if better {
            best.insert(j, (i, relation, sim));
        }
    }
    best.into_iter()
        .map(|(j, (i, relation, similarity))| {
            let derivation = Derivation { article: docs[i].article.id.clone(), relation, similarity: (similarity * 1000.0).round() / 1000.0 };
            (docs[j].article.id.clone(), vec![derivation])
        })
        .collect()
}

/// The pairs worth relating, `(a, b)` with `a < b`: all of them in a small story, else the
/// union of the shingle and anchor LSH candidates, in a fixed order.
fn candidate_pairs(prints: &[Fingerprint], params: &DerivationParams) -> Vec<(usize, usize)> {
    let n = prints.len();
    if n <= params.all_pairs_up_to {
        return (0..n).flat_map(|a| (a + 1..n).map(move |b| (a, b))).collect();
    }
    let mut pairs = similar_pairs(prints.iter().map(|p| &p.shingles), params.lsh_copy);
    pairs.extend(similar_pairs(prints.iter().map(|p| &p.anchor_set), params.lsh_related));
    // Few anchors survive translation word for word, too few for the anchor index: every pair
    // of articles in two languages stays a candidate (their number is the product of the
    // languages' counts, small while a story is mostly in one language), unless both have an
    // article embedding and those say the two tell different things.
    for a in 0..n {
        for b in a + 1..n {
            if other_languages(&prints[a].language, &prints[b].language) && may_translate(&prints[a], &prints[b], params) {
                pairs.push((a, b));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Whether two articles in two languages may be one the translation of the other: their
/// article embeddings (title and lead) are close, or one of them has none.
fn may_translate(a: &Fingerprint, b: &Fingerprint, params: &DerivationParams) -> bool {
    match (&a.embedding, &b.embedding) {
        (Some(x), Some(y)) if x.len() == y.len() => f64::from(dot(x, y)) >= params.translation_candidate,
        _ => true,
    }
}

/// Copies are the strongest evidence of derivation, then rewrites, then translations.
fn rank(r: Relation) -> u8 {
    match r {
        Relation::Copy => 3,
        Relation::Rewrite => 2,
        Relation::Translation => 1,
    }
}

fn is_earlier(i: usize, a: &Fingerprint, j: usize, b: &Fingerprint) -> bool {
    match (&a.published, &b.published) {
        (Some(pa), Some(pb)) if pa != pb => pa < pb,
        _ => i < j,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Article, Span};

    fn doc(id: &str, language: &str, text: &str, published: Option<&str>) -> Doc {
        let sentences: Vec<Span> = {
            let mut v = Vec::new();
            let mut start = 0;
            for (i, c) in text.char_indices() {
                if c == '.' {
                    v.push(Span::new(start, i + 1));
                    start = i + 2;
                }
            }
            v
        };
        let mut d = Doc {
            article: Article { id: id.into(), language: language.into(), text: text.into(), published: published.map(String::from), ..Default::default() },
            sentences,
            ..Default::default()
        };
        d.spans_to_chars();
        d
    }

    const ORIGINAL: &str = "Riots over harsh austerity measures left three bank workers dead in Athens on Wednesday. Protesters tried to storm parliament and hurled petrol bombs at police. The three workers died after demonstrators set their Marfin bank branch on fire. Prime Minister George Papandreou called the deaths murder in parliament. Police fired tear gas at tens of thousands of marchers. The strike paralysed Greece as the government prepared a vote on cuts demanded by the IMF.";

    #[test]
    fn finds_a_copy_with_a_different_ending() {
        let copy = format!("{ORIGINAL} Follow us for more updates.");
        let docs = [doc("a", "en", ORIGINAL, Some("2010-05-05T10:00:00Z")), doc("b", "en", &copy, Some("2010-05-05T12:00:00Z"))];
        let refs: Vec<&Doc> = docs.iter().collect();
        let d = derivations(&refs, &DerivationParams::default());
        assert_eq!(d["b"][0].relation, Relation::Copy);
        assert_eq!(d["b"][0].article, "a");
        assert!(!d.contains_key("a"));
    }

    #[test]
    fn finds_a_rewrite() {
        let rewrite = "Harsh austerity riots left three bank workers dead in Athens on Wednesday, officials said. Angry protesters tried to storm the parliament and threw petrol bombs at riot police. The three bank workers died when demonstrators set their Marfin branch on fire. In parliament, Prime Minister George Papandreou called the deaths murder. Police answered tens of thousands of marchers with tear gas. The general strike paralysed Greece ahead of a vote on cuts the IMF demanded.";
        let docs = [doc("a", "en", ORIGINAL, None), doc("b", "en", rewrite, None)];
        let refs: Vec<&Doc> = docs.iter().collect();
        let d = derivations(&refs, &DerivationParams::default());
        assert_eq!(d["b"][0].relation, Relation::Rewrite, "{d:?}");
    }

    #[test]
    fn finds_a_translation_through_cognates() {
        let french = "Les émeutes contre les mesures d'austérité ont fait trois morts parmi les employés d'une banque à Athènes mercredi. Les manifestants ont tenté de prendre d'assaut le parlement et ont lancé des cocktails Molotov sur la police. Les trois employés sont morts après que des manifestants ont mis le feu à leur agence de la banque Marfin. Le Premier ministre George Papandréou a qualifié les morts de meurtre devant le parlement. La police a tiré des gaz lacrymogènes sur des dizaines de milliers de manifestants. La grève a paralysé la Grèce alors que le gouvernement préparait un vote sur les coupes exigées par le FMI.";
        let docs = [doc("a", "en", ORIGINAL, None), doc("b", "fr", french, None)];
        let refs: Vec<&Doc> = docs.iter().collect();
        let d = derivations(&refs, &DerivationParams::default());
        assert_eq!(d.get("b").map(|v| v[0].relation), Some(Relation::Translation), "{d:?}");
    }

    #[test]
    fn a_large_story_finds_copies_and_translations_through_lsh_candidates() {
        let copy = format!("{ORIGINAL} Follow us for more updates.");
        let french = "Les émeutes contre les mesures d'austérité ont fait trois morts parmi les employés d'une banque à Athènes mercredi. Les manifestants ont tenté de prendre d'assaut le parlement et ont lancé des cocktails Molotov sur la police. Les trois employés sont morts après que des manifestants ont mis le feu à leur agence de la banque Marfin. Le Premier ministre George Papandréou a qualifié les morts de meurtre devant le parlement. La police a tiré des gaz lacrymogènes sur des dizaines de milliers de manifestants. La grève a paralysé la Grèce alors que le gouvernement préparait un vote sur les coupes exigées par le FMI.";
        let mut docs = vec![doc("a", "en", ORIGINAL, None)];
        let fillers: Vec<String> = (0..40)
            .map(|i| format!("Council {i} met in hall {i} on budget line {i}. Members of panel {i} asked for report {i}. Mayor {i} promised answer {i} by week {i}. Residents of ward {i} wrote letter {i}."))
            .collect();
        docs.extend(fillers.iter().enumerate().map(|(i, t)| doc(&format!("f{i}"), "en", t, None)));
        docs.push(doc("b", "en", &copy, None));
        docs.push(doc("c", "fr", french, None));
        let refs: Vec<&Doc> = docs.iter().collect();
        let params = DerivationParams::default();
        assert!(refs.len() > params.all_pairs_up_to);
        let d = derivations(&refs, &params);
        assert_eq!((d["b"][0].relation, d["b"][0].article.as_str()), (Relation::Copy, "a"));
        assert_eq!(d.get("c").map(|v| v[0].relation), Some(Relation::Translation), "{d:?}");
    }

    #[test]
    fn a_large_story_gives_the_same_derivations_every_time() {
        // Each run builds its hash maps with new random keys, so iteration orders differ.
        let copy = format!("{ORIGINAL} Follow us for more updates.");
        let mut docs = vec![doc("a", "en", ORIGINAL, None), doc("b", "en", &copy, None)];
        let texts: Vec<String> = (0..60)
            .map(|i| format!("Council {} met in hall {} on budget line {}. Members of panel {} asked for report {}. Mayor {} promised answer {} by week {}. Residents of ward {} wrote letter {}.", i % 7, i % 5, i % 3, i % 7, i % 5, i % 3, i % 7, i % 5, i % 3, i % 7))
            .collect();
        docs.extend(texts.iter().enumerate().map(|(i, t)| doc(&format!("f{i}"), "en", t, None)));
        let refs: Vec<&Doc> = docs.iter().collect();
        let sorted = || {
            let mut d: Vec<(String, String, Relation, f64)> = derivations(&refs, &DerivationParams::default())
                .into_iter()
                .flat_map(|(k, v)| v.into_iter().map(move |d| (k.clone(), d.article, d.relation, d.similarity)))
                .collect();
            d.sort_by(|a, b| a.0.cmp(&b.0));
            d
        };
        let first = sorted();
        assert!(first.len() > 10, "{first:?}");
        for _ in 0..5 {
            assert_eq!(sorted(), first);
        }
    }

    #[test]
    fn unrelated_articles_in_two_languages_are_not_translations() {
        let french = "Apple a présenté mardi à Cupertino son nouvel iPhone, doté d'un écran plus grand. Le groupe californien espère relancer ses ventes avant les fêtes de fin d'année. Les analystes restent prudents sur les marges du constructeur. Le nouveau modèle sera vendu dès la semaine prochaine en Europe et en Asie.";
        let docs = [doc("a", "en", ORIGINAL, None), doc("b", "fr", french, None)];
        let refs: Vec<&Doc> = docs.iter().collect();
        assert!(derivations(&refs, &DerivationParams::default()).is_empty());
    }

    #[test]
    fn independent_reports_are_not_derived() {
        let other = "A fire-bomb attack on a bank in Greece killed at least three people today. Hooded youths hurled petrol bombs at stores in the centre of the capital. Around 20 more people had to be ushered to safety. Athens underground stations were shut and the airport deserted. Unions rallied on the eve of a vote on spending cuts.";
        let docs = [doc("a", "en", ORIGINAL, None), doc("b", "en", other, None)];
        let refs: Vec<&Doc> = docs.iter().collect();
        assert!(derivations(&refs, &DerivationParams::default()).is_empty());
    }
}
