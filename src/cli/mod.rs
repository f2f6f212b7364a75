//! Command-line interface: argument parsing and the `render` and `check` commands.
//!
//! Exit codes: 0 everything succeeded; 1 an input diagram was invalid;
//! 2 a usage or I/O error (bad arguments, unreadable input, unwritable output).

mod io;

use clap::{Parser, Subcommand, ValueEnum};
use mmdr::diag::{self, Source};
use std::path::{Path, PathBuf};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one input was not a valid diagram.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "mmdr",
    version,
    about = "A native Mermaid flowchart renderer: exact, fast, no browser."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render diagrams. The output format comes from the extension of -o or from --format.
    Render(RenderArgs),
    /// Validate diagrams and print diagnostics; renders nothing.
    Check(CheckArgs),
}

#[derive(clap::Args, Debug)]
struct RenderArgs {
    /// Input .mmd files (`-` for standard input).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (`-` for standard output), or a directory when there are several inputs.
    #[arg(short, long)]
    output: PathBuf,
    /// Output format; by default taken from the output's extension.
    #[arg(short, long, value_enum)]
    format: Option<Format>,
    /// Print the time each layout pass took to standard error.
    #[arg(long)]
    timings: bool,
    /// Theme (`default`, `dark`, `forest`, `neutral`, `base`) unless the diagram sets one.
    #[arg(long)]
    theme: Option<String>,
    /// A mermaid configuration file (JSON), under the diagram's own settings.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Background colour (any CSS colour, or `transparent`). Default: transparent for SVG,
    /// white for PNG.
    #[arg(long, value_name = "COLOR")]
    background: Option<String>,
    /// PNG pixels per SVG pixel.
    #[arg(long, default_value_t = 2.0)]
    scale: f32,
    /// PNG width in pixels (overrides --scale).
    #[arg(long)]
    width: Option<u32>,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Input .mmd files (`-` for standard input).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The model and its geometry as JSON.
    Json,
    /// Scalable vector graphics.
    Svg,
    /// A bitmap.
    Png,
    /// Box-drawing text art.
    #[value(alias = "txt")]
    Text,
}

impl Format {
    fn from_path(p: &Path) -> Option<Format> {
        match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Text => "txt",
        }
    }
}

/// Parse arguments, run the command, return the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Render(a) => render(a),
        Command::Check(a) => check(a),
    }
}

fn display_name(p: &Path) -> String {
    if p.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        p.display().to_string()
    }
}

/// Read and parse one input; prints diagnostics. `Err(code)` when it failed.
fn load(path: &Path) -> Result<(String, mmdr::Diagram), i32> {
    let name = display_name(path);
    let src = match io::read_input(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot read {name}: {e}");
            return Err(EXIT_USAGE);
        }
    };
    match mmdr::parse_diagram(&src) {
        Ok(d) => Ok((src, d)),
        Err(e) => {
            eprint!("{}", diag::render_error(&Source::new(&name, &src), &e));
            Err(EXIT_INVALID)
        }
    }
}

fn print_warnings(name: &str, src: &str, d: &mmdr::Diagram) {
    for w in &d.warnings {
        eprint!(
            "{}",
            diag::render(
                &Source::new(name, src),
                "warning",
                &w.message,
                w.span.clone(),
                None,
                None
            )
        );
    }
}

