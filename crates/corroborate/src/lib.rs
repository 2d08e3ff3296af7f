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
    /// For a publication date inferred from the text (no earlier than the latest date it tells
    /// as past), how many days after that date's period it may still have been published: news
    /// is written soon after what it reports, so an article whose latest date is years before a
    /// story's days is not on that story. Tuned on ECB+ topics 1–35 (unbounded: 0.853 B³, 365
    /// days: 0.870, 1,500: 0.891, 4,000: 0.868).
    pub inferred_publication_lag_days: i64,

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
    /// When an article matches two stories above the join threshold, it bridges them: they
    /// merge (see [`StoryIndex::take_merges`]) when their own profiles are at least this
    /// similar. Tuned on ECB+ topics 1–35: 0.6: 0.891 B³, 0.65–0.7: 0.894, 0.75 and above
    /// (no merge happens): 0.888.
    pub merge_threshold: f32,
}

impl Default for StoryParams {
    /// Tuned on ECB+ topics 1–35 (`eval-stories`); see docs/eval/stories.md.
    fn default() -> Self {
        StoryParams {
            join_threshold: 0.16,
            max_days_apart: 14,
            inferred_publication_lag_days: 1500,
            embedding_weight: 0.0,
            translation_threshold: 0.6,
            candidate_terms: 24,
            merge_threshold: 0.7,
        }
    }
}

/// Posting lists longer than this are read from their most recent end only: a term
/// shared by thousands of stories says little, and the stories that matter are recent.
const MAX_POSTINGS_READ: usize = 4096;

/// Length in days of the stretches of time posting lists are split by: a dated article reads
/// only the lists of the stretches its date window touches, so the lists it reads do not grow
/// with the length of the stream, only with the number of stories of a month.
const PERIOD_DAYS: i64 = 32;

