//! Completion fixtures: the text with `$0` at the cursor, the completions rendered as
//! `label [kind] detail: replaced text => insertion`.

use credsum_analysis::{Analyzer, FileKind};
use insta::assert_snapshot;

/// A fixed "now" for date-time completions: 2023-11-14T22:13:20Z.
const NOW: u64 = 1_700_000_000;

/// The completions at the `$0` of `fixture`, one per line.
fn check_completion(kind: FileKind, fixture: &str) -> String {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    let text = fixture.replacen("$0", "", 1);
    let completions = Analyzer::graph().completions_at_time(&text, kind, offset as u32, NOW);
    let mut out = String::new();
    for c in completions {
        let replaced = &text[c.replace.as_usize()];
        out.push_str(&format!(
            "{} [{:?}] {}: `{}` => `{}`",
            c.label,
            c.kind,
            c.detail.unwrap_or_default(),
            replaced,
            c.insert_text.replace('\n', "\\n")
        ));
        if let Some(snippet) = c.snippet {
            out.push_str(&format!(" snippet `{}`", snippet.replace('\n', "\\n")));
        }
        out.push('\n');
    }
    out
}

#[test]
fn empty_object() {
    assert_snapshot!(check_completion(FileKind::Json, "{$0}"));
}

#[test]
fn after_a_quote() {
    assert_snapshot!("quote_unclosed", check_completion(FileKind::Json, "{\"$0"));
    assert_snapshot!(
        "quote_autoclosed",
        check_completion(FileKind::Json, "{\"$0\"}")
    );
}

#[test]
fn partial_key_skips_present_properties_and_keeps_the_colon() {
    assert_snapshot!(
        "partial_key",
        check_completion(FileKind::Json, "{\"tenantId\": \"x\", \"ten$0")
    );
    assert_snapshot!(
        "key_with_colon",
        check_completion(
            FileKind::Json,
            "{\"totalUserCount\": 1, \"ten$0ant\": \"x\"}"
        )
    );
}

#[test]
fn new_key_before_another_member_gets_a_comma() {
    let out = check_completion(FileKind::Json, "{\n  $0\n  \"tenantId\": \"x\"\n}");
    assert!(out.contains("\"tenantDisplayName\": \"\","), "{out}");
}

#[test]
fn boolean_values() {
    assert_snapshot!(check_completion(
        FileKind::Json,
        "{\"securityDefaultsEnabled\": $0}"
    ));
    assert_snapshot!(
        "boolean_partial",
        check_completion(FileKind::Json, "{\"securityDefaultsEnabled\": tr$0")
    );
}

#[test]
fn known_values() {
    assert_snapshot!(check_completion(
        FileKind::Json,
        "{\"mfaConditionalAccessPolicyState\": \"en$0\"}"
    ));
}

#[test]
fn odata_type_constant() {
    assert_snapshot!(check_completion(FileKind::Json, "{\"@odata.type\": $0}"));
}

#[test]
fn date_time_now() {
    assert_snapshot!(check_completion(
        FileKind::Json,
        "{\"lastRefreshedDateTime\": \"$0\"}"
    ));
}

#[test]
fn unknown_keys_and_nested_values_offer_nothing() {
    assert_eq!(check_completion(FileKind::Json, "{\"nope\": $0}"), "");
    assert_eq!(check_completion(FileKind::Json, "{\"a\": {\"$0"), "");
}

/// An `.http` request up to its body.
const REQUEST: &str = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42\nContent-Type: application/json\n\n";

#[test]
fn inside_an_http_body() {
    assert_snapshot!(
        "http_body_key",
        check_completion(FileKind::Http, &format!("{REQUEST}{{\"ten$0"))
    );
    assert_snapshot!(
        "http_body_value",
        check_completion(
            FileKind::Http,
            &format!("{REQUEST}{{\"tenantLicenseType\": $0}}\n")
        )
    );
}

