//! Fault tests of the language server through the real binary: `credsum lsp` spawned with piped
//! stdio and driven by a small framed JSON-RPC client. Malformed frames, bad JSON, unknown
//! methods, lifecycle errors, a 50 MB document, 10,000 rapid edits, out-of-range positions,
//! malformed params, a client that dies mid-message, exit codes, and a stdout that carries
//! nothing but frames; and the workspace: `credsum lint` and the server select the same files
//! of one tree under one `credsum.toml`, and `workspace/diagnostic` keeps the server serving
//! over unreadable folders, symbolic link loops, a 100 MB file and a folder removed while it
//! is scanned. A reader thread parses stdout strictly and every wait has a timeout, so
//! a hang or a stray byte fails the test instead of blocking it. `docs/reliability.md` ("LSP
//! fault tests") lists each fault with the behaviour these tests pin down.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common;

use common::Scratch;

/// The longest wait for any one message: a hang guard, generous for a busy machine.
const TIMEOUT: Duration = Duration::from_secs(60);

/// How long the server may take to exit once it should: a hang guard too (the server's own
/// grace period is 0.5 s).
const EXIT_WITHIN: Duration = Duration::from_secs(60);

/// The resource's `@odata.type`, which makes any `.json` document a request file.
const ODATA_TYPE: &str = "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary";

/// JSON-RPC error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
const SERVER_NOT_INITIALIZED: i64 = -32002;

/// What the stdout reader saw.
enum Out {
    /// One frame's JSON-RPC message.
    Message(Value),
    /// Bytes that are not a well-formed frame (the reader stops there).
    NotAFrame(String),
    /// The end of stdout; `clean` when it fell between two frames.
    End { clean: bool },
}

/// Reads `stdout` strictly as `Content-Length` frames of JSON-RPC 2.0 messages.
fn read_frames(stdout: impl Read, tx: Sender<Out>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = None;
        let mut at_start = true;
        loop {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => {
                    let _ = tx.send(Out::End { clean: at_start });
                    return;
                }
                Ok(_) => {}
            }
            at_start = false;
            let text = String::from_utf8_lossy(&line).into_owned();
            let Some(header) = text.strip_suffix("\r\n") else {
                let _ = tx.send(Out::NotAFrame(text));
                return;
            };
            if header.is_empty() {
                break;
            }
            match header.split_once(": ") {
                Some(("Content-Length", n)) => length = n.parse::<usize>().ok(),
                Some(("Content-Type", _)) => {}
                _ => {
                    let _ = tx.send(Out::NotAFrame(text));
                    return;
                }
            }
        }
        let Some(length) = length else {
            let _ = tx.send(Out::NotAFrame("a frame without Content-Length".to_owned()));
            return;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            let _ = tx.send(Out::NotAFrame("a frame cut short".to_owned()));
            return;
        }
        match serde_json::from_slice::<Value>(&body) {
            Ok(message) if message["jsonrpc"] == "2.0" => {
                if tx.send(Out::Message(message)).is_err() {
                    return;
                }
            }
            _ => {
                let body = String::from_utf8_lossy(&body).into_owned();
                let _ = tx.send(Out::NotAFrame(body));
                return;
            }
        }
    }
}

/// A running `credsum lsp` and our end of its pipes.
struct Lsp {
    /// The server process.
    child: Child,
    /// Its stdin (`None` once closed).
    stdin: Option<ChildStdin>,
    /// What the stdout reader saw.
    out: Receiver<Out>,
    /// Messages received but not yet looked at.
    pending: VecDeque<Value>,
    /// Everything written to stderr so far.
    stderr: Arc<Mutex<Vec<u8>>>,
    /// The next request id.
    next_id: i64,
    /// Whether stdout has ended (cleanly, between frames).
    stdout_ended: bool,
}

