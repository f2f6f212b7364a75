//! Orthogonal edges (`curve: step`, and `rounded`, mermaid 12's look): tracks, paths, line hops.
//!
//! [`plan`] (before title gaps and routing): every orthogonal edge crosses the gap between two
//! ranks as a run from where it comes down to where it goes on ([`super::channels`] gives each
//! run a track); a gap too short for its tracks is lengthened. [`polyline`] (in routing): the
//! edge's corners, straight down through the ranks, along its track in each gap. [`hops`]: where
//! a horizontal segment (on screen) crosses a vertical one of another edge, the horizontal one
//! gets a small semicircle bulging upwards. [`to_path`]: corners rounded (`rounded`) or sharp
//! (`step`), hops drawn.
//!
//! All in the top-to-bottom frame; which frame axis is horizontal on screen, and which way is up,
//! depends on the diagram's direction.

use super::build::{Kind, LGraph, RouteKind};
use super::channels::{assign, Run};
use super::route::corridor;
use super::title_gaps::lengthen_each;
use super::{Curve, LayoutOptions, Path, Point, Seg};
use crate::graph::Direction;

/// How far a rounded corner cuts into each of its segments (mermaid 12: 5 / sin 45°).
pub(crate) const CORNER: f64 = 7.07;
/// The radius of a line hop; where a corner or another hop leaves less room, a smaller one, down
/// to the least (mermaid 12's numbers).
pub(crate) const HOP: f64 = 6.0;
const HOP_MIN: f64 = 3.6;
/// Room kept between a hop and a corner or the next hop.
const HOP_CLEARANCE: f64 = 2.0;
/// The magic number for a quarter circle as a cubic Bézier.
const KAPPA: f64 = 0.552_284_75;

/// The tracks of every orthogonal edge: per gap (after rank r) how many, and per route its track
/// in each gap it runs along (by the rank above the gap).
#[derive(Clone, Debug, Default)]
pub(crate) struct Tracks {
    pub count: Vec<usize>,
    pub of: Vec<Vec<(usize, usize)>>,
    /// Distance between neighbouring tracks.
    pub pitch: f64,
}

impl Tracks {
    /// The track of route `r` in the gap after rank `rank`, if it runs along one there.
    fn track(&self, r: usize, rank: usize) -> Option<usize> {
        self.of
            .get(r)?
            .iter()
            .find(|&&(k, _)| k == rank)
            .map(|&(_, t)| t)
    }

    /// The height the tracks of the gap after `rank` need (a pitch above and below them).
    pub fn need(&self, rank: usize) -> f64 {
        match self.count.get(rank) {
            Some(&k) if k > 0 => (k + 1) as f64 * self.pitch,
            _ => 0.0,
        }
    }
}

/// Whether a curve is drawn orthogonally.
pub(crate) fn is_orthogonal(curve: Curve) -> bool {
    matches!(curve, Curve::Step | Curve::Rounded)
}

/// The x of each point of route `r`'s chain: its ports at the ends, the points between. A point
/// of a long edge (not its label) moves to the x of the point below it when its stretch of the
/// rank allows, from the lower end up: the edge comes straight into its target and turns as few
/// times as it can (the unnecessary bends of a long edge removed).
fn chain_xs(g: &LGraph, r: usize, ports: &[[f64; 2]], opts: &LayoutOptions) -> Vec<f64> {
    let chain = &g.routes[r].chain;
    let last = chain.len() - 1;
    let mut xs: Vec<f64> = chain
        .iter()
        .enumerate()
        .map(|(i, &v)| match i {
            0 => ports[r][0],
            i if i == last => ports[r][1],
            _ => g.nodes[v].x,
        })
        .collect();
    for k in (1..last).rev() {
        if let Kind::Dummy(_) = g.nodes[chain[k]].kind {
            let (lo, hi) = corridor(g, chain[k], opts);
            if xs[k + 1] >= lo && xs[k + 1] <= hi {
                xs[k] = xs[k + 1];
            }
        }
    }
    xs
}

