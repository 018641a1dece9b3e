//! The exporter: JSON Schema (2020-12, draft-07) and OpenAPI (3.0, 3.1) documents generated from
//! the registry, rendered deterministically as JSON or YAML.

use std::fmt;

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::registry::{Registry, Resource};
use crate::resources::ODataError;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON Schema draft 2020-12 of a resource's PATCH body.
    JsonSchema,
    /// JSON Schema draft-07 of a resource's PATCH body.
    JsonSchemaDraft07,
    /// An OpenAPI 3.0 fragment: the PATCH path items and the component schemas.
    OpenApi30,
    /// An OpenAPI 3.1 fragment: the PATCH path items and the component schemas.
    OpenApi31,
}

impl Format {
    /// Every format, in the order `--all` writes them.
    pub const ALL: [Format; 4] = [
        Format::JsonSchema,
        Format::JsonSchemaDraft07,
        Format::OpenApi30,
        Format::OpenApi31,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::JsonSchema => "json-schema",
            Format::JsonSchemaDraft07 => "json-schema-draft-07",
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
    /// YAML.
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
pub fn document(registry: &Registry, format: Format, resource: Option<&Resource>) -> Value {
    let resource = resource.or_else(|| registry.resources().first());
    match (format, resource) {
        (Format::JsonSchema, Some(r)) => r.body_schema_with(SchemaSettings::draft2020_12(), true),
        (Format::JsonSchemaDraft07, Some(r)) => r.body_schema_with(SchemaSettings::draft07(), true),
        (Format::JsonSchema | Format::JsonSchemaDraft07, None) => json!({}),
        (Format::OpenApi30 | Format::OpenApi31, _) => {
            openapi(registry, format == Format::OpenApi31)
        }
    }
}

/// Renders a document deterministically, ending with a newline.
pub fn render(document: &Value, encoding: Encoding) -> String {
    let mut text = match encoding {
        Encoding::Json => serde_json::to_string_pretty(document).unwrap_or_default(),
        Encoding::Yaml => serde_norway::to_string(document).unwrap_or_default(),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Every artifact `credsum export --all` writes: both JSON Schemas of each resource, and each
/// OpenAPI document as JSON and YAML.
pub fn artifacts(registry: &Registry) -> Vec<Artifact> {
    let mut out = Vec::new();
    for resource in registry.resources() {
        let name = resource.descriptor().name();
        for (format, suffix) in [
            (Format::JsonSchema, "schema"),
            (Format::JsonSchemaDraft07, "draft-07.schema"),
        ] {
            out.push(Artifact {
                file_name: format!("{name}.{suffix}.json"),
                contents: render(&document(registry, format, Some(resource)), Encoding::Json),
            });
        }
    }
    for format in [Format::OpenApi30, Format::OpenApi31] {
        let doc = document(registry, format, None);
        for encoding in [Encoding::Json, Encoding::Yaml] {
            out.push(Artifact {
                file_name: format!("{}.{}", format.name(), encoding.extension()),
                contents: render(&doc, encoding),
            });
        }
    }
    out
}

/// Settings for component schemas of the OpenAPI version.
fn openapi_settings(v31: bool) -> SchemaSettings {
    let settings = if v31 {
        SchemaSettings::draft2020_12()
    } else {
        SchemaSettings::openapi3()
    };
    settings.with(|s| {
        s.definitions_path = "/components/schemas".into();
        s.meta_schema = None;
    })
}

/// Component name of a resource's closed PATCH body schema.
fn patch_body_component(odata_type: &str) -> String {
    format!("{odata_type}.patchBody")
}

/// The OpenAPI document: for each resource, the PATCH path item, the resource schema in Graph's
/// `allOf` form with its base type, and the closed PATCH body schema; plus the shared error schemas.
fn openapi(registry: &Registry, v31: bool) -> Value {
    let mut schemas = Map::new();
    let mut paths = Map::new();
    for resource in registry.resources() {
        let d = resource.descriptor();
        let mut body = resource.body_schema_with(openapi_settings(v31), v31);
        if let Some(body) = body.as_object_mut() {
            body.remove("$schema");
        }
        let mut own = body.get("properties").cloned().unwrap_or_else(|| json!({}));
        if let Some((base_name, mut base)) = resource.base_schema_with(openapi_settings(v31)) {
            if let (Some(own), Some(base_props)) = (
                own.as_object_mut(),
                base.get("properties").and_then(Value::as_object),
            ) {
                own.retain(|name, _| {
                    !base_props.contains_key(name) && name != crate::registry::ODATA_TYPE
                });
            }
            if let Some(base) = base.as_object_mut() {
                base.remove("$schema");
                base.insert("type".into(), json!("object"));
            }
            schemas.insert(base_name.into(), base);
            schemas.insert(
                d.odata_type.into(),
                json!({
                    "allOf": [
                        { "$ref": format!("#/components/schemas/{base_name}") },
                        { "title": d.name(), "type": "object", "properties": own },
                    ]
                }),
            );
        }
        schemas.insert(patch_body_component(d.odata_type), body);
        paths.insert(d.item_path(), path_item(resource));
    }
    let mut generator = openapi_settings(v31).into_generator();
    generator.subschema_for::<ODataError>();
    for (name, mut schema) in generator.take_definitions(true) {
        crate::registry::unwrap_doc_lines(&mut schema);
        schemas.insert(name, schema);
    }
    let mut doc = json!({
        "openapi": if v31 { "3.1.1" } else { "3.0.4" },
        "info": {
            "title": "credsum: Microsoft Graph PATCH bodies",
            "description": "PATCH operations and request body schemas generated by credsum from its Rust model. Fragment for linters, validators, code generators and gateways.",
            "version": env!("CARGO_PKG_VERSION"),
        },
        "servers": registry_servers(registry),
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "error": {
                    "description": "error",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/microsoft.graph.ODataErrors.ODataError" } } }
                }
            },
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "Authorization: Bearer {token}" }
            }
        },
        "security": [{ "bearer": [] }],
    });
    if v31 {
        doc.as_object_mut().map(|d| {
            d.insert(
                "jsonSchemaDialect".into(),
                json!("https://spec.openapis.org/oas/3.1/dialect/base"),
            )
        });
    }
    doc
}

