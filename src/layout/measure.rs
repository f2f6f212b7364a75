//! Text measurement: how wide and tall a label is, in layout units.
//!
//! One trait, two measures: [`FontMeasure`] gives pixels from the advances of an
//! embedded typeface (the one the SVG and PNG renderers draw with, so text fits its
//! boxes): DejaVu Sans, or Recursive with its kerning for mermaid 12's themes.
//! [`CellMeasure`] gives terminal cells (CJK and emoji two wide) for the text renderer.

use crate::graph::Label;
use crate::text::rich::RichText;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::OnceLock;
use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use ttf_parser::{Face, GlyphId, Tag};
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

/// The embedded fonts: DejaVu Sans and Recursive, four styles each. Parsed only when
/// something is measured or drawn.
pub mod fonts {
    // Each face has one call site or is a static, so the binary holds one copy of its bytes
    // (the DejaVu functions, inlined where they are called, left one copy per caller).

    /// DejaVu Sans (regular).
    #[inline(never)]
    pub fn regular() -> &'static [u8] {
        dejavu::sans::regular()
    }
    /// DejaVu Sans Bold.
    #[inline(never)]
    pub fn bold() -> &'static [u8] {
        dejavu::sans::bold()
    }
    /// DejaVu Sans Oblique.
    #[inline(never)]
    pub fn italic() -> &'static [u8] {
        dejavu::sans::oblique()
    }
    /// DejaVu Sans Bold Oblique.
    #[inline(never)]
    pub fn bold_italic() -> &'static [u8] {
        dejavu::sans::bold_oblique()
    }
    /// Recursive Sans Linear, mermaid 12's font, as static faces made from the npm package
    /// mermaid-cli embeds (`fonts/make_recursive.py`): regular, bold, italic, bold italic.
    /// The italics are the upright letters slanted, as a browser draws the package's
    /// upright-only font; all four have the same advances and kerning.
    pub static RECURSIVE: [&[u8]; 4] = [
        include_bytes!("../../fonts/Recursive-Regular.ttf"),
        include_bytes!("../../fonts/Recursive-Bold.ttf"),
        include_bytes!("../../fonts/Recursive-Italic.ttf"),
        include_bytes!("../../fonts/Recursive-BoldItalic.ttf"),
    ];
}

/// The typeface labels are measured and drawn in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Typeface {
    /// DejaVu Sans, for every font but Recursive (mermaid 11's trebuchet ms, arial, ...).
    #[default]
    DejaVuSans,
    /// Recursive, with DejaVu Sans for the characters it lacks.
    Recursive,
}

impl Typeface {
    /// The typeface for a CSS `font-family` list: Recursive when it names Recursive first
    /// (mermaid 12's redux themes: `"Recursive Variable", arial, sans-serif`).
    pub fn of_family(css: &str) -> Typeface {
        let first = css.split(',').next().unwrap_or("");
        let first = first.trim().trim_matches(|c| c == '"' || c == '\'');
        if first.eq_ignore_ascii_case("Recursive Variable")
            || first.eq_ignore_ascii_case("Recursive")
        {
            Typeface::Recursive
        } else {
            Typeface::DejaVuSans
        }
    }

