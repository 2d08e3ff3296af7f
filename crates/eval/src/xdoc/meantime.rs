//! MEANTIME (English) entity mentions labelled with their cross-document entity instance.
//! Topics are the four corpus folders (airbus, apple, gm, stock).

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use eval::ecbplus::detokenize;
use model::EntityKind;

use super::{GoldDoc, GoldMention, Topic};

/// Which mentions to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mentions {
    /// Every entity mention (names, descriptions, pronouns).
    All,
    /// Proper names only (`syntactic_type="NAM"`): what a named-entity tagger gives.
    Names,
}

/// Every topic folder of `intra_cross-doc_annotation`, documents sorted by file name.
pub fn load(data: &Path, keep: Mentions) -> Result<Vec<Topic>> {
    let root = data.join("intra_cross-doc_annotation");
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .with_context(|| root.display().to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut topics = Vec::new();
    for folder in folders {
        let mut files: Vec<_> = std::fs::read_dir(&folder)?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
        let mut docs = Vec::new();
        for f in files {
            let xml = std::fs::read_to_string(&f)?;
            let name = f
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            docs.push(gold_doc(&name, &xml, keep).with_context(|| f.display().to_string())?);
        }
        let name = folder
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        topics.push(Topic { name, docs });
    }
    Ok(topics)
}

fn kind_of(ent_type: &str) -> EntityKind {
    match ent_type {
        "PER" => EntityKind::Person,
        "ORG" => EntityKind::Organization,
        "LOC" => EntityKind::Place,
        _ => EntityKind::Other,
    }
}

fn gold_doc(name: &str, xml: &str, keep: Mentions) -> Result<GoldDoc> {
    let doc = roxmltree::Document::parse(xml)?;
    let tokens: HashMap<&str, &str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("token"))
        .filter_map(|t| Some((t.attribute("t_id")?, t.text().unwrap_or(""))))
        .collect();
    let mut instance: HashMap<&str, (String, EntityKind)> = HashMap::new();
    for e in doc.descendants().filter(|n| n.has_tag_name("ENTITY")) {
        let Some(id) = e.attribute("m_id") else {
            continue;
        };
        let label = e
            .attribute("instance_id")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .unwrap_or_else(|| format!("{name}#{id}"));
        instance.insert(id, (label, kind_of(e.attribute("ent_type").unwrap_or(""))));
    }
    let mut refers: HashMap<&str, &(String, EntityKind)> = HashMap::new();
    for rel in doc.descendants().filter(|n| n.has_tag_name("REFERS_TO")) {
        let Some(target) = rel
            .children()
            .find(|c| c.has_tag_name("target"))
            .and_then(|t| t.attribute("m_id"))
            .and_then(|t| instance.get(t))
        else {
            continue;
        };
        for s in rel
            .children()
            .filter(|c| c.has_tag_name("source"))
            .filter_map(|c| c.attribute("m_id"))
        {
            refers.insert(s, target);
        }
    }
    let mut mentions = Vec::new();
    for m in doc
        .descendants()
        .filter(|n| n.has_tag_name("ENTITY_MENTION"))
    {
        let Some(id) = m.attribute("m_id") else {
            continue;
        };
        if keep == Mentions::Names && m.attribute("syntactic_type") != Some("NAM") {
            continue;
        }
        let words: Vec<String> = m
            .children()
            .filter_map(|c| c.attribute("t_id"))
            .filter_map(|t| tokens.get(t))
            .map(|w| w.to_string())
            .collect();
        if words.is_empty() {
            continue;
        }
        let (label, kind) = match refers.get(id) {
            Some((l, k)) => (l.clone(), *k),
            None => (format!("{name}#{id}"), EntityKind::Other),
        };
        mentions.push(GoldMention {
            id: id.to_string(),
            text: detokenize(&words),
            kind,
            label,
        });
    }
    Ok(GoldDoc {
        name: name.to_string(),
        mentions,
    })
}
