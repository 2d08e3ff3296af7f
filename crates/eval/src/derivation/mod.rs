//! The derivation evaluation set and its scorer.
//!
//! Pairs of articles, each with its gold relation (copy, rewrite, translation, or none) and,
//! when derived, which one is the later. Built from real texts (`sources`):
//! - synthetic copies and rewrites of every ECB+, MEANTIME and GUM article with six sentences
//!   or more, by the documented transformations of `transform` (one per article, in turn);
//! - real copies and rewrites found among ECB+ articles of one sub-topic and checked by hand
//!   (`data/ecbplus-labels.tsv`);
//! - translations of twelve MEANTIME articles written for this set (`data/translations.txt`);
//! - negatives: independent reports of one story (ECB+ sub-topic, MEANTIME folder), the two
//!   events of one ECB+ topic, different topics, a synthetic rewrite or a translation paired
//!   with another article of the same story.
//!
//! Split: ECB+ topics 1–35, MEANTIME `airbus` and `apple`, even GUM files tune; ECB+ topics
//! 36–45, MEANTIME `gm` and `stock`, odd GUM files are held out.

pub mod sources;
pub mod transform;

use std::collections::{HashMap, HashSet};

use anyhow::{bail, Context, Result};
use model::Relation;

use sources::Source;
use transform::Rng;

/// One article of a pair, before analysis.
#[derive(Debug, Clone)]
pub struct Text {
    /// Unique in the set: the source name, with `#<variant>` for derived texts.
    pub name: String,
    pub text: String,
    pub published: String,
}

/// A pair with its gold relation.
#[derive(Debug, Clone)]
pub struct Pair {
    /// What made it: `copy-boilerplate`, `rewrite-real`, `negative-same-story`, ...
    pub kind: String,
    pub held_out: bool,
    /// The earlier article (for negatives: the first of the two).
    pub earlier: Text,
    pub later: Text,
    /// The relation of `later` to `earlier`; `None` for negatives.
    pub gold: Option<Relation>,
    /// Whether the later article comes first in input order, so that only dates tell direction.
    pub later_first: bool,
}

/// Fewest sentences for an article to be the source of a synthetic pair.
const MIN_SENTENCES: usize = 6;

fn date(source: &str, hour: u32) -> String {
    let mut rng = Rng::seeded(source, "date");
    format!("2013-{:02}-{:02}T{hour:02}:00:00Z", 1 + rng.below(12), 1 + rng.below(28))
}

fn original(s: &Source) -> Text {
    Text { name: s.name.clone(), text: Source::render(&s.sentences), published: date(&s.name, 9) }
}

fn derived(s: &Source, variant: &str, sentences: &[String]) -> Text {
    Text { name: format!("{}#{variant}", s.name), text: Source::render(sentences), published: date(&s.name, 13) }
}

/// A hand label of a real ECB+ pair.
#[derive(Debug, Clone)]
pub struct Label {
    pub earlier: String,
    pub later: String,
    pub relation: Option<Relation>,
}

/// Reads `data/ecbplus-labels.tsv`: `earlier<TAB>later<TAB>copy|rewrite|none<TAB>note`.
pub fn labels() -> Result<Vec<Label>> {
    let mut out = Vec::new();
    for (n, line) in include_str!("data/ecbplus-labels.tsv").lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            bail!("ecbplus-labels.tsv line {}: expected earlier, later, relation", n + 1);
        }
        let relation = match cols[2] {
            "copy" => Some(Relation::Copy),
            "rewrite" => Some(Relation::Rewrite),
            "none" => None,
            other => bail!("ecbplus-labels.tsv line {}: unknown relation {other:?}", n + 1),
        };
        out.push(Label { earlier: cols[0].to_string(), later: cols[1].to_string(), relation });
    }
    Ok(out)
}

