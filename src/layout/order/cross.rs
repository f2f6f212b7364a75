//! Crossings of an order, counted exactly and weighted by what crosses.
//!
//! Two kinds of segments join neighbouring ranks: edge segments (a piece of an edge, between
//! its ends, dummies and label) and box sides (a subgraph's left or right border from one rank
//! to the next). Two edges crossing is what a reader has to untangle ([`EDGE_EDGE`]); an edge
//! crossing a box side enters or leaves the box through its side ([`EDGE_SIDE`]: needed once for
//! an edge into a box that starts beside it, twice for an edge through a box it has nothing to do
//! with). Box sides never cross each other in a valid order.

use crate::layout::build::Adj;

/// The cost of two edges crossing.
pub(super) const EDGE_EDGE: u64 = 16;
/// The cost of an edge crossing a box side.
pub(super) const EDGE_SIDE: u64 = 1;

/// The cost of segments of the two kinds crossing (`true`: a box side).
#[inline]
fn weight(side_a: bool, side_b: bool) -> u64 {
    match (side_a, side_b) {
        (false, false) => EDGE_EDGE,
        (true, true) => 0,
        _ => EDGE_SIDE,
    }
}

/// The layered graph as the order pass sees it: who is joined to whom between neighbouring
/// ranks, and which nodes are box sides.
pub(super) struct Net {
    pub up: Adj,
    pub down: Adj,
    /// A box side node (a segment between two of them is a box side).
    pub side: Vec<bool>,
}

/// Scratch for counting, reused across calls.
#[derive(Default)]
pub(super) struct Counter {
    /// Segments between two ranks: (upper position, lower position, box side).
    segs: Vec<(u32, u32, bool)>,
    /// Accumulator trees over lower positions: edge segments, box sides.
    edges: Vec<u32>,
    sides: Vec<u32>,
}

impl Counter {
    /// Weighted crossings between ranks `r` and `r + 1` (Barth, Jünger and Mutzel's accumulator
    /// tree, O(E log V)); `work` grows by the segments counted.
    pub(super) fn between(
        &mut self,
        net: &Net,
        layers: &[Vec<usize>],
        pos: &[u32],
        r: usize,
        work: &mut u64,
    ) -> u64 {
        let lower_len = layers.get(r + 1).map_or(0, Vec::len);
        if lower_len == 0 {
            return 0;
        }
        self.segs.clear();
        let mut any_side = false;
        for &u in &layers[r] {
            for &v in net.down.of(u) {
                let side = net.side[u] && net.side[v as usize];
                any_side |= side;
                self.segs.push((pos[u], pos[v as usize], side));
            }
        }
        *work += self.segs.len() as u64;
        self.segs.sort_unstable();
        let first = lower_len.next_power_of_two();
        self.edges.clear();
        self.edges.resize(2 * first, 0);
        if any_side {
            self.sides.clear();
            self.sides.resize(2 * first, 0);
        }
        let mut cost = 0u64;
        for &(_, v, side) in &self.segs {
            // Earlier segments ending right of `v`: at each left child, its right sibling's total.
            let tree = if side {
                &mut self.sides
            } else {
                &mut self.edges
            };
            let mut idx = v as usize + first;
            tree[idx] += 1;
            let (mut e, mut s) = (0u64, 0u64);
            while idx > 1 {
                if idx % 2 == 0 {
                    e += u64::from(self.edges[idx + 1]);
                    if any_side {
                        s += u64::from(self.sides[idx + 1]);
                    }
                }
                idx /= 2;
                let tree = if side {
                    &mut self.sides
                } else {
                    &mut self.edges
                };
                tree[idx] += 1;
            }
            cost += e * weight(side, false) + s * weight(side, true);
        }
        cost
    }

    /// Weighted crossings of the whole order.
    pub(super) fn total(
        &mut self,
        net: &Net,
        layers: &[Vec<usize>],
        pos: &[u32],
        work: &mut u64,
    ) -> u64 {
        (0..layers.len().saturating_sub(1))
            .map(|r| self.between(net, layers, pos, r, work))
            .sum()
    }
}

/// Weighted crossings among the segments of `a` and `b` (one rank) with `a` left of `b`, and
/// with `b` left of `a`; `work` grows by the pairs looked at.
#[inline]
pub(super) fn pair(net: &Net, pos: &[u32], a: usize, b: usize, work: &mut u64) -> (u64, u64) {
    let (mut ab, mut ba) = (0, 0);
    for adj in [&net.up, &net.down] {
        let (na, nb) = (adj.of(a), adj.of(b));
        *work += (na.len() * nb.len()) as u64;
        for &x in na {
            let px = pos[x as usize];
            let sx = net.side[a] && net.side[x as usize];
            for &y in nb {
                let py = pos[y as usize];
                let w = weight(sx, net.side[b] && net.side[y as usize]);
                if px > py {
                    ab += w;
                } else if px < py {
                    ba += w;
                }
            }
        }
    }
    (ab, ba)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(n: usize, edges: &[(usize, usize)]) -> Net {
        Net {
            up: Adj::new(n, &edges.iter().map(|&(a, b)| (b, a)).collect::<Vec<_>>()),
            down: Adj::new(n, edges),
            side: vec![false; n],
        }
    }

    #[test]
    fn counts_known_bilayers() {
        let mut c = Counter::default();
        let mut w = 0;
        // Two edges crossing once: 0->3, 1->2 with upper 0,1 and lower 2,3.
        let layers = vec![vec![0, 1], vec![2, 3]];
        let n = net(4, &[(0, 3), (1, 2)]);
        assert_eq!(c.between(&n, &layers, &[0, 1, 0, 1], 0, &mut w), EDGE_EDGE);
        // K3,3 in a fixed order crosses 9 times.
        let layers = vec![vec![0, 1, 2], vec![3, 4, 5]];
        let all: Vec<(usize, usize)> = (0..3).flat_map(|a| (3..6).map(move |b| (a, b))).collect();
        let n = net(6, &all);
        let pos = [0, 1, 2, 0, 1, 2];
        assert_eq!(c.between(&n, &layers, &pos, 0, &mut w), 9 * EDGE_EDGE);
        // Pairs agree with the count: nodes 0 and 1 cross 3 times in either order.
        assert_eq!(pair(&n, &pos, 0, 1, &mut w), (3 * EDGE_EDGE, 3 * EDGE_EDGE));
    }

    #[test]
    fn box_sides_weigh_less_and_never_cross_each_other() {
        // Upper 0 (side), 1 (side), 2; lower 3 (side), 4 (side), 5. Sides 0->3 and 1->4 form
        // two box sides; the edge 2->5 is outside. Edge 2 -> 3 crosses side 1->4 once.
        let mut n = net(6, &[(0, 3), (1, 4), (2, 3)]);
        for v in [0, 1, 3, 4] {
            n.side[v] = true;
        }
        let layers = vec![vec![0, 1, 2], vec![3, 4, 5]];
        let mut c = Counter::default();
        let mut w = 0;
        assert_eq!(
            c.between(&n, &layers, &[0, 1, 2, 0, 1, 2], 0, &mut w),
            EDGE_SIDE
        );
    }
}
