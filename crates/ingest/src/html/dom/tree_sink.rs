//! html5ever's tree construction into a small arena, laid out in document order
//! for [`super::Dom`].
//!
//! The tree builder moves nodes (adoption agency, foster parenting, reparenting),
//! so the arena links nodes both ways (parent, children, siblings); once the page
//! is parsed, [`parse`] walks it once and writes the nodes in document order.

use std::borrow::Cow;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tokenizer::states::{RawKind, State};
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::{local_name, namespace_url, ns, parse_document, Attribute, ExpandedName, LocalName, ParseOpts, QualName};

use super::{Kind, NodeData, NONE};

/// Parses a page into its nodes in document order, the document first.
pub(super) fn parse(html: &str) -> Vec<NodeData> {
    parse_document(Arena::new(html.len()), ParseOpts::default()).one(html)
}

/// Decodes character references the way text is decoded (`&amp;`, `&#8217;`,
/// legacy `&copy`), leaving any markup as it is: the text is read by html5ever's
/// tokenizer in the RCDATA state (the content of `<title>`), where only an end tag
/// of the last start tag ends the text, and there was no start tag.
pub(super) fn decode_character_references(raw: &str) -> String {
    let opts = TokenizerOpts { initial_state: Some(State::RawData(RawKind::Rcdata)), ..TokenizerOpts::default() };
    let mut tokenizer = Tokenizer::new(TextCollector(String::with_capacity(raw.len())), opts);
    let mut input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(raw));
    let _ = tokenizer.feed(&mut input);
    tokenizer.end();
    tokenizer.sink.0
}

/// Keeps the characters of a token stream; NUL characters are dropped.
struct TextCollector(String);

impl TokenSink for TextCollector {
    type Handle = ();

    fn process_token(&mut self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        if let Token::CharacterTokens(text) = token {
            self.0.push_str(&text);
        }
        TokenSinkResult::Continue
    }
}

type Id = u32;

const DOCUMENT: Id = 0;
/// Where comments and processing instructions go: a node that is never linked in.
const DISCARDED: Id = 1;

enum ArenaKind {
    Document,
    Element {
        name: QualName,
        attributes: Vec<Attribute>,
        /// Its text is dropped: what no part of the extraction reads.
        drops_text: bool,
        mathml_annotation_xml_integration_point: bool,
    },
    Text(StrTendril),
}

struct ArenaNode {
    kind: ArenaKind,
    parent: Id,
    first_child: Id,
    last_child: Id,
    previous_sibling: Id,
    next_sibling: Id,
}

impl ArenaNode {
    fn new(kind: ArenaKind) -> Self {
        ArenaNode { kind, parent: NONE, first_child: NONE, last_child: NONE, previous_sibling: NONE, next_sibling: NONE }
    }
}

struct Arena {
    nodes: Vec<ArenaNode>,
    /// What [`TreeSink::elem_name`] answers for a node that is not an element
    /// (the tree builder never asks, but the trait must answer).
    no_name: QualName,
}

/// Elements whose text no part of the extraction reads: scripts other than JSON-LD
/// (`metadata` reads those), style sheets, and what is shown only without scripts or frames.
fn drops_text(name: &LocalName, attributes: &[Attribute]) -> bool {
    match *name {
        local_name!("script") => !attributes
            .iter()
            .any(|a| a.name.local == local_name!("type") && a.value.to_ascii_lowercase().contains("ld+json")),
        local_name!("style")
        | local_name!("noscript")
        | local_name!("iframe")
        | local_name!("noembed")
        | local_name!("noframes") => true,
        _ => false,
    }
}

impl Arena {
    fn new(input_len: usize) -> Self {
        let mut nodes = Vec::with_capacity(input_len / 64 + 16);
        nodes.push(ArenaNode::new(ArenaKind::Document));
        nodes.push(ArenaNode::new(ArenaKind::Document));
        Arena { nodes, no_name: QualName::new(None, ns!(), local_name!("")) }
    }

