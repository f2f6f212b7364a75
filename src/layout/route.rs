//! Pass 7: edge paths, label boxes and subgraph boxes (in the top-to-bottom frame).
//!
//! Pre: positioned layered graph. Post: a [`Layout`] in the top-to-bottom frame
//! (the transform pass turns it to the diagram's direction).
//!
//! An edge leaves its upper node at a port on the node's lower border (ports of
//! several edges spread along the border, ordered by where the edges go), runs
//! straight down through each rank band at its dummy's x, and bends only in the
//! gaps between bands, where no node is: an S-curve with vertical ends (smooth),
//! a straight segment (linear), or a horizontal step (step). It ends on the real
//! outline of the lower node (a diamond's edge, not its bounding box). Since
//! positioning keeps every dummy clear of the nodes in its band, no edge passes
//! through a node, and a label (a node of its edge's middle band) sits on its own
//! edge and on no other.

use super::build::{Kind, LGraph, RouteKind, TitleSide};
use super::measure::Size;
use super::shapes::{border_x, border_y, outline};
use super::{
    ClusterGeom, Curve, EdgeGeom, Layout, LayoutOptions, NodeGeom, Path, Point, Rect, Seg,
};
use crate::graph::{Diagram, Direction, Shape};

/// Produce the layout (top-to-bottom frame).
pub(crate) fn run(g: &LGraph, d: &Diagram, opts: &LayoutOptions) -> Layout {
    let shapes: Vec<Option<Shape>> = {
        let mut v = vec![None; g.nodes.len()];
        for (i, n) in g.nodes.iter().enumerate() {
            v[i] = match n.kind {
                Kind::Node(m) => Some(
                    d.graph[petgraph::stable_graph::NodeIndex::new(m)]
                        .shape
                        .clone(),
                ),
                Kind::Empty(_) => Some(Shape::Rect),
                _ => None,
            };
        }
        v
    };
    let outlines: Vec<Option<Vec<(f64, f64)>>> = g
        .nodes
        .iter()
        .zip(&shapes)
        .map(|(n, s)| s.as_ref().map(|s| frame_outline(s, n.w, n.h, g.dir)))
        .collect();
    let ports = assign_ports(g, &shapes, opts);
    let mut out = Layout {
        direction: g.dir,
        ..Layout::default()
    };
    // Nodes.
    out.nodes = vec![None; g.node_of.len()];
    for (m, slot) in g.node_of.iter().enumerate() {
        if let Some(v) = *slot {
            let n = &g.nodes[v];
            let (label, label_size) = g.labels[m].clone();
            out.nodes[m] = Some(NodeGeom {
                center: Point::new(n.x, n.y),
                size: Size::new(n.w, n.h),
                label,
                label_size,
            });
        }
    }
    // Subgraph boxes.
    out.clusters = g
        .clusters
        .iter()
        .enumerate()
        .map(|(s, c)| cluster_geom(g, s, c, opts))
        .collect();
    // Edges.
    let mut loops_at = vec![0usize; g.nodes.len()];
    for (r, spec) in g.routes.iter().enumerate() {
        let (mut path, label_box) = match &spec.kind {
            RouteKind::Ranked(_) => {
                let path = ranked_path(g, r, &ports, &outlines, spec.curve);
                let label_box = spec.label_node.map(|l| {
                    Rect::centered(
                        Point::new(g.nodes[l].x, g.nodes[l].y),
                        Size::new(g.nodes[l].w, g.nodes[l].h),
                    )
                });
                (path, label_box)
            }
            RouteKind::SelfLoop(v) => {
                let k = loops_at[*v];
                loops_at[*v] += 1;
                self_loop(g, *v, k, &outlines, spec.label_size)
            }
            RouteKind::Unranked { from, to } => (unranked(g, *from, *to, &out, &outlines), None),
        };
        if spec.reversed {
            path = reverse(&path);
        }
        out.edges.push(EdgeGeom {
            path,
            label_box,
            label: spec.label.clone(),
        });
    }
    out
}

