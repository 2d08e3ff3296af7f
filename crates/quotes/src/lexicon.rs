//! Word lists of the extractor, read from the data files under `data/`.

use std::collections::{HashMap, HashSet};

use once_cell::sync::Lazy;

/// How a cue relates to its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// A verb of saying whose subject is the speaker.
    Speech,
    /// The speaker follows the cue ("according to X").
    According,
    /// Only right after a closing mark, speaker follows ("„…“, so Merkel").
    Post,
}

/// What a subject pronoun can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounClass {
    Male,
    Female,
    Plural,
    Neuter,
    /// "I", "we": the writer or the quoted person, never resolved to an entity.
    First,
}

/// One cue phrase: its words (lowercase) and kind.
#[derive(Debug, Clone)]
pub struct Cue {
    pub words: Vec<String>,
    pub kind: CueKind,
}

/// Every list, loaded once.
pub struct Lexicon {
    /// Cues by language code, longest phrases first.
    cues: HashMap<String, Vec<Cue>>,
    pronouns: HashMap<String, PronounClass>,
    pub roles: HashSet<String>,
    pub function_words: HashSet<String>,
    pub skip_words: HashSet<String>,
    /// Verbs that name something with the quoted words ("called it “a disaster”").
    pub naming: HashSet<String>,
    /// (canonical name, spelling) pairs of news outlets and agencies.
    pub outlets: Vec<(String, String)>,
}

fn data_lines(raw: &'static str) -> impl Iterator<Item = &'static str> {
    raw.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn word_set(raw: &'static str) -> HashSet<String> {
    data_lines(raw).map(|l| l.to_lowercase()).collect()
}

/// The shared lexicon.
pub static LEXICON: Lazy<Lexicon> = Lazy::new(|| {
    let mut cues: HashMap<String, Vec<Cue>> = HashMap::new();
    for line in data_lines(include_str!("../data/cues.tsv")) {
        let mut cols = line.split('\t');
        let (Some(lang), Some(phrase), Some(kind)) = (cols.next(), cols.next(), cols.next()) else { continue };
        let kind = match kind {
            "according" => CueKind::According,
            "post" => CueKind::Post,
            _ => CueKind::Speech,
        };
        let words = phrase.split(' ').map(str::to_string).collect();
        cues.entry(lang.to_string()).or_default().push(Cue { words, kind });
    }
    for list in cues.values_mut() {
        list.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
    }
    let mut pronouns = HashMap::new();
    for line in data_lines(include_str!("../data/pronouns.tsv")) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let class = match cols[2] {
            "male" => PronounClass::Male,
            "female" => PronounClass::Female,
            "plural" => PronounClass::Plural,
            "neuter" => PronounClass::Neuter,
            _ => PronounClass::First,
        };
        pronouns.insert(cols[1].to_string(), class);
    }
    let mut outlets = Vec::new();
    for line in data_lines(include_str!("../data/outlets.tsv")) {
        let mut cols = line.split('\t');
        let (Some(canonical), Some(spellings)) = (cols.next(), cols.next()) else { continue };
        for spelling in spellings.split('|') {
            outlets.push((canonical.to_string(), spelling.to_string()));
        }
    }
    Lexicon {
        cues,
        pronouns,
        roles: word_set(include_str!("../data/roles.txt")),
        function_words: word_set(include_str!("../data/function_words.txt")),
        skip_words: word_set(include_str!("../data/skip_words.txt")),
        naming: word_set(include_str!("../data/naming_cues.txt")),
        outlets,
    }
});

impl Lexicon {
    /// The cues to use for a language: its own list, English too for unknown languages
    /// (and for every language, since English cues appear in quoted material rarely enough).
    pub fn cues_for(&self, lang: &str) -> Vec<&Cue> {
        let lang = lang.split(['-', '_']).next().unwrap_or(lang).to_lowercase();
        let mut out: Vec<&Cue> = Vec::new();
        match self.cues.get(&lang) {
            Some(list) if lang != "en" => {
                out.extend(list.iter());
                out.extend(self.cues.get("en").into_iter().flatten());
            }
            Some(list) => out.extend(list.iter()),
            None => {
                // Unknown language: every cue except the ambiguous post-quote particles.
                out.extend(self.cues.values().flatten().filter(|c| c.kind != CueKind::Post));
            }
        }
        out.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        out
    }

    /// The class of a subject pronoun (lowercase form), if it is one.
    pub fn pronoun(&self, lower: &str) -> Option<PronounClass> {
        self.pronouns.get(lower).copied()
    }
}
