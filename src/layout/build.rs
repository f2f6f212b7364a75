//! Pass 1: from the model to the ranking graph.
//!
//! Post-conditions: every drawn node has its size (label measured and wrapped,
//! shape sized around it, axes swapped for horizontal diagrams); every subgraph
//! that holds nodes has a top and a bottom border node, with nesting edges that
//! keep its members between them; every edge is either a ranking edge
//! (`minlen = 2 × min_len`), a self-loop, or unranked (an edge between a
//! subgraph and its own member, which no ranking can satisfy).

use super::measure::{Size, TextMeasure};
use super::shapes::node_size;
use super::{Curve, LayoutOptions};
use crate::graph::{Diagram, Direction, Shape, Stroke};
use crate::text::rich::RichText;

/// What a layered node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A diagram node (by node index).
    Node(usize),
    /// A subgraph that holds nothing, drawn as a plain box with its title.
    Empty(usize),
    /// A subgraph's top border (edges into the subgraph end here).
    Top(usize),
    /// A subgraph's bottom border (edges out of the subgraph start here).
    Bottom(usize),
    /// A subgraph's left or right side in one rank.
    Border { cluster: usize, right: bool },
    /// A point of a long edge (by route).
    Dummy(usize),
    /// The label of an edge (by route).
    Label(usize),
}

impl Kind {
    /// Whether this node is a point of an edge or a border (BK's "inner segment" ends).
    pub(crate) fn is_virtual(self) -> bool {
        matches!(self, Kind::Dummy(_) | Kind::Label(_) | Kind::Border { .. })
    }
}

/// A node of the layered graph (sizes in the top-to-bottom frame).
#[derive(Clone, Debug)]
pub(crate) struct LNode {
    pub kind: Kind,
    /// Width across ranks.
    pub w: f64,
    /// Thickness along ranks.
    pub h: f64,
    pub rank: i32,
    /// Position within its rank.
    pub order: usize,
    pub x: f64,
    pub y: f64,
    /// The innermost subgraph whose block this node belongs to.
    pub cluster: Option<usize>,
    /// Initial ordering key (first mention).
    pub key: f64,
    /// Extra room on the right for self-loops.
    pub loop_room: f64,
}

impl LNode {
    fn new(kind: Kind, size: Size, cluster: Option<usize>, key: f64) -> LNode {
        LNode {
            kind,
            w: size.w,
            h: size.h,
            rank: 0,
            order: 0,
            x: 0.0,
            y: 0.0,
            cluster,
            key,
            loop_room: 0.0,
        }
    }
}

/// A ranking constraint: `rank(to) >= rank(from) + minlen`, costing `weight` per rank of length.
#[derive(Clone, Debug)]
pub(crate) struct REdge {
    pub from: usize,
    pub to: usize,
    pub minlen: i32,
    pub weight: f64,
    /// The route this edge carries, or `None` for a nesting constraint.
    pub route: Option<usize>,
}

/// How an edge is laid out.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RouteKind {
    /// Through the ranks (the index of its ranking edge).
    Ranked(usize),
    /// A loop on one node.
    SelfLoop(usize),
    /// Between a subgraph and something inside it: drawn directly, after layout.
    Unranked { from: usize, to: usize },
}

/// One model edge's layout state.
#[derive(Clone, Debug)]
pub(crate) struct RouteSpec {
    pub kind: RouteKind,
    /// Drawn against the ranking direction (the edge was reversed to break a cycle).
    pub reversed: bool,
    pub label: RichText,
    /// Label size in the top-to-bottom frame (0 × 0 when there is none).
    pub label_size: Size,
    pub curve: Curve,
    /// Layered nodes from the upper end to the lower end (filled by normalisation).
    pub chain: Vec<usize>,
    pub label_node: Option<usize>,
}

/// A subgraph's layout state.
#[derive(Clone, Debug)]
pub(crate) struct LCluster {
    /// Drawn as a box around members (else: not at all, or as an empty node).
    pub active: bool,
    pub top: usize,
    pub bottom: usize,
    pub parent: Option<usize>,
    pub depth: usize,
    pub title: RichText,
    /// Title size in screen orientation.
    pub title_size: Size,
}

/// The layered graph all passes share.
pub(crate) struct LGraph {
    pub dir: Direction,
    pub nodes: Vec<LNode>,
    pub redges: Vec<REdge>,
    pub routes: Vec<RouteSpec>,
    pub clusters: Vec<LCluster>,
    /// The layered node of each diagram node (by node index), if drawn.
    pub node_of: Vec<Option<usize>>,
    /// Layered nodes per rank, in order (filled by normalisation, ordered by `order`).
    pub layers: Vec<Vec<usize>>,
    /// Edges between adjacent ranks: for each node, its neighbours above and below (with weights).
    pub up: Vec<Vec<(usize, f64)>>,
    pub down: Vec<Vec<(usize, f64)>>,
    /// Top and bottom of each rank band (filled by positioning).
    pub band_top: Vec<f64>,
    pub band_bottom: Vec<f64>,
    /// Which side of a subgraph box its title goes, in the top-to-bottom frame.
    pub title_side: TitleSide,
    /// Each diagram node's wrapped label and its size (by node index).
    pub labels: Vec<(RichText, Size)>,
}

