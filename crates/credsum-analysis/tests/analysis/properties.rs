//! Property tests: on arbitrary text and on random edits of valid bodies, analysis never panics,
//! every range lies inside the text on char boundaries, and fixes keep valid JSON valid.

use credsum_analysis::{fix, Analyzer, Applicability, Config, Diagnostic, FileKind};
use proptest::prelude::*;

const VALID: &str = include_str!("../../../../tests/examples/valid/contoso-summary.json");

fn assert_ranges_valid(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let r = d.range.as_usize();
        assert!(
            r.start <= r.end && r.end <= text.len(),
            "{d:?} outside {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{d:?} splits a char"
        );
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            let e = edit.range.as_usize();
            assert!(
                e.start <= e.end
                    && e.end <= text.len()
                    && text.is_char_boundary(e.start)
                    && text.is_char_boundary(e.end),
                "{edit:?}"
            );
        }
    }
}

/// A random edit of `text`: delete a span, insert a snippet, or both.
fn edit(text: &str, at: usize, len: usize, insert: &str) -> String {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{}{}", &text[..at], insert, &text[end..])
}

fn snippet() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\"".to_owned()),
        Just(",".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\"Integer\"".to_owned()),
        Just("\"totalUserCount\": \"42\",".to_owned()),
        Just("🎉コ".to_owned()),
        Just("\r\n".to_owned()),
        Just("// c\n".to_owned()),
        "[ -~]{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}", kind in 0..3usize) {
        let kind = [FileKind::Json, FileKind::Http, FileKind::Markdown][kind];
        let found = Analyzer::graph().analyze(&text, kind, &Config::default());
        assert_ranges_valid(&text, &found);
    }

    #[test]
    fn edited_bodies_keep_ranges_valid(at in 0..600usize, len in 0..20usize, insert in snippet()) {
        let text = edit(VALID, at, len, &insert);
        let found = Analyzer::graph().analyze(&text, FileKind::Json, &Config::default());
        assert_ranges_valid(&text, &found);
    }

    #[test]
    fn fixes_keep_valid_json_valid(at in 0..600usize, len in 0..3usize, insert in snippet()) {
        let text = edit(VALID, at, len, &insert);
        if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
            let analyzer = Analyzer::graph();
            let fixed = fix::apply_fixes(&text, &analyzer.analyze(&text, FileKind::Json, &Config::default()));
            prop_assert!(serde_json::from_str::<serde_json::Value>(&fixed).is_ok(), "{}", fixed);
        }
    }

    /// `--fix` on a random broken body (pieces of bodies glued in any order) never leaves more
    /// syntax errors than it found, and a second run changes nothing.
    #[test]
    fn fixing_broken_bodies_never_makes_them_worse(pieces in prop::collection::vec(broken_piece(), 1..12)) {
        let text = pieces.concat();
        let analyzer = Analyzer::graph();
        let config = Config::default();
        let found = analyzer.analyze(&text, FileKind::Json, &config);
        if let Some((fixed, remaining)) = fix::fix_until_stable(&analyzer, FileKind::Json, &config, &text, &found, Applicability::Unsafe) {
            prop_assert!(syntax_errors(&remaining) <= syntax_errors(&found), "{text:?} -> {fixed:?}");
            let again = fix::fix_until_stable(&analyzer, FileKind::Json, &config, &fixed, &remaining, Applicability::Unsafe);
            prop_assert!(again.is_none(), "{text:?} -> {fixed:?} -> {:?}", again.map(|a| a.0));
        }
    }
}

/// How many syntax errors `diagnostics` hold.
fn syntax_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.code.as_str().starts_with("syntax-"))
        .count()
}

/// A piece of a broken body: punctuation, members with fixable mistakes, comments.
fn broken_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("\"id\":0".to_owned()),
        Just("\"totalUserCont\": 5".to_owned()),
        Just("\"totalUserCount\": \"Integer\"".to_owned()),
        Just("\"securityDefaultsEnabled\": \"true\"".to_owned()),
        Just("// note\n".to_owned()),
        Just("/* c */".to_owned()),
        Just("\n".to_owned()),
        Just("[".to_owned()),
    ]
}

#[test]
fn deep_nesting_does_not_overflow() {
    let deep = format!(
        "{{\"tenantId\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let found = Analyzer::graph().analyze(&deep, FileKind::Json, &Config::default());
    assert_eq!(
        found.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["wrong-type"]
    );
}

#[test]
fn oversized_files_get_one_error() {
    let config = Config {
        max_file_size: 10,
        ..Config::default()
    };
    let found =
        Analyzer::graph().analyze("{\"tenantId\": \"0123456789\"}", FileKind::Json, &config);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "file-too-large");
}

/// Whether the decimal literal `integer.fraction` × 10^`exponent` is a whole number, by moving
/// its point: every digit right of where the point lands is `0`. Exact, and independent of
/// how [`Int32Literal`](credsum_model::edm::Int32Literal) counts digits.
fn whole_by_moving_the_point(integer: &str, fraction: &str, exponent: i64) -> bool {
    let digits = format!("{integer}{fraction}");
    let point = integer.len() as i64 + exponent;
    let right = usize::try_from(point.max(0)).unwrap_or(usize::MAX);
    digits
        .get(right..)
        .is_none_or(|rest| rest.bytes().all(|b| b == b'0'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The whole-number judgement on a literal's text agrees with an exact decimal check, for
    /// literals of up to 30 digits and exponents of ±40 (where a 64-bit float loses both).
    #[test]
    fn whole_numbers_are_judged_exactly_on_the_text(
        integer in "(0|[1-9][0-9]{0,12})",
        fraction in proptest::option::of("[0-9]{1,18}"),
        exponent in proptest::option::of(-40i64..40),
        negative in any::<bool>(),
    ) {
        use credsum_model::edm::Int32Literal;
        let mut text = String::new();
        if negative {
            text.push('-');
        }
        text.push_str(&integer);
        if let Some(fraction) = &fraction {
            text.push('.');
            text.push_str(fraction);
        }
        if let Some(exponent) = exponent {
            text.push_str(&format!("e{exponent}"));
        }
        let read = Int32Literal::of(&text);
        prop_assert!(read.is_some(), "{text} is a JSON number");
        let exact = whole_by_moving_the_point(&integer, fraction.as_deref().unwrap_or(""), exponent.unwrap_or(0));
        match read {
            Some(Int32Literal::Plain) => prop_assert!(fraction.is_none() && exponent.is_none(), "{text}"),
            Some(Int32Literal::Whole(plain)) => {
                prop_assert!(exact, "{text} is not whole");
                if let Some(plain) = plain {
                    // The plain digits are the same number: compare as exact decimals.
                    let plain = plain.trim_start_matches('-');
                    prop_assert!(whole_by_moving_the_point(plain, "", 0));
                    let digits = format!("{integer}{}", fraction.as_deref().unwrap_or(""));
                    let significant = digits.trim_start_matches('0').trim_end_matches('0');
                    prop_assert!(plain == "0" || plain.trim_end_matches('0') == significant, "{text} -> {plain}");
                }
            }
            Some(Int32Literal::NotWhole) => prop_assert!(!exact, "{text} is whole"),
            None => {}
        }
    }
}
