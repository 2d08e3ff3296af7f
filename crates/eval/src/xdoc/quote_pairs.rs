//! Hand-labelled quote pairs (`crates/eval/data/quote-pairs/pairs.tsv`): is the second
//! wording the same quote as the first? Scores [`corroborate::quotes::QuoteParams`] decisions
//! and sweeps its thresholds.

use std::path::Path;

use anyhow::{Context, Result};
use corroborate::quotes::{quote_similarity, QuoteParams, QuoteSimilarity};
use eval::metrics::Prf;

/// One labelled pair.
#[derive(Debug, Clone)]
pub struct QuotePair {
    pub same: bool,
    /// Where the pair comes from (`polnear-train`, `ecbplus-1-35`).
    pub origin: String,
    pub a: String,
    pub b: String,
}

/// Reads the TSV (columns: label, origin, containment, article_a, speaker_a, quote_a,
/// article_b, speaker_b, quote_b).
pub fn load(path: &Path) -> Result<Vec<QuotePair>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(true)
        .from_path(path)
        .with_context(|| path.display().to_string())?;
    let mut pairs = Vec::new();
    for row in reader.records() {
        let row = row?;
        let field = |i: usize| row.get(i).unwrap_or("").to_string();
        pairs.push(QuotePair {
            same: field(0) == "1",
            origin: field(1),
            a: field(5),
            b: field(8),
        });
    }
    Ok(pairs)
}

/// Precision, recall and F1 of "same quote" decisions with these thresholds (speakers known).
pub fn score(pairs: &[QuotePair], sims: &[QuoteSimilarity], params: &QuoteParams) -> Prf {
    let (mut tp, mut predicted, mut gold) = (0.0, 0.0, 0.0);
    for (p, s) in pairs.iter().zip(sims) {
        let said = params.same_quote(s, true);
        tp += f64::from(u8::from(said && p.same));
        predicted += f64::from(u8::from(said));
        gold += f64::from(u8::from(p.same));
    }
    Prf::from_counts(tp, predicted, gold)
}

/// Similarities of every pair.
pub fn similarities(pairs: &[QuotePair]) -> Vec<QuoteSimilarity> {
    pairs.iter().map(|p| quote_similarity(&p.a, &p.b)).collect()
}
