//! The one-way flow: read inputs → analyse articles (in parallel) → store →
//! stories → report. The CLI and the web app both go through here.
//!
//! Inputs are read and analysed a chunk at a time ([`read_and_analyze_each`]), so a run holds
//! a few chunks of articles whatever the size of its inputs; a batch is stored, given its
//! stories and indexed for search all together or not at all ([`Corpus::add_indexed`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
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

impl Outcome {
    /// Adds up the outcomes of two batches, the other one after this one.
    pub fn absorb(&mut self, other: Outcome) {
        self.read += other.read;
        self.added += other.added;
        self.duplicates += other.duplicates;
        self.rejected += other.rejected;
        self.added_ids.extend(other.added_ids);
        self.added_stories.extend(other.added_stories);
    }
}

/// What a run of reads hands on at a time: analysed articles and rejected inputs, each in input order.
#[derive(Debug, Default)]
pub struct Chunk {
    pub docs: Vec<Doc>,
    pub rejected: Vec<Rejected>,
}

/// Analysed articles handed on together (the last chunk of a run may hold fewer, and a group
/// of small files may bring a few more): with the articles read ahead while they are analysed,
/// what a run holds at once, whatever the size of its inputs.
pub const CHUNK_ARTICLES: usize = 256;

/// Files up to this size are read whole, several in parallel; larger ones (feeds, archives,
/// JSON Lines) are streamed record by record while the records read so far are analysed.
const WHOLE_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Most bytes (on disk) of the small files read together in parallel.
const GROUP_BYTES: u64 = 32 * 1024 * 1024;

/// File names (without extension, any case) that document a folder of articles.
const DOCUMENTATION_NAMES: &[&str] = &["readme", "license", "licence", "copying", "notice", "changelog", "authors"];

fn is_documentation(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map(|s| s.to_ascii_lowercase())
        .is_some_and(|s| DOCUMENTATION_NAMES.contains(&s.as_str()))
}

/// How a run is cut into chunks.
#[derive(Debug, Clone, Copy)]
struct Chunking {
    articles: usize,
    whole_file_bytes: u64,
}

impl Default for Chunking {
    fn default() -> Self {
        Chunking { articles: CHUNK_ARTICLES, whole_file_bytes: WHOLE_FILE_BYTES }
    }
}

impl Chunking {
    /// Size of a file read whole, or `None` for an input to stream (stdin, large files).
    fn whole_file_size(&self, path: &Path) -> Option<u64> {
        if path.as_os_str() == "-" {
            return None;
        }
        // A file that cannot be inspected is read whole: reading it rejects it with its reason.
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        (size <= self.whole_file_bytes).then_some(size)
    }
}

/// Reads and analyses every input (directories recursively) and hands on what they give in
/// chunks of about [`CHUNK_ARTICLES`] articles, in input order, so that memory stays bounded
/// whatever the size of the inputs. `progress` is called once per input file read. Stops at
/// the first error `each` returns. Returns the files skipped because they document a folder
/// (README, LICENSE…) rather than being articles: not read, and named so that nothing goes
/// unmentioned.
pub fn read_and_analyze_each(
    inputs: &[PathBuf],
    limits: &ingest::Limits,
    progress: &(dyn Fn() + Sync),
    each: &mut dyn FnMut(Chunk) -> Result<()>,
) -> Result<Vec<PathBuf>> {
    read_in_chunks(inputs, limits, Chunking::default(), progress, each)
}