    fn node(&self, id: Id) -> &ArenaNode {
        &self.nodes[id as usize]
    }

    fn node_mut(&mut self, id: Id) -> &mut ArenaNode {
        &mut self.nodes[id as usize]
    }

    fn add(&mut self, kind: ArenaKind) -> Id {
        self.nodes.push(ArenaNode::new(kind));
        (self.nodes.len() - 1) as Id
    }

    fn parent_drops_text(&self, parent: Id) -> bool {
        matches!(self.node(parent).kind, ArenaKind::Element { drops_text: true, .. })
    }

    /// Adds `text` to the text node `id` when it is one.
    fn merge_text(&mut self, id: Id, text: &StrTendril) -> bool {
        if id == NONE {
            return false;
        }
        match &mut self.node_mut(id).kind {
            ArenaKind::Text(existing) => {
                existing.push_tendril(text);
                true
            }
            _ => false,
        }
    }

    fn detach(&mut self, id: Id) {
        let ArenaNode { parent, previous_sibling, next_sibling, .. } = *self.node(id);
        if parent == NONE {
            return;
        }
        if previous_sibling == NONE {
            self.node_mut(parent).first_child = next_sibling;
        } else {
            self.node_mut(previous_sibling).next_sibling = next_sibling;
        }
        if next_sibling == NONE {
            self.node_mut(parent).last_child = previous_sibling;
        } else {
            self.node_mut(next_sibling).previous_sibling = previous_sibling;
        }
        let node = self.node_mut(id);
        node.parent = NONE;
        node.previous_sibling = NONE;
        node.next_sibling = NONE;
    }

    fn append_child(&mut self, parent: Id, child: Id) {
        self.detach(child);
        let last = self.node(parent).last_child;
        {
            let node = self.node_mut(child);
            node.parent = parent;
            node.previous_sibling = last;
        }
        if last == NONE {
            self.node_mut(parent).first_child = child;
        } else {
            self.node_mut(last).next_sibling = child;
        }
        self.node_mut(parent).last_child = child;
    }

    fn insert_before(&mut self, sibling: Id, child: Id) {
        self.detach(child);
        let ArenaNode { parent, previous_sibling, .. } = *self.node(sibling);
        if parent == NONE {
            return;
        }
        {
            let node = self.node_mut(child);
            node.parent = parent;
            node.previous_sibling = previous_sibling;
            node.next_sibling = sibling;
        }
        self.node_mut(sibling).previous_sibling = child;
        if previous_sibling == NONE {
            self.node_mut(parent).first_child = child;
        } else {
            self.node_mut(previous_sibling).next_sibling = child;
        }
    }

    /// The nodes under the document in document order; every node's `end` is one
    /// past its last descendant.
    fn into_document_order(mut self) -> Vec<NodeData> {
        let mut out = Vec::with_capacity(self.nodes.len());
        out.push(NodeData { kind: Kind::Document, parent: NONE, end: 1 });
        // The open elements: (index in `out`, id in the arena).
        let mut open: Vec<(u32, Id)> = vec![(0, DOCUMENT)];
        let mut current = self.node(DOCUMENT).first_child;
        loop {
            while current == NONE {
                let Some((index, id)) = open.pop() else { return out };
                let end = out.len() as u32;
                out[index as usize].end = end;
                if open.is_empty() {
                    return out;
                }
                current = self.node(id).next_sibling;
            }
            let parent = open.last().map_or(0, |(index, _)| *index);
            let index = out.len() as u32;
            let node = self.node_mut(current);
            let (first_child, next_sibling) = (node.first_child, node.next_sibling);
            let kind = match std::mem::replace(&mut node.kind, ArenaKind::Document) {
                ArenaKind::Element { name, attributes, .. } => Kind::Element { name: name.local, attributes },
                ArenaKind::Text(text) => Kind::Text(text),
                ArenaKind::Document => Kind::Document,
            };
            out.push(NodeData { kind, parent, end: index + 1 });
            if first_child == NONE {
                current = next_sibling;
            } else {
                open.push((index, current));
                current = first_child;
            }
        }
    }
}

