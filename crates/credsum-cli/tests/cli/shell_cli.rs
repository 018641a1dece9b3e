//! End-to-end tests of `credsum completions` and `credsum man`: the bash script loaded into a
//! real bash completes subcommands and `--format` values; every shell gets a script; the man
//! page names every subcommand; `credsum man --dir` writes one page per command with every
//! option, the exit status, configuration and environment.

use std::process::Command;

/// Runs `credsum ARGS` and returns its standard output, asserting success.
fn credsum(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_credsum"))
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `script` in bash with the completion script of `credsum` loaded; `None` without bash.
fn bash_with_completion(script: &str) -> Option<String> {
    let completion = credsum(&["completions", "bash"]);
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c"])
        .arg(format!("{completion}\n{script}"))
        .output()
        .ok()?;
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8(output.stdout).unwrap())
}

/// The words bash completes for the command line `words` (the last one is being typed).
fn complete(words: &[&str]) -> Option<Vec<String>> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let script = format!(
        r#"COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={point}
_credsum credsum '{cur}' '{prev}'
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = quoted.join(" "),
        cword = words.len() - 1,
        point = line.len(),
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let out = bash_with_completion(&script)?;
    Some(out.lines().map(str::to_owned).collect())
}

#[test]
fn bash_registers_a_completion_for_credsum() {
    let Some(registered) = bash_with_completion("complete -p credsum") else {
        eprintln!("skipped: no bash");
        return;
    };
    assert!(
        registered.contains("-F _credsum") && registered.trim_end().ends_with(" credsum"),
        "{registered}"
    );
}

#[test]
fn bash_completes_subcommands_and_format_values() {
    let Some(subcommands) = complete(&["credsum", ""]) else {
        eprintln!("skipped: no bash");
        return;
    };
    for name in ["export", "lint", "lsp", "rules", "completions", "man"] {
        assert!(
            subcommands.iter().any(|w| w == name),
            "{name}: {subcommands:?}"
        );
    }
    let formats = complete(&["credsum", "lint", "--format", ""]).unwrap();
    for format in [
        "human", "json", "sarif", "github", "azure", "gitlab", "junit",
    ] {
        assert!(formats.iter().any(|w| w == format), "{format}: {formats:?}");
    }
    let partial = complete(&["credsum", "lint", "--format", "gi"]).unwrap();
    assert_eq!(partial, ["github", "gitlab"]);
    let shells = complete(&["credsum", "completions", ""]).unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(shells.iter().any(|w| w == shell), "{shell}: {shells:?}");
    }
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = credsum(&["completions", shell]);
        for name in ["lint", "export", "completions", "format"] {
            assert!(script.contains(name), "{shell} lacks {name}");
        }
    }
    // The shells whose scripts complete option values offer the formats too.
    for shell in ["bash", "zsh", "fish"] {
        let script = credsum(&["completions", shell]);
        assert!(
            script.contains("azure") && script.contains("junit"),
            "{shell}"
        );
    }
}

#[test]
fn the_man_page_names_every_subcommand() {
    let page = credsum(&["man"]);
    assert!(page.contains(".TH credsum"), "{page}");
    let help = credsum(&["--help"]);
    let subcommands: Vec<&str> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    assert!(subcommands.len() >= 6, "{help}");
    for name in subcommands {
        assert!(page.contains(name), "the man page lacks {name}");
    }
}

/// The long options `credsum SUB --help` lists.
fn long_options(sub: &str) -> Vec<String> {
    credsum(&[sub, "--help"])
        .split_whitespace()
        .filter(|w| w.starts_with("--"))
        .map(|w| w.trim_end_matches([',', '.', '`']).to_owned())
        .filter(|w| {
            w.len() > 2
                && w.chars()
                    .skip(2)
                    .all(|c| c.is_ascii_lowercase() || c == '-')
        })
        .collect()
}

#[test]
fn man_dir_writes_one_page_per_command_with_every_option_and_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/man1");
    let status = Command::new(env!("CARGO_BIN_EXE_credsum"))
        .args(["man", "--dir"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "credsum-completions.1",
            "credsum-explain.1",
            "credsum-export.1",
            "credsum-lint.1",
            "credsum-lsp.1",
            "credsum-man.1",
            "credsum-rules.1",
            "credsum.1"
        ]
    );
    for sub in ["lint", "export", "man"] {
        let page = std::fs::read_to_string(out.join(format!("credsum-{sub}.1"))).unwrap();
        // roff escapes each `-` of an option as `\-`.
        for option in long_options(sub) {
            let roff = option.replace('-', "\\-");
            assert!(page.contains(&roff), "credsum-{sub}.1 lacks {option}");
        }
        for section in [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", "\\fB130\\fR"] {
            assert!(page.contains(section), "credsum-{sub}.1 lacks {section}");
        }
    }
    let lint = std::fs::read_to_string(out.join("credsum-lint.1")).unwrap();
    assert!(lint.contains(".SH CONFIGURATION") && lint.contains("credsum.toml"));
    assert!(
        lint.starts_with(".ie") || lint.contains(".TH credsum-lint"),
        "{lint}"
    );
    // mandoc's checker, where installed (CI installs it: .ci/cli.sh).
    if Command::new("mandoc").arg("-V").output().is_ok() {
        for name in &names {
            let check = Command::new("mandoc")
                .args(["-T", "lint", "-W", "error"])
                .arg(out.join(name))
                .output()
                .unwrap();
            assert!(
                check.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&check.stdout)
            );
        }
    } else {
        println!("mandoc is not installed: the pages were not linted here (.ci/cli.sh does)");
    }
}
