//! A document's multilingual embedding, kept small enough to store with every article.

use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A unit vector from the sentence encoder, quantised to one signed byte per dimension
/// (scaled so that the largest component is ±127). Cosines between quantised vectors
/// differ from the float ones by less than 0.01, and a 512-d vector takes 512 bytes,
/// written in JSON as 684 characters of base64 rather than ~5 kB of decimals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Embedding(Vec<i8>);

impl Embedding {
    /// Quantises a vector (any scale: only its direction is kept). All zeros or
    /// non-finite values give an empty embedding, whose cosine with anything is 0.
    pub fn quantize(values: &[f32]) -> Embedding {
        let largest = values.iter().fold(0f32, |m, v| m.max(v.abs()));
        if largest == 0.0 || !values.iter().all(|v| v.is_finite()) {
            return Embedding(Vec::new());
        }
        let scale = 127.0 / largest;
        Embedding(values.iter().map(|v| (v * scale).round().clamp(-127.0, 127.0) as i8).collect())
    }

    /// Dimensions (0 for an empty embedding).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The direction as a float unit vector (empty for an empty embedding).
    pub fn unit(&self) -> Vec<f32> {
        let norm = self.0.iter().map(|&q| f32::from(q) * f32::from(q)).sum::<f32>().sqrt();
        if norm == 0.0 {
            return Vec::new();
        }
        self.0.iter().map(|&q| f32::from(q) / norm).collect()
    }

    /// Cosine similarity; 0 when either is empty or their dimensions differ.
    pub fn cosine(&self, other: &Embedding) -> f32 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let (mut dot, mut a, mut b) = (0i64, 0i64, 0i64);
        for (&x, &y) in self.0.iter().zip(&other.0) {
            let (x, y) = (i64::from(x), i64::from(y));
            dot += x * y;
            a += x * x;
            b += y * y;
        }
        if a == 0 || b == 0 {
            return 0.0;
        }
        dot as f32 / ((a as f32).sqrt() * (b as f32).sqrt())
    }
}

impl Serialize for Embedding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = self.0.iter().map(|&q| q as u8).collect();
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

impl<'de> Deserialize<'de> for Embedding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Embedding, D::Error> {
        let text = String::deserialize(deserializer)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(|e| serde::de::Error::custom(format!("embedding is not valid base64: {e}")))?;
        Ok(Embedding(bytes.into_iter().map(|b| b as i8).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantised_cosine_follows_the_float_cosine() {
        let a: Vec<f32> = (0..512).map(|i| ((i * 37 % 101) as f32 - 50.0) / 700.0).collect();
        let b: Vec<f32> = (0..512).map(|i| ((i * 53 % 97) as f32 - 48.0) / 500.0 + a[i] * 0.8).collect();
        let float = {
            let dot: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            let n = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
            dot / (n(&a) * n(&b))
        };
        let quantised = Embedding::quantize(&a).cosine(&Embedding::quantize(&b));
        assert!((float - quantised).abs() < 0.01, "{float} vs {quantised}");
        assert!((Embedding::quantize(&a).cosine(&Embedding::quantize(&a)) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn round_trips_through_json_as_base64() {
        let e = Embedding::quantize(&[0.5, -1.0, 0.25, 0.0]);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, "\"QIEgAA==\"");
        assert_eq!(serde_json::from_str::<Embedding>(&json).unwrap(), e);
        assert!(serde_json::from_str::<Embedding>("\"not base64!\"").is_err());
    }

    #[test]
    fn degenerate_vectors_are_empty_and_similar_to_nothing() {
        for v in [vec![0.0f32; 4], vec![f32::NAN, 1.0], vec![]] {
            let e = Embedding::quantize(&v);
            assert!(e.is_empty());
            assert_eq!(e.cosine(&e), 0.0);
            assert!(e.unit().is_empty());
        }
        let unequal = Embedding::quantize(&[1.0, 0.0]).cosine(&Embedding::quantize(&[1.0, 0.0, 0.0]));
        assert_eq!(unequal, 0.0);
    }
}
