//! A pandoc JSON filter (`pandoc-mmdr`): every mermaid code block of a document becomes a
//! picture when pandoc converts it, with no browser and no script in the output.
//!
//! `pandoc --filter pandoc-mmdr` runs the program with the target format as its argument and
//! the document's AST as JSON on standard input, and reads the AST back from standard output.
//! The AST is walked as plain JSON ([`serde_json::Value`]), so pandoc 2 (API 1.22) and
//! pandoc 3 (API 1.23, with `Figure` blocks) both work: every object tagged `CodeBlock` whose
//! classes include `mermaid` is replaced — wherever it is (block quotes, lists, `Div`s, table
//! cells, figures) — and every other value, `pandoc-api-version` and `meta` included, is kept
//! exactly as it was.
//!
//! What a block becomes depends on the target format ([`default_format`]):
//! - HTML, EPUB, the HTML slide shows, and the lightweight markups (Markdown, reST,
//!   AsciiDoc, Org, …): an SVG file and `Para [Image]` linking to it;
//! - `plain` (and `man`, `ansi`): box-drawing text art, as `CodeBlock` with class `text`;
//! - everything else (`docx`, `latex`, `beamer`, `odt`, `pptx`, `context`, `rtf`, …): a PNG
//!   file and `Para [Image]`.
//!
//! Files are named after a hash of their bytes (`mmdr-<16 hex>.svg`), so an unchanged
//! diagram keeps its name and its file is not rewritten; they go to the directory in metadata
//! `mmdr-dir` (default: the working directory; a relative path that stays inside it, since
//! the document, which is not trusted, can set it), and the image links name them the same way
//! (relative to the working directory, as pandoc resolves images for `docx`, `pdf` and
//! `--embed-resources`).
//!
//! Settings, as metadata for the whole document (`-M mmdr-theme=dark`, or YAML front
//! matter) and as attributes of one block (`` ```{.mermaid theme=dark} ``), the block's
//! winning:
//!
//! | metadata          | attribute     | values                                             |
//! |-------------------|---------------|----------------------------------------------------|
//! | `mmdr-format`     | `format`      | `svg`, `png`, `text` (default: by target format)   |
//! | `mmdr-theme`      | `theme`       | one of [`THEMES`]                                  |
//! | `mmdr-ascii`      | `ascii`       | `true`: text art in pure ASCII                     |
//! | `mmdr-max-width`  | `max-width`   | widest line of text art, in columns                |
//! | `mmdr-scale`      | `scale`       | PNG pixels per SVG pixel (default 2)               |
//! | `mmdr-background` | `background`  | a CSS colour                                       |
//! | `mmdr-dir`        |               | where image files go (default `.`)                 |
//! |                   | `alt`         | the image's alt text                               |
//! |                   | `caption`     | a caption: the image becomes a figure              |
//!
//! Alt text is `alt`, else `caption`, else the diagram's own title (`accTitle`, front
//! matter `title`), else `Mermaid diagram N`. The block's id, its other classes and its
//! other attributes (such as `width=50%`) pass to the image.
//!
//! A diagram that does not parse, or a bad setting, fails the whole conversion: every
//! problem is reported (rustc-style, located in the block: `mermaid block 2:3:7`) and
//! nothing is written to standard output, so pandoc stops naming the filter.
//!
//! The work is split so it can be tested without pandoc or a disk: [`transform`] is pure
//! (the new AST, the image files to write, the warnings), [`write_images`] is the only I/O,
//! and [`filter`] does both.

use crate::api::{Format, Options, THEMES};
use crate::diag::{self, Source};
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why the filter stops. Its `Display` is the whole message for standard error, one
/// `error: …` per problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterError {
    /// The input is not a pandoc JSON document (or a `CodeBlock` in it is malformed).
    Input(String),
    /// A metadata setting (`mmdr-…`) has a bad value.
    Metadata(String),
    /// Mermaid blocks that could not be rendered: each message is a complete diagnostic
    /// (a diagram's parse error with its snippet, or a bad block attribute).
    Blocks(Vec<String>),
    /// An image file could not be written.
    Io(String),
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterError::Input(m) => writeln!(f, "error: {m}"),
            FilterError::Metadata(m) => writeln!(f, "error: metadata {m}"),
            FilterError::Io(m) => writeln!(f, "error: {m}"),
            FilterError::Blocks(all) => {
                for m in all {
                    f.write_str(m)?;
                }
                let n = all.len();
                let s = if n == 1 { "" } else { "s" };
                writeln!(f, "error: {n} mermaid block{s} could not be rendered")
            }
        }
    }
}

