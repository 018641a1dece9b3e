//! The conversion of an exact JSON Patch document to the merge-style object Graph reads (RFC
//! 7386 semantics, as Graph's PATCH has them): an add or replace of a top-level property sets
//! that member to the operation's value, a remove sets it to `null`, and of several operations
//! on one property the last one wins. Values keep their text; the object is laid out with the
//! document's own line breaks and indentation. In a request, the same fix sets
//! `Content-Type: application/json` and keeps `Content-Length` right.

use rustc_hash::FxHashMap;

use credsum_syntax::http::parse_http_range;
use credsum_syntax::json::{JsonTree, NodeId};
use credsum_syntax::TextRange;

use crate::diagnostic::{Edit, Fix};
use crate::http_check::{add_content_type, header, is_json_media_type};
use crate::payload::Body;

/// The media type Graph reads PATCH bodies as.
const JSON: &str = "application/json";

/// What one checked operation does to the merge body.
pub(crate) enum Step {
    /// Sets the top-level property `name` to the value node.
    Set {
        /// The property.
        name: String,
        /// The operation's `value`.
        value: NodeId,
    },
    /// Clears the top-level property `name` (`null`).
    Clear {
        /// The property.
        name: String,
    },
    /// No exact conversion: why, for the document's message.
    Blocked(String),
}

/// The fix converting the document at `root` (every step a set or a clear) in `body`.
pub(crate) fn conversion_fix(
    text: &str,
    tree: &JsonTree<'_>,
    root: NodeId,
    steps: &[Step],
    body: &Body,
) -> Fix {
    let range = tree.range(root);
    let merged = merge_body(text, tree, root, steps);
    let new_len = body.range.len() as usize - range.len() as usize + merged.len();
    let mut edits = body
        .request
        .map(|request| header_edits(text, request, new_len))
        .unwrap_or_default();
    edits.push(Edit {
        range,
        new_text: merged,
    });
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    Fix::edits("Convert to a Graph PATCH body", edits)
}

/// The header edits of the request in `request`: Content-Type set to application/json (or
/// added), Content-Length set to `new_len`.
fn header_edits(text: &str, request: TextRange, new_len: usize) -> Vec<Edit> {
    let Some(message) = parse_http_range(text, request).messages.into_iter().next() else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    match header(text, &message, "Content-Type") {
        Some(h) if !is_json_media_type(&text[h.value.as_usize()]) => edits.push(Edit {
            range: h.value,
            new_text: JSON.to_owned(),
        }),
        Some(_) => {}
        None => edits.push(add_content_type(text, &message)),
    }
    if let Some(h) = header(text, &message, "Content-Length") {
        let length = new_len.to_string();
        if text[h.value.as_usize()] != length {
            edits.push(Edit {
                range: h.value,
                new_text: length,
            });
        }
    }
    edits
}

/// The merge body of `steps`, laid out like the document at `root`: on one line when it is on
/// one line, else one member a line at the indentation of its first operation.
pub(crate) fn merge_body(text: &str, tree: &JsonTree<'_>, root: NodeId, steps: &[Step]) -> String {
    let mut members: Vec<(&str, &str)> = Vec::new();
    let mut slot: FxHashMap<&str, usize> = FxHashMap::default();
    for step in steps {
        let (name, value) = match step {
            Step::Set { name, value } => (name.as_str(), &text[tree.range(*value).as_usize()]),
            Step::Clear { name } => (name.as_str(), "null"),
            Step::Blocked(_) => continue,
        };
        match slot.get(name) {
            Some(&i) => members[i].1 = value,
            None => {
                slot.insert(name, members.len());
                members.push((name, value));
            }
        }
    }
    if members.is_empty() {
        return "{}".to_owned();
    }
    let range = tree.range(root);
    let document = &text[range.as_usize()];
    let lines: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{}: {value}", serde_json::Value::from(*name)))
        .collect();
    if !document.contains('\n') {
        return format!("{{{}}}", lines.join(", "));
    }
    let newline = if document.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let first = tree
        .elements(root)
        .first()
        .map_or(range.start, |&e| tree.range(e).start);
    let base = indentation(text, range.start);
    let indent = match indentation(text, first) {
        inner if inner.len() > base.len() => inner,
        _ => format!("{base}  "),
    };
    let separator = format!(",{newline}{indent}");
    format!(
        "{{{newline}{indent}{}{newline}{base}}}",
        lines.join(&separator)
    )
}

/// The whitespace that starts the line of byte `at`, when only whitespace comes before `at`
/// on that line (else none).
fn indentation(text: &str, at: u32) -> String {
    let before = &text[..at as usize];
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    if line.chars().all(|c| c == ' ' || c == '\t') {
        line.to_owned()
    } else {
        String::new()
    }
}
