//! An mdBook preprocessor (`mdbook-mmdr`): every ` ```mermaid ` block of every chapter becomes
//! a picture at build time, with no script in the pages.
//!
//! mdBook runs the program twice: `mdbook-mmdr supports <renderer>` (every renderer is
//! supported: HTML gets SVG, others may ask for text art), then with `[context, book]` as
//! JSON on standard input, expecting the book back on standard output. The book is walked
//! as JSON, so the shapes of mdBook 0.4 (`sections`) and 0.5 (`items`) both work: every
//! object with a `Chapter` key is a chapter, and nothing else is touched.
//!
//! Settings, from the `[preprocessor.mmdr]` table of `book.toml`:
//! `output` (`"inline"`: an SVG in the page, the default; `"files"`: an SVG file beside the
//! chapter and an image link), `format` (`"svg"`, or `"text"`: fenced box-drawing art, for
//! renderers that are not HTML), `theme`, `look`, `ascii` (text art in pure ASCII),
//! `max-width` (text art columns), `on-error` (`"fail"`, the default: the build stops at the
//! first broken diagram, naming its chapter file, line and column; `"warn"`: the block stays
//! as it was and a warning is printed).

use crate::api::{Error, Format, Options, THEMES};
use crate::markdown::{self, Block};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Where a diagram's picture goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// The SVG inside the page.
    Inline,
    /// An SVG file beside the chapter's source, linked as an image.
    Files,
}

/// The preprocessor's settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where pictures go.
    pub output: Output,
    /// What every diagram renders to (SVG, or text art).
    pub options: Options,
    /// Keep a broken block and warn, instead of failing the build.
    pub warn_on_error: bool,
    /// The book's source directory (`root/src` unless `book.src` says otherwise), where
    /// files are written with `output = "files"`.
    pub src_dir: PathBuf,
    /// The book's root, to name chapter files in messages as the author sees them.
    pub root: PathBuf,
}

/// A reason the preprocessor stops: the message says what and where.
#[derive(Debug)]
pub struct PreprocessError(pub String);

impl std::fmt::Display for PreprocessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read the settings from mdBook's context object (`root`, `config`).
pub fn settings(context: &Value) -> Result<Settings, PreprocessError> {
    let bad = |m: String| PreprocessError(format!("book.toml [preprocessor.mmdr]: {m}"));
    let root = PathBuf::from(context["root"].as_str().unwrap_or("."));
    let config = &context["config"];
    let src_dir = root.join(config["book"]["src"].as_str().unwrap_or("src"));
    let table = config["preprocessor"]["mmdr"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let text = |key: &str| -> Result<Option<String>, PreprocessError> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(bad(format!("`{key}` must be a string, not {v}"))),
        }
    };
    let output = match text("output")?.as_deref() {
        None | Some("inline") => Output::Inline,
        Some("files") => Output::Files,
        Some(o) => {
            return Err(bad(format!(
                "`output` is \"inline\" or \"files\", not {o:?}"
            )))
        }
    };
    let format = match text("format")?.as_deref() {
        None | Some("svg") => Format::Svg,
        Some("text") => Format::Text,
        Some(f) => return Err(bad(format!("`format` is \"svg\" or \"text\", not {f:?}"))),
    };
    let warn_on_error = match text("on-error")?.as_deref() {
        None | Some("fail") => false,
        Some("warn") => true,
        Some(e) => {
            return Err(bad(format!(
                "`on-error` is \"fail\" or \"warn\", not {e:?}"
            )))
        }
    };
    let theme = text("theme")?;
    if let Some(t) = &theme {
        if !THEMES.contains(&t.as_str()) {
            return Err(bad(format!("unknown theme {t:?} ({})", THEMES.join(", "))));
        }
    }
    let mut options = Options::new(format);
    options.theme = theme;
    if let Some(look) = text("look")? {
        options.config.insert("look".into(), Value::String(look));
    }
    match table.get("ascii") {
        None => {}
        Some(Value::Bool(b)) => options.text.ascii = *b,
        Some(v) => return Err(bad(format!("`ascii` must be true or false, not {v}"))),
    }
    match table.get("max-width") {
        None => {}
        Some(v) => match v.as_u64() {
            Some(n) if n > 0 => options.text.max_width = Some(n as usize),
            _ => {
                return Err(bad(format!(
                    "`max-width` must be a positive number, not {v}"
                )))
            }
        },
    }
    Ok(Settings {
        output,
        options,
        warn_on_error,
        src_dir,
        root,
    })
}

