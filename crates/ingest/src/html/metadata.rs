//! Page metadata: title, authors, publication date, outlet, canonical URL and
//! language, from `<meta>` tags, schema.org JSON-LD, microdata, bylines and the URL.

use std::collections::HashMap;

use model::PublishedSource;
use once_cell::sync::Lazy;
use regex::Regex;
use super::dom::{decode_character_references, Dom, ElementRef};
use serde_json::Value;

use super::content;
use super::dates;
use super::jsonld::{self, JsonLd};
use crate::dates::{dateline, Dateline, Placement};
use super::textutil::{collapse_whitespace, word_count};

/// Everything [`read`] finds; `json_ld_body` is the JSON-LD `articleBody`, a
/// fallback and cross-check for the main text.
#[derive(Debug, Default)]
pub struct PageMetadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<(String, PublishedSource)>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub json_ld_body: Option<String>,
}

/// What one pass over the elements of a page collects.
#[derive(Default)]
struct Collected {
    /// `<meta>` values by lowercased name / property / itemprop / http-equiv, in page order.
    meta: HashMap<String, Vec<String>>,
    title_tag: Option<String>,
    h1s: Vec<String>,
    canonical: Option<String>,
    html_lang: Option<String>,
    json_ld_scripts: Vec<String>,
    /// `<time datetime>` values; those marked as the publication time first.
    times: Vec<String>,
    /// Visible texts that may carry a dateline (`<time>` labels, date-classed elements).
    date_texts: Vec<String>,
    /// Texts of microdata authors, rel=author links and byline-classed elements, best first.
    byline_texts: Vec<String>,
}

/// Keys of `<meta>` tags holding the publication date, most reliable first.
const DATE_KEYS: &[&str] = &[
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article.published", "published_time", "publish-date", "publish_date", "publishdate", "pubdate",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
    "sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date", "originalpublicationdate",
    "article_date_original", "publication_date", "og:pubdate", "date", "datecreated", "displaydate",
    "article:post_date",
];

/// Keys of `<meta>` tags naming authors.
const AUTHOR_KEYS: &[&str] = &[
    "author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "byl", "citation_author", "twitter:creator:name",
];

