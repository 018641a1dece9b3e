//! `credsum completions SHELL` and `credsum man`: the shell completion script and the roff man
//! page, both generated from the command line's own clap definitions, so they never drift.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::atomic_write::write_atomic;

/// Options of `credsum completions`.
#[derive(Args)]
#[command(
    after_help = "Install: see README (`mkdir -p ~/.local/share/bash-completion/completions && credsum completions bash > ~/.local/share/bash-completion/completions/credsum`, and the lines for the other shells)."
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

/// Options of `credsum man`.
#[derive(Args)]
pub struct ManArgs {
    /// Write one page per command into DIR (credsum.1, credsum-lint.1, …), creating it,
    /// instead of printing credsum.1.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// Prints the man page of credsum, or with `--dir` writes one page per command.
pub fn man<C: CommandFactory>(args: &ManArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut top = C::command().disable_help_subcommand(true);
    top.build();
    let Some(dir) = &args.dir else {
        return print(&page(&top)?);
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create folder {}: {e}", dir.display()))?;
    let mut commands = vec![top.clone()];
    commands.extend(top.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    for command in commands {
        let name = command.get_display_name().unwrap_or(command.get_name());
        write_atomic(&dir.join(format!("{name}.1")), &page(&command)?)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The roff page of `command`: clap_mangen's sections, then exit status, configuration and
/// environment, which clap does not know.
fn page(command: &clap::Command) -> Result<Vec<u8>, std::io::Error> {
    let name = command.get_display_name().unwrap_or(command.get_name());
    let man = clap_mangen::Man::new(command.clone()).title(name);
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    out.extend_from_slice(man_sections::EXIT_STATUS.as_bytes());
    if matches!(command.get_name(), "credsum" | "lint" | "lsp") {
        out.extend_from_slice(man_sections::CONFIGURATION.as_bytes());
    }
    out.extend_from_slice(man_sections::ENVIRONMENT.as_bytes());
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// The hand-written sections of every page (roff).
mod man_sections {
    /// Exit codes, as `credsum lint` and `credsum export` return them.
    pub const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success: no errors were found (and no warnings with \fB\-\-deny\-warnings\fR).
.TP
\fB1\fR
\fBcredsum lint\fR found errors, or warnings with \fB\-\-deny\-warnings\fR.
.TP
\fB2\fR
Usage error: a bad option or combination of options, a path or glob that names nothing, a folder
whose JSON files are none of them request files (unless \fB\-\-allow\-empty\fR), an
\fB\-\-output\-file\fR that is one of the inputs, or an invalid \fIcredsum.toml\fR.
.TP
\fB130\fR
Interrupted (SIGINT, SIGTERM or SIGHUP): temporary files were removed and the number of files
fixed before the stop was printed.
"#;

    /// The configuration file.
    pub const CONFIGURATION: &str = r#".SH CONFIGURATION
The nearest \fIcredsum.toml\fR in the working folder or above it configures the run; its folder
is the workspace root, which globs are relative to.
.TP
\fBinclude\fR = [\fIGLOB\fR, ...]
Files that are always checked when walked, whatever their text.
.TP
\fBexclude\fR = [\fIGLOB\fR, ...]
Files and folders never walked.
.TP
\fBmax\-file\-size\fR = \fIBYTES\fR
Larger files are reported (\fBfile\-too\-large\fR), not analysed.
.TP
\fBmax\-diagnostics\fR = \fIN\fR
The most findings the language server publishes per file.
.TP
\fB[rules]\fR \fIcode\fR = "error" | "warning" | "info" | "hint" | "off"
The severity of a rule; \fBcredsum rules\fR lists the codes.
"#;

    /// The environment variables read.
    pub const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set and not empty, reports are never coloured.
.TP
\fBCI\fR
When set, no progress bar is drawn.
"#;
}

/// Writes `bytes` to standard output; a closed pipe (`credsum man | head`) is not a failure.
fn print(bytes: &[u8]) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
