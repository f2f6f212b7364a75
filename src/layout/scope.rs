//! Which subgraphs are laid out on their own, and in which direction (mermaid's rule).
//!
//! mermaid-js lays out a subgraph as a separate graph, placed in its parent as
//! one big node, when no edge joins something inside it to something outside
//! (edges to or from the subgraph itself do not count). Such a subgraph takes
//! its own `direction`; without one, it takes the other axis of the graph it
//! sits in (TB becomes LR, anything else TB). A subgraph that edges cross is
//! laid out with its parent, and its `direction` is ignored — unless
//! [`LayoutOptions::always_subgraph_direction`](super::LayoutOptions) is set. With
//! mermaid 12's ELK layout the subgraph holding both ends of such an edge (their lowest
//! common one) loses its own layout too ([`LayoutOptions::elk_hierarchy`](super::LayoutOptions)):
//! ELK lays out everything from each end up to it as one graph (`INCLUDE_CHILDREN`).
//!
//! Every part of the diagram is laid out in exactly one *scope*: the diagram
//! itself (`None`) or one of these separate subgraphs (`Some(s)`).

use crate::graph::{Diagram, Direction};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::NodeIndexable;

/// A scope: the whole diagram (`None`) or a subgraph laid out on its own.
pub(crate) type ScopeId = Option<usize>;

/// The scopes of a diagram.
pub(crate) struct Scopes {
    /// For each subgraph laid out on its own, its direction.
    pub own: Vec<Option<Direction>>,
    /// For each subgraph, the scope it is drawn in (as a box or, if laid out on its own, a node).
    pub sg_scope: Vec<ScopeId>,
    /// For each node index, the scope it is drawn in.
    pub node_scope: Vec<ScopeId>,
    /// Scopes, inner ones before the ones around them; the diagram last.
    pub order: Vec<ScopeId>,
    /// Each subgraph's earliest mentioned node, itself or inside it (for initial orders).
    pub first_mention: Vec<usize>,
    /// By scope slot ([`slot`]): the diagram nodes drawn there, in first-mention order.
    nodes_in: Vec<Vec<NodeIndex>>,
    /// By scope slot: the subgraphs drawn there, in the diagram's order.
    subgraphs_in: Vec<Vec<usize>>,
    /// By scope slot: the edges laid out there, in definition order.
    edges_in: Vec<Vec<EdgeIndex>>,
}

/// The lowest common ancestor of `a` and `b` in a forest (`None` is the root above all), given
/// each member's parent and depth; `passed` sees every member on the two ways up, below it.
fn lca(
    mut a: Option<usize>,
    mut b: Option<usize>,
    parent: impl Fn(usize) -> Option<usize>,
    depth: impl Fn(usize) -> usize,
    mut passed: impl FnMut(usize),
) -> Option<usize> {
    let d = |x: Option<usize>| x.map_or(0, |s| depth(s) + 1);
    while a != b {
        let (da, db) = (d(a), d(b));
        if da >= db {
            let s = a.expect("deeper than the root");
            passed(s);
            a = parent(s);
        }
        if db >= da {
            let s = b.expect("deeper than the root");
            passed(s);
            b = parent(s);
        }
    }
    a
}

/// The index of a scope in per-scope tables: 0 for the diagram, `s + 1` for subgraph `s`.
fn slot(scope: ScopeId) -> usize {
    scope.map_or(0, |s| s + 1)
}

