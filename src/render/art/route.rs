//! Orthogonal edge routing on the grid: a shortest path (A*) with costs for bends and
//! crossings, under the readability rules — no line through a box, text or along a border,
//! lines of different networks only ever crossing straight through each other, never
//! side by side.

use super::glyphs::{joint, opposite, step, DIRS, E, N, S, W};
use super::grid::{CellRect, Grid, Kind, FRAME_NET, NO_NET};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One stretch of a route: from a cell, leaving it in a direction, to a cell entered in a
/// direction.
#[derive(Clone, Copy, Debug)]
pub struct Leg {
    /// First cell (a port or the end of a label's line).
    pub start: usize,
    /// The direction of the first step.
    pub start_dir: u8,
    /// Last cell.
    pub goal: usize,
    /// The direction the last step must take.
    pub goal_dir: u8,
    /// The boxes its network's lines may meet beside without reading wrong: the box it leaves
    /// (they leave it anyway) and, for a network of one edge, the box it enters.
    pub ends: [CellRect; 2],
}

/// How freely a route may pass other lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Beside other lines at a cost, but never where the drawing would read as joined to
    /// them (pure ASCII draws every corner, junction and crossing as `+`, which joins any
    /// neighbour pointing at it).
    Strict,
    /// Beside other lines at a cost, even where that reads as joined.
    Loose,
    /// As loose, and straight past the front of another network's port (last resort: the
    /// port's own line can still cross it).
    Desperate,
}

const STEP: u32 = 2;
const BEND: u32 = 5;
const CROSS: u32 = 6;
const BESIDE: u32 = 8;
/// A corner that makes pure ASCII read a line as attached to a box it does not touch (a false
/// edge): any detour of up to about thirty cells is better. Not forbidden outright, which would
/// redraw the whole diagram with more room to get past one corner.
const MISREAD: u32 = 64;

/// What a search knows of one state.
#[derive(Clone, Copy, Debug)]
struct StateInfo {
    /// The search that last reached it.
    stamp: u32,
    /// The cost of the best route to it found so far.
    cost: u32,
    /// The state it was reached from (`u32::MAX` at the start).
    prev: u32,
    /// The search that expanded it.
    closed: u32,
}

impl Default for StateInfo {
    fn default() -> Self {
        StateInfo {
            stamp: 0,
            cost: 0,
            prev: u32::MAX,
            closed: 0,
        }
    }
}

/// Reusable search state (sized to the grid once).
pub struct Router {
    /// Per state (cell × direction), together so one state is one cache access.
    states: Vec<StateInfo>,
    generation: u32,
    heap: BinaryHeap<Reverse<u64>>,
    /// States taken from the heap since [`Router::start_drawing`]: the work a drawing cost.
    pub expanded: u64,
    /// The most states one drawing may expand; past it every search fails at once.
    pub work_limit: u64,
    /// States expanded over several drawings (the caller resets it): what fitting a
    /// diagram to a width has cost so far.
    pub spent: u64,
}

const STATE_BITS: u32 = 26;
const STATE_MASK: u64 = (1 << STATE_BITS) - 1;
const COST_MAX: u64 = (1 << 19) - 1;

/// A heap key: lower estimate first, then the deeper state (more cost already paid), then
/// the state itself (so ties break the same way on every run).
fn key(f: u32, g: u32, state: usize) -> u64 {
    let f = (f as u64).min(COST_MAX);
    let g = COST_MAX - (g as u64).min(COST_MAX);
    (f << (STATE_BITS + 19)) | (g << STATE_BITS) | (state as u64 & STATE_MASK)
}

fn dir_index(d: u8) -> usize {
    match d {
        N => 0,
        E => 1,
        S => 2,
        _ => 3,
    }
}

impl Router {
    /// A router for `cells` cells.
    pub fn new(cells: usize) -> Router {
        Router {
            states: vec![StateInfo::default(); cells * 4],
            generation: 0,
            heap: BinaryHeap::new(),
            expanded: 0,
            work_limit: u64::MAX,
            spent: 0,
        }
    }

