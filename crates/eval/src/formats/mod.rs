//! Input formats: feed field mapping against feedparser's conformance feeds,
//! and WARC/ARC robustness on warcio's test archives.

pub mod expect;

use std::path::{Path as FsPath, PathBuf};

use expect::{Clause, Literal, Path, Step};
use ingest::feed::{Feed, FeedItem};

/// Which feed field an expectation path reads, when it is one ingest maps to an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    FeedTitle,
    FeedLanguage,
    Title,
    Link,
    Author,
    Published,
    Updated,
    PublishedParsed,
    UpdatedParsed,
    Content,
    Summary,
}

fn field(path: &Path) -> Option<(Option<usize>, Field)> {
    let keys: Vec<&str> = path
        .steps
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.as_str(),
            Step::Index(_) => "#",
        })
        .collect();
    if path.root == "feed" {
        let f = match keys.as_slice() {
            ["title"] | ["title_detail", "value"] => Field::FeedTitle,
            ["language"] => Field::FeedLanguage,
            _ => return None,
        };
        return Some((None, f));
    }
    let Some(Step::Index(entry)) = path.steps.first() else { return None };
    let f = match &keys[1..] {
        ["title"] | ["title_detail", "value"] => Field::Title,
        ["link"] => Field::Link,
        ["author"] | ["author_detail", "name"] => Field::Author,
        ["published"] => Field::Published,
        ["updated"] => Field::Updated,
        ["published_parsed"] => Field::PublishedParsed,
        ["updated_parsed"] => Field::UpdatedParsed,
        ["content", "#", "value"] => Field::Content,
        ["summary"] | ["description"] | ["summary_detail", "value"] => Field::Summary,
        _ => return None,
    };
    Some((Some(*entry), f))
}

/// Verdict on one conformance file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedVerdict {
    Pass,
    Fail(String),
    /// Not counted, with why.
    OutOfScope(&'static str),
}

/// Checks one conformance feed against its `Expect:` line.
pub fn check_feed_file(bytes: &[u8]) -> FeedVerdict {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let Some(expect) = text.lines().find_map(|l| l.trim().strip_prefix("Expect:")).map(str::trim).or_else(|| json_expect(&text)) else {
        return FeedVerdict::OutOfScope("no Expect line");
    };
    if text.lines().any(|l| l.trim_start().starts_with("Header:")) {
        return FeedVerdict::OutOfScope("depends on HTTP headers of feedparser's test server");
    }
    let clauses = expect::parse(expect);
    let mut checks = Vec::new();
    for clause in &clauses {
        match clause {
            Clause::Bozo(_) => {}
            Clause::EntryCount(_) => checks.push(clause.clone()),
            Clause::Equals(paths, _) => {
                if paths.iter().all(|p| field(p).is_some()) {
                    checks.push(clause.clone());
                } else {
                    return FeedVerdict::OutOfScope("expects a field ingest does not map");
                }
            }
            Clause::Unsupported(_) => return FeedVerdict::OutOfScope("expectation is not a field comparison"),
        }
    }
    if checks.is_empty() {
        return FeedVerdict::OutOfScope("only states bozo (well-formedness)");
    }
    let feed = match ingest::feed::parse_bytes(bytes) {
        Ok(feed) => feed,
        Err(e) => return FeedVerdict::Fail(e),
    };
    for check in checks {
        match check {
            Clause::EntryCount(n) if feed.items.len() != n => {
                return FeedVerdict::Fail(format!("{} entries, expected {n}", feed.items.len()))
            }
            Clause::Equals(paths, literal) => {
                for path in &paths {
                    let Some((entry, f)) = field(path) else { continue };
                    if let Err(e) = compare(&feed, entry, f, &literal) {
                        return FeedVerdict::Fail(format!("{f:?}: {e}"));
                    }
                }
            }
            _ => {}
        }
    }
    FeedVerdict::Pass
}

/// JSON feeds carry their expectation in a `__TEST__` member.
fn json_expect(text: &str) -> Option<&str> {
    let start = text.find("Expect:")? + "Expect:".len();
    let rest = &text[start..];
    Some(rest[..rest.find("-->").unwrap_or(rest.len())].trim())
}

