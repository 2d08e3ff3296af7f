//! The HTML pages: story list, story, article, search. Every value from an
//! article goes through maud, which escapes it.

use std::collections::{BTreeSet, HashSet};

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use model::{Doc, EntityKind, Report};
use serde::Deserialize;

use crate::api::{summaries, SearchParams, StoryFilter};
use crate::story_html::{self, ArticleLinks, Articles};
use crate::{blocking, AppState};

const ARTICLE_PAGES: &str = "/articles/";

/// `GET /assets/style.css`
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], story_html::STYLE).into_response()
}

/// `GET /assets/app.js`
pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], story_html::SCRIPT)
        .into_response()
}

/// A page with the app's navigation around `body`.
fn layout(title: &str, query: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Triangulate" }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                nav.app-nav { div {
                    a href="/" { "Triangulate" }
                    a href="/" { "Stories" }
                    a href="/search" { "Search" }
                    form action="/search" method="get" role="search" {
                        input type="search" name="q" value=(query) placeholder="Search articles and quotes" aria-label="Search articles and quotes";
                    }
                } }
                main { (body) }
                script src="/assets/app.js" {}
            }
        }
    }
}

/// An HTML error page with its status.
fn error_page(status: StatusCode, message: &str) -> Response {
    (status, Html(layout("Error", "", html! { h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) } p.error { (message) } p { a href="/" { "All stories" } } }).into_string()))
        .into_response()
}

fn internal(e: anyhow::Error) -> Response {
    error_page(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}"))
}

/// Anything else: 404, as JSON under `/api/`, as a page elsewhere.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        crate::api::ApiError::new(StatusCode::NOT_FOUND, "no such endpoint").into_response()
    } else {
        error_page(StatusCode::NOT_FOUND, "There is nothing at this address.")
    }
}

fn options(values: &BTreeSet<&str>, selected: Option<&str>) -> Markup {
    html! { @for v in values { option value=(v) selected[selected == Some(*v)] { (v) } } }
}

/// `GET /`: the stories, newest first, filtered by outlet, language and date.
pub async fn stories(State(state): State<AppState>, Query(filter): Query<StoryFilter>) -> Response {
    let report = match blocking(move || state.report()).await {
        Ok(r) => r,
        Err(e) => return internal(e),
    };
    let list = summaries(&report, &filter);
    let outlets: BTreeSet<&str> = report.articles.iter().filter_map(|a| a.outlet.as_deref()).collect();
    let languages: BTreeSet<&str> = report.articles.iter().map(|a| a.language.as_str()).collect();
    let body = html! {
        h1 { "Stories" }
        p.meta { (report.stories.len()) " stories from " (report.articles.len()) " articles" }
        form.filters method="get" action="/" {
            label { "Outlet" select name="outlet" { option value="" { "any" } (options(&outlets, filter.outlet.as_deref())) } }
            label { "Language" select name="language" { option value="" { "any" } (options(&languages, filter.language.as_deref())) } }
            label { "From" input type="date" name="from" value=(filter.from.clone().unwrap_or_default()); }
            label { "To" input type="date" name="to" value=(filter.to.clone().unwrap_or_default()); }
            button type="submit" { "Filter" }
        }
        input #story-filter type="search" placeholder="Type to narrow the list…" aria-label="Narrow the list of stories" autocomplete="off";
        @if list.is_empty() { p.muted { "No story matches." } }
        ol #story-list {
            @for s in &list {
                li data-search=(format!("{} {}", s.title.to_lowercase(), s.outlets.join(" ").to_lowercase())) {
                    a href={ "/stories/" (story_html::percent_encode(&s.id)) } { (s.title) }
                    br;
                    span.muted {
                        (s.articles) " articles · " (s.outlets.join(", ")) " · " (s.languages.join(", "))
                        @if let (Some(f), Some(l)) = (&s.first_published, &s.last_published) { " · " (f) @if f != l { " – " (l) } }
                    }
                }
            }
        }
        p #story-none .muted hidden { "No story matches." }
    };
    Html(layout("Stories", "", body).into_string()).into_response()
}

/// `GET /stories/{id}`: the story's account, as in the report.
pub async fn story(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let report = match blocking(move || state.report()).await {
        Ok(r) => r,
        Err(e) => return internal(e),
    };
    let Some(s) = report.stories.iter().find(|s| s.id == id) else {
        return error_page(StatusCode::NOT_FOUND, "There is no story with this id.");
    };
    let articles = Articles::new(&report.articles, ArticleLinks::Pages(ARTICLE_PAGES));
    Html(layout(&s.title, "", story_html::story(s, &articles)).into_string()).into_response()
}

/// Parameters of the article page.
#[derive(Debug, Default, Deserialize)]
pub struct ArticleParams {
    /// A sentence to highlight and scroll to (from a piece of evidence).
    pub sentence: Option<String>,
}

