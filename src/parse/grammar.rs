//! The flowchart grammar: one nom function per production of `grammar/flowchart.ebnf`.
//!
//! The productions follow mermaid's LALR grammar (flow.jison) and accept the
//! same token sequences. Where mermaid's parser decides with one token of
//! lookahead after shifting a run of blanks (`A ␣&␣ B` vs `A ␣-->`), the
//! functions peek the same way. Once a production is certain, `cut` turns a
//! failure into a hard error at the token that broke it, so diagnostics name
//! the real spot and what would have fitted there.

use super::ast::{
    self, ClickAction, Header, LinkStyleTargets, NodeGroup, ShapeData, Span, Spanned, Stmt,
    StyledVertex, TextKind, VertexShape, VertexStmt,
};
use super::lexer::{Tok, Token};
use super::tokens::{PError, PResult, TokSet, Toks};
use compact_str::CompactString;
use nom::combinator::{cut, opt};
use nom::multi::{many0, many1};
use nom::{Err, Parser};
use Tok::*;

/// Tokens that may start a node id (`idStringToken`).
pub(crate) const ID_TOKENS: &[Tok] = &[
    Num,
    NodeString,
    Down,
    Minus,
    Default,
    Comma,
    Colon,
    Amp,
    Brkt,
    Mult,
    UnicodeText,
];
/// How deeply subgraphs may nest (deeper input is refused rather than overflowing the stack).
pub(crate) const MAX_SUBGRAPH_DEPTH: usize = 256;
/// [`ID_TOKENS`] as a set.
const ID_SET: TokSet = TokSet::of(ID_TOKENS);
/// Tokens of label text (`textToken`).
const TEXT_TOKENS: &[Tok] = &[Text, TagStart, TagEnd, UnicodeText];
/// Tokens of `alphaNum`.
const ALPHANUM_TOKENS: &[Tok] = &[
    Num,
    UnicodeText,
    NodeString,
    Dir,
    Down,
    Minus,
    Comma,
    Colon,
    Amp,
    Brkt,
    Mult,
];
/// Tokens of a style declaration (`styleComponent`).
const STYLE_TOKENS: &[Tok] = &[Num, NodeString, Colon, Space, Brkt, Style];
/// Tokens of a subgraph id or title (`textNoTagsToken`, keywords included).
const NO_TAGS_TOKENS: &[Tok] = &[
    Num,
    NodeString,
    Space,
    Minus,
    Amp,
    UnicodeText,
    Colon,
    Mult,
    Brkt,
    StartLink,
    Style,
    LinkStyle,
    ClassDef,
    Class,
    Click,
    Graph,
    Dir,
    Subgraph,
    EndKw,
    Down,
    Up,
];
/// Statement separators.
const SEPARATORS: &[Tok] = &[Newline, Semi, Eof];
/// Tokens that start a link.
const LINK_START: &[Tok] = &[Link, StartLink, LinkId];
/// Tokens that may start a statement (besides node ids).
pub(crate) const STATEMENT_START: &[Tok] = &[
    Style,
    LinkStyle,
    ClassDef,
    Class,
    Click,
    Subgraph,
    DirectionTb,
    DirectionBt,
    DirectionRl,
    DirectionLr,
    DirectionTd,
    AccTitle,
    AccDescr,
    AccDescrMultilineValue,
];

fn set(kinds: &[Tok]) -> TokSet {
    TokSet::of(kinds)
}

fn span_of(t: Token) -> Span {
    Span {
        start: t.start,
        end: t.end,
    }
}

/// A recoverable failure at the next token.
fn fail<'a, O>(i: Toks<'a>, expected: TokSet) -> PResult<'a, O> {
    Err(Err::Error(PError::at(&i, expected)))
}

/// One token of kind `k`.
fn tok<'a>(k: Tok) -> impl Fn(Toks<'a>) -> PResult<'a, Token> {
    move |i: Toks<'a>| {
        let t = i.peek();
        if t.kind == k && k != EndOfInput {
            Ok((i.advance(1), t))
        } else {
            fail(i, set(&[k]))
        }
    }
}

/// One token whose kind is in `kinds`.
fn one_of<'a>(kinds: &'static [Tok]) -> impl Fn(Toks<'a>) -> PResult<'a, Token> {
    move |i: Toks<'a>| {
        let t = i.peek();
        if kinds.contains(&t.kind) {
            Ok((i.advance(1), t))
        } else {
            fail(i, set(kinds))
        }
    }
}

