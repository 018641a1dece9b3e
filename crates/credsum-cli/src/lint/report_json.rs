//! `--format json`: a JSON array with one object per checked file (one per line),
//! `{"path", "uri", "diagnostics": [LSP Diagnostic]}`, positions in UTF-16 as LSP clients
//! expect. The diagnostics are exactly what the language server publishes
//! ([`credsum_lsp::convert::diagnostic`]).

use std::io::{self, Write};

use credsum_lsp::convert::{
    self,
    ls_types::{Diagnostic, Uri},
};
use credsum_syntax::line_index::PositionEncoding;
use serde::Serialize;

use super::CheckedFile;

/// The JSON object of one file.
#[derive(Serialize)]
struct FileReport<'a> {
    /// The path as shown everywhere else.
    path: &'a str,
    /// The absolute `file://` URI (`null` if the path cannot be made absolute).
    uri: Option<Uri>,
    /// LSP diagnostics with UTF-16 positions.
    diagnostics: Vec<Diagnostic>,
}

impl<'a> FileReport<'a> {
    /// The report of `file`.
    fn of(file: &'a CheckedFile) -> FileReport<'a> {
        let uri = std::path::absolute(&file.path)
            .ok()
            .and_then(Uri::from_file_path);
        let diagnostics = file
            .diagnostics
            .iter()
            .map(|d| convert::diagnostic(&file.index, d, PositionEncoding::Utf16))
            .collect();
        FileReport {
            path: &file.display,
            uri,
            diagnostics,
        }
    }
}

/// Writes the array with one file per line: compact, yet easy to grep and diff.
pub fn write(out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, file) in files.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &FileReport::of(file)).map_err(io::Error::other)?;
    }
    out.write_all(b"\n]\n")
}
