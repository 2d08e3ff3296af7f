//! The corpus store: analysed articles, rejected inputs and story
//! assignments in SQLite (bundled; WAL; versioned migrations).
//!
//! `triangulate analyze` uses an in-memory store and `ingest`/`report`/`serve`
//! a file, so that all of them go through the same deduplication.

use std::path::Path;

use anyhow::{Context, Result};
use model::{Doc, Rejected};
use rusqlite::{params, Connection, OptionalExtension};

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
/// Never edit a released migration: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: articles with their analysis, rejected inputs, story membership.
    "CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        url TEXT UNIQUE,
        text_key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        published TEXT,
        doc TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE TABLE rejected (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id);",
];

/// What happened to a document offered to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Insert {
    Added,
    /// Already stored (same id, URL or normalised text): the id of the stored copy.
    Duplicate(String),
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) a store file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).with_context(|| format!("cannot open store {}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Self::init(conn).with_context(|| format!("cannot use store {}", path.display()))
    }

    /// A store that lives as long as the process.
    pub fn in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let version = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
        if version > MIGRATIONS.len() {
            anyhow::bail!("store schema version {version} is newer than this triangulate ({})", MIGRATIONS.len());
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(Store { conn })
    }

    /// Schema version in use.
    pub fn schema_version(&self) -> Result<usize> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// Adds an analysed article unless the same article (id, URL or normalised text) is stored.
    pub fn insert(&self, doc: &Doc) -> Result<Insert> {
        let text_key = model::stable_id("t", &[&model::normalised_for_identity(&doc.article.text)]);
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM articles WHERE id = ?1 OR url = ?2 OR text_key = ?3 LIMIT 1",
                params![doc.article.id, doc.article.url, text_key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(Insert::Duplicate(id));
        }
        self.conn.execute(
            "INSERT INTO articles (id, url, text_key, source, published, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                doc.article.id,
                doc.article.url,
                text_key,
                doc.article.source,
                doc.article.published,
                serde_json::to_string(doc)?
            ],
        )?;
        Ok(Insert::Added)
    }

    /// Every stored document, in the order they were added.
    pub fn docs(&self) -> Result<Vec<Doc>> {
        let mut stmt = self.conn.prepare("SELECT doc FROM articles ORDER BY seq")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut docs = Vec::new();
        for row in rows {
            docs.push(serde_json::from_str(&row?).context("a stored document cannot be read")?);
        }
        Ok(docs)
    }

    /// The documents of one story, in the order they were added.
    pub fn story_docs(&self, story_id: &str) -> Result<Vec<Doc>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.doc FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?1 ORDER BY a.seq",
        )?;
        let rows = stmt.query_map([story_id], |r| r.get::<_, String>(0))?;
        let mut docs = Vec::new();
        for row in rows {
            docs.push(serde_json::from_str(&row?).with_context(|| format!("a stored document of story {story_id} cannot be read"))?);
        }
        Ok(docs)
    }

    /// One stored document by article id.
    pub fn doc(&self, id: &str) -> Result<Option<Doc>> {
        let json: Option<String> =
            self.conn.query_row("SELECT doc FROM articles WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        json.map(|j| serde_json::from_str(&j).context("a stored document cannot be read")).transpose()
    }

    pub fn article_count(&self) -> Result<usize> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// Records an input that could not be read.
    pub fn add_rejected(&self, rejected: &Rejected) -> Result<()> {
        self.conn
            .execute("INSERT INTO rejected (source, reason) VALUES (?1, ?2)", params![rejected.source, rejected.reason])?;
        Ok(())
    }

    /// Every rejected input, oldest first.
    pub fn rejected(&self) -> Result<Vec<Rejected>> {
        let mut stmt = self.conn.prepare("SELECT source, reason FROM rejected ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok(Rejected { source: r.get(0)?, reason: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records which story an article belongs to.
    pub fn set_story(&self, article_id: &str, story_id: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO story_members (article_id, story_id) VALUES (?1, ?2)
             ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
            params![article_id, story_id],
        )?;
        Ok(())
    }

    /// Moves every article of story `from` to story `into` (two stories merged).
    pub fn merge_stories(&self, from: &str, into: &str) -> Result<()> {
        self.conn.execute("UPDATE story_members SET story_id = ?2 WHERE story_id = ?1", params![from, into])?;
        Ok(())
    }

    /// (article id, story id) for every article with a story, in article order.
    pub fn story_members(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.article_id, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id ORDER BY a.seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Runs `f` in one transaction: a batch of inserts is written together or not at all.
    pub fn transaction<T>(&mut self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        // A commit can fail too (a deferred constraint, a full disk): the transaction then
        // stays open until rolled back.
        let done = f(self).and_then(|v| self.conn.execute_batch("COMMIT").context("cannot commit to the store").map(|()| v));
        if done.is_err() && !self.conn.is_autocommit() {
            // The rollback error, if any, is secondary to the one that caused it.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Article;

    fn doc(url: Option<&str>, text: &str) -> Doc {
        let mut d = Doc::default();
        d.article = Article {
            id: Article::compute_id(url, text),
            source: "t".into(),
            url: url.map(String::from),
            text: text.into(),
            language: "en".into(),
            ..Default::default()
        };
        d
    }

    #[test]
    fn reingesting_changes_nothing() {
        let store = Store::in_memory().unwrap();
        assert_eq!(store.insert(&doc(Some("https://a.org/1"), "Hello world.")).unwrap(), Insert::Added);
        // Same URL, different text: duplicate.
        assert!(matches!(store.insert(&doc(Some("https://a.org/1"), "Other.")).unwrap(), Insert::Duplicate(_)));
        // Same normalised text under another URL: duplicate.
        assert!(matches!(store.insert(&doc(Some("https://b.org/2"), "hello,  WORLD")).unwrap(), Insert::Duplicate(_)));
        assert_eq!(store.insert(&doc(None, "Something else entirely.")).unwrap(), Insert::Added);
        assert_eq!(store.article_count().unwrap(), 2);
        assert_eq!(store.docs().unwrap()[0].article.text, "Hello world.");
    }

    #[test]
    fn file_store_migrates_once_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        {
            let store = Store::open(&path).unwrap();
            store.insert(&doc(None, "A text.")).unwrap();
            store.add_rejected(&Rejected { source: "x".into(), reason: "empty".into() }).unwrap();
            store.set_story(&store.docs().unwrap()[0].article.id, "s1").unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
        assert_eq!(store.article_count().unwrap(), 1);
        assert_eq!(store.rejected().unwrap().len(), 1);
        assert_eq!(store.story_members().unwrap()[0].1, "s1");
    }

    #[test]
    fn merging_stories_moves_every_member() {
        let store = Store::in_memory().unwrap();
        for (text, story) in [("First.", "s1"), ("Second.", "s2"), ("Third.", "s3"), ("Fourth.", "s2")] {
            let d = doc(None, text);
            store.insert(&d).unwrap();
            store.set_story(&d.article.id, story).unwrap();
        }
        store.merge_stories("s2", "s1").unwrap();
        let stories: Vec<String> = store.story_members().unwrap().into_iter().map(|(_, s)| s).collect();
        assert_eq!(stories, ["s1", "s1", "s3", "s1"]);
        assert!(store.story_docs("s2").unwrap().is_empty());
    }

    #[test]
    fn story_docs_are_the_members_in_insertion_order() {
        let store = Store::in_memory().unwrap();
        for (text, story) in [("First.", "s1"), ("Second.", "s2"), ("Third.", "s1")] {
            let d = doc(None, text);
            store.insert(&d).unwrap();
            store.set_story(&d.article.id, story).unwrap();
        }
        let texts = |story| store.story_docs(story).unwrap().into_iter().map(|d| d.article.text).collect::<Vec<_>>();
        assert_eq!(texts("s1"), ["First.", "Third."]);
        assert_eq!(texts("s2"), ["Second."]);
        assert!(texts("s3").is_empty());
    }

    #[test]
    fn rolls_back_a_failed_batch() {
        let mut store = Store::in_memory().unwrap();
        let result: Result<()> = store.transaction(|s| {
            s.insert(&doc(None, "One."))?;
            anyhow::bail!("interrupted")
        });
        assert!(result.is_err());
        assert_eq!(store.article_count().unwrap(), 0);
    }

    #[test]
    fn rolls_back_a_batch_whose_commit_fails() {
        let mut store = Store::in_memory().unwrap();
        // A deferred foreign key is checked at COMMIT: a real commit failure.
        store
            .conn
            .execute_batch(
                "CREATE TABLE audited (id TEXT PRIMARY KEY);
                 CREATE TABLE audit (article TEXT REFERENCES audited(id) DEFERRABLE INITIALLY DEFERRED);
                 CREATE TRIGGER audit_each AFTER INSERT ON articles BEGIN INSERT INTO audit VALUES (NEW.id); END;",
            )
            .unwrap();
        let result = store.transaction(|s| s.insert(&doc(None, "One.")));
        assert!(format!("{:#}", result.unwrap_err()).contains("cannot commit"));
        assert!(store.conn.is_autocommit(), "no transaction left open");
        assert_eq!(store.article_count().unwrap(), 0);
        store.conn.execute_batch("DROP TRIGGER audit_each").unwrap();
        assert_eq!(store.transaction(|s| s.insert(&doc(None, "One."))).unwrap(), Insert::Added);
    }
}
