//! Mermaid blocks in Markdown: finding them, and putting something else in their place with
//! every other byte of the document left as it was.
//!
//! A mermaid block is a CommonMark fenced code block whose info string starts with the
//! word `mermaid`: a fence of three or more backticks or tildes, indented by at most three
//! spaces, closed by a fence of the same character at least as long (indented by at most
//! three spaces, nothing after it but blanks), or by the end of the document. Content lines
//! lose as many leading spaces as the opening fence had. Fences inside other fenced code
//! blocks and inside HTML blocks (comments, `<pre>`, `<div>`, …) are not blocks.
//!
//! Only the top level of the document is read: a block inside a block quote (`> `), or in
//! a list item indented by four or more spaces, is left alone.
//!
//! ```
//! let doc = "# Title\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\nMore text.\n";
//! let blocks = mmdr::markdown::blocks(doc);
//! assert_eq!(blocks.len(), 1);
//! assert_eq!(blocks[0].source, "flowchart LR\n  A --> B\n");
//! assert_eq!(blocks[0].line, 4);
//! let out = mmdr::markdown::rewrite(doc, &blocks, |i, _| {
//!     Some(mmdr::markdown::image_link(&mmdr::markdown::default_alt(i), "doc-1.svg"))
//! });
//! assert_eq!(out, "# Title\n\n![Diagram 1](doc-1.svg)\n\nMore text.\n");
//! ```

use std::ops::Range;

/// A mermaid block of a Markdown document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The bytes the block takes in the document: from the opening fence's first character
    /// (after its indentation) to the end of the closing fence's line, without the line
    /// ending. Replace these bytes to replace the block.
    pub range: Range<usize>,
    /// Spaces before the opening fence (0 to 3).
    pub indent: usize,
    /// 1-based line of the opening fence.
    pub fence_line: usize,
    /// 1-based line of the first content line (the line after the opening fence).
    pub line: usize,
    /// The diagram: the content lines with their line endings, less the fence's indentation.
    pub source: String,
    /// The info string after the opening fence, trimmed (`mermaid`, `mermaid title="x"`, …).
    pub info: String,
    /// Whether a closing fence ends the block (otherwise the document's end does).
    pub closed: bool,
    /// The line ending of the opening fence line (`"\n"`, `"\r\n"` or `"\r"`).
    pub newline: &'static str,
    /// Where the content starts in the document.
    content_start: usize,
    /// For each content line: its offset in `source` and in the document.
    lines: Vec<(usize, usize)>,
}

impl Block {
    /// The byte of the document that byte `at` of [`Block::source`] came from (the end of
    /// the source maps to the end of the last content line).
    pub fn to_document(&self, at: usize) -> usize {
        let i = self.lines.partition_point(|&(s, _)| s <= at);
        if i == 0 {
            return self.content_start;
        }
        let (s, d) = self.lines[i - 1];
        d + (at - s)
    }

    /// A fenced code block with `info` holding `body`, to stand in this block's place: the
    /// same indentation and line endings, and a fence longer than any run of backticks in
    /// `body`. It ends with the closing fence (the document's own line ending follows).
    pub fn fenced(&self, info: &str, body: &str) -> String {
        let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat((longest + 1).max(3));
        let pad = " ".repeat(self.indent);
        let nl = self.newline;
        let mut out = String::with_capacity(body.len() + 16);
        out.push_str(&fence);
        out.push_str(info);
        out.push_str(nl);
        for line in body.lines() {
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
            out.push_str(nl);
        }
        out.push_str(&pad);
        out.push_str(&fence);
        out
    }
}

/// One line of a document: where it starts, where its text ends, where the next starts.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

fn lines(doc: &str) -> impl Iterator<Item = Line> + '_ {
    let b = doc.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= b.len() {
            return None;
        }
        let start = pos;
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n' || c == b'\r')
            .map_or(b.len(), |i| start + i);
        let next = match b.get(end) {
            Some(b'\r') if b.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        pos = next;
        Some(Line { start, end, next })
    })
}

