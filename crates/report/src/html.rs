//! The self-contained HTML report: styles and scripts inline, nothing
//! fetched, every value from an article escaped (maud escapes by default).

use std::collections::HashMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use model::{EntityKind, Report, ReportArticle, Story};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// Renders the whole report as one HTML page.
pub fn to_html(report: &Report) -> String {
    let articles: HashMap<&str, &ReportArticle> = report.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
                title { "Triangulate report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header.top {
                    h1 { "Triangulate report" }
                    p.summary {
                        (report.stories.len()) " stories · " (report.articles.len()) " articles · "
                        (outlet_count(report)) " outlets"
                        @if !report.rejected.is_empty() { " · " a href="#rejected" { (report.rejected.len()) " rejected inputs" } }
                    }
                    @if report.stories.len() > 1 {
                        input #story-filter type="search" placeholder="Filter stories…" aria-label="Filter stories";
                        ol #story-list {
                            @for s in &report.stories {
                                li data-search=(search_key(s, &articles)) { a href={ "#" (s.id) } { (s.title) } " " span.muted { "(" (s.articles.len()) ")" } }
                            }
                        }
                    }
                }
                main {
                    @for s in &report.stories { (story(s, &articles)) }
                    @if !report.rejected.is_empty() {
                        section #rejected {
                            h2 { "Rejected inputs" }
                            ul { @for r in &report.rejected { li { code { (r.source) } ": " (r.reason) } } }
                        }
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    page.into_string()
}

