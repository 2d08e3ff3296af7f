//! Hand-labelled quote pairs (`crates/eval/data/quote-pairs/pairs.tsv`): is the second
//! wording the same quote as the first, and if so, does it change the meaning? Scores
//! [`corroborate::quotes::QuoteParams`] decisions and [`corroborate::quotes::meaning_change`]
//! on the tuning and held-out parts, and sweeps the thresholds on the tuning part.

use std::path::Path;

use anyhow::{Context, Result};
use corroborate::quotes::{meaning_change, quote_similarity, QuoteParams, QuoteSimilarity};
use eval::metrics::Prf;

/// One labelled pair.
#[derive(Debug, Clone)]
pub struct QuotePair {
    pub same: bool,
    /// Where the pair comes from (`polnear-train`, `ecbplus-36-45`, `written-backtranslation`,
    /// `derived-negation`, …).
    pub origin: String,
    pub a: String,
    pub b: String,
    /// `tuning` or `held-out`.
    pub split: String,
    /// For same-quote pairs whose second wording changes the meaning: the kind of change
    /// (`negation`, `modal`, `number`).
    pub meaning_change: Option<String>,
}

/// Reads the TSV (columns: label, origin, containment, article_a, speaker_a, quote_a,
/// article_b, speaker_b, quote_b, split, meaning_change). Rows without a split are tuning rows.
pub fn load(path: &Path) -> Result<Vec<QuotePair>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .flexible(true)
        .from_path(path)
        .with_context(|| path.display().to_string())?;
    let mut pairs = Vec::new();
    for (line, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("{}: row {}", path.display(), line + 2))?;
        let field = |i: usize| row.get(i).unwrap_or("").to_string();
        let split = match field(9).as_str() {
            "" => "tuning".to_string(),
            s => s.to_string(),
        };
        pairs.push(QuotePair {
            same: field(0) == "1",
            origin: field(1),
            a: field(5),
            b: field(8),
            split,
            meaning_change: Some(field(10)).filter(|m| !m.is_empty()),
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

/// Precision and recall of meaning-change flags among the same-quote pairs (the wording test
/// taken as right: meaning changes are only looked for between variants of one quote).
pub fn score_meaning(pairs: &[QuotePair]) -> Prf {
    let (mut tp, mut predicted, mut gold) = (0.0, 0.0, 0.0);
    for p in pairs.iter().filter(|p| p.same) {
        let flagged = meaning_change(&p.a, &p.b).is_some();
        let changed = p.meaning_change.is_some();
        tp += f64::from(u8::from(flagged && changed));
        predicted += f64::from(u8::from(flagged));
        gold += f64::from(u8::from(changed));
    }
    Prf::from_counts(tp, predicted, gold)
}

/// Similarities of every pair.
pub fn similarities(pairs: &[QuotePair]) -> Vec<QuoteSimilarity> {
    pairs.iter().map(|p| quote_similarity(&p.a, &p.b)).collect()
}

/// The similarities with the embedding cosine of each pair's two wordings (unit vectors from
/// `encode`, one per text in order).
pub fn with_embeddings(
    pairs: &[QuotePair],
    lexical: &[QuoteSimilarity],
    encode: &dyn Fn(&[&str]) -> Vec<Vec<f32>>,
) -> Vec<QuoteSimilarity> {
    let texts: Vec<&str> = pairs
        .iter()
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .collect();
    let vectors = encode(&texts);
    lexical
        .iter()
        .enumerate()
        .map(
            |(i, sim)| match (vectors.get(2 * i), vectors.get(2 * i + 1)) {
                (Some(a), Some(b)) => sim.with_embedding(a.iter().zip(b).map(|(x, y)| x * y).sum()),
                _ => *sim,
            },
        )
        .collect()
}
