//! Story-level entities: one entity across the articles of a story, whatever its spelling.
//!
//! Every article entity becomes an item with a folded name (ASCII, lowercase, titles and
//! possessives stripped, aliases from `data/entity-aliases.txt` resolved). Items are merged in
//! three passes, each comparing only items that share a blocking key, so the work grows with
//! the number of items rather than its square:
//!
//! 1. full names: the same folded form, or the same number of words each equal up to
//!    transliteration (a consonant skeleton: Gaddafi / Qaddafi / Kadhafi) or a typo (edit
//!    distance: Erdogan / Erdoan), or a person's name with and without a middle name;
//! 2. short forms: a surname ("Merkel"), the head of an organisation's name ("Boeing"), or an
//!    acronym ("EU", the initials of "European Union") joins the one fuller name it fits; when
//!    several fit ("Bush": Jeb Bush, George W. Bush), the one whose articles share the most
//!    co-occurring entities and description words, and none on a tie;
//! 3. short forms that fit no fuller name merge by folded form.
//!
//! A merge is refused when it would put two people with different first names (or middle
//! initials) under one surname together, or two different kinds together (`other` joins any).

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use model::{Doc, Entity, EntityKind, StoryEntity};

/// Story-level entities: the same entity across articles and spellings merged.
#[derive(Debug, Clone, Default)]
pub struct EntityMerge {
    /// (article id, article entity id) → index into `entities`.
    by_member: HashMap<(String, String), usize>,
    /// Story entity id → index into `entities`.
    by_id: HashMap<String, usize>,
    entities: Vec<StoryEntity>,
}

impl EntityMerge {
    /// The story entity id of an article's entity, when the article and entity are known.
    pub fn story_entity(&self, article: &str, entity: &str) -> Option<&str> {
        self.by_member
            .get(&(article.to_string(), entity.to_string()))
            .map(|&i| self.entities[i].id.as_str())
    }

    /// The merged entities, in order of first appearance (article order, then entity order).
    pub fn entities(&self) -> &[StoryEntity] {
        &self.entities
    }

    /// The canonical name of a story entity.
    pub fn name(&self, story_entity: &str) -> Option<&str> {
        self.by_id
            .get(story_entity)
            .map(|&i| self.entities[i].name.as_str())
    }
}

