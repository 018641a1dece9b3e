//! `--format junit`: JUnit XML as Jenkins, GitLab and Azure Pipelines read it: one
//! `<testsuite>` for the run and one `<testcase>` per checked file (named by its path). A file
//! fails when it fails the run (errors, or warnings with `--deny-warnings`): its `<failure>`
//! lists every finding as `line:column: severity[code] message`; the findings of a passing
//! file go to its `<system-out>`. Text is UTF-8; characters XML 1.0 cannot hold become U+FFFD.

use std::io::{self, Write};

use credsum_analysis::Severity;
use credsum_syntax::line_index::PositionEncoding;

use super::report::{code, one_based, Report};
use super::summary::{plural, Tally};
use super::CheckedFile;

/// The name of the suite and the class of every test case.
const SUITE: &str = "credsum lint";

/// The JUnit report.
pub struct Junit {
    /// Whether warnings fail a file, as they fail the run.
    deny_warnings: bool,
}

impl Junit {
    /// The report; with `deny_warnings`, warnings fail their file.
    pub fn new(deny_warnings: bool) -> Junit {
        Junit { deny_warnings }
    }

    /// Whether a file with these findings fails.
    fn fails(&self, tally: &Tally) -> bool {
        tally.errors > 0 || (self.deny_warnings && tally.warnings > 0)
    }
}

/// The word of a severity.
fn word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "info",
        Severity::Hint => "hint",
    }
}

/// `text` escaped for XML character data or an attribute value: markup characters as
/// entities, line breaks and tabs as character references (an attribute keeps them then),
/// and characters XML 1.0 does not allow as U+FFFD.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' => escaped.push_str("&#9;"),
            c if allowed_in_xml(c) => escaped.push(c),
            _ => escaped.push(char::REPLACEMENT_CHARACTER),
        }
    }
    escaped
}

/// Whether XML 1.0 allows `c` (its `Char` production, less the line breaks and tab that
/// [`escape`] writes as references).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

impl Report for Junit {
    fn shows(&self, _file: &CheckedFile) -> bool {
        true
    }

    fn head(&self, out: &mut dyn Write, files: &[Box<CheckedFile>]) -> io::Result<()> {
        let failures = files.iter().filter(|f| self.fails(&f.tally)).count();
        let tests = files.len();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="{SUITE}" tests="{tests}" failures="{failures}" errors="0">"#
        )?;
        writeln!(
            out,
            r#"  <testsuite name="{SUITE}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
        )
    }

    fn file(&self, out: &mut dyn Write, file: &CheckedFile) -> io::Result<()> {
        let path = escape(&file.display);
        write!(
            out,
            r#"    <testcase name="{path}" classname="{SUITE}" file="{path}""#
        )?;
        let tally = file.tally;
        if tally.findings() == 0 {
            return writeln!(out, "/>");
        }
        writeln!(out, ">")?;
        let mut findings = String::new();
        for diagnostic in file.diagnostics() {
            let at = one_based(file, diagnostic.range.start, PositionEncoding::Utf32);
            findings.push_str(&escape(&format!(
                "{}:{}:{}: {}[{}] {}",
                file.display,
                at.line,
                at.col,
                word(diagnostic.severity),
                code(diagnostic),
                diagnostic.message
            )));
            findings.push('\n');
        }
        if self.fails(&tally) {
            let counts: Vec<String> = [(tally.errors, "error"), (tally.warnings, "warning")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, word)| plural(n as usize, word))
                .collect();
            writeln!(
                out,
                r#"      <failure type="credsum lint" message="{}">{findings}</failure>"#,
                counts.join(", ")
            )?;
        } else {
            writeln!(out, "      <system-out>{findings}</system-out>")?;
        }
        writeln!(out, "    </testcase>")
    }

    fn tail(&self, out: &mut dyn Write, _files: &[Box<CheckedFile>], _any: bool) -> io::Result<()> {
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_line_breaks_and_what_xml_cannot_hold() {
        assert_eq!(
            escape("a<b>&\"c'\n\td\u{1}é😀\u{FFFE}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;d\u{FFFD}é😀\u{FFFD}"
        );
    }
}
