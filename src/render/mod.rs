//! Renderers: the laid-out diagram as SVG, PNG or text.

pub mod art;
pub mod color;
pub mod fmt;
pub mod outline;
pub mod paint;
pub mod png;
pub mod svg;
pub mod theme;

use crate::graph::Diagram;
use crate::layout::{layout, measure::FontMeasure, Layout, LayoutOptions};

/// Lay `d` out in pixels with the text size of its theme, and draw it as SVG. `source` (the
/// diagram's text) seeds the document's id prefix.
pub fn svg_of(d: &Diagram, source: &str, background: Option<color::Rgba>) -> (Layout, String) {
    let mut o = svg::SvgOptions::for_diagram(d, source);
    o.background = background;
    let measure = FontMeasure {
        font_size: o.theme.font_size,
        ..FontMeasure::default()
    };
    let l = layout(d, &LayoutOptions::from_config(&d.config), &measure);
    let s = svg::render(d, &l, &o);
    (l, s)
}

/// Draw `d` as box-drawing (or ASCII) text art; see [`art::render`].
pub fn text_of(d: &Diagram, o: &art::TextOptions) -> Result<String, art::TextError> {
    art::render(d, o)
}
