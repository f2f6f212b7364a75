//! mmdr inside the tools documentation is built with: an mdBook preprocessor and a pandoc
//! filter. Each is a library module here (testable without the tool) and a thin program in
//! `src/bin/`.

pub mod mdbook;
pub mod pandoc;
