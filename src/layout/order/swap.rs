//! Sibling boxes swapped: two subgraphs side by side trade places in every rank they share, as
//! one move (a row-by-row search cannot do it: sibling boxes keep one order in every rank).
//!
//! Two sibling boxes are neighbours when, in every rank holding both, no other sibling box lies
//! between them (their parent's own nodes may). Swapping them turns each such rank's stretch
//! `[C x… D]` into `[D x… C]`; the crossings that change are those between C's, D's and the
//! x's segments, summed over the ranks. The swap is made when the sum goes down.

use super::cross::pair;
use super::Ctx;
use crate::layout::build::{Kind, LGraph};

/// Swap neighbouring sibling boxes while that removes crossings, until `cx.work` passes
/// `limit`. Says whether anything changed.
pub(super) fn swap_siblings(g: &mut LGraph, cx: &mut Ctx, limit: u64) -> bool {
    let n_clusters = g.clusters.len();
    if n_clusters < 2 {
        return false;
    }
    // Each box's side nodes by rank (left, right).
    let mut sides: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); n_clusters];
    for layer in &g.layers {
        for &v in layer {
            if let Kind::Border { cluster, right } = g.nodes[v].kind {
                let list = &mut sides[cluster];
                let rank = g.nodes[v].rank as usize;
                match list.last_mut() {
                    Some(e) if e.0 == rank => {
                        if right {
                            e.2 = v;
                        } else {
                            e.1 = v;
                        }
                    }
                    _ => list.push((rank, v, v)),
                }
            }
        }
    }
    let mut changed = false;
    for c in 0..n_clusters {
        for d in 0..n_clusters {
            if c == d
                || sides[c].is_empty()
                || sides[d].is_empty()
                || g.clusters[c].parent != g.clusters[d].parent
            {
                continue;
            }
            if cx.work > limit {
                return changed;
            }
            changed |= try_swap(g, cx, &sides, c, d);
        }
    }
    changed
}

/// Swap boxes `c` and `d` if `c` lies just left of `d` in every rank they share and swapping
/// them removes crossings. Says whether it swapped.
fn try_swap(
    g: &mut LGraph,
    cx: &mut Ctx,
    sides: &[Vec<(usize, usize, usize)>],
    c: usize,
    d: usize,
) -> bool {
    // The shared ranks, as (rank, c's left side, d's right side).
    let mut shared: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    for &(rank, cl, cr) in &sides[c] {
        let Some(&(_, dl, dr)) = sides[d].iter().find(|e| e.0 == rank) else {
            continue;
        };
        let (pcr, pdl) = (cx.pos[cr] as usize, cx.pos[dl] as usize);
        if pcr > pdl {
            return false;
        }
        // Only the parent's own nodes between them.
        let parent = g.clusters[c].parent;
        let between = &g.layers[rank][pcr + 1..pdl];
        if between.iter().any(|&v| g.nodes[v].cluster != parent) {
            return false;
        }
        shared.push((rank, cl, cr, dl, dr));
    }
    if shared.is_empty() {
        return false;
    }
    let mut delta: i64 = 0;
    for &(rank, cl, cr, dl, dr) in &shared {
        let layer = &g.layers[rank];
        let (a, b) = (cx.pos[cl] as usize, cx.pos[cr] as usize);
        let (p, q) = (cx.pos[dl] as usize, cx.pos[dr] as usize);
        let (cs, xs, ds) = (&layer[a..=b], &layer[b + 1..p], &layer[p..=q]);
        let mut cost = |left: &[usize], right: &[usize]| -> i64 {
            let mut t = 0i64;
            for &u in left {
                for &v in right {
                    let (uv, vu) = pair(&cx.net, &cx.pos, u, v, &mut cx.work);
                    t += vu as i64 - uv as i64;
                }
            }
            t
        };
        delta += cost(cs, ds) + cost(cs, xs) + cost(xs, ds);
    }
    if delta >= 0 {
        return false;
    }
    for &(rank, cl, cr, dl, dr) in &shared {
        let (a, b) = (cx.pos[cl] as usize, cx.pos[cr] as usize);
        let (p, q) = (cx.pos[dl] as usize, cx.pos[dr] as usize);
        let (len_c, len_d) = (b - a + 1, q - p + 1);
        let layer = &mut g.layers[rank];
        // [C x D] -> [D x C]: reverse the stretch, then each part back.
        let stretch = &mut layer[a..=q];
        let len = stretch.len();
        stretch.reverse();
        stretch[..len_d].reverse();
        stretch[len_d..len - len_c].reverse();
        stretch[len - len_c..].reverse();
        for (i, &v) in layer.iter().enumerate().take(q + 1).skip(a) {
            cx.pos[v] = i as u32;
        }
    }
    true
}
