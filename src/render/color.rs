//! CSS colours: a strict parser for the colour syntaxes a Mermaid document may
//! use, and the colour arithmetic of `khroma`, the library mermaid-js's themes
//! derive their colours with (see `theme.rs`).
//!
//! Colour values arrive from untrusted documents (`themeVariables`), so a value
//! is either parsed completely into numbers or rejected, and [`Rgba::to_css`]
//! writes CSS from those numbers only: no user text ever reaches the output.

/// A colour as sRGB channels in `0.0..=255.0` and an alpha in `0.0..=1.0`.
///
/// Channels are kept as `f64`, unrounded, the way khroma keeps them, so that a
/// chain of derivations (darken, then invert, ...) rounds only once, when the
/// colour is written out with [`Rgba::to_css`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgba {
    /// Red, `0.0..=255.0`.
    pub r: f64,
    /// Green, `0.0..=255.0`.
    pub g: f64,
    /// Blue, `0.0..=255.0`.
    pub b: f64,
    /// Alpha (opacity), `0.0..=1.0`.
    pub a: f64,
}

impl Rgba {
    /// Opaque black, `#000000`.
    pub const BLACK: Rgba = Rgba {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        a: 1.0,
    };
    /// Opaque white, `#ffffff`.
    pub const WHITE: Rgba = Rgba {
        r: 255.0,
        g: 255.0,
        b: 255.0,
        a: 1.0,
    };
    /// CSS `transparent`: black with alpha 0.
    pub const TRANSPARENT: Rgba = Rgba {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        a: 0.0,
    };

    /// A colour from channels, clamped into range (NaN becomes 0), so that every
    /// `Rgba` made here is valid whatever the arithmetic that produced it.
    pub fn new(r: f64, g: f64, b: f64, a: f64) -> Rgba {
        let clamp = |v: f64, max: f64| if v.is_nan() { 0.0 } else { v.clamp(0.0, max) };
        Rgba {
            r: clamp(r, 255.0),
            g: clamp(g, 255.0),
            b: clamp(b, 255.0),
            a: clamp(a, 1.0),
        }
    }

    /// An opaque colour from `0xRRGGBB`.
    pub fn from_hex(rgb: u32) -> Rgba {
        let ch = |shift: u32| f64::from((rgb >> shift) & 0xff);
        Rgba::new(ch(16), ch(8), ch(0), 1.0)
    }

    /// A colour from hue (degrees, any value: it wraps), saturation and lightness
    /// (percent, clamped to `0..=100`), and alpha.
    ///
    /// The conversion is khroma's (the usual one); the hue is wrapped into
    /// `0..360` first, as CSS does.
    pub fn from_hsl(h: f64, s: f64, l: f64, a: f64) -> Rgba {
        let s = clamp_or_zero(s, 100.0) / 100.0;
        let l = clamp_or_zero(l, 100.0) / 100.0;
        if s == 0.0 {
            let v = l * 255.0;
            return Rgba::new(v, v, v, a);
        }
        let h = if h.is_finite() {
            h.rem_euclid(360.0) / 360.0
        } else {
            0.0
        };
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let channel = |t: f64| hue_to_rgb(p, q, t) * 255.0;
        Rgba::new(
            channel(h + 1.0 / 3.0),
            channel(h),
            channel(h - 1.0 / 3.0),
            a,
        )
    }

