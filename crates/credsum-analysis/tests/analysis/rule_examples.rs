//! The rule documentation (`crates/credsum-analysis/rules/<code>.md`) is true: every wrong
//! example, linted with the default configuration (the rule turned on when it is off by
//! default), reports its rule; every right example does not; and `--fix` on a wrong example
//! with a fix repairs findings of the rule without adding a syntax error.

use credsum_analysis::rule_docs::{self, Block, Verdict};
use credsum_analysis::rules::{catalogue, Rule};
use credsum_analysis::{fix, Analyzer, Applicability, Diagnostic};

/// The rules that no file linted with the default configuration can show: the size limit is
/// 20 MiB, unreadable files never reach the analyzer, only the language server caps findings,
/// and an environment file is not the file linted.
const NO_EXAMPLE: &[&str] = &[
    "file-too-large",
    "unreadable-file",
    "too-many-diagnostics",
    "environment-file",
];

/// The headings every rule's documentation has, in this order.
const SECTIONS: [&str; 3] = ["Why Graph cares", "Example", "Fix"];

/// What is wrong with the shape of `rule`'s documentation (sections, fences, markers).
fn shape_problems(rule: &Rule) -> Vec<String> {
    let blocks = rule_docs::blocks(rule.doc);
    let mut problems = Vec::new();
    let headings: Vec<(usize, &str)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(level, title) => Some((*level, *title)),
            _ => None,
        })
        .collect();
    if headings != SECTIONS.map(|title| (2, title)) {
        problems.push(format!("sections are {headings:?}, not {SECTIONS:?}"));
    }
    if !matches!(blocks.first(), Some(Block::Text(line)) if !line.is_empty()) {
        problems.push("does not open with what the rule checks".to_owned());
    }
    for block in &blocks {
        match block {
            Block::Fence(fence) if fence.example().is_none() => problems.push(format!(
                "the fence `{}` is not `<json|http|markdown> <wrong|right>`",
                fence.info
            )),
            Block::NoExample(_) if !NO_EXAMPLE.contains(&rule.code) => {
                problems.push("has a no-example marker but is not a listed rule".to_owned());
            }
            _ => {}
        }
    }
    let examples = rule_docs::examples(rule.doc);
    let has = |verdict| examples.iter().any(|e| e.verdict == verdict);
    if NO_EXAMPLE.contains(&rule.code) {
        if !blocks.iter().any(|b| matches!(b, Block::NoExample(_))) || !examples.is_empty() {
            problems.push("must say `<!-- no example: reason -->` and nothing else".to_owned());
        }
    } else if !has(Verdict::Wrong) || !has(Verdict::Right) {
        problems.push("needs a wrong and a right example".to_owned());
    }
    problems
}

/// How many of `diagnostics` belong to the rule configured by `key`.
fn count(diagnostics: &[Diagnostic], key: &str) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.code.config_key() == key)
        .count()
}

/// What is false in `rule`'s examples.
fn example_problems(analyzer: &Analyzer, rule: &Rule) -> Vec<String> {
    let config = rule_docs::example_config(rule);
    let mut problems = Vec::new();
    if rule_docs::fixable(analyzer, rule) == rule.fixes.is_empty() {
        problems.push(format!(
            "declares fixes {:?}, but its wrong examples show {}",
            rule.fixes,
            if rule.fixes.is_empty() {
                "a fix"
            } else {
                "none"
            }
        ));
    }
    for (i, example) in rule_docs::examples(rule.doc).iter().enumerate() {
        let found = rule_docs::findings(analyzer, rule, example);
        let all = analyzer.analyze(example.text, example.kind, &config);
        let said = || format!("example {} ({}) gives {all:#?}", i + 1, example.caption());
        match example.verdict {
            Verdict::Wrong if found.is_empty() => {
                problems.push(format!("{}: does not report the rule", said()));
            }
            Verdict::Right if !found.is_empty() => {
                problems.push(format!("{}: reports the rule", said()));
            }
            Verdict::Wrong if found.iter().any(|d| d.fix.is_some()) => {
                for fix in found.iter().filter_map(|d| d.fix.as_deref()) {
                    if !rule.fixes.contains(&fix.applicability) {
                        problems.push(format!(
                            "{}: a {} fix its rule does not declare",
                            said(),
                            fix.applicability.name()
                        ));
                    }
                }
                let (text, remaining) = fix::fix_until_stable(
                    analyzer,
                    example.kind,
                    &config,
                    example.text,
                    &all,
                    Applicability::Unsafe,
                )
                .expect("a fix changes the text");
                if count(&remaining, rule.code) >= found.len() {
                    problems.push(format!("{}: --fix leaves it as it was:\n{text}", said()));
                }
                if count(&remaining, "syntax") > count(&all, "syntax") {
                    problems.push(format!("{}: --fix adds a syntax error:\n{text}", said()));
                }
            }
            _ => {}
        }
    }
    problems
}

#[test]
fn every_rule_is_documented_with_true_examples() {
    let analyzer = Analyzer::graph();
    let mut failures = Vec::new();
    for rule in catalogue() {
        for problem in shape_problems(rule)
            .into_iter()
            .chain(example_problems(&analyzer, rule))
        {
            failures.push(format!("rules/{}.md: {problem}", rule.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_documentation_file_belongs_to_a_rule() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    for entry in std::fs::read_dir(folder).expect("the rules folder") {
        let name = entry.expect("a folder entry").file_name();
        let name = name.to_string_lossy();
        let code = name.strip_suffix(".md").unwrap_or(&name);
        assert!(
            catalogue().any(|rule| rule.code == code),
            "rules/{name} documents no rule of rules.rs (renamed or removed?)"
        );
    }
}

#[test]
fn fixable_follows_the_wrong_examples() {
    let analyzer = Analyzer::graph();
    let fixable: Vec<&str> = catalogue()
        .filter(|rule| rule_docs::fixable(&analyzer, rule))
        .map(|rule| rule.code)
        .collect();
    insta::assert_debug_snapshot!(fixable);
}

/// The longest first line of a message that a Problems panel shows whole.
const FIRST_LINE_MAX: usize = 100;

/// The shipped example files (`tests/examples`), with their paths.
fn example_files() -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    let mut folders = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/examples"
    ))];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the examples folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// Every finding on every shipped example (the rule docs' and `tests/examples`) leads with a
/// first line a panel shows whole; the why goes on later lines and in the rule's docs.
#[test]
fn every_message_has_a_short_first_line() {
    let analyzer = Analyzer::graph();
    let mut long = Vec::new();
    let mut check = |source: String, diagnostics: Vec<Diagnostic>| {
        for d in diagnostics {
            let first = d.message.lines().next().unwrap_or("");
            if first.chars().count() > FIRST_LINE_MAX {
                long.push(format!(
                    "{source}: {} ({}): {first}",
                    d.code,
                    first.chars().count()
                ));
            }
        }
    };
    for rule in catalogue() {
        let config = rule_docs::example_config(rule);
        for example in rule_docs::examples(rule.doc) {
            let found = analyzer.analyze(example.text, example.kind, &config);
            check(format!("rules/{}.md", rule.code), found);
        }
    }
    for (path, text) in example_files() {
        let Some(kind) = credsum_analysis::FileKind::from_path(&path) else {
            continue;
        };
        let found = analyzer.analyze(&text, kind, &Default::default());
        check(path.display().to_string(), found);
    }
    long.sort();
    long.dedup();
    assert!(
        long.is_empty(),
        "{} first lines over {FIRST_LINE_MAX} characters:\n{}",
        long.len(),
        long.join("\n")
    );
}
