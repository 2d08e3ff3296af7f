//! The one-way flow: read inputs → analyse articles (in parallel) → store →
//! stories → report. The CLI and the web app both go through here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use corroborate::StoryIndex;
use model::{Doc, Rejected, Report};
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

/// A store with the story index that goes with it.
pub struct Corpus {
    store: store::Store,
    stories: StoryIndex,
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
        Ok(Corpus { store, stories })
    }

    pub fn store(&self) -> &store::Store {
        &self.store
    }

    pub fn article_count(&self) -> Result<usize> {
        self.store.article_count()
    }

    /// Stores new documents, each given its story, and the rejections, in one transaction.
    pub fn add(&mut self, docs: Vec<Doc>, rejected: &[Rejected]) -> Result<Outcome> {
        let mut outcome = Outcome { read: docs.len(), rejected: rejected.len(), ..Default::default() };
        let stories = &mut self.stories;
        self.store.transaction(|store| {
            for doc in &docs {
                match store.insert(doc)? {
                    store::Insert::Added => {
                        let story = stories.assign(doc);
                        store.set_story(&doc.article.id, &story)?;
                        outcome.added += 1;
                        outcome.added_ids.push(doc.article.id.clone());
                    }
                    store::Insert::Duplicate(_) => outcome.duplicates += 1,
                }
            }
            for r in rejected {
                store.add_rejected(r)?;
            }
            Ok(())
        })?;
        Ok(outcome)
    }

    /// The report on everything in the corpus.
    pub fn report(&self) -> Result<Report> {
        let docs = self.store.docs()?;
        let members = self.store.story_members()?;
        let corroboration = corroborate::corroborate(&docs, &members);
        Ok(report::assemble(&docs, corroboration.stories, &corroboration.derivations, self.store.rejected()?))
    }
}
