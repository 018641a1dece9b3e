//! The server's settings: the editor's `credsum` section (from `initializationOptions`,
//! `workspace/didChangeConfiguration` or `workspace/configuration`) layered over the
//! `credsum.toml` of each workspace folder ([`credsum_workspace::Workspace::for_folder`]), and
//! the association of open documents, which is the workspace crate's, as in `credsum lint`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use credsum_analysis::http_vars::Selection;
use credsum_analysis::{Analyzer, Config, Diagnostic, FileKind};
use credsum_workspace::http_env::{environments_for, HttpEnvironments};
use credsum_workspace::{association, body_files, Origin, Workspace};
use serde_json::Value;

/// The section name of credsum's settings.
pub const SECTION: &str = "credsum";

/// The server-only key (not a `credsum.toml` key): push workspace diagnostics with
/// `textDocument/publishDiagnostics`, for clients that cannot pull them.
pub const PUBLISH_WORKSPACE_DIAGNOSTICS: &str = "publish-workspace-diagnostics";

/// The server-only key (not a `credsum.toml` key) holding `.http` settings: `environment`, the
/// name of the environment `.http` files are checked under (`credsum.http.environment`; unset:
/// every environment defined for the file).
pub const HTTP: &str = "http";

/// Source of [`Settings::generation`]: every set of settings gets a new one.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

/// The settings in force: the editor's, and one workspace per workspace folder.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The editor's `credsum` section without the server-only keys (`null` for none).
    editor: Value,
    /// Whether workspace diagnostics are pushed (see [`PUBLISH_WORKSPACE_DIAGNOSTICS`]).
    pub publish_workspace_diagnostics: bool,
    /// The environment `.http` files are checked under (see [`HTTP`]); `None`: every one.
    pub http_environment: Option<String>,
    /// The workspace folders (absolute) and their workspaces, in the client's order.
    folders: Vec<(PathBuf, Workspace)>,
    /// The workspace of documents outside every folder: the editor's settings alone.
    outside: Workspace,
    /// Identifies this set of settings: results computed under another are stale.
    pub generation: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            editor: Value::Null,
            publish_workspace_diagnostics: false,
            http_environment: None,
            folders: Vec::new(),
            outside: Workspace::plain(Path::new("/")),
            generation: NEXT_GENERATION.fetch_add(1, Ordering::Relaxed),
        }
    }
}

impl Settings {
    /// Settings from a client's JSON: a `Config` object, or one under a `credsum` key; `null`
    /// gives the defaults. No workspace folder yet: see [`Settings::with_folders`].
    pub fn from_json(value: &Value) -> Result<Settings, String> {
        let mut editor = match value {
            Value::Object(map) if map.contains_key(SECTION) => map[SECTION].clone(),
            other => other.clone(),
        };
        let publish = match editor.as_object_mut() {
            Some(map) => match map.remove(PUBLISH_WORKSPACE_DIAGNOSTICS) {
                None | Some(Value::Null) => false,
                Some(Value::Bool(on)) => on,
                Some(other) => {
                    return Err(format!(
                        "{PUBLISH_WORKSPACE_DIAGNOSTICS} must be true or false, not {other}"
                    ))
                }
            },
            None => false,
        };
        let http_environment = match editor.as_object_mut().and_then(|map| map.remove(HTTP)) {
            None | Some(Value::Null) => None,
            Some(Value::Object(http)) => match http.get("environment") {
                None | Some(Value::Null) => None,
                Some(Value::String(name)) if name.is_empty() => None,
                Some(Value::String(name)) => Some(name.clone()),
                Some(other) => return Err(format!("http.environment must be a name, not {other}")),
            },
            Some(other) => return Err(format!("{HTTP} must be an object, not {other}")),
        };
        // Rejected here, whole, as before any folder is read.
        if !editor.is_null() {
            serde_json::from_value::<Config>(editor.clone()).map_err(|e| e.to_string())?;
        }
        let (outside, problems) = Workspace::for_folder(Path::new("/"), &editor);
        if let Some(problem) = problems.into_iter().next() {
            return Err(problem);
        }
        Ok(Settings {
            editor,
            publish_workspace_diagnostics: publish,
            http_environment,
            outside,
            ..Settings::default()
        })
    }

