//! Issue 21 item 3, through the real binary: a UTF-8 BOM is skipped for every file kind, named,
//! walked and on standard input, and kept by `--fix`; every shipped example gives the same
//! findings with and without a BOM and with LF or CRLF line ends.

use std::path::Path;
use std::process::Stdio;

use crate::common::{credsum, feed, finish, Scratch};

const BOM: &str = "\u{FEFF}";

/// Whether a shipped example is a request file (not an environment file of `.http` requests).
fn is_request_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !(name.ends_with(".env") || name.ends_with(".env.json") || name == "settings.json")
}

/// The shipped request examples (tests/examples), by path relative to that folder.
fn examples() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/examples");
    let mut found = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("examples").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if is_request_file(&path) {
                let rel = path.strip_prefix(&root).unwrap().display().to_string();
                found.push((rel, std::fs::read_to_string(&path).expect("UTF-8 example")));
            }
        }
    }
    found.sort();
    found
}

/// `(path, code, message, line)` of every finding of a JSON report, columns left out (a BOM
/// shifts the first line's).
fn findings(report: &serde_json::Value) -> Vec<(String, String, String, u64)> {
    let mut all = Vec::new();
    for file in report.as_array().expect("array") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            all.push((
                file["path"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            ));
        }
    }
    all
}

/// A way to write the same text (with a BOM, with CRLF line ends).
type Variant = fn(&str) -> String;

#[test]
fn every_example_has_the_same_findings_with_a_bom_and_with_crlf() {
    let variants: [(&str, Variant); 4] = [
        ("plain", |t| t.to_owned()),
        ("bom", |t| format!("{BOM}{t}")),
        ("crlf", |t| t.replace('\n', "\r\n")),
        ("bom-crlf", |t| format!("{BOM}{}", t.replace('\n', "\r\n"))),
    ];
    let examples = examples();
    assert!(examples.len() >= 10, "{examples:?}");
    let mut reports = Vec::new();
    for (name, variant) in variants {
        let scratch = Scratch::new();
        for (rel, text) in &examples {
            scratch.write(rel, variant(text));
        }
        // Named (every file) and walked (the folder) runs.
        let named: Vec<&str> = examples.iter().map(|(rel, _)| rel.as_str()).collect();
        let by_name = findings(&scratch.lint_json(&named).json());
        let walked = findings(&scratch.lint_json(&["."]).json());
        assert!(!by_name.is_empty(), "{name}");
        reports.push((name, by_name, walked));
    }
    // `Content-Length` counts bytes, which CRLF changes: that rule alone may differ with the
    // line ends (the BOM variants are compared whole).
    let without_length = |findings: &[(String, String, String, u64)]| {
        findings
            .iter()
            .filter(|f| f.1 != "content-length-mismatch")
            .cloned()
            .collect::<Vec<_>>()
    };
    let (_, plain_named, plain_walked) = &reports[0];
    assert_eq!(&reports[1].1, plain_named, "named files, bom");
    assert_eq!(&reports[1].2, plain_walked, "walked files, bom");
    assert_eq!(
        reports[3].1, reports[2].1,
        "named files, crlf with and without a bom"
    );
    assert_eq!(
        reports[3].2, reports[2].2,
        "walked files, crlf with and without a bom"
    );
    assert_eq!(
        without_length(&reports[2].1),
        without_length(plain_named),
        "named, crlf"
    );
    assert_eq!(
        without_length(&reports[2].2),
        without_length(plain_walked),
        "walked, crlf"
    );
}

#[test]
fn a_bom_on_standard_input_is_skipped_for_every_kind() {
    for (rel, text) in examples() {
        let kind_name = match Path::new(&rel).extension().and_then(|e| e.to_str()) {
            Some("json" | "http" | "md") => rel.clone(),
            _ => continue,
        };
        let mut results = Vec::new();
        for input in [text.clone(), format!("{BOM}{text}")] {
            let mut child = credsum(Path::new(env!("CARGO_MANIFEST_DIR")))
                .args([
                    "lint",
                    "--format",
                    "json",
                    "--stdin",
                    "--stdin-filename",
                    &kind_name,
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            let start = std::time::Instant::now();
            feed(&mut child, input.as_bytes());
            let run = finish(child, start);
            results.push(findings(&run.json()));
        }
        assert_eq!(results[0], results[1], "{rel} on standard input");
    }
}

#[test]
fn fix_keeps_the_bom_of_each_kind() {
    let scratch = Scratch::new();
    let http = "PATCH https://graph.microsoft.com/v1.0/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/1\nAuthorization: Bearer {{token}}\nContent-Type: application/json\n\n{\n  \"totalUserCount\": \"Integer\"\n}\n";
    scratch.write("a.http", format!("{BOM}{http}"));
    scratch.write("a.md", format!("{BOM}# Update\n\n```http\n{http}```\n"));
    scratch.write(
        "a.json",
        format!("{BOM}{{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\", \"totalUserCount\": 1,}}\n"),
    );
    let before: Vec<Vec<u8>> = ["a.http", "a.md", "a.json"]
        .iter()
        .map(|f| scratch.read(f))
        .collect();
    scratch.run(&["lint", "--fix", "a.http", "a.md", "a.json"]);
    for (file, before) in ["a.http", "a.md", "a.json"].iter().zip(before) {
        let after = scratch.read(file);
        assert_ne!(after, before, "{file} was fixed");
        assert!(after.starts_with(BOM.as_bytes()), "{file} keeps its BOM");
    }
}
