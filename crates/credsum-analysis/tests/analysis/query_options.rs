//! OData query options on request lines: each `query-*` rule in `.http` files and Markdown
//! docs, the fixes, and the toy resource (the checks read names and types from the model).

use crate::support::{self, check};

use credsum_analysis::FileKind;

const BASE: &str = "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries";

/// A request file with one GET per query.
fn requests(queries: &[&str]) -> String {
    queries
        .iter()
        .map(|q| format!("GET {BASE}{q}\nAuthorization: Bearer {{{{token}}}}\n"))
        .collect::<Vec<_>>()
        .join("\n###\n")
}

#[test]
fn issue_examples() {
    insta::assert_snapshot!(check(
        FileKind::Http,
        &requests(&[
            "?$select=tenantId,totalUserCont",
            "?$filter=mfaRegisteredUserCount gt 'five'",
            "?$top=abc&$orderby=lastRefreshedDateTime descending",
            "?$filter=tenantDisplayName eq \"Contoso\"",
        ])
    ));
}

#[test]
fn options_per_operation() {
    insta::assert_snapshot!(check(
        FileKind::Http,
        &requests(&[
            "/8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c?$filter=totalUserCount gt 1&$select=tenantId",
            "?$filtr=totalUserCount gt 1&$top=5&$top=6&$count=yes&$skip=-1",
            "/$count?$filter=securityDefaultsEnabled eq true&$select=tenantId",
            "?$expand=tenantId&$expand=*",
            "?$skiptoken=abc&$top=10&select=tenantid",
        ])
    ));
}

#[test]
fn filter_types() {
    insta::assert_snapshot!(check(
        FileKind::Http,
        &requests(&[
            "?$filter=lastRefreshedDateTime ge '2024-05-01T00:00:00Z'",
            "?$filter=lastRefreshedDateTime ge 2024-05-01T00:00:00Z and totalUserCount gt 10",
            "?$filter=tenantId eq 8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c",
            "?$filter=startswith(totalUserCount,'1') or startsWith(tenantDisplayName,'C')",
            "?$filter=tenantDisplayName",
            "?$filter=totalUserCount add 'x' gt 3 and not tenantId",
            "?$filter=tenantLicenseType in ('AADFree', 2)",
            "?$filter=contains(tolower(tenantDisplayName), 'contoso') and year(lastRefreshedDateTime) eq 2024",
            "?$filter=totalUserCount eq 1%zz and x eq '%FF'",
            "?$orderby=tenantDisplayName asc,totalUserCont desc",
        ])
    ));
}

#[test]
fn fixes() {
    insta::assert_snapshot!(support::fixed(
        FileKind::Http,
        &requests(&[
            "?$select=tenantId,totalUserCont&$top=5&$top=6",
            "?$filtr=tenantDisplayName eq \"Contoso\"&$orderby=lastRefreshedDateTime descending",
            "?$filter=lastRefreshedDateTime ge '2024-05-01T00:00:00Z' and startsWith(tenantId,'x')",
        ])
    ));
}

#[test]
fn markdown_request_blocks() {
    let doc = format!(
        "# List\n\n```http\nGET {BASE}?$select=tenantId,totalUserCont&$filter=totalUserCount gt 'x'\n```\n"
    );
    insta::assert_snapshot!(check(FileKind::Markdown, &doc));
}

#[test]
fn bad_input_gives_findings_not_panics() {
    let long = format!(
        "?$filter={}",
        vec!["totalUserCount gt 1"; 5_000].join(" or ")
    );
    let deep = format!(
        "?$filter={}totalUserCount gt 1{}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let operators = "?$filter=eq and or not gt lt".to_owned();
    for query in [long, deep, operators] {
        let text = requests(&[&query]);
        let found = support::analyze(FileKind::Http, &text);
        let syntax = found
            .iter()
            .filter(|d| d.code.as_str() == "query-syntax")
            .count();
        assert!(
            syntax <= 3,
            "{syntax} syntax findings for a query of {} bytes",
            query.len()
        );
    }
}
