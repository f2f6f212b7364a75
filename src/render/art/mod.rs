//! Text art: a diagram drawn with box-drawing characters (or pure ASCII) on a character
//! grid, for plain-text docs and terminals.
//!
//! The layered layout runs in cell units (labels measured in display columns, edge labels
//! reserving room beside their line); boxes, frames and labels are snapped to the grid, and
//! every edge is then routed orthogonally on the grid (`route`) under the readability
//! rules: no line through a box, text or along a border; lines of different networks never
//! share a cell except to cross straight through each other (`┼`); lines only join (`├ ┤ ┬ ┴`)
//! where they leave the same node; an arrowhead touches the box it enters.

mod carve;
mod enclosure;
mod fit;
mod glyphs;
mod grid;
mod route;

use crate::graph::{ArrowEnd, Diagram, Shape, Stroke};
use crate::layout::measure::{CellMeasure, Size, TextMeasure};
use crate::layout::shapes::Sizing;
use crate::layout::{layout, Curve, Layout, LayoutOptions, Point, Rect};
use crate::text::rich::RichText;
use fit::{fit, rank_bands};
use glyphs::{opposite, Weight, E, N, S, W};
use grid::{CellRect, Grid, Kind};
use unicode_width::UnicodeWidthStr;

/// How text art is drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextOptions {
    /// Pure 7-bit ASCII (`+ - | > < ^ v`) instead of Unicode box drawing.
    pub ascii: bool,
    /// The widest line allowed, in display columns; labels wrap and spacing shrinks to fit.
    pub max_width: Option<usize>,
    /// Blank cells between a label and its box border, left and right.
    pub padding: usize,
    /// Labels wider than this many columns wrap at spaces (`None`: never): a box much wider
    /// than a phrase is hard to take in and pushes a drawing past a terminal's width.
    pub wrap: Option<usize>,
    /// Fit within this many columns if the drawing can be made that narrow (labels wrapped
    /// tighter, spacing compacted, the direction turned a quarter): a document's or a
    /// terminal's width. Else it is drawn as narrow as the plans that might have fitted came
    /// out, as laid out when none might: a wider drawing is still better than none. `None`:
    /// as laid out.
    pub fit_width: Option<usize>,
}

/// Labels wrap at this many columns unless told otherwise.
pub const DEFAULT_WRAP: usize = 30;

/// The width text art fits within unless told otherwise: a plain-text document's (they are
/// read at 80 to 120 columns).
pub const DOC_WIDTH: usize = 100;

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            ascii: false,
            max_width: None,
            padding: 1,
            wrap: Some(DEFAULT_WRAP),
            fit_width: Some(DOC_WIDTH),
        }
    }
}

/// Why a diagram could not be drawn as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextError {
    /// What went wrong, for the user.
    pub message: String,
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TextError {}

thread_local! {
    /// The search state, kept between drawings on a thread: its arrays are as large as the
    /// grid, and allocating them afresh each time costs more than a small drawing.
    static ROUTER: std::cell::RefCell<route::Router> = std::cell::RefCell::new(route::Router::new(0));
}

/// The most edges text art draws: past this a character grid shows a tangle, not a diagram
/// (and routing it would take minutes and gigabytes).
pub const MAX_EDGES: usize = 1000;

/// The largest grid text art routes on (before its empty rows and columns are squeezed out):
/// about 2,000 columns by 1,000 rows, 160 MB of routing state; nobody reads a bigger drawing.
pub const MAX_CELLS: usize = 2_000_000;

/// The most search steps routing one drawing may take: the densest real diagrams we hold
/// need about 200,000; a complete graph of 40 nodes would need 60 million (5 s).
pub const MAX_ROUTING_WORK: u64 = 4_000_000;

/// How many times over narrowing a drawing may visit its grid (each seam cut visits it all):
/// enough for the gaps of a real diagram, bounded for a huge one.
const CARVE_PASSES: usize = 40;

/// Drawings at most this wide are not narrowed (they fit a narrow terminal as they are).
const NARROW: usize = 80;

/// The most cells narrowing one drawing may visit in all.
const CARVE_WORK: usize = 1_000_000;

/// Draw `d` as text art. Fails when `max_width` cannot be met, or when the diagram is beyond
/// what a character grid shows usefully ([`MAX_EDGES`], [`MAX_CELLS`], [`MAX_ROUTING_WORK`]).
pub fn render(d: &Diagram, o: &TextOptions) -> Result<String, TextError> {
    let edges = d
        .edges()
        .filter(|(_, _, _, e)| e.stroke != Stroke::Invisible)
        .count();
    if edges > MAX_EDGES {
        return Err(TextError {
            message: format!(
                "too large for text art: {} edges, and text art draws at most {}; render it as SVG or PNG",
                thousands(edges),
                thousands(MAX_EDGES)
            ),
        });
    }
    let wrap = o.wrap.map(|w| w.max(1) as f64);
    let Some(max) = o.max_width.or(o.fit_width) else {
        return draw_any(d, o, wrap, false).map(|p| p.text);
    };
    let Picture { text, width, .. } = fit(d, o, wrap, max)?;
    if width <= max || o.max_width.is_none() {
        return Ok(text);
    }
    Err(TextError {
        message: format!(
            "the diagram cannot be drawn within {max} columns: with labels wrapped, spacing compacted and its direction turned it still needs {width}"
        ),
    })
}

/// A drawing and how many columns it spans.
#[derive(Clone, Debug, Default)]
struct Picture {
    text: String,
    width: usize,
    /// Every edge was routed (a drawing that could not route them all keeps the rest).
    complete: bool,
    /// Some rectangle of lines reads as a node's outer border (pure ASCII, see
    /// [`enclosure`]): lines touching it read as attached to the node.
    misread: bool,
    /// The nodes of each band of ranks, in order along the ranks (see [`rank_bands`]).
    bands: Vec<Vec<usize>>,
}

impl Picture {
    /// Whether this drawing is better than `other`: complete before missing an edge, then
    /// read as drawn, then narrower.
    fn better_than(&self, other: &Picture) -> bool {
        (self.complete, !self.misread, std::cmp::Reverse(self.width))
            > (
                other.complete,
                !other.misread,
                std::cmp::Reverse(other.width),
            )
    }
}

/// Above this many edges a drawing starts with twice the spacing.
const CROWDED_EDGES: usize = 60;

