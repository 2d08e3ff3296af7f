//! Coreference scores pooled over partitions (topics): MUC, B³, CEAF-e and their CoNLL average.
//!
//! Cross-document coreference is scored per topic (no cluster spans two topics) and pooled over
//! the corpus: the per-topic scores of [`eval::metrics`] are turned back into their numerators
//! and denominators and summed, which equals scoring the whole corpus at once, but the CEAF-e
//! assignment only ever sees one topic's clusters.

use std::collections::HashMap;
use std::hash::Hash;

use eval::metrics::{self, Prf};

/// Sums of the numerators and denominators of the three metrics.
#[derive(Debug, Clone, Copy, Default)]
pub struct CorefTotals {
    muc_recall: (f64, f64),
    muc_precision: (f64, f64),
    b3_precision: f64,
    b3_recall: f64,
    mentions: f64,
    ceaf_total: f64,
    key_clusters: f64,
    response_clusters: f64,
}

/// Pooled scores of one system.
#[derive(Debug, Clone, Copy, Default)]
pub struct CorefScores {
    pub muc: Prf,
    pub b_cubed: Prf,
    pub ceaf_e: Prf,
    /// The mean of the three F1.
    pub conll: f64,
    pub mentions: usize,
}

impl CorefTotals {
    /// Adds one partition: a gold and a system label per mention.
    pub fn add<K: Eq + Hash + Clone, R: Eq + Hash + Clone>(&mut self, key: &[K], response: &[R]) {
        let n = key.len() as f64;
        if key.is_empty() {
            return;
        }
        let links = |labels: &[K]| -> f64 { n - distinct(labels) as f64 };
        let (key_links, response_links) = (links(key), n - distinct(response) as f64);
        let muc = metrics::muc(key, response);
        self.muc_recall.0 += muc.recall * key_links;
        self.muc_recall.1 += key_links;
        self.muc_precision.0 += muc.precision * response_links;
        self.muc_precision.1 += response_links;
        let b3 = metrics::b_cubed(key, response);
        self.b3_precision += b3.precision * n;
        self.b3_recall += b3.recall * n;
        self.mentions += n;
        let (kc, rc) = (distinct(key) as f64, distinct(response) as f64);
        self.ceaf_total += metrics::ceaf_e(key, response).recall * kc;
        self.key_clusters += kc;
        self.response_clusters += rc;
    }

    /// The pooled scores.
    pub fn scores(&self) -> CorefScores {
        let div = |a: f64, b: f64| if b == 0.0 { 0.0 } else { a / b };
        let muc = Prf::new(
            div(self.muc_precision.0, self.muc_precision.1),
            div(self.muc_recall.0, self.muc_recall.1),
        );
        let b_cubed = Prf::new(
            div(self.b3_precision, self.mentions),
            div(self.b3_recall, self.mentions),
        );
        let ceaf_e = Prf::new(
            div(self.ceaf_total, self.response_clusters),
            div(self.ceaf_total, self.key_clusters),
        );
        CorefScores {
            muc,
            b_cubed,
            ceaf_e,
            conll: (muc.f1 + b_cubed.f1 + ceaf_e.f1) / 3.0,
            mentions: self.mentions as usize,
        }
    }
}

fn distinct<L: Eq + Hash>(labels: &[L]) -> usize {
    labels
        .iter()
        .fold(HashMap::new(), |mut m: HashMap<&L, ()>, l| {
            m.insert(l, ());
            m
        })
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooling_equals_scoring_everything_at_once() {
        let key_a = ["x", "x", "y", "z", "z"];
        let resp_a = [1, 1, 1, 2, 3];
        let key_b = ["p", "q", "q"];
        let resp_b = [7, 7, 8];
        let mut totals = CorefTotals::default();
        totals.add(&key_a, &resp_a);
        totals.add(&key_b, &resp_b);
        let pooled = totals.scores();
        let key: Vec<String> = key_a.iter().chain(&key_b).map(|s| s.to_string()).collect();
        let resp: Vec<i32> = resp_a.iter().chain(&resp_b).copied().collect();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(pooled.muc.f1, metrics::muc(&key, &resp).f1));
        assert!(close(pooled.b_cubed.f1, metrics::b_cubed(&key, &resp).f1));
        assert!(close(pooled.ceaf_e.f1, metrics::ceaf_e(&key, &resp).f1));
        assert!(pooled.conll < 1.0);
    }
}
