//! Bad input gets an error, never a panic or a hang: every prefix of every fixture, random
//! mutations of them (laid out too, and checked), and adversarial shapes (deep nesting, huge
//! lines, megabyte inputs).
//!
//! `MMDR_FUZZ_ITERS` (default 3000) or `MMDR_FUZZ_SECONDS` bounds the mutation run; CI runs it longer.

use std::path::{Path, PathBuf};

fn fixture_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "mmd") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut out,
    );
    assert!(out.len() > 300, "fixtures missing");
    out
}

/// Parse, and if it parses, serialise: neither may panic.
fn exercise(src: &str) {
    if let Ok(d) = mmdr::parse_diagram(src) {
        let _ = mmdr::json::to_string(&d);
    }
}

/// Parse; if it parses, serialise, lay out and check the layout's invariants.
fn exercise_layout(src: &str, measure: &mmdr::layout::measure::FontMeasure) -> Vec<String> {
    let Ok(d) = mmdr::parse_diagram(src) else {
        return Vec::new();
    };
    let _ = mmdr::json::to_string(&d);
    let opts = mmdr::layout::LayoutOptions::from_config(&d.config);
    let l = mmdr::layout::layout(&d, &opts, measure);
    mmdr::layout::verify::check(&d, &l)
        .into_iter()
        .map(|v| v.0)
        .collect()
}

#[test]
fn every_prefix_parses_or_errors() {
    for f in fixture_files() {
        let src = std::fs::read_to_string(&f).unwrap();
        for (i, _) in src.char_indices() {
            exercise(&src[..i]);
        }
        exercise(&src);
    }
}

/// xorshift64*: a small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces of mermaid syntax to splice in.
const SNIPPETS: &[&str] = &[
    "-->",
    "---",
    "-.->",
    "==>",
    "~~~",
    "--o",
    "x--x",
    "<-->",
    "-- t -->",
    "|t|",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "((",
    "))",
    "[[",
    "]]",
    "[(",
    ")]",
    "[/",
    "/]",
    "[\\",
    "\\]",
    ">",
    "\"",
    "\"`",
    "`\"",
    "&",
    " & ",
    ":::",
    "@{",
    "@{ shape: rect }",
    "}",
    "e1@",
    ";",
    "\n",
    "  ",
    "subgraph ",
    "subgraph x [t]\n",
    "end",
    "\nend\n",
    "direction LR\n",
    "style ",
    "classDef ",
    "class ",
    "linkStyle 0 ",
    "click ",
    "call f()",
    "href ",
    "#quot;",
    "#35;",
    "%%",
    "%%{init: {}}%%",
    "---\n",
    "accTitle: ",
    "accDescr {",
    "é",
    "中",
    "🚀",
    "\r",
    "\t",
    "\u{a0}",
    "<br>",
    "<b>",
    "fa:fa-x",
    "default",
    "v",
    "-",
    "=",
    ".",
    "*",
    "#",
    ",",
    ":",
];

