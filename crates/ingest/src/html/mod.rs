//! HTML article extraction: the main text of a page without its boilerplate,
//! and its metadata (title, authors, publication date, outlet, URL, language).
//!
//! The page is parsed once into a compact tree ([`dom`]); [`content`] picks the
//! container that holds the article text and cleans it, [`metadata`] reads
//! `<meta>` tags, schema.org JSON-LD, bylines and datelines.

mod charset;
mod content;
mod dates;
mod dom;
mod hints;
mod jsonld;
mod metadata;
mod textutil;

pub use charset::declared_charset;
pub(crate) use metadata::host_of;

/// What [`extract`] finds in one HTML page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// Headline without the site suffix (" | BBC News").
    pub title: Option<String>,
    /// Author names, without "By", roles or dates.
    pub authors: Vec<String>,
    /// RFC 3339 with offset when known, else `YYYY-MM-DD`, with where it was found.
    pub published: Option<(String, model::PublishedSource)>,
    /// og:site_name, JSON-LD publisher, else host of the URL.
    pub outlet: Option<String>,
    /// Canonical / og:url, else the URL passed in.
    pub url: Option<String>,
    /// ISO 639-1, lowercased, from `<html lang>` or content-language metadata.
    pub language: Option<String>,
    /// Main text: one entry per paragraph, heading or list item, whitespace-collapsed.
    pub paragraphs: Vec<String>,
}

/// The visible text of an HTML fragment (feed item content, a cleaned article
/// fragment): one entry per block, whitespace-collapsed, with scripts and styles dropped
/// but no boilerplate removal.
pub fn fragment_text(html: &str) -> Vec<String> {
    content::all_text(&dom::Dom::parse(html))
}

/// Extracts the article of one page. `html` is already decoded to UTF-8; `url`
/// is the page URL when known (WARC target, JSONL field).
pub fn extract(html: &str, url: Option<&str>) -> HtmlArticle {
    let document = dom::Dom::parse(html);
    let meta = metadata::read(&document, url);
    let paragraphs = content::main_text(&document, meta.title.as_deref(), meta.json_ld_body.as_deref());
    HtmlArticle {
        title: meta.title,
        authors: meta.authors,
        published: meta.published,
        outlet: meta.outlet,
        url: meta.url,
        language: meta.language,
        paragraphs,
    }
}
