//! Parse + lower throughput (criterion): the seed diagrams and a generated 10,000-node flowchart.
//!
//! `cargo bench --bench parse`; figures are bytes of diagram text per second.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::Path;
use std::time::Duration;

/// The allocator the binaries use.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse+lower");
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for seed in ["s1", "s2", "s3", "s4", "s5", "s6", "s7"] {
        let src = read(&format!("fixtures/corpus/seeds/{seed}.mmd"));
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_with_input(BenchmarkId::new("seed", seed), &src, |b, s| {
            b.iter(|| mmdr::parse_diagram(s).unwrap())
        });
    }
    for name in ["gen-100", "gen-10000"] {
        let src = read(&format!("benches/data/{name}.mmd"));
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_with_input(BenchmarkId::new("generated", name), &src, |b, s| {
            b.iter(|| mmdr::parse_diagram(s).unwrap())
        });
    }
    g.finish();
    // The syntax tree alone (no model), for the 10,000-node graph.
    let mut g = c.benchmark_group("parse-only");
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    let src = read("benches/data/gen-10000.mmd");
    g.throughput(Throughput::Bytes(src.len() as u64));
    g.bench_function("gen-10000", |b| {
        b.iter(|| mmdr::parse::parse(&src).unwrap())
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
