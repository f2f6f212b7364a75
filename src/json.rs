//! The model (and, once laid out, its geometry) as JSON: the format of `mmdr render x.mmd -o x.json`.
//!
//! Field names and vocabularies follow the expected files of the conformance
//! corpus (what mermaid-js itself makes of a diagram): shapes `rect`,
//! `diamond`, …; strokes `normal`, `thick`, `dotted`, `invisible`; arrow ends
//! `none`, `arrow`, `circle`, `cross`. As there, `label` (a subgraph's `title`) is the HTML
//! fragment mermaid stores and `label_text` (`title_text`) the text a reader sees.

use crate::graph::Diagram;
use crate::layout::{Layout, Rect};
use serde_json::{json, Map, Value};

/// Round to 2 decimals (fixed precision keeps output stable and compact).
fn r2(x: f64) -> Value {
    let v = (x * 100.0).round() / 100.0;
    serde_json::Number::from_f64(if v == 0.0 { 0.0 } else { v }).map_or(Value::Null, Value::Number)
}

fn rect(r: &Rect) -> Value {
    json!([r2(r.x), r2(r.y), r2(r.w), r2(r.h)])
}

/// The model with its geometry: node centres and sizes, edge points and label boxes, subgraph boxes.
pub fn layout_value(d: &Diagram, l: &Layout) -> Value {
    let mut v = diagram_value(d);
    v["width"] = r2(l.width);
    v["height"] = r2(l.height);
    let nodes: Vec<usize> = d
        .nodes()
        .filter(|(_, n)| n.cluster.is_none())
        .map(|(i, _)| i.index())
        .collect();
    if let Some(arr) = v["nodes"].as_array_mut() {
        for (json, &i) in arr.iter_mut().zip(&nodes) {
            if let Some(Some(g)) = l.nodes.get(i) {
                json["x"] = r2(g.center.x);
                json["y"] = r2(g.center.y);
                json["width"] = r2(g.size.w);
                json["height"] = r2(g.size.h);
            }
        }
    }
    if let Some(arr) = v["edges"].as_array_mut() {
        for (json, e) in arr.iter_mut().zip(&l.edges) {
            json["points"] = Value::Array(
                e.path
                    .corner_points(2.0)
                    .iter()
                    .map(|p| json!([r2(p.x), r2(p.y)]))
                    .collect(),
            );
            json["label_box"] = e.label_box.as_ref().map_or(Value::Null, rect);
            if !e.hops.is_empty() {
                json["hops"] = Value::Array(
                    e.hops
                        .iter()
                        .map(|h| json!([r2(h.at.x), r2(h.at.y), r2(h.radius)]))
                        .collect(),
                );
            }
        }
    }
    if let Some(arr) = v["subgraphs"].as_array_mut() {
        for (json, c) in arr.iter_mut().zip(&l.clusters) {
            if let Some(c) = c {
                json["x"] = r2(c.rect.x);
                json["y"] = r2(c.rect.y);
                json["width"] = r2(c.rect.w);
                json["height"] = r2(c.rect.h);
                json["title_box"] = rect(&c.title_box);
            }
        }
    }
    v
}

/// The laid-out diagram as pretty-printed JSON text, ending in a newline.
pub fn layout_to_string(d: &Diagram, l: &Layout) -> String {
    let mut s =
        serde_json::to_string_pretty(&layout_value(d, l)).expect("JSON values always serialise");
    s.push('\n');
    s
}

/// The diagram model as a JSON value.
pub fn diagram_value(d: &Diagram) -> Value {
    let sg_id = |i: Option<usize>| {
        i.map(|i| Value::String(d.subgraphs[i].id.clone()))
            .unwrap_or(Value::Null)
    };
    let opt = |s: &Option<String>| s.clone().map(Value::String).unwrap_or(Value::Null);
    let nodes: Vec<Value> = d
        .nodes()
        .filter(|(_, n)| n.cluster.is_none())
        .map(|(_, n)| {
            json!({
                "id": n.id.as_str(),
                "label": n.label.html(),
                "label_text": n.label.text(),
                "label_type": n.label.kind.as_str(),
                "shape": n.shape.name(),
                "classes": n.classes,
                "styles": n.styles,
                "parent": sg_id(n.parent),
                "link": n.link(),
                "link_target": n.link_target(),
                "tooltip": n.tooltip(),
                "icon": n.icon(),
                "img": n.img(),
            })
        })
        .collect();
    let edges: Vec<Value> = d
        .edges()
        .map(|(_, a, b, e)| {
            json!({
                "from": d.graph[a].id.as_str(),
                "to": d.graph[b].id.as_str(),
                "label": e.label.html(),
                "label_text": e.label.text(),
                "label_type": e.label.kind.as_str(),
                "stroke": e.stroke.as_str(),
                "arrow_start": e.arrow_start.as_str(),
                "arrow_end": e.arrow_end.as_str(),
                "min_len": e.min_len,
                "id": e.id(),
                "classes": e.classes(),
                "styles": e.styles,
                "curve": e.curve(),
            })
        })
        .collect();
    let subgraphs: Vec<Value> = d
        .subgraphs
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "title": s.title.html(),
                "title_text": s.title.text(),
                "label_type": s.title.kind.as_str(),
                "children": s.children,
                "parent": sg_id(s.parent),
                "direction": opt(&s.direction),
                "classes": s.classes,
                "styles": s.styles,
            })
        })
        .collect();
    let class_defs: Map<String, Value> = d
        .class_defs
        .iter()
        .map(|(k, c)| (k.clone(), json!(c.styles)))
        .collect();
    json!({
        "direction": d.direction_raw,
        "title": opt(&d.title),
        "acc_title": opt(&d.acc_title),
        "acc_descr": opt(&d.acc_descr),
        "nodes": nodes,
        "edges": edges,
        "subgraphs": subgraphs,
        "classDefs": class_defs,
    })
}

/// The diagram as pretty-printed JSON text, ending in a newline.
pub fn to_string(d: &Diagram) -> String {
    let mut s =
        serde_json::to_string_pretty(&diagram_value(d)).expect("JSON values always serialise");
    s.push('\n');
    s
}
