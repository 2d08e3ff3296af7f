//! A story's account: what its articles say, merged.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use model::{
    Doc, EntityKind, Evidence, Story, StoryCitation, StoryEntity, StoryFigure, StoryQuote, TimelineEntry, TimexType,
    QuoteVariant,
};

/// Builds the story `id` from its documents (in article order).
pub fn build_story(id: &str, docs: &[&Doc]) -> Story {
    let entity_ids = EntityIds::of(docs);
    Story {
        id: id.to_string(),
        title: title(docs),
        articles: docs.iter().map(|d| d.article.id.clone()).collect(),
        entities: entities(docs, &entity_ids),
        timeline: timeline(docs, &entity_ids),
        quotes: quotes(docs, &entity_ids),
        figures: figures(docs),
        citations: citations(docs),
        disagreements: Vec::new(),
    }
}

/// The title of the earliest article that has one.
fn title(docs: &[&Doc]) -> String {
    let mut dated: Vec<&&Doc> = docs.iter().filter(|d| d.article.title.is_some()).collect();
    dated.sort_by(|a, b| {
        let ka = a.article.published.as_deref().unwrap_or("9999");
        let kb = b.article.published.as_deref().unwrap_or("9999");
        ka.cmp(kb)
    });
    dated
        .first()
        .and_then(|d| d.article.title.clone())
        .or_else(|| docs.first().map(|d| first_words(&d.article.text, 12)))
        .unwrap_or_default()
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// Story-level entity ids, merging entities of the same kind and exact name.
struct EntityIds {
    /// (article id, article entity id) → story entity id.
    map: HashMap<(String, String), String>,
    names: HashMap<String, String>,
}

impl EntityIds {
    fn of(docs: &[&Doc]) -> EntityIds {
        let mut map = HashMap::new();
        let mut names = HashMap::new();
        for doc in docs {
            for e in &doc.entities {
                let story_id = entity_key(e.kind, &e.name);
                names.entry(story_id.clone()).or_insert_with(|| e.name.clone());
                map.insert((doc.article.id.clone(), e.id.clone()), story_id);
            }
        }
        EntityIds { map, names }
    }
    fn get(&self, article: &str, entity: &str) -> Option<&String> {
        self.map.get(&(article.to_string(), entity.to_string()))
    }
}

fn entity_key(kind: EntityKind, name: &str) -> String {
    model::stable_id("n", &[&format!("{kind:?}"), name])
}

fn entities(docs: &[&Doc], ids: &EntityIds) -> Vec<StoryEntity> {
    let mut merged: BTreeMap<String, StoryEntity> = BTreeMap::new();
    for doc in docs {
        for e in &doc.entities {
            let Some(id) = ids.get(&doc.article.id, &e.id) else { continue };
            let entry = merged.entry(id.clone()).or_insert_with(|| StoryEntity {
                id: id.clone(),
                name: e.name.clone(),
                kind: e.kind,
                variants: Vec::new(),
                descriptions: Vec::new(),
                mentions: 0,
                articles: Vec::new(),
            });
            for v in &e.variants {
                push_unique(&mut entry.variants, v);
            }
            for d in &e.descriptions {
                push_unique(&mut entry.descriptions, d);
            }
            entry.mentions += e.mentions.len();
            push_unique(&mut entry.articles, &doc.article.id);
        }
    }
    let mut list: Vec<StoryEntity> = merged.into_values().collect();
    list.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
    list
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

/// Independent sources among articles: for now, distinct outlets (articles without one count alone).
fn independent_sources(docs: &[&Doc], articles: &[String]) -> usize {
    let outlets: BTreeSet<String> = articles
        .iter()
        .map(|id| {
            docs.iter()
                .find(|d| &d.article.id == id)
                .and_then(|d| d.article.outlet.clone())
                .map(|o| o.to_lowercase())
                .unwrap_or_else(|| format!("#{id}"))
        })
        .collect();
    outlets.len()
}

/// Words that put a date on something other than an event.
const NON_EVENT_CUES: &[&str] = &["as of", "published", "updated", "posted", "last modified", "copyright"];

fn timeline(docs: &[&Doc], ids: &EntityIds) -> Vec<TimelineEntry> {
    // Candidate evidence grouped by calendar value.
    let mut by_date: BTreeMap<String, Vec<(Evidence, BTreeSet<String>, Vec<String>)>> = BTreeMap::new();
    for doc in docs {
        for t in &doc.times {
            if t.kind != TimexType::Date || !is_calendar_value(&t.value) {
                continue;
            }
            let sentence = doc.sentence_text(t.sentence);
            if sentence.split_whitespace().count() < 5 {
                continue; // a dateline or a heading, not a sentence about an event
            }
            let lower = sentence.to_lowercase();
            if NON_EVENT_CUES.iter().any(|c| lower.contains(&format!("{c} {}", t.text.to_lowercase()))) {
                continue;
            }
            let participants: Vec<String> = doc
                .mentions
                .iter()
                .filter(|m| m.sentence == t.sentence)
                .filter_map(|m| doc.entities.get(m.entity))
                .filter_map(|e| ids.get(&doc.article.id, &e.id).cloned())
                .collect();
            let words: BTreeSet<String> = content_words(&sentence);
            by_date.entry(t.value.clone()).or_default().push((
                Evidence { article: doc.article.id.clone(), sentence, expression: Some(t.text.clone()) },
                words,
                participants,
            ));
        }
    }
    let mut entries = Vec::new();
    for (date, items) in by_date {
        for cluster in cluster_by_overlap(items) {
            let summary = medoid_sentence(&cluster);
            let mut participants: Vec<String> = Vec::new();
            let mut evidence = Vec::new();
            let mut articles = Vec::new();
            for (ev, _, ps) in cluster {
                for p in ps {
                    push_unique(&mut participants, &p);
                }
                push_unique(&mut articles, &ev.article);
                if !evidence.iter().any(|e: &Evidence| e.article == ev.article && e.sentence == ev.sentence) {
                    evidence.push(ev);
                }
            }
            entries.push(TimelineEntry {
                approximate: date.len() < 10,
                date: date.clone(),
                end: None,
                summary,
                participants,
                sources: independent_sources(docs, &articles),
                evidence,
            });
        }
    }
    entries
}

fn is_calendar_value(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(|c| c.is_ascii_digit()));
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

fn content_words(sentence: &str) -> BTreeSet<String> {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.to_lowercase())
        .collect()
}

type Item = (Evidence, BTreeSet<String>, Vec<String>);

/// Sentences about one date that share enough words describe the same event.
fn cluster_by_overlap(items: Vec<Item>) -> Vec<Vec<Item>> {
    const SAME_EVENT: f32 = 0.2;
    let mut clusters: Vec<(BTreeSet<String>, Vec<Item>)> = Vec::new();
    for item in items {
        let best = clusters
            .iter()
            .enumerate()
            .map(|(i, (words, _))| (i, jaccard(words, &item.1)))
            .filter(|&(_, s)| s >= SAME_EVENT)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, _)) => {
                clusters[i].0.extend(item.1.iter().cloned());
                clusters[i].1.push(item);
            }
            None => clusters.push((item.1.clone(), vec![item])),
        }
    }
    clusters.into_iter().map(|(_, c)| c).collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let inter = a.intersection(b).count() as f32;
    let union = (a.len() + b.len()) as f32 - inter;
    if union == 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// The sentence closest to all others of the cluster: the most representative wording.
