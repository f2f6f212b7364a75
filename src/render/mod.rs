//! Renderers: the laid-out diagram as SVG, PNG or text.

pub mod art;
pub mod color;
pub mod fmt;
pub mod look;
pub mod outline;
pub mod paint;
pub mod png;
pub mod svg;
pub mod theme;

use crate::graph::Diagram;
use crate::layout::{layout, measure::FontMeasure, Layout, LayoutOptions};

/// Lay `d` out in pixels with the typeface and text size of its theme, and draw it as SVG.
/// `source` (the diagram's text) seeds the document's id prefix unless `id_prefix` gives one.
pub fn svg_of(
    d: &Diagram,
    source: &str,
    background: Option<color::Rgba>,
    id_prefix: Option<&str>,
) -> (Layout, String) {
    let mut o = svg::SvgOptions::for_diagram(d, source);
    o.background = background;
    // Only characters that need no escaping in an attribute or a CSS selector.
    if let Some(id) = id_prefix.filter(|id| {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }) {
        o.id = id.to_string();
    }
    let measure = FontMeasure {
        font_size: o.theme.font_size,
        wrap: Some(wrapping_width(d)),
        typeface: o.theme.typeface(),
        ..FontMeasure::default()
    };
    let l = layout(d, &LayoutOptions::from_config(&d.config), &measure);
    let s = svg::render(d, &l, &o);
    (l, s)
}

/// Where labels wrap: `flowchart.wrappingWidth`, else 120 px in the neo look (mermaid 12)
/// and 200 in the classic one.
fn wrapping_width(d: &Diagram) -> f64 {
    d.config
        .flowchart_f64("wrappingWidth")
        .filter(|w| *w > 0.0)
        .unwrap_or(match d.config.look() {
            crate::graph::Look::Neo => 120.0,
            crate::graph::Look::Classic => 200.0,
        })
}

/// Draw `d` as box-drawing (or ASCII) text art; see [`art::render`].
pub fn text_of(d: &Diagram, o: &art::TextOptions) -> Result<String, art::TextError> {
    art::render(d, o)
}
