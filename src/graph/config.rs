//! Diagram configuration: front matter `config:`, then `%%{init: …}%%` directives on top, as mermaid merges them.

use crate::parse::preprocess::Directive;
use serde_json::{Map, Value};

/// mermaid's default `flowchart.nodeSpacing` and `rankSpacing` (px).
pub const DEFAULT_SPACING: f64 = 50.0;

/// mermaid 12's default theme (its schema's `flowchart.theme`).
pub const DEFAULT_THEME: &str = "redux-color";

/// How nodes, edges and boxes are drawn: mermaid 12's `neo` (its default) or mermaid 11's
/// `classic`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Look {
    /// White nodes with a dark 2 px border and a hard shadow, coloured subgraphs.
    #[default]
    Neo,
    /// Lavender nodes with a thin purple border, yellow subgraphs.
    Classic,
}

/// Choose `theme`, `look` and `layout` the way mermaid 12 does, from the diagram's own
/// settings (front matter, `%%{init}%%`) and the site's (`--config`, `--theme`, `--look`):
/// the first layer that sets a key wins, and within a layer `flowchart.<key>` beats the
/// top-level key. The choice is written into `merged` (the diagram's settings laid over the
/// site's) at both places, so [`Config::theme`] and [`Config::look`] read it back.
pub fn resolve_appearance(
    diagram: &Map<String, Value>,
    site: &Map<String, Value>,
    merged: &mut Map<String, Value>,
) {
    let in_layer = |layer: &Map<String, Value>, key: &str| -> Option<Value> {
        let nested = layer.get("flowchart").and_then(|f| f.get(key));
        nested
            .or_else(|| layer.get(key))
            .filter(|v| v.is_string())
            .cloned()
    };
    for key in ["theme", "look"] {
        if let Some(v) = in_layer(diagram, key).or_else(|| in_layer(site, key)) {
            merged.insert(key.into(), v.clone());
            if let Some(Value::Object(f)) = merged.get_mut("flowchart") {
                f.insert(key.into(), v);
            }
        }
    }
    if let Some(v) = diagram.get("layout").or_else(|| site.get("layout")) {
        merged.insert("layout".into(), v.clone());
    }
}

/// The merged configuration of one diagram, as a JSON object with typed accessors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The merged object (`theme`, `themeVariables`, `look`, `flowchart: {…}`, …).
    pub raw: Map<String, Value>,
}

/// Merge `over` into `base`, objects recursively, everything else replaced.
pub fn deep_merge(base: &mut Map<String, Value>, over: &Map<String, Value>) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(Value::Object(b)), Value::Object(o)) => deep_merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

impl Config {
    /// Front matter config first, then each `init`/`initialize` directive, then `wrap`.
    pub fn from_sources(front_matter: Option<&Value>, directives: &[Directive]) -> Config {
        let mut raw = Map::new();
        if let Some(Value::Object(o)) = front_matter {
            deep_merge(&mut raw, o);
        }
        for d in directives {
            match (d.name.as_str(), &d.args) {
                ("init" | "initialize", Some(Value::Object(o))) => {
                    let mut o = o.clone();
                    // mermaid files a directive's `config` under the diagram type.
                    if let Some(c) = o.remove("config") {
                        o.insert("flowchart".into(), c);
                    }
                    deep_merge(&mut raw, &o);
                }
                ("wrap", _) => {
                    raw.insert("wrap".into(), Value::Bool(true));
                }
                _ => {}
            }
        }
        Config { raw }
    }

    /// Merge more settings on top (from `--config FILE` or `--theme`).
    pub fn merge(&mut self, over: &Map<String, Value>) {
        deep_merge(&mut self.raw, over);
    }

