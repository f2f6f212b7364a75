//! mermaid 12's neo look in numbers (`../shared/mermaid12-look.md`): what the SVG renderer
//! draws differently from the classic look. Colours come from the theme; these are the
//! look's fixed parts, never taken from the diagram's text.

use super::color::Rgba;
use crate::graph::Look;

/// The subgraph colours of the `redux-color` and `redux-dark-color` themes (Tailwind 400
/// border, 50 fill), taken in turn by subgraphs in declaration order (parents first).
pub const PALETTE: [(u32, u32); 12] = [
    (0xE879F9, 0xFDF4FF),
    (0x2DD4BF, 0xF0FDFA),
    (0xFB923C, 0xFFF7ED),
    (0x22D3EE, 0xECFEFF),
    (0x4ADE80, 0xF0FDF4),
    (0xA78BFA, 0xF5F3FF),
    (0xF87171, 0xFEF2F2),
    (0xFACC15, 0xFEFCE8),
    (0x818CF8, 0xEEF2FF),
    (0xA3E635, 0xF7FEE7),
    (0x38BDF8, 0xF0F9FF),
    (0xFB7185, 0xFFF1F2),
];

/// How a look draws: stroke widths, the shadow, the arrowhead, dashes, subgraph colours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Which look.
    pub look: Look,
    /// Node outline width (px) unless styled.
    pub node_stroke: f64,
    /// The hard shadow under nodes and boxes: its colour (none in the classic look).
    pub shadow: Option<Rgba>,
    /// Arrowhead length and half its width (px).
    pub arrow: (f64, f64),
    /// How far short of the node outline an arrowhead's tip stops (px).
    pub tip_gap: f64,
    /// Dashes of dotted edges.
    pub dots: [f64; 2],
    /// Subgraph colours from [`PALETTE`]: `Some(true)` border and fill, `Some(false)` border
    /// only, `None` the theme's cluster colours.
    pub palette: Option<bool>,
}

/// Offset of the neo shadow (right and down, px) and its opacity.
pub const SHADOW_OFFSET: f64 = 4.0;
/// Opacity of the neo shadow.
pub const SHADOW_OPACITY: f64 = 0.06;

impl Style {
    /// The style of `look` with theme `theme` (by name).
    pub fn of(look: Look, theme: &str) -> Style {
        match look {
            Look::Classic => Style {
                look,
                node_stroke: 1.0,
                shadow: None,
                arrow: (8.0, 4.0),
                tip_gap: 0.0,
                dots: [3.0, 3.0],
                palette: None,
            },
            Look::Neo => {
                let dark = theme.contains("dark");
                Style {
                    look,
                    node_stroke: 2.0,
                    shadow: Some(if dark { Rgba::WHITE } else { Rgba::BLACK }),
                    arrow: crate::layout::NEO_ARROWHEAD,
                    // mermaid 12's edge path ends 4 px before the outline, where the tip stops.
                    tip_gap: 4.0,
                    dots: [2.0, 2.0],
                    palette: match theme {
                        "redux-color" => Some(true),
                        "redux-dark-color" => Some(false),
                        _ => None,
                    },
                }
            }
        }
    }

    /// The palette colours (border, fill) of the subgraph at declaration index `i`.
    pub fn palette_colors(i: usize) -> (Rgba, Rgba) {
        let (b, f) = PALETTE[i % PALETTE.len()];
        (Rgba::from_hex(b), Rgba::from_hex(f))
    }
}
