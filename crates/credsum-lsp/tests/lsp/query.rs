//! OData query options in the editor, end to end over the real server, in an `.http` file and
//! in a Markdown ```` ```http ```` block: completion after `?`/`&`, after `$select=`/`$orderby=`
//! and inside `$filter`, each keeping what is typed (the text edits are applied and the line
//! after acceptance is part of the snapshot); hover on a property, an operator, a function and
//! an option; the quick fixes of the `query-*` rules. Responses are insta snapshots.

use crate::support;

use insta::assert_snapshot;
use serde_json::{json, Value};
use support::{vscode_like, TestClient};

/// The request line's target up to its `?`.
const LIST: &str = "GET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries";

/// Where a request lives: a `.http` file, or a Markdown doc's `http` block (two lines below).
#[derive(Clone, Copy, Debug)]
enum Place {
    Http,
    Markdown,
}

impl Place {
    /// The document's URI, language id and text around `request`, and the line the request
    /// starts on.
    fn document(self, request: &str, version: u32) -> (String, &'static str, String, u32) {
        match self {
            Place::Http => (
                format!("file:///w/query{version}.http"),
                "http",
                format!("{request}\n"),
                0,
            ),
            Place::Markdown => (
                format!("file:///w/query{version}.md"),
                "markdown",
                format!("# List\n\n```http\n{request}\n```\n"),
                3,
            ),
        }
    }
}

/// A started and initialized VS Code-like client.
async fn client() -> TestClient {
    let mut client = TestClient::start(Value::Null);
    client.initialize(vscode_like(), Value::Null).await;
    client
}

/// `query` (the part after `?`, with a `$0` cursor) on the list request line, opened in `place`:
/// the document's URI, text, and the cursor's line and column (ASCII: bytes are UTF-16 units).
async fn open(
    client: &mut TestClient,
    place: Place,
    query: &str,
    version: u32,
) -> (String, String, u32, u32) {
    let line = format!("{LIST}?{query}");
    let column = line.find("$0").map_or(0, |c| c as u32);
    let (uri, language, text, first) = place.document(&line.replace("$0", ""), version);
    client.open(&uri, language, &text).await;
    client.diagnostics(&uri, Some(1)).await;
    (uri, text, first, column)
}

/// `textDocument` + `position` params.
fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// The query part (after `?`) of line `line` of `text` once `item`'s one-line text edit is
/// applied, which is what the person sees after accepting it.
fn accepted(text: &str, line: u32, item: &Value) -> String {
    let edit = &item["textEdit"];
    let range = if edit["range"].is_object() {
        &edit["range"]
    } else {
        &edit["insert"]
    };
    assert_eq!(range["start"]["line"], json!(line), "{item}");
    assert_eq!(range["end"]["line"], json!(line), "{item}");
    let start = range["start"]["character"].as_u64().unwrap() as usize;
    let end = range["end"]["character"].as_u64().unwrap() as usize;
    let old = text.lines().nth(line as usize).unwrap();
    let new = format!(
        "{}{}{}",
        &old[..start],
        edit["newText"].as_str().unwrap(),
        &old[end..]
    );
    new[new.find('?').unwrap() + 1..].to_owned()
}

