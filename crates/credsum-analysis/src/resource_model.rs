//! A resource as analysis sees it: its descriptor, its compiled PATCH body schema and, per
//! property, the facts read from that schema (type, bounds, nullability, `x-graph-*` keywords).
//! Nothing here names a property: adding one to the Rust type lights it up everywhere.

use credsum_model::annotations::Annotation;
use credsum_model::extensions;
use credsum_model::registry::{Resource, ResourceDescriptor};
use serde_json::Value;

use crate::tree_json::TreeJson;

/// One property of a resource body, read from its schema.
#[derive(Clone, Debug)]
pub struct PropertyModel {
    /// Property name as it appears in JSON.
    pub name: String,
    /// The property's schema.
    pub schema: Value,
    /// JSON types allowed besides `null` (`integer`, `string`, `boolean`, …).
    pub types: Vec<String>,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// OData type, e.g. `Edm.Int32`.
    pub edm_type: Option<String>,
    /// JSON Schema `format`, e.g. `int32`, `date-time`.
    pub format: Option<String>,
    /// Inclusive lower bound of a number.
    pub minimum: Option<i64>,
    /// Inclusive upper bound of a number.
    pub maximum: Option<i64>,
    /// The required value (`const`), e.g. for `@odata.type`.
    pub const_value: Option<Value>,
    /// What the property holds.
    pub description: Option<String>,
    /// The placeholder the Graph docs show instead of a value.
    pub docs_placeholder: Option<String>,
    /// An example value of the right type.
    pub example: Option<Value>,
    /// The Graph docs call it read-only.
    pub read_only: bool,
    /// It is the entity key.
    pub key: bool,
    /// A count that can't be negative.
    pub non_negative: bool,
    /// A sibling count this one can't exceed.
    pub at_most: Option<String>,
    /// Values the service is known to use.
    pub known_values: Vec<String>,
}

impl PropertyModel {
    /// Reads the facts of property `name` from its schema.
    fn from_schema(name: &str, schema: &Value) -> PropertyModel {
        let text = |key: &str| schema.get(key).and_then(Value::as_str).map(str::to_owned);
        let flag = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
        let mut types: Vec<String> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let nullable = types.iter().any(|t| t == "null") || flag("nullable");
        types.retain(|t| t != "null");
        PropertyModel {
            name: name.to_owned(),
            types,
            nullable,
            edm_type: text(extensions::EDM_TYPE),
            format: text("format"),
            minimum: schema.get("minimum").and_then(Value::as_i64),
            maximum: schema.get("maximum").and_then(Value::as_i64),
            const_value: schema.get("const").cloned(),
            description: text("description"),
            docs_placeholder: text(extensions::DOCS_PLACEHOLDER),
            example: schema.get("examples").and_then(|e| e.get(0)).cloned(),
            read_only: flag(extensions::READ_ONLY),
            key: flag(extensions::KEY),
            non_negative: flag(extensions::NON_NEGATIVE),
            at_most: text(extensions::AT_MOST),
            known_values: schema
                .get(extensions::KNOWN_VALUES)
                .and_then(Value::as_array)
                .map(|v| {
                    v.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            schema: schema.clone(),
        }
    }

    /// Whether the JSON type `ty` (`integer`, `string`, …) is allowed.
    pub fn allows(&self, ty: &str) -> bool {
        self.types
            .iter()
            .any(|t| t == ty || (t == "number" && ty == "integer"))
    }

    /// A short human name of the type: the OData type when known (`Int32`), else the JSON type.
    pub fn type_label(&self) -> String {
        match &self.edm_type {
            Some(edm) => edm.trim_start_matches("Edm.").to_owned(),
            None => self.types.join(" or "),
        }
    }
}

/// A registered resource, ready for analysis.
pub struct ResourceModel {
    descriptor: ResourceDescriptor,
    properties: Vec<PropertyModel>,
    schema: Value,
    validator: Option<jsonschema::Validator<TreeJson>>,
    /// One validator per property (in [`ResourceModel::properties`] order), for a value that
    /// stands alone: a JSON Patch operation's `value`.
    property_validators: Vec<Option<jsonschema::Validator<TreeJson>>>,
    members_independent: bool,
}

impl std::fmt::Debug for ResourceModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResourceModel")
            .field("odata_type", &self.descriptor.odata_type)
            .finish_non_exhaustive()
    }
}

