//! `--fix`: applying the core's safe fixes until the text stops changing, and the unified diff
//! `--fix --dry-run` prints instead of writing. Fixes are minimal byte edits, so line endings,
//! a BOM and indentation survive untouched.

use credsum_analysis::fix::apply_fixes;
use credsum_analysis::{Analyzer, Config, Diagnostic, FileKind};
use similar::TextDiff;

/// Fixing stops after this many passes even if the text still changes.
pub const MAX_PASSES: usize = 10;

/// The text after applying fixes pass by pass (re-analysing after each) until nothing changes
/// or [`MAX_PASSES`] is reached, with the diagnostics that remain; `None` when no fix changed
/// anything.
pub fn fix_until_stable(
    analyzer: &Analyzer,
    kind: FileKind,
    config: &Config,
    text: &str,
    diagnostics: &[Diagnostic],
) -> Option<(String, Vec<Diagnostic>)> {
    let mut fixed: Option<(String, Vec<Diagnostic>)> = None;
    for _ in 0..MAX_PASSES {
        let (current, found) = fixed
            .as_ref()
            .map_or((text, diagnostics), |(t, d)| (t.as_str(), d.as_slice()));
        if !found.iter().any(|d| d.fix.is_some()) {
            break;
        }
        let next = apply_fixes(current, found);
        if next == current {
            break;
        }
        let remaining = analyzer.analyze(&next, kind, config);
        fixed = Some((next, remaining));
    }
    fixed
}

/// A unified diff from `before` to `after`, headed `a/PATH` and `b/PATH` like `git diff`.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_headed_like_git() {
        let diff = unified_diff(
            "x.json",
            "{\r\n  \"a\": 1\r\n}\r\n",
            "{\r\n  \"b\": 1\r\n}\r\n",
        );
        assert!(
            diff.starts_with("--- a/x.json\n+++ b/x.json\n@@ -1,3 +1,3 @@\n"),
            "{diff}"
        );
        assert!(diff.contains("-  \"a\": 1\r\n+  \"b\": 1\r\n"), "{diff:?}");
    }

    #[test]
    fn nothing_to_fix_gives_none() {
        let analyzer = Analyzer::graph();
        let config = Config::default();
        assert!(fix_until_stable(&analyzer, FileKind::Json, &config, "{}", &[]).is_none());
    }
}
