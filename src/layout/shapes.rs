//! Node shapes as geometry: how big a node is for its label, and its outline.
//!
//! Sizes follow mermaid's own formulas (padding 15px: a rectangle is the label
//! plus 60 by 30, a diamond a square of side label width + height + 30, …),
//! grown where needed so the label fits inside the shape itself. Outlines are
//! polygons around the node's centre (curves finely sampled); edges end on
//! them, and the renderers draw the same outlines.

use super::measure::Size;
use crate::graph::Shape;
use std::f64::consts::PI;

/// How a shape is sized: mermaid's pixel formulas, or character cells for text output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sizing {
    /// Pixels, with mermaid's node padding (`flowchart.padding`, 15 by default).
    Pixels {
        /// The padding around labels.
        padding: f64,
    },
    /// Terminal cells: a border line around the label and a cell of air each side.
    Cells,
    /// Pixels, as mermaid 12's neo look sizes nodes: labels at least [`NEO_MIN_LABEL_WIDTH`]
    /// wide (circles excepted), then its padding per shape.
    Neo {
        /// The padding around labels (`flowchart.padding`, 15 by default).
        padding: f64,
    },
}

/// mermaid 12's `minNodeWidth`: the neo look widens narrower labels' boxes to this.
pub const NEO_MIN_LABEL_WIDTH: f64 = 120.0;

/// The size of a node with `shape` around a label of size `label`.
pub fn node_size(shape: &Shape, label: Size, sizing: Sizing) -> Size {
    match sizing {
        Sizing::Pixels { padding } => pixel_size(shape, label, padding),
        Sizing::Cells => cell_size(shape, label),
        Sizing::Neo { padding } => neo_size(shape, label, padding),
    }
}

/// mermaid 12's neo sizes (see `mermaid12-look.md`): W×H the label box, widened to the
/// minimum node width except for circles, `p` the padding.
fn neo_size(shape: &Shape, l: Size, p: f64) -> Size {
    let circle = |l: Size| (l.w * l.w + l.h * l.h).sqrt() / 2.0 + 16.0;
    let wide = Size::new(l.w.max(NEO_MIN_LABEL_WIDTH), l.h);
    let (w, h) = (wide.w, wide.h);
    match shape {
        Shape::Rect => Size::new(w + 32.0, h + 24.0),
        Shape::Rounded => Size::new(w + 30.0, h + 30.0),
        Shape::Stadium => {
            let sh = h + 24.0;
            Size::new(w + sh / 4.0 + 40.0, sh)
        }
        Shape::Subroutine => Size::new(w + 44.0, h + 12.0),
        Shape::Cylinder => {
            let cw = w + 24.0;
            Size::new(cw, h + 24.0 + 3.0 * cylinder_ry(cw))
        }
        Shape::Circle => {
            let d = 2.0 * circle(l);
            Size::new(d, d)
        }
        Shape::DoubleCircle => {
            let d = 2.0 * (circle(l) + 12.0);
            Size::new(d, d)
        }
        Shape::Diamond => {
            let side = (w + p) + (h + p);
            Size::new(side, side)
        }
        Shape::Hexagon => {
            let hh = h + 70.0;
            Size::new(w + 2.0 * hh / 3.5 + 32.0, hh)
        }
        Shape::LeanRight | Shape::LeanLeft | Shape::Trapezoid => {
            let hh = h + p;
            Size::new(w + 2.0 * p + hh, hh)
        }
        Shape::InvTrapezoid => {
            let hh = h + 2.0 * p;
            Size::new(w + 4.0 * p + hh, hh)
        }
        Shape::Odd => {
            let hh = h + 24.0;
            Size::new(w + 42.0 + hh / 4.0, hh)
        }
        _ => pixel_size(shape, wide, p),
    }
}