/// Run the preprocessor on mdBook's `[context, book]` input; returns the book to print, and
/// the warnings to show (with `on-error = "warn"`).
pub fn run(input: Value) -> Result<(Value, Vec<String>), PreprocessError> {
    let Value::Array(mut pair) = input else {
        return Err(PreprocessError(
            "expected [context, book] from mdBook on standard input".into(),
        ));
    };
    if pair.len() != 2 {
        return Err(PreprocessError(format!(
            "expected [context, book] from mdBook, got an array of {}",
            pair.len()
        )));
    }
    let mut book = pair.pop().expect("two entries");
    let s = settings(&pair[0])?;
    let mut warnings = Vec::new();
    walk(&mut book, &s, &mut warnings)?;
    Ok((book, warnings))
}

/// Find every chapter under `v` (depth first, in book order) and render its diagrams.
fn walk(v: &mut Value, s: &Settings, warnings: &mut Vec<String>) -> Result<(), PreprocessError> {
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(ch)) = m.get_mut("Chapter") {
                chapter(ch, s, warnings)?;
            }
            for (_, x) in m.iter_mut() {
                walk(x, s, warnings)?;
            }
        }
        Value::Array(a) => {
            for x in a {
                walk(x, s, warnings)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Render the diagrams of one chapter, replacing its `content`.
fn chapter(
    ch: &mut Map<String, Value>,
    s: &Settings,
    warnings: &mut Vec<String>,
) -> Result<(), PreprocessError> {
    let Some(content) = ch.get("content").and_then(Value::as_str) else {
        return Ok(());
    };
    let blocks = markdown::blocks(content);
    if blocks.is_empty() {
        return Ok(());
    }
    // Draft chapters and the like have no path; name them by their title.
    let source_path = ch
        .get("source_path")
        .or_else(|| ch.get("path"))
        .and_then(Value::as_str)
        .map(PathBuf::from);
    let name = match &source_path {
        Some(p) => display_path(&s.root, &s.src_dir.join(p)),
        None => ch
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("chapter")
            .to_string(),
    };
    let page = ch
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or(name.as_str())
        .to_string();
    let mut replacements = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let n = i + 1;
        match diagram(b, n, &page, source_path.as_deref(), s) {
            Ok(r) => replacements.push(Some(r)),
            Err(e) => {
                let message = e.display_in(&name, &b.source, content, |at| b.to_document(at));
                if !s.warn_on_error {
                    return Err(PreprocessError(message));
                }
                warnings.push(message.replacen("error", "warning", 1));
                replacements.push(None);
            }
        }
    }
    let new = markdown::rewrite(content, &blocks, |i, _| replacements[i - 1].take());
    ch.insert("content".into(), Value::String(new));
    Ok(())
}

/// What stands in the place of block `b` (the `n`th of page `page`).
fn diagram(
    b: &Block,
    n: usize,
    page: &str,
    source_path: Option<&Path>,
    s: &Settings,
) -> Result<String, Error> {
    let mut options = s.options.clone();
    // Ids unique on the page even when it shows the same diagram twice.
    let page_hash = super::pandoc::content_hash(page.as_bytes()) as u32;
    options.id_prefix = Some(format!("mmdr-{page_hash:08x}-{n}"));
    let out = crate::render(&b.source, &options)?;
    let text = out.as_str().unwrap_or_default();
    if options.format == Format::Text {
        return Ok(b.fenced("text", text));
    }
    let alt = out
        .title
        .clone()
        .unwrap_or_else(|| markdown::default_alt(n));
    match (s.output, source_path) {
        (Output::Files, Some(p)) => {
            let stem = p
                .file_stem()
                .map(|x| x.to_string_lossy().into_owned())
                .unwrap_or_else(|| "chapter".into());
            let file = format!("{stem}-{n}.svg");
            let dir = s.src_dir.join(p.parent().unwrap_or(Path::new("")));
            write_if_changed(&dir.join(&file), &out.bytes)
                .map_err(|e| Error::Options(format!("cannot write {file}: {e}")))?;
            Ok(markdown::image_link(&alt, &file))
        }
        _ => Ok(inline(text, &alt, b.newline)),
    }
}

/// An SVG as an HTML block of its own: one line (a blank line would end the block in
/// Markdown), followed by a blank line so that what comes after is Markdown again.
fn inline(svg: &str, alt: &str, newline: &str) -> String {
    let one_line = svg.trim_end().replace(['\r', '\n'], " ");
    let mut label = String::with_capacity(alt.len());
    for c in alt.chars() {
        match c {
            '&' => label.push_str("&amp;"),
            '<' => label.push_str("&lt;"),
            '>' => label.push_str("&gt;"),
            '"' => label.push_str("&quot;"),
            '\r' | '\n' => label.push(' '),
            c => label.push(c),
        }
    }
    format!(
        r#"<div class="mmdr" role="img" aria-label="{label}" style="max-width:100%;overflow-x:auto">{one_line}</div>{newline}"#
    )
}

/// Write `bytes` to `path` unless it already holds them (so `mdbook serve`, which watches the
/// sources, is not woken by its own build), atomically.
fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let tmp = path.with_extension(format!("svg.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// `path` relative to the book's root when it is inside it (as the author names the file).
fn display_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input(table: Value, content: &str) -> Value {
        json!([
            {"root": "/book", "config": {"book": {"src": "src"}, "preprocessor": {"mmdr": table}},
             "renderer": "html", "mdbook_version": "0.5.4"},
            {"items": [
                {"Chapter": {"name": "One", "content": content, "number": [1],
                  "sub_items": [{"Chapter": {"name": "Two", "content": content,
                    "sub_items": [], "path": "two.md", "source_path": "two.md"}}],
                  "path": "one.md", "source_path": "one.md", "parent_names": []}},
                "Separator"
            ]}
        ])
    }

    fn contents(book: &Value) -> Vec<String> {
        let one = &book["items"][0]["Chapter"];
        vec![
            one["content"].as_str().unwrap().to_string(),
            one["sub_items"][0]["Chapter"]["content"]
                .as_str()
                .unwrap()
                .to_string(),
        ]
    }

    const PAGE: &str = "# Title\n\n```mermaid\nflowchart LR\n  A --> B\n```\nText after.\n";

    #[test]
    fn blocks_become_inline_svg_in_every_chapter() {
        let (book, warnings) = run(input(json!({}), PAGE)).unwrap();
        assert!(warnings.is_empty());
        for c in contents(&book) {
            assert!(c.starts_with("# Title\n\n<div class=\"mmdr\""), "{c}");
            assert!(!c.contains("```mermaid"));
            let div = c.lines().nth(2).unwrap();
            assert!(
                div.contains("<svg") && div.ends_with("</svg></div>"),
                "{div}"
            );
            // A blank line ends the HTML block before the text that follows.
            assert!(c.ends_with("</div>\n\nText after.\n"), "{c}");
        }
        assert_eq!(book["items"][1], json!("Separator"));
    }

    #[test]
    fn ids_differ_between_pages_and_blocks() {
        let page = format!("{PAGE}\n{}", &PAGE[9..]);
        let (book, _) = run(input(json!({}), &page)).unwrap();
        let ids: Vec<String> = contents(&book)
            .iter()
            .flat_map(|c| {
                c.match_indices("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"")
                    .map(|(at, m)| c[at + m.len()..].split('"').next().unwrap().to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(ids.len(), 4);
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), 4, "{ids:?}");
    }

    #[test]
    fn text_format_gives_fenced_art() {
        let (book, _) = run(input(json!({"format": "text"}), PAGE)).unwrap();
        let c = &contents(&book)[0];
        assert!(c.contains("```text\n"), "{c}");
        assert!(c.contains("```text\n┌───┐   ┌───┐\n│ A ├──▶│ B │\n"), "{c}");
    }

    #[test]
    fn a_broken_diagram_fails_with_its_place_or_warns() {
        let page = "intro\n\n```mermaid\nflowchart LR\n  A[x --> B\n```\n";
        let e = run(input(json!({}), page)).unwrap_err();
        // Line 5 of the chapter file, named from the book's root.
        assert!(e.0.contains("src/one.md:5:"), "{}", e.0);
        let (book, warnings) = run(input(json!({"on-error": "warn"}), page)).unwrap();
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].starts_with("warning"), "{}", warnings[0]);
        assert_eq!(contents(&book)[0], page);
    }

    #[test]
    fn the_mdbook_0_4_shape_works_too() {
        // mdBook 0.4 lists chapters under `sections`, with a `__non_exhaustive` marker.
        let v = json!([
            {"root": "/book", "config": {"book": {}}, "renderer": "html"},
            {"sections": [{"Chapter": {"name": "One", "content": PAGE, "sub_items": [],
              "path": "one.md", "source_path": "one.md"}}], "__non_exhaustive": null}
        ]);
        let (book, _) = run(v).unwrap();
        let c = book["sections"][0]["Chapter"]["content"].as_str().unwrap();
        assert!(
            c.contains("<div class=\"mmdr\"") && !c.contains("```mermaid"),
            "{c}"
        );
        assert_eq!(book["__non_exhaustive"], Value::Null);
    }

    #[test]
    fn bad_settings_are_named() {
        let e = run(input(json!({"output": "pdf"}), PAGE)).unwrap_err();
        assert!(e.0.contains("`output`"), "{}", e.0);
        let e = run(input(json!({"theme": "pink"}), PAGE)).unwrap_err();
        assert!(e.0.contains("unknown theme"), "{}", e.0);
    }
}
