//! RSS 0.9x/1.0/2.0, Atom and JSON Feed, parsed by `feed-rs`: each item an article.
//!
//! Feeds stream: [`split`] cuts XML feeds, and [`json`] JSON Feeds, into
//! one-item feeds as they are read, each parsed by `feed-rs` on its own, so a
//! feed of any size takes the memory of one item, and a malformed XML item
//! costs only itself.

mod json;
mod split;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use model::PublishedSource;
use once_cell::sync::Lazy;
use regex::Regex;

use crate::build::Draft;
use crate::dates::utc_rfc3339;
use crate::decode::{decode, declare_utf8, stream_encoding, Markup, StreamEncoding};
use crate::markup::{fragment_paragraphs, looks_like_html};

/// One parsed feed: its own metadata and its items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feed {
    pub title: Option<String>,
    /// Language as the feed declares it (`en-us`).
    pub language: Option<String>,
    /// The web page of the feed (its `<link>`), against which relative links resolve.
    pub home: Option<String>,
    pub items: Vec<FeedItem>,
}

/// What one item carries, mapped to article fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedItem {
    pub title: Option<String>,
    pub link: Option<String>,
    pub authors: Vec<String>,
    /// RFC 3339 (UTC) of the item's publication date.
    pub published: Option<String>,
    /// RFC 3339 (UTC) of the item's last update.
    pub updated: Option<String>,
    pub language: Option<String>,
    /// Full content (`content:encoded`, Atom `content`, JSON `content_html`).
    pub content: Option<Body>,
    /// Summary or RSS description.
    pub summary: Option<Body>,
    /// The outlet the item credits as its origin (RSS `<source>`, Atom `<source>`),
    /// as aggregators such as Google News give it.
    pub source: Option<ItemSource>,
}

/// An item's `<source>`: the name (visible text) and web address of its outlet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemSource {
    pub name: Option<String>,
    pub url: Option<String>,
}

/// What reading a feed gives, in stream order.
#[derive(Debug)]
pub enum FeedPiece {
    /// The feed's own metadata (its `items` empty): comes before any item.
    Feed(Feed),
    /// The `number`-th item (from 1), or why it could not be read.
    Item { number: usize, item: Result<FeedItem, String> },
}

/// An item body and whether it is HTML (declared so, or carrying markup).
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub text: String,
    pub is_html: bool,
}

impl Body {
    fn new(text: &str, declared_type: String) -> Option<Body> {
        if text.trim().is_empty() {
            return None;
        }
        Some(Body { text: text.to_string(), is_html: declared_type.contains("html") || looks_like_html(text) })
    }

    /// The body as paragraphs of text.
    pub fn paragraphs(&self) -> Vec<String> {
        if self.is_html {
            fragment_paragraphs(&self.text)
        } else {
            self.text.split("\n\n").map(str::to_string).collect()
        }
    }
}

/// Reads a feed from a stream, giving its metadata and then each item to
/// `each` as soon as it is read. Every item, and the header before the first
/// one, is bounded by `max_item_bytes`; the feed as a whole is not. An error
/// (a feed that is not XML, a broken header, bytes that end the reading) comes
/// after everything read before it.
pub fn stream(input: &mut dyn BufRead, max_item_bytes: u64, each: &mut dyn FnMut(FeedPiece)) -> Result<(), String> {
    let head = input.fill_buf().map_err(|e| format!("read error: {e}"))?;
    let first = head.iter().find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
    if first == Some(&b'{') {
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            input.consume(3);
        }
        return json::stream(input, each);
    }
    match stream_encoding(head) {
        StreamEncoding::Known(encoding) => split_items(input, Some(encoding), Some("utf-8"), max_item_bytes, each),
        StreamEncoding::Unstated => split_items(input, None, None, max_item_bytes, each),
        StreamEncoding::Utf32 => {
            // encoding_rs has no streaming UTF-32 decoder: such a feed is decoded whole.
            let mut bytes = Vec::new();
            input.read_to_end(&mut bytes).map_err(|e| format!("read error: {e}"))?;
            let text = decode(&bytes, None, Markup::Xml).text;
            split_items(&mut text.as_bytes(), None, Some("utf-8"), max_item_bytes, each)
        }
    }
}

