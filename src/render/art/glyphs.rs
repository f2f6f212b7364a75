//! The characters text art is drawn with: line pieces by the directions they connect, box
//! outlines by shape, arrow ends; Unicode box drawing or 7-bit ASCII.

use crate::graph::{ArrowEnd, Shape};

/// A direction on the grid, as a bit of a connection set.
pub const N: u8 = 1;
/// East.
pub const E: u8 = 2;
/// South.
pub const S: u8 = 4;
/// West.
pub const W: u8 = 8;
/// The four directions, in the order N, E, S, W.
pub const DIRS: [u8; 4] = [N, E, S, W];

/// Whether a cell connecting `bits` turns or branches (both across and along): pure ASCII
/// draws it `+`, which joins whatever points at it.
pub fn joint(bits: u8) -> bool {
    bits & (E | W) != 0 && bits & (N | S) != 0
}

/// The direction opposite `d`.
pub fn opposite(d: u8) -> u8 {
    match d {
        N => S,
        S => N,
        E => W,
        _ => E,
    }
}

/// The row and column step of a direction.
pub fn step(d: u8) -> (isize, isize) {
    match d {
        N => (-1, 0),
        S => (1, 0),
        E => (0, 1),
        _ => (0, -1),
    }
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Weight {
    /// `─ │`
    #[default]
    Light,
    /// `━ ┃` (mermaid's thick `==>`).
    Heavy,
    /// `┄ ┆` (mermaid's dotted `-.->`).
    Dotted,
}

/// The character for a line cell connecting `bits`; `h` and `v` are the weights of its
/// horizontal and vertical parts (they differ only where two edges cross).
pub fn line(bits: u8, h: Weight, v: Weight, ascii: bool) -> char {
    let horizontal = bits & (E | W) != 0;
    let vertical = bits & (N | S) != 0;
    if bits == 0 {
        return ' ';
    }
    if ascii {
        return match (horizontal, vertical) {
            (true, true) => '+',
            (true, false) => match h {
                Weight::Heavy => '=',
                Weight::Dotted => '.',
                Weight::Light => '-',
            },
            _ => match v {
                Weight::Dotted => ':',
                _ => '|',
            },
        };
    }
    let straight = |w: Weight, hz: bool| match (w, hz) {
        (Weight::Light, true) => '─',
        (Weight::Light, false) => '│',
        (Weight::Heavy, true) => '━',
        (Weight::Heavy, false) => '┃',
        (Weight::Dotted, true) => '┄',
        (Weight::Dotted, false) => '┆',
    };
    match bits {
        0 => ' ',
        b if b & (N | S) == b => straight(v, false),
        b if b & (E | W) == b => straight(h, true),
        _ => {
            // Corners and junctions: heavy or double only when every part is.
            let w = if h == v { h } else { Weight::Light };
            let set: &[char; 11] = match w {
                Weight::Heavy => &['┏', '┓', '┗', '┛', '┣', '┫', '┳', '┻', '╋', '╂', '┿'],
                _ => &['┌', '┐', '└', '┘', '├', '┤', '┬', '┴', '┼', '╂', '┿'],
            };
            match bits {
                b if b == E | S => set[0],
                b if b == W | S => set[1],
                b if b == N | E => set[2],
                b if b == N | W => set[3],
                b if b == N | E | S => set[4],
                b if b == N | W | S => set[5],
                b if b == E | W | S => set[6],
                b if b == N | E | W => set[7],
                _ => match (h, v) {
                    (Weight::Heavy, Weight::Heavy) => '╋',
                    (_, Weight::Heavy) => set[9],
                    (Weight::Heavy, _) => set[10],
                    _ => '┼',
                },
            }
        }
    }
}

/// The mark drawn at a line's end next to the box it points into (`dir` is from the line
/// into the box); `None` for a plain end.
pub fn end_mark(end: ArrowEnd, dir: u8, ascii: bool) -> Option<char> {
    Some(match (end, ascii) {
        (ArrowEnd::None, _) => return None,
        (ArrowEnd::Arrow, false) => match dir {
            N => '▲',
            S => '▼',
            E => '▶',
            _ => '◀',
        },
        (ArrowEnd::Arrow, true) => match dir {
            N => '^',
            S => 'v',
            E => '>',
            _ => '<',
        },
        (ArrowEnd::Circle, false) => '○',
        (ArrowEnd::Circle, true) => 'o',
        (ArrowEnd::Cross, false) => '×',
        (ArrowEnd::Cross, true) => 'x',
    })
}

/// The outline characters of a node box: corners, top and bottom edges, left and right
/// sides, and an optional line under the top (a cylinder's lid).
#[derive(Clone, Copy, Debug)]
pub struct Outline {
    /// Top-left, top-right, bottom-left, bottom-right.
    pub corners: [char; 4],
    /// Top and bottom edges.
    pub horizontal: char,
    /// Left and right sides.
    pub sides: [char; 2],
    /// A lid line under the top edge: its left end, middle and right end.
    pub lid: Option<[char; 3]>,
}

/// The outline for `shape`, recognisable within the grid.
pub fn outline(shape: &Shape, ascii: bool) -> Outline {
    let o = |corners: [char; 4], horizontal: char, sides: [char; 2]| Outline {
        corners,
        horizontal,
        sides,
        lid: None,
    };
    if ascii {
        return match shape {
            Shape::Rounded | Shape::Stadium | Shape::Circle | Shape::Ellipse => {
                o(['.', '.', '\'', '\''], '-', ['|', '|'])
            }
            Shape::DoubleCircle => o(['.', '.', '\'', '\''], '=', ['|', '|']),
            Shape::Diamond => o(['<', '>', '<', '>'], '-', ['|', '|']),
            Shape::Hexagon => o(['/', '\\', '\\', '/'], '-', ['|', '|']),
            Shape::Subroutine => o(['+', '+', '+', '+'], '-', ['!', '!']),
            Shape::Cylinder => Outline {
                lid: Some(['+', '-', '+']),
                ..o(['.', '.', '\'', '\''], '-', ['|', '|'])
            },
            Shape::LeanRight | Shape::LeanLeft | Shape::Trapezoid | Shape::InvTrapezoid => {
                let (l, r) = slants(shape, '/', '\\');
                o(['+', '+', '+', '+'], '-', [l, r])
            }
            Shape::Odd => o(['+', '+', '+', '+'], '-', ['>', '|']),
            _ => o(['+', '+', '+', '+'], '-', ['|', '|']),
        };
    }
    match shape {
        Shape::Rounded | Shape::Stadium | Shape::Ellipse => {
            o(['╭', '╮', '╰', '╯'], '─', ['│', '│'])
        }
        Shape::Circle => o(['╭', '╮', '╰', '╯'], '─', ['│', '│']),
        Shape::DoubleCircle => o(['╔', '╗', '╚', '╝'], '═', ['║', '║']),
        Shape::Diamond => o(['◇', '◇', '◇', '◇'], '─', ['│', '│']),
        Shape::Hexagon => o(['/', '\\', '\\', '/'], '─', ['│', '│']),
        Shape::Subroutine => o(['╓', '╖', '╙', '╜'], '─', ['║', '║']),
        Shape::Cylinder => Outline {
            lid: Some(['├', '─', '┤']),
            ..o(['╭', '╮', '╰', '╯'], '─', ['│', '│'])
        },
        Shape::LeanRight | Shape::LeanLeft | Shape::Trapezoid | Shape::InvTrapezoid => {
            let (l, r) = slants(shape, '╱', '╲');
            o(['┌', '┐', '└', '┘'], '─', [l, r])
        }
        Shape::Odd => o(['┌', '┐', '└', '┘'], '─', ['>', '│']),
        _ => o(['┌', '┐', '└', '┘'], '─', ['│', '│']),
    }
}

/// The left and right sides of the slanted shapes.
fn slants(shape: &Shape, fwd: char, back: char) -> (char, char) {
    match shape {
        Shape::LeanRight => (fwd, fwd),
        Shape::LeanLeft => (back, back),
        Shape::Trapezoid => (fwd, back),
        _ => (back, fwd),
    }
}

/// The border piece where a line leaves a box through its `side` (`None` where the border is
/// not a plain light line, which is then left whole).
pub fn border_junction(border: char, side: u8, ascii: bool) -> Option<char> {
    if ascii {
        return matches!(border, '-' | '|').then_some('+');
    }
    match (border, side) {
        ('─', S) => Some('┬'),
        ('─', N) => Some('┴'),
        ('│', E) => Some('├'),
        ('│', W) => Some('┤'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_by_connections() {
        let l = Weight::Light;
        assert_eq!(line(N | S, l, l, false), '│');
        assert_eq!(line(E | S, l, l, false), '┌');
        assert_eq!(line(N | E | S, l, l, false), '├');
        assert_eq!(line(N | E | S | W, l, Weight::Heavy, false), '╂');
        assert_eq!(line(E | W, Weight::Dotted, l, false), '┄');
        assert_eq!(line(E | W, Weight::Heavy, l, true), '=');
        assert_eq!(line(N | E, l, l, true), '+');
        assert_eq!(end_mark(ArrowEnd::Arrow, S, false), Some('▼'));
        assert_eq!(end_mark(ArrowEnd::Arrow, W, true), Some('<'));
        assert_eq!(end_mark(ArrowEnd::None, W, true), None);
    }
}
