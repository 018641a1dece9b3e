//! Diagnostics and fixes as plain data: byte ranges, stable codes, messages.

use std::sync::Arc;

use credsum_syntax::TextRange;

use crate::rules::Code;
pub use crate::rules::{Applicability, Severity};

/// Replace the text in `range` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The bytes to replace (empty for an insertion).
    pub range: TextRange,
    /// The replacement.
    pub new_text: String,
}

/// A fix: edits applied whole, and how far they can be trusted (`credsum lint --fix` and the
/// editor's "Fix all" apply the [`Applicability::Safe`] ones; every one is offered as a quick fix).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    /// What the fix does, e.g. "Rename to `tenantDisplayName`".
    pub title: String,
    /// Non-overlapping edits, in text order.
    pub edits: Vec<Edit>,
    /// Whether the fix keeps what the request means: a diagnostic's fix gets the kind its rule
    /// declares (see [`crate::rules::Rule::fixes`]), after configuration.
    pub applicability: Applicability,
}

impl Fix {
    /// A safe fix made of a single edit (a diagnostic's fix takes its rule's declared kind).
    pub fn replace(title: impl Into<String>, range: TextRange, new_text: impl Into<String>) -> Fix {
        Fix::edits(
            title,
            vec![Edit {
                range,
                new_text: new_text.into(),
            }],
        )
    }

    /// A safe fix made of `edits` (a diagnostic's fix takes its rule's declared kind).
    pub fn edits(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            applicability: Applicability::Safe,
        }
    }

    /// This fix with applicability `applicability`.
    pub fn with(self, applicability: Applicability) -> Fix {
        Fix {
            applicability,
            ..self
        }
    }

    /// Whether an unattended run that takes fixes up to `ceiling` applies this one (a
    /// display-only fix never is).
    pub fn applies_up_to(&self, ceiling: Applicability) -> bool {
        self.applicability <= ceiling && self.applicability != Applicability::DisplayOnly
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
    /// The fix, when there is one, with its applicability.
    pub fix: Option<Box<Fix>>,
}

/// A diagnostic of rule `code` at its default severity, its fix of the rule's usual kind (the
/// first it declares). Configuration is applied later, once ([`crate::Config::apply`]).
pub fn diagnostic(
    code: Code,
    range: TextRange,
    message: impl Into<Arc<String>>,
    fix: Option<Fix>,
) -> Diagnostic {
    declared(code, false, range, message, fix, None)
}

/// A diagnostic of rule `code` as its rule declares it: at its second severity when `secondary`
/// (the circumstance the rule names, e.g. an unknown property in a response), else its
/// default; its fix of `kind` (the rule's usual kind when `None`). A fix kind the rule does not
/// declare becomes display-only, so no undeclared fix is ever applied unattended.
pub(crate) fn declared(
    code: Code,
    secondary: bool,
    range: TextRange,
    message: impl Into<Arc<String>>,
    fix: Option<Fix>,
    kind: Option<Applicability>,
) -> Diagnostic {
    let rule = code.rule();
    let kind = kind
        .or(rule.fixes.first().copied())
        .filter(|k| rule.fixes.contains(k))
        .unwrap_or(Applicability::DisplayOnly);
    Diagnostic {
        code,
        severity: rule.severity(secondary).unwrap_or(Severity::Warning),
        range,
        message: message.into(),
        fix: fix.map(|f| Box::new(f.with(kind))),
    }
}
