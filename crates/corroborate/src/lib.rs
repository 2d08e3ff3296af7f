//! Across articles: which articles tell the same story, and the story's
//! merged account (entities, timeline, quotes, figures, citations).
//!
//! Story grouping is incremental ([`StoryIndex::assign`]): an article joins
//! the most similar existing story or opens a new one, so a stored corpus
//! grows without recomputing it, and `ingest` followed by `report` gives the
//! same stories as one `analyze` over the same inputs in the same order.

mod account;
mod derivation;
pub mod near_dup;
pub mod entities;
mod profile;
pub mod quotes;

pub use account::build_story;
pub use derivation::{derivations, DerivationParams};
pub use profile::Profile;

use std::collections::{BTreeSet, HashMap, HashSet};

use model::{Doc, Embedding};

/// How readily articles join stories.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryParams {
    /// Minimum similarity between an article and a story for the article to join it.
    pub join_threshold: f32,
    /// Articles published further apart than this many days (when both dates are known) never join.
    pub max_days_apart: i64,
    /// Share of the multilingual embedding cosine in the similarity of an article to a story
    /// in its own language, beside the lexical profile cosine. Tuned to 0 on ECB+: articles on
    /// two different events of one kind (two earthquakes) are as close in embedding space as
    /// two articles on one event, so within a language the lexical profile decides alone.
    pub embedding_weight: f32,
    /// Embedding cosine at which an article in a language the story has no article in counts
    /// as similar as the join threshold: across languages the lexical profile shares little
    /// more than names and dates, so the multilingual embedding decides.
    pub translation_threshold: f32,
    /// How many of an article's heaviest terms it is indexed and looked up under: stories that
    /// share none of them with the article are not compared at all.
    pub candidate_terms: usize,
}

impl Default for StoryParams {
    /// Tuned on ECB+ topics 1–35 (`eval-stories`); see docs/eval/stories.md.
    fn default() -> Self {
        StoryParams {
            join_threshold: 0.2,
            max_days_apart: 14,
            embedding_weight: 0.0,
            translation_threshold: 0.6,
            candidate_terms: 24,
        }
    }
}

/// Posting lists longer than this are read from their most recent end only: a term
/// shared by thousands of stories says little, and the stories that matter are recent.
const MAX_POSTINGS_READ: usize = 4096;

/// The running sum of a story's unit embeddings, kept as a quantised direction and a norm.
#[derive(Clone, Default)]
struct Centroid {
    direction: Embedding,
    norm: f32,
}

impl Centroid {
    fn absorb(&mut self, embedding: &Embedding) {
        let unit = embedding.unit();
        if unit.is_empty() {
            return;
        }
        let current = self.direction.unit();
        let sum: Vec<f32> = if current.len() == unit.len() {
            current.iter().zip(&unit).map(|(c, u)| c * self.norm + u).collect()
        } else {
            unit
        };
        self.norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt();
        self.direction = Embedding::quantize(&sum);
    }
}

#[derive(Clone)]
struct StoryState {
    id: String,
    profile: Profile,
    /// Distinct publication days (days since the epoch) of the articles in the story.
    days: BTreeSet<i64>,
    centroid: Centroid,
    /// Languages of the articles in the story.
    languages: Vec<String>,
    /// Ids of the terms this story is listed under in the index.
    indexed: HashSet<u32>,
}

/// What one article brings to story assignment, computed once.
struct Signals {
    profile: Profile,
    /// The heaviest terms of the profile, the keys of the index.
    top_terms: Vec<String>,
    day: Option<i64>,
    embedding: Option<Embedding>,
    language: String,
}

impl Signals {
    fn of(doc: &Doc, candidate_terms: usize) -> Signals {
        let profile = Profile::of(doc);
        Signals {
            top_terms: profile.top_terms(candidate_terms).into_iter().map(String::from).collect(),
            profile,
            day: publication_day(doc),
            embedding: doc.embedding.clone(),
            language: doc.article.language.clone(),
        }
    }
}

/// The stories so far, each with its running profile, and an inverted index from
/// heavy terms to the stories that carry them, so that assignment compares an article
/// with the few stories that share its main terms rather than with every story.
#[derive(Default)]
pub struct StoryIndex {
    params: StoryParams,
    stories: Vec<StoryState>,
    by_id: HashMap<String, usize>,
    term_ids: HashMap<String, u32>,
    /// Term id → stories listed under it, in the order they were listed.
    postings: Vec<Vec<u32>>,
    /// Article–story similarities computed so far (what candidate retrieval saves).
    compared: u64,
    /// Open between [`StoryIndex::begin`] and [`StoryIndex::commit`] or [`StoryIndex::rollback`].
    journal: Option<Journal>,
}

