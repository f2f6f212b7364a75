//! Diagnostics for people: `file:line:col`, the line, and a caret under the spot, rustc-style.
//!
//! ```text
//! error: expected `]` to close `[` opened at 1:11, found `(`
//!  --> a.mmd:1:23
//!   |
//! 1 | graph TD; A[This is a () in text];
//!   |                       ^ unexpected here
//!   |
//!   = help: brackets and quotes inside a label need the whole label quoted: `A["f(x) [1]"]`
//! ```

use crate::parse::ParseError;
use std::fmt::Write;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Where a diagram's text came from, for locating diagnostics.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// The file name shown (`-` for standard input).
    pub name: &'a str,
    /// The diagram text.
    pub text: &'a str,
    /// Lines before the diagram in its file (a Markdown block's position), added to line numbers.
    pub line_offset: usize,
}

impl<'a> Source<'a> {
    /// A whole file.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source {
            name,
            text,
            line_offset: 0,
        }
    }

    /// 1-based line and column (in characters) of byte `at`, including the line offset.
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let at = floor_char_boundary(self.text, at.min(self.text.len()));
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line + self.line_offset, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Display width of `s`, tabs counted as 4 columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

/// Render an error (`severity` is `error` or `warning`) with its snippet.
pub fn render(
    src: &Source<'_>,
    severity: &str,
    message: &str,
    span: Range<usize>,
    label: Option<&str>,
    help: Option<&str>,
) -> String {
    let text = src.text;
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let (line_no, col) = src.line_col(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    let gutter = line_no.to_string().len();
    let pad = " ".repeat(gutter);
    let mut out = String::new();
    let _ = writeln!(out, "{severity}: {message}");
    let _ = writeln!(out, "{pad}--> {}:{line_no}:{col}", src.name);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{line_no} | {}", line.replace('\t', "    "));
    let lead = width(&text[line_start..start]);
    let caret_end = end.min(line_end);
    let carets = width(&text[start..caret_end]).max(1);
    let _ = write!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(carets));
    if let Some(l) = label {
        let _ = write!(out, " {l}");
    }
    out.push('\n');
    if let Some(h) = help {
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{pad} = help: {h}");
    }
    out
}

/// Render a [`ParseError`] as an `error:` diagnostic.
pub fn render_error(src: &Source<'_>, e: &ParseError) -> String {
    render(
        src,
        "error",
        &e.message,
        e.span.clone(),
        e.label.as_deref(),
        e.help.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_spot() {
        let src = "graph TD\n  A[x] --> 中(";
        let at = src.find('(').unwrap();
        let s = render(
            &Source::new("a.mmd", src),
            "error",
            "boom",
            at..at + 1,
            Some("here"),
            Some("fix it"),
        );
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "error: boom");
        assert_eq!(lines[1], " --> a.mmd:2:13");
        assert_eq!(lines[3], "2 |   A[x] --> 中(");
        // `中` is two columns wide, so the caret is one column further right than its char count.
        assert_eq!(lines[4], "  |              ^ here");
        assert_eq!(lines[6], "  = help: fix it");
    }

    #[test]
    fn line_offset_shifts_line_numbers() {
        let src = Source {
            name: "doc.md",
            text: "graph TD\nA=B",
            line_offset: 10,
        };
        assert_eq!(src.line_col(10), (12, 2));
    }
}