fn medoid_sentence(cluster: &[Item]) -> String {
    cluster
        .iter()
        .max_by(|a, b| {
            let sa: f32 = cluster.iter().map(|o| jaccard(&a.1, &o.1)).sum();
            let sb: f32 = cluster.iter().map(|o| jaccard(&b.1, &o.1)).sum();
            sa.total_cmp(&sb).then(b.0.sentence.len().cmp(&a.0.sentence.len()))
        })
        .map(|i| i.0.sentence.clone())
        .unwrap_or_default()
}

fn quotes(docs: &[&Doc], ids: &EntityIds) -> Vec<StoryQuote> {
    let mut merged: Vec<(String, StoryQuote)> = Vec::new();
    for doc in docs {
        for q in &doc.quotes {
            let key = model::normalised_for_identity(&q.text);
            if key.is_empty() {
                continue;
            }
            let speaker = q.speaker.as_ref().and_then(|s| s.entity.as_ref()).and_then(|e| ids.get(&doc.article.id, e)).cloned();
            let speaker_name = speaker
                .as_ref()
                .and_then(|s| ids.names.get(s).cloned())
                .or_else(|| q.speaker.as_ref().map(|s| s.text.clone()));
            let via = q.via.as_ref().and_then(|s| s.entity.as_ref()).and_then(|e| ids.get(&doc.article.id, e)).cloned();
            match merged.iter_mut().find(|(k, sq)| *k == key && sq.speaker == speaker) {
                Some((_, sq)) => push_unique(&mut sq.variants[0].articles, &doc.article.id),
                None => merged.push((
                    key.clone(),
                    StoryQuote {
                        id: model::stable_id("q", &[&key, speaker.as_deref().unwrap_or("")]),
                        speaker,
                        speaker_name,
                        via,
                        direct: q.direct,
                        variants: vec![QuoteVariant { text: q.text.clone(), articles: vec![doc.article.id.clone()] }],
                        sources: 0,
                    },
                )),
            }
        }
    }
    merged
        .into_iter()
        .map(|(_, mut q)| {
            q.sources = independent_sources(docs, &q.variants[0].articles);
            q
        })
        .collect()
}

fn figures(docs: &[&Doc]) -> Vec<StoryFigure> {
    let mut merged: Vec<StoryFigure> = Vec::new();
    for doc in docs {
        for f in &doc.figures {
            match merged.iter_mut().find(|m| m.value == f.value && m.unit == f.unit && m.counted == f.counted) {
                Some(m) => push_unique(&mut m.articles, &doc.article.id),
                None => merged.push(StoryFigure {
                    value: f.value,
                    unit: f.unit.clone(),
                    counted: f.counted.clone(),
                    text: f.text.clone(),
                    articles: vec![doc.article.id.clone()],
                    sources: 0,
                }),
            }
        }
    }
    for f in &mut merged {
        f.sources = independent_sources(docs, &f.articles);
    }
    merged
}

fn citations(docs: &[&Doc]) -> Vec<StoryCitation> {
    let mut merged: BTreeMap<String, StoryCitation> = BTreeMap::new();
    for doc in docs {
        for c in &doc.citations {
            let entry = merged.entry(c.source.to_lowercase()).or_insert_with(|| StoryCitation {
                source: c.source.clone(),
                articles: Vec::new(),
                evidence: Vec::new(),
            });
            push_unique(&mut entry.articles, &doc.article.id);
            entry.evidence.push(Evidence {
                article: doc.article.id.clone(),
                sentence: doc.sentence_text(c.sentence),
                expression: Some(c.cue.clone()),
            });
        }
    }
    let mut list: Vec<StoryCitation> = merged.into_values().collect();
    list.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then(a.source.cmp(&b.source)));
    list
}
