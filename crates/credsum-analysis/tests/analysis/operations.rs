//! The resource's whole API surface: requests are matched to list, create, get, update, delete
//! and `$count`, bodies are checked by what they carry, and responses against what their request
//! returns. Fixtures are shaped like Graph's List, Get, Create and Update pages, in this
//! project's own words.

use crate::support;

use credsum_analysis::{Analyzer, Config, FileKind, Payload};
use credsum_model::toy::registry_with_widget;
use support::{analyze, check};

const SET: &str = "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries";

/// The codes found in `text`.
fn codes(kind: FileKind, text: &str) -> Vec<&'static str> {
    analyze(kind, text)
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

/// A Markdown page with a request block and a response block, each under its metadata comment.
fn page(request: &str, response: &str) -> String {
    format!(
        "# A page\n\n<!-- {{\n  \"blockType\": \"request\",\n  \"name\": \"sample\"\n}} -->\n```http\n{request}\n```\n\n<!-- {{\n  \"blockType\": \"response\",\n  \"truncated\": true\n}} -->\n```http\n{response}\n```\n"
    )
}

const ITEM: &str = r#"{
      "id": "5f1c2a3b-1111-4c2d-9e8f-0a1b2c3d4e5f",
      "tenantId": "5f1c2a3b-1111-4c2d-9e8f-0a1b2c3d4e5f",
      "tenantDisplayName": "Fabrikam Retail",
      "mfaAndSsprCapableUserCount": 40,
      "mfaExcludedUserCount": 2,
      "mfaRegisteredUserCount": 61,
      "ssprEnabledUserCount": 70,
      "ssprRegisteredUserCount": 55,
      "totalUserCount": 90,
      "securityDefaultsEnabled": true,
      "mfaConditionalAccessPolicyState": "enabledForReportingButNotEnforced",
      "tenantLicenseType": "AADPremium1",
      "lastRefreshedDateTime": "2024-03-05T08:30:12.4410021Z"
    }"#;

fn list_response(items: &[&str]) -> String {
    format!(
        "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{{\n  \"@odata.context\": \"https://graph.microsoft.com/beta/$metadata#tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\",\n  \"@odata.nextLink\": \"https://graph.microsoft.com/beta/next\",\n  \"value\": [\n    {}\n  ]\n}}",
        items.join(",\n    ")
    )
}

#[test]
fn list_page_is_clean() {
    let doc = page(
        "GET /tenantRelationships/managedTenants/credentialUserRegistrationsSummaries",
        &list_response(&[ITEM, ITEM]),
    );
    assert_eq!(
        codes(FileKind::Markdown, &doc),
        Vec::<&str>::new(),
        "{}",
        check(FileKind::Markdown, &doc)
    );
}

#[test]
fn list_page_with_a_bad_item_is_flagged_on_that_item() {
    let bad = ITEM
        .replace("\"totalUserCount\": 90", "\"totalUserCount\": \"Integer\"")
        .replace("\"tenantDisplayName\"", "\"tenantDisplayNam\"");
    let doc = page(
        "GET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries?$top=2",
        &list_response(&[ITEM, &bad]),
    );
    insta::assert_snapshot!(check(FileKind::Markdown, &doc));
}

#[test]
fn get_page_is_clean() {
    let entity = format!(
        "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{{\n  \"@odata.context\": \"https://graph.microsoft.com/beta/$metadata#tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/$entity\",\n  {}\n}}",
        &ITEM.trim().trim_start_matches('{').trim_end_matches('}').trim()
    );
    let doc = page(
        "GET /tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummaryId}?$select=tenantId,totalUserCount",
        &entity,
    );
    assert_eq!(
        codes(FileKind::Markdown, &doc),
        Vec::<&str>::new(),
        "{}",
        check(FileKind::Markdown, &doc)
    );
}

