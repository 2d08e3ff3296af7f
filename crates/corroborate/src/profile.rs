//! What an article is about, as a weighted bag of terms, for story grouping.

use std::collections::HashMap;

use model::Doc;

/// Words that say nothing about what a story is about, in the languages we see most.
const STOPWORDS: &str = include_str!("../data/stopwords.txt");

/// How much of the text opens the story: news puts what matters first.
const LEAD_WORDS: usize = 400;
const TITLE_WEIGHT: f32 = 3.0;
const ENTITY_WEIGHT: f32 = 2.0;

/// A sparse term vector with its norm.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    weights: HashMap<String, f32>,
    norm: f32,
}

fn stopwords() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.split_whitespace().collect())
}

/// Lowercased words of three letters or more, stopwords removed.
fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.to_lowercase())
        .filter(|w| !stopwords().contains(w.as_str()))
}

impl Profile {
    pub fn of(doc: &Doc) -> Profile {
        let mut counts: HashMap<String, f32> = HashMap::new();
        for t in terms(&doc.article.text).take(LEAD_WORDS) {
            *counts.entry(t).or_default() += 1.0;
        }
        // Sublinear term frequency: a word said ten times is not ten times as telling.
        let mut weights: HashMap<String, f32> = counts.into_iter().map(|(t, c)| (t, 1.0 + c.ln())).collect();
        if let Some(title) = &doc.article.title {
            for t in terms(title) {
                *weights.entry(t).or_default() += TITLE_WEIGHT;
            }
        }
        for entity in &doc.entities {
            *weights.entry(format!("@{}", entity.name.to_lowercase())).or_default() += ENTITY_WEIGHT;
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

    /// Adds an article to a story profile: the sum of the unit vectors of its articles.
    pub fn absorb(&mut self, other: &Profile) {
        if other.norm == 0.0 {
            return;
        }
        for (t, w) in &other.weights {
            *self.weights.entry(t.clone()).or_default() += w / other.norm;
        }
        self.renorm();
    }
}
