//! End-to-end tests of `credsum lint`: the real binary on copies of the fixture folders under
//! `tests/fixtures/lint/`, with snapshots of every output format, exit codes, `--fix`,
//! `--dry-run`, `--shard` and standard input.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// What one run of the binary gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Standard output parsed as JSON.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

/// A copy of a fixture folder in a temporary folder, so runs (and `--fix`) never touch the
/// fixtures and find no configuration above them.
struct Fixture {
    _temp: tempfile::TempDir,
    root: PathBuf,
}

impl Fixture {
    /// Copies `tests/fixtures/lint/NAME`.
    fn new(name: &str) -> Fixture {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().canonicalize().unwrap().join(name);
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/lint")
            .join(name);
        copy_dir(&source, &root);
        Fixture { _temp: temp, root }
    }

    /// The project fixture plus a file its `.gitignore` hides (created here: git would not
    /// keep an ignored file in the repository).
    fn project() -> Fixture {
        let fixture = Fixture::new("project");
        fixture.write(
            "generated/ignored.json",
            &std::fs::read_to_string(fixture.path("bodies/mistakes.json")).unwrap(),
        );
        fixture
    }

    /// The absolute path of `rel`.
    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes `rel`, creating folders.
    fn write(&self, rel: &str, contents: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Reads `rel` as bytes.
    fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap()
    }

    /// Runs `credsum ARGS` in the fixture folder.
    fn run(&self, args: &[&str]) -> Run {
        self.run_in(".", args, None)
    }

    /// Runs `credsum ARGS` in the fixture folder with `input` on standard input.
    fn run_with_stdin(&self, args: &[&str], input: Option<&str>) -> Run {
        self.run_in(".", args, input)
    }

    /// Runs `credsum ARGS` in the fixture's folder `dir` with `input` on standard input.
    fn run_in(&self, dir: &str, args: &[&str], input: Option<&str>) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_credsum"))
            .args(args)
            .current_dir(self.path(dir))
            .env_remove("CI")
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // A usage error may exit before reading its input: a closed pipe is fine then.
        let _ = stdin.write_all(input.unwrap_or("").as_bytes());
        drop(stdin);
        let output = child.wait_with_output().unwrap();
        let root = self.root.to_string_lossy().into_owned();
        let clean = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&root, "[ROOT]");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: clean(&output.stdout),
            stderr: clean(&output.stderr),
        }
    }
}

/// Copies a folder tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The `path`s of a `--format json` report, in output order.
fn paths(report: &Value) -> Vec<String> {
    report
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap().to_owned())
        .collect()
}

/// The files the walk of the project fixture must check.
const PROJECT_FILES: [&str; 5] = [
    "bodies/latin1.json",
    "bodies/mistakes.json",
    "bodies/valid.json",
    "docs/guide.md",
    "requests/update.http",
];

#[test]
fn human_report() {
    let run = Fixture::project().run(&["lint"]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    insta::assert_snapshot!("project_human", run.transcript());
}

#[test]
fn json_report() {
    let run = Fixture::project().run(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with("[\n{\"path\":"),
        "one file per line: {}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), PROJECT_FILES.len() + 2);
    // The exact bytes too (checked equal to the output before the one report shape).
    insta::assert_snapshot!("project_json_bytes", run.stdout);
    let report = run.json();
    insta::assert_json_snapshot!("project_json", report);
    assert_eq!(
        paths(&report),
        PROJECT_FILES,
        "every checked file, clean ones too, sorted by path"
    );
    for file in report.as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        assert_eq!(file["uri"], format!("file://[ROOT]/{path}"));
    }
}

#[test]
fn json_positions_are_utf16_and_human_columns_are_characters() {
    let fixture = Fixture::project();
    let json = fixture
        .run(&["lint", "--format", "json", "bodies/mistakes.json"])
        .json();
    let placeholder = json[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "docs-placeholder")
        .unwrap()
        .clone();
    // Line 3 holds "Zürich 😀" before the value: ü is one UTF-16 unit, 😀 two.
    assert_eq!(
        placeholder["range"]["start"],
        serde_json::json!({"line": 2, "character": 53})
    );
    let human = fixture.run(&["lint", "bodies/mistakes.json"]);
    assert!(
        human.stdout.contains("bodies/mistakes.json:3:53"),
        "{}",
        human.stdout
    );
    let github = fixture.run(&["lint", "--format", "github", "bodies/mistakes.json"]);
    assert!(
        github
            .stdout
            .contains("line=3,col=53,endLine=3,endColumn=62"),
        "{}",
        github.stdout
    );
    let sarif = fixture
        .run(&["lint", "--format", "sarif", "bodies/mistakes.json"])
        .json();
    let regions: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "docs-placeholder")
        .map(|r| &r["locations"][0]["physicalLocation"]["region"])
        .collect();
    assert_eq!(
        regions,
        [&serde_json::json!({"startLine": 3, "startColumn": 54, "endLine": 3, "endColumn": 63})]
    );
}