fn render(a: RenderArgs) -> i32 {
    let several = a.inputs.len() > 1;
    let format = match a.format.or_else(|| {
        if several {
            None
        } else {
            Format::from_path(&a.output)
        }
    }) {
        Some(f) => f,
        None if several => Format::Svg,
        None => {
            eprintln!(
                "error: cannot tell the output format from `{}`; use an extension (.json, .svg, .png, .txt) or --format",
                a.output.display()
            );
            return EXIT_USAGE;
        }
    };
    if format == Format::Text {
        eprintln!("error: text output is not available in this build yet; use .svg, .png or .json");
        return EXIT_USAGE;
    }
    let base_config = match base_config(&a) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let background = match a.background.as_deref() {
        None => None,
        Some(b) => match mmdr::render::color::parse(b) {
            Some(c) => Some(c),
            None => {
                eprintln!("error: --background: `{b}` is not a CSS colour");
                return EXIT_USAGE;
            }
        },
    };
    if !(a.scale.is_finite() && a.scale > 0.0) || a.width == Some(0) {
        eprintln!("error: --scale and --width must be positive");
        return EXIT_USAGE;
    }
    if several && (a.output.as_os_str() == "-" || a.output.is_file()) {
        eprintln!("error: with several inputs, -o must name a directory");
        return EXIT_USAGE;
    }
    if several {
        if let Err(e) = std::fs::create_dir_all(&a.output) {
            eprintln!("error: cannot create {}: {e}", a.output.display());
            return EXIT_USAGE;
        }
    }
    let mut code = EXIT_OK;
    for input in &a.inputs {
        let (src, mut d) = match load(input) {
            Ok(x) => x,
            Err(c) => {
                code = code.max(c);
                continue;
            }
        };
        print_warnings(&display_name(input), &src, &d);
        let out_path = if several {
            let stem = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "stdin".into());
            a.output.join(format!("{stem}.{}", format.extension()))
        } else {
            a.output.clone()
        };
        if !base_config.is_empty() {
            let mut merged = base_config.clone();
            mmdr::graph::deep_merge(&mut merged, &d.config.raw);
            d.config.raw = merged;
        }
        let (layout, svg) = mmdr::render::svg_of(&d, &src, background);
        if a.timings {
            let total: std::time::Duration = layout.timings.iter().map(|t| t.1).sum();
            let passes: Vec<String> = layout
                .timings
                .iter()
                .map(|(n, t)| format!("{n} {:.3}ms", t.as_secs_f64() * 1e3))
                .collect();
            eprintln!(
                "{}: layout {:.3}ms ({})",
                display_name(input),
                total.as_secs_f64() * 1e3,
                passes.join(", ")
            );
        }
        let bytes = match format {
            Format::Svg => svg.into_bytes(),
            Format::Png => {
                let o = mmdr::render::png::PngOptions {
                    scale: a.scale,
                    width: a.width,
                    // The theme's own background unless one is asked for (white, or dark
                    // grey for the dark theme), so text stays readable in any viewer.
                    background: background.or_else(|| {
                        let t = mmdr::render::theme::theme_for(
                            d.config.theme(),
                            d.config.theme_variables(),
                        );
                        Some(if t.background.a > 0.0 {
                            t.background
                        } else {
                            mmdr::render::color::Rgba::WHITE
                        })
                    }),
                };
                match mmdr::render::png::render(&svg, &o) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("error: {}: {e}", display_name(input));
                        code = code.max(EXIT_USAGE);
                        continue;
                    }
                }
            }
            _ => mmdr::json::layout_to_string(&d, &layout).into_bytes(),
        };
        if let Err(e) = io::write_atomic(&out_path, &bytes) {
            eprintln!("error: cannot write {}: {e}", out_path.display());
            code = code.max(EXIT_USAGE);
        }
    }
    code
}

/// Settings from `--config FILE` and `--theme`, which the diagram's own override.
fn base_config(a: &RenderArgs) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let mut c = serde_json::Map::new();
    if let Some(path) = &a.config {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(m)) => c = m,
            Ok(_) => {
                return Err(format!(
                    "{}: a configuration must be a JSON object",
                    path.display()
                ))
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    if let Some(t) = &a.theme {
        if !matches!(
            t.as_str(),
            "default" | "dark" | "forest" | "neutral" | "base"
        ) {
            return Err(format!(
                "--theme: unknown theme `{t}` (default, dark, forest, neutral, base)"
            ));
        }
        c.insert("theme".into(), serde_json::Value::String(t.clone()));
    }
    Ok(c)
}

fn check(a: CheckArgs) -> i32 {
    let mut code = EXIT_OK;
    let mut bad = 0;
    for input in &a.inputs {
        match load(input) {
            Ok((src, d)) => print_warnings(&display_name(input), &src, &d),
            Err(c) => {
                bad += 1;
                code = code.max(c);
            }
        }
    }
    if a.inputs.len() > 1 {
        eprintln!(
            "{} of {} diagrams valid",
            a.inputs.len() - bad,
            a.inputs.len()
        );
    }
    code
}
