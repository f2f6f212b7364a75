//! How one node, edge or subgraph is painted: the theme's colours overridden by `classDef`,
//! `class`, `:::`, `style` and `linkStyle`, each value checked.
//!
//! Style text comes from untrusted documents, so nothing here is passed through: every value
//! is parsed (colours by [`color::parse`], lengths and numbers as numbers, keywords from a
//! fixed list, font names from a narrow alphabet) and written back from what was parsed.
//! Unknown properties and values that do not parse are dropped.

use super::color::{self, Rgba};
use crate::graph::Diagram;

/// Paint for one element. `None` fields keep the theme's value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paint {
    /// Shape fill (`fill`); `Some(None)` is `fill: none`.
    pub fill: Option<Option<Rgba>>,
    /// Outline colour (`stroke`); `Some(None)` is `stroke: none`.
    pub stroke: Option<Option<Rgba>>,
    /// Outline width in px (`stroke-width`).
    pub stroke_width: Option<f64>,
    /// Dash pattern in px (`stroke-dasharray`); empty for solid.
    pub dasharray: Option<Vec<f64>>,
    /// Text colour (`color`).
    pub color: Option<Rgba>,
    /// Whether text is bold (`font-weight`).
    pub bold: Option<bool>,
    /// Whether text is italic (`font-style`).
    pub italic: Option<bool>,
    /// Text size in px (`font-size`).
    pub font_size: Option<f64>,
    /// Font family list, already restricted to safe characters (`font-family`).
    pub font_family: Option<String>,
    /// Whole-element opacity (`opacity`).
    pub opacity: Option<f64>,
}

impl Paint {
    /// Apply one `name:value` declaration (as written in `style`/`classDef`); bad ones are
    /// ignored.
    pub fn apply(&mut self, declaration: &str) {
        let Some((name, value)) = declaration.split_once(':') else {
            return;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        let value = value
            .strip_suffix("!important")
            .map_or(value, str::trim_end)
            .trim();
        match name.as_str() {
            "fill" | "background" | "background-color" => {
                if let Some(c) = paint_value(value) {
                    self.fill = Some(c);
                }
            }
            "stroke" => {
                if let Some(c) = paint_value(value) {
                    self.stroke = Some(c);
                }
            }
            "stroke-width" => {
                if let Some(w) = length(value).filter(|w| *w >= 0.0 && *w <= 100.0) {
                    self.stroke_width = Some(w);
                }
            }
            "stroke-dasharray" => {
                if let Some(d) = dasharray(value) {
                    self.dasharray = Some(d);
                }
            }
            "color" => {
                if let Some(c) = color::parse(value) {
                    self.color = Some(c);
                }
            }
            "font-weight" => match value.to_ascii_lowercase().as_str() {
                "bold" | "bolder" | "600" | "700" | "800" | "900" => self.bold = Some(true),
                "normal" | "lighter" | "100" | "200" | "300" | "400" | "500" => {
                    self.bold = Some(false)
                }
                _ => {}
            },
            "font-style" => match value.to_ascii_lowercase().as_str() {
                "italic" | "oblique" => self.italic = Some(true),
                "normal" => self.italic = Some(false),
                _ => {}
            },
            "font-size" => {
                if let Some(s) = length(value).filter(|s| *s > 0.0 && *s <= 200.0) {
                    self.font_size = Some(s);
                }
            }
            "font-family" => self.font_family = font_family(value),
            "opacity" => {
                if let Ok(o) = value.parse::<f64>() {
                    if o.is_finite() {
                        self.opacity = Some(o.clamp(0.0, 1.0));
                    }
                }
            }
            _ => {}
        }
    }

    /// Apply a list of declarations in order.
    pub fn apply_all<S: AsRef<str>>(&mut self, declarations: &[S]) {
        for d in declarations {
            // A `style` value may hold several declarations separated by `;`.
            for part in d.as_ref().split(';') {
                self.apply(part);
            }
        }
    }

    /// The paint of an element with `classes` and its own `styles`: `classDef default`
    /// first (mermaid gives every node and subgraph the `default` class), then each class
    /// in order, then the element's own styles.
    pub fn resolve(
        d: &Diagram,
        with_default: bool,
        classes: &[String],
        styles: &[String],
    ) -> Paint {
        let mut p = Paint::default();
        if with_default {
            if let Some(c) = d.class_defs.get("default") {
                p.apply_all(&c.styles);
            }
        }
        for class in classes {
            if let Some(c) = d.class_defs.get(class.as_str()) {
                p.apply_all(&c.styles);
            }
        }
        p.apply_all(styles);
        p
    }
}

/// A fill or stroke value: a colour, or `none`.
fn paint_value(v: &str) -> Option<Option<Rgba>> {
    if v.eq_ignore_ascii_case("none") {
        return Some(None);
    }
    color::parse(v).map(Some)
}

/// A CSS length in px: a number with an optional `px` (or `pt`, `em` at 16px).
fn length(v: &str) -> Option<f64> {
    let v = v.trim().to_ascii_lowercase();
    let (num, scale) = if let Some(n) = v.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else if let Some(n) = v.strip_suffix("em") {
        (n, 16.0)
    } else {
        (v.as_str(), 1.0)
    };
    let n: f64 = num.trim().parse().ok()?;
    n.is_finite().then_some(n * scale)
}

/// A dash array: lengths separated by commas or spaces; `0` or `none` is solid.
fn dasharray(v: &str) -> Option<Vec<f64>> {
    if v.eq_ignore_ascii_case("none") {
        return Some(Vec::new());
    }
    let parts: Option<Vec<f64>> = v
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| length(s).filter(|x| *x >= 0.0 && *x <= 1000.0))
        .collect();
    let parts = parts?;
    if parts.is_empty() || parts.len() > 16 {
        return None;
    }
    Some(if parts.iter().all(|x| *x == 0.0) {
        Vec::new()
    } else {
        parts
    })
}

