//! End-to-end tests of the language server over an in-memory pipe with real JSON-RPC framing;
//! responses are snapshotted with insta.

use crate::support;

use insta::assert_json_snapshot;
use serde_json::{json, Value};
use support::{accepted, ascii_offset, utf8_client, vscode_like, TestClient};

/// The settings most tests use: every `*.patch.json` is a request file.
fn include_patch_json() -> Value {
    json!({"include": ["*.patch.json"]})
}

const URI: &str = "file:///w/body.patch.json";

/// A body with emoji and CJK text before an unknown (misspelt) property.
const WIDE: &str = "{\n  \"tenantDisplayName\": \"😀 コントソ\", \"totalUserCont\": 1\n}\n";

/// A started and initialized client.
async fn client(capabilities: Value, options: Value) -> TestClient {
    let mut client = TestClient::start(Value::Null);
    client.initialize(capabilities, options).await;
    client
}

/// The codes of published diagnostics, in order.
fn codes(published: &Value) -> Vec<&str> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

/// `textDocument` + `position` params.
fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

#[tokio::test]
async fn initialize_result() {
    let mut client = TestClient::start(Value::Null);
    let result = client.initialize(vscode_like(), Value::Null).await;
    assert_json_snapshot!(result);
    let utf8 = TestClient::start(Value::Null)
        .initialize(utf8_client(), Value::Null)
        .await;
    assert_eq!(utf8["capabilities"]["positionEncoding"], "utf-8");
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
}

#[tokio::test]
async fn diagnostics_in_utf16_after_wide_text() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    client.open(URI, "json", WIDE).await;
    assert_json_snapshot!(client.diagnostics(URI, Some(1)).await);
}

#[tokio::test]
async fn diagnostics_in_utf8_after_wide_text() {
    let mut client = client(utf8_client(), include_patch_json()).await;
    client.open(URI, "json", WIDE).await;
    assert_json_snapshot!(client.diagnostics(URI, Some(1)).await);
}

#[tokio::test]
async fn arbitrary_json_is_never_flagged() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    let uri = "file:///w/package.json";
    client
        .open(
            uri,
            "json",
            "{\"name\": \"x\", \"version\": 1, \"tenantDisplayNme\": 2}",
        )
        .await;
    assert_eq!(
        client.diagnostics(uri, Some(1)).await["diagnostics"],
        json!([])
    );
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
        )
        .await;
    assert_eq!(hover, Value::Null);
    // Naming the resource's @odata.type makes any .json a request file.
    let typed = "file:///w/other.json";
    client
        .open(
            typed,
            "json",
            "{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\", \"x\": 1}",
        )
        .await;
    let published = client.diagnostics(typed, Some(1)).await;
    assert_eq!(published["diagnostics"][0]["code"], "unknown-property");
}

#[tokio::test]
async fn completion_in_a_broken_document() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    client.open(URI, "json", "{\"").await;
    let result = client.request("textDocument/completion", at(0, 2)).await;
    let first: Vec<Value> = result.as_array().unwrap().iter().take(2).cloned().collect();
    assert_json_snapshot!(first);
}

#[tokio::test]
async fn completion_without_snippet_support_is_plain_text() {
    let mut client = client(utf8_client(), include_patch_json()).await;
    client.open(URI, "json", "{\"ten").await;
    let result = client.request("textDocument/completion", at(0, 5)).await;
    let items = result.as_array().unwrap();
    assert!(items.iter().all(|i| i["insertTextFormat"] == 1), "{result}");
    let item = items
        .iter()
        .find(|i| i["label"] == "totalUserCount")
        .unwrap();
    // After the typed quote: the rest of the key, its closing quote and a value.
    assert_eq!(item["textEdit"]["newText"], "totalUserCount\": 42");
    assert_eq!(
        item["textEdit"]["range"],
        json!({"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 5}})
    );
}

#[tokio::test]
async fn completion_in_an_http_file() {
    let mut client = client(vscode_like(), Value::Null).await;
    let uri = "file:///w/update.http";
    let text = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\n\n{\"securityDefaultsEnabled\": }\n";
    client.open(uri, "http", text).await;
    let result = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 28}}),
        )
        .await;
    let labels: Vec<&str> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["true", "false", "null"]);
    let header = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}}),
        )
        .await;
    assert_eq!(
        header[0]["label"], "Content-Type: application/json",
        "{header}"
    );
}

