//! Property test of the JSON Patch conversion against an independent RFC 6902 implementation
//! (the `json-patch` crate): for random exact patch documents (adds, replaces and removes of
//! top-level properties, in any layout, with JSON escapes in paths) on a random entity with every
//! property present, applying the document with `json-patch` and merging credsum's converted
//! body into the entity (RFC 7386: `null` removes) give the same entity, and the converted body
//! lints without errors.

use credsum_analysis::{fix, Analyzer, Config, FileKind, PropertyModel, Severity};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// One exact operation: `add`, `replace` or `remove`, the index of its property, its value.
type Op = (&'static str, usize, Value);

/// A JSON value of property `p`'s type (never `null`).
fn value_of(p: &PropertyModel) -> BoxedStrategy<Value> {
    if let Some(constant) = &p.const_value {
        return Just(constant.clone()).boxed();
    }
    if p.format.as_deref() == Some("date-time") {
        return prop_oneof![
            Just("2024-05-01T12:00:00Z"),
            Just("2021-07-11T11:15:52.9375367Z"),
            Just("1999-12-31T23:59:59+01:00"),
        ]
        .prop_map(Value::from)
        .boxed();
    }
    if p.allows("boolean") {
        return any::<bool>().prop_map(Value::from).boxed();
    }
    if p.allows("integer") {
        return any::<i32>().prop_map(Value::from).boxed();
    }
    "[a-zA-Z0-9 é😀\"\\\\/~]{0,8}".prop_map(Value::from).boxed()
}

/// A value of `p`, or `null` when it is nullable.
fn entity_value(p: &PropertyModel) -> BoxedStrategy<Value> {
    if p.nullable {
        prop_oneof![1 => Just(Value::Null), 4 => value_of(p)].boxed()
    } else {
        value_of(p)
    }
}

/// An exact operation: add, replace or remove (only of a nullable property) of a top-level
/// property, as `(op, property index, value)`.
fn operation(properties: &[PropertyModel]) -> BoxedStrategy<Op> {
    let strategies: Vec<BoxedStrategy<Op>> = properties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let set = (prop_oneof![Just("add"), Just("replace")], value_of(p))
                .prop_map(move |(op, v)| (op, i, v));
            if p.nullable {
                prop_oneof![3 => set, 1 => Just(("remove", i, Value::Null))].boxed()
            } else {
                set.boxed()
            }
        })
        .collect();
    proptest::strategy::Union::new(strategies).boxed()
}

/// The pointer text of property `name`, with one character written as a JSON `\u` escape when
/// `escape` (the analysis reads the decoded string).
fn path_literal(name: &str, escape: bool) -> String {
    let pointer = format!("/{}", name.replace('~', "~0").replace('/', "~1"));
    if !escape {
        return Value::from(pointer).to_string();
    }
    let mut chars = pointer.chars();
    let first = chars.next().unwrap_or('/');
    let rest: String = chars.collect();
    let rest = Value::from(rest).to_string();
    format!("\"\\u{:04x}{}", u32::from(first), &rest[1..])
}

/// The text of the document: one operation a line at `indent`, or all on one line.
fn document(ops: &[Op], names: &[String], indent: Option<&str>, escape: bool) -> String {
    let items: Vec<String> = ops
        .iter()
        .map(|(op, i, value)| {
            let path = path_literal(&names[*i], escape);
            match *op {
                "remove" => format!(r#"{{"op": "remove", "path": {path}}}"#),
                _ => format!(r#"{{"op": "{op}", "path": {path}, "value": {value}}}"#),
            }
        })
        .collect();
    match indent {
        Some(indent) => format!("[\n{indent}{}\n]\n", items.join(&format!(",\n{indent}"))),
        None => format!("[{}]", items.join(", ")),
    }
}

/// The properties of the Graph resource.
fn properties() -> Vec<PropertyModel> {
    Analyzer::graph().models()[0].properties().to_vec()
}

/// A random entity with every property present (as Graph returns one), and 1 to 9 exact
/// operations on it.
fn case() -> impl Strategy<Value = (Map<String, Value>, Vec<Op>)> {
    let properties = properties();
    let entity: Vec<BoxedStrategy<(String, Value)>> = properties
        .iter()
        .map(|p| {
            let name = p.name.clone();
            entity_value(p).prop_map(move |v| (name.clone(), v)).boxed()
        })
        .collect();
    (
        entity.prop_map(|members| members.into_iter().collect::<Map<_, _>>()),
        prop::collection::vec(operation(&properties), 1..10),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn conversion_agrees_with_json_patch(
        (entity, ops) in case(),
        indent in prop_oneof![Just(None), Just(Some("  ")), Just(Some("\t")), Just(Some("    "))],
        escape in any::<bool>(),
    ) {
        let analyzer = Analyzer::graph();
        let names: Vec<String> = properties().into_iter().map(|p| p.name).collect();
        let text = document(&ops, &names, indent, escape);

        let config = Config::default();
        let found = analyzer.analyze(&text, FileKind::Json, &config);
        let convert = found
            .iter()
            .find(|d| d.code == "json-patch-document")
            .expect("a json-patch-document finding");
        prop_assert!(convert.fix.is_some(), "no conversion of an exact document: {}\n{text}", convert.message);
        let errors: Vec<_> = found.iter().filter(|d| d.severity == Severity::Error && d.code != "json-patch-document").collect();
        prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
        let converted = fix::apply_fixes(&text, std::slice::from_ref(convert));
        let after = analyzer.analyze(&converted, FileKind::Json, &config);
        let errors: Vec<_> = after.iter().filter(|d| d.severity == Severity::Error).collect();
        prop_assert!(errors.is_empty(), "the converted body has errors: {errors:?}\n{converted}");

        let mut patched = Value::Object(entity.clone());
        let patch: json_patch::Patch = serde_json::from_str(&text).expect("a valid JSON Patch document");
        // A `replace` or `remove` after a `remove` of the same property fails under RFC 6902
        // (its target is gone); Graph's merge body, where a removed property is null, has no
        // such failure. Only documents RFC 6902 applies are compared.
        prop_assume!(json_patch::patch(&mut patched, &patch).is_ok());
        let mut merged = Value::Object(entity);
        let body: Value = serde_json::from_str(&converted).expect("the converted body is JSON");
        prop_assert!(body.is_object(), "{converted}");
        json_patch::merge(&mut merged, &body);
        prop_assert_eq!(merged, patched, "{}\n=>\n{}", text, converted);
    }
}