    /// These settings for the workspace `folders`, each with its own `credsum.toml`; also the
    /// problems met reading them (each left out, with the rest still in force).
    pub fn with_folders(&self, folders: &[PathBuf]) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let folders = folders
            .iter()
            .map(|folder| {
                let (workspace, found) = Workspace::for_folder(folder, &self.editor);
                problems.extend(found);
                // The editor's own unknown codes are reported where its settings are read.
                let unknown = workspace.config.unknown_rule_codes().join(", ");
                if let (Some(file), false) = (&workspace.file, unknown.is_empty()) {
                    problems.push(format!(
                        "unknown rule codes in {}: {unknown}",
                        file.display()
                    ));
                }
                (folder.clone(), workspace)
            })
            .collect();
        let settings = Settings {
            editor: self.editor.clone(),
            publish_workspace_diagnostics: self.publish_workspace_diagnostics,
            http_environment: self.http_environment.clone(),
            folders,
            outside: self.outside.clone(),
            generation: NEXT_GENERATION.fetch_add(1, Ordering::Relaxed),
        };
        (settings, problems)
    }

    /// The workspace folders.
    pub fn folders(&self) -> impl Iterator<Item = &(PathBuf, Workspace)> {
        self.folders.iter()
    }

    /// The folder paths, to rebuild the settings with.
    pub fn folder_paths(&self) -> Vec<PathBuf> {
        self.folders
            .iter()
            .map(|(folder, _)| folder.clone())
            .collect()
    }

    /// The workspace of the file at `path`: that of the innermost folder holding it, else the
    /// editor's settings alone.
    pub fn workspace_for(&self, path: Option<&Path>) -> &Workspace {
        path.and_then(|path| {
            self.folders
                .iter()
                .filter(|(folder, _)| path.starts_with(folder))
                .max_by_key(|(folder, _)| folder.as_os_str().len())
        })
        .map_or(&self.outside, |(_, workspace)| workspace)
    }

    /// The configuration of the file at `path`.
    pub fn config_for(&self, path: Option<&Path>) -> &Config {
        &self.workspace_for(path).config
    }

    /// The environments of the `.http` document at `path` (found up to its workspace's root);
    /// none for other kinds and for a document without a path.
    pub fn http_environments(&self, path: Option<&Path>, kind: FileKind) -> HttpEnvironments {
        http_environments(self.workspace_for(path), path, kind)
    }

    /// The diagnostics of an open document, or `None` when it is not a request file: the
    /// workspace's association (`exclude` globs win, then `include` globs, then the analyzer
    /// decides from the text), as `credsum lint` decides for a walked file. An `.http` file is
    /// checked under the environments found for it (up to its workspace's root), or the one
    /// `credsum.http.environment` names.
    pub fn diagnostics(
        &self,
        analyzer: &Analyzer,
        path: Option<&Path>,
        kind: FileKind,
        text: &str,
    ) -> Option<Vec<Diagnostic>> {
        let workspace = self.workspace_for(path);
        let origin = match path {
            Some(path) => workspace.document_origin(path)?,
            None => Origin::Walked,
        };
        let environments = http_environments(workspace, path, kind);
        let mut found = association::analyze_in(
            analyzer,
            &workspace.config,
            origin,
            kind,
            text,
            &environments,
            self.http_selection(),
        )?;
        let config = &workspace.config;
        found.extend(association::environment_findings_at_start(
            &environments,
            config,
        ));
        // A `< ./body.json` line whose file cannot be read (the file itself is checked by lint).
        if let Some(path) = path {
            found.extend(body_files::unreadable(analyzer, config, path, text, kind));
        }
        found.sort_by_key(|d| (d.range.start, d.range.end));
        Some(found)
    }

    /// The environments `.http` files are checked under (`credsum.http.environment`).
    pub fn http_selection(&self) -> Selection<'_> {
        self.http_environment
            .as_deref()
            .map_or(Selection::Every, Selection::One)
    }
}

/// The environments of the file at `path` of `workspace` when it is an `.http` file (read from
/// the environment files up to the workspace root), else none.
pub fn http_environments(
    workspace: &Workspace,
    path: Option<&Path>,
    kind: FileKind,
) -> HttpEnvironments {
    match path {
        Some(path) if kind == FileKind::Http => environments_for(path, Some(&workspace.root)),
        _ => HttpEnvironments::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_plain_and_sectioned_settings() {
        let plain = Settings::from_json(&json!({"include": ["*.patch.json"]})).unwrap();
        assert_eq!(plain.config_for(None).include, ["*.patch.json"]);
        let sectioned = Settings::from_json(&json!({"credsum": {"max-file-size": 10}})).unwrap();
        assert_eq!(sectioned.config_for(None).max_file_size, 10);
        assert!(Settings::from_json(&json!({"nope": 1})).is_err());
        assert!(Settings::from_json(&json!({"exclude": ["["]})).is_err());
        assert!(Settings::from_json(&Value::Null).is_ok());
        let publish = Settings::from_json(&json!({"publish-workspace-diagnostics": true})).unwrap();
        assert!(publish.publish_workspace_diagnostics);
        assert!(Settings::from_json(&json!({"publish-workspace-diagnostics": 1})).is_err());
        let http = Settings::from_json(&json!({"credsum": {"http": {"environment": "dev"}}}));
        assert_eq!(http.unwrap().http_environment.as_deref(), Some("dev"));
        assert!(Settings::from_json(&json!({"http": {"environment": 1}})).is_err());
    }

    #[test]
    fn globs_and_builtin_association() {
        let analyzer = Analyzer::graph();
        let s = Settings::from_json(&json!({"include": ["*.patch.json"], "exclude": ["skip"]}))
            .unwrap();
        let (s, problems) = s.with_folders(&[PathBuf::from("/w")]);
        assert!(problems.is_empty(), "{problems:?}");
        let yes = Path::new("/w/a/b.patch.json");
        let no = Path::new("/w/package.json");
        assert!(s
            .diagnostics(&analyzer, Some(yes), FileKind::Json, "{}")
            .is_some());
        assert!(s
            .diagnostics(&analyzer, Some(no), FileKind::Json, "{\"name\": 1}")
            .is_none());
        let body = "{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\"}";
        assert!(s
            .diagnostics(&analyzer, Some(no), FileKind::Json, body)
            .is_some());
        let skipped = Path::new("/w/skip/x.json");
        assert!(s
            .diagnostics(&analyzer, Some(skipped), FileKind::Json, body)
            .is_none());
        let outside = Path::new("/elsewhere/c.patch.json");
        assert!(s
            .diagnostics(&analyzer, Some(outside), FileKind::Json, "{}")
            .is_some());
    }
}
