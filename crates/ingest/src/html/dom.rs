//! A compact document tree for extraction, built in one pass over the page.
//!
//! Extraction reads element names, a few attributes and text in document order;
//! it never moves nodes. So the page is tokenised with `memchr` (text runs and
//! attribute values are borrowed from the input unless a character reference must
//! be decoded), the bodies of scripts (except JSON-LD), style sheets, `<noscript>`,
//! comments and the like are skipped by the tokenizer, and the tree is built with
//! the implied-end-tag rules of the HTML parsing algorithm that decide nesting on
//! real pages (an open `<p>` closes at the next block, `<li>` at the next item,
//! an end tag closes the open elements inside it, a stray end tag is ignored).
//! What is left out — foster parenting of text misplaced in tables, the adoption
//! agency's re-opening of formatting elements — moves no text out of order.
//!
//! Nodes are stored in document order; an element's descendants are the nodes
//! right after it, up to its `end`.

use std::borrow::Cow;
use std::ops::Range;

use markup5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

const NONE: u32 = u32::MAX;

/// One node of the tree.
#[derive(Debug)]
enum Kind<'a> {
    Document,
    Element { name: Cow<'a, str>, attributes: Range<u32> },
    Text(Cow<'a, str>),
}

#[derive(Debug)]
struct NodeData<'a> {
    kind: Kind<'a>,
    parent: u32,
    /// One past the index of the last descendant.
    end: u32,
}

/// A parsed page: nodes in document order, the document itself at index 0.
#[derive(Debug)]
pub struct Dom<'a> {
    nodes: Vec<NodeData<'a>>,
    attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

/// A node of a [`Dom`].
#[derive(Clone, Copy)]
pub struct NodeRef<'d, 'a> {
    dom: &'d Dom<'a>,
    index: usize,
}

/// An element of a [`Dom`].
#[derive(Clone, Copy)]
pub struct ElementRef<'d, 'a> {
    dom: &'d Dom<'a>,
    index: usize,
    name: &'d str,
    attributes: &'d [(Cow<'a, str>, Cow<'a, str>)],
}

/// What a node is, seen from outside.
pub enum NodeValue<'d, 'a> {
    Document,
    Element(ElementRef<'d, 'a>),
    Text(&'d str),
}

impl<'a> Dom<'a> {
    /// Parses a page or a fragment; never fails (anything is some tree).
    pub fn parse(html: &'a str) -> Dom<'a> {
        let mut builder = Builder::new(html.len());
        tokenize(html, &mut builder);
        builder.finish()
    }

    /// The document node.
    pub fn root(&self) -> NodeRef<'_, 'a> {
        NodeRef { dom: self, index: 0 }
    }

    /// Number of nodes, the document included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Node at `index`, when there is one.
    pub fn node(&self, index: usize) -> Option<NodeRef<'_, 'a>> {
        (index < self.nodes.len()).then_some(NodeRef { dom: self, index })
    }

    /// Every element, in document order.
    pub fn elements(&self) -> impl Iterator<Item = ElementRef<'_, 'a>> + '_ {
        (0..self.nodes.len()).filter_map(move |i| self.element(i))
    }

    fn element(&self, index: usize) -> Option<ElementRef<'_, 'a>> {
        match &self.nodes.get(index)?.kind {
            Kind::Element { name, attributes } => Some(ElementRef {
                dom: self,
                index,
                name,
                attributes: self.attributes.get(attributes.start as usize..attributes.end as usize).unwrap_or(&[]),
            }),
            _ => None,
        }
    }

    /// The `<html>` element, when the page has one.
    pub fn html_element(&self) -> Option<ElementRef<'_, 'a>> {
        self.elements().find(|e| e.name() == "html")
    }

    /// All text of the page, in order.
    pub fn text(&self) -> String {
        self.root().texts().collect()
    }
}

impl<'d, 'a> NodeRef<'d, 'a> {
    /// One past the index of the node's last descendant.
    pub fn end(&self) -> usize {
        self.dom.nodes.get(self.index).map_or(self.index + 1, |n| n.end as usize)
    }

