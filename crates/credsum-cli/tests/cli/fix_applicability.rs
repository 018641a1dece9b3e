//! `--fix` applies safe fixes only, `--unsafe-fixes` adds the unsafe ones, the summary says how
//! many more the opt-in would fix, and `credsum.toml`'s `[fix]` table promotes or demotes a
//! rule's fixes (an unknown code there is a usage error naming its line).

use crate::common;

use common::Scratch;

/// The shipped docs-placeholder example: every fix it has is unsafe (example values).
const PLACEHOLDERS: &str =
    include_str!("../../../../tests/examples/invalid/docs-placeholders.json");

/// A body with one safe fix (`"5"` unquoted) and one unsafe fix (the placeholder).
const MIXED: &str = "{\"totalUserCount\": \"5\", \"mfaRegisteredUserCount\": \"Integer\"}\n";

fn text(scratch: &Scratch, rel: &str) -> String {
    String::from_utf8(scratch.read(rel)).expect("UTF-8")
}

#[test]
fn fix_leaves_the_docs_placeholders_and_unsafe_fixes_replaces_them() {
    let scratch = Scratch::new();
    scratch.write("summary.json", PLACEHOLDERS);
    let plain = scratch.run(&["lint", "--fix", "summary.json"]);
    assert_eq!(plain.code, 1, "{}", plain.stderr);
    assert_eq!(
        text(&scratch, "summary.json"),
        PLACEHOLDERS,
        "no invented value"
    );
    assert!(
        plain
            .stdout
            .ends_with("checked 1 file: 3 errors (3 fixable with --fix --unsafe-fixes)\n"),
        "{}",
        plain.stdout
    );
    let opted_in = scratch.run(&["lint", "--fix", "--unsafe-fixes", "summary.json"]);
    assert_eq!(opted_in.code, 0, "{}", opted_in.stdout);
    let fixed = text(&scratch, "summary.json");
    assert!(
        fixed.contains("\"totalUserCount\": 42") && !fixed.contains("\"Boolean\""),
        "{fixed}"
    );
}

#[test]
fn fix_applies_the_safe_fix_and_counts_the_unsafe_one() {
    let scratch = Scratch::new();
    scratch.write("body.credsum.json", MIXED);
    let run = scratch.run(&["lint", "--fix", "body.credsum.json"]);
    assert_eq!(
        text(&scratch, "body.credsum.json"),
        "{\"totalUserCount\": 5, \"mfaRegisteredUserCount\": \"Integer\"}\n"
    );
    assert!(
        run.stdout.ends_with(
            "fixed 1 file; checked 1 file: 1 error (1 more fixable with --unsafe-fixes)\n"
        ),
        "{}",
        run.stdout
    );
    let human = scratch.run(&["lint", "body.credsum.json"]);
    assert!(
        human.stdout.contains(
            "help: Replace with an example Int32: 42 (fixable with --fix --unsafe-fixes)"
        ),
        "{}",
        human.stdout
    );
}

#[test]
fn reports_carry_the_applicability() {
    let scratch = Scratch::new();
    scratch.write("body.credsum.json", MIXED);
    let json = scratch.lint_json(&["body.credsum.json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let kinds: Vec<&str> = report[0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["data"]["fix"]["applicability"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(kinds, ["safe", "unsafe"]);
    let sarif = scratch.run(&["lint", "--format", "sarif", "body.credsum.json"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF");
    let kinds: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["fixes"][0]["properties"]["applicability"]
                .as_str()
                .unwrap_or("none")
        })
        .collect();
    assert_eq!(kinds, ["safe", "unsafe"]);
}

#[test]
fn the_fix_table_promotes_and_demotes_a_rules_fixes() {
    let scratch = Scratch::new();
    scratch.write("body.credsum.json", MIXED);
    scratch.write(
        "credsum.toml",
        "[fix]\nsafe = [\"docs-placeholder\"]\nunsafe = [\"quoted-value\"]\n",
    );
    scratch.run(&["lint", "--fix", "body.credsum.json"]);
    assert_eq!(
        text(&scratch, "body.credsum.json"),
        "{\"totalUserCount\": \"5\", \"mfaRegisteredUserCount\": 42}\n"
    );
}

#[test]
fn an_unknown_code_in_the_fix_table_is_a_usage_error_with_its_line() {
    let scratch = Scratch::new();
    scratch.write("body.credsum.json", MIXED);
    scratch.write("credsum.toml", "[fix]\n\nunsafe = [\"docs-placeholdr\"]\n");
    let run = scratch.run(&["lint", "--fix", "body.credsum.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("line 3")
            && run.stderr.contains(
                "unknown rule code `docs-placeholdr` in [fix] (did you mean `docs-placeholder`?)"
            ),
        "{}",
        run.stderr
    );
    assert_eq!(text(&scratch, "body.credsum.json"), MIXED, "nothing fixed");
    let unsafe_without_fix = scratch.run(&["lint", "--unsafe-fixes", "body.credsum.json"]);
    assert_eq!(unsafe_without_fix.code, 2, "--unsafe-fixes needs --fix");
}
