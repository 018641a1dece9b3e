//! `catalog.json`: a schema catalog in SchemaStore's format, so an editor's JSON or YAML language
//! server associates request files with the schema without credsum.

use serde_json::{json, Value};

use super::{json_schema_file_name, Format};
use crate::json_patch::MEDIA_TYPE;
use crate::registry::Registry;

/// File name of the catalog in the export folder.
pub const FILE_NAME: &str = "catalog.json";

/// Where the committed `schema/` folder is published (the repository's raw files).
const SCHEMA_BASE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/raw/main/schema/");

/// The catalog: per resource, its PATCH body file patterns mapped to its draft-07 JSON Schema
/// (the draft every editor's language server implements fully), and its JSON Patch document
/// patterns (`*.json-patch.json`) mapped to its draft-07 JSON Patch schema.
pub fn document(registry: &Registry) -> Value {
    let schemas: Vec<Value> = registry
        .resources()
        .iter()
        .flat_map(|resource| {
            let name = resource.descriptor().name();
            let odata_type = resource.descriptor().odata_type;
            [
                (
                    Format::JsonSchemaDraft07,
                    format!("Microsoft Graph {name} PATCH body (credsum)"),
                    format!("PATCH request body of {odata_type}"),
                    "json",
                ),
                (
                    Format::JsonPatchSchemaDraft07,
                    format!("Microsoft Graph {name} JSON Patch (credsum)"),
                    format!("JSON Patch document ({MEDIA_TYPE}) aimed at {odata_type}"),
                    "json-patch.json",
                ),
            ]
            .into_iter()
            .filter_map(move |(format, title, description, extension)| {
                let file = json_schema_file_name(resource, format)?;
                Some(json!({
                    "name": title,
                    "description": description,
                    "fileMatch": [format!("*.{name}.{extension}"), format!("*.credsum.{extension}")],
                    "url": format!("{SCHEMA_BASE_URL}{file}"),
                }))
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/schema-catalog.json",
        "version": 1.0,
        "schemas": schemas,
    })
}
