//! Security properties of the `credsum` binary: it never reaches the network (a local listener
//! that URLs in the checked files point at sees no connection, `strace` sees no socket when it
//! is available, and no HTTP client is in `Cargo.lock`); `lint` writes nothing unless `--fix`,
//! and `--fix` only the fixable files; `export` writes only the file it is told to; and every
//! crate forbids `unsafe` code. docs/reliability.md ("Security properties") tabulates them.
#![cfg(unix)]

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime};

use common::{credsum, strace_works, valid_body, Scratch};
use serde_json::{json, Value};

/// The workspace root.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A TCP listener on 127.0.0.1 that counts the connections it accepts, on a thread.
struct Listener {
    port: u16,
    accepted: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Listener {
    /// Listens on a free port.
    fn open() -> Listener {
        let socket = TcpListener::bind("127.0.0.1:0").expect("bind");
        socket.set_nonblocking(true).expect("non-blocking");
        let port = socket.local_addr().expect("address").port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, done) = (Arc::clone(&accepted), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                match socket.accept() {
                    Ok(_) => {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Listener {
            port,
            accepted,
            stop,
            thread,
        }
    }

    /// The connections accepted so far, after stopping the listener.
    fn close(self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("listener thread");
        self.accepted.load(Ordering::Relaxed)
    }
}

/// `credsum ARGS` in `dir`, under `strace` writing its network system calls to `trace` when
/// given.
fn maybe_traced(dir: &Path, trace: Option<&Path>, args: &[&str]) -> Command {
    let mut command = match trace {
        Some(file) => {
            let mut command = Command::new("strace");
            command
                .current_dir(dir)
                .args(["-f", "-qq", "-e", "trace=network", "-o"])
                .arg(file)
                .arg(env!("CARGO_BIN_EXE_credsum"));
            command
        }
        None => credsum(dir),
    };
    command.args(args);
    command
}

/// The lines of an strace log that open an internet socket or connect anything.
fn network_calls(trace: &Path) -> Vec<String> {
    std::fs::read_to_string(trace)
        .expect("strace log")
        .lines()
        .filter(|line| {
            line.contains("connect(") || line.contains("socket(AF_INET") || line.contains("sendto(")
        })
        .map(str::to_owned)
        .collect()
}

/// Writes one JSON-RPC message in an LSP frame.
fn send(stdin: &mut impl Write, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write frame");
    stdin.flush().expect("flush");
}

/// Reads LSP frames from `stdout` into `tx` until the stream ends.
fn read_frames(stdout: impl Read, tx: &mpsc::Sender<Value>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            match line.trim_end() {
                "" => break,
                header => {
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse().expect("Content-Length");
                    }
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("frame body");
        if tx
            .send(serde_json::from_slice(&body).expect("JSON"))
            .is_err()
        {
            return;
        }
    }
}

/// Our end of a `credsum lsp` process.
struct Session {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    incoming: mpsc::Receiver<Value>,
}

impl Session {
    /// Starts `command` (`credsum lsp`, maybe under strace) with piped standard streams.
    fn start(mut command: Command) -> Session {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn credsum lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || read_frames(stdout, &tx));
        Session {
            child,
            stdin,
            incoming,
        }
    }

    /// Sends a notification.
    fn notify(&mut self, method: &str, params: Value) {
        send(
            &mut self.stdin,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        );
    }

    /// Sends request `id` and returns its response, answering the server's own requests
    /// with `null` meanwhile.
    fn call(&mut self, id: i64, method: &str, params: Value) -> Value {
        send(
            &mut self.stdin,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        );
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|e| panic!("no answer to {method}: {e}"));
            match (message.get("method"), message.get("id")) {
                (Some(_), Some(request)) => send(
                    &mut self.stdin,
                    &json!({"jsonrpc": "2.0", "id": request, "result": null}),
                ),
                (None, Some(answer)) if *answer == id => return message,
                _ => {}
            }
        }
    }

