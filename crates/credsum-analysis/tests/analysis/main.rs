//! The analysis core's integration tests, in one binary (one link instead of one per file):
//! each module holds the tests of one rule family or editor feature, with its snapshots in
//! `snapshots/`.

mod body_rules;
mod completion;
mod fixes;
mod hover;
mod http_rules;
mod http_variables;
mod ide;
mod json_patch;
mod json_patch_oracle;
mod operations;
mod properties;
mod query_options;
mod rule_examples;
mod rules_doc;
mod schema_agreement;
mod support;
mod toy_resource;
