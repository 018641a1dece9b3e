//! The stdio transport of `credsum lsp`: a framing layer between the client's pipes and
//! tower-lsp-server's [`Server`] that survives malformed input and exits with the code the LSP
//! specification asks for.
//!
//! tower-lsp-server stops serving at the first frame it cannot decode: a bad or missing
//! `Content-Length`, a body that is not UTF-8 or JSON, or JSON that is not a JSON-RPC message.
//! Its decoder returns an error, tokio-util's `FramedRead` then ends the stream, and the server
//! returns as if stdin had closed — exit code 0, nothing on stderr. It also exits with 0 after
//! an `exit` that no `shutdown` preceded, where the specification asks for 1, and it waits
//! forever for the body of a frame that declares a length of 100 GB.
//!
//! So the server never sees the raw stdin. A reader thread cuts stdin into frames itself
//! ([`FrameReader`]), decodes each body exactly as tower-lsp-server will ([`check`], with the
//! same message types), answers a malformed frame with a JSON-RPC error of its own (`-32700`
//! Parse error, or `-32600` Invalid Request carrying the message's id when it has one), logs
//! it to stderr, and passes only well-formed messages on, re-framed with one `Content-Length`
//! header. After a bad header it skips to the next `Content-Length`. An output thread copies
//! the server's frames to stdout whole, so the reader's error responses never land inside one.
//!
//! Exit codes: 0 when the client sent `shutdown` before `exit` or before closing stdin, 1
//! otherwise (an `exit` without `shutdown`, or a client that died).

use std::io::{self, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::runtime::Handle;
use tokio::sync::{mpsc, Notify};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp_server::Server;

/// The largest body accepted. A larger declared length is treated as a corrupt header rather
/// than waited for (a client that writes `Content-Length: 99999999999` and a short body would
/// otherwise stall the server until stdin closes). Far above any real document: the linter
/// flags files over 20 MB by default.
pub const MAX_BODY: usize = 1 << 30;

/// The longest header block: more bytes without a blank line are not headers.
const MAX_HEADER: usize = 8 * 1024;

/// The header every frame starts with; resynchronisation looks for it.
const CONTENT_LENGTH: &[u8] = b"Content-Length";

/// Bytes asked of the input per read when no body length is known.
const CHUNK: usize = 64 * 1024;

/// Capacity of the in-memory pipes to and from the server.
const PIPE: usize = 1 << 20;

/// What [`FrameReader::next_frame`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A complete body (not yet checked).
    Body(Vec<u8>),
    /// A header block that can't be used, and why; the reader skips to the next
    /// `Content-Length` before reading on.
    BadHeader(String),
    /// The end of the input; `partial` when it cut a frame short.
    End {
        /// Some bytes of an unfinished frame were read.
        partial: bool,
    },
}

/// Cuts a byte stream into `Content-Length`-framed bodies, tolerating garbage.
pub struct FrameReader<R> {
    /// The byte stream.
    input: R,
    /// Bytes read and not yet consumed.
    buf: Vec<u8>,
    /// A bad header was reported: skip to the next `Content-Length` first.
    resync: bool,
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// At most 60 characters of `text`, for messages about garbage.
fn excerpt(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

/// The body length a header block (without its closing blank line) declares. Header names are
/// case-insensitive; headers other than `Content-Length` (`Content-Type`) are ignored.
fn content_length(block: &[u8]) -> Result<usize, String> {
    let text = std::str::from_utf8(block).map_err(|_| "headers are not UTF-8".to_owned())?;
    let mut length = None;
    for line in text.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("malformed header line {}", excerpt(line)));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            let n: u64 = value
                .parse()
                .map_err(|_| format!("bad Content-Length {}", excerpt(value)))?;
            if n > MAX_BODY as u64 {
                return Err(format!(
                    "Content-Length {n} is over the limit of {MAX_BODY} bytes"
                ));
            }
            length = Some(n as usize);
        }
    }
    length.ok_or_else(|| "missing Content-Length header".to_owned())
}