impl std::error::Error for FilterError {}

/// An image file to write: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFile {
    /// The file's path (the output directory joined with its hashed name).
    pub path: PathBuf,
    /// The SVG or PNG bytes.
    pub bytes: Vec<u8>,
}

/// What [`transform`] produces.
#[derive(Clone, Debug)]
pub struct Filtered {
    /// The document with every mermaid block replaced.
    pub ast: Value,
    /// The image files the new AST links to, each once, in document order.
    pub images: Vec<ImageFile>,
    /// Diagnostics for diagrams that rendered but look unintended (rustc-style `warning:`).
    pub warnings: Vec<String>,
}

/// Render every mermaid block of `ast` for pandoc target format `target` and write the image
/// files ([`transform`] then [`write_images`]). Returns the new AST and the warnings to show.
///
/// `out_dir_override` replaces the document's `mmdr-dir` (for embedders and tests).
pub fn filter(
    ast: Value,
    target: &str,
    out_dir_override: Option<&Path>,
) -> Result<(Value, Vec<String>), FilterError> {
    let done = transform(ast, target, out_dir_override)?;
    write_images(&done.images)?;
    Ok((done.ast, done.warnings))
}

/// Render every mermaid block of `ast` for pandoc target format `target`, without touching
/// the disk: the image files the new AST links to are returned to be written (see
/// [`write_images`]). Every broken block is reported, not only the first.
pub fn transform(
    mut ast: Value,
    target: &str,
    out_dir_override: Option<&Path>,
) -> Result<Filtered, FilterError> {
    let Some(doc) = ast.as_object_mut() else {
        return Err(not_pandoc("not a JSON object"));
    };
    let empty = Map::new();
    let meta = match doc.get("meta") {
        None => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => return Err(not_pandoc("`meta` is not an object")),
    };
    let defaults = Settings::from_meta(meta)?;
    let dir = match out_dir_override {
        Some(d) => d.to_string_lossy().into_owned(),
        None => match meta.get("mmdr-dir") {
            Some(v) => meta_text(v)
                .map_err(|e| FilterError::Metadata(format!("`mmdr-dir`: {e}")))?
                .trim()
                .to_string(),
            None => ".".into(),
        },
    };
    if out_dir_override.is_none() {
        inside_working_dir(&dir)?;
    }
    let mut f = Filter {
        defaults,
        target_format: default_format(target),
        figures: has_figure_blocks(doc.get("pandoc-api-version")),
        dir,
        count: 0,
        images: Vec::new(),
        written: HashSet::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    match doc.get_mut("blocks") {
        Some(blocks @ Value::Array(_)) => f.walk(blocks)?,
        _ => return Err(not_pandoc("no `blocks` array")),
    }
    if !f.errors.is_empty() {
        return Err(FilterError::Blocks(f.errors));
    }
    Ok(Filtered {
        ast,
        images: f.images,
        warnings: f.warnings,
    })
}

/// Check that `mmdr-dir` stays inside the working directory: it comes from the document
/// (front matter can set it), and a document is not trusted to choose where files go.
fn inside_working_dir(dir: &str) -> Result<(), FilterError> {
    use std::path::Component;
    let p = Path::new(dir);
    if p.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Ok(());
    }
    Err(FilterError::Metadata(format!(
        "`mmdr-dir`: {dir:?} leaves the working directory; give a relative path without `..` \
         (run pandoc where the images should go)"
    )))
}

