//! Full-text search over articles and their quotes, with tantivy.
//!
//! The index lives in a directory beside the corpus database (`<db>.search/`),
//! is updated as articles arrive (each [`SearchIndex::add`] commits before it
//! returns) and can be rebuilt from the store when missing or out of step.
//! Queries use tantivy's syntax: words (all required), `"phrases"`, `-excluded`,
//! `title:word`; filters narrow by outlet, language, kind and publication day.

use std::ops::Bound;
use std::path::Path;
use std::sync::Mutex;

use anyhow::{anyhow, Context, Result};
use model::Doc;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, Value, FAST, INDEXED, STORED, STRING, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Memory given to the index writer (tantivy's minimum is 15 MB).
const WRITER_MEMORY: usize = 50_000_000;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// What a hit is: a whole article or one quote in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    Article,
    Quote,
}

impl HitKind {
    /// The name used in the index, in URLs and in the JSON API.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Article => "article",
            HitKind::Quote => "quote",
        }
    }

    /// The kind named `name`, if any.
    pub fn parse(name: &str) -> Option<HitKind> {
        match name {
            "article" => Some(HitKind::Article),
            "quote" => Some(HitKind::Quote),
            _ => None,
        }
    }
}

/// A search: the query text and optional filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    /// Exact outlet name.
    pub outlet: Option<String>,
    /// ISO 639-1 code.
    pub language: Option<String>,
    pub kind: Option<HitKind>,
    /// First publication day included, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last publication day included, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// A stretch of text with the byte ranges that matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges into `text`, in order, on char boundaries.
    pub highlights: Vec<(usize, usize)>,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: HitKind,
    /// The article's id (for a quote, the article it is in).
    pub article: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub language: String,
    /// For quotes: who said it, as written.
    pub speaker: Option<String>,
    pub snippet: Snippet,
    pub score: f32,
}

/// A page of results with the total number of matches.
#[derive(Debug, Clone)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Clone, Copy)]
struct Fields {
    kind: Field,
    article: Field,
    outlet: Field,
    language: Field,
    day: Field,
    published: Field,
    /// Searched in articles only, so that a quote matches by its own words.
    title: Field,
    /// The article's title, stored on every entry for display.
    heading: Field,
    body: Field,
    speaker: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        article: b.add_text_field("article", STRING | STORED),
        outlet: b.add_text_field("outlet", STRING | STORED),
        language: b.add_text_field("language", STRING | STORED),
        day: b.add_i64_field("day", INDEXED | FAST),
        published: b.add_text_field("published", STORED),
        title: b.add_text_field("title", TEXT),
        heading: b.add_text_field("heading", STORED),
        body: b.add_text_field("body", TEXT | STORED),
        speaker: b.add_text_field("speaker", TEXT | STORED),
    };
    (b.build(), fields)
}

