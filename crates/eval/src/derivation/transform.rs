//! The documented transformations that make derived articles from real ones. Every choice
//! is drawn from a generator seeded by the source's name, so the set is the same on every run.
//!
//! - copy, `boilerplate`: a byline line before the text and two footer lines after it
//!   (copyright notice, "follow us", share buttons, related links);
//! - copy, `dropped`: one run of about a fifth of the body's sentences removed (a paragraph
//!   cut for length), never the headline or the lede;
//! - copy, `edited`: a new headline (every word with an entry in `data/synonyms.tsv`
//!   reworded) and about one word in twenty-five edited in the body (deleted, misspelt, or reworded);
//! - rewrite, `synthetic`: every sentence reworded — reporting clauses moved to the other end
//!   of the sentence ("X, he said." ⇄ "He said X."), two words in three that have an entry in
//!   `data/synonyms.tsv` replaced, sentence adverbs dropped — adjacent body sentences swapped
//!   (about one pair in four, never across more than one position), about one body sentence
//!   in ten dropped, and one closing sentence added.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

/// splitmix64: tiny, and the same numbers on every platform and crate version.
pub struct Rng(u64);

impl Rng {
    pub fn seeded(name: &str, salt: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes().chain([0]).chain(salt.bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn synonyms() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("data/synonyms.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    })
}

fn word_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\p{L}+").expect("valid regex"))
}

/// Replaces words with an entry in the synonym table, each with probability `p`, keeping a leading capital.
fn reword(sentence: &str, p: f64, rng: &mut Rng) -> String {
    word_re()
        .replace_all(sentence, |c: &regex::Captures| {
            let w = &c[0];
            let lower = w.to_lowercase();
            match synonyms().get(&lower) {
                Some(s) if rng.chance(p) => {
                    if w.chars().next().is_some_and(char::is_uppercase) && !w.chars().all(char::is_uppercase) {
                        let mut cs = s.chars();
                        cs.next().map(|f| f.to_uppercase().chain(cs).collect()).unwrap_or_default()
                    } else {
                        s.clone()
                    }
                }
                _ => w.to_string(),
            }
        })
        .into_owned()
}

fn upper_first(s: &str) -> String {
    let mut cs = s.chars();
    cs.next().map(|f| f.to_uppercase().chain(cs).collect()).unwrap_or_default()
}

fn lower_first(s: &str) -> String {
    // Names keep their capital: only a capitalised function word is lowered.
    match s.split_whitespace().next() {
        Some(w) if matches!(w, "The" | "A" | "An" | "It" | "This" | "That" | "There" | "These" | "Those" | "Its") => {
            let mut cs = s.chars();
            cs.next().map(|f| f.to_lowercase().chain(cs).collect()).unwrap_or_default()
        }
        _ => s.to_string(),
    }
}

/// "X, he said." ⇄ "He said X." — the reporting clause moved to the other end.
fn move_reporting_clause(sentence: &str) -> String {
    static TRAILING: OnceLock<Regex> = OnceLock::new();
    static LEADING: OnceLock<Regex> = OnceLock::new();
    let trailing = TRAILING.get_or_init(|| {
        Regex::new(r"^([^\x22]{25,}), ((?:he|she|they|police|officials|the \w+|[A-Z][\w.\-]+(?: [A-Z][\w.\-]+){0,3})) (said|says|told [\w ]{2,30}?)\.$")
            .expect("valid regex")
    });
    let leading = LEADING.get_or_init(|| {
        Regex::new(r"^((?:The |A )?[A-Z][\w.\-]*(?: [A-Z]?[\w.\-]+){0,4}) (said|says) (?:that )?([^\x22]{25,})\.$").expect("valid regex")
    });
    if let Some(c) = trailing.captures(sentence) {
        return format!("{} {} that {}.", upper_first(&c[2]), &c[3], lower_first(&c[1]));
    }
    if let Some(c) = leading.captures(sentence) {
        return format!("{}, {} {}.", upper_first(&c[3]), lower_first(&c[1]), &c[2]);
    }
    sentence.to_string()
}

/// Sentence adverbs a rewriter drops.
fn drop_adverbs(sentence: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\b(?:(?:However|Meanwhile|Also|Still|Moreover|Nonetheless), |, however,|, meanwhile,)").expect("valid regex"));
    let out = re.replace_all(sentence, |c: &regex::Captures| if c[0].starts_with(',') { "," } else { "" }).into_owned();
    upper_first(&out)
}

const BYLINES: &[&str] = &["By Staff Reporter | Updated 10:42", "From our correspondent", "Posted by the news desk", "Wire report"];
const FOOTERS: &[&str] = &[
    "Copyright 2012 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Follow us on Twitter and Facebook for the latest updates.",
    "Share this article: Email | Print | Tweet | Facebook",
    "Related: More news from the region",
    "Click here to subscribe to our daily newsletter.",
    "Comments are closed for this story.",
];
const CLOSINGS: &[&str] = &[
    "The report could not be independently verified.",
    "Officials did not immediately respond to requests for comment.",
    "More details are expected in the coming days.",
    "This story will be updated as more information becomes available.",
];

/// Copy with a byline and footers added.
pub fn copy_boilerplate(sentences: &[String], rng: &mut Rng) -> Vec<String> {
    let mut out = vec![BYLINES[rng.below(BYLINES.len())].to_string()];
    out.extend(sentences.iter().cloned());
    let first = rng.below(FOOTERS.len());
    out.push(FOOTERS[first].to_string());
    out.push(FOOTERS[(first + 1 + rng.below(FOOTERS.len() - 1)) % FOOTERS.len()].to_string());
    out
}

/// Copy with one run of about a fifth of the body's sentences removed.
pub fn copy_dropped(sentences: &[String], rng: &mut Rng) -> Vec<String> {
    let n = sentences.len();
    let len = (n / 5).max(1);
    if n < len + 3 {
        return sentences.to_vec();
    }
    let start = 2 + rng.below(n - len - 1);
    sentences.iter().enumerate().filter(|(i, _)| *i < start || *i >= start + len).map(|(_, s)| s.clone()).collect()
}

/// Copy with a reworded headline and small edits in the body.
pub fn copy_edited(sentences: &[String], rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::with_capacity(sentences.len());
    for (i, s) in sentences.iter().enumerate() {
        if i == 0 {
            out.push(reword(s, 1.0, rng));
            continue;
        }
        let edited = word_re().replace_all(s, |c: &regex::Captures| {
            let w = &c[0];
            if !rng.chance(0.04) {
                return w.to_string();
            }
            match rng.below(3) {
                0 => String::new(),
                1 if w.chars().count() > 3 => {
                    // A doubled letter: the commonest typo.
                    let mut cs: Vec<char> = w.chars().collect();
                    let at = 1 + rng.below(cs.len() - 2);
                    cs.insert(at, cs[at]);
                    cs.into_iter().collect()
                }
                _ => reword(w, 1.0, rng),
            }
        });
        out.push(edited.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// Rewrite: reworded sentences, some swapped, some dropped, one added.
pub fn rewrite(sentences: &[String], rng: &mut Rng) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(sentences.len() + 1);
    for (i, s) in sentences.iter().enumerate() {
        if i >= 2 && rng.chance(0.1) {
            continue;
        }
        let s = if i == 0 { s.clone() } else { drop_adverbs(&move_reporting_clause(s)) };
        out.push(reword(&s, if i == 0 { 1.0 } else { 0.67 }, rng));
    }
    let mut i = 2;
    while i + 1 < out.len() {
        if rng.chance(0.25) {
            out.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    out.push(CLOSINGS[rng.below(CLOSINGS.len())].to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_reporting_clauses_both_ways() {
        assert_eq!(
            move_reporting_clause("The fire started in the kitchen of the restaurant, police said."),
            "Police said that the fire started in the kitchen of the restaurant."
        );
        assert_eq!(
            move_reporting_clause("John Smith said the company would appeal the ruling next week."),
            "The company would appeal the ruling next week, John Smith said."
        );
    }

    #[test]
    fn same_seed_same_rewrite() {
        let s: Vec<String> = ["Quake hits city", "A strong earthquake struck the city on Monday, officials said.", "Many people were injured and several buildings collapsed near the coast."]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let a = rewrite(&s, &mut Rng::seeded("x", "rewrite"));
        let b = rewrite(&s, &mut Rng::seeded("x", "rewrite"));
        assert_eq!(a, b);
        assert_ne!(a[1], s[1]);
    }
}
