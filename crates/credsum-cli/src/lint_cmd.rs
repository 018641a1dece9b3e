//! `credsum lint`: finds request files, checks them in parallel with one shared analyzer,
//! optionally fixes them, and prints one report in the chosen format. The work itself lives in
//! [`crate::lint`]; this module holds the options and the order of the steps.

use std::collections::HashSet;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use clap::{Args, ValueEnum};
use credsum_analysis::{Applicability, FileKind};
use credsum_workspace::path_order::sort_by_path;
use credsum_workspace::walk::{self, Candidate, Delivery};
use credsum_workspace::{par, Origin, Workspace};

use crate::atomic_write::AtomicFile;
use crate::inputs::{self, Listed};
use crate::lint::check::{Checker, EnvChoice, FixMode};
use crate::lint::progress::Progress;
use crate::lint::report::{self, Ahead, Format, Report, Setting};
use crate::lint::shard::Shard;
use crate::lint::summary::Totals;
use crate::lint::{CheckedFile, FixOutcome};

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
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE (replaced whole, never half-written) and print only the
    /// summary line.
    #[arg(long, value_name = "FILE", conflicts_with = "dry_run")]
    output_file: Option<PathBuf>,
    /// Apply safe fixes in place, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix: apply unsafe fixes too (they change what is sent, e.g. a docs placeholder
    /// replaced with an example value); display-only fixes are never applied.
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
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
    /// Check only shard K of N (1-based) of the walked files, chosen by a stable hash of each
    /// file's path relative to the workspace root; named files are always checked.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Exit 0 when folders or globs hold JSON files but none is a request file (else exit 2:
    /// the files were probably meant to be checked).
    #[arg(long)]
    allow_empty: bool,
    /// Exit with status 1 when there are warnings.
    #[arg(long)]
    deny_warnings: bool,
    /// Check `.http` files under this environment only (by default, under each environment
    /// defined for them: http-client.env.json, .vscode/settings.json, .env files).
    #[arg(long, value_name = "NAME")]
    env: Option<String>,
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

/// Runs the lint; `Err` is a usage error (exit status 2).
pub fn run(args: &LintArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the working folder: {e}"))?;
    if args.stdin_filename.is_some() && !args.stdin {
        // clap's `requires` misses it: `--stdin` is a flag, present with its default.
        return Err("--stdin-filename names standard input: pass --stdin too".into());
    }
    crate::interrupt::install(args.fix && !args.dry_run)?;
    let workspace = Workspace::discover(&cwd)?;
    if let (Some(file), Some(code)) = (
        &workspace.file,
        workspace.config.unknown_rule_codes().first(),
    ) {
        return Err(inputs::unknown_rule_error(file, code).into());
    }
    let kind = args.kind.map(FileKind::from);
    // An output that is one of the inputs is refused before anything is read.
    let listed = match &args.output_file {
        Some(output) if !args.stdin => inputs::refuse_output_among_inputs(
            output,
            &args.paths,
            kind,
            &workspace,
            args.only_requests,
        )?,
        _ => None,
    };
    // The report file is begun (as a temporary file beside it) before anything is checked or
    // fixed: a path that cannot be written is a usage error before any work, and the file
    // itself appears only whole, at the end.
    let output = args
        .output_file
        .as_deref()
        .map(AtomicFile::create)
        .transpose()?;
    let analyzer = OnceLock::new();
    let environments = EnvChoice {
        selected: args.env.as_deref(),
        root: Some(workspace.root.as_path()),
        known: Mutex::default(),
    };
    let checker = Checker {
        environments: &environments,
        analyzer: &analyzer,
        config: &workspace.config,
        fix: match (args.fix, args.dry_run) {
            (false, _) => FixMode::Off,
            (true, false) => FixMode::Write,
            (true, true) => FixMode::DryRun,
        },
        fix_ceiling: if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
    };
    let setting = Setting {
        cwd: &cwd,
        color: human_color(args),
        deny_warnings: args.deny_warnings,
    };
    let format = args.format.report(&setting);
    let files = if args.stdin {
        with_related_files(vec![check_stdin(&checker, args, kind)?])
    } else {
        // `--dry-run` prints diffs, not a report: nothing to render ahead then.
        let ahead = Ahead::new((!args.dry_run).then_some(&*format));
        let (files, skipped_json) = check_paths(&checker, args, kind, &workspace, &ahead, listed)?;
        if skipped_json > 0 {
            let message = inputs::skipped_message(skipped_json);
            // A shard may hold no request file; a whole run that checked none is a mistake.
            if files.is_empty() && !args.allow_empty && args.shard.is_none() {
                return Err(
                    format!("no request file checked: {message} (or pass --allow-empty)").into(),
                );
            }
            eprintln!("note: {message}");
        }
        files
    };
    if let Some(name) = args.env.as_deref() {
        unknown_environment(name, &environments)?;
    }
    match write_report(args, &*format, &files, output) {
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

/// The usage error for `--env NAME` when no checked `.http` file has an environment `name`.
fn unknown_environment(name: &str, environments: &EnvChoice<'_>) -> Result<(), String> {
    let known = environments
        .known
        .lock()
        .map(|k| k.clone())
        .unwrap_or_default();
    if known.contains(name) {
        return Ok(());
    }
    let known: Vec<String> = known.iter().map(|n| format!("\"{n}\"")).collect();
    let list = if known.is_empty() {
        "the checked .http files define none".to_owned()
    } else {
        format!("the environments are {}", known.join(", "))
    };
    Err(format!("no environment named \"{name}\": {list}"))
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
    let named = args.stdin_filename.is_some();
    Ok(Box::new(checker.check_stdin(name, named, bytes, kind)))
}

/// `files` followed by the files they have lint report on ([`CheckedFile::related`]): once
/// each, however many request files send or read it, each finding once (a body file's naming
/// every request that sends it). A body file checked on its own too (named, or walked with its
/// `@odata.type`) is reported as itself only.
#[expect(
    clippy::vec_box,
    reason = "a list of 10,000 results grows and sorts by pointer"
)]
fn with_related_files(mut files: Vec<Box<CheckedFile>>) -> Vec<Box<CheckedFile>> {
    let sent: Vec<CheckedFile> = files
        .iter_mut()
        .flat_map(|f| std::mem::take(&mut f.related))
        .collect();
    if sent.is_empty() {
        return files;
    }
    let own: HashSet<PathBuf> = files.iter().map(|f| same_file_key(&f.path)).collect();
    let mut bodies: Vec<(PathBuf, CheckedFile)> = Vec::new();
    for body in sent {
        let key = same_file_key(&body.path);
        if own.contains(&key) {
            continue;
        }
        match bodies.iter_mut().find(|(k, _)| *k == key) {
            Some((_, known)) => known.merge_sent(&body),
            None => bodies.push((key, body)),
        }
    }
    files.extend(bodies.into_iter().map(|(_, body)| Box::new(body)));
    files
}