fn pixel_size(shape: &Shape, l: Size, p: f64) -> Size {
    let (lw, lh) = (l.w, l.h);
    match shape {
        Shape::Rect => Size::new(lw + 4.0 * p, lh + 2.0 * p),
        Shape::Rounded => Size::new(lw + 2.0 * p, lh + 2.0 * p),
        Shape::Subroutine => Size::new(lw + 2.0 * p + 16.0, lh + 2.0 * p),
        Shape::Stadium => {
            let h = lh + p;
            // mermaid's width, or more if the label's corners would leave the round ends.
            let r = h / 2.0;
            let fit = lw + 2.0 * r - 2.0 * (r * r - lh * lh / 4.0).max(0.0).sqrt();
            Size::new((lw + h / 4.0 + p).max(fit), h)
        }
        Shape::Cylinder => {
            let w = lw + p;
            let ry = cylinder_ry(w);
            Size::new(w, lh + p + 2.0 * ry)
        }
        Shape::Circle => {
            let d = circle_diameter(l, p);
            Size::new(d, d)
        }
        Shape::DoubleCircle => {
            let d = circle_diameter(l, p) + 10.0;
            Size::new(d, d)
        }
        Shape::Diamond => {
            let s = lw + lh + 2.0 * p;
            Size::new(s, s)
        }
        Shape::Hexagon => {
            let h = lh + p;
            Size::new(lw + 2.0 * (h / 4.0) + p, h)
        }
        Shape::Odd => {
            let h = lh + 2.0 * p;
            Size::new(lw + 2.0 * p + h / 4.0, h)
        }
        Shape::LeanRight | Shape::LeanLeft | Shape::Trapezoid | Shape::InvTrapezoid => {
            let h = lh + p;
            Size::new(lw + p + h, h)
        }
        Shape::Ellipse => Size::new(
            lw * std::f64::consts::SQRT_2 + p,
            lh * std::f64::consts::SQRT_2 + p,
        ),
        Shape::Extended(name) => extended_size(name, l, p),
        Shape::Other(_) => Size::new(lw + 2.0 * p, lh + 2.0 * p),
    }
}

/// The vertical radius of a cylinder's end ellipses (mermaid: `rx / (2.5 + w / 50)`).
pub fn cylinder_ry(w: f64) -> f64 {
    (w / 2.0) / (2.5 + w / 50.0)
}

/// mermaid's circle (label width plus padding), or more if the label's corners would stick out.
fn circle_diameter(l: Size, p: f64) -> f64 {
    (l.w + p).max((l.w * l.w + l.h * l.h).sqrt() + 4.0)
}

fn extended_size(name: &str, l: Size, p: f64) -> Size {
    let (lw, lh) = (l.w, l.h);
    let small = l.w <= 0.0;
    match name {
        "sm-circ" | "f-circ" if small => Size::new(14.0, 14.0),
        "fr-circ" if small => Size::new(20.0, 20.0),
        "sm-circ" | "f-circ" | "fr-circ" | "cross-circ" => {
            let d = circle_diameter(l, p);
            Size::new(d, d)
        }
        "fork" => Size::new(70.0_f64.max(lw), 10.0),
        "text" => Size::new(lw + 8.0, lh + 8.0),
        "doc" | "lin-doc" | "tag-doc" => Size::new(lw + 2.0 * p, lh + 2.0 * p + 10.0),
        "docs" | "st-rect" => Size::new(lw + 2.0 * p + 8.0, lh + 2.0 * p + 8.0),
        "cloud" | "bang" => Size::new(lw + 2.0 * p + 24.0, lh + 2.0 * p + 20.0),
        "tri" | "flip-tri" => Size::new(2.0 * lw + 2.0 * p, 2.0 * lh + 2.0 * p),
        "hourglass" => {
            let s = (lw + lh + 2.0 * p).max(30.0);
            Size::new(s, s)
        }
        "h-cyl" => Size::new(lw + 2.0 * p + 20.0, lh + p),
        "lin-cyl" | "datastore" => {
            let w = lw + p;
            Size::new(w, lh + p + 2.0 * cylinder_ry(w) + 8.0)
        }
        "curv-trap" | "delay" | "notch-pent" | "sl-rect" | "bow-rect" => {
            Size::new(lw + 2.0 * p + 20.0, lh + 2.0 * p)
        }
        _ => Size::new(lw + 2.0 * p, lh + 2.0 * p),
    }
}

/// Text output: a rectangle of cells; a line of air left and right, borders all round.
fn cell_size(shape: &Shape, l: Size) -> Size {
    let (lw, lh) = (l.w.max(1.0), l.h.max(1.0));
    match shape {
        Shape::Diamond | Shape::Hexagon => Size::new(lw + 6.0, lh + 2.0),
        Shape::Cylinder => Size::new(lw + 4.0, lh + 3.0),
        Shape::Circle | Shape::DoubleCircle | Shape::Stadium => Size::new(lw + 6.0, lh + 2.0),
        _ => Size::new(lw + 4.0, lh + 2.0),
    }
}

