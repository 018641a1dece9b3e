//! Data-driven tests of the tolerant JSON parser: each case renders the tree and the errors
//! as compact text and compares it with an inline snapshot.

use std::fmt::Write;

use credsum_syntax::json::{self, JsonParse, NodeId, NodeKind};
use credsum_syntax::TextRange;

/// Renders the tree (kinds, ranges, member names, values) and the errors (code, range, the
/// text they cover, fix) of `parse`, checking parent links on the way.
fn render(parse: &JsonParse<'_>) -> String {
    let tree = &parse.tree;
    let text = tree.text();
    let mut out = String::new();
    match tree.root() {
        Some(root) => {
            assert_eq!(tree.parent(root), None);
            render_node(parse, root, 0, &mut out);
        }
        None => out.push_str("(no root)\n"),
    }
    for error in &parse.errors {
        let slice = &text[error.range.as_usize()];
        let _ = write!(
            out,
            "! {} {:?} `{}`",
            error.kind.code(),
            error.range,
            slice.escape_debug()
        );
        if let Some(fix) = &error.fix {
            let _ = write!(out, " fix {:?} => {:?}", fix.range, fix.replacement);
        }
        out.push('\n');
    }
    out
}

/// Renders one node and its children, indented by `depth`.
fn render_node(parse: &JsonParse<'_>, id: NodeId, depth: usize, out: &mut String) {
    let tree = &parse.tree;
    let range = tree.range(id);
    let _ = write!(out, "{:?} {:?}", tree.kind(id), range);
    match tree.kind(id) {
        NodeKind::String => {
            let value = tree.string_value(id).expect("string node has a value");
            let _ = write!(out, " {:?}", value.as_ref());
        }
        NodeKind::Number => {
            let _ = write!(
                out,
                " {}",
                tree.number_text(id).expect("number node has text")
            );
        }
        NodeKind::Bool => {
            let _ = write!(
                out,
                " {}",
                tree.bool_value(id).expect("bool node has a value")
            );
        }
        NodeKind::Null | NodeKind::Object | NodeKind::Array => {}
    }
    out.push('\n');
    let indent = "  ".repeat(depth + 1);
    for member in tree.members(id) {
        let colon = member
            .colon()
            .map_or("no colon".to_owned(), |c| format!("colon {c:?}"));
        let _ = write!(
            out,
            "{indent}{:?} key {:?} {colon} range {:?} = ",
            tree.name(member),
            member.key,
            member.range()
        );
        match member.value() {
            Some(value) => {
                assert_eq!(tree.parent(value), Some(id));
                assert_eq!(tree.member_of(value), Some(member));
                render_node(parse, value, depth + 1, out);
            }
            None => out.push_str("<none>\n"),
        }
    }
    for &element in tree.elements(id) {
        assert_eq!(tree.parent(element), Some(id));
        assert_eq!(tree.member_of(element), None);
        out.push_str(&indent);
        render_node(parse, element, depth + 1, out);
    }
}

/// Parses `input` and renders the result.
fn check(input: &str) -> String {
    render(&json::parse(input))
}

#[test]
fn empty_and_whitespace_have_no_root_and_no_error() {
    insta::assert_snapshot!(check(""), @"(no root)");
    insta::assert_snapshot!(check(" \r\n\t "), @"(no root)");
    insta::assert_snapshot!(check("\u{FEFF}"), @"(no root)");
}

