//! Text measurement: how wide and tall a label is, in layout units.
//!
//! One trait, two measures: [`FontMeasure`] gives pixels from the advances of
//! the embedded DejaVu Sans (the font the SVG and PNG renderers draw with, so
//! text fits its boxes), [`CellMeasure`] gives terminal cells (CJK and emoji
//! two wide) for the text renderer.

use crate::graph::Label;
use crate::text::rich::RichText;
use std::sync::OnceLock;
use ttf_parser::Face;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A width and a height.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Size {
    /// Horizontal extent.
    pub w: f64,
    /// Vertical extent.
    pub h: f64,
}

impl Size {
    /// A size.
    pub const fn new(w: f64, h: f64) -> Size {
        Size { w, h }
    }
}

/// Measures text for layout.
pub trait TextMeasure {
    /// Width of `text` in one style.
    fn width(&self, text: &str, bold: bool, italic: bool) -> f64;
    /// Height of one line of text.
    fn line_height(&self) -> f64;
    /// Lines wider than this wrap at spaces (`None`: never).
    fn wrap_width(&self) -> Option<f64>;

    /// Whether a line may also break after a hyphen inside a word (as a browser's does).
    fn breaks_after_hyphens(&self) -> bool {
        false
    }

    /// Edge labels wider than this wrap (`None`: never); by default as node labels.
    fn edge_wrap_width(&self) -> Option<f64> {
        self.wrap_width()
    }

    /// The most lines an edge label wraps into (`None`: any number): past it the label
    /// wraps wider instead, so a tall stack of words does not lose its line.
    fn edge_label_lines(&self) -> Option<usize> {
        None
    }

    /// The styled text of a label as this measure sees it (as drawn in a browser by default).
    fn rich_text(&self, label: &Label) -> RichText {
        RichText::drawn(label)
    }

    /// The room an edge label of size `label` takes on the screen, with `padding` round it:
    /// on its line, the label and its padding (`across`: the line runs across the screen).
    fn edge_label_room(&self, label: Size, _across: bool, padding: f64) -> Size {
        Size::new(label.w + 2.0 * padding, label.h + padding)
    }

    /// The room a subgraph's (non-empty) title of size `title` takes.
    fn title_room(&self, title: Size) -> Size {
        title
    }

    /// The size of (already wrapped) rich text: widest line by number of lines.
    fn size(&self, text: &RichText) -> Size {
        if text.lines.is_empty() {
            return Size::default();
        }
        let w = text
            .lines
            .iter()
            .map(|l| {
                l.runs
                    .iter()
                    .map(|r| self.width(&r.text, r.bold, r.italic))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max);
        Size::new(w, text.lines.len() as f64 * self.line_height())
    }
}

/// The embedded fonts: DejaVu Sans in four styles.
pub mod fonts {
    /// DejaVu Sans (regular).
    pub fn regular() -> &'static [u8] {
        dejavu::sans::regular()
    }
    /// DejaVu Sans Bold.
    pub fn bold() -> &'static [u8] {
        dejavu::sans::bold()
    }
    /// DejaVu Sans Oblique.
    pub fn italic() -> &'static [u8] {
        dejavu::sans::oblique()
    }
    /// DejaVu Sans Bold Oblique.
    pub fn bold_italic() -> &'static [u8] {
        dejavu::sans::bold_oblique()
    }
}

/// Advances of one font style: ASCII precomputed, the rest looked up.
struct Advances {
    face: Face<'static>,
    units_per_em: f64,
    ascii: [f32; 128],
}

impl Advances {
    fn load(bytes: &'static [u8]) -> Advances {
        let face = Face::parse(bytes, 0).expect("embedded DejaVu Sans parses");
        let units_per_em = face.units_per_em() as f64;
        let mut ascii = [0f32; 128];
        for (c, slot) in ascii.iter_mut().enumerate() {
            *slot = advance_of(&face, char::from(c as u8)).unwrap_or(0.0) as f32;
        }
        Advances {
            face,
            units_per_em,
            ascii,
        }
    }

