//! Fuzzes the OData query-option parser (`credsum_syntax::odata_query`) in both readings (Graph's,
//! where `+` is a space, and the ABNF's) and the checks of a list request carrying the input as
//! its query. Every option, name, value, expression node, path segment and error range must lie
//! inside the query on char boundaries, and a node's children must come before it; diagnostics
//! and fixes must be in range, and the fixed file must analyse without panicking.
#![no_main]

use credsum_analysis::FileKind;
use credsum_fuzz::{analyze_and_fix, assert_range_in};
use credsum_syntax::odata_query::{
    parse_query, ExprKind, Expression, OptionValue, ParseOptions, QueryOption,
};
use credsum_syntax::TextRange;
use libfuzzer_sys::fuzz_target;

/// The list endpoint the request is sent to.
const LIST: &str = "GET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries?";

fuzz_target!(|data: &[u8]| {
    let query = credsum_fuzz::text_of(data);
    // One line: the request line ends at the first line break.
    let query = query.lines().next().unwrap_or("");
    let bounds = TextRange::new(0, query.len() as u32);
    for options in [ParseOptions::graph(), ParseOptions::odata()] {
        let parsed = parse_query(query, bounds, options);
        for error in &parsed.errors {
            assert_range_in(query, error.range, bounds, "query error");
        }
        check_options(query, &parsed.options, bounds);
    }
    analyze_and_fix(&format!("{LIST}{query}\nAuthorization: Bearer x\n"), FileKind::Http);
});

/// Checks the options (and those nested in `$select`/`$expand` items) against `bounds`.
fn check_options(text: &str, options: &[QueryOption], bounds: TextRange) {
    let mut stack: Vec<&QueryOption> = options.iter().collect();
    while let Some(option) = stack.pop() {
        assert_range_in(text, option.range, bounds, "option");
        assert_range_in(text, option.name.range, option.range, "option name");
        match &option.content {
            OptionValue::Expression(e) => check_expression(text, e, bounds),
            OptionValue::OrderBy(items) => {
                for item in items {
                    check_expression(text, &item.expression, bounds);
                }
            }
            OptionValue::Paths(items) => {
                for item in items {
                    for segment in &item.segments {
                        assert_range_in(text, segment.range, bounds, "path segment");
                    }
                    stack.extend(item.options.iter().flatten());
                }
            }
            _ => {}
        }
    }
}

/// Every node is in range and its children come before it.
fn check_expression(text: &str, e: &Expression, bounds: TextRange) {
    for (i, node) in e.nodes.iter().enumerate() {
        assert_range_in(text, node.range, bounds, "expression node");
        let children: Vec<u32> = match &node.kind {
            ExprKind::Call(_, args) | ExprKind::List(args) => args.iter().map(|a| a.0).collect(),
            ExprKind::Not(x) | ExprKind::Negate(x) | ExprKind::Paren(x) => vec![x.0],
            ExprKind::Binary(_, _, l, r) => vec![l.0, r.0],
            ExprKind::Lambda(p, _, _, b) => std::iter::once(p.0).chain(b.map(|b| b.0)).collect(),
            _ => Vec::new(),
        };
        assert!(children.iter().all(|c| (*c as usize) < i), "children come first");
    }
}
