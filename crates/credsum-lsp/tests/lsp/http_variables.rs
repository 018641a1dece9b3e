//! `.http` files in the editor, end to end over the real server: completion of file variables
//! inside `{{`, go to definition, references, prepareRename and rename of a file variable,
//! document symbols listing variables and named requests, a query continued on `?`/`&` lines,
//! the document link of a `< ./body.json` line, and environment variables from an
//! `http-client.env.json` beside the file (completion and hover with each environment's value,
//! definition in the environment file), and a `body-file` error on a `<` line whose file is
//! missing. Responses are insta snapshots.

use crate::support;

use insta::assert_json_snapshot;
use serde_json::{json, Value};
use support::{vscode_like, TestClient};

const URI: &str = "file:///w/requests.http";

/// Line 0-2 define variables; line 5 uses them; the request on line 9 is named `update`.
const TEXT: &str = "@host = https://graph.microsoft.com\n@base = {{host}}/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\n@id = 8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c\n\n### get one\nGET {{base}}/{{id}}\n\n###\n# @name update\nPATCH {{base}}/{{id}}\nContent-Type: application/json\n\n< ./bodies/update.json\n\n###\nGET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\n    ?$top=5\n    &$sel\n";

/// A started client with `TEXT` open.
async fn client() -> TestClient {
    let mut client = TestClient::start(Value::Null);
    client.initialize(vscode_like(), Value::Null).await;
    client.open(URI, "http", TEXT).await;
    client
}

/// `textDocument` + `position` params.
fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

#[tokio::test]
async fn completion_inside_braces_lists_file_variables() {
    let mut client = client().await;
    // `GET {{base}}/{{` + cursor after the second `{{` on line 5: `{{id}}` is replaced.
    let items = client.request("textDocument/completion", at(5, 16)).await;
    assert_json_snapshot!(items);
}

#[tokio::test]
async fn completion_in_a_query_continuation_line() {
    let mut client = client().await;
    let items = client.request("textDocument/completion", at(17, 9)).await;
    let labels: Vec<&str> = items["items"]
        .as_array()
        .or(items.as_array())
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(labels.contains(&"$select"), "{items}");
}

#[tokio::test]
async fn definition_references_and_rename() {
    let mut client = client().await;
    let definition = client.request("textDocument/definition", at(9, 9)).await;
    let mut references = at(9, 9);
    references["context"] = json!({"includeDeclaration": true});
    let references = client.request("textDocument/references", references).await;
    let prepare = client
        .request("textDocument/prepareRename", at(5, 16))
        .await;
    let mut rename = at(5, 16);
    rename["newName"] = json!("summaryId");
    let rename = client.request("textDocument/rename", rename).await;
    assert_json_snapshot!(json!({
        "definition": definition,
        "references": references,
        "prepareRename": prepare,
        "rename": rename,
    }));
    let mut taken = at(5, 16);
    taken["newName"] = json!("host");
    let refused = client.request_raw("textDocument/rename", taken).await;
    assert_eq!(
        refused["error"]["message"], "a file variable `host` exists already",
        "{refused}"
    );
}

#[tokio::test]
async fn symbols_and_the_body_file_link() {
    let mut client = client().await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    let links = client
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_json_snapshot!(json!({"symbols": symbols, "links": links}));
}

/// A started client whose workspace is `root`, and the URI of `root/requests.http`.
async fn client_in(root: &std::path::Path) -> (TestClient, String) {
    let mut client = TestClient::start(Value::Null);
    client
        .initialize_with(json!({"capabilities": vscode_like(),
            "rootUri": format!("file://{}", root.display())}))
        .await;
    (client, format!("file://{}/requests.http", root.display()))
}

#[tokio::test]
async fn environment_variables_complete_and_go_to_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let env_file = root.join("http-client.env.json");
    std::fs::write(
        &env_file,
        "{\n  \"dev\": {\"token\": \"dev-token\"},\n  \"prod\": {\"token\": \"prod-token\"}\n}\n",
    )
    .unwrap();
    let (mut client, uri) = client_in(&root).await;
    client
        .open(
            &uri,
            "http",
            "GET https://example.com/x\nAuthorization: Bearer {{token}}\n",
        )
        .await;
    let position = json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 25}});
    let items = client
        .request("textDocument/completion", position.clone())
        .await;
    let token = items
        .as_array()
        .or(items["items"].as_array())
        .expect("items")
        .iter()
        .find(|i| i["label"] == "token")
        .cloned()
        .expect("token offered");
    assert_eq!(
        token["detail"], "dev: dev-token · prod: prod-token",
        "{token}"
    );
    let hover = client.request("textDocument/hover", position.clone()).await;
    assert_eq!(
        hover["contents"]["value"],
        "**`{{token}}`**: environment variable\n\n- `dev`: `dev-token`\n- `prod`: `prod-token`",
        "{hover}"
    );
    let definition = client.request("textDocument/definition", position).await;
    assert_eq!(definition["uri"], format!("file://{}", env_file.display()));
    assert_eq!(definition["range"]["start"]["line"], 1, "{definition}");
}

#[tokio::test]
async fn a_body_file_that_cannot_be_read_is_an_error_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("present.json"), "{}").unwrap();
    let (mut client, uri) = client_in(&root).await;
    let item = "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/1";
    let text = format!("PATCH {item}\nContent-Type: application/json\n\n< ./missing.json\n###\nPATCH {item}\nContent-Type: application/json\n\n< ./present.json\n");
    client.open(&uri, "http", &text).await;
    let published = client.diagnostics(&uri, None).await;
    let body_file: Vec<&Value> = published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "body-file")
        .collect();
    assert_eq!(body_file.len(), 1, "{published}");
    assert_eq!(body_file[0]["range"]["start"]["line"], 3);
    assert_eq!(
        body_file[0]["message"],
        "Cannot read the body file `./missing.json`: no such file"
    );
}