#[test]
fn http_method_url_and_headers() {
    assert_snapshot!("http_method", check_completion(FileKind::Http, "PA$0"));
    assert_snapshot!("http_url", check_completion(FileKind::Http, "PATCH $0"));
    assert_snapshot!(
        "http_headers",
        check_completion(
            FileKind::Http,
            "PATCH https://graph.microsoft.com/beta/x\nContent-Type: application/json\n$0"
        )
    );
    assert_snapshot!("http_empty_file", check_completion(FileKind::Http, "$0"));
    let body_line = "PATCH https://x\nContent-Type: application/json\n\n$0";
    assert_eq!(check_completion(FileKind::Http, body_line), "");
    let next_request = "GET https://x\n\n###\n$0";
    assert!(check_completion(FileKind::Http, next_request).starts_with("GET /tenantRelationships/"));
}

#[test]
fn inside_a_markdown_block() {
    let text = format!("# Example\n\n```http\n{REQUEST}{{\"mfa$0\n```\n");
    let out = check_completion(FileKind::Markdown, &text);
    assert!(out.contains("mfaRegisteredUserCount [Property]"), "{out}");
}

#[test]
fn broken_documents_never_panic() {
    for fixture in [
        "{\"$0",
        "{\"a\":$0",
        "{,$0",
        "[$0",
        "{\"a\" \"$0",
        "{\"é$0",
        "\"$0",
    ] {
        check_completion(FileKind::Json, fixture);
        check_completion(FileKind::Http, &format!("{REQUEST}{fixture}"));
    }
}

#[test]
fn a_value_typed_right_after_the_colon_gets_a_space() {
    let out = check_completion(FileKind::Json, "{\"securityDefaultsEnabled\":$0}");
    assert!(
        out.starts_with("true [Value] Boolean · boolean: `` => ` true`"),
        "{out}"
    );
}

#[test]
fn a_key_on_a_new_line_after_a_member_adds_the_missing_comma() {
    let fixture = "{\n  \"tenantId\": \"x\"\n  \"tot$0\n}";
    let offset = fixture.find("$0").unwrap() as u32;
    let text = fixture.replacen("$0", "", 1);
    let completions = Analyzer::graph().completions_at_time(&text, FileKind::Json, offset, NOW);
    let total = completions
        .iter()
        .find(|c| c.label == "totalUserCount")
        .unwrap();
    // Behind the typed quote.
    assert_eq!(&text[total.replace.as_usize()], "tot");
    let comma = &total.additional_edits[0];
    assert_eq!((comma.range.start, comma.new_text.as_str()), (19, ","));
    assert_eq!(&text[..19], "{\n  \"tenantId\": \"x\"");
}

/// The text after accepting the completion labelled `label` at the `$0` of `fixture`: its
/// insertion over its range, and its other edits (plain text, as a client without snippets
/// gets it).
fn accept(kind: FileKind, fixture: &str, label: &str) -> String {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    let text = fixture.replacen("$0", "", 1);
    let completions = Analyzer::graph().completions_at_time(&text, kind, offset as u32, NOW);
    let Some(c) = completions.into_iter().find(|c| c.label == label) else {
        panic!("no completion `{label}` at the cursor of {fixture:?}");
    };
    let mut edits = c.additional_edits.clone();
    edits.push(credsum_analysis::Edit {
        range: c.replace,
        new_text: c.insert_text.clone(),
    });
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text;
    for e in edits {
        out.replace_range(e.range.as_usize(), &e.new_text);
    }
    out
}

