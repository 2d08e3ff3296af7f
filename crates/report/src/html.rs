//! The story rendering shared by the self-contained HTML report and the web
//! app's story page. maud escapes every value that comes from an article; the
//! report's style sheet and script are inline and allowed by their hashes in
//! its Content-Security-Policy, so nothing else can run and nothing is fetched.

use std::collections::HashMap;

use base64::Engine as _;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use model::{
    Disagreement, DisagreementKind, EntityKind, Evidence, QuoteVariant, Relation, Report, ReportArticle, Story,
    StoryEntity, StoryQuote,
};
use sha2::{Digest, Sha256};
use similar::{ChangeTag, TextDiff};

/// The style sheet of the report and of the web app.
pub const STYLE: &str = include_str!("report.css");
/// The script of the report and of the web app: story filter, printing with evidence open.
pub const SCRIPT: &str = include_str!("report.js");

/// Most articles drawn in one derivation graph; a larger story lists the rest in its article table.
const GRAPH_MAX_NODES: usize = 80;

/// Where references to an article point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleLinks<'a> {
    /// To the article's row in the same page (`#art-ID`).
    InPage,
    /// To the web app's article page, `{prefix}{id}`.
    Pages(&'a str),
}

/// The articles a story refers to, by id, and where links to them go.
pub struct Articles<'a> {
    by_id: HashMap<&'a str, &'a ReportArticle>,
    links: ArticleLinks<'a>,
}

impl<'a> Articles<'a> {
    /// Indexes `articles` by id.
    pub fn new(articles: &'a [ReportArticle], links: ArticleLinks<'a>) -> Self {
        Articles { by_id: articles.iter().map(|a| (a.id.as_str(), a)).collect(), links }
    }

