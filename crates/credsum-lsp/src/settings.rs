//! The server's settings: a [`Config`] read from `initializationOptions`,
//! `workspace/didChangeConfiguration` or `workspace/configuration` (section `credsum`), with its
//! `include`/`exclude` globs compiled, and the association rule that decides which open
//! documents are request files.

use std::path::{Path, PathBuf};

use credsum_analysis::{Analyzer, Config, Diagnostic, FileKind};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::Value;

/// The section name of credsum's settings.
pub const SECTION: &str = "credsum";

/// A configuration with compiled globs.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The configuration.
    pub config: Config,
    /// `include` globs.
    include: GlobSet,
    /// `exclude` globs.
    exclude: GlobSet,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            config: Config::default(),
            include: GlobSet::empty(),
            exclude: GlobSet::empty(),
        }
    }
}

/// Compiles `globs` (patterns without a `/` match at any depth).
fn compile(globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let pattern = if glob.contains('/') {
            glob.clone()
        } else {
            format!("**/{glob}")
        };
        builder.add(Glob::new(&pattern).map_err(|e| format!("bad glob `{glob}`: {e}"))?);
    }
    builder.build().map_err(|e| e.to_string())
}

impl Settings {
    /// Settings from a client's JSON: a `Config` object, or one under a `credsum` key; `null`
    /// gives the defaults.
    pub fn from_json(value: &Value) -> Result<Settings, String> {
        let value = match value {
            Value::Object(map) if map.contains_key(SECTION) => &map[SECTION],
            other => other,
        };
        let config: Config = match value {
            Value::Null => Config::default(),
            other => serde_json::from_value(other.clone()).map_err(|e| e.to_string())?,
        };
        Ok(Settings {
            include: compile(&config.include)?,
            exclude: compile(&config.exclude)?,
            config,
        })
    }

    /// The diagnostics of a document, or `None` when it is not a request file: `exclude` globs
    /// win, then `include` globs, then [`Analyzer::analyze_if_request`] (which recognises and
    /// analyses with one parse, and only sniffs the start of an oversized document).
    pub fn diagnostics(
        &self,
        analyzer: &Analyzer,
        root: Option<&Path>,
        path: Option<&Path>,
        kind: FileKind,
        text: &str,
    ) -> Option<Vec<Diagnostic>> {
        let candidates: Vec<PathBuf> = path
            .map(|p| {
                let mut all = vec![p.to_path_buf()];
                if let Some(relative) = root.and_then(|r| p.strip_prefix(r).ok()) {
                    all.push(relative.to_path_buf());
                }
                all
            })
            .unwrap_or_default();
        if candidates.iter().any(|p| self.exclude.is_match(p)) {
            return None;
        }
        if candidates.iter().any(|p| self.include.is_match(p)) {
            return Some(analyzer.analyze(text, kind, &self.config));
        }
        analyzer.analyze_if_request(text, kind, &self.config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_plain_and_sectioned_settings() {
        let plain = Settings::from_json(&json!({"include": ["*.patch.json"]})).unwrap();
        assert_eq!(plain.config.include, ["*.patch.json"]);
        let sectioned = Settings::from_json(&json!({"credsum": {"max-file-size": 10}})).unwrap();
        assert_eq!(sectioned.config.max_file_size, 10);
        assert!(Settings::from_json(&json!({"nope": 1})).is_err());
        assert!(Settings::from_json(&Value::Null).is_ok());
    }

    #[test]
    fn globs_and_builtin_association() {
        let analyzer = Analyzer::graph();
        let s = Settings::from_json(&json!({"include": ["*.patch.json"], "exclude": ["skip/**"]}))
            .unwrap();
        let root = Path::new("/w");
        let yes = Path::new("/w/a/b.patch.json");
        let no = Path::new("/w/package.json");
        assert!(s
            .diagnostics(&analyzer, Some(root), Some(yes), FileKind::Json, "{}")
            .is_some());
        assert!(s
            .diagnostics(
                &analyzer,
                Some(root),
                Some(no),
                FileKind::Json,
                "{\"name\": 1}"
            )
            .is_none());
        let body = "{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\"}";
        assert!(s
            .diagnostics(&analyzer, Some(root), Some(no), FileKind::Json, body)
            .is_some());
        let skipped = Path::new("/w/skip/x.json");
        assert!(s
            .diagnostics(&analyzer, Some(root), Some(skipped), FileKind::Json, body)
            .is_none());
    }
}
