//! The exported artifacts: snapshots, determinism, meta-schema validity, agreement with the shipped
//! examples, and drift against the committed `schema/` folder.

use std::path::PathBuf;

use credsum_model::export::{self, Encoding, Format, Options};
use credsum_model::Registry;
use serde_json::Value;

/// The repository root.
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_artifact_matches_its_snapshot() {
    for artifact in export::artifacts(&Registry::graph()) {
        insta::assert_snapshot!(artifact.file_name.clone(), artifact.contents);
    }
}

#[test]
fn export_is_deterministic_and_ends_with_a_newline() {
    let first = export::artifacts(&Registry::graph());
    let second = export::artifacts(&Registry::graph());
    assert_eq!(first, second);
    for artifact in &first {
        assert!(artifact.contents.ends_with('\n'), "{}", artifact.file_name);
        assert!(
            !artifact.contents.ends_with("\n\n"),
            "{}",
            artifact.file_name
        );
    }
}

#[test]
fn committed_schema_folder_matches_the_rust_types() {
    let dir = repo_root().join("schema");
    for artifact in export::artifacts(&Registry::graph()) {
        let path = dir.join(&artifact.file_name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == artifact.contents,
            "{} is out of date with the Rust types; regenerate with:\n    cargo run -p credsum -- export --all schema",
            path.display()
        );
    }
}

/// The PATCH body JSON Schema formats.
const BODY_SCHEMAS: [Format; 2] = [Format::JsonSchema, Format::JsonSchemaDraft07];

/// The JSON Patch document JSON Schema formats.
const PATCH_SCHEMAS: [Format; 2] = [Format::JsonPatchSchema, Format::JsonPatchSchemaDraft07];

/// The JSON Schema documents of `formats`, parsed.
fn json_schemas(formats: [Format; 2]) -> Vec<(Format, Value)> {
    let registry = Registry::graph();
    formats
        .into_iter()
        .map(|f| (f, export::document(&registry, f, None, Options::default())))
        .collect()
}

#[test]
fn json_schemas_are_valid_against_their_meta_schemas() {
    for (format, schema) in json_schemas(BODY_SCHEMAS)
        .into_iter()
        .chain(json_schemas(PATCH_SCHEMAS))
    {
        let draft = schema["$schema"].as_str().unwrap_or_default().to_owned();
        match format {
            Format::JsonSchema | Format::JsonPatchSchema => {
                assert_eq!(draft, "https://json-schema.org/draft/2020-12/schema")
            }
            _ => assert_eq!(draft, "http://json-schema.org/draft-07/schema#"),
        }
        if let Err(error) = jsonschema::meta::validate(&schema) {
            panic!("{format} is not a valid schema: {error}");
        }
    }
}

/// Parsed example bodies of `tests/examples/<kind>` and `tests/consumers/fixtures/<kind>`.
fn examples(kind: &str) -> Vec<(String, Value)> {
    examples_in(&["tests/examples", "tests/consumers/fixtures"], kind)
}

/// Parsed example files of `<folder>/<kind>` for each of `folders`.
fn examples_in(folders: &[&str], kind: &str) -> Vec<(String, Value)> {
    let mut files: Vec<_> = folders
        .iter()
        .flat_map(|folder| {
            std::fs::read_dir(repo_root().join(folder).join(kind)).expect("examples folder")
        })
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {kind} examples");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable example");
            (
                p.display().to_string(),
                serde_json::from_str(&text).expect("example is JSON"),
            )
        })
        .collect()
}

/// Asserts that each schema accepts every example `examples("valid")` gives and rejects every
/// one `examples("invalid")` gives, asserting formats.
fn check_examples(schemas: Vec<(Format, Value)>, examples: impl Fn(&str) -> Vec<(String, Value)>) {
    for (format, schema) in schemas {
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles");
        for (path, example) in examples("valid") {
            let errors: Vec<String> = validator
                .iter_errors(&example)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{format} rejects {path}: {errors:?}");
        }
        for (path, example) in examples("invalid") {
            assert!(!validator.is_valid(&example), "{format} accepts {path}");
        }
    }
}

#[test]
fn json_schemas_accept_valid_and_reject_invalid_examples() {
    check_examples(json_schemas(BODY_SCHEMAS), examples);
}

