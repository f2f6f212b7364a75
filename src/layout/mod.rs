//! Layered (Sugiyama) layout: where every node, edge, label and subgraph box goes.
//!
//! `layout(&Diagram, &LayoutOptions, &dyn TextMeasure) -> Layout` is a pure
//! function. The core lays out top to bottom; the other directions swap and
//! mirror axes around it (`transform`). Each scope (the diagram, or a subgraph
//! laid out on its own: `scope`) runs the passes in order; each reads and
//! writes the shared `build::LGraph`:
//!
//! 1. `build`: reads the model; writes nodes with their measured sizes, the
//!    subgraph top/bottom borders, ranking edges (`2 × min_len`, ranks doubled so
//!    every edge has a middle rank for its label) and routes.
//! 2. `acyclic`: reads ranking edges; reverses each cycle's back edges in model
//!    order (the first-written node stays on top); adds nesting constraints.
//! 3. `rank`: reads constraints; writes ranks (network simplex: edge lengths,
//!    and box heights at twice the weight, so boxes stay compact).
//! 4. `normalize`: reads ranks; writes layers, dummy chains, label nodes, box
//!    side chains, adjacency between neighbouring ranks, and rank bands (y).
//! 5. `order`: reads layers and adjacency; writes the order within every rank
//!    (several starts: sweeps, then exact/sifting row refinement and sibling-box
//!    swaps; crossings counted exactly and weighted; best kept).
//! 6. `position` (with `xcoord`): reads the order; writes x (network simplex,
//!    balanced, on graphs up to a few hundred layered nodes; Brandes–Köpf
//!    beyond), titles centred over their boxes.
//! 7. `route::ends`: reads x; writes each edge's ports.
//! 8. `ortho::plan` (with `channels`): reads ports; writes the tracks of
//!    orthogonal edges between ranks, lengthening gaps that need more room.
//! 9. `title_gaps`: reads x and bands; lengthens gaps of horizontal diagrams so
//!    edges pass titles, and says where their bends turn.
//! 10. `route`: reads everything; writes the `Layout` (paths: smooth, linear or
//!     orthogonal with rounded corners and line hops; self-loops; label, box and
//!     title geometry), in the top-to-bottom frame; then `transform`.
//!
//! `verify` checks the hard invariants of a finished layout (used by the tests).

mod acyclic;
pub(crate) mod build;
mod channels;
pub mod measure;
mod normalize;
mod order;
mod ortho;
pub use ortho::Hop;
mod position;
mod rank;
mod route;
mod scope;
pub mod shapes;
mod title_gaps;
mod transform;
pub mod verify;
mod xcoord;

use crate::graph::{Diagram, Direction};
use crate::text::rich::RichText;
use measure::{Size, TextMeasure};
use shapes::Sizing;
use std::time::{Duration, Instant};

/// A point (px or cells), y grows down.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Horizontal.
    pub x: f64,
    /// Vertical (down).
    pub y: f64,
}

impl Point {
    /// A point.
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

/// An axis-aligned rectangle by its top-left corner and size.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The rectangle of size `size` centred on `c`.
    pub fn centered(c: Point, size: Size) -> Rect {
        Rect {
            x: c.x - size.w / 2.0,
            y: c.y - size.h / 2.0,
            w: size.w,
            h: size.h,
        }
    }
    /// The centre.
    pub fn center(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// How edges bend between ranks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Curve {
    /// Smooth S-curves (mermaid's default `basis` look).
    #[default]
    Smooth,
    /// Straight segments (`linear`).
    Linear,
    /// Orthogonal, sharp corners (`step`, `stepBefore`, `stepAfter`): horizontal runs on
    /// tracks between ranks, line hops where they cross vertical ones.
    Step,
    /// Orthogonal with rounded corners (`rounded`, mermaid 12's look), line hops too.
    Rounded,
}

impl Curve {
    /// The curve for a mermaid interpolation name (`basis`, `linear`, `step`, …).
    pub fn from_mermaid(name: &str) -> Curve {
        match name {
            "linear" => Curve::Linear,
            "step" | "stepBefore" | "stepAfter" => Curve::Step,
            "rounded" => Curve::Rounded,
            _ => Curve::Smooth,
        }
    }
}

/// One piece of a path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    /// A straight line to the point.
    Line(Point),
    /// A cubic Bézier (two control points) to the point.
    Cubic(Point, Point, Point),
}

