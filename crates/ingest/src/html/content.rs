//! Main text: linearise the page into text blocks, pick the container whose
//! blocks are mostly article prose, then clean the blocks inside it.
//!
//! The container is the element that maximises the sum of its blocks' values:
//! prose (long, sentence-like, few links) counts for, link lists and short
//! fragments count against. This finds the tightest element around the
//! article without thresholds on depth, and copes with paragraphs split over
//! sibling wrappers. Class/id hints in many languages prune comments, sharing
//! widgets, related links, captions and the like before that.

use once_cell::sync::Lazy;
use regex::Regex;
use super::dom::{Dom, NodeValue};

use super::dates;
use super::hints;
use crate::dates::{dateline, Dateline, Placement};
use super::textutil::{collapse_whitespace, ends_like_sentence, text_weight};

/// What kind of element a block of text sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Quote,
    Preformatted,
    Cell,
    /// Text directly inside a `<div>` or other container.
    Loose,
}

/// A run of text between two block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    /// Text amount, CJK counting three (see [`text_weight`]).
    weight: usize,
    /// Part of `weight` inside links.
    link_weight: usize,
    /// Whether the text opens with a link (teasers: a linked headline, then a summary).
    starts_with_link: bool,
    kind: BlockKind,
    /// Index (into [`Linear::elements`]) of the innermost block element holding the text.
    element: usize,
}

/// An element kept in the linearised page.
#[derive(Debug)]
struct ElementInfo {
    /// Position of the element in the document ([`Dom::node`]): the same in every linearisation.
    node: usize,
    parent: Option<usize>,
    /// One past the index of its last descendant element: descendants are `index+1..end`.
    end: usize,
    /// How strongly the element says it holds the article: 1 for nothing,
    /// more for `<article>`, "article-body"-like classes, most for articleBody microdata.
    content_boost: f64,
}

#[derive(Debug, Default)]
struct Linear {
    elements: Vec<ElementInfo>,
    blocks: Vec<Block>,
}

/// Blocks with more links than this share of their text are navigation.
const MAX_LINK_DENSITY: f64 = 0.5;
/// Prose blocks: at least this much text…
const LONG_BLOCK: usize = 80;
/// …or this much when they end like a sentence.
const SENTENCE_BLOCK: usize = 30;
/// Extra weight for containers marked as article bodies.
const CONTENT_HINT_BOOST: f64 = 1.25;
/// Extra weight for an element marked up as schema.org articleBody: the page says what its article is.
const ARTICLE_BODY_BOOST: f64 = 2.0;
/// How much a short non-prose fragment counts against its containers, per unit of text.
const SHORT_PENALTY: f64 = 0.3;
/// Below this much text the pruned extraction is retried without class/id pruning.
const MIN_TEXT_WEIGHT: usize = 250;

/// Short blocks that are page furniture in any language ("Read also", "Subscribe", credits).
static FURNITURE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"(?i)^\W*(?:read (?:more|also|next)|see also|related|more on this|share|follow us|subscribe|sign up|",
        r"advertisement|advertising|advert\W*$|more\W*$|sharing is caring|sponsored|click here|all rights reserved|copyright|©|photo:|photos:|image:|",
        r"credit:|getty images|ap photo|reuters/|file photo|listen to|watch:|tags?:|topics?:|filed under|",
        r"lesen sie auch|mehr zum thema|weiterlesen|anzeige|foto:|bild:|lire aussi|à lire aussi|a lire aussi|voir aussi|",
        r"publicité|czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)|reklama|",
        r"читайте также|подробнее|реклама|смотрите также|фото:|اقرأ أيضا|اقرأ ايضا|إقرأ أيضا|شاهد أيضا|",
        r"相关阅读|相关新闻|责任编辑|延伸阅读|原标题|leia também|leia mais|publicidade|leggi anche|pubblicità|",
        r"lee también|publicidad|ver también)"
    ))
    .expect("valid furniture regex")
});

/// Short lines naming a photo agency or photographer: captions and credits.
static CREDIT_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)getty images|shutterstock|istock|\bafp\b|ap photo|\bepa\b|\breuters\b|bloomberg|imago|\bdpa\b|picture alliance|photograph:|фото:|صورة|\bvia \S+$")
        .expect("valid credit regex")
});

/// Share and comment counters, bylines and "Sharing is caring!"-style widget labels.
static COUNTER_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:\d[\d.,]*\s*[km]?\s*(?:shares?|comments?|views?|likes?)|sharing is caring!?|(?:by|written by|posted by|von|par|por|autor|автор)\s+\S+(?:\s+\S+){0,6})$")
        .expect("valid counter regex")
});

