//! Pass 3: ranks by network simplex (Gansner, Koutsofios, North, Vo 1993).
//!
//! Pre: an acyclic ranking graph. Post: every node has a rank ≥ 0 with
//! `rank(to) ≥ rank(from) + minlen` for every constraint, total weighted edge
//! length minimal (or, on huge graphs, as small as a bounded amount of work
//! reached), each connected component starting at rank 0, and every subgraph's
//! top and bottom borders pulled tight around its members.
//!
//! The feasible tree is grown from a longest-path ranking; the non-tree edge of
//! least slack is found with two heaps whose keys stay valid while the tree is
//! shifted (one offset per direction), so growing the tree is O(E log E).

use super::build::{Kind, LGraph};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A constraint of one component (local node indices; parallel constraints merged).
#[derive(Clone, Copy, Debug)]
struct Edge {
    u: usize,
    v: usize,
    minlen: i32,
    weight: f64,
}

/// Rank every node.
pub(crate) fn run(g: &mut LGraph) {
    let n = g.nodes.len();
    // Connected components (union-find over constraints).
    let mut uf: Vec<usize> = (0..n).collect();
    fn find(uf: &mut [usize], mut x: usize) -> usize {
        while uf[x] != x {
            uf[x] = uf[uf[x]];
            x = uf[x];
        }
        x
    }
    for e in &g.redges {
        let (a, b) = (find(&mut uf, e.from), find(&mut uf, e.to));
        if a != b {
            uf[a.max(b)] = a.min(b);
        }
    }
    let mut comp_of = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        let r = find(&mut uf, v);
        if comp_of[r] == usize::MAX {
            comp_of[r] = comps.len();
            comps.push(Vec::new());
        }
        comp_of[v] = comp_of[r];
        comps[comp_of[v]].push(v);
    }
    let mut local = vec![0usize; n];
    for c in &comps {
        for (i, &v) in c.iter().enumerate() {
            local[v] = i;
        }
    }
    let mut comp_edges: Vec<Vec<Edge>> = vec![Vec::new(); comps.len()];
    for e in &g.redges {
        let c = comp_of[e.from];
        comp_edges[c].push(Edge {
            u: local[e.from],
            v: local[e.to],
            minlen: e.minlen,
            weight: e.weight,
        });
    }
    for (c, nodes) in comps.iter().enumerate() {
        let edges = merge_parallel(std::mem::take(&mut comp_edges[c]));
        let ranks = network_simplex(nodes.len(), &edges);
        let min = ranks.iter().copied().min().unwrap_or(0);
        for (i, &v) in nodes.iter().enumerate() {
            g.nodes[v].rank = ranks[i] - min;
        }
    }
    tighten_borders(g);
}

/// One constraint per ordered pair: the largest minlen, the summed weight.
fn merge_parallel(mut edges: Vec<Edge>) -> Vec<Edge> {
    edges.sort_by_key(|e| (e.u, e.v));
    let mut out: Vec<Edge> = Vec::with_capacity(edges.len());
    for e in edges {
        match out.last_mut() {
            Some(l) if l.u == e.u && l.v == e.v => {
                l.minlen = l.minlen.max(e.minlen);
                l.weight += e.weight;
            }
            _ => out.push(e),
        }
    }
    out
}

/// Pull each box's top border down and bottom border up as far as their constraints allow
/// (to just around the contents, unless an edge needs room), inside out.
fn tighten_borders(g: &mut LGraph) {
    let mut order: Vec<usize> = (0..g.clusters.len())
        .filter(|&s| g.clusters[s].active)
        .collect();
    order.sort_by_key(|&s| Reverse(g.clusters[s].depth));
    // Constraints leaving each top border and entering each bottom border.
    let mut below_top: Vec<Vec<usize>> = vec![Vec::new(); g.clusters.len()];
    let mut above_bottom: Vec<Vec<usize>> = vec![Vec::new(); g.clusters.len()];
    for (i, e) in g.redges.iter().enumerate() {
        if let Kind::Top(s) = g.nodes[e.from].kind {
            below_top[s].push(i);
        }
        if let Kind::Bottom(s) = g.nodes[e.to].kind {
            above_bottom[s].push(i);
        }
    }
    for s in order {
        let (top, bottom) = (g.clusters[s].top, g.clusters[s].bottom);
        let lowest = below_top[s]
            .iter()
            .map(|&i| g.nodes[g.redges[i].to].rank - g.redges[i].minlen)
            .min();
        if let Some(r) = lowest {
            g.nodes[top].rank = g.nodes[top].rank.max(r);
        }
        let highest = above_bottom[s]
            .iter()
            .map(|&i| g.nodes[g.redges[i].from].rank + g.redges[i].minlen)
            .max();
        if let Some(r) = highest {
            g.nodes[bottom].rank = g.nodes[bottom].rank.min(r);
        }
    }
}