/// Reads `data/translations.txt`: (source name, language, sentences).
pub fn translations() -> Result<Vec<(String, String, Vec<String>)>> {
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    for line in include_str!("data/translations.txt").lines() {
        if let Some(head) = line.strip_prefix("## ") {
            let (name, lang) = head.split_once(' ').context("translation block head: `## <source> <language>`")?;
            out.push((name.to_string(), lang.trim().to_string(), Vec::new()));
        } else if !line.starts_with('#') && !line.trim().is_empty() {
            out.last_mut().context("translation text before the first block head")?.2.push(line.trim().to_string());
        }
    }
    Ok(out)
}

/// The whole set, in a fixed order.
pub fn build(sources: &[Source]) -> Result<Vec<Pair>> {
    let by_name: HashMap<&str, &Source> = sources.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut pairs = Vec::new();
    let mut order = Rng::seeded("order", "pairs");
    let mut push = |pairs: &mut Vec<Pair>, kind: &str, held_out: bool, earlier: Text, later: Text, gold: Option<Relation>| {
        let later_first = order.chance(0.5);
        pairs.push(Pair { kind: kind.to_string(), held_out, earlier, later, gold, later_first });
    };

    // Synthetic copies and rewrites, one per article in turn; rewrites twice as often, as the harder case.
    let long: Vec<&Source> = sources.iter().filter(|s| s.sentences.len() >= MIN_SENTENCES).collect();
    let mut rewrites: HashMap<&str, Text> = HashMap::new();
    for (i, s) in long.iter().enumerate() {
        let mut rng = Rng::seeded(&s.name, "variant");
        let (kind, relation, sentences) = match i % 5 {
            0 => ("copy-boilerplate", Relation::Copy, transform::copy_boilerplate(&s.sentences, &mut rng)),
            1 => ("copy-dropped", Relation::Copy, transform::copy_dropped(&s.sentences, &mut rng)),
            2 => ("copy-edited", Relation::Copy, transform::copy_edited(&s.sentences, &mut rng)),
            _ => ("rewrite-synthetic", Relation::Rewrite, transform::rewrite(&s.sentences, &mut rng)),
        };
        let later = derived(s, kind, &sentences);
        if relation == Relation::Rewrite {
            rewrites.insert(s.name.as_str(), later.clone());
        }
        push(&mut pairs, kind, s.held_out, original(s), later, Some(relation));
    }

    // Real pairs checked by hand.
    let labels = labels()?;
    let mut labelled: HashSet<(String, String)> = HashSet::new();
    for l in &labels {
        let (Some(a), Some(b)) = (by_name.get(l.earlier.as_str()), by_name.get(l.later.as_str())) else {
            bail!("ecbplus-labels.tsv names an unknown article: {} / {}", l.earlier, l.later);
        };
        labelled.insert((l.earlier.clone(), l.later.clone()));
        labelled.insert((l.later.clone(), l.earlier.clone()));
        let kind = match l.relation {
            Some(Relation::Copy) => "copy-real",
            Some(Relation::Rewrite) => "rewrite-real",
            _ => "negative-checked",
        };
        push(&mut pairs, kind, a.held_out, original(a), Text { published: date(&a.name, 13), ..original(b) }, l.relation);
    }

    // Translations written for this set, and each paired with another article of its story.
    for (name, lang, sentences) in translations()? {
        let s = by_name.get(name.as_str()).with_context(|| format!("translations.txt names an unknown article {name}"))?;
        let later = derived(s, &format!("translation-{lang}"), &sentences);
        push(&mut pairs, "translation", s.held_out, original(s), later.clone(), Some(Relation::Translation));
        if let Some(other) = sibling(sources, s) {
            push(&mut pairs, "negative-translation-of-other", s.held_out, original(other), later, None);
        }
    }

    // Negatives. Pairs whose text overlaps and that were not checked by hand are left out:
    // they may be real copies.
    let mut stories: Vec<(&str, Vec<&Source>)> = Vec::new();
    for s in sources {
        match stories.iter_mut().find(|(k, _)| *k == s.story) {
            Some((_, v)) => v.push(s),
            None => stories.push((s.story.as_str(), vec![s])),
        }
    }
    for (_, members) in &stories {
        for w in members.chunks(2) {
            if let [a, b] = w {
                let unchecked_overlap = overlap(a, b).is_candidate() && !labelled.contains(&(a.name.clone(), b.name.clone()));
                if !unchecked_overlap && a.sentences.len() >= 3 && b.sentences.len() >= 3 {
                    push(&mut pairs, "negative-same-story", a.held_out, original(a), original(b), None);
                }
            }
        }
    }
    for (story, members) in &stories {
        let first = members[0];
        // The other event of the same ECB+ topic: the same kind of story, a different event.
        if first.topic > 0 && !story.ends_with("plus") {
            if let Some((_, others)) = stories.iter().find(|(k, _)| *k == format!("{story}plus")) {
                push(&mut pairs, "negative-same-kind", first.held_out, original(first), original(others[0]), None);
            }
        }
        // A different story of the same split.
        if let Some((_, others)) = stories.iter().find(|(k, m)| k != story && m[0].held_out == first.held_out && m[0].topic != first.topic) {
            let other = others[others.len() / 2];
            push(&mut pairs, "negative-other-story", first.held_out, original(first), original(other), None);
        }
        // A synthetic rewrite beside another article of its story: shares the story, not the text.
        if let Some(s) = members.iter().find(|s| rewrites.contains_key(s.name.as_str())) {
            if let Some(other) = sibling(sources, s) {
                push(&mut pairs, "negative-rewrite-of-other", s.held_out, original(other), rewrites[s.name.as_str()].clone(), None);
            }
        }
    }
    Ok(pairs)
}

