//! `textDocument/documentLink`: request URLs and `@odata.type` values link to the resource's
//! Graph docs page (with a tooltip when the client shows them); the path of a `< ./body.json`
//! line links to the file, resolved against the document's folder.

use credsum_analysis::LinkTarget;
use credsum_workspace::body_files;
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
            let (target, tooltip) = match link.target {
                LinkTarget::Docs { page, resource } => (
                    page.parse::<Uri>().ok()?,
                    format!("{resource} in the Microsoft Graph docs"),
                ),
                LinkTarget::BodyFile(path) => {
                    let file = body_files::resolve(snapshot.path.as_deref()?, &path);
                    let tooltip = format!("The body this request sends: {}", file.display());
                    (Uri::from_file_path(&file)?, tooltip)
                }
            };
            Some(DocumentLink {
                range: snapshot.range(link.range, cx.encoding()),
                target: Some(target),
                tooltip: cx.client.link_tooltips.then_some(tooltip),
                data: None,
            })
        })
        .collect()
}