#[tokio::test]
async fn hover_on_a_key() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    client.open(URI, "json", "{\"totalUserCount\": -1}").await;
    client.diagnostics(URI, Some(1)).await;
    assert_json_snapshot!(client.request("textDocument/hover", at(0, 5)).await);
    // The value's hover is the property's: the diagnostic there is the editor's to show.
    let on_value = client.request("textDocument/hover", at(0, 19)).await;
    let markdown = on_value["contents"]["value"].as_str().unwrap();
    assert!(markdown.starts_with("**`totalUserCount`**"), "{markdown}");
    assert!(!markdown.contains("negative-count"), "{markdown}");
}

#[tokio::test]
async fn hover_on_the_request_line_and_its_completion() {
    let mut client = client(vscode_like(), Value::Null).await;
    let uri = "file:///w/read.http";
    let text = "GET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\n";
    client.open(uri, "http", text).await;
    let position = |character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": character}});
    assert_json_snapshot!(
        "request_line_hover",
        client.request("textDocument/hover", position(50)).await
    );
    let methods = client.request("textDocument/completion", position(1)).await;
    assert_json_snapshot!("request_line_methods", methods);
}

#[tokio::test]
async fn hover_and_completion_docs_are_plain_strings_for_clients_naming_no_format() {
    // A client that names no documentation format (utf8_client, like Emacs 29's eglot for
    // completion items) gets the same facts as plain strings, not MarkupContent.
    let mut client = client(utf8_client(), include_patch_json()).await;
    client
        .open(URI, "json", "{\"totalUserCount\": 1, \"ten")
        .await;
    let hover = client.request("textDocument/hover", at(0, 5)).await;
    let text = hover["contents"].as_str().expect("a plain string");
    assert!(text.contains("Int32") && !text.contains("**"), "{text}");
    let items = client.request("textDocument/completion", at(0, 27)).await;
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "tenantDisplayName")
        .unwrap();
    assert!(item["documentation"].is_string(), "{item}");
}

#[tokio::test]
async fn hover_and_completion_docs_are_plain_text_markup_for_clients_taking_only_that() {
    let plain = json!({"textDocument": {
        "completion": {"completionItem": {"documentationFormat": ["plaintext"]}},
        "hover": {"contentFormat": ["plaintext"]}
    }});
    let mut client = client(plain, include_patch_json()).await;
    client
        .open(URI, "json", "{\"totalUserCount\": 1, \"ten")
        .await;
    let hover = client.request("textDocument/hover", at(0, 5)).await;
    assert_eq!(hover["contents"]["kind"], "plaintext", "{hover}");
    let items = client.request("textDocument/completion", at(0, 27)).await;
    let item = &items.as_array().unwrap()[0];
    assert_eq!(item["documentation"]["kind"], "plaintext", "{item}");
}

#[tokio::test]
async fn code_actions_for_a_diagnostic_and_fix_all() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    client.open(URI, "json", WIDE).await;
    let published = client.diagnostics(URI, Some(1)).await;
    let diagnostic = published["diagnostics"][0].clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": URI},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic], "only": ["quickfix", "source.fixAll"]}
            }),
        )
        .await;
    assert_json_snapshot!(actions);
    let only_fix_all = fix_all_actions(&mut client).await;
    assert_eq!(only_fix_all.as_array().unwrap().len(), 1);
    assert_eq!(only_fix_all[0]["kind"], "source.fixAll.credsum");
}

#[tokio::test]
async fn unsafe_fixes_are_offered_but_never_preferred_nor_fixed_all() {
    // "5" unquoted is safe; the docs placeholder replaced with an example value is not.
    let text = "{\n  \"totalUserCount\": \"5\",\n  \"mfaRegisteredUserCount\": \"Integer\"\n}\n";
    let mut client = client(vscode_like(), include_patch_json()).await;
    client.open(URI, "json", text).await;
    let published = client.diagnostics(URI, Some(1)).await;
    let mut preferred = Vec::new();
    for diagnostic in published["diagnostics"].as_array().unwrap() {
        let actions = client
            .request(
                "textDocument/codeAction",
                json!({
                    "textDocument": {"uri": URI},
                    "range": diagnostic["range"],
                    "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}
                }),
            )
            .await;
        let action = &actions[0];
        preferred.push((
            diagnostic["code"].as_str().unwrap().to_owned(),
            diagnostic["data"]["fix"]["applicability"].clone(),
            action["isPreferred"].clone(),
        ));
    }
    assert_eq!(
        preferred,
        [
            ("quoted-value".to_owned(), json!("safe"), json!(true)),
            ("docs-placeholder".to_owned(), json!("unsafe"), Value::Null),
        ]
    );
    let fix_all = fix_all_actions(&mut client).await;
    let edit = &fix_all[0]["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "5", "{fix_all}");
}

/// The code actions of kind `source.fixAll` for `URI`.
async fn fix_all_actions(client: &mut TestClient) -> Value {
    client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": URI},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll"]}
            }),
        )
        .await
}

