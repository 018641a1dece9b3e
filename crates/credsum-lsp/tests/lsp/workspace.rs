//! Workspace diagnostics and `credsum.toml` through the protocol: `workspace/diagnostic` over a
//! real folder tree (snapshotted with the folder's path and the result ids redacted),
//! `unchanged` reports, the dynamically registered file watcher, multi-root folders with their
//! own `credsum.toml`, cancellation, and publishing for clients that cannot pull.

use crate::support;

use std::path::Path;

use insta::assert_json_snapshot;
use serde_json::{json, Value};
use support::TestClient;

/// The resource's `@odata.type`, which makes a `.json` file a request file.
const ODATA_TYPE: &str = "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary";

/// A body that names the resource and has one unknown property.
fn body(unknown: &str) -> String {
    format!("{{\"@odata.type\": \"{ODATA_TYPE}\", \"{unknown}\": 1}}\n")
}

/// Writes `files` (relative path, contents) under `root`.
fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The tree of issue 12's measured bugs: `include` with a `*` that must stay in its folder,
/// `exclude` of a folder name, a `.gitignore`d folder, and files that are not request files.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let named = body("namedTypo");
    write_tree(
        dir.path(),
        &[
            (
                "credsum.toml",
                "include = [\"requests/*.json\"]\nexclude = [\"vendor\"]\n",
            ),
            (".gitignore", "ignored/\n"),
            ("requests/a.json", "{\"includedTypo\": 1}\n"),
            ("requests/deep/a.json", "{\"deepTypo\": 1}\n"),
            ("vendor/a.json", &named),
            ("src/b.json", &named),
            ("ignored/c.json", &named),
            ("package.json", "{\"name\": \"x\"}\n"),
        ],
    );
    dir
}

/// The `file://` URI of `path`.
fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Capabilities of a client that pulls document and workspace diagnostics and registers
/// file watchers.
fn pulling_client() -> Value {
    json!({
        "textDocument": {"diagnostic": {}},
        "workspace": {
            "diagnostics": {"refreshSupport": true},
            "didChangeWatchedFiles": {"dynamicRegistration": true}
        }
    })
}

/// A started client initialized with `folders` as its workspace folders.
async fn client(capabilities: Value, options: Value, folders: &[&Path]) -> TestClient {
    let mut client = TestClient::start(Value::Null);
    let folders: Vec<Value> = folders
        .iter()
        .map(|f| json!({"uri": uri(f), "name": "w"}))
        .collect();
    client
        .initialize_with(json!({
            "capabilities": capabilities,
            "initializationOptions": options,
            "workspaceFolders": folders,
        }))
        .await;
    client
}

/// `report` with `root`'s URI spelt `ROOT` and result ids spelt `<id>`.
fn redacted(report: &Value, root: &Path) -> Value {
    let text = report.to_string().replace(&uri(root), "ROOT");
    let mut value: Value = serde_json::from_str(&text).unwrap();
    for item in value["items"].as_array_mut().unwrap() {
        if item["resultId"].is_string() {
            item["resultId"] = json!("<id>");
        }
    }
    value
}

