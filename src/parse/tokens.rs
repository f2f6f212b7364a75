//! The token stream as a nom input, and the error type the grammar reports.

use super::lexer::{PlainStmts, Tok, Token};
use nom::error::{ErrorKind as NomKind, ParseError as NomParseError};
use nom::{Input, Needed};

/// Tokens still to parse, with the text they point into.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Toks<'a> {
    /// The remaining tokens.
    pub toks: &'a [Token],
    /// Index of `toks[0]` in the whole stream.
    pub pos: usize,
    /// The preprocessed text.
    pub text: &'a str,
    /// The statements of the [`Tok::Plain`] tokens.
    pub plain: &'a PlainStmts,
}

impl<'a> Toks<'a> {
    /// The next token (the stream always ends with `EndOfInput`, which is never consumed).
    pub fn peek(&self) -> Token {
        self.toks.first().copied().unwrap_or(Token {
            kind: Tok::EndOfInput,
            start: self.text.len() as u32,
            end: self.text.len() as u32,
        })
    }

    /// The kind of the token `n` ahead.
    pub fn kind_at(&self, n: usize) -> Tok {
        self.toks.get(n).map_or(Tok::EndOfInput, |t| t.kind)
    }

    /// The text of token `t`.
    pub fn text_of(&self, t: Token) -> &'a str {
        &self.text[t.start as usize..t.end as usize]
    }

    /// Skip `n` tokens.
    pub fn advance(&self, n: usize) -> Self {
        let n = n.min(self.toks.len());
        Toks {
            toks: &self.toks[n..],
            pos: self.pos + n,
            text: self.text,
            plain: self.plain,
        }
    }
}

impl<'a> Input for Toks<'a> {
    type Item = Token;
    type Iter = std::iter::Copied<std::slice::Iter<'a, Token>>;
    type IterIndices = std::iter::Enumerate<Self::Iter>;

    fn input_len(&self) -> usize {
        self.toks.len()
    }
    fn take(&self, index: usize) -> Self {
        Toks {
            toks: &self.toks[..index],
            pos: self.pos,
            text: self.text,
            plain: self.plain,
        }
    }
    fn take_from(&self, index: usize) -> Self {
        self.advance(index)
    }
    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }
    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.toks.iter().position(|t| predicate(*t))
    }
    fn iter_elements(&self) -> Self::Iter {
        self.toks.iter().copied()
    }
    fn iter_indices(&self) -> Self::IterIndices {
        self.iter_elements().enumerate()
    }
    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.toks.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.toks.len()))
        }
    }
}

/// A set of token kinds, for "expected one of …".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TokSet(u128);

impl TokSet {
    /// The set holding `kinds`.
    pub const fn of(kinds: &[Tok]) -> Self {
        let mut m = 0u128;
        let mut i = 0;
        while i < kinds.len() {
            m |= 1u128 << kinds[i] as u32;
            i += 1;
        }
        TokSet(m)
    }
    /// Whether `k` is in the set.
    #[inline]
    pub fn has(self, k: Tok) -> bool {
        self.0 & (1u128 << k as u32) != 0
    }
    /// Union.
    pub fn with(self, other: TokSet) -> Self {
        TokSet(self.0 | other.0)
    }
}

/// Why the grammar stopped: the token where it failed and what would have been accepted there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PError {
    /// Index of the offending token.
    pub pos: usize,
    /// Token kinds that would have been accepted.
    pub expected: TokSet,
    /// Index of the bracket (or other opener) this error is inside, for "to close … opened here".
    pub open: Option<usize>,
    /// A fixed message overriding the generated one.
    pub note: Option<&'static str>,
}

impl PError {
    /// At the first token of `i`, expecting `expected`.
    pub fn at(i: &Toks<'_>, expected: TokSet) -> Self {
        PError {
            pos: i.pos,
            expected,
            open: None,
            note: None,
        }
    }
}

impl<'a> NomParseError<Toks<'a>> for PError {
    fn from_error_kind(input: Toks<'a>, _kind: NomKind) -> Self {
        PError::at(&input, TokSet::default())
    }
    fn append(_input: Toks<'a>, _kind: NomKind, other: Self) -> Self {
        other
    }
    /// Keep the error that got furthest; at the same token, merge what was expected.
    fn or(self, other: Self) -> Self {
        match self.pos.cmp(&other.pos) {
            std::cmp::Ordering::Greater => self,
            std::cmp::Ordering::Less => other,
            std::cmp::Ordering::Equal => PError {
                pos: self.pos,
                expected: self.expected.with(other.expected),
                open: self.open.or(other.open),
                note: self.note.or(other.note),
            },
        }
    }
}

/// Result of a grammar function.
pub(crate) type PResult<'a, O> = nom::IResult<Toks<'a>, O, PError>;