/// Merges the entities of a story's documents (given in article order).
pub fn merge_entities(docs: &[&Doc]) -> EntityMerge {
    let items: Vec<Item> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| doc.entities.iter().map(move |e| Item::new(d, e)))
        .collect();
    let context = contexts(&items);
    let mut clusters = Clusters::new(&items);

    // Distinct written forms (folded name and kind): names are compared once per form, not
    // once per mention, so a name repeated in every article costs no more than once.
    let mut form_of: Vec<usize> = Vec::with_capacity(items.len());
    let mut representative: Vec<usize> = Vec::new();
    let mut form_index: HashMap<(&str, EntityKind, NameClass), usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let f = *form_index
            .entry((it.key.as_str(), it.kind, it.class))
            .or_insert_with(|| {
                representative.push(i);
                representative.len() - 1
            });
        form_of.push(f);
    }
    // Which forms are a short form of a fuller name in the story.
    let by_head = block_index(&items, &representative);
    let fuller: Vec<Vec<usize>> = representative
        .iter()
        .map(|&r| fuller_names(&items, r, &by_head))
        .collect();
    let partial: Vec<bool> = items
        .iter()
        .enumerate()
        .map(|(i, it)| !fuller[form_of[i]].is_empty() || it.is_acronym)
        .collect();

    // Pass 1: full names, by folded form, then by transliteration/typo equivalence.
    let mut by_key: HashMap<(&str, KindClass), usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        if it.class == NameClass::Pronoun || partial[i] {
            continue;
        }
        match by_key.get(&(it.key.as_str(), it.kind_class())) {
            Some(&j) => {
                clusters.union(j, i, &items);
            }
            None => {
                by_key.insert((it.key.as_str(), it.kind_class()), i);
            }
        }
    }
    for &i in &representative {
        let it = &items[i];
        if it.class != NameClass::Proper || partial[i] {
            continue;
        }
        for j in candidates(&by_head, it.head_token()) {
            if j < i
                && !partial[j]
                && items[j].class == NameClass::Proper
                && equivalent(it, &items[j])
            {
                clusters.union(j, i, &items);
            }
        }
    }

    // Pass 2: short forms and acronyms join the one fuller name they fit.
    let by_acronym: HashMap<&str, Vec<usize>> = items
        .iter()
        .enumerate()
        .filter(|(i, it)| !partial[*i] && it.initials.is_some())
        .fold(HashMap::new(), |mut m, (i, it)| {
            m.entry(it.initials.as_deref().unwrap_or_default())
                .or_default()
                .push(i);
            m
        });
    let mut unattached = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if !partial[i] || it.class != NameClass::Proper {
            continue;
        }
        let mut fits = fuller[form_of[i]].clone();
        if it.is_acronym {
            fits.extend(
                by_acronym
                    .get(it.key.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&j| kinds_compatible(it.kind, items[j].kind)),
            );
        }
        let targets: BTreeSet<usize> = fits.iter().map(|&j| clusters.find(j)).collect();
        let chosen = match targets.len() {
            0 => None,
            1 => targets.first().copied(),
            _ => best_by_context(i, &targets, &clusters, &context),
        };
        match chosen {
            Some(t) if clusters.union(t, i, &items) => {}
            _ => unattached.push(i),
        }
    }

    // Pass 3: short forms that fit no single fuller name merge among themselves by form.
    let mut by_short_key: HashMap<(&str, KindClass), usize> = HashMap::new();
    for i in unattached {
        let it = &items[i];
        match by_short_key.get(&(it.key.as_str(), it.kind_class())) {
            Some(&j) => {
                clusters.union(j, i, &items);
            }
            None => {
                by_short_key.insert((it.key.as_str(), it.kind_class()), i);
            }
        }
    }

    build(docs, &items, &mut clusters)
}

/// How a name is written: it decides how freely it may merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NameClass {
    /// "he", "they": refers to something only inside its article; never merged.
    Pronoun,
    /// A lowercase description ("the actress"): merged only with the same words.
    Nominal,
    /// A capitalised name (or a name in a script without case).
    Proper,
}

/// Kinds that may share a folded-form bucket: `other` is kept apart from the kinds of
/// pass 1 keys so that an uncertain item does not pull two kinds together there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum KindClass {
    Known(EntityKind),
    Uncertain,
}

/// One article entity, with its name folded for comparison.
struct Item<'a> {
    doc: usize,
    entity: &'a Entity,
    kind: EntityKind,
    class: NameClass,
    /// Folded words of the name, titles stripped; a place's name stops at its first comma.
    tokens: Vec<String>,
    /// The folded name with aliases resolved: equal keys name the same entity.
    key: String,
    /// The initials of a name of several words ("eu" for European Union).
    initials: Option<String>,
    /// Written as an acronym ("EU", "U.S."): looked up among the initials of fuller names.
    is_acronym: bool,
    weight: usize,
}

