//! Mermaid's themes, reduced to what a flowchart needs.
//!
//! mermaid-js has five classic themes (`default`, `dark`, `forest`,
//! `neutral`, `base`) and, since mermaid 12, six made for its `neo` look
//! (`neo`, `neo-dark`, `redux`, `redux-dark`, `redux-color`,
//! `redux-dark-color`), which derive their colours as `base` does. Each is a
//! class whose constructor sets its palette (and font and stroke width) and
//! whose `updateColors()` derives the remaining variables; a document's
//! `themeVariables` are written over the constructor's values, `updateColors()`
//! runs, and the user's values are written again so they always win. This
//! module does the same for the variables mermaid's flowchart stylesheet
//! reads, with khroma's colour arithmetic from `color.rs`. Expected values
//! come from mermaid itself: `fixtures/themes/*.json`, written by
//! `fixtures/themes/dump.mjs` (the `neo-*` and `redux-*` cases were dumped
//! from mermaid 12.3.0 the same way; dump.mjs does not list them yet).
//!
//! As in mermaid's directive handling (`config.ts`, `updateCurrentConfig`),
//! derived colours are only recomputed when the document names one of the
//! themes. Without a theme name (or with an unknown one) the user's variables
//! are laid over the resolved `default` theme as they are: setting
//! `primaryColor` alone then changes `primaryColor` and nothing derived from it.

use super::color::{self, Rgba};
use crate::layout::measure::Typeface;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// mermaid's font stack in the classic themes (the `neo` and `redux` themes
/// have their own, see [`theme_for`]).
pub const DEFAULT_FONT_FAMILY: &str = "\"trebuchet ms\", verdana, arial, sans-serif";

/// The resolved colours and font of a flowchart, as mermaid-js 11 computes them
/// for a theme and a document's `themeVariables`.
///
/// Each field is named after the mermaid theme variable it holds (in snake
/// case); its doc says where mermaid's flowchart stylesheet uses it. Colours
/// are [`Rgba`]; write them with [`Rgba::to_css`].
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// `background`: the page background behind the diagram (mermaid leaves the
    /// SVG itself unpainted; a renderer that fills a background uses this).
    pub background: Rgba,
    /// `primaryColor`: the theme's main palette colour (`base` derives most
    /// other colours from it).
    pub primary_color: Rgba,
    /// `primaryTextColor`: text on primary-coloured shapes.
    pub primary_text_color: Rgba,
    /// `primaryBorderColor`: border of primary-coloured shapes.
    pub primary_border_color: Rgba,
    /// `secondaryColor`: the second palette colour.
    pub secondary_color: Rgba,
    /// `secondaryTextColor`: text on secondary-coloured shapes.
    pub secondary_text_color: Rgba,
    /// `secondaryBorderColor`: border of secondary-coloured shapes.
    pub secondary_border_color: Rgba,
    /// `tertiaryColor`: the third palette colour; background of the click
    /// tooltip (`div.mermaidTooltip`).
    pub tertiary_color: Rgba,
    /// `tertiaryTextColor`: text on tertiary-coloured shapes.
    pub tertiary_text_color: Rgba,
    /// `tertiaryBorderColor`: border of tertiary-coloured shapes.
    pub tertiary_border_color: Rgba,
    /// `lineColor`: edge strokes (`.flowchart-link`, `.edgePaths .path`) and the
    /// arrowhead markers (`.marker` fill and stroke).
    pub line_color: Rgba,
    /// `arrowheadColor`: fill of `.arrowheadPath` (mermaid's legacy arrowheads).
    pub arrowhead_color: Rgba,
    /// `textColor`: default text fill of the whole SVG and the diagram title
    /// (`.flowchartTitleText`).
    pub text_color: Rgba,
    /// `mainBkg`: fill of node shapes (`.node rect, circle, polygon, path ...`).
    pub main_bkg: Rgba,
    /// `nodeBorder`: stroke of node shapes.
    pub node_border: Rgba,
    /// Node label text (`.label` colour and fill): mermaid's
    /// `nodeTextColor || textColor`, already resolved.
    pub node_text_color: Rgba,
    /// `clusterBkg`: fill of subgraph boxes (`.cluster rect`).
    pub cluster_bkg: Rgba,
    /// `clusterBorder`: stroke of subgraph boxes.
    pub cluster_border: Rgba,
    /// `titleColor`: subgraph titles (`.cluster text`, `.cluster-label`).
    pub title_color: Rgba,
    /// `edgeLabelBackground`: background behind edge labels (`.edgeLabel`, its
    /// `rect`). See also [`Theme::label_bkg`].
    pub edge_label_background: Rgba,
    /// `border2`: border of the click tooltip (`div.mermaidTooltip`).
    pub border2: Rgba,
    /// `errorBkgColor`: fill of the error icon (`.error-icon`).
    pub error_bkg_color: Rgba,
    /// `errorTextColor`: fill and stroke of error text (`.error-text`).
    pub error_text_color: Rgba,
    /// `fontFamily`: the CSS font stack for all text. Sanitised to
    /// `[A-Za-z0-9 ,'"._-]`, so it is safe inside a `<style>` element; it may
    /// contain quotes, so escape it when putting it in an XML attribute.
    pub font_family: String,
    /// `fontSize` in CSS pixels (mermaid's `"16px"`).
    pub font_size: f64,
    /// `strokeWidth` in CSS pixels: node strokes and `.edge-thickness-normal`.
    pub stroke_width: f64,
}