    /// Make room for a grid of `cells` cells.
    pub fn fit(&mut self, cells: usize) {
        let n = cells * 4;
        if self.states.len() < n {
            // Nothing in the old table is needed (states are stamped per search): freeing
            // it first keeps the old and the new one from being held at once.
            self.states = Vec::new();
            self.states.resize(n, StateInfo::default());
        }
    }

    /// The cells of the cheapest legal path for network `net` along `leg`, start and goal
    /// included; `None` when there is none.
    pub fn search(&mut self, g: &Grid, net: u32, leg: Leg, rule: Rule) -> Option<Vec<usize>> {
        self.generation += 1;
        let gen = self.generation;
        self.heap.clear();
        let (gx, gy) = g.xy(leg.goal);
        let gd = leg.goal_dir;
        // Distance, plus the bends a route must still make to arrive heading `gd`; weighted
        // (twice) so the search heads for the goal rather than proving the cheapest route.
        let h = |x: isize, y: isize, d: u8| {
            let dist = ((x - gx).unsigned_abs() + (y - gy).unsigned_abs()) as u32 * STEP;
            let ahead = match d {
                N => x == gx && gy < y,
                S => x == gx && gy > y,
                E => y == gy && gx > x,
                _ => y == gy && gx < x,
            };
            let bends = if d == gd {
                if ahead || (x == gx && y == gy) {
                    0
                } else {
                    2
                }
            } else if d == opposite(gd) {
                2
            } else {
                1
            };
            (dist + bends * BEND) * 3
        };
        let (sx, sy) = g.xy(leg.start);
        let h0 = h(sx, sy, leg.start_dir);
        let s0 = leg.start * 4 + dir_index(leg.start_dir);
        self.states[s0] = StateInfo {
            stamp: gen,
            cost: 0,
            prev: u32::MAX,
            closed: 0,
        };
        self.heap.push(Reverse(key(h0, 0, s0)));
        let mut found = None;
        // A route is rarely much longer than the distance: give up rather than fill the
        // grid when there is none.
        let mut budget = 16 * h0 as usize + 2048;
        while let Some(Reverse(k)) = self.heap.pop() {
            budget = budget.saturating_sub(1);
            self.expanded += 1;
            if budget == 0 || self.expanded > self.work_limit {
                break;
            }
            let s = (k & STATE_MASK) as usize;
            let st = &mut self.states[s];
            if st.stamp != gen || st.closed == gen {
                continue;
            }
            st.closed = gen;
            let c = st.cost;
            let (cell, di) = (s / 4, s % 4);
            let d = DIRS[di];
            if cell == leg.goal && d == leg.goal_dir {
                found = Some(s);
                break;
            }
            let (x, y) = g.xy(cell);
            let here = &g.cells[cell];
            // Crossing a line, or passing another port's front: straight on only.
            let crossing_here =
                cell != leg.start && here.net != net && (here.bits != 0 || here.kind == Kind::Keep);
            for nd in DIRS {
                if nd == opposite(d) {
                    continue;
                }
                if (cell == leg.start || crossing_here) && nd != d {
                    continue;
                }
                // A cell of our own network must not end up with four connections.
                if here.net == net && cell != leg.start && !same_net_crossing(here.bits, d, nd) {
                    let bits = here.bits | opposite(d) | nd;
                    if bits.count_ones() > 3
                        || (bits.count_ones() == 3 && faces_box(g, cell, 0xF & !bits))
                    {
                        continue;
                    }
                }
                let next = g.beside(cell, nd);
                let Some(mut extra) = Self::enter(g, net, next, nd, cell, leg, rule) else {
                    continue;
                };
                if g.ascii && !crossing_here {
                    let own = if here.net == net { here.bits } else { 0 };
                    let bits = own | opposite(d) | nd;
                    let joins = ascii_false_joins(g, net, cell, bits);
                    if joins > 0 {
                        if rule == Rule::Strict {
                            continue;
                        }
                        extra += BESIDE * joins;
                    }
                    // Avoided where a detour will do; never worth a drawing with more room.
                    if ascii_junction_faces_box(g, net, cell, bits, &leg.ends) {
                        extra += MISREAD;
                    }
                }
                let nc = c + STEP + extra + if nd != d { BEND } else { 0 };
                let ns = next * 4 + dir_index(nd);
                let nst = &mut self.states[ns];
                if nst.stamp == gen && nst.cost <= nc {
                    continue;
                }
                *nst = StateInfo {
                    stamp: gen,
                    cost: nc,
                    prev: s as u32,
                    closed: 0,
                };
                let (dy, dx) = step(nd);
                self.heap
                    .push(Reverse(key(nc + h(x + dx, y + dy, nd), nc, ns)));
            }
        }
        let mut s = found?;
        let mut cells = Vec::with_capacity(64);
        cells.push(s / 4);
        while self.states[s].prev != u32::MAX {
            s = self.states[s].prev as usize;
            cells.push(s / 4);
        }
        cells.reverse();
        Some(cells)
    }