/// Text as a reader sees it: markup removed, entities decoded, whitespace collapsed.
fn visible(s: &str) -> String {
    let text = if s.contains('<') || s.contains('&') { ingest::markup_text(s) } else { s.to_string() };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn compare(feed: &Feed, entry: Option<usize>, f: Field, literal: &Literal) -> Result<(), String> {
    let item: Option<&FeedItem> = entry.and_then(|i| feed.items.get(i));
    if entry.is_some() && item.is_none() {
        return Err(format!("entry {} missing", entry.unwrap_or(0)));
    }
    let got: Option<String> = match (f, item) {
        (Field::FeedTitle, _) => feed.title.clone(),
        (Field::FeedLanguage, _) => feed.language.clone(),
        (Field::Title, Some(i)) => ingest::feed::draft(String::new(), feed, i, ingest::feed::is_aggregator(feed, &feed.items)).title,
        (Field::Link, Some(i)) => i.link.clone(),
        (Field::Author, Some(i)) => i.authors.first().cloned(),
        (Field::Published | Field::PublishedParsed, Some(i)) => i.published.clone(),
        (Field::Updated | Field::UpdatedParsed, Some(i)) => i.updated.clone(),
        (Field::Content, Some(i)) => i.content.as_ref().map(|b| b.paragraphs().join(" ")),
        (Field::Summary, Some(i)) => i.summary.as_ref().map(|b| b.paragraphs().join(" ")),
        _ => None,
    };
    let ok = match (f, literal) {
        (_, Literal::None) => got.is_none(),
        (Field::Published | Field::Updated, Literal::Str(want)) => {
            same_instant(got.as_deref(), ingest::dates::normalize_date(want).as_deref())
        }
        (Field::PublishedParsed | Field::UpdatedParsed, Literal::Tuple(want)) => {
            got.as_deref().and_then(struct_time).is_some_and(|t| want.len() >= 6 && t[..6] == want[..6])
        }
        (Field::Author, Literal::Str(want)) => got.as_deref().map(visible) == Some(visible(&author_name(want))),
        (Field::FeedLanguage, Literal::Str(want)) => got.as_deref().map(str::to_lowercase) == Some(want.to_lowercase()),
        (_, Literal::Str(want)) => got.as_deref().map(visible) == Some(visible(want)),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("got {got:?}, expected {literal:?}"))
    }
}

/// feedparser's `author` is "Name (email)" when both are given; articles keep the name.
fn author_name(raw: &str) -> String {
    match (raw.find(" ("), raw.ends_with(')')) {
        (Some(open), true) if raw[open + 2..raw.len() - 1].contains('@') => raw[..open].to_string(),
        _ => raw.to_string(),
    }
}

fn same_instant(a: Option<&str>, b: Option<&str>) -> bool {
    match (a.and_then(ingest::dates::to_utc), b.and_then(ingest::dates::to_utc)) {
        (Some(x), Some(y)) => x == y,
        _ => a.is_some() && a == b,
    }
}

/// The first six fields of Python's `time.struct_time` in UTC.
fn struct_time(rfc3339: &str) -> Option<Vec<i64>> {
    let utc = ingest::dates::to_utc(rfc3339)?;
    let field = |range: std::ops::Range<usize>| utc.get(range).and_then(|s| s.parse::<i64>().ok());
    Some(vec![field(0..4)?, field(5..7)?, field(8..10)?, field(11..13)?, field(14..16)?, field(17..19)?])
}

/// Totals over the conformance feeds.
#[derive(Debug, Default)]
pub struct FeedScore {
    pub pass: usize,
    pub fail: Vec<(PathBuf, String)>,
    pub out_of_scope: std::collections::BTreeMap<&'static str, usize>,
    /// Files read through `ingest::read_path` (the real path) without a panic.
    pub read_without_panic: usize,
    pub files: usize,
}

/// Which part of the conformance files to score: sorted by path, every fifth
/// file is dev, the others train (used while mapping fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Train,
    Dev,
    All,
}

