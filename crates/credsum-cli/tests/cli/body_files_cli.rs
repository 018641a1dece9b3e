//! Bodies sent from files (`< ./body.json`) through the real binary: the body file is read
//! relative to the `.http` file and checked as its request's body, its findings reported in
//! the body file naming the request; a path that leads to no readable file (missing, a folder,
//! a symbolic link loop, a FIFO, a 100 MB file) is one `body-file` error on the `<` line, never
//! a hang or a crash; `--fix` leaves body files alone. Linux only: the cases make a FIFO.
#![cfg(target_os = "linux")]

use std::os::unix::fs::symlink;

use crate::common::Scratch;

const ITEM: &str = "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c";

/// A PATCH of the item sending `path`.
fn patch(path: &str) -> String {
    format!("PATCH {ITEM}\nContent-Type: application/json\nAuthorization: Bearer {{{{token}}}}\n\n< {path}\n")
}

#[test]
fn a_body_file_is_checked_and_unreadable_ones_are_one_error_each() {
    let scratch = Scratch::new();
    let requests = [
        "./bodies/body.json",
        "./missing.json",
        "./bodies",
        "./loop.json",
        "./fifo.json",
        "./big.json",
    ]
    .map(patch)
    .join("\n###\n");
    scratch.write("requests/requests.http", &requests);
    let body = "{\n  \"totalUserCount\": \"Integer\"\n}\n";
    scratch.write("requests/bodies/body.json", body);
    symlink("loop.json", scratch.path("requests/loop.json")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(scratch.path("requests/fifo.json"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let big = std::fs::File::create(scratch.path("requests/big.json")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();

    let run = scratch
        .lint_json(&["--fix", "requests/requests.http"])
        .expect(1);
    let in_requests = run.findings("requests/requests.http").expect("checked");
    // Besides the `generated-only-operation` information on each PATCH and the warnings that
    // `{{token}}` is defined nowhere.
    let reasons: Vec<&str> = in_requests
        .iter()
        .filter(|(code, _)| {
            !["generated-only-operation", "undefined-variable"].contains(&code.as_str())
        })
        .map(|(code, message)| {
            assert_eq!(code, "body-file", "{message}");
            message.as_str()
        })
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:#?}");
    assert!(
        reasons[0].ends_with("`./missing.json`: no such file"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].ends_with("it is a folder, not a file"),
        "{reasons:?}"
    );
    assert!(reasons[2].contains("symbolic links"), "{reasons:?}");
    assert!(
        reasons[3].ends_with("it is not a regular file"),
        "{reasons:?}"
    );
    assert!(
        reasons[4].ends_with("it is 104857600 bytes, larger than max-file-size (20971520 bytes)"),
        "{reasons:?}"
    );
    let in_body = run
        .findings("requests/bodies/body.json")
        .expect("body file reported");
    assert_eq!(in_body.len(), 1, "{in_body:?}");
    assert_eq!(in_body[0].0, "docs-placeholder");
    assert!(
        in_body[0]
            .1
            .ends_with("\nsent by PATCH at requests/requests.http:1"),
        "{in_body:?}"
    );
    assert_eq!(scratch.read("requests/bodies/body.json"), body.as_bytes());
}

#[test]
fn one_body_file_sent_twice_is_reported_once_with_both_requests() {
    let scratch = Scratch::new();
    let requests = format!("{}\n###\n{}", patch("body.json"), patch("./body.json"));
    scratch.write("requests.http", &requests);
    scratch.write("body.json", "{\"totalUserCount\": \"Integer\"}");
    let run = scratch.lint_json(&["requests.http"]).expect(1);
    assert_eq!(run.paths(), ["body.json", "requests.http"]);
    let found = run.findings("body.json").expect("reported");
    // One mistake, one finding, naming both requests.
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .ends_with("\nsent by PATCH at requests.http:1\nsent by PATCH at requests.http:8"),
        "{found:?}"
    );
}

#[test]
fn a_body_file_sent_by_two_request_files_or_checked_on_its_own_is_reported_once() {
    let scratch = Scratch::new();
    scratch.write("a.http", patch("./body.json"));
    scratch.write("b.http", patch("body.json"));
    scratch.write("body.json", "{\"totalUserCount\": \"Integer\"}");
    let run = scratch.lint_json(&["a.http", "b.http"]).expect(1);
    assert_eq!(run.paths(), ["a.http", "b.http", "body.json"]);
    let found = run.findings("body.json").expect("reported");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .ends_with("\nsent by PATCH at a.http:1\nsent by PATCH at b.http:1"),
        "{found:?}"
    );

    // Walked with its `@odata.type`, the body file is checked as itself, and reported once.
    scratch.write(
        "body.json",
        "{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\", \"totalUserCount\": \"Integer\"}",
    );
    let run = scratch.lint_json(&["."]).expect(1);
    assert_eq!(run.paths(), ["a.http", "b.http", "body.json"]);
    let found = run.findings("body.json").expect("reported");
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_request_built_from_variables_checks_its_body_file_against_the_key_as_sent() {
    let scratch = Scratch::new();
    let base = ITEM.rsplit_once('/').expect("a key").0;
    scratch.write(
        "r.http",
        format!("@base = {base}\n@id = 8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c\n@token = x\n\nPATCH {{{{base}}}}/{{{{id}}}}\nContent-Type: application/json\nAuthorization: Bearer {{{{token}}}}\n\n< ./b.json\n"),
    );
    scratch.write(
        "b.json",
        "{\"id\": \"00000000-0000-0000-0000-000000000000\"}",
    );
    let run = scratch.lint_json(&["r.http"]).expect(1);
    let found = run.findings("b.json").expect("reported");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "id-mismatch");
    assert!(
        found[0].1.contains("8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c"),
        "{found:?}"
    );
    assert!(
        found[0].1.ends_with("\nsent by PATCH at r.http:5"),
        "{found:?}"
    );
}