/// The path of a file as one key however it was reached (`./a.json` and `a.json` alike).
fn same_file_key(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| *c != std::path::Component::CurDir)
        .collect()
}

/// Workers per core when `--fix` writes files (see [`check_paths`]).
const WRITERS_PER_CORE: usize = 4;

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
    ahead: &Ahead<'_>,
    listed: Option<Listed>,
) -> Result<(Vec<Box<CheckedFile>>, usize), String> {
    // `--fix` writes nothing until the command line has proved sound. Writing a fixed file
    // waits on the disk (the rename flushes the new data; the replaced file's blocks are freed),
    // so more workers than cores keep the cores busy meanwhile: 20,000 files with 848 fixed
    // took 424 ms on 2 workers, 243 ms on 8 (docs/benchmarks.md).
    let (delivery, workers) = match checker.fix {
        FixMode::Write => (Delivery::AfterWalk, par::cores() * WRITERS_PER_CORE),
        FixMode::Off | FixMode::DryRun => (Delivery::Streamed, par::cores()),
    };
    let progress = Progress::new();
    let skipped_json = AtomicUsize::new(0);
    let mut walked = Ok(Vec::new());
    let files = par::map_stream_on(
        workers,
        |found| {
            // Named files are always checked; walked ones are this shard's only.
            let mut deliver = |candidate: Candidate| {
                if candidate.origin == Origin::Named
                    || args
                        .shard
                        .is_none_or(|s| s.contains(&inputs::shard_key(workspace, &candidate.path)))
                {
                    progress.found();
                    found(candidate);
                }
            };
            walked = match listed {
                Some(Listed {
                    candidates,
                    warnings,
                }) => {
                    candidates.into_iter().for_each(&mut deliver);
                    Ok(warnings)
                }
                None => walk::discover(
                    &args.paths,
                    kind,
                    workspace,
                    args.only_requests,
                    delivery,
                    &mut deliver,
                ),
            };
        },
        |candidate| {
            let json = candidate.kind == FileKind::Json;
            let file = checker.check_file(candidate);
            if file.is_none() && json {
                skipped_json.fetch_add(1, Ordering::Relaxed);
            }
            let file = file.map(|mut file| {
                // Body files are rendered with the report: several request files may send one.
                if let Some(rendered) = ahead.render(&file) {
                    file.keep_rendered(rendered);
                }
                Box::new(file)
            });
            progress.checked();
            file
        },
    );
    let files = sort_by_path(with_related_files(files), |file| &file.path);
    progress.finish();
    for warning in walked? {
        eprintln!("warning: {warning}");
    }
    Ok((files, skipped_json.into_inner()))
}

/// Whether the human report is in colour: only on a terminal (standard error when standard
/// output carries the text that `--fix` fixed from standard input), never in a file, and never
/// with `NO_COLOR`.
fn human_color(args: &LintArgs) -> bool {
    let terminal = if args.output_file.is_some() {
        false
    } else if fixes_stdin(args) {
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

/// Prints the report (and, for --fix on standard input, the fixed text) from one buffer; with
/// `--output-file`, writes the report to that file and prints its summary line instead.
fn write_report(
    args: &LintArgs,
    format: &dyn Report,
    files: &[Box<CheckedFile>],
    output: Option<AtomicFile>,
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut terminal: Box<dyn Write> = if fixes_stdin(args) {
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
                terminal.write_all(diff.as_bytes())?;
            }
        }
        writeln!(terminal, "{}", Totals::count(files))?;
        return terminal.flush();
    }
    for file in files {
        if let FixOutcome::WriteFailed(reason) = &file.fix {
            eprintln!("error: {reason}");
        }
    }
    match output {
        Some(mut output) => {
            let mut out = BufWriter::new(output.file());
            let written = report::write(&mut out, format, files)
                .and_then(|()| out.into_inner().map(|_| ()).map_err(|e| e.into_error()));
            written.map_err(|e| std::io::Error::other(output.fail(e.to_string())))?;
            output.commit().map_err(std::io::Error::other)?;
            writeln!(terminal, "{}", Totals::count(files))?;
        }
        None => report::write(&mut terminal, format, files)?,
    }
    terminal.flush()
}
