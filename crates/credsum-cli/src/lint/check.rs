//! Checking one file: reading it (with size, UTF-8 and binary checks that become
//! `file-too-large` / `unreadable-file` diagnostics), deciding whether a walked file is a
//! request file, analysing it, and applying `--fix`.

use std::borrow::Cow;
use std::fs::File;
use std::io::ErrorKind;
use std::path::PathBuf;
use std::sync::OnceLock;

use credsum_analysis::rules::Code;
use credsum_analysis::{Analyzer, Config, Diagnostic, FileKind, TextRange};
use credsum_syntax::line_index::{LineCol, LineIndex, PositionEncoding};

use super::fix_files::unified_diff;
use super::paths::display;
use super::read::{self, Contents};
use super::walk::{Candidate, Origin};
use super::{CheckedFile, FixOutcome};
use crate::atomic_write::write_atomic;
use credsum_analysis::fix::fix_until_stable;

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
        let must_sniff = origin == Origin::Walked;
        // One open for the size check and the read: a second lookup of the path costs as
        // much as reading a small file, and a small file needs no size check at all.
        let mut file = match File::open(&path) {
            Ok(file) => file,
            // Deleted between the walk and now: it is no longer part of the tree. A file the
            // user named is reported instead.
            Err(error) if error.kind() == ErrorKind::NotFound && origin != Origin::Named => {
                return None
            }
            Err(error) => return Some(self.unreadable(path, &error.to_string())),
        };
        let limit = self.config.max_file_size;
        read::with_contents(&mut file, limit, |contents| {
            let bytes = match contents {
                Ok(Contents::Whole(bytes)) => bytes,
                Ok(Contents::TooLarge { size, head }) => {
                    if must_sniff && !self.looks_like_request(head, kind) {
                        return None;
                    }
                    let message = match size {
                        Some(size) => format!("Not analysed: the file is {size} bytes, larger than max-file-size ({limit} bytes)"),
                        None => format!("Not analysed: the file holds more than max-file-size ({limit} bytes)"),
                    };
                    return Some(self.file_level(path, Code::FileTooLarge, message));
                }
                Err(error) => return Some(self.unreadable(path, &error.to_string())),
            };
            let text = match decode(bytes) {
                Ok(text) => text,
                // A walked file that is not text is reported only if it is a request file
                // (a body saved as Latin-1 or UTF-16); any other binary `.json` is not ours.
                Err((reason, bytes)) => {
                    if must_sniff && !self.looks_like_request(&bytes, kind) {
                        return None;
                    }
                    return Some(self.unreadable(path, &reason));
                }
            };
            let diagnostics = if must_sniff {
                self.analyzer()
                    .analyze_if_request(&text, kind, self.config)?
            } else {
                self.analyzer().analyze(&text, kind, self.config)
            };
            Some(self.check_text(path, text, kind, Source::Disk, diagnostics))
        })
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
            FixMode::Write | FixMode::DryRun => {
                fix_until_stable(self.analyzer(), kind, self.config, &text, &diagnostics)
            }
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
            CheckedFile::new(path, true, text.into_owned(), diagnostics)
        };
        file.fix = outcome;
        file
    }

    /// Whether `bytes`, which need not be UTF-8, look like a request file: UTF-16 with a byte
    /// order mark is decoded, any other invalid byte becomes U+FFFD.
    fn looks_like_request(&self, bytes: &[u8], kind: FileKind) -> bool {
        let text = match utf16_order(bytes) {
            Some(order) => decode_utf16_lossy(&bytes[2..], order),
            None => String::from_utf8_lossy(bytes).into_owned(),
        };
        self.analyzer().is_request_file(&text, kind)
    }

    /// The file with one `unreadable-file` diagnostic.
    fn unreadable(&self, path: PathBuf, reason: &str) -> CheckedFile {
        let message = format!("Cannot read the file: {reason}");
        self.file_level(path, Code::UnreadableFile, message)
    }

    /// The file with one diagnostic about the whole file, at its start, severity as configured.
    fn file_level(&self, path: PathBuf, code: Code, message: String) -> CheckedFile {
        let level = self
            .config
            .configured(code)
            .map_or(code.rule().default, |level| level.severity());
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
        CheckedFile::new(path, false, String::new(), diagnostics)
    }
}

