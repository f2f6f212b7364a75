//! Labels as styled lines: what measurement and the renderers draw.
//!
//! A markdown string (`` "`**bold** _it_`" ``) becomes bold and italic runs with
//! its newlines kept; an HTML label becomes runs from `<b>`, `<strong>`, `<i>`,
//! `<em>` with `<br>` as line breaks. Long lines wrap at spaces to a maximum
//! width, as mermaid's labels do (200px by default).

use super::{decode_entities, pieces, Piece};
use crate::graph::{Label, LabelKind};

/// A run of text in one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

/// One line of runs.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Line {
    /// The runs, left to right.
    pub runs: Vec<Run>,
}

impl Line {
    /// The plain text of the line.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    fn push(&mut self, text: &str, bold: bool, italic: bool) {
        if text.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some(r) if r.bold == bold && r.italic == italic => r.text.push_str(text),
            _ => self.runs.push(Run {
                text: text.to_string(),
                bold,
                italic,
            }),
        }
    }
}

/// A label as lines of styled runs.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RichText {
    /// The lines, top to bottom (an empty label has none).
    pub lines: Vec<Line>,
}

impl RichText {
    /// The styled lines of a label.
    pub fn from_label(label: &Label) -> RichText {
        match label.kind {
            LabelKind::Markdown => markdown(label.text()),
            // Plain text needs no parsing.
            _ if !label.html().contains(['<', '&', '\n']) => RichText::plain(label.html()),
            _ => html(label.html()),
        }
    }

    /// Plain text, one style, split at newlines.
    pub fn plain(text: &str) -> RichText {
        if text.is_empty() {
            return RichText::default();
        }
        let lines = text
            .split('\n')
            .map(|l| {
                let mut line = Line::default();
                line.push(l, false, false);
                line
            })
            .collect();
        RichText { lines }
    }

    /// The label as a browser draws it for mermaid: a written `\n` (backslash, `n`) also
    /// breaks the line (mermaid 12.3 does so in every look).
    pub fn drawn(label: &Label) -> RichText {
        let rich = RichText::from_label(label);
        if !label.html().contains("\\n") {
            return rich;
        }
        let mut lines = Vec::with_capacity(rich.lines.len() + 1);
        for line in rich.lines {
            let mut current = Line::default();
            for run in line.runs {
                for (k, part) in run.text.split("\\n").enumerate() {
                    if k > 0 {
                        lines.push(std::mem::take(&mut current));
                    }
                    current.push(part, run.bold, run.italic);
                }
            }
            lines.push(current);
        }
        RichText { lines }
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.runs.iter().all(|r| r.text.trim().is_empty()))
    }

    /// Break lines wider than `max_width` at spaces (a word wider than that stays whole) and,
    /// with `hyphens`, after a hyphen inside a word, as browsers do (not before a digit).
    /// `width(text, bold, italic)` measures a run.
    pub fn wrap(
        &self,
        max_width: f64,
        width: &dyn Fn(&str, bool, bool) -> f64,
        hyphens: bool,
    ) -> RichText {
        let mut out = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
            let total: f64 = line
                .runs
                .iter()
                .map(|r| width(&r.text, r.bold, r.italic))
                .sum();
            if total <= max_width {
                out.push(line.clone());
                continue;
            }
            // Words keep their style; a word may span runs (`**bo**ld`), so split on spaces per run.
            let mut current = Line::default();
            let mut current_w = 0.0;
            let space_w = width(" ", false, false);
            for run in &line.runs {
                for (k, word) in run.text.split(' ').enumerate() {
                    for (j, piece) in word_pieces(word, hyphens).enumerate() {
                        // Before a piece: a space between words, or a break after a hyphen.
                        let spaced = k > 0 && j == 0;
                        let w = width(piece, run.bold, run.italic);
                        let gap = if spaced { space_w } else { 0.0 };
                        if (spaced || j > 0) && current_w > 0.0 && current_w + gap + w > max_width {
                            out.push(std::mem::take(&mut current));
                            current_w = 0.0;
                        } else if spaced && current_w > 0.0 {
                            current.push(" ", run.bold, run.italic);
                            current_w += space_w;
                        }
                        current.push(piece, run.bold, run.italic);
                        current_w += w;
                    }
                }
            }
            if !current.runs.is_empty() {
                out.push(current);
            }
        }
        RichText { lines: out }
    }
}