    /// Hue (degrees, `0..360`), saturation and lightness (percent), as khroma
    /// computes them. Greys have hue and saturation 0.
    pub fn to_hsl(&self) -> (f64, f64, f64) {
        let (r, g, b) = (self.r / 255.0, self.g / 255.0, self.b / 255.0);
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let l = (max + min) / 2.0;
        if max == min {
            return (0.0, 0.0, l * 100.0);
        }
        let d = max - min;
        let s = if l > 0.5 {
            d / (2.0 - max - min)
        } else {
            d / (max + min)
        };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h * 60.0, s * 100.0, l * 100.0)
    }

    /// The colour as CSS: `#rrggbb` when opaque, else `rgba(r, g, b, a)` with
    /// integer channels and the alpha to 3 decimals. Built from the numbers
    /// only, so it is always safe to put into a stylesheet or an attribute.
    pub fn to_css(&self) -> String {
        let mut out = String::with_capacity(7);
        self.push_css(&mut out);
        out
    }

    /// Append [`Rgba::to_css`]'s text to `out` (the SVG writer's path: no allocation).
    pub fn push_css(&self, out: &mut String) {
        let (r, g, b) = (channel(self.r), channel(self.g), channel(self.b));
        // Opaque when the alpha, to 3 decimals, rounds to 1 (`round(a * 1000) >= 1000`).
        let opaque = !self.a.is_finite() || self.a.clamp(0.0, 1.0) * 1000.0 >= 999.5;
        if opaque {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push('#');
            for v in [r, g, b] {
                out.push(HEX[usize::from(v >> 4)] as char);
                out.push(HEX[usize::from(v & 15)] as char);
            }
        } else {
            use std::fmt::Write;
            let a = (self.a.clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
            let _ = write!(out, "rgba({r}, {g}, {b}, {a})");
        }
    }
}

/// A channel as a byte: clamped to `0..=255`, rounded half up (as `f64::round` does for
/// non-negative numbers, without its software call: the SVG writer writes a colour per
/// element). Not a number gives 0.
fn channel(v: f64) -> u8 {
    if !v.is_finite() {
        return 0;
    }
    let v = v.clamp(0.0, 255.0);
    let whole = v as u8;
    if v - f64::from(whole) >= 0.5 {
        whole + 1
    } else {
        whole
    }
}

impl super::fmt::Put for Rgba {
    fn put(self, s: &mut String) {
        self.push_css(s);
    }
}

impl Rgba {
    /// khroma `adjust(color, {h, s, l, a})`: adds the deltas to hue (degrees),
    /// saturation and lightness (percent, clamped to `0..=100`) and alpha
    /// (clamped to `0..=1`). Zero deltas leave their channel alone; with no
    /// hue/saturation/lightness delta the RGB channels are untouched.
    pub fn adjust(self, dh: f64, ds: f64, dl: f64, da: f64) -> Rgba {
        let a = self.a + da;
        if dh == 0.0 && ds == 0.0 && dl == 0.0 {
            return Rgba::new(self.r, self.g, self.b, a);
        }
        let (h, s, l) = self.to_hsl();
        Rgba::from_hsl(
            h + dh,
            (s + ds).clamp(0.0, 100.0),
            (l + dl).clamp(0.0, 100.0),
            a,
        )
    }

    /// khroma `darken(color, amount)`: lightness minus `amount` percent points.
    pub fn darken(self, amount: f64) -> Rgba {
        self.adjust(0.0, 0.0, -amount, 0.0)
    }

    /// khroma `lighten(color, amount)`: lightness plus `amount` percent points.
    pub fn lighten(self, amount: f64) -> Rgba {
        self.adjust(0.0, 0.0, amount, 0.0)
    }

    /// khroma `invert(color)`: each RGB channel `c` becomes `255 - c`; alpha kept.
    pub fn invert(self) -> Rgba {
        Rgba::new(255.0 - self.r, 255.0 - self.g, 255.0 - self.b, self.a)
    }

    /// khroma `rgba(color, alpha)` (mermaid's flowchart `fade`): the same
    /// channels with the alpha replaced.
    pub fn with_alpha(self, a: f64) -> Rgba {
        Rgba::new(self.r, self.g, self.b, a)
    }