/// Calls to sign up for newsletters and alerts ("Get breaking news alerts… delivered weekday mornings").
static PROMO_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:sign(?:ing)? up|subscribe|get|join|delivered|receive|abonnez-vous|inscrivez-vous|abonnieren|melden sie sich|zapisz się|подпишитесь)\b",
        r".{0,80}\b(?:newsletters?|inbox|(?:news|e-?mail) alerts|letterbox|infolettre|posteingang)\b|",
        r"(?i)\b(?:newsletters?|inbox)\b.{0,80}\b(?:sign up|subscribe)\b|",
        r"(?i)^follow .{0,80}\b(?:on|at) (?:facebook|twitter|instagram|linkedin|youtube)\b|",
        r"(?i)\baffiliate\b.{0,30}\b(?:links?|commissions?|programs?)\b|\b(?:may|might) (?:earn|get|receive) (?:a )?(?:small )?(?:share|commission)|",
        r"(?i)\bfollow (?:him|her|them|us|me)\b.{0,40}\bon (?:twitter|facebook|instagram|linkedin)\b|\bshare (?:it|this(?: story| article)?) with (?:a|your) friends?\b|",
        r"(?i)\bhave a (?:news )?tip\b|\b(?:may|can) be reached at\b"
    ))
    .expect("valid promo regex")
});

/// The text with common typographic punctuation (curly quotes, dashes, ellipsis, guillemets,
/// bullets, © ® ™) replaced by U+0001, for unanchored patterns with `\b` such as [`PROMO_LINE`].
/// The regex crate's lazy DFA handles a Unicode `\b` only on ASCII text and otherwise falls back
/// to a much slower engine; news text in any language is full of these marks. U+0001 is, like
/// each of them, neither a word character nor a space and occurs in no pattern it is used with,
/// and each is one character, so every match is the same, character for character.
fn ascii_punctuation_view(text: &str) -> std::borrow::Cow<'_, str> {
    const MARKS: [char; 14] = ['‘', '’', '“', '”', '–', '—', '…', '«', '»', '·', '•', '©', '®', '™'];
    if text.is_ascii() || !text.contains(MARKS) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| if MARKS.contains(&c) { '\u{1}' } else { c }).collect())
}

/// A line about the author after the article: "Jane Roe is a reporter for The Daily News."
static AUTHOR_BIO_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"^\p{Lu}[\p{L}.'-]+(?: \p{Lu}[\p{L}.'-]+){1,3} (?:is|was) (?:a|an|the|\p{Lu}[\p{L}.&-]*['’]s) (?:[\p{L}-]+ ){0,4}",
        r"(?:reporter|writer|editor|correspondent|journalist|columnist|contributor|producer|curator|fellow|author)\b"
    ))
    .expect("valid author bio regex")
});

/// The staff credits closing wire copy (the Reuters convention, kept by the papers that
/// run it): "(Reporting by Jane Roe; Editing by John Doe)", "Additional reporting by …".
static WIRE_CREDIT_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^[(\[]?\s*(?:additional |with )?(?:reporting|writing|editing|compiled|research) by\b").expect("valid wire credit regex")
});

/// Words that open a date line: weekdays and "Updated", "Published".
static DATE_LINE_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*(?:\d|(?:updated|published|posted|last updated|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)").expect("valid date line regex")
});

/// Whole lines that head what comes after an article, in several languages.
static ARTICLE_END_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"(?i)^\W*(?:related(?: stories| articles| coverage| posts| content| news| links| topics)?|more (?:from|in|stories|on|news|articles|like this|to read)(?: .{0,40})?|more .{0,30}(?:stories|articles|posts|reads|coverage)|other .{0,30}(?:columns|stories|articles|news|posts)|",
        r"recommended(?: for you| stories| articles)?|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|want more stories like this|read next|up next|what to read next|",
        r"most (?:popular|read|viewed|shared)|trending(?: now| stories)?|\d* ?comments?(?: \(\d+\))?|(?:view|show|read|see|load|hide) (?:all )?(?:\d+ )?comments?(?: \(\d+\))?|leave a (?:reply|comment)|join the (?:conversation|discussion)|about the author|",
        r"(?:get|sign up for) (?:our|the) .{0,40}newsletter|newsletter|weitere artikel|mehr zum thema|das könnte sie auch interessieren|",
        r"à lire aussi|sur le même sujet|dans la même rubrique|les plus lus|czytaj (?:też|także|również)|zobacz (?:też|także)|polecamy|najczęściej czytane|",
        r"читайте также|похожие (?:новости|статьи|материалы)|по теме|самое читаемое|الأكثر قراءة|اقرأ أيضا|مواضيع ذات صلة|أخبار ذات صلة|",
        r"相关(?:阅读|新闻|文章|推荐)|热门(?:文章|新闻|推荐)?|猜你喜欢|leia também|veja também|notícias relacionadas|mais lidas|leggi anche|articoli correlati|",
        r"noticias relacionadas|te puede interesar|lo más leído|lee también)\W*$"
    ))
    .expect("valid article end regex")
});

