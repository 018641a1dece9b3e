//! Findings about the variables themselves: a reference defined nowhere (`undefined-variable`),
//! one only other environments define (`unresolved-variable`), a file variable that refers back
//! to itself (`recursive-variable`).

use credsum_syntax::http::{variable_refs, HttpFile};
use credsum_syntax::TextRange;

use crate::diagnostic::{diagnostic, Diagnostic};
use crate::rules::Code;

use super::scope::{slice, Resolution, Scope, Why};

impl Scope<'_> {
    /// Appends the findings about the references of `file` (this scope's file) to `out`.
    pub(crate) fn check_variables(&self, file: &HttpFile, out: &mut Vec<Diagnostic>) {
        let values = self.files.iter().map(|f| f.value);
        let messages = file.messages.iter().map(|m| m.range);
        for range in values.chain(messages) {
            for r in variable_refs(self.text, range) {
                let inner = slice(self.text, TextRange::new(r.start + 2, r.end - 2)).trim();
                if let Some(finding) = self.reference_finding(inner, r) {
                    out.push(finding);
                }
            }
        }
        let cyclic = self.files.iter().filter(|f| {
            f.expanded
                .as_ref()
                .is_some_and(|e| e.unknowns.iter().any(|u| u.why == Why::Cycle))
        });
        for f in cyclic {
            out.push(diagnostic(
                Code::RecursiveVariable,
                f.name_range,
                format!("`@{}` refers back to itself: it has no value", f.name),
                None,
            ));
        }
    }

    /// The finding about the reference `r` whose inner text is `inner`, if any.
    fn reference_finding(&self, inner: &str, r: TextRange) -> Option<Diagnostic> {
        match self.resolve(inner, r.start) {
            Resolution::Unknown(Why::Undefined) => Some(diagnostic(
                Code::UndefinedVariable,
                r,
                format!(
                    "`{inner}` is defined nowhere: not in this file, an environment, nor the system variables\nThe client sends `{{{{{inner}}}}}` as written"
                ),
                None,
            )),
            Resolution::Unknown(Why::OtherEnvironment) => {
                let defining: Vec<String> = self
                    .environments()
                    .environments
                    .iter()
                    .filter(|(_, e)| e.get(inner).is_some())
                    .map(|(name, _)| format!("\"{name}\""))
                    .collect();
                Some(diagnostic(
                    Code::UnresolvedVariable,
                    r,
                    format!(
                        "`{inner}` has no value in this environment, so what it stands for is not checked\nOnly {} define it",
                        defining.join(", ")
                    ),
                    None,
                ))
            }
            _ => None,
        }
    }
}
