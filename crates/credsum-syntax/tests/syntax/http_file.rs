//! Tests of `http`: `.http` / `.rest` request files, target splitting and `{{variable}}` refs.

use credsum_syntax::http::{
    parse_http, parse_http_range, query_segments, split_target, variable_refs, HttpFile,
    HttpMessage, StartLine,
};
use credsum_syntax::TextRange;
use insta::assert_snapshot;
use proptest::prelude::*;

use crate::hang_guard::within_hang_guard;
use crate::support;

use support::{show, show_opt};

/// Renders every part of a parsed file, one per line.
fn render(text: &str, file: &HttpFile) -> String {
    let mut out = String::new();
    for v in &file.variables {
        let (name, value) = (show(text, v.name), show(text, v.value));
        out += &format!("var {name} = {value} in {}\n", show(text, v.range));
    }
    for m in &file.messages {
        out += &format!("message {:?} name {}\n", m.range, show_opt(text, m.name));
        match m.start_line {
            StartLine::Request {
                method,
                target,
                version,
                range,
            } => {
                let (method, target) = (show(text, method), show(text, target));
                let version = show_opt(text, version);
                out += &format!("  request {method} {target} {version} line {range:?}\n");
            }
            StartLine::Response {
                version,
                status,
                reason,
                range,
            } => {
                let (version, status) = (show(text, version), show(text, status));
                let reason = show_opt(text, reason);
                out += &format!("  response {version} {status} {reason} line {range:?}\n");
            }
        }
        for h in &m.headers {
            let (name, value) = (show(text, h.name), show(text, h.value));
            out += &format!("  header {name}: {value} line {:?}\n", h.range);
        }
        out += &format!("  body {}\n", show_opt(text, m.body));
        if let Some(file) = m.body_file {
            let (path, line) = (show(text, file.path), show(text, file.range));
            let marker = if file.substitutes_variables {
                "<@"
            } else {
                "<"
            };
            out += &format!("  body file {marker} {path} line {line}\n");
        }
    }
    out
}

/// Parses `text` and renders the result.
fn check(text: &str) -> String {
    render(text, &parse_http(text))
}

fn check_target(target: &str) -> String {
    let parts = split_target(target, TextRange::new(0, target.len() as u32));
    let origin = show_opt(target, parts.origin);
    format!(
        "{origin} {} {}",
        show(target, parts.path),
        show_opt(target, parts.query)
    )
}

