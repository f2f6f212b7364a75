//! Narrowing a finished drawing by cutting vertical seams of spare cells (see
//! [`Grid::carve`]).
//!
//! Each row is held as runs of cells narrowing treats alike, and each seam search works on bit
//! rows built from them (64 columns a word), so a search costs a few operations per 64 cells.
//! A cut only shortens a run; the cells themselves move once, when narrowing ends.

use super::grid::{Cell, Grid};

/// Cells in a row that narrowing treats alike: one [`Cell::carve_look`] code (0: never cut)
/// and shown or not alike. Any cell of a cuttable run is as good as another to cut.
#[derive(Clone, Copy, Debug)]
struct Run {
    look: u8,
    shown: bool,
    /// Cells in the run now.
    len: u32,
    /// The column of its first cell in the grid as drawn.
    from: u32,
}

/// The rows as runs, and the bit rows ([`Carver::words`] a row) a seam search reads and writes.
struct Carver {
    /// Columns now.
    w: usize,
    h: usize,
    /// Every gap and line keeps at least this many cells.
    keep: usize,
    runs: Vec<Run>,
    /// Row y's runs are `runs[starts[y]..starts[y + 1]]`.
    starts: Vec<usize>,
    /// Cells that show something.
    shown: Vec<u64>,
    /// Cells in a run long enough to lose one.
    spare: Vec<u64>,
    /// Cells a seam from the top row can be cut at.
    reach: Vec<u64>,
    /// The seam found: the column cut in each row.
    seam: Vec<usize>,
    /// Per row, the index of the run the seam cuts and the column it starts at.
    cut_runs: Vec<(usize, usize)>,
}

impl Grid {
    /// Narrow the drawing by cutting vertical seams of spare cells: one cell from every row,
    /// each a blank or a straight horizontal line in a run of at least `keep + 1` such cells
    /// (so every gap and every line keeps at least `keep`). The seam may step sideways between
    /// two rows only where nothing joins those rows in the columns it passes (no line going on
    /// down, no box side, no text above a line), so everything that was one above the other
    /// stays so: the picture reads the same, only narrower. A seam found is cut again while it
    /// still can be. At most `max_work` cells are searched over all seams.
    pub fn carve(&mut self, keep: usize, max_work: usize) {
        let mut c = Carver::new(self, keep);
        let mut work = 0;
        while work + c.w * c.h <= max_work && c.w > 1 {
            work += c.w * c.h;
            if !c.search() {
                break;
            }
            let mut k = 1;
            while k + 1 < c.w && c.cuts_again(k) {
                k += 1;
            }
            c.cut(k);
        }
        if c.w < self.w {
            let cells = c.kept_cells(self);
            *self = Grid::with_cells(c.w, c.h, cells, self.ascii);
        }
    }
}

/// Two rows of a seam search, a bit per column.
struct BitRows<'a> {
    /// What the row above and this row show.
    above: &'a [u64],
    here: &'a [u64],
    /// Where a seam can be cut in the row above.
    reach_above: &'a [u64],
    /// This row's spare cells.
    spare: &'a [u64],
}

