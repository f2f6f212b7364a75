//! Plain statement lines, read straight into their syntax tree.
//!
//! Most lines of a real flowchart are one node-and-link statement in the
//! simplest syntax: `A[Label] --> B{Choice}`, `C -->|yes| D`,
//! `E & F -- text --> G`. For such a line the rule list and the grammar only
//! confirm, at a few hundred instructions per token, what the bytes already
//! say. This module reads a conservative subset of those lines directly, keeps
//! their parts as spans, and builds the [`VertexStmt`] the grammar would build
//! from their tokens when the statement reader reaches them.
//!
//! A line is accepted only where every position would be read the same way
//! by the rule list: names made of word characters that no keyword or link
//! rule claims, the bracket shapes whose openers and closers no longer rule
//! matches, label text free of the characters that open another rule, links
//! read by the lexer's own link rules, no `direction` or `@` on the line, and
//! a next line that cannot continue the statement. Anything else returns
//! `None` and the line is lexed rule by rule. `tests` compare both readings
//! over every fixture and over mutated copies of them.

use super::{Lexer, LinkTail, Tok, Token, NODE_CHARS};
use crate::parse::ast::{
    Link, LinkRef, NodeGroup, Part, Span, Spanned, StyledVertex, Text, TextKind, VertexRef,
    VertexShape, VertexStmt,
};
use crate::parse::chars::space_len;
use smallvec::SmallVec;
use std::cell::Cell;

/// Names a keyword or link rule reads before `NODE_STRING` could (as the whole word run of a name).
const RESERVED: &[&str] = &[
    "accTitle",
    "accDescr",
    "call",
    "href",
    "style",
    "default",
    "linkStyle",
    "interpolate",
    "classDef",
    "class",
    "click",
    "graph",
    "flowchart",
    "swimlane",
    "subgraph",
    "end",
    "_self",
    "_blank",
    "_parent",
    "_top",
    "v",
    "x",
    "o",
];

/// Label text as read: where, and how it was written.
#[derive(Clone, Copy)]
struct PText {
    span: Span,
    kind: TextKind,
}

/// A vertex as read: spans only (the strings are made when the statement is taken).
#[derive(Clone, Copy)]
struct PVertex {
    id: Span,
    /// (Plain lines hold only the bracket shapes, which own no strings: a static one each.)
    shape: Option<(&'static VertexShape, PText)>,
    class: Option<Span>,
}

/// A link as read.
#[derive(Clone, Copy)]
struct PLink {
    arrow: Span,
    open: Option<Span>,
    text: Option<PText>,
    span: Span,
}

/// One part of a plain statement, in order: a vertex right after a vertex joins its `&` group.
#[derive(Clone, Copy)]
enum Piece {
    Vertex(PVertex),
    Link(PLink),
}

/// One plain statement: where its token starts, its pieces, its span.
struct Entry {
    start: u32,
    pieces: std::ops::Range<u32>,
    span: Span,
}

/// The statements the lexer read whole, each under the start of its [`Tok::Plain`] token.
///
/// They are kept as spans (a few dozen bytes a statement, less than the tokens they replace)
/// and become syntax trees only when the reader reaches them, so a large diagram's trees are
/// built and lowered one at a time while in cache.
#[derive(Default)]
pub(crate) struct PlainStmts {
    entries: Vec<Entry>,
    pieces: Vec<Piece>,
    /// Where the next lookup probably is (statements are asked for in order).
    next: Cell<usize>,
}

impl PlainStmts {
    /// Room for `n` statements (one per line is the most there can be).
    pub(super) fn with_capacity(n: usize) -> Self {
        PlainStmts {
            entries: Vec::with_capacity(n),
            pieces: Vec::with_capacity(2 * n),
            next: Cell::new(0),
        }
    }

    /// The plain statement whose token starts at `start`, its strings in `text` (the
    /// preprocessed text the lexer read).
    pub(crate) fn get<'a>(&'a self, start: u32, text: &'a str) -> Option<PlainStmt<'a>> {
        let guess = self.next.get();
        let i = match self.entries.get(guess) {
            Some(e) if e.start == start => guess,
            _ => self
                .entries
                .binary_search_by_key(&start, |e| e.start)
                .ok()?,
        };
        self.next.set(i + 1);
        let e = &self.entries[i];
        Some(PlainStmt {
            pieces: &self.pieces[e.pieces.start as usize..e.pieces.end as usize],
            text,
            span: e.span,
        })
    }

