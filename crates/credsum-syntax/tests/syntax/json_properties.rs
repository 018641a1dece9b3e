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
                    let value = m.value().expect("member value");
                    (tree.name(m).to_owned(), to_value(tree, value))
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
        stack.extend(tree.members(id).iter().rev().filter_map(|m| m.value()));
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
            assert_sound(text, range, member.range(), "member");
            assert!(member.range().start >= previous_end, "members overlap");
            previous_end = member.range().end;
            assert!(member.range().contains_range(member.key));
            if let Some(colon) = member.colon() {
                assert!(member.range().contains_range(colon));
            }
            if let Some(value) = member.value() {
                assert!(member.range().contains_range(tree.range(value)));
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
            let colon = m.colon().map(rel);
            out.push_str(&format!(
                " {:?} {} {:?} {}\n",
                tree.name(m),
                rel(m.key),
                colon,
                rel(m.range())
            ));
        }
    }
    for e in &parse.errors {
        let fix = e.fix.as_ref().map(|f| (rel(f.range), f.replacement));
        out.push_str(&format!("! {} {} {:?}\n", e.kind.code(), rel(e.range), fix));
    }
    out
}

/// A strict RFC 8259 validator (recursive: for small inputs only), the oracle for "no
/// errors exactly when valid". Like the parser, it skips a leading BOM and rejects lone
/// surrogate escapes.
mod oracle {
    /// Whether `text` is one valid JSON value with optional whitespace around it.
    pub fn is_valid(text: &str) -> bool {
        let bytes = text.strip_prefix('\u{FEFF}').unwrap_or(text).as_bytes();
        let mut i = ws(bytes, 0);
        match value(bytes, i) {
            Some(end) => {
                i = ws(bytes, end);
                i == bytes.len()
            }
            None => false,
        }
    }

    fn ws(b: &[u8], mut i: usize) -> usize {
        while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        i
    }

    fn value(b: &[u8], i: usize) -> Option<usize> {
        match b.get(i)? {
            b'{' => seq(b, i + 1, b'}', |b, i| {
                let i = ws(b, string(b, i)?);
                (b.get(i) == Some(&b':')).then_some(())?;
                value(b, ws(b, i + 1))
            }),
            b'[' => seq(b, i + 1, b']', value),
            b'"' => string(b, i),
            b't' => b[i..].starts_with(b"true").then_some(i + 4),
            b'f' => b[i..].starts_with(b"false").then_some(i + 5),
            b'n' => b[i..].starts_with(b"null").then_some(i + 4),
            _ => number(b, i),
        }
    }

    fn seq(
        b: &[u8],
        i: usize,
        close: u8,
        item: impl Fn(&[u8], usize) -> Option<usize>,
    ) -> Option<usize> {
        let mut i = ws(b, i);
        if b.get(i) == Some(&close) {
            return Some(i + 1);
        }
        loop {
            i = ws(b, item(b, i)?);
            match b.get(i)? {
                b',' => i = ws(b, i + 1),
                c if *c == close => return Some(i + 1),
                _ => return None,
            }
        }
    }

    fn string(b: &[u8], i: usize) -> Option<usize> {
        (b.get(i) == Some(&b'"')).then_some(())?;
        let mut i = i + 1;
        let mut pending_high = false;
        loop {
            let c = *b.get(i)?;
            let is_low = c == b'\\'
                && b.get(i + 1) == Some(&b'u')
                && hex(b, i + 2).is_some_and(|u| (0xDC00..0xE000).contains(&u));
            if pending_high && !is_low {
                return None;
            }
            match c {
                b'"' => return Some(i + 1),
                0..=0x1f => return None,
                b'\\' => match *b.get(i + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                    b'u' => {
                        let unit = hex(b, i + 2)?;
                        if (0xDC00..0xE000).contains(&unit) && !pending_high {
                            return None;
                        }
                        pending_high = (0xD800..0xDC00).contains(&unit);
                        i += 6;
                    }
                    _ => return None,
                },
                _ => i += 1,
            }
        }
    }

    fn hex(b: &[u8], i: usize) -> Option<u32> {
        let digits = std::str::from_utf8(b.get(i..i + 4)?).ok()?;
        digits
            .bytes()
            .all(|d| d.is_ascii_hexdigit())
            .then(|| u32::from_str_radix(digits, 16).ok())?
    }

