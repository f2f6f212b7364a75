//! The diagram model: nodes, edges, subgraphs and styles, resolved the way mermaid-js resolves them.
//!
//! [`lower`] turns a syntax tree into a [`Diagram`] by replaying what
//! mermaid's FlowDB does for each statement (nodes merge on repeated
//! mention, `A & B --> C` makes two edges, untitled subgraphs are named
//! `subGraphN`, a node belongs to the first subgraph that closes around it).
//! Everything downstream (layout, renderers, JSON) reads only this model.

pub mod config;
mod lower;
pub mod shape;

pub use config::{deep_merge, resolve_appearance, Config, Look};
pub use lower::{lower, Lowering};
pub use shape::Shape;

use compact_str::CompactString;
use indexmap::IndexMap;
/// The hasher of id tables: fixed seed (deterministic) and fast on short ids.
pub type IdHasher = foldhash::fast::FixedState;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use std::ops::Range;

/// Layout direction of a diagram or subgraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    /// Top to bottom (`TB`, `TD`, `v`).
    #[default]
    TB,
    /// Bottom to top (`BT`, `^`).
    BT,
    /// Left to right (`LR`, `>`).
    LR,
    /// Right to left (`RL`, `<`).
    RL,
}

impl Direction {
    /// Read a direction as mermaid's `setDirection` does (`TD` → TB, `<` → RL, …); `None` for others (`BR`).
    pub fn parse(s: &str) -> Option<Direction> {
        let s = s.trim();
        if s.contains('<') {
            return Some(Direction::RL);
        }
        if s.contains('^') {
            return Some(Direction::BT);
        }
        if s.contains('>') {
            return Some(Direction::LR);
        }
        if s.contains('v') {
            return Some(Direction::TB);
        }
        match s {
            "TB" | "TD" => Some(Direction::TB),
            "BT" => Some(Direction::BT),
            "LR" => Some(Direction::LR),
            "RL" => Some(Direction::RL),
            _ => None,
        }
    }

    /// `TB`, `BT`, `LR` or `RL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::TB => "TB",
            Direction::BT => "BT",
            Direction::LR => "LR",
            Direction::RL => "RL",
        }
    }

    /// Whether ranks run horizontally (LR, RL).
    pub fn is_horizontal(self) -> bool {
        matches!(self, Direction::LR | Direction::RL)
    }
}

/// How label text was written, which decides how it is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LabelKind {
    /// Plain text (HTML allowed, as mermaid allows it).
    #[default]
    Text,
    /// A quoted string.
    String,
    /// A markdown string: `**bold**`, `_italic_`, newlines kept.
    Markdown,
}

impl LabelKind {
    /// mermaid's name: `text`, `string` or `markdown`.
    pub fn as_str(self) -> &'static str {
        match self {
            LabelKind::Text => "text",
            LabelKind::String => "string",
            LabelKind::Markdown => "markdown",
        }
    }
}

/// A label: the HTML fragment mermaid stores, and the text a reader sees.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Label {
    /// Sanitised HTML with entity codes as `&name;` (mermaid's stored label); short labels inline.
    html: CompactString,
    /// The visible text, when it differs from `html` (most labels have no markup).
    text: Option<String>,
    /// How it was written.
    pub kind: LabelKind,
}

impl Label {
    /// A label from mermaid's stored HTML form.
    pub fn from_html(html: impl Into<CompactString>, kind: LabelKind) -> Label {
        let html = html.into();
        let text = crate::text::has_markup(&html)
            .then(|| crate::text::visible_text(&html))
            .filter(|visible| *visible != html);
        Label { html, text, kind }
    }

    /// A plain label whose HTML and text are the same string.
    pub fn plain(s: &str) -> Label {
        Label::from_html(s, LabelKind::Text)
    }

    /// The HTML fragment mermaid stores.
    pub fn html(&self) -> &str {
        &self.html
    }

    /// What is shown: `<br>` as `\n`, tags dropped, entities decoded (markdown markers kept).
    pub fn text(&self) -> &str {
        self.text.as_deref().unwrap_or(&self.html)
    }

    /// Whether nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// Line style of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Stroke {
    /// `--`
    #[default]
    Normal,
    /// `==`
    Thick,
    /// `-.`
    Dotted,
    /// `~~~`: shapes the layout, not drawn.
    Invisible,
    /// mermaid's `INVALID`: the text form mixed link kinds (`x-- text -->`); drawn as normal.
    Invalid,
}

