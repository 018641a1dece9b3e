//! `--format github`: GitHub Actions workflow commands
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::MESSAGE`), which the runner
//! turns into annotations on the pull request. Lines and columns are 1-based, columns in
//! characters.

use std::io::{self, Write};

use credsum_analysis::Severity;
use credsum_lsp::convert;
use credsum_syntax::line_index::PositionEncoding;

use super::CheckedFile;

/// The workflow command of a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// Escapes a command's message as the runner reads it back (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,` which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes one command per diagnostic.
pub fn write(out: &mut dyn Write, files: &[Box<CheckedFile>]) -> io::Result<()> {
    for file in files {
        let path = escape_property(&file.display);
        for diagnostic in file.diagnostics() {
            let range = convert::range(file.index(), diagnostic.range, PositionEncoding::Utf32);
            writeln!(
                out,
                "::{} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                command(diagnostic.severity),
                range.start.line + 1,
                range.start.character + 1,
                range.end.line + 1,
                range.end.character + 1,
                escape_property(diagnostic.code.as_str()),
                escape_data(&diagnostic.message),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