impl BitRows<'_> {
    /// Into `reach`, where a seam can be cut in this row (see [`Carver::search`]); false when
    /// nowhere. A cell is reached from the nearest usable cell above at or left of it, else
    /// at or right of it, through columns where the two rows are not joined and nothing
    /// diagonal comes one above the other; each pass spreads a word at a time.
    fn reach(&self, reach: &mut [u64]) -> bool {
        let n = self.here.len();
        // Towards the right, the carry into a word's lowest bit from the word before.
        let mut carry = 0;
        #[allow(clippy::needless_range_loop)] // four rows read at k, and here at k - 1
        for k in 0..n {
            let (a, h) = (self.above[k], self.here[k]);
            let h_left = h << 1 | if k > 0 { self.here[k - 1] >> 63 } else { 0 };
            let joined = a & h;
            let seeds = self.reach_above[k] & !joined;
            let pass = !(joined | a & h_left) | seeds;
            let gen = fill_up(seeds | carry & pass, pass);
            reach[k] = gen;
            carry = gen >> 63;
        }
        // Towards the left, the mirror image.
        let (mut carry, mut any) = (0, 0);
        for k in (0..n).rev() {
            let (a, h) = (self.above[k], self.here[k]);
            let h_right = h >> 1 | if k + 1 < n { self.here[k + 1] << 63 } else { 0 };
            let joined = a & h;
            let seeds = self.reach_above[k] & !joined;
            let pass = !(joined | a & h_right) | seeds;
            let gen = fill_down(seeds | carry & pass, pass);
            carry = (gen & 1) << 63;
            reach[k] = (reach[k] | gen) & self.spare[k];
            any |= reach[k];
        }
        any != 0
    }
}

/// Whether bit `x` of the bit row `row` is set.
fn bit(row: &[u64], x: usize) -> bool {
    row[x / 64] >> (x % 64) & 1 == 1
}

/// Set bits `from..from + len` of `row`.
fn set_bits(row: &mut [u64], from: usize, len: usize) {
    let (mut x, end) = (from, from + len);
    while x < end {
        let (word, at) = (x / 64, x % 64);
        let n = (64 - at).min(end - x);
        let ones = if n == 64 {
            u64::MAX
        } else {
            ((1u64 << n) - 1) << at
        };
        row[word] |= ones;
        x += n;
    }
}

/// `gen` spread towards higher bits through every bit set in `pass` (a bit set in `gen`, and
/// each after it while `pass` has it), within one word (a Kogge–Stone fill).
fn fill_up(mut gen: u64, mut pass: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        gen |= pass & (gen << shift);
        pass &= pass << shift;
    }
    gen
}

/// [`fill_up`] towards lower bits.
fn fill_down(mut gen: u64, mut pass: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        gen |= pass & (gen >> shift);
        pass &= pass >> shift;
    }
    gen
}

impl Carver {
    /// `g`'s rows as runs.
    fn new(g: &Grid, keep: usize) -> Carver {
        let mut runs: Vec<Run> = Vec::new();
        let mut starts = Vec::with_capacity(g.h + 1);
        for y in 0..g.h {
            let row = &g.cells[y * g.w..(y + 1) * g.w];
            starts.push(runs.len());
            for (x, cell) in row.iter().enumerate() {
                let (look, shown) = (cell.carve_look(), cell.shown());
                match runs.last_mut() {
                    // A row's first cell starts a run.
                    Some(r) if x > 0 && r.look == look && r.shown == shown => r.len += 1,
                    _ => runs.push(Run {
                        look,
                        shown,
                        len: 1,
                        from: x as u32,
                    }),
                }
            }
        }
        starts.push(runs.len());
        Carver {
            w: g.w,
            h: g.h,
            keep,
            runs,
            starts,
            shown: Vec::new(),
            spare: Vec::new(),
            reach: Vec::new(),
            seam: Vec::new(),
            cut_runs: Vec::new(),
        }
    }

    /// Words in a bit row at the width now.
    fn words(&self) -> usize {
        self.w.div_ceil(64)
    }

    /// Row y's runs.
    fn row(&self, y: usize) -> &[Run] {
        &self.runs[self.starts[y]..self.starts[y + 1]]
    }

    /// Fill `shown` and `spare` for the width now; false when some row has no spare cell
    /// (no seam can pass it).
    fn bit_rows(&mut self) -> bool {
        let words = self.words();
        for v in [&mut self.shown, &mut self.spare, &mut self.reach] {
            v.clear();
            v.resize(self.h * words, 0);
        }
        for y in 0..self.h {
            let (mut x, mut any) = (0, false);
            let row = y * words..(y + 1) * words;
            for r in &self.runs[self.starts[y]..self.starts[y + 1]] {
                let len = r.len as usize;
                if r.shown {
                    set_bits(&mut self.shown[row.clone()], x, len);
                }
                if r.look != 0 && len > self.keep {
                    set_bits(&mut self.spare[row.clone()], x, len);
                    any = true;
                }
                x += len;
            }
            if !any {
                return false;
            }
        }
        true
    }

