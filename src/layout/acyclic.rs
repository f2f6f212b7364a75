//! Pass 2: break cycles the way the author wrote them.
//!
//! Pre: ranking edges as written (edges into and out of a subgraph attach to
//! its top border). Post: the ranking graph, nesting constraints included, is
//! acyclic; reversed edges are remembered (`RouteSpec::reversed`) so they are
//! drawn pointing the way they were written; an edge leaving a subgraph starts
//! at its bottom border.
//!
//! Method: Tarjan's strongly connected components, then in each component a
//! depth-first walk in model order (as ELK's `considerModelOrder` and dagre's
//! `dfs` acyclicer do): from the member written first, each node's edges in
//! the order they were written. Its back edges are reversed, so the first
//! written node of a cycle stays on top (`A --> B; B --> C; C --> B; C --> A`
//! keeps A, B, C top to bottom). Edges between components are never reversed,
//! so no edge runs against the flow unless it is on a cycle.

use super::build::{nesting_edges, Adj, Kind, LGraph, RouteKind};

/// Reverse a feedback arc set, attach subgraph edges to the right border, add nesting constraints.
pub(crate) fn run(g: &mut LGraph) {
    let n = g.nodes.len();
    let route_edges: Vec<usize> = (0..g.redges.len())
        .filter(|&e| g.redges[e].route.is_some())
        .collect();
    let out_adj = out_edges(g, route_edges.iter().copied());
    let comp = tarjan(n, &out_adj, &g.redges);
    // Group nodes by component; break cycles inside each.
    let mut by_comp: Vec<usize> = (0..n).collect();
    by_comp.sort_by_key(|&v| (comp[v], v));
    let mut position = vec![0usize; n];
    let mut seen = vec![false; n];
    for m in by_comp
        .chunk_by(|&a, &b| comp[a] == comp[b])
        .filter(|m| m.len() > 1)
    {
        for (i, v) in model_order(m, &comp, &out_adj, g, &mut seen)
            .into_iter()
            .enumerate()
        {
            position[v] = i;
        }
    }
    for &e in &route_edges {
        let (u, v) = (g.redges[e].from, g.redges[e].to);
        if comp[u] == comp[v] && position[u] > position[v] {
            flip(g, e);
        }
    }
    for &e in &route_edges {
        attach_to_borders(g, e);
    }
    nesting_edges(g);
    break_nesting_cycles(g);
    g.redges.retain(|e| e.from != usize::MAX);
    // Ranking edge indices moved: point routes at them again.
    for (i, e) in g.redges.iter().enumerate() {
        if let Some(r) = e.route {
            g.routes[r].kind = RouteKind::Ranked(i);
        }
    }
}

/// Cycles through nesting constraints (an edge from a subgraph into a subgraph above it, say):
/// take the edges on them out, then put each back as it is if that closes no cycle, else turned
/// round, else attached to the inside of its box (an edge whose other end the ranking keeps
/// beside the box), else — never seen — left out of the ranking and drawn straight. Between two
/// nodes one of the first two always fits, as the graph without the edge is acyclic.
fn break_nesting_cycles(g: &mut LGraph) {
    let n = g.nodes.len();
    let comp = tarjan(n, &out_edges(g, 0..g.redges.len()), &g.redges);
    let on_cycle: Vec<usize> = (0..g.redges.len())
        .filter(|&i| g.redges[i].route.is_some() && comp[g.redges[i].from] == comp[g.redges[i].to])
        .collect();
    if on_cycle.is_empty() {
        return;
    }
    let mut out_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.redges.iter().enumerate() {
        out_adj[e.from].push(i);
    }
    let mut out_now = vec![true; g.redges.len()];
    for &i in &on_cycle {
        out_now[i] = false;
    }
    for adj in &mut out_adj {
        adj.retain(|&i| out_now[i]);
    }
    let mut seen = vec![0u32; n];
    let mut stamp = 0u32;
    let mut reaches = |out_adj: &[Vec<usize>], g: &LGraph, from: usize, to: usize| -> bool {
        stamp += 1;
        let mut stack = vec![from];
        seen[from] = stamp;
        while let Some(v) = stack.pop() {
            if v == to {
                return true;
            }
            for &i in &out_adj[v] {
                let w = g.redges[i].to;
                if seen[w] != stamp {
                    seen[w] = stamp;
                    stack.push(w);
                }
            }
        }
        false
    };
    for e in on_cycle {
        // As it is; turned round; then from inside the box it leaves (under its title) or into
        // the box it enters (to its bottom edge, from inside).
        let (from, to) = (g.redges[e].from, g.redges[e].to);
        let inside_from = |v: usize| match g.nodes[v].kind {
            Kind::Bottom(s) => g.clusters[s].top,
            _ => v,
        };
        let inside_to = |v: usize| match g.nodes[v].kind {
            Kind::Top(s) => g.clusters[s].bottom,
            _ => v,
        };
        let turned = {
            let mut t = (to, from);
            if let Kind::Top(s) = g.nodes[t.0].kind {
                t.0 = g.clusters[s].bottom;
            }
            if let Kind::Bottom(s) = g.nodes[t.1].kind {
                t.1 = g.clusters[s].top;
            }
            t
        };
        let candidates = [
            (from, to, false),
            (turned.0, turned.1, true),
            (inside_from(from), to, false),
            (from, inside_to(to), false),
            (inside_from(from), inside_to(to), false),
        ];
        let fits = candidates
            .into_iter()
            .find(|&(a, b, _)| a != b && !reaches(&out_adj, g, b, a));
        match fits {
            Some((a, b, flipped)) => {
                if flipped {
                    flip(g, e);
                }
                let ed = &mut g.redges[e];
                ed.pinned |= (a, b) != (ed.from, ed.to) && !flipped;
                (ed.from, ed.to) = (a, b);
                out_adj[a].push(e);
            }
            None => {
                let route = g.redges[e]
                    .route
                    .expect("only route edges are on cycles here");
                g.routes[route].kind = RouteKind::Unranked { from, to };
                g.redges[e].route = None;
                g.redges[e].from = usize::MAX;
                g.redges[e].to = usize::MAX;
            }
        }
    }
}