/// Cuts the feed into one-item feeds and parses each; `charset` is how the
/// pieces are encoded when the stream was decoded on the way.
fn split_items(input: &mut dyn BufRead, encoding: Option<&'static encoding_rs::Encoding>, charset: Option<&str>, max_item_bytes: u64, each: &mut dyn FnMut(FeedPiece)) -> Result<(), String> {
    let mut failure = None;
    let outcome = split::split(input, encoding, max_item_bytes, &mut |piece| {
        if failure.is_some() {
            return;
        }
        match piece {
            split::Piece::Header(document) => match parse(&prepare(&document, charset)) {
                Ok(feed) => each(FeedPiece::Feed(Feed { items: Vec::new(), ..feed })),
                Err(reason) => failure = Some(reason),
            },
            split::Piece::Item { number, cut } => {
                let item = cut.and_then(|raw| {
                    let mut item = parse(&prepare(&raw.document, charset))
                        .map_err(|reason| reason.replacen("malformed feed", "malformed feed item", 1))?
                        .items
                        .into_iter()
                        .next()
                        .ok_or("feed item that is not an RSS item or Atom entry")?;
                    if raw.source_name.is_some() || raw.source_url.is_some() {
                        let name = raw.source_name.map(|n| crate::markup_text(&n)).filter(|n| !n.trim().is_empty());
                        item.source = Some(ItemSource { name, url: raw.source_url });
                    }
                    Ok(item)
                });
                each(FeedPiece::Item { number, item });
            }
        }
    });
    match failure {
        Some(reason) => Err(reason),
        None => outcome,
    }
}

/// Decodes a piece of feed and repairs what feed-rs would refuse.
fn prepare(bytes: &[u8], charset: Option<&str>) -> String {
    let text = decode(bytes, charset, Markup::Xml).text;
    let xml = declare_utf8(&text);
    repair_references(&text_types_known(&rss_version_known(&atom03_as_atom10(&xml)))).into_owned()
}

/// Decodes a feed's bytes and parses it, item by item as [`stream`] does; items
/// that cannot be read are left out. For the whole-feed view of tests and scorers.
pub fn parse_bytes(bytes: &[u8]) -> Result<Feed, String> {
    let mut feed = Feed::default();
    let mut items = Vec::new();
    stream(&mut &bytes[..], u64::MAX, &mut |piece| match piece {
        FeedPiece::Feed(f) => feed = f,
        FeedPiece::Item { item: Ok(item), .. } => items.push(item),
        FeedPiece::Item { item: Err(_), .. } => {}
    })?;
    feed.items = items;
    Ok(feed)
}

static TEXT_TYPE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(<(?:title|subtitle|summary|rights|tagline|copyright|info)\b[^>]*?\stype\s*=\s*)["'](text/plain|text/html|application/xhtml\+xml|)["']"#)
        .expect("valid regex")
});

/// Atom text constructs may only be typed text, html or xhtml, and feed-rs refuses
/// the whole feed otherwise; Atom 0.3 wrote MIME types there.
fn text_types_known(xml: &str) -> Cow<'_, str> {
    TEXT_TYPE.replace_all(xml, |caps: &regex::Captures<'_>| {
        let kind = match caps.get(2).map_or("", |m| m.as_str()) {
            "text/html" => "html",
            "application/xhtml+xml" => "xhtml",
            _ => "text",
        };
        format!("{}\"{kind}\"", caps.get(1).map_or("", |m| m.as_str()))
    })
}

static ATOM03_DATE: Lazy<Regex> = Lazy::new(|| Regex::new(r"<(/?)(issued|modified)(\s[^>]*)?>").expect("valid regex"));

/// Atom 0.3 differs from Atom 1.0 mostly in its namespace, which feed-rs does not
/// know, and in its date elements (`issued`, `modified`): both are renamed to
/// their Atom 1.0 equivalents.
fn atom03_as_atom10(xml: &str) -> Cow<'_, str> {
    const ATOM03: &str = "http://purl.org/atom/ns#";
    if !xml.contains(ATOM03) {
        return Cow::Borrowed(xml);
    }
    let renamed = ATOM03_DATE.replace_all(xml, |caps: &regex::Captures<'_>| {
        let name = if caps.get(2).map_or("", |m| m.as_str()) == "issued" { "published" } else { "updated" };
        format!("<{}{name}{}>", caps.get(1).map_or("", |m| m.as_str()), caps.get(3).map_or("", |m| m.as_str()))
    });
    Cow::Owned(renamed.replace(ATOM03, "http://www.w3.org/2005/Atom"))
}

