//! Deep nesting: the parser and the tree's drop are iterative, so 100,000 and 1,000,000
//! levels neither overflow the stack nor hang (their speed: `cargo bench -p credsum-syntax`).

use credsum_syntax::json::{self, NodeKind, SyntaxErrorKind};

use crate::hang_guard::within_hang_guard;

/// Parses `text` under the hang guard, checks how deep the tree goes through its first children
/// and which errors came out, and drops the tree (iteratively) inside the guard too.
fn check_deep(text: String, levels: usize, kind: NodeKind, errors: &'static [SyntaxErrorKind]) {
    within_hang_guard(move || check_tree(&text, levels, kind, errors));
}

/// The checks of [`check_deep`], on the calling thread.
fn check_tree(text: &str, levels: usize, kind: NodeKind, errors: &[SyntaxErrorKind]) {
    let parse = json::parse(text);
    let kinds: Vec<_> = parse.errors.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, errors);
    let tree = &parse.tree;
    let mut depth = 0;
    let mut current = tree.root();
    while let Some(id) = current {
        assert_eq!(tree.kind(id), kind);
        depth += 1;
        current = match kind {
            NodeKind::Array => tree.elements(id).first().copied(),
            _ => tree.members(id).first().and_then(|m| m.value()),
        };
    }
    assert_eq!(depth, levels);
    assert_eq!(tree.node_count(), levels);
    let deepest = tree
        .covering_node(text.len() as u32 / 2)
        .expect("covering node");
    assert_eq!(tree.kind(deepest), kind);
    drop(parse);
}

#[test]
fn hundred_thousand_unclosed_arrays() {
    let text = "[".repeat(100_000);
    check_deep(
        text,
        100_000,
        NodeKind::Array,
        &[SyntaxErrorKind::UnclosedArray],
    );
}

#[test]
fn hundred_thousand_closed_arrays() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    check_deep(text, 100_000, NodeKind::Array, &[]);
}

#[test]
fn hundred_thousand_unclosed_objects() {
    let text = "{\"a\":".repeat(100_000);
    check_deep(
        text,
        100_000,
        NodeKind::Object,
        &[SyntaxErrorKind::UnexpectedEnd],
    );
}

#[test]
fn million_unclosed_arrays() {
    let text = "[".repeat(1_000_000);
    check_deep(
        text,
        1_000_000,
        NodeKind::Array,
        &[SyntaxErrorKind::UnclosedArray],
    );
}

#[test]
fn million_closed_objects() {
    let text = format!("{}{{}}{}", "{\"a\":".repeat(999_999), "}".repeat(999_999));
    check_deep(text, 1_000_000, NodeKind::Object, &[]);
}
