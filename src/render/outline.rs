//! Node shapes as SVG path data, drawn as mermaid draws them, centred on the origin.
//!
//! Each shape is a filled outline plus, for some, decoration strokes (a subroutine's inner
//! sides, a cylinder's lid, a divided process's bar). Sizes come from the layout, which
//! already made each shape big enough for its label.

use super::fmt::{n, push_xy, put};
use crate::graph::Shape;
use std::fmt::Write;

/// The path data of a shape `w` × `h`: its filled outline, and extra lines drawn on top.
pub struct ShapePaths {
    /// The closed outline (filled and stroked).
    pub outline: String,
    /// Decorations (stroked only).
    pub lines: String,
    /// Whether the outline is filled with the stroke colour (mermaid's solid dots and bars).
    pub solid: bool,
    /// Whether the outline is drawn at all (`text` shapes are bare labels).
    pub visible: bool,
}

/// Path data for a polygon.
fn poly(pts: &[(f64, f64)]) -> String {
    let mut d = String::with_capacity(16 * pts.len() + 1);
    for (i, &(x, y)) in pts.iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        push_xy(&mut d, x, y);
    }
    d.push('Z');
    d
}

/// Path data for a rectangle with corner radius `r`.
fn rrect(hw: f64, hh: f64, r: f64) -> String {
    if r <= 0.0 {
        return poly(&[(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)]);
    }
    let r = r.min(hw).min(hh);
    let mut d = String::with_capacity(160);
    d.push('M');
    push_xy(&mut d, -hw + r, -hh);
    // Each side, then the quarter circle round the corner after it (clockwise).
    for (line_to, arc_to) in [
        ((hw - r, -hh), (hw, -hh + r)),
        ((hw, hh - r), (hw - r, hh)),
        ((-hw + r, hh), (-hw, hh - r)),
        ((-hw, -hh + r), (-hw + r, -hh)),
    ] {
        d.push('L');
        push_xy(&mut d, line_to.0, line_to.1);
        arc(&mut d, (r, r), false, true, arc_to);
    }
    d.push('Z');
    d
}

/// An elliptical arc command to `to`: `A rx,ry 0 large sweep x,y`.
fn arc(d: &mut String, (rx, ry): (f64, f64), large: bool, sweep: bool, to: (f64, f64)) {
    let flag = |b: bool| if b { '1' } else { '0' };
    put!(
        d,
        'A',
        n(rx),
        ',',
        n(ry),
        " 0 ",
        flag(large),
        ' ',
        flag(sweep),
        ' '
    );
    push_xy(d, to.0, to.1);
}

/// Path data for an ellipse.
fn ellipse(rx: f64, ry: f64) -> String {
    let mut d = String::with_capacity(64);
    d.push('M');
    push_xy(&mut d, -rx, 0.0);
    arc(&mut d, (rx, ry), true, true, (rx, 0.0));
    arc(&mut d, (rx, ry), true, true, (-rx, 0.0));
    d.push('Z');
    d
}

/// A line from `a` to `b`.
fn line(d: &mut String, a: (f64, f64), b: (f64, f64)) {
    d.push('M');
    push_xy(d, a.0, a.1);
    d.push('L');
    push_xy(d, b.0, b.1);
}

/// A wavy bottom edge from right to left (documents, tape), amplitude `a`.
fn wave_left(d: &mut String, hw: f64, y: f64, a: f64) {
    let q = hw / 2.0;
    let _ = write!(
        d,
        "C{},{} {},{} {},{}C{},{} {},{} {},{}",
        n(hw - q),
        n(y + a),
        n(q),
        n(y + a),
        n(0.0),
        n(y),
        n(-q),
        n(y - a),
        n(-hw + q),
        n(y - a),
        n(-hw),
        n(y)
    );
}

