//! mmdr: a native Mermaid flowchart renderer.
#![warn(missing_docs)]

pub mod parse;