/// A closed outline around a node's centre, in screen orientation (y grows down).
pub fn outline(shape: &Shape, w: f64, h: f64) -> Vec<(f64, f64)> {
    let (hw, hh) = (w / 2.0, h / 2.0);
    shaped_outline(shape, w, h).unwrap_or_else(|| vec![(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)])
}

/// The outline of a shape that is not simply its bounding box (`None` for boxes).
pub fn shaped_outline(shape: &Shape, w: f64, h: f64) -> Option<Vec<(f64, f64)>> {
    let (hw, hh) = (w / 2.0, h / 2.0);
    let outline = match shape {
        Shape::Diamond => vec![(0.0, -hh), (hw, 0.0), (0.0, hh), (-hw, 0.0)],
        Shape::Hexagon => {
            let m = h / 4.0;
            vec![
                (-hw + m, -hh),
                (hw - m, -hh),
                (hw, 0.0),
                (hw - m, hh),
                (-hw + m, hh),
                (-hw, 0.0),
            ]
        }
        Shape::Circle | Shape::DoubleCircle | Shape::Ellipse => ellipse(hw, hh, 48),
        Shape::Stadium => stadium(hw, hh),
        Shape::Cylinder => cylinder(hw, hh, cylinder_ry(w)),
        Shape::Odd => vec![
            (-hw, -hh),
            (hw, -hh),
            (hw, hh),
            (-hw, hh),
            (-hw + h / 4.0, 0.0),
        ],
        Shape::LeanRight => {
            let k = h / 2.0;
            vec![(-hw + k, -hh), (hw, -hh), (hw - k, hh), (-hw, hh)]
        }
        Shape::LeanLeft => {
            let k = h / 2.0;
            vec![(-hw, -hh), (hw - k, -hh), (hw, hh), (-hw + k, hh)]
        }
        Shape::Trapezoid => {
            let k = h / 2.0;
            vec![(-hw + k, -hh), (hw - k, -hh), (hw, hh), (-hw, hh)]
        }
        Shape::InvTrapezoid => {
            let k = h / 2.0;
            vec![(-hw, -hh), (hw, -hh), (hw - k, hh), (-hw + k, hh)]
        }
        Shape::Extended(name) => match *name {
            "sm-circ" | "f-circ" | "fr-circ" | "cross-circ" => ellipse(hw, hh, 32),
            "tri" => vec![(0.0, -hh), (hw, hh), (-hw, hh)],
            "flip-tri" => vec![(-hw, -hh), (hw, -hh), (0.0, hh)],
            "hourglass" => vec![(-hw, -hh), (hw, -hh), (-hw, hh), (hw, hh)],
            "lin-cyl" | "datastore" => cylinder(hw, hh, cylinder_ry(w)),
            _ => return None,
        },
        _ => return None,
    };
    Some(outline)
}

fn ellipse(rx: f64, ry: f64, n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let a = 2.0 * PI * i as f64 / n as f64;
            (rx * a.cos(), ry * a.sin())
        })
        .collect()
}

fn stadium(hw: f64, hh: f64) -> Vec<(f64, f64)> {
    let r = hh.min(hw);
    let mut pts = Vec::with_capacity(34);
    for i in 0..=16 {
        let a = -PI / 2.0 + PI * i as f64 / 16.0;
        pts.push((hw - r + r * a.cos(), r * a.sin()));
    }
    for i in 0..=16 {
        let a = PI / 2.0 + PI * i as f64 / 16.0;
        pts.push((-hw + r + r * a.cos(), r * a.sin()));
    }
    pts
}

/// A cylinder seen from the side: the top cap's upper half, the sides, the bottom cap's lower half.
fn cylinder(hw: f64, hh: f64, ry: f64) -> Vec<(f64, f64)> {
    let mut pts = Vec::with_capacity(36);
    for i in 0..=16 {
        let a = PI + PI * i as f64 / 16.0;
        pts.push((hw * a.cos(), -hh + ry + ry * a.sin()));
    }
    for i in 0..=16 {
        let a = PI * i as f64 / 16.0;
        pts.push((hw * a.cos(), hh - ry + ry * a.sin()));
    }
    pts
}