impl Lsp {
    /// Starts `credsum lsp`.
    fn start() -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_credsum"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn credsum lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, out) = mpsc::channel();
        thread::spawn(move || read_frames(stdout, tx));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&stderr);
        let mut pipe = child.stderr.take().unwrap();
        thread::spawn(move || {
            let mut chunk = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut chunk) {
                sink.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        Lsp {
            stdin: child.stdin.take(),
            child,
            out,
            pending: VecDeque::new(),
            stderr,
            next_id: 1,
            stdout_ended: false,
        }
    }

    /// Starts `credsum lsp` and goes through `initialize` and `initialized`.
    fn initialized() -> Lsp {
        let mut lsp = Lsp::start();
        let result = lsp.request("initialize", json!({"capabilities": {}, "rootUri": null}));
        assert_eq!(result["serverInfo"]["name"], "credsum");
        lsp.notify("initialized", json!({}));
        lsp
    }

    /// An initialized server with [`small_body`] open at `uri` and its diagnostics received.
    fn with_small_document(uri: &str) -> Lsp {
        let mut lsp = Lsp::initialized();
        lsp.open(uri, &small_body());
        lsp.diagnostics(uri, 1);
        lsp
    }

    /// The server's stderr so far.
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Writes raw bytes to the server's stdin.
    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush to the server");
    }

    /// Writes one message in a well-formed frame.
    fn send(&mut self, message: &Value) {
        self.write(&frame(message.to_string().as_bytes()));
    }

    /// The next message from stdout, failing the test on a timeout or on a non-frame.
    fn receive(&mut self) -> Value {
        match self.out.recv_timeout(TIMEOUT) {
            Ok(Out::Message(message)) => message,
            Ok(Out::NotAFrame(text)) => panic!("stdout carried a non-frame: {text:?}"),
            Ok(Out::End { .. }) => panic!("the server closed stdout; stderr:\n{}", self.stderr()),
            Err(RecvTimeoutError::Timeout) => {
                panic!("no message within {TIMEOUT:?}; stderr:\n{}", self.stderr())
            }
            Err(RecvTimeoutError::Disconnected) => panic!("the stdout reader stopped"),
        }
    }

    /// The first message (received or pending) that `wanted` accepts; the others stay pending.
    fn receive_until(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i).expect("an index of pending");
        }
        loop {
            let message = self.receive();
            if wanted(&message) {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    /// The next response with `id`, keeping whatever comes before it in `pending`.
    fn response(&mut self, id: &Value) -> Value {
        loop {
            let message = self.receive();
            if message.get("method").is_none() && &message["id"] == id {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    /// Sends a request and returns the whole response.
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = json!(self.next_id);
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(&id)
    }

    /// Sends a request and returns its result, failing on an error response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// Sends a notification.
    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Opens a document at version 1.
    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    /// The `publishDiagnostics` params for `uri` at `version` (older ones are skipped).
    fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        loop {
            let message = match self.pending.pop_front() {
                Some(message) => message,
                None => self.receive(),
            };
            let params = &message["params"];
            if message["method"] == "textDocument/publishDiagnostics"
                && params["uri"] == uri
                && params["version"] == version
            {
                return params.clone();
            }
        }
    }

    /// The next error response with a `null` id (an answer to a frame with no usable id).
    fn null_id_error(&mut self) -> i64 {
        let response = self.response(&Value::Null);
        response["error"]["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("not an error: {response}"))
    }

    /// Closes the server's stdin.
    fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the process to exit (failing after `within`), then for stdout to end; checks
    /// that stderr holds no panic.
    fn wait_exit(&mut self, within: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < within,
                "the server did not exit within {within:?}; stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(10));
        };
        loop {
            match self.out.recv_timeout(TIMEOUT) {
                Ok(Out::Message(message)) => self.pending.push_back(message),
                Ok(Out::End { clean }) => {
                    assert!(clean, "stdout ended inside a frame");
                    self.stdout_ended = true;
                    break;
                }
                Ok(Out::NotAFrame(text)) => panic!("stdout carried a non-frame: {text:?}"),
                Err(e) => panic!("stdout did not end: {e}"),
            }
        }
        // The stderr reader may still be copying the last bytes.
        thread::sleep(Duration::from_millis(50));
        assert!(!self.stderr().contains("panicked"), "{}", self.stderr());
        status
    }

    /// `shutdown` then `exit`; the server exits with 0.
    fn shut_down(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        assert_eq!(self.wait_exit(EXIT_WITHIN).code(), Some(0));
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        // A failed test leaves no server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `body` in a well-formed frame.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    framed
}

/// The error code of a response (`None` for a success).
fn error_code(response: &Value) -> Option<i64> {
    response["error"]["code"].as_i64()
}

/// `textDocument` + `position` params.
fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// A position.
fn pos(line: usize, character: usize) -> Value {
    json!({"line": line, "character": character})
}

/// A `didChange` notification with one ranged change.
fn change(uri: &str, version: i64, start: Value, end: Value, text: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": start, "end": end}, "text": text}]
        }
    })
}

