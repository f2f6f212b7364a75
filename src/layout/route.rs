//! Pass 7: edge paths, label boxes and subgraph boxes (in the top-to-bottom frame).
//!
//! Pre: positioned layered graph. Post: a [`Layout`] in the top-to-bottom frame
//! (the transform pass turns it to the diagram's direction).
//!
//! An edge leaves its upper node at a port on the node's lower border (ports of
//! several edges spread along the border, ordered by where the edges go), runs
//! straight down through each rank band at its dummy's x, and bends only in the
//! gaps between bands, where no node is, one gap at a time: an S-curve with
//! vertical ends (smooth), a straight segment (linear), or a horizontal step
//! (step). All bends of a gap share its height and shape, so paths cross in a
//! gap only where the ranked order says they do. It ends on the real
//! outline of the lower node (a diamond's edge, not its bounding box). Since
//! positioning keeps every dummy clear of the nodes in its band, no edge passes
//! through a node, and a label (a node of its edge's middle band) sits on its own
//! edge and on no other.

use super::build::{Kind, LGraph, RouteKind, TitleSide};
use super::measure::Size;
use super::ortho::{hops, is_orthogonal, polyline, to_path, Screen, Tracks, CORNER};
use super::shapes::{border_x, border_y, shaped_outline};
use super::title_gaps::BEND_HALF;
use super::{
    ClusterGeom, Curve, EdgeGeom, Layout, LayoutOptions, NodeGeom, Path, Point, Rect, Seg, Written,
};
use crate::graph::{Diagram, Direction, Shape};
use crate::text::rich::RichText;
use petgraph::stable_graph::NodeIndex;

/// What routing needs to know of every node and edge end before the paths: outlines of the
/// shapes that are not boxes, box sides, and each edge's port at either end.
pub(crate) struct Ends {
    outlines: Vec<Option<Vec<(f64, f64)>>>,
    sides: Vec<(f64, f64)>,
    /// Port x of each (route, end): end 0 the upper node's lower side, end 1 the lower node's
    /// upper side.
    pub ports: Vec<[f64; 2]>,
}

/// Outlines, box sides and ports (after positioning; y does not matter to them).
pub(crate) fn ends(g: &LGraph, d: &Diagram, opts: &LayoutOptions) -> Ends {
    const BOX: Shape = Shape::Rect;
    let shapes: Vec<Option<&Shape>> = g
        .nodes
        .iter()
        .map(|n| match n.kind {
            Kind::Node(m) => Some(&d.graph[NodeIndex::new(m)].shape),
            Kind::Empty(_) | Kind::Compound(_) => Some(&BOX),
            _ => None,
        })
        .collect();
    // Outlines of the shapes that are not boxes (boxes are met at their bounding box).
    let outlines: Vec<Option<Vec<(f64, f64)>>> = g
        .nodes
        .iter()
        .zip(&shapes)
        .map(|(n, s)| s.and_then(|s| frame_outline(s, n.w, n.h, g.dir)))
        .collect();
    let sides = box_sides(g);
    let ports = assign_ports(g, &shapes, &outlines, &sides, opts);
    Ends {
        outlines,
        sides,
        ports,
    }
}

