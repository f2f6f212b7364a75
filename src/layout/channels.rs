//! Track assignment in a channel (the gap between two ranks), for orthogonal edges.
//!
//! An orthogonal edge crosses the gap between two ranks as a *run*: down from the rank above at
//! one x (`top`), along a horizontal track, down into the rank below at another x (`bottom`).
//! Every run gets a track, numbered from the top; runs on one track never overlap (no two edges
//! share a segment). The order of tracks decides the crossings: run B's descent at `top(B)`
//! crosses run A's track if `top(B)` lies within A's span and B's track is below A's, so B wants
//! to be above A; B's rise at `bottom(B)` within A's span wants B below A. These wishes form a
//! graph; where they contradict each other (two runs whose order swaps between the ranks) a
//! crossing is unavoidable and the wish is dropped; the rest is acyclic apart from rare cycles of
//! three or more, which are broken at their back edges. One run coming down at the very x
//! where another goes on below must be above it (else they would share that stretch): that is
//! not a wish but a must, and wins. Tracks then go to runs in that order,
//! first fit (as the left-edge algorithm of channel routing, with vertical constraints):
//! as few tracks as the wishes allow.
//!
//! Nothing here knows pixels or cells: spans and gaps are in whatever unit the caller uses, so
//! the same assignment serves SVG (tracks some pixels apart) and text art (a row per track).

/// One edge's run through a channel: where it comes down from above and goes on below.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Run {
    pub top: f64,
    pub bottom: f64,
}

impl Run {
    fn lo(&self) -> f64 {
        self.top.min(self.bottom)
    }
    fn hi(&self) -> f64 {
        self.top.max(self.bottom)
    }
    /// Whether `x` lies inside the span (not at its ends), `tol` in from each end.
    fn inside(&self, x: f64, tol: f64) -> bool {
        x > self.lo() + tol && x < self.hi() - tol
    }
}

/// The track of each run (0 the topmost) and the number of tracks. Runs on one track keep at
/// least `gap` between them.
pub(crate) fn assign(runs: &[Run], gap: f64) -> (Vec<usize>, usize) {
    let n = runs.len();
    if n == 0 {
        return (Vec::new(), 0);
    }
    if n > CROWDED {
        return left_edge(runs, gap);
    }
    let tol = 1e-6;
    // above[a] lists the runs `a` must be above. Only runs whose spans overlap have wishes:
    // visit those pairs, by left end.
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut by_lo: Vec<usize> = (0..n).collect();
    by_lo.sort_by(|&a, &b| runs[a].lo().total_cmp(&runs[b].lo()).then(a.cmp(&b)));
    for (i, &a) in by_lo.iter().enumerate() {
        for &b in &by_lo[i + 1..] {
            if runs[b].lo() > runs[a].hi() + tol {
                break;
            }
            let (ra, rb) = (&runs[a], &runs[b]);
            // Where one run comes down at the x the other goes on below, the one coming down
            // must be above, or the two share that stretch of line: a must, not a wish.
            let same = |x: f64, y: f64| (x - y).abs() <= tol;
            let (must_ab, must_ba) = (same(ra.top, rb.bottom), same(rb.top, ra.bottom));
            // a above b wished for by: b's descent inside a's span, or a's rise inside b's.
            let a_over_b = rb.inside(ra.top, tol) || ra.inside(rb.bottom, tol);
            let b_over_a = ra.inside(rb.top, tol) || rb.inside(ra.bottom, tol);
            match (must_ab, must_ba, a_over_b, b_over_a) {
                (true, false, ..) => above[a].push(b),
                (false, true, ..) => above[b].push(a),
                (false, false, true, false) => above[a].push(b),
                (false, false, false, true) => above[b].push(a),
                // Contradicting wishes: they cross whichever way.
                _ => {}
            }
        }
    }
    let order = topological(&above, runs);
    // First fit, below every run it must be under.
    let mut track = vec![usize::MAX; n];
    let mut lowest = vec![0usize; n];
    let mut lanes: Vec<Vec<(f64, f64)>> = Vec::new();
    for &r in &order {
        let (lo, hi) = (runs[r].lo() - gap / 2.0, runs[r].hi() + gap / 2.0);
        let t = (lowest[r]..)
            .find(|&t| {
                lanes
                    .get(t)
                    .is_none_or(|lane| lane.iter().all(|&(a, b)| hi <= a || lo >= b))
            })
            .expect("an empty track exists");
        if lanes.len() <= t {
            lanes.resize(t + 1, Vec::new());
        }
        lanes[t].push((lo, hi));
        track[r] = t;
        for &b in &above[r] {
            lowest[b] = lowest[b].max(t + 1);
        }
    }
    (track, lanes.len())
}

/// Runs in a channel past which wishes are not weighed: comparing every overlapping pair and
/// fitting each run against every track grow with the square of the runs, and a channel this
/// crowded is a mesh (huge generated graphs) where the order of tracks no longer helps.
const CROWDED: usize = 2_000;

