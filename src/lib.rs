//! mmdr: a native Mermaid flowchart renderer.
//!
//! The pipeline: [`parse`] reads flowchart text into a syntax tree,
//! [`graph`] resolves it into a [`graph::Diagram`] exactly as mermaid-js
//! would, and [`json`] writes the model out. See `ARCHITECTURE.md`.
#![warn(missing_docs)]

pub mod diag;
pub mod graph;
pub mod json;
pub mod layout;
pub mod parse;
pub mod render;
pub mod text;

pub use graph::Diagram;
pub use parse::ParseError;

/// Parse and resolve flowchart source into its model.
///
/// ```
/// let d = mmdr::parse_diagram("flowchart LR\n  A[Start] --> B{Done?}").unwrap();
/// assert_eq!(d.node("B").unwrap().shape.name(), "diamond");
/// ```
pub fn parse_diagram(src: &str) -> Result<Diagram, ParseError> {
    // Lower each statement right after it is parsed, while it is still in cache.
    let mut reader = parse::StatementReader::new(src)?;
    let mut lowering = graph::Lowering::new(
        reader.source_map(),
        reader.front_matter(),
        reader.directives(),
        reader.header(),
    );
    while let Some(s) = reader.next_statement()? {
        lowering.statement(&s)?;
    }
    Ok(lowering.finish())
}
