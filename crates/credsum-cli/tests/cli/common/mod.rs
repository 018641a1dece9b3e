//! Helpers shared by the fault and security tests (`lint_faults.rs`, `security.rs`): scratch
//! folders, running the real `credsum` binary with a deadline, optional `strace`, and reading
//! the JSON report.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// No single run in these tests may take longer than this: a hang fails instead of blocking.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    /// The exit code, or -1 when a signal ended the process.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Wall-clock time from spawn to exit.
    pub elapsed: Duration,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for assertion messages.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Standard output parsed as the `--format json` report.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.transcript()))
    }

    /// The `(code, message)` of every diagnostic of `path` in the JSON report, `None` when the
    /// file is not in the report; file-level findings are asserted to sit at the file's start.
    pub fn findings(&self, path: &str) -> Option<Vec<(String, String)>> {
        let report = self.json();
        let file = report
            .as_array()
            .expect("the report is an array")
            .iter()
            .find(|f| f["path"] == path)?;
        Some(
            file["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|d| {
                    if ["unreadable-file", "file-too-large"].contains(&d["code"].as_str().unwrap_or_default()) {
                        // File-level findings sit at the start of the file.
                        assert_eq!(
                            d["range"],
                            serde_json::json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
                            "{d}"
                        );
                    }
                    (
                        d["code"].as_str().unwrap_or_default().to_owned(),
                        d["message"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
        )
    }

    /// The paths in the JSON report, in report order.
    pub fn paths(&self) -> Vec<String> {
        self.json()
            .as_array()
            .expect("the report is an array")
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_owned())
            .collect()
    }

    /// Asserts that no thread panicked.
    pub fn assert_no_panic(&self) {
        assert!(!self.stderr.contains("panicked"), "{}", self.transcript());
    }

    /// The run, after asserting its exit code and that nothing panicked.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "{}", self.transcript());
        self.assert_no_panic();
        self
    }
}

/// A temporary folder (canonical path, so reports never show a symlinked `/tmp`).
pub struct Scratch {
    _temp: tempfile::TempDir,
    /// Its path.
    pub root: PathBuf,
}

impl Scratch {
    /// A new empty folder.
    pub fn new() -> Scratch {
        let temp = tempfile::tempdir().expect("temp dir");
        let root = temp.path().canonicalize().expect("canonical temp dir");
        Scratch { _temp: temp, root }
    }

    /// The absolute path of `rel`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes `rel`, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, contents).expect("write");
        path
    }

    /// Reads `rel`.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).expect("read")
    }

    /// The names in the folder `rel`, sorted.
    pub fn names(&self, rel: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(rel))
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Runs `credsum ARGS` in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run(credsum(&self.root).args(args))
    }

    /// Runs `credsum lint --format json ARGS` in this folder.
    pub fn lint_json(&self, args: &[&str]) -> Run {
        run(credsum(&self.root)
            .args(["lint", "--format", "json"])
            .args(args))
    }
}

/// `credsum` to run in `dir`, with the environment of a plain terminal-less run.
pub fn credsum(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_credsum"));
    command
        .current_dir(dir)
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    command
}

/// `credsum` to run in `dir` with a data-segment limit of `kib` KiB (`ulimit -d`: heap and
/// anonymous memory), so that reading more than that into memory fails the run.
pub fn credsum_limited(dir: &Path, kib: u64) -> Command {
    let mut command = Command::new("sh");
    command
        .current_dir(dir)
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .arg("-c")
        .arg(format!("ulimit -d {kib} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_credsum"));
    command
}

/// Runs `command` to the end (killing it after [`DEADLINE`]) and collects its output.
pub fn run(command: &mut Command) -> Run {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    finish(child, start)
}

/// Waits for `child` (spawned at `start` with piped stdout and stderr) for at most
/// [`DEADLINE`], reading its output meanwhile.
pub fn finish(mut child: Child, start: Instant) -> Run {
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_until(&mut child, start + DEADLINE)
        .unwrap_or_else(|| panic!("credsum still running after {DEADLINE:?}: killed"));
    let elapsed = start.elapsed();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed,
    }
}

/// Reads a pipe to its end on a thread.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The exit status of `child`, or `None` (after killing it) when it runs past `deadline`.
pub fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Whether the tests run as root (effective user id 0, from `/proc/self/status`).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let uids = status.lines().find(|l| l.starts_with("Uid:"))?.to_owned();
            // Uid: real effective saved filesystem
            uids.split_whitespace().nth(2).map(|euid| euid == "0")
        })
        .unwrap_or(false)
}

/// Whether `strace` is installed and may trace here (containers may forbid ptrace).
pub fn strace_works() -> bool {
    Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A valid PATCH body (the `valid.json` lint fixture).
pub fn valid_body() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint/project/bodies/valid.json"),
    )
    .expect("valid.json fixture")
}

/// A fixable `.http` file of `requests` PATCH requests, each with a `/v1.0` URL and two docs
/// placeholders (three safe fixes each).
pub fn fixable_http(requests: usize) -> String {
    let mut text = String::new();
    for i in 0..requests {
        text.push_str(&format!(
            "### request {i}\n\
             PATCH https://graph.microsoft.com/v1.0/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{i}\n\
             Authorization: Bearer {{{{token}}}}\n\
             Content-Type: application/json\n\
             \n\
             {{\n  \"tenantDisplayName\": \"Contoso {i}\",\n  \"securityDefaultsEnabled\": \"Boolean\",\n  \"totalUserCount\": \"Integer\"\n}}\n\n"
        ));
    }
    text
}

/// A small deterministic pseudo-random generator (xorshift64*), so the random parts of a test
/// can be replayed from the seed it prints.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded from the clock (the seed is printed).
    pub fn from_clock(what: &str) -> Rng {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| u64::from(d.subsec_nanos()) | 1);
        println!("{what}: seed {seed}");
        Rng(seed)
    }

    /// A generator with a fixed seed.
    pub fn seeded(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `n` pseudo-random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next().to_le_bytes()[7]).collect()
    }
}

/// Writes `text` to the standard input of `child` and closes it.
pub fn feed(child: &mut Child, text: &[u8]) {
    let mut stdin = child.stdin.take().expect("piped stdin");
    // The process may have exited already: a closed pipe is its business.
    let _ = stdin.write_all(text);
}