/// A small request body with a misspelt property, so it has diagnostics.
fn small_body() -> String {
    format!("{{\n  \"@odata.type\": \"{ODATA_TYPE}\",\n  \"tenantDisplayName\": \"Contoso\",\n  \"totalUserCont\": 1\n}}\n")
}

/// What the server says about a document: the diagnostics it published (`published`), its
/// outline and its formatting edits.
fn views(lsp: &mut Lsp, uri: &str, published: &Value) -> (Value, Value, Value) {
    let diagnostics = published["diagnostics"].clone();
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let formatting = lsp.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    (diagnostics, symbols, formatting)
}

// Non-numeric, missing, negative and oversized `Content-Length` headers are each answered with
// a Parse error (id null) and skipped; the next frame is served.
#[test]
fn malformed_content_length_headers_are_skipped() {
    let mut lsp = Lsp::initialized();
    let bad_frames: [&[u8]; 4] = [
        b"Content-Length: abc\r\n\r\n{}",
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}",
        b"Content-Length: -5\r\n\r\n{}",
        b"Content-Length: 99999999999\r\n\r\n{\"jsonrpc\": \"2.0\"}",
    ];
    for bad in bad_frames {
        lsp.write(bad);
        assert_eq!(lsp.null_id_error(), PARSE_ERROR);
        let symbols = lsp.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": "file:///w/none.json"}}),
        );
        assert_eq!(symbols, json!([]));
    }
    let stderr = lsp.stderr();
    for why in [
        "bad Content-Length \"abc\"",
        "missing Content-Length header",
        "bad Content-Length \"-5\"",
        "Content-Length 99999999999 is over the limit",
    ] {
        assert!(stderr.contains(why), "{why}: {stderr}");
    }
    lsp.shut_down();
}

