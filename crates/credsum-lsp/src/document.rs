//! The document store: each open document's text as a [`Rope`], its version, its file kind, a
//! [`LineIndex`] for that version, and the analysis of that version ([`Analysis`]).
//!
//! Edits are applied synchronously and in order (the caller holds a `std::sync::Mutex`, with no
//! `.await` between reading a document and storing its new text). The positions of each change
//! event are resolved on the rope itself, so a `didChange` with many events rebuilds the flat
//! text and its line index once, not once per event. Analysis is not part of an edit: each
//! version gets an empty [`Analysis`] cell that the first reader fills, off the lock.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use credsum_analysis::{Diagnostic, FileKind};
use credsum_syntax::line_index::{LineIndex, PositionEncoding};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent, Uri};

/// Source of `resultId`s: every analysis cell gets a new one, so an unchanged id means unchanged
/// diagnostics (the version alone can't say that: settings changes re-analyse too).
static NEXT_RESULT_ID: AtomicU64 = AtomicU64::new(1);

/// The analysis of one version of a document under one configuration, computed at most once
/// by whoever needs it first (the change notification, or a request that comes before it).
#[derive(Debug)]
pub struct Analysis {
    /// Identifies this analysis for pull requests (`resultId`).
    pub result_id: u64,
    /// The diagnostics; inner `None` when the document is not a request file.
    found: OnceLock<Option<Vec<Diagnostic>>>,
}

impl Analysis {
    /// An analysis not computed yet.
    pub fn pending() -> Arc<Analysis> {
        Arc::new(Analysis {
            result_id: NEXT_RESULT_ID.fetch_add(1, Ordering::Relaxed),
            found: OnceLock::new(),
        })
    }

    /// The diagnostics, computing them with `analyse` if nobody has yet (concurrent callers
    /// wait for the one computing).
    pub fn get_or_compute(
        &self,
        analyse: impl FnOnce() -> Option<Vec<Diagnostic>>,
    ) -> Option<&[Diagnostic]> {
        self.found.get_or_init(analyse).as_deref()
    }

    /// Whether the diagnostics are computed.
    pub fn is_done(&self) -> bool {
        self.found.get().is_some()
    }
}

/// One open document.
#[derive(Debug)]
pub struct Document {
    /// The text being edited.
    rope: Rope,
    /// The same text as one string, for analysis (rebuilt once per `didChange`).
    text: Arc<str>,
    /// Positions of `text`.
    index: Arc<LineIndex>,
    /// The version the client gave the text.
    pub version: i32,
    /// How bodies are found in it; `None` for files credsum does not know.
    pub kind: Option<FileKind>,
    /// The file's path, for the `include`/`exclude` globs.
    pub path: Option<PathBuf>,
    /// The analysis of this version under the settings in force.
    pub analysis: Arc<Analysis>,
}

/// A read-only view of a document at one version, for request handlers.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The text.
    pub text: Arc<str>,
    /// Its positions.
    pub index: Arc<LineIndex>,
    /// Its version.
    pub version: i32,
    /// Its kind.
    pub kind: Option<FileKind>,
    /// Its path.
    pub path: Option<PathBuf>,
    /// Its analysis (maybe not computed yet; see [`crate::server`]).
    pub analysis: Arc<Analysis>,
}

/// The kind of a document from its URI's extension, else from the client's language id.
pub fn kind_of(uri: &Uri, language_id: &str) -> Option<FileKind> {
    let by_path = uri
        .path()
        .as_str()
        .rsplit('/')
        .next()
        .and_then(|name| FileKind::from_path(std::path::Path::new(name)));
    by_path.or(match language_id {
        "json" | "jsonc" => Some(FileKind::Json),
        "http" | "rest" => Some(FileKind::Http),
        "markdown" => Some(FileKind::Markdown),
        _ => None,
    })
}

/// The code units `c` takes in `enc`.
fn units(c: char, enc: PositionEncoding) -> u64 {
    match enc {
        PositionEncoding::Utf8 => c.len_utf8() as u64,
        PositionEncoding::Utf16 => c.len_utf16() as u64,
        PositionEncoding::Utf32 => 1,
    }
}

/// The byte offset of an LSP position in `rope`, with the clamping of [`LineIndex::offset`]:
/// a line past the last gives the text's length, a column past the line's content its end
/// (before the line break), a column inside a multi-unit character that character's start.
/// Lines end at `\n`, `\r\n` or a lone `\r` (ropey's `cr_lines`, without `unicode_lines`).
fn rope_offset(rope: &Rope, position: Position, enc: PositionEncoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let mut at = rope.line_to_byte(line);
    let mut seen = 0u64;
    let col = u64::from(position.character);
    for c in rope.line(line).chars() {
        let width = units(c, enc);
        if c == '\n' || c == '\r' || col < seen + width {
            break;
        }
        seen += width;
        at += c.len_utf8();
    }
    at
}

impl Document {
    /// A document opened with `text` at `version`.
    pub fn new(uri: &Uri, language_id: &str, text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            text: Arc::from(text),
            index: Arc::new(LineIndex::new(text)),
            version,
            kind: kind_of(uri, language_id),
            path: uri.to_file_path().map(|p| p.into_owned()),
            analysis: Analysis::pending(),
        }
    }

    /// The current text.
    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// The line index of the current text.
    pub fn index(&self) -> &Arc<LineIndex> {
        &self.index
    }

    /// Applies the changes of one `didChange` in order and moves to `version`, with a new
    /// pending analysis. Positions are in `enc` and clamped to the text.
    pub fn apply_changes(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        version: i32,
        enc: PositionEncoding,
    ) {
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = rope_offset(&self.rope, range.start, enc);
                    let end = rope_offset(&self.rope, range.end, enc).max(start);
                    let start = self.rope.byte_to_char(start);
                    let end = self.rope.byte_to_char(end);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
        }
        if !changes.is_empty() {
            let text = self.rope.to_string();
            self.index = Arc::new(LineIndex::new(&text));
            self.text = Arc::from(text);
        }
        self.version = version;
        self.analysis = Analysis::pending();
    }

    /// A view of the current version.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            text: Arc::clone(&self.text),
            index: Arc::clone(&self.index),
            version: self.version,
            kind: self.kind,
            path: self.path.clone(),
            analysis: Arc::clone(&self.analysis),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use credsum_syntax::line_index::LineCol;

    #[test]
    fn rope_positions_agree_with_the_line_index() {
        let texts = [
            "",
            "{\"a\": \"😀 コ é\"}\r\n\r\n{}\rx\n",
            "a\n\nb\r\n",
            "😀\r😀\n",
        ];
        for text in texts {
            let rope = Rope::from_str(text);
            let index = LineIndex::new(text);
            for enc in [
                PositionEncoding::Utf8,
                PositionEncoding::Utf16,
                PositionEncoding::Utf32,
            ] {
                for line in 0..6 {
                    for col in 0..24 {
                        let want = index.offset(LineCol { line, col }, enc) as usize;
                        let got = rope_offset(&rope, Position::new(line, col), enc);
                        assert_eq!(got, want, "{text:?} {enc:?} {line}:{col}");
                    }
                }
            }
        }
    }
}
