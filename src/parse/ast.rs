//! The syntax tree of one flowchart: what was written, in source order, with spans.
//!
//! Nothing is resolved here: ids are not merged, links not split into edges,
//! styles not applied. That is [`crate::graph`]'s job. Spans are byte ranges
//! in [`Flowchart::text`] (the preprocessed text); [`Flowchart::origin`] maps
//! them back to the source the user wrote.

use super::preprocess::{Directive, FrontMatter};
use super::source_map::SourceMap;
use compact_str::CompactString;
use std::ops::Range;

/// A byte range in the preprocessed text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The span from `a`'s start to `b`'s end.
    pub fn join(a: Span, b: Span) -> Span {
        Span {
            start: a.start.min(b.start),
            end: a.end.max(b.end),
        }
    }
}

/// A parsed flowchart.
#[derive(Debug)]
pub struct Flowchart {
    /// The preprocessed text the spans point into.
    pub text: String,
    /// Maps preprocessed offsets to the original source.
    pub map: SourceMap,
    /// YAML front matter (title, config).
    pub front_matter: Option<FrontMatter>,
    /// `%%{…}%%` directives.
    pub directives: Vec<Directive>,
    /// The `flowchart`/`graph` header.
    pub header: Header,
    /// The top-level statements.
    pub body: Vec<Stmt>,
}

impl Flowchart {
    /// The byte range in the original source of `span`.
    pub fn origin(&self, span: Span) -> Range<usize> {
        self.map.resolve(span.start as usize)..self.map.resolve(span.end as usize)
    }
}

/// `flowchart LR` / `graph TD;` / `flowchart`.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The keyword (`flowchart`, `graph`, `flowchart-elk`, …).
    pub keyword: Spanned,
    /// The direction as written (`TD`, `LR`, `<`, `v`, …), without blanks; `None` if absent.
    pub direction: Option<Spanned>,
}

/// A string with the span it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned {
    /// The text (for ids: the concatenated tokens, as mermaid builds them); short texts are stored inline.
    pub text: CompactString,
    /// Where it was written.
    pub span: Span,
}

/// How a piece of label text was written, which decides how it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// Bare text: `A[hello]`.
    Text,
    /// A quoted string: `A["hello"]`.
    String,
    /// A markdown string: `` A["`**hello**`"] ``.
    Markdown,
}

/// Label text with its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The text as mermaid assembles it (quotes removed, nothing else changed); short texts inline.
    pub text: CompactString,
    /// How it was written.
    pub kind: TextKind,
    /// Where it was written.
    pub span: Span,
}

/// One statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// Nodes and links: `A --> B & C -- text --> D`.
    Vertex(VertexStmt),
    /// `style id css,css`.
    Style {
        /// The node (or subgraph) id.
        id: Spanned,
        /// The style declarations as split on `,`.
        styles: Vec<String>,
        /// The whole statement.
        span: Span,
    },
    /// `linkStyle 0,1 css` / `linkStyle default interpolate basis css`.
    LinkStyle {
        /// Which links.
        targets: LinkStyleTargets,
        /// `interpolate NAME`.
        interpolate: Option<Spanned>,
        /// The style declarations, if any.
        styles: Option<Vec<String>>,
        /// The whole statement.
        span: Span,
    },
    /// `classDef name[,name2] css`.
    ClassDef {
        /// Comma-separated class names, as written.
        names: Spanned,
        /// The style declarations.
        styles: Vec<String>,
        /// The whole statement.
        span: Span,
    },
    /// `class a,b name`.
    Class {
        /// Comma-separated ids.
        ids: Spanned,
        /// The class name.
        class: Spanned,
        /// The whole statement.
        span: Span,
    },
    /// `click id …`.
    Click {
        /// Comma-separated ids.
        ids: Spanned,
        /// What clicking does.
        action: ClickAction,
        /// The whole statement.
        span: Span,
    },
    /// `subgraph … end`.
    Subgraph(Subgraph),
    /// `direction LR` (inside a subgraph it sets that subgraph's direction; elsewhere ignored).
    Direction {
        /// `TB`, `BT`, `RL`, `LR` or `TD`.
        dir: &'static str,
        /// Where.
        span: Span,
    },
    /// `accTitle: …`.
    AccTitle(Spanned),
    /// `accDescr: …` or `accDescr { … }`.
    AccDescr(Spanned),
    /// A lone `;` (mermaid lists it among a subgraph's members).
    Semicolon(Span),
}