    /// Search a seam into `seam`; false when none runs top to bottom.
    ///
    /// Rows y - 1 and y are joined at x when both show something there. A seam stepping right
    /// from column a (row y - 1) to b (row y) shifts row y - 1's columns a + 1..=b one left,
    /// over row y's a..b: it must pass no join, and bring nothing shown above something shown
    /// that was only diagonal to it (stepping left, the mirror image).
    fn search(&mut self) -> bool {
        if !self.bit_rows() {
            return false;
        }
        let n = self.words();
        self.reach[..n].copy_from_slice(&self.spare[..n]);
        for y in 1..self.h {
            let (above, here) = ((y - 1) * n, y * n);
            let (reached, rest) = self.reach[above..].split_at_mut(n);
            let rows = BitRows {
                above: &self.shown[above..here],
                here: &self.shown[here..here + n],
                reach_above: reached,
                spare: &self.spare[here..here + n],
            };
            if !rows.reach(&mut rest[..n]) {
                return false; // cut off: nothing reachable goes on down
            }
        }
        let last = &self.reach[(self.h - 1) * n..];
        let Some(mut x) = (0..self.w).find(|&x| bit(last, x)) else {
            return false;
        };
        self.seam.clear();
        self.seam.resize(self.h, 0);
        for y in (0..self.h).rev() {
            self.seam[y] = x;
            if y > 0 {
                x = self.came_from(y, x);
            }
        }
        self.find_cut_runs();
        true
    }

    /// The column of row y - 1 a seam cut at x in row y comes from, as [`Carver::search`]
    /// reached it: the nearest usable column at or left of x, else at or right of it.
    fn came_from(&self, y: usize, x: usize) -> usize {
        let n = self.words();
        let above = &self.shown[(y - 1) * n..y * n];
        let here = &self.shown[y * n..(y + 1) * n];
        let reach = &self.reach[(y - 1) * n..y * n];
        let joined = |i: usize| bit(above, i) && bit(here, i);
        let seed = |i: usize| bit(reach, i) && !joined(i);
        let mut i = x;
        loop {
            if seed(i) {
                return i;
            }
            if joined(i) || i == 0 || bit(above, i) && bit(here, i - 1) {
                break;
            }
            i -= 1;
        }
        // Not from the left, so from the nearest usable column on the right.
        (x..self.w).find(|&i| seed(i)).unwrap_or(x)
    }

    /// Per row, the run the seam cuts and the column it starts at.
    fn find_cut_runs(&mut self) {
        self.cut_runs.clear();
        for y in 0..self.h {
            let (mut start, x) = (0, self.seam[y]);
            let first = self.starts[y];
            let i = self.row(y).iter().position(|r| {
                let inside = x < start + r.len as usize;
                if !inside {
                    start += r.len as usize;
                }
                inside
            });
            self.cut_runs
                .push((first + i.expect("the seam is inside its row"), start));
        }
    }

