//! The credsum analysis core: a plain library that takes the text of a request file (a PATCH
//! body `.json`, an `.http`/`.rest` file, or Markdown with ```http blocks) and returns
//! [`Diagnostic`]s with byte ranges and safe [`Fix`]es, plus completions and hovers.
//!
//! It knows nothing of LSP, async runtimes or terminals: the CLI and the language server are thin
//! shells that convert byte ranges to positions with [`credsum_syntax::line_index`].
#![forbid(unsafe_code)]

mod analyzer;
mod body;
pub mod config;
mod diagnostic;
pub mod fix;
mod http_check;
mod markdown_check;
mod resource_model;
pub mod rules;
mod schema_check;
mod suggest;

pub use analyzer::{Analyzer, FileKind};
pub use config::{Config, RuleLevel};
pub use credsum_syntax::TextRange;
pub use diagnostic::{Diagnostic, Edit, Fix, Severity};
pub use resource_model::{PropertyModel, ResourceModel};