// A well-formed frame whose body is not JSON, not UTF-8, or not a JSON-RPC message gets an
// error response (Parse error, or Invalid Request with the message's id), and serving goes on.
#[test]
fn invalid_bodies_get_an_error_and_serving_continues() {
    let mut lsp = Lsp::initialized();
    lsp.write(&frame(b"{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": "));
    assert_eq!(lsp.null_id_error(), PARSE_ERROR);
    lsp.write(&frame(b"\xff\xfe{}"));
    assert_eq!(lsp.null_id_error(), PARSE_ERROR);
    lsp.write(&frame(b""));
    assert_eq!(lsp.null_id_error(), PARSE_ERROR);
    lsp.write(&frame(b"[1, 2]"));
    assert_eq!(lsp.null_id_error(), INVALID_REQUEST);
    lsp.write(&frame(
        br#"{"jsonrpc": "1.0", "id": 42, "method": "shutdown"}"#,
    ));
    assert_eq!(error_code(&lsp.response(&json!(42))), Some(INVALID_REQUEST));
    lsp.open("file:///w/small.json", &small_body());
    let published = lsp.diagnostics("file:///w/small.json", 1);
    assert_eq!(published["diagnostics"][0]["code"], "unknown-property");
    lsp.shut_down();
}

// An unknown request is answered MethodNotFound; unknown notifications, `$/` ones included, are
// ignored without any response; a `$/` request is answered MethodNotFound too.
#[test]
fn unknown_methods() {
    let mut lsp = Lsp::initialized();
    let unknown = lsp.request_raw("credsum/nothing", json!({}));
    assert_eq!(error_code(&unknown), Some(METHOD_NOT_FOUND), "{unknown}");
    let dollar = lsp.request_raw("$/credsum/nothing", json!({}));
    assert_eq!(error_code(&dollar), Some(METHOD_NOT_FOUND), "{dollar}");
    lsp.pending.clear();
    lsp.notify("credsum/nothing", json!({"x": 1}));
    lsp.notify("$/something", json!({"x": 1}));
    lsp.notify("$/cancelRequest", json!({"id": 999}));
    let answered = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///w/none.json"}}),
    );
    assert_eq!(answered, json!([]));
    let responses: Vec<&Value> = lsp
        .pending
        .iter()
        .filter(|m| m.get("method").is_none())
        .collect();
    assert!(
        responses.is_empty(),
        "notifications were answered: {responses:?}"
    );
    lsp.shut_down();
}

// Before `initialize`, requests get ServerNotInitialized and notifications are dropped; a
// second `initialize` is an error; the server serves normally in between and after.
#[test]
fn lifecycle_errors() {
    let mut lsp = Lsp::start();
    let early = lsp.request_raw("textDocument/hover", at("file:///w/a.json", 0, 0));
    assert_eq!(error_code(&early), Some(SERVER_NOT_INITIALIZED), "{early}");
    let early_shutdown = lsp.request_raw("shutdown", Value::Null);
    assert_eq!(error_code(&early_shutdown), Some(SERVER_NOT_INITIALIZED));
    lsp.open("file:///w/early.json", &small_body());
    lsp.request("initialize", json!({"capabilities": {}}));
    lsp.notify("initialized", json!({}));
    let again = lsp.request_raw("initialize", json!({"capabilities": {}}));
    assert_eq!(error_code(&again), Some(INVALID_REQUEST), "{again}");
    // The document opened too early was never opened.
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///w/early.json"}}),
    );
    assert_eq!(symbols, json!([]));
    lsp.open("file:///w/late.json", &small_body());
    lsp.diagnostics("file:///w/late.json", 1);
    lsp.shut_down();
}

// A 50 MB request body gets one `file-too-large` diagnostic at its start (under the hang guard
// TIMEOUT; the time it takes is printed, not asserted), and the server goes on serving other
// documents.
#[test]
fn a_50_mb_document_gets_one_file_too_large_diagnostic() {
    const SIZE: usize = 50 * 1024 * 1024;
    let mut lsp = Lsp::initialized();
    let uri = "file:///w/big.json";
    // The didOpen body, built in place: the text is JSON whose quotes are escaped once more.
    let mut body = Vec::with_capacity(SIZE + 1024);
    body.extend_from_slice(
        format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"json","version":1,"text":"{{\"@odata.type\": \"{ODATA_TYPE}\", \"tenantDisplayName\": \""#
        )
        .as_bytes(),
    );
    body.resize(SIZE, b'a');
    body.extend_from_slice(br#"\"}"}}}"#);
    let start = Instant::now();
    lsp.write(&frame(&body));
    drop(body);
    let published = lsp.diagnostics(uri, 1);
    let elapsed = start.elapsed();
    println!("50 MB didOpen -> diagnostics in {elapsed:?}");
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "file-too-large");
    assert_eq!(diagnostics[0]["range"]["start"], pos(0, 0));
    let small = "file:///w/small.json";
    lsp.open(small, &small_body());
    lsp.diagnostics(small, 1);
    let hover = lsp.request("textDocument/hover", at(small, 2, 5));
    // This client names no hover format, so the hover is a plain string.
    assert!(
        hover["contents"]
            .as_str()
            .is_some_and(|v| v.contains("tenantDisplayName")),
        "{hover}"
    );
    let completion = lsp.request("textDocument/completion", at(small, 3, 3));
    assert!(!completion.is_null());
    lsp.shut_down();
}

