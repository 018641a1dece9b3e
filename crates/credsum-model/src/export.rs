//! The exporter: JSON Schema (2020-12, draft-07) of PATCH bodies and of JSON Patch documents,
//! and OpenAPI (3.0, 3.1) documents generated from the registry, a SchemaStore catalog for
//! editors, rendered deterministically as JSON or YAML.

mod json_patch_schema;
mod openapi;
mod paths;
pub mod portable;
mod yaml;

use std::fmt;

use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

use crate::registry::{Registry, Resource};

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON Schema draft 2020-12 of a resource's PATCH body.
    JsonSchema,
    /// JSON Schema draft-07 of a resource's PATCH body.
    JsonSchemaDraft07,
    /// JSON Schema draft 2020-12 of an RFC 6902 JSON Patch document aimed at a resource.
    JsonPatchSchema,
    /// JSON Schema draft-07 of an RFC 6902 JSON Patch document aimed at a resource.
    JsonPatchSchemaDraft07,
    /// An OpenAPI 3.0 fragment: the resource's operations and the component schemas.
    OpenApi30,
    /// An OpenAPI 3.1 fragment: the resource's operations and the component schemas.
    OpenApi31,
}

impl Format {
    /// Every format, in the order `--all` writes them.
    pub const ALL: [Format; 6] = [
        Format::JsonSchema,
        Format::JsonSchemaDraft07,
        Format::JsonPatchSchema,
        Format::JsonPatchSchemaDraft07,
        Format::OpenApi30,
        Format::OpenApi31,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::JsonSchema => "json-schema",
            Format::JsonSchemaDraft07 => "json-schema-draft-07",
            Format::JsonPatchSchema => "json-patch-schema",
            Format::JsonPatchSchemaDraft07 => "json-patch-schema-draft-07",
            Format::OpenApi30 => "openapi-3.0",
            Format::OpenApi31 => "openapi-3.1",
        }
    }

    /// The format named `name` on the command line.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the format is an OpenAPI document.
    pub fn is_openapi(self) -> bool {
        matches!(self, Format::OpenApi30 | Format::OpenApi31)
    }

    /// The JSON Schema settings of a per-resource format (`None` for OpenAPI formats).
    fn json_schema_settings(self) -> Option<SchemaSettings> {
        match self {
            Format::JsonSchema | Format::JsonPatchSchema => Some(SchemaSettings::draft2020_12()),
            Format::JsonSchemaDraft07 | Format::JsonPatchSchemaDraft07 => {
                Some(SchemaSettings::draft07())
            }
            Format::OpenApi30 | Format::OpenApi31 => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a document is written out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Pretty-printed JSON, two-space indent.
    Json,
    /// YAML that loads to the same JSON under YAML 1.1 and 1.2 readers.
    Yaml,
}

impl Encoding {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Json => "json",
            Encoding::Yaml => "yaml",
        }
    }
}

/// What an export carries beyond its format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Keep Graph's `x-graph-*` keywords in JSON Schema documents. Off by default: strict
    /// validators (ajv) refuse unknown keywords. OpenAPI documents always keep them, as `x-`
    /// extensions.
    pub graph_extensions: bool,
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// File name (no folder), e.g. `credentialUserRegistrationsSummary.schema.json`.
    pub file_name: String,
    /// The rendered document, ending with a newline.
    pub contents: String,
}

/// The document of `format` for the registry. JSON Schema formats describe one resource (the
/// first registered, or `resource` when given); OpenAPI formats hold every resource.
pub fn document(
    registry: &Registry,
    format: Format,
    resource: Option<&Resource>,
    options: Options,
) -> Value {
    let resource = resource.or_else(|| registry.resources().first());
    let Some(settings) = format.json_schema_settings() else {
        return openapi::document(registry, format == Format::OpenApi31);
    };
    let Some(resource) = resource else {
        return json!({});
    };
    let body = json_schema(resource, &settings, options);
    let doc = match format {
        Format::JsonPatchSchema | Format::JsonPatchSchemaDraft07 => {
            json_patch_schema::document(resource, &settings, body)
        }
        _ => body,
    };
    match schema_url(resource, format) {
        Some(url) => with_id(doc, &url),
        None => doc,
    }
}

/// Where the committed `schema/` folder is published (the repository's raw files).
const SCHEMA_BASE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/raw/main/schema/");

/// The published URL of a resource's JSON Schema in `format`: its `$id`, and the URL
/// `catalog.json` names (`None` for OpenAPI formats).
pub fn schema_url(resource: &Resource, format: Format) -> Option<String> {
    json_schema_file_name(resource, format).map(|file| format!("{SCHEMA_BASE_URL}{file}"))
}

/// `doc` with `$id` set to `url`, right after `$schema`.
fn with_id(doc: Value, url: &str) -> Value {
    let Value::Object(map) = doc else {
        return doc;
    };
    let mut out = serde_json::Map::new();
    if let Some(schema) = map.get("$schema") {
        out.insert("$schema".into(), schema.clone());
    }
    out.insert("$id".into(), json!(url));
    out.extend(map.into_iter().filter(|(key, _)| key != "$schema"));
    Value::Object(out)
}

/// The JSON Schema of a resource's PATCH body in the dialect of `settings`.
fn json_schema(resource: &Resource, settings: &SchemaSettings, options: Options) -> Value {
    let mut schema = resource.body_schema_with(settings.clone());
    portable::check_calendar_in_patterns(&mut schema);
    if !options.graph_extensions {
        portable::strip_graph_extensions(&mut schema);
    }
    schema
}

/// Renders a document deterministically, ending with a newline.
pub fn render(document: &Value, encoding: Encoding) -> String {
    let mut text = match encoding {
        Encoding::Json => serde_json::to_string_pretty(document).unwrap_or_default(),
        Encoding::Yaml => yaml::to_string(document),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// File name of a resource's JSON Schema in `format` (`None` for OpenAPI formats).
pub fn json_schema_file_name(resource: &Resource, format: Format) -> Option<String> {
    let name = resource.descriptor().name();
    match format {
        Format::JsonSchema => Some(format!("{name}.schema.json")),
        Format::JsonSchemaDraft07 => Some(format!("{name}.draft-07.schema.json")),
        Format::JsonPatchSchema => Some(format!("{name}.json-patch.schema.json")),
        Format::JsonPatchSchemaDraft07 => Some(format!("{name}.json-patch.draft-07.schema.json")),
        Format::OpenApi30 | Format::OpenApi31 => None,
    }
}

/// The artifacts of the model that `credsum export --all` writes: the four JSON Schemas of each
/// resource (PATCH body and JSON Patch document, 2020-12 and draft-07) and each OpenAPI document
/// as JSON and YAML (the CLI adds the workspace's `catalog.json`).
pub fn artifacts(registry: &Registry) -> Vec<Artifact> {
    let mut out = Vec::new();
    for resource in registry.resources() {
        for format in Format::ALL.into_iter().filter(|f| !f.is_openapi()) {
            let doc = document(registry, format, Some(resource), Options::default());
            out.extend(
                json_schema_file_name(resource, format).map(|file_name| Artifact {
                    file_name,
                    contents: render(&doc, Encoding::Json),
                }),
            );
        }
    }
    for format in [Format::OpenApi30, Format::OpenApi31] {
        let doc = document(registry, format, None, Options::default());
        for encoding in [Encoding::Json, Encoding::Yaml] {
            out.push(Artifact {
                file_name: format!("{}.{}", format.name(), encoding.extension()),
                contents: render(&doc, encoding),
            });
        }
    }
    out
}
