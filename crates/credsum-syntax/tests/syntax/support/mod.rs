//! Helpers shared by the `http_file` and `markdown_blocks` tests: ranges rendered with the text
//! they cover.

use credsum_syntax::TextRange;

/// `"slice"@start..end`, after checking that the range fits the text on char boundaries.
pub fn show(text: &str, range: TextRange) -> String {
    let slice = text
        .get(range.as_usize())
        .unwrap_or_else(|| panic!("bad range {range:?}"));
    format!("{slice:?}@{range:?}")
}

/// [`show`] for an optional range; `-` for `None`.
pub fn show_opt(text: &str, range: Option<TextRange>) -> String {
    range.map_or("-".to_string(), |r| show(text, r))
}
