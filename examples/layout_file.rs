//! Lay a diagram out `N` times and print the mean time per pass: for profiling and for peak
//! memory (`/usr/bin/time -v`), without the JSON or picture output.
//!
//! `cargo run --release --example layout_file -- benches/data/gen-2000.mmd 10`

use mmdr::layout::{layout, measure::FontMeasure, LayoutOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: layout_file FILE [TIMES]");
        std::process::exit(2);
    };
    let times: u32 = args.next().and_then(|t| t.parse().ok()).unwrap_or(1);
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let d = mmdr::parse_diagram(&src).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let measure = FontMeasure::default();
    let opts = LayoutOptions::from_config(&d.config);
    let mut totals: Vec<(&'static str, f64)> = Vec::new();
    for _ in 0..times {
        let l = layout(&d, &opts, &measure);
        for (name, t) in l.timings {
            match totals.iter_mut().find(|(n, _)| *n == name) {
                Some((_, sum)) => *sum += t.as_secs_f64(),
                None => totals.push((name, t.as_secs_f64())),
            }
        }
    }
    let all: f64 = totals.iter().map(|(_, t)| t).sum();
    let parts: Vec<String> = totals
        .iter()
        .map(|(n, t)| format!("{n} {:.3}ms", t * 1e3 / f64::from(times)))
        .collect();
    println!(
        "{path}: {:.3}ms per layout ({})",
        all * 1e3 / f64::from(times),
        parts.join(", ")
    );
}