/// Write each image atomically (a temporary file in the same directory, then a rename),
/// creating its directory if needed; a file that already holds the same bytes is left alone
/// (so watchers are not woken and the file's time stays).
pub fn write_images(images: &[ImageFile]) -> Result<(), FilterError> {
    for img in images {
        write_atomic(&img.path, &img.bytes)
            .map_err(|e| FilterError::Io(format!("cannot write {}: {e}", img.path.display())))?;
    }
    Ok(())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mmdr".into());
    // The process id keeps concurrent pandoc runs sharing the directory apart.
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// What a mermaid block becomes for pandoc target format `target` when neither metadata nor
/// the block says: SVG for the HTML family, slide shows and lightweight markups (their
/// outputs are mostly read in browsers), text art for `plain`, `man` and `ansi` (no images
/// there), PNG for everything else (word processors, LaTeX, and formats not known here:
/// every image-capable tool reads PNG).
///
/// Extensions (`markdown+smart`, `gfm-raw_html`) are ignored, and so is case.
pub fn default_format(target: &str) -> Format {
    let t = target.trim().to_ascii_lowercase();
    let t = t.split(['+', '-']).next().unwrap_or("");
    const SLIDES: [&str; 6] = [
        "revealjs",
        "slidy",
        "s5",
        "dzslides",
        "slideous",
        "chunkedhtml",
    ];
    const MARKUP: [&str; 19] = [
        "markdown",
        "gfm",
        "commonmark",
        "rst",
        "asciidoc",
        "org",
        "textile",
        "mediawiki",
        "dokuwiki",
        "jira",
        "muse",
        "zimwiki",
        "xwiki",
        "tikiwiki",
        "twiki",
        "creole",
        "vimwiki",
        "djot",
        "markua",
    ];
    if matches!(t, "plain" | "man" | "ansi") {
        Format::Text
    } else if t.starts_with("html")
        || t.starts_with("epub")
        || t == "typst"
        || SLIDES.contains(&t)
        || MARKUP.iter().any(|m| t.starts_with(m))
    {
        Format::Svg
    } else {
        Format::Png
    }
}

/// A stable 64-bit hash (FNV-1a) of `bytes`: the same on every machine and in every version,
/// so file names only change when pictures do.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The file name of a picture: `mmdr-<16 hex digits of its hash>.<svg|png>`.
pub fn image_name(bytes: &[u8], format: Format) -> String {
    format!("mmdr-{:016x}.{}", content_hash(bytes), format.extension())
}

/// Alt text or a caption as pandoc inlines: words as `Str`, runs of white space as one
/// `Space`.
pub fn text_inlines(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(json!({"t": "Space"}));
        }
        out.push(json!({"t": "Str", "c": word}));
    }
    out
}

/// The text of a metadata value: `MetaString`, `MetaBool` (`true`/`false`), `MetaInlines`
/// and `MetaBlocks` (their words, spaces between). Lists and maps are not a single value.
pub fn meta_text(v: &Value) -> Result<String, String> {
    let c = &v["c"];
    match v["t"].as_str() {
        Some("MetaString") => c
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "malformed MetaString".to_string()),
        Some("MetaBool") => c
            .as_bool()
            .map(|b| b.to_string())
            .ok_or_else(|| "malformed MetaBool".to_string()),
        Some("MetaInlines") | Some("MetaBlocks") => {
            let mut s = String::new();
            inline_text(c, &mut s);
            Ok(s.split_whitespace().collect::<Vec<_>>().join(" "))
        }
        Some(t) => Err(format!("expected a single value, found {t}")),
        None => Err("not a metadata value".into()),
    }
}

/// Append the visible text under `v` (inlines, or blocks of inlines) to `out`.
fn inline_text(v: &Value, out: &mut String) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| inline_text(x, out)),
        Value::Object(o) => {
            let c = o.get("c").unwrap_or(&Value::Null);
            match o.get("t").and_then(Value::as_str) {
                Some("Str") => out.push_str(c.as_str().unwrap_or("")),
                Some("Space" | "SoftBreak" | "LineBreak") => out.push(' '),
                Some("Code" | "Math" | "RawInline") => out.push_str(c[1].as_str().unwrap_or("")),
                // Between blocks: a space, so words of two paragraphs do not run together.
                Some("Para" | "Plain") => {
                    inline_text(c, out);
                    out.push(' ');
                }
                _ => inline_text(c, out),
            }
        }
        _ => {}
    }
}

/// Whether the document's AST has `Figure` blocks (pandoc-types 1.23, pandoc 3). Older
/// versions make a figure of a paragraph holding one image titled `fig:…`.
fn has_figure_blocks(version: Option<&Value>) -> bool {
    let part = |i: usize| version.and_then(|v| v.get(i)).and_then(Value::as_u64);
    match (part(0), part(1)) {
        (Some(major), Some(minor)) => (major, minor) >= (1, 23),
        _ => false,
    }
}

fn not_pandoc(why: &str) -> FilterError {
    FilterError::Input(format!(
        "standard input is not a pandoc JSON document ({why}); run this program as \
         `pandoc --filter pandoc-mmdr`"
    ))
}

/// Settings from metadata, then a block's attributes over them.
#[derive(Clone, Debug, Default)]
struct Settings {
    format: Option<Format>,
    options: Options,
}

