//! Layout time (criterion): the seed diagrams and generated graphs of 100 to 10,000 nodes
//! (`gen_graph.py --nodes N --edges 1.5N --seed 1`). Layout is the hot path; parsing is done
//! once outside the measured loop.
//!
//! `cargo bench --bench layout`; `cargo bench --bench layout -- seed` for the seeds alone.

/// The allocator the binaries use.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mmdr::layout::{layout, measure::FontMeasure, LayoutOptions};
use std::path::Path;
use std::time::Duration;

fn diagram(rel: &str) -> mmdr::Diagram {
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
    mmdr::parse_diagram(&src).unwrap()
}

fn bench(c: &mut Criterion) {
    let measure = FontMeasure::default();
    let mut g = c.benchmark_group("layout");
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for seed in ["s1", "s2", "s3", "s4", "s5", "s6", "s7"] {
        let d = diagram(&format!("fixtures/corpus/seeds/{seed}.mmd"));
        let opts = LayoutOptions::from_config(&d.config);
        g.bench_with_input(BenchmarkId::new("seed", seed), &d, |b, d| {
            b.iter(|| layout(d, &opts, &measure))
        });
    }
    for n in [100, 500, 2000] {
        let d = diagram(&format!("benches/data/gen-{n}.mmd"));
        let opts = LayoutOptions::from_config(&d.config);
        g.bench_with_input(BenchmarkId::new("generated", n), &d, |b, d| {
            b.iter(|| layout(d, &opts, &measure))
        });
    }
    g.finish();
    // The 10,000-node graph takes about a second a run: fewer samples.
    let mut g = c.benchmark_group("layout-huge");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(1));
    let d = diagram("benches/data/gen-10000.mmd");
    let opts = LayoutOptions::from_config(&d.config);
    g.bench_function(BenchmarkId::new("generated", 10000), |b| {
        b.iter(|| layout(&d, &opts, &measure))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
