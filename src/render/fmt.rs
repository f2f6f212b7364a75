//! Writing numbers and text into SVG: fixed precision, and escaping that holds for both
//! element text and attribute values.

use std::fmt;

/// A coordinate written with at most two decimals, no trailing zeros, never `-0`.
#[derive(Clone, Copy)]
pub struct Num(pub f64);

/// Shorthand for [`Num`].
pub fn n(x: f64) -> Num {
    Num(x)
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 24];
        f.write_str(self.format(&mut buf))
    }
}

impl Num {
    /// Write the number into `buf` (backwards from its end), returning the text. Hand-rolled,
    /// two digits at a time: number formatting is a large part of the SVG writer's time.
    fn format(self, buf: &mut [u8; 24]) -> &str {
        let x = if self.0.is_finite() {
            self.0.clamp(-1e15, 1e15)
        } else {
            0.0
        };
        // Round half away from zero (as `f64::round`, without the libm call).
        let r = x * 100.0;
        let r = if r >= 0.0 { r + 0.5 } else { r - 0.5 } as i64;
        let mut i = buf.len();
        let a = r.unsigned_abs();
        let (mut int, frac) = (a / 100, (a % 100) as usize);
        if frac != 0 {
            let [tens, ones] = DIGIT_PAIRS[frac];
            if ones != b'0' {
                i -= 1;
                buf[i] = ones;
            }
            buf[i - 2] = b'.';
            buf[i - 1] = tens;
            i -= 2;
        }
        while int >= 100 {
            let pair = DIGIT_PAIRS[(int % 100) as usize];
            int /= 100;
            buf[i - 2..i].copy_from_slice(&pair);
            i -= 2;
        }
        let [tens, ones] = DIGIT_PAIRS[int as usize];
        i -= 1;
        buf[i] = ones;
        if tens != b'0' {
            i -= 1;
            buf[i] = tens;
        }
        if r < 0 {
            i -= 1;
            buf[i] = b'-';
        }
        let text = &buf[i..];
        debug_assert!(text.is_ascii());
        // SAFETY: every byte written above is an ASCII digit, `.` or `-`, so `text` is UTF-8.
        // (Checking it costs as much as formatting the number; SVG paths hold thousands.)
        unsafe { std::str::from_utf8_unchecked(text) }
    }
}

/// `00` to `99` as ASCII digit pairs.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut t = [[0u8; 2]; 100];
    let mut k = 0;
    while k < 100 {
        t[k] = [b'0' + (k / 10) as u8, b'0' + (k % 10) as u8];
        k += 1;
    }
    t
};

/// Append a number (as [`Num`] writes it) to `s`.
pub fn push_num(s: &mut String, x: f64) {
    Num(x).put(s);
}

/// Append `x,y`.
pub fn push_xy(s: &mut String, x: f64, y: f64) {
    push_num(s, x);
    s.push(',');
    push_num(s, y);
}

/// Text escaped for XML element content and double- or single-quoted attributes. Control
/// characters XML cannot hold are dropped.
pub struct Esc<'a>(pub &'a str);

impl Esc<'_> {
    /// The escaped text as consecutive pieces: runs of the text that need no escaping,
    /// and entity references in between.
    fn pieces(&self, mut out: impl FnMut(&str)) {
        let text = self.0;
        let bytes = text.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (replacement, len) = match b {
                b'&' => ("&amp;", 1),
                b'<' => ("&lt;", 1),
                b'>' => ("&gt;", 1),
                b'"' => ("&quot;", 1),
                b'\'' => ("&#39;", 1),
                b'\t' | b'\n' | b'\r' => {
                    i += 1;
                    continue;
                }
                0..0x20 => ("", 1),
                // U+FFFE and U+FFFF (EF BF BE / EF BF BF), which XML cannot hold.
                0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
                _ => {
                    i += 1;
                    continue;
                }
            };
            out(&text[run..i]);
            out(replacement);
            i += len;
            run = i;
        }
        out(&text[run..]);
    }
}

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.pieces(|p| {
            if result.is_ok() {
                result = f.write_str(p);
            }
        });
        result
    }
}

