//! Silver labels written by `scripts/ner-teacher.py` (spaCy en_core_web_sm).
//!
//! Label mapping: PERSON → person; ORG → organization; GPE, LOC, FAC → place;
//! EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE → other. NORP (nationalities,
//! religious and political groups: "German", "Republicans") is dropped: it is mostly
//! adjectives, which are not entities of an article. Dates, times, money, numbers
//! and quantities are dropped (they belong to other stages).

use std::io::BufRead;
use std::path::Path;

use model::{EntityKind, Span};
use serde::Deserialize;

/// spaCy label → our kind.
pub fn map_label(label: &str) -> Option<EntityKind> {
    match label {
        "PERSON" => Some(EntityKind::Person),
        "ORG" => Some(EntityKind::Organization),
        "GPE" | "LOC" | "FAC" => Some(EntityKind::Place),
        "EVENT" | "PRODUCT" | "WORK_OF_ART" | "LAW" | "LANGUAGE" => Some(EntityKind::Other),
        _ => None,
    }
}

#[derive(Deserialize)]
struct Line {
    source: String,
    text: String,
    ents: Vec<(usize, usize, String)>,
}

/// One silver-labelled text with byte spans.
pub struct SilverDoc {
    /// Which corpus the text came from.
    pub source: String,
    /// The text.
    pub text: String,
    /// Mapped entities (byte spans, leading "the" removed).
    pub entities: Vec<(Span, EntityKind)>,
}

/// Reads up to `max` silver documents.
pub fn load(path: &Path, max: usize) -> anyhow::Result<Vec<SilverDoc>> {
    let file = std::fs::File::open(path)?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        if out.len() >= max {
            break;
        }
        let line = line?;
        let Ok(l) = serde_json::from_str::<Line>(&line) else { continue };
        // Inverse of ByteToChar: char offset → byte offset.
        let bytes: Vec<usize> = l.text.char_indices().map(|(b, _)| b).chain([l.text.len()]).collect();
        let entities = l
            .ents
            .iter()
            .filter_map(|(s, e, label)| {
                let kind = map_label(label)?;
                let span = Span::new(*bytes.get(*s)?, *bytes.get(*e)?);
                Some((super::normalise_gold_span(&l.text, span, Some(kind)), kind))
            })
            .filter(|(s, _)| !s.is_empty())
            .collect();
        out.push(SilverDoc { source: l.source, text: l.text, entities });
    }
    Ok(out)
}
