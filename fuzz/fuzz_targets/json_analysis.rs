//! Fuzzes the whole analysis of a `.json` PATCH body (`Analyzer::analyze` with the default
//! configuration, as `credsum lint` runs it). Every diagnostic and fix edit must lie inside the
//! text on char boundaries; applying every safe fix (`credsum_analysis::fix::apply_fixes`)
//! must give a text that analyses again without panicking, and must keep a body without
//! syntax errors free of syntax errors (and valid for serde_json).
#![no_main]

use credsum_analysis::FileKind;
use credsum_fuzz::{analyze_and_fix, check_json_text, text_of, ANALYZER};
use credsum_syntax::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let (_, fixed) = analyze_and_fix(&text, FileKind::Json);
    // The cheap entry points the linter and the language server call too.
    let _ = ANALYZER.is_request_file(&text, FileKind::Json);
    let _ = ANALYZER.model_for_body(&text);
    let before = json::parse(&text);
    if before.errors.is_empty() && before.tree.root().is_some() {
        let after = json::parse(&fixed);
        assert!(
            after.errors.is_empty() && after.tree.root().is_some(),
            "fixes broke a body that had no syntax error: {fixed:?} has {:?}",
            after.errors
        );
        let without_bom = fixed.strip_prefix('\u{FEFF}').unwrap_or(&fixed);
        if let Err(error) = serde_json::from_str::<serde_json::Value>(without_bom) {
            let message = error.to_string();
            assert!(
                message.contains("recursion limit exceeded")
                    || message.contains("number out of range"),
                "fixes made a body serde_json refuses ({message}): {fixed:?}"
            );
        }
    }
    check_json_text(&fixed);
});