/// Give every run of an orthogonal edge its track; lengthen gaps too short for their tracks.
pub(crate) fn plan(g: &mut LGraph, ports: &[[f64; 2]], opts: &LayoutOptions) -> Tracks {
    let gaps = g.layers.len().saturating_sub(1);
    let mut runs: Vec<Vec<(usize, Run)>> = vec![Vec::new(); gaps];
    for r in 0..g.routes.len() {
        if !is_orthogonal(g.routes[r].curve)
            || !matches!(g.routes[r].kind, RouteKind::Ranked(_))
            || g.routes[r].chain.len() < 2
        {
            continue;
        }
        let xs = chain_xs(g, r, ports, opts);
        let first = g.nodes[g.routes[r].chain[0]].rank as usize;
        for k in 0..xs.len() - 1 {
            if (xs[k] - xs[k + 1]).abs() > 1e-6 {
                runs[first + k].push((
                    r,
                    Run {
                        top: xs[k],
                        bottom: xs[k + 1],
                    },
                ));
            }
        }
    }
    let mut tracks = Tracks {
        count: vec![0; gaps],
        of: vec![Vec::new(); g.routes.len()],
        pitch: opts.track_spacing,
    };
    // Each gap as long as its tracks need, all gaps moved in one pass at the end.
    let mut extra = vec![0.0; g.layers.len()];
    for (gap, list) in runs.iter().enumerate() {
        let plain: Vec<Run> = list.iter().map(|&(_, run)| run).collect();
        let (track, count) = assign(&plain, opts.track_spacing);
        tracks.count[gap] = count;
        for (&(r, _), t) in list.iter().zip(track) {
            tracks.of[r].push((gap, t));
        }
        let have = g.band_top[gap + 1] - g.band_bottom[gap];
        extra[gap] = (tracks.need(gap) - have).max(0.0);
    }
    lengthen_each(g, &extra);
    tracks
}

/// The y of track `t` in the gap after `rank`: the tracks centred in the gap, or around the
/// height its bends must keep to (to pass a title).
fn track_y(g: &LGraph, tracks: &Tracks, rank: usize, t: usize) -> f64 {
    let k = tracks.count[rank];
    let centre = g.gap_bend[rank].unwrap_or((g.band_bottom[rank] + g.band_top[rank + 1]) / 2.0);
    centre + (t as f64 - (k as f64 - 1.0) / 2.0) * tracks.pitch
}

/// The corners of route `r`'s orthogonal path, from its upper end (at `start`) to its lower end
/// (at `end`): straight down through the ranks, along its track in each gap it moves sideways in.
pub(crate) fn polyline(
    g: &LGraph,
    r: usize,
    ports: &[[f64; 2]],
    tracks: &Tracks,
    (start, end): (Point, Point),
    opts: &LayoutOptions,
) -> Vec<Point> {
    let xs = chain_xs(g, r, ports, opts);
    let first = g.nodes[g.routes[r].chain[0]].rank as usize;
    let mut pts = vec![start];
    for k in 0..xs.len() - 1 {
        if let Some(t) = tracks.track(r, first + k) {
            let y = track_y(g, tracks, first + k, t);
            pts.push(Point::new(xs[k], y));
            pts.push(Point::new(xs[k + 1], y));
        }
    }
    pts.push(end);
    pts.dedup_by(|a, b| (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9);
    pts
}

/// A line hop: a semicircle of `radius` centred on the crossing `at`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hop {
    /// The crossing.
    pub at: Point,
    /// The semicircle's radius.
    pub radius: f64,
}

/// Screen orientation in the frame: whether the frame's horizontal is horizontal on screen, and
/// which way (frame) is up on screen.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Screen {
    pub frame_horizontal: bool,
    pub up: Point,
}

impl Screen {
    pub fn of(dir: Direction) -> Screen {
        match dir {
            Direction::TB => Screen {
                frame_horizontal: true,
                up: Point::new(0.0, -1.0),
            },
            Direction::BT => Screen {
                frame_horizontal: true,
                up: Point::new(0.0, 1.0),
            },
            Direction::LR | Direction::RL => Screen {
                frame_horizontal: false,
                up: Point::new(-1.0, 0.0),
            },
        }
    }
}

/// The most crossings a drawing hops: a hop helps the eye follow a line past a few others;
/// past this many the drawing is a mesh that hops only make heavier (and its SVG larger by an
/// arc per crossing), so its crossings stay plain.
pub(crate) const MAX_HOPS: usize = 10_000;

