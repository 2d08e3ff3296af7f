//! HTML fragments (feed item content, JSON Lines `html` without a page around
//! it) to paragraphs: block elements break paragraphs, scripts and styles go.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas", "form", "button", "select",
    "textarea", "nav", "head", "title",
];
/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr",
    "section", "article", "header", "footer", "aside", "figure", "figcaption", "hr", "address", "main", "body", "html", "center",
];

/// The paragraphs of an HTML fragment, in order, whitespace untouched inside.
pub fn fragment_paragraphs(html: &str) -> Vec<String> {
    let document = Html::parse_fragment(html);
    let mut out = Vec::new();
    let mut current = String::new();
    walk(document.tree.root(), &mut current, &mut out, 0);
    push_paragraph(&mut current, &mut out);
    out
}

/// Recursion depth past which nested markup is flattened instead of walked.
const MAX_DEPTH: usize = 256;

fn walk(node: NodeRef<'_, Node>, current: &mut String, out: &mut Vec<String>, depth: usize) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => current.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    push_paragraph(current, out);
                }
                if depth < MAX_DEPTH {
                    walk(child, current, out, depth + 1);
                } else {
                    for descendant in child.descendants() {
                        if let Node::Text(text) = descendant.value() {
                            current.push_str(text);
                        }
                    }
                }
                if block {
                    push_paragraph(current, out);
                } else if matches!(name, "td" | "th") {
                    current.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn push_paragraph(current: &mut String, out: &mut Vec<String>) {
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    current.clear();
}

/// Whether a string holds HTML markup rather than plain text.
pub fn looks_like_html(s: &str) -> bool {
    static TAG: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
        regex::Regex::new(r"(?i)</?(?:p|br|div|span|a|b|i|em|strong|img|ul|ol|li|h[1-6]|blockquote|table|html|body)\b[^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);")
            .expect("valid regex")
    });
    TAG.is_match(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_and_scripts_go() {
        let html = "<p>One <b>bold</b> line.</p><script>alert()</script><div>Two<br>Three</div>tail &amp; end";
        assert_eq!(fragment_paragraphs(html), vec!["One bold line.", "Two", "Three", "tail & end"]);
    }

    #[test]
    fn detects_markup() {
        assert!(looks_like_html("<p>x</p>"));
        assert!(looks_like_html("AT&amp;T"));
        assert!(!looks_like_html("a < b and c > d"));
    }
}
