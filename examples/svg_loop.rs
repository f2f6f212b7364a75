//! Render one diagram's SVG N times from a finished layout, for profilers (perf, callgrind):
//! `cargo run --release --example svg_loop -- FILE [N] [classic]`.

/// The allocator the binaries use.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;

use mmdr::render::svg;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a diagram file");
    let n: usize = args.next().map_or(1000, |s| s.parse().expect("a count"));
    let src = std::fs::read_to_string(path).expect("a readable file");
    let mut d = mmdr::parse_diagram(&src).expect("a valid diagram");
    if args.next().as_deref() == Some("classic") {
        let site = serde_json::json!({"look": "classic", "theme": "default", "layout": "dagre"});
        let site = site.as_object().expect("an object").clone();
        let mut merged = site.clone();
        mmdr::graph::deep_merge(&mut merged, &d.config.raw);
        mmdr::graph::resolve_appearance(&d.config.raw, &site, &mut merged);
        d.config.raw = merged;
    }
    let (layout, _) = mmdr::render::svg_of(&d, &src, None, None);
    let opts = svg::SvgOptions::for_diagram(&d, &src);
    for _ in 0..n {
        std::hint::black_box(svg::render(&d, &layout, &opts));
    }
}
