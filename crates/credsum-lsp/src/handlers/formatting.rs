//! `textDocument/formatting`: pretty-print a `.json` body, keeping key order.

use credsum_analysis::FormatOptions;
use tower_lsp_server::ls_types::{FormattingOptions, TextEdit};

use super::Context;
use crate::document::Snapshot;

/// `textDocument/formatting`.
pub fn handle(snapshot: &Snapshot, options: &FormattingOptions, cx: Context<'_>) -> Vec<TextEdit> {
    let Some(kind) = cx.analysed_kind(snapshot) else {
        return Vec::new();
    };
    let options = FormatOptions {
        tab_size: options.tab_size,
        insert_spaces: options.insert_spaces,
    };
    let edits = cx.analyzer.format(&snapshot.text, kind, options);
    snapshot.text_edits(&edits, cx.encoding())
}
