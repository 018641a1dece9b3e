//! `.http` files as the clients read them: a query continued on `?`/`&` lines, bodies sent from
//! files (`< ./body.json`), and the editor features on file variables (completion inside `{{`,
//! go to definition, references, rename, symbols). Fixtures mark the cursor with `$0`.

use credsum_analysis::http_vars::{Definition, Environments};
use credsum_analysis::{Analyzer, Config, FileKind, TextRange};
use insta::assert_snapshot;

use crate::support::check;

const BASE: &str = "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries";

/// The text of `fixture` without its `$0`, and the cursor's offset.
fn cursor(fixture: &str) -> (String, u32) {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    (fixture.replacen("$0", "", 1), offset as u32)
}

/// Each range as `text@start..end`, one per line.
fn show(text: &str, ranges: &[TextRange]) -> String {
    ranges
        .iter()
        .map(|r| format!("`{}`@{}..{}\n", &text[r.as_usize()], r.start, r.end))
        .collect()
}

#[test]
fn a_query_continued_on_following_lines_is_checked_as_one() {
    // Findings point into each line; `$top` on two lines is a duplicate.
    let text = format!(
        "GET {BASE}\n    ?$select=tenantId,totalUserCont\n    &$top=abc\n    &$orderby=lastRefreshedDateTime descending\n    &$top=5\nAuthorization: Bearer {{{{token}}}}\n"
    );
    assert_snapshot!(check(FileKind::Http, &text));
}

#[test]
fn completion_and_hover_work_in_a_continuation_line() {
    let analyzer = Analyzer::graph();
    let (text, offset) = cursor(&format!("GET {BASE}\n    ?$top=5\n    &$sel$0\n"));
    let labels: Vec<String> = analyzer
        .completions(&text, FileKind::Http, offset)
        .into_iter()
        .map(|c| format!("{} => `{}`", c.label, &text[c.replace.as_usize()]))
        .collect();
    assert_snapshot!(labels.join("\n"));
    let (text, offset) = cursor(&format!(
        "GET {BASE}\n    ?$top=5\n    &$select=tenant$0Id\n"
    ));
    let hover = analyzer
        .hover(&text, FileKind::Http, offset)
        .expect("a hover");
    assert_snapshot!(format!(
        "`{}`\n{}",
        &text[hover.range.as_usize()],
        hover.markdown
    ));
}

#[test]
fn a_body_sent_from_a_file_is_a_body() {
    // No `empty-body` on a PATCH whose body is a file; `Content-Type` is still needed; a GET
    // sending a file is `unexpected-body` on the `<` line.
    let text = format!(
        "PATCH {BASE}/8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c\nAuthorization: Bearer {{{{token}}}}\n\n< ./body.json\n\n###\nGET {BASE}\nAuthorization: Bearer {{{{token}}}}\n\n<@ ./query.json\n"
    );
    assert_snapshot!(check(FileKind::Http, &text));
}

#[test]
fn a_body_file_is_checked_as_its_request_body() {
    let analyzer = Analyzer::graph();
    let text = format!(
        "PATCH {BASE}/8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c\nContent-Type: application/json\n\n< ./body.json\n###\nPOST {BASE}\nContent-Type: application/json\n\n< ./new.json\n###\nPATCH https://example.com/other\n\n< ./other.json\n"
    );
    let sent = analyzer.body_files(&text, FileKind::Http);
    let paths: Vec<&str> = sent.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        ["./body.json", "./new.json"],
        "only requests to the resource"
    );
    assert_eq!(
        sent[0].sent_by("requests.http", &text),
        "sent by PATCH at requests.http:1"
    );
    assert_eq!(
        sent[1].sent_by("requests.http", &text),
        "sent by POST at requests.http:6"
    );
    let config = Config::default();
    let body =
        "{\"totalUserCount\": \"Integer\", \"id\": \"00000000-0000-0000-0000-000000000000\"}";
    let found = analyzer.analyze_body_file(body, &sent[0], &config);
    assert_snapshot!(crate::support::annotate(body, &found));
    assert!(
        found.iter().all(|d| d.fix.is_none()),
        "body files are not fixed"
    );
    let patch = "[{\"op\": \"replace\", \"path\": \"/totalUserCount\", \"value\": \"x\"}]";
    let found = analyzer.analyze_body_file(patch, &sent[0], &config);
    assert_snapshot!(crate::support::annotate(patch, &found));
    // `<@` substitutes variables: a file holding one is not checked as written.
    let substituting =
        format!("PATCH {BASE}/1\nContent-Type: application/json\n\n<@ ./body.json\n");
    let substituted = &analyzer.body_files(&substituting, FileKind::Http)[0];
    let templated = "{\"totalUserCount\": {{count}}, \"tenantDisplayName\": \"Integer\"}";
    assert!(analyzer
        .analyze_body_file(templated, substituted, &config)
        .is_empty());
    assert!(!analyzer
        .analyze_body_file(body, substituted, &config)
        .is_empty());
    let unreadable = sent[0].unreadable("no such file");
    assert_eq!(&text[unreadable.range.as_usize()], "< ./body.json");
    assert_eq!(
        unreadable.message.as_str(),
        "Cannot read the body file `./body.json`: no such file"
    );
}