/// An edge leaves a box from its bottom border and enters it at its top.
fn attach_to_borders(g: &mut LGraph, e: usize) {
    if g.redges[e].pinned {
        return;
    }
    if let Kind::Top(s) = g.nodes[g.redges[e].from].kind {
        g.redges[e].from = g.clusters[s].bottom;
    }
    if let Kind::Bottom(s) = g.nodes[g.redges[e].to].kind {
        g.redges[e].to = g.clusters[s].top;
    }
}

/// The given ranking edges by source node.
fn out_edges(g: &LGraph, edges: impl Iterator<Item = usize>) -> Adj {
    let pairs: Vec<(usize, usize)> = edges.map(|e| (g.redges[e].from, e)).collect();
    Adj::new(g.nodes.len(), &pairs)
}

fn flip(g: &mut LGraph, e: usize) {
    let ed = &mut g.redges[e];
    std::mem::swap(&mut ed.from, &mut ed.to);
    if let Some(r) = ed.route {
        g.routes[r].reversed = !g.routes[r].reversed;
    }
}

/// Strongly connected components (iterative Tarjan); returns each node's component id.
fn tarjan(n: usize, out_adj: &Adj, edges: &[super::build::REdge]) -> Vec<usize> {
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = call.last_mut() {
            if *i < out_adj.of(v).len() {
                let w = edges[out_adj.of(v)[*i] as usize].to;
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(p, _)) = call.last() {
                    low[p] = low[p].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

/// The depth-first order of one strongly connected component in model order: the walk starts
/// at the member written first and follows each node's edges in the order they were written.
/// Returns the members in reverse post-order: the edges pointing backwards in it are exactly the
/// walk's back edges, so the first written node stays on top and every edge keeps its direction
/// unless it closes a cycle.
fn model_order(
    members: &[usize],
    comp: &[usize],
    out_adj: &Adj,
    g: &LGraph,
    seen: &mut [bool],
) -> Vec<usize> {
    let c = comp[members[0]];
    let root = *members
        .iter()
        .min_by(|&&a, &&b| g.nodes[a].key.total_cmp(&g.nodes[b].key).then(a.cmp(&b)))
        .expect("a component has members");
    let mut post = Vec::with_capacity(members.len());
    let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
    seen[root] = true;
    while let Some(&mut (v, ref mut i)) = stack.last_mut() {
        if let Some(&e) = out_adj.of(v).get(*i) {
            *i += 1;
            let w = g.redges[e as usize].to;
            if comp[w] == c && !seen[w] {
                seen[w] = true;
                stack.push((w, 0));
            }
        } else {
            post.push(v);
            stack.pop();
        }
    }
    post.reverse();
    post
}

#[cfg(test)]
mod tests {
    use crate::layout::{layout, measure::FontMeasure, LayoutOptions};

    /// Node centres' y by id, top to bottom.
    fn ys(src: &str) -> Vec<(String, f64)> {
        let d = crate::parse_diagram(src).unwrap();
        let l = layout(&d, &LayoutOptions::default(), &FontMeasure::default());
        d.node_ids
            .iter()
            .map(|(id, &i)| {
                (
                    id.to_string(),
                    l.nodes[i.index()].as_ref().unwrap().center.y,
                )
            })
            .collect()
    }

    #[test]
    fn the_first_written_node_of_a_cycle_stays_on_top() {
        // Eades–Lin–Smyth would reverse B -> C (one edge) and put C on top; the author wrote A
        // first, and the walk in model order reverses C -> B and C -> A instead.
        let y = ys("flowchart TD\n A --> B\n B --> C\n C --> B\n C --> A");
        assert!(y[0].1 < y[1].1 && y[1].1 < y[2].1, "{y:?}");
        // Written the other way round, the other way round.
        let y = ys("flowchart TD\n C --> A\n A --> B\n B --> C\n C --> B");
        let at = |id: &str| y.iter().find(|(n, _)| n == id).unwrap().1;
        assert!(at("C") < at("A") && at("A") < at("B"), "{y:?}");
    }

    #[test]
    fn edges_off_cycles_keep_their_direction() {
        // D -> A enters the cycle from below it in the text; it is no back edge.
        let y = ys("flowchart TD\n A --> B\n B --> A\n D --> A");
        let at = |id: &str| y.iter().find(|(n, _)| n == id).unwrap().1;
        assert!(at("D") < at("A") && at("A") < at("B"), "{y:?}");
    }
}
