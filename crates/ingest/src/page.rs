//! One HTML page to an article draft, through the `html` extractor.

use crate::build::Draft;
use crate::markup::fragment_paragraphs;

/// Extracts a page's article; `url` is where it was fetched from, when known.
///
/// Markup that is a bare fragment (no `<html>` or `<body>`: a JSON Lines `html`
/// field, a saved snippet) is all article: when the page extractor finds no main
/// text in it, its paragraphs are taken as they are.
pub fn draft(source: String, html: &str, url: Option<&str>) -> Draft {
    let page = crate::html::extract(html, url);
    let mut paragraphs = page.paragraphs;
    if paragraphs.is_empty() && is_fragment(html) {
        paragraphs = fragment_paragraphs(html);
    }
    Draft {
        source,
        url: page.url.or_else(|| url.map(str::to_string)),
        title: page.title,
        authors: page.authors,
        published: page.published,
        language: page.language,
        outlet: page.outlet,
        paragraphs,
    }
}

fn is_fragment(html: &str) -> bool {
    let head = crate::char_prefix(html, 4096).to_ascii_lowercase();
    !head.contains("<html") && !head.contains("<body")
}
