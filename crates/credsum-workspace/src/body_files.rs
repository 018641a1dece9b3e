//! Reading the files that the requests of an `.http` file send as bodies (`< ./body.json`,
//! httpyac's `<@ ./body.json`): each path is read relative to the request file's folder, as the
//! clients read it, and checked as its request's body ([`Analyzer::analyze_body_file`]). A path
//! that does not lead to a readable regular file (missing, a folder, a symbolic link loop, a FIFO
//! or device, over the size limit, not UTF-8 text) is a `body-file` error on the `<` line;
//! nothing here blocks on a special file or reads more than the limit. A path holding a
//! `{{variable}}` is not read: its value is not known here.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use credsum_analysis::{merge_sent_findings, Analyzer, Config, Diagnostic, FileKind, SentFile};

use crate::load::decode;

/// A body file that was read, with its findings (each naming the request that sends it).
#[derive(Debug)]
pub struct CheckedBody {
    /// The body file's path: the request file's folder joined with the path as written.
    pub path: PathBuf,
    /// Its text, which the findings point into.
    pub text: String,
    /// The findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// What the body files of one request file gave.
#[derive(Debug, Default)]
pub struct BodyFiles {
    /// `body-file` findings on the request file's `<` lines.
    pub in_request_file: Vec<Diagnostic>,
    /// Each body file read, once however many requests send it, in the order first sent.
    pub bodies: Vec<CheckedBody>,
}

/// Reads and checks the files the requests of `text` (the request file at `path`, shown as
/// `shown` in findings) send as bodies.
pub fn check(
    analyzer: &Analyzer,
    config: &Config,
    path: &Path,
    shown: &str,
    text: &str,
    kind: FileKind,
) -> BodyFiles {
    let mut bodies: Vec<CheckedBody> = Vec::new();
    let in_request_file = read_each(
        analyzer,
        config,
        path,
        text,
        kind,
        |sent, body_path, body| {
            let by = sent.sent_by(shown, text);
            let found = analyzer
                .analyze_body_file(&body, sent, config)
                .into_iter()
                .map(|mut d| {
                    d.message = format!("{}\n{by}", d.message).into();
                    d
                });
            match bodies.iter_mut().find(|b| b.path == body_path) {
                Some(checked) => merge_sent_findings(&mut checked.diagnostics, found),
                None => bodies.push(CheckedBody {
                    path: body_path,
                    text: body,
                    diagnostics: found.collect(),
                }),
            }
        },
    );
    BodyFiles {
        in_request_file,
        bodies,
    }
}

/// The `body-file` findings of the request file at `path` alone (each `<` line whose file
/// cannot be read), without checking the files that can: what the editor shows on an open
/// `.http` file.
pub fn unreadable(
    analyzer: &Analyzer,
    config: &Config,
    path: &Path,
    text: &str,
    kind: FileKind,
) -> Vec<Diagnostic> {
    read_each(analyzer, config, path, text, kind, |_, _, _| {})
}

/// Reads each file the requests of `text` send (a path holding a `{{variable}}` is skipped),
/// hands each one read to `on_body` with its path and text, and returns the configured
/// `body-file` findings of those that cannot be read.
fn read_each(
    analyzer: &Analyzer,
    config: &Config,
    path: &Path,
    text: &str,
    kind: FileKind,
    mut on_body: impl FnMut(&SentFile, PathBuf, String),
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if kind != FileKind::Http {
        return problems;
    }
    for sent in analyzer.body_files(text, kind) {
        if sent.path.is_empty() || sent.path.contains("{{") {
            continue;
        }
        let body_path = resolve(path, &sent.path);
        match read(&body_path, config.max_file_size) {
            Ok(body) => on_body(&sent, body_path, body),
            Err(reason) => problems.push(sent.unreadable(&reason)),
        }
    }
    config.apply(&mut problems);
    problems
}

/// The file a `< path` line of the request file at `request_file` names, as the clients read
/// it: relative to the request file's folder unless absolute, without `.` components (so
/// `requests/./body.json` shows as `requests/body.json`).
pub fn resolve(request_file: &Path, path: &str) -> PathBuf {
    let folder = request_file.parent().unwrap_or(Path::new(""));
    folder
        .join(path)
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect()
}

/// The text of the body file at `path`, or why it cannot be had: checked to be a regular file
/// (following links, so a loop is an error here) of at most `limit` bytes before it is read.
fn read(path: &Path, limit: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("it is a folder, not a file".to_owned());
    }
    if !meta.is_file() {
        return Err("it is not a regular file".to_owned());
    }
    if meta.len() > limit {
        return Err(format!(
            "it is {} bytes, larger than max-file-size ({limit} bytes)",
            meta.len()
        ));
    }
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "it grew past max-file-size ({limit} bytes) while read"
        ));
    }
    match decode(Cow::Owned(bytes)) {
        Ok(text) => Ok(text.into_owned()),
        Err((reason, _)) => Err(reason),
    }
}

/// An I/O error in words: "no such file", else the system's own (a link loop reads "Too many
/// levels of symbolic links" on Linux and macOS).
fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        _ => error.to_string(),
    }
}
