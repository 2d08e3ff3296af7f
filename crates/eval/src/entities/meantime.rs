//! MEANTIME (English, intra-document annotation) named mentions.
//!
//! Gold = ENTITY_MENTION with syntactic_type NAM (PRE.NAM premodifier names, "Apple"
//! in "Apple executives", are trained on but not required; markables without a
//! syntactic type only shield overlapping predictions), typed through REFERS_TO → ENTITY
//! ent_type: PER → person, ORG → organization, LOC → place, PRO/FIN/MIX → other.
//! Only the title and the first sentences are annotated: the scored region runs to
//! the last sentence holding any markable anchor (sentence 5 in 117 of 120 files).
//! Nested NAM mentions (an apposition "European aircraft manufacturer, Airbus"
//! around "Airbus") keep the inner name: a NAM span containing a comma that holds
//! another NAM is dropped; other overlaps keep the longest.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use model::{EntityKind, Span};
use regex::Regex;

use super::{normalise_gold_span, rebuild_text, resolve_nesting, GoldDoc, GoldMention};

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// MEANTIME ent_type → our kind.
pub fn map_type(t: &str) -> Option<EntityKind> {
    match t {
        "PER" => Some(EntityKind::Person),
        "ORG" => Some(EntityKind::Organization),
        "LOC" => Some(EntityKind::Place),
        "PRO" | "FIN" | "MIX" => Some(EntityKind::Other),
        _ => None,
    }
}

/// Whether two tokens were written together in the original text.
pub fn joined(prev: &str, next: &str) -> bool {
    matches!(next, "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "%" | "'s" | "’s" | "n't" | "'")
        || matches!(prev, "(" | "[" | "$" | "£" | "€")
}

/// Parses one MEANTIME XML file.
pub fn parse(id: &str, xml: &str) -> anyhow::Result<GoldDoc> {
    let token_re = Regex::new(r#"<token ([^>]*)>([^<]*)</token>"#)?;
    let mention_re = Regex::new(r#"(?s)<ENTITY_MENTION ([^>]*)>(.*?)</ENTITY_MENTION>"#)?;
    let anchor_re = Regex::new(r#"<token_anchor t_id="(\d+)"\s*/>"#)?;
    let entity_re = Regex::new(r#"<ENTITY ([^>]*)/>"#)?;
    let refers_re = Regex::new(r#"(?s)<REFERS_TO[^>]*>(.*?)</REFERS_TO>"#)?;
    let source_re = Regex::new(r#"<source m_id="(\d+)""#)?;
    let target_re = Regex::new(r#"<target m_id="(\d+)""#)?;

    let mut sentences: Vec<Vec<String>> = Vec::new();
    let mut position: HashMap<String, (usize, usize)> = HashMap::new();
    for c in token_re.captures_iter(xml) {
        let (Some(sent), Some(tid)) = (attr(&c[1], "sentence"), attr(&c[1], "t_id")) else { continue };
        let sent: usize = sent.parse()?;
        while sentences.len() <= sent {
            sentences.push(Vec::new());
        }
        position.insert(tid.to_string(), (sent, sentences[sent].len()));
        sentences[sent].push(unescape(&c[2]));
    }
    let (text, sentence_spans, token_spans) = rebuild_text(&sentences, |p, n, _, _| joined(p, n));
    let span_of = |tid: &str| position.get(tid).and_then(|(s, w)| token_spans.get(*s)?.get(*w)).copied();

    let markables = xml.find("<Markables>").map_or("", |i| &xml[i..]);
    let last_sentence = anchor_re
        .captures_iter(markables)
        .filter_map(|c| position.get(&c[1]).map(|p| p.0))
        .max()
        .unwrap_or(0);
    let region = Span::new(0, sentence_spans.get(last_sentence).map_or(text.len(), |s| s.end));

    let entity_types: HashMap<String, String> = entity_re
        .captures_iter(markables)
        .filter_map(|c| Some((attr(&c[1], "m_id")?.to_string(), attr(&c[1], "ent_type")?.to_string())))
        .collect();
    let mut mention_type: HashMap<String, String> = HashMap::new();
    for c in refers_re.captures_iter(markables) {
        let Some(target) = target_re.captures(&c[1]) else { continue };
        let Some(t) = entity_types.get(&target[1]) else { continue };
        for s in source_re.captures_iter(&c[1]) {
            mention_type.insert(s[1].to_string(), t.clone());
        }
    }

    let mut names: Vec<GoldMention> = Vec::new();
    for c in mention_re.captures_iter(markables) {
        let syntactic = attr(&c[1], "syntactic_type").unwrap_or("");
        if !matches!(syntactic, "NAM" | "PRE.NAM" | "") {
            continue;
        }
        let spans: Vec<Span> = anchor_re.captures_iter(&c[2]).filter_map(|a| span_of(&a[1])).collect();
        let (Some(first), Some(last)) = (spans.iter().map(|s| s.start).min(), spans.iter().map(|s| s.end).max()) else {
            continue;
        };
        let typed = attr(&c[1], "m_id").and_then(|m| mention_type.get(m)).and_then(|t| map_type(t));
        // Untyped-syntax markables include pronouns: never trained on, only shielding.
        let kind = if syntactic.is_empty() { None } else { typed };
        let span = normalise_gold_span(&text, Span::new(first, last), kind);
        if region.contains(&span) && !span.is_empty() {
            names.push(GoldMention { span, kind, required: syntactic == "NAM" });
        }
    }
    let mentions = resolve_nesting(&text, names);
    Ok(GoldDoc {
        dataset: "meantime",
        id: id.to_string(),
        tokens: sentences.iter().map(Vec::len).sum(),
        text,
        sentences: sentence_spans,
        region,
        mentions,
    })
}

/// Loads every document of `intra-doc_annotation`, sorted by path.
pub fn load(dir: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let root = dir.join("intra-doc_annotation");
    let mut paths = Vec::new();
    for corpus in std::fs::read_dir(&root).with_context(|| format!("reading {}", root.display()))? {
        let corpus = corpus?.path();
        if corpus.is_dir() {
            for f in std::fs::read_dir(&corpus)? {
                let f = f?.path();
                if f.extension().is_some_and(|e| e == "xml") {
                    paths.push(f);
                }
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let xml = std::fs::read_to_string(p)?;
            let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            parse(&id, &xml).with_context(|| format!("parsing {}", p.display()))
        })
        .collect()
}
