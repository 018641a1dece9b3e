//! Fuzzes the `.http` request-file parser (`credsum_syntax::http`) and the analysis of a whole
//! `.http` file. Every range of every message, header, body and file variable must lie inside
//! the text (inside the parsed sub-range for `parse_http_range`) on char boundaries, nested as
//! documented; target splitting and `{{variable}}` references must stay inside their target;
//! diagnostics and fixes must be in range, and the fixed file must analyse without panicking.
//! Bodies from files (`< ./body.json`) and the pieces of a query continued on `?`/`&` lines
//! stay inside their message and start line; the file-variable editor features (completion
//! inside `{{`, definition, references, rename) answer in range at any offset, and a body file
//! checked as the fuzzed text's first request body stays in range.
#![no_main]

use credsum_analysis::FileKind;
use credsum_fuzz::{analyze_and_fix, check_diagnostics, some_range, text_of, ANALYZER, CONFIG};
use credsum_fuzz::{assert_range_in, assert_some_in};
use credsum_syntax::http::{
    parse_http, parse_http_range, query_segments, split_target, variable_refs, HttpFile,
};
use credsum_syntax::line_index::clamp_range;
use credsum_syntax::TextRange;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let whole = TextRange::new(0, text.len() as u32);
    check_http(&text, &parse_http(&text), whole);
    let part = some_range(&text);
    check_http(
        &text,
        &parse_http_range(&text, part),
        clamp_range(&text, part),
    );
    analyze_and_fix(&text, FileKind::Http);
    check_variables(&text, part.start);
    // The text checked as a body file sent by a request of itself.
    if let Some(sent) = ANALYZER.body_files(&text, FileKind::Http).first() {
        let found = ANALYZER.analyze_body_file(&text, sent, &CONFIG);
        check_diagnostics(&text, &found);
        assert_range_in(&text, sent.file.range, whole, "sent body file line");
    }
});

/// The file-variable features at `offset` answer with ranges inside the text.
fn check_variables(text: &str, offset: u32) {
    let whole = TextRange::new(0, text.len() as u32);
    let kind = FileKind::Http;
    for c in ANALYZER.completions(text, kind, offset) {
        assert_range_in(text, c.replace, whole, "completion");
    }
    if let Some(def) = ANALYZER.variable_definition(text, kind, offset) {
        assert_range_in(text, def, whole, "variable definition");
    }
    for r in ANALYZER.variable_references(text, kind, offset, true) {
        assert_range_in(text, r, whole, "variable reference");
    }
    if let Some(r) = ANALYZER.prepare_variable_rename(text, kind, offset) {
        assert_range_in(text, r, whole, "rename start");
    }
    if let Ok(Some(edits)) = ANALYZER.rename_variable(text, kind, offset, "renamed") {
        for e in edits {
            assert_range_in(text, e.range, whole, "rename edit");
        }
    }
    for s in ANALYZER.document_symbols(text, kind) {
        assert_range_in(text, s.range, whole, "symbol");
        assert_range_in(text, s.selection_range, s.range, "symbol selection");
    }
}

/// Checks every range of a parsed request file against `bounds`.
pub fn check_http(text: &str, file: &HttpFile, bounds: TextRange) {
    for variable in &file.variables {
        assert_range_in(text, variable.range, bounds, "variable line");
        assert_range_in(text, variable.name, variable.range, "variable name");
        assert_range_in(text, variable.value, variable.range, "variable value");
    }
    let mut previous_end = bounds.start;
    for message in &file.messages {
        let range = message.range;
        assert_range_in(text, range, bounds, "message");
        assert!(range.start >= previous_end, "messages in text order");
        previous_end = range.end;
        assert_some_in(text, message.name, bounds, "message name");
        let start = message.start_line;
        assert_range_in(text, start.range(), range, "start line");
        match start {
            credsum_syntax::http::StartLine::Request {
                method,
                target,
                version,
                range: line,
            } => {
                assert_range_in(text, method, line, "method");
                assert_range_in(text, target, line, "target");
                assert_some_in(text, version, line, "version");
                let parts = split_target(text, target);
                assert_some_in(text, parts.origin, target, "target origin");
                assert_range_in(text, parts.path, target, "target path");
                assert_some_in(text, parts.query, target, "target query");
                for reference in variable_refs(text, line) {
                    assert_range_in(text, reference, line, "variable reference");
                }
                for piece in query_segments(text, &start) {
                    assert_range_in(text, piece, line, "query piece");
                }
            }
            credsum_syntax::http::StartLine::Response {
                version,
                status,
                reason,
                range: line,
            } => {
                assert_range_in(text, version, line, "response version");
                assert_range_in(text, status, line, "status");
                assert_some_in(text, reason, line, "reason");
            }
        }
        for header in &message.headers {
            assert_range_in(text, header.range, range, "header");
            assert_range_in(text, header.name, header.range, "header name");
            assert_range_in(text, header.value, header.range, "header value");
        }
        if let Some(file) = message.body_file {
            assert!(message.body.is_none(), "a body file is the body");
            assert_range_in(text, file.range, range, "body file line");
            assert_range_in(text, file.path, file.range, "body file path");
        }
        if let Some(body) = message.body {
            assert_range_in(text, body, range, "body");
            // Bodies are parsed in place by the analysis; check that parse too.
            let parse = credsum_syntax::json::parse_range(text, body);
            credsum_fuzz::check_json_parse(text, &parse, body);
        }
    }
    // Variable references over arbitrary (even unclamped) ranges stay inside them.
    let refs_range = TextRange::new(bounds.start, bounds.end.saturating_add(7));
    for reference in variable_refs(text, refs_range) {
        assert_range_in(
            text,
            reference,
            clamp_range(text, refs_range),
            "variable reference",
        );
    }
}