impl Stroke {
    /// `normal`, `thick`, `dotted`, `invisible` or `INVALID`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stroke::Normal => "normal",
            Stroke::Thick => "thick",
            Stroke::Dotted => "dotted",
            Stroke::Invisible => "invisible",
            Stroke::Invalid => "INVALID",
        }
    }
}

/// What is drawn at an end of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ArrowEnd {
    /// Nothing.
    #[default]
    None,
    /// An arrowhead (`>`, `<`).
    Arrow,
    /// A circle (`o`).
    Circle,
    /// A cross (`x`).
    Cross,
}

impl ArrowEnd {
    /// `none`, `arrow`, `circle` or `cross`.
    pub fn as_str(self) -> &'static str {
        match self {
            ArrowEnd::None => "none",
            ArrowEnd::Arrow => "arrow",
            ArrowEnd::Circle => "circle",
            ArrowEnd::Cross => "cross",
        }
    }
}

/// Index of a subgraph in [`Diagram::subgraphs`].
pub type SubgraphId = usize;

/// A node.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The id as written (short ids inline).
    pub id: CompactString,
    /// Its label (the id when none was given).
    pub label: Label,
    /// Its shape.
    pub shape: Shape,
    /// Classes from `:::`, `class` and `click` (`clickable`), in order.
    pub classes: Vec<String>,
    /// Declarations from `style id …`, in order.
    pub styles: Vec<String>,
    /// The innermost subgraph holding it.
    pub parent: Option<SubgraphId>,
    /// When this graph node stands for a subgraph (an edge to or from a subgraph id): which one.
    pub cluster: Option<SubgraphId>,
    /// Where it was first mentioned (original source bytes).
    pub span: Range<usize>,
    /// Links, tooltips, icons, images and properties (rare, so kept out of line).
    pub extra: Option<Box<NodeExtra>>,
}

/// The less common parts of a node.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct NodeExtra {
    /// `click id href "url"`: the URL (unsafe schemes already replaced by `about:blank`).
    pub link: Option<String>,
    /// The link's target (`_blank`, …).
    pub link_target: Option<String>,
    /// A tooltip from `click`.
    pub tooltip: Option<String>,
    /// `@{ icon: … }`.
    pub icon: Option<String>,
    /// `@{ img: … }`.
    pub img: Option<String>,
    /// `@{ form: … }` for icons (`square`, `circle`, `rounded`).
    pub form: Option<String>,
    /// `@{ pos: … }`: where the label sits on an icon or image (`t`, `b`).
    pub pos: Option<String>,
    /// `@{ w: … }` and `@{ h: … }`: the icon or image size.
    pub asset_size: (Option<f64>, Option<f64>),
    /// `A[|key:value|text]` properties.
    pub props: Vec<(String, String)>,
}

impl Node {
    fn extra_field<'a>(
        &'a self,
        f: impl FnOnce(&'a NodeExtra) -> &'a Option<String>,
    ) -> Option<&'a str> {
        self.extra.as_deref().and_then(|x| f(x).as_deref())
    }

    /// The `click` link, if any.
    pub fn link(&self) -> Option<&str> {
        self.extra_field(|x| &x.link)
    }

    /// The link's target (`_blank`, …).
    pub fn link_target(&self) -> Option<&str> {
        self.extra_field(|x| &x.link_target)
    }

    /// The tooltip, if any.
    pub fn tooltip(&self) -> Option<&str> {
        self.extra_field(|x| &x.tooltip)
    }

    /// The icon reference (`fa:user`), if any.
    pub fn icon(&self) -> Option<&str> {
        self.extra_field(|x| &x.icon)
    }

    /// The image URL, if any.
    pub fn img(&self) -> Option<&str> {
        self.extra_field(|x| &x.img)
    }
}

/// An edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Its label (empty when none).
    pub label: Label,
    /// Line style.
    pub stroke: Stroke,
    /// Marker at the source end.
    pub arrow_start: ArrowEnd,
    /// Marker at the target end.
    pub arrow_end: ArrowEnd,
    /// Minimum rank span (1 for `-->`, 2 for `--->`, …, at most 10).
    pub min_len: u32,
    /// `linkStyle default` then `linkStyle N` declarations.
    pub styles: Vec<String>,
    /// Where the link was written (original source bytes).
    pub span: Range<usize>,
    /// Id, classes, curve and animation (rare, so kept out of line).
    pub extra: Option<Box<EdgeExtra>>,
}

