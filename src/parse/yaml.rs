//! YAML (front matter, `@{ … }` node data) read into JSON values, the way mermaid's
//! `js-yaml` with its JSON schema reads it.

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// A YAML syntax error: 0-based line and column in the YAML text, and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Read the first document of `text`; an empty text is `null`.
pub(crate) fn load(text: &str) -> Result<Value, YamlError> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| YamlError {
        line: e.marker().line().saturating_sub(1),
        col: e.marker().col(),
        message: e.info().to_string(),
    })?;
    Ok(docs.into_iter().next().map_or(Value::Null, to_json))
}

fn to_json(y: Yaml) -> Value {
    match y {
        Yaml::Real(s) => s
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or(Value::String(s), Value::Number),
        Yaml::Integer(i) => Value::Number(i.into()),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        Yaml::Hash(h) => {
            let mut m = Map::new();
            for (k, v) in h {
                m.insert(key_string(k), to_json(v));
            }
            Value::Object(m)
        }
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

/// Mapping keys as JavaScript would stringify them.
fn key_string(k: Yaml) -> String {
    match k {
        Yaml::String(s) | Yaml::Real(s) => s,
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => "null".into(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_and_block_mappings() {
        let v = load("{\n shape: rect, label: \"x }\" , h: 60\n}").unwrap();
        assert_eq!(v["shape"], "rect");
        assert_eq!(v["label"], "x }");
        assert_eq!(v["h"], 60);
        let v = load("\n   label: |\n     a\n     b\n   animate: true\n").unwrap();
        assert_eq!(v["label"], "a\nb\n");
        assert_eq!(v["animate"], true);
    }

    #[test]
    fn errors_have_positions() {
        let e = load("a: [1,\nb: 2").unwrap_err();
        assert!(!e.message.is_empty());
    }
}