    pub fn value(&self) -> NodeValue<'d, 'a> {
        match self.dom.nodes.get(self.index).map(|n| &n.kind) {
            Some(Kind::Element { .. }) => self.dom.element(self.index).map_or(NodeValue::Document, NodeValue::Element),
            Some(Kind::Text(text)) => NodeValue::Text(text),
            _ => NodeValue::Document,
        }
    }

    /// The texts of the node's descendants, in order.
    pub fn texts(&self) -> impl Iterator<Item = &'d str> + 'd {
        let dom = self.dom;
        (self.index..self.end()).filter_map(move |i| match &dom.nodes.get(i)?.kind {
            Kind::Text(text) => Some(&**text),
            _ => None,
        })
    }
}

impl<'d, 'a> ElementRef<'d, 'a> {
    /// Lowercase tag name.
    pub fn name(&self) -> &'d str {
        self.name
    }

    /// The value of an attribute (`name` in lowercase), entity references decoded.
    pub fn attr(&self, name: &str) -> Option<&'d str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| &**v)
    }

    pub fn node(&self) -> NodeRef<'d, 'a> {
        NodeRef { dom: self.dom, index: self.index }
    }

    /// The texts inside the element, in order.
    pub fn texts(&self) -> impl Iterator<Item = &'d str> + 'd {
        self.node().texts()
    }

    /// The element's text, concatenated.
    pub fn text(&self) -> String {
        self.texts().collect()
    }

    /// The elements inside this one, in order.
    pub fn descendant_elements(&self) -> impl Iterator<Item = ElementRef<'d, 'a>> + 'd {
        let dom = self.dom;
        (self.index + 1..self.node().end()).filter_map(move |i| dom.element(i))
    }

    /// The elements around this one, innermost first.
    pub fn ancestors(&self) -> impl Iterator<Item = ElementRef<'d, 'a>> + 'd {
        let dom = self.dom;
        let mut current = dom.nodes.get(self.index).map_or(NONE, |n| n.parent);
        std::iter::from_fn(move || {
            while current != NONE {
                let index = current as usize;
                current = dom.nodes.get(index).map_or(NONE, |n| n.parent);
                if let Some(element) = dom.element(index) {
                    return Some(element);
                }
            }
            None
        })
    }
}

/// Elements without content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "link" | "meta" | "source" | "track" | "wbr"
            | "param" | "keygen" | "basefont" | "bgsound" | "frame" | "image"
    )
}

/// Elements whose start closes an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address" | "article" | "aside" | "blockquote" | "center" | "details" | "dialog" | "dir" | "div" | "dl"
            | "fieldset" | "figcaption" | "figure" | "footer" | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            | "header" | "hgroup" | "hr" | "main" | "menu" | "nav" | "ol" | "p" | "pre" | "section" | "summary"
            | "table" | "ul" | "li" | "dd" | "dt" | "listing" | "plaintext" | "xmp" | "search"
    )
}

/// Elements that bound the search for an open element to close ("scope" in the HTML spec).
fn is_scope_boundary(name: &str) -> bool {
    matches!(name, "html" | "table" | "td" | "th" | "caption" | "template" | "applet" | "marquee" | "object" | "button" | "svg" | "math")
}

/// Elements that stop an end tag of a phrasing element from closing anything beyond them
/// (the "special" category of the HTML spec, less the void ones, which are never open).
fn is_special(name: &str) -> bool {
    closes_p(name)
        || is_scope_boundary(name)
        || matches!(
            name,
            "body" | "head" | "colgroup" | "frameset" | "iframe" | "noembed" | "noframes" | "noscript" | "script"
                | "select" | "style" | "tbody" | "textarea" | "tfoot" | "thead" | "title" | "tr"
        )
}

/// Elements that may sit in `<head>`; any other start tag opens the body.
fn is_head_content(name: &str) -> bool {
    matches!(name, "title" | "meta" | "link" | "script" | "style" | "base" | "noscript" | "template" | "basefont" | "bgsound")
}

/// How far up the open elements an end tag looks for its element; beyond this
/// depth a stray end tag is ignored, which keeps deeply nested junk linear.
const MAX_END_TAG_SEARCH: usize = 256;

