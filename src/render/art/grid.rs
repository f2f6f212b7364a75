//! The character grid text art is drawn on: what each cell shows, what it blocks, and which
//! lines pass through it.

use super::glyphs::{self, Weight, DIRS, E, N, S, W};
use unicode_width::UnicodeWidthChar;

/// A run of blanks, copied rather than pushed one by one.
const SPACES: &str = "                                                                ";

/// Variation selector 16: the character before it is shown as an emoji, two cells wide.
const EMOJI_STYLE: char = '\u{FE0F}';

/// No line passes through the cell.
pub const NO_NET: u32 = u32::MAX;
/// The lines of subgraph frames.
pub const FRAME_NET: u32 = u32::MAX - 1;

/// What a cell is to a line being routed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// Open space (or a line, see `Cell::bits`).
    Free,
    /// A box, text or a corner: no line may enter.
    Solid,
    /// The ring around a box or a label: no line runs here except where it enters or leaves
    /// its own box, so nothing runs along a border.
    Halo,
    /// A frame's left or right side: crossed only from east to west or back.
    FrameV,
    /// A frame's top or bottom: crossed only from north to south or back.
    FrameH,
    /// The second column of a wide character: printed as nothing.
    Wide,
    /// Kept for one edge (the line beside its label); no route searches into it.
    Reserved,
    /// In front of a port: only the network using the port (in `Cell::net`) may enter.
    Keep,
}

/// One cell.
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    /// A fixed character (border, text, arrow end), or `'\0'` when the cell shows its lines.
    pub ch: char,
    /// What the cell is to routing.
    pub kind: Kind,
    /// Line connections (`N E S W` bits).
    pub bits: u8,
    /// Weight of the horizontal part of the line.
    pub h: Weight,
    /// Weight of the vertical part of the line.
    pub v: Weight,
    /// The network (edges drawn as one connected line) passing through, or `NO_NET`; for a
    /// `Keep` cell with no line yet, the network it is kept for.
    pub net: u32,
    /// Two networks cross here (straight through each other).
    pub cross: bool,
}

impl Cell {
    /// Blank, or a line running straight through along `through` (`N | S` or `E | W`):
    /// a cell that compaction may drop.
    fn passes(&self, through: u8) -> bool {
        matches!(self.ch, '\0' | ' ')
            && self.kind != Kind::Wide
            && (self.bits == 0 || self.bits == through)
    }

    /// Drawn with the same character as `other`.
    fn drawn_like(&self, other: &Cell) -> bool {
        self.bits == other.bits && self.h == other.h && self.v == other.v && self.ch == other.ch
    }

    /// Shows something: a character, a line, or the second half of a wide character.
    pub fn shown(&self) -> bool {
        !matches!(self.ch, '\0' | ' ') || self.bits != 0 || self.kind == Kind::Wide
    }

    /// For seam carving: 0 when the cell may not be cut ([`Cell::passes`] `E | W` fails),
    /// else a code equal for two cuttable cells exactly when they are [`Cell::drawn_like`].
    pub(super) fn carve_look(&self) -> u8 {
        if !self.passes(E | W) {
            return 0;
        }
        1 + (self.ch == ' ') as u8
            + 2 * (self.bits != 0) as u8
            + 4 * self.h as u8
            + 16 * self.v as u8
    }
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            ch: '\0',
            kind: Kind::Free,
            bits: 0,
            h: Weight::Light,
            v: Weight::Light,
            net: NO_NET,
            cross: false,
        }
    }
}

/// A rectangle of cells, inclusive bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct CellRect {
    /// Left column.
    pub x0: isize,
    /// Top row.
    pub y0: isize,
    /// Right column.
    pub x1: isize,
    /// Bottom row.
    pub y1: isize,
}

/// The grid.
#[derive(Clone)]
pub struct Grid {
    /// Columns.
    pub w: usize,
    /// Rows.
    pub h: usize,
    /// Row by row.
    pub cells: Vec<Cell>,
    /// ⌈2³² / w⌉: rows by multiplication rather than division (see `xy`).
    inv_w: u64,
    /// Drawn in pure ASCII, where every corner, junction and crossing is a `+`.
    pub ascii: bool,
    /// Cells routes keep off where they can (empty: none), by cell index.
    pub avoid: Vec<bool>,
}

