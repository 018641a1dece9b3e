//! Tests of `line_index`: offsets to line/column and back in UTF-8, UTF-16 and UTF-32.

use credsum_syntax::line_index::{LineCol, LineIndex, PositionEncoding};
use insta::assert_snapshot;
use proptest::prelude::*;

use crate::hang_guard::within_hang_guard;

const ENCODINGS: [PositionEncoding; 3] = [
    PositionEncoding::Utf8,
    PositionEncoding::Utf16,
    PositionEncoding::Utf32,
];

/// Renders the lines of `text` and, for every char boundary, `offset char line:utf8,utf16,utf32`
/// (checking on the way that each position converts back to its offset).
fn check(text: &str) -> String {
    let index = LineIndex::new(text);
    let mut out = format!("len {} lines {}\n", index.len(), index.line_count());
    for line in 0..index.line_count() {
        let range = index.line_range(line).unwrap();
        out += &format!("line {line} {range:?} {:?}\n", &text[range.as_usize()]);
    }
    let boundaries = text
        .char_indices()
        .map(|(i, c)| (i, Some(c)))
        .chain([(text.len(), None)]);
    for (offset, c) in boundaries {
        let offset = offset as u32;
        let cols: Vec<String> = ENCODINGS
            .iter()
            .map(|&enc| {
                let pos = index.line_col(offset, enc);
                if !is_inside_crlf(text, offset) {
                    assert_eq!(index.offset(pos, enc), offset, "{enc:?} {pos:?}");
                }
                format!("{}:{}", pos.line, pos.col)
            })
            .collect();
        let c = c.map_or("EOF".to_string(), |c| format!("{c:?}"));
        out += &format!("{offset} {c} {}\n", cols.join(" "));
    }
    out
}

/// Whether `offset` falls between the `\r` and `\n` of a CRLF.
fn is_inside_crlf(text: &str, offset: u32) -> bool {
    let o = offset as usize;
    o > 0 && text.as_bytes().get(o - 1) == Some(&b'\r') && text.as_bytes().get(o) == Some(&b'\n')
}

/// Renders `offset(line:col)` in each encoding for each position.
fn check_offsets(text: &str, positions: &[(u32, u32)]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for &(line, col) in positions {
        let offsets: Vec<String> = ENCODINGS
            .iter()
            .map(|&enc| index.offset(LineCol { line, col }, enc).to_string())
            .collect();
        out += &format!("{line}:{col} -> {}\n", offsets.join(" "));
    }
    out
}

