//! Fixes applied: before/after, and idempotence.

use crate::support;

use credsum_analysis::{Applicability, FileKind};
use support::{fixed, fixed_up_to};

/// Safe fixes (a typo renamed, quotes removed, `id` removed) and unsafe ones (placeholders
/// replaced with example values, `@odata.type` replaced) on one body.
const MIXED: &str = "{\r\n\t\"id\": \"x\",\r\n\t\"tenantDisplayNme\": \"Contoso\",\r\n\t\"totalUserCount\": \"Integer\",\r\n\t\"securityDefaultsEnabled\": \"true\",\r\n\t\"lastRefreshedDateTime\": \"String (timestamp)\",\r\n\t\"@odata.type\": \"#microsoft.graph.x\",\r\n\t\"mfaConditionalAccessPolicyState\": \"DISABLED\",\r\n}\r\n";

#[test]
fn fixes_rewrite_only_what_they_must() {
    // `--fix`: safe fixes only; the placeholders and the foreign @odata.type stay.
    let after = fixed(FileKind::Json, MIXED);
    insta::assert_snapshot!(after);
    assert_eq!(
        fixed(FileKind::Json, &after),
        after,
        "a second run changes nothing"
    );
}

#[test]
fn unsafe_fixes_are_applied_only_with_unsafe_fixes() {
    let after = fixed_up_to(FileKind::Json, MIXED, Applicability::Unsafe);
    insta::assert_snapshot!(after);
    assert_eq!(
        fixed_up_to(FileKind::Json, &after, Applicability::Unsafe),
        after,
        "a second run changes nothing"
    );
}

#[test]
fn removing_the_last_member_keeps_json_valid() {
    let after = fixed(
        FileKind::Json,
        "{\n  \"tenantId\": \"a\",\n  \"id\": \"x\"\n}\n",
    );
    assert_eq!(after, "{\n  \"tenantId\": \"a\"\n}\n");
}

/// Regression (found by the `json_analysis` fuzz target): a quoted integer that is not a JSON
/// integer literal (`"050"`, `"+5"`) got a "remove the quotes" fix that wrote `050`, turning a
/// valid body into invalid JSON. Such strings are now plain wrong types with no fix; JSON
/// integers (`"-0"`, `" 42 "` once trimmed) keep the fix.
#[test]
fn unquoting_never_writes_an_invalid_number() {
    let before = r#"{"totalUserCount": "050", "mfaRegisteredUserCount": "+5", "ssprEnabledUserCount": "-0", "mfaExcludedUserCount": " 42 "}"#;
    let found = support::analyze(FileKind::Json, before);
    let codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["wrong-type", "wrong-type", "quoted-value", "quoted-value"]
    );
    let after = fixed(FileKind::Json, before);
    assert_eq!(
        after,
        r#"{"totalUserCount": "050", "mfaRegisteredUserCount": "+5", "ssprEnabledUserCount": -0, "mfaExcludedUserCount": 42}"#
    );
    serde_json::from_str::<serde_json::Value>(&after).expect("the fixed body is valid JSON");
}
