//! Issue 21 items 1 and 6, through the real binary: an `--output-file` that is an input is
//! refused before anything is read; `--fix` leaves read-only files alone, keeps hard links,
//! mode and owner; new files get the user's umask.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::process::Command;

use crate::common::{is_root, run, valid_body, Scratch};

/// A body whose only finding is a trailing comma before the closing brace.
fn trailing_comma() -> String {
    let body = valid_body();
    let end = body.rfind('}').expect("a closing brace");
    let before = body[..end].trim_end();
    format!("{before},\n}}\n")
}

#[test]
fn an_output_file_that_is_an_input_is_refused_by_any_name() {
    let scratch = Scratch::new();
    let body = valid_body();
    scratch.write("body.json", &body);
    scratch.write("dir/walked.json", &body);
    std::fs::hard_link(scratch.path("body.json"), scratch.path("hard.json")).unwrap();
    std::os::unix::fs::symlink(scratch.path("body.json"), scratch.path("soft.json")).unwrap();
    let cases: [&[&str]; 5] = [
        &["--output-file", "body.json", "body.json"],
        &["--output-file", "./body.json", "body.json"],
        &["--output-file", "hard.json", "body.json"],
        &["--output-file", "soft.json", "body.json"],
        &["--output-file", "dir/walked.json", "dir"],
    ];
    for args in cases {
        let mut all = vec!["lint"];
        all.extend_from_slice(args);
        let run = scratch.run(&all).expect(2);
        assert!(
            run.stderr
                .contains("(the same file): the report would replace it"),
            "{args:?}: {}",
            run.transcript()
        );
    }
    assert_eq!(
        scratch.read("body.json"),
        body.as_bytes(),
        "the input is intact"
    );
    assert_eq!(scratch.read("dir/walked.json"), body.as_bytes());
    assert!(
        !scratch
            .names(".")
            .iter()
            .any(|n| n.starts_with(".credsum-")),
        "{:?}",
        scratch.names(".")
    );
}

#[test]
fn an_earlier_report_in_the_walked_folder_is_replaced_not_refused() {
    let scratch = Scratch::new();
    scratch.write("body.json", valid_body());
    scratch
        .run(&[
            "lint",
            "--format",
            "json",
            "--output-file",
            "report.json",
            ".",
        ])
        .expect(0);
    let again = scratch
        .run(&[
            "lint",
            "--format",
            "json",
            "--output-file",
            "report.json",
            ".",
        ])
        .expect(0);
    assert_eq!(
        again.stdout,
        "checked 1 file: no problems\n",
        "{}",
        again.transcript()
    );
}

#[test]
fn fix_leaves_a_read_only_file_alone_and_says_so() {
    let scratch = Scratch::new();
    let text = trailing_comma();
    let path = scratch.write("locked.json", &text);
    scratch.write("open.json", &text);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    // Root may write anything; credsum judges by the mode, so this holds for root too.
    let run = scratch
        .run(&["lint", "--fix", "locked.json", "open.json"])
        .expect(1);
    assert!(
        run.stderr
            .contains("error: cannot write locked.json: read-only file (mode 0444"),
        "{}",
        run.transcript()
    );
    assert_eq!(scratch.read("locked.json"), text.as_bytes());
    assert_ne!(
        scratch.read("open.json"),
        text.as_bytes(),
        "the other file is fixed"
    );
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.mode() & 0o7777, 0o444);
}

/// `credsum` run as the unprivileged user 65534 through `setpriv`, when the tests run as root
/// and `setpriv` exists.
fn as_nobody(dir: &std::path::Path) -> Option<Command> {
    let usable = is_root()
        && Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status()
            .is_ok_and(|s| s.success());
    if !usable {
        return None;
    }
    let mut command = Command::new("setpriv");
    command
        .current_dir(dir)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_credsum"));
    Some(command)
}

#[test]
fn an_unprivileged_user_cannot_replace_a_file_they_may_not_write() {
    let scratch = Scratch::new();
    let text = trailing_comma();
    let path = scratch.write("rootfile.json", &text);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    // A folder anyone may write: a rename would succeed where writing the file may not.
    std::fs::set_permissions(&scratch.root, std::fs::Permissions::from_mode(0o777)).unwrap();
    let Some(mut command) = as_nobody(&scratch.root) else {
        println!("SKIPPED LOUDLY: not root or no setpriv, so no unprivileged user to run as; the mode-based check is covered by fix_leaves_a_read_only_file_alone_and_says_so");
        return;
    };
    let owner = std::fs::metadata(&path).unwrap().uid();
    let run = run(command.args(["lint", "--fix", "rootfile.json"]));
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("read-only file (mode 0644"),
        "{}",
        run.transcript()
    );
    assert_eq!(scratch.read("rootfile.json"), text.as_bytes());
    assert_eq!(
        std::fs::metadata(&path).unwrap().uid(),
        owner,
        "still the owner's"
    );
}

#[test]
fn fix_keeps_hard_links_and_mode() {
    let scratch = Scratch::new();
    let path = scratch.write("a.json", trailing_comma());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::hard_link(&path, scratch.path("b.json")).unwrap();
    scratch.run(&["lint", "--fix", "a.json"]).expect(0);
    let (a, b) = (
        std::fs::metadata(&path).unwrap(),
        std::fs::metadata(scratch.path("b.json")).unwrap(),
    );
    assert_eq!(a.ino(), b.ino(), "still one file with two names");
    assert_eq!(a.nlink(), 2);
    assert_eq!(a.mode() & 0o7777, 0o640);
    assert_eq!(scratch.read("b.json"), scratch.read("a.json"));
    assert!(!String::from_utf8_lossy(&scratch.read("b.json")).contains(",\n}"));
}

#[test]
fn new_files_get_the_users_umask() {
    let scratch = Scratch::new();
    scratch.write("body.json", valid_body());
    for (umask, mode) in [("022", 0o644), ("077", 0o600)] {
        let report = format!("report-{umask}.json");
        let schema = format!("schema-{umask}.json");
        for args in [
            format!("lint --output-file {report} body.json"),
            format!("export -o {schema}"),
        ] {
            let script = format!("umask {umask} && exec \"$0\" {args}");
            run(Command::new("sh")
                .current_dir(&scratch.root)
                .args(["-c", &script])
                .arg(env!("CARGO_BIN_EXE_credsum")))
            .expect(0);
        }
        for file in [&report, &schema] {
            let meta = std::fs::metadata(scratch.path(file)).unwrap();
            assert_eq!(meta.mode() & 0o777, mode, "{file} under umask {umask}");
        }
    }
}
