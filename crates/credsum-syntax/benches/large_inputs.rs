//! Criterion benchmarks of the inputs the syntax tests only guard against hanging
//! (tests/syntax/hang_guard.rs): a megabyte of Markdown fences and comments, a megabyte `.http`
//! body full of `{{variables}}`, 14,000 position conversions on one megabyte line, and a million
//! nested arrays. The figures, not the tests, say how fast these are:
//! `cargo bench -p credsum-syntax --bench large_inputs`.

use std::hint::black_box;

use credsum_syntax::http::{parse_http, variable_refs};
use credsum_syntax::json;
use credsum_syntax::line_index::{LineIndex, PositionEncoding};
use credsum_syntax::markdown::code_blocks;
use credsum_syntax::TextRange;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// A request block whose fence never closes, then a megabyte of almost-fences and comments.
fn markdown_megabyte() -> String {
    let mut text = "<!-- {\"blockType\": \"request\"} -->\n``` http\n".to_string();
    while text.len() < 1_000_000 {
        text.push_str("``` not a closing fence\n<!-- -- ->\n");
    }
    text
}

/// A PATCH request whose one-megabyte body is `{{v}}` references.
fn http_megabyte() -> String {
    let mut body = String::from("{");
    while body.len() < 1_000_000 {
        body.push_str("\"k\":\"{{v}}\",");
    }
    body.push('}');
    format!("PATCH {{{{host}}}}/x\nContent-Type: application/json\n\n{body}\n")
}

/// One minified line of a megabyte mixing ASCII, 2-, 3- and 4-byte characters.
fn minified_megabyte() -> String {
    let mut text = String::from("{\"a\":\"");
    while text.len() < 1_000_000 {
        text.push_str("abcdefghij😀中é0123456789");
    }
    text.push_str("\"}");
    text
}

/// Registers the benchmarks.
fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("large_inputs");
    group.sample_size(10);

    let markdown = markdown_megabyte();
    group.throughput(Throughput::Bytes(markdown.len() as u64));
    group.bench_function("markdown_code_blocks_1mb", |b| {
        b.iter(|| code_blocks(black_box(&markdown)))
    });

    let http = http_megabyte();
    group.throughput(Throughput::Bytes(http.len() as u64));
    group.bench_function("http_parse_and_variables_1mb", |b| {
        b.iter(|| {
            let file = parse_http(black_box(&http));
            let body = file.messages[0].body.unwrap_or(TextRange::new(0, 0));
            variable_refs(&http, body).len()
        })
    });

    let line = minified_megabyte();
    let index = LineIndex::new(&line);
    let len = u64::from(index.len());
    group.throughput(Throughput::Elements(14_000));
    group.bench_function("line_index_14k_utf16_round_trips_1mb_line", |b| {
        b.iter(|| {
            (0..14_000u64)
                .map(|i| {
                    let offset = (i * 7919 * 71 % len) as u32;
                    let pos = index.line_col(offset, PositionEncoding::Utf16);
                    u64::from(index.offset(pos, PositionEncoding::Utf16))
                })
                .sum::<u64>()
        })
    });

    let deep = "[".repeat(1_000_000);
    group.throughput(Throughput::Bytes(deep.len() as u64));
    group.bench_function("json_million_unclosed_arrays", |b| {
        b.iter(|| json::parse(black_box(&deep)).tree.node_count())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
