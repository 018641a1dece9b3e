//! `textDocument/hover`: the `.http` variable, property or request line under the cursor, in the format the client
//! names (a plain string when it names none). Diagnostics are not repeated: the editor shows them.

use credsum_analysis::{FileKind, Hover};
use tower_lsp_server::ls_types::{self as lsp, HoverContents, MarkedString, Position};

use super::{documentation, Context};
use crate::document::Snapshot;

/// `textDocument/hover`.
pub fn handle(snapshot: &Snapshot, position: Position, cx: Context<'_>) -> Option<lsp::Hover> {
    let offset = snapshot.offset(position, cx.encoding());
    let found = variable_hover(snapshot, offset, cx).or_else(|| {
        let kind = cx.analysed_kind(snapshot)?;
        cx.analyzer.hover(&snapshot.text, kind, offset)
    })?;
    let contents = match documentation(found.markdown, cx.client.hover) {
        lsp::Documentation::MarkupContent(markup) => HoverContents::Markup(markup),
        lsp::Documentation::String(plain) => HoverContents::Scalar(MarkedString::String(plain)),
    };
    Some(lsp::Hover {
        contents,
        range: Some(snapshot.range(found.range, cx.encoding())),
    })
}

/// The hover on a `{{variable}}` of an `.http` file (request file or not), with the values of
/// the file's environments.
fn variable_hover(snapshot: &Snapshot, offset: u32, cx: Context<'_>) -> Option<Hover> {
    let kind = snapshot.kind.filter(|k| *k == FileKind::Http)?;
    let envs = cx
        .settings
        .http_environments(snapshot.path.as_deref(), kind);
    cx.analyzer
        .variable_hover(&snapshot.text, kind, offset, &envs.environments)
}
