//! Schema-driven proof: a second, toy resource registered next to the real one is validated,
//! found by its endpoint in `.http` files, and gets Graph rules from its `x-graph-*` facts, with no
//! change to the analysis code.

use credsum_analysis::{Analyzer, Config, FileKind};
use credsum_model::toy::registry_with_widget;

fn analyzer() -> Analyzer {
    Analyzer::new(registry_with_widget())
}

fn codes(kind: FileKind, text: &str) -> Vec<&'static str> {
    analyzer()
        .analyze(text, kind, &Config::default())
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

#[test]
fn toy_body_is_checked_against_its_own_schema() {
    let body = r##"{"@odata.type": "#microsoft.graph.toys.widget", "parts": "Integer", "capacity": 2, "prts": 1}"##;
    assert_eq!(
        codes(FileKind::Json, body),
        ["docs-placeholder", "unknown-property"]
    );
    let body = r##"{"@odata.type": "#microsoft.graph.toys.widget", "parts": 5, "capacity": 2}"##;
    assert_eq!(codes(FileKind::Json, body), ["count-exceeds-total"]);
    assert!(analyzer().is_request_file(body, FileKind::Json));
}

#[test]
fn toy_endpoint_is_recognised_in_http_files() {
    let http = "PATCH https://graph.microsoft.com/beta/toys/widgets/1\nContent-Type: application/json\nAuthorization: Bearer x\n\n{\"parts\": true}\n";
    assert_eq!(codes(FileKind::Http, http), ["api-version", "wrong-type"]);
    assert!(analyzer().is_request_file(http, FileKind::Http));
}

#[test]
fn toy_query_options_are_checked_against_its_own_model() {
    let http = "GET https://graph.microsoft.com/beta/toys/widgets?$select=parts,prts&$filter=capacity gt 'x' and parts le capacity&$orderby=parts desc\nAuthorization: Bearer x\n";
    let query_codes: Vec<&str> = codes(FileKind::Http, http)
        .into_iter()
        .filter(|c| c.starts_with("query-"))
        .collect();
    assert_eq!(
        query_codes,
        ["query-unknown-property", "query-type-mismatch"]
    );
    let found = analyzer().analyze(http, FileKind::Http, &Config::default());
    let rename = found.iter().find_map(|d| {
        d.fix
            .as_ref()
            .filter(|_| d.code.as_str() == "query-unknown-property")
    });
    assert_eq!(rename.map(|f| f.title.as_str()), Some("Rename to `parts`"));
}
