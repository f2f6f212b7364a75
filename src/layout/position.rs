//! Pass 6: coordinates.
//!
//! Pre: ordered layers. Post: every node has `x` (Brandes–Köpf) and `y` (the
//! centre of its rank's band); `band_top`/`band_bottom` hold each rank's band.
//! Neighbours in a rank are at least their half widths plus a gap apart: node
//! spacing between nodes, edge spacing between edge points, the subgraph
//! padding between a box side and its contents, node spacing between boxes.
//!
//! Brandes–Köpf: four vertical alignments (towards the rank above or below,
//! from the left or the right) group nodes into blocks along median neighbours,
//! preferring long-edge segments (type-1 conflicts); each is compacted by a
//! longest-path pass over the block graph then a pull towards successors (the
//! block-graph compaction, which avoids the class-shift flaw of the 2001 paper
//! that Brandes, Walter and Zink's 2020 erratum corrects); the four results are
//! aligned to the narrowest and each node takes the mean of its two median
//! coordinates. Long edges run straight; parents centre over their children.

use super::build::{Kind, LGraph, TitleSide};
use super::LayoutOptions;

/// Compute x and y for every node.
pub(crate) fn run(g: &mut LGraph, opts: &LayoutOptions) {
    let xs = brandes_kopf(g, opts);
    for (n, x) in g.nodes.iter_mut().zip(xs) {
        n.x = x;
    }
    tighten_boxes(g, opts);
    centre_titles(g, opts);
    tighten_boxes(g, opts);
    let min_left = g
        .nodes
        .iter()
        .map(|n| n.x - n.w / 2.0)
        .fold(f64::MAX, f64::min);
    let shift = if min_left.is_finite() { -min_left } else { 0.0 };
    for n in &mut g.nodes {
        n.x += shift;
    }
    // Rank bands: as thick as their thickest node, half the rank spacing apart.
    let ranks = g.layers.len();
    g.band_top = vec![0.0; ranks];
    g.band_bottom = vec![0.0; ranks];
    let mut y = 0.0;
    for r in 0..ranks {
        let h = g.layers[r]
            .iter()
            .map(|&v| g.nodes[v].h.max(g.nodes[v].loops.h))
            .fold(0.0, f64::max);
        if r > 0 {
            y += opts.rank_spacing / 2.0;
        }
        g.band_top[r] = y;
        g.band_bottom[r] = y + h;
        y += h;
        for &v in &g.layers[r] {
            g.nodes[v].y = y - h / 2.0;
        }
    }
}

/// Each box's left and right border nodes (all ranks), by subgraph.
fn border_chains(g: &LGraph) -> Vec<[Vec<usize>; 2]> {
    let mut chains = vec![[Vec::new(), Vec::new()]; g.clusters.len()];
    for (v, n) in g.nodes.iter().enumerate() {
        if let Kind::Border { cluster, right } = n.kind {
            chains[cluster][usize::from(right)].push(v);
        }
    }
    chains
}

/// The node `step` places right (or left, negative) of `v` in its rank.
fn neighbour(g: &LGraph, v: usize, step: isize) -> Option<usize> {
    let n = &g.nodes[v];
    g.layers[n.rank as usize]
        .get(n.order.checked_add_signed(step)?)
        .copied()
}

/// Pull every box's sides in to what it holds (innermost boxes first), keeping them straight.
fn tighten_boxes(g: &mut LGraph, opts: &LayoutOptions) {
    let chains = border_chains(g);
    let mut by_depth: Vec<usize> = (0..g.clusters.len())
        .filter(|&s| g.clusters[s].active)
        .collect();
    by_depth.sort_by_key(|&s| std::cmp::Reverse(g.clusters[s].depth));
    for s in by_depth {
        let [left, right] = &chains[s];
        let new_left = left
            .iter()
            .filter_map(|&b| neighbour(g, b, 1).map(|u| g.nodes[u].x - separation(g, opts, b, u)))
            .fold(f64::INFINITY, f64::min);
        if new_left.is_finite() {
            for &b in left {
                g.nodes[b].x = g.nodes[b].x.max(new_left);
            }
        }
        let new_right = right
            .iter()
            .filter_map(|&b| neighbour(g, b, -1).map(|u| g.nodes[u].x + separation(g, opts, u, b)))
            .fold(f64::NEG_INFINITY, f64::max);
        if new_right.is_finite() {
            for &b in right {
                g.nodes[b].x = g.nodes[b].x.min(new_right);
            }
        }
    }
}

