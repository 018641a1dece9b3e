//! Request targets: splitting a URL into origin, path and query, and finding `{{variable}}`
//! references. `{{...}}` references are never split: a `/` or `?` inside one is not a delimiter.

use std::ops::Range;

use crate::line_index::{clamp_range, slice, to_u32};
use crate::TextRange;

/// A request target split into its parts; `{{var}}` and `{placeholder}` stay in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetParts {
    /// `scheme://authority`, or a leading `{{var}}` (plus anything up to the first `/`, `?` or
    /// `#`) standing for it; `None` for a target starting with `/` or a bare path.
    pub origin: Option<TextRange>,
    /// From the end of the origin to the `?` or `#` (may be empty).
    pub path: TextRange,
    /// After the `?`, without it, up to any `#`; `None` when there is no `?`.
    pub query: Option<TextRange>,
}

/// Splits the target `text[target]` into origin, path and query (a `#fragment` belongs to
/// none of them). A range outside the text is clamped to it.
#[must_use]
pub fn split_target(text: &str, target: TextRange) -> TargetParts {
    let target = clamp_range(text, target);
    let s = slice(text, target);
    let at = |i: usize| target.start + to_u32(i);
    let refs: Vec<Range<usize>> = variable_refs(text, target)
        .into_iter()
        .map(|r| (r.start - target.start) as usize..(r.end - target.start) as usize)
        .collect();
    let starts_with_ref = refs.first().is_some_and(|r| r.start == 0);
    let origin_prefix = scheme_len(s)
        .map(|n| n + 3)
        .or(starts_with_ref.then_some(0));
    let origin_end = origin_prefix.map(|prefix| find_outside(s, &refs, prefix, b"/?#"));
    let path_start = origin_end.unwrap_or(0);
    let path_end = find_outside(s, &refs, path_start, b"?#");
    let query = (s.as_bytes().get(path_end) == Some(&b'?')).then(|| {
        let query_end = find_outside(s, &refs, path_end + 1, b"#");
        TextRange::new(at(path_end + 1), at(query_end))
    });
    TargetParts {
        origin: origin_end.map(|end| TextRange::new(target.start, at(end))),
        path: TextRange::new(at(path_start), at(path_end)),
        query,
    }
}

/// Length of a leading `scheme` followed by `://`, if `s` starts so.
fn scheme_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let len = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.'))?;
    let starts_with_letter = bytes.first().is_some_and(u8::is_ascii_alphabetic);
    (starts_with_letter && s.get(len..)?.starts_with("://")).then_some(len)
}

/// Index of the first byte of `s` at or after `from` that is one of `delims` and lies in none
/// of the (sorted) `refs`, or `s.len()`.
fn find_outside(s: &str, refs: &[Range<usize>], from: usize, delims: &[u8]) -> usize {
    let bytes = s.as_bytes();
    let mut refs = refs.iter().skip_while(|r| r.end <= from).peekable();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match refs.peek() {
            Some(r) if r.start <= i => {
                i = i.max(r.end);
                refs.next();
            }
            _ if delims.contains(&b) => return i,
            _ => i += 1,
        }
    }
    s.len()
}

/// The `{{name}}` references in `text[range]`, each range covering the braces. A reference
/// neither spans lines nor holds `{{`: with more than two `{`, it starts at the last two. A
/// range outside the text is clamped to it. Linear in the range's length.
#[must_use]
pub fn variable_refs(text: &str, range: TextRange) -> Vec<TextRange> {
    let range = clamp_range(text, range);
    let s = slice(text, range);
    let mut refs = Vec::new();
    let mut from = 0;
    // Each `}}` closes the last `{{` before it, if any since the previous reference.
    while let Some(close) = s.get(from..).and_then(|rest| rest.find("}}")) {
        let close = from + close;
        let before = s.get(from..close).unwrap_or("");
        if let Some(open) = before.rfind("{{") {
            let inner = before.get(open + 2..).unwrap_or("");
            if !inner.contains(['\n', '\r']) {
                let at = |i: usize| range.start + to_u32(i);
                refs.push(TextRange::new(at(from + open), at(close + 2)));
            }
        }
        from = close + 2;
    }
    refs
}
