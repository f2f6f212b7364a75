//! Node shapes: the classic bracket shapes and mermaid's `@{ shape: … }` set, under one name each.

use std::fmt;

/// A node's shape, by its canonical name (aliases such as `db`/`database`/`cyl` fold into one).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Shape {
    Rect,
    Rounded,
    Stadium,
    Subroutine,
    Cylinder,
    Circle,
    DoubleCircle,
    Diamond,
    Hexagon,
    Odd,
    LeanRight,
    LeanLeft,
    Trapezoid,
    InvTrapezoid,
    /// `A(-text-)`: mermaid parses it but has no drawing for it.
    Ellipse,
    /// One of mermaid's extended shapes (`doc`, `cloud`, `bolt`, …), by its short name.
    Extended(&'static str),
    /// A shape name mermaid accepts but uses in other diagram types (`state`, `note`, …).
    Other(String),
}

/// Every shape name mermaid accepts in `@{ shape: … }`, with its canonical name.
const ALIASES: &[(&str, &str)] = &[
    ("rect", "rect"),
    ("proc", "rect"),
    ("process", "rect"),
    ("rectangle", "rect"),
    ("rounded", "rounded"),
    ("event", "rounded"),
    ("stadium", "stadium"),
    ("terminal", "stadium"),
    ("pill", "stadium"),
    ("fr-rect", "subroutine"),
    ("subprocess", "subroutine"),
    ("subproc", "subroutine"),
    ("framed-rectangle", "subroutine"),
    ("subroutine", "subroutine"),
    ("cyl", "cylinder"),
    ("db", "cylinder"),
    ("database", "cylinder"),
    ("cylinder", "cylinder"),
    ("circle", "circle"),
    ("circ", "circle"),
    ("dbl-circ", "doublecircle"),
    ("double-circle", "doublecircle"),
    ("doublecircle", "doublecircle"),
    ("diam", "diamond"),
    ("decision", "diamond"),
    ("diamond", "diamond"),
    ("question", "diamond"),
    ("hex", "hexagon"),
    ("hexagon", "hexagon"),
    ("prepare", "hexagon"),
    ("odd", "odd"),
    ("lean-r", "lean_right"),
    ("lean-right", "lean_right"),
    ("in-out", "lean_right"),
    ("lean-l", "lean_left"),
    ("lean-left", "lean_left"),
    ("out-in", "lean_left"),
    ("trap-b", "trapezoid"),
    ("priority", "trapezoid"),
    ("trapezoid-bottom", "trapezoid"),
    ("trapezoid", "trapezoid"),
    ("trap-t", "inv_trapezoid"),
    ("manual", "inv_trapezoid"),
    ("trapezoid-top", "inv_trapezoid"),
    ("inv-trapezoid", "inv_trapezoid"),
    ("datastore", "datastore"),
    ("data-store", "datastore"),
    ("folder", "folder"),
    ("directory", "folder"),
    ("bucket", "bucket"),
    ("console", "console"),
    ("browser", "browser"),
    ("person", "person"),
    ("bang", "bang"),
    ("cloud", "cloud"),
    ("text", "text"),
    ("notch-rect", "notch-rect"),
    ("card", "notch-rect"),
    ("notched-rectangle", "notch-rect"),
    ("lin-rect", "lin-rect"),
    ("lined-rectangle", "lin-rect"),
    ("lined-process", "lin-rect"),
    ("lin-proc", "lin-rect"),
    ("shaded-process", "lin-rect"),
    ("sm-circ", "sm-circ"),
    ("start", "sm-circ"),
    ("small-circle", "sm-circ"),
    ("fr-circ", "fr-circ"),
    ("stop", "fr-circ"),
    ("framed-circle", "fr-circ"),
    ("fork", "fork"),
    ("join", "fork"),
    ("hourglass", "hourglass"),
    ("collate", "hourglass"),
    ("brace", "brace"),
    ("comment", "brace"),
    ("brace-l", "brace"),
    ("brace-r", "brace-r"),
    ("braces", "braces"),
    ("bolt", "bolt"),
    ("com-link", "bolt"),
    ("lightning-bolt", "bolt"),
    ("doc", "doc"),
    ("document", "doc"),
    ("delay", "delay"),
    ("half-rounded-rectangle", "delay"),
    ("h-cyl", "h-cyl"),
    ("das", "h-cyl"),
    ("horizontal-cylinder", "h-cyl"),
    ("lin-cyl", "lin-cyl"),
    ("disk", "lin-cyl"),
    ("lined-cylinder", "lin-cyl"),
    ("curv-trap", "curv-trap"),
    ("curved-trapezoid", "curv-trap"),
    ("display", "curv-trap"),
    ("div-rect", "div-rect"),
    ("div-proc", "div-rect"),
    ("divided-rectangle", "div-rect"),
    ("divided-process", "div-rect"),
    ("tri", "tri"),
    ("extract", "tri"),
    ("triangle", "tri"),
    ("win-pane", "win-pane"),
    ("internal-storage", "win-pane"),
    ("window-pane", "win-pane"),
    ("f-circ", "f-circ"),
    ("junction", "f-circ"),
    ("filled-circle", "f-circ"),
    ("notch-pent", "notch-pent"),
    ("loop-limit", "notch-pent"),
    ("notched-pentagon", "notch-pent"),
    ("flip-tri", "flip-tri"),
    ("manual-file", "flip-tri"),
    ("flipped-triangle", "flip-tri"),
    ("sl-rect", "sl-rect"),
    ("manual-input", "sl-rect"),
    ("sloped-rectangle", "sl-rect"),
    ("docs", "docs"),
    ("documents", "docs"),
    ("st-doc", "docs"),
    ("stacked-document", "docs"),
    ("st-rect", "st-rect"),
    ("procs", "st-rect"),
    ("processes", "st-rect"),
    ("stacked-rectangle", "st-rect"),
    ("bow-rect", "bow-rect"),
    ("stored-data", "bow-rect"),
    ("bow-tie-rectangle", "bow-rect"),
    ("cross-circ", "cross-circ"),
    ("summary", "cross-circ"),
    ("crossed-circle", "cross-circ"),
    ("tag-doc", "tag-doc"),
    ("tagged-document", "tag-doc"),
    ("tag-rect", "tag-rect"),
    ("tagged-rectangle", "tag-rect"),
    ("tag-proc", "tag-rect"),
    ("tagged-process", "tag-rect"),
    ("flag", "flag"),
    ("paper-tape", "flag"),
    ("lin-doc", "lin-doc"),
    ("lined-document", "lin-doc"),
    ("icon", "icon"),
    // BPMN shapes (mermaid 12.3; no aliases).
    ("bpmn-start", "bpmn-start"),
    ("bpmn-intermediate", "bpmn-intermediate"),
    ("bpmn-boundary", "bpmn-boundary"),
    ("bpmn-end", "bpmn-end"),
    ("bpmn-gateway", "bpmn-gateway"),
    ("bpmn-activity", "bpmn-activity"),
    ("bpmn-data", "bpmn-data"),
    ("bpmn-data-store", "bpmn-data-store"),
    ("bpmn-annotation", "bpmn-annotation"),
    // Names mermaid only draws in other diagram types; accepted, kept as written.
    ("state", "state"),
    ("choice", "choice"),
    ("note", "note"),
    ("composite", "composite"),
    ("anchor", "anchor"),
];

