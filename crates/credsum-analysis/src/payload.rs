//! What a body carries and what it is checked against: the one answer [`crate::lower`] gives for
//! each JSON body of a file ([`Body`], [`Payload`]) and the context every leaf check reads
//! ([`BodyContext`]). Plain data that depends on nothing but the model and the configuration, so
//! the checks (body, schema, HTTP, JSON Patch) share it without depending on each other.

use credsum_model::operations::{Operation, ResponseBody};
use credsum_syntax::TextRange;

use crate::config::Config;
use crate::resource_model::ResourceModel;

/// What a JSON body carries, which decides the rules it is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Payload {
    /// A PATCH body: the properties to change (a `.json` file on its own is one).
    Update,
    /// A POST body that creates an entity in the collection.
    Create,
    /// A response carrying one entity (get, create, update with `200`).
    EntityResponse,
    /// A response carrying a page of the collection: `value: [entity…]` and `@odata.*` members.
    CollectionResponse,
    /// An RFC 6902 JSON Patch document (an array of operations) where a PATCH body belongs:
    /// checked op by op, and converted to the merge-style object Graph reads.
    PatchDocument,
    /// A body not checked as the resource: on a request that takes none, a `$count` or `204`
    /// response, an error response, or a request no operation answers.
    Unchecked,
}

impl Payload {
    /// Whether the body is checked against the resource's schema.
    pub fn is_checked(self) -> bool {
        self != Payload::Unchecked
    }

    /// The payload of a success response body of `operation` with `status`.
    pub(crate) fn of_response(operation: &Operation, status: u16) -> Payload {
        match operation.response(status).map(|r| r.body) {
            Some(ResponseBody::Entity) => Payload::EntityResponse,
            Some(ResponseBody::Collection) => Payload::CollectionResponse,
            _ => Payload::Unchecked,
        }
    }
}

/// A JSON body of a request file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Body {
    /// The body's bytes.
    pub range: TextRange,
    /// The message holding it (the whole message), in `.http` and Markdown files.
    pub request: Option<TextRange>,
    /// The message's start line.
    pub start_line: Option<TextRange>,
    /// Index of the body's resource among [`Analyzer::models`], when it has one.
    pub resource: Option<usize>,
    /// What the body carries.
    pub payload: Payload,
    /// The key segment of the request URL, for a request body.
    pub url_key: Option<TextRange>,
}

/// What the body is for: a PATCH or POST request, or a response (e.g. in docs) that carries the
/// entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyRole {
    /// A PATCH request body: the properties to change.
    Update,
    /// A POST request body: the entity to create.
    Create,
    /// A response body: the key and read-only properties belong there.
    Response,
}

impl BodyRole {
    /// Whether the body is sent to Graph (so Graph rejects what is wrong in it).
    pub fn is_request(self) -> bool {
        self != BodyRole::Response
    }
}

/// What a body is checked against.
pub(crate) struct BodyContext<'a> {
    /// The resource.
    pub model: &'a ResourceModel,
    /// Request or response.
    pub role: BodyRole,
    /// The key from the request URL, when the URL has a literal one.
    pub url_key: Option<&'a str>,
    /// The configuration: rules that are off are not even worded.
    pub config: &'a Config,
}
