//! Messages as the client sends them: a message holding `{{references}}` is expanded, parsed
//! again from the expanded text, checked there, and every finding is mapped back to the file.
//! A finding that lands on a reference of unknown value is dropped (a variable that cannot be
//! known statically is never an error) and one `unresolved-variable` note says which check
//! that hides.

use credsum_syntax::http::{parse_http, HttpMessage};
use credsum_syntax::TextRange;

use crate::diagnostic::{diagnostic, Applicability, Diagnostic, Edit};
use crate::payload::Body;
use crate::rules::Code;

use super::expand::{expand, expand_body, Expanded, MapTo, Unknown};
use super::scope::{slice, Scope, Why};

/// A message as sent: the expanded text and the message parsed from it.
#[derive(Clone, Debug)]
pub(crate) struct Sent {
    /// The message's text as sent, with its source map.
    pub expanded: Expanded,
    /// The message parsed from [`Expanded::text`] (its ranges are in that text).
    pub message: HttpMessage,
    /// The message's range in the file.
    pub file_range: TextRange,
}

/// A body as sent: the message it is in, and the body with ranges in the sent text.
#[derive(Clone, Debug)]
pub(crate) struct SentBody {
    /// The message as sent.
    pub sent: Sent,
    /// The body, its ranges in [`Expanded::text`] of `sent`.
    pub body: Body,
}

impl Sent {
    /// `message` of `text` as sent, when it holds any reference (`None`: it is sent as written,
    /// or expanding it changes how it parses, and it is checked as written).
    pub(crate) fn of(scope: &Scope<'_>, text: &str, message: &HttpMessage) -> Option<Sent> {
        if !slice(text, message.range).contains("{{") {
            return None;
        }
        let mut expanded = match message.body {
            Some(body) => {
                let mut head = expand(scope, TextRange::new(message.range.start, body.start));
                head.append(expand_body(scope, body));
                head
            }
            None => expand(scope, message.range),
        };
        expanded.unknowns.dedup();
        let mut parsed = parse_http(&expanded.text).messages;
        (parsed.len() == 1).then(|| Sent {
            message: parsed.remove(0),
            expanded,
            file_range: message.range,
        })
    }

    /// The sent form of `body` (whose plan was made on the sent text): `None` when the sent
    /// message has no body.
    pub(crate) fn body(&self, body: &Body) -> Option<SentBody> {
        Some(SentBody {
            body: Body {
                range: self.message.body?,
                request: Some(self.message.range),
                start_line: Some(self.message.start_line.range()),
                ..*body
            },
            sent: self.clone(),
        })
    }

    /// The file range of a URL key found in the sent text: the key itself, or the reference
    /// that brings it in.
    pub(crate) fn key_in_file(&self, key: Option<TextRange>) -> Option<TextRange> {
        key.map(|k| self.expanded.map(k, MapTo::Use))
    }

    /// Moves `findings` (about the sent text) into `out`, mapped back to the file: URL findings
    /// onto the variable's value when one in the file holds the fault, others onto the
    /// reference. Findings on unknown values are dropped, with one note per reference hiding a
    /// check; every reference inside `checked` (a checked body, in the file) hides one.
    ///
    /// A fix that edits the value of a file variable another message also uses becomes unsafe
    /// (it changes what that message sends); `scope` tells (none: no fix edits a value).
    pub(crate) fn map_findings(
        &self,
        findings: Vec<Diagnostic>,
        checked: Option<TextRange>,
        scope: Option<&Scope<'_>>,
        out: &mut Vec<Diagnostic>,
    ) {
        let start_line = self.message.start_line.range();
        let mut hidden: Vec<&Unknown> = self
            .expanded
            .unknowns
            .iter()
            .filter(|u| checked.is_some_and(|c| c.contains_range(u.range)))
            .collect();
        // The generated-only note is once per file; the findings were gathered apart from `out`.
        let noted = out.iter().any(|d| d.code == Code::GeneratedOnlyOperation);
        for mut d in findings {
            if noted && d.code == Code::GeneratedOnlyOperation {
                continue;
            }
            let to = if start_line.contains_range(d.range) {
                MapTo::Definition
            } else {
                MapTo::Use
            };
            let range = self.expanded.map(d.range, to);
            let on_unknown = self
                .expanded
                .unknowns
                .iter()
                .find(|u| overlaps(u.range, range));
            if let Some(u) = on_unknown.filter(|_| d.code != Code::UnresolvedVariable) {
                if !hidden.contains(&u) {
                    hidden.push(u);
                }
                continue;
            }
            d.range = range;
            let d_fix_ranges: Vec<TextRange> = d
                .fix
                .as_ref()
                .map(|f| f.edits.iter().map(|e| e.range).collect())
                .unwrap_or_default();
            d.fix = d.fix.and_then(|mut fix| {
                let edits: Option<Vec<Edit>> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let range = self.expanded.map_exact(e.range, to)?;
                        Some(Edit {
                            range,
                            new_text: e.new_text.clone(),
                        })
                    })
                    .collect();
                fix.edits = edits?;
                // Editing a variable other requests use changes what they send too.
                let shared = fix.edits.iter().zip(&d_fix_ranges).any(|(e, sent)| {
                    self.expanded.map_exact(*sent, MapTo::Use).is_none()
                        && scope.is_some_and(|s| s.value_used_elsewhere(e.range, self.file_range))
                });
                if shared {
                    fix.applicability = fix.applicability.max(Applicability::Unsafe);
                }
                Some(fix)
            });
            out.push(d);
        }
        for u in hidden {
            if let Some(note) = hidden_check(u) {
                out.push(note);
            }
        }
    }
}

/// Whether two ranges share a byte (an empty one: whether it lies inside the other).
fn overlaps(a: TextRange, b: TextRange) -> bool {
    if b.is_empty() {
        return a.start <= b.start && b.start < a.end;
    }
    a.start < b.end && b.start < a.end
}

/// The `unresolved-variable` note for a reference whose unknown value hid a check (none where
/// another finding already speaks for it: an undefined name, a cycle, another environment).
fn hidden_check(u: &Unknown) -> Option<Diagnostic> {
    let why = match u.why {
        Why::Request => "it is read from a response when the request is sent",
        Why::Prompt => "it is typed in when the request is sent",
        Why::Runtime => "it is read from the machine when the request is sent",
        Why::UnknownSystem => "no client credsum knows defines this system variable",
        Why::TooLarge => "its value is too large or nests too deep to expand",
        Why::Undefined | Why::OtherEnvironment | Why::Cycle => return None,
    };
    Some(diagnostic(
        Code::UnresolvedVariable,
        u.range,
        format!(
            "`{}` is not known before sending, so the value here is not checked\n{why}",
            u.name
        ),
        None,
    ))
}
