//! The floor of the lint benchmark (`tests/bench/lint_bench.sh`): read every file of a folder
//! with `std::fs` and parse it with `serde_json`, one thread, nothing else. No linter can check a
//! folder faster than it can read and parse it, so `credsum lint` is measured against this.
//!
//! `cargo run --release -p credsum --example read_parse_floor -- DIR`
//! prints `files=N parse_failures=M` to standard error; exit status 0.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: read_parse_floor DIR");
        return ExitCode::from(2);
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) => {
            eprintln!(
                "read_parse_floor: cannot read {}: {error}",
                dir.to_string_lossy()
            );
            return ExitCode::from(2);
        }
    };
    let (mut files, mut failures) = (0_usize, 0_usize);
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(error) => {
                eprintln!("read_parse_floor: {error}");
                return ExitCode::from(2);
            }
        };
        if !path.is_file() {
            continue;
        }
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("read_parse_floor: cannot read {}: {error}", path.display());
                return ExitCode::from(2);
            }
        };
        files += 1;
        if serde_json::from_slice::<serde_json::Value>(&bytes).is_err() {
            failures += 1;
        }
    }
    eprintln!("files={files} parse_failures={failures}");
    ExitCode::SUCCESS
}
