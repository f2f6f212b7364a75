//! Local search after the sweeps: each rank re-ordered with both neighbouring ranks fixed, block
//! by block, until no rank improves.
//!
//! A rank's order is a tree of *rows*: the rank itself, and inside it each subgraph's members
//! between its two sides. A row's *entries* are its own nodes and, as single units, the rows
//! of the subgraphs nested in it; entries may be put in any order except that nested subgraphs
//! keep their order (sibling boxes keep one order in every rank). Reordering a row changes
//! only the crossings its entries' segments make with each other, so the cost of an order is a
//! sum over entry pairs (a linear ordering problem): small rows get the exact optimum (dynamic
//! programming over subsets, Held–Karp style), larger ones sifting (Matuszewski, Schönfeld and
//! Molitor 1999: each entry to its best place, in turn), the largest adjacent swaps (greedy
//! switch). Rows are visited innermost first, so a nested row's new order travels with it.

use super::cross::pair;
use super::Ctx;
use crate::layout::build::LGraph;

/// Rows of at most this many entries are solved exactly (2^k · k work).
pub(super) const EXACT: usize = 9;
/// Rows of at most this many entries are sifted (k² pair costs); larger ones only switch
/// neighbours.
const SIFT: usize = 96;
/// Rounds over all ranks at most.
const ROUNDS: usize = 6;

/// A row of one rank: the index range of its entries in the rank, and its nesting depth.
#[derive(Clone, Copy, Debug)]
struct Row {
    start: usize,
    end: usize,
    depth: usize,
}

/// Buffers for [`refine`], reused across ranks and starts.
#[derive(Default)]
pub(super) struct Buffers {
    rows: Vec<Row>,
    /// Entries of the row being improved: index ranges in the rank, and whether a nested block.
    entries: Vec<(usize, usize, bool)>,
    /// `cost[i * k + j]`: weighted crossings between entries `i` and `j` with `i` left of `j`.
    cost: Vec<u64>,
    /// Dynamic programming over subsets: best cost, last entry, and per-entry sums.
    best: Vec<u64>,
    last: Vec<u8>,
    into: Vec<u64>,
    order: Vec<usize>,
    moved: Vec<usize>,
    dirty: Vec<bool>,
}

/// Improve ranks with their neighbours fixed until a round changes nothing or `cx.work`
/// passes `limit`. Says whether anything changed.
pub(super) fn refine(g: &mut LGraph, cx: &mut Ctx, limit: u64) -> bool {
    let n = g.layers.len();
    let mut bufs = std::mem::take(&mut cx.refine);
    bufs.dirty.clear();
    bufs.dirty.resize(n, true);
    let mut any = false;
    'rounds: for round in 0..ROUNDS {
        let mut improved = false;
        for k in 0..n {
            let r = if round % 2 == 0 { k } else { n - 1 - k };
            if !bufs.dirty[r] {
                continue;
            }
            bufs.dirty[r] = false;
            if improve_rank(g, cx, &mut bufs, r) {
                improved = true;
                for s in r.saturating_sub(1)..(r + 2).min(n) {
                    bufs.dirty[s] = true;
                }
            }
            if cx.work > limit {
                any |= improved;
                break 'rounds;
            }
        }
        // Then whole sibling boxes, across the ranks they share.
        if super::swap::swap_siblings(g, cx, limit) {
            improved = true;
            bufs.dirty.iter_mut().for_each(|d| *d = true);
        }
        any |= improved;
        if !improved {
            break;
        }
    }
    cx.refine = bufs;
    any
}

/// Improve every row of rank `r`, innermost rows first. Says whether the rank changed.
fn improve_rank(g: &mut LGraph, cx: &mut Ctx, bufs: &mut Buffers, r: usize) -> bool {
    let layer = std::mem::take(&mut g.layers[r]);
    cx.work += layer.len() as u64;
    bufs.rows.clear();
    rows(cx, &layer, 0, layer.len(), 0, &mut bufs.rows);
    bufs.rows.sort_by_key(|row| std::cmp::Reverse(row.depth));
    let mut layer = layer;
    let mut changed = false;
    for i in 0..bufs.rows.len() {
        let row = bufs.rows[i];
        changed |= improve_row(cx, bufs, &mut layer, row);
    }
    g.layers[r] = layer;
    changed
}

