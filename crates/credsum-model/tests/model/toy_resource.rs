//! A second, toy resource registered next to the real one: export covers it with no other code.

use credsum_model::export::{self, Encoding, Format, Options};
use credsum_model::toy::registry_with_widget as registry;

#[test]
fn toy_resource_gets_a_closed_json_schema_with_its_odata_type() {
    let registry = registry();
    let widget = registry
        .by_odata_type("#microsoft.graph.toys.widget")
        .expect("registered");
    let schema = export::document(
        &registry,
        Format::JsonSchema,
        Some(widget),
        Options::default(),
    );
    insta::assert_snapshot!(export::render(&schema, Encoding::Json));
}

#[test]
fn toy_resource_appears_in_the_openapi_document() {
    let doc = export::document(&registry(), Format::OpenApi31, None, Options::default());
    let paths: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    assert_eq!(
        paths,
        [
            "/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries",
            "/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummary-id}",
            "/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/$count",
            "/toys/widgets",
            "/toys/widgets/{widget-id}",
            "/toys/widgets/$count"
        ]
    );
    let list = &doc["paths"]["/toys/widgets"]["get"];
    assert_eq!(list["operationId"], "toys.ListWidgets");
    assert_eq!(
        list["responses"]["2XX"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/microsoft.graph.toys.widgetCollectionResponse"
    );
    assert_eq!(
        doc["components"]["schemas"]["microsoft.graph.toys.widgetCollectionResponse"]["properties"]
            ["value"]["items"]["$ref"],
        "#/components/schemas/microsoft.graph.toys.widget"
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
    assert_eq!(widget["parts"]["format"], "int32");
    assert_eq!(widget["parts"]["x-graph-at-most"], "capacity");
    assert!(
        widget.get("id").is_none(),
        "inherited id stays in the base schema"
    );
}

#[test]
fn toy_resource_gets_a_json_patch_schema_of_its_own_properties() {
    let registry = registry();
    let widget = registry
        .by_odata_type("microsoft.graph.toys.widget")
        .expect("registered");
    for format in [Format::JsonPatchSchema, Format::JsonPatchSchemaDraft07] {
        let schema = export::document(&registry, format, Some(widget), Options::default());
        let defs = schema
            .get("$defs")
            .or_else(|| schema.get("definitions"))
            .expect("definitions");
        assert_eq!(
            defs["propertyPointer"]["enum"],
            serde_json::json!(["/@odata.type", "/id", "/parts", "/capacity"]),
            "{format}"
        );
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let parts = serde_json::json!([{ "op": "replace", "path": "/parts", "value": 3 }]);
        assert!(validator.is_valid(&parts), "{format}");
        for invalid in [
            serde_json::json!([{ "op": "replace", "path": "/parts", "value": "3" }]),
            serde_json::json!([{ "op": "replace", "path": "/tenantId", "value": "x" }]),
            serde_json::json!([{ "op": "copy", "from": "/tenantId", "path": "/parts" }]),
        ] {
            assert!(!validator.is_valid(&invalid), "{format} accepts {invalid}");
        }
    }
}
