//! Rectangles of lines that read as a node's outer border (pure ASCII).
//!
//! In ASCII every corner, junction and crossing is a `+`, so two lines crossing two others
//! (or a frame's sides) close a rectangle. When such a rectangle holds one node box and
//! nothing else a reader would read as text, it reads as that node's double border (as a
//! subroutine's), and every line touching it as attached to the node: edges that are not
//! there. Box drawing has no such rectangles: a crossing `┼` is no corner.
//!
//! The test reads the drawing as a person (and `../shared/tools/ascii_read`) does: a
//! rectangle is any closed run of border characters with a corner character at each
//! corner; its own text is what is inside it and in no smaller rectangle, lines excepted.

use super::glyphs;
use super::grid::{CellRect, Grid, Kind};

/// How many steps the search may take (a dense drawing holds many crossings, and the
/// candidates grow with their square): past this the drawing is taken as it is.
const MAX_WORK: usize = 20_000_000;

/// A rectangle of the drawing, inclusive bounds: `(top, left, bottom, right)`.
type Rect = (usize, usize, usize, usize);

/// A rectangle of lines that would read as the outer border of one of `nodes` (each node's
/// box as drawn), or as the frame of one of `frames` (a rectangle inside a frame round all
/// the boxes it holds: the subgraph's border, drawn twice). Checked on ASCII drawings only.
pub fn misleading(g: &Grid, nodes: &[CellRect], frames: &[CellRect]) -> Option<CellRect> {
    if !g.ascii {
        return None;
    }
    let shown = Shown::of(g);
    let mut work = 0;
    let rects = rectangles(&shown, &mut work)?;
    let as_rect = |r: &CellRect| (r.y0 as usize, r.x0 as usize, r.y1 as usize, r.x1 as usize);
    let on_grid = |r: &&CellRect| r.x0 >= 0 && r.y0 >= 0;
    let nodes: Vec<Rect> = nodes.iter().filter(on_grid).map(as_rect).collect();
    let frames: Vec<Rect> = frames.iter().filter(on_grid).map(as_rect).collect();
    let found = |(r0, c0, r1, c1): Rect| {
        Some(CellRect {
            x0: c0 as isize,
            y0: r0 as isize,
            x1: c1 as isize,
            y1: r1 as isize,
        })
    };
    for &outer in &rects {
        if nodes.contains(&outer) || frames.contains(&outer) {
            continue;
        }
        let round_a_frame = frames.iter().any(|&f| {
            let mut held = nodes.iter().filter(|&&n| contains(f, n)).peekable();
            contains(f, outer) && held.peek().is_some() && held.all(|&n| contains(outer, n))
        });
        if round_a_frame {
            return found(outer);
        }
        let mut inside = nodes.iter().filter(|&&n| contains(outer, n));
        if inside.next().is_none() || inside.next().is_some() {
            continue;
        }
        match has_own_text(&shown, &rects, &nodes, outer, &mut work) {
            Some(false) => return found(outer),
            Some(true) => {}
            None => return None,
        }
    }
    None
}

/// The drawing as characters, row by row (the second column of a wide character as a
/// non-blank placeholder: it is text).
struct Shown {
    w: usize,
    h: usize,
    chars: Vec<char>,
}

impl Shown {
    fn of(g: &Grid) -> Shown {
        let chars = g
            .cells
            .iter()
            .map(|c| match (c.kind, c.ch) {
                (Kind::Wide, _) => '\u{fffd}',
                (_, '\0') if c.bits == 0 => ' ',
                (_, '\0') => glyphs::line(c.bits, c.h, c.v, true),
                (_, ch) => ch,
            })
            .collect();
        Shown {
            w: g.w,
            h: g.h,
            chars,
        }
    }

    /// The character at row `r`, column `c` (blank off the drawing).
    fn at(&self, r: usize, c: usize) -> char {
        if r < self.h && c < self.w {
            self.chars[r * self.w + c]
        } else {
            ' '
        }
    }
}

/// Corner and side characters of a pure-ASCII box, as a reader takes them.
fn top_left(ch: char) -> bool {
    matches!(ch, '+' | '/' | '.' | '<' | '|')
}
fn top_right(ch: char) -> bool {
    matches!(ch, '+' | '\\' | '.' | '>' | '|')
}
fn bottom_left(ch: char) -> bool {
    matches!(ch, '+' | '\\' | '\'' | '`' | '<' | '|')
}
fn bottom_right(ch: char) -> bool {
    matches!(ch, '+' | '/' | '\'' | '>' | '|')
}
fn horizontal(ch: char) -> bool {
    matches!(ch, '-' | '=' | '.' | '~' | '_' | '+' | '^' | 'v')
}
fn vertical(ch: char) -> bool {
    matches!(ch, '|' | ':' | '!' | '+' | '/' | '\\' | '<' | '>')
}