/// A shape's outline in the top-to-bottom frame, for a node of frame size `w` × `h`.
pub(crate) fn frame_outline(shape: &Shape, w: f64, h: f64, dir: Direction) -> Vec<(f64, f64)> {
    let (sw, sh) = if dir.is_horizontal() { (h, w) } else { (w, h) };
    outline(shape, sw, sh)
        .into_iter()
        .map(|(sx, sy)| match dir {
            Direction::TB => (sx, sy),
            Direction::BT => (sx, -sy),
            Direction::LR => (sy, sx),
            Direction::RL => (sy, -sx),
        })
        .collect()
}

/// Port x of each (route, end) — end 0 the upper node's lower side, end 1 the lower node's upper side.
fn assign_ports(g: &LGraph, shapes: &[Option<Shape>], opts: &LayoutOptions) -> Vec<[f64; 2]> {
    let mut ports = vec![[0.0f64; 2]; g.routes.len()];
    // For every node side: (route, end, where the edge goes next).
    let mut sides: Vec<[Vec<(usize, usize, f64)>; 2]> =
        vec![[Vec::new(), Vec::new()]; g.nodes.len()];
    for (r, spec) in g.routes.iter().enumerate() {
        if spec.chain.len() < 2 {
            continue;
        }
        let (a, a_next) = (spec.chain[0], spec.chain[1]);
        let (b, b_prev) = (
            spec.chain[spec.chain.len() - 1],
            spec.chain[spec.chain.len() - 2],
        );
        sides[a][0].push((r, 0, g.nodes[a_next].x));
        sides[b][1].push((r, 1, g.nodes[b_prev].x));
    }
    for (v, node_sides) in sides.iter_mut().enumerate() {
        let n = &g.nodes[v];
        let is_box = matches!(n.kind, Kind::Top(_) | Kind::Bottom(_));
        let rect_like = matches!(
            shapes[v],
            Some(Shape::Rect | Shape::Rounded | Shape::Subroutine | Shape::Other(_))
        );
        for side in node_sides.iter_mut() {
            side.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
            let k = side.len();
            if k == 0 {
                continue;
            }
            let usable = if is_box {
                f64::MAX / 4.0
            } else {
                (n.w / 2.0 - 6.0).max(0.0)
            };
            if k == 1 {
                let (r, end, next) = side[0];
                let straight = (rect_like || is_box) && (next - n.x).abs() <= usable;
                ports[r][end] = if straight { next } else { n.x };
                continue;
            }
            let spacing = if usable >= f64::MAX / 8.0 {
                opts.port_spacing
            } else {
                opts.port_spacing.min(2.0 * usable / (k - 1) as f64)
            };
            for (i, &(r, end, _)) in side.iter().enumerate() {
                ports[r][end] = n.x + (i as f64 - (k - 1) as f64 / 2.0) * spacing;
            }
        }
    }
    ports
}

/// Where a path meets node `v` at x = `x`, on its lower side (`bottom`) or upper side.
fn border_at(
    g: &LGraph,
    v: usize,
    x: f64,
    bottom: bool,
    outlines: &[Option<Vec<(f64, f64)>>],
) -> f64 {
    let n = &g.nodes[v];
    match (n.kind, &outlines[v]) {
        (Kind::Top(s), _) => g.band_top[g.nodes[g.clusters[s].top].rank as usize],
        (Kind::Bottom(s), _) => g.band_bottom[g.nodes[g.clusters[s].bottom].rank as usize],
        (_, Some(o)) => n.y + border_y(o, x - n.x, bottom),
        _ => n.y,
    }
}

/// The bend between bands, from (x1, y1) down to (x2, y2).
fn gap(segs: &mut Vec<Seg>, x1: f64, y1: f64, x2: f64, y2: f64, curve: Curve) {
    if (x1 - x2).abs() < 0.5 {
        segs.push(Seg::Line(Point::new(x2, y2)));
        return;
    }
    let ym = (y1 + y2) / 2.0;
    match curve {
        Curve::Smooth => segs.push(Seg::Cubic(
            Point::new(x1, ym),
            Point::new(x2, ym),
            Point::new(x2, y2),
        )),
        Curve::Linear => segs.push(Seg::Line(Point::new(x2, y2))),
        Curve::Step => {
            segs.push(Seg::Line(Point::new(x1, ym)));
            segs.push(Seg::Line(Point::new(x2, ym)));
            segs.push(Seg::Line(Point::new(x2, y2)));
        }
    }
}