#[test]
fn empty_text() {
    assert_snapshot!(check(""), @r#"
    len 0 lines 1
    line 0 0..0 ""
    0 EOF 0:0 0:0 0:0
    "#);
}

#[test]
fn ascii_without_final_newline() {
    assert_snapshot!(check("ab\ncd"), @r#"
    len 5 lines 2
    line 0 0..2 "ab"
    line 1 3..5 "cd"
    0 'a' 0:0 0:0 0:0
    1 'b' 0:1 0:1 0:1
    2 '\n' 0:2 0:2 0:2
    3 'c' 1:0 1:0 1:0
    4 'd' 1:1 1:1 1:1
    5 EOF 1:2 1:2 1:2
    "#);
}

#[test]
fn final_newline_makes_an_empty_last_line() {
    assert_snapshot!(check("a\n"), @r#"
    len 2 lines 2
    line 0 0..1 "a"
    line 1 2..2 ""
    0 'a' 0:0 0:0 0:0
    1 '\n' 0:1 0:1 0:1
    2 EOF 1:0 1:0 1:0
    "#);
}

#[test]
fn emoji_takes_two_utf16_units() {
    assert_snapshot!(check("a😀b\n😀"), @r#"
    len 11 lines 2
    line 0 0..6 "a😀b"
    line 1 7..11 "😀"
    0 'a' 0:0 0:0 0:0
    1 '😀' 0:1 0:1 0:1
    5 'b' 0:5 0:3 0:2
    6 '\n' 0:6 0:4 0:3
    7 '😀' 1:0 1:0 1:0
    11 EOF 1:4 1:2 1:1
    "#);
}

#[test]
fn cjk_takes_one_utf16_unit() {
    assert_snapshot!(check("中文x"), @r#"
    len 7 lines 1
    line 0 0..7 "中文x"
    0 '中' 0:0 0:0 0:0
    3 '文' 0:3 0:1 0:1
    6 'x' 0:6 0:2 0:2
    7 EOF 0:7 0:3 0:3
    "#);
}

#[test]
fn combining_chars_count_on_their_own() {
    assert_snapshot!(check("e\u{301}x"), @r#"
    len 4 lines 1
    line 0 0..4 "e\u{301}x"
    0 'e' 0:0 0:0 0:0
    1 '\u{301}' 0:1 0:1 0:1
    3 'x' 0:3 0:2 0:2
    4 EOF 0:4 0:3 0:3
    "#);
}

#[test]
fn crlf_and_lone_cr_end_lines() {
    assert_snapshot!(check("a\r\nb\rc\n\r\nd"), @r#"
    len 10 lines 5
    line 0 0..1 "a"
    line 1 3..4 "b"
    line 2 5..6 "c"
    line 3 7..7 ""
    line 4 9..10 "d"
    0 'a' 0:0 0:0 0:0
    1 '\r' 0:1 0:1 0:1
    2 '\n' 0:1 0:1 0:1
    3 'b' 1:0 1:0 1:0
    4 '\r' 1:1 1:1 1:1
    5 'c' 2:0 2:0 2:0
    6 '\n' 2:1 2:1 2:1
    7 '\r' 3:0 3:0 3:0
    8 '\n' 3:0 3:0 3:0
    9 'd' 4:0 4:0 4:0
    10 EOF 4:1 4:1 4:1
    "#);
}

#[test]
fn bom_is_an_ordinary_char() {
    assert_snapshot!(check("\u{feff}{}"), @r#"
    len 5 lines 1
    line 0 0..5 "\u{feff}{}"
    0 '\u{feff}' 0:0 0:0 0:0
    3 '{' 0:3 0:1 0:1
    4 '}' 0:4 0:2 0:2
    5 EOF 0:5 0:3 0:3
    "#);
}

#[test]
fn offset_inside_a_char_snaps_back() {
    let text = "a😀中\r\nb";
    let index = LineIndex::new(text);
    let rendered: Vec<String> = (0..=text.len() as u32 + 3)
        .map(|o| {
            let p = index.line_col(o, PositionEncoding::Utf16);
            format!("{o}->{}:{}", p.line, p.col)
        })
        .collect();
    assert_snapshot!(rendered.join(" "), @"0->0:0 1->0:1 2->0:1 3->0:1 4->0:1 5->0:3 6->0:3 7->0:3 8->0:4 9->0:4 10->1:0 11->1:1 12->1:1 13->1:1 14->1:1");
}

#[test]
fn out_of_range_positions() {
    // Columns are tried in each encoding: utf8 utf16 utf32.
    let text = "a😀b\r\nxy";
    assert_snapshot!(check_offsets(text, &[
        (0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 100),
        (1, 0), (1, 2), (1, 3), (1, u32::MAX), (2, 0), (u32::MAX, u32::MAX),
    ]), @"
    0:0 -> 0 0 0
    0:1 -> 1 1 1
    0:2 -> 1 1 5
    0:3 -> 1 5 6
    0:4 -> 1 6 6
    0:5 -> 5 6 6
    0:6 -> 6 6 6
    0:7 -> 6 6 6
    0:100 -> 6 6 6
    1:0 -> 8 8 8
    1:2 -> 10 10 10
    1:3 -> 10 10 10
    1:4294967295 -> 10 10 10
    2:0 -> 10 10 10
    4294967295:4294967295 -> 10 10 10
    ");
}

#[test]
fn line_range_past_the_end_is_none() {
    let index = LineIndex::new("a\nb");
    assert_eq!(
        index.line_range(1),
        Some(credsum_syntax::TextRange::new(2, 3))
    );
    assert_eq!(index.line_range(2), None);
    assert_eq!(index.line_range(u32::MAX), None);
}

// 200,000 conversions on one line of a megabyte: a scan of the line per conversion would be 2 x
// 10^11 bytes read, far past the hang guard; the index answers them in milliseconds.
#[test]
fn minified_megabyte_line_is_fast() {
    let mut text = String::from("{\"a\":\"");
    while text.len() < 1_000_000 {
        text.push_str("abcdefghij😀中é0123456789");
    }
    text.push_str("\"}");
    let sum = within_hang_guard(move || {
        let index = LineIndex::new(&text);
        let len = index.len();
        let mut sum = 0u64;
        for i in 0..200_000u32 {
            let offset = (u64::from(i) * 7919 * 71 % u64::from(len)) as u32;
            let pos = index.line_col(offset, PositionEncoding::Utf16);
            sum += u64::from(index.offset(pos, PositionEncoding::Utf16));
        }
        sum
    });
    assert!(sum > 0);
}

/// Line and column of `offset` computed the slow, obvious way.
fn naive_line_col(text: &str, offset: usize, enc: PositionEncoding) -> LineCol {
    let (mut line, mut col) = (0u32, 0u32);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        let next_is_lf = chars.peek().is_some_and(|&(_, n)| n == '\n');
        if c == '\n' || (c == '\r' && !next_is_lf) {
            line += 1;
            col = 0;
        } else if c != '\r' {
            col += match enc {
                PositionEncoding::Utf8 => c.len_utf8() as u32,
                PositionEncoding::Utf16 => c.len_utf16() as u32,
                PositionEncoding::Utf32 => 1,
            };
        }
    }
    LineCol { line, col }
}

fn interesting_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ab \r\n😀中é\u{301}\u{feff}\u{7ff}\u{800}\u{ffff}\u{10000}]{0,40}",
        any::<String>(),
    ]
}

fn any_encoding() -> impl Strategy<Value = PositionEncoding> {
    prop_oneof![
        Just(PositionEncoding::Utf8),
        Just(PositionEncoding::Utf16),
        Just(PositionEncoding::Utf32),
    ]
}

proptest! {
    #[test]
    fn every_char_boundary_round_trips(text in interesting_text(), enc in any_encoding()) {
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let pos = index.line_col(offset as u32, enc);
            prop_assert_eq!(pos, naive_line_col(&text, offset, enc));
            if !is_inside_crlf(&text, offset as u32) {
                prop_assert_eq!(index.offset(pos, enc), offset as u32);
            }
        }
    }

    #[test]
    fn any_input_gives_a_char_boundary_in_the_text(
        text in interesting_text(),
        enc in any_encoding(),
        offset in 0u32..60,
        line in prop_oneof![0u32..5, Just(u32::MAX)],
        col in prop_oneof![0u32..60, Just(u32::MAX)],
    ) {
        let index = LineIndex::new(&text);
        let pos = index.line_col(offset, enc);
        prop_assert!(pos.line < index.line_count());
        let back = index.offset(LineCol { line, col }, enc);
        prop_assert!(back as usize <= text.len() && text.is_char_boundary(back as usize));
        if let Some(range) = index.line_range(line) {
            prop_assert!(range.contains_inclusive(back));
            let content = &text[range.as_usize()];
            prop_assert!(!content.contains(['\r', '\n']));
        }
    }

    #[test]
    fn line_col_is_monotonic(text in interesting_text(), enc in any_encoding(), a in 0u32..60, b in 0u32..60) {
        let index = LineIndex::new(&text);
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(index.line_col(lo, enc) <= index.line_col(hi, enc));
    }
}
