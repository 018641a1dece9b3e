//! Counting what a run found: the summary line of the human report and the exit code.

use std::fmt;

use credsum_analysis::{Applicability, Diagnostic, Severity};

use super::{CheckedFile, FixOutcome};

/// What a run found, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Files checked.
    pub files: usize,
    /// Error diagnostics.
    pub errors: usize,
    /// Warning diagnostics.
    pub warnings: usize,
    /// Information diagnostics.
    pub infos: usize,
    /// Hint diagnostics.
    pub hints: usize,
    /// Diagnostics that carry a safe fix (what `--fix` applies).
    pub fixable: usize,
    /// Diagnostics that carry an unsafe fix (what `--unsafe-fixes` adds).
    pub unsafe_fixable: usize,
    /// Files `--fix` changed.
    pub fixed_files: usize,
    /// Files `--fix --dry-run` would change.
    pub would_fix_files: usize,
    /// Files whose fixes could not be written.
    pub write_failures: usize,
}

/// How many findings of each severity one file has, and how many carry a fix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Errors.
    pub errors: u32,
    /// Warnings.
    pub warnings: u32,
    /// Information.
    pub infos: u32,
    /// Hints.
    pub hints: u32,
    /// Findings that carry a safe fix.
    pub fixable: u32,
    /// Findings that carry an unsafe fix.
    pub unsafe_fixable: u32,
}

impl Tally {
    /// Counts `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let mut tally = Tally::default();
        for diagnostic in diagnostics {
            let count = match diagnostic.severity {
                Severity::Error => &mut tally.errors,
                Severity::Warning => &mut tally.warnings,
                Severity::Information => &mut tally.infos,
                Severity::Hint => &mut tally.hints,
            };
            *count += 1;
            match diagnostic.fix.as_deref().map(|f| f.applicability) {
                Some(Applicability::Safe) => tally.fixable += 1,
                Some(Applicability::Unsafe) => tally.unsafe_fixable += 1,
                Some(Applicability::DisplayOnly) | None => {}
            }
        }
        tally
    }

    /// All findings, whatever their severity.
    pub fn findings(&self) -> u32 {
        self.errors + self.warnings + self.infos + self.hints
    }
}

impl Totals {
    /// Counts `files`.
    pub fn count(files: &[Box<CheckedFile>]) -> Totals {
        let mut totals = Totals {
            files: files.len(),
            ..Totals::default()
        };
        for file in files {
            let tally = file.tally;
            let add = |total: &mut usize, n: u32| *total += n as usize;
            add(&mut totals.errors, tally.errors);
            add(&mut totals.warnings, tally.warnings);
            add(&mut totals.infos, tally.infos);
            add(&mut totals.hints, tally.hints);
            add(&mut totals.fixable, tally.fixable);
            add(&mut totals.unsafe_fixable, tally.unsafe_fixable);
            match file.fix {
                FixOutcome::Unchanged => {}
                FixOutcome::Fixed => totals.fixed_files += 1,
                FixOutcome::WouldFix(_) => totals.would_fix_files += 1,
                FixOutcome::WriteFailed(_) => totals.write_failures += 1,
            }
        }
        totals
    }

    /// The exit code: 1 for errors, failed writes, or warnings under `--deny-warnings`; else 0.
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        let failed =
            self.errors > 0 || self.write_failures > 0 || (deny_warnings && self.warnings > 0);
        u8::from(failed)
    }
}