/// `GET /articles/{id}`: the clean text with the spans that feed the account highlighted.
pub async fn article(State(state): State<AppState>, Path(id): Path<String>, Query(params): Query<ArticleParams>) -> Response {
    let loaded = blocking(move || {
        let report = state.report()?;
        let doc = state.lock_corpus()?.store().doc(&id)?;
        Ok((report, doc))
    })
    .await;
    let (report, doc) = match loaded {
        Ok((report, Some(doc))) => (report, doc),
        Ok((_, None)) => return error_page(StatusCode::NOT_FOUND, "There is no article with this id."),
        Err(e) => return internal(e),
    };
    let title = doc.article.title.clone().unwrap_or_else(|| doc.article.source.clone());
    Html(layout(&title, "", article_body(&doc, &report, params.sentence.as_deref())).into_string()).into_response()
}

fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    }
}

fn article_body(doc: &Doc, report: &Report, target_sentence: Option<&str>) -> Markup {
    let a = &doc.article;
    let story = report.stories.iter().find(|s| s.articles.iter().any(|id| *id == a.id));
    // Sentences of this article that the account cites as evidence.
    let mut evidence: HashSet<&str> = HashSet::new();
    if let Some(s) = story {
        let all = s.timeline.iter().flat_map(|e| &e.evidence).chain(s.citations.iter().flat_map(|c| &c.evidence));
        for ev in all.filter(|ev| ev.article == a.id) {
            evidence.insert(ev.sentence.trim());
        }
    }
    let sentence_texts: Vec<String> = (0..doc.sentences.len()).map(|i| doc.sentence_text(i)).collect();
    let target = target_sentence.map(str::trim).filter(|t| !t.is_empty()).and_then(|t| {
        sentence_texts.iter().position(|s| s.trim() == t).or_else(|| sentence_texts.iter().position(|s| s.contains(t) || (!s.trim().is_empty() && t.contains(s.trim()))))
    });
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for (i, s) in doc.sentences.iter().enumerate() {
        if Some(i) == target {
            spans.push((s.start, s.end, "sent-target".into()));
        } else if sentence_texts.get(i).is_some_and(|t| evidence.contains(t.trim())) {
            spans.push((s.start, s.end, "sent-evidence".into()));
        }
    }
    spans.extend(doc.mentions.iter().map(|m| (m.span.start, m.span.end, format!("m-{}", kind_name(m.kind)))));
    spans.extend(doc.times.iter().map(|t| (t.span.start, t.span.end, "t-time".to_string())));
    spans.extend(doc.quotes.iter().map(|q| (q.span.start, q.span.end, "t-quote".to_string())));
    spans.extend(doc.figures.iter().map(|f| (f.span.start, f.span.end, "t-figure".to_string())));
    let target_start = target.and_then(|i| doc.sentences.get(i)).map(|s| s.start);
    html! {
        article.article-page {
            h1 { (a.title.as_deref().unwrap_or(&a.source)) }
            p.meta {
                (a.outlet.as_deref().unwrap_or("unknown outlet"))
                @if !a.authors.is_empty() { " · " (a.authors.join(", ")) }
                " · " (a.published.as_deref().unwrap_or("date unknown")) " · " (a.language) " · " (a.word_count()) " words"
                @if let Some(u) = a.url.as_deref().filter(|u| story_html::is_web_url(u)) { " · " a href=(u.trim()) rel="noopener noreferrer" { "original" } }
            }
            @if let Some(s) = story { p { "Part of the story " a href={ "/stories/" (story_html::percent_encode(&s.id)) } { (s.title) } } }
            @if target_sentence.is_some() && target.is_none() { p.muted { "The cited sentence was not found in this version of the text." } }
            p.key {
                span.sent-evidence { "evidence" } span.m-person { "person" } span.m-organization { "organisation" } span.m-place { "place" }
                span.t-time { "time" } span.t-quote { "quote" } span.t-figure { "figure" }
            }
            div.article-text { (highlighted_text(&a.text, &spans, target_start)) }
            @if !doc.quotes.is_empty() {
                h3 { "Quotes" }
                ul { @for q in &doc.quotes { li { strong { (q.speaker.as_ref().map_or("unattributed", |s| s.text.as_str())) } ": " q { (q.text) } } } }
            }
        }
    }
}

