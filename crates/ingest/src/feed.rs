//! RSS 0.9x/1.0/2.0, Atom and JSON Feed, parsed by `feed-rs`: each item an article.

use std::borrow::Cow;
use std::collections::HashMap;

use model::PublishedSource;
use once_cell::sync::Lazy;
use regex::Regex;

use crate::build::Draft;
use crate::dates::utc_rfc3339;
use crate::decode::{decode, declare_utf8, Markup};
use crate::markup::{fragment_paragraphs, looks_like_html};

/// One parsed feed: its own metadata and its items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feed {
    pub title: Option<String>,
    /// Language as the feed declares it (`en-us`).
    pub language: Option<String>,
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

/// Decodes a feed's bytes (BOM, XML declaration, detection) and parses it.
pub fn parse_bytes(bytes: &[u8]) -> Result<Feed, String> {
    let text = decode(bytes, None, Markup::Xml).text;
    let xml = declare_utf8(&text);
    parse(&repair_references(&text_types_known(&rss_version_known(&atom03_as_atom10(&xml)))))
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
            Some(v) if char::from_u32(v).is_some() => format!("&#{v};"),
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
    Ok(Feed { title: parsed.title.map(|t| t.content).filter(|t| !t.trim().is_empty()), language, items })
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

/// The article draft of one item; `source` is `path#N`.
pub fn draft(source: String, feed: &Feed, item: &FeedItem) -> Draft {
    let paragraphs = item.content.as_ref().or(item.summary.as_ref()).map(Body::paragraphs).unwrap_or_default();
    Draft {
        source,
        url: item.link.clone(),
        title: item.title.as_deref().map(|t| if looks_like_html(t) { fragment_paragraphs(t).join(" ") } else { t.to_string() }),
        authors: item.authors.clone(),
        published: item.published.clone().or_else(|| item.updated.clone()).map(|p| (p, PublishedSource::Feed)),
        language: item.language.clone().or_else(|| feed.language.clone()),
        outlet: feed.title.clone(),
        paragraphs,
    }
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
        let d = draft("f.xml#1".into(), &feed, item);
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
        let d = draft("a#1".into(), &feed, &feed.items[0]);
        assert_eq!(d.published, Some(("2020-03-03T08:15:00+00:00".to_string(), PublishedSource::Feed)));
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://x.org/1","content_html":"<p>Hi there.</p>"}]}"#;
        let feed = parse(json).expect("json feed");
        assert_eq!(feed.items[0].link.as_deref(), Some("https://x.org/1"));
    }

    #[test]
    fn unversioned_rss_and_html_entities() {
        let feed = parse_bytes(b"<rss><channel><title>caf&eacute; &amp; &bogus; don&#146;t a&b</title></channel></rss>").expect("feed");
        assert_eq!(feed.title.as_deref(), Some("caf\u{e9} & &bogus; don\u{2019}t a&b"));
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
