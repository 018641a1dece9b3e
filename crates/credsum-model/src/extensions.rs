//! Names of the `x-graph-*` schema keywords that carry Graph facts JSON Schema cannot express.
//!
//! They are in the schema the registry builds (what completion, hover and the Graph rules read) and
//! in the exported OpenAPI documents (as `x-` extensions). The exported JSON Schemas leave them out
//! unless asked (`credsum export --graph-extensions`), since strict validators such as ajv refuse
//! unknown keywords.

/// OData primitive type of a property, e.g. `Edm.Int32`.
pub const EDM_TYPE: &str = "x-graph-edm-type";
/// Placeholder the generated Graph docs put in example bodies instead of a value, e.g. `"Integer"`.
pub const DOCS_PLACEHOLDER: &str = "x-graph-docs-placeholder";
/// `true` when the Graph docs call the property read-only.
pub const READ_ONLY: &str = "x-graph-read-only";
/// `true` on the entity key (`id`): it comes from the request URL, not the body.
pub const KEY: &str = "x-graph-key";
/// Values the service is known to return for an open string property (completion offers them;
/// other strings are allowed).
pub const KNOWN_VALUES: &str = "x-graph-known-values";
/// Name of a sibling count property this count can never exceed (a domain sanity check).
pub const AT_MOST: &str = "x-graph-at-most";
/// `true` when a count can never be negative (a domain sanity check; the wire type still allows it).
pub const NON_NEGATIVE: &str = "x-graph-non-negative";
/// Resource-level facts (OData type, endpoint, method, API versions, docs link), on the root schema.
pub const RESOURCE: &str = "x-graph-resource";
/// Graph's own OpenAPI pattern for a timestamp, kept where the exported `pattern` is the
/// calendar-checking one.
pub const GRAPH_PATTERN: &str = "x-graph-pattern";
/// The prefix of every keyword here.
pub const PREFIX: &str = "x-graph-";
/// `true` on an OpenAPI operation Graph documents only in its generated API, not in its docs.
pub const GENERATED_ONLY: &str = "x-graph-generated-only";
