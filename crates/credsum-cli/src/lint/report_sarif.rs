//! `--format sarif`: a SARIF 2.1.0 log with one run, the rule catalogue as the driver's rules,
//! and one result per diagnostic. Regions are 1-based with columns in UTF-16 code units, which
//! the run declares (`columnKind: utf16CodeUnits`) so no reader has to guess; artifact URIs are
//! relative to the working folder.

use std::io::{self, Write};

use credsum_analysis::rules::{self, Rule, RULES};
use credsum_analysis::{Diagnostic, Fix, Severity, TextRange};
use credsum_lsp::convert;
use credsum_syntax::line_index::{LineIndex, PositionEncoding};
use serde_json::{json, Value};

use super::paths::{display, file_uri, uri_reference};
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

/// Every rule credsum reports: the catalogue plus the `syntax` family.
fn catalogue() -> impl Iterator<Item = Rule> {
    RULES.iter().copied().chain(rules::find("syntax-"))
}

/// A `reportingDescriptor` for `rule`.
fn descriptor(rule: Rule) -> Value {
    let configuration = match rule.default {
        Some(severity) => json!({"level": level(severity)}),
        None => json!({"enabled": false, "level": "warning"}),
    };
    json!({
        "id": rule.code,
        "shortDescription": {"text": rule.summary},
        "helpUri": convert::rule_url(rule.code),
        "defaultConfiguration": configuration,
    })
}

/// A 1-based SARIF region of `range`, columns in UTF-16 code units.
fn region(index: &LineIndex, range: TextRange) -> Value {
    let lsp = convert::range(index, range, PositionEncoding::Utf16);
    json!({
        "startLine": lsp.start.line + 1,
        "startColumn": lsp.start.character + 1,
        "endLine": lsp.end.line + 1,
        "endColumn": lsp.end.character + 1,
    })
}

/// A SARIF `fix` of `fix` in the file at `uri`.
fn fix(index: &LineIndex, uri: &str, fix: &Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            json!({
                "deletedRegion": region(index, edit.range),
                "insertedContent": {"text": edit.new_text},
            })
        })
        .collect();
    json!({
        "description": {"text": fix.title},
        "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
    })
}

/// The artifact URI of `file`: a reference relative to the working folder, or a `file://` URI
/// for an absolute path outside it.
fn artifact_uri(file: &CheckedFile) -> String {
    if !file.path.is_absolute() {
        return uri_reference(&file.display);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    match file.path.strip_prefix(&cwd) {
        Ok(relative) => uri_reference(&display(relative)),
        Err(_) => file_uri(&file.path),
    }
}

/// The SARIF `result` of one diagnostic.
fn result(file: &CheckedFile, uri: &str, diagnostic: &Diagnostic) -> Value {
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": {"text": &*diagnostic.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region(&file.index, diagnostic.range),
            }
        }],
    });
    // `syntax-*` results belong to the `syntax` family without being that rule's id, and SARIF
    // wants a result's `ruleId` to equal the id of the rule its `ruleIndex` names.
    if let Some(rule_index) = catalogue().position(|rule| rule.code == diagnostic.code) {
        result["ruleIndex"] = json!(rule_index);
    }
    if let Some(f) = &diagnostic.fix {
        result["fixes"] = json!([fix(&file.index, uri, f)]);
    }
    result
}

/// The whole SARIF log.
pub fn log(files: &[CheckedFile]) -> Value {
    let results: Vec<Value> = files
        .iter()
        // A clean file adds no result, and needs no URI.
        .filter(|file| !file.diagnostics.is_empty())
        .flat_map(|file| {
            let uri = artifact_uri(file);
            file.diagnostics
                .iter()
                .map(move |d| result(file, &uri, d))
                .collect::<Vec<_>>()
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "credsum",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/credsum/credsum",
                "rules": catalogue().map(descriptor).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

/// Writes the log.
pub fn write(out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(files)).map_err(io::Error::other)?;
    writeln!(out)
}