    fn push(&mut self, start: usize, pieces: &[Piece], span: Span) {
        let from = self.pieces.len() as u32;
        self.pieces.extend_from_slice(pieces);
        self.entries.push(Entry {
            start: start as u32,
            pieces: from..self.pieces.len() as u32,
            span,
        });
    }
}

impl std::fmt::Debug for PlainStmts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PlainStmts({})", self.entries.len())
    }
}

/// A statement the lexer read whole, borrowed from the reader: its parts can be lowered
/// without building its syntax tree.
#[derive(Clone, Copy)]
pub struct PlainStmt<'a> {
    pieces: &'a [Piece],
    text: &'a str,
    span: Span,
}

impl<'a> PlainStmt<'a> {
    /// The statement's parts in source order (as [`VertexStmt::parts`] gives them).
    pub fn parts(&self) -> impl Iterator<Item = Part<'a>> + use<'a> {
        let text = self.text;
        let at = move |s: Span| &text[s.start as usize..s.end as usize];
        self.pieces.iter().map(move |piece| match piece {
            Piece::Vertex(v) => Part::Vertex(VertexRef {
                id: at(v.id),
                id_span: v.id,
                shape: v.shape.map(|(s, t)| (s, at(t.span), t.kind)),
                class: v.class.map(at),
                shape_data: None,
            }),
            Piece::Link(l) => Part::Link(LinkRef {
                arrow: at(l.arrow),
                open: l.open.map(at),
                text: l.text.map(|t| (at(t.span), t.kind)),
                id: None,
                span: l.span,
            }),
        })
    }

    /// The syntax tree the grammar builds from the statement's tokens.
    pub fn to_stmt(&self) -> VertexStmt {
        build_statement(self.pieces, self.span, self.text)
    }
}

/// The syntax tree the grammar would build from a plain statement's tokens.
fn build_statement(pieces: &[Piece], span: Span, text: &str) -> VertexStmt {
    let spanned = |s: Span| Spanned {
        text: text[s.start as usize..s.end as usize].into(),
        span: s,
    };
    let label = |t: PText| Text {
        text: text[t.span.start as usize..t.span.end as usize].into(),
        kind: t.kind,
        span: t.span,
    };
    let vertex = |v: &PVertex| StyledVertex {
        id: spanned(v.id),
        shape: v.shape.map(|(shape, t)| (shape.clone(), label(t))),
        class: v.class.map(spanned),
        shape_data: None,
    };
    let group = |v: &PVertex| NodeGroup {
        vertices: vec![vertex(v)],
        shape_data: None,
    };
    let mut first: Option<NodeGroup> = None;
    let mut rest: Vec<(Link, NodeGroup)> = Vec::new();
    let mut link: Option<Link> = None;
    for piece in pieces {
        match piece {
            Piece::Link(l) => {
                link = Some(Link {
                    arrow: spanned(l.arrow),
                    open: l.open.map(spanned),
                    text: l.text.map(label),
                    id: None,
                    span: l.span,
                })
            }
            Piece::Vertex(v) => match (link.take(), rest.last_mut(), first.as_mut()) {
                (Some(l), _, _) => rest.push((l, group(v))),
                (None, Some((_, g)), _) => g.vertices.push(vertex(v)),
                (None, None, Some(g)) => g.vertices.push(vertex(v)),
                (None, None, None) => first = Some(group(v)),
            },
        }
    }
    VertexStmt {
        first: first.unwrap_or(NodeGroup {
            vertices: Vec::new(),
            shape_data: None,
        }),
        rest,
        span,
    }
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: start as u32,
        end: end as u32,
    }
}

/// The number of spaces (U+0020 only) at `p`.
fn spaces(b: &[u8], p: usize) -> usize {
    b[p.min(b.len())..]
        .iter()
        .take_while(|&&c| c == b' ')
        .count()
}

/// Bytes that end plain label text: they end a text token or open another rule in the text
/// states (brackets, `|`, quotes, `~`).
const TEXT_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let stops = b"[](){}|\"~";
    let mut i = 0;
    while i < stops.len() {
        t[stops[i] as usize] = true;
        i += 1;
    }
    t
};

/// Length of label text at `p` (up to a [`TEXT_STOP`] byte).
fn text_len(b: &[u8], p: usize) -> usize {
    b[p..]
        .iter()
        .take_while(|&&c| !TEXT_STOP[c as usize])
        .count()
}