struct Builder<'a> {
    dom: Dom<'a>,
    /// Indices of the open elements, outermost first.
    open: Vec<u32>,
    /// Names of the open elements (kept beside `open` to avoid lookups).
    open_names: Vec<Cow<'a, str>>,
    seen_html: bool,
    seen_body: bool,
    /// Whether `<head>` is open: text or a start tag that cannot be in it opens the body.
    head_open: bool,
    /// Open `svg`/`math` elements: inside them `<x/>` closes itself.
    foreign_depth: usize,
}

impl<'a> Builder<'a> {
    fn new(input_len: usize) -> Self {
        let mut nodes = Vec::with_capacity(input_len / 64 + 16);
        nodes.push(NodeData { kind: Kind::Document, parent: NONE, end: 1 });
        Builder {
            dom: Dom { nodes, attributes: Vec::with_capacity(input_len / 128 + 16) },
            open: Vec::new(),
            open_names: Vec::new(),
            seen_html: false,
            seen_body: false,
            head_open: false,
            foreign_depth: 0,
        }
    }

    fn parent(&self) -> u32 {
        self.open.last().copied().unwrap_or(0)
    }

    fn text(&mut self, text: Cow<'a, str>) {
        if text.is_empty() {
            return;
        }
        if self.head_open && self.open_names.last().is_some_and(|n| n == "head") && text.bytes().any(|b| !b.is_ascii_whitespace()) {
            self.close_through("head");
        }
        let parent = self.parent();
        let index = self.dom.nodes.len() as u32;
        self.dom.nodes.push(NodeData { kind: Kind::Text(text), parent, end: index + 1 });
    }

    fn start_tag(&mut self, name: Cow<'a, str>, attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>, self_closing: bool) {
        let name = if name == "image" { Cow::Borrowed("img") } else { name };
        match &*name {
            "html" if self.seen_html => return,
            "html" => self.seen_html = true,
            "body" if self.seen_body => return,
            "body" => self.seen_body = true,
            "head" if self.seen_body || self.head_open => return,
            _ => {}
        }
        if self.head_open && !is_head_content(&name) && name != "head" {
            self.close_through("head");
        }
        if self.foreign_depth == 0 {
            self.close_implied_by(&name);
        }
        let parent = self.parent();
        let index = self.dom.nodes.len() as u32;
        let start = self.dom.attributes.len() as u32;
        self.dom.attributes.extend(attributes);
        let end = self.dom.attributes.len() as u32;
        let void = is_void(&name) || (self_closing && self.foreign_depth > 0);
        if !void {
            match &*name {
                "svg" | "math" => self.foreign_depth += 1,
                "head" => self.head_open = true,
                _ => {}
            }
            self.open.push(index);
            self.open_names.push(name.clone());
        }
        self.dom.nodes.push(NodeData { kind: Kind::Element { name, attributes: start..end }, parent, end: index + 1 });
    }

    /// Closes what the start of `name` implicitly ends.
    fn close_implied_by(&mut self, name: &str) {
        if closes_p(name) && self.in_scope("p") {
            self.close_through("p");
        }
        match name {
            "li" => self.close_item(&["li"], &["ul", "ol"], false),
            "dd" | "dt" => self.close_item(&["dd", "dt"], &["dl"], false),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if self.open_names.last().is_some_and(|n| matches!(&**n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")) {
                    self.pop();
                }
            }
            "tr" => self.close_item(&["tr"], &["table", "tbody", "thead", "tfoot"], true),
            "td" | "th" => self.close_item(&["td", "th"], &["tr", "table"], false),
            "tbody" | "thead" | "tfoot" => self.close_item(&["tbody", "thead", "tfoot"], &["table"], true),
            "option" => {
                if self.open_names.last().is_some_and(|n| n == "option") {
                    self.pop();
                }
            }
            "a" | "button" | "nobr" => {
                if self.in_scope(name) {
                    self.close_through(name);
                }
            }
            _ => {}
        }
    }

