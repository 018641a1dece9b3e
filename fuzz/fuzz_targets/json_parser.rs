//! Fuzzes the tolerant JSON parser (`credsum_syntax::json`) on arbitrary bytes, read as text
//! (invalid UTF-8 replaced by U+FFFD). It must never panic; every node, member, error and fix
//! range must lie inside the text (and inside the parsed sub-range for `parse_range`) on char
//! boundaries; and it must agree with serde_json on which texts are valid JSON.
#![no_main]

use credsum_fuzz::{check_json_text, text_of};
use credsum_syntax::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    check_json_text(&text);
    agrees_with_serde_json(&text);
});

/// Differential check: a text without syntax errors (and with a root) is exactly one that
/// serde_json accepts. A leading BOM is skipped by credsum (documented) but not by serde_json;
/// texts serde_json refuses only for its own limits (nesting over 128, floats out of f64
/// range) are left out.
fn agrees_with_serde_json(text: &str) {
    let parse = json::parse(text);
    let ours = parse.errors.is_empty() && parse.tree.root().is_some();
    let without_bom = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let theirs = match serde_json::from_str::<serde_json::Value>(without_bom) {
        Ok(_) => true,
        Err(error) => {
            let message = error.to_string();
            if message.contains("recursion limit exceeded")
                || message.contains("number out of range")
            {
                return;
            }
            false
        }
    };
    assert_eq!(
        ours, theirs,
        "credsum says valid={ours}, serde_json says valid={theirs}; errors: {:?}",
        parse.errors
    );
}
