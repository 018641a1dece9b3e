//! The examples of README.md and docs/*.md run and print what the documents show (issue 25
//! item 5). A fenced block whose lines start with `$ credsum …` (or `$ cargo run -p credsum --
//! …`) is a session: each `$` line runs, in order, in a fresh copy of `tests/examples` (a `--fix`
//! there changes the copy, which a later `$ cat FILE` of the block shows), and the lines up to the
//! next `$` line are its output (standard output, then standard error). Shortenings are marked:
//! `| head -N` after a command keeps its first N lines, and a line `…` in the shown output
//! stands for any number of lines; the other lines must match in order. A block with a `$` line
//! of another program is not a credsum session and is left alone, as are blocks without `$`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The documents whose examples run: README.md and every docs/*.md.
fn documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("docs"))
        .expect("docs folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    docs.insert(0, repo_root().join("README.md"));
    docs
}

/// One `$` line and the output the document shows for it.
struct Step {
    /// The line number of the `$` line in its document (1-based).
    line: usize,
    /// The command after `$ `.
    command: String,
    /// The lines shown after it.
    shown: Vec<String>,
}

/// The sessions of a Markdown document: the `$` lines of each fenced block with their output.
fn sessions(text: &str) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut block: Option<Vec<Step>> = None;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            match block.take() {
                Some(steps) => out.push(steps),
                None => block = Some(Vec::new()),
            }
            continue;
        }
        let Some(steps) = block.as_mut() else {
            continue;
        };
        if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                line: n + 1,
                command: command.to_owned(),
                shown: Vec::new(),
            });
        } else if let Some(step) = steps.last_mut() {
            step.shown.push(line.to_owned());
        }
    }
    out.retain(|steps| {
        steps.iter().any(|s| credsum_args(&s.command).is_some())
            && steps.iter().all(|s| runnable(&s.command))
    });
    out
}

/// The arguments of a credsum command line (`credsum ARGS` or `cargo run -p credsum -- ARGS`),
/// without a trailing `| head -N`.
fn credsum_args(command: &str) -> Option<Vec<String>> {
    let (command, _) = split_head(command);
    let rest = command
        .strip_prefix("credsum ")
        .or_else(|| command.strip_prefix("cargo run -p credsum -- "))?;
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

/// The command without a trailing `| head -N`, and N.
fn split_head(command: &str) -> (&str, Option<usize>) {
    match command.rsplit_once(" | head -") {
        Some((before, n)) => match n.trim().parse() {
            Ok(n) => (before, Some(n)),
            Err(_) => (command, None),
        },
        None => (command, None),
    }
}

/// Whether the test can run the command: credsum, or `cat FILE`.
fn runnable(command: &str) -> bool {
    credsum_args(command).is_some() || command.strip_prefix("cat ").is_some()
}

/// Runs `command` in `dir`: its standard output then its standard error, as lines.
fn run(command: &str, dir: &Path) -> Vec<String> {
    let (program, args): (String, Vec<String>) = match credsum_args(command) {
        Some(args) => (env!("CARGO_BIN_EXE_credsum").to_owned(), args),
        None => (
            "cat".to_owned(),
            split_head(command)
                .0
                .split_whitespace()
                .skip(1)
                .map(str::to_owned)
                .collect(),
        ),
    };
    let output = Command::new(program)
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("command runs");
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if let (_, Some(n)) = split_head(command) {
        lines.truncate(n);
    }
    lines
}

/// Whether `actual` shows `shown`: line by line, a `…` line in `shown` matching any run of lines.
fn shows(shown: &[String], actual: &[String]) -> bool {
    match shown.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "…" => {
            (0..=actual.len()).any(|skip| shows(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line.trim_end() == first.trim_end() && shows(rest, more)),
    }
}

/// Copies the folder `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn every_credsum_example_in_the_documents_prints_what_it_shows() {
    let mut ran = 0;
    let mut failures = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).expect("document");
        let name = doc.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        for session in sessions(&text) {
            let dir = tempfile::tempdir().expect("temp dir");
            copy_tree(
                &repo_root().join("tests/examples"),
                &dir.path().join("tests/examples"),
            );
            for step in session {
                let actual = run(&step.command, dir.path());
                ran += 1;
                if !shows(&step.shown, &actual) {
                    failures.push(format!(
                        "{name}:{}: $ {}\n--- shown\n{}\n--- printed\n{}",
                        step.line,
                        step.command,
                        step.shown.join("\n"),
                        actual.join("\n")
                    ));
                }
            }
        }
    }
    assert!(ran >= 8, "only {ran} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn sessions_are_read_with_their_shortenings() {
    let text = "```console\n$ credsum export | head -2\na\nb\n$ cat x\n…\nz\n```\n```sh\n$ npm ci\n$ credsum lint\n```\n";
    let sessions = sessions(text);
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].len(), 2);
    assert_eq!(
        split_head(&sessions[0][0].command),
        ("credsum export", Some(2))
    );
    let lines = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(shows(&lines(&["…", "z"]), &lines(&["x", "y", "z"])));
    assert!(shows(&lines(&["a", "…"]), &lines(&["a"])));
    assert!(!shows(&lines(&["a", "b"]), &lines(&["a", "c"])));
    assert!(!shows(&lines(&["a"]), &lines(&["a", "b"])));
}
