//! What an article is about, as a weighted bag of terms, for story grouping.

use std::collections::HashMap;

use model::Doc;

/// Words that say nothing about what a story is about, in the languages we see most.
const STOPWORDS: &str = include_str!("../data/stopwords.txt");
/// How many news texts of a background corpus each term appears in (`eval --bin build-idf`).
const DOCUMENT_FREQUENCIES: &str = include_str!("../data/idf.tsv");

/// How much of the text opens the story: news puts what matters first.
const LEAD_WORDS: usize = 400;
const TITLE_WEIGHT: f32 = 3.0;
const ENTITY_WEIGHT: f32 = 2.0;
/// A calendar day the article names: articles on one event name the same days.
const DAY_WEIGHT: f32 = 4.0;

/// Term weights under a hasher with fixed keys: norms and dot products are sums of `f32`s in
/// iteration order, and with per-process random keys their last bits (and so a join or merge
/// decided at the threshold) could change from run to run. FxHash, because looking terms up in
/// story profiles is most of story assignment, and SipHash made it twice as slow.
type TermWeights = HashMap<String, f32, rustc_hash::FxBuildHasher>;

/// A sparse term vector with its norm.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    weights: TermWeights,
    norm: f32,
}

fn stopwords() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.split_whitespace().collect())
}

/// Inverse document frequency: rare words tell stories apart, common ones do not.
struct Idf {
    documents: f32,
    frequencies: HashMap<&'static str, u32>,
}

impl Idf {
    fn shared() -> &'static Idf {
        static IDF: std::sync::OnceLock<Idf> = std::sync::OnceLock::new();
        IDF.get_or_init(|| {
            let mut lines = DOCUMENT_FREQUENCIES.lines().filter(|l| !l.starts_with('#'));
            let documents = lines.next().and_then(|n| n.trim().parse().ok()).unwrap_or(1.0);
            let frequencies = lines
                .filter_map(|l| l.split_once('\t'))
                .filter_map(|(w, n)| Some((w, n.trim().parse().ok()?)))
                .collect();
            Idf { documents, frequencies }
        })
    }

    fn weight(&self, term: &str) -> f32 {
        let df = self.frequencies.get(term).copied().unwrap_or(0) as f32;
        ((self.documents + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

impl Profile {
    /// Lowercased words of three letters or more that are not numbers, stopwords removed.
    pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| w.to_lowercase())
            .filter(|w| !stopwords().contains(w.as_str()))
    }

    pub fn of(doc: &Doc) -> Profile {
        let terms = Self::terms;
        let mut counts = TermWeights::default();
        for t in terms(&doc.article.text).take(LEAD_WORDS) {
            *counts.entry(t).or_default() += 1.0;
        }
        // Sublinear term frequency: a word said ten times is not ten times as telling.
        let idf = Idf::shared();
        let mut weights: TermWeights = counts.into_iter().map(|(t, c)| { let w = (1.0 + c.ln()) * idf.weight(&t); (t, w) }).collect();
        if let Some(title) = &doc.article.title {
            for t in terms(title) {
                let w = TITLE_WEIGHT * idf.weight(&t);
                *weights.entry(t).or_default() += w;
            }
        }
        for entity in &doc.entities {
            // As telling as the rarest word of the name: "Pierre Thomas" by "pierre", not by "thomas".
            let rarity = Self::terms(&entity.name).map(|t| idf.weight(&t)).fold(1.0f32, f32::max);
            *weights.entry(format!("@{}", entity.name.to_lowercase())).or_default() += ENTITY_WEIGHT * rarity;
        }
        for t in &doc.times {
            if t.value.len() == 10 && !t.value.contains('X') && t.value.as_bytes()[4] == b'-' {
                *weights.entry(format!("#{}", t.value)).or_default() += DAY_WEIGHT;
            }
        }
        let mut profile = Profile { weights, norm: 0.0 };
        profile.renorm();
        profile
    }

    fn renorm(&mut self) {
        self.norm = self.weights.values().map(|w| w * w).sum::<f32>().sqrt();
    }

    /// Cosine similarity in [0, 1].
    pub fn cosine(&self, other: &Profile) -> f32 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (small, large) = if self.weights.len() <= other.weights.len() { (self, other) } else { (other, self) };
        let dot: f32 = small.weights.iter().filter_map(|(t, w)| large.weights.get(t).map(|v| w * v)).sum();
        dot / (self.norm * other.norm)
    }

    /// The `k` heaviest terms, heaviest first (ties by term, so the choice is deterministic):
    /// what an article is most about, the keys under which stories are found.
    pub fn top_terms(&self, k: usize) -> Vec<&str> {
        let mut terms: Vec<(&str, f32)> = self.weights.iter().map(|(t, &w)| (t.as_str(), w)).collect();
        let by_weight = |a: &(&str, f32), b: &(&str, f32)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0));
        if terms.len() > k {
            terms.select_nth_unstable_by(k, by_weight);
            terms.truncate(k);
        }
        terms.sort_unstable_by(by_weight);
        terms.into_iter().map(|(t, _)| t).collect()
    }

    /// Adds another story's profile to this one, as it is (both are sums of unit vectors):
    /// the profile of the two stories merged.
    pub fn add(&mut self, other: &Profile) {
        self.add_divided(other, 1.0);
    }

    /// Adds an article to a story profile: the sum of the unit vectors of its articles.
    pub fn absorb(&mut self, other: &Profile) {
        if other.norm == 0.0 {
            return;
        }
        self.add_divided(other, other.norm);
    }

    /// Adds `other`'s weights divided by `divisor` (1.0 adds them exactly as they are).
    fn add_divided(&mut self, other: &Profile, divisor: f32) {
        // The norm is updated term by term: a story's profile grows large, and recomputing
        // it over every term on each arrival made assignment slow down as stories grew.
        let mut norm_sq = self.norm * self.norm;
        for (t, w) in &other.weights {
            let weight = self.weights.entry(t.clone()).or_default();
            let before = *weight;
            *weight += w / divisor;
            norm_sq += *weight * *weight - before * before;
        }
        self.norm = norm_sq.max(0.0).sqrt();
    }
}