fn mutate(rng: &mut Rng, src: &str, corpus: &[String]) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 if !chars.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 | 2 => {
                let s = SNIPPETS[rng.below(SNIPPETS.len())];
                chars.splice(at..at, s.chars());
            }
            3 if !chars.is_empty() => {
                let i = rng.below(chars.len());
                chars[i] = SNIPPETS[rng.below(SNIPPETS.len())]
                    .chars()
                    .next()
                    .unwrap_or('x');
            }
            4 => {
                // Splice a random line of another fixture in.
                let other = &corpus[rng.below(corpus.len())];
                let lines: Vec<&str> = other.lines().collect();
                if let Some(l) = lines.get(rng.below(lines.len())) {
                    let mut ins: Vec<char> = l.chars().collect();
                    ins.push('\n');
                    chars.splice(at..at, ins);
                }
            }
            _ => {
                // Duplicate a run.
                let end = (at + rng.below(20)).min(chars.len());
                let run: Vec<char> = chars[at.min(end)..end].to_vec();
                chars.splice(at..at, run);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn random_mutations_never_panic() {
    let corpus: Vec<String> = fixture_files()
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let iters: u64 = std::env::var("MMDR_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let seconds: Option<u64> = std::env::var("MMDR_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok());
    let started = std::time::Instant::now();
    let mut rng = Rng(0x853c_49e6_748f_ea9b);
    let measure = mmdr::layout::measure::FontMeasure::default();
    let mut n = 0u64;
    loop {
        let done = match seconds {
            Some(s) => started.elapsed().as_secs() >= s,
            None => n >= iters,
        };
        if done {
            break;
        }
        let base = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, base, &corpus);
        // Every fourth input is drawn as text art too (Unicode, then pure ASCII): it lays out
        // in cells with its own label placement and routing, and must not panic either.
        if n % 4 == 0 {
            let ascii = n % 8 == 0;
            let drawn = std::panic::catch_unwind(|| {
                if let Ok(d) = mmdr::parse_diagram(&input) {
                    let o = mmdr::render::art::TextOptions {
                        ascii,
                        ..Default::default()
                    };
                    let _ = mmdr::render::text_of(&d, &o);
                }
            });
            assert!(drawn.is_ok(), "text art panics on input {input:?}");
        }
        let result = std::panic::catch_unwind(|| exercise_layout(&input, &measure));
        match result {
            Err(_) => panic!("panic on input {input:?}"),
            Ok(v) if !v.is_empty() => panic!("layout of {input:?} breaks invariants: {v:?}"),
            Ok(_) => {}
        }
        n += 1;
    }
    eprintln!("fuzzed {n} inputs");
}

#[test]
fn deep_subgraph_nesting_is_refused_not_a_crash() {
    let depth = 5000;
    let mut src = String::from("flowchart TD\n");
    for i in 0..depth {
        src.push_str(&format!("subgraph s{i}\n"));
    }
    src.push_str("A\n");
    for _ in 0..depth {
        src.push_str("end\n");
    }
    let e = mmdr::parse_diagram(&src).unwrap_err();
    assert!(e.message.contains("nested too deeply"), "{}", e.message);
    // 200 levels are fine.
    let mut ok = String::from("flowchart TD\n");
    for i in 0..200 {
        ok.push_str(&format!("subgraph s{i}\n"));
    }
    ok.push_str("A\n");
    ok.push_str(&"end\n".repeat(200));
    let d = mmdr::parse_diagram(&ok).unwrap();
    assert_eq!(d.subgraphs.len(), 200);
    assert_eq!(d.node("A").unwrap().parent, Some(0));
}

#[test]
fn long_lines_and_chains() {
    // One line, no blanks: a 20,000-step chain.
    let mut src = String::from("graph LR\nn0");
    for i in 1..20_000 {
        src.push_str(&format!("-->n{i}"));
    }
    let d = mmdr::parse_diagram(&src).unwrap();
    assert_eq!(d.graph.edge_count(), 19_999);
    // A megabyte of statements.
    let mut big = String::from("flowchart TD\n");
    let mut i = 0;
    while big.len() < 1 << 20 {
        big.push_str(&format!(
            "    a{i}[Node {i}] -->|edge {i}| b{i}((Other {i}))\n"
        ));
        i += 1;
    }
    let d = mmdr::parse_diagram(&big).unwrap();
    assert_eq!(d.graph.edge_count(), i);
}

#[test]
fn odd_bytes_and_line_ends() {
    for src in [
        "\u{feff}graph TD\nA-->B",
        "graph TD\r\nA-->B\r\n",
        "graph TD\rA-->B\r",
        "graph TD\n\0",
        "graph TD\nA\u{2028}B",
        "---\n---\ngraph TD",
        "%%{init: {\"theme\": \"dark\"}",
        "%%{init: {theme: dark}}%%\ngraph TD\nA",
        "graph TD\nA[\"",
        "graph TD\nA@{",
        "graph TD\nA@{ label: \"x",
        "graph TD\nclick",
        "graph TD\nclick A call f(",
        "graph TD\naccDescr {",
    ] {
        exercise(src);
    }
}
