//! The language server's integration tests, in one binary (one link instead of one per file): the
//! protocol end to end, workspace diagnostics, JSON Patch documents, random edits, the request
//! line of an `.http` file, its variables, and "Fill in the missing properties" with tab stops.

mod fill_in;
mod http_variables;
mod json_patch;
mod lsp;
mod query;
mod random_edits;
mod request_line;
mod support;
mod workspace;