/// Mark a hard error as being inside the construct opened at token `open`.
fn opened_at<'a, O>(open: usize, r: PResult<'a, O>) -> PResult<'a, O> {
    r.map_err(|e| {
        e.map(|mut e| {
            e.open.get_or_insert(open);
            e
        })
    })
}

/// Concatenate the texts of tokens (mermaid joins token texts with `+`).
fn join(i: &Toks<'_>, toks: &[Token]) -> CompactString {
    match (toks.first(), toks.last()) {
        // Adjacent tokens: one slice of the text.
        (Some(a), Some(b)) if toks.windows(2).all(|w| w[0].end == w[1].start) => {
            CompactString::from(&i.text[a.start as usize..b.end as usize])
        }
        _ => toks.iter().map(|t| i.text_of(*t)).collect(),
    }
}

fn spanned(i: &Toks<'_>, toks: &[Token]) -> Spanned {
    let span = match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => Span::join(span_of(*a), span_of(*b)),
        _ => Span::default(),
    };
    Spanned {
        text: join(i, toks),
        span,
    }
}

/// The header (`graphConfig`), read once before the statements.
pub(crate) fn header(i: Toks<'_>) -> PResult<'_, Header> {
    graph_config(i)
}

/// The next top-level statement, skipping blank `line`s; `None` at the end of the input.
///
/// Together with [`header`] this is `start = graphConfig document EOF`, one statement at a time.
pub(crate) fn next_statement(mut i: Toks<'_>) -> PResult<'_, Option<Stmt>> {
    loop {
        let t = i.peek();
        match t.kind {
            Newline | Space | Eof => i = i.advance(1),
            EndOfInput => return Ok((i, None)),
            Semi => return Ok((i.advance(1), Some(Stmt::Semicolon(span_of(t))))),
            _ => {
                return match statement(i) {
                    Ok((rest, s)) => Ok((rest, Some(s))),
                    Err(Err::Error(_)) => Err(Err::Failure(statement_expected(&i, EndOfInput))),
                    Err(e) => Err(e),
                }
            }
        }
    }
}

/// "expected a statement or `closer`" at the token `document` stopped on.
fn statement_expected(i: &Toks<'_>, closer: Tok) -> PError {
    let mut e = PError::at(
        i,
        set(ID_TOKENS)
            .with(set(STATEMENT_START))
            .with(set(&[closer])),
    );
    if i.peek().kind == EndKw && closer == EndOfInput {
        e.note = Some("`end` closes a subgraph, but no subgraph is open here");
    }
    e
}

/// `graphConfig = (SPACE | NEWLINE)* GRAPH (NODIR | DIR firstStmtSeparator)`
fn graph_config(i: Toks<'_>) -> PResult<'_, Header> {
    let (i, _) = many0(one_of(&[Space, Newline])).parse(i)?;
    let (i, kw) = tok(Graph)(i)?;
    let keyword = spanned(&i, &[kw]);
    let t = i.peek();
    match t.kind {
        NoDir => Ok((
            i.advance(1),
            Header {
                keyword,
                direction: None,
            },
        )),
        Dir => {
            let raw = i.text_of(t);
            let trimmed = raw.trim_start_matches(|c: char| super::chars::is_js_space(c));
            let offset = (raw.len() - trimmed.len()) as u32;
            let direction = Spanned {
                text: CompactString::from(trimmed),
                span: Span {
                    start: t.start + offset,
                    end: t.end,
                },
            };
            let (i, _) = cut(first_stmt_separator).parse(i.advance(1))?;
            Ok((
                i,
                Header {
                    keyword,
                    direction: Some(direction),
                },
            ))
        }
        _ => Err(Err::Failure(PError::at(&i, set(&[NoDir, Dir])))),
    }
}

/// `firstStmtSeparator = SEMI | NEWLINE | SPACE+ NEWLINE`
fn first_stmt_separator(i: Toks<'_>) -> PResult<'_, ()> {
    let (i, spaces) = many0(tok(Space)).parse(i)?;
    if spaces.is_empty() {
        let (i, _) = one_of(&[Semi, Newline])(i)?;
        return Ok((i, ()));
    }
    let (i, _) = tok(Newline)(i)?;
    Ok((i, ()))
}

/// `statement`: dispatch on the first token; every branch is certain once chosen.
pub(crate) fn statement(i: Toks<'_>) -> PResult<'_, Stmt> {
    let t = i.peek();
    match t.kind {
        Style => cut(terminated_by_separator(style_statement)).parse(i),
        LinkStyle => cut(terminated_by_separator(link_style_statement)).parse(i),
        ClassDef => cut(terminated_by_separator(class_def_statement)).parse(i),
        Class => cut(terminated_by_separator(class_statement)).parse(i),
        Click => cut(terminated_by_separator(click_statement)).parse(i),
        Subgraph => cut(subgraph).parse(i),
        DirectionTb | DirectionBt | DirectionRl | DirectionLr | DirectionTd => direction(i),
        AccTitle => {
            let (i, v) = cut(tok(AccTitleValue)).parse(i.advance(1))?;
            Ok((i, Stmt::AccTitle(trimmed(&i, v))))
        }
        AccDescr => {
            let (i, v) = cut(tok(AccDescrValue)).parse(i.advance(1))?;
            Ok((i, Stmt::AccDescr(trimmed(&i, v))))
        }
        AccDescrMultilineValue => Ok((i.advance(1), Stmt::AccDescr(trimmed(&i, t)))),
        Plain => cut(terminated_by_separator(plain_statement)).parse(i),
        k if ID_TOKENS.contains(&k) => cut(terminated_by_separator(vertex_statement)).parse(i),
        _ => fail(i, set(ID_TOKENS).with(set(STATEMENT_START))),
    }
}

/// A statement the lexer read whole from a plain line.
fn plain_statement(i: Toks<'_>) -> PResult<'_, Stmt> {
    let t = i.peek();
    match i.plain.get(t.start, i.text).map(|p| p.to_stmt()) {
        Some(v) => Ok((i.advance(1), Stmt::Vertex(v))),
        None => fail(i, set(ID_TOKENS)),
    }
}

fn trimmed(i: &Toks<'_>, t: Token) -> Spanned {
    Spanned {
        text: CompactString::from(i.text_of(t).trim()),
        span: span_of(t),
    }
}

/// `X separator`, where `separator = NEWLINE | SEMI | EOF`.
fn terminated_by_separator<'a, O>(
    mut f: impl Parser<Toks<'a>, Output = O, Error = PError>,
) -> impl Parser<Toks<'a>, Output = O, Error = PError> {
    move |i: Toks<'a>| {
        let (i, o) = f.parse(i)?;
        let (i, _) = one_of(SEPARATORS)(i)?;
        Ok((i, o))
    }
}

/// `direction = direction_tb | direction_bt | direction_rl | direction_lr | direction_td`
fn direction(i: Toks<'_>) -> PResult<'_, Stmt> {
    let t = i.peek();
    let dir = match t.kind {
        DirectionTb => "TB",
        DirectionBt => "BT",
        DirectionRl => "RL",
        DirectionLr => "LR",
        DirectionTd => "TD",
        _ => {
            return fail(
                i,
                set(&[
                    DirectionTb,
                    DirectionBt,
                    DirectionRl,
                    DirectionLr,
                    DirectionTd,
                ]),
            )
        }
    };
    Ok((
        i.advance(1),
        Stmt::Direction {
            dir,
            span: span_of(t),
        },
    ))
}

/// `vertexStatement = node vertexSuffix? (link node vertexSuffix?)*`
fn vertex_statement(i: Toks<'_>) -> PResult<'_, Stmt> {
    let start = i.peek();
    let (mut i, mut first) = node(i)?;
    let (j, sd) = vertex_suffix(i)?;
    i = j;
    if sd.is_some() {
        first.shape_data = sd;
    }
    let mut rest = Vec::new();
    while LINK_START.contains(&i.peek().kind) {
        let (j, l) = link(i)?;
        let (j, mut group) = cut(node).parse(j)?;
        let (j, sd) = vertex_suffix(j)?;
        if sd.is_some() {
            group.shape_data = sd;
        }
        rest.push((l, group));
        i = j;
    }
    let last = last_span(&first, &rest).unwrap_or(span_of(start));
    Ok((
        i,
        Stmt::Vertex(VertexStmt {
            first,
            rest,
            span: Span::join(span_of(start), last),
        }),
    ))
}

fn last_span(first: &NodeGroup, rest: &[(ast::Link, NodeGroup)]) -> Option<Span> {
    let g = rest.last().map_or(first, |(_, g)| g);
    g.shape_data.as_ref().map(|s| s.span).or_else(|| {
        g.vertices.last().map(|v| {
            v.shape
                .as_ref()
                .map_or(v.id.span, |s| Span::join(v.id.span, s.1.span))
        })
    })
}

/// `vertexSuffix = spaceList | shapeData`: what may follow a node group before a link or separator.
fn vertex_suffix(i: Toks<'_>) -> PResult<'_, Option<ShapeData>> {
    match i.peek().kind {
        Space => {
            let (i, _) = many1(tok(Space)).parse(i)?;
            Ok((i, None))
        }
        ShapeDataOpen => {
            let (i, sd) = shape_data(i)?;
            if i.peek().kind == Space {
                // mermaid reads blanks after `@{…}` as the start of `& node`.
                let j = i.advance(i.toks.iter().take_while(|t| t.kind == Space).count());
                return Err(Err::Failure(PError::at(&j, set(&[Amp]))));
            }
            Ok((i, Some(sd)))
        }
        _ => Ok((i, None)),
    }
}

/// `node = styledVertex (shapeData? spaceList AMP spaceList styledVertex)*`
fn node(i: Toks<'_>) -> PResult<'_, NodeGroup> {
    let (mut i, first) = styled_vertex(i)?;
    let mut vertices = vec![first];
    loop {
        let save = i;
        let (j, sd) = if i.peek().kind == ShapeDataOpen {
            shape_data(i).map(|(j, s)| (j, Some(s)))?
        } else {
            (i, None)
        };
        let spaces = j.toks.iter().take_while(|t| t.kind == Space).count();
        let k = j.advance(spaces);
        if spaces > 0 && k.peek().kind == Amp {
            let k = k.advance(1);
            let (k, _) = cut(many1(tok(Space))).parse(k)?;
            let (k, v) = cut(styled_vertex).parse(k)?;
            if let Some(last) = vertices.last_mut() {
                if sd.is_some() {
                    last.shape_data = sd;
                }
            }
            vertices.push(v);
            i = k;
            continue;
        }
        i = save;
        break;
    }
    Ok((
        i,
        NodeGroup {
            vertices,
            shape_data: None,
        },
    ))
}

/// `shapeData = SHAPE_DATA+`: the `@{ … }` text, as mermaid concatenates it.
fn shape_data(i: Toks<'_>) -> PResult<'_, ShapeData> {
    let open = i.peek();
    let (i0, _) = tok(ShapeDataOpen)(i)?;
    let mut i = i0;
    let mut yaml = String::new();
    let mut end = open.end;
    loop {
        let t = i.peek();
        match t.kind {
            ShapeDataOpen => {}
            ShapeDataQuote => yaml.push('"'),
            ShapeDataRaw => yaml.push_str(i.text_of(t)),
            ShapeDataStr => push_br_for_newlines(&mut yaml, i.text_of(t)),
            _ => break,
        }
        end = t.end;
        i = i.advance(1);
    }
    // The closing `}` is consumed without a token; extend the span over it.
    let close = i.text[end as usize..]
        .find('}')
        .map_or(end, |n| end + n as u32 + 1);
    let end = if i.peek().start >= close { close } else { end };
    Ok((
        i,
        ShapeData {
            yaml,
            span: Span {
                start: open.start,
                end,
            },
        },
    ))
}

/// mermaid's shape-data string rule: `\n\s*` becomes `<br/>`.
fn push_br_for_newlines(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(p) = rest.find('\n') {
        out.push_str(&rest[..p]);
        out.push_str("<br/>");
        rest = &rest[p..];
        rest = &rest[super::chars::space_len(rest)..];
    }
    out.push_str(rest);
}

/// `styledVertex = vertex (STYLE_SEPARATOR idString)?`
fn styled_vertex(i: Toks<'_>) -> PResult<'_, StyledVertex> {
    let (i, (id, shape)) = vertex(i)?;
    if i.peek().kind == StyleSeparator {
        let (i, class) = cut(id_string).parse(i.advance(1))?;
        return Ok((
            i,
            StyledVertex {
                id,
                shape,
                class: Some(class),
                shape_data: None,
            },
        ));
    }
    Ok((
        i,
        StyledVertex {
            id,
            shape,
            class: None,
            shape_data: None,
        },
    ))
}

/// `vertex = idString shapeText?`: an id, then one of the bracket shapes.
fn vertex(i: Toks<'_>) -> PResult<'_, (Spanned, Option<(VertexShape, ast::Text)>)> {
    let (i, id) = id_string(i)?;
    let open = i.pos;
    let (i, shape) = opened_at(open, shape_text(i))?;
    Ok((i, (id, shape)))
}

/// The bracketed label after an id, with the shape its brackets make.
fn shape_text(i: Toks<'_>) -> PResult<'_, Option<(VertexShape, ast::Text)>> {
    use VertexShape as V;
    fn simple(
        i: Toks<'_>,
        close: Tok,
        shape: VertexShape,
    ) -> PResult<'_, Option<(VertexShape, ast::Text)>> {
        let (i, t) = cut(text).parse(i.advance(1))?;
        let (i, _) = cut(tok(close)).parse(i)?;
        Ok((i, Some((shape, t))))
    }
    match i.peek().kind {
        Sqs => simple(i, Sqe, V::Square),
        DoubleCircleStart => simple(i, DoubleCircleEnd, V::DoubleCircle),
        Ps if i.kind_at(1) == Ps => {
            let (i, t) = cut(text).parse(i.advance(2))?;
            let (i, _) = cut((tok(Pe), tok(Pe))).parse(i)?;
            Ok((i, Some((V::Circle, t))))
        }
        Ps => simple(i, Pe, V::Round),
        EllipseStart => simple(i, EllipseEnd, V::Ellipse),
        StadiumStart => simple(i, StadiumEnd, V::Stadium),
        SubroutineStart => simple(i, SubroutineEnd, V::Subroutine),
        CylinderStart => simple(i, CylinderEnd, V::Cylinder),
        DiamondStart if i.kind_at(1) == DiamondStart => {
            let (i, t) = cut(text).parse(i.advance(2))?;
            let (i, _) = cut((tok(DiamondStop), tok(DiamondStop))).parse(i)?;
            Ok((i, Some((V::Hexagon, t))))
        }
        DiamondStart => simple(i, DiamondStop, V::Diamond),
        TagEnd => simple(i, Sqe, V::Odd),
        VertexWithPropsStart => {
            let (i, (field, _, value, _)) =
                cut((tok(NodeString), tok(Colon), tok(NodeString), tok(Pipe)))
                    .parse(i.advance(1))?;
            let (field, value) = (i.text_of(field).to_string(), i.text_of(value).to_string());
            let (i, t) = cut(text).parse(i)?;
            let (i, _) = cut(tok(Sqe)).parse(i)?;
            Ok((i, Some((V::RectWithProps(field, value), t))))
        }
        TrapStart | InvTrapStart => {
            let trap = i.peek().kind == TrapStart;
            let (i, t) = cut(text).parse(i.advance(1))?;
            let (i, close) = cut(one_of(&[TrapEnd, InvTrapEnd])).parse(i)?;
            let shape = match (trap, close.kind == TrapEnd) {
                (true, true) => V::Trapezoid,
                (true, false) => V::LeanRight,
                (false, false) => V::InvTrapezoid,
                (false, true) => V::LeanLeft,
            };
            Ok((i, Some((shape, t))))
        }
        _ => Ok((i, None)),
    }
}

/// `idString = idStringToken+`
fn id_string(i: Toks<'_>) -> PResult<'_, Spanned> {
    let n = run_len(&i, ID_SET);
    if n == 0 {
        return fail(i, ID_SET);
    }
    Ok((i.advance(n), spanned(&i, &i.toks[..n])))
}

/// How many tokens from the start of `i` are in `set`.
#[inline]
fn run_len(i: &Toks<'_>, set: TokSet) -> usize {
    i.toks.iter().take_while(|t| set.has(t.kind)).count()
}

/// `text = (textToken | STR | MD_STR) textToken*`
fn text(i: Toks<'_>) -> PResult<'_, ast::Text> {
    label_text(i, TEXT_TOKENS, TextKind::String)
}

/// `edgeText = (edgeTextToken | STR | MD_STR) edgeTextToken*`
fn edge_text(i: Toks<'_>) -> PResult<'_, ast::Text> {
    label_text(i, &[EdgeText, UnicodeText], TextKind::String)
}

/// `textNoTags = (textNoTagsToken | STR | MD_STR) textNoTagsToken*` (a quoted one counts as plain text).
fn text_no_tags(i: Toks<'_>) -> PResult<'_, ast::Text> {
    label_text(i, NO_TAGS_TOKENS, TextKind::Text)
}

/// The shared shape of the three text productions.
fn label_text<'a>(i: Toks<'a>, parts: &'static [Tok], quoted: TextKind) -> PResult<'a, ast::Text> {
    let first = i.peek();
    let kind = match first.kind {
        Str => quoted,
        MdStr => TextKind::Markdown,
        k if parts.contains(&k) => TextKind::Text,
        _ => {
            let mut expected = set(parts).with(set(&[Str, MdStr]));
            if parts == TEXT_TOKENS {
                expected = set(&[Text, Str, MdStr]);
            }
            return fail(i, expected);
        }
    };
    let rest = i.advance(1);
    let n = rest
        .toks
        .iter()
        .take_while(|t| parts.contains(&t.kind))
        .count();
    let more = &rest.toks[..n];
    let j = rest.advance(n);
    let mut s = CompactString::from(i.text_of(first));
    for t in more {
        s.push_str(i.text_of(*t));
    }
    let last = more.last().copied().unwrap_or(first);
    Ok((
        j,
        ast::Text {
            text: s,
            kind,
            span: Span::join(span_of(first), span_of(last)),
        },
    ))
}

/// `link = linkStatement arrowText? SPACE? | LINK_ID? START_LINK edgeText LINK`
fn link(i: Toks<'_>) -> PResult<'_, ast::Link> {
    let start = i.peek();
    let (i, id) = if start.kind == LinkId {
        (i.advance(1), Some(spanned(&i, &[start])))
    } else {
        (i, None)
    };
    let t = i.peek();
    match t.kind {
        Link => {
            let arrow = spanned(&i, &[t]);
            let i = i.advance(1);
            if i.peek().kind == Pipe {
                let open = i.pos;
                let (i, text) = opened_at(open, arrow_text(i))?;
                let (i, _) = opt(tok(Space)).parse(i)?;
                let span = Span::join(span_of(start), text.span);
                return Ok((
                    i,
                    ast::Link {
                        arrow,
                        open: None,
                        text: Some(text),
                        id,
                        span,
                    },
                ));
            }
            Ok((
                i,
                ast::Link {
                    arrow,
                    open: None,
                    text: None,
                    id,
                    span: Span::join(span_of(start), span_of(t)),
                },
            ))
        }
        StartLink => {
            let open_tok = spanned(&i, &[t]);
            let open = i.pos;
            let (i, text) = opened_at(open, cut(edge_text).parse(i.advance(1)))?;
            let close = i.peek();
            let (i, _) = opened_at(open, cut(tok(Link)).parse(i))?;
            let arrow = spanned(&i, &[close]);
            Ok((
                i,
                ast::Link {
                    arrow,
                    open: Some(open_tok),
                    text: Some(text),
                    id,
                    span: Span::join(span_of(start), span_of(close)),
                },
            ))
        }
        _ if id.is_some() => Err(Err::Failure(PError::at(&i, set(&[Link, StartLink])))),
        _ => fail(i, set(LINK_START)),
    }
}

/// `arrowText = PIPE text PIPE`
fn arrow_text(i: Toks<'_>) -> PResult<'_, ast::Text> {
    let (i, _) = tok(Pipe)(i)?;
    let (i, t) = cut(text).parse(i)?;
    let (i, _) = cut(tok(Pipe)).parse(i)?;
    Ok((i, t))
}

/// `styleStatement = STYLE SPACE idString SPACE stylesOpt`
fn style_statement(i: Toks<'_>) -> PResult<'_, Stmt> {
    let start = i.peek();
    let (i, (_, _, id, _, styles)) =
        (tok(Style), tok(Space), id_string, tok(Space), styles_opt).parse(i)?;
    let span = Span {
        start: start.start,
        end: i.peek().start,
    };
    Ok((i, Stmt::Style { id, styles, span }))
}

/// `classDefStatement = CLASSDEF SPACE idString SPACE stylesOpt`
fn class_def_statement(i: Toks<'_>) -> PResult<'_, Stmt> {
    let start = i.peek();
    let (i, (_, _, names, _, styles)) =
        (tok(ClassDef), tok(Space), id_string, tok(Space), styles_opt).parse(i)?;
    let span = Span {
        start: start.start,
        end: i.peek().start,
    };
    Ok((
        i,
        Stmt::ClassDef {
            names,
            styles,
            span,
        },
    ))
}

/// `classStatement = CLASS SPACE idString SPACE idString`
fn class_statement(i: Toks<'_>) -> PResult<'_, Stmt> {
    let start = i.peek();
    let (i, (_, _, ids, _, class)) =
        (tok(Class), tok(Space), id_string, tok(Space), id_string).parse(i)?;
    let span = Span {
        start: start.start,
        end: i.peek().start,
    };
    Ok((i, Stmt::Class { ids, class, span }))
}

/// `linkStyleStatement = LINKSTYLE SPACE (DEFAULT | numList) SPACE
///     (INTERPOLATE SPACE alphaNum (SPACE stylesOpt)? | stylesOpt)`
fn link_style_statement(i: Toks<'_>) -> PResult<'_, Stmt> {
    let start = i.peek();
    let (i, _) = (tok(LinkStyle), tok(Space)).parse(i)?;
    let t = i.peek();
    let (i, targets) = if t.kind == Default {
        (i.advance(1), LinkStyleTargets::Default(span_of(t)))
    } else {
        let (i, nums) = num_list(i).map_err(|e| {
            e.map(|mut e| {
                e.expected = e.expected.with(set(&[Default]));
                e
            })
        })?;
        (i, LinkStyleTargets::Indices(nums))
    };
    let (i, _) = tok(Space)(i)?;
    let (i, interpolate, styles) = if i.peek().kind == Interpolate {
        let (i, (_, _, curve)) = (tok(Interpolate), tok(Space), alpha_num).parse(i)?;
        if i.peek().kind == Space {
            let (i, styles) = styles_opt(i.advance(1))?;
            (i, Some(curve), Some(styles))
        } else {
            (i, Some(curve), None)
        }
    } else {
        let (i, styles) = styles_opt(i).map_err(|e| {
            e.map(|mut e| {
                e.expected = e.expected.with(set(&[Interpolate]));
                e
            })
        })?;
        (i, None, Some(styles))
    };
    let span = Span {
        start: start.start,
        end: i.peek().start,
    };
    Ok((
        i,
        Stmt::LinkStyle {
            targets,
            interpolate,
            styles,
            span,
        },
    ))
}

/// `numList = NUM (COMMA NUM)*`
fn num_list(i: Toks<'_>) -> PResult<'_, Vec<Spanned>> {
    let (mut i, first) = tok(Num)(i)?;
    let mut out = vec![spanned(&i, &[first])];
    while i.peek().kind == Comma {
        let (j, n) = tok(Num)(i.advance(1))?;
        out.push(spanned(&j, &[n]));
        i = j;
    }
    Ok((i, out))
}

/// `stylesOpt = style (COMMA style)*`, `style = styleComponent+`
fn styles_opt(i: Toks<'_>) -> PResult<'_, Vec<String>> {
    let (mut i, first) = many1(one_of(STYLE_TOKENS)).parse(i)?;
    let mut out = vec![join(&i, &first).into_string()];
    while i.peek().kind == Comma {
        let (j, s) = many1(one_of(STYLE_TOKENS)).parse(i.advance(1))?;
        out.push(join(&j, &s).into_string());
        i = j;
    }
    Ok((i, out))
}

/// `alphaNum = alphaNumToken+`
fn alpha_num(i: Toks<'_>) -> PResult<'_, Spanned> {
    let (j, toks) = many1(one_of(ALPHANUM_TOKENS)).parse(i)?;
    Ok((j, spanned(&i, &toks)))
}

/// `clickStatement = CLICK (CALLBACKNAME CALLBACKARGS? (SPACE STR)?
///                  | HREF? STR (SPACE STR)? (SPACE LINK_TARGET)? | alphaNum (SPACE STR)?)`
fn click_statement(i: Toks<'_>) -> PResult<'_, Stmt> {
    let start = i.peek();
    let (i, c) = tok(Click)(i)?;
    let ids = spanned(&i, &[c]);
    let t = i.peek();
    let (i, action) = match t.kind {
        CallbackName => {
            let name = spanned(&i, &[t]);
            let i = i.advance(1);
            let (i, args) = opt(tok(CallbackArgs)).parse(i)?;
            let args = args.map(|a| spanned(&i, &[a]));
            let (i, tooltip) = tooltip_after(i)?;
            (
                i,
                ClickAction::Callback {
                    name,
                    args,
                    tooltip,
                },
            )
        }
        Href | Str => {
            let i = if t.kind == Href { i.advance(1) } else { i };
            let (i, url) = tok(Str)(i)?;
            let url = spanned(&i, &[url]);
            let (mut i, mut tooltip, mut target) = (i, None, None);
            if i.peek().kind == Space {
                let n = i.advance(1);
                match n.peek().kind {
                    Str => {
                        tooltip = Some(spanned(&n, &[n.peek()]));
                        i = n.advance(1);
                        if i.peek().kind == Space {
                            let (j, tg) = tok(LinkTarget)(i.advance(1))?;
                            target = Some(spanned(&j, &[tg]));
                            i = j;
                        }
                    }
                    LinkTarget => {
                        target = Some(spanned(&n, &[n.peek()]));
                        i = n.advance(1);
                    }
                    _ => return fail(n, set(&[Str, LinkTarget])),
                }
            }
            (
                i,
                ClickAction::Link {
                    url,
                    tooltip,
                    target,
                },
            )
        }
        _ => {
            let (i, name) = alpha_num(i).map_err(|e| {
                e.map(|mut e| {
                    e.expected = e.expected.with(set(&[CallbackName, Href, Str]));
                    e
                })
            })?;
            let (i, tooltip) = tooltip_after(i)?;
            (
                i,
                ClickAction::Callback {
                    name,
                    args: None,
                    tooltip,
                },
            )
        }
    };
    let span = Span {
        start: start.start,
        end: i.peek().start,
    };
    Ok((i, Stmt::Click { ids, action, span }))
}

/// `(SPACE STR)?`: a click statement's tooltip.
fn tooltip_after(i: Toks<'_>) -> PResult<'_, Option<Spanned>> {
    if i.peek().kind == Space {
        let (j, s) = tok(Str)(i.advance(1))?;
        return Ok((j, Some(spanned(&j, &[s]))));
    }
    Ok((i, None))
}

/// A subgraph whose `end` has not been read yet.
pub(crate) struct OpenSubgraph {
    keyword: Token,
    /// Token index of `subgraph`, for "opened at" messages.
    at: usize,
    id: Option<ast::Text>,
    title: Option<ast::Text>,
    body: Vec<Stmt>,
}

impl OpenSubgraph {
    /// The subgraph, closed by the `end` token `end`.
    pub(crate) fn close(self, end: Token) -> ast::Subgraph {
        ast::Subgraph {
            id: self.id,
            title: self.title,
            body: self.body,
            keyword: span_of(self.keyword),
            span: Span {
                start: self.keyword.start,
                end: end.end,
            },
        }
    }
}

/// `subgraph = SUBGRAPH (SPACE textNoTags (SQS text SQE)?)? separator document END`
///
/// Nested subgraphs are read with an explicit stack instead of recursion, so deep
/// nesting costs no call stack; more than [`MAX_SUBGRAPH_DEPTH`] levels is refused.
fn subgraph(i: Toks<'_>) -> PResult<'_, Stmt> {
    let (mut i, first) = subgraph_header(i)?;
    let mut open = vec![first];
    loop {
        let t = i.peek();
        let top = open.last_mut().expect("at least one open subgraph");
        match t.kind {
            Newline | Space | Eof => i = i.advance(1),
            Semi => {
                top.body.push(Stmt::Semicolon(span_of(t)));
                i = i.advance(1);
            }
            Tok::Subgraph => {
                if open.len() >= MAX_SUBGRAPH_DEPTH {
                    let mut e = PError::at(&i, TokSet::default());
                    e.note = Some("subgraphs are nested too deeply (mmdr allows 256 levels)");
                    return Err(Err::Failure(e));
                }
                let (rest, sg) = cut(subgraph_header).parse(i)?;
                open.push(sg);
                i = rest;
            }
            EndKw => {
                let sg = open.pop().expect("at least one open subgraph");
                let stmt = Stmt::Subgraph(sg.close(t));
                i = i.advance(1);
                match open.last_mut() {
                    Some(parent) => parent.body.push(stmt),
                    None => return Ok((i, stmt)),
                }
            }
            _ => match statement(i) {
                Ok((rest, s)) => {
                    top.body.push(s);
                    i = rest;
                }
                Err(Err::Error(_)) => {
                    let mut e = statement_expected(&i, EndKw);
                    e.open = Some(top.at);
                    return Err(Err::Failure(e));
                }
                Err(e) => return Err(e),
            },
        }
    }
}

/// The part of [`subgraph`] before its statements: keyword, id, title and separator.
pub(crate) fn subgraph_header(i: Toks<'_>) -> PResult<'_, OpenSubgraph> {
    let keyword = i.peek();
    let at = i.pos;
    let (i, _) = tok(Tok::Subgraph)(i)?;
    let (i, id, title) = if i.peek().kind == Space {
        let (i, id) = text_no_tags(i.advance(1))?;
        if i.peek().kind == Sqs {
            let sq = i.pos;
            let (i, title) = opened_at(sq, text(i.advance(1)))?;
            let (i, _) = opened_at(sq, tok(Sqe)(i))?;
            (i, Some(id), Some(title))
        } else {
            (i, Some(id), None)
        }
    } else {
        (i, None, None)
    };
    let (i, _) = one_of(SEPARATORS)(i).map_err(|e| {
        e.map(|mut e| {
            if id.is_some() {
                e.expected = e.expected.with(set(&[Sqs]));
            }
            e
        })
    })?;
    Ok((
        i,
        OpenSubgraph {
            keyword,
            at,
            id,
            title,
            body: Vec::new(),
        },
    ))
}
