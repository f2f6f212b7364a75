//! Syntax tree → [`Diagram`], replaying mermaid's FlowDB.
//!
//! mermaid builds its model with side effects in parse order: `addVertex` on
//! every node mention (creating it the first time, overwriting label and shape
//! when given again), `addLink` for every start × end of a chain step,
//! `addSubGraph` when an `end` is reached (inner subgraphs first; a node
//! already claimed by an earlier subgraph is not claimed again), and so on.
//! This module performs the same calls in the same order on its own records,
//! then builds the petgraph-based [`Diagram`].

use super::*;
use crate::parse::ast::{
    self, ClickAction, Flowchart, LinkRef, LinkStyleTargets, Part, Stmt, TextKind, VertexRef,
    VertexShape,
};
use crate::parse::chars::is_js_space;
use crate::parse::preprocess::{Directive, FrontMatter};
use crate::parse::source_map::SourceMap;
use crate::parse::Read;
use crate::parse::{yaml, ErrorKind, ParseError};
use crate::text::{holds_entity_codes, is_safe_url, restore_entity_codes, sanitize_html};
use compact_str::CompactString;
use foldhash::fast::FixedState as FxBuildHasher;
use indexmap::IndexMap;
use serde_json::Value;
use smallvec::SmallVec;

/// Hash maps with a fixed-seed fast hasher (lookups only; nothing iterates them into output).
type HashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;
/// Hash sets with the same hasher.
type HashSet<K> = std::collections::HashSet<K, FxBuildHasher>;

/// Build the diagram model from a parsed flowchart; fails where mermaid's FlowDB throws.
pub fn lower(ast: &Flowchart) -> Result<Diagram, ParseError> {
    let mut l = Lowering::new(
        &ast.map,
        ast.front_matter.as_ref(),
        &ast.directives,
        &ast.header,
    );
    for s in &ast.body {
        l.statement(s)?;
    }
    Ok(l.finish())
}

/// Lowers top-level statements one at a time (so they can be lowered as soon as they are parsed).
pub struct Lowering {
    db: Db,
    config: Config,
    direction_raw: String,
    /// For each subgraph opened by [`Lowering::read`] and not yet closed (innermost last):
    /// what its statements so far contribute to its member list.
    open: Vec<Vec<Item>>,
}

impl Lowering {
    /// Start a diagram with the given header, front matter and directives.
    pub fn new(
        map: &SourceMap,
        front_matter: Option<&FrontMatter>,
        directives: &[Directive],
        header: &ast::Header,
    ) -> Lowering {
        let config = Config::from_sources(front_matter.and_then(|f| f.config.as_ref()), directives);
        let direction_raw = match &header.direction {
            None => "TB".to_string(),
            Some(d) => normalize_direction(&d.text),
        };
        let mut db = Db {
            map: map.clone(),
            title: front_matter.and_then(|f| f.title.clone()),
            vertex_ids: IndexMap::default(),
            vertices: Vec::new(),
            edges: Vec::new(),
            user_ids: HashMap::default(),
            auto_ids: None,
            default_interpolate: None,
            default_style: None,
            classes: IndexMap::default(),
            subgraphs: Vec::new(),
            sub_lookup: HashMap::default(),
            claimed: HashSet::default(),
            sub_count: 0,
            tooltips: HashMap::default(),
            inherit_dir: config.inherit_dir(),
            direction: direction_raw.clone(),
            acc_title: None,
            acc_descr: None,
            warnings: Vec::new(),
        };
        for d in directives {
            if let Some(e) = &d.error {
                db.warnings.push(Warning {
                    message: format!(
                        "directive `{}` ignored: its arguments are not JSON: {e}",
                        d.name
                    ),
                    span: d.span.clone(),
                });
            }
        }
        Lowering {
            db,
            config,
            direction_raw,
            open: Vec::new(),
        }
    }

    /// Reserve room for about `nodes` nodes and `edges` edges (a hint; saves regrowing large tables).
    pub fn reserve(&mut self, nodes: usize, edges: usize) {
        self.db.vertex_ids.reserve(nodes);
        self.db.vertices.reserve(nodes);
        self.db.edges.reserve(edges);
    }

    /// Apply one top-level statement.
    pub fn statement(&mut self, s: &Stmt) -> Result<(), ParseError> {
        self.db.statement(s, None)
    }

    /// Lower the next step as the reader gives it: a plain line without its syntax tree, a
    /// subgraph's statements one at a time between its opening and its closing.
    pub fn read(&mut self, r: &Read<'_>) -> Result<(), ParseError> {
        match r {
            Read::Stmt(s) => self.db.statement(s, self.open.last_mut()),
            Read::Plain(p) => self.db.vertex_statement(p.parts(), self.open.last_mut()),
            Read::Open => {
                self.open.push(Vec::new());
                Ok(())
            }
            Read::Close(sg) => {
                let items = self.open.pop().unwrap_or_default();
                let id = self.db.add_subgraph(sg, items)?;
                if let Some(parent) = self.open.last_mut() {
                    parent.push(Item::Id(id));
                }
                Ok(())
            }
        }
    }

    /// The finished model.
    pub fn finish(self) -> Diagram {
        self.db.finish(self.config, self.direction_raw)
    }
}

/// mermaid's `setDirection`: `<` → RL, `^` → BT, `>` → LR, `v` → TB, `TD` → TB.
fn normalize_direction(d: &str) -> String {
    let mut dir = d.trim().to_string();
    if dir.contains('<') {
        dir = "RL".into();
    }
    if dir.contains('^') {
        dir = "BT".into();
    }
    if dir.contains('>') {
        dir = "LR".into();
    }
    if dir.contains('v') {
        dir = "TB".into();
    }
    if dir == "TD" {
        dir = "TB".into();
    }
    dir
}

/// A vertex as FlowDB keeps it.
struct Vertex {
    /// The label as stored (inline when short, so a vertex named by its id allocates nothing).
    text: CompactString,
    label_type: LabelKind,
    /// mermaid's shape type name (static for the bracket shapes, so it allocates nothing).
    typ: Option<CompactString>,
    styles: Vec<String>,
    classes: Vec<String>,
    span: Range<usize>,
    extra: Option<Box<NodeExtra>>,
}

impl Vertex {
    /// A new vertex labelled with its id, as FlowDB creates one.
    fn new(id: &str, span: Range<usize>) -> Vertex {
        Vertex {
            text: CompactString::from(id),
            label_type: LabelKind::Text,
            typ: None,
            styles: Vec::new(),
            classes: Vec::new(),
            span,
            extra: None,
        }
    }

    /// The rare fields, created on first use.
    fn extra(&mut self) -> &mut NodeExtra {
        self.extra.get_or_insert_with(Default::default)
    }
}

/// An edge as FlowDB keeps it.
struct EdgeRec {
    start: Endpoint,
    end: Endpoint,
    typ: &'static str,
    stroke: &'static str,
    length: u32,
    text: CompactString,
    label_type: LabelKind,
    classes: Vec<String>,
    user_id: Option<String>,
    interpolate: Option<String>,
    style: Option<Vec<String>>,
    animate: Option<bool>,
    animation: Option<String>,
    step: Option<u32>,
    span: Range<usize>,
}

