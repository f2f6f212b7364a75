//! Reading flowchart text: preprocess → lex → parse, into a spanned [`ast::Flowchart`].
//!
//! Pre- and post-conditions: accepts any `&str`; returns a syntax tree whose
//! spans point into [`ast::Flowchart::text`], or a [`ParseError`] located in
//! the original source. Never panics.

pub mod ast;
pub(crate) mod chars;
pub mod error;
mod grammar;
pub mod lexer;
pub mod preprocess;
pub mod source_map;
mod tokens;
pub(crate) mod yaml;

pub use error::{ErrorKind, ParseError};

use lexer::{LexError, PlainStmts, State, Tok, Token};
use tokens::{PError, TokSet, Toks};

/// Parse flowchart source into its syntax tree.
pub fn parse(src: &str) -> Result<ast::Flowchart, ParseError> {
    parse_with(src, true)
}

/// [`parse`], with or without plain lines read whole (`lexer::tokenize_plain`): both give the
/// same result, which the tests check.
pub(crate) fn parse_with(src: &str, plain: bool) -> Result<ast::Flowchart, ParseError> {
    let mut reader = StatementReader::with(src, plain)?;
    let mut body = Vec::new();
    while let Some(s) = reader.next_statement()? {
        body.push(s);
    }
    Ok(reader.into_flowchart(body))
}

/// One step of a diagram as [`StatementReader::next_read`] gives it.
pub enum Read<'r> {
    /// A statement read by the grammar (never a subgraph: those come as `Open`, their
    /// statements, then `Close`).
    Stmt(ast::Stmt),
    /// A plain node-and-link line the lexer read whole, borrowed from the reader.
    Plain(lexer::PlainStmt<'r>),
    /// `subgraph …`: the statements up to the matching `Close` are its own.
    Open,
    /// The `end` of the innermost open subgraph: its header and span (its body is empty;
    /// its statements came before).
    Close(ast::Subgraph),
}

/// Reads a flowchart one top-level statement at a time.
///
/// [`parse`] collects the statements into a syntax tree; [`crate::parse_diagram`]
/// lowers each statement as soon as it is read, while it is still in cache.
pub struct StatementReader<'s> {
    src: &'s str,
    pre: preprocess::Preprocessed,
    toks: Vec<Token>,
    /// The statements of the plain lines the lexer read whole.
    plain: PlainStmts,
    /// Whether plain lines were read whole (errors are then reported from a reading without).
    plain_on: bool,
    pos: usize,
    header: ast::Header,
    /// The subgraphs [`Self::next_read`] has opened and not yet closed, innermost last.
    open: Vec<grammar::OpenSubgraph>,
}

impl<'s> StatementReader<'s> {
    /// Preprocess and tokenise `src`, and read its header.
    pub fn new(src: &'s str) -> Result<Self, ParseError> {
        Self::with(src, true)
    }

