//! Tolerant JSON parser: never fails, recovers from errors, and keeps byte ranges.
//!
//! [`parse`] and [`parse_range`] return a [`JsonParse`]: an arena tree ([`JsonTree`], nodes
//! addressed by [`NodeId`]) plus the [`SyntaxError`]s it recovered from. Parsing is iterative
//! (an explicit stack), so any nesting depth is fine; strings and keys borrow from the text
//! unless they contain escapes; numbers keep their raw text. All ranges are absolute byte
//! offsets into the text given, also for [`parse_range`].
//!
//! Recovery follows vscode-json-languageservice: after an error the parser skips to the next
//! `,`, or `}`/`]` closing an open container (or a string on a new line, likely the next
//! key), and goes on. Each error points at the smallest range (the offending token; an empty
//! range at the end for an unexpected end; the `{`/`[` of an unclosed container). Cascades
//! are cut by a few rules: never two structural errors starting at the same offset (a
//! token error such as an unterminated string may share one); errors about
//! misplaced tokens (stray `:`, garbage where a key or separator belongs) once per container;
//! a missing comma or colon guessed only between two proper tokens (not next to a bare word,
//! invalid number or unterminated string, and once per container when the tokens touch with
//! no gap, as a stray quote makes them); nothing more at the end right after an unterminated
//! string. One edit thus yields a handful of errors at most, however large the document.
//!
//! An empty or whitespace-only text has no root and no error.

use std::borrow::Cow;

use crate::TextRange;

mod error;
mod escape;
mod lexer;
mod parser;

pub use error::{SyntaxError, SyntaxErrorKind, SyntaxFix};

/// Whether `text` is a number literal in JSON's grammar (RFC 8259): `-? (0 | [1-9][0-9]*)
/// (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, the test the parser applies to number tokens.
pub fn is_number_literal(text: &str) -> bool {
    lexer::is_valid_number(text.as_bytes())
}

/// Parses the whole `text` as JSON. A leading UTF-8 BOM (U+FEFF) is skipped, not an error.
pub fn parse(text: &str) -> JsonParse<'_> {
    parse_range(text, TextRange::new(0, u32::MAX))
}

/// Parses only `text[range]` (a body inside an `.http` or Markdown file); the ranges in the
/// result stay absolute offsets into `text`. A range past the end of `text` is cut to it, and
/// ends that are not on char boundaries are moved inwards to the nearest one.
pub fn parse_range(text: &str, range: TextRange) -> JsonParse<'_> {
    let mut end = (range.end as usize).min(text.len()).min(u32::MAX as usize);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = (range.start as usize).min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    if text[start..end].starts_with('\u{FEFF}') {
        start += '\u{FEFF}'.len_utf8();
    }
    parser::Parser::new(text, start, end).run()
}

/// The result of parsing: the tree and the errors recovered from (sorted by position).
#[derive(Clone, Debug)]
pub struct JsonParse<'a> {
    /// The syntax tree; always present, possibly without a root.
    pub tree: JsonTree<'a>,
    /// Syntax errors, sorted by start offset; empty for valid JSON.
    pub errors: Vec<SyntaxError>,
}

/// A node handle, valid for the [`JsonTree`] that gave it out.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct NodeId(u32);

impl NodeId {
    /// The arena index: distinct for every node of one tree.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NodeKind {
    /// `{ … }`
    Object,
    /// `[ … ]`
    Array,
    /// A string value (double-quoted, or single-quoted with an error).
    String,
    /// A number value, kept as raw text (possibly invalid, with an error).
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
}

/// One `"key": value` pair of an object: 24 bytes, for a big body holds hundreds of thousands.
/// Its decoded key is [`JsonTree::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    /// The key token including its quotes.
    pub key: TextRange,
    /// The start of the one-byte `:` token, or [`NONE`].
    colon: u32,
    /// The value node index, or [`NONE`].
    value: u32,
    /// The end of [`Member::range`].
    end: u32,
    /// Where the decoded key is.
    name: KeyText,
}

/// Where a member's decoded key is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyText {
    /// The key token itself (a bare word or number, with an error).
    Token,
    /// Between the quotes.
    Quoted,
    /// After the opening quote of a key without a closing one.
    Unterminated,
    /// Decoded from escapes, in [`JsonTree`]'s list of decoded keys.
    Decoded,
}

impl Member {
    /// The `:` token, if present.
    pub fn colon(&self) -> Option<TextRange> {
        (self.colon != NONE).then(|| TextRange::new(self.colon, self.colon + 1))
    }

    /// The value; `None` when it is missing (`{"a": }`, `{"a"`) or invalid (`{"a": tru}`).
    pub fn value(&self) -> Option<NodeId> {
        (self.value != NONE).then_some(NodeId(self.value))
    }

    /// From the key start to the value end (or to the colon or key end when no value).
    pub fn range(&self) -> TextRange {
        TextRange::new(self.key.start, self.end)
    }
}

/// Marks a missing index in [`Node`].
const NONE: u32 = u32::MAX;

/// One arena node.
#[derive(Clone, Debug)]
struct Node {
    /// The token range; `{`..`}` for containers.
    range: TextRange,
    /// Parent node index, or [`NONE`].
    parent: u32,
    /// Containers: first child index (in `members` or `elements`). Strings: contents start.
    first: u32,
    /// Containers: one past the last child index. Strings: contents end.
    last: u32,
    /// What the node is.
    kind: NodeKind,
}

