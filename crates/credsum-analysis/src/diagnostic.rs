//! Diagnostics and fixes as plain data: byte ranges, stable codes, messages.

use std::sync::Arc;

use credsum_syntax::TextRange;

use crate::rules::Code;
pub use crate::rules::Severity;

/// Replace the text in `range` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The bytes to replace (empty for an insertion).
    pub range: TextRange,
    /// The replacement.
    pub new_text: String,
}

/// A machine-applicable fix: edits that are safe to apply without asking (`credsum lint --fix`
/// and the editor's quick fixes apply the same edits).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    /// What the fix does, e.g. "Rename to `tenantDisplayName`".
    pub title: String,
    /// Non-overlapping edits, in text order.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix made of a single edit.
    pub fn replace(title: impl Into<String>, range: TextRange, new_text: impl Into<String>) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                range,
                new_text: new_text.into(),
            }],
        }
    }
}

/// One finding in a file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The rule, with its stable kebab-case code, e.g. `unknown-property` (see [`crate::rules`]).
    pub code: Code,
    /// Severity after configuration.
    pub severity: Severity,
    /// The smallest range that shows the problem: a key for an unknown key, a value for a wrong value.
    pub range: TextRange,
    /// What is wrong, in words a Graph developer knows. Shared behind one thin pointer, and the
    /// fix boxed, to keep a finding small: a big body can hold hundreds of thousands of them, and
    /// findings of one kind in one object may share their words (see `unknown-property` in
    /// docs/rules.md).
    pub message: Arc<String>,
    /// A safe fix, when there is one.
    pub fix: Option<Box<Fix>>,
}

/// A diagnostic of rule `code` at its default severity (configuration is applied later).
pub(crate) fn diagnostic(
    code: Code,
    range: TextRange,
    message: impl Into<Arc<String>>,
    fix: Option<Fix>,
) -> Diagnostic {
    let severity = code.rule().default.unwrap_or(Severity::Warning);
    Diagnostic {
        code,
        severity,
        range,
        message: message.into(),
        fix: fix.map(Box::new),
    }
}
