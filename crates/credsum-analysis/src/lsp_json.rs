//! A diagnostic as the JSON object of an LSP `Diagnostic`, written straight to a serializer
//! with positions from [`credsum_syntax::line_index`], and without any LSP crate: the one
//! definition of that shape, which the language server publishes (its `convert` module builds
//! the LSP value's `data` from [`FixData`]) and `credsum lint --format json` prints.

use std::borrow::Cow;
use std::sync::OnceLock;

use credsum_syntax::line_index::{LineCol, LineIndex, PositionEncoding};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::{Diagnostic, Fix, Severity, TextRange};

/// The `source` of every diagnostic credsum publishes.
pub const SOURCE: &str = "credsum";

/// The documentation link of rule `code`: for a rule, built once (a big document can carry
/// thousands of diagnostics of one rule) and borrowed; for any other code, built now.
fn rule_link(code: &str) -> Cow<'static, str> {
    static LINKS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let links = LINKS.get_or_init(|| {
        crate::rules::catalogue()
            .map(|rule| rule.code)
            .map(|code| (code, crate::rules::doc_url(code)))
            .collect()
    });
    let anchor = crate::rules::find(code).map_or(code, |rule| rule.code);
    match links.iter().find(|(c, _)| *c == anchor) {
        Some((_, href)) => Cow::Borrowed(href),
        None => Cow::Owned(crate::rules::doc_url(code)),
    }
}

/// The LSP severity number of a core severity (1 error … 4 hint).
pub fn severity_number(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Information => 3,
        Severity::Hint => 4,
    }
}

/// An LSP range `{"start": {"line", "character"}, "end": …}` of a byte range: 0-based lines,
/// characters in code units of the encoding.
pub struct RangeJson<'a> {
    /// The line index of the text the range points into.
    pub index: &'a LineIndex,
    /// The byte range.
    pub range: TextRange,
    /// The position encoding.
    pub enc: PositionEncoding,
}

impl Serialize for RangeJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let at = |offset| Position(self.index.line_col(offset, self.enc));
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("start", &at(self.range.start))?;
        map.serialize_entry("end", &at(self.range.end))?;
        map.end()
    }
}

/// An LSP position `{"line", "character"}`.
struct Position(LineCol);

impl Serialize for Position {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("line", &self.0.line)?;
        map.serialize_entry("character", &self.0.col)?;
        map.end()
    }
}

/// A core diagnostic as the LSP diagnostic JSON: `range` in the encoding, numeric `severity`,
/// the rule `code` with its documentation link (`codeDescription`), `source: "credsum"`, the
/// `message`, and the fix (if any) as `data` ([`FixData`]).
pub struct DiagnosticJson<'a> {
    /// The line index of the text the diagnostic points into.
    pub index: &'a LineIndex,
    /// The core diagnostic.
    pub diagnostic: &'a Diagnostic,
    /// The position encoding.
    pub enc: PositionEncoding,
}

impl Serialize for DiagnosticJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.diagnostic;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("range", &self.range(d.range))?;
        map.serialize_entry("severity", &severity_number(d.severity))?;
        map.serialize_entry("code", d.code.as_str())?;
        map.serialize_entry(
            "codeDescription",
            &Single("href", &*rule_link(d.code.as_str())),
        )?;
        map.serialize_entry("source", SOURCE)?;
        map.serialize_entry("message", d.message.as_str())?;
        if let Some(fix) = &d.fix {
            let data = FixData {
                index: self.index,
                fix,
                enc: self.enc,
            };
            map.serialize_entry("data", &data)?;
        }
        map.end()
    }
}

impl DiagnosticJson<'_> {
    /// The LSP range of `range` in this diagnostic's text and encoding.
    fn range(&self, range: TextRange) -> RangeJson<'_> {
        RangeJson {
            index: self.index,
            range,
            enc: self.enc,
        }
    }
}

/// The `data` of a diagnostic with a fix:
/// `{"fix": {"title": …, "applicability": "safe", "edits": [{"range": <LSP range>, "newText": …}]}}`
/// (`applicability`: `safe`, `unsafe` or `display-only`).
pub struct FixData<'a> {
    /// The line index of the text the fix edits.
    pub index: &'a LineIndex,
    /// The fix.
    pub fix: &'a Fix,
    /// The position encoding.
    pub enc: PositionEncoding,
}

impl Serialize for FixData<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Single("fix", FixJson(self)).serialize(serializer)
    }
}

/// An object with one member.
struct Single<T>(&'static str, T);

impl<T: Serialize> Serialize for Single<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &self.1)?;
        map.end()
    }
}

/// The fix object of a [`FixData`]: `{"title": …, "applicability": …, "edits": […]}`.
struct FixJson<'a, 'f>(&'f FixData<'a>);

impl Serialize for FixJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("title", &self.0.fix.title)?;
        map.serialize_entry("applicability", &self.0.fix.applicability)?;
        map.serialize_entry("edits", &EditsJson(self.0))?;
        map.end()
    }
}

/// The edits of a [`FixData`].
struct EditsJson<'a, 'f>(&'f FixData<'a>);

impl Serialize for EditsJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let FixData { index, fix, enc } = self.0;
        serializer.collect_seq(fix.edits.iter().map(|edit| EditJson {
            range: RangeJson {
                index,
                range: edit.range,
                enc: *enc,
            },
            new_text: &edit.new_text,
        }))
    }
}

/// One edit of a fix: `{"range": …, "newText": …}`.
#[derive(serde::Serialize)]
struct EditJson<'a> {
    /// The range replaced.
    range: RangeJson<'a>,
    /// The replacement.
    #[serde(rename = "newText")]
    new_text: &'a str,
}