#[test]
fn create_delete_and_count_requests() {
    let http = format!(
        "### create\nPOST {SET}\nAuthorization: Bearer x\nContent-Type: application/json\n\n{ITEM}\n\n\
         ### delete\nDELETE {SET}/5f1c2a3b-1111-4c2d-9e8f-0a1b2c3d4e5f\nAuthorization: Bearer x\n\n\
         ### count\nGET {SET}/$count?$filter=totalUserCount gt 10\nAuthorization: Bearer x\n\n\
         ### a body on a GET, a POST to an item, PUT without a body\nGET {SET}\nAuthorization: Bearer x\nContent-Type: application/json\n\n{{\"totalUserCount\": 1}}\n\n\
         ### post to an item\nPOST {SET}/1\nAuthorization: Bearer x\nContent-Type: application/json\n\n{{}}\n\n\
         ### patch the collection\nPATCH {SET}\nAuthorization: Bearer x\nContent-Type: application/json\n\n{{\"totalUserCount\": \"Integer\"}}\n"
    );
    insta::assert_snapshot!(check(FileKind::Http, &http));
}

#[test]
fn responses_follow_their_request() {
    let doc = page(
        &format!("DELETE {SET}/1"),
        "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"value\": 1}",
    );
    assert_eq!(
        codes(FileKind::Markdown, &doc),
        ["generated-only-operation", "unexpected-status"]
    );
    let doc = page(
        &format!("PATCH {SET}/1\nContent-Type: application/json\n\n{{\"totalUserCount\": 5}}"),
        "HTTP/1.1 204 No Content",
    );
    assert_eq!(
        codes(FileKind::Markdown, &doc),
        ["generated-only-operation"]
    );
    let orphan = "```http\nHTTP/1.1 200 OK\n\n{\"value\": [{\"totalUserCount\": \"x\"}]}\n```\n";
    assert_eq!(codes(FileKind::Markdown, orphan), Vec::<&str>::new());
    let not_a_number = page(
        &format!("GET {SET}/1"),
        "HTTP/1.1 abc OK\n\n{\"totalUserCount\": \"x\"}",
    );
    assert_eq!(codes(FileKind::Markdown, &not_a_number), Vec::<&str>::new());
    let unknown_path = page(
        "GET /tenantRelationships/managedTenants/tenants",
        &list_response(&["{\"x\": 1}"]),
    );
    assert_eq!(codes(FileKind::Markdown, &unknown_path), Vec::<&str>::new());
}

#[test]
fn a_response_entity_may_hold_the_key_and_read_only_properties_but_no_unknown_ones() {
    let doc = page(
        &format!("GET {SET}/1"),
        "HTTP/1.1 200 OK\n\n{\"id\": \"1\", \"totalUserCount\": 3, \"colour\": \"red\"}",
    );
    let found = analyze(FileKind::Markdown, &doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code.as_str(), "unknown-property");
    assert!(
        !found[0].message.contains("rejects"),
        "a response speaks of what Graph returns: {}",
        found[0].message
    );
}

#[test]
fn content_length_in_docs_may_count_crlf() {
    let body = "{\n  \"tenantDisplayName\": \"Contoso\"\n}";
    let crlf_len = body.len() + body.matches('\n').count();
    let request = |len: usize| {
        format!("PATCH {SET}/1\nContent-Type: application/json\nContent-length: {len}\n\n{body}")
    };
    let doc = page(&request(crlf_len), "HTTP/1.1 204 No Content");
    assert!(!codes(FileKind::Markdown, &doc).contains(&"content-length-mismatch"));
    let doc = page(&request(body.len()), "HTTP/1.1 204 No Content");
    assert!(!codes(FileKind::Markdown, &doc).contains(&"content-length-mismatch"));
    let http = request(crlf_len) + "\n";
    let found = analyze(FileKind::Http, &http);
    let mismatch = found
        .iter()
        .find(|d| d.code.as_str() == "content-length-mismatch")
        .expect("a request file keeps the warning");
    assert!(
        mismatch.message.contains("CRLF line endings"),
        "{}",
        mismatch.message
    );
}

#[test]
fn ignored_blocks_are_ignored_by_lint_and_editor_features_alike() {
    let doc = "<!-- {\n  \"blockType\": \"ignored\"\n} -->\n```http\nPATCH /tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/1\n\n{\"totalUserCount\": \"Integer\"}\n```\n";
    let analyzer = Analyzer::graph();
    assert!(analyzer
        .analyze(doc, FileKind::Markdown, &Config::default())
        .is_empty());
    let offset = doc.find("totalUserCount").unwrap() as u32 + 2;
    assert_eq!(analyzer.hover(doc, FileKind::Markdown, offset), None);
    assert!(analyzer.bodies(doc, FileKind::Markdown).is_empty());
}

