//! What element names, class/id values and roles say about a part of a page.

use once_cell::sync::Lazy;
use regex::Regex;
use super::dom::ElementRef;

/// Elements that never hold article text: scripts, media, forms, navigation.
pub fn is_never_content(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "embed"
            | "canvas" | "video" | "audio" | "select" | "option" | "button" | "input" | "textarea"
            | "nav" | "aside" | "footer" | "figure" | "figcaption" | "head" | "title"
            | "meta" | "link" | "dialog" | "menu" | "picture" | "img" | "map" | "label" | "header"
    )
}

/// Elements that start and end a block of text (paragraph-like or container).
pub fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "dl" | "dt" | "dd"
            | "blockquote" | "pre" | "section" | "article" | "main" | "table" | "thead" | "tbody"
            | "tfoot" | "tr" | "td" | "th" | "caption" | "address" | "center" | "details" | "summary"
            | "hr" | "body" | "html" | "fieldset" | "hgroup"
    )
}

/// Class/id words of boilerplate, matched anywhere in the value: long and
/// specific enough not to appear inside words of content containers.
static NEGATIVE_SUBSTRINGS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        "comment|disqus|sharing|share-|-share|sharebar|shareb|social|related|recommend|promo|sponsor|",
        "advert|newsletter|subscri|signup|sign-up|cookie|consent|gdpr|breadcrumb|",
        "byline|author|dateline|timestamp|caption|credit|outbrain|taboola|trending|most-popular|mostpopular|",
        "skip-link|sr-only|visually-hidden|screen-reader|pagination|",
        "more-stories|also-read|see-also|login|",
        "jump-link|tag-list|taglist|article-tags|post-tags|entry-tags|keywords|",
        "print-only|hidden-print|subnav|topnav|carousel|slideshow|gallery|lightbox|",
        "bottom-of-article|inline-ad|ad-container|ad-slot|adslot|adunit|ad-unit|dfp|google-ad"
    ))
    .expect("valid negative hint regex")
});

/// Class/id words that mark "Read more" links and paywall notices, but also the
/// wrapper of an article's continuation behind a "Read more" button or a paywall.
static SOFT_NEGATIVE_SUBSTRINGS: Lazy<Regex> =
    Lazy::new(|| Regex::new("read-more|readmore|paywall").expect("valid soft negative hint regex"));

/// Class/id words of page layout around the article; pages also use them for
/// the wrapper of the article ("contentWithSidebar", "main-menu-offset"), so a
/// content word in the same value overrides them.
static LAYOUT_SUBSTRINGS: Lazy<Regex> = Lazy::new(|| {
    Regex::new("sidebar|widget|popup|modal|overlay|banner|footer|masthead|navbar|navigation|menu|toolbar|dropdown")
        .expect("valid layout hint regex")
});

/// Short class/id words of boilerplate, matched only as whole `-`/`_`/space-separated words
/// ("pager" but not "PageBuilder-pageRow", "rating" but not "decorating").
static NEGATIVE_WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:^|[\s_-])(?:ad|ads|nav|tags|tag|meta|date|time|share|print|bio|aside|foot|hide|hidden-xs|promo|links|tools|embed|meta-data|metadata|disclaimer|copyright|sponsored|teaser-list|next|prev|previous|related|pager|rating|ratings)(?:$|[\s_-])")
        .expect("valid negative word regex")
});

/// Class/id values of embedded social posts (a quoted tweet is part of the story).
static SOCIAL_POST_EMBED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:tweet|twitter|instagram|social-media)[\w-]*embed|embed[\w-]*(?:tweet|twitter|instagram)").expect("valid social embed regex")
});

/// Class/id words of article containers.
static POSITIVE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        "article|story|entry|post-?body|post-?content|post-?text|content|body|text|main|",
        "artikel|beitrag|inhalt|tresc|texte|contenu|corpo|conteudo|testo|cuerpo|noticia|nota|статья|текст"
    ))
    .expect("valid positive hint regex")
});

/// Roles of page furniture.
fn is_furniture_role(role: &str) -> bool {
    matches!(
        role.trim(),
        "navigation" | "banner" | "contentinfo" | "complementary" | "search" | "dialog" | "alertdialog"
            | "menu" | "menubar" | "toolbar" | "note"
    )
}

/// The class and id of an element, lowercased and joined, or `None` when it has neither.
fn class_and_id(element: &ElementRef<'_, '_>) -> Option<String> {
    let class = element.attr("class").unwrap_or("");
    let id = element.attr("id").unwrap_or("");
    if class.is_empty() && id.is_empty() {
        return None;
    }
    let mut joined = String::with_capacity(class.len() + id.len() + 1);
    joined.push_str(class);
    joined.push(' ');
    joined.push_str(id);
    Some(joined.to_lowercase())
}

/// Whether an element is explicitly the body of an article (schema.org microdata).
pub fn is_article_body(element: &ElementRef<'_, '_>) -> bool {
    element.attr("itemprop").is_some_and(|v| v.split_whitespace().any(|p| p.eq_ignore_ascii_case("articleBody")))
}

/// Whether an element is hidden from readers.
pub fn is_hidden(element: &ElementRef<'_, '_>) -> bool {
    if element.attr("hidden").is_some() || element.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    match element.attr("style") {
        Some(style) => {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            style.contains("display:none") || style.contains("visibility:hidden")
        }
        None => false,
    }
}

/// Whether class, id or role mark an element as boilerplate (comments,
/// sharing, related links, bylines, captions, ads…). Never true for an
/// element marked as article body.
pub fn is_boilerplate(element: &ElementRef<'_, '_>) -> bool {
    // Headings stay: a widget's heading ("More in Sports") tells where the article ends.
    if matches!(element.name(), "html" | "body" | "main" | "article" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
        || is_article_body(element)
    {
        return false;
    }
    if element.attr("role").is_some_and(is_furniture_role) {
        return true;
    }
    match class_and_id(element) {
        Some(value) if SOCIAL_POST_EMBED.is_match(&value) => false,
        Some(value) => {
            NEGATIVE_SUBSTRINGS.is_match(&value)
                || NEGATIVE_WORDS.is_match(&value)
                || (LAYOUT_SUBSTRINGS.is_match(&value) && !POSITIVE.is_match(&value))
        }
        None => false,
    }
}

/// Whether class or id mark an element as a "Read more" or paywall box, which is
/// boilerplate unless it holds the rest of the article (the caller checks).
pub fn is_soft_boilerplate(element: &ElementRef<'_, '_>) -> bool {
    if is_article_body(element) {
        return false;
    }
    class_and_id(element).is_some_and(|value| SOFT_NEGATIVE_SUBSTRINGS.is_match(&value))
}

/// Whether an element looks like an article container: `<article>`, `<main>`,
/// microdata articleBody, role=main or class/id words such as "article-body".
pub fn is_content_container(element: &ElementRef<'_, '_>) -> bool {
    if matches!(element.name(), "article" | "main") || is_article_body(element) {
        return true;
    }
    if element.attr("role").is_some_and(|r| r.trim() == "main") {
        return true;
    }
    match class_and_id(element) {
        Some(value) => {
            POSITIVE.is_match(&value) && !NEGATIVE_SUBSTRINGS.is_match(&value) && !NEGATIVE_WORDS.is_match(&value)
        }
        None => false,
    }
}
