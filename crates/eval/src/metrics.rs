//! Metrics shared by the scorers: precision/recall/F1 and clustering
//! (coreference) scores — MUC, B³, CEAF-e and their CoNLL average.
//!
//! Clusterings are given as one label per item (`key[i]`, `response[i]`),
//! over the same items.

use std::collections::HashMap;
use std::hash::Hash;

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }

    /// From counts of true positives, predictions and gold items.
    pub fn from_counts(true_positives: f64, predicted: f64, gold: f64) -> Prf {
        Prf::new(ratio(true_positives, predicted), ratio(true_positives, gold))
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "P {:.3}  R {:.3}  F1 {:.3}", self.precision, self.recall, self.f1)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

fn clusters<L: Eq + Hash + Clone>(labels: &[L]) -> Vec<Vec<usize>> {
    let mut by_label: HashMap<L, Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        by_label
            .entry(l.clone())
            .or_insert_with(|| {
                order.push(l.clone());
                Vec::new()
            })
            .push(i);
    }
    order.into_iter().filter_map(|l| by_label.remove(&l)).collect()
}

/// B³ (Bagga & Baldwin): per-item precision and recall of its cluster, averaged over items.
pub fn b_cubed<K: Eq + Hash + Clone, R: Eq + Hash + Clone>(key: &[K], response: &[R]) -> Prf {
    assert_eq!(key.len(), response.len(), "B³ needs the same items on both sides");
    let n = key.len();
    if n == 0 {
        return Prf::default();
    }
    let mut joint: HashMap<(K, R), usize> = HashMap::new();
    let mut key_size: HashMap<K, usize> = HashMap::new();
    let mut resp_size: HashMap<R, usize> = HashMap::new();
    for (k, r) in key.iter().zip(response) {
        *joint.entry((k.clone(), r.clone())).or_default() += 1;
        *key_size.entry(k.clone()).or_default() += 1;
        *resp_size.entry(r.clone()).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for ((k, rl), c) in &joint {
        let c = *c as f64;
        p += c * c / resp_size[rl] as f64;
        r += c * c / key_size[k] as f64;
    }
    Prf::new(p / n as f64, r / n as f64)
}

/// MUC (Vilain et al.): links kept and split.
pub fn muc<K: Eq + Hash + Clone, R: Eq + Hash + Clone>(key: &[K], response: &[R]) -> Prf {
    let recall = muc_side(&clusters(key), response);
    let precision = muc_side(&clusters(response), key);
    Prf::new(precision, recall)
}

fn muc_side<L: Eq + Hash + Clone>(gold: &[Vec<usize>], other: &[L]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for cluster in gold {
        let mut parts: HashMap<&L, ()> = HashMap::new();
        for &i in cluster {
            parts.insert(&other[i], ());
        }
        num += (cluster.len() - parts.len()) as f64;
        den += (cluster.len() - 1) as f64;
    }
    ratio(num, den)
}

/// CEAF-e (Luo): the best one-to-one alignment of clusters by φ4 similarity.
pub fn ceaf_e<K: Eq + Hash + Clone, R: Eq + Hash + Clone>(key: &[K], response: &[R]) -> Prf {
    let kc = clusters(key);
    let rc = clusters(response);
    if kc.is_empty() || rc.is_empty() {
        return Prf::default();
    }
    let resp_of: Vec<usize> = {
        let mut v = vec![0; response.len()];
        for (ci, c) in rc.iter().enumerate() {
            for &i in c {
                v[i] = ci;
            }
        }
        v
    };
    // φ4 similarity matrix, sparse: only clusters that share items.
    let mut sim = vec![vec![0.0f64; rc.len()]; kc.len()];
    for (ki, c) in kc.iter().enumerate() {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for &i in c {
            *shared.entry(resp_of[i]).or_default() += 1;
        }
        for (ri, s) in shared {
            sim[ki][ri] = 2.0 * s as f64 / (c.len() + rc[ri].len()) as f64;
        }
    }
    let total = max_weight_matching(&sim);
    Prf::new(total / rc.len() as f64, total / kc.len() as f64)
}

/// Maximum-weight bipartite matching (Hungarian algorithm on the cost matrix -sim), O(n³).
fn max_weight_matching(sim: &[Vec<f64>]) -> f64 {
    let rows = sim.len();
    let cols = sim.first().map_or(0, |r| r.len());
    let n = rows.max(cols);
    // Square cost matrix, 1-based for the classic potentials formulation.
    let cost = |i: usize, j: usize| -> f64 { if i <= rows && j <= cols { -sim[i - 1][j - 1] } else { 0.0 } };
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![f64::INFINITY; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0, j) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n).filter(|&j| p[j] >= 1 && p[j] <= rows && j <= cols).map(|j| sim[p[j] - 1][j - 1]).sum()
}

/// The CoNLL score: the mean F1 of MUC, B³ and CEAF-e.
pub fn conll_f1<K: Eq + Hash + Clone, R: Eq + Hash + Clone>(key: &[K], response: &[R]) -> f64 {
    (muc(key, response).f1 + b_cubed(key, response).f1 + ceaf_e(key, response).f1) / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_clustering_scores_one() {
        let key = [1, 1, 2, 3, 3, 3];
        let resp = ["a", "a", "b", "c", "c", "c"];
        assert!((b_cubed(&key, &resp).f1 - 1.0).abs() < 1e-9);
        assert!((muc(&key, &resp).f1 - 1.0).abs() < 1e-9);
        assert!((ceaf_e(&key, &resp).f1 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn b_cubed_matches_a_worked_example() {
        // Key {0,1,2} {3,4}; response {0,1} {2,3,4}.
        let key = [0, 0, 0, 1, 1];
        let resp = [0, 0, 1, 1, 1];
        let s = b_cubed(&key, &resp);
        // Precision: items 0,1: 2/2; item 2: 1/3; items 3,4: 2/3 → (1+1+1/3+2/3+2/3)/5.
        assert!((s.precision - (11.0 / 3.0) / 5.0).abs() < 1e-9);
        // Recall: items 0,1: 2/3; item 2: 1/3; items 3,4: 2/2 → (2/3+2/3+1/3+1+1)/5.
        assert!((s.recall - (11.0 / 3.0) / 5.0).abs() < 1e-9);
    }

    #[test]
    fn muc_counts_links() {
        // Key one cluster of 4 (3 links); response splits it in two → recall 2/3, precision 1.
        let s = muc(&[0, 0, 0, 0], &[0, 0, 1, 1]);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.precision - 1.0).abs() < 1e-9);
    }

    #[test]
    fn ceaf_aligns_one_to_one() {
        // All in one response cluster vs two key clusters of 2: φ4 = 2*2/(2+4) = 2/3 for the best pair.
        let s = ceaf_e(&[0, 0, 1, 1], &[0, 0, 0, 0]);
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall - 1.0 / 3.0).abs() < 1e-9);
    }
}