    /// khroma `mix(self, other, weight)` (Sass's mix): `weight` percent of
    /// `self` and the rest of `other`, alpha-aware.
    pub fn mix(self, other: Rgba, weight: f64) -> Rgba {
        let scale = weight / 100.0;
        let w = scale * 2.0 - 1.0;
        let alpha_delta = self.a - other.a;
        let combined = if w * alpha_delta == -1.0 {
            w
        } else {
            (w + alpha_delta) / (1.0 + w * alpha_delta)
        };
        let w1 = (combined + 1.0) / 2.0;
        let w2 = 1.0 - w1;
        Rgba::new(
            self.r * w1 + other.r * w2,
            self.g * w1 + other.g * w2,
            self.b * w1 + other.b * w2,
            self.a * scale + other.a * (1.0 - scale),
        )
    }

    /// khroma `luminance(color)`: relative luminance, `0..=1`. Like khroma it
    /// tests its linear-segment threshold against the 0–255 channel value, so
    /// only an exact 0 takes the linear branch (same result to ~1e-4).
    pub fn luminance(&self) -> f64 {
        let linear = |c: f64| {
            let n = c / 255.0;
            if c > 0.03928 {
                ((n + 0.055) / 1.055).powf(2.4)
            } else {
                n / 12.92
            }
        };
        let y = 0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b);
        (y * 1e10).round() / 1e10
    }

    /// khroma `isDark(color)`: luminance below 0.5.
    pub fn is_dark(&self) -> bool {
        self.luminance() < 0.5
    }
}

fn clamp_or_zero(v: f64, max: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, max)
    }
}

fn hue_to_rgb(p: f64, q: f64, mut t: f64) -> f64 {
    if t < 0.0 {
        t += 1.0;
    }
    if t > 1.0 {
        t -= 1.0;
    }
    if t < 1.0 / 6.0 {
        p + (q - p) * 6.0 * t
    } else if t < 0.5 {
        q
    } else if t < 2.0 / 3.0 {
        p + (q - p) * (2.0 / 3.0 - t) * 6.0
    } else {
        p
    }
}

/// Parses a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`; `rgb()` /
/// `rgba()` and `hsl()` / `hsla()` in comma syntax (`rgb(1, 2, 3, 0.5)`) or
/// space syntax (`rgb(1 2 3 / 50%)`), with numbers or percentages (hue in
/// `deg`, `grad`, `rad`, `turn` or bare degrees); the 148 CSS named colours and
/// `transparent`. Case-insensitive; surrounding ASCII whitespace is ignored.
///
/// Anything else — other CSS functions, `currentcolor`, trailing text such as
/// `red;}</style>` — is `None`: callers fall back to a known colour.
pub fn parse(s: &str) -> Option<Rgba> {
    let s = s.trim_matches(|c: char| c.is_ascii_whitespace());
    if s.is_empty() || s.len() > 100 || !s.is_ascii() {
        return None;
    }
    let s = s.to_ascii_lowercase();
    if let Some(hex) = s.strip_prefix('#') {
        return parse_hex(hex);
    }
    if let Some(open) = s.find('(') {
        let inner = s[open + 1..].strip_suffix(')')?;
        if inner.contains(['(', ')']) {
            return None;
        }
        return match &s[..open] {
            "rgb" | "rgba" => parse_rgb(inner),
            "hsl" | "hsla" => parse_hsl(inner),
            _ => None,
        };
    }
    if s == "transparent" {
        return Some(Rgba::TRANSPARENT);
    }
    NAMED
        .binary_search_by(|(name, _)| name.cmp(&s.as_str()))
        .ok()
        .map(|i| Rgba::from_hex(NAMED[i].1))
}

fn parse_hex(hex: &str) -> Option<Rgba> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).map(f64::from).ok();
    let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map(f64::from).ok();
    match hex.len() {
        3 | 4 => {
            let a = if hex.len() == 4 {
                digit(3)? * 17.0 / 255.0
            } else {
                1.0
            };
            Some(Rgba::new(
                digit(0)? * 17.0,
                digit(1)? * 17.0,
                digit(2)? * 17.0,
                a,
            ))
        }
        6 | 8 => {
            let a = if hex.len() == 8 {
                pair(6)? / 255.0
            } else {
                1.0
            };
            Some(Rgba::new(pair(0)?, pair(2)?, pair(4)?, a))
        }
        _ => None,
    }
}