/// The left-edge algorithm alone: runs by left end, each on the lowest track free by then, in
/// O(n log n). No wishes, so more crossings; for [`CROWDED`] channels only.
fn left_edge(runs: &[Run], gap: f64) -> (Vec<usize>, usize) {
    use std::cmp::Reverse;
    use std::collections::{BTreeSet, BinaryHeap};
    #[derive(PartialEq)]
    struct End(f64);
    impl Eq for End {}
    impl PartialOrd for End {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for End {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&o.0)
        }
    }
    let mut by_lo: Vec<usize> = (0..runs.len()).collect();
    by_lo.sort_by(|&a, &b| runs[a].lo().total_cmp(&runs[b].lo()).then(a.cmp(&b)));
    let mut busy: BinaryHeap<Reverse<(End, usize)>> = BinaryHeap::new();
    let mut free: BTreeSet<usize> = BTreeSet::new();
    let mut count = 0;
    let mut track = vec![0; runs.len()];
    for r in by_lo {
        let lo = runs[r].lo();
        while busy
            .peek()
            .is_some_and(|Reverse((end, _))| end.0 + gap <= lo)
        {
            let Reverse((_, t)) = busy.pop().expect("peeked");
            free.insert(t);
        }
        let t = free.pop_first().unwrap_or_else(|| {
            count += 1;
            count - 1
        });
        track[r] = t;
        busy.push(Reverse((End(runs[r].hi()), t)));
    }
    (track, count)
}

/// The runs in an order where each comes before the runs it must be above: a depth-first walk
/// (runs by their left end) whose back edges are dropped, emitted in reverse post-order.
fn topological(above: &[Vec<usize>], runs: &[Run]) -> Vec<usize> {
    let n = above.len();
    let mut starts: Vec<usize> = (0..n).collect();
    starts.sort_by(|&a, &b| runs[a].lo().total_cmp(&runs[b].lo()).then(a.cmp(&b)));
    // 0 unseen, 1 on the walk, 2 done.
    let mut state = vec![0u8; n];
    let mut post = Vec::with_capacity(n);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for &s in starts.iter().rev() {
        if state[s] != 0 {
            continue;
        }
        state[s] = 1;
        stack.push((s, 0));
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if let Some(&w) = above[v].get(*i) {
                *i += 1;
                if state[w] == 0 {
                    state[w] = 1;
                    stack.push((w, 0));
                }
            } else {
                state[v] = 2;
                post.push(v);
                stack.pop();
            }
        }
    }
    post.reverse();
    post
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(top: f64, bottom: f64) -> Run {
        Run { top, bottom }
    }

    /// Crossings of the assignment: a run's descent or rise crossing another's track.
    fn crossings(runs: &[Run], track: &[usize]) -> usize {
        let mut c = 0;
        for a in 0..runs.len() {
            for b in 0..runs.len() {
                if a == b {
                    continue;
                }
                // b's descent at top(b) goes from the top down to b's track.
                if runs[a].inside(runs[b].top, 1e-6) && track[b] > track[a] {
                    c += 1;
                }
                if runs[a].inside(runs[b].bottom, 1e-6) && track[b] < track[a] {
                    c += 1;
                }
            }
        }
        c
    }

    #[test]
    fn a_known_channel() {
        // Three edges fanning right, nested: 0 -> 30, 10 -> 40, 20 -> 50. Each descent lies in
        // the spans of those to its left, each rise in the spans of those to its right: the
        // rightmost runs go on top, one track each, no crossings.
        let runs = [run(0.0, 30.0), run(10.0, 40.0), run(20.0, 50.0)];
        let (track, count) = assign(&runs, 5.0);
        assert_eq!(count, 3);
        assert_eq!(track, vec![2, 1, 0]);
        assert_eq!(crossings(&runs, &track), 0);
        // Two runs far apart share a track.
        let runs = [run(0.0, 10.0), run(100.0, 90.0)];
        assert_eq!(assign(&runs, 5.0), (vec![0, 0], 1));
        // Runs that swap order cross once, whatever the tracks.
        let runs = [run(0.0, 40.0), run(30.0, 10.0)];
        let (track, count) = assign(&runs, 5.0);
        assert_eq!(count, 2);
        assert_eq!(crossings(&runs, &track), 1);
        // A fan-in and a fan-out side by side: left-going and right-going runs interleave
        // without crossing.
        let runs = [
            run(0.0, 50.0),
            run(100.0, 55.0),
            run(150.0, 210.0),
            run(300.0, 215.0),
        ];
        let (track, _) = assign(&runs, 5.0);
        assert_eq!(crossings(&runs, &track), 0);
    }

    #[test]
    fn a_crowded_channel_still_keeps_runs_on_a_track_apart() {
        // More runs than weighed: each overlapping pair on different tracks, few tracks.
        let runs: Vec<Run> = (0..CROWDED + 10)
            .map(|i| run(i as f64 * 10.0, i as f64 * 10.0 + 25.0))
            .collect();
        let (track, count) = assign(&runs, 5.0);
        assert_eq!(count, 3);
        for (i, a) in runs.iter().enumerate() {
            for (j, b) in runs.iter().enumerate().skip(i + 1) {
                if track[i] == track[j] {
                    assert!(b.lo() >= a.hi() + 5.0 || a.lo() >= b.hi() + 5.0, "{i} {j}");
                }
            }
        }
    }

    #[test]
    fn a_run_coming_down_where_another_goes_on_is_above_it() {
        // Run 0 goes from 65 on to 60 below; run 1 comes down at 60 and goes to 40. Were run 0
        // above, both would use x = 60 between their tracks: run 1 must be the upper one.
        for runs in [
            [run(65.0, 60.0), run(60.0, 40.0)],
            [run(60.0, 40.0), run(65.0, 60.0)],
        ] {
            let (track, count) = assign(&runs, 5.0);
            assert_eq!(count, 2);
            let (goes_on, comes_down) = if runs[0].top == 65.0 { (0, 1) } else { (1, 0) };
            assert!(track[comes_down] < track[goes_on], "{track:?}");
        }
    }
}
