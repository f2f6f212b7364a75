//! Rendering time (criterion): SVG from a finished layout, and PNG from that SVG, for the
//! seed diagrams. Parsing and layout are done once outside the measured loop.
//!
//! `cargo bench --bench render`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mmdr::render::{png, svg};
use std::path::Path;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for seed in ["s1", "s6"] {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/corpus/seeds/{seed}.mmd"));
        let src = std::fs::read_to_string(path).unwrap();
        let d = mmdr::parse_diagram(&src).unwrap();
        let (layout, svg_text) = mmdr::render::svg_of(&d, &src, None, None);
        let opts = svg::SvgOptions::for_diagram(&d, &src);
        g.bench_with_input(BenchmarkId::new("svg", seed), &d, |b, d| {
            b.iter(|| svg::render(d, &layout, &opts))
        });
        let po = png::PngOptions::default();
        g.bench_with_input(BenchmarkId::new("png-scale-2", seed), &svg_text, |b, s| {
            b.iter(|| png::render(s, &po).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