    /// Whether the typeface has `c` (DejaVu Sans counts as having every character: it is the
    /// last resort).
    pub fn has_char(self, c: char) -> bool {
        match self {
            Typeface::DejaVuSans => true,
            Typeface::Recursive => recursive().glyph(c).is_some(),
        }
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
        let face = Face::parse(bytes, 0).expect("embedded font parses");
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

/// Recursive's advances and pair kerning (one table serves all four styles).
struct Kerned {
    face: Face<'static>,
    units_per_em: f64,
    /// ASCII glyphs and their advances in em units (`None`: not in the font).
    ascii: [Option<(GlyphId, f64)>; 128],
    /// The pair adjustments of the `kern` feature, per lookup.
    kern: Vec<Vec<PairAdjustment<'static>>>,
    /// The kerning of ASCII pairs in font units, looked up the first time a pair is met
    /// ([`UNKNOWN`] until then): a lookup walks several subtables, a label's pairs recur.
    ascii_kern: Box<[AtomicI32]>,
}

/// An ASCII pair whose kerning has not been looked up yet.
const UNKNOWN: i32 = i32::MIN;

impl Kerned {
    fn load(bytes: &'static [u8]) -> Kerned {
        let face = Face::parse(bytes, 0).expect("embedded font parses");
        let units_per_em = face.units_per_em() as f64;
        let mut kern = Vec::new();
        if let Some(gpos) = face.tables().gpos {
            if let Some(feature) = gpos.features.find(Tag::from_bytes(b"kern")) {
                for i in feature.lookup_indices {
                    let Some(lookup) = gpos.lookups.get(i) else {
                        continue;
                    };
                    let pairs = lookup.subtables.into_iter::<PositioningSubtable>();
                    kern.push(
                        pairs
                            .filter_map(|st| match st {
                                PositioningSubtable::Pair(p) => Some(p),
                                _ => None,
                            })
                            .collect(),
                    );
                }
            }
        }
        let mut k = Kerned {
            face,
            units_per_em,
            ascii: [None; 128],
            kern,
            ascii_kern: (0..128 * 128).map(|_| AtomicI32::new(UNKNOWN)).collect(),
        };
        for c in 0..128u8 {
            k.ascii[c as usize] = k.lookup(char::from(c));
        }
        k
    }

    fn lookup(&self, c: char) -> Option<(GlyphId, f64)> {
        let g = self.face.glyph_index(c)?;
        Some((
            g,
            self.face.glyph_hor_advance(g)? as f64 / self.units_per_em,
        ))
    }

    /// The glyph of `c` and its advance in em units, if the font has it.
    fn glyph(&self, c: char) -> Option<(GlyphId, f64)> {
        match self.ascii.get(c as usize) {
            Some(a) => *a,
            None => self.lookup(c),
        }
    }

    /// The kerning between two glyphs in font units: per lookup, the first subtable that
    /// covers the pair, as a shaper applies them.
    fn kern_units(&self, left: GlyphId, right: GlyphId) -> i32 {
        self.kern
            .iter()
            .filter_map(|subtables| subtables.iter().find_map(|p| pair_value(p, left, right)))
            .sum()
    }

    /// The kerning between two characters (and their glyphs) in em units.
    fn kern(&self, (lc, lg): (char, GlyphId), (rc, rg): (char, GlyphId)) -> f64 {
        let units = if lc.is_ascii() && rc.is_ascii() {
            let slot = &self.ascii_kern[lc as usize * 128 + rc as usize];
            match slot.load(Ordering::Relaxed) {
                UNKNOWN => {
                    let units = self.kern_units(lg, rg);
                    slot.store(units, Ordering::Relaxed);
                    units
                }
                units => units,
            }
        } else {
            self.kern_units(lg, rg)
        };
        units as f64 / self.units_per_em
    }

    /// Width of `text` in em units: Recursive's characters kerned, the rest from DejaVu Sans
    /// in the style asked for.
    fn em(&self, text: &str, bold: bool, italic: bool) -> f64 {
        let mut em = 0.0;
        let mut prev = None;
        for c in text.chars() {
            match self.glyph(c) {
                Some((g, advance)) => {
                    em += advance;
                    if let Some(p) = prev {
                        em += self.kern(p, (c, g));
                    }
                    prev = Some((c, g));
                }
                None => {
                    em += style(bold, italic).em(c);
                    prev = None;
                }
            }
        }
        em
    }
}

/// The advance adjustment a pair-positioning subtable gives `left` before `right`, if it
/// applies to them.
fn pair_value(p: &PairAdjustment<'_>, left: GlyphId, right: GlyphId) -> Option<i32> {
    let (first, second) = match p {
        PairAdjustment::Format1 { coverage, sets } => sets.get(coverage.get(left)?)?.get(right)?,
        PairAdjustment::Format2 {
            coverage,
            classes,
            matrix,
        } => {
            coverage.get(left)?;
            matrix.get((classes.0.get(left), classes.1.get(right)))?
        }
    };
    Some(i32::from(first.x_advance) + i32::from(second.x_advance))
}

fn recursive() -> &'static Kerned {
    static FACE: OnceLock<Kerned> = OnceLock::new();
    FACE.get_or_init(|| Kerned::load(fonts::RECURSIVE[0]))
}

/// Pixels, from an embedded typeface at a font size (mermaid's default: DejaVu Sans standing
/// in for its trebuchet ms, 16px, lines 1.5 high).
#[derive(Clone, Copy, Debug)]
pub struct FontMeasure {
    /// Font size in px.
    pub font_size: f64,
    /// Line height as a multiple of the font size.
    pub line_factor: f64,
    /// Wrap width in px (mermaid's `flowchart.wrappingWidth`, 200 by default).
    pub wrap: Option<f64>,
    /// The typeface.
    pub typeface: Typeface,
}

impl Default for FontMeasure {
    fn default() -> Self {
        FontMeasure {
            font_size: 16.0,
            line_factor: 1.5,
            wrap: Some(200.0),
            typeface: Typeface::DejaVuSans,
        }
    }
}

impl TextMeasure for FontMeasure {
    fn width(&self, text: &str, bold: bool, italic: bool) -> f64 {
        let em = match self.typeface {
            Typeface::DejaVuSans => {
                let a = style(bold, italic);
                text.chars().map(|c| a.em(c)).sum::<f64>()
            }
            Typeface::Recursive => recursive().em(text, bold, italic),
        };
        em * self.font_size
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
    fn recursive_widths() {
        let m = FontMeasure {
            font_size: 14.0,
            typeface: Typeface::Recursive,
            ..FontMeasure::default()
        };
        // What Chromium gives mermaid 12 for these labels (1/64 px steps): kerned advances.
        for (text, chromium) in [
            ("AVAVAVAV", 69.453125),
            ("Hello World", 81.0625),
            ("Success", 54.609375),
            ("Straße café ĉ Việt", 124.609375),
            ("TypeToWaveTypeToWave", 170.25),
        ] {
            for (bold, italic) in [(false, false), (true, false), (false, true), (true, true)] {
                let w = m.width(text, bold, italic);
                assert!(
                    (w - chromium).abs() < 1.0 / 32.0,
                    "{text}: {w} != {chromium}"
                );
            }
        }
        // Characters Recursive lacks: DejaVu Sans in the style asked for, else by display width.
        let dejavu = FontMeasure {
            font_size: 14.0,
            ..FontMeasure::default()
        };
        for bold in [false, true] {
            assert_eq!(m.width("Ω", bold, false), dejavu.width("Ω", bold, false));
        }
        assert_eq!(m.width("中文", false, false), 28.0);
        // No kerning across a character from another font.
        let (a, v) = (m.width("A", false, false), m.width("V", false, false));
        assert!(m.width("AV", false, false) < a + v);
        assert!((m.width("A中V", false, false) - (a + 14.0 + v)).abs() < 1e-9);
    }

    #[test]
    fn recursive_styles_share_advances() {
        let faces = fonts::RECURSIVE.map(|b| Face::parse(b, 0).unwrap());
        let chars: Vec<char> = ('\u{20}'..='\u{ffff}')
            .filter(|c| faces[0].glyph_index(*c).is_some())
            .collect();
        assert!(chars.len() > 600);
        let advance = |f: &Face, c| f.glyph_hor_advance(f.glyph_index(c).unwrap());
        for f in &faces[1..] {
            for &c in &chars {
                assert_eq!(advance(f, c), advance(&faces[0], c), "{c:?}");
            }
        }
    }

    #[test]
    fn typeface_of_family() {
        assert_eq!(
            Typeface::of_family("\"Recursive Variable\", arial, sans-serif"),
            Typeface::Recursive
        );
        assert_eq!(Typeface::of_family("recursive"), Typeface::Recursive);
        assert_eq!(
            Typeface::of_family("arial, Recursive"),
            Typeface::DejaVuSans
        );
        assert_eq!(
            Typeface::of_family("\"trebuchet ms\", verdana, arial, sans-serif"),
            Typeface::DejaVuSans
        );
    }

    #[test]
    fn cells() {
        let m = CellMeasure::default();
        assert_eq!(m.width("ab中🚀", false, false), 6.0);
        let rt = RichText::plain("ab\nlonger");
        assert_eq!(m.size(&rt), Size::new(6.0, 2.0));
    }
}