    /// Whether a path of `net` may enter `next` moving `d` (from `from`), and at what extra
    /// cost.
    fn enter(
        g: &Grid,
        net: u32,
        next: usize,
        d: u8,
        from: usize,
        leg: Leg,
        rule: Rule,
    ) -> Option<u32> {
        if next == leg.goal {
            return (d == leg.goal_dir).then_some(0);
        }
        let c = &g.cells[next];
        match c.kind {
            Kind::Solid | Kind::Wide | Kind::Halo => return None,
            Kind::Reserved => return None,
            Kind::Keep if c.net != net && rule != Rule::Desperate => return None,
            Kind::FrameV if d & (E | W) == 0 || c.cross => return None,
            Kind::FrameH if d & (N | S) == 0 || c.cross => return None,
            _ => {}
        }
        let mut extra = 0;
        let crossing = c.bits != 0 && c.net != net;
        if crossing {
            let perpendicular = if d & (E | W) != 0 {
                c.bits == N | S
            } else {
                c.bits == E | W
            };
            if !perpendicular || c.cross || c.ch != '\0' {
                return None;
            }
            // The cell after the crossing must be enterable too (checked when we get
            // there); crossing a frame is free, crossing a line costs.
            if c.net != FRAME_NET {
                extra += CROSS;
            }
        }
        // No other network's line beside this cell (a crossing's own line excepted), and
        // ahead only a line we are about to cross straight: forbidden when strict, costly
        // otherwise.
        let other = |mc: &super::grid::Cell| {
            mc.bits != 0 && mc.net != net && mc.net != FRAME_NET && mc.net != NO_NET
        };
        let mut beside = 0;
        let sides = if d & (E | W) != 0 { [N, S] } else { [E, W] };
        for side in sides {
            let m = g.beside(next, side);
            let mc = &g.cells[m];
            if m != from && other(mc) && !(crossing && mc.net == c.net) {
                beside += 1;
            }
        }
        {
            let mc = &g.cells[g.beside(next, d)];
            if !crossing && other(mc) {
                let straight_across = if d & (E | W) != 0 {
                    mc.bits == N | S
                } else {
                    mc.bits == E | W
                };
                if !straight_across || mc.cross || mc.ch != '\0' {
                    beside += 1;
                }
            }
        }
        // A side of a rectangle of lines that read as a border: a detour is worth it.
        if g.avoid.get(next) == Some(&true) {
            extra += MISREAD;
        }
        Some(extra + BESIDE * beside)
    }
}

/// How many other networks' cells beside `cell` would read as joined to it in pure ASCII,
/// were it drawn connecting `bits`: a corner or junction is a `+` there, and `+` joins every
/// neighbour pointing at it (a `+`, or a straight line running towards it). A straight cell
/// points only along its own line, where its route goes on anyway.
fn ascii_false_joins(g: &Grid, net: u32, cell: usize, bits: u8) -> u32 {
    if !joint(bits) {
        return 0;
    }
    let mut joins = 0;
    for e in DIRS {
        if bits & e != 0 {
            continue;
        }
        let y = &g.cells[g.beside(cell, e)];
        let frame_corner = y.net == FRAME_NET && y.ch == '+';
        if y.net != net && (joint(y.bits) || frame_corner || y.bits & opposite(e) != 0) {
            joins += 1;
        }
    }
    joins
}

