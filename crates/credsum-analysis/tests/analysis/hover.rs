//! Hover fixtures: the text with `$0` at the cursor, the hover's range and Markdown.

use credsum_analysis::{Analyzer, FileKind};
use insta::assert_snapshot;

/// The hover at the `$0` of `fixture`: the hovered text, then the Markdown; `None` if none.
fn check_hover(kind: FileKind, fixture: &str) -> Option<String> {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    let text = fixture.replacen("$0", "", 1);
    let hover = Analyzer::graph().hover(&text, kind, offset as u32)?;
    Some(format!(
        "on `{}`\n\n{}",
        &text[hover.range.as_usize()],
        hover.markdown
    ))
}

#[test]
fn property_key() {
    assert_snapshot!(check_hover(FileKind::Json, "{\"mfaRegis$0teredUserCount\": 3}").unwrap());
}

#[test]
fn property_value() {
    assert_snapshot!(check_hover(
        FileKind::Json,
        "{\"mfaConditionalAccessPolicyState\": \"ena$0bled\"}"
    )
    .unwrap());
}

#[test]
fn key_and_read_only_notes() {
    assert_snapshot!(check_hover(FileKind::Json, "{\"i$0d\": \"x\"}").unwrap());
}

#[test]
fn unknown_key_has_no_hover() {
    assert_eq!(check_hover(FileKind::Json, "{\"nope$0\": 1}"), None);
    assert_eq!(check_hover(FileKind::Json, "{\"tenantId\": 1,$0 }"), None);
}

#[test]
fn http_body() {
    let text = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\nContent-Type: application/json\n\n{\"lastRefreshed$0DateTime\": null}\n";
    assert_snapshot!(check_hover(FileKind::Http, text).unwrap());
}

#[test]
fn request_line_names_the_operation_permissions_and_query_options() {
    let url = "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries";
    assert_snapshot!(
        "request_line_get",
        check_hover(FileKind::Http, &format!("GET {url}/4$02\n")).unwrap()
    );
    assert_snapshot!(
        "request_line_list",
        check_hover(FileKind::Http, &format!("G$0ET {url}\n")).unwrap()
    );
    assert_snapshot!(
        "request_line_update",
        check_hover(FileKind::Http, &format!("PATCH {url}/4$02\n")).unwrap()
    );
    assert_snapshot!(
        "request_line_no_operation",
        check_hover(FileKind::Http, &format!("PUT {url}$0\n")).unwrap()
    );
    // The query is the query options' own: the option, not the operation.
    let option = check_hover(FileKind::Http, &format!("GET {url}?$to$0p=1\n")).unwrap();
    assert!(option.contains("**`$top`**"), "{option}");
    assert!(!option.contains("Reports.Read.All"), "{option}");
}

#[test]
fn hover_does_not_repeat_diagnostics() {
    let text = "{\"totalUserCount\": -1}";
    let analyzer = Analyzer::graph();
    let offset = text.find("-1").unwrap() as u32;
    let hover = analyzer.hover(text, FileKind::Json, offset).unwrap();
    assert!(
        !hover.markdown.contains("negative-count"),
        "{}",
        hover.markdown
    );
}
