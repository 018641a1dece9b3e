//! `credsum lint`: finds request files, checks them in parallel with one shared analyzer,
//! optionally fixes them, and prints one report in the chosen format. The work itself lives in
//! [`crate::lint`]; this module holds the options and the order of the steps.

use std::cell::RefCell;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use annotate_snippets::Renderer;
use clap::{Args, ValueEnum};
use credsum_analysis::FileKind;
use credsum_workspace::path_order::sort_by_path;
use credsum_workspace::walk::{self, Candidate, Delivery};
use credsum_workspace::{par, Workspace};

use crate::lint::check::{Checker, FixMode};
use crate::lint::paths::FileUris;
use crate::lint::progress::Progress;
use crate::lint::shard::Shard;
use crate::lint::summary::Totals;
use crate::lint::{
    report_github, report_human, report_json, report_sarif, CheckedFile, FixOutcome,
    RENDER_AHEAD_MAX,
};

/// Options of `credsum lint`.
#[derive(Args)]
#[command(
    after_help = "Exit status: 0 no errors, 1 errors found (or warnings with --deny-warnings), 2 usage error."
)]
pub struct LintArgs {
    /// Files, folders or globs to check. Named files are always checked; folders are walked
    /// (respecting .gitignore) for request files. Globs (`*`, `?`, `[`) match against that walk.
    #[arg(
        value_name = "PATH|GLOB",
        default_value = ".",
        conflicts_with = "stdin"
    )]
    paths: Vec<String>,
    /// Treat named files (and standard input) as this kind instead of judging by extension.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Apply safe fixes in place, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix: print a unified diff of the fixes instead of writing them.
    #[arg(long, requires = "fix", conflicts_with = "format")]
    dry_run: bool,
    /// Lint standard input (with --fix, the fixed text goes to standard output and the report
    /// to standard error).
    #[arg(long)]
    stdin: bool,
    /// The file name standard input stands for (gives its kind and the path in reports).
    #[arg(long, value_name = "NAME", requires = "stdin")]
    stdin_filename: Option<String>,
    /// Check only shard K of N (1-based), chosen by a stable hash of each file's path.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Exit with status 1 when there are warnings.
    #[arg(long)]
    deny_warnings: bool,
    /// Check named files only if they are request files or match `include`, and skip those
    /// matching `exclude`, as when walking (for pre-commit and editors, which pass every file).
    #[arg(long)]
    only_requests: bool,
}

/// The `--kind` values.
#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    /// A PATCH body.
    Json,
    /// An .http/.rest request file.
    Http,
    /// Markdown with ```http blocks.
    Markdown,
}

impl From<KindArg> for FileKind {
    fn from(kind: KindArg) -> FileKind {
        match kind {
            KindArg::Json => FileKind::Json,
            KindArg::Http => FileKind::Http,
            KindArg::Markdown => FileKind::Markdown,
        }
    }
}

/// The `--format` values.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Code frames for people, and a summary line.
    Human,
    /// An array of {path, uri, diagnostics} with LSP diagnostics (UTF-16 positions).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Runs the lint; `Err` is a usage error (exit status 2).
pub fn run(args: &LintArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the working folder: {e}"))?;
    let workspace = Workspace::discover(&cwd)?;
    if let (Some(file), Some(code)) = (
        &workspace.file,
        workspace.config.unknown_rule_codes().first(),
    ) {
        return Err(format!(
            "invalid {}: unknown rule code `{code}` in [rules] (the codes are listed in {})",
            file.display(),
            credsum_analysis::rules::DOCS_URL
        )
        .into());
    }
    let kind = args.kind.map(FileKind::from);
    let analyzer = OnceLock::new();
    let checker = Checker {
        analyzer: &analyzer,
        config: &workspace.config,
        fix: match (args.fix, args.dry_run) {
            (false, _) => FixMode::Off,
            (true, false) => FixMode::Write,
            (true, true) => FixMode::DryRun,
        },
    };
    let files = if args.stdin {
        vec![check_stdin(&checker, args, kind)?]
    } else {
        check_paths(&checker, args, kind, &workspace, &cwd)?
    };
    match report(args, &files, &cwd) {
        // A closed pipe (`credsum lint | head`) is the reader's choice, not a failure.
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => return Err(error.into()),
        _ => {}
    }
    let code = Totals::count(&files).exit_code(args.deny_warnings);
    // The process ends right after: freeing 10,000 files one allocation at a time (most made
    // on other threads) would add a tenth to the whole run, for memory the exit returns anyway.
    std::mem::forget(files);
    Ok(ExitCode::from(code))
}

/// Lints standard input.
fn check_stdin(
    checker: &Checker<'_>,
    args: &LintArgs,
    kind: Option<FileKind>,
) -> Result<Box<CheckedFile>, String> {
    let name = PathBuf::from(args.stdin_filename.as_deref().unwrap_or("<stdin>"));
    let kind = kind
        .or_else(|| FileKind::from_path(&name))
        .ok_or("cannot tell the kind of standard input: pass --stdin-filename NAME.json|.http|.md or --kind")?;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(Box::new(checker.check_stdin(name, bytes, kind)))
}

