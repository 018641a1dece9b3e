//! `--format gitlab`: a GitLab Code Quality report, the subset of the Code Climate format GitLab
//! reads: a JSON array with one object per finding, `{"description", "check_name",
//! "fingerprint", "severity", "location": {"path", "lines": {"begin", "end"}}}`, one object per
//! line. `location.path` is relative to the working folder (the repository root in a GitLab
//! job), without `./`. The fingerprint is stable across runs and unique per finding: a hash of
//! the path, the rule, the message and how many identical findings came before in the file,
//! but not of the line, so a finding keeps its fingerprint when lines above it move.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use credsum_analysis::{Diagnostic, Severity};
use credsum_syntax::line_index::PositionEncoding;
use serde::Serialize;

use super::report::{code, one_based, relative_display, Report};
use super::CheckedFile;

/// GitLab's word for a severity (`info`, `minor`, `major`, `critical`, `blocker`): errors make
/// Graph reject the request, as a major issue; warnings are minor.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Information | Severity::Hint => "info",
    }
}

/// One finding of the report.
#[derive(Serialize)]
struct Issue<'a> {
    /// The message.
    description: &'a str,
    /// The rule code.
    check_name: &'a str,
    /// Stable across runs, unique per finding.
    fingerprint: String,
    /// GitLab's severity word.
    severity: &'static str,
    /// Where the finding is.
    location: Location<'a>,
}

/// The file and lines of a finding.
#[derive(Serialize)]
struct Location<'a> {
    /// Relative to the repository root.
    path: &'a str,
    /// 1-based first and last line.
    lines: Lines,
}

/// The lines of a finding.
#[derive(Serialize)]
struct Lines {
    /// 1-based first line.
    begin: u32,
    /// 1-based last line.
    end: u32,
}

/// The fingerprint of the `nth` finding (from 0) of `path` with the rule and message of
/// `diagnostic`: FNV-1a, a fixed algorithm, so the same finding keeps it across runs and
/// releases; 16 hexadecimal digits.
fn fingerprint(path: &str, diagnostic: &Diagnostic, nth: usize) -> String {
    let mut hasher = fnv::FnvHasher::default();
    for part in [path, code(diagnostic), diagnostic.message.as_str()] {
        hasher.write(part.as_bytes());
        hasher.write(&[0]);
    }
    hasher.write(&nth.to_le_bytes());
    format!("{:016x}", hasher.finish())
}

/// The GitLab Code Quality report.
pub struct Gitlab {
    /// The working folder, which paths are relative to.
    cwd: PathBuf,
}

impl Gitlab {
    /// The report for paths relative to the working folder `cwd`.
    pub fn new(cwd: &Path) -> Gitlab {
        Gitlab {
            cwd: cwd.to_path_buf(),
        }
    }
}

impl Report for Gitlab {
    fn separators(&self) -> [&'static [u8]; 2] {
        [b"\n", b",\n"]
    }

    fn head(&self, out: &mut dyn Write, _files: &[Box<CheckedFile>]) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn file(&self, out: &mut dyn Write, file: &CheckedFile) -> io::Result<()> {
        let path = relative_display(file, &self.cwd);
        // How many findings with each rule and message came before.
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, diagnostic) in file.diagnostics().iter().enumerate() {
            if i > 0 {
                out.write_all(b",\n")?;
            }
            let count = seen
                .entry((code(diagnostic), diagnostic.message.as_str()))
                .or_default();
            let same_before = *count;
            *count += 1;
            let issue = Issue {
                description: &diagnostic.message,
                check_name: code(diagnostic),
                fingerprint: fingerprint(&path, diagnostic, same_before),
                severity: severity(diagnostic.severity),
                location: Location {
                    path: &path,
                    lines: Lines {
                        begin: one_based(file, diagnostic.range.start, PositionEncoding::Utf8).line,
                        end: one_based(file, diagnostic.range.end, PositionEncoding::Utf8).line,
                    },
                },
            };
            serde_json::to_writer(&mut *out, &issue)?;
        }
        Ok(())
    }

    fn tail(&self, out: &mut dyn Write, _files: &[Box<CheckedFile>], any: bool) -> io::Result<()> {
        out.write_all(if any { b"\n]\n" } else { b"]\n" })
    }
}