#[test]
fn accepting_a_key_overwrites_what_the_editor_put_there() {
    let request = format!("{REQUEST}{{\"$0\"}}");
    for (kind, fixture, label, expected) in [
        // VS Code and most editors auto-close the quote.
        (
            FileKind::Json,
            "{\"$0\"}",
            "totalUserCount",
            "{\"totalUserCount\": 42}",
        ),
        (
            FileKind::Http,
            request.as_str(),
            "totalUserCount",
            "{\"totalUserCount\": 42}",
        ),
        // Neovim and Emacs do not.
        (FileKind::Json, "{\"$0", "tenantId", "{\"tenantId\": \"\""),
        (
            FileKind::Json,
            "{\"tot$0\"}",
            "totalUserCount",
            "{\"totalUserCount\": 42}",
        ),
        (
            FileKind::Json,
            "{tot$0}",
            "totalUserCount",
            "{\"totalUserCount\": 42}",
        ),
        (
            FileKind::Json,
            "{\"to$0tal\": 1}",
            "totalUserCount",
            "{\"totalUserCount\": 1}",
        ),
        (
            FileKind::Json,
            "{\"securityDefaultsEnabled\": \"$0\"}",
            "true",
            "{\"securityDefaultsEnabled\": true}",
        ),
        (
            FileKind::Json,
            "{\"securityDefaultsEnabled\":$0}",
            "false",
            "{\"securityDefaultsEnabled\": false}",
        ),
    ] {
        let got = accept(kind, fixture, label);
        let body = got.rsplit("\n\n").next().unwrap_or(&got);
        assert_eq!(body, expected, "accepting {label} in {fixture:?}");
    }
}

#[test]
fn a_blank_json_file_gets_a_body_with_its_odata_type() {
    assert_snapshot!("blank_json", check_completion(FileKind::Json, "\n$0\n"));
    let body = accept(
        FileKind::Json,
        "$0",
        "{ \"@odata.type\" } credentialUserRegistrationsSummary",
    );
    assert!(body.starts_with("{\n  \"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\",\n"), "{body}");
}

#[test]
fn unclosed_bodies_complete_while_typed_top_to_bottom() {
    let markdown = |body: &str| format!("# Update\n\n```http\n{REQUEST}{body}");
    for (kind, fixture) in [
        (FileKind::Http, format!("{REQUEST}{{\n$0")),
        (FileKind::Http, format!("{REQUEST}{{\n  $0\n")),
        (
            FileKind::Http,
            format!("{REQUEST}{{\n  \"securityDefaultsEnabled\": $0"),
        ),
        (
            FileKind::Http,
            format!("{REQUEST}{{\n  \"securityDefaultsEnabled\": $0\n\n###\nGET https://x\n"),
        ),
        (FileKind::Markdown, markdown("{\n$0")),
        (
            FileKind::Markdown,
            markdown("{\n  \"securityDefaultsEnabled\": $0\n```\n"),
        ),
    ] {
        assert!(
            !check_completion(kind, &fixture).is_empty(),
            "no completion in {fixture:?}"
        );
    }
}

#[test]
fn request_line_operations_and_url_segments() {
    assert_snapshot!(
        "http_methods_with_urls",
        check_completion(FileKind::Http, "$0")
    );
    assert_snapshot!(
        "http_methods_before_a_url",
        check_completion(FileKind::Http, "P$0 https://graph.microsoft.com/beta/x")
    );
    assert_snapshot!(
        "http_url_host",
        check_completion(FileKind::Http, "GET https://gr$0")
    );
    assert_snapshot!(
        "http_url_segment_keeps_the_rest",
        check_completion(
            FileKind::Http,
            "PATCH https://graph.microsoft.com/beta/tenantRelationships/manag$0/credentialUserRegistrationsSummaries/42"
        )
    );
    assert_snapshot!(
        "http_url_after_a_variable",
        check_completion(FileKind::Http, "PATCH {{graph}}/tenantRelationships/$0")
    );
    // The query belongs to the query options' completion: options, never the endpoint URL.
    let query = check_completion(
        FileKind::Http,
        "GET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries?$to$0",
    );
    assert!(query.starts_with("$top "), "{query}");
    assert!(
        !query.contains("credentialUserRegistrationsSummaries"),
        "{query}"
    );
}
