//! RSS 0.9x/1.0/2.0, Atom and JSON Feed, parsed by `feed-rs`: each item an article.

use model::PublishedSource;

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
    parse(&declare_utf8(&text))
}

/// Parses a feed already decoded to UTF-8 (its XML declaration saying so).
pub fn parse(text: &str) -> Result<Feed, String> {
    let parsed = feed_rs::parser::parse(text.as_bytes()).map_err(|e| format!("malformed feed: {e}"))?;
    let language = parsed.language.clone();
    let items = parsed.entries.into_iter().map(item).collect();
    Ok(Feed { title: parsed.title.map(|t| t.content).filter(|t| !t.trim().is_empty()), language, items })
}

fn item(entry: feed_rs::model::Entry) -> FeedItem {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().map_or(true, |r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.clone());
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
    fn malformed_feed_is_an_error() {
        assert!(parse("<rss version=\"2.0\"><channel><item><title>x</item>").is_err() || parse("<rss").is_err());
        assert!(parse("not a feed").is_err());
    }
}
