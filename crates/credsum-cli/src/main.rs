//! `credsum`: export the schema, lint request files, explain rules, or run the language server.
#![forbid(unsafe_code)]

mod atomic_write;
mod explain_cmd;
mod export_cmd;
mod inputs;
mod interrupt;
mod lint;
mod lint_cmd;
mod rules_cmd;
mod shell_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Write and check Microsoft Graph credentialUserRegistrationsSummary PATCH bodies safely.
#[derive(Parser)]
#[command(name = "credsum", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
enum Command {
    /// Export the resource schema as JSON Schema or OpenAPI.
    Export(export_cmd::ExportArgs),
    /// Check request files (PATCH bodies, .http/.rest files, Markdown) and optionally fix them.
    Lint(lint_cmd::LintArgs),
    /// Run the language server on stdin/stdout (LSP; logs go to stderr).
    Lsp {
        /// Accepted for clients that pass it (vscode-languageclient does); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List the rules: codes, default severities, and which are JSON Schema rules.
    Rules(rules_cmd::RulesArgs),
    /// Explain a rule: what it checks, why Graph cares, examples, its fix and configuration.
    Explain(explain_cmd::ExplainArgs),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    Completions(shell_cmd::CompletionsArgs),
    /// Print the man page (roff) of credsum, or write one page per command with --dir.
    Man(shell_cmd::ManArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Export(args) => interrupt::install(false)
            .map_err(Into::into)
            .and_then(|()| export_cmd::run(&args)),
        Command::Lint(args) => lint_cmd::run(&args),
        Command::Rules(args) => rules_cmd::run(&args),
        Command::Explain(args) => explain_cmd::run(&args),
        Command::Completions(args) => shell_cmd::completions::<Cli>(&args),
        Command::Man(args) => shell_cmd::man::<Cli>(&args),
        // 0 after `shutdown`, else 1, as the LSP specification asks of `exit`.
        Command::Lsp { .. } => credsum_lsp::run_stdio().map_err(Into::into),
    };
    // The files written are made durable once, not one `fsync` at a time.
    let result = result.and_then(|code| Ok(atomic_write::sync_written().map(|()| code)?));
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