/// Targets of `linkStyle`.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkStyleTargets {
    /// `default`: every link without its own style, and the default curve.
    Default(Span),
    /// Link numbers in definition order, from 0.
    Indices(Vec<Spanned>),
}

/// What a `click` statement attaches.
#[derive(Clone, Debug, PartialEq)]
pub enum ClickAction {
    /// `click id callback` / `click id call fn(args)`.
    Callback {
        /// The function name.
        name: Spanned,
        /// The argument text, if any.
        args: Option<Spanned>,
        /// A tooltip.
        tooltip: Option<Spanned>,
    },
    /// `click id "url"` / `click id href "url" "tooltip" _blank`.
    Link {
        /// The URL as written.
        url: Spanned,
        /// A tooltip.
        tooltip: Option<Spanned>,
        /// `_blank`, `_self`, `_parent` or `_top`.
        target: Option<Spanned>,
    },
}

/// A chain of node groups joined by links: `A & B --> C -.-> D`.
#[derive(Clone, Debug, PartialEq)]
pub struct VertexStmt {
    /// The first group.
    pub first: NodeGroup,
    /// Each following link and the group it leads to.
    pub rest: Vec<(Link, NodeGroup)>,
    /// The whole statement.
    pub span: Span,
}

/// Nodes joined by `&`, with `@{ … }` data after the last one.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeGroup {
    /// The nodes, in order.
    pub vertices: Vec<StyledVertex>,
    /// `@{ … }` written after the group's last node.
    pub shape_data: Option<ShapeData>,
}

/// One node mention: `id`, `id[label]`, `id(label):::class`, ….
#[derive(Clone, Debug, PartialEq)]
pub struct StyledVertex {
    /// The id.
    pub id: Spanned,
    /// The bracket shape and its label, if written.
    pub shape: Option<(VertexShape, Text)>,
    /// `:::class`.
    pub class: Option<Spanned>,
    /// `@{ … }` written right after this node, before an `&`.
    pub shape_data: Option<ShapeData>,
}

/// The shapes of the classic bracket syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VertexShape {
    /// `[text]`
    Square,
    /// `(((text)))`
    DoubleCircle,
    /// `((text))`
    Circle,
    /// `(-text-)`
    Ellipse,
    /// `([text])`
    Stadium,
    /// `[[text]]`
    Subroutine,
    /// `[|key:value|text]`: a rectangle with one property.
    RectWithProps(String, String),
    /// `[(text)]`
    Cylinder,
    /// `(text)`
    Round,
    /// `{text}`
    Diamond,
    /// `{{text}}`
    Hexagon,
    /// `>text]`
    Odd,
    /// `[/text\]`
    Trapezoid,
    /// `[\text/]`
    InvTrapezoid,
    /// `[/text/]`
    LeanRight,
    /// `[\text\]`
    LeanLeft,
}

impl VertexShape {
    /// mermaid's internal type name for the shape.
    pub fn mermaid_type(&self) -> &'static str {
        match self {
            VertexShape::Square => "square",
            VertexShape::DoubleCircle => "doublecircle",
            VertexShape::Circle => "circle",
            VertexShape::Ellipse => "ellipse",
            VertexShape::Stadium => "stadium",
            VertexShape::Subroutine => "subroutine",
            VertexShape::RectWithProps(..) => "rect",
            VertexShape::Cylinder => "cylinder",
            VertexShape::Round => "round",
            VertexShape::Diamond => "diamond",
            VertexShape::Hexagon => "hexagon",
            VertexShape::Odd => "odd",
            VertexShape::Trapezoid => "trapezoid",
            VertexShape::InvTrapezoid => "inv_trapezoid",
            VertexShape::LeanRight => "lean_right",
            VertexShape::LeanLeft => "lean_left",
        }
    }
}

