//! `credsum.toml`: found by walking up from the working folder, parsed into
//! [`credsum_analysis::Config`], with its `include`/`exclude` globs compiled against the folder
//! that holds it (the workspace root).

use std::path::{Path, PathBuf};

use credsum_analysis::Config;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::paths::clean;

/// The name of the configuration file.
pub const FILE_NAME: &str = "credsum.toml";

/// The workspace: its root folder, its configuration and the compiled globs.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The folder holding `credsum.toml`, or the working folder when there is none (absolute).
    pub root: PathBuf,
    /// The working folder (absolute), which relative paths are relative to.
    cwd: PathBuf,
    /// The configuration.
    pub config: Config,
    /// `include` globs, relative to `root`.
    include: GlobSet,
    /// `exclude` globs, relative to `root`.
    exclude: GlobSet,
}

impl Workspace {
    /// The workspace of `cwd` (absolute): the nearest `credsum.toml` in it or above it, or the
    /// default configuration rooted at `cwd`.
    pub fn discover(cwd: &Path) -> Result<Workspace, String> {
        for folder in cwd.ancestors() {
            let file = folder.join(FILE_NAME);
            if file.is_file() {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                return Workspace::from_toml(cwd, folder, &file, &text);
            }
        }
        Workspace::new(cwd, cwd, FILE_NAME, Config::default())
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
        if let Some(code) = config.unknown_rule_codes().first() {
            return Err(format!(
                "invalid {}: unknown rule code `{code}` in [rules] (the codes are listed in {})",
                file.display(),
                credsum_analysis::rules::DOCS_URL
            ));
        }
        Workspace::new(cwd, root, &file.display().to_string(), config)
    }

    /// Compiles the globs of `config`, read from `origin` (named in errors).
    fn new(cwd: &Path, root: &Path, origin: &str, config: Config) -> Result<Workspace, String> {
        let include = compile(&config.include, "include", origin)?;
        let exclude = compile(&config.exclude, "exclude", origin)?;
        Ok(Workspace {
            root: root.to_path_buf(),
            cwd: cwd.to_path_buf(),
            config,
            include,
            exclude,
        })
    }

    /// `path` (relative to the working folder, or absolute) relative to the root without `.`
    /// parts, or `None` when it lies outside.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        self.cwd.join(path).strip_prefix(&self.root).ok().map(clean)
    }

    /// Whether `path` matches an `include` glob.
    pub fn is_included(&self, path: &Path) -> bool {
        !self.include.is_empty()
            && self
                .relative(path)
                .is_some_and(|rel| self.include.is_match(rel))
    }

    /// Whether `path` matches an `exclude` glob. The walker asks this of every folder before
    /// entering it, so the files of an excluded folder are never seen.
    pub fn is_excluded(&self, path: &Path) -> bool {
        !self.exclude.is_empty()
            && self
                .relative(path)
                .is_some_and(|rel| self.exclude.is_match(rel))
    }

    /// Whether `path` or a folder above it (below the root) matches an `exclude` glob: the
    /// question for a file that was named rather than walked to.
    pub fn is_excluded_with_folders(&self, path: &Path) -> bool {
        !self.exclude.is_empty()
            && self.relative(path).is_some_and(|rel| {
                rel.ancestors()
                    .any(|part| !part.as_os_str().is_empty() && self.exclude.is_match(part))
            })
    }
}

/// Compiles config globs the way `.gitignore` reads them: a glob without `/` matches a name at
/// any depth, one with `/` is anchored at the workspace root; `*` never crosses `/`, `**` does.
fn compile(globs: &[String], key: &str, origin: &str) -> Result<GlobSet, String> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        let trimmed = glob.trim_start_matches("./").trim_end_matches('/');
        let pattern = if trimmed.contains('/') {
            trimmed.trim_start_matches('/').to_owned()
        } else {
            format!("**/{trimmed}")
        };
        let compiled = GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid {origin}: bad {key} glob `{glob}`: {e}"))?;
        set.add(compiled);
    }
    set.build()
        .map_err(|e| format!("invalid {origin}: bad {key} globs: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use credsum_analysis::RuleLevel;

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
    }

    #[test]
    fn unknown_keys_and_codes_are_errors() {
        let key = parse("inclde = []\n").unwrap_err();
        assert!(key.contains("unknown field `inclde`"), "{key}");
        let code = parse("[rules]\nunknown-propery = \"off\"\n").unwrap_err();
        assert!(
            code.contains("unknown rule code `unknown-propery`"),
            "{code}"
        );
        let level = parse("[rules]\nid-in-body = \"loud\"\n").unwrap_err();
        assert!(level.contains("loud"), "{level}");
        let glob = parse("exclude = [\"a/[\"]\n").unwrap_err();
        assert!(glob.contains("bad exclude glob"), "{glob}");
    }
}