#[test]
fn json_patch_schemas_accept_valid_and_reject_invalid_patch_documents() {
    check_examples(json_schemas(PATCH_SCHEMAS), |kind| {
        examples_in(&["tests/consumers/fixtures/json-patch"], kind)
    });
}

/// Every `$ref` in `schema`.
fn references(schema: &Value) -> Vec<&str> {
    match schema {
        Value::Object(map) => map
            .iter()
            .flat_map(|(key, value)| match (key.as_str(), value) {
                ("$ref", Value::String(reference)) => vec![reference.as_str()],
                (_, value) => references(value),
            })
            .collect(),
        Value::Array(items) => items.iter().flat_map(references).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn json_patch_values_follow_the_body_schema_by_reference() {
    let registry = Registry::graph();
    for (body_format, patch_format) in BODY_SCHEMAS.into_iter().zip(PATCH_SCHEMAS) {
        let body = export::document(&registry, body_format, None, Options::default());
        let patch = export::document(&registry, patch_format, None, Options::default());
        let references = references(&patch);
        let properties = body["properties"].as_object().expect("body properties");
        for (name, subschema) in properties.iter().filter(|(n, _)| !n.starts_with('@')) {
            let suffix = format!("/properties/{name}");
            let reference = references
                .iter()
                .find(|r| r.ends_with(&suffix))
                .unwrap_or_else(|| panic!("{patch_format}: no $ref to {name}"));
            let target = patch.pointer(reference.trim_start_matches('#'));
            assert_eq!(target, Some(subschema), "{patch_format}: {reference}");
        }
    }
}

#[test]
fn openapi_documents_parse_from_json_and_yaml_alike() {
    let registry = Registry::graph();
    for format in [Format::OpenApi30, Format::OpenApi31] {
        let doc = export::document(&registry, format, None, Options::default());
        let yaml = export::render(&doc, Encoding::Yaml);
        let from_yaml: Value = serde_norway::from_str(&yaml).expect("YAML parses");
        assert_eq!(from_yaml, doc, "{format}");
        let body = &doc["paths"]["/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummary-id}"]["patch"]["requestBody"];
        assert_eq!(body["required"], Value::Bool(true), "{format}");
    }
}

/// Whether `value` holds an `x-graph-*` keyword anywhere.
fn has_graph_keyword(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.starts_with("x-graph-") || has_graph_keyword(v)),
        Value::Array(items) => items.iter().any(has_graph_keyword),
        _ => false,
    }
}

#[test]
fn json_schemas_carry_graph_keywords_only_when_asked() {
    let registry = Registry::graph();
    for format in BODY_SCHEMAS.into_iter().chain(PATCH_SCHEMAS) {
        let plain = export::document(&registry, format, None, Options::default());
        assert!(!has_graph_keyword(&plain), "{format}");
        let with = export::document(
            &registry,
            format,
            None,
            Options {
                graph_extensions: true,
            },
        );
        assert!(has_graph_keyword(&with), "{format}");
        if BODY_SCHEMAS.contains(&format) {
            assert!(with.get("x-graph-resource").is_some(), "{format}");
            assert_eq!(
                with["properties"]["lastRefreshedDateTime"]["x-graph-edm-type"],
                "Edm.DateTimeOffset"
            );
        }
    }
    let openapi = export::document(&registry, Format::OpenApi30, None, Options::default());
    assert!(
        has_graph_keyword(&openapi),
        "OpenAPI keeps its x- extensions"
    );
}

/// The OpenAPI 3.0 schema `schema` in JSON Schema terms: `nullable: true` becomes a `null` type.
fn nullable_as_null_type(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(ty)) = map.get("type").cloned() {
                    map.insert("type".into(), serde_json::json!([ty, "null"]));
                }
            }
            map.values_mut().for_each(nullable_as_null_type);
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_as_null_type),
        _ => {}
    }
}