impl<'a> Item<'a> {
    fn new(doc: usize, entity: &'a Entity) -> Item<'a> {
        let name = if entity.kind == EntityKind::Place {
            entity.name.split(',').next().unwrap_or("")
        } else {
            entity.name.as_str()
        };
        let class = name_class(name);
        let mut tokens = fold_words(name);
        strip_leading(&mut tokens, class);
        let joined = tokens.join(" ");
        let key = match class {
            NameClass::Proper => aliases().get(joined.as_str()).cloned().unwrap_or(joined),
            _ => joined,
        };
        let is_acronym = class == NameClass::Proper
            && tokens.len() == 1
            && written_as_acronym(name)
            && !aliases().contains_key(tokens[0].as_str());
        let initials = (class == NameClass::Proper && tokens.len() >= 2)
            .then(|| initials(&tokens))
            .flatten();
        Item {
            doc,
            entity,
            kind: entity.kind,
            class,
            tokens,
            key,
            initials,
            is_acronym,
            weight: entity.mentions.len().max(1),
        }
    }

    fn kind_class(&self) -> KindClass {
        match self.kind {
            EntityKind::Other => KindClass::Uncertain,
            k => KindClass::Known(k),
        }
    }

    /// The word a short form shares with its full name: a person's surname, else the first word.
    fn head_token(&self) -> &str {
        let t = if self.kind == EntityKind::Person {
            self.tokens.last()
        } else {
            self.tokens.first()
        };
        t.map(String::as_str).unwrap_or("")
    }
}

fn name_class(name: &str) -> NameClass {
    let words: Vec<&str> = name.split_whitespace().collect();
    let has_letters = name.chars().any(char::is_alphabetic);
    if !has_letters {
        return NameClass::Pronoun;
    }
    if words.len() == 1 {
        let w = words[0];
        let all_caps = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase);
        if !all_caps && PRONOUNS.contains(&deunicode::deunicode(w).to_lowercase().as_str()) {
            return NameClass::Pronoun;
        }
    }
    let cased = name.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    let capitalised = words
        .iter()
        .filter(|w| !DETERMINERS.contains(&w.to_lowercase().as_str()))
        .any(|w| w.chars().any(char::is_uppercase));
    if capitalised || !cased {
        NameClass::Proper
    } else {
        NameClass::Nominal
    }
}

/// Words that stand for an entity without naming it (English, German, French, Spanish).
const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "we",
    "us",
    "our",
    "you",
    "your",
    "he",
    "him",
    "his",
    "she",
    "her",
    "hers",
    "it",
    "its",
    "they",
    "them",
    "their",
    "theirs",
    "who",
    "whom",
    "whose",
    "this",
    "that",
    "these",
    "those",
    "himself",
    "herself",
    "itself",
    "themselves",
    "one",
    "er",
    "sie",
    "es",
    "ihn",
    "ihm",
    "ihr",
    "il",
    "elle",
    "ils",
    "elles",
    "lui",
    "leur",
    "el",
    "ella",
    "ellos",
    "ellas",
];

/// Words before a noun that do not distinguish it.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "der",
    "die", "das", "le", "la", "les", "el", "los", "las",
];

/// ASCII-folded, lowercase words; possessive `'s` dropped, dots and apostrophes removed inside
/// words ("U.S." → "us", "O'Brien" → "obrien"), other punctuation separates words.
fn fold_words(name: &str) -> Vec<String> {
    let ascii = deunicode::deunicode(name);
    let mut out = Vec::new();
    for raw in ascii.split_whitespace() {
        let lower = raw.to_lowercase();
        let trimmed = lower.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        let word = trimmed
            .strip_suffix("'s")
            .or_else(|| trimmed.strip_suffix('\''))
            .unwrap_or(trimmed);
        let cleaned: String = word
            .chars()
            .filter(|&c| c != '.' && c != '\'')
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        out.extend(cleaned.split_whitespace().map(String::from));
    }
    out
}

/// Drops leading determiners and, before a name, titles ("President", "Mr").
fn strip_leading(tokens: &mut Vec<String>, class: NameClass) {
    while tokens.len() > 1 && DETERMINERS.contains(&tokens[0].as_str()) {
        tokens.remove(0);
    }
    if class != NameClass::Proper {
        return;
    }
    loop {
        let two = (tokens.len() > 2).then(|| format!("{} {}", tokens[0], tokens[1]));
        if two.is_some_and(|t| titles().contains(t.as_str())) {
            tokens.drain(..2);
        } else if tokens.len() > 1 && titles().contains(tokens[0].as_str()) {
            tokens.remove(0);
        } else {
            break;
        }
    }
}

/// "EU", "U.S.", "NATO": two to six letters, all capitals.
fn written_as_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    (2..=6).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && !name.trim().contains(' ')
}

/// Initials of the words that carry meaning ("United States of America" → "usa").
fn initials(tokens: &[String]) -> Option<String> {
    let s: String = tokens
        .iter()
        .filter(|t| !ACRONYM_SKIP.contains(&t.as_str()))
        .filter_map(|t| t.chars().next())
        .collect();
    (s.chars().count() >= 2).then_some(s)
}

