//! The unified diff `--fix --dry-run` prints instead of writing (the fixing itself is the core's
//! `fix::fix_until_stable`). Fixes are minimal byte edits, so line endings, a BOM and
//! indentation survive untouched.

use std::time::Duration;

use similar::TextDiff;

/// How long the diff of one file may search for the smallest edit script: past it, `similar`
/// settles for a larger but still correct diff (a whole-document rewrite of 100,000 lines would
/// otherwise take seconds).
const DIFF_TIMEOUT: Duration = Duration::from_millis(500);

/// A unified diff from `before` to `after`, headed `a/PATH` and `b/PATH` like `git diff`.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(before, after)
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
}
