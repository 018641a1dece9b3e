//! `credsum rules`: lists the rule catalogue (codes, default severities, schema-level flag).

use std::process::ExitCode;

use clap::Args;
use credsum_analysis::rules::RULES;

/// Options of `credsum rules`.
#[derive(Args)]
pub struct RulesArgs {
    /// Print only the codes of schema-level rules, as a JSON array (for tools that compare
    /// credsum with a JSON Schema validator).
    #[arg(long)]
    schema_level: bool,
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
