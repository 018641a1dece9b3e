//! The one place credsum turns the analysis core's byte ranges into LSP positions and
//! diagnostics, and LSP positions back into byte offsets.
//!
//! The language server publishes what [`diagnostic`] returns; `credsum lint --format json`
//! prints the very same objects through [`credsum_analysis::lsp_json`], whose shape this
//! module's test holds [`diagnostic`] to, so editors and scripts see identical data.

use credsum_analysis::lsp_json::FixData;
use credsum_analysis::{Diagnostic, Severity, TextRange};
use credsum_syntax::line_index::{LineCol, LineIndex, PositionEncoding};
use std::borrow::Cow;
use std::sync::OnceLock;
/// The LSP types (`tower-lsp-server`'s maintained fork of `lsp-types`), re-exported so that
/// callers such as the CLI use the very same types without depending on the server crate.
pub use tower_lsp_server::ls_types;

pub use credsum_analysis::lsp_json::SOURCE;

/// The LSP position of byte `offset`: 0-based line, `character` in code units of `enc`.
pub fn position(index: &LineIndex, offset: u32, enc: PositionEncoding) -> ls_types::Position {
    let LineCol { line, col } = index.line_col(offset, enc);
    ls_types::Position::new(line, col)
}

/// The LSP range of a byte range.
pub fn range(index: &LineIndex, range: TextRange, enc: PositionEncoding) -> ls_types::Range {
    ls_types::Range::new(
        position(index, range.start, enc),
        position(index, range.end, enc),
    )
}

/// The byte offset of an LSP position (clamped to the text; see [`LineIndex::offset`]).
pub fn offset(index: &LineIndex, position: ls_types::Position, enc: PositionEncoding) -> u32 {
    index.offset(
        LineCol {
            line: position.line,
            col: position.character,
        },
        enc,
    )
}

/// The LSP severity of a core severity.
pub fn severity(severity: Severity) -> ls_types::DiagnosticSeverity {
    match severity {
        Severity::Error => ls_types::DiagnosticSeverity::ERROR,
        Severity::Warning => ls_types::DiagnosticSeverity::WARNING,
        Severity::Information => ls_types::DiagnosticSeverity::INFORMATION,
        Severity::Hint => ls_types::DiagnosticSeverity::HINT,
    }
}

/// The documentation link of rule `code` (every `syntax-*` code shares the `syntax` entry).
pub fn rule_url(code: &str) -> String {
    credsum_analysis::rules::doc_url(code)
}

/// The documentation link of rule `code`: for a rule, parsed once (a big document can carry
/// thousands of diagnostics of one rule) and borrowed; for any other code, parsed now.
fn rule_link(code: &str) -> Option<Cow<'static, ls_types::Uri>> {
    static LINKS: OnceLock<Vec<(&'static str, ls_types::Uri)>> = OnceLock::new();
    let links = LINKS.get_or_init(|| {
        credsum_analysis::rules::catalogue()
            .map(|rule| rule.code)
            .filter_map(|code| Some((code, rule_url(code).parse().ok()?)))
            .collect()
    });
    let anchor = credsum_analysis::rules::find(code).map_or(code, |rule| rule.code);
    match links.iter().find(|(c, _)| *c == anchor) {
        Some((_, href)) => Some(Cow::Borrowed(href)),
        None => rule_url(code).parse().ok().map(Cow::Owned),
    }
}

