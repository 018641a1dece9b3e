//! The API surface of a resource: the operations Graph's generated API exposes for an entity set
//! reached by containment (list, create, get, update, delete, `$count`), with their method, path,
//! request body and success responses. Derived from a [`ResourceDescriptor`] alone, so every
//! registered resource gets the same surface; the descriptor only says which operations the Graph
//! docs document.

use crate::registry::ResourceDescriptor;

/// One of the six operations of an entity set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OperationKind {
    /// `GET` the collection.
    List,
    /// `POST` an entity to the collection.
    Create,
    /// `GET` one entity by key.
    Get,
    /// `PATCH` one entity by key (merge semantics).
    Update,
    /// `DELETE` one entity by key.
    Delete,
    /// `GET` the collection's `$count` as plain text.
    Count,
}

/// Where an operation's path points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathShape {
    /// The entity set: `/…/credentialUserRegistrationsSummaries`.
    Collection,
    /// One entity: `/…/credentialUserRegistrationsSummaries/{key}`.
    Item,
    /// The collection's count: `/…/credentialUserRegistrationsSummaries/$count`.
    Count,
}

/// What an operation's request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestBody {
    /// No body (GET, DELETE).
    None,
    /// A whole entity (POST create).
    Entity,
    /// A partial entity merged into the stored one (PATCH).
    PartialEntity,
}

/// What a success response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponseBody {
    /// No content (`204`).
    None,
    /// One entity.
    Entity,
    /// The collection envelope: `value: [entity]` and the annotations of
    /// [`Place::CollectionPage`](crate::annotations::Place::CollectionPage).
    Collection,
    /// A `text/plain` integer (`$count`).
    CountText,
}

/// One success response of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuccessResponse {
    /// The status code Graph answers with.
    pub status: u16,
    /// What the response body holds.
    pub body: ResponseBody,
}

/// The OData system query options Graph's list operation accepts.
pub const LIST_QUERY_OPTIONS: &[&str] = &[
    "$top", "$skip", "$search", "$filter", "$count", "$orderby", "$select", "$expand",
];

/// The query options Graph's get operation accepts.
pub const GET_QUERY_OPTIONS: &[&str] = &["$select", "$expand"];

/// The query options Graph's `$count` operation accepts.
pub const COUNT_QUERY_OPTIONS: &[&str] = &["$search", "$filter"];

/// The member of a collection page that holds its items.
pub const COLLECTION_VALUE: &str = "value";

/// The path segment of the count operation.
pub const COUNT_SEGMENT: &str = "$count";

/// One operation of a resource's API surface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// Which operation.
    pub kind: OperationKind,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// Where its path points.
    pub path: PathShape,
    /// The query options it accepts.
    pub query_options: &'static [&'static str],
    /// What its request carries.
    pub request_body: RequestBody,
    /// Its success responses, the usual one first.
    pub responses: &'static [SuccessResponse],
}

/// Every operation of an entity set reached by containment, in Graph's order.
pub const OPERATIONS: [Operation; 6] = [
    Operation {
        kind: OperationKind::List,
        method: "GET",
        path: PathShape::Collection,
        query_options: LIST_QUERY_OPTIONS,
        request_body: RequestBody::None,
        responses: &[SuccessResponse {
            status: 200,
            body: ResponseBody::Collection,
        }],
    },
    Operation {
        kind: OperationKind::Create,
        method: "POST",
        path: PathShape::Collection,
        query_options: &[],
        request_body: RequestBody::Entity,
        responses: &[SuccessResponse {
            status: 201,
            body: ResponseBody::Entity,
        }],
    },
    Operation {
        kind: OperationKind::Get,
        method: "GET",
        path: PathShape::Item,
        query_options: GET_QUERY_OPTIONS,
        request_body: RequestBody::None,
        responses: &[SuccessResponse {
            status: 200,
            body: ResponseBody::Entity,
        }],
    },
    Operation {
        kind: OperationKind::Update,
        method: "PATCH",
        path: PathShape::Item,
        query_options: &[],
        request_body: RequestBody::PartialEntity,
        responses: &[
            SuccessResponse {
                status: 204,
                body: ResponseBody::None,
            },
            SuccessResponse {
                status: 200,
                body: ResponseBody::Entity,
            },
        ],
    },
    Operation {
        kind: OperationKind::Delete,
        method: "DELETE",
        path: PathShape::Item,
        query_options: &[],
        request_body: RequestBody::None,
        responses: &[SuccessResponse {
            status: 204,
            body: ResponseBody::None,
        }],
    },
    Operation {
        kind: OperationKind::Count,
        method: "GET",
        path: PathShape::Count,
        query_options: COUNT_QUERY_OPTIONS,
        request_body: RequestBody::None,
        responses: &[SuccessResponse {
            status: 200,
            body: ResponseBody::CountText,
        }],
    },
];