    /// Closes the nearest open element named in `items`, unless one of `containers`
    /// or a scope boundary comes first; with `through_cells`, open table cells are
    /// closed on the way (a new row ends the cells of the last one).
    fn close_item(&mut self, items: &[&str], containers: &[&str], through_cells: bool) {
        let found = self.open_names.iter().rev().take(MAX_END_TAG_SEARCH).position(|n| {
            let cell = matches!(&**n, "td" | "th");
            items.contains(&&**n)
                || containers.contains(&&**n)
                || (is_scope_boundary(n) && !items.contains(&&**n) && !(through_cells && cell))
        });
        if let Some(from_top) = found {
            let position = self.open_names.len() - 1 - from_top;
            if items.contains(&&*self.open_names[position]) {
                self.pop_to(position);
            }
        }
    }

    /// Whether an element named `name` is open with no scope boundary above it.
    fn in_scope(&self, name: &str) -> bool {
        self.find_in_scope(name).is_some()
    }

    fn find_in_scope(&self, name: &str) -> Option<usize> {
        for (from_top, open) in self.open_names.iter().rev().take(MAX_END_TAG_SEARCH).enumerate() {
            if open == name {
                return Some(self.open_names.len() - 1 - from_top);
            }
            if is_scope_boundary(open) {
                return None;
            }
        }
        None
    }

    fn close_through(&mut self, name: &str) {
        if let Some(position) = self.open_names.iter().rposition(|n| n == name) {
            self.pop_to(position);
        }
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "html" | "body" => {}
            "br" => self.start_tag(Cow::Borrowed("br"), Vec::new(), false),
            _ if is_special(name) || is_formatting(name) => {
                if let Some(position) = self.find_in_scope(name) {
                    self.pop_to(position);
                }
            }
            _ => {
                for (from_top, open) in self.open_names.iter().rev().take(MAX_END_TAG_SEARCH).enumerate() {
                    if open == name {
                        self.pop_to(self.open_names.len() - 1 - from_top);
                        return;
                    }
                    if is_special(open) {
                        return;
                    }
                }
            }
        }
    }

    /// Closes the open elements from the top down to and including `position`.
    fn pop_to(&mut self, position: usize) {
        while self.open.len() > position {
            self.pop();
        }
    }

    fn pop(&mut self) {
        let end = self.dom.nodes.len() as u32;
        if let Some(index) = self.open.pop() {
            if let Some(node) = self.dom.nodes.get_mut(index as usize) {
                node.end = end;
            }
        }
        if let Some(name) = self.open_names.pop() {
            match &*name {
                "svg" | "math" => self.foreign_depth = self.foreign_depth.saturating_sub(1),
                "head" => self.head_open = false,
                _ => {}
            }
        }
    }

    fn finish(mut self) -> Dom<'a> {
        while !self.open.is_empty() {
            self.pop();
        }
        let end = self.dom.nodes.len() as u32;
        if let Some(document) = self.dom.nodes.first_mut() {
            document.end = end;
        }
        self.dom
    }
}

/// Formatting elements, whose end tags close them through phrasing and block elements alike.
fn is_formatting(name: &str) -> bool {
    matches!(name, "a" | "b" | "big" | "code" | "em" | "font" | "i" | "nobr" | "s" | "small" | "strike" | "strong" | "tt" | "u")
}

/// How the tokenizer reads the content of an element it has just opened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Content {
    Markup,
    /// Text up to the end tag, character references decoded (`<title>`, `<textarea>`).
    Rcdata,
    /// Text up to the end tag, kept verbatim (`<xmp>`, a JSON-LD `<script>`).
    Rawtext,
    /// Skipped up to the end tag: what no part of the extraction reads.
    Skipped,
}

fn content_of(name: &str, attributes: &[(Cow<'_, str>, Cow<'_, str>)]) -> Content {
    match name {
        "title" | "textarea" => Content::Rcdata,
        "xmp" => Content::Rawtext,
        "script" => {
            let json_ld = attributes.iter().any(|(n, v)| n == "type" && v.to_ascii_lowercase().contains("ld+json"));
            if json_ld {
                Content::Rawtext
            } else {
                Content::Skipped
            }
        }
        "style" | "noscript" | "iframe" | "noembed" | "noframes" => Content::Skipped,
        _ => Content::Markup,
    }
}