/// A path: a start point and segments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    /// Where it starts.
    pub start: Point,
    /// Its segments.
    pub segs: Vec<Seg>,
}

impl Path {
    /// The end point.
    pub fn end(&self) -> Point {
        match self.segs.last() {
            Some(Seg::Line(p)) | Some(Seg::Cubic(_, _, p)) => *p,
            None => self.start,
        }
    }

    /// The path as a polyline, curves flattened to at most `max_turn_deg` of turn per chord.
    pub fn polyline(&self, max_turn_deg: f64) -> Vec<Point> {
        let mut out = vec![self.start];
        let mut cur = self.start;
        for s in &self.segs {
            match *s {
                Seg::Line(p) => out.push(p),
                Seg::Cubic(c1, c2, p) => flatten_cubic(cur, c1, c2, p, max_turn_deg, &mut out),
            }
            cur = self.end_of(s);
        }
        out.dedup_by(|a, b| (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9);
        out
    }

    /// The points of an orthogonal path: its corners and ends (a rounded corner as the corner
    /// it rounds, a line hop left out: the hops are listed apart), other curves flattened as
    /// [`Path::polyline`] does. What the JSON geometry gives, compact however many hops.
    pub fn corner_points(&self, max_turn_deg: f64) -> Vec<Point> {
        let mut out = vec![self.start];
        let mut cur = self.start;
        for s in &self.segs {
            match *s {
                Seg::Line(p) => out.push(p),
                Seg::Cubic(c1, c2, p) => {
                    if let Some(corner) = as_quadratic(cur, c1, c2, p) {
                        out.push(corner);
                        out.push(p);
                    } else if as_quarter_circle(cur, c1, c2, p).is_none() {
                        flatten_cubic(cur, c1, c2, p, max_turn_deg, &mut out);
                    }
                }
            }
            cur = self.end_of(s);
        }
        out.dedup_by(|a, b| (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9);
        out
    }

    /// The smallest box holding the whole path (curves exactly, not their control points).
    pub fn bounds(&self) -> Rect {
        let (mut lo, mut hi) = (self.start, self.start);
        let mut add = |p: Point| {
            lo = Point::new(lo.x.min(p.x), lo.y.min(p.y));
            hi = Point::new(hi.x.max(p.x), hi.y.max(p.y));
        };
        let mut cur = self.start;
        for s in &self.segs {
            match *s {
                Seg::Line(p) => add(p),
                Seg::Cubic(c1, c2, p) => {
                    add(p);
                    for t in cubic_extrema(cur.x, c1.x, c2.x, p.x)
                        .into_iter()
                        .chain(cubic_extrema(cur.y, c1.y, c2.y, p.y))
                        .flatten()
                    {
                        add(cubic_at(cur, c1, c2, p, t));
                    }
                }
            }
            cur = self.end_of(s);
        }
        Rect {
            x: lo.x,
            y: lo.y,
            w: hi.x - lo.x,
            h: hi.y - lo.y,
        }
    }

    fn end_of(&self, s: &Seg) -> Point {
        match *s {
            Seg::Line(p) | Seg::Cubic(_, _, p) => p,
        }
    }
}

/// The control point of the quadratic that the cubic `p0 a b p3` raises, if it is one (the
/// rounded corners of orthogonal edges are).
pub fn as_quadratic(p0: Point, a: Point, b: Point, p3: Point) -> Option<Point> {
    let c1 = Point::new(p0.x + 1.5 * (a.x - p0.x), p0.y + 1.5 * (a.y - p0.y));
    let c2 = Point::new(p3.x + 1.5 * (b.x - p3.x), p3.y + 1.5 * (b.y - p3.y));
    ((c1.x - c2.x).abs() < 1e-6 && (c1.y - c2.y).abs() < 1e-6).then_some(c1)
}

/// Radius and sweep (clockwise on screen, y down) of the quarter circle the cubic `p0 a b p3`
/// draws, if it draws one (half a line hop): control points along the end tangents, square
/// to each other, at the circle constant times the radius.
pub fn as_quarter_circle(p0: Point, a: Point, b: Point, p3: Point) -> Option<(f64, bool)> {
    const KAPPA: f64 = 0.552_284_75;
    let len = |x: f64, y: f64| (x * x + y * y).sqrt();
    let r = len(p3.x - p0.x, p3.y - p0.y) / std::f64::consts::SQRT_2;
    let (t0, t1) = ((a.x - p0.x, a.y - p0.y), (p3.x - b.x, p3.y - b.y));
    let tol = 1e-6 * r.max(1.0);
    let square = (t0.0 * t1.0 + t0.1 * t1.1).abs() < tol;
    let sized =
        (len(t0.0, t0.1) - KAPPA * r).abs() < tol && (len(t1.0, t1.1) - KAPPA * r).abs() < tol;
    let sweep = t0.0 * t1.1 - t0.1 * t1.0 > 0.0;
    (r > 1e-9 && square && sized).then_some((r, sweep))
}

/// The point at `t` of a cubic Bézier.
fn cubic_at(p0: Point, p1: Point, p2: Point, p3: Point, t: f64) -> Point {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    Point::new(
        a * p0.x + b * p1.x + c * p2.x + d * p3.x,
        a * p0.y + b * p1.y + c * p2.y + d * p3.y,
    )
}

/// The parameters in (0, 1) where one coordinate of a cubic Bézier turns (its derivative's roots).
fn cubic_extrema(a: f64, b: f64, c: f64, d: f64) -> [Option<f64>; 2] {
    // Derivative / 3: (b - a)(1-t)^2 + 2(c - b)(1-t)t + (d - c)t^2 = qa t^2 + qb t + qc.
    let (e, f, g) = (b - a, c - b, d - c);
    let (qa, qb, qc) = (e - 2.0 * f + g, 2.0 * (f - e), e);
    let inside = |t: f64| (t > 0.0 && t < 1.0).then_some(t);
    if qa.abs() < 1e-12 {
        return [(qb.abs() > 1e-12).then(|| -qc / qb).and_then(inside), None];
    }
    let disc = qb * qb - 4.0 * qa * qc;
    if disc < 0.0 {
        return [None, None];
    }
    let r = disc.sqrt();
    [
        inside((-qb + r) / (2.0 * qa)),
        inside((-qb - r) / (2.0 * qa)),
    ]
}

/// Append points of the cubic (after its start) so consecutive chords turn at most `max_turn_deg`.
fn flatten_cubic(
    p0: Point,
    p1: Point,
    p2: Point,
    p3: Point,
    max_turn_deg: f64,
    out: &mut Vec<Point>,
) {
    let at = |t: f64| {
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        Point::new(
            a * p0.x + b * p1.x + c * p2.x + d * p3.x,
            a * p0.y + b * p1.y + c * p2.y + d * p3.y,
        )
    };
    // Total turning bounds the number of pieces; 2 to 64 chords.
    let dir = |a: Point, b: Point| (b.y - a.y).atan2(b.x - a.x);
    let legs = [(p0, p1), (p1, p2), (p2, p3)];
    let mut turn = 0.0;
    let mut last: Option<f64> = None;
    for (a, b) in legs {
        if (b.x - a.x).abs() + (b.y - a.y).abs() < 1e-9 {
            continue;
        }
        let d = dir(a, b);
        if let Some(l) = last {
            let mut t: f64 = d - l;
            while t > std::f64::consts::PI {
                t -= 2.0 * std::f64::consts::PI;
            }
            while t < -std::f64::consts::PI {
                t += 2.0 * std::f64::consts::PI;
            }
            turn += t.abs();
        }
        last = Some(d);
    }
    let n = ((turn.to_degrees() / max_turn_deg.max(0.1)).ceil() as usize * 2).clamp(2, 64);
    for i in 1..=n {
        out.push(at(i as f64 / n as f64));
    }
}

/// Layout settings: spacing, sizing and the treatment of subgraph directions.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Space between neighbouring nodes in a rank (mermaid `nodeSpacing`, 50).
    pub node_spacing: f64,
    /// Space between ranks (mermaid `rankSpacing`, 50).
    pub rank_spacing: f64,
    /// Space between neighbouring edges.
    pub edge_spacing: f64,
    /// Space between a subgraph's box and what it holds.
    pub cluster_padding: f64,
    /// Space between ports of several edges on one side of a node.
    pub port_spacing: f64,
    /// Space between neighbouring tracks of orthogonal edges in the gap between two ranks.
    pub track_spacing: f64,
    /// How nodes are sized around their labels.
    pub sizing: Sizing,
    /// Padding around edge labels.
    pub label_padding: f64,
    /// The curve edges use unless they set their own.
    pub curve: Curve,
    /// Whether a subgraph with its own `direction` is always laid out that way, even when edges
    /// cross its border (mermaid then ignores the direction).
    pub always_subgraph_direction: bool,
    /// Whether an edge between different subgraphs also lays out their lowest common subgraph
    /// with its parent, ignoring its `direction` (mermaid 12's ELK: `INCLUDE_CHILDREN` on every
    /// subgraph from each end up to that one).
    pub elk_hierarchy: bool,
    /// Subgraph frames as mermaid 12's ELK draws them: the title row flush with the frame's
    /// top, the padding round what it holds and no more (mermaid 11 keeps half the padding
    /// above the title and the band gap inside the frame).
    pub elk_frames: bool,
    /// The least breadth (extent across the ranks) of each node, by node index (room for a
    /// port per edge, say); empty for none.
    pub min_breadth: Vec<f64>,
    /// Whether subgraph titles wrap like labels (mermaid 11); mermaid 12's neo look never
    /// wraps them.
    pub wrap_titles: bool,
}

/// mermaid 12's ELK layout: space between nodes and between ranks (its `spacing.baseValue`).
pub const ELK_SPACING: f64 = 40.0;
/// mermaid 12's ELK layout: padding inside a subgraph's box.
pub const ELK_CLUSTER_PADDING: f64 = 24.0;
/// mermaid 12's neo arrowhead: its length and half its width (px).
pub const NEO_ARROWHEAD: (f64, f64) = (10.5, 6.4);
/// The neo look's ports of several edges on one side: two arrowheads' widths apart, so
/// neighbouring heads never touch and a head's width of white shows between.
pub const NEO_PORT_SPACING: f64 = 2.0 * (2.0 * NEO_ARROWHEAD.1);

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            node_spacing: 50.0,
            rank_spacing: 50.0,
            edge_spacing: 20.0,
            cluster_padding: 15.0,
            port_spacing: 12.0,
            track_spacing: 10.0,
            sizing: Sizing::Pixels { padding: 15.0 },
            label_padding: 4.0,
            curve: Curve::Smooth,
            always_subgraph_direction: false,
            elk_hierarchy: false,
            elk_frames: false,
            min_breadth: Vec::new(),
            wrap_titles: true,
        }
    }
}