/// Reads the metadata of a parsed page; `url` is the page address when known.
pub fn read(document: &Dom<'_>, url: Option<&str>) -> PageMetadata {
    let collected = collect(document);
    let ld = JsonLd::parse(collected.json_ld_scripts.iter().map(String::as_str));
    let article = ld.article();
    let parsely = collected.first_meta(&["parsely-page"]).and_then(|v| serde_json::from_str::<Value>(&v).ok());

    let page_url = canonical_url(&collected, url);
    let outlet = collected
        .first_meta(&["og:site_name", "application-name", "al:android:app_name", "al:ios:app_name"])
        .or_else(|| article.and_then(|a| a.get("publisher")).and_then(|p| name_of(&ld, p)))
        .or_else(|| ld.first_name_of_type(&["NewsMediaOrganization", "Organization", "WebSite"]))
        .or_else(|| page_url.as_deref().or(url).and_then(host_of));

    let host = page_url.as_deref().or(url).and_then(host_of);
    let title_candidate = collected
        .first_meta(&["og:title", "twitter:title"])
        .or_else(|| {
            article
                .and_then(|a| jsonld::string_field(a, "headline"))
                .filter(|h| agrees_with_page_title(h, collected.title_tag.as_deref(), &collected.h1s))
        })
        .or_else(|| collected.first_meta(&["dc.title", "dcterms.title", "title", "headline"]))
        .or_else(|| parsely.as_ref().and_then(|p| jsonld::string_field(p, "title")))
        .or_else(|| collected.title_tag.clone())
        .or_else(|| collected.h1s.first().cloned());
    let title = title_candidate
        .map(|t| collapse_whitespace(&t))
        .map(|t| strip_site_from_title(&t, outlet.as_deref(), host.as_deref(), &collected.h1s))
        .filter(|t| !t.is_empty());

    let mut authors = Vec::new();
    if let Some(a) = article.and_then(|a| a.get("author").or_else(|| a.get("creator"))) {
        authors_from_json(&ld, a, &mut authors);
    }
    if authors.is_empty() {
        for key in AUTHOR_KEYS {
            for value in collected.meta.get(*key).into_iter().flatten() {
                push_authors(value, &mut authors);
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    if authors.is_empty() {
        if let Some(p) = parsely.as_ref().and_then(|p| p.get("author")) {
            authors_from_json(&ld, p, &mut authors);
        }
    }
    if authors.is_empty() {
        for text in &collected.byline_texts {
            push_authors(text, &mut authors);
            if !authors.is_empty() {
                break;
            }
        }
    }

    let published = published_date(&collected, &ld, article, parsely.as_ref(), page_url.as_deref().or(url), || {
        content::visible_dateline(document, title.as_deref())
    });

    let language = collected
        .html_lang
        .as_deref()
        .and_then(language_code)
        .or_else(|| collected.first_meta(&["content-language", "language", "dc.language", "dcterms.language"]).as_deref().and_then(language_code))
        .or_else(|| collected.first_meta(&["og:locale"]).as_deref().and_then(language_code))
        .or_else(|| article.and_then(|a| jsonld::string_field(a, "inLanguage")).as_deref().and_then(language_code));

    let json_ld_body = article.and_then(|a| jsonld::string_field(a, "articleBody")).map(|body| {
        if body.contains('<') {
            Dom::parse(&body).text()
        } else {
            body
        }
    });

    PageMetadata { title, authors, published, outlet: outlet.map(|o| collapse_whitespace(&o)), url: page_url, language, json_ld_body }
}

impl Collected {
    /// The first non-empty value of the first key that has one.
    fn first_meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.meta.get(*k).and_then(|values| values.iter().find(|v| !v.trim().is_empty())).map(|v| v.trim().to_string())
        })
    }
}

static BYLINE_HINT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"byline|author|writtenby|written-by|p-author|autor|auteur|reporter").expect("valid byline regex"));
static DATE_HINT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"date|time|publish|posted|dateline|datum|fecha|data").expect("valid date hint regex"));

/// Longest visible text kept as a possible byline or dateline.
const MAX_LABEL_CHARS: usize = 200;

fn collect(document: &Dom<'_>) -> Collected {
    let mut c = Collected::default();
    c.html_lang = document.html_element().and_then(|root| root.attr("lang").or_else(|| root.attr("xml:lang"))).map(str::to_string);
    for element in document.elements() {
        let e = element;
        match e.name() {
            "meta" => {
                let content = e.attr("content").or_else(|| e.attr("datetime")).or_else(|| e.attr("value"));
                let Some(content) = content else { continue };
                for key in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(names) = e.attr(key) {
                        for name in names.split_whitespace() {
                            c.meta.entry(name.to_ascii_lowercase()).or_default().push(decode_entities(content));
                        }
                    }
                }
            }
            "title" if c.title_tag.is_none() && !inside_svg(element) => {
                c.title_tag = Some(element.text());
            }
            "h1" => c.h1s.push(collapse_whitespace(&element.text())),
            "link" => {
                let rel = e.attr("rel").unwrap_or("");
                if rel.split_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")) && c.canonical.is_none() {
                    c.canonical = e.attr("href").map(str::to_string);
                }
            }
            "script" => {
                if e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) {
                    c.json_ld_scripts.push(element.text());
                }
            }
            "time" => {
                let marked = e.attr("pubdate").is_some()
                    || e.attr("itemprop").is_some_and(|p| p.contains("datePublished"))
                    || e.attr("class").is_some_and(|cl| cl.contains("publish"));
                if let Some(dt) = e.attr("datetime") {
                    if marked {
                        c.times.insert(0, dt.to_string());
                    } else {
                        c.times.push(dt.to_string());
                    }
                }
                push_label(&mut c.date_texts, element);
            }
            _ => {}
        }
        if e.attr("itemprop").is_some_and(|p| p.split_whitespace().any(|p| p == "author" || p == "creator")) {
            let name = element
                .descendant_elements()
                .find(|d| d.attr("itemprop") == Some("name"))
                .map(|d| d.attr("content").map(str::to_string).unwrap_or_else(|| d.text()))
                .or_else(|| e.attr("content").map(str::to_string))
                .unwrap_or_else(|| element.text());
            c.byline_texts.insert(0, collapse_whitespace(&name));
        } else if e.name() == "a" && e.attr("rel").is_some_and(|r| r.split_whitespace().any(|r| r == "author")) {
            push_label(&mut c.byline_texts, element);
        } else if e.name() != "meta" && e.name() != "body" && e.name() != "html" {
            let hints = format!("{} {}", e.attr("class").unwrap_or(""), e.attr("id").unwrap_or("")).to_lowercase();
            if hints.len() > 1 {
                if BYLINE_HINT.is_match(&hints) && !hints.contains("bio") {
                    push_label(&mut c.byline_texts, element);
                } else if DATE_HINT.is_match(&hints) && !hints.contains("update") {
                    push_label(&mut c.date_texts, element);
                }
            }
        }
    }
    c
}

