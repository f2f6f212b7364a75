//! Diagram configuration: front matter `config:`, then `%%{init: …}%%` directives on top, as mermaid merges them.

use crate::parse::preprocess::Directive;
use serde_json::{Map, Value};

/// mermaid's default `flowchart.nodeSpacing` and `rankSpacing` (px).
pub const DEFAULT_SPACING: f64 = 50.0;

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

    /// `theme`: `default`, `dark`, `forest`, `neutral` or `base`.
    pub fn theme(&self) -> Option<&str> {
        self.str("theme")
    }

    /// `themeVariables`.
    pub fn theme_variables(&self) -> Option<&Map<String, Value>> {
        self.raw.get("themeVariables").and_then(Value::as_object)
    }

    /// `look`: `classic` or `handDrawn`.
    pub fn look(&self) -> Option<&str> {
        self.str("look")
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
        assert_eq!(c.theme(), Some("forest"));
        assert_eq!(c.node_spacing(), 10.0);
        assert_eq!(c.rank_spacing(), 70.0);
    }

    #[test]
    fn defaults() {
        let c = Config::default();
        assert_eq!(c.node_spacing(), 50.0);
        assert!(!c.inherit_dir());
    }
}
