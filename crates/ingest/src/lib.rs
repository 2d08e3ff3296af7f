//! Bytes in any supported format → [`model::Article`]s.
//!
//! Entry point: [`read_path`] reads a file (or `-` for stdin) whose format is
//! recognised by content, not by name: HTML, plain text, RSS/RDF/Atom and JSON
//! Feed, WARC and ARC archives, JSON Lines, each possibly gzip-compressed. It
//! gives every article it finds and every part it could not read, with why.
//!
//! Archives, feeds, JSON Lines and compressed inputs are read as streams,
//! record by record (item by item): [`read_path_each`] hands each article on as
//! soon as it is read, so an input of any size takes the memory of one record.
//! A single-article input is size-checked before it is read.

pub mod build;
pub mod dates;
pub mod decode;
pub mod feed;
pub mod html;
mod jsonl;
mod markup;
mod page;
mod plain;
pub mod sniff;
pub mod warc;

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use model::{Article, Rejected};

use crate::build::{finish, Draft};
use crate::decode::{decode, Markup};
use crate::sniff::{sniff, Format, SNIFF_BYTES};

/// What reading one input gives: articles and rejections, in input order.
#[derive(Debug, Default)]
pub struct Outcome {
    pub articles: Vec<Article>,
    pub rejected: Vec<Rejected>,
}

/// One thing read from an input: an article, or a part that could not be read and why.
#[derive(Debug)]
pub enum Entry {
    Article(Article),
    Rejected(Rejected),
}

/// Where readers put what they read, one entry at a time.
pub(crate) struct Sink<'a> {
    each: &'a mut dyn FnMut(Entry),
    given: usize,
}

impl Sink<'_> {
    fn article(&mut self, article: Article) {
        self.given += 1;
        (self.each)(Entry::Article(article));
    }

    pub(crate) fn reject(&mut self, source: impl Into<String>, reason: impl Into<String>) {
        self.given += 1;
        (self.each)(Entry::Rejected(Rejected { source: source.into(), reason: reason.into() }));
    }

    /// Adds a finished draft, or its rejection when it has no text.
    pub(crate) fn push_draft(&mut self, draft: Draft) {
        let source = draft.source.clone();
        match finish(draft) {
            Ok(article) => self.article(article),
            Err(reason) => self.reject(source, reason),
        }
    }
}

/// Collects what `read` gives into an [`Outcome`].
fn collect(read: impl FnOnce(&mut dyn FnMut(Entry))) -> Outcome {
    let mut outcome = Outcome::default();
    read(&mut |entry| match entry {
        Entry::Article(article) => outcome.articles.push(article),
        Entry::Rejected(rejected) => outcome.rejected.push(rejected),
    });
    outcome
}

/// Limits that protect the process from oversized inputs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest single article accepted, in bytes (after decompression): a whole
    /// HTML or text file, one archive record block, one JSON Lines line. Default
    /// 20 MiB. Archives, feeds and JSON Lines files as a whole have no limit.
    pub max_article_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_article_bytes: 20 * 1024 * 1024 }
    }
}

/// How many gzip layers are undone before the input is called garbage.
const MAX_GZIP_LAYERS: usize = 3;

/// Reads one input given on the command line: a file, or `-` for stdin.
pub fn read_path(path: &Path, limits: &Limits) -> Outcome {
    collect(|each| read_path_each(path, limits, each))
}

/// Reads one input, giving each article or rejection to `each` as soon as it is
/// read: the memory this takes does not grow with the size of an archive or feed.
pub fn read_path_each(path: &Path, limits: &Limits, each: &mut dyn FnMut(Entry)) {
    let source = path.display().to_string();
    let mut sink = Sink { each, given: 0 };
    if source == "-" {
        let stdin = io::stdin();
        return read_stream(&source, &mut stdin.lock(), None, limits, 0, &mut sink);
    }
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return sink.reject(&source, "no such file or directory"),
        Err(e) => return sink.reject(&source, format!("cannot read: {e}")),
    };
    if metadata.is_dir() {
        return sink.reject(&source, "is a directory (expand it with expand_inputs)");
    }
    if metadata.len() == 0 {
        return sink.reject(&source, "empty file");
    }
    match std::fs::File::open(path) {
        Ok(file) => read_stream(&source, &mut BufReader::with_capacity(64 * 1024, file), Some(metadata.len()), limits, 0, &mut sink),
        Err(e) => sink.reject(&source, format!("cannot open: {e}")),
    }
}

/// Reads an input already in memory; `source` names it in articles and rejections.
pub fn read_bytes(source: &str, bytes: &[u8], limits: &Limits) -> Outcome {
    collect(|each| read_stream(source, &mut &bytes[..], Some(bytes.len() as u64), limits, 0, &mut Sink { each, given: 0 }))
}

