//! Schema transforms that attach Graph facts (the `x-graph-*` keywords) to a property's schema,
//! used from `#[schemars(transform = ...)]` attributes so keyword names live only in
//! [`crate::extensions`].

use schemars::Schema;
use serde_json::Value;

use crate::extensions;

/// Marks a property the Graph docs call read-only.
pub fn read_only(schema: &mut Schema) {
    schema.insert(extensions::READ_ONLY.into(), Value::Bool(true));
}

/// Marks the entity key (`id`), which a PATCH takes from the URL.
pub fn key(schema: &mut Schema) {
    schema.insert(extensions::KEY.into(), Value::Bool(true));
}

/// Marks a count that can never be negative.
pub fn non_negative(schema: &mut Schema) {
    schema.insert(extensions::NON_NEGATIVE.into(), Value::Bool(true));
}

/// Says a count can never exceed the sibling count property `other`.
pub fn at_most(other: &'static str) -> impl Fn(&mut Schema) {
    move |schema: &mut Schema| {
        schema.insert(extensions::AT_MOST.into(), Value::from(other));
    }
}

/// Lists the values the service is known to use for an open string property.
pub fn known_values(values: &'static [&'static str]) -> impl Fn(&mut Schema) {
    move |schema: &mut Schema| {
        schema.insert(
            extensions::KNOWN_VALUES.into(),
            Value::from(values.to_vec()),
        );
    }
}
