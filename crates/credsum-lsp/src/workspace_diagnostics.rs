//! Workspace diagnostics (LSP 3.17 `workspace/diagnostic`): every request file of the
//! workspace folders, found and judged as `credsum lint FOLDER` finds and judges them (the
//! workspace crate's walk, `.gitignore`, `credsum.toml` and association), each folder with
//! its own `credsum.toml`. A file's `resultId` is its modification time and size under one
//! set of settings, so a file the client already holds comes back `unchanged` after one
//! `stat`, without being read. Documents open in the editor are left to document diagnostics.
//! A scan runs on a blocking thread and stops when its request is cancelled; for clients that
//! cannot pull, [`Pushed`] publishes what changed instead.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use credsum_analysis::Analyzer;
use credsum_syntax::line_index::LineIndex;
use credsum_workspace::load::{load, Loaded};
use credsum_workspace::walk::walk_folders;
use credsum_workspace::{association, par, Candidate, Workspace};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, FullDocumentDiagnosticReport,
    GlobPattern, PreviousResultId, Registration, UnchangedDocumentDiagnosticReport, Uri,
    WorkspaceDocumentDiagnosticReport, WorkspaceFullDocumentDiagnosticReport,
    WorkspaceUnchangedDocumentDiagnosticReport,
};
use tower_lsp_server::Client;

use crate::capabilities::ClientFeatures;
use crate::handlers::diagnostic::to_lsp;
use crate::settings::{http_environments, Settings};

/// The result ids a client holds, by file path (the client may spell a URI differently).
pub type Held = HashMap<PathBuf, (Uri, String)>;

/// One scan of the workspace folders: everything it needs, owned, so it can run off the
/// server's lock on a blocking thread.
pub struct Scan {
    /// The analysis core.
    pub analyzer: Arc<Analyzer>,
    /// The settings, with the workspace folders.
    pub settings: Arc<Settings>,
    /// The paths of the documents open in the editor.
    pub open: HashSet<PathBuf>,
    /// The result ids the client holds.
    pub held: Held,
    /// What the client takes.
    pub client: ClientFeatures,
}

/// What a scan found.
pub struct Scanned {
    /// One report per request file, and an empty one per held file that is one no longer;
    /// sorted by URI.
    pub reports: Vec<WorkspaceDocumentDiagnosticReport>,
    /// Entries the walk could not read (unreadable folders, broken links), to log.
    pub warnings: Vec<String>,
}

/// The held result ids of a request's `previousResultIds`.
pub fn held(previous: Vec<PreviousResultId>) -> Held {
    previous
        .into_iter()
        .filter_map(|p| {
            let path = p.uri.to_file_path()?.into_owned();
            Some((path, (p.uri, p.value)))
        })
        .collect()
}

/// Sets its flag when dropped: the scan of a request whose future is dropped (cancelled) stops.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Scan {
    /// Runs the scan on a blocking thread. Dropping the future (a cancelled request) stops the
    /// scan at its next file; a panic becomes an internal error.
    pub async fn run(self) -> Result<Scanned> {
        let cancel = Arc::new(AtomicBool::new(false));
        let guard = CancelOnDrop(Arc::clone(&cancel));
        let flag = Arc::clone(&guard.0);
        let task = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| self.scan(&flag)))
        });
        match task.await {
            Ok(Ok(Some(scanned))) => Ok(scanned),
            Ok(Ok(None)) => Err(Error::request_cancelled()),
            Ok(Err(_)) | Err(_) => {
                eprintln!("credsum: workspace diagnostics panicked");
                let mut error = Error::internal_error();
                error.message = "credsum: workspace diagnostics failed".into();
                Err(error)
            }
        }
    }

    /// Walks every folder and reports its request files; `None` once `cancel` is set.
    fn scan(&self, cancel: &AtomicBool) -> Option<Scanned> {
        let stop = || cancel.load(Ordering::Relaxed);
        let mut reports = Vec::new();
        let mut warnings = Vec::new();
        let mut reported = HashSet::new();
        for (folder, workspace) in self.settings.folders() {
            let found = par::map_stream(
                |found| {
                    let mut take = |candidate: Candidate| {
                        // A file of a nested folder is that folder's, with its settings.
                        let owner = self.settings.workspace_for(Some(&candidate.path));
                        if std::ptr::eq(owner, workspace) && !self.open.contains(&candidate.path) {
                            found(candidate);
                        }
                    };
                    warnings.extend(walk_folders(
                        std::slice::from_ref(folder),
                        workspace,
                        &stop,
                        &mut take,
                    ));
                },
                |candidate| {
                    (!stop())
                        .then(|| self.report(candidate, workspace))
                        .flatten()
                },
            );
            for (path, report) in found {
                reported.insert(path);
                reports.push(report);
            }
        }
        if stop() {
            return None;
        }
        // Held files that are gone, excluded or no longer request files: cleared.
        for (path, (uri, _)) in &self.held {
            if !reported.contains(path) && !self.open.contains(path) {
                reports.push(full(uri.clone(), None, Vec::new()));
            }
        }
        reports.sort_by(|a, b| report_uri(a).as_str().cmp(report_uri(b).as_str()));
        Some(Scanned { reports, warnings })
    }

    /// The report of one walked file, `None` when it is not a request file.
    fn report(
        &self,
        candidate: Candidate,
        workspace: &Workspace,
    ) -> Option<(PathBuf, WorkspaceDocumentDiagnosticReport)> {
        let Candidate { path, kind, origin } = candidate;
        let uri = Uri::from_file_path(&path)?;
        let result_id = result_id(self.settings.generation, &path)?;
        if self
            .held
            .get(&path)
            .is_some_and(|(_, held)| *held == result_id)
        {
            let unchanged = WorkspaceUnchangedDocumentDiagnosticReport {
                uri,
                version: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            };
            return Some((
                path,
                WorkspaceDocumentDiagnosticReport::Unchanged(unchanged),
            ));
        }
        let config = &workspace.config;
        let (client, max) = (&self.client, config.max_diagnostics);
        load(
            path,
            origin,
            kind,
            config.max_file_size,
            &self.analyzer,
            |path, loaded| {
                let items = match loaded {
                    Loaded::Skipped => return None,
                    Loaded::Problem(problem) => to_lsp(
                        &LineIndex::new(""),
                        &problem.diagnostics(config),
                        max,
                        client,
                    ),
                    Loaded::Text(text) => {
                        let environments = http_environments(workspace, Some(&path), kind);
                        let mut diagnostics = association::analyze_in(
                            &self.analyzer,
                            config,
                            origin,
                            kind,
                            &text,
                            &environments,
                            self.settings.http_selection(),
                        )?;
                        diagnostics.extend(association::environment_findings_at_start(
                            &environments,
                            config,
                        ));
                        diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
                        to_lsp(&LineIndex::new(&text), &diagnostics, max, client)
                    }
                };
                Some((path, full(uri, Some(result_id), items)))
            },
        )
    }
}