fn tokenize<'a>(html: &'a str, builder: &mut Builder<'a>) {
    let bytes = html.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let Some(offset) = memchr::memchr(b'<', &bytes[pos..]) else {
            builder.text(decode_text(&html[pos..]));
            break;
        };
        let lt = pos + offset;
        let next = bytes.get(lt + 1).copied();
        match next {
            Some(b) if b.is_ascii_alphabetic() => {
                if lt > pos {
                    builder.text(decode_text(&html[pos..lt]));
                }
                let Some(tag) = read_start_tag(html, lt + 1) else {
                    // A tag cut off by the end of the input is dropped, as browsers do.
                    return;
                };
                pos = tag.end;
                let content = content_of(&tag.name, &tag.attributes);
                let name = tag.name;
                builder.start_tag(name.clone(), tag.attributes, tag.self_closing);
                if content != Content::Markup && !tag.self_closing {
                    let close = find_end_tag(bytes, pos, &name);
                    let (inner_end, after) = close.unwrap_or((bytes.len(), bytes.len()));
                    let inner = &html[pos..inner_end];
                    match content {
                        Content::Rcdata => builder.text(decode_text(inner)),
                        Content::Rawtext => builder.text(Cow::Borrowed(inner)),
                        _ => {}
                    }
                    builder.end_tag(&name);
                    pos = after;
                }
            }
            Some(b'/') => {
                if lt > pos {
                    builder.text(decode_text(&html[pos..lt]));
                }
                let rest = &bytes[lt + 2..];
                let Some(close) = memchr::memchr(b'>', rest) else { return };
                if rest.first().is_some_and(u8::is_ascii_alphabetic) {
                    let name_len = rest[..close]
                        .iter()
                        .position(|b| b.is_ascii_whitespace() || *b == b'/')
                        .unwrap_or(close);
                    let name = lowercase(&html[lt + 2..lt + 2 + name_len]);
                    builder.end_tag(&name);
                }
                pos = lt + 2 + close + 1;
            }
            Some(b'!') => {
                if lt > pos {
                    builder.text(decode_text(&html[pos..lt]));
                }
                pos = skip_comment_or_declaration(bytes, lt);
            }
            Some(b'?') => {
                if lt > pos {
                    builder.text(decode_text(&html[pos..lt]));
                }
                pos = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |i| lt + i + 1);
            }
            _ => {
                // A '<' that opens no tag is text.
                let end = lt + 1;
                let more = memchr::memchr(b'<', &bytes[end..]).map_or(bytes.len(), |i| end + i);
                builder.text(decode_text(&html[pos..more]));
                pos = more;
            }
        }
    }
}

/// Where `<!--…-->`, `<!DOCTYPE …>`, `<![CDATA[…]]>` and other `<!…>` end.
fn skip_comment_or_declaration(bytes: &[u8], lt: usize) -> usize {
    let rest = &bytes[lt..];
    if rest.starts_with(b"<!--") {
        // "<!-->" and "<!--->" are (empty) comments too.
        for short in [&b"<!-->"[..], b"<!--->"] {
            if rest.starts_with(short) {
                return lt + short.len();
            }
        }
        return memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |i| lt + 4 + i + 3);
    }
    memchr::memchr(b'>', rest).map_or(bytes.len(), |i| lt + i + 1)
}

struct StartTag<'a> {
    name: Cow<'a, str>,
    attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    self_closing: bool,
    /// Index just after the tag's `>`.
    end: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Reads a start tag whose name begins at `start`; `None` when the input ends inside it.
