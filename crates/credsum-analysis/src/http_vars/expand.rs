//! Expansion: a range of the file turned into the text the client sends, with a source map.
//!
//! The expanded text is a list of segments, each from one place: a literal piece of the range,
//! a piece of a file variable's value (both copied byte for byte from the file), or the value of
//! an environment or system variable (no place in the file but the `{{ref}}` that uses it). A
//! reference whose value is unknown stays in the text as written, `{{name}}`, and is listed in
//! [`Expanded::unknowns`]; checks treat `{{` as "not known" the way they always have.

use credsum_syntax::http::variable_refs;
use credsum_syntax::TextRange;

use super::scope::{slice, Resolution, Scope, Why};

/// The longest expansion kept, in bytes; a longer one (`@b = {{a}}{{a}}` doubled many times) is
/// unknown instead of filling memory.
pub const MAX_EXPANSION: usize = 64 * 1024;

/// How deep variables may refer to variables before the value counts as unknown.
const MAX_DEPTH: usize = 32;

/// One piece of expanded text and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// Its start in the expanded text (it ends where the next one starts).
    out: u32,
    /// The file offset of its first byte when it is copied byte for byte from the file.
    exact: Option<u32>,
    /// Whether it is written in the expanded range itself (not in a variable's value).
    literal: bool,
    /// Where it shows in the expanded range: itself when literal, else the `{{ref}}` using it.
    site: TextRange,
}

/// A reference whose value cannot be known statically.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Unknown {
    /// The variable whose value is unknown (the innermost, when variables nest).
    pub name: String,
    /// The `{{ref}}` in the expanded range that depends on it.
    pub range: TextRange,
    /// Why it is unknown.
    pub why: Why,
}

/// Where a range of expanded text lands in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapTo {
    /// On the variable's value when it comes from one in the file (a host variable's `/v1.0`).
    Definition,
    /// On the `{{ref}}` that brings it in (a body value's type is a fact about the use).
    Use,
}

/// Text as the client sends it, with its source map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// The text sent.
    pub text: String,
    /// Its segments, by start.
    segments: Vec<Segment>,
    /// References whose value is unknown, in text order.
    pub unknowns: Vec<Unknown>,
    /// Where a JSON body is being expanded: whether the text so far ends inside a string.
    json: Option<JsonState>,
}

/// How far a JSON text has been scanned: inside a string, after a backslash.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct JsonState {
    /// Inside a string.
    in_string: bool,
    /// Right after a backslash inside a string.
    escaped: bool,
}

impl JsonState {
    /// The state after `piece`.
    fn after(mut self, piece: &str) -> JsonState {
        for b in piece.bytes() {
            match (self.in_string, self.escaped, b) {
                (true, true, _) => self.escaped = false,
                (true, false, b'\\') => self.escaped = true,
                (_, false, b'"') => self.in_string = !self.in_string,
                _ => {}
            }
        }
        self
    }
}

/// What stands for a reference of unknown value outside a JSON string, so the body stays JSON
/// and the value's own checks (skipped) are the only ones affected.
const JSON_UNKNOWN: &str = "null";

impl Expanded {
    /// Appends `piece` coming from `exact` (a file offset) and showing at `site`.
    fn push(&mut self, piece: &str, exact: Option<u32>, literal: bool, site: TextRange) {
        if piece.is_empty() {
            return;
        }
        self.segments.push(Segment {
            out: self.text.len() as u32,
            exact,
            literal,
            site,
        });
        self.text.push_str(piece);
        self.json = self.json.map(|j| j.after(piece));
    }

    /// Whether the text so far is JSON outside any string (where a `{{ref}}` left as written
    /// would break the body's syntax).
    fn outside_json_string(&self) -> bool {
        self.json.is_some_and(|j| !j.in_string)
    }

    /// Appends `other`, expanded from the file right after this one (segments keep their places).
    pub fn append(&mut self, other: Expanded) {
        let base = self.text.len() as u32;
        self.segments.extend(other.segments.iter().map(|s| Segment {
            out: base + s.out,
            ..*s
        }));
        self.text.push_str(&other.text);
        self.unknowns.extend(other.unknowns);
    }

