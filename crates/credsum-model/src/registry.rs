//! The resource registry: which Graph resources credsum checks, with their endpoint facts and the
//! schema of their PATCH body. Everything downstream (exporter, analysis, linter, language server)
//! reads resources from here, so registering a type is all it takes to support it.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use crate::annotations::{Annotation, Place};
use crate::extensions;
use crate::operations::{OperationKind, OPERATIONS};
use crate::resources::CredentialUserRegistrationsSummary;

/// The OData annotation naming a body's type.
pub const ODATA_TYPE: &str = "@odata.type";

/// Graph facts about a resource that are not part of its JSON shape.
#[derive(Clone, Copy, Debug)]
pub struct ResourceDescriptor {
    /// Qualified OData type name without `#`, e.g. `microsoft.graph.managedTenants.credentialUserRegistrationsSummary`.
    pub odata_type: &'static str,
    /// Path of the entity set, e.g. `/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries`.
    pub entity_set_path: &'static str,
    /// Name of the key path parameter in Graph's OpenAPI, e.g. `credentialUserRegistrationsSummary-id`.
    pub key_parameter: &'static str,
    /// Name of the key placeholder the Graph docs write in URLs, e.g. `credentialUserRegistrationsSummaryId`.
    pub docs_key_placeholder: &'static str,
    /// The operations the Graph docs document for the resource; the others of
    /// [`OPERATIONS`](crate::operations::OPERATIONS) exist only in Graph's generated API.
    pub documented_operations: &'static [OperationKind],
    /// The delegated permissions the Graph docs list for the documented operations, least
    /// privileged first (application permissions: [`ResourceDescriptor::application_permissions`]).
    pub delegated_permissions: &'static [&'static str],
    /// The application permissions the Graph docs list; empty when the docs say they are not
    /// supported.
    pub application_permissions: &'static [&'static str],
    /// Graph API versions that serve the endpoint (`beta`, `v1.0`).
    pub api_versions: &'static [&'static str],
    /// The resource's page in the Graph docs.
    pub docs_url: &'static str,
    /// The OData base type the resource inherits from, if any.
    pub base: Option<BaseType>,
}

impl ResourceDescriptor {
    /// Short type name: the last segment of the OData type, e.g. `credentialUserRegistrationsSummary`.
    pub fn name(&self) -> &'static str {
        self.odata_type
            .rsplit_once('.')
            .map_or(self.odata_type, |(_, name)| name)
    }

    /// The value `@odata.type` must have in a body: the OData type with a leading `#`.
    pub fn odata_type_annotation(&self) -> String {
        format!("#{}", self.odata_type)
    }

    /// The item path template with Graph's OpenAPI parameter name, e.g. `/…/credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummary-id}`.
    pub fn item_path(&self) -> String {
        format!("{}/{{{}}}", self.entity_set_path, self.key_parameter)
    }
}

/// An OData base type: its name and how to generate its schema.
#[derive(Clone, Copy, Debug)]
pub struct BaseType {
    /// Qualified OData type name, e.g. `microsoft.graph.entity`.
    pub odata_type: &'static str,
    /// Generates the base type's schema (its own properties only).
    pub schema: fn(&mut SchemaGenerator) -> Schema,
}

impl BaseType {
    /// The base type `T`, named `odata_type` in Graph.
    pub const fn of<T: JsonSchema>(odata_type: &'static str) -> BaseType {
        BaseType {
            odata_type,
            schema: T::json_schema,
        }
    }
}

/// A Rust type that models a Graph resource credsum can check.
pub trait GraphResource: JsonSchema {
    /// Endpoint and type facts of the resource.
    const DESCRIPTOR: ResourceDescriptor;
}

/// One registered resource: its descriptor and its PATCH body schema.
#[derive(Clone, Debug)]
pub struct Resource {
    descriptor: ResourceDescriptor,
    root_schema: fn(&mut SchemaGenerator) -> Schema,
    body_schema: Value,
}

impl Resource {
    /// The resource modelled by `T`.
    pub fn of<T: GraphResource>() -> Resource {
        let root_schema: fn(&mut SchemaGenerator) -> Schema = |g| g.root_schema_for::<T>();
        let mut resource = Resource {
            descriptor: T::DESCRIPTOR,
            root_schema,
            body_schema: Value::Null,
        };
        resource.body_schema = resource.body_schema_with(SchemaSettings::draft2020_12());
        resource
    }

    /// Endpoint and type facts.
    pub fn descriptor(&self) -> &ResourceDescriptor {
        &self.descriptor
    }

    /// The PATCH body schema (JSON Schema 2020-12) that analysis validates against.
    pub fn body_schema(&self) -> &Value {
        &self.body_schema
    }

