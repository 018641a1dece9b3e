//! Reading a file on disk for checking: within the size limit, decoded as UTF-8, with size,
//! encoding and binary problems turned into one `file-too-large` or `unreadable-file`
//! diagnostic; a walked file that is oversized or not text is judged by its start, so only a
//! request file is reported. Shared by `credsum lint` and the language server's workspace
//! diagnostics.

use std::borrow::Cow;
use std::fs::File;
use std::io::ErrorKind;
use std::path::PathBuf;

use credsum_analysis::rules::Code;
use credsum_analysis::{diagnostic, Analyzer, Config, Diagnostic, FileKind, TextRange};
use credsum_syntax::line_index::{LineCol, LineIndex, PositionEncoding};

use crate::association::Origin;
use crate::read::{self, Contents};

/// What reading a file gave.
pub enum Loaded<'b> {
    /// The text, to analyse (borrowed from the reading thread's buffer when it fit there).
    Text(Cow<'b, str>),
    /// A problem with the whole file, reported as one diagnostic at its start.
    Problem(FileProblem),
    /// Not a request file after all, or gone since the walk found it.
    Skipped,
}

/// A problem with a whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    /// The rule: `file-too-large` or `unreadable-file`.
    pub code: Code,
    /// What is wrong.
    pub message: String,
}

impl FileProblem {
    /// The `unreadable-file` problem for `reason`.
    pub fn unreadable(reason: &str) -> FileProblem {
        FileProblem {
            code: Code::UnreadableFile,
            message: format!("Cannot read the file: {reason}"),
        }
    }

    /// The problem as diagnostics (none when its rule is off), configured as the core
    /// configures every finding ([`Config::apply`]).
    pub fn diagnostics(self, config: &Config) -> Vec<Diagnostic> {
        let mut found = vec![diagnostic(
            self.code,
            TextRange::empty(0),
            self.message,
            None,
        )];
        config.apply(&mut found);
        found
    }
}

/// Reads the file at `path` (at most `limit` bytes are analysed) and hands the path back to `f`
/// with what it gave (the path moves on into the caller's result without a copy).
/// A file of `origin` [`Origin::Walked`] that is oversized or not text is [`Loaded::Skipped`]
/// unless its start looks like a request file; one that vanished since the walk is skipped too.
pub fn load<R>(
    path: PathBuf,
    origin: Origin,
    kind: FileKind,
    limit: u64,
    analyzer: &Analyzer,
    f: impl FnOnce(PathBuf, Loaded<'_>) -> R,
) -> R {
    let must_sniff = origin.must_sniff();
    let looks_like_request = |bytes: &[u8]| looks_like_request(analyzer, bytes, kind, origin);
    // One open for the size check and the read: a second lookup of the path costs as much as
    // reading a small file, and a small file needs no size check at all.
    let mut file = match File::open(&path) {
        Ok(file) => file,
        // Deleted between the walk and now: it is no longer part of the tree. A file the user
        // named is reported instead.
        Err(error) if error.kind() == ErrorKind::NotFound && origin != Origin::Named => {
            return f(path, Loaded::Skipped)
        }
        Err(error) => {
            return f(
                path,
                Loaded::Problem(FileProblem::unreadable(&error.to_string())),
            )
        }
    };
    read::with_contents(&mut file, limit, |contents| {
        let bytes = match contents {
            Ok(Contents::Whole(bytes)) => bytes,
            Ok(Contents::TooLarge { size, head }) => {
                if must_sniff && !looks_like_request(head) {
                    return f(path, Loaded::Skipped);
                }
                let message = match size {
                    Some(size) => format!("Not analysed: the file is {size} bytes, larger than max-file-size ({limit} bytes)"),
                    None => format!("Not analysed: the file holds more than max-file-size ({limit} bytes)"),
                };
                return f(
                    path,
                    Loaded::Problem(FileProblem {
                        code: Code::FileTooLarge,
                        message,
                    }),
                );
            }
            Err(error) => {
                return f(
                    path,
                    Loaded::Problem(FileProblem::unreadable(&error.to_string())),
                )
            }
        };
        match decode(bytes) {
            Ok(text) => f(path, Loaded::Text(text)),
            // A walked file that is not text is reported only if it is a request file (a body
            // saved as Latin-1 or UTF-16); any other binary `.json` is not ours.
            Err((reason, bytes)) => {
                if must_sniff && !looks_like_request(&bytes) {
                    return f(path, Loaded::Skipped);
                }
                f(path, Loaded::Problem(FileProblem::unreadable(&reason)))
            }
        }
    })
}

/// Whether `bytes`, which need not be UTF-8, look like a request file of `kind` for a file of
/// `origin`: UTF-16 with a byte order mark is decoded, any other invalid byte becomes U+FFFD.
fn looks_like_request(analyzer: &Analyzer, bytes: &[u8], kind: FileKind, origin: Origin) -> bool {
    let text = match utf16_order(bytes) {
        Some(order) => decode_utf16_lossy(&bytes[2..], order),
        None => String::from_utf8_lossy(bytes).into_owned(),
    };
    origin.is_request(analyzer, &text, kind)
}

/// The text of `bytes` (an owned buffer becomes the text without a copy), or why it is not
/// UTF-8 text, with the bytes back for sniffing.
pub fn decode(bytes: Cow<'_, [u8]>) -> Result<Cow<'_, str>, (String, Cow<'_, [u8]>)> {
    if let Some(order) = utf16_order(&bytes) {
        let reason = format!(
            "not UTF-8 text: it is UTF-16 {order} (it starts with the byte order mark {:02X} {:02X}); save it as UTF-8",
            bytes[0], bytes[1]
        );
        return Err((reason, bytes));
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        // A NUL is valid UTF-8: name it as what it is, and say "not UTF-8" only when it is not.
        let what = if std::str::from_utf8(&bytes).is_ok() {
            "UTF-8 text with a NUL byte"
        } else {
            "not UTF-8 text: it holds a NUL byte"
        };
        let reason = format!(
            "{what} at {}: JSON and HTTP text never hold one, so it looks binary",
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
        assert_eq!(
            binary,
            "UTF-8 text with a NUL byte at line 2, column 3: JSON and HTTP text never hold one, so it looks binary"
        );
        let both = reason(b"\xe9\n\0");
        assert!(
            both.starts_with("not UTF-8 text: it holds a NUL byte at line 2, column 1"),
            "{both}"
        );
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
