//! Issue 21 item 2, through the real binary: SIGINT or SIGTERM during `--fix`, `--output-file`
//! or `export` removes every temporary file credsum made, prints how many files were fixed
//! before the stop, and exits 130. The points are made certain with a named pipe among the
//! inputs (the run blocks reading it), and spread at random over a larger run.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{credsum, finish, fixable_http, Rng, Run, Scratch, DEADLINE};

/// Sends `signal` (`INT`, `TERM`) to `child` with kill(1).
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

/// Waits (at most the deadline) until `ready` holds.
fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + DEADLINE;
    while !ready() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The `.credsum-*.tmp` files left anywhere under `dir`.
fn temps(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read_dir").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                folders.push(entry.path());
            } else if name.starts_with(".credsum-") {
                found.push(entry.path().display().to_string());
            }
        }
    }
    found
}

/// Spawns `credsum ARGS` in `dir` with piped output.
fn spawn(dir: &Path, args: &[&str]) -> (Child, Instant) {
    let child = credsum(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    (child, Instant::now())
}

/// A folder of `count` fixable `.http` files and a named pipe `pipe.http` beside them.
fn fixable_files_and_a_pipe(count: usize) -> Scratch {
    let scratch = Scratch::new();
    for i in 0..count {
        scratch.write(&format!("f{i}.http"), fixable_http(1));
    }
    let made = Command::new("mkfifo")
        .arg(scratch.path("pipe.http"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    scratch
}

/// How many of the `count` files differ from their original text.
fn changed(scratch: &Scratch, count: usize) -> usize {
    let original = fixable_http(1).into_bytes();
    (0..count)
        .filter(|i| scratch.read(&format!("f{i}.http")) != original)
        .count()
}

#[test]
fn an_interrupt_while_fixing_counts_the_fixed_files_and_leaves_no_temp_file() {
    for sig in ["INT", "TERM"] {
        let scratch = fixable_files_and_a_pipe(6);
        let mut args = vec!["lint", "--fix", "--unsafe-fixes"];
        let names: Vec<String> = (0..6).map(|i| format!("f{i}.http")).collect();
        args.extend(names.iter().map(String::as_str));
        // The pipe blocks one worker; the other files are fixed meanwhile.
        args.push("pipe.http");
        let (child, start) = spawn(&scratch.root, &args);
        wait_for("six files fixed", || changed(&scratch, 6) == 6);
        signal(&child, sig);
        let run = finish(child, start);
        assert_eq!(run.code, 130, "{}", run.transcript());
        assert!(
            run.stderr
                .contains("interrupted: 6 files fixed before the stop; no temporary file left"),
            "{}",
            run.transcript()
        );
        assert_eq!(temps(&scratch.root), Vec::<String>::new());
    }
}

#[test]
fn an_interrupt_before_the_report_is_written_removes_its_temporary_file() {
    let scratch = fixable_files_and_a_pipe(1);
    let (child, start) = spawn(
        &scratch.root,
        &[
            "lint",
            "--output-file",
            "report.txt",
            "f0.http",
            "pipe.http",
        ],
    );
    // The report's temporary file exists from the start.
    wait_for("the report's temporary file", || {
        !temps(&scratch.root).is_empty()
    });
    signal(&child, "INT");
    let run = finish(child, start);
    assert_eq!(run.code, 130, "{}", run.transcript());
    assert!(
        run.stderr.contains("interrupted: nothing written"),
        "{}",
        run.transcript()
    );
    assert_eq!(temps(&scratch.root), Vec::<String>::new());
    assert!(!scratch.path("report.txt").exists());
}

/// Asserts what any interrupted or finished run of `--fix` over `count` files must show.
fn assert_clean_stop(run: &Run, scratch: &Scratch, count: usize, delay: u64) {
    run.assert_no_panic();
    assert_eq!(
        temps(&scratch.root),
        Vec::<String>::new(),
        "after {delay} ms"
    );
    let fixed = changed(scratch, count);
    match run.code {
        130 => {
            let files = if fixed == 1 { "file" } else { "files" };
            let line = format!("interrupted: {fixed} {files} fixed before the stop");
            assert!(
                run.stderr.contains(&line),
                "after {delay} ms: {}",
                run.transcript()
            );
        }
        // Finished before the signal came.
        0 | 1 => assert_eq!(fixed, count, "after {delay} ms: {}", run.transcript()),
        other => panic!("exit {other} after {delay} ms: {}", run.transcript()),
    }
}

#[test]
fn interrupts_at_random_points_leave_whole_files_and_no_temp_file() {
    let mut rng = Rng::from_clock("interrupt points");
    let count = 400;
    let original = fixable_http(1).into_bytes();
    let reference = Scratch::new();
    reference.write("f.http", &original);
    reference
        .run(&["lint", "--fix", "--unsafe-fixes", "f.http"])
        .expect(0);
    let fixed = reference.read("f.http");
    assert_ne!(fixed, original);
    for round in 0..6 {
        let scratch = Scratch::new();
        for i in 0..count {
            scratch.write(&format!("f{i}.http"), &original);
        }
        let delay = rng.next() % 400 + round * 5;
        let (child, start) = spawn(&scratch.root, &["lint", "--fix", "--unsafe-fixes", "."]);
        std::thread::sleep(Duration::from_millis(delay));
        signal(&child, if round % 2 == 0 { "INT" } else { "TERM" });
        let run = finish(child, start);
        assert_clean_stop(&run, &scratch, count, delay);
        // Every file is whole: the original or the fixed text, never a mix.
        for i in 0..count {
            let text = scratch.read(&format!("f{i}.http"));
            assert!(
                text == original || text == fixed,
                "f{i}.http after {delay} ms"
            );
        }
    }
}

#[test]
fn an_interrupt_during_export_leaves_no_temp_file() {
    for delay in [0, 2, 5, 10, 20] {
        let scratch = Scratch::new();
        let (child, start) = spawn(&scratch.root, &["export", "--all", "out"]);
        std::thread::sleep(Duration::from_millis(delay));
        signal(&child, "TERM");
        let run = finish(child, start);
        // -1: the signal came before the handler was installed, when nothing was written yet.
        assert!([0, 130, -1].contains(&run.code), "{}", run.transcript());
        if scratch.path("out").exists() {
            assert_eq!(
                temps(&scratch.path("out")),
                Vec::<String>::new(),
                "after {delay} ms"
            );
        }
    }
}
