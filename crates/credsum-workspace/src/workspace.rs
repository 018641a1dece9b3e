//! The workspace: the folder holding `credsum.toml` (found by walking up), its configuration
//! parsed into [`credsum_analysis::Config`], optionally with an editor's settings layered on
//! top, and its `include`/`exclude` [`Globs`] relative to that folder.

use std::path::{Path, PathBuf};

use credsum_analysis::Config;
use serde_json::Value;

use crate::association::{self, NamedAs, Origin};
use crate::globs::Globs;
use crate::paths::clean;

/// The name of the configuration file.
pub const FILE_NAME: &str = "credsum.toml";

/// The workspace: its root folder, its configuration and the compiled globs.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The folder holding `credsum.toml`, or the folder asked about when there is none
    /// (absolute).
    pub root: PathBuf,
    /// The working folder (absolute), which relative paths are relative to.
    cwd: PathBuf,
    /// The `credsum.toml` read, if any.
    pub file: Option<PathBuf>,
    /// The configuration.
    pub config: Config,
    /// `include` globs, relative to `root`.
    include: Globs,
    /// `exclude` globs, relative to `root`.
    exclude: Globs,
}

/// The nearest `credsum.toml` in `folder` or above it, with the folder holding it.
fn find_file(folder: &Path) -> Option<(PathBuf, &Path)> {
    folder.ancestors().find_map(|dir| {
        let file = dir.join(FILE_NAME);
        file.is_file().then_some((file, dir))
    })
}

impl Workspace {
    /// The workspace of `cwd` (absolute): the nearest `credsum.toml` in it or above it, or the
    /// default configuration rooted at `cwd`.
    pub fn discover(cwd: &Path) -> Result<Workspace, String> {
        match find_file(cwd) {
            Some((file, root)) => {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                Workspace::from_toml(cwd, root, &file, &text)
            }
            None => Ok(Workspace {
                cwd: cwd.to_path_buf(),
                ..Workspace::plain(cwd)
            }),
        }
    }

    /// The workspace rooted at `root` configured by the TOML `text` of `file`, for a run in
    /// `cwd`.
    pub fn from_toml(
        cwd: &Path,
        root: &Path,
        file: &Path,
        text: &str,
    ) -> Result<Workspace, String> {
        let config: Config =
            toml::from_str(text).map_err(|e| format!("invalid {}: {e}", file.display()))?;
        Workspace::new(cwd, root, Some(file), config)
    }

