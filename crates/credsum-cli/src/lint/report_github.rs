//! `--format github`: GitHub Actions workflow commands
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::MESSAGE`), which the runner
//! turns into annotations on the pull request. Lines and columns are 1-based, columns in
//! characters. The summary line ends the log as plain text (not a command, so no annotation).

use std::io::{self, Write};

use credsum_analysis::Severity;
use credsum_syntax::line_index::PositionEncoding;

use super::report::{code, escape, one_based, Report};
use super::summary::Totals;
use super::CheckedFile;

/// The workflow command of a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// How a command's message is escaped, as the runner reads it back.
const DATA: &[(char, &str)] = &[('%', "%25"), ('\r', "%0D"), ('\n', "%0A")];

/// How a property value is escaped: as data, plus `:` and `,` which separate properties.
const PROPERTY: &[(char, &str)] = &[
    ('%', "%25"),
    ('\r', "%0D"),
    ('\n', "%0A"),
    (':', "%3A"),
    (',', "%2C"),
];

/// The GitHub report: one command per diagnostic.
pub struct Github;

impl Report for Github {
    fn file(&self, out: &mut dyn Write, file: &CheckedFile) -> io::Result<()> {
        let path = escape(&file.display, PROPERTY);
        for diagnostic in file.diagnostics() {
            let start = one_based(file, diagnostic.range.start, PositionEncoding::Utf32);
            let end = one_based(file, diagnostic.range.end, PositionEncoding::Utf32);
            writeln!(
                out,
                "::{} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                command(diagnostic.severity),
                start.line,
                start.col,
                end.line,
                end.col,
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
    fn escapes_as_github_documents() {
        assert_eq!(escape("50% a\r\nb: c, d", DATA), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape("a:b,c%", PROPERTY), "a%3Ab%2Cc%25");
    }
}
