//! An in-process LSP test client: the real server over a `tokio::io::duplex` pipe with real
//! JSON-RPC framing (`Content-Length` headers). It answers the server's own requests
//! (`workspace/configuration` with a settings value, anything else with `null`) and keeps every
//! notification it receives.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, WriteHalf};
use tokio::sync::{mpsc, Mutex};
use tower_lsp_server::Server;

/// How long to wait for any one message.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A client connected to a fresh server.
pub struct TestClient {
    /// Our end of the pipe, for writing.
    writer: Arc<Mutex<WriteHalf<DuplexStream>>>,
    /// Messages from the server.
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Notifications not yet looked at.
    pub notifications: VecDeque<Value>,
    /// The next request id.
    next_id: i64,
}

/// Writes one framed message.
async fn send(writer: &Mutex<WriteHalf<DuplexStream>>, message: &Value) {
    let body = serde_json::to_string(message).unwrap();
    let mut w = writer.lock().await;
    w.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .await
        .unwrap();
    w.flush().await.unwrap();
}

impl TestClient {
    /// Starts a server; `configuration` is what the client answers to `workspace/configuration`.
    pub fn start(configuration: Value) -> TestClient {
        let (ours, theirs) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(theirs);
        let (service, socket) = credsum_lsp::service();
        tokio::spawn(Server::new(server_read, server_write, socket).serve(service));
        let (read, write) = tokio::io::split(ours);
        let writer = Arc::new(Mutex::new(write));
        let (tx, incoming) = mpsc::unbounded_channel();
        let answer = Arc::clone(&writer);
        tokio::spawn(async move {
            let mut reader = BufReader::new(read);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                reader.read_exact(&mut body).await.unwrap();
                let message: Value = serde_json::from_slice(&body).unwrap();
                if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                    let result = if method == "workspace/configuration" {
                        json!([configuration.clone()])
                    } else {
                        Value::Null
                    };
                    send(
                        &answer,
                        &json!({"jsonrpc": "2.0", "id": id, "result": result}),
                    )
                    .await;
                }
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        TestClient {
            writer,
            incoming,
            notifications: VecDeque::new(),
            next_id: 1,
        }
    }

    /// The next message from the server.
    async fn receive(&mut self) -> Value {
        tokio::time::timeout(TIMEOUT, self.incoming.recv())
            .await
            .expect("the server answers in time")
            .expect("the server is running")
    }

    /// Sends a request and waits for its response (the whole response object).
    pub async fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params).await;
        self.response(id).await
    }

    /// Sends a request without waiting; its id.
    pub async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        send(
            &self.writer,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        )
        .await;
        id
    }

    /// Waits for the response to the request `id` (the whole response object).
    pub async fn response(&mut self, id: i64) -> Value {
        loop {
            let message = self.receive().await;
            if message.get("method").is_none() && message["id"] == json!(id) {
                return message;
            }
            // Notifications, and requests from the server (already answered).
            if message.get("id").is_none() || message.get("method").is_some() {
                self.notifications.push_back(message);
            }
        }
    }

    /// Sends a request and returns its result (panics on an error response).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params).await;
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Sends a notification.
    pub async fn notify(&mut self, method: &str, params: Value) {
        send(
            &self.writer,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        )
        .await;
    }

    /// Initializes with `capabilities` and `options`, then sends `initialized`; returns the
    /// initialize result.
    pub async fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let result = self
            .request(
                "initialize",
                json!({"capabilities": capabilities, "initializationOptions": options, "rootUri": null}),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    /// Initializes with `params` (whole `initialize` params), then sends `initialized`.
    pub async fn initialize_with(&mut self, params: Value) -> Value {
        let result = self.request("initialize", params).await;
        self.notify("initialized", json!({})).await;
        result
    }

    /// Waits for the next message from the server with `method` (a notification or a request).
    pub async fn message(&mut self, method: &str) -> Value {
        loop {
            let message = match self.notifications.pop_front() {
                Some(m) => m,
                None => self.receive().await,
            };
            if message["method"] == method {
                return message;
            }
        }
    }

    /// Waits for the `publishDiagnostics` of `uri` at `version` (skipping older ones).
    pub async fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        loop {
            let message = match self.notifications.pop_front() {
                Some(m) => m,
                None => self.receive().await,
            };
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && (version.is_none() || message["params"]["version"] == json!(version))
            {
                return message["params"].clone();
            }
        }
    }

    /// The quick fixes the server offers for `diagnostic` (as published) of `uri`.
    pub async fn quick_fixes(&mut self, uri: &str, diagnostic: &Value) -> Value {
        self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}
            }),
        )
        .await
    }

    /// Opens a document.
    pub async fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        )
        .await;
    }
}