    /// Advance of `c` in em units (fallback for glyphs the font lacks: by display width).
    fn em(&self, c: char) -> f64 {
        let u = c as u32;
        if u < 128 {
            return self.ascii[u as usize] as f64 / self.units_per_em;
        }
        match advance_of(&self.face, c) {
            Some(a) => a / self.units_per_em,
            None => match c.width() {
                Some(2) => 1.0,
                Some(0) => 0.0,
                _ => 0.6,
            },
        }
    }
}

fn advance_of(face: &Face<'_>, c: char) -> Option<f64> {
    let g = face.glyph_index(c)?;
    face.glyph_hor_advance(g).map(f64::from)
}

fn style(bold: bool, italic: bool) -> &'static Advances {
    static FACES: [OnceLock<Advances>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let (i, bytes): (usize, fn() -> &'static [u8]) = match (bold, italic) {
        (false, false) => (0, fonts::regular),
        (true, false) => (1, fonts::bold),
        (false, true) => (2, fonts::italic),
        (true, true) => (3, fonts::bold_italic),
    };
    FACES[i].get_or_init(|| Advances::load(bytes()))
}

/// Pixels, from the embedded DejaVu Sans at a font size (mermaid's default: 16px, lines 1.5 high).
#[derive(Clone, Copy, Debug)]
pub struct FontMeasure {
    /// Font size in px.
    pub font_size: f64,
    /// Line height as a multiple of the font size.
    pub line_factor: f64,
    /// Wrap width in px (mermaid's `flowchart.wrappingWidth`, 200 by default).
    pub wrap: Option<f64>,
}

impl Default for FontMeasure {
    fn default() -> Self {
        FontMeasure {
            font_size: 16.0,
            line_factor: 1.5,
            wrap: Some(200.0),
        }
    }
}

impl TextMeasure for FontMeasure {
    fn width(&self, text: &str, bold: bool, italic: bool) -> f64 {
        let a = style(bold, italic);
        text.chars().map(|c| a.em(c)).sum::<f64>() * self.font_size
    }
    fn line_height(&self) -> f64 {
        self.font_size * self.line_factor
    }
    fn wrap_width(&self) -> Option<f64> {
        self.wrap
    }
    /// Labels are HTML in mermaid: the browser breaks lines after hyphens too.
    fn breaks_after_hyphens(&self) -> bool {
        true
    }
    /// mermaid wraps edge labels at 200 px whatever the node labels' width (its `createText`
    /// default; mermaid 12's neo look wraps nodes at 120).
    fn edge_wrap_width(&self) -> Option<f64> {
        self.wrap.map(|_| EDGE_LABEL_WRAP)
    }
}

/// Where mermaid wraps edge labels, in pixels.
pub const EDGE_LABEL_WRAP: f64 = 200.0;

/// Terminal cells: display width per character, one cell per line.
#[derive(Clone, Copy, Debug, Default)]
pub struct CellMeasure {
    /// Wrap width in cells, if any.
    pub wrap: Option<f64>,
}

impl TextMeasure for CellMeasure {
    fn width(&self, text: &str, _bold: bool, _italic: bool) -> f64 {
        // A tab is drawn as one blank. Widths of whole runs, as a terminal gives them: a
        // character asked for as an emoji (`⚠` and U+FE0F) takes two cells.
        text.split('\t').map(UnicodeWidthStr::width).sum::<usize>() as f64
            + text.matches('\t').count() as f64
    }
    fn line_height(&self) -> f64 {
        1.0
    }
    fn wrap_width(&self) -> Option<f64> {
        self.wrap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_widths() {
        let m = FontMeasure::default();
        // DejaVu Sans: 'M' advances 1767 of 2048 units.
        assert!((m.width("M", false, false) - 1767.0 / 2048.0 * 16.0).abs() < 1e-9);
        assert!(m.width("Hello", true, false) > m.width("Hello", false, false));
        assert_eq!(m.line_height(), 24.0);
        // A character DejaVu lacks falls back by display width.
        assert!((m.width("中", false, false) - 16.0).abs() < 1e-9);
    }

    #[test]
    fn cells() {
        let m = CellMeasure::default();
        assert_eq!(m.width("ab中🚀", false, false), 6.0);
        let rt = RichText::plain("ab\nlonger");
        assert_eq!(m.size(&rt), Size::new(6.0, 2.0));
    }
}