#[test]
fn scalars() {
    insta::assert_snapshot!(check("42"), @"Number 0..2 42");
    insta::assert_snapshot!(check(" \"s\" "), @r#"String 1..4 "s""#);
    insta::assert_snapshot!(check("true"), @"Bool 0..4 true");
    insta::assert_snapshot!(check("false"), @"Bool 0..5 false");
    insta::assert_snapshot!(check("null"), @"Null 0..4");
    insta::assert_snapshot!(check("-0.5e+10"), @"Number 0..8 -0.5e+10");
    insta::assert_snapshot!(check("12345678901234567890.123456789012345678901e-400"), @"Number 0..47 12345678901234567890.123456789012345678901e-400");
}

#[test]
fn all_value_types() {
    insta::assert_snapshot!(
        check(r#"{"s": "x", "n": -1.5E3, "t": true, "f": false, "z": null, "o": {}, "a": [1, [2], []]}"#),
        @r#"
    Object 0..85
      "s" key 1..4 colon 4..5 range 1..9 = String 6..9 "x"
      "n" key 11..14 colon 14..15 range 11..22 = Number 16..22 -1.5E3
      "t" key 24..27 colon 27..28 range 24..33 = Bool 29..33 true
      "f" key 35..38 colon 38..39 range 35..45 = Bool 40..45 false
      "z" key 47..50 colon 50..51 range 47..56 = Null 52..56
      "o" key 58..61 colon 61..62 range 58..65 = Object 63..65
      "a" key 67..70 colon 70..71 range 67..84 = Array 72..84
        Number 73..74 1
        Array 76..79
          Number 77..78 2
        Array 81..83
    "#
    );
}

#[test]
fn nested_and_duplicates() {
    insta::assert_snapshot!(check(r#"{"a": {"b": [{"c": null}]}, "a": 2}"#), @r#"
    Object 0..35
      "a" key 1..4 colon 4..5 range 1..26 = Object 6..26
        "b" key 7..10 colon 10..11 range 7..25 = Array 12..25
          Object 13..24
            "c" key 14..17 colon 17..18 range 14..23 = Null 19..23
      "a" key 28..31 colon 31..32 range 28..34 = Number 33..34 2
    "#);
}

#[test]
fn escapes_and_unicode() {
    insta::assert_snapshot!(check(r#"["\"\\\/\b\f\n\r\t", "\u00e9\uD83D\uDE00", "plain"]"#), @r#"
    Array 0..51
      String 1..19 "\"\\/\u{8}\u{c}\n\r\t"
      String 21..41 "é😀"
      String 43..50 "plain"
    "#);
    insta::assert_snapshot!(check(r#"{"na\u00efve": 1, "naïve": "日本語 🎉"}"#), @r#"
    Object 0..45
      "naïve" key 1..13 colon 13..14 range 1..16 = Number 15..16 1
      "naïve" key 18..26 colon 26..27 range 18..44 = String 28..44 "日本語 🎉"
    "#);
}

#[test]
fn crlf_tabs_and_bom() {
    insta::assert_snapshot!(check("{\r\n\t\"a\": 1,\r\n\t\"b\": [true]\r\n}\r\n"), @r#"
    Object 0..28
      "a" key 4..7 colon 7..8 range 4..10 = Number 9..10 1
      "b" key 14..17 colon 17..18 range 14..25 = Array 19..25
        Bool 20..24 true
    "#);
    insta::assert_snapshot!(check("\u{FEFF}{\"a\": 1}"), @r#"
    Object 3..11
      "a" key 4..7 colon 7..8 range 4..10 = Number 9..10 1
    "#);
}

#[test]
fn parse_range_keeps_absolute_offsets() {
    let text = "PATCH /me\n\n{\"a\": [1]}\n\nnext";
    let start = text.find('{').expect("brace") as u32;
    let end = text.find('}').expect("brace") as u32 + 1;
    insta::assert_snapshot!(render(&json::parse_range(text, TextRange::new(start, end))), @r#"
    Object 11..21
      "a" key 12..15 colon 15..16 range 12..20 = Array 17..20
        Number 18..19 1
    "#);
    // Out-of-bounds and mid-char ranges are clamped, never a panic.
    insta::assert_snapshot!(render(&json::parse_range("\"é\"", TextRange::new(0, 2))), @r#"
    String 0..1 ""
    ! syntax-unterminated-string 0..1 `\"`
    "#);
    insta::assert_snapshot!(render(&json::parse_range("[1]", TextRange::new(1, 99))), @"
    Number 1..2 1
    ! syntax-trailing-content 2..3 `]`
    ");
}

#[test]
fn missing_comma() {
    insta::assert_snapshot!(check(r#"{"a": 1 "b": 2}"#), @r#"
    Object 0..15
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
      "b" key 8..11 colon 11..12 range 8..14 = Number 13..14 2
    ! syntax-missing-comma 8..11 `\"b\"` fix 7..7 => ","
    "#);
    insta::assert_snapshot!(check("[1 2\n3]"), @r#"
    Array 0..7
      Number 1..2 1
      Number 3..4 2
      Number 5..6 3
    ! syntax-missing-comma 3..4 `2` fix 2..2 => ","
    ! syntax-missing-comma 5..6 `3` fix 4..4 => ","
    "#);
}

#[test]
fn lead_example_recovers_every_member() {
    insta::assert_snapshot!(check(r#"{"a": 1 "b": 2, "c": tru, "d": 4}"#), @r#"
    Object 0..33
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
      "b" key 8..11 colon 11..12 range 8..14 = Number 13..14 2
      "c" key 16..19 colon 19..20 range 16..20 = <none>
      "d" key 26..29 colon 29..30 range 26..32 = Number 31..32 4
    ! syntax-missing-comma 8..11 `\"b\"` fix 7..7 => ","
    ! syntax-invalid-token 21..24 `tru`
    "#);
}

#[test]
fn trailing_comma() {
    insta::assert_snapshot!(check(r#"{"a": 1,}"#), @r#"
    Object 0..9
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
    ! syntax-trailing-comma 7..8 `,` fix 7..8 => ""
    "#);
    insta::assert_snapshot!(check("[1, 2, ]"), @r#"
    Array 0..8
      Number 1..2 1
      Number 4..5 2
    ! syntax-trailing-comma 5..6 `,` fix 5..6 => ""
    "#);
}

#[test]
fn comments() {
    insta::assert_snapshot!(check("{ // line\n\"a\": /* block */ 1}"), @r#"
    Object 0..29
      "a" key 10..13 colon 13..14 range 10..28 = Number 27..28 1
    ! syntax-comment 2..9 `// line` fix 2..9 => ""
    ! syntax-comment 15..26 `/* block */` fix 15..26 => ""
    "#);
    insta::assert_snapshot!(check("{\"a\": 1 /* never closed"), @r#"
    Object 0..7
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
    ! syntax-unclosed-object 0..1 `{`
    ! syntax-comment 8..23 `/* never closed`
    "#);
}

#[test]
fn unterminated_string_ends_at_end_of_line() {
    insta::assert_snapshot!(check("{\"a\": \"abc\n, \"b\": 2}"), @r#"
    Object 0..20
      "a" key 1..4 colon 4..5 range 1..10 = String 6..10 "abc"
      "b" key 13..16 colon 16..17 range 13..19 = Number 18..19 2
    ! syntax-unterminated-string 6..10 `\"abc`
    "#);
    insta::assert_snapshot!(check("{\"a\": \"abc\\\r\n}"), @r#"
    Object 0..14
      "a" key 1..4 colon 4..5 range 1..11 = String 6..11 "abc"
    ! syntax-unterminated-string 6..11 `\"abc\\`
    "#);
}

#[test]
fn unexpected_end() {
    insta::assert_snapshot!(check(r#"{"a": "#), @r#"
    Object 0..5
      "a" key 1..4 colon 4..5 range 1..5 = <none>
    ! syntax-unexpected-end 6..6 ``
    "#);
    insta::assert_snapshot!(check("[1,"), @"
    Array 0..3
      Number 1..2 1
    ! syntax-unexpected-end 3..3 ``
    ");
    insta::assert_snapshot!(check(r#"{"a""#), @r#"
    Object 0..4
      "a" key 1..4 no colon range 1..4 = <none>
    ! syntax-unexpected-end 4..4 ``
    "#);
}

#[test]
fn trailing_content() {
    insta::assert_snapshot!(check(r#"{"a": 1}}"#), @r#"
    Object 0..8
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
    ! syntax-trailing-content 8..9 `}`
    "#);
    insta::assert_snapshot!(check("1 2 3"), @"
    Number 0..1 1
    ! syntax-trailing-content 2..3 `2`
    ");
}

#[test]
fn missing_colon() {
    insta::assert_snapshot!(check(r#"{"a" 1}"#), @r#"
    Object 0..7
      "a" key 1..4 no colon range 1..6 = Number 5..6 1
    ! syntax-missing-colon 5..6 `1`
    "#);
    insta::assert_snapshot!(check("{\"a\"\n\"b\": 2}"), @r#"
    Object 0..12
      "a" key 1..4 no colon range 1..4 = <none>
      "b" key 5..8 colon 8..9 range 5..11 = Number 10..11 2
    ! syntax-missing-colon 5..8 `\"b\"`
    "#);
    insta::assert_snapshot!(check(r#"{"a"}"#), @r#"
    Object 0..5
      "a" key 1..4 no colon range 1..4 = <none>
    ! syntax-missing-colon 4..5 `}`
    "#);
}

#[test]
fn missing_value() {
    insta::assert_snapshot!(check(r#"{"a": }"#), @r#"
    Object 0..7
      "a" key 1..4 colon 4..5 range 1..5 = <none>
    ! syntax-missing-value 6..7 `}`
    "#);
    insta::assert_snapshot!(check(r#"{"a": , "b": 1}"#), @r#"
    Object 0..15
      "a" key 1..4 colon 4..5 range 1..5 = <none>
      "b" key 8..11 colon 11..12 range 8..14 = Number 13..14 1
    ! syntax-missing-value 6..7 `,`
    "#);
    insta::assert_snapshot!(check("[1,,2]"), @"
    Array 0..6
      Number 1..2 1
      Number 4..5 2
    ! syntax-missing-value 3..4 `,`
    ");
}

#[test]
fn property_name_expected() {
    insta::assert_snapshot!(check("{a: 1, 'b': 2, 3: 4}"), @r#"
    Object 0..20
      "a" key 1..2 colon 2..3 range 1..5 = Number 4..5 1
      "b" key 7..10 colon 10..11 range 7..13 = Number 12..13 2
      "3" key 15..16 colon 16..17 range 15..19 = Number 18..19 4
    ! syntax-property-name-expected 1..2 `a`
    ! syntax-property-name-expected 7..10 `\'b\'`
    ! syntax-property-name-expected 15..16 `3`
    "#);
    insta::assert_snapshot!(check("{,}"), @"
    Object 0..3
    ! syntax-property-name-expected 1..2 `,`
    ");
    insta::assert_snapshot!(check(r#"{"a": 1, [2], "c": 3}"#), @r#"
    Object 0..21
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
      "c" key 14..17 colon 17..18 range 14..20 = Number 19..20 3
    ! syntax-property-name-expected 9..10 `[`
    "#);
    insta::assert_snapshot!(check("{“a”: 1}"), @r#"
    Object 0..12
      "“a”" key 1..8 colon 8..9 range 1..11 = Number 10..11 1
    ! syntax-property-name-expected 1..8 `“a”`
    "#);
}

#[test]
fn invalid_token() {
    insta::assert_snapshot!(check(r#"{"c": tru, "u": undefined, "n": NaN}"#), @r#"
    Object 0..36
      "c" key 1..4 colon 4..5 range 1..5 = <none>
      "u" key 11..14 colon 14..15 range 11..15 = <none>
      "n" key 27..30 colon 30..31 range 27..31 = <none>
    ! syntax-invalid-token 6..9 `tru`
    ! syntax-invalid-token 16..25 `undefined`
    ! syntax-invalid-token 32..35 `NaN`
    "#);
    insta::assert_snapshot!(check(r#"{"a": 1]}"#), @r#"
    Object 0..9
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
    ! syntax-invalid-token 7..8 `]`
    "#);
    insta::assert_snapshot!(check(r#"{"a": @ 1}"#), @r#"
    Object 0..10
      "a" key 1..4 colon 4..5 range 1..9 = Number 8..9 1
    ! syntax-invalid-token 6..7 `@`
    "#);
    insta::assert_snapshot!(check("foo bar"), @"
    (no root)
    ! syntax-invalid-token 0..3 `foo`
    ");
    insta::assert_snapshot!(check("] {}"), @"
    Object 2..4
    ! syntax-invalid-token 0..1 `]`
    ");
}

#[test]
fn invalid_number() {
    insta::assert_snapshot!(check("[01, +1, .5, 1., 1e, -, 0x1F, -Infinity, 1.5e+3]"), @"
    Array 0..48
      Number 1..3 01
      Number 5..7 +1
      Number 9..11 .5
      Number 13..15 1.
      Number 17..19 1e
      Number 21..22 -
      Number 24..28 0x1F
      Number 30..39 -Infinity
      Number 41..47 1.5e+3
    ! syntax-invalid-number 1..3 `01`
    ! syntax-invalid-number 5..7 `+1`
    ! syntax-invalid-number 9..11 `.5`
    ! syntax-invalid-number 13..15 `1.`
    ! syntax-invalid-number 17..19 `1e`
    ! syntax-invalid-number 21..22 `-`
    ! syntax-invalid-number 24..28 `0x1F`
    ! syntax-invalid-number 30..39 `-Infinity`
    ");
}

#[test]
fn invalid_escape() {
    insta::assert_snapshot!(check(r#"["\x", "\é", "\u12", "\uD800", "\uDC00", "\uD800\u0041", "\'"]"#), @r#"
    Array 0..63
      String 1..5 "x"
      String 7..12 "é"
      String 14..20 "�"
      String 22..30 "�"
      String 32..40 "�"
      String 42..56 "�A"
      String 58..62 "'"
    ! syntax-invalid-escape 2..4 `\\x`
    ! syntax-invalid-escape 8..11 `\\é`
    ! syntax-invalid-escape 15..19 `\\u12`
    ! syntax-invalid-escape 23..29 `\\uD800`
    ! syntax-invalid-escape 33..39 `\\uDC00`
    ! syntax-invalid-escape 43..49 `\\uD800`
    ! syntax-invalid-escape 59..61 `\\\'`
    "#);
}

#[test]
fn control_character() {
    insta::assert_snapshot!(check("{\"a\tb\": \"x\u{1}\"}"), @r#"
    Object 0..13
      "a\tb" key 1..6 colon 6..7 range 1..12 = String 8..12 "x\u{1}"
    ! syntax-control-character 3..4 `\t`
    ! syntax-control-character 10..11 `\u{1}`
    "#);
}

#[test]
fn unclosed_object() {
    insta::assert_snapshot!(check(r#"{"a": 1"#), @r#"
    Object 0..7
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
    ! syntax-unclosed-object 0..1 `{`
    "#);
    insta::assert_snapshot!(check(r#"[{"a": 1], 2]"#), @r#"
    Array 0..9
      Object 1..8
        "a" key 2..5 colon 5..6 range 2..8 = Number 7..8 1
    ! syntax-unclosed-object 1..2 `{`
    ! syntax-trailing-content 9..10 `,`
    "#);
    insta::assert_snapshot!(check(r#"{"a": {"b": 1}"#), @r#"
    Object 0..14
      "a" key 1..4 colon 4..5 range 1..14 = Object 6..14
        "b" key 7..10 colon 10..11 range 7..13 = Number 12..13 1
    ! syntax-unclosed-object 0..1 `{`
    "#);
}

#[test]
fn unclosed_array() {
    insta::assert_snapshot!(check("[1, 2"), @"
    Array 0..5
      Number 1..2 1
      Number 4..5 2
    ! syntax-unclosed-array 0..1 `[`
    ");
    insta::assert_snapshot!(check(r#"{"a": [1}"#), @r#"
    Object 0..9
      "a" key 1..4 colon 4..5 range 1..8 = Array 6..8
        Number 7..8 1
    ! syntax-unclosed-array 6..7 `[`
    "#);
}

#[test]
fn single_quoted_string() {
    insta::assert_snapshot!(check(r#"{"a": 'b\'c'}"#), @r#"
    Object 0..13
      "a" key 1..4 colon 4..5 range 1..12 = String 6..12 "b'c"
    ! syntax-single-quoted-string 6..12 `\'b\\\'c\'`
    "#);
}

#[test]
fn key_on_new_line_after_garbage() {
    insta::assert_snapshot!(check("{\"a\": 1 @@ 2\n\"b\": 3}"), @r#"
    Object 0..20
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
      "b" key 13..16 colon 16..17 range 13..19 = Number 18..19 3
    ! syntax-invalid-token 8..9 `@`
    "#);
}

#[test]
fn every_error_kind_has_a_code_and_message() {
    let mut codes = std::collections::HashSet::new();
    for kind in json::SyntaxErrorKind::ALL {
        assert!(kind.code().starts_with("syntax-"), "{kind:?}");
        assert!(!kind.message().is_empty(), "{kind:?}");
        assert!(codes.insert(kind.code()), "duplicate code {}", kind.code());
    }
}

#[test]
fn fixes_apply_cleanly() {
    let text = "{\"a\": 1 \"b\": [2,], // note\n\"c\": 3,}";
    let parse = json::parse(text);
    let mut fixes: Vec<_> = parse.errors.iter().filter_map(|e| e.fix.clone()).collect();
    assert_eq!(fixes.len(), 4, "{:?}", parse.errors);
    fixes.sort_by_key(|fix| std::cmp::Reverse(fix.range.start));
    let mut fixed = text.to_owned();
    for fix in fixes {
        fixed.replace_range(fix.range.as_usize(), fix.replacement);
    }
    assert_eq!(fixed, "{\"a\": 1, \"b\": [2], \n\"c\": 3}");
    assert!(json::parse(&fixed).errors.is_empty());
}

#[test]
fn covering_node_finds_the_deepest_node() {
    let text = r#"{"a": [1, {"b": "xy"}], "c": true}"#;
    let parse = json::parse(text);
    let tree = &parse.tree;
    let at = |needle: &str| text.find(needle).expect("needle") as u32;
    let kind_at = |offset| tree.covering_node(offset).map(|id| tree.kind(id));
    assert_eq!(kind_at(0), Some(NodeKind::Object));
    assert_eq!(kind_at(at("\"a\"") + 1), Some(NodeKind::Object));
    assert_eq!(kind_at(at("[")), Some(NodeKind::Array));
    assert_eq!(kind_at(at("1")), Some(NodeKind::Number));
    assert_eq!(kind_at(at("1") + 1), Some(NodeKind::Number));
    assert_eq!(kind_at(at("1") + 2), Some(NodeKind::Array));
    assert_eq!(kind_at(at("xy")), Some(NodeKind::String));
    assert_eq!(kind_at(at("true") + 4), Some(NodeKind::Bool));
    assert_eq!(kind_at(text.len() as u32), Some(NodeKind::Object));
    assert_eq!(kind_at(text.len() as u32 + 1), None);
    let string = tree.covering_node(at("xy")).expect("node");
    assert_eq!(tree.member_of(string).map(|m| tree.name(m)), Some("b"));
    assert_eq!(json::parse("  ").tree.covering_node(0), None);
}

#[test]
fn next_key_on_new_line_is_not_taken_as_the_value() {
    insta::assert_snapshot!(check("{\"a\": \n  \"b\": 2}"), @r#"
    Object 0..16
      "a" key 1..4 colon 4..5 range 1..5 = <none>
      "b" key 9..12 colon 12..13 range 9..15 = Number 14..15 2
    ! syntax-missing-value 9..12 `\"b\"`
    "#);
    insta::assert_snapshot!(check("{\"a\":\n  \"b\"\n}"), @r#"
    Object 0..13
      "a" key 1..4 colon 4..5 range 1..11 = String 8..11 "b"
    "#);
}

#[test]
fn bad_word_values_do_not_cascade() {
    insta::assert_snapshot!(check("{\"a\": hello world, \"b\": 1}"), @r#"
    Object 0..26
      "a" key 1..4 colon 4..5 range 1..5 = <none>
      "b" key 19..22 colon 22..23 range 19..25 = Number 24..25 1
    ! syntax-invalid-token 6..11 `hello`
    "#);
    insta::assert_snapshot!(check("{\"a\": \"abc\n\"b\": 1}"), @r#"
    Object 0..18
      "a" key 1..4 colon 4..5 range 1..10 = String 6..10 "abc"
      "b" key 11..14 colon 14..15 range 11..17 = Number 16..17 1
    ! syntax-unterminated-string 6..10 `\"abc`
    "#);
}

#[test]
fn misplaced_tokens_are_reported_once_per_container() {
    insta::assert_snapshot!(check(r#"["a": 1, "b": 2, "c": 3]"#), @r#"
    Array 0..24
      String 1..4 "a"
      String 9..12 "b"
      String 17..20 "c"
    ! syntax-invalid-token 4..5 `:`
    "#);
    insta::assert_snapshot!(check(r#"{"a", "b", "c"}"#), @r#"
    Object 0..15
      "a" key 1..4 no colon range 1..4 = <none>
      "b" key 6..9 no colon range 6..9 = <none>
      "c" key 11..14 no colon range 11..14 = <none>
    ! syntax-missing-colon 4..5 `,`
    "#);
    insta::assert_snapshot!(check(r#"{"a": 1, [2], {"b": 3}, "c": 4}"#), @r#"
    Object 0..31
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
      "c" key 24..27 colon 27..28 range 24..30 = Number 29..30 4
    ! syntax-property-name-expected 9..10 `[`
    "#);
}

#[test]
fn guesses_only_between_proper_tokens() {
    // The bare word, invalid number or single-quoted string gets its own error instead.
    insta::assert_snapshot!(check(r#"{"a": 1 b: 2}"#), @r#"
    Object 0..13
      "a" key 1..4 colon 4..5 range 1..7 = Number 6..7 1
      "b" key 8..9 colon 9..10 range 8..12 = Number 11..12 2
    ! syntax-property-name-expected 8..9 `b`
    "#);
    insta::assert_snapshot!(check("[1 01]"), @"
    Array 0..6
      Number 1..2 1
      Number 3..5 01
    ! syntax-invalid-number 3..5 `01`
    ");
    insta::assert_snapshot!(check(r#"{"a" 01}"#), @r#"
    Object 0..8
      "a" key 1..4 no colon range 1..7 = Number 5..7 01
    ! syntax-invalid-number 5..7 `01`
    "#);
    // No gap between the tokens: reported once per container (a stray quote makes many).
    insta::assert_snapshot!(check(r#"{"a":1"b":2"c":3}"#), @r#"
    Object 0..17
      "a" key 1..4 colon 4..5 range 1..6 = Number 5..6 1
      "b" key 6..9 colon 9..10 range 6..11 = Number 10..11 2
      "c" key 11..14 colon 14..15 range 11..16 = Number 15..16 3
    ! syntax-missing-comma 6..9 `\"b\"` fix 6..6 => ","
    "#);
}

#[test]
fn stray_quote_does_not_cascade() {
    insta::assert_snapshot!(check(r#"{"a": "abc}"#), @r#"
    Object 0..11
      "a" key 1..4 colon 4..5 range 1..11 = String 6..11 "abc}"
    ! syntax-unterminated-string 6..11 `\"abc}`
    "#);
    insta::assert_snapshot!(check(r#"{"a":"x","b":"y"","c":"z","d":[1,"w"]}"#), @r#"
    Object 0..38
      "a" key 1..4 colon 4..5 range 1..8 = String 5..8 "x"
      "b" key 9..12 colon 12..13 range 9..16 = String 13..16 "y"
      "," key 16..19 no colon range 16..19 = <none>
    ! syntax-missing-comma 16..19 `\",\"` fix 16..16 => ","
    ! syntax-invalid-token 19..20 `c`
    "#);
}

#[test]
fn members_stay_small_and_escaped_keys_decode() {
    // A 10 MB body holds about 270,000 members: each byte here is a quarter megabyte there.
    assert_eq!(std::mem::size_of::<credsum_syntax::json::Member>(), 24);
    let text = r#"{"pl\u0061in": 1, "a\"b": 2, "\u00e9": 3, "ok": 4, "open"#;
    let parse = json::parse(text);
    let tree = &parse.tree;
    let names: Vec<&str> = tree
        .members(tree.root().unwrap())
        .iter()
        .map(|m| tree.name(m))
        .collect();
    assert_eq!(names, ["plain", "a\"b", "é", "ok", "open"]);
    // Keys that are not strings (an error) are named by their token, escapes or not: the
    // lexer's flag on a number means "invalid", not "escaped" (a property test found this).
    for (text, name) in [("{+:", "+"), ("{-1e: 2}", "-1e"), ("{tru: 1}", "tru")] {
        let parse = json::parse(text);
        let tree = &parse.tree;
        let members = tree.members(tree.root().unwrap());
        assert_eq!(tree.name(&members[0]), name, "{text}");
    }
}