    /// The resource's property names in schema order (base type first), without the OData
    /// control information (`@odata.type` and the [annotations](crate::annotations)) a body
    /// may also carry.
    pub fn property_names(&self) -> impl Iterator<Item = &str> {
        self.body_schema["properties"]
            .as_object()
            .into_iter()
            .flat_map(|properties| properties.keys())
            .map(String::as_str)
            .filter(|name| !name.starts_with('@'))
    }

    /// The PATCH body schema generated with `settings`: a closed object (`additionalProperties:
    /// false`) whose properties are `@odata.type` (with its constant), the resource's own, and
    /// the [annotations](crate::annotations) an entity may carry, each typed; no other name.
    /// The settings' transforms run again on the result, so the added keywords follow the dialect
    /// too (e.g. OpenAPI 3.0 turns `const` into `enum`).
    pub fn body_schema_with(&self, settings: SchemaSettings) -> Value {
        let mut transforms = settings.transforms.clone();
        let mut generator = settings.into_generator();
        let mut schema = (self.root_schema)(&mut generator).to_value();
        let d = &self.descriptor;
        if let Some(object) = schema.as_object_mut() {
            let properties = object.remove("properties").and_then(|p| match p {
                Value::Object(map) => Some(map),
                _ => None,
            });
            let mut with_type = Map::new();
            with_type.insert(
                ODATA_TYPE.into(),
                json!({
                    "type": "string",
                    "const": d.odata_type_annotation(),
                    "description": "The OData type of the body. Optional in this PATCH; when present it must name this type.",
                }),
            );
            with_type.extend(properties.unwrap_or_default());
            for annotation in Annotation::in_place(Place::Entity) {
                with_type.insert(annotation.name.into(), annotation.schema(false));
            }
            object.insert("properties".into(), Value::Object(with_type));
            object.insert("additionalProperties".into(), Value::Bool(false));
            let note = " Graph's metadata marks the type open; credsum closes PATCH bodies because an unknown property is rejected by the service with 400 (RequestBodyRead).";
            if let Some(Value::String(description)) = object.get_mut("description") {
                description.push_str(note);
            }
            object.insert(extensions::RESOURCE.into(), self.facts());
        }
        unwrap_doc_lines(&mut schema);
        let mut schema = Schema::try_from(schema).unwrap_or_default();
        for transform in &mut transforms {
            transform.transform(&mut schema);
        }
        schema.to_value()
    }

    /// The base type's schema generated with `settings`, if the resource has a base type.
    pub fn base_schema_with(&self, settings: SchemaSettings) -> Option<(&'static str, Value)> {
        let base = self.descriptor.base?;
        let mut generator = settings.into_generator();
        let mut schema = (base.schema)(&mut generator).to_value();
        unwrap_doc_lines(&mut schema);
        Some((base.odata_type, schema))
    }

    /// The resource-level facts as the `x-graph-resource` keyword value.
    fn facts(&self) -> Value {
        let d = &self.descriptor;
        json!({
            "odataType": d.odata_type,
            "baseType": d.base.map(|b| b.odata_type),
            "operations": OPERATIONS.iter().map(|op| json!({
                "operation": op.kind.name(),
                "method": op.method,
                "path": op.path_template(d),
                "documented": op.is_documented(d),
            })).collect::<Vec<_>>(),
            "entitySetPath": d.entity_set_path,
            "itemPath": d.item_path(),
            "apiVersions": d.api_versions,
            "docsUrl": d.docs_url,
        })
    }
}

/// The set of resources credsum checks.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    resources: Vec<Resource>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// The resources credsum ships: `credentialUserRegistrationsSummary`.
    pub fn graph() -> Registry {
        let mut registry = Registry::new();
        registry.register::<CredentialUserRegistrationsSummary>();
        registry
    }

    /// Adds the resource modelled by `T`.
    pub fn register<T: GraphResource>(&mut self) -> &mut Registry {
        self.resources.push(Resource::of::<T>());
        self
    }

    /// All resources, in registration order.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// The resource whose OData type is `odata_type` (with or without the leading `#`).
    pub fn by_odata_type(&self, odata_type: &str) -> Option<&Resource> {
        let name = odata_type.strip_prefix('#').unwrap_or(odata_type);
        self.resources
            .iter()
            .find(|r| r.descriptor.odata_type == name)
    }

    /// The resource with short name `name` (e.g. `credentialUserRegistrationsSummary`).
    pub fn by_name(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.descriptor.name() == name)
    }
}

/// Joins the lines of doc-comment `description`s (schemars keeps the source line breaks) so
/// descriptions read as one paragraph in every tool.
pub fn unwrap_doc_lines(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if key == "description" => *text = text.replace('\n', " "),
                    other => unwrap_doc_lines(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_doc_lines),
        _ => {}
    }
}
