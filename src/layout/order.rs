//! Pass 5: order the nodes within each rank to reduce edge crossings.
//!
//! Pre: layers and adjacency from normalisation. Post: `layers[r]` in final
//! order and `LNode::order` set; in every rank each subgraph's nodes form one
//! contiguous block between its left and right border nodes, nested blocks
//! inside their parents'.
//!
//! Method: start from the source order (a drawing that needs no reordering
//! keeps the order its author wrote); then alternate down and up sweeps that
//! sort each rank by the weighted median of its neighbours' positions in the fixed rank, block by
//! block; after each sweep, transpose adjacent siblings while that removes
//! crossings; count crossings exactly (Barth, Jünger, Mutzel 2004) and keep the
//! best order seen.

use super::build::{Adj, Kind, LGraph};

/// Sweeps at most; stop earlier after this many sweeps without improvement.
const MAX_SWEEPS: usize = 24;
const PATIENCE: usize = 4;
/// Rounds of transposition after each sweep, at most.
const TRANSPOSE_ROUNDS: usize = 4;

/// Graphs of this many layered nodes and up to the second many also try a second start (see
/// [`run`]): on small diagrams the author's order is as good a start, on huge ones time is short.
const SECOND_START: std::ops::RangeInclusive<usize> = 200..=20_000;

