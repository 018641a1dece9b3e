//! Invariant checks shared by the credsum fuzz targets: every range a parser or the analyzer
//! hands out lies inside the text on char boundaries (and inside the part of the text that was
//! parsed), trees are well nested, and diagnostics and fixes are well formed. Each check panics
//! with a message naming the broken invariant, which libFuzzer reports as a crash.

use std::sync::LazyLock;

use credsum_analysis::{fix, Analyzer, Config, Diagnostic, FileKind, TextRange};
use credsum_syntax::json::{self, JsonParse, NodeId, NodeKind, SyntaxErrorKind};
use credsum_syntax::line_index::clamp_range;

/// One analyzer for the whole fuzzing session: building it compiles the schemas.
pub static ANALYZER: LazyLock<Analyzer> = LazyLock::new(Analyzer::graph);

/// The default configuration, as `credsum lint` uses it without a `credsum.toml`.
pub static CONFIG: LazyLock<Config> = LazyLock::new(Config::default);

/// The fuzz input as text: valid UTF-8 as is, anything else with U+FFFD for each bad sequence.
pub fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// A sub-range of `text` derived from its length, deliberately not always on char boundaries,
/// for the `*_range` entry points (which must clamp it).
pub fn some_range(text: &str) -> TextRange {
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    TextRange::new(len / 3, len - len / 5)
}

/// Asserts that `range` lies inside `text` and starts and ends on char boundaries.
pub fn assert_range(text: &str, range: TextRange, what: &str) {
    let r = range.as_usize();
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what}: {range:?} is outside the text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: {range:?} splits a char"
    );
}

/// [`assert_range_in`] for a range that may be absent.
pub fn assert_some_in(text: &str, range: Option<TextRange>, outer: TextRange, what: &str) {
    if let Some(range) = range {
        assert_range_in(text, range, outer, what);
    }
}

/// Asserts [`assert_range`] and that `range` lies inside `outer`.
pub fn assert_range_in(text: &str, range: TextRange, outer: TextRange, what: &str) {
    assert_range(text, range, what);
    assert!(
        outer.contains_range(range),
        "{what}: {range:?} is outside the enclosing {outer:?}"
    );
}

