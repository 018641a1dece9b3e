//! The language server: [`Backend`] implements tower-lsp-server's [`LanguageServer`], one
//! method per LSP method, each handing its work to the module of [`crate::handlers`] named
//! after it.
//!
//! State lives behind a `std::sync::Mutex` that is held only to read or change it, never to
//! analyse: notifications that change a document (`didOpen`, `didChange`, `didClose`) apply
//! their change with no `.await` in between, so edits land strictly in order, and give the new
//! version an empty [`Analysis`](crate::document::Analysis) cell. Whoever needs the
//! diagnostics of that version first (the publication that follows the change, or a request
//! that overtakes it) computes them off the lock, once. Diagnostics are published with the
//! version they were computed on. Requests run their synchronous body on a [`Snapshot`]
//! inside `catch_unwind`, so a panic becomes an error response instead of a dead server.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use credsum_analysis::Analyzer;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::capabilities::ClientFeatures;
use crate::document::{Analysis, Document, Snapshot};
use crate::handlers::code_action::APPLY_EDIT_COMMAND;
use crate::handlers::completion::ResolveData;
use crate::handlers::{self, Context};
use crate::schema_cache;
use crate::settings::{Settings, SECTION};
use crate::workspace_diagnostics::{self, Pushed, Scan};

/// Everything the server knows, behind one lock.
#[derive(Debug, Default)]
struct State {
    /// Open documents.
    docs: HashMap<Uri, Document>,
    /// The configuration in force.
    settings: Arc<Settings>,
    /// The editor setting `schema-cache`, if given.
    schema_cache_setting: Option<PathBuf>,
    /// What the client takes, resolved at `initialize`.
    client: ClientFeatures,
    /// The workspace root.
    root: Option<PathBuf>,
    /// A problem with the initial settings, logged once the client is ready.
    settings_error: Option<String>,
}

/// What a request needs from the state, taken out of the lock.
struct View {
    /// The document asked about, if open.
    snapshot: Option<Snapshot>,
    /// What the client takes.
    client: ClientFeatures,
    /// The settings.
    settings: Arc<Settings>,
    /// The workspace root.
    root: Option<PathBuf>,
}

/// The schema cache folder, once it has been written for a setting: `(setting, folder)`.
type SchemaCache = Option<(Option<PathBuf>, Option<PathBuf>)>;

/// The credsum language server.
pub struct Backend {
    /// The connection back to the client.
    client: Client,
    /// The analysis core (shared, `Sync`).
    analyzer: Arc<Analyzer>,
    /// All mutable state.
    state: Mutex<State>,
    /// Where the schemas of this version were written (see [`schema_cache`]).
    schema_cache: Mutex<SchemaCache>,
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

/// Settings from a client's JSON, with the editor-only `schema-cache` taken out.
fn read_settings(value: &Value) -> std::result::Result<(Settings, Option<PathBuf>), String> {
    let (rest, cache) = schema_cache::take_setting(value);
    Ok((Settings::from_json(&rest)?, cache))
}

impl View {
    /// The handler context of this view.
    fn context<'a>(
        &'a self,
        analyzer: &'a Analyzer,
        cache: Option<&'a std::path::Path>,
    ) -> Context<'a> {
        Context {
            analyzer,
            client: &self.client,
            settings: &self.settings,
            root: self.root.as_deref(),
            schema_cache: cache,
        }
    }
}