/// A node of a `&` group: its id and, unless the id names an edge, its vertex.
#[derive(Clone, Copy)]
struct Member<'s> {
    id: &'s str,
    vertex: Option<usize>,
}

/// An edge end: a vertex (by its index in the vertex map), or an id no vertex was made for.
enum Endpoint {
    Vertex(usize),
    Name(String),
}

/// A subgraph as FlowDB keeps it.
struct SubRec {
    id: String,
    nodes: Vec<String>,
    title: String,
    label_type: LabelKind,
    classes: Vec<String>,
    dir: Option<String>,
    collapsed: bool,
    span: Range<usize>,
}

impl AutoIds {
    /// Count one more (start, end) edge and return the id mermaid would generate for it.
    fn next_id(&mut self, start: &str, end: &str) -> String {
        let n = self
            .pair_count
            .entry((start.to_string(), end.to_string()))
            .or_insert(0);
        let id = if *n == 0 {
            format!("L_{start}_{end}_0")
        } else {
            format!("L_{start}_{end}_{}", *n + 1)
        };
        *n += 1;
        id
    }
}

/// One entry of a statement list's value (what a subgraph's member list is built from).
enum Item {
    Id(String),
    Dir(&'static str),
}

/// A link's decoded arrow: mermaid's `destructLink` result.
struct LinkKind {
    typ: &'static str,
    stroke: &'static str,
    length: u32,
}

/// mermaid's generated edge ids (`L_A_B_0`), kept only once some id lookup could match one.
struct AutoIds {
    /// First edge with each generated id.
    by_id: HashMap<String, usize>,
    /// Edges per (start, end) so far, which numbers the next generated id.
    pair_count: HashMap<(String, String), usize>,
}

struct Db {
    /// Maps statement spans to the original source.
    map: SourceMap,
    /// Front matter title.
    title: Option<String>,
    /// Vertex ids in creation order; the index is also the index into `vertices`.
    /// (The value is the vertex's node in the finished graph: its index.)
    vertex_ids: IndexMap<CompactString, NodeIndex, IdHasher>,
    vertices: Vec<Vertex>,
    edges: Vec<EdgeRec>,
    /// First edge holding each user-given id.
    user_ids: HashMap<String, usize>,
    /// Generated ids, built on the first lookup of an id starting with `L_` (until then no one can name one).
    auto_ids: Option<AutoIds>,
    default_interpolate: Option<String>,
    default_style: Option<Vec<String>>,
    classes: IndexMap<String, Vec<String>, FxBuildHasher>,
    subgraphs: Vec<SubRec>,
    sub_lookup: HashMap<String, usize>,
    /// Ids already listed by some subgraph (mermaid's `makeUniq`).
    claimed: HashSet<String>,
    /// mermaid's `subCount`: subgraphs read so far, repeated ids included (names `subGraphN`).
    sub_count: usize,
    tooltips: HashMap<String, String>,
    inherit_dir: bool,
    direction: String,
    acc_title: Option<String>,
    acc_descr: Option<String>,
    warnings: Vec<Warning>,
}

/// mermaid's `sanitizeNodeLabelType`: text/string/markdown, anything else markdown.
fn label_kind(k: TextKind) -> LabelKind {
    match k {
        TextKind::Text => LabelKind::Text,
        TextKind::String => LabelKind::String,
        TextKind::Markdown => LabelKind::Markdown,
    }
}

/// Trim JavaScript-style (all Unicode blanks).
fn js_trim(s: &str) -> &str {
    // Most ids and labels start and end with a visible ASCII character: nothing to trim.
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => js_trim_blanks(s),
    }
}

/// [`js_trim`] of text with blanks around it: ASCII blanks bytewise (arrows such as ` --> `),
/// anything else (Unicode spaces) by the full trim.
#[inline(never)]
fn js_trim_blanks(s: &str) -> &str {
    let b = s.as_bytes();
    let blank = |c: &u8| matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let Some(start) = b.iter().position(|c| !blank(c)) else {
        return "";
    };
    let end = b.iter().rposition(|c| !blank(c)).map_or(start, |e| e + 1);
    if b[start].is_ascii_graphic() && b[end - 1].is_ascii_graphic() {
        &s[start..end]
    } else {
        s.trim_matches(is_js_space)
    }
}

/// mermaid's label cleaning: trim, sanitise, strip one pair of surrounding quotes.
fn clean_label(s: &str) -> CompactString {
    let unquote = |t: &str| -> CompactString {
        if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
            CompactString::from(&t[1..t.len() - 1])
        } else {
            CompactString::from(t)
        }
    };
    let s = js_trim(s);
    if crate::text::needs_sanitizing(s) {
        unquote(&sanitize_html(s))
    } else {
        unquote(s)
    }
}