/// Checks a JSON parse of `text[bounds]`: every node, member, error and fix range inside
/// `bounds` on char boundaries; children inside their parents, siblings in order and not
/// overlapping; parent links and `member_of` consistent; errors sorted with distinct starts;
/// `covering_node` returning a node that covers the offset asked about. Also calls every
/// accessor on every node, so that decoding escapes and reading literals is exercised.
pub fn check_json_parse(text: &str, parse: &JsonParse<'_>, bounds: TextRange) {
    let tree = &parse.tree;
    assert_eq!(tree.text(), text, "tree text is the parsed text");
    let mut previous_start = 0;
    let mut structural_starts = std::collections::HashSet::new();
    for error in &parse.errors {
        assert_range_in(text, error.range, bounds, error.kind.code());
        if let Some(fix) = &error.fix {
            assert_range_in(text, fix.range, bounds, "syntax fix");
        }
        assert!(
            previous_start <= error.range.start,
            "errors are sorted by start: {:?}",
            parse.errors
        );
        previous_start = error.range.start;
        // A token's own error (a string's or number's, a comment) may share its start with a
        // structural one (`'abc` is single-quoted and unterminated); structural errors never
        // share a start (the parser's cascade cut).
        let token_level = matches!(
            error.kind,
            SyntaxErrorKind::UnterminatedString
                | SyntaxErrorKind::InvalidNumber
                | SyntaxErrorKind::InvalidEscape
                | SyntaxErrorKind::ControlCharacter
                | SyntaxErrorKind::Comment
        );
        assert!(
            token_level || structural_starts.insert(error.range.start),
            "two structural errors start at {}: {:?}",
            error.range.start,
            parse.errors
        );
    }
    let Some(root) = tree.root() else {
        return;
    };
    assert_eq!(tree.parent(root), None, "the root has no parent");
    let mut stack: Vec<NodeId> = vec![root];
    let mut seen = 0usize;
    while let Some(node) = stack.pop() {
        seen += 1;
        let range = tree.range(node);
        assert_range_in(text, range, bounds, "node");
        // Exercise the value accessors; each answers only for its own kind.
        let kind = tree.kind(node);
        assert_eq!(tree.string_value(node).is_some(), kind == NodeKind::String);
        assert_eq!(tree.number_text(node).is_some(), kind == NodeKind::Number);
        assert_eq!(tree.bool_value(node).is_some(), kind == NodeKind::Bool);
        let mut previous_end = range.start;
        for member in tree.members(node) {
            assert_range_in(text, member.key, range, "member key");
            // Decoding any key, quoted or not, escaped or not, never panics.
            let _ = tree.name(member);
            assert_range_in(text, member.range(), range, "member range");
            assert!(
                member.range().contains_range(member.key),
                "member covers key"
            );
            assert!(
                member.range().start >= previous_end,
                "members in order and not overlapping"
            );
            previous_end = member.range().end;
            if let Some(colon) = member.colon() {
                assert_range_in(text, colon, member.range(), "member colon");
            }
            if let Some(value) = member.value() {
                assert_range_in(text, tree.range(value), member.range(), "member value");
                assert_eq!(tree.parent(value), Some(node), "member value's parent");
                assert_eq!(tree.member_of(value), Some(member), "member_of");
                stack.push(value);
            }
        }
        for &element in tree.elements(node) {
            let element_range = tree.range(element);
            assert_range_in(text, element_range, range, "array element");
            assert!(
                element_range.start >= previous_end,
                "elements in order and not overlapping"
            );
            previous_end = element_range.end;
            assert_eq!(tree.parent(element), Some(node), "element's parent");
            stack.push(element);
        }
        for offset in [range.start, range.end] {
            let covering = tree
                .covering_node(offset)
                .expect("an offset inside the root has a covering node");
            assert!(
                tree.range(covering).contains_inclusive(offset),
                "covering_node({offset}) gave {:?}",
                tree.range(covering)
            );
        }
    }
    assert_eq!(
        seen,
        tree.node_count(),
        "every node is reachable from the root"
    );
}

/// Parses `text` (whole, and a sub-range) and checks both parses.
pub fn check_json_text(text: &str) {
    check_json_parse(
        text,
        &json::parse(text),
        TextRange::new(0, text.len() as u32),
    );
    let part = some_range(text);
    // `parse_range` parses the range clamped to the text, its ends moved to char boundaries.
    check_json_parse(
        text,
        &json::parse_range(text, part),
        clamp_range(text, part),
    );
}

/// Checks diagnostics of `text`: ranges and fix edits inside the text on char boundaries, the
/// edits of one fix in text order without overlap, the list sorted by position.
pub fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    let mut previous = None;
    for d in diagnostics {
        assert_range(text, d.range, d.code.as_str());
        let key = (d.range.start, d.range.end);
        assert!(
            previous <= Some(key),
            "diagnostics sorted by position: {diagnostics:#?}"
        );
        previous = Some(key);
        if let Some(fix) = &d.fix {
            let mut end = 0;
            for edit in &fix.edits {
                assert_range(text, edit.range, d.code.as_str());
                assert!(
                    edit.range.start >= end,
                    "{}: edits of one fix in order without overlap: {fix:?}",
                    d.code
                );
                end = edit.range.end;
            }
        }
    }
}

/// Analyses `text` as `kind` like `credsum lint` does, checks the diagnostics, applies every
/// safe fix, and analyses the fixed text again (which must not panic either). Returns the
/// diagnostics and the fixed text.
pub fn analyze_and_fix(text: &str, kind: FileKind) -> (Vec<Diagnostic>, String) {
    let diagnostics = ANALYZER.analyze(text, kind, &CONFIG);
    check_diagnostics(text, &diagnostics);
    // The walking variant must agree whenever it answers.
    if let Some(walked) = ANALYZER.analyze_if_request(text, kind, &CONFIG) {
        assert_eq!(
            walked, diagnostics,
            "analyze_if_request agrees with analyze"
        );
    }
    let fixed = fix::apply_fixes(text, &diagnostics);
    let again = ANALYZER.analyze(&fixed, kind, &CONFIG);
    check_diagnostics(&fixed, &again);
    (diagnostics, fixed)
}