// 10,000 incremental `didChange`s sent as fast as the pipe takes them: the last diagnostics carry
// the last version and equal those of a fresh document with the final text.
#[test]
fn ten_thousand_rapid_changes_end_in_the_final_text() {
    const CHANGES: i64 = 10_000;
    /// What gets typed, wide characters included (so UTF-16 columns differ from bytes).
    const TYPED: [char; 7] = ['a', 'b', ' ', 'é', '😀', '-', 'コ'];
    let mut lsp = Lsp::initialized();
    let uri = "file:///w/typing.json";
    let head = format!("{{\n  \"@odata.type\": \"{ODATA_TYPE}\",\n  \"tenantDisplayName\": \"");
    let tail = "\", \"totalUserCont\": -1\n}\n";
    lsp.open(uri, &format!("{head}{tail}"));
    lsp.diagnostics(uri, 1);
    let column0 = "  \"tenantDisplayName\": \"".encode_utf16().count();
    let mut typed: Vec<char> = Vec::new();
    let mut column = column0;
    let mut frames = Vec::new();
    for version in 2..CHANGES + 2 {
        // Mostly typing, with a backspace every seventh change.
        let message = if version % 7 == 0 && !typed.is_empty() {
            let gone = typed.pop().unwrap();
            column -= gone.len_utf16();
            change(
                uri,
                version,
                pos(2, column),
                pos(2, column + gone.len_utf16()),
                "",
            )
        } else {
            let c = TYPED[version as usize % TYPED.len()];
            let message = change(uri, version, pos(2, column), pos(2, column), &c.to_string());
            typed.push(c);
            column += c.len_utf16();
            message
        };
        frames.extend_from_slice(&frame(message.to_string().as_bytes()));
    }
    let start = Instant::now();
    lsp.write(&frames);
    let last = lsp.diagnostics(uri, CHANGES + 1);
    let elapsed = start.elapsed();
    println!("{CHANGES} didChange -> final diagnostics in {elapsed:?}");
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    let final_text: String = format!("{head}{}{tail}", typed.iter().collect::<String>());
    let edited = views(&mut lsp, uri, &last);
    let fresh = "file:///w/fresh.json";
    lsp.open(fresh, &final_text);
    let published = lsp.diagnostics(fresh, 1);
    let expected = views(&mut lsp, fresh, &published);
    assert!(!edited.0.as_array().unwrap().is_empty());
    assert_eq!(edited, expected);
    lsp.shut_down();
}

// Edits with positions past the end of a line or of the text, or with the start after the end,
// are clamped (to the line's end, the text's end, and an empty range at the start; a position
// inside a surrogate pair snaps to the character's start), and the text stays consistent.
#[test]
fn out_of_range_edits_are_clamped() {
    let mut lsp = Lsp::initialized();
    let uri = "file:///w/clamp.json";
    let line2 = "  \"tenantDisplayName\": \"é😀\"";
    lsp.open(
        uri,
        &format!("{{\n  \"@odata.type\": \"{ODATA_TYPE}\",\n{line2}\n}}\n"),
    );
    lsp.diagnostics(uri, 1);
    let emoji = "  \"tenantDisplayName\": \"é".encode_utf16().count();
    let edits = [
        // Start after end: an insertion at the start, inside the key.
        (pos(2, 5), pos(2, 3), "X"),
        // Past the end of line 2: appended to that line.
        (pos(2, 400), pos(2, 401), ", \"totalUserCont\": -1"),
        // Past the last line: appended to the text.
        (pos(40, 0), pos(41, 7), "\n"),
        // From the last `}` to past the end: replaces the rest.
        (pos(3, 0), pos(99, 0), "}"),
        // Inside the surrogate pair of the emoji: before it.
        (pos(2, emoji + 2), pos(2, emoji + 2), "Z"),
    ];
    for (version, (start, end, text)) in (2..).zip(edits) {
        lsp.send(&change(uri, version, start, end, text));
    }
    let expected_text = format!(
        "{{\n  \"@odata.type\": \"{ODATA_TYPE}\",\n  \"teXnantDisplayName\": \"éZ😀\", \"totalUserCont\": -1\n}}"
    );
    let published = lsp.diagnostics(uri, 6);
    let edited = views(&mut lsp, uri, &published);
    let fresh = "file:///w/fresh.json";
    lsp.open(fresh, &expected_text);
    let published = lsp.diagnostics(fresh, 1);
    assert_eq!(edited, views(&mut lsp, fresh, &published));
    // Both misspellings are there: the key the clamped insertion made and the appended one.
    let messages: Vec<&str> = edited
        .0
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("teXnantDisplayName"), "{messages:?}");
    assert!(messages[1].contains("totalUserCont"), "{messages:?}");
    lsp.shut_down();
}