    /// Appends another expansion standing for the reference `site`.
    fn inline(&mut self, other: &Expanded, site: TextRange) {
        if self.outside_json_string() && !other.unknowns.is_empty() {
            self.push(JSON_UNKNOWN, None, false, site);
            self.unknowns.extend(other.unknowns.iter().map(|u| Unknown {
                name: u.name.clone(),
                range: site,
                why: u.why,
            }));
            return;
        }
        let base = self.text.len() as u32;
        self.segments.extend(other.segments.iter().map(|s| Segment {
            out: base + s.out,
            exact: s.exact,
            literal: false,
            site,
        }));
        self.text.push_str(&other.text);
        self.json = self.json.map(|j| j.after(&other.text));
        self.unknowns.extend(other.unknowns.iter().map(|u| Unknown {
            name: u.name.clone(),
            range: site,
            why: u.why,
        }));
    }

    /// The end of segment `i` in the expanded text.
    fn end_of(&self, i: usize) -> u32 {
        self.segments
            .get(i + 1)
            .map_or(self.text.len() as u32, |s| s.out)
    }

    /// The segment holding byte `at` (an offset at a boundary belongs to the segment after it;
    /// the end of the text to the last segment).
    fn segment_at(&self, at: u32) -> Option<usize> {
        let after = self.segments.partition_point(|s| s.out <= at);
        after.checked_sub(1)
    }

    /// The file range of `range` (in the expanded text) when it lies in one segment copied byte
    /// for byte from the file (`to` [`MapTo::Use`]: one written in the expanded range itself).
    #[must_use]
    pub fn map_exact(&self, range: TextRange, to: MapTo) -> Option<TextRange> {
        let i = self.segment_at(range.start)?;
        let seg = self.segments[i];
        let fits = range.end <= self.end_of(i);
        let allowed = seg.literal || to == MapTo::Definition;
        let exact = seg.exact.filter(|_| fits && allowed)?;
        Some(TextRange::new(
            exact + (range.start - seg.out),
            exact + (range.end - seg.out),
        ))
    }

    /// The file range a range of the expanded text lands on (see [`MapTo`]): exact inside one
    /// segment copied from the file, else the places in the expanded range it comes from.
    #[must_use]
    pub fn map(&self, range: TextRange, to: MapTo) -> TextRange {
        if let Some(exact) = self.map_exact(range, to) {
            return exact;
        }
        let first = self.segment_at(range.start).unwrap_or(0);
        let last = self
            .segment_at(range.end.saturating_sub(1).max(range.start))
            .unwrap_or(first);
        (first..=last.max(first))
            .filter_map(|i| {
                let seg = self.segments.get(i)?;
                let part = TextRange::new(range.start.max(seg.out), range.end.min(self.end_of(i)));
                Some(self.map_exact(part, to).unwrap_or(seg.site))
            })
            .reduce(TextRange::cover)
            .unwrap_or_default()
    }
}

/// `text[range]` of the scope's file as the client sends it.
#[must_use]
pub fn expand(scope: &Scope<'_>, range: TextRange) -> Expanded {
    build(scope, range, true, None, 0, None)
}

/// A JSON body `text[range]` as the client sends it; a reference of unknown value outside a
/// string becomes `null`, so the body stays JSON (its position is in [`Expanded::unknowns`]).
#[must_use]
pub fn expand_body(scope: &Scope<'_>, range: TextRange) -> Expanded {
    build(scope, range, true, None, 0, Some(JsonState::default()))
}