/// The search index: readable from many threads, written by one at a time.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index when missing.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create search index directory {}", dir.display()))?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)
            .with_context(|| format!("cannot open search index {}", dir.display()))?;
        let index = Index::open_or_create(directory, schema.clone())
            .with_context(|| format!("search index {} has another layout; delete it to rebuild", dir.display()))?;
        Self::with_index(index, fields)
    }

    /// An index in memory, for tests and one-off runs.
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<SearchIndex> {
        let writer = index.writer(WRITER_MEMORY)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, writer: Mutex::new(writer), fields })
    }

    /// The index directory that goes with a corpus database: `<db>.search`.
    pub fn dir_for_database(db: &Path) -> std::path::PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".search");
        std::path::PathBuf::from(name)
    }

    /// Number of articles indexed.
    pub fn article_count(&self) -> Result<usize> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(Term::from_field_text(self.fields.kind, HitKind::Article.as_str()), IndexRecordOption::Basic);
        Ok(searcher.search(&query, &Count)?)
    }

    /// Indexes documents (replacing any earlier version of the same articles) and commits,
    /// so that they are searchable and durable when this returns. On failure nothing of them
    /// is indexed.
    pub fn add<'a>(&self, docs: impl IntoIterator<Item = &'a Doc>) -> Result<()> {
        self.change(|writer| {
            for doc in docs {
                writer.delete_term(Term::from_field_text(self.fields.article, &doc.article.id));
                for entry in self.entries(doc) {
                    writer.add_document(entry)?;
                }
            }
            Ok(())
        })
    }

    /// Takes articles (and their quotes) out of the index and commits; on failure nothing is taken out.
    pub fn remove(&self, article_ids: &[String]) -> Result<()> {
        self.change(|writer| {
            for id in article_ids {
                writer.delete_term(Term::from_field_text(self.fields.article, id));
            }
            Ok(())
        })
    }

    /// Makes changes and commits them, or rolls them all back: a failed change leaves nothing
    /// pending that a later commit would write.
    fn change(&self, make: impl FnOnce(&mut IndexWriter<TantivyDocument>) -> Result<()>) -> Result<()> {
        let mut writer = self.writer.lock().map_err(|_| anyhow!("search index writer poisoned"))?;
        let committed = make(&mut writer).and_then(|()| writer.commit().map(drop).map_err(anyhow::Error::from));
        if let Err(e) = committed {
            // The rollback error, if any, is secondary to the one that caused it.
            let _ = writer.rollback();
            return Err(e);
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the whole index with `docs` (after it went missing or out of step with the store).
    pub fn rebuild(&self, docs: &[Doc]) -> Result<()> {
        {
            let writer = self.writer.lock().map_err(|_| anyhow!("search index writer poisoned"))?;
            writer.delete_all_documents()?;
        }
        self.add(docs)
    }

    /// The index entries of one document: the article, then each of its quotes.
    fn entries(&self, doc: &Doc) -> Vec<TantivyDocument> {
        let f = self.fields;
        let a = &doc.article;
        let common = |kind: HitKind| {
            let mut d = TantivyDocument::default();
            d.add_text(f.kind, kind.as_str());
            d.add_text(f.article, &a.id);
            d.add_text(f.language, &a.language);
            if let Some(outlet) = &a.outlet {
                d.add_text(f.outlet, outlet);
            }
            if let Some(published) = &a.published {
                d.add_text(f.published, published);
                if let Some(day) = day_number(published) {
                    d.add_i64(f.day, day);
                }
            }
            if let Some(title) = &a.title {
                d.add_text(f.heading, title);
            }
            d
        };
        let mut out = Vec::with_capacity(1 + doc.quotes.len());
        let mut article = common(HitKind::Article);
        if let Some(title) = &a.title {
            article.add_text(f.title, title);
        }
        article.add_text(f.body, &a.text);
        out.push(article);
        for q in &doc.quotes {
            let mut quote = common(HitKind::Quote);
            quote.add_text(f.body, &q.text);
            if let Some(s) = &q.speaker {
                quote.add_text(f.speaker, &s.text);
            }
            out.push(quote);
        }
        out
    }

    /// Runs a search. An empty query with filters lists what the filters keep.
    pub fn search(&self, query: &SearchQuery) -> Result<Results> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body, f.speaker]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        let text = query.text.trim();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let parsed: Option<Box<dyn Query>> = if text.is_empty() {
            None
        } else {
            // Lenient: a stray quote or colon in what someone typed still searches the rest.
            let (q, _errors) = parser.parse_query_lenient(text);
            Some(q)
        };
        if let Some(q) = &parsed {
            clauses.push((Occur::Must, q.box_clone()));
        }
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        if let Some(outlet) = query.outlet.as_deref().filter(|o| !o.is_empty()) {
            clauses.push((Occur::Must, term(f.outlet, outlet)));
        }
        if let Some(language) = query.language.as_deref().filter(|l| !l.is_empty()) {
            clauses.push((Occur::Must, term(f.language, language)));
        }
        if let Some(kind) = query.kind {
            clauses.push((Occur::Must, term(f.kind, kind.as_str())));
        }
        let from = query.from.as_deref().and_then(day_number);
        let to = query.to.as_deref().and_then(day_number);
        if from.is_some() || to.is_some() {
            let bound = |d: Option<i64>| d.map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(f.day, d)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(bound(from), bound(to)))));
        }
        if clauses.is_empty() {
            return Ok(Results { total: 0, hits: Vec::new() });
        }
        if parsed.is_none() {
            clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        let combined = BooleanQuery::new(clauses);
        let limit = query.limit.clamp(1, 1000);
        let (top, total) = searcher.search(&combined, &(TopDocs::with_limit(limit).and_offset(query.offset), Count))?;
        let snippets = match &parsed {
            Some(q) => {
                let mut g = SnippetGenerator::create(&searcher, q.as_ref(), f.body)?;
                g.set_max_num_chars(SNIPPET_CHARS);
                Some(g)
            }
            None => None,
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text_of = |field: Field| doc.get_first(field).and_then(|v| v.as_str().map(String::from));
            let body = text_of(f.body).unwrap_or_default();
            let snippet = match &snippets {
                Some(g) => {
                    let s = g.snippet_from_doc(&doc);
                    if s.fragment().is_empty() {
                        leading_snippet(&body)
                    } else {
                        Snippet {
                            text: s.fragment().to_string(),
                            highlights: s.highlighted().iter().map(|r| (r.start, r.end)).collect(),
                        }
                    }
                }
                None => leading_snippet(&body),
            };
            hits.push(Hit {
                kind: text_of(f.kind).as_deref().and_then(HitKind::parse).unwrap_or(HitKind::Article),
                article: text_of(f.article).unwrap_or_default(),
                title: text_of(f.heading),
                outlet: text_of(f.outlet),
                published: text_of(f.published),
                language: text_of(f.language).unwrap_or_default(),
                speaker: text_of(f.speaker),
                snippet,
                score,
            });
        }
        Ok(Results { total, hits })
    }
}

