//! The one-way flow: read inputs → analyse articles (in parallel) → store →
//! stories → report. The CLI and the web app both go through here.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use corroborate::StoryIndex;
use model::{Doc, Rejected, Report, ReportArticle};
use rayon::prelude::*;

/// How one batch of inputs went.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Articles read from the inputs (before deduplication).
    pub read: usize,
    pub added: usize,
    pub duplicates: usize,
    pub rejected: usize,
    /// Ids of the articles added, in input order.
    pub added_ids: Vec<String>,
    /// The story each added article joined, in the order of `added_ids`.
    pub added_stories: Vec<String>,
}

/// What a batch of inputs gave.
#[derive(Debug, Default)]
pub struct Batch {
    pub docs: Vec<Doc>,
    pub rejected: Vec<Rejected>,
    /// Files found inside directories that document the collection (README, LICENSE…) rather
    /// than being articles: not read, and named so that nothing goes unmentioned.
    pub skipped: Vec<PathBuf>,
}

/// File names (without extension, any case) that document a folder of articles.
const DOCUMENTATION_NAMES: &[&str] = &["readme", "license", "licence", "copying", "notice", "changelog", "authors"];

fn is_documentation(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map(|s| s.to_ascii_lowercase())
        .is_some_and(|s| DOCUMENTATION_NAMES.contains(&s.as_str()))
}

