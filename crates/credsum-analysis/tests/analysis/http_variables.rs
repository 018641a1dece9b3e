//! `.http` variables resolved before checking (issue 22): the request is checked as the client
//! sends it, findings land on the variable's value or its use, and unknown values are never
//! errors.

use credsum_analysis::http_vars::{Environments, Selection};
use credsum_analysis::{Analyzer, Config, Diagnostic, FileKind};

use crate::support::{annotate, check, fixed};

/// The path of the resource's collection.
const SET: &str = "tenantRelationships/managedTenants/credentialUserRegistrationsSummaries";

/// A PATCH of one summary to `{url_prefix}/{SET}/{{id}}` with `body`, after `preamble`.
fn request(preamble: &str, url_prefix: &str, body: &str) -> String {
    format!(
        "{preamble}\n@id = 8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c\n@token = t\n\nPATCH {url_prefix}/{SET}/{{{{id}}}}\nAuthorization: Bearer {{{{token}}}}\nContent-Type: application/json\n\n{body}\n"
    )
}

/// Environments from `(env, name, value)` triples.
fn envs(vars: &[(&str, &str, &str)]) -> Environments {
    vars.iter()
        .fold(Environments::default(), |envs, (env, name, value)| {
            envs.with(env, name, value)
        })
}

/// The codes of `found`.
fn codes(found: &[Diagnostic]) -> Vec<&str> {
    found.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn a_host_variable_holding_the_version_is_right() {
    let text = request(
        "@graph = https://graph.microsoft.com/beta",
        "{{graph}}",
        "{\"tenantDisplayName\": \"Contoso\"}",
    );
    insta::assert_snapshot!(check(FileKind::Http, &text));
}

#[test]
fn a_wrong_version_in_a_variable_is_reported_and_fixed_in_the_value() {
    let text = request(
        "@graph = https://graph.microsoft.com/v1.0",
        "{{graph}}",
        "{}",
    );
    insta::assert_snapshot!(check(FileKind::Http, &text));
    let fixed = fixed(FileKind::Http, &text);
    assert!(
        fixed.starts_with("@graph = https://graph.microsoft.com/beta\n"),
        "{fixed}"
    );
    assert!(
        fixed.contains("PATCH {{graph}}/tenantRelationships"),
        "{fixed}"
    );
}

#[test]
fn fix_never_writes_a_second_version_segment() {
    let hosts = [
        "https://graph.microsoft.com",
        "https://graph.microsoft.com/beta",
        "https://graph.microsoft.com/v1.0",
        "https://graph.microsoft.com/beta/",
    ];
    let prefixes = [
        "{{graph}}",
        "{{graph}}/beta",
        "{{graph}}/v1.0",
        "https://graph.microsoft.com/{{version}}",
        "{{graph}}/{{version}}",
    ];
    for host in hosts {
        for prefix in prefixes {
            for version in ["beta", "v1.0"] {
                let preamble = format!("@graph = {host}\n@version = {version}");
                let text = request(&preamble, prefix, "{\"totalUserCount\": 1}");
                let fixed = fixed(FileKind::Http, &text);
                // Expand the two variables as a client would: no fix adds a version segment.
                let sent = |text: &str| {
                    let value = |name: &str| {
                        text.lines()
                            .find_map(|l| l.strip_prefix(&format!("@{name} = ")).map(str::to_owned))
                            .unwrap()
                    };
                    let url = text.lines().find(|l| l.starts_with("PATCH ")).unwrap();
                    url.replace("{{graph}}", &value("graph"))
                        .replace("{{version}}", &value("version"))
                };
                let versions = |url: &str| {
                    url.split('/')
                        .filter(|s| ["beta", "v1.0"].contains(s))
                        .count()
                };
                let (before, after) = (versions(&sent(&text)), versions(&sent(&fixed)));
                assert!(after <= before.max(1), "{text}\n→\n{fixed}");
            }
        }
    }
}

#[test]
fn an_unknown_host_is_a_note_not_an_error() {
    let text = request("", "{{graph}}", "{}");
    let found = Analyzer::graph().analyze(&text, FileKind::Http, &Config::default());
    assert!(!codes(&found).contains(&"api-version"), "{found:#?}");
    insta::assert_snapshot!(annotate(&text, &found));
}

#[test]
fn every_environment_or_one() {
    let text = request("", "{{graph}}", "{\"totalUserCount\": {{count}}}");
    let envs = envs(&[
        ("dev", "graph", "https://graph.microsoft.com/beta"),
        ("dev", "count", "12"),
        ("prod", "graph", "https://graph.microsoft.com/v1.0"),
        ("prod", "count", "2147483648"),
    ]);
    let analyzer = Analyzer::graph();
    let config = Config::default();
    let every = analyzer.analyze_with(&text, FileKind::Http, &config, &envs, Selection::Every);
    let dev = analyzer.analyze_with(&text, FileKind::Http, &config, &envs, Selection::One("dev"));
    let prod = analyzer.analyze_with(
        &text,
        FileKind::Http,
        &config,
        &envs,
        Selection::One("prod"),
    );
    insta::assert_snapshot!(format!(
        "every:\n{}\ndev:\n{}\nprod:\n{}",
        annotate(&text, &every),
        annotate(&text, &dev),
        annotate(&text, &prod)
    ));
    assert!(every
        .iter()
        .all(|d| d.code.as_str() != "undefined-variable"));
}

#[test]
fn body_values_are_typed_by_their_resolved_values() {
    let body = "{\n  \"totalUserCount\": {{count}},\n  \"tenantDisplayName\": \"{{name}}\",\n  \"lastRefreshedDateTime\": \"{{$timestamp}}\",\n  \"tenantId\": \"{{$guid}}\"\n}";
    let text = request(
        "@count = 2147483648\n@name = Contoso",
        "https://graph.microsoft.com/beta",
        body,
    );
    let good = text
        .replace("{{$timestamp}}", "{{$datetime iso8601}}")
        .replace("2147483648", "42");
    insta::assert_snapshot!(format!(
        "{}\n---\n{}",
        check(FileKind::Http, &text),
        check(FileKind::Http, &good)
    ));
}

#[test]
fn unknown_and_undefined_variables() {
    let text = "# @name login\nPOST https://login.microsoftonline.com/x/oauth2/v2.0/token\n\n###\n# @prompt count\n@a = {{b}}\n@b = {{a}}\n\nPATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{{login.response.body.$.id}}\nAuthorization: Bearer {{$processEnv TOKEN}}\nContent-Type: application/json\n\n{\"totalUserCount\": {{count}}, \"tenantDisplayName\": \"{{a}}\", \"tenantId\": \"{{nowhere}}\"}\n";
    insta::assert_snapshot!(check(FileKind::Http, text));
}

#[test]
fn a_fix_in_a_variable_other_requests_use_is_unsafe() {
    let text = format!(
        "{}\n###\nGET {{{{graph}}}}/me\nAuthorization: Bearer {{{{token}}}}\n",
        request(
            "@graph = https://graph.microsoft.com/v1.0",
            "{{graph}}",
            "{}"
        )
    );
    let found = Analyzer::graph().analyze(&text, FileKind::Http, &Config::default());
    let version = found
        .iter()
        .find(|d| d.code.as_str() == "api-version")
        .expect("api-version");
    let fix = version.fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, credsum_analysis::Applicability::Unsafe);
    assert_eq!(fixed(FileKind::Http, &text), text);
}

#[test]
fn a_version_in_the_variable_and_in_the_url_is_reported_and_the_written_one_removed() {
    let text = request(
        "@graph = https://graph.microsoft.com/beta",
        "{{graph}}/beta",
        "{}",
    );
    insta::assert_snapshot!(check(FileKind::Http, &text));
    let fixed = fixed(FileKind::Http, &text);
    assert!(
        fixed.contains("PATCH {{graph}}/tenantRelationships/"),
        "{fixed}"
    );
}