/// Another article of the same story, if any: the next one in order.
fn sibling<'a>(sources: &'a [Source], s: &Source) -> Option<&'a Source> {
    let members: Vec<&Source> = sources.iter().filter(|o| o.story == s.story).collect();
    let at = members.iter().position(|o| o.name == s.name)?;
    (members.len() > 1).then(|| members[(at + 1) % members.len()])
}

/// How much of two real articles' text is shared, by measures deliberately looser than the
/// engine's, to list the pairs to check by hand.
#[derive(Debug, Clone, Copy)]
pub struct Overlap {
    /// Word 5-gram containment of the article with fewer 5-grams.
    pub containment: f64,
    /// Share of the shorter article's sentences whose content words (4 letters or more) have a
    /// Jaccard of 0.3 or more with some sentence of the other.
    pub aligned: f64,
}

impl Overlap {
    pub fn is_candidate(&self) -> bool {
        self.containment >= 0.1 || self.aligned >= 0.25
    }
}

fn lower_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

pub fn overlap(a: &Source, b: &Source) -> Overlap {
    let grams = |s: &Source| -> HashSet<String> {
        let words: Vec<String> = s.sentences.iter().flat_map(|x| lower_words(x)).collect();
        words.windows(5).map(|w| w.join(" ")).collect()
    };
    let (ga, gb) = (grams(a), grams(b));
    let smaller = ga.len().min(gb.len()).max(1) as f64;
    let containment = ga.intersection(&gb).count() as f64 / smaller;
    let content = |s: &Source| -> Vec<HashSet<String>> {
        s.sentences.iter().map(|x| lower_words(x).into_iter().filter(|w| w.chars().count() >= 4).collect()).filter(|w: &HashSet<String>| w.len() >= 3).collect()
    };
    let (ca, cb) = (content(a), content(b));
    let (short, long) = if ca.len() <= cb.len() { (&ca, &cb) } else { (&cb, &ca) };
    let matched = short
        .iter()
        .filter(|x| {
            long.iter().any(|y| {
                let inter = x.intersection(y).count() as f64;
                inter / (x.len() + y.len()) as f64 * 2.0 >= 0.46 // Dice 0.46 = Jaccard 0.3
            })
        })
        .count();
    Overlap { containment, aligned: matched as f64 / short.len().max(1) as f64 }
}