impl Theme {
    /// The typeface text is measured and drawn in: Recursive when `fontFamily` names it
    /// first (the redux themes, mermaid 12's default), else DejaVu Sans.
    pub fn typeface(&self) -> Typeface {
        Typeface::of_family(&self.font_family)
    }

    /// The background of HTML edge labels (`.labelBkg`): mermaid's
    /// `fade(edgeLabelBackground, 0.5)`, the same colour at half opacity.
    pub fn label_bkg(&self) -> Rgba {
        self.edge_label_background.with_alpha(0.5)
    }
}

impl Default for Theme {
    /// mermaid's `default` theme with no variables.
    fn default() -> Theme {
        theme_for(None, None)
    }
}

/// Resolves a theme the way mermaid does for a document's
/// `%%{init: {"theme": name, "themeVariables": variables}}%%` (or front-matter
/// `config`).
///
/// * `name` is one of `default`, `dark`, `forest`, `neutral`, `base`, `neo`,
///   `neo-dark`, `redux`, `redux-dark`, `redux-color`, `redux-dark-color`
///   (exact, case-sensitive, as in mermaid). Then the user's variables feed
///   mermaid's derivations (e.g. `base` + `primaryColor` recomputes the
///   borders, the secondary and tertiary colours, `mainBkg`, ...), and
///   `darkMode` switches `base` and the `neo`/`redux` themes to their dark
///   derivations (JavaScript truthiness, as mermaid). The `neo`/`redux` themes
///   set much in their constructors (`mainBkg`, `nodeBorder`, `tertiaryColor`,
///   the cluster colours, ...), so `primaryColor` changes less there.
/// * `None` or any other name gives the `default` theme with the variables laid
///   over it unchanged, without derivation (mermaid's behaviour when the
///   directive names no known theme).
///
/// Variables are read only if mermaid accepts them from a document and a
/// flowchart uses them; colour values that are not strings or do not
/// [`color::parse`] are ignored (the theme's own value stays). `fontFamily` is
/// filtered to `[A-Za-z0-9 ,'"._-]`; `fontSize` and `strokeWidth` accept a
/// number or a string `"16"` / `"16px"`.
pub fn theme_for(name: Option<&str>, variables: Option<&Map<String, Value>>) -> Theme {
    let user = Overrides::read(variables);
    let kind = name.and_then(Kind::from_name);
    let vars = match kind {
        Some(kind) => {
            let mut v = construct(kind);
            v.apply(&user.colors);
            update_colors(kind, &mut v, user.dark_mode);
            v.apply(&user.colors);
            v
        }
        None => {
            let mut v = construct(Kind::Default);
            update_colors(Kind::Default, &mut v, false);
            v.apply(&user.colors);
            v
        }
    };
    let (font_family, font_size, stroke_width) = kind.unwrap_or(Kind::Default).font_and_stroke();
    let text_color = vars.get("textColor");
    Theme {
        background: vars.get("background"),
        primary_color: vars.get("primaryColor"),
        primary_text_color: vars.get("primaryTextColor"),
        primary_border_color: vars.get("primaryBorderColor"),
        secondary_color: vars.get("secondaryColor"),
        secondary_text_color: vars.get("secondaryTextColor"),
        secondary_border_color: vars.get("secondaryBorderColor"),
        tertiary_color: vars.get("tertiaryColor"),
        tertiary_text_color: vars.get("tertiaryTextColor"),
        tertiary_border_color: vars.get("tertiaryBorderColor"),
        line_color: vars.get("lineColor"),
        arrowhead_color: vars.get("arrowheadColor"),
        text_color,
        main_bkg: vars.get("mainBkg"),
        node_border: vars.get("nodeBorder"),
        node_text_color: vars.0.get("nodeTextColor").copied().unwrap_or(text_color),
        cluster_bkg: vars.get("clusterBkg"),
        cluster_border: vars.get("clusterBorder"),
        title_color: vars.get("titleColor"),
        edge_label_background: vars.get("edgeLabelBackground"),
        border2: vars.get("border2"),
        error_bkg_color: vars.get("errorBkgColor"),
        error_text_color: vars.get("errorTextColor"),
        font_family: user.font_family.unwrap_or_else(|| font_family.to_string()),
        font_size: user.font_size.unwrap_or(font_size),
        stroke_width: user.stroke_width.unwrap_or(stroke_width),
    }
}

