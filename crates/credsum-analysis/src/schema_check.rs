//! Schema-level checks: the body is validated by the `jsonschema` crate against the same schema
//! `credsum export` writes, and each violation is mapped back through its instance path to the
//! smallest node (a key for unknown properties, a value for wrong values), then worded for Graph
//! developers with a fix where one is safe.

use credsum_model::edm::DateTimeOffset;
use credsum_syntax::json::{JsonTree, NodeId, NodeKind};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use rustc_hash::FxHashSet;
use serde_json::{Map, Number, Value};

use crate::body::{diagnostic, BodyContext};
use crate::diagnostic::{Diagnostic, Fix};
use crate::resource_model::PropertyModel;
use crate::suggest;

/// Containers nested deeper than this are validated as empty: the resource has no nested
/// objects, so their contents cannot change a finding, and deep JSON must not exhaust the stack.
const MAX_VALUE_DEPTH: usize = 32;

/// Above this many unknown properties in one object, none gets a "did you mean".
const MAX_SUGGESTED: usize = 100;

/// Validates the tree under `root` and appends the findings.
pub(crate) fn check(
    tree: &JsonTree<'_>,
    root: NodeId,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(validator) = ctx.model.validator() else {
        return;
    };
    let instance = to_value(tree, root, 0);
    let first = out.len();
    for error in validator.iter_errors(&instance) {
        let segments: Vec<LocationSegment<'_>> = error.instance_path().iter().collect();
        let Some(node) = node_at_path(tree, root, &segments) else {
            continue;
        };
        let property = match segments.as_slice() {
            [LocationSegment::Property(name)] => ctx.model.property(name),
            _ => None,
        };
        map_error(
            tree,
            node,
            property,
            segments.is_empty(),
            error.kind(),
            &error.to_string(),
            ctx,
            out,
        );
    }
    // One finding per node and rule: `pattern` and `format` both flag a bad timestamp.
    let mut seen = FxHashSet::default();
    let mut index = 0;
    out.retain(|d| {
        index += 1;
        index <= first || d.code == "unknown-property" || seen.insert((d.code, d.range))
    });
}

/// Turns one validator error at `node` into diagnostics.
#[allow(clippy::too_many_arguments)]
fn map_error(
    tree: &JsonTree<'_>,
    node: NodeId,
    property: Option<&PropertyModel>,
    at_root: bool,
    kind: &ValidationErrorKind,
    fallback: &str,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let range = tree.range(node);
    let type_name = ctx.model.descriptor().name();
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            // One pass over the members, whatever their number (a 1 MB body can hold 14,000).
            let unexpected: FxHashSet<&str> = unexpected.iter().map(String::as_str).collect();
            let members = tree.members(node);
            let present: FxHashSet<&str> = members.iter().map(|m| m.name.as_ref()).collect();
            let candidates: Vec<&str> = ctx
                .model
                .properties()
                .iter()
                .map(|p| p.name.as_str())
                .filter(|c| !present.contains(c))
                .collect();
            // Typos come one or two at a time; thousands of unknown names are generated data,
            // where suggestions would cost time and help nobody.
            let suggest_from: &[&str] = if unexpected.len() <= MAX_SUGGESTED {
                &candidates
            } else {
                &[]
            };
            for member in members
                .iter()
                .filter(|m| unexpected.contains(m.name.as_ref()))
            {
                out.push(unknown_property(
                    member.key,
                    &member.name,
                    suggest_from,
                    ctx,
                ));
            }
        }
        ValidationErrorKind::Type { kind } if at_root => {
            let _ = kind;
            out.push(diagnostic(
                "root-not-object",
                range,
                format!(
                    "The body must be a JSON object with {type_name} properties, not {}",
                    describe(tree, node)
                ),
                None,
            ));
        }
        ValidationErrorKind::Type { kind } => out.push(type_mismatch(tree, node, property, kind)),
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
            let label = property.map_or_else(|| "number".to_owned(), PropertyModel::type_label);
            let side = if matches!(kind, ValidationErrorKind::Minimum { .. }) {
                "below the minimum"
            } else {
                "above the maximum"
            };
            out.push(diagnostic(
                "int32-out-of-range",
                range,
                format!(
                    "{} is {side} {limit} of {label}{}",
                    tree.number_text(node).unwrap_or("the value"),
                    named(property)
                ),
                None,
            ));
        }
        ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
            out.push(bad_string_format(tree, node, property));
        }
        ValidationErrorKind::Constant { expected_value } => {
            let expected = expected_value.as_ref();
            out.push(diagnostic(
                "wrong-odata-type",
                range,
                format!(
                    "`{}` must be {expected}: this body is a {type_name}",
                    property.map_or("value", |p| p.name.as_str())
                ),
                Some(Fix::replace(
                    format!("Replace with {expected}"),
                    range,
                    expected.to_string(),
                )),
            ));
        }
        _ => out.push(diagnostic("schema", range, fallback.to_owned(), None)),
    }
}