/// The heading of an author or company box after the article: "About Jane Roe", "Über Moritz Bachmann".
static ABOUT_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:About|ABOUT|Über|À propos de|A propos de|Sobre|O) \p{Lu}[\p{L}.&'-]*(?: \p{Lu}[\p{L}.&'-]*){0,3}\W*$")
        .expect("valid about heading regex")
});

/// An end-of-article line only cuts the text once this share of the prose lies before it.
const MIN_PROSE_BEFORE_END: f64 = 0.5;

/// A ListItem counts as a teaser when its opening link holds at least this share of its text.
const TEASER_LINK_DENSITY: f64 = 0.15;

/// The article's main text, one entry per paragraph, heading or list item.
/// `title` is dropped where the page repeats it; `json_ld_body` (schema.org
/// articleBody) replaces the result when it is much longer.
pub fn main_text(document: &Dom<'_>, title: Option<&str>, json_ld_body: Option<&str>) -> Vec<String> {
    let pruned = linearise(document, true);
    let mut paragraphs = select(&pruned, title);
    if total_weight(&paragraphs) < MIN_TEXT_WEIGHT {
        let unpruned = linearise(document, false);
        let retry = select(&unpruned, title);
        if total_weight(&retry) > 2 * total_weight(&paragraphs) {
            paragraphs = retry;
        }
    }
    if let Some(body) = json_ld_body {
        let body_paragraphs: Vec<String> =
            body.split(['\n', '\r']).map(collapse_whitespace).filter(|p| !p.is_empty()).collect();
        let body_weight = total_weight(&body_paragraphs);
        if body_weight >= MIN_TEXT_WEIGHT && body_weight > 2 * total_weight(&paragraphs) {
            paragraphs = body_paragraphs;
        }
    }
    paragraphs
}

/// Short lines between the headline and the body longer than this are not datelines.
const MAX_DATELINE_WEIGHT: usize = 200;
/// At most this many blocks before the body are read for a dateline.
const DATELINE_WINDOW: usize = 12;
/// The opening paragraphs read for a dateline that leads them.
const DATELINE_LEADS: usize = 2;

/// The publication date a page shows readers just above its body (after the
/// headline, where bylines and datelines sit) or at the start of its first
/// paragraphs. The lines are read without class/id pruning, which drops
/// date-classed elements; a label saying "updated" yields only when nothing else is found.
pub fn visible_dateline(document: &Dom<'_>, title: Option<&str>) -> Option<Dateline> {
    let pruned = linearise(document, true);
    let container = best_container(&pruned)?;
    let info = pruned.elements.get(container)?;
    let first_prose = pruned.blocks.iter().find(|b| b.element >= container && b.element < info.end && b.is_prose())?;
    let body_node = pruned.elements.get(first_prose.element)?.node;
    let container_node = info.node;

    let full = linearise(document, false);
    let node_of = |block: &Block| full.elements.get(block.element).map_or(0, |e| e.node);
    let body = full.blocks.iter().position(|b| node_of(b) >= body_node)?;
    let title_key = title.map(comparable).filter(|t| !t.is_empty());
    let window_start = body.saturating_sub(DATELINE_WINDOW);
    let before = &full.blocks[window_start..body];
    // Lines after the headline; without one in reach, only lines inside the article container.
    let start = match before.iter().rposition(|b| b.kind == BlockKind::Heading && title_key.as_ref().is_some_and(|t| comparable(&b.text) == *t)) {
        Some(headline) => window_start + headline + 1,
        None => window_start + before.iter().position(|b| node_of(b) >= container_node).unwrap_or(before.len()),
    };
    let lines = full.blocks[start..body].iter().filter(|b| b.weight <= MAX_DATELINE_WEIGHT).map(|b| (b, Placement::Line));
    let leads = full.blocks[body..].iter().filter(|b| b.is_prose()).take(DATELINE_LEADS).map(|b| (b, Placement::Lead));
    let mut update = None;
    for (block, placement) in lines.chain(leads) {
        let mut rest = block.text.as_str();
        // "Updated 4 March 2020 | Published 3 March 2020": a line may hold both.
        while let Some(found) = dateline(rest, placement) {
            if !found.is_update {
                return Some(found);
            }
            rest = rest.get(found.end..).unwrap_or("");
            update.get_or_insert(found);
        }
    }
    update
}

/// Every visible text block of a document, in order, without any selection.
pub fn all_text(document: &Dom<'_>) -> Vec<String> {
    linearise(document, false).blocks.into_iter().map(|b| b.text).collect()
}

fn total_weight(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(|p| text_weight(p)).sum()
}

