//! `--format human`: rustc-style reports rendered by `annotate-snippets`: the message and rule
//! code, `--> path:line:column` (1-based, columns in characters), a code frame with the range
//! underlined, and the fix as a suggested patch; then the summary line.

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Patch, Renderer, Snippet};
use credsum_analysis::{Applicability, Diagnostic, Severity, TextRange};
use credsum_syntax::line_index::{LineIndex, PositionEncoding};

use super::report::{code, Report};
use super::summary::Totals;
use super::CheckedFile;

/// The `annotate-snippets` level of a severity.
fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO,
        Severity::Hint => Level::HELP.with_name("hint"),
    }
}

/// The whole lines of `text` that `ranges` touch: their byte range and 1-based first line.
fn frame<'t>(
    text: &'t str,
    index: &LineIndex,
    ranges: impl Iterator<Item = TextRange>,
) -> Option<(&'t str, usize, u32)> {
    let (mut first, mut last) = (u32::MAX, 0);
    for range in ranges {
        first = first.min(index.line_col(range.start, PositionEncoding::Utf8).line);
        last = last.max(index.line_col(range.end, PositionEncoding::Utf8).line);
    }
    let start = index.line_range(first)?.start;
    let end = index.line_range(last)?.end;
    let source = text.get(start as usize..end as usize)?;
    Some((source, first as usize + 1, start))
}

/// The most lines a fix's suggested patch may span and still be printed: longer rewrites (which
/// `annotate-snippets` lays out in time growing with the square of their length) are named by
/// their lines instead.
const MAX_PATCH_LINES: usize = 200;

/// The number of lines of a frame (whole lines, the last without its line break).
fn line_count(source: &str) -> usize {
    memchr::memchr_iter(b'\n', source.as_bytes()).count() + 1
}

/// `range` shifted to a frame of `len` bytes starting at byte `base`, clamped to the frame.
fn local(range: TextRange, base: u32, len: usize) -> Range<usize> {
    let shift = |offset: u32| (offset.saturating_sub(base) as usize).min(len);
    shift(range.start)..shift(range.end)
}

/// The report groups of one diagnostic: the problem with its code frame, then the fix.
fn groups<'a>(file: &'a CheckedFile, diagnostic: &'a Diagnostic) -> Vec<Group<'a>> {
    let title = level(diagnostic.severity)
        .primary_title(&*diagnostic.message)
        .id(code(diagnostic));
    let problem = frame(file.text(), file.index(), std::iter::once(diagnostic.range))
        .filter(|_| file.readable);
    let Some((source, line_start, base)) = problem else {
        // Nothing to show (unreadable or too large): point at the file.
        return vec![title.element(Origin::path(file.display.as_str()).line(1).char_column(1))];
    };
    let snippet = Snippet::source(source)
        .line_start(line_start)
        .path(file.display.as_str())
        .annotation(AnnotationKind::Primary.span(local(diagnostic.range, base, source.len())));
    let mut groups = vec![title.element(snippet)];
    if let Some(fix) = &diagnostic.fix {
        let how = match fix.applicability {
            Applicability::Safe => "fixable with --fix",
            Applicability::Unsafe => "fixable with --fix --unsafe-fixes",
            Applicability::DisplayOnly => "a suggestion to apply by hand",
        };
        let help = Level::HELP.secondary_title(format!("{} ({how})", fix.title));
        match frame(file.text(), file.index(), fix.edits.iter().map(|e| e.range)) {
            Some((source, line_start, _)) if line_count(source) > MAX_PATCH_LINES => {
                // A whole-document rewrite (a JSON Patch conversion of thousands of operations):
                // say where it goes instead of printing it; `--fix --dry-run` shows the diff.
                let last = line_start + line_count(source) - 1;
                let title = format!(
                    "{} ({how}; it rewrites lines {line_start} to {last}: see --fix --dry-run)",
                    fix.title
                );
                groups.push(Group::with_title(Level::HELP.secondary_title(title)));
            }
            Some((source, line_start, base)) => {
                let patches = fix
                    .edits
                    .iter()
                    .map(|e| Patch::new(local(e.range, base, source.len()), e.new_text.as_str()));
                let snippet = Snippet::source(source)
                    .line_start(line_start)
                    .path(file.display.as_str())
                    .patches(patches);
                groups.push(help.element(snippet));
            }
            None => groups.push(Group::with_title(help)),
        }
    }
    groups
}

/// The human report: each finding's code frames, then the summary line.
pub struct Human {
    /// Styled for a terminal that takes colour, plain otherwise.
    renderer: Renderer,
}

impl Human {
    /// The report, in colour or not.
    pub fn new(color: bool) -> Human {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Human { renderer }
    }
}

impl Report for Human {
    fn file(&self, out: &mut dyn Write, file: &CheckedFile) -> io::Result<()> {
        for diagnostic in file.diagnostics() {
            writeln!(out, "{}\n", self.renderer.render(&groups(file, diagnostic)))?;
        }
        Ok(())
    }

    fn tail(&self, out: &mut dyn Write, files: &[Box<CheckedFile>], _any: bool) -> io::Result<()> {
        writeln!(out, "{}", Totals::count(files))
    }
}
