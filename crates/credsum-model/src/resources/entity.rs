//! `microsoft.graph.entity`: the base type of every Graph entity, holding its key.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::schema_facts;

/// Base type of Graph entities: carries the entity key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "entity")]
pub struct Entity {
    /// The unique identifier of the entity. In a PATCH the key comes from the request URL, so the
    /// body need not (and should not) carry it; it is never null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "crate::edm::EdmString", transform = schema_facts::key, transform = schema_facts::read_only)]
    pub id: Option<String>,
}