/// The path of a ranked edge, from its upper end to its lower end.
fn ranked_path(
    g: &LGraph,
    r: usize,
    ports: &[[f64; 2]],
    outlines: &[Option<Vec<(f64, f64)>>],
    curve: Curve,
) -> Path {
    let chain = &g.routes[r].chain;
    let (a, b) = (chain[0], chain[chain.len() - 1]);
    let (pa, pb) = (ports[r][0], ports[r][1]);
    let start = Point::new(pa, border_at(g, a, pa, true, outlines));
    let mut segs = Vec::new();
    let ra = g.nodes[a].rank as usize;
    let mut y = g.band_bottom[ra];
    if y > start.y + 0.01 {
        segs.push(Seg::Line(Point::new(pa, y)));
    } else {
        y = start.y;
    }
    let mut x = pa;
    for &dmy in &chain[1..chain.len() - 1] {
        let dn = &g.nodes[dmy];
        let rk = dn.rank as usize;
        gap(&mut segs, x, y, dn.x, g.band_top[rk], curve);
        if g.band_bottom[rk] > g.band_top[rk] + 0.01 {
            segs.push(Seg::Line(Point::new(dn.x, g.band_bottom[rk])));
        }
        x = dn.x;
        y = g.band_bottom[rk];
    }
    let rb = g.nodes[b].rank as usize;
    let top_b = g.band_top[rb];
    gap(&mut segs, x, y, pb, top_b, curve);
    let end_y = border_at(g, b, pb, false, outlines);
    if end_y > top_b + 0.01 {
        segs.push(Seg::Line(Point::new(pb, end_y)));
    }
    simplify(Path { start, segs })
}

/// Merge consecutive collinear straight segments.
fn simplify(p: Path) -> Path {
    let mut segs: Vec<Seg> = Vec::with_capacity(p.segs.len());
    let mut cur = p.start;
    let mut prev_start = p.start;
    for s in p.segs {
        if let (Seg::Line(b), Some(Seg::Line(a))) = (s, segs.last().copied()) {
            // prev_start -> a -> b collinear?
            let cross = (a.x - prev_start.x) * (b.y - a.y) - (a.y - prev_start.y) * (b.x - a.x);
            if cross.abs() < 1e-6 {
                *segs.last_mut().expect("checked") = Seg::Line(b);
                cur = b;
                continue;
            }
        }
        prev_start = cur;
        cur = match s {
            Seg::Line(p) | Seg::Cubic(_, _, p) => p,
        };
        segs.push(s);
    }
    Path {
        start: p.start,
        segs,
    }
}

/// The same path, walked the other way.
pub(crate) fn reverse(p: &Path) -> Path {
    let mut points = vec![p.start];
    for s in &p.segs {
        points.push(match *s {
            Seg::Line(q) | Seg::Cubic(_, _, q) => q,
        });
    }
    let mut segs = Vec::with_capacity(p.segs.len());
    for (i, s) in p.segs.iter().enumerate().rev() {
        let from_start = points[i];
        segs.push(match *s {
            Seg::Line(_) => Seg::Line(from_start),
            Seg::Cubic(c1, c2, _) => Seg::Cubic(c2, c1, from_start),
        });
    }
    Path {
        start: p.end(),
        segs,
    }
}

/// A loop on the right side of node `v` (the `k`-th one there), and its label box.
fn self_loop(
    g: &LGraph,
    v: usize,
    k: usize,
    outlines: &[Option<Vec<(f64, f64)>>],
    label: Size,
) -> (Path, Option<Rect>) {
    let n = &g.nodes[v];
    let dy = (n.h / 4.0).min(12.0);
    let reach = 18.0 + 10.0 * k as f64;
    let (ya, yb) = (n.y - dy, n.y + dy);
    let (xa, xb) = match &outlines[v] {
        Some(o) => (n.x + border_x(o, -dy, true), n.x + border_x(o, dy, true)),
        None => (n.x + n.w / 2.0, n.x + n.w / 2.0),
    };
    let far = n.x + n.w / 2.0 + reach;
    let start = Point::new(xa, ya);
    let path = Path {
        start,
        segs: vec![Seg::Cubic(
            Point::new(far, ya - 2.0 * dy),
            Point::new(far, yb + 2.0 * dy),
            Point::new(xb, yb),
        )],
    };
    let label_box = (label.w > 0.0).then(|| Rect {
        x: far + 2.0,
        y: n.y - label.h / 2.0,
        w: label.w,
        h: label.h,
    });
    (path, label_box)
}