impl Grid {
    /// An empty grid.
    pub fn new(w: usize, h: usize) -> Grid {
        let mut g = Grid {
            w,
            h,
            cells: vec![Cell::default(); w * h],
            inv_w: (1u64 << 32).div_ceil(w.max(1) as u64),
            ascii: false,
            avoid: Vec::new(),
        };
        // A solid outer ring: a route never stands on it, so a cell it stands on always has
        // four neighbours (`beside` needs no bounds checks).
        for x in 0..w {
            g.cells[x].kind = Kind::Solid;
            g.cells[(h - 1) * w + x].kind = Kind::Solid;
        }
        for y in 0..h {
            g.cells[y * w].kind = Kind::Solid;
            g.cells[y * w + w - 1].kind = Kind::Solid;
        }
        g
    }

    /// A grid of `w` × `h` cells already drawn (`cells` row after row).
    pub(super) fn with_cells(w: usize, h: usize, cells: Vec<Cell>, ascii: bool) -> Grid {
        Grid {
            w,
            h,
            cells,
            inv_w: (1u64 << 32).div_ceil(w.max(1) as u64),
            ascii,
            avoid: Vec::new(),
        }
    }

    /// Have routes keep off the sides of `r` where they can.
    pub fn avoid_sides(&mut self, r: CellRect) {
        if self.avoid.is_empty() {
            self.avoid = vec![false; self.cells.len()];
        }
        let rows = (r.y0..=r.y1).flat_map(|y| [(r.x0, y), (r.x1, y)]);
        let columns = (r.x0..=r.x1).flat_map(|x| [(x, r.y0), (x, r.y1)]);
        for (x, y) in rows.chain(columns) {
            if let Some(i) = self.at(x, y) {
                self.avoid[i] = true;
            }
        }
    }

    /// The neighbour of cell `i`, which is not on the outer ring, in direction `d`.
    #[inline]
    pub fn beside(&self, i: usize, d: u8) -> usize {
        match d {
            N => i - self.w,
            S => i + self.w,
            E => i + 1,
            _ => i - 1,
        }
    }

    /// The index of a cell, if it is on the grid.
    pub fn at(&self, x: isize, y: isize) -> Option<usize> {
        (x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h)
            .then(|| y as usize * self.w + x as usize)
    }

    /// The column and row of a cell index.
    #[inline]
    pub fn xy(&self, i: usize) -> (isize, isize) {
        // The search asks for this at every step; a multiply and a correction are cheaper
        // than a division.
        let mut y = ((i as u64 * self.inv_w) >> 32) as usize;
        if y * self.w > i {
            y -= 1;
        }
        ((i - y * self.w) as isize, y as isize)
    }

    /// The neighbour of cell `i` in direction `d`.
    pub fn next(&self, i: usize, d: u8) -> Option<usize> {
        let (x, y) = self.xy(i);
        let (dy, dx) = glyphs::step(d);
        self.at(x + dx, y + dy)
    }

    /// Put a fixed character and make the cell solid.
    pub fn put(&mut self, x: isize, y: isize, ch: char) {
        if let Some(i) = self.at(x, y) {
            self.cells[i].ch = ch;
            self.cells[i].kind = Kind::Solid;
        }
    }