/// Walks the page once, in document order, cutting its visible text into blocks.
/// With `prune`, subtrees whose class/id/role say boilerplate are skipped.
fn linearise(document: &Dom<'_>, prune: bool) -> Linear {
    let mut linear = Linear::default();
    // Elements entered and not yet left: (one past their last descendant, element index, was block, is link).
    let mut leaving: Vec<(usize, usize, bool, bool)> = Vec::new();
    let mut open_blocks: Vec<(usize, BlockKind)> = Vec::new();
    let mut open_elements: Vec<usize> = Vec::new();
    let mut link_depth = 0usize;
    let mut buffer = String::new();
    let mut buffer_link_weight = 0usize;
    let mut starts_with_link = false;
    // A single <br> is a line break inside a paragraph; two in a row (only
    // whitespace between) end the paragraph.
    let mut text_since_br = true;

    let mut position = 0;
    loop {
        while let Some(&(end, index, was_block, is_link)) = leaving.last() {
            if end > position && position < document.len() {
                break;
            }
            leaving.pop();
            if is_link {
                link_depth = link_depth.saturating_sub(1);
            }
            if was_block {
                flush(&mut linear, &mut buffer, &mut buffer_link_weight, &mut starts_with_link, &open_blocks);
                open_blocks.pop();
            }
            open_elements.pop();
            let element_count = linear.elements.len();
            if let Some(info) = linear.elements.get_mut(index) {
                info.end = element_count;
            }
        }
        let Some(node) = document.node(position) else { break };
        position += 1;
        match node.value() {
            NodeValue::Text(text) => {
                if !text.trim().is_empty() {
                    text_since_br = true;
                }
                if link_depth > 0 {
                    if buffer.trim().is_empty() && !text.trim().is_empty() {
                        starts_with_link = true;
                    }
                    buffer_link_weight += text_weight(text);
                }
                buffer.push_str(text);
            }
            NodeValue::Element(e) => {
                let name = e.name();
                if name == "br" {
                    if text_since_br {
                        buffer.push('\n');
                        text_since_br = false;
                    } else {
                        flush(&mut linear, &mut buffer, &mut buffer_link_weight, &mut starts_with_link, &open_blocks);
                    }
                    continue;
                }
                if hints::is_never_content(name) || hints::is_hidden(&e) || (prune && hints::is_boilerplate(&e)) {
                    position = node.end();
                    continue;
                }
                if prune && hints::is_soft_boilerplate(&e) && !holds_prose(document, position, node.end()) {
                    position = node.end();
                    continue;
                }
                let in_paragraph = matches!(open_blocks.last(), Some((_, BlockKind::Paragraph)));
                if prune && in_paragraph && name != "a" && !hints::is_block(name) && is_link_cluster(document, position, node.end()) {
                    // A hover card or link list inline in a sentence: the sentence stays, the card goes.
                    buffer.push(' ');
                    position = node.end();
                    continue;
                }
                let index = linear.elements.len();
                linear.elements.push(ElementInfo {
                    node: position - 1,
                    parent: open_elements.last().copied(),
                    end: index + 1,
                    content_boost: if hints::is_article_body(&e) {
                        ARTICLE_BODY_BOOST
                    } else if hints::is_content_container(&e) {
                        CONTENT_HINT_BOOST
                    } else {
                        1.0
                    },
                });
                open_elements.push(index);
                let is_block = hints::is_block(name);
                if is_block {
                    text_since_br = true;
                    flush(&mut linear, &mut buffer, &mut buffer_link_weight, &mut starts_with_link, &open_blocks);
                    let inherited = open_blocks.last().map(|(_, k)| *k);
                    open_blocks.push((index, block_kind(name, inherited)));
                }
                let is_link = name == "a";
                if is_link {
                    link_depth += 1;
                }
                leaving.push((node.end(), index, is_block, is_link));
            }
            NodeValue::Document => {
                // The document is the outermost container, as `<body>` would be: pages
                // without `<html>` or `<body>` tags still have one element around all their text.
                linear.elements.push(ElementInfo { node: position - 1, parent: None, end: 1, content_boost: 1.0 });
                open_elements.push(0);
                open_blocks.push((0, BlockKind::Loose));
                leaving.push((node.end(), 0, true, false));
            }
        }
    }
    flush(&mut linear, &mut buffer, &mut buffer_link_weight, &mut starts_with_link, &open_blocks);
    linear
}

/// An inline element holding at least this many links…
const CLUSTER_LINKS: usize = 3;
/// …with at least this share of its text inside them, and at least this much text, is a link cluster.
const CLUSTER_LINK_DENSITY: f64 = 0.8;
const CLUSTER_WEIGHT: usize = 120;

/// Whether the nodes `first..end` (an inline element's descendants) are mostly a run of links.
fn is_link_cluster(document: &Dom<'_>, first: usize, end: usize) -> bool {
    if end.saturating_sub(first) < 2 * CLUSTER_LINKS {
        return false;
    }
    let links = (first..end)
        .filter(|&i| document.node(i).is_some_and(|n| matches!(n.value(), NodeValue::Element(e) if e.name() == "a")))
        .count();
    if links < CLUSTER_LINKS {
        return false;
    }
    let (weight, link_weight) = weights(document, first, end);
    weight >= CLUSTER_WEIGHT && link_weight as f64 >= CLUSTER_LINK_DENSITY * weight as f64
}

