//! The request line of an `.http` file through the real server: method completion (each
//! operation with its URL, the id a tab stop), URL completion one segment at a time that keeps
//! what is typed around the segment, and hover on the URL. Each case is a fixture with a `$0`
//! cursor; the snapshot holds every item (label, format, range, new text) and the line after
//! accepting the first one as VS Code does in both of its modes.

use crate::support;

use insta::{assert_json_snapshot, assert_snapshot};
use serde_json::{json, Value};
use support::{accepted, cursor, vscode_like, TestClient};

const URI: &str = "file:///w/requests.http";

/// The item URL up to the collection, as README's examples write it.
const COLLECTION: &str = "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries";

/// The completion items at the `$0` of `fixture` (opened as `requests.http`, at version
/// `version`), as lines `label | format | range | new text`, and the fixture's line after
/// accepting the first item whose label starts with `accept` (the same in VS Code's insert and
/// replace modes).
async fn completions(client: &mut TestClient, fixture: &str, version: i64, accept: &str) -> String {
    let (text, position) = cursor(fixture);
    if version == 1 {
        client.open(URI, "http", &text).await;
    } else {
        client
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": URI, "version": version},
                       "contentChanges": [{"text": text}]}),
            )
            .await;
    }
    let items = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": position}),
        )
        .await;
    let items = items.as_array().cloned().unwrap_or_default();
    let mut out = format!("{fixture}\n");
    for item in &items {
        let range = &item["textEdit"]["range"];
        let format = if item["insertTextFormat"] == 2 {
            "snippet"
        } else {
            "plain"
        };
        out.push_str(&format!(
            "{} | {format} | {}:{}-{}:{} | {}\n",
            item["label"].as_str().unwrap(),
            range["start"]["line"],
            range["start"]["character"],
            range["end"]["line"],
            range["end"]["character"],
            item["textEdit"]["newText"].as_str().unwrap(),
        ));
    }
    let chosen = items
        .iter()
        .find(|i| i["label"].as_str().unwrap().starts_with(accept));
    if let Some(item) = chosen {
        let inserted = accepted(&text, item, "insert");
        assert_eq!(inserted, accepted(&text, item, "replace"));
        let line = position["line"].as_u64().unwrap() as usize;
        out.push_str(&format!(
            "accepted: {}\n",
            inserted.lines().nth(line).unwrap_or("")
        ));
    }
    out
}

#[tokio::test]
async fn a_method_on_a_line_of_its_own_offers_each_operation_with_its_url() {
    let mut client = TestClient::start(Value::Null);
    client.initialize(vscode_like(), Value::Null).await;
    assert_snapshot!(completions(&mut client, "PA$0\n", 1, "PATCH").await);
}

#[tokio::test]
async fn the_url_completes_segment_by_segment_keeping_what_is_typed() {
    let mut client = TestClient::start(Value::Null);
    client.initialize(vscode_like(), Value::Null).await;
    // (fixture, the label accepted)
    let fixtures = [
        // The host typed: the rest of each URL shape, the id a tab stop.
        (
            "PATCH https://graph.microsoft.com/$0".to_owned(),
            "beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{",
        ),
        // A segment in the middle: only that segment; the path and query after it stay.
        (
            "GET https://graph.microsoft.com/be$0/tenantRelationships/managedTenants?$top=5"
                .to_owned(),
            "beta",
        ),
        // After the collection: the id (a tab stop) or `$count`; the query typed stays.
        (format!("GET {COLLECTION}/$0?$select=tenantId"), "{"),
        // A `{{host}}` variable stands for the host and the version.
        (
            "PATCH {{host}}/tenantRelationships/$0".to_owned(),
            "managedTenants/credentialUserRegistrationsSummaries/{",
        ),
    ];
    let mut out = String::new();
    for (version, (fixture, accept)) in (1..).zip(&fixtures) {
        out.push_str(&completions(&mut client, fixture, version, accept).await);
        out.push('\n');
    }
    assert_snapshot!(out);
}

#[tokio::test]
async fn hover_anywhere_on_the_url_names_the_operation() {
    let mut client = TestClient::start(Value::Null);
    client.initialize(vscode_like(), Value::Null).await;
    let (text, on_id) = cursor(&format!("PATCH {COLLECTION}/4$02\n\n{{}}\n"));
    client.open(URI, "http", &text).await;
    let hover = |position: Value| json!({"textDocument": {"uri": URI}, "position": position});
    let on_id = client.request("textDocument/hover", hover(on_id)).await;
    assert_json_snapshot!(on_id);
    for character in [8, 40] {
        let elsewhere = client
            .request(
                "textDocument/hover",
                hover(json!({"line": 0, "character": character})),
            )
            .await;
        assert_eq!(
            elsewhere["contents"], on_id["contents"],
            "hover at 0:{character}"
        );
    }
}
