//! Pass 5: order the nodes within each rank to reduce edge crossings.
//!
//! Pre: layers and adjacency from normalisation. Post: `layers[r]` in final
//! order and `LNode::order` set; in every rank each subgraph's nodes form one
//! contiguous block between its left and right border nodes, nested blocks
//! inside their parents'.
//!
//! Method: start from the source order (a drawing that needs no reordering
//! keeps the order its author wrote); then alternate down and up sweeps that
//! sort each rank by barycenter of its neighbours in the fixed rank, block by
//! block; after each sweep, transpose adjacent siblings while that removes
//! crossings; count crossings exactly (Barth, Jünger, Mutzel 2004) and keep the
//! best order seen.

use super::build::{Kind, LGraph};

/// Sweeps at most; stop earlier after this many sweeps without improvement.
const MAX_SWEEPS: usize = 24;
const PATIENCE: usize = 6;

/// Order every rank.
pub(crate) fn run(g: &mut LGraph) {
    let n_layers = g.layers.len();
    let mut arranger = Arranger::new(g);
    // Initial order: source order, blocks contiguous.
    for r in 0..n_layers {
        let mut layer = std::mem::take(&mut g.layers[r]);
        layer.sort_by(|&a, &b| g.nodes[a].key.total_cmp(&g.nodes[b].key).then(a.cmp(&b)));
        let keys: Vec<Option<f64>> = layer
            .iter()
            .map(|&v| {
                (!matches!(g.nodes[v].kind, Kind::Top(_) | Kind::Bottom(_)))
                    .then_some(g.nodes[v].key)
            })
            .collect();
        g.layers[r] = arranger.arrange(g, &layer, &keys);
    }
    set_orders(g);
    let mut best = g.layers.clone();
    let mut best_cc = total_crossings(g);
    let mut stale = 0;
    for sweep in 0..MAX_SWEEPS {
        if best_cc == 0 || n_layers < 2 {
            break;
        }
        let downward = sweep % 2 == 0;
        let (fixed, ranks): (usize, Vec<usize>) = if downward {
            (0, (1..n_layers).collect())
        } else {
            (n_layers - 1, (0..n_layers - 1).rev().collect())
        };
        // Sibling blocks keep one order in every rank; this sweep decides it afresh, starting
        // from the rank it does not move.
        arranger.seq.reset();
        let layer = g.layers[fixed].clone();
        let keys: Vec<Option<f64>> = (0..layer.len()).map(|i| Some(i as f64)).collect();
        g.layers[fixed] = arranger.arrange(g, &layer, &keys);
        for r in ranks {
            let layer = g.layers[r].clone();
            let keys: Vec<Option<f64>> =
                layer.iter().map(|&v| barycenter(g, v, downward)).collect();
            g.layers[r] = arranger.arrange(g, &layer, &keys);
            for (i, &v) in g.layers[r].iter().enumerate() {
                g.nodes[v].order = i;
            }
        }
        transpose(g);
        let cc = total_crossings(g);
        if cc < best_cc {
            best_cc = cc;
            best = g.layers.clone();
            stale = 0;
        } else {
            stale += 1;
            if stale >= PATIENCE {
                break;
            }
        }
    }
    g.layers = best;
    set_orders(g);
}

/// The left-to-right order of sibling subgraphs, one per parent, shared by all ranks so that
/// sibling boxes never interleave. Built as ranks are arranged: the first rank holding two
/// siblings decides their order.
struct Sequences {
    /// Sequenced children of each parent (index 0: the top level, `s + 1`: subgraph `s`).
    order: Vec<Vec<usize>>,
    /// Each subgraph's index in its parent's sequence, if sequenced.
    index: Vec<Option<usize>>,
}

impl Sequences {
    fn new(n_clusters: usize) -> Sequences {
        Sequences {
            order: vec![Vec::new(); n_clusters + 1],
            index: vec![None; n_clusters],
        }
    }

    fn reset(&mut self) {
        self.order.iter_mut().for_each(Vec::clear);
        self.index.iter_mut().for_each(|i| *i = None);
    }

