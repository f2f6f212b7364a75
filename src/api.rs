//! One call from flowchart text to a finished picture: [`render`] with [`Options`].
//!
//! This is the path the `mmdr` command takes for every diagram, and the one to embed mmdr
//! with (mdBook preprocessors, static site generators, …). It does no I/O and starts no
//! threads: run it on as many threads as you like, each call is independent.

use crate::diag::{self, Source};
use crate::graph::{Diagram, Warning};
use crate::parse::ParseError;
use crate::render::art::{TextError, TextOptions};
use crate::render::color::Rgba;
use serde_json::{Map, Value};
use std::fmt;
use std::time::Duration;

/// What [`render`] produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Scalable vector graphics (self-contained, no CSS or script).
    #[default]
    Svg,
    /// A PNG bitmap drawn from the SVG with the embedded fonts.
    Png,
    /// Box-drawing (or ASCII) text art.
    Text,
    /// The model and its laid-out geometry as JSON.
    Json,
}

impl Format {
    /// The usual file extension, without the dot: `svg`, `png`, `txt`, `json`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Text => "txt",
            Format::Json => "json",
        }
    }

    /// Whether the output is UTF-8 text (everything but PNG).
    pub fn is_text(self) -> bool {
        self != Format::Png
    }
}

/// The themes mermaid 12 knows, by name: mermaid 12's own (`redux-color` is the default)
/// and the five classic ones.
pub const THEMES: [&str; 11] = [
    "redux-color",
    "redux",
    "redux-dark",
    "redux-dark-color",
    "neo",
    "neo-dark",
    "default",
    "dark",
    "forest",
    "neutral",
    "base",
];

/// The looks: mermaid 12's `neo` (the default) and mermaid 11's `classic` (`handDrawn` is
/// accepted and drawn classic).
pub const LOOKS: [&str; 3] = ["neo", "classic", "handDrawn"];

/// How to render. `Options::default()` gives mermaid's defaults and SVG.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The output format.
    pub format: Format,
    /// The theme (one of [`THEMES`]) unless the diagram's front matter or `%%{init}%%` sets
    /// one.
    pub theme: Option<String>,
    /// The look (one of [`LOOKS`]) unless the diagram sets one.
    pub look: Option<String>,
    /// A mermaid configuration object (as in a mermaid JSON config file), under the
    /// diagram's own settings.
    pub config: Map<String, Value>,
    /// Background colour. `None`: transparent for SVG, the theme's own (white, or dark grey
    /// for `dark`) for PNG. Parse CSS colours with [`crate::render::color::parse`].
    pub background: Option<Rgba>,
    /// PNG pixels per SVG pixel.
    pub scale: f32,
    /// PNG width in pixels; overrides `scale`.
    pub width: Option<u32>,
    /// How text art is drawn.
    pub text: TextOptions,
    /// The SVG's id prefix (every id in it starts with this). `None`: `mmdr-` and a hash of
    /// the source, the same for the same diagram; set it to keep ids unique where one page
    /// holds the same diagram twice. Only ASCII letters, digits, `-` and `_` are taken;
    /// anything else keeps the default.
    pub id_prefix: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Svg,
            theme: None,
            look: None,
            config: Map::new(),
            background: None,
            scale: 2.0,
            width: None,
            text: TextOptions::default(),
            id_prefix: None,
        }
    }
}

impl Options {
    /// Options for `format`, everything else at its default.
    pub fn new(format: Format) -> Self {
        Options {
            format,
            ..Options::default()
        }
    }

    /// Check the options themselves (theme name, scale, width), before any diagram.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(t) = &self.theme {
            if !THEMES.contains(&t.as_str()) {
                return Err(Error::Options(format!(
                    "unknown theme `{t}` ({})",
                    THEMES.join(", ")
                )));
            }
        }
        if let Some(l) = &self.look {
            if !LOOKS.contains(&l.as_str()) {
                return Err(Error::Options(format!(
                    "unknown look `{l}` ({})",
                    LOOKS.join(", ")
                )));
            }
        }
        if !(self.scale.is_finite() && self.scale > 0.0) || self.width == Some(0) {
            return Err(Error::Options(
                "the PNG scale and width must be positive".into(),
            ));
        }
        Ok(())
    }

    /// The configuration the diagram's own settings go over: `config` with `theme` set.
    fn base_config(&self) -> Map<String, Value> {
        let mut c = self.config.clone();
        if let Some(t) = &self.theme {
            c.insert("theme".into(), Value::String(t.clone()));
        }
        if let Some(l) = &self.look {
            c.insert("look".into(), Value::String(l.clone()));
        }
        c
    }
}

/// A rendered diagram.
#[derive(Clone, Debug)]
pub struct Output {
    /// The format of `bytes`.
    pub format: Format,
    /// The picture: UTF-8 text for SVG, text art and JSON, PNG bytes otherwise.
    pub bytes: Vec<u8>,
    /// The diagram's title for people (its `accTitle`, else its front matter `title`), for
    /// alt text.
    pub title: Option<String>,
    /// Oddities mermaid accepts silently but the author likely did not mean (spans index
    /// the source).
    pub warnings: Vec<Warning>,
    /// Time spent in each layout pass (empty for text art).
    pub timings: Vec<(&'static str, Duration)>,
}

impl Output {
    /// The output as text, unless it is a PNG.
    pub fn as_str(&self) -> Option<&str> {
        if self.format.is_text() {
            std::str::from_utf8(&self.bytes).ok()
        } else {
            None
        }
    }
}

/// Why a diagram could not be rendered.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The source is not a valid flowchart.
    Parse(ParseError),
    /// The diagram cannot be drawn as text art with these options.
    Text(TextError),
    /// The PNG could not be drawn (for instance, it would be too large).
    Png(String),
    /// The options themselves are wrong (see [`Options::validate`]).
    Options(String),
}

