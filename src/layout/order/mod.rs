//! Pass 5: order the nodes within each rank to reduce edge crossings.
//!
//! Pre: layers and adjacency from normalisation. Post: `layers[r]` in final
//! order and `LNode::order` set; in every rank each subgraph's nodes form one
//! contiguous block between its left and right border nodes, nested blocks
//! inside their parents', sibling blocks in one order in every rank.
//!
//! Method: several starts, the best order kept (ties to the earlier start):
//! the source order first (a drawing that needs no reordering keeps the order
//! its author wrote), then a depth-first order (neighbours side by side, as
//! Graphviz starts), then seeded random orders (as ELK's restarts). From each
//! start, [`sweep`] sorts ranks by their neighbours' median or barycenter, down
//! and up, and keeps its best; then [`refine`] re-orders each rank with its
//! neighbours fixed (exact for small rows, sifting for larger ones) until no
//! rank improves. Crossings are counted exactly and weighted ([`cross`]): two
//! edges crossing cost more than an edge crossing a box side. Starts stop when
//! an order without crossings is found, when several starts in a row found
//! nothing better, or when the work budget is spent: generous on the small
//! graphs real diagrams are, linear in the graph's size on big ones.
//!
//! Sub-passes, in order: `blocks` (the block-constrained sort every sweep
//! uses), `sweep`, `refine`; `cross` counts.

mod blocks;
mod cross;
mod refine;
mod swap;
mod sweep;

use super::build::{Kind, LGraph, TitleSide};
use blocks::Arranger;
use cross::{Counter, Net};
use sweep::Key;

/// The work budget (segments counted, pairs compared, nodes arranged, in log-weighted units):
/// a base every graph gets; then, per node and adjacency entry, a generous amount up to a
/// mid-sized graph (a few full starts) and a small one beyond (huge graphs get about one start,
/// in time linear in their size).
const BASE_WORK: u64 = 250_000;
const WORK_PER_ITEM: u64 = 80;
const WORK_PER_ITEM_BEYOND: u64 = 4;
const GENEROUS_ITEMS: u64 = 200_000;

/// Random starts stop after this many in a row found nothing better.
const STALE_STARTS: usize = 24;
/// Starts at most.
const MAX_STARTS: usize = 64;

/// State shared by the sub-passes: the graph as ordering sees it, each node's position in its
/// rank, scratch buffers, and the work done so far.
pub(super) struct Ctx {
    net: Net,
    pos: Vec<u32>,
    counter: Counter,
    arranger: Arranger,
    medians: Vec<f64>,
    refine: refine::Buffers,
    work: u64,
}

impl Ctx {
    fn new(g: &LGraph) -> Ctx {
        Ctx {
            net: Net {
                up: g.up.clone(),
                down: g.down.clone(),
                class: segment_classes(g),
            },
            pos: g.nodes.iter().map(|n| n.order as u32).collect(),
            counter: Counter::default(),
            arranger: Arranger::new(g),
            medians: Vec::new(),
            refine: refine::Buffers::default(),
            work: 0,
        }
    }

    /// Record the positions of a rank's nodes.
    fn place(&mut self, layer: &[usize]) {
        for (i, &v) in layer.iter().enumerate() {
            self.pos[v] = i as u32;
        }
    }

    /// Weighted crossings of the current order.
    fn total(&mut self, layers: &[Vec<usize>]) -> u64 {
        self.counter
            .total(&self.net, layers, &self.pos, &mut self.work)
    }

    /// Put every rank in the order `pos` gives.
    fn restore(&mut self, g: &mut LGraph, pos: &[u32]) {
        for layer in &mut g.layers {
            layer.sort_unstable_by_key(|&v| pos[v]);
        }
        self.pos.copy_from_slice(pos);
    }
}

