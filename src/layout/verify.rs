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
    // Edges through nodes.
    for (e, a, b, _) in d.edges() {
        let Some(geom) = l.edges.get(e.index()) else {
            continue;
        };
        let pts = geom.path.polyline(2.0);
        let ends = [a.index(), b.index()];
        for (n, r) in &boxes {
            if ends.contains(n) {
                continue;
            }
            let r = shrink(r, TOL);
            if pts.windows(2).any(|w| segment_hits(w[0], w[1], &r)) {
                out.push(Violation(format!(
                    "edge {} -> {} passes through node {}",
                    name(a.index()),
                    name(b.index()),
                    name(*n)
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
    for (s, sg) in d.subgraphs.iter().enumerate() {
        let Some(Some(c)) = l.clusters.get(s) else {
            continue;
        };
        if (sg.nodes.is_empty() && sg.subgraphs.is_empty()) || c.title_box.w <= 0.0 {
            continue;
        }
        let t = c.title_box;
        if (t.center().x - c.rect.center().x).abs() > TOL {
            out.push(Violation(format!(
                "title of subgraph {} is off centre by {:.1}",
                sg.id,
                t.center().x - c.rect.center().x
            )));
        }
        let inner = shrink(&t, TOL);
        for (e, a, b, _) in d.edges() {
            let Some(geom) = l.edges.get(e.index()) else {
                continue;
            };
            let pts = geom.path.polyline(2.0);
            if pts.windows(2).any(|w| segment_hits(w[0], w[1], &inner)) {
                out.push(Violation(format!(
                    "edge {} -> {} passes through the title of subgraph {}",
                    name(a.index()),
                    name(b.index()),
                    sg.id
                )));
            }
        }
        for (n, r) in boxes.iter().chain(empty.iter().filter(|(e, _)| *e != s)) {
            if overlap(r, &t, TOL) {
                let _ = n;
                out.push(Violation(format!(
                    "a node overlaps the title of subgraph {}",
                    sg.id
                )));
            }
        }
        for (e, r) in &labels {
            if overlap(r, &t, TOL) {
                out.push(Violation(format!(
                    "label of edge {e} overlaps the title of subgraph {}",
                    sg.id
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
