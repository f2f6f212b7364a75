//! Conformance with mermaid-js: every corpus diagram is accepted or rejected as mermaid 12.3.0
//! does, and what it accepts reads the same (direction, nodes, edges, labels, shapes, arrows,
//! subgraph membership), compared with mermaid's own dump in `expected/<name>.json`.
//!
//! Reads `../shared/corpus` when it is there (the shared, authoritative copy) and the copy in
//! `fixtures/corpus` otherwise. Files named in the "Known differences" list of
//! `grammar/README.md` may differ; nothing else may.

use mmdr::text::decode_entities;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SETS: [&str; 6] = [
    "seeds",
    "public",
    "spec",
    "spec/invalid",
    "realworld",
    "realworld/invalid",
];

fn corpus_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../shared/corpus");
    if shared.join("realworld/expected").is_dir() {
        shared
    } else {
        manifest.join("fixtures/corpus")
    }
}

/// File stems listed under "Known differences" in grammar/README.md (lines `- \`stem\`: reason`).
fn known_differences() -> BTreeSet<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/README.md"))
            .unwrap_or_default();
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in readme.lines() {
        if line.starts_with("## ") {
            inside = line.to_ascii_lowercase().contains("known differences");
            continue;
        }
        if let Some(rest) = line.trim().strip_prefix("- `").filter(|_| inside) {
            if let Some(end) = rest.find('`') {
                out.insert(rest[..end].to_string());
            }
        }
    }
    out
}

/// compare.py's label normalisation: `<br>` → newline, tags dropped, entities decoded, blanks collapsed.
fn normalise(s: Option<&Value>) -> String {
    let s = s.and_then(Value::as_str).unwrap_or("");
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('<') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        let close = tail.find('>');
        let is_tag = tail[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
            && close.is_some_and(|c| !tail[1..c].contains('<'));
        match (is_tag, close) {
            (true, Some(c)) => {
                let tag = tail[1..c].trim().to_ascii_lowercase();
                if tag.starts_with("br")
                    && tag[2..]
                        .trim_matches(|ch: char| ch == '/' || ch.is_whitespace())
                        .is_empty()
                {
                    out.push('\n');
                }
                rest = &tail[c + 1..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The comparable facts of one accepted dump, as compare.py extracts them.
#[derive(Debug, PartialEq)]
struct Facts {
    direction: String,
    nodes: BTreeSet<String>,
    edges: BTreeMap<(String, String), usize>,
    node_labels: BTreeMap<String, String>,
    edge_labels: BTreeMap<(String, String, String), usize>,
    subgraph_titles: BTreeMap<String, String>,
    shapes: BTreeMap<String, String>,
    arrows: BTreeMap<(String, String, String, String, String), usize>,
    memberships: BTreeSet<(String, String)>,
}

fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn facts(d: &Value) -> Facts {
    let empty = Vec::new();
    let arr = |k: &str| d.get(k).and_then(Value::as_array).unwrap_or(&empty).clone();
    let (nodes, edges, sgs) = (arr("nodes"), arr("edges"), arr("subgraphs"));
    let direction = match d.get("direction").and_then(Value::as_str).map(str::trim) {
        None | Some("") | Some("TD") => "TB".to_string(),
        Some(x) => x.to_string(),
    };
    let mut f = Facts {
        direction,
        nodes: nodes.iter().map(|n| s(n, "id")).collect(),
        edges: BTreeMap::new(),
        node_labels: nodes
            .iter()
            .map(|n| (s(n, "id"), normalise(n.get("label"))))
            .collect(),
        edge_labels: BTreeMap::new(),
        subgraph_titles: sgs
            .iter()
            .map(|g| (s(g, "id"), normalise(g.get("title"))))
            .collect(),
        shapes: nodes.iter().map(|n| (s(n, "id"), s(n, "shape"))).collect(),
        arrows: BTreeMap::new(),
        memberships: BTreeSet::new(),
    };
    for e in &edges {
        let (a, b) = (s(e, "from"), s(e, "to"));
        *f.edges.entry((a.clone(), b.clone())).or_default() += 1;
        *f.edge_labels
            .entry((a.clone(), b.clone(), normalise(e.get("label"))))
            .or_default() += 1;
        let stroke = e
            .get("stroke")
            .and_then(Value::as_str)
            .unwrap_or("normal")
            .to_string();
        let start = e
            .get("arrow_start")
            .and_then(Value::as_str)
            .unwrap_or("none")
            .to_string();
        let end = e
            .get("arrow_end")
            .and_then(Value::as_str)
            .unwrap_or("arrow")
            .to_string();
        *f.arrows.entry((a, b, stroke, start, end)).or_default() += 1;
    }
    for g in &sgs {
        for c in g
            .get("children")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
        {
            f.memberships
                .insert((s(g, "id"), c.as_str().unwrap_or("").to_string()));
        }
    }
    f
}

#[test]
fn corpus_matches_mermaid() {
    let root = corpus_root();
    let known = known_differences();
    let mut checked = 0;
    let mut failures = Vec::new();
    for set in SETS {
        let dir = root.join(set);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for f in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "mmd"))
        {
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            let expected: Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join("expected").join(format!("{stem}.json")))
                    .unwrap(),
            )
            .unwrap();
            let src = std::fs::read_to_string(&f).unwrap();
            checked += 1;
            let mermaid_accepts = expected.get("ok").and_then(Value::as_bool).unwrap_or(false);
            let verdict = match (mmdr::parse_diagram(&src), mermaid_accepts) {
                (Ok(d), true) => {
                    let (ours, theirs) = (facts(&mmdr::json::diagram_value(&d)), facts(&expected));
                    (ours != theirs)
                        .then(|| format!("differs:\n  ours:    {ours:?}\n  mermaid: {theirs:?}"))
                }
                (Err(_), false) => None,
                (Ok(_), false) => Some("we accept what mermaid rejects".to_string()),
                (Err(e), true) => Some(format!("we reject what mermaid accepts: {}", e.message)),
            };
            if let Some(v) = verdict {
                if !known.contains(&stem) {
                    failures.push(format!("{set}/{stem}: {v}"));
                }
            }
        }
    }
    assert!(
        checked >= 300,
        "only {checked} corpus files found under {}",
        root.display()
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} corpus files disagree with mermaid:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn label_normalisation_matches_compare_py() {
    assert_eq!(
        normalise(Some(&Value::from("a<br/>b  <b>c</b> &amp;  d"))),
        "a\nb c & d"
    );
    assert_eq!(normalise(Some(&Value::from("x < y"))), "x < y");
}