/// Paragraphs of prose that make a "Read more" or paywall box the rest of the article.
const CONTINUATION_PARAGRAPHS: usize = 2;

/// Whether the nodes `first..end` hold at least [`CONTINUATION_PARAGRAPHS`] `<p>`
/// of prose length, mostly outside links.
fn holds_prose(document: &Dom<'_>, first: usize, end: usize) -> bool {
    let mut found = 0;
    let mut index = first;
    while index < end {
        let Some(node) = document.node(index) else { break };
        if let NodeValue::Element(e) = node.value() {
            if e.name() == "p" {
                let (weight, link_weight) = weights(document, index, node.end());
                if weight >= LONG_BLOCK && (link_weight as f64) <= MAX_LINK_DENSITY * weight as f64 {
                    found += 1;
                    if found >= CONTINUATION_PARAGRAPHS {
                        return true;
                    }
                }
                index = node.end();
                continue;
            }
        }
        index += 1;
    }
    false
}

/// Text weight of the nodes `first..end`, and the part of it inside links.
fn weights(document: &Dom<'_>, first: usize, end: usize) -> (usize, usize) {
    let (mut weight, mut link_weight) = (0usize, 0usize);
    let mut link_ends: Vec<usize> = Vec::new();
    for index in first..end {
        while link_ends.last().is_some_and(|&e| e <= index) {
            link_ends.pop();
        }
        let Some(node) = document.node(index) else { break };
        match node.value() {
            NodeValue::Text(text) => {
                let w = text_weight(text);
                weight += w;
                if !link_ends.is_empty() {
                    link_weight += w;
                }
            }
            NodeValue::Element(e) if e.name() == "a" => link_ends.push(node.end()),
            _ => {}
        }
    }
    (weight, link_weight)
}

/// The kind of a block opened by element `name` inside a block of kind `inherited`.
fn block_kind(name: &str, inherited: Option<BlockKind>) -> BlockKind {
    match name {
        "p" => BlockKind::Paragraph,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "li" | "dd" | "dt" => BlockKind::ListItem,
        "blockquote" => BlockKind::Quote,
        "pre" => BlockKind::Preformatted,
        "td" | "th" => BlockKind::Cell,
        _ => match inherited {
            Some(k @ (BlockKind::Quote | BlockKind::ListItem | BlockKind::Cell | BlockKind::Preformatted)) => k,
            _ => BlockKind::Loose,
        },
    }
}

fn flush(
    linear: &mut Linear,
    buffer: &mut String,
    link_weight: &mut usize,
    starts_with_link: &mut bool,
    open_blocks: &[(usize, BlockKind)],
) {
    let opens_with_link = std::mem::take(starts_with_link);
    if buffer.trim().is_empty() {
        buffer.clear();
        *link_weight = 0;
        return;
    }
    let text = collapse_whitespace(buffer);
    buffer.clear();
    let weight = text_weight(&text);
    let (element, kind) = open_blocks.last().copied().unwrap_or((0, BlockKind::Loose));
    linear.blocks.push(Block {
        text,
        weight,
        link_weight: (*link_weight).min(weight),
        starts_with_link: opens_with_link,
        kind,
        element,
    });
    *link_weight = 0;
}

impl Block {
    fn link_density(&self) -> f64 {
        if self.weight == 0 {
            0.0
        } else {
            self.link_weight as f64 / self.weight as f64
        }
    }

    /// A list item made of a linked headline and a summary: a link to another article.
    fn is_teaser(&self) -> bool {
        self.kind == BlockKind::ListItem && self.starts_with_link && self.link_density() >= TEASER_LINK_DENSITY
    }

    /// Prose: enough text, sentence-like, not mostly links.
    fn is_prose(&self) -> bool {
        if self.link_density() > MAX_LINK_DENSITY || self.kind == BlockKind::Heading || self.is_teaser() {
            return false;
        }
        self.weight >= LONG_BLOCK || (self.weight >= SENTENCE_BLOCK && ends_like_sentence(&self.text))
    }

    /// What the block says about the containers around it.
    fn value(&self) -> f64 {
        let weight = self.weight as f64;
        if self.link_density() > MAX_LINK_DENSITY || self.is_teaser() {
            -weight
        } else if self.is_prose() {
            weight * (1.0 - self.link_density())
        } else if self.kind == BlockKind::Heading {
            0.0
        } else {
            -SHORT_PENALTY * weight
        }
    }