const ACRONYM_SKIP: &[&str] = &[
    "of", "the", "and", "for", "de", "la", "du", "des", "der", "und", "et", "y", "del",
];

fn titles() -> &'static BTreeSet<String> {
    static TITLES: OnceLock<BTreeSet<String>> = OnceLock::new();
    TITLES.get_or_init(|| {
        data_lines(include_str!("../data/entity-titles.txt"))
            .map(|l| fold_words(l).join(" "))
            .collect()
    })
}

/// Folded alias → folded canonical name.
fn aliases() -> &'static HashMap<String, String> {
    static ALIASES: OnceLock<HashMap<String, String>> = OnceLock::new();
    ALIASES.get_or_init(|| {
        let mut map = HashMap::new();
        for line in data_lines(include_str!("../data/entity-aliases.txt")) {
            let mut names = line
                .split('|')
                .map(|n| fold_words(n).join(" "))
                .filter(|n| !n.is_empty());
            let Some(canonical) = names.next() else {
                continue;
            };
            for alias in names {
                map.entry(alias).or_insert_with(|| canonical.clone());
            }
        }
        map
    })
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A consonant skeleton that spelling variants of a transliterated name share: letters that
/// stand for one sound in different romanisations are mapped to one, `h` after a consonant and
/// vowels after the first letter are dropped, doubled letters collapse.
/// Gaddafi, Qaddafi, Kadhafi, Gadhafi → "kdf".
fn skeleton(word: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = word.chars().collect();
    let mut prev: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let mapped = match c {
            'q' | 'c' | 'g' | 'k' => 'k',
            'z' => 's',
            'v' | 'w' => 'v',
            'j' => 'j',
            'y' => 'i',
            'p' if chars.get(i + 1) == Some(&'h') => 'f',
            'h' if i > 0 => continue,
            c => c,
        };
        let vowel = matches!(mapped, 'a' | 'e' | 'i' | 'o' | 'u');
        if vowel && i > 0 {
            prev = Some(mapped);
            continue;
        }
        let mapped = if vowel { 'a' } else { mapped };
        if prev != Some(mapped) || out.is_empty() {
            out.push(mapped);
        }
        prev = Some(mapped);
    }
    out
}

/// Two folded words that spell one name: equal, the same skeleton (long enough not to be
/// chance), or one typo apart (longer words may be two apart).
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shorter = la.min(lb);
    if shorter >= 5
        && a.chars().next().map(first_class) == b.chars().next().map(first_class)
        && skeleton(a) == skeleton(b)
    {
        return true;
    }
    let distance = strsim::damerau_levenshtein(a, b);
    (shorter >= 6 && distance <= 1) || (shorter >= 9 && distance <= 2)
}

fn first_class(c: char) -> char {
    match c {
        'q' | 'c' | 'g' | 'k' => 'k',
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' => 'a',
        c => c,
    }
}

/// Block keys of a word: its skeleton and its first three letters (a typo rarely hits both).
fn block_keys(word: &str) -> [String; 2] {
    [
        format!("s:{}", skeleton(word)),
        format!("p:{}", word.chars().take(3).collect::<String>()),
    ]
}

type BlockIndex = HashMap<String, Vec<usize>>;

/// The given items by the block keys of their head word.
fn block_index(items: &[Item], which: &[usize]) -> BlockIndex {
    let mut index: BlockIndex = HashMap::new();
    for &i in which {
        let it = &items[i];
        if it.class != NameClass::Proper || it.tokens.is_empty() {
            continue;
        }
        for k in block_keys(it.head_token()) {
            index.entry(k).or_default().push(i);
        }
    }
    index
}

/// Items sharing a block key with this word, each once, in item order; large blocks are cut
/// at a fixed size to keep the work near-linear.
fn candidates(index: &BlockIndex, word: &str) -> Vec<usize> {
    const MAX_BLOCK: usize = 400;
    let mut out: BTreeSet<usize> = BTreeSet::new();
    for k in block_keys(word) {
        out.extend(index.get(&k).into_iter().flatten().take(MAX_BLOCK));
    }
    out.into_iter().collect()
}