    /// Write text from (x, y), wide characters taking two cells; returns the columns used.
    pub fn text(&mut self, x: isize, y: isize, s: &str) -> isize {
        let mut cx = x;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            let mut w = c.width().unwrap_or(0) as isize;
            if w == 0 {
                continue;
            }
            // A character asked for as an emoji (U+FE0F after it) takes two cells: the
            // selector is written in the second, where it takes none.
            let mut second = '\0';
            if w == 1 && chars.peek() == Some(&EMOJI_STYLE) {
                chars.next();
                (w, second) = (2, EMOJI_STYLE);
            }
            self.put(cx, y, c);
            if w == 2 {
                if let Some(i) = self.at(cx + 1, y) {
                    self.cells[i].ch = second;
                    self.cells[i].kind = Kind::Wide;
                }
            }
            cx += w;
        }
        cx - x
    }

    /// Mark the free cells of the ring just outside `r` as `kind` (cells already taken keep
    /// what they are).
    pub fn ring(&mut self, r: CellRect, kind: Kind) {
        for x in r.x0 - 1..=r.x1 + 1 {
            for y in [r.y0 - 1, r.y1 + 1] {
                self.mark_free(x, y, kind);
            }
        }
        for y in r.y0..=r.y1 {
            for x in [r.x0 - 1, r.x1 + 1] {
                self.mark_free(x, y, kind);
            }
        }
    }

    fn mark_free(&mut self, x: isize, y: isize, kind: Kind) {
        if let Some(i) = self.at(x, y) {
            if self.cells[i].kind == Kind::Free && self.cells[i].bits == 0 {
                self.cells[i].kind = kind;
            }
        }
    }

    /// Draw a subgraph frame: light lines that edges may cross straight through.
    pub fn frame(&mut self, r: CellRect, ascii: bool) {
        let corners = if ascii {
            ['+', '+', '+', '+']
        } else {
            ['┌', '┐', '└', '┘']
        };
        for x in r.x0 + 1..r.x1 {
            for y in [r.y0, r.y1] {
                self.frame_cell(x, y, E | W, Kind::FrameH);
            }
        }
        for y in r.y0 + 1..r.y1 {
            for x in [r.x0, r.x1] {
                self.frame_cell(x, y, N | S, Kind::FrameV);
            }
        }
        for (x, y, ch) in [
            (r.x0, r.y0, corners[0]),
            (r.x1, r.y0, corners[1]),
            (r.x0, r.y1, corners[2]),
            (r.x1, r.y1, corners[3]),
        ] {
            self.put(x, y, ch);
            if let Some(i) = self.at(x, y) {
                self.cells[i].net = FRAME_NET;
            }
        }
    }

    fn frame_cell(&mut self, x: isize, y: isize, bits: u8, kind: Kind) {
        if let Some(i) = self.at(x, y) {
            let c = &mut self.cells[i];
            if c.kind == Kind::Free && c.bits == 0 {
                c.kind = kind;
                c.bits = bits;
                c.net = FRAME_NET;
            }
        }
    }

    /// Drop repeated rows and columns that carry nothing but straight lines passing through.
    ///
    /// A row whose every cell is blank or a vertical line running straight through (`│`,
    /// frame sides included), each as drawn in the row before, says nothing its neighbour
    /// does not. Every run of such rows is cut to `keep_rows` rows; columns of blanks and
    /// straight horizontal lines to `keep_cols`. Lines keep every connection they had and no
    /// two rows (or columns) that held anything else become neighbours, so nothing new
    /// touches: the picture reads the same, only smaller.
    pub fn squeeze(&mut self, keep_rows: usize, keep_cols: usize) {
        let row_kept = runs_kept(
            self.h,
            keep_rows,
            |y| {
                self.cells[y * self.w..(y + 1) * self.w]
                    .iter()
                    .all(|c| c.passes(N | S))
            },
            |y| {
                (0..self.w).all(|x| {
                    self.cells[y * self.w + x].drawn_like(&self.cells[(y - 1) * self.w + x])
                })
            },
        );
        let col_kept = runs_kept(
            self.w,
            keep_cols,
            |x| (0..self.h).all(|y| self.cells[y * self.w + x].passes(E | W)),
            |x| {
                (0..self.h)
                    .all(|y| self.cells[y * self.w + x].drawn_like(&self.cells[y * self.w + x - 1]))
            },
        );
        let (w, h) = (
            col_kept.iter().filter(|&&k| k).count(),
            row_kept.iter().filter(|&&k| k).count(),
        );
        if (w, h) == (self.w, self.h) {
            return;
        }
        let mut cells = Vec::with_capacity(w * h);
        for y in (0..self.h).filter(|&y| row_kept[y]) {
            let row = &self.cells[y * self.w..(y + 1) * self.w];
            cells.extend(
                row.iter()
                    .zip(&col_kept)
                    .filter(|(_, &k)| k)
                    .map(|(c, _)| *c),
            );
        }
        *self = Grid::with_cells(w, h, cells, self.ascii);
    }

    /// How many columns the picture spans (from the leftmost shown cell to the rightmost).
    pub fn shown_width(&self) -> usize {
        let mut span: Option<(usize, usize)> = None;
        for row in self.cells.chunks(self.w.max(1)) {
            if let (Some(a), Some(b)) = (
                row.iter().position(Cell::shown),
                row.iter().rposition(Cell::shown),
            ) {
                span = Some(span.map_or((a, b), |(l, r)| (l.min(a), r.max(b))));
            }
        }
        span.map_or(0, |(l, r)| r - l + 1)
    }

    /// Pure ASCII: `.` and `:` only join other dots, so a dotted line is drawn solid in the
    /// cell next to a corner, junction or crossing (`+`); otherwise the two would not read
    /// as one line.
    pub fn solid_dots_at_joints(&mut self) {
        let joint = |c: &Cell| c.ch == '\0' && glyphs::joint(c.bits);
        for i in 0..self.cells.len() {
            let c = &self.cells[i];
            if c.ch != '\0' || c.bits == 0 || joint(c) {
                continue;
            }
            let horizontal = c.bits & (E | W) != 0;
            let dotted = if horizontal { c.h } else { c.v } == Weight::Dotted;
            // Lines never reach the outer ring, so each direction of a line has a cell.
            if dotted
                && DIRS
                    .iter()
                    .any(|&d| c.bits & d != 0 && joint(&self.cells[self.beside(i, d)]))
            {
                let c = &mut self.cells[i];
                if horizontal {
                    c.h = Weight::Light;
                } else {
                    c.v = Weight::Light;
                }
            }
        }
    }

    /// The picture: one line per row, trailing blanks and blank outer rows and columns
    /// trimmed.
    pub fn to_text(&self, ascii: bool) -> String {
        // One pass: every row's text with its trailing blanks dropped, and where its first
        // shown character is (leading blanks are one byte a column).
        let mut text = String::with_capacity(self.cells.len() + self.h);
        let mut rows: Vec<(usize, usize, Option<usize>)> = Vec::with_capacity(self.h);
        for y in 0..self.h {
            let start = text.len();
            let mut lead = None;
            // Blanks are only written once something follows them on the row.
            let mut blanks = 0;
            for c in &self.cells[y * self.w..(y + 1) * self.w] {
                let ch = match c.ch {
                    '\0' if c.bits == 0 => {
                        blanks += usize::from(c.kind != Kind::Wide);
                        continue;
                    }
                    ' ' => {
                        blanks += 1;
                        continue;
                    }
                    '\0' => glyphs::line(c.bits, c.h, c.v, ascii),
                    ch => ch,
                };
                while blanks > 0 {
                    let n = blanks.min(SPACES.len());
                    text.push_str(&SPACES[..n]);
                    blanks -= n;
                }
                lead.get_or_insert(text.len() - start);
                text.push(ch);
            }
            rows.push((start, text.len(), lead));
        }
        let shown = |r: &(usize, usize, Option<usize>)| r.2.is_some();
        let (Some(top), Some(bottom)) = (rows.iter().position(shown), rows.iter().rposition(shown))
        else {
            return String::new();
        };
        let indent = rows.iter().filter_map(|r| r.2).min().unwrap_or(0);
        let mut out = String::with_capacity(text.len() + self.h);
        for &(start, end, lead) in &rows[top..=bottom] {
            if lead.is_some() {
                out.push_str(&text[start + indent..end]);
            }
            out.push('\n');
        }
        out
    }
}