/// Keeps the visible text of an element when it is short enough to be a label.
fn push_label(into: &mut Vec<String>, element: ElementRef<'_, '_>) {
    let mut text = String::new();
    for piece in element.texts() {
        text.push_str(piece);
        text.push(' ');
        if text.len() > MAX_LABEL_CHARS * 4 {
            return;
        }
    }
    let text = collapse_whitespace(&text);
    if !text.is_empty() && text.chars().count() <= MAX_LABEL_CHARS {
        into.push(text);
    }
}

fn inside_svg(element: ElementRef<'_, '_>) -> bool {
    element.ancestors().any(|a| a.name() == "svg")
}

/// Entity references left in attribute values by double-escaping CMSs (`&amp;#8217;`).
fn decode_entities(value: &str) -> String {
    decode_character_references(value).into_owned()
}

fn canonical_url(c: &Collected, url: Option<&str>) -> Option<String> {
    let base = url.and_then(|u| url::Url::parse(u).ok());
    let candidates = c.canonical.iter().cloned().chain(c.first_meta(&["og:url", "twitter:url"]));
    for candidate in candidates {
        let candidate = candidate.trim();
        let parsed = match &base {
            Some(b) => b.join(candidate).ok(),
            None => url::Url::parse(candidate).ok(),
        };
        if let Some(p) = parsed.filter(|p| matches!(p.scheme(), "http" | "https") && p.host_str().is_some()) {
            return Some(p.to_string());
        }
    }
    url.map(str::to_string)
}

/// The host of a web address without "www.", the outlet of last resort.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// The name of a JSON-LD publisher/author value: a string or an object with `name`.
fn name_of(ld: &JsonLd, value: &Value) -> Option<String> {
    let value = match value {
        Value::Array(items) => items.first()?,
        v => v,
    };
    match ld.resolve(value) {
        Value::String(s) => Some(s.clone()),
        Value::Object(_) => jsonld::string_field(ld.resolve(value), "name"),
        _ => None,
    }
}

fn authors_from_json(ld: &JsonLd, value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|i| authors_from_json(ld, i, into)),
        Value::String(s) => push_authors(s, into),
        Value::Object(_) => {
            if let Some(name) = jsonld::string_field(ld.resolve(value), "name") {
                push_authors(&name, into);
            }
        }
        _ => {}
    }
}