/// The rows of `layer[lo..hi]` at nesting depth `depth` (a subgraph's row without its two sides).
fn rows(cx: &Ctx, layer: &[usize], lo: usize, hi: usize, depth: usize, out: &mut Vec<Row>) {
    let mut i = lo;
    while i < hi {
        let p = cx.arranger.paths.of(layer[i]);
        if p.len() > depth {
            let child = p[depth];
            let mut j = i + 1;
            while j < hi && cx.arranger.paths.of(layer[j]).get(depth) == Some(&child) {
                j += 1;
            }
            // The nested row, without its sides (first and last).
            if j - i > 2 {
                rows(cx, layer, i + 1, j - 1, depth + 1, out);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out.push(Row {
        start: lo,
        end: hi,
        depth,
    });
}

/// The entries of a row: its own nodes one by one, each nested block as one.
fn entries(cx: &Ctx, layer: &[usize], row: Row, out: &mut Vec<(usize, usize, bool)>) {
    out.clear();
    let mut i = row.start;
    while i < row.end {
        let p = cx.arranger.paths.of(layer[i]);
        if p.len() > row.depth {
            let child = p[row.depth];
            let mut j = i + 1;
            while j < row.end && cx.arranger.paths.of(layer[j]).get(row.depth) == Some(&child) {
                j += 1;
            }
            out.push((i, j, true));
            i = j;
        } else {
            out.push((i, i + 1, false));
            i += 1;
        }
    }
}

/// Reorder one row's entries for the fewest crossings with the neighbouring ranks. Says
/// whether it changed.
fn improve_row(cx: &mut Ctx, bufs: &mut Buffers, layer: &mut [usize], row: Row) -> bool {
    entries(cx, layer, row, &mut bufs.entries);
    let k = bufs.entries.len();
    if k < 2 {
        return false;
    }
    let blocks: Vec<bool> = bufs.entries.iter().map(|e| e.2).collect();
    bufs.order.clear();
    bufs.order.extend(0..k);
    if k > SIFT {
        return switch_neighbours(cx, bufs, layer);
    }
    pair_costs(cx, bufs, layer);
    // Bookkeeping: the cost sums, and the search (exact: 2^k · k; sifting: rounds of k²).
    cx.work += (k * k) as u64
        + if k <= EXACT {
            (k << k) as u64
        } else {
            4 * (k * k) as u64
        };
    let now = order_cost(&bufs.cost, &bufs.order);
    if now == 0 {
        return false;
    }
    if k <= EXACT {
        exact(bufs, &blocks);
    } else {
        sift(bufs, &blocks);
    }
    if order_cost(&bufs.cost, &bufs.order) >= now {
        return false;
    }
    apply(cx, bufs, layer);
    true
}

/// The cost of the entries in `order` under the pair costs `cost` (`k × k`).
fn order_cost(cost: &[u64], order: &[usize]) -> u64 {
    let k = order.len();
    let mut t = 0;
    for a in 0..k {
        for b in a + 1..k {
            t += cost[order[a] * k + order[b]];
        }
    }
    t
}

/// `bufs.cost` for the current entries.
fn pair_costs(cx: &mut Ctx, bufs: &mut Buffers, layer: &[usize]) {
    let k = bufs.entries.len();
    bufs.cost.clear();
    bufs.cost.resize(k * k, 0);
    for i in 0..k {
        let (si, ei, _) = bufs.entries[i];
        for j in i + 1..k {
            let (sj, ej, _) = bufs.entries[j];
            let (mut ij, mut ji) = (0, 0);
            for &a in &layer[si..ei] {
                for &b in &layer[sj..ej] {
                    let (ab, ba) = pair(&cx.net, &cx.pos, a, b, &mut cx.work);
                    ij += ab;
                    ji += ba;
                }
            }
            bufs.cost[i * k + j] = ij;
            bufs.cost[j * k + i] = ji;
        }
    }
}

/// The cheapest order of the entries (as `bufs.order`), nested blocks kept in their order:
/// over subsets S of entries placed leftmost, best(S) = min over the entry v placed last of
/// best(S − v) + the cost of everything in S − v lying left of v.
pub(super) fn exact(bufs: &mut Buffers, blocks: &[bool]) {
    let k = blocks.len();
    let full = (1usize << k) - 1;
    let cost = &bufs.cost;
    // into[v << k | S]: the cost of S lying left of v.
    bufs.into.clear();
    bufs.into.resize(k << k, 0);
    for v in 0..k {
        let base = v << k;
        for s in 1..=full {
            let low = s.trailing_zeros() as usize;
            bufs.into[base + s] = bufs.into[base + (s & (s - 1))] + cost[low * k + v];
        }
    }
    // Blocks that must lie left of each block.
    let before: Vec<usize> = (0..k)
        .map(|v| {
            if blocks[v] {
                (0..v).filter(|&u| blocks[u]).fold(0, |m, u| m | 1 << u)
            } else {
                0
            }
        })
        .collect();
    bufs.best.clear();
    bufs.best.resize(full + 1, u64::MAX);
    bufs.last.clear();
    bufs.last.resize(full + 1, 0);
    bufs.best[0] = 0;
    for s in 0..full {
        let here = bufs.best[s];
        if here == u64::MAX {
            continue;
        }
        for (v, &need) in before.iter().enumerate() {
            if s & 1 << v != 0 || s & need != need {
                continue;
            }
            let t = s | 1 << v;
            let c = here + bufs.into[(v << k) + s];
            if c < bufs.best[t] {
                bufs.best[t] = c;
                bufs.last[t] = v as u8;
            }
        }
    }
    let mut s = full;
    bufs.order.clear();
    while s != 0 {
        let v = bufs.last[s] as usize;
        bufs.order.push(v);
        s &= !(1 << v);
    }
    bufs.order.reverse();
}

/// Sift each entry in turn to its cheapest place (nested blocks not past each other), until a
/// round moves nothing.
fn sift(bufs: &mut Buffers, blocks: &[bool]) {
    let k = blocks.len();
    let cost = &bufs.cost;
    let order = &mut bufs.order;
    for _ in 0..4 {
        let mut moved = false;
        for x in 0..k {
            let p = order
                .iter()
                .position(|&e| e == x)
                .expect("every entry is placed");
            // Moving x left past y: y ends right of x. Right past y: y ends left of x.
            let (mut best, mut best_q, mut delta) = (0i64, p, 0i64);
            for q in (0..p).rev() {
                let y = order[q];
                if blocks[x] && blocks[y] {
                    break;
                }
                delta += cost[x * k + y] as i64 - cost[y * k + x] as i64;
                if delta < best {
                    (best, best_q) = (delta, q);
                }
            }
            delta = 0;
            for (q, &y) in order.iter().enumerate().skip(p + 1) {
                if blocks[x] && blocks[y] {
                    break;
                }
                delta += cost[y * k + x] as i64 - cost[x * k + y] as i64;
                if delta < best {
                    (best, best_q) = (delta, q);
                }
            }
            if best_q != p {
                let e = order.remove(p);
                order.insert(best_q, e);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// For rows too long to sift: swap neighbouring entries while that removes crossings (not two
/// nested blocks). Applies the result; says whether it changed.
fn switch_neighbours(cx: &mut Ctx, bufs: &mut Buffers, layer: &mut [usize]) -> bool {
    let mut changed = false;
    for _ in 0..4 {
        let mut improved = false;
        let mut i = 0;
        while i + 1 < bufs.entries.len() {
            let (a, b) = (bufs.entries[i], bufs.entries[i + 1]);
            if a.2 && b.2 {
                i += 1;
                continue;
            }
            let (mut ab, mut ba) = (0, 0);
            for &x in &layer[a.0..a.1] {
                for &y in &layer[b.0..b.1] {
                    let (p, q) = pair(&cx.net, &cx.pos, x, y, &mut cx.work);
                    ab += p;
                    ba += q;
                }
            }
            if ba < ab {
                // Swap the two runs in place and renumber.
                layer[a.0..b.1].rotate_left(a.1 - a.0);
                for (p, &v) in layer.iter().enumerate().take(b.1).skip(a.0) {
                    cx.pos[v] = p as u32;
                }
                let split = a.0 + (b.1 - b.0);
                bufs.entries[i] = (a.0, split, b.2);
                bufs.entries[i + 1] = (split, b.1, a.2);
                improved = true;
            }
            i += 1;
        }
        changed |= improved;
        if !improved {
            break;
        }
    }
    changed
}

/// Rewrite the row in `bufs.order` and renumber its nodes.
fn apply(cx: &mut Ctx, bufs: &mut Buffers, layer: &mut [usize]) {
    let (lo, hi) = (bufs.entries[0].0, bufs.entries[bufs.entries.len() - 1].1);
    bufs.moved.clear();
    for &e in &bufs.order {
        let (s, t, _) = bufs.entries[e];
        bufs.moved.extend_from_slice(&layer[s..t]);
    }
    layer[lo..hi].copy_from_slice(&bufs.moved);
    for (p, &v) in layer.iter().enumerate().take(hi).skip(lo) {
        cx.pos[v] = p as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All orders of 0..k, by Heap's algorithm.
    fn permutations(k: usize) -> Vec<Vec<usize>> {
        fn go(n: usize, a: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if n == 1 {
                out.push(a.clone());
                return;
            }
            for i in 0..n {
                go(n - 1, a, out);
                let j = if n % 2 == 0 { i } else { 0 };
                a.swap(j, n - 1);
            }
        }
        let mut out = Vec::new();
        go(k, &mut (0..k).collect(), &mut out);
        out
    }

    #[test]
    fn exact_finds_the_optimum_of_a_known_row() {
        // Six entries with pseudo-random pair costs: the dynamic programme must match the best
        // of all 720 orders.
        let k = 6;
        let mut seed = 12345u64;
        let cost = (0..k * k)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                seed >> 59
            })
            .collect();
        let mut bufs = Buffers {
            cost,
            ..Buffers::default()
        };
        exact(&mut bufs, &[false; 6]);
        let best = permutations(k)
            .iter()
            .map(|o| order_cost(&bufs.cost, o))
            .min()
            .unwrap();
        assert_eq!(order_cost(&bufs.cost, &bufs.order), best);
        // With entries 1 and 4 blocks that must keep their order, the best order respecting it.
        let blocks = [false, true, false, false, true, false];
        exact(&mut bufs, &blocks);
        let pos = |o: &[usize], e: usize| o.iter().position(|&x| x == e).unwrap();
        let best_kept = permutations(k)
            .iter()
            .filter(|o| pos(o, 1) < pos(o, 4))
            .map(|o| order_cost(&bufs.cost, o))
            .min()
            .unwrap();
        assert!(pos(&bufs.order, 1) < pos(&bufs.order, 4));
        assert_eq!(order_cost(&bufs.cost, &bufs.order), best_kept);
    }
}