    fn with(src: &'s str, plain_on: bool) -> Result<Self, ParseError> {
        let pre = preprocess::preprocess(src)?;
        let lexed = if plain_on {
            lexer::tokenize_plain(&pre.text)
        } else {
            lexer::tokenize(&pre.text).map(|t| (t, PlainStmts::default()))
        };
        let (toks, plain) = match lexed {
            Ok(t) => t,
            Err(_) if plain_on => return Err(error_without_plain(src)),
            Err(e) => return Err(lex_error(&pre, src, e)),
        };
        let input = Toks {
            toks: &toks,
            pos: 0,
            text: &pre.text,
            plain: &plain,
        };
        let (pos, header) = match grammar::header(input) {
            Ok((rest, h)) => (rest.pos, h),
            Err(_) if plain_on => return Err(error_without_plain(src)),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                return Err(syntax_error(&pre, src, &toks, e))
            }
            Err(nom::Err::Incomplete(_)) => unreachable!("the grammar only uses complete parsers"),
        };
        Ok(StatementReader {
            src,
            pre,
            toks,
            plain,
            plain_on,
            pos,
            header,
            open: Vec::new(),
        })
    }

    /// The next top-level statement, or `None` at the end.
    pub fn next_statement(&mut self) -> Result<Option<ast::Stmt>, ParseError> {
        self.skip_blanks();
        if let Some(p) = plain_at(&self.toks, self.pos, &self.plain, &self.pre.text) {
            self.pos += 2;
            return Ok(Some(ast::Stmt::Vertex(p.to_stmt())));
        }
        let input = self.input();
        match grammar::next_statement(input) {
            Ok((rest, s)) => {
                self.pos = rest.pos;
                Ok(s)
            }
            Err(_) if self.plain_on => Err(error_without_plain(self.src)),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                Err(syntax_error(&self.pre, self.src, &self.toks, e))
            }
            Err(nom::Err::Incomplete(_)) => unreachable!("the grammar only uses complete parsers"),
        }
    }

    /// The next step of the diagram, or `None` at the end: a statement, a plain line as its
    /// parts (without a syntax tree), or a subgraph opening or closing (its statements come
    /// in between, one at a time). What [`crate::parse_diagram`] lowers.
    ///
    /// Its errors are the whole grammar's (as [`Self::next_statement`] reports them): the
    /// same text is rejected at the same place, and only the message comes from there.
    pub fn next_read(&mut self) -> Result<Option<Read<'_>>, ParseError> {
        self.skip_blanks();
        if let Some(p) = plain_at(&self.toks, self.pos, &self.plain, &self.pre.text) {
            self.pos += 2;
            return Ok(Some(Read::Plain(p)));
        }
        let t = self.toks[self.pos];
        match t.kind {
            Tok::EndOfInput if self.open.is_empty() => Ok(None),
            Tok::Semi => {
                self.pos += 1;
                Ok(Some(Read::Stmt(ast::Stmt::Semicolon(ast::Span {
                    start: t.start,
                    end: t.end,
                }))))
            }
            Tok::Subgraph if self.open.len() < grammar::MAX_SUBGRAPH_DEPTH => {
                let (pos, sg) = match grammar::subgraph_header(self.input()) {
                    Ok((rest, sg)) => (rest.pos, sg),
                    Err(_) => return Err(self.whole_error()),
                };
                self.pos = pos;
                self.open.push(sg);
                Ok(Some(Read::Open))
            }
            Tok::EndKw if !self.open.is_empty() => {
                let sg = self.open.pop().expect("an open subgraph");
                self.pos += 1;
                Ok(Some(Read::Close(sg.close(t))))
            }
            Tok::EndOfInput | Tok::Subgraph | Tok::EndKw => Err(self.whole_error()),
            _ => {
                let (pos, s) = match grammar::statement(self.input()) {
                    Ok((rest, s)) => (rest.pos, s),
                    Err(_) => return Err(self.whole_error()),
                };
                self.pos = pos;
                Ok(Some(Read::Stmt(s)))
            }
        }
    }

    /// The error of the diagram as the grammar reads it whole.
    #[cold]
    fn whole_error(&self) -> ParseError {
        error_without_plain(self.src)
    }

    /// The tokens from the current position.
    fn input(&self) -> Toks<'_> {
        Toks {
            toks: &self.toks[self.pos..],
            pos: self.pos,
            text: &self.pre.text,
            plain: &self.plain,
        }
    }

    /// Move past line breaks and blanks to the next statement's first token.
    fn skip_blanks(&mut self) {
        // The token list ends with `EndOfInput`, which stops the scan.
        self.pos += self.toks[self.pos..]
            .iter()
            .take_while(|t| matches!(t.kind, Tok::Newline | Tok::Space | Tok::Eof))
            .count();
    }

    /// The `flowchart`/`graph` header.
    pub fn header(&self) -> &ast::Header {
        &self.header
    }

    /// Maps preprocessed offsets (statement spans) to the original source.
    pub fn source_map(&self) -> &source_map::SourceMap {
        &self.pre.map
    }

    /// The front matter, if any.
    pub fn front_matter(&self) -> Option<&preprocess::FrontMatter> {
        self.pre.front_matter.as_ref()
    }

    /// The `%%{…}%%` directives.
    pub fn directives(&self) -> &[preprocess::Directive] {
        &self.pre.directives
    }

    /// The syntax tree of the header and the given statements.
    pub fn into_flowchart(self, body: Vec<ast::Stmt>) -> ast::Flowchart {
        let preprocess::Preprocessed {
            text,
            map,
            front_matter,
            directives,
        } = self.pre;
        ast::Flowchart {
            text,
            map,
            front_matter,
            directives,
            header: self.header,
            body,
        }
    }
}

