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