/// The result id of the file at `path` under settings `generation`: its modification time
/// and size. `None` when the file cannot be looked up (gone since the walk).
fn result_id(generation: u64, path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos());
    Some(format!("{generation}.{modified}.{}", meta.len()))
}

/// A full report of `uri`.
fn full(
    uri: Uri,
    result_id: Option<String>,
    items: Vec<tower_lsp_server::ls_types::Diagnostic>,
) -> WorkspaceDocumentDiagnosticReport {
    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
        uri,
        version: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
    })
}

/// The URI a report is about.
fn report_uri(report: &WorkspaceDocumentDiagnosticReport) -> &Uri {
    match report {
        WorkspaceDocumentDiagnosticReport::Full(full) => &full.uri,
        WorkspaceDocumentDiagnosticReport::Unchanged(unchanged) => &unchanged.uri,
    }
}

/// Workspace diagnostics pushed with `textDocument/publishDiagnostics`, for clients that
/// cannot pull them: what was last published, so each scan publishes only what changed.
#[derive(Default)]
pub struct Pushed {
    /// The result ids published, by path; taken by one scan at a time.
    published: Arc<tokio::sync::Mutex<Held>>,
}

impl Pushed {
    /// Forgets what was published for `uri` (a document just closed: the client dropped its
    /// diagnostics), so the next scan publishes it again.
    pub async fn forget(&self, uri: &Uri) {
        if let Some(path) = uri.to_file_path() {
            self.published.lock().await.remove(path.as_ref());
        }
    }

    /// Scans in the background and publishes every file whose diagnostics changed (an empty
    /// list for one that is no longer a request file); the walk's warnings go to stderr.
    pub fn spawn(&self, client: Client, mut scan: Scan) {
        let published = Arc::clone(&self.published);
        tokio::spawn(async move {
            let mut published = published.lock().await;
            scan.held = published.clone();
            let scanned = match scan.run().await {
                Ok(scanned) => scanned,
                Err(error) => {
                    eprintln!("credsum: workspace diagnostics: {}", error.message);
                    return;
                }
            };
            for warning in scanned.warnings {
                eprintln!("credsum: workspace diagnostics: {warning}");
            }
            for report in scanned.reports {
                let WorkspaceDocumentDiagnosticReport::Full(report) = report else {
                    continue;
                };
                let uri = report.uri;
                let full = report.full_document_diagnostic_report;
                if let Some(path) = uri.to_file_path().map(|p| p.into_owned()) {
                    match full.result_id {
                        Some(id) => published.insert(path, (uri.clone(), id)),
                        None => published.remove(&path),
                    };
                }
                client.publish_diagnostics(uri, full.items, None).await;
            }
        });
    }
}

/// The id of the file watcher registration.
const WATCHER_ID: &str = "credsum-workspace-files";

/// The dynamic registration of `workspace/didChangeWatchedFiles` for the files a scan reads:
/// request-file candidates, `credsum.toml` and `.gitignore`.
pub fn watcher_registration() -> Registration {
    let watchers: Vec<FileSystemWatcher> = [
        "**/*.{json,http,rest,md,markdown}",
        "**/credsum.toml",
        "**/.gitignore",
    ]
    .into_iter()
    .map(|glob| FileSystemWatcher {
        glob_pattern: GlobPattern::String(glob.to_owned()),
        kind: None,
    })
    .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    Registration {
        id: WATCHER_ID.to_owned(),
        method: "workspace/didChangeWatchedFiles".to_owned(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// Whether a changed file changes which files are request files and how they are checked:
/// a `credsum.toml` or a `.gitignore`.
pub fn is_config(uri: &Uri) -> bool {
    let name = uri.path().as_str().rsplit('/').next().unwrap_or("");
    name == credsum_workspace::workspace::FILE_NAME || name == ".gitignore"
}
