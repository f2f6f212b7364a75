//! Running one job per input on a rayon pool, with what each job says printed in input
//! order as soon as everything before it is done, and a progress bar for long batches.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What one job did.
#[derive(Debug, Default)]
pub struct Report {
    /// Diagnostics for standard error, printed in input order.
    pub messages: String,
    /// Diagrams rendered (or found valid).
    pub ok: usize,
    /// Diagrams that failed.
    pub failed: usize,
    /// Outputs that are not what rendering gives now (`--check`).
    pub stale: usize,
    /// The job's exit code (the worst of its diagrams').
    pub code: i32,
}

impl Report {
    /// Record an exit code; the worst one wins.
    pub fn code(&mut self, c: i32) {
        self.code = self.code.max(c);
    }
}

/// The sums over all jobs.
#[derive(Debug, Default)]
pub struct Totals {
    /// Diagrams rendered (or found valid).
    pub ok: usize,
    /// Diagrams that failed.
    pub failed: usize,
    /// Outputs found stale or missing (`--check`).
    pub stale: usize,
    /// The worst exit code.
    pub code: i32,
}

/// How long a batch runs before a progress bar appears.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Reports that came in before the ones ahead of them, and the sums so far.
#[derive(Default)]
struct Order {
    next: usize,
    waiting: BTreeMap<usize, Report>,
    totals: Totals,
}

/// Run `work` on every item with `jobs` threads (0: one per core). Each report's messages go
/// to standard error in the items' order, printed by whichever job completes the run of
/// reports ready to print (no thread waits for another); the outputs themselves are written
/// by the jobs, in parallel. With `progress`, a bar shows on standard error once the batch
/// has run for about a second. With `alone`, a single item runs on the calling thread (no
/// pool to start and stop); pass it only when `work` starts no parallel work of its own,
/// which would then run outside the `jobs` limit.
pub fn run<T: Sync>(
    items: &[T],
    jobs: usize,
    progress: bool,
    alone: bool,
    work: impl Fn(&T) -> Report + Sync,
) -> Result<Totals, String> {
    if let ([item], true) = (items, alone) {
        let r = work(item);
        let _ = std::io::stderr().lock().write_all(r.messages.as_bytes());
        return Ok(Totals {
            ok: r.ok,
            failed: r.failed,
            stale: r.stale,
            code: r.code,
        });
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("mmdr-{i}"))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let bar = ProgressBar::with_draw_target(Some(items.len() as u64), ProgressDrawTarget::hidden());
    let order = Mutex::new(Order::default());
    let finished = AtomicBool::new(false);
    std::thread::scope(|s| {
        if progress {
            s.spawn(|| show_progress(&bar, &finished));
        }
        pool.install(|| {
            items.par_iter().enumerate().for_each(|(i, item)| {
                let r = work(item);
                let mut guard = order.lock().unwrap_or_else(|p| p.into_inner());
                let o = &mut *guard;
                o.waiting.insert(i, r);
                while let Some(r) = o.waiting.remove(&o.next) {
                    if !r.messages.is_empty() {
                        bar.suspend(|| {
                            let mut err = std::io::stderr().lock();
                            let _ = err.write_all(r.messages.as_bytes());
                            let _ = err.flush();
                        });
                    }
                    o.totals.ok += r.ok;
                    o.totals.failed += r.failed;
                    o.totals.stale += r.stale;
                    o.totals.code = o.totals.code.max(r.code);
                    o.next += 1;
                }
                drop(guard);
                bar.inc(1);
            })
        });
        finished.store(true, Ordering::Release);
    });
    bar.finish_and_clear();
    let o = order.into_inner().unwrap_or_else(|p| p.into_inner());
    Ok(o.totals)
}

/// Show `bar` once the batch has run for [`PROGRESS_AFTER`], until `finished`.
fn show_progress(bar: &ProgressBar, finished: &AtomicBool) {
    let start = Instant::now();
    while !finished.load(Ordering::Acquire) {
        if start.elapsed() >= PROGRESS_AFTER {
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} [{elapsed}] {wide_bar} {pos}/{len} files")
            {
                bar.set_style(style);
            }
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(100));
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