/// Every rectangle: from each top-left corner, each top-right corner along its top side,
/// and for that pair the first row closing it. `None` past [`MAX_WORK`].
fn rectangles(s: &Shown, work: &mut usize) -> Option<Vec<Rect>> {
    let mut out = Vec::new();
    for r in 0..s.h {
        for c in 0..s.w {
            if !top_left(s.at(r, c)) || !horizontal(s.at(r, c + 1)) || !vertical(s.at(r + 1, c)) {
                continue;
            }
            let mut c2 = c + 1;
            loop {
                let ch = s.at(r, c2);
                if !horizontal(ch) && !top_right(ch) {
                    break;
                }
                if top_right(ch) && c2 >= c + 2 && vertical(s.at(r + 1, c2)) {
                    if let Some(r2) = closing_row(s, r, c, c2, work) {
                        out.push((r, c, r2, c2));
                    }
                }
                *work += 1;
                if *work > MAX_WORK {
                    return None;
                }
                if !horizontal(ch) {
                    break;
                }
                c2 += 1;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// The first row below `r` closing a rectangle between columns `c` and `c2`.
fn closing_row(s: &Shown, r: usize, c: usize, c2: usize, work: &mut usize) -> Option<usize> {
    let mut r2 = r + 1;
    loop {
        let (a, b) = (s.at(r2, c), s.at(r2, c2));
        *work += c2 - c;
        if bottom_left(a)
            && bottom_right(b)
            && r2 >= r + 2
            && (c + 1..c2).all(|x| horizontal(s.at(r2, x)))
        {
            return Some(r2);
        }
        if !(vertical(a) && vertical(b)) {
            return None;
        }
        r2 += 1;
    }
}

/// Whether `outer` holds `inner` (touching allowed, not the same rectangle).
fn contains(outer: Rect, inner: Rect) -> bool {
    outer != inner
        && outer.0 <= inner.0
        && outer.1 <= inner.1
        && outer.2 >= inner.2
        && outer.3 >= inner.3
}

/// Whether anything inside `outer` and in no smaller rectangle (or node box) is text: a
/// character other than a blank, `|` or `+` (a reader skips those between words). `None`
/// past [`MAX_WORK`].
fn has_own_text(
    s: &Shown,
    rects: &[Rect],
    nodes: &[Rect],
    outer: Rect,
    work: &mut usize,
) -> Option<bool> {
    let (r0, c0, r1, c1) = outer;
    if r1 < r0 + 2 || c1 < c0 + 2 {
        return Some(false);
    }
    let (h, w) = (r1 - r0 - 1, c1 - c0 - 1);
    let mut covered = vec![false; h * w];
    for &n in rects.iter().chain(nodes) {
        if !contains(outer, n) {
            continue;
        }
        for r in n.0.max(r0 + 1)..=n.2.min(r1 - 1) {
            for c in n.1.max(c0 + 1)..=n.3.min(c1 - 1) {
                covered[(r - r0 - 1) * w + (c - c0 - 1)] = true;
            }
        }
        *work += (n.2 - n.0 + 1) * (n.3 - n.1 + 1);
        if *work > MAX_WORK {
            return None;
        }
    }
    for r in r0 + 1..r1 {
        for c in c0 + 1..c1 {
            if !covered[(r - r0 - 1) * w + (c - c0 - 1)] && !matches!(s.at(r, c), ' ' | '|' | '+') {
                return Some(true);
            }
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grid showing `art` (ASCII), every character a fixed one.
    fn grid(art: &str) -> Grid {
        let lines: Vec<&str> = art.lines().collect();
        let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
        let mut g = Grid::new(w, lines.len() + 2);
        g.ascii = true;
        for (y, line) in lines.iter().enumerate() {
            for (x, ch) in line.chars().enumerate() {
                if ch != ' ' {
                    g.put(x as isize + 1, y as isize + 1, ch);
                }
            }
        }
        g
    }

    fn node(x0: isize, y0: isize, x1: isize, y1: isize) -> CellRect {
        CellRect { x0, y0, x1, y1 }
    }

    /// Two horizontal lines crossing two vertical ones round box A, with `inside` written
    /// on the row under the box's text, within the lines.
    fn box_ringed_by_lines(inside: &str) -> Grid {
        let art = format!(
            "  |         |\n--+---------+--\n  |  +---+  |\n  |  | A |  |\n  |  +---+{inside:<2}|\n--+---------+--\n  |         |"
        );
        grid(&art)
    }

    #[test]
    fn lines_closed_round_one_box_read_as_its_border_unless_text_is_inside() {
        let a = node(6, 3, 10, 5);
        assert_eq!(
            misleading(&box_ringed_by_lines(""), &[a], &[]),
            Some(node(3, 2, 13, 6))
        );
        // An edge label within the lines: a reader sees text, not a border.
        assert_eq!(misleading(&box_ringed_by_lines("go"), &[a], &[]), None);
    }

    #[test]
    fn a_rectangle_round_two_boxes_is_no_border() {
        let art = "\
--+---------------+--
  |  +---+ +---+  |
  |  | A | | B |  |
  |  +---+ +---+  |
--+---------------+--";
        let g = grid(art);
        assert_eq!(
            misleading(&g, &[node(6, 2, 10, 4), node(12, 2, 16, 4)], &[]),
            None
        );
    }

    #[test]
    fn lines_closed_round_everything_a_frame_holds_read_as_the_frame() {
        // A frame round A and B; two lines crossing two others close a rectangle round both
        // boxes, inside the frame: the frame drawn twice.
        let art = "\
+--------------------------+
| title                    |
|       |              |   |
|    ---+--------------+-- |
|       |  +---+ +---+ |   |
|       |  | A | | B | |   |
|       |  +---+ +---+ |   |
|    ---+--------------+-- |
|       |              |   |
+--------------------------+";
        let g = grid(art);
        let (a, b) = (node(12, 5, 16, 7), node(18, 5, 22, 7));
        let frame = node(1, 1, 28, 10);
        assert_eq!(misleading(&g, &[a, b], &[frame]), Some(node(9, 4, 24, 8)));
        // The frame holds a third box, outside the rectangle: no double of the frame.
        let c = node(3, 9, 5, 9);
        assert_eq!(misleading(&g, &[a, b, c], &[frame]), None);
        // A nested frame round them is a frame of its own.
        assert_eq!(misleading(&g, &[a, b], &[frame, node(9, 4, 24, 8)]), None);
    }

    #[test]
    fn box_drawing_is_never_checked() {
        let mut g = grid("+--+\n|  |\n+--+");
        g.ascii = false;
        assert_eq!(misleading(&g, &[], &[]), None);
    }
}
