//! The hard invariants of a layout, checked: what no drawing may ever do.
//!
//! No two nodes overlap; no edge passes through a node that is not one of its
//! ends; no edge label overlaps a node or another label; every subgraph box
//! holds all its members and no other node; sibling boxes are disjoint; nested
//! boxes sit inside their parents; every edge ends on its ends and every label has
//! its box. Tolerances as `quality.py` uses: 1px for boxes, 5px for edge ends.

use super::{Layout, Point, Rect};
use crate::graph::Diagram;

const TOL: f64 = 1.0;
/// How far outside its end's box an edge may end (arrowheads), as `quality.py` allows.
const END_TOL: f64 = 5.0;

/// One broken invariant, described for people.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation(pub String);

fn overlap(a: &Rect, b: &Rect, tol: f64) -> bool {
    let ox = (a.x + a.w).min(b.x + b.w) - a.x.max(b.x);
    let oy = (a.y + a.h).min(b.y + b.h) - a.y.max(b.y);
    ox > tol && oy > tol
}

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x - TOL
        && inner.y >= outer.y - TOL
        && inner.x + inner.w <= outer.x + outer.w + TOL
        && inner.y + inner.h <= outer.y + outer.h + TOL
}

/// Whether segment p–q passes through the open box `b` (Liang–Barsky).
fn segment_hits(p: Point, q: Point, b: &Rect) -> bool {
    if b.w <= 0.0 || b.h <= 0.0 {
        return false;
    }
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    for (pp, qq) in [
        (-dx, p.x - b.x),
        (dx, b.x + b.w - p.x),
        (-dy, p.y - b.y),
        (dy, b.y + b.h - p.y),
    ] {
        if pp == 0.0 {
            if qq <= 0.0 {
                return false;
            }
        } else {
            let t = qq / pp;
            if pp < 0.0 {
                if t > t1 {
                    return false;
                }
                t0 = t0.max(t);
            } else {
                if t < t0 {
                    return false;
                }
                t1 = t1.min(t);
            }
        }
    }
    t1 - t0 > 1e-9
}

fn shrink(r: &Rect, d: f64) -> Rect {
    Rect {
        x: r.x + d,
        y: r.y + d,
        w: r.w - 2.0 * d,
        h: r.h - 2.0 * d,
    }
}

/// The box spanned by segment p–q.
fn span(p: Point, q: Point) -> Rect {
    Rect {
        x: p.x.min(q.x),
        y: p.y.min(q.y),
        w: (p.x - q.x).abs(),
        h: (p.y - q.y).abs(),
    }
}

/// Rectangles filed in a uniform grid, to find those near a box quickly (an edge's segments
/// against thousands of nodes).
struct Grid {
    rects: Vec<Rect>,
    x0: f64,
    y0: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    fn new(rects: impl Iterator<Item = Rect>) -> Grid {
        let rects: Vec<Rect> = rects.collect();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for r in &rects {
            (x0, y0) = (x0.min(r.x), y0.min(r.y));
            (x1, y1) = (x1.max(r.x + r.w), y1.max(r.y + r.h));
        }
        if rects.is_empty() {
            (x0, y0, x1, y1) = (0.0, 0.0, 1.0, 1.0);
        }
        // About one rectangle per cell.
        let cell = (((x1 - x0) * (y1 - y0)) / rects.len().max(1) as f64)
            .sqrt()
            .max(1.0);
        let cols = ((x1 - x0) / cell).ceil() as usize + 1;
        let rows = ((y1 - y0) / cell).ceil() as usize + 1;
        let mut g = Grid {
            rects,
            x0,
            y0,
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        };
        for (k, r) in g.rects.iter().enumerate() {
            let (c0, r0, c1, r1) = g.range(r);
            for row in r0..=r1 {
                for col in c0..=c1 {
                    g.cells[row * g.cols + col].push(k as u32);
                }
            }
        }
        g
    }

    /// The cells a box covers (clamped to the grid).
    fn range(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let at =
            |v: f64, o: f64, n: usize| (((v - o) / self.cell).floor().max(0.0) as usize).min(n - 1);
        (
            at(r.x, self.x0, self.cols),
            at(r.y, self.y0, self.rows),
            at(r.x + r.w, self.x0, self.cols),
            at(r.y + r.h, self.y0, self.rows),
        )
    }

