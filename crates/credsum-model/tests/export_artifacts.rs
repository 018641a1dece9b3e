//! The exported artifacts: snapshots, determinism, meta-schema validity, agreement with the shipped
//! examples, and drift against the committed `schema/` folder.

use std::path::PathBuf;

use credsum_model::export::{self, Encoding, Format};
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

/// The JSON Schema documents, parsed.
fn json_schemas() -> Vec<(Format, Value)> {
    let registry = Registry::graph();
    [Format::JsonSchema, Format::JsonSchemaDraft07]
        .into_iter()
        .map(|f| (f, export::document(&registry, f, None)))
        .collect()
}

#[test]
fn json_schemas_are_valid_against_their_meta_schemas() {
    for (format, schema) in json_schemas() {
        let draft = schema["$schema"].as_str().unwrap_or_default().to_owned();
        match format {
            Format::JsonSchema => assert_eq!(draft, "https://json-schema.org/draft/2020-12/schema"),
            _ => assert_eq!(draft, "http://json-schema.org/draft-07/schema#"),
        }
        if let Err(error) = jsonschema::meta::validate(&schema) {
            panic!("{format} is not a valid schema: {error}");
        }
    }
}

/// Parsed example files of `tests/examples/<kind>`.
fn examples(kind: &str) -> Vec<(String, Value)> {
    let mut files: Vec<_> = std::fs::read_dir(repo_root().join("tests/examples").join(kind))
        .expect("examples folder")
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

#[test]
fn json_schemas_accept_valid_and_reject_invalid_examples() {
    for (format, schema) in json_schemas() {
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles");
        for (path, body) in examples("valid") {
            let errors: Vec<String> = validator
                .iter_errors(&body)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{format} rejects {path}: {errors:?}");
        }
        for (path, body) in examples("invalid") {
            assert!(!validator.is_valid(&body), "{format} accepts {path}");
        }
    }
}

#[test]
fn openapi_documents_parse_from_json_and_yaml_alike() {
    let registry = Registry::graph();
    for format in [Format::OpenApi30, Format::OpenApi31] {
        let doc = export::document(&registry, format, None);
        let yaml = export::render(&doc, Encoding::Yaml);
        let from_yaml: Value = serde_norway::from_str(&yaml).expect("YAML parses");
        assert_eq!(from_yaml, doc, "{format}");
        let body = &doc["paths"]["/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummary-id}"]["patch"]["requestBody"];
        assert_eq!(body["required"], Value::Bool(true), "{format}");
    }
}