/// Each node's kind of segment for [`Net::class`]. Left-to-right drawings have their titles
/// along the frame's left side of their boxes (on screen, across the top), centred: a side
/// segment crossing the gap between two ranks where the title lies is a title side.
fn segment_classes(g: &LGraph) -> Vec<u8> {
    let title_gap = |s: usize, r: usize| -> bool {
        let c = &g.clusters[s];
        if g.title_side != TitleSide::Left || c.title_size.w <= 0.0 || r + 1 >= g.layers.len() {
            return false;
        }
        let top = g.band_top[g.nodes[c.top].rank as usize];
        let bottom = g.band_bottom[g.nodes[c.bottom].rank as usize];
        let (lo, hi) = (
            (top + bottom - c.title_size.w) / 2.0,
            (top + bottom + c.title_size.w) / 2.0,
        );
        g.band_bottom[r] < hi && g.band_top[r + 1] > lo
    };
    g.nodes
        .iter()
        .map(|n| match n.kind {
            Kind::Border {
                cluster,
                right: false,
            } if title_gap(cluster, n.rank as usize) => cross::TITLE_SIDE,
            Kind::Border { .. } => cross::SIDE,
            _ => cross::EDGE,
        })
        .collect()
}

/// Order every rank.
pub(crate) fn run(g: &mut LGraph) {
    let mut cx = Ctx::new(g);
    let size = (g.nodes.len() + g.down.len()) as u64;
    let budget = BASE_WORK
        + WORK_PER_ITEM * size.min(GENEROUS_ITEMS)
        + WORK_PER_ITEM_BEYOND * size.saturating_sub(GENEROUS_ITEMS);
    let mut rng = SplitMix(0x6d6d_6472);
    let source: Vec<f64> = g.nodes.iter().map(|n| n.key).collect();
    let floor = lower_bound(g, &cx.net);
    let mut best: Option<(u64, Vec<u32>)> = None;
    let mut stale = 0;
    for start in 0..MAX_STARTS {
        // Random starts alternate the key and which way the first sweep goes.
        let (keys, key, down) = match start {
            0 => (source.clone(), Key::Median, true),
            1 => (depth_first_keys(g), Key::Barycenter, true),
            k => {
                let keys = (0..g.nodes.len()).map(|_| rng.unit()).collect();
                let key = [Key::Median, Key::Barycenter][k % 2];
                (keys, key, k % 4 < 2)
            }
        };
        let mut cc = sweep::sweeps(g, &mut cx, &keys, key, down, budget);
        if cc > 0 && refine::refine(g, &mut cx, budget) {
            cc = cx.total(&g.layers);
        }
        match &best {
            Some((b, _)) if cc >= *b => stale += 1,
            _ => {
                best = Some((cc, cx.pos.clone()));
                stale = 0;
            }
        }
        let best_cc = best.as_ref().map_or(0, |b| b.0);
        if best_cc <= floor || stale >= STALE_STARTS || cx.work > budget {
            break;
        }
    }
    let (_, best) = best.expect("at least one start");
    cx.restore(g, &best);
    for layer in &g.layers {
        for (i, &v) in layer.iter().enumerate() {
            g.nodes[v].order = i;
        }
    }
}

