//! The OASIS OData ABNF test cases as the query parser's syntax oracle. The cases are not in
//! this repository (fetched material is not committed): `CREDSUM_ODATA_ABNF` names the file
//! `odata-abnf-testcases.yaml` of oasis-tcs/odata-abnf (`abnf/`), and
//! `tests/odata_abnf/run.sh PATH` runs this test with it. Of the cases whose rule the parser
//! covers, every positive one must parse with no problem and every negative one must fail (at
//! the position the suite gives, counted apart). The test prints counts per rule and the
//! failing cases, and fails when a count falls below the floor recorded in docs/odata-query.md.

use std::collections::BTreeMap;

use credsum_syntax::odata_query::{parse_expression_text, parse_query, ParseOptions};
use credsum_syntax::TextRange;

/// One case of the suite.
#[derive(serde::Deserialize)]
struct Case {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Rule")]
    rule: String,
    #[serde(rename = "Input")]
    input: serde_norway::Value,
    #[serde(rename = "FailAt")]
    fail_at: Option<u32>,
}

/// The suite's top level.
#[derive(serde::Deserialize)]
struct Suite {
    #[serde(rename = "TestCases")]
    test_cases: Vec<Case>,
}

/// The rules the parser covers, and how each is run: as a query (options joined by `&`) or as
/// one expression.
fn reading(rule: &str) -> Option<Reading> {
    match rule {
        "queryOptions" | "systemQueryOption" | "filter" | "orderby" | "select" | "expand"
        | "search" | "skiptoken" => Some(Reading::Query),
        "commonExpr" | "boolCommonExpr" => Some(Reading::Expression),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Reading {
    Query,
    Expression,
}

/// The decoded offset where the parser first finds a problem, if any.
fn first_problem(reading: Reading, input: &str) -> Option<u32> {
    match reading {
        Reading::Query => {
            let range = TextRange::new(0, u32::try_from(input.len()).unwrap_or(u32::MAX));
            parse_query(input, range, ParseOptions::odata())
                .first_problem()
                .map(|r| r.start)
        }
        Reading::Expression => parse_expression_text(input)
            .1
            .iter()
            .map(|e| e.range.start)
            .min(),
    }
}

#[derive(Default)]
struct Counts {
    positive_pass: usize,
    positive_fail: usize,
    negative_pass: usize,
    negative_at_position: usize,
    negative_fail: usize,
}

#[test]
#[ignore = "needs CREDSUM_ODATA_ABNF: run tests/odata_abnf/run.sh PATH"]
fn odata_abnf_test_cases() {
    let path = std::env::var("CREDSUM_ODATA_ABNF").expect("CREDSUM_ODATA_ABNF names the YAML file");
    let yaml = std::fs::read_to_string(&path).expect("the ABNF test cases can be read");
    let suite: Suite = serde_norway::from_str(&yaml).expect("the test cases are YAML");
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &suite.test_cases {
        let Some(reading) = reading(&case.rule) else {
            continue;
        };
        let input = match &case.input {
            serde_norway::Value::String(s) => s.clone(),
            other => serde_norway::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        let problem = first_problem(reading, &input);
        let c = counts.entry(case.rule.clone()).or_default();
        match (case.fail_at, problem) {
            (None, None) => c.positive_pass += 1,
            (None, Some(at)) => {
                c.positive_fail += 1;
                failures.push(format!(
                    "positive {} [{}] `{input}`: problem at {at}",
                    case.rule, case.name
                ));
            }
            (Some(want), Some(at)) => {
                c.negative_pass += 1;
                // The suite counts from 1 in places and from 0 in others; both are taken.
                if at == want || at + 1 == want {
                    c.negative_at_position += 1;
                }
            }
            (Some(want), None) => {
                c.negative_fail += 1;
                failures.push(format!(
                    "negative {} [{}] `{input}`: parses (should fail at {want})",
                    case.rule, case.name
                ));
            }
        }
    }
    println!("rule | positives passed | positives failed | negatives failing as they should (at the suite's position) | negatives parsed");
    let mut total = Counts::default();
    for (rule, c) in &counts {
        println!(
            "{rule} | {} | {} | {} ({}) | {}",
            c.positive_pass,
            c.positive_fail,
            c.negative_pass,
            c.negative_at_position,
            c.negative_fail
        );
        total.positive_pass += c.positive_pass;
        total.positive_fail += c.positive_fail;
        total.negative_pass += c.negative_pass;
        total.negative_at_position += c.negative_at_position;
        total.negative_fail += c.negative_fail;
    }
    println!(
        "total | {} | {} | {} ({}) | {}",
        total.positive_pass,
        total.positive_fail,
        total.negative_pass,
        total.negative_at_position,
        total.negative_fail
    );
    for failure in &failures {
        println!("{failure}");
    }
    let floor: usize = std::env::var("CREDSUM_ODATA_ABNF_FLOOR")
        .ok()
        .and_then(|f| f.parse().ok())
        .unwrap_or(0);
    assert!(
        total.positive_pass + total.negative_pass >= floor,
        "{} cases agree with the suite, fewer than the floor {floor}",
        total.positive_pass + total.negative_pass
    );
}