/// The paths of `shape` at size `w` × `h`.
pub fn shape_paths(shape: &Shape, w: f64, h: f64) -> ShapePaths {
    let (hw, hh) = (w / 2.0, h / 2.0);
    let mut lines = String::new();
    let mut solid = false;
    let mut visible = true;
    let outline = match shape {
        Shape::Rect | Shape::Other(_) => rrect(hw, hh, 0.0),
        Shape::Rounded => rrect(hw, hh, 5.0),
        Shape::Stadium => rrect(hw, hh, hh),
        Shape::Subroutine => {
            line(&mut lines, (-hw + 8.0, -hh), (-hw + 8.0, hh));
            line(&mut lines, (hw - 8.0, -hh), (hw - 8.0, hh));
            rrect(hw, hh, 0.0)
        }
        Shape::Cylinder => cylinder(
            hw,
            hh,
            super::super::layout::shapes::cylinder_ry(w),
            &mut lines,
        ),
        Shape::Circle => ellipse(hw, hh),
        Shape::DoubleCircle => {
            lines.push_str(&ellipse((hw - 5.0).max(1.0), (hh - 5.0).max(1.0)));
            ellipse(hw, hh)
        }
        Shape::Ellipse => ellipse(hw, hh),
        Shape::Diamond => poly(&[(0.0, -hh), (hw, 0.0), (0.0, hh), (-hw, 0.0)]),
        Shape::Hexagon => {
            let m = h / 4.0;
            poly(&[
                (-hw + m, -hh),
                (hw - m, -hh),
                (hw, 0.0),
                (hw - m, hh),
                (-hw + m, hh),
                (-hw, 0.0),
            ])
        }
        Shape::Odd => poly(&[
            (-hw, -hh),
            (hw, -hh),
            (hw, hh),
            (-hw, hh),
            (-hw + h / 4.0, 0.0),
        ]),
        Shape::LeanRight => poly(&[(-hw + hh, -hh), (hw, -hh), (hw - hh, hh), (-hw, hh)]),
        Shape::LeanLeft => poly(&[(-hw, -hh), (hw - hh, -hh), (hw, hh), (-hw + hh, hh)]),
        Shape::Trapezoid => poly(&[(-hw + hh, -hh), (hw - hh, -hh), (hw, hh), (-hw, hh)]),
        Shape::InvTrapezoid => poly(&[(-hw, -hh), (hw, -hh), (hw - hh, hh), (-hw + hh, hh)]),
        Shape::Extended(name) => extended(name, hw, hh, &mut lines, &mut solid, &mut visible),
    };
    ShapePaths {
        outline,
        lines,
        solid,
        visible,
    }
}

/// A cylinder: body with rounded caps, and the lid's lower arc as a decoration.
fn cylinder(hw: f64, hh: f64, ry: f64, lines: &mut String) -> String {
    let ry = ry.min(hh);
    let (top, bottom) = (-hh + ry, hh - ry);
    lines.push('M');
    push_xy(lines, -hw, top);
    arc(lines, (hw, ry), false, false, (hw, top));
    let mut d = String::with_capacity(96);
    d.push('M');
    push_xy(&mut d, -hw, top);
    arc(&mut d, (hw, ry), false, true, (hw, top));
    d.push('L');
    push_xy(&mut d, hw, bottom);
    arc(&mut d, (hw, ry), false, true, (-hw, bottom));
    d.push('Z');
    d
}

