//! The report: assembled from analysed documents and their stories, written
//! as JSON (`spec/report.schema.json`) or as one self-contained HTML page.

pub mod html;

pub use html::to_html;

use std::collections::HashMap;

use model::{Derivation, Doc, Rejected, Report, ReportArticle, Story, REPORT_FORMAT};

/// Puts the report together: every article (in input order), every story, every rejected input.
pub fn assemble(docs: &[Doc], stories: Vec<Story>, derivations: &HashMap<String, Vec<Derivation>>, rejected: Vec<Rejected>) -> Report {
    let articles = docs
        .iter()
        .map(|d| {
            let mut a = ReportArticle::from_article(&d.article);
            a.derived_from = derivations.get(&d.article.id).cloned().unwrap_or_default();
            a
        })
        .collect();
    Report { format: REPORT_FORMAT.to_string(), articles, stories, rejected }
}

/// The report as pretty-printed JSON.
pub fn to_json(report: &Report) -> String {
    // Serialising plain data structures cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default()
}
