//! Pass 6a: x coordinates as an optimisation (Gansner, Koutsofios, North and Vo 1993, the
//! method of Graphviz dot), for graphs small enough to afford it.
//!
//! Pre: ordered layers, rank bands. Post: an x for every node such that neighbours in a rank
//! keep their separation, each box's two sides are straight (one x per side), and the weighted
//! sum of how far every edge segment leans is least: Σ ω·|x(u) − x(v)|, with ω 1 between two
//! real nodes, 2 between a real node and a point of a long edge, 8 between two points of a long
//! edge (so long edges run straight before short ones do), plus each box's width (so boxes hug
//! what they hold). Each |·| becomes a helper variable below both ends, so the whole problem is
//! a set of difference constraints solved exactly by network simplex ([`super::rank`]).
//!
//! An optimum is a vertex: a node whose cost is flat over a stretch (a parent between two
//! children) sits at one end of it. So the problem is solved twice, leaning left and leaning
//! right, and the two averaged (as Brandes–Köpf balances its alignments): parents centre over
//! their children, and every cost stays optimal.

use super::build::{Kind, LGraph};
use super::position::separation;
use super::rank::{Constraint, Simplex};
use super::LayoutOptions;

/// Graphs with more layered nodes than this are placed by Brandes–Köpf instead (linear time;
/// the simplex grows faster than linearly). Real diagrams rarely have more.
pub(crate) const LIMIT: usize = 300;
/// Coordinates are solved in units of 1/SCALE (network simplex works in integers).
const SCALE: f64 = 16.0;
/// What each unit of a box's width costs.
const BOX_WIDTH: f64 = 1.0;
/// What each unit of the drawing's width costs.
const WIDTH: f64 = 1.0;
/// The slight pull of every node to one side that picks the leftmost or rightmost optimum.
const LEAN: f64 = 1e-4;

/// How much more an edge on to a node the flow goes on from wants to be vertical than an edge
/// to an end (a sink): at a fork, the way that goes on runs straight and the ends hang beside it.
const TRUNK: f64 = 2.0;

/// Whether each node is on the way to a node the flow goes on from: a real node with edges
/// down, or a point of a long edge ending at one.
fn trunks(g: &LGraph) -> Vec<bool> {
    let mut trunk = vec![false; g.nodes.len()];
    for layer in g.layers.iter().rev() {
        for &v in layer {
            let down = g.down.of(v);
            trunk[v] = match g.nodes[v].kind {
                Kind::Dummy(_) | Kind::Label(_) => down.first().is_some_and(|&w| trunk[w as usize]),
                _ => !down.is_empty(),
            };
        }
    }
    trunk
}

/// How strongly a segment between nodes of these kinds wants to be vertical.
fn omega(a: Kind, b: Kind) -> f64 {
    let long = |k: Kind| matches!(k, Kind::Dummy(_) | Kind::Label(_));
    match (long(a), long(b)) {
        (true, true) => 8.0,
        (false, false) => 1.0,
        _ => 2.0,
    }
}

