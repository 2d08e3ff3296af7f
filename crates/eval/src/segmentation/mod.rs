//! Sentence segmentation scored against GUM news (CoNLL-U): boundary precision, recall and F1.
//!
//! The text of each document is rebuilt from its tokens: a space after every token unless
//! `SpaceAfter=No`, and a blank line (`"\n\n"`) where a `# newpar` comment starts a paragraph,
//! which is the shape `text::normalize` gives to article text. A gold boundary is the byte offset
//! where a sentence other than the first of its document starts; a predicted boundary is the
//! start of a predicted span other than the first. Boundaries match when the offsets are equal.
//!
//! The glued variant removes the space after every sentence-final period: when the last token
//! of a sentence is `.` or ends with `.` (`U.S.`), and the next sentence is in the same
//! paragraph, the next sentence starts right after the period ("meeting.In a statement").
//! Paragraph breaks stay. It shows how sentences glued by faulty extraction are split.

pub mod boilerplate;

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};
use model::Span;
use crate::metrics::Prf;

/// A document rebuilt from CoNLL-U, with its gold sentence starts.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// File stem, e.g. `GUM_news_afghan`.
    pub name: String,
    pub text: String,
    /// Byte offsets where each sentence starts, in order (the first is 0).
    pub sentence_starts: Vec<usize>,
}

/// One token of a CoNLL-U sentence as needed here.
struct Token {
    form: String,
    space_after: bool,
}

/// A sentence of a CoNLL-U file and whether it opens a paragraph.
struct Sentence {
    tokens: Vec<Token>,
    new_paragraph: bool,
}

/// Reads the sentences of a CoNLL-U file; multi-word token lines (`3-4`) give the surface form
/// and the word lines they cover are skipped; empty nodes (`3.1`) are skipped.
fn read_conllu(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut current = Sentence { tokens: Vec::new(), new_paragraph: false };
    let mut pending_paragraph = false;
    let mut skip_until = 0usize;
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::replace(&mut current, Sentence { tokens: Vec::new(), new_paragraph: false }));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if comment == "newpar" || comment.starts_with("newpar ") || comment.starts_with("newdoc") {
                pending_paragraph = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            continue;
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        let space_after = !cols[9].split('|').any(|f| f == "SpaceAfter=No");
        if let Some((first, last)) = id.split_once('-') {
            let (Ok(_), Ok(last)) = (first.parse::<usize>(), last.parse::<usize>()) else { continue };
            skip_until = last;
        } else if let Ok(n) = id.parse::<usize>() {
            if n <= skip_until {
                continue;
            }
            skip_until = 0;
        } else {
            continue;
        }
        if current.tokens.is_empty() {
            current.new_paragraph = pending_paragraph;
            pending_paragraph = false;
        }
        current.tokens.push(Token { form: cols[1].to_string(), space_after });
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// Rebuilds the text of a document; `glued` removes the space after sentence-final periods.
fn rebuild(name: &str, sentences: &[Sentence], glued: bool) -> GoldDoc {
    let mut text = String::new();
    let mut starts = Vec::new();
    let mut previous_ends_with_period = false;
    for sentence in sentences {
        if !text.is_empty() {
            if sentence.new_paragraph {
                text.truncate(text.trim_end().len());
                text.push_str("\n\n");
            } else if glued && previous_ends_with_period {
                text.truncate(text.trim_end().len());
            }
        }
        starts.push(text.len());
        for token in &sentence.tokens {
            text.push_str(&token.form);
            if token.space_after {
                text.push(' ');
            }
        }
        previous_ends_with_period = sentence.tokens.last().is_some_and(|t| t.form.ends_with('.'));
    }
    text.truncate(text.trim_end().len());
    GoldDoc { name: name.to_string(), text, sentence_starts: starts }
}

/// Loads every `*.conllu` of a folder, sorted by name; `glued` as in [`rebuild`].
pub fn load_gum(dir: &Path, glued: bool) -> Result<Vec<GoldDoc>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    for path in paths {
        let raw = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        docs.push(rebuild(&name, &read_conllu(&raw), glued));
    }
    Ok(docs)
}