fn read_start_tag(html: &str, start: usize) -> Option<StartTag<'_>> {
    let bytes = html.as_bytes();
    let mut pos = start;
    while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'/' && bytes[pos] != b'>' {
        pos += 1;
    }
    let name = lowercase(html.get(start..pos)?);
    let mut attributes: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
    let mut self_closing = false;
    loop {
        while pos < bytes.len() && (is_space(bytes[pos]) || bytes[pos] == b'/') {
            self_closing = bytes[pos] == b'/';
            pos += 1;
        }
        match bytes.get(pos) {
            None => return None,
            Some(b'>') => return Some(StartTag { name, attributes, self_closing, end: pos + 1 }),
            Some(_) => {}
        }
        self_closing = false;
        let name_start = pos;
        // The first character, even '=', belongs to the name.
        pos += html[pos..].chars().next().map_or(1, char::len_utf8);
        while pos < bytes.len() && !is_space(bytes[pos]) && !matches!(bytes[pos], b'/' | b'>' | b'=') {
            pos += 1;
        }
        let attribute_name = html.get(name_start..pos)?;
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        let mut value: Cow<'_, str> = Cow::Borrowed("");
        if bytes.get(pos) == Some(&b'=') {
            pos += 1;
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            match bytes.get(pos) {
                None => return None,
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = memchr::memchr(quote, &bytes[pos + 1..])?;
                    value = decode_attribute(html.get(pos + 1..pos + 1 + close)?);
                    pos += close + 2;
                }
                Some(_) => {
                    let value_start = pos;
                    while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'>' {
                        pos += 1;
                    }
                    value = decode_attribute(html.get(value_start..pos)?);
                }
            }
        }
        let attribute_name = lowercase(attribute_name);
        // The first of two attributes with one name wins.
        if !attributes.iter().any(|(n, _)| *n == attribute_name) {
            attributes.push((attribute_name, value));
        }
    }
}

/// Finds the end tag `</name` (any case) closing raw content that starts at `from`:
/// (start of the end tag, index after its `>`).
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<(usize, usize)> {
    let name = name.as_bytes();
    let finder = memchr::memmem::Finder::new(b"</");
    let mut search = from;
    while let Some(offset) = finder.find(&bytes[search..]) {
        let start = search + offset;
        let name_end = start + 2 + name.len();
        let matches = bytes.get(start + 2..name_end).is_some_and(|n| n.eq_ignore_ascii_case(name))
            && bytes.get(name_end).map_or(true, |b| is_space(*b) || matches!(b, b'/' | b'>'));
        if matches {
            let after = memchr::memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |i| name_end + i + 1);
            return Some((start, after));
        }
        search = start + 2;
    }
    None
}

fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Text with character references decoded and NUL characters dropped.
fn decode_text(raw: &str) -> Cow<'_, str> {
    decode(raw, false)
}

fn decode_attribute(raw: &str) -> Cow<'_, str> {
    decode(raw, true)
}

/// Decodes the character references of a text (`&amp;`, `&#8217;`, `&#x2019;`, legacy `&copy`).
pub fn decode_character_references(raw: &str) -> Cow<'_, str> {
    decode(raw, false)
}

fn decode(raw: &str, in_attribute: bool) -> Cow<'_, str> {
    let bytes = raw.as_bytes();
    if memchr::memchr2(b'&', b'\0', bytes).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = memchr::memchr2(b'&', b'\0', &bytes[pos..]) {
        let at = pos + offset;
        out.push_str(&raw[copied..at]);
        if bytes[at] == b'\0' {
            copied = at + 1;
            pos = at + 1;
            continue;
        }
        match character_reference(&raw[at + 1..], in_attribute) {
            Some((decoded, used)) => {
                out.push_str(decoded.as_str());
                copied = at + 1 + used;
            }
            None => {
                out.push('&');
                copied = at + 1;
            }
        }
        pos = copied;
    }
    out.push_str(&raw[copied..]);
    Cow::Owned(out)
}

/// The one or two characters a reference stands for, encoded.
struct Decoded {
    buffer: [u8; 8],
    len: usize,
}

impl Decoded {
    fn new(first: char, second: Option<char>) -> Self {
        let mut buffer = [0u8; 8];
        let mut len = first.encode_utf8(&mut buffer).len();
        if let Some(second) = second {
            len += second.encode_utf8(&mut buffer[len..]).len();
        }
        Decoded { buffer, len }
    }

    fn as_str(&self) -> &str {
        // Always valid: the buffer holds whole encoded characters.
        std::str::from_utf8(&self.buffer[..self.len]).unwrap_or("\u{FFFD}")
    }
}

/// Longest entity name in the HTML table ("CounterClockwiseContourIntegral;").
const MAX_ENTITY_NAME: usize = 32;

