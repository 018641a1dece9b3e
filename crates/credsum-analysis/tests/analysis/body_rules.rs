//! One fixture per body rule: the diagnostics drawn under the text, as inline snapshots.

use crate::support;

use credsum_analysis::FileKind;
use support::check;

fn json(text: &str) -> String {
    check(FileKind::Json, text)
}

#[test]
fn valid_body_has_no_findings() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/examples/valid/contoso-summary.json"
    ))
    .unwrap();
    let found = support::analyze(FileKind::Json, &text);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn docs_placeholders_and_quoted_values() {
    insta::assert_snapshot!(json(
        r##"{
  "totalUserCount": "Integer",
  "securityDefaultsEnabled": "true",
  "mfaRegisteredUserCount": "42",
  "lastRefreshedDateTime": "String (timestamp)",
  "tenantDisplayName": "String"
}"##
    ));
}

#[test]
fn unknown_properties_with_and_without_suggestion() {
    insta::assert_snapshot!(json(
        r##"{
  "tenantDisplayNme": "Contoso",
  "color": "blue",
  "@odata.etag": "W/\"1\"",
  "tenantid": "x"
}"##
    ));
}

#[test]
fn wrong_types_nulls_and_numbers() {
    insta::assert_snapshot!(json(
        r##"{
  "id": null,
  "tenantId": 42,
  "totalUserCount": 1.5,
  "mfaRegisteredUserCount": 2147483648,
  "ssprRegisteredUserCount": -2147483649,
  "securityDefaultsEnabled": [true],
  "tenantDisplayName": null
}"##
    ));
}

#[test]
fn date_times() {
    insta::assert_snapshot!(json(
        r##"[
{"lastRefreshedDateTime": "2021-02-30T10:00:00Z"},
{"lastRefreshedDateTime": "2021-07-11 11:15:52Z"},
{"lastRefreshedDateTime": "2021-07-11T11:15:52.123456789Z"}
]"##
    ));
    insta::assert_snapshot!(json(
        r##"{
  "lastRefreshedDateTime": "2021-02-30T10:00:00Z",
  "mfaExcludedUserCount": 1
}"##
    ));
    insta::assert_snapshot!(json(
        r##"{"lastRefreshedDateTime": "2021-07-11T11:15:52.123456789Z"}"##
    ));
}

#[test]
fn odata_type_id_and_duplicates() {
    insta::assert_snapshot!(json(
        r##"{
  "@odata.type": "#microsoft.graph.managedTenants.tenant",
  "id": "8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c",
  "tenantId": "a",
  "tenantId": "b"
}"##
    ));
}

#[test]
fn domain_sanity_and_known_values() {
    insta::assert_snapshot!(json(
        r##"{
  "totalUserCount": 100,
  "mfaRegisteredUserCount": 150,
  "ssprEnabledUserCount": -1,
  "mfaConditionalAccessPolicyState": "Enabled",
  "tenantLicenseType": "AADPremium9"
}"##
    ));
}

#[test]
fn empty_bodies_and_non_objects() {
    insta::assert_snapshot!(json("{}"));
    insta::assert_snapshot!(json("  \n"));
    insta::assert_snapshot!(json("[1, 2]"));
}

#[test]
fn syntax_errors_do_not_hide_semantic_errors() {
    insta::assert_snapshot!(json(
        r##"{
  // a comment
  "tenantDisplayName": "Contoso"
  "totalUserCount": "Integer",
  "tenantDisplayNme": "x",
}"##
    ));
}

#[test]
fn positions_after_emoji_and_cjk() {
    insta::assert_snapshot!(json(
        "{\"tenantDisplayName\": \"🎉 コントソ\", \"totalUserCount\": \"Integer\"}"
    ));
}

#[test]
fn crlf_and_bom() {
    insta::assert_snapshot!(json("\u{feff}{\r\n  \"totalUserCount\": true\r\n}\r\n"));
}

#[test]
fn read_only_rule_is_off_by_default_and_configurable() {
    use credsum_analysis::{Analyzer, Config, RuleLevel};
    let text = r#"{"tenantDisplayName": "Contoso", "totalUserCount": 5}"#;
    assert!(support::analyze(FileKind::Json, text).is_empty());
    let mut config = Config::default();
    config
        .rules
        .insert("read-only-property".into(), RuleLevel::Warning);
    config.rules.insert("syntax".into(), RuleLevel::Off);
    let found = Analyzer::graph().analyze(text, FileKind::Json, &config);
    insta::assert_snapshot!(support::annotate(text, &found));
    let broken =
        Analyzer::graph().analyze(r#"{"tenantDisplayName": "x",}"#, FileKind::Json, &config);
    assert!(
        broken.iter().all(|d| d.code == "read-only-property"),
        "syntax family turned off: {broken:?}"
    );
}

/// One finding per mistake: a count beyond Int32 is out of range, not also above its bound.
#[test]
fn an_out_of_range_count_is_not_also_above_its_bound() {
    let codes: Vec<String> = support::analyze(
        FileKind::Json,
        "{\"totalUserCount\": 10, \"mfaRegisteredUserCount\": 2147483648}",
    )
    .iter()
    .map(|d| d.code.to_string())
    .collect();
    assert!(
        codes.contains(&"int32-out-of-range".to_owned()),
        "{codes:?}"
    );
    assert!(
        !codes.contains(&"count-exceeds-total".to_owned()),
        "{codes:?}"
    );
}