    /// `shutdown` and `exit`; the exit code.
    fn end(mut self) -> Option<i32> {
        self.call(99, "shutdown", Value::Null);
        self.notify("exit", Value::Null);
        common::wait_until(&mut self.child, Instant::now() + common::DEADLINE)
            .and_then(|status| status.code())
    }
}

/// A short language-server session: open `uri` with `text`, pull its diagnostics, hover and go
/// to definition at `line`:`character`, shut down. Returns the pulled diagnostics.
fn lsp_session(command: Command, uri: &str, text: &str, line: u32, character: u32) -> Value {
    let mut lsp = Session::start(command);
    lsp.call(
        1,
        "initialize",
        json!({"capabilities": {}, "rootUri": null}),
    );
    lsp.notify("initialized", json!({}));
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
    );
    let pulled = lsp.call(
        2,
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    let at =
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    lsp.call(3, "textDocument/hover", at.clone());
    lsp.call(4, "textDocument/definition", at);
    assert_eq!(lsp.end(), Some(0), "shutdown then exit");
    pulled
}

// Proves lint, lint --fix, export and lsp open no connection to the URLs in the files ($schema, .http, Markdown), and (with strace) make no network system call.
#[test]
fn never_reaches_the_network() {
    let listener = Listener::open();
    let base = format!("http://127.0.0.1:{}", listener.port);
    let scratch = Scratch::new();
    let body = valid_body().replacen(
        '{',
        &format!("{{\n  \"$schema\": \"{base}/schema.json\","),
        1,
    );
    scratch.write("body.json", &body);
    let endpoint = format!(
        "{base}/v1.0/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/1"
    );
    let http = format!("PATCH {endpoint}\nContent-Type: application/json\n\n{body}\n");
    scratch.write("requests.http", &http);
    scratch.write("guide.md", format!("# Guide\n\n```http\n{http}```\n"));

    let traces = Scratch::new();
    let strace = strace_works();
    if !strace {
        println!("strace is not installed or may not trace here: only the listener is checked");
    }
    let trace = |name: &str| strace.then(|| traces.path(&format!("{name}.trace")));
    let runs: [(&str, &[&str]); 5] = [
        ("lint", &["lint", "--format", "json"]),
        ("lint-sarif", &["lint", "--format", "sarif", "body.json"]),
        ("lint-fix", &["lint", "--fix"]),
        ("export", &["export", "--format", "openapi-3.1"]),
        ("export-all", &["export", "--all", "."]),
    ];
    for (name, args) in runs {
        let run = common::run(&mut maybe_traced(
            &scratch.root,
            trace(name).as_deref(),
            args,
        ));
        assert!(
            run.code == 0 || run.code == 1,
            "{name}: {}",
            run.transcript()
        );
        run.assert_no_panic();
        if name == "lint" {
            // Every file was analysed, `$schema` included: the URLs were there to be followed.
            assert_eq!(run.paths(), ["body.json", "guide.md", "requests.http"]);
            assert!(run.stdout.contains("`$schema`"), "{}", run.stdout);
        }
    }
    let uri = format!("file://{}", scratch.path("body.json").display());
    let pulled = lsp_session(
        maybe_traced(&scratch.root, trace("lsp").as_deref(), &["lsp"]),
        &uri,
        &body,
        1,
        16,
    );
    assert_eq!(pulled["result"]["kind"], "full", "{pulled}");
    let items = pulled["result"]["items"].as_array().expect("items");
    assert!(
        items.iter().any(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.contains("`$schema`"))),
        "the server analysed the body: {pulled}"
    );

    assert_eq!(listener.close(), 0, "a connection reached the listener");
    if strace {
        for name in runs.iter().map(|(name, _)| *name).chain(["lsp"]) {
            let calls = network_calls(&traces.path(&format!("{name}.trace")));
            assert!(calls.is_empty(), "{name}: {calls:#?}");
        }
        println!("strace: no socket(AF_INET*), connect( or sendto( in lint, export or lsp");
    }
}

