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
        let x = if self.0.is_finite() { self.0 } else { 0.0 };
        let r = (x * 100.0).round() as i64;
        if r == 0 {
            return f.write_str("0");
        }
        let (sign, a) = if r < 0 { ("-", -r) } else { ("", r) };
        let (int, frac) = (a / 100, a % 100);
        match frac {
            0 => write!(f, "{sign}{int}"),
            _ if frac % 10 == 0 => write!(f, "{sign}{int}.{}", frac / 10),
            _ => write!(f, "{sign}{int}.{frac:02}"),
        }
    }
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