/// Whether drawing `cell` of network `net` connecting `bits` as a pure-ASCII `+` would make a
/// `+` (it, or one of its own network beside it) read as a junction whose closed side faces a
/// box across at most one blank: a reader takes that junction as attached to the box. `+`
/// joins every `+` beside it, so two corners of one route side by side (`++`) read as two
/// junctions though each turns only once.
fn ascii_junction_faces_box(
    g: &Grid,
    net: u32,
    cell: usize,
    bits: u8,
    ends: &[CellRect; 2],
) -> bool {
    if !joint(bits) {
        return false;
    }
    // Read as attached to one of the route's own ends, the network reads as it is.
    let reads_attached = |at: usize, read: u8| {
        read.count_ones() == 3
            && faced_box(g, at, 0xF & !read).is_some_and(|b| {
                // A border, not a label's text (a reader attaches lines to boxes only).
                let ch = g.cells[b].ch;
                if ch.is_alphanumeric() || ch.is_whitespace() {
                    return false;
                }
                let (x, y) = g.xy(b);
                !ends
                    .iter()
                    .any(|r| r.x0 <= x && x <= r.x1 && r.y0 <= y && y <= r.y1)
            })
    };
    let mut read = bits;
    for e in DIRS {
        if bits & e != 0 {
            continue;
        }
        let beside = g.beside(cell, e);
        let y = &g.cells[beside];
        if y.net != net || y.ch != '\0' || !joint(y.bits) {
            continue;
        }
        read |= e;
        if reads_attached(beside, y.bits | opposite(e)) {
            return true;
        }
    }
    // (A junction of its own lines is the search's own concern.)
    read != bits && reads_attached(cell, read)
}

/// Whether something solid (a box, text) lies within two cells of `cell` in direction `d`: a
/// junction whose closed side faces it would read as attached to it.
fn faces_box(g: &Grid, cell: usize, d: u8) -> bool {
    faced_box(g, cell, d).is_some()
}

/// The solid cell (of a box, text) within two cells of `cell` in direction `d`, if any.
fn faced_box(g: &Grid, cell: usize, d: u8) -> Option<usize> {
    let n = g.beside(cell, d);
    match g.cells[n].kind {
        Kind::Solid => Some(n),
        _ if g.cells[n].bits != 0 => None,
        // `n` is not on the outer ring (that is solid), so it has a neighbour.
        _ => {
            let m = g.beside(n, d);
            (g.cells[m].kind == Kind::Solid).then_some(m)
        }
    }
}

