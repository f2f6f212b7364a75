//! Command-line interface: argument parsing and the `render` and `check` commands.
//!
//! Exit codes: 0 everything succeeded; 1 an input diagram was invalid;
//! 2 a usage or I/O error (bad arguments, unreadable input, unwritable output).

mod batch;
mod io;
mod watch;

use clap::{Parser, Subcommand, ValueEnum};
use mmdr::diag::{self, Source};
use std::fmt::Write as _;
use std::io::IsTerminal;
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
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `mmdr manpage > mmdr.1`.
    Manpage,
}

#[derive(clap::Args, Debug)]
struct RenderArgs {
    /// Input files: diagrams (.mmd; `-` for standard input) and Markdown documents (.md,
    /// .markdown), whose ```mermaid blocks are rendered.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (`-` for standard output), or a directory for several inputs or Markdown.
    /// Text art (`-f text`, `--ascii`) goes to standard output when no -o is given.
    #[arg(short, long, conflicts_with = "in_place")]
    output: Option<PathBuf>,
    /// Output format; by default taken from the output's extension (SVG for a directory).
    #[arg(short, long, value_enum)]
    format: Option<Format>,
    /// Rewrite each Markdown input itself (atomically), images beside it; a diagram's
    /// output goes beside it too.
    #[arg(long)]
    in_place: bool,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// No progress bar and no summary (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    /// Print the time each layout pass took to standard error.
    #[arg(long)]
    timings: bool,
    /// Theme unless the diagram sets one: mermaid 12's `redux-color` (the default), `redux`,
    /// `redux-dark`, `redux-dark-color`, `neo`, `neo-dark`, or the classic `default`, `dark`,
    /// `forest`, `neutral`, `base`.
    #[arg(long)]
    theme: Option<String>,
    /// Look unless the diagram sets one: `neo` (mermaid 12's, the default) or `classic`
    /// (mermaid 11's; with `--theme default --config` `{"layout":"dagre"}` for its curves).
    #[arg(long)]
    look: Option<String>,
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
    /// Text art in pure ASCII instead of box drawing.
    #[arg(long)]
    ascii: bool,
    /// Text art: the widest line allowed, in columns; an error when it cannot be met.
    #[arg(long, value_name = "N")]
    max_width: Option<usize>,
    /// Text art: fit within N columns where it can be made that narrow (labels wrapped
    /// tighter, spacing compacted, the direction turned), else draw it as narrow as it goes;
    /// 0: as laid out. Default: the terminal's width when printing on one, else 100.
    #[arg(long, value_name = "N")]
    fit: Option<usize>,
    /// Text art: wrap labels wider than N columns (0: never).
    #[arg(long, value_name = "N", default_value_t = mmdr::render::art::DEFAULT_WRAP)]
    wrap: usize,
    /// Text art: blank cells between a label and its box, left and right.
    #[arg(long, value_name = "N", default_value_t = 1)]
    padding: usize,
    /// Write nothing: render in memory and compare with the outputs on disk. Exit 0 when
    /// every output is current, 1 listing each stale or missing one (for doc repositories
    /// that commit their images).
    #[arg(long, conflicts_with = "watch")]
    check: bool,
    /// Render once, then again whenever an input changes, until interrupted. Errors are
    /// reported without stopping.
    #[arg(long)]
    watch: bool,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Input files: diagrams (.mmd; `-` for standard input) and Markdown documents (.md,
    /// .markdown), every ```mermaid block of which is checked.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// No summary (errors and warnings are still printed).
    #[arg(short, long)]
    quiet: bool,
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

    fn lib(self) -> mmdr::Format {
        match self {
            Format::Json => mmdr::Format::Json,
            Format::Svg => mmdr::Format::Svg,
            Format::Png => mmdr::Format::Png,
            Format::Text => mmdr::Format::Text,
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
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "mmdr", &mut std::io::stdout());
            EXIT_OK
        }
        Command::Manpage => {
            use clap::CommandFactory;
            let man = clap_mangen::Man::new(Cli::command());
            match man.render(&mut std::io::stdout()) {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!("error: cannot write the manual page: {e}");
                    EXIT_USAGE
                }
            }
        }
    }
}

fn display_name(p: &Path) -> String {
    if p.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        p.display().to_string()
    }
}

