//! Pretty-printing a JSON body: one member per line, keys in their original order, strings and
//! numbers exactly as written (escapes kept), indented with spaces or tabs. Broken JSON is left
//! alone.

use credsum_syntax::json::{self, JsonTree, NodeId, NodeKind};
use credsum_syntax::TextRange;

/// How to indent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Spaces per level when [`FormatOptions::insert_spaces`].
    pub tab_size: u32,
    /// Indent with spaces (else one tab per level).
    pub insert_spaces: bool,
}

impl Default for FormatOptions {
    fn default() -> FormatOptions {
        FormatOptions {
            tab_size: 2,
            insert_spaces: true,
        }
    }
}

/// Deepest nesting formatted (deeper bodies are left as they are).
const MAX_DEPTH: usize = 256;

/// The body in `body` of `text` pretty-printed, without a trailing newline; `None` when it has
/// syntax errors, no value, or nesting deeper than the formatter goes.
pub fn format_json(text: &str, body: TextRange, options: FormatOptions) -> Option<String> {
    let parse = json::parse_range(text, body);
    if !parse.errors.is_empty() {
        return None;
    }
    let tree = &parse.tree;
    let root = tree.root()?;
    let unit = if options.insert_spaces {
        " ".repeat(options.tab_size.clamp(1, 16) as usize)
    } else {
        "\t".to_owned()
    };
    let mut out = String::with_capacity(body.len() as usize + 16);
    write_value(tree, root, 0, &unit, &mut out).then_some(out)
}

/// Writes `node` at nesting `depth`; `false` when a member has no value or nesting is too deep.
fn write_value(
    tree: &JsonTree<'_>,
    node: NodeId,
    depth: usize,
    unit: &str,
    out: &mut String,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match tree.kind(node) {
        NodeKind::Object => {
            let items: Vec<Item> = tree
                .members(node)
                .iter()
                .map(|m| (Some(m.key), m.value()))
                .collect();
            write_container(tree, ('{', '}'), &items, depth, unit, out)
        }
        NodeKind::Array => {
            let items: Vec<Item> = tree
                .elements(node)
                .iter()
                .map(|&e| (None, Some(e)))
                .collect();
            write_container(tree, ('[', ']'), &items, depth, unit, out)
        }
        _ => {
            out.push_str(&tree.text()[tree.range(node).as_usize()]);
            true
        }
    }
}

/// A member (key and value) or an element (value only) of a container.
type Item = (Option<TextRange>, Option<NodeId>);

/// Writes a container with `brackets` holding `items`, one per line.
fn write_container(
    tree: &JsonTree<'_>,
    (open, close): (char, char),
    items: &[Item],
    depth: usize,
    unit: &str,
    out: &mut String,
) -> bool {
    out.push(open);
    if !items.is_empty() {
        out.push('\n');
        for (i, (key, value)) in items.iter().enumerate() {
            let Some(value) = *value else {
                return false;
            };
            push_indent(out, unit, depth + 1);
            if let Some(key) = key {
                out.push_str(&tree.text()[key.as_usize()]);
                out.push_str(": ");
            }
            if !write_value(tree, value, depth + 1, unit, out) {
                return false;
            }
            out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
        }
        push_indent(out, unit, depth);
    }
    out.push(close);
    true
}

/// Appends `depth` indentation units.
fn push_indent(out: &mut String, unit: &str, depth: usize) {
    for _ in 0..depth {
        out.push_str(unit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(text: &str, options: FormatOptions) -> Option<String> {
        format_json(text, TextRange::new(0, text.len() as u32), options)
    }

    #[test]
    fn keeps_key_order_and_raw_scalars() {
        let text = r#"{"b":1.50,"a":"\u00e9","c":[true,null,{}],"d":{"x":[]}}"#;
        assert_eq!(
            format(text, FormatOptions::default()).unwrap(),
            "{\n  \"b\": 1.50,\n  \"a\": \"\\u00e9\",\n  \"c\": [\n    true,\n    null,\n    {}\n  ],\n  \"d\": {\n    \"x\": []\n  }\n}"
        );
        let tabs = FormatOptions {
            tab_size: 4,
            insert_spaces: false,
        };
        assert_eq!(format(r#"{"a":1}"#, tabs).unwrap(), "{\n\t\"a\": 1\n}");
    }

    #[test]
    fn broken_json_is_left_alone() {
        assert_eq!(format(r#"{"a":1"#, FormatOptions::default()), None);
        assert_eq!(format(r#"{"a":}"#, FormatOptions::default()), None);
        assert_eq!(format("", FormatOptions::default()), None);
    }
}