fn read_in_chunks(
    inputs: &[PathBuf],
    limits: &ingest::Limits,
    chunking: Chunking,
    progress: &(dyn Fn() + Sync),
    each: &mut dyn FnMut(Chunk) -> Result<()>,
) -> Result<Vec<PathBuf>> {
    let (expanded, rejected) = ingest::expand_inputs(inputs);
    // A file named on the command line is always read; inside a directory, documentation is not.
    let (skipped, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        expanded.into_iter().partition(|p| is_documentation(p) && !inputs.contains(p));
    let mut run = ChunkedRun { pending: Chunk { docs: Vec::new(), rejected }, unanalysed: Vec::new(), chunk_articles: chunking.articles, each };
    let mut next = 0;
    while next < paths.len() {
        let Some(first_size) = chunking.whole_file_size(&paths[next]) else {
            run.stream(&paths[next], limits)?;
            progress();
            next += 1;
            continue;
        };
        // Consecutive small files, read and analysed in parallel.
        let mut end = next + 1;
        let mut bytes = first_size;
        while end < paths.len() && end - next < chunking.articles && bytes < GROUP_BYTES {
            let Some(size) = chunking.whole_file_size(&paths[end]) else { break };
            bytes += size;
            end += 1;
        }
        let read: Vec<(Vec<Doc>, Vec<Rejected>)> = paths[next..end]
            .par_iter()
            .map(|path| {
                let outcome = ingest::read_path(path, limits);
                progress();
                (analyze_all(outcome.articles), outcome.rejected)
            })
            .collect();
        run.analyse_unanalysed();
        for (docs, rejected) in read {
            run.pending.docs.extend(docs);
            run.pending.rejected.extend(rejected);
        }
        run.hand_on_when_full()?;
        next = end;
    }
    run.analyse_unanalysed();
    if !run.pending.docs.is_empty() || !run.pending.rejected.is_empty() {
        (run.each)(std::mem::take(&mut run.pending))?;
    }
    Ok(skipped)
}

/// The chunk being filled: analysed articles and rejections, then articles read but not yet
/// analysed (which come after them in input order).
struct ChunkedRun<'a> {
    pending: Chunk,
    unanalysed: Vec<model::Article>,
    chunk_articles: usize,
    each: &'a mut dyn FnMut(Chunk) -> Result<()>,
}

impl ChunkedRun<'_> {
    fn analyse_unanalysed(&mut self) {
        if !self.unanalysed.is_empty() {
            self.pending.docs.extend(analyze_all(std::mem::take(&mut self.unanalysed)));
        }
    }

    fn hand_on_when_full(&mut self) -> Result<()> {
        if self.pending.docs.len() >= self.chunk_articles {
            (self.each)(std::mem::take(&mut self.pending))?;
        }
        Ok(())
    }

    /// Streams one input: a reader thread reads record after record (at most a chunk ahead)
    /// while the records read so far are analysed in parallel, a chunk at a time.
    fn stream(&mut self, path: &Path, limits: &ingest::Limits) -> Result<()> {
        std::thread::scope(|scope| {
            let (sender, entries) = std::sync::mpsc::sync_channel::<ingest::Entry>(self.chunk_articles);
            scope.spawn(move || {
                // Once the receiving side has given up (an error), the rest is read but dropped:
                // the reader has no way to stop early.
                let mut open = true;
                ingest::read_path_each(path, limits, &mut |entry| open = open && sender.send(entry).is_ok());
            });
            for entry in entries {
                match entry {
                    ingest::Entry::Article(article) => {
                        self.unanalysed.push(article);
                        if self.pending.docs.len() + self.unanalysed.len() >= self.chunk_articles {
                            self.analyse_unanalysed();
                            self.hand_on_when_full()?;
                        }
                    }
                    ingest::Entry::Rejected(rejected) => self.pending.rejected.push(rejected),
                }
            }
            Ok(())
        })
    }
}

/// Reads and analyses an input already in memory (an upload), named `source`.
pub fn read_bytes_and_analyze(source: &str, bytes: &[u8], limits: &ingest::Limits) -> (Vec<Doc>, Vec<Rejected>) {
    let outcome = ingest::read_bytes(source, bytes, limits);
    (analyze_all(outcome.articles), outcome.rejected)
}

/// Articles analysed together: their title-and-lead embeddings then stream the sentence
/// encoder's weights once per batch (`analyze::analyze_batch` gives what one at a time gives).
const ANALYSIS_BATCH: usize = 16;