#[test]
fn graph_patch_with_json_body_and_crlf() {
    let text = "PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{id} HTTP/1.1\r\nContent-Type: application/json\r\nAuthorization: Bearer {{token}}\r\n\r\n{\r\n  \"mfaRegisteredUserCount\": 10\r\n}\r\n\r\n";
    assert_snapshot!(check(text), @r#"
    message 0..229 name -
      request "PATCH"@0..5 "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{id}"@6..115 "HTTP/1.1"@116..124 line 0..124
      header "Content-Type"@126..138: "application/json"@140..156 line 126..156
      header "Authorization"@158..171: "Bearer {{token}}"@173..189 line 158..189
      body "{\r\n  \"mfaRegisteredUserCount\": 10\r\n}"@193..229
    "#);
}

#[test]
fn graph_docs_response_message() {
    let text = "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  \"value\": []\n}\n";
    assert_snapshot!(check(text), @r#"
    message 0..65 name -
      response "HTTP/1.1"@0..8 "200"@9..12 "OK"@13..15 line 0..15
      header "Content-type"@16..28: "application/json"@30..46 line 16..46
      body "{\n  \"value\": []\n}"@48..65
    "#);
}

#[test]
fn response_without_reason_or_status() {
    assert_snapshot!(check("HTTP/1.1 204\n\n###\nHTTP/2"), @r#"
    message 0..12 name -
      response "HTTP/1.1"@0..8 "204"@9..12 - line 0..12
      body -
    message 18..24 name -
      response "HTTP/2"@18..24 ""@24..24 - line 18..24
      body -
    "#);
}

#[test]
fn realistic_multi_request_file_with_variables() {
    let text = r#"@host = https://graph.microsoft.com
@version=beta
@summaries = {{host}}/{{version}}/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries

### List summaries
# @name list
GET {{summaries}}?$top=5 HTTP/1.1
Authorization: Bearer {{token}}

### Update one
// @name = update
PATCH {{summaries}}/{{list.response.body.$.value[0].id}}
Content-Type: application/json
# a comment between headers

{
  "tenantDisplayName": "Contoso"
}


###

@later = 1
###
# only comments here
###
https://example.com/plain
"#;
    assert_snapshot!(check(text), @r#"
    var "host"@1..5 = "https://graph.microsoft.com"@8..35 in "@host = https://graph.microsoft.com"@0..35
    var "version"@37..44 = "beta"@45..49 in "@version=beta"@36..49
    var "summaries"@51..60 = "{{host}}/{{version}}/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries"@63..155 in "@summaries = {{host}}/{{version}}/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries"@50..155
    var "later"@451..456 = "1"@459..460 in "@later = 1"@450..460
    message 189..254 name "list"@184..188
      request "GET"@189..192 "{{summaries}}?$top=5"@193..213 "HTTP/1.1"@214..222 line 189..222
      header "Authorization"@223..236: "Bearer {{token}}"@238..254 line 223..254
      body -
    message 289..442 name "update"@282..288
      request "PATCH"@289..294 "{{summaries}}/{{list.response.body.$.value[0].id}}"@295..345 - line 289..345
      header "Content-Type"@346..358: "application/json"@360..376 line 346..376
      body "{\n  \"tenantDisplayName\": \"Contoso\"\n}"@406..442
    message 490..515 name -
      request ""@490..490 "https://example.com/plain"@490..515 - line 490..515
      body -
    "#);
}

#[test]
fn multi_line_query_continues_the_start_line() {
    let text = "GET https://example.com/comments\n    ?page=2\n    &pageSize=10\nAccept: */*\n";
    assert_snapshot!(check(text), @r#"
    message 0..73 name -
      request "GET"@0..3 "https://example.com/comments"@4..32 - line 0..61
      header "Accept"@62..68: "*/*"@70..73 line 62..73
      body -
    "#);
}

#[test]
fn jetbrains_handlers_and_response_refs_are_not_body() {
    let text = "POST /x\n\n{\"a\": 1}\n\n> {%\n  client.test(\"ok\", () => {});\n%}\n<> 2024-01-01.json\n###\nGET /y\n> ./check.js\n###\nPOST /z\n\n<> only-a-ref.json\n";
    assert_snapshot!(check(text), @r#"
    message 0..17 name -
      request "POST"@0..4 "/x"@5..7 - line 0..7
      body "{\"a\": 1}"@9..17
    message 81..87 name -
      request "GET"@81..84 "/y"@85..87 - line 81..87
      body -
    message 105..112 name -
      request "POST"@105..109 "/z"@110..112 - line 105..112
      body -
    "#);
}

#[test]
fn bodies_from_files_in_each_dialect() {
    // JetBrains / REST Client `<`, httpyac `<@` (variables substituted) with an encoding; an
    // XML body and a `<>` response reference are not file references.
    let text = "PATCH /a\n\n< ./body.json\n\n###\nPATCH /b\nContent-Type: application/json\n\n<@ ../shared/body.json\n> {% client.log(1) %}\n###\nPOST /c\n\n<@latin1 ./latin.json\n###\nPOST /d\n\n<root>1</root>\n###\nPOST /e\n\n<\n###\nPOST /f\n\n<@\n";
    assert_snapshot!(check(text), @r#"
    message 0..23 name -
      request "PATCH"@0..5 "/a"@6..8 - line 0..8
      body -
      body file < "./body.json"@12..23 line "< ./body.json"@10..23
    message 29..92 name -
      request "PATCH"@29..34 "/b"@35..37 - line 29..37
      header "Content-Type"@38..50: "application/json"@52..68 line 38..68
      body -
      body file <@ "../shared/body.json"@73..92 line "<@ ../shared/body.json"@70..92
    message 119..149 name -
      request "POST"@119..123 "/c"@124..126 - line 119..126
      body -
      body file <@ "./latin.json"@137..149 line "<@latin1 ./latin.json"@128..149
    message 154..177 name -
      request "POST"@154..158 "/d"@159..161 - line 154..161
      body "<root>1</root>"@163..177
    message 182..192 name -
      request "POST"@182..186 "/e"@187..189 - line 182..189
      body "<"@191..192
    message 197..208 name -
      request "POST"@197..201 "/f"@202..204 - line 197..204
      body -
      body file <@ ""@208..208 line "<@"@206..208
    "#);
}

#[test]
fn response_redirects_and_handlers_end_the_body() {
    let text = "POST /x\n\n{\"a\": 1}\n>> ./out.json\n###\nPOST /y\n\n{}\n>>! ./out.json\n###\nGET /z\n\n> {%\n  client.global.set(\"id\", response.body.id);\n%}\n";
    assert_snapshot!(check(text), @r#"
    message 0..17 name -
      request "POST"@0..4 "/x"@5..7 - line 0..7
      body "{\"a\": 1}"@9..17
    message 36..47 name -
      request "POST"@36..40 "/y"@41..43 - line 36..43
      body "{}"@45..47
    message 67..73 name -
      request "GET"@67..70 "/z"@71..73 - line 67..73
      body -
    "#);
}

#[test]
fn query_segments_follow_continuation_lines() {
    let pieces = |text: &str| {
        let file = parse_http(text);
        let m = file.messages.first().expect("a message");
        query_segments(text, &m.start_line)
            .iter()
            .map(|r| show(text, *r))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_snapshot!(pieces("GET /c?$top=1\n    &$skip=2\n\t?$count=true\n&\nAccept: */*\n"), @r#"
    "$top=1"@7..13 "$skip=2"@19..26 "$count=true"@29..40 ""@42..42
    "#);
    assert_snapshot!(pieces("GET /c\n  ?$select=a,b\n  &$orderby=a desc\n"), @r#"
    "$select=a,b"@10..21 "$orderby=a desc"@25..40
    "#);
    assert_snapshot!(pieces("GET /c\n"), @"");
    assert_snapshot!(pieces("HTTP/1.1 200 OK\n"), @"");
}

#[test]
fn separator_names_are_read_like_the_clients() {
    // JetBrains names a request by the text after `###`; a `# @name` comment (REST Client,
    // httpyac) wins over it; `###` alone names nothing, and the name does not leak into the
    // next block.
    let text = "### Get one summary\nGET /a\n\n###\nGET /b\n\n###   spaced name  \n# @name login\nGET /c\n\n#### four hashes\nGET /d\n";
    assert_snapshot!(check(text), @r#"
    message 20..26 name "Get one summary"@4..19
      request "GET"@20..23 "/a"@24..26 - line 20..26
      body -
    message 32..38 name -
      request "GET"@32..35 "/b"@36..38 - line 32..38
      body -
    message 74..80 name "login"@68..73
      request "GET"@74..77 "/c"@78..80 - line 74..80
      body -
    message 99..105 name "four hashes"@87..98
      request "GET"@99..102 "/d"@103..105 - line 99..105
      body -
    "#);
}

#[test]
fn odd_start_lines() {
    let text = "PATCH\n###\nGET HTTP/1.1\n###\npatch  https://x/a b  HTTP/1.1\n###\nM-SEARCH * HTTP/1.1\n###\nlocalhost HTTP/1.1\n###\n{{host}}/me\n";
    assert_snapshot!(check(text), @r#"
    message 0..5 name -
      request "PATCH"@0..5 ""@5..5 - line 0..5
      body -
    message 10..22 name -
      request "GET"@10..13 ""@13..13 "HTTP/1.1"@14..22 line 10..22
      body -
    message 27..57 name -
      request "patch"@27..32 "https://x/a b"@34..47 "HTTP/1.1"@49..57 line 27..57
      body -
    message 62..81 name -
      request "M-SEARCH"@62..70 "*"@71..72 "HTTP/1.1"@73..81 line 62..81
      body -
    message 86..104 name -
      request ""@86..86 "localhost"@86..95 "HTTP/1.1"@96..104 line 86..104
      body -
    message 109..120 name -
      request ""@109..109 "{{host}}/me"@109..120 - line 109..120
      body -
    "#);
}

#[test]
fn header_without_colon_and_odd_headers() {
    let text = "GET /x\nX-Flag\n:authority: example.com\nEmpty:\nA :  spaced value  \n";
    assert_snapshot!(check(text), @r#"
    message 0..62 name -
      request "GET"@0..3 "/x"@4..6 - line 0..6
      header "X-Flag"@7..13: ""@13..13 line 7..13
      header ""@14..14: "authority: example.com"@15..37 line 14..37
      header "Empty"@38..43: ""@44..44 line 38..44
      header "A"@45..46: "spaced value"@50..62 line 45..62
      body -
    "#);
}

#[test]
fn variables_without_value_and_names() {
    let text = "@a\n@b =\n@c=d e\n#@name x\n# @named y\n# @name\nGET /\n";
    assert_snapshot!(check(text), @r#"
    var "a"@1..2 = ""@2..2 in "@a"@0..2
    var "b"@4..5 = ""@7..7 in "@b ="@3..7
    var "c"@9..10 = "d e"@11..14 in "@c=d e"@8..14
    message 43..48 name "x"@22..23
      request "GET"@43..46 "/"@47..48 - line 43..48
      body -
    "#);
}

#[test]
fn body_only_whitespace_is_none() {
    assert_snapshot!(check("POST /x\nA: b\n\n   \n\t\n"), @r#"
    message 0..12 name -
      request "POST"@0..4 "/x"@5..7 - line 0..7
      header "A"@8..9: "b"@11..12 line 8..12
      body -
    "#);
}

#[test]
fn empty_and_blank_inputs() {
    assert_snapshot!(check(""), @"");
    assert_snapshot!(check("###\n\n###\r\n   \r\n"), @"");
}

#[test]
fn lone_cr_line_breaks() {
    assert_snapshot!(check("GET /a\rX: 1\r\rbody\r"), @r#"
    message 0..17 name -
      request "GET"@0..3 "/a"@4..6 - line 0..6
      header "X"@7..8: "1"@10..11 line 7..11
      body "body"@13..17
    "#);
}

#[test]
fn range_of_a_markdown_block() {
    let text = "# Doc\n\n```http\nPATCH https://graph.microsoft.com/beta/x\nContent-Type: application/json\n\n{}\n```\n";
    let start = text.find("PATCH").unwrap() as u32;
    let end = text.rfind("```").unwrap() as u32;
    let file = parse_http_range(text, TextRange::new(start, end));
    assert_snapshot!(render(text, &file), @r#"
    message 15..90 name -
      request "PATCH"@15..20 "https://graph.microsoft.com/beta/x"@21..55 - line 15..55
      header "Content-Type"@56..68: "application/json"@70..86 line 56..86
      body "{}"@88..90
    "#);
}

#[test]
fn range_outside_the_text_is_clamped() {
    let text = "GET /é";
    // 6 falls inside `é`; 99 is past the end.
    assert_snapshot!(render(text, &parse_http_range(text, TextRange::new(0, 6))), @r#"
    message 0..5 name -
      request "GET"@0..3 "/"@4..5 - line 0..5
      body -
    "#);
    assert_snapshot!(render(text, &parse_http_range(text, TextRange::new(4, 99))), @r#"
    message 4..7 name -
      request ""@4..4 "/é"@4..7 - line 4..7
      body -
    "#);
    assert!(parse_http_range(text, TextRange::new(50, 99))
        .messages
        .is_empty());
}

#[test]
fn split_targets() {
    let targets = [
        "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{id}?$select=id,tenantId",
        "https://graph.microsoft.com",
        "http://localhost:8080?x=1#frag",
        "{{host}}/beta/me",
        "{{host}}:{{port}}",
        "{{base}}?a={{q/x?y}}",
        "/beta/{{path/with?odd}}/x?y#z",
        "me/messages",
        "",
        "1http://not-a-scheme/x",
    ];
    let rendered: Vec<String> = targets.iter().map(|t| check_target(t)).collect();
    assert_snapshot!(rendered.join("\n"), @r#"
    "https://graph.microsoft.com"@0..27 "/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{id}"@27..109 "$select=id,tenantId"@110..129
    "https://graph.microsoft.com"@0..27 ""@27..27 -
    "http://localhost:8080"@0..21 ""@21..21 "x=1"@22..25
    "{{host}}"@0..8 "/beta/me"@8..16 -
    "{{host}}:{{port}}"@0..17 ""@17..17 -
    "{{base}}"@0..8 ""@8..8 "a={{q/x?y}}"@9..20
    - "/beta/{{path/with?odd}}/x"@0..25 "y"@26..27
    - "me/messages"@0..11 -
    - ""@0..0 -
    - "1http://not-a-scheme/x"@0..22 -
    "#);
}

#[test]
fn split_target_in_context() {
    let text = "PATCH {{host}}/x?y=1 HTTP/1.1";
    let file = parse_http(text);
    let StartLine::Request { target, .. } = file.messages[0].start_line else {
        panic!()
    };
    let parts = split_target(text, target);
    let query = show_opt(text, parts.query);
    assert_snapshot!(format!("{} {} {query}", show_opt(text, parts.origin), show(text, parts.path)), @r#""{{host}}"@6..14 "/x"@14..16 "y=1"@17..20"#);
}

#[test]
fn finds_variable_refs() {
    let text = "{{a}} {{ b }}{{$guid}} {{{c}}} {{unclosed {{d\n}} é{{é}} }} {{x {{y}}";
    let refs: Vec<String> = variable_refs(text, TextRange::new(0, text.len() as u32))
        .into_iter()
        .map(|r| show(text, r))
        .collect();
    assert_snapshot!(refs.join(" "), @r#""{{a}}"@0..5 "{{ b }}"@6..13 "{{$guid}}"@13..22 "{{c}}"@24..29 "{{é}}"@51..57 "{{y}}"@65..70"#);
    assert!(variable_refs(text, TextRange::new(1, 4)).is_empty());
}

#[test]
fn large_inputs_stay_linear() {
    let mut body = String::from("{");
    while body.len() < 1_000_000 {
        body.push_str("\"k\":\"{{v}}\",");
    }
    body.push('}');
    let text = format!("PATCH {{{{host}}}}/x\nContent-Type: application/json\n\n{body}\n");
    let braces = format!("GET /{}?q", "{{".repeat(300_000));
    // Anything quadratic would take hours on these; the hang guard fails it after minutes.
    within_hang_guard(move || {
        let file = parse_http(&text);
        let body_range = file.messages[0].body.unwrap();
        assert_eq!(&text[body_range.as_usize()], body);
        assert_eq!(
            variable_refs(&text, body_range).len(),
            (body.len() - 2) / 12
        );
        let parts = split_target(&braces, TextRange::new(4, braces.len() as u32));
        assert_eq!(
            parts.query,
            Some(TextRange::new(braces.len() as u32 - 1, braces.len() as u32))
        );
        assert!(variable_refs(&braces, TextRange::new(0, braces.len() as u32)).is_empty());
    });
}

/// Every range of `file` within `bounds`, for the property tests.
fn all_ranges(file: &HttpFile) -> Vec<TextRange> {
    let mut ranges = Vec::new();
    for v in &file.variables {
        ranges.extend([v.name, v.value, v.range]);
    }
    for m in &file.messages {
        ranges.extend([m.range].into_iter().chain(m.name).chain(m.body));
        if let Some(file) = m.body_file {
            ranges.extend([file.path, file.range]);
        }
        match m.start_line {
            StartLine::Request {
                method,
                target,
                version,
                range,
            } => {
                ranges.extend([method, target, range].into_iter().chain(version));
            }
            StartLine::Response {
                version,
                status,
                reason,
                range,
            } => {
                ranges.extend([version, status, range].into_iter().chain(reason));
            }
        }
        for h in &m.headers {
            ranges.extend([h.name, h.value, h.range]);
        }
    }
    ranges
}

fn http_like_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "(###|#|//|@|GET |PATCH |HTTP/1.1 |[a-z]|: |=|\\{\\{|\\}\\}|[?&/]|  |\t|\r\n|\n|\r|> |<> |\\{%|é|😀)*",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn any_input_gives_ranges_on_char_boundaries(
        text in http_like_text(),
        start in 0u32..80,
        len in 0u32..80,
    ) {
        let whole = TextRange::new(0, text.len() as u32);
        for (file, bounds) in [
            (parse_http(&text), whole),
            (parse_http_range(&text, TextRange::new(start, start + len)), TextRange::new(start, start + len)),
        ] {
            for r in all_ranges(&file) {
                prop_assert!(whole.contains_range(r) && bounds.contains_range(r), "{r:?}");
                prop_assert!(text.get(r.as_usize()).is_some(), "{r:?}");
            }
            for m in &file.messages {
                // The name comes before the start line; everything else lies inside.
                let unnamed = HttpMessage { name: None, ..m.clone() };
                let inside = all_ranges(&HttpFile { messages: vec![unnamed], variables: vec![] });
                prop_assert!(inside.iter().all(|r| m.range.contains_range(*r)));
            }
        }
        for r in variable_refs(&text, whole) {
            let s = &text[r.as_usize()];
            prop_assert!(s.starts_with("{{") && s.ends_with("}}"));
        }
        let parts = split_target(&text, TextRange::new(start, start + len));
        for r in parts.origin.into_iter().chain([parts.path]).chain(parts.query) {
            prop_assert!(text.get(r.as_usize()).is_some(), "{r:?}");
        }
    }

    #[test]
    fn written_requests_parse_back(
        method in "[A-Z]{3,7}",
        target in "(https://[a-z]{1,8}\\.com)?/[a-z{}?=&$é]{0,20}",
        version in proptest::option::of("HTTP/[12]\\.[01]"),
        headers in proptest::collection::vec(("[A-Za-z-]{1,12}", "[ -~&&[^ ]]([ -~]{0,20}[!-~])?"), 0..4),
        body in proptest::option::of("[{}\\[\\]\":, a-z0-9\n]{0,40}[{}a-z]"),
        newline in prop_oneof![Just("\n"), Just("\r\n")],
        name in proptest::option::of("[a-z_]{1,10}"),
    ) {
        let mut text = String::from("###");
        text += newline;
        if let Some(name) = &name {
            text += &format!("# @name {name}{newline}");
        }
        text += &format!("{method} {target}");
        if let Some(v) = &version {
            text += &format!(" {v}");
        }
        text += newline;
        for (n, v) in &headers {
            text += &format!("{n}: {v}{newline}");
        }
        if let Some(body) = &body {
            text += newline;
            text += &body.replace('\n', newline);
            text += newline;
        }
        text += newline;
        let file = parse_http(&text);
        prop_assert_eq!(file.messages.len(), 1);
        let m = &file.messages[0];
        let s = |r: TextRange| text[r.as_usize()].to_string();
        prop_assert_eq!(m.name.map(s), name);
        let StartLine::Request { method: m2, target: t2, version: v2, .. } = m.start_line else {
            panic!("not a request");
        };
        prop_assert_eq!(s(m2), method);
        prop_assert_eq!(s(t2), target);
        prop_assert_eq!(v2.map(s), version);
        let parsed: Vec<(String, String)> = m.headers.iter().map(|h| (s(h.name), s(h.value))).collect();
        prop_assert_eq!(parsed, headers);
        // Leading blank lines are not part of the body.
        let expected_body = body.map(|b| {
            let lines: Vec<&str> = b.split('\n').skip_while(|l| l.trim().is_empty()).collect();
            lines.join(newline)
        });
        prop_assert_eq!(m.body.map(s), expected_body);
    }
}

#[test]
fn a_leading_bom_is_skipped_and_ranges_stay_absolute() {
    let plain = "PATCH https://graph.microsoft.com/beta/x\nContent-Type: application/json\n\n{}\n";
    let with_bom = format!("\u{FEFF}{plain}");
    let (a, b) = (parse_http(plain), parse_http(&with_bom));
    assert_eq!(b.messages.len(), 1, "{b:?}");
    let StartLine::Request { method, .. } = b.messages[0].start_line else {
        panic!("{b:?}")
    };
    assert_eq!(&with_bom[method.as_usize()], "PATCH");
    assert_eq!(b.messages[0].headers.len(), a.messages[0].headers.len());
    let body = b.messages[0].body.expect("body");
    assert_eq!(&with_bom[body.as_usize()], "{}");
}