/// The less common parts of an edge.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EdgeExtra {
    /// The user's id (`e1@-->`), if given.
    pub id: Option<String>,
    /// Classes from `class e1 name`.
    pub classes: Vec<String>,
    /// Curve from `linkStyle … interpolate` or `@{ curve: … }`.
    pub curve: Option<String>,
    /// `@{ animate: … }`.
    pub animate: Option<bool>,
    /// `@{ animation: … }`.
    pub animation: Option<String>,
    /// `@{ step: N }` (mermaid 12.3): the edge's place in a step-by-step animation, from 1.
    pub step: Option<u32>,
}

impl Edge {
    /// The user's id (`e1@-->`), if given.
    pub fn id(&self) -> Option<&str> {
        self.extra.as_deref().and_then(|x| x.id.as_deref())
    }

    /// Classes from `class e1 name`.
    pub fn classes(&self) -> &[String] {
        self.extra.as_deref().map_or(&[], |x| &x.classes)
    }

    /// The curve (`basis`, `linear`, `step`, …), if set for this edge.
    pub fn curve(&self) -> Option<&str> {
        self.extra.as_deref().and_then(|x| x.curve.as_deref())
    }

    /// The animation step from `@{ step: N }` (a positive integer), if set.
    pub fn step(&self) -> Option<u32> {
        self.extra.as_deref().and_then(|x| x.step)
    }
}

/// A subgraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Subgraph {
    /// The id (mermaid's `subGraphN` for an untitled one with spaces in its name).
    pub id: String,
    /// The title.
    pub title: Label,
    /// Member ids as mermaid lists them (inner-first statement order; may include ids that are not nodes).
    pub children: Vec<String>,
    /// Nodes directly inside.
    pub nodes: Vec<NodeIndex>,
    /// Subgraphs directly inside.
    pub subgraphs: Vec<SubgraphId>,
    /// The enclosing subgraph.
    pub parent: Option<SubgraphId>,
    /// Its own `direction`, as written (`TB`, `TD`, `LR`, …).
    pub direction: Option<String>,
    /// Classes from `class sg name`.
    pub classes: Vec<String>,
    /// Declarations from `style sg …`.
    pub styles: Vec<String>,
    /// `@{ view: collapsed }`.
    pub collapsed: bool,
    /// Where it was written (original source bytes).
    pub span: Range<usize>,
}

impl Subgraph {
    /// The subgraph's own direction, if it has one mermaid understands.
    pub fn dir(&self) -> Option<Direction> {
        self.direction.as_deref().and_then(Direction::parse)
    }
}

/// A `classDef`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ClassDef {
    /// The declarations, split on `,` and `;`.
    pub styles: Vec<String>,
}

/// Something mermaid would accept silently but the author likely did not mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What is odd.
    pub message: String,
    /// Where (original source bytes).
    pub span: Range<usize>,
}

/// A resolved flowchart.
#[derive(Clone, Debug)]
pub struct Diagram {
    /// Layout direction.
    pub direction: Direction,
    /// The direction as mermaid stores it (`TB`, `LR`, … or an odd one such as `BR`).
    pub direction_raw: String,
    /// Front matter `title:`.
    pub title: Option<String>,
    /// `accTitle:`.
    pub acc_title: Option<String>,
    /// `accDescr:`.
    pub acc_descr: Option<String>,
    /// Nodes and edges. Node and edge indices follow first mention and definition order.
    pub graph: StableDiGraph<Node, Edge>,
    /// Node id → index, in first-mention order (a fixed-seed fast hash: lookups only, order is insertion).
    pub node_ids: IndexMap<CompactString, NodeIndex, IdHasher>,
    /// Subgraphs in mermaid's order (each after the subgraphs inside it).
    pub subgraphs: Vec<Subgraph>,
    /// `classDef`s by name, in definition order.
    pub class_defs: IndexMap<String, ClassDef>,
    /// Configuration from front matter and directives.
    pub config: Config,
    /// Oddities worth telling the author.
    pub warnings: Vec<Warning>,
}

impl Diagram {
    /// The node with id `id`.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_ids.get(id).map(|&i| &self.graph[i])
    }

    /// Nodes in first-mention order (including those standing for subgraphs).
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        self.node_ids.values().map(move |&i| (i, &self.graph[i]))
    }

    /// Edges in definition order, with their endpoints.
    pub fn edges(&self) -> impl Iterator<Item = (EdgeIndex, NodeIndex, NodeIndex, &Edge)> {
        self.graph.edge_indices().map(move |e| {
            let (a, b) = self
                .graph
                .edge_endpoints(e)
                .expect("edge index from this graph");
            (e, a, b, &self.graph[e])
        })
    }
}
