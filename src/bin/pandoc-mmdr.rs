//! `pandoc-mmdr`: the pandoc JSON filter (see `mmdr::integrations::pandoc`).
//!
//! `pandoc --filter pandoc-mmdr` runs it as `pandoc-mmdr <target format>` with the document's
//! AST as JSON on standard input; it prints the AST with every mermaid block rendered. A
//! broken diagram, a bad setting or input that is not pandoc's JSON exits 1 with the reason on
//! standard error and nothing on standard output, so pandoc stops.

/// mimalloc: parsing and layout allocate many small blocks, which it serves about twice as fast as the system allocator.
#[global_allocator]
static GLOBAL: mmdr::alloc::Allocator = mmdr::alloc::Allocator;

use std::io::{Read, Write};
use std::process::ExitCode;

const HELP: &str = "\
pandoc-mmdr: a pandoc filter that renders mermaid code blocks with mmdr (no browser).

Usage:
  pandoc --filter pandoc-mmdr [pandoc options] input.md -o output.html
  pandoc-mmdr FORMAT < ast.json > new-ast.json     (what pandoc runs)

HTML, EPUB, slides and Markdown-like targets get SVG files; plain text gets box-drawing
text art; docx, LaTeX/PDF, odt, pptx and the rest get PNG files. Files are named after a
hash of their content (mmdr-<hash>.svg) and written to the metadata directory mmdr-dir
(default: the current directory).

Metadata (-M key=value or YAML front matter) for every block, attributes for one:
  mmdr-format / format=       svg, png or text
  mmdr-theme / theme=         default, dark, forest, neutral or base
  mmdr-ascii / ascii=         true: text art in pure ASCII
  mmdr-max-width / max-width= widest line of text art, in columns
  mmdr-scale / scale=         PNG pixels per SVG pixel (default 2)
  mmdr-background / background=  a CSS colour
  mmdr-dir                    where image files go
  alt=, caption=              alt text; a caption makes a figure

Example block:
  ```{.mermaid theme=dark caption=\"Request flow\"}
  flowchart LR
    A --> B
  ```

Options:
  -h, --help     this help
  -V, --version  the version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target = match args.as_slice() {
        [a] if a == "--help" || a == "-h" => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        [a] if a == "--version" || a == "-V" => {
            println!("pandoc-mmdr {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        [a] if a.starts_with('-') => {
            eprintln!("pandoc-mmdr: unknown option `{a}` (see --help)");
            return ExitCode::from(2);
        }
        // Pandoc gives the target format; more arguments are not pandoc's doing.
        [target] => target.clone(),
        [] => {
            eprintln!(
                "pandoc-mmdr: missing the target format; pandoc runs this program itself: \
                 `pandoc --filter pandoc-mmdr …` (see --help)"
            );
            return ExitCode::from(2);
        }
        [_, extra, ..] => {
            eprintln!("pandoc-mmdr: unexpected argument `{extra}` (see --help)");
            return ExitCode::from(2);
        }
    };
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut input) {
        eprintln!("pandoc-mmdr: error: cannot read standard input: {e}");
        return ExitCode::from(1);
    }
    let ast: serde_json::Value = match serde_json::from_slice(&input) {
        Ok(v) => v,
        // serde_json reads at most 128 levels of nesting (about 60 nested block quotes, or
        // 30 nested lists, in pandoc's JSON).
        Err(e) if e.to_string().starts_with("recursion limit exceeded") => {
            eprintln!(
                "pandoc-mmdr: error: the document nests too deeply for this filter \
                 (more than 128 levels of JSON; {e})"
            );
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("pandoc-mmdr: error: standard input is not pandoc's JSON: {e}");
            return ExitCode::from(1);
        }
    };
    drop(input);
    let (ast, warnings) = match mmdr::integrations::pandoc::filter(ast, &target, None) {
        Ok(done) => done,
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(1);
        }
    };
    for w in warnings {
        eprint!("{w}");
    }
    // The whole document is serialised before any of it is printed: nothing half-written.
    let text = match serde_json::to_vec(&ast) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("pandoc-mmdr: error: cannot write the document: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(&text).and_then(|()| out.flush()) {
        eprintln!("pandoc-mmdr: error: cannot write to standard output: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
