//! The credsum model: Rust types for Microsoft Graph's
//! `microsoft.graph.managedTenants.credentialUserRegistrationsSummary` resource, the generic
//! resource [`registry`] everything downstream reads, and the [`export`]er that turns the schemars
//! schema into JSON Schema and OpenAPI documents.
//!
//! The schema generated here is the single source of truth: the analysis core, the linter and the
//! language server read property names, types, bounds and Graph facts from it (the Graph facts
//! JSON Schema cannot say travel as the `x-graph-*` keywords of [`extensions`]).
#![forbid(unsafe_code)]

pub mod annotations;
pub mod edm;
pub mod export;
pub mod extensions;
pub mod json_patch;
pub mod operations;
pub mod registry;
pub mod resources;

pub use registry::{GraphResource, Registry, Resource, ResourceDescriptor};
#[cfg(feature = "toy-resource")]
pub mod toy;