/// The reference at the start of `after_ampersand`: what it decodes to and how many bytes it used.
fn character_reference(after_ampersand: &str, in_attribute: bool) -> Option<(Decoded, usize)> {
    let bytes = after_ampersand.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (hex, digits_start) = match bytes.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = bytes[digits_start..].iter().take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() }).count();
        if digits == 0 {
            return None;
        }
        let text = after_ampersand.get(digits_start..digits_start + digits)?;
        let value = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let mut used = digits_start + digits;
        if bytes.get(used) == Some(&b';') {
            used += 1;
        }
        let ch = match value {
            0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize].unwrap_or('\u{FFFD}'),
            0 => '\u{FFFD}',
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((Decoded::new(ch, None), used));
    }
    let name_len = bytes.iter().take(MAX_ENTITY_NAME).take_while(|b| b.is_ascii_alphanumeric()).count();
    if name_len == 0 {
        return None;
    }
    // With its semicolon, the whole name; without, the longest legacy name that starts it.
    if bytes.get(name_len) == Some(&b';') {
        if let Some(found) = lookup(after_ampersand.get(..name_len + 1)?) {
            return Some((found, name_len + 1));
        }
    }
    for len in (2..=name_len.min(6)).rev() {
        let Some(found) = lookup(after_ampersand.get(..len)?) else { continue };
        // In attributes "&copy=1" (a URL query) is no reference.
        if in_attribute && bytes.get(len).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'=') {
            return None;
        }
        return Some((found, len));
    }
    None
}

