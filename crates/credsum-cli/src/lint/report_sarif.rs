//! `--format sarif`: a SARIF 2.1.0 log with one run, the rule catalogue as the driver's rules,
//! and one result per diagnostic. Regions are 1-based with columns in UTF-16 code units, which
//! the run declares (`columnKind: utf16CodeUnits`) so no reader has to guess; artifact URIs are
//! relative to the working folder. Each file's results are rendered (on the thread that checked
//! it, when rendered ahead) already indented to their place in the log, which the head and tail
//! print around them.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use credsum_analysis::hover::plain_text;
use credsum_analysis::rule_docs;
use credsum_analysis::rules::{self, Rule};
use credsum_analysis::{Diagnostic, Fix, Severity, TextRange};
use credsum_syntax::line_index::PositionEncoding;
use serde_json::{json, Value};

use super::paths::{file_uri, uri_reference};
use super::report::{code, one_based, relative_to, Report};
use super::CheckedFile;

/// The SARIF 2.1.0 JSON schema the log declares.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A `reportingDescriptor` for `rule`.
fn descriptor(rule: Rule) -> Value {
    let configuration = match rule.default {
        Some(severity) => json!({"level": level(severity)}),
        None => json!({"enabled": false, "level": "warning"}),
    };
    // What GitHub code scanning shows under "Show more": the text `credsum explain` prints.
    let help = rule_docs::full_text(&rule);
    json!({
        "id": rule.code,
        "shortDescription": {"text": rule.summary},
        "help": {"text": plain_text(&help), "markdown": help},
        "helpUri": rules::doc_url(rule.code),
        "defaultConfiguration": configuration,
    })
}

/// A 1-based SARIF region of `range` in `file`, columns in UTF-16 code units.
fn region(file: &CheckedFile, range: TextRange) -> Value {
    let start = one_based(file, range.start, PositionEncoding::Utf16);
    let end = one_based(file, range.end, PositionEncoding::Utf16);
    json!({
        "startLine": start.line,
        "startColumn": start.col,
        "endLine": end.line,
        "endColumn": end.col,
    })
}

/// A SARIF `fix` of `fix` in `file`, at `uri`.
fn fix(file: &CheckedFile, uri: &str, fix: &Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            json!({
                "deletedRegion": region(file, edit.range),
                "insertedContent": {"text": edit.new_text},
            })
        })
        .collect();
    json!({
        "description": {"text": fix.title},
        "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
        "properties": {"applicability": fix.applicability},
    })
}

/// The artifact URI of `file`: a reference relative to the working folder `cwd`, or a
/// `file://` URI for an absolute path outside it.
fn artifact_uri(file: &CheckedFile, cwd: &Path) -> String {
    match relative_to(file, cwd) {
        Some(relative) => uri_reference(&relative),
        None => file_uri(&file.path),
    }
}

/// The SARIF `result` of one diagnostic.
fn result(file: &CheckedFile, uri: &str, diagnostic: &Diagnostic) -> Value {
    let mut result = json!({
        "ruleId": code(diagnostic),
        "level": level(diagnostic.severity),
        "message": {"text": &**diagnostic.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region(file, diagnostic.range),
            }
        }],
    });
    // `syntax-*` results belong to the `syntax` family without being that rule's id, and SARIF
    // wants a result's `ruleId` to equal the id of the rule its `ruleIndex` names.
    if let Some(rule_index) = rules::catalogue().position(|rule| rule.code == code(diagnostic)) {
        result["ruleIndex"] = json!(rule_index);
    }
    if let Some(f) = &diagnostic.fix {
        result["fixes"] = json!([fix(file, uri, f)]);
    }
    result
}

/// How deep the results sit in the log (`{ "runs": [ { "results": [`), in two-space steps.
const RESULT_INDENT: &[u8] = b"        ";

/// The SARIF log: its frame around each file's results.
pub struct Sarif {
    /// The working folder, which artifact URIs are relative to.
    cwd: PathBuf,
    /// The pretty-printed log before its results: up to `"results": [`.
    before: String,
    /// The pretty-printed log after its results: from the closing `]` on.
    after: String,
}

impl Sarif {
    /// The log for artifacts relative to the working folder `cwd`.
    pub fn new(cwd: &Path) -> Sarif {
        // The frame is built from values alone: it always prints, with its empty result list.
        let frame = serde_json::to_string_pretty(&frame()).unwrap_or_default();
        let (before, after) = frame.split_once(RESULTS).unwrap_or_default();
        Sarif {
            cwd: cwd.to_path_buf(),
            before: format!("{before}\"results\": ["),
            after: format!("]{after}\n"),
        }
    }
}

/// The empty result list in the pretty-printed frame.
const RESULTS: &str = "\"results\": []";

impl Report for Sarif {
    fn separators(&self) -> [&'static [u8]; 2] {
        [b"\n", b",\n"]
    }

    fn head(&self, out: &mut dyn Write, _files: &[Box<CheckedFile>]) -> io::Result<()> {
        out.write_all(self.before.as_bytes())
    }

    /// The results of `file` as the pretty log prints them, one after the other with `,`
    /// between them: indented to their depth, which a result rendered on its own lacks.
    fn file(&self, out: &mut dyn Write, file: &CheckedFile) -> io::Result<()> {
        let uri = artifact_uri(file, &self.cwd);
        for (i, diagnostic) in file.diagnostics().iter().enumerate() {
            if i > 0 {
                out.write_all(b",\n")?;
            }
            let alone = serde_json::to_vec_pretty(&result(file, &uri, diagnostic))?;
            // JSON strings escape their line breaks, so every real one is between tokens.
            for (n, line) in alone.split(|&b| b == b'\n').enumerate() {
                if n > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(RESULT_INDENT)?;
                out.write_all(line)?;
            }
        }
        Ok(())
    }

    fn tail(&self, out: &mut dyn Write, _files: &[Box<CheckedFile>], any: bool) -> io::Result<()> {
        if any {
            // The closing bracket back at the depth of `"results"`.
            out.write_all(b"\n")?;
            out.write_all(&RESULT_INDENT[2..])?;
        }
        out.write_all(self.after.as_bytes())
    }
}

/// The log around its results: everything but the results.
fn frame() -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "credsum",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/credsum/credsum",
                "rules": rules::catalogue().copied().map(descriptor).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "results": [],
        }],
    })
}