    /// Whether the seam can be cut once more after `removed` cuts along it: every cell still
    /// in a long enough spare run, and every step between rows still passing nothing that
    /// joins them, read as if the `removed` cells after each row's seam column were gone.
    fn cuts_again(&self, removed: usize) -> bool {
        let (n, keep) = (self.words(), self.keep);
        for (y, &x) in self.seam.iter().enumerate() {
            let (run, start) = self.cut_runs[y];
            let (len, at) = (self.runs[run].len as usize, x + removed - start);
            if at >= len {
                return false;
            }
            // The removed cells were in this run: it must still be more than `keep` long.
            if at.min(keep + removed) + (len - at - 1).min(keep) < keep + removed {
                return false;
            }
            if y == 0 {
                continue;
            }
            let a = self.seam[y - 1];
            // Column i of a row cut at `cut`, as it reads after the cuts.
            let shows = |row: usize, i: usize, cut: usize| {
                let q = if i >= cut { i + removed } else { i };
                q < self.w && bit(&self.shown[row * n..(row + 1) * n], q)
            };
            let above = |i: usize| shows(y - 1, i, a);
            let here = |i: usize| shows(y, i, x);
            let joined = |i: usize| above(i) && here(i);
            // Column i passed, with the cell diagonal to it below (left of it stepping right).
            let blocked = |i: usize, diagonal: usize| joined(i) || above(i) && here(diagonal);
            let ok = !joined(a)
                && if a <= x {
                    (a + 1..=x).all(|i| !blocked(i, i - 1))
                } else {
                    (x..a).all(|i| !blocked(i, i + 1))
                };
            if !ok {
                return false;
            }
        }
        true
    }

    /// Cut `k` cells along the seam from every row.
    fn cut(&mut self, k: usize) {
        for &(run, _) in &self.cut_runs {
            self.runs[run].len -= k as u32;
        }
        self.w -= k;
    }

    /// The cells of `g` the runs keep, row after row.
    fn kept_cells(&self, g: &Grid) -> Vec<Cell> {
        let mut cells = Vec::with_capacity(self.w * self.h);
        for y in 0..self.h {
            let row = &g.cells[y * g.w..(y + 1) * g.w];
            for r in self.row(y) {
                let from = r.from as usize;
                cells.extend_from_slice(&row[from..from + r.len as usize]);
            }
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`BitRows::reach`] cell by cell, as its definition reads.
    fn reach_by_cells(above: &[bool], here: &[bool], reach: &[bool], spare: &[bool]) -> Vec<bool> {
        let w = above.len();
        let mut next = vec![false; w];
        let mut carry = false;
        for x in 0..w {
            carry = if above[x] && here[x] {
                false
            } else if reach[x] {
                true
            } else if x > 0 && above[x] && here[x - 1] {
                false
            } else {
                carry
            };
            next[x] = carry;
        }
        let mut carry = false;
        for x in (0..w).rev() {
            carry = if above[x] && here[x] {
                false
            } else if reach[x] {
                true
            } else if x + 1 < w && above[x] && here[x + 1] {
                false
            } else {
                carry
            };
            next[x] |= carry;
        }
        (0..w).map(|x| next[x] && spare[x]).collect()
    }

    fn words(cells: &[bool]) -> Vec<u64> {
        let mut out = vec![0; cells.len().div_ceil(64)];
        for (x, _) in cells.iter().enumerate().filter(|(_, &b)| b) {
            out[x / 64] |= 1 << (x % 64);
        }
        out
    }

    #[test]
    fn word_fills_reach_what_a_cell_by_cell_search_does() {
        // Random rows 200 columns wide (four words): sparse shown cells, so reach spreads
        // far, across words' edges, and stops at joins and diagonals.
        let mut state = 12345u64;
        let mut random = |percent: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % 100 < percent
        };
        for _ in 0..500 {
            let w = 200;
            let mut row = |p| (0..w).map(|_| random(p)).collect::<Vec<bool>>();
            let (above, here, reach, spare) = (row(8), row(8), row(3), row(90));
            let expected = reach_by_cells(&above, &here, &reach, &spare);
            let (above_w, here_w, reach_w, spare_w) =
                (words(&above), words(&here), words(&reach), words(&spare));
            let rows = BitRows {
                above: &above_w,
                here: &here_w,
                reach_above: &reach_w,
                spare: &spare_w,
            };
            let mut got = vec![0; 4];
            let any = rows.reach(&mut got);
            assert_eq!(got, words(&expected));
            assert_eq!(any, expected.contains(&true));
        }
    }
}
