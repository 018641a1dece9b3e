//! Issue 21 items 4 and 8, through the real binary: globs select among request files, a walk
//! says what it skipped and fails when it checked nothing, `--shard` always checks named files
//! and keys on the path relative to the workspace root, and flag combinations and config
//! mistakes are refused with a reason.

use std::collections::BTreeSet;

use crate::common::{valid_body, Scratch};

/// A folder with two request bodies, a `package.json` and a body without `@odata.type`.
fn project() -> Scratch {
    let scratch = Scratch::new();
    scratch.write("bodies/a.json", valid_body());
    scratch.write("bodies/b.json", valid_body());
    scratch.write(
        "package.json",
        "{\"name\": \"x\", \"version\": \"1.0.0\"}\n",
    );
    scratch.write("loose/body.json", "{\"totalUserCount\": 3}\n");
    scratch
}

#[test]
fn a_quoted_glob_selects_request_files_and_names_what_it_skipped() {
    let scratch = project();
    let run = scratch.lint_json(&["**/*.json"]).expect(0);
    assert_eq!(run.paths(), ["bodies/a.json", "bodies/b.json"]);
    assert!(
        run.stderr.contains(
            "note: skipped 2 JSON files without `@odata.type`; name them, or add them to `include`"
        ),
        "{}",
        run.transcript()
    );
    // Named exactly, a foreign file is checked.
    let named = scratch.lint_json(&["package.json"]).expect(1);
    assert_eq!(named.paths(), ["package.json"]);
}

#[test]
fn a_walk_that_checks_nothing_fails_unless_allowed() {
    let scratch = Scratch::new();
    scratch.write("one.json", "{\"totalUserCount\": 3}\n");
    scratch.write("two.json", "{\"a\": 1}\n");
    let run = scratch.run(&["lint", "."]).expect(2);
    assert!(
        run.stderr.contains("no request file checked: skipped 2 JSON files without `@odata.type`; name them, or add them to `include` (or pass --allow-empty)"),
        "{}",
        run.transcript()
    );
    let allowed = scratch.run(&["lint", "--allow-empty", "."]).expect(0);
    assert_eq!(allowed.stdout, "checked 0 files: no problems\n");
    // Named in `include`, they are checked.
    scratch.write("credsum.toml", "include = [\"*.json\"]\n");
    scratch.run(&["lint", "."]).expect(1);
}

#[test]
fn shards_check_named_files_and_ignore_how_paths_are_written() {
    let scratch = Scratch::new();
    for i in 0..12 {
        scratch.write(&format!("d/f{i}.json"), valid_body());
    }
    let absolute = scratch.path("d").display().to_string();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let relative: BTreeSet<String> = scratch
            .lint_json(&["--shard", &shard, "d"])
            .expect(0)
            .paths()
            .into_iter()
            .collect();
        let dotted: BTreeSet<String> = scratch
            .lint_json(&["--shard", &shard, "./d"])
            .expect(0)
            .paths()
            .into_iter()
            .collect();
        let from_abs: BTreeSet<String> = scratch
            .lint_json(&["--shard", &shard, &absolute])
            .expect(0)
            .paths()
            .into_iter()
            .map(|p| {
                p.trim_start_matches(&format!("{}/", scratch.root.display()))
                    .to_owned()
            })
            .collect();
        assert_eq!(dotted, relative, "{shard}");
        assert_eq!(from_abs, relative, "{shard}");
    }
    // A named file is checked whatever the shard.
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let run = scratch
            .lint_json(&["--shard", &shard, "d/f0.json"])
            .expect(0);
        assert_eq!(run.paths(), ["d/f0.json"], "{shard}");
    }
}

#[test]
fn ignored_flag_combinations_are_refused_with_a_reason() {
    let scratch = project();
    let run = scratch
        .run(&["lint", "--stdin-filename", "x.json", "bodies"])
        .expect(2);
    assert!(
        run.stderr
            .contains("--stdin-filename names standard input: pass --stdin too"),
        "{}",
        run.transcript()
    );
    let export = scratch.run(&["export", "--all", "out", "--format", "openapi-3.0"]);
    assert_eq!(export.code, 2, "{}", export.transcript());
    assert!(
        export.stderr.contains("cannot be used with"),
        "{}",
        export.transcript()
    );
}

#[test]
fn an_unknown_rule_in_the_config_is_named_with_its_line() {
    let scratch = project();
    scratch.write(
        "credsum.toml",
        "include = []\n\n[rules]\nquoted-value = \"off\"\nunknwn-property = \"warning\"\n",
    );
    let run = scratch.run(&["lint", "bodies"]).expect(2);
    assert!(
        run.stderr.contains("credsum.toml:5: unknown rule code `unknwn-property` in [rules] (did you mean `unknown-property`?"),
        "{}",
        run.transcript()
    );
}
