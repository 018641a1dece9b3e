//! The client's capabilities, resolved once at `initialize` into [`ClientFeatures`] (what
//! every handler may send), and the server capabilities answered for them.
//!
//! A capability the client does not declare is treated as absent: no snippets, documentation
//! as a plain string, no `codeDescription` or `data` on diagnostics, code actions as commands.

use credsum_syntax::line_index::PositionEncoding;
use tower_lsp_server::ls_types::*;

use crate::handlers::code_action::{APPLY_EDIT_COMMAND, FIX_ALL_KIND};

/// How the client wants documentation (completion items, hovers) written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocFormat {
    /// `MarkupContent` of kind `markdown`.
    Markdown,
    /// `MarkupContent` of kind `plaintext`.
    PlainMarkup,
    /// A plain string: the client names no format, so it may not know `MarkupContent`.
    PlainString,
}

impl DocFormat {
    /// The client's preferred format among those it lists (the first one credsum knows).
    fn of(formats: Option<&Vec<MarkupKind>>) -> DocFormat {
        let first = formats.and_then(|f| {
            f.iter()
                .find(|k| **k == MarkupKind::Markdown || **k == MarkupKind::PlainText)
        });
        match first {
            Some(MarkupKind::Markdown) => DocFormat::Markdown,
            Some(_) => DocFormat::PlainMarkup,
            None => DocFormat::PlainString,
        }
    }
}

/// What completion items may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompletionFeatures {
    /// Snippets (`insertTextFormat: 2`).
    pub snippets: bool,
    /// How documentation is written.
    pub documentation: DocFormat,
    /// `labelDetails`.
    pub label_details: bool,
    /// Documentation is left out of the list and sent by `completionItem/resolve`.
    pub resolve_documentation: bool,
}

/// What diagnostics may carry, and how the client gets them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiagnosticFeatures {
    /// The client pulls (`textDocument/diagnostic`), so none are pushed.
    pub pull: bool,
    /// The client can be asked to pull again (`workspace/diagnostic/refresh`).
    pub refresh: bool,
    /// `codeDescription` (the rule's documentation link).
    pub code_description: bool,
    /// `data` (the fix, as `credsum lint --format json` writes it).
    pub data: bool,
    /// `relatedInformation`.
    pub related_information: bool,
}

/// What code actions may look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeActionFeatures {
    /// `CodeAction` literals; without them each action is a `Command` the server executes
    /// through `workspace/applyEdit`.
    pub literals: bool,
    /// `isPreferred`.
    pub is_preferred: bool,
    /// The client applies workspace edits the server sends (`workspace/applyEdit`).
    pub apply_edit: bool,
}

/// Everything the handlers need to know about the client, resolved once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientFeatures {
    /// The negotiated position encoding: UTF-8 when offered, else UTF-16.
    pub encoding: PositionEncoding,
    /// Completion items.
    pub completion: CompletionFeatures,
    /// How hovers are written.
    pub hover: DocFormat,
    /// Diagnostics.
    pub diagnostics: DiagnosticFeatures,
    /// Code actions.
    pub code_action: CodeActionFeatures,
    /// The client answers `workspace/configuration`.
    pub configuration_pull: bool,
    /// The client registers file watchers on request (`workspace/didChangeWatchedFiles`).
    pub watch_files: bool,
    /// Document links may carry a `tooltip`.
    pub link_tooltips: bool,
}

impl Default for ClientFeatures {
    /// A client that declares nothing.
    fn default() -> ClientFeatures {
        ClientFeatures::resolve(&ClientCapabilities::default())
    }
}