/// The OpenAPI documents' PATCH body component, with 3.0's `nullable` as a `null` type.
fn openapi_patch_bodies() -> Vec<(String, Value)> {
    let registry = Registry::graph();
    [Format::OpenApi30, Format::OpenApi31]
        .into_iter()
        .map(|format| {
            let doc = export::document(&registry, format, None, Options::default());
            let mut body = doc["components"]["schemas"]
                ["microsoft.graph.managedTenants.credentialUserRegistrationsSummary.patchBody"]
                .clone();
            nullable_as_null_type(&mut body);
            (format.to_string(), body)
        })
        .collect()
}

#[test]
fn openapi_patch_bodies_accept_valid_and_reject_invalid_examples() {
    for (format, body) in openapi_patch_bodies() {
        let validator = jsonschema::validator_for(&body).expect("body compiles");
        for (path, example) in examples("valid") {
            let errors: Vec<String> = validator
                .iter_errors(&example)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{format} rejects {path}: {errors:?}");
        }
        for (path, example) in examples("invalid") {
            assert!(!validator.is_valid(&example), "{format} accepts {path}");
        }
    }
}

/// The PATCH body schema of every artifact: the JSON Schemas and the OpenAPI body components.
fn every_body_schema() -> Vec<(String, Value)> {
    json_schemas(BODY_SCHEMAS)
        .into_iter()
        .map(|(f, s)| (f.to_string(), s))
        .chain(openapi_patch_bodies())
        .collect()
}

#[test]
fn annotations_are_typed_properties_with_one_verdict_in_every_artifact() {
    use credsum_model::annotations::{Annotation, Place};
    for (format, schema) in every_body_schema() {
        assert!(schema.get("patternProperties").is_none(), "{format}");
        assert_eq!(
            schema["additionalProperties"],
            Value::Bool(false),
            "{format}"
        );
        for annotation in Annotation::in_place(Place::Entity) {
            assert_eq!(
                schema["properties"][annotation.name]["type"], "string",
                "{format} {}",
                annotation.name
            );
        }
        let validator = jsonschema::validator_for(&schema).expect("compiles");
        let verdict = |body: Value| validator.is_valid(&body);
        assert!(
            verdict(serde_json::json!({"@odata.etag": "W/\"1\""})),
            "{format}"
        );
        for body in [
            serde_json::json!({"@odata.etag": 5}),
            serde_json::json!({"@odata.context": null}),
            serde_json::json!({"@odata.nextLink": "https://x"}),
            serde_json::json!({"@odata.foo": "x"}),
            serde_json::json!({"tenantId@odata.type": "#String"}),
        ] {
            assert!(!verdict(body.clone()), "{format} accepts {body}");
        }
    }
}

#[test]
fn json_patch_operations_declare_value_and_from_as_their_own_properties() {
    for (format, schema) in json_schemas(PATCH_SCHEMAS) {
        let defs = schema
            .get("$defs")
            .or_else(|| schema.get("definitions"))
            .expect("definitions");
        let properties = &defs["operation"]["properties"];
        assert!(properties.get("value").is_some(), "{format}");
        assert!(properties.get("from").is_some(), "{format}");
        let validator = jsonschema::validator_for(&schema).expect("compiles");
        let remove = |path: &str| serde_json::json!([{ "op": "remove", "path": path }]);
        assert!(!validator.is_valid(&remove("/id")), "{format}");
        assert!(!validator.is_valid(&remove("/@odata.type")), "{format}");
        assert!(validator.is_valid(&remove("/tenantId")), "{format}");
        let odata_type = |value: &str| serde_json::json!([{ "op": "replace", "path": "/@odata.type", "value": value }]);
        assert!(validator.is_valid(&odata_type(
            "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"
        )));
        assert!(!validator.is_valid(&odata_type("#microsoft.graph.user")));
    }
}

#[test]
fn every_json_schema_has_the_id_the_catalog_names() {
    let registry = Registry::graph();
    let resource = &registry.resources()[0];
    for format in BODY_SCHEMAS.into_iter().chain(PATCH_SCHEMAS) {
        let schema = export::document(&registry, format, None, Options::default());
        let url = export::schema_url(resource, format).expect("a JSON Schema has a URL");
        assert_eq!(schema["$id"], Value::String(url.clone()), "{format}");
        let file = export::json_schema_file_name(resource, format).expect("file name");
        assert!(url.ends_with(&format!("/schema/{file}")), "{url}");
    }
}