/// Expands the value of file variable `index` (and first, the file variables it refers to that
/// are not expanded yet), storing it in the scope. `visiting` marks the variables being expanded,
/// so a cycle is found instead of followed.
pub(super) fn expand_value(
    scope: &mut Scope<'_>,
    index: usize,
    visiting: &mut [bool],
    depth: usize,
) {
    let value = scope.files[index].value;
    visiting[index] = true;
    for r in variable_refs(scope.text, value) {
        let inner = slice(scope.text, inner_range(r));
        if let Resolution::File(j) = scope.resolve(inner, r.start) {
            if scope.files[j].expanded.is_none() && !visiting[j] && depth < MAX_DEPTH {
                expand_value(scope, j, visiting, depth + 1);
            }
        }
    }
    let expanded = build(scope, value, false, Some(visiting), depth, None);
    scope.files[index].expanded = Some(expanded);
    visiting[index] = false;
}

/// The range between a reference's braces.
fn inner_range(r: TextRange) -> TextRange {
    TextRange::new(r.start + 2, r.end.saturating_sub(2).max(r.start + 2))
}

/// Expands `text[range]` of the file; `literal` when the range is the one checked (not a
/// variable's value).
fn build(
    scope: &Scope<'_>,
    range: TextRange,
    literal: bool,
    visiting: Option<&[bool]>,
    depth: usize,
    json: Option<JsonState>,
) -> Expanded {
    let text = scope.text;
    let mut out = Expanded {
        json,
        ..Expanded::default()
    };
    let mut at = range.start;
    for r in variable_refs(text, range) {
        out.push(
            slice(text, TextRange::new(at, r.start)),
            Some(at),
            literal,
            TextRange::new(at, r.start),
        );
        at = r.end;
        let inner = slice(text, inner_range(r)).trim();
        let sent = match scope.resolve(inner, r.start) {
            Resolution::File(j) => match scope.files[j].expanded.as_ref() {
                Some(e) if out.text.len() + e.text.len() <= MAX_EXPANSION => {
                    out.inline(e, r);
                    continue;
                }
                Some(_) => Err(Why::TooLarge),
                None if visiting.is_some_and(|v| v.get(j) == Some(&true)) => Err(Why::Cycle),
                None => Err(Why::TooLarge),
            },
            Resolution::Environment(var) => env_value(scope, &var.value, r.start, depth + 1),
            Resolution::System(_, value) => Ok(value),
            Resolution::Unknown(why) => Err(why),
        };
        match sent {
            Ok(value) if out.text.len() + value.len() <= MAX_EXPANSION => {
                out.push(&value, None, false, r);
            }
            result => {
                let why = result.err().unwrap_or(Why::TooLarge);
                if out.outside_json_string() {
                    out.push(JSON_UNKNOWN, None, false, r);
                } else {
                    out.push(slice(text, r), Some(r.start), literal, r);
                }
                out.unknowns.push(Unknown {
                    name: inner.to_owned(),
                    range: r,
                    why,
                });
            }
        }
    }
    out.push(
        slice(text, TextRange::new(at, range.end)),
        Some(at),
        literal,
        TextRange::new(at, range.end),
    );
    out
}

/// An environment variable's value with its own references resolved (environment values may
/// refer to other variables and to system variables); an error when any is unknown.
fn env_value(scope: &Scope<'_>, value: &str, at: u32, depth: usize) -> Result<String, Why> {
    if depth > MAX_DEPTH {
        return Err(Why::TooLarge);
    }
    let mut out = String::new();
    let mut from = 0;
    for r in variable_refs(value, TextRange::new(0, value.len() as u32)) {
        out.push_str(slice(value, TextRange::new(from, r.start)));
        from = r.end;
        let inner = slice(value, inner_range(r));
        let piece = match scope.resolve(inner, at) {
            Resolution::File(j) => scope.files[j]
                .expanded
                .as_ref()
                .filter(|e| e.unknowns.is_empty())
                .map(|e| e.text.clone())
                .ok_or(Why::TooLarge)?,
            Resolution::Environment(var) => env_value(scope, &var.value, at, depth + 1)?,
            Resolution::System(_, value) => value,
            Resolution::Unknown(why) => return Err(why),
        };
        out.push_str(&piece);
        if out.len() > MAX_EXPANSION {
            return Err(Why::TooLarge);
        }
    }
    out.push_str(slice(value, TextRange::new(from, value.len() as u32)));
    Ok(out)
}
