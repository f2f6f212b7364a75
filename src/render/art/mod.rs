//! Text art: a laid-out diagram drawn with box-drawing characters (or pure ASCII) on a
//! character grid, for plain-text docs and terminals.

use crate::graph::Diagram;

/// How text art is drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextOptions {
    /// Pure 7-bit ASCII (`+ - | > < ^ v`) instead of Unicode box drawing.
    pub ascii: bool,
    /// The widest line allowed, in display columns; labels wrap and spacing shrinks to fit.
    pub max_width: Option<usize>,
    /// Blank cells between a label and its box border, left and right.
    pub padding: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            ascii: false,
            max_width: None,
            padding: 1,
        }
    }
}

/// Why a diagram could not be drawn as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextError {
    /// What went wrong, for the user.
    pub message: String,
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TextError {}

/// Draw `d` as text art. Fails only when `max_width` cannot be met.
pub fn render(_d: &Diagram, _o: &TextOptions) -> Result<String, TextError> {
    Err(TextError {
        message: "text output is not available in this build yet".into(),
    })
}