/// Finds the files named by the arguments, keeps this shard's, and checks them in parallel
/// as the walk finds them; the result is sorted by path. Each file is boxed where it was
/// checked: growing and sorting the list of 10,000 results then moves pointers, not whole
/// results (copies of the growing lists made half of the run's page faults).
#[expect(
    clippy::vec_box,
    reason = "a list of 10,000 results grows and sorts by pointer"
)]
fn check_paths(
    checker: &Checker<'_>,
    args: &LintArgs,
    kind: Option<FileKind>,
    workspace: &Workspace,
    cwd: &Path,
) -> Result<Vec<Box<CheckedFile>>, String> {
    // `--fix` writes nothing until the command line has proved sound.
    let delivery = match checker.fix {
        FixMode::Write => Delivery::AfterWalk,
        FixMode::Off | FixMode::DryRun => Delivery::Streamed,
    };
    let progress = Progress::new();
    let ahead = Ahead::new(args, cwd);
    let mut walked = Ok(Vec::new());
    let files = par::map_stream(
        |found| {
            walked = walk::discover(
                &args.paths,
                kind,
                workspace,
                args.only_requests,
                delivery,
                &mut |candidate: Candidate| {
                    let shard = args.shard;
                    if shard
                        .is_none_or(|s| s.contains(&crate::lint::paths::display(&candidate.path)))
                    {
                        progress.found();
                        found(candidate);
                    }
                },
            );
        },
        |candidate| {
            let file = checker.check_file(candidate).map(|mut file| {
                if let Some(rendered) = ahead.render(&file) {
                    file.keep_rendered(rendered);
                }
                Box::new(file)
            });
            progress.checked();
            file
        },
    );
    let files = sort_by_path(files, |file| &file.path);
    progress.finish();
    for warning in walked? {
        eprintln!("warning: {warning}");
    }
    Ok(files)
}

/// What each file's part of the report is rendered ahead with, on the thread that checked it
/// (the report of 10,000 files is otherwise a serial tail after the parallel checks).
enum Ahead {
    /// Nothing: the format is cheap to write in one go.
    Nothing,
    /// The JSON object of each file.
    Json(FileUris),
    /// The SARIF results of each file, relative to the working folder.
    Sarif(PathBuf),
    /// The code frames of each file.
    Human(Renderer),
}

thread_local! {
    /// The buffer each checking thread renders into; what it renders is kept at its exact size,
    /// since 10,000 files' parts are kept until the report is written.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl Ahead {
    /// What `args.format` renders ahead, for paths relative to the working folder `cwd`.
    fn new(args: &LintArgs, cwd: &Path) -> Ahead {
        match args.format {
            _ if args.dry_run => Ahead::Nothing,
            FormatArg::Json => Ahead::Json(FileUris::new(cwd)),
            FormatArg::Sarif => Ahead::Sarif(cwd.to_path_buf()),
            FormatArg::Human => Ahead::Human(report_human::renderer(human_color(args))),
            FormatArg::Github => Ahead::Nothing,
        }
    }

    /// The part of the report of `file`, if rendered ahead: not for a file with so many
    /// findings that holding their report would cost more than writing it in place, nor when
    /// the format writes nothing for the file.
    fn render(&self, file: &CheckedFile) -> Option<Vec<u8>> {
        if matches!(self, Ahead::Nothing) || file.diagnostics().len() > RENDER_AHEAD_MAX {
            return None;
        }
        SCRATCH.with_borrow_mut(|out| {
            out.clear();
            let rendered = match self {
                Ahead::Nothing => Ok(()),
                Ahead::Json(uris) => report_json::render_file(out, file, uris),
                Ahead::Sarif(cwd) => report_sarif::render_results(file, cwd, out),
                Ahead::Human(renderer) => report_human::render_file(out, file, renderer),
            };
            rendered.ok()?;
            (!out.is_empty()).then(|| out.to_vec())
        })
    }
}

/// Whether the human report is in colour: only on a terminal (standard error when standard
/// output carries the text that `--fix` fixed from standard input), and never with `NO_COLOR`.
fn human_color(args: &LintArgs) -> bool {
    let terminal = if fixes_stdin(args) {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether `--fix` fixes standard input, whose fixed text then goes to standard output.
fn fixes_stdin(args: &LintArgs) -> bool {
    args.stdin && args.fix && !args.dry_run
}

/// Prints the report (and, for --fix on standard input, the fixed text) from one buffer.
fn report(args: &LintArgs, files: &[Box<CheckedFile>], cwd: &Path) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out: Box<dyn Write> = if fixes_stdin(args) {
        // Standard output carries the fixed text; the report goes to standard error.
        let mut text_out = stdout.lock();
        for file in files {
            text_out.write_all(file.text().as_bytes())?;
        }
        text_out.flush()?;
        Box::new(BufWriter::new(std::io::stderr().lock()))
    } else {
        Box::new(BufWriter::new(stdout.lock()))
    };
    if args.dry_run {
        for file in files {
            if let FixOutcome::WouldFix(diff) = &file.fix {
                out.write_all(diff.as_bytes())?;
            }
        }
        writeln!(out, "{}", Totals::count(files))?;
        return out.flush();
    }
    for file in files {
        if let FixOutcome::WriteFailed(reason) = &file.fix {
            eprintln!("error: {reason}");
        }
    }
    match args.format {
        FormatArg::Human => report_human::write(&mut out, files, human_color(args))?,
        FormatArg::Json => report_json::write(&mut out, files, cwd)?,
        FormatArg::Sarif => report_sarif::write(&mut out, files, cwd)?,
        FormatArg::Github => report_github::write(&mut out, files)?,
    }
    out.flush()
}