fn outlet_count(report: &Report) -> usize {
    let mut outlets: Vec<&str> = report.articles.iter().filter_map(|a| a.outlet.as_deref()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    outlets.len()
}

fn search_key(s: &Story, articles: &HashMap<&str, &ReportArticle>) -> String {
    let mut key = s.title.to_lowercase();
    for id in &s.articles {
        if let Some(a) = articles.get(id.as_str()) {
            key.push(' ');
            key.push_str(&a.title.clone().unwrap_or_default().to_lowercase());
            key.push(' ');
            key.push_str(&a.outlet.clone().unwrap_or_default().to_lowercase());
        }
    }
    key
}

/// A link to an article: its outlet and title, to its URL only when that is a web address.
fn article_ref(id: &str, articles: &HashMap<&str, &ReportArticle>) -> Markup {
    let Some(a) = articles.get(id) else { return html! { (id) } };
    let label = a.outlet.clone().unwrap_or_else(|| a.source.clone());
    html! { a href={ "#art-" (a.id) } title=(a.title.clone().unwrap_or_default()) { (label) } }
}

fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn story(s: &Story, articles: &HashMap<&str, &ReportArticle>) -> Markup {
    let members: Vec<&ReportArticle> = s.articles.iter().filter_map(|id| articles.get(id.as_str()).copied()).collect();
    let mut languages: Vec<&str> = members.iter().map(|a| a.language.as_str()).collect();
    languages.sort_unstable();
    languages.dedup();
    let mut dates: Vec<&str> = members.iter().filter_map(|a| a.published.as_deref()).collect();
    dates.sort_unstable();
    html! {
        article.story id=(s.id) {
            h2 { (s.title) }
            p.meta {
                (members.len()) " articles · languages " (languages.join(", "))
                @if let (Some(first), Some(last)) = (dates.first(), dates.last()) { " · " (first.get(..10).unwrap_or(first)) " – " (last.get(..10).unwrap_or(last)) }
            }
            @if !s.timeline.is_empty() {
                section { h3 { "Timeline" }
                    ol.timeline { @for e in &s.timeline {
                        li {
                            time { (e.date) @if let Some(end) = &e.end { " – " (end) } } @if e.approximate { " " span.muted { "(approx.)" } }
                            " " (e.summary) " " span.sources { (e.sources) " source" @if e.sources != 1 { "s" } }
                            details { summary { "Evidence" } ul { @for ev in &e.evidence {
                                li { (article_ref(&ev.article, articles)) ": " q { (ev.sentence) } }
                            } } }
                        }
                    } }
                }
            }
            @if !s.quotes.is_empty() {
                section { h3 { "Who said what" }
                    ul.quotes { @for q in &s.quotes {
                        li { strong { (q.speaker_name.clone().unwrap_or_else(|| "unattributed".into())) } @if !q.direct { " " span.muted { "(indirect)" } }
                            @for v in &q.variants { blockquote { (v.text) footer { @for (i, id) in v.articles.iter().enumerate() { @if i > 0 { ", " } (article_ref(id, articles)) } } } }
                        }
                    } }
                }
            }
            @if !s.entities.is_empty() {
                section { h3 { "Who is who" }
                    ul.entities { @for e in &s.entities {
                        li { span class={ "kind " (kind_class(e.kind)) } { (kind_class(e.kind)) } " " strong { (e.name) }
                            @if e.variants.len() > 1 { " " span.muted { "also " (e.variants.iter().filter(|v| **v != e.name).cloned().collect::<Vec<_>>().join(", ")) } }
                            @if !e.descriptions.is_empty() { " — " (e.descriptions.join("; ")) }
                        }
                    } }
                }
            }
            @if !s.figures.is_empty() {
                section { h3 { "Figures" }
                    ul { @for f in &s.figures { li { (f.text) " " span.sources { (f.sources) " source" @if f.sources != 1 { "s" } } } } }
                }
            }
            @if !s.citations.is_empty() {
                section { h3 { "Sources cited" }
                    ul { @for c in &s.citations { li { strong { (c.source) } " — cited by " @for (i, id) in c.articles.iter().enumerate() { @if i > 0 { ", " } (article_ref(id, articles)) } } } }
                }
            }
            section { h3 { "Articles" }
                table.articles {
                    thead { tr { th { "Outlet" } th { "Title" } th { "Published" } th { "Language" } th { "Words" } } }
                    tbody { @for a in &members {
                        tr id={ "art-" (a.id) } {
                            td { (a.outlet.clone().unwrap_or_default()) }
                            td { @match &a.url { Some(u) if is_web_url(u) => { a href=(u) rel="noopener noreferrer" { (a.title.clone().unwrap_or_else(|| a.source.clone())) } }, _ => { (a.title.clone().unwrap_or_else(|| a.source.clone())) } }
                                 @if !a.authors.is_empty() { br; span.muted { (a.authors.join(", ")) } } }
                            td { (a.published.clone().unwrap_or_else(|| "unknown".into())) }
                            td { (a.language) }
                            td.num { (a.words) }
                        }
                    } }
                }
            }
        }
    }
}

fn kind_class(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Rejected, REPORT_FORMAT};

    #[test]
    fn escapes_everything_from_articles() {
        let article = ReportArticle {
            id: "a1".into(),
            source: "x.html".into(),
            outlet: Some("<img src=x onerror=alert(1)>".into()),
            url: Some("javascript:alert(1)".into()),
            title: Some("<script>alert('t')</script>".into()),
            authors: vec!["\"><svg onload=alert(2)>".into()],
            published: None,
            published_source: None,
            language: "en".into(),
            words: 3,
            derived_from: vec![],
        };
        let story = Story {
            id: "s1".into(),
            title: "<script>alert('s')</script>".into(),
            articles: vec!["a1".into()],
            entities: vec![],
            timeline: vec![],
            quotes: vec![],
            figures: vec![],
            citations: vec![],
            disagreements: vec![],
        };
        let report = Report {
            format: REPORT_FORMAT.into(),
            articles: vec![article],
            stories: vec![story],
            rejected: vec![Rejected { source: "<b>bad</b>".into(), reason: "empty".into() }],
        };
        let page = to_html(&report);
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains("<img src=x"));
        assert!(!page.contains("<svg"));
        assert!(!page.contains("href=\"javascript:"));
        assert!(page.contains("&lt;script&gt;alert('s')"));
        assert!(!page.contains("src=\"http") && !page.contains("@import"), "nothing is fetched");
    }
}