/// Which of `n` lines to keep when each run of lines that `plain` says carry only pass-through
/// lines, each the same as the one before (`like_previous`), is cut to `keep` lines.
fn runs_kept(
    n: usize,
    keep: usize,
    plain: impl Fn(usize) -> bool,
    like_previous: impl Fn(usize) -> bool,
) -> Vec<bool> {
    let mut kept = vec![true; n];
    let mut run = 0;
    for (i, k) in kept.iter_mut().enumerate() {
        if plain(i) {
            run = if run > 0 && like_previous(i) {
                run + 1
            } else {
                1
            };
            *k = run <= keep;
        } else {
            run = 0;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xy_by_multiplication_matches_division() {
        for w in [3usize, 7, 91, 1000, 4029] {
            let g = Grid::new(w, 5);
            for i in (0..w * 5).chain([w * 5 - 1]) {
                assert_eq!(g.xy(i), ((i % w) as isize, (i / w) as isize), "w {w} i {i}");
            }
        }
    }

    /// A horizontal line from (x0, y) to (x1, y), as routing lays it.
    fn hline(g: &mut Grid, y: usize, x0: usize, x1: usize) {
        for x in x0..=x1 {
            let c = &mut g.cells[y * g.w + x];
            c.bits = E | W;
            c.net = 1;
        }
    }

    /// A vertical line from (x, y0) to (x, y1), as routing lays it.
    fn vline(g: &mut Grid, x: usize, y0: usize, y1: usize) {
        for y in y0..=y1 {
            let c = &mut g.cells[y * g.w + x];
            c.bits = N | S;
            c.net = 1;
        }
    }

    #[test]
    fn squeeze_cuts_repeated_pass_through_rows_only() {
        let mut g = Grid::new(12, 12);
        g.text(2, 1, "top");
        vline(&mut g, 3, 2, 8);
        g.text(2, 9, "end");
        g.squeeze(1, 2);
        assert_eq!(
            g.to_text(false),
            "top
 │
end
"
        );
        // A row drawn differently (a dotted stretch) is not the same row: kept.
        let mut g = Grid::new(12, 12);
        g.text(2, 1, "top");
        vline(&mut g, 3, 2, 8);
        for y in 5..=8 {
            g.cells[y * g.w + 3].v = Weight::Dotted;
        }
        g.text(2, 9, "end");
        g.squeeze(1, 2);
        assert_eq!(
            g.to_text(false),
            "top
 │
 ┆
end
"
        );
    }

    /// `a` and `b` far apart (at columns 1 and `w` - 10) over `c` and `d` joined by a line,
    /// on a grid `w` columns wide and `h` rows tall.
    fn wide_gap(w: usize, h: usize) -> Grid {
        let mut g = Grid::new(w, h);
        let right = w as isize - 10;
        g.text(1, 1, "a");
        g.text(right, 1, "b");
        hline(&mut g, 2, 2, right as usize - 1);
        g.text(1, 2, "c");
        g.text(right, 2, "d");
        g
    }

    #[test]
    fn carve_narrows_gaps_and_lines_to_keep_and_keeps_columns_aligned() {
        // 200 columns: seams are searched 64 columns a word, across words' edges too.
        for w in [30, 200] {
            let mut g = wide_gap(w, 6);
            // A line going on down from under `b` ties its column to the row below.
            vline(&mut g, w - 10, 3, 4);
            g.carve(2, usize::MAX);
            assert_eq!(g.to_text(false), "a  b\nc──d\n   │\n   │\n", "{w} columns");
        }
    }

    #[test]
    fn one_seam_search_cuts_a_wide_gap_down_to_keep() {
        // Work for a single search: the seam found is cut over and over while its runs stay
        // longer than `keep`, and never beyond.
        let mut g = wide_gap(30, 3);
        let one_search = g.w * g.h;
        g.carve(2, one_search);
        assert_eq!(g.to_text(false), "a  b\nc──d\n");
    }

    #[test]
    fn carve_never_brings_diagonal_neighbours_one_above_the_other() {
        // `x` in row 1 and `y` in row 2 touch only diagonally; the wide gaps around them are
        // spare, but a seam stepping between the two rows under them would put `x` over `y`.
        let mut g = Grid::new(40, 5);
        g.text(1, 1, "a");
        g.text(18, 1, "x");
        g.text(38, 1, "b");
        g.text(1, 2, "c");
        g.text(17, 2, "y");
        g.text(38, 2, "d");
        g.carve(2, usize::MAX);
        let text = g.to_text(false);
        let rows: Vec<&str> = text.lines().collect();
        let col = |r: &str, ch| r.chars().position(|c| c == ch).unwrap();
        assert_eq!(col(rows[0], 'x'), col(rows[1], 'y') + 1, "{text}");
        assert!(text.len() < 2 * 40, "still narrowed: {text}");
    }

    #[test]
    fn ascii_dotted_lines_are_solid_next_to_a_plus() {
        let mut g = Grid::new(12, 5);
        hline(&mut g, 2, 1, 9);
        for x in 1..10 {
            g.cells[2 * g.w + x].h = Weight::Dotted;
        }
        // A corner at the right end: `+` only joins solid lines in ASCII.
        let end = 2 * g.w + 10;
        g.cells[end].bits = W | S;
        g.cells[3 * g.w + 10].bits = N | S;
        assert_eq!(g.to_text(true), ".........+\n         |\n");
        g.solid_dots_at_joints();
        assert_eq!(g.to_text(true), "........-+\n         |\n");
    }

    #[test]
    fn emoji_style_characters_take_two_cells_as_measured() {
        use crate::layout::measure::{CellMeasure, TextMeasure};
        let warn = "\u{26A0}\u{FE0F}x";
        assert_eq!(CellMeasure::default().width(warn, false, false), 3.0);
        let mut g = Grid::new(12, 5);
        assert_eq!(g.text(2, 2, warn), 3);
        g.text(2, 3, "abc");
        // The selector follows its character; the next one starts where a third column would.
        assert_eq!(g.to_text(false), "\u{26A0}\u{FE0F}x\nabc\n");
    }

    #[test]
    fn text_trims_and_keeps_inner_blank_rows() {
        let mut g = Grid::new(12, 7);
        g.text(3, 2, "ab");
        g.text(5, 4, "中x");
        assert_eq!(g.to_text(false), "ab\n\n  中x\n");
    }
}