    fn is_furniture(&self) -> bool {
        if self.link_density() > MAX_LINK_DENSITY || self.is_teaser() {
            return true;
        }
        if self.weight < 120 && FURNITURE_LINE.is_match(&self.text) {
            return true;
        }
        if self.weight < 250 && PROMO_LINE.is_match(&ascii_punctuation_view(&self.text)) {
            return true;
        }
        if self.weight < 300 && (AUTHOR_BIO_LINE.is_match(&self.text) || WIRE_CREDIT_LINE.is_match(&self.text)) {
            return true;
        }
        if self.weight < 60 && !ends_like_sentence(&self.text) && self.is_date_line() {
            return true;
        }
        if self.is_mostly_addresses() {
            return true;
        }
        self.weight < 80 && !ends_like_sentence(&self.text) && (CREDIT_LINE.is_match(&self.text) || COUNTER_LINE.is_match(&self.text))
    }

    /// Several web addresses making up most of the text: image metadata or link dumps.
    fn is_mostly_addresses(&self) -> bool {
        let mut count = 0;
        let mut address_chars = 0;
        for word in self.text.split_whitespace() {
            if word.starts_with("http://") || word.starts_with("https://") || word.starts_with("www.") {
                count += 1;
                address_chars += word.len();
            }
        }
        count >= 2 && address_chars * 2 > self.text.len()
    }

    /// A line that is a date and a time and little else ("Nov. 19, 2019, 8:41 AM UTC").
    fn is_date_line(&self) -> bool {
        let starts_like_date = DATE_LINE_START.is_match(&self.text)
            || self.text.split_whitespace().next().is_some_and(|w| dates::is_month_name(w.trim_end_matches(['.', ','])));
        starts_like_date && self.text.split_whitespace().count() <= 8 && dates::find_in_text(&self.text).is_some()
    }

    /// A heading-like line that opens what follows an article: related stories, comments, newsletters.
    fn ends_article(&self) -> bool {
        self.weight < 80 && (ARTICLE_END_LINE.is_match(&self.text) || ABOUT_HEADING.is_match(&self.text))
    }
}

