//! Fitting text art to a width: the diagram drawn again ever narrower (labels wrapped
//! tighter, spacing halved, a quarter turn) until a drawing fits, skipping plans that cannot
//! get there by the measure of what was drawn already. Every drawing routes the whole
//! diagram, so a plan skipped is most of a drawing's time saved.

use super::{draw_any, PaddedMeasure, Picture, TextError, TextOptions, MAX_ROUTING_WORK, ROUTER};
use crate::graph::{Diagram, Direction};
use crate::layout::measure::{CellMeasure, TextMeasure};
use crate::layout::{Layout, Rect};

/// What a drawing came out as.
#[derive(Clone, Copy, Debug)]
struct Drawn {
    width: usize,
    /// The widest a label could be in it (its wrap, or the widest label unwrapped).
    label_width: f64,
    compact: bool,
}

impl Drawn {
    /// How `picture`, drawn under `plan` (labels of at most `widest` cells), came out.
    fn of(picture: &Picture, plan: FitPlan, widest: f64) -> Drawn {
        Drawn {
            width: picture.width,
            label_width: plan.wrap.unwrap_or(widest),
            compact: plan.compact,
        }
    }

    /// The least width a drawing the same way round could come to under `plan`: labels no
    /// wider than it wraps them and spacing halved by compacting shrink it at most in
    /// proportion (gaps and lines do not shrink at all).
    fn least_width(&self, plan: &FitPlan, label_width: f64) -> f64 {
        let spacing = if plan.compact && !self.compact {
            0.5
        } else {
            1.0
        };
        self.width as f64 * (label_width / self.label_width).min(1.0) * spacing
    }
}

/// Draw `d` within `max` columns if some plan gets it there, else as narrow as the plans
/// tried went (as asked when no other could get there). A plan is not drawn when it cannot
/// reach `max` by the measure of a drawing already made: the last one drawn the same way
/// round and, for a quarter turn, the bands of ranks of the one as asked ([`turned_width`]).
pub(super) fn fit(
    d: &Diagram,
    o: &TextOptions,
    wrap: Option<f64>,
    max: usize,
) -> Result<Picture, TextError> {
    ROUTER.with(|r| r.borrow_mut().spent = 0);
    // The drawing as asked for must succeed; most fit as they are.
    let mut plans = fit_plans(wrap);
    let first = plans.next().expect("the plan as asked for");
    let mut asked = draw_any(d, o, first.wrap, first.compact)?;
    if asked.width <= max && asked.complete {
        return Ok(asked);
    }
    // Wrapping at a width no label reaches changes nothing: such a plan is one already tried.
    let widest = widest_label(d).max(1.0);
    let normal = |mut plan: FitPlan| {
        plan.wrap = plan.wrap.filter(|&w| w < widest);
        plan
    };
    let mut tried = vec![normal(first)];
    // The last drawing each way round: as laid out, turned.
    let mut last: [Option<Drawn>; 2] = [Some(Drawn::of(&asked, tried[0], widest)), None];
    let asked_bands = std::mem::take(&mut asked.bands);
    let mut narrowest = asked;
    let mut turned: Option<Diagram> = None;
    for plan in plans.map(normal) {
        if tried.contains(&plan) {
            continue;
        }
        tried.push(plan);
        let mut least = match last[usize::from(plan.turn)] {
            Some(m) => m.least_width(&plan, plan.wrap.unwrap_or(widest)),
            None => 0.0,
        };
        if plan.turn {
            least = least.max(turned_width(d, o, &asked_bands, plan.wrap));
        }
        // Every plan routes the whole drawing again: past the routing work one drawing may
        // take, the narrowest so far will do.
        // A plan that cannot fit is still tried while every drawing so far misses an edge.
        let hopeless = least > max as f64 && narrowest.complete;
        if hopeless || ROUTER.with(|r| r.borrow().spent) > MAX_ROUTING_WORK {
            continue;
        }
        let drawn = if plan.turn {
            let t = turned.get_or_insert_with(|| turned_a_quarter(d));
            draw_any(t, o, plan.wrap, plan.compact)
        } else {
            draw_any(d, o, plan.wrap, plan.compact)
        };
        // A plan that cannot be drawn is passed over.
        let Ok(picture) = drawn else { continue };
        if picture.width <= max && picture.complete {
            return Ok(picture);
        }
        last[usize::from(plan.turn)] = Some(Drawn::of(&picture, plan, widest));
        if picture.better_than(&narrowest) {
            narrowest = picture;
        }
    }
    Ok(narrowest)
}