/// What assignments changed since [`StoryIndex::begin`], so that a batch whose storing
/// failed can be taken back out of the index.
struct Journal {
    stories: usize,
    terms: usize,
    compared: u64,
    /// The earlier state of each story that existed at `begin` and changed since, saved once.
    saved: HashMap<usize, StoryState>,
}

impl StoryIndex {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_params(params: StoryParams) -> Self {
        StoryIndex { params, ..Self::default() }
    }

    /// Number of stories.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// How many article–story similarities assignment has computed so far.
    pub fn compared(&self) -> u64 {
        self.compared
    }

    /// Puts an article in a story: the best-matching existing one above the threshold, else a new one.
    /// Returns the story id.
    pub fn assign(&mut self, doc: &Doc) -> String {
        let signals = Signals::of(doc, self.params.candidate_terms);
        let candidates: Vec<usize> = self
            .candidates(&signals)
            .into_iter()
            .filter(|&i| within_days(signals.day, &self.stories[i].days, self.params.max_days_apart))
            .collect();
        self.compared += candidates.len() as u64;
        let best = candidates
            .into_iter()
            .map(|i| (i, self.similarity(&signals, &self.stories[i])))
            .filter(|&(_, sim)| sim >= self.params.join_threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((i, _)) => {
                self.absorb(i, signals);
                self.stories[i].id.clone()
            }
            None => {
                let id = model::stable_id("s", &[&doc.article.id]);
                self.open(id.clone(), signals);
                id
            }
        }
    }

    /// Starts recording assignments so that [`StoryIndex::rollback`] can undo them (a batch
    /// is assigned before it is stored, and the store may refuse it).
    pub fn begin(&mut self) {
        self.journal = Some(Journal {
            stories: self.stories.len(),
            terms: self.term_ids.len(),
            compared: self.compared,
            saved: HashMap::new(),
        });
    }

    /// Keeps the assignments since [`StoryIndex::begin`].
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Undoes every assignment since [`StoryIndex::begin`]: the index is as it was then.
    pub fn rollback(&mut self) {
        let Some(journal) = self.journal.take() else { return };
        for (index, story) in self.stories.iter().enumerate().skip(journal.stories) {
            unlist(&mut self.postings, index, story.indexed.iter().copied(), journal.terms);
        }
        for story in self.stories.drain(journal.stories..) {
            self.by_id.remove(&story.id);
        }
        for (index, before) in journal.saved {
            unlist(&mut self.postings, index, self.stories[index].indexed.difference(&before.indexed).copied(), journal.terms);
            self.stories[index] = before;
        }
        self.postings.truncate(journal.terms);
        self.term_ids.retain(|_, id| (*id as usize) < journal.terms);
        self.compared = journal.compared;
    }

    /// Restores a story membership recorded earlier (from the store), without re-deciding it.
    pub fn restore(&mut self, doc: &Doc, story_id: &str) {
        let signals = Signals::of(doc, self.params.candidate_terms);
        match self.by_id.get(story_id) {
            Some(&i) => self.absorb(i, signals),
            None => self.open(story_id.to_string(), signals),
        }
    }

    /// Similarity of an article to a story: the lexical profile cosine, blended with the
    /// embedding cosine within a language; across languages, the embedding cosine
    /// rescaled so that [`StoryParams::translation_threshold`] meets the join threshold.
    fn similarity(&self, article: &Signals, story: &StoryState) -> f32 {
        let lexical = story.profile.cosine(&article.profile);
        let embedding = match &article.embedding {
            Some(e) if !story.centroid.direction.is_empty() => story.centroid.direction.cosine(e),
            _ => return lexical,
        };
        // An unidentified language ("und") is no evidence of a translation.
        let same_language =
            article.language == "und" || story.languages.iter().any(|l| *l == article.language || l == "und");
        if same_language {
            let weight = self.params.embedding_weight;
            (1.0 - weight) * lexical + weight * embedding
        } else {
            lexical.max(self.params.join_threshold + embedding - self.params.translation_threshold)
        }
    }

    /// The stories listed under any of the article's heaviest terms, in index order.
    fn candidates(&self, article: &Signals) -> Vec<usize> {
        let mut found: Vec<u32> = Vec::new();
        for term in &article.top_terms {
            let Some(&id) = self.term_ids.get(term) else { continue };
            let list = &self.postings[id as usize];
            found.extend_from_slice(&list[list.len().saturating_sub(MAX_POSTINGS_READ)..]);
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| i as usize).collect()
    }

    fn open(&mut self, id: String, signals: Signals) {
        let index = self.stories.len();
        self.by_id.insert(id.clone(), index);
        self.stories.push(StoryState {
            id,
            profile: Profile::default(),
            days: BTreeSet::new(),
            centroid: Centroid::default(),
            languages: Vec::new(),
            indexed: HashSet::new(),
        });
        self.absorb(index, signals);
    }

