//! Analysis time of one body: the typical ~0.5 KB example, and generated 1 MB / 5 MB / 10 MB / 20 MB
//! bodies made of unknown properties (one diagnostic each), to show the time is linear in size.

use credsum_analysis::{Analyzer, Config, FileKind};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// A body of about `bytes` bytes: the example's properties followed by unknown ones.
fn big_body(bytes: usize) -> String {
    let mut text = String::from("{\n  \"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\",\n  \"totalUserCount\": 200");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(",\n  \"unknownProperty{i:06}\": \"value {i}\""));
        i += 1;
    }
    text.push_str("\n}\n");
    text
}

fn analyze(c: &mut Criterion) {
    let analyzer = Analyzer::graph();
    let config = Config {
        max_file_size: 64 * 1024 * 1024,
        ..Config::default()
    };
    let typical = include_str!("../../../tests/examples/valid/contoso-summary.json");
    c.bench_function("analyze/typical-0.5KB", |b| {
        b.iter(|| analyzer.analyze(typical, FileKind::Json, &config))
    });
    let mut group = c.benchmark_group("analyze/unknown-properties");
    group.sample_size(10);
    for mb in [1usize, 5, 10, 20] {
        let body = big_body(mb * 1024 * 1024);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{mb}MB")),
            &body,
            |b, body| b.iter(|| analyzer.analyze(body, FileKind::Json, &config)),
        );
    }
    group.finish();
}

criterion_group!(benches, analyze);
criterion_main!(benches);