/// Move each title (its box's top or bottom node, whichever holds it) as near the middle of its
/// box as its neighbours in the rank allow.
fn centre_titles(g: &mut LGraph, opts: &LayoutOptions) {
    let chains = border_chains(g);
    for (s, [lefts, rights]) in chains.iter().enumerate() {
        let c = &g.clusters[s];
        if !c.active || lefts.is_empty() || rights.is_empty() {
            continue;
        }
        let v = match g.title_side {
            TitleSide::Top => c.top,
            TitleSide::Bottom => c.bottom,
            TitleSide::Left => continue,
        };
        let left = lefts
            .iter()
            .map(|&b| g.nodes[b].x)
            .fold(f64::MAX, f64::min);
        let right = rights
            .iter()
            .map(|&b| g.nodes[b].x)
            .fold(f64::MIN, f64::max);
        let lo = neighbour(g, v, -1).map_or(f64::MIN, |u| g.nodes[u].x + separation(g, opts, u, v));
        let hi = neighbour(g, v, 1).map_or(f64::MAX, |u| g.nodes[u].x - separation(g, opts, v, u));
        if lo <= hi {
            g.nodes[v].x = ((left + right) / 2.0).clamp(lo, hi);
        }
    }
}

/// The least distance between the centres of `a` (left) and `b` (right) in one rank.
fn separation(g: &LGraph, opts: &LayoutOptions, a: usize, b: usize) -> f64 {
    let (na, nb) = (&g.nodes[a], &g.nodes[b]);
    let strip = |s: usize| {
        if g.title_side == TitleSide::Left {
            g.clusters[s].title_size.h
        } else {
            0.0
        }
    };
    let pad = opts.cluster_padding;
    use Kind::*;
    let gap = match (na.kind, nb.kind) {
        // Opening a box: its padding (and the title strip of horizontal diagrams).
        (
            Border {
                cluster,
                right: false,
            },
            _,
        ) => pad + strip(cluster),
        // Closing a box.
        (_, Border { right: true, .. }) => pad,
        // Between two boxes, or a box and something outside it.
        (Border { right: true, .. }, _) | (_, Border { right: false, .. }) => opts.node_spacing,
        (Dummy(_) | Label(_), Dummy(_) | Label(_)) => opts.edge_spacing,
        (Dummy(_) | Label(_), _) | (_, Dummy(_) | Label(_)) => {
            (opts.node_spacing + opts.edge_spacing) / 2.0
        }
        _ => opts.node_spacing,
    };
    na.w / 2.0 + na.loops.w + gap + nb.w / 2.0
}

/// Brandes–Köpf x coordinates (centres), indexed by node.
fn brandes_kopf(g: &LGraph, opts: &LayoutOptions) -> Vec<f64> {
    let n = g.nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let conflicts = type1_conflicts(g);
    let mut results: Vec<Vec<f64>> = Vec::with_capacity(4);
    for upward in [true, false] {
        for leftward in [true, false] {
            // Adjust the layering: towards the rank below, walk ranks bottom-up; from the right, reverse each rank.
            let mut layering: Vec<Vec<usize>> = g.layers.clone();
            if !upward {
                layering.reverse();
            }
            if !leftward {
                for l in &mut layering {
                    l.reverse();
                }
            }
            let (root, align) = vertical_alignment(g, &layering, &conflicts, upward);
            let mut xs = compaction(g, opts, &layering, &root, &align, !leftward);
            if !leftward {
                for x in &mut xs {
                    *x = -*x;
                }
            }
            results.push(xs);
        }
    }
    // Align all four to the narrowest, then take the mean of the two medians.
    let width = |xs: &[f64]| {
        let (lo, hi) = (0..n).fold((f64::MAX, f64::MIN), |(lo, hi), v| {
            (
                lo.min(xs[v] - g.nodes[v].w / 2.0),
                hi.max(xs[v] + g.nodes[v].w / 2.0),
            )
        });
        hi - lo
    };
    let narrowest = (0..4)
        .min_by(|&a, &b| width(&results[a]).total_cmp(&width(&results[b])))
        .expect("four results");
    let (t_min, t_max) = min_max(&results[narrowest]);
    for (i, xs) in results.iter_mut().enumerate() {
        if i == narrowest {
            continue;
        }
        let (lo, hi) = min_max(xs);
        // Left alignments (indices 0 and 2) align their minimum, right ones their maximum.
        let delta = if i % 2 == 0 { t_min - lo } else { t_max - hi };
        for x in xs.iter_mut() {
            *x += delta;
        }
    }
    (0..n)
        .map(|v| {
            let mut c = [results[0][v], results[1][v], results[2][v], results[3][v]];
            c.sort_by(f64::total_cmp);
            (c[1] + c[2]) / 2.0
        })
        .collect()
}

fn min_max(xs: &[f64]) -> (f64, f64) {
    xs.iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)))
}

/// Pairs (upper, lower) of non-inner segments that cross an inner segment (edge between two
/// virtual nodes): those may not be aligned, so long edges stay straight.
fn type1_conflicts(g: &LGraph) -> std::collections::HashSet<(usize, usize)> {
    let mut conflicts = std::collections::HashSet::new();
    // Box sides first: nothing may cross them and still be aligned, so they stay straight.
    let border = |k: Kind| matches!(k, Kind::Border { .. });
    mark_crossing(g, border, &mut conflicts);
    // Then long edges: real nodes' segments crossing them give way.
    mark_crossing(
        g,
        |k| matches!(k, Kind::Dummy(_) | Kind::Label(_)),
        &mut conflicts,
    );
    conflicts
}

