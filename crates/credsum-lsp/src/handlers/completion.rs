//! `textDocument/completion` and `completionItem/resolve`: the core's completions as LSP items
//! shaped for the client (snippets, documentation format, `labelDetails`, one overwrite
//! range per item, documentation resolved later when the client asks for it that way).

use credsum_analysis::{Completion, CompletionKind, FileKind};
use credsum_workspace::association::{named_as, NamedAs};
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionTextEdit,
    InsertTextFormat, Position, TextEdit, Uri,
};

use super::{documentation, Context};
use crate::document::Snapshot;

/// The `data` of an item whose documentation is left for `completionItem/resolve`: where the
/// completion was asked for.
#[derive(Debug, Serialize, Deserialize)]
pub struct ResolveData {
    /// The document.
    pub uri: Uri,
    /// The cursor.
    pub position: Position,
}

/// The LSP kind of a completion.
fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Property => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::VALUE,
        CompletionKind::Method => CompletionItemKind::KEYWORD,
        CompletionKind::Url => CompletionItemKind::REFERENCE,
        CompletionKind::Header => CompletionItemKind::FIELD,
        CompletionKind::Snippet => CompletionItemKind::SNIPPET,
        CompletionKind::Variable => CompletionItemKind::VARIABLE,
    }
}

/// The item's text edit: one range that both of VS Code's modes (`insert` and `replace`)
/// overwrite, as vscode-json-languageservice does. The core's range already covers what the
/// editor put there (an auto-closed quote, the rest of the token), so an `InsertReplaceEdit`
/// whose insert range stopped at the cursor would leave that text behind in insert mode
/// (`"totalUserCount": 42"` in an `.http` file, where VS Code inserts).
fn text_edit(snapshot: &Snapshot, c: &Completion, new_text: String, cx: Context<'_>) -> TextEdit {
    TextEdit {
        range: snapshot.range(c.replace, cx.encoding()),
        new_text,
    }
}

/// One completion item shaped for the client; `data` is set when its documentation is left for
/// `completionItem/resolve`.
fn completion_item(
    snapshot: &Snapshot,
    c: Completion,
    data: Option<&serde_json::Value>,
    cx: Context<'_>,
) -> CompletionItem {
    let features = cx.client.completion;
    let (new_text, format) = match &c.snippet {
        Some(snippet) if features.snippets => (snippet.clone(), InsertTextFormat::SNIPPET),
        _ => (c.insert_text.clone(), InsertTextFormat::PLAIN_TEXT),
    };
    let deferred = data.is_some() && c.documentation.is_some();
    CompletionItem {
        text_edit: Some(CompletionTextEdit::Edit(text_edit(
            snapshot, &c, new_text, cx,
        ))),
        label_details: features.label_details.then(|| CompletionItemLabelDetails {
            detail: None,
            description: c.detail.clone(),
        }),
        kind: Some(completion_kind(c.kind)),
        documentation: c
            .documentation
            .filter(|_| !deferred)
            .map(|markdown| documentation(markdown, features.documentation)),
        data: data.filter(|_| deferred).cloned(),
        label: c.label,
        detail: c.detail,
        sort_text: Some(c.sort_text),
        filter_text: c.filter_text,
        insert_text_format: Some(format),
        additional_text_edits: (!c.additional_edits.is_empty())
            .then(|| snapshot.text_edits(&c.additional_edits, cx.encoding())),
        ..CompletionItem::default()
    }
}

/// The core's completions at `position`.
///
/// `.http` files get completions even before they are recognised as request files: the method
/// and URL completions are what make them one. So does a blank `.json` file named for a resource
/// the way the schema catalog names them (`*.credsum.json`, `*.<resource>.json`): its first
/// completion is the body with its `@odata.type`.
fn core_completions(snapshot: &Snapshot, position: Position, cx: Context<'_>) -> Vec<Completion> {
    let Some(kind) = cx
        .analysed_kind(snapshot)
        .or(snapshot.kind.filter(|k| *k == FileKind::Http))
        .or_else(|| blank_named_body(snapshot).then_some(FileKind::Json))
    else {
        return Vec::new();
    };
    let offset = snapshot.offset(position, cx.encoding());
    // Inside `{{` of an `.http` file: its variables, with those of its environments.
    if kind == FileKind::Http {
        let envs = cx
            .settings
            .http_environments(snapshot.path.as_deref(), kind);
        let variables =
            cx.analyzer
                .variable_completions_in(&snapshot.text, kind, offset, &envs.environments);
        if let Some(variables) = variables {
            return variables;
        }
    }
    cx.analyzer.completions(&snapshot.text, kind, offset)
}

/// Whether the document is a blank `.json` file named like a body (`*.credsum.json`,
/// `*.<resource name>.json`: the association's one list of name patterns, which `catalog.json`
/// is generated from).
fn blank_named_body(snapshot: &Snapshot) -> bool {
    let name = snapshot
        .path
        .as_deref()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    snapshot.kind == Some(FileKind::Json)
        && snapshot.text.trim().is_empty()
        && named_as(name) == Some(NamedAs::Body)
}

/// `textDocument/completion`: items that exist for their tab stops ("Fill in the missing
/// properties") only for clients that take snippets.
pub fn handle(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    cx: Context<'_>,
) -> Vec<CompletionItem> {
    let data = cx.client.completion.resolve_documentation.then(|| {
        serde_json::to_value(ResolveData {
            uri: uri.clone(),
            position,
        })
        .unwrap_or_default()
    });
    core_completions(snapshot, position, cx)
        .into_iter()
        .filter(|c| !c.snippet_only || cx.client.completion.snippets)
        .map(|c| completion_item(snapshot, c, data.as_ref(), cx))
        .collect()
}

/// `completionItem/resolve`: `item` with the documentation of the completion of the same label
/// at the position in its `data` (unchanged when that no longer exists).
pub fn resolve(
    snapshot: &Snapshot,
    mut item: CompletionItem,
    position: Position,
    cx: Context<'_>,
) -> CompletionItem {
    let found = core_completions(snapshot, position, cx)
        .into_iter()
        .find(|c| c.label == item.label)
        .and_then(|c| c.documentation);
    if let Some(markdown) = found {
        item.documentation = Some(documentation(markdown, cx.client.completion.documentation));
    }
    item
}