/// The colour variables a document may set that matter to a flowchart.
///
/// mermaid drops directive keys that are not in its default configuration, so
/// theme-internal names such as `nodeTextColor`, `mainContrastColor` (dark),
/// `contrast` and `text` (neutral) cannot be set from a document; they are
/// absent here too.
const COLOR_KEYS: [&str; 25] = [
    "background",
    "primaryColor",
    "secondaryColor",
    "tertiaryColor",
    "primaryBorderColor",
    "secondaryBorderColor",
    "tertiaryBorderColor",
    "primaryTextColor",
    "secondaryTextColor",
    "tertiaryTextColor",
    "lineColor",
    "arrowheadColor",
    "textColor",
    "mainBkg",
    "secondBkg",
    "border1",
    "border2",
    "nodeBorder",
    "clusterBkg",
    "clusterBorder",
    "titleColor",
    "edgeLabelBackground",
    "labelBackground",
    "errorBkgColor",
    "errorTextColor",
];

/// mermaid's themes: the five classic ones and mermaid 12's six for the `neo`
/// look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Default,
    Dark,
    Forest,
    Neutral,
    Base,
    Neo,
    NeoDark,
    Redux,
    ReduxDark,
    ReduxColor,
    ReduxDarkColor,
}

impl Kind {
    fn from_name(name: &str) -> Option<Kind> {
        match name {
            "default" => Some(Kind::Default),
            "dark" => Some(Kind::Dark),
            "forest" => Some(Kind::Forest),
            "neutral" => Some(Kind::Neutral),
            "base" => Some(Kind::Base),
            "neo" => Some(Kind::Neo),
            "neo-dark" => Some(Kind::NeoDark),
            "redux" => Some(Kind::Redux),
            "redux-dark" => Some(Kind::ReduxDark),
            "redux-color" => Some(Kind::ReduxColor),
            "redux-dark-color" => Some(Kind::ReduxDarkColor),
            _ => None,
        }
    }

    /// The constructor's `fontFamily`, `fontSize` and `strokeWidth` (CSS
    /// pixels), which no derivation changes.
    fn font_and_stroke(self) -> (&'static str, f64, f64) {
        const RECURSIVE: &str = "\"Recursive Variable\", arial, sans-serif";
        match self {
            Kind::Default | Kind::Dark | Kind::Forest | Kind::Neutral | Kind::Base => {
                (DEFAULT_FONT_FAMILY, 16.0, 1.0)
            }
            Kind::Neo => ("arial, sans-serif", 14.0, 2.0),
            Kind::NeoDark => ("arial, sans-serif", 14.0, 1.0),
            Kind::Redux | Kind::ReduxDark | Kind::ReduxColor | Kind::ReduxDarkColor => {
                (RECURSIVE, 14.0, 2.0)
            }
        }
    }
}

/// What a document's `themeVariables` contribute, validated.
#[derive(Default)]
struct Overrides {
    colors: Vec<(&'static str, Rgba)>,
    dark_mode: bool,
    font_family: Option<String>,
    font_size: Option<f64>,
    stroke_width: Option<f64>,
}

impl Overrides {
    fn read(variables: Option<&Map<String, Value>>) -> Overrides {
        let mut o = Overrides::default();
        for (key, value) in variables.into_iter().flatten() {
            match key.as_str() {
                "darkMode" => o.dark_mode = js_truthy(value),
                "fontFamily" => o.font_family = value.as_str().and_then(sanitize_font_family),
                "fontSize" => o.font_size = css_px(value).filter(|&v| v > 0.0 && v <= 1000.0),
                "strokeWidth" => o.stroke_width = css_px(value).filter(|&v| v <= 100.0),
                _ => {
                    let known = COLOR_KEYS.iter().find(|k| **k == key.as_str());
                    let parsed = value.as_str().and_then(color::parse);
                    if let (Some(&k), Some(c)) = (known, parsed) {
                        o.colors.push((k, c));
                    }
                }
            }
        }
        o
    }
}

/// JavaScript truthiness of a directive value, after mermaid's sanitising
/// (which blanks strings outside `[0-9 "#%(),.;A-Za-z]`): so `true`, `1` and
/// `"false"` are true; `false`, `0`, `""` and `null` are false.
fn js_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || " \"#%(),.;".contains(c))
        }
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Keeps only `[A-Za-z0-9 ,'"._-]`; `None` if nothing but spaces remains.
fn sanitize_font_family(s: &str) -> Option<String> {
    let kept: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || " ,'\"-_.".contains(*c))
        .collect();
    let kept = kept.trim();
    (!kept.is_empty()).then(|| kept.to_string())
}

