//! Layer sweeps: from a start order, sort each rank by where its neighbours sit in the rank
//! before it (weighted median, or barycenter), down and up in turn, block constraints kept; the
//! best order seen stays.

use super::{fingerprint, Ctx};
use crate::layout::build::{Kind, LGraph};

/// Sweeps at most; stop earlier after this many sweeps without improvement.
const MAX_SWEEPS: usize = 8;
const PATIENCE: usize = 2;

/// How a node's key comes from its neighbours in the fixed rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Key {
    /// The weighted median (Gansner et al.): robust against one far neighbour.
    Median,
    /// The mean (barycenter): smoother, a different local optimum.
    Barycenter,
}

/// Arrange every rank by the keys in `initial` (by node), then sweep (first down, or up). Leaves the best order
/// seen in `g.layers` and `cx.pos`, and returns its weighted crossings.
pub(super) fn sweeps(
    g: &mut LGraph,
    cx: &mut Ctx,
    initial: &[f64],
    key: Key,
    first_down: bool,
    limit: u64,
) -> u64 {
    let n_layers = g.layers.len();
    // One sibling order for all ranks, decided as they are arranged top down.
    cx.arranger.seq.reset();
    for r in 0..n_layers {
        let mut layer = std::mem::take(&mut g.layers[r]);
        layer.sort_by(|&a, &b| initial[a].total_cmp(&initial[b]).then(a.cmp(&b)));
        for &v in &layer {
            cx.arranger.key[v] =
                (!matches!(g.nodes[v].kind, Kind::Top(_) | Kind::Bottom(_))).then_some(initial[v]);
        }
        cx.arranger.arrange(g, &mut layer);
        cx.place(&layer);
        g.layers[r] = layer;
    }
    let mut best_cc = cx.total(&g.layers);
    let mut best = cx.pos.clone();
    let (mut stale, mut still) = (0, 0);
    // Fingerprints of the orders after the last two sweeps, to notice a two-sweep cycle (the
    // downward and upward sweeps undoing each other), which would only repeat until patience
    // ran out.
    let mut seen = [fingerprint(&cx.pos), 0];
    for sweep in 0..MAX_SWEEPS {
        // Stop at no crossings, at a fixed point (a sweep each way changed nothing), or when the
        // budget is spent.
        if best_cc == 0 || n_layers < 2 || still >= 2 || cx.work > limit {
            break;
        }
        let mut changed = false;
        let downward = (sweep % 2 == 0) == first_down;
        let fixed = if downward { 0 } else { n_layers - 1 };
        // Sibling blocks keep one order in every rank; this sweep decides it afresh, starting
        // from the rank it does not move.
        cx.arranger.seq.reset();
        let mut layer = std::mem::take(&mut g.layers[fixed]);
        for (i, &v) in layer.iter().enumerate() {
            cx.arranger.key[v] = Some(i as f64);
        }
        changed |= cx.arranger.arrange(g, &mut layer);
        cx.place(&layer);
        g.layers[fixed] = layer;
        for k in 0..n_layers - 1 {
            let r = if downward { k + 1 } else { n_layers - 2 - k };
            let mut layer = std::mem::take(&mut g.layers[r]);
            for &v in &layer {
                cx.arranger.key[v] = neighbour_key(cx, v, downward, key);
            }
            // Keys, and the block-constrained sort.
            let len = layer.len() as u64;
            cx.work += len * (4 + u64::from(u64::BITS - len.leading_zeros()));
            changed |= cx.arranger.arrange(g, &mut layer);
            cx.place(&layer);
            g.layers[r] = layer;
        }
        still = if changed { 0 } else { still + 1 };
        let now = fingerprint(&cx.pos);
        let cycled = sweep >= 1 && now == seen[1];
        seen = [now, seen[0]];
        let cc = cx.total(&g.layers);
        if cc < best_cc {
            best_cc = cc;
            best.copy_from_slice(&cx.pos);
            stale = 0;
        } else {
            stale += 1;
            if stale >= PATIENCE {
                break;
            }
        }
        if cycled {
            break;
        }
    }
    cx.restore(g, &best);
    best_cc
}

/// A node's key from its neighbours in the fixed rank (above when sweeping down); `None` for a
/// node with none there, and for box sides (their block places them).
fn neighbour_key(cx: &mut Ctx, v: usize, downward: bool, key: Key) -> Option<f64> {
    let adj = if downward {
        cx.net.up.of(v)
    } else {
        cx.net.down.of(v)
    };
    if adj.is_empty() || cx.net.is_side(v) {
        return None;
    }
    let at = |u: &u32| f64::from(cx.pos[*u as usize]);
    match adj {
        [a] => return Some(at(a)),
        [a, b] => return Some((at(a) + at(b)) / 2.0),
        _ => {}
    }
    if key == Key::Barycenter {
        return Some(adj.iter().map(at).sum::<f64>() / adj.len() as f64);
    }
    // The weighted median: the middle one; for an even count, between the two middle ones,
    // leaning to the side whose positions lie closer together.
    let mut p = std::mem::take(&mut cx.medians);
    p.clear();
    p.extend(adj.iter().map(at));
    p.sort_by(f64::total_cmp);
    let (n, m) = (p.len(), p.len() / 2);
    let median = if n % 2 == 1 {
        p[m]
    } else {
        let (left, right) = (p[m - 1] - p[0], p[n - 1] - p[m]);
        if left + right == 0.0 {
            (p[m - 1] + p[m]) / 2.0
        } else {
            (p[m - 1] * right + p[m] * left) / (left + right)
        }
    };
    cx.medians = p;
    Some(median)
}