// Requests at out-of-range positions or on unknown documents get empty results; params of the
// wrong type get InvalidParams; malformed notifications are dropped; nothing crashes.
#[test]
fn out_of_range_requests_unknown_documents_and_malformed_params() {
    let uri = "file:///w/req.json";
    let mut lsp = Lsp::with_small_document(uri);
    assert_eq!(
        lsp.request("textDocument/hover", at(uri, 99, 999)),
        Value::Null
    );
    assert_eq!(
        lsp.request("textDocument/hover", at(uri, 2, 9999)),
        Value::Null
    );
    lsp.request("textDocument/completion", at(uri, u32::MAX, u32::MAX));
    lsp.request("textDocument/definition", at(uri, 500, 0));
    let ranges = lsp.request(
        "textDocument/selectionRange",
        json!({"textDocument": {"uri": uri}, "positions": [pos(1000, 1000), pos(0, 0)]}),
    );
    assert!(ranges.is_array());
    lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": pos(90, 0), "end": pos(2, 0)},
               "context": {"diagnostics": []}}),
    );
    let nowhere = "file:///w/never-opened.json";
    assert_eq!(
        lsp.request("textDocument/hover", at(nowhere, 0, 0)),
        Value::Null
    );
    assert_eq!(
        lsp.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": nowhere}, "options": {"tabSize": 2, "insertSpaces": true}})
        ),
        json!([])
    );
    for params in [
        json!({"textDocument": 3}),
        json!([1, 2, 3]),
        json!("text"),
        json!({"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}}),
        Value::Null,
    ] {
        let response = lsp.request_raw("textDocument/hover", params.clone());
        assert_eq!(
            error_code(&response),
            Some(INVALID_PARAMS),
            "{params}: {response}"
        );
    }
    // Malformed notifications, and a change to a document that is not open, are dropped.
    lsp.notify("textDocument/didOpen", json!({"textDocument": "x"}));
    lsp.notify("textDocument/didChange", json!([1]));
    lsp.send(&change(nowhere, 2, pos(0, 0), pos(0, 0), "x"));
    let hover = lsp.request("textDocument/hover", at(uri, 2, 5));
    assert!(!hover.is_null());
    lsp.shut_down();
}

// A client that dies in the middle of a frame: the server exits within seconds with code 1, says
// so on stderr, and does not panic.
#[test]
fn client_dying_mid_message() {
    let mut lsp = Lsp::initialized();
    lsp.write(b"Content-Length: 120\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": 9, \"meth");
    lsp.close_stdin();
    assert_eq!(lsp.wait_exit(EXIT_WITHIN).code(), Some(1));
    assert!(lsp
        .stderr()
        .contains("the input ended in the middle of a message"));
}

// `shutdown` then `exit` exits with 0 even though stdin stays open.
#[test]
fn shutdown_then_exit_exits_with_0() {
    let lsp = Lsp::initialized();
    lsp.shut_down();
}

// A client that never answers the server's own requests (the file watcher registration, then
// `workspace/configuration`) and shuts down meanwhile still sees the server exit, with 0: a
// handler waiting for an answer that cannot come no longer keeps the process alive (pytest-lsp
// hung on this about once in five sessions).
#[test]
fn exit_while_the_server_awaits_the_client_still_exits() {
    let mut lsp = Lsp::start();
    let capabilities = json!({"workspace": {
        "configuration": true,
        "didChangeWatchedFiles": {"dynamicRegistration": true}
    }});
    lsp.request(
        "initialize",
        json!({"capabilities": capabilities, "rootUri": null}),
    );
    lsp.notify("initialized", json!({}));
    let asked = lsp.receive_until(|m| m["method"] == "client/registerCapability");
    assert!(asked["id"].is_number(), "{asked}");
    lsp.shut_down();
}

// `exit` without `shutdown` exits with 1, as the LSP specification asks, stdin still open.
#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut lsp = Lsp::initialized();
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit(EXIT_WITHIN).code(), Some(1));
    assert!(
        lsp.stderr().contains("no shutdown request"),
        "{}",
        lsp.stderr()
    );
}