/// Where each polyline hops over another: per line, the hops in the order they are met. A
/// segment horizontal on screen hops where a vertical segment of another line crosses it
/// (strictly inside both), as wide as the room to the segment's corners and to its other hops
/// allows; a crossing with less room than the smallest hop is left as it is. A drawing with
/// more than [`MAX_HOPS`] crossings gets none.
pub(crate) fn hops(lines: &[Vec<Point>], screen: Screen, corner: f64) -> Vec<Vec<Hop>> {
    let Some(found) = crossings(lines, MAX_HOPS) else {
        return vec![Vec::new(); lines.len()];
    };
    // Crossings found by a sweep over x, each filed under the segment that hops.
    let mut at: Vec<Vec<Vec<(f64, Point)>>> = lines
        .iter()
        .map(|l| vec![Vec::new(); l.len().saturating_sub(1)])
        .collect();
    for ((h_line, h_seg), (v_line, v_seg), c) in found {
        // The frame-horizontal segment is horizontal on screen unless the drawing runs sideways.
        let (line, seg) = if screen.frame_horizontal {
            (h_line, h_seg)
        } else {
            (v_line, v_seg)
        };
        let a = lines[line][seg];
        at[line][seg].push(((c.x - a.x).abs() + (c.y - a.y).abs(), c));
    }
    let mut out = vec![Vec::new(); lines.len()];
    for (i, line) in lines.iter().enumerate() {
        for (s, found) in at[i].iter_mut().enumerate() {
            if found.is_empty() {
                continue;
            }
            let (a, b) = (line[s], line[s + 1]);
            let len = (b.x - a.x).abs() + (b.y - a.y).abs();
            // Corners at either end take a cut; hops keep clear of it.
            let cut_a = if s > 0 { corner.min(len / 2.0) } else { 0.0 };
            let cut_b = if s + 2 < line.len() {
                corner.min(len / 2.0)
            } else {
                0.0
            };
            found.sort_by(|x, y| x.0.total_cmp(&y.0));
            found.dedup_by(|x, y| (x.0 - y.0).abs() < 1e-9);
            // Each hop as wide as the room allows: to the corners, and halfway to its neighbours.
            let mut prev_end = cut_a + HOP_CLEARANCE;
            for (k, &(along, c)) in found.iter().enumerate() {
                let next_limit = found
                    .get(k + 1)
                    .map_or(len - cut_b - HOP_CLEARANCE, |n| (along + n.0) / 2.0);
                let radius = HOP.min(along - prev_end).min(next_limit - along);
                if radius >= HOP_MIN {
                    out[i].push(Hop { at: c, radius });
                    prev_end = along + radius + HOP_CLEARANCE;
                }
            }
        }
    }
    out
}

/// A segment of a polyline: (line, index of its first point).
type SegId = (usize, usize);

/// Every crossing of a frame-horizontal segment with a frame-vertical one of another line,
/// strictly inside both: a sweep over x with the horizontal segments in play ordered by y,
/// O((n + k) log n).
fn crossings(lines: &[Vec<Point>], limit: usize) -> Option<Vec<(SegId, SegId, Point)>> {
    #[derive(Clone, Copy, PartialEq)]
    struct Key(f64, usize, usize);
    impl Eq for Key {}
    impl PartialOrd for Key {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Key {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            self.0
                .total_cmp(&o.0)
                .then(self.1.cmp(&o.1))
                .then(self.2.cmp(&o.2))
        }
    }
    // Events at an x: horizontal segments leave (0), verticals are looked up (1), horizontal
    // segments arrive (2), so only crossings strictly inside both count.
    let mut events: Vec<(f64, u8, usize, usize)> = Vec::new();
    for (l, line) in lines.iter().enumerate() {
        for (s, w) in line.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            if (a.y - b.y).abs() < 1e-9 && (a.x - b.x).abs() > 1e-9 {
                events.push((a.x.min(b.x), 2, l, s));
                events.push((a.x.max(b.x), 0, l, s));
            } else if (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() > 1e-9 {
                events.push((a.x, 1, l, s));
            }
        }
    }
    events.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
    let mut active: std::collections::BTreeSet<Key> = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    let eps = 1e-6;
    for (x, kind, l, s) in events {
        let (a, b) = (lines[l][s], lines[l][s + 1]);
        match kind {
            0 => {
                active.remove(&Key(a.y, l, s));
            }
            2 => {
                active.insert(Key(a.y, l, s));
            }
            _ => {
                let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
                if y1 - y0 <= 2.0 * eps {
                    continue;
                }
                let range = Key(y0 + eps, 0, 0)..Key(y1 - eps, usize::MAX, usize::MAX);
                for &Key(y, hl, hs) in active.range(range) {
                    if hl != l {
                        if out.len() == limit {
                            return None;
                        }
                        out.push(((hl, hs), (l, s), Point::new(x, y)));
                    }
                }
            }
        }
    }
    Some(out)
}

