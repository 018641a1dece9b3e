//! What the cursor is on inside a JSON body: a key of the body object (being typed or not yet
//! started), a member's value, or something else. Found by a small token scan from the body's
//! start to the cursor, so it works in broken text (`{"`, `{"ten`, `{"a": tru`) where the tree
//! has no node for what is being typed.

use credsum_syntax::json;
use credsum_syntax::TextRange;

/// Where a key of the body object goes or is being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyCursor {
    /// What a completion replaces: the key token typed so far (with its quotes when quoted),
    /// or an empty range at the cursor.
    pub replace: TextRange,
    /// The key text typed before the cursor (without the opening quote).
    pub prefix: String,
    /// Whether `replace` starts with a `"`.
    pub quoted: bool,
    /// Whether a `:` already follows the key (then only the key is inserted).
    pub has_colon: bool,
    /// Whether another member follows without a separating comma.
    pub needs_comma: bool,
    /// Where a comma is missing before the key: the end of the previous member's value, when
    /// the key starts a new line after it.
    pub missing_comma_at: Option<u32>,
    /// The names of the other members of the body object.
    pub existing: Vec<String>,
}

/// Where the value of a member of the body object goes or is being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueCursor {
    /// The member's key.
    pub key: String,
    /// What a completion replaces: the value token typed so far, or an empty range at the cursor.
    pub replace: TextRange,
    /// The value text typed before the cursor (without an opening quote).
    pub prefix: String,
    /// Whether the cursor sits right after the `:` (an insertion then starts with a space).
    pub after_colon: bool,
    /// Whether `replace` starts with a `"` (a string being typed).
    pub quoted: bool,
}

/// What the cursor is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CursorContext {
    /// A key position of the body object.
    Key(KeyCursor),
    /// A value position of a member of the body object.
    Value(ValueCursor),
    /// Anywhere else: outside the body object, inside a nested value, between a key and its colon.
    Other,
}

/// The last significant token seen at the body object's own level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Last {
    /// Nothing yet (before the body's `{`).
    Start,
    /// The body's `{`.
    Open,
    /// A `,`.
    Comma,
    /// A key string; the range is its token.
    Key(TextRange),
    /// A `:` after the key in the range.
    Colon(TextRange),
    /// A complete value, ending at the offset.
    Value(u32),
    /// The body's closing `}`, or a root that is not an object.
    Done,
}

/// Whether `b` can be part of a bare word: a literal, a number or an unquoted key.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'@' | b'.' | b'_' | b'-' | b'+' | b'$')
}