/// Splits a function's arguments into three components and an optional alpha:
/// either all comma-separated (`a, b, c[, alpha]`) or space-separated with a
/// slash before the alpha (`a b c[ / alpha]`).
fn split_args(inner: &str) -> Option<([&str; 3], Option<&str>)> {
    let parts: Vec<&str> = if inner.contains(',') {
        if inner.contains('/') {
            return None;
        }
        inner.split(',').map(str::trim).collect()
    } else {
        let (main, alpha) = match inner.split_once('/') {
            Some((main, alpha)) => (main, Some(alpha.trim())),
            None => (inner, None),
        };
        let mut parts: Vec<&str> = main.split_ascii_whitespace().collect();
        if parts.len() != 3 {
            return None;
        }
        parts.extend(alpha);
        parts
    };
    if parts
        .iter()
        .any(|p| p.is_empty() || p.contains(|c: char| c.is_ascii_whitespace()))
    {
        return None;
    }
    match parts[..] {
        [a, b, c] => Some(([a, b, c], None)),
        [a, b, c, alpha] => Some(([a, b, c], Some(alpha))),
        _ => None,
    }
}

fn parse_rgb(inner: &str) -> Option<Rgba> {
    let ([r, g, b], alpha) = split_args(inner)?;
    let channel = |t: &str| match t.strip_suffix('%') {
        Some(p) => number(p).map(|v| v * 255.0 / 100.0),
        None => number(t),
    };
    Some(Rgba::new(
        channel(r)?,
        channel(g)?,
        channel(b)?,
        parse_alpha(alpha)?,
    ))
}

fn parse_hsl(inner: &str) -> Option<Rgba> {
    let ([h, s, l], alpha) = split_args(inner)?;
    let percent = |t: &str| number(t.strip_suffix('%').unwrap_or(t));
    let h = hue(h)?;
    Some(Rgba::from_hsl(
        h,
        percent(s)?,
        percent(l)?,
        parse_alpha(alpha)?,
    ))
}

fn parse_alpha(alpha: Option<&str>) -> Option<f64> {
    match alpha {
        None => Some(1.0),
        Some(t) => match t.strip_suffix('%') {
            Some(p) => number(p).map(|v| v / 100.0),
            None => number(t),
        },
    }
}

/// A hue in degrees, from a number with an optional CSS angle unit.
fn hue(t: &str) -> Option<f64> {
    let units = [
        ("deg", 1.0),
        ("grad", 0.9),
        ("rad", 180.0 / std::f64::consts::PI),
        ("turn", 360.0),
    ];
    for (unit, factor) in units {
        if let Some(n) = t.strip_suffix(unit) {
            return number(n).map(|v| v * factor);
        }
    }
    number(t)
}

