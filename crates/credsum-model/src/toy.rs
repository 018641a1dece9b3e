//! A toy resource for tests (feature `toy-resource`): registering it next to the real resource
//! proves that export, validation, completion and hover are driven by the schema alone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::edm::Int32;
use crate::operations::OperationKind;
use crate::registry::{BaseType, GraphResource, ResourceDescriptor};
use crate::resources::schema_facts::at_most;
use crate::resources::Entity;
use crate::Registry;

/// A widget with a number of parts bounded by its capacity.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "widget")]
pub struct Widget {
    /// Inherited key.
    #[serde(flatten)]
    pub entity: Entity,
    /// How many parts the widget has.
    #[schemars(transform = at_most("capacity"))]
    pub parts: Option<Int32>,
    /// How many parts fit.
    pub capacity: Option<Int32>,
}

impl GraphResource for Widget {
    const DESCRIPTOR: ResourceDescriptor = ResourceDescriptor {
        odata_type: "microsoft.graph.toys.widget",
        entity_set_path: "/toys/widgets",
        key_parameter: "widget-id",
        docs_key_placeholder: "widgetId",
        documented_operations: &[OperationKind::Get, OperationKind::Update],
        delegated_permissions: &["Widgets.ReadWrite"],
        application_permissions: &["Widgets.ReadWrite.All"],
        api_versions: &["v1.0"],
        docs_url: "https://example.invalid/widget",
        base: Some(BaseType::of::<Entity>("microsoft.graph.entity")),
    };
}

/// The shipped registry plus the toy widget.
pub fn registry_with_widget() -> Registry {
    let mut registry = Registry::graph();
    registry.register::<Widget>();
    registry
}
