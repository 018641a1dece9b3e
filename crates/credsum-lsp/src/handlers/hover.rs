//! `textDocument/hover`: the property under the cursor and the diagnostics there, in the format
//! the client names (a plain string when it names none).

use tower_lsp_server::ls_types::{self as lsp, HoverContents, MarkedString, Position};

use super::{documentation, Context};
use crate::document::Snapshot;

/// `textDocument/hover`.
pub fn handle(snapshot: &Snapshot, position: Position, cx: Context<'_>) -> Option<lsp::Hover> {
    let kind = cx.analysed_kind(snapshot)?;
    let diagnostics = cx.diagnostics(snapshot).unwrap_or_default();
    let offset = snapshot.offset(position, cx.encoding());
    let found = credsum_analysis::hover::with_diagnostics(
        cx.analyzer.hover(&snapshot.text, kind, offset),
        diagnostics,
        offset,
    )?;
    let contents = match documentation(found.markdown, cx.client.hover) {
        lsp::Documentation::MarkupContent(markup) => HoverContents::Markup(markup),
        lsp::Documentation::String(plain) => HoverContents::Scalar(MarkedString::String(plain)),
    };
    Some(lsp::Hover {
        contents,
        range: Some(snapshot.range(found.range, cx.encoding())),
    })
}