/// Draw with ever more room until every edge finds a legal route.
fn draw_any(
    d: &Diagram,
    o: &TextOptions,
    wrap: Option<f64>,
    compact: bool,
) -> Result<Picture, TextError> {
    // Lines may run beside other lines at a cost: box drawing never joins them there. Pure
    // ASCII draws every corner as `+`, which joins whatever points at it, so there a route
    // never turns beside another line pointing its way, and a crowded drawing gets more
    // room instead.
    let tries: &[(f64, Strictness)] = if o.ascii {
        &[
            (1.0, Strictness::Strict),
            (2.0, Strictness::Strict),
            (3.0, Strictness::Strict),
            (4.0, Strictness::Anything),
        ]
    } else {
        &[
            (1.0, Strictness::Loose),
            (2.0, Strictness::Loose),
            (4.0, Strictness::Anything),
        ]
    };
    // Big graphs carry many edges through every gap between ranks: they start with the
    // room a crowded drawing would end up asking for (routing there is also much faster
    // than squeezing through tight gaps).
    let crowded = d.graph.edge_count() > CROWDED_EDGES;
    let tries = if crowded { &tries[1..] } else { tries };
    let mut last = Picture::default();
    // The first drawing that routed every edge but reads a rectangle as a node's border
    // (the only complete drawing turned down): when more room does not help, the most
    // compact one is kept.
    let mut first_misread: Option<Picture> = None;
    for &(spread, strict) in tries {
        match draw(d, o, wrap, compact, spread, strict) {
            Ok(s) => {
                return Ok(match first_misread {
                    Some(p) if !s.complete || s.misread => p,
                    _ => s,
                })
            }
            Err(Unfinished::Partial(partial)) => {
                if partial.complete && first_misread.is_none() {
                    first_misread = Some(partial.clone());
                }
                last = partial;
            }
            Err(Unfinished::TooDense) => {
                return Err(TextError {
                    message: format!(
                        "too dense for text art: routing its edges took more than {} search steps; render it as SVG or PNG",
                        thousands(MAX_ROUTING_WORK as usize)
                    ),
                })
            }
            Err(Unfinished::TooBig { w, h }) => {
                return Err(TextError {
                    message: format!(
                        "too large for text art: the drawing needs a grid of {w} × {h} cells, and text art routes on at most {}; render it as SVG or PNG",
                        thousands(MAX_CELLS)
                    ),
                })
            }
        }
    }
    Ok(last)
}

/// `1234567` as `1,234,567`, for limits in messages.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Why one attempt at a drawing did not finish.
enum Unfinished {
    /// Some edges found no legal route: the drawing without them.
    Partial(Picture),
    /// The grid would hold more than [`MAX_CELLS`] cells.
    TooBig { w: usize, h: usize },
    /// Routing took more than [`MAX_ROUTING_WORK`] search steps.
    TooDense,
}

/// How hard the routing rules are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strictness {
    /// Lines run beside other lines only at a cost, and never where they would read as
    /// joined to them (see [`route::Rule::Strict`]).
    Strict,
    /// As strict, but reading as joined only costs (so only where there is no other good
    /// way), and past another port's front as a last resort; still never sharing a cell
    /// except to cross.
    Loose,
    /// Last resort: as loose, and an edge that still cannot be routed is left out.
    Anything,
}

/// Measures labels in cells, with room for the requested padding.
struct PaddedMeasure {
    cells: CellMeasure,
    extra: f64,
}

impl TextMeasure for PaddedMeasure {
    fn width(&self, text: &str, bold: bool, italic: bool) -> f64 {
        self.cells.width(text, bold, italic)
    }
    fn size(&self, text: &RichText) -> Size {
        let s = self.cells.size(text);
        Size::new((s.w + self.extra).max(0.0), s.h)
    }
    fn line_height(&self) -> f64 {
        1.0
    }
    fn wrap_width(&self) -> Option<f64> {
        self.cells.wrap
    }
    fn edge_label_lines(&self) -> Option<usize> {
        Some(EDGE_LABEL_LINES)
    }
    /// Markdown labels keep their `**` and `_` markers: plain text has no bold.
    fn rich_text(&self, label: &crate::graph::Label) -> RichText {
        if label.kind == crate::graph::LabelKind::Markdown {
            RichText::plain(label.text())
        } else {
            RichText::from_label(label)
        }
    }
    /// Labels are written across their line, not on a chip over it.
    fn edge_label_room(&self, label: Size, across: bool, padding: f64) -> Size {
        if across {
            // In the line: a cell of line either side (and the padding).
            Size::new(label.w + 2.0 + 2.0 * padding, label.h)
        } else {
            // Across the line: a blank either side, a row above and below for the line
            // going into it and on out of it.
            Size::new(label.w + 2.0, label.h + 2.0 + padding)
        }
    }
    /// A row under the title for lines on their way to the boxes below.
    fn title_room(&self, title: Size) -> Size {
        Size::new(title.w, title.h + 1.0)
    }
}

/// An edge label wraps into at most this many lines: a taller stack of words beside a line
/// reads as text of its own.
const EDGE_LABEL_LINES: usize = 3;

/// The least breadth of each node so every edge end gets its own port, two cells apart.
/// Across a horizontal diagram (where breadth costs rows) a node's plain arrows out count
/// once: they leave by one port and branch in the wide gap between ranks.
fn min_breadth(d: &Diagram) -> Vec<f64> {
    let horizontal = d.direction.is_horizontal();
    let n = petgraph::visit::NodeIndexable::node_bound(&d.graph);
    let mut shared_out = vec![false; n];
    let mut own_out = vec![0usize; n];
    let mut ins = vec![0usize; n];
    for (_, a, b, e) in d.edges() {
        if e.stroke == Stroke::Invisible {
            continue;
        }
        let (a, b) = (a.index(), b.index());
        if a != b && is_shared(e) && horizontal {
            shared_out[a] = true;
        } else {
            own_out[a] += 1;
        }
        ins[b] += 1;
    }
    (0..n)
        .map(|i| {
            let k = (own_out[i] + usize::from(shared_out[i])).max(ins[i]);
            if k > 1 {
                (2 * k + 1) as f64
            } else {
                0.0
            }
        })
        .collect()
}

/// Whether an edge joins its source's fan-out network: a plain light arrow.
fn is_shared(e: &crate::graph::Edge) -> bool {
    e.arrow_end == ArrowEnd::Arrow
        && e.arrow_start == ArrowEnd::None
        && matches!(e.stroke, Stroke::Normal | Stroke::Invalid)
}

fn cell_options(d: &Diagram, compact: bool, spread: f64) -> LayoutOptions {
    let (node, rank) = match (d.direction.is_horizontal(), compact) {
        (false, false) => (4.0, 4.0),
        (false, true) => (2.0, 2.0),
        (true, false) => (2.0, 4.0),
        (true, true) => (2.0, 3.0),
    };
    LayoutOptions {
        node_spacing: node * spread,
        rank_spacing: rank * spread,
        edge_spacing: 2.0 * spread,
        cluster_padding: 2.0,
        port_spacing: 2.0,
        sizing: Sizing::Cells,
        label_padding: 0.0,
        // Text art routes on its own grid; only the ends of the layout's paths count.
        curve: Curve::Linear,
        track_spacing: 1.0,
        always_subgraph_direction: false,
        // A subgraph's own direction is kept wherever mermaid 11 kept it: the art's look.
        elk_hierarchy: false,
        elk_frames: false,
        min_breadth: min_breadth(d),
        wrap_titles: true,
    }
}

/// What an edge end attaches to.
#[derive(Clone, Copy, Debug)]
struct Object {
    rect: CellRect,
    /// The float rectangle (for telling which side a layout path meets).
    float: Rect,
    /// A node (its index) or a subgraph frame.
    node: Option<usize>,
    /// A cylinder's lid row under the top: no port beside it.
    lid: bool,
}

