//! The laid-out diagram as SVG, looking like mermaid's drawing of it.
//!
//! Reads only the layout, the model's styles and the theme. The output is self-contained:
//! presentation attributes only (no `<style>`, no CSS, no script, no external references),
//! every piece of text escaped, every style value parsed and rewritten ([`super::paint`]),
//! links kept only when their URL is safe. Numbers have two decimals at most, ids are
//! prefixed per document, so the same input always gives the same bytes and several SVGs can
//! share one HTML page.

use super::color::Rgba;
use super::fmt::{n, push_xy, put, Esc};
use super::look::{Style, SHADOW_OFFSET, SHADOW_OPACITY};
use super::outline::shape_paths;
use super::paint::{font_family, Paint};
use super::theme::Theme;
use crate::graph::{ArrowEnd, Diagram, Stroke};
use crate::layout::measure::Typeface;
use crate::layout::{as_quadratic, as_quarter_circle, Layout, Path, Point, Seg};
use crate::text::rich::RichText;

/// DejaVu Sans, the font the layout measures with, first, then fonts of similar metrics.
pub const FONT_STACK: &str = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

/// Recursive, for a viewer that has it (the theme's own `"Recursive Variable"` follows).
pub const RECURSIVE_STACK: &str = "Recursive";

/// How to draw: the theme, the background and the document's id prefix.
#[derive(Clone, Debug)]
pub struct SvgOptions {
    /// Colours and font size.
    pub theme: Theme,
    /// A background fill behind everything (`None`: transparent).
    pub background: Option<Rgba>,
    /// Prefix of every id in the document (unique per document, stable across runs).
    pub id: String,
    /// The look: neo (mermaid 12) or classic (mermaid 11).
    pub style: Style,
}

impl SvgOptions {
    /// Options from the diagram's own configuration (`theme`, `themeVariables`), with an id
    /// derived from the source text.
    pub fn for_diagram(d: &Diagram, source: &str) -> SvgOptions {
        let theme = d.config.theme();
        SvgOptions {
            theme: super::theme::theme_for(Some(theme), d.config.theme_variables()),
            background: None,
            id: document_id(source),
            style: Style::of(d.config.look(), theme),
        }
    }
}

/// `mmdr-` and a 64-bit FNV-1a hash of the source: stable, and different for different
/// documents.
pub fn document_id(source: &str) -> String {
    let h = source.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("mmdr-{h:016x}")
}

