//! The JSON Schemas of the server's own version, written once to the user's cache folder so
//! that go-to-definition has somewhere to jump in any repository (a `schema/` folder of the
//! workspace still wins; see [`crate::handlers::definition`]).
//!
//! The folder is `<cache>/credsum/<version>/`, where `<cache>` is `$XDG_CACHE_HOME` (else
//! `~/.cache`) on Linux and other Unixes, `~/Library/Caches` on macOS and `%LOCALAPPDATA%` on
//! Windows; the editor setting `schema-cache` names another folder. Each file is written
//! through a temporary file and a rename, so a reader never sees half a schema, and is left
//! alone when it already holds the same bytes.

use std::path::{Path, PathBuf};

use credsum_analysis::Analyzer;
use credsum_model::export::{self, Encoding, Format};
use serde_json::Value;

/// The editor setting naming the folder (instead of the user's cache folder).
pub const SETTING: &str = "schema-cache";

/// The platform's cache folder, from `var` (the environment in the server).
fn platform_cache(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let absolute = |name: &str| var(name).map(PathBuf::from).filter(|p| p.is_absolute());
    if cfg!(windows) {
        return absolute("LOCALAPPDATA");
    }
    let home = absolute("HOME");
    if cfg!(target_os = "macos") {
        return home.map(|h| h.join("Library/Caches"));
    }
    absolute("XDG_CACHE_HOME").or_else(|| home.map(|h| h.join(".cache")))
}

/// The folder for this version's schemas: `setting` when given, else under the platform's
/// cache folder.
pub fn folder(setting: Option<&Path>) -> Option<PathBuf> {
    match setting {
        Some(dir) => Some(dir.to_path_buf()),
        None => platform_cache(|name| std::env::var(name).ok())
            .map(|cache| cache.join("credsum").join(env!("CARGO_PKG_VERSION"))),
    }
}

/// Writes `contents` to `path` through a temporary file in the same folder and a rename.
fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(());
    }
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&temp, contents)
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

/// Writes the JSON Schema (2020-12) of every resource of `analyzer` into `dir` (created if
/// missing), named as `credsum export --all` names them. Returns the folder, or why it could
/// not be written.
pub fn write(analyzer: &Analyzer, dir: &Path) -> Result<PathBuf, String> {
    let fail = |e: std::io::Error| format!("cannot write the schema cache {}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(fail)?;
    let registry = analyzer.registry();
    for resource in registry.resources() {
        let document: Value = export::document(
            registry,
            Format::JsonSchema,
            Some(resource),
            export::Options::default(),
        );
        let name = file_name(resource.descriptor().name());
        write_atomic(&dir.join(name), &export::render(&document, Encoding::Json)).map_err(fail)?;
    }
    Ok(dir.to_path_buf())
}

/// The file name of a resource's JSON Schema (as in the repository's `schema/` folder).
pub fn file_name(resource: &str) -> String {
    format!("{resource}.schema.json")
}

/// The value of the `schema-cache` setting in a client's settings JSON (plain or under a
/// `credsum` key), and the settings without it (the rest is shared with `credsum.toml`).
pub fn take_setting(value: &Value) -> (Value, Option<PathBuf>) {
    let mut value = value.clone();
    let map = match &mut value {
        Value::Object(outer) if outer.contains_key(crate::settings::SECTION) => {
            outer.get_mut(crate::settings::SECTION)
        }
        other => Some(other),
    };
    let dir = map
        .and_then(Value::as_object_mut)
        .and_then(|m| m.remove(SETTING))
        .and_then(|v| v.as_str().map(PathBuf::from));
    (value, dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn xdg_cache_home_wins_over_home() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let both = env(&[("XDG_CACHE_HOME", "/x/cache"), ("HOME", "/home/u")]);
        assert_eq!(platform_cache(both), Some(PathBuf::from("/x/cache")));
        let relative = env(&[("XDG_CACHE_HOME", "rel"), ("HOME", "/home/u")]);
        assert_eq!(
            platform_cache(relative),
            Some(PathBuf::from("/home/u/.cache"))
        );
        assert_eq!(platform_cache(env(&[])), None);
    }

    #[test]
    fn the_setting_is_taken_out_of_plain_and_sectioned_settings() {
        let (rest, dir) = take_setting(&json!({"schema-cache": "/c", "include": ["a"]}));
        assert_eq!((rest, dir), (json!({"include": ["a"]}), Some("/c".into())));
        let (rest, dir) = take_setting(&json!({"credsum": {"schema-cache": "/c"}}));
        assert_eq!((rest, dir), (json!({"credsum": {}}), Some("/c".into())));
        assert_eq!(take_setting(&Value::Null), (Value::Null, None));
    }

    #[test]
    fn writes_once_and_identically() {
        let dir = std::env::temp_dir().join(format!("credsum-cache-test-{}", std::process::id()));
        let analyzer = Analyzer::graph();
        write(&analyzer, &dir).unwrap();
        let path = dir.join(file_name("credentialUserRegistrationsSummary"));
        let first = std::fs::read_to_string(&path).unwrap();
        assert!(first.contains("\"tenantId\""));
        write(&analyzer, &dir).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
        assert!(write(&analyzer, &path.join("nested")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
