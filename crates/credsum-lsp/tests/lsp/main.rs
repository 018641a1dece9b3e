//! The language server's integration tests, in one binary (one link instead of one per file): the
//! protocol end to end, workspace diagnostics, JSON Patch documents and random edits.

mod json_patch;
mod lsp;
mod query;
mod random_edits;
mod support;
mod workspace;