static BYLINE_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:(?:written|posted|reported|words|text|story|photos?)\s+(?:and\s+\w+\s+)?by|by|with|avec|mit|con|com|von|par|por|di|door|av|af|od|от|autor(?:in)?|author|auteur|texte|text|автор|作者|记者|كتب|بقلم)\s*[:：]?\s+")
        .expect("valid byline prefix regex")
});
static AUTHOR_SEPARATORS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\s*(?:,|;|/|、|\s&\s|\s(?:and|und|et|y|e|i|и|og|och|with|avec|mit|con|com)\s)\s*").expect("valid author separator regex")
});
static ROLE_WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|journalist|photographer|producer|analyst|senior|chief|updated|published|posted|редактор|корреспондент|rédacteur|redakteur|korrespondent|dziennikarz)\b")
        .expect("valid role regex")
});

/// Labels of page widgets and licences that byline-classed elements often hold.
static NOT_A_NAME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:sign in|sign up|log ?in|log out|register|share|follow|subscribe|menu|search|home|cc|cc-by.*|facebook|twitter|email|e-mail|print|comments?|more|news|staff|admin|administrator|anonymous|unknown|guest|editorial|redaktion|rédaction|redakcja|редакция)$")
        .expect("valid non-name regex")
});

/// Whether a name has a word of at least two letters (not only initials or symbols).
fn has_real_word(name: &str) -> bool {
    name.split_whitespace().any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
}

/// "Nathan Willis March" (a byline cut before the day number) → "Nathan Willis".
fn strip_trailing_months(name: &str) -> &str {
    let mut kept = name.trim_end();
    while let Some((head, last)) = kept.rsplit_once(' ') {
        if dates::is_month_name(last.trim_end_matches(['.', ','])) {
            kept = head.trim_end();
        } else {
            break;
        }
    }
    kept
}

/// Longest plausible author name, in characters.
const MAX_NAME_CHARS: usize = 60;

/// Splits a byline ("By Jane Roe and John Doe, Staff Writers | Updated 3 March")
/// into names, dropping roles, dates and URLs; appends new names to `into`.
fn push_authors(raw: &str, into: &mut Vec<String>) {
    let text = collapse_whitespace(raw);
    if text.contains("://") || text.starts_with("www.") {
        return;
    }
    // The name part ends where a date, a separator bar or a line of other information starts.
    let end = text.find(|c: char| c.is_ascii_digit() || matches!(c, '|' | '•' | '·' | '—' | '–')).unwrap_or(text.len());
    let text = text[..end].replace(['(', ')'], ",");
    let text = BYLINE_PREFIX.replace(text.trim(), "");
    for part in AUTHOR_SEPARATORS.split(&text) {
        let name = BYLINE_PREFIX.replace(part.trim(), "");
        let name = name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | '-' | '@' | '"' | '\''));
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.split_whitespace().count() > 5 {
            continue;
        }
        if name.contains("://") || name.starts_with("www.") || name.contains('@') || name.contains(".com") {
            continue;
        }
        let name = strip_trailing_months(name);
        if ROLE_WORDS.is_match(name) || NOT_A_NAME.is_match(name) || !has_real_word(name) {
            continue;
        }
        if !into.iter().any(|n: &String| n.eq_ignore_ascii_case(name)) {
            into.push(name.to_string());
        }
    }
}

