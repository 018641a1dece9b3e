//! Checking one file: reading it (with size, UTF-8 and binary checks that become
//! `file-too-large` / `unreadable-file` diagnostics), deciding whether a walked file is a
//! request file, analysing it, and applying `--fix`.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use credsum_analysis::{rules, Analyzer, Config, Diagnostic, FileKind, TextRange};

use super::fix_files::{fix_until_stable, unified_diff};
use super::paths::display;
use super::walk::{Candidate, Origin};
use super::{CheckedFile, FixOutcome};
use crate::atomic_write::write_atomic;

/// Bytes of an oversized walked file read to decide whether it is a request file.
const SNIFF_BYTES: u64 = 64 * 1024;

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
    /// The analyzer, shared by every thread.
    pub analyzer: &'a Analyzer,
    /// The configuration.
    pub config: &'a Config,
    /// What `--fix` does.
    pub fix: FixMode,
}

impl Checker<'_> {
    /// Checks a file on disk; `None` when a walked file turns out not to be a request file.
    pub fn check_file(&self, candidate: &Candidate) -> Option<CheckedFile> {
        let path = &candidate.path;
        let must_sniff = candidate.origin == Origin::Walked;
        // One open for the size check and the read: a second lookup of the path costs as
        // much as reading a small file.
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(error) => return Some(self.unreadable(path, &error.to_string())),
        };
        let size = match file.metadata() {
            Ok(meta) => meta.len(),
            Err(error) => return Some(self.unreadable(path, &error.to_string())),
        };
        if size > self.config.max_file_size {
            if must_sniff && !self.sniff(&mut file, candidate.kind) {
                return None;
            }
            let message = format!(
                "Not analysed: the file is {size} bytes, larger than max-file-size ({} bytes)",
                self.config.max_file_size
            );
            return Some(self.file_level(path, "file-too-large", message));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
        if let Err(error) = file.read_to_end(&mut bytes) {
            return Some(self.unreadable(path, &error.to_string()));
        }
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(reason) => return Some(self.unreadable(path, reason)),
        };
        let diagnostics = if must_sniff {
            self.analyzer
                .analyze_if_request(&text, candidate.kind, self.config)?
        } else {
            self.analyzer.analyze(&text, candidate.kind, self.config)
        };
        Some(
            self.check_text(
                path.clone(),
                text,
                candidate.kind,
                Source::Disk,
                diagnostics,
            )
            .without_clean_text(),
        )
    }

    /// Checks `bytes` read from standard input as a file named `path`.
    pub fn check_stdin(&self, path: PathBuf, bytes: Vec<u8>, kind: FileKind) -> CheckedFile {
        match decode(bytes) {
            Ok(text) => {
                let diagnostics = self.analyzer.analyze(&text, kind, self.config);
                self.check_text(path, text, kind, Source::Stdin, diagnostics)
            }
            Err(reason) => self.unreadable(&path, reason),
        }
    }

    /// Reports the `diagnostics` of `text` and applies `--fix`.
    fn check_text(
        &self,
        path: PathBuf,
        text: String,
        kind: FileKind,
        source: Source,
        diagnostics: Vec<Diagnostic>,
    ) -> CheckedFile {
        let fixed = match self.fix {
            FixMode::Off => None,
            FixMode::Write | FixMode::DryRun => {
                fix_until_stable(self.analyzer, kind, self.config, &text, &diagnostics)
            }
        };
        let Some((fixed, remaining)) = fixed else {
            return CheckedFile::new(path, true, text, diagnostics);
        };
        let outcome = match (self.fix, source) {
            (FixMode::DryRun, _) => {
                FixOutcome::WouldFix(unified_diff(&display(&path), &text, &fixed))
            }
            (_, Source::Stdin) => FixOutcome::Fixed,
            // Through a symbolic link to its target: replacing the link would cut it.
            (_, Source::Disk) => match write_atomic(
                &std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()),
                fixed.as_bytes(),
            ) {
                Ok(()) => FixOutcome::Fixed,
                Err(error) => FixOutcome::WriteFailed(error.to_string()),
            },
        };
        let mut file = if outcome == FixOutcome::Fixed {
            CheckedFile::new(path, true, fixed, remaining)
        } else {
            CheckedFile::new(path, true, text, diagnostics)
        };
        file.fix = outcome;
        file
    }

    /// Reads the start of an oversized file and asks whether it looks like a request file.
    fn sniff(&self, file: &mut File, kind: FileKind) -> bool {
        let mut head = Vec::new();
        if file.take(SNIFF_BYTES).read_to_end(&mut head).is_err() {
            return false;
        }
        let valid = match std::str::from_utf8(&head) {
            Ok(text) => text,
            Err(error) => std::str::from_utf8(&head[..error.valid_up_to()]).unwrap_or(""),
        };
        self.analyzer.is_request_file(valid, kind)
    }

    /// The file with one `unreadable-file` diagnostic.
    fn unreadable(&self, path: &Path, reason: &str) -> CheckedFile {
        let message = format!("Cannot read the file: {reason}");
        self.file_level(path, "unreadable-file", message)
    }

    /// The file with one diagnostic about the whole file, at its start, severity as configured.
    fn file_level(&self, path: &Path, code: &'static str, message: String) -> CheckedFile {
        let level = self.config.level(code).map_or_else(
            || rules::find(code).and_then(|rule| rule.default),
            |level| level.severity(),
        );
        let diagnostics = level
            .map(|severity| Diagnostic {
                code,
                severity,
                range: TextRange::empty(0),
                message: message.into(),
                fix: None,
            })
            .into_iter()
            .collect();
        CheckedFile::new(path.to_path_buf(), false, String::new(), diagnostics)
    }
}

/// The text of `bytes`, or why it is not UTF-8 text (binary files are those with NUL bytes).
fn decode(bytes: Vec<u8>) -> Result<String, &'static str> {
    if bytes.contains(&0) {
        return Err("not UTF-8 text (it holds NUL bytes, so it looks binary)");
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text")
}
