//! `textDocument/foldingRange`: requests and the objects and arrays of bodies.

use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

use super::Context;
use crate::document::Snapshot;

/// `textDocument/foldingRange`: ranges spanning more than one line.
pub fn handle(snapshot: &Snapshot, cx: Context<'_>) -> Vec<FoldingRange> {
    let Some(kind) = cx.analysed_kind(snapshot) else {
        return Vec::new();
    };
    let line = |offset: u32| snapshot.index.line_col(offset, cx.encoding()).line;
    let mut out: Vec<FoldingRange> = cx
        .analyzer
        .folding_ranges(&snapshot.text, kind)
        .into_iter()
        .filter_map(|r| {
            let (start, end) = (line(r.start), line(r.end));
            (end > start).then(|| FoldingRange {
                start_line: start,
                end_line: end,
                kind: Some(FoldingRangeKind::Region),
                ..FoldingRange::default()
            })
        })
        .collect();
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}
