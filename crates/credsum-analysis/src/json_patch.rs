//! RFC 6902 JSON Patch documents where Graph expects a PATCH body: recognised here, checked op
//! by op ([`check`]), converted to the merge-style object Graph reads ([`convert`]), and given
//! completion and hover ([`editor`]). The operations and their members come from
//! [`credsum_model::json_patch`]; which file or request holds a document is decided once, in
//! [`crate::lower`].

mod check;
mod convert;
mod editor;
mod pointer;

use credsum_syntax::json::{JsonTree, Member, NodeId, NodeKind};

use crate::resource_model::ResourceModel;

pub(crate) use check::check_patch_document;
pub(crate) use editor::{patch_completions, patch_hover};

/// The extension of a file that holds a JSON Patch document (`ops.json-patch`).
pub(crate) const PATCH_DOCUMENT_EXTENSION: &str = "json-patch";

/// The members of an operation that hold a JSON Pointer.
const POINTER_MEMBERS: [&str; 2] = ["path", "from"];

/// Where a JSON array is read, which decides whether an empty one is a patch document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PatchScope {
    /// A `.json` file: an empty array says nothing about being a patch document, so it stays a
    /// body that is not an object.
    File,
    /// The body of a PATCH request: an empty array there is an empty patch document.
    Request,
}

/// A cheap pre-check before parsing: whether the first significant byte opens an array.
pub(crate) fn may_be_patch_document(text: &str) -> bool {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.trim_start().starts_with('[')
}

/// Whether the parsed text is a JSON Patch document: a top-level array with an operation
/// object (one with an `op` member) among its elements, or, in a request, an empty array.
pub(crate) fn is_patch_document(tree: &JsonTree<'_>, scope: PatchScope) -> bool {
    let Some(root) = tree.root().filter(|&r| tree.kind(r) == NodeKind::Array) else {
        return false;
    };
    let elements = tree.elements(root);
    (elements.is_empty() && scope == PatchScope::Request)
        || elements
            .iter()
            .any(|&e| last_named(tree, tree.members(e), "op").is_some())
}

/// The last member called `name` (the one a JSON reader keeps).
fn last_named<'t>(tree: &JsonTree<'_>, members: &'t [Member], name: &str) -> Option<&'t Member> {
    members.iter().rev().find(|m| tree.name(m) == name)
}

/// The string value of member `name` of the object `op`.
fn string_member(tree: &JsonTree<'_>, op: NodeId, name: &str) -> Option<(NodeId, String)> {
    let value = last_named(tree, tree.members(op), name)?.value()?;
    Some((value, tree.string_value(value)?.into_owned()))
}

/// The top-level property name the pointer in member `name` (`path`, `from`) of op object `op`
/// points at (its first reference token, decoded), when it is a valid pointer.
fn pointer_head(tree: &JsonTree<'_>, op: NodeId, name: &str) -> Option<String> {
    let (_, path) = string_member(tree, op, name)?;
    pointer::parse(&path).ok()?.into_iter().next()
}

/// The index of the resource a patch document in a `.json` file targets: the one whose
/// properties its paths name most often, the first registered on a tie or when none is named.
pub(crate) fn best_resource(tree: &JsonTree<'_>, models: &[ResourceModel]) -> Option<usize> {
    let root = tree.root()?;
    let mut hits = vec![0usize; models.len()];
    for &op in tree.elements(root) {
        let Some(head) = pointer_head(tree, op, "path") else {
            continue;
        };
        for (count, model) in hits.iter_mut().zip(models) {
            *count += usize::from(model.property(&head).is_some());
        }
    }
    let best = hits.iter().copied().max()?;
    hits.iter().position(|&count| count == best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use credsum_syntax::json;

    #[test]
    fn recognises_arrays_of_operations_only() {
        let is = |text: &str, scope| is_patch_document(&json::parse(text).tree, scope);
        assert!(is(r#"[{"op": "add"}]"#, PatchScope::File));
        assert!(is(r#"[1, {"op": 2}]"#, PatchScope::File));
        assert!(!is(r#"[{"id": "x"}]"#, PatchScope::File));
        assert!(!is(r#"{"op": "add"}"#, PatchScope::Request));
        assert!(!is("[]", PatchScope::File));
        assert!(is("[]", PatchScope::Request));
        assert!(may_be_patch_document("\u{FEFF} \n["));
        assert!(!may_be_patch_document("{"));
    }
}