/// The widest line of any label, unwrapped, in cells (as drawn: markdown keeps its markers).
fn widest_label(d: &Diagram) -> f64 {
    let m = PaddedMeasure {
        cells: CellMeasure::default(),
        extra: 0.0,
    };
    let width = |l: &crate::graph::Label| m.cells.size(&m.rich_text(l)).w;
    let nodes = d.nodes().map(|(_, n)| width(&n.label));
    let edges = d.edges().map(|(_, _, _, e)| width(&e.label));
    let titles = d.subgraphs.iter().map(|s| width(&s.title));
    nodes.chain(edges).chain(titles).fold(0.0, f64::max)
}

/// The bands `l`'s nodes and frames stand in along its ranks (rows top-down, columns
/// left-to-right): whatever overlaps along the ranks is one band. Each band lists its nodes.
pub(super) fn rank_bands(l: &Layout) -> Vec<Vec<usize>> {
    let along = |r: Rect| {
        if l.direction.is_horizontal() {
            (r.x, r.x + r.w)
        } else {
            (r.y, r.y + r.h)
        }
    };
    let nodes = l.nodes.iter().enumerate();
    let mut spans: Vec<(f64, f64, Option<usize>)> = nodes
        .filter_map(|(i, n)| n.as_ref().map(|n| (along(n.rect()), Some(i))))
        .chain(l.clusters.iter().flatten().map(|c| (along(c.rect), None)))
        .map(|((a, b), i)| (a, b, i))
        .collect();
    spans.sort_by(|p, q| p.0.total_cmp(&q.0));
    let mut bands: Vec<Vec<usize>> = Vec::new();
    let mut end = f64::NEG_INFINITY;
    for (a, b, node) in spans {
        if a >= end || bands.is_empty() {
            bands.push(Vec::new());
        }
        end = end.max(b);
        bands.last_mut().expect("a band").extend(node);
    }
    bands
}

/// The least width of `d` drawn a quarter turn round with labels wrapped at `wrap`, from the
/// bands of ranks as laid out (`bands`). Turned from top-down, the bands run across side by
/// side, each as wide as its widest node at least; turned from left-to-right, a band lies
/// across and is at least as wide as its widest node.
fn turned_width(d: &Diagram, o: &TextOptions, bands: &[Vec<usize>], wrap: Option<f64>) -> f64 {
    let m = PaddedMeasure {
        cells: CellMeasure { wrap },
        extra: 2.0 * (o.padding as f64 - 1.0),
    };
    // The label as wrapped, its padding and the two sides.
    let width = |i: usize| {
        let node = d.graph.node_weight(petgraph::graph::NodeIndex::new(i));
        node.map_or(0.0, |n| {
            crate::layout::build::measured(m.rich_text(&n.label), &m)
                .1
                .w
                + 2.0 * o.padding as f64
                + 2.0
        })
    };
    let widest = bands
        .iter()
        .map(|b| b.iter().map(|&i| width(i)).fold(0.0, f64::max));
    if d.direction.is_horizontal() {
        widest.fold(0.0, f64::max)
    } else {
        widest.sum()
    }
}

/// One way of drawing a diagram narrower.
#[derive(Clone, Copy, Debug, PartialEq)]
struct FitPlan {
    /// Lay it out a quarter turn from its direction (left-to-right drawn top-down, …).
    turn: bool,
    /// Wrap labels at this many columns.
    wrap: Option<f64>,
    /// Halve the spacing between nodes and ranks.
    compact: bool,
}

/// The ways of drawing a diagram ever narrower, mildest first: as asked; labels wrapped at
/// 20 columns with spacing compacted; then the same a quarter turn round (a long left-to-right
/// chain fits a screen top-down); then ever narrower wrapping, each way round.
fn fit_plans(wrap: Option<f64>) -> impl Iterator<Item = FitPlan> {
    let narrower = move |w: f64| wrap.is_none_or(|wrap| w < wrap);
    let plan = |turn, wrap, compact| FitPlan {
        turn,
        wrap,
        compact,
    };
    let first = [plan(false, wrap, false)];
    let mild = [20.0]
        .into_iter()
        .filter(move |&w| narrower(w))
        .map(move |w| plan(false, Some(w), true));
    let turned = [plan(true, wrap, false)].into_iter().chain(
        [20.0]
            .into_iter()
            .filter(move |&w| narrower(w))
            .map(move |w| plan(true, Some(w), true)),
    );
    let tight = [14.0, 10.0, 6.0]
        .into_iter()
        .filter(move |&w| narrower(w))
        .flat_map(move |w| [plan(false, Some(w), true), plan(true, Some(w), true)]);
    first.into_iter().chain(mild).chain(turned).chain(tight)
}

