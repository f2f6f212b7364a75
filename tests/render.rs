//! SVG and PNG output over every diagram we have: the SVG parses with usvg, holds every
//! node label, edge label and subgraph title, uses only safe elements and attributes, and is
//! the same bytes every time; PNGs render, match reference images, and are the same bytes
//! every time.

use mmdr::render::{png, svg_of};
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

/// Every valid diagram source (fixtures and, when present, `../shared/corpus`), once each.
fn diagrams() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["fixtures", "../shared/corpus"] {
        mmd_files(&root.join(dir), &mut files);
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = BTreeMap::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        if src.len() > 40_000 || !seen.insert(src.clone()) || mmdr::parse_diagram(&src).is_err() {
            continue;
        }
        let name = f.strip_prefix(root).unwrap_or(&f).display().to_string();
        out.insert(name, src);
    }
    assert!(out.len() > 300, "fixtures missing");
    out
}

/// The text content of an SVG (all `<text>` contents, entities decoded), whitespace removed.
fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let body = &rest[i..];
        let open_end = body.find('>').unwrap();
        let close = body.find("</text>").unwrap();
        let inner = &body[open_end + 1..close];
        // Drop the tspan tags, keep their text.
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        rest = &body[close..];
    }
    unescape(&out)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A label's visible text as drawn (a written `\n` breaks the line), whitespace removed.
