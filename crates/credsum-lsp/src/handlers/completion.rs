//! `textDocument/completion` and `completionItem/resolve`: the core's completions as LSP items
//! shaped for the client (snippets, documentation format, `labelDetails`, insert/replace
//! edits, documentation resolved later when the client asks for it that way).

use credsum_analysis::{Completion, CompletionKind, FileKind};
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionTextEdit,
    InsertReplaceEdit, InsertTextFormat, Position, TextEdit, Uri,
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
    }
}

/// The item's text edit: insert/replace when the client takes it and the cursor is inside
/// the replaced range on one line, else a plain edit of the whole range.
fn text_edit(
    snapshot: &Snapshot,
    c: &Completion,
    cursor: u32,
    new_text: String,
    cx: Context<'_>,
) -> CompletionTextEdit {
    let enc = cx.encoding();
    let replace = snapshot.range(c.replace, enc);
    let inside = c.replace.start <= cursor && cursor <= c.replace.end;
    if cx.client.completion.insert_replace && inside && replace.start.line == replace.end.line {
        let insert = snapshot.range(
            credsum_analysis::TextRange::new(c.replace.start, cursor),
            enc,
        );
        return CompletionTextEdit::InsertAndReplace(InsertReplaceEdit {
            new_text,
            insert,
            replace,
        });
    }
    CompletionTextEdit::Edit(TextEdit {
        range: replace,
        new_text,
    })
}

/// One completion item shaped for the client; `data` is set when its documentation is left for
/// `completionItem/resolve`.
fn completion_item(
    snapshot: &Snapshot,
    c: Completion,
    cursor: u32,
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
        text_edit: Some(text_edit(snapshot, &c, cursor, new_text, cx)),
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
/// and URL completions are what make them one.
fn core_completions(snapshot: &Snapshot, position: Position, cx: Context<'_>) -> Vec<Completion> {
    let Some(kind) = cx
        .analysed_kind(snapshot)
        .or(snapshot.kind.filter(|k| *k == FileKind::Http))
    else {
        return Vec::new();
    };
    let offset = snapshot.offset(position, cx.encoding());
    cx.analyzer.completions(&snapshot.text, kind, offset)
}

/// `textDocument/completion`.
pub fn handle(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    cx: Context<'_>,
) -> Vec<CompletionItem> {
    let cursor = snapshot.offset(position, cx.encoding());
    let data = cx.client.completion.resolve_documentation.then(|| {
        serde_json::to_value(ResolveData {
            uri: uri.clone(),
            position,
        })
        .unwrap_or_default()
    });
    core_completions(snapshot, position, cx)
        .into_iter()
        .map(|c| completion_item(snapshot, c, cursor, data.as_ref(), cx))
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
