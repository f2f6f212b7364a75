//! mmdr: a native Mermaid flowchart renderer.
//!
//! The pipeline: [`parse`] reads flowchart text into a syntax tree,
//! [`graph`] resolves it into a [`graph::Diagram`] exactly as mermaid-js
//! would, and [`json`] writes the model out. See `ARCHITECTURE.md`.
#![warn(missing_docs)]

pub mod diag;
pub mod graph;
pub mod json;
pub mod parse;
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
    let ast = parse::parse(src)?;
    graph::lower(&ast)
}