/// The LSP diagnostic of a core diagnostic: positions in `enc`, numeric severity, the rule code
/// with a link to its documentation, `source: "credsum"`, and the fix (if any) in
/// `data` as `{"fix": {"title": ..., "edits": [{"range": <LSP range>, "newText": ...}]}}`.
pub fn diagnostic(
    index: &LineIndex,
    diagnostic: &Diagnostic,
    enc: PositionEncoding,
) -> ls_types::Diagnostic {
    ls_types::Diagnostic {
        range: range(index, diagnostic.range, enc),
        severity: Some(severity(diagnostic.severity)),
        code: Some(ls_types::NumberOrString::String(
            diagnostic.code.as_str().to_owned(),
        )),
        code_description: rule_link(diagnostic.code.as_str()).map(|href| {
            ls_types::CodeDescription {
                href: href.into_owned(),
            }
        }),
        source: Some(SOURCE.to_owned()),
        message: diagnostic.message.to_string(),
        related_information: None,
        tags: None,
        // The same JSON that `lsp_json::DiagnosticJson` writes: one definition of the fix's shape.
        data: diagnostic
            .fix
            .as_ref()
            .and_then(|fix| serde_json::to_value(FixData { index, fix, enc }).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use credsum_analysis::lsp_json::DiagnosticJson;
    use credsum_analysis::rules::Code;
    use credsum_analysis::{Edit, Fix};
    use credsum_syntax::json::SyntaxErrorKind;
    use serde_json::json;
    use std::sync::Arc;

    /// A body with a character outside the BMP before the problem, so the encodings differ.
    const TEXT: &str = "{\n  \"tenantDisplayName\": \"😀\", \"tenantDisplayNme\": 1\n}\n";

    fn sample() -> Diagnostic {
        let start = TEXT.find("\"tenantDisplayNme\"").unwrap() as u32;
        let key = TextRange::new(start, start + 18);
        Diagnostic {
            code: Code::UnknownProperty,
            severity: Severity::Error,
            range: key,
            message: Arc::new("Unknown property `tenantDisplayNme`.".to_owned()),
            fix: Some(Box::new(Fix::replace(
                "Rename to `tenantDisplayName`",
                key,
                "\"tenantDisplayName\"",
            ))),
        }
    }

    #[test]
    fn columns_follow_the_encoding() {
        let index = LineIndex::new(TEXT);
        let d = sample();
        let utf8 = range(&index, d.range, PositionEncoding::Utf8);
        let utf16 = range(&index, d.range, PositionEncoding::Utf16);
        let utf32 = range(&index, d.range, PositionEncoding::Utf32);
        assert_eq!((utf8.start.line, utf8.start.character), (1, 31));
        assert_eq!((utf16.start.line, utf16.start.character), (1, 29));
        assert_eq!((utf32.start.line, utf32.start.character), (1, 28));
        assert_eq!(utf16.end.character - utf16.start.character, 18);
    }

    #[test]
    fn offset_inverts_position() {
        let index = LineIndex::new(TEXT);
        for enc in [
            PositionEncoding::Utf8,
            PositionEncoding::Utf16,
            PositionEncoding::Utf32,
        ] {
            for (at, _) in TEXT.char_indices() {
                let at = at as u32;
                assert_eq!(
                    offset(&index, position(&index, at, enc), enc),
                    at,
                    "{enc:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn diagnostic_carries_code_link_source_and_fix() {
        let index = LineIndex::new(TEXT);
        let lsp = diagnostic(&index, &sample(), PositionEncoding::Utf16);
        let value = serde_json::to_value(&lsp).unwrap();
        assert_eq!(
            value,
            json!({
                "range": {"start": {"line": 1, "character": 29}, "end": {"line": 1, "character": 47}},
                "severity": 1,
                "code": "unknown-property",
                "codeDescription": {"href": "https://github.com/credsum/credsum/blob/main/docs/rules.md#unknown-property"},
                "source": "credsum",
                "message": "Unknown property `tenantDisplayNme`.",
                "data": {"fix": {"title": "Rename to `tenantDisplayName`", "applicability": "safe", "edits": [{
                    "range": {"start": {"line": 1, "character": 29}, "end": {"line": 1, "character": 47}},
                    "newText": "\"tenantDisplayName\""
                }]}}
            })
        );
    }

    #[test]
    fn diagnostic_json_writes_the_very_bytes_of_the_lsp_diagnostic() {
        let index = LineIndex::new(TEXT);
        let with_fix = sample();
        let mut two_edits = sample();
        if let Some(fix) = &mut two_edits.fix {
            fix.edits.push(Edit {
                range: TextRange::new(1, 2),
                new_text: "\"quoted\" \\ text 😀".into(),
            });
        }
        let plain = |code: Code, severity| Diagnostic {
            code,
            severity,
            fix: None,
            ..sample()
        };
        let cases = [
            with_fix,
            two_edits,
            plain(Code::Syntax(SyntaxErrorKind::MissingComma), Severity::Error),
            plain(Code::ReadOnlyProperty, Severity::Warning),
            plain(Code::GeneratedOnlyOperation, Severity::Hint),
            plain(Code::UnknownProperty, Severity::Information),
        ];
        for d in &cases {
            for enc in [
                PositionEncoding::Utf8,
                PositionEncoding::Utf16,
                PositionEncoding::Utf32,
            ] {
                let lsp = serde_json::to_string(&diagnostic(&index, d, enc)).unwrap();
                let direct = DiagnosticJson {
                    index: &index,
                    diagnostic: d,
                    enc,
                };
                assert_eq!(
                    serde_json::to_string(&direct).unwrap(),
                    lsp,
                    "{} {enc:?}",
                    d.code
                );
            }
        }
    }

    #[test]
    fn severities_are_numeric_one_to_four() {
        let all = [
            Severity::Error,
            Severity::Warning,
            Severity::Information,
            Severity::Hint,
        ];
        let numbers: Vec<serde_json::Value> = all
            .iter()
            .map(|s| serde_json::to_value(severity(*s)).unwrap())
            .collect();
        assert_eq!(numbers, [json!(1), json!(2), json!(3), json!(4)]);
    }

    #[test]
    fn syntax_codes_link_to_the_syntax_family() {
        assert!(rule_url("syntax-trailing-comma").ends_with("#syntax"));
        assert!(rule_url("id-in-body").ends_with("#id-in-body"));
    }
}