/// Leading indentation in columns (tabs to the next multiple of 4) and bytes.
fn indentation(line: &str) -> (usize, usize) {
    let mut cols = 0;
    for (i, c) in line.bytes().enumerate() {
        match c {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            _ => return (cols, i),
        }
    }
    (cols, line.len())
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|c| c == b' ' || c == b'\t')
}

/// An opening fence: its character, length, indentation and info string.
fn opening_fence(line: &str) -> Option<(u8, usize, usize, &str)> {
    let (cols, bytes) = indentation(line);
    if cols > 3 {
        return None;
    }
    let rest = &line[bytes..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&c| c == ch).count();
    if len < 3 {
        return None;
    }
    let info = &rest[len..];
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some((ch, len, cols, info.trim_matches([' ', '\t'])))
}

fn is_closing_fence(line: &str, ch: u8, len: usize) -> bool {
    let (cols, bytes) = indentation(line);
    if cols > 3 {
        return false;
    }
    let rest = &line[bytes..];
    let run = rest.bytes().take_while(|&c| c == ch).count();
    run >= len && is_blank(&rest[run..])
}

/// How an HTML block ends: at a line holding one of these (ASCII case-insensitive), or at
/// a blank line.
#[derive(Clone, Copy)]
enum HtmlEnd {
    Contains(&'static [&'static str]),
    Blank,
}

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// CommonMark's HTML block start conditions 1 to 6 (7 cannot interrupt a paragraph, and
/// telling needs paragraph tracking; it is not read).
fn html_start(line: &str) -> Option<HtmlEnd> {
    let (cols, bytes) = indentation(line);
    if cols > 3 {
        return None;
    }
    let rest = line[bytes..].to_ascii_lowercase();
    let r = rest.as_str();
    if !r.starts_with('<') {
        return None;
    }
    let tag_end = |name_at: usize| {
        let name: String = r[name_at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let after = &r[name_at + name.len()..];
        (name, after)
    };
    for t in ["pre", "script", "style", "textarea"] {
        if let Some(after) = r[1..].strip_prefix(t) {
            if after.is_empty() || after.starts_with([' ', '\t', '>']) {
                return Some(HtmlEnd::Contains(&[
                    "</pre>",
                    "</script>",
                    "</style>",
                    "</textarea>",
                ]));
            }
        }
    }
    if r.starts_with("<!--") {
        return Some(HtmlEnd::Contains(&["-->"]));
    }
    if r.starts_with("<?") {
        return Some(HtmlEnd::Contains(&["?>"]));
    }
    if r.starts_with("<![cdata[") {
        return Some(HtmlEnd::Contains(&["]]>"]));
    }
    if r.len() > 2 && r.starts_with("<!") && r.as_bytes()[2].is_ascii_alphabetic() {
        return Some(HtmlEnd::Contains(&[">"]));
    }
    let name_at = if r.starts_with("</") { 2 } else { 1 };
    let (name, after) = tag_end(name_at);
    if BLOCK_TAGS.contains(&name.as_str())
        && (after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>"))
    {
        return Some(HtmlEnd::Blank);
    }
    None
}

fn html_ends(end: HtmlEnd, line: &str) -> bool {
    match end {
        HtmlEnd::Blank => is_blank(line),
        HtmlEnd::Contains(needles) => {
            let l = line.to_ascii_lowercase();
            needles.iter().any(|n| l.contains(n))
        }
    }
}

/// Whether an info string names mermaid (its first word is `mermaid`).
fn is_mermaid(info: &str) -> bool {
    info.split([' ', '\t']).next() == Some("mermaid")
}

/// Every mermaid block of `doc`, in document order.
pub fn blocks(doc: &str) -> Vec<Block> {
    enum State {
        Text,
        Html(HtmlEnd),
        Fence {
            ch: u8,
            len: usize,
            block: Option<Block>,
        },
    }
    let mut out = Vec::new();
    let mut state = State::Text;
    for (n, l) in lines(doc).enumerate() {
        let line_no = n + 1;
        let text = &doc[l.start..l.end];
        state = match state {
            State::Text => {
                if let Some((ch, len, indent, info)) = opening_fence(text) {
                    let block = is_mermaid(info).then(|| Block {
                        range: l.start + indent..l.end,
                        indent,
                        fence_line: line_no,
                        line: line_no + 1,
                        source: String::new(),
                        info: info.to_string(),
                        closed: false,
                        newline: match &doc[l.end..l.next] {
                            "\r\n" => "\r\n",
                            "\r" => "\r",
                            _ => "\n",
                        },
                        content_start: l.next,
                        lines: Vec::new(),
                    });
                    State::Fence { ch, len, block }
                } else if let Some(end) = html_start(text) {
                    if matches!(end, HtmlEnd::Contains(_)) && html_ends(end, text) {
                        State::Text
                    } else {
                        State::Html(end)
                    }
                } else {
                    State::Text
                }
            }
            State::Html(end) => {
                if html_ends(end, text) {
                    State::Text
                } else {
                    State::Html(end)
                }
            }
            State::Fence { ch, len, mut block } => {
                if is_closing_fence(text, ch, len) {
                    if let Some(mut b) = block {
                        b.range.end = l.end;
                        b.closed = true;
                        out.push(b);
                    }
                    State::Text
                } else {
                    if let Some(b) = &mut block {
                        // Content lines lose up to the fence's indentation in spaces.
                        let strip = doc.as_bytes()[l.start..l.end]
                            .iter()
                            .take(b.indent)
                            .take_while(|&&c| c == b' ')
                            .count();
                        b.lines.push((b.source.len(), l.start + strip));
                        b.source.push_str(&doc[l.start + strip..l.next]);
                        b.range.end = l.end;
                    }
                    State::Fence { ch, len, block }
                }
            }
        };
    }
    if let State::Fence { block: Some(b), .. } = state {
        out.push(b);
    }
    out
}

/// `doc` with each block replaced by what `replace` gives for it (`i` counts from 1), or
/// left as it is where `replace` gives `None`. Everything between blocks is copied byte for
/// byte.
pub fn rewrite(
    doc: &str,
    blocks: &[Block],
    mut replace: impl FnMut(usize, &Block) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut at = 0;
    for (i, b) in blocks.iter().enumerate() {
        out.push_str(&doc[at..b.range.start]);
        match replace(i + 1, b) {
            Some(r) => out.push_str(&r),
            None => out.push_str(&doc[b.range.clone()]),
        }
        at = b.range.end;
    }
    out.push_str(&doc[at..]);
    out
}

/// The alt text of the `n`th diagram of a document that has no title: `Diagram n`.
pub fn default_alt(n: usize) -> String {
    format!("Diagram {n}")
}

/// A Markdown image, `![alt](target)`: the alt text on one line with the characters that
/// would change its meaning escaped, the target percent-encoded where needed.
pub fn image_link(alt: &str, target: &str) -> String {
    let mut out = String::with_capacity(alt.len() + target.len() + 8);
    out.push_str("![");
    let mut last_space = false;
    for c in alt.trim().chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if matches!(c, '\\' | '[' | ']' | '<' | '>' | '`' | '*' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str("](");
    for &b in target.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(doc: &str) -> Vec<String> {
        blocks(doc).into_iter().map(|b| b.source).collect()
    }

    #[test]
    fn backticks_and_tildes() {
        let doc = "```mermaid\nA\n```\n~~~mermaid\nB\n~~~\n````mermaid\nC\n```\n````\n";
        assert_eq!(sources(doc), ["A\n", "B\n", "C\n```\n"]);
    }

    #[test]
    fn closing_fence_rules() {
        // Shorter, other character, text after: not a close.
        let doc = "````mermaid\nA\n```\n~~~~\n```` x\n`````  \nafter\n";
        let b = blocks(doc);
        assert_eq!(b[0].source, "A\n```\n~~~~\n```` x\n");
        assert!(b[0].closed);
        assert_eq!(
            &doc[b[0].range.clone()],
            &doc[..doc.find("\nafter").unwrap()]
        );
    }

    #[test]
    fn indentation_is_stripped_and_mapped() {
        let doc = "x\n  ```mermaid\n  flowchart LR\n    A\n B\n  ```\n";
        let b = &blocks(doc)[0];
        assert_eq!(b.indent, 2);
        assert_eq!(b.source, "flowchart LR\n  A\nB\n");
        assert_eq!(b.line, 3);
        assert_eq!(b.fence_line, 2);
        let a = b.source.find('A').unwrap();
        assert_eq!(&doc[b.to_document(a)..b.to_document(a) + 1], "A");
        let bb = b.source.find('B').unwrap();
        assert_eq!(&doc[b.to_document(bb)..b.to_document(bb) + 1], "B");
        assert_eq!(b.range.start, doc.find("```").unwrap());
    }

    #[test]
    fn four_spaces_is_not_a_fence() {
        assert!(blocks("    ```mermaid\n    A\n    ```\n").is_empty());
        assert!(blocks("\t```mermaid\nA\n```\n").is_empty());
    }

    #[test]
    fn other_fences_and_html_hide_mermaid() {
        let doc = "````markdown\n```mermaid\nA\n```\n````\n<!--\n```mermaid\nB\n```\n-->\n\
                   <div>\n```mermaid\nC\n```\n\n```mermaid\nD\n```\n";
        assert_eq!(sources(doc), ["D\n"]);
    }

    #[test]
    fn info_string() {
        assert_eq!(sources("```mermaid title=x\nA\n```\n"), ["A\n"]);
        assert!(sources("```mermaidx\nA\n```\n").is_empty());
        assert!(sources("```Mermaid\nA\n```\n").is_empty());
        // A backtick fence's info string cannot hold a backtick: that is inline code.
        assert!(sources("```mermaid`\nA\n```\n").is_empty());
        assert_eq!(sources("~~~mermaid `x`\nA\n~~~\n"), ["A\n"]);
    }

    #[test]
    fn unclosed_block_runs_to_the_end() {
        let doc = "```mermaid\nA\nB\n";
        let b = &blocks(doc)[0];
        assert!(!b.closed);
        assert_eq!(b.source, "A\nB\n");
        assert_eq!(b.range, 0..doc.len() - 1);
    }

    #[test]
    fn crlf_passes_through() {
        let doc = "a\r\n```mermaid\r\nflowchart LR\r\n```\r\nb\r\n";
        let b = blocks(doc);
        assert_eq!(b[0].newline, "\r\n");
        assert_eq!(b[0].source, "flowchart LR\r\n");
        let out = rewrite(doc, &b, |_, b| Some(b.fenced("text", "x\ny\n")));
        assert_eq!(out, "a\r\n```text\r\nx\r\ny\r\n```\r\nb\r\n");
    }

    #[test]
    fn fenced_outgrows_backticks_and_keeps_indent() {
        let doc = "  ```mermaid\n  A\n  ```\n";
        let b = blocks(doc);
        let out = rewrite(doc, &b, |_, b| Some(b.fenced("text", "a ``` b\n\nc")));
        assert_eq!(out, "  ````text\n  a ``` b\n\n  c\n  ````\n");
    }

    #[test]
    fn links_escape() {
        assert_eq!(
            image_link(" A [b]\nc\\d ", "my doc-1.svg"),
            "![A \\[b\\] c\\\\d](my%20doc-1.svg)"
        );
    }

    #[test]
    fn rewrite_keeps_failed_blocks() {
        let doc = "x\n```mermaid\nA\n```\ny\n```mermaid\nB\n```";
        let b = blocks(doc);
        let out = rewrite(doc, &b, |i, _| (i == 2).then(|| "IMG".to_string()));
        assert_eq!(out, "x\n```mermaid\nA\n```\ny\nIMG");
    }
}