// Proves Cargo.lock holds no HTTP client crate, so no code path could reach the network.
#[test]
fn no_http_client_in_the_dependency_tree() {
    const CLIENTS: [&str; 6] = ["reqwest", "ureq", "hyper", "isahc", "curl", "attohttpc"];
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).expect("Cargo.lock");
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|line| line.strip_prefix("name = \""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .collect();
    assert!(names.len() > 50, "parsed {} package names", names.len());
    assert!(names.contains(&"serde_json"), "the parse found real names");
    let clients: Vec<&&str> = names
        .iter()
        .filter(|name| {
            CLIENTS
                .iter()
                .any(|client| **name == *client || name.starts_with(&format!("{client}-")))
        })
        .collect();
    assert!(
        clients.is_empty(),
        "HTTP clients in Cargo.lock: {clients:?}"
    );
}

/// One entry of a folder tree: kind, size, modification time and a hash of the contents.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    folder: bool,
    len: u64,
    modified: SystemTime,
    hash: u64,
}

/// Every entry under `root` (not following links), by path relative to `root`.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut tree = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read_dir") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            if meta.is_file() {
                std::fs::read(&path).expect("read").hash(&mut hasher);
            } else if meta.is_dir() {
                pending.push(path.clone());
            }
            let rel = path.strip_prefix(root).expect("under root").to_path_buf();
            tree.insert(
                rel,
                Entry {
                    folder: meta.is_dir(),
                    len: meta.len(),
                    modified: meta.modified().expect("mtime"),
                    hash: hasher.finish(),
                },
            );
        }
    }
    tree
}

/// Copies the lint fixture folder `name` to `to`.
fn copy_fixture(name: &str, to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lint")
        .join(name);
    let status = Command::new("cp")
        .arg("-R")
        .arg(&from)
        .arg(to)
        .status()
        .expect("cp");
    assert!(status.success());
}

