//! `docs/rules.md` documents every rule with its default severity.

use credsum_analysis::rules::RULES;

#[test]
fn rules_reference_lists_every_rule_with_its_default() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md"))
        .expect("docs/rules.md");
    for rule in RULES {
        let default = rule.default.map_or("off", |s| s.name());
        let row = format!(
            "<a id=\"{}\"></a>`{}` | {default} | {} |",
            rule.code,
            rule.code,
            if rule.schema_level { "yes" } else { "no" }
        );
        assert!(
            doc.contains(&row),
            "docs/rules.md lacks or misstates `{}`: expected a row with {row}",
            rule.code
        );
    }
}
