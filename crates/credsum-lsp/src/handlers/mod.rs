//! The request handlers, one module per LSP method: each takes a [`Snapshot`] of a document and
//! a [`Context`], asks the analysis core, and converts its byte ranges to LSP positions through
//! [`crate::convert`]. They are synchronous; the server runs them off its lock and inside
//! `catch_unwind`, so a panic here becomes an error response.

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod diagnostic;
pub mod document_link;
pub mod folding_range;
pub mod formatting;
pub mod hover;
pub mod selection_range;
pub mod symbol;
pub mod variables;

use std::collections::HashMap;
use std::path::Path;

use credsum_analysis::{Analyzer, Diagnostic, Edit, FileKind, TextRange};
use credsum_syntax::line_index::PositionEncoding;
use tower_lsp_server::ls_types::{
    self as lsp, Documentation, MarkupContent, MarkupKind, Position, TextEdit, Uri, WorkspaceEdit,
};

use crate::capabilities::{ClientFeatures, DocFormat};
use crate::convert;
use crate::document::Snapshot;
use crate::settings::Settings;

/// What a handler needs besides the document.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The analyzer.
    pub analyzer: &'a Analyzer,
    /// What the client takes.
    pub client: &'a ClientFeatures,
    /// The settings in force.
    pub settings: &'a Settings,
    /// The workspace root.
    pub root: Option<&'a Path>,
    /// Where the server keeps the JSON Schemas of its own version (see
    /// [`crate::schema_cache`]), when it could write them.
    pub schema_cache: Option<&'a Path>,
}

impl Context<'_> {
    /// The negotiated position encoding.
    pub fn encoding(&self) -> PositionEncoding {
        self.client.encoding
    }

    /// The diagnostics of `snapshot`, computed now if nobody has yet; `None` when it is not a
    /// request file.
    pub fn diagnostics<'s>(&self, snapshot: &'s Snapshot) -> Option<&'s [Diagnostic]> {
        snapshot.analysis.get_or_compute(|| {
            let kind = snapshot.kind?;
            self.settings.diagnostics(
                self.analyzer,
                snapshot.path.as_deref(),
                kind,
                &snapshot.text,
            )
        })
    }

    /// The file kind of `snapshot` if it is a request file.
    pub fn analysed_kind(&self, snapshot: &Snapshot) -> Option<FileKind> {
        self.diagnostics(snapshot).and(snapshot.kind)
    }
}

impl Snapshot {
    /// The byte offset of an LSP position (clamped).
    pub fn offset(&self, position: Position, enc: PositionEncoding) -> u32 {
        convert::offset(&self.index, position, enc)
    }

    /// The LSP range of a byte range.
    pub fn range(&self, range: TextRange, enc: PositionEncoding) -> lsp::Range {
        convert::range(&self.index, range, enc)
    }

    /// LSP text edits of core edits.
    pub fn text_edits(&self, edits: &[Edit], enc: PositionEncoding) -> Vec<TextEdit> {
        edits
            .iter()
            .map(|e| TextEdit {
                range: self.range(e.range, enc),
                new_text: e.new_text.clone(),
            })
            .collect()
    }
}

/// Markdown written the way the client takes documentation: Markdown, plain-text markup, or a
/// plain string when it names no format.
pub fn documentation(markdown: String, format: DocFormat) -> Documentation {
    match format {
        DocFormat::Markdown => Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        DocFormat::PlainMarkup => Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::PlainText,
            value: credsum_analysis::hover::plain_text(&markdown),
        }),
        DocFormat::PlainString => {
            Documentation::String(credsum_analysis::hover::plain_text(&markdown))
        }
    }
}

/// A workspace edit changing one document.
pub fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}
