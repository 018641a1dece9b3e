//! RFC 6902 JSON Patch documents: the findings on each fixture of tests/examples/json-patch, the
//! converted bodies (`--fix`), editor features, the toy resource, and bad input at scale.

use crate::support;

use credsum_analysis::{Analyzer, CompletionKind, Config, FileKind};
use credsum_model::toy::registry_with_widget;
use support::{analyze, check, fixed};

/// A fixture of tests/examples/json-patch.
fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/examples/json-patch/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("fixture")
}

/// The codes `text` gets, in order.
fn codes(kind: FileKind, text: &str) -> Vec<&'static str> {
    analyze(kind, text)
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

/// The fixed text, checked to add no error: every error it has, `text` had too (by code).
fn converted(kind: FileKind, text: &str) -> String {
    let after = fixed(kind, text);
    let before = codes(kind, text);
    for d in analyze(kind, &after) {
        if d.severity == credsum_analysis::Severity::Error {
            assert!(
                before.contains(&d.code.as_str()),
                "the conversion added {}: {}\n{after}",
                d.code,
                d.message
            );
        }
    }
    after
}

#[test]
fn convertible_document() {
    let text = fixture("convertible.patch.json");
    insta::assert_snapshot!(check(FileKind::Json, &text));
    let after = converted(FileKind::Json, &text);
    insta::assert_snapshot!(after);
    assert!(codes(FileKind::Json, &after).is_empty(), "{after}");
}

#[test]
fn tests_moves_and_copies_prevent_the_conversion() {
    let text = fixture("not-convertible.patch.json");
    insta::assert_snapshot!(check(FileKind::Json, &text));
    assert_eq!(fixed(FileKind::Json, &text), text);
}

#[test]
fn every_operation_is_checked() {
    let text = fixture("broken-operations.patch.json");
    insta::assert_snapshot!(check(FileKind::Json, &text));
    insta::assert_snapshot!(fixed(FileKind::Json, &text));
}

#[test]
fn values_follow_the_body_rules() {
    let text = fixture("wrong-values.patch.json");
    insta::assert_snapshot!(check(FileKind::Json, &text));
}

#[test]
fn a_request_gets_its_headers_fixed_with_the_body() {
    let text = fixture("request.http");
    insta::assert_snapshot!(check(FileKind::Http, &text));
    let after = converted(FileKind::Http, &text);
    insta::assert_snapshot!(after);
    assert_eq!(
        codes(FileKind::Http, &after),
        ["generated-only-operation"],
        "{after}"
    );
}

