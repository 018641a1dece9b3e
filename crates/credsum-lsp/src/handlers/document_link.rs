//! `textDocument/documentLink`: request URLs and `@odata.type` values link to the resource's
//! Graph docs page (with a tooltip when the client shows them).

use tower_lsp_server::ls_types::{DocumentLink, Uri};

use super::Context;
use crate::document::Snapshot;

/// `textDocument/documentLink`.
pub fn handle(snapshot: &Snapshot, cx: Context<'_>) -> Vec<DocumentLink> {
    let Some(kind) = cx.analysed_kind(snapshot) else {
        return Vec::new();
    };
    cx.analyzer
        .document_links(&snapshot.text, kind)
        .into_iter()
        .filter_map(|link| {
            Some(DocumentLink {
                range: snapshot.range(link.range, cx.encoding()),
                target: Some(link.target.parse::<Uri>().ok()?),
                tooltip: cx
                    .client
                    .link_tooltips
                    .then(|| format!("{} in the Microsoft Graph docs", link.resource)),
                data: None,
            })
        })
        .collect()
}
