//! Pass 6: coordinates.
//!
//! Pre: ordered layers, rank bands ([`bands`], set by normalisation). Post: every
//! node has `x` (Brandes–Köpf); titles are centred over their boxes.
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

/// At most this many passes centre the titles (each after the one before widened a box).
const MAX_CENTRE_PASSES: usize = 8;

/// Compute x and y for every node.
pub(crate) fn run(g: &mut LGraph, opts: &LayoutOptions) {
    let xs = super::xcoord::run(g, opts).unwrap_or_else(|| brandes_kopf(g, opts));
    for (n, x) in g.nodes.iter_mut().zip(xs) {
        n.x = x;
    }
    if g.clusters.iter().any(|c| c.active) {
        let chains = border_chains(g);
        tighten_boxes(g, opts, &chains);
        // Widening one box moves only one side of a box that straddles it, so titles centred
        // earlier may be off centre: centre again. A pass that widens nothing leaves every
        // title centred; widening only adds room, so the second pass rarely widens again.
        for _ in 0..MAX_CENTRE_PASSES {
            if !centre_titles(g, opts, &chains) {
                break;
            }
        }
    }
    let min_left = g
        .nodes
        .iter()
        .map(|n| n.x - n.w / 2.0)
        .fold(f64::MAX, f64::min);
    let shift = if min_left.is_finite() { -min_left } else { 0.0 };
    for n in &mut g.nodes {
        n.x += shift;
    }
}