impl<R: Read> FrameReader<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> FrameReader<R> {
        FrameReader {
            input,
            buf: Vec::new(),
            resync: false,
        }
    }

    /// Reads up to `want` more bytes; `false` at the end of the input.
    fn fill(&mut self, want: usize) -> io::Result<bool> {
        let old = self.buf.len();
        self.buf.resize(old + want.max(1), 0);
        let read = loop {
            match self.input.read(&mut self.buf[old..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        self.buf.truncate(old + *read.as_ref().unwrap_or(&0));
        Ok(read? > 0)
    }

    /// Drops the consumed first `n` bytes.
    fn consume(&mut self, n: usize) {
        self.buf.drain(..n);
    }

    /// Skips to the next `Content-Length`; `false` when the input ends first.
    fn skip_to_header(&mut self) -> io::Result<bool> {
        loop {
            if let Some(at) = find(&self.buf, CONTENT_LENGTH) {
                self.consume(at);
                return Ok(true);
            }
            // Keep a tail that may be the start of a header cut by the read.
            let keep = (CONTENT_LENGTH.len() - 1).min(self.buf.len());
            self.consume(self.buf.len() - keep);
            if !self.fill(CHUNK)? {
                return Ok(false);
            }
        }
    }

    /// Reports unusable headers at the start of the buffer. Only their first byte is dropped:
    /// the resynchronisation then finds the next `Content-Length`, which may be a good header
    /// right after garbage in the same block.
    fn bad_header(&mut self, why: String) -> Frame {
        self.consume(1);
        self.resync = true;
        Frame::BadHeader(why)
    }

    /// The next frame. Blank lines between frames are skipped.
    pub fn next_frame(&mut self) -> io::Result<Frame> {
        if self.resync {
            self.resync = false;
            if !self.skip_to_header()? {
                return Ok(Frame::End { partial: false });
            }
        }
        let end = loop {
            let blank = self
                .buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            self.consume(blank);
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                break end;
            }
            if self.buf.len() > MAX_HEADER {
                return Ok(self.bad_header(format!("no end of headers in {MAX_HEADER} bytes")));
            }
            if !self.fill(CHUNK)? {
                return Ok(Frame::End {
                    partial: !self.buf.is_empty(),
                });
            }
        };
        let length = match content_length(&self.buf[..end]) {
            Ok(length) => length,
            Err(why) => return Ok(self.bad_header(why)),
        };
        self.consume(end + 4);
        if self.buf.len() < length {
            // Read the rest of the body in one go (`read_to_end` grows the buffer without
            // zeroing it on every read).
            let missing = length - self.buf.len();
            let read = (&mut self.input)
                .take(missing as u64)
                .read_to_end(&mut self.buf)?;
            if read < missing {
                return Ok(Frame::End { partial: true });
            }
        }
        let rest = self.buf.split_off(length);
        Ok(Frame::Body(std::mem::replace(&mut self.buf, rest)))
    }
}

/// A JSON-RPC message as tower-lsp-server decodes it (its own `Message` is private): the same
/// untagged enum over the same types, so a body that passes [`check`] is one the server decodes.
#[derive(Deserialize)]
#[serde(untagged)]
enum Message {
    /// A response to one of the server's requests.
    // Never read: only whether a body decodes as one matters.
    #[allow(dead_code)]
    Response(Response),
    /// A request or notification.
    Request(Request),
}

/// What the transport needs to know about a well-formed message.
#[derive(Debug, PartialEq, Eq)]
pub struct Checked {
    /// The method, for requests and notifications (`None` for a response).
    pub method: Option<String>,
    /// The id of a request (`None` for a notification or a response).
    pub request_id: Option<Id>,
}

/// Why a body is not passed on: the error to answer it with.
#[derive(Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The message's id when it has a usable one, else `null`.
    pub id: Id,
    /// `ParseError` or `InvalidRequest`.
    pub code: ErrorCode,
    /// What is wrong, for the log and the error's `data`.
    pub why: String,
}

impl Rejected {
    /// The JSON-RPC error response, framed.
    fn response(self) -> Vec<u8> {
        let error = Error {
            code: self.code,
            message: self.code.description().into(),
            data: Some(Value::String(self.why)),
        };
        serde_json::to_vec(&Response::from_error(self.id, error)).unwrap_or_default()
    }
}

/// Decodes a body the way tower-lsp-server's codec does; a body it would reject (and stop
/// serving at) is [`Rejected`].
pub fn check(body: &[u8]) -> Result<Checked, Rejected> {
    let parse_error = |why: String| Rejected {
        id: Id::Null,
        code: ErrorCode::ParseError,
        why,
    };
    let text = std::str::from_utf8(body).map_err(|e| parse_error(format!("not UTF-8: {e}")))?;
    match serde_json::from_str::<Message>(text) {
        Ok(Message::Request(request)) => Ok(Checked {
            method: Some(request.method().to_owned()),
            request_id: request.id().cloned(),
        }),
        Ok(Message::Response(_)) => Ok(Checked {
            method: None,
            request_id: None,
        }),
        // Valid JSON but not a JSON-RPC message: answer with its id if it has a usable one.
        Err(e) if e.is_data() => Err(Rejected {
            id: serde_json::from_str::<Value>(text)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .and_then(|id| serde_json::from_value::<Id>(id).ok())
                .unwrap_or(Id::Null),
            code: ErrorCode::InvalidRequest,
            why: format!("not a JSON-RPC message: {e}"),
        }),
        Err(e) => Err(parse_error(format!("not JSON: {e}"))),
    }
}