/// `n word` or `n words`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl fmt::Display for Totals {
    /// `checked 12 files: 3 errors, 1 warning (2 fixable with --fix; 1 more with
    /// --unsafe-fixes)`, preceded by what `--fix` did (`fixed 2 files; `) when it did something;
    /// after a fix, the unsafe fixes left (`(1 more fixable with --unsafe-fixes)`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.fixed_files > 0 {
            write!(f, "fixed {}; ", plural(self.fixed_files, "file"))?;
        }
        if self.would_fix_files > 0 {
            write!(f, "would fix {}; ", plural(self.would_fix_files, "file"))?;
        }
        write!(f, "checked {}: ", plural(self.files, "file"))?;
        let counts: Vec<String> = [
            (self.errors, "error"),
            (self.warnings, "warning"),
            (self.infos, "info"),
            (self.hints, "hint"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| plural(n, word))
        .collect();
        if counts.is_empty() {
            f.write_str("no problems")?;
        } else {
            f.write_str(&counts.join(", "))?;
        }
        let fix_ran = self.fixed_files > 0 || self.would_fix_files > 0;
        match (fix_ran, self.fixable, self.unsafe_fixable) {
            (false, 0, 0) | (true, _, 0) => Ok(()),
            (false, safe, 0) => write!(f, " ({safe} fixable with --fix)"),
            (false, 0, more) => write!(f, " ({more} fixable with --fix --unsafe-fixes)"),
            (false, safe, more) => {
                write!(
                    f,
                    " ({safe} fixable with --fix; {more} more with --unsafe-fixes)"
                )
            }
            (true, _, more) => write!(f, " ({more} more fixable with --unsafe-fixes)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        let none = Totals {
            files: 1,
            ..Totals::default()
        };
        assert_eq!(none.to_string(), "checked 1 file: no problems");
        let some = Totals {
            files: 12,
            errors: 3,
            warnings: 1,
            hints: 2,
            fixable: 2,
            ..Totals::default()
        };
        assert_eq!(
            some.to_string(),
            "checked 12 files: 3 errors, 1 warning, 2 hints (2 fixable with --fix)"
        );
        let fixed = Totals {
            files: 2,
            warnings: 2,
            fixed_files: 1,
            fixable: 1,
            ..Totals::default()
        };
        assert_eq!(
            fixed.to_string(),
            "fixed 1 file; checked 2 files: 2 warnings"
        );
        let unsafe_left = Totals {
            unsafe_fixable: 3,
            ..fixed
        };
        assert_eq!(
            unsafe_left.to_string(),
            "fixed 1 file; checked 2 files: 2 warnings (3 more fixable with --unsafe-fixes)"
        );
        let both = Totals {
            unsafe_fixable: 1,
            ..some
        };
        assert_eq!(
            both.to_string(),
            "checked 12 files: 3 errors, 1 warning, 2 hints (2 fixable with --fix; 1 more with --unsafe-fixes)"
        );
        let only_unsafe = Totals { fixable: 0, ..both };
        assert_eq!(
            only_unsafe.to_string(),
            "checked 12 files: 3 errors, 1 warning, 2 hints (1 fixable with --fix --unsafe-fixes)"
        );
    }

    #[test]
    fn exit_codes() {
        let warn = Totals {
            warnings: 1,
            ..Totals::default()
        };
        assert_eq!(warn.exit_code(false), 0);
        assert_eq!(warn.exit_code(true), 1);
        let error = Totals {
            errors: 1,
            ..Totals::default()
        };
        assert_eq!(error.exit_code(false), 1);
    }

    #[test]
    fn a_file_keeps_its_tally_when_its_findings_are_let_go() {
        use credsum_analysis::{Fix, TextRange};
        let finding = |severity, fix: Option<Fix>| Diagnostic {
            code: credsum_analysis::rules::Code::UnknownProperty,
            severity,
            range: TextRange::empty(1),
            message: String::from("m").into(),
            fix: fix.map(Box::new),
        };
        let diagnostics = vec![
            finding(
                Severity::Error,
                Some(Fix::replace("f", TextRange::empty(1), "x")),
            ),
            finding(Severity::Error, None),
            finding(
                Severity::Warning,
                Some(Fix::replace("u", TextRange::empty(1), "y").with(Applicability::Unsafe)),
            ),
            finding(Severity::Hint, None),
        ];
        let file = CheckedFile::new("a.json".into(), true, "{\n}".into(), diagnostics);
        let expected = Tally {
            errors: 2,
            warnings: 1,
            infos: 0,
            hints: 1,
            fixable: 1,
            unsafe_fixable: 1,
        };
        assert_eq!(file.tally, expected);
        assert_eq!(file.tally.findings(), 4);
        let mut files = vec![Box::new(file)];
        let before = Totals::count(&files);
        files[0].keep_rendered(b"{}".to_vec());
        assert_eq!(Totals::count(&files), before);
        assert_eq!((before.errors, before.fixable, before.files), (2, 1, 1));
        assert!(files[0].diagnostics().is_empty() && files[0].text().is_empty());
        assert_eq!(files[0].ahead(), Some(&b"{}"[..]));
    }
}