/// Whether the byte at `e` may follow a plain vertex: a space, `;`, a line break, the end, or
/// the start of a `--`, `-.` or `==` link (none of which `NODE_STRING` takes).
fn vertex_may_end(b: &[u8], e: usize) -> bool {
    match b.get(e) {
        None | Some(b' ' | b';' | b'\n') => true,
        Some(b'-') => matches!(b.get(e + 1), Some(b'-' | b'.')),
        Some(b'=') => b.get(e + 1) == Some(&b'='),
        _ => false,
    }
}

impl Lexer<'_> {
    /// Read the plain statement line starting at `p` (a line's first byte, in the initial state):
    /// push its token and statement and return where it ends (after trailing spaces, before the
    /// `;`, line break or end that separates it). `None`, with nothing pushed, if it is not plain.
    pub(super) fn plain_line(&mut self, p: usize, out: &mut Vec<Token>) -> Option<usize> {
        self.plain.as_ref()?;
        let mut pieces = SmallVec::new();
        let (span, end) = self.plain_statement(p, &mut pieces)?;
        self.plain.as_mut()?.push(p, &pieces, span);
        out.push(Token {
            kind: Tok::Plain,
            start: p as u32,
            end: end as u32,
        });
        Some(end)
    }

    /// The pieces of the plain statement at `p` (into `pieces`): its span and where it ends.
    fn plain_statement(
        &mut self,
        p: usize,
        pieces: &mut SmallVec<[Piece; 8]>,
    ) -> Option<(Span, usize)> {
        let b = self.b;
        let start = p + b[p..]
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        let mut q = self.plain_group(start, pieces)?;
        let end = loop {
            let s = q + spaces(b, q);
            if matches!(b.get(s), None | Some(b'\n' | b';')) {
                break s;
            }
            let (link, after) = self.plain_link(q)?;
            pieces.push(Piece::Link(link));
            q = self.plain_group(after, pieces)?;
        };
        if b.get(end) == Some(&b'\n') && !self.next_line_is_separate(end) {
            return None;
        }
        // Rules 56–60 read a whole line holding `direction`; rule 61 reads `…@` as a link id.
        // Refuse both on every line the statement touches (a label may run over lines).
        let stop = if matches!(b.get(end), None | Some(b'\n')) {
            end
        } else {
            self.line_end(end)
        };
        if self.next_direction_at(p).is_some_and(|q| q < stop)
            || self.next_at_sign(p).is_some_and(|q| q < stop)
        {
            return None;
        }
        let Some(Piece::Vertex(last)) = pieces.last() else {
            return None;
        };
        let last_end = last.shape.as_ref().map_or(last.id.end, |s| s.1.span.end);
        Some((span(start, last_end as usize), end))
    }

    /// Whether the line break at `nl` ends the statement before it: the next non-blank character
    /// cannot start a link (whose leading `\s*` would take the line break), or the text ends.
    fn next_line_is_separate(&self, nl: usize) -> bool {
        let b = self.b;
        let k = nl + space_len(&self.text[nl..]);
        match b.get(k) {
            None => true,
            Some(b'x' | b'o') => b.get(k + 1).is_some_and(|&c| c.is_ascii_alphanumeric()),
            Some(&c) => c.is_ascii_alphanumeric() || c == b'_',
        }
    }

    /// `vertex (␣+ & ␣+ vertex)*` at `p` (into `pieces`): the position after its last vertex.
    fn plain_group(&self, p: usize, pieces: &mut SmallVec<[Piece; 8]>) -> Option<usize> {
        let b = self.b;
        let (v, mut q) = self.plain_vertex(p)?;
        pieces.push(Piece::Vertex(v));
        loop {
            let s = spaces(b, q);
            if s == 0 || b.get(q + s) != Some(&b'&') {
                break;
            }
            let after = q + s + 1;
            let t = spaces(b, after);
            if t == 0 {
                return None;
            }
            let (v, next) = self.plain_vertex(after + t)?;
            pieces.push(Piece::Vertex(v));
            q = next;
        }
        Some(q)
    }

    /// A name, then maybe a bracket shape and a `:::class`: the vertex and the position after it.
    fn plain_vertex(&self, p: usize) -> Option<(PVertex, usize)> {
        let b = self.b;
        let id = self.plain_name(p)?;
        let mut end = id.end as usize;
        let mut shape = None;
        if matches!(b.get(end), Some(b'[' | b'(' | b'{')) {
            let (kind, text, after) = self.plain_shape(end)?;
            shape = Some((kind, text));
            end = after;
        }
        let mut class = None;
        if b[end.min(b.len())..].starts_with(b":::") {
            let name = self.plain_name(end + 3)?;
            end = name.end as usize;
            class = Some(name);
        }
        if !vertex_may_end(b, end) {
            return None;
        }
        Some((PVertex { id, shape, class }, end))
    }

    /// A name at `p` (`idString`) as the tokens `NUM` and `NODE_STRING` would spell it: word
    /// characters, `.` and lone `-`, with no keyword or link rule claiming its first word.
    fn plain_name(&self, p: usize) -> Option<Span> {
        let b = self.b;
        let digits = b[p.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let rest = p + digits;
        // After the digits a new token starts: a keyword, or a `.` that may start a dotted link.
        let word_end = rest
            + b[rest.min(b.len())..]
                .iter()
                .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_')
                .count();
        // (Every reserved word starts with one of these bytes.)
        let may_be_reserved = matches!(
            b.get(rest),
            Some(b'a' | b'c' | b'd' | b'e' | b'f' | b'g' | b'h' | b'i' | b'l' | b'o' | b's')
                | Some(b'v' | b'x' | b'_')
        );
        if may_be_reserved && RESERVED.contains(&&self.text[rest..word_end])
            || b.get(rest) == Some(&b'.')
        {
            return None;
        }
        // `NODE_STRING` runs on over its whole class; stop where it would, refusing characters
        // of the class this reading does not take.
        let mut q = rest;
        while let Some(&c) = b.get(q) {
            let lone_dash = c == b'-'
                && b.get(q + 1)
                    .is_some_and(|&n| !matches!(n, b'>' | b'-' | b'.'));
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.') || lone_dash {
                q += 1;
            } else if c < 0x80 && NODE_CHARS[c as usize] {
                return None;
            } else {
                break;
            }
        }
        (q > p).then(|| span(p, q))
    }

    /// The bracket shape opening at `o`: its kind, label and the position after its closer.
    fn plain_shape(&self, o: usize) -> Option<(&'static VertexShape, PText, usize)> {
        use VertexShape as V;
        let b = self.b;
        let next = b.get(o + 1).copied();
        let (shape, open, close): (&V, usize, &[u8]) = match (b[o], next) {
            (b'[', Some(b'[')) => (&V::Subroutine, 2, b"]]"),
            (b'[', Some(b'(')) => (&V::Cylinder, 2, b")]"),
            (b'[', Some(b'|' | b'/' | b'\\')) => return None,
            (b'[', _) => (&V::Square, 1, b"]"),
            // `(((` is a double circle; `((-` opens an ellipse inside the text state.
            (b'(', Some(b'(')) if matches!(b.get(o + 2), Some(b'(' | b'-')) => return None,
            (b'(', Some(b'(')) => (&V::Circle, 2, b"))"),
            (b'(', Some(b'[')) => (&V::Stadium, 2, b"])"),
            (b'(', Some(b'-')) => return None,
            (b'(', _) => (&V::Round, 1, b")"),
            (b'{', Some(b'{')) => (&V::Hexagon, 2, b"}}"),
            (b'{', _) => (&V::Diamond, 1, b"}"),
            _ => return None,
        };
        let (text, t1) = self.plain_label(o + open)?;
        if !b[t1..].starts_with(close) {
            return None;
        }
        Some((shape, text, t1 + close.len()))
    }

    /// Label text at `t0` in the text state: a run of plain text, or one quoted string; the
    /// text and where it ends. The caller checks that a closer follows (text after a string
    /// would join it).
    fn plain_label(&self, t0: usize) -> Option<(PText, usize)> {
        let b = self.b;
        if b.get(t0) != Some(&b'"') {
            let t1 = t0 + text_len(b, t0);
            let text = PText {
                span: span(t0, t1),
                kind: TextKind::Text,
            };
            return (t1 > t0).then_some((text, t1));
        }
        self.plain_string(t0, TextKind::String)
    }

    /// The string whose opening `"` is at `q` (rule 24, then rule 22's text and rule 23's
    /// closing quote), not a markdown string: its text and the position after it.
    fn plain_string(&self, q: usize, kind: TextKind) -> Option<(PText, usize)> {
        let b = self.b;
        let t0 = q + 1;
        if b.get(t0) == Some(&b'`') {
            return None;
        }
        let t1 = t0 + b[t0..].iter().take_while(|&&c| c != b'"').count();
        if t1 == t0 || b.get(t1) != Some(&b'"') {
            return None;
        }
        let text = PText {
            span: span(t0, t1),
            kind,
        };
        Some((text, t1 + 1))
    }

    /// The link after the vertex ending at `q` (blanks included, as the link rules take them):
    /// the link and where the next vertex starts.
    fn plain_link(&mut self, q: usize) -> Option<(PLink, usize)> {
        // The rule list's order at a blank, `-` or `=`: 70, 71, 73, 74, 76, 77.
        if let Some(n) = self.link(q, b'-', LinkTail::Full) {
            return self.arrow_link(q, q + n);
        }
        if let Some(n) = self.link(q, b'-', LinkTail::Start) {
            return self.text_link(q, q + n, EdgeStyle::Normal);
        }
        if let Some(n) = self.link(q, b'=', LinkTail::Full) {
            return self.arrow_link(q, q + n);
        }
        if let Some(n) = self.link(q, b'=', LinkTail::Start) {
            return self.text_link(q, q + n, EdgeStyle::Thick);
        }
        if let Some(n) = self.try_rule(76, q) {
            return self.arrow_link(q, q + n);
        }
        let n = self.try_rule(77, q)?;
        self.text_link(q, q + n, EdgeStyle::Dotted)
    }

    /// The span of the token `start..end`, refused if it runs onto another line.
    fn one_line_token(&self, start: usize, end: usize) -> Option<Span> {
        // (A link token is a few bytes: a byte loop is cheaper than `contains`.)
        (!self.b[start..end].contains(&b'\n')).then(|| span(start, end))
    }

    /// A `LINK` token at `q..e`, maybe followed by `|text|` and a blank run.
    fn arrow_link(&self, q: usize, e: usize) -> Option<(PLink, usize)> {
        let b = self.b;
        let arrow = self.one_line_token(q, e)?;
        if b.get(e) != Some(&b'|') {
            let link = PLink {
                arrow,
                open: None,
                text: None,
                span: span(q, e),
            };
            return Some((link, e));
        }
        let (text, t1) = self.plain_label(e + 1)?;
        if b.get(t1) != Some(&b'|') {
            return None;
        }
        let link = PLink {
            arrow,
            open: None,
            span: span(q, text.span.end as usize),
            text: Some(text),
        };
        Some((link, t1 + 1 + spaces(b, t1 + 1)))
    }

    /// A `-- text -->` (`== text ==>`, `-. text .->`) link whose opening token is `q..e`: the
    /// text, quoted or not, then the closing arrow.
    fn text_link(&mut self, q: usize, e: usize, style: EdgeStyle) -> Option<(PLink, usize)> {
        let b = self.b;
        let open = self.one_line_token(q, e)?;
        let (text, close) = if b.get(e) == Some(&b'"') {
            let (text, after) = self.plain_string(e, TextKind::String)?;
            if b.get(after) == Some(&b'"') {
                return None;
            }
            (text, after)
        } else {
            // One character at a time (rules 72, 75, 78) until the closing arrow's rule matches.
            let mut k = e;
            while self.close_arrow(k, style).is_none() {
                let c = *b.get(k)?;
                let stops = match style {
                    EdgeStyle::Normal => c == b'-' && b.get(k + 1) == Some(&b'-'),
                    EdgeStyle::Thick => c == b'=',
                    EdgeStyle::Dotted => c == b'.',
                };
                if stops || c == b'"' || c == b'\n' {
                    return None;
                }
                k += self.text[k..].chars().next().map_or(1, char::len_utf8);
            }
            if k == e {
                return None;
            }
            let text = PText {
                span: span(e, k),
                kind: TextKind::Text,
            };
            (text, k)
        };
        let n = self.close_arrow(close, style)?;
        let arrow = self.one_line_token(close, close + n)?;
        let link = PLink {
            arrow,
            open: Some(open),
            text: Some(text),
            span: span(q, close + n),
        };
        Some((link, close + n))
    }

    /// The length of the arrow closing a text link of `style` at `k` (rules 70, 73, 76).
    fn close_arrow(&mut self, k: usize, style: EdgeStyle) -> Option<usize> {
        match style {
            EdgeStyle::Normal => self.link(k, b'-', LinkTail::Full),
            EdgeStyle::Thick => self.link(k, b'=', LinkTail::Full),
            EdgeStyle::Dotted => self.try_rule(76, k),
        }
    }
}

/// The three text-link forms, by the state their opening token enters.
#[derive(Clone, Copy)]
enum EdgeStyle {
    /// `-- text -->` (edge-text state: rules 70 and 72).
    Normal,
    /// `== text ==>` (thick edge-text state: rules 73 and 75).
    Thick,
    /// `-. text .->` (dotted edge-text state: rules 76 and 78).
    Dotted,
}
