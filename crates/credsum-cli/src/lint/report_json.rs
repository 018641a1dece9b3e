//! `--format json`: a JSON array with one object per checked file (one per line),
//! `{"path", "uri", "diagnostics": [LSP Diagnostic]}`, positions in UTF-16 as LSP clients
//! expect. The diagnostics are exactly what the language server publishes, written by the one
//! definition of that shape ([`credsum_analysis::lsp_json::DiagnosticJson`]) without building
//! LSP values.

use std::io::{self, Write};
use std::path::Path;

use credsum_analysis::lsp_json::DiagnosticJson;
use credsum_syntax::line_index::PositionEncoding;
use serde::{Serialize, Serializer};

use super::paths::{FileUri, FileUris};
use super::report::Report;
use super::CheckedFile;

/// The JSON object of one file. Its diagnostics are written one at a time, so a file with
/// 100,000 findings never holds them all as JSON values at once.
#[derive(Serialize)]
struct FileReport<'a> {
    /// The path as shown everywhere else.
    path: &'a str,
    /// The absolute `file://` URI.
    #[serde(serialize_with = "serialize_display")]
    uri: FileUri<'a>,
    /// LSP diagnostics with UTF-16 positions.
    diagnostics: Diagnostics<'a>,
}

/// The diagnostics of one file, serialized as LSP diagnostics with UTF-16 positions.
struct Diagnostics<'a>(&'a CheckedFile);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let file = self.0;
        serializer.collect_seq(file.diagnostics().iter().map(|diagnostic| DiagnosticJson {
            index: file.index(),
            diagnostic,
            enc: PositionEncoding::Utf16,
        }))
    }
}

/// Writes `value` as a JSON string straight from its `Display`, without building it first.
fn serialize_display<S: Serializer>(
    value: &impl std::fmt::Display,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// The JSON report: every file, clean ones too, one object per line; compact, yet easy to
/// grep and diff.
pub struct Json {
    /// URIs of paths relative to the working folder.
    uris: FileUris,
}

impl Json {
    /// The report for paths relative to the working folder `cwd`.
    pub fn new(cwd: &Path) -> Json {
        Json {
            uris: FileUris::new(cwd),
        }
    }
}

impl Report for Json {
    fn shows(&self, _file: &CheckedFile) -> bool {
        true
    }

    fn separators(&self) -> [&'static [u8]; 2] {
        [b"\n", b",\n"]
    }

    fn head(&self, out: &mut dyn Write, _files: &[Box<CheckedFile>]) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn file(&self, out: &mut dyn Write, file: &CheckedFile) -> io::Result<()> {
        let report = FileReport {
            path: &file.display,
            uri: self.uris.of(&file.path, &file.display),
            diagnostics: Diagnostics(file),
        };
        serde_json::to_writer(out, &report).map_err(io::Error::other)
    }

    fn tail(&self, out: &mut dyn Write, _files: &[Box<CheckedFile>], _any: bool) -> io::Result<()> {
        out.write_all(b"\n]\n")
    }
}