/// Expands directories recursively (sorted, hidden entries skipped); missing
/// paths and directories without any file are rejected; `-` is kept as is.
pub fn expand_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Rejected>) {
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                rejected.push(Rejected { source: path.display().to_string(), reason: "no such file or directory".into() })
            }
            Err(e) => rejected.push(Rejected { source: path.display().to_string(), reason: format!("cannot read: {e}") }),
            Ok(m) if m.is_dir() => {
                let before = files.len();
                let mut visited = Vec::new();
                walk_dir(path, &mut files, &mut rejected, &mut visited);
                if files.len() == before {
                    rejected.push(Rejected { source: path.display().to_string(), reason: "directory holds no readable file".into() });
                }
            }
            Ok(_) => files.push(path.clone()),
        }
    }
    (files, rejected)
}

fn walk_dir(dir: &Path, files: &mut Vec<PathBuf>, rejected: &mut Vec<Rejected>, visited: &mut Vec<PathBuf>) {
    // Symlinked directories may loop back: each real directory is walked once.
    if let Ok(real) = std::fs::canonicalize(dir) {
        if visited.contains(&real) {
            return;
        }
        visited.push(real);
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            rejected.push(Rejected { source: dir.display().to_string(), reason: format!("cannot list directory: {e}") });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk_dir(&path, files, rejected, visited),
            Ok(m) if m.is_file() => files.push(path),
            Ok(_) => {}
            Err(e) => rejected.push(Rejected { source: path.display().to_string(), reason: format!("cannot read: {e}") }),
        }
    }
}

/// Reads one input from a stream; `size` is its length when known (a file).
fn read_stream(source: &str, reader: &mut dyn BufRead, size: Option<u64>, limits: &Limits, gzip_layers: usize, sink: &mut Sink<'_>) {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    // A read error right after the first bytes (a short, truncated gzip) must
    // not hide the complete records before it: it is raised again after the head.
    let pending_error = match Read::take(&mut *reader, SNIFF_BYTES as u64).read_to_end(&mut head) {
        Ok(_) => None,
        Err(e) if head.is_empty() => return sink.reject(source, read_error(e, gzip_layers)),
        Err(e) => Some(e),
    };
    if head.iter().all(u8::is_ascii_whitespace) && head.len() < SNIFF_BYTES {
        let what = if gzip_layers > 0 { "empty after decompression" } else if head.is_empty() { "empty input" } else { "only whitespace" };
        return sink.reject(source, what);
    }
    let format = sniff(&head);
    let mut stream = io::Cursor::new(head).chain(ErrorAfterHead { pending: pending_error, inner: reader });
    let given_before = sink.given;
    match format {
        Format::Gzip if gzip_layers < MAX_GZIP_LAYERS => {
            let mut inflated = BufReader::with_capacity(64 * 1024, flate2::bufread::MultiGzDecoder::new(stream));
            return read_stream(source, &mut inflated, None, limits, gzip_layers + 1, sink);
        }
        Format::Gzip => sink.reject(source, "gzip nested too deeply"),
        Format::Binary(kind) => sink.reject(source, format!("not text: looks like {kind}")),
        Format::OtherXml(ref root) => sink.reject(source, format!("XML document with root <{root}> is neither a feed nor HTML")),
        Format::Warc => read_archive(source, stream, warc::Flavour::Warc, limits, gzip_layers, sink),
        Format::Arc => read_archive(source, stream, warc::Flavour::Arc, limits, gzip_layers, sink),
        Format::JsonLines => jsonl::read(source, stream, limits, gzip_layers, sink),
        Format::XmlFeed | Format::JsonFeed => read_feed(source, &mut stream, limits, gzip_layers, sink),
        Format::Html | Format::Text => match read_all(stream, size, limits.max_article_bytes, gzip_layers) {
            Ok(bytes) => read_single(source, &bytes, format == Format::Html, sink),
            Err(reason) => sink.reject(source, reason),
        },
    }
    if sink.given == given_before {
        sink.reject(source, format!("no article in it: the {} holds no HTML page", format_name(&format)));
    }
}

fn format_name(format: &Format) -> &'static str {
    match format {
        Format::Warc => "WARC archive",
        Format::Arc => "ARC archive",
        Format::JsonLines => "JSON Lines file",
        Format::XmlFeed | Format::JsonFeed => "feed",
        _ => "input",
    }
}

pub(crate) fn read_error(e: io::Error, gzip_layers: usize) -> String {
    if gzip_layers > 0 {
        format!("truncated or corrupt gzip data: {e}")
    } else {
        format!("read error: {e}")
    }
}

/// Reads a whole single-document stream, refusing one above the limit without
/// reading it: a known size is checked first, an unknown one stops at the limit.
fn read_all<R: Read>(stream: R, size: Option<u64>, max: u64, gzip_layers: usize) -> Result<Vec<u8>, String> {
    if let Some(size) = size.filter(|&size| size > max) {
        return Err(format!("file of {size} bytes is above the single-article limit of {max} bytes"));
    }
    let mut bytes = Vec::new();
    stream.take(max + 1).read_to_end(&mut bytes).map_err(|e| read_error(e, gzip_layers))?;
    if bytes.len() as u64 > max {
        return Err(format!("input is above the single-article limit of {max} bytes"));
    }
    Ok(bytes)
}