/// The statement of the plain token at `k` (read whole by the lexer) if its separator follows:
/// then the grammar would only confirm it. (Field borrows, so the reader can move on.)
fn plain_at<'a>(
    toks: &[Token],
    k: usize,
    plain: &'a PlainStmts,
    text: &'a str,
) -> Option<lexer::PlainStmt<'a>> {
    let separated = matches!(
        toks.get(k + 1).map(|t| t.kind),
        Some(Tok::Newline | Tok::Semi | Tok::Eof)
    );
    let t = toks.get(k)?;
    // (Every plain token has its statement; without one, the grammar reports the token.)
    (t.kind == Tok::Plain && separated)
        .then(|| plain.get(t.start, text))
        .flatten()
}

/// The error of `src` as read without plain lines, where every message was written for the
/// tokens the rules make (the two readings accept and reject the same texts).
#[cold]
fn error_without_plain(src: &str) -> ParseError {
    match parse_with(src, false) {
        Err(e) => e,
        Ok(_) => ParseError::new(
            ErrorKind::Syntax,
            0..0,
            String::from("internal error: a plain line was read differently from its tokens"),
        ),
    }
}

/// The original-source byte range of a preprocessed range.
fn origin(
    pre: &preprocess::Preprocessed,
    src: &str,
    start: usize,
    end: usize,
) -> std::ops::Range<usize> {
    let a = pre.map.resolve(start).min(src.len());
    let b = pre.map.resolve(end).clamp(a, src.len());
    a..b
}

/// How a token looks in a message: its source text, or a name for blanks and the end.
fn shown(src: &str, range: &std::ops::Range<usize>, kind: Tok) -> String {
    let text = src.get(range.clone()).unwrap_or("");
    match kind {
        Tok::EndOfInput | Tok::Eof => "the end of the diagram".into(),
        Tok::Newline | Tok::NoDir => "a line break".into(),
        Tok::Space => "a space".into(),
        _ if text.trim().is_empty() => kind.describe().into(),
        _ => {
            let t: String = text.trim().chars().take(30).collect();
            format!("`{t}`")
        }
    }
}

use error::line_col;

fn lex_error(pre: &preprocess::Preprocessed, src: &str, e: LexError) -> ParseError {
    let ch = pre.text[e.at..].chars().next().unwrap_or(' ');
    let mut range = origin(pre, src, e.at, e.at + ch.len_utf8());
    let placeholder = matches!(ch, '\u{FB02}' | '\u{B0}' | '\u{B6}' | '\u{DF}');
    if placeholder {
        // Point at the whole `#name;` the placeholder stands for.
        let hash = src
            .get(..range.start.min(src.len()))
            .and_then(|b| b.rfind('#'))
            .unwrap_or(range.start);
        let end = src
            .get(hash..)
            .and_then(|r| r.find(';'))
            .map_or(range.end, |n| hash + n + 1);
        range = hash..end;
    }
    let shown_ch = src
        .get(range.clone())
        .filter(|s| !s.is_empty())
        .map_or_else(|| ch.to_string(), str::to_string);
    let (message, help) = match e.state {
        State::Dir => (
            format!("expected a direction after the header (TB, TD, BT, LR, RL), found `{}`", shown_ch.trim()),
            "write `flowchart LR`, or put the first statement on the next line",
        ),
        State::DottedEdgeText => (
            format!("`{shown_ch}` cannot appear in the text of a dotted link"),
            "mermaid reads `.` as the end of a `-. text .->` link; use the `-.->|text|` form for text with dots",
        ),
        State::MdString => (
            format!("unexpected `{shown_ch}` inside a markdown string"),
            "a markdown string is `\"`…`\"`; a lone backtick inside it is not allowed",
        ),
        State::ShapeData => (
            format!("`{shown_ch}` is not allowed in `@{{ … }}` data"),
            "quote the value: `@{ label: \"…\" }`",
        ),
        _ if ch == '=' => (
            "unexpected `=`".to_string(),
            "`=` only appears in thick links (`==>`, `===`); put it in a quoted label otherwise",
        ),
        _ if placeholder => {
            (
                format!("`{shown_ch}` is read as an HTML entity code here"),
                "mermaid takes `#name;` for an entity code; on a `style` or `classDef` line only the last `;` is spared, so put each statement on its own line or drop the `;`",
            )
        }
        _ => (
            format!("unexpected character `{shown_ch}`"),
            "this character cannot start a node id or statement here; put text in a quoted label: `A[\"…\"]`",
        ),
    };
    ParseError::new(ErrorKind::Lexical, range, message)
        .with_label("not understood here")
        .with_help(help)
}

