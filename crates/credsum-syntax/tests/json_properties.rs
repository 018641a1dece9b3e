//! Property tests of the tolerant JSON parser: no panics, sound ranges, valid JSON round-trips
//! without errors, and `parse_range` equals `parse` shifted.

use credsum_syntax::json::{self, JsonParse, JsonTree, NodeId, NodeKind};
use credsum_syntax::TextRange;
use proptest::prelude::*;

/// A JSON value as generated; numbers are kept as their literal text.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Strings of any chars, with JSON's special ones (quotes, backslashes, controls, astral
/// chars) frequent.
fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '"', '\\', '\n', '\t', '\u{0}', 'é', '😀', '\u{FEFF}', '\u{2028}'
            ]),
            prop::char::range('a', 'z'),
        ],
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// JSON number literals in RFC 8259's grammar.
fn number() -> impl Strategy<Value = String> {
    "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,4})?"
}

/// Arbitrary JSON values, nested a few levels.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        any_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any_text(), inner), 0..6).prop_map(Value::Object),
        ]
    })
}

/// Renders `s` as a JSON string literal, escaping some chars (by their code) so every escape
/// form, surrogate pairs included, shows up.
fn render_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '/' => out.push_str("\\/"),
            c if (c as u32) < 0x20 || (c as u32) % 3 == 0 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Renders `value` as JSON text with `ws` between tokens.
fn render(value: &Value, ws: &str, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => render_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { ws } else { "," });
                out.push_str(ws);
                render(item, ws, out);
            }
            out.push_str(ws);
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                out.push_str(if i == 0 { ws } else { "," });
                out.push_str(ws);
                render_string(key, out);
                out.push(':');
                out.push_str(ws);
                render(item, ws, out);
            }
            out.push_str(ws);
            out.push('}');
        }
    }
}

/// Reads the tree back into a [`Value`].
fn to_value(tree: &JsonTree<'_>, id: NodeId) -> Value {
    match tree.kind(id) {
        NodeKind::Null => Value::Null,
        NodeKind::Bool => Value::Bool(tree.bool_value(id).expect("bool")),
        NodeKind::Number => Value::Number(tree.number_text(id).expect("number").to_owned()),
        NodeKind::String => Value::String(tree.string_value(id).expect("string").into_owned()),
        NodeKind::Array => Value::Array(
            tree.elements(id)
                .iter()
                .map(|&e| to_value(tree, e))
                .collect(),
        ),
        NodeKind::Object => Value::Object(
            tree.members(id)
                .iter()
                .map(|m| {
                    let value = m.value.expect("member value");
                    (m.name.clone().into_owned(), to_value(tree, value))
                })
                .collect(),
        ),
    }
}

/// Every node reachable from the root, in source order (iteratively: trees may be deep).
fn preorder(tree: &JsonTree<'_>) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeId> = tree.root().into_iter().collect();
    while let Some(id) = stack.pop() {
        out.push(id);
        stack.extend(tree.elements(id).iter().rev());
        stack.extend(tree.members(id).iter().rev().filter_map(|m| m.value));
    }
    out
}

/// Asserts `range` is a sound range inside `bounds` of `text`.
fn assert_sound(text: &str, bounds: TextRange, range: TextRange, what: &str) {
    assert!(range.start <= range.end, "{what} {range:?} reversed");
    assert!(
        bounds.contains_range(range),
        "{what} {range:?} outside {bounds:?}"
    );
    assert!(
        text.is_char_boundary(range.start as usize),
        "{what} {range:?} start mid-char"
    );
    assert!(
        text.is_char_boundary(range.end as usize),
        "{what} {range:?} end mid-char"
    );
}