/// The x of every node, or `None` when the graph is too large for this method.
pub(crate) fn run(g: &LGraph, opts: &LayoutOptions) -> Option<Vec<f64>> {
    let n = g.nodes.len();
    if n > LIMIT {
        return None;
    }
    // One variable per node, but one per box side.
    let mut var = vec![usize::MAX; n];
    let mut side_var: Vec<[usize; 2]> = vec![[usize::MAX; 2]; g.clusters.len()];
    let mut vars = 0;
    for (v, node) in g.nodes.iter().enumerate() {
        var[v] = match node.kind {
            Kind::Border { cluster, right } => {
                let slot = &mut side_var[cluster][usize::from(right)];
                if *slot == usize::MAX {
                    *slot = vars;
                    vars += 1;
                }
                *slot
            }
            _ => {
                vars += 1;
                vars - 1
            }
        };
    }
    let mut cons: Vec<Constraint> = Vec::with_capacity(3 * n);
    // Separations within ranks (their places in `cons`, by rank, for the lean below).
    let mut seps: Vec<std::ops::Range<usize>> = Vec::with_capacity(g.layers.len());
    for layer in &g.layers {
        let first = cons.len();
        seps.push(first..first + layer.len().saturating_sub(1));
        for w in layer.windows(2) {
            let sep = separation(g, opts, w[0], w[1]);
            cons.push(Constraint {
                from: var[w[0]],
                to: var[w[1]],
                minlen: (sep * SCALE).ceil() as i32,
                weight: 0.0,
            });
        }
    }
    // Segments: a helper below both ends pulls them together.
    let trunk = trunks(g);
    for u in 0..n {
        for &v in g.down.of(u) {
            let v = v as usize;
            if var[u] == var[v] {
                continue; // a box side
            }
            let w = omega(g.nodes[u].kind, g.nodes[v].kind) * if trunk[v] { TRUNK } else { 1.0 };
            let helper = vars;
            vars += 1;
            for end in [u, v] {
                cons.push(Constraint {
                    from: helper,
                    to: var[end],
                    minlen: 0,
                    weight: w,
                });
            }
        }
    }
    // Boxes as narrow as what they hold allows.
    for sides in &side_var {
        if sides[0] != usize::MAX && sides[1] != usize::MAX {
            cons.push(Constraint {
                from: sides[0],
                to: sides[1],
                minlen: 0,
                weight: BOX_WIDTH,
            });
        }
    }
    // The drawing as narrow as the rest allows: two more variables, left of every rank's first
    // node and right of every rank's last, pulled together.
    let (left, right) = (vars, vars + 1);
    vars += 2;
    let half = |v: usize| ((g.nodes[v].w / 2.0 + g.nodes[v].loops.w) * SCALE).ceil() as i32;
    let anchors = cons.len();
    for layer in &g.layers {
        let (Some(&a), Some(&z)) = (layer.first(), layer.last()) else {
            continue;
        };
        cons.push(Constraint {
            from: left,
            to: var[a],
            minlen: half(a),
            weight: 0.0,
        });
        cons.push(Constraint {
            from: var[z],
            to: right,
            minlen: half(z),
            weight: 0.0,
        });
    }
    cons.push(Constraint {
        from: left,
        to: right,
        minlen: 0,
        weight: WIDTH,
    });
    // Balanced: among the optimal placements, the one leaning left and the one leaning right
    // (a slight pull of every node to one side), averaged. Both are optimal and the constraints
    // are convex, so their mean is optimal too; where a node's cost is flat over a stretch (a
    // parent between two children), the two lie at its ends and the mean in its middle. The pull
    // of a rank's nodes v0…vk to the left, Σ x(vi) − x(left), is (k+1)·(x(v0) − x(left)) plus
    // (k+1−i)·(x(vi) − x(vi−1)) over its separations; to the right likewise, mirrored: weights
    // on constraints there are anyway.
    // Brandes–Köpf's placement, made to meet every constraint exactly, starts the first solve
    // close to its optimum; the first optimum starts the second.
    let mut start: Vec<i32> = vec![0; vars];
    for (v, x) in super::position::brandes_kopf(g, opts)
        .into_iter()
        .enumerate()
    {
        start[var[v]] = (x * SCALE).round() as i32;
    }
    feasible(&mut start, &cons);
    // The pulls to one side, as weights on constraints: (constraint, weight).
    let lean = |toward_left: bool| -> Vec<(usize, f64)> {
        let mut out = Vec::new();
        let mut a = anchors;
        for (layer, sep) in g.layers.iter().zip(&seps) {
            if layer.is_empty() {
                continue;
            }
            let k = layer.len() as f64;
            out.push((a + usize::from(!toward_left), LEAN * k));
            a += 2;
            for (i, c) in sep.clone().enumerate() {
                let before = (i + 1) as f64;
                out.push((c, LEAN * if toward_left { k - before } else { before }));
            }
        }
        out
    };
    // One simplex, solved leaning left, then from that optimum leaning right.
    let mut simplex = Simplex::new(vars, &cons, start);
    let mut placements = [Vec::new(), Vec::new()];
    for (toward_left, out) in [true, false].into_iter().zip(placements.iter_mut()) {
        let pulls = lean(toward_left);
        for &(c, w) in &pulls {
            simplex.add_weight(c, w);
        }
        *out = simplex.solve().to_vec();
        for &(c, w) in &pulls {
            simplex.add_weight(c, -w);
        }
    }
    let mut xs: Vec<f64> = (0..n)
        .map(|v| f64::from(placements[0][var[v]] + placements[1][var[v]]) / (2.0 * SCALE))
        .collect();
    settle_columns(g, opts, &mut xs);
    Some(xs)
}