/// A word cut after each hyphen a line may break at (with `hyphens`): one inside the word,
/// not followed by a digit or another hyphen (Unicode line breaking, class HY).
fn word_pieces(word: &str, hyphens: bool) -> impl Iterator<Item = &str> {
    let mut rest = Some(word);
    std::iter::from_fn(move || {
        let w = rest?;
        let b = w.as_bytes();
        let cut = hyphens
            .then(|| {
                (1..b.len().saturating_sub(1)).find(|&i| {
                    b[i] == b'-'
                        && b[i - 1] != b'-'
                        && !b[i + 1].is_ascii_digit()
                        && b[i + 1] != b'-'
                })
            })
            .flatten();
        match cut {
            Some(i) => {
                rest = Some(&w[i + 1..]);
                Some(&w[..=i])
            }
            None => {
                rest = None;
                Some(w)
            }
        }
    })
}

/// An HTML label: `<b>`/`<strong>` bold, `<i>`/`<em>` italic, `<br>` and newlines break lines.
fn html(s: &str) -> RichText {
    let mut lines = vec![Line::default()];
    let (mut bold, mut italic) = (0u32, 0u32);
    for piece in pieces(s) {
        match piece {
            Piece::Text(t) => {
                let t = decode_entities(t);
                for (k, part) in t.split('\n').enumerate() {
                    if k > 0 {
                        lines.push(Line::default());
                    }
                    lines
                        .last_mut()
                        .expect("never empty")
                        .push(part, bold > 0, italic > 0);
                }
            }
            Piece::Start { name, .. } => match name.as_str() {
                "br" => lines.push(Line::default()),
                "b" | "strong" => bold += 1,
                "i" | "em" => italic += 1,
                _ => {}
            },
            Piece::End(name) => match name.as_str() {
                "b" | "strong" => bold = bold.saturating_sub(1),
                "i" | "em" => italic = italic.saturating_sub(1),
                _ => {}
            },
        }
    }
    finish(lines)
}

/// Drop a label that is entirely blank; keep inner blank lines.
fn finish(lines: Vec<Line>) -> RichText {
    if lines.iter().all(|l| l.runs.is_empty()) {
        return RichText::default();
    }
    RichText { lines }
}

/// A markdown string: each line trimmed, blanks collapsed, `**`/`__` bold, `*`/`_` italic.
fn markdown(s: &str) -> RichText {
    let lines = s
        .split('\n')
        .map(|raw| {
            let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            markdown_line(&collapsed)
        })
        .collect();
    finish(lines)
}