    fn get(&self, id: &str) -> Option<&'a ReportArticle> {
        self.by_id.get(id).copied()
    }

    fn href(&self, id: &str) -> String {
        match self.links {
            ArticleLinks::InPage => format!("#art-{id}"),
            ArticleLinks::Pages(prefix) => format!("{prefix}{}", percent_encode(id)),
        }
    }

    /// Where the sentence of a piece of evidence can be read in its article.
    fn evidence_href(&self, ev: &Evidence) -> String {
        match self.links {
            ArticleLinks::InPage => format!("#art-{}", ev.article),
            ArticleLinks::Pages(prefix) => {
                format!("{prefix}{}?sentence={}#evidence", percent_encode(&ev.article), percent_encode(&ev.sentence))
            }
        }
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for ids and sentences in URLs.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A Content-Security-Policy source for inline content: `'sha256-…'`.
pub fn csp_hash(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// True for the URLs that may become links: http and https only.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !lower.chars().any(char::is_whitespace)
}

/// Renders the whole report as one self-contained HTML page.
pub fn to_html(report: &Report) -> String {
    let articles = Articles::new(&report.articles, ArticleLinks::InPage);
    let policy = format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    );
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(policy);
                meta name="referrer" content="no-referrer";
                title { "Triangulate report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header.top {
                    h1 { "Triangulate report" }
                    p.summary {
                        (plural(report.stories.len(), "story", "stories")) " · " (plural(report.articles.len(), "article", "articles")) " · "
                        (plural(outlet_count(&report.articles), "outlet", "outlets"))
                        @if !report.rejected.is_empty() { " · " a href="#rejected" { (plural(report.rejected.len(), "rejected input", "rejected inputs")) } }
                    }
                    @if report.stories.len() > 1 {
                        (story_index(&report.stories, &articles))
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

/// The list of stories with search-as-you-type (the filter is in [`SCRIPT`]).
fn story_index(stories: &[Story], articles: &Articles) -> Markup {
    html! {
        nav.story-index aria-label="Stories" {
            input #story-filter type="search" placeholder="Search stories, outlets, people…" aria-label="Search stories" autocomplete="off";
            ol #story-list {
                @for s in stories {
                    li data-search=(search_key(s, articles)) {
                        a href={ "#" (s.id) } { (s.title) } " "
                        span.muted { (plural(s.articles.len(), "article", "articles")) }
                    }
                }
            }
            p #story-none .muted hidden { "No story matches." }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn outlet_count(articles: &[ReportArticle]) -> usize {
    let mut outlets: Vec<&str> = articles.iter().filter_map(|a| a.outlet.as_deref()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    outlets.len()
}

/// Lowercased words a story can be found by: its title, its articles' titles and outlets, its entities.
fn search_key(s: &Story, articles: &Articles) -> String {
    let mut key = s.title.to_lowercase();
    for id in &s.articles {
        if let Some(a) = articles.get(id) {
            for part in [a.title.as_deref(), a.outlet.as_deref()].into_iter().flatten() {
                key.push(' ');
                key.push_str(&part.to_lowercase());
            }
        }
    }
    for e in &s.entities {
        key.push(' ');
        key.push_str(&e.name.to_lowercase());
    }
    key
}

/// A short reference to an article: its outlet (or source), titled with its headline.
fn article_ref(id: &str, articles: &Articles) -> Markup {
    let Some(a) = articles.get(id) else { return html! { span.ref { (id) } } };
    html! { a.ref href=(articles.href(id)) title=(a.title.as_deref().unwrap_or(&a.source)) { (outlet_label(a)) } }
}

fn outlet_label(a: &ReportArticle) -> &str {
    a.outlet.as_deref().unwrap_or(&a.source)
}

fn article_refs(ids: &[String], articles: &Articles) -> Markup {
    html! { span.refs { @for (i, id) in ids.iter().enumerate() { @if i > 0 { " " } (article_ref(id, articles)) } } }
}

fn sources_badge(n: usize) -> Markup {
    let class = if n >= 2 { "sources corroborated" } else { "sources" };
    html! { span class=(class) title="independent sources" { (plural(n, "source", "sources")) } }
}

/// The day of a date or date-time value, for display.
fn day(value: &str) -> &str {
    value.get(..10).filter(|d| d.as_bytes().get(4) == Some(&b'-')).unwrap_or(value)
}

/// One story: its header and every part of its account. Used by the report and by the app's story page.
pub fn story(s: &Story, articles: &Articles) -> Markup {
    let members: Vec<&ReportArticle> = s.articles.iter().filter_map(|id| articles.get(id)).collect();
    let mut languages: Vec<&str> = members.iter().map(|a| a.language.as_str()).collect();
    languages.sort_unstable();
    languages.dedup();
    let mut outlets: Vec<&str> = members.iter().filter_map(|a| a.outlet.as_deref()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    let mut dates: Vec<&str> = members.iter().filter_map(|a| a.published.as_deref()).map(day).collect();
    dates.sort_unstable();
    let section_id = |part: &str| format!("{}-{part}", s.id);
    let derived = members.iter().any(|a| !a.derived_from.is_empty());
    let parts: Vec<(&str, &str, bool)> = vec![
        ("disagreements", "Disagreements", !s.disagreements.is_empty()),
        ("timeline", "Timeline", !s.timeline.is_empty()),
        ("quotes", "Who said what", !s.quotes.is_empty()),
        ("entities", "Who is who", !s.entities.is_empty()),
        ("figures", "Figures", !s.figures.is_empty()),
        ("derivation", "Who copied whom", derived),
        ("citations", "Sources cited", !s.citations.is_empty()),
        ("articles", "Articles", true),
    ];
    html! {
        article.story id=(s.id) {
            header.story-head {
                h2 { (s.title) }
                p.meta {
                    (plural(members.len(), "article", "articles")) " · " (plural(outlets.len(), "outlet", "outlets"))
                    " · " (if languages.len() == 1 { "language " } else { "languages " }) (languages.join(", "))
                    @if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
                        " · " time datetime=(first) { (first) } @if first != last { " – " time datetime=(last) { (last) } }
                    }
                }
                nav.parts { @for (id, label, present) in &parts { @if *present { a href={ "#" (section_id(id)) } { (label) } } } }
            }
            @if !s.disagreements.is_empty() {
                section.disagreements id=(section_id("disagreements")) { h3 { "Where sources disagree" }
                    @for d in &s.disagreements { (disagreement(d, articles)) }
                }
            }
            @if !s.timeline.is_empty() {
                section id=(section_id("timeline")) { h3 { "Timeline" }
                    ol.timeline { @for e in &s.timeline {
                        li.entry {
                            div.when {
                                time datetime=(e.date) { (e.date) } @if let Some(end) = &e.end { " – " time datetime=(end) { (end) } }
                                @if e.approximate { " " span.muted title="approximate date" { "≈" } }
                            }
                            div.what {
                                p.summary { (e.summary) " " (sources_badge(e.sources)) }
                                @if !e.participants.is_empty() { p.participants { @for p in &e.participants { span.chip { (entity_name(s, p)) } " " } } }
                                (evidence_list(&e.evidence, articles))
                            }
                        }
                    } }
                }
            }
            @if !s.quotes.is_empty() {
                section id=(section_id("quotes")) { h3 { "Who said what" }
                    @for q in &s.quotes { (quote(q, articles)) }
                }
            }
            @if !s.entities.is_empty() {
                section id=(section_id("entities")) { h3 { "Who is who" }
                    div.entity-groups {
                        @for (kind, heading) in [(EntityKind::Person, "People"), (EntityKind::Organization, "Organisations"), (EntityKind::Place, "Places"), (EntityKind::Other, "Other")] {
                            @let group: Vec<&StoryEntity> = s.entities.iter().filter(|e| e.kind == kind).collect();
                            @if !group.is_empty() {
                                div.entity-group { h4 { (heading) } ul.entities { @for e in group { (entity(e)) } } }
                            }
                        }
                    }
                }
            }
            @if !s.figures.is_empty() {
                section id=(section_id("figures")) { h3 { "Figures" }
                    table.figures {
                        thead { tr { th { "Figure" } th { "Counts" } th { "Sources" } th { "Carried by" } } }
                        tbody { @for f in &s.figures {
                            tr {
                                td { (f.text) }
                                td.muted { (format_number(f.value)) @if let Some(u) = &f.unit { " " (u) } @if let Some(c) = &f.counted { " " (c) } }
                                td { (sources_badge(f.sources)) }
                                td { (article_refs(&f.articles, articles)) }
                            }
                        } }
                    }
                }
            }
            @if derived {
                section id=(section_id("derivation")) { h3 { "Who copied, rewrote or translated whom" }
                    (derivation_graph(&members, articles))
                }
            }
            @if !s.citations.is_empty() {
                section id=(section_id("citations")) { h3 { "Primary sources cited" }
                    ul.citations { @for c in &s.citations {
                        li { strong { (c.source) } " — cited by " (article_refs(&c.articles, articles))
                            (evidence_list(&c.evidence, articles)) }
                    } }
                }
            }
            section id=(section_id("articles")) { h3 { "Articles" }
                (article_table(&members, articles))
            }
        }
    }
}

/// The sentences behind a claim, folded: one click opens them.
fn evidence_list(evidence: &[Evidence], articles: &Articles) -> Markup {
    if evidence.is_empty() {
        return html! {};
    }
    html! {
        details.evidence {
            summary { "Evidence (" (evidence.len()) ")" }
            ol { @for ev in evidence {
                li {
                    a.sentence href=(articles.evidence_href(ev)) { q { (sentence_with_expression(&ev.sentence, ev.expression.as_deref())) } }
                    " — " (article_ref(&ev.article, articles))
                }
            } }
        }
    }
}

/// A sentence with the expression that supports the claim marked, when it occurs in it.
fn sentence_with_expression(sentence: &str, expression: Option<&str>) -> Markup {
    let found = expression.filter(|e| !e.is_empty()).and_then(|e| sentence.find(e).map(|at| (at, at + e.len())));
    match found {
        Some((start, end)) => html! { (&sentence[..start]) mark { (&sentence[start..end]) } (&sentence[end..]) },
        None => html! { (sentence) },
    }
}

fn disagreement(d: &Disagreement, articles: &Articles) -> Markup {
    let kind = match d.kind {
        DisagreementKind::Quote => "quote",
        DisagreementKind::Figure => "figure",
        DisagreementKind::Date => "date",
        DisagreementKind::Fact => "fact",
    };
    html! {
        div class={ "disagreement" @if d.update { " update" } } {
            p { span.kind { (kind) } " " strong { (d.about) }
                @if d.update { " " span.muted { "— updated over time, not a contradiction" } } }
            ol.positions { @for p in &d.positions {
                li { span.position { (p.text) } " " (sources_badge(p.sources))
                    @if let Some(first) = &p.first_published { " " span.muted { "first " time datetime=(first) { (day(first)) } } }
                    " " (article_refs(&p.articles, articles)) }
            } }
        }
    }
}

fn quote(q: &StoryQuote, articles: &Articles) -> Markup {
    let speaker = q.speaker_name.as_deref().unwrap_or("Unattributed");
    // The variant most articles carry is the reference the others are compared with.
    let reference = q
        .variants
        .iter()
        .enumerate()
        .max_by_key(|(i, v)| (v.articles.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let base = q.variants.get(reference).map(|v| v.text.as_str()).unwrap_or("");
    let mut ordered: Vec<&QuoteVariant> = Vec::with_capacity(q.variants.len());
    ordered.extend(q.variants.get(reference));
    ordered.extend(q.variants.iter().enumerate().filter(|(i, _)| *i != reference).map(|(_, v)| v));
    html! {
        div.quote id=(format!("quote-{}", q.id)) {
            p.speaker { strong { (speaker) }
                @if let Some(via) = &q.via { " " span.muted { "via " (via) } }
                @if !q.direct { " " span.kind { "indirect" } }
                " " (sources_badge(q.sources))
                @if q.variants.len() > 1 { " " span.muted { (q.variants.len()) " wordings" } } }
            div class={ "variants" @if ordered.len() > 1 { " several" } } {
                @for (i, v) in ordered.iter().enumerate() {
                    figure.variant {
                        blockquote { @if i == 0 { (v.text) } @else { (word_diff(base, &v.text)) } }
                        figcaption { @if i == 0 && ordered.len() > 1 { "most carried · " } (article_refs(&v.articles, articles)) }
                    }
                }
            }
        }
    }
}

/// `variant` with the words it adds to `base` inserted and the words it drops struck out.
pub fn word_diff(base: &str, variant: &str) -> Markup {
    let diff = TextDiff::from_words(base, variant);
    html! {
        @for change in diff.iter_all_changes() {
            @match change.tag() {
                ChangeTag::Equal => { (change.value()) }
                ChangeTag::Insert => { ins { (change.value()) } }
                ChangeTag::Delete => { del { (change.value()) } }
            }
        }
    }
}

fn entity(e: &StoryEntity) -> Markup {
    let others: Vec<&String> = e.variants.iter().filter(|v| **v != e.name).collect();
    html! {
        li {
            strong { (e.name) }
            span.muted { " · " (plural(e.mentions, "mention", "mentions")) " in " (plural(e.articles.len(), "article", "articles")) }
            @if !others.is_empty() { br; span.variants-list { "also: " @for (i, v) in others.iter().enumerate() { @if i > 0 { ", " } i { (v) } } } }
            @if !e.descriptions.is_empty() { br; span.descriptions { (e.descriptions.join("; ")) } }
        }
    }
}

/// A participant as named: entity ids are looked up among the story's entities.
fn entity_name<'a>(s: &'a Story, participant: &'a str) -> &'a str {
    s.entities.iter().find(|e| e.id == participant).map_or(participant, |e| e.name.as_str())
}

/// A number with thousands grouped by thin spaces: 110 000 000 000, 2.5.
fn format_number(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return format!("{v}");
    }
    let digits = format!("{}", (v as i64).unsigned_abs());
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202F}');
        }
        out.push(d);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

fn relation_name(r: Relation) -> &'static str {
    match r {
        Relation::Copy => "copy",
        Relation::Rewrite => "rewrite",
        Relation::Translation => "translation",
    }
}

/// Days since 1970-01-01 (with the time of day as a fraction) of an RFC 3339 date or date-time.
fn timestamp(value: &str) -> Option<f64> {
    let days = model::day_number(value)?;
    let hours: f64 = value.get(11..13).and_then(|h| h.parse().ok()).unwrap_or(0.0);
    let minutes: f64 = value.get(14..16).and_then(|m| m.parse().ok()).unwrap_or(0.0);
    Some(days as f64 + (hours * 60.0 + minutes) / 1440.0)
}

/// The derivation graph as inline SVG: one row per article in publication order, each
/// dot placed on a time axis, an arc from the earlier article to the one derived from it.
fn derivation_graph(members: &[&ReportArticle], articles: &Articles) -> Markup {
    let in_story: HashMap<&str, &ReportArticle> = members.iter().map(|a| (a.id.as_str(), *a)).collect();
    let mut involved: Vec<&ReportArticle> = members
        .iter()
        .copied()
        .filter(|a| {
            a.derived_from.iter().any(|d| in_story.contains_key(d.article.as_str()))
                || members.iter().any(|b| b.derived_from.iter().any(|d| d.article == a.id))
        })
        .collect();
    involved.sort_by(|a, b| (a.published.as_deref(), &a.id).cmp(&(b.published.as_deref(), &b.id)));
    let truncated = involved.len() > GRAPH_MAX_NODES;
    involved.truncate(GRAPH_MAX_NODES);
    let row: HashMap<&str, usize> = involved.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let times: Vec<Option<f64>> = involved.iter().map(|a| a.published.as_deref().and_then(timestamp)).collect();
    let known: Vec<f64> = times.iter().flatten().copied().collect();
    let (t0, t1) = known.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), t| (lo.min(*t), hi.max(*t)));
    let (axis_left, axis_right, label_x, row_h, top) = (150.0_f64, 330.0_f64, 350.0_f64, 30.0_f64, 44.0_f64);
    let x_of = |i: usize| -> f64 {
        match times.get(i).copied().flatten() {
            Some(t) if t1 > t0 => axis_left + (t - t0) / (t1 - t0) * (axis_right - axis_left),
            Some(_) => (axis_left + axis_right) / 2.0,
            None => axis_left - 20.0,
        }
    };
    let y_of = |i: usize| top + i as f64 * row_h;
    let height = top + involved.len() as f64 * row_h + 10.0;
    struct Edge {
        from: usize,
        to: usize,
        relation: Relation,
        similarity: f64,
    }
    let mut edges = Vec::new();
    for (to, a) in involved.iter().enumerate() {
        for d in &a.derived_from {
            if let Some(&from) = row.get(d.article.as_str()) {
                edges.push(Edge { from, to, relation: d.relation, similarity: d.similarity });
            }
        }
    }
    html! {
        figure.derivation {
            svg viewBox={ "0 0 900 " (format!("{height:.0}")) } role="img" aria-label="Derivation graph: which article copied, rewrote or translated which" xmlns="http://www.w3.org/2000/svg" {
                defs {
                    @for r in [Relation::Copy, Relation::Rewrite, Relation::Translation] {
                        marker id={ "arrow-" (relation_name(r)) } viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" {
                            path d="M0,0 L10,5 L0,10 z" class={ "rel-" (relation_name(r)) };
                        }
                    }
                }
                @if !known.is_empty() {
                    line x1=(axis_left) y1="22" x2=(axis_right) y2="22" class="axis";
                    text x=(axis_left) y="14" class="axis-label" text-anchor="start" { (day(involved.iter().filter_map(|a| a.published.as_deref()).next().unwrap_or(""))) }
                    @if t1 > t0 { text x=(axis_right) y="14" class="axis-label" text-anchor="end" { (day(involved.iter().filter_map(|a| a.published.as_deref()).last().unwrap_or(""))) } }
                }
                @for e in &edges {
                    @let (x1, y1, x2, y2) = (x_of(e.from), y_of(e.from), x_of(e.to), y_of(e.to));
                    @let bend = x1.min(x2) - 24.0 - (y2 - y1).abs() * 0.35;
                    @let mid_y = (y1 + y2) / 2.0;
                    path class={ "edge rel-" (relation_name(e.relation)) } marker-end={ "url(#arrow-" (relation_name(e.relation)) ")" }
                        d=(format!("M{x1:.1},{y1:.1} C{bend:.1},{y1:.1} {bend:.1},{y2:.1} {:.1},{y2:.1}", x2 - 5.0)) {
                        title { (relation_name(e.relation)) " " (format!("{:.0}%", e.similarity * 100.0)) }
                    }
                    text class="edge-label" x=(format!("{:.1}", (bend * 0.25 + x1.min(x2) * 0.75 - 4.0).max(4.0))) y=(format!("{:.1}", mid_y + 4.0)) text-anchor="end" {
                        (relation_name(e.relation)) " " (format!("{:.0}%", e.similarity * 100.0))
                    }
                }
                @for (i, a) in involved.iter().enumerate() {
                    a href=(articles.href(&a.id)) {
                        circle cx=(format!("{:.1}", x_of(i))) cy=(format!("{:.1}", y_of(i))) r="6" class="node";
                        text x=(label_x) y=(format!("{:.1}", y_of(i) + 4.0)) class="node-label" {
                            tspan class="node-outlet" { (outlet_label(a)) } " "
                            tspan class="node-title" { (truncate_chars(a.title.as_deref().unwrap_or(""), 60)) }
                        }
                    }
                }
            }
            figcaption {
                span.legend.rel-copy { "copy" } " " span.legend.rel-rewrite { "rewrite" } " " span.legend.rel-translation { "translation" }
                " — arrows run from the earlier article to the one derived from it; dots sit on the publication time axis."
                @if truncated { " Only the first " (GRAPH_MAX_NODES) " articles are drawn." }
            }
        }
    }
}

fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn article_table(members: &[&ReportArticle], articles: &Articles) -> Markup {
    let mut ordered = members.to_vec();
    ordered.sort_by(|a, b| (a.published.as_deref(), &a.id).cmp(&(b.published.as_deref(), &b.id)));
    html! {
        table.articles {
            thead { tr { th { "Outlet" } th { "Title" } th { "Published" } th.lang { "Lang." } th.num { "Words" } } }
            tbody { @for a in ordered {
                tr id={ "art-" (a.id) } {
                    td { (a.outlet.as_deref().unwrap_or("—")) }
                    td {
                        @let title = a.title.as_deref().unwrap_or(&a.source);
                        @match (articles.links, a.url.as_deref()) {
                            (ArticleLinks::Pages(_), url) => {
                                a href=(articles.href(&a.id)) { (title) }
                                @if let Some(u) = url.filter(|u| is_web_url(u)) { " " a.external href=(u.trim()) rel="noopener noreferrer" title="original article" { "↗" } }
                            }
                            (ArticleLinks::InPage, Some(u)) if is_web_url(u) => { a href=(u.trim()) rel="noopener noreferrer" { (title) } }
                            _ => { (title) }
                        }
                        @if !a.authors.is_empty() { br; span.muted { (a.authors.join(", ")) } }
                        @for d in &a.derived_from {
                            br; span.derived { (relation_name(d.relation)) " of " (article_ref(&d.article, articles)) " " span.muted { (format!("{:.0}%", d.similarity * 100.0)) } }
                        }
                    }
                    td { @match &a.published { Some(p) => { time datetime=(p) { (day(p)) } @if let Some(s) = &a.published_source { @if s != "metadata" { " " span.muted { "(" (s) ")" } } } }, None => { span.muted { "unknown" } } } }
                    td.lang { (a.language) }
                    td.num { (a.words) }
                }
            } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Derivation, Disagreement, Position, QuoteVariant, Rejected, StoryCitation, StoryFigure, TimelineEntry, REPORT_FORMAT};

    fn article(id: &str, outlet: &str, published: &str, derived_from: Vec<Derivation>) -> ReportArticle {
        ReportArticle {
            id: id.into(),
            source: format!("{id}.html"),
            outlet: Some(outlet.into()),
            url: Some(format!("https://{outlet}.example/{id}")),
            title: Some(format!("Quake hits region ({outlet})")),
            authors: vec!["A. Writer".into()],
            published: Some(published.into()),
            published_source: Some("metadata".into()),
            language: "en".into(),
            words: 420,
            derived_from,
        }
    }

    fn evidence(article: &str, sentence: &str, expression: Option<&str>) -> Evidence {
        Evidence { article: article.into(), sentence: sentence.into(), expression: expression.map(String::from) }
    }

    /// A report with every field of a story filled.
    fn full_report() -> Report {
        let articles = vec![
            article("a1", "wire", "2020-03-03T08:00:00Z", vec![]),
            article("a2", "daily", "2020-03-03T12:30:00Z", vec![Derivation { article: "a1".into(), relation: Relation::Copy, similarity: 0.97 }]),
            article("a3", "zeitung", "2020-03-04", vec![Derivation { article: "a1".into(), relation: Relation::Translation, similarity: 0.81 }]),
        ];
        let story = Story {
            id: "s1".into(),
            title: "Earthquake in the north".into(),
            articles: vec!["a1".into(), "a2".into(), "a3".into()],
            entities: vec![
                StoryEntity { id: "e1".into(), name: "Maria Lopez".into(), kind: EntityKind::Person, variants: vec!["Maria Lopez".into(), "Lopez".into()], descriptions: vec!["the regional governor".into()], mentions: 7, articles: vec!["a1".into(), "a2".into()] },
                StoryEntity { id: "e2".into(), name: "Red Cross".into(), kind: EntityKind::Organization, variants: vec!["Red Cross".into()], descriptions: vec![], mentions: 2, articles: vec!["a1".into()] },
                StoryEntity { id: "e3".into(), name: "Valdivia".into(), kind: EntityKind::Place, variants: vec!["Valdivia".into()], descriptions: vec![], mentions: 3, articles: vec!["a3".into()] },
            ],
            timeline: vec![TimelineEntry {
                date: "2020-03-03".into(),
                end: Some("2020-03-04".into()),
                approximate: true,
                summary: "A 6.1 earthquake strikes Valdivia".into(),
                participants: vec!["e1".into()],
                evidence: vec![evidence("a1", "On Tuesday a 6.1 earthquake struck Valdivia.", Some("On Tuesday"))],
                sources: 2,
            }],
            quotes: vec![StoryQuote {
                id: "q1".into(),
                speaker: Some("e1".into()),
                speaker_name: Some("Maria Lopez".into()),
                via: Some("a spokesman".into()),
                direct: true,
                variants: vec![
                    QuoteVariant { text: "We will rebuild every house".into(), articles: vec!["a1".into(), "a2".into()] },
                    QuoteVariant { text: "We will rebuild each house quickly".into(), articles: vec!["a3".into()] },
                ],
                sources: 2,
            }],
            figures: vec![StoryFigure { value: 12.0, unit: None, counted: Some("dead".into()), text: "12 dead".into(), articles: vec!["a1".into(), "a3".into()], sources: 2 }],
            citations: vec![StoryCitation { source: "Geological Survey".into(), articles: vec!["a1".into()], evidence: vec![evidence("a1", "The Geological Survey measured 6.1.", None)] }],
            disagreements: vec![Disagreement {
                kind: DisagreementKind::Figure,
                about: "dead".into(),
                positions: vec![
                    Position { text: "12 dead".into(), articles: vec!["a1".into()], sources: 1, first_published: Some("2020-03-03T08:00:00Z".into()) },
                    Position { text: "15 dead".into(), articles: vec!["a3".into()], sources: 1, first_published: None },
                ],
                update: true,
            }],
        };
        let mut second = story.clone();
        second.id = "s2".into();
        second.title = "Another story".into();
        second.articles = vec!["a3".into()];
        Report { format: REPORT_FORMAT.into(), articles, stories: vec![story, second], rejected: vec![Rejected { source: "x.bin".into(), reason: "not text".into() }] }
    }

    #[test]
    fn renders_every_part_of_a_story() {
        let page = to_html(&full_report());
        for needle in [
            "3 articles · 3 outlets · language en · <time datetime=\"2020-03-03\">2020-03-03</time> – <time datetime=\"2020-03-04\">2020-03-04</time>",
            "Where sources disagree",
            "updated over time",
            "<mark>On Tuesday</mark> a 6.1 earthquake",
            "<span class=\"chip\">Maria Lopez</span>",
            "Maria Lopez",
            "via a spokesman",
            "the regional governor",
            "also: <i>Lopez</i>",
            "12 dead",
            "Geological Survey",
            "Rejected inputs",
            "id=\"story-filter\"",
            "href=\"https://wire.example/a1\"",
            "translation of <a class=\"ref\" href=\"#art-a1\"",
        ] {
            assert!(page.contains(needle), "missing {needle}");
        }
        // The derivation graph: three nodes, one edge per derivation, labelled by relation.
        let svg_start = page.find("<svg").expect("derivation graph");
        let svg = &page[svg_start..page[svg_start..].find("</svg>").map(|e| svg_start + e).unwrap_or(page.len())];
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches("class=\"edge rel-").count(), 2);
        assert!(svg.contains("copy 97%") && svg.contains("translation 81%"));
    }

    #[test]
    fn marks_word_differences_between_quote_variants() {
        let diff = word_diff("We will rebuild every house", "We will rebuild each house quickly").into_string();
        assert!(diff.contains("<del>every</del>"), "{diff}");
        assert!(diff.contains("<ins>each</ins>"), "{diff}");
        assert!(diff.contains("<ins>quickly</ins>"), "{diff}");
        let page = to_html(&full_report());
        assert!(page.contains("most carried"));
    }

    #[test]
    fn policy_allows_exactly_the_inline_style_and_script() {
        let page = to_html(&full_report());
        assert!(page.contains(&csp_hash(STYLE)) && page.contains(&csp_hash(SCRIPT)));
        assert!(!page.contains("unsafe-inline"));
        assert!(!page.contains(" style=\""), "inline style attributes would be blocked by the policy");
        assert!(!page.contains("src=\"http") && !page.contains("@import") && !page.contains("url(http"), "nothing is fetched");
    }

    #[test]
    fn app_links_go_to_article_pages_with_the_sentence() {
        let report = full_report();
        let articles = Articles::new(&report.articles, ArticleLinks::Pages("/articles/"));
        let html = story(&report.stories[0], &articles).into_string();
        assert!(html.contains("href=\"/articles/a1?sentence=On%20Tuesday%20a%206.1%20earthquake%20struck%20Valdivia.#evidence\""), "{html}");
        assert!(html.contains("class=\"external\" href=\"https://wire.example/a1\""));
    }

    #[test]
    fn escapes_everything_from_articles() {
        let mut report = full_report();
        let a = &mut report.articles[0];
        a.outlet = Some("<img src=x onerror=alert(1)>".into());
        a.url = Some("javascript:alert(1)".into());
        a.title = Some("<script>alert('t')</script>".into());
        a.authors = vec!["\"><svg onload=alert(2)>".into()];
        report.articles[1].url = Some(" JAVASCRIPT:alert(3)".into());
        let s = &mut report.stories[0];
        s.title = "<script>alert('s')</script>".into();
        s.quotes[0].variants[1].text = "<b onmouseover=alert(4)>x</b>".into();
        s.timeline[0].evidence[0].sentence = "<iframe src=javascript:alert(5)>".into();
        report.rejected[0].source = "<b>bad</b>".into();
        let page = to_html(&report);
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains("<img src=x"));
        assert!(!page.contains("<svg onload"));
        assert!(!page.contains("<b onmouseover") && !page.contains("<iframe"));
        assert!(!page.to_ascii_lowercase().contains("href=\"javascript:") && !page.to_ascii_lowercase().contains("href=\" javascript:"));
        assert!(page.contains("&lt;script&gt;alert('s')"));
    }

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_url("https://a.org/x") && is_web_url("HTTP://a.org"));
        assert!(!is_web_url("javascript:alert(1)") && !is_web_url("data:text/html,x") && !is_web_url("file:///etc/passwd"));
        assert!(!is_web_url("https://a.org/x y"));
    }

    #[test]
    fn handles_empty_and_odd_values() {
        let mut report = full_report();
        report.stories[0].quotes[0].variants.clear();
        report.stories[0].timeline[0].evidence[0].expression = Some("not in the sentence".into());
        report.articles[0].published = Some("yesterday".into());
        report.articles[2].published = None;
        report.stories[0].articles.push("missing-article".into());
        let page = to_html(&report);
        assert!(page.contains("Unattributed") || page.contains("Maria Lopez"));
        let empty = Report { format: REPORT_FORMAT.into(), articles: vec![], stories: vec![], rejected: vec![] };
        assert!(to_html(&empty).contains("0 stories"));
        assert_eq!(timestamp("2020-03-01").map(|d| d as i64), Some(18322));
        assert_eq!(timestamp("20é0-03-01"), None);
        assert_eq!(format_number(110_000_000_000.0), "110\u{202F}000\u{202F}000\u{202F}000");
        assert_eq!(format_number(-2500.0), "-2\u{202F}500");
        assert_eq!(format_number(2.5), "2.5");
    }
}
