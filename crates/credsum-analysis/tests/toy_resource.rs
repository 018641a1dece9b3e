//! Schema-driven proof: a second, toy resource registered next to the real one is validated,
//! found by its endpoint in `.http` files, and gets Graph rules from its `x-graph-*` facts, with no
//! change to the analysis code.

use credsum_analysis::{Analyzer, Config, FileKind};
use credsum_model::edm::Int32;
use credsum_model::registry::{BaseType, GraphResource, ResourceDescriptor};
use credsum_model::resources::Entity;
use credsum_model::Registry;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A toy resource: a widget with a size bounded by a capacity.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "widget")]
struct Widget {
    /// Inherited key.
    #[serde(flatten)]
    entity: Entity,
    /// How many parts the widget has.
    #[schemars(transform = credsum_model::resources::schema_facts::at_most("capacity"))]
    parts: Option<Int32>,
    /// How many parts fit.
    capacity: Option<Int32>,
}

impl GraphResource for Widget {
    const DESCRIPTOR: ResourceDescriptor = ResourceDescriptor {
        odata_type: "microsoft.graph.toys.widget",
        entity_set_path: "/toys/widgets",
        key_parameter: "widget-id",
        docs_key_placeholder: "widgetId",
        method: "PATCH",
        api_versions: &["v1.0"],
        docs_url: "https://example.invalid/widget",
        base: Some(BaseType::of::<Entity>("microsoft.graph.entity")),
    };
}

fn analyzer() -> Analyzer {
    let mut registry = Registry::graph();
    registry.register::<Widget>();
    Analyzer::new(registry)
}

fn codes(kind: FileKind, text: &str) -> Vec<&'static str> {
    analyzer()
        .analyze(text, kind, &Config::default())
        .iter()
        .map(|d| d.code)
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