/// Where subgraph titles sit, in the top-to-bottom frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TitleSide {
    /// In the top border's band (TB).
    Top,
    /// In the bottom border's band (BT: the screen top).
    Bottom,
    /// In a strip inside the left border (LR, RL: the screen top).
    Left,
}

/// Swap a screen size into the top-to-bottom frame.
pub(crate) fn to_frame(s: Size, dir: Direction) -> Size {
    if dir.is_horizontal() {
        Size::new(s.h, s.w)
    } else {
        s
    }
}

/// Measure and wrap a label.
fn measured(text: RichText, measure: &dyn TextMeasure) -> (RichText, Size) {
    let wrapped = measure.layout_text(&text);
    let size = measure.size(&wrapped);
    (wrapped, size)
}

/// Build the ranking graph of a diagram.
pub(crate) fn build(d: &Diagram, opts: &LayoutOptions, measure: &dyn TextMeasure) -> LGraph {
    let dir = d.direction;
    let title_side = match dir {
        Direction::TB => TitleSide::Top,
        Direction::BT => TitleSide::Bottom,
        Direction::LR | Direction::RL => TitleSide::Left,
    };
    let n_sg = d.subgraphs.len();
    // A subgraph is a box when some node (or active subgraph) is inside it.
    let mut active = vec![false; n_sg];
    for (_, n) in d.nodes() {
        if n.cluster.is_none() {
            let mut p = n.parent;
            while let Some(s) = p {
                if active[s] {
                    break;
                }
                active[s] = true;
                p = d.subgraphs[s].parent;
            }
        }
    }
    let depth_of = |s: usize| {
        let mut k = 0;
        let mut p = d.subgraphs[s].parent;
        while let Some(q) = p {
            k += 1;
            p = d.subgraphs[q].parent;
        }
        k
    };
    let mut g = LGraph {
        dir,
        nodes: Vec::with_capacity(d.graph.node_count() + 2 * n_sg),
        redges: Vec::new(),
        routes: Vec::new(),
        clusters: Vec::with_capacity(n_sg),
        node_of: vec![None; petgraph::visit::NodeIndexable::node_bound(&d.graph)],
        layers: Vec::new(),
        up: Vec::new(),
        down: Vec::new(),
        band_top: Vec::new(),
        band_bottom: Vec::new(),
        title_side,
        labels: vec![
            (RichText::default(), Size::default());
            petgraph::visit::NodeIndexable::node_bound(&d.graph)
        ],
    };
    let padding = opts.cluster_padding;
    // Nodes, in first-mention order.
    let mut member_extent: Vec<f64> = vec![0.0; n_sg];
    for (key, (idx, n)) in d.nodes().enumerate() {
        if n.cluster.is_some() {
            continue;
        }
        let (label, lsize) = measured(RichText::from_label(&n.label), measure);
        g.labels[idx.index()] = (label, lsize);
        let size = to_frame(node_size(&n.shape, lsize, opts.sizing), dir);
        let parent = n.parent.filter(|&p| active[p]);
        if let Some(p) = parent {
            member_extent[p] = member_extent[p].max(size.h);
        }
        g.node_of[idx.index()] = Some(g.nodes.len());
        g.nodes.push(LNode::new(
            Kind::Node(idx.index()),
            size,
            parent,
            key as f64,
        ));
    }
    // Subgraphs: boxes get top/bottom nodes; empty ones become plain nodes.
    for (s, sg) in d.subgraphs.iter().enumerate() {
        let (title, title_size) = measured(RichText::from_label(&sg.title), measure);
        let parent = sg.parent.filter(|&p| active[p]);
        let key = d.node(&sg.id).map_or(f64::MAX, |_| 0.0);
        let mut lc = LCluster {
            active: active[s],
            top: usize::MAX,
            bottom: usize::MAX,
            parent,
            depth: depth_of(s),
            title,
            title_size,
        };
        if active[s] {
            let (top, bottom) =
                border_sizes(title_size, title_side, padding, member_extent[s], dir);
            lc.top = g.nodes.len();
            g.nodes.push(LNode::new(Kind::Top(s), top, Some(s), key));
            lc.bottom = g.nodes.len();
            g.nodes
                .push(LNode::new(Kind::Bottom(s), bottom, Some(s), key));
        } else {
            let size = to_frame(node_size(&Shape::Rect, title_size, opts.sizing), dir);
            lc.top = g.nodes.len();
            lc.bottom = lc.top;
            g.nodes.push(LNode::new(Kind::Empty(s), size, parent, key));
        }
        g.clusters.push(lc);
    }
    // Initial keys of subgraph borders: their first member's.
    for (i, n) in g.nodes.clone().iter().enumerate() {
        if let Kind::Node(_) = n.kind {
            let mut c = n.cluster;
            while let Some(s) = c {
                for b in [g.clusters[s].top, g.clusters[s].bottom] {
                    g.nodes[b].key = g.nodes[b].key.min(g.nodes[i].key);
                }
                c = g.clusters[s].parent;
            }
        }
    }
    // Edges.
    for (_, a, b, e) in d.edges() {
        let anchor = |i: petgraph::stable_graph::NodeIndex| -> Option<usize> {
            match d.graph[i].cluster {
                Some(s) if g.clusters[s].active => Some(g.clusters[s].top),
                Some(s) => Some(g.clusters[s].top),
                None => g.node_of[i.index()],
            }
        };
        let (Some(ua), Some(va)) = (anchor(a), anchor(b)) else {
            continue;
        };
        let (label, lsize) = measured(RichText::from_label(&e.label), measure);
        let label_size = if label.is_empty() {
            Size::default()
        } else {
            let p = opts.label_padding;
            to_frame(Size::new(lsize.w + 2.0 * p, lsize.h + p), dir)
        };
        let curve = e.curve().map(Curve::from_mermaid).unwrap_or(opts.curve);
        let route = g.routes.len();
        let kind = if ua == va {
            RouteKind::SelfLoop(ua)
        } else if contains(&g, ua, va) || contains(&g, va, ua) {
            RouteKind::Unranked { from: ua, to: va }
        } else {
            let r = g.redges.len();
            g.redges.push(REdge {
                from: ua,
                to: va,
                minlen: 2 * e.min_len.max(1) as i32,
                weight: 1.0,
                route: Some(route),
            });
            RouteKind::Ranked(r)
        };
        let _ = e.stroke == Stroke::Invisible;
        g.routes.push(RouteSpec {
            kind,
            reversed: false,
            label,
            label_size,
            curve,
            chain: Vec::new(),
            label_node: None,
        });
    }
    g
}