/// Slack of a constraint under `rank`.
fn slack(e: &Edge, rank: &[i32]) -> i32 {
    rank[e.v] - rank[e.u] - e.minlen
}

/// Optimal (or budget-bounded) ranks of one connected component.
fn network_simplex(n: usize, edges: &[Edge]) -> Vec<i32> {
    if n == 0 {
        return Vec::new();
    }
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        inc[e.u].push(i);
        inc[e.v].push(i);
    }
    let mut rank = longest_path(n, edges, &inc);
    if edges.is_empty() {
        return rank;
    }
    let mut tree = feasible_tree(n, edges, &inc, &mut rank);
    // Work budget: iterations × (V + E) stays under ~4·10^7 element visits.
    let budget = (40_000_000 / (n + edges.len()).max(1)).max(50);
    tree.init(edges, &inc, 0);
    let mut search_from = 0;
    for _ in 0..budget {
        let Some(leave) = tree.leave_edge(edges, &mut search_from) else {
            break;
        };
        let Some(enter) = tree.enter_edge(edges, leave, &rank) else {
            break;
        };
        tree.exchange(edges, &inc, leave, enter, &mut rank);
    }
    rank
}

/// Ranks as low as their successors allow: sinks at 0, others `min(rank(succ) − minlen)`.
fn longest_path(n: usize, edges: &[Edge], inc: &[Vec<usize>]) -> Vec<i32> {
    let mut rank = vec![0i32; n];
    let mut done = vec![false; n];
    for root in 0..n {
        if done[root] {
            continue;
        }
        // Iterative post-order DFS over out-edges.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        done[root] = true;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            let out: Option<usize> = inc[v][*i..]
                .iter()
                .position(|&e| edges[e].u == v)
                .map(|k| *i + k);
            match out {
                Some(k) => {
                    *i = k + 1;
                    let w = edges[inc[v][k]].v;
                    if !done[w] {
                        done[w] = true;
                        stack.push((w, 0));
                    }
                }
                None => {
                    stack.pop();
                    let r = inc[v]
                        .iter()
                        .filter(|&&e| edges[e].u == v)
                        .map(|&e| rank[edges[e].v] - edges[e].minlen)
                        .min();
                    rank[v] = r.unwrap_or(0);
                }
            }
        }
    }
    rank
}

/// A spanning tree of tight edges, and the bookkeeping of the simplex.
struct Tree {
    in_tree: Vec<bool>,
    tree_adj: Vec<Vec<usize>>,
    parent: Vec<usize>,
    parent_edge: Vec<usize>,
    low: Vec<usize>,
    lim: Vec<usize>,
    cut: Vec<f64>,
    root: usize,
    /// Tree edges, for scanning.
    tree_edges: Vec<usize>,
}