#[tokio::test]
async fn fix_all_writes_what_lint_fix_writes() {
    // A comment, a trailing comma, a typo and quoted values: fixes that `credsum lint --fix`
    // applies over several passes (each pass re-analyses what the last one left).
    let text =
        "{ // note\n  \"totalUserCont\": \"5\",\n  \"securityDefaultsEnabled\": \"true\",\n}\n";
    let mut client = client(vscode_like(), include_patch_json()).await;
    client.open(URI, "json", text).await;
    client.diagnostics(URI, Some(1)).await;
    let actions = fix_all_actions(&mut client).await;
    let edits = actions[0]["edit"]["changes"][URI]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 1, "{actions}");
    let range = &edits[0]["range"];
    let mut fixed = text.to_owned();
    fixed.replace_range(
        ascii_offset(text, &range["start"])..ascii_offset(text, &range["end"]),
        edits[0]["newText"].as_str().unwrap(),
    );
    let analyzer = credsum_analysis::Analyzer::graph();
    let config = credsum_analysis::Config::default();
    let kind = credsum_analysis::FileKind::Json;
    let found = analyzer.analyze(text, kind, &config);
    let (expected, left) = credsum_analysis::fix::fix_until_stable(
        &analyzer,
        kind,
        &config,
        text,
        &found,
        credsum_analysis::Applicability::Safe,
    )
    .unwrap();
    assert_eq!(fixed, expected);
    assert!(left.iter().all(|d| d.fix.is_none()), "{left:?}");
    assert!(
        !fixed.contains("//") && fixed.contains("\"totalUserCount\": 5"),
        "{fixed}"
    );
}

#[tokio::test]
async fn formatting_pretty_prints() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    client
        .open(URI, "json", "{\"totalUserCount\":1,\"tenantId\":\"x\"}")
        .await;
    let edits = client
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .await;
    assert_json_snapshot!(edits);
    client.open(URI, "json", "{\"totalUserCount\":1,").await;
    let broken = client
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .await;
    assert_eq!(broken, json!([]));
}

#[tokio::test]
async fn document_symbols_folding_and_selection() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    client
        .open(
            URI,
            "json",
            "{\n  \"tenantId\": \"x\",\n  \"totalUserCount\": 3\n}\n",
        )
        .await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_json_snapshot!(symbols);
    let folds = client
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_eq!(folds[0]["startLine"], 0);
    assert_eq!(folds[0]["endLine"], 3);
    let selection = client
        .request(
            "textDocument/selectionRange",
            json!({"textDocument": {"uri": URI}, "positions": [{"line": 2, "character": 22}]}),
        )
        .await;
    assert_eq!(
        selection[0]["range"],
        json!({"start": {"line": 2, "character": 20}, "end": {"line": 2, "character": 21}})
    );
    assert_eq!(
        selection[0]["parent"]["range"],
        json!({"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 21}})
    );
}

#[tokio::test]
async fn pull_diagnostics_replace_push() {
    let mut client = TestClient::start(Value::Null);
    let capabilities = json!({"textDocument": {
        "diagnostic": {"dynamicRegistration": false},
        "publishDiagnostics": {"codeDescriptionSupport": true, "dataSupport": true}
    }});
    let init = client.initialize(capabilities, include_patch_json()).await;
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "credsum"
    );
    client.open(URI, "json", WIDE).await;
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_json_snapshot!(report, {".resultId" => "[result id]"});
    let id = report["resultId"].as_str().expect("a resultId").to_owned();

    // The client already holds this result: "unchanged", with the same id.
    let again = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}, "previousResultId": id}),
        )
        .await;
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));

    // After an edit the old id is stale: a full report with a new id.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "{}"}]}),
        )
        .await;
    let after = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}, "previousResultId": id}),
        )
        .await;
    assert_eq!(after["kind"], "full");
    assert_ne!(after["resultId"], json!(id));
    client.request("shutdown", Value::Null).await;
    assert!(
        client
            .notifications
            .iter()
            .all(|n| n["method"] != "textDocument/publishDiagnostics"),
        "{:?}",
        client.notifications
    );
}

