//! The document store: each open document's text as a [`Rope`], its version, its file kind, a
//! [`LineIndex`] for that version, and the diagnostics last computed on it. Edits are applied
//! synchronously and in order (the caller holds a `std::sync::Mutex`, with no `.await` between
//! reading a document and storing its new text).

use std::path::PathBuf;
use std::sync::Arc;

use credsum_analysis::{Diagnostic, FileKind};
use credsum_syntax::line_index::{LineIndex, PositionEncoding};
use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::convert;

/// One open document.
#[derive(Debug)]
pub struct Document {
    /// The text being edited.
    rope: Rope,
    /// The same text as one string, for analysis (rebuilt after each change).
    text: Arc<str>,
    /// Positions of `text`.
    index: Arc<LineIndex>,
    /// The version the client gave the text.
    pub version: i32,
    /// How bodies are found in it; `None` for files credsum does not know.
    pub kind: Option<FileKind>,
    /// The file's path, for the `include`/`exclude` globs.
    pub path: Option<PathBuf>,
    /// Diagnostics of this version (empty when the document is not analysed).
    pub diagnostics: Arc<Vec<Diagnostic>>,
    /// Whether the document is a request file credsum analyses.
    pub analysed: bool,
    /// Identifies this set of diagnostics for pull requests (`resultId`): new on every analysis.
    pub result_id: u64,
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
    /// Its diagnostics.
    pub diagnostics: Arc<Vec<Diagnostic>>,
    /// Whether it is analysed.
    pub analysed: bool,
    /// Its path.
    pub path: Option<PathBuf>,
    /// The `resultId` of its diagnostics.
    pub result_id: u64,
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

impl Document {
    /// A document opened with `text` at `version`.
    pub fn new(uri: &Uri, language_id: &str, text: &str, version: i32) -> Document {
        let rope = Rope::from_str(text);
        Document {
            rope,
            text: Arc::from(text),
            index: Arc::new(LineIndex::new(text)),
            version,
            kind: kind_of(uri, language_id),
            path: uri.to_file_path().map(|p| p.into_owned()),
            diagnostics: Arc::new(Vec::new()),
            result_id: 0,
            analysed: false,
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

    /// Applies the changes of one `didChange` in order and moves to `version`. Positions are in
    /// `enc` and clamped to the text.
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
                    let start = convert::offset(&self.index, range.start, enc) as usize;
                    let end = (convert::offset(&self.index, range.end, enc) as usize).max(start);
                    let start = self.rope.byte_to_char(start.min(self.rope.len_bytes()));
                    let end = self.rope.byte_to_char(end.min(self.rope.len_bytes()));
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
            self.refresh();
        }
        self.version = version;
    }

    /// Rebuilds the string and line index from the rope.
    fn refresh(&mut self) {
        let text = self.rope.to_string();
        self.index = Arc::new(LineIndex::new(&text));
        self.text = Arc::from(text);
    }

    /// A view of the current version.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            text: Arc::clone(&self.text),
            index: Arc::clone(&self.index),
            version: self.version,
            kind: self.kind,
            diagnostics: Arc::clone(&self.diagnostics),
            analysed: self.analysed,
            path: self.path.clone(),
            result_id: self.result_id,
        }
    }
}