/// Where the vertical line `x = dx` (relative to the centre) meets the outline: the lowest point
/// when `bottom`, else the highest. `dx` is clamped into the outline's extent.
pub fn border_y(outline: &[(f64, f64)], dx: f64, bottom: bool) -> f64 {
    let (min_x, max_x) = outline
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let x = dx.clamp(min_x + 1e-6, max_x - 1e-6);
    let mut best: Option<f64> = None;
    let n = outline.len();
    for i in 0..n {
        let (a, b) = (outline[i], outline[(i + 1) % n]);
        let (lo, hi) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        if x < lo.0 || x > hi.0 || (hi.0 - lo.0).abs() < 1e-12 {
            continue;
        }
        let t = (x - lo.0) / (hi.0 - lo.0);
        let y = lo.1 + t * (hi.1 - lo.1);
        best = Some(match best {
            None => y,
            Some(b) if bottom => b.max(y),
            Some(b) => b.min(y),
        });
    }
    best.unwrap_or(0.0)
}

/// Where the horizontal line `y = dy` meets the outline: the rightmost point when `right`, else the leftmost.
pub fn border_x(outline: &[(f64, f64)], dy: f64, right: bool) -> f64 {
    let swapped: Vec<(f64, f64)> = outline.iter().map(|&(x, y)| (y, x)).collect();
    border_y(&swapped, dy, right)
}

/// Where the ray from the centre in direction (`dx`, `dy`) leaves the outline.
pub fn ray_exit(outline: &[(f64, f64)], dx: f64, dy: f64) -> (f64, f64) {
    let mut best_t = f64::MAX;
    let n = outline.len();
    for i in 0..n {
        let (a, b) = (outline[i], outline[(i + 1) % n]);
        let (ex, ey) = (b.0 - a.0, b.1 - a.1);
        let den = dx * ey - dy * ex;
        if den.abs() < 1e-12 {
            continue;
        }
        let t = (a.0 * ey - a.1 * ex) / den;
        let u = (a.0 * dy - a.1 * dx) / den;
        if t > 0.0 && (-1e-9..=1.0 + 1e-9).contains(&u) {
            best_t = best_t.min(t);
        }
    }
    if best_t == f64::MAX {
        return (0.0, 0.0);
    }
    (dx * best_t, dy * best_t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_sizes() {
        let label = Size::new(100.0, 24.0);
        let px = Sizing::Pixels { padding: 15.0 };
        assert_eq!(node_size(&Shape::Rect, label, px), Size::new(160.0, 54.0));
        assert_eq!(
            node_size(&Shape::Rounded, label, px),
            Size::new(130.0, 54.0)
        );
        assert_eq!(
            node_size(&Shape::Diamond, label, px),
            Size::new(154.0, 154.0)
        );
    }

    #[test]
    fn labels_fit_inside_round_shapes() {
        let px = Sizing::Pixels { padding: 15.0 };
        for shape in [
            Shape::Circle,
            Shape::Diamond,
            Shape::Hexagon,
            Shape::Cylinder,
            Shape::Stadium,
        ] {
            for label in [
                Size::new(8.0, 24.0),
                Size::new(120.0, 24.0),
                Size::new(60.0, 72.0),
            ] {
                let s = node_size(&shape, label, px);
                let o = outline(&shape, s.w, s.h);
                // Each corner of the label box is inside: the outline's top/bottom at that x enclose it.
                for sx in [-1.0, 1.0] {
                    let x = sx * label.w / 2.0;
                    let (top, bottom) = (border_y(&o, x, false), border_y(&o, x, true));
                    assert!(
                        top <= -label.h / 2.0 + 0.5 && bottom >= label.h / 2.0 - 0.5,
                        "{shape:?} {label:?}: {top} {bottom}"
                    );
                }
            }
        }
    }

    #[test]
    fn border_points() {
        let o = outline(&Shape::Diamond, 100.0, 60.0);
        assert!((border_y(&o, 0.0, true) - 30.0).abs() < 1e-9);
        assert!((border_y(&o, 25.0, false) + 15.0).abs() < 1e-9);
        let (x, y) = ray_exit(&outline(&Shape::Rect, 100.0, 60.0), 1.0, 0.0);
        assert!((x - 50.0).abs() < 1e-9 && y.abs() < 1e-9);
    }
}