/// A non-negative length in CSS pixels: a JSON number, or a string of digits
/// with an optional fraction and an optional `px`.
fn css_px(value: &Value) -> Option<f64> {
    let v = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => {
            let s = s.trim();
            let s = s.strip_suffix("px").unwrap_or(s);
            let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
            let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
            if !digits(int) || !digits(frac) {
                return None;
            }
            s.parse().ok()?
        }
        _ => return None,
    };
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// A theme's variables while they are being resolved, keyed by mermaid's names:
/// a present key is a set variable, an absent one is JavaScript `undefined`.
#[derive(Default)]
struct Vars(HashMap<&'static str, Rgba>);

impl Vars {
    fn get(&self, key: &str) -> Rgba {
        debug_assert!(self.0.contains_key(key), "theme variable {key} is not set");
        self.0.get(key).copied().unwrap_or(Rgba::BLACK)
    }

    fn set(&mut self, key: &'static str, c: Rgba) {
        self.0.insert(key, c);
    }

    /// Sets a variable to one of mermaid's built-in colour strings.
    fn set_css(&mut self, key: &'static str, css: &str) {
        self.set(key, color::parse(css).expect("built-in theme colour"));
    }

    /// `this.key = this.key || value`: sets the variable only if it is unset.
    fn or(&mut self, key: &'static str, value: impl FnOnce(&Vars) -> Rgba) {
        if !self.0.contains_key(key) {
            let c = value(self);
            self.set(key, c);
        }
    }

    /// `this.key = this.from`.
    fn copy(&mut self, key: &'static str, from: &str) {
        self.set(key, self.get(from));
    }

    fn apply(&mut self, colors: &[(&'static str, Rgba)]) {
        for &(k, c) in colors {
            self.set(k, c);
        }
    }
}

/// mermaid's `mkBorder`: a border colour derived from a fill, 40 points less
/// saturated and 10 points darker (lighter in dark mode).
fn mk_border(c: Rgba, dark_mode: bool) -> Rgba {
    c.adjust(0.0, -40.0, if dark_mode { 10.0 } else { -10.0 }, 0.0)
}

/// Shared by the dark, default, forest and neutral constructors: borders and
/// text colours derived from the three palette colours. `darkMode` is never set
/// while a constructor runs, so the borders are always the light variant.
fn palette_derivations(v: &mut Vars) {
    let sets = [
        ("primaryColor", "primaryBorderColor", "primaryTextColor"),
        (
            "secondaryColor",
            "secondaryBorderColor",
            "secondaryTextColor",
        ),
        ("tertiaryColor", "tertiaryBorderColor", "tertiaryTextColor"),
    ];
    for (fill, border, text) in sets {
        let c = v.get(fill);
        v.set(border, mk_border(c, false));
        v.set(text, c.invert());
    }
}

/// The constructor shared by `neo-dark`, `redux-dark` and `redux-dark-color`
/// (`dark`'s palette; `mainBkg` and the rest are set by the caller).
fn neo_dark_palette(v: &mut Vars) {
    v.set_css("background", "#333");
    v.set_css("primaryColor", "#1f2020");
    let primary = v.get("primaryColor");
    v.set("secondaryColor", primary.lighten(16.0));
    v.set("tertiaryColor", primary.adjust(-160.0, 0.0, 0.0, 0.0));
    palette_derivations(v);
    v.set("primaryBorderColor", v.get("background").invert());
    v.set_css("border1", "#ccc");
    v.set_css("border2", "rgba(255, 255, 255, 0.25)");
    v.set("arrowheadColor", v.get("background").invert());
    v.set_css("textColor", "#ccc");
}

/// The constructor shared by `redux` and `redux-color` (they differ only in
/// variables a flowchart's stylesheet does not read).
fn redux_palette(v: &mut Vars) {
    v.set_css("background", "#ffffff");
    v.set_css("primaryColor", "#cccccc");
    v.set_css("mainBkg", "#ffffff");
    v.set(
        "primaryBorderColor",
        mk_border(color::parse("#28253D").unwrap(), false),
    );
    v.set_css("nodeBorder", "#28253D");
    v.set_css("tertiaryColor", "#ffffff");
    v.set_css("clusterBkg", "#F9F9FB");
    v.set_css("clusterBorder", "#BDBCCC");
}

/// A theme's constructor: its palette and what it derives before any user
/// variable is known (values later replaced unconditionally are left out).
fn construct(kind: Kind) -> Vars {
    let mut v = Vars::default();
    match kind {
        Kind::Neo => {
            v.set_css("background", "#ffffff");
            v.set_css("primaryColor", "#cccccc");
            v.set_css("mainBkg", "#ffffff");
            v.set(
                "primaryBorderColor",
                mk_border(v.get("primaryColor"), false),
            );
            v.set_css("nodeBorder", "#000000");
            v.set_css("tertiaryColor", "#ffffff");
        }
        Kind::NeoDark => {
            neo_dark_palette(&mut v);
            v.set_css("mainBkg", "#2a2020");
        }
        Kind::ReduxDark | Kind::ReduxDarkColor => {
            neo_dark_palette(&mut v);
            v.set_css("mainBkg", "#111113");
            v.set_css("nodeBorder", "#FFFFFF");
            v.set_css("clusterBkg", "#1E1A2E");
            v.set_css("clusterBorder", "#BDBCCC");
        }
        Kind::Redux | Kind::ReduxColor => redux_palette(&mut v),
        Kind::Base => {
            v.set_css("background", "#f4f4f4");
            v.set_css("primaryColor", "#fff4dd");
        }
        Kind::Dark => {
            v.set_css("background", "#333");
            v.set_css("primaryColor", "#1f2020");
            let primary = v.get("primaryColor");
            v.set("secondaryColor", primary.lighten(16.0));
            v.set("tertiaryColor", primary.adjust(-160.0, 0.0, 0.0, 0.0));
            palette_derivations(&mut v);
            v.set("primaryBorderColor", v.get("background").invert());
            v.set_css("mainBkg", "#1f2020");
            v.set_css("mainContrastColor", "lightgrey");
            v.set_css("border1", "#ccc");
            v.set_css("border2", "rgba(255, 255, 255, 0.25)");
            v.set_css("labelBackground", "#181818");
            v.set_css("textColor", "#ccc");
            v.set_css("titleColor", "#F9FFFE");
            v.set_css("errorBkgColor", "#a44141");
            v.set_css("errorTextColor", "#ddd");
        }
        Kind::Default => {
            v.set_css("primaryColor", "#ECECFF");
            v.set_css("secondaryColor", "#ffffde");
            v.set(
                "tertiaryColor",
                v.get("primaryColor").adjust(-160.0, 0.0, 0.0, 0.0),
            );
            palette_derivations(&mut v);
            v.set_css("background", "white");
            v.set_css("mainBkg", "#ECECFF");
            v.set_css("secondBkg", "#ffffde");
            v.set_css("lineColor", "#333333");
            v.set_css("border1", "#9370DB");
            v.set_css("border2", "#aaaa33");
            v.set_css("arrowheadColor", "#333333");
            v.set_css("labelBackground", "rgba(232,232,232, 0.8)");
            v.set_css("textColor", "#333");
            v.set_css("errorBkgColor", "#552222");
            v.set_css("errorTextColor", "#552222");
        }
        Kind::Forest => {
            v.set_css("background", "white");
            v.set_css("primaryColor", "#cde498");
            v.set_css("secondaryColor", "#cdffb2");
            v.set("tertiaryColor", v.get("primaryColor").lighten(10.0));
            palette_derivations(&mut v);
            // Forest's tertiary text is the primary colour's inverse.
            v.set("tertiaryTextColor", v.get("primaryColor").invert());
            // Its "green" lines are overwritten in the constructor by the
            // background's inverse: black.
            v.set("lineColor", v.get("background").invert());
            v.set("textColor", v.get("background").invert());
            v.set_css("mainBkg", "#cde498");
            v.set_css("secondBkg", "#cdffb2");
            v.set_css("border1", "#13540c");
            v.set_css("border2", "#6eaa49");
            v.set_css("arrowheadColor", "green");
            v.set_css("titleColor", "#333");
            v.set_css("edgeLabelBackground", "#e8e8e8");
            v.set_css("errorBkgColor", "#552222");
            v.set_css("errorTextColor", "#552222");
        }
        Kind::Neutral => {
            v.set_css("background", "#ffffff");
            v.set_css("primaryColor", "#eee");
            v.set_css("contrast", "#707070");
            v.set("secondaryColor", v.get("contrast").lighten(55.0));
            v.set(
                "tertiaryColor",
                v.get("primaryColor").adjust(-160.0, 0.0, 0.0, 0.0),
            );
            palette_derivations(&mut v);
            v.set("textColor", v.get("background").invert());
            v.set_css("mainBkg", "#eee");
            v.set_css("lineColor", "#666");
            v.set_css("border1", "#999");
            v.set_css("text", "#333");
            v.set_css("arrowheadColor", "#333333");
            v.set_css("edgeLabelBackground", "white");
            v.set_css("errorBkgColor", "#552222");
            v.set_css("errorTextColor", "#552222");
        }
    }
    v
}

/// A theme's `updateColors()`, for the variables a flowchart reads. It runs
/// with the user's variables already set; they are written again afterwards.
fn update_colors(kind: Kind, v: &mut Vars, dark_mode: bool) {
    match kind {
        Kind::Base | Kind::Neo => base_update_colors(v, dark_mode, "#333", "primaryBorderColor"),
        Kind::Redux | Kind::ReduxColor => {
            base_update_colors(v, dark_mode, "#28253D", "primaryBorderColor")
        }
        // The dark ones take `nodeBorder` from `border1`.
        Kind::NeoDark => base_update_colors(v, dark_mode, "#333", "border1"),
        Kind::ReduxDark | Kind::ReduxDarkColor => {
            base_update_colors(v, dark_mode, "#FFFFFF", "border1")
        }
        Kind::Dark => {
            v.set("secondBkg", v.get("mainBkg").lighten(16.0));
            v.copy("lineColor", "mainContrastColor");
            v.copy("arrowheadColor", "mainContrastColor");
            v.copy("nodeBorder", "border1");
            v.copy("clusterBkg", "secondBkg");
            v.copy("clusterBorder", "border2");
            v.set(
                "edgeLabelBackground",
                v.get("labelBackground").lighten(25.0),
            );
        }
        Kind::Default => {
            v.copy("nodeBorder", "border1");
            v.copy("clusterBkg", "secondBkg");
            v.copy("clusterBorder", "border2");
            v.copy("titleColor", "textColor");
            v.copy("edgeLabelBackground", "labelBackground");
        }
        Kind::Forest => {
            v.copy("nodeBorder", "border1");
            v.copy("clusterBkg", "secondBkg");
            v.copy("clusterBorder", "border2");
        }
        Kind::Neutral => {
            v.set("secondBkg", v.get("contrast").lighten(55.0));
            v.copy("border2", "contrast");
            v.copy("nodeBorder", "border1");
            v.copy("clusterBkg", "secondBkg");
            v.copy("clusterBorder", "border2");
            v.copy("titleColor", "text");
        }
    }
}

/// `base`'s `updateColors()`, which the `neo` and `redux` themes copy with two
/// changes: `primaryTextColor`'s fallback outside dark mode (`light_text`) and
/// the variable `nodeBorder` falls back to (`node_border_from`).
fn base_update_colors(v: &mut Vars, dark_mode: bool, light_text: &str, node_border_from: &str) {
    v.or("primaryTextColor", |_| {
        color::parse(if dark_mode { "#eee" } else { light_text }).unwrap()
    });
    v.or("secondaryColor", |v| {
        v.get("primaryColor").adjust(-120.0, 0.0, 0.0, 0.0)
    });
    v.or("tertiaryColor", |v| {
        v.get("primaryColor").adjust(180.0, 0.0, 5.0, 0.0)
    });
    v.or("primaryBorderColor", |v| {
        mk_border(v.get("primaryColor"), dark_mode)
    });
    v.or("secondaryBorderColor", |v| {
        mk_border(v.get("secondaryColor"), dark_mode)
    });
    v.or("tertiaryBorderColor", |v| {
        mk_border(v.get("tertiaryColor"), dark_mode)
    });
    v.or("secondaryTextColor", |v| v.get("secondaryColor").invert());
    v.or("tertiaryTextColor", |v| v.get("tertiaryColor").invert());
    v.or("lineColor", |v| v.get("background").invert());
    v.or("arrowheadColor", |v| v.get("background").invert());
    v.or("textColor", |v| v.get("primaryTextColor"));
    v.or("border2", |v| v.get("tertiaryBorderColor"));
    v.or("mainBkg", |v| v.get("primaryColor"));
    v.or("nodeBorder", |v| v.get(node_border_from));
    v.or("clusterBkg", |v| v.get("tertiaryColor"));
    v.or("clusterBorder", |v| v.get("tertiaryBorderColor"));
    v.or("titleColor", |v| v.get("tertiaryTextColor"));
    v.or("edgeLabelBackground", |v| {
        let secondary = v.get("secondaryColor");
        if dark_mode {
            secondary.darken(30.0)
        } else {
            secondary
        }
    });
    v.or("nodeTextColor", |v| v.get("primaryTextColor"));
    v.or("errorBkgColor", |v| v.get("tertiaryColor"));
    v.or("errorTextColor", |v| v.get("tertiaryTextColor"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Reads one colour field of a `Theme`.
    type Field = fn(&Theme) -> Rgba;

    /// Each `Theme` colour field with the mermaid variable it is checked against.
    const FIELDS: [(&str, Field); 23] = [
        ("background", |t| t.background),
        ("primaryColor", |t| t.primary_color),
        ("primaryTextColor", |t| t.primary_text_color),
        ("primaryBorderColor", |t| t.primary_border_color),
        ("secondaryColor", |t| t.secondary_color),
        ("secondaryTextColor", |t| t.secondary_text_color),
        ("secondaryBorderColor", |t| t.secondary_border_color),
        ("tertiaryColor", |t| t.tertiary_color),
        ("tertiaryTextColor", |t| t.tertiary_text_color),
        ("tertiaryBorderColor", |t| t.tertiary_border_color),
        ("lineColor", |t| t.line_color),
        ("arrowheadColor", |t| t.arrowhead_color),
        ("textColor", |t| t.text_color),
        ("mainBkg", |t| t.main_bkg),
        ("nodeBorder", |t| t.node_border),
        ("nodeTextColor", |t| t.node_text_color),
        ("clusterBkg", |t| t.cluster_bkg),
        ("clusterBorder", |t| t.cluster_border),
        ("titleColor", |t| t.title_color),
        ("edgeLabelBackground", |t| t.edge_label_background),
        ("border2", |t| t.border2),
        ("errorBkgColor", |t| t.error_bkg_color),
        ("errorTextColor", |t| t.error_text_color),
    ];

    /// The cases the fixtures must cover (more may exist).
    const REQUIRED: [&str; 23] = [
        "default",
        "dark",
        "forest",
        "neutral",
        "base",
        "base-primary",
        "base-primary-darkmode",
        "dark-linecolor",
        "forest-primary",
        "default-font",
        "base-secondary-tertiary",
        "neo",
        "neo-dark",
        "redux",
        "redux-dark",
        "redux-color",
        "redux-dark-color",
        "neo-primary",
        "neo-dark-darkmode",
        "redux-primary",
        "redux-dark-overrides",
        "redux-color-darkmode",
        "redux-dark-color-primary",
    ];

    fn close(a: Rgba, b: Rgba) -> bool {
        (a.r - b.r).abs() <= 1.0
            && (a.g - b.g).abs() <= 1.0
            && (a.b - b.b).abs() <= 1.0
            && (a.a - b.a).abs() <= 0.01
    }

    /// Compares one `fixtures/themes/<case>.json` (mermaid's own resolution)
    /// with `theme_for`; returns the mismatches.
    fn check_case(json: &str) -> Vec<String> {
        let case: Value = serde_json::from_str(json).expect("fixture is JSON");
        let name = case["theme"].as_str();
        let vars = case["themeVariables"].as_object();
        let resolved = case["resolved"].as_object().expect("resolved values");
        let theme = theme_for(name, vars);
        let mut errors = Vec::new();
        let expected_color = |key: &str| {
            // mermaid leaves `nodeTextColor` undefined outside `base`; its
            // stylesheet then uses `textColor`.
            let key = if key == "nodeTextColor" && resolved[key].is_null() {
                "textColor"
            } else {
                key
            };
            let s = resolved[key]
                .as_str()
                .unwrap_or_else(|| panic!("{key} missing"));
            color::parse(s).unwrap_or_else(|| panic!("mermaid's {key} = {s:?} does not parse"))
        };
        for (key, field) in FIELDS {
            let (want, got) = (expected_color(key), field(&theme));
            if !close(want, got) {
                errors.push(format!(
                    "{key}: mermaid {:?} = {want:?}, ours {got:?}",
                    resolved[key]
                ));
            }
        }
        if resolved["fontFamily"].as_str() != Some(theme.font_family.as_str()) {
            errors.push(format!(
                "fontFamily: mermaid {:?}, ours {:?}",
                resolved["fontFamily"], theme.font_family
            ));
        }
        if css_px(&resolved["fontSize"]) != Some(theme.font_size) {
            errors.push(format!(
                "fontSize: mermaid {:?}, ours {}",
                resolved["fontSize"], theme.font_size
            ));
        }
        if css_px(&resolved["strokeWidth"]) != Some(theme.stroke_width) {
            errors.push(format!(
                "strokeWidth: mermaid {:?}, ours {}",
                resolved["strokeWidth"], theme.stroke_width
            ));
        }
        errors
    }

    #[test]
    fn matches_mermaid_fixtures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/themes");
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures/themes")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        cases.sort();
        let names: Vec<String> = cases
            .iter()
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        for required in REQUIRED {
            assert!(
                names.iter().any(|n| n == required),
                "fixtures/themes/{required}.json is missing"
            );
        }
        let mut failures = Vec::new();
        for (path, name) in cases.iter().zip(&names) {
            let json = std::fs::read_to_string(path).expect("fixture is readable");
            for error in check_case(&json) {
                failures.push(format!("{name}: {error}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    fn vars(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn invalid_and_hostile_values_are_ignored() {
        let base = theme_for(Some("base"), None);
        for value in [
            r#""red;}</style><script>alert(1)</script>""#,
            r#""notacolor""#,
            r#""""#,
            "12",
            "null",
            "true",
            r##"["#ff0000"]"##,
        ] {
            let v = vars(&format!(
                r#"{{"primaryColor": {value}, "lineColor": {value}}}"#
            ));
            assert_eq!(theme_for(Some("base"), Some(&v)), base, "{value}");
        }
        // Unknown keys and keys mermaid refuses from documents change nothing.
        let v = vars(
            r##"{"noSuchColor": "#ff0000", "nodeTextColor": "#ff0000", "__proto__": "#ff0000"}"##,
        );
        assert_eq!(theme_for(Some("base"), Some(&v)), base);
    }

    #[test]
    fn font_family_is_sanitised() {
        let family = |value: &str| {
            let v = vars(&format!(r#"{{"fontFamily": {value}}}"#));
            theme_for(None, Some(&v)).font_family
        };
        assert_eq!(
            family(r#""\"Fira Code\", monospace""#),
            "\"Fira Code\", monospace"
        );
        assert_eq!(
            family(r#""Noto_Sans-2.0, 'DejaVu Sans', sans-serif""#),
            "Noto_Sans-2.0, 'DejaVu Sans', sans-serif"
        );
        assert_eq!(
            family(r#""x;}</style><script>alert(1)</script>""#),
            "xstylescriptalert1script"
        );
        assert_eq!(family(r#""a{b}c:url(d)\\e""#), "abcurlde");
        assert_eq!(family(r#""<>;{}""#), DEFAULT_FONT_FAMILY);
        assert_eq!(family("42"), DEFAULT_FONT_FAMILY);
        assert_eq!(family(r#""   ""#), DEFAULT_FONT_FAMILY);
    }

    #[test]
    fn font_size_and_stroke_width() {
        let theme = |json: &str| theme_for(Some("default"), Some(&vars(json)));
        assert_eq!(theme(r#"{"fontSize": "20px"}"#).font_size, 20.0);
        assert_eq!(theme(r#"{"fontSize": " 14.5px "}"#).font_size, 14.5);
        assert_eq!(theme(r#"{"fontSize": "18"}"#).font_size, 18.0);
        assert_eq!(theme(r#"{"fontSize": 12}"#).font_size, 12.0);
        for bad in [
            r#""2em""#,
            r#""-3px""#,
            r#""0""#,
            r#""1e3px""#,
            r#""px""#,
            r#""12px;}""#,
            "1e9",
            "null",
            "true",
        ] {
            assert_eq!(
                theme(&format!(r#"{{"fontSize": {bad}}}"#)).font_size,
                16.0,
                "{bad}"
            );
        }
        assert_eq!(theme(r#"{"strokeWidth": 2}"#).stroke_width, 2.0);
        assert_eq!(theme(r#"{"strokeWidth": "0.5px"}"#).stroke_width, 0.5);
        assert_eq!(theme(r#"{"strokeWidth": "thick"}"#).stroke_width, 1.0);
    }

    #[test]
    fn dark_mode_truthiness() {
        let border = |dark: &str| {
            let v = vars(&format!(
                r##"{{"primaryColor": "#ff0000", "darkMode": {dark}}}"##
            ));
            theme_for(Some("base"), Some(&v))
                .primary_border_color
                .to_css()
        };
        let (light, dark) = ("#a32929", "#d65c5c");
        for on in ["true", "1", r#""true""#, r#""false""#, "{}"] {
            assert_eq!(border(on), dark, "{on}");
        }
        for off in ["false", "0", r#""""#, "null", r#""<b>""#] {
            assert_eq!(border(off), light, "{off}");
        }
        // Only `base` honours darkMode.
        let v = vars(r#"{"darkMode": true}"#);
        assert_eq!(
            theme_for(Some("default"), Some(&v)),
            theme_for(Some("default"), None)
        );
    }

    #[test]
    fn unknown_or_missing_theme_is_default_without_derivation() {
        let default = theme_for(Some("default"), None);
        assert_eq!(theme_for(None, None), default);
        assert_eq!(theme_for(Some("Dark"), None), default);
        assert_eq!(Theme::default(), default);
        let v = vars(r##"{"primaryColor": "#ff0000"}"##);
        let t = theme_for(Some("base-ish"), Some(&v));
        assert_eq!(t.primary_color.to_css(), "#ff0000");
        assert_eq!(t.main_bkg, default.main_bkg);
        assert_eq!(t.primary_border_color, default.primary_border_color);
    }

    #[test]
    fn neo_and_redux_fonts_and_strokes() {
        let t = |name: &str| theme_for(Some(name), None);
        assert_eq!(t("neo").font_family, "arial, sans-serif");
        assert_eq!(t("neo").stroke_width, 2.0);
        assert_eq!(t("neo-dark").stroke_width, 1.0);
        for name in ["redux", "redux-dark", "redux-color", "redux-dark-color"] {
            assert_eq!(
                t(name).font_family,
                "\"Recursive Variable\", arial, sans-serif"
            );
            assert_eq!((t(name).font_size, t(name).stroke_width), (14.0, 2.0));
        }
        // The user's font and stroke still win.
        let v = vars(r#"{"fontFamily": "serif", "fontSize": 18, "strokeWidth": 1}"#);
        let r = theme_for(Some("redux"), Some(&v));
        assert_eq!(
            (r.font_family.as_str(), r.font_size, r.stroke_width),
            ("serif", 18.0, 1.0)
        );
        // The theme names are exact.
        assert_eq!(t("Neo"), t("default"));
    }

    #[test]
    fn label_bkg_is_half_transparent_edge_label_background() {
        let t = theme_for(Some("default"), None);
        assert_eq!(t.edge_label_background.to_css(), "rgba(232, 232, 232, 0.8)");
        assert_eq!(t.label_bkg().to_css(), "rgba(232, 232, 232, 0.5)");
    }
}