impl ResourceModel {
    /// Reads the model of `resource` from its body schema and compiles the validator.
    pub fn new(resource: &Resource) -> ResourceModel {
        let schema = resource.body_schema().clone();
        let properties: Vec<PropertyModel> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|props| {
                // The annotations are typed by the schema; completion, fixes and "did you
                // mean" offer only what a body sets.
                props
                    .iter()
                    .filter(|(name, _)| Annotation::find(name).is_none())
                    .map(|(name, s)| PropertyModel::from_schema(name, s))
                    .collect()
            })
            .unwrap_or_default();
        let validator = compile(&schema);
        let property_validators = properties
            .iter()
            .map(|p| compile(&standalone(&p.schema, &schema)))
            .collect();
        ResourceModel {
            descriptor: *resource.descriptor(),
            properties,
            property_validators,
            members_independent: members_independent(&schema),
            schema,
            validator,
        }
    }

    /// Endpoint and type facts.
    pub fn descriptor(&self) -> &ResourceDescriptor {
        &self.descriptor
    }

    /// Properties in schema order (`@odata.type` first).
    pub fn properties(&self) -> &[PropertyModel] {
        &self.properties
    }

    /// The property called `name`.
    pub fn property(&self, name: &str) -> Option<&PropertyModel> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// The body schema (JSON Schema 2020-12).
    pub fn schema(&self) -> &Value {
        &self.schema
    }

    /// Whether the body schema judges each member of the object on its own (no `required`,
    /// `minProperties`, combinators or other keywords that look at several members), so a big
    /// body may be validated a slice of members at a time with the same findings.
    pub fn members_independent(&self) -> bool {
        self.members_independent
    }

    /// The compiled validator (`None` only if the schema failed to compile, which tests rule out).
    pub(crate) fn validator(&self) -> Option<&jsonschema::Validator<TreeJson>> {
        self.validator.as_ref()
    }

    /// The validator of property `p`'s value on its own (`None` for a property of another
    /// model, or a schema that failed to compile).
    pub(crate) fn property_validator(
        &self,
        p: &PropertyModel,
    ) -> Option<&jsonschema::Validator<TreeJson>> {
        let index = self.properties.iter().position(|q| q.name == p.name)?;
        self.property_validators.get(index)?.as_ref()
    }
}

/// The validator of `schema`, validating formats as Graph reads them.
fn compile(schema: &Value) -> Option<jsonschema::Validator<TreeJson>> {
    jsonschema::options_for::<TreeJson>()
        .should_validate_formats(true)
        .build(schema)
        .ok()
}

/// A property's schema made to stand alone: the body schema's `$defs` come along, so a `$ref`
/// in it still resolves.
fn standalone(property: &Value, body: &Value) -> Value {
    let mut schema = property.clone();
    if let (Some(object), Some(defs)) = (schema.as_object_mut(), body.get("$defs")) {
        object.insert("$defs".to_owned(), defs.clone());
    }
    schema
}

/// Object-schema keywords that judge each member on its own, or say nothing about the instance.
const MEMBER_LOCAL_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "definitions",
    "title",
    "description",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// See [`ResourceModel::members_independent`]: every keyword of `schema` is member-local or an
/// `x-` extension.
pub(crate) fn members_independent(schema: &Value) -> bool {
    schema.as_object().is_some_and(|keywords| {
        keywords
            .keys()
            .all(|k| MEMBER_LOCAL_KEYWORDS.contains(&k.as_str()) || k.starts_with("x-"))
    })
}
