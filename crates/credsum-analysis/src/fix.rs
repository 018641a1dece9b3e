//! Applying fixes to a text. A fix is applied whole or not at all, and never makes a file worse:
//! [`fix_until_stable`] re-analyses after each pass and keeps out any fix whose result has more
//! syntax errors, so `credsum lint --fix` and the editor's "fix all" reach the same fixed point.
//! Unattended runs take fixes up to an [`Applicability`] ceiling: `Safe` for `--fix` and the
//! editor's "Fix all", `Unsafe` with `--unsafe-fixes`; display-only fixes never.

use crate::analyzer::{Analyzer, FileKind};
use crate::config::Config;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rules::Code;

/// Fixing stops after this many passes even if the text still changes.
pub const MAX_PASSES: usize = 10;

/// In a pass whose fixes together add a syntax error, at most this many fixes are tried one at a
/// time (each try re-analyses the file); the rest wait for the next run.
const MAX_TRIED_ONE_BY_ONE: usize = 256;

/// Whether `fix` can be applied to `text`: its edits lie in the text on char boundaries, in text
/// order, without overlapping one another.
fn is_applicable(text: &str, fix: &Fix) -> bool {
    let mut cursor = 0usize;
    fix.edits.iter().all(|edit| {
        let range = edit.range.as_usize();
        let ok = range.start >= cursor
            && range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        cursor = range.end.max(cursor);
        ok
    })
}

/// The span a fix touches, from its first edit's start to its last edit's end.
fn span(fix: &Fix) -> Option<(u32, u32)> {
    Some((fix.edits.first()?.range.start, fix.edits.last()?.range.end))
}

/// The fixes of `fixes` that can be applied together: each whole and applicable, none touching
/// the span of one taken before it (in text order of their first edit). Ties keep input order.
fn compatible<'f>(text: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> Vec<&'f Fix> {
    let mut candidates: Vec<&Fix> = fixes
        .into_iter()
        .filter(|f| !f.edits.is_empty() && is_applicable(text, f))
        .collect();
    candidates.sort_by_key(|f| span(f));
    let mut taken: Vec<&Fix> = Vec::with_capacity(candidates.len());
    let mut end = 0u32;
    for fix in candidates {
        let Some((start, last)) = span(fix) else {
            continue;
        };
        // Fixes that only touch (one ends where the next starts) are both taken, as edits are.
        if !taken.is_empty() && start < end {
            continue;
        }
        end = last;
        taken.push(fix);
    }
    taken
}

/// `text` with `fixes` applied; they must come from [`compatible`] (in text order, disjoint).
fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0usize;
    for edit in fixes.iter().flat_map(|f| f.edits.iter()) {
        let range = edit.range.as_usize();
        out.push_str(&text[cursor..range.start]);
        out.push_str(&edit.new_text);
        cursor = range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// Applies the fixes of `diagnostics` that can be applied together, each whole, whatever their
/// applicability (the caller chose the diagnostics): a fix that is out of range, or that
/// overlaps a fix taken before it, is left out entirely (a later pass picks it up). Does not
/// re-analyse; see [`fix_until_stable`].
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic]) -> String {
    let fixes = compatible(text, diagnostics.iter().filter_map(|d| d.fix.as_deref()));
    apply(text, &fixes)
}

/// How many syntax errors `diagnostics` hold.
fn syntax_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::Syntax(_)))
        .count()
}

/// The text after applying the fixes whose applicability is at most `ceiling` (see
/// [`Fix::applies_up_to`]) pass by pass, re-analysing after each, until nothing changes or
/// [`MAX_PASSES`] is reached, with the diagnostics that remain; `None` when no fix changed
/// anything. A pass never adds a syntax error: when its fixes together would, they are tried one
/// at a time and only those that keep the count are applied.
pub fn fix_until_stable(
    analyzer: &Analyzer,
    kind: FileKind,
    config: &Config,
    text: &str,
    diagnostics: &[Diagnostic],
    ceiling: Applicability,
) -> Option<(String, Vec<Diagnostic>)> {
    let mut fixed: Option<(String, Vec<Diagnostic>)> = None;
    for _ in 0..MAX_PASSES {
        let (current, found) = fixed
            .as_ref()
            .map_or((text, diagnostics), |(t, d)| (t.as_str(), d.as_slice()));
        let wanted = found
            .iter()
            .filter_map(|d| d.fix.as_deref())
            .filter(|f| f.applies_up_to(ceiling));
        let fixes = compatible(current, wanted);
        if fixes.is_empty() {
            break;
        }
        let before = syntax_errors(found);
        let mut next = apply(current, &fixes);
        let mut remaining = analyzer.analyze(&next, kind, config);
        if syntax_errors(&remaining) > before {
            (next, remaining) = one_by_one(analyzer, kind, config, current, &fixes, before);
        }
        if next == current {
            break;
        }
        fixed = Some((next, remaining));
    }
    fixed
}