/// A file with variables used before and after their definitions, in a URL, a header, a body
/// and another variable's value.
const VARS: &str = "@host = https://graph.microsoft.com\n@base = {{host}}/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\n@token = abc\n\n### get one\nGET {{base}}/{{id}}\nAuthorization: Bearer {{ token }}\n\n###\n# @name update\nPATCH {{base}}/{{id}}\nContent-Type: application/json\n\n{\"tenantDisplayName\": \"{{name}}\", \"totalUserCount\": {{$randomInt 1 9}}}\n\n###\n@id = 8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c\n";

/// `VARS` with `$0` put at the `nth` occurrence of `needle` (plus `shift` bytes).
fn at(needle: &str, nth: usize, shift: usize) -> (String, u32) {
    let start = VARS.match_indices(needle).nth(nth).expect("needle").0 + shift;
    (VARS.to_owned(), start as u32)
}

#[test]
fn completion_inside_braces_offers_every_file_variable() {
    let analyzer = Analyzer::graph();
    let render = |fixture: &str| {
        let (text, offset) = cursor(fixture);
        // File variables only: the system variables follow them (see the test below).
        analyzer
            .completions(&text, FileKind::Http, offset)
            .into_iter()
            .filter(|c| c.documentation.is_none())
            .map(|c| {
                let replaced = &text[c.replace.as_usize()];
                let detail = c.detail.unwrap_or_default();
                format!(
                    "{} [{:?}] {detail}: `{replaced}` => `{}`\n",
                    c.label, c.kind, c.insert_text
                )
            })
            .collect::<String>()
    };
    let vars = "@host = https://graph.microsoft.com\n@id = 1\n@id = 2\n";
    assert_snapshot!(render(&format!("{vars}GET {{{{$0\n")), @r#"
    host [Variable] https://graph.microsoft.com: `` => `host`
    id [Variable] 2: `` => `id`
    "#);
    assert_snapshot!(render(&format!("{vars}GET {{{{ ho$0st}}}}/x\n")), @r#"
    host [Variable] https://graph.microsoft.com: `host` => `host`
    id [Variable] 2: `host` => `id`
    "#);
    assert_snapshot!(render(&format!("{vars}\nPATCH {{{{host}}}}/x\n\n{{\"a\": \"{{{{i$0\"}}\n")), @r#"
    host [Variable] https://graph.microsoft.com: `i` => `host`
    id [Variable] 2: `i` => `id`
    "#);
    // Outside braces, or after they close, the request's own completions apply.
    assert!(!render(&format!("{vars}GET {{{{host}}}}$0\n")).contains("[Variable]"));
}

#[test]
fn completion_adds_environment_and_system_variables() {
    let analyzer = Analyzer::graph();
    let envs = Environments::default()
        .with("dev", "token", "dev-token")
        .with("prod", "token", "prod-token")
        .with("prod", "host", "https://ignored.example");
    let (text, offset) =
        cursor("@host = https://graph.microsoft.com\nGET {{host}}/x\nAuthorization: Bearer {{$0\n");
    let found = analyzer
        .variable_completions_in(&text, FileKind::Http, offset, &envs)
        .expect("inside braces");
    let rendered: String = found
        .iter()
        .map(|c| {
            let doc = c.documentation.clone().unwrap_or_default();
            format!(
                "{} {}: {} {doc}\n",
                c.label,
                c.sort_text,
                c.detail.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_snapshot!(rendered);
}

#[test]
fn hover_shows_a_variable_value_per_environment() {
    let analyzer = Analyzer::graph();
    let envs = Environments::default()
        .with("dev", "token", "dev-token")
        .with("prod", "other", "x");
    let text =
        "@host = https://graph.microsoft.com\nGET {{host}}/{{ token }}/{{$guid}}/{{nowhere}}\n";
    let hover = |needle: &str| {
        let offset = text.find(needle).expect("needle") as u32 + 1;
        analyzer
            .variable_hover(text, FileKind::Http, offset, &envs)
            .map(|h| format!("`{}` {}", &text[h.range.as_usize()], h.markdown))
            .unwrap_or_else(|| "-".to_owned())
    };
    let shown = ["host}}", "token", "$guid", "nowhere", "GET"]
        .map(hover)
        .join("\n---\n");
    assert_snapshot!(shown, @r#"
    `host` **`{{host}}`**: file variable

    `https://graph.microsoft.com`
    ---
    `token` **`{{token}}`**: environment variable

    - `dev`: `dev-token`
    - `prod`: not defined
    ---
    `$guid` **`{{$guid}}`**: system variable, a new version-4 GUID (REST Client, httpyac)
    ---
    -
    ---
    -
    "#);
}

#[test]
fn definition_of_an_environment_variable_is_its_key() {
    let analyzer = Analyzer::graph();
    let mut envs = Environments::default()
        .with("dev", "token", "a")
        .with("prod", "token", "b");
    for (name, env) in envs.environments.iter_mut() {
        let token = env.variables.get_mut("token").expect("token");
        token.definition = Some(Definition {
            path: format!("{name}.env.json").into(),
            range: TextRange::new(3, 10),
        });
    }
    let (text, offset) = cursor("@host = x\nGET {{host}}/{{to$0ken}}\n");
    let path = |selected| {
        analyzer
            .environment_definition(&text, FileKind::Http, offset, &envs, selected)
            .map(|d| d.path.display().to_string())
    };
    assert_eq!(path(None).as_deref(), Some("dev.env.json"));
    assert_eq!(path(Some("prod")).as_deref(), Some("prod.env.json"));
    assert_eq!(path(Some("test")), None);
    // A file variable is not looked up in the environments.
    let (text, offset) = cursor("@token = x\nGET /{{to$0ken}}\n");
    assert_eq!(
        analyzer.environment_definition(&text, FileKind::Http, offset, &envs, None),
        None
    );
}

#[test]
fn definition_references_and_rename_of_a_file_variable() {
    let analyzer = Analyzer::graph();
    let kind = FileKind::Http;
    // From a use in a URL to the `@host` line; from a use before its definition (`{{id}}`).
    let (text, offset) = at("{{host}}", 0, 3);
    let def = analyzer
        .variable_definition(&text, kind, offset)
        .expect("host");
    assert_eq!((&text[def.as_usize()], def.start), ("host", 1));
    let (text, offset) = at("{{id}}", 0, 2);
    let def = analyzer
        .variable_definition(&text, kind, offset)
        .expect("id");
    assert_eq!(&text[def.as_usize()], "id");
    assert!(def.start > offset, "defined after its use");
    // Blanks inside the braces are not part of the name.
    let (text, offset) = at("{{ token }}", 0, 4);
    assert!(analyzer.variable_definition(&text, kind, offset).is_some());
    // System and unknown variables have no definition.
    let (text, offset) = at("{{$randomInt", 0, 3);
    assert_eq!(analyzer.variable_definition(&text, kind, offset), None);
    let (text, offset) = at("{{name}}", 0, 3);
    assert_eq!(analyzer.variable_definition(&text, kind, offset), None);
    assert!(analyzer
        .variable_references(&text, kind, offset, true)
        .is_empty());

    let (text, offset) = at("{{base}}", 1, 3);
    assert_snapshot!(show(&text, &analyzer.variable_references(&text, kind, offset, true)), @r#"
    `base`@37..41
    `base`@162..166
    `base`@238..242
    "#);
    assert_snapshot!(show(&text, &analyzer.variable_references(&text, kind, offset, false)), @r#"
    `base`@162..166
    `base`@238..242
    "#);

    let (text, offset) = at("@id", 0, 2);
    let start = analyzer
        .prepare_variable_rename(&text, kind, offset)
        .expect("id");
    assert_eq!(&text[start.as_usize()], "id");
    let edits = analyzer
        .rename_variable(&text, kind, offset, "summaryId")
        .expect("a valid name")
        .expect("a file variable");
    let mut renamed = text.clone();
    for edit in edits.iter().rev() {
        renamed.replace_range(edit.range.as_usize(), &edit.new_text);
    }
    assert_eq!(renamed.matches("{{summaryId}}").count(), 2);
    assert!(renamed.contains("@summaryId = 8a3c"));
    assert!(!renamed.contains("{{id}}"));
    assert_eq!(
        analyzer.rename_variable(&text, kind, offset, "host"),
        Err("a file variable `host` exists already".to_owned())
    );
    assert!(analyzer
        .rename_variable(&text, kind, offset, "a b")
        .is_err());
    assert!(analyzer
        .rename_variable(&text, kind, offset, "$guid")
        .is_err());
    let (text, offset) = at("{{$randomInt", 0, 3);
    assert_eq!(analyzer.rename_variable(&text, kind, offset, "x"), Ok(None));
}

#[test]
fn symbols_list_variables_and_named_requests() {
    let mut out = String::new();
    for s in Analyzer::graph().document_symbols(VARS, FileKind::Http) {
        let detail = s.detail.unwrap_or_default();
        let selected = &VARS[s.selection_range.as_usize()];
        out.push_str(&format!(
            "{} [{:?}] {detail} @ `{selected}`\n",
            s.name, s.kind
        ));
    }
    assert_snapshot!(out, @r#"
    @host [Variable] https://graph.microsoft.com @ `host`
    @base [Variable] {{host}}/beta/tenantRelationships/managedTenants/credentialU… @ `base`
    @token [Variable] abc @ `token`
    get one [Request] GET {{base}}/{{id}} @ `GET {{base}}/{{id}}`
    update [Request] PATCH {{base}}/{{id}} @ `PATCH {{base}}/{{id}}`
    @id [Variable] 8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c @ `id`
    "#);
}