/// The syntax tree of one JSON text: an arena of nodes addressed by [`NodeId`].
///
/// Accessors panic when given a [`NodeId`] from another tree.
#[derive(Clone, Debug)]
pub struct JsonTree<'a> {
    text: &'a str,
    nodes: Vec<Node>,
    members: Vec<Member>,
    elements: Vec<NodeId>,
    /// The keys with escapes, decoded, by key start (sorted).
    decoded_keys: Vec<(u32, Box<str>)>,
    root: Option<NodeId>,
}

impl<'a> JsonTree<'a> {
    /// The whole text the ranges point into.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The root value; `None` for empty, whitespace-only or garbage-only input.
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// What the node is.
    pub fn kind(&self, id: NodeId) -> NodeKind {
        self.nodes[id.index()].kind
    }

    /// The node's token range; for containers `{`..`}` inclusive (to the last parsed byte when
    /// unclosed).
    pub fn range(&self, id: NodeId) -> TextRange {
        self.nodes[id.index()].range
    }

    /// The enclosing object or array.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let parent = self.nodes[id.index()].parent;
        (parent != NONE).then_some(NodeId(parent))
    }

    /// An object's members in source order, duplicates kept; empty for other nodes.
    pub fn members(&self, id: NodeId) -> &[Member] {
        let node = &self.nodes[id.index()];
        match node.kind {
            NodeKind::Object => &self.members[node.first as usize..node.last as usize],
            _ => &[],
        }
    }

    /// An array's elements in source order; empty for other nodes.
    pub fn elements(&self, id: NodeId) -> &[NodeId] {
        let node = &self.nodes[id.index()];
        match node.kind {
            NodeKind::Array => &self.elements[node.first as usize..node.last as usize],
            _ => &[],
        }
    }

    /// The member whose value this node is. O(log(width)): the member is the last of its
    /// object's members whose key starts before the value (a node does not store it, which
    /// keeps nodes small).
    pub fn member_of(&self, value: NodeId) -> Option<&Member> {
        let members = self.members(self.parent(value)?);
        let start = self.range(value).start;
        let after = members.partition_point(|m| m.key.start < start);
        members[..after].last().filter(|m| m.value() == Some(value))
    }

    /// The decoded key of `member` (a member of this tree): borrowed from the text unless it
    /// has escapes.
    pub fn name(&self, member: &Member) -> &str {
        let key = member.key;
        let text = match member.name {
            KeyText::Token => self.text.get(key.as_usize()),
            KeyText::Quoted => self.text.get(key.start as usize + 1..key.end as usize - 1),
            KeyText::Unterminated => self.text.get(key.start as usize + 1..key.end as usize),
            KeyText::Decoded => self
                .decoded_keys
                .binary_search_by_key(&key.start, |(start, _)| *start)
                .ok()
                .map(|i| &*self.decoded_keys[i].1),
        };
        text.unwrap_or_default()
    }

    /// The decoded value of a String node (borrowed when it has no escapes); `None` for others.
    pub fn string_value(&self, id: NodeId) -> Option<Cow<'a, str>> {
        let node = &self.nodes[id.index()];
        (node.kind == NodeKind::String)
            .then(|| escape::decode(self.text, node.first as usize, node.last as usize))
    }

    /// The raw literal text of a Number node; `None` for others.
    pub fn number_text(&self, id: NodeId) -> Option<&'a str> {
        let node = &self.nodes[id.index()];
        (node.kind == NodeKind::Number).then(|| &self.text[node.range.as_usize()])
    }

    /// The value of a Bool node; `None` for others.
    pub fn bool_value(&self, id: NodeId) -> Option<bool> {
        let node = &self.nodes[id.index()];
        (node.kind == NodeKind::Bool)
            .then(|| self.text.as_bytes()[node.range.start as usize] == b't')
    }

    /// The deepest node whose range contains `offset` (its end included); at a boundary
    /// between two siblings, the first. O(depth · log(width)).
    pub fn covering_node(&self, offset: u32) -> Option<NodeId> {
        let mut current = self
            .root
            .filter(|&root| self.range(root).contains_inclusive(offset))?;
        loop {
            let next = match self.kind(current) {
                NodeKind::Object => pick(self.members(current), offset, Member::range)
                    .and_then(Member::value)
                    .filter(|&value| self.range(value).contains_inclusive(offset)),
                NodeKind::Array => pick(self.elements(current), offset, |&element| {
                    self.range(element)
                })
                .copied(),
                _ => None,
            };
            match next {
                Some(child) => current = child,
                None => return Some(current),
            }
        }
    }

    /// How many nodes the tree has.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

/// The first of `items` (sorted, non-overlapping ranges) whose range contains `offset`,
/// end included.
fn pick<T>(items: &[T], offset: u32, range: impl Fn(&T) -> TextRange) -> Option<&T> {
    let after = items.partition_point(|item| range(item).start <= offset);
    // Ranges only touch at their ends, so at most the two last items starting at or before
    // `offset` can contain it.
    items[after.saturating_sub(2)..after]
        .iter()
        .find(|item| range(item).contains_inclusive(offset))
}

#[cfg(test)]
mod tests {
    #[test]
    fn number_literals_follow_the_json_grammar() {
        for ok in ["0", "-0", "42", "-7", "1.5", "1e9", "2E-3", "0.0e+1"] {
            assert!(super::is_number_literal(ok), "{ok}");
        }
        for bad in [
            "", "-", "050", "+5", "1.", ".5", "1e", "0x1", " 1", "1_000", "NaN",
        ] {
            assert!(!super::is_number_literal(bad), "{bad}");
        }
    }

    #[test]
    fn nodes_stay_small() {
        // A 10 MB body holds about 280,000 nodes: each byte here is a quarter megabyte there.
        assert_eq!(std::mem::size_of::<super::Node>(), 24);
    }
}
