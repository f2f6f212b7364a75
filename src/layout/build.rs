//! Pass 1: from the model to the ranking graph.
//!
//! Post-conditions: every drawn node has its size (label measured and wrapped,
//! shape sized around it, axes swapped for horizontal diagrams); every subgraph
//! that holds nodes has a top and a bottom border node, with nesting edges that
//! keep its members between them; every edge is either a ranking edge
//! (`minlen = 2 × min_len`), a self-loop, or unranked (an edge between a
//! subgraph and its own member, which no ranking can satisfy).

use super::measure::{Size, TextMeasure};
use super::scope::{ScopeId, Scopes};
use super::shapes::node_size;
use super::{Curve, LayoutOptions};
use crate::graph::{Diagram, Direction, Shape};
use crate::text::rich::RichText;
use petgraph::stable_graph::NodeIndex;

/// Each node's neighbours in one direction, compact (compressed rows).
#[derive(Clone, Debug, Default)]
pub(crate) struct Adj {
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Adj {
    /// The adjacency of `n` nodes with an entry `from → to` for each pair.
    pub(crate) fn new(n: usize, pairs: &[(usize, usize)]) -> Adj {
        let mut start = vec![0u32; n + 1];
        for &(a, _) in pairs {
            start[a + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut list = vec![0u32; pairs.len()];
        for &(a, b) in pairs {
            list[fill[a] as usize] = b as u32;
            fill[a] += 1;
        }
        Adj { start, list }
    }

    /// The neighbours of `v`.
    pub(crate) fn of(&self, v: usize) -> &[u32] {
        &self.list[self.start[v] as usize..self.start[v + 1] as usize]
    }

    /// Where `v`'s neighbours start in the flat list: entry `v → of(v)[i]` has the index
    /// `first(v) + i`, an id for per-entry flags.
    pub(crate) fn first(&self, v: usize) -> usize {
        self.start[v] as usize
    }

    /// The number of entries (the ids [`Adj::first`] numbers run below it).
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }
}

/// A hash map with a fast, fixed (deterministic) hasher.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// What a layered node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A diagram node (by node index).
    Node(usize),
    /// A subgraph that holds nothing, drawn as a plain box with its title.
    Empty(usize),
    /// A subgraph laid out on its own, placed here as one node the size of its box.
    Compound(usize),
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
    /// Room its self-loops and their labels take on its right (width), and their height.
    pub loops: Size,
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
            loops: Size::default(),
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
    /// Its ends are a box's own border and a member (set here, not moved by cycle breaking).
    pub pinned: bool,
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
    /// The diagram edge (by edge index).
    pub edge: usize,
    pub kind: RouteKind,
    /// Drawn against the ranking direction (the edge was reversed to break a cycle).
    pub reversed: bool,
    pub label: RichText,
    /// Label size in the top-to-bottom frame (0 × 0 when there is none).
    pub label_size: Size,
    /// The label text's own size on the screen (the room above may hold padding round it).
    pub text_size: Size,
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

impl LCluster {
    /// A subgraph not drawn in this scope.
    fn absent() -> LCluster {
        LCluster {
            active: false,
            top: usize::MAX,
            bottom: usize::MAX,
            parent: None,
            depth: 0,
            title: RichText::default(),
            title_size: Size::default(),
        }
    }
}

/// The layered graph all passes share.
pub(crate) struct LGraph {
    pub dir: Direction,
    pub nodes: Vec<LNode>,
    pub redges: Vec<REdge>,
    pub routes: Vec<RouteSpec>,
    pub clusters: Vec<LCluster>,
    /// The layered node of each diagram node of the scope (by node index).
    pub node_of: HashMap<usize, usize>,
    /// Layered nodes per rank, in order (filled by normalisation, ordered by `order`).
    pub layers: Vec<Vec<usize>>,
    /// Edges between adjacent ranks: for each node, its neighbours above and below.
    pub up: Adj,
    pub down: Adj,
    /// Top and bottom of each rank band (filled by positioning).
    pub band_top: Vec<f64>,
    pub band_bottom: Vec<f64>,
    /// For the gap after each rank, where its bends must turn (to pass a title), if anywhere
    /// in particular (filled by `title_gaps`).
    pub gap_bend: Vec<Option<f64>>,
    /// Which side of a subgraph box its title goes, in the top-to-bottom frame.
    pub title_side: TitleSide,
    /// The wrapped label of each diagram node, and its size (by layered node: the scope's diagram
    /// nodes come first).
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
pub(crate) fn measured(text: RichText, measure: &dyn TextMeasure) -> (RichText, Size) {
    measured_at(text, measure, measure.wrap_width())
}

/// Measure a label and wrap it at `wrap`.
fn measured_at(text: RichText, measure: &dyn TextMeasure, wrap: Option<f64>) -> (RichText, Size) {
    let size = measure.size(&text);
    match wrap {
        Some(w) if size.w > w => {
            let wrapped = wrapped_at(&text, measure, w);
            let size = measure.size(&wrapped);
            (wrapped, size)
        }
        _ => (text, size),
    }
}

/// `text` wrapped at `w`, where the measure breaks lines.
fn wrapped_at(text: &RichText, measure: &dyn TextMeasure, w: f64) -> RichText {
    text.wrap(
        w,
        &|s, b, i| measure.width(s, b, i),
        measure.breaks_after_hyphens(),
    )
}

/// Measure and wrap an edge label, into at most [`TextMeasure::edge_label_lines`] lines.
fn measured_edge_label(text: RichText, measure: &dyn TextMeasure) -> (RichText, Size) {
    let wrap = measure.edge_wrap_width();
    let (Some(max_lines), Some(w)) = (measure.edge_label_lines(), wrap) else {
        return measured_at(text, measure, wrap);
    };
    let (wrapped, size) = measured_at(text.clone(), measure, wrap);
    // A label written on more lines than that keeps its own lines.
    let max_lines = max_lines.max(text.lines.len());
    if wrapped.lines.len() <= max_lines {
        return (wrapped, size);
    }
    // Wider by a line's height at a time (a cell in text art) from the width that would
    // share the text evenly between the lines, until it fits in them.
    let full = measure.size(&text).w;
    let step = measure.line_height().max(1.0);
    let mut w = (full / max_lines as f64).ceil().max(w);
    loop {
        let wrapped = wrapped_at(&text, measure, w);
        if wrapped.lines.len() <= max_lines || w >= full {
            let size = measure.size(&wrapped);
            return (wrapped, size);
        }
        w += step;
    }
}

/// A subgraph title and its size (wrapped unless `opts.wrap_titles` is off); one with nothing
/// to draw (blank, or only spaces of any kind) takes no room, so no room is kept for it and
/// no title box is reported.
pub(crate) fn measured_title(
    text: RichText,
    measure: &dyn TextMeasure,
    opts: &LayoutOptions,
) -> (RichText, Size) {
    if text.is_empty() {
        return (text, Size::default());
    }
    if !opts.wrap_titles {
        let size = measure.size(&text);
        return (text, size);
    }
    measured(text, measure)
}

/// Build the ranking graph of one scope of a diagram: its nodes, its boxes, the subgraphs laid
/// out on their own inside it (as nodes of size `compound_sizes[s]`, on screen), its edges.
pub(crate) fn build(
    d: &Diagram,
    scopes: &Scopes,
    scope: ScopeId,
    compound_sizes: &[Size],
    opts: &LayoutOptions,
    measure: &dyn TextMeasure,
) -> LGraph {
    let dir = scopes.dir(d, scope);
    let title_side = match dir {
        Direction::TB => TitleSide::Top,
        Direction::BT => TitleSide::Bottom,
        Direction::LR | Direction::RL => TitleSide::Left,
    };
    let boxes = Boxes::new(d, scopes, scope);
    let n_here = scopes.nodes_in(scope).len();
    let mut g = LGraph {
        dir,
        nodes: Vec::with_capacity(n_here + 2 * scopes.subgraphs_in(scope).len()),
        redges: Vec::new(),
        routes: Vec::new(),
        clusters: vec![LCluster::absent(); d.subgraphs.len()],
        node_of: HashMap::with_capacity_and_hasher(n_here, Default::default()),
        layers: Vec::new(),
        up: Adj::default(),
        down: Adj::default(),
        band_top: Vec::new(),
        band_bottom: Vec::new(),
        gap_bend: Vec::new(),
        title_side,
        labels: Vec::with_capacity(n_here),
    };
    let from = From {
        d,
        scopes,
        scope,
        opts,
        measure,
    };
    let extent = add_nodes(&mut g, &from, &boxes);
    add_subgraphs(&mut g, &from, &boxes, &extent, compound_sizes);
    let ranked = add_edges(&mut g, &from);
    // A subgraph with its own direction but no edges inside still runs that way (as mermaid
    // does): its parts follow each other, in order, one rank apart.
    if ranked == 0 && scope.is_some_and(|s| d.subgraphs[s].dir().is_some()) {
        chain_parts(&mut g);
    }
    g
}

/// What one scope's ranking graph is built from.
struct From<'a> {
    d: &'a Diagram,
    scopes: &'a Scopes,
    scope: ScopeId,
    opts: &'a LayoutOptions,
    measure: &'a dyn TextMeasure,
}

/// Which subgraphs of a scope are drawn as boxes around their members, and how deep each sits.
struct Boxes {
    /// A box of this scope (not laid out on its own) with something of this scope inside.
    active: Vec<bool>,
    /// Boxes around each subgraph, in this scope.
    depth: Vec<usize>,
}

impl Boxes {
    fn new(d: &Diagram, scopes: &Scopes, scope: ScopeId) -> Boxes {
        let n_sg = d.subgraphs.len();
        let is_box = |s: usize| scopes.sg_scope[s] == scope && scopes.own[s].is_none();
        let is_empty =
            |s: usize| d.subgraphs[s].nodes.is_empty() && d.subgraphs[s].subgraphs.is_empty();
        // A subgraph is a box when something of this scope is inside it.
        let mut active = vec![false; n_sg];
        let mark = |mut p: Option<usize>, active: &mut Vec<bool>| {
            while let Some(s) = p.filter(|&s| is_box(s)) {
                if active[s] {
                    break;
                }
                active[s] = true;
                p = d.subgraphs[s].parent;
            }
        };
        for &i in scopes.nodes_in(scope) {
            mark(d.graph[i].parent, &mut active);
        }
        for &s in scopes.subgraphs_in(scope) {
            if scopes.own[s].is_some() || is_empty(s) {
                mark(d.subgraphs[s].parent, &mut active);
            }
        }
        let depth = (0..n_sg)
            .map(|s| {
                let mut k = 0;
                let mut p = d.subgraphs[s].parent;
                while let Some(q) = p.filter(|&q| is_box(q)) {
                    k += 1;
                    p = d.subgraphs[q].parent;
                }
                k
            })
            .collect();
        Boxes { active, depth }
    }

    /// The box a part whose subgraph is `p` sits in, if it is drawn as one here.
    fn parent(&self, p: Option<usize>) -> Option<usize> {
        p.filter(|&p| self.active[p])
    }
}

/// The scope's diagram nodes, in first-mention order, with their measured labels; returns, per
/// subgraph, the greatest thickness (along the ranks) of its members.
fn add_nodes(g: &mut LGraph, from: &From, boxes: &Boxes) -> Vec<f64> {
    let (d, opts, measure) = (from.d, from.opts, from.measure);
    let mut extent: Vec<f64> = vec![0.0; d.subgraphs.len()];
    for &idx in from.scopes.nodes_in(from.scope) {
        let n = &d.graph[idx];
        let (label, lsize) = measured(measure.rich_text(&n.label), measure);
        let mut size = to_frame(node_size(&n.shape, lsize, opts.sizing), g.dir);
        if let Some(&b) = opts.min_breadth.get(idx.index()) {
            size.w = size.w.max(b);
        }
        let parent = boxes.parent(n.parent);
        if let Some(p) = parent {
            extent[p] = extent[p].max(size.h);
        }
        g.node_of.insert(idx.index(), g.nodes.len());
        g.labels.push((label, lsize));
        g.nodes.push(LNode::new(
            Kind::Node(idx.index()),
            size,
            parent,
            idx.index() as f64,
        ));
    }
    extent
}

/// The scope's subgraphs: boxes get top and bottom border nodes; those laid out on their own and
/// empty ones become plain nodes.
fn add_subgraphs(
    g: &mut LGraph,
    from: &From,
    boxes: &Boxes,
    extent: &[f64],
    compound_sizes: &[Size],
) {
    let (d, scopes, opts, measure) = (from.d, from.scopes, from.opts, from.measure);
    for &s in scopes.subgraphs_in(from.scope) {
        let sg = &d.subgraphs[s];
        let (title, mut title_size) = measured_title(measure.rich_text(&sg.title), measure, opts);
        if !title.is_empty() {
            title_size = measure.title_room(title_size);
        }
        let parent = boxes.parent(sg.parent);
        let key = scopes.first_mention[s] as f64;
        let mut lc = LCluster {
            active: boxes.active[s],
            top: usize::MAX,
            bottom: usize::MAX,
            parent,
            depth: boxes.depth[s],
            title,
            title_size,
        };
        if lc.active {
            let (top, bottom) = border_sizes(title_size, g.title_side, opts, extent[s]);
            lc.top = g.nodes.len();
            g.nodes.push(LNode::new(Kind::Top(s), top, Some(s), key));
            lc.bottom = g.nodes.len();
            g.nodes
                .push(LNode::new(Kind::Bottom(s), bottom, Some(s), key));
        } else {
            let (kind, size) = if scopes.own[s].is_some() {
                (Kind::Compound(s), compound_sizes[s])
            } else {
                (
                    Kind::Empty(s),
                    node_size(&Shape::Rect, title_size, opts.sizing),
                )
            };
            lc.top = g.nodes.len();
            lc.bottom = lc.top;
            g.nodes
                .push(LNode::new(kind, to_frame(size, g.dir), parent, key));
        }
        g.clusters[s] = lc;
    }
}

/// The scope's edges: a ranking edge each (`2 × min_len`, room to cross box borders and for
/// the label), a self-loop, or nothing for an edge whose ends are outside the scope. Returns
/// how many are ranked.
fn add_edges(g: &mut LGraph, from: &From) -> usize {
    let (d, scopes, scope) = (from.d, from.scopes, from.scope);
    let (opts, measure) = (from.opts, from.measure);
    let mut ranked = 0;
    for &e in scopes.edges_in(scope) {
        let (a, b) = d
            .graph
            .edge_endpoints(e)
            .expect("edges of the diagram have ends");
        let ed = &d.graph[e];
        let anchor = |i: NodeIndex| -> Option<usize> {
            let inner = match d.graph[i].cluster {
                Some(s) if scopes.sg_scope[s] == scope => return Some(g.clusters[s].top),
                Some(s) => scopes.sg_scope[s],
                None if scopes.node_scope[i.index()] == scope => {
                    return g.node_of.get(&i.index()).copied()
                }
                None => scopes.node_scope[i.index()],
            };
            scopes.compound_in(scope, inner).map(|c| g.clusters[c].top)
        };
        let (Some(ua), Some(va)) = (anchor(a), anchor(b)) else {
            continue;
        };
        let (label, lsize) = measured_edge_label(measure.rich_text(&ed.label), measure);
        let (label_size, text_size) = if label.is_empty() {
            (Size::default(), Size::default())
        } else {
            (label_room(lsize, g.dir, opts, measure), lsize)
        };
        let curve = ed.curve().map(Curve::from_mermaid).unwrap_or(opts.curve);
        let route = g.routes.len();
        let kind = if ua == va {
            RouteKind::SelfLoop(ua)
        } else {
            // Between a box and something inside it: from under its title, or to its bottom.
            let (upper, lower, pinned) = if contains(g, ua, va) {
                (ua, va, true)
            } else if let (true, Kind::Top(s)) = (contains(g, va, ua), g.nodes[va].kind) {
                (ua, g.clusters[s].bottom, true)
            } else {
                (ua, va, false)
            };
            // Room to leave the source's boxes through their bottoms and enter the target's
            // through their tops (so boxes can stack), and a free rank between for the label.
            let borders = border_crossings(g, upper, lower) as i32;
            let minlen =
                (2 * ed.min_len.max(1) as i32).max(borders + 1 + i32::from(!label.is_empty()));
            ranked += 1;
            let r = g.redges.len();
            g.redges.push(REdge {
                from: upper,
                to: lower,
                minlen,
                weight: 1.0,
                route: Some(route),
                pinned,
            });
            RouteKind::Ranked(r)
        };
        g.routes.push(RouteSpec {
            edge: e.index(),
            kind,
            reversed: false,
            label,
            label_size,
            text_size,
            curve,
            chain: Vec::new(),
            label_node: None,
        });
    }
    ranked
}

/// The room an edge label of size `label` takes in the frame, as the measure reserves it.
fn label_room(
    label: Size,
    dir: Direction,
    opts: &LayoutOptions,
    measure: &dyn TextMeasure,
) -> Size {
    let reserved = measure.edge_label_room(label, dir.is_horizontal(), opts.label_padding);
    to_frame(reserved, dir)
}

/// The parts of a scope with no edges, one after another one rank apart (in the order written).
fn chain_parts(g: &mut LGraph) {
    let tops: Vec<usize> = (0..g.nodes.len())
        .filter(|&v| g.nodes[v].cluster.is_none() && !matches!(g.nodes[v].kind, Kind::Bottom(_)))
        .collect();
    for w in tops.windows(2) {
        let from = match g.nodes[w[0]].kind {
            Kind::Top(s) => g.clusters[s].bottom,
            _ => w[0],
        };
        g.redges.push(REdge {
            from,
            to: w[1],
            minlen: 2,
            weight: 0.0,
            route: None,
            pinned: false,
        });
    }
}

/// Sizes (top-to-bottom frame) of a box's top and bottom border nodes: the title's band and the padding.
fn border_sizes(
    title: Size,
    side: TitleSide,
    opts: &LayoutOptions,
    member_extent: f64,
) -> (Size, Size) {
    let padding = opts.cluster_padding;
    let pad = Size::new(0.0, padding);
    let (titled, plain) = if opts.elk_frames {
        // ELK: the title row sits flush with the frame's edge, its label spacing (5) and the
        // padding follow; the band gap after a border rank counts towards both.
        let gap = opts.rank_spacing / 2.0;
        (
            Size::new(
                title.w + 2.0 * padding,
                (title.h + ELK_LABEL_SPACING + padding - gap).max(title.h),
            ),
            Size::new(0.0, (padding - gap).max(0.0)),
        )
    } else {
        (Size::new(title.w + 2.0 * padding, title.h + padding), pad)
    };
    match side {
        TitleSide::Top => (titled, plain),
        TitleSide::Bottom => (plain, titled),
        TitleSide::Left => {
            // The title runs along the ranks: make the box at least that long.
            let need = title.w + 2.0 * padding - member_extent - 2.0 * padding;
            (Size::new(0.0, padding + need.max(0.0)), pad)
        }
    }
}

/// ELK's space between a subgraph's title and what it holds.
const ELK_LABEL_SPACING: f64 = 5.0;

/// The subgraphs a node lies inside (a border node: its subgraph's parents), innermost first.
pub(crate) fn enclosing(g: &LGraph, v: usize) -> Vec<usize> {
    let mut c = match g.nodes[v].kind {
        Kind::Top(s) | Kind::Bottom(s) => g.clusters[s].parent,
        _ => g.nodes[v].cluster,
    };
    let mut out = Vec::new();
    while let Some(s) = c {
        out.push(s);
        c = g.clusters[s].parent;
    }
    out
}

/// How many subgraph borders an edge between `a` and `b` crosses.
fn border_crossings(g: &LGraph, a: usize, b: usize) -> usize {
    let (pa, pb) = (enclosing(g, a), enclosing(g, b));
    pa.iter().filter(|s| !pb.contains(s)).count() + pb.iter().filter(|s| !pa.contains(s)).count()
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

/// What each rank a subgraph box spans costs the ranking, against 1 per rank of edge length.
const BOX_SPAN_WEIGHT: f64 = 2.0;

/// Add the nesting edges that keep each box's members between its top and bottom.
pub(crate) fn nesting_edges(g: &mut LGraph) {
    for i in 0..g.nodes.len() {
        let (kind, cluster) = (g.nodes[i].kind, g.nodes[i].cluster);
        let (first, last, parent) = match kind {
            Kind::Node(_) | Kind::Empty(_) | Kind::Compound(_) => (i, i, cluster),
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
                pinned: false,
            });
            g.redges.push(REdge {
                from: last,
                to: bottom,
                minlen: 1,
                weight: 0.0,
                route: None,
                pinned: false,
            });
        }
        if let Kind::Top(s) = kind {
            // A box spans at least its top and bottom, and pulls them together: each rank it
            // spans costs as much as two ranks of edge, so one edge (a back edge, say) cannot
            // stretch it over ranks its members do not need.
            let b = g.clusters[s].bottom;
            g.redges.push(REdge {
                from: i,
                to: b,
                minlen: 1,
                weight: BOX_SPAN_WEIGHT,
                route: None,
                pinned: false,
            });
        }
    }
}

/// A layered graph for unit tests: `layers` lists node indices numbered in layer order,
/// all plain 10×10 nodes; `edges` go downwards.
#[cfg(test)]
pub(crate) fn test_graph(layers: Vec<Vec<usize>>, edges: &[(usize, usize)]) -> LGraph {
    let n = layers.iter().map(Vec::len).sum();
    let mut nodes = Vec::new();
    for (r, l) in layers.iter().enumerate() {
        for i in 0..l.len() {
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
                loops: Size::default(),
            });
        }
    }
    LGraph {
        dir: Direction::TB,
        nodes,
        redges: vec![],
        routes: vec![],
        clusters: vec![],
        node_of: Default::default(),
        layers,
        up: Adj::new(n, &edges.iter().map(|&(a, b)| (b, a)).collect::<Vec<_>>()),
        down: Adj::new(n, edges),
        band_top: vec![],
        band_bottom: vec![],
        gap_bend: vec![],
        title_side: TitleSide::Top,
        labels: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::CellMeasure;

    /// Cells wrapping at `wrap`, edge labels in at most three lines.
    struct ThreeLines(CellMeasure);

    impl TextMeasure for ThreeLines {
        fn width(&self, text: &str, bold: bool, italic: bool) -> f64 {
            self.0.width(text, bold, italic)
        }
        fn line_height(&self) -> f64 {
            1.0
        }
        fn wrap_width(&self) -> Option<f64> {
            self.0.wrap
        }
        fn edge_label_lines(&self) -> Option<usize> {
            Some(3)
        }
    }

    #[test]
    fn edge_labels_wrap_wider_rather_than_past_their_line_limit() {
        let text = RichText::plain("one two three four five six seven eight nine ten");
        let m = ThreeLines(CellMeasure { wrap: Some(6.0) });
        let (edge, size) = measured_edge_label(text.clone(), &m);
        assert_eq!(edge.lines.len(), 3, "{edge:?}");
        assert!(size.w < 20.0, "as narrow as three lines allow: {size:?}");
        // A node label wraps at the width alone.
        let (node, _) = measured(text, &m);
        assert!(node.lines.len() > 3);
        // Without a limit an edge label wraps as a node label does.
        let (free, _) = measured_edge_label(
            RichText::plain("one two three four five six seven eight nine ten"),
            &m.0,
        );
        assert_eq!(free.lines.len(), node.lines.len());
    }
}