/// Writes one frame and flushes it, holding the stdout lock so frames never interleave.
fn write_frame(body: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)?;
    out.flush()
}

/// How long the server may go on after `exit` (or the end of its input) to finish what it is
/// doing; a handler still waiting for an answer from the client, which will never come, is
/// abandoned then.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Reads client frames from stdin until `exit` or the end of the input (then notifies `ended`);
/// passes well-formed messages to `server`, answers the rest itself, and notes a `shutdown`
/// request.
fn read_client(server: mpsc::Sender<Vec<u8>>, shut_down: &AtomicBool, ended: &Notify) {
    forward_client(server, shut_down);
    ended.notify_one();
}

/// The loop of [`read_client`].
fn forward_client(server: mpsc::Sender<Vec<u8>>, shut_down: &AtomicBool) {
    let mut frames = FrameReader::new(io::stdin().lock());
    loop {
        let body = match frames.next_frame() {
            Ok(Frame::Body(body)) => body,
            Ok(Frame::BadHeader(why)) => {
                eprintln!("credsum: skipping a malformed message: {why}");
                let rejected = Rejected {
                    id: Id::Null,
                    code: ErrorCode::ParseError,
                    why,
                };
                let _ = write_frame(&rejected.response());
                continue;
            }
            Ok(Frame::End { partial }) => {
                if partial {
                    eprintln!("credsum: the input ended in the middle of a message");
                }
                return;
            }
            Err(e) => {
                eprintln!("credsum: cannot read stdin: {e}");
                return;
            }
        };
        let message = match check(&body) {
            Ok(message) => message,
            Err(rejected) => {
                eprintln!("credsum: skipping a malformed message: {}", rejected.why);
                let _ = write_frame(&rejected.response());
                continue;
            }
        };
        let method = message.method.as_deref().unwrap_or_default();
        if let (Some(id), true) = (&message.request_id, method.starts_with("$/")) {
            // tower-lsp-server swallows its MethodNotFound answer to every `$/` method, requests
            // included, which would leave the client waiting forever; the specification asks
            // for MethodNotFound. (credsum implements no `$/` request.)
            let rejected = Rejected {
                id: id.clone(),
                code: ErrorCode::MethodNotFound,
                why: method.to_owned(),
            };
            let _ = write_frame(&rejected.response());
            continue;
        }
        if method == "shutdown" && message.request_id.is_some() {
            shut_down.store(true, Ordering::SeqCst);
        }
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        if server.blocking_send(frame).is_err() {
            return; // The server has stopped.
        }
        if method == "exit" && message.request_id.is_none() {
            // The server stops reading here too; reading on could only block.
            return;
        }
    }
}

/// Blocking reads of an in-memory pipe, from a thread outside the runtime.
struct BlockingPipe {
    /// The runtime the pipe belongs to.
    handle: Handle,
    /// The pipe.
    pipe: DuplexStream,
}

impl Read for BlockingPipe {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.handle.block_on(self.pipe.read(buf))
    }
}

/// Copies the server's frames to stdout, each whole, until the server closes its end.
fn write_server_output(from_server: BlockingPipe) {
    let mut frames = FrameReader::new(from_server);
    loop {
        match frames.next_frame() {
            // A failed write means the client has gone: keep draining, so the server never
            // blocks on a full pipe while it winds down.
            Ok(Frame::Body(body)) => {
                let _ = write_frame(&body);
            }
            // Never happens: the server frames its own output well.
            Ok(Frame::BadHeader(_)) => {}
            Ok(Frame::End { .. }) | Err(_) => return,
        }
    }
}