#[tokio::test]
async fn configuration_changes_reanalyse() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    client.open(URI, "json", WIDE).await;
    assert_eq!(
        client.diagnostics(URI, Some(1)).await["diagnostics"][0]["severity"],
        1
    );
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"credsum": {"include": ["*.patch.json"], "rules": {"unknown-property": "hint"}}}}),
        )
        .await;
    assert_eq!(
        client.diagnostics(URI, Some(1)).await["diagnostics"][0]["severity"],
        4
    );
}

#[tokio::test]
async fn configuration_is_pulled_when_the_client_can() {
    let mut client = TestClient::start(
        json!({"include": ["*.patch.json"], "rules": {"unknown-property": "off"}}),
    );
    client
        .initialize(
            json!({"workspace": {"configuration": true}}),
            include_patch_json(),
        )
        .await;
    client.open(URI, "json", WIDE).await;
    loop {
        let published = client.diagnostics(URI, Some(1)).await;
        if published["diagnostics"] == json!([]) {
            break;
        }
        client
            .notify(
                "workspace/didChangeConfiguration",
                json!({"settings": null}),
            )
            .await;
    }
}

#[tokio::test]
async fn huge_documents_get_one_diagnostic() {
    let mut client = client(
        vscode_like(),
        json!({"include": ["*.patch.json"], "max-file-size": 16}),
    )
    .await;
    client
        .open(
            URI,
            "json",
            "{\"tenantDisplayName\": \"a long enough body\"}",
        )
        .await;
    let published = client.diagnostics(URI, Some(1)).await;
    let codes = codes(&published);
    assert_eq!(codes, ["file-too-large"]);
}

#[tokio::test]
async fn too_many_diagnostics_are_capped_most_severe_first() {
    // Warnings (negative counts) come first in the text, errors (unknown properties) after:
    // with room for two, both errors are sent, then the note.
    let mut client = client(
        vscode_like(),
        json!({"include": ["*.patch.json"], "max-diagnostics": 2}),
    )
    .await;
    let body = "{\"totalUserCount\": -1, \"mfaRegisteredUserCount\": -2, \"a\": 1, \"b\": 2}";
    client.open(URI, "json", body).await;
    let published = client.diagnostics(URI, Some(1)).await;
    assert_json_snapshot!(published);
    let codes = codes(&published);
    assert_eq!(
        codes,
        [
            "too-many-diagnostics",
            "unknown-property",
            "unknown-property"
        ]
    );
}

#[tokio::test]
async fn robustness() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    client.open(URI, "json", "{\"tenantId\": \"é\"}").await;
    // Out-of-range positions are clamped.
    let far = client.request("textDocument/hover", at(99, 999)).await;
    assert_eq!(far, Value::Null);
    let completion = client.request("textDocument/completion", at(0, 999)).await;
    assert_eq!(completion, Value::Null);
    // Unknown documents give empty results.
    let unknown = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///w/nope.json"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(unknown, Value::Null);
    // Malformed params are an error response, and the server lives on.
    let bad = client
        .request_raw("textDocument/hover", json!({"textDocument": 3}))
        .await;
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let ok = client.request("textDocument/hover", at(0, 3)).await;
    assert!(ok["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("tenantId"));
    // Edits past the end are clamped too.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
                {"range": {"start": {"line": 5, "character": 0}, "end": {"line": 9, "character": 9}}, "text": "x"}
            ]}),
        )
        .await;
    let published = client.diagnostics(URI, Some(2)).await;
    assert_eq!(published["version"], 2);
    // Closing clears.
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_eq!(
        client.diagnostics(URI, None).await["diagnostics"],
        json!([])
    );
}

#[tokio::test]
async fn definition_goes_to_the_committed_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap();
    if !root
        .join("schema/credentialUserRegistrationsSummary.schema.json")
        .is_file()
    {
        return;
    }
    let mut client = TestClient::start(Value::Null);
    let root_uri = format!("file://{}", root.display());
    client
        .request(
            "initialize",
            json!({"capabilities": vscode_like(), "initializationOptions": include_patch_json(), "rootUri": root_uri}),
        )
        .await;
    client.notify("initialized", json!({})).await;
    client
        .open(URI, "json", "{\"tenantId\": \"x\", \"nope\": 1}")
        .await;
    let location = client.request("textDocument/definition", at(0, 4)).await;
    assert!(
        location["uri"]
            .as_str()
            .unwrap()
            .ends_with("schema/credentialUserRegistrationsSummary.schema.json"),
        "{location}"
    );
    let schema =
        std::fs::read_to_string(root.join("schema/credentialUserRegistrationsSummary.schema.json"))
            .unwrap();
    let line = location["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(schema
        .lines()
        .nth(line)
        .unwrap()
        .contains("\"tenantId\": {"));
    let none = client.request("textDocument/definition", at(0, 20)).await;
    assert_eq!(none, Value::Null);
}

