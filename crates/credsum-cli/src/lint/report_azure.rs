//! `--format azure`: Azure Pipelines logging commands, one per finding:
//! `##vso[task.logissue type=error;sourcepath=…;linenumber=…;columnnumber=…;code=…;]message`.
//! Lines and columns are 1-based, columns in characters; source paths are relative to the
//! working folder, as in every other format. Values are escaped as Azure's own task library does
//! (`%` → `%AZP25`, CR → `%0D`, LF → `%0A`, and in properties `;` → `%3B`, `]` → `%5D`).
//! Logging commands know only errors and warnings, so information and hints are warnings. The
//! step fails by the exit status, as the documentation's examples do (`exit 1`), so no
//! `task.complete` line is written; the summary line ends the log as plain text.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use credsum_analysis::Severity;
use credsum_syntax::line_index::PositionEncoding;

use super::report::{code, escape, one_based, relative_display, Report};
use super::summary::Totals;
use super::CheckedFile;

/// The issue type of a severity.
fn issue_type(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning | Severity::Information | Severity::Hint => "warning",
    }
}

/// How a command's message is escaped, as the agent reads it back.
const DATA: &[(char, &str)] = &[('%', "%AZP25"), ('\r', "%0D"), ('\n', "%0A")];

/// How a property value is escaped: as data, plus `]` which ends the properties and `;`
/// which separates them.
const PROPERTY: &[(char, &str)] = &[
    ('%', "%AZP25"),
    ('\r', "%0D"),
    ('\n', "%0A"),
    (']', "%5D"),
    (';', "%3B"),
];

/// The Azure Pipelines report: one logging command per finding.
pub struct Azure {
    /// The working folder, which paths are shown relative to.
    cwd: PathBuf,
}

impl Azure {
    /// The report for paths shown relative to the working folder `cwd`.
    pub fn new(cwd: &Path) -> Azure {
        Azure {
            cwd: cwd.to_path_buf(),
        }
    }
}

impl Report for Azure {
    fn file(&self, out: &mut dyn Write, file: &CheckedFile) -> io::Result<()> {
        let path = escape(&relative_display(file, &self.cwd), PROPERTY);
        for diagnostic in file.diagnostics() {
            let start = one_based(file, diagnostic.range.start, PositionEncoding::Utf32);
            writeln!(
                out,
                "##vso[task.logissue type={};sourcepath={path};linenumber={};columnnumber={};code={};]{}",
                issue_type(diagnostic.severity),
                start.line,
                start.col,
                escape(code(diagnostic), PROPERTY),
                escape(&diagnostic.message, DATA),
            )?;
        }
        Ok(())
    }

    fn tail(&self, out: &mut dyn Write, files: &[Box<CheckedFile>], _any: bool) -> io::Result<()> {
        writeln!(out, "{}", Totals::count(files))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_azure_task_library_does() {
        assert_eq!(escape("50% a\r\nb; c]", DATA), "50%AZP25 a%0D%0Ab; c]");
        assert_eq!(
            escape("my dir;x]/a%\n.json", PROPERTY),
            "my dir%3Bx%5D/a%AZP25%0A.json"
        );
    }
}
