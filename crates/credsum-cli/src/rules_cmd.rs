//! `credsum rules`: lists the rule catalogue (codes, default severities, schema-level flag), for
//! people or, with `--format json`, for tools.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use credsum_analysis::rule_docs;
use credsum_analysis::rules::{self, RULES};
use credsum_analysis::Analyzer;
use serde_json::json;

/// Options of `credsum rules`.
#[derive(Args)]
pub struct RulesArgs {
    /// Print only the codes of schema-level rules, as a JSON array (for tools that compare
    /// credsum with a JSON Schema validator).
    #[arg(long)]
    schema_level: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human, conflicts_with = "schema_level")]
    format: RulesFormat,
}

/// The `--format` values.
#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    /// One line per rule.
    Human,
    /// A JSON array of {code, default_severity, secondary_severity, schema_level, summary,
    /// fixable, fixes, url} (`fixes`: the applicability of each kind of fix the rule offers,
    /// `safe`, `unsafe` or `display-only`); the `syntax` entry stands for every `syntax-*` code.
    Json,
}

/// Prints the rules.
pub fn run(args: &RulesArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    if args.schema_level {
        let codes: Vec<&str> = RULES
            .iter()
            .filter(|r| r.schema_level)
            .map(|r| r.code)
            .collect();
        println!("{}", serde_json::to_string(&codes)?);
        return Ok(ExitCode::SUCCESS);
    }
    if let RulesFormat::Json = args.format {
        // Whether a rule has a fix is judged by linting its documented examples.
        let analyzer = Analyzer::graph();
        let entries: Vec<_> = rules::catalogue()
            .map(|rule| {
                json!({
                    "code": rule.code,
                    "default_severity": rule.default.map_or("off", |s| s.name()),
                    "secondary_severity": rule.secondary.map(|s| json!({"severity": s.severity.name(), "when": s.when})),
                    "schema_level": rule.schema_level,
                    "summary": rule.summary,
                    "fixable": rule_docs::fixable(&analyzer, rule),
                    "fixes": rule.fixes,
                    "url": rules::doc_url(rule.code),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(ExitCode::SUCCESS);
    }
    for rule in RULES {
        let level = rule.default.map_or("off", |s| s.name());
        let schema = if rule.schema_level { " (schema)" } else { "" };
        println!("{:<26} {:<12} {}{schema}", rule.code, level, rule.summary);
    }
    println!(
        "{:<26} {:<12} The text is not valid JSON (one code per kind).",
        "syntax-*", "error"
    );
    Ok(ExitCode::SUCCESS)
}