#[test]
fn a_request_without_content_type_gets_one() {
    let text = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/x\r\nAuthorization: Bearer t\r\n\r\n[{\"op\": \"add\", \"path\": \"/tenantId\", \"value\": null}]\r\n";
    assert_eq!(
        codes(FileKind::Http, text),
        ["generated-only-operation", "json-patch-document"]
    );
    assert_eq!(
        converted(FileKind::Http, text),
        "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\n\r\n{\"tenantId\": null}\r\n"
    );
}

#[test]
fn an_empty_array_is_a_patch_document_only_in_a_request() {
    assert_eq!(codes(FileKind::Json, "[]"), ["root-not-object"]);
    let request = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/x\nAuthorization: Bearer t\nContent-Type: application/json-patch+json\n\n[]\n";
    assert_eq!(
        codes(FileKind::Http, request),
        ["generated-only-operation", "json-patch-document"]
    );
    let after = converted(FileKind::Http, request);
    assert!(
        after.ends_with("Content-Type: application/json\n\n{}\n"),
        "{after}"
    );
}

#[test]
fn other_arrays_stay_bodies_that_are_not_objects() {
    assert_eq!(
        codes(FileKind::Json, r#"[{"totalUserCount": 1}]"#),
        ["root-not-object"]
    );
    let post = "POST https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\nAuthorization: Bearer t\nContent-Type: application/json\n\n[{\"op\": \"add\"}]\n";
    assert!(codes(FileKind::Http, post).contains(&"root-not-object"));
}

#[test]
fn markdown_requests_are_converted_in_place() {
    let text = "# Update\n\n```http\nPATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummaryId}\nContent-Type: application/json-patch+json\n\n[\n    {\"op\": \"replace\", \"path\": \"/tenantDisplayName\", \"value\": \"Contoso\"}\n]\n```\n";
    let after = converted(FileKind::Markdown, text);
    insta::assert_snapshot!(after);
}

#[test]
fn rfc_6901_escapes_are_decoded() {
    let text = r##"[{"op": "replace", "path": "/@odata.type", "value": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"}, {"op": "add", "path": "/tenant~1Id", "value": "x"}]"##;
    assert_eq!(
        codes(FileKind::Json, text),
        ["json-patch-document", "json-patch-path"]
    );
}

#[test]
fn the_toy_resource_gets_patch_documents_too() {
    let analyzer = Analyzer::new(registry_with_widget());
    let text = r#"[{"op": "replace", "path": "/parts", "value": "Integer"}, {"op": "add", "path": "/capacty", "value": 3}]"#;
    let found: Vec<String> = analyzer
        .analyze(text, FileKind::Json, &Config::default())
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    insta::assert_debug_snapshot!(found);
    let at = |fixture: &str| {
        let offset = fixture.find("$0").expect("a cursor") as u32;
        (fixture.replace("$0", ""), offset)
    };
    let (text, offset) =
        at(r#"[{"op": "add", "path": "/parts", "value": 1}, {"op": "add", "path": "/$0"}]"#);
    let labels: Vec<String> = analyzer
        .completions(&text, FileKind::Json, offset)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert_eq!(labels, ["/@odata.type", "/parts", "/capacity"]);
    let (text, offset) = at(r#"[{"op": "add", "path": "/parts", "value": $0}]"#);
    let values: Vec<String> = analyzer
        .completions_at_time(&text, FileKind::Json, offset, 0)
        .into_iter()
        .map(|c| c.insert_text)
        .collect();
    assert_eq!(values, ["42", "null"]);
    let (text, offset) = at(r#"[{"op": "add", "path": "/ca$0pacity", "value": 1}]"#);
    let hover = analyzer
        .hover(&text, FileKind::Json, offset)
        .expect("a hover");
    assert!(
        hover.markdown.starts_with("**`capacity`**"),
        "{}",
        hover.markdown
    );
}

/// The completions at the `$0` of `fixture`, a `.json` file, at a fixed time.
fn completions(fixture: &str) -> Vec<credsum_analysis::Completion> {
    let offset = fixture.find("$0").expect("a cursor") as u32;
    let text = fixture.replace("$0", "");
    Analyzer::graph().completions_at_time(&text, FileKind::Json, offset, 1_700_000_000)
}

#[test]
fn completion_of_ops_paths_and_values() {
    let complete = |fixture: &str| {
        completions(fixture)
            .into_iter()
            .map(|c| {
                assert_eq!(c.kind, CompletionKind::Value);
                format!("{} => {:?} {:?}", c.label, c.insert_text, c.detail)
            })
            .collect::<Vec<_>>()
    };
    insta::assert_snapshot!(complete(r#"[{"op": "re$0"}]"#).join("\n"));
    insta::assert_snapshot!(complete(r#"[{"op": "replace", "path":$0}]"#).join("\n"));
    insta::assert_snapshot!(complete(
        "[\n  {\"op\": \"replace\", \"path\": \"/securityDefaultsEnabled\", \"value\": $0\n"
    )
    .join("\n"));
    insta::assert_snapshot!(complete(
        r#"[{"op": "add", "path": "/lastRefreshedDateTime", "value": "$0"}]"#
    )
    .join("\n"));
}

#[test]
fn completion_of_the_members_an_operation_lacks() {
    let complete = |fixture: &str| {
        completions(fixture)
            .into_iter()
            .map(|c| {
                assert_eq!(c.kind, CompletionKind::Property);
                format!("{} => {:?} / {:?}", c.label, c.insert_text, c.snippet)
            })
            .collect::<Vec<_>>()
    };
    // A replace lacks its value; a move its from (a `:` follows: the key alone); an operation
    // not yet named may have any member (in a document another operation makes one).
    assert_eq!(
        complete(r#"[{"op": "replace", "path": "/totalUserCount", $0}]"#),
        [r#"value => "\"value\": null" / Some("\"value\": ${1:null}")"#]
    );
    assert_eq!(
        complete(r#"[{"op": "move", "path": "/tenantId", "fr$0": "/id"}]"#),
        [r#"from => "from\"" / None"#]
    );
    assert_eq!(
        complete(r#"[{"op": "remove", "path": "/tenantId"}, {$0}]"#),
        [
            r#"op => "\"op\": \"replace\"" / Some("\"op\": \"${1:replace}\"")"#,
            r#"path => "\"path\": \"/\"" / Some("\"path\": \"/$1\"")"#,
            r#"value => "\"value\": null" / Some("\"value\": ${1:null}")"#,
            r#"from => "\"from\": \"/\"" / Some("\"from\": \"/$1\"")"#,
        ]
    );
}

#[test]
fn hover_on_a_path_shows_the_property() {
    let analyzer = Analyzer::graph();
    let text = r#"[{"op": "move", "from": "/tenantId", "path": "/tenantDisplayName"}]"#;
    let at = |needle: &str| text.find(needle).expect("needle") as u32 + 2;
    let hover = analyzer
        .hover(text, FileKind::Json, at("/tenantDisplayName"))
        .expect("a hover on path");
    assert!(hover.markdown.starts_with("**`tenantDisplayName`**"));
    let hover = analyzer
        .hover(text, FileKind::Json, at("/tenantId"))
        .expect("a hover on from");
    assert!(hover.markdown.starts_with("**`tenantId`**"));
    assert!(analyzer.hover(text, FileKind::Json, at("move")).is_none());
}

#[test]
fn a_hundred_thousand_operations_are_checked_and_converted() {
    let ops: Vec<String> = (0..100_000)
        .map(|i| match i % 4 {
            0 => format!(r#"{{"op": "replace", "path": "/totalUserCount", "value": {i}}}"#),
            1 => r#"{"op": "remove", "path": "/tenantDisplayName"}"#.to_owned(),
            2 => format!(r#"{{"op": "add", "path": "/tenantId", "value": "t{i}"}}"#),
            _ => r#"{"op": "replace", "path": "/mfaRegisteredUserCount", "value": 7}"#.to_owned(),
        })
        .collect();
    let text = format!("[\n  {}\n]\n", ops.join(",\n  "));
    let found = analyze(FileKind::Json, &text);
    assert_eq!(
        found.len(),
        1 + 99_996,
        "one document finding, each repeat noted"
    );
    let after = fixed(FileKind::Json, &text);
    assert_eq!(
        after,
        "{\n  \"totalUserCount\": 99996,\n  \"tenantDisplayName\": null,\n  \"tenantId\": \"t99998\",\n  \"mfaRegisteredUserCount\": 7\n}\n"
    );
}
