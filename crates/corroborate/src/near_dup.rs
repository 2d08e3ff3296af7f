//! Near-duplicate candidates by MinHash LSH (the `gaoya` crate): each article's set of
//! features (word shingles, content words) becomes a MinHash signature; signatures are
//! cut into bands, and two articles are candidates when one band agrees, then kept when
//! the signatures estimate a Jaccard similarity at or above the threshold. This is what
//! lets derivation, and near-duplicate detection over a whole corpus, avoid comparing
//! every pair of articles.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use gaoya::minhash::{calculate_minhash_params, MinHashIndex, MinHasher, MinHasher32};

/// Hash functions per signature, at most (the bands × rows that fit): Jaccard estimates within
/// about ±0.09 (2 standard errors at 0.5).
pub const NUM_HASHES: usize = 128;

/// Hashes of the text's word `n`-grams (lowercased alphanumeric words), the shingles of
/// near-duplicate detection. Each word is hashed once, without building lowercased strings,
/// and a shingle's hash mixes its words' hashes in order.
pub fn word_shingles(text: &str, n: usize) -> HashSet<u64> {
    let word_hashes: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut h = FNV_OFFSET;
            let mut buf = [0u8; 4];
            for c in w.chars().flat_map(char::to_lowercase) {
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                }
            }
            h
        })
        .collect();
    word_hashes
        .windows(n.max(1))
        .map(|w| w.iter().fold(FNV_OFFSET, |h, &x| (h.rotate_left(23) ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15)))
        .collect()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a of the bytes: the same value on every platform and Rust version, so signatures
/// and the pairs they give are reproducible.
pub fn stable_hash(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Features are already hashed (`stable_hash`): the signature's own hash functions take them
/// as they are instead of hashing them again.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A MinHash LSH index over feature sets, items numbered by the caller.
pub struct MinHashLsh {
    hasher: MinHasher32<BuildHasherDefault<PassThrough>>,
    index: MinHashIndex<u32, usize>,
}

impl MinHashLsh {
    /// Bands chosen so that a pair at `threshold` becomes a candidate with probability 0.99.
    pub fn new(threshold: f64) -> MinHashLsh {
        let threshold = threshold.clamp(0.01, 1.0);
        let (bands, rows) = calculate_minhash_params(threshold, NUM_HASHES);
        // The index compares whole signatures of bands × rows hashes: up to NUM_HASHES.
        let hashes = bands * rows;
        MinHashLsh {
            hasher: MinHasher32::new_with_hasher(hashes, BuildHasherDefault::default()),
            index: MinHashIndex::new(bands, rows, threshold),
        }
    }

    pub fn signature(&self, features: &HashSet<u64>) -> Vec<u32> {
        self.hasher.create_signature(features.iter())
    }

    pub fn insert(&mut self, item: usize, signature: Vec<u32>) {
        self.index.insert(item, signature);
    }

    /// Items already inserted whose estimated Jaccard with `signature` is at or above the threshold.
    pub fn query(&self, signature: &Vec<u32>) -> Vec<usize> {
        let mut found: Vec<usize> = self.index.query(signature).into_iter().copied().collect();
        found.sort_unstable();
        found
    }
}

/// Every pair `(i, j)`, `i < j`, of feature sets whose estimated Jaccard is at or above
/// `threshold`. Empty sets pair with nothing.
pub fn similar_pairs<'a>(sets: impl IntoIterator<Item = &'a HashSet<u64>>, threshold: f64) -> Vec<(usize, usize)> {
    let mut lsh = MinHashLsh::new(threshold);
    let mut pairs = Vec::new();
    for (j, set) in sets.into_iter().enumerate() {
        if set.is_empty() {
            continue;
        }
        let signature = lsh.signature(set);
        pairs.extend(lsh.query(&signature).into_iter().map(|i| (i, j)));
        lsh.insert(j, signature);
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Riots over harsh austerity measures left three bank workers dead in Athens on Wednesday. Protesters tried to storm parliament and hurled petrol bombs at police. The three workers died after demonstrators set their Marfin bank branch on fire.";

    #[test]
    fn finds_near_duplicates_and_only_them() {
        let copy = format!("{TEXT} Follow us on Twitter.");
        let other = "Apple unveiled its new iPhone at an event in Cupertino, California, on Tuesday, with a larger screen and a faster chip than the model it replaces.";
        let sets: Vec<HashSet<u64>> = [TEXT, other, &copy, ""].iter().map(|t| word_shingles(t, 5)).collect();
        assert_eq!(similar_pairs(&sets, 0.5), vec![(0, 2)]);
    }

    #[test]
    fn shingles_ignore_case_and_punctuation() {
        assert_eq!(word_shingles("One, two. Three four five!", 5), word_shingles("one two three four FIVE", 5));
        assert_eq!(word_shingles("a b", 5), HashSet::new());
        assert_eq!(word_shingles("ÜBER die Brücke, a b", 5), word_shingles("über die brücke A B", 5));
        assert_ne!(word_shingles("one two three four five", 5), word_shingles("five four three two one", 5));
        assert_eq!(stable_hash("abc"), 0xe71f_a219_0541_574b);
    }
}
