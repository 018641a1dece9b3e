//! RFC 6902 JSON Patch documents in the editor, end to end over the real server: diagnostics,
//! completion of `op`, `path` and `value`, hover on a `path`, and the conversion to a Graph PATCH
//! body as a code action (in a `.json` file and in an `.http` request). Responses are insta
//! snapshots.

use crate::support;

use insta::assert_json_snapshot;
use serde_json::{json, Value};
use support::{vscode_like, TestClient};

const URI: &str = "file:///w/ops.patch.json";

const DOCUMENT: &str = "[\n  {\"op\": \"replace\", \"path\": \"/totalUserCount\", \"value\": 120},\n  {\"op\": \"remove\", \"path\": \"/tenantDisplayName\"}\n]\n";

/// A started and initialized client for which every `*.patch.json` is a request file.
async fn client() -> TestClient {
    let mut client = TestClient::start(Value::Null);
    client
        .initialize(vscode_like(), json!({"include": ["*.patch.json"]}))
        .await;
    client
}

/// `textDocument` + `position` params.
fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// The labels of a completion response.
fn labels(items: &Value) -> Vec<&str> {
    let items = items.as_array().or_else(|| items["items"].as_array());
    items
        .expect("completion items")
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect()
}

/// The quick fixes offered for the first published diagnostic of `uri` with `code`.
async fn quick_fixes(client: &mut TestClient, uri: &str, published: &Value, code: &str) -> Value {
    let diagnostic = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("a {code} diagnostic in {published}"))
        .clone();
    client.quick_fixes(uri, &diagnostic).await
}

#[tokio::test]
async fn the_conversion_is_a_code_action() {
    let mut client = client().await;
    client.open(URI, "json", DOCUMENT).await;
    let published = client.diagnostics(URI, Some(1)).await;
    assert_json_snapshot!(published);
    assert_json_snapshot!(quick_fixes(&mut client, URI, &published, "json-patch-document").await);
}

#[tokio::test]
async fn the_conversion_of_a_request_fixes_its_headers() {
    let mut client = client().await;
    let uri = "file:///w/update.http";
    let text = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\nAuthorization: Bearer t\nContent-Type: application/json-patch+json\nContent-Length: 58\n\n[{\"op\": \"replace\", \"path\": \"/totalUserCount\", \"value\": 7}]\n";
    client.open(uri, "http", text).await;
    let published = client.diagnostics(uri, Some(1)).await;
    assert_json_snapshot!(quick_fixes(&mut client, uri, &published, "json-patch-document").await);
}

/// The text of `fixture` without its `$0` cursor marker, and the cursor's line and column (the
/// fixtures are ASCII, so a byte column is a UTF-16 one).
fn cursor(fixture: &str) -> (String, u32, u32) {
    let offset = fixture.find("$0").expect("a $0 cursor");
    let before = &fixture[..offset];
    let line = before.matches('\n').count() as u32;
    let column = (offset - before.rfind('\n').map_or(0, |i| i + 1)) as u32;
    (fixture.replace("$0", ""), line, column)
}

/// The completion labels at the `$0` of `fixture`, opened as version `version` of [`URI`].
async fn complete(client: &mut TestClient, fixture: &str, version: i64) -> Value {
    let (text, line, column) = cursor(fixture);
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}),
        )
        .await;
    client.diagnostics(URI, Some(version)).await;
    client
        .request("textDocument/completion", at(URI, line, column))
        .await
}

#[tokio::test]
async fn completion_of_op_path_and_value() {
    let mut client = client().await;
    client.open(URI, "json", DOCUMENT).await;
    client.diagnostics(URI, Some(1)).await;
    let ops = complete(&mut client, "[\n  {\"op\": \"re$0\"}\n]\n", 2).await;
    assert_eq!(
        labels(&ops),
        ["add", "remove", "replace", "move", "copy", "test"]
    );
    let paths = complete(
        &mut client,
        "[\n  {\"op\": \"add\", \"path\": \"/$0\"}\n]\n",
        3,
    )
    .await;
    assert_json_snapshot!(paths.as_array().unwrap()[1]);
    let values = complete(
        &mut client,
        "[\n  {\"op\": \"add\", \"path\": \"/securityDefaultsEnabled\", \"value\": $0}\n]\n",
        4,
    )
    .await;
    assert_eq!(labels(&values), ["true", "false", "null"]);
}

#[tokio::test]
async fn hover_on_a_path_shows_the_property() {
    let mut client = client().await;
    let (text, line, column) = cursor(&DOCUMENT.replace("/totalUser", "/total$0User"));
    client.open(URI, "json", &text).await;
    client.diagnostics(URI, Some(1)).await;
    assert_json_snapshot!(
        client
            .request("textDocument/hover", at(URI, line, column))
            .await
    );
}
