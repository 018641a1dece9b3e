//! Applying fixes to a text.

use crate::diagnostic::{Diagnostic, Edit};

/// Applies every non-overlapping fix of `diagnostics` to `text` in one pass; overlapping or
/// out-of-range edits are skipped (a later run picks them up).
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut edits: Vec<&Edit> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| f.edits.iter())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0usize;
    for edit in edits {
        let range = edit.range.as_usize();
        if range.start < cursor
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            continue;
        }
        out.push_str(&text[cursor..range.start]);
        out.push_str(&edit.new_text);
        cursor = range.end;
    }
    out.push_str(&text[cursor..]);
    out
}