#[tokio::test]
async fn several_changes_in_one_notification_apply_in_order() {
    let mut client = client(utf8_client(), include_patch_json()).await;
    client.open(URI, "json", "{\"a\": 1}").await;
    client.diagnostics(URI, Some(1)).await;
    let line = |c: u32| json!({"line": 0, "character": c});
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
                {"range": {"start": line(1), "end": line(4)}, "text": "\"totalUserCount\""},
                {"range": {"start": line(19), "end": line(20)}, "text": "-1"},
                {"text": "{\"totalUserCount\": -1}"},
                {"range": {"start": line(0), "end": line(0)}, "text": " "}
            ]}),
        )
        .await;
    let published = client.diagnostics(URI, Some(2)).await;
    let codes = codes(&published);
    assert_eq!(codes, ["negative-count"]);
    assert_eq!(
        published["diagnostics"][0]["range"]["start"],
        json!({"line": 0, "character": 20})
    );
}

#[tokio::test]
async fn http_and_markdown_request_files() {
    let mut client = client(vscode_like(), Value::Null).await;
    let request = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\nContent-Type: application/json\n\n{\"totalUserCount\": -1}\n";
    let http = "file:///w/update.http";
    client.open(http, "http", request).await;
    let published = client.diagnostics(http, Some(1)).await;
    let codes = codes(&published);
    assert!(codes.contains(&"negative-count"), "{published}");
    let markdown = "file:///w/doc.md";
    client
        .open(
            markdown,
            "markdown",
            &format!("# Update\n\n```http\n{request}```\n"),
        )
        .await;
    let published = client.diagnostics(markdown, Some(1)).await;
    assert!(
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "negative-count"),
        "{published}"
    );
    let readme = "file:///w/README.md";
    client
        .open(readme, "markdown", "# Hello\n\n```json\n{\"x\": 1}\n```\n")
        .await;
    assert_eq!(
        client.diagnostics(readme, Some(1)).await["diagnostics"],
        json!([])
    );
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": http}}),
        )
        .await;
    assert_eq!(symbols[0]["children"][0]["name"], "totalUserCount");
}

#[tokio::test]
async fn body_rewrites_fill_add_type_and_sort() {
    let mut client = client(vscode_like(), include_patch_json()).await;
    let body = "{\n  \"totalUserCount\": 3,\n  \"tenantId\": \"x\"\n}\n";
    client.open(URI, "json", body).await;
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": URI},
                "range": {"start": {"line": 1, "character": 3}, "end": {"line": 1, "character": 3}},
                "context": {"diagnostics": [], "only": ["refactor"]}
            }),
        )
        .await;
    assert_json_snapshot!(actions);
}

#[tokio::test]
async fn code_actions_are_commands_for_clients_without_literals() {
    let caps = json!({"workspace": {"applyEdit": true}});
    let mut client = TestClient::start(Value::Null);
    let init = client.initialize(caps, include_patch_json()).await;
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["credsum.applyEdit"])
    );
    assert_eq!(init["capabilities"]["codeActionProvider"], true);
    client.open(URI, "json", WIDE).await;
    let published = client.diagnostics(URI, Some(1)).await;
    let diagnostic = published["diagnostics"][0].clone();
    assert!(diagnostic.get("codeDescription").is_none() && diagnostic.get("data").is_none());
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": diagnostic["range"],
                   "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}),
        )
        .await;
    assert_json_snapshot!(actions);
    let command = &actions[0];
    let result = client
        .request(
            "workspace/executeCommand",
            json!({"command": command["command"], "arguments": command["arguments"]}),
        )
        .await;
    assert_eq!(result, Value::Null);
}