/// Sizes (top-to-bottom frame) of a box's top and bottom border nodes: the title's band and the padding.
fn border_sizes(
    title: Size,
    side: TitleSide,
    padding: f64,
    member_extent: f64,
    dir: Direction,
) -> (Size, Size) {
    let pad = Size::new(0.0, padding);
    match side {
        TitleSide::Top => (Size::new(title.w + 2.0 * padding, title.h + padding), pad),
        TitleSide::Bottom => (pad, Size::new(title.w + 2.0 * padding, title.h + padding)),
        TitleSide::Left => {
            // The title runs along the ranks: make the box at least that long.
            let _ = dir;
            let need = title.w + 2.0 * padding - member_extent - 2.0 * padding;
            (Size::new(0.0, padding + need.max(0.0)), pad)
        }
    }
}

/// Whether layered node `outer` (a subgraph border) encloses layered node `inner`.
fn contains(g: &LGraph, outer: usize, inner: usize) -> bool {
    let Kind::Top(s) = g.nodes[outer].kind else {
        return false;
    };
    let mut c = match g.nodes[inner].kind {
        Kind::Top(t) => g.clusters[t].parent,
        _ => g.nodes[inner].cluster,
    };
    while let Some(x) = c {
        if x == s {
            return true;
        }
        c = g.clusters[x].parent;
    }
    false
}

/// Add the nesting edges that keep each box's members between its top and bottom.
pub(crate) fn nesting_edges(g: &mut LGraph) {
    for i in 0..g.nodes.len() {
        let (kind, cluster) = (g.nodes[i].kind, g.nodes[i].cluster);
        let (first, last, parent) = match kind {
            Kind::Node(_) | Kind::Empty(_) => (i, i, cluster),
            Kind::Top(s) => (i, g.clusters[s].bottom, g.clusters[s].parent),
            _ => continue,
        };
        if let Some(p) = parent {
            let (top, bottom) = (g.clusters[p].top, g.clusters[p].bottom);
            g.redges.push(REdge {
                from: top,
                to: first,
                minlen: 1,
                weight: 0.0,
                route: None,
            });
            g.redges.push(REdge {
                from: last,
                to: bottom,
                minlen: 1,
                weight: 0.0,
                route: None,
            });
        }
        if let Kind::Top(s) = kind {
            // A box spans at least its top and bottom.
            let b = g.clusters[s].bottom;
            g.redges.push(REdge {
                from: i,
                to: b,
                minlen: 1,
                weight: 0.0,
                route: None,
            });
        }
    }
}