/// Checks every structural invariant of a parse of `text[bounds]`.
fn check_invariants(parse: &JsonParse<'_>, bounds: TextRange) {
    let tree = &parse.tree;
    let text = tree.text();
    let nodes = preorder(tree);
    assert_eq!(
        nodes.len(),
        tree.node_count(),
        "every node is reachable from the root"
    );
    for &id in &nodes {
        let range = tree.range(id);
        assert_sound(text, bounds, range, "node");
        assert!(!range.is_empty(), "node {range:?} is empty");
        if let Some(parent) = tree.parent(id) {
            assert!(
                tree.range(parent).contains_range(range),
                "child outside parent"
            );
        }
        let mut previous_end = range.start;
        for member in tree.members(id) {
            assert_sound(text, range, member.key, "key");
            assert_sound(text, range, member.range, "member");
            assert!(member.range.start >= previous_end, "members overlap");
            previous_end = member.range.end;
            assert!(member.range.contains_range(member.key));
            if let Some(colon) = member.colon {
                assert!(member.range.contains_range(colon));
            }
            if let Some(value) = member.value {
                assert!(member.range.contains_range(tree.range(value)));
                assert_eq!(tree.member_of(value), Some(member));
                assert_eq!(tree.parent(value), Some(id));
            }
        }
        for &element in tree.elements(id) {
            assert_eq!(tree.parent(element), Some(id));
        }
        let covering = tree.covering_node(range.start).expect("covering node");
        assert!(tree.range(covering).contains_inclusive(range.start));
    }
    let mut previous_start = 0;
    for error in &parse.errors {
        assert_sound(text, bounds, error.range, error.kind.code());
        if let Some(fix) = &error.fix {
            assert_sound(text, bounds, fix.range, "fix");
        }
        assert!(error.range.start >= previous_start, "errors are sorted");
        previous_start = error.range.start;
    }
}

/// A compact structural dump with ranges relative to `base`.
fn dump(parse: &JsonParse<'_>, base: u32) -> String {
    let tree = &parse.tree;
    let rel = |r: TextRange| format!("{}..{}", r.start - base, r.end - base);
    let mut out = String::new();
    for id in preorder(tree) {
        out.push_str(&format!("{:?} {}\n", tree.kind(id), rel(tree.range(id))));
        for m in tree.members(id) {
            let colon = m.colon.map(rel);
            out.push_str(&format!(
                " {:?} {} {:?} {}\n",
                m.name,
                rel(m.key),
                colon,
                rel(m.range)
            ));
        }
    }
    for e in &parse.errors {
        let fix = e.fix.as_ref().map(|f| (rel(f.range), f.replacement));
        out.push_str(&format!("! {} {} {:?}\n", e.kind.code(), rel(e.range), fix));
    }
    out
}

/// Strings built from JSON's tokens and near-misses, to exercise recovery.
fn jsonish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"a\"",
        "\"b",
        "'c'",
        "1",
        "-2.5e3",
        "01",
        "tru",
        "null",
        "true",
        " ",
        "\n",
        "\r\n",
        "\t",
        "//x\n",
        "/*y*/",
        "/*",
        "\"\\u12\"",
        "\"\\x\"",
        "é",
        "\u{FEFF}",
        "@",
        "\"\t\"",
        "\\",
        "\"\\uD800\"",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn arbitrary_strings_parse_soundly(text in any::<String>()) {
        let parse = json::parse(&text);
        check_invariants(&parse, TextRange::new(0, text.len() as u32));
    }

    #[test]
    fn arbitrary_bytes_parse_soundly(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let text = String::from_utf8_lossy(&bytes);
        let parse = json::parse(&text);
        check_invariants(&parse, TextRange::new(0, text.len() as u32));
    }

    #[test]
    fn jsonish_strings_parse_soundly(text in jsonish()) {
        let parse = json::parse(&text);
        check_invariants(&parse, TextRange::new(0, text.len() as u32));
    }

    #[test]
    fn valid_json_round_trips_without_errors(
        value in value(),
        ws in prop::sample::select(vec!["", " ", "\n  ", "\r\n\t"]),
    ) {
        let mut text = String::new();
        render(&value, ws, &mut text);
        let parse = json::parse(&text);
        prop_assert_eq!(&parse.errors, &Vec::new(), "{}", text);
        let root = parse.tree.root().expect("root");
        prop_assert_eq!(to_value(&parse.tree, root), value);
        check_invariants(&parse, TextRange::new(0, text.len() as u32));
    }

    #[test]
    fn parse_range_equals_parse_shifted(
        prefix in any_text(),
        body in prop_oneof![jsonish(), value().prop_map(|v| { let mut s = String::new(); render(&v, " ", &mut s); s })],
        suffix in any_text(),
    ) {
        let text = format!("{prefix}{body}{suffix}");
        let start = prefix.len() as u32;
        let range = TextRange::new(start, start + body.len() as u32);
        let inner = json::parse_range(&text, range);
        check_invariants(&inner, range);
        prop_assert_eq!(dump(&inner, start), dump(&json::parse(&body), 0));
    }
}
