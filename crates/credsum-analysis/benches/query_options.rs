//! Analysis time of a `.http` request whose request line is about 13 KB (the goal names 10 KB):
//! a list request with a `$filter` of 500 clauses (and `$select`, `$orderby`, `$top`), parsed and
//! checked against the model. Issue 23's goal: under 1 ms. Figures in docs/benchmarks.md
//! ("OData query options").

use credsum_analysis::{Analyzer, Config, FileKind};
use criterion::{criterion_group, criterion_main, Criterion};

/// The request file: one GET with a 500-clause `$filter`.
fn request() -> String {
    let clauses: Vec<String> = (0..500)
        .map(|i| match i % 3 {
            0 => format!("totalUserCount gt {i}"),
            1 => format!("tenantId eq 't{i}'"),
            _ => "not securityDefaultsEnabled".to_owned(),
        })
        .collect();
    format!(
        "GET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries?$select=tenantId,totalUserCount&$orderby=lastRefreshedDateTime desc&$top=50&$filter={}\nAuthorization: Bearer x\n",
        clauses.join(" or ")
    )
}

fn query_options(c: &mut Criterion) {
    let analyzer = Analyzer::graph();
    let config = Config::default();
    let text = request();
    assert!(text.len() > 10_000, "{} bytes", text.len());
    c.bench_function("analyze/query-500-clauses-13KB", |b| {
        b.iter(|| analyzer.analyze(&text, FileKind::Http, &config))
    });
}

criterion_group!(benches, query_options);
criterion_main!(benches);