/// Write the geometry of one scope's parts into `out` (top-to-bottom frame); say which parts.
pub(crate) fn run(
    g: &mut LGraph,
    opts: &LayoutOptions,
    ends: &Ends,
    tracks: &Tracks,
    out: &mut Layout,
) -> Written {
    // The labels move to the layout.
    let mut labels = std::mem::take(&mut g.labels);
    let mut edge_labels: Vec<RichText> = g
        .routes
        .iter_mut()
        .map(|r| std::mem::take(&mut r.label))
        .collect();
    let g = &*g;
    let (outlines, sides, ports) = (&ends.outlines, &ends.sides, &ends.ports);
    let mut w = Written::default();
    // Nodes (the scope's diagram nodes come first, with their labels).
    for (v, (label, label_size)) in labels.iter_mut().enumerate() {
        let n = &g.nodes[v];
        let Kind::Node(m) = n.kind else { continue };
        out.nodes[m] = Some(NodeGeom {
            center: Point::new(n.x, n.y),
            size: Size::new(n.w, n.h),
            label: std::mem::take(label),
            label_size: *label_size,
        });
        w.nodes.push(m);
    }
    // Subgraph boxes (and the boxes of those laid out on their own, to be filled in).
    for (s, c) in g.clusters.iter().enumerate() {
        if let Some(geom) = cluster_geom(g, s, c, sides, opts) {
            out.clusters[s] = Some(geom);
            w.clusters.push(s);
        }
    }
    // Edges.
    // Self-loops per node: how many, and (while drawing) how many drawn and their labels' height.
    let mut loop_count = vec![0usize; g.nodes.len()];
    for spec in &g.routes {
        if let RouteKind::SelfLoop(v) = spec.kind {
            loop_count[v] += 1;
        }
    }
    let mut loops_at = vec![(0usize, 0.0f64); g.nodes.len()];
    // Orthogonal edges are laid out as corners first, for their hops.
    let mut shapes: Vec<(EdgeShape, Option<Rect>)> = Vec::with_capacity(g.routes.len());
    for (r, spec) in g.routes.iter().enumerate() {
        let orthogonal = is_orthogonal(spec.curve);
        let (shape, label_box) = match &spec.kind {
            RouteKind::Ranked(_) => {
                let shape = if orthogonal {
                    let (start, end) = ranked_ends(g, r, ports, outlines);
                    EdgeShape::Corners(polyline(g, r, ports, tracks, (start, end), opts))
                } else {
                    EdgeShape::Path(ranked_path(g, r, ports, outlines, spec.curve, opts))
                };
                let label_box = spec.label_node.map(|l| {
                    Rect::centered(
                        Point::new(g.nodes[l].x, g.nodes[l].y),
                        Size::new(g.nodes[l].w, g.nodes[l].h),
                    )
                });
                (shape, label_box)
            }
            RouteKind::SelfLoop(v) => {
                let (k, above) = loops_at[*v];
                loops_at[*v] = (
                    k + 1,
                    above
                        + if spec.label_size.w > 0.0 {
                            spec.label_size.h
                        } else {
                            0.0
                        },
                );
                self_loop(
                    g,
                    *v,
                    (k, loop_count[*v]),
                    above,
                    outlines,
                    spec.label_size,
                    orthogonal,
                )
            }
            RouteKind::Unranked { from, to } => {
                let (path, label_box) = unranked(g, *from, *to, out, spec.label_size);
                (EdgeShape::Path(path), label_box)
            }
        };
        shapes.push((shape, label_box));
    }
    // Hops where orthogonal edges cross, then every path.
    let screen = Screen::of(g.dir);
    let corners: Vec<Vec<Point>> = shapes
        .iter()
        .map(|(s, _)| match s {
            EdgeShape::Corners(c) => c.clone(),
            EdgeShape::Path(_) => Vec::new(),
        })
        .collect();
    let hopped = hops(&corners, screen, CORNER);
    for (r, ((shape, label_box), hop_list)) in shapes.into_iter().zip(hopped).enumerate() {
        let spec = &g.routes[r];
        let mut path = match shape {
            EdgeShape::Path(p) => p,
            EdgeShape::Corners(c) => {
                let corner = if spec.curve == Curve::Rounded {
                    CORNER
                } else {
                    0.0
                };
                to_path(&c, &hop_list, corner, screen)
            }
        };
        if spec.reversed {
            path = reverse(&path);
        }
        out.edges[spec.edge] = EdgeGeom {
            path,
            label_box,
            label: std::mem::take(&mut edge_labels[r]),
            label_size: spec.text_size,
            hops: hop_list,
        };
        w.edges.push(spec.edge);
    }
    w
}

/// An edge's path as first laid out: finished, or (orthogonal edges) its corners.
enum EdgeShape {
    Path(Path),
    Corners(Vec<Point>),
}

