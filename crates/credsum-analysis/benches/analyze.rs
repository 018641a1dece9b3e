//! Analysis time of one body: the typical ~0.5 KB example; generated 1 MB / 5 MB / 10 MB / 20 MB
//! bodies packed with short unknown properties (one diagnostic each, ~27,000 per MB: the worst
//! case), to show the time is linear in size; and 1 MB / 10 MB bodies shaped like the language-
//! server issue's (~14,000 unknown properties per MB with GUID-like values).

use credsum_analysis::{Analyzer, Config, FileKind};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// A body of about `bytes` bytes: the example's properties followed by unknown ones, each
/// written by `member(i)`.
fn big_body(bytes: usize, member: impl Fn(usize) -> String) -> String {
    let mut text = String::from("{\n  \"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\",\n  \"totalUserCount\": 200");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&member(i));
        i += 1;
    }
    text.push_str("\n}\n");
    text
}

/// A benchmark group of generated bodies: name, sizes in "MB", bytes per "MB", member writer.
type BodyGroup = (&'static str, &'static [usize], usize, fn(usize) -> String);

/// A short unknown property (the dense, worst-case shape).
fn dense(i: usize) -> String {
    format!(",\n  \"unknownProperty{i:06}\": \"value {i}\"")
}

/// An unknown property with a GUID-like value (the language-server issue's shape).
fn guid(i: usize) -> String {
    let x = i.wrapping_mul(2_654_435_761);
    format!(
        ",\n  \"customAttribute{i:05}\": \"{x:08x}-1f2e-4d3c-8b4a-{x:012x}-{:04}\"",
        i % 10_000
    )
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
    let groups: [BodyGroup; 2] = [
        (
            "analyze/unknown-properties",
            &[1, 5, 10, 20],
            1024 * 1024,
            dense,
        ),
        ("analyze/issue-shaped", &[1, 10], 1_000_000, guid),
    ];
    for (name, sizes, mb_bytes, member) in groups {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for mb in sizes {
            let body = big_body(mb * mb_bytes, member);
            group.throughput(Throughput::Bytes(body.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{mb}MB")),
                &body,
                |b, body| b.iter(|| analyzer.analyze(body, FileKind::Json, &config)),
            );
        }
        group.finish();
    }
}

criterion_group!(benches, analyze);
criterion_main!(benches);
