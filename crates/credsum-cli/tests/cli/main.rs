//! The command line's integration tests, in one binary (one link instead of one per file): each
//! subcommand end to end through the real `credsum` executable, with its fault and security tests.

mod association;
mod bom_cli;
mod common;
mod doc_examples;
mod explain_cli;
mod export_cli;
mod fix_applicability;
mod http_env_cli;
mod inputs_cli;
mod interrupt_cli;
mod lint_cli;
mod lint_faults;
mod lsp_faults;
mod security;
mod shell_cli;
mod walk_cli;
