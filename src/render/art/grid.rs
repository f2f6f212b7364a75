//! The character grid text art is drawn on: what each cell shows, what it blocks, and which
//! lines pass through it.

use super::glyphs::{self, Weight, E, N, S, W};
use unicode_width::UnicodeWidthChar;

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
pub struct Grid {
    /// Columns.
    pub w: usize,
    /// Rows.
    pub h: usize,
    /// Row by row.
    pub cells: Vec<Cell>,
}

impl Grid {
    /// An empty grid.
    pub fn new(w: usize, h: usize) -> Grid {
        let mut g = Grid {
            w,
            h,
            cells: vec![Cell::default(); w * h],
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
    pub fn xy(&self, i: usize) -> (isize, isize) {
        ((i % self.w) as isize, (i / self.w) as isize)
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
        for c in s.chars() {
            let w = c.width().unwrap_or(0) as isize;
            if w == 0 {
                continue;
            }
            self.put(cx, y, c);
            if w == 2 {
                if let Some(i) = self.at(cx + 1, y) {
                    self.cells[i].ch = '\0';
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
        self.put(r.x0, r.y0, corners[0]);
        self.put(r.x1, r.y0, corners[1]);
        self.put(r.x0, r.y1, corners[2]);
        self.put(r.x1, r.y1, corners[3]);
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

    /// The picture: one line per row, trailing blanks and blank outer rows and columns
    /// trimmed.
    pub fn to_text(&self, ascii: bool) -> String {
        // (A wide character's second cell holds '\0' and no line.)
        let blank = |c: &Cell| (c.ch == '\0' && c.bits == 0) || c.ch == ' ';
        // Each row's last shown column, and the leftmost shown column of all rows.
        let mut ends: Vec<Option<usize>> = Vec::with_capacity(self.h);
        let mut indent = usize::MAX;
        for y in 0..self.h {
            let row = &self.cells[y * self.w..(y + 1) * self.w];
            let first = row.iter().position(|c| !blank(c));
            if let Some(f) = first {
                indent = indent.min(f);
            }
            ends.push(first.and_then(|_| row.iter().rposition(|c| !blank(c))));
        }
        let top = ends.iter().position(Option::is_some);
        let bottom = ends.iter().rposition(Option::is_some);
        let (Some(top), Some(bottom)) = (top, bottom) else {
            return String::new();
        };
        // Bytes, with blanks (most cells) pushed directly.
        let mut out: Vec<u8> = Vec::with_capacity((bottom - top + 1) * (self.w + 1));
        let mut buf = [0u8; 4];
        for (y, end) in ends.iter().enumerate().take(bottom + 1).skip(top) {
            if let Some(end) = *end {
                for c in &self.cells[y * self.w + indent..=y * self.w + end] {
                    let ch = match (c.kind, c.ch) {
                        (Kind::Wide, _) => continue,
                        (_, '\0') if c.bits == 0 => ' ',
                        (_, '\0') => glyphs::line(c.bits, c.h, c.v, ascii),
                        (_, ch) => ch,
                    };
                    if ch == ' ' {
                        out.push(b' ');
                    } else {
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                }
            }
            out.push(b'\n');
        }
        String::from_utf8(out).unwrap_or_default()
    }
}