/// mermaid's `@{ shape: … }` set (by short name); shapes without a drawing here are boxes.
fn extended(
    name: &str,
    hw: f64,
    hh: f64,
    lines: &mut String,
    solid: &mut bool,
    visible: &mut bool,
) -> String {
    let box_ = || rrect(hw, hh, 0.0);
    match name {
        "sm-circ" | "f-circ" => {
            *solid = true;
            ellipse(hw, hh)
        }
        "fr-circ" => {
            lines.push_str(&ellipse((hw - 3.0).max(1.0), (hh - 3.0).max(1.0)));
            ellipse(hw, hh)
        }
        "cross-circ" => {
            let k = std::f64::consts::FRAC_1_SQRT_2;
            line(lines, (-hw * k, -hh * k), (hw * k, hh * k));
            line(lines, (hw * k, -hh * k), (-hw * k, hh * k));
            ellipse(hw, hh)
        }
        "fork" => {
            *solid = true;
            box_()
        }
        "text" => {
            *visible = false;
            box_()
        }
        "tri" => poly(&[(0.0, -hh), (hw, hh), (-hw, hh)]),
        "flip-tri" => poly(&[(-hw, -hh), (hw, -hh), (0.0, hh)]),
        "hourglass" => poly(&[(-hw, -hh), (hw, -hh), (-hw, hh), (hw, hh)]),
        "lin-cyl" | "datastore" => {
            let ry = super::super::layout::shapes::cylinder_ry(2.0 * hw);
            let o = cylinder(hw, hh, ry, lines);
            let y = -hh + 2.0 * ry.min(hh) + 4.0;
            let _ = write!(
                lines,
                "M{},{}A{},{} 0 0 0 {},{}",
                n(-hw),
                n(y),
                n(hw),
                n(ry.min(hh)),
                n(hw),
                n(y)
            );
            o
        }
        "h-cyl" => {
            let rx = (hh / 2.0).min(hw / 3.0);
            let _ = write!(
                lines,
                "M{},{}A{},{} 0 0 0 {},{}",
                n(hw - rx),
                n(-hh),
                n(rx),
                n(hh),
                n(hw - rx),
                n(hh)
            );
            format!(
                "M{},{}L{},{}A{rx},{ry} 0 0 1 {},{}L{},{}A{rx},{ry} 0 0 1 {},{}Z",
                n(-hw + rx),
                n(-hh),
                n(hw - rx),
                n(-hh),
                n(hw - rx),
                n(hh),
                n(-hw + rx),
                n(hh),
                n(-hw + rx),
                n(-hh),
                rx = n(rx),
                ry = n(hh)
            )
        }
        "doc" | "lin-doc" | "tag-doc" => {
            let a = 6.0;
            let mut d = format!(
                "M{},{}L{},{}L{},{}",
                n(-hw),
                n(-hh),
                n(hw),
                n(-hh),
                n(hw),
                n(hh - a)
            );
            wave_left(&mut d, hw, hh - a, a);
            d.push('Z');
            if name == "lin-doc" {
                line(lines, (-hw + 8.0, -hh), (-hw + 8.0, hh - a));
            }
            if name == "tag-doc" {
                let t = (hh * 0.6).min(hw * 0.3);
                line(lines, (hw - t, hh - a - a), (hw, hh - a - a - t));
            }
            d
        }
        "docs" | "st-rect" => {
            // Two offset copies behind the front one.
            let o = 4.0;
            let _ = write!(
                lines,
                "M{},{}L{},{}L{},{}",
                n(-hw + 2.0 * o),
                n(-hh + 2.0 * o),
                n(-hw + 2.0 * o),
                n(-hh),
                n(hw),
                n(-hh)
            );
            let _ = write!(
                lines,
                "L{},{}L{},{}",
                n(hw),
                n(hh - 2.0 * o),
                n(hw - 2.0 * o),
                n(hh - 2.0 * o)
            );
            let _ = write!(
                lines,
                "M{},{}L{},{}L{},{}L{},{}",
                n(-hw + o),
                n(-hh + 2.0 * o),
                n(-hw + o),
                n(-hh + o),
                n(hw - o),
                n(-hh + o),
                n(hw - o),
                n(hh - o)
            );
            if name == "docs" {
                let a = 5.0;
                let mut d = format!(
                    "M{},{}L{},{}L{},{}",
                    n(-hw),
                    n(-hh + 2.0 * o),
                    n(hw - 2.0 * o),
                    n(-hh + 2.0 * o),
                    n(hw - 2.0 * o),
                    n(hh - a)
                );
                let shift = -o;
                let mut w = String::new();
                wave_left(&mut w, hw - o, hh - a, a);
                // The wave is drawn for a half-width of hw - o centred at 0; move it left by o.
                d.push_str(&shift_path(&w, shift));
                d.push('Z');
                d
            } else {
                poly(&[
                    (-hw, -hh + 2.0 * o),
                    (hw - 2.0 * o, -hh + 2.0 * o),
                    (hw - 2.0 * o, hh),
                    (-hw, hh),
                ])
            }
        }
        "lin-rect" => {
            line(lines, (-hw + 8.0, -hh), (-hw + 8.0, hh));
            box_()
        }
        "div-rect" => {
            line(lines, (-hw, -hh + 10.0), (hw, -hh + 10.0));
            box_()
        }
        "notch-rect" => {
            let c = 12.0_f64.min(hh);
            poly(&[
                (-hw + c, -hh),
                (hw, -hh),
                (hw, hh),
                (-hw, hh),
                (-hw, -hh + c),
            ])
        }
        "tag-rect" => {
            let t = (hh * 0.6).min(hw * 0.3);
            line(lines, (hw - t, hh), (hw, hh - t));
            box_()
        }
        "sl-rect" => poly(&[(-hw, -hh + hh * 0.5), (hw, -hh), (hw, hh), (-hw, hh)]),
        "notch-pent" => {
            let c = (hh * 0.6).min(hw * 0.3);
            poly(&[
                (-hw + c, -hh),
                (hw - c, -hh),
                (hw, -hh + c),
                (hw, hh),
                (-hw, hh),
                (-hw, -hh + c),
            ])
        }
        "curv-trap" => {
            let r = hh.min(hw / 2.0);
            format!(
                "M{},{}L{},{}A{r},{ry} 0 0 1 {},{}L{},{}L{},{}Z",
                n(-hw + r / 2.0),
                n(-hh),
                n(hw - r),
                n(-hh),
                n(hw - r),
                n(hh),
                n(-hw + r / 2.0),
                n(hh),
                n(-hw),
                n(0.0),
                r = n(r),
                ry = n(hh)
            )
        }
        "delay" => {
            let r = hh.min(hw);
            format!(
                "M{},{}L{},{}A{r},{r} 0 0 1 {},{}L{},{}Z",
                n(-hw),
                n(-hh),
                n(hw - r),
                n(-hh),
                n(hw - r),
                n(hh),
                n(-hw),
                n(hh),
                r = n(r)
            )
        }
        "bow-rect" => {
            let r = (hh / 2.0).min(hw / 4.0);
            format!(
                "M{},{}L{},{}A{r},{ry} 0 0 0 {},{}L{},{}A{r},{ry} 0 0 1 {},{}Z",
                n(-hw + r),
                n(-hh),
                n(hw),
                n(-hh),
                n(hw),
                n(hh),
                n(-hw + r),
                n(hh),
                n(-hw + r),
                n(-hh),
                r = n(r),
                ry = n(hh)
            )
        }
        "flag" => {
            let a = 5.0;
            let mut d = format!("M{},{}", n(-hw), n(-hh));
            let mut bottom = String::new();
            wave_left(&mut bottom, hw, 0.0, a);
            let _ = write!(d, "L{},{}L{},{}", n(hw), n(-hh), n(hw), n(hh));
            d.push_str(&shift_path_y(&bottom, hh));
            d.push('Z');
            d
        }
        "win-pane" => {
            line(lines, (-hw + 10.0, -hh), (-hw + 10.0, hh));
            line(lines, (-hw, -hh + 10.0), (hw, -hh + 10.0));
            box_()
        }
        "cloud" | "bang" => {
            // Bumps round an ellipse.
            let k = 10;
            let mut d = String::new();
            let pt = |i: usize| {
                let a = std::f64::consts::TAU * i as f64 / k as f64;
                (hw * 0.92 * a.cos(), hh * 0.88 * a.sin())
            };
            for i in 0..k {
                let (x0, y0) = pt(i);
                let (x1, y1) = pt(i + 1);
                if i == 0 {
                    let _ = write!(d, "M{},{}", n(x0), n(y0));
                }
                let r = ((x1 - x0).hypot(y1 - y0) / 2.0).max(1.0);
                let sweep = if name == "bang" { 0 } else { 1 };
                let _ = write!(d, "A{},{} 0 0 {sweep} {},{}", n(r), n(r), n(x1), n(y1));
            }
            d.push('Z');
            d
        }
        "bolt" => poly(&[
            (-hw * 0.2, -hh),
            (hw, -hh),
            (hw * 0.1, -hh * 0.1),
            (hw * 0.5, -hh * 0.1),
            (-hw, hh),
            (-hw * 0.2, hh * 0.1),
            (-hw * 0.6, hh * 0.1),
        ]),
        "brace" | "brace-r" | "braces" => {
            let c = 8.0_f64.min(hw / 4.0);
            let left = |d: &mut String, x: f64, s: f64| {
                let _ = write!(
                    d,
                    "M{},{}Q{},{} {},{}L{},{}Q{},{} {},{}Q{},{} {},{}L{},{}Q{},{} {},{}",
                    n(x + s * c),
                    n(-hh),
                    n(x),
                    n(-hh),
                    n(x),
                    n(-hh + c),
                    n(x),
                    n(-c),
                    n(x),
                    n(0.0),
                    n(x - s * c),
                    n(0.0),
                    n(x),
                    n(0.0),
                    n(x),
                    n(c),
                    n(x),
                    n(hh - c),
                    n(x),
                    n(hh),
                    n(x + s * c),
                    n(hh)
                );
            };
            if name != "brace-r" {
                left(lines, -hw + c, 1.0);
            }
            if name != "brace" {
                left(lines, hw - c, -1.0);
            }
            // Braces draw only their decorations.
            *visible = false;
            box_()
        }
        _ => box_(),
    }
}