/// A font-family list reduced to characters that cannot end an attribute or a declaration.
pub fn font_family(v: &str) -> Option<String> {
    let kept: String = v
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || " ,-_.'".contains(*c))
        .take(200)
        .collect();
    let kept = kept.trim().to_string();
    (!kept.is_empty()).then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paint(decls: &[&str]) -> Paint {
        let mut p = Paint::default();
        p.apply_all(decls);
        p
    }

    #[test]
    fn declarations_are_parsed() {
        let p = paint(&[
            "fill:#f9f",
            "stroke:#333",
            "stroke-width:4px",
            "stroke-dasharray: 5 5",
            "color:red",
            "font-weight:bold",
        ]);
        assert_eq!(p.fill, Some(color::parse("#ff99ff")));
        assert_eq!(p.stroke, Some(color::parse("#333333")));
        assert_eq!(p.stroke_width, Some(4.0));
        assert_eq!(p.dasharray, Some(vec![5.0, 5.0]));
        assert_eq!(p.color, color::parse("#ff0000"));
        assert_eq!(p.bold, Some(true));
        let p = paint(&["fill:none", "stroke-dasharray:0", "font-size:12pt"]);
        assert_eq!(p.fill, Some(None));
        assert_eq!(p.dasharray, Some(vec![]));
        assert_eq!(p.font_size, Some(16.0));
    }

    #[test]
    fn later_declarations_win_and_bad_ones_are_dropped() {
        let p = paint(&[
            "fill:#111",
            "fill:#222;stroke:blue",
            "fill:url(javascript:alert(1))",
        ]);
        assert_eq!(p.fill, Some(color::parse("#222222")));
        assert_eq!(p.stroke, Some(color::parse("blue")));
        let p = paint(&[
            "fill:red;}</style><script>alert(1)</script>",
            "stroke:red}</style>",
            "stroke-width:1px\" onload=\"x",
            "font-family:Arial\"><script>",
            "behavior:url(x.htc)",
        ]);
        // The declaration ends at `;`: the colour before it stands, the rest is no declaration.
        assert_eq!(p.fill, Some(color::parse("red")));
        assert_eq!(
            p.stroke, None,
            "a colour with junk after it is not a colour"
        );
        assert_eq!(p.stroke_width, None);
        assert_eq!(
            p.font_family.as_deref(),
            Some("Arialscript"),
            "only harmless characters kept"
        );
    }
}
