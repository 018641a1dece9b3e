//! The parts of `credsum lint`: finding files, checking them in parallel, fixing them, and
//! reporting what was found in each output format. [`crate::lint_cmd`] wires them together.

pub mod check;
pub mod fix_files;
pub mod paths;
pub mod progress;
pub mod report;
pub mod report_azure;
pub mod report_github;
pub mod report_gitlab;
pub mod report_human;
pub mod report_json;
pub mod report_junit;
pub mod report_sarif;
pub mod shard;
pub mod summary;

use std::path::PathBuf;
use std::sync::OnceLock;

use credsum_analysis::{merge_sent_findings, Diagnostic};
use credsum_syntax::line_index::LineIndex;
use summary::Tally;

/// A file with more findings than this is not rendered ahead but written in place, so a huge
/// report never sits in memory whole.
pub const RENDER_AHEAD_MAX: usize = 256;

/// What `--fix` did to a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FixOutcome {
    /// No fix was applied (none asked for, none available, or nothing changed).
    #[default]
    Unchanged,
    /// The fixed text was written back (or, for standard input, is the file's `text`).
    Fixed,
    /// `--dry-run`: the unified diff the fixes would make; nothing was written.
    WouldFix(String),
    /// The fixed text could not be written.
    WriteFailed(String),
}

/// One checked file and what was found in it.
#[derive(Debug)]
pub struct CheckedFile {
    /// The path as given or found (relative to the working folder when walked from it).
    pub path: PathBuf,
    /// `path` as shown in reports, `/`-separated.
    pub display: String,
    /// Whether the text could be read; unreadable and too-large files have no code frames.
    pub readable: bool,
    /// The text the diagnostics point into (after `--fix`); empty for a clean file on disk.
    text: String,
    /// Line index of `text`, built only when a diagnostic needs positions: see [`Self::index`].
    index: Option<Box<LineIndex>>,
    /// The findings, sorted by position.
    diagnostics: Vec<Diagnostic>,
    /// The findings counted, which outlive them: see [`Self::keep_rendered`].
    pub tally: Tally,
    /// What `--fix` did.
    pub fix: FixOutcome,
    /// The file's part of the report in the chosen format, rendered ahead on the thread that
    /// checked it ([`report::Ahead`]).
    ahead: Option<Box<[u8]>>,
    /// Files this request file has lint report on, listed as files of their own: the body
    /// files its requests send (`< ./body.json`), checked as those bodies, and the environment
    /// files it reads that hold problems.
    pub related: Vec<CheckedFile>,
}

impl CheckedFile {
    /// A file with `diagnostics` pointing into `text`.
    pub fn new(path: PathBuf, readable: bool, text: String, diagnostics: Vec<Diagnostic>) -> Self {
        // Only diagnostics need positions: a clean file skips the index.
        let index = (!diagnostics.is_empty()).then(|| Box::new(LineIndex::new(&text)));
        CheckedFile {
            display: paths::display(&path),
            path,
            readable,
            text,
            index,
            tally: Tally::of(&diagnostics),
            diagnostics,
            fix: FixOutcome::Unchanged,
            ahead: None,
            related: Vec::new(),
        }
    }

    /// The text the diagnostics point into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The findings, sorted by position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The file's part of the report, if rendered ahead.
    pub fn ahead(&self) -> Option<&[u8]> {
        self.ahead.as_deref()
    }

    /// Adds the findings of `other`, the same body file checked for other requests, each
    /// finding once ([`merge_sent_findings`]).
    pub fn merge_sent(&mut self, other: &CheckedFile) {
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        merge_sent_findings(&mut diagnostics, other.diagnostics.iter().cloned());
        let path = std::mem::take(&mut self.path);
        let text = std::mem::take(&mut self.text);
        *self = CheckedFile::new(path, self.readable, text, diagnostics);
    }

    /// Keeps `rendered` as the file's part of the report and lets go of what only rendering
    /// needed: the text, its index and the diagnostics. Of 10,000 files kept until the
    /// report is written, that is most of the memory (the tally stays for the summary).
    pub fn keep_rendered(&mut self, rendered: Vec<u8>) {
        self.ahead = Some(rendered.into_boxed_slice());
        self.text = String::new();
        self.index = None;
        self.diagnostics = Vec::new();
    }

    /// The line index of `text` (that of an empty text for a file without diagnostics).
    pub fn index(&self) -> &LineIndex {
        static EMPTY: OnceLock<LineIndex> = OnceLock::new();
        self.index
            .as_deref()
            .unwrap_or_else(|| EMPTY.get_or_init(|| LineIndex::new("")))
    }
}
