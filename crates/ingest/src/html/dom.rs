//! A compact document tree for extraction.
//!
//! html5ever parses the page (tokenizing, character references, raw-text elements
//! and the spec's tree construction: implied end tags, adoption agency, foster
//! parenting) into a small arena ([`tree_sink`]); the arena is then laid out in
//! document order, since extraction reads element names, a few attributes and text
//! in order and never moves nodes. An element's descendants are the nodes right
//! after it, up to its `end`. Comments, doctypes, processing instructions and the
//! text of elements no part of the extraction reads (scripts other than JSON-LD,
//! style sheets, `<noscript>` …) are dropped while parsing.

use std::borrow::Cow;
use std::marker::PhantomData;

use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName};

mod tree_sink;

const NONE: u32 = u32::MAX;

/// One node of the tree.
#[derive(Debug)]
enum Kind {
    Document,
    Element { name: LocalName, attributes: Vec<Attribute> },
    Text(StrTendril),
}

#[derive(Debug)]
struct NodeData {
    kind: Kind,
    parent: u32,
    /// One past the index of the last descendant.
    end: u32,
}

/// A parsed page: nodes in document order, the document itself at index 0.
/// (`'a` is the lifetime of the input, which the tree no longer borrows; it is
/// kept so that the tree's users need not change.)
#[derive(Debug)]
pub struct Dom<'a> {
    nodes: Vec<NodeData>,
    input: PhantomData<&'a str>,
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
    attributes: &'d [Attribute],
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
        Dom { nodes: tree_sink::parse(html), input: PhantomData }
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
            Kind::Element { name, attributes } => Some(ElementRef { dom: self, index, name, attributes }),
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
        self.attributes.iter().find(|a| &*a.name.local == name).map(|a| &*a.value)
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

/// Decodes the character references of a text (`&amp;`, `&#8217;`, `&#x2019;`, legacy `&copy`).
pub fn decode_character_references(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(tree_sink::decode_character_references(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as nested `name[children]` and `"text"`, for comparisons; the
    /// `html`, `head` and `body` elements the parser always makes are left out.
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
                NodeValue::Element(e) if matches!(e.name(), "html" | "head" | "body") => {}
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
    fn builds_the_tree_of_the_html_parsing_algorithm() {
        assert_eq!(outline("<p>a<p>b<div>c</div>"), r#"p["a"]p["b"]div["c"]"#);
        assert_eq!(outline("<ul><li>a<li>b<ul><li>c</ul><li>d</ul>"), r#"ul[li["a"]li["b"ul[li["c"]]]li["d"]]"#);
        assert_eq!(outline("<div><span>a</div>b"), r#"div[span["a"]]"b""#);
        assert_eq!(outline("<div>a</span>b</div>"), r#"div["ab"]"#);
        assert_eq!(outline("<table><tr><td>a<td>b<tr><td>c</table>"), r#"table[tbody[tr[td["a"]td["b"]]tr[td["c"]]]]"#);
        assert_eq!(outline("<p>a<br>b</p></p>"), r#"p["a"br[]"b"]p[]"#);
        assert_eq!(outline("<h2>a<h3>b"), r#"h2["a"]h3["b"]"#);
        assert_eq!(outline("<a href=1>x<a href=2>y"), r#"a["x"]a["y"]"#);
        // The adoption agency re-opens a formatting element cut by a block.
        assert_eq!(outline("<b>1<p>2</b>3</p>"), r#"b["1"]p[b["2"]"3"]"#);
        // Text misplaced in a table is put before it (foster parenting).
        assert_eq!(outline("<table><tr><td>a</td></tr>x</table>"), r#""x"table[tbody[tr[td["a"]]]]"#);
    }

    #[test]
    fn opens_the_body_after_the_head() {
        let dom = Dom::parse("<html lang=de><head><title>T &amp; U</title><meta name=x content=y><div>a</div>");
        assert_eq!(dom.html_element().and_then(|h| h.attr("lang")), Some("de"));
        let div = dom.elements().find(|e| e.name() == "div").expect("div");
        assert_eq!(div.ancestors().map(|a| a.name()).collect::<Vec<_>>(), vec!["body", "html"]);
        let title = dom.elements().find(|e| e.name() == "title").expect("title");
        assert_eq!(title.text(), "T & U");
        assert_eq!(title.ancestors().map(|a| a.name()).collect::<Vec<_>>(), vec!["head", "html"]);
    }

    #[test]
    fn drops_scripts_styles_and_comments_but_keeps_json_ld() {
        let html = r#"<SCRIPT>if (a<b) document.write("<p>x</p>")</script ><style>p{}</style><!-- <p>c</p> -->
            <script type="application/ld+json">{"a":"<b>"}</script><noscript><p>n</p></noscript><p>t</p>"#;
        assert_eq!(outline(html), r#"script[]style[]"\n            "script["{\"a\":\"<b>\"}"]noscript[]p["t"]"#);
        assert_eq!(outline("<script>never closed <p>x"), "script[]");
        assert_eq!(outline("<!--><p>a</p><!---->b<!doctype html><?xml x?>c"), r#"p["a"]"bc""#);
    }

    #[test]
    fn reads_attributes_in_every_form() {
        let dom = Dom::parse(r#"<div CLASS="a b" id='x' data-v=1&amp;2 hidden title="&quot;q&quot;" class="ignored">t</div>"#);
        let div = dom.elements().find(|e| e.name() == "div").expect("div");
        assert_eq!(div.attr("class"), Some("a b"));
        assert_eq!(div.attr("id"), Some("x"));
        assert_eq!(div.attr("data-v"), Some("1&2"));
        assert_eq!(div.attr("hidden"), Some(""));
        assert_eq!(div.attr("title"), Some("\"q\""));
        let dom = Dom::parse(r#"<a href="?x=1&copy=2&amp;y">l</a><svg><path d="M0"/><title>s</title></svg><p>after</p>"#);
        let a = dom.elements().find(|e| e.name() == "a").expect("a");
        assert_eq!(a.attr("href"), Some("?x=1&copy=2&y"));
        let p = dom.elements().find(|e| e.name() == "p").expect("p");
        assert_eq!(p.ancestors().map(|a| a.name()).collect::<Vec<_>>(), vec!["body", "html"]);
    }

    #[test]
    fn decodes_character_references() {
        let decode = decode_character_references;
        assert_eq!(decode("a &amp; b &lt;c&gt; &#8217; &#x2019; &copy 2020 &euro;"), "a & b <c> ’ ’ © 2020 €");
        assert_eq!(decode("&#150; &#0; &#xZZ; &nosuch; & x"), "– \u{FFFD} &#xZZ; &nosuch; & x");
        assert_eq!(decode("&NotEqualTilde; <p>a</p> </title>"), "\u{2242}\u{338} <p>a</p> </title>");
        assert!(matches!(decode("plain <b>"), Cow::Borrowed(_)));
    }

    #[test]
    fn survives_junk_and_cut_input() {
        for html in ["", "<", "<<<>>>&&&;", "<div", "<div class=\"x", "</", "</div", "<!--", "<a b=", "&#99999999999;", "<p>é</p\u{0}>"] {
            let dom = Dom::parse(html);
            assert!(dom.len() >= 1, "{html}");
        }
        // html5ever's scope checks walk the open elements, so parsing time grows with
        // the square of the nesting depth; 5,000 levels still show that nothing recurses.
        let deep = "<div>".repeat(5_000) + "x" + &"</span>".repeat(5_000);
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