impl OperationKind {
    /// The operation's name as Graph's docs and operation ids use it (`list`, `create`, …).
    pub fn name(self) -> &'static str {
        match self {
            OperationKind::List => "list",
            OperationKind::Create => "create",
            OperationKind::Get => "get",
            OperationKind::Update => "update",
            OperationKind::Delete => "delete",
            OperationKind::Count => "count",
        }
    }

    /// The verb of Graph's operationId, e.g. `List` in `….ListCredentialUserRegistrationsSummaries`.
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

    /// The operation of this kind.
    pub fn operation(self) -> &'static Operation {
        OPERATIONS
            .iter()
            .find(|op| op.kind == self)
            .unwrap_or(&OPERATIONS[0])
    }
}

impl Operation {
    /// The operation's path template for `resource`, with Graph's OpenAPI key parameter name.
    pub fn path_template(&self, resource: &ResourceDescriptor) -> String {
        match self.path {
            PathShape::Collection => resource.entity_set_path.to_string(),
            PathShape::Item => resource.item_path(),
            PathShape::Count => format!("{}/{COUNT_SEGMENT}", resource.entity_set_path),
        }
    }

    /// Whether the Graph docs document this operation for `resource` (the others exist only in
    /// Graph's generated API).
    pub fn is_documented(&self, resource: &ResourceDescriptor) -> bool {
        resource.documented_operations.contains(&self.kind)
    }

    /// Whether the operation's usual success response carries a body.
    pub fn has_response_body(&self) -> bool {
        self.responses.iter().any(|r| r.body != ResponseBody::None)
    }

    /// The success response with `status`, if the operation answers with it.
    pub fn response(&self, status: u16) -> Option<&'static SuccessResponse> {
        self.responses.iter().find(|r| r.status == status)
    }

    /// The operations that share a path shape, in Graph's order (what a request to that path may be).
    pub fn on_path(path: PathShape) -> impl Iterator<Item = &'static Operation> {
        OPERATIONS.iter().filter(move |op| op.path == path)
    }

    /// The operation that a `method` request to a path of shape `path` is, if any.
    pub fn find(method: &str, path: PathShape) -> Option<&'static Operation> {
        Operation::on_path(path).find(|op| op.method.eq_ignore_ascii_case(method))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::CredentialUserRegistrationsSummary;
    use crate::GraphResource;

    #[test]
    fn every_kind_has_one_operation_and_methods_are_unique_per_path() {
        for op in &OPERATIONS {
            assert_eq!(op.kind.operation(), op);
            let same = Operation::on_path(op.path)
                .filter(|o| o.method == op.method)
                .count();
            assert_eq!(same, 1, "{:?} shares its method on {:?}", op.kind, op.path);
        }
    }

    #[test]
    fn paths_and_documentation_follow_the_descriptor() {
        let d = CredentialUserRegistrationsSummary::DESCRIPTOR;
        let count = OperationKind::Count.operation();
        assert_eq!(
            count.path_template(&d),
            "/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/$count"
        );
        assert_eq!(
            Operation::find("patch", PathShape::Item).map(|o| o.kind),
            Some(OperationKind::Update)
        );
        assert_eq!(Operation::find("PUT", PathShape::Item), None);
        let documented: Vec<_> = OPERATIONS
            .iter()
            .filter(|o| o.is_documented(&d))
            .map(|o| o.kind.name())
            .collect();
        assert_eq!(documented, ["list", "get"]);
        assert!(OperationKind::Update.operation().response(200).is_some());
        assert!(!OperationKind::Delete.operation().has_response_body());
    }
}