impl Scopes {
    /// Apply the rule to a diagram.
    pub(crate) fn new(d: &Diagram, always_own_direction: bool, elk_hierarchy: bool) -> Scopes {
        let n_sg = d.subgraphs.len();
        let parent_of = |c: usize| d.subgraphs[c].parent;
        let depth = |mut s: usize| {
            let mut k = 0;
            while let Some(p) = parent_of(s) {
                k += 1;
                s = p;
            }
            k
        };
        let sg_depth: Vec<usize> = (0..n_sg).map(depth).collect();
        // The subgraphs around an edge end: a node's enclosing ones; a subgraph's outer ones.
        let around = |i: NodeIndex| {
            let n = &d.graph[i];
            match n.cluster {
                Some(s) => parent_of(s),
                None => n.parent,
            }
        };
        // An edge crosses the border of every subgraph around one end but not the other.
        let mut crossed = vec![false; n_sg];
        for (_, a, b, _) in d.edges() {
            let (pa, pb) = (around(a), around(b));
            let common = lca(pa, pb, parent_of, |s| sg_depth[s], |s| crossed[s] = true);
            if let (true, Some(c)) = (elk_hierarchy && pa != pb, common) {
                crossed[c] = true;
            }
        }
        // Parents before children (a subgraph can be listed before its parent).
        let mut outer_first: Vec<usize> = (0..n_sg).collect();
        outer_first.sort_by_key(|&s| (sg_depth[s], s));
        let mut own = vec![None; n_sg];
        let mut sg_scope: Vec<ScopeId> = vec![None; n_sg];
        let scope_dir = |scope: ScopeId, own: &[Option<Direction>]| {
            scope.map_or(d.direction, |s| {
                own[s].expect("scopes are subgraphs laid out on their own")
            })
        };
        for &s in &outer_first {
            let sg = &d.subgraphs[s];
            let scope = sg.parent.and_then(|p| {
                if own[p].is_some() {
                    Some(p)
                } else {
                    sg_scope[p]
                }
            });
            sg_scope[s] = scope;
            let holds = !sg.nodes.is_empty() || !sg.subgraphs.is_empty();
            let separate = holds && (!crossed[s] || (always_own_direction && sg.dir().is_some()));
            if separate {
                let outer = scope_dir(scope, &own);
                own[s] = Some(sg.dir().unwrap_or(if outer == Direction::TB {
                    Direction::LR
                } else {
                    Direction::TB
                }));
            }
        }
        let inner_scope = |s: usize, own: &[Option<Direction>], sg_scope: &[ScopeId]| {
            if own[s].is_some() {
                Some(s)
            } else {
                sg_scope[s]
            }
        };
        let mut node_scope: Vec<ScopeId> = vec![None; d.graph.node_bound()];
        for (i, n) in d.nodes() {
            node_scope[i.index()] = match n.cluster {
                Some(s) => sg_scope[s],
                None => n.parent.and_then(|p| inner_scope(p, &own, &sg_scope)),
            };
        }
        // An edge is laid out in the innermost scope holding both its ends.
        let mut scope_depth = vec![0usize; n_sg];
        for &s in &outer_first {
            if own[s].is_some() {
                scope_depth[s] = sg_scope[s].map_or(1, |o| scope_depth[o] + 1);
            }
        }
        let mut edges_in = vec![Vec::new(); n_sg + 1];
        for (e, a, b, _) in d.edges() {
            let scope = lca(
                node_scope[a.index()],
                node_scope[b.index()],
                |s| sg_scope[s],
                |s| scope_depth[s],
                |_| {},
            );
            edges_in[slot(scope)].push(e);
        }
        let mut nodes_in = vec![Vec::new(); n_sg + 1];
        let mut first_mention = vec![usize::MAX; n_sg];
        for (i, n) in d.nodes() {
            let mut p = match n.cluster {
                Some(s) => Some(s),
                None => {
                    nodes_in[slot(node_scope[i.index()])].push(i);
                    n.parent
                }
            };
            while let Some(s) = p {
                first_mention[s] = first_mention[s].min(i.index());
                p = parent_of(s);
            }
        }
        let mut subgraphs_in = vec![Vec::new(); n_sg + 1];
        for (s, &scope) in sg_scope.iter().enumerate() {
            subgraphs_in[slot(scope)].push(s);
        }
        let mut order: Vec<ScopeId> = outer_first
            .iter()
            .rev()
            .copied()
            .filter(|&s| own[s].is_some())
            .map(Some)
            .collect();
        order.push(None);
        Scopes {
            own,
            sg_scope,
            node_scope,
            order,
            first_mention,
            nodes_in,
            subgraphs_in,
            edges_in,
        }
    }

    /// The diagram nodes drawn in a scope, in first-mention order.
    pub(crate) fn nodes_in(&self, scope: ScopeId) -> &[NodeIndex] {
        &self.nodes_in[slot(scope)]
    }

    /// The subgraphs drawn in a scope (as boxes or nodes).
    pub(crate) fn subgraphs_in(&self, scope: ScopeId) -> &[usize] {
        &self.subgraphs_in[slot(scope)]
    }

    /// The edges laid out in a scope.
    pub(crate) fn edges_in(&self, scope: ScopeId) -> &[EdgeIndex] {
        &self.edges_in[slot(scope)]
    }

    /// The direction a scope is laid out in.
    pub(crate) fn dir(&self, d: &Diagram, scope: ScopeId) -> Direction {
        scope.map_or(d.direction, |s| {
            self.own[s].expect("scopes are subgraphs laid out on their own")
        })
    }

    /// The part of scope `scope` that holds `inner` (a scope inside it or it itself): the
    /// subgraph drawn in `scope` as a node that contains it, or `None` when `inner` is `scope`.
    pub(crate) fn compound_in(&self, scope: ScopeId, mut inner: ScopeId) -> Option<usize> {
        while inner != scope {
            let s = inner?;
            if self.sg_scope[s] == scope {
                return Some(s);
            }
            inner = self.sg_scope[s];
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An edge from inside `Core` to `Cloud`'s own node `E`: the dagre rule keeps `Cloud`'s
    /// direction (the edge crosses only `Core`'s border); ELK drops it (`Cloud` is the ends'
    /// lowest common subgraph).
    #[test]
    fn elk_drops_the_direction_of_the_common_subgraph() {
        let src = "flowchart TB\n subgraph Cloud\n direction LR\n subgraph Core\n \
                   C --> D\n end\n D --> E\n end\n";
        let d = crate::parse_diagram(src).unwrap();
        let cloud = d.subgraphs.iter().position(|s| s.id == "Cloud").unwrap();
        let core = d.subgraphs.iter().position(|s| s.id == "Core").unwrap();
        let dagre = Scopes::new(&d, false, false);
        assert_eq!(dagre.own[cloud], Some(Direction::LR));
        assert_eq!(dagre.own[core], None);
        let elk = Scopes::new(&d, false, true);
        assert_eq!(elk.own[cloud], None);
        assert_eq!(elk.own[core], None);
        // An edge inside one subgraph crosses nothing: `Core` alone keeps its own layout.
        let d =
            crate::parse_diagram("flowchart TB\n subgraph Core\n direction LR\n C --> D\n end\n")
                .unwrap();
        assert_eq!(Scopes::new(&d, false, true).own[0], Some(Direction::LR));
    }
}
