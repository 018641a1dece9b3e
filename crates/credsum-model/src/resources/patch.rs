//! PATCH field semantics: a property left out keeps its value, `null` clears it, a value replaces it.
//!
//! [`Patch`] carries the three states in its own `Serialize`, `Deserialize` and `JsonSchema`, and
//! [`patch_body!`](crate::patch_body) declares a body whose properties are all `Patch` fields, so a
//! property is written as its doc comment, its Graph facts and its field.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A property of a PATCH body: left out, `null`, or a value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Left out of the body: the property keeps its value.
    #[default]
    Absent,
    /// `null`: the property is cleared.
    Null,
    /// A value that replaces the property's.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the property is left out (the body does not carry it).
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// The value, if the body sets one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Patch::Value(value) => Some(value),
            Patch::Absent | Patch::Null => None,
        }
    }
}

/// `null` or the value; an absent property is skipped by its body ([`patch_body!`](crate::patch_body)
/// adds the `skip_serializing_if`), so serialising `Absent` on its own also writes `null`.
impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

/// `null` is [`Patch::Null`], anything else a [`Patch::Value`]; a missing property never reaches
/// here and is the body's default, [`Patch::Absent`].
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Patch::Null, Patch::Value))
    }
}

/// The value's schema with `null` allowed (as the generator's dialect writes it: a `null` type,
/// or OpenAPI 3.0's `nullable`); whether it may be left out is the body's `required` list.
impl<T: JsonSchema> JsonSchema for Patch<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Patch_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Option::<T>::json_schema(generator)
    }
}

/// Declares a PATCH body: a struct whose first field is its flattened base type and whose other
/// fields are all [`Patch`] values. It derives serde and schemars, renames fields to camelCase,
/// leaves absent fields out when serialising and makes no field required.
#[macro_export]
macro_rules! patch_body {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $(#[$base_attr:meta])*
            $base_vis:vis $base:ident: $base_ty:ty,
            $(
                $(#[$field_attr:meta])*
                $field_vis:vis $field:ident: Patch<$ty:ty>,
            )*
        }
    ) => {
        #[derive(
            Clone, Debug, Default, PartialEq,
            ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema,
        )]
        $(#[$attr])*
        #[serde(rename_all = "camelCase", default)]
        $vis struct $name {
            $(#[$base_attr])*
            #[serde(flatten)]
            $base_vis $base: $base_ty,
            $(
                $(#[$field_attr])*
                #[serde(skip_serializing_if = "Patch::is_absent")]
                $field_vis $field: Patch<$ty>,
            )*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Patch;
    use crate::edm::Int32;
    use crate::resources::Entity;

    patch_body! {
        /// A body for the tests.
        struct Body {
            /// Inherited key.
            entity: Entity,
            /// A count.
            count: Patch<Int32>,
            /// Another count.
            other: Patch<Int32>,
        }
    }

    #[test]
    fn absent_null_and_value_round_trip() {
        let body: Body = serde_json::from_str(r#"{"count": null, "other": 7}"#).unwrap();
        assert_eq!(body.count, Patch::Null);
        assert_eq!(body.other, Patch::Value(Int32(7)));
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"count":null,"other":7}"#
        );
        let empty: Body = serde_json::from_str("{}").unwrap();
        assert!(empty.count.is_absent() && empty.other.is_absent());
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    }

    #[test]
    fn schema_allows_null_and_requires_nothing() {
        let schema = schemars::schema_for!(Body).to_value();
        assert_eq!(
            schema["properties"]["count"]["type"],
            serde_json::json!(["integer", "null"])
        );
        assert!(schema.get("required").is_none(), "{schema}");
    }
}