    /// The workspace of an editor's workspace `folder` (absolute): the nearest `credsum.toml`
    /// in it or above it, with the editor's `settings` (the `credsum` section, `null` for
    /// none) layered on top by [`layer`]. A file or settings that cannot be used are left out
    /// and named in the problems returned, so a server keeps serving with what is left.
    pub fn for_folder(folder: &Path, settings: &Value) -> (Workspace, Vec<String>) {
        let mut problems = Vec::new();
        let found = find_file(folder).and_then(|(file, root)| {
            let table = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))
                .and_then(|text| {
                    toml::from_str::<Value>(&text)
                        .map_err(|e| format!("invalid {}: {e}", file.display()))
                });
            match table {
                Ok(table) => Some((file, root.to_path_buf(), table)),
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            }
        });
        let (file, root, base) = match found {
            Some((file, root, table)) => (Some(file), root, table),
            None => (None, folder.to_path_buf(), Value::Null),
        };
        let origin = file.as_ref().map_or_else(
            || "settings".to_owned(),
            |f| format!("{} with the editor's settings", f.display()),
        );
        // What cannot be used is dropped, layer by layer, down to the defaults.
        let attempts = [layer(&base, settings), base, settings.clone()];
        for value in attempts {
            let built = config_of(&value, &origin)
                .and_then(|config| Workspace::new(&root, &root, file.as_deref(), config));
            match built {
                Ok(workspace) => return (workspace, problems),
                Err(problem) => problems.push(problem),
            }
        }
        (Workspace::plain(&root), problems)
    }

    /// The default configuration rooted at `root`.
    pub fn plain(root: &Path) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            cwd: root.to_path_buf(),
            file: None,
            config: Config::default(),
            include: Globs::default(),
            exclude: Globs::default(),
        }
    }

    /// Compiles the globs of `config`, read from `file` (named in errors).
    fn new(
        cwd: &Path,
        root: &Path,
        file: Option<&Path>,
        config: Config,
    ) -> Result<Workspace, String> {
        let origin = file.map_or_else(|| "settings".to_owned(), |f| f.display().to_string());
        let include = Globs::new(&config.include, "include", &origin)?;
        let exclude = Globs::new(&config.exclude, "exclude", &origin)?;
        Ok(Workspace {
            root: root.to_path_buf(),
            cwd: cwd.to_path_buf(),
            file: file.map(Path::to_path_buf),
            config,
            include,
            exclude,
        })
    }

    /// `path` (relative to the working folder, or absolute) relative to the root without `.`
    /// parts, or `None` when it lies outside.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        self.cwd.join(path).strip_prefix(&self.root).ok().map(clean)
    }

    /// Whether `path` or a folder above it matches an `include` glob.
    pub fn is_included(&self, path: &Path) -> bool {
        !self.include.is_empty()
            && self
                .relative(path)
                .is_some_and(|rel| self.include.covers(&rel))
    }

    /// Whether `path` itself matches an `exclude` glob. The walker asks this of every folder
    /// before entering it, so the files of an excluded folder are never seen.
    pub fn is_excluded(&self, path: &Path) -> bool {
        !self.exclude.is_empty()
            && self
                .relative(path)
                .is_some_and(|rel| self.exclude.matches(&rel))
    }

    /// Whether `path` or a folder above it (below the root) matches an `exclude` glob: the
    /// question for a file that was named or opened rather than walked to.
    pub fn is_excluded_with_folders(&self, path: &Path) -> bool {
        !self.exclude.is_empty()
            && self
                .relative(path)
                .is_some_and(|rel| self.exclude.covers(&rel))
    }

    /// How a file found by walking is taken: `Included` when an `include` glob covers it or
    /// its name says it is a request body, `PatchNamed` when its name says it is a JSON Patch
    /// document (checked if its text is one, or a request file), else `Walked` (checked only
    /// if its text looks like a request file). The names are [`association::named_as`]'s.
    pub fn walked_origin(&self, path: &Path) -> Origin {
        let named_as = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(association::named_as);
        match named_as {
            _ if self.is_included(path) => Origin::Included,
            Some(NamedAs::Body) => Origin::Included,
            Some(NamedAs::PatchDocument) => Origin::PatchNamed,
            None => Origin::Walked,
        }
    }

    /// How a file reached without a walk (an editor's open document) is taken: `None` when
    /// an `exclude` glob covers it, else as [`Workspace::walked_origin`].
    pub fn document_origin(&self, path: &Path) -> Option<Origin> {
        (!self.is_excluded_with_folders(path)).then(|| self.walked_origin(path))
    }
}

/// The configuration in `value` (`null` for the defaults); errors name `origin`.
fn config_of(value: &Value, origin: &str) -> Result<Config, String> {
    match value {
        Value::Null => Ok(Config::default()),
        other => {
            serde_json::from_value(other.clone()).map_err(|e| format!("invalid {origin}: {e}"))
        }
    }
}