/// Grow a tight spanning tree, shifting the tree's ranks to make the least-slack edge tight.
fn feasible_tree(n: usize, edges: &[Edge], inc: &[Vec<usize>], rank: &mut [i32]) -> Tree {
    let mut in_tree_node = vec![false; n];
    let mut in_tree = vec![false; edges.len()];
    let mut tree_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut tree_edges = Vec::with_capacity(n.saturating_sub(1));
    // Tree nodes' true rank = rel + shift; non-tree nodes' rank is `rank`.
    let mut rel = vec![0i32; n];
    let mut shift = 0i32;
    // Edges with the tail in the tree: slack = key − shift; with the head in the tree: key + shift.
    let mut out_heap: BinaryHeap<Reverse<(i32, usize)>> = BinaryHeap::new();
    let mut in_heap: BinaryHeap<Reverse<(i32, usize)>> = BinaryHeap::new();
    let mut count = 0;
    let mut frontier: Vec<usize> = Vec::new();
    let add_node = |v: usize,
                    in_tree_node: &mut Vec<bool>,
                    rel: &mut Vec<i32>,
                    rank: &mut [i32],
                    shift: i32,
                    out_heap: &mut BinaryHeap<Reverse<(i32, usize)>>,
                    in_heap: &mut BinaryHeap<Reverse<(i32, usize)>>,
                    frontier: &mut Vec<usize>| {
        in_tree_node[v] = true;
        rel[v] = rank[v] - shift;
        for &e in &inc[v] {
            let ed = &edges[e];
            let other = if ed.u == v { ed.v } else { ed.u };
            if in_tree_node[other] {
                continue;
            }
            if ed.u == v {
                out_heap.push(Reverse((rank[ed.v] - rel[v] - ed.minlen, e)));
            } else {
                in_heap.push(Reverse((rel[v] - rank[ed.u] - ed.minlen, e)));
            }
        }
        frontier.push(v);
    };
    add_node(
        0,
        &mut in_tree_node,
        &mut rel,
        rank,
        shift,
        &mut out_heap,
        &mut in_heap,
        &mut frontier,
    );
    count += 1;
    loop {
        // Absorb everything reachable by tight edges.
        while let Some(v) = frontier.pop() {
            for &e in &inc[v] {
                let ed = edges[e];
                let other = if ed.u == v { ed.v } else { ed.u };
                if in_tree_node[other] {
                    continue;
                }
                let rv = rel[v] + shift;
                let tight = if ed.u == v {
                    rank[other] - rv == ed.minlen
                } else {
                    rv - rank[other] == ed.minlen
                };
                if tight {
                    in_tree[e] = true;
                    tree_adj[v].push(e);
                    tree_adj[other].push(e);
                    tree_edges.push(e);
                    add_node(
                        other,
                        &mut in_tree_node,
                        &mut rel,
                        rank,
                        shift,
                        &mut out_heap,
                        &mut in_heap,
                        &mut frontier,
                    );
                    count += 1;
                }
            }
        }
        if count == n {
            break;
        }
        // The least-slack edge leaving the tree (skipping stale entries).
        while out_heap
            .peek()
            .is_some_and(|Reverse((_, e))| in_tree_node[edges[*e].u] && in_tree_node[edges[*e].v])
        {
            out_heap.pop();
        }
        while in_heap
            .peek()
            .is_some_and(|Reverse((_, e))| in_tree_node[edges[*e].u] && in_tree_node[edges[*e].v])
        {
            in_heap.pop();
        }
        let out_best = out_heap.peek().map(|Reverse((k, e))| (k - shift, *e));
        let in_best = in_heap.peek().map(|Reverse((k, e))| (k + shift, *e));
        let (s, e, tail_in_tree) = match (out_best, in_best) {
            (Some(o), Some(i)) if o.0 <= i.0 => (o.0, o.1, true),
            (Some(o), None) => (o.0, o.1, true),
            (_, Some(i)) => (i.0, i.1, false),
            (None, None) => {
                unreachable!("a connected component always has an edge leaving a partial tree")
            }
        };
        // Move the tree so the edge becomes tight: down when it is the tail, up when the head.
        shift += if tail_in_tree { s } else { -s };
        let other = if tail_in_tree { edges[e].v } else { edges[e].u };
        let inner = if tail_in_tree { edges[e].u } else { edges[e].v };
        in_tree[e] = true;
        tree_adj[inner].push(e);
        tree_adj[other].push(e);
        tree_edges.push(e);
        add_node(
            other,
            &mut in_tree_node,
            &mut rel,
            rank,
            shift,
            &mut out_heap,
            &mut in_heap,
            &mut frontier,
        );
        count += 1;
    }
    for v in 0..n {
        rank[v] = rel[v] + shift;
    }
    Tree {
        in_tree,
        tree_adj,
        parent: vec![usize::MAX; n],
        parent_edge: vec![usize::MAX; n],
        low: vec![0; n],
        lim: vec![0; n],
        cut: vec![0.0; edges.len()],
        root: 0,
        tree_edges,
    }
}