/// The publication date, from the most reliable place that has one: JSON-LD,
/// `<meta>`, `<time datetime>`, then a day in the URL, then what the page shows
/// readers — a dateline above the body or leading it (`visible`, read only when
/// needed: it walks the page again), then date-classed labels and `<time>` texts anywhere.
/// A visible dateline on the URL's day replaces it when it adds the time.
fn published_date(
    c: &Collected,
    ld: &JsonLd,
    article: Option<&Value>,
    parsely: Option<&Value>,
    url: Option<&str>,
    visible: impl FnOnce() -> Option<Dateline>,
) -> Option<(String, PublishedSource)> {
    let from_ld = article
        .and_then(|a| jsonld::string_field(a, "datePublished").or_else(|| jsonld::string_field(a, "dateCreated")))
        .or_else(|| ld.objects.iter().find_map(|o| jsonld::string_field(o, "datePublished")))
        .and_then(|d| dates::normalise(&d));
    if let Some(d) = from_ld {
        return Some((d, PublishedSource::JsonLd));
    }
    for key in DATE_KEYS {
        if let Some(d) = c.meta.get(*key).into_iter().flatten().find_map(|v| dates::normalise(v)) {
            return Some((d, PublishedSource::Meta));
        }
    }
    if let Some(d) = parsely.and_then(|p| jsonld::string_field(p, "pub_date")).and_then(|d| dates::normalise(&d)) {
        return Some((d, PublishedSource::Meta));
    }
    if let Some(d) = c.times.iter().find_map(|t| dates::normalise(t)) {
        return Some((d, PublishedSource::Meta));
    }
    let shown = visible().map(|d| d.value);
    if let Some(day) = url.and_then(dates::from_url) {
        return match shown {
            Some(d) if d.len() > day.len() && d.starts_with(&day) => Some((d, PublishedSource::Text)),
            _ => Some((day, PublishedSource::Url)),
        };
    }
    // Labels must read as datelines: date-classed elements also hold "Retrieved 17 February
    // 2008" citations and site headers' clocks ("Log in Register 14:53 GMT +3 20 November 2019").
    shown
        .or_else(|| {
            c.date_texts
                .iter()
                .find_map(|t| dateline(t, Placement::Line).map(|d| d.value))
        })
        .map(|d| (d, PublishedSource::Text))
}

/// `en-GB` → `en`; anything that is not a two-letter code → `None`.
fn language_code(value: &str) -> Option<String> {
    let primary = value.trim().split(['-', '_', ',', ';']).next()?.trim().to_ascii_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_alphabetic())).then_some(primary)
}

/// Whether a JSON-LD headline is the page's headline and not a description
/// (some sites put a summary there): it must share most words with `<title>` or an h1.
fn agrees_with_page_title(headline: &str, title_tag: Option<&str>, h1s: &[String]) -> bool {
    let words: Vec<String> = headline.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return false;
    }
    let mut references: Vec<String> = h1s.iter().map(|h| h.to_lowercase()).collect();
    if let Some(t) = title_tag {
        references.push(t.to_lowercase());
    }
    if references.is_empty() {
        return true;
    }
    references.iter().any(|r| words.iter().filter(|w| r.contains(w.as_str())).count() * 2 >= words.len())
}

/// Separators between a headline and the site name in `<title>` and og:title.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " / ", " · ", " • ", " ｜ ", "｜", " _ "];

/// Whether a title part names the site of `host` ("Le Monde.fr" for lemonde.fr).
fn names_host(part: &str, host: Option<&str>) -> bool {
    let squeezed: String = part.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let Some(host) = host else { return false };
    let host: String = host.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    squeezed.len() >= 3 && (host.contains(&squeezed) || squeezed.contains(&host))
}