// The end of stdin without `shutdown` ends the server (code 1), with or without `initialize`.
#[test]
fn stdin_eof_without_shutdown_exits() {
    for initialize in [true, false] {
        let mut lsp = if initialize {
            Lsp::initialized()
        } else {
            Lsp::start()
        };
        lsp.close_stdin();
        assert_eq!(lsp.wait_exit(EXIT_WITHIN).code(), Some(1));
    }
}

// Over a whole session with good and bad input, every byte on stdout belongs to a frame of a
// JSON-RPC 2.0 message, and the logs go to stderr.
#[test]
fn stdout_carries_only_frames() {
    let uri = "file:///w/session.json";
    let mut lsp = Lsp::with_small_document(uri);
    lsp.request("textDocument/hover", at(uri, 2, 5));
    lsp.request("textDocument/completion", at(uri, 3, 3));
    lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": pos(0, 0), "end": pos(5, 0)},
               "context": {"diagnostics": []}}),
    );
    lsp.write(b"Content-Length: x\r\n\r\n{}");
    lsp.write(&frame(b"not json"));
    lsp.request_raw("credsum/nothing", Value::Null);
    lsp.send(&change(uri, 2, pos(0, 0), pos(0, 1), "["));
    lsp.diagnostics(uri, 2);
    assert_eq!(lsp.request("shutdown", Value::Null), Value::Null);
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit(EXIT_WITHIN).code(), Some(0));
    // `wait_exit` read stdout to its end: all frames, ending between two of them.
    assert!(lsp.stdout_ended);
    let stderr = lsp.stderr();
    assert!(stderr.contains("credsum language server ready"), "{stderr}");
    assert!(stderr.contains("skipping a malformed message"), "{stderr}");
}

impl Lsp {
    /// Starts `credsum lsp` and initializes it with `folder` as its one workspace folder.
    fn in_folder(folder: &std::path::Path) -> Lsp {
        let mut lsp = Lsp::start();
        let folders = json!([{"uri": file_uri(folder), "name": "w"}]);
        let params = json!({"capabilities": {"textDocument": {"diagnostic": {}}}, "workspaceFolders": folders});
        lsp.request("initialize", params);
        lsp.notify("initialized", json!({}));
        lsp
    }

    /// A full `workspace/diagnostic` report.
    fn workspace_report(&mut self) -> Value {
        self.request("workspace/diagnostic", json!({"previousResultIds": []}))
    }
}

/// The `file://` URI of an absolute path (the test folders' paths need no escaping).
fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// The paths (relative to `root`) of a workspace report's items that hold diagnostics.
fn reported(report: &Value, root: &std::path::Path) -> Vec<String> {
    let prefix = format!("{}/", file_uri(root));
    let mut paths: Vec<String> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| !item["items"].as_array().expect("diagnostics").is_empty())
        .map(|item| item["uri"].as_str().expect("uri").replace(&prefix, ""))
        .collect();
    paths.sort();
    paths
}