#[test]
fn numbers_are_judged_on_their_literal_text() {
    for literal in ["1e309", "-1e400", &"9".repeat(400), "2147483648", "1E10"] {
        let body = format!("{{\"totalUserCount\": {literal}}}");
        assert_eq!(
            codes(FileKind::Json, &body),
            ["int32-out-of-range"],
            "{literal}"
        );
    }
    for literal in ["-0", "2147483647"] {
        let body = format!("{{\"totalUserCount\": {literal}}}");
        assert_eq!(
            codes(FileKind::Json, &body),
            Vec::<&str>::new(),
            "{literal}"
        );
    }
    assert_eq!(
        codes(FileKind::Json, "{\"totalUserCount\": 1.5}"),
        ["not-an-integer"]
    );
}

/// Int32 literals as Graph's SDKs read them, judged on the text: whole numbers in another
/// notation are `integer-notation` (with their plain digits as the fix), fractions a 64-bit
/// float loses are still `not-an-integer`, once each.
#[test]
fn int32_literals_as_graphs_readers_read_them() {
    let literals = [
        "90",
        "90.0",
        "9e1",
        "9E+1",
        "900e-1",
        "-0.0",
        "1e9",
        "2147483647.0",
        "2147483648.0",
        "90.5",
        "1e-1",
        "1.0000000000000000001",
        "1e-324",
        "1e-309",
        "4.9e-324",
        "1e400",
    ];
    let table: Vec<String> = literals
        .iter()
        .map(|literal| {
            let body = format!("{{\"totalUserCount\": {literal}}}");
            let found = support::analyze(FileKind::Json, &body);
            let said: Vec<String> = found
                .iter()
                .map(|d| {
                    let fix = d.fix.as_ref().map_or(String::new(), |f| {
                        format!(" [{} fix: {}]", f.applicability.name(), f.title)
                    });
                    format!("{} {}{fix}: {}", d.severity.name(), d.code, d.message)
                })
                .collect();
            format!("{literal:<24} {}", said.join(" | "))
        })
        .collect();
    insta::assert_snapshot!(table.join("\n"));
}

#[test]
fn the_toy_resource_gets_its_collection_and_operations_with_no_other_code() {
    let analyzer = Analyzer::new(registry_with_widget());
    let http = "GET https://graph.microsoft.com/v1.0/toys/widgets\nAuthorization: Bearer x\n\n###\nHTTP/1.1 200 OK\n\n{\"value\": [{\"parts\": 1, \"capacity\": 2}, {\"parts\": \"Integer\", \"tenantId\": \"x\"}]}\n";
    let found: Vec<_> = analyzer
        .analyze(http, FileKind::Http, &Config::default())
        .iter()
        .map(|d| (d.code.as_str(), &http[d.range.as_usize()]))
        .collect();
    assert_eq!(
        found,
        [
            ("generated-only-operation", "GET"),
            ("docs-placeholder", "\"Integer\""),
            ("unknown-property", "\"tenantId\"")
        ]
    );
    let bodies = analyzer.bodies(http, FileKind::Http);
    assert_eq!(bodies.len(), 1);
    assert_eq!(bodies[0].payload, Payload::CollectionResponse);
    assert_eq!(
        analyzer
            .model(bodies[0].resource.unwrap())
            .map(|m| m.descriptor().name()),
        Some("widget")
    );
}

#[test]
fn the_toy_resource_is_hovered_and_completed_as_itself_in_http_files() {
    let analyzer = Analyzer::new(registry_with_widget());
    let http = "PATCH https://graph.microsoft.com/v1.0/toys/widgets/1\n\n{\"parts\": 1, \"\"}\n";
    let offset = http.find("parts").unwrap() as u32 + 1;
    let hover = analyzer
        .hover(http, FileKind::Http, offset)
        .expect("a hover");
    assert!(hover.markdown.contains("parts"), "{}", hover.markdown);
    let offset = http.rfind("\"\"").unwrap() as u32 + 1;
    let labels: Vec<String> = analyzer
        .completions(http, FileKind::Http, offset)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert!(labels.iter().any(|l| l == "capacity"), "{labels:?}");
    assert!(!labels.iter().any(|l| l == "tenantId"), "{labels:?}");
}
