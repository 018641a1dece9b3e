//! A YAML writer for JSON values whose output every YAML reader loads back to the same JSON:
//! YAML 1.1 readers (PyYAML `safe_load`) and YAML 1.2 readers (js-yaml, serde_norway) alike.
//!
//! A string is written plain only when it cannot be read as anything else under either version
//! (no timestamps, booleans such as `yes`/`on`, numbers, nulls or indicators); every other string
//! is double-quoted with JSON's escapes, which YAML's double-quoted style shares.

use std::fmt::Write;

use serde_json::Value;

/// Renders `value` as block-style YAML, ending with a newline.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_mapping(&mut out, value, 0),
        Value::Array(items) if !items.is_empty() => write_sequence(&mut out, value, 0),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

/// Writes the entries of a non-empty mapping, each on its own line at `indent`.
fn write_mapping(out: &mut String, value: &Value, indent: usize) {
    let Value::Object(map) = value else { return };
    for (key, item) in map {
        let _ = write!(out, "{:indent$}{}:", "", scalar_string(key));
        write_nested(out, item, indent + 2, false);
    }
}

/// Writes the items of a non-empty sequence, each on its own line at `indent`.
fn write_sequence(out: &mut String, value: &Value, indent: usize) {
    let Value::Array(items) = value else { return };
    for item in items {
        let _ = write!(out, "{:indent$}-", "");
        write_nested(out, item, indent + 2, true);
    }
}

/// Writes `value` after a `key:` or `-` already on the line: scalars and empty collections on
/// the same line, collections below at `indent` (a sequence item's first entry on its dash line).
fn write_nested(out: &mut String, value: &Value, indent: usize, in_sequence: bool) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            if in_sequence {
                let mut nested = String::new();
                write_mapping(&mut nested, value, indent);
                out.push(' ');
                out.push_str(&nested[indent..]);
            } else {
                out.push('\n');
                write_mapping(out, value, indent);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_sequence(out, value, indent);
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
}

/// A scalar or an empty collection on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// `text` plain when that is unambiguous, else double-quoted.
fn scalar_string(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// Words YAML 1.1 or 1.2 reads as booleans or null, in any letter case.
const RESERVED_WORDS: &[&str] = &["true", "false", "yes", "no", "on", "off", "y", "n", "null"];

/// Whether `text` reads back as this very string when written plain under YAML 1.1 and 1.2: it
/// starts with a letter, `_`, `$` or `/` (so it is no number, timestamp or indicator), holds only
/// letters, digits, spaces and `_ $ / . , ( ) - + ' =` (no `:` or `#`, which end or comment a
/// plain scalar), does not end with a space and is not a reserved word.
fn is_plain_safe(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || matches!(first, '_' | '$' | '/'))
        && chars.all(|c| c.is_ascii_alphanumeric() || " _$/.,()-+'=".contains(c))
        && !text.ends_with(' ')
        && !RESERVED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ambiguous_strings_are_quoted_and_safe_ones_plain() {
        let doc = json!({
            "examples": ["2021-07-11T11:15:52.9375367Z", "yes", "No", "1.0", "0777", "1:20", "~", "", " x"],
            "plain": ["openapi", "/a/b", "$ref", "Update widget", "x-ms-pageable"],
            "@odata.type": "#microsoft.graph.entity",
            "2XX": { "description": "Success: 204" },
            "empty": { "map": {}, "list": [] },
            "items": [{ "a": 1, "b": [true, null] }, 2.5],
        });
        let yaml = to_string(&doc);
        insta::assert_snapshot!(yaml);
        let back: Value = serde_norway::from_str(&yaml).expect("YAML parses");
        assert_eq!(back, doc);
    }
}
