//! The language server: [`Backend`] implements tower-lsp-server's [`LanguageServer`].
//!
//! State lives behind a `std::sync::Mutex`: notifications that change it (`didOpen`,
//! `didChange`, `didClose`, configuration) apply their change and analyse the document while
//! holding the lock, with no `.await` in between, so edits land strictly in order; diagnostics
//! are published afterwards with the version they were computed on. Requests take a
//! [`Snapshot`] and run their synchronous body inside `catch_unwind`, so a panic becomes an
//! error response instead of a dead server.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use credsum_analysis::Analyzer;
use credsum_syntax::line_index::PositionEncoding;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::document::{Document, Snapshot};
use crate::features::{self, Context, FIX_ALL_KIND};
use crate::settings::{Settings, SECTION};
use crate::workspace_diagnostics::{self, Pushed, Scan};

/// Everything the server knows, behind one lock.
#[derive(Debug)]
struct State {
    /// Open documents.
    docs: HashMap<Uri, Document>,
    /// The configuration in force.
    settings: Settings,
    /// The negotiated position encoding.
    encoding: PositionEncoding,
    /// The client takes snippets in completions.
    snippets: bool,
    /// The client renders Markdown in completion documentation.
    markdown_completion: bool,
    /// The client renders Markdown in hovers.
    markdown_hover: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`), so none are pushed.
    pull_diagnostics: bool,
    /// The client can refresh pulled diagnostics.
    diagnostic_refresh: bool,
    /// The client answers `workspace/configuration`.
    configuration_pull: bool,
    /// The workspace root.
    root: Option<PathBuf>,
    /// The client registers file watchers on request (`workspace/didChangeWatchedFiles`).
    watch_files: bool,
    /// A problem with the initial settings, logged once the client is ready.
    settings_error: Option<String>,
}

impl Default for State {
    fn default() -> State {
        State {
            docs: HashMap::new(),
            settings: Settings::default(),
            encoding: PositionEncoding::Utf16,
            snippets: false,
            markdown_completion: true,
            markdown_hover: true,
            pull_diagnostics: false,
            diagnostic_refresh: false,
            configuration_pull: false,
            root: None,
            watch_files: false,
            settings_error: None,
        }
    }
}

/// Diagnostics to publish for one document version.
type Publish = (Uri, Vec<Diagnostic>, Option<i32>);

/// The credsum language server.
pub struct Backend {
    /// The connection back to the client.
    client: Client,
    /// The analysis core (shared, `Sync`).
    analyzer: Arc<Analyzer>,
    /// All mutable state.
    state: Mutex<State>,
    /// Taken while publishing, so publications never overtake each other.
    publishing: tokio::sync::Mutex<()>,
    /// Workspace diagnostics published to clients that cannot pull them.
    pushed: Pushed,
}

/// Runs `f`, turning a panic into an internal-error response.
fn guarded<T>(name: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
        eprintln!("credsum: {name} panicked");
        let mut error = Error::internal_error();
        error.message = format!("credsum: {name} failed").into();
        error
    })
}

/// The encoding to use: UTF-8 when the client offers it, else UTF-16 (the LSP default).
fn negotiate_encoding(params: &InitializeParams) -> PositionEncoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
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

/// The workspace root: the first workspace folder, else the deprecated `rootUri`.
#[allow(deprecated)] // `root_uri` is still what many clients send.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())
        .and_then(|uri| uri.to_file_path().map(|p| p.into_owned()))
}

/// The workspace folders (absolute paths): those the client names, else the deprecated
/// `rootUri`.
#[allow(deprecated)] // `root_uri` is still what many clients send.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let uris: Vec<&Uri> = match &params.workspace_folders {
        Some(folders) => folders.iter().map(|f| &f.uri).collect(),
        None => params.root_uri.iter().collect(),
    };
    uris.iter()
        .filter_map(|uri| uri.to_file_path().map(|p| p.into_owned()))
        .collect()
}

/// The server's capabilities for the negotiated options.
fn capabilities(enc: PositionEncoding, pull: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding_kind(enc)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned(), ":".to_owned()]),
            resolve_provider: Some(false),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        diagnostic_provider: pull.then(|| {
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

/// Source of `resultId`s: every analysis gets a new one, so an unchanged id means unchanged
/// diagnostics (the document's version alone can't say that: settings changes re-analyse too).
static NEXT_RESULT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl State {
    /// Decides whether `doc` is a request file and computes its diagnostics, sync.
    fn analyse(&self, analyzer: &Analyzer, doc: &mut Document) {
        let Some(kind) = doc.kind else {
            doc.analysed = false;
            doc.diagnostics = Arc::new(Vec::new());
            return;
        };
        let text = Arc::clone(doc.text());
        let path = doc.path.clone();
        let result = guarded("analysis", || {
            self.settings
                .diagnostics(analyzer, path.as_deref(), kind, &text)
        });
        let found = result.ok().flatten();
        let analysed = found.is_some();
        let diagnostics = found.unwrap_or_default();
        doc.analysed = analysed;
        doc.diagnostics = Arc::new(diagnostics);
        doc.result_id = NEXT_RESULT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// What to publish for the document at `uri`.
    fn latest_diagnostics(&self, uri: &Uri) -> Option<Publish> {
        let doc = self.docs.get(uri)?;
        let snapshot = doc.snapshot();
        Some((
            uri.clone(),
            features::diagnostics(
                &snapshot,
                self.encoding,
                self.settings
                    .config_for(doc.path.as_deref())
                    .max_diagnostics,
            ),
            Some(doc.version),
        ))
    }
}

impl Backend {
    /// A server talking to `client`, with the resources credsum ships.
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            analyzer: Arc::new(Analyzer::graph()),
            state: Mutex::new(State::default()),
            publishing: tokio::sync::Mutex::new(()),
            pushed: Pushed::default(),
        }
    }

    /// The state, recovering from a poisoned lock (analysis panics are caught before that).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Pushes the latest diagnostics of `uris` (none for closed documents) unless the client
    /// pulls them. Publications take turns and each reads the state when its turn comes, so the
    /// last one a client receives is always of the latest version.
    async fn publish(&self, uris: Vec<Uri>) {
        let _turn = self.publishing.lock().await;
        for uri in uris {
            let (pull, latest) = {
                let state = self.lock();
                (state.pull_diagnostics, state.latest_diagnostics(&uri))
            };
            if pull {
                return;
            }
            let (uri, diagnostics, version) = latest.unwrap_or((uri, Vec::new(), None));
            self.client
                .publish_diagnostics(uri, diagnostics, version)
                .await;
        }
    }

    /// Logs to stderr and to the client's log.
    async fn log(&self, typ: MessageType, message: String) {
        eprintln!("credsum: {message}");
        self.client.log_message(typ, message).await;
    }

    /// Runs a request body on a snapshot of `uri`; `default` for unknown documents.
    fn with_snapshot<T>(
        &self,
        name: &str,
        uri: &Uri,
        default: T,
        f: impl FnOnce(&Snapshot, Context<'_>, Option<&std::path::Path>) -> T,
    ) -> Result<T> {
        let (snapshot, encoding, formats, root, max_diagnostics) = {
            let state = self.lock();
            let Some(doc) = state.docs.get(uri) else {
                return Ok(default);
            };
            (
                doc.snapshot(),
                state.encoding,
                (
                    state.snippets,
                    state.markdown_completion,
                    state.markdown_hover,
                ),
                state.root.clone(),
                state
                    .settings
                    .config_for(doc.path.as_deref())
                    .max_diagnostics,
            )
        };
        let cx = Context {
            analyzer: &self.analyzer,
            encoding,
            snippets: formats.0,
            markdown_completion: formats.1,
            markdown_hover: formats.2,
            max_diagnostics,
        };
        guarded(name, || f(&snapshot, cx, root.as_deref()))
    }

    /// Replaces the settings and re-analyses every open document.
    async fn apply_settings(&self, value: &Value) {
        let settings = match Settings::from_json(value) {
            Ok(settings) => settings,
            Err(error) => {
                self.log(MessageType::WARNING, format!("ignoring settings: {error}"))
                    .await;
                return;
            }
        };
        let unknown = settings.config_for(None).unknown_rule_codes().join(", ");
        if !unknown.is_empty() {
            self.log(
                MessageType::WARNING,
                format!("unknown rule codes in settings: {unknown}"),
            )
            .await;
        }
        let folders = self.lock().settings.folder_paths();
        self.install(settings, &folders).await;
    }

    /// Puts `settings` in force for the workspace `folders` (reading each one's
    /// `credsum.toml`), re-analyses every open document and refreshes workspace diagnostics.
    async fn install(&self, settings: Settings, folders: &[PathBuf]) {
        let (settings, problems) = settings.with_folders(folders);
        for problem in problems {
            self.log(MessageType::WARNING, problem).await;
        }
        let (publish, refresh) = {
            let mut state = self.lock();
            state.settings = settings;
            let mut docs = std::mem::take(&mut state.docs);
            for doc in docs.values_mut() {
                state.analyse(&self.analyzer, doc);
            }
            state.docs = docs;
            let uris: Vec<Uri> = state.docs.keys().cloned().collect();
            (uris, state.pull_diagnostics && state.diagnostic_refresh)
        };
        self.publish(publish).await;
        if refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
        self.push_workspace_diagnostics();
    }

    /// A scan of the workspace folders as the state stands, for a client holding `held`.
    fn scan(&self, held: workspace_diagnostics::Held) -> Scan {
        let state = self.lock();
        Scan {
            analyzer: Arc::clone(&self.analyzer),
            settings: state.settings.clone(),
            open: state.docs.values().filter_map(|d| d.path.clone()).collect(),
            held,
            encoding: state.encoding,
        }
    }

    /// Publishes workspace diagnostics in the background when the settings ask for it.
    fn push_workspace_diagnostics(&self) {
        if self.lock().settings.publish_workspace_diagnostics {
            self.pushed
                .spawn(self.client.clone(), self.scan(Default::default()));
        }
    }

    /// Asks the client for the `credsum` section and applies it (a `null` answer changes nothing).
    async fn pull_settings(&self) {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SECTION.to_owned()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => {
                if let Some(value) = values.into_iter().next().filter(|v| !v.is_null()) {
                    self.apply_settings(&value).await;
                }
            }
            Err(error) => {
                self.log(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {error}"),
                )
                .await;
            }
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let caps = &params.capabilities;
        let text_document = caps.text_document.as_ref();
        let pull = text_document.is_some_and(|t| t.diagnostic.is_some());
        let snippets = text_document
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let takes_markdown = |formats: Option<&Vec<MarkupKind>>| {
            formats.is_some_and(|f| f.contains(&MarkupKind::Markdown))
        };
        let markdown_completion = takes_markdown(
            text_document
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.documentation_format.as_ref()),
        );
        let markdown_hover = takes_markdown(
            text_document
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref()),
        );
        let workspace = caps.workspace.as_ref();
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.snippets = snippets;
            state.markdown_completion = markdown_completion;
            state.markdown_hover = markdown_hover;
            state.pull_diagnostics = pull;
            state.diagnostic_refresh = workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            state.configuration_pull = workspace.and_then(|w| w.configuration).unwrap_or(false);
            state.root = workspace_root(&params);
            state.watch_files = workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false);
            if let Some(options) = &params.initialization_options {
                match Settings::from_json(options) {
                    Ok(settings) => state.settings = settings,
                    Err(error) => state.settings_error = Some(error),
                }
            }
            let folders = workspace_folders(&params);
            let (settings, problems) = state.settings.with_folders(&folders);
            state.settings = settings;
            if !problems.is_empty() {
                let all = state.settings_error.iter().chain(&problems);
                state.settings_error = Some(all.cloned().collect::<Vec<_>>().join("; "));
            }
        }
        Ok(InitializeResult {
            capabilities: capabilities(encoding, pull),
            server_info: Some(ServerInfo {
                name: "credsum".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let (error, pull, watch) = {
            let mut state = self.lock();
            (
                state.settings_error.take(),
                state.configuration_pull,
                state.watch_files,
            )
        };
        if let Some(error) = error {
            self.log(
                MessageType::WARNING,
                format!("ignoring initializationOptions: {error}"),
            )
            .await;
        }
        self.log(
            MessageType::INFO,
            "credsum language server ready".to_owned(),
        )
        .await;
        if watch {
            let registration = workspace_diagnostics::watcher_registration();
            if let Err(error) = self.client.register_capability(vec![registration]).await {
                self.log(
                    MessageType::WARNING,
                    format!("cannot watch the workspace's files: {error}"),
                )
                .await;
            }
        }
        if pull {
            self.pull_settings().await;
        } else {
            self.push_workspace_diagnostics();
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        {
            let mut state = self.lock();
            let mut doc = Document::new(&item.uri, &item.language_id, &item.text, item.version);
            state.analyse(&self.analyzer, &mut doc);
            state.docs.insert(item.uri.clone(), doc);
        }
        self.publish(vec![item.uri]).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let applied = {
            let mut state = self.lock();
            let encoding = state.encoding;
            let Some(mut doc) = state.docs.remove(&uri) else {
                return;
            };
            let version = params.text_document.version;
            let applied = guarded("didChange", || {
                doc.apply_changes(&params.content_changes, version, encoding);
                doc
            });
            match applied {
                Ok(mut doc) => {
                    state.analyse(&self.analyzer, &mut doc);
                    state.docs.insert(uri.clone(), doc);
                    true
                }
                Err(_) => false,
            }
        };
        if !applied {
            self.log(
                MessageType::ERROR,
                format!("could not apply an edit to {}; reopen it", uri.as_str()),
            )
            .await;
        }
        self.publish(vec![uri]).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let known = self.lock().docs.remove(&uri).is_some();
        if known {
            self.publish(vec![uri.clone()]).await;
            self.pushed.forget(&uri).await;
            self.push_workspace_diagnostics();
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let (settings, folders, refresh) = {
            let state = self.lock();
            let refresh = state.pull_diagnostics && state.diagnostic_refresh;
            (
                state.settings.clone(),
                state.settings.folder_paths(),
                refresh,
            )
        };
        if params
            .changes
            .iter()
            .any(|c| workspace_diagnostics::is_config(&c.uri))
        {
            // `install` refreshes and pushes too.
            self.install(settings, &folders).await;
            return;
        }
        if refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
        self.push_workspace_diagnostics();
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let (settings, mut folders) = {
            let state = self.lock();
            (state.settings.clone(), state.settings.folder_paths())
        };
        let paths = |list: Vec<WorkspaceFolder>| -> Vec<PathBuf> {
            list.iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect()
        };
        let removed = paths(params.event.removed);
        folders.retain(|folder| !removed.contains(folder));
        folders.extend(paths(params.event.added));
        self.install(settings, &folders).await;
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let held = workspace_diagnostics::held(params.previous_result_ids);
        let scanned = self.scan(held).run().await?;
        for warning in scanned.warnings {
            self.log(
                MessageType::WARNING,
                format!("workspace diagnostics: {warning}"),
            )
            .await;
        }
        let items = scanned.reports;
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.lock().configuration_pull {
            self.pull_settings().await;
        } else {
            self.apply_settings(&params.settings).await;
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let items = self.with_snapshot(
            "completion",
            &at.text_document.uri,
            Vec::new(),
            |s, cx, _| features::completion(s, at.position, cx),
        )?;
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        self.with_snapshot("hover", &at.text_document.uri, None, |s, cx, _| {
            features::hover(s, at.position, cx)
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let actions = self.with_snapshot("codeAction", &uri, Vec::new(), |s, cx, _| {
            features::code_actions(s, &uri, &params, cx)
        })?;
        Ok(Some(actions))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let uri = params.text_document.uri;
        let edits = self.with_snapshot("formatting", &uri, Vec::new(), |s, cx, _| {
            features::formatting(s, &params.options, cx)
        })?;
        Ok(Some(edits))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let symbols = self.with_snapshot(
            "documentSymbol",
            &params.text_document.uri,
            Vec::new(),
            |s, cx, _| features::document_symbols(s, cx),
        )?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let folds = self.with_snapshot(
            "foldingRange",
            &params.text_document.uri,
            Vec::new(),
            |s, cx, _| features::folding_ranges(s, cx),
        )?;
        Ok(Some(folds))
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let ranges = self.with_snapshot(
            "selectionRange",
            &params.text_document.uri,
            Vec::new(),
            |s, cx, _| features::selection_ranges(s, &params.positions, cx),
        )?;
        Ok(Some(ranges))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let location =
            self.with_snapshot("definition", &at.text_document.uri, None, |s, cx, root| {
                features::definition(s, at.position, root, cx)
            })?;
        Ok(location.map(GotoDefinitionResponse::Scalar))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let previous = params.previous_result_id;
        // Unknown documents get an empty full report; a client that already holds the current
        // result gets "unchanged" instead of the same diagnostics again.
        let found =
            self.with_snapshot("diagnostic", &params.text_document.uri, None, |s, cx, _| {
                let id = s.result_id.to_string();
                let items = (previous.as_deref() != Some(id.as_str()))
                    .then(|| features::diagnostics(s, cx.encoding, cx.max_diagnostics));
                Some((id, items))
            })?;
        let full = |result_id, items| {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
            })
        };
        let report = match found {
            Some((id, None)) => {
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: id,
                    },
                })
            }
            Some((id, Some(items))) => full(Some(id), items),
            None => full(None, Vec::new()),
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }
}