/// One server entry per Graph API version any resource is served on.
fn registry_servers(registry: &Registry) -> Value {
    let mut versions: Vec<&str> = registry
        .resources()
        .iter()
        .flat_map(|r| r.descriptor().api_versions.iter().copied())
        .collect();
    versions.sort_unstable();
    versions.dedup();
    versions.into_iter().map(|v| json!({ "url": format!("https://graph.microsoft.com/{v}"), "description": format!("Microsoft Graph {v}") })).collect()
}

/// The path item of a resource's entity: the PATCH operation and the key parameter.
fn path_item(resource: &Resource) -> Value {
    let d = resource.descriptor();
    let name = d.name();
    let set = d.entity_set_path.rsplit('/').next().unwrap_or(name);
    let tag = d.entity_set_path.trim_start_matches('/').replace('/', ".");
    json!({
        "patch": {
            "tags": [tag],
            "summary": format!("Update {name}"),
            "description": format!("Update the properties of a {name} object. PATCH merges: properties left out keep their values; null clears a property."),
            "operationId": format!("{tag}.Update{}", capitalize(set)),
            "externalDocs": { "description": "Graph docs", "url": d.docs_url },
            "requestBody": {
                "description": format!("The properties of the {name} to update."),
                "required": true,
                "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", patch_body_component(d.odata_type)) } } }
            },
            "responses": {
                "2XX": {
                    "description": "Success: 204 No Content, or 200 OK with the updated entity (Prefer: return=representation).",
                    "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", d.odata_type) } } }
                },
                "4XX": { "$ref": "#/components/responses/error" },
                "5XX": { "$ref": "#/components/responses/error" },
            },
        },
        "parameters": [{
            "name": d.key_parameter,
            "in": "path",
            "description": format!("The unique identifier of {name}"),
            "required": true,
            "schema": { "type": "string" },
            "x-ms-docs-key-type": name,
        }],
    })
}

/// `word` with its first letter upper-cased.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