/// Render `layout` of `d` as an SVG document.
pub fn render(d: &Diagram, layout: &Layout, o: &SvgOptions) -> String {
    let t = &o.theme;
    let mut s = String::with_capacity(4096 + 1024 * layout.nodes.len());
    let (w, h) = (layout.width.max(1.0), layout.height.max(1.0));
    let id = &o.id;
    let title = d.acc_title.as_deref().or(d.title.as_deref());
    let (w, h) = (n(w), n(h));
    put!(
        &mut s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" id=""#,
        id,
        r#"" width=""#,
        w,
        r#"" height=""#,
        h,
        r#"" viewBox="0 0 "#,
        w,
        ' ',
        h,
        r#"" role="graphics-document document" aria-roledescription="flowchart-v2""#
    );
    if title.is_some() {
        put!(&mut s, r#" aria-labelledby=""#, id, r#"-title""#);
    }
    if d.acc_descr.is_some() {
        put!(&mut s, r#" aria-describedby=""#, id, r#"-desc""#);
    }
    let family = font_family_attr(t);
    put!(
        &mut s,
        r#" font-family=""#,
        Esc(&family),
        r#"" font-size=""#,
        n(t.font_size),
        r#"">"#
    );
    if let Some(title) = title {
        put!(
            &mut s,
            r#"<title id=""#,
            id,
            r#"-title">"#,
            Esc(title),
            "</title>"
        );
    }
    if let Some(desc) = &d.acc_descr {
        put!(
            &mut s,
            r#"<desc id=""#,
            id,
            r#"-desc">"#,
            Esc(desc),
            "</desc>"
        );
    }
    if let Some(bg) = o.background {
        put!(
            &mut s,
            r#"<rect width=""#,
            w,
            r#"" height=""#,
            h,
            r#"" fill=""#,
            bg,
            r#""/>"#
        );
    }
    let st = &o.style;
    clusters(&mut s, d, layout, t, st);
    edges(&mut s, d, layout, t, st);
    nodes(&mut s, d, layout, t, st, id);
    s.push_str("</svg>\n");
    s
}

/// The names of the typeface text is measured in, first in every font-family attribute.
fn stack(typeface: Typeface) -> &'static str {
    match typeface {
        Typeface::DejaVuSans => FONT_STACK,
        Typeface::Recursive => RECURSIVE_STACK,
    }
}

/// The font-family attribute: the embedded font first, then the theme's choice.
fn font_family_attr(t: &Theme) -> String {
    let first = stack(t.typeface());
    match font_family(&t.font_family) {
        Some(f) if !f.is_empty() => format!("{first}, {f}"),
        _ => first.to_string(),
    }
}

/// Fill, stroke and width attributes.
fn paint_attrs(s: &mut String, fill: Option<Rgba>, stroke: Option<Rgba>, width: f64, dash: &[f64]) {
    match fill {
        Some(c) => put!(s, r#" fill=""#, c, '"'),
        None => s.push_str(r#" fill="none""#),
    }
    match stroke {
        Some(c) => put!(s, r#" stroke=""#, c, r#"" stroke-width=""#, n(width), '"'),
        None => s.push_str(r#" stroke="none""#),
    }
    if !dash.is_empty() {
        s.push_str(r#" stroke-dasharray=""#);
        for (i, x) in dash.iter().enumerate() {
            put!(s, if i > 0 { " " } else { "" }, n(*x));
        }
        s.push('"');
    }
}

/// `<rect x=… y=… width=… height=…` (the element left open for its paint).
fn put_rect(s: &mut String, r: crate::layout::Rect) {
    put!(
        s,
        r#"<rect x=""#,
        n(r.x),
        r#"" y=""#,
        n(r.y),
        r#"" width=""#,
        n(r.w),
        r#"" height=""#,
        n(r.h),
        '"'
    );
}

/// Each subgraph's index in declaration order, parents before children (mermaid 12's colour
/// slots). Subgraphs are stored inner before outer, siblings in order, so a walk from the
/// roots in stored order visits them as declared.
fn declaration_order(d: &Diagram) -> Vec<usize> {
    let n = d.subgraphs.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, sg) in d.subgraphs.iter().enumerate() {
        match sg.parent {
            Some(p) if p < n => children[p].push(i),
            _ => roots.push(i),
        }
    }
    let mut index = vec![0; n];
    let mut next = 0;
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        index[i] = next;
        next += 1;
        stack.extend(children[i].iter().rev());
    }
    index
}

/// The hard shadow under a shape: the same outline moved right and down, faint.
fn shadow(s: &mut String, st: &Style, outline: impl FnOnce(&mut String)) {
    if let Some(c) = st.shadow {
        let o = n(SHADOW_OFFSET);
        put!(
            s,
            r#"<g transform="translate("#,
            o,
            ',',
            o,
            r#")" fill=""#,
            c,
            r#"" fill-opacity=""#,
            n(SHADOW_OPACITY),
            r#"" stroke="none">"#
        );
        outline(s);
        s.push_str("</g>");
    }
}

/// Subgraph boxes and titles, outermost first.
fn clusters(s: &mut String, d: &Diagram, layout: &Layout, t: &Theme, st: &Style) {
    let slots = if st.palette.is_some() {
        declaration_order(d)
    } else {
        Vec::new()
    };
    let depth = |mut i: usize| {
        let mut k = 0;
        while let Some(p) = d.subgraphs[i].parent {
            k += 1;
            i = p;
        }
        k
    };
    let mut order: Vec<usize> = (0..d.subgraphs.len()).collect();
    order.sort_by_key(|&i| (depth(i), i));
    for i in order {
        let (Some(sg), Some(Some(geom))) = (d.subgraphs.get(i), layout.clusters.get(i)) else {
            continue;
        };
        let p = Paint::resolve(d, false, &sg.classes, &sg.styles);
        let r = geom.rect;
        let rect = |s: &mut String| {
            put_rect(s, r);
        };
        let (mut fill, mut border) = (t.cluster_bkg, t.cluster_border);
        if let Some(both) = st.palette {
            let (b, f) = Style::palette_colors(slots[i]);
            border = b;
            if both {
                fill = f;
            }
        }
        s.push_str(r#"<g class="cluster">"#);
        shadow(s, st, |s| {
            rect(s);
            s.push_str("/>");
        });
        rect(s);
        paint_attrs(
            s,
            p.fill.unwrap_or(Some(fill)),
            p.stroke.unwrap_or(Some(border)),
            p.stroke_width.unwrap_or(1.0),
            p.dasharray.as_deref().unwrap_or(&[]),
        );
        s.push_str("/>");
        let color = p.color.unwrap_or(t.title_color);
        text_block(s, &geom.title, geom.title_box.center(), color, &p, t);
        s.push_str("</g>");
    }
}

/// Edge paths with their ends, then edge labels on their chips.
fn edges(s: &mut String, d: &Diagram, layout: &Layout, t: &Theme, st: &Style) {
    let (arrow_len, _) = st.arrow;
    let mut labels = String::new();
    for e in d.graph.edge_indices() {
        let (edge, Some(geom)) = (&d.graph[e], layout.edges.get(e.index())) else {
            continue;
        };
        if edge.stroke == Stroke::Invisible || geom.path.segs.is_empty() {
            continue;
        }
        let classes = edge.extra.as_ref().map_or(&[][..], |x| &x.classes[..]);
        let p = Paint::resolve(d, false, classes, &edge.styles);
        let color = p.stroke.unwrap_or(Some(t.line_color));
        let width = p.stroke_width.unwrap_or(match edge.stroke {
            Stroke::Thick => 3.5,
            _ => 2.0,
        });
        let default_dash: &[f64] = if edge.stroke == Stroke::Dotted {
            &st.dots
        } else {
            &[]
        };
        let dash = p.dasharray.as_deref().unwrap_or(default_dash);
        let mut path = geom.path.clone();
        let start_dir = start_direction(&path);
        let end_dir = end_direction(&path);
        // An arrowhead stops `tip_gap` short of the outline; the line ends under its middle.
        let gap = |end: ArrowEnd| match end {
            ArrowEnd::Arrow => st.tip_gap,
            _ => 0.0,
        };
        if edge.arrow_end != ArrowEnd::None {
            shorten_end(&mut path, arrow_len / 2.0 + gap(edge.arrow_end));
        }
        if edge.arrow_start != ArrowEnd::None {
            shorten_start(&mut path, arrow_len / 2.0 + gap(edge.arrow_start));
        }
        s.push_str(r#"<g class="edge"><path d=""#);
        path_data(s, &path);
        s.push('"');
        paint_attrs(s, None, color, width, dash);
        s.push_str(r#" stroke-linecap="butt" stroke-linejoin="round"/>"#);
        let mark = color.unwrap_or(t.line_color);
        let back = |p: Point, dir: Point, by: f64| Point::new(p.x - dir.x * by, p.y - dir.y * by);
        if let Some(dir) = end_dir {
            let tip = back(geom.path.end(), dir, gap(edge.arrow_end));
            end_marker(s, edge.arrow_end, tip, dir, mark, st.arrow);
        }
        if let Some(dir) = start_dir {
            let tip = back(geom.path.start, dir, gap(edge.arrow_start));
            end_marker(s, edge.arrow_start, tip, dir, mark, st.arrow);
        }
        s.push_str("</g>");
        if let Some(b) = geom.label_box {
            if !geom.label.is_empty() {
                // mermaid 12's chip is the text's own box; the classic one keeps the padding.
                let b = match st.look {
                    crate::graph::Look::Neo => {
                        crate::layout::Rect::centered(b.center(), geom.label_size)
                    }
                    crate::graph::Look::Classic => b,
                };
                labels.push_str(r#"<g class="edgeLabel">"#);
                put_rect(&mut labels, b);
                put!(&mut labels, r#" fill=""#, t.edge_label_background, r#""/>"#);
                // The neo chip carries node-coloured text.
                let text_color = p.color.unwrap_or(match st.look {
                    crate::graph::Look::Neo => t.node_text_color,
                    crate::graph::Look::Classic => t.text_color,
                });
                text_block(&mut labels, &geom.label, b.center(), text_color, &p, t);
                labels.push_str("</g>");
            }
        }
    }
    s.push_str(&labels);
}

/// Nodes: shape, decorations, label; wrapped in a link when the node has a safe one.
fn nodes(s: &mut String, d: &Diagram, layout: &Layout, t: &Theme, st: &Style, id: &str) {
    for v in d.graph.node_indices() {
        let i = v.index();
        let (node, Some(Some(geom))) = (&d.graph[v], layout.nodes.get(i)) else {
            continue;
        };
        let p = Paint::resolve(d, true, &node.classes, &node.styles);
        let link = node
            .extra
            .as_ref()
            .and_then(|x| x.link.as_deref())
            .filter(|u| safe_link(u));
        if let Some(url) = link {
            let target = node
                .extra
                .as_ref()
                .and_then(|x| x.link_target.as_deref())
                .filter(|t| matches!(*t, "_blank" | "_self" | "_parent" | "_top"));
            put!(s, r#"<a href=""#, Esc(&url_encode(url)), '"');
            if let Some(tg) = target {
                put!(s, r#" target=""#, tg, '"');
            }
            s.push('>');
        }
        let c = geom.center;
        put!(s, r#"<g class="node" id=""#, id, "-node-", i, '"');
        if let Some(o) = p.opacity {
            put!(s, r#" opacity=""#, n(o), '"');
        }
        s.push('>');
        if let Some(tip) = node.extra.as_ref().and_then(|x| x.tooltip.as_deref()) {
            put!(s, "<title>", Esc(tip), "</title>");
        }
        let shape = shape_paths(&node.shape, geom.size.w, geom.size.h);
        let stroke = p.stroke.unwrap_or(Some(t.node_border));
        let fill = if shape.solid {
            p.fill.unwrap_or(Some(t.line_color))
        } else {
            p.fill.unwrap_or(Some(t.main_bkg))
        };
        let width = p.stroke_width.unwrap_or(st.node_stroke);
        let dash = p.dasharray.as_deref().unwrap_or(&[]);
        put!(
            s,
            r#"<g transform="translate("#,
            n(c.x),
            ',',
            n(c.y),
            r#")">"#
        );
        if shape.visible && !shape.solid {
            shadow(s, st, |s| put!(s, r#"<path d=""#, &shape.outline, r#""/>"#));
        }
        if shape.visible {
            s.push_str(r#"<path d=""#);
            s.push_str(&shape.outline);
            s.push('"');
            paint_attrs(s, fill, stroke, width, dash);
            s.push_str("/>");
        }
        if !shape.lines.is_empty() {
            s.push_str(r#"<path d=""#);
            s.push_str(&shape.lines);
            s.push('"');
            paint_attrs(s, None, stroke, width, dash);
            s.push_str("/>");
        }
        s.push_str("</g>");
        let color = p.color.unwrap_or(t.node_text_color);
        text_block(s, &geom.label, c, color, &p, t);
        s.push_str("</g>");
        if link.is_some() {
            s.push_str("</a>");
        }
    }
}

/// Whether a link may be written: http(s), mailto, tel, or a relative URL; never script,
/// `data:` or any other scheme, in any spelling.
pub fn safe_link(url: &str) -> bool {
    if !crate::text::is_safe_url(url) {
        return false;
    }
    let squeezed: String = crate::text::decode_entities(url)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = squeezed.find(':');
    let path_start = squeezed.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        // A scheme: only the harmless ones.
        (Some(c), p) if p.is_none_or(|p| c < p) => {
            let scheme = &squeezed[..c];
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// A URL with the characters that have no business in one percent-encoded (spaces, quotes,
/// angle brackets, controls), so it reads the same in any context.
fn url_encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        if c.is_control() || " \"'<>`{}|\\^".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                put!(
                    &mut out,
                    '%',
                    HEX[usize::from(b >> 4)] as char,
                    HEX[usize::from(b & 15)] as char
                );
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Lines of rich text centred on `c`: one `<text>` per line, runs as `<tspan>`s.
fn text_block(s: &mut String, text: &RichText, c: Point, color: Rgba, p: &Paint, t: &Theme) {
    if text.is_empty() {
        return;
    }
    let size = p.font_size.unwrap_or(t.font_size);
    let typeface = t.typeface();
    let line_h = size * 1.5;
    let top = c.y - line_h * text.lines.len() as f64 / 2.0;
    for (i, line) in text.lines.iter().enumerate() {
        // The baseline sits so the line's capitals and lowercase centre on its band.
        let y = top + line_h * (i as f64 + 0.5) + 0.35 * size;
        put!(
            s,
            r#"<text x=""#,
            n(c.x),
            r#"" y=""#,
            n(y),
            r#"" text-anchor="middle" fill=""#,
            color,
            r#"" xml:space="preserve""#
        );
        if let Some(fs) = p.font_size {
            put!(s, r#" font-size=""#, n(fs), '"');
        }
        if let Some(f) = &p.font_family {
            put!(s, r#" font-family=""#, stack(typeface), ", ", Esc(f), '"');
        }
        s.push('>');
        for run in &line.runs {
            let bold = run.bold || p.bold == Some(true);
            let italic = run.italic || p.italic == Some(true);
            if bold || italic {
                s.push_str("<tspan");
                if bold {
                    s.push_str(r#" font-weight="bold""#);
                }
                if italic {
                    s.push_str(r#" font-style="italic""#);
                }
                s.push('>');
                push_run(s, &run.text, typeface);
                s.push_str("</tspan>");
            } else {
                push_run(s, &run.text, typeface);
            }
        }
        s.push_str("</text>");
    }
}

/// The text of a run, escaped. In Recursive, each stretch of characters it lacks goes in a
/// `<tspan>` naming DejaVu Sans, the font the layout measured them in. (resvg, given the
/// whole line in Recursive, would draw all of it in DejaVu Sans once that has every
/// character of the line.)
fn push_run(s: &mut String, text: &str, typeface: Typeface) {
    if typeface == Typeface::DejaVuSans {
        put!(s, Esc(text));
        return;
    }
    let mut rest = text;
    while !rest.is_empty() {
        let own = rest.find(|c| !typeface.has_char(c)).unwrap_or(rest.len());
        put!(s, Esc(&rest[..own]));
        rest = &rest[own..];
        let other = rest.find(|c| typeface.has_char(c)).unwrap_or(rest.len());
        if other > 0 {
            put!(
                s,
                r#"<tspan font-family=""#,
                FONT_STACK,
                r#"">"#,
                Esc(&rest[..other]),
                "</tspan>"
            );
        }
        rest = &rest[other..];
    }
}

/// SVG path data of a layout path. A cubic that is a quadratic (the rounded corners of
/// orthogonal edges) is written as one (`Q`), and a quarter circle (half a line hop) as an
/// arc (`A`), as mermaid writes them.
fn path_data(s: &mut String, p: &Path) {
    s.push('M');
    push_xy(s, p.start.x, p.start.y);
    let mut cur = p.start;
    for seg in &p.segs {
        match *seg {
            Seg::Line(q) => {
                s.push('L');
                push_xy(s, q.x, q.y);
                cur = q;
            }
            Seg::Cubic(a, b, q) => {
                if let Some(c) = as_quadratic(cur, a, b, q) {
                    s.push('Q');
                    push_xy(s, c.x, c.y);
                } else if let Some((r, sweep)) = as_quarter_circle(cur, a, b, q) {
                    put!(
                        s,
                        'A',
                        n(r),
                        ',',
                        n(r),
                        " 0 0 ",
                        if sweep { '1' } else { '0' }
                    );
                } else {
                    s.push('C');
                    push_xy(s, a.x, a.y);
                    s.push(' ');
                    push_xy(s, b.x, b.y);
                }
                s.push(' ');
                push_xy(s, q.x, q.y);
                cur = q;
            }
        }
    }
}

/// Unit vector from `a` to `b`, if they differ.
fn unit(a: Point, b: Point) -> Option<Point> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let l = dx.hypot(dy);
    (l > 1e-9).then(|| Point::new(dx / l, dy / l))
}

/// The direction the path arrives in at its end.
fn end_direction(p: &Path) -> Option<Point> {
    let mut prev = p.start;
    let mut best = None;
    for seg in &p.segs {
        let (ctrl, to) = match *seg {
            Seg::Line(q) => (prev, q),
            Seg::Cubic(_, b, q) => (b, q),
        };
        best = unit(ctrl, to).or_else(|| unit(prev, to)).or(best);
        prev = to;
    }
    best
}

/// The direction the path leaves its start in, pointing back out of the path (towards the
/// start), as an arrowhead at the start needs.
fn start_direction(p: &Path) -> Option<Point> {
    let first = p.segs.first()?;
    let to = match *first {
        Seg::Line(q) => q,
        Seg::Cubic(a, _, q) => {
            if unit(a, p.start).is_some() {
                a
            } else {
                q
            }
        }
    };
    unit(to, p.start)
}

/// Pull the path's end back by `by` along its final direction (so a line ends inside its
/// arrowhead instead of poking through the tip).
fn shorten_end(p: &mut Path, by: f64) {
    let Some(dir) = end_direction(p) else { return };
    let prev = match p.segs.len() {
        0 => return,
        1 => p.start,
        k => match p.segs[k - 2] {
            Seg::Line(q) | Seg::Cubic(_, _, q) => q,
        },
    };
    let back = |q: Point| Point::new(q.x - dir.x * by, q.y - dir.y * by);
    if let Some(last) = p.segs.last_mut() {
        match last {
            Seg::Line(q) => {
                if (q.x - prev.x).hypot(q.y - prev.y) > by * 1.5 {
                    *q = back(*q);
                }
            }
            Seg::Cubic(_, b, q) => {
                if (q.x - prev.x).hypot(q.y - prev.y) > by * 1.5 {
                    *b = back(*b);
                    *q = back(*q);
                }
            }
        }
    }
}

/// Pull the path's start forward by `by`.
fn shorten_start(p: &mut Path, by: f64) {
    let Some(dir) = start_direction(p) else {
        return;
    };
    let first_end = match p.segs.first() {
        Some(Seg::Line(q)) | Some(Seg::Cubic(_, _, q)) => *q,
        None => return,
    };
    if (first_end.x - p.start.x).hypot(first_end.y - p.start.y) <= by * 1.5 {
        return;
    }
    let fwd = |q: Point| Point::new(q.x - dir.x * by, q.y - dir.y * by);
    p.start = fwd(p.start);
    if let Some(Seg::Cubic(a, _, _)) = p.segs.first_mut() {
        *a = fwd(*a);
    }
}

/// An arrowhead, circle or cross at `tip`, pointing along `dir`.
fn end_marker(
    s: &mut String,
    end: ArrowEnd,
    tip: Point,
    dir: Point,
    color: Rgba,
    (len, half): (f64, f64),
) {
    let perp = Point::new(-dir.y, dir.x);
    let at = |along: f64, across: f64| {
        Point::new(
            tip.x - dir.x * along + perp.x * across,
            tip.y - dir.y * along + perp.y * across,
        )
    };
    match end {
        ArrowEnd::None => {}
        ArrowEnd::Arrow => {
            let (a, b) = (at(len, half), at(len, -half));
            s.push_str(r#"<path d="M"#);
            push_xy(s, tip.x, tip.y);
            s.push('L');
            push_xy(s, a.x, a.y);
            s.push('L');
            push_xy(s, b.x, b.y);
            put!(s, r#"Z" fill=""#, color, r#""/>"#);
        }
        ArrowEnd::Circle => {
            let o = at(5.0, 0.0);
            put!(
                s,
                r#"<circle cx=""#,
                n(o.x),
                r#"" cy=""#,
                n(o.y),
                r#"" r="5" fill=""#,
                color,
                r#""/>"#
            );
        }
        ArrowEnd::Cross => {
            let (a, b, e, f) = (at(1.5, 4.5), at(10.5, -4.5), at(1.5, -4.5), at(10.5, 4.5));
            s.push_str(r#"<path d=""#);
            for (from, to) in [(a, b), (e, f)] {
                s.push('M');
                push_xy(s, from.x, from.y);
                s.push('L');
                push_xy(s, to.x, to.y);
            }
            put!(
                s,
                r#"" stroke=""#,
                color,
                r#"" stroke-width="2" fill="none"/>"#
            );
        }
    }
}
