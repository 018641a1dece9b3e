//! The OData control information a payload may carry (`@odata.*` annotations, OData JSON Format
//! 4.01 section 4.5), declared once: name, JSON type, what it says and where it may appear. The
//! registry's body schema (what lint validates against) and every export read this list, so lint
//! and the exported schemas give one verdict on an annotation.
//!
//! `@odata.type` is not here: its value is a constant of each resource
//! ([`ODATA_TYPE`](crate::registry::ODATA_TYPE), set by the registry). A name that is neither
//! (an undeclared `@odata.foo`, an instance annotation such as `@Org.term` or
//! `tenantId@odata.type`) is an unknown property of a closed PATCH body, as every other name is:
//! the exports carry no `patternProperties` for them, because code generators turn that into an
//! open map and let typos through.

use serde_json::{json, Value};

/// Where an annotation may appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// An entity: a request body (PATCH, POST) or an entity in a response.
    Entity,
    /// A collection page: `{"value": [entity…], …}`.
    CollectionPage,
}

/// The JSON type of an annotation's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonType {
    /// A string (a URL or an ETag).
    String,
    /// An integer (Edm.Int64).
    Int64,
}

/// One declared annotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// The member name, e.g. `@odata.etag`.
    pub name: &'static str,
    /// The JSON type of its value.
    pub json_type: JsonType,
    /// What it says.
    pub description: &'static str,
    /// Where it may appear.
    pub places: &'static [Place],
}

/// Every declared annotation, in the order the exports list them.
pub const ANNOTATIONS: [Annotation; 8] = [
    Annotation {
        name: "@odata.context",
        json_type: JsonType::String,
        description: "The context URL of the payload.",
        places: &[Place::Entity, Place::CollectionPage],
    },
    Annotation {
        name: "@odata.etag",
        json_type: JsonType::String,
        description: "The ETag of the entity.",
        places: &[Place::Entity],
    },
    Annotation {
        name: "@odata.id",
        json_type: JsonType::String,
        description: "The entity id (a URL).",
        places: &[Place::Entity],
    },
    Annotation {
        name: "@odata.editLink",
        json_type: JsonType::String,
        description: "The URL to edit the entity.",
        places: &[Place::Entity],
    },
    Annotation {
        name: "@odata.readLink",
        json_type: JsonType::String,
        description: "The URL to read the entity.",
        places: &[Place::Entity],
    },
    Annotation {
        name: "@odata.metadataEtag",
        json_type: JsonType::String,
        description: "The ETag of the metadata document.",
        places: &[Place::Entity],
    },
    Annotation {
        name: "@odata.count",
        json_type: JsonType::Int64,
        description: "The number of items in the whole collection.",
        places: &[Place::CollectionPage],
    },
    Annotation {
        name: "@odata.nextLink",
        json_type: JsonType::String,
        description: "The URL of the next page.",
        places: &[Place::CollectionPage],
    },
];

impl Annotation {
    /// The annotations that may appear in `place`, in declaration order.
    pub fn in_place(place: Place) -> impl Iterator<Item = &'static Annotation> {
        ANNOTATIONS
            .iter()
            .filter(move |a| a.places.contains(&place))
    }

    /// The declared annotation called `name`.
    pub fn find(name: &str) -> Option<&'static Annotation> {
        ANNOTATIONS.iter().find(|a| a.name == name)
    }

    /// The value's JSON Schema (`{"type": "string", …}`), the same in every dialect; `nullable`
    /// adds `null` as a JSON Schema type.
    pub fn schema(&self, nullable: bool) -> Value {
        let mut schema = match self.json_type {
            JsonType::String => json!({ "type": "string" }),
            JsonType::Int64 => json!({ "type": "integer", "format": "int64" }),
        };
        if nullable {
            schema["type"] = json!([schema["type"], "null"]);
        }
        schema["description"] = json!(self.description);
        schema
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_odata_names_and_every_one_has_a_place() {
        for (i, a) in ANNOTATIONS.iter().enumerate() {
            assert!(a.name.starts_with("@odata."), "{}", a.name);
            assert!(!a.places.is_empty(), "{}", a.name);
            assert_eq!(Annotation::find(a.name), Some(a));
            assert!(ANNOTATIONS[..i].iter().all(|b| b.name != a.name));
        }
        assert_eq!(Annotation::find("@odata.type"), None);
        assert_eq!(
            Annotation::find("@odata.count").map(|a| a.schema(true)["type"].clone()),
            Some(json!(["integer", "null"]))
        );
    }
}
