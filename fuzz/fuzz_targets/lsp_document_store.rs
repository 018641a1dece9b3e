//! Fuzzes the language server's document store (`credsum_lsp::document::Document`) under a
//! random sequence of `didChange` notifications: incremental edits whose positions may lie past
//! the end of a line or of the text or inside a multi-unit character, full replacements, and
//! UTF-8, UTF-16 or UTF-32 position encodings. After every notification the store's text must
//! equal a plain `String` edited by the reference model below, which resolves positions with the
//! documented clamping rules on its own (no ropey, no `LineIndex`), and the store's line index
//! must equal one built afresh from that text.
#![no_main]

use arbitrary::Arbitrary;
use credsum_lsp::convert::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use credsum_lsp::document::Document;
use credsum_syntax::line_index::{LineIndex, PositionEncoding};
use libfuzzer_sys::fuzz_target;

/// Texts that make edits interesting: line breaks of every kind, characters of 2, 3 and 4
/// bytes (a 4-byte one is a UTF-16 surrogate pair), JSON punctuation.
const PIECES: &[&str] = &[
    "",
    "\n",
    "\r",
    "\r\n",
    "\n\r",
    "é",
    "コ",
    "😀",
    "{",
    "}",
    "\"",
    ":",
    ",",
    " ",
    "x",
    "\"totalUserCount\": 1,\n",
    "😀\r\n😀",
];

/// The whole fuzz input: the opening text, the client's encoding, and the notifications.
#[derive(Arbitrary, Debug)]
struct Input {
    initial: Text,
    encoding: Encoding,
    notifications: Vec<Vec<Change>>,
}

/// The negotiated position encoding.
#[derive(Arbitrary, Clone, Copy, Debug)]
enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

/// A text: one of [`PIECES`], arbitrary text, or a piece repeated.
#[derive(Arbitrary, Debug)]
enum Text {
    Piece(u8),
    Raw(String),
    Repeat(u8, u8),
}

/// A line or column: usually small (inside or just past the text), sometimes anything.
#[derive(Arbitrary, Clone, Copy, Debug)]
enum Coord {
    Small(u8),
    Any(u32),
}

/// One content change of a `didChange`.
#[derive(Arbitrary, Debug)]
enum Change {
    /// Replace `start..end` with the text (positions may be reversed or out of range).
    Edit {
        start: (Coord, Coord),
        end: (Coord, Coord),
        text: Text,
    },
    /// Replace the whole document (no range).
    Full(Text),
}

impl Text {
    fn render(&self) -> String {
        match self {
            Text::Piece(i) => PIECES[*i as usize % PIECES.len()].to_owned(),
            Text::Raw(s) => s.clone(),
            Text::Repeat(i, n) => PIECES[*i as usize % PIECES.len()].repeat(*n as usize % 16),
        }
    }
}

impl Coord {
    fn value(self) -> u32 {
        match self {
            Coord::Small(v) => u32::from(v),
            Coord::Any(v) => v,
        }
    }
}

impl Encoding {
    fn store(self) -> PositionEncoding {
        match self {
            Encoding::Utf8 => PositionEncoding::Utf8,
            Encoding::Utf16 => PositionEncoding::Utf16,
            Encoding::Utf32 => PositionEncoding::Utf32,
        }
    }

    /// Code units of `c` in this encoding.
    fn units(self, c: char) -> u64 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u64,
            Encoding::Utf16 => c.len_utf16() as u64,
            Encoding::Utf32 => 1,
        }
    }
}

/// Where the line break starting at `i` (a `\n`, `\r\n` or lone `\r`) ends.
fn after_break(bytes: &[u8], i: usize) -> usize {
    if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
        i + 2
    } else {
        i + 1
    }
}

/// The reference model of position resolution, written from the LSP rules and the clamping
/// documented on `LineIndex::offset`: lines end at `\n`, `\r\n` or a lone `\r`; a line past the
/// last gives the text's length; a column past the line's content gives the content's end
/// (before the line break); a column inside a multi-unit character gives its start.
fn offset(text: &str, line: u32, col: u32, enc: Encoding) -> usize {
    let bytes = text.as_bytes();
    let is_break = |b: &u8| *b == b'\n' || *b == b'\r';
    let mut start = 0;
    for _ in 0..line {
        match bytes[start..].iter().position(is_break) {
            Some(i) => start = after_break(bytes, start + i),
            None => return text.len(),
        }
    }
    let end = bytes[start..]
        .iter()
        .position(is_break)
        .map_or(text.len(), |i| start + i);
    let mut units = 0u64;
    for (i, c) in text[start..end].char_indices() {
        let width = enc.units(c);
        if u64::from(col) < units + width {
            return start + i;
        }
        units += width;
    }
    end
}

fuzz_target!(|input: Input| {
    let uri: Uri = "file:///fuzz/body.json".parse().expect("a valid URI");
    let mut expected = input.initial.render();
    let mut doc = Document::new(&uri, "json", &expected, 0);
    assert_eq!(doc.text().as_ref(), expected);
    let enc = input.encoding;
    for (n, notification) in input.notifications.iter().take(64).enumerate() {
        let version = n as i32 + 1;
        let mut changes = Vec::new();
        for change in notification.iter().take(8) {
            let event = match change {
                Change::Full(text) => {
                    let text = text.render();
                    expected = text.clone();
                    TextDocumentContentChangeEvent {
                        range: None,
                        range_length: None,
                        text,
                    }
                }
                Change::Edit { start, end, text } => {
                    let text = text.render();
                    let (sl, sc) = (start.0.value(), start.1.value());
                    let (el, ec) = (end.0.value(), end.1.value());
                    let from = offset(&expected, sl, sc, enc);
                    // A range whose end comes before its start is taken as empty at the start.
                    let to = offset(&expected, el, ec, enc).max(from);
                    expected.replace_range(from..to, &text);
                    TextDocumentContentChangeEvent {
                        range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
                        range_length: None,
                        text,
                    }
                }
            };
            changes.push(event);
        }
        doc.apply_changes(&changes, version, enc.store());
        assert_eq!(
            doc.text().as_ref(),
            expected,
            "after notification {version} ({changes:?}) in {enc:?}"
        );
        assert_eq!(doc.version, version);
        assert_eq!(
            **doc.index(),
            LineIndex::new(&expected),
            "the line index follows the text"
        );
    }
});