impl Tree {
    /// Post-order numbers (`lim`), subtree minima (`low`), parents and cut values from `root`.
    fn init(&mut self, edges: &[Edge], inc: &[Vec<usize>], root: usize) {
        self.root = root;
        let order = self.low_lim(edges, root);
        for &v in &order {
            if v != root {
                let c = self.cut_value(edges, inc, v);
                self.cut[self.parent_edge[v]] = c;
            }
        }
    }

    /// Number the tree in post-order from `root`; returns nodes in post-order.
    fn low_lim(&mut self, edges: &[Edge], root: usize) -> Vec<usize> {
        let n = self.parent.len();
        let mut order = Vec::with_capacity(n);
        self.parent[root] = usize::MAX;
        self.parent_edge[root] = usize::MAX;
        let mut stack: Vec<(usize, usize, usize)> = vec![(root, 0, 1)];
        let mut next = 1;
        while let Some(&mut (v, ref mut i, low)) = stack.last_mut() {
            if *i < self.tree_adj[v].len() {
                let e = self.tree_adj[v][*i];
                *i += 1;
                let w = if edges[e].u == v {
                    edges[e].v
                } else {
                    edges[e].u
                };
                if e != self.parent_edge[v] {
                    self.parent[w] = v;
                    self.parent_edge[w] = e;
                    stack.push((w, 0, next));
                }
            } else {
                stack.pop();
                self.low[v] = low;
                self.lim[v] = next;
                next += 1;
                order.push(v);
            }
        }
        order
    }

    /// The cut value of the tree edge from `child` to its parent (children's values known).
    fn cut_value(&self, edges: &[Edge], inc: &[Vec<usize>], child: usize) -> f64 {
        let parent = self.parent[child];
        let pe = self.parent_edge[child];
        let child_is_tail = edges[pe].u == child;
        let mut cut = edges[pe].weight;
        for &e in &inc[child] {
            if e == pe {
                continue;
            }
            let is_out = edges[e].u == child;
            let other = if is_out { edges[e].v } else { edges[e].u };
            if other == parent {
                continue;
            }
            let points_to_head = is_out == child_is_tail;
            let w = edges[e].weight;
            cut += if points_to_head { w } else { -w };
            if self.in_tree[e] {
                cut += if points_to_head {
                    -self.cut[e]
                } else {
                    self.cut[e]
                };
            }
        }
        cut
    }

    /// A tree edge with negative cut value, searched round-robin from the last one.
    fn leave_edge(&self, _edges: &[Edge], from: &mut usize) -> Option<usize> {
        let m = self.tree_edges.len();
        for k in 0..m {
            let i = (*from + k) % m;
            let e = self.tree_edges[i];
            if self.cut[e] < -1e-9 {
                *from = i + 1;
                return Some(e);
            }
        }
        None
    }