/// Canonical names of the extended shapes (the second column of [`ALIASES`] not covered by a variant).
const EXTENDED: &[&str] = &[
    "datastore",
    "folder",
    "bucket",
    "console",
    "browser",
    "person",
    "bang",
    "cloud",
    "text",
    "notch-rect",
    "lin-rect",
    "sm-circ",
    "fr-circ",
    "fork",
    "hourglass",
    "brace",
    "brace-r",
    "braces",
    "bolt",
    "doc",
    "delay",
    "h-cyl",
    "lin-cyl",
    "curv-trap",
    "div-rect",
    "tri",
    "win-pane",
    "f-circ",
    "notch-pent",
    "flip-tri",
    "sl-rect",
    "docs",
    "st-rect",
    "bow-rect",
    "cross-circ",
    "tag-doc",
    "tag-rect",
    "flag",
    "lin-doc",
    "icon",
    "icon-square",
    "icon-circle",
    "icon-rounded",
    "image",
    "collapsed-group",
    "bpmn-start",
    "bpmn-intermediate",
    "bpmn-boundary",
    "bpmn-end",
    "bpmn-gateway",
    "bpmn-activity",
    "bpmn-data",
    "bpmn-data-store",
    "bpmn-annotation",
];

impl Shape {
    /// The shape for a canonical or alias name, if mermaid accepts it in `@{ shape: … }`.
    pub fn from_shape_name(name: &str) -> Option<Shape> {
        let canon = ALIASES.iter().find(|(a, _)| *a == name).map(|(_, c)| *c)?;
        Some(Shape::from_canonical(canon))
    }

