//! Word sets compared by Jaccard similarity, and an inverted index that finds the indexed sets
//! that may reach a Jaccard threshold with a query, so that a story's account compares the
//! sentences and claims that share words rather than every pair of them.
//!
//! Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007): if `J(x, y) ≥ t` then
//! `|x ∩ y| ≥ t·|x ∪ y| ≥ t·|x|`, so `y` holds at least one of any `|x| − ⌈t·|x|⌉ + 1` words of
//! `x`. Probing the postings of the query's rarest words that many finds every set that can
//! reach the threshold, and the common words ("said", "that"), whose postings hold most of the
//! story, are never read. The candidates are then checked with the exact Jaccard, so results are
//! those of comparing all pairs.

use std::collections::HashMap;

/// A set of words as sorted, distinct word ids of one [`Words`] vocabulary.
pub(crate) type WordSet = Vec<u32>;

/// The vocabulary of one story: word ids, and in how many sets each word was seen.
#[derive(Default)]
pub(crate) struct Words {
    ids: HashMap<String, u32>,
    frequency: Vec<u32>,
}

impl Words {
    /// The id of a word, added when new.
    fn id(&mut self, word: String) -> u32 {
        let next = self.frequency.len() as u32;
        let id = *self.ids.entry(word).or_insert(next);
        if id == next {
            self.frequency.push(0);
        }
        id
    }

    /// The set of these words, counted once more in the frequencies that order prefixes.
    pub(crate) fn set(&mut self, words: impl IntoIterator<Item = String>) -> WordSet {
        let mut set: WordSet = words.into_iter().map(|w| self.id(w)).collect();
        set.sort_unstable();
        set.dedup();
        for &w in &set {
            self.frequency[w as usize] += 1;
        }
        set
    }

    /// The content words of a text (four characters or more, lowercased) as a set.
    pub(crate) fn content_words(&mut self, text: &str) -> WordSet {
        self.set(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 4)
                .map(str::to_lowercase),
        )
    }

    /// The id of a word already seen, if it was.
    pub(crate) fn lookup(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    /// The words of `set` that every set at Jaccard `threshold` or more with it must share
    /// one of: its rarest `|set| − ⌈threshold·|set|⌉ + 1`.
    pub(crate) fn prefix(&self, set: &[u32], threshold: f32) -> Vec<u32> {
        let needed = ((threshold * set.len() as f32) - 1e-4).ceil().max(1.0) as usize;
        let length = (set.len() + 1).saturating_sub(needed);
        let mut words = set.to_vec();
        words.sort_unstable_by_key(|&w| (self.frequency.get(w as usize).copied().unwrap_or(0), w));
        words.truncate(length);
        words
    }
}

/// Jaccard similarity of two word sets (0 when both are empty), computed as
/// `|a ∩ b| / (|a| + |b| − |a ∩ b|)` in `f32`.
pub(crate) fn jaccard(a: &[u32], b: &[u32]) -> f32 {
    let inter = intersection(a, b) as f32;
    let union = (a.len() + b.len()) as f32 - inter;
    if union == 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// How many elements two sorted slices share, counted with repetition (for word sets: how many
/// words they share).
pub(crate) fn intersection<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The sorted union of two word sets.
pub(crate) fn union(a: &[u32], b: &[u32]) -> WordSet {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Word → the items (numbered by the caller) whose set holds it.
#[derive(Default)]
pub(crate) struct SetIndex {
    postings: HashMap<u32, Vec<u32>>,
}

impl SetIndex {
    /// Lists `item` under each of `words` (an item may be added to again as its set grows).
    pub(crate) fn insert(&mut self, item: u32, words: &[u32]) {
        for &w in words {
            let list = self.postings.entry(w).or_default();
            if list.last() != Some(&item) {
                list.push(item);
            }
        }
    }

    /// The items that may reach Jaccard `threshold` (> 0) with `query`: every one that does,
    /// and others, sorted and distinct.
    pub(crate) fn candidates(&self, words: &Words, query: &[u32], threshold: f32) -> Vec<u32> {
        let mut out: Vec<u32> = words
            .prefix(query, threshold)
            .into_iter()
            .flat_map(|w| self.postings.get(&w).into_iter().flatten().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small deterministic pseudo-random word sets over a skewed vocabulary.
    fn sets(n: usize, seed: u64) -> Vec<Vec<String>> {
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        (0..n)
            .map(|_| {
                let len = 1 + next() % 12;
                // Word k is drawn with probability falling with k: a few words are in most sets.
                (0..len).map(|_| format!("w{}", (next() % 40) * (next() % 40) / 40)).collect()
            })
            .collect()
    }

    #[test]
    fn candidates_hold_every_set_at_the_threshold() {
        let raw = sets(400, 7);
        let mut words = Words::default();
        let encoded: Vec<WordSet> = raw.iter().map(|s| words.set(s.iter().cloned())).collect();
        let mut index = SetIndex::default();
        for (i, s) in encoded.iter().enumerate() {
            index.insert(i as u32, s);
        }
        for threshold in [0.1f32, 0.2, 0.25, 0.5, 0.8, 1.0] {
            let mut pruned = 0;
            for q in &encoded {
                let found = index.candidates(&words, q, threshold);
                let must: Vec<u32> =
                    (0..encoded.len() as u32).filter(|&i| jaccard(q, &encoded[i as usize]) >= threshold).collect();
                assert!(must.iter().all(|m| found.binary_search(m).is_ok()), "threshold {threshold}");
                pruned += encoded.len() - found.len();
            }
            assert!(pruned > 0, "the prefix should leave some sets out at {threshold}");
        }
    }

    #[test]
    fn jaccard_and_union_of_sorted_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(union(&[1, 3, 5], &[2, 3, 6]), vec![1, 2, 3, 5, 6]);
    }
}
