//! One verdict for lint and the exported schemas (issue 24 item 4, issue 25 item 1): on random
//! bodies (every property and annotation, undeclared `@odata.*` and instance annotations, typos,
//! nulls, numbers at the Int32 bounds, fractions and exponents, placeholders, odd dates), the
//! `jsonschema` crate's verdict with the exported 2020-12 and draft-07 schemas is lint's
//! schema-level verdict; on random JSON Patch documents, the exported JSON Patch schemas reject
//! exactly what lint reports an error for (besides `json-patch-document`, which every patch
//! document gets where Graph reads a body).

use credsum_analysis::{Analyzer, Config, FileKind, Severity};
use credsum_model::annotations::ANNOTATIONS;
use credsum_model::export::{self, Format, Options};
use credsum_model::registry::ODATA_TYPE;
use credsum_model::Registry;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use serde_json::Value;

/// Cases of each property test.
const CASES: u32 = 512;

/// Names a body member may have: the resource's properties, `@odata.type`, the declared
/// annotations, undeclared and instance annotations, and typos.
fn member_names() -> Vec<String> {
    let registry = Registry::graph();
    let resource = &registry.resources()[0];
    let mut names: Vec<String> = resource.property_names().map(str::to_owned).collect();
    names.push(ODATA_TYPE.to_owned());
    names.extend(ANNOTATIONS.iter().map(|a| a.name.to_owned()));
    names.extend(
        [
            "@odata.foo",
            "tenantId@odata.type",
            "@Org.Vocabulary.term",
            "tenantDisplayNme",
            "TotalUserCount",
        ]
        .map(str::to_owned),
    );
    names
}

/// JSON literals a value may be: nulls, numbers at and past the Int32 bounds, whole numbers
/// written with a fraction part or an exponent (exact in a 64-bit float), fractions, strings
/// (timestamps right and wrong, placeholders, quoted numbers and booleans, the `@odata.type`
/// constant and another type), booleans, arrays and objects.
const LITERALS: &[&str] = &[
    "null",
    "0",
    "-1",
    "42",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "9007199254740993",
    "90.0",
    "9e1",
    "1.5",
    "-0.25",
    "true",
    "false",
    "\"\"",
    "\"Contoso\"",
    "\"42\"",
    "\"true\"",
    "\"Integer\"",
    "\"Boolean\"",
    "\"String\"",
    "\"String (timestamp)\"",
    "\"2021-07-11T11:15:52.9375367Z\"",
    "\"2024-02-29T00:00:00+05:30\"",
    "\"2021-02-29T00:00:00Z\"",
    "\"2021-07-11 11:15:52Z\"",
    "\"2021-07-11\"",
    "\"W/\\\"1\\\"\"",
    "\"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\"",
    "\"#microsoft.graph.user\"",
    "[]",
    "[1]",
    "{}",
    "{\"a\": 1}",
];

/// A body: up to 6 members, each a name and a literal.
fn body() -> impl Strategy<Value = String> {
    let names = member_names();
    prop::collection::vec(
        (prop::sample::select(names), prop::sample::select(LITERALS)),
        0..6,
    )
    .prop_map(|members| {
        let members: Vec<String> = members
            .iter()
            .map(|(name, literal)| format!("{}: {literal}", Value::from(name.as_str())))
            .collect();
        format!("{{{}}}\n", members.join(", "))
    })
}

/// Pointers a patch operation may name: properties, `@odata.type`, annotations, unknown names,
/// below a property, and not a pointer.
const POINTERS: &[&str] = &[
    "/tenantId",
    "/totalUserCount",
    "/securityDefaultsEnabled",
    "/lastRefreshedDateTime",
    "/id",
    "/@odata.type",
    "/@odata.etag",
    "/@odata.foo",
    "/tenantDisplayNme",
    "/totalUserCount/0",
    "totalUserCount",
    "",
];

/// Operation names: the six of RFC 6902 and a typo.
const OPS: &[&str] = &["add", "remove", "replace", "move", "copy", "test", "ad"];

/// One operation: `op`, `path`, maybe `from`, maybe `value`.
fn operation() -> impl Strategy<Value = String> {
    (
        prop::sample::select(OPS),
        prop::sample::select(POINTERS),
        prop::option::of(prop::sample::select(POINTERS)),
        prop::option::of(prop::sample::select(LITERALS)),
    )
        .prop_map(|(op, path, from, value)| {
            let mut members = vec![
                format!("\"op\": {}", Value::from(op)),
                format!("\"path\": {}", Value::from(path)),
            ];
            members.extend(from.map(|f| format!("\"from\": {}", Value::from(f))));
            members.extend(value.map(|v| format!("\"value\": {v}")));
            format!("{{{}}}", members.join(", "))
        })
}