/// Rank bands (`band_top`, `band_bottom`) and every node's y: each rank as thick as its thickest
/// node, half the rank spacing apart. They depend only on which nodes share a rank, not on
/// their order, so normalisation sets them and ordering may use them.
pub(crate) fn bands(g: &mut LGraph, opts: &LayoutOptions) {
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
fn tighten_boxes(g: &mut LGraph, opts: &LayoutOptions, chains: &[[Vec<usize>; 2]]) {
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

/// Centre each title (its box's top or bottom node, whichever holds it) over its box, innermost
/// boxes first. What else lies in the title's rank inside the box (edges on their way in, their
/// labels) is packed to the sides of the title, keeping its order; where that leaves too little
/// room, the box is widened on both sides (everything beside it moves out), so the title stays
/// centred and no edge passes through it. Says whether it widened any box.
fn centre_titles(g: &mut LGraph, opts: &LayoutOptions, chains: &[[Vec<usize>; 2]]) -> bool {
    let mut widened = false;
    let mut by_depth: Vec<usize> = (0..g.clusters.len())
        .filter(|&s| g.clusters[s].active && !chains[s][0].is_empty())
        .collect();
    by_depth.sort_by_key(|&s| std::cmp::Reverse(g.clusters[s].depth));
    for s in by_depth {
        let c = &g.clusters[s];
        let v = match g.title_side {
            TitleSide::Top => c.top,
            TitleSide::Bottom => c.bottom,
            TitleSide::Left => continue,
        };
        let (left, right) = box_sides(g, &chains[s]);
        let centre = (left + right) / 2.0;
        let rank = g.nodes[v].rank as usize;
        // The title's rank inside the box, without the title: left and right of its centre.
        let inside: Vec<usize> = g.layers[rank]
            .iter()
            .copied()
            .filter(|&u| u != v && in_box(g, u, s) && !is_side_of(g, u, s))
            .collect();
        let split = inside.partition_point(|&u| g.nodes[u].x < centre);
        let (lside, rside) = (chains[s][0][0], chains[s][1][0]);
        let deficit = pack(g, opts, &inside[..split], v, centre, lside, true).max(pack(
            g,
            opts,
            &inside[split..],
            v,
            centre,
            rside,
            false,
        ));
        if deficit > 1e-6 {
            widened = true;
            widen(g, left, right, deficit);
            pack(g, opts, &inside[..split], v, centre, lside, true);
            pack(g, opts, &inside[split..], v, centre, rside, false);
        }
        g.nodes[v].x = centre;
        // Keep the rank's order in step with the new x.
        let mut layer = std::mem::take(&mut g.layers[rank]);
        layer.sort_by(|&a, &b| g.nodes[a].x.total_cmp(&g.nodes[b].x));
        for (i, &u) in layer.iter().enumerate() {
            g.nodes[u].order = i;
        }
        g.layers[rank] = layer;
    }
    widened
}

/// A box's left and right side.
fn box_sides(g: &LGraph, chains: &[Vec<usize>; 2]) -> (f64, f64) {
    let left = chains[0]
        .iter()
        .map(|&b| g.nodes[b].x)
        .fold(f64::MAX, f64::min);
    let right = chains[1]
        .iter()
        .map(|&b| g.nodes[b].x)
        .fold(f64::MIN, f64::max);
    (left, right)
}

/// Whether `u` lies inside box `s` (its own box, or one nested in `s`).
fn in_box(g: &LGraph, u: usize, s: usize) -> bool {
    let mut c = g.nodes[u].cluster;
    while let Some(x) = c {
        if x == s {
            return true;
        }
        c = g.clusters[x].parent;
    }
    false
}

/// Whether `u` is one of the side nodes of box `s`.
fn is_side_of(g: &LGraph, u: usize, s: usize) -> bool {
    matches!(g.nodes[u].kind, Kind::Border { cluster, .. } if cluster == s)
}

/// Move the nodes `run` (in order, all on one side of title node `v` centred at `centre`) out of
/// the title's way, each no closer to the next than their separation, the nearest first. Says
/// how much room is missing between the outermost and the box side `side`.
fn pack(
    g: &mut LGraph,
    opts: &LayoutOptions,
    run: &[usize],
    v: usize,
    centre: f64,
    side: usize,
    leftward: bool,
) -> f64 {
    let mut next = (v, centre);
    let ordered: Vec<usize> = if leftward {
        run.iter().rev().copied().collect()
    } else {
        run.to_vec()
    };
    let side_x = g.nodes[side].x;
    for &u in &ordered {
        // The title's rank has no side nodes to hold what is in the box: keep it inside first
        // (otherwise widening would carry it along with the side, and no widening would do).
        let x = if leftward {
            let within = g.nodes[u].x.max(side_x + separation(g, opts, side, u));
            (next.1 - separation(g, opts, u, next.0)).min(within)
        } else {
            let within = g.nodes[u].x.min(side_x - separation(g, opts, u, side));
            (next.1 + separation(g, opts, next.0, u)).max(within)
        };
        g.nodes[u].x = x;
        next = (u, x);
    }
    if leftward {
        (side_x + separation(g, opts, side, next.0) - next.1).max(0.0)
    } else {
        (next.1 + separation(g, opts, next.0, side) - side_x).max(0.0)
    }
}

/// Make the box between `left` and `right` wider by `by` on each side: everything at or beyond
/// either side (in every rank) moves out.
fn widen(g: &mut LGraph, left: f64, right: f64, by: f64) {
    for n in &mut g.nodes {
        if n.x <= left + 1e-9 {
            n.x -= by;
        } else if n.x >= right - 1e-9 {
            n.x += by;
        }
    }
}

/// The least distance between the centres of `a` (left) and `b` (right) in one rank.
pub(crate) fn separation(g: &LGraph, opts: &LayoutOptions, a: usize, b: usize) -> f64 {
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
        // An edge past a title: the title node's width already holds the box's padding.
        (Top(_) | Bottom(_), Dummy(_) | Label(_)) | (Dummy(_) | Label(_), Top(_) | Bottom(_)) => {
            opts.edge_spacing / 2.0
        }
        (Dummy(_) | Label(_), _) | (_, Dummy(_) | Label(_)) => {
            (opts.node_spacing + opts.edge_spacing) / 2.0
        }
        _ => opts.node_spacing,
    };
    na.w / 2.0 + na.loops.w + gap + nb.w / 2.0
}

/// Segments that may not be aligned, flagged by their entry in the upward adjacency (`g.up`):
/// segment (upper `u`, lower `v`) is `g.up.first(v) + i` where `g.up.of(v)[i] == u`.
struct Conflicts(Vec<bool>);

/// For each entry of the downward adjacency (`g.down`), the entry of the same segment in the
/// upward one (so a segment's conflict flag is found at once, even at a node with hundreds of
/// edges).
fn down_to_up(g: &LGraph) -> Vec<u32> {
    // Both sides listed as (upper, lower, entry) and sorted alike: they then pair up in order
    // (parallel segments each take one).
    let mut ups: Vec<(u32, u32, u32)> = Vec::with_capacity(g.up.len());
    let mut downs: Vec<(u32, u32, u32)> = Vec::with_capacity(g.down.len());
    for v in 0..g.nodes.len() {
        for (i, &u) in g.up.of(v).iter().enumerate() {
            ups.push((u, v as u32, (g.up.first(v) + i) as u32));
        }
        for (i, &w) in g.down.of(v).iter().enumerate() {
            downs.push((v as u32, w, (g.down.first(v) + i) as u32));
        }
    }
    ups.sort_unstable();
    downs.sort_unstable();
    let mut out = vec![0u32; g.down.len()];
    for (d, u) in downs.iter().zip(&ups) {
        out[d.2 as usize] = u.2;
    }
    out
}

/// No node (in [`Frame`]).
const NONE: u32 = u32::MAX;

/// Each node's neighbours in its rank and its position from either end, read in the inner
/// loops of all four passes.
struct Frame {
    /// The node to the left (`NONE` at the start of the rank).
    left: Vec<u32>,
    /// The node to the right (`NONE` at the end of the rank).
    right: Vec<u32>,
    /// Position from the left and from the right.
    order: Vec<[u32; 2]>,
}

/// Brandes–Köpf x coordinates (centres), indexed by node.
pub(crate) fn brandes_kopf(g: &LGraph, opts: &LayoutOptions) -> Vec<f64> {
    let n = g.nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let conflicts = type1_conflicts(g);
    let down_up = down_to_up(g);
    // The least distance from each node to its right neighbour (the same in all four passes).
    let mut gap_right = vec![0.0f64; n];
    let mut frame = Frame {
        left: vec![NONE; n],
        right: vec![NONE; n],
        order: vec![[0; 2]; n],
    };
    for layer in &g.layers {
        for w in layer.windows(2) {
            gap_right[w[0]] = separation(g, opts, w[0], w[1]);
            frame.right[w[0]] = w[1] as u32;
            frame.left[w[1]] = w[0] as u32;
        }
        for (i, &v) in layer.iter().enumerate() {
            frame.order[v] = [i as u32, (layer.len() - 1 - i) as u32];
        }
    }
    let mut results: [Vec<f64>; 4] = Default::default();
    let mut bk = Buffers::default();
    for (i, (upward, leftward)) in [(true, true), (true, false), (false, true), (false, false)]
        .into_iter()
        .enumerate()
    {
        vertical_alignment(g, &conflicts, &down_up, &frame, upward, leftward, &mut bk);
        compaction(g, &gap_right, &frame, leftward, &mut bk, &mut results[i]);
        if !leftward {
            for x in &mut results[i] {
                *x = -*x;
            }
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

/// What a node is, for the conflict marking: compact, since the marking reads it for every
/// node and neighbour of a graph that may have millions.
const REAL: u8 = 0;
const LONG: u8 = 1;
const SIDE: u8 = 2;

/// Pairs (upper, lower) of non-inner segments that cross an inner segment (edge between two
/// virtual nodes): those may not be aligned, so long edges stay straight.
fn type1_conflicts(g: &LGraph) -> Conflicts {
    let class: Vec<u8> = g
        .nodes
        .iter()
        .map(|n| match n.kind {
            Kind::Border { .. } => SIDE,
            Kind::Dummy(_) | Kind::Label(_) => LONG,
            _ => REAL,
        })
        .collect();
    let order: Vec<u32> = g.nodes.iter().map(|n| n.order as u32).collect();
    let mut conflicts = Conflicts(vec![false; g.up.len()]);
    // Box sides first: nothing may cross them and still be aligned, so they stay straight.
    mark_crossing(g, &class, &order, SIDE, &mut conflicts);
    // Then long edges: real nodes' segments crossing them give way.
    mark_crossing(g, &class, &order, LONG, &mut conflicts);
    conflicts
}

/// Mark the segments that cross a segment between two nodes of class `inner` (box sides are
/// never marked).
fn mark_crossing(g: &LGraph, class: &[u8], order: &[u32], inner: u8, conflicts: &mut Conflicts) {
    for r in 1..g.layers.len() {
        let prev_len = g.layers[r - 1].len();
        let layer = &g.layers[r];
        let (mut k0, mut scan) = (0usize, 0usize);
        for (i, &v) in layer.iter().enumerate() {
            let upper = if class[v] == inner {
                g.up.of(v)
                    .iter()
                    .map(|&u| u as usize)
                    .find(|&u| class[u] == inner)
            } else {
                None
            };
            let k1 = upper.map_or(prev_len, |u| order[u] as usize);
            if upper.is_some() || i + 1 == layer.len() {
                for &s in &layer[scan..=i] {
                    for (j, &u) in g.up.of(s).iter().enumerate() {
                        let u = u as usize;
                        let upos = order[u] as usize;
                        let (ku, ks) = (class[u], class[s]);
                        let exempt = (ku == inner && ks == inner) || (ku == SIDE && ks == SIDE);
                        if (upos < k0 || k1 < upos) && !exempt {
                            conflicts.0[g.up.first(s) + j] = true;
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
    }
}

/// Align each node with a median neighbour in the rank before it (above when `upward`), ranks
/// walked away from that side, each rank from the left (`leftward`) or the right, skipping
/// conflicted alignments and those that would cross one already made. Returns each node's
/// block root, and each node's next in its block (a cycle through the block).
fn vertical_alignment(
    g: &LGraph,
    conflicts: &Conflicts,
    down_up: &[u32],
    frame: &Frame,
    upward: bool,
    leftward: bool,
    bk: &mut Buffers,
) {
    let n = g.nodes.len();
    let Buffers {
        root, align, ws, ..
    } = bk;
    root.clear();
    root.extend(0..n as u32);
    align.clear();
    align.extend(0..n as u32);
    // Position in the walking direction.
    let pos = |v: usize| frame.order[v][usize::from(!leftward)] as usize;
    let ranks = g.layers.len();
    for i in 0..ranks {
        let layer = &g.layers[if upward { i } else { ranks - 1 - i }];
        let mut prev: isize = -1;
        for k in 0..layer.len() {
            let v = if leftward {
                layer[k]
            } else {
                layer[layer.len() - 1 - k]
            };
            ws.clear();
            // Neighbours on the near side, with their segment's conflict flag.
            if upward {
                let first = g.up.first(v);
                ws.extend(
                    g.up.of(v)
                        .iter()
                        .enumerate()
                        .map(|(i, &u)| (u as usize, conflicts.0[first + i])),
                );
            } else {
                let first = g.down.first(v);
                ws.extend(
                    g.down
                        .of(v)
                        .iter()
                        .enumerate()
                        .map(|(i, &u)| (u as usize, conflicts.0[down_up[first + i] as usize])),
                );
            }
            if ws.is_empty() {
                continue;
            }
            ws.sort_by_key(|&(w, _)| pos(w));
            let m = ws.len() - 1;
            for &(w, conflict) in &ws[m / 2..=m.div_ceil(2)] {
                if align[v] as usize == v && prev < pos(w) as isize && !conflict {
                    align[w] = v as u32;
                    root[v] = root[w];
                    align[v] = root[v];
                    prev = pos(w) as isize;
                }
            }
        }
    }
}

/// Buffers for the four Brandes–Köpf passes: block roots and the block cycles
/// ([`vertical_alignment`]), then the block placement ([`compaction`]).
#[derive(Default)]
struct Buffers {
    root: Vec<u32>,
    align: Vec<u32>,
    ws: Vec<(usize, bool)>,
    indeg: Vec<u32>,
    queue: Vec<usize>,
    topo: Vec<usize>,
    xs: Vec<f64>,
}

/// Place blocks: the smallest coordinates the separations allow, then pulled towards successors.
/// From the right (`!leftward`) coordinates grow leftwards (the caller negates them). Blocks
/// are placed in topological order of the block graph (a block follows the blocks of its
/// members' neighbours on the near side), which Brandes, Walter and Zink's erratum requires.
fn compaction(
    g: &LGraph,
    gap_right: &[f64],
    frame: &Frame,
    leftward: bool,
    bk: &mut Buffers,
    out: &mut Vec<f64>,
) {
    let n = g.nodes.len();
    let Buffers {
        root,
        align,
        indeg,
        queue,
        topo,
        xs,
        ..
    } = bk;
    let (root, align) = (&*root, &*align);
    let neighbour = |v: usize, towards_start: bool| -> Option<usize> {
        let w = if towards_start == leftward {
            frame.left[v]
        } else {
            frame.right[v]
        };
        (w != NONE).then_some(w as usize)
    };
    // The separation between `u` and `v`, `u` first in the walking direction.
    let sep = |u: usize, v: usize| if leftward { gap_right[u] } else { gap_right[v] };
    // A block's nodes, round the cycle `align` makes.
    let members = |b: usize| {
        let mut next = Some(b);
        std::iter::from_fn(move || {
            let v = next?;
            next = Some(align[v] as usize).filter(|&a| a != b);
            Some(v)
        })
    };
    indeg.clear();
    indeg.resize(n, 0);
    for v in 0..n {
        if neighbour(v, true).is_some() {
            indeg[root[v] as usize] += 1;
        }
    }
    queue.clear();
    queue.extend((0..n).filter(|&v| root[v] as usize == v && indeg[v] == 0));
    topo.clear();
    while let Some(b) = queue.pop() {
        topo.push(b);
        for v in members(b) {
            if let Some(w) = neighbour(v, false) {
                let rb = root[w] as usize;
                indeg[rb] -= 1;
                if indeg[rb] == 0 {
                    queue.push(rb);
                }
            }
        }
    }
    xs.clear();
    xs.resize(n, 0.0);
    for &b in topo.iter() {
        xs[b] = members(b)
            .filter_map(|v| neighbour(v, true).map(|u| xs[root[u] as usize] + sep(u, v)))
            .fold(0.0, f64::max);
    }
    // Pull each block as far towards its successors as they allow, except boxes' far sides.
    let far_side =
        |v: usize| matches!(g.nodes[v].kind, Kind::Border { right, .. } if right == leftward);
    for &b in topo.iter().rev() {
        let min = members(b)
            .filter_map(|v| neighbour(v, false).map(|w| xs[root[w] as usize] - sep(v, w)))
            .fold(f64::MAX, f64::min);
        if min != f64::MAX && !far_side(b) {
            xs[b] = xs[b].max(min);
        }
    }
    out.clear();
    out.extend((0..n).map(|v| xs[root[v] as usize]));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::build::test_graph;

    /// Centres by node, relative to node 0.
    fn xs(g: &LGraph) -> Vec<f64> {
        g.nodes.iter().map(|n| n.x - g.nodes[0].x).collect()
    }

    #[test]
    fn parent_centres_over_its_children() {
        // 0 above 1, 2, 3 (10 wide, node spacing 50: centres 60 apart).
        let mut g = test_graph(vec![vec![0], vec![1, 2, 3]], &[(0, 1), (0, 2), (0, 3)]);
        bands(&mut g, &LayoutOptions::default());
        run(&mut g, &LayoutOptions::default());
        assert_eq!(xs(&g), vec![0.0, -60.0, 0.0, 60.0]);
        // Ranks 10 thick, half the rank spacing apart.
        assert_eq!(g.nodes[1].y - g.nodes[0].y, 10.0 + 25.0);
    }

    #[test]
    fn long_edge_runs_straight_and_real_edges_give_way() {
        // 1 -> 5 is a long edge through dummies 2 and 4; 0 -> 3 crosses it. The long edge
        // keeps one column (Brandes–Köpf's type-1 conflicts); 0 and 3 give way.
        let mut g = test_graph(
            vec![vec![0, 1], vec![2, 3], vec![4], vec![5]],
            &[(0, 3), (1, 2), (2, 4), (4, 5)],
        );
        g.nodes[2].kind = Kind::Dummy(0);
        g.nodes[4].kind = Kind::Dummy(0);
        run(&mut g, &LayoutOptions::default());
        let x = xs(&g);
        assert_eq!(x[2], x[4], "the long edge is straight: {x:?}");
        assert_eq!(x[4], x[5], "and ends straight: {x:?}");
        // Neighbours in a rank keep at least their separation.
        assert!(x[3] - x[2] >= 5.0 + 5.0 + 30.0 - 1e-9, "{x:?}");
        assert!(x[1] - x[0] >= 10.0 + 50.0 - 1e-9, "{x:?}");
    }
}
