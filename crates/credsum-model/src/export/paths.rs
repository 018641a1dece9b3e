//! The OpenAPI path items of a resource, one operation per entry of the registry's
//! [`operations`], written in the conventions of Graph's generated OpenAPI (tag per two path
//! segments, operationId `{segments}.{Verb}{EntitySet}`, `x-ms-docs-operation-type`,
//! `x-ms-pageable`, `2XX`/`4XX`/`5XX`) so the fragment merges into Graph's own document by name.

use serde_json::{json, Map, Value};

use super::openapi::{patch_body_component, schema_ref};
use crate::annotations::{Annotation, Place};
use crate::extensions;
use crate::operations::{
    Operation, OperationKind, RequestBody, ResponseBody, COLLECTION_VALUE, OPERATIONS,
};
use crate::registry::{Resource, ResourceDescriptor};

/// Where Graph's OData error response lives in the document.
const ERROR_RESPONSE: &str = "#/components/responses/error";

/// The query options shared by every operation, as Graph's document names them under
/// `components/parameters`, with their schemas; `$orderby`, `$select` and `$expand` are written
/// per operation since their values name the resource's properties.
const SHARED_OPTIONS: &[(&str, &str, &str)] = &[
    ("$top", "Show only the first n items", "integer"),
    ("$skip", "Skip the first n items", "integer"),
    ("$search", "Search items by search phrases", "string"),
    ("$filter", "Filter items by property values", "string"),
    ("$count", "Include count of items", "boolean"),
];

/// The segments of a path (`/a/b` → `[a, b]`).
fn path_segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The tag of a resource's operations: Graph's generated API names it after the first two
/// segments of the path, the second in the singular (`tenantRelationships.managedTenant`).
pub fn tag_of(d: &ResourceDescriptor) -> String {
    match path_segments(d.entity_set_path).as_slice() {
        [first, second, ..] => format!("{first}.{}", second.strip_suffix('s').unwrap_or(second)),
        [first] => (*first).to_owned(),
        [] => d.name().to_owned(),
    }
}

/// The `components/parameters` entries of the shared query options (`top`, `skip`, …).
pub fn query_parameters() -> Value {
    let mut parameters = Map::new();
    for (option, description, ty) in SHARED_OPTIONS {
        let mut schema = json!({ "type": ty });
        if *ty == "integer" {
            schema["minimum"] = json!(0);
        }
        parameters.insert(
            option.trim_start_matches('$').into(),
            json!({ "name": option, "in": "query", "description": description, "style": "form", "explode": false, "schema": schema }),
        );
    }
    Value::Object(parameters)
}

/// Component name of a resource's collection response, as Graph names it.
fn collection_response_component(d: &ResourceDescriptor) -> String {
    format!("{}CollectionResponse", d.odata_type)
}

/// The collection response schema of a resource (the list envelope), derived from its entity.
pub fn collection_response_schema(resource: &Resource, v31: bool) -> (String, Value) {
    let d = resource.descriptor();
    let mut properties = Map::new();
    for annotation in Annotation::in_place(Place::CollectionPage) {
        let mut schema = annotation.schema(v31);
        if !v31 {
            schema["nullable"] = json!(true);
        }
        properties.insert(annotation.name.into(), schema);
    }
    properties.insert(
        COLLECTION_VALUE.into(),
        json!({ "type": "array", "items": schema_ref(d.odata_type) }),
    );
    (
        collection_response_component(d),
        json!({
            "title": format!("Collection of {}", d.name()),
            "type": "object",
            "properties": properties,
        }),
    )
}

/// The path items of a resource: every operation of the registry, grouped by path, with the key
/// parameter on the item's path.
pub fn path_items(resource: &Resource) -> Map<String, Value> {
    let d = resource.descriptor();
    let mut items = Map::new();
    for op in &OPERATIONS {
        let path = op.path_template(d);
        let is_item = path == d.item_path();
        let item = items.entry(path).or_insert_with(|| json!({}));
        item[op.method.to_ascii_lowercase()] = operation(resource, op);
        if is_item && item.get("parameters").is_none() {
            item["parameters"] = json!([{
                "name": d.key_parameter,
                "in": "path",
                "description": format!("The unique identifier of {}", d.name()),
                "required": true,
                "schema": { "type": "string" },
                "x-ms-docs-key-type": d.name(),
            }]);
        }
    }
    items
}

