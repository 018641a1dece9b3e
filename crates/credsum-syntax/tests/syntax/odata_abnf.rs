//! The OASIS OData ABNF test cases as the query parser's syntax oracle. The cases are not in
//! this repository (fetched material is not committed): `CREDSUM_ODATA_ABNF` names the file
//! `odata-abnf-testcases.yaml` of oasis-tcs/odata-abnf (`abnf/`), and
//! `tests/odata_abnf/run.sh PATH` runs this test with it. Of the cases whose rule the parser
//! covers, every positive one must parse with no problem and every negative one must fail at the
//! position the suite gives. The test prints counts per rule and every case that disagrees, and
//! fails when the disagreements are not exactly the committed allow-list
//! `tests/odata_abnf/known_differences.txt` (a new one is a regression; one gone must be struck).

use std::collections::{BTreeMap, BTreeSet};

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

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.positive_pass += other.positive_pass;
        self.positive_fail += other.positive_fail;
        self.negative_pass += other.negative_pass;
        self.negative_at_position += other.negative_at_position;
        self.negative_fail += other.negative_fail;
    }
}

/// How one case came out, when it disagrees with the suite.
fn difference(fail_at: Option<u32>, problem: Option<u32>) -> Option<String> {
    match (fail_at, problem) {
        (None, None) => None,
        (None, Some(at)) => Some(format!("positive fails at {at}")),
        // The suite counts from 1 in places and from 0 in others; both are taken.
        (Some(want), Some(at)) if at == want || at + 1 == want => None,
        (Some(want), Some(at)) => Some(format!("negative fails at {at}, not {want}")),
        (Some(want), None) => Some(format!("negative parses (should fail at {want})")),
    }
}

/// The committed allow-list: one known difference a line, `rule | name #n | outcome`
/// (`#n` numbers cases that share a rule and a name); `#` starts a comment.
fn known_differences() -> BTreeSet<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/odata_abnf/known_differences.txt"
    );
    std::fs::read_to_string(path)
        .expect("tests/odata_abnf/known_differences.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
#[ignore = "needs CREDSUM_ODATA_ABNF: run tests/odata_abnf/run.sh PATH"]
fn odata_abnf_test_cases() {
    let path = std::env::var("CREDSUM_ODATA_ABNF").expect("CREDSUM_ODATA_ABNF names the YAML file");
    let yaml = std::fs::read_to_string(&path).expect("the ABNF test cases can be read");
    let suite: Suite = serde_norway::from_str(&yaml).expect("the test cases are YAML");
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut differences = BTreeSet::new();
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
        let n = seen
            .entry((case.rule.clone(), case.name.clone()))
            .and_modify(|n| *n += 1)
            .or_insert(1);
        let problem = first_problem(reading, &input);
        let c = counts.entry(case.rule.clone()).or_default();
        match (case.fail_at, problem) {
            (None, None) => c.positive_pass += 1,
            (None, Some(_)) => c.positive_fail += 1,
            (Some(_), Some(_)) => {
                c.negative_pass += 1;
                if difference(case.fail_at, problem).is_none() {
                    c.negative_at_position += 1;
                }
            }
            (Some(_), None) => c.negative_fail += 1,
        }
        if let Some(outcome) = difference(case.fail_at, problem) {
            let key = format!("{} | {} #{n} | {outcome}", case.rule, case.name);
            println!("{key}    `{input}`");
            differences.insert(key);
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
        total.add(c);
    }
    println!(
        "total | {} | {} | {} ({}) | {}",
        total.positive_pass,
        total.positive_fail,
        total.negative_pass,
        total.negative_at_position,
        total.negative_fail
    );
    let known = known_differences();
    let new: Vec<&String> = differences.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&differences).collect();
    for d in &new {
        println!("new difference (a regression, or add it to the allow-list): {d}");
    }
    for d in &gone {
        println!("no longer a difference (remove it from the allow-list): {d}");
    }
    assert!(
        new.is_empty() && gone.is_empty(),
        "{} new differences, {} listed differences gone: see above",
        new.len(),
        gone.len()
    );
}
