//! One report shape: every `--format` implements [`Report`], [`Format::report`] is the one
//! place a format is chosen, and [`write`] is the one writer that puts the files' parts
//! together. Rendering a file's part ahead, on the thread that checked it, wraps the same
//! trait ([`Ahead`]).

use std::cell::RefCell;
use std::io::{self, IoSlice, Write};
use std::path::Path;

use clap::ValueEnum;
use credsum_analysis::Diagnostic;
use credsum_syntax::line_index::{LineCol, PositionEncoding};

use super::paths::display;
use super::{
    report_azure, report_github, report_gitlab, report_human, report_json, report_junit,
    report_sarif, CheckedFile, RENDER_AHEAD_MAX,
};

/// The `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames for people, and a summary line.
    Human,
    /// An array of {path, uri, diagnostics} with LSP diagnostics (UTF-16 positions).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// Azure Pipelines logging commands (##vso[task.logissue]).
    Azure,
    /// A GitLab Code Quality report (JSON).
    Gitlab,
    /// JUnit XML: one test case per checked file (Azure, GitLab, Jenkins test views).
    Junit,
}

/// What a format needs to know about the run.
pub struct Setting<'a> {
    /// The working folder: relative paths in reports are relative to it.
    pub cwd: &'a Path,
    /// Whether the human report is in colour.
    pub color: bool,
    /// Whether warnings fail the run (`--deny-warnings`), which JUnit shows as failures.
    pub deny_warnings: bool,
}

impl Format {
    /// The report of this format: the one dispatch from a format to its writer.
    pub fn report(self, setting: &Setting<'_>) -> Box<dyn Report> {
        match self {
            Format::Human => Box::new(report_human::Human::new(setting.color)),
            Format::Json => Box::new(report_json::Json::new(setting.cwd)),
            Format::Sarif => Box::new(report_sarif::Sarif::new(setting.cwd)),
            Format::Github => Box::new(report_github::Github),
            Format::Azure => Box::new(report_azure::Azure::new(setting.cwd)),
            Format::Gitlab => Box::new(report_gitlab::Gitlab::new(setting.cwd)),
            Format::Junit => Box::new(report_junit::Junit::new(setting.deny_warnings)),
        }
    }
}

/// One report format. A report is its head, then the part of each file it shows (each part
/// preceded by a separator), then its tail. A part depends on its file alone, so it can be
/// rendered on the thread that checked the file ([`Ahead`]).
pub trait Report: Sync {
    /// Whether `file` has a part in the report: by default, when it has findings.
    fn shows(&self, file: &CheckedFile) -> bool {
        file.tally.findings() > 0
    }

    /// What goes before the first part, and before every later one.
    fn separators(&self) -> [&'static [u8]; 2] {
        [b"", b""]
    }

    /// Writes what comes before the files' parts.
    fn head(&self, _out: &mut dyn Write, _files: &[Box<CheckedFile>]) -> io::Result<()> {
        Ok(())
    }

    /// Writes the part of one file.
    fn file(&self, out: &mut dyn Write, file: &CheckedFile) -> io::Result<()>;

    /// Writes what comes after the parts; `any` tells whether any file had a part.
    fn tail(
        &self,
        _out: &mut dyn Write,
        _files: &[Box<CheckedFile>],
        _any: bool,
    ) -> io::Result<()> {
        Ok(())
    }
}

/// The rule code of a diagnostic: the one place the reports read it.
pub fn code(diagnostic: &Diagnostic) -> &str {
    diagnostic.code.as_str()
}

/// `text` with each character of `table` replaced by its escape, for the line-based commands
/// of CI systems (a table lists `%` first in meaning, but the single pass makes order moot).
pub fn escape(text: &str, table: &[(char, &str)]) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match table.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => escaped.push_str(to),
            None => escaped.push(c),
        }
    }
    escaped
}

/// The 1-based line and column of byte `offset` of `file`, columns in code units of `enc`.
pub fn one_based(file: &CheckedFile, offset: u32, enc: PositionEncoding) -> LineCol {
    let LineCol { line, col } = file.index().line_col(offset, enc);
    LineCol {
        line: line + 1,
        col: col + 1,
    }
}