    fn is_descendant(&self, v: usize, root: usize) -> bool {
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    /// The non-tree edge of least slack that reconnects the two halves the leaving edge separates.
    fn enter_edge(&self, edges: &[Edge], leave: usize, rank: &[i32]) -> Option<usize> {
        let (v, w) = (edges[leave].u, edges[leave].v);
        let (tail, flip) = if self.lim[v] > self.lim[w] {
            (w, true)
        } else {
            (v, false)
        };
        let mut best: Option<(i32, usize)> = None;
        for (i, e) in edges.iter().enumerate() {
            if self.in_tree[i] {
                continue;
            }
            if flip == self.is_descendant(e.u, tail) && flip != self.is_descendant(e.v, tail) {
                let s = slack(e, rank);
                if best.is_none_or(|(b, _)| s < b) {
                    best = Some((s, i));
                }
            }
        }
        best.map(|(_, i)| i)
    }

    /// Swap the leaving edge for the entering one; re-rank along the tree; recompute numbering and cut values.
    fn exchange(
        &mut self,
        edges: &[Edge],
        inc: &[Vec<usize>],
        leave: usize,
        enter: usize,
        rank: &mut [i32],
    ) {
        self.in_tree[leave] = false;
        for end in [edges[leave].u, edges[leave].v] {
            self.tree_adj[end].retain(|&e| e != leave);
        }
        self.in_tree[enter] = true;
        self.tree_adj[edges[enter].u].push(enter);
        self.tree_adj[edges[enter].v].push(enter);
        if let Some(slot) = self.tree_edges.iter_mut().find(|e| **e == leave) {
            *slot = enter;
        }
        let root = self.root;
        let order = self.low_lim(edges, root);
        // Ranks from the root down (pre-order = reverse post-order).
        for &v in order.iter().rev() {
            if v == root {
                continue;
            }
            let (p, pe) = (self.parent[v], self.parent_edge[v]);
            let e = &edges[pe];
            rank[v] = if e.u == v {
                rank[p] - e.minlen
            } else {
                rank[p] + e.minlen
            };
        }
        for &v in &order {
            if v != root {
                let c = self.cut_value(edges, inc, v);
                self.cut[self.parent_edge[v]] = c;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(u: usize, v: usize, minlen: i32, weight: f64) -> Edge {
        Edge {
            u,
            v,
            minlen,
            weight,
        }
    }

    fn check(edges: &[Edge], rank: &[i32]) {
        for ed in edges {
            assert!(
                rank[ed.v] - rank[ed.u] >= ed.minlen,
                "{ed:?} violated: {rank:?}"
            );
        }
    }

    fn cost(edges: &[Edge], rank: &[i32]) -> f64 {
        edges
            .iter()
            .map(|ed| ed.weight * (rank[ed.v] - rank[ed.u]) as f64)
            .sum()
    }

    #[test]
    fn ranks_respect_min_len() {
        // a -> b (minlen 3), b -> c, a -> c.
        let edges = [e(0, 1, 3, 1.0), e(1, 2, 1, 1.0), e(0, 2, 1, 1.0)];
        let r = network_simplex(3, &edges);
        check(&edges, &r);
        assert_eq!((r[1] - r[0], r[2] - r[1]), (3, 1));
    }

    #[test]
    fn simplex_shortens_edges_longest_path_leaves_long() {
        // The classic: longest path puts `d` at the bottom next to `e`, making a -> d long.
        // a->b->c->e, a->d, d->e? no: d is a source-to-sink side branch.
        let edges = [
            e(0, 1, 1, 1.0),
            e(1, 2, 1, 1.0),
            e(2, 3, 1, 1.0),
            e(0, 4, 1, 1.0),
            e(4, 5, 1, 1.0),
        ];
        let r = network_simplex(6, &edges);
        check(&edges, &r);
        // Optimal: every edge has length 1 (cost 5).
        assert_eq!(cost(&edges, &r), 5.0);
    }

    #[test]
    fn gansner_example_is_optimal() {
        // The graph of Fig. 2-1 of the 1993 paper (a..h); optimal total length 10.
        let (a, b, c, d, e_, f, g, h) = (0, 1, 2, 3, 4, 5, 6, 7);
        let edges = [
            e(a, b, 1, 1.0),
            e(b, c, 1, 1.0),
            e(c, d, 1, 1.0),
            e(d, h, 1, 1.0),
            e(a, e_, 1, 1.0),
            e(a, f, 1, 1.0),
            e(e_, g, 1, 1.0),
            e(f, g, 1, 1.0),
            e(g, h, 1, 1.0),
        ];
        let r = network_simplex(8, &edges);
        check(&edges, &r);
        assert_eq!(cost(&edges, &r), 10.0);
    }

    #[test]
    fn weights_pull_heavy_edges_short() {
        // a->c heavy; a->b->c light: c should sit right below... a->c needs length 2 anyway.
        let edges = [
            e(0, 1, 1, 1.0),
            e(1, 2, 1, 1.0),
            e(0, 2, 1, 5.0),
            e(2, 3, 1, 1.0),
            e(0, 3, 1, 1.0),
        ];
        let r = network_simplex(4, &edges);
        check(&edges, &r);
        assert_eq!(r[2] - r[0], 2);
        assert_eq!(r[3] - r[2], 1);
    }
}
