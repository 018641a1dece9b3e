//! One association list (issue 25 item 4): one file per name pattern of
//! `credsum_workspace::association::name_patterns`, none with `@odata.type`, in a folder that
//! `credsum lint` walks, that the language server's association (`Settings::diagnostics`) is
//! asked about, and that `catalog.json` maps: all three take every such file, each as the same
//! kind (PATCH body or JSON Patch document), and leave a plain `*.json` file alone.

use std::path::Path;
use std::process::Command;

use credsum_analysis::{Analyzer, FileKind};
use credsum_lsp::settings::Settings;
use credsum_model::Registry;
use credsum_workspace::association::{name_patterns, NamedAs};
use credsum_workspace::catalog;
use serde_json::Value;

/// A body without `@odata.type` with a finding (`quoted-value`), and a JSON Patch document.
const BODY: &str = "{\"totalUserCount\": \"42\"}\n";
const PATCH: &str = "[{\"op\": \"replace\", \"path\": \"/totalUserCount\", \"value\": 1}]\n";

/// The catalog entries (draft-07 body schema or JSON Patch schema) whose `fileMatch` takes `name`.
fn catalog_kinds(catalog: &Value, name: &str) -> Vec<NamedAs> {
    catalog["schemas"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| {
            entry["fileMatch"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|glob| {
                    let suffix = glob.as_str().unwrap_or_default().trim_start_matches('*');
                    name.len() > suffix.len() && name.ends_with(suffix)
                })
        })
        .map(|entry| {
            if entry["url"]
                .as_str()
                .unwrap_or_default()
                .contains(".json-patch.")
            {
                NamedAs::PatchDocument
            } else {
                NamedAs::Body
            }
        })
        .collect()
}

#[test]
fn lint_the_server_and_the_catalog_take_the_same_files() {
    let registry = Registry::graph();
    let dir = tempfile::tempdir().expect("temp dir");
    let patterns = name_patterns(&registry);
    let mut expected = Vec::new();
    for pattern in &patterns {
        let name = format!("a{}", pattern.suffix);
        let text = match pattern.named_as {
            NamedAs::Body => BODY,
            NamedAs::PatchDocument => PATCH,
        };
        std::fs::write(dir.path().join(&name), text).expect("write");
        expected.push((name, pattern.named_as));
    }
    std::fs::write(dir.path().join("plain.json"), BODY).expect("write");

    // lint: every named file is reported, a patch document as one; the plain file is skipped.
    let out = Command::new(env!("CARGO_BIN_EXE_credsum"))
        .args(["lint", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .expect("credsum runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let mut linted: Vec<(String, NamedAs)> = report
        .as_array()
        .expect("array")
        .iter()
        .map(|file| {
            let name = Path::new(file["path"].as_str().unwrap_or_default())
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let patch = file["diagnostics"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|d| d["code"] == "json-patch-document");
            let kind = if patch {
                NamedAs::PatchDocument
            } else {
                NamedAs::Body
            };
            (name, kind)
        })
        .collect();
    linted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut sorted = expected.clone();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(linted, sorted, "credsum lint");

    // The server: the same association, the same kinds.
    let analyzer = Analyzer::graph();
    let (settings, problems) = Settings::from_json(&Value::Null)
        .expect("default settings")
        .with_folders(&[dir.path().to_path_buf()]);
    assert!(problems.is_empty(), "{problems:?}");
    let catalog = catalog::document(&registry);
    for (name, kind) in &expected {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).expect("read");
        let file_kind = FileKind::from_path(&path).expect("a JSON kind");
        let diagnostics = settings
            .diagnostics(&analyzer, Some(&path), file_kind, &text)
            .unwrap_or_else(|| panic!("the server skips {name}"));
        let patch = diagnostics.iter().any(|d| d.code == "json-patch-document");
        assert_eq!(patch, *kind == NamedAs::PatchDocument, "server: {name}");
        assert_eq!(catalog_kinds(&catalog, name), [*kind], "catalog: {name}");
    }
    let plain = dir.path().join("plain.json");
    assert!(settings
        .diagnostics(&analyzer, Some(&plain), FileKind::Json, BODY)
        .is_none());
    assert!(catalog_kinds(&catalog, "plain.json").is_empty());
}