/// Completion at the `$0` of `query` in `place`: one line per item, its label, the columns its
/// edit replaces (relative to the `?`) and the query after accepting it.
async fn completion(client: &mut TestClient, place: Place, query: &str, version: u32) -> String {
    let (uri, text, line, column) = open(client, place, query, version).await;
    let items = client
        .request("textDocument/completion", at(&uri, line, column))
        .await;
    let items = items
        .as_array()
        .or_else(|| items["items"].as_array())
        .unwrap_or_else(|| panic!("completion items for {query}: {items}"))
        .clone();
    let question = LIST.len() as u64 + 1;
    items
        .iter()
        .map(|item| {
            let edit = &item["textEdit"];
            let range = if edit["range"].is_object() {
                &edit["range"]
            } else {
                &edit["insert"]
            };
            format!(
                "{:<28} [{}..{}] ?{}",
                item["label"].as_str().unwrap(),
                range["start"]["character"].as_u64().unwrap() - question,
                range["end"]["character"].as_u64().unwrap() - question,
                accepted(&text, line, item)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Completion at `query`'s cursor, the same in a `.http` file and in a Markdown block.
async fn check_completion(query: &str) -> String {
    let mut client = client().await;
    let http = completion(&mut client, Place::Http, query, 1).await;
    let markdown = completion(&mut client, Place::Markdown, query, 2).await;
    assert_eq!(http, markdown, "{query}: .http and Markdown differ");
    assert!(!http.is_empty(), "no completion for {query}");
    http
}

#[tokio::test]
async fn options_after_the_question_mark() {
    assert_snapshot!(check_completion("$0").await);
}

#[tokio::test]
async fn options_after_an_ampersand_keep_the_typed_prefix_and_skip_given_ones() {
    let items = check_completion("$top=5&$sel$0").await;
    assert!(!items.lines().any(|l| l.starts_with("$top ")), "{items}");
    assert_snapshot!(items);
}

#[tokio::test]
async fn properties_after_select_keep_the_typed_prefix() {
    let items = check_completion("$select=tena$0").await;
    assert!(
        items.lines().any(|l| l.ends_with("?$select=tenantId")),
        "{items}"
    );
    assert_snapshot!(items);
}

#[tokio::test]
async fn properties_after_orderby_then_directions() {
    assert_snapshot!(check_completion("$orderby=last$0").await);
    assert_snapshot!(check_completion("$orderby=lastRefreshedDateTime d$0").await);
}

#[tokio::test]
async fn filter_properties_and_functions() {
    assert_snapshot!(check_completion("$filter=$0").await);
}

#[tokio::test]
async fn filter_operators_for_an_integer_property() {
    assert_snapshot!(check_completion("$filter=totalUserCount $0").await);
}

#[tokio::test]
async fn filter_operators_for_a_string_property() {
    assert_snapshot!(check_completion("$filter=tenantDisplayName $0").await);
}

#[tokio::test]
async fn filter_values_for_a_boolean_property() {
    assert_snapshot!(check_completion("$filter=securityDefaultsEnabled eq $0").await);
}

/// Hover at the `$0` of `query`, the same in both places; the Markdown text.
async fn check_hover(query: &str) -> String {
    let mut client = client().await;
    let mut answers = Vec::new();
    for (version, place) in [(1, Place::Http), (2, Place::Markdown)] {
        let (uri, _, line, column) = open(&mut client, place, query, version).await;
        let hover = client
            .request("textDocument/hover", at(&uri, line, column))
            .await;
        answers.push(
            hover["contents"]["value"]
                .as_str()
                .unwrap_or_else(|| panic!("a hover for {query}: {hover}"))
                .to_owned(),
        );
    }
    assert_eq!(answers[0], answers[1], "{query}: .http and Markdown differ");
    answers.swap_remove(0)
}

#[tokio::test]
async fn hover_on_a_property() {
    assert_snapshot!(check_hover("$select=tenantId,totalUser$0Count").await);
}

#[tokio::test]
async fn hover_on_an_operator_and_a_function() {
    assert_snapshot!(check_hover("$filter=totalUserCount g$0t 5").await);
    assert_snapshot!(check_hover("$filter=starts$0with(tenantDisplayName,'C')").await);
}

#[tokio::test]
async fn hover_on_an_option() {
    assert_snapshot!(check_hover("$to$0p=5").await);
}

/// The `query-*` diagnostics of `query` in `place`, each with the titles of its quick fixes and the query
/// after applying the first one.
async fn fixes(client: &mut TestClient, place: Place, query: &str, version: u32) -> String {
    let line = format!("{LIST}?{query}");
    let (uri, language, text, first) = place.document(&line, version);
    client.open(&uri, language, &text).await;
    let published = client.diagnostics(&uri, Some(1)).await;
    let mut out = Vec::new();
    // Docs blocks need no Authorization header, `.http` files do: only the query's findings.
    let query_findings = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("query-")));
    for diagnostic in query_findings {
        let actions = client.quick_fixes(&uri, diagnostic).await;
        let mut titles = Vec::new();
        for action in actions.as_array().into_iter().flatten() {
            let edits = &action["edit"]["changes"][&uri];
            let after = match edits.as_array().map(Vec::as_slice) {
                Some([edit]) => {
                    let item = json!({"textEdit": edit});
                    format!(" => ?{}", accepted(&text, first, &item))
                }
                _ => String::new(),
            };
            titles.push(format!(
                "  {}{}{after}",
                action["title"].as_str().unwrap(),
                if action["isPreferred"] == json!(true) {
                    " (preferred)"
                } else {
                    ""
                }
            ));
        }
        out.push(format!(
            "{} {}..{}: {}\n{}",
            diagnostic["code"].as_str().unwrap(),
            diagnostic["range"]["start"]["character"],
            diagnostic["range"]["end"]["character"],
            diagnostic["message"].as_str().unwrap(),
            titles.join("\n")
        ));
    }
    out.join("\n")
}

#[tokio::test]
async fn quick_fixes_for_query_mistakes() {
    let mut client = client().await;
    let query = "$select=tenantId,totalUserCont&$filter=tenantDisplayName eq \"Contoso\"&$orderby=lastRefreshedDateTime descending&$top=5&$top=6";
    let http = fixes(&mut client, Place::Http, query, 1).await;
    let markdown = fixes(&mut client, Place::Markdown, query, 2).await;
    assert_eq!(http, markdown, ".http and Markdown differ");
    for code in [
        "query-unknown-property",
        "query-string-quotes",
        "query-orderby-direction",
        "query-duplicate-option",
    ] {
        assert!(http.contains(code), "no {code} in {http}");
    }
    assert_snapshot!(http);
}
