//! Fixes applied: before/after, and idempotence.

mod support;

use credsum_analysis::FileKind;
use support::fixed;

#[test]
fn fixes_rewrite_only_what_they_must() {
    let before = "{\r\n\t\"id\": \"x\",\r\n\t\"tenantDisplayNme\": \"Contoso\",\r\n\t\"totalUserCount\": \"Integer\",\r\n\t\"securityDefaultsEnabled\": \"true\",\r\n\t\"lastRefreshedDateTime\": \"String (timestamp)\",\r\n\t\"@odata.type\": \"#microsoft.graph.x\",\r\n\t\"mfaConditionalAccessPolicyState\": \"DISABLED\",\r\n}\r\n";
    let after = fixed(FileKind::Json, before);
    insta::assert_snapshot!(after);
    assert_eq!(
        fixed(FileKind::Json, &after),
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