/// Move every x of an absolute path (pairs after commands) by `dx`.
fn shift_path(d: &str, dx: f64) -> String {
    map_pairs(d, |x, y| (x + dx, y))
}

/// Move every y of an absolute path by `dy`.
fn shift_path_y(d: &str, dy: f64) -> String {
    map_pairs(d, |x, y| (x, y + dy))
}

/// Apply `f` to every `x,y` pair of a path made only of absolute `C`/`L`/`M` commands.
fn map_pairs(d: &str, f: impl Fn(f64, f64) -> (f64, f64)) -> String {
    let mut out = String::new();
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if let Some((x, y)) = token.split_once(',') {
            if let (Ok(x), Ok(y)) = (x.parse::<f64>(), y.parse::<f64>()) {
                let (x, y) = f(x, y);
                push_xy(out, x, y);
            }
        }
        token.clear();
    };
    for ch in d.chars() {
        if ch.is_ascii_alphabetic() || ch == ' ' {
            flush(&mut token, &mut out);
            out.push(ch);
        } else {
            token.push(ch);
        }
    }
    flush(&mut token, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_shapes_have_their_outlines() {
        let p = shape_paths(&Shape::Diamond, 100.0, 60.0);
        assert_eq!(p.outline, "M0,-30L50,0L0,30L-50,0Z");
        let p = shape_paths(&Shape::Subroutine, 100.0, 60.0);
        assert_eq!(p.lines, "M-42,-30L-42,30M42,-30L42,30");
        let p = shape_paths(&Shape::Stadium, 100.0, 40.0);
        assert!(p.outline.contains("A20,20"), "{}", p.outline);
        let p = shape_paths(&Shape::Cylinder, 80.0, 60.0);
        assert!(!p.lines.is_empty(), "a cylinder has its lid line");
    }

    #[test]
    fn every_extended_shape_draws_something() {
        for name in [
            "doc",
            "docs",
            "cloud",
            "bolt",
            "flag",
            "h-cyl",
            "lin-cyl",
            "curv-trap",
            "delay",
            "bow-rect",
            "notch-pent",
            "sl-rect",
            "tag-rect",
            "div-rect",
            "win-pane",
            "brace",
            "braces",
            "st-rect",
            "fr-circ",
            "cross-circ",
        ] {
            let p = shape_paths(&Shape::Extended(name), 120.0, 60.0);
            assert!(
                p.outline.starts_with('M') && p.outline.ends_with('Z'),
                "{name}: {}",
                p.outline
            );
            assert!(
                !p.outline.contains("NaN") && !p.lines.contains("NaN"),
                "{name}"
            );
        }
    }
}
