//! Checking one file: reading it (through the workspace's [`load`], whose size, UTF-8 and
//! binary checks become `file-too-large` / `unreadable-file` diagnostics), deciding whether a
//! walked file is a request file, analysing it, and applying `--fix`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use credsum_analysis::fix::fix_until_stable;
use credsum_analysis::http_vars::Selection;
use credsum_analysis::{Analyzer, Applicability, Config, Diagnostic, FileKind, TextRange};
use credsum_workspace::http_env::{environments_for, HttpEnvironments};
use credsum_workspace::load::{decode, load, FileProblem, Loaded};
use credsum_workspace::Candidate;
use credsum_workspace::{association, body_files};

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
    /// The environments `.http` files are checked under.
    pub environments: &'a EnvChoice<'a>,
}

/// Which environments `.http` files are checked under, and the names seen while checking.
#[derive(Debug, Default)]
pub struct EnvChoice<'a> {
    /// `--env NAME`: that one only; `None`: every environment defined for a file.
    pub selected: Option<&'a str>,
    /// The workspace root: environment files are looked for up to it.
    pub root: Option<&'a Path>,
    /// Every environment name defined for a checked `.http` file.
    pub known: Mutex<BTreeSet<String>>,
}

impl EnvChoice<'_> {
    /// The environments of the request file `path` (none for other kinds), remembering their
    /// names.
    fn of(&self, path: &Path, kind: FileKind) -> HttpEnvironments {
        if kind != FileKind::Http {
            return HttpEnvironments::default();
        }
        let found = environments_for(path, self.root);
        if let Ok(mut known) = self.known.lock() {
            known.extend(found.environments.names().map(str::to_owned));
        }
        found
    }

    /// The selection to check under.
    fn selection(&self) -> Selection<'_> {
        self.selected.map_or(Selection::Every, Selection::One)
    }
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
                    let envs = self.environments.of(&path, kind);
                    let selection = self.environments.selection();
                    // An `.http` file without the environment `--env` names is checked without
                    // it but not fixed (a name no file has ends the run with a usage error).
                    let unknown = kind == FileKind::Http
                        && self
                            .environments
                            .selected
                            .is_some_and(|name| envs.environments.get(name).is_none());
                    let this = Checker {
                        fix: if unknown { FixMode::Off } else { self.fix },
                        ..*self
                    };
                    let diagnostics = association::analyze_in(
                        analyzer,
                        self.config,
                        origin,
                        kind,
                        &text,
                        &envs,
                        selection,
                    )?;
                    let mut file = this.check_text(path, text, kind, Source::Disk, diagnostics);
                    file.related.extend(self.environment_files(&envs));
                    Some(file)
                }
            },
        )
    }

    /// Checks `bytes` read from standard input as a file named `path`: when the name was given
    /// (`named`, `--stdin-filename`), an `.http` text is checked under the environments of a
    /// file of that name, as the editor checks an unsaved buffer.
    pub fn check_stdin(
        &self,
        path: PathBuf,
        named: bool,
        bytes: Vec<u8>,
        kind: FileKind,
    ) -> CheckedFile {
        match decode(Cow::Owned(bytes)) {
            Ok(text) => {
                let envs = if named {
                    self.environments.of(&path, kind)
                } else {
                    HttpEnvironments::default()
                };
                let selection = self.environments.selection();
                let analyzer = self.analyzer();
                let config = self.config;
                let diagnostics =
                    analyzer.analyze_with(&text, kind, config, &envs.environments, selection);
                let mut file = self.check_text(path, text, kind, Source::Stdin, diagnostics);
                file.related.extend(self.environment_files(&envs));
                file
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
        let Some((fixed, mut remaining)) = fixed else {
            let mut diagnostics = diagnostics;
            let bodies = self.body_files(&path, &text, kind, &mut diagnostics);
            let keep = source == Source::Stdin || !diagnostics.is_empty();
            let text = if keep {
                text.into_owned()
            } else {
                String::new()
            };
            let mut file = CheckedFile::new(path, true, text, diagnostics);
            file.related = bodies;
            return file;
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
            let bodies = self.body_files(&path, &fixed, kind, &mut remaining);
            let mut file = CheckedFile::new(path, true, fixed, remaining);
            file.related = bodies;
            file
        } else {
            let mut diagnostics = diagnostics;
            let bodies = self.body_files(&path, &text, kind, &mut diagnostics);
            let mut file = CheckedFile::new(path, true, text.into_owned(), diagnostics);
            file.related = bodies;
            file
        };
        file.fix = outcome;
        file
    }

    /// Reads and checks the files the requests of `text` (the request file at `path`) send as
    /// bodies: a file that cannot be read adds its `body-file` finding to `diagnostics` (kept
    /// in position order); each one read is a checked file of its own, which `--fix` leaves as
    /// it is (other requests may send it too).
    fn body_files(
        &self,
        path: &Path,
        text: &str,
        kind: FileKind,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<CheckedFile> {
        let found = body_files::check(
            self.analyzer(),
            self.config,
            path,
            &display(path),
            text,
            kind,
        );
        if !found.in_request_file.is_empty() {
            diagnostics.extend(found.in_request_file);
            diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
        }
        found
            .bodies
            .into_iter()
            .map(|b| CheckedFile::new(b.path, true, b.text, b.diagnostics))
            .collect()
    }

    /// The environment files of `envs` that hold problems, each with its `environment-file`
    /// findings in its own text.
    fn environment_files(&self, envs: &HttpEnvironments) -> Vec<CheckedFile> {
        let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        let cwd = std::env::current_dir().unwrap_or_default();
        for (path, finding) in association::environment_findings(envs, self.config) {
            // Found from the request file's real folder: shown relative to the working folder
            // where it is inside it, as the request files are.
            let path = path
                .strip_prefix(&cwd)
                .map_or(path.clone(), Path::to_path_buf);
            by_file.entry(path).or_default().push(finding);
        }
        by_file
            .into_iter()
            .map(|(path, mut findings)| {
                // Read again for the report's excerpt (the loader has checked its size); a file
                // changed since, whose ranges no longer fit, gets its findings at the start.
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for finding in &mut findings {
                    if finding.range.end as usize > text.len()
                        || !text.is_char_boundary(finding.range.start as usize)
                        || !text.is_char_boundary(finding.range.end as usize)
                    {
                        finding.range = TextRange::empty(0);
                    }
                }
                findings.sort_by_key(|d| (d.range.start, d.range.end));
                CheckedFile::new(path, true, text, findings)
            })
            .collect()
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