/// A shape's outline in the top-to-bottom frame, for a node of frame size `w` × `h`; `None` for
/// a box.
pub(crate) fn frame_outline(
    shape: &Shape,
    w: f64,
    h: f64,
    dir: Direction,
) -> Option<Vec<(f64, f64)>> {
    let (sw, sh) = if dir.is_horizontal() { (h, w) } else { (w, h) };
    let mut o = shaped_outline(shape, sw, sh)?;
    for p in &mut o {
        *p = match dir {
            Direction::TB => *p,
            Direction::BT => (p.0, -p.1),
            Direction::LR => (p.1, p.0),
            Direction::RL => (p.1, -p.0),
        };
    }
    Some(o)
}

/// Port x of each (route, end) — end 0 the upper node's lower side, end 1 the lower node's upper side.
fn assign_ports(
    g: &LGraph,
    shapes: &[Option<&Shape>],
    outlines: &[Option<Vec<(f64, f64)>>],
    boxes: &[(f64, f64)],
    opts: &LayoutOptions,
) -> Vec<[f64; 2]> {
    let mut ports = vec![[0.0f64; 2]; g.routes.len()];
    // Edge ends by node side: (node, side, where the edge goes next, route, end); side 0 is a
    // node's lower side, 1 its upper side.
    let mut ends: Vec<(usize, usize, f64, usize, usize)> = Vec::with_capacity(2 * g.routes.len());
    for (r, spec) in g.routes.iter().enumerate() {
        if spec.chain.len() < 2 {
            continue;
        }
        let (a, a_next) = (spec.chain[0], spec.chain[1]);
        let (b, b_prev) = (
            spec.chain[spec.chain.len() - 1],
            spec.chain[spec.chain.len() - 2],
        );
        ends.push((a, 0, g.nodes[a_next].x, r, 0));
        ends.push((b, 1, g.nodes[b_prev].x, r, 1));
    }
    ends.sort_by(|p, q| {
        (p.0, p.1)
            .cmp(&(q.0, q.1))
            .then(p.2.total_cmp(&q.2))
            .then(p.3.cmp(&q.3))
    });
    for side in ends.chunk_by(|p, q| (p.0, p.1) == (q.0, q.1)) {
        let v = side[0].0;
        let n = &g.nodes[v];
        let k = side.len();
        if let Kind::Top(c) | Kind::Bottom(c) = n.kind {
            // A box side: straight on where the edge comes from, within the box, apart.
            let (left, right) = boxes[c];
            let margin = opts.cluster_padding.min((right - left) / 2.0);
            let (lo, hi) = (left + margin, right - margin);
            let xs = spread(side.iter().map(|e| e.2), lo, hi, opts.port_spacing);
            for (&(_, _, _, r, end), x) in side.iter().zip(xs) {
                ports[r][end] = x;
            }
            continue;
        }
        let usable = (n.w / 2.0 - 6.0).max(0.0);
        let boxy = shapes[v].is_some() && outlines[v].is_none();
        let orthogonal = side
            .iter()
            .all(|e| super::ortho::is_orthogonal(g.routes[e.3].curve));
        // Several orthogonal edges at another shape: as at a box, but within the middle half of
        // the side, where its outline still faces the way they go (past it a vertical edge
        // would meet the outline at a glancing angle).
        let usable = if boxy { usable } else { usable.min(n.w / 4.0) };
        if (boxy && (orthogonal || k == 1)) || (orthogonal && k > 1) {
            // Straight on where each edge comes from (or goes), if within the usable width,
            // apart (for orthogonal edges: no jog by the node); a lone edge to or from beyond
            // the side leaves from its middle (from the side's end it would read as leaving the
            // corner, and it bends twice either way), several keep within the side.
            if k == 1 && (side[0].2 - n.x).abs() > usable {
                let (_, _, _, r, end) = side[0];
                ports[r][end] = n.x;
                continue;
            }
            let spacing = if k > 1 {
                opts.port_spacing.min(2.0 * usable / (k - 1) as f64)
            } else {
                0.0
            };
            let xs = spread(
                side.iter().map(|e| e.2),
                n.x - usable,
                n.x + usable,
                spacing,
            );
            for (&(_, _, _, r, end), x) in side.iter().zip(xs) {
                ports[r][end] = x;
            }
            continue;
        }
        // Other shapes, and curved edges: spread around the middle (where a shape's outline is
        // lowest or highest).
        if k == 1 {
            let (_, _, _, r, end) = side[0];
            ports[r][end] = n.x;
            continue;
        }
        let spacing = opts.port_spacing.min(2.0 * usable / (k - 1) as f64);
        for (i, &(_, _, _, r, end)) in side.iter().enumerate() {
            ports[r][end] = n.x + (i as f64 - (k - 1) as f64 / 2.0) * spacing;
        }
    }
    ports
}