// Issue 12's measured bugs: one credsum.toml, one file set, whether `credsum lint` walks the
// tree, the server scans it for workspace diagnostics, or the editor opens each file.
#[test]
fn lint_and_the_server_select_the_same_files() {
    let scratch = Scratch::new();
    let typo = format!("{{\"@odata.type\": \"{ODATA_TYPE}\", \"typo\": 1}}\n");
    let files = [
        (
            "credsum.toml",
            "include = [\"requests/*.json\"]\nexclude = [\"vendor\"]\n",
        ),
        (".gitignore", "ignored/\n"),
        ("requests/a.json", "{\"typo\": 1}\n"),
        ("requests/deep/a.json", "{\"typo\": 1}\n"),
        ("vendor/a.json", typo.as_str()),
        ("src/b.json", typo.as_str()),
        ("ignored/c.json", typo.as_str()),
        ("package.json", "{\"name\": \"x\"}\n"),
    ];
    for (path, text) in files {
        scratch.write(path, text);
    }
    let mut lint = scratch.lint_json(&["."]).paths();
    lint.sort();
    assert_eq!(lint, ["requests/a.json", "src/b.json"]);

    let mut lsp = Lsp::in_folder(&scratch.root);
    assert_eq!(reported(&lsp.workspace_report(), &scratch.root), lint);
    // Opened in the editor, each file is judged by the same globs (a named file's `.gitignore`
    // is the user's choice to open it, as `credsum lint ignored/c.json` checks it too).
    let mut opened = Vec::new();
    for (path, _) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".json") && !p.starts_with("ignored"))
    {
        let uri = file_uri(&scratch.path(path));
        let text = String::from_utf8(scratch.read(path)).unwrap();
        lsp.open(&uri, &text);
        let report = lsp.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        if !report["items"].as_array().expect("items").is_empty() {
            opened.push((*path).to_owned());
        }
    }
    opened.sort();
    assert_eq!(opened, lint);
    lsp.shut_down();
}

// Bad input under a workspace folder: the scan reports what it can and the server keeps serving.
#[test]
fn workspace_diagnostics_survive_bad_folders() {
    let scratch = Scratch::new();
    let typo = format!("{{\"@odata.type\": \"{ODATA_TYPE}\", \"typo\": 1}}\n");
    scratch.write("ok.json", &typo);
    // A symbolic link loop, and a link to a folder outside the tree: never followed.
    std::os::unix::fs::symlink(&scratch.root, scratch.path("loop")).unwrap();
    std::fs::create_dir(scratch.path("closed")).unwrap();
    scratch.write("closed/hidden.json", &typo);
    std::fs::set_permissions(
        scratch.path("closed"),
        std::os::unix::fs::PermissionsExt::from_mode(0o000),
    )
    .unwrap();
    // 100 MB that start like a request file: one file-too-large finding, read no further.
    let big = scratch.write("big.json", &typo);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(100 << 20)
        .unwrap();
    // A folder of many files, removed while it is scanned.
    for i in 0..2000 {
        scratch.write(&format!("doomed/f{i}.json"), &typo);
    }
    let mut lsp = Lsp::in_folder(&scratch.root);
    let id = json!(lsp.next_id);
    lsp.next_id += 1;
    lsp.send(&json!({"jsonrpc": "2.0", "id": id, "method": "workspace/diagnostic", "params": {"previousResultIds": []}}));
    std::fs::remove_dir_all(scratch.path("doomed")).unwrap();
    let during = lsp.response(&id);
    assert!(during.get("error").is_none(), "{during}");

    let report = lsp.workspace_report();
    let mut expected = vec!["big.json", "ok.json"];
    if common::is_root() {
        // Permissions do not stop root.
        expected.insert(1, "closed/hidden.json");
    }
    assert_eq!(reported(&report, &scratch.root), expected);
    let big_item = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["uri"].as_str().unwrap().ends_with("big.json"))
        .unwrap();
    assert_eq!(big_item["items"][0]["code"], "file-too-large", "{big_item}");
    std::fs::set_permissions(
        scratch.path("closed"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    lsp.shut_down();
}