/// The start of a text, cut at a word boundary, when no part of it matched.
fn leading_snippet(text: &str) -> Snippet {
    let mut end = text.len();
    for (count, (i, _)) in text.char_indices().enumerate() {
        if count == SNIPPET_CHARS {
            end = text[..i].rfind(char::is_whitespace).unwrap_or(i);
            break;
        }
    }
    Snippet { text: text[..end].to_string(), highlights: Vec::new() }
}

pub use model::day_number;

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Article, Quote, SpeakerMention, Span};

    fn doc(id: &str, outlet: &str, published: &str, language: &str, title: &str, text: &str, quotes: &[(&str, &str)]) -> Doc {
        Doc {
            article: Article {
                id: id.into(),
                source: format!("{id}.txt"),
                title: Some(title.into()),
                published: Some(published.into()),
                language: language.into(),
                outlet: Some(outlet.into()),
                text: text.into(),
                ..Default::default()
            },
            quotes: quotes
                .iter()
                .enumerate()
                .map(|(i, (speaker, words))| Quote {
                    id: format!("q{i}"),
                    text: (*words).into(),
                    span: Span::new(0, 0),
                    direct: true,
                    speaker: Some(SpeakerMention { span: Span::new(0, 0), text: (*speaker).into(), entity: None }),
                    cue: Some("said".into()),
                    via: None,
                    sentence: 0,
                })
                .collect(),
            ..Default::default()
        }
    }

    fn corpus() -> Vec<Doc> {
        vec![
            doc("a1", "Wire", "2020-03-03T08:00:00Z", "en", "Earthquake strikes the coast", "A strong earthquake struck the coast on Tuesday. Rescue teams arrived.", &[("Maria Lopez", "We will rebuild every house")]),
            doc("a2", "Daily", "2020-03-05", "en", "Rebuilding begins", "Rebuilding began after the earthquake. The coast is calm.", &[]),
            doc("a3", "Zeitung", "2020-03-04", "de", "Erdbeben an der Küste", "Ein starkes Erdbeben erschütterte die Küste.", &[]),
        ]
    }

    fn query(text: &str) -> SearchQuery {
        SearchQuery { text: text.into(), limit: 10, ..Default::default() }
    }

    #[test]
    fn finds_articles_and_quotes_with_highlights() {
        let index = SearchIndex::in_memory().unwrap();
        index.add(&corpus()).unwrap();
        assert_eq!(index.article_count().unwrap(), 3);
        let r = index.search(&query("earthquake")).unwrap();
        assert_eq!(r.total, 2);
        let hit = &r.hits[0];
        let (s, e) = hit.snippet.highlights[0];
        assert_eq!(hit.snippet.text[s..e].to_lowercase(), "earthquake");
        let quotes = index.search(&SearchQuery { kind: Some(HitKind::Quote), ..query("rebuild") }).unwrap();
        assert_eq!(quotes.total, 1);
        assert_eq!(quotes.hits[0].speaker.as_deref(), Some("Maria Lopez"));
        assert_eq!(quotes.hits[0].article, "a1");
        // The speaker's name finds the quote too.
        assert_eq!(index.search(&query("lopez")).unwrap().total, 1);
    }

    #[test]
    fn phrases_and_filters() {
        let index = SearchIndex::in_memory().unwrap();
        index.add(&corpus()).unwrap();
        assert_eq!(index.search(&query("\"every house\"")).unwrap().total, 1);
        assert_eq!(index.search(&query("\"house every\"")).unwrap().total, 0);
        let only_daily = index.search(&SearchQuery { outlet: Some("Daily".into()), ..query("earthquake") }).unwrap();
        assert_eq!(only_daily.hits.iter().map(|h| h.article.as_str()).collect::<Vec<_>>(), vec!["a2"]);
        let in_range = index.search(&SearchQuery { from: Some("2020-03-04".into()), to: Some("2020-03-04".into()), ..query("") }).unwrap();
        assert_eq!(in_range.hits.iter().map(|h| h.article.as_str()).collect::<Vec<_>>(), vec!["a3"]);
        let german = index.search(&SearchQuery { language: Some("de".into()), ..query("küste") }).unwrap();
        assert_eq!(german.total, 1);
        // Nothing to search for and nothing to filter by: no results rather than everything.
        assert_eq!(index.search(&query("   ")).unwrap().total, 0);
        // Malformed queries do not fail.
        for odd in ["\"unclosed", "title:", "((", "-", "AND OR", "日本語"] {
            assert!(index.search(&query(odd)).is_ok(), "{odd}");
        }
    }

    #[test]
    fn re_adding_replaces_and_the_index_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db.search");
        {
            let index = SearchIndex::open(&path).unwrap();
            index.add(&corpus()).unwrap();
            index.add(&corpus()[..1]).unwrap();
            assert_eq!(index.article_count().unwrap(), 3);
        }
        let index = SearchIndex::open(&path).unwrap();
        assert_eq!(index.article_count().unwrap(), 3);
        index.rebuild(&corpus()[1..]).unwrap();
        assert_eq!(index.article_count().unwrap(), 2);
        index.remove(&["a2".to_string(), "not-indexed".to_string()]).unwrap();
        assert_eq!(index.article_count().unwrap(), 1);
        assert_eq!(index.search(&query("rebuilding")).unwrap().total, 0);
        assert_eq!(SearchIndex::dir_for_database(Path::new("/x/c.db")), Path::new("/x/c.db.search"));
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2020-03-01T10:00:00+01:00"), Some(18322));
        assert_eq!(day_number("2020-13-01"), None);
        assert_eq!(day_number("März"), None);
        assert_eq!(leading_snippet("short").text, "short");
    }
}
