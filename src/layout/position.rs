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
    let min_left = g
        .nodes
        .iter()
        .zip(&xs)
        .map(|(n, &x)| x - n.w / 2.0)
        .fold(f64::MAX, f64::min);
    let shift = if min_left.is_finite() { -min_left } else { 0.0 };
    for (n, x) in g.nodes.iter_mut().zip(xs) {
        n.x = x + shift;
    }
    // Rank bands: as thick as their thickest node, half the rank spacing apart.
    let ranks = g.layers.len();
    g.band_top = vec![0.0; ranks];
    g.band_bottom = vec![0.0; ranks];
    let mut y = 0.0;
    for r in 0..ranks {
        let h = g.layers[r]
            .iter()
            .map(|&v| g.nodes[v].h)
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
    na.w / 2.0 + na.loop_room + gap + nb.w / 2.0
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
    for r in 1..g.layers.len() {
        let prev_len = g.layers[r - 1].len();
        let layer = &g.layers[r];
        let (mut k0, mut scan) = (0usize, 0usize);
        for (i, &v) in layer.iter().enumerate() {
            let inner = if g.nodes[v].kind.is_virtual() {
                g.up[v]
                    .iter()
                    .map(|&(u, _)| u)
                    .find(|&u| g.nodes[u].kind.is_virtual())
            } else {
                None
            };
            let k1 = inner.map_or(prev_len, |u| g.nodes[u].order);
            if inner.is_some() || i + 1 == layer.len() {
                for &s in &layer[scan..=i] {
                    for &(u, _) in &g.up[s] {
                        let upos = g.nodes[u].order;
                        if (upos < k0 || k1 < upos)
                            && !(g.nodes[u].kind.is_virtual() && g.nodes[s].kind.is_virtual())
                        {
                            conflicts.insert((u, s));
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
    }
    conflicts
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