/// The path of `file` relative to the working folder `cwd`, `/`-separated: as shown for a
/// relative path, the rest after `cwd` for an absolute one inside it, else `None`.
pub fn relative_to(file: &CheckedFile, cwd: &Path) -> Option<String> {
    if !file.path.is_absolute() {
        return Some(file.display.clone());
    }
    file.path.strip_prefix(cwd).ok().map(display)
}

/// The path of `file` relative to the working folder `cwd` where it is inside it, else as
/// shown.
pub fn relative_display(file: &CheckedFile, cwd: &Path) -> String {
    relative_to(file, cwd).unwrap_or_else(|| file.display.clone())
}

/// Writes the report of `files`: the head, each shown file's part (as rendered ahead, or now),
/// the tail. Parts rendered ahead go out as they are, many per system call, without being
/// copied into the output buffer first: 10,000 of them are otherwise a serial tail after the
/// checks.
pub fn write(
    out: &mut dyn Write,
    report: &dyn Report,
    files: &[Box<CheckedFile>],
) -> io::Result<()> {
    report.head(out, files)?;
    let [first, later] = report.separators();
    let mut pending: Vec<IoSlice<'_>> = Vec::with_capacity(SLICES_PER_WRITE);
    let mut any = false;
    for file in files.iter().filter(|file| report.shows(file)) {
        let separator = if any { later } else { first };
        any = true;
        match file.ahead() {
            Some(part) => {
                if pending.len() + 2 > SLICES_PER_WRITE {
                    write_slices(out, &mut pending)?;
                }
                pending.push(IoSlice::new(separator));
                pending.push(IoSlice::new(part));
            }
            None => {
                write_slices(out, &mut pending)?;
                out.write_all(separator)?;
                report.file(out, file)?;
            }
        }
    }
    write_slices(out, &mut pending)?;
    report.tail(out, files, any)
}

/// Slices gathered for one vectored write: within the 1,024 that Linux takes at once.
const SLICES_PER_WRITE: usize = 1024;

/// Writes all of `slices` with vectored writes and empties the list.
fn write_slices(out: &mut dyn Write, slices: &mut Vec<IoSlice<'_>>) -> io::Result<()> {
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    slices.clear();
    Ok(())
}

thread_local! {
    /// The buffer each checking thread renders into; what it renders is kept at its exact size,
    /// since 10,000 files' parts are kept until the report is written.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Renders each file's part of the report ahead, on the thread that checked it (the report of
/// 10,000 files is otherwise a serial tail after the parallel checks): a wrapper around
/// [`Report::file`].
pub struct Ahead<'a>(Option<&'a dyn Report>);

impl<'a> Ahead<'a> {
    /// Renders the parts of `report`; nothing when `None` (no report is written).
    pub fn new(report: Option<&'a dyn Report>) -> Ahead<'a> {
        Ahead(report)
    }

    /// The part of the report of `file`, if rendered ahead: not for a file with so many
    /// findings that holding their report would cost more than writing it in place, nor when
    /// the format writes nothing for the file.
    pub fn render(&self, file: &CheckedFile) -> Option<Vec<u8>> {
        let report = self.0?;
        if file.diagnostics().len() > RENDER_AHEAD_MAX || !report.shows(file) {
            return None;
        }
        SCRATCH.with_borrow_mut(|out| {
            out.clear();
            report.file(out, file).ok()?;
            (!out.is_empty()).then(|| out.to_vec())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::{self, IoSlice, Write};

    /// A writer that takes at most `step` bytes per call, as a pipe or a slow disk may.
    struct Trickle {
        step: usize,
        got: Vec<u8>,
        calls: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.calls += 1;
            let n = buf.len().min(self.step);
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn vectored_writes_survive_partial_writes() {
        let parts: Vec<String> = (0..50).map(|i| format!("{{\"n\":{i}}}")).collect();
        for step in [1, 3, 7, 1000] {
            let mut out = Trickle {
                step,
                got: Vec::new(),
                calls: 0,
            };
            let mut slices: Vec<IoSlice<'_>> =
                parts.iter().map(|p| IoSlice::new(p.as_bytes())).collect();
            super::write_slices(&mut out, &mut slices).unwrap();
            assert_eq!(
                String::from_utf8(out.got).unwrap(),
                parts.concat(),
                "step {step}"
            );
            assert!(slices.is_empty());
            assert!(out.calls >= parts.concat().len().div_ceil(step));
        }
    }
}
