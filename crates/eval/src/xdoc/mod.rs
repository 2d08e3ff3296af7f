//! Cross-document entity coreference on gold mentions (ECB+, MEANTIME): every gold mention is
//! a one-mention entity of its document, then the documents of a topic are merged as one story
//! by [`corroborate::entities::merge_entities`] and scored against the gold instances, beside an
//! exact-string baseline.

pub mod coref;
pub mod ecb;
pub mod meantime;
pub mod quote_pairs;

use corroborate::entities::merge_entities;
use model::{Article, Doc, Entity, EntityKind, Mention, Span};

use coref::{CorefScores, CorefTotals};

/// A gold entity mention.
#[derive(Debug, Clone)]
pub struct GoldMention {
    /// Markable id within its document.
    pub id: String,
    pub text: String,
    pub kind: EntityKind,
    /// The gold entity (cross-document instance, else a document-scoped chain or the mention itself).
    pub label: String,
}

/// A document with its gold entity mentions.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub name: String,
    pub mentions: Vec<GoldMention>,
}

/// The documents of one topic: one story.
#[derive(Debug, Clone)]
pub struct Topic {
    pub name: String,
    pub docs: Vec<GoldDoc>,
}

/// How the mentions of a topic are clustered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// Same kind and the same string as written.
    ExactString,
    /// `corroborate::entities::merge_entities`.
    Merge,
}

/// The model document of a gold document: one entity per gold mention.
pub fn as_doc(doc: &GoldDoc) -> Doc {
    let mut out = Doc {
        article: Article {
            id: doc.name.clone(),
            language: "en".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    for (i, m) in doc.mentions.iter().enumerate() {
        out.mentions.push(Mention {
            span: Span::new(0, 0),
            text: m.text.clone(),
            kind: m.kind,
            entity: i,
            sentence: 0,
            nominal: false,
        });
        out.entities.push(Entity {
            id: m.id.clone(),
            name: m.text.clone(),
            kind: m.kind,
            variants: vec![m.text.clone()],
            descriptions: Vec::new(),
            mentions: vec![i],
        });
    }
    out
}

/// System labels for every mention of the topic, in document then mention order.
pub fn cluster(topic: &Topic, system: System) -> Vec<String> {
    match system {
        System::ExactString => topic
            .docs
            .iter()
            .flat_map(|d| {
                d.mentions
                    .iter()
                    .map(|m| format!("{:?}|{}", m.kind, m.text))
            })
            .collect(),
        System::Merge => {
            let docs: Vec<Doc> = topic.docs.iter().map(as_doc).collect();
            let refs: Vec<&Doc> = docs.iter().collect();
            let merge = merge_entities(&refs);
            topic
                .docs
                .iter()
                .flat_map(|d| {
                    let merge = &merge;
                    d.mentions.iter().map(move |m| {
                        merge
                            .story_entity(&d.name, &m.id)
                            .map(String::from)
                            .unwrap_or_else(|| format!("{}#{}", d.name, m.id))
                    })
                })
                .collect()
        }
    }
}

/// Pooled scores of a system over topics.
pub fn score(topics: &[&Topic], system: System) -> CorefScores {
    let mut totals = CorefTotals::default();
    for topic in topics {
        let key: Vec<&str> = topic
            .docs
            .iter()
            .flat_map(|d| d.mentions.iter().map(|m| m.label.as_str()))
            .collect();
        totals.add(&key, &cluster(topic, system));
    }
    totals.scores()
}
