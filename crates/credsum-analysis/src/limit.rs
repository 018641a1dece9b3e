//! Choosing the diagnostics an editor is sent when a document has too many to be useful: the
//! most severe first, in text order, as VS Code itself keeps no more than 1,000 per file.

use crate::diagnostic::diagnostic;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Code;
use credsum_syntax::TextRange;

/// The diagnostics to show and, when some were left out, a note saying so.
#[derive(Debug)]
pub struct Limited<'d> {
    /// At most `max` diagnostics, sorted like the input (by position).
    pub shown: Vec<&'d Diagnostic>,
    /// A `too-many-diagnostics` note at the start of the document, when any was left out.
    pub note: Option<Diagnostic>,
}

/// At most `max` of `diagnostics` (sorted by position, as the analyzer returns them): errors
/// first, then warnings, information and hints, each in text order. `max == 0` keeps all.
pub fn limit(diagnostics: &[Diagnostic], max: usize) -> Limited<'_> {
    if max == 0 || diagnostics.len() <= max {
        return Limited {
            shown: diagnostics.iter().collect(),
            note: None,
        };
    }
    // The severity of the last diagnostic kept: everything more severe fits, and that severity
    // fills the rest in text order.
    let mut room = max;
    let mut cut = Severity::Hint;
    let mut take_of_cut = 0;
    for severity in [
        Severity::Error,
        Severity::Warning,
        Severity::Information,
        Severity::Hint,
    ] {
        let count = diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count();
        if count >= room {
            cut = severity;
            take_of_cut = room;
            break;
        }
        room -= count;
    }
    let mut shown = Vec::with_capacity(max);
    for d in diagnostics {
        if d.severity < cut {
            shown.push(d);
        } else if d.severity == cut && take_of_cut > 0 {
            take_of_cut -= 1;
            shown.push(d);
        }
    }
    let message = format!(
        "Showing {max} of {} problems, the most severe first (setting max-diagnostics); \
         `credsum lint` on this file lists them all",
        diagnostics.len()
    );
    Limited {
        shown,
        note: Some(diagnostic(
            Code::TooManyDiagnostics,
            TextRange::empty(0),
            message,
            None,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A diagnostic of `severity` at `start`.
    fn at(start: u32, severity: Severity) -> Diagnostic {
        let mut d = diagnostic(
            Code::Schema,
            TextRange::new(start, start + 1),
            String::new(),
            None,
        );
        d.severity = severity;
        d
    }

    #[test]
    fn under_the_limit_everything_is_shown() {
        let all = vec![at(1, Severity::Hint), at(2, Severity::Error)];
        let limited = limit(&all, 2);
        assert_eq!(limited.shown.len(), 2);
        assert!(limited.note.is_none());
        assert_eq!(limit(&all, 0).shown.len(), 2);
    }

    #[test]
    fn most_severe_first_then_text_order() {
        let all = vec![
            at(1, Severity::Warning),
            at(2, Severity::Error),
            at(3, Severity::Hint),
            at(4, Severity::Warning),
            at(5, Severity::Error),
            at(6, Severity::Warning),
        ];
        let limited = limit(&all, 3);
        let starts: Vec<u32> = limited.shown.iter().map(|d| d.range.start).collect();
        assert_eq!(starts, [1, 2, 5]);
        let note = limited.note.expect("a note");
        assert_eq!(note.code, "too-many-diagnostics");
        assert_eq!(note.severity, Severity::Information);
        assert!(
            note.message.starts_with("Showing 3 of 6 problems"),
            "{}",
            note.message
        );
    }
}
