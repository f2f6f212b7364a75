//! Pass 6b (left-to-right drawings): keep edges out of subgraph titles.
//!
//! Pre: x and rank bands. Post: no edge crosses a title; `gap_bend[r]`, where set, is the y
//! (top-to-bottom frame) around which every bend between ranks `r` and `r + 1` turns.
//!
//! In the frame, a horizontal drawing's box has its title along its left side (on screen,
//! centred across its top), in a strip no node enters. Edges cross that side only between ranks,
//! where they bend. When such a bend's gap overlaps the title, the gap is lengthened until part
//! of it lies clear of the title (the title, centred over the box, moves by half as much), and the
//! bends of that gap are made there: straight down to just before the window, an S-curve (or
//! step) within it, straight on after.

use super::build::{Kind, LGraph, TitleSide};
use super::ortho::Tracks;
use super::LayoutOptions;

/// Half the height of a bend made in a window (frame units: px or cells).
pub(crate) const BEND_HALF: f64 = 8.0;
/// Room kept between a title and a bend passing it.
const MARGIN: f64 = 4.0;
/// Rounds of lengthening at most (each settles the gaps it finds; a few settle all).
const ROUNDS: usize = 6;

/// Lengthen gaps whose bends would cross a title, and say where their bends go.
pub(crate) fn run(g: &mut LGraph, opts: &LayoutOptions, tracks: &Tracks) {
    let gaps = g.layers.len().saturating_sub(1);
    g.gap_bend = vec![None; gaps];
    if g.title_side != TitleSide::Left || !g.clusters.iter().any(|c| c.active) {
        return;
    }
    let strips = title_strips(g, opts);
    if strips.is_empty() {
        return;
    }
    for _ in 0..ROUNDS {
        let mut lengthened = false;
        for r in 0..gaps {
            let Some((lo, hi)) = blocked(g, &strips, r) else {
                continue;
            };
            let (top, bottom) = (g.band_bottom[r], g.band_top[r + 1]);
            // Room for a bend, or for the gap's tracks.
            let need = (2.0 * BEND_HALF).max(tracks.need(r)) + MARGIN;
            if lo - top >= need || bottom - hi >= need {
                continue;
            }
            // Lengthening the gap by d moves the titles over it by d/2: clear before or after.
            let before = 2.0 * (top + need - lo);
            let after = 2.0 * (need + hi - bottom);
            lengthen(g, r, before.min(after).max(0.0) + 1.0);
            lengthened = true;
        }
        if !lengthened {
            break;
        }
    }
    for r in 0..gaps {
        if let Some((lo, hi)) = blocked(g, &strips, r) {
            let (top, bottom) = (g.band_bottom[r], g.band_top[r + 1]);
            g.gap_bend[r] = Some(if bottom - hi >= lo - top {
                (hi + bottom) / 2.0
            } else {
                (top + lo) / 2.0
            });
        }
    }
}

/// A box's title strip: its box, and the title's extent across the ranks (x, frame).
struct Strip {
    cluster: usize,
    x0: f64,
    x1: f64,
}

fn title_strips(g: &LGraph, opts: &LayoutOptions) -> Vec<Strip> {
    let mut left = vec![f64::MAX; g.clusters.len()];
    for n in &g.nodes {
        if let Kind::Border {
            cluster,
            right: false,
        } = n.kind
        {
            left[cluster] = left[cluster].min(n.x);
        }
    }
    (0..g.clusters.len())
        .filter(|&s| g.clusters[s].active && g.clusters[s].title_size.w > 0.0)
        .map(|s| {
            let x0 = left[s] + opts.cluster_padding / 2.0;
            Strip {
                cluster: s,
                x0,
                x1: x0 + g.clusters[s].title_size.h,
            }
        })
        .collect()
}

/// The span (y, frame) of the titles that some bend of gap `r` crosses, widened by the margin.
fn blocked(g: &LGraph, strips: &[Strip], r: usize) -> Option<(f64, f64)> {
    let (top, bottom) = (g.band_bottom[r], g.band_top[r + 1]);
    let mut span: Option<(f64, f64)> = None;
    for s in strips {
        let c = &g.clusters[s.cluster];
        let (first, last) = (
            g.nodes[c.top].rank as usize,
            g.nodes[c.bottom].rank as usize,
        );
        if r < first || r >= last {
            continue;
        }
        let mid = (g.band_top[first] + g.band_bottom[last]) / 2.0;
        let (lo, hi) = (
            mid - c.title_size.w / 2.0 - MARGIN,
            mid + c.title_size.w / 2.0 + MARGIN,
        );
        if hi <= top || lo >= bottom || !crossed(g, r, s.x0, s.x1) {
            continue;
        }
        span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
    }
    span
}

/// Whether a bend between ranks `r` and `r + 1` runs across x in `x0..x1`.
fn crossed(g: &LGraph, r: usize, x0: f64, x1: f64) -> bool {
    g.layers[r].iter().any(|&u| {
        g.down.of(u).iter().any(|&v| {
            let (a, b) = (g.nodes[u].x, g.nodes[v as usize].x);
            let both_sides = matches!(g.nodes[u].kind, Kind::Border { .. })
                && matches!(g.nodes[v as usize].kind, Kind::Border { .. });
            !both_sides && a.min(b) < x1 && a.max(b) > x0
        })
    })
}

/// Make the gap after rank `r` longer by `d`: every later rank moves down.
pub(crate) fn lengthen(g: &mut LGraph, r: usize, d: f64) {
    let mut extra = vec![0.0; g.layers.len()];
    extra[r] = d;
    lengthen_each(g, &extra);
}

/// Lengthen the gap after each rank `r` by `extra[r]`, all in one pass over the nodes.
pub(crate) fn lengthen_each(g: &mut LGraph, extra: &[f64]) {
    let mut total = 0.0;
    let shift: Vec<f64> = (0..g.layers.len())
        .map(|k| {
            let before = total;
            total += extra.get(k).copied().unwrap_or(0.0);
            before
        })
        .collect();
    if total == 0.0 {
        return;
    }
    for (k, s) in shift.iter().enumerate() {
        g.band_top[k] += s;
        g.band_bottom[k] += s;
    }
    for n in &mut g.nodes {
        n.y += shift[n.rank as usize];
    }
}