/// The OpenAPI operation object of `op`.
fn operation(resource: &Resource, op: &Operation) -> Value {
    let d = resource.descriptor();
    let name = d.name();
    let segments = path_segments(d.entity_set_path);
    let set = segments.last().copied().unwrap_or(name);
    let parents = segments[..segments.len().saturating_sub(1)].join(".");
    let operation_id = match op.kind {
        OperationKind::Count => format!("{parents}.{set}.{}", op.kind.verb()),
        kind => format!("{parents}.{}{}", kind.verb(), capitalize(set)),
    };
    let (summary, description) = summary(op.kind, name, set);
    let mut out = json!({
        "tags": [tag_of(d)],
        "summary": summary,
        "description": description,
        "operationId": operation_id,
    });
    if op.is_documented(d) {
        out["externalDocs"] = json!({ "description": "Graph docs", "url": d.docs_url });
    } else {
        out["description"] = json!(format!(
            "{description} Graph documents this operation only in its generated API; its docs document list and get."
        ));
        out[extensions::GENERATED_ONLY] = json!(true);
    }
    let parameters = parameters(resource, op);
    if !parameters.is_empty() {
        out["parameters"] = Value::Array(parameters);
    }
    match op.request_body {
        RequestBody::None => {}
        RequestBody::Entity => {
            out["requestBody"] = json!({
                "description": format!("The new {name}."),
                "required": true,
                "content": { "application/json": { "schema": schema_ref(d.odata_type) } },
            });
        }
        RequestBody::PartialEntity => {
            out["requestBody"] = json!({
                "description": format!("The properties of the {name} to update."),
                "required": true,
                "content": { "application/json": { "schema": schema_ref(&patch_body_component(d.odata_type)) } },
            });
        }
    }
    out["responses"] = json!({
        "2XX": success_response(d, op),
        "4XX": { "$ref": ERROR_RESPONSE },
        "5XX": { "$ref": ERROR_RESPONSE },
    });
    if op.kind == OperationKind::List {
        out["x-ms-pageable"] =
            json!({ "nextLinkName": "@odata.nextLink", "operationName": "listMore" });
    }
    out["x-ms-docs-operation-type"] = json!("operation");
    out
}

/// The summary and description of an operation of `kind` on the entity `name` of set `set`.
fn summary(kind: OperationKind, name: &str, set: &str) -> (String, String) {
    match kind {
        OperationKind::List => (format!("List {set}"), format!("Get a list of the {name} objects and their properties.")),
        OperationKind::Create => (format!("Create {name}"), format!("Create a new {name} object.")),
        OperationKind::Get => (format!("Get {name}"), format!("Read the properties of a {name} object.")),
        OperationKind::Update => (format!("Update {name}"), format!("Update the properties of a {name} object. PATCH merges: properties left out keep their values; null clears a property.")),
        OperationKind::Delete => (format!("Delete {name}"), format!("Delete a {name} object.")),
        OperationKind::Count => (format!("Count {set}"), format!("Get the number of {name} objects.")),
    }
}

/// The parameters of `op`: its query options, and `If-Match` on a delete.
fn parameters(resource: &Resource, op: &Operation) -> Vec<Value> {
    let properties: Vec<String> = resource.property_names().map(String::from).collect();
    let mut out: Vec<Value> = op
        .query_options
        .iter()
        .map(|option| match *option {
            "$orderby" => list_option(option, "Order items by property values", properties.iter().flat_map(|p| [p.clone(), format!("{p} desc")]).collect()),
            "$select" => list_option(option, "Select properties to be returned", properties.clone()),
            "$expand" => list_option(option, "Expand related entities", vec!["*".into()]),
            shared => json!({ "$ref": format!("#/components/parameters/{}", shared.trim_start_matches('$')) }),
        })
        .collect();
    if op.kind == OperationKind::Delete {
        out.push(json!({ "name": "If-Match", "in": "header", "description": "ETag", "schema": { "type": "string" } }));
    }
    out
}

/// A comma-separated list query option whose items are `values`.
fn list_option(option: &str, description: &str, values: Vec<String>) -> Value {
    json!({
        "name": option,
        "in": "query",
        "description": description,
        "style": "form",
        "explode": false,
        "schema": { "uniqueItems": true, "type": "array", "items": { "enum": values, "type": "string" } },
    })
}

/// The `2XX` response of `op`.
fn success_response(d: &ResourceDescriptor, op: &Operation) -> Value {
    let statuses: Vec<String> = op.responses.iter().map(|s| s.status.to_string()).collect();
    let description = format!("Success: {}", statuses.join(" or "));
    let body = op
        .responses
        .iter()
        .map(|s| s.body)
        .find(|b| *b != ResponseBody::None);
    match body {
        None => json!({ "description": description }),
        Some(ResponseBody::Collection) => json!({
            "description": description,
            "content": { "application/json": { "schema": schema_ref(&collection_response_component(d)) } },
        }),
        Some(ResponseBody::CountText) => json!({
            "description": description,
            "content": { "text/plain": { "schema": { "type": "integer", "format": "int32" } } },
        }),
        Some(_) => json!({
            "description": description,
            "content": { "application/json": { "schema": schema_ref(d.odata_type) } },
        }),
    }
}

/// `word` with its first letter upper-cased.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
