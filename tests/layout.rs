//! Layout invariants over every diagram we have: every fixture, the corpus copy, the generated
//! benchmark graphs and, when it is there, `../shared/corpus`. No node overlaps, no edge through
//! a node, no label on a node or a label, subgraph boxes holding exactly their members, edges
//! ending on their ends — and the same layout every time. `MMDR_EXTRA_MMD=dir` adds the
//! diagrams in `dir`.

use mmdr::layout::{layout, measure::FontMeasure, verify, Curve, LayoutOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn mmd_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            mmd_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "mmd") {
            out.push(p);
        }
    }
}

/// Every diagram source, once each (by content), named by its first path.
fn diagrams() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["fixtures", "benches/data", "../shared/corpus"] {
        mmd_files(&root.join(dir), &mut files);
    }
    // More to check locally, e.g. generated diagrams: MMDR_EXTRA_MMD=dir.
    if let Some(extra) = std::env::var_os("MMDR_EXTRA_MMD") {
        mmd_files(Path::new(&extra), &mut files);
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = BTreeMap::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        // Debug builds are slow: leave the big generated graphs to release runs and benchmarks.
        let limit = if cfg!(debug_assertions) {
            40_000
        } else {
            1_000_000
        };
        if src.len() > limit || !seen.insert(src.clone()) {
            continue;
        }
        let name = f.strip_prefix(root).unwrap_or(&f).display().to_string();
        out.insert(name, src);
    }
    assert!(out.len() > 300, "fixtures missing");
    out
}

/// The invariants over every diagram, edges drawn as `curve` says (`None`: as the diagram says).
fn invariants_hold(curve: Option<Curve>) {
    let measure = FontMeasure::default();
    let mut failures = Vec::new();
    let mut laid_out = 0;
    for (name, src) in diagrams() {
        let Ok(d) = mmdr::parse_diagram(&src) else {
            continue;
        };
        let mut opts = LayoutOptions::from_config(&d.config);
        if let Some(c) = curve {
            opts.curve = c;
        }
        let l = layout(&d, &opts, &measure);
        laid_out += 1;
        let v = verify::check(&d, &l);
        if !v.is_empty() {
            let list: Vec<String> = v.iter().take(5).map(|v| v.0.clone()).collect();
            failures.push(format!("{name}: {}", list.join("; ")));
        }
    }
    eprintln!("{laid_out} diagrams laid out");
    assert!(laid_out > 300, "only {laid_out} diagrams laid out");
    assert!(
        failures.is_empty(),
        "{} diagrams break invariants ({curve:?}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn invariants_hold_on_every_diagram() {
    invariants_hold(None);
}

#[test]
fn invariants_hold_with_orthogonal_edges() {
    invariants_hold(Some(Curve::Rounded));
}

#[test]
fn layout_is_deterministic() {
    let measure = FontMeasure::default();
    for (name, src) in diagrams() {
        let Ok(d) = mmdr::parse_diagram(&src) else {
            continue;
        };
        let opts = LayoutOptions::from_config(&d.config);
        let a = mmdr::json::layout_to_string(&d, &layout(&d, &opts, &measure));
        let b = mmdr::json::layout_to_string(&d, &layout(&d, &opts, &measure));
        assert!(a == b, "{name}: two layouts differ");
    }
}
