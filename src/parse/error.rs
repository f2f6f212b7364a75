//! The one error type of reading a diagram: where, what was expected, what was found.

use std::fmt;
use std::ops::Range;

/// Why a diagram was rejected, located in the text the user wrote.
///
/// Produced by every stage that can refuse input (preprocessing, lexing,
/// parsing, lowering); rendered for people by [`crate::diag::render`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte range in the original source the error is about (may be empty).
    pub span: Range<usize>,
    /// One-line summary, e.g. "expected `]` to close the label".
    pub message: String,
    /// Short text shown under the caret, e.g. "`(` starts a new shape here".
    pub label: Option<String>,
    /// A hint on how to fix it.
    pub help: Option<String>,
    /// What kind of failure this is (stable, for tools and tests).
    pub kind: ErrorKind,
    /// Where the construct the message says was left open starts (original-source byte),
    /// when the message names its `line:col` ("… opened at 2:6 …").
    pub opened_at: Option<usize>,
}

/// Stable classification of errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not a flowchart (no `flowchart`/`graph` header).
    NotAFlowchart,
    /// A character no token starts with.
    Lexical,
    /// The tokens do not follow the grammar.
    Syntax,
    /// Front matter, directive or `@{ … }` data that does not read as YAML/JSON.
    Data,
    /// Well-formed but refused by mermaid's rules (unknown shape, linkStyle index out of range, …).
    Semantic,
}

impl ParseError {
    /// A new error of `kind` at `span` (original-source bytes).
    pub fn new(kind: ErrorKind, span: Range<usize>, message: impl Into<String>) -> Self {
        ParseError {
            span,
            message: message.into(),
            label: None,
            help: None,
            kind,
            opened_at: None,
        }
    }

    /// The same error for a diagram that sits inside a larger text (a Markdown block):
    /// `map` turns a byte offset of `source` (the diagram) into one of `text`, and the span
    /// and any `line:col` in the message follow.
    pub fn relocate(&self, source: &str, text: &str, map: impl Fn(usize) -> usize) -> Self {
        let mut e = self.clone();
        e.span = map(e.span.start)..map(e.span.end.max(e.span.start));
        if let Some(o) = e.opened_at {
            let (l, c) = line_col(source, o);
            let to = map(o);
            let (nl, nc) = line_col(text, to);
            e.message = e.message.replacen(
                &format!("opened at {l}:{c}"),
                &format!("opened at {nl}:{nc}"),
                1,
            );
            e.opened_at = Some(to);
        }
        e
    }

    /// Attach the text shown under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Attach a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// 1-based line and column (in characters) of byte `at` of `src`, as messages show them.
pub(crate) fn line_col(src: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}
