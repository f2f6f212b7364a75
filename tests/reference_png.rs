//! Reference images: ten fixtures rendered to PNG (scale 1) in both looks and compared pixel
//! by pixel with `fixtures/png/<name>.png` (mermaid 12's default: neo, redux-color, ELK) and
//! `fixtures/png/<name>.classic.png` (`{"look":"classic","theme":"default","layout":"dagre"}`,
//! mermaid 11's look). A failure writes the actual image and a diff image (red
//! where pixels differ) to `target/png-diff/`. `MMDR_BLESS=1` rewrites the references after a
//! deliberate change; look at them before committing.
//!
//! Rendering uses only the embedded fonts, so the bytes are the same on every machine; the
//! comparison still allows a tiny per-channel difference so that a change of resvg's
//! anti-aliasing does not fail the build while a moved line does.

use mmdr::render::{png, svg_of};
use std::path::{Path, PathBuf};

const CASES: &[&str] = &[
    "corpus/seeds/s1",
    "corpus/seeds/s2",
    "corpus/seeds/s4",
    "corpus/seeds/s6",
    "corpus/seeds/s7",
    "node-data/shapes",
    "arrows/all-ends",
    "style/classes-and-styles",
    "style/link-styles",
    "subgraph/nested-direction",
];

/// Largest difference allowed in one channel of one pixel.
const CHANNEL_TOLERANCE: u8 = 24;
/// Share of pixels allowed to differ by more than that.
const PIXEL_SHARE: f64 = 0.002;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut dec = ::png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(::png::Transformations::EXPAND);
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, ::png::ColorType::Rgba, "RGBA expected");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn encode(w: u32, h: u32, rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = ::png::Encoder::new(&mut out, w, h);
    enc.set_color(::png::ColorType::Rgba);
    enc.set_depth(::png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(rgba).unwrap();
    out
}

/// The settings that restore mermaid 11's look, as a site configuration (`mmdc -c`).
fn classic_settings() -> serde_json::Map<String, serde_json::Value> {
    let v = serde_json::json!({"look": "classic", "theme": "default", "layout": "dagre"});
    v.as_object().unwrap().clone()
}

fn render(case: &str, classic: bool) -> Vec<u8> {
    let src = std::fs::read_to_string(root().join(format!("fixtures/{case}.mmd"))).unwrap();
    let mut d = mmdr::parse_diagram(&src).unwrap();
    if classic {
        // Under the diagram's own settings, as `render` lays a site configuration.
        let site = classic_settings();
        let mut merged = site.clone();
        mmdr::graph::deep_merge(&mut merged, &d.config.raw);
        mmdr::graph::resolve_appearance(&d.config.raw, &site, &mut merged);
        d.config.raw = merged;
    }
    let (_, svg) = svg_of(&d, &src, None, None);
    let o = png::PngOptions {
        scale: 1.0,
        ..png::PngOptions::default()
    };
    png::render(&svg, &o).unwrap()
}

#[test]
fn pngs_match_their_references() {
    let bless = std::env::var_os("MMDR_BLESS").is_some();
    let mut failures = Vec::new();
    for (case, classic) in CASES.iter().flat_map(|c| [(c, false), (c, true)]) {
        let look = if classic { ".classic" } else { "" };
        let name = format!("{}{look}", case.replace('/', "__"));
        let reference = root().join(format!("fixtures/png/{name}.png"));
        let actual = render(case, classic);
        assert_eq!(
            actual,
            render(case, classic),
            "{case}: PNG bytes differ between runs"
        );
        if bless {
            std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
            std::fs::write(&reference, &actual).unwrap();
            continue;
        }
        let want = std::fs::read(&reference)
            .unwrap_or_else(|e| panic!("{}: {e} (MMDR_BLESS=1 writes it)", reference.display()));
        let (w1, h1, a) = decode(&actual);
        let (w0, h0, b) = decode(&want);
        let out_dir = root().join("target/png-diff");
        if (w1, h1) != (w0, h0) {
            std::fs::create_dir_all(&out_dir).unwrap();
            std::fs::write(out_dir.join(format!("{name}-actual.png")), &actual).unwrap();
            failures.push(format!("{case}: size {w1}×{h1}, reference {w0}×{h0}"));
            continue;
        }
        let mut diff = vec![0u8; a.len()];
        let mut bad = 0usize;
        for (i, (pa, pb)) in a.chunks_exact(4).zip(b.chunks_exact(4)).enumerate() {
            let off = pa
                .iter()
                .zip(pb)
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE);
            let px = if off {
                bad += 1;
                [255, 0, 0, 255]
            } else {
                // Faded reference, so the red stands out.
                [pb[0] / 4 + 191, pb[1] / 4 + 191, pb[2] / 4 + 191, 255]
            };
            diff[i * 4..i * 4 + 4].copy_from_slice(&px);
        }
        let share = bad as f64 / (w0 as f64 * h0 as f64);
        if share > PIXEL_SHARE {
            std::fs::create_dir_all(&out_dir).unwrap();
            std::fs::write(out_dir.join(format!("{name}-actual.png")), &actual).unwrap();
            std::fs::write(
                out_dir.join(format!("{name}-diff.png")),
                encode(w0, h0, &diff),
            )
            .unwrap();
            failures.push(format!(
                "{case}: {bad} pixels differ ({:.2}%); see target/png-diff/{name}-diff.png",
                share * 100.0
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
