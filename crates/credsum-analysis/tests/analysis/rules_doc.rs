//! `docs/rules.md` is generated from the rule declarations in `rules.rs`: this test fails when the
//! committed file differs, and `UPDATE_RULES_DOC=1` rewrites it.

use credsum_analysis::rule_docs::reference_markdown;

#[test]
fn rules_reference_is_generated_from_the_rule_declarations() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let generated = reference_markdown();
    if std::env::var_os("UPDATE_RULES_DOC").is_some() {
        std::fs::write(path, &generated).expect("write docs/rules.md");
    }
    let committed = std::fs::read_to_string(path).expect("docs/rules.md");
    assert!(
        committed == generated,
        "docs/rules.md differs from the rules in crates/credsum-analysis/src/rules.rs; \
         run `UPDATE_RULES_DOC=1 cargo test -p credsum-analysis --test analysis rules_doc`"
    );
}
