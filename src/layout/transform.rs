//! Pass 8: from the top-to-bottom frame to the scope's direction; moving finished parts.
//!
//! Pre: one scope's parts of the layout in the top-to-bottom frame (node sizes
//! and boxes in that frame, label sizes on screen). Post: screen coordinates, y
//! down. The layout driver then moves the scope's parts into place.
//!
//! TB keeps points; BT mirrors y; LR swaps the axes; RL swaps them and mirrors
//! x. Each is an isometry, so crossings, overlaps and lengths are unchanged.

use super::{Layout, Path, Point, Rect, Seg, Written};
use crate::graph::Direction;

/// The blank border around a drawing (mermaid's `diagramPadding`).
pub const MARGIN: f64 = 8.0;

fn map(p: Point, dir: Direction) -> Point {
    match dir {
        Direction::TB => p,
        Direction::BT => Point::new(p.x, -p.y),
        Direction::LR => Point::new(p.y, p.x),
        Direction::RL => Point::new(-p.y, p.x),
    }
}

fn map_rect(r: Rect, dir: Direction) -> Rect {
    let (a, b) = (
        map(Point::new(r.x, r.y), dir),
        map(Point::new(r.x + r.w, r.y + r.h), dir),
    );
    Rect {
        x: a.x.min(b.x),
        y: a.y.min(b.y),
        w: (a.x - b.x).abs(),
        h: (a.y - b.y).abs(),
    }
}

fn map_path(p: &Path, dir: Direction) -> Path {
    Path {
        start: map(p.start, dir),
        segs: p
            .segs
            .iter()
            .map(|s| match *s {
                Seg::Line(q) => Seg::Line(map(q, dir)),
                Seg::Cubic(a, b, q) => Seg::Cubic(map(a, dir), map(b, dir), map(q, dir)),
            })
            .collect(),
    }
}

/// Turn the parts of the layout `w` lists from the top-to-bottom frame to `dir`.
pub(crate) fn orient(l: &mut Layout, w: &Written, dir: Direction) {
    for &n in &w.nodes {
        if let Some(n) = &mut l.nodes[n] {
            let r = map_rect(n.rect(), dir);
            n.center = r.center();
            n.size = super::measure::Size::new(r.w, r.h);
        }
    }
    for &e in &w.edges {
        let e = &mut l.edges[e];
        e.path = map_path(&e.path, dir);
        e.label_box = e.label_box.map(|r| map_rect(r, dir));
        for h in &mut e.hops {
            h.at = map(h.at, dir);
        }
    }
    for &c in &w.clusters {
        if let Some(c) = &mut l.clusters[c] {
            c.rect = map_rect(c.rect, dir);
            c.title_box = map_rect(c.title_box, dir);
        }
    }
}

/// The top-left and bottom-right corners of everything `w` lists (origin when it is nothing).
pub(crate) fn bounds(l: &Layout, w: &Written) -> (Point, Point) {
    let (mut lo, mut hi) = (
        Point::new(f64::MAX, f64::MAX),
        Point::new(f64::MIN, f64::MIN),
    );
    let mut add = |p: Point| {
        lo = Point::new(lo.x.min(p.x), lo.y.min(p.y));
        hi = Point::new(hi.x.max(p.x), hi.y.max(p.y));
    };
    let add_rect = |r: Rect, add: &mut dyn FnMut(Point)| {
        add(Point::new(r.x, r.y));
        add(Point::new(r.x + r.w, r.y + r.h));
    };
    for n in w.nodes.iter().filter_map(|&n| l.nodes[n].as_ref()) {
        add_rect(n.rect(), &mut add);
    }
    for c in w.clusters.iter().filter_map(|&c| l.clusters[c].as_ref()) {
        add_rect(c.rect, &mut add);
        add_rect(c.title_box, &mut add);
    }
    for e in w.edges.iter().map(|&e| &l.edges[e]) {
        add_rect(e.path.bounds(), &mut add);
        if let Some(r) = e.label_box {
            add_rect(r, &mut add);
        }
    }
    if lo.x > hi.x {
        (Point::default(), Point::default())
    } else {
        (lo, hi)
    }
}

/// Move everything `w` lists by (`dx`, `dy`).
pub(crate) fn translate(l: &mut Layout, w: &Written, dx: f64, dy: f64) {
    let shift = |p: Point| Point::new(p.x + dx, p.y + dy);
    let shift_rect = |r: Rect| Rect {
        x: r.x + dx,
        y: r.y + dy,
        ..r
    };
    for &n in &w.nodes {
        if let Some(n) = &mut l.nodes[n] {
            n.center = shift(n.center);
        }
    }
    for &e in &w.edges {
        let e = &mut l.edges[e];
        e.path.start = shift(e.path.start);
        for s in &mut e.path.segs {
            *s = match *s {
                Seg::Line(q) => Seg::Line(shift(q)),
                Seg::Cubic(a, b, q) => Seg::Cubic(shift(a), shift(b), shift(q)),
            };
        }
        e.label_box = e.label_box.map(shift_rect);
        for h in &mut e.hops {
            h.at = shift(h.at);
        }
    }
    for &c in &w.clusters {
        if let Some(c) = &mut l.clusters[c] {
            c.rect = shift_rect(c.rect);
            c.title_box = shift_rect(c.title_box);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mapping a point to a direction and back again gives the point (each transform is invertible).
    #[test]
    fn transforms_round_trip() {
        let inverse = |p: Point, dir: Direction| match dir {
            Direction::TB => p,
            Direction::BT => Point::new(p.x, -p.y),
            Direction::LR => Point::new(p.y, p.x),
            Direction::RL => Point::new(p.y, -p.x),
        };
        for dir in [Direction::TB, Direction::BT, Direction::LR, Direction::RL] {
            for p in [Point::new(3.0, 7.0), Point::new(-2.5, 11.0)] {
                assert_eq!(inverse(map(p, dir), dir), p, "{dir:?}");
            }
        }
        // Ranks grow along the flow: down, up, right, left.
        let down = Point::new(0.0, 10.0);
        assert_eq!(map(down, Direction::TB).y, 10.0);
        assert_eq!(map(down, Direction::BT).y, -10.0);
        assert_eq!(map(down, Direction::LR).x, 10.0);
        assert_eq!(map(down, Direction::RL).x, -10.0);
    }
}