/// Operations both sides accept, read from the exported body schema: an add, replace or test of
/// each property with its example value (a string when it has none), and a remove of each
/// property that may be null.
fn good_operations() -> Vec<String> {
    let registry = Registry::graph();
    let body = export::document(&registry, Format::JsonSchema, None, Options::default());
    let mut out = Vec::new();
    for name in registry.resources()[0].property_names() {
        let schema = &body["properties"][name];
        let path = Value::from(format!("/{name}"));
        let value = schema["examples"]
            .get(0)
            .cloned()
            .unwrap_or_else(|| Value::from("Contoso"));
        for op in ["add", "replace", "test"] {
            out.push(format!(
                r#"{{"op": "{op}", "path": {path}, "value": {value}}}"#
            ));
        }
        if schema["type"]
            .as_array()
            .is_some_and(|t| t.contains(&Value::from("null")))
        {
            out.push(format!(r#"{{"op": "remove", "path": {path}}}"#));
        }
    }
    out
}

/// A patch document of 1 to 3 operations, two in three of them good ones.
fn patch_document() -> impl Strategy<Value = String> {
    let op = prop_oneof![2 => prop::sample::select(good_operations()), 1 => operation()];
    prop::collection::vec(op, 1..4).prop_map(|ops| format!("[{}]\n", ops.join(", ")))
}

/// The exported schemas of `formats`, compiled (formats asserted, as lint does).
fn validators(formats: [Format; 2]) -> Vec<(Format, jsonschema::Validator)> {
    let registry = Registry::graph();
    formats
        .into_iter()
        .map(|format| {
            let schema = export::document(&registry, format, None, Options::default());
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("exported schema compiles");
            (format, validator)
        })
        .collect()
}

/// Runs `CASES` cases of `strategy` and asserts that every exported schema of `formats`
/// accepts exactly the texts `lint_accepts` accepts; returns how many of them lint rejected.
fn agree(
    strategy: impl Strategy<Value = String>,
    formats: [Format; 2],
    lint_accepts: impl Fn(&str) -> bool,
) -> u32 {
    let validators = validators(formats);
    let mut runner = TestRunner::new(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let rejected = std::cell::Cell::new(0);
    let result = runner.run(&strategy, |text| {
        let instance: Value = serde_json::from_str(&text).expect("generated JSON parses");
        let lint = lint_accepts(&text);
        rejected.set(rejected.get() + u32::from(!lint));
        for (format, validator) in &validators {
            let errors: Vec<String> = validator
                .iter_errors(&instance)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            prop_assert_eq!(
                errors.is_empty(),
                lint,
                "{}: {} (schema: {:?})",
                format,
                text.trim_end(),
                errors
            );
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    rejected.get()
}

#[test]
fn lint_and_the_exported_body_schemas_agree_on_random_bodies() {
    let analyzer = Analyzer::graph();
    let config = Config::default();
    let rejected = agree(
        body(),
        [Format::JsonSchema, Format::JsonSchemaDraft07],
        |text| {
            !analyzer
                .analyze(text, FileKind::Json, &config)
                .iter()
                .any(|d| d.severity == Severity::Error && d.code.is_schema_level())
        },
    );
    println!("{CASES} bodies: {rejected} rejected by lint and both schemas, the rest by none");
    // Both verdicts occur: the corpus is not all valid or all invalid.
    assert!(
        rejected > CASES / 10 && rejected < CASES * 9 / 10,
        "{rejected}"
    );
}

#[test]
fn lint_and_the_exported_json_patch_schemas_agree_on_random_patch_documents() {
    let analyzer = Analyzer::graph();
    let config = Config::default();
    let rejected = agree(
        patch_document(),
        [Format::JsonPatchSchema, Format::JsonPatchSchemaDraft07],
        |text| {
            !analyzer
                .analyze(text, FileKind::Json, &config)
                .iter()
                .any(|d| d.severity == Severity::Error && d.code != "json-patch-document")
        },
    );
    println!("{CASES} patch documents: {rejected} rejected by lint and both schemas");
    assert!(
        rejected > CASES / 10 && rejected < CASES * 9 / 10,
        "{rejected}"
    );
}
