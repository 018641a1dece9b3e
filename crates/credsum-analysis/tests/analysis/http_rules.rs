//! `.http` files and Markdown docs: request checks and bodies, with positions in the file.

use crate::support;

use credsum_analysis::{Analyzer, FileKind};
use support::check;

const HTTP: &str = "@host = https://graph.microsoft.com
@token = secret

### Update a summary
PUT {{host}}/v1.0/tenantRelationships/managedTenants/credentialUserRegistrationSummaries/8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c
Content-Type: text/plain
Content-Length: 10

{
  \"id\": \"00000000-0000-0000-0000-000000000000\",
  \"totalUserCount\": \"Integer\"
}

### Unrelated request: never flagged
PATCH {{host}}/v1.0/me
Content-Type: application/json

{\"displayName\": \"x\"}

### Missing header, placeholder key
PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummaryId}
Authorization: Bearer {{token}}

{\"tenantDisplayName\": \"Contoso\"}
";

#[test]
fn http_file_requests() {
    insta::assert_snapshot!(check(FileKind::Http, HTTP));
}

#[test]
fn http_file_with_crlf_is_the_same() {
    let crlf = HTTP.replace('\n', "\r\n");
    let lf_codes: Vec<_> = support::analyze(FileKind::Http, HTTP)
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    let crlf_codes: Vec<_> = support::analyze(FileKind::Http, &crlf)
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(lf_codes, crlf_codes);
}

#[test]
fn http_fixes() {
    insta::assert_snapshot!(support::fixed(FileKind::Http, HTTP));
}

#[test]
fn http_fixes_with_unsafe_fixes() {
    // PUT becomes PATCH and the placeholder an example: both change what is sent.
    let unsafe_too = credsum_analysis::Applicability::Unsafe;
    insta::assert_snapshot!(support::fixed_up_to(FileKind::Http, HTTP, unsafe_too));
}

const DOC: &str = r#"# Update a summary (a doc in the style of the Graph docs)

## HTTP request

<!-- { "blockType": "ignored" } -->
``` http
PATCH /tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummaryId}
```

### Request
<!-- {
  "blockType": "request",
  "name": "update_summary"
}
-->
``` http
PATCH https://graph.microsoft.com/v1.0/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummaryId}
Content-Type: application/json
Content-length: 99

{
  "tenantDisplayName": "String",
  "securityDefaultsEnabled": "Boolean"
}
```

### Response
<!-- { "blockType": "response", "truncated": true } -->
``` http
HTTP/1.1 200 OK
Content-Type: application/json

{
  "id": "aef28d78-8d78-aef2-788d-f2ae788df2ae",
  "totalUserCount": "Integer"
}
```

```json
{"unrelated": true}
```
"#;

#[test]
fn markdown_doc_examples() {
    insta::assert_snapshot!(check(FileKind::Markdown, DOC));
}

#[test]
fn association_when_walking() {
    let analyzer = Analyzer::graph();
    assert!(analyzer.is_request_file(HTTP, FileKind::Http));
    assert!(analyzer.is_request_file(DOC, FileKind::Markdown));
    assert!(!analyzer.is_request_file("GET https://graph.microsoft.com/v1.0/me\n", FileKind::Http));
    assert!(!analyzer.is_request_file("# Title\n\n```http\nGET /me\n```\n", FileKind::Markdown));
    assert!(analyzer.is_request_file(r##"{"@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"}"##, FileKind::Json));
    assert!(!analyzer.is_request_file(r#"{"name": "package", "version": "1.0.0"}"#, FileKind::Json));
    assert!(!analyzer.is_request_file(
        r##"{"note": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"}"##,
        FileKind::Json
    ));
}