/// Crossings no order can avoid. Two nodes `u`, `v` of a rank whose edges both reach the same
/// two nodes `w1`, `w2` of a lower rank (through dummies) cross at least once whichever way the
/// four are ordered: of the paths u–w1, v–w2 and u–w2, v–w1, one pair always swaps sides. So
/// two nodes sharing `k` targets on one rank cross at least k(k − 1)/2 times. Fan-ins from the
/// same nodes, `A & B & C --> D & E & F`, are the usual source.
fn lower_bound(g: &LGraph, net: &Net) -> u64 {
    let through = |v: usize| matches!(g.nodes[v].kind, Kind::Dummy(_) | Kind::Label(_));
    // (target, source) of every edge between two real nodes, each pair once.
    let mut ends: Vec<(u32, u32)> = Vec::new();
    for u in 0..g.nodes.len() {
        if through(u) || net.is_side(u) {
            continue;
        }
        for &x in net.down.of(u) {
            let mut w = x as usize;
            while through(w) {
                match net.down.of(w) {
                    [next] => w = *next as usize,
                    _ => break,
                }
            }
            if !through(w) && !net.is_side(w) {
                ends.push((w as u32, u as u32));
            }
        }
    }
    ends.sort_unstable();
    ends.dedup();
    // Per target, the pairs of its sources on one rank, with the target's rank.
    let mut shared: Vec<(u32, u32, i32)> = Vec::new();
    for group in ends.chunk_by(|a, b| a.0 == b.0) {
        let rank = g.nodes[group[0].0 as usize].rank;
        for (i, &(_, u)) in group.iter().enumerate() {
            for &(_, v) in &group[i + 1..] {
                if g.nodes[u as usize].rank == g.nodes[v as usize].rank {
                    shared.push((u, v, rank));
                }
            }
        }
    }
    shared.sort_unstable();
    shared
        .chunk_by(|a, b| a == b)
        .map(|run| {
            let k = run.len() as u64;
            k * (k - 1) / 2 * cross::EDGE_EDGE
        })
        .sum()
}

/// A small seeded random generator (SplitMix64): the same starts on every run and machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Positions from a depth-first walk over the layered graph (both directions), starting from
/// the nodes in rank and source order.
fn depth_first_keys(g: &LGraph) -> Vec<f64> {
    let n = g.nodes.len();
    let mut starts: Vec<usize> = (0..n).collect();
    starts.sort_by(|&a, &b| {
        g.nodes[a]
            .rank
            .cmp(&g.nodes[b].rank)
            .then(g.nodes[a].key.total_cmp(&g.nodes[b].key))
            .then(a.cmp(&b))
    });
    let mut key = vec![f64::NAN; n];
    let mut next = 0.0;
    let mut stack = Vec::new();
    for s in starts {
        if !key[s].is_nan() {
            continue;
        }
        stack.push(s);
        while let Some(v) = stack.pop() {
            if !key[v].is_nan() {
                continue;
            }
            key[v] = next;
            next += 1.0;
            for &u in g.up.of(v).iter().rev().chain(g.down.of(v).iter().rev()) {
                if key[u as usize].is_nan() {
                    stack.push(u as usize);
                }
            }
        }
    }
    key
}

/// A 64-bit fingerprint of an order (FNV-1a over the positions), to recognise an order seen
/// before without keeping it.
fn fingerprint(pos: &[u32]) -> u64 {
    pos.iter().fold(0xcbf2_9ce4_8422_2325, |h, &p| {
        (h ^ u64::from(p)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(layers: Vec<Vec<usize>>, edges: &[(usize, usize)]) -> LGraph {
        crate::layout::build::test_graph(layers, edges)
    }

    fn crossings(g: &LGraph) -> u64 {
        let mut cx = Ctx::new(g);
        cx.total(&g.layers) / cross::EDGE_EDGE
    }

    #[test]
    fn sweeps_untangle_a_twisted_ladder() {
        // Upper 0,1,2 ; lower 3,4,5 ; edges 0->5, 1->4, 2->3 cross 3 times in the given order.
        let mut g = graph(
            vec![vec![0, 1, 2], vec![3, 4, 5]],
            &[(0, 5), (1, 4), (2, 3)],
        );
        assert_eq!(crossings(&g), 3);
        run(&mut g);
        assert_eq!(crossings(&g), 0);
    }

    #[test]
    fn finds_the_optimum_of_a_known_three_layer_graph() {
        // A 3-layer graph whose best order has exactly one crossing (a K2,2 between layers 1 and
        // 2 in any order crosses once), scrambled to start with more.
        let mut g = graph(
            vec![vec![0, 1, 2], vec![3, 4, 5], vec![6, 7]],
            &[
                (0, 5),
                (1, 3),
                (2, 4),
                (3, 6),
                (3, 7),
                (4, 6),
                (4, 7),
                (5, 6),
            ],
        );
        assert!(crossings(&g) > 1);
        run(&mut g);
        assert_eq!(crossings(&g), 1);
    }
}