#[tokio::test]
async fn completion_resolves_documentation_with_one_overwrite_range() {
    let caps = json!({"textDocument": {"completion": {"completionItem": {
        "documentationFormat": ["markdown"],
        "insertReplaceSupport": true,
        "labelDetailsSupport": true,
        "resolveSupport": {"properties": ["documentation"]}
    }}}});
    let mut client = client(caps, include_patch_json()).await;
    client.open(URI, "json", "{\"tenantDi\": 1}").await;
    let items = client.request("textDocument/completion", at(0, 5)).await;
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "tenantDisplayName")
        .unwrap()
        .clone();
    assert_json_snapshot!(item);
    let resolved = client.request("completionItem/resolve", item).await;
    let docs = resolved["documentation"]["value"].as_str().unwrap();
    assert!(docs.starts_with("**`tenantDisplayName`**"), "{docs}");
}

/// VS Code inserts in `.http` files (`editor.suggest.insertMode: insert`) and replaces in JSON:
/// accepting a key after a typed `"` that the editor closed gives the same member in both.
#[tokio::test]
async fn accepting_after_an_auto_closed_quote_is_the_same_in_insert_and_replace_mode() {
    let mut caps = vscode_like();
    caps["textDocument"]["completion"]["completionItem"]["insertReplaceSupport"] = json!(true);
    let mut client = client(caps, Value::Null).await;
    let request = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\nContent-Type: application/json\n\n";
    let cases = [
        ("file:///w/update.http", "http", format!("{request}{{\"\"}}\n"), 3, 2),
        (
            "file:///w/update.credsum.json",
            "json",
            "{\n  \"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\",\n  \"tot\"\n}\n".to_owned(),
            2,
            6,
        ),
    ];
    for (uri, language, text, line, character) in cases {
        client.open(uri, language, &text).await;
        let items = client
            .request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
            )
            .await;
        let item = items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == "totalUserCount")
            .unwrap_or_else(|| panic!("no totalUserCount in {uri}: {items}"))
            .clone();
        let inserted = accepted(&text, &item, "insert");
        let replaced = accepted(&text, &item, "replace");
        assert_eq!(inserted, replaced, "{uri}");
        let line_text = inserted.lines().nth(line as usize).unwrap();
        assert!(
            line_text.trim_end_matches(',').trim() == "\"totalUserCount\": 42"
                || line_text == "{\"totalUserCount\": 42}",
            "{uri}: {line_text:?}"
        );
    }
}

#[tokio::test]
async fn document_links_to_the_docs_page() {
    let mut client = client(vscode_like(), Value::Null).await;
    let uri = "file:///w/update.http";
    let text = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\nContent-Type: application/json\n\n{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\"}\n";
    client.open(uri, "http", text).await;
    let links = client
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_json_snapshot!(links);
}

#[tokio::test]
async fn definition_goes_to_the_cached_schema_without_a_schema_folder() {
    let dir = std::env::temp_dir().join(format!("credsum-lsp-def-{}", std::process::id()));
    let project = dir.join("project");
    std::fs::create_dir_all(&project).unwrap();
    let cache = dir.join("cache");
    let mut client = TestClient::start(Value::Null);
    let options = json!({"include": ["*.json"], "schema-cache": cache.to_str().unwrap()});
    client
        .request(
            "initialize",
            json!({"capabilities": vscode_like(), "initializationOptions": options,
                   "rootUri": format!("file://{}", project.display())}),
        )
        .await;
    client.notify("initialized", json!({})).await;
    let uri = format!("file://{}/body.json", project.display());
    client
        .open(&uri, "json", "{\n  \"tenantId\": \"x\"\n}\n")
        .await;
    let location = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}}),
        )
        .await;
    let cached = cache.join("credentialUserRegistrationsSummary.schema.json");
    assert_eq!(location["uri"], format!("file://{}", cached.display()));
    let schema = std::fs::read_to_string(&cached).unwrap();
    let line = location["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(schema
        .lines()
        .nth(line)
        .unwrap()
        .contains("\"tenantId\": {"));

    // A cache folder that cannot be written: null, and one log line however often it is asked.
    let blocked = dir.join("a-file");
    std::fs::write(&blocked, "").unwrap();
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"include": ["*.json"], "schema-cache": blocked.join("cache").to_str().unwrap()}}),
        )
        .await;
    for _ in 0..2 {
        let none = client
            .request(
                "textDocument/definition",
                json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}}),
            )
            .await;
        assert_eq!(none, Value::Null);
    }
    client.request("shutdown", Value::Null).await;
    let warnings = client
        .notifications
        .iter()
        .filter(|n| {
            n["method"] == "window/logMessage"
                && n["params"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("cannot write the schema cache"))
        })
        .count();
    assert_eq!(warnings, 1, "{:?}", client.notifications);
    let _ = std::fs::remove_dir_all(&dir);
}
