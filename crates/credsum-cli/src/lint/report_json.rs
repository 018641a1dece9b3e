//! `--format json`: a JSON array with one object per checked file (one per line),
//! `{"path", "uri", "diagnostics": [LSP Diagnostic]}`, positions in UTF-16 as LSP clients
//! expect. The diagnostics are exactly what the language server publishes
//! ([`credsum_lsp::convert::diagnostic`]).

use std::io::{self, Write};
use std::path::Path;

use credsum_lsp::convert;
use credsum_syntax::line_index::PositionEncoding;
use serde::{Serialize, Serializer};

use super::paths::file_uri;
use super::{par, CheckedFile};

/// The JSON object of one file. Its diagnostics are converted one at a time as they are
/// written, so a file with 100,000 findings never holds them all as LSP objects at once.
#[derive(Serialize)]
struct FileReport<'a> {
    /// The path as shown everywhere else.
    path: &'a str,
    /// The absolute `file://` URI.
    uri: String,
    /// LSP diagnostics with UTF-16 positions.
    diagnostics: Diagnostics<'a>,
}

/// The diagnostics of one file, serialized as LSP diagnostics with UTF-16 positions.
struct Diagnostics<'a>(&'a CheckedFile);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let file = self.0;
        serializer.collect_seq(
            file.diagnostics
                .iter()
                .map(|d| convert::diagnostic(&file.index, d, PositionEncoding::Utf16)),
        )
    }
}

impl<'a> FileReport<'a> {
    /// The report of `file`, whose relative path is relative to `cwd`.
    fn of(file: &'a CheckedFile, cwd: &Path) -> FileReport<'a> {
        FileReport {
            path: &file.display,
            uri: file_uri(&cwd.join(&file.path)),
            diagnostics: Diagnostics(file),
        }
    }
}

/// Files rendered together on every core before being written in order.
const BATCH: usize = 1024;

/// A file with more findings than this is not rendered ahead but streamed to the output, so a
/// huge report never sits in memory whole.
const RENDER_AHEAD_MAX: usize = 256;

/// Writes the array with one file per line: compact, yet easy to grep and diff. Files are
/// rendered in parallel a batch at a time (the report of 10,000 files is otherwise a serial
/// tail after the parallel checks), files with many findings streamed in place.
pub fn write(out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
    let cwd = std::env::current_dir()?;
    out.write_all(b"[")?;
    let mut first = true;
    for batch in files.chunks(BATCH) {
        let rendered = par::map(batch, |file| {
            (file.diagnostics.len() <= RENDER_AHEAD_MAX)
                .then(|| serde_json::to_vec(&FileReport::of(file, &cwd)))
        });
        for (file, ahead) in batch.iter().zip(rendered) {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            match ahead {
                Some(json) => out.write_all(&json.map_err(io::Error::other)?)?,
                None => serde_json::to_writer(&mut *out, &FileReport::of(file, &cwd))
                    .map_err(io::Error::other)?,
            }
        }
    }
    out.write_all(b"\n]\n")
}