/// ` for `name`` when the property is known.
fn named(property: Option<&PropertyModel>) -> String {
    property
        .map(|p| format!(" for `{}`", p.name))
        .unwrap_or_default()
}

/// An unknown property, with the closest of `candidates` (known names not already in the
/// object) as a rename fix when it is unambiguous.
fn unknown_property(
    key: credsum_syntax::TextRange,
    name: &str,
    candidates: &[&str],
    ctx: &BodyContext<'_>,
) -> Diagnostic {
    let type_name = ctx.model.descriptor().name();
    match suggest::closest(name, candidates.iter().copied()) {
        Some(suggestion) => diagnostic(
            "unknown-property",
            key,
            format!("Unknown property `{name}` on {type_name}; did you mean `{suggestion}`? Graph rejects unknown properties with 400 RequestBodyRead"),
            Some(Fix::replace(format!("Rename to `{suggestion}`"), key, format!("\"{suggestion}\""))),
        ),
        None => diagnostic(
            "unknown-property",
            key,
            format!("Unknown property `{name}` on {type_name}; Graph rejects unknown properties with 400 RequestBodyRead"),
            None,
        ),
    }
}

/// A value of the wrong JSON type, refined: `null` on a non-nullable property, a docs
/// placeholder, a quoted number or boolean, a fraction for an integer.
fn type_mismatch(
    tree: &JsonTree<'_>,
    node: NodeId,
    property: Option<&PropertyModel>,
    expected: &TypeKind,
) -> Diagnostic {
    let range = tree.range(node);
    let Some(p) = property else {
        return diagnostic(
            "wrong-type",
            range,
            format!("Expected {expected:?}, found {}", describe(tree, node)),
            None,
        );
    };
    let label = p.type_label();
    match tree.kind(node) {
        NodeKind::Null => diagnostic(
            "null-not-allowed",
            range,
            format!("`{}` cannot be null", p.name),
            None,
        ),
        NodeKind::String => {
            let text = tree.string_value(node).unwrap_or_default();
            if p.docs_placeholder.as_deref() == Some(text.as_ref()) {
                return placeholder(range, p, &text);
            }
            let unquoted = text.trim();
            let quoted_number = p.allows("integer") && unquoted.parse::<i64>().is_ok();
            let quoted_bool = p.allows("boolean") && matches!(unquoted, "true" | "false");
            if quoted_number || quoted_bool {
                return diagnostic(
                    "quoted-value",
                    range,
                    format!("`{}` is {label}: write {unquoted} without quotes", p.name),
                    Some(Fix::replace(
                        format!("Remove the quotes: {unquoted}"),
                        range,
                        unquoted,
                    )),
                );
            }
            diagnostic(
                "wrong-type",
                range,
                format!("`{}` expects {label}, found a string", p.name),
                None,
            )
        }
        NodeKind::Number if p.allows("integer") => diagnostic(
            "not-an-integer",
            range,
            format!(
                "`{}` is {label}: {} is not a whole number",
                p.name,
                tree.number_text(node).unwrap_or("")
            ),
            None,
        ),
        _ => diagnostic(
            "wrong-type",
            range,
            format!(
                "`{}` expects {label}, found {}",
                p.name,
                describe(tree, node)
            ),
            None,
        ),
    }
}