fn lookup(name: &str) -> Option<Decoded> {
    let &(first, second) = NAMED_ENTITIES.get(name)?;
    if first == 0 {
        return None;
    }
    Some(Decoded::new(char::from_u32(first)?, char::from_u32(second).filter(|_| second != 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as nested `name[children]` and `"text"`, for comparisons.
    fn outline(html: &str) -> String {
        let dom = Dom::parse(html);
        let mut out = String::new();
        let mut closing: Vec<usize> = Vec::new();
        for index in 1..dom.len() {
            while closing.last().is_some_and(|end| *end <= index) {
                closing.pop();
                out.push(']');
            }
            let node = dom.node(index).expect("index in range");
            match node.value() {
                NodeValue::Element(e) => {
                    out.push_str(e.name());
                    out.push('[');
                    closing.push(node.end());
                }
                NodeValue::Text(t) => out.push_str(&format!("{t:?}")),
                NodeValue::Document => {}
            }
        }
        for _ in closing {
            out.push(']');
        }
        out
    }

    #[test]
    fn builds_nesting_with_implied_end_tags() {
        assert_eq!(outline("<p>a<p>b<div>c</div>"), r#"p["a"]p["b"]div["c"]"#);
        assert_eq!(outline("<ul><li>a<li>b<ul><li>c</ul><li>d</ul>"), r#"ul[li["a"]li["b"ul[li["c"]]]li["d"]]"#);
        assert_eq!(outline("<div><span>a</div>b"), r#"div[span["a"]]"b""#);
        assert_eq!(outline("<div>a</span>b</div>"), r#"div["a""b"]"#);
        assert_eq!(outline("<table><tr><td>a<td>b<tr><td>c</table>"), r#"table[tr[td["a"]td["b"]]tr[td["c"]]]"#);
        assert_eq!(outline("<p>a<br>b</p></p>"), r#"p["a"br[]"b"]"#);
        assert_eq!(outline("<h2>a<h3>b"), r#"h2["a"]h3["b"]"#);
        assert_eq!(outline("<a href=1>x<a href=2>y"), r#"a["x"]a["y"]"#);
    }

    #[test]
    fn opens_the_body_after_the_head() {
        let dom = Dom::parse("<html lang=de><head><title>T &amp; U</title><meta name=x content=y><div>a</div>");
        assert_eq!(dom.html_element().and_then(|h| h.attr("lang")), Some("de"));
        let div = dom.elements().find(|e| e.name() == "div").expect("div");
        assert_eq!(div.ancestors().map(|a| a.name()).collect::<Vec<_>>(), vec!["html"]);
        let title = dom.elements().find(|e| e.name() == "title").expect("title");
        assert_eq!(title.text(), "T & U");
    }

    #[test]
    fn skips_scripts_styles_and_comments_but_keeps_json_ld() {
        let html = r#"<SCRIPT>if (a<b) document.write("<p>x</p>")</script ><style>p{}</style><!-- <p>c</p> -->
            <script type="application/ld+json">{"a":"<b>"}</script><noscript><p>n</p></noscript><p>t</p>"#;
        assert_eq!(outline(html), r#"script[]style[]"\n            "script["{\"a\":\"<b>\"}"]noscript[]p["t"]"#);
        assert_eq!(outline("<script>never closed <p>x"), "script[]");
        assert_eq!(outline("<!--><p>a</p><!---->b<!doctype html><?xml x?>c"), r#"p["a"]"b""c""#);
    }

    #[test]
    fn reads_attributes_in_every_form() {
        let dom = Dom::parse(r#"<div CLASS="a b" id='x' data-v=1&amp;2 hidden title="&quot;q&quot;" class="ignored">t</div>"#);
        let div = dom.elements().next().expect("div");
        assert_eq!(div.attr("class"), Some("a b"));
        assert_eq!(div.attr("id"), Some("x"));
        assert_eq!(div.attr("data-v"), Some("1&2"));
        assert_eq!(div.attr("hidden"), Some(""));
        assert_eq!(div.attr("title"), Some("\"q\""));
        let dom = Dom::parse(r#"<a href="?x=1&copy=2&amp;y">l</a><svg><path d="M0"/><title>s</title></svg><p>after</p>"#);
        let a = dom.elements().next().expect("a");
        assert_eq!(a.attr("href"), Some("?x=1&copy=2&y"));
        let p = dom.elements().find(|e| e.name() == "p").expect("p");
        assert_eq!(p.ancestors().count(), 0);
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(decode_text("a &amp; b &lt;c&gt; &#8217; &#x2019; &copy 2020 &euro;"), "a & b <c> ’ ’ © 2020 €");
        assert_eq!(decode_text("&#150; &#0; &#xZZ; &nosuch; & x"), "– \u{FFFD} &#xZZ; &nosuch; & x");
        assert_eq!(decode_text("&NotEqualTilde; a\0b"), "\u{2242}\u{338} ab");
        assert!(matches!(decode_text("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn survives_junk_and_cut_input() {
        for html in ["", "<", "<<<>>>&&&;", "<div", "<div class=\"x", "</", "</div", "<!--", "<a b=", "&#99999999999;", "<p>é</p\u{0}>"] {
            let dom = Dom::parse(html);
            assert!(dom.len() >= 1, "{html}");
        }
        let deep = "<div>".repeat(50_000) + "x" + &"</span>".repeat(50_000);
        assert_eq!(Dom::parse(&deep).text(), "x");
    }

    /// Token soup from a fixed seed: the tree must stay well nested (every node inside
    /// its parent's range) and extraction must not panic.
    #[test]
    fn random_markup_always_gives_a_well_nested_tree() {
        const PIECES: &[&str] = &[
            "<", "</", ">", "/>", "div", "p", "li", "td", "tr", "table", "a", "b", "svg", "script", "title", "head",
            "body", "html", " class=\"x\"", " id=y", "=", "'", "\"", "&amp;", "&#12", "&", ";", "text ", "é", "中",
            "\0", "<!--", "-->", "<!", "<?", "\n", "<br>", "<p>", "</div>", "<li>", "<ul>", "</ul>", "<h2>",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3_000 {
            let mut html = String::new();
            for _ in 0..(state % 40) {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                html.push_str(PIECES[(state >> 33) as usize % PIECES.len()]);
            }
            let dom = Dom::parse(&html);
            for index in 1..dom.len() {
                let node = &dom.nodes[index];
                assert!(node.end as usize > index && node.end as usize <= dom.len(), "{html:?}");
                let parent = &dom.nodes[node.parent as usize];
                assert!((node.parent as usize) < index && node.end <= parent.end, "{html:?}");
            }
            let _ = crate::html::extract(&html, None);
        }
    }
}