/// The text cut at every span boundary, each piece wrapped in the classes of the spans
/// covering it; spans count code points. The piece where the target sentence starts gets `id="evidence"`.
fn highlighted_text(text: &str, spans: &[(usize, usize, String)], target_start: Option<usize>) -> Markup {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |c: usize| chars.get(c).map_or(text.len(), |(b, _)| *b);
    let valid: Vec<&(usize, usize, String)> = spans.iter().filter(|(s, e, _)| s < e && *e <= n).collect();
    let mut cuts: BTreeSet<usize> = valid.iter().flat_map(|(s, e, _)| [*s, *e]).collect();
    cuts.insert(0);
    cuts.insert(n);
    let cuts: Vec<usize> = cuts.into_iter().collect();
    html! {
        @for w in cuts.windows(2) {
            @let (start, end) = (w[0], w[1]);
            @let piece = &text[byte_at(start)..byte_at(end)];
            @let classes: Vec<&str> = valid.iter().filter(|(s, e, _)| *s <= start && end <= *e).map(|(_, _, c)| c.as_str()).collect();
            @if classes.is_empty() { (piece) }
            @else if target_start == Some(start) { span id="evidence" class=(classes.join(" ")) { (piece) } }
            @else { span class=(classes.join(" ")) { (piece) } }
        }
    }
}

/// `GET /search?q=…`: articles and quotes, with the matching words marked.
pub async fn search(State(state): State<AppState>, Query(params): Query<SearchParams>) -> Response {
    let query = params.to_query();
    let searched = blocking(move || {
        let results = if query.text.trim().is_empty() { None } else { Some(state.shared.search.search(&query)?) };
        Ok((results, state.report()?))
    })
    .await;
    let (results, report) = match searched {
        Ok(r) => r,
        Err(e) => return internal(e),
    };
    let outlets: BTreeSet<&str> = report.articles.iter().filter_map(|a| a.outlet.as_deref()).collect();
    let body = html! {
        h1 { "Search" }
        form.search-form.filters method="get" action="/search" role="search" {
            label { "Words or \"a phrase\"" input #search-q type="search" name="q" value=(params.q) autofocus; }
            label { "In" select name="kind" {
                option value="" { "articles and quotes" }
                option value="article" selected[params.kind.as_deref() == Some("article")] { "articles" }
                option value="quote" selected[params.kind.as_deref() == Some("quote")] { "quotes" }
            } }
            label { "Outlet" select name="outlet" { option value="" { "any" } (options(&outlets, params.outlet.as_deref())) } }
            label { "From" input type="date" name="from" value=(params.from.clone().unwrap_or_default()); }
            label { "To" input type="date" name="to" value=(params.to.clone().unwrap_or_default()); }
            button type="submit" { "Search" }
        }
        @if let Some(r) = &results {
            p.meta #search-total { (r.total) " results" }
            ol.hits { @for h in &r.hits {
                li.hit {
                    span.hit-kind { (h.kind.as_str()) } " "
                    a href={ (ARTICLE_PAGES) (story_html::percent_encode(&h.article)) } { (h.title.as_deref().unwrap_or(&h.article)) }
                    " " span.muted { (h.outlet.as_deref().unwrap_or("")) " " (h.published.as_deref().map(|p| p.get(..10).unwrap_or(p)).unwrap_or("")) }
                    br;
                    @if let Some(s) = &h.speaker { strong { (s) } ": " }
                    span.snippet { (snippet(&h.snippet)) }
                }
            } }
        }
    };
    let title = if params.q.is_empty() { "Search".to_string() } else { format!("{} — search", params.q) };
    Html(layout(&title, &params.q, body).into_string()).into_response()
}

/// A snippet with its matches in `<mark>`; ranges off char boundaries are ignored.
fn snippet(s: &search::Snippet) -> Markup {
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for &(start, end) in &s.highlights {
        if start < at || end <= start || !s.text.is_char_boundary(start) || !s.text.is_char_boundary(end) || end > s.text.len() {
            continue;
        }
        pieces.push((&s.text[at..start], false));
        pieces.push((&s.text[start..end], true));
        at = end;
    }
    pieces.push((&s.text[at..], false));
    html! { @for (p, marked) in pieces { @if marked { mark { (p) } } @else { (p) } } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_nested_spans_on_char_boundaries() {
        let text = "Élysée said «oui» on Monday.";
        let spans = vec![(0, 28, "sent-target".to_string()), (0, 6, "m-organization".to_string()), (13, 16, "t-quote".to_string()), (40, 50, "bad".to_string())];
        let html = highlighted_text(text, &spans, Some(0)).into_string();
        assert!(html.starts_with("<span id=\"evidence\" class=\"sent-target m-organization\">Élysée</span>"), "{html}");
        assert!(html.contains("<span class=\"sent-target t-quote\">oui</span>"), "{html}");
        assert!(!html.contains("bad"));
    }

    #[test]
    fn snippets_mark_matches_and_escape() {
        let s = search::Snippet { text: "<b>x</b> quake here".into(), highlights: vec![(9, 14), (3, 4), (100, 200)] };
        let html = snippet(&s).into_string();
        assert_eq!(html, "&lt;b&gt;x&lt;/b&gt; <mark>quake</mark> here");
    }
}
