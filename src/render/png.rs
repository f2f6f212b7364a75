//! SVG to PNG through usvg and resvg, with a font database holding only the embedded
//! DejaVu Sans and Recursive faces: no system font is ever consulted, so every machine draws
//! the same pixels. Characters Recursive lacks are drawn in DejaVu Sans, as the layout
//! measured them (the SVG names DejaVu Sans for them).

use super::color::Rgba;
use crate::layout::measure::fonts;
use resvg::tiny_skia;
use resvg::usvg;
use std::sync::{Arc, OnceLock};

/// Bitmap settings.
#[derive(Clone, Debug, PartialEq)]
pub struct PngOptions {
    /// Pixels per SVG unit (ignored when `width` is given).
    pub scale: f32,
    /// Width in pixels; the height follows the aspect ratio.
    pub width: Option<u32>,
    /// Background fill (`None`: transparent).
    pub background: Option<Rgba>,
}

impl Default for PngOptions {
    /// Scale 2 (sharp on high-density screens, as mermaid-cli's common `-s 2`), white
    /// background (a PNG is mostly viewed where a transparent one would be unreadable on a
    /// dark page).
    fn default() -> Self {
        PngOptions {
            scale: 2.0,
            width: None,
            background: Some(Rgba::WHITE),
        }
    }
}

/// The largest bitmap side drawn, in pixels (bigger requests are scaled down to it).
pub const MAX_SIDE: u32 = 16_384;

/// The embedded fonts, loaded once: DejaVu Sans first (the fallback looks in this order).
fn font_db() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        let dejavu = [
            fonts::regular(),
            fonts::bold(),
            fonts::italic(),
            fonts::bold_italic(),
        ];
        for face in dejavu.into_iter().chain(fonts::RECURSIVE) {
            // Borrowed, not copied: the faces are static.
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
        }
        db.set_sans_serif_family("DejaVu Sans");
        db.set_serif_family("DejaVu Sans");
        db.set_monospace_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// The font for a character the fonts tried so far (`used`, the chosen one first) lack:
/// another DejaVu Sans face, by usvg's own rule (as before Recursive was embedded). Recursive
/// gets none: the SVG names DejaVu Sans for the characters Recursive lacks, and usvg would
/// draw the whole line in a fallback font that has all of it.
fn dejavu_fallback() -> usvg::FallbackSelectionFn<'static> {
    Box::new(|c, used, db| {
        let base = db.face(*used.first()?)?;
        let dejavu =
            |f: &usvg::fontdb::FaceInfo| f.families.iter().any(|(n, _)| n == "DejaVu Sans");
        if !dejavu(base) {
            return None;
        }
        db.faces()
            .find(|f| {
                dejavu(f)
                    && !used.contains(&f.id)
                    && (f.style == base.style
                        || f.weight == base.weight
                        || f.stretch == base.stretch)
                    && has_char(db, f.id, c)
            })
            .map(|f| f.id)
    })
}

/// Whether face `id` of `db` has a glyph for `c`.
fn has_char(db: &usvg::fontdb::Database, id: usvg::fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index).is_ok_and(|f| f.glyph_index(c).is_some())
    }) == Some(true)
}

/// How usvg reads our SVG: the embedded fonts only, no external files or images.
fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        fontdb: font_db(),
        font_resolver: usvg::FontResolver {
            select_font: usvg::FontResolver::default_font_selector(),
            select_fallback: dejavu_fallback(),
        },
        // Never read files or decode embedded images: our SVG has none, and a PNG must not
        // depend on anything but its input.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Render an SVG document (as written by [`super::svg::render`]) to PNG bytes.
pub fn render(svg: &str, o: &PngOptions) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, &options()).map_err(|e| format!("bad SVG: {e}"))?;
    let size = tree.size();
    let mut scale = match o.width {
        Some(w) => w as f32 / size.width(),
        None => o.scale,
    };
    if !(scale.is_finite() && scale > 0.0) {
        return Err("the scale must be a positive number".into());
    }
    let longest = size.width().max(size.height()) * scale;
    if longest > MAX_SIDE as f32 {
        scale *= MAX_SIDE as f32 / longest;
    }
    let w = ((size.width() * scale).ceil() as u32).max(1);
    let h = ((size.height() * scale).ceil() as u32).max(1);
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("cannot make a {w}×{h} bitmap"))?;
    if let Some(bg) = o.background {
        let byte = |c: f64| c.round().clamp(0.0, 255.0) as u8;
        pixmap.fill(tiny_skia::Color::from_rgba8(
            byte(bg.r),
            byte(bg.g),
            byte(bg.b),
            byte(bg.a * 255.0),
        ));
    }
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode(pixmap).map_err(|e| format!("PNG encoding: {e}"))
}

/// PNG bytes of a premultiplied pixmap, un-premultiplied in place and streamed row by row
/// (tiny-skia's own encoder copies the whole bitmap first, doubling peak memory).
fn encode(mut pixmap: tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    for px in pixmap.data_mut().chunks_exact_mut(4) {
        let a = px[3];
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + u16::from(a) / 2) / u16::from(a)) as u8;
            }
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header()?;
    let mut rows = w.stream_writer()?;
    std::io::Write::write_all(&mut rows, pixmap.data())?;
    rows.finish()?;
    w.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::{FontMeasure, TextMeasure, Typeface};

    /// The text of every `<text>` usvg laid out, with its width.
    fn drawn(g: &usvg::Group, out: &mut Vec<(String, f64)>) {
        for node in g.children() {
            match node {
                usvg::Node::Group(g) => drawn(g, out),
                usvg::Node::Text(t) => {
                    let text = t.chunks().iter().map(|c| c.text()).collect();
                    out.push((text, f64::from(t.bounding_box().width())));
                }
                _ => {}
            }
        }
    }

    /// resvg draws each label of mermaid 12's default look as wide as the layout measured it,
    /// characters Recursive lacks (drawn in DejaVu Sans) included. (Characters no embedded
    /// font has are measured by display width and drawn as DejaVu's missing-glyph box.)
    #[test]
    fn recursive_drawn_as_measured() {
        let src = "flowchart LR\n A -->|Success| B\n B -->|Log in → out| C\n \
                   C -->|Кириллица ok| D\n D -->|Ωμέγα AVAV| E\n E -->|Việt Straße| F\n";
        let d = crate::parse_diagram(src).unwrap();
        let (layout, svg) = crate::render::svg_of(&d, src, None, None);
        let m = FontMeasure {
            font_size: 14.0,
            typeface: Typeface::Recursive,
            ..FontMeasure::default()
        };
        let tree = usvg::Tree::from_str(&svg, &options()).unwrap();
        let mut texts = Vec::new();
        drawn(tree.root(), &mut texts);
        for e in &layout.edges {
            assert_eq!(e.label.lines.len(), 1);
            let label = e.label.lines[0].text();
            let (_, got) = texts.iter().find(|(t, _)| *t == label).unwrap();
            let want = m.size(&e.label).w;
            assert!(
                (got - want).abs() < 0.05,
                "{label}: drawn {got}, measured {want}"
            );
        }
    }
}
