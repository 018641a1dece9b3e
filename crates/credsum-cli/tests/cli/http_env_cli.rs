//! `.http` files with environments, per dialect (`tests/examples/http-env`): lint under every
//! environment and under one (`--env`), an unknown environment name, a broken environment file,
//! and `--fix` that edits a variable's value, never adding a version segment to the URL.

use std::path::Path;

use crate::common::{credsum, run, Run, Scratch};

/// The dialect fixtures.
const DIALECTS: [&str; 3] = ["jetbrains", "rest-client", "httpyac"];

/// `credsum lint ARGS` in `tests/examples/http-env`.
fn lint_examples(args: &[&str]) -> Run {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/examples/http-env");
    run(credsum(&dir).arg("lint").args(args))
}

#[test]
fn every_dialect_under_every_environment() {
    for dialect in DIALECTS {
        let file = format!("{dialect}/update.http");
        let out = lint_examples(&[&file]).expect(1);
        insta::assert_snapshot!(format!("every_{dialect}"), out.stdout);
    }
}

#[test]
fn one_environment() {
    let out = lint_examples(&["--env", "dev", "jetbrains/update.http"]).expect(0);
    insta::assert_snapshot!(out.stdout);
    let out = lint_examples(&["--env", "production", "rest-client/update.http"]).expect(1);
    assert!(
        out.stdout.contains("error[int32-out-of-range]: 2147483648"),
        "{}",
        out.transcript()
    );
}

#[test]
fn an_unknown_environment_is_a_usage_error_naming_the_known_ones() {
    let out = lint_examples(&["--env", "staging", "jetbrains/update.http"]).expect(2);
    assert_eq!(
        out.stderr.trim(),
        "error: no environment named \"staging\": the environments are \"dev\", \"prod\""
    );
}

#[test]
fn fix_under_an_unknown_environment_writes_nothing() {
    let scratch = Scratch::new();
    let text = "@graph = https://graph.microsoft.com/v1.0\n\nGET {{graph}}/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\nAuthorization: Bearer x\n";
    scratch.write("a.http", text);
    scratch
        .run(&["lint", "--fix", "--env", "nope", "a.http"])
        .expect(2);
    assert_eq!(
        String::from_utf8(scratch.read("a.http")).expect("utf-8"),
        text
    );
}

#[test]
fn a_broken_environment_file_is_a_finding_not_a_crash() {
    let scratch = Scratch::new();
    scratch.write("http-client.env.json", "{\"dev\": [}");
    let get = "GET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\nAuthorization: Bearer x\n";
    scratch.write("a.http", get);
    scratch.write("b.http", get);
    let out = scratch.lint_json(&["a.http", "b.http"]).expect(1);
    // Reported in the environment file, once for the two request files that read it.
    assert_eq!(
        out.paths(),
        ["a.http", "b.http", "http-client.env.json"],
        "{}",
        out.transcript()
    );
    let findings = out.findings("http-client.env.json").expect("reported");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].0, "environment-file", "{}", out.transcript());
    assert!(
        findings[0]
            .1
            .starts_with("The environment file is not JSON"),
        "{findings:?}"
    );
    assert!(out
        .findings("a.http")
        .expect("checked")
        .iter()
        .all(|(code, _)| code != "environment-file"));

    // A root that is no object of environments: the finding's range is the value's.
    scratch.write(
        "http-client.env.json",
        "{\"dev\": {\"id\": \"x\"}, \"prod\": [1]}",
    );
    let human = scratch.run(&["lint", "a.http"]);
    assert!(
        human.stdout.contains("--> http-client.env.json:1:30"),
        "{}",
        human.transcript()
    );
}

#[test]
fn fix_edits_the_variable_and_never_doubles_the_version() {
    let scratch = Scratch::new();
    let text = "@graph = https://graph.microsoft.com/v1.0\n\nGET {{graph}}/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\nAuthorization: Bearer x\n";
    scratch.write("a.http", text);
    scratch.run(&["lint", "--fix", "a.http"]);
    let fixed = String::from_utf8(scratch.read("a.http")).expect("utf-8");
    assert_eq!(fixed, text.replace("v1.0", "beta"));
    let beta_host = "@graph = https://graph.microsoft.com/beta\n\nGET {{graph}}/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries\nAuthorization: Bearer x\n";
    scratch.write("b.http", beta_host);
    scratch.run(&["lint", "--fix", "b.http"]).expect(0);
    assert_eq!(
        String::from_utf8(scratch.read("b.http")).expect("utf-8"),
        beta_host
    );
}

#[test]
fn standard_input_named_with_stdin_filename_is_checked_under_that_files_environments() {
    use std::io::Write;
    use std::process::Stdio;

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/examples/http-env");
    let file = "jetbrains/update.http";
    let text = std::fs::read(dir.join(file)).expect("the fixture");
    let mut child = credsum(&dir)
        .args(["lint", "--stdin", "--stdin-filename", file])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("credsum runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(&text)
        .expect("written");
    let piped = child.wait_with_output().expect("credsum ends");
    let named = lint_examples(&[file]).expect(1);
    assert_eq!(String::from_utf8_lossy(&piped.stdout), named.stdout);
    assert!(
        named.stdout.contains("in environment \""),
        "{}",
        named.stdout
    );
}