/// The `(uri, kind)` of each item of a report, with `root` spelt `ROOT`.
fn kinds(report: &Value, root: &Path) -> Vec<(String, String)> {
    redacted(report, root)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["uri"].as_str().unwrap().to_owned(),
                i["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The `previousResultIds` of a report's items that have a result id.
fn previous(report: &Value) -> Value {
    let ids: Vec<Value> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["resultId"].is_string())
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    json!({"previousResultIds": ids})
}

#[tokio::test]
async fn workspace_report_follows_credsum_toml_and_comes_back_unchanged() {
    let dir = fixture();
    let root = dir.path();
    let mut client = client(pulling_client(), Value::Null, &[root]).await;
    let registration = client.message("client/registerCapability").await;
    assert_json_snapshot!("watcher_registration", registration["params"]);

    let first = client
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    assert_json_snapshot!("first_report", redacted(&first, root));

    let second = client
        .request("workspace/diagnostic", previous(&first))
        .await;
    assert_eq!(
        kinds(&second, root),
        [
            ("ROOT/requests/a.json".to_owned(), "unchanged".to_owned()),
            ("ROOT/src/b.json".to_owned(), "unchanged".to_owned()),
        ]
    );

    // An edit made outside the editor, then a deleted file.
    std::fs::write(root.join("src/b.json"), body("otherTypo") + "\n").unwrap();
    std::fs::remove_file(root.join("requests/a.json")).unwrap();
    let changes = json!({"changes": [
        {"uri": uri(&root.join("src/b.json")), "type": 2},
        {"uri": uri(&root.join("requests/a.json")), "type": 3},
    ]});
    client
        .notify("workspace/didChangeWatchedFiles", changes)
        .await;
    client.message("workspace/diagnostic/refresh").await;
    let third = client
        .request("workspace/diagnostic", previous(&second))
        .await;
    assert_json_snapshot!("after_edit_and_delete", redacted(&third, root));
}

#[tokio::test]
async fn a_changed_credsum_toml_is_read_again() {
    let dir = fixture();
    let root = dir.path();
    let mut client = client(pulling_client(), Value::Null, &[root]).await;
    let first = client
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    std::fs::write(root.join("credsum.toml"), "exclude = [\"src\"]\n").unwrap();
    let changes = json!({"changes": [{"uri": uri(&root.join("credsum.toml")), "type": 2}]});
    client
        .notify("workspace/didChangeWatchedFiles", changes)
        .await;
    client.message("workspace/diagnostic/refresh").await;
    let second = client
        .request("workspace/diagnostic", previous(&first))
        .await;
    // requests/a.json is no longer included, src/ is excluded: both are cleared (empty, no id).
    assert_json_snapshot!("after_config_change", redacted(&second, root));
}

#[tokio::test]
async fn open_documents_are_left_out_and_each_folder_has_its_own_settings() {
    let dir = fixture();
    let other = tempfile::tempdir().unwrap();
    write_tree(
        other.path(),
        &[
            ("vendor/a.json", &body("otherFolder")),
            ("credsum.toml", ""),
        ],
    );
    let mut client = client(pulling_client(), Value::Null, &[dir.path(), other.path()]).await;
    let b = uri(&dir.path().join("src/b.json"));
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": b, "languageId": "json", "version": 1, "text": body("x")}}),
        )
        .await;
    let report = client
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    let uris: Vec<String> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["uri"].as_str().unwrap().to_owned())
        .collect();
    // The second folder's `vendor` is not excluded: its credsum.toml says nothing. Reports
    // come sorted by URI, whatever the folders' (random) names.
    let mut expected = [
        uri(&dir.path().join("requests/a.json")),
        uri(&other.path().join("vendor/a.json")),
    ];
    expected.sort();
    assert_eq!(uris, expected);
    let removed =
        json!({"event": {"added": [], "removed": [{"uri": uri(other.path()), "name": "o"}]}});
    client
        .notify("workspace/didChangeWorkspaceFolders", removed)
        .await;
    let report = client
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    assert_eq!(report["items"].as_array().unwrap().len(), 1, "{report}");
}

#[tokio::test]
async fn a_cancelled_scan_answers_request_cancelled_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let text = body("typo");
    for i in 0..3000 {
        write_tree(dir.path(), &[(&format!("d{}/f{i}.json", i % 30), &text)]);
    }
    let mut client = client(pulling_client(), Value::Null, &[dir.path()]).await;
    let id = client
        .send_request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    client.notify("$/cancelRequest", json!({"id": id})).await;
    let response = client.response(id).await;
    // Either cancelled in time or already answered in full: never anything else.
    match response.get("error") {
        Some(error) => assert_eq!(error["code"], -32800, "{response}"),
        None => assert_eq!(response["result"]["items"].as_array().unwrap().len(), 3000),
    }
    let again = client
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    assert_eq!(again["items"].as_array().unwrap().len(), 3000);
}

#[tokio::test]
async fn clients_that_cannot_pull_get_workspace_diagnostics_published() {
    let dir = fixture();
    let root = dir.path();
    let options = json!({"publish-workspace-diagnostics": true});
    let mut client = client(json!({}), options, &[root]).await;
    // Published in URI order.
    for file in ["requests/a.json", "src/b.json"] {
        let published = client.diagnostics(&uri(&root.join(file)), None).await;
        assert_eq!(published["diagnostics"][0]["code"], "unknown-property");
    }
}

/// The codes and messages of published diagnostics.
fn messages(published: &Value) -> Vec<(String, String)> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_http_file_is_checked_under_its_environments_or_the_one_set() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let env = r#"{"dev": {"graph": "https://graph.microsoft.com/beta"}, "prod": {"graph": "https://graph.microsoft.com/v1.0"}}"#;
    let request = "GET {{graph}}/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\nAuthorization: Bearer x\n";
    write_tree(&root, &[("http-client.env.json", env), ("a.http", request)]);
    let file = uri(&root.join("a.http"));
    for (options, expected) in [
        (json!({}), Some("in environment \"prod\": ")),
        (json!({"http": {"environment": "dev"}}), None),
    ] {
        let mut client = client(json!({}), options, &[&root]).await;
        client.open(&file, "http", request).await;
        let found = messages(&client.diagnostics(&file, Some(1)).await);
        let version = found.iter().find(|(code, _)| code == "api-version");
        match expected {
            Some(prefix) => assert!(
                version.is_some_and(|(_, m)| m.starts_with(prefix)),
                "{found:?}"
            ),
            None => assert!(version.is_none(), "{found:?}"),
        }
        assert!(
            found.iter().all(|(code, _)| code != "undefined-variable"),
            "{found:?}"
        );
    }
}