fn analyze_all(articles: Vec<model::Article>) -> Vec<Doc> {
    articles.into_par_iter().chunks(ANALYSIS_BATCH).flat_map_iter(analyze::analyze_batch).collect()
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
    /// Stories merged into another since: gone from the report (the story they were merged
    /// into is stale, and took their place in the order of first articles, as it is older).
    merged_stories: HashSet<String>,
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
            merged_stories: HashSet::new(),
        }
    }

    fn is_current(&self) -> bool {
        self.new_articles.is_empty() && self.new_rejected.is_empty() && self.stale_stories.is_empty()
    }

    /// Marks a story as changed since the report was made.
    fn stale(&mut self, story: String) {
        if self.stale_set.insert(story.clone()) {
            self.stale_stories.push(story);
        }
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
        if !self.merged_stories.is_empty() {
            report.stories.retain(|s| !self.merged_stories.contains(&s.id));
            self.story_positions = report.stories.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
            self.merged_stories.clear();
        }
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

    fn with_store(store: store::Store) -> Result<Corpus> {
        Self::with_store_and_params(store, corroborate::StoryParams::default())
    }

    /// Loads the story index from the recorded memberships, without re-deciding them.
    fn with_store_and_params(store: store::Store, params: corroborate::StoryParams) -> Result<Corpus> {
        let mut stories = StoryIndex::with_params(params);
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
        self.add_indexed(docs, rejected, None)
    }

    /// Stores new documents, each given its story, and the rejections, and indexes the new
    /// documents in `search`: all of it or, when any part fails, none of it. The store, the
    /// story index, the search index and the kept report then still agree with each other.
    pub fn add_indexed(&mut self, docs: &[Doc], rejected: &[Rejected], search: Option<&search::SearchIndex>) -> Result<Outcome> {
        let mut outcome = Outcome { read: docs.len(), rejected: rejected.len(), ..Default::default() };
        let mut joined: Vec<(&Doc, String)> = Vec::new();
        // Stories merged into another during the batch.
        let mut merged: Vec<String> = Vec::new();
        // Set once the search index holds the new documents: a store commit that fails after
        // that must take them out again.
        let mut indexed = false;
        // What each article brings to story assignment depends on the article alone: the
        // batch's are computed in parallel, the assignment itself goes in order.
        let signals: Vec<corroborate::Signals> = {
            use rayon::prelude::*;
            docs.par_iter().map(|doc| self.stories.signals(doc)).collect()
        };
        let stories = &mut self.stories;
        // Stories are assigned before the store commits; a failed batch is taken back out.
        stories.begin();
        let stored = self.store.transaction(|store| {
            for (doc, signals) in docs.iter().zip(signals) {
                match store.insert(doc)? {
                    store::Insert::Added => {
                        let story = stories.assign_signals(&doc.article.id, signals);
                        // The article bridged stories: their recorded members move to the one it joined.
                        for (from, into) in stories.take_merges() {
                            store.merge_stories(&from, &into)?;
                            merged.push(from);
                        }
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
            if let Some(search) = search {
                search.add(joined.iter().map(|(doc, _)| *doc)).context("cannot index the new articles for search")?;
                indexed = true;
            }
            Ok(())
        });
        if let Err(error) = stored {
            stories.rollback();
            if let (true, Some(search)) = (indexed, search) {
                if let Err(unindexed) = search.remove(&outcome.added_ids) {
                    return Err(error.context(format!(
                        "and the search index still holds the articles the store refused ({unindexed:#}); it is rebuilt when the app starts again"
                    )));
                }
            }
            return Err(error);
        }
        stories.commit();
        // An article that joined a story merged later in the batch is in the merged story now.
        for story in &mut outcome.added_stories {
            *story = stories.current_id(story).to_string();
        }
        if let Some(cache) = &mut self.report {
            for (doc, story) in joined {
                cache.new_articles.push(ReportArticle::from_article(&doc.article));
                cache.stale(stories.current_id(&story).to_string());
            }
            // The story each was merged into is stale already: the bridging article joined it.
            cache.merged_stories.extend(merged);
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

    /// Every chunk a run hands on, and the files it skipped.
    fn chunks_of(inputs: &[PathBuf], chunking: Chunking) -> (Vec<Chunk>, Vec<PathBuf>) {
        let mut chunks = Vec::new();
        let skipped = read_in_chunks(inputs, &ingest::Limits::default(), chunking, &|| {}, &mut |chunk| {
            chunks.push(chunk);
            Ok(())
        })
        .unwrap();
        (chunks, skipped)
    }

    fn examples() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
    }

    fn example_docs() -> Vec<Doc> {
        let (chunks, _) = chunks_of(&[examples()], Chunking::default());
        let (docs, rejected): (Vec<Vec<Doc>>, Vec<Vec<Rejected>>) = chunks.into_iter().map(|c| (c.docs, c.rejected)).unzip();
        assert!(rejected.concat().is_empty(), "{rejected:?}");
        docs.concat()
    }

    #[test]
    fn streamed_in_small_chunks_gives_what_a_whole_read_gives_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        // A JSON Lines file with good and bad records, beside the examples.
        let lines: Vec<String> = (0..9)
            .map(|i| match i % 4 {
                3 => "{not json".to_string(),
                _ => format!(r#"{{"url": "https://example.org/{i}", "title": "Record {i}", "text": "Record number {i} of the stream says something new. It has a second sentence."}}"#),
            })
            .collect();
        let jsonl = dir.path().join("stream.jsonl");
        std::fs::write(&jsonl, lines.join("\n")).unwrap();
        let inputs = [examples(), jsonl, dir.path().join("missing.html")];
        let summary = |chunks: &[Chunk]| {
            let ids: Vec<String> = chunks.iter().flat_map(|c| c.docs.iter().map(|d| d.article.id.clone())).collect();
            let rejected: Vec<Rejected> = chunks.iter().flat_map(|c| c.rejected.clone()).collect();
            (ids, rejected)
        };
        let whole = Chunking { articles: usize::MAX, whole_file_bytes: u64::MAX };
        let (one_chunk, skipped) = chunks_of(&inputs, whole);
        assert_eq!(one_chunk.len(), 1);
        let (ids, rejected) = summary(&one_chunk);
        assert!(ids.len() >= 12 + 7 && rejected.len() == 3, "{} articles, {rejected:?}", ids.len());
        assert!(rejected[0].source.ends_with("missing.html"), "inputs that cannot be found are named first: {rejected:?}");
        assert!(skipped.iter().any(|p| p.ends_with("README.md")), "{skipped:?}");
        for chunking in [Chunking::default(), Chunking { articles: 3, whole_file_bytes: 0 }, Chunking { articles: 2, whole_file_bytes: 2000 }] {
            let (chunks, again) = chunks_of(&inputs, chunking);
            assert_eq!(summary(&chunks), (ids.clone(), rejected.clone()), "{chunking:?}");
            assert_eq!(again, skipped);
            if chunking.whole_file_bytes == 0 {
                assert!(chunks.iter().all(|c| c.docs.len() <= 3), "streamed chunks stay small: {:?}", chunks.iter().map(|c| c.docs.len()).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn stops_at_the_first_failure_of_what_takes_the_chunks() {
        let mut calls = 0;
        let result = read_in_chunks(&[examples()], &ingest::Limits::default(), Chunking { articles: 2, whole_file_bytes: 0 }, &|| {}, &mut |_| {
            calls += 1;
            anyhow::bail!("the store is full")
        });
        assert_eq!(format!("{}", result.unwrap_err()), "the store is full");
        assert_eq!(calls, 1);
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

    /// Makes the store refuse the next batch from another connection, as a disk or constraint
    /// failure would: inside the transaction (`RAISE` when a rejection is recorded, after the
    /// batch's articles were stored and given stories), or at its COMMIT (a deferred foreign key).
    fn break_store(db: &Path, at_commit: bool) {
        let sql = if at_commit {
            "CREATE TABLE audited (id TEXT PRIMARY KEY);
             CREATE TABLE audit (article TEXT REFERENCES audited(id) DEFERRABLE INITIALLY DEFERRED);
             CREATE TRIGGER broken AFTER INSERT ON articles BEGIN INSERT INTO audit VALUES (NEW.id); END;"
        } else {
            "CREATE TRIGGER broken BEFORE INSERT ON rejected BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
        };
        rusqlite::Connection::open(db).unwrap().execute_batch(sql).unwrap();
    }

    fn repair_store(db: &Path) {
        rusqlite::Connection::open(db).unwrap().execute_batch("DROP TRIGGER broken").unwrap();
    }

    #[test]
    fn a_batch_the_store_refuses_leaves_stories_search_and_report_as_they_were() {
        let docs = example_docs();
        let (first, second) = docs.split_at(docs.len() / 2);
        let rejected = [Rejected { source: "bad.bin".into(), reason: "not an article".into() }];
        // What the corpus should look like: the two batches stored without trouble.
        let mut reference = Corpus::in_memory().unwrap();
        reference.add(first, &[]).unwrap();
        let expected = reference.add(second, &rejected).unwrap();
        let expected_report = reference.report().unwrap();

        for at_commit in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("corpus.db");
            let search = search::SearchIndex::in_memory().unwrap();
            let mut corpus = Corpus::open(&db).unwrap();
            corpus.add_indexed(first, &[], Some(&search)).unwrap();
            let before = corpus.report().unwrap();
            let stories_before = corpus.stories.len();

            break_store(&db, at_commit);
            let error = corpus.add_indexed(second, &rejected, Some(&search)).unwrap_err();
            assert!(format!("{error:#}").contains(if at_commit { "FOREIGN KEY" } else { "injected failure" }), "{error:#}");
            assert_eq!(corpus.article_count().unwrap(), first.len(), "at commit: {at_commit}");
            assert_eq!(search.article_count().unwrap(), first.len(), "the search index holds only stored articles");
            assert_eq!(corpus.stories.len(), stories_before, "the story index holds only stored articles");
            assert!(Arc::ptr_eq(&before, &corpus.report().unwrap()), "the kept report did not change");

            // Once the store works again, the same batch goes where it would have gone.
            repair_store(&db);
            let outcome = corpus.add_indexed(second, &rejected, Some(&search)).unwrap();
            assert_eq!(outcome, expected, "at commit: {at_commit}");
            assert_eq!(corpus.report().unwrap(), expected_report);
            assert_eq!(search.article_count().unwrap(), docs.len());
        }
    }

    /// Three articles that each say one thing twice: the third bridges the first two.
    fn bridged_docs() -> Vec<Doc> {
        let doc = |id: &str, text: &str| Doc {
            article: model::Article { id: id.into(), source: id.into(), language: "en".into(), text: text.into(), ..Default::default() },
            ..Default::default()
        };
        vec![
            doc("a", "Zebras and yaks. Zebras and yaks."),
            doc("b", "Walruses and voles. Walruses and voles."),
            doc("c", "Zebras, yaks, walruses and voles."),
            doc("d", "Zebras and walruses."),
        ]
    }

    #[test]
    fn a_merge_of_stories_is_recorded_and_the_kept_report_follows_it() {
        // Merging whenever an article matches two stories, so that these few words merge.
        let params = corroborate::StoryParams { join_threshold: 0.3, merge_threshold: 0.0, ..Default::default() };
        let docs = bridged_docs();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("corpus.db");
        let mut corpus = Corpus::with_store_and_params(store::Store::open(&db).unwrap(), params).unwrap();
        let first = corpus.add(&docs[..2], &[]).unwrap();
        assert_ne!(first.added_stories[0], first.added_stories[1], "nothing in common: two stories");
        assert_eq!(corpus.report().unwrap().stories.len(), 2);
        // The bridge arrives with an article after it, in one batch.
        let second = corpus.add(&docs[2..], &[]).unwrap();
        assert_eq!(second.added_stories, [first.added_stories[0].clone(), first.added_stories[0].clone()]);
        let kept = corpus.report().unwrap();
        assert_eq!(kept.stories.len(), 1, "the two stories are one now");
        assert_eq!(kept.stories[0].articles.len(), 4);
        let reopened = Corpus::with_store_and_params(store::Store::open(&db).unwrap(), params).unwrap();
        assert_eq!(*kept, reopened.full_report().unwrap());
        assert_eq!(reopened.stories.len(), 1, "the merge is restored from the store");
        // One batch of everything gives the same.
        let mut whole = Corpus::with_store_and_params(store::Store::in_memory().unwrap(), params).unwrap();
        whole.add(&docs, &[]).unwrap();
        assert_eq!(whole.report().unwrap().stories, kept.stories);
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