/// Positions in `lo..=hi` as near as they can be to `wants` (in increasing order), at least
/// `spacing` apart: each wish clamped, then pushed right of its left neighbour, then left of its
/// right neighbour (the range holds them all).
fn spread(wants: impl Iterator<Item = f64>, lo: f64, hi: f64, spacing: f64) -> Vec<f64> {
    let mut xs: Vec<f64> = wants.map(|w| w.clamp(lo, hi)).collect();
    let k = xs.len();
    for i in 1..k {
        xs[i] = xs[i].max(xs[i - 1] + spacing);
    }
    for i in (0..k).rev() {
        let limit = if i + 1 < k { xs[i + 1] - spacing } else { hi };
        xs[i] = xs[i].min(limit).max(lo);
    }
    xs
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
        // A box's top edge; an edge from the box to its own member starts under the title.
        (Kind::Top(_), _) if bottom => g.band_bottom[n.rank as usize],
        (Kind::Top(_), _) => g.band_top[n.rank as usize],
        // Its bottom edge; when the title sits there (bottom-to-top diagrams), an edge between
        // the box and its own member stops above the title.
        (Kind::Bottom(_), _) if !bottom && g.title_side == TitleSide::Bottom => {
            g.band_top[n.rank as usize]
        }
        (Kind::Bottom(_), _) => g.band_bottom[n.rank as usize],
        (_, Some(o)) => n.y + border_y(o, x - n.x, bottom),
        // A box.
        _ => n.y + if bottom { n.h / 2.0 } else { -n.h / 2.0 },
    }
}

/// The bend from (x1, y1) down to (x2, y2): an S-curve with vertical ends (its x the smoothstep
/// of y), or a straight segment. (Orthogonal edges take their tracks instead: [`super::ortho`].)
fn bend(segs: &mut Vec<Seg>, x1: f64, y1: f64, x2: f64, y2: f64, curve: Curve) {
    if (x1 - x2).abs() < 0.5 || curve != Curve::Smooth {
        segs.push(Seg::Line(Point::new(x2, y2)));
        return;
    }
    let dy = (y2 - y1) / 3.0;
    segs.push(Seg::Cubic(
        Point::new(x1, y1 + dy),
        Point::new(x2, y2 - dy),
        Point::new(x2, y2),
    ));
}

/// Where a path crosses a band: anywhere in `lo..=hi` (one x for its ends and its label),
/// from `top` to `bottom`.
#[derive(Clone, Copy)]
struct Waypoint {
    lo: f64,
    hi: f64,
    top: f64,
    bottom: f64,
}

impl Waypoint {
    fn fixed(x: f64, top: f64, bottom: f64) -> Waypoint {
        Waypoint {
            lo: x,
            hi: x,
            top,
            bottom,
        }
    }
}

/// The stretch of a rank where the path through dummy `v` may run: up to the midpoint towards a
/// neighbouring edge (less a quarter of the edge spacing), clear of neighbouring nodes and box
/// sides. Paths keep their rank order, so they cross exactly where the ranked drawing does.
pub(crate) fn corridor(g: &LGraph, v: usize, opts: &LayoutOptions) -> (f64, f64) {
    let n = &g.nodes[v];
    let layer = &g.layers[n.rank as usize];
    let room = |u: usize| {
        let m = &g.nodes[u];
        match m.kind {
            Kind::Dummy(_) => (m.x - n.x).abs() / 2.0 - opts.edge_spacing / 4.0,
            // A box side; inside a box of a horizontal drawing, clear of its title strip too.
            Kind::Border { cluster, right } => {
                let strip = if g.title_side == TitleSide::Left && !right && m.x < n.x {
                    g.clusters[cluster].title_size.h + opts.cluster_padding / 2.0
                } else {
                    0.0
                };
                (m.x - n.x).abs() - opts.cluster_padding / 2.0 - strip
            }
            _ => (m.x - n.x).abs() - m.w / 2.0 - opts.edge_spacing / 2.0,
        }
        .max(0.0)
    };
    let lo = n
        .order
        .checked_sub(1)
        .map_or(f64::MIN, |o| n.x - room(layer[o]));
    let hi = layer.get(n.order + 1).map_or(f64::MAX, |&u| n.x + room(u));
    (lo, hi)
}