    /// The rectangles (by index) in the cells box `r` covers, each once, in index order.
    fn near(&self, r: &Rect, out: &mut Vec<usize>) {
        out.clear();
        let (c0, r0, c1, r1) = self.range(r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                out.extend(
                    self.cells[row * self.cols + col]
                        .iter()
                        .map(|&k| k as usize),
                );
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Every broken invariant of `l` as a layout of `d`.
pub fn check(d: &Diagram, l: &Layout) -> Vec<Violation> {
    let mut out = Vec::new();
    let boxes: Vec<(usize, Rect)> = l
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.as_ref().map(|n| (i, n.rect())))
        .collect();
    let name = |i: usize| {
        d.graph[petgraph::stable_graph::NodeIndex::new(i)]
            .id
            .clone()
    };
    // Empty subgraphs are drawn as nodes too.
    let empty: Vec<(usize, Rect)> = d
        .subgraphs
        .iter()
        .enumerate()
        .filter(|(s, _)| d.subgraphs[*s].nodes.is_empty() && d.subgraphs[*s].subgraphs.is_empty())
        .filter_map(|(s, _)| {
            l.clusters
                .get(s)
                .and_then(|c| c.as_ref())
                .map(|c| (s, c.rect))
        })
        .collect();
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            if overlap(ra, rb, TOL) {
                out.push(Violation(format!(
                    "nodes {} and {} overlap",
                    name(*a),
                    name(*b)
                )));
            }
        }
    }
    // Every edge as a polyline, once.
    let lines: Vec<Vec<Point>> = l.edges.iter().map(|e| e.path.polyline(2.0)).collect();
    // Edges through nodes.
    let grid = Grid::new(boxes.iter().map(|b| b.1));
    let mut nearby = Vec::new();
    for (e, a, b, _) in d.edges() {
        let Some(pts) = lines.get(e.index()) else {
            continue;
        };
        let ends = [a.index(), b.index()];
        let mut hit: Vec<usize> = Vec::new();
        for w in pts.windows(2) {
            grid.near(&span(w[0], w[1]), &mut nearby);
            for &k in &nearby {
                let (n, r) = boxes[k];
                if ends.contains(&n)
                    || hit.contains(&k)
                    || !segment_hits(w[0], w[1], &shrink(&r, TOL))
                {
                    continue;
                }
                hit.push(k);
                out.push(Violation(format!(
                    "edge {} -> {} passes through node {}",
                    name(a.index()),
                    name(b.index()),
                    name(n)
                )));
            }
        }
    }
    // Edge ends on their ends' borders; labels in their boxes.
    let end_box = |i: petgraph::stable_graph::NodeIndex| -> Option<Rect> {
        match d.graph[i].cluster {
            Some(s) => l.clusters.get(s)?.as_ref().map(|c| c.rect),
            None => l.nodes.get(i.index())?.as_ref().map(|n| n.rect()),
        }
    };
    let near = |p: Point, r: &Rect| {
        p.x >= r.x - END_TOL
            && p.x <= r.x + r.w + END_TOL
            && p.y >= r.y - END_TOL
            && p.y <= r.y + r.h + END_TOL
    };
    for (e, a, b, edge) in d.edges() {
        let Some(geom) = l.edges.get(e.index()) else {
            out.push(Violation(format!(
                "edge {} -> {} has no geometry",
                name(a.index()),
                name(b.index())
            )));
            continue;
        };
        for (end, p) in [(a, geom.path.start), (b, geom.path.end())] {
            if let Some(r) = end_box(end) {
                if !near(p, &r) {
                    out.push(Violation(format!(
                        "edge {} -> {} does not end at {}",
                        name(a.index()),
                        name(b.index()),
                        d.graph[end].id
                    )));
                }
            }
        }
        if !edge.label.is_empty() && !geom.label.is_empty() && geom.label_box.is_none() {
            out.push(Violation(format!(
                "label of edge {} -> {} has no box",
                name(a.index()),
                name(b.index())
            )));
        }
    }
    // Labels against nodes and each other.
    let labels: Vec<(usize, Rect)> = l
        .edges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.label_box.map(|r| (i, r)))
        .collect();
    for (i, (e, r)) in labels.iter().enumerate() {
        for (n, nb) in boxes.iter().chain(empty.iter()) {
            if overlap(r, nb, TOL) {
                let _ = n;
                out.push(Violation(format!("label of edge {e} overlaps a node")));
            }
        }
        for (f, r2) in &labels[i + 1..] {
            if overlap(r, r2, TOL) {
                out.push(Violation(format!("labels of edges {e} and {f} overlap")));
            }
        }
    }
    // Titles: centred over their boxes, clear of every edge, node and label.
    let titles: Vec<(usize, Rect)> = d
        .subgraphs
        .iter()
        .enumerate()
        .filter(|(_, sg)| !sg.nodes.is_empty() || !sg.subgraphs.is_empty())
        .filter_map(|(s, _)| match l.clusters.get(s) {
            Some(Some(c)) if c.title_box.w > 0.0 => Some((s, c.title_box)),
            _ => None,
        })
        .collect();
    for &(s, t) in &titles {
        let c = l.clusters[s].as_ref().expect("a box with a title");
        if (t.center().x - c.rect.center().x).abs() > TOL {
            out.push(Violation(format!(
                "title of subgraph {} is off centre by {:.1}",
                d.subgraphs[s].id,
                t.center().x - c.rect.center().x
            )));
        }
        let others = boxes.iter().chain(empty.iter().filter(|(e, _)| *e != s));
        if others.clone().any(|(_, r)| overlap(r, &t, TOL)) {
            out.push(Violation(format!(
                "a node overlaps the title of subgraph {}",
                d.subgraphs[s].id
            )));
        }
        for (e, r) in &labels {
            if overlap(r, &t, TOL) {
                out.push(Violation(format!(
                    "label of edge {e} overlaps the title of subgraph {}",
                    d.subgraphs[s].id
                )));
            }
        }
    }
    let title_grid = Grid::new(titles.iter().map(|t| t.1));
    for (e, a, b, _) in d.edges() {
        let Some(pts) = lines.get(e.index()) else {
            continue;
        };
        let mut hit: Vec<usize> = Vec::new();
        for w in pts.windows(2) {
            title_grid.near(&span(w[0], w[1]), &mut nearby);
            for &k in &nearby {
                let (s, t) = titles[k];
                if hit.contains(&k) || !segment_hits(w[0], w[1], &shrink(&t, TOL)) {
                    continue;
                }
                hit.push(k);
                out.push(Violation(format!(
                    "edge {} -> {} passes through the title of subgraph {}",
                    name(a.index()),
                    name(b.index()),
                    d.subgraphs[s].id
                )));
            }
        }
    }
    // Subgraph boxes: members in, others out; siblings apart; children inside parents.
    for (s, sg) in d.subgraphs.iter().enumerate() {
        let Some(Some(c)) = l.clusters.get(s) else {
            continue;
        };
        if sg.nodes.is_empty() && sg.subgraphs.is_empty() {
            continue;
        }
        let mut members = std::collections::HashSet::new();
        let mut stack = vec![s];
        while let Some(t) = stack.pop() {
            members.extend(d.subgraphs[t].nodes.iter().map(|n| n.index()));
            stack.extend(d.subgraphs[t].subgraphs.iter().copied());
        }
        for (n, r) in &boxes {
            if members.contains(n) {
                if !inside(r, &c.rect) {
                    out.push(Violation(format!(
                        "node {} sticks out of subgraph {}",
                        name(*n),
                        sg.id
                    )));
                }
            } else if overlap(r, &c.rect, TOL) {
                out.push(Violation(format!(
                    "node {} is inside subgraph {} but not a member",
                    name(*n),
                    sg.id
                )));
            }
        }
        if let Some(p) = sg.parent {
            if let Some(Some(pc)) = l.clusters.get(p) {
                if !inside(&c.rect, &pc.rect) {
                    out.push(Violation(format!(
                        "subgraph {} sticks out of its parent {}",
                        sg.id, d.subgraphs[p].id
                    )));
                }
            }
        }
        for (t, other) in d.subgraphs.iter().enumerate().skip(s + 1) {
            if other.parent != sg.parent || (other.nodes.is_empty() && other.subgraphs.is_empty()) {
                continue;
            }
            if let Some(Some(oc)) = l.clusters.get(t) {
                if overlap(&c.rect, &oc.rect, TOL) {
                    out.push(Violation(format!(
                        "sibling subgraphs {} and {} overlap",
                        sg.id, other.id
                    )));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_box_test() {
        let b = Rect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        assert!(segment_hits(
            Point::new(-5.0, 5.0),
            Point::new(15.0, 5.0),
            &b
        ));
        assert!(!segment_hits(
            Point::new(-5.0, 15.0),
            Point::new(15.0, 15.0),
            &b
        ));
        // Touching the boundary is not passing through.
        assert!(!segment_hits(
            Point::new(-5.0, 10.0),
            Point::new(15.0, 10.0),
            &b
        ));
    }
}