    /// The shape for a canonical name (as in the JSON output).
    pub fn from_canonical(canon: &str) -> Shape {
        match canon {
            "rect" => Shape::Rect,
            "rounded" => Shape::Rounded,
            "stadium" => Shape::Stadium,
            "subroutine" => Shape::Subroutine,
            "cylinder" => Shape::Cylinder,
            "circle" => Shape::Circle,
            "doublecircle" => Shape::DoubleCircle,
            "diamond" => Shape::Diamond,
            "hexagon" => Shape::Hexagon,
            "odd" => Shape::Odd,
            "lean_right" => Shape::LeanRight,
            "lean_left" => Shape::LeanLeft,
            "trapezoid" => Shape::Trapezoid,
            "inv_trapezoid" => Shape::InvTrapezoid,
            "ellipse" => Shape::Ellipse,
            other => match EXTENDED.iter().find(|e| **e == other) {
                Some(e) => Shape::Extended(e),
                None => Shape::Other(other.to_string()),
            },
        }
    }

    /// The shape of mermaid's classic-syntax type names (`square`, `round`, `diamond`, …).
    pub fn from_mermaid_type(t: &str) -> Shape {
        match t {
            "square" => Shape::Rect,
            "round" => Shape::Rounded,
            other => Shape::from_shape_name(other).unwrap_or_else(|| Shape::from_canonical(other)),
        }
    }

    /// The canonical name (the vocabulary of the expected files and the JSON output).
    pub fn name(&self) -> &str {
        match self {
            Shape::Rect => "rect",
            Shape::Rounded => "rounded",
            Shape::Stadium => "stadium",
            Shape::Subroutine => "subroutine",
            Shape::Cylinder => "cylinder",
            Shape::Circle => "circle",
            Shape::DoubleCircle => "doublecircle",
            Shape::Diamond => "diamond",
            Shape::Hexagon => "hexagon",
            Shape::Odd => "odd",
            Shape::LeanRight => "lean_right",
            Shape::LeanLeft => "lean_left",
            Shape::Trapezoid => "trapezoid",
            Shape::InvTrapezoid => "inv_trapezoid",
            Shape::Ellipse => "ellipse",
            Shape::Extended(s) => s,
            Shape::Other(s) => s,
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_fold() {
        assert_eq!(Shape::from_shape_name("db"), Some(Shape::Cylinder));
        assert_eq!(Shape::from_shape_name("question"), Some(Shape::Diamond));
        assert_eq!(Shape::from_shape_name("paper-tape").unwrap().name(), "flag");
        assert_eq!(Shape::from_shape_name("nope"), None);
        assert_eq!(
            Shape::from_shape_name("bpmn-data-store").unwrap().name(),
            "bpmn-data-store"
        );
        assert_eq!(Shape::from_shape_name("bpmn-foo"), None);
        assert_eq!(
            Shape::from_mermaid_type("inv_trapezoid"),
            Shape::InvTrapezoid
        );
        assert_eq!(Shape::from_mermaid_type("square"), Shape::Rect);
    }

    #[test]
    fn every_canonical_name_round_trips() {
        for (_, canon) in ALIASES {
            assert_eq!(Shape::from_canonical(canon).name(), *canon);
        }
    }
}
