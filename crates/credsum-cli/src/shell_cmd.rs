//! `credsum completions SHELL` and `credsum man`: the shell completion script and the roff man
//! page, both generated from the command line's own clap definitions, so they never drift.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// Options of `credsum completions`.
#[derive(Args)]
#[command(
    after_help = "Install: see README (`credsum completions bash > ~/.local/share/bash-completion/completions/credsum`, and the lines for the other shells)."
)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the completion script of `args.shell`.
pub fn completions<C: CommandFactory>(
    args: &CompletionsArgs,
) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut C::command(), "credsum", &mut script);
    print(&script)
}

/// Prints the man page of the whole command line.
pub fn man<C: CommandFactory>() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(C::command()).render(&mut page)?;
    print(&page)
}

/// Writes `bytes` to standard output; a closed pipe (`credsum man | head`) is not a failure.
fn print(bytes: &[u8]) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