    fn absorb(&mut self, index: usize, signals: Signals) {
        if let Some(journal) = &mut self.journal {
            if index < journal.stories {
                journal.saved.entry(index).or_insert_with(|| self.stories[index].clone());
            }
        }
        for term in &signals.top_terms {
            let next = self.term_ids.len() as u32;
            let id = *self.term_ids.entry(term.clone()).or_insert(next);
            if id == next {
                self.postings.push(Vec::new());
            }
            if self.stories[index].indexed.insert(id) {
                self.postings[id as usize].push(index as u32);
            }
        }
        let story = &mut self.stories[index];
        story.profile.absorb(&signals.profile);
        story.days.extend(signals.day);
        if let Some(e) = &signals.embedding {
            story.centroid.absorb(e);
        }
        if !story.languages.contains(&signals.language) {
            story.languages.push(signals.language);
        }
    }
}

/// Takes story `index` out of the posting lists of `terms`, where it is listed once; terms
/// from `known_terms` on are new since the journal began and their lists are dropped whole.
fn unlist(postings: &mut [Vec<u32>], index: usize, terms: impl Iterator<Item = u32>, known_terms: usize) {
    for term in terms.filter(|&t| (t as usize) < known_terms) {
        let list = &mut postings[term as usize];
        if let Some(at) = list.iter().rposition(|&s| s as usize == index) {
            list.remove(at);
        }
    }
}

fn within_days(day: Option<i64>, story_days: &BTreeSet<i64>, max_apart: i64) -> bool {
    let (Some(d), Some(&first), Some(&last)) = (day, story_days.first(), story_days.last()) else { return true };
    // Most candidates from a long posting list are far away in time: reject those without a range search.
    if d < first - max_apart || d > last + max_apart {
        return false;
    }
    story_days.range(d - max_apart..=d + max_apart).next().is_some()
}

/// Days since 1970-01-01 of the article's publication, when its day is known.
fn publication_day(doc: &Doc) -> Option<i64> {
    model::day_number(doc.article.published.as_deref()?)
}

/// Every story's account, in first-article order, and for every article derived from an
/// earlier one of its story: what it copies, rewrites or translates.
pub struct Corroboration {
    pub stories: Vec<model::Story>,
    pub derivations: HashMap<String, Vec<model::Derivation>>,
}