/// One edge end on one side of a box or frame.
#[derive(Clone, Copy, Debug)]
struct Attachment {
    route: usize,
    at_start: bool,
    side: u8,
    along: f64,
    net: u32,
    shared: bool,
    lid: bool,
}

/// An edge to route.
struct Route {
    edge: usize,
    from: Object,
    to: Object,
    net: u32,
    /// Whether the network is its source's fan-out (shared with its other plain arrows).
    shared: bool,
    weight: Weight,
    arrow_start: ArrowEnd,
    arrow_end: ArrowEnd,
    /// Port cells (set once ports are assigned) and their sides.
    start: usize,
    start_side: u8,
    goal: usize,
    goal_side: u8,
    /// The straight stretch beside the label: cells in travel order.
    label_line: Vec<usize>,
}

fn snap(r: Rect) -> CellRect {
    let x0 = r.x.round() as isize;
    let y0 = r.y.round() as isize;
    CellRect {
        x0,
        y0,
        x1: x0 + (r.w.round() as isize).max(1) - 1,
        y1: y0 + (r.h.round() as isize).max(1) - 1,
    }
}

fn draw(
    d: &Diagram,
    o: &TextOptions,
    wrap: Option<f64>,
    compact: bool,
    spread: f64,
    strict: Strictness,
) -> Result<Picture, Unfinished> {
    let (l, mut g) = lay_out(d, o, wrap, compact, spread)?;
    let frames = place_frames(&mut g, &l);
    let objects = place_nodes(&mut g, d, &l, &frames);
    let mut routes = edge_routes(d, &objects);
    assign_ports(&mut g, &l, &mut routes);
    // Edge labels beside their line; the line beside each is kept for its edge.
    for r in routes.iter_mut() {
        place_edge_label(&mut g, &l, r);
    }
    keep_port_fronts(&mut g, &mut routes);
    let (g, complete, misread) = route_readably(g, &routes, strict, &objects, &frames)?;
    let mut picture = write(g);
    picture.complete = complete;
    picture.misread = misread;
    picture.bands = rank_bands(&l);
    if complete && !misread || strict == Strictness::Anything {
        Ok(picture)
    } else {
        Err(Unfinished::Partial(picture))
    }
}

/// How many times an ASCII drawing is routed again round a rectangle that misreads.
const REROUTES: usize = 6;

/// Route every edge on `g` (see [`route_all`]); whether all were routed, and whether some
/// rectangle of lines misreads. In ASCII, crossings close rectangles: one that reads as a
/// node's outer border, or as a frame's, makes every line touching it read as attached.
/// Such a drawing is routed again, from the grid as it was, with every route paying to run
/// along the sides of each rectangle found so far ([`REROUTES`] times at most; then it is
/// drawn again with more room).
fn route_readably(
    mut g: Grid,
    routes: &[Route],
    strict: Strictness,
    objects: &[Option<Object>],
    frames: &[Option<CellRect>],
) -> Result<(Grid, bool, bool), Unfinished> {
    let boxes: Vec<CellRect> = objects
        .iter()
        .flatten()
        .filter(|o| o.node.is_some())
        .map(|o| o.rect)
        .collect();
    let frames: Vec<CellRect> = frames.iter().flatten().copied().collect();
    // A drawing of several hundred edges is not routed again: its grid would be held twice.
    let unrouted = (g.ascii && g.cells.len() <= PROMPT_RELEASE_CELLS).then(|| g.clone());
    let (mut round, mut work) = (0, 0);
    loop {
        let complete = route_all(&mut g, routes, strict);
        let expanded = ROUTER.with(|r| r.borrow().expanded);
        if expanded > MAX_ROUTING_WORK {
            return Err(Unfinished::TooDense);
        }
        work += expanded;
        let Some(rect) = enclosure::misleading(&g, &boxes, &frames) else {
            return Ok((g, complete, false));
        };
        // The rounds together take at most the routing work one drawing may.
        let more = round < REROUTES && work <= MAX_ROUTING_WORK;
        let Some(before) = unrouted.as_ref().filter(|_| more) else {
            return Ok((g, complete, true));
        };
        let avoid = std::mem::take(&mut g.avoid);
        g = before.clone();
        g.avoid = avoid;
        g.avoid_sides(rect);
        round += 1;
    }
}

/// From a grid this big on (a drawing of several hundred edges), freed memory goes back to
/// the system at once.
const PROMPT_RELEASE_CELLS: usize = 500_000;

