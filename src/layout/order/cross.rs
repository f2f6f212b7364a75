//! Crossings of an order, counted exactly and weighted by what crosses.
//!
//! Two kinds of segments join neighbouring ranks: edge segments (a piece of an edge, between
//! its ends, dummies and label) and box sides (a subgraph's left or right border from one rank
//! to the next). Two edges crossing is what a reader has to untangle ([`EDGE_EDGE`]); an edge
//! crossing a box side enters or leaves the box through its side ([`EDGE_SIDE`]: needed once for
//! an edge into a box that starts beside it, twice for an edge through a box it has nothing to do
//! with). In a left-to-right drawing a box's title runs along its left side in the frame (its
//! top on screen); an edge crossing that side would cross the title, which costs most
//! ([`EDGE_TITLE`]). Box sides never cross each other in a valid order.

use crate::layout::build::Adj;

/// The cost of two edges crossing.
pub(super) const EDGE_EDGE: u64 = 16;
/// The cost of an edge crossing a box side.
pub(super) const EDGE_SIDE: u64 = 1;
/// The cost of an edge crossing the side of a box that holds its title.
pub(super) const EDGE_TITLE: u64 = EDGE_EDGE;

/// What a segment is: a piece of an edge, a box side, a box side holding the title.
pub(super) const EDGE: u8 = 0;
pub(super) const SIDE: u8 = 1;
pub(super) const TITLE_SIDE: u8 = 2;

/// The cost of segments of the two kinds crossing.
#[inline]
fn weight(a: u8, b: u8) -> u64 {
    match (a, b) {
        (EDGE, EDGE) => EDGE_EDGE,
        (EDGE, SIDE) | (SIDE, EDGE) => EDGE_SIDE,
        (EDGE, _) | (_, EDGE) => EDGE_TITLE,
        _ => 0,
    }
}

/// The layered graph as the order pass sees it: who is joined to whom between neighbouring
/// ranks, and which nodes are box sides.
pub(super) struct Net {
    pub up: Adj,
    pub down: Adj,
    /// Each node's kind of segment: [`EDGE`] for everything but box sides; for a side node, the
    /// kind of the side segment down from it, [`SIDE`] or [`TITLE_SIDE`].
    pub class: Vec<u8>,
}

impl Net {
    /// Whether `v` is a box side node.
    #[inline]
    pub fn is_side(&self, v: usize) -> bool {
        self.class[v] != EDGE
    }

    /// The kind of the segment from `upper` down to `lower`.
    #[inline]
    fn segment(&self, upper: usize, lower: usize) -> u8 {
        if self.class[lower] == EDGE {
            EDGE
        } else {
            self.class[upper]
        }
    }
}

/// Scratch for counting, reused across calls.
#[derive(Default)]
pub(super) struct Counter {
    /// Segments between two ranks: (upper position, lower position, kind).
    segs: Vec<(u32, u32, u8)>,
    /// Accumulator trees over lower positions, one per kind of segment.
    trees: [Vec<u32>; 3],
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
        let mut kinds = 0u8;
        for &u in &layers[r] {
            for &v in net.down.of(u) {
                let kind = net.segment(u, v as usize);
                kinds |= 1 << kind;
                self.segs.push((pos[u], pos[v as usize], kind));
            }
        }
        // Sorting and the tree: about log2 of the rank's size per segment.
        *work += self.segs.len() as u64 * u64::from(usize::BITS - lower_len.leading_zeros());
        self.segs.sort_unstable();
        let first = lower_len.next_power_of_two();
        for (k, tree) in self.trees.iter_mut().enumerate() {
            if kinds & 1 << k != 0 {
                tree.clear();
                tree.resize(2 * first, 0);
            }
        }
        let mut cost = 0u64;
        for &(_, v, kind) in &self.segs {
            // Earlier segments ending right of `v`, per kind: at each left child, its right
            // sibling's total.
            let mut idx = v as usize + first;
            let mut right = [0u64; 3];
            while idx > 1 {
                if idx % 2 == 0 {
                    for (k, (sum, tree)) in right.iter_mut().zip(&self.trees).enumerate() {
                        if kinds & 1 << k != 0 {
                            *sum += u64::from(tree[idx + 1]);
                        }
                    }
                }
                self.trees[kind as usize][idx] += 1;
                idx /= 2;
            }
            self.trees[kind as usize][1] += 1;
            cost += (0..3u8)
                .map(|k| right[k as usize] * weight(kind, k))
                .sum::<u64>();
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
    for (adj, upward) in [(&net.up, true), (&net.down, false)] {
        let (na, nb) = (adj.of(a), adj.of(b));
        *work += (na.len() * nb.len()) as u64;
        let kind = |v: usize, w: usize| {
            if upward {
                net.segment(w, v)
            } else {
                net.segment(v, w)
            }
        };
        for &x in na {
            let px = pos[x as usize];
            let sx = kind(a, x as usize);
            for &y in nb {
                let py = pos[y as usize];
                let w = weight(sx, kind(b, y as usize));
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
            class: vec![EDGE; n],
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
            n.class[v] = SIDE;
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