/// Order every rank.
pub(crate) fn run(g: &mut LGraph) {
    let mut arranger = Arranger::new(g);
    let mut st = State::new(g);
    // First from the source order, so a drawing that needs no reordering keeps it.
    let source: Vec<f64> = g.nodes.iter().map(|n| n.key).collect();
    let (mut best, mut best_cc) = sweeps(g, &mut arranger, &mut st, &source);
    // Then, if that leaves crossings, from a depth-first order, which puts neighbours side by
    // side (as Graphviz starts); the better result stays, the source order on a tie.
    if best_cc > 0 && SECOND_START.contains(&g.nodes.len()) {
        let dfs = depth_first_keys(g);
        let (pos, cc) = sweeps(g, &mut arranger, &mut st, &dfs);
        if cc < best_cc {
            (best, best_cc) = (pos, cc);
        }
    }
    let _ = best_cc;
    for layer in &mut g.layers {
        layer.sort_by_key(|&v| best[v]);
        for (i, &v) in layer.iter().enumerate() {
            g.nodes[v].order = i;
        }
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

/// Sweep from the initial order `initial` gives (by node); the best layering seen and its
/// crossings.
fn sweeps(
    g: &mut LGraph,
    arranger: &mut Arranger,
    st: &mut State,
    initial: &[f64],
) -> (Vec<u32>, usize) {
    let n_layers = g.layers.len();
    for r in 0..n_layers {
        let mut layer = std::mem::take(&mut g.layers[r]);
        layer.sort_by(|&a, &b| initial[a].total_cmp(&initial[b]).then(a.cmp(&b)));
        for &v in &layer {
            arranger.key[v] =
                (!matches!(g.nodes[v].kind, Kind::Top(_) | Kind::Bottom(_))).then_some(initial[v]);
        }
        arranger.seq.reset();
        arranger.arrange(g, &mut layer);
        st.place(&layer);
        g.layers[r] = layer;
    }
    // The best order seen, as each node's position.
    let mut best = st.pos.clone();
    let mut best_cc = st.total_crossings(&g.layers);
    let (mut stale, mut still) = (0, 0);
    // Fingerprints of the orders after the last two sweeps, to notice a two-sweep cycle (the
    // downward and upward sweeps undoing each other), which would only repeat until patience
    // ran out.
    let mut seen = [fingerprint(&st.pos), 0];
    for sweep in 0..MAX_SWEEPS {
        // Stop at no crossings, or at a fixed point (a sweep each way changed nothing).
        if best_cc == 0 || n_layers < 2 || still >= 2 {
            break;
        }
        let mut changed = false;
        let downward = sweep % 2 == 0;
        let fixed = if downward { 0 } else { n_layers - 1 };
        // Sibling blocks keep one order in every rank; this sweep decides it afresh, starting
        // from the rank it does not move.
        arranger.seq.reset();
        let mut layer = std::mem::take(&mut g.layers[fixed]);
        for (i, &v) in layer.iter().enumerate() {
            arranger.key[v] = Some(i as f64);
        }
        changed |= arranger.arrange(g, &mut layer);
        st.place(&layer);
        g.layers[fixed] = layer;
        for k in 0..n_layers - 1 {
            let r = if downward { k + 1 } else { n_layers - 2 - k };
            let mut layer = std::mem::take(&mut g.layers[r]);
            for &v in &layer {
                arranger.key[v] = st.median(v, downward);
            }
            changed |= arranger.arrange(g, &mut layer);
            st.place(&layer);
            g.layers[r] = layer;
        }
        changed |= st.transpose(&mut g.layers);
        still = if changed { 0 } else { still + 1 };
        let now = fingerprint(&st.pos);
        let cycled = sweep >= 1 && now == seen[1];
        seen = [now, seen[0]];
        let cc = st.total_crossings(&g.layers);
        if cc < best_cc {
            best_cc = cc;
            best.copy_from_slice(&st.pos);
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
    (best, best_cc)
}

/// A 64-bit fingerprint of an order (FNV-1a over the positions), to recognise an order seen
/// before without keeping it.
fn fingerprint(pos: &[u32]) -> u64 {
    pos.iter().fold(0xcbf2_9ce4_8422_2325, |h, &p| {
        (h ^ u64::from(p)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the sweeps' hot loops read, kept compact: adjacency, each node's position in its rank,
/// which block it belongs to and whether it is a box side.
struct State {
    up: Adj,
    down: Adj,
    pos: Vec<u32>,
    block: Vec<u32>,
    side: Vec<bool>,
    /// Scratch for crossing counts, medians and transposition.
    pairs: Vec<(u32, u32)>,
    medians: Vec<f64>,
    dirty: Vec<bool>,
    next: Vec<bool>,
    tree: Vec<u32>,
}

impl State {
    fn new(g: &LGraph) -> State {
        State {
            up: g.up.clone(),
            down: g.down.clone(),
            pos: g.nodes.iter().map(|n| n.order as u32).collect(),
            block: g
                .nodes
                .iter()
                .map(|n| n.cluster.map_or(0, |c| c as u32 + 1))
                .collect(),
            side: g
                .nodes
                .iter()
                .map(|n| matches!(n.kind, Kind::Border { .. }))
                .collect(),
            pairs: Vec::new(),
            medians: Vec::new(),
            dirty: Vec::new(),
            next: Vec::new(),
            tree: Vec::new(),
        }
    }

    /// Record the positions of a rank's nodes.
    fn place(&mut self, layer: &[usize]) {
        for (i, &v) in layer.iter().enumerate() {
            self.pos[v] = i as u32;
        }
    }

    /// The weighted median position of a node's neighbours in the fixed rank (above when
    /// sweeping down), as Gansner et al. define it: the middle one; for an even count, between
    /// the two middle ones, leaning to the side whose positions lie closer together. Box sides
    /// have none (their block places them).
    fn median(&mut self, v: usize, downward: bool) -> Option<f64> {
        let adj = if downward {
            self.up.of(v)
        } else {
            self.down.of(v)
        };
        if adj.is_empty() || self.side[v] {
            return None;
        }
        let at = |u: &u32| f64::from(self.pos[*u as usize]);
        match adj {
            [a] => return Some(at(a)),
            [a, b] => return Some((at(a) + at(b)) / 2.0),
            _ => {}
        }
        let mut p = std::mem::take(&mut self.medians);
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
        self.medians = p;
        Some(median)
    }

    /// Crossings between ranks `r` and `r + 1` (accumulator tree, O(E log V)).
    fn crossings_between(&mut self, layers: &[Vec<usize>], r: usize) -> usize {
        let lower_len = layers.get(r + 1).map_or(0, Vec::len);
        if lower_len == 0 {
            return 0;
        }
        self.pairs.clear();
        for &u in &layers[r] {
            for &v in self.down.of(u) {
                self.pairs.push((self.pos[u], self.pos[v as usize]));
            }
        }
        self.pairs.sort_unstable();
        let first = lower_len.next_power_of_two();
        self.tree.clear();
        self.tree.resize(2 * first, 0);
        let mut count = 0usize;
        for &(_, v) in &self.pairs {
            // Count earlier edges ending right of `v`: at each left child, its right sibling's total.
            let mut idx = v as usize + first;
            self.tree[idx] += 1;
            while idx > 1 {
                if idx % 2 == 0 {
                    count += self.tree[idx + 1] as usize;
                }
                idx /= 2;
                self.tree[idx] += 1;
            }
        }
        count
    }

    /// Crossings of the whole drawing.
    fn total_crossings(&mut self, layers: &[Vec<usize>]) -> usize {
        (0..layers.len().saturating_sub(1))
            .map(|r| self.crossings_between(layers, r))
            .sum()
    }

    /// Crossings among the edges of `a` and `b` with `a` left of `b`, and with `b` left of `a`
    /// (both in one rank).
    fn pair_crossings(&self, a: usize, b: usize) -> (usize, usize) {
        let (mut ab, mut ba) = (0, 0);
        for adj in [&self.up, &self.down] {
            let nb = adj.of(b);
            for &x in adj.of(a) {
                let px = self.pos[x as usize];
                for &y in nb {
                    let py = self.pos[y as usize];
                    ab += usize::from(px > py);
                    ba += usize::from(px < py);
                }
            }
        }
        (ab, ba)
    }

    /// Swap neighbouring siblings while that removes crossings, revisiting only ranks next to a
    /// change. Says whether it swapped any.
    fn transpose(&mut self, layers: &mut [Vec<usize>]) -> bool {
        let mut any = false;
        let n = layers.len();
        let (mut dirty, mut next) = (
            std::mem::take(&mut self.dirty),
            std::mem::take(&mut self.next),
        );
        dirty.clear();
        dirty.resize(n, true);
        for _ in 0..TRANSPOSE_ROUNDS {
            next.clear();
            next.resize(n, false);
            let mut improved = false;
            for r in (0..n).filter(|&r| dirty[r]) {
                for i in 0..layers[r].len().saturating_sub(1) {
                    let (a, b) = (layers[r][i], layers[r][i + 1]);
                    // Only plain siblings: neither a box side nor in different blocks.
                    if self.block[a] != self.block[b] || self.side[a] || self.side[b] {
                        continue;
                    }
                    let (now, swapped) = self.pair_crossings(a, b);
                    if swapped < now {
                        layers[r].swap(i, i + 1);
                        self.pos[a] = i as u32 + 1;
                        self.pos[b] = i as u32;
                        improved = true;
                        next[r] = true;
                        if r > 0 {
                            next[r - 1] = true;
                        }
                        if r + 1 < n {
                            next[r + 1] = true;
                        }
                    }
                }
            }
            if !improved {
                break;
            }
            any = true;
            std::mem::swap(&mut dirty, &mut next);
        }
        (self.dirty, self.next) = (dirty, next);
        any
    }
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

/// Each node's subgraphs from outermost to innermost (a border node's own subgraph last), as
/// the path of its innermost one.
struct Paths {
    /// By subgraph: it and its ancestors, outermost first.
    chain: Vec<Vec<usize>>,
    /// By node: its innermost subgraph.
    inner: Vec<Option<usize>>,
}

impl Paths {
    fn new(g: &LGraph) -> Paths {
        let chain = (0..g.clusters.len())
            .map(|s| {
                let mut p = vec![s];
                while let Some(q) = g.clusters[*p.last().expect("starts with s")].parent {
                    p.push(q);
                }
                p.reverse();
                p
            })
            .collect();
        Paths {
            chain,
            inner: g.nodes.iter().map(|n| n.cluster).collect(),
        }
    }

    fn of(&self, v: usize) -> &[usize] {
        self.inner[v].map_or(&[], |s| &self.chain[s])
    }
}

/// One entry of a block: a node, or a nested subgraph's block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    Node(usize),
    Block(usize),
}

/// Buffers for sorting one block.
#[derive(Default)]
struct Scratch {
    entries: Vec<Entry>,
    entry_of: Vec<u32>,
    start: Vec<usize>,
    members: Vec<usize>,
    fill: Vec<usize>,
    keys: Vec<Option<f64>>,
    sortable: Vec<(f64, usize)>,
    placed: Vec<usize>,
    blocks: Vec<usize>,
}

impl Scratch {
    fn clear(&mut self) {
        self.entries.clear();
        self.entry_of.clear();
        self.start.clear();
        self.members.clear();
        self.fill.clear();
        self.keys.clear();
        self.sortable.clear();
        self.placed.clear();
        self.blocks.clear();
    }
}

/// Sorts ranks block by block (see [`Arranger::arrange`]), with buffers reused across ranks.
struct Arranger {
    /// Each node's subgraphs, outermost first.
    paths: Paths,
    seq: Sequences,
    /// The sort key of each node of the rank being arranged.
    key: Vec<Option<f64>>,
    /// Scratch buffers (per nesting depth for the blocks).
    scratch: Vec<Scratch>,
    out: Vec<usize>,
    inner: Vec<usize>,
    keyed: Vec<(f64, usize)>,
}

impl Arranger {
    fn new(g: &LGraph) -> Arranger {
        Arranger {
            paths: Paths::new(g),
            seq: Sequences::new(g.clusters.len()),
            key: vec![None; g.nodes.len()],
            scratch: Vec::new(),
            out: Vec::new(),
            inner: Vec::new(),
            keyed: Vec::new(),
        }
    }

    /// Sort a rank block by block by the keys in `key`: within each block, entries with a key
    /// by key (stable), entries without one stay where they were, sibling blocks in their shared
    /// order, border nodes at their block's ends. A block's key is the mean of its members' keys.
    /// Says whether the order changed.
    fn arrange(&mut self, g: &LGraph, layer: &mut Vec<usize>) -> bool {
        let mut out = std::mem::take(&mut self.out);
        out.clear();
        self.sort_block(g, None, 0, layer, &mut out);
        let changed = out != *layer;
        std::mem::swap(layer, &mut out);
        self.out = out;
        changed
    }

    /// Append `nodes` to `out` sorted by key, unkeyed ones staying in their places.
    fn sort_flat(&mut self, nodes: &[usize], out: &mut Vec<usize>) {
        self.keyed.clear();
        self.keyed.extend(
            nodes
                .iter()
                .enumerate()
                .filter_map(|(i, &v)| self.key[v].map(|k| (k, i))),
        );
        self.keyed
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut next = self.keyed.iter().map(|&(_, i)| nodes[i]);
        out.extend(nodes.iter().map(|&v| {
            if self.key[v].is_some() {
                next.next().expect("as many keyed as sorted")
            } else {
                v
            }
        }));
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
        // No nested blocks: one sort between the block's sides.
        if nodes.iter().all(|&v| {
            self.paths.of(v).len() == depth
                || matches!(g.nodes[v].kind, Kind::Border { cluster, .. } if Some(cluster) == block)
        }) {
            let mut inner = std::mem::take(&mut self.inner);
            inner.clear();
            for &v in nodes {
                match g.nodes[v].kind {
                    Kind::Border {
                        right: true,
                        cluster,
                    } if Some(cluster) == block => right = Some(v),
                    Kind::Border {
                        right: false,
                        cluster,
                    } if Some(cluster) == block => left = Some(v),
                    _ => inner.push(v),
                }
            }
            // As below: a box's top and bottom go first.
            let first = inner
                .iter()
                .filter_map(|&v| self.key[v])
                .fold(f64::INFINITY, f64::min);
            for &v in &inner {
                if self.key[v].is_none()
                    && first.is_finite()
                    && matches!(g.nodes[v].kind, Kind::Top(_) | Kind::Bottom(_))
                {
                    self.key[v] = Some(first - 1.0);
                }
            }
            out.extend(left);
            self.sort_flat(&inner, out);
            out.extend(right);
            self.inner = inner;
            return;
        }
        // Scratch for this depth, reused across calls (none allocated once warm).
        if self.scratch.len() <= depth {
            self.scratch.resize_with(depth + 1, Scratch::default);
        }
        let mut sc = std::mem::take(&mut self.scratch[depth]);
        sc.clear();
        // Entries (nodes, nested blocks) in order of first appearance; their nodes grouped.
        for &v in nodes {
            if let Kind::Border { cluster, right: r } = g.nodes[v].kind {
                if Some(cluster) == block {
                    *(if r { &mut right } else { &mut left }) = Some(v);
                    sc.entry_of.push(u32::MAX);
                    continue;
                }
            }
            let p = self.paths.of(v);
            let e = if p.len() == depth {
                sc.entries.push(Entry::Node(v));
                sc.entries.len() - 1
            } else if let Some(i) = sc.entries.iter().position(|e| *e == Entry::Block(p[depth])) {
                i
            } else {
                sc.entries.push(Entry::Block(p[depth]));
                sc.entries.len() - 1
            };
            sc.entry_of.push(e as u32);
        }
        let m = sc.entries.len();
        sc.start.resize(m + 1, 0);
        for &e in sc.entry_of.iter().filter(|&&e| e != u32::MAX) {
            sc.start[e as usize + 1] += 1;
        }
        for i in 0..m {
            sc.start[i + 1] += sc.start[i];
        }
        sc.members.resize(sc.start[m], 0);
        sc.fill.extend_from_slice(&sc.start);
        for (&v, &e) in nodes.iter().zip(&sc.entry_of) {
            if e != u32::MAX {
                sc.members[sc.fill[e as usize]] = v;
                sc.fill[e as usize] += 1;
            }
        }
        for i in 0..m {
            let k = match sc.entries[i] {
                Entry::Node(v) => self.key[v],
                Entry::Block(_) => {
                    let group = &sc.members[sc.start[i]..sc.start[i + 1]];
                    let (sum, n) = group
                        .iter()
                        .filter_map(|&v| self.key[v])
                        .fold((0.0, 0usize), |(s, n), k| (s + k, n + 1));
                    (n > 0).then(|| sum / n as f64)
                }
            };
            sc.keys.push(k);
        }
        // A box's top and bottom (its title's place) go first: the title then sits as near the
        // middle as the edges entering the box leave room for, and never pushes them aside.
        let first = sc
            .keys
            .iter()
            .flatten()
            .copied()
            .fold(f64::INFINITY, f64::min);
        if first.is_finite() {
            for (k, e) in sc.keys.iter_mut().zip(&sc.entries) {
                if let (None, Entry::Node(v)) = (*k, e) {
                    if matches!(g.nodes[*v].kind, Kind::Top(_) | Kind::Bottom(_)) {
                        *k = Some(first - 1.0);
                    }
                }
            }
        }
        sc.sortable.extend(
            sc.keys
                .iter()
                .enumerate()
                .filter_map(|(i, k)| k.map(|k| (k, i))),
        );
        sc.sortable
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut next_sorted = sc.sortable.iter().map(|&(_, i)| i);
        for i in 0..m {
            sc.placed.push(if sc.keys[i].is_some() {
                next_sorted.next().expect("as many sorted as sortable")
            } else {
                i
            });
        }
        // Sibling blocks in their shared order.
        let block_of = |entries: &[Entry], i: usize| match entries[i] {
            Entry::Block(c) => Some(c),
            Entry::Node(_) => None,
        };
        sc.blocks
            .extend(sc.placed.iter().filter_map(|&i| block_of(&sc.entries, i)));
        if sc.blocks.len() > 1
            || sc
                .blocks
                .first()
                .is_some_and(|&c| self.seq.index[c].is_none())
        {
            self.seq.place(block, &mut sc.blocks);
            let mut next_block = sc.blocks.iter();
            for slot in sc.placed.iter_mut() {
                if block_of(&sc.entries, *slot).is_some() {
                    let c = *next_block.next().expect("one block per block slot");
                    *slot = sc
                        .entries
                        .iter()
                        .position(|e| *e == Entry::Block(c))
                        .expect("every block has an entry");
                }
            }
        }
        out.extend(left);
        for k in 0..m {
            let i = sc.placed[k];
            match sc.entries[i] {
                Entry::Node(v) => out.push(v),
                Entry::Block(c) => {
                    let (a, b) = (sc.start[i], sc.start[i + 1]);
                    let group = std::mem::take(&mut sc.members);
                    self.sort_block(g, Some(c), depth + 1, &group[a..b], out);
                    sc.members = group;
                }
            }
        }
        self.scratch[depth] = sc;
        out.extend(right);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crossings_between(g: &LGraph, r: usize) -> usize {
        State::new(g).crossings_between(&g.layers, r)
    }

    fn total_crossings(g: &LGraph) -> usize {
        State::new(g).total_crossings(&g.layers)
    }

    fn graph(layers: Vec<Vec<usize>>, edges: &[(usize, usize)]) -> LGraph {
        crate::layout::build::test_graph(layers, edges)
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