/// Where a ranked edge leaves its upper node and meets its lower node (at their ports).
fn ranked_ends(
    g: &LGraph,
    r: usize,
    ports: &[[f64; 2]],
    outlines: &[Option<Vec<(f64, f64)>>],
) -> (Point, Point) {
    let chain = &g.routes[r].chain;
    let (a, b) = (chain[0], chain[chain.len() - 1]);
    let (pa, pb) = (ports[r][0], ports[r][1]);
    (
        Point::new(pa, border_at(g, a, pa, true, outlines)),
        Point::new(pb, border_at(g, b, pb, false, outlines)),
    )
}

/// The path of a ranked edge, from its upper end to its lower end: straight down through the
/// bands of its ends and its label; between them, bends aimed at the next of those, each spread
/// over as many ranks as stay in their stretches.
fn ranked_path(
    g: &LGraph,
    r: usize,
    ports: &[[f64; 2]],
    outlines: &[Option<Vec<(f64, f64)>>],
    curve: Curve,
    opts: &LayoutOptions,
) -> Path {
    let chain = &g.routes[r].chain;
    let (a, b) = (chain[0], chain[chain.len() - 1]);
    let (pa, pb) = (ports[r][0], ports[r][1]);
    let (start, _) = ranked_ends(g, r, ports, outlines);
    let ra = g.nodes[a].rank as usize;
    let rb = g.nodes[b].rank as usize;
    let mut w = Vec::with_capacity(chain.len());
    w.push(Waypoint::fixed(pa, start.y, g.band_bottom[ra].max(start.y)));
    for &dmy in &chain[1..chain.len() - 1] {
        let n = &g.nodes[dmy];
        let rk = n.rank as usize;
        let (top, bottom) = (g.band_top[rk], g.band_bottom[rk]);
        w.push(match n.kind {
            Kind::Dummy(_) => {
                let (lo, hi) = corridor(g, dmy, opts);
                Waypoint {
                    lo,
                    hi,
                    top,
                    bottom,
                }
            }
            _ => Waypoint::fixed(n.x, top, bottom),
        });
    }
    let end_y = border_at(g, b, pb, false, outlines);
    w.push(Waypoint::fixed(pb, g.band_top[rb].min(end_y), end_y));
    let mut segs = Vec::new();
    let (mut x, mut y) = (pa, w[0].bottom);
    if y > start.y + 0.01 {
        segs.push(Seg::Line(Point::new(x, y)));
    }
    let mut i = 0;
    while i + 1 < w.len() {
        let fixed = (i + 1..w.len())
            .find(|&k| w[k].lo == w[k].hi)
            .expect("the last waypoint is fixed");
        let target = w[fixed].lo;
        let aim = |k: usize| target.clamp(w[k].lo, w[k].hi);
        // One gap at a time: every bend of a gap spans the whole gap with the same shape, so two
        // paths in the same order at both ends of a gap do not cross inside it.
        let j = i + 1;
        // A bend that must turn at a given height (to pass a title) turns there.
        let turn = |k: usize| g.gap_bend.get(ra + k).copied().flatten();
        let xj = aim(j);
        match turn(i) {
            Some(at) if (x - xj).abs() >= 0.5 => {
                let (y0, y1) = (at - BEND_HALF, at + BEND_HALF);
                segs.push(Seg::Line(Point::new(x, y0)));
                bend(&mut segs, x, y0, xj, y1, curve);
                segs.push(Seg::Line(Point::new(xj, w[j].top)));
            }
            _ => bend(&mut segs, x, y, xj, w[j].top, curve),
        }
        if w[j].bottom > w[j].top + 0.01 {
            segs.push(Seg::Line(Point::new(xj, w[j].bottom)));
        }
        (x, y) = (xj, w[j].bottom);
        i = j;
    }
    simplify(Path { start, segs })
}