/// The dev half of GUM news (tuning allowed): documents at even positions in name order.
/// The other half is held out and only reported.
pub fn is_dev(index: usize) -> bool {
    index % 2 == 0
}

/// Boundary counts, summed over documents.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
    /// Boundary precision, recall and F1.
    pub fn prf(&self) -> Prf {
        Prf::from_counts(self.true_positives as f64, self.predicted as f64, self.gold as f64)
    }
}

/// Scores predicted sentence spans of one document against its gold starts.
pub fn score(doc: &GoldDoc, predicted: &[Span]) -> Counts {
    let gold: BTreeSet<usize> = doc.sentence_starts.iter().skip(1).copied().collect();
    let pred: BTreeSet<usize> = predicted.iter().skip(1).map(|s| s.start).collect();
    Counts { true_positives: gold.intersection(&pred).count(), predicted: pred.len(), gold: gold.len() }
}

/// The boundaries that differ, as short contexts for error analysis: `(missed, spurious)`.
pub fn differences(doc: &GoldDoc, predicted: &[Span]) -> (Vec<String>, Vec<String>) {
    let gold: BTreeSet<usize> = doc.sentence_starts.iter().skip(1).copied().collect();
    let pred: BTreeSet<usize> = predicted.iter().skip(1).map(|s| s.start).collect();
    let context = |b: usize| {
        let mut from = b.saturating_sub(40);
        while !doc.text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (b + 30).min(doc.text.len());
        while !doc.text.is_char_boundary(to) {
            to += 1;
        }
        format!("{}⟦|⟧{}", &doc.text[from..b], &doc.text[b..to]).replace('\n', "⏎")
    };
    (gold.difference(&pred).map(|&b| context(b)).collect(), pred.difference(&gold).map(|&b| context(b)).collect())
}

/// The segmentation every Triangulate stage used before the rule-based one: a boundary after
/// `.`, `!` or `?` followed by white space, and at blank lines. Kept as the baseline of the scores.
pub fn naive_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let boundary = (matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()))
            || (b == b'\n' && bytes.get(i + 1) == Some(&b'\n'));
        if boundary {
            let piece = &text[start..i + 1];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if !trimmed.is_empty() {
                out.push(Span::new(start + lead, start + lead + trimmed.len()));
            }
            start = i + 1;
        }
    }
    let piece = &text[start..];
    let lead = piece.len() - piece.trim_start().len();
    if !piece.trim().is_empty() {
        out.push(Span::new(start + lead, start + lead + piece.trim().len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = x\n# newpar\n# text = Big news\n1\tBig\t_\t_\t_\t_\t_\t_\t_\t_\n2\tnews\t_\t_\t_\t_\t_\t_\t_\t_\n\n# newpar\n1\tIt\t_\t_\t_\t_\t_\t_\t_\t_\n2-3\tisn't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tis\t_\t_\t_\t_\t_\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n4\tU.S.\t_\t_\t_\t_\t_\t_\t_\t_\n\n1\tThey\t_\t_\t_\t_\t_\t_\t_\t_\n2\tleft\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";

    #[test]
    fn rebuilds_text_paragraphs_and_glued_variant() {
        let sentences = read_conllu(SAMPLE);
        let doc = rebuild("x", &sentences, false);
        assert_eq!(doc.text, "Big news\n\nIt isn't U.S. They left.");
        assert_eq!(doc.sentence_starts, vec![0, 10, 24]);
        let glued = rebuild("x", &sentences, true);
        assert_eq!(glued.text, "Big news\n\nIt isn't U.S.They left.");
        assert_eq!(glued.sentence_starts, vec![0, 10, 23]);
    }

    #[test]
    fn scores_boundaries() {
        let doc = rebuild("x", &read_conllu(SAMPLE), false);
        let perfect = vec![Span::new(0, 8), Span::new(10, 23), Span::new(24, 34)];
        let c = score(&doc, &perfect);
        assert_eq!((c.true_positives, c.predicted, c.gold), (2, 2, 2));
        let one = vec![Span::new(0, 8), Span::new(10, 34)];
        let c = score(&doc, &one);
        assert_eq!((c.true_positives, c.predicted, c.gold), (1, 1, 2));
        assert!((c.prf().recall - 0.5).abs() < 1e-9);
    }
}
