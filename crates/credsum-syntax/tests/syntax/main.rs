//! The syntax crate's integration tests, in one binary (one link instead of one per file): JSON,
//! `.http` and Markdown parsing and the line index, each in its module.

mod hang_guard;
mod http_file;
mod json_deep;
mod json_parse;
mod json_properties;
mod line_index;
mod markdown_blocks;
mod odata_abnf;
mod support;