impl ClientFeatures {
    /// Resolves `caps`; anything not declared is off.
    pub fn resolve(caps: &ClientCapabilities) -> ClientFeatures {
        let text = caps.text_document.as_ref();
        let item = text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref());
        let flag = |f: Option<bool>| f.unwrap_or(false);
        let resolvable = item
            .and_then(|i| i.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "documentation"));
        let published = text.and_then(|t| t.publish_diagnostics.as_ref());
        let action = text.and_then(|t| t.code_action.as_ref());
        let workspace = caps.workspace.as_ref();
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        ClientFeatures {
            encoding: match offered {
                Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => {
                    PositionEncoding::Utf8
                }
                _ => PositionEncoding::Utf16,
            },
            completion: CompletionFeatures {
                snippets: flag(item.and_then(|i| i.snippet_support)),
                documentation: DocFormat::of(item.and_then(|i| i.documentation_format.as_ref())),
                label_details: flag(item.and_then(|i| i.label_details_support)),
                resolve_documentation: resolvable,
            },
            hover: DocFormat::of(
                text.and_then(|t| t.hover.as_ref())
                    .and_then(|h| h.content_format.as_ref()),
            ),
            diagnostics: DiagnosticFeatures {
                pull: text.is_some_and(|t| t.diagnostic.is_some()),
                refresh: flag(
                    workspace
                        .and_then(|w| w.diagnostics.as_ref())
                        .and_then(|d| d.refresh_support),
                ),
                code_description: flag(published.and_then(|p| p.code_description_support)),
                data: flag(published.and_then(|p| p.data_support)),
                related_information: flag(published.and_then(|p| p.related_information)),
            },
            code_action: CodeActionFeatures {
                literals: action.is_some_and(|a| a.code_action_literal_support.is_some()),
                is_preferred: flag(action.and_then(|a| a.is_preferred_support)),
                apply_edit: flag(workspace.and_then(|w| w.apply_edit)),
            },
            configuration_pull: flag(workspace.and_then(|w| w.configuration)),
            watch_files: flag(
                workspace
                    .and_then(|w| w.did_change_watched_files.as_ref())
                    .and_then(|w| w.dynamic_registration),
            ),
            link_tooltips: flag(
                text.and_then(|t| t.document_link.as_ref())
                    .and_then(|d| d.tooltip_support),
            ),
        }
    }

    /// The server's capabilities for this client.
    pub fn server_capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(encoding_kind(self.encoding)),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            completion_provider: Some(CompletionOptions {
                // `"` and `:` in bodies; `?`, `&` and `=` in a request line's query.
                trigger_characters: Some(["\"", ":", "?", "&", "="].map(str::to_owned).to_vec()),
                resolve_provider: Some(self.completion.resolve_documentation),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(if self.code_action.literals {
                CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![
                        CodeActionKind::QUICKFIX,
                        CodeActionKind::REFACTOR_REWRITE,
                        CodeActionKind::new(FIX_ALL_KIND),
                    ]),
                    resolve_provider: Some(false),
                    ..CodeActionOptions::default()
                })
            } else {
                CodeActionProviderCapability::Simple(true)
            }),
            execute_command_provider: (!self.code_action.literals).then(|| ExecuteCommandOptions {
                commands: vec![APPLY_EDIT_COMMAND.to_owned()],
                ..ExecuteCommandOptions::default()
            }),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_link_provider: Some(DocumentLinkOptions {
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            diagnostic_provider: self.diagnostics.pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("credsum".to_owned()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: true,
                    ..DiagnosticOptions::default()
                })
            }),
            ..ServerCapabilities::default()
        }
    }
}

/// The LSP name of an encoding.
fn encoding_kind(enc: PositionEncoding) -> PositionEncodingKind {
    match enc {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undeclared_capabilities_are_off() {
        let f = ClientFeatures::default();
        assert_eq!(f.encoding, PositionEncoding::Utf16);
        assert_eq!(f.completion.documentation, DocFormat::PlainString);
        assert_eq!(f.hover, DocFormat::PlainString);
        assert!(!f.completion.snippets && !f.diagnostics.data && !f.code_action.literals);
    }

    #[test]
    fn the_first_known_format_wins() {
        let plain_first = vec![MarkupKind::PlainText, MarkupKind::Markdown];
        assert_eq!(DocFormat::of(Some(&plain_first)), DocFormat::PlainMarkup);
        let markdown = vec![MarkupKind::Markdown];
        assert_eq!(DocFormat::of(Some(&markdown)), DocFormat::Markdown);
        assert_eq!(DocFormat::of(Some(&Vec::new())), DocFormat::PlainString);
    }
}
