//! Checking one file: reading it (through the workspace's [`load`], whose size, UTF-8 and
//! binary checks become `file-too-large` / `unreadable-file` diagnostics), deciding whether a
//! walked file is a request file, analysing it, and applying `--fix`.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

use credsum_analysis::fix::fix_until_stable;
use credsum_analysis::{Analyzer, Applicability, Config, Diagnostic, FileKind};
use credsum_workspace::association;
use credsum_workspace::load::{decode, load, FileProblem, Loaded};
use credsum_workspace::Candidate;

use super::fix_files::unified_diff;
use super::paths::display;
use super::{CheckedFile, FixOutcome};
use crate::atomic_write::replace;

/// What `--fix` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    /// Report only.
    Off,
    /// Apply fixes and write the files.
    Write,
    /// Compute the fixes and keep a diff; write nothing.
    DryRun,
}

/// Where the text of a file comes from and where fixes go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file on disk: fixes are written back to it.
    Disk,
    /// Standard input: fixes stay in the result for the caller to print.
    Stdin,
}

/// Checks files with one shared analyzer and configuration.
pub struct Checker<'a> {
    /// The analyzer, shared by every thread and built by the first that needs it: building
    /// it takes about 2 ms, during which the walk is already finding files.
    pub analyzer: &'a OnceLock<Analyzer>,
    /// The configuration.
    pub config: &'a Config,
    /// What `--fix` does.
    pub fix: FixMode,
    /// The least trusted fixes `--fix` applies: safe ones, or unsafe ones too.
    pub fix_ceiling: Applicability,
}

impl Checker<'_> {
    /// The analyzer, built on first use.
    fn analyzer(&self) -> &Analyzer {
        self.analyzer.get_or_init(Analyzer::graph)
    }

    /// Checks a file on disk; `None` when a walked file turns out not to be a request file
    /// (or vanished since the walk found it). The candidate's path moves into the result.
    pub fn check_file(&self, candidate: Candidate) -> Option<CheckedFile> {
        let Candidate { path, kind, origin } = candidate;
        let analyzer = self.analyzer();
        let limit = self.config.max_file_size;
        load(
            path,
            origin,
            kind,
            limit,
            analyzer,
            |path, loaded| match loaded {
                Loaded::Skipped => None,
                Loaded::Problem(problem) => Some(self.file_level(path, problem)),
                Loaded::Text(text) => {
                    let diagnostics =
                        association::analyze(analyzer, self.config, origin, kind, &text)?;
                    Some(self.check_text(path, text, kind, Source::Disk, diagnostics))
                }
            },
        )
    }

    /// Checks `bytes` read from standard input as a file named `path`.
    pub fn check_stdin(&self, path: PathBuf, bytes: Vec<u8>, kind: FileKind) -> CheckedFile {
        match decode(Cow::Owned(bytes)) {
            Ok(text) => {
                let diagnostics = self.analyzer().analyze(&text, kind, self.config);
                self.check_text(path, text, kind, Source::Stdin, diagnostics)
            }
            Err((reason, _)) => self.unreadable(path, &reason),
        }
    }

    /// Reports the `diagnostics` of `text` and applies `--fix`. The text is kept only when
    /// something points into it, or standard input's `--fix` must print it back (copied then
    /// if it is still in the read buffer).
    fn check_text(
        &self,
        path: PathBuf,
        text: Cow<'_, str>,
        kind: FileKind,
        source: Source,
        diagnostics: Vec<Diagnostic>,
    ) -> CheckedFile {
        let fixed = match self.fix {
            FixMode::Off => None,
            FixMode::Write | FixMode::DryRun => fix_until_stable(
                self.analyzer(),
                kind,
                self.config,
                &text,
                &diagnostics,
                self.fix_ceiling,
            ),
        };
        let Some((fixed, remaining)) = fixed else {
            let keep = source == Source::Stdin || !diagnostics.is_empty();
            let text = if keep {
                text.into_owned()
            } else {
                String::new()
            };
            return CheckedFile::new(path, true, text, diagnostics);
        };
        let outcome = match (self.fix, source) {
            (FixMode::DryRun, _) => {
                FixOutcome::WouldFix(unified_diff(&display(&path), &text, &fixed))
            }
            (_, Source::Stdin) => FixOutcome::Fixed,
            (_, Source::Disk) => match replace(&path, fixed.as_bytes()) {
                Ok(()) => FixOutcome::Fixed,
                Err(error) => FixOutcome::WriteFailed(format!(
                    "cannot write {}: {}",
                    display(&path),
                    error.reason()
                )),
            },
        };
        let mut file = if outcome == FixOutcome::Fixed {
            CheckedFile::new(path, true, fixed, remaining)
        } else {
            CheckedFile::new(path, true, text.into_owned(), diagnostics)
        };
        file.fix = outcome;
        file
    }

    /// The file with one diagnostic about the whole file (none when its rule is off).
    fn file_level(&self, path: PathBuf, problem: FileProblem) -> CheckedFile {
        CheckedFile::new(path, false, String::new(), problem.diagnostics(self.config))
    }

    /// The file with one `unreadable-file` diagnostic.
    fn unreadable(&self, path: PathBuf, reason: &str) -> CheckedFile {
        self.file_level(path, FileProblem::unreadable(reason))
    }
}