/// Groups documents into stories given their memberships, and corroborates each.
pub fn corroborate(docs: &[Doc], members: &[(String, String)]) -> Corroboration {
    let by_article: HashMap<&str, &str> = members.iter().map(|(a, s)| (a.as_str(), s.as_str())).collect();
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<&Doc>> = HashMap::new();
    for doc in docs {
        let Some(&story) = by_article.get(doc.article.id.as_str()) else { continue };
        if !groups.contains_key(story) {
            order.push(story);
        }
        groups.entry(story).or_default().push(doc);
    }
    let mut derivations = HashMap::new();
    let mut stories = Vec::new();
    for id in order {
        let group = &groups[id];
        let derived = derivation::derivations(group, &DerivationParams::default());
        stories.push(build_story(id, group, &derived));
        derivations.extend(derived);
    }
    Corroboration { stories, derivations }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Article;

    fn doc(id: &str, title: &str, text: &str, published: Option<&str>) -> Doc {
        Doc {
            article: Article {
                id: id.into(),
                source: id.into(),
                title: Some(title.into()),
                published: published.map(String::from),
                language: "en".into(),
                text: text.into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn groups_articles_on_the_same_event_and_separates_others() {
        let a = doc("a", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck off the coast of northern Chile near Iquique on Tuesday, triggering a tsunami warning.", Some("2014-04-02"));
        let b = doc("b", "Chile quake: tsunami warning lifted", "The tsunami warning issued after the 8.2 earthquake near Iquique in northern Chile has been lifted, officials said.", Some("2014-04-02"));
        let c = doc("c", "Apple unveils new iPhone", "Apple unveiled its new iPhone at an event in Cupertino, California, on Tuesday, with a larger screen.", Some("2014-04-02"));
        let mut index = StoryIndex::new();
        let sa = index.assign(&a);
        let sb = index.assign(&b);
        let sc = index.assign(&c);
        assert_eq!(sa, sb);
        assert_ne!(sa, sc);
    }

    /// A unit-ish vector pointing mostly along `axis`, with a little of `other`.
    fn embedding(axis: usize, other: usize, mix: f32) -> Embedding {
        let mut v = vec![0.0f32; 512];
        v[axis] = 1.0;
        v[other] += mix;
        Embedding::quantize(&v)
    }

    #[test]
    fn a_translation_joins_by_embedding_and_not_without_it() {
        let english = doc("en", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck off the coast of northern Chile near Iquique, triggering a tsunami warning.", Some("2014-04-02"));
        let mut german = doc("de", "Erdbeben erschüttert den Norden Chiles", "Ein Erdbeben der Stärke 8,2 hat die Küste im Norden Chiles bei Iquique erschüttert und eine Tsunamiwarnung ausgelöst.", Some("2014-04-02"));
        german.article.language = "de".into();
        let mut with_model = StoryIndex::new();
        let (mut en, mut de) = (english.clone(), german.clone());
        en.embedding = Some(embedding(0, 1, 0.1));
        de.embedding = Some(embedding(0, 2, 0.6)); // cosine ≈ 0.85, as translations score
        assert_eq!(with_model.assign(&en), with_model.assign(&de));

        let mut unrelated = german.clone();
        unrelated.embedding = Some(embedding(3, 0, 0.5)); // cosine ≈ 0.45: another story of its kind
        let mut index = StoryIndex::new();
        assert_ne!(index.assign(&en), index.assign(&unrelated));

        let mut lexical_only = StoryIndex::new();
        assert_ne!(lexical_only.assign(&english), lexical_only.assign(&german), "names and a date alone are not enough");
    }

    #[test]
    fn restoring_memberships_rebuilds_the_same_index() {
        let a = doc("a", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some("2014-04-02"));
        let b = doc("b", "Chile quake: tsunami warning lifted", "The tsunami warning after the 8.2 earthquake near Iquique in northern Chile was lifted.", Some("2014-04-02"));
        let c = doc("c", "Iquique earthquake: aftershocks", "Strong aftershocks shook Iquique in northern Chile a day after the 8.2 earthquake.", Some("2014-04-03"));
        let mut live = StoryIndex::new();
        let (sa, sb) = (live.assign(&a), live.assign(&b));
        let mut restored = StoryIndex::new();
        restored.restore(&a, &sa);
        restored.restore(&b, &sb);
        assert_eq!(live.assign(&c), restored.assign(&c));
        assert_eq!(live.len(), restored.len());
    }

    #[test]
    fn a_rolled_back_batch_leaves_the_index_as_it_was() {
        let a = doc("a", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some("2014-04-02"));
        let b = doc("b", "Chile quake: tsunami warning lifted", "The tsunami warning after the 8.2 earthquake near Iquique in northern Chile was lifted.", Some("2014-04-02"));
        let c = doc("c", "Apple unveils new iPhone", "Apple unveiled its new iPhone at an event in Cupertino, California, with a larger screen.", Some("2014-04-02"));
        let d = doc("d", "Iquique earthquake: aftershocks", "Strong aftershocks shook Iquique in northern Chile a day after the 8.2 earthquake.", Some("2014-04-03"));
        let mut untouched = StoryIndex::new();
        untouched.assign(&a);
        let mut rolled_back = StoryIndex::new();
        rolled_back.assign(&a);
        rolled_back.begin();
        let (sb, sc) = (rolled_back.assign(&b), rolled_back.assign(&c));
        assert_eq!(rolled_back.len(), 2, "b joined a's story, c opened one: {sb} {sc}");
        rolled_back.rollback();
        assert_eq!((rolled_back.len(), rolled_back.compared()), (untouched.len(), untouched.compared()));
        assert_eq!(rolled_back.term_ids, untouched.term_ids);
        assert_eq!(rolled_back.postings, untouched.postings);
        let profile_of = |index: &StoryIndex| format!("{:?}", index.stories[0].profile);
        assert_eq!(profile_of(&rolled_back), profile_of(&untouched));
        assert_eq!(rolled_back.stories[0].days, untouched.stories[0].days);
        for next in [&d, &c, &b] {
            assert_eq!(rolled_back.assign(next), untouched.assign(next));
        }
        // Committed assignments stay.
        rolled_back.begin();
        rolled_back.assign(&doc("e", "Iquique quake death toll", "The death toll of the 8.2 earthquake near Iquique in northern Chile rose to six.", Some("2014-04-03")));
        rolled_back.commit();
        let (stories, postings) = (rolled_back.len(), rolled_back.postings.clone());
        rolled_back.rollback();
        assert_eq!((rolled_back.len(), &rolled_back.postings), (stories, &postings), "nothing to undo after a commit");
    }

    #[test]
    fn far_apart_articles_do_not_join() {
        let a = doc("a", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some("2014-04-02"));
        let b = doc("b", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some("2015-09-17"));
        let mut index = StoryIndex::new();
        assert_ne!(index.assign(&a), index.assign(&b));
    }

}