/// Capabilities of a VS Code-like client: UTF-16 only, snippets, Markdown, rule links and fixes
/// on diagnostics, code action literals, no pull diagnostics.
pub fn vscode_like() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {
            "completion": {"completionItem": {"snippetSupport": true, "documentationFormat": ["markdown", "plaintext"]}},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "publishDiagnostics": {"codeDescriptionSupport": true, "dataSupport": true},
            "codeAction": {
                "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}},
                "isPreferredSupport": true
            }
        }
    })
}

/// Capabilities of a client that offers UTF-8, takes rule links and fixes on diagnostics, and
/// declares no snippets and no documentation format (so it gets plain strings).
pub fn utf8_client() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "textDocument": {"publishDiagnostics": {"codeDescriptionSupport": true, "dataSupport": true}}
    })
}

/// The byte offset of the LSP `position` in `text` (ASCII text, so UTF-16 columns are bytes).
pub fn ascii_offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    start + position["character"].as_u64().unwrap() as usize
}

/// `text` after accepting `item` the way VS Code does in `mode` (`insert` or `replace`): an
/// `InsertReplaceEdit` overwrites its `insert` or `replace` range, a `TextEdit` its one range in
/// both; a snippet's tab stops become their default text; lines after the first are indented like
/// the line the item is accepted on (LSP's `adjustIndentation`, unless the item says `asIs`); the
/// item's `additionalTextEdits` are applied too. ASCII text only.
pub fn accepted(text: &str, item: &Value, mode: &str) -> String {
    let edit = &item["textEdit"];
    let range = if edit.get("range").is_some() {
        &edit["range"]
    } else {
        &edit[mode]
    };
    let mut new_text = edit["newText"].as_str().unwrap().to_owned();
    if item["insertTextFormat"] == 2 {
        new_text = snippet_text(&new_text);
    }
    let start = ascii_offset(text, &range["start"]);
    if item["insertTextMode"] != 1 {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..];
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        new_text = new_text.replace('\n', &format!("\n{indent}"));
    }
    let mut edits = vec![(start, ascii_offset(text, &range["end"]), new_text)];
    for extra in item["additionalTextEdits"].as_array().into_iter().flatten() {
        let from = ascii_offset(text, &extra["range"]["start"]);
        let to = ascii_offset(text, &extra["range"]["end"]);
        edits.push((from, to, extra["newText"].as_str().unwrap().to_owned()));
    }
    edits.sort_by_key(|(from, _, _)| std::cmp::Reverse(*from));
    let mut out = text.to_owned();
    for (from, to, new_text) in edits {
        out.replace_range(from..to, &new_text);
    }
    out
}

/// A snippet as the text it expands to with every tab stop left as is: `${n:text}` becomes
/// `text`, `$n` nothing, and `\$`, `\}`, `\\` their character.
pub fn snippet_text(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.next_if(char::is_ascii_digit).is_some() {}
                if chars.next_if_eq(&':').is_some() {
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => out.extend(chars.next()),
                            '}' => break,
                            c => out.push(c),
                        }
                    }
                } else {
                    chars.next_if_eq(&'}');
                }
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.next_if(char::is_ascii_digit).is_some() {}
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` with its one `$0` cursor marker removed, and the marker's LSP position (ASCII text).
pub fn cursor(text: &str) -> (String, Value) {
    let at = text.find("$0").expect("a $0 cursor marker");
    let line = text[..at].matches('\n').count();
    let character = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let position = json!({"line": line, "character": character});
    (text.replacen("$0", "", 1), position)
}