/// Which stories a posting list of a term holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Period {
    /// Every story listed under the term: what an undated article, which may join any story, reads.
    Any,
    /// Stories with an undated article that brought the term: they may match an article of any date.
    Undated,
    /// Stories with an article dated in stretch `n` (days `n·PERIOD_DAYS` to `(n+1)·PERIOD_DAYS − 1`
    /// since the epoch) that brought the term.
    Days(i64),
}

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

    /// Adds another running sum: the centroid of two stories merged.
    fn add(&mut self, other: &Centroid) {
        let theirs = other.direction.unit();
        if theirs.is_empty() {
            return;
        }
        let ours = self.direction.unit();
        let sum: Vec<f32> = if ours.len() == theirs.len() {
            ours.iter().zip(&theirs).map(|(a, b)| a * self.norm + b * other.norm).collect()
        } else {
            theirs.iter().map(|b| b * other.norm).collect()
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
    /// First and last possible day of publication of its articles whose date was inferred
    /// from their text (see [`StoryParams::inferred_publication_lag_days`]).
    bounds: Vec<(i64, i64)>,
    centroid: Centroid,
    /// Languages of the articles in the story.
    languages: Vec<String>,
    /// Ids of the posting lists this story is in.
    indexed: HashSet<u32>,
    /// The story this one was merged into: its articles are that story's now.
    merged_into: Option<u32>,
}

/// What one article brings to story assignment: a pure function of the article and the
/// index's parameters ([`StoryIndex::signals`]), so a batch's can be computed in parallel
/// before the articles are assigned one after another.
pub struct Signals {
    profile: Profile,
    /// The heaviest terms of the profile, the keys of the index.
    top_terms: Vec<String>,
    day: Option<i64>,
    /// For a publication date inferred from the text: its first and last possible day.
    bounds: Option<(i64, i64)>,
    embedding: Option<Embedding>,
    language: String,
}

impl Signals {
    fn of(doc: &Doc, params: &StoryParams) -> Signals {
        let profile = Profile::of(doc);
        Signals {
            top_terms: profile.top_terms(params.candidate_terms).into_iter().map(String::from).collect(),
            profile,
            day: publication_day(doc),
            bounds: publication_bounds(doc, params.inferred_publication_lag_days),
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
    /// Term → term number. Numbers only grow: terms of a rolled-back batch keep theirs, unused.
    vocabulary: HashMap<String, u32>,
    /// (term number, period) → id of its posting list.
    lists: HashMap<(u32, Period), u32>,
    /// Posting list id → stories listed in it, in the order they were listed.
    postings: Vec<Vec<u32>>,
    /// Article–story similarities computed so far (what candidate retrieval saves).
    compared: u64,
    /// Open between [`StoryIndex::begin`] and [`StoryIndex::commit`] or [`StoryIndex::rollback`].
    journal: Option<Journal>,
    /// (merged story id, id of the story it was merged into), oldest first, not yet taken.
    merges: Vec<(String, String)>,
}

/// What assignments changed since [`StoryIndex::begin`], so that a batch whose storing
/// failed can be taken back out of the index.
struct Journal {
    stories: usize,
    terms: usize,
    compared: u64,
    merges: usize,
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

    /// Number of stories (those merged into another no longer count).
    pub fn len(&self) -> usize {
        self.stories.iter().filter(|s| s.merged_into.is_none()).count()
    }

    /// The id a story has now: its own, or that of the story it was merged into.
    pub fn current_id<'a>(&'a self, story_id: &'a str) -> &'a str {
        match self.by_id.get(story_id) {
            Some(&i) => &self.stories[self.root(i)].id,
            None => story_id,
        }
    }

    /// The merges since the last call, oldest first: (merged story id, id of the story it was
    /// merged into). Whoever records memberships moves the merged story's articles over.
    pub fn take_merges(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.merges)
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
        let signals = self.signals(doc);
        self.assign_signals(&doc.article.id, signals)
    }

    /// Assigns articles in order, the signals of each chunk of 256 computed in parallel first
    /// (chunks keep the signals held at once bounded): the same stories as calling
    /// [`StoryIndex::assign`] on each.
    pub fn assign_all(&mut self, docs: &[Doc]) -> Vec<String> {
        use rayon::prelude::*;
        let mut stories = Vec::with_capacity(docs.len());
        for chunk in docs.chunks(256) {
            let signals: Vec<Signals> = chunk.par_iter().map(|doc| self.signals(doc)).collect();
            stories.extend(chunk.iter().zip(signals).map(|(doc, signals)| self.assign_signals(&doc.article.id, signals)));
        }
        stories
    }

    /// What article `doc` brings to assignment under this index's parameters.
    pub fn signals(&self, doc: &Doc) -> Signals {
        Signals::of(doc, &self.params)
    }

    /// [`StoryIndex::assign`] for an article (`article_id`) whose signals are computed already.
    pub fn assign_signals(&mut self, article_id: &str, signals: Signals) -> String {
        let candidates: Vec<usize> = self
            .candidates(&signals)
            .into_iter()
            .filter(|&i| within_days(&signals, &self.stories[i], self.params.max_days_apart))
            .collect();
        self.compared += candidates.len() as u64;
        let mut matches: Vec<(usize, f32)> = candidates
            .into_iter()
            .map(|i| (i, self.similarity(&signals, &self.stories[i])))
            .filter(|&(_, sim)| sim >= self.params.join_threshold)
            .collect();
        // Most similar first; of equals, the oldest.
        matches.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let Some(&(best, _)) = matches.first() else {
            let id = model::stable_id("s", &[article_id]);
            self.open(id.clone(), signals);
            return id;
        };
        let mut into = best;
        for &(other, _) in &matches[1..] {
            let (a, b) = (&self.stories[into], &self.stories[other]);
            if a.profile.cosine(&b.profile) >= self.params.merge_threshold && dates_compatible(a, b, self.params.max_days_apart) {
                into = self.merge(into, other);
            }
        }
        self.absorb(into, signals);
        self.stories[into].id.clone()
    }

    /// The story a story was merged into, or itself.
    fn root(&self, mut index: usize) -> usize {
        while let Some(into) = self.stories[index].merged_into {
            index = into as usize;
        }
        index
    }

    /// Merges two stories into the older one (whose first article came first, so a report's
    /// story order does not change) and returns it.
    fn merge(&mut self, a: usize, b: usize) -> usize {
        let (into, from) = (a.min(b), a.max(b));
        self.save(into);
        self.save(from);
        let merged = &mut self.stories[from];
        merged.merged_into = Some(into as u32);
        let profile = std::mem::take(&mut merged.profile);
        let days = std::mem::take(&mut merged.days);
        let bounds = std::mem::take(&mut merged.bounds);
        let centroid = std::mem::take(&mut merged.centroid);
        let languages = std::mem::take(&mut merged.languages);
        let lists: Vec<u32> = merged.indexed.iter().copied().collect();
        let merged_id = merged.id.clone();
        for list in lists {
            if self.stories[into].indexed.insert(list) {
                self.postings[list as usize].push(into as u32);
            }
        }
        let story = &mut self.stories[into];
        story.profile.add(&profile);
        story.days.extend(days);
        story.bounds.extend(bounds);
        story.centroid.add(&centroid);
        for language in languages {
            if !story.languages.contains(&language) {
                story.languages.push(language);
            }
        }
        self.merges.push((merged_id, story.id.clone()));
        into
    }

    /// Keeps the state of a story as it was at [`StoryIndex::begin`], before its first change.
    fn save(&mut self, index: usize) {
        if let Some(journal) = &mut self.journal {
            if index < journal.stories {
                journal.saved.entry(index).or_insert_with(|| self.stories[index].clone());
            }
        }
    }

    /// Starts recording assignments so that [`StoryIndex::rollback`] can undo them (a batch
    /// is assigned before it is stored, and the store may refuse it).
    pub fn begin(&mut self) {
        self.journal = Some(Journal {
            stories: self.stories.len(),
            terms: self.lists.len(),
            compared: self.compared,
            merges: self.merges.len(),
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
        self.lists.retain(|_, id| (*id as usize) < journal.terms);
        self.compared = journal.compared;
        self.merges.truncate(journal.merges);
    }

    /// Restores a story membership recorded earlier (from the store), without re-deciding it.
    pub fn restore(&mut self, doc: &Doc, story_id: &str) {
        let signals = Signals::of(doc, &self.params);
        match self.by_id.get(story_id) {
            Some(&i) => self.absorb(self.root(i), signals),
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

    /// The stories listed under any of the article's heaviest terms, in index order: for a
    /// dated article, those listed in the periods its date window touches or by an undated article.
    fn candidates(&self, article: &Signals) -> Vec<usize> {
        let periods: Vec<Period> = match article.day {
            Some(day) => {
                let first = (day - self.params.max_days_apart).div_euclid(PERIOD_DAYS);
                let last = (day + self.params.max_days_apart).div_euclid(PERIOD_DAYS);
                std::iter::once(Period::Undated).chain((first..=last).map(Period::Days)).collect()
            }
            None => vec![Period::Any],
        };
        let mut found: Vec<u32> = Vec::new();
        for term in &article.top_terms {
            let Some(&term) = self.vocabulary.get(term) else { continue };
            for &period in &periods {
                let Some(&id) = self.lists.get(&(term, period)) else { continue };
                let list = &self.postings[id as usize];
                found.extend_from_slice(&list[list.len().saturating_sub(MAX_POSTINGS_READ)..]);
            }
        }
        found.sort_unstable();
        found.dedup();
        // Merged stories are listed under their own terms still: they stand for the story they are part of now.
        let mut stories: Vec<usize> = found.into_iter().map(|i| self.root(i as usize)).collect();
        stories.sort_unstable();
        stories.dedup();
        stories
    }

    fn open(&mut self, id: String, signals: Signals) {
        let index = self.stories.len();
        self.by_id.insert(id.clone(), index);
        self.stories.push(StoryState {
            id,
            profile: Profile::default(),
            days: BTreeSet::new(),
            bounds: Vec::new(),
            centroid: Centroid::default(),
            languages: Vec::new(),
            indexed: HashSet::new(),
            merged_into: None,
        });
        self.absorb(index, signals);
    }

    fn absorb(&mut self, index: usize, signals: Signals) {
        self.save(index);
        let period = signals.day.map_or(Period::Undated, |day| Period::Days(day.div_euclid(PERIOD_DAYS)));
        for term in &signals.top_terms {
            let next = self.vocabulary.len() as u32;
            let term = *self.vocabulary.entry(term.clone()).or_insert(next);
            for key in [(term, Period::Any), (term, period)] {
                let next = self.postings.len() as u32;
                let id = *self.lists.entry(key).or_insert(next);
                if id == next {
                    self.postings.push(Vec::new());
                }
                if self.stories[index].indexed.insert(id) {
                    self.postings[id as usize].push(index as u32);
                }
            }
        }
        let story = &mut self.stories[index];
        story.profile.absorb(&signals.profile);
        story.days.extend(signals.day);
        story.bounds.extend(signals.bounds);
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

/// Whether two stories may be one: some article of one published within `max_apart` days of
/// some article of the other (true when either has no date evidence).
fn dates_compatible(a: &StoryState, b: &StoryState, max_apart: i64) -> bool {
    if a.days.is_empty() && a.bounds.is_empty() || b.days.is_empty() && b.bounds.is_empty() {
        return true;
    }
    let near_b = |lo: i64, hi: i64| {
        let (lo, hi) = (lo.saturating_sub(max_apart), hi.saturating_add(max_apart));
        b.days.range(lo..=hi).next().is_some() || b.bounds.iter().any(|&(first, last)| first <= hi && last >= lo)
    };
    a.days.iter().any(|&d| near_b(d, d)) || a.bounds.iter().any(|&(first, last)| near_b(first, last))
}

/// Whether an article may have been published within `max_apart` days of an article of the story
/// (true when either side has no date evidence).
fn within_days(article: &Signals, story: &StoryState, max_apart: i64) -> bool {
    let (lo, hi) = match (article.day, article.bounds) {
        (Some(day), _) => (day, day),
        (None, Some(bounds)) => bounds,
        (None, None) => return true,
    };
    if story.days.is_empty() && story.bounds.is_empty() {
        return true;
    }
    let (lo, hi) = (lo.saturating_sub(max_apart), hi.saturating_add(max_apart));
    let near_a_day = match (story.days.first(), story.days.last()) {
        // Most candidates from a long posting list are far away in time: reject those without a range search.
        (Some(&first), Some(&last)) if hi >= first && lo <= last => story.days.range(lo..=hi).next().is_some(),
        _ => false,
    };
    near_a_day || story.bounds.iter().any(|&(first, last)| first <= hi && last >= lo)
}

/// Days since 1970-01-01 of the article's publication, when its day is known (not inferred:
/// an inferred date is a bound, see [`publication_bounds`]).
fn publication_day(doc: &Doc) -> Option<i64> {
    if matches!(doc.article.published_source, Some(model::PublishedSource::Inferred | model::PublishedSource::Warc)) {
        return None;
    }
    model::day_number(doc.article.published.as_deref()?)
}

/// For a publication date inferred from the text: the first day of its earliest possible
/// period, and the last day of its latest possible one or `lag_days` after the earliest
/// period, whichever comes first.
fn publication_bounds(doc: &Doc, lag_days: i64) -> Option<(i64, i64)> {
    if doc.article.published_source == Some(model::PublishedSource::Warc) {
        // The WARC-Date is when the page was archived: an archive may capture a page years after
        // it was written, so the capture bounds the publication from above only.
        let captured = model::day_number(doc.article.published.as_deref()?)?;
        return Some((i64::MIN / 4, captured));
    }
    if doc.article.published_source != Some(model::PublishedSource::Inferred) {
        return None;
    }
    let (first, end) = period_days(doc.article.published.as_deref()?)?;
    let latest = doc.article.published_latest.as_deref().and_then(period_days).map_or(i64::MAX, |(_, last)| last);
    Some((first, latest.min(end.saturating_add(lag_days))))
}

/// First and last day of the period a TIMEX3-style date names: a day, a month, or a year
/// (any other value with a leading year, such as a week or a quarter, counts as its year).
fn period_days(value: &str) -> Option<(i64, i64)> {
    if let Some(day) = model::day_number(value) {
        return Some((day, day));
    }
    let year: i64 = value.get(0..4)?.parse().ok()?;
    let first_of = |y: i64, m: i64| model::day_number(&format!("{y:04}-{m:02}-01"));
    let month = value.get(4..7).filter(|s| s.starts_with('-')).and_then(|s| s[1..].parse::<i64>().ok()).filter(|m| (1..=12).contains(m));
    match month {
        Some(12) => Some((first_of(year, 12)?, first_of(year + 1, 1)? - 1)),
        Some(m) => Some((first_of(year, m)?, first_of(year, m + 1)? - 1)),
        None => Some((first_of(year, 1)?, first_of(year + 1, 1)? - 1)),
    }
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
    // Stories are independent of one another: each is built on its own thread, and the
    // results are gathered in the order the stories first appear, so output does not depend on
    // the number of threads.
    use rayon::prelude::*;
    let built: Vec<(model::Story, HashMap<String, Vec<model::Derivation>>)> = order
        .par_iter()
        .map(|&id| {
            let group = &groups[id];
            let derived = derivation::derivations(group, &DerivationParams::default());
            (build_story(id, group, &derived), derived)
        })
        .collect();
    let mut derivations = HashMap::new();
    let mut stories = Vec::with_capacity(built.len());
    for (story, derived) in built {
        stories.push(story);
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
        assert_eq!(rolled_back.lists, untouched.lists);
        assert_eq!(rolled_back.postings, untouched.postings);
        // Equal up to the order of summation (hash maps iterate in a different order each time).
        assert!((rolled_back.stories[0].profile.cosine(&untouched.stories[0].profile) - 1.0).abs() < 1e-5);
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
    fn a_warc_capture_date_bounds_publication_from_above_only() {
        let original = doc("a", "Three killed as rioters bomb Greek bank", "Three bank workers died when rioters set fire to a Marfin bank branch in Athens during a general strike against austerity.", Some("2010-05-05"));
        let mut archived = doc("b", "Three dead after fire-bomb hits Greek bank", "Three bank workers died when rioters set fire to a Marfin bank branch in Athens during a general strike against austerity cuts.", Some("2014-01-15T10:00:00+00:00"));
        archived.article.published_source = Some(model::PublishedSource::Warc);
        let mut index = StoryIndex::new();
        assert_eq!(index.assign(&original), index.assign(&archived), "captured four years later, written at the time");
        // A page captured before the story's events cannot report them.
        let mut early = archived.clone();
        early.article.id = "c".into();
        early.article.published = Some("2009-01-15T10:00:00+00:00".into());
        let mut index = StoryIndex::new();
        assert_ne!(index.assign(&original), index.assign(&early));
    }

    #[test]
    fn an_inferred_publication_date_bounds_which_stories_an_article_may_join() {
        let a = doc("a", "Pirates captured in the Gulf of Aden", "The Indian navy captured 23 pirates in the Gulf of Aden, officials said.", Some("2008-12-13"));
        let mut b = doc("b", "Indian navy captures pirates in the Gulf of Aden", "The Indian navy captured 26 pirates in the Gulf of Aden in November 2011, officials said.", Some("2011-11"));
        b.article.published_source = Some(model::PublishedSource::Inferred);
        let mut index = StoryIndex::new();
        assert_ne!(index.assign(&a), index.assign(&b), "published no earlier than November 2011: not with a 2008 story");
        // A bound that reaches back to the story's days allows it.
        let mut c = b.clone();
        c.article.id = "c".into();
        c.article.published = Some("2008".into());
        let mut index = StoryIndex::new();
        assert_eq!(index.assign(&a), index.assign(&c));
        // A day inferred as a lower bound is not the day of publication: a later article may join.
        let mut d = a.clone();
        d.article.id = "d".into();
        d.article.published = Some("2008-11-02".into());
        d.article.published_source = Some(model::PublishedSource::Inferred);
        let mut index = StoryIndex::new();
        assert_eq!(index.assign(&d), index.assign(&a));
        // Nor is it unbounded: an article whose latest date is 1991 was not written in 2008.
        let mut old = a.clone();
        old.article.id = "old".into();
        old.article.published = Some("1991".into());
        old.article.published_source = Some(model::PublishedSource::Inferred);
        let mut index = StoryIndex::new();
        assert_ne!(index.assign(&a), index.assign(&old));
    }

    #[test]
    fn periods_of_dates_of_every_precision() {
        let day = |v: &str| model::day_number(v).unwrap();
        assert_eq!(period_days("2011-11-11"), Some((day("2011-11-11"), day("2011-11-11"))));
        assert_eq!(period_days("2011-11"), Some((day("2011-11-01"), day("2011-11-30"))));
        assert_eq!(period_days("2011-12"), Some((day("2011-12-01"), day("2011-12-31"))));
        assert_eq!(period_days("2012"), Some((day("2012-01-01"), day("2012-12-31"))));
        assert_eq!(period_days("2012-Q3"), Some((day("2012-01-01"), day("2012-12-31"))));
        for odd in ["", "20", "PRESENT_REF", "9999", "2011-1é", "abcd-ef"] {
            let _ = period_days(odd);
        }
        assert_eq!(period_days("PRESENT_REF"), None);
    }

    #[test]
    fn assigning_a_batch_gives_the_stories_of_one_by_one() {
        let topics = [
            ("Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique, triggering a tsunami warning."),
            ("Apple unveils new iPhone", "Apple unveiled its new iPhone at an event in Cupertino, California, with a larger screen."),
            ("Chile quake: tsunami warning lifted", "The tsunami warning issued after the 8.2 earthquake near Iquique in northern Chile was lifted."),
        ];
        let docs: Vec<Doc> = (0..24)
            .map(|n| {
                let (title, text) = topics[n % topics.len()];
                doc(&format!("a{n}"), title, text, Some(&format!("2014-04-{:02}", 1 + n / 3)))
            })
            .collect();
        let mut one_by_one = StoryIndex::new();
        let expected: Vec<String> = docs.iter().map(|d| one_by_one.assign(d)).collect();
        let mut batch = StoryIndex::new();
        assert_eq!(batch.assign_all(&docs), expected);
        assert!(expected.iter().collect::<HashSet<_>>().len() >= 2);
    }

    #[test]
    fn dated_articles_read_only_the_posting_lists_of_their_date_window() {
        let mut index = StoryIndex::new();
        // Two months apart: 2010-01-15, 2010-03-15, …
        let article = |n: i64| {
            let published = format!("{}-{:02}-15", 2010 + n / 6, (n % 6) * 2 + 1);
            doc(&format!("a{n}"), "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some(&published))
        };
        for n in 0..40 {
            index.assign(&article(n));
        }
        assert_eq!(index.len(), 40, "two months apart, every repetition is a story of its own");
        let latest = Signals::of(&article(39), &index.params);
        assert_eq!(index.candidates(&latest), vec![39], "only the story of its own period is read");
        let mut undated = article(0);
        undated.article.published = None;
        assert_eq!(index.candidates(&Signals::of(&undated, &index.params)).len(), 40, "an undated article may join any");
    }

    #[test]
    fn an_article_that_bridges_two_stories_merges_them() {
        // Merging whenever an article matches two stories, so that these few words merge.
        let params = StoryParams { join_threshold: 0.3, merge_threshold: 0.0, ..Default::default() };
        let a = doc("a", "Zebras and yaks", "Zebras and yaks. Zebras and yaks.", None);
        let b = doc("b", "Walruses and voles", "Walruses and voles. Walruses and voles.", None);
        let c = doc("c", "Zebras, yaks, walruses and voles", "Zebras, yaks, walruses and voles.", None);
        let mut index = StoryIndex::with_params(params);
        let (sa, sb) = (index.assign(&a), index.assign(&b));
        assert_ne!(sa, sb);
        let (lists, postings) = (index.lists.clone(), index.postings.clone());
        index.begin();
        assert_eq!(index.assign(&c), sa);
        assert_eq!(index.len(), 1);
        index.rollback();
        assert_eq!((index.len(), index.current_id(&sb)), (2, sb.as_str()), "a rolled back merge is undone");
        assert_eq!((&index.lists, &index.postings), (&lists, &postings));
        assert!(index.take_merges().is_empty());

        assert_eq!(index.assign(&c), sa, "into the older story");
        assert_eq!(index.take_merges(), [(sb.clone(), sa.clone())]);
        assert!(index.take_merges().is_empty(), "taken once");
        assert_eq!((index.len(), index.current_id(&sb), index.current_id(&sa)), (1, sa.as_str(), sa.as_str()));
        // An index restored from the memberships as recorded after the merge decides alike.
        let mut restored = StoryIndex::with_params(params);
        for article in [&a, &b, &c] {
            restored.restore(article, &sa);
        }
        let d = doc("d", "Voles and zebras", "Voles and zebras.", None);
        assert_eq!(index.assign(&d), restored.assign(&d));
        assert_eq!(index.len(), restored.len());

        // By default, stories merge only when their own profiles are close.
        let mut strict = StoryIndex::with_params(StoryParams { join_threshold: 0.3, ..Default::default() });
        for article in [&a, &b, &c] {
            strict.assign(article);
        }
        assert_eq!(strict.len(), 2);
    }

    #[test]
    fn far_apart_articles_do_not_join() {
        let a = doc("a", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some("2014-04-02"));
        let b = doc("b", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some("2015-09-17"));
        let mut index = StoryIndex::new();
        assert_ne!(index.assign(&a), index.assign(&b));
    }

}
