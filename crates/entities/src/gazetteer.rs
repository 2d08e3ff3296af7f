//! Word lists shipped in `data/`: places, organisations, outlets, demonyms, titles,
//! role nouns, given names and verbs of saying. They feed the tagger as features and
//! the rules (title stripping, descriptions) directly.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::tokenize::{tokenize, Token};

/// Which list a phrase comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Countries, territories and continents.
    Country,
    /// Cities, states and regions.
    City,
    /// Nationality adjectives ("German").
    Demonym,
    /// International bodies, government bodies, parties, companies.
    Organization,
    /// News agencies and outlets.
    Outlet,
    /// Titles written before a name ("President", "Mr.").
    Title,
    /// Given names.
    FirstName,
}

impl Category {
    /// Every list, in declaration order.
    pub const ALL: [Category; 7] = [
        Category::Country,
        Category::City,
        Category::Demonym,
        Category::Organization,
        Category::Outlet,
        Category::Title,
        Category::FirstName,
    ];

    /// Short name used in feature strings.
    pub fn tag(self) -> &'static str {
        match self {
            Category::Country => "cty",
            Category::City => "city",
            Category::Demonym => "dem",
            Category::Organization => "org",
            Category::Outlet => "out",
            Category::Title => "ttl",
            Category::FirstName => "fn",
        }
    }
}

/// Position of a token inside a gazetteer match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazetteerHit {
    /// The list matched.
    pub category: Category,
    /// 'B', 'I', 'L' or 'U' (single token).
    pub position: char,
}

/// All shipped lists, keyed by lower-cased phrase (tokens joined by one space).
pub struct Gazetteer {
    phrases: HashMap<String, Category>,
    /// Lower-cased first word → most tokens of a phrase starting with it.
    first_words: HashMap<String, usize>,
    roles: HashSet<String>,
    saying_verbs: HashSet<String>,
    demonyms: HashSet<String>,
    titles: HashSet<String>,
    common: HashSet<String>,
    /// Different for every gazetteer and after every change to one, so that the tagger's
    /// per-thread cache of word features (which depend on the lists) never outlives them.
    version: u64,
}

/// A number never handed out before in this process.
pub(crate) fn fresh_version() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn entries(list: &str) -> impl Iterator<Item = &str> {
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn words(list: &str) -> HashSet<String> {
    entries(list).flat_map(|l| l.split_whitespace()).map(str::to_lowercase).collect()
}

/// The lower-cased key of a token sequence.
pub fn phrase_key(tokens: &[Token]) -> String {
    let mut key = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.extend(t.text.chars().flat_map(char::to_lowercase));
    }
    key
}

impl Gazetteer {
    /// Builds the gazetteer from the lists embedded at compile time.
    pub fn shipped() -> Self {
        let mut phrases = HashMap::new();
        let mut first_words: HashMap<String, usize> = HashMap::new();
        // Later lists win on conflicts: a title never shadows a country, an outlet is an outlet.
        let lists: [(&str, Category); 7] = [
            (include_str!("../data/first_names.txt"), Category::FirstName),
            (include_str!("../data/titles.txt"), Category::Title),
            (include_str!("../data/demonyms.txt"), Category::Demonym),
            (include_str!("../data/organizations.txt"), Category::Organization),
            (include_str!("../data/outlets.txt"), Category::Outlet),
            (include_str!("../data/cities.txt"), Category::City),
            (include_str!("../data/countries.txt"), Category::Country),
        ];
        for (list, category) in lists {
            let lines: Vec<&str> = if category == Category::FirstName {
                entries(list).flat_map(|l| l.split_whitespace()).collect()
            } else {
                entries(list).collect()
            };
            for line in lines {
                let toks = tokenize(line);
                if toks.is_empty() {
                    continue;
                }
                let first = first_words.entry(toks[0].text.to_lowercase()).or_default();
                *first = (*first).max(toks.len());
                phrases.insert(phrase_key(&toks), category);
            }
        }
        Gazetteer {
            phrases,
            first_words,
            roles: words(include_str!("../data/roles.txt")),
            saying_verbs: words(include_str!("../data/saying_verbs.txt")),
            demonyms: entries(include_str!("../data/demonyms.txt")).map(str::to_lowercase).collect(),
            titles: entries(include_str!("../data/titles.txt")).map(str::to_lowercase).collect(),
            common: entries(include_str!("../data/common_words.txt")).map(str::to_lowercase).collect(),
            version: fresh_version(),
        }
    }

