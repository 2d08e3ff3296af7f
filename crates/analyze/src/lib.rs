//! Per-article analysis: a pure function from an [`Article`] to a [`Doc`].
//!
//! Each analyser is a crate of its own; this one only decides their order
//! (sentences first; entities before quotes, whose speakers resolve to them)
//! and converts every span to code-point offsets at the end.

use model::{Article, Doc};

/// Analyses one article. Deterministic and independent of other articles, so
/// batches run in parallel.
pub fn analyze(article: Article) -> Doc {
    let sentences = text::sentences(&article.text);
    let mut doc = Doc { article, sentences, ..Default::default() };
    doc.spans_to_chars();
    doc
}