    /// A top-level string setting.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.raw.get(key).and_then(Value::as_str)
    }

    /// The theme: `flowchart.theme`, else `theme`, else mermaid 12's default, `redux-color`.
    /// (Where settings come from several layers, [`resolve_appearance`] has already chosen.)
    pub fn theme(&self) -> &str {
        self.setting("theme").unwrap_or(DEFAULT_THEME)
    }

    /// `themeVariables`.
    pub fn theme_variables(&self) -> Option<&Map<String, Value>> {
        self.raw.get("themeVariables").and_then(Value::as_object)
    }

    /// The look: `flowchart.look`, else `look`, else mermaid 12's default, neo. `handDrawn`
    /// (not drawn by mmdr) and unknown names draw the classic look.
    pub fn look(&self) -> Look {
        match self.setting("look").unwrap_or("neo") {
            "neo" => Look::Neo,
            _ => Look::Classic,
        }
    }

    /// Whether the layout is ELK's (`layout: elk`, mermaid 12's default; also `elk.*`
    /// variants), which routes every edge orthogonally with rounded corners, rather than
    /// dagre's.
    pub fn elk(&self) -> bool {
        self.str("layout").unwrap_or("elk").starts_with("elk")
    }

    /// A setting that may be given per diagram type or at the top: `flowchart.<key>` wins.
    fn setting(&self, key: &str) -> Option<&str> {
        self.flowchart(key)
            .and_then(Value::as_str)
            .or_else(|| self.str(key))
    }

    /// A `flowchart.<key>` setting.
    pub fn flowchart(&self, key: &str) -> Option<&Value> {
        self.raw.get("flowchart").and_then(|f| f.get(key))
    }

    /// A numeric `flowchart.<key>` setting (numbers or numeric strings).
    pub fn flowchart_f64(&self, key: &str) -> Option<f64> {
        match self.flowchart(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().trim_end_matches("px").parse().ok(),
            _ => None,
        }
        .filter(|v: &f64| v.is_finite())
    }

    /// `flowchart.nodeSpacing` (mermaid: 50; a zero falls back to it too).
    pub fn node_spacing(&self) -> f64 {
        self.flowchart_f64("nodeSpacing")
            .filter(|v| *v > 0.0)
            .unwrap_or(DEFAULT_SPACING)
    }

    /// `flowchart.rankSpacing` (mermaid: 50).
    pub fn rank_spacing(&self) -> f64 {
        self.flowchart_f64("rankSpacing")
            .filter(|v| *v > 0.0)
            .unwrap_or(DEFAULT_SPACING)
    }

    /// `flowchart.curve`: the default edge curve (`basis`, `linear`, `step`, …).
    pub fn curve(&self) -> Option<&str> {
        self.flowchart("curve").and_then(Value::as_str)
    }

    /// `flowchart.inheritDir`: subgraphs without a `direction` take the diagram's.
    pub fn inherit_dir(&self) -> bool {
        matches!(self.flowchart("inheritDir"), Some(Value::Bool(true)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn directive(name: &str, args: Value) -> Directive {
        Directive {
            name: name.into(),
            args: Some(args),
            error: None,
            span: 0..0,
        }
    }

    #[test]
    fn directives_override_front_matter() {
        let fm = json!({"theme": "dark", "flowchart": {"nodeSpacing": 30, "rankSpacing": 70}});
        let c = Config::from_sources(
            Some(&fm),
            &[directive(
                "init",
                json!({"theme": "forest", "config": {"nodeSpacing": 10}}),
            )],
        );
        assert_eq!(c.theme(), "forest");
        assert_eq!(c.node_spacing(), 10.0);
        assert_eq!(c.rank_spacing(), 70.0);
    }

    #[test]
    fn defaults() {
        let c = Config::default();
        assert_eq!(c.node_spacing(), 50.0);
        assert!(!c.inherit_dir());
        // mermaid 12: neo, redux-color, ELK.
        assert_eq!(c.look(), Look::Neo);
        assert_eq!(c.theme(), "redux-color");
        assert!(c.elk());
    }

    #[test]
    fn appearance_takes_the_first_layer_that_sets_it() {
        let layer = |v: Value| v.as_object().unwrap().clone();
        let resolve = |diagram: Value, site: Value| {
            let (diagram, site) = (layer(diagram), layer(site));
            let mut merged = site.clone();
            deep_merge(&mut merged, &diagram);
            resolve_appearance(&diagram, &site, &mut merged);
            Config { raw: merged }
        };
        // The diagram's top-level theme beats the site's flowchart.theme.
        let c = resolve(
            json!({"theme": "dark"}),
            json!({"flowchart": {"theme": "forest"}}),
        );
        assert_eq!(c.theme(), "dark");
        // Within a layer, flowchart.* beats the top level.
        let c = resolve(
            json!({"theme": "dark", "flowchart": {"theme": "neutral"}}),
            json!({}),
        );
        assert_eq!(c.theme(), "neutral");
        // Nothing in the diagram: the site's; nothing anywhere: mermaid 12's defaults.
        let c = resolve(json!({}), json!({"look": "classic", "layout": "dagre"}));
        assert_eq!(
            (c.look(), c.theme(), c.elk()),
            (Look::Classic, "redux-color", false)
        );
        let c = resolve(json!({"look": "neo"}), json!({"look": "classic"}));
        assert_eq!(c.look(), Look::Neo);
    }
}
