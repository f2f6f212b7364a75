//! `mmdr render --watch`: after the first render, render each input again whenever it
//! changes, until interrupted.
//!
//! The directories holding the inputs are watched (not the files themselves): editors often
//! save by writing a new file and renaming it over the old one, which a watch on the file
//! would lose. Events for anything but an input (outputs written beside it, say) are ignored,
//! and a burst of events (one save can make several) is rendered once: what changes within
//! [`SETTLE`] of the first change of an input (a fixed deadline, so that a stream of
//! unrelated events, a viewer re-reading the output say, cannot put the render off).

use super::Job;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long to wait after a change for the rest of its burst.
const SETTLE: Duration = Duration::from_millis(50);

/// Watch the inputs of `jobs`; call `render` with the jobs whose input changed. Returns only
/// when watching fails (exit code 2).
pub fn run(jobs: &[Job], mut render: impl FnMut(&[&Job])) -> i32 {
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return super::EXIT_USAGE;
        }
    };
    let keys: Vec<Option<PathBuf>> = jobs.iter().map(|j| key(&j.input)).collect();
    let dirs: BTreeSet<PathBuf> = keys
        .iter()
        .flatten()
        .filter_map(|k| k.parent().map(Path::to_path_buf))
        .collect();
    for d in &dirs {
        use notify::Watcher;
        if let Err(e) = watcher.watch(d, notify::RecursiveMode::NonRecursive) {
            eprintln!("error: cannot watch {}: {e}", d.display());
            return super::EXIT_USAGE;
        }
    }
    eprintln!(
        "watching {} for changes (Ctrl-C to stop)",
        super::plural(jobs.len(), "file", "files")
    );
    loop {
        let Ok(first) = rx.recv() else {
            eprintln!("error: the file watcher stopped");
            return super::EXIT_USAGE;
        };
        let mut changed = BTreeSet::new();
        note(first, &keys, &mut changed);
        if changed.is_empty() {
            continue;
        }
        // The rest of the burst: whatever else comes within SETTLE of the first change.
        let until = Instant::now() + SETTLE;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(more) => note(more, &keys, &mut changed),
                Err(_) => break,
            }
        }
        let again: Vec<&Job> = changed.iter().map(|&i| &jobs[i]).collect();
        render(&again);
    }
}

/// Add to `changed` the jobs whose input an event touched.
fn note(
    event: notify::Result<notify::Event>,
    keys: &[Option<PathBuf>],
    changed: &mut BTreeSet<usize>,
) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    for p in &event.paths {
        let Some(k) = key(p) else { continue };
        for (i, key) in keys.iter().enumerate() {
            if key.as_ref() == Some(&k) {
                changed.insert(i);
            }
        }
    }
}

/// An input's path as events name it: its directory made absolute and resolved, and its
/// file name (the file itself may be gone for a moment while an editor replaces it).
fn key(p: &Path) -> Option<PathBuf> {
    if p.as_os_str() == "-" {
        return None;
    }
    let name = p.file_name()?;
    let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new(".")).canonicalize().ok()?;
    Some(dir.join(name))
}