/// Inline markdown of one line. Unpaired markers stay as text; `_` only counts at word edges.
fn markdown_line(s: &str) -> Line {
    // Find marker positions that have a partner, then emit runs between them.
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut markers: Vec<(usize, usize, bool)> = Vec::new(); // (position, length, is_bold)
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c == '*' || c == '_' {
            let double = i + 1 < n && chars[i + 1] == c;
            let len = if double { 2 } else { 1 };
            let before = if i == 0 { ' ' } else { chars[i - 1] };
            let after = chars.get(i + len).copied().unwrap_or(' ');
            let word_edge = !before.is_alphanumeric() || !after.is_alphanumeric();
            if c == '*' || word_edge {
                markers.push((i, len, double));
            }
            i += len;
        } else {
            i += 1;
        }
    }
    // Pair markers of the same kind and length, innermost first (a simple stack per kind).
    let mut paired = vec![false; markers.len()];
    let mut open: Vec<usize> = Vec::new();
    for k in 0..markers.len() {
        let (pos, len, _) = markers[k];
        let ch = chars[pos];
        if let Some(j) = open
            .iter()
            .rposition(|&o| chars[markers[o].0] == ch && markers[o].1 == len)
        {
            let o = open[j];
            // Opening must be followed by, and closing preceded by, non-blank text.
            let inner_ok = markers[o].0 + markers[o].1 < pos
                && !chars[markers[o].0 + markers[o].1].is_whitespace()
                && !chars[pos - 1].is_whitespace();
            if inner_ok {
                paired[o] = true;
                paired[k] = true;
                open.truncate(j);
                continue;
            }
        }
        open.push(k);
    }
    let mut line = Line::default();
    let (mut bold, mut italic) = (false, false);
    let mut text = String::new();
    let mut pos = 0;
    for (k, &(mpos, len, is_bold)) in markers.iter().enumerate() {
        if !paired[k] {
            continue;
        }
        text.extend(&chars[pos..mpos]);
        line.push(&text, bold, italic);
        text.clear();
        if is_bold {
            bold = !bold;
        } else {
            italic = !italic;
        }
        pos = mpos + len;
    }
    text.extend(&chars[pos..]);
    line.push(&text, bold, italic);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(rt: &RichText) -> Vec<Vec<(&str, bool, bool)>> {
        rt.lines
            .iter()
            .map(|l| {
                l.runs
                    .iter()
                    .map(|r| (r.text.as_str(), r.bold, r.italic))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn markdown_bold_italic_and_lines() {
        let rt = markdown("This **is** _Markdown_\n    Line 2");
        assert_eq!(
            runs(&rt),
            vec![
                vec![
                    ("This ", false, false),
                    ("is", true, false),
                    (" ", false, false),
                    ("Markdown", false, true)
                ],
                vec![("Line 2", false, false)]
            ]
        );
    }

    #[test]
    fn markdown_keeps_unpaired_and_inner_underscores() {
        assert_eq!(
            runs(&markdown("snake_case and 2*3")),
            vec![vec![("snake_case and 2*3", false, false)]]
        );
        assert_eq!(
            runs(&markdown("**bold")),
            vec![vec![("**bold", false, false)]]
        );
    }

    #[test]
    fn html_tags_and_breaks() {
        let rt = html("a <b>b</b><br>c &amp; <i>d</i>");
        assert_eq!(
            runs(&rt),
            vec![
                vec![("a ", false, false), ("b", true, false)],
                vec![("c & ", false, false), ("d", false, true)]
            ]
        );
    }

    #[test]
    fn plain_labels_read_as_html_would() {
        for s in ["", " ", "A", " padded ", "two words", "ünïcödé ✓"] {
            assert_eq!(RichText::from_label(&Label::plain(s)), html(s), "{s:?}");
        }
    }

    #[test]
    fn written_backslash_n_breaks_a_drawn_label() {
        let l = Label::from_html("one\\ntwo", LabelKind::String);
        assert_eq!(RichText::from_label(&l).lines.len(), 1);
        let drawn = RichText::drawn(&l);
        let texts: Vec<String> = drawn.lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["one", "two"]);
        let md = Label::from_html("**a**\\nb", LabelKind::Markdown);
        assert_eq!(
            runs(&RichText::drawn(&md)),
            vec![vec![("a", true, false)], vec![("b", false, false)]]
        );
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        let rt = RichText::plain("aaa bbb ccc ddd");
        let w = |s: &str, _: bool, _: bool| s.chars().count() as f64;
        let wrapped = rt.wrap(7.0, &w, false);
        assert_eq!(
            wrapped.lines.iter().map(Line::text).collect::<Vec<_>>(),
            ["aaa bbb", "ccc ddd"]
        );
        // A word longer than the width stays whole.
        assert_eq!(
            RichText::plain("abcdefghij k")
                .wrap(5.0, &w, false)
                .lines
                .len(),
            2
        );
        // After a hyphen inside a word, as a browser breaks, but not before a digit.
        let lines = |s: &str, hy: bool| -> Vec<String> {
            let r = RichText::plain(s).wrap(12.0, &w, hy);
            r.lines.iter().map(Line::text).collect()
        };
        assert_eq!(
            lines("hypershift-community/x", true),
            ["hypershift-", "community/x"]
        );
        assert_eq!(
            lines("hypershift-community/x", false),
            ["hypershift-community/x"]
        );
        assert_eq!(
            lines("release-1234567890123", true),
            ["release-1234567890123"]
        );
    }
}