/// Raise values until every constraint holds: helpers (which only have constraints out) sit at
/// the least of what they point to, then everything else follows its constraints in
/// topological order (the constraints are acyclic).
fn feasible(x: &mut [i32], cons: &[Constraint]) {
    let n = x.len();
    let mut indeg = vec![0u32; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in cons.iter().enumerate() {
        indeg[c.to] += 1;
        out[c.from].push(i);
    }
    // Sources first, at the least they must be below their targets.
    for v in 0..n {
        if indeg[v] == 0 {
            if let Some(m) = out[v].iter().map(|&i| x[cons[i].to] - cons[i].minlen).min() {
                x[v] = m;
            }
        }
    }
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = queue.pop() {
        for &i in &out[v] {
            let c = &cons[i];
            x[c.to] = x[c.to].max(x[v] + c.minlen);
            indeg[c.to] -= 1;
            if indeg[c.to] == 0 {
                queue.push(c.to);
            }
        }
    }
}

/// Move each long edge's straight column of points as far towards its lower end's x as its
/// neighbours in the ranks allow. The column's cost is flat between its two ends (both end
/// segments weigh the same), so this costs nothing, and the edge bends once, near its upper end,
/// and comes straight into its target, rather than twice, on both sides of the middle.
fn settle_columns(g: &LGraph, opts: &LayoutOptions, xs: &mut [f64]) {
    // A column held back by a neighbour that moves later gets its room on a later round.
    for _ in 0..SETTLE_ROUNDS {
        for spec in &g.routes {
            settle_column(g, opts, &spec.chain, xs);
        }
    }
}

/// Rounds of [`settle_columns`].
const SETTLE_ROUNDS: usize = 3;

/// [`settle_columns`] for one edge.
fn settle_column(g: &LGraph, opts: &LayoutOptions, chain: &[usize], xs: &mut [f64]) {
    if chain.len() < 3 {
        return;
    }
    let inner = &chain[1..chain.len() - 1];
    let at = xs[inner[0]];
    if inner.iter().any(|&d| (xs[d] - at).abs() > 1e-6) {
        return;
    }
    let (upper, lower) = (xs[chain[0]], xs[chain[chain.len() - 1]]);
    if at < upper.min(lower) - 1e-6 || at > upper.max(lower) + 1e-6 {
        return;
    }
    let (mut lo, mut hi) = (f64::MIN, f64::MAX);
    for &d in inner {
        let layer = &g.layers[g.nodes[d].rank as usize];
        let i = g.nodes[d].order;
        if let Some(&u) = i.checked_sub(1).and_then(|j| layer.get(j)) {
            lo = lo.max(xs[u] + separation(g, opts, u, d));
        }
        if let Some(&w) = layer.get(i + 1) {
            hi = hi.min(xs[w] - separation(g, opts, d, w));
        }
    }
    if lo <= hi {
        let to = lower.clamp(lo, hi);
        for &d in inner {
            xs[d] = to;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::build::test_graph;

    #[test]
    fn parent_centres_over_two_children_and_long_edges_run_straight() {
        // 0 above 1 and 2 (10 wide, node spacing 50: children 60 apart).
        let g = test_graph(vec![vec![0], vec![1, 2]], &[(0, 1), (0, 2)]);
        let xs = run(&g, &LayoutOptions::default()).unwrap();
        assert_eq!(xs[2] - xs[1], 60.0);
        assert_eq!(xs[0], (xs[1] + xs[2]) / 2.0);
        // A chain 0 -> 1 (dummy) -> 2 beside a fan: the chain stays straight.
        let mut g = test_graph(
            vec![vec![0, 3], vec![1, 4, 5], vec![2, 6]],
            &[(0, 1), (1, 2), (3, 4), (3, 5), (4, 6), (5, 6)],
        );
        g.nodes[1].kind = Kind::Dummy(0);
        let xs = run(&g, &LayoutOptions::default()).unwrap();
        assert_eq!(xs[0], xs[1]);
        assert_eq!(xs[1], xs[2]);
    }
}