/// The binaries allocate with mimalloc, which keeps freed pages a while before giving them
/// back: fast for the many small blocks of parsing and drawing, but a large drawing tries
/// several big grids one after another, and its peak resident size grew by a fifth (a random
/// graph of 1,000 edges: 250 MB against 175 MB). Such drawings set mimalloc's `purge_delay`
/// to 0 (for the rest of the process). With another global allocator this only changes
/// mimalloc's unused options.
fn return_freed_memory_promptly() {
    // Links mimalloc's C library into every build of this crate, tests included.
    extern crate libmimalloc_sys as _;
    extern "C" {
        /// Linked from libmimalloc-sys (a dependency of this crate).
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    /// `mi_option_purge_delay` in mimalloc 3's `mi_option_e`.
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    // SAFETY: setting an option is a plain store in mimalloc's option table.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

/// Lay `d` out in whole cells, with a margin for routes round the outside, and the empty
/// grid to draw it on.
fn lay_out(
    d: &Diagram,
    o: &TextOptions,
    wrap: Option<f64>,
    compact: bool,
    spread: f64,
) -> Result<(Layout, Grid), Unfinished> {
    let measure = PaddedMeasure {
        cells: CellMeasure { wrap },
        extra: 2.0 * (o.padding as f64 - 1.0),
    };
    let opts = cell_options(d, compact, spread);
    let mut l = layout(d, &opts, &measure);
    let margin = 3.0;
    l.place_at_margin(margin);
    let gw = l.width.ceil() as usize + 2;
    let gh = l.height.ceil() as usize + 2;
    if gw.saturating_mul(gh) > MAX_CELLS {
        return Err(Unfinished::TooBig { w: gw, h: gh });
    }
    if gw * gh > PROMPT_RELEASE_CELLS {
        return_freed_memory_promptly();
    }
    let mut g = Grid::new(gw, gh);
    g.ascii = o.ascii;
    Ok((l, g))
}

/// Draw the subgraph frames, outermost first, then their titles; each frame's cells.
fn place_frames(g: &mut Grid, l: &Layout) -> Vec<Option<CellRect>> {
    let ascii = g.ascii;
    let mut frames: Vec<Option<CellRect>> = vec![None; l.clusters.len()];
    for (s, c) in l.clusters.iter().enumerate().rev() {
        if let Some(c) = c {
            frames[s] = Some(snap(c.rect));
        }
    }
    for f in frames.iter().rev().flatten() {
        g.frame(*f, ascii);
    }
    for (s, c) in l.clusters.iter().enumerate() {
        let (Some(c), Some(f)) = (c, frames[s]) else {
            continue;
        };
        let lines = line_texts(&c.title);
        let ty = (c.title_box.y.round() as isize).clamp(f.y0 + 1, f.y1 - 1);
        let widest = lines.iter().map(|l| l.width()).max().unwrap_or(0) as isize;
        let at_left = !labels_beside(
            l,
            f.x0 + 1,
            f.x0 + 2 + widest,
            ty,
            ty + lines.len() as isize,
        );
        for (i, line) in lines.iter().enumerate() {
            let w = line.width() as isize;
            let inner = f.x1 - f.x0 - 1;
            // At the left, out of the way of lines coming in over the middle, unless an edge
            // label was laid out there: then where the layout put the title, clear of it.
            let tx = if at_left {
                f.x0 + 2.min(((inner - w) / 2).max(0) + 1)
            } else {
                let centre = c.title_box.x + c.title_box.w / 2.0;
                ((centre - w as f64 / 2.0).round() as isize)
                    .clamp(f.x0 + 1, (f.x1 - w).max(f.x0 + 1))
            };
            g.text(tx, ty + i as isize, line);
            // Air left and right of the title; lines may pass under it to reach the boxes
            // close below.
            for x in [tx - 1, tx + w] {
                if let Some(c) = g.at(x, ty + i as isize) {
                    if g.cells[c].kind == Kind::Free && g.cells[c].bits == 0 {
                        g.cells[c].kind = Kind::Halo;
                    }
                }
            }
        }
    }

    frames
}

/// Whether an edge label of `l` was laid out within a cell of columns `x0..=x1`, rows
/// `y0..=y1`.
fn labels_beside(l: &Layout, x0: isize, x1: isize, y0: isize, y1: isize) -> bool {
    l.edges.iter().filter_map(|e| e.label_box).any(|b| {
        let r = snap(b);
        r.x0 <= x1 + 1 && r.x1 >= x0 - 1 && r.y0 <= y1 && r.y1 >= y0
    })
}

/// Draw the node boxes: what each edge end attaches to (a node, or the frame of a subgraph
/// an edge names), by node index.
fn place_nodes(
    g: &mut Grid,
    d: &Diagram,
    l: &Layout,
    frames: &[Option<CellRect>],
) -> Vec<Option<Object>> {
    let ascii = g.ascii;
    let mut objects: Vec<Option<Object>> = vec![None; l.nodes.len()];
    for (ni, n) in d.nodes() {
        let i = ni.index();
        let Some(geom) = l.nodes.get(i).and_then(|n| n.as_ref()) else {
            continue;
        };
        let rect = snap(geom.rect());
        draw_box(g, rect, &n.shape, geom, ascii);
        objects[i] = Some(Object {
            rect,
            float: geom.rect(),
            node: Some(i),
            lid: n.shape == Shape::Cylinder && rect.y1 - rect.y0 >= 3,
        });
    }
    // Nodes that stand for subgraphs attach to the frame.
    for (ni, n) in d.nodes() {
        let i = ni.index();
        if objects[i].is_some() {
            continue;
        }
        if let Some(s) = d.subgraphs.iter().position(|s| s.id == n.id) {
            if let (Some(f), Some(c)) = (frames[s], &l.clusters[s]) {
                objects[i] = Some(Object {
                    rect: f,
                    float: c.rect,
                    node: None,
                    lid: false,
                });
            }
        }
    }
    for ob in objects.iter().flatten() {
        if ob.node.is_some() {
            g.ring(ob.rect, Kind::Halo);
        }
    }

    objects
}

/// What to route for each drawn edge, with its network (a source's plain arrows share one);
/// ports are assigned later.
fn edge_routes(d: &Diagram, objects: &[Option<Object>]) -> Vec<Route> {
    let mut routes: Vec<Route> = Vec::new();
    let mut next_net = d.graph.node_count() as u32;
    for (ei, na, nb, ed) in d.edges() {
        if ed.stroke == Stroke::Invisible {
            continue;
        }
        let (a, b) = (na.index(), nb.index());
        let (Some(from), Some(to)) = (objects[a], objects[b]) else {
            continue;
        };
        let weight = match ed.stroke {
            Stroke::Thick => Weight::Heavy,
            Stroke::Dotted => Weight::Dotted,
            _ => Weight::Light,
        };
        let shared = a != b && is_shared(ed);
        let net = if shared {
            a as u32
        } else {
            next_net += 1;
            next_net
        };
        routes.push(Route {
            edge: ei.index(),
            from,
            to,
            net,
            shared,
            weight,
            arrow_start: ed.arrow_start,
            arrow_end: ed.arrow_end,
            start: 0,
            start_side: S,
            goal: 0,
            goal_side: N,
            label_line: Vec::new(),
        });
    }
    routes
}

/// Write an edge's label across (or, where it cannot be, beside) its line and keep the
/// line's cells there for the edge.
fn place_edge_label(g: &mut Grid, l: &Layout, r: &mut Route) {
    let geom = &l.edges[r.edge];
    let Some(b) = geom.label_box else {
        return;
    };
    let lines = line_texts(&geom.label);
    let lw = lines.iter().map(|s| s.width()).max().unwrap_or(0) as isize;
    let lh = lines.len() as isize;
    if lh == 0 {
        return;
    }
    let LabelSpot {
        at: mut text_at,
        line,
        nudges,
    } = label_spot(g, l, r, b, &lines, lw);
    // The line may run through open cells, and with box drawing straight across a frame's
    // side (`┼`). Pure ASCII draws that crossing as a `+`, which joins the frame's `-` or `|`
    // beside it: there the label moves one cell along its line, off the frame, if the cells
    // it moves to are open.
    let upright = line.windows(2).all(|w| w[0].0 == w[1].0);
    let ascii = g.ascii;
    let crossable = |c: &grid::Cell| match c.kind {
        Kind::Free => c.bits == 0,
        Kind::FrameH => !ascii && upright && c.bits == E | W && !c.cross,
        Kind::FrameV => !ascii && !upright && c.bits == N | S && !c.cross,
        _ => false,
    };
    // A move of `d` cells along the line.
    let along = |d: isize| if upright { (0, d) } else { (d, 0) };
    let line_at = |d: isize| -> Option<Vec<usize>> {
        let (dx, dy) = along(d);
        let cells: Vec<usize> = line
            .iter()
            .filter_map(|&(x, y)| g.at(x + dx, y + dy))
            .collect();
        (cells.len() == line.len() && cells.iter().all(|&c| crossable(&g.cells[c])))
            .then_some(cells)
    };
    let text_open = |d: isize| {
        let (dx, dy) = along(d);
        (0..lh).all(|i| {
            (0..lw).all(|j| {
                g.at(text_at.0 + dx + j, text_at.1 + dy + i)
                    .is_some_and(|c| g.cells[c].kind == Kind::Free && !g.cells[c].shown())
            })
        })
    };
    let (shift, mut cells) = match line_at(0) {
        Some(cells) => (0, cells),
        None => [-1, 1]
            .into_iter()
            .find_map(|d| Some((d, line_at(d).filter(|_| text_open(d))?)))
            .unwrap_or_default(),
    };
    if shift != 0 {
        let (dx, dy) = along(shift);
        text_at = (text_at.0 + dx, text_at.1 + dy);
    }
    // Travel the way the edge goes: from the source's side towards the target's.
    if let (Some(&first), Some(&last)) = (cells.first(), cells.last()) {
        let ((fx, fy), (lx, ly)) = (g.xy(first), g.xy(last));
        let ((sx, sy), (tx, ty)) = (g.xy(r.start), g.xy(r.goal));
        let backwards = if fx != lx {
            (tx - sx).signum() == (fx - lx).signum()
        } else {
            (ty - sy).signum() == (fy - ly).signum()
        };
        if backwards {
            cells.reverse();
        }
    }
    for &c in &cells {
        if g.cells[c].kind == Kind::Free {
            g.cells[c].kind = Kind::Reserved;
        }
    }
    // Each line centred under the widest, so a wrapped label reads as one block.
    for (i, line) in lines.iter().enumerate() {
        let indent = (lw - line.width() as isize) / 2 + nudges[i];
        g.text(text_at.0 + indent, text_at.1 + i as isize, line);
    }
    let text_rect = CellRect {
        x0: text_at.0,
        y0: text_at.1,
        x1: text_at.0 + lw - 1,
        y1: text_at.1 + lh - 1,
    };
    g.ring(text_rect, Kind::Halo);
    r.label_line = cells;
}

/// Where an edge label goes.
struct LabelSpot {
    /// The text's top left cell.
    at: (isize, isize),
    /// The cells of line it stops short of on either side (none for a self-loop, whose
    /// label sits beside its loop).
    line: Vec<(isize, isize)>,
    /// How far each row moves from centred.
    nudges: Vec<isize>,
}

/// Where the label of `r`, laid out in `b`, goes on the grid (`lw`: its widest line).
fn label_spot(g: &Grid, l: &Layout, r: &Route, b: Rect, lines: &[String], lw: isize) -> LabelSpot {
    let ascii = g.ascii;
    let geom = &l.edges[r.edge];
    let lh = lines.len() as isize;
    let (cx, cy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
    let self_loop = r.is_self_loop();
    // Rows moved sideways from centred (a row too short to meet the line where the
    // others do).
    let mut nudges = vec![0; lines.len()];
    let (text_at, line): ((isize, isize), Vec<(isize, isize)>) = if self_loop {
        let beside = loop_label_at(g, r.from.rect, l.direction.is_horizontal(), lw, lh);
        (
            beside.unwrap_or((b.x.round() as isize, b.y.round() as isize)),
            vec![],
        )
    } else if runs_vertically(&geom.path, Point { x: cx, y: cy }) {
        // On the line: the text centred on it, the line stopping just above and going
        // on just below (a reader bridges it straight across).
        let lx = cx.floor() as isize;
        let ty0 = (cy - lh as f64 / 2.0).round() as isize;
        let (shift, moved) = letter_under(lines, lw, lw / 2);
        nudges = moved;
        let left = lx - lw / 2 - shift;
        ((left, ty0), vec![(lx, ty0 - 1), (lx, ty0 + lh)])
    } else {
        // In the line: it stops just before the label's middle row and goes on just after
        // it (`──▶`-style inline labels read straight across).
        // A row starting or ending with what reads as a line (`!`, `|`, `-`, …) cannot
        // be: the label goes above the line then.
        let ly = cy.floor() as isize;
        let tx0 = (cx - lw as f64 / 2.0).round() as isize;
        let row = (lh / 2) as usize;
        if reads_inline(&lines[row], ascii) {
            let ty0 = ly - row as isize;
            let middle = lines[row].width() as isize;
            let x0 = tx0 + (lw - middle) / 2;
            // The line reaches the row's text from outside the whole block.
            let line = (tx0 - 1..x0).chain(x0 + middle..=tx0 + lw).map(|x| (x, ly));
            ((tx0, ty0), line.collect())
        } else {
            (
                (tx0, ly - lh),
                (tx0 - 1..=tx0 + lw).map(|x| (x, ly)).collect(),
            )
        }
    };
    LabelSpot {
        at: text_at,
        line,
        nudges,
    }
}

/// Route every edge, labelled ones first (their line is fixed), then shortest first, and
/// paint each route found; whether every edge found one.
fn route_all(g: &mut Grid, routes: &[Route], strict: Strictness) -> bool {
    let ascii = g.ascii;
    let mut order: Vec<usize> = (0..routes.len()).collect();
    order.sort_by_key(|&i| {
        let r = &routes[i];
        let ((ax, ay), (bx, by)) = (g.xy(r.start), g.xy(r.goal));
        (
            r.label_line.is_empty(),
            (ax - bx).abs() + (ay - by).abs(),
            i,
        )
    });
    let mut complete = true;
    ROUTER.with(|router| {
        let mut router = router.borrow_mut();
        router.fit(g.w * g.h);
        router.expanded = 0;
        router.work_limit = MAX_ROUTING_WORK;
        for i in order {
            let r = &routes[i];
            let Some(cells) = route_one(&mut router, g, r, strict) else {
                complete = false;
                continue;
            };
            paint(g, r, &cells, ascii);
        }
        router.spent += router.expanded;
    });
    complete
}

/// Compact the finished grid (repeated rows, spare seams) and write it out.
fn write(mut g: Grid) -> Picture {
    let ascii = g.ascii;
    g.squeeze(1, 2);
    // Narrowing serves narrow screens: a drawing that fits one already is left as laid out.
    if g.shown_width() > NARROW {
        g.carve(2, (CARVE_PASSES * g.w * g.h).min(CARVE_WORK));
    }
    if ascii {
        g.solid_dots_at_joints();
    }
    Picture {
        width: g.shown_width(),
        text: g.to_text(ascii),
        complete: true,
        misread: false,
        bands: Vec::new(),
    }
}

/// A label's lines as plain text (text art has no bold or italic).
fn line_texts(t: &crate::text::rich::RichText) -> Vec<String> {
    // A tab is a blank, one cell wide (as the cell measure counts it).
    t.lines
        .iter()
        .map(|l| l.text().replace('\t', " "))
        .collect()
}

/// A node's outline and label.
fn draw_box(g: &mut Grid, r: CellRect, shape: &Shape, geom: &crate::layout::NodeGeom, ascii: bool) {
    let ol = glyphs::outline(shape, ascii);
    for x in r.x0 + 1..r.x1 {
        g.put(x, r.y0, ol.horizontal);
        g.put(x, r.y1, ol.horizontal);
    }
    for y in r.y0 + 1..r.y1 {
        g.put(r.x0, y, ol.sides[0]);
        g.put(r.x1, y, ol.sides[1]);
        for x in r.x0 + 1..r.x1 {
            g.put(x, y, ' ');
        }
    }
    g.put(r.x0, r.y0, ol.corners[0]);
    g.put(r.x1, r.y0, ol.corners[1]);
    g.put(r.x0, r.y1, ol.corners[2]);
    g.put(r.x1, r.y1, ol.corners[3]);
    let mut top = r.y0 + 1;
    if let Some([a, m, b]) = ol.lid {
        if r.y1 - r.y0 >= 3 {
            g.put(r.x0, top, a);
            for x in r.x0 + 1..r.x1 {
                g.put(x, top, m);
            }
            g.put(r.x1, top, b);
            top += 1;
        }
    }
    let lines = line_texts(&geom.label);
    let rows = r.y1 - top;
    let y = top + ((rows - lines.len() as isize) / 2).max(0);
    for (i, line) in lines.iter().enumerate() {
        let w = line.width() as isize;
        let inner = r.x1 - r.x0 - 1;
        let x = r.x0 + 1 + ((inner - w + 1) / 2).max(0);
        if y + (i as isize) < r.y1 {
            g.text(x, y + i as isize, line);
        }
    }
}

/// The side of `ob` a layout path meets at `p`, and where along it.
fn side_of(ob: &Object, p: Point) -> (u8, f64) {
    let f = ob.float;
    let d = [
        ((p.y - f.y).abs(), N, p.x),
        ((p.x - (f.x + f.w)).abs(), E, p.y),
        ((p.y - (f.y + f.h)).abs(), S, p.x),
        ((p.x - f.x).abs(), W, p.y),
    ];
    let best = d
        .iter()
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .expect("four sides");
    (best.1, best.2)
}

/// Where a self-loop's label goes: beside the loop [`loop_end`] makes (right of its climb
/// when ranks run down, right of its top when they run across), if nothing is there yet.
fn loop_label_at(
    g: &Grid,
    rect: CellRect,
    horizontal: bool,
    w: isize,
    h: isize,
) -> Option<(isize, isize)> {
    let at = if horizontal {
        (rect.x1 + 1, rect.y0 - 1 - h)
    } else {
        (rect.x1 + 4, rect.y0)
    };
    // Free for the text, and nothing drawn (a box, other text, a line) right round it.
    let cell = |x, y| g.at(x, y).map(|i| &g.cells[i]);
    let text_free = (at.1..at.1 + h).all(|y| {
        (at.0..at.0 + w).all(|x| cell(x, y).is_some_and(|c| c.kind == Kind::Free && c.bits == 0))
    });
    let ring_clear = (at.1 - 1..=at.1 + h).all(|y| {
        (at.0 - 1..=at.0 + w).all(|x| cell(x, y).is_none_or(|c| c.ch == '\0' && c.bits == 0))
    });
    (text_free && ring_clear).then_some(at)
}

/// Where a self-loop leaves and re-enters its box: a loop round the corner on the side no
/// rank lies on, out of the right side and back in at the right of the top when ranks run
/// down (a box one line tall has room for one port a side), out and in along the top when
/// they run across. The side and where along it (layout coordinates).
fn loop_end(ob: &Object, at_start: bool, horizontal: bool) -> (u8, f64) {
    let r = ob.rect;
    // In the middle of the cell (ports go where a coordinate falls).
    let cell = |c: isize| c as f64 + 0.5;
    match (horizontal, at_start) {
        (false, true) => (E, cell((r.y0 + r.y1) / 2)),
        (false, false) => (N, cell(r.x1 - 1)),
        // A cell in from the corner (a junction beside a corner is hard to tell from it).
        (true, true) => (N, cell(r.x1 - 2)),
        (true, false) => (N, cell(r.x1 - 4)),
    }
}

/// The cells just outside side `side` of `r` where ports may go (corners excluded), in order.
fn side_cells(r: CellRect, side: u8, lid: bool) -> Vec<(isize, isize)> {
    let top = r.y0 + 1 + isize::from(lid);
    match side {
        N => (r.x0 + 1..r.x1).map(|x| (x, r.y0 - 1)).collect(),
        S => (r.x0 + 1..r.x1).map(|x| (x, r.y1 + 1)).collect(),
        E => (top..r.y1).map(|y| (r.x1 + 1, y)).collect(),
        _ => (top..r.y1).map(|y| (r.x0 - 1, y)).collect(),
    }
}

/// Choose the port cell of every edge end: per side of each box, the ends in the order the
/// layout met the side, spread two cells apart and centred where it met the side; ends of
/// one network share a port when the side is too short for all.
fn assign_ports(g: &mut Grid, l: &Layout, routes: &mut [Route]) {
    let mut ends: Vec<(usize, Option<usize>, CellRect, Attachment)> = Vec::new();
    for (ri, r) in routes.iter().enumerate() {
        let path = &l.edges[r.edge].path;
        let self_loop = r.is_self_loop();
        for (at_start, ob, p) in [(true, r.from, path.start), (false, r.to, path.end())] {
            let (side, along) = if self_loop {
                loop_end(&ob, at_start, l.direction.is_horizontal())
            } else {
                side_of(&ob, p)
            };
            ends.push((
                ri,
                ob.node,
                ob.rect,
                Attachment {
                    route: ri,
                    at_start,
                    side,
                    along,
                    net: r.net,
                    shared: r.shared,
                    lid: ob.lid,
                },
            ));
        }
    }
    // Group by (object rect, side); deterministic order.
    ends.sort_by(|a, b| {
        (a.2.y0, a.2.x0, a.2.y1, a.2.x1, a.3.side)
            .cmp(&(b.2.y0, b.2.x0, b.2.y1, b.2.x1, b.3.side))
            .then(a.3.along.total_cmp(&b.3.along))
            .then(a.0.cmp(&b.0))
    });
    let mut i = 0;
    while i < ends.len() {
        let mut j = i;
        while j < ends.len() && ends[j].2 == ends[i].2 && ends[j].3.side == ends[i].3.side {
            j += 1;
        }
        place_ports(g, routes, &ends[i..j]);
        i = j;
    }
}

/// The port of each end of `group`: one per network leaving (or entering) together, one
/// per end otherwise; numbered in the order the ends come.
fn shared_ports(group: &[(usize, Option<usize>, CellRect, Attachment)]) -> Vec<usize> {
    let mut distinct: Vec<(u32, bool)> = Vec::new();
    let mut port_of = Vec::with_capacity(group.len());
    for (k, e) in group.iter().enumerate() {
        let key = if e.3.shared {
            (e.3.net, e.3.at_start)
        } else {
            (u32::MAX - k as u32, e.3.at_start)
        };
        let port = distinct.iter().position(|x| *x == key).unwrap_or_else(|| {
            distinct.push(key);
            distinct.len() - 1
        });
        port_of.push(port);
    }
    port_of
}

/// Place the ports of one side of one box or frame (`group`: its edge ends, in the order
/// the layout met the side) and give each route its start or goal cell.
fn place_ports(
    g: &mut Grid,
    routes: &mut [Route],
    group: &[(usize, Option<usize>, CellRect, Attachment)],
) {
    let side = group[0].3.side;
    let rect = group[0].2;
    let cells = side_cells(rect, side, group[0].3.lid);
    // Ports: one per network leaving together (a node's plain arrows out: one trunk
    // that branches `├ ┴`), one per end otherwise. Pure ASCII branches with `+`, which
    // reads the same as a crossing: there a network shares a port only when the side
    // is too short for one each.
    let slots = cells.len().div_ceil(2).max(1);
    let port_of = if !g.ascii || group.len() > slots {
        shared_ports(group)
    } else {
        (0..group.len()).collect()
    };
    let n_ports = port_of.iter().max().map_or(0, |m| m + 1);
    let gap = if n_ports <= slots { 2 } else { 1 };
    let span = (n_ports.saturating_sub(1)) * gap + 1;
    // Centred where the layout met the side on average (the cell its coordinate falls
    // in, as a line or label along an edge is placed), so a straight edge stays straight;
    // a self-loop's ends (last on their side) follow the others rather than move them.
    let straight: Vec<_> = group
        .iter()
        .filter(|e| !routes[e.3.route].is_self_loop())
        .collect();
    let basis = if straight.is_empty() {
        group.iter().collect()
    } else {
        straight
    };
    let met = basis.iter().map(|e| e.3.along).sum::<f64>() / basis.len() as f64;
    let centred = (basis.len().min(n_ports) - 1) * gap + 1;
    // Where the side's first port cell lies along the side (layout coordinates are cells).
    let first_cell = cells
        .first()
        .map_or(0, |&(x, y)| if side & (N | S) != 0 { x } else { y });
    let centre = met.floor() as isize - first_cell;
    let first = (centre - (centred / 2) as isize)
        .clamp(0, cells.len().saturating_sub(span) as isize) as usize;
    // On a frame (long sides, edges from anywhere) ports stay where the layout met it,
    // at least two cells apart.
    let on_frame = group[0].1.is_none() && cells.len() > span + 2;
    let mut frame_pos: Vec<usize> = Vec::with_capacity(group.len());
    if on_frame {
        let mut last: Option<usize> = None;
        for e in group {
            let want = (e.3.along.floor() as isize - first_cell).clamp(0, cells.len() as isize - 1);
            let mut p = want as usize;
            if let Some(l) = last {
                p = p.max(l + 2);
            }
            frame_pos.push(p.min(cells.len() - 1));
            last = Some(p);
        }
    }
    for (k, e) in group.iter().enumerate() {
        let pos = if on_frame {
            frame_pos[k]
        } else {
            (first + port_of[k] * gap).min(cells.len().saturating_sub(1))
        };
        let (x, y) = cells.get(pos).copied().unwrap_or_else(|| match side {
            N => ((rect.x0 + rect.x1) / 2, rect.y0 - 1),
            S => ((rect.x0 + rect.x1) / 2, rect.y1 + 1),
            E => (rect.x1 + 1, (rect.y0 + rect.y1) / 2),
            _ => (rect.x0 - 1, (rect.y0 + rect.y1) / 2),
        });
        let Some(cell) = g.at(x, y) else { continue };
        let r = &mut routes[e.3.route];
        if e.3.at_start {
            r.start = cell;
            r.start_side = side;
        } else {
            r.goal = cell;
            r.goal_side = side;
        }
    }
}

/// Route one edge: through its label's line when it has one.
fn route_one(
    router: &mut route::Router,
    g: &Grid,
    r: &Route,
    strict: Strictness,
) -> Option<Vec<usize>> {
    match strict {
        Strictness::Strict => route_legs(router, g, r, route::Rule::Strict),
        // In ASCII a route that cannot avoid reading as joined to others does so only where
        // it must: the others still keep clear.
        Strictness::Anything if g.ascii => route_legs(router, g, r, route::Rule::Strict)
            .or_else(|| route_legs(router, g, r, route::Rule::Loose))
            .or_else(|| route_legs(router, g, r, route::Rule::Desperate)),
        _ => route_legs(router, g, r, route::Rule::Loose)
            .or_else(|| route_legs(router, g, r, route::Rule::Desperate)),
    }
}

/// The boxes a route's network may read as touching: its source, and its target unless the
/// network fans out to others (see [`route::Leg::ends`]).
fn leg_ends(r: &Route) -> [CellRect; 2] {
    [r.from.rect, if r.shared { r.from.rect } else { r.to.rect }]
}

fn route_legs(
    router: &mut route::Router,
    g: &Grid,
    r: &Route,
    rule: route::Rule,
) -> Option<Vec<usize>> {
    let start_dir = r.start_side;
    let goal_dir = opposite(r.goal_side);
    let ends = leg_ends(r);
    if r.label_line.len() >= 2 {
        let first = r.label_line[0];
        let last = r.label_line[r.label_line.len() - 1];
        let dir = direction(g, first, r.label_line[1]);
        let a = router.search(
            g,
            r.net,
            route::Leg {
                start: r.start,
                start_dir,
                goal: first,
                goal_dir: dir,
                ends,
            },
            rule,
        )?;
        let b = router.search(
            g,
            r.net,
            route::Leg {
                start: last,
                start_dir: dir,
                goal: r.goal,
                goal_dir,
                ends,
            },
            rule,
        )?;
        let mut cells = a;
        cells.extend_from_slice(&r.label_line[1..]);
        cells.extend_from_slice(&b[1..]);
        return Some(cells);
    }
    router.search(
        g,
        r.net,
        route::Leg {
            start: r.start,
            start_dir,
            goal: r.goal,
            goal_dir,
            ends,
        },
        rule,
    )
}

/// The direction from cell `a` to its neighbour `b`.
/// The way from cell `a` to cell `b` in the same column or row (not always next to it: a
/// line goes on past the label written across it).
fn direction(g: &Grid, a: usize, b: usize) -> u8 {
    let ((ax, ay), (bx, by)) = (g.xy(a), g.xy(b));
    match ((bx - ax).signum(), (by - ay).signum()) {
        (0, -1) => N,
        (1, 0) => E,
        (0, 1) => S,
        _ => W,
    }
}

/// Whether a label row can be written in a horizontal line: it starts and ends with something
/// no reader takes for a piece of line, an arrowhead or a box (in pure ASCII also `o`, `x`
/// and `v`, which are line ends there).
fn reads_inline(row: &str, ascii: bool) -> bool {
    let line_like = |c: char| {
        c.is_whitespace()
            || "!|+-=.:~<>^*#_/\\'`\"".contains(c)
            || (ascii && "oxvV".contains(c))
            || ('\u{2500}'..='\u{25FF}').contains(&c)
    };
    let plain = |c: Option<char>| c.is_some_and(|c| !line_like(c));
    plain(row.chars().next()) && plain(row.chars().last())
}

/// How far to move a label written across a vertical line so that the line meets a letter,
/// not a blank, in each of its rows (a reader follows a line through text, not through a
/// gap): the smallest shift from the label's column `at` (of its `width`) that does, and how
/// far each row must move on its own when no shift suits them all (a short last row; at
/// most two cells, so the rows still read as one centred block).
fn letter_under(lines: &[String], width: isize, at: isize) -> (isize, Vec<isize>) {
    let letter_at = |line: &str, col: isize| {
        let mut x = (width - line.width() as isize) / 2;
        for c in line.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as isize;
            if col >= x && col < x + w {
                // A wide letter is read at its first cell.
                return c != ' ' && col == x;
            }
            x += w;
        }
        false
    };
    let shifts = || (0..width).flat_map(|k| [k, -k]);
    if let Some(shift) = shifts().find(|&s| lines.iter().all(|l| letter_at(l, at + s))) {
        return (shift, vec![0; lines.len()]);
    }
    // The shift that suits the first row; each other row moved by up to two cells.
    let shift = shifts()
        .find(|&s| letter_at(&lines[0], at + s))
        .unwrap_or(0);
    let nudges = lines
        .iter()
        .map(|l| {
            [0, 1, -1, 2, -2]
                .into_iter()
                .find(|&k| letter_at(l, at + shift - k))
                .unwrap_or(0)
        })
        .collect();
    (shift, nudges)
}

/// Whether `path` runs up or down where it passes `at` (its label's centre): along the
/// segment nearest to it.
fn runs_vertically(path: &crate::layout::Path, at: Point) -> bool {
    let mut from = path.start;
    let mut best = (f64::INFINITY, false);
    for s in &path.segs {
        let to = match s {
            crate::layout::Seg::Line(p) | crate::layout::Seg::Cubic(_, _, p) => *p,
        };
        let (dx, dy) = (to.x - from.x, to.y - from.y);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((at.x - from.x) * dx + (at.y - from.y) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (px, py) = (from.x + t * dx - at.x, from.y + t * dy - at.y);
        let dist = px * px + py * py;
        if dist < best.0 {
            best = (dist, dy.abs() > dx.abs());
        }
        from = to;
    }
    best.1
}

/// Lay a routed edge's line into the grid, with its ends.
fn paint(g: &mut Grid, r: &Route, cells: &[usize], ascii: bool) {
    let n = cells.len();
    for (k, &c) in cells.iter().enumerate() {
        let mut bits = 0;
        if k > 0 {
            bits |= direction(g, c, cells[k - 1]);
        } else {
            bits |= opposite(r.start_side);
        }
        if k + 1 < n {
            bits |= direction(g, c, cells[k + 1]);
        } else {
            bits |= r.goal_side_into();
        }
        // A dotted ASCII line's ends are solid: `.` and `:` only join other dots. So are
        // the cells where it stops for a label written across it and goes on past it.
        let jumps = |j: usize| {
            let ((ax, ay), (bx, by)) = (g.xy(c), g.xy(cells[j]));
            (ax - bx).abs() + (ay - by).abs() > 1
        };
        let at_label = (k > 0 && jumps(k - 1)) || (k + 1 < n && jumps(k + 1));
        let weight = if ascii && r.weight == Weight::Dotted && (k == 0 || k + 1 == n || at_label) {
            Weight::Light
        } else {
            r.weight
        };
        let cell = &mut g.cells[c];
        let straight_across =
            (cell.bits == N | S && bits == E | W) || (cell.bits == E | W && bits == N | S);
        if cell.bits != 0 && (cell.net != r.net || straight_across) {
            cell.cross = true;
        } else {
            cell.net = r.net;
        }
        if bits & (E | W) != 0 {
            cell.h = weight;
        }
        if bits & (N | S) != 0 {
            cell.v = weight;
        }
        cell.bits |= bits;
        if matches!(cell.kind, Kind::Reserved | Kind::Keep) {
            cell.kind = Kind::Free;
        }
    }
    // Ends: marks pointing into the boxes, a junction where a plain line meets a border.
    if let (Some(&first), Some(&last)) = (cells.first(), cells.last()) {
        let at_node = (r.from.node.is_some(), r.to.node.is_some());
        mark_end(g, first, r.arrow_start, r.start_side, at_node.0, ascii);
        mark_end(g, last, r.arrow_end, r.goal_side, at_node.1, ascii);
    }
}

/// The end of a line at `cell`, on the `side` of its box: the mark `end` asks for, pointing
/// into the box, or where a plain line meets a node's border, a junction in that border.
fn mark_end(g: &mut Grid, cell: usize, end: ArrowEnd, side: u8, at_node: bool, ascii: bool) {
    let into = opposite(side);
    match glyphs::end_mark(end, into, ascii) {
        Some(m) => {
            g.cells[cell].ch = m;
            g.cells[cell].kind = Kind::Solid;
        }
        None if at_node => {
            if let Some(b) = g.next(cell, into) {
                if let Some(j) = glyphs::border_junction(g.cells[b].ch, side, ascii) {
                    g.cells[b].ch = j;
                }
            }
        }
        None => {}
    }
}

impl Route {
    /// Whether it leaves and enters the same node.
    fn is_self_loop(&self) -> bool {
        self.from.node.is_some() && self.from.node == self.to.node
    }

    /// The direction from the goal port into its box.
    fn goal_side_into(&self) -> u8 {
        opposite(self.goal_side)
    }
}

/// Keep the cell in front of each port for the network using the port, so no other line
/// cuts it off; a port whose front is taken (by a label, another port's front) moves along
/// its side to the nearest cell whose front is open.
fn keep_port_fronts(g: &mut Grid, routes: &mut [Route]) {
    let mut ports: std::collections::HashSet<usize> =
        routes.iter().flat_map(|r| [r.start, r.goal]).collect();
    for r in routes.iter_mut() {
        for at_start in [true, false] {
            let (port, side) = if at_start {
                (r.start, r.start_side)
            } else {
                (r.goal, r.goal_side)
            };
            let open = |g: &Grid, p: usize| {
                let f = &g.cells[g.beside(p, side)];
                f.bits == 0 && (f.kind == Kind::Free || (f.kind == Kind::Keep && f.net == r.net))
            };
            let mut chosen = port;
            if !open(g, port) {
                let along = if side & (N | S) != 0 { E } else { S };
                let back = opposite(along);
                let ring = g.cells[port].kind;
                // Nearest first, alternating sides, staying on the same box's ring.
                let mut reach = [Some(port), Some(port)];
                'search: for _ in 1..8 {
                    for (i, dir) in [along, back].into_iter().enumerate() {
                        let Some(p) = reach[i].map(|p| g.beside(p, dir)) else {
                            continue;
                        };
                        if g.cells[p].kind != ring {
                            reach[i] = None;
                            continue;
                        }
                        reach[i] = Some(p);
                        if !ports.contains(&p) && open(g, p) && g.cells[p].bits == 0 {
                            chosen = p;
                            break 'search;
                        }
                    }
                }
            }
            if chosen != port {
                ports.insert(chosen);
                if at_start {
                    r.start = chosen;
                } else {
                    r.goal = chosen;
                }
            }
            let f = g.beside(chosen, side);
            if g.cells[f].kind == Kind::Free && g.cells[f].bits == 0 {
                g.cells[f].kind = Kind::Keep;
                g.cells[f].net = r.net;
            }
        }
    }
}
