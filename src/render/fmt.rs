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
    /// Write the number into `buf` (backwards from its end), returning the text. Hand-rolled:
    /// number formatting is most of the SVG writer's time.
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
        let mut push = |b: u8| {
            i -= 1;
            buf[i] = b;
        };
        let a = r.unsigned_abs();
        let (mut int, frac) = (a / 100, a % 100);
        if frac != 0 {
            if frac % 10 != 0 {
                push(b'0' + (frac % 10) as u8);
            }
            push(b'0' + (frac / 10) as u8);
            push(b'.');
        }
        loop {
            push(b'0' + (int % 10) as u8);
            int /= 10;
            if int == 0 {
                break;
            }
        }
        if r < 0 {
            push(b'-');
        }
        let text = &buf[i..];
        debug_assert!(text.is_ascii());
        // SAFETY: every byte written above is an ASCII digit, `.` or `-`, so `text` is UTF-8.
        // (Checking it costs as much as formatting the number; SVG paths hold thousands.)
        unsafe { std::str::from_utf8_unchecked(text) }
    }
}

/// Append a number (as [`Num`] writes it) to `s`.
pub fn push_num(s: &mut String, x: f64) {
    let mut buf = [0u8; 24];
    s.push_str(Num(x).format(&mut buf));
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

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                '\t' | '\n' | '\r' => fmt::Write::write_char(f, c)?,
                c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
                c => fmt::Write::write_char(f, c)?,
            }
        }
        Ok(())
    }
}

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

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            Esc("<script>\"a\" & 'b'\u{1}</script>").to_string(),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