/// One HTML page or plain-text article.
fn read_single(source: &str, bytes: &[u8], is_html: bool, sink: &mut Sink<'_>) {
    if is_html {
        let html = decode(bytes, None, Markup::Html).text;
        let draft = page::draft(source.to_string(), &html, None);
        match finish(draft) {
            Ok(article) => sink.article(article),
            Err(_) => sink.reject(source, "HTML page without article text"),
        }
    } else {
        let text = decode(bytes, None, Markup::None).text;
        sink.push_draft(plain::parse(source, &text));
    }
}

/// A feed, item by item. Whether it aggregates many outlets is judged on its
/// first items, which wait (a bounded few) until that is known.
fn read_feed(source: &str, stream: &mut dyn BufRead, limits: &Limits, gzip_layers: usize, sink: &mut Sink<'_>) {
    let mut reader = FeedReader { source, feed: feed::Feed::default(), waiting: Vec::new(), aggregator: None, items: 0 };
    let result = feed::stream(stream, limits.max_article_bytes, &mut |piece| reader.piece(piece, sink));
    reader.decide(sink);
    match result {
        Err(reason) if gzip_layers > 0 && reason.starts_with("read error") => {
            sink.reject(source, format!("truncated or corrupt gzip data ({reason})"))
        }
        Err(reason) => sink.reject(source, reason),
        Ok(()) if reader.items == 0 => sink.reject(source, "feed has no items"),
        Ok(()) => {}
    }
}

struct FeedReader<'s> {
    source: &'s str,
    feed: feed::Feed,
    /// Items read before the feed was judged an aggregator or not.
    waiting: Vec<(usize, Result<feed::FeedItem, String>)>,
    aggregator: Option<bool>,
    items: usize,
}

impl FeedReader<'_> {
    fn piece(&mut self, piece: feed::FeedPiece, sink: &mut Sink<'_>) {
        match piece {
            feed::FeedPiece::Feed(feed) => self.feed = feed,
            feed::FeedPiece::Item { number, item } => {
                self.items += 1;
                self.waiting.push((number, item));
                if self.aggregator.is_some() || self.waiting.len() >= feed::AGGREGATOR_SAMPLE {
                    self.decide(sink);
                }
            }
        }
    }

    /// Judges the feed on the items waiting (once) and gives them on.
    fn decide(&mut self, sink: &mut Sink<'_>) {
        let aggregator = *self.aggregator.get_or_insert_with(|| {
            let sample: Vec<feed::FeedItem> = self.waiting.iter().filter_map(|(_, item)| item.as_ref().ok().cloned()).collect();
            feed::is_aggregator(&self.feed, &sample)
        });
        for (number, item) in self.waiting.drain(..) {
            let item_source = format!("{}#{number}", self.source);
            match item {
                Ok(item) => match finish(feed::draft(item_source.clone(), &self.feed, &item, aggregator)) {
                    Ok(article) => sink.article(article),
                    Err(_) => sink.reject(item_source, "feed item without text (no content, summary or description)"),
                },
                Err(reason) => sink.reject(item_source, reason),
            }
        }
    }
}

fn read_archive<R: BufRead>(source: &str, stream: R, flavour: warc::Flavour, limits: &Limits, gzip_layers: usize, sink: &mut Sink<'_>) {
    for (number, record) in warc::ArchiveReader::new(stream, flavour, source, limits.max_article_bytes) {
        let record_source = format!("{source}#{number}");
        match record {
            warc::RecordOutcome::Page(draft) => match finish(*draft) {
                Ok(article) => sink.article(article),
                Err(_) => sink.reject(record_source, "HTML page without article text"),
            },
            warc::RecordOutcome::Skipped => {}
            warc::RecordOutcome::Rejected(reason) if gzip_layers > 0 && reason.starts_with("read error") => {
                sink.reject(record_source, format!("truncated or corrupt gzip data ({reason})"))
            }
            warc::RecordOutcome::Rejected(reason) => sink.reject(record_source, reason),
        }
    }
}

/// The rest of a stream after its head, raising first the error that ended the head.
struct ErrorAfterHead<R> {
    pending: Option<io::Error>,
    inner: R,
}

impl<R: BufRead> Read for ErrorAfterHead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.pending.take() {
            Some(e) => Err(e),
            None => self.inner.read(buf),
        }
    }
}

impl<R: BufRead> BufRead for ErrorAfterHead<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self.pending.take() {
            Some(e) => Err(e),
            None => self.inner.fill_buf(),
        }
    }
    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount)
    }
}

/// The visible text of an HTML fragment: markup removed, entities decoded,
/// paragraphs joined by one space.
pub fn markup_text(html: &str) -> String {
    markup::fragment_paragraphs(html).join(" ")
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
pub(crate) fn char_prefix(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