impl TreeSink for Arena {
    type Handle = Id;
    type Output = Vec<NodeData>;

    fn finish(self) -> Vec<NodeData> {
        self.into_document_order()
    }

    fn parse_error(&mut self, _message: Cow<'static, str>) {}

    fn get_document(&mut self) -> Id {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> ExpandedName<'a> {
        match &self.node(*target).kind {
            ArenaKind::Element { name, .. } => name.expanded(),
            _ => self.no_name.expanded(),
        }
    }

    fn create_element(&mut self, name: QualName, attributes: Vec<Attribute>, flags: ElementFlags) -> Id {
        let drops_text = drops_text(&name.local, &attributes);
        self.add(ArenaKind::Element {
            name,
            attributes,
            drops_text,
            mathml_annotation_xml_integration_point: flags.mathml_annotation_xml_integration_point,
        })
    }

    fn create_comment(&mut self, _text: StrTendril) -> Id {
        DISCARDED
    }

    fn create_pi(&mut self, _target: StrTendril, _data: StrTendril) -> Id {
        DISCARDED
    }

    fn append(&mut self, parent: &Id, child: NodeOrText<Id>) {
        match child {
            NodeOrText::AppendNode(DISCARDED) => {}
            NodeOrText::AppendNode(node) => self.append_child(*parent, node),
            NodeOrText::AppendText(text) => {
                if self.parent_drops_text(*parent) || self.merge_text(self.node(*parent).last_child, &text) {
                    return;
                }
                let node = self.add(ArenaKind::Text(text));
                self.append_child(*parent, node);
            }
        }
    }

    fn append_based_on_parent_node(&mut self, element: &Id, previous_element: &Id, child: NodeOrText<Id>) {
        if self.node(*element).parent == NONE {
            self.append(previous_element, child);
        } else {
            self.append_before_sibling(element, child);
        }
    }

    fn append_doctype_to_document(&mut self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    /// A template's content stays inside the template element, like any other
    /// element's (the extraction skips templates by name).
    fn get_template_contents(&mut self, target: &Id) -> Id {
        *target
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&mut self, _mode: QuirksMode) {}

    fn append_before_sibling(&mut self, sibling: &Id, new_node: NodeOrText<Id>) {
        match new_node {
            NodeOrText::AppendNode(DISCARDED) => {}
            NodeOrText::AppendNode(node) => self.insert_before(*sibling, node),
            NodeOrText::AppendText(text) => {
                let ArenaNode { parent, previous_sibling, .. } = *self.node(*sibling);
                if parent == NONE || self.parent_drops_text(parent) || self.merge_text(previous_sibling, &text) {
                    return;
                }
                let node = self.add(ArenaKind::Text(text));
                self.insert_before(*sibling, node);
            }
        }
    }

    fn add_attrs_if_missing(&mut self, target: &Id, new_attributes: Vec<Attribute>) {
        if let ArenaKind::Element { attributes, .. } = &mut self.node_mut(*target).kind {
            for attribute in new_attributes {
                if !attributes.iter().any(|a| a.name == attribute.name) {
                    attributes.push(attribute);
                }
            }
        }
    }

    fn remove_from_parent(&mut self, target: &Id) {
        self.detach(*target);
    }

    fn reparent_children(&mut self, node: &Id, new_parent: &Id) {
        let mut child = self.node(*node).first_child;
        while child != NONE {
            let next = self.node(child).next_sibling;
            self.append_child(*new_parent, child);
            child = next;
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Id) -> bool {
        matches!(
            self.node(*handle).kind,
            ArenaKind::Element { mathml_annotation_xml_integration_point: true, .. }
        )
    }
}