impl LayoutOptions {
    /// Pixel options from a diagram's configuration: the look (neo node sizes), the layout
    /// (mermaid 12's ELK: orthogonal edges with rounded corners, 40 px between nodes and
    /// ranks whatever `nodeSpacing` says, 24 px inside boxes; dagre: `nodeSpacing`,
    /// `rankSpacing` and `curve`), and `padding`.
    pub fn from_config(config: &crate::graph::Config) -> LayoutOptions {
        let padding = config
            .flowchart_f64("padding")
            .filter(|p| *p >= 0.0)
            .unwrap_or(15.0);
        let neo = config.look() == crate::graph::Look::Neo;
        let sizing = if neo {
            Sizing::Neo { padding }
        } else {
            Sizing::Pixels { padding }
        };
        let dagre = LayoutOptions {
            node_spacing: config.node_spacing(),
            rank_spacing: config.rank_spacing(),
            port_spacing: if neo { NEO_PORT_SPACING } else { 12.0 },
            sizing,
            curve: config.curve().map(Curve::from_mermaid).unwrap_or_default(),
            wrap_titles: !neo,
            ..LayoutOptions::default()
        };
        if !config.elk() {
            return dagre;
        }
        LayoutOptions {
            node_spacing: ELK_SPACING,
            rank_spacing: ELK_SPACING,
            cluster_padding: ELK_CLUSTER_PADDING,
            curve: Curve::Rounded,
            elk_hierarchy: true,
            elk_frames: true,
            ..dagre
        }
    }
}

