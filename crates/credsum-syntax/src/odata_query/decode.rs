//! Percent-decoding of one query option's name or value, as Graph reads a URL: `%XX` escapes
//! become bytes, `+` becomes a space (ASP.NET's query decoding), and the bytes must then be
//! UTF-8. The decoded text keeps a sparse map back to the source (one entry per escape), so a
//! position in the decoded text becomes a byte range of the request text.

use crate::line_index::to_u32;
use crate::TextRange;

use super::{QueryError, QueryErrorKind};

/// A decoded piece of a query and the way back to its source bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text (an invalid escape stays as written; a byte that is not UTF-8 reads `?`).
    pub text: String,
    /// Source offset of the decoded text's first byte.
    base: u32,
    /// Decoded offsets of the bytes that came from a `%XX` escape, ascending.
    escapes: Vec<u32>,
}

impl Decoded {
    /// The source offset of decoded offset `at` (an escaped byte maps to its `%`).
    pub fn source(&self, at: usize) -> u32 {
        let at = to_u32(at);
        let before = to_u32(self.escapes.partition_point(|&e| e < at));
        self.base + at + 2 * before
    }

    /// Whether the decoded byte at `at` was written as a `%XX` escape.
    pub(crate) fn is_escaped(&self, at: usize) -> bool {
        self.escapes.binary_search(&to_u32(at)).is_ok()
    }

    /// The source range of the decoded range `start..end`.
    pub fn range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.source(start), self.source(end))
    }
}

/// Decodes `text[range]`; findings (bad escapes, bytes that are not UTF-8) go to `errors`.
pub(crate) fn decode(
    text: &str,
    range: TextRange,
    plus_is_space: bool,
    errors: &mut Vec<QueryError>,
) -> Decoded {
    let raw = text.get(range.as_usize()).unwrap_or("").as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut escapes = Vec::new();
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        match b {
            b'%' => match (raw.get(i + 1), raw.get(i + 2)) {
                (Some(&h), Some(&l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                    escapes.push(to_u32(bytes.len()));
                    bytes.push(hex(h) * 16 + hex(l));
                    i += 3;
                    continue;
                }
                _ => {
                    // `%` and what would be its two digits, widened to a whole character
                    // (a bad escape may be followed by a multi-byte character).
                    let mut end = (i + 3).min(raw.len());
                    while raw.get(end).is_some_and(|b| b & 0xC0 == 0x80) {
                        end += 1;
                    }
                    let shown = String::from_utf8_lossy(&raw[i..end]).into_owned();
                    errors.push(QueryError::new(
                        QueryErrorKind::InvalidPercentEncoding,
                        TextRange::new(range.start + to_u32(i), range.start + to_u32(end)),
                        format!("`{shown}` is not a percent-escape: `%` must be followed by two hex digits (write `%25` for a `%`)"),
                    ));
                    bytes.push(b'%');
                }
            },
            b'+' if plus_is_space => bytes.push(b' '),
            _ => bytes.push(b),
        }
        i += 1;
    }
    let mut decoded = Decoded {
        text: String::new(),
        base: range.start,
        escapes,
    };
    decoded.text = utf8(bytes, &decoded, errors);
    decoded
}

/// The bytes as text; each maximal run of bytes that is not UTF-8 is reported and reads `?`
/// (one per byte, so decoded offsets keep their meaning).
fn utf8(mut bytes: Vec<u8>, map: &Decoded, errors: &mut Vec<QueryError>) -> String {
    let mut from = 0;
    loop {
        match std::str::from_utf8(bytes.get(from..).unwrap_or(&[])) {
            Ok(_) => break,
            Err(e) => {
                let start = from + e.valid_up_to();
                let end = e.error_len().map_or(bytes.len(), |n| start + n);
                errors.push(QueryError::new(
                    QueryErrorKind::InvalidUtf8,
                    map.range(start, end),
                    "The decoded bytes are not UTF-8: Graph cannot read this text".to_owned(),
                ));
                for b in bytes.get_mut(start..end).into_iter().flatten() {
                    *b = b'?';
                }
                from = end;
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// The value of an ASCII hex digit.
fn hex(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> (Decoded, Vec<QueryError>) {
        let mut errors = Vec::new();
        let d = decode(s, TextRange::new(0, to_u32(s.len())), true, &mut errors);
        (d, errors)
    }

    #[test]
    fn escapes_map_back_to_their_percent() {
        let (d, errors) = run("a%20b+c%C3%A9d");
        assert!(errors.is_empty());
        assert_eq!(d.text, "a b céd");
        assert_eq!(d.source(1), 1);
        assert_eq!(d.source(2), 4);
        assert_eq!(d.source(5), 7);
        assert_eq!(d.source(7), 13);
        assert_eq!(d.source(8), 14);
    }

    #[test]
    fn bad_escapes_and_bytes_are_findings() {
        let (d, errors) = run("%zz%4");
        assert_eq!(d.text, "%zz%4");
        assert_eq!(errors.len(), 2);
        let (d, errors) = run("a%FFb");
        assert_eq!(d.text, "a?b");
        assert_eq!(errors.first().map(|e| e.range), Some(TextRange::new(1, 4)));
    }

    #[test]
    fn a_bad_escape_before_a_multi_byte_character_ends_on_its_boundary() {
        // Found by the odata_query fuzz target: `%`, then U+FFFD (three bytes), then `0`.
        let s = "a%\u{FFFD}0%27";
        let (_, errors) = run(s);
        let range = errors.first().map(|e| e.range).expect("a finding");
        assert_eq!(range, TextRange::new(1, 5));
        assert!(s.is_char_boundary(range.end as usize));
    }
}