impl Error {
    /// The error for people, rustc-style: `error: …`, ` --> name:line:col`, the line and a
    /// caret under the spot. `source` is the text that was rendered; `name` names it.
    pub fn display(&self, name: &str, source: &str) -> String {
        match self {
            Error::Parse(e) => diag::render_error(&Source::new(name, source), e),
            other => format!("error: {name}: {other}\n"),
        }
    }

    /// Like [`Error::display`], for a diagram `source` taken out of a larger `text` (a
    /// Markdown document): `map` turns a byte offset of `source` into one of `text`, so
    /// the line, column and snippet are those of the whole file (see
    /// [`crate::markdown::Block::to_document`]). Errors without a spot in the text (text
    /// art, PNG) name where the diagram starts.
    pub fn display_in(
        &self,
        name: &str,
        source: &str,
        text: &str,
        map: impl Fn(usize) -> usize,
    ) -> String {
        match self {
            Error::Parse(e) => {
                diag::render_error(&Source::new(name, text), &e.relocate(source, text, map))
            }
            other => {
                let (line, col) = Source::new(name, text).line_col(map(0));
                format!("error: {name}:{line}:{col}: {other}\n")
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse(e) => f.write_str(&e.message),
            Error::Text(e) => write!(f, "cannot draw as text: {e}"),
            Error::Png(e) => write!(f, "cannot draw the PNG: {e}"),
            Error::Options(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for Error {}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Error::Parse(e)
    }
}

impl From<TextError> for Error {
    fn from(e: TextError) -> Self {
        Error::Text(e)
    }
}

/// Parse `source` and render it as `o.format` says.
///
/// ```
/// let src = "flowchart LR\n  accTitle: Checkout\n  A[Cart] --> B{Paid?}";
/// let out = mmdr::render(src, &mmdr::Options::default())?;
/// assert!(out.as_str().unwrap().starts_with("<svg"));
/// assert_eq!(out.title.as_deref(), Some("Checkout"));
///
/// let png = mmdr::render(src, &mmdr::Options::new(mmdr::Format::Png))?;
/// assert_eq!(&png.bytes[1..4], b"PNG");
///
/// // Errors point at the spot, rustc-style.
/// let e = mmdr::render("flowchart LR\n  A[f(x)] --> B", &mmdr::Options::default()).unwrap_err();
/// assert!(e.display("a.mmd", "flowchart LR\n  A[f(x)] --> B").contains("--> a.mmd:2:"));
/// # Ok::<(), mmdr::Error>(())
/// ```
pub fn render(source: &str, o: &Options) -> Result<Output, Error> {
    o.validate()?;
    let d = crate::parse_diagram(source)?;
    render_diagram(d, source, o)
}

/// Render a diagram already parsed from `source` (see [`crate::parse_diagram`]).
pub fn render_diagram(mut d: Diagram, source: &str, o: &Options) -> Result<Output, Error> {
    if o.theme.is_some() || o.look.is_some() || !o.config.is_empty() {
        let site = o.base_config();
        let mut merged = site.clone();
        crate::graph::deep_merge(&mut merged, &d.config.raw);
        crate::graph::resolve_appearance(&d.config.raw, &site, &mut merged);
        d.config.raw = merged;
    }
    let title = d
        .acc_title
        .clone()
        .or_else(|| d.title.clone())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let mut timings = Vec::new();
    let bytes = match o.format {
        Format::Text => crate::render::text_of(&d, &o.text)?.into_bytes(),
        Format::Json | Format::Svg | Format::Png => {
            let (layout, svg) =
                crate::render::svg_of(&d, source, o.background, o.id_prefix.as_deref());
            timings = layout.timings.clone();
            match o.format {
                Format::Json => crate::json::layout_to_string(&d, &layout).into_bytes(),
                Format::Svg => svg.into_bytes(),
                _ => {
                    let po = crate::render::png::PngOptions {
                        scale: o.scale,
                        width: o.width,
                        background: Some(o.background.unwrap_or_else(|| theme_background(&d))),
                    };
                    crate::render::png::render(&svg, &po).map_err(Error::Png)?
                }
            }
        }
    };
    Ok(Output {
        format: o.format,
        bytes,
        title,
        warnings: std::mem::take(&mut d.warnings),
        timings,
    })
}

/// The theme's own background (white, or dark grey for `dark`), so the text of a PNG stays
/// readable in any viewer.
fn theme_background(d: &Diagram) -> Rgba {
    let t = crate::render::theme::theme_for(Some(d.config.theme()), d.config.theme_variables());
    if t.background.a > 0.0 {
        t.background
    } else {
        Rgba::WHITE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_prefers_acc_title() {
        let src = "---\ntitle: Front\n---\nflowchart LR\n  accTitle: Acc\n  A --> B";
        let out = render(src, &Options::default()).unwrap();
        assert_eq!(out.title.as_deref(), Some("Acc"));
        let src = "---\ntitle: Front\n---\nflowchart LR\n  A --> B";
        let out = render(src, &Options::default()).unwrap();
        assert_eq!(out.title.as_deref(), Some("Front"));
    }

    #[test]
    fn theme_is_checked() {
        let o = Options {
            theme: Some("pink".into()),
            ..Options::default()
        };
        assert!(matches!(
            render("flowchart LR\nA", &o),
            Err(Error::Options(_))
        ));
    }

    #[test]
    fn json_and_svg_agree_on_the_model() {
        let src = "flowchart LR\n  A --> B";
        let j = render(src, &Options::new(Format::Json)).unwrap();
        assert!(j.as_str().unwrap().contains("\"A\""));
    }
}
