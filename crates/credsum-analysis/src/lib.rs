//! The credsum analysis core: a plain library that takes the text of a request file (a PATCH
//! body `.json`, an `.http`/`.rest` file, or Markdown with ```http blocks) and returns
//! [`Diagnostic`]s with byte ranges and safe [`Fix`]es, plus completions and hovers.
//!
//! It knows nothing of LSP, async runtimes or terminals: the CLI and the language server are thin
//! shells that convert byte ranges to positions with [`credsum_syntax::line_index`].
#![forbid(unsafe_code)]

mod analyzer;
mod body;
mod body_actions;
mod body_file;
pub mod completion;
pub mod config;
pub mod cursor;
mod diagnostic;
mod document_links;
pub mod fix;
pub mod format;
pub mod hover;
mod http_check;
pub mod http_vars;
mod http_vars_ide;
mod ide;
mod json_patch;
mod limit;
mod lower;
pub mod lsp_json;
pub mod outline;
mod payload;
mod query_check;
mod query_expr;
mod query_ide;
mod query_types;
mod removal;
mod resource_model;
pub mod rule_docs;
pub mod rules;
mod schema_check;
mod suggest;
mod tree_json;

pub use analyzer::{Analyzer, FileKind};
pub use body_file::{merge_sent_findings, SentFile};
pub use completion::{Completion, CompletionKind};
pub use config::{Config, FixConfig, RuleLevel};
pub use credsum_syntax::TextRange;
pub use diagnostic::{diagnostic, Applicability, Diagnostic, Edit, Fix, Severity};
pub use document_links::{DocumentLink, LinkTarget};
pub use format::FormatOptions;
pub use hover::Hover;
pub use limit::{limit, Limited};
pub use outline::{Symbol, SymbolKind};
pub use payload::{Body, Payload};
pub use resource_model::{PropertyModel, ResourceModel};