/// Describe a set of expected tokens in words.
fn describe_expected(set: TokSet) -> Vec<String> {
    use Tok::*;
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    let statement = set.has(Style) && set.has(Subgraph);
    if statement {
        push("a statement (a node, `subgraph`, `style`, `classDef`, …)");
    } else if set.has(NodeString) {
        push("a node id");
    }
    for k in [Link, StartLink, LinkId] {
        if set.has(k) {
            push("a link (`-->`, `---`, `-.->`, `==>`, …)");
        }
    }
    if set.has(Amp) && !set.has(NodeString) {
        push("`&`");
    }
    for k in [
        Sqe,
        Pe,
        DiamondStop,
        DoubleCircleEnd,
        EllipseEnd,
        StadiumEnd,
        SubroutineEnd,
        CylinderEnd,
        TrapEnd,
        InvTrapEnd,
        Pipe,
        EndKw,
        Sqs,
        Colon,
        Dir,
        NoDir,
        Graph,
        LinkTarget,
        CallbackName,
        Href,
        Default,
        Interpolate,
        Num,
    ] {
        if set.has(k)
            && !(statement && matches!(k, Colon | Num | Default))
            && !(set.has(NodeString) && matches!(k, Colon | Num | Default))
        {
            push(k.describe());
        }
    }
    if set.has(Text) || set.has(EdgeText) {
        push("label text");
    } else if set.has(Str) {
        push("a quoted string");
    }
    if set.has(Newline) || set.has(Semi) || set.has(Eof) {
        push("a line break or `;`");
    }
    if set.has(Space) && !set.has(Text) {
        push("a space");
    }
    if set.has(EndOfInput) && !set.has(EndKw) {
        push("the end of the diagram");
    }
    out
}

fn list(words: &[String]) -> String {
    match words {
        [] => "something else".into(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} or {}", rest.join(", "), last),
    }
}

const CLOSERS: &[Tok] = &[
    Tok::Sqe,
    Tok::Pe,
    Tok::DiamondStop,
    Tok::DoubleCircleEnd,
    Tok::EllipseEnd,
    Tok::StadiumEnd,
    Tok::SubroutineEnd,
    Tok::CylinderEnd,
    Tok::TrapEnd,
    Tok::InvTrapEnd,
];

