//! "Fill in the missing properties" as a completion with tab stops, through the real server: a
//! snippet client gets one value placeholder per missing property as a tab stop, each left as the
//! Graph docs' placeholder that lint flags until it is replaced; a client without snippets gets
//! no such item (the code action writes the same placeholders for it).

use crate::support;

use insta::{assert_json_snapshot, assert_snapshot};
use serde_json::{json, Value};
use support::{accepted, cursor, utf8_client, vscode_like, TestClient};

const URI: &str = "file:///w/update.credsum.json";

/// A body with two properties set and the cursor on an empty line after them.
const FIXTURE: &str = "{\n  \"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\",\n  \"tenantId\": \"contoso\",\n  $0\n}\n";

const FILL: &str = "Fill in the missing properties";

/// The completion items at the fixture's cursor for a client with `capabilities`, and the text.
async fn items(capabilities: Value) -> (TestClient, String, Vec<Value>) {
    let mut client = TestClient::start(Value::Null);
    client.initialize(capabilities, Value::Null).await;
    let (text, position) = cursor(FIXTURE);
    client.open(URI, "json", &text).await;
    let items = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": position}),
        )
        .await;
    (client, text, items.as_array().cloned().unwrap_or_default())
}

#[tokio::test]
async fn fill_in_is_a_snippet_whose_tab_stops_lint_flags_until_replaced() {
    let (mut client, text, items) = items(vscode_like()).await;
    let fill = items
        .iter()
        .find(|i| i["label"] == FILL)
        .unwrap_or_else(|| panic!("no {FILL:?} in {items:?}"))
        .clone();
    assert_json_snapshot!("fill_item", fill);
    let filled = accepted(&text, &fill, "insert");
    assert_snapshot!("filled_body", filled);
    serde_json::from_str::<Value>(&filled).expect("the filled body is JSON");
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 2},
                   "contentChanges": [{"text": filled}]}),
        )
        .await;
    let published = client.diagnostics(URI, Some(2)).await;
    let flagged: Vec<u64> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    // Every filled line (4 up to the line before `}`) has a finding on it.
    let lines = filled.lines().count() as u64;
    for line in 4..lines - 1 {
        assert!(
            flagged.contains(&line),
            "line {line} not flagged: {published}"
        );
    }
}

#[tokio::test]
async fn clients_without_snippets_get_no_fill_in_completion() {
    let (_, _, items) = items(utf8_client()).await;
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["label"] != FILL), "{items:?}");
}
