//! mmdr: a native Mermaid flowchart renderer.
//!
//! One call renders a diagram: [`render()`] with [`Options`] gives an [`Output`] (SVG, PNG,
//! text art or JSON), or an [`Error`] that prints rustc-style.
//!
//! ```
//! let src = "flowchart LR\n  A[Start] --> B{Done?}";
//! let svg = mmdr::render(src, &mmdr::Options::default())?;
//! assert!(svg.as_str().unwrap().starts_with("<svg"));
//!
//! let png = mmdr::render(src, &mmdr::Options { scale: 1.0, ..mmdr::Options::new(mmdr::Format::Png) })?;
//! assert!(png.bytes.starts_with(b"\x89PNG"));
//!
//! let bad = "flowchart LR\n  A[f(x)] --> B";
//! let e = mmdr::render(bad, &mmdr::Options::default()).unwrap_err();
//! eprint!("{}", e.display("bad.mmd", bad)); // error: expected `]` … --> bad.mmd:2:6 …
//! # Ok::<(), mmdr::Error>(())
//! ```
//!
//! Markdown documents: [`markdown::blocks`] finds the ` ```mermaid ` blocks (with their byte
//! ranges and line numbers) and [`markdown::rewrite`] puts images or text in their place.
//!
//! The stages underneath: [`parse`] reads flowchart text into a syntax tree, [`graph`]
//! resolves it into a [`graph::Diagram`] exactly as mermaid-js would, [`layout`] places it,
//! [`mod@render`] draws it and [`json`] writes the model out. See `ARCHITECTURE.md`.
#![warn(missing_docs)]

pub mod alloc;
pub mod api;
pub mod diag;
pub mod graph;
pub mod integrations;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod parse;
pub mod render;
pub mod text;

pub use api::{render, Error, Format, Options, Output};
pub use graph::Diagram;
pub use parse::ParseError;

/// Parse and resolve flowchart source into its model.
///
/// ```
/// let d = mmdr::parse_diagram("flowchart LR\n  A[Start] --> B{Done?}").unwrap();
/// assert_eq!(d.node("B").unwrap().shape.name(), "diamond");
/// ```
pub fn parse_diagram(src: &str) -> Result<Diagram, ParseError> {
    lower_reader(src, parse::StatementReader::new(src)?)
}

/// Lower every step `reader` (reading `src`) gives, each right after it is read, while it is
/// still in cache.
pub(crate) fn lower_reader(
    src: &str,
    mut reader: parse::StatementReader<'_>,
) -> Result<Diagram, ParseError> {
    let mut lowering = graph::Lowering::new(
        reader.source_map(),
        reader.front_matter(),
        reader.directives(),
        reader.header(),
    );
    // A statement line mentions a node or two: one of each per line is a fair first size.
    let lines = memchr::memchr_iter(b'\n', src.as_bytes()).count() + 1;
    lowering.reserve(lines, lines);
    while let Some(r) = reader.next_read()? {
        lowering.read(&r)?;
    }
    Ok(lowering.finish())
}