/// Removes the site name from a page title: "Headline | BBC News" → "Headline".
/// The known outlet name is removed wherever it sits; otherwise a short last part
/// after a separator is taken for the site name (a short first part when the rest is long).
fn strip_site_from_title(title: &str, outlet: Option<&str>, host: Option<&str>, h1s: &[String]) -> String {
    if h1s.iter().any(|h| h == title) {
        return title.to_string();
    }
    for sep in TITLE_SEPARATORS {
        if let Some(site) = outlet.filter(|o| !o.is_empty()) {
            let lower = title.to_lowercase();
            let site_lower = site.to_lowercase();
            if lower.ends_with(&format!("{}{}", sep.to_lowercase(), site_lower)) {
                let cut = title.len().saturating_sub(sep.len() + site.len());
                if let Some(head) = title.get(..cut) {
                    return head.trim().to_string();
                }
            }
            if lower.starts_with(&format!("{}{}", site_lower, sep.to_lowercase())) {
                if let Some(tail) = title.get(site.len() + sep.len()..) {
                    return tail.trim().to_string();
                }
            }
        }
    }
    // A part equal to an h1 is the headline.
    for sep in TITLE_SEPARATORS {
        if title.contains(sep) {
            if let Some(part) = title.split(sep).find(|p| h1s.iter().any(|h| h.trim() == p.trim())) {
                return part.trim().to_string();
            }
        }
    }
    for sep in TITLE_SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let (head_words, tail_words) = (word_count(head), word_count(tail));
            if head_words >= 3 && tail_words <= 4 && tail_words < head_words {
                return head.trim().to_string();
            }
        }
        if let Some(pos) = title.find(sep) {
            let (lead, rest) = (&title[..pos], &title[pos + sep.len()..]);
            let (lead_words, rest_words) = (word_count(lead), word_count(rest));
            if lead_words <= 4 && rest_words >= 4 && lead_words < rest_words && names_host(lead, host) {
                return rest.trim().to_string();
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str, url: Option<&str>) -> PageMetadata {
        read(&Dom::parse(html), url)
    }

    #[test]
    fn strips_site_suffixes_from_titles() {
        let m = meta("<title>Obama admits gun laws frustration - BBC News</title>", None);
        assert_eq!(m.title.as_deref(), Some("Obama admits gun laws frustration"));
        let m = meta(r#"<meta property="og:site_name" content="Reuters"><title>Oil prices fall again | Reuters</title>"#, None);
        assert_eq!(m.title.as_deref(), Some("Oil prices fall again"));
        let m = meta("<title>Le Monde.fr - Le projet de loi sur le renseignement approuvé</title>", Some("https://www.lemonde.fr/a"));
        assert_eq!(m.title.as_deref(), Some("Le projet de loi sur le renseignement approuvé"));
        let m = meta("<title>Kiev - Moscow talks resume in Minsk</title><h1>Kiev - Moscow talks resume in Minsk</h1>", None);
        assert_eq!(m.title.as_deref(), Some("Kiev - Moscow talks resume in Minsk"));
        let m = meta("<title>Firefox — Customize and make it your own</title>", Some("https://www.mozilla.org/a"));
        assert_eq!(m.title.as_deref(), Some("Firefox — Customize and make it your own"));
    }

    #[test]
    fn reads_authors_from_json_ld_graph_and_arrays() {
        let html = r##"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"X",
            "author":[{"@type":"Person","name":"Jane Roe"},{"@id":"#p2"}],"datePublished":"2020-03-03T10:00:00+01:00"},
            {"@type":"Person","@id":"#p2","name":"John Doe"}]}</script>"##;
        let m = meta(html, None);
        assert_eq!(m.authors, vec!["Jane Roe", "John Doe"]);
        assert_eq!(m.published, Some(("2020-03-03T10:00:00+01:00".to_string(), PublishedSource::JsonLd)));
    }

    #[test]
    fn cleans_bylines() {
        let mut names = Vec::new();
        push_authors("By Jane Roe, John Doe and Max Mustermann | Updated March 3, 2020", &mut names);
        assert_eq!(names, vec!["Jane Roe", "John Doe", "Max Mustermann"]);
        let mut names = Vec::new();
        push_authors("Martin Untersinger (avec Damien Leloup et Morgane Tual)", &mut names);
        assert_eq!(names, vec!["Martin Untersinger", "Damien Leloup", "Morgane Tual"]);
        let mut names = Vec::new();
        push_authors("By JANE ROE, Staff Writer", &mut names);
        assert_eq!(names, vec!["JANE ROE"]);
        let mut names = Vec::new();
        push_authors("https://www.facebook.com/janeroe", &mut names);
        assert!(names.is_empty());
        let mut names = Vec::new();
        push_authors("By Nathan Willis March 25, 2015", &mut names);
        push_authors("Sign In", &mut names);
        push_authors("J J", &mut names);
        assert_eq!(names, vec!["Nathan Willis"]);
        let mut names = Vec::new();
        push_authors("Von Anna Schmidt und Jan Kowalski", &mut names);
        assert_eq!(names, vec!["Anna Schmidt", "Jan Kowalski"]);
    }

    #[test]
    fn reads_meta_authors_and_never_urls() {
        let html = r#"<meta property="article:author" content="https://facebook.com/x"><meta name="author" content="Anna Nowak">"#;
        assert_eq!(meta(html, None).authors, vec!["Anna Nowak"]);
        let html = r#"<body><div class="byline">By <a rel="author" href="/a">Ann Lee</a> and Bo Li</div><p>x</p></body>"#;
        assert_eq!(meta(html, None).authors, vec!["Ann Lee", "Bo Li"]);
    }

    #[test]
    fn finds_dates_in_meta_time_url_and_text() {
        let m = meta(r#"<meta name="sailthru.date" content="2019-05-06 10:00:00">"#, None);
        assert_eq!(m.published, Some(("2019-05-06".to_string(), PublishedSource::Meta)));
        let m = meta(r#"<p><time datetime="2019-05-06T10:00:00Z">May 6</time></p>"#, None);
        assert_eq!(m.published, Some(("2019-05-06T10:00:00+00:00".to_string(), PublishedSource::Meta)));
        let m = meta("<p>x</p>", Some("https://n.com/2018/01/02/a.html"));
        assert_eq!(m.published, Some(("2018-01-02".to_string(), PublishedSource::Url)));
        let m = meta(r#"<span class="article-date">Opublikowano 3 marca 2020</span>"#, None);
        assert_eq!(m.published, Some(("2020-03-03".to_string(), PublishedSource::Text)));
    }

    #[test]
    fn a_visible_dateline_dates_a_page_without_metadata_dates() {
        let body = "<p>Three people have died after rioters in Greece set fire to a bank in Athens during a nationwide strike.</p>\
                    <p>Greek police clashed with protesters in the capital as tens of thousands of people joined a 24-hour walkout.</p>";
        let html = format!("<title>Three killed</title><body><article><h1>Three killed</h1><p>7:00pm UK, Wednesday 05 May 2010</p>{body}</article></body>");
        let m = meta(&html, Some("http://news.example/story/778356/three-killed"));
        assert_eq!(m.published, Some(("2010-05-05T19:00:00+01:00".to_string(), PublishedSource::Text)));
        // The URL's day stays unless the dateline adds a time to that same day.
        let m = meta(&html, Some("http://news.example/2010/05/05/three-killed"));
        assert_eq!(m.published, Some(("2010-05-05T19:00:00+01:00".to_string(), PublishedSource::Text)));
        let m = meta(&html, Some("http://news.example/2010/05/06/three-killed"));
        assert_eq!(m.published, Some(("2010-05-06".to_string(), PublishedSource::Url)));
        let with_meta = format!(r#"<meta property="article:published_time" content="2010-05-05T18:00:00Z">{html}"#);
        assert_eq!(meta(&with_meta, None).published, Some(("2010-05-05T18:00:00+00:00".to_string(), PublishedSource::Meta)));
    }

    #[test]
    fn reads_outlet_url_and_language() {
        let html = r#"<html lang="pl-PL"><head><link rel="canonical" href="/news/a"></head></html>"#;
        let m = meta(html, Some("https://www.example.pl/news/a?utm=1"));
        assert_eq!(m.url.as_deref(), Some("https://www.example.pl/news/a"));
        assert_eq!(m.outlet.as_deref(), Some("example.pl"));
        assert_eq!(m.language.as_deref(), Some("pl"));
        let html = r#"<meta property="og:site_name" content="Le Monde.fr"><meta http-equiv="content-language" content="fr">"#;
        let m = meta(html, None);
        assert_eq!(m.outlet.as_deref(), Some("Le Monde.fr"));
        assert_eq!(m.language.as_deref(), Some("fr"));
        let html = r#"<script type="application/ld+json">{"@type":"Article","publisher":{"@type":"Organization","name":"Al Jazeera"}}</script>"#;
        assert_eq!(meta(html, None).outlet.as_deref(), Some("Al Jazeera"));
    }
}