/// `@{ key: value, … }` data, as the YAML text mermaid builds from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeData {
    /// The concatenated text between the braces.
    pub yaml: String,
    /// Where it was written.
    pub span: Span,
}

/// A link between two node groups.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The arrow token as written (`-->`, ` -.-> `, `==>`, `<-->`, …).
    pub arrow: Spanned,
    /// For `-- text -->` forms: the opening token (`--`, `==`, `-.`).
    pub open: Option<Spanned>,
    /// The link text (from `|text|` or the `-- text -->` form).
    pub text: Option<Text>,
    /// `e1@` before the arrow (with the `@`).
    pub id: Option<Spanned>,
    /// The whole link.
    pub span: Span,
}

/// `subgraph id [title] … end`.
#[derive(Clone, Debug, PartialEq)]
pub struct Subgraph {
    /// The text after `subgraph` (id, or id-and-title), if any.
    pub id: Option<Text>,
    /// The bracketed title, if the `id [title]` form was used.
    pub title: Option<Text>,
    /// The statements inside.
    pub body: Vec<Stmt>,
    /// The `subgraph` keyword.
    pub keyword: Span,
    /// The whole statement through `end`.
    pub span: Span,
}

/// One part of a node-and-link statement, in source order, borrowed: what lowering reads.
///
/// A statement is its first group's nodes, then for each link the link and the nodes of the
/// group it leads to. Both a [`VertexStmt`] and a plain line the lexer read whole (without a
/// syntax tree) give their parts this way, so lowering has one path for both.
#[derive(Clone, Copy, Debug)]
pub enum Part<'a> {
    /// A node mention.
    Vertex(VertexRef<'a>),
    /// `@{ … }` after a group's last node (it follows that node's part).
    GroupData(&'a ShapeData),
    /// A link; the nodes after it form the next group.
    Link(LinkRef<'a>),
}

/// A node mention, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct VertexRef<'a> {
    /// The id.
    pub id: &'a str,
    /// Where the id was written.
    pub id_span: Span,
    /// The bracket shape and its label text and kind.
    pub shape: Option<(&'a VertexShape, &'a str, TextKind)>,
    /// `:::class`.
    pub class: Option<&'a str>,
    /// `@{ … }` right after this node.
    pub shape_data: Option<&'a ShapeData>,
}

/// A link, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct LinkRef<'a> {
    /// The arrow token as written.
    pub arrow: &'a str,
    /// For `-- text -->` forms: the opening token.
    pub open: Option<&'a str>,
    /// The link text and its kind.
    pub text: Option<(&'a str, TextKind)>,
    /// `e1@` before the arrow (with the `@`).
    pub id: Option<&'a str>,
    /// The whole link.
    pub span: Span,
}

impl VertexStmt {
    /// The statement's parts in source order.
    pub fn parts(&self) -> impl Iterator<Item = Part<'_>> {
        let groups =
            std::iter::once((None, &self.first)).chain(self.rest.iter().map(|(l, g)| (Some(l), g)));
        groups.flat_map(|(link, group)| {
            let link = link.map(|l| Part::Link(l.as_ref()));
            let vertices = group.vertices.iter().map(|v| Part::Vertex(v.as_ref()));
            let data = group.shape_data.as_ref().map(Part::GroupData);
            link.into_iter().chain(vertices).chain(data)
        })
    }
}

impl StyledVertex {
    /// This mention, borrowed.
    pub fn as_ref(&self) -> VertexRef<'_> {
        VertexRef {
            id: &self.id.text,
            id_span: self.id.span,
            shape: self
                .shape
                .as_ref()
                .map(|(s, t)| (s, t.text.as_str(), t.kind)),
            class: self.class.as_ref().map(|c| c.text.as_str()),
            shape_data: self.shape_data.as_ref(),
        }
    }
}

impl Link {
    /// This link, borrowed.
    pub fn as_ref(&self) -> LinkRef<'_> {
        LinkRef {
            arrow: &self.arrow.text,
            open: self.open.as_ref().map(|o| o.text.as_str()),
            text: self.text.as_ref().map(|t| (t.text.as_str(), t.kind)),
            id: self.id.as_ref().map(|i| i.text.as_str()),
            span: self.span,
        }
    }
}
