//! `--format human`: rustc-style reports rendered by `annotate-snippets`: the message and rule
//! code, `--> path:line:column` (1-based, columns in characters), a code frame with the range
//! underlined, and the fix as a suggested patch; then the summary line.

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Patch, Renderer, Snippet};
use credsum_analysis::{Diagnostic, Severity, TextRange};
use credsum_syntax::line_index::{LineIndex, PositionEncoding};

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

/// `range` shifted to a frame of `len` bytes starting at byte `base`, clamped to the frame.
fn local(range: TextRange, base: u32, len: usize) -> Range<usize> {
    let shift = |offset: u32| (offset.saturating_sub(base) as usize).min(len);
    shift(range.start)..shift(range.end)
}

/// The report groups of one diagnostic: the problem with its code frame, then the fix.
fn groups<'a>(file: &'a CheckedFile, diagnostic: &'a Diagnostic) -> Vec<Group<'a>> {
    let title = level(diagnostic.severity)
        .primary_title(&*diagnostic.message)
        .id(diagnostic.code.as_str());
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
        let help = Level::HELP.secondary_title(format!("{} (fixable with --fix)", fix.title));
        match frame(file.text(), file.index(), fix.edits.iter().map(|e| e.range)) {
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

/// The renderer: styled for a terminal that takes colour, plain otherwise.
pub fn renderer(color: bool) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// Writes the report of every diagnostic of `file`: ahead of the report, on the thread that
/// checked it (code frames of 2,000 files are otherwise a serial tail of 12 ms after the
/// checks), or in place by [`write`] for a file with many findings.
pub fn render_file(out: &mut dyn Write, file: &CheckedFile, renderer: &Renderer) -> io::Result<()> {
    for diagnostic in file.diagnostics() {
        writeln!(out, "{}\n", renderer.render(&groups(file, diagnostic)))?;
    }
    Ok(())
}

/// Writes every diagnostic of `files` (as rendered ahead, or now), then the summary line.
pub fn write(out: &mut dyn Write, files: &[Box<CheckedFile>], color: bool) -> io::Result<()> {
    let renderer = renderer(color);
    for file in files {
        match file.ahead() {
            Some(rendered) => out.write_all(rendered)?,
            None => render_file(out, file, &renderer)?,
        }
    }
    writeln!(out, "{}", Totals::count(files))
}
