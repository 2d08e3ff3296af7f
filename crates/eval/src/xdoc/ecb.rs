//! ECB+ gold entity mentions (HUMAN_PART_PER, HUMAN_PART_ORG, LOC_*) in the annotated sentences,
//! labelled with their cross-document instance.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use anyhow::{Context, Result};
use eval::ecbplus::{detokenize, EcbDoc};
use model::EntityKind;

use super::{GoldDoc, GoldMention, Topic};

/// Topics 1–35 (train/dev) or 36–45 (test), the split of Cybulska & Vossen (2015).
pub fn load(data: &Path, topics: std::ops::RangeInclusive<u32>) -> Result<Vec<Topic>> {
    let annotated = annotated_sentences(&data.join("ECBplus_coreference_sentences.csv"))?;
    let docs = eval::ecbplus::read_docs(&data.join("docs.tar.gz"))?;
    let mut by_topic: Vec<Topic> = Vec::new();
    for doc in docs.iter().filter(|d| topics.contains(&d.topic)) {
        let gold = gold_doc(doc, &annotated).with_context(|| doc.name.clone())?;
        let name = doc.topic.to_string();
        match by_topic.last_mut() {
            Some(t) if t.name == name => t.docs.push(gold),
            _ => by_topic.push(Topic {
                name,
                docs: vec![gold],
            }),
        }
    }
    Ok(by_topic)
}

/// (topic, file stem such as `10ecbplus`, sentence number).
fn annotated_sentences(csv_path: &Path) -> Result<BTreeSet<(u32, String, u32)>> {
    let mut reader =
        csv::Reader::from_path(csv_path).with_context(|| csv_path.display().to_string())?;
    let mut out = BTreeSet::new();
    for row in reader.records() {
        let row = row?;
        let (Some(t), Some(f), Some(s)) = (row.get(0), row.get(1), row.get(2)) else {
            continue;
        };
        if let (Ok(t), Ok(s)) = (t.trim().parse(), s.trim().parse()) {
            out.insert((t, f.trim().to_string(), s));
        }
    }
    Ok(out)
}

fn kind_of(tag: &str) -> Option<EntityKind> {
    match tag {
        "HUMAN_PART_PER" => Some(EntityKind::Person),
        "HUMAN_PART_ORG" => Some(EntityKind::Organization),
        t if t.starts_with("LOC_") => Some(EntityKind::Place),
        _ => None,
    }
}

fn gold_doc(doc: &EcbDoc, annotated: &BTreeSet<(u32, String, u32)>) -> Result<GoldDoc> {
    let xml = roxmltree::Document::parse(&doc.xml)?;
    let file = doc.name.split('_').nth(1).unwrap_or("").to_string();
    let mut tokens: HashMap<&str, (u32, &str)> = HashMap::new();
    for t in xml.descendants().filter(|n| n.has_tag_name("token")) {
        let (Some(id), Some(s)) = (
            t.attribute("t_id"),
            t.attribute("sentence").and_then(|s| s.parse().ok()),
        ) else {
            continue;
        };
        tokens.insert(id, (s, t.text().unwrap_or("")));
    }
    // Instance markables (no tokens) and the chains pointing at them.
    let mut instance: HashMap<&str, String> = HashMap::new();
    for m in xml
        .descendants()
        .filter(|n| n.attribute("TAG_DESCRIPTOR").is_some())
    {
        if let Some(id) = m.attribute("m_id") {
            let label = m
                .attribute("instance_id")
                .map(String::from)
                .unwrap_or_else(|| format!("{}#{id}", doc.name));
            instance.insert(id, label);
        }
    }
    let mut label_of: HashMap<&str, String> = HashMap::new();
    for rel in xml
        .descendants()
        .filter(|n| n.has_tag_name("CROSS_DOC_COREF") || n.has_tag_name("INTRA_DOC_COREF"))
    {
        let Some(target) = rel
            .children()
            .find(|c| c.has_tag_name("target"))
            .and_then(|t| t.attribute("m_id"))
        else {
            continue;
        };
        let Some(label) = instance.get(target) else {
            continue;
        };
        for s in rel
            .children()
            .filter(|c| c.has_tag_name("source"))
            .filter_map(|c| c.attribute("m_id"))
        {
            label_of.insert(s, label.clone());
        }
    }
    let mut mentions = Vec::new();
    for m in xml
        .descendants()
        .filter(|n| n.children().any(|c| c.has_tag_name("token_anchor")))
    {
        let (Some(kind), Some(id)) = (kind_of(m.tag_name().name()), m.attribute("m_id")) else {
            continue;
        };
        let anchors: Vec<&(u32, &str)> = m
            .children()
            .filter_map(|c| c.attribute("t_id"))
            .filter_map(|t| tokens.get(t))
            .collect();
        let Some(&&(sentence, _)) = anchors.first() else {
            continue;
        };
        if !annotated.contains(&(doc.topic, file.clone(), sentence)) {
            continue;
        }
        let words: Vec<String> = anchors.iter().map(|(_, w)| w.to_string()).collect();
        let label = label_of
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("{}#{id}", doc.name));
        mentions.push(GoldMention {
            id: id.to_string(),
            text: detokenize(&words),
            kind,
            label,
        });
    }
    Ok(GoldDoc {
        name: doc.name.clone(),
        mentions,
    })
}
