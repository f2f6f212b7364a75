//! Text art time (criterion): the seeds and generated graphs of 100 and 500 nodes, layout in
//! cells and routing included. `cargo bench --bench text`.

/// The allocator the binaries use.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mmdr::render::art::TextOptions;
use std::path::Path;
use std::time::Duration;

fn diagram(rel: &str) -> mmdr::Diagram {
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
    mmdr::parse_diagram(&src).unwrap()
}

/// As a user gets it (fitted to 100 columns: a drawing that does not fit is drawn again
/// narrower), and one drawing as laid out.
fn bench(c: &mut Criterion) {
    let fitted = TextOptions::default();
    let as_laid_out = TextOptions {
        fit_width: None,
        ..TextOptions::default()
    };
    let mut g = c.benchmark_group("text");
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for seed in ["s1", "s6"] {
        let d = diagram(&format!("fixtures/corpus/seeds/{seed}.mmd"));
        g.bench_with_input(BenchmarkId::new("seed", seed), &d, |b, d| {
            b.iter(|| mmdr::render::text_of(d, &fitted))
        });
    }
    g.sample_size(10);
    for n in [100, 500] {
        let d = diagram(&format!("benches/data/gen-{n}.mmd"));
        g.bench_with_input(BenchmarkId::new("generated", n), &d, |b, d| {
            b.iter(|| mmdr::render::text_of(d, &fitted))
        });
        g.bench_with_input(BenchmarkId::new("generated-as-laid-out", n), &d, |b, d| {
            b.iter(|| mmdr::render::text_of(d, &as_laid_out))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
