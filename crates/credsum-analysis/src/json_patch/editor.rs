//! Editor features inside a JSON Patch document: completion of an operation's member names, of
//! `op` names, of `path`/`from`
//! pointers (one per property, RFC 6901-escaped) and of `value` by the type of the property the
//! path names (what body completion offers for that property); hover on a `path` or `from`
//! shows that property's hover.

use credsum_model::json_patch::{member_pointer, PatchOp};
use credsum_syntax::json::{self, JsonTree, NodeId, NodeKind};
use credsum_syntax::TextRange;
use serde_json::Value;

use super::{last_named, pointer_head, string_member, POINTER_MEMBERS};
use crate::completion::{key_completion, value_completion, value_completions, Completion};
use crate::cursor::{cursor_context, CursorContext, KeyCursor, ValueCursor};
use crate::hover::{property_markdown, Hover};
use crate::resource_model::ResourceModel;

/// Completions at `offset` inside the patch document `body` of `text`, against `model`; `now`
/// (seconds since the Unix epoch) is offered for date-time values.
pub(crate) fn patch_completions(
    text: &str,
    body: TextRange,
    offset: u32,
    model: &ResourceModel,
    now: u64,
) -> Vec<Completion> {
    let parse = json::parse_range(text, body);
    let tree = &parse.tree;
    let Some(op) = operation_at(tree, offset) else {
        return Vec::new();
    };
    let cursor = match cursor_context(text, tree.range(op), offset) {
        CursorContext::Value(cursor) => cursor,
        CursorContext::Key(cursor) => return member_completions(&cursor, tree, op),
        _ => return Vec::new(),
    };
    match cursor.key.as_str() {
        "op" => op_completions(&cursor),
        key if POINTER_MEMBERS.contains(&key) => pointer_completions(&cursor, model),
        "value" => pointer_head(tree, op, "path")
            .and_then(|head| model.property(&head))
            .map(|p| value_completions(&cursor, p, now))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The hover at `offset` inside the patch document `body` of `text`: the property a `path` or
/// `from` under the cursor names.
pub(crate) fn patch_hover(
    text: &str,
    body: TextRange,
    offset: u32,
    model: &ResourceModel,
) -> Option<Hover> {
    let parse = json::parse_range(text, body);
    let tree = &parse.tree;
    let op = operation_at(tree, offset)?;
    POINTER_MEMBERS.iter().find_map(|name| {
        let value = last_named(tree, tree.members(op), name)?.value()?;
        let range = tree.range(value);
        if !range.contains_inclusive(offset) {
            return None;
        }
        let p = model.property(&pointer_head(tree, op, name)?)?;
        Some(Hover {
            markdown: property_markdown(model, p),
            range,
        })
    })
}

/// The operation object of the document under `offset`.
fn operation_at(tree: &JsonTree<'_>, offset: u32) -> Option<NodeId> {
    let root = tree.root().filter(|&r| tree.kind(r) == NodeKind::Array)?;
    tree.elements(root)
        .iter()
        .copied()
        .find(|&e| tree.kind(e) == NodeKind::Object && tree.range(e).contains_inclusive(offset))
}

/// A completion inserting the JSON string `value` at a value cursor.
fn string_completion(cursor: &ValueCursor, value: &str, order: usize) -> Completion {
    value_completion(cursor, value.to_owned(), &Value::from(value), order)
}

/// The members the operation `op` still lacks: those its kind defines (RFC 6902 §4), or, while
/// its `op` is missing or unknown, every member an operation may have.
fn member_completions(cursor: &KeyCursor, tree: &JsonTree<'_>, op: NodeId) -> Vec<Completion> {
    const EVERY_MEMBER: [&str; 4] = ["op", "path", "value", "from"];
    let kind = string_member(tree, op, "op").and_then(|(_, name)| PatchOp::from_name(&name));
    let members = kind.map_or(&EVERY_MEMBER[..], PatchOp::members);
    members
        .iter()
        .filter(|name| !cursor.existing.iter().any(|e| e == *name))
        .enumerate()
        .map(|(order, &name)| {
            let (value, snippet) = match name {
                "op" => ("\"replace\"", "\"${1:replace}\""),
                "path" | "from" => ("\"/\"", "\"/$1\""),
                _ => ("null", "${1:null}"),
            };
            let mut c = key_completion(cursor, name, value, snippet, order);
            c.detail = Some(
                match name {
                    "op" => "the operation: add, remove, replace, move, copy or test",
                    "path" => "the JSON Pointer of the property the operation changes",
                    "from" => "the JSON Pointer a move or copy reads from",
                    _ => "the new value, of the type of the property `path` names",
                }
                .to_owned(),
            );
            c
        })
        .collect()
}

/// The six operations, each with what it becomes in a Graph PATCH body.
fn op_completions(cursor: &ValueCursor) -> Vec<Completion> {
    PatchOp::ALL
        .into_iter()
        .enumerate()
        .map(|(order, op)| {
            let mut c = string_completion(cursor, op.name(), order);
            c.detail = Some(
                match op {
                    PatchOp::Add | PatchOp::Replace => "sets the property in a Graph PATCH body",
                    PatchOp::Remove => "clears the property (null) in a Graph PATCH body",
                    PatchOp::Move | PatchOp::Copy | PatchOp::Test => {
                        "no Graph PATCH body equivalent"
                    }
                }
                .to_owned(),
            );
            c
        })
        .collect()
}

/// A pointer to each property a body may set, in schema order.
fn pointer_completions(cursor: &ValueCursor, model: &ResourceModel) -> Vec<Completion> {
    model
        .properties()
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.key)
        .map(|(order, p)| {
            let mut c = string_completion(cursor, &member_pointer(&p.name), order);
            c.detail = Some(p.type_label());
            c.documentation = Some(property_markdown(model, p));
            c
        })
        .collect()
}
