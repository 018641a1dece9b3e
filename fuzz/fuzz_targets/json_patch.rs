//! Fuzzes the analysis and conversion of RFC 6902 JSON Patch documents: the input as a `.json`
//! file and as the body of a PATCH request (`.http`). Besides the invariants every analysis
//! keeps (ranges, fixes, a fixed text that analyses again), the conversion of a document, when
//! offered, must give a JSON object that serde_json reads and that has no error whose code the
//! document did not have; completion and hover inside the document must hand out ranges in the
//! text.
#![no_main]

use credsum_analysis::{fix, Diagnostic, FileKind, Severity};
use credsum_fuzz::{analyze_and_fix, assert_range, check_diagnostics, text_of, ANALYZER, CONFIG};
use credsum_syntax::json;
use libfuzzer_sys::fuzz_target;

/// The request line and headers a request body is sent with.
const REQUEST: &str = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\nAuthorization: Bearer t\nContent-Type: application/json-patch+json\n\n";

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let (found, _) = analyze_and_fix(&text, FileKind::Json);
    check_conversion(&text, FileKind::Json, &found);
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    for offset in [len / 2, len.saturating_sub(2), len / 3] {
        for c in ANALYZER.completions_at_time(&text, FileKind::Json, offset, 0) {
            assert_range(&text, c.replace, "completion");
        }
        if let Some(hover) = ANALYZER.hover(&text, FileKind::Json, offset) {
            assert_range(&text, hover.range, "hover");
        }
    }
    let request = format!("{REQUEST}{text}");
    let (found, _) = analyze_and_fix(&request, FileKind::Http);
    check_conversion(&request, FileKind::Http, &found);
});

/// Applies the conversion of the document, when offered, and checks the result.
fn check_conversion(text: &str, kind: FileKind, found: &[Diagnostic]) {
    let Some(convert) = found
        .iter()
        .find(|d| d.code == "json-patch-document" && d.fix.is_some())
    else {
        return;
    };
    let converted = fix::apply_fixes(text, std::slice::from_ref(convert));
    let after = ANALYZER.analyze(&converted, kind, &CONFIG);
    check_diagnostics(&converted, &after);
    for d in after.iter().filter(|d| d.severity == Severity::Error) {
        assert!(
            found.iter().any(|f| f.code == d.code),
            "the conversion added {} ({}): {text:?} became {converted:?}",
            d.code,
            d.message
        );
    }
    if kind == FileKind::Json {
        let parse = json::parse(&converted);
        assert!(parse.errors.is_empty(), "the conversion is JSON: {converted:?}");
        let without_bom = converted.strip_prefix('\u{FEFF}').unwrap_or(&converted);
        match serde_json::from_str::<serde_json::Value>(without_bom) {
            Ok(value) => assert!(value.is_object(), "an object: {converted:?}"),
            Err(error) => assert!(
                error.to_string().contains("recursion limit exceeded")
                    || error.to_string().contains("number out of range"),
                "serde_json reads the conversion ({error}): {converted:?}"
            ),
        }
    }
}
