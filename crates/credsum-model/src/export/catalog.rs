//! `catalog.json`: a schema catalog in SchemaStore's format, so an editor's JSON or YAML language
//! server associates request files with the schema without credsum.

use serde_json::{json, Value};

use super::{json_schema_file_name, Format};
use crate::registry::Registry;

/// File name of the catalog in the export folder.
pub const FILE_NAME: &str = "catalog.json";

/// Where the committed `schema/` folder is published (the repository's raw files).
const SCHEMA_BASE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/raw/main/schema/");

/// The catalog: per resource, its PATCH body file patterns mapped to its draft-07 JSON Schema
/// (the draft every editor's language server implements fully).
pub fn document(registry: &Registry) -> Value {
    let schemas: Vec<Value> = registry
        .resources()
        .iter()
        .filter_map(|resource| {
            let name = resource.descriptor().name();
            let file = json_schema_file_name(resource, Format::JsonSchemaDraft07)?;
            Some(json!({
                "name": format!("Microsoft Graph {name} PATCH body (credsum)"),
                "description": format!("PATCH request body of {}", resource.descriptor().odata_type),
                "fileMatch": [format!("*.{name}.json"), "*.credsum.json"],
                "url": format!("{SCHEMA_BASE_URL}{file}"),
            }))
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/schema-catalog.json",
        "version": 1.0,
        "schemas": schemas,
    })
}