// Proves lint in every format, --fix --dry-run and --stdin write nothing, and --fix changes exactly the files the dry run listed.
#[test]
fn lint_writes_nothing_unless_fix() {
    let scratch = Scratch::new();
    let root = scratch.path("tree");
    copy_fixture("project", &root);
    copy_fixture("fixable", &root.join("fixable"));
    let before = snapshot(&root);
    // Folder times have whole-second granularity on some file systems: make any later change
    // (a temp file created and removed) visible.
    std::thread::sleep(Duration::from_millis(20));
    let mut dry = None;
    for args in [
        &["lint"][..],
        &["lint", "--format", "json"],
        &["lint", "--format", "sarif"],
        &["lint", "--format", "github"],
        &["lint", "--deny-warnings", "fixable"],
        &["lint", "--fix", "--dry-run"],
    ] {
        let run = common::run(credsum(&root).args(args));
        assert_eq!(run.code, 1, "{args:?}: {}", run.transcript());
        if args.contains(&"--dry-run") {
            dry = Some(run.stdout);
        }
    }
    let mut stdin = credsum(&root)
        .args([
            "lint",
            "--stdin",
            "--stdin-filename",
            "fixable/crlf-bom.json",
            "--fix",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    common::feed(
        &mut stdin,
        &std::fs::read(root.join("fixable/crlf-bom.json")).unwrap(),
    );
    let piped = common::finish(stdin, Instant::now());
    assert!(
        piped.stdout.contains("tenantDisplayName"),
        "{}",
        piped.transcript()
    );
    assert_eq!(
        snapshot(&root),
        before,
        "lint without --fix wrote something"
    );

    // The files the dry run would fix, from its diff headers.
    let fixable: BTreeSet<PathBuf> = dry
        .expect("dry run")
        .lines()
        .filter_map(|line| line.strip_prefix("--- a/"))
        .map(PathBuf::from)
        .collect();
    assert!(
        fixable.contains(Path::new("fixable/crlf-bom.json")),
        "{fixable:?}"
    );
    let fix = common::run(credsum(&root).args(["lint", "--fix"]));
    assert!(fix.code <= 1, "{}", fix.transcript());
    let after = snapshot(&root);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "--fix added or removed an entry"
    );
    let changed: BTreeSet<PathBuf> = after
        .iter()
        .filter(|(path, entry)| !entry.folder && before[*path].hash != entry.hash)
        .map(|(path, _)| path.clone())
        .collect();
    assert_eq!(
        changed, fixable,
        "--fix changed other files than the fixable ones"
    );
    // Folders change only where a fixed file was renamed into place.
    let parents: BTreeSet<PathBuf> = fixable
        .iter()
        .filter_map(|path| path.parent().map(Path::to_path_buf))
        .collect();
    for (path, entry) in &after {
        if entry.folder && before[path] != *entry {
            assert!(parents.contains(path), "folder {} changed", path.display());
        }
    }
}

// Proves export --output writes exactly the named file (no temp leftovers) and a failed export creates nothing.
#[test]
fn export_writes_only_the_named_output() {
    let scratch = Scratch::new();
    let stdout = scratch.run(&["export"]);
    assert_eq!(stdout.code, 0);
    assert!(
        scratch.names(".").is_empty(),
        "export to stdout wrote a file"
    );

    let run = scratch.run(&["export", "--output", "schema.json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(scratch.names("."), ["schema.json"]);
    assert_eq!(scratch.read("schema.json"), stdout.stdout.as_bytes());

    let yaml = scratch.run(&[
        "export",
        "--format",
        "openapi-3.1",
        "--yaml",
        "-o",
        "api.yaml",
    ]);
    assert_eq!(yaml.code, 0, "{}", yaml.transcript());
    assert_eq!(scratch.names("."), ["api.yaml", "schema.json"]);

    let before = snapshot(&scratch.root);
    std::fs::create_dir(scratch.path("folder")).unwrap();
    for args in [
        &["export", "--output", "missing/schema.json"][..],
        &["export", "--output", "folder"],
        &["export", "--format", "bogus", "--output", "bogus.json"],
        &["export", "--all", "schema.json/inside-a-file"],
    ] {
        let run = scratch.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        run.assert_no_panic();
    }
    std::fs::remove_dir(scratch.path("folder")).unwrap();
    let after = snapshot(&scratch.root);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "a failed export left something behind"
    );
}

// Proves every crate root forbids unsafe code and every crate inherits the workspace lint that forbids it.
#[test]
fn every_crate_forbids_unsafe_code() {
    let root = workspace_root();
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .expect("Cargo.toml")
        .parse()
        .expect("TOML");
    assert_eq!(
        manifest["workspace"]["lints"]["rust"]["unsafe_code"].as_str(),
        Some("forbid")
    );
    let mut crates = 0;
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let dir = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        crates += 1;
        let member: toml::Table = text.parse().expect("crate manifest");
        assert_eq!(
            member
                .get("lints")
                .and_then(|l| l.get("workspace"))
                .and_then(toml::Value::as_bool),
            Some(true),
            "{}: no `[lints] workspace = true`",
            dir.display()
        );
        let roots: Vec<PathBuf> = ["src/lib.rs", "src/main.rs"]
            .iter()
            .map(|file| dir.join(file))
            .filter(|path| path.exists())
            .collect();
        assert!(!roots.is_empty(), "{}: no crate root", dir.display());
        for file in roots {
            let source = std::fs::read_to_string(&file).expect("crate root");
            assert!(
                source
                    .lines()
                    .any(|line| line.trim() == "#![forbid(unsafe_code)]"),
                "{} lacks #![forbid(unsafe_code)]",
                file.display()
            );
        }
    }
    assert!(crates >= 5, "found {crates} crates");
}