/// A finite CSS number: optional sign, digits with an optional fraction (or a
/// bare fraction), optional exponent. Rejects Rust-only forms such as `inf`.
fn number(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let fraction = digits(&mut i);
        if fraction == 0 {
            return None;
        }
        mantissa += fraction;
    }
    if mantissa == 0 {
        return None;
    }
    if i < b.len() && b[i] == b'e' {
        i += 1;
        if i < b.len() && matches!(b[i], b'+' | b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The CSS named colours (CSS Color 4), sorted by name for binary search.
#[rustfmt::skip]
const NAMED: [(&str, u32); 148] = [
    ("aliceblue", 0xf0f8ff), ("antiquewhite", 0xfaebd7), ("aqua", 0x00ffff),
    ("aquamarine", 0x7fffd4), ("azure", 0xf0ffff), ("beige", 0xf5f5dc), ("bisque", 0xffe4c4),
    ("black", 0x000000), ("blanchedalmond", 0xffebcd), ("blue", 0x0000ff),
    ("blueviolet", 0x8a2be2), ("brown", 0xa52a2a), ("burlywood", 0xdeb887),
    ("cadetblue", 0x5f9ea0), ("chartreuse", 0x7fff00), ("chocolate", 0xd2691e),
    ("coral", 0xff7f50), ("cornflowerblue", 0x6495ed), ("cornsilk", 0xfff8dc),
    ("crimson", 0xdc143c), ("cyan", 0x00ffff), ("darkblue", 0x00008b), ("darkcyan", 0x008b8b),
    ("darkgoldenrod", 0xb8860b), ("darkgray", 0xa9a9a9), ("darkgreen", 0x006400),
    ("darkgrey", 0xa9a9a9), ("darkkhaki", 0xbdb76b), ("darkmagenta", 0x8b008b),
    ("darkolivegreen", 0x556b2f), ("darkorange", 0xff8c00), ("darkorchid", 0x9932cc),
    ("darkred", 0x8b0000), ("darksalmon", 0xe9967a), ("darkseagreen", 0x8fbc8f),
    ("darkslateblue", 0x483d8b), ("darkslategray", 0x2f4f4f), ("darkslategrey", 0x2f4f4f),
    ("darkturquoise", 0x00ced1), ("darkviolet", 0x9400d3), ("deeppink", 0xff1493),
    ("deepskyblue", 0x00bfff), ("dimgray", 0x696969), ("dimgrey", 0x696969),
    ("dodgerblue", 0x1e90ff), ("firebrick", 0xb22222), ("floralwhite", 0xfffaf0),
    ("forestgreen", 0x228b22), ("fuchsia", 0xff00ff), ("gainsboro", 0xdcdcdc),
    ("ghostwhite", 0xf8f8ff), ("gold", 0xffd700), ("goldenrod", 0xdaa520), ("gray", 0x808080),
    ("green", 0x008000), ("greenyellow", 0xadff2f), ("grey", 0x808080), ("honeydew", 0xf0fff0),
    ("hotpink", 0xff69b4), ("indianred", 0xcd5c5c), ("indigo", 0x4b0082), ("ivory", 0xfffff0),
    ("khaki", 0xf0e68c), ("lavender", 0xe6e6fa), ("lavenderblush", 0xfff0f5),
    ("lawngreen", 0x7cfc00), ("lemonchiffon", 0xfffacd), ("lightblue", 0xadd8e6),
    ("lightcoral", 0xf08080), ("lightcyan", 0xe0ffff), ("lightgoldenrodyellow", 0xfafad2),
    ("lightgray", 0xd3d3d3), ("lightgreen", 0x90ee90), ("lightgrey", 0xd3d3d3),
    ("lightpink", 0xffb6c1), ("lightsalmon", 0xffa07a), ("lightseagreen", 0x20b2aa),
    ("lightskyblue", 0x87cefa), ("lightslategray", 0x778899), ("lightslategrey", 0x778899),
    ("lightsteelblue", 0xb0c4de), ("lightyellow", 0xffffe0), ("lime", 0x00ff00),
    ("limegreen", 0x32cd32), ("linen", 0xfaf0e6), ("magenta", 0xff00ff), ("maroon", 0x800000),
    ("mediumaquamarine", 0x66cdaa), ("mediumblue", 0x0000cd), ("mediumorchid", 0xba55d3),
    ("mediumpurple", 0x9370db), ("mediumseagreen", 0x3cb371), ("mediumslateblue", 0x7b68ee),
    ("mediumspringgreen", 0x00fa9a), ("mediumturquoise", 0x48d1cc),
    ("mediumvioletred", 0xc71585), ("midnightblue", 0x191970), ("mintcream", 0xf5fffa),
    ("mistyrose", 0xffe4e1), ("moccasin", 0xffe4b5), ("navajowhite", 0xffdead),
    ("navy", 0x000080), ("oldlace", 0xfdf5e6), ("olive", 0x808000), ("olivedrab", 0x6b8e23),
    ("orange", 0xffa500), ("orangered", 0xff4500), ("orchid", 0xda70d6),
    ("palegoldenrod", 0xeee8aa), ("palegreen", 0x98fb98), ("paleturquoise", 0xafeeee),
    ("palevioletred", 0xdb7093), ("papayawhip", 0xffefd5), ("peachpuff", 0xffdab9),
    ("peru", 0xcd853f), ("pink", 0xffc0cb), ("plum", 0xdda0dd), ("powderblue", 0xb0e0e6),
    ("purple", 0x800080), ("rebeccapurple", 0x663399), ("red", 0xff0000),
    ("rosybrown", 0xbc8f8f), ("royalblue", 0x4169e1), ("saddlebrown", 0x8b4513),
    ("salmon", 0xfa8072), ("sandybrown", 0xf4a460), ("seagreen", 0x2e8b57),
    ("seashell", 0xfff5ee), ("sienna", 0xa0522d), ("silver", 0xc0c0c0), ("skyblue", 0x87ceeb),
    ("slateblue", 0x6a5acd), ("slategray", 0x708090), ("slategrey", 0x708090),
    ("snow", 0xfffafa), ("springgreen", 0x00ff7f), ("steelblue", 0x4682b4), ("tan", 0xd2b48c),
    ("teal", 0x008080), ("thistle", 0xd8bfd8), ("tomato", 0xff6347), ("turquoise", 0x40e0d0),
    ("violet", 0xee82ee), ("wheat", 0xf5deb3), ("white", 0xffffff), ("whitesmoke", 0xf5f5f5),
    ("yellow", 0xffff00), ("yellowgreen", 0x9acd32),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_round_as_f64_round() {
        // Every hundredth from below 0 to above 255, and the halves' neighbours.
        let mut values: Vec<f64> = (-200..=26_000).map(|k| f64::from(k) / 100.0).collect();
        for k in 0..=255 {
            let half = f64::from(k) + 0.5;
            values.extend([half, half.next_down(), half.next_up()]);
        }
        for v in values {
            assert_eq!(channel(v), v.clamp(0.0, 255.0).round() as u8, "{v}");
        }
        assert_eq!(channel(f64::NAN), 0);
        assert_eq!(channel(f64::INFINITY), 0);
    }

    #[test]
    fn opaque_exactly_when_alpha_rounds_to_one() {
        let css = |a: f64| Rgba::new(0.0, 0.0, 0.0, a).to_css();
        for k in 0..=200_000 {
            let a = 0.99 + f64::from(k) * 1e-7;
            let rounded = (a.clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
            assert_eq!(css(a).starts_with('#'), rounded >= 1.0, "{a}");
        }
        assert_eq!(css(0.5), "rgba(0, 0, 0, 0.5)");
    }

    fn close(a: Rgba, b: Rgba) -> bool {
        (a.r - b.r).abs() <= 1.0
            && (a.g - b.g).abs() <= 1.0
            && (a.b - b.b).abs() <= 1.0
            && (a.a - b.a).abs() <= 0.01
    }

    fn css(s: &str) -> String {
        parse(s)
            .unwrap_or_else(|| panic!("{s:?} should parse"))
            .to_css()
    }

    #[test]
    fn hex_forms() {
        assert_eq!(css("#abc"), "#aabbcc");
        assert_eq!(css("#ABC"), "#aabbcc");
        assert_eq!(css("#aabbcc"), "#aabbcc");
        assert_eq!(css("#AaBbCc"), "#aabbcc");
        assert_eq!(css("#abcd"), "rgba(170, 187, 204, 0.867)");
        assert_eq!(css("#aabbcc80"), "rgba(170, 187, 204, 0.502)");
        assert_eq!(css("#aabbccff"), "#aabbcc");
        assert_eq!(css("  #fff\n"), "#ffffff");
        for bad in [
            "#",
            "#ab",
            "#abcde",
            "#abcdefa",
            "#abcdefabc",
            "#ggg",
            "#+ff",
            "# abc",
            "abc",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn rgb_forms() {
        assert_eq!(css("rgb(255, 0, 0)"), "#ff0000");
        assert_eq!(css("RGB(255,0,0)"), "#ff0000");
        assert_eq!(css("rgba(232,232,232, 0.8)"), "rgba(232, 232, 232, 0.8)");
        assert_eq!(css("rgb(100% 0% 50%)"), "#ff0080");
        assert_eq!(css("rgb(10 20 30 / 50%)"), "rgba(10, 20, 30, 0.5)");
        assert_eq!(css("rgba(10 20 30 / .25)"), "rgba(10, 20, 30, 0.25)");
        assert_eq!(css("rgb(1e2, 0, 0)"), "#640000");
        assert_eq!(css("rgb(300, -5, 12.6)"), "#ff000d");
        assert_eq!(css("rgba(0, 0, 0, 2)"), "#000000");
        assert_eq!(css("rgb(255, 255, 255, 0)"), "rgba(255, 255, 255, 0)");
        for bad in [
            "rgb()",
            "rgb(1, 2)",
            "rgb(1, 2, 3, 4, 5)",
            "rgb(1 2)",
            "rgb(1, 2 3)",
            "rgb(1, 2, 3 / 1)",
            "rgb(1 2 3 4)",
            "rgb(a, b, c)",
            "rgb(1, 2, inf)",
            "rgb(1, 2, nan)",
            "rgb(1, 2, 3",
            "rgb(1, 2, 3))",
            "rgb (1, 2, 3)",
            "rgb(1., 2, 3)",
            "rgb(1, 2, 3e)",
            "rgb(1, , 3)",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hsl_forms() {
        assert_eq!(css("hsl(0, 100%, 50%)"), "#ff0000");
        assert_eq!(css("hsl(120deg 100% 25%)"), "#008000");
        assert_eq!(css("hsl(-120, 100%, 50%)"), "#0000ff");
        assert_eq!(css("hsl(480, 100%, 50%)"), "#00ff00");
        assert_eq!(css("hsl(0.5turn, 100%, 50%)"), "#00ffff");
        assert_eq!(css("hsl(200grad, 100%, 50%)"), "#00ffff");
        assert_eq!(css("hsl(3.14159265rad, 100%, 50%)"), "#00ffff");
        assert_eq!(css("hsla(240, 100%, 50%, 0.5)"), "rgba(0, 0, 255, 0.5)");
        assert_eq!(css("hsl(240 100% 50% / 10%)"), "rgba(0, 0, 255, 0.1)");
        assert_eq!(css("hsl(0, 0%, 34.4117647059%)"), "#585858");
        assert_eq!(parse("hsl(0, 100%)"), None);
        assert_eq!(parse("hsl(0deg, 100%, 50%, 1, 1)"), None);
        assert_eq!(parse("hsl(0foo, 100%, 50%)"), None);
    }

    #[test]
    fn named_colours() {
        assert_eq!(NAMED.len(), 148);
        assert!(
            NAMED.windows(2).all(|w| w[0].0 < w[1].0),
            "NAMED must be sorted"
        );
        assert_eq!(css("red"), "#ff0000");
        assert_eq!(css("LightGrey"), "#d3d3d3");
        assert_eq!(css("rebeccapurple"), "#663399");
        assert_eq!(css("cyan"), "#00ffff");
        assert_eq!(css("tomato"), "#ff6347");
        assert_eq!(css("transparent"), "rgba(0, 0, 0, 0)");
        for bad in [
            "",
            "currentcolor",
            "inherit",
            "reed",
            "red red",
            "cyanaqua",
            "none",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hostile_strings_are_rejected() {
        for bad in [
            "red;}</style><script>alert(1)</script>",
            "red;",
            "red}",
            "red</style>",
            "#fff;}",
            "#fff\" onload=\"x",
            "rgb(1,2,3);}",
            "rgb(1,2,3)) {",
            "rgb(1,2,3)</style>",
            "url(javascript:alert(1))",
            "expression(alert(1))",
            "var(--x)",
            "red\u{0}",
            "rеd", // Cyrillic 'е'
            "hsl(1, 2%, 3%) red",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn css_output_round_trips() {
        for s in [
            "#123456",
            "#abcdef80",
            "rgba(1, 2, 3, 0.25)",
            "hsl(33, 44%, 55%)",
            "navy",
            "transparent",
        ] {
            let c = parse(s).unwrap();
            let out = c.to_css();
            assert!(
                out.bytes()
                    .all(|b| b"#0123456789abcdefrgba(), .".contains(&b)),
                "{out}"
            );
            let back = parse(&out).unwrap();
            assert!(close(c, back), "{s}: {c:?} vs {back:?}");
            assert_eq!(back.to_css(), out);
        }
        // Out-of-range or NaN channels still give valid CSS.
        let odd = Rgba {
            r: f64::NAN,
            g: 300.0,
            b: -4.0,
            a: f64::INFINITY,
        };
        assert_eq!(odd.to_css(), "#00ff00");
    }

    #[test]
    fn hsl_round_trip() {
        for hex in [
            0xfff4dd, 0x1f2020, 0xececff, 0x9370db, 0x000000, 0xffffff, 0x808080,
        ] {
            let c = Rgba::from_hex(hex);
            let (h, s, l) = c.to_hsl();
            assert!(close(c, Rgba::from_hsl(h, s, l, 1.0)), "{hex:06x}");
        }
    }

    #[test]
    fn khroma_operations() {
        // Values from khroma 2.1 (as used by mermaid 11).
        let p = |s: &str| parse(s).unwrap();
        let primary = p("#fff4dd");
        assert!(close(
            primary.adjust(-120.0, 0.0, 0.0, 0.0),
            p("hsl(-79.4117647059, 100%, 93.3333333333%)")
        ));
        assert!(close(
            primary.adjust(180.0, 0.0, 5.0, 0.0),
            p("hsl(220.5882352941, 100%, 98.3333333333%)")
        ));
        assert!(close(
            primary.adjust(0.0, -40.0, -10.0, 0.0),
            p("hsl(40.5882352941, 60%, 83.3333333333%)")
        ));
        assert!(close(
            p("#1f2020").lighten(16.0),
            p("hsl(180, 1.5873015873%, 28.3529411765%)")
        ));
        assert!(close(
            p("#181818").lighten(25.0),
            p("hsl(0, 0%, 34.4117647059%)")
        ));
        assert!(close(
            p("#ff0000").adjust(-120.0, 0.0, 0.0, 0.0).darken(30.0),
            p("hsl(-120, 100%, 20%)")
        ));
        assert!(close(p("#f4f4f4").invert(), p("#0b0b0b")));
        assert!(close(p("#ECECFF").invert(), p("#131300")));
        assert_eq!(p("white").darken(200.0).to_css(), "#000000");
        assert_eq!(p("black").lighten(200.0).to_css(), "#ffffff");
        assert_eq!(
            p("#336699").with_alpha(0.5).to_css(),
            "rgba(51, 102, 153, 0.5)"
        );
        assert_eq!(
            p("#336699").adjust(0.0, 0.0, 0.0, -0.75).to_css(),
            "rgba(51, 102, 153, 0.25)"
        );
        assert_eq!(p("red").mix(p("blue"), 50.0).to_css(), "#800080");
        assert_eq!(p("red").mix(p("blue"), 100.0).to_css(), "#ff0000");
        assert!(p("#333").is_dark());
        assert!(!p("#ececff").is_dark());
        assert_eq!(p("white").luminance(), 1.0);
        assert_eq!(p("black").luminance(), 0.0);
    }
}
