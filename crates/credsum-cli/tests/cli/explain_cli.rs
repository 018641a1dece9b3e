//! End-to-end tests of `credsum explain` and `credsum rules --format json`: the real binary,
//! its standard output a pipe (so plain text), with snapshots of what a reader and a tool see.

use std::process::Command;

/// Runs `credsum ARGS` and returns its exit code, standard output and standard error in one
/// text.
fn transcript(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_credsum"))
        .args(args)
        .output()
        .unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn explain_prints_the_rule_for_a_reader() {
    // A rule with a fix, one with .http examples, one off by default, a `syntax-*` code (the
    // family's text), one without a runnable example.
    for code in [
        "quoted-value",
        "missing-content-type",
        "read-only-property",
        "syntax-trailing-comma",
        "file-too-large",
    ] {
        insta::assert_snapshot!(format!("explain_{code}"), transcript(&["explain", code]));
    }
}

#[test]
fn explain_an_unknown_code_names_the_closest() {
    // A typo, a word several codes contain, and nothing alike.
    for code in ["unknwn-property", "placeholder", "nothing-like-it"] {
        insta::assert_snapshot!(format!("unknown_{code}"), transcript(&["explain", code]));
    }
}

#[test]
fn every_rule_is_explained() {
    let rules: serde_json::Value = serde_json::from_str(
        transcript(&["rules", "--format", "json"])
            .split("--- stdout\n")
            .nth(1)
            .and_then(|rest| rest.split("--- stderr\n").next())
            .unwrap(),
    )
    .unwrap();
    for rule in rules.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        let run = transcript(&["explain", code]);
        assert!(run.starts_with("exit: 0\n"), "{run}");
        assert!(run.contains("\nWhy Graph cares\n"), "{run}");
        assert!(run.contains("\nConfiguration\n"), "{run}");
    }
}

#[test]
fn rules_as_json_for_tools() {
    insta::assert_snapshot!(transcript(&["rules", "--format", "json"]));
}
