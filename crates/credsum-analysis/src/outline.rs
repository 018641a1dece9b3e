//! The structure of request files as plain data: document symbols (an outline of the body
//! properties), folding ranges and selection ranges, all with byte ranges.

use credsum_syntax::json::{self, JsonTree, Member, NodeId, NodeKind};
use credsum_syntax::TextRange;

/// What a symbol stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// A request of an `.http` file or Markdown block.
    Request,
    /// A member whose value is an object.
    Object,
    /// A member whose value is an array.
    Array,
    /// A member whose value is a string.
    String,
    /// A member whose value is a number.
    Number,
    /// A member whose value is `true` or `false`.
    Boolean,
    /// A member whose value is `null` or missing.
    Null,
    /// A file variable of an `.http` file (`@host = …`).
    Variable,
}

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The property name, or the request line.
    pub name: String,
    /// The value, shortened, for scalars.
    pub detail: Option<String>,
    /// What it is.
    pub kind: SymbolKind,
    /// The whole member or request.
    pub range: TextRange,
    /// The part to select and reveal: the key, or the request line.
    pub selection_range: TextRange,
    /// Nested members.
    pub children: Vec<Symbol>,
}

/// Longest value text shown as a symbol's detail.
const DETAIL_CHARS: usize = 60;

/// The members of the body object in `body`, recursively.
pub fn body_symbols(text: &str, body: TextRange) -> Vec<Symbol> {
    let parse = json::parse_range(text, body);
    let tree = &parse.tree;
    tree.root()
        .map(|root| container_symbols(tree, root))
        .unwrap_or_default()
}

/// Symbols of the members (or elements) of a container.
fn container_symbols(tree: &JsonTree<'_>, node: NodeId) -> Vec<Symbol> {
    match tree.kind(node) {
        NodeKind::Object => tree
            .members(node)
            .iter()
            .map(|m| {
                let mut symbol = value_symbol(tree, m.value(), tree.name(m).to_owned(), m.range());
                symbol.selection_range = m.key;
                symbol
            })
            .collect(),
        NodeKind::Array => tree
            .elements(node)
            .iter()
            .enumerate()
            .map(|(i, &e)| value_symbol(tree, Some(e), i.to_string(), tree.range(e)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The symbol named `name` for `value`, covering `range`.
fn value_symbol(
    tree: &JsonTree<'_>,
    value: Option<NodeId>,
    name: String,
    range: TextRange,
) -> Symbol {
    let kind = match value.map(|v| tree.kind(v)) {
        Some(NodeKind::Object) => SymbolKind::Object,
        Some(NodeKind::Array) => SymbolKind::Array,
        Some(NodeKind::String) => SymbolKind::String,
        Some(NodeKind::Number) => SymbolKind::Number,
        Some(NodeKind::Bool) => SymbolKind::Boolean,
        Some(NodeKind::Null) | None => SymbolKind::Null,
    };
    let detail = value
        .filter(|&v| !matches!(tree.kind(v), NodeKind::Object | NodeKind::Array))
        .map(|v| shorten(&tree.text()[tree.range(v).as_usize()]));
    Symbol {
        name,
        detail,
        kind,
        range,
        selection_range: range,
        children: value
            .map(|v| container_symbols(tree, v))
            .unwrap_or_default(),
    }
}

/// `text` cut to [`DETAIL_CHARS`] characters with an ellipsis.
pub(crate) fn shorten(text: &str) -> String {
    match text.char_indices().nth(DETAIL_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The ranges of every object and array of the body in `body` (clients fold those spanning lines).
pub fn body_folds(text: &str, body: TextRange, out: &mut Vec<TextRange>) {
    let parse = json::parse_range(text, body);
    let tree = &parse.tree;
    let mut stack: Vec<NodeId> = tree.root().into_iter().collect();
    while let Some(node) = stack.pop() {
        match tree.kind(node) {
            NodeKind::Object => {
                out.push(tree.range(node));
                stack.extend(tree.members(node).iter().filter_map(Member::value));
            }
            NodeKind::Array => {
                out.push(tree.range(node));
                stack.extend(tree.elements(node).iter().copied());
            }
            _ => {}
        }
    }
}

/// The ranges around `offset` in the body `body`, outermost first: the value, the member, its
/// key or value, down to the token under the cursor.
pub fn body_selection(text: &str, body: TextRange, offset: u32) -> Vec<TextRange> {
    let parse = json::parse_range(text, body);
    let tree = &parse.tree;
    let mut out = Vec::new();
    let Some(mut node) = tree
        .root()
        .filter(|&r| tree.range(r).contains_inclusive(offset))
    else {
        return out;
    };
    loop {
        out.push(tree.range(node));
        let next = match tree.kind(node) {
            NodeKind::Object => {
                let Some(member) = tree
                    .members(node)
                    .iter()
                    .find(|m| m.range().contains_inclusive(offset))
                else {
                    break;
                };
                out.push(member.range());
                if member.key.contains_inclusive(offset) {
                    out.push(member.key);
                    break;
                }
                member.value()
            }
            NodeKind::Array => tree
                .elements(node)
                .iter()
                .copied()
                .find(|&e| tree.range(e).contains_inclusive(offset)),
            _ => None,
        };
        match next.filter(|&v| tree.range(v).contains_inclusive(offset)) {
            Some(child) => node = child,
            None => break,
        }
    }
    out.dedup();
    out
}
