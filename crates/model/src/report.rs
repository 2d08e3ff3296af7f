//! The report: what `triangulate analyze` writes, following
//! `spec/report.schema.json` (format `triangulate-report/1`).

use serde::{Deserialize, Serialize};

use crate::{EntityKind, Rejected};

pub const REPORT_FORMAT: &str = "triangulate-report/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub format: String,
    pub articles: Vec<ReportArticle>,
    pub stories: Vec<Story>,
    pub rejected: Vec<Rejected>,
}

/// How one article derives from an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Copy,
    Rewrite,
    Translation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derivation {
    pub article: String,
    pub relation: Relation,
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportArticle {
    pub id: String,
    pub source: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    /// metadata, text or inferred.
    pub published_source: Option<String>,
    pub language: String,
    pub words: usize,
    pub derived_from: Vec<Derivation>,
}

impl ReportArticle {
    pub fn from_article(a: &crate::Article) -> Self {
        ReportArticle {
            id: a.id.clone(),
            source: a.source.clone(),
            outlet: a.outlet.clone(),
            url: a.url.clone(),
            title: a.title.clone(),
            authors: a.authors.clone(),
            published: a.published.clone(),
            published_source: a.published_source.map(|s| s.report_kind().to_string()),
            language: a.language.clone(),
            words: a.word_count(),
            derived_from: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub article: String,
    pub sentence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryEntity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub variants: Vec<String>,
    pub descriptions: Vec<String>,
    pub mentions: usize,
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: String,
    pub end: Option<String>,
    pub approximate: bool,
    pub summary: String,
    pub participants: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// Independent sources that carry this entry.
    #[serde(default)]
    pub sources: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub text: String,
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryQuote {
    pub id: String,
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub via: Option<String>,
    pub direct: bool,
    pub variants: Vec<QuoteVariant>,
    #[serde(default)]
    pub sources: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryFigure {
    pub value: f64,
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<String>,
    pub text: String,
    pub articles: Vec<String>,
    #[serde(default)]
    pub sources: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryCitation {
    pub source: String,
    pub articles: Vec<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DisagreementKind {
    Quote,
    Figure,
    Date,
    Fact,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub text: String,
    pub articles: Vec<String>,
    /// Independent sources holding this position.
    #[serde(default)]
    pub sources: usize,
    /// The earliest publication among its articles, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_published: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    pub kind: DisagreementKind,
    pub about: String,
    pub positions: Vec<Position>,
    /// True when the positions follow one another in time (a newer figure replacing an
    /// older one) rather than contradict each other.
    #[serde(default)]
    pub update: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub articles: Vec<String>,
    pub entities: Vec<StoryEntity>,
    pub timeline: Vec<TimelineEntry>,
    pub quotes: Vec<StoryQuote>,
    pub figures: Vec<StoryFigure>,
    pub citations: Vec<StoryCitation>,
    pub disagreements: Vec<Disagreement>,
}