fn syntax_error(
    pre: &preprocess::Preprocessed,
    src: &str,
    toks: &[Token],
    e: PError,
) -> ParseError {
    use Tok::*;
    let t = toks.get(e.pos).copied().unwrap_or(Token {
        kind: EndOfInput,
        start: pre.text.len() as u32,
        end: pre.text.len() as u32,
    });
    let mut range = origin(pre, src, t.start as usize, t.end as usize);
    // At the end of the input, point just after the last character written.
    if t.kind == EndOfInput || t.kind == Eof {
        let end = src.trim_end().len();
        range = end..end;
    }
    // Point at the first non-blank character of tokens that carry leading blanks (`  -->`).
    if let Some(text) = src.get(range.clone()) {
        let lead = text.len() - text.trim_start().len();
        if lead < text.len() {
            range.start += lead;
            range.end = range.start + text.trim().len();
        }
    }
    let found = shown(src, &range, t.kind);
    let opener = e.open.and_then(|o| toks.get(o)).map(|o| {
        let r = origin(pre, src, o.start as usize, o.end as usize);
        let (l, c) = line_col(src, r.start);
        (
            o.kind,
            src.get(r.clone()).unwrap_or("").trim().to_string(),
            l,
            c,
            r.start,
        )
    });
    let expected = describe_expected(e.expected);
    let mut opened_at = None;
    let mut message = match &opener {
        Some((_, open_text, l, c, at))
            if CLOSERS.iter().any(|k| e.expected.has(*k))
                || e.expected.has(EndKw)
                || e.expected.has(Link) =>
        {
            let what = if e.expected.has(EndKw) {
                "the subgraph".to_string()
            } else {
                format!("`{open_text}`")
            };
            opened_at = Some(*at);
            format!(
                "expected {} to close {what} opened at {l}:{c}, found {found}",
                list(&expected)
            )
        }
        _ => format!("expected {}, found {found}", list(&expected)),
    };
    if let Some(note) = e.note {
        message = format!("{note} (found {found})");
        opened_at = None;
    }
    let label = if t.kind == EndOfInput {
        "the diagram ends here".to_string()
    } else {
        "unexpected here".to_string()
    };
    let mut err = ParseError::new(ErrorKind::Syntax, range.clone(), message).with_label(label);
    err.opened_at = opened_at;
    let in_label =
        CLOSERS.iter().any(|k| e.expected.has(*k)) && (e.expected.has(Text) || opener.is_some());
    let help = if in_label
        && matches!(
            t.kind,
            Ps | Pe
                | Sqs
                | Sqe
                | DiamondStart
                | DiamondStop
                | Str
                | MdStr
                | Pipe
                | StadiumStart
                | CylinderStart
                | SubroutineStart
                | DoubleCircleStart
                | TrapStart
                | InvTrapStart
                | EllipseStart
        ) {
        Some("brackets and quotes inside a label need the whole label quoted: `A[\"f(x) [1]\"]`")
    } else if e.expected.has(Amp) && !e.expected.has(NodeString) {
        Some("after `@{ … }` mermaid expects ` & ` and another node; end the line right after the `}`")
    } else if e.expected.has(Space)
        && matches!(
            toks.get(e.pos.wrapping_sub(1)).map(|t| t.kind),
            Some(Style | ClassDef | Class | LinkStyle)
        )
    {
        Some("`style`, `classDef`, `class` and `linkStyle` are keywords: they cannot start a node id, and need a space after them")
    } else if (t.kind == Space && e.expected.has(Space) && e.expected.has(NodeString))
        || (e.expected.has(Space)
            && toks
                .get(e.pos.wrapping_sub(1))
                .is_some_and(|p| p.kind == Amp))
    {
        Some("put a space on both sides of `&`: `A & B`")
    } else if e.expected.has(Newline) && src.get(range.clone()).is_some_and(|s| s.starts_with("%%"))
    {
        Some("`%%` comments must stand on a line of their own")
    } else if e.expected.has(Newline) && !e.expected.has(Semi) {
        Some("put the first statement on the line after the header, or after a `;`")
    } else if t.kind == Str && e.expected.has(Text) {
        Some("quotes must wrap the whole label: `A[\"…\"]`")
    } else if e.note.is_some() {
        None
    } else if matches!(
        t.kind,
        EndKw
            | Graph
            | Subgraph
            | Style
            | ClassDef
            | Class
            | Click
            | LinkTarget
            | Interpolate
            | LinkStyle
    ) && e.expected.has(NodeString)
    {
        Some("this word is a keyword in mermaid and cannot be used as a node id; pick another id and give it a label: `n1[end]`")
    } else if t.kind == Sep {
        Some("`\\|` is not valid here")
    } else {
        None
    };
    if let Some(h) = help {
        err = err.with_help(h);
    }
    err
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn parses_a_chain() {
        let f = parse("graph LR\nA[Start] --> B{Ok?} -->|yes| C\n").unwrap();
        assert_eq!(f.header.direction.as_ref().unwrap().text, "LR");
        assert_eq!(f.body.len(), 1);
        let ast::Stmt::Vertex(v) = &f.body[0] else {
            panic!()
        };
        assert_eq!(v.first.vertices[0].id.text, "A");
        assert_eq!(v.rest.len(), 2);
        assert_eq!(v.rest[1].0.text.as_ref().unwrap().text, "yes");
    }

    #[test]
    fn error_points_at_the_offending_token() {
        let src = "graph TD; A[This is a () in text];";
        let e = parse(src).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert_eq!(&src[e.span.clone()], "(");
        assert!(e.message.contains("`]`"), "{}", e.message);
        assert!(e.help.is_some());
    }

    #[test]
    fn error_positions_survive_front_matter() {
        let src = "---\ntitle: x\n---\ngraph TD\nA=B\n";
        let e = parse(src).unwrap_err();
        assert_eq!(&src[e.span.clone()], "=");
    }

    #[test]
    fn unclosed_bracket_names_the_opener() {
        let e = parse("graph TD\nA[abc\n").unwrap_err();
        assert!(e.message.contains("opened at 2:2"), "{}", e.message);
    }

    #[test]
    fn keyword_as_id_is_explained() {
        let e = parse("graph TD;style.node").unwrap_err();
        assert!(e.help.unwrap().contains("keyword"));
    }

    /// Every fixture diagram (the raw files, front matter and all).
    pub(crate) fn fixture_sources() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut dirs = vec![root];
        let mut out = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "mmd") {
                    out.push(std::fs::read_to_string(&path).unwrap_or_default());
                }
            }
        }
        out.sort();
        out
    }

    /// Reading plain lines whole must give the same tree, or the same error, as the rules;
    /// and lowering their parts without a tree the same model as lowering the rules' tree.
    fn assert_same_reading(src: &str) {
        assert_same(
            src,
            format!("{:?}", parse_with(src, true)),
            format!("{:?}", parse_with(src, false)),
        );
        let model = format!("{:?}", crate::parse_diagram(src));
        assert_same(src, model.clone(), format!("{:?}", lower_by_rules(src)));
        // Streamed subgraphs give the model of whole ones (errors may come in another order:
        // streaming meets a lowering error before a later syntax error).
        if let Ok(tree) = parse_with(src, false) {
            assert_same(src, model, format!("{:?}", crate::graph::lower(&tree)));
        }
    }

    /// [`crate::parse_diagram`] with every statement read by the rules (no plain lines).
    fn lower_by_rules(src: &str) -> Result<crate::Diagram, ParseError> {
        crate::lower_reader(src, StatementReader::with(src, false)?)
    }

    fn assert_same(src: &str, whole: String, by_rules: String) {
        if whole != by_rules {
            let at = whole
                .bytes()
                .zip(by_rules.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let from = at.saturating_sub(300);
            panic!(
                "{src:?}\nwhole:    …{}\nby rules: …{}",
                &whole[from..(at + 200).min(whole.len())],
                &by_rules[from..(at + 200).min(by_rules.len())]
            );
        }
    }

    #[test]
    fn plain_lines_read_as_the_rules_read_them() {
        let sources = fixture_sources();
        assert!(sources.len() > 700, "the fixtures were found");
        let mut plain_lines = 0;
        for src in &sources {
            assert_same_reading(src);
            if let Ok(pre) = preprocess::preprocess(src) {
                let toks = lexer::tokenize_plain(&pre.text)
                    .map(|(t, _)| t)
                    .unwrap_or_default();
                plain_lines += toks.iter().filter(|t| t.kind == Tok::Plain).count();
            }
        }
        // The fast reading is taken for most statement lines of real diagrams.
        assert!(plain_lines > 3000, "{plain_lines} plain lines");
    }

    #[test]
    fn plain_lines_read_as_the_rules_read_them_after_mutation() {
        // Each fixture with a few characters inserted, deleted or repeated, over the
        // characters where the two readings could part.
        let palette: Vec<char> = "-->.=&|;\"[](){}@~:xov_e1 \n\tA%#`\u{a0}é"
            .chars()
            .collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        let mut checked = 0;
        for src in fixture_sources() {
            for _ in 0..12 {
                let mut s: Vec<char> = src.chars().collect();
                for _ in 0..1 + next(3) {
                    let at = next(s.len() + 1);
                    match next(3) {
                        0 => s.insert(at, palette[next(palette.len())]),
                        1 if at < s.len() => {
                            s.remove(at);
                        }
                        _ if at < s.len() => {
                            let c = s[at];
                            s.insert(at, c);
                        }
                        _ => {}
                    }
                }
                let s: String = s.into_iter().collect();
                assert_same_reading(&s);
                checked += 1;
            }
        }
        assert!(checked > 8000);
    }

    #[test]
    fn plain_lines_read_as_the_rules_read_them_in_generated_diagrams() {
        // Statement lines built from pieces at the edges of the plain reading: keywords and
        // link letters as names, every bracket shape, quoted and odd labels, every link form.
        const NAMES: &[&str] = &[
            "A", "b1", "x", "o", "v", "xo", "end", "endX", "style", "1", "12ab", "1end", "1x",
            "a-b", "a.b", "a-", "1.5", "1.", "2.x", "1-2", "_self", "call", "href", "graph", "A&B",
            "é", "C_d",
        ];
        const SHAPES: &[(&str, &str)] = &[
            ("", ""),
            ("[", "]"),
            ("(", ")"),
            ("{", "}"),
            ("((", "))"),
            ("[[", "]]"),
            ("[(", ")]"),
            ("([", "])"),
            ("{{", "}}"),
            ("(((", ")))"),
            ("(-", "-)"),
            ("[/", "/]"),
            (">", "]"),
            ("[", "])"),
        ];
        const TEXTS: &[&str] = &[
            "x",
            "a b",
            " sp ",
            "\"q\"",
            "\"q\" ",
            " \"q\"",
            "\"`md`\"",
            "",
            "a(b",
            "a\nb",
            "~~~",
            "dir direction TB",
            "m@x",
            "é",
            "-x",
            "\"\"",
            "\"a\"\"b\"",
            "\"a\nb\"",
            "<br/>",
        ];
        const CLASSES: &[&str] = &["", "", ":::c", ":::end", ":::a-b", "::: c", ":::"];
        const LINKS: &[&str] = &[
            "-->",
            " --> ",
            "---",
            "-.->",
            " -.- ",
            "==>",
            "===",
            " <--> ",
            "--o",
            "--x",
            " o--o ",
            " -- t --> ",
            "--t-->",
            " -- \"q\" --> ",
            " -- a-b --> ",
            " == t ==> ",
            " -. t .-> ",
            "-->|t|",
            "-->|\"q\"|",
            "-->| t |",
            " --> |t| ",
            "-->|t| ",
            " -- ",
            "->",
            " ~~~ ",
            "--->",
            " x--> ",
            "-->\n",
            " --\n> ",
            " & ",
            "&",
            " &",
            " e@--> ",
            "--t@x-->",
            " == a=b ==> ",
            " -. a.b .-> ",
            " -- a--b --> ",
            " -- a\\nb --> ",
        ];
        const ENDS: &[&str] = &["", "", ";", " ", " ;", "\t", "; A", " %% c"];
        const JOINS: &[&str] = &[
            "\n",
            "\n",
            "\n  ",
            "\n\t",
            "\n\n",
            ";",
            "\nend\n",
            "\nsubgraph s\n",
            "\n  end  \n",
            "\nstyle A fill:red\n",
            "\ndirection LR\n",
            "\n-->",
            "\n o--> ",
        ];
        let mut seed: u64 = 0x51AB_1E5E_ED00_0001;
        let mut pick = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Most picks from the first few entries (the ordinary ones), so that whole plain
            // lines and valid diagrams come up often, with an odd piece here and there.
            let n = if seed % 8 != 0 { n.min(4) } else { n };
            ((seed >> 3) % n as u64) as usize
        };
        let (mut plain_seen, mut valid) = (0, 0);
        for _ in 0..20_000 {
            let mut src = String::from(["graph TD\n", "flowchart LR\n  ", "graph\n"][pick(3)]);
            for _ in 0..1 + pick(5) {
                for k in 0..1 + pick(3) {
                    if k > 0 {
                        src.push_str(LINKS[pick(LINKS.len())]);
                    }
                    src.push_str(NAMES[pick(NAMES.len())]);
                    let (open, close) = SHAPES[pick(SHAPES.len())];
                    if !open.is_empty() {
                        src.push_str(open);
                        src.push_str(TEXTS[pick(TEXTS.len())]);
                        src.push_str(close);
                    }
                    src.push_str(CLASSES[pick(CLASSES.len())]);
                }
                src.push_str(ENDS[pick(ENDS.len())]);
                src.push_str(JOINS[pick(JOINS.len())]);
            }
            assert_same_reading(&src);
            valid += usize::from(parse(&src).is_ok());
            if let Ok(pre) = preprocess::preprocess(&src) {
                plain_seen += lexer::tokenize_plain(&pre.text).map_or(0, |(t, _)| {
                    t.iter().filter(|t| t.kind == Tok::Plain).count()
                });
            }
        }
        assert!(plain_seen > 4000, "{plain_seen} plain lines generated");
        assert!(valid > 2000, "{valid} valid diagrams generated");
    }
}