/// Reads and analyses every input (directories recursively), in input order.
/// `progress` is called once per input file read.
pub fn read_and_analyze(inputs: &[PathBuf], limits: &ingest::Limits, progress: &(dyn Fn() + Sync)) -> Batch {
    let (expanded, mut rejected) = ingest::expand_inputs(inputs);
    // A file named on the command line is always read; inside a directory, documentation is not.
    let (skipped, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        expanded.into_iter().partition(|p| is_documentation(p) && !inputs.contains(p));
    let results: Vec<(Vec<Doc>, Vec<Rejected>)> = paths
        .par_iter()
        .map(|path| {
            let outcome = ingest::read_path(path, limits);
            progress();
            (analyze_all(outcome.articles), outcome.rejected)
        })
        .collect();
    let mut docs = Vec::new();
    for (d, r) in results {
        docs.extend(d);
        rejected.extend(r);
    }
    Batch { docs, rejected, skipped }
}

/// Reads and analyses an input already in memory (an upload), named `source`.
pub fn read_bytes_and_analyze(source: &str, bytes: &[u8], limits: &ingest::Limits) -> (Vec<Doc>, Vec<Rejected>) {
    let outcome = ingest::read_bytes(source, bytes, limits);
    (analyze_all(outcome.articles), outcome.rejected)
}

fn analyze_all(articles: Vec<model::Article>) -> Vec<Doc> {
    articles.into_par_iter().map(analyze::analyze).collect()
}

/// A store with the story index that goes with it, and the report kept up to date story by story.
pub struct Corpus {
    store: store::Store,
    stories: StoryIndex,
    /// The last report and what changed since; `None` until the first report.
    report: Option<ReportCache>,
}

/// A report with what arrived since it was made. Stories are independent of each other, so
/// only the stories that gained articles are corroborated again.
struct ReportCache {
    report: Arc<Report>,
    /// Article id → position in `report.articles`.
    article_positions: HashMap<String, usize>,
    /// Story id → position in `report.stories`.
    story_positions: HashMap<String, usize>,
    /// Articles stored since, in store order, not yet in the report.
    new_articles: Vec<ReportArticle>,
    new_rejected: Vec<Rejected>,
    /// Stories that gained articles since, in the order they first gained one: new stories
    /// among them are thus in the order of their first article, as in a full report.
    stale_stories: Vec<String>,
    stale_set: HashSet<String>,
}

impl ReportCache {
    fn of(report: Report) -> ReportCache {
        ReportCache {
            article_positions: report.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect(),
            story_positions: report.stories.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect(),
            report: Arc::new(report),
            new_articles: Vec::new(),
            new_rejected: Vec::new(),
            stale_stories: Vec::new(),
            stale_set: HashSet::new(),
        }
    }

    fn is_current(&self) -> bool {
        self.new_articles.is_empty() && self.new_rejected.is_empty() && self.stale_stories.is_empty()
    }

    /// Brings the report up to date: new articles and rejections appended, stale stories
    /// corroborated again from their stored documents.
    fn refresh(&mut self, store: &store::Store) -> Result<()> {
        let report = Arc::make_mut(&mut self.report);
        for article in self.new_articles.drain(..) {
            self.article_positions.insert(article.id.clone(), report.articles.len());
            report.articles.push(article);
        }
        report.rejected.append(&mut self.new_rejected);
        self.stale_set.clear();
        for story_id in std::mem::take(&mut self.stale_stories) {
            let docs = store.story_docs(&story_id)?;
            let members: Vec<(String, String)> = docs.iter().map(|d| (d.article.id.clone(), story_id.clone())).collect();
            let corroboration = corroborate::corroborate(&docs, &members);
            let Some(story) = corroboration.stories.into_iter().next() else { continue };
            for id in &story.articles {
                if let Some(&i) = self.article_positions.get(id) {
                    report.articles[i].derived_from = corroboration.derivations.get(id).cloned().unwrap_or_default();
                }
            }
            match self.story_positions.get(&story_id) {
                Some(&i) => report.stories[i] = story,
                None => {
                    self.story_positions.insert(story_id, report.stories.len());
                    report.stories.push(story);
                }
            }
        }
        Ok(())
    }
}

impl Corpus {
    pub fn open(path: &Path) -> Result<Corpus> {
        Self::with_store(store::Store::open(path)?)
    }

    pub fn in_memory() -> Result<Corpus> {
        Self::with_store(store::Store::in_memory()?)
    }

    /// Loads the story index from the recorded memberships, without re-deciding them.
    fn with_store(store: store::Store) -> Result<Corpus> {
        let mut stories = StoryIndex::new();
        let members: HashMap<String, String> = store.story_members()?.into_iter().collect();
        for doc in store.docs()? {
            if let Some(story) = members.get(&doc.article.id) {
                stories.restore(&doc, story);
            }
        }
        Ok(Corpus { store, stories, report: None })
    }

    pub fn store(&self) -> &store::Store {
        &self.store
    }

    pub fn article_count(&self) -> Result<usize> {
        self.store.article_count()
    }

    /// Stores new documents, each given its story, and the rejections, in one transaction.
    pub fn add(&mut self, docs: &[Doc], rejected: &[Rejected]) -> Result<Outcome> {
        let mut outcome = Outcome { read: docs.len(), rejected: rejected.len(), ..Default::default() };
        let mut joined: Vec<(&Doc, String)> = Vec::new();
        let stories = &mut self.stories;
        self.store.transaction(|store| {
            for doc in docs {
                match store.insert(doc)? {
                    store::Insert::Added => {
                        let story = stories.assign(doc);
                        store.set_story(&doc.article.id, &story)?;
                        outcome.added += 1;
                        outcome.added_ids.push(doc.article.id.clone());
                        outcome.added_stories.push(story.clone());
                        joined.push((doc, story));
                    }
                    store::Insert::Duplicate(_) => outcome.duplicates += 1,
                }
            }
            for r in rejected {
                store.add_rejected(r)?;
            }
            Ok(())
        })?;
        if let Some(cache) = &mut self.report {
            for (doc, story) in joined {
                cache.new_articles.push(ReportArticle::from_article(&doc.article));
                if cache.stale_set.insert(story.clone()) {
                    cache.stale_stories.push(story);
                }
            }
            cache.new_rejected.extend_from_slice(rejected);
        }
        Ok(outcome)
    }

    /// The report on everything in the corpus. The first one corroborates every story; later
    /// ones only the stories that gained articles since, so the report stays what a fresh
    /// [`Corpus::full_report`] would give.
    pub fn report(&mut self) -> Result<Arc<Report>> {
        // Taken out while refreshed: a refresh that fails half way leaves no cache behind.
        let mut cache = match self.report.take() {
            Some(cache) => cache,
            None => ReportCache::of(self.full_report()?),
        };
        if !cache.is_current() {
            cache.refresh(&self.store)?;
        }
        let report = cache.report.clone();
        self.report = Some(cache);
        Ok(report)
    }

    /// The report on everything in the corpus, every story corroborated from the stored documents.
    pub fn full_report(&self) -> Result<Report> {
        let docs = self.store.docs()?;
        let members = self.store.story_members()?;
        let corroboration = corroborate::corroborate(&docs, &members);
        Ok(report::assemble(&docs, corroboration.stories, &corroboration.derivations, self.store.rejected()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_docs() -> Vec<Doc> {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let batch = read_and_analyze(&[examples], &ingest::Limits::default(), &|| {});
        assert!(batch.rejected.is_empty(), "{:?}", batch.rejected);
        batch.docs
    }

    #[test]
    fn a_report_kept_up_to_date_equals_a_fresh_one_after_every_batch() {
        let docs = example_docs();
        assert!(docs.len() >= 12, "the examples hold several stories of several articles");
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("corpus.db");
        let mut corpus = Corpus::open(&db).unwrap();
        assert!(corpus.report().unwrap().articles.is_empty());
        for (i, batch) in docs.chunks(4).enumerate() {
            let rejected = [Rejected { source: format!("bad-{i}.bin"), reason: "not an article".into() }];
            let outcome = corpus.add(batch, &rejected).unwrap();
            assert_eq!(outcome.added_stories.len(), outcome.added);
            let kept = corpus.report().unwrap();
            let fresh = Corpus::open(&db).unwrap().full_report().unwrap();
            assert_eq!(*kept, fresh, "after batch {i}");
        }
        assert!(corpus.report().unwrap().stories.iter().any(|s| s.articles.len() > 1), "some batch joined an earlier story");
    }

    #[test]
    fn a_batch_of_known_articles_leaves_the_report_as_it_was() {
        let docs = example_docs();
        let mut corpus = Corpus::in_memory().unwrap();
        corpus.add(&docs, &[]).unwrap();
        let before = corpus.report().unwrap();
        let outcome = corpus.add(&docs, &[]).unwrap();
        assert_eq!(outcome.added, 0);
        assert!(Arc::ptr_eq(&before, &corpus.report().unwrap()), "nothing was corroborated again");
    }
}