/// Classifies the cursor at byte `offset` of the JSON body `body` in `text`.
pub fn cursor_context(text: &str, body: TextRange, offset: u32) -> CursorContext {
    let bytes = text.as_bytes();
    let end = (body.end as usize).min(bytes.len());
    let offset = (offset as usize).clamp(body.start as usize, end);
    let mut depth = 0usize;
    let mut last = Last::Start;
    // Whether a line break came after the last token.
    let mut newline = false;
    let mut i = body.start as usize;
    while i < offset {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            newline = true;
            i += 1;
            continue;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let new_line = std::mem::replace(&mut newline, false);
        match b {
            b'"' => {
                let start = i;
                i += 1;
                let mut closed = false;
                while i < end {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => i += 1,
                    }
                }
                i = i.min(end);
                let inside = if closed { offset < i } else { offset <= i };
                if inside {
                    return at_token(text, body, depth, (last, new_line), start, offset, true);
                }
                if depth == 1 {
                    let token = TextRange::new(start as u32, i as u32);
                    last = match key_position(last, new_line) {
                        Some(_) => Last::Key(token),
                        None => Last::Value(i as u32),
                    };
                }
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth == 1 {
                    last = if b == b'{' && last == Last::Start {
                        Last::Open
                    } else {
                        Last::Done
                    };
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                last = match depth {
                    0 => Last::Done,
                    1 => Last::Value(i as u32 + 1),
                    _ => last,
                };
            }
            b',' if depth == 1 => last = Last::Comma,
            b':' if depth == 1 => {
                last = match last {
                    Last::Key(key) => Last::Colon(key),
                    _ => Last::Value(i as u32 + 1),
                }
            }
            _ if is_word_byte(b) => {
                let start = i;
                while i < end && is_word_byte(bytes[i]) {
                    i += 1;
                }
                if i >= offset {
                    return at_token(text, body, depth, (last, new_line), start, offset, false);
                }
                if depth == 1 {
                    last = match key_position(last, new_line) {
                        Some(_) => Last::Key(TextRange::new(start as u32, i as u32)),
                        None => Last::Value(i as u32),
                    };
                } else if depth == 0 {
                    last = Last::Done;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 1 {
        return CursorContext::Other;
    }
    let here = TextRange::empty(offset as u32);
    if let Last::Colon(key) = last {
        return value_cursor(text, key, here, String::new());
    }
    match key_position(last, newline) {
        Some(missing_comma_at) => {
            key_cursor(text, body, here, String::new(), false, missing_comma_at)
        }
        None => CursorContext::Other,
    }
}

/// Whether a token after `last` (with a line break between when `newline`) is a key: `None`
/// if not; `Some(None)` after `{` or `,`; `Some(Some(end))` on a new line after a value ending
/// at `end`, where a comma is missing.
fn key_position(last: Last, newline: bool) -> Option<Option<u32>> {
    match last {
        Last::Open | Last::Comma => Some(None),
        Last::Value(end) if newline => Some(Some(end)),
        _ => None,
    }
}

/// The context of a cursor inside (or right after) a token starting at `start`.
/// `(last, newline)` are the last token before it and whether a line break separates them.
fn at_token(
    text: &str,
    body: TextRange,
    depth: usize,
    (last, newline): (Last, bool),
    start: usize,
    offset: usize,
    quoted: bool,
) -> CursorContext {
    if depth != 1 {
        return CursorContext::Other;
    }
    let content_start = start + usize::from(quoted);
    let prefix = text[content_start..offset].to_owned();
    if let Last::Colon(key) = last {
        let end = value_token_end(text, body, offset, quoted);
        let replace = TextRange::new(start as u32, end as u32);
        return value_cursor(text, key, replace, prefix);
    }
    match key_position(last, newline) {
        Some(missing_comma_at) => {
            let end = key_token_end(text, body, offset, quoted);
            let replace = TextRange::new(start as u32, end as u32);
            key_cursor(text, body, replace, prefix, quoted, missing_comma_at)
        }
        None => CursorContext::Other,
    }
}

/// Where a key token being typed ends: the word after the cursor, and its closing quote.
fn key_token_end(text: &str, body: TextRange, offset: usize, quoted: bool) -> usize {
    let bytes = text.as_bytes();
    let end = (body.end as usize).min(bytes.len());
    let mut i = offset;
    while i < end && is_word_byte(bytes[i]) {
        i += 1;
    }
    if quoted && i < end && bytes[i] == b'"' {
        i += 1;
    }
    i
}

/// Where a value token being typed ends: a string to its closing quote (on the same line),
/// a bare word to its last word byte.
fn value_token_end(text: &str, body: TextRange, offset: usize, quoted: bool) -> usize {
    let bytes = text.as_bytes();
    let end = (body.end as usize).min(bytes.len());
    let mut i = offset;
    if quoted {
        while i < end && !matches!(bytes[i], b'"' | b'\n' | b'\r' | b',' | b'}') {
            i += 1;
        }
        if i < end && bytes[i] == b'"' {
            i += 1;
        }
    } else {
        while i < end && is_word_byte(bytes[i]) {
            i += 1;
        }
    }
    i
}

/// The first non-whitespace byte at or after `from` within the body, if any.
fn next_significant(text: &str, body: TextRange, from: usize, newlines: bool) -> Option<u8> {
    let bytes = text.as_bytes();
    let end = (body.end as usize).min(bytes.len());
    bytes[from.min(end)..end]
        .iter()
        .copied()
        .find(|b| !(matches!(b, b' ' | b'\t') || newlines && matches!(b, b'\n' | b'\r')))
}

/// A key cursor for `replace`, with the facts around it.
fn key_cursor(
    text: &str,
    body: TextRange,
    replace: TextRange,
    prefix: String,
    quoted: bool,
    missing_comma_at: Option<u32>,
) -> CursorContext {
    let after = replace.end as usize;
    let has_colon = next_significant(text, body, after, false) == Some(b':');
    let needs_comma = !has_colon && next_significant(text, body, after, true) == Some(b'"');
    let parse = json::parse_range(text, body);
    let tree = &parse.tree;
    let existing = tree
        .root()
        .map(|root| {
            tree.members(root)
                .iter()
                .filter(|m| m.key.start != replace.start || replace.is_empty())
                .map(|m| tree.name(m).to_owned())
                .collect()
        })
        .unwrap_or_default();
    CursorContext::Key(KeyCursor {
        replace,
        prefix,
        quoted,
        has_colon,
        needs_comma,
        missing_comma_at,
        existing,
    })
}

/// A value cursor for the member whose key token is `key`.
fn value_cursor(text: &str, key: TextRange, replace: TextRange, prefix: String) -> CursorContext {
    let raw = &text[key.as_usize()];
    let name = raw
        .strip_prefix('"')
        .map(|r| r.strip_suffix('"').unwrap_or(r))
        .unwrap_or(raw);
    let after_colon = replace.is_empty() && text[..replace.start as usize].ends_with(':');
    let quoted = !replace.is_empty() && text.as_bytes().get(replace.start as usize) == Some(&b'"');
    CursorContext::Value(ValueCursor {
        key: name.to_owned(),
        replace,
        prefix,
        after_colon,
        quoted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context at the `$0` marker of `fixture`.
    fn at(fixture: &str) -> CursorContext {
        let offset = fixture.find("$0").unwrap();
        let text = fixture.replace("$0", "");
        cursor_context(&text, TextRange::new(0, text.len() as u32), offset as u32)
    }

    #[test]
    fn keys_in_broken_objects() {
        let CursorContext::Key(k) = at(r#"{"$0"#) else {
            panic!()
        };
        assert_eq!(
            (k.replace, k.quoted, k.prefix.as_str()),
            (TextRange::new(1, 2), true, "")
        );
        let CursorContext::Key(k) = at(r#"{"ten$0}"#) else {
            panic!()
        };
        assert_eq!(
            (k.replace, k.prefix.as_str()),
            (TextRange::new(1, 5), "ten")
        );
        let CursorContext::Key(k) = at(r#"{"$0"}"#) else {
            panic!()
        };
        assert_eq!(k.replace, TextRange::new(1, 3));
        let CursorContext::Key(k) = at(r#"{$0}"#) else {
            panic!()
        };
        assert_eq!(k.replace, TextRange::empty(1));
        let CursorContext::Key(k) = at(r#"{"te$0nantId": 1, "a": 2}"#) else {
            panic!()
        };
        assert!(k.has_colon);
        assert_eq!(k.existing, ["a"]);
        let CursorContext::Key(k) = at("{$0\n  \"a\": 1}") else {
            panic!()
        };
        assert!(k.needs_comma);
        assert_eq!(k.missing_comma_at, None);
        let CursorContext::Key(k) = at("{\"a\": 1\n  \"te$0") else {
            panic!()
        };
        assert_eq!((k.missing_comma_at, k.prefix.as_str()), (Some(7), "te"));
        let CursorContext::Key(k) = at("{\"a\": {}\n  $0\n}") else {
            panic!()
        };
        assert_eq!(k.missing_comma_at, Some(8));
    }

    #[test]
    fn values_and_others() {
        let CursorContext::Value(v) = at(r#"{"a": tr$0}"#) else {
            panic!()
        };
        assert_eq!((v.key.as_str(), v.prefix.as_str()), ("a", "tr"));
        assert_eq!(v.replace, TextRange::new(6, 8));
        let CursorContext::Value(v) = at(r#"{"a": "en$0abled", "b": 1}"#) else {
            panic!()
        };
        assert_eq!(v.replace, TextRange::new(6, 15));
        assert_eq!(at(r#"{"a" $0: 1}"#), CursorContext::Other);
        assert_eq!(at(r#"{"a": {"$0"#), CursorContext::Other);
        assert_eq!(at("{\"a\": 1 \"$0"), CursorContext::Other);
        assert_eq!(at(r#"{} $0"#), CursorContext::Other);
        assert_eq!(at(r#"$0{}"#), CursorContext::Other);
        assert!(matches!(at(r#"{"a": $0"#), CursorContext::Value(_)));
    }
}
