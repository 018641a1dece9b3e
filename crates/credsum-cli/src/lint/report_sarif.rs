//! `--format sarif`: a SARIF 2.1.0 log with one run, the rule catalogue as the driver's rules,
//! and one result per diagnostic. Regions are 1-based with columns in UTF-16 code units, which
//! the run declares (`columnKind: utf16CodeUnits`) so no reader has to guess; artifact URIs are
//! relative to the working folder. Each file's results are rendered on the thread that checked
//! it ([`render_results`]), already indented to their place in the log, which [`write`] prints
//! around them.

use std::io::{self, Write};
use std::path::Path;

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

/// The artifact URI of `file`: a reference relative to the working folder `cwd`, or a
/// `file://` URI for an absolute path outside it.
fn artifact_uri(file: &CheckedFile, cwd: &Path) -> String {
    if !file.path.is_absolute() {
        return uri_reference(&file.display);
    }
    match file.path.strip_prefix(cwd) {
        Ok(relative) => uri_reference(&display(relative)),
        Err(_) => file_uri(&file.path),
    }
}

/// The SARIF `result` of one diagnostic.
fn result(file: &CheckedFile, uri: &str, diagnostic: &Diagnostic) -> Value {
    let mut result = json!({
        "ruleId": diagnostic.code.as_str(),
        "level": level(diagnostic.severity),
        "message": {"text": &**diagnostic.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region(file.index(), diagnostic.range),
            }
        }],
    });
    // `syntax-*` results belong to the `syntax` family without being that rule's id, and SARIF
    // wants a result's `ruleId` to equal the id of the rule its `ruleIndex` names.
    if let Some(rule_index) = catalogue().position(|rule| rule.code == diagnostic.code.as_str()) {
        result["ruleIndex"] = json!(rule_index);
    }
    if let Some(f) = &diagnostic.fix {
        result["fixes"] = json!([fix(file.index(), uri, f)]);
    }
    result
}

/// How deep the results sit in the log (`{ "runs": [ { "results": [`), in two-space steps.
const RESULT_INDENT: &[u8] = b"        ";

/// Appends the results of `file` to `out` as the pretty log prints them, one after the other
/// with `,` between them: indented to their depth, which a result rendered on its own lacks.
/// Rendered ahead of the report on the thread that checked the file, or in place by [`write`]
/// for a file with many findings; nothing for a file without any.
pub fn render_results(file: &CheckedFile, cwd: &Path, out: &mut Vec<u8>) -> io::Result<()> {
    let uri = artifact_uri(file, cwd);
    for (i, diagnostic) in file.diagnostics().iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        let alone = serde_json::to_vec_pretty(&result(file, &uri, diagnostic))?;
        // JSON strings escape their line breaks, so every real one is between tokens.
        for (n, line) in alone.split(|&b| b == b'\n').enumerate() {
            if n > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(RESULT_INDENT);
            out.extend_from_slice(line);
        }
    }
    Ok(())
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
                "rules": catalogue().map(descriptor).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "results": [],
        }],
    })
}

/// Writes the log, pretty-printed: the frame, with each file's results (rendered ahead, or
/// now) in place of its empty result list; artifact URIs are relative to `cwd`.
pub fn write(out: &mut dyn Write, files: &[Box<CheckedFile>], cwd: &Path) -> io::Result<()> {
    let frame = serde_json::to_string_pretty(&frame()).map_err(io::Error::other)?;
    let marker = "\"results\": []";
    let (before, after) = frame
        .split_once(marker)
        .ok_or_else(|| io::Error::other("the SARIF frame has no result list"))?;
    out.write_all(before.as_bytes())?;
    out.write_all(b"\"results\": [")?;
    let mut any = false;
    let mut now = Vec::new();
    for file in files.iter().filter(|file| file.tally.findings() > 0) {
        out.write_all(if any { b",\n" } else { b"\n" })?;
        any = true;
        let results = match file.ahead() {
            Some(results) => results,
            None => {
                now.clear();
                render_results(file, cwd, &mut now)?;
                &now
            }
        };
        out.write_all(results)?;
    }
    if any {
        // The closing bracket back at the depth of `"results"`.
        out.write_all(b"\n")?;
        out.write_all(&RESULT_INDENT[2..])?;
    }
    out.write_all(b"]")?;
    out.write_all(after.as_bytes())?;
    writeln!(out)
}