/// A docs placeholder in place of a value, with a fix that writes the schema's example value.
fn placeholder(range: credsum_syntax::TextRange, p: &PropertyModel, text: &str) -> Diagnostic {
    let fix = p.example.as_ref().map(|example| {
        Fix::replace(
            format!("Replace with an example {}: {example}", p.type_label()),
            range,
            example.to_string(),
        )
    });
    diagnostic(
        "docs-placeholder",
        range,
        format!(
            "\"{text}\" is the Graph docs' placeholder, not a value: `{}` needs {}",
            p.name,
            p.type_label()
        ),
        fix,
    )
}

/// A string that fails its `pattern`/`format` (a DateTimeOffset).
fn bad_string_format(
    tree: &JsonTree<'_>,
    node: NodeId,
    property: Option<&PropertyModel>,
) -> Diagnostic {
    let range = tree.range(node);
    let text = tree.string_value(node).unwrap_or_default();
    if let Some(p) = property.filter(|p| p.docs_placeholder.as_deref() == Some(text.as_ref())) {
        return placeholder(range, p, &text);
    }
    let reason = match DateTimeOffset::parse(&text) {
        Err(error) => error.to_string(),
        Ok(_) => "not a valid timestamp".to_owned(),
    };
    let name = property.map_or("value", |p| p.name.as_str());
    diagnostic(
        "invalid-date-time",
        range,
        format!("`{name}` is a DateTimeOffset: \"{text}\": {reason}"),
        None,
    )
}

/// A short description of a node for messages: `a string`, `an array`, `the number 1.5`.
fn describe(tree: &JsonTree<'_>, node: NodeId) -> String {
    match tree.kind(node) {
        NodeKind::Object => "an object".into(),
        NodeKind::Array => "an array".into(),
        NodeKind::String => "a string".into(),
        NodeKind::Number => format!("the number {}", tree.number_text(node).unwrap_or("")),
        NodeKind::Bool => "a boolean".into(),
        NodeKind::Null => "null".into(),
    }
}

/// The node an instance path points at: object segments pick the last member of that name (the
/// one a JSON reader keeps), array segments pick elements.
fn node_at_path(
    tree: &JsonTree<'_>,
    root: NodeId,
    segments: &[LocationSegment<'_>],
) -> Option<NodeId> {
    segments
        .iter()
        .try_fold(root, |node, segment| match segment {
            LocationSegment::Property(name) => tree
                .members(node)
                .iter()
                .rev()
                .find(|m| m.name == name.as_ref())
                .and_then(|m| m.value),
            LocationSegment::Index(i) => tree.elements(node).get(*i).copied(),
        })
}

/// The JSON value of a node; members without a value are left out and duplicate keys keep the
/// last value, as a JSON reader would.
fn to_value(tree: &JsonTree<'_>, node: NodeId, depth: usize) -> Value {
    let deeper = depth < MAX_VALUE_DEPTH;
    match tree.kind(node) {
        NodeKind::Object => {
            let mut map = Map::new();
            for member in tree.members(node) {
                if let Some(value) = member.value {
                    let v = if deeper {
                        to_value(tree, value, depth + 1)
                    } else {
                        Value::Null
                    };
                    map.insert(member.name.to_string(), v);
                }
            }
            Value::Object(map)
        }
        NodeKind::Array if deeper => Value::Array(
            tree.elements(node)
                .iter()
                .map(|e| to_value(tree, *e, depth + 1))
                .collect(),
        ),
        NodeKind::Array => Value::Array(Vec::new()),
        NodeKind::String => Value::String(tree.string_value(node).unwrap_or_default().into_owned()),
        NodeKind::Number => tree
            .number_text(node)
            .and_then(number)
            .map_or(Value::Null, Value::Number),
        NodeKind::Bool => Value::Bool(tree.bool_value(node).unwrap_or(false)),
        NodeKind::Null => Value::Null,
    }
}

/// A JSON number from its literal: integers exactly, others as `f64` (finite only).
fn number(text: &str) -> Option<Number> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(i.into());
    }
    if let Ok(u) = text.parse::<u64>() {
        return Some(u.into());
    }
    text.parse::<f64>().ok().and_then(Number::from_f64)
}
