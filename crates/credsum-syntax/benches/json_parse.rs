//! Criterion benchmarks of the tolerant JSON parser: a 1 MB generated PATCH body with
//! 14,000 members, a 0.5 KB body, and `covering_node` lookups on the large one.

use std::hint::black_box;

use credsum_syntax::json;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// A pretty-printed object of `members` members mixing every value type, about 75 bytes each
/// (14,000 members make about 1 MB).
fn generated_body(members: usize) -> String {
    let mut out = String::from("{\n");
    for i in 0..members {
        let value = match i % 6 {
            0 => {
                format!("\"user{i}@contoso.onmicrosoft.com, registered for MFA and SSPR, capable\"")
            }
            1 => format!("{}.{}", i * 7919, i % 100),
            2 => "true".to_owned(),
            3 => "null".to_owned(),
            4 => format!("[\"mobilePhone\", \"microsoftAuthenticatorPush\", {i}, false]"),
            _ => format!(
                "{{\"nested\": \"caf\\u00e9 {i}\", \"count\": -{i}e3, \"isEnabled\": true}}"
            ),
        };
        let comma = if i + 1 < members { "," } else { "" };
        out.push_str(&format!(
            "    \"extensionAttributeValue{i:05}\": {value}{comma}\n"
        ));
    }
    out.push('}');
    out
}

/// A small realistic PATCH body (about half a kilobyte).
const SMALL: &str = r##"{
  "@odata.type": "#microsoft.graph.credentialUserRegistrationDetails",
  "userPrincipalName": "adele.vance@contoso.onmicrosoft.com",
  "userDisplayName": "Adele Vance",
  "authMethods": ["mobilePhone", "microsoftAuthenticatorPush", "softwareOneTimePasscode"],
  "isRegistered": true,
  "isEnabled": true,
  "isCapable": false,
  "isMfaRegistered": true,
  "registrationCount": 3,
  "lastUpdatedDateTime": "2024-05-01T12:34:56Z",
  "details": {"tenantId": "7f1c5f4e-1c3b-4f9e-9d2a-0e6b1a2c3d4e", "note": "caf\u00e9 \ud83d\ude00"}
}"##;

/// Registers the parse and lookup benchmarks.
fn bench(c: &mut Criterion) {
    let large = generated_body(14_000);
    let mut group = c.benchmark_group("json_parse");
    group.throughput(Throughput::Bytes(large.len() as u64));
    group.bench_function("large_1mb_14k_members", |b| {
        b.iter(|| json::parse(black_box(&large)))
    });
    group.throughput(Throughput::Bytes(SMALL.len() as u64));
    group.bench_function("small_0_5kb", |b| b.iter(|| json::parse(black_box(SMALL))));
    group.finish();

    let parse = json::parse(&large);
    assert!(parse.errors.is_empty(), "generated body is valid JSON");
    let offsets: Vec<u32> = (0..64)
        .map(|i| (large.len() as u64 * i / 64) as u32)
        .collect();
    c.bench_function("covering_node_1mb_x64", |b| {
        b.iter(|| {
            offsets
                .iter()
                .filter_map(|&o| parse.tree.covering_node(black_box(o)))
                .count()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