fn kinds_compatible(a: EntityKind, b: EntityKind) -> bool {
    a == b || a == EntityKind::Other || b == EntityKind::Other
}

/// Same number of words, each the same up to spelling; or one person with and without a
/// middle name ("George Bush", "George W. Bush").
fn equivalent(a: &Item, b: &Item) -> bool {
    if !kinds_compatible(a.kind, b.kind) {
        return false;
    }
    if a.tokens.len() == b.tokens.len()
        && a.tokens.iter().zip(&b.tokens).all(|(x, y)| same_word(x, y))
    {
        return true;
    }
    let person = a.kind == EntityKind::Person || b.kind == EntityKind::Person;
    person
        && a.tokens.len() >= 2
        && b.tokens.len() >= 2
        && same_person_parts(&a.tokens, &b.tokens) == Some(true)
}

/// For two full person names with the same surname: whether first names and middle initials
/// agree (`Some(true)`), conflict (`Some(false)`); `None` when the surnames differ.
fn same_person_parts(a: &[String], b: &[String]) -> Option<bool> {
    let (fa, la) = (a.first()?, a.last()?);
    let (fb, lb) = (b.first()?, b.last()?);
    if !same_word(la, lb) {
        return None;
    }
    let first_ok = same_word(fa, fb)
        || (fa.chars().count() == 1 && fb.starts_with(fa.as_str()))
        || (fb.chars().count() == 1 && fa.starts_with(fb.as_str()));
    let middle = |t: &[String]| -> BTreeSet<char> {
        t.get(1..t.len().saturating_sub(1))
            .unwrap_or_default()
            .iter()
            .filter_map(|w| w.chars().next())
            .collect()
    };
    let (ma, mb) = (middle(a), middle(b));
    let middle_ok = ma.is_empty() || mb.is_empty() || ma == mb;
    Some(first_ok && middle_ok)
}

/// Items whose name is a fuller form of item `i`'s: a person's surname (with any given names it
/// has) at the end, or an organisation's or place's first words at the start, with more words.
fn fuller_names(items: &[Item], i: usize, by_head: &BlockIndex) -> Vec<usize> {
    let it = &items[i];
    if it.class != NameClass::Proper || it.tokens.is_empty() {
        return Vec::new();
    }
    candidates(by_head, it.head_token())
        .into_iter()
        .filter(|&j| {
            let full = &items[j];
            j != i
                && full.tokens.len() > it.tokens.len()
                && kinds_compatible(it.kind, full.kind)
                && full.key != it.key
                && if it.kind == EntityKind::Person || full.kind == EntityKind::Person {
                    let offset = full.tokens.len() - it.tokens.len();
                    it.tokens
                        .iter()
                        .zip(&full.tokens[offset..])
                        .all(|(x, y)| same_word(x, y))
                } else {
                    it.tokens
                        .iter()
                        .zip(&full.tokens)
                        .all(|(x, y)| same_word(x, y))
                }
        })
        .collect()
}

/// For each item: the folded keys of the other entities of its article, and its description
/// words, as sorted ids of one vocabulary (comparing contexts then compares integers, and an
/// article's keys are not copied once per entity of it).
fn contexts(items: &[Item]) -> Vec<Vec<u32>> {
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let mut id = |word: String| {
        let next = vocabulary.len() as u32;
        *vocabulary.entry(word).or_insert(next)
    };
    let keys: Vec<u32> = items.iter().map(|it| id(it.key.clone())).collect();
    let mut by_doc: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        by_doc.entry(it.doc).or_default().push(i);
    }
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let mut set: Vec<u32> = by_doc[&it.doc]
                .iter()
                .filter(|&&j| j != i && items[j].class == NameClass::Proper && keys[j] != keys[i])
                .map(|&j| keys[j])
                .collect();
            for d in &it.entity.descriptions {
                set.extend(fold_words(d).into_iter().filter(|w| w.len() >= 4).map(|w| id(format!("d:{w}"))));
            }
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect()
}