/// Where a node is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeGeom {
    /// Centre.
    pub center: Point,
    /// Size of the shape's bounding box.
    pub size: Size,
    /// The label, wrapped, as drawn.
    pub label: RichText,
    /// The label's size.
    pub label_size: Size,
}

impl NodeGeom {
    /// The bounding box.
    pub fn rect(&self) -> Rect {
        Rect::centered(self.center, self.size)
    }
}

/// Where an edge is drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EdgeGeom {
    /// From the source's border to the target's (in the edge's written direction).
    pub path: Path,
    /// The label's box, if the edge has a label.
    pub label_box: Option<Rect>,
    /// The label, wrapped, as drawn.
    pub label: RichText,
    /// The label text's size (the box may hold padding round it).
    pub label_size: Size,
    /// Where the path hops over another edge (orthogonal edges), in the order it meets them.
    pub hops: Vec<Hop>,
}

/// Where a subgraph box is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterGeom {
    /// The box.
    pub rect: Rect,
    /// Where the title goes.
    pub title_box: Rect,
    /// The title, wrapped, as drawn.
    pub title: RichText,
}

/// A finished layout: geometry for every node, edge and subgraph of a diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    /// The diagram's direction.
    pub direction: Direction,
    /// By node index; `None` for nodes that stand for subgraphs.
    pub nodes: Vec<Option<NodeGeom>>,
    /// By edge index.
    pub edges: Vec<EdgeGeom>,
    /// By subgraph index; `None` for a subgraph drawn as a plain node (it holds nothing).
    pub clusters: Vec<Option<ClusterGeom>>,
    /// Time spent in each pass (for `--timings`).
    pub timings: Vec<(&'static str, Duration)>,
}

