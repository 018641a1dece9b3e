//! A second, toy resource registered next to the real one: export covers it with no other code.

use credsum_model::export::{self, Encoding, Format};
use credsum_model::registry::{BaseType, GraphResource, ResourceDescriptor};
use credsum_model::resources::Entity;
use credsum_model::Registry;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A toy resource: a widget with a size.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "widget")]
struct Widget {
    /// Inherited key.
    #[serde(flatten)]
    entity: Entity,
    /// How big the widget is.
    size: Option<credsum_model::edm::Int32>,
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

fn registry() -> Registry {
    let mut registry = Registry::graph();
    registry.register::<Widget>();
    registry
}

#[test]
fn toy_resource_gets_a_closed_json_schema_with_its_odata_type() {
    let registry = registry();
    let widget = registry
        .by_odata_type("#microsoft.graph.toys.widget")
        .expect("registered");
    let schema = export::document(&registry, Format::JsonSchema, Some(widget));
    insta::assert_snapshot!(export::render(&schema, Encoding::Json));
}

#[test]
fn toy_resource_appears_in_the_openapi_document() {
    let doc = export::document(&registry(), Format::OpenApi31, None);
    let paths: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    assert_eq!(
        paths,
        [
            "/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummary-id}",
            "/toys/widgets/{widget-id}"
        ]
    );
    let servers: Vec<&str> = doc["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .filter_map(|s| s["url"].as_str())
        .collect();
    assert_eq!(
        servers,
        [
            "https://graph.microsoft.com/beta",
            "https://graph.microsoft.com/v1.0"
        ]
    );
    let widget =
        &doc["components"]["schemas"]["microsoft.graph.toys.widget"]["allOf"][1]["properties"];
    assert_eq!(widget["size"]["format"], "int32");
    assert!(
        widget.get("id").is_none(),
        "inherited id stays in the base schema"
    );
}