/// The text of `bytes` (an owned buffer becomes the text without a copy), or why it is not
/// UTF-8 text, with the bytes back for sniffing.
fn decode(bytes: Cow<'_, [u8]>) -> Result<Cow<'_, str>, (String, Cow<'_, [u8]>)> {
    if let Some(order) = utf16_order(&bytes) {
        let reason = format!(
            "not UTF-8 text: it is UTF-16 {order} (it starts with the byte order mark {:02X} {:02X}); save it as UTF-8",
            bytes[0], bytes[1]
        );
        return Err((reason, bytes));
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        let reason = format!(
            "not UTF-8 text: it holds a NUL byte at {}, so it looks binary",
            position(&bytes, at)
        );
        return Err((reason, bytes));
    }
    let bad_byte = |bytes: &[u8], at: usize| {
        format!(
            "not UTF-8 text: byte 0x{:02X} at {} is not valid UTF-8 (Latin-1 or Windows-1252?); save it as UTF-8",
            bytes[at],
            position(bytes, at)
        )
    };
    match bytes {
        Cow::Borrowed(slice) => std::str::from_utf8(slice)
            .map(Cow::Borrowed)
            .map_err(|e| (bad_byte(slice, e.valid_up_to()), Cow::Borrowed(slice))),
        Cow::Owned(vec) => String::from_utf8(vec).map(Cow::Owned).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let vec = e.into_bytes();
            (bad_byte(&vec, at), Cow::Owned(vec))
        }),
    }
}

/// `line L, column C` of byte `at` (1-based; columns in characters), from the line index every
/// other position comes from.
fn position(bytes: &[u8], at: usize) -> String {
    // Bytes before `at` may be invalid too (before a NUL): each bad run counts as one U+FFFD.
    let before = String::from_utf8_lossy(&bytes[..at]);
    let end = u32::try_from(before.len()).unwrap_or(u32::MAX);
    let LineCol { line, col } = LineIndex::new(&before).line_col(end, PositionEncoding::Utf32);
    format!("line {}, column {}", line + 1, col + 1)
}

/// The byte order of text starting with a UTF-16 byte order mark (but not UTF-32's, which
/// starts with the same two bytes in little-endian).
fn utf16_order(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => None,
        [0xFF, 0xFE, ..] => Some("LE"),
        [0xFE, 0xFF, ..] => Some("BE"),
        _ => None,
    }
}

/// UTF-16 `bytes` (without the byte order mark) as text, invalid units as U+FFFD.
fn decode_utf16_lossy(bytes: &[u8], order: &str) -> String {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if order == "LE" {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_encoding_problem() {
        let reason = |bytes: &[u8]| decode(Cow::Borrowed(bytes)).unwrap_err().0;
        let latin1 = reason(b"{\n  \"a\": \"Caf\xe9\"\n}");
        assert_eq!(
            latin1,
            "not UTF-8 text: byte 0xE9 at line 2, column 12 is not valid UTF-8 (Latin-1 or Windows-1252?); save it as UTF-8"
        );
        let utf16 = reason(b"\xff\xfe{\0}\0");
        assert!(
            utf16.starts_with(
                "not UTF-8 text: it is UTF-16 LE (it starts with the byte order mark FF FE)"
            ),
            "{utf16}"
        );
        let binary = reason(b"ab\ncd\0");
        assert!(binary.contains("NUL byte at line 2, column 3"), "{binary}");
        assert_eq!(decode(Cow::Borrowed("ä\n".as_bytes())).unwrap(), "ä\n");
        let owned = decode(Cow::Owned(b"{}".to_vec())).unwrap();
        assert!(
            matches!(owned, Cow::Owned(_)),
            "an owned buffer becomes the text"
        );
        let latin1 = decode(Cow::Owned(b"Caf\xe9".to_vec())).unwrap_err();
        assert_eq!(
            &latin1.1[..],
            b"Caf\xe9",
            "the bytes come back for sniffing"
        );
    }

    #[test]
    fn utf16_is_decoded_for_sniffing() {
        let text: Vec<u8> = "{\"a\": 1}"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode_utf16_lossy(&text, "BE"), "{\"a\": 1}");
        assert_eq!(
            utf16_order(b"\xff\xfe\0\0"),
            None,
            "UTF-32 LE is not UTF-16"
        );
    }
}