impl Layout {
    /// Move the whole drawing so its top-left corner (of nodes, boxes, edges and labels) is at
    /// (`margin`, `margin`), and size the canvas to it plus `margin` on the far sides.
    pub fn place_at_margin(&mut self, margin: f64) {
        let all = Written {
            nodes: (0..self.nodes.len()).collect(),
            edges: (0..self.edges.len()).collect(),
            clusters: (0..self.clusters.len()).collect(),
        };
        let (lo, hi) = transform::bounds(self, &all);
        transform::translate(self, &all, margin - lo.x, margin - lo.y);
        self.width = hi.x - lo.x + 2.0 * margin;
        self.height = hi.y - lo.y + 2.0 * margin;
    }
}

/// Records the time of each pass.
pub(crate) struct Timer {
    last: Instant,
    pub(crate) times: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn new() -> Timer {
        Timer {
            last: Instant::now(),
            times: Vec::new(),
        }
    }
    pub(crate) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.times.push((name, now - self.last));
        self.last = now;
    }
    /// The time of each pass, summed over scopes, in the order the passes first ran.
    fn totals(self) -> Vec<(&'static str, Duration)> {
        let mut out: Vec<(&'static str, Duration)> = Vec::new();
        for (name, t) in self.times {
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, sum)) => *sum += t,
                None => out.push((name, t)),
            }
        }
        out
    }
}

/// The parts of a layout one scope holds (its own and, once placed, its inner scopes'): node,
/// edge and subgraph indices.
#[derive(Clone, Debug, Default)]
pub(crate) struct Written {
    pub nodes: Vec<usize>,
    pub edges: Vec<usize>,
    pub clusters: Vec<usize>,
}

impl Written {
    fn append(&mut self, other: Written) {
        self.nodes.extend(other.nodes);
        self.edges.extend(other.edges);
        self.clusters.extend(other.clusters);
    }
}