/// Merge consecutive collinear straight segments.
fn simplify(mut p: Path) -> Path {
    // Merge in place: `kept` segments so far; `start` of the last kept one.
    let mut kept: usize = 0;
    let (mut start, mut cur) = (p.start, p.start);
    for i in 0..p.segs.len() {
        let s = p.segs[i];
        if let (Seg::Line(b), Some(Seg::Line(a))) = (s, kept.checked_sub(1).map(|k| p.segs[k])) {
            // start -> a -> b collinear?
            let cross = (a.x - start.x) * (b.y - a.y) - (a.y - start.y) * (b.x - a.x);
            if cross.abs() < 1e-6 {
                p.segs[kept - 1] = Seg::Line(b);
                cur = b;
                continue;
            }
        }
        start = cur;
        cur = match s {
            Seg::Line(q) | Seg::Cubic(_, _, q) => q,
        };
        p.segs[kept] = s;
        kept += 1;
    }
    p.segs.truncate(kept);
    p
}

/// The same path, walked the other way.
pub(crate) fn reverse(p: &Path) -> Path {
    let end_of = |s: &Seg| match *s {
        Seg::Line(q) | Seg::Cubic(_, _, q) => q,
    };
    let segs = (0..p.segs.len())
        .rev()
        .map(|i| {
            let from = if i == 0 {
                p.start
            } else {
                end_of(&p.segs[i - 1])
            };
            match p.segs[i] {
                Seg::Line(_) => Seg::Line(from),
                Seg::Cubic(c1, c2, _) => Seg::Cubic(c2, c1, from),
            }
        })
        .collect();
    Path {
        start: p.end(),
        segs,
    }
}

/// How far the first self-loop of a node reaches beyond its side; how much further each next.
const LOOP_REACH: f64 = 18.0;
const LOOP_STEP: f64 = 12.0;
/// Space between the outermost loop and the labels.
const LOOP_LABEL_GAP: f64 = 4.0;

/// The room self-loops with these labels (top-to-bottom frame) take beside their node: width
/// beyond its right side, and the height of their labels stacked.
pub(crate) fn loops_room(labels: &[Size]) -> Size {
    let Some(last) = labels.len().checked_sub(1) else {
        return Size::default();
    };
    let reach = LOOP_REACH + LOOP_STEP * last as f64;
    let widest = labels.iter().map(|s| s.w).fold(0.0, f64::max);
    let stack: f64 = labels.iter().filter(|s| s.w > 0.0).map(|s| s.h).sum();
    let labels_w = if widest > 0.0 {
        LOOP_LABEL_GAP + widest
    } else {
        0.0
    };
    Size::new(reach + labels_w, stack)
}

/// The `k`-th of `count` loops on the right side of node `v`, nested (each further out), and
/// its label box: the labels stacked beside the outermost loop, `above` the height of the
/// labels before it in the stack. Smooth, or (orthogonal edges) three sides of a rectangle.
fn self_loop(
    g: &LGraph,
    v: usize,
    (k, count): (usize, usize),
    above: f64,
    outlines: &[Option<Vec<(f64, f64)>>],
    label: Size,
    orthogonal: bool,
) -> (EdgeShape, Option<Rect>) {
    let n = &g.nodes[v];
    let dy = (n.h / 4.0).min(12.0);
    let (ya, yb) = (n.y - dy, n.y + dy);
    let side = n.x + n.w / 2.0;
    let (xa, xb) = match &outlines[v] {
        Some(o) => (n.x + border_x(o, -dy, true), n.x + border_x(o, dy, true)),
        None => (side, side),
    };
    let reach = LOOP_REACH + LOOP_STEP * k as f64;
    let shape = if orthogonal {
        let out = side + reach;
        EdgeShape::Corners(vec![
            Point::new(xa, ya),
            Point::new(out, ya),
            Point::new(out, yb),
            Point::new(xb, yb),
        ])
    } else {
        // The curve's far point lies at 1/8 of each end plus 3/4 of the control points' x.
        let far = (side + reach - (xa + xb) / 8.0) / 0.75;
        EdgeShape::Path(Path {
            start: Point::new(xa, ya),
            segs: vec![Seg::Cubic(
                Point::new(far, ya - dy),
                Point::new(far, yb + dy),
                Point::new(xb, yb),
            )],
        })
    };
    let outermost = LOOP_REACH + LOOP_STEP * count.saturating_sub(1) as f64;
    let label_box = (label.w > 0.0).then(|| Rect {
        x: side + outermost + LOOP_LABEL_GAP,
        y: n.y - n.loops.h / 2.0 + above,
        w: label.w,
        h: label.h,
    });
    (shape, label_box)
}

