//! Rendering time (criterion): SVG from a finished layout, PNG from that SVG, and `svg_of`
//! (layout with text measuring, then SVG) for the seed diagrams, in mermaid 12's default look
//! and in the classic one. Parsing is done once outside the measured loop.
//!
//! `cargo bench --bench render`

/// The allocator the binaries use.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mmdr::render::{png, svg};
use std::path::Path;
use std::time::Duration;

/// `d` under the site settings that restore mermaid 11's look, as `render --config` lays them.
fn classic(mut d: mmdr::Diagram) -> mmdr::Diagram {
    let site = serde_json::json!({"look": "classic", "theme": "default", "layout": "dagre"});
    let site = site.as_object().unwrap().clone();
    let mut merged = site.clone();
    mmdr::graph::deep_merge(&mut merged, &d.config.raw);
    mmdr::graph::resolve_appearance(&d.config.raw, &site, &mut merged);
    d.config.raw = merged;
    d
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for seed in ["s1", "s6"] {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/corpus/seeds/{seed}.mmd"));
        let src = std::fs::read_to_string(path).unwrap();
        let neo = mmdr::parse_diagram(&src).unwrap();
        for (look, d) in [("", neo.clone()), ("-classic", classic(neo))] {
            let name = format!("{seed}{look}");
            let (layout, svg_text) = mmdr::render::svg_of(&d, &src, None, None);
            let opts = svg::SvgOptions::for_diagram(&d, &src);
            g.bench_with_input(BenchmarkId::new("svg", &name), &d, |b, d| {
                b.iter(|| svg::render(d, &layout, &opts))
            });
            g.bench_with_input(BenchmarkId::new("svg_of", &name), &d, |b, d| {
                b.iter(|| mmdr::render::svg_of(d, &src, None, None))
            });
            let po = png::PngOptions::default();
            g.bench_with_input(BenchmarkId::new("png-scale-2", &name), &svg_text, |b, s| {
                b.iter(|| png::render(s, &po).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
