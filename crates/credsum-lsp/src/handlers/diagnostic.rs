//! Diagnostics as the client takes them: pushed (`textDocument/publishDiagnostics`) or pulled
//! (`textDocument/diagnostic`), at most `max-diagnostics` of them, and without the members the
//! client does not declare (`codeDescription`, `data`).

use tower_lsp_server::ls_types::{
    self as lsp, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
};

use credsum_analysis::Diagnostic;
use credsum_syntax::line_index::LineIndex;

use super::Context;
use crate::capabilities::ClientFeatures;
use crate::convert;
use crate::document::Snapshot;

/// The LSP diagnostics of a snapshot: at most `max-diagnostics` of them, the most severe
/// first, and a `too-many-diagnostics` note when some were left out (see
/// [`credsum_analysis::limit`]); none for a document that is not a request file.
pub fn of_snapshot(snapshot: &Snapshot, cx: Context<'_>) -> Vec<lsp::Diagnostic> {
    let Some(found) = cx.diagnostics(snapshot) else {
        return Vec::new();
    };
    let max = cx
        .settings
        .config_for(snapshot.path.as_deref())
        .max_diagnostics;
    to_lsp(&snapshot.index, found, max, cx.client)
}

/// `found`, diagnostics of a text with line index `index`, as the client takes them: at most
/// `max` (0: all) plus a note, without the members it does not declare. Open documents and
/// workspace reports both go through here.
pub fn to_lsp(
    index: &LineIndex,
    found: &[Diagnostic],
    max: usize,
    client: &ClientFeatures,
) -> Vec<lsp::Diagnostic> {
    let limited = credsum_analysis::limit(found, max);
    let features = client.diagnostics;
    limited
        .note
        .iter()
        .chain(limited.shown)
        .map(|d| {
            let mut d = convert::diagnostic(index, d, client.encoding);
            if !features.code_description {
                d.code_description = None;
            }
            if !features.data {
                d.data = None;
            }
            d
        })
        .collect()
}

/// `textDocument/diagnostic`: a full report, or `unchanged` when the client already holds
/// `previous`; unknown documents (`None`) get an empty full report.
pub fn pull(
    snapshot: Option<&Snapshot>,
    previous: Option<&str>,
    cx: Context<'_>,
) -> DocumentDiagnosticReportResult {
    let report = match snapshot {
        Some(s) if previous == Some(s.analysis.result_id.to_string().as_str()) => {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: s.analysis.result_id.to_string(),
                },
            })
        }
        _ => DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: snapshot.map(|s| s.analysis.result_id.to_string()),
                items: snapshot.map(|s| of_snapshot(s, cx)).unwrap_or_default(),
            },
        }),
    };
    DocumentDiagnosticReportResult::Report(report)
}
