//! Pass 4: make every edge span exactly one rank.
//!
//! Pre: ranked nodes. Post: `layers[r]` lists every node of rank `r`; each
//! ranked edge is a chain of nodes one rank apart (`RouteSpec::chain`, upper end
//! first) whose middle node is its label (a label never sits on a node's rank);
//! each subgraph box has left and right border nodes in every rank it spans,
//! linked rank to rank; `up`/`down` hold the adjacency between neighbouring ranks;
//! every rank has its band (`band_top`, `band_bottom`) and every node its y.
//!
//! A dummy belongs to the deepest subgraph on its edge's way from one end to the
//! other whose rank span contains it (an edge leaving a subgraph runs inside it
//! down to the subgraph's bottom, then outside), so edges cross subgraph borders
//! at their top and bottom rather than through their sides.

use super::build::{Adj, Kind, LGraph, LNode, RouteKind};
use super::measure::Size;
use super::LayoutOptions;

/// Build layers, dummy chains, border chains and adjacency.
pub(crate) fn run(g: &mut LGraph, opts: &LayoutOptions) {
    let ranks = g.nodes.iter().map(|n| n.rank).max().map_or(0, |m| m + 1) as usize;
    let span = |g: &LGraph, s: usize| {
        (
            g.nodes[g.clusters[s].top].rank,
            g.nodes[g.clusters[s].bottom].rank,
        )
    };
    // Subgraph ancestry (each box and those around it, innermost first), for the way each
    // edge goes.
    let chains: Vec<Vec<usize>> = (0..g.clusters.len())
        .map(|s| {
            let mut v = vec![s];
            while let Some(p) = g.clusters[*v.last().expect("starts with s")].parent {
                v.push(p);
            }
            v
        })
        .collect();
    let ancestors = |c: Option<usize>| -> &[usize] { c.map_or(&[], |s| &chains[s]) };
    let cluster_of = |g: &LGraph, v: usize| match g.nodes[v].kind {
        // A top/bottom border stands for its subgraph: edges to it leave from inside.
        Kind::Top(s) | Kind::Bottom(s) => Some(s),
        _ => g.nodes[v].cluster,
    };
    let mut adjacency: Vec<(usize, usize, f64)> = Vec::new();
    let mut loop_labels: std::collections::BTreeMap<usize, Vec<Size>> = Default::default();
    for r in 0..g.routes.len() {
        let RouteKind::Ranked(e) = g.routes[r].kind else {
            if let RouteKind::SelfLoop(v) = g.routes[r].kind {
                loop_labels
                    .entry(v)
                    .or_default()
                    .push(g.routes[r].label_size);
            }
            continue;
        };
        let (from, to) = (g.redges[e].from, g.redges[e].to);
        let (r0, r1) = (g.nodes[from].rank, g.nodes[to].rank);
        let up_path = ancestors(cluster_of(g, from));
        let down_path = ancestors(cluster_of(g, to));
        // The lowest common ancestor: the deepest subgraph in both paths.
        let lca = up_path.iter().find(|s| down_path.contains(s)).copied();
        let has_label = g.routes[r].label_size.w > 0.0;
        // The label goes in the middle of the stretch outside the boxes the edge leaves and
        // enters, if it has one; else in the middle.
        let left_box = up_path
            .iter()
            .take_while(|&&s| Some(s) != lca)
            .map(|&s| span(g, s).1)
            .max()
            .unwrap_or(r0)
            .max(r0);
        let entered_box = down_path
            .iter()
            .take_while(|&&s| Some(s) != lca)
            .map(|&s| span(g, s).0)
            .min()
            .unwrap_or(r1)
            .min(r1);
        let mid = if entered_box - left_box >= 2 {
            left_box + (entered_box - left_box) / 2
        } else {
            r0 + (r1 - r0) / 2
        };
        let key = g.nodes[from].key;
        let mut chain = Vec::with_capacity((r1 - r0 + 1) as usize);
        chain.push(from);
        for rank in r0 + 1..r1 {
            // Inside the source's subgraphs while within their span, then the target's.
            // Paths run deepest first: the first subgraph whose span holds the rank is the innermost.
            let owner = up_path
                .iter()
                .take_while(|&&s| Some(s) != lca)
                .find(|&&s| rank <= span(g, s).1)
                .or_else(|| {
                    down_path
                        .iter()
                        .take_while(|&&s| Some(s) != lca)
                        .find(|&&s| rank >= span(g, s).0)
                })
                .copied()
                .or(lca);
            let (kind, size) = if has_label && rank == mid {
                (Kind::Label(r), g.routes[r].label_size)
            } else {
                (Kind::Dummy(r), Size::default())
            };
            let id = g.nodes.len();
            let mut n = LNode {
                kind,
                w: size.w,
                h: size.h,
                rank,
                order: 0,
                x: 0.0,
                y: 0.0,
                cluster: owner,
                key,
                loops: Size::default(),
            };
            n.rank = rank;
            g.nodes.push(n);
            if kind == Kind::Label(r) {
                g.routes[r].label_node = Some(id);
            }
            chain.push(id);
        }
        chain.push(to);
        for w in chain.windows(2) {
            adjacency.push((w[0], w[1], 1.0));
        }
        g.routes[r].chain = chain;
    }
    for (v, labels) in loop_labels {
        g.nodes[v].loops = super::route::loops_room(&labels);
    }
    // Left and right borders of every box, in every rank it spans.
    for s in 0..g.clusters.len() {
        if !g.clusters[s].active {
            continue;
        }
        let (lo, hi) = span(g, s);
        let key = g.nodes[g.clusters[s].top].key;
        for right in [false, true] {
            let mut prev = None;
            for rank in lo..=hi {
                let id = g.nodes.len();
                g.nodes.push(LNode {
                    kind: Kind::Border { cluster: s, right },
                    w: 0.0,
                    h: 0.0,
                    rank,
                    order: 0,
                    x: 0.0,
                    y: 0.0,
                    cluster: Some(s),
                    key,
                    loops: Size::default(),
                });
                if let Some(p) = prev {
                    adjacency.push((p, id, 1.0));
                }
                prev = Some(id);
            }
        }
    }
    let n = g.nodes.len();
    let down: Vec<(usize, usize)> = adjacency.iter().map(|&(a, b, _)| (a, b)).collect();
    let up: Vec<(usize, usize)> = adjacency.iter().map(|&(a, b, _)| (b, a)).collect();
    g.down = Adj::new(n, &down);
    g.up = Adj::new(n, &up);
    g.layers = vec![Vec::new(); ranks];
    for v in 0..n {
        g.layers[g.nodes[v].rank as usize].push(v);
    }
    super::position::bands(g, opts);
}
