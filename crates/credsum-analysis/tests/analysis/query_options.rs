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
            "?$top={{n}}&$filter=totalUserCount gt {{min}} and tenantId eq '{{id}}'&$select=tenantId",
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

/// The labels of the completions at `$0` in a request line (the `$0` removed), and what the
/// first one replaces.
fn complete(line: &str) -> String {
    let text = format!("GET {BASE}{line}\nAuthorization: Bearer x\n");
    let offset = text.find("$0").unwrap_or(0);
    let text = text.replacen("$0", "", 1);
    let found = credsum_analysis::Analyzer::graph().completions_at_time(
        &text,
        FileKind::Http,
        offset as u32,
        0,
    );
    let labels: Vec<&str> = found.iter().map(|c| c.label.as_str()).collect();
    let replaced = found.first().map_or("", |c| &text[c.replace.as_usize()]);
    format!("{line}\n  replaces `{replaced}`: {}", labels.join(" "))
}

#[test]
fn completion_in_the_query() {
    let cases = [
        "?$0",
        "?$top=5&$fi$0",
        "?$select=tenantId,to$0",
        "?$orderby=lastRefreshedDateTime $0",
        "?$count=$0",
        "?$filter=$0",
        "?$filter=securityDefaultsEnabled $0",
        "?$filter=totalUserCount $0",
        "?$filter=mfaConditionalAccessPolicyState eq $0",
        "?$filter=totalUserCount gt 5 $0",
        "/8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c?$0",
    ];
    let shown: Vec<String> = cases.iter().map(|c| complete(c)).collect();
    insta::assert_snapshot!(shown.join("\n"));
}

#[test]
fn hover_in_the_query() {
    let text = format!("GET {BASE}?$filter=startswith(tenantDisplayName,'C') and totalUserCount gt 5&$select=tenantId\n");
    let analyzer = credsum_analysis::Analyzer::graph();
    let mut shown = Vec::new();
    for word in [
        "$filter",
        "startswith",
        "tenantDisplayName",
        " gt",
        "$select",
    ] {
        let offset = text.find(word).unwrap_or(0) + word.len() / 2 + 1;
        let hover = analyzer.hover(&text, FileKind::Http, offset as u32);
        shown.push(format!(
            "{word}: {}",
            hover.map_or("none".to_owned(), |h| format!(
                "`{}` {}",
                &text[h.range.as_usize()],
                h.markdown.lines().next().unwrap_or("")
            ))
        ));
    }
    insta::assert_snapshot!(shown.join("\n"));
}