static RSS_ROOT: Lazy<Regex> = Lazy::new(|| Regex::new(r"<rss(\s[^>]*)?>").expect("valid regex"));
static VERSION_ATTR: Lazy<Regex> = Lazy::new(|| Regex::new(r#"\sversion\s*=\s*["']([^"']*)["']"#).expect("valid regex"));

/// feed-rs only accepts `<rss>` roots with version 0.91, 0.92 or 2.0; feeds in the
/// wild also say 0.90, 0.93, 0.94, 2.00 or nothing. Those are read as RSS 2.0,
/// whose element set covers the others.
fn rss_version_known(xml: &str) -> Cow<'_, str> {
    let Some(root) = RSS_ROOT.find(xml) else { return Cow::Borrowed(xml) };
    let tag = root.as_str();
    let version = VERSION_ATTR.captures(tag).and_then(|c| c.get(1)).map(|m| m.as_str().trim());
    if matches!(version, Some("2.0" | "0.91" | "0.92")) {
        return Cow::Borrowed(xml);
    }
    let without_version = VERSION_ATTR.replace(tag, "");
    let fixed = format!("<rss version=\"2.0\"{}", &without_version[4..]);
    Cow::Owned(format!("{}{}{}", &xml[..root.start()], fixed, &xml[root.end()..]))
}

/// Repairs what feeds in the wild get wrong about XML escaping, outside CDATA
/// sections and comments: HTML named entities (`&eacute;`, `&nbsp;`) become
/// numeric references, references to C1 controls (`&#146;`) become the
/// Windows-1252 characters they were meant as (as HTML does), and a bare `&`
/// (`?a=1&b=2`) is escaped.
fn repair_references(xml: &str) -> Cow<'_, str> {
    if !xml.contains('&') {
        return Cow::Borrowed(xml);
    }
    let mut out = String::with_capacity(xml.len() + 64);
    let mut cache: HashMap<&str, Option<String>> = HashMap::new();
    let mut rest = xml;
    while let Some(pos) = rest.find(['&', '<']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if rest.starts_with('<') {
            let skip = [("<![CDATA[", "]]>"), ("<!--", "-->")]
                .iter()
                .find(|(open, _)| rest.starts_with(open))
                .map(|(_, close)| rest.find(close).map_or(rest.len(), |i| i + close.len()))
                .unwrap_or(1);
            out.push_str(&rest[..skip]);
            rest = &rest[skip..];
            continue;
        }
        let reference_end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|i| i + 1);
        match reference_end.filter(|&i| rest[i..].starts_with(';') && i > 1) {
            Some(end) => {
                let name = &rest[1..end];
                out.push_str(&reference(name, &mut cache));
                rest = &rest[end + 1..];
            }
            None => {
                out.push_str("&amp;");
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The XML form of the reference `&name;`.
fn reference<'a>(name: &'a str, cache: &mut HashMap<&'a str, Option<String>>) -> String {
    if matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") {
        return format!("&{name};");
    }
    if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        return match value {
            Some(v @ 0x80..=0x9F) => {
                let byte = [v as u8];
                let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                decoded.chars().map(|c| format!("&#{};", c as u32)).collect()
            }
            // XML 1.0 allows no control characters but tab and line breaks, even as references.
            Some(v) if char::from_u32(v).is_some() && (v >= 0x20 || matches!(v, 0x09 | 0x0A | 0x0D)) => format!("&#{v};"),
            _ => format!("&amp;{name};"),
        };
    }
    let numeric = cache.entry(name).or_insert_with(|| {
        let written = format!("&{name};");
        let decoded: String = scraper::Html::parse_fragment(&written).root_element().text().collect();
        (decoded != written && !decoded.is_empty()).then(|| decoded.chars().map(|c| format!("&#{};", c as u32)).collect())
    });
    // An unknown name stays as written, escaped so it reads as text.
    numeric.clone().unwrap_or_else(|| format!("&amp;{name};"))
}

/// Parses a feed already decoded to UTF-8 (its XML declaration saying so).
pub fn parse(text: &str) -> Result<Feed, String> {
    let parsed = feed_rs::parser::parse(text.as_bytes()).map_err(|e| format!("malformed feed: {e}"))?;
    let language = parsed.language.clone();
    let home = parsed.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).map(|l| l.href.clone());
    let items = parsed.entries.into_iter().map(|entry| item(entry, home.as_deref())).collect();
    Ok(Feed { title: parsed.title.map(|t| t.content).filter(|t| !t.trim().is_empty()), language, home, items })
}

