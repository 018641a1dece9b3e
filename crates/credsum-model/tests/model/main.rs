//! The model crate's integration tests, in one binary: the committed export artifacts and the toy
//! resource.

mod export_artifacts;
mod toy_resource;