    /// Reorder `local` (sibling blocks of `parent` in the order one rank wants them) to agree
    /// with the sequence, and sequence the ones seen for the first time where they landed.
    fn place(&mut self, parent: Option<usize>, local: &mut [usize]) {
        let mut sequenced: Vec<usize> = local
            .iter()
            .copied()
            .filter(|&c| self.index[c].is_some())
            .collect();
        sequenced.sort_by_key(|&c| self.index[c]);
        let mut next = sequenced.into_iter();
        for slot in local.iter_mut() {
            if self.index[*slot].is_some() {
                *slot = next.next().expect("one sequenced block per sequenced slot");
            }
        }
        let list = parent.map_or(0, |p| p + 1);
        for i in 0..local.len() {
            let c = local[i];
            if self.index[c].is_some() {
                continue;
            }
            // After the block on its left, else before the first sequenced block on its right.
            let at = if i > 0 {
                self.index[local[i - 1]].expect("blocks on the left are sequenced") + 1
            } else {
                local
                    .iter()
                    .find_map(|&d| self.index[d])
                    .unwrap_or(self.order[list].len())
            };
            self.order[list].insert(at, c);
            for (k, &d) in self.order[list].iter().enumerate().skip(at) {
                self.index[d] = Some(k);
            }
        }
    }
}

fn set_orders(g: &mut LGraph) {
    for r in 0..g.layers.len() {
        for (i, &v) in g.layers[r].iter().enumerate() {
            g.nodes[v].order = i;
        }
    }
}

/// Each node's subgraphs from outermost to innermost (a border node's own subgraph last).
fn cluster_paths(g: &LGraph) -> Vec<Vec<usize>> {
    g.nodes
        .iter()
        .map(|n| {
            let mut p = Vec::new();
            let mut c = n.cluster;
            while let Some(s) = c {
                p.push(s);
                c = g.clusters[s].parent;
            }
            p.reverse();
            p
        })
        .collect()
}

/// Mean position of a node's neighbours in the fixed rank (above when sweeping down).
fn barycenter(g: &LGraph, v: usize, downward: bool) -> Option<f64> {
    let adj = if downward { &g.up[v] } else { &g.down[v] };
    if adj.is_empty() || matches!(g.nodes[v].kind, Kind::Border { .. }) {
        return None;
    }
    let (mut sum, mut wsum) = (0.0, 0.0);
    for &(u, w) in adj {
        sum += w * g.nodes[u].order as f64;
        wsum += w;
    }
    (wsum > 0.0).then(|| sum / wsum)
}

/// One entry of a block: a node, or a nested subgraph's block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    Node(usize),
    Block(usize),
}

/// Sorts ranks block by block (see [`Arranger::arrange`]), with buffers reused across ranks.
struct Arranger {
    /// Each node's subgraphs, outermost first.
    paths: Vec<Vec<usize>>,
    seq: Sequences,
    /// The sort key of each node of the rank being arranged.
    key: Vec<Option<f64>>,
}

impl Arranger {
    fn new(g: &LGraph) -> Arranger {
        Arranger {
            paths: cluster_paths(g),
            seq: Sequences::new(g.clusters.len()),
            key: vec![None; g.nodes.len()],
        }
    }

    /// Sort a rank block by block: within each block, entries with a key by key (stable),
    /// entries without one stay where they were, sibling blocks in their shared order, border
    /// nodes at their block's ends. A block's key is the mean of its members' keys.
    fn arrange(&mut self, g: &LGraph, layer: &[usize], keys: &[Option<f64>]) -> Vec<usize> {
        for (&v, &k) in layer.iter().zip(keys) {
            self.key[v] = k;
        }
        let mut out = Vec::with_capacity(layer.len());
        self.sort_block(g, None, 0, layer, &mut out);
        out
    }

