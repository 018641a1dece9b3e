//! `--format json`: a JSON array with one object per checked file (one per line),
//! `{"path", "uri", "diagnostics": [LSP Diagnostic]}`, positions in UTF-16 as LSP clients
//! expect. The diagnostics are exactly what the language server publishes
//! ([`credsum_lsp::convert::diagnostic`]), written without building them
//! ([`credsum_lsp::convert::DiagnosticJson`]). A file's object is rendered ahead, on the thread
//! that checked it ([`render_file`]), unless it has many findings.

use std::io::{self, IoSlice, Write};
use std::path::Path;

use credsum_lsp::convert;
use credsum_syntax::line_index::PositionEncoding;
use serde::{Serialize, Serializer};

use super::paths::{FileUri, FileUris};
use super::CheckedFile;

/// The JSON object of one file. Its diagnostics are written one at a time, so a file with
/// 100,000 findings never holds them all as LSP objects at once.
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
        serializer.collect_seq(file.diagnostics().iter().map(|diagnostic| {
            convert::DiagnosticJson {
                index: file.index(),
                diagnostic,
                enc: PositionEncoding::Utf16,
            }
        }))
    }
}

impl<'a> FileReport<'a> {
    /// The report of `file`, whose relative path is relative to the folder of `uris`.
    fn of(file: &'a CheckedFile, uris: &'a FileUris) -> FileReport<'a> {
        FileReport {
            path: &file.display,
            uri: uris.of(&file.path, &file.display),
            diagnostics: Diagnostics(file),
        }
    }
}

/// Writes `value` as a JSON string straight from its `Display`, without building it first.
fn serialize_display<S: Serializer>(
    value: &impl std::fmt::Display,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Writes the JSON object of `file`: ahead of the report, on the thread that checked it, or in
/// place by [`write`] for a file with many findings.
pub fn render_file(out: &mut dyn Write, file: &CheckedFile, uris: &FileUris) -> io::Result<()> {
    serde_json::to_writer(out, &FileReport::of(file, uris)).map_err(io::Error::other)
}

/// Writes the array with one file per line: compact, yet easy to grep and diff. A file's
/// object rendered ahead is copied; any other is streamed in place. Relative paths are
/// relative to `cwd`.
pub fn write(out: &mut dyn Write, files: &[Box<CheckedFile>], cwd: &Path) -> io::Result<()> {
    let uris = FileUris::new(cwd);
    out.write_all(b"[")?;
    // Objects rendered ahead go out as they are, many per system call, without being copied
    // into the output buffer first: 10,000 of them are otherwise a serial tail after the checks.
    let mut pending: Vec<IoSlice<'_>> = Vec::with_capacity(SLICES_PER_WRITE);
    for (i, file) in files.iter().enumerate() {
        let separator: &[u8] = if i == 0 { b"\n" } else { b",\n" };
        match file.ahead() {
            Some(json) => {
                if pending.len() + 2 > SLICES_PER_WRITE {
                    write_slices(out, &mut pending)?;
                }
                pending.push(IoSlice::new(separator));
                pending.push(IoSlice::new(json));
            }
            None => {
                write_slices(out, &mut pending)?;
                out.write_all(separator)?;
                render_file(out, file, &uris)?;
            }
        }
    }
    write_slices(out, &mut pending)?;
    out.write_all(b"\n]\n")
}

/// Slices gathered for one vectored write: within the 1,024 that Linux takes at once.
const SLICES_PER_WRITE: usize = 1024;

/// Writes all of `slices` with vectored writes and empties the list.
fn write_slices(out: &mut dyn Write, slices: &mut Vec<IoSlice<'_>>) -> io::Result<()> {
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    slices.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{self, IoSlice, Write};

    /// A writer that takes at most `step` bytes per call, as a pipe or a slow disk may.
    struct Trickle {
        step: usize,
        got: Vec<u8>,
        calls: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.calls += 1;
            let n = buf.len().min(self.step);
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn vectored_writes_survive_partial_writes() {
        let parts: Vec<String> = (0..50).map(|i| format!("{{\"n\":{i}}}")).collect();
        for step in [1, 3, 7, 1000] {
            let mut out = Trickle {
                step,
                got: Vec::new(),
                calls: 0,
            };
            let mut slices: Vec<IoSlice<'_>> =
                parts.iter().map(|p| IoSlice::new(p.as_bytes())).collect();
            super::write_slices(&mut out, &mut slices).unwrap();
            assert_eq!(
                String::from_utf8(out.got).unwrap(),
                parts.concat(),
                "step {step}"
            );
            assert!(slices.is_empty());
            assert!(out.calls >= parts.concat().len().div_ceil(step));
        }
    }
}
