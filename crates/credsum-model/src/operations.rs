//! The operations Graph's generated API exposes for a resource (list, create, get, update, delete,
//! count), derived from its [`ResourceDescriptor`]: method, path template, query options, request
//! body, success responses, and whether Graph's docs document it.

use crate::registry::ResourceDescriptor;

/// What an operation does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperationKind {
    /// `GET` the collection, paged.
    List,
    /// `POST` an entity to the collection.
    Create,
    /// `GET` one entity.
    Get,
    /// `PATCH` one entity (merge).
    Update,
    /// `DELETE` one entity.
    Delete,
    /// `GET` the collection's `$count`.
    Count,
}

/// What a request carries as its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestBody {
    /// No body.
    None,
    /// A whole entity (create).
    Entity,
    /// Some of the entity's properties, merged into it (update).
    PartialEntity,
}

/// What a success response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponseBody {
    /// Nothing (`204 No Content`).
    None,
    /// The entity.
    Entity,
    /// The collection envelope: `@odata.context`, `@odata.count`, `value`, `@odata.nextLink`.
    Collection,
    /// A `text/plain` integer.
    Count,
}

/// One success response: its status and body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Success {
    /// HTTP status code.
    pub status: u16,
    /// What it carries.
    pub body: ResponseBody,
}

/// One operation on a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// What it does.
    pub kind: OperationKind,
    /// HTTP method.
    pub method: &'static str,
    /// Path template with Graph's OpenAPI key parameter, e.g. `/…/summaries/{summary-id}`.
    pub path: String,
    /// OData query options it takes (`$top`, `$select`, …).
    pub query_options: &'static [&'static str],
    /// What the request carries.
    pub request_body: RequestBody,
    /// The success responses.
    pub success: &'static [Success],
    /// Whether Graph's docs document it (the others exist only in Graph's generated API).
    pub documented: bool,
}

/// Query options of a list.
const LIST_OPTIONS: &[&str] = &[
    "$top", "$skip", "$search", "$filter", "$count", "$orderby", "$select", "$expand",
];
/// Query options of a get.
const GET_OPTIONS: &[&str] = &["$select", "$expand"];
/// Query options of a count.
const COUNT_OPTIONS: &[&str] = &["$search", "$filter"];

impl OperationKind {
    /// Every kind, in the order Graph's generated API lists them.
    pub const ALL: [OperationKind; 6] = [
        OperationKind::List,
        OperationKind::Create,
        OperationKind::Get,
        OperationKind::Update,
        OperationKind::Delete,
        OperationKind::Count,
    ];

    /// The verb of Graph's operationId, e.g. `List` in `ListCredentialUserRegistrationsSummaries`.
    pub fn verb(self) -> &'static str {
        match self {
            OperationKind::List => "List",
            OperationKind::Create => "Create",
            OperationKind::Get => "Get",
            OperationKind::Update => "Update",
            OperationKind::Delete => "Delete",
            OperationKind::Count => "GetCount",
        }
    }

    /// The operation of this kind on the resource of `d`.
    fn on(self, d: &ResourceDescriptor) -> Operation {
        let collection = d.entity_set_path.to_owned();
        let (method, path, query_options, request_body, success): (_, _, _, _, &'static [Success]) =
            match self {
                OperationKind::List => (
                    "GET",
                    collection,
                    LIST_OPTIONS,
                    RequestBody::None,
                    &[Success {
                        status: 200,
                        body: ResponseBody::Collection,
                    }],
                ),
                OperationKind::Create => (
                    "POST",
                    collection,
                    &[],
                    RequestBody::Entity,
                    &[Success {
                        status: 201,
                        body: ResponseBody::Entity,
                    }],
                ),
                OperationKind::Get => (
                    "GET",
                    d.item_path(),
                    GET_OPTIONS,
                    RequestBody::None,
                    &[Success {
                        status: 200,
                        body: ResponseBody::Entity,
                    }],
                ),
                OperationKind::Update => (
                    d.method,
                    d.item_path(),
                    &[],
                    RequestBody::PartialEntity,
                    &[
                        Success {
                            status: 204,
                            body: ResponseBody::None,
                        },
                        Success {
                            status: 200,
                            body: ResponseBody::Entity,
                        },
                    ],
                ),
                OperationKind::Delete => (
                    "DELETE",
                    d.item_path(),
                    &[],
                    RequestBody::None,
                    &[Success {
                        status: 204,
                        body: ResponseBody::None,
                    }],
                ),
                OperationKind::Count => (
                    "GET",
                    format!("{collection}/$count"),
                    COUNT_OPTIONS,
                    RequestBody::None,
                    &[Success {
                        status: 200,
                        body: ResponseBody::Count,
                    }],
                ),
            };
        Operation {
            kind: self,
            method,
            path,
            query_options,
            request_body,
            success,
            documented: d.documented_operations.contains(&self),
        }
    }
}

/// Every operation on the resource of `d`, in [`OperationKind::ALL`] order.
pub fn operations(d: &ResourceDescriptor) -> Vec<Operation> {
    OperationKind::ALL.iter().map(|kind| kind.on(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Registry;

    #[test]
    fn the_summary_has_graphs_six_operations_and_docs_for_list_and_get() {
        let registry = Registry::graph();
        let d = registry.resources()[0].descriptor();
        let table: Vec<(OperationKind, &str, String, bool)> = operations(d)
            .into_iter()
            .map(|op| (op.kind, op.method, op.path, op.documented))
            .collect();
        let set = "/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries";
        let item = format!("{set}/{{credentialUserRegistrationsSummary-id}}");
        assert_eq!(
            table,
            [
                (OperationKind::List, "GET", set.to_owned(), true),
                (OperationKind::Create, "POST", set.to_owned(), false),
                (OperationKind::Get, "GET", item.clone(), true),
                (OperationKind::Update, "PATCH", item.clone(), false),
                (OperationKind::Delete, "DELETE", item, false),
                (OperationKind::Count, "GET", format!("{set}/$count"), false),
            ]
        );
    }
}