/// A piece of SVG text that appends itself to a string: string slices, characters,
/// [`Num`], [`Esc`], integers, colours. [`put!`] appends a sequence of them: what `write!`
/// does, without `core::fmt`'s dynamic dispatch, which was half of the SVG writer's time.
pub trait Put {
    /// Append `self` to `s`.
    fn put(self, s: &mut String);
}

impl Put for &str {
    fn put(self, s: &mut String) {
        s.push_str(self);
    }
}

impl Put for &String {
    fn put(self, s: &mut String) {
        s.push_str(self);
    }
}

impl Put for char {
    fn put(self, s: &mut String) {
        s.push(self);
    }
}

impl Put for Num {
    fn put(self, s: &mut String) {
        let mut buf = [0u8; 24];
        s.push_str(self.format(&mut buf));
    }
}

impl Put for Esc<'_> {
    fn put(self, s: &mut String) {
        self.pieces(|p| s.push_str(p));
    }
}

impl Put for usize {
    fn put(self, s: &mut String) {
        // Whole numbers below 10^15 are exact in an f64 and written without decimals.
        if self < 1_000_000_000_000_000 {
            Num(self as f64).put(s);
        } else {
            s.push_str(&self.to_string());
        }
    }
}

/// Append each piece ([`Put`]) to the string: `put!(s, "<rect x=\"", n(x), "\"/>")`.
macro_rules! put {
    ($s:expr $(, $piece:expr)* $(,)?) => {{
        let s: &mut String = $s;
        $( $crate::render::fmt::Put::put($piece, s); )*
    }};
}
pub(crate) use put;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_precision() {
        let s: Vec<String> = [0.0, -0.001, 1.0, 1.5, 1.25, -2.006, 123.456, f64::NAN]
            .iter()
            .map(|x| n(*x).to_string())
            .collect();
        assert_eq!(s, ["0", "0", "1", "1.5", "1.25", "-2.01", "123.46", "0"]);
    }

    /// The number as `f64::round` and `format!` write it: the reference for [`Num`].
    fn reference(x: f64) -> String {
        let x = if x.is_finite() {
            x.clamp(-1e15, 1e15)
        } else {
            0.0
        };
        let hundredths = (x * 100.0).round() as i64;
        let text = format!("{}.{:02}", hundredths.abs() / 100, hundredths.abs() % 100);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if hundredths < 0 {
            format!("-{text}")
        } else {
            text.to_string()
        }
    }

    #[test]
    fn numbers_match_the_reference_everywhere() {
        let mut values = vec![
            0.005,
            -0.005,
            0.015,
            99.995,
            999_999.994,
            1e15,
            -1e15,
            1e300,
        ];
        // Every magnitude, both signs, and a spread of fractions in between.
        for e in -3..=15 {
            for m in [1.0, 1.5, 2.25, 3.333, 9.999, 9.995, 5.0049] {
                values.push(m * 10f64.powi(e));
                values.push(-m * 10f64.powi(e));
            }
        }
        values.extend((-30_000..30_000).map(|k| f64::from(k) * 0.0137));
        for x in values {
            assert_eq!(n(x).to_string(), reference(x), "{x}");
            let mut s = String::new();
            put!(&mut s, n(x));
            assert_eq!(s, reference(x), "{x}");
        }
    }

    #[test]
    fn put_appends_every_kind_of_piece() {
        let mut s = String::from(">");
        put!(
            &mut s,
            "a",
            'b',
            n(1.5),
            Esc("<&>"),
            &String::from("c"),
            42usize
        );
        assert_eq!(s, ">ab1.5&lt;&amp;&gt;c42");
    }

    #[test]
    fn escaping_drops_what_xml_cannot_hold() {
        let mut s = String::new();
        put!(
            &mut s,
            Esc("a\u{fffe}b\u{ffff}c\u{fffd}\u{0}\td\u{1f}é\u{efbf}")
        );
        assert_eq!(s, "ab\u{fffd}\tdé\u{efbf}".replace('b', "bc"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            Esc("<script>\"a\" & 'b'\u{1}</script>").to_string(),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