/// The keys of a block's attributes that are settings (not passed on to the image).
const OWN_KEYS: [&str; 8] = [
    "format",
    "theme",
    "ascii",
    "max-width",
    "scale",
    "background",
    "alt",
    "caption",
];

impl Settings {
    fn from_meta(meta: &Map<String, Value>) -> Result<Settings, FilterError> {
        let mut s = Settings::default();
        // The settings metadata may carry: all but `alt` and `caption`, which are per block.
        for key in &OWN_KEYS[..6] {
            let name = format!("mmdr-{key}");
            if let Some(v) = meta.get(&name) {
                let bad = |e: String| FilterError::Metadata(format!("`{name}`: {e}"));
                let text = meta_text(v).map_err(bad)?;
                s.set(key, &text).map_err(bad)?;
            }
        }
        Ok(s)
    }

    /// Apply setting `key` (one of [`OWN_KEYS`] but `alt` and `caption`).
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        match key {
            "format" => {
                self.format = Some(match v.to_ascii_lowercase().as_str() {
                    "svg" => Format::Svg,
                    "png" => Format::Png,
                    "text" => Format::Text,
                    _ => return Err(format!("`{v}` is not a format (svg, png, text)")),
                })
            }
            "theme" => {
                if !THEMES.contains(&v) {
                    return Err(format!("unknown theme `{v}` ({})", THEMES.join(", ")));
                }
                self.options.theme = Some(v.to_string());
            }
            "ascii" => {
                self.options.text.ascii = match v.to_ascii_lowercase().as_str() {
                    "true" | "yes" | "1" => true,
                    "false" | "no" | "0" => false,
                    _ => return Err(format!("`{v}` is not true or false")),
                }
            }
            "max-width" => match v.parse::<usize>() {
                Ok(n) if n > 0 => self.options.text.max_width = Some(n),
                _ => return Err(format!("`{v}` is not a positive number of columns")),
            },
            "scale" => match v.parse::<f32>() {
                Ok(x) if x.is_finite() && x > 0.0 => self.options.scale = x,
                _ => return Err(format!("`{v}` is not a positive number")),
            },
            "background" => match crate::render::color::parse(v) {
                Some(c) => self.options.background = Some(c),
                None => return Err(format!("`{v}` is not a CSS colour")),
            },
            _ => {}
        }
        Ok(())
    }
}

/// The walk's state.
struct Filter {
    defaults: Settings,
    /// What blocks become unless metadata or the block says otherwise.
    target_format: Format,
    /// Captions make `Figure` blocks (pandoc 3), not `fig:` images (pandoc 2).
    figures: bool,
    /// The output directory, as given (also the prefix of image links).
    dir: String,
    /// Mermaid blocks seen so far.
    count: usize,
    images: Vec<ImageFile>,
    /// File names already in `images` (only looked up).
    written: HashSet<String>,
    warnings: Vec<String>,
    errors: Vec<String>,
}

/// A mermaid code block, read.
struct Block {
    id: String,
    classes: Vec<Value>,
    attrs: Vec<(String, String)>,
    code: String,
}