#[test]
fn sarif_report() {
    let run = Fixture::project().run(&["lint", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    insta::assert_snapshot!(
        "project_sarif",
        run.transcript()
            .replace(&version, "\"version\": \"[VERSION]\"")
    );
    let log = run.json();
    let schema_file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lint/sarif-2.1.0-subset.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_file).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let listed = rules.iter().any(|r| r["id"] == result["ruleId"]);
        assert!(listed, "{} is not in the driver's rules", result["ruleId"]);
        if let Some(index) = result["ruleIndex"].as_u64() {
            assert_eq!(rules[index as usize]["id"], result["ruleId"]);
        }
    }
}

#[test]
fn sarif_uris_are_relative_to_the_working_folder() {
    let fixture = Fixture::project();
    let absolute = fixture.path("bodies/mistakes.json");
    let log = fixture
        .run_in(
            "bodies",
            &[
                "lint",
                "--format",
                "sarif",
                absolute.to_str().unwrap(),
                "../docs/guide.md",
            ],
            None,
        )
        .json();
    let uris: BTreeSet<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, BTreeSet::from(["../docs/guide.md", "mistakes.json"]));
}

#[test]
fn github_report() {
    let run = Fixture::project().run(&["lint", "--format", "github"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("project_github", run.transcript());
}

#[test]
fn walking_skips_non_requests_gitignored_and_excluded_files() {
    let fixture = Fixture::project();
    let checked = paths(&fixture.run(&["lint", "--format", "json", "."]).json());
    assert_eq!(checked, PROJECT_FILES);
    // Named explicitly, the same files are checked whatever the walk would say.
    let named = fixture.run(&[
        "lint",
        "--format",
        "json",
        "package.json",
        "vendor/excluded.json",
        "generated/ignored.json",
        "docs/unrelated.md",
    ]);
    assert_eq!(
        paths(&named.json()),
        [
            "docs/unrelated.md",
            "generated/ignored.json",
            "package.json",
            "vendor/excluded.json"
        ]
    );
    assert_eq!(named.code, 1);
}

#[test]
fn walking_a_subfolder_and_output_order_is_stable() {
    let fixture = Fixture::project();
    let once = fixture.run(&["lint", "--format", "json", "requests", "bodies", "./docs/"]);
    let again = fixture.run(&["lint", "--format", "json", "docs", "bodies", "requests"]);
    assert_eq!(once.stdout, again.stdout);
    let mut sorted = paths(&once.json());
    sorted.sort();
    assert_eq!(paths(&once.json()), sorted);
    assert_eq!(sorted.len(), 5);
}

#[test]
fn a_walk_checks_files_named_as_json_patch_documents_when_they_hold_one() {
    let fixture = Fixture::project();
    let patch = r#"[{"op": "replace", "path": "/totalUserCont", "value": 5}]"#;
    fixture.write("ops/a.patch.json", patch);
    fixture.write("ops/b.json-patch", patch);
    // Named like a patch document but holding something else: not ours.
    fixture.write("ops/merge.patch.json", r#"{"spec": {"replicas": 3}}"#);
    fixture.write("ops/empty.patch.json", "[]");
    // A patch document under another name is foreign JSON, as before.
    fixture.write("ops/c.json", patch);
    let run = fixture.run(&["lint", "--format", "json", "ops"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(paths(&run.json()), ["ops/a.patch.json", "ops/b.json-patch"]);
    for file in run.json().as_array().unwrap() {
        let codes: Vec<&str> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["json-patch-document", "json-patch-path"], "{file}");
    }
}

#[test]
fn a_long_rewrite_is_named_by_its_lines_not_printed() {
    let fixture = Fixture::project();
    let ops: Vec<String> = (0..300)
        .map(|i| {
            format!("  {{\"op\": \"replace\", \"path\": \"/totalUserCount\", \"value\": {i}}}")
        })
        .collect();
    fixture.write("ops.patch.json", &format!("[\n{}\n]\n", ops.join(",\n")));
    let run = fixture.run(&["lint", "ops.patch.json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "help: Convert to a Graph PATCH body (fixable with --fix; it rewrites lines 1 to 302: see --fix --dry-run)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("+   \"totalUserCount\": 299"),
        "{}",
        run.stdout
    );
    // A short one is still shown as a patch.
    fixture.write(
        "short.patch.json",
        &format!("[\n{}\n]\n", ops[..3].join(",\n")),
    );
    let short = fixture.run(&["lint", "short.patch.json"]);
    assert!(
        short.stdout.contains("\"totalUserCount\": 2"),
        "{}",
        short.stdout
    );
}

#[test]
fn each_file_is_checked_once_whatever_the_overlap_of_arguments() {
    let fixture = Fixture::project();
    let walked = paths(&fixture.run(&["lint", "--format", "json", "."]).json());
    // A folder inside another, and a named file inside a walked folder.
    let nested = fixture.run(&[
        "lint",
        "--format",
        "json",
        ".",
        "bodies",
        "./bodies/valid.json",
    ]);
    assert_eq!(paths(&nested.json()), walked);
    // A glob inside a walked folder: its matches are named files, checked once.
    let globbed = fixture.run(&["lint", "--format", "json", "bodies/*.json", "bodies"]);
    let mut expected = paths(
        &fixture
            .run(&["lint", "--format", "json", "bodies/*.json"])
            .json(),
    );
    expected.sort();
    assert_eq!(paths(&globbed.json()), expected);
}

#[test]
fn kind_override_and_unknown_kinds() {
    let fixture = Fixture::project();
    let run = fixture.run(&["lint", "--kind", "markdown", "notes/seed.txt"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("error[docs-placeholder]"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(
        "unknown_kind",
        fixture.run(&["lint", "notes/seed.txt"]).transcript()
    );
}

#[test]
fn usage_errors_exit_2() {
    let fixture = Fixture::project();
    insta::assert_snapshot!(
        "missing_path",
        fixture.run(&["lint", "nowhere/body.json"]).transcript()
    );
    insta::assert_snapshot!(
        "glob_without_match",
        fixture.run(&["lint", "bodies/*.yaml"]).transcript()
    );
    for shard in ["0/2", "3/2", "x", "1/0"] {
        let run = fixture.run(&["lint", "--shard", shard]);
        assert_eq!(run.code, 2, "--shard {shard}: {}", run.transcript());
        assert!(run.stderr.contains("K/N"), "{}", run.stderr);
    }
    let dry = fixture.run(&["lint", "--dry-run"]);
    assert_eq!(dry.code, 2, "--dry-run needs --fix");
    let json_dry = fixture.run(&["lint", "--fix", "--dry-run", "--format", "json"]);
    assert_eq!(json_dry.code, 2, "a diff is not JSON");
}

#[test]
fn config_errors_exit_2() {
    let fixture = Fixture::project();
    fixture.write("credsum.toml", "exclude = [\"vendor\"]\nmax-size = 10\n");
    let key = fixture.run(&["lint"]);
    assert_eq!(key.code, 2);
    assert!(
        key.stderr.contains("unknown field `max-size`"),
        "{}",
        key.stderr
    );
    fixture.write("credsum.toml", "[rules]\nunknown-propery = \"off\"\n");
    insta::assert_snapshot!("unknown_rule_code", fixture.run(&["lint"]).transcript());
    // The configuration is found from a subfolder too.
    fixture.write(
        "credsum.toml",
        "[rules]\nunknown-property = \"off\"\ndocs-placeholder = \"warning\"\n",
    );
    let run = fixture.run_in("bodies", &["lint", "mistakes.json"], None);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("checked 1 file: 1 warning"),
        "{}",
        run.stdout
    );
}

#[test]
fn only_requests_filters_named_files_like_the_walk() {
    // What pre-commit does: pass every staged file with a matching extension.
    let fixture = Fixture::project();
    let all = [
        "package.json",
        "bodies/valid.json",
        "bodies/mistakes.json",
        "vendor/excluded.json",
        "docs/unrelated.md",
        "docs/guide.md",
    ];
    let mut args = vec!["lint", "--format", "json", "--only-requests"];
    args.extend(all);
    let run = fixture.run(&args);
    assert_eq!(
        paths(&run.json()),
        ["bodies/mistakes.json", "bodies/valid.json", "docs/guide.md"]
    );
    fixture.write("credsum.toml", "include = [\"package.json\"]\n");
    let included = fixture.run(&[
        "lint",
        "--format",
        "json",
        "--only-requests",
        "package.json",
    ]);
    assert_eq!(paths(&included.json()), ["package.json"]);
}

#[test]
fn glob_arguments_match_against_the_walk() {
    let fixture = Fixture::project();
    let run = fixture.run(&["lint", "--format", "json", "bodies/*.json", "**/*.md"]);
    assert_eq!(
        paths(&run.json()),
        [
            "bodies/latin1.json",
            "bodies/mistakes.json",
            "bodies/valid.json",
            "docs/guide.md"
        ],
        "glob matches are taken like walked files: docs/unrelated.md holds no request"
    );
    // Named exactly, the same file is checked.
    let named = fixture.run(&["lint", "--format", "json", "docs/unrelated.md"]);
    assert_eq!(paths(&named.json()), ["docs/unrelated.md"]);
    // .gitignore applies to the walk that globs match against.
    let ignored = fixture.run(&["lint", "--format", "json", "**/ignored.json"]);
    assert_eq!(ignored.code, 2, "{}", ignored.transcript());
    assert!(ignored.stderr.contains("no file matches `**/ignored.json`"));
}

#[test]
fn shards_partition_the_files() {
    let fixture = Fixture::project();
    let all: BTreeSet<String> = paths(&fixture.run(&["lint", "--format", "json"]).json())
        .into_iter()
        .collect();
    let mut union = BTreeSet::new();
    let mut total = 0;
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let part = paths(
            &fixture
                .run(&["lint", "--format", "json", "--shard", &shard])
                .json(),
        );
        total += part.len();
        union.extend(part);
    }
    assert_eq!(union, all, "the shards together check every file");
    assert_eq!(total, all.len(), "no file is in two shards");
    let one = paths(
        &fixture
            .run(&["lint", "--format", "json", "--shard", "1/1"])
            .json(),
    );
    assert_eq!(one.len(), all.len());
}

#[test]
fn stdin() {
    let fixture = Fixture::project();
    let body = String::from_utf8(fixture.read("bodies/mistakes.json")).unwrap();
    let run = fixture.run_with_stdin(
        &["lint", "--stdin", "--stdin-filename", "body.json"],
        Some(&body),
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("stdin_human", run.transcript());
    let json = fixture.run_with_stdin(
        &[
            "lint",
            "--stdin",
            "--stdin-filename",
            "in/body.json",
            "--format",
            "json",
        ],
        Some(&body),
    );
    assert_eq!(paths(&json.json()), ["in/body.json"]);
    let fixed = fixture.run_with_stdin(
        &["lint", "--stdin", "--stdin-filename", "body.json", "--fix"],
        Some(&body),
    );
    insta::assert_snapshot!("stdin_fix", fixed.transcript());
    let nameless = fixture.run_with_stdin(&["lint", "--stdin"], Some(&body));
    assert_eq!(nameless.code, 2);
    let kind = fixture.run_with_stdin(&["lint", "--stdin", "--kind", "json"], Some(&body));
    assert_eq!(kind.code, 1, "{}", kind.transcript());
    let with_paths = fixture.run_with_stdin(&["lint", "--stdin", "bodies"], Some(&body));
    assert_eq!(with_paths.code, 2);
}

#[test]
fn unreadable_and_binary_files() {
    let fixture = Fixture::project();
    std::fs::write(fixture.path("binary.json"), b"{\"a\":\0 1}").unwrap();
    let run = fixture.run(&[
        "lint",
        "--format",
        "json",
        "binary.json",
        "bodies/latin1.json",
    ]);
    assert_eq!(run.code, 1);
    let report = run.json();
    for file in report.as_array().unwrap() {
        let diagnostics = file["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0]["code"], "unreadable-file");
        assert_eq!(
            diagnostics[0]["range"],
            serde_json::json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}})
        );
        let message = diagnostics[0]["message"].as_str().unwrap();
        assert!(
            message.contains("not UTF-8 text") || message.contains("UTF-8 text with a NUL byte"),
            "{message}"
        );
    }
}

#[test]
fn deny_warnings_and_file_level_findings() {
    let fixture = Fixture::new("warnings");
    let run = fixture.run(&["lint"]);
    assert_eq!(run.code, 0, "warnings alone pass");
    insta::assert_snapshot!("warnings_human", run.transcript());
    assert_eq!(fixture.run(&["lint", "--deny-warnings"]).code, 1);
    // A named oversized file is reported even though it does not look like a request.
    let lock = fixture.run(&["lint", "--format", "github", "package-lock.json"]);
    assert!(lock.stdout.starts_with("::warning file=package-lock.json,line=1,col=1,endLine=1,endColumn=1,title=file-too-large::"), "{}", lock.stdout);
}

/// The files of the `fixable` fixture.
const FIXABLE: [&str; 3] = ["clean.json", "crlf-bom.json", "request.http"];

#[test]
fn fix_applies_safe_fixes_and_is_idempotent() {
    let fixture = Fixture::new("fixable");
    let before: Vec<Vec<u8>> = FIXABLE.iter().map(|f| fixture.read(f)).collect();
    let first = fixture.run(&["lint", "--fix"]);
    insta::assert_snapshot!("fix_report", first.transcript());
    let after: Vec<Vec<u8>> = FIXABLE.iter().map(|f| fixture.read(f)).collect();
    assert_eq!(after[0], before[0], "a clean file is not rewritten");
    let crlf = String::from_utf8(after[1].clone()).unwrap();
    insta::assert_snapshot!("fix_after_crlf_bom", crlf.replace('\r', "␍"));
    assert!(crlf.starts_with('\u{feff}'), "the BOM survives");
    assert!(
        !crlf.replace("\r\n", "").contains('\n'),
        "every line still ends with CRLF"
    );
    assert!(crlf.contains("\n\t\""), "tab indentation survives");
    insta::assert_snapshot!(
        "fix_after_http",
        String::from_utf8(after[2].clone()).unwrap()
    );

    let second = fixture.run(&["lint", "--fix"]);
    let again: Vec<Vec<u8>> = FIXABLE.iter().map(|f| fixture.read(f)).collect();
    assert_eq!(again, after, "a second --fix changes nothing");
    assert_eq!(second.code, first.code);
    assert!(!second.stdout.contains("fixed "), "{}", second.stdout);
    assert_eq!(
        second.stdout,
        fixture.run(&["lint"]).stdout,
        "with nothing to fix, --fix only reports"
    );
}

#[test]
fn fix_writes_nothing_when_the_command_line_is_wrong() {
    let fixture = Fixture::new("fixable");
    let before: Vec<Vec<u8>> = FIXABLE.iter().map(|f| fixture.read(f)).collect();
    let run = fixture.run(&["lint", "--fix", ".", "nothing-*.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("no file matches `nothing-*.json`"),
        "{}",
        run.stderr
    );
    let after: Vec<Vec<u8>> = FIXABLE.iter().map(|f| fixture.read(f)).collect();
    assert_eq!(after, before, "no file was fixed");
}

#[cfg(unix)]
#[test]
fn fix_writes_through_symbolic_links() {
    let fixture = Fixture::new("fixable");
    std::os::unix::fs::symlink("crlf-bom.json", fixture.path("link.json")).unwrap();
    let run = fixture.run(&["lint", "--fix", "--unsafe-fixes", "link.json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let link = std::fs::symlink_metadata(fixture.path("link.json")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let target = String::from_utf8(fixture.read("crlf-bom.json")).unwrap();
    assert!(target.contains("\"tenantDisplayName\""), "{target}");
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let fixture = Fixture::new("fixable");
    let before: Vec<Vec<u8>> = FIXABLE.iter().map(|f| fixture.read(f)).collect();
    let run = fixture.run(&["lint", "--fix", "--dry-run"]);
    assert_eq!(run.code, 1, "the files on disk still have the errors");
    insta::assert_snapshot!("dry_run", run.transcript().replace('\r', "␍"));
    let after: Vec<Vec<u8>> = FIXABLE.iter().map(|f| fixture.read(f)).collect();
    assert_eq!(after, before);
    let leftovers: Vec<_> = std::fs::read_dir(&fixture.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".credsum-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn help() {
    let run = Fixture::new("fixable").run(&["lint", "--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("lint_help", run.stdout);
}

/// What the terminal shows when `credsum lint DIR` runs on one (through `script`, which gives
/// the run a pseudo-terminal), with `CI` set or not; `None` where `script` is missing.
fn on_a_terminal(dir: &Path, ci: bool) -> Option<String> {
    let command = format!(
        "'{}' lint '{}' >/dev/null",
        env!("CARGO_BIN_EXE_credsum"),
        dir.display()
    );
    let mut script = Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR");
    if ci {
        script.env("CI", "true");
    } else {
        script.env_remove("CI");
    }
    let output = script.output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn a_progress_bar_only_for_a_person_watching_many_files() {
    let dir = tempfile::tempdir().unwrap();
    let body = r##"{"@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary", "totalUserCount": 5}"##;
    for i in 0..250 {
        std::fs::write(dir.path().join(format!("body-{i:03}.json")), body).unwrap();
    }
    let Some(watched) = on_a_terminal(dir.path(), false) else {
        eprintln!("skipped: no `script` to give the run a terminal");
        return;
    };
    // The bar counts files as the walk finds them: `checked/found files`, drawn once more than
    // 200 are found.
    let found: Vec<u32> = watched
        .split(" files")
        .filter_map(|before| before.rsplit('/').next()?.parse().ok())
        .collect();
    assert!(
        found.iter().all(|&n| n > 200 && n <= 250) && !found.is_empty(),
        "no bar on a terminal: {watched:?}"
    );
    let ci = on_a_terminal(dir.path(), true).unwrap();
    assert!(!ci.contains(" files "), "a bar with CI set: {ci:?}");
    for i in 10..250 {
        std::fs::remove_file(dir.path().join(format!("body-{i:03}.json"))).unwrap();
    }
    let few = on_a_terminal(dir.path(), false).unwrap();
    assert!(!few.contains(" files "), "a bar for 10 files: {few:?}");
    // Piped: the bar goes to standard error, which the other tests capture; it is never there.
    let piped = Command::new(env!("CARGO_BIN_EXE_credsum"))
        .args(["lint", &dir.path().to_string_lossy()])
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(
        piped.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
}

/// Every `--format` value.
const FORMATS: [&str; 7] = [
    "human", "json", "sarif", "github", "azure", "gitlab", "junit",
];

#[test]
fn azure_report() {
    let run = Fixture::project().run(&["lint", "--format", "azure"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("project_azure", run.transcript());
}

/// Asserts that `report` is a GitLab Code Quality report as GitLab documents it: an array of
/// issues, each with a description, a check name, a fingerprint, one of GitLab's severity
/// words, a relative path and a 1-based first line.
fn assert_gitlab_report(report: &Value) {
    for issue in report.as_array().expect("an array") {
        for key in ["description", "check_name", "fingerprint"] {
            assert!(
                issue[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key}: {issue}"
            );
        }
        let severity = issue["severity"].as_str().unwrap_or_default();
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&severity),
            "{issue}"
        );
        let path = issue["location"]["path"].as_str().unwrap_or_default();
        assert!(
            !path.is_empty() && !path.starts_with('/') && !path.starts_with("./"),
            "{issue}"
        );
        let begin = issue["location"]["lines"]["begin"].as_u64().unwrap_or(0);
        assert!(begin >= 1, "{issue}");
    }
}

#[test]
fn gitlab_report() {
    let fixture = Fixture::project();
    let run = fixture.run(&["lint", "--format", "gitlab"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("project_gitlab", run.transcript());
    let report = run.json();
    assert_gitlab_report(&report);
    let fingerprints: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&str> = fingerprints.iter().copied().collect();
    assert_eq!(unique.len(), fingerprints.len(), "unique per finding");
    // Stable: the same findings keep their fingerprints when lines above them move.
    let body = String::from_utf8(fixture.read("bodies/mistakes.json")).unwrap();
    fixture.write("bodies/mistakes.json", &format!("\n\n{body}"));
    let moved = fixture.run(&["lint", "--format", "gitlab"]).json();
    let moved: BTreeSet<&str> = moved
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(moved, unique);
    // Two identical findings in one file still get two fingerprints.
    fixture.write(
        "twice.json",
        r##"{"@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary", "totalUserCount": "Integer", "mfaRegisteredUserCount": "Integer"}"##,
    );
    let twice = fixture
        .run(&["lint", "--format", "gitlab", "twice.json"])
        .json();
    let prints: BTreeSet<&str> = twice
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), twice.as_array().unwrap().len(), "{twice:#}");
}

/// The test cases of a JUnit report, parsed as XML: `(name, failure text)`.
fn junit_cases(xml: &str) -> Vec<(String, Option<String>)> {
    let document = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    root.descendants()
        .filter(|node| node.has_tag_name("testcase"))
        .map(|case| {
            let failure = case
                .children()
                .find(|c| c.has_tag_name("failure"))
                .map(|f| f.text().unwrap_or_default().to_owned());
            (
                case.attribute("name").unwrap_or_default().to_owned(),
                failure,
            )
        })
        .collect()
}

#[test]
fn junit_report() {
    let run = Fixture::project().run(&["lint", "--format", "junit"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("project_junit", run.transcript());
    let cases = junit_cases(&run.stdout);
    let names: Vec<&str> = cases.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, PROJECT_FILES, "one test case per checked file");
    let failed: Vec<&str> = cases
        .iter()
        .filter(|(_, failure)| failure.is_some())
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "bodies/latin1.json",
            "bodies/mistakes.json",
            "docs/guide.md",
            "requests/update.http"
        ]
    );
}

#[test]
fn hostile_paths_and_non_ascii_messages_survive_every_format() {
    let fixture = Fixture::new("fixable");
    // A space, `;`, `]`, `%`, `,`, `:` and a line break in the path; a non-ASCII unknown key.
    let name = "odd dir;x]/a%b,c:d\ne.json";
    fixture.write(
        name,
        r##"{"@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary", "tenantDisplayNäme😀": "x"}"##,
    );
    let findings = fixture.run(&["lint", "--format", "json", name]).json()[0]["diagnostics"]
        .as_array()
        .unwrap()
        .len();
    assert!(findings > 0);
    let azure = fixture.run(&["lint", "--format", "azure", name]);
    // One command per finding, then the summary line.
    assert_eq!(
        azure.stdout.lines().count(),
        findings + 1,
        "{}",
        azure.stdout
    );
    assert!(
        azure
            .stdout
            .contains("sourcepath=odd dir%3Bx%5D/a%AZP25b,c:d%0Ae.json;linenumber=1;"),
        "{}",
        azure.stdout
    );
    assert!(
        azure.stdout.contains("tenantDisplayNäme😀"),
        "{}",
        azure.stdout
    );
    let github = fixture.run(&["lint", "--format", "github", name]);
    assert_eq!(
        github.stdout.lines().count(),
        findings + 1,
        "{}",
        github.stdout
    );
    assert!(
        github
            .stdout
            .contains("file=odd dir;x]/a%25b%2Cc%3Ad%0Ae.json,line=1,"),
        "{}",
        github.stdout
    );
    let gitlab = fixture.run(&["lint", "--format", "gitlab", name]).json();
    assert_gitlab_report(&gitlab);
    assert_eq!(gitlab[0]["location"]["path"], name);
    assert!(gitlab.to_string().contains("tenantDisplayNäme😀"));
    let junit = fixture.run(&["lint", "--format", "junit", name]);
    let cases = junit_cases(&junit.stdout);
    assert_eq!(cases.len(), 1);
    assert_eq!(
        cases[0].0, name,
        "the path survives XML, line break included"
    );
    let failure = cases[0].1.as_deref().unwrap_or_default();
    assert!(failure.contains("tenantDisplayNäme😀"), "{failure}");
}

#[test]
fn every_format_keeps_the_exit_codes_and_draws_no_bar_when_piped() {
    let fixture = Fixture::new("warnings");
    let dir = tempfile::tempdir().unwrap();
    let body = r##"{"@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary", "totalUserCount": 5}"##;
    for i in 0..250 {
        std::fs::write(dir.path().join(format!("body-{i:03}.json")), body).unwrap();
    }
    let clean = dir.path().to_string_lossy().into_owned();
    for format in FORMATS {
        let errors = Fixture::project().run(&["lint", "--format", format]);
        assert_eq!(errors.code, 1, "{format}: {}", errors.transcript());
        let warnings = fixture.run(&["lint", "--format", format]);
        assert_eq!(warnings.code, 0, "{format}: {}", warnings.transcript());
        let denied = fixture.run(&["lint", "--format", format, "--deny-warnings"]);
        assert_eq!(denied.code, 1, "{format}: {}", denied.transcript());
        let many = fixture.run(&["lint", "--format", format, &clean]);
        assert_eq!(many.code, 0, "{format}: {}", many.transcript());
        assert!(many.stderr.is_empty(), "{format}: {}", many.stderr);
    }
}

#[test]
fn output_file_gets_the_report_and_the_terminal_the_summary() {
    let fixture = Fixture::project();
    std::fs::create_dir(fixture.path("out")).unwrap();
    let summary = fixture
        .run(&["lint"])
        .stdout
        .lines()
        .last()
        .unwrap()
        .to_owned();
    for format in FORMATS {
        let plain = fixture.run(&["lint", "--format", format]);
        let to_file = fixture.run(&["lint", "--format", format, "--output-file", "out/report"]);
        assert_eq!(to_file.code, plain.code, "{format}");
        assert_eq!(to_file.stdout, format!("{summary}\n"), "{format}");
        let written = String::from_utf8(fixture.read("out/report"))
            .unwrap()
            .replace(&*fixture.root.to_string_lossy(), "[ROOT]");
        assert_eq!(written, plain.stdout, "{format}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(fixture.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["report"], "no temporary file is left");
}

#[test]
fn output_file_into_a_missing_or_read_only_folder_is_a_usage_error() {
    let fixture = Fixture::project();
    let missing = fixture.run(&["lint", "--output-file", "nowhere/report.json"]);
    insta::assert_snapshot!("output_file_missing_folder", missing.transcript());
    assert!(!fixture.path("nowhere").exists());
    // A folder this process may not write to: a read-only one, unless it runs with the
    // privilege to write anyway (root), then a file system that refuses any new file.
    let locked = fixture.path("locked");
    std::fs::create_dir(&locked).unwrap();
    let mut permissions = std::fs::metadata(&locked).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&locked, permissions).unwrap();
    let target = if std::fs::write(locked.join("probe"), "").is_ok() {
        std::path::PathBuf::from("/proc/credsum-report.json")
    } else {
        locked.join("report.json")
    };
    let read_only = fixture.run(&["lint", "--output-file", &target.to_string_lossy()]);
    assert_eq!(read_only.code, 2, "{}", read_only.transcript());
    assert!(read_only.stdout.is_empty(), "{}", read_only.transcript());
    assert!(
        read_only
            .stderr
            .starts_with(&format!("error: cannot write {}: ", target.display())),
        "{}",
        read_only.stderr
    );
    assert!(!target.exists());
    // With --fix, nothing is fixed when the report cannot be written.
    let before = fixture.read("bodies/mistakes.json");
    let fix = fixture.run(&["lint", "--fix", "--output-file", "nowhere/r.json"]);
    assert_eq!(fix.code, 2);
    assert_eq!(fixture.read("bodies/mistakes.json"), before);
}

#[test]
fn an_unknown_format_lists_the_valid_ones() {
    let run = Fixture::project().run(&["lint", "--format", "xml"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("unknown_format", run.transcript());
}