/// Applies `fixes` to `text` one at a time, keeping each only when the text still has at most
/// `limit` syntax errors; returns the text and its diagnostics.
fn one_by_one(
    analyzer: &Analyzer,
    kind: FileKind,
    config: &Config,
    text: &str,
    fixes: &[&Fix],
    limit: usize,
) -> (String, Vec<Diagnostic>) {
    let mut kept: Vec<&Fix> = Vec::new();
    let mut best = (text.to_owned(), analyzer.analyze(text, kind, config));
    for fix in fixes.iter().take(MAX_TRIED_ONE_BY_ONE) {
        kept.push(fix);
        let candidate = apply(text, &kept);
        let found = analyzer.analyze(&candidate, kind, config);
        if syntax_errors(&found) <= limit {
            best = (candidate, found);
        } else {
            kept.pop();
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use credsum_syntax::TextRange;

    const SAFE: Applicability = Applicability::Safe;

    fn edit(start: u32, end: u32, new_text: &str) -> Edit {
        Edit {
            range: TextRange::new(start, end),
            new_text: new_text.to_owned(),
        }
    }

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::edits("t", edits)
    }

    #[test]
    fn a_multi_edit_fix_lands_whole_or_not_at_all() {
        let text = "abcdef";
        let first = fix(vec![edit(0, 1, "A")]);
        // Overlaps `first` with its first edit: neither of its edits may land.
        let second = fix(vec![edit(0, 2, "XY"), edit(4, 5, "Z")]);
        let third = fix(vec![edit(3, 4, "D"), edit(5, 6, "F")]);
        let taken = compatible(text, [&first, &second, &third]);
        assert_eq!(apply(text, &taken), "AbcDeF");
        let taken = compatible(text, [&second, &third]);
        assert_eq!(
            apply(text, &taken),
            "XYcdZf",
            "the two-edit fix lands whole"
        );
    }

    #[test]
    fn out_of_range_and_unordered_fixes_are_left_out() {
        let text = "héllo";
        let bad_boundary = fix(vec![edit(2, 3, "x")]);
        let past_end = fix(vec![edit(3, 99, "x")]);
        let unordered = fix(vec![edit(4, 5, "x"), edit(0, 1, "y")]);
        let good = fix(vec![edit(0, 1, "H")]);
        let taken = compatible(text, [&bad_boundary, &past_end, &unordered, &good]);
        assert_eq!(apply(text, &taken), "Héllo");
    }

    #[test]
    fn fixing_never_adds_a_syntax_error() {
        let analyzer = Analyzer::graph();
        let config = Config::default();
        let text = r#"{"id":0,,,,,}"#;
        let found = analyzer.analyze(text, FileKind::Json, &config);
        let before = syntax_errors(&found);
        let (fixed, remaining) =
            fix_until_stable(&analyzer, FileKind::Json, &config, text, &found, SAFE).unwrap();
        assert!(
            syntax_errors(&remaining) <= before,
            "{fixed:?}: {remaining:?}"
        );
        let again = fix_until_stable(&analyzer, FileKind::Json, &config, &fixed, &remaining, SAFE);
        assert!(
            again.is_none(),
            "a second run changed {fixed:?} into {again:?}"
        );
    }

    #[test]
    fn nothing_to_fix_gives_none() {
        let analyzer = Analyzer::graph();
        let config = Config::default();
        assert!(fix_until_stable(&analyzer, FileKind::Json, &config, "{}", &[], SAFE).is_none());
    }

    #[test]
    fn only_fixes_up_to_the_ceiling_are_applied() {
        let analyzer = Analyzer::graph();
        let config = Config::default();
        // "42" unquoted is safe; the docs placeholder "Integer" replaced with 42 is not.
        let text = r#"{"totalUserCount": "42", "mfaRegisteredUserCount": "Integer"}"#;
        let found = analyzer.analyze(text, FileKind::Json, &config);
        let fixed = |ceiling| {
            fix_until_stable(&analyzer, FileKind::Json, &config, text, &found, ceiling)
                .map(|(fixed, _)| fixed)
        };
        assert_eq!(
            fixed(SAFE).as_deref(),
            Some(r#"{"totalUserCount": 42, "mfaRegisteredUserCount": "Integer"}"#)
        );
        let unsafe_too = fixed(Applicability::Unsafe).unwrap_or_default();
        assert!(!unsafe_too.contains("Integer"), "{unsafe_too}");
        let demoted = Config {
            fix: crate::config::FixConfig {
                display_only: vec!["quoted-value".to_owned()],
                ..Default::default()
            },
            ..Config::default()
        };
        let found = analyzer.analyze(text, FileKind::Json, &demoted);
        let fixed = fix_until_stable(&analyzer, FileKind::Json, &demoted, text, &found, SAFE);
        assert_eq!(fixed, None, "a display-only fix is never applied");
    }
}
