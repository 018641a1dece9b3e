//! `textDocument/selectionRange`: token, member, object, …, body, request, whole text.

use credsum_analysis::{FileKind, TextRange};
use tower_lsp_server::ls_types::{self as lsp, Position, SelectionRange};

use super::Context;
use crate::document::Snapshot;

/// `textDocument/selectionRange`: one chain per position, innermost first.
pub fn handle(snapshot: &Snapshot, positions: &[Position], cx: Context<'_>) -> Vec<SelectionRange> {
    let analysed = cx.diagnostics(snapshot).is_some();
    let kind = snapshot.kind.unwrap_or(FileKind::Json);
    positions
        .iter()
        .map(|&position| {
            let offset = snapshot.offset(position, cx.encoding());
            let ranges = if analysed {
                cx.analyzer.selection_ranges(&snapshot.text, kind, offset)
            } else {
                vec![TextRange::empty(offset)]
            };
            let mut chain: Option<SelectionRange> = None;
            for range in ranges.iter().rev() {
                chain = Some(SelectionRange {
                    range: snapshot.range(*range, cx.encoding()),
                    parent: chain.map(Box::new),
                });
            }
            chain.unwrap_or(SelectionRange {
                range: lsp::Range::new(position, position),
                parent: None,
            })
        })
        .collect()
}
