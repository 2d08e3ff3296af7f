//! Scorers for HTML article extraction.
//!
//! [`shingle_match`] and [`TextMetrics`] reproduce the Zyte/Scrapinghub
//! article-extraction-benchmark exactly: `\w+` tokens, 4-token shingles,
//! per-page TP/FP/FN normalised to sum to one, precision and recall averaged
//! over pages, F1 of the two averages; "accuracy" is the share of pages whose
//! token sequence equals the gold one. The metadata helpers score title,
//! byline and date against Mozilla Readability's expected metadata (bylines as word
//! bags without "By" and date numbers, which our extractor strips by design).

use std::collections::HashMap;

/// Shingle length of the upstream benchmark.
pub const SHINGLE_TOKENS: usize = 4;

/// Tokens as Python's `re.findall(r"\w+", text)`: runs of alphanumerics and `_`.
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (i, ch) in text.char_indices() {
        let word = ch.is_alphanumeric() || ch == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                tokens.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

/// Counts of every shingle of `n` tokens. Like upstream, a text shorter than
/// `n` tokens gives one shorter shingle, and an empty text none.
fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let tokens = tokenize(text);
    let mut counts = HashMap::new();
    let windows = tokens.len().saturating_sub(n) + 1;
    for i in 0..windows.max(1) {
        let end = (i + n).min(tokens.len());
        if i >= end {
            continue;
        }
        *counts.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Per-page overlap of gold and predicted shingles, normalised to sum to one
/// (all zero when both texts are empty).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageMatch {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

/// Upstream `string_shingle_matching`.
pub fn shingle_match(gold: &str, predicted: &str) -> PageMatch {
    let gold_counts = shingles(gold, SHINGLE_TOKENS);
    let predicted_counts = shingles(predicted, SHINGLE_TOKENS);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (key, &g) in &gold_counts {
        let p = predicted_counts.get(key).copied().unwrap_or(0);
        tp += g.min(p) as f64;
        fn_ += g.saturating_sub(p) as f64;
        fp += p.saturating_sub(g) as f64;
    }
    for (key, &p) in &predicted_counts {
        if !gold_counts.contains_key(key) {
            fp += p as f64;
        }
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        PageMatch { tp: tp / sum, fp: fp / sum, fn_: fn_ / sum }
    } else {
        PageMatch { tp, fp, fn_ }
    }
}

fn precision_of(m: &PageMatch) -> f64 {
    if m.fp == 0.0 && m.fn_ == 0.0 {
        1.0
    } else if m.tp == 0.0 && m.fp == 0.0 {
        0.0
    } else {
        m.tp / (m.tp + m.fp)
    }
}

fn recall_of(m: &PageMatch) -> f64 {
    if m.fp == 0.0 && m.fn_ == 0.0 {
        1.0
    } else if m.tp == 0.0 && m.fn_ == 0.0 {
        0.0
    } else {
        m.tp / (m.tp + m.fn_)
    }
}

/// Benchmark figures over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct TextMetrics {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of pages whose predicted token sequence equals the gold one.
    pub accuracy: f64,
}

/// Accumulates pages and computes [`TextMetrics`] as upstream does.
#[derive(Debug, Default, Clone)]
pub struct TextScorer {
    matches: Vec<PageMatch>,
    exact: usize,
}

impl TextScorer {
    /// Adds one page and returns its match.
    pub fn add(&mut self, gold: &str, predicted: &str) -> PageMatch {
        let m = shingle_match(gold, predicted);
        if tokenize(gold) == tokenize(predicted) {
            self.exact += 1;
        }
        self.matches.push(m);
        m
    }

    /// Precision over pages with a prediction, recall over pages with gold text.
    pub fn metrics(&self) -> TextMetrics {
        let mean = |values: Vec<f64>| if values.is_empty() { 0.0 } else { values.iter().sum::<f64>() / values.len() as f64 };
        let precision = mean(self.matches.iter().filter(|m| m.tp + m.fp > 0.0).map(precision_of).collect());
        let recall = mean(self.matches.iter().filter(|m| m.tp + m.fn_ > 0.0).map(recall_of).collect());
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        let pages = self.matches.len();
        let accuracy = if pages == 0 { 0.0 } else { self.exact as f64 / pages as f64 };
        TextMetrics { pages, precision, recall, f1, accuracy }
    }
}

/// Lowercase words only, for comparing titles and bylines regardless of punctuation.
pub fn normalised_words(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(str::to_lowercase).collect()
}

/// Whether a predicted title equals the expected one, ignoring case, punctuation and spacing.
pub fn title_matches(expected: &str, predicted: Option<&str>) -> bool {
    predicted.is_some_and(|p| normalised_words(p) == normalised_words(expected))
}

/// Whether a predicted title is the expected one less a site name before or after
/// it (Readability keeps "Title | Site"; our extractor removes the site name by design).
pub fn title_matches_without_site(expected: &str, predicted: Option<&str>) -> bool {
    let Some(predicted) = predicted else { return false };
    let (e, p) = (normalised_words(expected), normalised_words(predicted));
    if p.is_empty() {
        return false;
    }
    (e.starts_with(&p) || e.ends_with(&p)) && p.len() * 2 >= e.len()
}

/// Words of a byline that are not names: "By", "Par", "Von", "Written by", numbers of dates.
fn is_byline_filler(word: &str) -> bool {
    matches!(word, "by" | "par" | "von" | "por" | "written" | "de") || word.chars().all(|c| c.is_ascii_digit())
}

/// Token F1 of predicted author names against an expected byline string: the
/// byline is free text ("Martin Untersinger (avec …)"), so names are compared as word bags.
pub fn byline_f1(expected: &str, predicted_authors: &[String]) -> f64 {
    let expected_words: Vec<String> = normalised_words(expected).into_iter().filter(|w| !is_byline_filler(w)).collect();
    let predicted_words: Vec<String> =
        predicted_authors.iter().flat_map(|a| normalised_words(a)).filter(|w| !is_byline_filler(w)).collect();
    if expected_words.is_empty() && predicted_words.is_empty() {
        return 1.0;
    }
    let mut remaining: HashMap<&str, usize> = HashMap::new();
    for w in &expected_words {
        *remaining.entry(w.as_str()).or_insert(0) += 1;
    }
    let mut common = 0usize;
    for w in &predicted_words {
        if let Some(count) = remaining.get_mut(w.as_str()).filter(|c| **c > 0) {
            *count -= 1;
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let precision = common as f64 / predicted_words.len() as f64;
    let recall = common as f64 / expected_words.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

/// Whether a predicted publication date falls on the expected day (the first ten characters of ISO 8601).
pub fn same_day(expected: &str, predicted: Option<&str>) -> bool {
    match (expected.get(..10), predicted.and_then(|p| p.get(..10))) {
        (Some(e), Some(p)) => e == p,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_like_python_word_regex() {
        assert_eq!(tokenize("It's 12-point, über_alles! 北京"), vec!["It", "s", "12", "point", "über_alles", "北京"]);
    }

    #[test]
    fn perfect_and_disjoint_pages() {
        let gold = "one two three four five six";
        assert_eq!(shingle_match(gold, gold), PageMatch { tp: 1.0, fp: 0.0, fn_: 0.0 });
        let m = shingle_match(gold, "seven eight nine ten");
        assert_eq!(m.tp, 0.0);
        assert!((m.fp - 0.25).abs() < 1e-9 && (m.fn_ - 0.75).abs() < 1e-9);
    }

    #[test]
    fn averages_over_pages_and_skips_empty_predictions_for_precision() {
        let mut scorer = TextScorer::default();
        scorer.add("a b c d e", "a b c d e");
        scorer.add("a b c d e", "");
        let m = scorer.metrics();
        assert_eq!(m.pages, 2);
        assert!((m.precision - 1.0).abs() < 1e-9);
        assert!((m.recall - 0.5).abs() < 1e-9);
        assert!((m.accuracy - 0.5).abs() < 1e-9);
    }

    #[test]
    fn compares_metadata() {
        assert!(title_matches("Obama's 'biggest frustration'", Some("Obama’s “biggest frustration”")));
        assert!(title_matches("A title: here", Some("a TITLE here")));
        assert!((byline_f1("By Jane Roe", &["Jane Roe".to_string()]) - 1.0).abs() < 1e-9);
        assert!((byline_f1("Jane Roe, Max Doe", &["Jane Roe".to_string()]) - 2.0 / 3.0).abs() < 1e-9);
        assert!(title_matches_without_site("Getting LEAN | IAB", Some("Getting LEAN")));
        assert!(!title_matches_without_site("Getting LEAN | IAB", Some("IAB and more")));
        assert_eq!(byline_f1("Jane Roe", &[]), 0.0);
        assert!(same_day("2015-07-24T05:36:09+01:00", Some("2015-07-24")));
        assert!(!same_day("2015-07-24", None));
    }
}
