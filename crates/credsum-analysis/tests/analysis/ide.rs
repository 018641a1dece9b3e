//! Outline, folding, selection ranges, formatting and property lookup, one `check_*` helper each.

use credsum_analysis::{Analyzer, FileKind, FormatOptions, Symbol};
use insta::assert_snapshot;

/// Renders symbols as an indented tree: `name [kind] detail @ selected text`.
fn render_symbols(text: &str, symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        out.push_str(&format!(
            "{}{} [{:?}] {} @ `{}`\n",
            "  ".repeat(depth),
            s.name,
            s.kind,
            s.detail.clone().unwrap_or_default(),
            &text[s.selection_range.as_usize()]
        ));
        render_symbols(text, &s.children, depth + 1, out);
    }
}

/// The outline of `text`.
fn check_symbols(kind: FileKind, text: &str) -> String {
    let mut out = String::new();
    render_symbols(
        text,
        &Analyzer::graph().document_symbols(text, kind),
        0,
        &mut out,
    );
    out
}

/// The folded texts, first line only.
fn check_folds(kind: FileKind, text: &str) -> Vec<String> {
    Analyzer::graph()
        .folding_ranges(text, kind)
        .iter()
        .map(|r| text[r.as_usize()].lines().next().unwrap_or("").to_owned())
        .collect()
}

/// The selection ranges at `$0`, innermost first.
fn check_selection(kind: FileKind, fixture: &str) -> Vec<String> {
    let offset = fixture.find("$0").unwrap() as u32;
    let text = fixture.replacen("$0", "", 1);
    Analyzer::graph()
        .selection_ranges(&text, kind, offset)
        .iter()
        .map(|r| text[r.as_usize()].to_owned())
        .collect()
}

/// The text after formatting with `options` (unchanged when there are no edits).
fn check_format(kind: FileKind, text: &str, options: FormatOptions) -> String {
    let edits = Analyzer::graph().format(text, kind, options);
    let mut out = text.to_owned();
    for edit in edits.iter().rev() {
        out.replace_range(edit.range.as_usize(), &edit.new_text);
    }
    out
}

const BODY: &str = "{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\", \"tenantDisplayName\": \"Contoso\",\n \"totalUserCount\": 10, \"extra\": {\"a\": [1, true]}, \"securityDefaultsEnabled\": null}\n";

#[test]
fn symbols_of_a_json_body() {
    assert_snapshot!(check_symbols(FileKind::Json, BODY));
}

#[test]
fn symbols_of_http_requests() {
    let text = "### first\nPATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/1\nContent-Type: application/json\n\n{\"totalUserCount\": 1}\n\n###\nGET https://example.com\n";
    assert_snapshot!(check_symbols(FileKind::Http, text));
}

#[test]
fn folds_cover_requests_and_containers() {
    assert_eq!(
        check_folds(FileKind::Json, BODY),
        [
            "{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\", \"tenantDisplayName\": \"Contoso\",",
            "{\"a\": [1, true]}",
            "[1, true]"
        ]
    );
}

#[test]
fn selection_grows_from_the_token() {
    assert_eq!(
        check_selection(FileKind::Json, "{\"a\": {\"b\": tr$0ue}}"),
        [
            "true",
            "\"b\": true",
            "{\"b\": true}",
            "\"a\": {\"b\": true}",
            "{\"a\": {\"b\": true}}"
        ]
    );
}

#[test]
fn formatting_keeps_order_and_honours_options() {
    let spaces = FormatOptions {
        tab_size: 4,
        insert_spaces: true,
    };
    assert_snapshot!(check_format(FileKind::Json, BODY, spaces));
    let tabs = FormatOptions {
        tab_size: 4,
        insert_spaces: false,
    };
    assert_eq!(
        check_format(FileKind::Json, "{\"b\":1,\"a\":2}", tabs),
        "{\n\t\"b\": 1,\n\t\"a\": 2\n}"
    );
}

#[test]
fn formatting_leaves_broken_and_non_json_alone() {
    let broken = "{\"a\": 1,,}";
    assert_eq!(
        check_format(FileKind::Json, broken, FormatOptions::default()),
        broken
    );
    let http = "PATCH https://x\n\n{\"a\":1}";
    assert_eq!(
        check_format(FileKind::Http, http, FormatOptions::default()),
        http
    );
    let done = "{\n  \"a\": 1\n}\n";
    assert!(Analyzer::graph()
        .format(done, FileKind::Json, FormatOptions::default())
        .is_empty());
}

#[test]
fn property_under_the_cursor() {
    let analyzer = Analyzer::graph();
    let text = "{\"totalUserCount\": 1, \"nope\": 2}";
    assert_eq!(
        analyzer.property_at(text, FileKind::Json, 3).as_deref(),
        Some("totalUserCount")
    );
    assert_eq!(analyzer.property_at(text, FileKind::Json, 25), None);
    assert_eq!(analyzer.property_at(text, FileKind::Json, 19), None);
}

proptest::proptest! {
    /// Every feature survives any text and any offset, and completions replace a range on one
    /// line that holds the cursor, cut at char boundaries.
    #[test]
    fn features_never_panic(
        text in "[{}\\[\\]\":, \\nA-Za-z0-9é😀\\r-]{0,60}",
        at in 0u32..80,
        kind in 0usize..3,
    ) {
        let kind = [FileKind::Json, FileKind::Http, FileKind::Markdown][kind];
        let analyzer = Analyzer::graph();
        let text = format!("PATCH https://x/credentialUserRegistrationsSummaries/1\n\n{text}");
        let offset = (at as usize + 50).min(text.len());
        for c in analyzer.completions_at_time(&text, kind, offset as u32, 0) {
            let r = c.replace.as_usize();
            proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            proptest::prop_assert!(!text[r.clone()].contains('\n'));
            if text.is_char_boundary(offset) {
                proptest::prop_assert!(r.start <= offset && offset <= r.end, "{:?} {}", r, offset);
            }
        }
        analyzer.hover(&text, kind, offset as u32);
        analyzer.selection_ranges(&text, kind, offset as u32);
        analyzer.document_symbols(&text, kind);
        analyzer.folding_ranges(&text, kind);
        analyzer.format(&text, kind, FormatOptions::default());
        analyzer.property_at(&text, kind, offset as u32);
    }
}