/// The path along the corners `pts`, corners rounded by `corner` (0: sharp), a semicircle over
/// each hop (on the segment it lies on, bulging `screen.up`).
pub(crate) fn to_path(pts: &[Point], hops: &[Hop], corner: f64, screen: Screen) -> Path {
    let mut segs = Vec::new();
    let n = pts.len();
    if n < 2 {
        return Path {
            start: pts.first().copied().unwrap_or_default(),
            segs,
        };
    }
    let unit = |a: Point, b: Point| {
        let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        (
            Point::new((b.x - a.x) / len.max(1e-12), (b.y - a.y) / len.max(1e-12)),
            len,
        )
    };
    // The cut at each corner.
    let cuts: Vec<f64> = (0..n)
        .map(|i| {
            if i == 0 || i == n - 1 || corner <= 0.0 {
                return 0.0;
            }
            let (_, l1) = unit(pts[i - 1], pts[i]);
            let (_, l2) = unit(pts[i], pts[i + 1]);
            corner.min(l1 / 2.0).min(l2 / 2.0)
        })
        .collect();
    let start = pts[0];
    let mut hop_iter = hops.iter().peekable();
    for i in 0..n - 1 {
        let (a, b) = (pts[i], pts[i + 1]);
        let (d, len) = unit(a, b);
        // Hops on this segment, in order along it.
        let mut on: Vec<Hop> = Vec::new();
        while let Some(&&hop) = hop_iter.peek() {
            let h = hop.at;
            let along = (h.x - a.x) * d.x + (h.y - a.y) * d.y;
            let off = ((h.x - a.x) * d.y - (h.y - a.y) * d.x).abs();
            if off < 1e-6 && along > 0.0 && along < len {
                on.push(hop);
                hop_iter.next();
            } else {
                break;
            }
        }
        // The bulge: screen up, as a frame vector, perpendicular to the segment.
        let n_dir = screen.up;
        for Hop { at: h, radius: r } in on {
            let p0 = Point::new(h.x - r * d.x, h.y - r * d.y);
            let p1 = Point::new(h.x + r * n_dir.x, h.y + r * n_dir.y);
            let p2 = Point::new(h.x + r * d.x, h.y + r * d.y);
            let k = KAPPA * r;
            segs.push(Seg::Line(p0));
            segs.push(Seg::Cubic(
                Point::new(p0.x + k * n_dir.x, p0.y + k * n_dir.y),
                Point::new(p1.x - k * d.x, p1.y - k * d.y),
                p1,
            ));
            segs.push(Seg::Cubic(
                Point::new(p1.x + k * d.x, p1.y + k * d.y),
                Point::new(p2.x + k * n_dir.x, p2.y + k * n_dir.y),
                p2,
            ));
        }
        // To the start of the corner at b (or b itself at the end).
        let cut = cuts[i + 1];
        let before = Point::new(b.x - cut * d.x, b.y - cut * d.y);
        segs.push(Seg::Line(before));
        if cut > 0.0 {
            let (d2, _) = unit(b, pts[i + 2]);
            let after = Point::new(b.x + cut * d2.x, b.y + cut * d2.y);
            // The quadratic with control point b, as a cubic.
            let c1 = Point::new(
                before.x + 2.0 / 3.0 * (b.x - before.x),
                before.y + 2.0 / 3.0 * (b.y - before.y),
            );
            let c2 = Point::new(
                after.x + 2.0 / 3.0 * (b.x - after.x),
                after.y + 2.0 / 3.0 * (b.y - after.y),
            );
            segs.push(Seg::Cubic(c1, c2, after));
        }
    }
    Path { start, segs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hop_where_two_segments_cross() {
        // Line 0 runs right along y = 10 from x = 0 to 100; line 1 comes down x = 50 through it.
        let lines = vec![
            vec![Point::new(0.0, 10.0), Point::new(100.0, 10.0)],
            vec![Point::new(50.0, 0.0), Point::new(50.0, 30.0)],
        ];
        let screen = Screen::of(Direction::TB);
        let h = hops(&lines, screen, CORNER);
        let at = Point::new(50.0, 10.0);
        assert_eq!(h[0], vec![Hop { at, radius: HOP }]);
        assert!(h[1].is_empty(), "vertical segments do not hop");
        // The hop is a semicircle of radius HOP above the line (y smaller on screen).
        let p = to_path(&lines[0], &h[0], CORNER, screen);
        let top = p.bounds();
        assert!((top.y - (10.0 - HOP)).abs() < 1e-6, "{top:?}");
        assert_eq!(p.end(), Point::new(100.0, 10.0));
        // In a left-to-right drawing the frame's vertical segment is the one horizontal on screen.
        let h = hops(&lines, Screen::of(Direction::LR), CORNER);
        assert!(h[0].is_empty());
        assert_eq!(h[1], vec![Hop { at, radius: HOP }]);
    }

    #[test]
    fn hops_shrink_near_corners_and_vanish_in_them() {
        // Line 0 turns down at x = 100 (a corner cutting 7.07 into the segment).
        let corner_at = |x: f64| {
            vec![
                vec![
                    Point::new(0.0, 10.0),
                    Point::new(100.0, 10.0),
                    Point::new(100.0, 50.0),
                ],
                vec![Point::new(x, 0.0), Point::new(x, 30.0)],
            ]
        };
        let screen = Screen::of(Direction::TB);
        // 14 from the corner: 14 − 7.07 − 2 leaves room for a smaller hop.
        let h = hops(&corner_at(86.0), screen, CORNER);
        assert_eq!(h[0].len(), 1);
        assert!((h[0][0].radius - (14.0 - CORNER - HOP_CLEARANCE)).abs() < 1e-9);
        // 3 from the corner: inside it, no hop.
        assert!(hops(&corner_at(97.0), screen, CORNER)[0].is_empty());
    }
}
