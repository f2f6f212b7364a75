//! `mdbook-mmdr`: the mdBook preprocessor (see `mmdr::integrations::mdbook`).
//!
//! `mdbook-mmdr supports <renderer>` exits 0 (every renderer is supported); otherwise the
//! program reads `[context, book]` on standard input and prints the book with every mermaid
//! block rendered. A broken diagram exits 1 with the chapter's file, line and column.

/// mimalloc: parsing and layout allocate many small blocks, which it serves about twice as fast as the system allocator.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;

use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("supports") => return ExitCode::SUCCESS,
        Some("--version" | "-V") => {
            println!("mdbook-mmdr {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some("--help" | "-h") => {
            println!(
                "mdbook-mmdr {}: an mdBook preprocessor that renders ```mermaid blocks with mmdr.\n\n\
                 In book.toml:\n  [preprocessor.mmdr]\n  output = \"inline\"   # or \"files\"\n  \
                 format = \"svg\"      # or \"text\" (box-drawing art)\n  theme = \"default\"\n  \
                 on-error = \"fail\"   # or \"warn\"",
                env!("CARGO_PKG_VERSION")
            );
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("mdbook-mmdr: unknown argument `{other}` (mdBook runs this program itself; see --help)");
            return ExitCode::from(2);
        }
        None => {}
    }
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("mdbook-mmdr: cannot read standard input: {e}");
        return ExitCode::from(2);
    }
    let input: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("mdbook-mmdr: standard input is not mdBook's JSON: {e}");
            return ExitCode::from(2);
        }
    };
    match mmdr::integrations::mdbook::run(input) {
        Ok((book, warnings)) => {
            for w in warnings {
                eprint!("{w}");
            }
            let mut out = std::io::stdout().lock();
            if serde_json::to_writer(&mut out, &book).is_err() || out.flush().is_err() {
                eprintln!("mdbook-mmdr: cannot write the book to standard output");
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{e}");
            ExitCode::from(1)
        }
    }
}
