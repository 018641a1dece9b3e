//! The credsum workspace, shared by `credsum lint` and the language server so that both select
//! the same files: `credsum.toml` found and parsed ([`workspace`], with an editor's settings
//! layered on top), the one glob semantics of `include`/`exclude` ([`globs`]), the walk that
//! honours `.gitignore` ([`walk`]) and reports files in one order ([`path_order`]), file
//! association ([`association`]) and reading a file for checking ([`load`], [`read`]), checked
//! in parallel as the walk finds them ([`par`]).
#![forbid(unsafe_code)]

pub mod association;
pub mod catalog;
pub mod globs;
pub mod http_env;
pub mod load;
pub mod par;
pub mod path_order;
pub mod paths;
pub mod read;
pub mod walk;
pub mod workspace;

pub use association::Origin;
pub use walk::Candidate;
pub use workspace::Workspace;