/// `home` is the feed's own web page, against which relative item links resolve
/// when the item has no `xml:base`.
fn item(entry: feed_rs::model::Entry, home: Option<&str>) -> FeedItem {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| absolute(&l.href, entry.base.as_deref().or(home)));
    let authors = entry.authors.iter().filter_map(author_name).collect();
    FeedItem {
        title: entry.title.map(|t| t.content).filter(|t| !t.trim().is_empty()),
        link,
        authors,
        published: entry.published.map(utc_rfc3339),
        updated: entry.updated.map(utc_rfc3339),
        language: entry.language,
        content: entry.content.and_then(|c| Body::new(c.body.as_deref().unwrap_or(""), c.content_type.to_string())),
        summary: entry.summary.and_then(|t| Body::new(&t.content, t.content_type.to_string())),
        source: None,
    }
}

/// A link made absolute against a base URL when it is relative and the base is absolute.
fn absolute(link: &str, base: Option<&str>) -> String {
    if url::Url::parse(link).is_ok() {
        return link.to_string();
    }
    base.and_then(|b| url::Url::parse(b).ok())
        .and_then(|b| b.join(link).ok())
        .map_or_else(|| link.to_string(), |u| u.to_string())
}

/// The name of an item author. feed-rs keeps the raw RSS `<author>` text as the
/// e-mail of a person named after the element ("author"), so the name is read
/// from it: "jane@example.org (Jane Doe)" → "Jane Doe"; a bare e-mail is no name.
fn author_name(person: &feed_rs::model::Person) -> Option<String> {
    let raw = match (&person.email, person.name.as_str()) {
        (Some(email), "author" | "managingEditor" | "webMaster") => email.trim(),
        _ => person.name.trim(),
    };
    if let (Some(open), true) = (raw.find('('), raw.ends_with(')')) {
        let inner = raw[open + 1..raw.len() - 1].trim();
        if !inner.is_empty() && !inner.contains('@') {
            return Some(inner.to_string());
        }
        let outer = raw[..open].trim();
        return (!outer.is_empty() && !outer.contains('@')).then(|| outer.to_string());
    }
    if let Some(open) = raw.find('<') {
        let outer = raw[..open].trim().trim_matches('"');
        return (!outer.is_empty()).then(|| outer.to_string());
    }
    if raw.is_empty() || (raw.contains('@') && !raw.contains(' ')) {
        return None;
    }
    Some(raw.to_string())
}

/// How many items are looked at before deciding whether a feed aggregates outlets.
pub const AGGREGATOR_SAMPLE: usize = 16;

/// Whether a feed gathers items from many outlets (Google News-like), judged on
/// a sample of its items: their links lead to three sites or more, or to two or
/// more none of which is the feed's own. Then each item's outlet is its own
/// site rather than the feed's title.
pub fn is_aggregator(feed: &Feed, sample: &[FeedItem]) -> bool {
    let sites: HashSet<String> = sample.iter().filter_map(|i| i.link.as_deref()).filter_map(site_of).collect();
    let home = feed.home.as_deref().and_then(site_of);
    sites.len() >= 3 || (sites.len() >= 2 && home.is_some_and(|h| !sites.contains(&h)))
}

/// The site of a web address: its host less `www.` and less subdomains, keeping
/// a country's second level (`bbc.co.uk`, `abc.net.au`). An approximation of the
/// registrable domain that is enough to tell outlets apart.
fn site_of(url: &str) -> Option<String> {
    let host = crate::html::host_of(url)?.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    const SECOND_LEVELS: &[&str] = &["co", "com", "org", "net", "gov", "gob", "gouv", "ac", "edu", "ne", "or", "go", "nic"];
    let keep = match labels.as_slice() {
        [.., second, top] if top.len() == 2 && SECOND_LEVELS.contains(second) => 3,
        _ => 2,
    };
    Some(labels[labels.len().saturating_sub(keep)..].join("."))
}

/// The article draft of one item; `source` is `path#N`. The outlet is the one
/// the item credits (`<source>`), else, in an aggregator feed, its link's host,
/// else the feed's title.
pub fn draft(source: String, feed: &Feed, item: &FeedItem, aggregator: bool) -> Draft {
    let paragraphs = item.content.as_ref().or(item.summary.as_ref()).map(Body::paragraphs).unwrap_or_default();
    let credited = item.source.as_ref();
    let outlet = match credited {
        Some(credit) => credit.name.clone().or_else(|| credit.url.as_deref().and_then(crate::html::host_of)),
        None if aggregator => item.link.as_deref().and_then(crate::html::host_of),
        None => feed.title.clone(),
    };
    let title = item.title.as_deref().map(|t| if looks_like_html(t) { fragment_paragraphs(t).join(" ") } else { t.to_string() });
    Draft {
        source,
        url: item.link.clone(),
        title: title.map(|t| without_outlet_suffix(t, credited.and_then(|c| c.name.as_deref()))),
        authors: item.authors.clone(),
        published: item.published.clone().or_else(|| item.updated.clone()).map(|p| (p, PublishedSource::Feed)),
        language: item.language.clone().or_else(|| feed.language.clone()),
        outlet,
        paragraphs,
    }
}