impl Backend {
    /// A server talking to `client`, with the resources credsum ships.
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            analyzer: Arc::new(Analyzer::graph()),
            state: Mutex::new(State::default()),
            schema_cache: Mutex::new(None),
            publishing: tokio::sync::Mutex::new(()),
            pushed: Pushed::default(),
        }
    }

    /// The state, recovering from a poisoned lock (analysis panics are caught before that).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What a request about `uri` needs, taken out of the lock.
    fn view(&self, uri: &Uri) -> View {
        let state = self.lock();
        View {
            snapshot: state.docs.get(uri).map(Document::snapshot),
            client: state.client,
            settings: Arc::clone(&state.settings),
            root: state.root.clone(),
        }
    }

    /// Runs a request body on a snapshot of `uri`, off the lock; `default` for unknown
    /// documents.
    fn with_snapshot<T>(
        &self,
        name: &str,
        uri: &Uri,
        default: T,
        f: impl FnOnce(&Snapshot, Context<'_>) -> T,
    ) -> Result<T> {
        let view = self.view(uri);
        let Some(snapshot) = &view.snapshot else {
            return Ok(default);
        };
        guarded(name, || f(snapshot, view.context(&self.analyzer, None)))
    }

    /// Pushes the latest diagnostics of `uris` (none for closed documents) unless the client
    /// pulls them, analysing each latest version off the lock if nobody has yet. Publications
    /// take turns and each reads the state when its turn comes, so the last one a client
    /// receives is always of the latest version.
    async fn publish(&self, uris: Vec<Uri>) {
        let _turn = self.publishing.lock().await;
        for uri in uris {
            let view = self.view(&uri);
            if view.client.diagnostics.pull {
                return;
            }
            let (diagnostics, version) = match &view.snapshot {
                Some(s) => {
                    let cx = view.context(&self.analyzer, None);
                    let found = guarded("analysis", || handlers::diagnostic::of_snapshot(s, cx));
                    (found.unwrap_or_default(), Some(s.version))
                }
                None => (Vec::new(), None),
            };
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

    /// The folder holding this version's schemas, written on first use for the setting in
    /// force; `None` (logged once per setting) when it cannot be written.
    async fn schema_cache(&self) -> Option<PathBuf> {
        let setting = self.lock().schema_cache_setting.clone();
        let (folder, error) = {
            let mut cache = self.schema_cache.lock().unwrap_or_else(|p| p.into_inner());
            match &*cache {
                Some((for_setting, folder)) if *for_setting == setting => (folder.clone(), None),
                _ => {
                    let written = match schema_cache::folder(setting.as_deref()) {
                        Some(dir) => schema_cache::write(&self.analyzer, &dir),
                        None => Err("no cache folder (HOME is not set)".to_owned()),
                    };
                    let (folder, error) = match written {
                        Ok(dir) => (Some(dir), None),
                        Err(e) => (None, Some(e)),
                    };
                    *cache = Some((setting, folder.clone()));
                    (folder, error)
                }
            }
        };
        if let Some(error) = error {
            self.log(
                MessageType::WARNING,
                format!("{error}; go-to-definition uses the workspace's schema/ folder only"),
            )
            .await;
        }
        folder
    }

    /// Replaces the settings and re-analyses every open document.
    async fn apply_settings(&self, value: &Value) {
        let (settings, cache) = match read_settings(value) {
            Ok(read) => read,
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
        let folders = {
            let mut state = self.lock();
            state.schema_cache_setting = cache;
            state.settings.folder_paths()
        };
        self.install(&settings, &folders).await;
    }

    /// Puts `settings` in force for the workspace `folders` (reading each one's
    /// `credsum.toml`), re-analyses every open document and refreshes workspace diagnostics.
    async fn install(&self, settings: &Settings, folders: &[PathBuf]) {
        let (settings, problems) = settings.with_folders(folders);
        for problem in problems {
            self.log(MessageType::WARNING, problem).await;
        }
        let (publish, refresh) = {
            let mut state = self.lock();
            state.settings = Arc::new(settings);
            for doc in state.docs.values_mut() {
                doc.analysis = Analysis::pending();
            }
            let uris: Vec<Uri> = state.docs.keys().cloned().collect();
            let diagnostics = state.client.diagnostics;
            (uris, diagnostics.pull && diagnostics.refresh)
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
            client: state.client,
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
        let client = ClientFeatures::resolve(&params.capabilities);
        {
            let mut state = self.lock();
            state.client = client;
            state.root = workspace_root(&params);
            if let Some(options) = &params.initialization_options {
                match read_settings(options) {
                    Ok((settings, cache)) => {
                        state.settings = Arc::new(settings);
                        state.schema_cache_setting = cache;
                    }
                    Err(error) => state.settings_error = Some(error),
                }
            }
            let folders = workspace_folders(&params);
            let (settings, problems) = state.settings.with_folders(&folders);
            state.settings = Arc::new(settings);
            if !problems.is_empty() {
                let all = state.settings_error.iter().chain(&problems);
                state.settings_error = Some(all.cloned().collect::<Vec<_>>().join("; "));
            }
        }
        Ok(InitializeResult {
            capabilities: client.server_capabilities(),
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
                state.client.configuration_pull,
                state.client.watch_files,
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
        let doc = Document::new(&item.uri, &item.language_id, &item.text, item.version);
        self.lock().docs.insert(item.uri.clone(), doc);
        self.publish(vec![item.uri]).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let applied = {
            let mut state = self.lock();
            let encoding = state.client.encoding;
            let Some(mut doc) = state.docs.remove(&uri) else {
                return;
            };
            let version = params.text_document.version;
            let applied = guarded("didChange", || {
                doc.apply_changes(&params.content_changes, version, encoding);
                doc
            });
            match applied {
                Ok(doc) => {
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
            let refresh = state.client.diagnostics.pull && state.client.diagnostics.refresh;
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
            self.install(&settings, &folders).await;
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
        self.install(&settings, &folders).await;
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
        if self.lock().client.configuration_pull {
            self.pull_settings().await;
        } else {
            self.apply_settings(&params.settings).await;
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let uri = &at.text_document.uri;
        let items = self.with_snapshot("completion", uri, Vec::new(), |s, cx| {
            handlers::completion::handle(s, uri, at.position, cx)
        })?;
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        let Some(data) = item
            .data
            .clone()
            .and_then(|d| serde_json::from_value::<ResolveData>(d).ok())
        else {
            return Ok(item);
        };
        let fallback = item.clone();
        self.with_snapshot("completionItem/resolve", &data.uri, fallback, |s, cx| {
            handlers::completion::resolve(s, item, data.position, cx)
        })
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        self.with_snapshot("hover", &at.text_document.uri, None, |s, cx| {
            handlers::hover::handle(s, at.position, cx)
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let actions = self.with_snapshot("codeAction", &uri, Vec::new(), |s, cx| {
            handlers::code_action::handle(s, &uri, &params, cx)
        })?;
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let edit = (params.command == APPLY_EDIT_COMMAND)
            .then(|| params.arguments.into_iter().next())
            .flatten()
            .and_then(|a| serde_json::from_value::<WorkspaceEdit>(a).ok())
            .ok_or_else(|| Error::invalid_params(format!("unknown command {}", params.command)))?;
        if let Err(error) = self.client.apply_edit(edit).await {
            self.log(
                MessageType::WARNING,
                format!("workspace/applyEdit failed: {error}"),
            )
            .await;
        }
        Ok(None)
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let uri = params.text_document.uri;
        let edits = self.with_snapshot("formatting", &uri, Vec::new(), |s, cx| {
            handlers::formatting::handle(s, &params.options, cx)
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
            handlers::symbol::handle,
        )?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let folds = self.with_snapshot(
            "foldingRange",
            &params.text_document.uri,
            Vec::new(),
            handlers::folding_range::handle,
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
            |s, cx| handlers::selection_range::handle(s, &params.positions, cx),
        )?;
        Ok(Some(ranges))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let links = self.with_snapshot(
            "documentLink",
            &params.text_document.uri,
            Vec::new(),
            handlers::document_link::handle,
        )?;
        Ok(Some(links))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let cache = self.schema_cache().await;
        let view = self.view(&at.text_document.uri);
        let Some(snapshot) = &view.snapshot else {
            return Ok(None);
        };
        let location = guarded("definition", || {
            let cx = view.context(&self.analyzer, cache.as_deref());
            let uri = &at.text_document.uri;
            handlers::variables::definition(snapshot, uri, at.position, cx)
                .or_else(|| handlers::definition::handle(snapshot, at.position, cx))
        })?;
        Ok(location.map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let uri = &at.text_document.uri;
        let with_declaration = params.context.include_declaration;
        let found = self.with_snapshot("references", uri, Vec::new(), |s, cx| {
            handlers::variables::references(s, uri, at.position, with_declaration, cx)
        })?;
        Ok(Some(found))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.with_snapshot("prepareRename", &params.text_document.uri, None, |s, cx| {
            handlers::variables::prepare_rename(s, params.position, cx)
        })
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let uri = &at.text_document.uri;
        let renamed = self.with_snapshot("rename", uri, Ok(None), |s, cx| {
            handlers::variables::rename(s, uri, at.position, &params.new_name, cx)
        })?;
        renamed.map_err(tower_lsp_server::jsonrpc::Error::invalid_params)
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let view = self.view(&params.text_document.uri);
        let previous = params.previous_result_id.as_deref();
        guarded("diagnostic", || {
            handlers::diagnostic::pull(
                view.snapshot.as_ref(),
                previous,
                view.context(&self.analyzer, None),
            )
        })
    }
}