/// `top` layered over `base`: objects merge key by key (so `rules` merge code by code), lists
/// add up (the editor's `include`/`exclude` globs join the file's), and any other value of
/// `top` replaces that of `base`; `null` in `top` changes nothing.
pub fn layer(base: &Value, top: &Value) -> Value {
    match (base, top) {
        (_, Value::Null) => base.clone(),
        (Value::Object(under), Value::Object(over)) => {
            let mut merged = under.clone();
            for (key, value) in over {
                let layered = match under.get(key) {
                    Some(existing) => layer(existing, value),
                    None => value.clone(),
                };
                merged.insert(key.clone(), layered);
            }
            Value::Object(merged)
        }
        (Value::Array(under), Value::Array(over)) => {
            Value::Array(under.iter().chain(over).cloned().collect())
        }
        (_, other) => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use credsum_analysis::RuleLevel;
    use serde_json::json;

    fn parse(text: &str) -> Result<Workspace, String> {
        let ws = Path::new("/ws");
        Workspace::from_toml(ws, ws, Path::new("/ws/credsum.toml"), text)
    }

    #[test]
    fn reads_every_key() {
        let ws = parse(
            "include = [\"requests/*.json\"]\nexclude = [\"vendor\"]\nmax-file-size = 100\n\
             [rules]\nid-in-body = \"off\"\nunknown-value = \"error\"\n",
        )
        .unwrap();
        assert_eq!(ws.config.max_file_size, 100);
        assert_eq!(ws.config.level("id-in-body"), Some(RuleLevel::Off));
        assert_eq!(ws.config.level("unknown-value"), Some(RuleLevel::Error));
        assert!(ws.is_included(Path::new("/ws/requests/a.json")));
        assert!(!ws.is_included(Path::new("/ws/requests/deep/a.json")));
        assert!(!ws.is_included(Path::new("/other/requests/a.json")));
        assert!(ws.is_excluded(Path::new("/ws/vendor")));
        assert!(ws.is_excluded(Path::new("/ws/a/vendor")));
        assert!(!ws.is_excluded(Path::new("/ws/vendor.json")));
        assert!(!ws.is_excluded(Path::new("/ws/vendor/a.json")));
        assert!(ws.is_excluded_with_folders(Path::new("/ws/vendor/a.json")));
        assert!(!ws.is_excluded_with_folders(Path::new("/ws/src/a.json")));
        assert_eq!(ws.document_origin(Path::new("/ws/vendor/a.json")), None);
        assert_eq!(
            ws.document_origin(Path::new("/ws/requests/a.json")),
            Some(Origin::Included)
        );
        assert_eq!(
            ws.document_origin(Path::new("/ws/requests/deep/a.json")),
            Some(Origin::Walked)
        );
    }

    #[test]
    fn unknown_keys_and_bad_globs_are_errors() {
        let key = parse("inclde = []\n").unwrap_err();
        assert!(key.contains("unknown field `inclde`"), "{key}");
        let level = parse("[rules]\nid-in-body = \"loud\"\n").unwrap_err();
        assert!(level.contains("loud"), "{level}");
        let glob = parse("exclude = [\"a/[\"]\n").unwrap_err();
        assert!(glob.contains("bad exclude glob"), "{glob}");
    }

    #[test]
    fn editor_settings_layer_over_the_file() {
        let base = json!({"include": ["a/*.json"], "rules": {"id-in-body": "off", "unknown-value": "error"}, "max-file-size": 10});
        let top =
            json!({"include": ["b/*.json"], "rules": {"id-in-body": "hint"}, "max-diagnostics": 5});
        assert_eq!(
            layer(&base, &top),
            json!({"include": ["a/*.json", "b/*.json"], "rules": {"id-in-body": "hint", "unknown-value": "error"}, "max-file-size": 10, "max-diagnostics": 5})
        );
        assert_eq!(layer(&base, &Value::Null), base);
        assert_eq!(layer(&Value::Null, &top), top);
    }

    #[test]
    fn a_folder_reads_its_credsum_toml_and_keeps_serving_when_it_is_bad() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("sub");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "exclude = [\"vendor\"]\n").unwrap();
        let (ws, problems) = Workspace::for_folder(&folder, &json!({"max-file-size": 7}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(ws.root, dir.path());
        assert_eq!(ws.config.max_file_size, 7);
        assert!(ws.is_excluded_with_folders(&dir.path().join("sub/vendor/a.json")));

        let (ws, problems) = Workspace::for_folder(&folder, &json!({"exclude": ["["]}));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(ws.config.exclude, ["vendor"], "the file alone is kept");

        std::fs::write(dir.path().join(FILE_NAME), "exclude = 1\n").unwrap();
        let (ws, problems) = Workspace::for_folder(&folder, &json!({"max-file-size": 7}));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(ws.config.max_file_size, 7, "the settings alone are kept");

        std::fs::write(dir.path().join(FILE_NAME), "not toml [").unwrap();
        let (ws, problems) = Workspace::for_folder(&folder, &Value::Null);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(ws.config, Config::default());
        assert_eq!(ws.root, folder);
    }
}
