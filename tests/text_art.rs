//! Text art: snapshots per direction in Unicode and ASCII (`fixtures/art/*.txt`,
//! `MMDR_BLESS=1` rewrites), properties over every corpus diagram, and the shared read-back
//! checker (`../shared/tools/ascii_read`) over the corpus when it is present.

use mmdr::render::art::TextOptions;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn art(src: &str, ascii: bool) -> String {
    let d = mmdr::parse_diagram(src).expect("valid diagram");
    mmdr::render::text_of(
        &d,
        &TextOptions {
            ascii,
            ..TextOptions::default()
        },
    )
    .expect("no width limit, so it draws")
}

fn mmd_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "mmd"));
    v.sort();
    v
}

#[test]
fn snapshots_in_every_direction() {
    let bless = std::env::var_os("MMDR_BLESS").is_some();
    let files = mmd_files(&root().join("fixtures/art"));
    assert!(files.len() >= 5, "the art fixtures are there");
    let mut failed = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        for (ascii, suffix) in [(false, "txt"), (true, "ascii.txt")] {
            let got = art(&src, ascii);
            let snap = f.with_extension(suffix);
            if bless {
                std::fs::write(&snap, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&snap).unwrap_or_default();
            if got != want {
                failed.push(format!("{}:\n{got}", snap.display()));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "snapshots differ:\n{}",
        failed.join("\n")
    );
}

/// Every corpus diagram draws, twice the same, with every node label visible; ASCII output
/// is 7-bit.
#[test]
fn every_corpus_diagram_draws() {
    let mut n = 0;
    for set in ["seeds", "public", "spec"] {
        for f in mmd_files(&root().join("fixtures/corpus").join(set)) {
            let src = std::fs::read_to_string(&f).unwrap();
            let Ok(d) = mmdr::parse_diagram(&src) else {
                continue;
            };
            let o = TextOptions::default();
            let a = mmdr::render::text_of(&d, &o).unwrap();
            assert_eq!(a, mmdr::render::text_of(&d, &o).unwrap(), "{}", f.display());
            let flat: String = a.split_whitespace().collect::<Vec<_>>().join(" ");
            for (_, node) in d.nodes() {
                let text = node.label.text();
                if text.is_empty() || text.contains(['<', '&', '*', '_', '`', '\n']) {
                    continue; // markup: checked by the read-back test
                }
                let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let first = words.split(' ').next().unwrap_or("");
                assert!(
                    flat.contains(first),
                    "{}: label {text:?} missing in\n{a}",
                    f.display()
                );
            }
            let ascii = mmdr::render::text_of(
                &d,
                &TextOptions {
                    ascii: true,
                    ..TextOptions::default()
                },
            )
            .unwrap();
            // Labels may hold any text; everything drawn is 7-bit.
            let mut label_chars: String = d.nodes().map(|(_, n)| n.label.text()).collect();
            label_chars.extend(d.edges().map(|(_, _, _, e)| e.label.text().to_string()));
            label_chars.extend(d.subgraphs.iter().map(|s| s.title.text().to_string()));
            let non_label = ascii
                .chars()
                .filter(|c| !c.is_ascii())
                .filter(|c| !label_chars.contains(*c));
            assert_eq!(non_label.count(), 0, "{}: not ASCII:\n{ascii}", f.display());
            n += 1;
        }
    }
    assert!(n > 300, "drew {n} diagrams");
}

/// The widest line of a drawing, in characters.
fn widest(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Text art of `d` drawn with `o`.
fn art_with(d: &mmdr::graph::Diagram, o: TextOptions) -> String {
    mmdr::render::text_of(d, &o).unwrap()
}

#[test]
fn max_width_wraps_or_says_it_cannot() {
    let src = "flowchart LR\n  a[A rather long label here] --> b[Another fairly long label] --> c[And a third long one]";
    let d = mmdr::parse_diagram(src).unwrap();
    let wide = mmdr::render::text_of(&d, &TextOptions::default()).unwrap();
    let limit = widest(&wide) * 3 / 4;
    let fitted = art_with(
        &d,
        TextOptions {
            max_width: Some(limit),
            ..TextOptions::default()
        },
    );
    assert!(widest(&fitted) <= limit, "{fitted}");
    let err = mmdr::render::text_of(
        &d,
        &TextOptions {
            max_width: Some(5),
            ..TextOptions::default()
        },
    )
    .unwrap_err();
    assert!(err.message.contains("5 columns"), "{}", err.message);
}

/// By default text art fits a plain-text document's 100 columns: a left-to-right chain too
/// long for that is drawn top-down, every node still there; asked for no fitting, it is not.
#[test]
fn fits_a_document_width_by_default() {
    let names = [
        "Receive the request",
        "Check the signature",
        "Load the account",
        "Apply the rules",
        "Write the ledger",
        "Send the receipt",
        "Archive the batch",
    ];
    let mut src = String::from("flowchart LR\n");
    for (i, w) in names.windows(2).enumerate() {
        src += &format!("  n{i}[{}] --> n{}[{}]\n", w[0], i + 1, w[1]);
    }
    let d = mmdr::parse_diagram(&src).unwrap();
    let as_laid_out = art_with(
        &d,
        TextOptions {
            fit_width: None,
            ..TextOptions::default()
        },
    );
    assert!(widest(&as_laid_out) > 100, "{as_laid_out}");
    let fitted = mmdr::render::text_of(&d, &TextOptions::default()).unwrap();
    assert!(widest(&fitted) <= 100, "{fitted}");
    assert!(
        fitted.lines().count() > as_laid_out.lines().count(),
        "taller instead: {fitted}"
    );
    for n in names {
        assert!(fitted.contains(n), "{n} in {fitted}");
    }
    // Labels were not wrapped to get there (turning is milder): each is on one line.
    assert!(fitted.contains("▼"), "drawn top-down: {fitted}");
}

/// A self-loop is a visible loop round a free corner of its box with its label beside it:
/// out of the right side and back in at the top when ranks run down, over the top when they
/// run across.
#[test]
fn self_loops_are_drawn_as_loops_with_their_label_beside() {
    let down = art(
        "flowchart TD\n  A[Start] --> B[Work]\n  B -->|retry| B\n  B --> C[Done]",
        false,
    );
    let rows: Vec<&str> = down.lines().collect();
    let work = rows.iter().position(|r| r.contains("Work")).unwrap();
    assert!(
        rows[work].contains("Work ├─┘"),
        "leaves the right side: {down}"
    );
    assert_eq!(
        rows[work - 2].matches('▼').count(),
        2,
        "back in at the top: {down}"
    );
    let label = rows.iter().position(|r| r.contains("retry")).unwrap();
    assert!(
        label < work && label >= work - 3,
        "label beside the loop: {down}"
    );
    let across = art(
        "flowchart LR\n  A[Start] --> B[Work]\n  B -->|retry| B\n  B --> C[Done]",
        true,
    );
    let rows: Vec<&str> = across.lines().collect();
    let work = rows.iter().position(|r| r.contains("Work")).unwrap();
    let arrow = rows.iter().position(|r| r.contains("v |")).expect(&across);
    assert!(arrow + 1 < work, "back in from above: {across}");
    assert!(
        arrow > 0 && rows[arrow - 1].contains("+-+") && rows[arrow - 1].contains("retry"),
        "over the top, label beside: {across}"
    );
}

/// A node's plain arrows out leave by one port as a trunk that branches (box drawing says
/// which way each branch turns); in ASCII, where a branching `+` reads like a crossing, each
/// leaves by its own port.
#[test]
fn fan_out_is_one_trunk_in_box_drawing_and_separate_in_ascii() {
    let src = "flowchart TD\n  A[Source] --> B[One]\n  A --> C[Two]\n  A --> D[Three]";
    let border = |text: &str, corner: char| {
        text.lines()
            .skip_while(|l| !l.contains("Source"))
            .nth(1)
            .map(|l| l.trim().trim_matches(corner).to_string())
            .unwrap()
    };
    let unicode = art(src, false);
    assert_eq!(border(&unicode, '└').matches('┬').count(), 1, "{unicode}");
    assert!(
        unicode.contains('┤') || unicode.contains('┴'),
        "it branches: {unicode}"
    );
    let ascii = art(src, true);
    assert_eq!(border(&ascii, '+').matches('+').count(), 3, "{ascii}");
}

/// Draw every parsable diagram of `corpus` (Unicode or ASCII) and read the drawings back with
/// the shared checker `tool`: its report per file.
fn read_back(
    tool: &Path,
    corpus: &Path,
    ascii: bool,
) -> serde_json::Map<String, serde_json::Value> {
    let name = corpus.file_name().unwrap().to_string_lossy();
    let dir = std::env::temp_dir().join(format!(
        "mmdr-readback-{}-{name}-{ascii}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for f in mmd_files(corpus) {
        let src = std::fs::read_to_string(&f).unwrap();
        if mmdr::parse_diagram(&src).is_err() {
            continue;
        }
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        std::fs::write(dir.join(format!("{stem}.txt")), art(&src, ascii)).unwrap();
    }
    let report = std::process::Command::new("python3")
        .arg(tool)
        .arg("--batch")
        .arg(corpus.join("expected"))
        .arg(&dir)
        .args(["--suffix", ".txt", "--json"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&report.stdout);
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("read-back output: {e}\n{text}"));
    v.as_object().cloned().unwrap_or_default()
}

/// The shared checker reads every edge back, in Unicode and in ASCII: none false anywhere,
/// none missing except the known limits (circle and cross ends, which it does not take for arrow ends; invisible
/// links, which are not drawn).
#[test]
fn read_back_by_the_shared_checker() {
    let tool = root().join("../shared/tools/ascii_read/readback.py");
    if !tool.exists()
        || std::process::Command::new("python3")
            .arg("-V")
            .output()
            .is_err()
    {
        eprintln!("../shared or python3 not present: skipped");
        return;
    }
    for (set, ascii) in ["seeds", "public", "spec"]
        .into_iter()
        .flat_map(|s| [(s, false), (s, true)])
    {
        let mode = if ascii { "ascii" } else { "unicode" };
        let corpus = root().join("fixtures/corpus").join(set);
        let files = read_back(&tool, &corpus, ascii);
        assert!(files.len() > 5, "{set} ({mode}): {files:?}");
        for (name, r) in files {
            let falses = r["false_edges"].as_array().map_or(0, |a| a.len());
            assert_eq!(
                falses, 0,
                "{set}/{name} ({mode}): false edges {}",
                r["false_edges"]
            );
            let truth: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(corpus.join("expected").join(format!("{name}.json")))
                    .unwrap_or_else(|_| "{}".into()),
            )
            .unwrap_or_default();
            for m in r["missing_edges"].as_array().cloned().unwrap_or_default() {
                let m = m.as_str().unwrap_or("").to_string();
                let known = truth["edges"].as_array().is_some_and(|es| {
                    es.iter().any(|e| {
                        let ends = [&e["arrow_start"], &e["arrow_end"]]
                            .iter()
                            .any(|a| matches!(a.as_str(), Some(s) if s.contains("circle") || s.contains("cross")));
                        let invisible = e["stroke"].as_str() == Some("invisible");
                        let pair = m.contains(e["from"].as_str().unwrap_or("\u{0}"))
                            && m.contains(e["to"].as_str().unwrap_or("\u{0}"));
                        pair && (ends || invisible)
                    })
                });
                assert!(known, "{set}/{name} ({mode}): edge {m} not read back");
            }
        }
    }
}

/// Real diagrams: the shared checker reads every one back exactly, in Unicode and in ASCII,
/// except cases it cannot judge (wide characters in edge labels it normalises twice, node
/// labels that repeat a subgraph title, more duplicate labels than it tries assignments for)
/// and the open misses of ours named per mode.
#[test]
fn real_diagrams_read_back_exactly() {
    let tool = root().join("../shared/tools/ascii_read/readback.py");
    if !tool.exists() {
        eprintln!("../shared not present: skipped");
        return;
    }
    let unjudged = [
        "rw2-kubernetes-handbook-02",
        "rw2-kubernetes-handbook-04",
        "rw2-kubernetes-handbook-05",
        "rw2-kubernetes-handbook-08",
        "rw2-aro-hcp-03",
        "rw2-hypershift-02",
    ];
    let open_misses: [&[&str]; 2] = [&["rw2-harvester-01"], &["rw2-harvester-01"]];
    let corpus = root().join("fixtures/corpus/realworld");
    for (ascii, misses) in [false, true].into_iter().zip(open_misses) {
        let files = read_back(&tool, &corpus, ascii);
        assert!(files.len() > 100, "{files:?}");
        for (name, r) in files {
            if unjudged.contains(&name.as_str()) || misses.contains(&name.as_str()) {
                continue;
            }
            let exact = r["fully_correct"] == serde_json::Value::Bool(true);
            assert!(exact, "{name} (ascii {ascii}): {r}");
        }
    }
}

#[test]
fn padding_sets_the_air_inside_boxes() {
    let d = mmdr::parse_diagram("flowchart LR\n  a[Alpha] --> b[Beta]").unwrap();
    let with = |padding| {
        mmdr::render::text_of(
            &d,
            &TextOptions {
                padding,
                ..TextOptions::default()
            },
        )
        .unwrap()
    };
    for (padding, row) in [(0, "│Alpha"), (1, "│ Alpha "), (3, "│   Alpha   ")] {
        let art = with(padding);
        let top = format!("┌{}┐ ", "─".repeat(5 + 2 * padding));
        assert!(art.starts_with(&top), "padding {padding}:\n{art}");
        assert!(art.contains(row), "padding {padding}:\n{art}");
    }
}

/// Inputs beyond what a character grid shows usefully are refused with the limit named,
/// not drawn for minutes (their time and memory: `benches/text_stress.py`).
#[test]
fn stress_inputs_are_drawn_or_refused_by_name() {
    let complete = |n: usize| {
        let mut s = String::from("flowchart TD\n");
        for i in 0..n {
            for j in i + 1..n {
                s += &format!("  n{i} --> n{j}\n");
            }
        }
        s
    };
    let star = |n: usize| {
        let mut s = String::from("flowchart TD\n");
        for i in 0..n {
            s += &format!("  hub --> leaf{i}\n");
        }
        s
    };
    let mut nested = String::from("flowchart TD\n");
    for i in 0..200 {
        nested += &format!("subgraph s{i}\n  x{i}\n");
    }
    nested += "  a --> b\n";
    nested += &"end\n".repeat(200);
    let draw = |src: &str| {
        let d = mmdr::parse_diagram(src).unwrap();
        mmdr::render::text_of(&d, &TextOptions::default())
    };
    let refused = |src: &str, limit: &str| {
        let e = draw(src).expect_err("refused");
        assert!(e.message.contains(limit), "{}", e.message);
        assert!(
            e.message.contains("render it as SVG or PNG"),
            "{}",
            e.message
        );
    };
    refused(&star(3000), "3,000 edges, and text art draws at most 1,000");
    refused(&complete(40), "too dense for text art");
    refused(
        &nested,
        "too large for text art: the drawing needs a grid of",
    );
    // Smaller ones of the same kinds are drawn.
    let k8 = draw(&complete(8)).unwrap();
    assert_eq!(
        k8.matches('▼').count()
            + k8.matches('▲').count()
            + k8.matches('▶').count()
            + k8.matches('◀').count(),
        28,
        "{k8}"
    );
    assert!(draw(&star(50)).unwrap().contains("leaf49"));
}

/// Text art never runs two texts into one (an edge label written over a subgraph title
/// made `ManCreates` of `Management` and `Creates`): every word drawn is a word of some
/// label, title or id of the diagram.
#[test]
fn drawn_words_are_words_of_the_diagram() {
    fn words(s: &str) -> impl Iterator<Item = &str> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    }
    let sets = ["realworld", "seeds", "spec", "public"];
    let files = sets
        .iter()
        .flat_map(|s| mmd_files(&root().join("fixtures/corpus").join(s)));
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        let Ok(d) = mmdr::parse_diagram(&src) else {
            continue; // the invalid ones
        };
        let mut known: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (_, n) in d.nodes() {
            known.extend(words(n.label.text()).chain(words(&n.id)));
        }
        for (_, _, _, e) in d.edges() {
            known.extend(words(e.label.text()));
        }
        for sg in &d.subgraphs {
            known.extend(words(sg.title.text()).chain(words(&sg.id)));
        }
        for ascii in [false, true] {
            let text = art(&src, ascii);
            for w in words(&text) {
                // ASCII draws arrowheads and ends as letters (`v`, `o`, `x`).
                let mark = ascii && matches!(w, "v" | "o" | "x");
                assert!(
                    mark || known.contains(w),
                    "{} (ascii {ascii}): {w:?} is drawn but is no word of the diagram",
                    path.display()
                );
            }
        }
    }
}
