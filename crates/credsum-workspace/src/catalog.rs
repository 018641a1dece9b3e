//! `catalog.json`: a schema catalog in SchemaStore's format, so an editor's JSON or YAML language
//! server associates request files with the schema without credsum. Its `fileMatch` globs are
//! the [name patterns](crate::association::name_patterns) the walk and the language server use.

use credsum_model::export::{self, Artifact, Encoding, Format};
use credsum_model::json_patch::MEDIA_TYPE;
use credsum_model::Registry;
use serde_json::{json, Value};

use crate::association::{name_patterns, NamedAs};

/// File name of the catalog in the export folder.
pub const FILE_NAME: &str = "catalog.json";

/// The catalog: per resource, the file patterns of its PATCH bodies mapped to its draft-07 JSON
/// Schema (the draft every editor's language server implements fully), and those of its JSON
/// Patch documents mapped to its draft-07 JSON Patch schema. The patterns of every resource
/// (`*.credsum.json`, `*.patch.json`, …) go to the first registered resource, so no two entries
/// claim one name.
pub fn document(registry: &Registry) -> Value {
    let patterns = name_patterns(registry);
    let first = registry.resources().first().map(|r| r.descriptor().name());
    let schemas: Vec<Value> = registry
        .resources()
        .iter()
        .flat_map(|resource| {
            let name = resource.descriptor().name();
            let odata_type = resource.descriptor().odata_type;
            let globs = |named_as: NamedAs| -> Vec<String> {
                patterns
                    .iter()
                    .filter(|p| p.named_as == named_as)
                    .filter(|p| p.resource.map_or(first == Some(name), |r| r == name))
                    .map(|p| p.glob())
                    .collect()
            };
            [
                (
                    Format::JsonSchemaDraft07,
                    format!("Microsoft Graph {name} PATCH body (credsum)"),
                    format!("PATCH request body of {odata_type}"),
                    globs(NamedAs::Body),
                ),
                (
                    Format::JsonPatchSchemaDraft07,
                    format!("Microsoft Graph {name} JSON Patch (credsum)"),
                    format!("JSON Patch document ({MEDIA_TYPE}) aimed at {odata_type}"),
                    globs(NamedAs::PatchDocument),
                ),
            ]
            .into_iter()
            .filter_map(move |(format, title, description, file_match)| {
                Some(json!({
                    "name": title,
                    "description": description,
                    "fileMatch": file_match,
                    "url": export::schema_url(resource, format)?,
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

/// The catalog as the file `credsum export --all` writes next to the schemas.
pub fn artifact(registry: &Registry) -> Artifact {
    Artifact {
        file_name: FILE_NAME.into(),
        contents: export::render(&document(registry), Encoding::Json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_catalog_matches_the_name_patterns() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/catalog.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == artifact(&Registry::graph()).contents,
            "{path} is out of date; regenerate with:\n    cargo run -p credsum -- export --all schema"
        );
    }
}