/// Whether passing straight through a cell of our own network, across its straight line,
/// would make a crossing: harmless within one network (every line there leaves the same
/// node), and the only way past a sibling's line.
fn same_net_crossing(bits: u8, d: u8, nd: u8) -> bool {
    nd == d
        && if d & (E | W) != 0 {
            bits == N | S
        } else {
            bits == E | W
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grid with another network's line laid from `cells` (each with its bits).
    fn grid_with(ascii: bool, cells: &[(isize, isize, u8)]) -> Grid {
        let mut g = Grid::new(9, 9);
        g.ascii = ascii;
        for &(x, y, bits) in cells {
            let i = g.at(x, y).unwrap();
            g.cells[i].bits = bits;
            g.cells[i].net = 7;
        }
        g
    }

    /// A leg from cell (x, y) heading one way to a cell it arrives at heading another.
    fn leg(
        g: &Grid,
        (sx, sy, start_dir): (isize, isize, u8),
        (gx, gy, goal_dir): (isize, isize, u8),
    ) -> Leg {
        Leg {
            start: g.at(sx, sy).unwrap(),
            start_dir,
            goal: g.at(gx, gy).unwrap(),
            goal_dir,
            ends: [CellRect::default(); 2],
        }
    }

    #[test]
    fn ascii_corner_reads_as_joined_only_to_what_points_at_it() {
        // A horizontal line ending at (3, 4): a corner at (4, 4) would touch its end.
        let g = grid_with(true, &[(2, 4, E | W), (3, 4, E | W)]);
        let at = |x, y| g.at(x, y).unwrap();
        assert_eq!(ascii_false_joins(&g, 1, at(4, 4), N | E), 1);
        // Straight on, the cell points only along its own route.
        assert_eq!(ascii_false_joins(&g, 1, at(4, 4), N | S), 0);
        // Below the line a corner is beside it, and `-` does not point down: no join.
        assert_eq!(ascii_false_joins(&g, 1, at(3, 5), S | E), 0);
        // Its own network's line never counts.
        assert_eq!(ascii_false_joins(&g, 7, at(4, 4), N | E), 0);
        // Two corners one above the other (`+` over `+`) join.
        let g = grid_with(true, &[(4, 3, S | E)]);
        assert_eq!(ascii_false_joins(&g, 1, g.at(4, 4).unwrap(), W | S), 1);
    }

    #[test]
    fn ascii_route_keeps_its_corners_from_reading_as_a_junction_facing_a_box() {
        // Network 7 already runs west along row 5 to (5, 5) and down into a box whose top
        // border is row 7. A second route of it comes down column 4 to the goal (1, 5): turning
        // at (4, 5) puts a `+` beside the `+` at (5, 5), and `++` reads as a junction whose
        // closed side faces the box across one blank (attached to it: a false edge). The
        // route turns a row higher instead, though that costs two more bends.
        for (ascii, with_box) in [(true, true), (true, false), (false, true)] {
            let mut g = grid_with(
                ascii,
                &[(7, 5, E | W), (6, 5, E | W), (5, 5, W | S), (5, 6, N | S)],
            );
            if with_box {
                for x in 2..=6 {
                    let i = g.at(x, 7).unwrap();
                    g.cells[i].kind = Kind::Solid;
                    g.cells[i].ch = '-';
                }
            }
            let leg = leg(&g, (4, 1, S), (1, 5, W));
            let cells = Router::new(g.w * g.h)
                .search(&g, 7, leg, Rule::Strict)
                .expect("a route");
            let turns_beside = cells.contains(&g.at(4, 5).unwrap());
            assert_eq!(
                turns_beside,
                !(ascii && with_box),
                "ascii {ascii}, box {with_box}"
            );
        }
    }

    #[test]
    fn a_route_keeps_off_sides_to_avoid_where_a_detour_will_do() {
        // From (1, 4) east to (7, 4): straight along row 4, unless its middle is to be
        // avoided (the side of a rectangle that misread); then round it, bending four times.
        let mut g = grid_with(true, &[]);
        let leg = leg(&g, (1, 4, E), (7, 4, E));
        let route = |g: &Grid| Router::new(g.w * g.h).search(g, 1, leg, Rule::Strict);
        assert_eq!(route(&g).expect("a route").len(), 7);
        g.avoid_sides(CellRect {
            x0: 3,
            y0: 4,
            x1: 5,
            y1: 4,
        });
        let detour = route(&g).expect("a route");
        assert!(detour.len() > 7);
        assert!(!detour.contains(&g.at(4, 4).unwrap()), "{detour:?}");
    }

    #[test]
    fn strict_ascii_route_never_turns_where_a_line_points_at_the_corner() {
        // A corridor up column 5 (rows 5-7), across row 4 and up column 4 (rows 1-3): the
        // only way turns at (4, 4), where another network's line ends pointing at it.
        let line = [(1, 4, E | W), (2, 4, E | W), (3, 4, E | W)];
        for ascii in [false, true] {
            let mut g = grid_with(ascii, &line);
            for y in 1..8 {
                for x in 1..8 {
                    let open = match y {
                        1..=3 => x == 4,
                        4 => x == 4 || x == 5,
                        _ => x == 5,
                    };
                    let i = g.at(x, y).unwrap();
                    if !open && g.cells[i].bits == 0 {
                        g.cells[i].kind = Kind::Solid;
                    }
                }
            }
            let leg = leg(&g, (5, 7, N), (4, 1, N));
            let found = Router::new(g.w * g.h).search(&g, 1, leg, Rule::Strict);
            // Box drawing says which way a corner turns, so it joins nothing there; ASCII's
            // `+` would join the line, so the strict rule finds no way.
            assert_eq!(found.is_some(), !ascii, "ascii {ascii}: {found:?}");
            let loose = Router::new(g.w * g.h).search(&g, 1, leg, Rule::Loose);
            assert!(loose.is_some(), "the loose rule still gets through");
        }
    }
}
