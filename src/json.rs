//! The model (and, once laid out, its geometry) as JSON: the format of `mmdr render x.mmd -o x.json`.
//!
//! Field names and vocabularies follow the expected files of the conformance
//! corpus (what mermaid-js itself makes of a diagram): shapes `rect`,
//! `diamond`, …; strokes `normal`, `thick`, `dotted`, `invisible`; arrow ends
//! `none`, `arrow`, `circle`, `cross`. `label` is the text a reader sees.

use crate::graph::Diagram;
use serde_json::{json, Map, Value};

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
                "id": n.id,
                "label": n.label.text(),
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
                "from": d.graph[a].id,
                "to": d.graph[b].id,
                "label": e.label.text(),
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
                "title": s.title.text(),
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