/// Aggregators append the outlet to each title ("Headline - Reuters").
fn without_outlet_suffix(title: String, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet.map(str::trim).filter(|o| !o.is_empty()) else { return title };
    for separator in [" - ", " – ", " — ", " | "] {
        if let Some(head) = title.trim_end().strip_suffix(outlet).and_then(|rest| rest.strip_suffix(separator)) {
            if !head.trim().is_empty() {
                return head.trim_end().to_string();
            }
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_item_fields() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example News</title><language>en-us</language>
<item><title>Headline</title><link>https://example.org/a</link>
<author>jane@example.org (Jane Doe)</author>
<pubDate>Tue, 03 Mar 2020 08:15:00 +0100</pubDate>
<description>Short</description>
<content:encoded><![CDATA[<p>First para.</p><p>Second para.</p>]]></content:encoded></item>
</channel></rss>"#;
        let feed = parse(xml).expect("feed");
        assert_eq!(feed.title.as_deref(), Some("Example News"));
        let item = &feed.items[0];
        assert_eq!(item.link.as_deref(), Some("https://example.org/a"));
        assert_eq!(item.authors, vec!["Jane Doe"]);
        assert_eq!(item.published.as_deref(), Some("2020-03-03T07:15:00+00:00"));
        assert_eq!(item.summary.as_ref().map(|b| b.text.as_str()), Some("Short"));
        let d = draft("f.xml#1".into(), &feed, item, false);
        assert_eq!(d.paragraphs, vec!["First para.", "Second para."]);
        assert_eq!(d.language.as_deref(), Some("en-us"));
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>E</title><link href="https://x.org/e"/><updated>2020-03-03T08:15:00Z</updated>
<author><name>A B</name></author><summary>Plain summary.</summary></entry></feed>"#;
        let feed = parse(atom).expect("atom");
        assert_eq!(feed.items[0].updated.as_deref(), Some("2020-03-03T08:15:00+00:00"));
        assert_eq!(feed.items[0].summary.as_ref().map(|b| b.paragraphs()), Some(vec!["Plain summary.".to_string()]));
        let d = draft("a#1".into(), &feed, &feed.items[0], false);
        assert_eq!(d.published, Some(("2020-03-03T08:15:00+00:00".to_string(), PublishedSource::Feed)));
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://x.org/1","content_html":"<p>Hi there.</p>"}]}"#;
        let feed = parse(json).expect("json feed");
        assert_eq!(feed.items[0].link.as_deref(), Some("https://x.org/1"));
    }

    #[test]
    fn unversioned_rss_and_html_entities() {
        let feed = parse_bytes(b"<rss><channel><title>caf&eacute; &amp; &bogus; don&#146;t a&b&#0;</title></channel></rss>").expect("feed");
        assert_eq!(feed.title.as_deref(), Some("caf\u{e9} & &bogus; don\u{2019}t a&b&#0;"));
        let feed = parse_bytes(b"<rss><channel><title><![CDATA[a &amp; b]]></title></channel></rss>").expect("feed");
        assert_eq!(feed.title.as_deref(), Some("a &amp; b"));
        let feed = parse_bytes(b"<rss version='0.94'><channel><title>x</title></channel></rss>").expect("feed");
        assert_eq!(feed.title.as_deref(), Some("x"));
        let feed = parse_bytes(b"<feed version='0.3' xmlns='http://purl.org/atom/ns#'><entry><title>t</title><issued>2004-01-01T19:48:21Z</issued></entry></feed>").expect("feed");
        assert_eq!(feed.items[0].title.as_deref(), Some("t"));
        assert_eq!(feed.items[0].published.as_deref(), Some("2004-01-01T19:48:21+00:00"));
    }

    #[test]
    fn relative_links_resolve_against_the_feed_page() {
        let feed = parse("<rss version='2.0'><channel><link>https://x.org/news/</link><item><link>/a/1</link></item></channel></rss>").expect("feed");
        assert_eq!(feed.items[0].link.as_deref(), Some("https://x.org/a/1"));
    }

    #[test]
    fn malformed_feed_is_an_error() {
        assert!(parse("<rss version=\"2.0\"><channel><item><title>x</item>").is_err() || parse("<rss").is_err());
        assert!(parse("not a feed").is_err());
    }
}