/// Scores the `.xml`/`.json` files of `split` under `dir`.
pub fn score_feeds(dir: &FsPath, split: Split) -> FeedScore {
    let (files, _) = ingest::expand_inputs(&[dir.to_path_buf()]);
    let feeds = files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "xml" || e == "json"));
    let mut score = FeedScore::default();
    for (index, file) in feeds.enumerate() {
        let in_split = match split {
            Split::Train => index % 5 != 4,
            Split::Dev => index % 5 == 4,
            Split::All => true,
        };
        if !in_split {
            continue;
        }
        score.files += 1;
        let Ok(bytes) = std::fs::read(&file) else { continue };
        match check_feed_file(&bytes) {
            FeedVerdict::Pass => score.pass += 1,
            FeedVerdict::Fail(why) => score.fail.push((file.clone(), why)),
            FeedVerdict::OutOfScope(why) => *score.out_of_scope.entry(why).or_default() += 1,
        }
        let limits = ingest::Limits::default();
        if std::panic::catch_unwind(|| ingest::read_path(&file, &limits)).is_ok() {
            score.read_without_panic += 1;
        }
    }
    score
}

/// What reading one archive gave.
#[derive(Debug)]
pub struct ArchiveResult {
    pub file: PathBuf,
    pub articles: Vec<(String, Option<String>, Option<String>, usize)>,
    pub rejected: Vec<(String, String)>,
    pub panicked: bool,
}

/// Reads every file of the WARC/ARC fixtures through `ingest::read_path`.
pub fn read_archives(dir: &FsPath) -> Vec<ArchiveResult> {
    let (files, _) = ingest::expand_inputs(&[dir.to_path_buf()]);
    let mut results = Vec::new();
    for file in files {
        let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if name == "LICENSE" || name.ends_with(".md") {
            continue;
        }
        let limits = ingest::Limits::default();
        match std::panic::catch_unwind(|| ingest::read_path(&file, &limits)) {
            Ok(outcome) => results.push(ArchiveResult {
                file,
                articles: outcome
                    .articles
                    .iter()
                    .map(|a| (a.source.clone(), a.url.clone(), a.published.clone(), a.word_count()))
                    .collect(),
                rejected: outcome.rejected.into_iter().map(|r| (r.source, r.reason)).collect(),
                panicked: false,
            }),
            Err(_) => results.push(ArchiveResult { file, articles: vec![], rejected: vec![], panicked: true }),
        }
    }
    results
}

/// Real pages read end to end (gzip detection, charset, extraction, cleaning).
#[derive(Debug, Default)]
pub struct PagesResult {
    pub files: usize,
    pub articles: usize,
    pub rejected: Vec<(String, String)>,
    pub panics: usize,
    pub seconds: f64,
    pub bytes: u64,
}

/// Reads every file under `dir` through `ingest::read_path` and times it.
pub fn read_pages(dir: &FsPath) -> PagesResult {
    let (files, _) = ingest::expand_inputs(&[dir.to_path_buf()]);
    let mut result = PagesResult::default();
    let limits = ingest::Limits::default();
    let start = std::time::Instant::now();
    for file in files {
        result.files += 1;
        result.bytes += std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        match std::panic::catch_unwind(|| ingest::read_path(&file, &limits)) {
            Ok(outcome) => {
                result.articles += outcome.articles.len();
                result.rejected.extend(outcome.rejected.into_iter().map(|r| (r.source, r.reason)));
            }
            Err(_) => result.panics += 1,
        }
    }
    result.seconds = start.elapsed().as_secs_f64();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_a_feed_against_its_expectation() {
        let good = b"<!--\nExpect: not bozo and entries[0]['title'] == 'Hi &amp; bye' and entries[0]['published_parsed'] == (2004, 1, 1, 19, 48, 21, 3, 1, 0)\n-->\n<rss version=\"2.0\"><channel><item><title>Hi &amp;amp; bye</title><pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate></item></channel></rss>";
        assert_eq!(check_feed_file(good), FeedVerdict::Pass);
        let bad = b"<!--\nExpect: not bozo and entries[0]['link'] == 'http://x/'\n-->\n<rss version=\"2.0\"><channel><item><link>http://y/</link></item></channel></rss>";
        assert!(matches!(check_feed_file(bad), FeedVerdict::Fail(_)));
        let unmapped = b"<!--\nExpect: not bozo and feed['generator'] == 'x'\n-->\n<rss/>";
        assert!(matches!(check_feed_file(unmapped), FeedVerdict::OutOfScope(_)));
    }
}