/// Lay a diagram out.
pub fn layout(d: &Diagram, opts: &LayoutOptions, measure: &dyn TextMeasure) -> Layout {
    let mut timer = Timer::new();
    let scopes = scope::Scopes::new(d, opts.always_subgraph_direction, opts.elk_hierarchy);
    let n_sg = d.subgraphs.len();
    let mut out = Layout {
        direction: d.direction,
        nodes: vec![None; petgraph::visit::NodeIndexable::node_bound(&d.graph)],
        edges: vec![EdgeGeom::default(); d.graph.edge_count()],
        clusters: vec![None; n_sg],
        ..Layout::default()
    };
    // Subgraphs laid out on their own: their boxes (at the origin) and what they hold.
    let mut sizes = vec![Size::default(); n_sg];
    let mut boxes: Vec<Option<ClusterGeom>> = vec![None; n_sg];
    let mut inner: Vec<Written> = vec![Written::default(); n_sg];
    timer.lap("scopes");
    for &scope in &scopes.order {
        let dir = scopes.dir(d, scope);
        let mut g = build::build(d, &scopes, scope, &sizes, opts, measure);
        timer.lap("build");
        acyclic::run(&mut g);
        timer.lap("acyclic");
        rank::run(&mut g);
        timer.lap("rank");
        normalize::run(&mut g, opts);
        timer.lap("normalize");
        order::run(&mut g);
        timer.lap("order");
        position::run(&mut g, opts);
        let ends = route::ends(&g, d, opts);
        let tracks = ortho::plan(&mut g, &ends.ports, opts);
        title_gaps::run(&mut g, opts, &tracks);
        timer.lap("position");
        let mut w = route::run(&mut g, opts, &ends, &tracks, &mut out);
        timer.lap("route");
        transform::orient(&mut out, &w, dir);
        // Place the subgraphs laid out on their own where their nodes went.
        let (lo, _) = transform::bounds(&out, &w);
        let origin = if scope.is_some() {
            Point::default()
        } else {
            Point::new(transform::MARGIN, transform::MARGIN)
        };
        transform::translate(&mut out, &w, origin.x - lo.x, origin.y - lo.y);
        for &s in scopes.subgraphs_in(scope) {
            if scopes.own[s].is_none() {
                continue;
            }
            let at = out.clusters[s]
                .as_ref()
                .map_or(Point::default(), |c| Point::new(c.rect.x, c.rect.y));
            // `w` lists the box already (as the node it was here).
            let held = std::mem::take(&mut inner[s]);
            out.clusters[s] = boxes[s].take();
            let own = Written {
                clusters: vec![s],
                ..Written::default()
            };
            transform::translate(&mut out, &own, at.x, at.y);
            transform::translate(&mut out, &held, at.x, at.y);
            w.append(held);
        }
        let (lo, hi) = transform::bounds(&out, &w);
        match scope {
            Some(s) => {
                let (geom, shift) =
                    own_box(d, s, Size::new(hi.x - lo.x, hi.y - lo.y), opts, measure);
                transform::translate(&mut out, &w, shift.x - lo.x, shift.y - lo.y);
                sizes[s] = Size::new(geom.rect.w, geom.rect.h);
                boxes[s] = Some(geom);
                inner[s] = w;
            }
            None => {
                out.width = hi.x + transform::MARGIN;
                out.height = hi.y + transform::MARGIN;
            }
        }
        timer.lap("transform");
    }
    out.timings = timer.totals();
    out
}

/// The box of a subgraph laid out on its own around contents of size `content` (at the origin),
/// with its title on top; and where the contents go inside it.
fn own_box(
    d: &Diagram,
    s: usize,
    content: Size,
    opts: &LayoutOptions,
    measure: &dyn TextMeasure,
) -> (ClusterGeom, Point) {
    let (title, mut t) =
        build::measured_title(measure.rich_text(&d.subgraphs[s].title), measure, opts);
    if !title.is_empty() {
        t = measure.title_room(t);
    }
    let pad = opts.cluster_padding;
    let band = if title.is_empty() {
        0.0
    } else {
        t.h + pad / 2.0
    };
    let w = (content.w + 2.0 * pad).max(t.w + 2.0 * pad);
    let h = content.h + 2.0 * pad + band;
    let rect = Rect {
        x: 0.0,
        y: 0.0,
        w,
        h,
    };
    let title_box = Rect {
        x: (w - t.w) / 2.0,
        y: pad / 2.0,
        w: t.w,
        h: t.h,
    };
    (
        ClusterGeom {
            rect,
            title_box,
            title,
        },
        Point::new((w - content.w) / 2.0, pad + band),
    )
}
