//! The JSON Schema of an RFC 6902 JSON Patch document aimed at a resource: an array of
//! operations whose `path` (and `from`) point at one of the resource's properties and whose
//! `value` follows that property's subschema in the resource's PATCH body schema, which the
//! document embeds under its definitions and refers to by `$ref`.

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::json_patch::{member_pointer, PatchOp, MEDIA_TYPE};
use crate::registry::{Resource, ODATA_TYPE};

/// Definition name of one operation object (camelCase, so it cannot meet a schemars definition
/// of the body, which are named after Rust types).
const OPERATION: &str = "operation";

/// Definition name of the pointers to the resource's properties.
const PROPERTY_POINTER: &str = "propertyPointer";

/// The patch document schema of `resource`, in the dialect of `settings`, around `body`: the
/// resource's PATCH body schema as the JSON Schema export writes it in the same dialect.
pub fn document(resource: &Resource, settings: &SchemaSettings, body: Value) -> Value {
    let Value::Object(mut body) = body else {
        return json!({});
    };
    let defs_key = settings.definitions_path.trim_start_matches('/');
    let mut defs = match body.remove(defs_key) {
        Some(Value::Object(defs)) => defs,
        _ => Map::new(),
    };
    body.remove("$schema");
    let name = resource.descriptor().name();
    let body_name = resource.descriptor().odata_type;
    let def_ref = |segments: &[&str]| {
        let pointer: String = segments.iter().map(|s| member_pointer(s)).collect();
        json!({ "$ref": format!("#/{defs_key}{}", uri_fragment(&pointer)) })
    };
    // `@odata.type` may be set (to its constant) like a property: the converted body carries it.
    let properties: Vec<&str> = std::iter::once(ODATA_TYPE)
        .chain(resource.property_names())
        .collect();
    let pointers: Vec<String> = properties.iter().map(|p| member_pointer(p)).collect();
    let required: Vec<&str> = properties
        .iter()
        .copied()
        .filter(|p| !is_nullable(&body["properties"][*p]))
        .collect();
    defs.insert(
        OPERATION.into(),
        operation(
            &properties,
            &required,
            &|p| def_ref(&[body_name, "properties", p]),
            &def_ref(&[PROPERTY_POINTER]),
        ),
    );
    defs.insert(
        PROPERTY_POINTER.into(),
        json!({
            "description": format!("The JSON Pointer (RFC 6901) of a {name} property: a slash and the property name. A patch aimed at the resource addresses whole properties."),
            "type": "string",
            "enum": pointers,
        }),
    );
    defs.insert(body_name.into(), Value::Object(body));
    let mut doc = Map::new();
    if let Some(meta_schema) = &settings.meta_schema {
        doc.insert("$schema".into(), json!(meta_schema));
    }
    doc.insert("title".into(), json!(format!("{name} JSON Patch")));
    doc.insert(
        "description".into(),
        json!(format!(
            "A JSON Patch document ({MEDIA_TYPE}, RFC 6902) aimed at a {name}: each operation names one property by its pointer, and a value follows the schema that property has in the PATCH body. Graph reads only the merge-style PATCH body; credsum checks patch documents and converts them to one. Members an operation does not define are ignored (RFC 6902 section 4), so this schema allows them; credsum warns about them."
        )),
    );
    doc.insert("type".into(), json!("array"));
    doc.insert("items".into(), def_ref(&[OPERATION]));
    doc.insert(defs_key.into(), Value::Object(defs));
    Value::Object(doc)
}

/// Whether a property's subschema allows `null` (a `null` type, or OpenAPI's `nullable`).
fn is_nullable(schema: &Value) -> bool {
    match &schema["type"] {
        Value::String(ty) => ty == "null",
        Value::Array(types) => types.iter().any(|t| t == "null"),
        _ => schema["nullable"] == json!(true),
    }
}

/// One operation object: `op` is one of the six and `path` a property pointer; the members
/// RFC 6902 section 4 requires for an `op` are required when `op` names it; `from` is a property
/// pointer; `value` follows the subschema `value_schema` gives for the property at `path`;
/// `remove` may not name a property of `required` (one that cannot be null, which is how a
/// merge-style PATCH body clears a property). `value` and `from` are declared among the
/// object's own `properties` too, so code generators that skip `if`/`then` keep them; there
/// they take any value, as RFC 6902 section 4 ignores a member an `op` does not define.
fn operation(
    properties: &[&str],
    required: &[&str],
    value_schema: &dyn Fn(&str) -> Value,
    pointer: &Value,
) -> Value {
    let names = |ops: &[PatchOp]| ops.iter().map(|op| op.name()).collect::<Vec<_>>();
    let mut groups: Vec<(&[&str], Vec<PatchOp>)> = Vec::new();
    for op in PatchOp::ALL {
        match groups
            .iter_mut()
            .find(|(members, _)| *members == op.required_members())
        {
            Some((_, ops)) => ops.push(op),
            None => groups.push((op.required_members(), vec![op])),
        }
    }
    let value_by_path: Vec<Value> = properties
        .iter()
        .map(|property| {
            json!({
                "if": { "required": ["path"], "properties": { "path": { "const": member_pointer(property) } } },
                "then": { "properties": { "value": value_schema(property) } },
            })
        })
        .collect();
    let rules: Vec<Value> = groups
        .iter()
        .filter(|(members, _)| !members.is_empty())
        .map(|(members, ops)| {
            let mut then = json!({ "required": members });
            if members.contains(&"from") {
                then["properties"] = json!({ "from": pointer });
            }
            if members.contains(&"value") {
                then["allOf"] = json!(value_by_path);
            }
            json!({
                "if": { "required": ["op"], "properties": { "op": { "enum": names(ops) } } },
                "then": then,
            })
        })
        .collect();
    let mut rules = rules;
    if !required.is_empty() {
        let pointers: Vec<String> = required.iter().map(|p| member_pointer(p)).collect();
        rules.push(json!({
            "description": "A property that cannot be null cannot be removed: a PATCH body clears a property by setting it to null.",
            "not": {
                "required": ["op", "path"],
                "properties": { "op": { "const": PatchOp::Remove.name() }, "path": { "enum": pointers } },
            },
        }));
    }
    json!({
        "description": "One operation of the patch.",
        "type": "object",
        "required": ["op", "path"],
        "properties": {
            "op": { "description": "The operation.", "enum": names(&PatchOp::ALL) },
            "path": pointer,
            "value": { "description": "The value to add, replace with or test (add, replace, test): it follows the schema of the property at `path`." },
            "from": { "description": "The property to move or copy from (move, copy): a pointer as `path` is." },
        },
        "allOf": rules,
    })
}

/// The JSON Pointer `pointer` as a URI fragment: every byte a fragment may not hold
/// percent-encoded (RFC 3986 section 3.5).
fn uri_fragment(pointer: &str) -> String {
    let mut out = String::new();
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_keep_pointer_characters_and_encode_the_rest() {
        assert_eq!(
            uri_fragment("/$defs/a.b/properties/@odata.type"),
            "/$defs/a.b/properties/@odata.type"
        );
        assert_eq!(uri_fragment("/a~1b c%/é"), "/a~1b%20c%25/%C3%A9");
    }
}