    fn sort_block(
        &mut self,
        g: &LGraph,
        block: Option<usize>,
        depth: usize,
        nodes: &[usize],
        out: &mut Vec<usize>,
    ) {
        let (mut left, mut right) = (None, None);
        // Entries in order of first appearance, with their nodes.
        let mut entries: Vec<(Entry, Vec<usize>)> = Vec::new();
        let mut block_entry: Vec<(usize, usize)> = Vec::new();
        for &v in nodes {
            if let Kind::Border { cluster, right: r } = g.nodes[v].kind {
                if Some(cluster) == block {
                    *(if r { &mut right } else { &mut left }) = Some(v);
                    continue;
                }
            }
            let p = &self.paths[v];
            if p.len() == depth {
                entries.push((Entry::Node(v), vec![v]));
            } else if let Some(&(_, i)) = block_entry.iter().find(|(c, _)| *c == p[depth]) {
                entries[i].1.push(v);
            } else {
                block_entry.push((p[depth], entries.len()));
                entries.push((Entry::Block(p[depth]), vec![v]));
            }
        }
        let mut keys: Vec<Option<f64>> = entries
            .iter()
            .map(|(e, vs)| match e {
                Entry::Node(v) => self.key[*v],
                Entry::Block(_) => {
                    let (sum, n) = vs
                        .iter()
                        .filter_map(|&v| self.key[v])
                        .fold((0.0, 0usize), |(s, n), k| (s + k, n + 1));
                    (n > 0).then(|| sum / n as f64)
                }
            })
            .collect();
        // A box's top and bottom (its title's place) go first: the title then sits as near the
        // middle as the edges entering the box leave room for, and never pushes them aside.
        let first = keys.iter().flatten().copied().fold(f64::INFINITY, f64::min);
        if first.is_finite() {
            for (k, (e, _)) in keys.iter_mut().zip(&entries) {
                if let (None, Entry::Node(v)) = (*k, e) {
                    if matches!(g.nodes[*v].kind, Kind::Top(_) | Kind::Bottom(_)) {
                        *k = Some(first - 1.0);
                    }
                }
            }
        }
        let mut sortable: Vec<(f64, usize)> = keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| k.map(|k| (k, i)))
            .collect();
        sortable.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut next_sorted = sortable.into_iter().map(|(_, i)| i);
        let mut placed: Vec<usize> = (0..entries.len())
            .map(|i| {
                if keys[i].is_some() {
                    next_sorted.next().expect("as many sorted as sortable")
                } else {
                    i
                }
            })
            .collect();
        // Sibling blocks in their shared order.
        let block_of = |i: usize| match entries[i].0 {
            Entry::Block(c) => Some(c),
            Entry::Node(_) => None,
        };
        let mut blocks: Vec<usize> = placed.iter().filter_map(|&i| block_of(i)).collect();
        if !blocks.is_empty() {
            self.seq.place(block, &mut blocks);
            let mut next_block = blocks.into_iter();
            for slot in placed.iter_mut() {
                if block_of(*slot).is_some() {
                    let c = next_block.next().expect("one block per block slot");
                    *slot = block_entry
                        .iter()
                        .find(|(d, _)| *d == c)
                        .expect("every block has an entry")
                        .1;
                }
            }
        }
        out.extend(left);
        for i in placed {
            match &entries[i] {
                (Entry::Node(v), _) => out.push(*v),
                (Entry::Block(c), vs) => self.sort_block(g, Some(*c), depth + 1, vs, out),
            }
        }
        out.extend(right);
    }
}

