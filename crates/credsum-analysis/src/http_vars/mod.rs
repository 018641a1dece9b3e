//! Variables of `.http` files, resolved the way the clients resolve them before sending: file
//! variables (`@name = value`), environment variables (plain data handed in by the caller; this
//! crate reads no files), system variables (`{{$guid}}`, `{{$timestamp}}`, …), request variables
//! (`{{login.response.body.$.id}}`) and prompt variables (`# @prompt name`).
//!
//! [`Scope`] answers "what does `{{name}}` mean here"; [`expand`] turns a range of the file into
//! the text the client sends, with a source map from every byte of that text back to the file,
//! so a finding about the sent text lands on the variable's value or on the `{{ref}}`.

mod environment;
mod expand;
mod findings;
mod per_environment;
mod scope;
mod sent;
mod system;

pub use environment::{Definition, EnvVariable, Environment, Environments};
pub use expand::{expand, expand_body, Expanded, MapTo, Unknown, MAX_EXPANSION};
pub(crate) use per_environment::across_environments;
pub use per_environment::Selection;
pub use scope::{Resolution, Scope, ScopeVariable, VariableKind, Why};
pub(crate) use sent::{Sent, SentBody};
pub use system::{system_variable, SystemVariable, SYSTEM_VARIABLES};

#[cfg(test)]
mod tests;
