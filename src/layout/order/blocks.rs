//! Block constraints of an order: every subgraph's nodes contiguous in every rank between its
//! left and right side, nested blocks inside their parents', sibling blocks in one order in
//! every rank. [`Arranger::arrange`] sorts a rank by keys under these constraints.

use crate::layout::build::{Kind, LGraph};

/// The left-to-right order of sibling subgraphs, one per parent, shared by all ranks so that
/// sibling boxes never interleave. Built as ranks are arranged: the first rank holding two
/// siblings decides their order.
pub(super) struct Sequences {
    /// Sequenced children of each parent (index 0: the top level, `s + 1`: subgraph `s`).
    order: Vec<Vec<usize>>,
    /// Each subgraph's index in its parent's sequence, if sequenced.
    pub(super) index: Vec<Option<usize>>,
}

impl Sequences {
    fn new(n_clusters: usize) -> Sequences {
        Sequences {
            order: vec![Vec::new(); n_clusters + 1],
            index: vec![None; n_clusters],
        }
    }

    pub(super) fn reset(&mut self) {
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
pub(super) struct Paths {
    /// By subgraph: it and its ancestors, outermost first.
    chain: Vec<Vec<usize>>,
    /// By node: its innermost subgraph.
    inner: Vec<Option<usize>>,
}

impl Paths {
    pub(super) fn new(g: &LGraph) -> Paths {
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

    pub(super) fn of(&self, v: usize) -> &[usize] {
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
pub(super) struct Arranger {
    /// Each node's subgraphs, outermost first.
    pub(super) paths: Paths,
    pub(super) seq: Sequences,
    /// The sort key of each node of the rank being arranged.
    pub(super) key: Vec<Option<f64>>,
    /// Scratch buffers (per nesting depth for the blocks).
    scratch: Vec<Scratch>,
    out: Vec<usize>,
    inner: Vec<usize>,
    keyed: Vec<(f64, usize)>,
}

impl Arranger {
    pub(super) fn new(g: &LGraph) -> Arranger {
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
    pub(super) fn arrange(&mut self, g: &LGraph, layer: &mut Vec<usize>) -> bool {
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