    fn number(b: &[u8], mut i: usize) -> Option<usize> {
        let digits = |mut i: usize| {
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            (i > start).then_some(i)
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        i = match b.get(i)? {
            b'0' => i + 1,
            b'1'..=b'9' => digits(i)?,
            _ => return None,
        };
        if b.get(i) == Some(&b'.') {
            i = digits(i + 1)?;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            i = digits(i)?;
        }
        // A number must not run into letters or digits (`01`, `1a`).
        (!b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.'))
        .then_some(i)
    }
}

#[test]
fn oracle_agrees_with_the_rfc_on_known_cases() {
    for valid in [
        "0",
        "-0.5e+3",
        " [1, {\"a\": [true, null]}] ",
        "\"\\uD83D\\uDE00\\n\"",
        "{}",
    ] {
        assert!(oracle::is_valid(valid), "{valid}");
    }
    for invalid in [
        "",
        "01",
        "[1,]",
        "{\"a\" 1}",
        "\"\\uD83D\"",
        "\"\t\"",
        "tru",
        "1 2",
        "{'a': 1}",
        "[1",
    ] {
        assert!(!oracle::is_valid(invalid), "{invalid}");
    }
}

/// Whether the parser should report no error: valid JSON, or blank text (no root, no error).
fn accepted(text: &str) -> bool {
    let blank = text
        .strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .trim_matches([' ', '\t', '\n', '\r'])
        .is_empty();
    blank || oracle::is_valid(text)
}

/// The most errors any single-character edit (deletion, or insertion of a quote, bracket,
/// comma, colon or letter) causes in a minified object of `n` escape-laden members.
fn worst_single_edit(n: usize) -> usize {
    let mut text = String::from("{");
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#""\u20{i:02}\u0041{i}":"\u0000 x, \"q\": {i}","n{i}":{{"\u0030":[{i},"a"]}}"#
        ));
    }
    text.push('}');
    let mut worst = 0;
    for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
        for edit in ["", "\"", "{", "}", "[", "]", ",", ":", "x"] {
            let mut edited = text.clone();
            if edit.is_empty() {
                edited.remove(at);
            } else {
                edited.insert_str(at, edit);
            }
            worst = worst.max(json::parse(&edited).errors.len());
        }
    }
    worst
}

#[test]
fn errors_from_one_edit_do_not_grow_with_the_document() {
    let small = worst_single_edit(2);
    assert!(small <= 6, "{small}");
    assert_eq!(worst_single_edit(12), small);
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
        prop_assert_eq!(parse.errors.is_empty(), accepted(&text));
    }

    #[test]
    fn arbitrary_bytes_parse_soundly(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let text = String::from_utf8_lossy(&bytes);
        let parse = json::parse(&text);
        check_invariants(&parse, TextRange::new(0, text.len() as u32));
        prop_assert_eq!(parse.errors.is_empty(), accepted(&text));
    }

    #[test]
    fn jsonish_strings_parse_soundly(text in jsonish()) {
        let parse = json::parse(&text);
        check_invariants(&parse, TextRange::new(0, text.len() as u32));
        prop_assert_eq!(parse.errors.is_empty(), accepted(&text), "{:?}: {:?}", text, parse.errors);
    }

    #[test]
    fn valid_json_round_trips_without_errors(
        value in value(),
        ws in prop::sample::select(vec!["", " ", "\n  ", "\r\n\t"]),
    ) {
        let mut text = String::new();
        render(&value, ws, &mut text);
        prop_assert!(oracle::is_valid(&text), "oracle rejects {}", text);
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

    #[test]
    fn one_edit_causes_few_errors(
        value in value(),
        ws in prop::sample::select(vec!["", " ", "\n  "]),
        at in any::<prop::sample::Index>(),
        edit in prop::sample::select(vec!["", "", "", ",", ":", "{", "}", "[", "]", "\"", "'", "x", "1", "/"]),
    ) {
        let mut text = String::new();
        render(&value, ws, &mut text);
        let boundaries: Vec<usize> = (0..text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        prop_assume!(!boundaries.is_empty());
        let i = boundaries[at.index(boundaries.len())];
        let mut edited = text.clone();
        if edit.is_empty() {
            edited.remove(i);
        } else {
            edited.insert_str(i, edit);
        }
        let parse = json::parse(&edited);
        check_invariants(&parse, TextRange::new(0, edited.len() as u32));
        prop_assert_eq!(parse.errors.is_empty(), accepted(&edited), "{:?}", edited);
        prop_assert!(parse.errors.len() <= 6, "{} errors for {:?}: {:#?}", parse.errors.len(), edited, parse.errors);
    }
}
