//! `textDocument/hover`: the property or request line under the cursor, in the format the client
//! names (a plain string when it names none). Diagnostics are not repeated: the editor shows them.

use tower_lsp_server::ls_types::{self as lsp, HoverContents, MarkedString, Position};

use super::{documentation, Context};
use crate::document::Snapshot;

/// `textDocument/hover`.
pub fn handle(snapshot: &Snapshot, position: Position, cx: Context<'_>) -> Option<lsp::Hover> {
    let kind = cx.analysed_kind(snapshot)?;
    let offset = snapshot.offset(position, cx.encoding());
    let found = cx.analyzer.hover(&snapshot.text, kind, offset)?;
    let contents = match documentation(found.markdown, cx.client.hover) {
        lsp::Documentation::MarkupContent(markup) => HoverContents::Markup(markup),
        lsp::Documentation::String(plain) => HoverContents::Scalar(MarkedString::String(plain)),
    };
    Some(lsp::Hover {
        contents,
        range: Some(snapshot.range(found.range, cx.encoding())),
    })
}
