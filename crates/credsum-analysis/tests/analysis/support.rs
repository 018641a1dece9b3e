//! Shared test helpers: render diagnostics under the lines they point at, apply fixes.
//! Each test binary uses a subset of them.
#![allow(dead_code)]

use credsum_analysis::{fix, Analyzer, Applicability, Config, Diagnostic, FileKind};
use credsum_syntax::line_index::{LineIndex, PositionEncoding};

/// Analyses `text` with the default configuration.
pub fn analyze(kind: FileKind, text: &str) -> Vec<Diagnostic> {
    Analyzer::graph().analyze(text, kind, &Config::default())
}

/// The text with each diagnostic drawn under its line as `^^^ severity[code]: message (fix: …)`.
pub fn annotate(text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for line in 0..index.line_count() {
        let Some(range) = index.line_range(line) else {
            continue;
        };
        out.push_str(&text[range.as_usize()]);
        out.push('\n');
        for d in diagnostics {
            let start = index.line_col(d.range.start, PositionEncoding::Utf32);
            if start.line != line {
                continue;
            }
            let end = index.line_col(d.range.end, PositionEncoding::Utf32);
            let width = if end.line == line {
                (end.col - start.col).max(1)
            } else {
                1
            };
            let fix = d
                .fix
                .as_ref()
                .map(|f| format!(" (fix: {})", f.title))
                .unwrap_or_default();
            out.push_str(&format!(
                "{}{} {}[{}]: {}{}\n",
                " ".repeat(start.col as usize),
                "^".repeat(width as usize),
                d.severity.name(),
                d.code,
                d.message,
                fix
            ));
        }
    }
    out
}

/// Analyses and annotates.
pub fn check(kind: FileKind, text: &str) -> String {
    annotate(text, &analyze(kind, text))
}

/// The text after applying safe fixes until nothing changes (what `credsum lint --fix` writes).
pub fn fixed(kind: FileKind, text: &str) -> String {
    fixed_up_to(kind, text, Applicability::Safe)
}

/// The text after applying fixes up to `ceiling` until nothing changes (`Unsafe`: what
/// `credsum lint --fix --unsafe-fixes` writes).
pub fn fixed_up_to(kind: FileKind, text: &str, ceiling: Applicability) -> String {
    let analyzer = Analyzer::graph();
    let config = Config::default();
    let found = analyzer.analyze(text, kind, &config);
    fix::fix_until_stable(&analyzer, kind, &config, text, &found, ceiling)
        .map_or_else(|| text.to_owned(), |(fixed, _)| fixed)
}
