//! Conversion between byte offsets and line/column positions in UTF-8, UTF-16 or UTF-32.
//!
//! This is the one place where credsum converts positions. Lines end at `\n`, `\r\n` or a lone
//! `\r`, as the Language Server Protocol says. The index keeps the start and content end of every
//! line plus one entry for every character longer than one byte, each with running totals of the
//! code units it saves, so every conversion is a binary search, never a scan of the line: a 1 MB
//! minified one-line file costs the same per conversion as a short one.
//!
//! The module also holds the crate's line splitter (`lines`), so that the `.http` and Markdown
//! parsers end lines exactly where the index does.

use crate::TextRange;

/// The unit in which columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PositionEncoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (LSP's default): two for a character outside the Basic Multilingual
    /// Plane, one otherwise.
    Utf16,
    /// Unicode scalar values: one per character.
    Utf32,
}

/// A 0-based line and column; the column is counted in the code units of a [`PositionEncoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineCol {
    /// 0-based line number.
    pub line: u32,
    /// 0-based column, in code units of the encoding used.
    pub col: u32,
}

/// A character of two bytes or more, with the running totals of code units saved up to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WideChar {
    /// Byte offset of the character.
    offset: u32,
    /// Its length in UTF-8 bytes (2 to 4).
    len8: u8,
    /// UTF-8 bytes minus UTF-16 units, summed over every wide char up to and including this one.
    saved16: u32,
    /// UTF-8 bytes minus UTF-32 units, summed over every wide char up to and including this one.
    saved32: u32,
}

impl WideChar {
    /// Past-the-end byte offset.
    fn end(self) -> u32 {
        self.offset.saturating_add(u32::from(self.len8))
    }

    /// Length in code units of `enc`.
    fn units(self, enc: PositionEncoding) -> u32 {
        match enc {
            PositionEncoding::Utf8 => u32::from(self.len8),
            PositionEncoding::Utf16 => 1 + u32::from(self.len8 == 4),
            PositionEncoding::Utf32 => 1,
        }
    }

    /// Code units saved by all wide chars up to and including this one.
    fn saved_through(self, enc: PositionEncoding) -> u32 {
        match enc {
            PositionEncoding::Utf8 => 0,
            PositionEncoding::Utf16 => self.saved16,
            PositionEncoding::Utf32 => self.saved32,
        }
    }

    /// Code units saved by all wide chars before this one.
    fn saved_before(self, enc: PositionEncoding) -> u32 {
        let own = u32::from(self.len8) - self.units(enc);
        self.saved_through(enc) - own
    }
}

/// Line starts and wide characters of a text, for converting positions both ways.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Length of the text in bytes.
    len: u32,
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<u32>,
    /// Byte offset where each line's content ends (before its line break).
    ends: Vec<u32>,
    /// Every character longer than one byte, in text order.
    wide: Vec<WideChar>,
}

/// Bytes looked at together on the fast path for ASCII.
const CHUNK: usize = 16;

/// Whether a byte needs the slow path: a line break or part of a multi-byte character.
fn is_special(b: u8) -> bool {
    b >= 0x80 || b == b'\n' || b == b'\r'
}

/// Length in bytes of the UTF-8 character whose first byte is `lead` (1 for ASCII).
fn utf8_len(lead: u8) -> u8 {
    match lead {
        // ASCII, or a continuation byte (which never starts a char of a `str`): one byte.
        0x00..=0xBF => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
    }
}

