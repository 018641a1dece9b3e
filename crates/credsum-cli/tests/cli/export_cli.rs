//! `credsum export` through the real binary: formats, atomic writes, and usage errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn credsum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_credsum"))
        .args(args)
        .output()
        .expect("credsum runs")
}

fn repo_schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn default_format_is_json_schema_2020_12_on_stdout() {
    let out = credsum(&["export"]);
    assert!(out.status.success());
    let committed =
        std::fs::read(repo_schema_dir().join("credentialUserRegistrationsSummary.schema.json"))
            .expect("committed schema");
    assert_eq!(out.stdout, committed);
}

#[test]
fn every_format_matches_the_committed_artifact() {
    for (format, yaml, file) in [
        (
            "json-schema-draft-07",
            false,
            "credentialUserRegistrationsSummary.draft-07.schema.json",
        ),
        (
            "json-patch-schema",
            false,
            "credentialUserRegistrationsSummary.json-patch.schema.json",
        ),
        (
            "json-patch-schema-draft-07",
            false,
            "credentialUserRegistrationsSummary.json-patch.draft-07.schema.json",
        ),
        ("openapi-3.0", false, "openapi-3.0.json"),
        ("openapi-3.0", true, "openapi-3.0.yaml"),
        ("openapi-3.1", false, "openapi-3.1.json"),
        ("openapi-3.1", true, "openapi-3.1.yaml"),
    ] {
        let mut args = vec!["export", "--format", format];
        if yaml {
            args.push("--yaml");
        }
        let out = credsum(&args);
        assert!(out.status.success(), "{format}");
        assert_eq!(
            out.stdout,
            std::fs::read(repo_schema_dir().join(file)).expect("committed"),
            "{file}"
        );
    }
}

#[test]
fn all_writes_every_artifact_and_nothing_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = credsum(&["export", "--all", dir.path().to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files_in(dir.path()), files_in(&repo_schema_dir()));
}

#[test]
fn output_file_is_written_and_replaced_atomically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("schema.json");
    std::fs::write(&target, "old").expect("seed file");
    let out = credsum(&[
        "export",
        "--format",
        "openapi-3.1",
        "--output",
        target.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let written = std::fs::read_to_string(&target).expect("written");
    assert!(
        written.starts_with("{\n  \"openapi\": \"3.1.1\""),
        "{written}"
    );
    assert_eq!(
        files_in(dir.path()),
        ["schema.json"],
        "no temporary file left"
    );
}

#[test]
fn unknown_format_lists_the_choices_and_exits_2() {
    let out = credsum(&["export", "--format", "swagger-2"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "json-schema, json-schema-draft-07, json-patch-schema, json-patch-schema-draft-07, openapi-3.0, openapi-3.1"
        ),
        "{stderr}"
    );
}

#[test]
fn unwritable_output_paths_fail_cleanly_with_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing/out.json");
    let out = credsum(&["export", "--output", missing.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains(&format!("cannot write {}", missing.display())));

    // The target is a folder: the rename fails after the temp file was written; nothing is left.
    std::fs::create_dir(dir.path().join("taken")).expect("folder");
    let taken = dir.path().join("taken");
    let out = credsum(&["export", "--output", taken.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(files_in(dir.path()), ["taken"]);
    assert!(files_in(&taken).is_empty());

    // A file stands where --all would create a folder.
    let blocker = dir.path().join("taken/file");
    std::fs::write(&blocker, "x").expect("file");
    let out = credsum(&[
        "export",
        "--all",
        blocker.join("schema").to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot create folder"));
}

#[test]
fn all_creates_the_folder_and_its_parents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("a/b/schema");
    let out = credsum(&["export", "--all", nested.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files_in(&nested), files_in(&repo_schema_dir()));
}

#[test]
fn graph_extensions_adds_the_x_graph_keywords_to_a_json_schema() {
    let plain = credsum(&["export"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("x-graph-"));
    let out = credsum(&["export", "--graph-extensions"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"x-graph-resource\""), "{text}");
}

/// The permission bits of `path`.
#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[test]
fn new_files_are_0644_and_replaced_files_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let all = dir.path().join("schema");
    let out = credsum(&["export", "--all", all.to_str().expect("utf-8")]);
    assert!(out.status.success());
    for name in files_in(&all) {
        assert_eq!(mode(&all.join(&name)), 0o644, "{name}");
    }
    let new = dir.path().join("new.json");
    assert!(credsum(&["export", "-o", new.to_str().expect("utf-8")])
        .status
        .success());
    assert_eq!(mode(&new), 0o644);
    let kept = dir.path().join("kept.json");
    std::fs::write(&kept, "old").expect("seed");
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    assert!(credsum(&["export", "-o", kept.to_str().expect("utf-8")])
        .status
        .success());
    assert_eq!(mode(&kept), 0o640);
}