/// Serves LSP on stdin/stdout with `runtime` until `exit` or the end of stdin; returns the exit
/// code: 0 if the client sent `shutdown`, else 1.
pub fn serve_stdio(runtime: &tokio::runtime::Runtime) -> ExitCode {
    let (service, socket) = crate::service();
    let (server_in, mut to_server) = tokio::io::duplex(PIPE);
    let (from_server, server_out) = tokio::io::duplex(PIPE);
    let shut_down = Arc::new(AtomicBool::new(false));

    // Client → server. A plain thread reads stdin: tokio's stdin reads on the runtime's blocking
    // pool, and a read still waiting for the client would keep the runtime from shutting down
    // after `exit`. The thread is never joined; when the server is done the process exits.
    let (frames_tx, mut frames_rx) = mpsc::channel::<Vec<u8>>(64);
    let flag = Arc::clone(&shut_down);
    let ended = Arc::new(Notify::new());
    let notify = Arc::clone(&ended);
    std::thread::spawn(move || read_client(frames_tx, &flag, &notify));
    runtime.spawn(async move {
        while let Some(frame) = frames_rx.recv().await {
            if to_server.write_all(&frame).await.is_err() {
                break;
            }
        }
        // Dropping `to_server` is the end of the server's input.
    });

    // Server → client.
    let pipe = BlockingPipe {
        handle: runtime.handle().clone(),
        pipe: from_server,
    };
    let output = std::thread::spawn(move || write_server_output(pipe));

    runtime.block_on(async {
        let serve = Server::new(server_in, server_out, socket).serve(service);
        // A handler waiting for the client's answer to a request of the server (settings,
        // watcher registration) when `exit` comes would otherwise keep the process alive
        // forever: the client answers nothing after `exit`.
        let grace = async {
            ended.notified().await;
            tokio::time::sleep(EXIT_GRACE).await;
        };
        tokio::select! {
            () = serve => {}
            () = grace => eprintln!("credsum: exiting with requests to the client unanswered"),
        }
    });
    // The server dropped its end of the output pipe: wait until everything it wrote is out.
    let _ = output.join();
    if shut_down.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        eprintln!("credsum: exiting with code 1: no shutdown request came first");
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All frames of `input`.
    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = FrameReader::new(input);
        let mut all = Vec::new();
        loop {
            let frame = reader.next_frame().unwrap();
            let end = matches!(frame, Frame::End { .. });
            all.push(frame);
            if end {
                return all;
            }
        }
    }

    /// The body frame of `text`.
    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    // Good frames come through whatever their header case; each bad header is reported once and
    // the reader picks up at the next `Content-Length`; a frame cut short is a partial end.
    #[test]
    fn frames_and_resynchronisation() {
        let input = b"Content-Length: 2\r\n\r\n{}\r\ncontent-length: 3\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1]\
Content-Length: abc\r\n\r\n{\"x\": 1}Content-Length: 1\r\n\r\n1\
Content-Type: x\r\n\r\n{}Content-Length: 99999999999\r\n\r\n{}Content-Length: 2\r\n\r\n{}Content-Length: 5\r\n\r\n{";
        let got = frames(input);
        assert_eq!(got[0], body("{}"));
        assert_eq!(got[1], body("[1]"));
        assert_eq!(
            got[2],
            Frame::BadHeader("bad Content-Length \"abc\"".to_owned())
        );
        assert_eq!(got[3], body("1"));
        assert_eq!(
            got[4],
            Frame::BadHeader("missing Content-Length header".to_owned())
        );
        assert!(matches!(&got[5], Frame::BadHeader(why) if why.contains("over the limit")));
        assert_eq!(got[6], body("{}"));
        assert_eq!(got[7], Frame::End { partial: true });
        assert_eq!(got.len(), 8);
        assert_eq!(frames(b"")[0], Frame::End { partial: false });
        assert_eq!(frames(b"Content-Len")[0], Frame::End { partial: true });
    }

    // More than a header block's worth of bytes without a blank line is skipped up to the next
    // `Content-Length`, and the frame there is read.
    #[test]
    fn garbage_without_headers_is_skipped() {
        let mut input = vec![b'x'; MAX_HEADER + 10];
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        let got = frames(&input);
        assert!(matches!(got[0], Frame::BadHeader(_)));
        assert_eq!(got[1], body("{}"));
    }

    // `check` passes requests and responses, and rejects what the server's decoder would: bad
    // JSON and UTF-8 as Parse errors, JSON that is no JSON-RPC message (even a duplicate key) as
    // Invalid Request with its id.
    #[test]
    fn check_mirrors_the_server_decoder() {
        let request = check(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#).unwrap();
        assert_eq!(request.method.as_deref(), Some("shutdown"));
        assert_eq!(request.request_id, Some(Id::Number(1)));
        let response = check(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).unwrap();
        assert_eq!(response.method, None);
        assert_eq!(response.request_id, None);
        let code = |body: &[u8]| {
            let rejected = check(body).unwrap_err();
            (rejected.code, rejected.id)
        };
        assert_eq!(code(b"{abc}"), (ErrorCode::ParseError, Id::Null));
        assert_eq!(code(b"\xff"), (ErrorCode::ParseError, Id::Null));
        assert_eq!(code(b""), (ErrorCode::ParseError, Id::Null));
        assert_eq!(
            code(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#),
            (ErrorCode::InvalidRequest, Id::Number(7))
        );
        assert_eq!(
            code(br#"{"jsonrpc":"2.0","id":1,"id":2,"method":"x"}"#).0,
            ErrorCode::InvalidRequest
        );
        let framed: Value = serde_json::from_slice(&check(b"[").unwrap_err().response()).unwrap();
        assert_eq!(framed["error"]["code"], -32700);
        assert_eq!(framed["error"]["message"], "Parse error");
    }
}
