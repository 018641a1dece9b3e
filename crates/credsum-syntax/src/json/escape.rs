//! String contents: validating and decoding backslash escapes, sharing one escape reader.

use std::borrow::Cow;

use super::error::{SyntaxError, SyntaxErrorKind};
use crate::TextRange;

/// What one backslash escape stands for.
enum Escape {
    /// A valid escape for this character.
    Char(char),
    /// An invalid escape, decoded leniently as `replacement` (if any).
    Invalid(Option<char>),
    /// A backslash at the very end of an unterminated string: covered by that error already.
    Dangling,
}

/// Reads the escape whose backslash is at byte `i` of `text`, not reading at or past `end`.
/// Returns what it stands for and the byte offset right after it (always a char boundary).
fn read_escape(text: &str, i: usize, end: usize, quote: u8) -> (Escape, usize) {
    let bytes = text.as_bytes();
    let Some(&b) = bytes.get(i + 1).filter(|_| i + 1 < end) else {
        return (Escape::Dangling, i + 1);
    };
    let simple = match b {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'\'' if quote == b'\'' => '\'',
        b'u' => return read_unicode_escape(bytes, i, end),
        _ => {
            let c = text[i + 1..].chars().next().unwrap_or('\\');
            return (Escape::Invalid(Some(c)), i + 1 + c.len_utf8());
        }
    };
    (Escape::Char(simple), i + 2)
}

/// Reads up to four hex digits at `at`; returns their value and how many there were.
fn hex4(bytes: &[u8], at: usize, end: usize) -> (u32, usize) {
    let mut value = 0;
    let mut count = 0;
    while count < 4 && at + count < end {
        let Some(digit) = (bytes[at + count] as char).to_digit(16) else {
            break;
        };
        value = value * 16 + digit;
        count += 1;
    }
    (value, count)
}

/// Reads a `\uXXXX` escape (with its low surrogate `\uXXXX` when it starts a pair).
fn read_unicode_escape(bytes: &[u8], i: usize, end: usize) -> (Escape, usize) {
    let (high, count) = hex4(bytes, i + 2, end);
    if count < 4 {
        return (
            Escape::Invalid(Some(char::REPLACEMENT_CHARACTER)),
            i + 2 + count,
        );
    }
    let after = i + 6;
    if (0xD800..0xDC00).contains(&high) {
        if bytes.get(after..after + 2) == Some(b"\\u") && after + 6 <= end {
            let (low, count) = hex4(bytes, after + 2, end);
            if count == 4 && (0xDC00..0xE000).contains(&low) {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                if let Some(c) = char::from_u32(code) {
                    return (Escape::Char(c), after + 6);
                }
            }
        }
        return (Escape::Invalid(Some(char::REPLACEMENT_CHARACTER)), after);
    }
    match char::from_u32(high) {
        Some(c) => (Escape::Char(c), after),
        None => (Escape::Invalid(Some(char::REPLACEMENT_CHARACTER)), after),
    }
}

/// Reports invalid escapes and raw control characters in the string contents
/// `text[start..end]` (quotes excluded); `quote` is the opening quote byte.
pub(crate) fn validate(
    text: &str,
    start: usize,
    end: usize,
    quote: u8,
    errors: &mut Vec<SyntaxError>,
) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if b == b'\\' {
            let (escape, next) = read_escape(text, i, end, quote);
            if let Escape::Invalid(_) = escape {
                errors.push(SyntaxError::new(
                    SyntaxErrorKind::InvalidEscape,
                    range(i, next),
                ));
            }
            i = next;
        } else {
            if b < 0x20 {
                errors.push(SyntaxError::new(
                    SyntaxErrorKind::ControlCharacter,
                    range(i, i + 1),
                ));
            }
            i += 1;
        }
    }
}

/// Decodes the string contents `text[start..end]`: borrowed when there is no escape.
/// Invalid escapes decode leniently: `\x` as `x`, a bad or lone-surrogate `\u` as U+FFFD.
pub(crate) fn decode(text: &str, start: usize, end: usize) -> Cow<'_, str> {
    let raw = &text[start..end];
    let Some(first) = raw.find('\\') else {
        return Cow::Borrowed(raw);
    };
    let mut out = String::with_capacity(raw.len());
    let mut copied = start;
    let mut i = start + first;
    while i < end {
        if text.as_bytes()[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&text[copied..i]);
        // Quote `'` accepts `\'`; in a double-quoted string it decodes to `'` all the same.
        let (escape, next) = read_escape(text, i, end, b'\'');
        match escape {
            Escape::Char(c) | Escape::Invalid(Some(c)) => out.push(c),
            Escape::Invalid(None) | Escape::Dangling => {}
        }
        i = next;
        copied = next;
    }
    out.push_str(&text[copied.min(end)..end]);
    Cow::Owned(out)
}

/// A [`TextRange`] from `usize` offsets (the parser keeps texts under 4 GiB).
pub(crate) fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(start as u32, end as u32)
}