/// An edge between a subgraph and something inside it: straight to the box's lower side.
fn unranked(
    g: &LGraph,
    from: usize,
    to: usize,
    out: &Layout,
    outlines: &[Option<Vec<(f64, f64)>>],
) -> Path {
    let point = |v: usize| -> (Point, Option<Rect>) {
        match g.nodes[v].kind {
            Kind::Top(s) | Kind::Bottom(s) => {
                let r = out.clusters[s].as_ref().map(|c| c.rect);
                (
                    r.map_or(Point::new(g.nodes[v].x, g.nodes[v].y), |r| r.center()),
                    r,
                )
            }
            _ => (Point::new(g.nodes[v].x, g.nodes[v].y), None),
        }
    };
    let ((pa, ra), (pb, rb)) = (point(from), point(to));
    // The node end leaves from its border towards the box's bottom side; the box end is that side.
    let (node, node_p, boxr) = if ra.is_some() {
        (to, pb, ra)
    } else {
        (from, pa, rb)
    };
    let bottom = boxr.map_or(node_p.y + 40.0, |r| r.y + r.h);
    let start_y = outlines[node]
        .as_ref()
        .map_or(node_p.y, |o| node_p.y + border_y(o, 0.0, true));
    let path = Path {
        start: Point::new(node_p.x, start_y),
        segs: vec![Seg::Line(Point::new(node_p.x, bottom))],
    };
    if ra.is_some() {
        reverse(&path)
    } else {
        path
    }
}

/// The box of subgraph `s` and its title (top-to-bottom frame); an empty subgraph's is its node.
fn cluster_geom(
    g: &LGraph,
    s: usize,
    c: &super::build::LCluster,
    opts: &LayoutOptions,
) -> Option<ClusterGeom> {
    if c.top == usize::MAX {
        return None;
    }
    if !c.active {
        let n = &g.nodes[c.top];
        let rect = Rect::centered(Point::new(n.x, n.y), Size::new(n.w, n.h));
        let title_frame = super::build::to_frame(c.title_size, g.dir);
        let title_box = Rect::centered(Point::new(n.x, n.y), title_frame);
        return Some(ClusterGeom {
            rect,
            title_box,
            title: c.title.clone(),
        });
    }
    let (mut left, mut right) = (f64::MAX, f64::MIN);
    for n in &g.nodes {
        if let Kind::Border { cluster, right: r } = n.kind {
            if cluster == s {
                if r {
                    right = right.max(n.x);
                } else {
                    left = left.min(n.x);
                }
            }
        }
    }
    let top = g.band_top[g.nodes[c.top].rank as usize];
    let bottom = g.band_bottom[g.nodes[c.bottom].rank as usize];
    let rect = Rect {
        x: left,
        y: top,
        w: right - left,
        h: bottom - top,
    };
    let t = c.title_size;
    let pad = opts.cluster_padding;
    let title_box = match g.title_side {
        TitleSide::Top => Rect {
            x: g.nodes[c.top].x - t.w / 2.0,
            y: top + pad / 2.0,
            w: t.w,
            h: t.h,
        },
        TitleSide::Bottom => Rect {
            x: g.nodes[c.bottom].x - t.w / 2.0,
            y: bottom - pad / 2.0 - t.h,
            w: t.w,
            h: t.h,
        },
        TitleSide::Left => {
            // Along the ranks; on screen the title reads from the box's left end.
            let along = if g.dir == Direction::RL {
                bottom - pad / 2.0 - t.w
            } else {
                top + pad / 2.0
            };
            Rect {
                x: left + pad / 2.0,
                y: along,
                w: t.h,
                h: t.w,
            }
        }
    };
    Some(ClusterGeom {
        rect,
        title_box,
        title: c.title.clone(),
    })
}