fn is_markdown(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// The stem outputs are named after: `docs/guide.md` → `guide`.
fn stem_of(p: &Path) -> String {
    if p.as_os_str() == "-" {
        return "stdin".into();
    }
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The code an error exits with: 1 for an invalid diagram, 2 for everything else.
fn code_of(e: &mmdr::Error) -> i32 {
    match e {
        mmdr::Error::Parse(_) => EXIT_INVALID,
        _ => EXIT_USAGE,
    }
}

/// A warning of a diagram, located in `text` through `map` (identity for a whole file).
fn warning(
    name: &str,
    text: &str,
    w: &mmdr::graph::Warning,
    map: impl Fn(usize) -> usize,
) -> String {
    let span = map(w.span.start)..map(w.span.end.max(w.span.start));
    diag::render(
        &Source::new(name, text),
        "warning",
        &w.message,
        span,
        None,
        None,
    )
}

fn timings_line(what: &str, t: &[(&'static str, std::time::Duration)]) -> String {
    let total: std::time::Duration = t.iter().map(|t| t.1).sum();
    let passes: Vec<String> = t
        .iter()
        .map(|(n, t)| format!("{n} {:.3}ms", t.as_secs_f64() * 1e3))
        .collect();
    format!(
        "{what}: layout {:.3}ms ({})\n",
        total.as_secs_f64() * 1e3,
        passes.join(", ")
    )
}

/// Where one input's results go.
#[derive(Debug)]
struct Job {
    input: PathBuf,
    name: String,
    markdown: bool,
    /// A diagram's output; a Markdown input's rewritten document (`None`: not written).
    out: Option<PathBuf>,
    /// A Markdown input's directory for its block images, and their stem.
    dir: PathBuf,
    stem: String,
    /// Whether block outputs are written as files (not for text art in place or on stdout).
    block_files: bool,
}

/// What every job shares.
struct Settings {
    options: mmdr::Options,
    timings: bool,
    in_place: bool,
    /// The output directory did not exist before this run.
    fresh_dir: bool,
    /// Compare with the outputs on disk instead of writing them (`--check`).
    check: bool,
}

fn render(mut a: RenderArgs) -> i32 {
    // Text art is for terminals: with no -o it is printed.
    if a.output.is_none() && !a.in_place {
        if a.ascii || a.format == Some(Format::Text) {
            a.output = Some(PathBuf::from("-"));
            a.format = Some(Format::Text);
        } else {
            eprintln!("error: give an output: -o FILE, -o DIR, -o - for standard output, or --in-place (text art, -f text or --ascii, prints without -o)");
            return EXIT_USAGE;
        }
    }
    let (jobs, settings) = match plan(&a) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let code = render_batch(&a, &jobs, &settings);
    if !a.watch {
        return code;
    }
    watch::run(&jobs, |changed| {
        render_batch(&a, changed, &settings);
    })
}

/// Render `jobs` (in parallel), print their diagnostics and a summary; the exit code.
fn render_batch<J: std::borrow::Borrow<Job> + Sync>(
    a: &RenderArgs,
    jobs: &[J],
    settings: &Settings,
) -> i32 {
    let any_md = jobs.iter().any(|j| j.borrow().markdown);
    let progress = !a.quiet && std::io::stderr().is_terminal();
    // A Markdown document renders its blocks in parallel, on the pool.
    let alone = !any_md;
    let totals = match batch::run(jobs, a.jobs.unwrap_or(0), progress, alone, |j| {
        render_job(j.borrow(), settings)
    }) {
        Ok(t) => {
            io::finish();
            t
        }
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    if a.check && (!a.quiet || totals.stale > 0) {
        eprintln!(
            "checked {} from {}: {} stale or missing; {} failed",
            plural(totals.ok, "diagram", "diagrams"),
            plural(jobs.len(), "file", "files"),
            totals.stale,
            totals.failed
        );
    } else if !a.quiet && (jobs.len() > 1 || any_md || a.watch) {
        eprintln!(
            "rendered {} from {}; {} failed",
            plural(totals.ok, "diagram", "diagrams"),
            plural(jobs.len(), "file", "files"),
            totals.failed
        );
    }
    totals.code
}

/// Check the arguments and decide where every output goes, before anything is written.
fn plan(a: &RenderArgs) -> Result<(Vec<Job>, Settings), String> {
    let any_md = a.inputs.iter().any(|p| is_markdown(p));
    let stdout = a.output.as_deref().is_some_and(|o| o.as_os_str() == "-");
    let several = a.inputs.len() > 1;
    let out = a.output.clone().unwrap_or_default();
    let dir_mode = !a.in_place
        && !stdout
        && (several
            || any_md
            || out.is_dir()
            || out
                .as_os_str()
                .to_string_lossy()
                .ends_with(std::path::MAIN_SEPARATOR));
    if stdout && several {
        return Err("with several inputs, -o must name a directory".into());
    }
    if (a.check || a.watch) && stdout {
        let flag = if a.check { "--check" } else { "--watch" };
        return Err(format!("{flag} needs outputs on disk, not standard output"));
    }
    if a.watch && a.inputs.iter().any(|p| p.as_os_str() == "-") {
        return Err("--watch cannot watch standard input".into());
    }
    let format = match a.format {
        Some(f) => f,
        None if stdout && any_md => Format::Text,
        None if dir_mode || a.in_place => Format::Svg,
        None => Format::from_path(&out).ok_or_else(|| {
            format!(
                "cannot tell the output format from `{}`; use an extension (.json, .svg, .png, .txt) or --format",
                out.display()
            )
        })?,
    };
    if stdout && any_md && format != Format::Text {
        return Err(
            "a Markdown document goes to standard output only as text (--format text); use -o DIR or --in-place"
                .into(),
        );
    }
    if a.in_place && any_md && format == Format::Json {
        return Err("--in-place puts pictures in the document; JSON is not one".into());
    }
    if a.in_place && a.inputs.iter().any(|p| p.as_os_str() == "-") {
        return Err("--in-place cannot rewrite standard input".into());
    }
    if dir_mode && out.is_file() {
        return Err(if several {
            "with several inputs, -o must name a directory".into()
        } else {
            format!(
                "a Markdown document renders into a directory; `{}` is a file",
                out.display()
            )
        });
    }

    let ext = format.lib().extension();
    let mut jobs = Vec::with_capacity(a.inputs.len());
    for input in &a.inputs {
        let markdown = is_markdown(input);
        let stem = stem_of(input);
        let here = input
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let (out_path, dir, block_files) = if a.in_place {
            if markdown {
                (Some(input.clone()), here, format != Format::Text)
            } else {
                (Some(input.with_extension(ext)), here, false)
            }
        } else if stdout {
            (Some(out.clone()), PathBuf::new(), false)
        } else if dir_mode {
            let doc = if markdown {
                (format != Format::Json)
                    .then(|| out.join(input.file_name().unwrap_or("out.md".as_ref())))
            } else {
                Some(out.join(format!("{stem}.{ext}")))
            };
            (doc, out.clone(), true)
        } else {
            (Some(out.clone()), PathBuf::new(), false)
        };
        // In place, only a Markdown document is rewritten as itself.
        if !(a.in_place && markdown) {
            if let Some(o) = &out_path {
                if same_file(input, o) {
                    let hint = if markdown {
                        "; use --in-place to rewrite it"
                    } else {
                        ""
                    };
                    return Err(format!("{} would overwrite its input{hint}", o.display()));
                }
            }
        }
        jobs.push(Job {
            name: display_name(input),
            input: input.clone(),
            markdown,
            out: out_path,
            dir,
            stem,
            block_files,
        });
    }
    check_collisions(&jobs, ext)?;

    // Nothing to compare new outputs with in a directory this run makes.
    let fresh_dir = dir_mode && !out.exists() && !a.check;
    if dir_mode && !a.check {
        std::fs::create_dir_all(&out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    }
    let options = options(a, format)?;
    Ok((
        jobs,
        Settings {
            options,
            timings: a.timings,
            in_place: a.in_place,
            fresh_dir,
            check: a.check,
        },
    ))
}

/// Whether `out` is the file `input` (only possible when their names are the same).
fn same_file(input: &Path, out: &Path) -> bool {
    if input.as_os_str() == "-" || out.as_os_str() == "-" || input.file_name() != out.file_name() {
        return false;
    }
    match (input.canonicalize(), out.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Refuse a batch in which two inputs would write the same file.
fn check_collisions(jobs: &[Job], ext: &str) -> Result<(), String> {
    use std::collections::HashMap;
    let mut files: HashMap<&Path, &str> = HashMap::new();
    let mut prefixes: HashMap<PathBuf, &str> = HashMap::new();
    for j in jobs {
        if let Some(o) = j.out.as_deref().filter(|o| o.as_os_str() != "-") {
            if let Some(other) = files.insert(o, &j.name) {
                return Err(format!(
                    "{other} and {} would both write {}",
                    j.name,
                    o.display()
                ));
            }
        }
        if j.markdown && j.block_files {
            let key = j.dir.join(&j.stem);
            if let Some(other) = prefixes.insert(key.clone(), &j.name) {
                return Err(format!(
                    "{other} and {} would both write {}-1.{ext}, …",
                    j.name,
                    key.display()
                ));
            }
        }
    }
    // A diagram named like a block image (`guide-2.mmd` beside `guide.md`).
    for j in jobs.iter().filter(|j| !j.markdown) {
        let Some(o) = &j.out else { continue };
        let Some(stem) = o.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if let Some((base, n)) = stem.rsplit_once('-') {
            if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) {
                let dir = o.parent().unwrap_or(Path::new(""));
                if let Some(other) = prefixes.get(&dir.join(base)) {
                    return Err(format!(
                        "{} and a block of {other} would both write {}",
                        j.name,
                        o.display()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The width text art fits within: `--fit`, else the terminal's when printing on one, else
/// a plain-text document's.
fn fit_width(a: &RenderArgs) -> Option<usize> {
    if let Some(n) = a.fit {
        return (n > 0).then_some(n);
    }
    let to_stdout = a.output.as_deref().is_some_and(|o| o.as_os_str() == "-");
    let terminal = (to_stdout && std::io::stdout().is_terminal())
        .then(|| console::Term::stdout().size_checked())
        .flatten()
        .map(|(_, cols)| cols as usize)
        .filter(|&c| c > 0);
    terminal.or(Some(mmdr::render::art::DOC_WIDTH))
}

/// The library options from the command line.
fn options(a: &RenderArgs, format: Format) -> Result<mmdr::Options, String> {
    let mut config = serde_json::Map::new();
    if let Some(path) = &a.config {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(m)) => config = m,
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
        if !mmdr::api::THEMES.contains(&t.as_str()) {
            return Err(format!(
                "--theme: unknown theme `{t}` ({})",
                mmdr::api::THEMES.join(", ")
            ));
        }
    }
    let background = match a.background.as_deref() {
        None => None,
        Some(b) => Some(
            mmdr::render::color::parse(b)
                .ok_or_else(|| format!("--background: `{b}` is not a CSS colour"))?,
        ),
    };
    if !(a.scale.is_finite() && a.scale > 0.0) || a.width == Some(0) {
        return Err("--scale and --width must be positive".into());
    }
    if let Some(l) = &a.look {
        if !mmdr::api::LOOKS.contains(&l.as_str()) {
            return Err(format!(
                "--look: unknown look `{l}` ({})",
                mmdr::api::LOOKS.join(", ")
            ));
        }
    }
    let o = mmdr::Options {
        format: format.lib(),
        theme: a.theme.clone(),
        look: a.look.clone(),
        config,
        background,
        scale: a.scale,
        width: a.width,
        text: mmdr::render::art::TextOptions {
            ascii: a.ascii,
            max_width: a.max_width,
            padding: a.padding,
            wrap: (a.wrap > 0).then_some(a.wrap),
            fit_width: fit_width(a),
        },
        id_prefix: None,
    };
    o.validate().map_err(|e| e.to_string())?;
    Ok(o)
}

fn write(r: &mut batch::Report, s: &Settings, path: &Path, bytes: &[u8]) -> bool {
    if s.check {
        compare(r, path, bytes);
        return true;
    }
    match io::write_atomic(path, bytes, !s.fresh_dir) {
        Ok(()) => true,
        Err(e) => {
            let _ = writeln!(r.messages, "error: cannot write {}: {e}", path.display());
            r.code(EXIT_USAGE);
            false
        }
    }
}

/// `--check`: whether `path` holds `bytes`; a stale or missing output is listed and exits 1.
fn compare(r: &mut batch::Report, path: &Path, bytes: &[u8]) {
    let state = match std::fs::read(path) {
        Ok(old) if old == bytes => return,
        Ok(_) => "stale",
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "missing",
        Err(e) => {
            let _ = writeln!(r.messages, "error: cannot read {}: {e}", path.display());
            r.code(EXIT_USAGE);
            return;
        }
    };
    let _ = writeln!(r.messages, "{state}: {}", path.display());
    r.stale += 1;
    r.code(EXIT_INVALID);
}

fn read(r: &mut batch::Report, job_input: &Path, name: &str) -> Option<String> {
    match io::read_input(job_input) {
        Ok(s) => Some(s),
        Err(e) => {
            let _ = writeln!(r.messages, "error: cannot read {name}: {e}");
            r.code(EXIT_USAGE);
            None
        }
    }
}

fn render_job(j: &Job, s: &Settings) -> batch::Report {
    let mut r = batch::Report::default();
    let Some(text) = read(&mut r, &j.input, &j.name) else {
        return r;
    };
    if j.markdown {
        render_markdown(j, s, &text, &mut r);
        return r;
    }
    match mmdr::render(&text, &s.options) {
        Ok(out) => {
            for w in &out.warnings {
                r.messages.push_str(&warning(&j.name, &text, w, |at| at));
            }
            if s.timings {
                r.messages.push_str(&timings_line(&j.name, &out.timings));
            }
            let path = j.out.as_deref().unwrap_or(Path::new("-"));
            if write(&mut r, s, path, &out.bytes) {
                r.ok += 1;
            } else {
                r.failed += 1;
            }
        }
        Err(e) => {
            r.messages.push_str(&e.display(&j.name, &text));
            r.code(code_of(&e));
            r.failed += 1;
        }
    }
    r
}

/// One Markdown document: its blocks rendered in parallel, each written as it is done,
/// then the document with the blocks replaced.
fn render_markdown(j: &Job, s: &Settings, doc: &str, r: &mut batch::Report) {
    use rayon::prelude::*;
    let format = s.options.format;
    let blocks = mmdr::markdown::blocks(doc);
    let done: Vec<(batch::Report, Option<String>)> = blocks
        .par_iter()
        .enumerate()
        .map(|(i, b)| {
            let n = i + 1;
            let mut r = batch::Report::default();
            let map = |at| b.to_document(at);
            let out = match mmdr::render(&b.source, &s.options) {
                Ok(out) => out,
                Err(e) => {
                    r.messages
                        .push_str(&e.display_in(&j.name, &b.source, doc, map));
                    r.code(code_of(&e));
                    r.failed += 1;
                    return (r, None);
                }
            };
            for w in &out.warnings {
                r.messages.push_str(&warning(&j.name, doc, w, map));
            }
            if s.timings {
                let what = format!("{}:{}", j.name, b.line);
                r.messages.push_str(&timings_line(&what, &out.timings));
            }
            let file = format!("{}-{n}.{}", j.stem, format.extension());
            if j.block_files && !write(&mut r, s, &j.dir.join(&file), &out.bytes) {
                r.failed += 1;
                return (r, None);
            }
            r.ok += 1;
            let replacement = match format {
                mmdr::Format::Text => Some(b.fenced("text", out.as_str().unwrap_or(""))),
                mmdr::Format::Json => None,
                mmdr::Format::Svg | mmdr::Format::Png => {
                    let alt = out
                        .title
                        .clone()
                        .unwrap_or_else(|| mmdr::markdown::default_alt(n));
                    Some(mmdr::markdown::image_link(&alt, &file))
                }
            };
            (r, replacement)
        })
        .collect();
    let mut replacements = Vec::with_capacity(done.len());
    for (b, rep) in done {
        r.messages.push_str(&b.messages);
        r.ok += b.ok;
        r.failed += b.failed;
        r.stale += b.stale;
        r.code(b.code);
        replacements.push(rep);
    }
    let Some(out) = &j.out else { return };
    let new = mmdr::markdown::rewrite(doc, &blocks, |i, _| replacements[i - 1].take());
    if s.in_place && new == doc {
        return;
    }
    write(r, s, out, new.as_bytes());
}

fn check(a: CheckArgs) -> i32 {
    let any_md = a.inputs.iter().any(|p| is_markdown(p));
    let totals = match batch::run(&a.inputs, a.jobs.unwrap_or(0), false, true, |p| {
        check_job(p)
    }) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    if !a.quiet && (a.inputs.len() > 1 || any_md) {
        eprintln!(
            "{} of {} valid",
            totals.ok,
            plural(totals.ok + totals.failed, "diagram", "diagrams")
        );
    }
    totals.code
}

fn check_job(input: &Path) -> batch::Report {
    let mut r = batch::Report::default();
    let name = display_name(input);
    let Some(text) = read(&mut r, input, &name) else {
        r.failed += 1;
        return r;
    };
    let mut one = |source: &str, map: &dyn Fn(usize) -> usize| match mmdr::parse_diagram(source) {
        Ok(d) => {
            for w in &d.warnings {
                r.messages.push_str(&warning(&name, &text, w, map));
            }
            r.ok += 1;
        }
        Err(e) => {
            let e = mmdr::Error::Parse(e);
            r.messages
                .push_str(&e.display_in(&name, source, &text, map));
            r.code(EXIT_INVALID);
            r.failed += 1;
        }
    };
    if is_markdown(input) {
        for b in mmdr::markdown::blocks(&text) {
            one(&b.source, &|at| b.to_document(at));
        }
    } else {
        one(&text, &|at| at);
    }
    r
}