/// Picks the container and returns its cleaned blocks.
fn select(linear: &Linear, title: Option<&str>) -> Vec<String> {
    let Some(container) = best_container(linear) else { return Vec::new() };
    let Some(info) = linear.elements.get(container) else { return Vec::new() };
    let inside: Vec<&Block> =
        linear.blocks.iter().filter(|b| b.element >= container && b.element < info.end).collect();
    let inside = cut_after_article_end(inside);
    let title_key = title.map(comparable);
    let kept: Vec<&Block> = inside
        .into_iter()
        .filter(|b| !b.is_furniture())
        .filter(|b| title_key.as_ref().map_or(true, |t| comparable(&b.text) != *t))
        .collect();
    // Leading and trailing fragments around the prose are bylines, dates, tags and share labels.
    let first = kept.iter().position(|b| b.is_prose());
    let last = kept.iter().rposition(|b| b.is_prose());
    match (first, last) {
        (Some(first), Some(last)) => kept[first..=last].iter().map(|b| b.text.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Drops everything from the first end-of-article line ("Related stories",
/// "Comments", "Lesen Sie auch") that follows most of the prose.
fn cut_after_article_end(blocks: Vec<&Block>) -> Vec<&Block> {
    let total: usize = blocks.iter().filter(|b| b.is_prose()).map(|b| b.weight).sum();
    let mut before = 0usize;
    for (index, block) in blocks.iter().enumerate() {
        if block.is_prose() {
            before += block.weight;
        } else if block.ends_article() && before as f64 >= MIN_PROSE_BEFORE_END * total as f64 {
            return blocks[..index].to_vec();
        }
    }
    blocks
}

/// Lowercased alphanumerics only, to compare a block with the title.
fn comparable(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The element maximising the summed value of the blocks inside it.
fn best_container(linear: &Linear) -> Option<usize> {
    let mut scores = vec![0.0f64; linear.elements.len()];
    for block in &linear.blocks {
        let value = block.value();
        let mut current = Some(block.element);
        while let Some(index) = current {
            let Some(slot) = scores.get_mut(index) else { break };
            *slot += value;
            current = linear.elements.get(index).and_then(|e| e.parent);
        }
    }
    let mut best: Option<(usize, f64)> = None;
    // Later (deeper) elements win ties: the tightest container around the same prose.
    for (index, score) in scores.iter().enumerate() {
        let boost = linear.elements.get(index).map_or(1.0, |e| e.content_boost);
        let boosted = if *score > 0.0 { score * boost } else { *score };
        if best.map_or(true, |(_, b)| boosted >= b) {
            best = Some((index, boosted));
        }
    }
    best.filter(|(_, score)| *score > 0.0).map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> Vec<String> {
        main_text(&Dom::parse(html), None, None)
    }

    const PROSE: &str = "The minister said on Tuesday that the new rules would take effect next month, after a long debate.";

    #[test]
    fn promo_lines_match_the_same_through_the_punctuation_view() {
        let lines = [
            "“Sign up” — for our newsletter…",
            "Get the best of our journalism delivered to your inbox – free",
            "He said the “inbox” was full — then signed off.",
            "Follow her on Twitter: @roe • © 2024",
            "Abonnez-vous à notre infolettre « Le Matin »",
            "Подпишитесь на наши новости — e-mail alerts",
        ];
        for line in lines {
            let view = ascii_punctuation_view(line);
            assert_eq!(view.chars().count(), line.chars().count(), "{line}");
            assert_eq!(PROMO_LINE.is_match(&view), PROMO_LINE.is_match(line), "{line}");
        }
        assert!(PROMO_LINE.is_match(&ascii_punctuation_view(lines[0])));
        assert!(!PROMO_LINE.is_match(&ascii_punctuation_view(lines[2])));
        assert!(ascii_punctuation_view("“Sign up” for our newsletter").is_ascii());
    }

    #[test]
    fn drops_navigation_sharing_and_comments() {
        let html = format!(
            r##"<html><body><nav><a href="/">Home</a> <a href="/w">World</a></nav>
            <div class="share-tools"><a href="#">Share on Facebook</a></div>
            <article><h1>Title</h1><p class="byline">By Jane Roe</p><p>{PROSE}</p><p>Read more: other story</p><p>{PROSE} Again.</p>
            <figure><img src="x.jpg"><figcaption>Photo: Someone/Getty</figcaption></figure></article>
            <div id="comments"><p>{PROSE} A comment.</p></div>
            <footer>© 2020 Outlet. All rights reserved.</footer></body></html>"##
        );
        assert_eq!(text_of(&html), vec![PROSE.to_string(), format!("{PROSE} Again.")]);
    }

    #[test]
    fn drops_link_lists_inside_the_article() {
        let html = format!(
            r#"<body><div class="story"><p>{PROSE}</p><ul><li><a href="/1">Another headline about something</a></li>
            <li><a href="/2">And one more headline here</a></li></ul><p>{PROSE} Second.</p></div></body>"#
        );
        assert_eq!(text_of(&html), vec![PROSE.to_string(), format!("{PROSE} Second.")]);
    }

    #[test]
    fn keeps_subheadings_and_lists_between_paragraphs() {
        let html = format!(
            "<body><div><p>{PROSE}</p><h2>What comes next</h2><ul><li>first point</li><li>second point</li></ul><p>{PROSE} End.</p></div>\
             <div><a href='/a'>Login</a></div></body>"
        );
        assert_eq!(text_of(&html).len(), 5);
    }

    #[test]
    fn handles_cjk_and_rtl_text() {
        let zh = "北京时间周二，政府宣布新的规定将于下个月生效，此前经过了长时间的辩论。";
        let ar = "قال الوزير يوم الثلاثاء إن القواعد الجديدة ستدخل حيز التنفيذ الشهر المقبل بعد نقاش طويل.";
        let html = format!(
            r#"<html lang="zh"><body><div class="nav"><a href="/">首页</a></div><div class="content"><p>{zh}</p><p>{zh}</p></div>
            <div class="related"><p><a href="/x">相关阅读</a></p></div></body></html>"#
        );
        assert_eq!(text_of(&html), vec![zh.to_string(), zh.to_string()]);
        let html = format!(r#"<html dir="rtl"><body><div><p>{ar}</p><p>اقرأ أيضا: خبر آخر</p><p>{ar}</p></div></body></html>"#);
        assert_eq!(text_of(&html), vec![ar.to_string(), ar.to_string()]);
    }

    #[test]
    fn prefers_marked_article_body_and_splits_on_br() {
        let html = format!(
            r#"<body><div><p>{PROSE} Teaser one.</p></div><div itemprop="articleBody">{PROSE}<br><br>{PROSE} Two.</div></body>"#
        );
        assert_eq!(text_of(&html), vec![PROSE.to_string(), format!("{PROSE} Two.")]);
    }

    #[test]
    fn falls_back_to_json_ld_body() {
        let body = format!("{PROSE}\n{PROSE} More.\n{PROSE} Even more.");
        let got = main_text(&Dom::parse("<body><p>Short.</p></body>"), None, Some(&body));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn drops_promos_bios_date_lines_and_adverts_but_keeps_embedded_posts() {
        let html = format!(
            r#"<body><article><p>{PROSE}</p><p>Get breaking news alerts and special reports, delivered weekday mornings.</p>
            <p>Nov. 19, 2019, 8:41 AM UTC</p><div>Advert</div><p>{PROSE} Two.</p>
            <div class="social-media-embed"><blockquote class="twitter-tweet"><p>We will not stop until the rules are changed for good, said everyone.</p></blockquote></div>
            <p>https://example.com/a.jpg 1200 676 https://example.com/b.jpg</p><p>The new building, seen from the river via Flickr</p>
            <p>{PROSE} Three.</p><p>This post may contain affiliate links.</p><p>Follow The Daily Example on Facebook and Twitter.</p>
            <p>Jane Roe is a senior reporter for The Daily Example.</p><h3>About Jane Roe</h3>
            <p>Jane has covered the city council since 2015 and lives by the river with two cats and a dog.</p></article></body>"#
        );
        assert_eq!(
            text_of(&html),
            vec![
                PROSE.to_string(),
                format!("{PROSE} Two."),
                "We will not stop until the rules are changed for good, said everyone.".to_string(),
                format!("{PROSE} Three."),
            ]
        );
    }

    #[test]
    fn keeps_continuations_behind_read_more_and_drops_inline_link_cards_and_credits() {
        let card = r#"<span class="rollover"><a href="/p/1">Senator profile</a> <a href="/a/1">First article about the senator and the budget</a>
            <a href="/a/2">Second article about the senator and the election</a> <a href="/a/3">Third article about the senator</a></span>"#;
        let html = format!(
            r#"<body><article><p>The senator {card} said on Tuesday that the new rules would take effect next month, after a long debate.</p>
            <p>{PROSE} Two.</p><div id="read-more"><div class="read-more-link"><a href="">Read more</a></div>
            <div class="read-more-content"><p>{PROSE} Three.</p><p>{PROSE} Four.</p></div></div>
            <p>(Reporting by Jane Roe; Editing by John Doe)</p><p>Have a tip? Jane Roe may be reached at jane@example.com.</p>
            <p>Jane's book about the city is out now. Follow her on Twitter @janeroe.</p></article>
            <div class="read-more"><a href="/x">Read more: another story</a></div></body>"#
        );
        assert_eq!(
            text_of(&html),
            vec![
                "The senator said on Tuesday that the new rules would take effect next month, after a long debate.".to_string(),
                format!("{PROSE} Two."),
                format!("{PROSE} Three."),
                format!("{PROSE} Four."),
            ]
        );
    }

    #[test]
    fn boilerplate_words_match_whole_words_and_comment_links_end_the_article() {
        let html = format!(
            r#"<body><div class="PageBuilder-pageRow"><div class="ArticleBody-articleBody"><p>{PROSE}</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p>
            <p>View comments (27)</p><p>{PROSE} A comment.</p></div></div><div class="pager"><p>{PROSE} Page two.</p></div></body>"#
        );
        assert_eq!(text_of(&html), vec![PROSE.to_string(), format!("{PROSE} Two."), format!("{PROSE} Three.")]);
    }

    #[test]
    fn finds_datelines_between_headline_and_body_or_leading_it() {
        let dated = |html: &str| visible_dateline(&Dom::parse(html), Some("Three killed in Athens")).map(|d| d.value);
        let lead = format!(
            "<body><div class='date'>Monday 23 November 2026</div><article><h1>Three killed in Athens</h1>\
             <p>7:00pm UK, Wednesday 05 May 2010 {PROSE}</p><p>{PROSE} Two.</p></article></body>"
        );
        assert_eq!(dated(&lead).as_deref(), Some("2010-05-05T19:00:00+01:00"));
        let line = format!(
            "<body><h1>Three killed in Athens</h1><div class='meta'><span class='timestamp'>Updated 14:32 GMT, 4 March 2020</span>
             <span class='byline'>By Jane Roe | Published 3 March 2020</span></div><div class='story'><p>{PROSE}</p><p>{PROSE}</p></div></body>"
        );
        assert_eq!(dated(&line).as_deref(), Some("2020-03-03"));
        let updated_only = format!("<body><h1>Three killed in Athens</h1><p>Updated 14:32 GMT, 4 March 2020</p><p>{PROSE}</p><p>{PROSE}</p></body>");
        assert_eq!(dated(&updated_only).as_deref(), Some("2020-03-04T14:32:00+00:00"));
        // The site header's date (before the headline) and dates inside sentences are not the article's.
        let none = format!(
            "<body><div class='today'>Monday 23 November 2026</div><h1>Three killed in Athens</h1>\
             <p>The strike began on 5 May 2010, {PROSE}</p><p>{PROSE}</p></body>"
        );
        assert_eq!(dated(&none), None);
    }

    #[test]
    fn survives_deep_nesting_and_broken_markup() {
        let deep = "<div>".repeat(20_000) + PROSE + &"</div>".repeat(5);
        assert_eq!(text_of(&deep), vec![PROSE.to_string()]);
        let broken = format!("<p>{PROSE}<p><b><i>{PROSE}</b></i><table><td>{PROSE}");
        assert_eq!(text_of(&broken).len(), 3);
        assert!(text_of("").is_empty());
        assert!(text_of("<<<>>>&&&;").is_empty());
    }
}