/// Crossings between ranks `r` and `r + 1` (accumulator tree, O(E log V)).
pub(crate) fn crossings_between(g: &LGraph, r: usize) -> usize {
    let lower_len = g.layers.get(r + 1).map_or(0, Vec::len);
    if lower_len == 0 {
        return 0;
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for &u in &g.layers[r] {
        for &(v, _) in &g.down[u] {
            pairs.push((g.nodes[u].order, g.nodes[v].order));
        }
    }
    pairs.sort_unstable();
    let mut first = 1;
    while first < lower_len {
        first <<= 1;
    }
    let mut tree = vec![0usize; 2 * first];
    let mut count = 0;
    for &(_, v) in &pairs {
        // Count earlier edges ending right of `v`: at each left child, its right sibling's total.
        let mut idx = v + first;
        tree[idx] += 1;
        while idx > 1 {
            if idx % 2 == 0 {
                count += tree[idx + 1];
            }
            idx /= 2;
            tree[idx] += 1;
        }
    }
    count
}

/// Crossings of the whole drawing.
pub(crate) fn total_crossings(g: &LGraph) -> usize {
    (0..g.layers.len().saturating_sub(1))
        .map(|r| crossings_between(g, r))
        .sum()
}

/// Crossings among the edges of `a` and `b` if `a` is left of `b` (both in one rank).
fn pair_crossings(g: &LGraph, a: usize, b: usize) -> usize {
    let mut c = 0;
    for adj in [&g.up, &g.down] {
        for &(x, _) in &adj[a] {
            for &(y, _) in &adj[b] {
                if g.nodes[x].order > g.nodes[y].order {
                    c += 1;
                }
            }
        }
    }
    c
}

/// Swap neighbouring siblings while that removes crossings.
fn transpose(g: &mut LGraph) {
    for _ in 0..4 {
        let mut improved = false;
        for r in 0..g.layers.len() {
            let len = g.layers[r].len();
            for i in 0..len.saturating_sub(1) {
                let (a, b) = (g.layers[r][i], g.layers[r][i + 1]);
                let (na, nb) = (&g.nodes[a], &g.nodes[b]);
                // Only plain siblings: neither a border nor in different blocks.
                if na.cluster != nb.cluster
                    || matches!(na.kind, Kind::Border { .. })
                    || matches!(nb.kind, Kind::Border { .. })
                {
                    continue;
                }
                if pair_crossings(g, b, a) < pair_crossings(g, a, b) {
                    g.layers[r].swap(i, i + 1);
                    g.nodes[a].order = i + 1;
                    g.nodes[b].order = i;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Direction;
    use crate::layout::build::{LNode, TitleSide};

    fn graph(layers: Vec<Vec<usize>>, edges: &[(usize, usize)]) -> LGraph {
        let n = layers.iter().map(Vec::len).sum();
        let mut nodes = Vec::new();
        for (r, l) in layers.iter().enumerate() {
            for (i, _) in l.iter().enumerate() {
                nodes.push(LNode {
                    kind: Kind::Node(nodes.len()),
                    w: 10.0,
                    h: 10.0,
                    rank: r as i32,
                    order: i,
                    x: 0.0,
                    y: 0.0,
                    cluster: None,
                    key: i as f64,
                    loops: crate::layout::measure::Size::default(),
                });
            }
        }
        let mut g = LGraph {
            dir: Direction::TB,
            nodes,
            redges: vec![],
            routes: vec![],
            clusters: vec![],
            node_of: Default::default(),
            layers,
            up: vec![vec![]; n],
            down: vec![vec![]; n],
            band_top: vec![],
            band_bottom: vec![],
            title_side: TitleSide::Top,
            labels: vec![],
        };
        for &(a, b) in edges {
            g.down[a].push((b, 1.0));
            g.up[b].push((a, 1.0));
        }
        g
    }

    #[test]
    fn crossing_count_of_known_bilayers() {
        // Two edges crossing once: 0->3, 1->2 with upper 0,1 and lower 2,3.
        let g = graph(vec![vec![0, 1], vec![2, 3]], &[(0, 3), (1, 2)]);
        assert_eq!(crossings_between(&g, 0), 1);
        // K3,3 in a fixed order crosses 9 times.
        let g = graph(
            vec![vec![0, 1, 2], vec![3, 4, 5]],
            &[
                (0, 3),
                (0, 4),
                (0, 5),
                (1, 3),
                (1, 4),
                (1, 5),
                (2, 3),
                (2, 4),
                (2, 5),
            ],
        );
        assert_eq!(crossings_between(&g, 0), 9);
    }

    #[test]
    fn sweeps_untangle_a_twisted_ladder() {
        // Upper 0,1,2 ; lower 3,4,5 ; edges 0->5, 1->4, 2->3 cross 3 times in the given order.
        let mut g = graph(
            vec![vec![0, 1, 2], vec![3, 4, 5]],
            &[(0, 5), (1, 4), (2, 3)],
        );
        assert_eq!(total_crossings(&g), 3);
        run(&mut g);
        assert_eq!(total_crossings(&g), 0);
    }
}
