//! The pandoc filter (`pandoc-mmdr`) under the real pandoc: a seed document to HTML (SVG
//! files), to plain text and GFM (text art), to docx (PNG files); blocks nested in quotes,
//! lists, divs and table cells; a broken block failing the conversion with its location.
//!
//! Without pandoc these tests say loudly that they are skipped, or fail when
//! `MMDR_REQUIRE_TOOLS=1` (CI, where pandoc must be installed). `PANDOC=/path/to/pandoc`
//! tests another pandoc (a 3.x beside the system's 2.x).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const FILTER: &str = env!("CARGO_BIN_EXE_pandoc-mmdr");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The pandoc program (`$PANDOC`, else `/usr/bin/pandoc`, else `pandoc` on the path), or
/// `None` (after saying so) when it is not installed.
fn pandoc(test: &str) -> Option<PathBuf> {
    let candidates = match std::env::var_os("PANDOC") {
        Some(p) => vec![PathBuf::from(p)],
        None => vec![PathBuf::from("/usr/bin/pandoc"), PathBuf::from("pandoc")],
    };
    for p in candidates {
        let ok = Command::new(&p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(p);
        }
    }
    if std::env::var("MMDR_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("{test}: pandoc is missing, and MMDR_REQUIRE_TOOLS=1 requires it");
    }
    // Straight to the process's standard error: the test harness captures `eprintln!`.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** {test}: skipped: pandoc not installed ***\n"
    );
    None
}

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("mmdr-pandoc-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run pandoc in `dir` with the filter and `args`.
fn run(pandoc: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(pandoc)
        .current_dir(dir)
        .args(["--filter", FILTER])
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The seed document with the most mermaid blocks, copied into `dir` as `doc.md`; returns
/// its blocks' sources.
fn seed_doc(dir: &Path) -> Vec<String> {
    let path = root().join("fixtures/docs/001_673a9154e5f6f194.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    std::fs::write(dir.join("doc.md"), &doc).unwrap();
    let blocks: Vec<String> = mmdr::markdown::blocks(&doc)
        .into_iter()
        .map(|b| b.source)
        .collect();
    assert_eq!(blocks.len(), 4, "the seed document has four diagrams");
    blocks
}

/// The `src` of every `<img` in `html`.
fn img_sources(html: &str) -> Vec<String> {
    html.split("<img")
        .skip(1)
        .map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            let at = tag.find("src=\"").expect("an img has a src") + 5;
            tag[at..at + tag[at..].find('"').unwrap()].to_string()
        })
        .collect()
}

/// The first line of each block (`flowchart TD`, `graph LR`, …) and its first edge line:
/// mermaid source that must not survive.
fn source_lines(blocks: &[String]) -> Vec<String> {
    blocks
        .iter()
        .flat_map(|b| b.lines().take(2).map(|l| l.trim().to_string()))
        .collect()
}

#[test]
fn html_gets_an_svg_file_per_block() {
    let Some(pandoc) = pandoc("html_gets_an_svg_file_per_block") else {
        return;
    };
    let dir = TempDir::new("html");
    let blocks = seed_doc(dir.path());
    let out = run(
        &pandoc,
        dir.path(),
        &["doc.md", "-t", "html", "-o", "doc.html"],
    );
    assert!(out.status.success(), "pandoc failed: {}", text(&out.stderr));
    let html = std::fs::read_to_string(dir.path().join("doc.html")).unwrap();
    let sources = img_sources(&html);
    assert_eq!(sources.len(), blocks.len(), "one <img per block:\n{html}");
    for src in &sources {
        let name = src.strip_prefix("mmdr-").unwrap_or_else(|| panic!("{src}"));
        assert!(name.ends_with(".svg") && name.len() == 16 + 4, "{src}");
        let svg = std::fs::read(dir.path().join(src)).unwrap();
        assert!(svg.starts_with(b"<svg"), "{src} is not an SVG");
    }
    assert!(
        !html.contains("mermaid"),
        "a mermaid block is left:\n{html}"
    );
    for line in source_lines(&blocks) {
        assert!(!html.contains(&line), "`{line}` is left:\n{html}");
    }
    // The other code block stays a code block.
    assert!(html.contains("optimizedAlgorithm"));
    // Again: the same names, no new files, no temporary files left.
    let out = run(&pandoc, dir.path(), &["doc.md", "-t", "html5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(img_sources(&text(&out.stdout)), sources);
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(
        files,
        2 + sources.len(),
        "doc.md, doc.html and the images only"
    );
}

#[test]
fn plain_text_gets_text_art() {
    let Some(pandoc) = pandoc("plain_text_gets_text_art") else {
        return;
    };
    let dir = TempDir::new("plain");
    let blocks = seed_doc(dir.path());
    let out = run(&pandoc, dir.path(), &["doc.md", "-t", "plain"]);
    assert!(out.status.success(), "pandoc failed: {}", text(&out.stderr));
    let plain = text(&out.stdout);
    assert!(
        plain.contains('┌') && plain.contains('┘'),
        "no box drawing:\n{plain}"
    );
    for label in ["Client Entry Point", "Analytics Engine", "Notify Team"] {
        assert!(plain.contains(label), "`{label}` is missing:\n{plain}");
    }
    for line in source_lines(&blocks) {
        assert!(!plain.contains(&line), "`{line}` is left:\n{plain}");
    }
    // Any target, asked for text art in ASCII: GFM gets fenced `text` blocks.
    let out = run(
        &pandoc,
        dir.path(),
        &[
            "doc.md",
            "-t",
            "gfm",
            "-M",
            "mmdr-format=text",
            "-M",
            "mmdr-ascii=true",
        ],
    );
    assert!(out.status.success(), "pandoc failed: {}", text(&out.stderr));
    let gfm = text(&out.stdout);
    assert_eq!(gfm.matches("``` text").count(), blocks.len(), "{gfm}");
    assert!(!gfm.contains('┌') && gfm.contains("+--"), "{gfm}");
    assert!(gfm.contains("Client Entry Point"));
    assert!(!gfm.contains("mermaid"), "{gfm}");
    // No image files for text art.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_broken_block_fails_the_conversion() {
    let Some(pandoc) = pandoc("a_broken_block_fails_the_conversion") else {
        return;
    };
    let dir = TempDir::new("broken");
    std::fs::copy(
        root().join("fixtures/pandoc/broken.md"),
        dir.path().join("broken.md"),
    )
    .unwrap();
    let out = run(
        &pandoc,
        dir.path(),
        &["broken.md", "-t", "html", "-o", "out.html"],
    );
    assert!(
        !out.status.success(),
        "pandoc succeeded with a broken diagram"
    );
    let err = text(&out.stderr);
    assert!(err.contains("error:"), "{err}");
    assert!(err.contains("--> mermaid block 2:2:"), "not located: {err}");
    assert!(err.contains("A[f(x)] --> B"), "no snippet: {err}");
    assert!(
        err.contains("1 mermaid block could not be rendered"),
        "{err}"
    );
    assert!(
        !dir.path().join("out.html").exists(),
        "pandoc wrote its output"
    );
}

#[test]
fn docx_gets_png_files_in_the_metadata_directory() {
    let Some(pandoc) = pandoc("docx_gets_png_files_in_the_metadata_directory") else {
        return;
    };
    let dir = TempDir::new("docx");
    let blocks = seed_doc(dir.path());
    let args = ["doc.md", "-o", "doc.docx", "-M", "mmdr-dir=media/diagrams"];
    let out = run(&pandoc, dir.path(), &args);
    assert!(out.status.success(), "pandoc failed: {}", text(&out.stderr));
    let docx = std::fs::read(dir.path().join("doc.docx")).unwrap();
    assert!(docx.starts_with(b"PK"), "not a docx");
    let pngs: Vec<PathBuf> = std::fs::read_dir(dir.path().join("media/diagrams"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(pngs.len(), blocks.len(), "{pngs:?}");
    for p in &pngs {
        assert_eq!(p.extension().unwrap(), "png", "{p:?}");
        assert!(std::fs::read(p).unwrap().starts_with(b"\x89PNG"), "{p:?}");
    }
}

#[test]
fn nested_blocks_and_attributes() {
    let Some(pandoc) = pandoc("nested_blocks_and_attributes") else {
        return;
    };
    let dir = TempDir::new("nested");
    std::fs::copy(
        root().join("fixtures/pandoc/nested.md"),
        dir.path().join("nested.md"),
    )
    .unwrap();
    let out = run(&pandoc, dir.path(), &["nested.md", "-t", "html"]);
    assert!(out.status.success(), "pandoc failed: {}", text(&out.stderr));
    let html = text(&out.stdout);
    assert_eq!(
        img_sources(&html).len(),
        4,
        "quote, list, div, table cell:\n{html}"
    );
    assert!(
        !html.contains("class=\"mermaid") && !html.contains("flowchart"),
        "{html}"
    );
    assert!(html.contains("&quot;not a diagram&quot;"), "{html}");
    assert!(
        html.contains(r#"id="quoted""#) && html.contains(r#"alt="Quoted flow""#),
        "{html}"
    );
    assert!(
        html.contains("width:50"),
        "width passed to the image:\n{html}"
    );
    assert!(html.contains(">Inside a div</figcaption>"), "{html}");
    // The list's block is dark, the others take the document's forest theme.
    let themed = |src: &str, theme: &str| {
        let o = mmdr::Options {
            theme: Some(theme.into()),
            ..mmdr::Options::default()
        };
        mmdr::render(src, &o).unwrap().bytes
    };
    let sources = img_sources(&html);
    let file = |i: usize| std::fs::read(dir.path().join(&sources[i])).unwrap();
    assert_eq!(
        file(0),
        themed("flowchart LR\n  Q1[Quoted] --> Q2[Flow]", "forest")
    );
    assert_eq!(
        file(1),
        themed("flowchart TD\n  L1[Listed] --> L2[Item]", "dark")
    );
}

#[test]
fn the_program_alone() {
    // No pandoc needed: the program's own arguments and input checks.
    let out = Command::new(FILTER).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("pandoc-mmdr "));
    let out = Command::new(FILTER).arg("--help").output().unwrap();
    assert!(out.status.success() && text(&out.stdout).contains("--filter pandoc-mmdr"));
    let out = Command::new(FILTER).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let feed = |input: &str| {
        let mut child = Command::new(FILTER)
            .arg("html")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = feed("{not json");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("not pandoc's JSON"),
        "{}",
        text(&out.stderr)
    );
    let out = feed(
        r#"{"blocks":[{"t":"CodeBlock","c":[["",["mermaid"],[["theme","pink"]]],"flowchart LR\nA"]}]}"#,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("unknown theme `pink`"),
        "{}",
        text(&out.stderr)
    );
    // A document without mermaid blocks comes back as it was.
    let doc = r#"{"pandoc-api-version":[1,23,1],"meta":{"x":{"t":"MetaBool","c":false}},"blocks":[{"t":"Para","c":[{"t":"Str","c":"hi"}]}]}"#;
    let out = feed(doc);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), doc);
}
