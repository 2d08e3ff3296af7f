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

use std::collections::HashMap;

use model::Doc;

/// How readily articles join stories.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryParams {
    /// Minimum cosine similarity between an article and a story's profile for the article to join it.
    pub join_threshold: f32,
    /// Articles published further apart than this many days (when both dates are known) never join.
    pub max_days_apart: i64,
}

impl Default for StoryParams {
    /// Tuned on ECB+ topics 1–35 (`eval-stories`); see EVALUATION.md.
    fn default() -> Self {
        StoryParams { join_threshold: 0.2, max_days_apart: 14 }
    }
}

struct StoryState {
    id: String,
    profile: Profile,
    /// Publication days (days since the epoch) of the articles in the story.
    days: Vec<i64>,
}

/// The stories so far, each with its running profile.
#[derive(Default)]
pub struct StoryIndex {
    params: StoryParams,
    stories: Vec<StoryState>,
    by_id: HashMap<String, usize>,
}

impl StoryIndex {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_params(params: StoryParams) -> Self {
        StoryIndex { params, ..Self::default() }
    }

    /// Puts an article in a story: the best-matching existing one above the threshold, else a new one.
    /// Returns the story id.
    pub fn assign(&mut self, doc: &Doc) -> String {
        let profile = Profile::of(doc);
        let day = publication_day(doc);
        let best = self
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| within_days(day, &s.days, self.params.max_days_apart))
            .map(|(i, s)| (i, s.profile.cosine(&profile)))
            .filter(|&(_, sim)| sim >= self.params.join_threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((i, _)) => {
                let story = &mut self.stories[i];
                story.profile.absorb(&profile);
                story.days.extend(day);
                story.id.clone()
            }
            None => {
                let id = model::stable_id("s", &[&doc.article.id]);
                self.by_id.insert(id.clone(), self.stories.len());
                self.stories.push(StoryState { id: id.clone(), profile, days: day.into_iter().collect() });
                id
            }
        }
    }

    /// Restores a story membership recorded earlier (from the store), without re-deciding it.
    pub fn restore(&mut self, doc: &Doc, story_id: &str) {
        let profile = Profile::of(doc);
        let day = publication_day(doc);
        match self.by_id.get(story_id) {
            Some(&i) => {
                self.stories[i].profile.absorb(&profile);
                self.stories[i].days.extend(day);
            }
            None => {
                self.by_id.insert(story_id.to_string(), self.stories.len());
                self.stories.push(StoryState { id: story_id.to_string(), profile, days: day.into_iter().collect() });
            }
        }
    }
}

fn within_days(day: Option<i64>, story_days: &[i64], max_apart: i64) -> bool {
    match day {
        None => true,
        Some(d) => story_days.is_empty() || story_days.iter().any(|s| (s - d).abs() <= max_apart),
    }
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

    #[test]
    fn far_apart_articles_do_not_join() {
        let a = doc("a", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some("2014-04-02"));
        let b = doc("b", "Earthquake hits northern Chile", "A magnitude 8.2 earthquake struck northern Chile near Iquique.", Some("2015-09-17"));
        let mut index = StoryIndex::new();
        assert_ne!(index.assign(&a), index.assign(&b));
    }

}