impl Filter {
    /// Replace every mermaid `CodeBlock` under `v`, depth first in document order.
    fn walk(&mut self, v: &mut Value) -> Result<(), FilterError> {
        match v {
            Value::Array(items) => {
                for x in items {
                    self.walk(x)?;
                }
            }
            Value::Object(o) => {
                if o.get("t").and_then(Value::as_str) == Some("CodeBlock") {
                    if let Some(b) = read_mermaid_block(o)? {
                        self.count += 1;
                        if let Some(new) = self.block(b) {
                            *v = new;
                        }
                    }
                    // A code block holds no blocks.
                    return Ok(());
                }
                for (_, x) in o.iter_mut() {
                    self.walk(x)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// What replaces mermaid block `b` (the `self.count`th), or `None` after recording an
    /// error.
    fn block(&mut self, b: Block) -> Option<Value> {
        let n = self.count;
        let name = if b.id.is_empty() {
            format!("mermaid block {n}")
        } else {
            format!("mermaid block {n} (#{})", b.id)
        };
        let mut s = self.defaults.clone();
        let mut alt = None;
        let mut caption = None;
        for (k, v) in &b.attrs {
            match k.as_str() {
                "alt" => alt = Some(v.clone()),
                "caption" => caption = Some(v.clone()),
                _ => {
                    if let Err(e) = s.set(k, v) {
                        self.errors.push(format!("error: {name}: `{k}={v}`: {e}\n"));
                        return None;
                    }
                }
            }
        }
        let format = s.format.unwrap_or(self.target_format);
        let options = Options {
            format,
            ..s.options
        };
        let out = match crate::render(&b.code, &options) {
            Ok(out) => out,
            Err(e) => {
                self.errors.push(e.display(&name, &b.code));
                return None;
            }
        };
        for w in &out.warnings {
            let span = w.span.start..w.span.end.max(w.span.start);
            let src = Source::new(&name, &b.code);
            self.warnings
                .push(diag::render(&src, "warning", &w.message, span, None, None));
        }
        if format == Format::Text {
            let art = out.as_str().unwrap_or_default().trim_end_matches('\n');
            return Some(json!({"t": "CodeBlock", "c": [[b.id, ["text"], []], art]}));
        }
        let file = image_name(&out.bytes, format);
        let link = match self.dir.trim_end_matches(['/', '\\']) {
            "" | "." => file.clone(),
            d => format!("{d}/{file}"),
        };
        if self.written.insert(file.clone()) {
            let dir = if self.dir.is_empty() { "." } else { &self.dir };
            self.images.push(ImageFile {
                path: Path::new(dir).join(&file),
                bytes: out.bytes,
            });
        }
        let alt = alt
            .or_else(|| caption.clone())
            .or(out.title)
            .unwrap_or_else(|| format!("Mermaid diagram {n}"));
        let classes: Vec<Value> = b
            .classes
            .into_iter()
            .filter(|c| c.as_str() != Some("mermaid"))
            .collect();
        let kvs: Vec<Value> = b
            .attrs
            .iter()
            .filter(|(k, _)| !OWN_KEYS.contains(&k.as_str()))
            .map(|(k, v)| json!([k, v]))
            .collect();
        Some(match caption {
            None => json!({"t": "Para", "c": [
                {"t": "Image", "c": [[b.id, classes, kvs], text_inlines(&alt), [link, ""]]}
            ]}),
            Some(cap) if self.figures => json!({"t": "Figure", "c": [
                [b.id, [], []],
                [null, [{"t": "Plain", "c": text_inlines(&cap)}]],
                [{"t": "Plain", "c": [
                    {"t": "Image", "c": [["", classes, kvs], text_inlines(&alt), [link, ""]]}
                ]}]
            ]}),
            // Pandoc 2: a paragraph of one image titled `fig:` is a figure, its alt text the
            // caption.
            Some(cap) => json!({"t": "Para", "c": [
                {"t": "Image", "c": [[b.id, classes, kvs], text_inlines(&cap), [link, "fig:"]]}
            ]}),
        })
    }
}

/// The parts of code block `o` if its classes include `mermaid`. A block whose classes
/// cannot be read is not ours and stays as it is; a mermaid block in any other shape than
/// pandoc's `[[id, [class…], [[key, value]…]], code]` is an error.
fn read_mermaid_block(o: &Map<String, Value>) -> Result<Option<Block>, FilterError> {
    let c = o.get("c").unwrap_or(&Value::Null);
    let Some(classes) = c[0][1].as_array() else {
        return Ok(None);
    };
    if !classes.iter().any(|x| x.as_str() == Some("mermaid")) {
        return Ok(None);
    }
    let malformed = || {
        FilterError::Input(
            "a mermaid CodeBlock is not in pandoc's shape `[[id, [classes], [[key, value]]], code]`"
                .into(),
        )
    };
    let id = c[0][0].as_str().ok_or_else(malformed)?.to_string();
    let code = c[1].as_str().ok_or_else(malformed)?.to_string();
    let mut attrs = Vec::new();
    for kv in c[0][2].as_array().ok_or_else(malformed)? {
        match (kv[0].as_str(), kv[1].as_str()) {
            (Some(k), Some(v)) => attrs.push((k.to_string(), v.to_string())),
            _ => return Err(malformed()),
        }
    }
    Ok(Some(Block {
        id,
        classes: classes.clone(),
        attrs,
        code,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "flowchart LR\n  A[Start] --> B[Stop]";

    fn doc(blocks: Value) -> Value {
        json!({"pandoc-api-version": [1, 22, 2, 1], "meta": {}, "blocks": blocks})
    }

    fn mermaid(code: &str) -> Value {
        json!({"t": "CodeBlock", "c": [["", ["mermaid"], []], code]})
    }

    fn is_hashed_name(s: &str, ext: &str) -> bool {
        let Some(hex) = s
            .strip_prefix("mmdr-")
            .and_then(|r| r.strip_suffix(&format!(".{ext}")))
        else {
            return false;
        };
        hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit())
    }

    #[test]
    fn html_gets_an_svg_image_with_a_hashed_name() {
        let out = transform(doc(json!([mermaid(SRC)])), "html", None).unwrap();
        let img = &out.ast["blocks"][0];
        assert_eq!(img["t"], "Para");
        assert_eq!(img["c"][0]["t"], "Image");
        let url = img["c"][0]["c"][2][0].as_str().unwrap();
        assert!(is_hashed_name(url, "svg"), "{url}");
        assert_eq!(img["c"][0]["c"][2][1], "");
        assert_eq!(
            img["c"][0]["c"][1],
            json!([{"t": "Str", "c": "Mermaid"}, {"t": "Space"}, {"t": "Str", "c": "diagram"},
                   {"t": "Space"}, {"t": "Str", "c": "1"}])
        );
        assert_eq!(out.images.len(), 1);
        assert_eq!(out.images[0].path, Path::new(".").join(url));
        assert!(out.images[0].bytes.starts_with(b"<svg"));
        assert_eq!(url, image_name(&out.images[0].bytes, Format::Svg));
    }

    #[test]
    fn plain_gets_text_art() {
        let block = json!({"t": "CodeBlock", "c": [["d1", ["mermaid"], []], SRC]});
        let out = transform(doc(json!([block])), "plain", None).unwrap();
        let b = &out.ast["blocks"][0];
        assert_eq!(b["t"], "CodeBlock");
        assert_eq!(b["c"][0], json!(["d1", ["text"], []]));
        let art = b["c"][1].as_str().unwrap();
        assert!(
            art.contains('┌') && art.contains("Start") && art.contains("Stop"),
            "{art}"
        );
        assert!(!art.ends_with('\n'));
        assert!(out.images.is_empty());
    }

    #[test]
    fn nested_blocks_are_found_and_numbered_in_order() {
        let quote = json!({"t": "BlockQuote", "c": [
            {"t": "Para", "c": [{"t": "Str", "c": "quoted"}]},
            mermaid(SRC)
        ]});
        let list = json!({"t": "BulletList", "c": [[mermaid("flowchart TD\n  X --> Y")]]});
        let out = transform(doc(json!([quote, list])), "html5", None).unwrap();
        let blocks = &out.ast["blocks"];
        assert_eq!(blocks[0]["c"][0]["c"][0]["c"], "quoted");
        assert_eq!(blocks[0]["c"][1]["c"][0]["t"], "Image");
        let inner = &blocks[1]["c"][0][0]["c"][0];
        assert_eq!(inner["t"], "Image");
        assert_eq!(inner["c"][1][4], json!({"t": "Str", "c": "2"}));
        assert_eq!(out.images.len(), 2);
    }

    #[test]
    fn everything_else_is_kept_as_it_was() {
        let input = json!({
            "pandoc-api-version": [1, 23, 1],
            "meta": {"title": {"t": "MetaInlines", "c": [{"t": "Str", "c": "T"}]}},
            "blocks": [
                {"t": "CodeBlock", "c": [["", ["rust"], []], "fn main() {}"]},
                {"t": "CodeBlock", "c": [["", [], [["lang", "mermaid"]]], "not ours"]},
                {"t": "Para", "c": [{"t": "Code", "c": [["", ["mermaid"], []], "A-->B"]}]},
                {"t": "Future", "c": {"odd": [1, null, true]}}
            ]
        });
        let out = transform(input.clone(), "html", None).unwrap();
        assert_eq!(out.ast, input);
        assert!(out.images.is_empty() && out.warnings.is_empty());
    }

    #[test]
    fn a_broken_diagram_is_reported_in_its_block() {
        let bad = "flowchart LR\n  A[f(x)] --> B";
        let input = doc(json!([mermaid(SRC), mermaid(bad)]));
        let Err(FilterError::Blocks(errors)) = transform(input, "html", None) else {
            panic!("expected a block error");
        };
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("error: "), "{}", errors[0]);
        assert!(
            errors[0].contains("--> mermaid block 2:2:"),
            "{}",
            errors[0]
        );
        assert!(errors[0].contains("A[f(x)] --> B"), "{}", errors[0]);
    }

    #[test]
    fn every_broken_block_is_reported() {
        let bad = "flowchart LR\n  A[f(x)] --> B";
        let block = json!({"t": "CodeBlock", "c": [["x", ["mermaid"], [["theme", "pink"]]], SRC]});
        let input = doc(json!([mermaid(bad), block]));
        let e = transform(input, "html", None).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("--> mermaid block 1:2:"), "{text}");
        assert!(
            text.contains("error: mermaid block 2 (#x): `theme=pink`: unknown theme `pink`"),
            "{text}"
        );
        assert!(
            text.ends_with("error: 2 mermaid blocks could not be rendered\n"),
            "{text}"
        );
    }

    #[test]
    fn formats_by_target() {
        for t in [
            "html", "html4", "html5", "epub", "epub3", "revealjs", "slidy", "gfm",
        ] {
            assert_eq!(default_format(t), Format::Svg, "{t}");
        }
        for t in [
            "markdown",
            "markdown+smart",
            "commonmark_x",
            "rst",
            "asciidoc",
            "org",
        ] {
            assert_eq!(default_format(t), Format::Svg, "{t}");
        }
        for t in [
            "docx", "latex", "beamer", "pdf", "odt", "pptx", "context", "rtf", "x.lua",
        ] {
            assert_eq!(default_format(t), Format::Png, "{t}");
        }
        assert_eq!(default_format("plain"), Format::Text);
        assert_eq!(default_format("PLAIN"), Format::Text);
    }

    #[test]
    fn docx_gets_a_png_in_the_metadata_directory() {
        let mut input = doc(json!([mermaid(SRC)]));
        input["meta"] = json!({"mmdr-dir": {"t": "MetaInlines", "c": [{"t": "Str", "c": "img/"}]}});
        let out = transform(input, "docx", None).unwrap();
        let url = out.ast["blocks"][0]["c"][0]["c"][2][0].as_str().unwrap();
        let file = url.strip_prefix("img/").unwrap();
        assert!(is_hashed_name(file, "png"), "{url}");
        assert_eq!(out.images[0].path, Path::new("img/").join(file));
        assert!(out.images[0].bytes.starts_with(b"\x89PNG"));
    }

    #[test]
    fn the_document_cannot_send_images_out_of_the_working_directory() {
        for dir in ["/tmp/x", "../up", "img/../../up"] {
            let mut input = doc(json!([mermaid(SRC)]));
            input["meta"] = json!({"mmdr-dir": {"t": "MetaString", "c": dir}});
            let e = transform(input, "html", None).unwrap_err();
            assert!(
                e.to_string().contains("leaves the working directory"),
                "{dir}: {e}"
            );
        }
        let mut input = doc(json!([mermaid(SRC)]));
        input["meta"] = json!({"mmdr-dir": {"t": "MetaString", "c": "./media/diagrams"}});
        assert!(transform(input, "html", None).is_ok());
    }

    #[test]
    fn metadata_and_attributes_choose_the_format() {
        // -M mmdr-format=text arrives as a MetaString; from YAML it is MetaInlines.
        for meta in [
            json!({"t": "MetaString", "c": "text"}),
            json!({"t": "MetaInlines", "c": [{"t": "Str", "c": "text"}]}),
        ] {
            let mut input = doc(json!([mermaid(SRC)]));
            input["meta"] =
                json!({"mmdr-format": meta, "mmdr-ascii": {"t": "MetaBool", "c": true}});
            let out = transform(input.clone(), "markdown", None).unwrap();
            let b = &out.ast["blocks"][0];
            assert_eq!(b["t"], "CodeBlock");
            let art = b["c"][1].as_str().unwrap();
            assert!(art.is_ascii() && art.contains("Start"), "{art}");
            // The block's own attribute wins.
            input["blocks"][0]["c"][0][2] = json!([["format", "svg"]]);
            let out = transform(input, "markdown", None).unwrap();
            assert_eq!(out.ast["blocks"][0]["c"][0]["t"], "Image");
        }
        let mut input = doc(json!([mermaid(SRC)]));
        input["meta"] = json!({"mmdr-format": {"t": "MetaString", "c": "gif"}});
        let e = transform(input, "html", None).unwrap_err();
        assert_eq!(
            e,
            FilterError::Metadata("`mmdr-format`: `gif` is not a format (svg, png, text)".into())
        );
    }

    #[test]
    fn alt_text_caption_and_passed_attributes() {
        let block = json!({"t": "CodeBlock", "c": [
            ["arch", ["mermaid", "wide"], [["theme", "dark"], ["alt", "The  flow"], ["width", "50%"]]],
            SRC
        ]});
        let out = transform(doc(json!([block.clone()])), "html", None).unwrap();
        let img = &out.ast["blocks"][0]["c"][0];
        assert_eq!(img["c"][0], json!(["arch", ["wide"], [["width", "50%"]]]));
        assert_eq!(
            img["c"][1],
            json!([{"t": "Str", "c": "The"}, {"t": "Space"}, {"t": "Str", "c": "flow"}])
        );
        // The diagram's own title, without alt=.
        let titled = "flowchart LR\n  accTitle: Checkout\n  A --> B";
        let out = transform(doc(json!([mermaid(titled)])), "html", None).unwrap();
        assert_eq!(
            out.ast["blocks"][0]["c"][0]["c"][1],
            json!([{"t": "Str", "c": "Checkout"}])
        );
        // A caption: pandoc 2's `fig:` image, pandoc 3's Figure.
        let mut capped = block;
        capped["c"][0][2] = json!([["caption", "Overview"]]);
        let out = transform(doc(json!([capped.clone()])), "html", None).unwrap();
        let img = &out.ast["blocks"][0]["c"][0];
        assert_eq!(img["c"][2][1], "fig:");
        assert_eq!(img["c"][1], json!([{"t": "Str", "c": "Overview"}]));
        let mut v3 = doc(json!([capped]));
        v3["pandoc-api-version"] = json!([1, 23, 1]);
        let out = transform(v3, "html", None).unwrap();
        let fig = &out.ast["blocks"][0];
        assert_eq!(fig["t"], "Figure");
        assert_eq!(fig["c"][0], json!(["arch", [], []]));
        assert_eq!(
            fig["c"][1],
            json!([null, [{"t": "Plain", "c": [{"t": "Str", "c": "Overview"}]}]])
        );
        assert_eq!(fig["c"][2][0]["c"][0]["t"], "Image");
    }

    #[test]
    fn warnings_are_located_in_their_block() {
        let odd = "flowchart LR\n  A --> B\n  style Z fill:#f00";
        let out = transform(doc(json!([mermaid(odd)])), "html", None).unwrap();
        assert_eq!(out.warnings.len(), 1);
        let w = &out.warnings[0];
        assert!(w.starts_with("warning: `style` names `Z`"), "{w}");
        assert!(w.contains("--> mermaid block 1:3:"), "{w}");
    }

    #[test]
    fn identical_pictures_are_one_file() {
        let out = transform(doc(json!([mermaid(SRC), mermaid(SRC)])), "html", None).unwrap();
        assert_eq!(out.images.len(), 1);
        let url = |i: usize| out.ast["blocks"][i]["c"][0]["c"][2][0].clone();
        assert_eq!(url(0), url(1));
    }

    #[test]
    fn bad_input_is_refused() {
        for v in [json!([1, 2]), json!({"meta": {}}), json!({"blocks": {}})] {
            assert!(matches!(
                transform(v, "html", None),
                Err(FilterError::Input(_))
            ));
        }
        let bad = doc(json!([{"t": "CodeBlock", "c": [["", ["mermaid"], [["k"]]], SRC]}]));
        assert!(matches!(
            transform(bad, "html", None),
            Err(FilterError::Input(_))
        ));
    }

    #[test]
    fn bad_attribute_values_are_errors() {
        for (k, v) in [
            ("ascii", "maybe"),
            ("scale", "-1"),
            ("background", "nope"),
            ("max-width", "0"),
        ] {
            let block = json!({"t": "CodeBlock", "c": [["", ["mermaid"], [[k, v]]], SRC]});
            let Err(FilterError::Blocks(e)) = transform(doc(json!([block])), "html", None) else {
                panic!("{k}={v} accepted");
            };
            assert!(
                e[0].starts_with(&format!("error: mermaid block 1: `{k}={v}`: ")),
                "{e:?}"
            );
        }
    }

    #[test]
    fn hashes_and_names_are_stable() {
        assert_eq!(content_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(content_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(image_name(b"a", Format::Png), "mmdr-af63dc4c8601ec8c.png");
    }

    #[test]
    fn images_are_written_once_and_atomically() {
        let dir = std::env::temp_dir().join(format!("mmdr-pandoc-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("sub").join("mmdr-0000000000000000.svg");
        let img = ImageFile {
            path: path.clone(),
            bytes: b"<svg/>".to_vec(),
        };
        write_images(std::slice::from_ref(&img)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"<svg/>");
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_images(&[img]).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
        let left: Vec<_> = std::fs::read_dir(dir.join("sub")).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