fn visible(label: &mmdr::graph::Label) -> String {
    let rich = mmdr::text::rich::RichText::drawn(label);
    rich.lines
        .iter()
        .map(|l| l.text())
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn every_diagram_renders_a_complete_parseable_svg() {
    let opts = resvg::usvg::Options::default();
    let mut failures = Vec::new();
    for (name, src) in diagrams() {
        let d = mmdr::parse_diagram(&src).unwrap();
        let (_, svg) = svg_of(&d, &src, None, None);
        if let Err(e) = resvg::usvg::Tree::from_str(&svg, &opts) {
            failures.push(format!("{name}: usvg: {e}"));
            continue;
        }
        let text = svg_text(&svg);
        let mut want: Vec<(String, String)> = Vec::new();
        for v in d.graph.node_indices() {
            let n = &d.graph[v];
            // Nodes standing for subgraphs are drawn as their boxes.
            if d.subgraphs.iter().any(|s| s.id == n.id) {
                continue;
            }
            want.push((format!("node {}", n.id), visible(&n.label)));
        }
        for e in d.graph.edge_indices() {
            let edge = &d.graph[e];
            if edge.stroke != mmdr::graph::Stroke::Invisible {
                want.push((format!("edge {}", e.index()), visible(&edge.label)));
            }
        }
        for s in &d.subgraphs {
            want.push((format!("subgraph {}", s.id), visible(&s.title)));
        }
        for (what, label) in want {
            if !label.is_empty() && !text.contains(&label) {
                failures.push(format!("{name}: {what}: `{label}` not in the SVG text"));
            }
        }
        let (_, again) = svg_of(&d, &src, None, None);
        if again != svg {
            failures.push(format!("{name}: a second render differs"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_diagram_renders_a_png() {
    let mut failures = Vec::new();
    let o = png::PngOptions {
        scale: 0.5,
        ..png::PngOptions::default()
    };
    for (name, src) in diagrams() {
        let d = mmdr::parse_diagram(&src).unwrap();
        let (_, svg) = svg_of(&d, &src, None, None);
        match png::render(&svg, &o) {
            Ok(bytes) if bytes.starts_with(b"\x89PNG") => {}
            Ok(_) => failures.push(format!("{name}: not a PNG")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Elements and attributes the SVG writer may use: anything else (script, foreignObject,
/// style, event handlers, …) means untrusted input got through.
const ELEMENTS: &[&str] = &[
    "svg", "title", "desc", "g", "rect", "path", "circle", "text", "tspan", "a",
];
const ATTRIBUTES: &[&str] = &[
    "xmlns",
    "id",
    "width",
    "height",
    "viewBox",
    "role",
    "aria-roledescription",
    "aria-labelledby",
    "aria-describedby",
    "font-family",
    "font-size",
    "font-weight",
    // The neo look's hard shadow (a fixed value, never from the input).
    "fill-opacity",
    "font-style",
    "class",
    "x",
    "y",
    "d",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "transform",
    "opacity",
    "cx",
    "cy",
    "r",
    "text-anchor",
    "xml:space",
    "href",
    "target",
];

/// Every element and attribute name in `svg`, with each attribute's (unescaped) value.
fn tags(svg: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('/') {
            continue;
        }
        let end = rest.find('>').expect("tag closes");
        let tag = rest[..end].trim_end_matches('/');
        let name: String = tag.chars().take_while(|c| !c.is_whitespace()).collect();
        let mut attrs = Vec::new();
        let mut a = &tag[name.len()..];
        while let Some(eq) = a.find("=\"") {
            let key = a[..eq].trim().to_string();
            let close = a[eq + 2..].find('"').expect("attribute closes");
            attrs.push((key, unescape(&a[eq + 2..eq + 2 + close])));
            a = &a[eq + 2 + close + 1..];
        }
        assert!(
            a.trim().is_empty(),
            "unparsed attribute text `{a}` in <{tag}>"
        );
        out.push((name, attrs));
        rest = &rest[end..];
    }
    out
}

fn assert_safe(name: &str, svg: &str) {
    for (el, attrs) in tags(svg) {
        assert!(ELEMENTS.contains(&el.as_str()), "{name}: element <{el}>");
        for (k, v) in attrs {
            assert!(
                ATTRIBUTES.contains(&k.as_str()),
                "{name}: attribute {k}=\"{v}\" on <{el}>"
            );
            let low: String = v
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for bad in [
                "javascript:",
                "vbscript:",
                "data:",
                "<",
                ">",
                "expression(",
                "url(",
            ] {
                assert!(
                    !low.contains(bad),
                    "{name}: {k}=\"{v}\" on <{el}> holds {bad}"
                );
            }
            if k == "href" {
                assert!(mmdr::render::svg::safe_link(&v), "{name}: unsafe link {v}");
            }
        }
    }
}

#[test]
fn hostile_documents_give_safe_svg() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/security");
    let mut files = Vec::new();
    mmd_files(&root, &mut files);
    assert!(files.len() >= 8, "security fixtures missing");
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let name = f.display().to_string();
        mmdr::parse_diagram(&src).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        // Under every look and theme (shadows and palettes come from fixed values).
        for look in mmdr::api::LOOKS {
            for theme in mmdr::api::THEMES {
                let o = mmdr::Options {
                    look: Some(look.into()),
                    theme: Some(theme.into()),
                    ..mmdr::Options::default()
                };
                let out = mmdr::render(&src, &o).unwrap();
                let svg = out.as_str().unwrap();
                let name = format!("{name} ({look}, {theme})");
                assert_safe(&name, svg);
                // The hostile text is still shown, as text.
                let want = std::fs::read_to_string(f.with_extension("expect")).unwrap_or_default();
                for line in want.lines().filter(|l| !l.is_empty()) {
                    let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
                    assert!(
                        svg_text(svg).contains(&squeezed),
                        "{name}: `{line}` should be shown as text"
                    );
                }
            }
        }
    }
}

#[test]
fn every_diagram_gives_safe_svg() {
    for (name, src) in diagrams() {
        let d = mmdr::parse_diagram(&src).unwrap();
        let (_, svg) = svg_of(&d, &src, None, None);
        assert_safe(&name, &svg);
    }
}

/// The `d` attributes of the edge paths of an SVG.
fn edge_paths(svg: &str) -> Vec<&str> {
    svg.split(r#"<g class="edge"><path d=""#)
        .skip(1)
        .map(|p| p.split('"').next().unwrap())
        .collect()
}

#[test]
fn default_look_is_mermaid_12_neo_and_classic_restores_mermaid_11() {
    let s6 = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/seeds/s6.mmd");
    let src = std::fs::read_to_string(s6).unwrap();
    let neo = mmdr::render(&src, &mmdr::Options::default()).unwrap();
    let neo = neo.as_str().unwrap();
    // White nodes with a 2 px #28253D border, and their hard shadow.
    assert!(
        neo.contains(r##"fill="#ffffff" stroke="#28253d" stroke-width="2""##),
        "no neo node"
    );
    assert!(neo.contains(r##"fill-opacity="0.06""##), "no shadow");
    // The first subgraph in the palette's first colour.
    let first = neo.split(r#"<g class="cluster">"#).nth(1).unwrap();
    assert!(
        first.contains(r##"fill="#fdf4ff" stroke="#e879f9""##),
        "{first}"
    );
    // Orthogonal edges: lines, rounded corners as quadratics, hops as arcs; no cubics.
    let paths = edge_paths(neo);
    assert!(!paths.is_empty());
    assert!(paths.iter().all(|d| !d.contains('C')), "a cubic edge");
    assert!(paths.iter().any(|d| d.contains('Q')), "no rounded corner");
    assert!(paths.iter().any(|d| d.contains("A6,6 0 0 1")), "no hop arc");

    let classic: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"look": "classic", "theme": "default", "layout": "dagre"}"#)
            .unwrap();
    let o = mmdr::Options {
        config: classic,
        ..mmdr::Options::default()
    };
    let old = mmdr::render(&src, &o).unwrap();
    let old = old.as_str().unwrap();
    // Lavender nodes with a 1 px purple border, yellow boxes, basis curves, no shadow.
    assert!(old.contains(r##"fill="#ececff" stroke="#9370db" stroke-width="1""##));
    assert!(old.contains(r##"fill="#ffffde" stroke="#aaaa33""##));
    assert!(edge_paths(old).iter().any(|d| d.contains('C')));
    assert!(!old.contains("fill-opacity"));
    // `--look classic` alone keeps redux-color's colours and ELK's edges but drops the shadow.
    let o = mmdr::Options {
        look: Some("classic".into()),
        ..mmdr::Options::default()
    };
    let half = mmdr::render(&src, &o).unwrap();
    let half = half.as_str().unwrap();
    assert!(!half.contains("fill-opacity"));
    assert!(edge_paths(half).iter().all(|d| !d.contains('C')));
}

#[test]
fn neo_arrowheads_stop_short_of_the_node_and_chips_fit_their_text() {
    let src = "flowchart TD\n  A --> B\n  B -->|yes| C\n";
    let render = |format, config: &str| {
        let o = mmdr::Options {
            format,
            config: serde_json::from_str(config).unwrap(),
            ..mmdr::Options::default()
        };
        mmdr::render(src, &o).unwrap().as_str().unwrap().to_string()
    };
    let json: serde_json::Value = serde_json::from_str(&render(mmdr::Format::Json, "{}")).unwrap();
    let end = json["edges"][0]["points"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let (x, y) = (end[0].as_f64().unwrap(), end[1].as_f64().unwrap());
    // The first arrowhead's tip: 4 px above the outline the edge ends on (mermaid 12).
    let svg = render(mmdr::Format::Svg, "{}");
    let head = svg.split(r#"<path d="M"#).nth(2).unwrap();
    let tip: Vec<f64> = head
        .split('L')
        .next()
        .unwrap()
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(tip, [x, y - 4.0], "{head}");
    // The chip is the text's box: one 21 px line, no padding; the classic one keeps 4 px.
    let chip = |svg: &str| {
        let rect = svg.split(r#"<g class="edgeLabel"><rect "#).nth(1).unwrap();
        let h = rect.split(r#"height=""#).nth(1).unwrap();
        h.split('"').next().unwrap().parse::<f64>().unwrap()
    };
    assert_eq!(chip(&svg), 21.0);
    let classic = render(mmdr::Format::Svg, r#"{"look":"classic","layout":"dagre"}"#);
    assert!(chip(&classic) > 24.0);
}

#[test]
fn neo_edge_labels_wrap_at_200_px_and_node_labels_at_120() {
    // 185 px in Recursive, as mermaid-cli 12 measures it: one line on an edge, two in a node.
    let text = "a label of about 25 letters";
    let src = format!("flowchart TD\n  A -->|{text}| B[{text}]\n");
    let o = mmdr::Options {
        format: mmdr::Format::Json,
        ..mmdr::Options::default()
    };
    let out = mmdr::render(&src, &o).unwrap();
    let json: serde_json::Value = serde_json::from_str(out.as_str().unwrap()).unwrap();
    // The box `[x, y, w, h]` holds the text and 4 px of padding each side: one line.
    let chip = json["edges"][0]["label_box"][3].as_f64().unwrap();
    let width = json["edges"][0]["label_box"][2].as_f64().unwrap();
    assert!(
        width > 128.0 && chip < 30.0,
        "edge label wrapped: {width} x {chip}"
    );
    let node = json["nodes"][1]["height"].as_f64().unwrap();
    let one_line = json["nodes"][0]["height"].as_f64().unwrap();
    assert!(node > one_line, "node label not wrapped at 120 px");
}

#[test]
fn neo_titles_sit_flush_with_the_frame_top_and_classic_ones_inside() {
    let s6 = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/seeds/s6.mmd");
    let src = std::fs::read_to_string(s6).unwrap();
    let geometry = |config: &str| -> serde_json::Value {
        let o = mmdr::Options {
            format: mmdr::Format::Json,
            config: serde_json::from_str(config).unwrap(),
            ..mmdr::Options::default()
        };
        serde_json::from_str(mmdr::render(&src, &o).unwrap().as_str().unwrap()).unwrap()
    };
    let insets = |j: &serde_json::Value| -> Vec<f64> {
        j["subgraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["title_box"][1].as_f64().unwrap() - s["y"].as_f64().unwrap())
            .collect()
    };
    let neo = geometry("{}");
    assert!(
        insets(&neo).iter().all(|d| d.abs() < 0.01),
        "{:?}",
        insets(&neo)
    );
    // What a neo frame holds starts its padding (24) and ELK's label spacing below the title.
    let web = neo["nodes"][0].clone();
    let frame = &neo["subgraphs"][0];
    let top = web["y"].as_f64().unwrap() - web["height"].as_f64().unwrap() / 2.0;
    let below = top - frame["y"].as_f64().unwrap() - 21.0;
    assert!((24.0..=30.0).contains(&below), "{below}");
    let classic = geometry(r#"{"look":"classic","theme":"default","layout":"dagre"}"#);
    assert!(
        insets(&classic).iter().all(|&d| d > 5.0),
        "{:?}",
        insets(&classic)
    );
}

#[test]
fn edges_leave_a_diamond_straight_on_where_they_go() {
    // s1: "Success" goes to the node right below the diamond, "Failure" to one on the right.
    let s1 = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/seeds/s1.mmd");
    let src = std::fs::read_to_string(s1).unwrap();
    let o = mmdr::Options {
        format: mmdr::Format::Json,
        ..mmdr::Options::default()
    };
    let out = mmdr::render(&src, &o).unwrap();
    let json: serde_json::Value = serde_json::from_str(out.as_str().unwrap()).unwrap();
    let edge = |from: &str, to: &str| {
        json["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["from"] == from && e["to"] == to)
            .unwrap()["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_f64().unwrap())
            .collect::<Vec<f64>>()
    };
    let success = edge("B", "C");
    assert!(
        success.iter().all(|&x| (x - success[0]).abs() < 0.01),
        "{success:?}"
    );
    let failure = edge("B", "D");
    assert!(failure[0] > success[0] + 25.0, "{failure:?}");
}