/// Mark the segments that cross a segment between two nodes of the kind `inner` picks (box
/// sides are never marked).
fn mark_crossing(
    g: &LGraph,
    inner: impl Fn(Kind) -> bool,
    conflicts: &mut std::collections::HashSet<(usize, usize)>,
) {
    let border = |k: Kind| matches!(k, Kind::Border { .. });
    for r in 1..g.layers.len() {
        let prev_len = g.layers[r - 1].len();
        let layer = &g.layers[r];
        let (mut k0, mut scan) = (0usize, 0usize);
        for (i, &v) in layer.iter().enumerate() {
            let upper = if inner(g.nodes[v].kind) {
                g.up[v]
                    .iter()
                    .map(|&(u, _)| u)
                    .find(|&u| inner(g.nodes[u].kind))
            } else {
                None
            };
            let k1 = upper.map_or(prev_len, |u| g.nodes[u].order);
            if upper.is_some() || i + 1 == layer.len() {
                for &s in &layer[scan..=i] {
                    for &(u, _) in &g.up[s] {
                        let upos = g.nodes[u].order;
                        let (ku, ks) = (g.nodes[u].kind, g.nodes[s].kind);
                        let exempt = (inner(ku) && inner(ks)) || (border(ku) && border(ks));
                        if (upos < k0 || k1 < upos) && !exempt {
                            conflicts.insert((u, s));
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
    }
}

/// Align each node with a median neighbour in the previous rank of `layering` (left to right),
/// skipping conflicted and crossing alignments. Returns (root, align).
fn vertical_alignment(
    g: &LGraph,
    layering: &[Vec<usize>],
    conflicts: &std::collections::HashSet<(usize, usize)>,
    upward: bool,
) -> (Vec<usize>, Vec<usize>) {
    let n = g.nodes.len();
    let mut root: Vec<usize> = (0..n).collect();
    let mut align: Vec<usize> = (0..n).collect();
    let mut pos = vec![0usize; n];
    for layer in layering {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut ws: Vec<usize> = Vec::new();
    for layer in layering {
        let mut prev: isize = -1;
        for &v in layer {
            ws.clear();
            let adj = if upward { &g.up[v] } else { &g.down[v] };
            ws.extend(adj.iter().map(|&(u, _)| u));
            if ws.is_empty() {
                continue;
            }
            ws.sort_by_key(|&w| pos[w]);
            let mp = (ws.len() - 1) as f64 / 2.0;
            for &w in &ws[mp.floor() as usize..=mp.ceil() as usize] {
                let conflict = if upward {
                    conflicts.contains(&(w, v))
                } else {
                    conflicts.contains(&(v, w))
                };
                if align[v] == v && prev < pos[w] as isize && !conflict {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    prev = pos[w] as isize;
                }
            }
        }
    }
    (root, align)
}

/// Place blocks: the smallest coordinates the separations allow, then pulled towards successors.
fn compaction(
    g: &LGraph,
    opts: &LayoutOptions,
    layering: &[Vec<usize>],
    root: &[usize],
    align: &[usize],
    reversed: bool,
) -> Vec<f64> {
    let _ = align;
    let n = g.nodes.len();
    // Block graph: edges between roots of neighbours, weighted by the separation.
    let mut succ: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for layer in layering {
        for w in layer.windows(2) {
            let (u, v) = (w[0], w[1]);
            // In reversed layers, `u` is right of `v` on screen.
            let s = if reversed {
                separation(g, opts, v, u)
            } else {
                separation(g, opts, u, v)
            };
            let (ru, rv) = (root[u], root[v]);
            succ[ru].push((rv, s));
            pred[rv].push((ru, s));
        }
    }
    let roots: Vec<usize> = (0..n).filter(|&v| root[v] == v).collect();
    // Topological order of the block graph (it is acyclic: alignments never cross).
    let mut indeg = vec![0usize; n];
    for &r in &roots {
        for &(s, _) in &succ[r] {
            indeg[s] += 1;
        }
    }
    let mut queue: Vec<usize> = roots.iter().copied().filter(|&r| indeg[r] == 0).collect();
    let mut topo = Vec::with_capacity(roots.len());
    while let Some(r) = queue.pop() {
        topo.push(r);
        for &(s, _) in &succ[r] {
            indeg[s] -= 1;
            if indeg[s] == 0 {
                queue.push(s);
            }
        }
    }
    let mut xs = vec![0.0f64; n];
    for &r in &topo {
        xs[r] = pred[r].iter().map(|&(p, s)| xs[p] + s).fold(0.0, f64::max);
    }
    // Pull each block as far towards its successors as they allow, except boxes' far sides.
    let far_side =
        |v: usize| matches!(g.nodes[v].kind, Kind::Border { right, .. } if right != reversed);
    for &r in topo.iter().rev() {
        let min = succ[r]
            .iter()
            .map(|&(s, sep)| xs[s] - sep)
            .fold(f64::MAX, f64::min);
        if min != f64::MAX && !far_side(r) {
            xs[r] = xs[r].max(min);
        }
    }
    (0..n).map(|v| xs[root[v]]).collect()
}