impl Db {
    /// mermaid's `edges.find(e => e.id === id)`: the first edge with that id, user-given or generated.
    fn edge_with_id(&mut self, id: &str) -> Option<usize> {
        let user = if self.user_ids.is_empty() {
            None
        } else {
            self.user_ids.get(id).copied()
        };
        if !id.starts_with("L_") {
            return user;
        }
        let auto = self.auto_ids().by_id.get(id).copied();
        match (user, auto) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The generated-id table, computed from the edges so far on first use.
    fn auto_ids(&mut self) -> &mut AutoIds {
        if self.auto_ids.is_none() {
            let mut t = AutoIds {
                by_id: HashMap::default(),
                pair_count: HashMap::default(),
            };
            for (i, e) in self.edges.iter().enumerate() {
                let id = t.next_id(self.endpoint_name(&e.start), self.endpoint_name(&e.end));
                if e.user_id.is_none() {
                    t.by_id.entry(id).or_insert(i);
                }
            }
            self.auto_ids = Some(t);
        }
        self.auto_ids.as_mut().expect("just built")
    }

    /// An edge end for a group member.
    fn endpoint(&self, m: &Member<'_>) -> Endpoint {
        match m.vertex {
            Some(i) => Endpoint::Vertex(i),
            None => Endpoint::Name(m.id.to_string()),
        }
    }

    /// The id of an edge end.
    fn endpoint_name<'e>(&'e self, e: &'e Endpoint) -> &'e str {
        match e {
            Endpoint::Vertex(i) => self
                .vertex_ids
                .get_index(*i)
                .map_or("", |(k, _)| k.as_str()),
            Endpoint::Name(n) => n,
        }
    }

    /// The vertex with id `id`.
    fn vertex_mut(&mut self, id: &str) -> Option<&mut Vertex> {
        self.vertex_ids
            .get_index_of(id)
            .map(|i| &mut self.vertices[i])
    }

    /// The index of the vertex with id `id`, created (labelled with its id) if it does not exist.
    fn vertex_index_or_new(&mut self, id: &str, span: ast::Span) -> usize {
        // One hash and probe for both the lookup and the insertion (short ids are stored inline).
        match self.vertex_ids.entry(CompactString::from(id)) {
            indexmap::map::Entry::Occupied(e) => e.index(),
            indexmap::map::Entry::Vacant(e) => {
                let index = e.index();
                e.insert(NodeIndex::new(index));
                let origin =
                    self.map.resolve(span.start as usize)..self.map.resolve(span.end as usize);
                self.vertices.push(Vertex::new(id, origin));
                index
            }
        }
    }

    /// The vertex with id `id`, created (labelled with its id) if it does not exist.
    fn vertex_or_new(&mut self, id: &str, span: ast::Span) -> &mut Vertex {
        let i = self.vertex_index_or_new(id, span);
        &mut self.vertices[i]
    }

    fn span(&self, s: ast::Span) -> Range<usize> {
        self.map.resolve(s.start as usize)..self.map.resolve(s.end as usize)
    }

    fn error(&self, span: ast::Span, kind: ErrorKind, message: String) -> ParseError {
        ParseError::new(kind, self.span(span), message)
    }

    /// Run the statements of one document; returns its value (what a subgraph lists as members).
    fn document(&mut self, stmts: &[Stmt]) -> Result<Vec<Item>, ParseError> {
        let mut items = Vec::new();
        for s in stmts {
            self.statement(s, Some(&mut items))?;
        }
        Ok(items)
    }

    /// Run one statement; its contribution to the document value goes to `items` when asked for.
    fn statement(&mut self, s: &Stmt, mut items: Option<&mut Vec<Item>>) -> Result<(), ParseError> {
        fn push(items: &mut Option<&mut Vec<Item>>, item: Item) {
            if let Some(v) = items {
                v.push(item);
            }
        }
        match s {
            Stmt::Vertex(v) => self.vertex_statement(v.parts(), items.as_deref_mut())?,
            Stmt::Style { id, styles, span } => {
                if !self.vertex_ids.contains_key(id.text.as_str())
                    && !self.sub_lookup.contains_key(id.text.as_str())
                {
                    self.warnings.push(Warning {
                        message: format!(
                            "`style` names `{}`, which is not defined yet; a new node is created",
                            id.text
                        ),
                        span: self.span(*span),
                    });
                }
                self.add_vertex(&id.text, id.span, None, None, Some(styles), None)?;
            }
            Stmt::LinkStyle {
                targets,
                interpolate,
                styles,
                span,
            } => self.link_style(targets, interpolate.as_ref(), styles.as_ref(), *span)?,
            Stmt::ClassDef { names, styles, .. } => self.add_class(&names.text, styles),
            Stmt::Class { ids, class, span } => {
                self.warn_unknown(&ids.text, "class", *span);
                self.set_class(&ids.text, &class.text);
            }
            Stmt::Click { ids, action, span } => self.click(&ids.text, action, *span),
            Stmt::Subgraph(sg) => {
                let body = self.document(&sg.body)?;
                let id = self.add_subgraph(sg, body)?;
                push(&mut items, Item::Id(id));
            }
            Stmt::Direction { dir, .. } => push(&mut items, Item::Dir(dir)),
            Stmt::AccTitle(t) => {
                self.acc_title = Some(t.text.to_string());
                push(&mut items, Item::Id(t.text.to_string()));
            }
            Stmt::AccDescr(t) => {
                self.acc_descr = Some(t.text.to_string());
                push(&mut items, Item::Id(t.text.to_string()));
            }
            Stmt::Semicolon(_) => push(&mut items, Item::Id(";".into())),
        }
        Ok(())
    }

    fn warn_unknown(&mut self, ids: &str, what: &str, span: ast::Span) {
        for id in ids.split(',') {
            if !self.vertex_ids.contains_key(id)
                && self.edge_with_id(id).is_none()
                && !self.sub_lookup.contains_key(id)
            {
                self.warnings.push(Warning {
                    message: format!(
                        "`{what}` names `{id}`, which is not defined (yet); mermaid ignores it"
                    ),
                    span: self.span(span),
                });
            }
        }
    }

    /// A vertex statement: nodes, then a link from each node of one group to each of the next.
    /// The ids mermaid lists for it (last group first) go to `items` when asked for.
    fn vertex_statement<'a>(
        &mut self,
        parts: impl Iterator<Item = Part<'a>>,
        items: Option<&mut Vec<Item>>,
    ) -> Result<(), ParseError> {
        // Every group's members, one after another, in one buffer (on the stack for short
        // statements), and where each group starts.
        let mut members: SmallVec<[Member<'a>; 8]> = SmallVec::new();
        let mut groups: SmallVec<[usize; 8]> = SmallVec::new();
        groups.push(0);
        // The link into the current group, and `@{…}` data waiting for the next node (`X@{…} & Y`:
        // mermaid applies X's data once Y has been read).
        let mut link: Option<LinkRef<'a>> = None;
        let mut pending: Option<(&'a str, &'a ast::ShapeData)> = None;
        for part in parts {
            match part {
                Part::Vertex(v) => {
                    let vertex = self.mention(&v)?;
                    if let Some((id, sd)) = pending.take() {
                        self.add_shape_data(id, sd)?;
                    }
                    pending = v.shape_data.map(|sd| (v.id, sd));
                    members.push(Member { id: v.id, vertex });
                }
                Part::GroupData(sd) => {
                    if let Some((id, sd)) = pending.take() {
                        self.add_shape_data(id, sd)?;
                    }
                    let group_start = groups[groups.len() - 1];
                    if let Some(last) = members[group_start..].last() {
                        self.add_shape_data(last.id, sd)?;
                    }
                }
                Part::Link(l) => {
                    self.end_group(&mut pending, &members, &groups, link.take())?;
                    groups.push(members.len());
                    link = Some(l);
                }
            }
        }
        self.end_group(&mut pending, &members, &groups, link)?;
        if let Some(list) = items {
            let mut end = members.len();
            for &start in groups.iter().rev() {
                list.extend(
                    members[start..end]
                        .iter()
                        .map(|m| Item::Id(m.id.to_string())),
                );
                end = start;
            }
        }
        Ok(())
    }

    /// One node mention of a statement: the vertex, its shape and label, its `:::class`.
    fn mention(&mut self, v: &VertexRef<'_>) -> Result<Option<usize>, ParseError> {
        let (text, typ, props) = match v.shape {
            Some((shape, text, kind)) => {
                let props = match shape {
                    VertexShape::RectWithProps(k, val) => Some(vec![(k.clone(), val.clone())]),
                    _ => None,
                };
                (Some((text, kind)), Some(shape.mermaid_type()), props)
            }
            None => (None, None, None),
        };
        let vertex = self.add_vertex(v.id, v.id_span, text, typ, None, props)?;
        if let Some(c) = v.class {
            self.set_class(v.id, c);
        }
        Ok(vertex)
    }

    /// The end of a statement's group: its last node's waiting `@{…}` data, and the link
    /// into it from the group before.
    fn end_group<'a>(
        &mut self,
        pending: &mut Option<(&'a str, &'a ast::ShapeData)>,
        members: &[Member<'a>],
        groups: &[usize],
        link: Option<LinkRef<'a>>,
    ) -> Result<(), ParseError> {
        if let Some((id, sd)) = pending.take() {
            self.add_shape_data(id, sd)?;
        }
        if let (Some(link), [.., prev, cur]) = (link, groups) {
            self.add_link(&members[*prev..*cur], &members[*cur..], &link)?;
        }
        Ok(())
    }

    /// mermaid's `addVertex` without metadata.
    fn add_vertex(
        &mut self,
        id: &str,
        span: ast::Span,
        text: Option<(&str, TextKind)>,
        typ: Option<&'static str>,
        styles: Option<&Vec<String>>,
        props: Option<Vec<(String, String)>>,
    ) -> Result<Option<usize>, ParseError> {
        if js_trim(id).is_empty() || self.edge_with_id(id).is_some() {
            return Ok(None);
        }
        let index = self.vertex_index_or_new(id, span);
        let v = &mut self.vertices[index];
        if let Some((text, kind)) = text {
            v.text = clean_label(text);
            v.label_type = label_kind(kind);
        }
        if let Some(t) = typ {
            v.typ = Some(CompactString::const_new(t));
        }
        if let Some(s) = styles {
            v.styles.extend(s.iter().cloned());
        }
        if let Some(p) = props {
            for (k, val) in p {
                let props = &mut v.extra().props;
                match props.iter_mut().find(|(pk, _)| *pk == k) {
                    Some(slot) => slot.1 = val,
                    None => props.push((k, val)),
                }
            }
        }
        Ok(Some(index))
    }

    /// mermaid's `addVertex` with `@{ … }` metadata: for a subgraph, an edge or a node.
    fn add_shape_data(&mut self, id: &str, sd: &ast::ShapeData) -> Result<(), ParseError> {
        if js_trim(id).is_empty() {
            return Ok(());
        }
        let yaml_text = if sd.yaml.contains('\n') {
            format!("{}\n", sd.yaml)
        } else {
            format!("{{\n{}\n}}", sd.yaml)
        };
        let doc = yaml::load(&yaml_text).map_err(|e| {
            self.error(sd.span, ErrorKind::Data, format!("the `@{{ … }}` data is not valid YAML: {}", e.message))
                .with_label("in this block")
                .with_help("write `key: value` pairs separated by commas, e.g. `A@{ shape: circle, label: \"Start\" }`")
        })?;
        let doc = match doc {
            Value::Object(o) => o,
            Value::Null => Default::default(),
            _ => {
                return Err(self.error(
                    sd.span,
                    ErrorKind::Data,
                    "the `@{ … }` data must be a list of `key: value` pairs".into(),
                ));
            }
        };
        let get_str = |k: &str| doc.get(k).filter(|v| truthy(v)).map(js_string);
        if let Some(&sg) = self.sub_lookup.get(id) {
            if doc.get("view").and_then(Value::as_str) == Some("collapsed") {
                self.subgraphs[sg].collapsed = true;
            }
            return Ok(());
        }
        if let Some(e) = self.edge_with_id(id) {
            let edge = &mut self.edges[e];
            match doc.get("animate") {
                Some(Value::Bool(b)) => edge.animate = Some(*b),
                Some(Value::String(s)) => edge.animate = Some(s == "true"),
                _ => {}
            }
            if let Some(a) = doc.get("animation").filter(|v| !v.is_null()) {
                edge.animation = Some(js_string(a));
            }
            if let Some(c) = doc.get("curve").filter(|v| !v.is_null()) {
                edge.interpolate = Some(js_string(c));
            }
            // mermaid 12.3: `step` must be a positive integer; anything else is ignored with a warning.
            if let Some(v) = doc.get("step").filter(|v| !v.is_null()) {
                match v.as_f64().filter(|n| *n >= 1.0 && n.fract() == 0.0) {
                    Some(n) => edge.step = Some(n.min(f64::from(u32::MAX)) as u32),
                    None => self.warnings.push(Warning {
                        message: format!(
                            "ignoring `step: {}` on edge `{id}`: expected a positive integer",
                            js_string(v)
                        ),
                        span: self.span(sd.span),
                    }),
                }
            }
            return Ok(());
        }
        // Validate the shape before creating anything (mermaid throws here).
        let shape = get_str("shape");
        if let Some(s) = &shape {
            if s.to_lowercase() != *s || s.contains('_') {
                return Err(self
                    .error(sd.span, ErrorKind::Semantic, format!("no such shape: `{s}` (shape names are lowercase, with `-` between words)"))
                    .with_label("in this block"));
            }
            if Shape::from_shape_name(s).is_none() {
                let e = self
                    .error(
                        sd.span,
                        ErrorKind::Semantic,
                        format!("no such shape: `{s}`"),
                    )
                    .with_label("in this block");
                return Err(e.with_help("see the shape names in mermaid's flowchart documentation, e.g. `rect`, `rounded`, `diamond`, `cyl`, `doc`"));
            }
        }
        let v = self.vertex_or_new(id, sd.span);
        if let Some(s) = shape {
            v.typ = Some(s.into());
        }
        if let Some(l) = get_str("label") {
            v.text = l.into();
            v.label_type = match doc.get("labelType").and_then(Value::as_str) {
                Some("text") => LabelKind::Text,
                Some("string") => LabelKind::String,
                _ => LabelKind::Markdown,
            };
        }
        let label_blank = doc
            .get("label")
            .map(js_string)
            .is_none_or(|l| js_trim(&l).is_empty());
        if let Some(icon) = get_str("icon") {
            v.extra().icon = Some(icon);
            if label_blank && v.text == id {
                v.text.clear();
            }
        }
        if let Some(f) = get_str("form") {
            v.extra().form = Some(f);
        }
        if let Some(p) = get_str("pos") {
            v.extra().pos = Some(p);
        }
        if let Some(img) = get_str("img") {
            v.extra().img = Some(img);
            if label_blank && v.text == id {
                v.text.clear();
            }
        }
        let num = |k: &str| {
            doc.get(k)
                .filter(|v| truthy(v))
                .and_then(|v| js_string(v).trim().parse::<f64>().ok())
        };
        if let Some(w) = num("w") {
            v.extra().asset_size.0 = Some(w);
        }
        if let Some(h) = num("h") {
            v.extra().asset_size.1 = Some(h);
        }
        Ok(())
    }

    /// mermaid's `destructLink`: arrow kind, stroke and length of a link token (with its opening token).
    fn destruct_link(arrow: &str, open: Option<&str>) -> LinkKind {
        let end = destruct_end_link(arrow);
        let Some(open) = open else { return end };
        let (start_typ, start_stroke) = destruct_start_link(open);
        if start_stroke != end.stroke {
            return LinkKind {
                typ: "INVALID",
                stroke: "INVALID",
                length: end.length,
            };
        }
        let typ = if start_typ == "arrow_open" {
            end.typ
        } else if start_typ != end.typ {
            return LinkKind {
                typ: "INVALID",
                stroke: "INVALID",
                length: end.length,
            };
        } else {
            match start_typ {
                "arrow_point" => "double_arrow_point",
                "arrow_cross" => "double_arrow_cross",
                _ => "double_arrow_circle",
            }
        };
        LinkKind {
            typ,
            stroke: start_stroke,
            length: end.length,
        }
    }

    /// mermaid's `addLink`: an edge for each start × end; the link id goes to the last start's first end.
    fn add_link(
        &mut self,
        starts: &[Member<'_>],
        ends: &[Member<'_>],
        link: &LinkRef<'_>,
    ) -> Result<(), ParseError> {
        let kind = Db::destruct_link(link.arrow, link.open);
        if kind.typ == "INVALID" {
            self.warnings.push(Warning {
                message: "this link mixes link kinds (`x--`/`o--`/`<--` need the matching end); mermaid draws it as a plain line".into(),
                span: self.span(link.span),
            });
        }
        let id = link.id.map(|i| i.replacen('@', "", 1));
        let (text, label_type) = match link.text {
            Some((text, kind)) => (clean_label(text), label_kind(kind)),
            None => (CompactString::default(), LabelKind::Text),
        };
        for (i, s) in starts.iter().enumerate() {
            for (j, e) in ends.iter().enumerate() {
                // mermaid compares by id: every start equal to the last start, every end equal to the first end.
                let last_start = i + 1 == starts.len() || s.id == starts[starts.len() - 1].id;
                let first_end = j == 0 || e.id == ends[0].id;
                let user_id = if last_start && first_end {
                    id.clone()
                } else {
                    None
                };
                self.add_single_link(s, e, &kind, &text, label_type, user_id, link.span);
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn add_single_link(
        &mut self,
        start: &Member<'_>,
        end: &Member<'_>,
        kind: &LinkKind,
        text: &CompactString,
        label_type: LabelKind,
        id: Option<String>,
        span: ast::Span,
    ) {
        let user_id = match id {
            Some(i) if self.edge_with_id(&i).is_none() => Some(i),
            _ => None,
        };
        let idx = self.edges.len();
        if let Some(i) = &user_id {
            self.user_ids.entry(i.clone()).or_insert(idx);
        }
        if let Some(t) = self.auto_ids.as_mut() {
            let generated = t.next_id(start.id, end.id);
            if user_id.is_none() {
                t.by_id.entry(generated).or_insert(idx);
            }
        }
        let (start, end) = (self.endpoint(start), self.endpoint(end));

        self.edges.push(EdgeRec {
            start,
            end,
            typ: kind.typ,
            stroke: kind.stroke,
            length: kind.length.min(10),
            text: text.clone(),
            label_type,
            classes: Vec::new(),
            user_id,
            interpolate: self.default_interpolate.clone(),
            style: None,
            animate: None,
            animation: None,
            step: None,
            span: self.span(span),
        });
    }

    /// `linkStyle`: the curve first, then the styles (mermaid's order).
    fn link_style(
        &mut self,
        targets: &LinkStyleTargets,
        interpolate: Option<&ast::Spanned>,
        styles: Option<&Vec<String>>,
        span: ast::Span,
    ) -> Result<(), ParseError> {
        let indices: Vec<Option<usize>> = match targets {
            LinkStyleTargets::Default(_) => vec![None],
            LinkStyleTargets::Indices(nums) => {
                let mut out = Vec::new();
                for n in nums {
                    // A JavaScript array index: digits without leading zeros.
                    let idx = n
                        .text
                        .parse::<usize>()
                        .ok()
                        .filter(|i| i.to_string() == n.text && *i < self.edges.len());
                    let Some(idx) = idx else {
                        let count = self.edges.len();
                        let e = self.error(
                            n.span,
                            ErrorKind::Semantic,
                            format!(
                                "`linkStyle {}`: there is no link number {} here",
                                n.text, n.text
                            ),
                        );
                        let help = match count {
                            0 => "no link is defined before this statement; links are numbered from 0 in the order they are written".to_string(),
                            1 => "one link is defined before this statement: number 0".to_string(),
                            n => format!("{n} links are defined before this statement, numbered 0 to {}", n - 1),
                        };
                        return Err(e.with_label("no such link").with_help(help));
                    };
                    out.push(Some(idx));
                }
                out
            }
        };
        let _ = span;
        if let Some(curve) = interpolate {
            for i in &indices {
                match i {
                    None => self.default_interpolate = Some(curve.text.to_string()),
                    Some(i) => self.edges[*i].interpolate = Some(curve.text.to_string()),
                }
            }
        }
        if let Some(styles) = styles {
            for i in &indices {
                match i {
                    None => self.default_style = Some(styles.clone()),
                    Some(i) => {
                        let mut s = styles.clone();
                        if !s.is_empty() && !s.iter().any(|x| x.starts_with("fill")) {
                            s.push("fill:none".into());
                        }
                        self.edges[*i].style = Some(s);
                    }
                }
            }
        }
        Ok(())
    }

    /// `classDef a,b css`: declarations split on `,` and `;` (`\,` escapes a comma).
    fn add_class(&mut self, names: &str, styles: &[String]) {
        let joined = styles
            .join(",")
            .replace("\\,", "\u{A7}\u{A7}\u{A7}")
            .replace(',', ";")
            .replace("\u{A7}\u{A7}\u{A7}", ",");
        let parts: Vec<String> = joined.split(';').map(str::to_string).collect();
        for name in names.split(',') {
            self.classes
                .entry(name.to_string())
                .or_default()
                .extend(parts.iter().cloned());
        }
    }

    /// `setClass`: to every node, edge and subgraph with one of the ids.
    fn set_class(&mut self, ids: &str, class: &str) {
        for id in ids.split(',') {
            if let Some(v) = self.vertex_mut(id) {
                v.classes.push(class.to_string());
            }
            if let Some(e) = self.edge_with_id(id) {
                self.edges[e].classes.push(class.to_string());
            }
            if let Some(&s) = self.sub_lookup.get(id) {
                self.subgraphs[s].classes.push(class.to_string());
            }
        }
    }

    /// `click`: link or callback, then tooltip; both mark the node `clickable`.
    fn click(&mut self, ids: &str, action: &ClickAction, span: ast::Span) {
        self.warn_unknown(ids, "click", span);
        let tooltip = match action {
            ClickAction::Link {
                url,
                tooltip,
                target,
            } => {
                let url = format_url(&url.text);
                for id in ids.split(',') {
                    if let Some(v) = self.vertex_mut(id) {
                        let x = v.extra();
                        x.link = url.clone();
                        x.link_target = target.as_ref().map(|t| t.text.to_string());
                    }
                }
                tooltip
            }
            // Callbacks only run at mermaid's `loose` security level; mmdr never runs script.
            ClickAction::Callback { tooltip, .. } => tooltip,
        };
        self.set_class(ids, "clickable");
        if let Some(t) = tooltip {
            let t = sanitize_html(&t.text);
            for id in ids.split(',') {
                self.tooltips.insert(id.to_string(), t.clone());
            }
        }
    }

    /// `addSubGraph`: id, title, members (deduplicated, not claimed by an earlier subgraph), direction.
    fn add_subgraph(&mut self, sg: &ast::Subgraph, items: Vec<Item>) -> Result<String, ParseError> {
        let (id_text, title) = match (&sg.id, &sg.title) {
            (Some(id), Some(title)) => (id, title),
            (Some(id), None) => (id, id),
            (None, _) => {
                let e = self
                    .error(
                        sg.keyword,
                        ErrorKind::Semantic,
                        "a subgraph needs an id or a title".into(),
                    )
                    .with_label("`subgraph` alone");
                return Err(e.with_help("write `subgraph name` or `subgraph id [Title]`"));
            }
        };
        let same = sg.title.is_none();
        let mut id = Some(js_trim(&id_text.text).to_string());
        if same && title.text.chars().any(is_js_space) {
            id = None;
        }
        let mut dir = None;
        let mut seen: HashSet<&str> =
            HashSet::with_capacity_and_hasher(items.len(), Default::default());
        let mut members = Vec::with_capacity(items.len());
        for item in &items {
            match item {
                Item::Dir(d) => dir = Some(d.to_string()),
                Item::Id(s) => {
                    if js_trim(s).is_empty() || !seen.insert(s) {
                        continue;
                    }
                    members.push(s.clone());
                }
            }
        }
        if dir.is_none() && self.inherit_dir {
            dir = Some(self.direction.clone());
        }
        let id = id.unwrap_or_else(|| format!("subGraph{}", self.sub_count));
        self.sub_count += 1;
        let title_html = js_trim(&sanitize_html(&title.text)).to_string();
        let label_type = match title.kind {
            TextKind::Markdown => LabelKind::Markdown,
            TextKind::String => LabelKind::String,
            TextKind::Text => LabelKind::Text,
        };
        // mermaid 12: a subgraph does not list itself, and a repeated id adds to the first one.
        let nodes: Vec<String> = members
            .into_iter()
            .filter(|m| !self.claimed.contains(m) && *m != id)
            .collect();
        self.claimed.extend(nodes.iter().cloned());
        if let Some(&idx) = self.sub_lookup.get(&id) {
            self.subgraphs[idx].nodes.extend(nodes);
            return Ok(id);
        }
        let idx = self.subgraphs.len();
        self.subgraphs.push(SubRec {
            id: id.clone(),
            nodes,
            title: title_html,
            label_type,
            classes: Vec::new(),
            dir,
            collapsed: false,
            span: self.span(sg.span),
        });
        self.sub_lookup.insert(id.clone(), idx);
        Ok(id)
    }

    /// Build the petgraph model from the records.
    fn finish(mut self, config: Config, direction_raw: String) -> Diagram {
        let records = std::mem::take(&mut self.subgraphs);
        // A node's parent: the first subgraph (in closing order) listing it.
        let listed = records.iter().map(|sg| sg.nodes.len()).sum();
        let mut parent_of: HashMap<&str, usize> =
            HashMap::with_capacity_and_hasher(listed, Default::default());
        for (i, sg) in records.iter().enumerate().rev() {
            for id in &sg.nodes {
                parent_of.insert(id.as_str(), i);
            }
        }
        // A vertex named like a subgraph carries that subgraph's `style` and `class`.
        let handles: Vec<(Vec<String>, Vec<String>)> = records
            .iter()
            .map(|sg| {
                self.vertex_ids
                    .get_index_of(sg.id.as_str())
                    .map(|i| {
                        (
                            self.vertices[i].styles.clone(),
                            self.vertices[i].classes.clone(),
                        )
                    })
                    .unwrap_or_default()
            })
            .collect();
        let mut graph = StableDiGraph::with_capacity(self.vertices.len(), self.edges.len());
        // The vertex table becomes the id table: the graph numbers nodes in the same order.
        let vertices = std::mem::take(&mut self.vertices);
        // (Without subgraphs no node has a parent or a cluster: skip the lookups.)
        let flat = parent_of.is_empty() && self.sub_lookup.is_empty();
        for ((id, &index), v) in self.vertex_ids.iter().zip(vertices) {
            let (parent, cluster) = if flat {
                (None, None)
            } else {
                (
                    parent_of.get(id.as_str()).copied(),
                    self.sub_lookup.get(id.as_str()).copied(),
                )
            };
            let node = make_node(id, v, &self.tooltips, parent, cluster);
            let added = graph.add_node(node);
            debug_assert_eq!(added, index);
        }
        let mut node_ids = std::mem::take(&mut self.vertex_ids);
        for e in std::mem::take(&mut self.edges) {
            let mut endpoint = |end: Endpoint| -> NodeIndex {
                let name = match end {
                    Endpoint::Vertex(i) => return NodeIndex::new(i),
                    Endpoint::Name(n) => n,
                };
                if let Some(&i) = node_ids.get(name.as_str()) {
                    return i;
                }
                // An edge to an id mermaid never made a node of (an edge id): make a plain one.
                let name = CompactString::from(name);
                let v = Vertex::new(&name, e.span.clone());
                let node = make_node(
                    &name,
                    v,
                    &self.tooltips,
                    parent_of.get(name.as_str()).copied(),
                    self.sub_lookup.get(name.as_str()).copied(),
                );
                let i = graph.add_node(node);
                node_ids.insert(name, i);
                i
            };
            let a = endpoint(e.start);
            let b = endpoint(e.end);
            let (arrow_start, arrow_end) = arrows(e.typ, e.stroke);
            let mut styles = self.default_style.clone().unwrap_or_default();
            styles.extend(e.style.into_iter().flatten());
            let stroke = match e.stroke {
                "thick" => Stroke::Thick,
                "dotted" => Stroke::Dotted,
                "invisible" => Stroke::Invisible,
                "INVALID" => Stroke::Invalid,
                _ => Stroke::Normal,
            };
            let rare = e.user_id.is_some()
                || !e.classes.is_empty()
                || e.interpolate.is_some()
                || e.animate.is_some()
                || e.animation.is_some()
                || e.step.is_some();
            let extra = rare.then(|| {
                Box::new(EdgeExtra {
                    id: e.user_id,
                    classes: e.classes,
                    curve: e.interpolate,
                    animate: e.animate,
                    animation: e.animation,
                    step: e.step,
                })
            });
            let edge = Edge {
                label: Label::from_html(restore_codes(e.text), e.label_type),
                stroke,
                arrow_start,
                arrow_end,
                min_len: e.length.max(1),
                styles,
                span: e.span,
                extra,
            };
            graph.add_edge(a, b, edge);
        }
        // Subgraph tree: a subgraph's parent is the first subgraph listing its id, never itself or a descendant.
        let n = records.len();
        let mut sg_parent: Vec<Option<usize>> = (0..n)
            .map(|i| {
                parent_of
                    .get(records[i].id.as_str())
                    .copied()
                    .filter(|&p| p != i)
            })
            .collect();
        for i in 0..n {
            // A walk up from `i` longer than `n` steps is in a cycle.
            let mut cur = sg_parent[i];
            let mut steps = 0;
            while let Some(p) = cur {
                if p == i || steps > n {
                    sg_parent[i] = None;
                    break;
                }
                steps += 1;
                cur = sg_parent[p];
            }
        }
        let mut children_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (j, p) in sg_parent.iter().enumerate() {
            if let Some(p) = p {
                children_of[*p].push(j);
            }
        }
        let member_nodes: Vec<Vec<NodeIndex>> = records
            .iter()
            .enumerate()
            .map(|(i, sg)| {
                sg.nodes
                    .iter()
                    .filter(|c| {
                        parent_of.get(c.as_str()) == Some(&i) && !self.sub_lookup.contains_key(*c)
                    })
                    .filter_map(|c| node_ids.get(c.as_str()).copied())
                    .collect()
            })
            .collect();
        drop(parent_of);
        let mut subgraphs: Vec<Subgraph> = Vec::with_capacity(n);
        for (((i, sg), nodes), ((styles, handle_classes), child_sgs)) in records
            .into_iter()
            .enumerate()
            .zip(member_nodes)
            .zip(handles.into_iter().zip(children_of))
        {
            let mut classes = sg.classes;
            for c in handle_classes {
                if !classes.contains(&c) {
                    classes.push(c);
                }
            }
            subgraphs.push(Subgraph {
                id: sg.id,
                title: Label::from_html(restore_codes(sg.title), sg.label_type),
                children: sg.nodes,
                nodes,
                subgraphs: child_sgs,
                parent: sg_parent[i],
                direction: sg.dir,
                classes,
                styles,
                collapsed: sg.collapsed,
                span: sg.span,
            });
        }
        // Nodes standing for subgraphs point at the subgraph mermaid would find (the last of that id).
        for (id, &s) in &self.sub_lookup {
            if let Some(&idx) = node_ids.get(id.as_str()) {
                graph[idx].cluster = Some(s);
                graph[idx].parent = sg_parent[s];
            }
        }
        let class_defs = self
            .classes
            .into_iter()
            .map(|(k, styles)| (k, ClassDef { styles }))
            .collect();
        let direction = Direction::parse(&direction_raw).unwrap_or_default();
        let title = self.title.take();
        Diagram {
            direction,
            direction_raw,
            title,
            acc_title: self.acc_title,
            acc_descr: self.acc_descr,
            graph,
            node_ids,
            subgraphs,
            class_defs,
            config,
            warnings: self.warnings,
        }
    }
}

/// A model node from a FlowDB vertex.
fn make_node(
    id: &CompactString,
    v: Vertex,
    tooltips: &HashMap<String, String>,
    parent: Option<usize>,
    cluster: Option<usize>,
) -> Node {
    let mut extra = v.extra;
    if let Some(t) = (!tooltips.is_empty())
        .then(|| tooltips.get(id.as_str()))
        .flatten()
    {
        extra.get_or_insert_with(Default::default).tooltip = Some(restore_entity_codes(t));
    }
    // mermaid's getTypeFromVertex: an image or icon decides the shape, else the type.
    let x = extra.as_deref();
    let shape = if x.is_some_and(|x| x.img.is_some()) {
        Shape::from_canonical("image")
    } else if x.is_some_and(|x| x.icon.is_some()) {
        Shape::from_canonical(match x.and_then(|x| x.form.as_deref()) {
            Some("circle") => "icon-circle",
            Some("square") => "icon-square",
            Some("rounded") => "icon-rounded",
            _ => "icon",
        })
    } else {
        v.typ
            .as_deref()
            .map_or(Shape::Rect, Shape::from_mermaid_type)
    };
    Node {
        id: id.clone(),
        label: Label::from_html(restore_codes(v.text), v.label_type),
        shape,
        classes: v.classes,
        styles: v.styles,
        parent,
        cluster,
        span: v.span,
        extra,
    }
}

/// [`restore_entity_codes`] without a copy when there is nothing to restore (for a `String`
/// or an inline-stored `CompactString`).
fn restore_codes<S: AsRef<str> + From<String>>(s: S) -> S {
    if holds_entity_codes(s.as_ref()) {
        restore_entity_codes(s.as_ref()).into()
    } else {
        s
    }
}

/// mermaid's `destructStartLink`: the arrow kind and stroke of an opening `--`, `==`, `-.` (with `<`, `x`, `o`).
fn destruct_start_link(s: &str) -> (&'static str, &'static str) {
    let s = js_trim(s);
    let (typ, rest) = match s.chars().next() {
        Some('<') => ("arrow_point", &s[1..]),
        Some('x') => ("arrow_cross", &s[1..]),
        Some('o') => ("arrow_circle", &s[1..]),
        _ => ("arrow_open", s),
    };
    let stroke = if rest.contains('.') {
        "dotted"
    } else if rest.contains('=') {
        "thick"
    } else {
        "normal"
    };
    (typ, stroke)
}

/// mermaid's `destructEndLink`: arrow kind, stroke and length of a link token.
fn destruct_end_link(s: &str) -> LinkKind {
    let s = js_trim(s);
    let mut line = &s[..s
        .len()
        .saturating_sub(s.chars().last().map_or(0, char::len_utf8))];
    let last = s.chars().last();
    let first = s.chars().next();
    let mut typ = "arrow_open";
    let double = |c: char| first == Some(c);
    match last {
        Some('x') => {
            typ = "arrow_cross";
            if double('x') {
                typ = "double_arrow_cross";
                line = &line[1..];
            }
        }
        Some('>') => {
            typ = "arrow_point";
            if double('<') {
                typ = "double_arrow_point";
                line = &line[1..];
            }
        }
        Some('o') => {
            typ = "arrow_circle";
            if double('o') {
                typ = "double_arrow_circle";
                line = &line[1..];
            }
        }
        _ => {}
    }
    let mut stroke = "normal";
    let mut length = line.chars().count().saturating_sub(1) as u32;
    if line.starts_with('=') {
        stroke = "thick";
    }
    if line.starts_with('~') {
        stroke = "invisible";
    }
    let dots = line.bytes().filter(|&b| b == b'.').count() as u32;
    if dots > 0 {
        stroke = "dotted";
        length = dots;
    }
    LinkKind {
        typ,
        stroke,
        length,
    }
}

/// The markers mermaid draws for an edge type (none at all for open and invisible links).
fn arrows(typ: &str, stroke: &str) -> (ArrowEnd, ArrowEnd) {
    if stroke == "invisible" || typ == "arrow_open" {
        return (ArrowEnd::None, ArrowEnd::None);
    }
    let one = |t: &str| match t {
        "arrow_circle" => ArrowEnd::Circle,
        "arrow_cross" => ArrowEnd::Cross,
        _ => ArrowEnd::Arrow,
    };
    match typ.strip_prefix("double_") {
        Some(t) => (one(t), one(t)),
        None => (ArrowEnd::None, one(typ)),
    }
}

/// mermaid's `formatUrl` at the strict level: unsafe schemes become `about:blank`.
fn format_url(url: &str) -> Option<String> {
    let u = url.trim();
    if u.is_empty() {
        return None;
    }
    Some(if is_safe_url(u) {
        u.to_string()
    } else {
        "about:blank".to_string()
    })
}

/// JavaScript truthiness of a YAML value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// JavaScript `String(v)` of a YAML value.
fn js_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_trim_trims_what_javascript_trims() {
        let pieces = [
            "", " ", "\t", "\n", "\u{A0}", "\u{2003}", "\u{FEFF}", "a", "é", "-->", "x y",
        ];
        let mut n = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(js_trim(&s), s.trim_matches(is_js_space), "{s:?}");
                    n += 1;
                }
            }
        }
        assert_eq!(n, 1331);
    }
    use crate::parse::parse;

    fn diagram(src: &str) -> Diagram {
        lower(&parse(src).unwrap()).unwrap()
    }

    #[test]
    fn chains_and_groups_make_edges() {
        let d = diagram("graph TD\nA & B --> C & D --> E\n");
        let pairs: Vec<(String, String)> = d
            .edges()
            .map(|(_, a, b, _)| (d.graph[a].id.to_string(), d.graph[b].id.to_string()))
            .collect();
        let want = [
            ("A", "C"),
            ("A", "D"),
            ("B", "C"),
            ("B", "D"),
            ("C", "E"),
            ("D", "E"),
        ];
        assert_eq!(pairs, want.map(|(a, b)| (a.to_string(), b.to_string())));
    }

    #[test]
    fn link_kinds() {
        let k = destruct_end_link("<-->");
        assert_eq!(
            (k.typ, k.stroke, k.length),
            ("double_arrow_point", "normal", 1)
        );
        let k = destruct_end_link("-..->");
        assert_eq!((k.typ, k.stroke, k.length), ("arrow_point", "dotted", 2));
        let k = destruct_end_link("====");
        assert_eq!((k.typ, k.stroke, k.length), ("arrow_open", "thick", 2));
        let k = destruct_end_link("~~~~");
        assert_eq!((k.stroke, k.length), ("invisible", 2));
        let k = Db::destruct_link("-->", Some("x--"));
        assert_eq!(k.typ, "INVALID");
    }

    #[test]
    fn repeated_mentions_merge_and_relabel() {
        let d = diagram("graph TD\nA --> B\nA[Start]\nB:::c\nclassDef c fill:#f00\n");
        assert_eq!(d.node("A").unwrap().label.text(), "Start");
        assert_eq!(d.node("B").unwrap().classes, ["c"]);
        assert_eq!(d.class_defs["c"].styles, ["fill:#f00"]);
        assert_eq!(d.graph.node_count(), 2);
    }

    #[test]
    fn subgraph_membership_follows_mermaid() {
        let d = diagram("graph TD\nsubgraph outer\nsubgraph inner\nA\nend\nA\nB\nend\n");
        assert_eq!(d.subgraphs[0].id, "inner");
        assert_eq!(d.subgraphs[1].children, ["inner", "B"]);
        assert_eq!(d.node("A").unwrap().parent, Some(0));
        assert_eq!(d.node("B").unwrap().parent, Some(1));
        assert_eq!(d.subgraphs[0].parent, Some(1));
        assert_eq!(d.subgraphs[1].subgraphs, [0]);
    }

    #[test]
    fn untitled_subgraph_with_spaces_gets_generated_id() {
        let d = diagram("graph TB\nsubgraph \"Client Layer\"\nA\nend\nsubgraph x [Y]\nB\nend\n");
        assert_eq!(d.subgraphs[0].id, "subGraph0");
        assert_eq!(d.subgraphs[0].title.text(), "Client Layer");
        assert_eq!(d.subgraphs[1].id, "x");
    }

    #[test]
    fn edges_to_subgraphs_attach_to_clusters() {
        let d = diagram("graph TD\nA --> S\nsubgraph S\nB\nend\n");
        assert_eq!(d.node("S").unwrap().cluster, Some(0));
    }

    #[test]
    fn link_style_out_of_range_is_an_error() {
        let e = lower(&parse("graph TD\nA-->B\nlinkStyle 3 stroke:red\n").unwrap()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Semantic);
        assert!(e.message.contains("no link number 3"));
    }

    #[test]
    fn unknown_shape_is_an_error() {
        let e = lower(&parse("flowchart TB\nA@{ shape: nope }\n").unwrap()).unwrap_err();
        assert!(e.message.contains("no such shape"));
    }

    #[test]
    fn shape_data_sets_shape_and_label() {
        let d = diagram("flowchart TB\nA@{ shape: db, label: \"Store\" } --> e1\nA e2@--> B\ne2@{ curve: linear }\n");
        let a = d.node("A").unwrap();
        assert_eq!(
            (a.shape.name(), a.label.text(), a.label.kind),
            ("cylinder", "Store", LabelKind::Markdown)
        );
        let curves: Vec<_> = d.edges().map(|(_, _, _, e)| e.curve()).collect();
        assert_eq!(curves, [None, Some("linear")]);
    }

    #[test]
    fn edge_steps_are_positive_integers() {
        let d = diagram("flowchart TB\nA e1@--> B\nA e2@--> C\nA e3@--> D\ne1@{ step: 2 }\ne2@{ step: 0 }\ne3@{ step: \"3\" }\n");
        let steps: Vec<_> = d.edges().map(|(_, _, _, e)| e.step()).collect();
        assert_eq!(steps, [Some(2), None, None]);
        assert_eq!(d.warnings.len(), 2);
    }

    #[test]
    fn repeated_subgraph_ids_merge() {
        let d = diagram("flowchart TB\nsubgraph  main\nA\nend\nsubgraph S [One]\nS\nB\nend\nsubgraph S [Two]\nC\nend\nsubgraph a b\nD\nend\n");
        let ids: Vec<_> = d.subgraphs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["main", "S", "subGraph3"]);
        assert_eq!(d.subgraphs[1].children, ["B", "C"]);
        assert_eq!(d.subgraphs[1].title.text(), "One");
    }

    #[test]
    fn click_links_are_made_safe() {
        let d = diagram("graph TD\nA\nB\nclick A \"javascript:alert(1)\"\nclick B href \"https://x.org\" \"tip\" _blank\n");
        assert_eq!(d.node("A").unwrap().link(), Some("about:blank"));
        let b = d.node("B").unwrap();
        assert_eq!(
            (b.link(), b.tooltip(), b.link_target()),
            (Some("https://x.org"), Some("tip"), Some("_blank"))
        );
        assert_eq!(b.classes, ["clickable"]);
    }

    #[test]
    fn anonymous_subgraph_is_refused_like_mermaid() {
        let e = lower(&parse("graph TD\nsubgraph\nA\nend\n").unwrap()).unwrap_err();
        assert!(e.message.contains("needs an id"));
    }
}