/// `d` laid out a quarter turn round: top-down becomes left-to-right and back, for the
/// diagram and every subgraph with a direction of its own.
fn turned_a_quarter(d: &Diagram) -> Diagram {
    let turn = |dir: Direction| match dir {
        Direction::TB => Direction::LR,
        Direction::BT => Direction::RL,
        Direction::LR => Direction::TB,
        Direction::RL => Direction::BT,
    };
    let mut t = d.clone();
    t.direction = turn(d.direction);
    for sg in &mut t.subgraphs {
        if let Some(dir) = sg.direction.as_deref().and_then(Direction::parse) {
            sg.direction = Some(turn(dir).as_str().to_string());
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagram(src: &str) -> Diagram {
        crate::parse_diagram(src).unwrap()
    }

    /// Top-down: a root over `n` children, each labelled `label` and a number.
    fn fan(n: usize, label: &str) -> Diagram {
        let mut src = String::from("flowchart TD\n");
        for i in 0..n {
            src += &format!("  r[Root] --> c{i}[{label} {i}]\n");
        }
        diagram(&src)
    }

    #[test]
    fn turned_width_is_at_most_what_the_turned_drawing_takes() {
        let o = TextOptions::default();
        let with_frames = "flowchart TD\n  subgraph s [Stage]\n    direction LR\n    a[Fetch the sources] --> b[Build]\n  end\n  s --> c[Publish the release notes] --> d[Done]\n";
        let chain =
            "flowchart LR\n  a[Receive the request] --> b[Check it] --> c[Write the ledger]\n";
        for d in [fan(6, "Worker"), diagram(with_frames), diagram(chain)] {
            let asked = draw_any(&d, &o, Some(30.0), false).unwrap();
            let t = turned_a_quarter(&d);
            for wrap in [None, Some(20.0), Some(6.0)] {
                let least = turned_width(&d, &o, &asked.bands, wrap);
                let drawn = draw_any(&t, &o, wrap, true).unwrap();
                assert!(least > 0.0);
                assert!(least <= drawn.width as f64, "{least} > {}", drawn.width);
            }
        }
        // Top-down, bands run across when turned: two bands, the root's and the children's.
        let d = fan(6, "Worker");
        let asked = draw_any(&d, &o, None, false).unwrap();
        assert_eq!(asked.bands.len(), 2);
        assert_eq!(asked.bands[1].len(), 6);
        // Each band as wide as its widest box: "Root" and "Worker 5", with padding and sides.
        assert_eq!(turned_width(&d, &o, &asked.bands, None), 8.0 + 12.0);
    }

    #[test]
    fn a_diagram_no_plan_can_fit_is_drawn_as_asked() {
        // Twenty chains of eleven boxes ten columns wide (labels too short to wrap): as
        // asked, a rank is past 200 columns, which halving the spacing cannot bring to 100;
        // turned, eleven ranks side by side need 110. Only the drawing as asked is made.
        let mut src = String::from("flowchart TD\n");
        for rank in 0..10 {
            for i in 0..20 {
                let (a, b) = (rank * 20 + i, (rank + 1) * 20 + i);
                src += &format!("  n{a}[Job{a:03}] --> n{b}[Job{b:03}]\n");
            }
        }
        let d = diagram(&src);
        let o = TextOptions::default();
        ROUTER.with(|r| r.borrow_mut().spent = 0);
        let as_asked = draw_any(&d, &o, Some(30.0), false).unwrap();
        let one_drawing = ROUTER.with(|r| r.borrow().spent);
        assert!(turned_width(&d, &o, &as_asked.bands, None) > 100.0);
        ROUTER.with(|r| r.borrow_mut().spent = 0);
        let fitted = fit(&d, &o, Some(30.0), 100).unwrap();
        assert!(fitted.width > 200, "{}", fitted.width);
        assert_eq!(fitted.text, as_asked.text);
        assert_eq!(
            ROUTER.with(|r| r.borrow().spent),
            one_drawing,
            "routed once"
        );
    }
}