/// An edge no ranking could hold (it closes a cycle through a subgraph's borders): a straight
/// line between the two ends' boxes, its label at the middle.
fn unranked(g: &LGraph, from: usize, to: usize, out: &Layout, label: Size) -> (Path, Option<Rect>) {
    let rect = |v: usize| -> Rect {
        let n = &g.nodes[v];
        match n.kind {
            Kind::Top(s) | Kind::Bottom(s) => out.clusters[s].as_ref().map(|c| c.rect),
            _ => None,
        }
        .unwrap_or(Rect::centered(Point::new(n.x, n.y), Size::new(n.w, n.h)))
    };
    let (ra, rb) = (rect(from), rect(to));
    let (ca, cb) = (ra.center(), rb.center());
    // Where the line between the centres leaves a box.
    let exit = |r: &Rect, from: Point, to: Point| {
        let (dx, dy) = (to.x - from.x, to.y - from.y);
        let tx = if dx.abs() > 1e-9 {
            (r.w / 2.0) / dx.abs()
        } else {
            f64::MAX
        };
        let ty = if dy.abs() > 1e-9 {
            (r.h / 2.0) / dy.abs()
        } else {
            f64::MAX
        };
        let t = tx.min(ty).min(1.0);
        Point::new(from.x + dx * t, from.y + dy * t)
    };
    let (start, end) = (exit(&ra, ca, cb), exit(&rb, cb, ca));
    let mid = Point::new((start.x + end.x) / 2.0, (start.y + end.y) / 2.0);
    let label_box = (label.w > 0.0).then(|| Rect::centered(mid, label));
    (
        Path {
            start,
            segs: vec![Seg::Line(end)],
        },
        label_box,
    )
}

/// The left and right sides of every subgraph box (top-to-bottom frame).
fn box_sides(g: &LGraph) -> Vec<(f64, f64)> {
    let mut sides = vec![(f64::MAX, f64::MIN); g.clusters.len()];
    for n in &g.nodes {
        if let Kind::Border { cluster, right } = n.kind {
            let side = &mut sides[cluster];
            if right {
                side.1 = side.1.max(n.x);
            } else {
                side.0 = side.0.min(n.x);
            }
        }
    }
    sides
}

/// The box of subgraph `s` and its title (top-to-bottom frame); an empty subgraph's is its node.
fn cluster_geom(
    g: &LGraph,
    s: usize,
    c: &super::build::LCluster,
    sides: &[(f64, f64)],
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
    let (left, right) = sides[s];
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
    // ELK's title row is flush with the frame; mermaid 11's sits half the padding in.
    let inset = if opts.elk_frames { 0.0 } else { pad / 2.0 };
    let title_box = match g.title_side {
        TitleSide::Top => Rect {
            x: g.nodes[c.top].x - t.w / 2.0,
            y: top + inset,
            w: t.w,
            h: t.h,
        },
        TitleSide::Bottom => Rect {
            x: g.nodes[c.bottom].x - t.w / 2.0,
            y: bottom - inset - t.h,
            w: t.w,
            h: t.h,
        },
        TitleSide::Left => {
            // Along the ranks, centred (on screen: across the box's top).
            let along = (top + bottom - t.w) / 2.0;
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