/// The candidate cluster whose members share the most context with item `i`, when one wins alone.
fn best_by_context(i: usize, targets: &BTreeSet<usize>, clusters: &Clusters, context: &[Vec<u32>]) -> Option<usize> {
    let mine = &context[i];
    if mine.is_empty() {
        return None;
    }
    // Which of item `i`'s context words some member of the target cluster also has.
    let mut shared = vec![false; mine.len()];
    let mut scored: Vec<(usize, usize)> = targets
        .iter()
        .map(|&t| {
            shared.fill(false);
            let mut count = 0;
            'members: for &m in clusters.members(t) {
                for word in &context[m] {
                    if let Ok(k) = mine.binary_search(word) {
                        if !shared[k] {
                            shared[k] = true;
                            count += 1;
                            if count == mine.len() {
                                break 'members;
                            }
                        }
                    }
                }
            }
            (count, t)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    match scored.as_slice() {
        [(best, t), rest @ ..] if *best > 0 && rest.first().is_none_or(|(s, _)| s < best) => Some(*t),
        _ => None,
    }
}

/// Union–find over items, refusing merges that would join two kinds or two different people.
struct Clusters {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Clusters {
    fn new(items: &[Item]) -> Clusters {
        Clusters {
            parent: (0..items.len()).collect(),
            members: (0..items.len()).map(|i| vec![i]).collect(),
        }
    }

    fn find(&self, mut i: usize) -> usize {
        while self.parent[i] != i {
            i = self.parent[i];
        }
        i
    }

    fn members(&self, root: usize) -> &[usize] {
        &self.members[root]
    }

    /// Joins the clusters of `a` and `b` unless that would join incompatible items; true when
    /// they are (now) one cluster.
    fn union(&mut self, a: usize, b: usize, items: &[Item]) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if !self.compatible(ra, rb, items) {
            return false;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep;
        let moved = std::mem::take(&mut self.members[gone]);
        self.members[keep].extend(moved);
        true
    }

    fn compatible(&self, ra: usize, rb: usize, items: &[Item]) -> bool {
        let kinds = |r: usize| -> BTreeSet<EntityKind> {
            self.members[r]
                .iter()
                .map(|&m| items[m].kind)
                .filter(|&k| k != EntityKind::Other)
                .collect()
        };
        let (ka, kb) = (kinds(ra), kinds(rb));
        if !ka.is_empty() && !kb.is_empty() && ka != kb {
            return false;
        }
        let people = |r: usize| -> BTreeSet<&[String]> {
            self.members[r]
                .iter()
                .map(|&m| &items[m])
                .filter(|it| it.kind == EntityKind::Person && it.tokens.len() >= 2)
                .map(|it| it.tokens.as_slice())
                .collect()
        };
        let (pa, pb) = (people(ra), people(rb));
        pa.iter()
            .all(|x| pb.iter().all(|y| same_person_parts(x, y) != Some(false)))
    }
}

/// The story entities of the final clusters, in order of first appearance.
fn build(docs: &[&Doc], items: &[Item], clusters: &mut Clusters) -> EntityMerge {
    let mut root_index: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..items.len() {
        let r = clusters.find(i);
        let g = *root_index.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    let mut merge = EntityMerge::default();
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    for group in groups {
        let kind = majority_kind(items, &group);
        let name = canonical_name(items, &group);
        let mut id = model::stable_id("n", &[&format!("{kind:?}"), &name]);
        let mut n = 1;
        while used_ids.contains(&id) {
            n += 1;
            id = model::stable_id("n", &[&format!("{kind:?}"), &name, &n.to_string()]);
        }
        used_ids.insert(id.clone());
        let mut entity = StoryEntity {
            id,
            name,
            kind,
            variants: Vec::new(),
            descriptions: Vec::new(),
            mentions: 0,
            articles: Vec::new(),
        };
        for &m in &group {
            let it = &items[m];
            let article = &docs[it.doc].article.id;
            push_unique(&mut entity.variants, &it.entity.name);
            for v in &it.entity.variants {
                push_unique(&mut entity.variants, v);
            }
            for d in &it.entity.descriptions {
                push_unique(&mut entity.descriptions, d);
            }
            entity.mentions += it.entity.mentions.len();
            push_unique(&mut entity.articles, article);
            merge.by_member.insert(
                (article.clone(), it.entity.id.clone()),
                merge.entities.len(),
            );
        }
        merge.by_id.insert(entity.id.clone(), merge.entities.len());
        merge.entities.push(entity);
    }
    merge
}

fn majority_kind(items: &[Item], group: &[usize]) -> EntityKind {
    let mut weight: HashMap<EntityKind, usize> = HashMap::new();
    for &m in group {
        if items[m].kind != EntityKind::Other {
            *weight.entry(items[m].kind).or_default() += items[m].weight;
        }
    }
    weight
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
        .unwrap_or(EntityKind::Other)
}

/// The fullest common form: the most words (names before pronouns and descriptions), then the
/// most mentions, then the alphabetically first.
fn canonical_name(items: &[Item], group: &[usize]) -> String {
    let mut weight: HashMap<&str, (usize, usize, u8)> = HashMap::new();
    for &m in group {
        let it = &items[m];
        let rank = match it.class {
            NameClass::Proper => 2,
            NameClass::Nominal => 1,
            NameClass::Pronoun => 0,
        };
        let e = weight
            .entry(it.entity.name.as_str())
            .or_insert((it.tokens.len(), 0, rank));
        e.1 += it.weight;
    }
    weight
        .into_iter()
        .max_by(|a, b| {
            (a.1 .2, a.1 .0, a.1 .1)
                .cmp(&(b.1 .2, b.1 .0, b.1 .1))
                .then(b.0.cmp(a.0))
        })
        .map(|(n, _)| n.to_string())
        .unwrap_or_default()
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Article, Mention, Span};

    /// A document whose entities are given as (name, kind); each has one mention.
    fn doc(id: &str, entities: &[(&str, EntityKind)]) -> Doc {
        let text: String = entities.iter().map(|(n, _)| format!("{n}. ")).collect();
        let mut d = Doc {
            article: Article {
                id: id.into(),
                text,
                language: "en".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        for (i, (name, kind)) in entities.iter().enumerate() {
            d.mentions.push(Mention {
                span: Span::new(0, 1),
                text: name.to_string(),
                kind: *kind,
                entity: i,
                sentence: 0,
                nominal: false,
            });
            d.entities.push(Entity {
                id: format!("e{i}"),
                name: name.to_string(),
                kind: *kind,
                variants: vec![name.to_string()],
                descriptions: Vec::new(),
                mentions: vec![i],
            });
        }
        d
    }

    fn same(m: &EntityMerge, a: (&str, &str), b: (&str, &str)) -> bool {
        let x = m.story_entity(a.0, a.1).expect("known entity");
        let y = m.story_entity(b.0, b.1).expect("known entity");
        x == y
    }

    use EntityKind::*;

    #[test]
    fn transliterations_merge() {
        let docs = [
            doc("a", &[("Muammar Gaddafi", Person)]),
            doc("b", &[("Qaddafi", Person)]),
            doc("c", &[("Kadhafi", Person)]),
            doc("d", &[("Moammar Gadhafi", Person)]),
        ];
        let refs: Vec<&Doc> = docs.iter().collect();
        let m = merge_entities(&refs);
        assert_eq!(m.entities().len(), 1, "{:?}", m.entities());
        assert_eq!(m.entities()[0].articles.len(), 4);
        assert_eq!(skeleton("gaddafi"), skeleton("kadhafi"));
    }

    #[test]
    fn typos_and_diacritics_merge() {
        let docs = [
            doc("a", &[("Recep Tayyip Erdoğan", Person)]),
            doc("b", &[("Erdoan", Person)]),
            doc("c", &[("Erdogan", Person)]),
        ];
        let refs: Vec<&Doc> = docs.iter().collect();
        let m = merge_entities(&refs);
        assert_eq!(m.entities().len(), 1, "{:?}", m.entities());
        assert_eq!(m.entities()[0].name, "Recep Tayyip Erdoğan");
    }

    #[test]
    fn abbreviations_and_aliases_merge() {
        let docs = [
            doc("a", &[("U.S.", Place), ("European Union", Organization)]),
            doc("b", &[("United States", Place), ("EU", Organization)]),
            doc("c", &[("USA", Place), ("US", Place)]),
        ];
        let refs: Vec<&Doc> = docs.iter().collect();
        let m = merge_entities(&refs);
        assert!(same(&m, ("a", "e0"), ("b", "e0")));
        assert!(same(&m, ("a", "e0"), ("c", "e0")));
        assert!(same(&m, ("a", "e0"), ("c", "e1")));
        assert!(same(&m, ("a", "e1"), ("b", "e1")));
        assert!(!same(&m, ("a", "e0"), ("a", "e1")));
    }

    #[test]
    fn short_and_titled_names_join_the_full_name() {
        let docs = [
            doc("a", &[("Angela Merkel", Person)]),
            doc("b", &[("Merkel", Person)]),
            doc(
                "c",
                &[("Mr. Obama", Person), ("Chancellor Merkel's", Person)],
            ),
            doc("d", &[("Barack Obama", Person)]),
        ];
        let refs: Vec<&Doc> = docs.iter().collect();
        let m = merge_entities(&refs);
        assert!(same(&m, ("a", "e0"), ("b", "e0")));
        assert!(same(&m, ("a", "e0"), ("c", "e1")));
        assert!(same(&m, ("c", "e0"), ("d", "e0")));
        assert_eq!(m.entities().len(), 2);
        let merkel = m.story_entity("b", "e0").and_then(|id| m.name(id));
        assert_eq!(merkel, Some("Angela Merkel"));
    }

    #[test]
    fn people_sharing_a_surname_stay_apart() {
        let docs = [
            doc("a", &[("Jeb Bush", Person), ("Florida", Place)]),
            doc("b", &[("George W. Bush", Person), ("Iraq", Place)]),
            doc("c", &[("Bush", Person), ("Florida", Place)]),
            doc("d", &[("George Bush", Person)]),
            doc("e", &[("Bush", Person)]),
        ];
        let refs: Vec<&Doc> = docs.iter().collect();
        let m = merge_entities(&refs);
        assert!(!same(&m, ("a", "e0"), ("b", "e0")));
        // The context (Florida) says which Bush.
        assert!(same(&m, ("a", "e0"), ("c", "e0")));
        assert!(same(&m, ("b", "e0"), ("d", "e0")));
        // No context: ambiguous, joins neither.
        assert!(!same(&m, ("e", "e0"), ("a", "e0")));
        assert!(!same(&m, ("e", "e0"), ("b", "e0")));
    }

    #[test]
    fn kinds_must_agree_and_pronouns_never_merge() {
        let docs = [
            doc("a", &[("Jordan", Person), ("he", Person)]),
            doc("b", &[("Jordan", Place), ("he", Person), ("Jordan", Other)]),
        ];
        let refs: Vec<&Doc> = docs.iter().collect();
        let m = merge_entities(&refs);
        assert!(!same(&m, ("a", "e0"), ("b", "e0")));
        assert!(!same(&m, ("a", "e1"), ("b", "e1")));
        assert_eq!(m.entities().len(), 4, "{:?}", m.entities());
    }

    #[test]
    fn odd_input_does_not_panic() {
        let docs = [
            doc(
                "a",
                &[
                    ("", Other),
                    ("'s", Person),
                    ("...", Place),
                    ("習近平", Person),
                    ("Ä.Ö.", Organization),
                ],
            ),
            doc("b", &[("習近平", Person), ("Mr", Person)]),
        ];
        let refs: Vec<&Doc> = docs.iter().collect();
        let m = merge_entities(&refs);
        assert!(same(&m, ("a", "e3"), ("b", "e0")));
        assert!(merge_entities(&[]).entities().is_empty());
    }
}