    /// Identifies this gazetteer with its current lists (see [`fresh_version`]).
    pub(crate) fn version(&self) -> u64 {
        self.version
    }

    /// Longest-match hits for every token of a sentence (None where no list matches).
    pub fn hits(&self, tokens: &[Token]) -> Vec<Option<GazetteerHit>> {
        let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
        self.hits_lowered(tokens, &lower)
    }

    /// [`Gazetteer::hits`] given each token lower-cased (`str::to_lowercase`), as the tagger
    /// already has them.
    pub fn hits_lowered<S: AsRef<str>>(&self, tokens: &[Token], lower: &[S]) -> Vec<Option<GazetteerHit>> {
        let mut out = vec![None; tokens.len()];
        let mut i = 0;
        while i < tokens.len() {
            // Only words that open some phrase are looked up further.
            let max = lower.get(i).and_then(|w| self.first_words.get(w.as_ref())).copied().unwrap_or(0);
            let longest = (1..=max.min(tokens.len() - i))
                .rev()
                .find_map(|n| self.phrases.get(&phrase_key(&tokens[i..i + n])).map(|c| (n, *c)));
            match longest {
                Some((n, category)) => {
                    for (k, slot) in out[i..i + n].iter_mut().enumerate() {
                        let position = match (k, n) {
                            (_, 1) => 'U',
                            (0, _) => 'B',
                            (k, n) if k + 1 == n => 'L',
                            _ => 'I',
                        };
                        *slot = Some(GazetteerHit { category, position });
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The category of an exact phrase, if listed.
    pub fn lookup(&self, phrase: &str) -> Option<Category> {
        self.phrases.get(&phrase_key(&tokenize(phrase))).copied()
    }

    /// Whether a lower-cased word is usually written in lower case (from `data/common_words.txt`).
    pub fn is_common(&self, lower: &str) -> bool {
        self.common.contains(lower)
    }

    /// Replaces the common-word list (used by `train-ner`, which derives it).
    pub fn set_common_words(&mut self, words: HashSet<String>) {
        self.common = words;
        self.version = fresh_version();
    }

    /// Whether a lower-cased word is a role noun ("chancellor", "spokeswoman").
    pub fn is_role(&self, lower: &str) -> bool {
        self.roles.contains(lower)
    }

    /// Whether a lower-cased word is a verb of saying.
    pub fn is_saying_verb(&self, lower: &str) -> bool {
        self.saying_verbs.contains(lower)
    }

    /// Whether a lower-cased word or phrase is a demonym.
    pub fn is_demonym(&self, lower: &str) -> bool {
        self.demonyms.contains(lower)
    }

    /// Whether a lower-cased word or phrase is a title written before names.
    pub fn is_title(&self, lower: &str) -> bool {
        self.titles.contains(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins() {
        let g = Gazetteer::shipped();
        let toks = tokenize("the United States of America and New York City");
        let hits = g.hits(&toks);
        assert_eq!(hits[1].map(|h| (h.category, h.position)), Some((Category::Country, 'B')));
        assert_eq!(hits[4].map(|h| h.position), Some('L'));
        assert_eq!(hits[8].map(|h| (h.category, h.position)), Some((Category::City, 'L')));
        assert!(hits[5].is_none());
        assert!(g.is_role("chancellor") && g.is_saying_verb("said") && g.is_title("prime minister"));
    }
}