/// Converts a byte count to `u32`, saturating (credsum never analyses texts of 4 GiB).
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl LineIndex {
    /// Indexes `text` in one pass over its bytes (ASCII runs are skipped 16 bytes at a time).
    #[must_use]
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let len = to_u32(bytes.len());
        let bytes = bytes.get(..len as usize).unwrap_or(bytes);
        let mut starts = vec![0];
        let mut ends = Vec::new();
        // Lead bytes of multi-byte chars: counting them first spares the vector's regrowth.
        let mut wide = Vec::with_capacity(count_lead_bytes(bytes));
        let (mut saved16, mut saved32) = (0u32, 0u32);
        let mut i = 0usize;
        while i < bytes.len() {
            if let Some(chunk) = bytes.get(i..i + CHUNK) {
                if !chunk.iter().fold(false, |acc, &b| acc | is_special(b)) {
                    i += CHUNK;
                    continue;
                }
            }
            // Something in this chunk needs a look: go through it byte by byte.
            let chunk_end = (i + CHUNK).min(bytes.len());
            while i < chunk_end {
                let b = bytes.get(i).copied().unwrap_or(0);
                match b {
                    b'\n' => {
                        ends.push(to_u32(i));
                        i += 1;
                        starts.push(to_u32(i));
                    }
                    b'\r' => {
                        ends.push(to_u32(i));
                        i += 1 + usize::from(bytes.get(i + 1) == Some(&b'\n'));
                        starts.push(to_u32(i));
                    }
                    0x00..=0x7F => i += 1,
                    _ => {
                        let len8 = utf8_len(b);
                        saved16 += u32::from(len8) - 1 - u32::from(len8 == 4);
                        saved32 += u32::from(len8) - 1;
                        let offset = to_u32(i);
                        wide.push(WideChar {
                            offset,
                            len8,
                            saved16,
                            saved32,
                        });
                        i += usize::from(len8);
                    }
                }
            }
        }
        ends.push(len);
        LineIndex {
            len,
            starts,
            ends,
            wide,
        }
    }

    /// Length of the text in bytes.
    #[must_use]
    pub fn len(&self) -> u32 {
        self.len
    }

    /// Whether the text is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of lines: one more than the number of line breaks (an empty text has one line).
    #[must_use]
    pub fn line_count(&self) -> u32 {
        to_u32(self.starts.len())
    }

    /// The content of `line` without its line break, or `None` past the last line.
    #[must_use]
    pub fn line_range(&self, line: u32) -> Option<TextRange> {
        let start = *self.starts.get(line as usize)?;
        let end = *self.ends.get(line as usize)?;
        Some(TextRange::new(start, end))
    }

    /// Index of the first wide char at or after `offset`.
    fn wide_at_or_after(&self, offset: u32) -> usize {
        self.wide.partition_point(|c| c.offset < offset)
    }

    /// Code units saved by the wide chars that end at or before the char boundary `offset`.
    fn saved_before(&self, offset: u32, enc: PositionEncoding) -> u32 {
        match self.wide_at_or_after(offset).checked_sub(1) {
            Some(i) => self.wide.get(i).map_or(0, |c| c.saved_through(enc)),
            None => 0,
        }
    }

    /// `offset` clamped to the text and moved back to the start of the char it falls inside.
    fn snap(&self, offset: u32) -> u32 {
        let offset = offset.min(self.len);
        match self
            .wide_at_or_after(offset)
            .checked_sub(1)
            .and_then(|i| self.wide.get(i))
        {
            Some(c) if offset < c.end() => c.offset,
            _ => offset,
        }
    }

    /// The line and column of `offset`.
    ///
    /// The offset is clamped to the text's length and moved back to the start of the char it
    /// falls inside; an offset between the `\r` and `\n` of a CRLF is taken as the `\r` (the line
    /// break is one position).
    #[must_use]
    pub fn line_col(&self, offset: u32, enc: PositionEncoding) -> LineCol {
        let offset = self.snap(offset);
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let end = self.ends.get(line).copied().unwrap_or(self.len);
        let offset = offset.min(end);
        let bytes = offset - start;
        let col = match enc {
            PositionEncoding::Utf8 => bytes,
            _ => bytes - (self.saved_before(offset, enc) - self.saved_before(start, enc)),
        };
        LineCol {
            line: to_u32(line),
            col,
        }
    }

    /// The byte offset of `pos`. Never panics: a line past the end gives the text's length, a
    /// column past the line's end gives the end of the line's content (before its line break),
    /// and a column inside a multi-unit char (between UTF-16 surrogates, inside a UTF-8
    /// sequence) gives that char's start.
    #[must_use]
    pub fn offset(&self, pos: LineCol, enc: PositionEncoding) -> u32 {
        let Some(line) = self.line_range(pos.line) else {
            return self.len;
        };
        if enc == PositionEncoding::Utf8 {
            return self.snap(line.start.saturating_add(pos.col).min(line.end));
        }
        let first = self.wide_at_or_after(line.start);
        let last = self.wide_at_or_after(line.end);
        let in_line = self.wide.get(first..last).unwrap_or(&[]);
        let base = self.saved_before(line.start, enc);
        // Column at which a wide char of this line starts.
        let unit_start = |c: &WideChar| (c.offset - line.start) - (c.saved_before(enc) - base);
        let before = in_line.partition_point(|c| unit_start(c) <= pos.col);
        let offset = match before.checked_sub(1).and_then(|i| in_line.get(i)) {
            None => line.start.saturating_add(pos.col),
            Some(c) => {
                let after = unit_start(c) + c.units(enc);
                if pos.col < after {
                    c.offset
                } else {
                    c.end().saturating_add(pos.col - after)
                }
            }
        };
        offset.min(line.end)
    }
}

/// One line of a text: its content and where the next line starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// Content of the line, without its line break.
    pub(crate) content: TextRange,
    /// Offset just after the line break (the content end when the text ends without one).
    pub(crate) next: u32,
}

/// The lines of `text[range]`, split like [`LineIndex`] splits them (`\n`, `\r\n`, lone `\r`).
///
/// A range that ends with a line break yields no empty last line; an empty range yields none.
/// `range` must lie inside the text on char boundaries (see [`clamp_range`]).
pub(crate) fn lines(text: &str, range: TextRange) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut pos = range.start;
    std::iter::from_fn(move || {
        if pos >= range.end {
            return None;
        }
        let start = pos;
        let rest = bytes.get(pos as usize..range.end as usize).unwrap_or(&[]);
        let (end, next) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            None => (range.end, range.end),
            Some(i) => {
                let end = start + to_u32(i);
                let crlf = rest.get(i) == Some(&b'\r') && rest.get(i + 1) == Some(&b'\n');
                (end, end + 1 + u32::from(crlf))
            }
        };
        pos = next;
        Some(Line {
            content: TextRange::new(start, end),
            next,
        })
    })
}

/// `range` clamped to `text`, its start moved forward and its end back to char boundaries (so
/// it never grows), so slicing with it never panics.
pub fn clamp_range(text: &str, range: TextRange) -> TextRange {
    let mut end = (range.end as usize).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = (range.start as usize).min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    TextRange::new(to_u32(start.min(end)), to_u32(end))
}

/// The text covered by `range`, or `""` when the range does not fit the text.
pub(crate) fn slice(text: &str, range: TextRange) -> &str {
    text.get(range.as_usize()).unwrap_or("")
}

/// `range` without leading and trailing ASCII whitespace (an empty range at its start if it is
/// all whitespace).
pub(crate) fn trim(text: &str, range: TextRange) -> TextRange {
    let bytes = slice(text, range).as_bytes();
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return TextRange::empty(range.start);
    };
    let last = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .unwrap_or(first);
    TextRange::new(range.start + to_u32(first), range.start + to_u32(last) + 1)
}

/// How many bytes start a multi-byte char (counted in chunks so that it vectorises).
fn count_lead_bytes(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b >= 0xC0))))
        .sum()
}
